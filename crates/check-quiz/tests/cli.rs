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
    assert_eq!(errors.lines().count(), 3, "{errors}");
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
    let paths: Vec<&str> = errors.lines().map(|line| line.split(": ").nth(1).expect("a path after the file")).collect();
    assert_eq!(
        paths,
        ["shuffle", "questions[3].stages", "questions[4].stages", "questions[5].stages", "questions[5].shuffle"]
    );
    assert!(errors.lines().all(|line| line.contains("is new in format version 2: set \"version\": 2")), "{errors}");
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
            .ends_with("questions[3].stages[0]: unknown stage choice \"cmap\"; did you mean \"camp\"?\n"),
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
