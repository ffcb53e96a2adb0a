//! Writes the largest quiz the format allows (40 questions of 8 choices, 8 outcomes, weights
//! 0 to 10 from a fixed pseudo-random sequence, every text at its length limit) and times
//! validating it both ways: the reader's bounded check and the authors' exact proof.
//!
//! `cargo run --release -p quiz-core --example largest-quiz -- [OUT.json]`; the benchmark
//! (bench/) loads the written file in a page to time the reader's check in the browser.

use std::time::Instant;

use quiz_core::quiz::{limits, text_limits};
use quiz_core::validate::{Reachability, parse_quiz_with};

/// The largest quiz, as JSON text.
fn largest_quiz() -> String {
    let mut seed: u64 = 0x5eed;
    let mut next = move || {
        // A 64-bit linear congruential generator (Knuth's MMIX constants): fixed, so the
        // quiz is the same on every run.
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) as u32
    };
    let text = |limit: usize| "x".repeat(limit);
    let outcomes: Vec<String> = (0..limits::OUTCOMES)
        .map(|idx| {
            format!(
                r#"{{"id":"o{idx}","label":"{}","short":"{}","shift":"{}","summary":"{}","actions":["{}"]}}"#,
                text(text_limits::LABEL),
                text(text_limits::SHORT),
                text(text_limits::SHIFT),
                text(text_limits::SUMMARY),
                text(text_limits::ACTION)
            )
        })
        .collect();
    let questions: Vec<String> = (0..limits::QUESTIONS)
        .map(|question_idx| {
            let choices: Vec<String> = (0..limits::CHOICES)
                .map(|choice_idx| {
                    let weights: Vec<String> = (0..limits::OUTCOMES)
                        .map(|outcome_idx| format!(r#""o{outcome_idx}":{}"#, next() % (limits::WEIGHT + 1)))
                        .collect();
                    format!(
                        r#"{{"id":"c{choice_idx}","text":"{}","weights":{{{}}}}}"#,
                        text(text_limits::CHOICE),
                        weights.join(",")
                    )
                })
                .collect();
            format!(
                r#"{{"id":"q{question_idx}","prompt":"{}","choices":[{}]}}"#,
                text(text_limits::PROMPT),
                choices.join(",")
            )
        })
        .collect();
    format!(
        r#"{{"version":1,"id":"largest","title":"{}","intro":"{}","outcomes":[{}],"questions":[{}]}}"#,
        text(text_limits::TITLE),
        text(text_limits::INTRO),
        outcomes.join(","),
        questions.join(",")
    )
}

fn main() {
    let json = largest_quiz();
    if let Some(path) = std::env::args().nth(1) {
        std::fs::write(&path, &json).expect("the quiz file is written");
        println!("wrote {path} ({} bytes)", json.len());
    }
    for (name, reachability) in
        [("reader (bounded)", Reachability::Bounded), ("author (exact proof)", Reachability::Proof)]
    {
        let started = Instant::now();
        let result = parse_quiz_with(&json, reachability);
        println!(
            "{name}: {:.1} ms, {}",
            started.elapsed().as_secs_f64() * 1000.0,
            match result {
                Ok(_) => "valid".to_string(),
                Err(problems) => format!("{} problems", problems.len()),
            }
        );
    }
}
