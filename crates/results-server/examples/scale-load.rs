//! Loads synthetic completions into a results database for `make bench-scale`
//! (`bench/scale.mjs`): each made the way a reader's would be (random answers to the questions
//! its stage is shown, checked and scored by the server's own `completions::prepare`), spread
//! evenly over `--days` days ending on `--last-day`, on 300 articles (a few busy, most quiet),
//! with about 1.6 starts and 0.25 stops per completion; written through the store's own batch
//! path ([`Store::import`]: the writer's statements and counts, 5,000 completions a
//! transaction, without its queue).
//!
//! ```text
//! cargo run --release -p results-server --example scale-load -- \
//!     --database URL --total 10000000 --days 730 --last-day 2026-12-06 [--max-seconds 3600]
//! ```
//!
//! Resumable: completion n is always the same (its id, day, answers and page come from n),
//! and a transaction holds whole batches in order, so a run counts what the database holds
//! and goes on from there. It prints its progress, and stops after `--max-seconds` (a rerun
//! continues).

use std::sync::mpsc;
use std::time::Instant;

use quiz_core::api;
use results_server::app::completions::prepare;
use results_server::app::counts::Deltas;
use results_server::app::days::day_of;
use results_server::app::quizzes;
use results_server::app::store::{Completion, Store};
use results_server::config::Config;

/// Completions per transaction.
const BATCH: u64 = 5_000;
/// Articles the quiz sits on.
const ARTICLES: u64 = 300;

/// splitmix64: one fixed pseudo-random value from `n` and a stream number, so completion n is
/// the same on every run (no state to resume).
fn mix(n: u64, stream: u64) -> u64 {
    let mut z = n.wrapping_mul(0x9e37_79b9_7f4a_7c15).wrapping_add(stream.wrapping_mul(0xd1b5_4a32_d192_ed03));
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A 24-character id like the widget's (18 bytes, URL-safe base64).
fn id(n: u64) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let bits = [mix(n, 1), mix(n, 2), mix(n, 3)];
    (0..24).map(|place| ALPHABET[(bits[place / 8] >> ((place % 8) * 6)) as usize & 63] as char).collect()
}

struct Options {
    database: String,
    total: u64,
    days: u64,
    last_day: i64,
    max_seconds: u64,
}

fn options() -> Result<Options, String> {
    let mut options = Options { database: String::new(), total: 0, days: 730, last_day: 0, max_seconds: u64::MAX };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().ok_or(format!("{flag} needs a value"))?;
        let number = || value.parse::<u64>().map_err(|error| format!("{flag} {value}: {error}"));
        match flag.as_str() {
            "--database" => options.database = value.clone(),
            "--total" => options.total = number()?,
            "--days" => options.days = number()?.max(1),
            "--max-seconds" => options.max_seconds = number()?,
            "--last-day" => options.last_day = day_of(&value).ok_or(format!("--last-day {value}: YYYY-MM-DD"))?,
            other => return Err(format!("unknown flag {other}")),
        }
    }
    if options.database.is_empty() || options.total == 0 || options.last_day == 0 {
        return Err("give --database, --total and --last-day".into());
    }
    Ok(options)
}

#[tokio::main]
async fn main() -> Result<(), String> {
    let options = options()?;
    let config = Config::default();
    let quizzes = quizzes::load(&config)?;
    let key = quiz_core::default_quiz::DEFAULT_QUIZ_ID.to_string();
    let registered = &quizzes[&key];
    let quiz = registered.quiz.clone();
    let fingerprint = registered.fingerprint.clone();
    let steps = registered.steps as u64;
    let store = Store::open(&options.database, 16).await?;
    let loaded = store.tallies(&key, i64::MIN, i64::MAX).await?.groups.iter().map(|(.., count)| *count).sum::<i64>();
    let mut next = loaded as u64;
    println!("{key}: {next} of {} completions loaded already", options.total);
    let first_day = options.last_day - options.days as i64 + 1;
    let total = options.total;

    // Made on a thread of their own while the database writes the previous batch.
    let (batches, made) = mpsc::sync_channel::<(Vec<Completion>, Deltas)>(2);
    let from = next;
    std::thread::spawn(move || {
        let stage_idx = quiz.stage_question();
        let mut n = from;
        while n < total {
            let end = (n + BATCH).min(total);
            let mut completions = Vec::with_capacity((end - n) as usize);
            let mut beacons = Deltas::default();
            for n in n..end {
                let day = first_day + (n * options.days / total) as i64;
                // The stage first, then a choice for each question that stage is shown.
                let mut chosen = vec![None; quiz.questions.len()];
                if let Some(stage_idx) = stage_idx {
                    chosen[stage_idx] = Some((mix(n, 4) % quiz.questions[stage_idx].choices.len() as u64) as usize);
                }
                let shown: Vec<usize> = quiz.shown_questions(&chosen).collect();
                let mut answers = std::collections::BTreeMap::new();
                for question_idx in shown {
                    let question = &quiz.questions[question_idx];
                    let choice_idx = chosen[question_idx]
                        .unwrap_or((mix(n, 10 + question_idx as u64) % question.choices.len() as u64) as usize);
                    answers.insert(question.id.clone(), question.choices[choice_idx].id.clone());
                }
                // A few busy articles, most quiet: the cube of a uniform number.
                let unit = (mix(n, 5) >> 11) as f64 / (1u64 << 53) as f64;
                let article = (unit * unit * unit * ARTICLES as f64) as u64;
                let body = api::Completion {
                    id: id(n),
                    quiz: key.clone(),
                    fingerprint: fingerprint.clone(),
                    answers: answers.into_iter().collect(),
                    page: format!("/articles/post-{article}?utm_source=newsletter"),
                };
                let completion = match prepare(&quizzes, None, body, day) {
                    Ok(completion) => completion,
                    Err(refusal) => panic!("a synthetic completion was refused: {}", refusal.message),
                };
                for _ in 0..1 + u64::from(mix(n, 6) % 5 < 3) {
                    beacons.add_start(&key, day);
                }
                if mix(n, 7).is_multiple_of(4) {
                    beacons.add_stop(&key, day, 1 + (mix(n, 8) % steps) as i64);
                }
                completions.push(completion);
            }
            if batches.send((completions, beacons)).is_err() {
                return;
            }
            n = end;
        }
    });

    let started = Instant::now();
    let mut reported = Instant::now();
    while next < total {
        if started.elapsed().as_secs() >= options.max_seconds {
            println!("stopped after {} s at {next} of {total}: run again to go on", options.max_seconds);
            break;
        }
        let Ok((completions, beacons)) = made.recv() else { break };
        let count = completions.len() as u64;
        let new = store.import(&completions, &beacons).await?;
        if new as u64 != count {
            return Err(format!("{} of {count} completions from {next} were stored already", count - new as u64));
        }
        next += count;
        if reported.elapsed().as_secs() >= 10 || next == total {
            let rate = (next - loaded as u64) as f64 / started.elapsed().as_secs_f64();
            let left = (total - next) as f64 / rate.max(1.0);
            println!("{next} of {total} completions ({rate:.0}/s, about {left:.0} s to go)");
            reported = Instant::now();
        }
    }
    store.close().await;
    Ok(())
}
