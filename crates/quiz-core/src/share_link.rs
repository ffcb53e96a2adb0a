//! Shared results: the token a shared link carries in the page's URL fragment, reading it
//! back without trusting it, and editing the fragment so the page's own parts are kept.
//!
//! The fragment part is `transition-quiz:<quiz key>=<fingerprint>.<answers>`: the quiz's
//! fingerprint (see [`crate::fingerprint`]) and one character per question, the chosen
//! choice's position in base 36 (or `-`). This is version [`FORMAT`] of the link format; a
//! later one will be told apart by its shape, so links already shared keep working or are
//! recognised as old. It shares nothing with the saved-progress format.

use crate::NAMESPACE;
use crate::fingerprint::fingerprint;
use crate::quiz::Quiz;
use crate::session::{RestoreError, Session, Step};

/// The version of the shared-link format (`<fingerprint>.<answers>`).
pub const FORMAT: u32 = 1;

/// Why a shared link was not used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkError {
    /// Not a link token at all.
    Malformed(String),
    /// Made for another version of the quiz (its fingerprint differs).
    OtherQuiz,
    /// Well formed but not consistent with the quiz (wrong length, unknown choice...).
    Inconsistent(RestoreError),
}

impl LinkError {
    /// Why, for the site owner's console.
    pub fn describe(&self) -> String {
        match self {
            LinkError::Malformed(why) => format!("it is not readable ({why})"),
            LinkError::OtherQuiz => "it belongs to another version of this quiz".into(),
            LinkError::Inconsistent(error) => format!("it does not fit this quiz ({})", error.describe()),
        }
    }
}

/// The URL-fragment key of a shared result: `transition-quiz:<quiz key>`.
pub fn share_key(quiz_key: &str) -> String {
    format!("{NAMESPACE}:{quiz_key}")
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
pub fn decode_shared(quiz: &Quiz, token: &str) -> Result<Session, LinkError> {
    let (print, answers) = token.split_once('.').ok_or_else(|| LinkError::Malformed("no separator".into()))?;
    if print != fingerprint(quiz) {
        return Err(LinkError::OtherQuiz);
    }
    let answers: Vec<Option<usize>> = answers
        .chars()
        .map(|c| match c {
            '-' => Ok(None),
            c => c
                .to_digit(36)
                .map(|digit| Some(digit as usize))
                .ok_or_else(|| LinkError::Malformed(format!("unexpected character '{c}'"))),
        })
        .collect::<Result<_, _>>()?;
    Session::restore(quiz, Step::Result, answers).map_err(LinkError::Inconsistent)
}

/// Finds this quiz's shared token in a URL fragment (with or without its `#`), which may
/// hold other `&`-separated parts of the page's own.
pub fn find_shared<'a>(fragment: &'a str, quiz_key: &str) -> Option<&'a str> {
    crate::rules::find_shared(fragment, quiz_key)
}

/// The quiz keys of every shared result in a URL fragment, in order.
pub fn shared_keys(fragment: &str) -> Vec<&str> {
    let prefix = format!("{NAMESPACE}:");
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

    fn at(step: Step, answers: &[Option<usize>]) -> Session {
        Session { step, answers: answers.to_vec(), seed: None }
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
            ("nonsense".to_string(), Err(LinkError::Malformed("no separator".into()))),
            ("0badf00d.101".to_string(), Err(LinkError::OtherQuiz)),
            (format!("{print}.10"), Err(LinkError::Inconsistent(RestoreError::WrongLength))),
            (format!("{print}.109"), Err(LinkError::Inconsistent(RestoreError::UnknownChoice))),
            (format!("{print}.1-1"), Err(LinkError::Inconsistent(RestoreError::BadStep))),
            (format!("{print}.1%1"), Err(LinkError::Malformed("unexpected character '%'".into()))),
        ] {
            assert_eq!(decode_shared(&quiz, &token), expected, "{token}");
        }
    }

    #[test]
    fn a_stage_aware_result_is_shared_by_file_positions_whatever_order_its_reader_saw() {
        let quiz = crate::test_quiz::stages_quiz();
        // A "top" reader: "early" was not theirs, so it is "-". The positions are the
        // choices' in the file; the reader's seed, and so the order they saw, is not in it.
        let answers = [Some(2), Some(3), None, Some(1), Some(0)];
        let token = encode_shared(&quiz, &answers);
        assert_eq!(token, format!("{}.23-10", fingerprint(&quiz)));
        let opened = decode_shared(&quiz, &token);
        assert_eq!(opened, Ok(at(Step::Result, &answers)), "whoever opens it, with whatever seed of their own");
        assert_eq!(
            crate::scoring::diagnose(&quiz, &opened.unwrap().answers),
            crate::scoring::diagnose(&quiz, &answers)
        );
        let print = fingerprint(&quiz);
        for (token, expected) in [
            (format!("{print}.231-0"), Err(LinkError::Inconsistent(RestoreError::HiddenAnswer))),
            (format!("{print}.23--0"), Err(LinkError::Inconsistent(RestoreError::BadStep))),
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
            fn decoding_arbitrary_links_never_panics(text in ".{0,120}", token in "[0-9a-f.%-]{0,20}") {
                let quiz = tiny_quiz();
                let _ = decode_shared(&quiz, &token);
                let _ = find_shared(&text, "tiny");
                let _ = shared_keys(&text);
            }
        }
    }
}
