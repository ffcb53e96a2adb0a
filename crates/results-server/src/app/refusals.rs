//! Refused completions, counted so the owner sees what readers lost and why: by quiz, day,
//! reason (the refusal's code) and the page's origin. An origin is a site, not a person (the
//! `Origin` header a browser sends, `https://blog.example`), so these counts are site-level
//! data; no address, user agent or anything else about a reader is part of them.
//!
//! - **Off the completion's path**: a refusal adds one to a count in memory; a flusher writes
//!   the counts to the database about once a second ([`FLUSH`]), in one transaction, and on a
//!   graceful stop. A completion that is taken never touches any of it.
//! - **Bounded**: at most [`ORIGINS_PER_DAY`] distinct origins per quiz and day, in memory and
//!   in the database; refusals from further origins are counted under [`OTHER_ORIGINS`]. The
//!   reasons are the application's own codes, the quizzes the accepted ones (refusals for a
//!   quiz the server does not take are counted under [`UNKNOWN_QUIZ`]), and the table keeps
//!   [`DAYS_KEPT`] days.
//! - **Logged once**: the first refusal of each (quiz, reason, origin) of a day is logged, with
//!   the quiz key as sent, the code and the origin (never an address); repeats only count.

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;
use std::time::Duration;

use tokio_util::sync::CancellationToken;

use crate::app::days::today;
use crate::app::limits::Counted;
use crate::app::store::Store;

/// Distinct page origins kept per quiz and day; refusals from others are counted together.
pub const ORIGINS_PER_DAY: usize = 20;
/// Where refusals from origins beyond [`ORIGINS_PER_DAY`] are counted.
pub const OTHER_ORIGINS: &str = "(other origins)";
/// The origin of a request that sent none (not from a page's script: a tool, a server).
pub const NO_ORIGIN: &str = "(no origin)";
/// The quiz refusals are counted under when the server takes no quiz by the key sent (quiz
/// keys are ids, so it can be no accepted quiz's key).
pub const UNKNOWN_QUIZ: &str = "";
/// Days of refusal counts kept, today included.
pub const DAYS_KEPT: i64 = 14;
/// How often counts waiting in memory are written.
pub const FLUSH: Duration = Duration::from_secs(1);

