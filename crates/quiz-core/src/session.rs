//! The reader's session: a pure state machine (the first screen → questions → result) that
//! the view drives with [`Action`]s, and that saved progress restores.
//!
//! The first screen is the quiz's intro with its first question on it, so a reader's first
//! click is an answer: [`Step::Intro`] is where that question is asked (the first question
//! is shown to every reader: a stage-aware question comes after the stage question). A
//! reader is shown only the questions meant for their stage answer ([`Quiz::is_shown`]): a
//! choice, Next and Back move between those, and changing the stage answer clears the
//! answers of questions it no longer shows, so a completion never carries one.
//!
//! Invariants of a [`Session`] for its quiz: `answers` has one entry per question, each
//! naming an existing choice, and none for a question the reader is not shown; a `Question`
//! step is a question the reader is shown other than the first, and every shown question
//! before it is answered; the `Result` step has every shown question answered.

use crate::quiz::Quiz;

/// Where the reader is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Step {
    /// The first screen: the intro, with the first question.
    #[default]
    Intro,
    /// The question at this index (never the first: that one is on the first screen).
    Question(usize),
    /// The result.
    Result,
}

impl Step {
    /// The step that shows question `question_idx`: the first screen for the first question.
    pub fn showing(question_idx: usize) -> Step {
        match question_idx {
            0 => Step::Intro,
            question_idx => Step::Question(question_idx),
        }
    }

    /// The question this step shows, if it shows one.
    pub fn question(self) -> Option<usize> {
        match self {
            Step::Intro => Some(0),
            Step::Question(question_idx) => Some(question_idx),
            Step::Result => None,
        }
    }
}

/// The reader's progress through one quiz.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Session {
    /// Where the reader is.
    pub step: Step,
    /// The chosen choice index per question (its position in the quiz file, whatever order
    /// the reader saw), `None` where not answered yet or not shown.
    pub answers: Vec<Option<usize>>,
    /// The reader's seed for the order of shuffled choices ([`crate::shuffle::order`]),
    /// made at the browser's edge; `None` shows every question in the file's order.
    pub seed: Option<u32>,
}

/// Something the reader did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
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
    /// Started over: answers cleared, the first screen.
    Restart,
}

/// Why saved progress could not be restored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RestoreError {
    /// The number of answers differs from the number of questions.
    WrongLength,
    /// An answer names a choice the question does not have.
    UnknownChoice,
    /// The step is out of range, not shown to this reader, or skips unanswered questions.
    BadStep,
    /// An answer to a question the reader's stage answer does not show them.
    HiddenAnswer,
}

impl RestoreError {
    /// What is wrong, in words.
    pub fn describe(self) -> &'static str {
        match self {
            RestoreError::WrongLength => "the number of answers differs from the number of questions",
            RestoreError::UnknownChoice => "an answer names a choice that does not exist",
            RestoreError::BadStep => "the step is out of range, not shown, or skips unanswered questions",
            RestoreError::HiddenAnswer => "it answers a question the stage answer does not show",
        }
    }
}

impl Session {
    /// A fresh session on the first screen of `quiz`, without a seed (the edge adds one).
    pub fn new(quiz: &Quiz) -> Session {
        Session { step: Step::Intro, answers: vec![None; quiz.questions.len()], seed: None }
    }

    /// Whether the reader has started: answered something, or gone past the first screen.
    pub fn started(&self) -> bool {
        self.step != Step::Intro || self.answers.iter().any(Option::is_some)
    }

    /// Rebuilds a session from saved data, checking every invariant against `quiz`. The
    /// seed is the caller's to set: it changes nothing that can be inconsistent. Progress
    /// saved on the first question by a version whose first screen was the intro alone is
    /// restored to the first screen, where that question now is.
    pub fn restore(quiz: &Quiz, step: Step, answers: Vec<Option<usize>>) -> Result<Session, RestoreError> {
        if answers.len() != quiz.questions.len() {
            return Err(RestoreError::WrongLength);
        }
        let mut choices_exist = true;
        let mut hidden_answered = false;
        for (question_idx, (answer, question)) in answers.iter().zip(&quiz.questions).enumerate() {
            if let Some(choice_idx) = answer {
                choices_exist &= *choice_idx < question.choices.len();
                hidden_answered |= !quiz.is_shown(question_idx, &answers);
            }
        }
        if !choices_exist {
            return Err(RestoreError::UnknownChoice);
        }
        if hidden_answered {
            return Err(RestoreError::HiddenAnswer);
        }
        let answered_before = |question_idx: usize| {
            quiz.shown_questions(&answers)
                .take_while(|&shown| shown < question_idx)
                .all(|shown| answers[shown].is_some())
        };
        let step = match step {
            Step::Question(question_idx) => Step::showing(question_idx),
            step => step,
        };
        let step_ok = match step {
            Step::Intro => true,
            Step::Question(question_idx) => {
                question_idx < answers.len() && quiz.is_shown(question_idx, &answers) && answered_before(question_idx)
            }
            Step::Result => answered_before(answers.len()),
        };
        if !step_ok {
            return Err(RestoreError::BadStep);
        }
        Ok(Session { step, answers, seed: None })
    }

