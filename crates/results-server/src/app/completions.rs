//! What readers send, checked before anything is stored: a completion (validated against its
//! quiz by `quiz_core::answers::decode` and scored here by `quiz_core::scoring::diagnose`, so a
//! client cannot claim an outcome), and the start and stop beacons. The messages themselves are
//! quiz-core's (`quiz_core::api`, one type each, read by their one decoder in the web layer), so
//! the server reads exactly what the widget writes. The page path a completion records is
//! normalised to a plain path.

use std::collections::BTreeMap;

use quiz_core::api;
use quiz_core::scoring::diagnose;

use crate::app::quizzes::{Quizzes, Registered};
use crate::app::refusal::{Kind, Refusal};
use crate::app::store::Completion;

/// The quiz a request names, checked against the page's origin and, when given, the quiz's
/// fingerprint.
pub fn quiz_for<'a>(
    quizzes: &'a Quizzes,
    key: &str,
    origin: Option<&str>,
    fingerprint: Option<&str>,
) -> Result<&'a Registered, Refusal> {
    let registered = quizzes.get(key).ok_or_else(|| {
        let key = shortened(key);
        Refusal::new(
            Kind::NotFound,
            "unknown_quiz",
            format!(
                "this server takes no quiz \"{key}\"; its owner can add [quizzes.{key}] to its configuration, or the page can name a quiz it takes (data-transition-quiz, else the quiz's id)"
            ),
        )
    })?;
    if !registered.allows(origin) {
        let origin = origin.unwrap_or("?");
        return Err(Refusal::new(
            Kind::Forbidden,
            "origin_not_allowed",
            format!(
                "this server takes no results for the quiz \"{key}\" from pages on {origin}; if they are yours, add \"{origin}\" to origins under [quizzes.{key}] in its configuration"
            ),
        ));
    }
    if let Some(fingerprint) = fingerprint
        && fingerprint != registered.fingerprint
    {
        return Err(Refusal::new(
            Kind::Conflict,
            "fingerprint_mismatch",
            format!(
                "the quiz \"{key}\" on this page is not the one this server has (fingerprint {}, the server's {}): give the page and the server the same quiz file",
                shortened(fingerprint),
                registered.fingerprint
            ),
        ));
    }
    Ok(registered)
}

/// At most 64 characters of what a client sent, for quoting it back in a refusal.
fn shortened(text: &str) -> String {
    text.chars().take(64).collect()
}

/// Checks a completion against its quiz and scores it: the row to store, made on `day`.
pub fn prepare(
    quizzes: &Quizzes,
    origin: Option<&str>,
    request: api::Completion,
    day: i64,
) -> Result<Completion, Refusal> {
    if !(16..=64).contains(&request.id.len()) || !quiz_core::quiz::is_id(&request.id) {
        return Err(Refusal::new(Kind::Invalid, "bad_id", "the completion id is 16 to 64 letters, digits, - or _"));
    }
    let registered = quiz_for(quizzes, &request.quiz, origin, Some(&request.fingerprint))?;
    let quiz = &registered.quiz;
    let answers = quiz_core::answers::decode(
        quiz,
        request.answers.iter().map(|(question, choice)| (question.as_str(), choice.as_str())),
    )
    .map_err(|error| Refusal::new(Kind::Invalid, error.code(), error.describe()))?;
    let diagnosis = diagnose(quiz, &answers);
    let id_of = |outcome_idx: Option<usize>| outcome_idx.map(|idx| quiz.outcomes[idx].id.clone());
    // Stored by question id, in whatever order they came (a question answered twice was
    // refused above), as the counts and the exports read them.
    let mut sorted: Vec<&(String, String)> = request.answers.iter().collect();
    sorted.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let pairs: Vec<String> = sorted.iter().map(|(question, choice)| format!("{question}={choice}")).collect();
    Ok(Completion {
        id: request.id,
        quiz: request.quiz,
        day,
        page_path: page_path(&request.page),
        outcome: id_of(diagnosis.gap),
        further_up: id_of(diagnosis.further_up),
        stage: id_of(diagnosis.stage),
        hardest: id_of(diagnosis.hardest),
        answers: pairs.join(","),
    })
}

/// A stored answer set (`question=choice` pairs joined by commas) as the one answers format
/// of exports and webhooks: question id → choice id.
pub fn answers_of(stored: &str) -> BTreeMap<String, String> {
    stored
        .split(',')
        .filter_map(|pair| pair.split_once('='))
        .map(|(question, choice)| (question.to_string(), choice.to_string()))
        .collect()
}

/// Checks a stop beacon's step: the number of the question the reader reached among those
/// they were shown (from 1), so at most the most questions any reader of the quiz is shown
/// (a stage-aware quiz with 43 questions may show each reader 10). A larger step names no
/// step of the dashboard's funnel, and is refused rather than stored.
pub fn stop_step(registered: &Registered, step: Option<i64>) -> Result<i64, Refusal> {
    let steps = registered.steps as i64;
    step.filter(|step| (1..=steps).contains(step)).ok_or_else(|| {
        Refusal::new(
            Kind::Invalid,
            "bad_step",
            format!("step is the number of the question reached among those shown, from 1 to {steps}"),
        )
    })
}

/// Longest page path kept, in characters.
pub const PAGE_PATH_LIMIT: usize = 300;

/// The page path a completion records: the path only (no scheme, host, query string or
/// fragment, even percent-encoded ones), percent-decoded so the owner reads it as written,
/// without control or bidirectional-formatting characters, at most [`PAGE_PATH_LIMIT`]
/// characters; `/` when there is none.
pub fn page_path(page: &str) -> String {
    let base = url::Url::parse("https://page.invalid/").expect("a valid base");
    let Ok(url) = base.join(page.trim()) else { return "/".into() };
    if !matches!(url.scheme(), "http" | "https") {
        return "/".into();
    }
    let decoded = percent_encoding::percent_decode_str(url.path()).decode_utf8_lossy();
    // A query or fragment that was percent-encoded is cut too.
    let path = decoded.split(['?', '#']).next().unwrap_or("");
    let path: String =
        path.chars().filter(|c| !c.is_control() && !is_bidi_or_invisible(*c)).take(PAGE_PATH_LIMIT).collect();
    if path.starts_with('/') { path } else { "/".into() }
}

/// Characters that reorder or hide text (bidirectional controls, zero-width characters), which
/// could make a stored path read as another one.
fn is_bidi_or_invisible(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

#[cfg(test)]
mod tests {
    use super::page_path;

    #[test]
    fn only_the_pages_path_is_kept() {
        for (page, path) in [
            ("/blog/post", "/blog/post"),
            ("/blog/post?utm_source=x&email=a@b.c", "/blog/post"),
            ("/blog/post#transition-quiz:x=1", "/blog/post"),
            ("https://blog.example/blog/post?x=1", "/blog/post"),
            ("https://blog.example", "/"),
            ("", "/"),
            ("javascript:alert(1)", "/"),
            ("/post%3Femail%3Da%40b.c", "/post"),
            ("/post%23secret", "/post"),
            ("/caf%C3%A9", "/café"),
            ("/a\u{202E}gpj.exe", "/agpj.exe"),
            ("/a%E2%80%AEb", "/ab"),
            ("/a%00b%0Ac", "/abc"),
            ("//evil.example/x", "/x"),
        ] {
            assert_eq!(page_path(page), path, "{page}");
        }
        assert_eq!(page_path(&format!("/{}", "a".repeat(500))).chars().count(), 300);
    }
}
