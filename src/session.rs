//! The reader's session: a pure state machine the view drives with actions.

/// One choice the reader can pick.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// Stable identifier, used as the list key.
    pub id: &'static str,
    /// The text the reader sees.
    pub text: &'static str,
}

/// The single question the foundation build asks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    /// The question's text.
    pub prompt: &'static str,
    /// The choices, in display order.
    pub choices: &'static [Choice],
    /// Where the result view sends the reader next.
    pub link_title: &'static str,
    /// The address of that link.
    pub link_url: &'static str,
}

/// The built-in question.
pub const QUESTION: Question = Question {
    prompt: "Which career transition do you find hardest?",
    choices: &[
        Choice {
            id: "t1",
            text: "From a sales job to a sales career",
        },
        Choice {
            id: "t2",
            text: "From selling to managing sellers",
        },
        Choice {
            id: "t3",
            text: "From managing sellers to developing managers",
        },
        Choice {
            id: "t4",
            text: "From leading leaders to leading all revenue",
        },
    ],
    link_title: "Becoming a CRO in four steps",
    link_url: "https://www.entheon.com/becoming-a-cro/",
};

/// Where the reader is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Session {
    /// The question is showing.
    #[default]
    Asking,
    /// The reader picked the choice at this index.
    Answered(usize),
}

/// Something the reader did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Picked the choice at this index.
    Choose(usize),
    /// Asked to start over.
    Restart,
}

impl Session {
    /// Returns the session after `action`, or `None` when the action changes nothing
    /// (so the view need not re-render).
    pub fn apply(self, question: &Question, action: Action) -> Option<Session> {
        let next = match action {
            Action::Choose(choice_idx) if choice_idx < question.choices.len() => {
                Session::Answered(choice_idx)
            }
            Action::Choose(_) => return None,
            Action::Restart => Session::Asking,
        };
        (next != self).then_some(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(start: Session, action: Action, expected: Option<Session>) {
        assert_eq!(
            start.apply(&QUESTION, action),
            expected,
            "{start:?} + {action:?}"
        );
    }

    #[test]
    fn choosing_answers_and_restart_returns_to_the_question() {
        check(
            Session::Asking,
            Action::Choose(2),
            Some(Session::Answered(2)),
        );
        check(
            Session::Answered(2),
            Action::Choose(0),
            Some(Session::Answered(0)),
        );
        check(Session::Answered(2), Action::Restart, Some(Session::Asking));
    }

    #[test]
    fn actions_that_change_nothing_return_none() {
        check(Session::Asking, Action::Choose(99), None);
        check(Session::Answered(1), Action::Choose(1), None);
        check(Session::Asking, Action::Restart, None);
    }
}