    /// The session after `action`, or `None` when the action changes nothing or does not
    /// apply where the reader is (so nothing needs to re-render).
    pub fn apply(&self, quiz: &Quiz, action: Action) -> Option<Session> {
        let mut next = self.clone();
        match (action, self.step.question()) {
            (Action::Choose { question_idx, choice_idx }, Some(current)) => {
                if question_idx != current || choice_idx >= quiz.questions[current].choices.len() {
                    return None;
                }
                next.answers[current] = Some(choice_idx);
                // A new stage answer shows other questions: the answers to those it no longer
                // shows go, so the result and a completion never count them.
                for question_idx in 0..next.answers.len() {
                    if !quiz.is_shown(question_idx, &next.answers) {
                        next.answers[question_idx] = None;
                    }
                }
                if let Some(following) = quiz.next_shown(current, &next.answers) {
                    next.step = Step::Question(following);
                }
            }
            (Action::Next, Some(current)) if self.answers[current].is_some() => {
                next.step = Step::Question(quiz.next_shown(current, &self.answers)?);
            }
            (Action::Back, Some(current)) => {
                next.step = Step::showing(quiz.previous_shown(current, &self.answers)?);
            }
            (Action::Back, None) => {
                next.step = Step::showing(quiz.shown_questions(&self.answers).last()?);
            }
            (Action::ShowResult, Some(_)) if self.is_complete(quiz) => next.step = Step::Result,
            (Action::Restart, _) => {
                // The seed stays: the reader sees the choices in the order they saw before.
                next.answers = vec![None; quiz.questions.len()];
                next.step = Step::Intro;
            }
            _ => return None,
        }
        (next != *self).then_some(next)
    }

