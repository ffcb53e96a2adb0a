//! The widget's side of a results server (`data-results`), beyond the messages themselves
//! ([`crate::api`]). Pure: the completions kept in storage until they are sent, a refusal
//! read into what the site owner is told and whether the completion is kept, and a summary
//! read into what the result's "How other readers answered" panel shows. Nothing here
//! identifies a reader.

use crate::api::Summary;
use crate::json::{self, Value, quoted};
use crate::quiz::Quiz;
use crate::scoring::Diagnosis;

/// Completions kept for a later visit, at most; older ones are dropped first.
pub const MAX_PENDING: usize = 10;

/// The storage key of completions waiting to be sent.
pub const PENDING_KEY: &str = "transition-quiz:pending:v1";

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

/// Why a results server refused a request: its status and the JSON body every refusal has
/// (README, "The API"): `{"error": code, "message": sentence, "retry": true or false}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The HTTP status.
    pub status: u16,
    /// The reason's code (`origin_not_allowed`, `daily_cap`, `unknown_quiz` ...), empty when
    /// the body did not say (a proxy's error page, an older server).
    pub code: String,
    /// The server's sentence, empty when the body did not say.
    pub message: String,
    /// Whether the same request may succeed later: the body's `retry`, else (a body that
    /// does not say) a 5xx, 408 or 429.
    pub retry: bool,
}

/// Reads a refusal from its status and body (anything: it came from the network).
pub fn read_refusal(status: u16, body: &str) -> Refusal {
    let members = match json::parse(body) {
        Ok(Value::Object(members)) => members,
        _ => Vec::new(),
    };
    let get = |key: &str| members.iter().find(|(name, _)| name == key).map(|(_, value)| value);
    let text = |key: &str| match get(key) {
        Some(Value::String(text)) => text.chars().filter(|c| !c.is_control()).take(300).collect(),
        _ => String::new(),
    };
    let retry = match get("retry") {
        Some(Value::Bool(retry)) => *retry,
        _ => status >= 500 || status == 408 || status == 429,
    };
    Refusal { status, code: text("error"), message: text("message"), retry }
}

/// What a widget was sending when it was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sent {
    /// A reader's start.
    Start,
    /// A completion (`keep`: whether the host lets the widget keep it for later).
    Completion {
        /// Whether completions may be kept in the reader's browser (not `data-persist="false"`).
        keep: bool,
    },
    /// The summary for the readers panel.
    Summary,
}

/// Whether a completion the server refused is kept for a later visit: only when it may
/// succeed then, and the host lets the widget keep it.
pub fn keeps(refusal: &Refusal, sent: Sent) -> bool {
    matches!(sent, Sent::Completion { keep: true }) && refusal.retry
}

/// What the site owner reads in the console about a refusal of `sent` by the server at
/// `url`: what happened, what to change (naming the setting), and what became of a
/// completion. `key` is the quiz key the widget sent, `page_origin` the page's origin.
pub fn refusal_message(refusal: &Refusal, sent: Sent, url: &str, key: &str, page_origin: &str) -> String {
    let what = match sent {
        Sent::Start => "a start",
        Sent::Completion { .. } => "a completion",
        Sent::Summary => "the summary",
    };
    let reason = match (refusal.code.is_empty(), refusal.message.is_empty()) {
        (true, _) => format!("HTTP {}", refusal.status),
        (false, true) => format!("HTTP {} {}", refusal.status, refusal.code),
        (false, false) => format!("HTTP {} {}: {}", refusal.status, refusal.code, refusal.message),
    };
    let advice = match refusal.code.as_str() {
        // Each code as the README's API section names it, and as servers before it did.
        "origin_not_allowed" | "origin" => format!(
            "Nothing from this page is counted until \"{page_origin}\", this page's origin, is in origins under [quizzes.{key}] in the server's configuration (mind http or https, and www or not); add it and restart the server."
        ),
        "daily_cap" => "Readers on this reader's network reached the server's daily_cap for this quiz today (many readers behind one office address?); raise daily_cap in the server's configuration if that is expected.".to_string(),
        "rate_limited" => "This network sent more requests than the server's rate_burst and rate_per_minute allow.".to_string(),
        "unknown_quiz" => format!(
            "The server has no quiz \"{key}\": add [quizzes.{key}] to its configuration (with file = \"...\" for a quiz of your own) and restart it, or set data-transition-quiz to a key it has."
        ),
        "fingerprint_mismatch" | "stale_quiz" => format!(
            "The quiz on this page is not the one the server has as \"{key}\" (their ids differ): give the server the same quiz file as the page (file under [quizzes.{key}]) and restart it."
        ),
        "bot" => "The server counts no requests from bots or from browsers that send no user agent.".to_string(),
        "unknown_answer" | "incomplete" | "bad_step" | "malformed" | "bad_id" | "too_large" | "content_type" => format!(
            "The page and the server disagree about the quiz \"{key}\": check that both use the same quiz file and the same version of transition-quiz."
        ),
        _ if refusal.retry => "The server could not take it now.".to_string(),
        _ => "Check the server's log and its configuration.".to_string(),
    };
    let fate = match sent {
        Sent::Completion { keep: true } if refusal.retry => " The completion is kept and sent on a later visit.",
        Sent::Completion { keep: false } if refusal.retry => " The completion is not kept (data-persist=\"false\").",
        Sent::Completion { .. } => " The completion is not kept: sent again, it would be refused again.",
        Sent::Start | Sent::Summary => "",
    };
    format!("the results server at {url} refused {what} ({reason}). {advice}{fate}")
}

