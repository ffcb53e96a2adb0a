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
        "quizzes/four-transitions.en.json: ok (4 outcomes, 12 questions, locale en)\n\
         quizzes/four-transitions.es.json: ok (4 outcomes, 12 questions, locale es)\n"
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
    assert_eq!(report[0]["summary"], serde_json::json!({ "outcomes": 4, "questions": 12, "locale": "en" }));
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
