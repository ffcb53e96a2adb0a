//! A quiz's summary: how many readers completed it, and the share of each outcome (with
//! "none" for no clear gap), of each stage, of each stated hardest transition, and what the
//! answers showed for the readers who named each one. Below the configured minimum number of
//! completions it says only that there are not enough yet, so a small audience is never
//! exposed; with `show_counts = false` it gives percentages without counts. Built as
//! quiz-core's one summary type ([`api::Summary`]), which the web layer serves by its one
//! encoder and the widget reads by its one decoder.

use std::collections::BTreeMap;

use quiz_core::api::{self, Counts, Figures, Shares};
use quiz_core::quiz::Quiz;

use crate::app::store::Tallies;
use crate::config::Config;

/// The key a summary uses for completions with no clear gap, or no stage or hardest given.
pub const NONE: &str = "none";

/// Whole percentages of `total` for each count, in the quiz's outcome order then "none"
/// (an outcome id the quiz no longer has is counted in the total, under no key).
fn shares(counts: &BTreeMap<String, i64>, order: &[String], total: i64) -> Shares {
    order
        .iter()
        .map(String::as_str)
        .chain([NONE])
        .map(|key| {
            let count = counts.get(key).copied().unwrap_or(0).max(0);
            let percent = if total <= 0 { 0 } else { (200 * count + total) / (2 * total) };
            (key.to_string(), percent.clamp(0, 100) as u8)
        })
        .collect()
}

/// The counts there are, in the quiz's outcome order, then "none", then any outcome id the
/// quiz no longer has (by id).
fn counted(counts: &BTreeMap<String, i64>, order: &[String]) -> Vec<(String, u64)> {
    let known: Vec<&str> = order.iter().map(String::as_str).chain([NONE]).collect();
    let rest = counts.keys().map(String::as_str).filter(|key| !known.contains(key));
    known
        .iter()
        .copied()
        .chain(rest)
        .filter_map(|key| Some((key.to_string(), (*counts.get(key)?).max(0) as u64)))
        .collect()
}

/// The summary of `quiz` (registered as `key`) from its tallies.
pub fn summarize(key: &str, quiz: &Quiz, tallies: &Tallies, config: &Config) -> api::Summary {
    let total: i64 = tallies.groups.iter().map(|(.., count)| count).sum();
    let minimum = config.min_completions;
    if total < 0 || (total as u64) < minimum {
        return api::Summary { quiz: key.to_string(), minimum, figures: None };
    }
    let order: Vec<String> = quiz.outcomes.iter().map(|outcome| outcome.id.clone()).collect();
    let name = |value: &Option<String>| value.clone().unwrap_or_else(|| NONE.to_string());
    let mut outcomes = BTreeMap::new();
    let mut stages = BTreeMap::new();
    let mut hardest = BTreeMap::new();
    let mut said: BTreeMap<String, BTreeMap<String, i64>> = BTreeMap::new();
    for (outcome, stage, named, count) in &tallies.groups {
        *outcomes.entry(name(outcome)).or_insert(0) += count;
        *stages.entry(name(stage)).or_insert(0) += count;
        *hardest.entry(name(named)).or_insert(0) += count;
        if let Some(named) = named {
            *said.entry(named.clone()).or_default().entry(name(outcome)).or_insert(0) += count;
        }
    }
    let said_vs_shown = order
        .iter()
        .filter_map(|named| {
            let shown = said.get(named)?;
            let those: i64 = shown.values().sum();
            Some((named.clone(), shares(shown, &order, those)))
        })
        .collect();
    let counts = config.show_counts.then(|| Counts {
        completions: total as u64,
        starts: tallies.starts.max(0) as u64,
        outcomes: counted(&outcomes, &order),
        stages: counted(&stages, &order),
        hardest: counted(&hardest, &order),
    });
    api::Summary {
        quiz: key.to_string(),
        minimum,
        figures: Some(Figures {
            outcomes: shares(&outcomes, &order, total),
            stages: shares(&stages, &order, total),
            hardest: shares(&hardest, &order, total),
            said_vs_shown,
            counts,
        }),
    }
}