/// What the panel shows of other readers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Readers {
    /// How many completed the quiz, when the server shows counts.
    pub completions: Option<u64>,
    /// The share (percent) of readers whose result was the same as this reader's: the same
    /// outcome, or like them no clear result.
    pub same: u8,
    /// Per outcome, in the quiz's order: the share whose answers showed it as their result.
    pub shown: Vec<u8>,
    /// Per outcome, the share who said it is hardest: only in a quiz with a hardest
    /// question, and so only there does the panel set what readers said beside it.
    pub said: Option<Vec<u8>>,
}

/// What a server's summary gives the panel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Panel {
    /// Figures to show.
    Figures(Readers),
    /// A summary, but of too few readers to show figures yet: no panel, nothing wrong.
    NotEnough,
    /// Not what a summary looks like (a server that answers garbage), or one that does not
    /// fit the quiz: no panel, and the site owner should hear of it.
    Unusable,
}

/// Reads a server's answer ([`Summary::decode`]) for the panel of a reader whose answers
/// gave `diagnosis`.
pub fn read_summary(text: &str, quiz: &Quiz, diagnosis: &Diagnosis) -> Panel {
    match Summary::decode(text) {
        Ok(Summary { figures: None, .. }) => Panel::NotEnough,
        Ok(Summary { figures: Some(figures), .. }) => {
            readers(&figures, quiz, diagnosis).map_or(Panel::Unusable, Panel::Figures)
        }
        Err(_) => Panel::Unusable,
    }
}

