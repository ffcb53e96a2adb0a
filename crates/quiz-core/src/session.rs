//! The reader's session: a pure state machine (intro → questions → result) that the view
//! drives with [`Action`]s, and that saved progress restores.
//!
//! A reader is shown only the questions meant for their stage answer ([`Quiz::is_shown`]):
//! Start, Next, a choice and Back move between those, and changing the stage answer clears
//! the answers of questions it no longer shows, so a completion never carries one.
//!
//! Invariants of a [`Session`] for its quiz: `answers` has one entry per question, each
//! naming an existing choice, and none for a question the reader is not shown; a `Question`
//! step is a question the reader is shown, and every shown question before it is answered;
//! the `Result` step has every shown question answered.

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
    /// A fresh session at the intro of `quiz`, without a seed (the edge adds one).
    pub fn new(quiz: &Quiz) -> Session {
        Session { step: Step::Intro, answers: vec![None; quiz.questions.len()], seed: None }
    }

    /// Rebuilds a session from saved data, checking every invariant against `quiz`. The
    /// seed is the caller's to set: it changes nothing that can be inconsistent.
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
        let hidden_answered = answers
            .iter()
            .enumerate()
            .any(|(question_idx, answer)| answer.is_some() && !quiz.is_shown(question_idx, &answers));
        if hidden_answered {
            return Err(RestoreError::HiddenAnswer);
        }
        let answered_before = |question_idx: usize| {
            quiz.shown_questions(&answers)
                .take_while(|&shown| shown < question_idx)
                .all(|shown| answers[shown].is_some())
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
        match (action, self.step) {
            (Action::Start, Step::Intro) => next.step = Step::Question(quiz.shown_questions(&self.answers).next()?),
            (Action::Choose { question_idx, choice_idx }, Step::Question(current)) => {
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
            (Action::Next, Step::Question(current)) if self.answers[current].is_some() => {
                next.step = Step::Question(quiz.next_shown(current, &self.answers)?);
            }
            (Action::Back, Step::Question(current)) => {
                next.step = quiz.previous_shown(current, &self.answers).map_or(Step::Intro, Step::Question);
            }
            (Action::Back, Step::Result) => {
                next.step = Step::Question(quiz.shown_questions(&self.answers).last()?);
            }
            (Action::ShowResult, Step::Question(_)) if self.is_complete(quiz) => next.step = Step::Result,
            (Action::Restart, _) => {
                // The seed stays: the reader sees the choices in the order they saw before.
                next.answers = vec![None; quiz.questions.len()];
                next.step = Step::Question(quiz.shown_questions(&next.answers).next()?);
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
        for action in [Action::Start, choose(0, 1), choose(1, 0), choose(2, 1), Action::ShowResult] {
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
        for action in [Action::Start, choose(0, 1), choose(1, 0), choose(2, 1), Action::ShowResult] {
            session = session.apply(&old, action).unwrap();
            if let Question(question_idx) = session.step {
                seen.push((old.question_number(question_idx, &session.answers), old.question_count(&session.answers)));
            }
        }
        // Every question, numbered 1, 2, 3 of 3, and the result.
        assert_eq!(seen, [(1, 3), (2, 3), (3, 3), (3, 3)]);
        assert_eq!(session, at(Result, &[Some(1), Some(0), Some(1)]));
        assert!(old.questions.iter().all(|question| !question.shuffle), "a version 1 quiz is never shuffled");
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
            session = session.apply(&quiz, Action::Start).unwrap();
            while let Step::Question(question_idx) = session.step {
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
        check_stages(top(Intro, &NONE), Action::Start, Some(top(Question(0), &NONE)));
    }

    #[test]
    fn a_new_stage_answer_clears_the_answers_it_no_longer_shows() {
        // A "top" reader who finished goes back to the stage question and says "new": the
        // answers to "later" and "scale" go, "all" stays, and "early" is next.
        let finished = [Some(2), Some(1), None, Some(0), Some(2)];
        check_stages(
            at(Question(0), &finished),
            choose(0, 0),
            Some(at(Question(1), &[Some(0), Some(1), None, None, None])),
        );
        // "lead" keeps "later" (shown to both) and loses "scale".
        check_stages(
            at(Question(0), &finished),
            choose(0, 1),
            Some(at(Question(1), &[Some(1), Some(1), None, Some(0), None])),
        );
        // The same answer again keeps everything.
        check_stages(at(Question(0), &finished), choose(0, 2), Some(at(Question(1), &finished)));
    }

    #[test]
    fn restart_keeps_the_readers_seed() {
        let quiz = stages_quiz();
        let finished = Session { seed: Some(42), ..at(Result, &[Some(0), Some(1), Some(1), None, None]) };
        let again = finished.apply(&quiz, Action::Restart).unwrap();
        assert_eq!(again, Session { seed: Some(42), ..at(Question(0), &NONE) });
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
        assert_eq!(restore(Question(0), &[None, None]), Err(RestoreError::WrongLength));
        assert_eq!(restore(Question(0), &[None, None, None, None]), Err(RestoreError::WrongLength));
        assert_eq!(restore(Question(0), &[Some(7), None, None]), Err(RestoreError::UnknownChoice));
        assert_eq!(restore(Question(3), &[Some(0), Some(0), Some(0)]), Err(RestoreError::BadStep));
        assert_eq!(restore(Question(2), &[Some(0), None, None]), Err(RestoreError::BadStep));
        assert_eq!(restore(Result, &[Some(0), Some(0), None]), Err(RestoreError::BadStep));
    }
}
