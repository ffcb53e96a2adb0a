//! What a site owner's analytics hear: the events a change of session means. Pure: the
//! view compares the session before and after each action and the browser edge
//! ([`crate::host`]) dispatches what this returns. No event carries personal data: only
//! ids, steps and scores.

use crate::quiz::Quiz;
use crate::scoring::diagnose;
use crate::session::{Session, Step};

/// One event, named `transition-quiz:<name>` on the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuizEvent {
    /// The widget has its quiz and is showing it.
    Ready,
    /// The reader started: their first answer on the first screen.
    Start,
    /// The reader chose an answer.
    Answer {
        /// The question's id.
        question_id: String,
        /// The chosen choice's id.
        choice_id: String,
        /// The question's number among those the reader is shown, from 1 (the N of
        /// "Question N of M", [`Quiz::question_number`]).
        step: usize,
    },
    /// The reader reached the result.
    Complete {
        /// The id of the gap the result names; `None` when the answers show no clear gap.
        outcome_id: Option<String>,
        /// Every outcome's id and gap score.
        scores: Vec<(String, u8)>,
        /// The outcome the reader said is hardest, if they named one.
        hardest: Option<String>,
        /// The outcome the reader's stage names (the transition they are making now), if given.
        stage: Option<String>,
        /// A clear lean more than one climb above the stage, shown apart from the headline.
        further_up: Option<String>,
    },
    /// The reader started over.
    Restart,
    /// The widget could not show its quiz.
    Error {
        /// `network` (could not fetch), `http` (the server said no), `invalid` (not a valid
        /// quiz) or `crash` (the widget failed).
        kind: &'static str,
        /// What went wrong, for the site owner.
        message: String,
    },
}

impl QuizEvent {
    /// The event's name without the `transition-quiz:` prefix.
    pub fn name(&self) -> &'static str {
        match self {
            QuizEvent::Ready => "ready",
            QuizEvent::Start => "start",
            QuizEvent::Answer { .. } => "answer",
            QuizEvent::Complete { .. } => "complete",
            QuizEvent::Restart => "restart",
            QuizEvent::Error { .. } => "error",
        }
    }
}