/// The panel's figures: one share per outcome of the quiz (and, in a quiz that asks which
/// step is hardest, what readers said), and the share with this reader's result.
fn readers(figures: &crate::api::Figures, quiz: &Quiz, diagnosis: &Diagnosis) -> Option<Readers> {
    let share =
        |shares: &[(String, u8)], key: &str| shares.iter().find(|(name, _)| name == key).map(|(_, percent)| *percent);
    let per_outcome = |shares: &[(String, u8)]| -> Option<Vec<u8>> {
        quiz.outcomes.iter().map(|outcome| share(shares, &outcome.id)).collect()
    };
    let same_key = diagnosis.gap.map_or("none", |gap| quiz.outcomes[gap].id.as_str());
    // What readers said is hardest exists only where the quiz asks it.
    let said = match quiz.hardest_question() {
        Some(_) => Some(per_outcome(&figures.hardest)?),
        None => None,
    };
    Some(Readers {
        completions: figures.counts.as_ref().map(|counts| counts.completions),
        same: share(&figures.outcomes, same_key)?,
        shown: per_outcome(&figures.outcomes)?,
        said,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scoring::diagnose;
    use crate::test_quiz::tiny_quiz;

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
        // The tiny quiz with a hardest question where its stage question was.
        let quiz = crate::validate::parse_quiz(
            &crate::test_quiz::TINY_QUIZ_JSON.replace(r#""role": "stage""#, r#""role": "hardest""#),
        )
        .unwrap();
        let diagnosis = diagnose(&quiz, &[Some(0), Some(1), Some(1)]); // high: 100, a clear gap.
        let summary = r#"{"quiz":"tiny","enough":true,"minimum":1,"completions":40,
            "outcomes":{"low":30,"high":60,"none":10},"hardest":{"low":70,"high":25,"none":5},
            "stages":{"low":50,"high":50,"none":0},"saidVsShown":{}}"#;
        let figures = |text: &str, diagnosis: &Diagnosis| match read_summary(text, &quiz, diagnosis) {
            Panel::Figures(readers) => Some(readers),
            _ => None,
        };
        assert_eq!(
            figures(summary, &diagnosis),
            Some(Readers { completions: Some(40), same: 60, shown: vec![30, 60], said: Some(vec![70, 25]) })
        );
        let none = diagnose(&quiz, &[None, None, None]);
        assert_eq!(figures(summary, &none).map(|readers| readers.same), Some(10));
        let without_counts = summary.replace(r#""completions":40,"#, "");
        assert_eq!(figures(&without_counts, &diagnosis).and_then(|readers| readers.completions), None);
        // Too few readers is a summary; anything else without figures is not one.
        assert_eq!(read_summary(r#"{"quiz":"tiny","enough":false,"minimum":30}"#, &quiz, &diagnosis), Panel::NotEnough);
        for unusable in [
            "<html>502 Bad Gateway</html>",
            "",
            r#"{"quiz":"tiny"}"#,
            r#"{"quiz":"tiny","minimum":1,"enough":true,"outcomes":{"low":"many"},"hardest":{}}"#,
            r#"{"quiz":"tiny","minimum":1,"enough":true,"outcomes":{"low":300,"high":1,"none":0},"hardest":{"low":1,"high":1}}"#,
            // The quiz asks which step is hardest, and the summary does not say.
            r#"{"quiz":"tiny","minimum":1,"enough":true,"outcomes":{"low":30,"high":60,"none":10}}"#,
            // A summary that leaves out its minimum is not the API's.
            r#"{"quiz":"tiny","enough":true,"outcomes":{"low":30,"high":60,"none":10},"hardest":{"low":70,"high":25,"none":5}}"#,
        ] {
            assert_eq!(read_summary(unusable, &quiz, &diagnosis), Panel::Unusable, "{unusable}");
        }
    }

    #[test]
    fn a_quiz_without_a_hardest_question_gets_no_said_figures() {
        // The tiny quiz asks the stage, not which step is hardest: whatever the summary holds
        // about "hardest" (all "none", or nothing at all) is not shown.
        let quiz = tiny_quiz();
        let diagnosis = diagnose(&quiz, &[Some(0), Some(1), Some(1)]);
        let expected = Readers { completions: None, same: 60, shown: vec![30, 60], said: None };
        for summary in [
            r#"{"quiz":"tiny","minimum":1,"enough":true,"outcomes":{"low":30,"high":60,"none":10},"hardest":{"low":0,"high":0,"none":100}}"#,
            r#"{"quiz":"tiny","minimum":1,"enough":true,"outcomes":{"low":30,"high":60,"none":10}}"#,
        ] {
            assert_eq!(read_summary(summary, &quiz, &diagnosis), Panel::Figures(expected.clone()), "{summary}");
        }
    }

    /// The refusal of a completion read from `status` and `body`: kept or not, and the
    /// console message, on a page at http://localhost:8090 with the quiz key "mine".
    fn refused(status: u16, body: &str) -> (bool, String) {
        let refusal = read_refusal(status, body);
        let sent = Sent::Completion { keep: true };
        (
            keeps(&refusal, sent),
            refusal_message(&refusal, sent, "https://r.example/api/v1/completions", "mine", "http://localhost:8090"),
        )
    }

    #[test]
    fn a_refusal_says_what_to_change_and_only_what_may_succeed_later_is_kept() {
        let (kept, message) = refused(
            403,
            r#"{"error":"origin_not_allowed","message":"pages on http://localhost:8090 may not use the quiz \"mine\" here","retry":false}"#,
        );
        assert!(!kept);
        assert_eq!(
            message,
            "the results server at https://r.example/api/v1/completions refused a completion (HTTP 403 origin_not_allowed: pages on http://localhost:8090 may not use the quiz \"mine\" here). Nothing from this page is counted until \"http://localhost:8090\", this page's origin, is in origins under [quizzes.mine] in the server's configuration (mind http or https, and www or not); add it and restart the server. The completion is not kept: sent again, it would be refused again."
        );
        let (kept, message) =
            refused(404, r#"{"error":"unknown_quiz","message":"this server takes no quiz \"mine\"","retry":false}"#);
        assert!(!kept && message.contains("add [quizzes.mine] to its configuration"), "{message}");
        let (kept, message) = refused(409, r#"{"error":"fingerprint_mismatch","message":"changed","retry":false}"#);
        assert!(!kept && message.contains("give the server the same quiz file as the page"), "{message}");
        // The daily cap: the server says whether tomorrow may take it.
        let (kept, message) = refused(429, r#"{"error":"daily_cap","message":"at most 100","retry":true}"#);
        assert!(
            kept && message.contains("raise daily_cap") && message.ends_with("kept and sent on a later visit."),
            "{message}"
        );
        let (kept, _) = refused(429, r#"{"error":"daily_cap","message":"at most 100","retry":false}"#);
        assert!(!kept);
        // A busy server may take it later; so may one that answers a proxy's page (no body to
        // say), for 5xx, 408 and 429 only.
        assert!(refused(503, r#"{"error":"busy","message":"retry shortly","retry":true}"#).0);
        for (status, kept) in
            [(502, true), (503, true), (408, true), (429, true), (400, false), (403, false), (404, false)]
        {
            let (was_kept, message) = refused(status, "<html>Bad Gateway</html>");
            assert_eq!(was_kept, kept, "{status}");
            assert!(message.contains(&format!("(HTTP {status})")), "{message}");
        }
        // With data-persist="false" nothing is kept, and the message says why.
        let busy = read_refusal(503, "");
        assert!(!keeps(&busy, Sent::Completion { keep: false }));
        assert!(
            refusal_message(&busy, Sent::Completion { keep: false }, "/r", "k", "o")
                .ends_with("(data-persist=\"false\").")
        );
        // Starts and summaries are never kept, and say nothing of keeping.
        let origin = read_refusal(403, r#"{"error":"origin","message":"no","retry":false}"#);
        assert!(!keeps(&origin, Sent::Start));
        assert!(
            refusal_message(&origin, Sent::Summary, "/r", "k", "o")
                .starts_with("the results server at /r refused the summary (HTTP 403 origin: no).")
        );
    }
}
