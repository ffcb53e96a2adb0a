//! A quiz's summary: how many readers completed it, and the share of each outcome (with
//! "none" for no clear gap), of each stage, of each stated hardest transition, and what the
//! answers showed for the readers who named each one. Below the configured minimum number of
//! completions it says only that there are not enough yet, so a small audience is never
//! exposed; with `show_counts = false` it gives percentages without counts.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use quiz_core::quiz::Quiz;

use crate::app::store::Tallies;
use crate::config::Config;

/// The key a summary uses for completions with no clear gap, or no stage or hardest given.
pub const NONE: &str = "none";

/// Whole percentages of `total` for each count, in the quiz's outcome order then "none".
fn shares(counts: &BTreeMap<String, i64>, order: &[String], total: i64) -> Value {
    let mut shares = serde_json::Map::new();
    for key in order.iter().map(String::as_str).chain([NONE]) {
        let count = counts.get(key).copied().unwrap_or(0);
        let percent = if total == 0 { 0 } else { (200 * count + total) / (2 * total) };
        shares.insert(key.to_string(), json!(percent));
    }
    Value::Object(shares)
}

/// The summary of `quiz` (registered as `key`) from its tallies.
pub fn summarize(key: &str, quiz: &Quiz, tallies: &Tallies, config: &Config) -> Value {
    let total: i64 = tallies.groups.iter().map(|(.., count)| count).sum();
    let minimum = config.min_completions as i64;
    if total < minimum {
        return json!({ "quiz": key, "enough": false, "minimum": minimum });
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
    let said_vs_shown: serde_json::Map<String, Value> = order
        .iter()
        .filter_map(|named| {
            let shown = said.get(named)?;
            let those: i64 = shown.values().sum();
            Some((named.clone(), shares(shown, &order, those)))
        })
        .collect();
    let mut summary = json!({
        "quiz": key,
        "enough": true,
        "minimum": minimum,
        "outcomes": shares(&outcomes, &order, total),
        "stages": shares(&stages, &order, total),
        "hardest": shares(&hardest, &order, total),
        "saidVsShown": said_vs_shown,
    });
    if config.show_counts {
        summary["completions"] = json!(total);
        summary["starts"] = json!(tallies.starts);
        summary["counts"] = json!({ "outcomes": outcomes, "stages": stages, "hardest": hardest });
    }
    summary
}
