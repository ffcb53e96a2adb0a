//! Saved progress: what goes into the reader's browser storage so they find their place on
//! a later visit, and reading it back without ever trusting it.
//!
//! Key `transition-quiz:v1:<quiz key>:<fingerprint>` (see [`crate::fingerprint`]; `v1` is
//! the version of the key's layout, [`KEY_FORMAT`]); value a small JSON object,
//! `{"v":2,"step":"q3","answers":{"stage":"manager"},"seed":3141592653,"day":20414}`: the
//! step (`intro`, `q<n>` from 0, or `result`), the answers by question and choice id, the
//! reader's seed for the order of shuffled choices ([`crate::shuffle`]), and the day it was
//! saved, in days since 1970, so old progress expires after [`MAX_AGE_DAYS`]. The value has
//! its own version, [`FORMAT`]. Version 1 values, saved before seeds existed, are still read:
//! that reader saw every question in the file's order, and goes on seeing it.

use std::fmt::Write;

use crate::NAMESPACE;
use crate::json::{self, Value};
use crate::quiz::Quiz;
use crate::session::{RestoreError, Session, Step};

/// The version of the saved value's format: 2 added the seed.
pub const FORMAT: u32 = 2;

/// The version of the storage key's layout (`transition-quiz:v1:...`). It stayed 1 when the
/// value gained its seed, so progress saved before is found, and read, under the same key.
pub const KEY_FORMAT: u32 = 1;

/// Saved progress older than this many days is discarded.
pub const MAX_AGE_DAYS: i64 = 90;

/// The storage key for a quiz: `transition-quiz:v1:<quiz key>:<fingerprint>`.
pub fn storage_key(quiz_key: &str, fingerprint: &str) -> String {
    format!("{NAMESPACE}:v{KEY_FORMAT}:{quiz_key}:{fingerprint}")
}

/// Whether a storage key belongs to `quiz_key` (any format version or fingerprint).
pub fn is_key_of(key: &str, quiz_key: &str) -> bool {
    crate::rules::is_progress_key_of(key, quiz_key)
}

/// Why saved progress was not used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProgressError {
    /// Not the saved format at all (not JSON, wrong shape, wrong types).
    Corrupt(String),
    /// From another format version.
    OldFormat,
    /// Older than [`MAX_AGE_DAYS`].
    Expired,
    /// Names a question or choice the quiz does not have.
    UnknownId(String),
    /// Consistent on its own but not with the quiz (a step past unanswered questions...).
    Inconsistent(RestoreError),
}

impl ProgressError {
    /// Why, for the site owner's console.
    pub fn describe(&self) -> String {
        match self {
            ProgressError::Corrupt(why) => format!("it is not readable ({why})"),
            ProgressError::OldFormat => "it is in an older format".into(),
            ProgressError::Expired => format!("it is more than {MAX_AGE_DAYS} days old"),
            ProgressError::UnknownId(id) => format!("it names \"{id}\", which this quiz does not have"),
            ProgressError::Inconsistent(error) => format!("it does not fit this quiz ({})", error.describe()),
        }
    }
}

/// The storage value for `session`, saved on day `today`.
pub fn encode_saved(quiz: &Quiz, session: &Session, today: i64) -> String {
    let step = match session.step {
        Step::Intro => "intro".to_string(),
        Step::Question(question_idx) => format!("q{question_idx}"),
        Step::Result => "result".to_string(),
    };
    // Ids are letters, digits, - and _ (the validator makes sure), so they need no escaping.
    let mut answers = String::new();
    for (question, answer) in quiz.questions.iter().zip(&session.answers) {
        let Some(choice_idx) = answer else { continue };
        if !answers.is_empty() {
            answers.push(',');
        }
        let _ = write!(answers, "\"{}\":\"{}\"", question.id, question.choices[*choice_idx].id);
    }
    let seed = session.seed.map(|seed| format!(",\"seed\":{seed}")).unwrap_or_default();
    format!("{{\"v\":{FORMAT},\"step\":\"{step}\",\"answers\":{{{answers}}}{seed},\"day\":{today}}}")
}

