//! The checker as a site owner's CI runs it: its output, its --json report and its exit codes.

use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_check-quiz"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .output()
        .expect("the checker runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn valid_quizzes_pass_with_a_summary_and_exit_0() {
    let output = run(&["quizzes/four-transitions.en.json", "quizzes/four-transitions.es.json"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        text(&output.stdout),
        "quizzes/four-transitions.en.json: ok (4 outcomes, 43 questions, locale en)\n\
         quizzes/four-transitions.es.json: ok (4 outcomes, 43 questions, locale es)\n"
    );
}

#[test]
fn every_problem_is_printed_with_its_place_and_the_exit_code_is_1() {
    let output = run(&["quizzes/four-transitions.en.json", "tests/pages/quizzes/broken-rules.json"]);
    assert_eq!(output.status.code(), Some(1));
    let errors = text(&output.stderr);
    assert!(
        errors.contains(
            "tests/pages/quizzes/broken-rules.json: outcomes[0].links[0].url: \"javascript:\" links are not allowed"
        ),
        "{errors}"
    );
    assert!(errors.contains("tests/pages/quizzes/broken-rules.json: outcomes[1].shift: must not be empty"), "{errors}");
    // Three problems, and a note: a weight for an outcome that does not exist keeps the check
    // that every outcome can be a result from judging any.
    assert_eq!(errors.lines().count(), 4, "{errors}");
    assert!(
        errors.ends_with(
            "tests/pages/quizzes/broken-rules.json: note: outcomes: whether each outcome can be a result is checked once the problems at questions[0].choices[1].weights are fixed: they change what a result is made of\n"
        ),
        "{errors}"
    );
    let output = run(&["tests/pages/quizzes/broken-syntax.json"]);
    assert_eq!(
        text(&output.stderr),
        "tests/pages/quizzes/broken-syntax.json: line 6, column 3: expected a comma (,) or a closing }\n"
    );
}

#[test]
fn json_output_lists_each_file_with_its_problems() {
    let output = run(&["--json", "quizzes/four-transitions.en.json", "tests/pages/quizzes/broken-rules.json"]);
    assert_eq!(output.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("the report is JSON");
    assert_eq!(report[0]["ok"], true);
    assert_eq!(report[0]["summary"], serde_json::json!({ "outcomes": 4, "questions": 43, "locale": "en" }));
    assert_eq!(report[1]["ok"], false);
    assert_eq!(report[1]["problems"].as_array().map(Vec::len), Some(3));
    assert_eq!(report[1]["notChecked"][0]["path"], "outcomes");
    assert_eq!(report[0]["notChecked"], serde_json::json!([]));
    assert_eq!(
        report[1]["problems"][1],
        serde_json::json!({ "path": "outcomes[1].shift", "message": "must not be empty" })
    );
}

#[test]
fn usage_mistakes_and_unreadable_files_exit_2() {
    for (args, expected) in [
        (&[][..], "no quiz file given"),
        (&["--jsno", "x.json"][..], "unknown option --jsno"),
        (&["no/such/file.json"][..], "no/such/file.json: cannot read:"),
    ] {
        let output = run(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(text(&output.stderr).contains(expected), "{args:?}: {}", text(&output.stderr));
    }
}

#[test]
fn help_explains_the_usage_and_the_exit_codes() {
    let output = run(&["--help"]);
    assert_eq!(output.status.code(), Some(0));
    let help = text(&output.stdout);
    for part in ["Usage: check-quiz [--json] FILE...", "--json", "Exit status: 0"] {
        assert!(help.contains(part), "{part} in {help}");
    }
}

/// Checks quiz `text` written to a file of its own, as a site owner's CI would.
fn run_on(name: &str, text: &str) -> Output {
    let dir = std::env::temp_dir().join(format!("check-quiz-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("the quiz is written");
    let output = run(&[path.to_str().expect("a UTF-8 path")]);
    let _ = std::fs::remove_dir_all(&dir);
    output
}

/// The stage-aware fixture the browser tests use (format version 2).
const STAGES: &str = include_str!("../../../tests/pages/quizzes/stages.json");

#[test]
fn a_version_2_quiz_with_stage_aware_questions_and_shuffle_passes() {
    let output = run(&["tests/pages/quizzes/stages.json"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(text(&output.stdout), "tests/pages/quizzes/stages.json: ok (3 outcomes, 6 questions, locale en)\n");
}

#[test]
fn stages_and_shuffle_in_a_version_1_file_say_to_set_version_2() {
    let output = run_on("v1.json", &STAGES.replace("\"version\": 2", "\"version\": 1"));
    assert_eq!(output.status.code(), Some(1));
    let errors = text(&output.stderr);
    let problems: Vec<&str> = errors.lines().filter(|line| !line.contains(": note: ")).collect();
    let paths: Vec<&str> =
        problems.iter().map(|line| line.split(": ").nth(1).expect("a path after the file")).collect();
    assert_eq!(
        paths,
        ["shuffle", "questions[3].stages", "questions[4].stages", "questions[5].stages", "questions[5].shuffle"]
    );
    assert!(problems.iter().all(|line| line.contains("is new in format version 2: set \"version\": 2")), "{errors}");
    assert!(errors.contains("also requires \"ordered\": true"), "{errors}");
}

#[test]
fn a_version_1_quiz_with_a_stage_question_and_no_ordered_still_passes() {
    // Written before "ordered" existed: it loads as it did then.
    let old = STAGES
        .replace("\"version\": 2", "\"version\": 1")
        .replace("\"ordered\": true,", "")
        .replace("\"shuffle\": true,", "")
        .replace(", \"shuffle\": false", "")
        .replace(" \"stages\": [\"camp\", \"unsure\"],", "")
        .replace(" \"stages\": [\"ridge\", \"top\"],", "")
        .replace(" \"stages\": [\"top\"],", "");
    let output = run_on("old.json", &old);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
}

#[test]
fn a_misnamed_stage_and_a_stage_left_without_questions_are_named() {
    let output = run_on("typo.json", &STAGES.replace("\"stages\": [\"camp\", \"unsure\"]", "\"stages\": [\"cmap\"]"));
    assert_eq!(output.status.code(), Some(1));
    assert!(
        text(&output.stderr)
            .contains("questions[3].stages[0]: unknown stage choice \"cmap\"; did you mean \"camp\"?\n"),
        "{}",
        text(&output.stderr)
    );
    // The questions for everyone are for the summit only now: a reader at base camp is left
    // with no scored question.
    let stranded = STAGES
        .replace("\"id\": \"pack\",", "\"id\": \"pack\", \"stages\": [\"top\"],")
        .replace("\"id\": \"weather\",", "\"id\": \"weather\", \"stages\": [\"top\"],")
        .replace("\"stages\": [\"camp\", \"unsure\"]", "\"stages\": [\"unsure\"]");
    let output = run_on("stranded.json", &stranded);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        text(&output.stderr)
            .contains("questions[0].choices[0]: a reader who answers \"camp\" here is shown no scored question"),
        "{}",
        text(&output.stderr)
    );
}

/// The coffee quiz (format version 1, outcomes that are kinds, not steps) with no weight
/// left for "social", so no answers make it a result.
fn coffee_without_social() -> String {
    include_str!("../../../tests/pages/quizzes/coffee.json")
        .replace(r#"{ "social": 2, "fuel": 1 }"#, r#"{ "fuel": 1 }"#)
        .replace(r#"{ "social": 3 }"#, "{}")
        .replace(r#"{ "social": 2 }"#, "{}")
}

#[test]
fn an_unreachable_outcome_is_listed_with_the_other_problems_in_the_quizs_own_terms() {
    let broken = coffee_without_social().replacen(r#""title": "#, r#""title": "", "x": "#, 1);
    let output = run_on("coffee.json", &broken);
    assert_eq!(output.status.code(), Some(1));
    let errors = text(&output.stderr);
    let lines: Vec<&str> = errors.lines().map(|line| line.split_once(": ").expect("a file").1).collect();
    assert_eq!(
        lines,
        [
            "x: unknown field; this object can have \"version\", \"id\", \"title\", \"intro\", \"locale\", \"dir\", \"ordered\", \"shuffle\", \"outcomes\", \"questions\", \"ui\" and \"comments\"",
            "title: must not be empty",
            // A quiz of kinds has no stage: its rule is said without one.
            "outcomes[1]: no combination of answers makes \"social\" a reader's result (a score of at least 25 that comes out on top); give it more weight in some choices",
        ]
    );
}

/// The overrides file the browser tests use: the built-in quiz with the owner's own links,
/// calls to action, title and Retake.
const MY_LINKS: &str = "tests/pages/overrides/my-links.json";

#[test]
fn an_overrides_file_is_checked_against_the_quiz_it_extends() {
    let output = run(&[MY_LINKS]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(text(&output.stdout), format!("{MY_LINKS}: ok (overrides for the quiz \"four-transitions\")\n"));
    let output = run(&["--json", MY_LINKS]);
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("the report is JSON");
    assert_eq!(report[0]["summary"]["extends"], "four-transitions");

    // Every problem, with its path in the overrides file.
    let mine =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/pages/overrides/my-links.json"))
            .expect("the fixture");
    let broken = mine
        .replace("\"management\": {", "\"managment\": {")
        .replace("\"/notes/first-year-cro\"", "\"javascript:alert(1)\"")
        .replace("\"retake\"", "\"retkae\"");
    let output = run_on("my-links.json", &broken);
    assert_eq!(output.status.code(), Some(1));
    let errors = text(&output.stderr);
    let lines: Vec<&str> = errors.lines().map(|line| line.split_once(": ").expect("a file").1).collect();
    assert_eq!(
        lines,
        [
            "outcomes.managment: unknown outcome \"managment\"; did you mean \"management\"?",
            "outcomes.officer.links[0].url: \"javascript:\" links are not allowed; use an https, http or relative URL",
            "ui.retkae: unknown field; did you mean \"retake\"?",
        ]
    );
}

#[test]
fn overrides_of_an_owners_own_quiz_are_checked_against_its_file_on_the_command_line() {
    let overrides = r#"{ "version": 2, "extends": "coffee", "outcomes": { "purist": { "cta": { "text": "Buy beans", "url": "/beans" } } } }"#;
    let dir = std::env::temp_dir().join(format!("check-quiz-{}-own", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let path = dir.join("coffee-links.json");
    std::fs::write(&path, overrides).expect("written");
    let path = path.to_str().expect("a UTF-8 path");
    let alone = run(&[path]);
    let with_quiz = run(&["tests/pages/quizzes/coffee.json", path]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(alone.status.code(), Some(1));
    assert!(
        text(&alone.stderr).contains("extends: check-quiz knows no quiz \"coffee\"")
            && text(&alone.stderr).contains("check-quiz my-quiz.json this-file.json"),
        "{}",
        text(&alone.stderr)
    );
    assert_eq!(with_quiz.status.code(), Some(0), "{}", text(&with_quiz.stderr));
    assert!(text(&with_quiz.stdout).ends_with("ok (overrides for the quiz \"coffee\")\n"));
}
