//! What the widget tells a results server (`data-results`), and what it reads back. Pure:
//! the request bodies as JSON text, the completions kept in storage until they are sent,
//! and the server's summary read into what the result's "How other readers answered"
//! panel shows. Nothing here identifies a reader: ids of questions and choices, the quiz's
//! fingerprint, the page's path, and a random completion id made for this one completion.

use crate::fingerprint::fingerprint;
use crate::json::{self, Value};
use crate::quiz::Quiz;
use crate::scoring::Diagnosis;

/// Completions kept for a later visit, at most; older ones are dropped first.
pub const MAX_PENDING: usize = 10;

/// The storage key of completions waiting to be sent.
pub const PENDING_KEY: &str = "transition-quiz:pending:v1";

/// `text` as a JSON string literal.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The body of `POST api/v1/completions`: complete `answers` of `quiz` (registered on the
/// page as `key`), a random `id` made for this completion, and the page's path.
pub fn completion_body(quiz: &Quiz, key: &str, answers: &[Option<usize>], id: &str, page_path: &str) -> String {
    let pairs: Vec<String> = quiz
        .questions
        .iter()
        .zip(answers)
        .filter_map(|(question, answer)| {
            let choice = question.choices.get((*answer)?)?;
            Some(format!("{}:{}", quoted(&question.id), quoted(&choice.id)))
        })
        .collect();
    format!(
        "{{\"id\":{},\"quiz\":{},\"fingerprint\":{},\"answers\":{{{}}},\"page\":{}}}",
        quoted(id),
        quoted(key),
        quoted(&fingerprint(quiz)),
        pairs.join(","),
        quoted(page_path)
    )
}

/// The body of a start beacon (`step` none) or a stop beacon (the furthest question reached,
/// from 1).
pub fn beacon_body(quiz: &Quiz, key: &str, step: Option<usize>) -> String {
    let step = step.map(|step| format!(",\"step\":{step}")).unwrap_or_default();
    format!("{{\"quiz\":{},\"fingerprint\":{}{step}}}", quoted(key), quoted(&fingerprint(quiz)))
}

/// Completions waiting to be sent, as stored: a JSON list of (server, body) pairs.
pub fn encode_pending(pending: &[(String, String)]) -> String {
    let items: Vec<String> =
        pending.iter().map(|(server, body)| format!("[{},{}]", quoted(server), quoted(body))).collect();
    format!("[{}]", items.join(","))
}

/// Reads stored pending completions; anything unreadable is dropped, never trusted further
/// than being sent to the server it names (which validates it like any request).
pub fn decode_pending(text: &str) -> Vec<(String, String)> {
    let Ok(Value::Array(items)) = json::parse(text) else { return Vec::new() };
    items
        .into_iter()
        .filter_map(|item| match item {
            Value::Array(pair) => match pair.as_slice() {
                [Value::String(server), Value::String(body)] => Some((server.clone(), body.clone())),
                _ => None,
            },
            _ => None,
        })
        .rev()
        .take(MAX_PENDING)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect()
}

/// What the panel shows of other readers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Readers {
    /// How many completed the quiz, when the server shows counts.
    pub completions: Option<u64>,
    /// The share (percent) of readers whose result was the same as this reader's: the same
    /// gap, or like them no clear gap.
    pub same: u8,
    /// Per outcome, in ladder order: the share who said it is hardest, and the share whose
    /// answers showed it as their gap.
    pub said_and_shown: Vec<(u8, u8)>,
}

/// What a server's summary gives the panel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Summary {
    /// Figures to show.
    Figures(Readers),
    /// A summary, but of too few readers to show figures yet: no panel, nothing wrong.
    NotEnough,
    /// Not what a summary looks like (a server that answers garbage): no panel, and the
    /// site owner should hear of it.
    Unusable,
}

/// Reads a server's summary for the panel.
pub fn read_summary(text: &str, quiz: &Quiz, diagnosis: &Diagnosis) -> Summary {
    let Ok(Value::Object(summary)) = json::parse(text) else { return Summary::Unusable };
    let enough = summary.iter().find(|(name, _)| name == "enough").map(|(_, value)| value);
    match enough {
        Some(Value::Bool(true)) => figures(&summary, quiz, diagnosis).map_or(Summary::Unusable, Summary::Figures),
        Some(Value::Bool(false)) => Summary::NotEnough,
        _ => Summary::Unusable,
    }
}