/// Reads a storage value back into a session for `quiz`, trusting nothing in it.
pub fn decode_saved(quiz: &Quiz, text: &str, today: i64) -> Result<Session, ProgressError> {
    let corrupt = |why: &str| ProgressError::Corrupt(why.to_string());
    let value = json::parse(text).map_err(|error| ProgressError::Corrupt(error.to_string()))?;
    let Value::Object(members) = value else { return Err(corrupt("not an object")) };
    let get = |key: &str| members.iter().find(|(name, _)| name == key).map(|(_, value)| value);
    let version = match get("v") {
        Some(Value::Number(version)) if *version == "1" => 1,
        Some(Value::Number(version)) if *version == FORMAT.to_string() => FORMAT,
        Some(Value::Number(_)) => return Err(ProgressError::OldFormat),
        _ => return Err(corrupt("no format version")),
    };
    // Version 1 had no seed: that reader saw the file's order, and keeps seeing it.
    let seed = match (version, get("seed")) {
        (1, _) | (_, None) => None,
        (_, Some(Value::Number(seed))) => Some(seed.parse::<u32>().map_err(|_| corrupt("the seed is not a seed"))?),
        (_, Some(_)) => return Err(corrupt("the seed is not a seed")),
    };
    let Some(Value::Number(day)) = get("day") else { return Err(corrupt("no day")) };
    let day: i64 = day.parse().map_err(|_| corrupt("the day is not a whole number"))?;
    if today - day > MAX_AGE_DAYS || day > today + 1 {
        return Err(ProgressError::Expired);
    }
    let step = match get("step") {
        Some(Value::String(step)) => parse_step(step).ok_or_else(|| corrupt("unknown step"))?,
        _ => return Err(corrupt("no step")),
    };
    let Some(Value::Object(saved_answers)) = get("answers") else { return Err(corrupt("no answers")) };
    let mut answers = vec![None; quiz.questions.len()];
    for (question_id, choice_id) in saved_answers {
        let Value::String(choice_id) = choice_id else { return Err(corrupt("an answer is not a choice id")) };
        let question_idx = quiz
            .questions
            .iter()
            .position(|question| &question.id == question_id)
            .ok_or_else(|| ProgressError::UnknownId(question_id.clone()))?;
        let choice_idx = quiz.questions[question_idx]
            .choices
            .iter()
            .position(|choice| &choice.id == choice_id)
            .ok_or_else(|| ProgressError::UnknownId(choice_id.clone()))?;
        answers[question_idx] = Some(choice_idx);
    }
    let session = Session::restore(quiz, step, answers).map_err(ProgressError::Inconsistent)?;
    Ok(Session { seed, ..session })
}

