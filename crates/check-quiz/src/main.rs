//! check-quiz: validates transition-quiz quiz files, and overrides files, the way the widget
//! does, and reports every problem with its place, for a site owner's editor or CI.
//!
//! ```text
//! check-quiz [--json] FILE...      (a FILE of - reads standard input)
//! ```
//!
//! An overrides file (one with `"extends"`, see `quiz_core::overrides`) is checked against
//! the quiz it extends: a built-in quiz, or a quiz file given on the same command line.
//!
//! Exit codes: 0 every file is valid; 1 at least one file has problems; 2 the command was
//! used wrongly or a file could not be read. Arguments are read by hand rather than with
//! clap: two flags do not earn a dependency.

use std::io::Read;
use std::process::ExitCode;

use quiz_core::default_quiz::DEFAULT_QUIZ_JSON;
use quiz_core::quiz::Quiz;
use quiz_core::validate::{Problem, Reachability, check_quiz_text, parse_quiz};
use serde_json::{Value, json};

const HELP: &str = "\
check-quiz: checks transition-quiz quiz files (format versions 1 and 2) and overrides files

Usage: check-quiz [--json] FILE...

Each FILE is validated exactly as the widget validates it, including that every outcome can
be a reader's result. Every problem is printed with where it is (a JSON path, or a line and
column for a syntax error); when problems keep that last check from judging an outcome, a
note says which and why. A FILE of - reads standard input. Version 1 files are read as they
were written; \"stages\" and \"shuffle\" need \"version\": 2.

