//! check-quiz: validates transition-quiz quiz files the way the widget does, and reports
//! every problem with its place, for a site owner's editor or CI.
//!
//! ```text
//! check-quiz [--json] FILE...      (a FILE of - reads standard input)
//! ```
//!
//! Exit codes: 0 every file is a valid quiz; 1 at least one file has problems; 2 the command
//! was used wrongly or a file could not be read. Arguments are read by hand rather than with
//! clap: two flags do not earn a dependency.

use std::io::Read;
use std::process::ExitCode;

use quiz_core::validate::{Problem, parse_quiz};
use serde_json::{Value, json};

const HELP: &str = "\
check-quiz: checks transition-quiz quiz files (format versions 1 and 2)

Usage: check-quiz [--json] FILE...

Each FILE is validated exactly as the widget validates it, including that every outcome can
be a reader's result. Every problem is printed with where it is (a JSON path, or a line and
column for a syntax error). A FILE of - reads standard input. Version 1 files are read as
they were written; \"stages\" and \"shuffle\" need \"version\": 2.

Options:
  --json      print one JSON document: [{\"file\", \"ok\", \"problems\": [{\"path\", \"message\"}],
              \"summary\": {\"outcomes\", \"questions\", \"locale\"} or null}]
  -h, --help  print this help
  -V, --version  print the version

Exit status: 0 all files are valid; 1 a file has problems; 2 wrong usage or a file
could not be read.";

/// What checking one file found.
enum Outcome {
    /// A valid quiz: its outcome count, question count and locale.
    Valid { outcomes: usize, questions: usize, locale: String },
    /// Not a valid quiz: every problem.
    Invalid(Vec<Problem>),
    /// The file could not be read.
    Unreadable(String),
}

fn check(path: &str) -> Outcome {
    let text = if path == "-" {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text).map(|_| text)
    } else {
        std::fs::read_to_string(path)
    };
    match text {
        Err(error) => Outcome::Unreadable(error.to_string()),
        Ok(text) => match parse_quiz(&text) {
            Ok(quiz) => {
                Outcome::Valid { outcomes: quiz.outcomes.len(), questions: quiz.questions.len(), locale: quiz.locale }
            }
            Err(problems) => Outcome::Invalid(problems),
        },
    }
}

fn as_json(path: &str, outcome: &Outcome) -> Value {
    match outcome {
        Outcome::Valid { outcomes, questions, locale } => json!({
            "file": path, "ok": true, "problems": [],
            "summary": { "outcomes": outcomes, "questions": questions, "locale": locale },
        }),
        Outcome::Invalid(problems) => json!({
            "file": path, "ok": false, "summary": null,
            "problems": problems.iter().map(|p| json!({ "path": p.path, "message": p.message })).collect::<Vec<_>>(),
        }),
        Outcome::Unreadable(error) => json!({
            "file": path, "ok": false, "summary": null,
            "problems": [{ "path": "", "message": format!("cannot read: {error}") }],
        }),
    }
}

fn main() -> ExitCode {
    let mut as_json_output = false;
    let mut files = Vec::new();
    for argument in std::env::args().skip(1) {
        match argument.as_str() {
            "-h" | "--help" => {
                println!("{HELP}");
                return ExitCode::SUCCESS;
            }
            "-V" | "--version" => {
                println!("check-quiz {}", env!("CARGO_PKG_VERSION"));
                return ExitCode::SUCCESS;
            }
            "--json" => as_json_output = true,
            flag if flag.starts_with('-') && flag != "-" => {
                eprintln!("check-quiz: unknown option {flag}\nTry check-quiz --help.");
                return ExitCode::from(2);
            }
            _ => files.push(argument),
        }
    }
    if files.is_empty() {
        eprintln!("check-quiz: no quiz file given\nUsage: check-quiz [--json] FILE...\nTry check-quiz --help.");
        return ExitCode::from(2);
    }

    let results: Vec<(String, Outcome)> = files
        .into_iter()
        .map(|path| {
            let outcome = check(&path);
            (path, outcome)
        })
        .collect();
    if as_json_output {
        let report: Vec<Value> = results.iter().map(|(path, outcome)| as_json(path, outcome)).collect();
        println!("{}", serde_json::to_string_pretty(&report).expect("JSON values always serialize"));
    } else {
        for (path, outcome) in &results {
            match outcome {
                Outcome::Valid { outcomes, questions, locale } => {
                    println!("{path}: ok ({outcomes} outcomes, {questions} questions, locale {locale})")
                }
                Outcome::Invalid(problems) => {
                    for problem in problems {
                        eprintln!("{path}: {problem}");
                    }
                }
                Outcome::Unreadable(error) => eprintln!("{path}: cannot read: {error}"),
            }
        }
    }
    let unreadable = results.iter().any(|(_, outcome)| matches!(outcome, Outcome::Unreadable(_)));
    let invalid = results.iter().any(|(_, outcome)| matches!(outcome, Outcome::Invalid(_)));
    match (unreadable, invalid) {
        (true, _) => ExitCode::from(2),
        (false, true) => ExitCode::FAILURE,
        (false, false) => ExitCode::SUCCESS,
    }
}
