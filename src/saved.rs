//! Saved progress and shared results, as text: what goes into the reader's browser storage
//! and into a shared link, and reading it back without ever trusting it. Pure.
//!
//! Both are tied to a *fingerprint* of the quiz's structure (its outcome, question and choice
//! ids, in order), so an edited quiz never resumes or shows a result with the wrong
//! questions; fixing a typo in a text keeps progress.
//!
//! - Storage: key `transition-quiz:v1:<quiz key>:<fingerprint>`, value a small JSON object:
//!   `{"v":1,"step":"q3","answers":{"stage":"manager","hardest":"officer"},"day":20414}`
//!   (step `intro`, `q<n>` from 0, or `result`; answers by question and choice id; the day it
//!   was saved, in days since 1970, so old progress expires after [`MAX_AGE_DAYS`]).
//! - Shared links: the URL fragment `#transition-quiz:<quiz key>=<fingerprint>.<answers>`,
//!   one character per question: the chosen choice's position in base 36, or `-`.

use std::fmt::Write;

use crate::json::{self, Value};
use crate::quiz::Quiz;
use crate::session::{RestoreError, Session, Step};

/// The version of the saved format.
pub const FORMAT: u32 = 1;

/// Saved progress older than this many days is discarded.
pub const MAX_AGE_DAYS: i64 = 90;

/// The prefix of every storage key and shared-link key.
pub const PREFIX: &str = "transition-quiz";

/// A short hash of the quiz's structure: its outcome ids, and each question's id and choice ids.
pub fn fingerprint(quiz: &Quiz) -> String {
    // FNV-1a, 32 bits: enough to tell versions of one quiz apart, and short in a link.
    let mut hash: u32 = 0x811c_9dc5;
    let mut feed = |text: &str| {
        for byte in text.bytes().chain(std::iter::once(0)) {
            hash ^= u32::from(byte);
            hash = hash.wrapping_mul(0x0100_0193);
        }
    };
    feed(&FORMAT.to_string());
    for outcome in &quiz.outcomes {
        feed(&outcome.id);
    }
    for question in &quiz.questions {
        feed(&question.id);
        for choice in &question.choices {
            feed(&choice.id);
        }
    }
    format!("{hash:08x}")
}

/// The storage key for a quiz: `transition-quiz:v1:<quiz key>:<fingerprint>`.
pub fn storage_key(quiz_key: &str, fingerprint: &str) -> String {
    format!("{PREFIX}:v{FORMAT}:{quiz_key}:{fingerprint}")
}

/// Whether a storage key belongs to `quiz_key` (any format version or fingerprint).
pub fn is_key_of(key: &str, quiz_key: &str) -> bool {
    let Some(rest) = key.strip_prefix(PREFIX).and_then(|rest| rest.strip_prefix(":v")) else {
        return false;
    };
    let Some((_, rest)) = rest.split_once(':') else { return false };
    rest.rsplit_once(':').is_some_and(|(key_part, _)| key_part == quiz_key)
}

/// Why saved or shared data was not used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Discarded {
    /// Not the saved format at all (not JSON, wrong shape, wrong types).
    Corrupt(String),
    /// From another format version.
    OldFormat,
    /// Older than [`MAX_AGE_DAYS`].
    Expired,
    /// Names a question or choice the quiz does not have.
    UnknownId(String),
    /// Made for another version of the quiz.
    OtherQuiz,
    /// Consistent on its own but not with the quiz (a step past unanswered questions...).
    Inconsistent(RestoreError),
}