/// The events that moving from `before` to `after` means, in the order they happened.
pub fn between(quiz: &Quiz, before: &Session, after: &Session) -> Vec<QuizEvent> {
    let mut events = Vec::new();
    let cleared = after.answers.iter().all(Option::is_none);
    let had_progress = before.step == Step::Result || before.answers.iter().any(Option::is_some);
    if cleared && had_progress && after.step == Step::Intro {
        events.push(QuizEvent::Restart);
        return events;
    }
    if !before.started() && after.started() {
        events.push(QuizEvent::Start);
    }
    for (question_idx, (was, now)) in before.answers.iter().zip(&after.answers).enumerate() {
        let Some(choice_idx) = now else { continue };
        if was == now {
            continue;
        }
        let question = &quiz.questions[question_idx];
        events.push(QuizEvent::Answer {
            question_id: question.id.clone(),
            choice_id: question.choices[*choice_idx].id.clone(),
            step: quiz.question_number(question_idx, &after.answers),
        });
    }
    if after.step == Step::Result && before.step != Step::Result {
        let diagnosis = diagnose(quiz, &after.answers);
        let id_of = |outcome_idx: Option<usize>| outcome_idx.map(|idx| quiz.outcomes[idx].id.clone());
        events.push(QuizEvent::Complete {
            outcome_id: id_of(diagnosis.gap),
            scores: quiz.outcomes.iter().zip(&diagnosis.scores).map(|(o, &score)| (o.id.clone(), score)).collect(),
            hardest: id_of(diagnosis.hardest),
            stage: id_of(diagnosis.stage),
            further_up: id_of(diagnosis.further_up),
        });
    }
    events
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::Action;
    use crate::test_quiz::tiny_quiz;

    fn check(before: Session, action: Action, expected: &[QuizEvent]) {
        let quiz = tiny_quiz();
        let after = before.apply(&quiz, action).expect("the action changes the session");
        assert_eq!(between(&quiz, &before, &after), expected, "{before:?} + {action:?}");
    }

    fn at(step: Step, answers: &[Option<usize>]) -> Session {
        Session { step, answers: answers.to_vec(), seed: None }
    }

    fn answer(question_id: &str, choice_id: &str, step: usize) -> QuizEvent {
        QuizEvent::Answer { question_id: question_id.into(), choice_id: choice_id.into(), step }
    }

    #[test]
    fn each_action_means_its_events() {
        // The first answer, on the first screen, is the start.
        check(
            at(Step::Intro, &[None, None, None]),
            Action::Choose { question_idx: 0, choice_idx: 1 },
            &[QuizEvent::Start, answer("where", "top", 1)],
        );
        check(
            at(Step::Question(1), &[Some(1), None, None]),
            Action::Choose { question_idx: 1, choice_idx: 0 },
            &[answer("q1", "a", 2)],
        );
        check(
            at(Step::Question(2), &[Some(0), Some(0), Some(0)]),
            Action::ShowResult,
            &[QuizEvent::Complete {
                outcome_id: Some("low".into()),
                scores: vec![("low".into(), 100), ("high".into(), 20)],
                hardest: None,
                stage: Some("low".into()),
                further_up: None,
            }],
        );
        check(at(Step::Result, &[Some(0), Some(0), Some(0)]), Action::Restart, &[QuizEvent::Restart]);
        check(at(Step::Question(1), &[Some(0), None, None]), Action::Back, &[]);
        // Back on the first screen and on again: the reader had started already.
        check(at(Step::Intro, &[Some(0), None, None]), Action::Next, &[]);
        check(
            at(Step::Intro, &[Some(0), None, None]),
            Action::Choose { question_idx: 0, choice_idx: 1 },
            &[answer("where", "top", 1)],
        );
    }

    #[test]
    fn a_result_without_a_clear_gap_completes_with_no_outcome() {
        // The tiny quiz with a calm choice, which gives nothing, added to each scored question.
        let calm = r#", { "id": "calm", "text": "Calm" } ] }"#;
        let quiz = crate::validate::parse_quiz(
            &crate::test_quiz::TINY_QUIZ_JSON
                .replace(r#"{ "high": 2 } } ] }"#, &format!(r#"{{ "high": 2 }} }}{calm}"#))
                .replace(r#"{ "high": 3 } } ] }"#, &format!(r#"{{ "high": 3 }} }}{calm}"#)),
        )
        .expect("still a valid quiz");
        let before = at(Step::Question(2), &[Some(1), Some(2), Some(2)]);
        let after = before.apply(&quiz, Action::ShowResult).unwrap();
        assert_eq!(
            between(&quiz, &before, &after),
            [QuizEvent::Complete {
                outcome_id: None,
                scores: vec![("low".into(), 0), ("high".into(), 0)],
                hardest: None,
                stage: Some("high".into()),
                further_up: None,
            }]
        );
    }

    #[test]
    fn an_answers_step_is_its_number_among_the_questions_shown() {
        // A "lead" reader in the stages quiz answers "later", the file's 4th question, as
        // their 3rd ("early" is for new readers).
        let quiz = crate::test_quiz::stages_quiz();
        let before = at(Step::Question(3), &[Some(1), Some(0), None, None, None]);
        let after = before.apply(&quiz, Action::Choose { question_idx: 3, choice_idx: 1 }).unwrap();
        assert_eq!(between(&quiz, &before, &after), [answer("later", "b", 3)]);
        // A new stage answer is one answer: the answers it clears are not events.
        let before = at(Step::Intro, &[Some(1), Some(0), None, Some(1), None]);
        let after = before.apply(&quiz, Action::Choose { question_idx: 0, choice_idx: 0 }).unwrap();
        assert_eq!(between(&quiz, &before, &after), [answer("where", "new", 1)]);
    }

    #[test]
    fn choosing_the_same_answer_again_is_not_a_new_answer() {
        check(at(Step::Intro, &[Some(1), None, None]), Action::Choose { question_idx: 0, choice_idx: 1 }, &[]);
        check(
            at(Step::Intro, &[Some(1), None, None]),
            Action::Choose { question_idx: 0, choice_idx: 0 },
            &[answer("where", "bottom", 1)],
        );
    }
}