    /// Whether every question shown to the reader has an answer.
    pub fn is_complete(&self, quiz: &Quiz) -> bool {
        quiz.shown_questions(&self.answers).all(|question_idx| self.answers[question_idx].is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_quiz::{stages_quiz, tiny_quiz};

    fn at(step: Step, answers: &[Option<usize>]) -> Session {
        Session { step, answers: answers.to_vec(), seed: None }
    }

    /// Applies `action` to `start` and compares with `expected` (`None`: nothing changes).
    fn check(start: Session, action: Action, expected: Option<Session>) {
        check_on(&tiny_quiz(), start, action, expected);
    }

    fn check_on(quiz: &Quiz, start: Session, action: Action, expected: Option<Session>) {
        assert_eq!(start.apply(quiz, action), expected, "{start:?} + {action:?}");
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
        for action in [choose(0, 1), choose(1, 0), choose(2, 1), Action::ShowResult] {
            session = session.apply(&quiz, action).unwrap_or_else(|| panic!("{action:?} changed nothing"));
        }
        assert_eq!(session, at(Result, &[Some(1), Some(0), Some(1)]));
    }

    #[test]
    fn a_version_1_quiz_written_before_ordered_existed_runs_as_it_did() {
        // The tiny quiz without "ordered": a stage question made a quiz ordered then, and does.
        let old = crate::validate::parse_quiz(&crate::test_quiz::TINY_QUIZ_JSON.replace(r#""ordered": true, "#, ""))
            .expect("a version 1 quiz with a stage question and no \"ordered\" loads");
        assert_eq!(old, tiny_quiz(), "read exactly as the same quiz with \"ordered\": true");
        let mut session = Session::new(&old);
        let mut seen = Vec::new();
        for action in [choose(0, 1), choose(1, 0), choose(2, 1), Action::ShowResult] {
            session = session.apply(&old, action).unwrap();
            if let Question(question_idx) = session.step {
                seen.push((old.question_number(question_idx, &session.answers), old.question_count(&session.answers)));
            }
        }
        // The questions after the first screen, numbered 2 and 3 of 3, and the result.
        assert_eq!(seen, [(2, 3), (3, 3), (3, 3)]);
        assert_eq!(session, at(Result, &[Some(1), Some(0), Some(1)]));
        assert!(old.questions.iter().all(|question| !question.shuffle), "a version 1 quiz is never shuffled");
    }

    #[test]
    fn choosing_records_the_answer_and_moves_on_except_on_the_last_question() {
        // The first screen's question: the reader's first click is an answer.
        check(at(Intro, &[None, None, None]), choose(0, 1), Some(at(Question(1), &[Some(1), None, None])));
        check(
            at(Question(2), &[Some(0), Some(0), None]),
            choose(2, 1),
            Some(at(Question(2), &[Some(0), Some(0), Some(1)])),
        );
        // Changing an earlier answer after going back.
        check(at(Intro, &[Some(1), Some(0), None]), choose(0, 0), Some(at(Question(1), &[Some(0), Some(0), None])));
        // The same answer again still moves on.
        check(at(Intro, &[Some(1), Some(0), None]), choose(0, 1), Some(at(Question(1), &[Some(1), Some(0), None])));
    }

    #[test]
    fn choices_that_do_not_apply_change_nothing() {
        check(at(Intro, &[None, None, None]), choose(1, 0), None); // a stale click
        check(at(Intro, &[None, None, None]), choose(0, 9), None); // no such choice
        check(at(Question(1), &[Some(0), None, None]), choose(0, 0), None);
        check(at(Question(2), &[Some(0), Some(0), Some(1)]), choose(2, 1), None); // already chosen, last
        check(at(Result, &[Some(0), Some(0), Some(1)]), choose(2, 0), None);
    }

    #[test]
    fn next_needs_an_answer_and_a_following_question() {
        check(at(Intro, &[Some(1), None, None]), Action::Next, Some(at(Question(1), &[Some(1), None, None])));
        check(at(Question(1), &[Some(1), None, None]), Action::Next, None);
        check(at(Question(2), &[Some(1), Some(0), Some(0)]), Action::Next, None);
        check(at(Intro, &[None, None, None]), Action::Next, None);
    }

    #[test]
    fn back_steps_back_and_keeps_answers() {
        // Back from the second question is the first screen, with its answer kept.
        check(at(Question(1), &[Some(1), None, None]), Action::Back, Some(at(Intro, &[Some(1), None, None])));
        check(
            at(Question(2), &[Some(1), Some(0), None]),
            Action::Back,
            Some(at(Question(1), &[Some(1), Some(0), None])),
        );
        check(at(Intro, &[Some(1), None, None]), Action::Back, None);
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
    fn restart_goes_back_to_the_first_screen() {
        check(at(Result, &[Some(0), Some(1), Some(1)]), Action::Restart, Some(at(Intro, &[None, None, None])));
        check(at(Question(1), &[Some(0), None, None]), Action::Restart, Some(at(Intro, &[None, None, None])));
        check(at(Intro, &[None, None, None]), Action::Restart, None);
    }

    /// The stages quiz: 0 where (new, lead, top), 1 all, 2 early (new), 3 later (lead,
    /// top), 4 scale (top).
    fn check_stages(start: Session, action: Action, expected: Option<Session>) {
        check_on(&stages_quiz(), start, action, expected);
    }

    const NONE: [Option<usize>; 5] = [None; 5];

    #[test]
    fn each_reader_goes_through_the_questions_for_their_stage() {
        let quiz = stages_quiz();
        for (stage, path, last_step) in [(0, &[0, 1, 2][..], 2), (1, &[0, 1, 3][..], 3), (2, &[0, 1, 3, 4][..], 4)] {
            let mut session = Session::new(&quiz);
            let mut visited = Vec::new();
            while let Some(question_idx) = session.step.question() {
                visited.push(question_idx);
                let choice_idx = if question_idx == 0 { stage } else { 1 };
                match session.apply(&quiz, choose(question_idx, choice_idx)) {
                    Some(next) if next.step != session.step => session = next,
                    Some(next) => {
                        // The last question for this stage: chosen, it waits for See my result.
                        assert!(next.is_complete(&quiz), "{next:?}");
                        session = next.apply(&quiz, Action::ShowResult).unwrap();
                    }
                    None => panic!("{question_idx} did not take a choice"),
                }
            }
            assert_eq!(visited, path, "stage {stage}");
            assert_eq!(session.step, Result);
            let answered: Vec<usize> = (0..5).filter(|&idx| session.answers[idx].is_some()).collect();
            assert_eq!(answered, path, "only the questions shown are answered");
            assert_eq!(session.apply(&quiz, Action::Back).map(|back| back.step), Some(Question(last_step)));
        }
    }

    #[test]
    fn next_and_back_skip_the_questions_a_stage_does_not_show() {
        let top = |step, answers: &[Option<usize>]| at(step, answers);
        // A "top" reader goes from the question for everyone to the one for leaders, and back.
        check_stages(
            top(Question(1), &[Some(2), Some(0), None, None, None]),
            Action::Next,
            Some(top(Question(3), &[Some(2), Some(0), None, None, None])),
        );
        check_stages(
            top(Question(3), &[Some(2), Some(0), None, None, None]),
            Action::Back,
            Some(top(Question(1), &[Some(2), Some(0), None, None, None])),
        );
        // A "new" reader's last question is "early": no Next, and See my result is there.
        check_stages(top(Question(2), &[Some(0), Some(0), Some(1), None, None]), Action::Next, None);
        check_stages(
            top(Question(2), &[Some(0), Some(0), Some(1), None, None]),
            Action::ShowResult,
            Some(top(Result, &[Some(0), Some(0), Some(1), None, None])),
        );
        check_stages(
            top(Result, &[Some(0), Some(0), Some(1), None, None]),
            Action::Back,
            Some(top(Question(2), &[Some(0), Some(0), Some(1), None, None])),
        );
        // A "lead" reader has not answered "later" yet: no result.
        check_stages(top(Question(1), &[Some(1), Some(0), None, None, None]), Action::ShowResult, None);
    }

    #[test]
    fn a_new_stage_answer_clears_the_answers_it_no_longer_shows() {
        // A "top" reader who finished goes back to the stage question and says "new": the
        // answers to "later" and "scale" go, "all" stays, and "early" is next.
        let finished = [Some(2), Some(1), None, Some(0), Some(2)];
        check_stages(at(Intro, &finished), choose(0, 0), Some(at(Question(1), &[Some(0), Some(1), None, None, None])));
        // "lead" keeps "later" (shown to both) and loses "scale".
        check_stages(
            at(Intro, &finished),
            choose(0, 1),
            Some(at(Question(1), &[Some(1), Some(1), None, Some(0), None])),
        );
        // The same answer again keeps everything.
        check_stages(at(Intro, &finished), choose(0, 2), Some(at(Question(1), &finished)));
    }

    #[test]
    fn restart_keeps_the_readers_seed() {
        let quiz = stages_quiz();
        let finished = Session { seed: Some(42), ..at(Result, &[Some(0), Some(1), Some(1), None, None]) };
        let again = finished.apply(&quiz, Action::Restart).unwrap();
        assert_eq!(again, Session { seed: Some(42), ..at(Intro, &NONE) });
    }

    #[test]
    fn restore_checks_what_each_stage_shows() {
        let quiz = stages_quiz();
        let restore = |step, answers: &[Option<usize>]| Session::restore(&quiz, step, answers.to_vec());
        // A "lead" reader on "later": "early" was never theirs to answer.
        let lead = [Some(1), Some(0), None, None, None];
        assert_eq!(restore(Question(3), &lead), Ok(at(Question(3), &lead)));
        assert_eq!(restore(Question(2), &lead), Err(RestoreError::BadStep), "a question not shown to them");
        assert_eq!(restore(Result, &lead), Err(RestoreError::BadStep), "\"later\" is not answered");
        let new = [Some(0), Some(0), Some(2), None, None];
        assert_eq!(restore(Result, &new), Ok(at(Result, &new)));
        assert_eq!(
            restore(Result, &[Some(0), Some(0), Some(2), Some(1), None]),
            Err(RestoreError::HiddenAnswer),
            "an answer to a question for leaders"
        );
        assert_eq!(
            restore(Question(1), &[None, None, None, Some(0), None]),
            Err(RestoreError::HiddenAnswer),
            "no stage answer shows no stage-aware question"
        );
        assert_eq!(restore(Question(1), &[None, None, None, None, None]), Err(RestoreError::BadStep));
    }

    #[test]
    fn restore_accepts_consistent_progress_and_rejects_the_rest() {
        let quiz = tiny_quiz();
        let restore = |step, answers: &[Option<usize>]| Session::restore(&quiz, step, answers.to_vec());
        assert_eq!(restore(Question(1), &[Some(1), None, None]), Ok(at(Question(1), &[Some(1), None, None])));
        assert_eq!(restore(Result, &[Some(1), Some(0), Some(1)]), Ok(at(Result, &[Some(1), Some(0), Some(1)])));
        assert_eq!(restore(Intro, &[None, Some(0), None]), Ok(at(Intro, &[None, Some(0), None])));
        // Saved on the first question when it had a screen of its own: now the first screen.
        assert_eq!(restore(Question(0), &[Some(1), None, None]), Ok(at(Intro, &[Some(1), None, None])));
        assert_eq!(restore(Question(0), &[None, None]), Err(RestoreError::WrongLength));
        assert_eq!(restore(Question(0), &[None, None, None, None]), Err(RestoreError::WrongLength));
        assert_eq!(restore(Question(0), &[Some(7), None, None]), Err(RestoreError::UnknownChoice));
        assert_eq!(restore(Question(3), &[Some(0), Some(0), Some(0)]), Err(RestoreError::BadStep));
        assert_eq!(restore(Question(2), &[Some(0), None, None]), Err(RestoreError::BadStep));
        assert_eq!(restore(Result, &[Some(0), Some(0), None]), Err(RestoreError::BadStep));
    }
}