impl Discarded {
    /// Why, for the site owner's console.
    pub fn describe(&self) -> String {
        match self {
            Discarded::Corrupt(why) => format!("it is not readable ({why})"),
            Discarded::OldFormat => "it is in an older format".into(),
            Discarded::Expired => format!("it is more than {MAX_AGE_DAYS} days old"),
            Discarded::UnknownId(id) => format!("it names \"{id}\", which this quiz does not have"),
            Discarded::OtherQuiz => "it belongs to another version of this quiz".into(),
            Discarded::Inconsistent(error) => format!("it does not fit this quiz ({})", error.describe()),
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
    format!("{{\"v\":{FORMAT},\"step\":\"{step}\",\"answers\":{{{answers}}},\"day\":{today}}}")
}

/// Reads a storage value back into a session for `quiz`, trusting nothing in it.
pub fn decode_saved(quiz: &Quiz, text: &str, today: i64) -> Result<Session, Discarded> {
    let corrupt = |why: &str| Discarded::Corrupt(why.to_string());
    let value = json::parse(text).map_err(|error| Discarded::Corrupt(error.to_string()))?;
    let Value::Object(members) = value else { return Err(corrupt("not an object")) };
    let get = |key: &str| members.iter().find(|(name, _)| name == key).map(|(_, value)| value);
    match get("v") {
        Some(Value::Number(version)) if *version == FORMAT.to_string() => {}
        Some(Value::Number(_)) => return Err(Discarded::OldFormat),
        _ => return Err(corrupt("no format version")),
    }
    let Some(Value::Number(day)) = get("day") else { return Err(corrupt("no day")) };
    let day: i64 = day.parse().map_err(|_| corrupt("the day is not a whole number"))?;
    if today - day > MAX_AGE_DAYS || day > today + 1 {
        return Err(Discarded::Expired);
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
            .ok_or_else(|| Discarded::UnknownId(question_id.clone()))?;
        let choice_idx = quiz.questions[question_idx]
            .choices
            .iter()
            .position(|choice| &choice.id == choice_id)
            .ok_or_else(|| Discarded::UnknownId(choice_id.clone()))?;
        answers[question_idx] = Some(choice_idx);
    }
    Session::restore(quiz, step, answers).map_err(Discarded::Inconsistent)
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

/// The URL-fragment key of a shared result: `transition-quiz:<quiz key>`.
pub fn share_key(quiz_key: &str) -> String {
    format!("{PREFIX}:{quiz_key}")
}

/// The shared-link token for complete answers: `<fingerprint>.<one character per question>`.
pub fn encode_shared(quiz: &Quiz, answers: &[Option<usize>]) -> String {
    let mut token = fingerprint(quiz);
    token.push('.');
    token.extend(answers.iter().map(|answer| match answer {
        Some(choice_idx) => char::from_digit(*choice_idx as u32, 36).unwrap_or('-'),
        None => '-',
    }));
    token
}

/// Reads a shared-link token back into a result session for `quiz`.
pub fn decode_shared(quiz: &Quiz, token: &str) -> Result<Session, Discarded> {
    let (print, answers) = token.split_once('.').ok_or_else(|| Discarded::Corrupt("no separator".into()))?;
    if print != fingerprint(quiz) {
        return Err(Discarded::OtherQuiz);
    }
    let answers: Vec<Option<usize>> = answers
        .chars()
        .map(|c| match c {
            '-' => Ok(None),
            c => c
                .to_digit(36)
                .map(|digit| Some(digit as usize))
                .ok_or_else(|| Discarded::Corrupt(format!("unexpected character '{c}'"))),
        })
        .collect::<Result<_, _>>()?;
    Session::restore(quiz, Step::Result, answers).map_err(Discarded::Inconsistent)
}

/// Finds this quiz's shared token in a URL fragment (with or without its `#`), which may
/// hold other `&`-separated parts of the page's own.
pub fn find_shared<'a>(fragment: &'a str, quiz_key: &str) -> Option<&'a str> {
    let wanted = share_key(quiz_key);
    fragment
        .trim_start_matches('#')
        .split('&')
        .find_map(|part| part.split_once('=').filter(|(key, _)| *key == wanted).map(|(_, token)| token))
}

/// The quiz keys of every shared result in a URL fragment, in order.
pub fn shared_keys(fragment: &str) -> Vec<&str> {
    let prefix = format!("{PREFIX}:");
    fragment
        .trim_start_matches('#')
        .split('&')
        .filter_map(|part| part.split_once('=')?.0.strip_prefix(prefix.as_str()))
        .collect()
}

/// The fragment for a shared link: this quiz's part replaced or added, the page's own kept.
pub fn shared_fragment(current: &str, quiz_key: &str, token: &str) -> String {
    let wanted = share_key(quiz_key);
    let mut parts: Vec<String> = current
        .trim_start_matches('#')
        .split('&')
        .filter(|part| !part.is_empty() && part.split_once('=').is_none_or(|(key, _)| key != wanted))
        .map(str::to_string)
        .collect();
    parts.push(format!("{wanted}={token}"));
    format!("#{}", parts.join("&"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_quiz::tiny_quiz;

    const TODAY: i64 = 20_414;

    fn at(step: Step, answers: &[Option<usize>]) -> Session {
        Session { step, answers: answers.to_vec() }
    }

    #[test]
    fn saved_progress_round_trips() {
        let quiz = tiny_quiz();
        for session in [
            at(Step::Intro, &[None, None, None]),
            at(Step::Question(1), &[Some(1), None, None]),
            at(Step::Question(0), &[Some(1), Some(0), None]),
            at(Step::Result, &[Some(0), Some(1), Some(1)]),
        ] {
            let text = encode_saved(&quiz, &session, TODAY);
            assert_eq!(decode_saved(&quiz, &text, TODAY + 3), Ok(session.clone()), "{text}");
        }
        assert_eq!(
            encode_saved(&quiz, &at(Step::Question(1), &[Some(1), None, None]), TODAY),
            r#"{"v":1,"step":"q1","answers":{"where":"top"},"day":20414}"#
        );
    }

    /// Every way saved data can be broken, and how each is recognised.
    #[test]
    fn corrupt_old_tampered_and_stale_progress_is_discarded() {
        let quiz = tiny_quiz();
        let corrupt = |why: &str| Err(Discarded::Corrupt(why.to_string()));
        let cases: Vec<(&str, Result<Session, Discarded>)> = vec![
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
            (r#"{"v":0,"step":"q1","answers":{},"day":20414}"#, Err(Discarded::OldFormat)),
            (r#"{"v":"1","step":"q1","answers":{},"day":20414}"#, corrupt("no format version")),
            (r#"{"v":1,"step":"q1","answers":{}}"#, corrupt("no day")),
            (r#"{"v":1,"step":"q1","answers":{},"day":1.5}"#, corrupt("the day is not a whole number")),
            (r#"{"v":1,"step":"q0","answers":{},"day":20000}"#, Err(Discarded::Expired)),
            (r#"{"v":1,"step":"q0","answers":{},"day":99999}"#, Err(Discarded::Expired)),
            (r#"{"v":1,"step":7,"answers":{},"day":20414}"#, corrupt("no step")),
            (r#"{"v":1,"step":"q-1","answers":{},"day":20414}"#, corrupt("unknown step")),
            (r#"{"v":1,"step":"question","answers":{},"day":20414}"#, corrupt("unknown step")),
            (r#"{"v":1,"step":"q99999999999","answers":{},"day":20414}"#, corrupt("unknown step")),
            (r#"{"v":1,"step":"q0","answers":[],"day":20414}"#, corrupt("no answers")),
            (r#"{"v":1,"step":"q1","answers":{"where":1},"day":20414}"#, corrupt("an answer is not a choice id")),
            (
                r#"{"v":1,"step":"q1","answers":{"nowhere":"top"},"day":20414}"#,
                Err(Discarded::UnknownId("nowhere".into())),
            ),
            (
                r#"{"v":1,"step":"q1","answers":{"where":"middle"},"day":20414}"#,
                Err(Discarded::UnknownId("middle".into())),
            ),
            (
                r#"{"v":1,"step":"q3","answers":{"where":"top"},"day":20414}"#,
                Err(Discarded::Inconsistent(RestoreError::BadStep)),
            ),
            (
                r#"{"v":1,"step":"q2","answers":{"where":"top"},"day":20414}"#,
                Err(Discarded::Inconsistent(RestoreError::BadStep)),
            ),
            (
                r#"{"v":1,"step":"result","answers":{"where":"top","q1":"a"},"day":20414}"#,
                Err(Discarded::Inconsistent(RestoreError::BadStep)),
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

    #[test]
    fn the_fingerprint_changes_with_structure_but_not_with_wording() {
        let quiz = tiny_quiz();
        let mut reworded = quiz.clone();
        reworded.questions[1].prompt = "Reworded?".into();
        reworded.outcomes[0].summary = "Better words.".into();
        assert_eq!(fingerprint(&reworded), fingerprint(&quiz));
        let mut new_choice = quiz.clone();
        new_choice.questions[1].choices[1].id = "c".into();
        assert_ne!(fingerprint(&new_choice), fingerprint(&quiz));
        let mut reordered = quiz.clone();
        reordered.questions.swap(1, 2);
        assert_ne!(fingerprint(&reordered), fingerprint(&quiz));
    }

    #[test]
    fn shared_links_round_trip_and_reject_what_does_not_fit() {
        let quiz = tiny_quiz();
        let answers = [Some(1), Some(0), Some(1)];
        let token = encode_shared(&quiz, &answers);
        assert_eq!(token, format!("{}.101", fingerprint(&quiz)));
        assert_eq!(decode_shared(&quiz, &token), Ok(at(Step::Result, &answers)));
        let print = fingerprint(&quiz);
        for (token, expected) in [
            ("nonsense".to_string(), Err(Discarded::Corrupt("no separator".into()))),
            ("0badf00d.101".to_string(), Err(Discarded::OtherQuiz)),
            (format!("{print}.10"), Err(Discarded::Inconsistent(RestoreError::WrongLength))),
            (format!("{print}.109"), Err(Discarded::Inconsistent(RestoreError::UnknownChoice))),
            (format!("{print}.1-1"), Err(Discarded::Inconsistent(RestoreError::BadStep))),
            (format!("{print}.1%1"), Err(Discarded::Corrupt("unexpected character '%'".into()))),
        ] {
            assert_eq!(decode_shared(&quiz, &token), expected, "{token}");
        }
    }

    #[test]
    fn shared_tokens_live_beside_the_page_own_fragment() {
        assert_eq!(find_shared("#transition-quiz:tiny=abc.101", "tiny"), Some("abc.101"));
        assert_eq!(find_shared("#/route&transition-quiz:tiny=abc.1&x=1", "tiny"), Some("abc.1"));
        assert_eq!(find_shared("#transition-quiz:other=abc.101", "tiny"), None);
        assert_eq!(find_shared("", "tiny"), None);
        assert_eq!(shared_keys("#/route&transition-quiz:a=x.1&transition-quiz:b=y.2&other=3"), ["a", "b"]);
        assert_eq!(shared_keys("#/route"), Vec::<&str>::new());
        assert_eq!(shared_fragment("", "tiny", "abc.1"), "#transition-quiz:tiny=abc.1");
        assert_eq!(shared_fragment("#/route", "tiny", "abc.1"), "#/route&transition-quiz:tiny=abc.1");
        assert_eq!(
            shared_fragment("#transition-quiz:tiny=old.0&transition-quiz:b=x.1", "tiny", "abc.1"),
            "#transition-quiz:b=x.1&transition-quiz:tiny=abc.1"
        );
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn decoding_arbitrary_text_never_panics(text in ".{0,120}", token in "[0-9a-f.%-]{0,20}", day in any::<i64>()) {
                let quiz = tiny_quiz();
                let _ = decode_saved(&quiz, &text, day);
                let _ = decode_shared(&quiz, &token);
                let _ = find_shared(&text, "tiny");
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
