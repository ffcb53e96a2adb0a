//! The reader's session: a pure state machine (intro → questions → result) that the view
//! drives with [`Action`]s, and that saved progress restores.
//!
//! Invariants of a [`Session`] for its quiz: `answers` has one entry per question, each
//! naming an existing choice; a `Question` step is in range and every earlier question is
//! answered; the `Result` step has every question answered.

use crate::quiz::Quiz;

/// Where the reader is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Step {
    /// The intro, before the first question.
    #[default]
    Intro,
    /// The question at this index.
    Question(usize),
    /// The result.
    Result,
}

/// The reader's progress through one quiz.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Session {
    /// Where the reader is.
    pub step: Step,
    /// The chosen choice index per question, `None` where not answered yet.
    pub answers: Vec<Option<usize>>,
}

/// Something the reader did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Pressed Start on the intro.
    Start,
    /// Chose a choice of the question on screen. Moves on to the next question, except on
    /// the last one, where the reader then asks for the result.
    Choose {
        /// The question the choice belongs to (a stale click on another is ignored).
        question_idx: usize,
        /// The chosen choice.
        choice_idx: usize,
    },
    /// Went to the next question without changing an existing answer.
    Next,
    /// Went back one step.
    Back,
    /// Asked for the result once every question is answered.
    ShowResult,
    /// Started over: answers cleared, first question.
    Restart,
}

/// Why saved progress could not be restored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RestoreError {
    /// The number of answers differs from the number of questions.
    WrongLength,
    /// An answer names a choice the question does not have.
    UnknownChoice,
    /// The step is out of range, or skips unanswered questions.
    BadStep,
}

impl RestoreError {
    /// What is wrong, in words.
    pub fn describe(self) -> &'static str {
        match self {
            RestoreError::WrongLength => "the number of answers differs from the number of questions",
            RestoreError::UnknownChoice => "an answer names a choice that does not exist",
            RestoreError::BadStep => "the step is out of range or skips unanswered questions",
        }
    }
}

impl Session {
    /// A fresh session at the intro of `quiz`.
    pub fn new(quiz: &Quiz) -> Session {
        Session { step: Step::Intro, answers: vec![None; quiz.questions.len()] }
    }

    /// Rebuilds a session from saved data, checking every invariant against `quiz`.
    pub fn restore(quiz: &Quiz, step: Step, answers: Vec<Option<usize>>) -> Result<Session, RestoreError> {
        if answers.len() != quiz.questions.len() {
            return Err(RestoreError::WrongLength);
        }
        let choices_exist = answers
            .iter()
            .zip(&quiz.questions)
            .all(|(answer, question)| answer.is_none_or(|choice_idx| choice_idx < question.choices.len()));
        if !choices_exist {
            return Err(RestoreError::UnknownChoice);
        }
        let answered_before = |question_idx: usize| answers[..question_idx].iter().all(Option::is_some);
        let step_ok = match step {
            Step::Intro => true,
            Step::Question(question_idx) => question_idx < answers.len() && answered_before(question_idx),
            Step::Result => answered_before(answers.len()),
        };
        if !step_ok {
            return Err(RestoreError::BadStep);
        }
        Ok(Session { step, answers })
    }

    /// The session after `action`, or `None` when the action changes nothing or does not
    /// apply where the reader is (so nothing needs to re-render).
    pub fn apply(&self, quiz: &Quiz, action: Action) -> Option<Session> {
        let n_questions = quiz.questions.len();
        let last = n_questions.checked_sub(1)?;
        let mut next = self.clone();
        match (action, self.step) {
            (Action::Start, Step::Intro) => next.step = Step::Question(0),
            (Action::Choose { question_idx, choice_idx }, Step::Question(current)) => {
                if question_idx != current || choice_idx >= quiz.questions[current].choices.len() {
                    return None;
                }
                next.answers[current] = Some(choice_idx);
                if current < last {
                    next.step = Step::Question(current + 1);
                }
            }
            (Action::Next, Step::Question(current)) if current < last && self.answers[current].is_some() => {
                next.step = Step::Question(current + 1);
            }
            (Action::Back, Step::Question(0)) => next.step = Step::Intro,
            (Action::Back, Step::Question(current)) => next.step = Step::Question(current - 1),
            (Action::Back, Step::Result) => next.step = Step::Question(last),
            (Action::ShowResult, Step::Question(_)) if self.is_complete() => next.step = Step::Result,
            (Action::Restart, _) => {
                next.step = Step::Question(0);
                next.answers = vec![None; n_questions];
            }
            _ => return None,
        }
        (next != *self).then_some(next)
    }

