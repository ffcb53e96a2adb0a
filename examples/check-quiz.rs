//! Checks quiz files from the command line: `cargo run --example check-quiz -- FILE...`
//! prints every problem in each file, or "ok" with a summary, and exits 1 if any failed.

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut failed = false;
    for path in std::env::args().skip(1) {
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(error) => {
                eprintln!("{path}: cannot read: {error}");
                failed = true;
                continue;
            }
        };
        match transition_quiz::validate::parse_quiz(&text) {
            Ok(quiz) => println!(
                "{path}: ok ({} outcomes, {} questions, locale {})",
                quiz.outcomes.len(),
                quiz.questions.len(),
                quiz.locale
            ),
            Err(problems) => {
                failed = true;
                for problem in problems {
                    eprintln!("{path}: {problem}");
                }
            }
        }
    }
    if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}