/// One count: (quiz, day, reason, origin).
pub type Key = (String, i64, &'static str, String);

/// The counts not written yet, and what today has seen.
#[derive(Default)]
struct Pending {
    day: i64,
    counts: HashMap<Key, i64>,
    /// Origins counted today, per quiz: at most [`ORIGINS_PER_DAY`] each.
    origins: HashMap<String, HashSet<String>>,
    /// (quiz, reason, origin) logged today.
    logged: HashSet<(String, &'static str, String)>,
}

/// Refusals counted in memory, waiting for the flusher.
#[derive(Default)]
pub struct Refusals {
    pending: Mutex<Pending>,
}

/// The origin as counted: what a browser sends (`scheme://host[:port]`, or `null`), else a
/// mark that it was something else, so a client cannot write text of its own choosing into
/// the owner's table.
pub fn origin_label(origin: Option<&str>) -> String {
    let Some(origin) = origin else { return NO_ORIGIN.into() };
    if origin == "null" {
        return origin.into();
    }
    match url::Url::parse(origin) {
        Ok(url) if url.origin().ascii_serialization() == origin && origin.len() <= 200 => origin.into(),
        _ => "(not an origin)".into(),
    }
}

impl Refusals {
    /// Counts a refusal of `what` for `quiz` (an accepted key, else [`UNKNOWN_QUIZ`]), by the
    /// refusal's `reason`, from a page on `origin`; `sent_key` is the quiz key as the request
    /// gave it, for the log. Only completions are counted; every kind is logged.
    pub fn note(&self, what: Counted, quiz: &str, sent_key: &str, reason: &'static str, origin: Option<&str>) {
        let day = today();
        let origin = origin_label(origin);
        let mut pending = self.pending.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if pending.day != day {
            pending.day = day;
            pending.origins.clear();
            pending.logged.clear();
        }
        let seen = pending.origins.entry(quiz.to_string()).or_default();
        let origin = if seen.contains(&origin) || seen.len() < ORIGINS_PER_DAY {
            seen.insert(origin.clone());
            origin
        } else {
            OTHER_ORIGINS.to_string()
        };
        if pending.logged.insert((quiz.to_string(), reason, origin.clone())) {
            let sent_key: String = sent_key.chars().take(64).collect();
            let what = match what {
                Counted::Completion => "completion",
                Counted::Start => "start",
                Counted::Stop => "stop",
            };
            tracing::warn!(quiz = %sent_key, reason, origin = %origin, what, "refused (logged once a day for each quiz, reason and origin)");
        }
        if what == Counted::Completion {
            *pending.counts.entry((quiz.to_string(), day, reason, origin)).or_insert(0) += 1;
        }
    }

    /// The counts not written yet, taken out.
    pub fn take(&self) -> Vec<(Key, i64)> {
        let mut pending = self.pending.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        pending.counts.drain().collect()
    }

    /// Counts waiting now (at most the quizzes times the reasons times
    /// [`ORIGINS_PER_DAY`] + 1, for the day or two not written yet).
    pub fn waiting(&self) -> usize {
        self.pending.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).counts.len()
    }

    /// Writes what is waiting (and forgets days older than [`DAYS_KEPT`]); counts that could
    /// not be written are put back for the next time.
    pub async fn flush(&self, store: &Store) {
        let counts = self.take();
        if counts.is_empty() {
            return;
        }
        if let Err(error) = store.add_refusals(&counts, ORIGINS_PER_DAY, OTHER_ORIGINS, today() - DAYS_KEPT + 1).await {
            tracing::error!(%error, "refusal counts could not be written; kept for the next try");
            let mut pending = self.pending.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            for (key, count) in counts {
                *pending.counts.entry(key).or_insert(0) += count;
            }
        }
    }

    /// Writes the counts about once a [`FLUSH`] until `stop`, then once more.
    pub async fn run(&self, store: Store, stop: CancellationToken) {
        loop {
            tokio::select! {
                () = tokio::time::sleep(FLUSH) => self.flush(&store).await,
                () = stop.cancelled() => break,
            }
        }
        self.flush(&store).await;
    }
}

/// What a refusal's reason means for the owner, and what to do about it, in words: for the
/// quiz `key` (empty for a quiz the server does not take), from pages on `origin`.
pub fn advice(reason: &str, key: &str, origin: &str, daily_cap: u32) -> (&'static str, String) {
    match reason {
        "origin_not_allowed" => (
            "The page's site is not one of the quiz's origins",
            format!(
                "If {origin} is your site, add \"{origin}\" to origins under [quizzes.{key}] in the server's configuration and restart it (www. or http:// make another origin)."
            ),
        ),
        "unknown_quiz" => (
            "The page named a quiz this server does not take",
            format!(
                "Add the quiz under [quizzes.<key>] in the configuration (the server's log names the key pages on {origin} send), or give the page's data-transition-quiz a key this server takes."
            ),
        ),
        "fingerprint_mismatch" => (
            "The page's quiz is not the one this server has",
            "Give the page and the server the same quiz file (its questions and choices changed on one side), and restart the server after changing its copy.".into(),
        ),
        "daily_cap" => (
            "One network sent more completions today than the daily cap",
            format!(
                "A class or an office on one network may take the quiz together: raise daily_cap (now {daily_cap}) in the configuration."
            ),
        ),
        "rate_limited" => (
            "One network sent requests faster than the rate limit",
            "If a whole room takes the quiz at once, raise rate_burst and rate_per_minute in the configuration.".into(),
        ),
        "busy" | "storage" => (
            "The server was too busy, or its database did not answer",
            "The widget keeps such a completion and sends it on the reader's next visit; if it goes on, read the server's log and check its database.".into(),
        ),
        _ => (
            "The widget sent something this server cannot read",
            "Use the widget that comes with this server (its /quiz/ files), or one of the same version.".into(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_origins_are_counted_as_written() {
        assert_eq!(origin_label(Some("https://blog.example")), "https://blog.example");
        assert_eq!(origin_label(Some("http://localhost:8090")), "http://localhost:8090");
        assert_eq!(origin_label(Some("null")), "null");
        assert_eq!(origin_label(None), NO_ORIGIN);
        for forged in ["https://blog.example/path", "<script>", "https://blog.example:443", "javascript:alert(1)", ""] {
            assert_eq!(origin_label(Some(forged)), "(not an origin)", "{forged}");
        }
    }

    #[test]
    fn a_quiz_keeps_at_most_its_bound_of_origins_a_day_and_counts_the_rest_together() {
        let refusals = Refusals::default();
        for n in 0..ORIGINS_PER_DAY + 30 {
            let origin = format!("https://site{n}.example");
            for _ in 0..2 {
                refusals.note(Counted::Completion, "q", "q", "origin_not_allowed", Some(&origin));
            }
        }
        // Beacons are logged, not counted.
        refusals.note(Counted::Start, "q", "q", "origin_not_allowed", Some("https://site0.example"));
        let counts: HashMap<String, i64> =
            refusals.take().into_iter().map(|((_, _, _, origin), count)| (origin, count)).collect();
        assert_eq!(counts.len(), ORIGINS_PER_DAY + 1, "the bound, and one row for the rest");
        assert_eq!(counts["https://site0.example"], 2);
        assert_eq!(counts[OTHER_ORIGINS], 60, "30 more origins, twice each");
        assert_eq!(refusals.waiting(), 0, "taken out");
    }
}