fn parse_step(step: &str) -> Option<Step> {
    match step {
        "intro" => Some(Step::Intro),
        "result" => Some(Step::Result),
        _ => {
            let digits = step.strip_prefix('q')?;
            let well_formed = !digits.is_empty() && digits.len() <= 3 && digits.bytes().all(|b| b.is_ascii_digit());
            well_formed.then(|| digits.parse().ok()).flatten().map(Step::Question)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fingerprint::fingerprint;
    use crate::test_quiz::tiny_quiz;

    const TODAY: i64 = 20_414;

    fn at(step: Step, answers: &[Option<usize>]) -> Session {
        Session { step, answers: answers.to_vec(), seed: None }
    }

    #[test]
    fn saved_progress_round_trips() {
        let quiz = tiny_quiz();
        for session in [
            at(Step::Intro, &[None, None, None]),
            at(Step::Question(1), &[Some(1), None, None]),
            at(Step::Intro, &[Some(1), Some(0), None]),
            at(Step::Result, &[Some(0), Some(1), Some(1)]),
        ] {
            let text = encode_saved(&quiz, &session, TODAY);
            assert_eq!(decode_saved(&quiz, &text, TODAY + 3), Ok(session.clone()), "{text}");
        }
        // Saved on the first question when it had a screen of its own: resumed on the first
        // screen, where that question now is.
        let old = encode_saved(&quiz, &at(Step::Question(0), &[Some(1), None, None]), TODAY);
        assert_eq!(decode_saved(&quiz, &old, TODAY), Ok(at(Step::Intro, &[Some(1), None, None])), "{old}");
        let seeded = Session { seed: Some(u32::MAX), ..at(Step::Question(1), &[Some(1), None, None]) };
        let text = encode_saved(&quiz, &seeded, TODAY);
        assert_eq!(text, r#"{"v":2,"step":"q1","answers":{"where":"top"},"seed":4294967295,"day":20414}"#);
        assert_eq!(decode_saved(&quiz, &text, TODAY), Ok(seeded));
    }

    #[test]
    fn progress_saved_before_seeds_resumes_in_the_order_that_reader_saw() {
        let quiz = tiny_quiz();
        // Version 1 values: no seed, so the file's order ([`crate::shuffle::order`] with `None`).
        let old = r#"{"v":1,"step":"q1","answers":{"where":"top"},"day":20414}"#;
        assert_eq!(decode_saved(&quiz, old, TODAY), Ok(at(Step::Question(1), &[Some(1), None, None])));
        // A seed in a version 1 value is not one this widget wrote: ignored.
        let odd = r#"{"v":1,"step":"q1","answers":{"where":"top"},"seed":5,"day":20414}"#;
        assert_eq!(decode_saved(&quiz, odd, TODAY).map(|session| session.seed), Ok(None));
        // Under the same key as before, so it is found.
        assert_eq!(storage_key("tiny", "0badf00d"), "transition-quiz:v1:tiny:0badf00d");
    }

    #[test]
    fn a_stage_aware_session_round_trips_and_hidden_answers_are_refused() {
        let quiz = crate::test_quiz::stages_quiz();
        let lead = Session { seed: Some(9), ..at(Step::Question(3), &[Some(1), Some(0), None, None, None]) };
        let text = encode_saved(&quiz, &lead, TODAY);
        assert_eq!(text, r#"{"v":2,"step":"q3","answers":{"where":"lead","all":"a"},"seed":9,"day":20414}"#);
        assert_eq!(decode_saved(&quiz, &text, TODAY), Ok(lead));
        let tampered = r#"{"v":2,"step":"q3","answers":{"where":"lead","all":"a","early":"b"},"seed":9,"day":20414}"#;
        assert_eq!(decode_saved(&quiz, tampered, TODAY), Err(ProgressError::Inconsistent(RestoreError::HiddenAnswer)));
        let hidden_step = r#"{"v":2,"step":"q2","answers":{"where":"lead","all":"a"},"seed":9,"day":20414}"#;
        assert_eq!(decode_saved(&quiz, hidden_step, TODAY), Err(ProgressError::Inconsistent(RestoreError::BadStep)));
    }

    /// Every way saved data can be broken, and how each is recognised.
    #[test]
    fn corrupt_old_tampered_and_stale_progress_is_discarded() {
        let quiz = tiny_quiz();
        let corrupt = |why: &str| Err(ProgressError::Corrupt(why.to_string()));
        let cases: Vec<(&str, Result<Session, ProgressError>)> = vec![
            ("", corrupt("line 1, column 1: the text ends where a value was expected")),
            (
                "not json",
                corrupt("line 1, column 1: expected a value (a string, number, object, list, true, false or null)"),
            ),
            (
                r#"{"v":1,"step":"q1","answers":{"where":"top"}"#,
                corrupt("line 1, column 45: the text ends inside an object: a closing } is missing"),
            ),
            ("[1,2]", corrupt("not an object")),
            (r#"{"step":"q1","answers":{},"day":20414}"#, corrupt("no format version")),
            (r#"{"v":0,"step":"q1","answers":{},"day":20414}"#, Err(ProgressError::OldFormat)),
            (r#"{"v":3,"step":"q1","answers":{},"day":20414}"#, Err(ProgressError::OldFormat)),
            (r#"{"v":2,"step":"q0","answers":{},"seed":-1,"day":20414}"#, corrupt("the seed is not a seed")),
            (r#"{"v":2,"step":"q0","answers":{},"seed":4294967296,"day":20414}"#, corrupt("the seed is not a seed")),
            (r#"{"v":2,"step":"q0","answers":{},"seed":"7","day":20414}"#, corrupt("the seed is not a seed")),
            (r#"{"v":"1","step":"q1","answers":{},"day":20414}"#, corrupt("no format version")),
            (r#"{"v":1,"step":"q1","answers":{}}"#, corrupt("no day")),
            (r#"{"v":1,"step":"q1","answers":{},"day":1.5}"#, corrupt("the day is not a whole number")),
            (r#"{"v":1,"step":"q0","answers":{},"day":20000}"#, Err(ProgressError::Expired)),
            (r#"{"v":1,"step":"q0","answers":{},"day":99999}"#, Err(ProgressError::Expired)),
            (r#"{"v":1,"step":7,"answers":{},"day":20414}"#, corrupt("no step")),
            (r#"{"v":1,"step":"q-1","answers":{},"day":20414}"#, corrupt("unknown step")),
            (r#"{"v":1,"step":"question","answers":{},"day":20414}"#, corrupt("unknown step")),
            (r#"{"v":1,"step":"q99999999999","answers":{},"day":20414}"#, corrupt("unknown step")),
            (r#"{"v":1,"step":"q0","answers":[],"day":20414}"#, corrupt("no answers")),
            (r#"{"v":1,"step":"q1","answers":{"where":1},"day":20414}"#, corrupt("an answer is not a choice id")),
            (
                r#"{"v":1,"step":"q1","answers":{"nowhere":"top"},"day":20414}"#,
                Err(ProgressError::UnknownId("nowhere".into())),
            ),
            (
                r#"{"v":1,"step":"q1","answers":{"where":"middle"},"day":20414}"#,
                Err(ProgressError::UnknownId("middle".into())),
            ),
            (
                r#"{"v":1,"step":"q3","answers":{"where":"top"},"day":20414}"#,
                Err(ProgressError::Inconsistent(RestoreError::BadStep)),
            ),
            (
                r#"{"v":1,"step":"q2","answers":{"where":"top"},"day":20414}"#,
                Err(ProgressError::Inconsistent(RestoreError::BadStep)),
            ),
            (
                r#"{"v":1,"step":"result","answers":{"where":"top","q1":"a"},"day":20414}"#,
                Err(ProgressError::Inconsistent(RestoreError::BadStep)),
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(decode_saved(&quiz, text, TODAY), expected, "{text}");
        }
    }

    #[test]
    fn keys_are_namespaced_by_quiz_key_fingerprint_and_format() {
        let quiz = tiny_quiz();
        let print = fingerprint(&quiz);
        assert_eq!(print.len(), 8);
        assert_eq!(storage_key("tiny", &print), format!("transition-quiz:v1:tiny:{print}"));
        assert!(is_key_of(&storage_key("tiny", "0badf00d"), "tiny"));
        assert!(is_key_of("transition-quiz:v0:tiny:12345678", "tiny"));
        assert!(!is_key_of(&storage_key("tiny-2", &print), "tiny"));
        assert!(!is_key_of("other:v1:tiny:12345678", "tiny"));
        assert!(!is_key_of("transition-quiz:tiny", "tiny"));
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn decoding_arbitrary_text_never_panics(text in ".{0,120}", day in any::<i64>()) {
                let quiz = tiny_quiz();
                let _ = decode_saved(&quiz, &text, day);
            }

            #[test]
            fn json_shaped_saved_data_never_panics(
                step in "(intro|result|q[0-9]{1,4}|[a-z]{0,3})",
                pairs in prop::collection::vec(("[a-z0-9]{0,6}", "[a-z0-9]{0,6}"), 0..5),
                day in -5i64..30_000,
            ) {
                let quiz = tiny_quiz();
                let answers: Vec<String> = pairs.iter().map(|(q, c)| format!("\"{q}\":\"{c}\"")).collect();
                let text = format!("{{\"v\":1,\"step\":\"{step}\",\"answers\":{{{}}},\"day\":{day}}}", answers.join(","));
                let _ = decode_saved(&quiz, &text, TODAY);
            }
        }
    }
}