    /// Whether every question has an answer.
    pub fn is_complete(&self) -> bool {
        self.answers.iter().all(Option::is_some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_quiz::tiny_quiz;

    fn at(step: Step, answers: &[Option<usize>]) -> Session {
        Session { step, answers: answers.to_vec() }
    }

    /// Applies `action` to `start` and compares with `expected` (`None`: nothing changes).
    fn check(start: Session, action: Action, expected: Option<Session>) {
        let quiz = tiny_quiz();
        assert_eq!(start.apply(&quiz, action), expected, "{start:?} + {action:?}");
    }

    fn choose(question_idx: usize, choice_idx: usize) -> Action {
        Action::Choose { question_idx, choice_idx }
    }

    use Step::{Intro, Question, Result};

    #[test]
    fn a_reader_goes_from_intro_through_the_questions_to_the_result() {
        let quiz = tiny_quiz();
        let mut session = Session::new(&quiz);
        assert_eq!(session, at(Intro, &[None, None, None]));
        for action in [Action::Start, choose(0, 1), choose(1, 0), choose(2, 1), Action::ShowResult] {
            session = session.apply(&quiz, action).unwrap_or_else(|| panic!("{action:?} changed nothing"));
        }
        assert_eq!(session, at(Result, &[Some(1), Some(0), Some(1)]));
    }

    #[test]
    fn choosing_records_the_answer_and_moves_on_except_on_the_last_question() {
        check(at(Question(0), &[None, None, None]), choose(0, 1), Some(at(Question(1), &[Some(1), None, None])));
        check(
            at(Question(2), &[Some(0), Some(0), None]),
            choose(2, 1),
            Some(at(Question(2), &[Some(0), Some(0), Some(1)])),
        );
        // Changing an earlier answer after going back.
        check(
            at(Question(0), &[Some(1), Some(0), None]),
            choose(0, 0),
            Some(at(Question(1), &[Some(0), Some(0), None])),
        );
        // The same answer again still moves on.
        check(
            at(Question(0), &[Some(1), Some(0), None]),
            choose(0, 1),
            Some(at(Question(1), &[Some(1), Some(0), None])),
        );
    }

    #[test]
    fn choices_that_do_not_apply_change_nothing() {
        check(at(Question(0), &[None, None, None]), choose(1, 0), None); // a stale click
        check(at(Question(0), &[None, None, None]), choose(0, 9), None); // no such choice
        check(at(Intro, &[None, None, None]), choose(0, 0), None);
        check(at(Question(2), &[Some(0), Some(0), Some(1)]), choose(2, 1), None); // already chosen, last
        check(at(Result, &[Some(0), Some(0), Some(1)]), choose(2, 0), None);
    }

    #[test]
    fn next_needs_an_answer_and_a_following_question() {
        check(at(Question(0), &[Some(1), None, None]), Action::Next, Some(at(Question(1), &[Some(1), None, None])));
        check(at(Question(1), &[Some(1), None, None]), Action::Next, None);
        check(at(Question(2), &[Some(1), Some(0), Some(0)]), Action::Next, None);
        check(at(Intro, &[None, None, None]), Action::Next, None);
    }

    #[test]
    fn back_steps_back_and_keeps_answers() {
        check(at(Question(1), &[Some(1), None, None]), Action::Back, Some(at(Question(0), &[Some(1), None, None])));
        check(at(Question(0), &[Some(1), None, None]), Action::Back, Some(at(Intro, &[Some(1), None, None])));
        check(
            at(Result, &[Some(0), Some(0), Some(1)]),
            Action::Back,
            Some(at(Question(2), &[Some(0), Some(0), Some(1)])),
        );
        check(at(Intro, &[None, None, None]), Action::Back, None);
    }

    #[test]
    fn the_result_needs_every_answer() {
        check(at(Question(2), &[Some(0), None, Some(1)]), Action::ShowResult, None);
        check(
            at(Question(2), &[Some(0), Some(1), Some(1)]),
            Action::ShowResult,
            Some(at(Result, &[Some(0), Some(1), Some(1)])),
        );
        check(at(Result, &[Some(0), Some(1), Some(1)]), Action::ShowResult, None);
    }

    #[test]
    fn start_and_restart() {
        check(at(Intro, &[None, None, None]), Action::Start, Some(at(Question(0), &[None, None, None])));
        check(at(Question(1), &[Some(0), None, None]), Action::Start, None);
        check(at(Result, &[Some(0), Some(1), Some(1)]), Action::Restart, Some(at(Question(0), &[None, None, None])));
        check(at(Question(0), &[None, None, None]), Action::Restart, None);
    }

    #[test]
    fn restore_accepts_consistent_progress_and_rejects_the_rest() {
        let quiz = tiny_quiz();
        let restore = |step, answers: &[Option<usize>]| Session::restore(&quiz, step, answers.to_vec());
        assert_eq!(restore(Question(1), &[Some(1), None, None]), Ok(at(Question(1), &[Some(1), None, None])));
        assert_eq!(restore(Result, &[Some(1), Some(0), Some(1)]), Ok(at(Result, &[Some(1), Some(0), Some(1)])));
        assert_eq!(restore(Intro, &[None, Some(0), None]), Ok(at(Intro, &[None, Some(0), None])));
        assert_eq!(restore(Question(0), &[None, None]), Err(RestoreError::WrongLength));
        assert_eq!(restore(Question(0), &[None, None, None, None]), Err(RestoreError::WrongLength));
        assert_eq!(restore(Question(0), &[Some(7), None, None]), Err(RestoreError::UnknownChoice));
        assert_eq!(restore(Question(3), &[Some(0), Some(0), Some(0)]), Err(RestoreError::BadStep));
        assert_eq!(restore(Question(2), &[Some(0), None, None]), Err(RestoreError::BadStep));
        assert_eq!(restore(Result, &[Some(0), Some(0), None]), Err(RestoreError::BadStep));
    }
}