A FILE with \"extends\" is an overrides file (new links, calls to action and texts for a
quiz): it is checked against the quiz it extends, a built-in quiz (\"four-transitions\",
\"four-transitions-es\") or a quiz file given on the same command line:
  check-quiz my-quiz.json my-links.json

Options:
  --json      print one JSON document: [{\"file\", \"ok\", \"problems\": [{\"path\", \"message\"}],
              \"notChecked\": [{\"path\", \"message\"}], \"summary\": {\"outcomes\", \"questions\",
              \"locale\"} (and \"extends\" for overrides) or null}]
  -h, --help  print this help
  -V, --version  print the version

Exit status: 0 all files are valid; 1 a file has problems; 2 wrong usage or a file
could not be read.";

/// The built-in quizzes an overrides file may extend without naming a file.
const BUILT_IN: &[&str] = &[DEFAULT_QUIZ_JSON, include_str!("../../../quizzes/four-transitions.es.json")];

/// What checking one file found.
enum Outcome {
    /// A valid quiz (or overrides of `extends`): its outcome count, question count and locale.
    Valid { outcomes: usize, questions: usize, locale: String, extends: Option<String> },
    /// Not valid: every problem, and what could not be checked yet because of them.
    Invalid { problems: Vec<Problem>, not_checked: Vec<Problem> },
    /// The file could not be read.
    Unreadable(String),
}

fn valid(quiz: &Quiz, extends: Option<String>) -> Outcome {
    Outcome::Valid {
        outcomes: quiz.outcomes.len(),
        questions: quiz.questions.len(),
        locale: quiz.locale.clone(),
        extends,
    }
}

fn read(path: &str) -> std::io::Result<String> {
    if path == "-" {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text).map(|_| text)
    } else {
        std::fs::read_to_string(path)
    }
}

/// Checks a quiz file's text.
fn check_quiz(text: &str) -> Outcome {
    let checked = check_quiz_text(text, Reachability::Proof);
    match checked.quiz {
        Ok(quiz) => valid(&quiz, None),
        Err(problems) => Outcome::Invalid { problems, not_checked: checked.not_checked },
    }
}

/// Checks an overrides file's text against the quiz it extends, `id`, among `quizzes` (the
/// command line's quiz files, then the built-in ones).
fn check_overrides(text: &str, id: &str, quizzes: &[(String, Result<Quiz, Vec<Problem>>)]) -> Outcome {
    let problem = |message: String| Outcome::Invalid {
        problems: vec![Problem { path: "extends".into(), message }],
        not_checked: Vec::new(),
    };
    let known = |quiz: &Result<Quiz, Vec<Problem>>| quiz.as_ref().is_ok_and(|quiz| quiz.id == id);
    let base = quizzes.iter().find(|(_, quiz)| known(quiz)).or_else(|| {
        // A quiz file with problems still has an id to be recognised by.
        quizzes.iter().find(|(text, _)| quiz_core::json::parse(text).is_ok_and(|value| id_of(&value) == Some(id)))
    });
    match base {
        Some((_, Ok(quiz))) => match quiz_core::overrides::apply(quiz.clone(), text) {
            Ok(mine) => valid(&mine, Some(id.to_string())),
            Err(problems) => Outcome::Invalid { problems, not_checked: Vec::new() },
        },
        Some((_, Err(_))) => {
            problem(format!("the quiz \"{id}\" these overrides are for has problems of its own; fix them first"))
        }
        None => problem(format!(
            "check-quiz knows no quiz \"{id}\": the built-in quizzes are \"four-transitions\" and \"four-transitions-es\"; for a quiz of your own, give its file too, as in check-quiz my-quiz.json this-file.json"
        )),
    }
}

/// A quiz document's `id`, read without validating it.
fn id_of(value: &quiz_core::json::Value) -> Option<&str> {
    let quiz_core::json::Value::Object(members) = value else { return None };
    members.iter().find_map(|(key, value)| match (key.as_str(), value) {
        ("id", quiz_core::json::Value::String(id)) => Some(id.as_str()),
        _ => None,
    })
}

fn as_json(path: &str, outcome: &Outcome) -> Value {
    let listed = |problems: &[Problem]| -> Vec<Value> {
        problems.iter().map(|p| json!({ "path": p.path, "message": p.message })).collect()
    };
    match outcome {
        Outcome::Valid { outcomes, questions, locale, extends } => {
            let mut summary = json!({ "outcomes": outcomes, "questions": questions, "locale": locale });
            if let Some(extends) = extends {
                summary["extends"] = json!(extends);
            }
            json!({ "file": path, "ok": true, "problems": [], "notChecked": [], "summary": summary })
        }
        Outcome::Invalid { problems, not_checked } => json!({
            "file": path, "ok": false, "summary": null,
            "problems": listed(problems), "notChecked": listed(not_checked),
        }),
        Outcome::Unreadable(error) => json!({
            "file": path, "ok": false, "summary": null, "notChecked": [],
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

    let texts: Vec<(String, std::io::Result<String>)> = files
        .into_iter()
        .map(|path| {
            let text = read(&path);
            (path, text)
        })
        .collect();
    // The quizzes an overrides file may extend: the command line's quiz files, then the
    // built-in ones.
    let quizzes: Vec<(String, Result<Quiz, Vec<Problem>>)> = texts
        .iter()
        .filter_map(|(_, text)| text.as_ref().ok())
        .filter(|text| quiz_core::overrides::extends(text).is_none())
        .map(String::as_str)
        .chain(BUILT_IN.iter().copied())
        .map(|text| (text.to_string(), parse_quiz(text)))
        .collect();
    let results: Vec<(String, Outcome)> = texts
        .into_iter()
        .map(|(path, text)| {
            let outcome = match text {
                Err(error) => Outcome::Unreadable(error.to_string()),
                Ok(text) => match quiz_core::overrides::extends(&text) {
                    Some(id) => check_overrides(&text, &id, &quizzes),
                    None => check_quiz(&text),
                },
            };
            (path, outcome)
        })
        .collect();
    if as_json_output {
        let report: Vec<Value> = results.iter().map(|(path, outcome)| as_json(path, outcome)).collect();
        println!("{}", serde_json::to_string_pretty(&report).expect("JSON values always serialize"));
    } else {
        for (path, outcome) in &results {
            match outcome {
                Outcome::Valid { outcomes, questions, locale, extends: None } => {
                    println!("{path}: ok ({outcomes} outcomes, {questions} questions, locale {locale})")
                }
                Outcome::Valid { extends: Some(id), .. } => println!("{path}: ok (overrides for the quiz \"{id}\")"),
                Outcome::Invalid { problems, not_checked } => {
                    for problem in problems {
                        eprintln!("{path}: {problem}");
                    }
                    for note in not_checked {
                        eprintln!("{path}: note: {note}");
                    }
                }
                Outcome::Unreadable(error) => eprintln!("{path}: cannot read: {error}"),
            }
        }
    }
    let unreadable = results.iter().any(|(_, outcome)| matches!(outcome, Outcome::Unreadable(_)));
    let invalid = results.iter().any(|(_, outcome)| matches!(outcome, Outcome::Invalid { .. }));
    match (unreadable, invalid) {
        (true, _) => ExitCode::from(2),
        (false, true) => ExitCode::FAILURE,
        (false, false) => ExitCode::SUCCESS,
    }
}