/// The panel's figures from a summary that says there are enough readers.
fn figures(summary: &[(String, Value)], quiz: &Quiz, diagnosis: &Diagnosis) -> Option<Readers> {
    let get =
        |object: &[(String, Value)], key: &str| object.iter().find(|(name, _)| name == key).map(|(_, v)| v.clone());
    let percent = |object: &[(String, Value)], key: &str| -> Option<u8> {
        match get(object, key)? {
            Value::Number(number) => number.parse::<u8>().ok().filter(|percent| *percent <= 100),
            _ => None,
        }
    };
    let Value::Object(outcomes) = get(summary, "outcomes")? else { return None };
    let Value::Object(hardest) = get(summary, "hardest")? else { return None };
    let same_key = diagnosis.gap.map_or("none", |gap| quiz.outcomes[gap].id.as_str());
    let said_and_shown = quiz
        .outcomes
        .iter()
        .map(|outcome| Some((percent(&hardest, &outcome.id)?, percent(&outcomes, &outcome.id)?)))
        .collect::<Option<Vec<_>>>()?;
    let completions = match get(summary, "completions") {
        Some(Value::Number(number)) => number.parse().ok(),
        _ => None,
    };
    Some(Readers { completions, same: percent(&outcomes, same_key)?, said_and_shown })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scoring::diagnose;
    use crate::test_quiz::tiny_quiz;

    #[test]
    fn bodies_carry_ids_the_fingerprint_and_the_path_only() {
        let quiz = tiny_quiz();
        let print = fingerprint(&quiz);
        assert_eq!(
            completion_body(&quiz, "tiny", &[Some(1), Some(0), Some(1)], "abcdefghijklmnop", "/post \"x\"\n"),
            format!(
                r#"{{"id":"abcdefghijklmnop","quiz":"tiny","fingerprint":"{print}","answers":{{"where":"top","q1":"a","q2":"b"}},"page":"/post \"x\"\u000a"}}"#
            )
        );
        assert_eq!(beacon_body(&quiz, "tiny", None), format!(r#"{{"quiz":"tiny","fingerprint":"{print}"}}"#));
        assert_eq!(
            beacon_body(&quiz, "tiny", Some(2)),
            format!(r#"{{"quiz":"tiny","fingerprint":"{print}","step":2}}"#)
        );
        // Every body is JSON our own reader accepts.
        assert!(json::parse(&completion_body(&quiz, "tiny", &[Some(0); 3], "x", "/\u{1}")).is_ok());
    }

    #[test]
    fn pending_completions_round_trip_and_keep_the_newest_ten() {
        let pending: Vec<(String, String)> = (0..12).map(|n| ("/r/".to_string(), format!("{{\"n\":{n}}}"))).collect();
        let kept = decode_pending(&encode_pending(&pending));
        assert_eq!(kept, pending[2..].to_vec());
        for broken in ["", "nonsense", "{}", "[1,2]", "[[\"a\"]]"] {
            assert_eq!(decode_pending(broken), Vec::new(), "{broken}");
        }
    }

    #[test]
    fn a_summary_is_read_for_the_panel_or_not_at_all() {
        let quiz = tiny_quiz();
        let diagnosis = diagnose(&quiz, &[Some(0), Some(1), Some(1)]); // high: 100, a clear gap.
        let summary = r#"{"quiz":"tiny","enough":true,"minimum":1,"completions":40,
            "outcomes":{"low":30,"high":60,"none":10},"hardest":{"low":70,"high":25,"none":5},
            "stages":{"low":50,"high":50,"none":0},"saidVsShown":{}}"#;
        let figures = |text: &str, diagnosis: &Diagnosis| match read_summary(text, &quiz, diagnosis) {
            Summary::Figures(readers) => Some(readers),
            _ => None,
        };
        assert_eq!(
            figures(summary, &diagnosis),
            Some(Readers { completions: Some(40), same: 60, said_and_shown: vec![(70, 30), (25, 60)] })
        );
        let none = diagnose(&quiz, &[None, None, None]);
        assert_eq!(figures(summary, &none).map(|readers| readers.same), Some(10));
        let without_counts = summary.replace(r#""completions":40,"#, "");
        assert_eq!(figures(&without_counts, &diagnosis).and_then(|readers| readers.completions), None);
        // Too few readers is a summary; anything else without figures is not one.
        assert_eq!(
            read_summary(r#"{"quiz":"tiny","enough":false,"minimum":30}"#, &quiz, &diagnosis),
            Summary::NotEnough
        );
        for unusable in [
            "<html>502 Bad Gateway</html>",
            "",
            r#"{"quiz":"tiny"}"#,
            r#"{"enough":true,"outcomes":{"low":"many"},"hardest":{}}"#,
            r#"{"enough":true,"outcomes":{"low":300,"high":1,"none":0},"hardest":{"low":1,"high":1}}"#,
        ] {
            assert_eq!(read_summary(unusable, &quiz, &diagnosis), Summary::Unusable, "{unusable}");
        }
    }
}
