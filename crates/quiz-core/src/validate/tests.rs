//! Tests for the validator: each rule, driven by edits to a valid quiz.

use super::*;
use crate::test_quiz::{STAGES_QUIZ_JSON, TINY_QUIZ_JSON};

/// One edit to a quiz document: set the value at a path (`questions[1].choices[0].id`),
/// remove it, or add a second member with the same key.
#[derive(Clone)]
enum Edit<'a> {
    Set(&'a str, &'a str),
    Remove(&'a str),
    Duplicate(&'a str, &'a str),
}

use Edit::{Duplicate, Remove, Set};

/// Splits `a.b[2].c` into `["a", "b", "[2]", "c"]`-like steps: keys and indices.
fn steps(path: &str) -> Vec<Result<&str, usize>> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (key, indices) = part.split_once('[').map_or((part, ""), |(key, rest)| (key, rest));
        if !key.is_empty() {
            out.push(Ok(key));
        }
        for index in indices.split('[').filter(|index| !index.is_empty()) {
            out.push(Err(index.trim_end_matches(']').parse().unwrap()));
        }
    }
    out
}

fn apply(value: &mut Value, edit: &Edit) {
    let (path, new) = match edit {
        Set(path, new) | Duplicate(path, new) => (*path, Some(json::parse(new).unwrap())),
        Remove(path) => (*path, None),
    };
    let steps = steps(path);
    let (last, parents) = steps.split_last().unwrap();
    let mut node = value;
    for step in parents {
        node = match (step, node) {
            (Ok(key), Value::Object(members)) => &mut members.iter_mut().find(|(k, _)| k == key).unwrap().1,
            (Err(index), Value::Array(items)) => &mut items[*index],
            _ => panic!("bad path {path}"),
        };
    }
    match (last, node, new) {
        (Ok(key), Value::Object(members), Some(new)) if matches!(edit, Duplicate(..)) => {
            members.push((key.to_string(), new))
        }
        (Ok(key), Value::Object(members), Some(new)) => match members.iter_mut().find(|(k, _)| k == key) {
            Some(member) => member.1 = new,
            None => members.push((key.to_string(), new)),
        },
        (Ok(key), Value::Object(members), None) => members.retain(|(k, _)| k != key),
        (Err(index), Value::Array(items), Some(new)) => items[*index] = new,
        (Err(index), Value::Array(items), None) => {
            items.remove(*index);
        }
        _ => panic!("bad path {path}"),
    }
}

/// Validates the tiny quiz (format version 1) after `edits` and compares every problem
/// reported, in order.
fn check(edits: &[Edit], expected: &[&str]) {
    check_on(TINY_QUIZ_JSON, edits, expected);
}

/// The same on the stages quiz (format version 2, stage-aware questions, shuffle on).
fn check_v2(edits: &[Edit], expected: &[&str]) {
    check_on(STAGES_QUIZ_JSON, edits, expected);
}

/// Validates the quiz `base` after `edits` and compares every problem reported, in order.
fn check_on(base: &str, edits: &[Edit], expected: &[&str]) {
    let mut value = json::parse(base).unwrap();
    for edit in edits {
        apply(&mut value, edit);
    }
    let problems: Vec<String> = match validate_value(&value, Reachability::Proof) {
        Ok(_) => Vec::new(),
        Err(problems) => problems.iter().map(ToString::to_string).collect(),
    };
    assert_eq!(problems, expected);
}

#[test]
fn the_tiny_quiz_is_valid() {
    check(&[], &[]);
}

#[test]
fn syntax_errors_give_line_and_column() {
    let problems = parse_quiz("{\n  \"version\": 1,\n  \"id\": \"x\"\n  \"title\": \"t\"\n}").unwrap_err();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].to_string(), "line 4, column 3: expected a comma (,) or a closing }");
}

#[test]
fn the_document_must_be_an_object() {
    assert_eq!(parse_quiz("[]").unwrap_err()[0].to_string(), "expected an object, found a list");
}

#[test]
fn version_must_be_1_or_2() {
    check(&[], &[]);
    check(&[Set("version", "2")], &[]);
    // Each message names the type found, so "1" (a string) is told apart from 1.
    check(&[Set("version", "3")], &["version: must be the number 1 or 2, found the number 3"]);
    check(&[Set("version", "0")], &["version: must be the number 1 or 2, found the number 0"]);
    check(&[Set("version", "\"1\"")], &[r#"version: must be the number 1 or 2, found the string "1""#]);
    check(&[Set("version", "1.0")], &["version: must be the number 1 or 2, found the number 1.0"]);
    check(&[Set("version", "true")], &["version: must be the number 1 or 2, found true"]);
    check(&[Set("version", "null")], &["version: must be the number 1 or 2, found null"]);
    check(&[Set("version", "[1]")], &["version: must be the number 1 or 2, found a list"]);
    check(&[Remove("version")], &["version: is missing; add \"version\": 2"]);
    let version = |text: &str| parse_quiz(text).map(|quiz| quiz.version);
    assert_eq!(version(TINY_QUIZ_JSON), Ok(1));
    assert_eq!(version(STAGES_QUIZ_JSON), Ok(2));
}

#[test]
fn required_text_must_be_present_non_empty_and_text() {
    check(&[Remove("title")], &["title: is missing"]);
    check(&[Set("outcomes[0].shift", "\"   \"")], &["outcomes[0].shift: must not be empty"]);
    check(&[Set("intro", "3")], &["intro: expected text in double quotes, found a number"]);
    check(&[Remove("questions[1].choices[0].text")], &["questions[1].choices[0].text: is missing"]);
    check(&[Set("outcomes[0].actions", "[]")], &["outcomes[0].actions: has 0; it needs at least 1 item"]);
    check(
        &[Set("outcomes[0].actions[0]", "null")],
        &["outcomes[0].actions[0]: expected text in double quotes, found null"],
    );
    check(&[Remove("outcomes")], &["outcomes: is missing"]);
}

#[test]
fn ids_must_be_well_formed_and_unique() {
    check(&[Set("id", "\"my quiz\"")], &["id: \"my quiz\" is not a valid id: use 1 to 64 letters, digits, - or _"]);
    check(
        &[Set("questions[2].id", "\"q1\"")],
        &["questions[2].id: \"q1\" is already the id of questions[1]; ids must be unique"],
    );
    check(
        &[Set("questions[1].choices[1].id", "\"a\"")],
        &["questions[1].choices[1].id: \"a\" is already the id of questions[1].choices[0]; ids must be unique"],
    );
    let long_id = format!("\"{}\"", "x".repeat(65));
    check(
        &[Set("questions[1].id", &long_id)],
        &[&format!("questions[1].id: {long_id} is not a valid id: use 1 to 64 letters, digits, - or _")],
    );
}

#[test]
fn weights_must_name_known_outcomes_with_small_whole_numbers() {
    check(
        &[Set("questions[1].choices[0].weights", r#"{"t9": 1, "low": 2}"#)],
        &[r#"questions[1].choices[0].weights: unknown outcome "t9"; the outcomes are "low" and "high""#],
    );
    for (weight, found) in [("11", "11"), ("-1", "-1"), ("2.5", "2.5"), ("\"2\"", "a string")] {
        check(
            &[Set("questions[1].choices[0].weights", &format!(r#"{{"low": {weight}}}"#))],
            &[&format!("questions[1].choices[0].weights.low: expected a whole number from 0 to 10, found {found}")],
        );
    }
    check(
        &[Set("questions[1].choices[0].weights", "[2]")],
        &["questions[1].choices[0].weights: expected an object of outcome ids and numbers, found a list"],
    );
}

#[test]
fn stage_and_hardest_choices_must_name_known_outcomes() {
    check(
        &[Set("questions[0].choices[1].outcome", "\"t9\"")],
        &[r#"questions[0].choices[1].outcome: unknown outcome "t9"; the outcomes are "low" and "high""#],
    );
    check(
        &[Remove("questions[0].choices[0].outcome")],
        &[
            "questions[0].choices[0].outcome: is missing: each choice of a stage or hardest question names an outcome id, or null for one that names none",
        ],
    );
    check(
        &[Set("questions[1].choices[0].outcome", "\"low\"")],
        &[
            "questions[1].choices[0].outcome: only choices of a stage or hardest question name an outcome; use weights here",
        ],
    );
    check(
        &[Set("questions[0].role", "\"hardest\""), Set("questions[0].choices[0].outcome", "4")],
        &["questions[0].choices[0].outcome: expected an outcome id in double quotes, or null, found a number"],
    );
    // "I would rather not say": a choice that names no outcome is accepted, and gives none.
    check(&[Set("questions[0].choices[0].outcome", "null")], &[]);
}

#[test]
fn stage_and_hardest_questions_need_ordered_outcomes_from_version_2() {
    let needs_order = |name: &str| {
        format!(
            "questions[0].role: a {name} question needs outcomes that are ordered steps; add \"ordered\": true to the quiz, or remove the role"
        )
    };
    let v2 = Set("version", "2");
    check(&[v2.clone(), Remove("ordered")], &[&needs_order("stage")]);
    check(&[v2.clone(), Set("ordered", "false")], &[&needs_order("stage")]);
    check(&[v2.clone(), Remove("ordered"), Set("questions[0].role", "\"hardest\"")], &[&needs_order("hardest")]);
    check(
        &[v2, Set("ordered", "\"yes\"")],
        &["ordered: must be true or false, found the string \"yes\"", &needs_order("stage")],
    );
    // Version 1 files were written before "ordered" existed: a stage or hardest question
    // still makes them ordered, as it did then. Saying "ordered": false is still a mistake.
    check(&[Remove("ordered")], &[]);
    check(&[Remove("ordered"), Set("questions[0].role", "\"hardest\"")], &[]);
    check(&[Set("ordered", "false")], &[&needs_order("stage")]);
    let ordered = |text: &str| parse_quiz(text).map(|quiz| quiz.ordered);
    assert_eq!(ordered(&TINY_QUIZ_JSON.replace(r#""ordered": true, "#, "")), Ok(true));
    // A version 1 quiz without a stage or hardest question sorts readers into kinds.
    let coffee = include_str!("../../../../tests/pages/quizzes/coffee.json");
    assert_eq!(parse_quiz(coffee).map(|quiz| (quiz.version, quiz.ordered)), Ok((1, false)));
}

#[test]
fn version_1_files_are_told_to_move_to_version_2_for_stages_and_shuffle() {
    let needs_2 = |path: &str| {
        format!(
            "{path}: is new in format version 2: set \"version\": 2 to use it (version 2 also requires \"ordered\": true in a quiz with a stage or hardest question, and scores results by its own rules; see the README)"
        )
    };
    check(&[Set("shuffle", "true")], &[&needs_2("shuffle")]);
    check(&[Set("questions[1].shuffle", "false")], &[&needs_2("questions[1].shuffle")]);
    check(&[Set("questions[2].stages", r#"["top"]"#)], &[&needs_2("questions[2].stages")]);
    // Moving to version 2 is all it takes.
    check(&[Set("version", "2"), Set("shuffle", "true"), Set("questions[2].stages", r#"["top"]"#)], &[]);
}

#[test]
fn stages_name_choices_of_an_earlier_stage_question() {
    check_v2(&[], &[]);
    check_v2(&[Set("questions[2].stages", "[]")], &["questions[2].stages: has 0; it needs at least 1 item"]);
    check_v2(
        &[Set("questions[2].stages", r#""new""#)],
        &["questions[2].stages: expected a list in [ ], found a string"],
    );
    check_v2(
        &[Set("questions[2].stages", r#"["new", 2]"#)],
        &["questions[2].stages[1]: expected a choice id of the stage question in double quotes, found the number 2"],
    );
    check_v2(
        &[Set("questions[2].stages", r#"["nwe"]"#)],
        &[r#"questions[2].stages[0]: unknown stage choice "nwe"; did you mean "new"?"#],
    );
    check_v2(
        &[Set("questions[2].stages", r#"["new", "manager"]"#)],
        &[
            r#"questions[2].stages[1]: unknown stage choice "manager"; the stage question's choices are "new", "lead" and "top""#,
        ],
    );
    check_v2(
        &[Set("questions[3].stages", r#"["lead", "top", "lead"]"#)],
        &[r#"questions[3].stages[2]: "lead" is listed twice; keep one"#],
    );
    check_v2(
        &[Set("questions[0].stages", r#"["new"]"#)],
        &[r#"questions[0].stages: the stage question itself is shown to every reader; remove "stages""#],
    );
    // The stage question's answer decides, so it must come first.
    check_v2(
        &[Set("questions[1].stages", r#"["new"]"#), Set("questions[0].role", r#""scored""#)],
        &[
            r#"questions[0].choices[0].outcome: only choices of a stage or hardest question name an outcome; use weights here"#,
            r#"questions[0].choices[1].outcome: only choices of a stage or hardest question name an outcome; use weights here"#,
            r#"questions[0].choices[2].outcome: only choices of a stage or hardest question name an outcome; use weights here"#,
            "questions[0]: no choice gives any outcome a weight, so this question cannot change the result",
            r#"questions[1].stages: the quiz has no stage question whose answers could decide who sees this one; add a question with "role": "stage", or remove "stages""#,
            r#"questions[2].stages: the quiz has no stage question whose answers could decide who sees this one; add a question with "role": "stage", or remove "stages""#,
            r#"questions[3].stages: the quiz has no stage question whose answers could decide who sees this one; add a question with "role": "stage", or remove "stages""#,
            r#"questions[4].stages: the quiz has no stage question whose answers could decide who sees this one; add a question with "role": "stage", or remove "stages""#,
        ],
    );
    let all = r#"{ "id": "all", "stages": ["top"], "prompt": "For everyone?", "choices": [
        { "id": "a", "text": "A", "weights": { "low": 3 } }, { "id": "b", "text": "B", "weights": { "high": 3 } } ] }"#;
    let stage = r#"{ "id": "where", "role": "stage", "prompt": "Where are you?", "choices": [
        { "id": "new", "text": "New", "outcome": "low" }, { "id": "lead", "text": "Leading", "outcome": "mid" },
        { "id": "top", "text": "At the top", "outcome": "high" } ] }"#;
    check_v2(
        &[Set("questions[0]", all), Set("questions[1]", stage)],
        &[
            "questions[0].stages: this question comes before the stage question (questions[1]), whose answer decides who sees it; move it after",
        ],
    );
}

#[test]
fn every_stage_answer_leaves_its_reader_a_scored_question() {
    // Only the question for everyone is left to a "lead" reader; without it, nothing.
    check_v2(&[Set("questions[3].stages", r#"["top"]"#)], &[]);
    check_v2(
        &[Set("questions[3].stages", r#"["top"]"#), Set("questions[1].stages", r#"["new", "top"]"#)],
        &[
            r#"questions[0].choices[1]: a reader who answers "lead" here is shown no scored question; add "lead" to the "stages" of a scored question, or show one to every reader"#,
        ],
    );
    // A hardest question is not a scored one.
    let hardest = r#"{ "id": "later", "role": "hardest", "stages": ["lead"], "prompt": "Hardest?", "choices": [
        { "id": "low", "text": "Low", "outcome": "low" }, { "id": "high", "text": "High", "outcome": "high" } ] }"#;
    check_v2(
        &[Set("questions[1].stages", r#"["new", "top"]"#), Set("questions[3]", hardest)],
        &[
            r#"questions[0].choices[1]: a reader who answers "lead" here is shown no scored question; add "lead" to the "stages" of a scored question, or show one to every reader"#,
        ],
    );
}

#[test]
fn stages_become_the_stage_choices_a_question_is_shown_to() {
    let quiz = parse_quiz(STAGES_QUIZ_JSON).unwrap();
    let shown_to: Vec<Option<Vec<usize>>> = quiz.questions.iter().map(|question| question.shown_to.clone()).collect();
    assert_eq!(shown_to, [None, None, Some(vec![0]), Some(vec![1, 2]), Some(vec![2])]);
    // Listed in any order, kept in the stage question's.
    let quiz = parse_quiz(&STAGES_QUIZ_JSON.replace(r#"["lead", "top"]"#, r#"["top", "lead"]"#)).unwrap();
    assert_eq!(quiz.questions[3].shown_to, Some(vec![1, 2]));
}

#[test]
fn shuffle_is_for_scored_questions_and_a_question_may_keep_its_order() {
    let shuffled = |text: &str| {
        parse_quiz(text).map(|quiz| (quiz.shuffle, quiz.questions.iter().map(|q| q.shuffle).collect::<Vec<_>>()))
    };
    // On for the quiz: every scored question but the one that keeps its order; never the stage question.
    assert_eq!(shuffled(STAGES_QUIZ_JSON), Ok((true, vec![false, true, true, true, false])));
    // Off by default; a question may still ask for it.
    let off = STAGES_QUIZ_JSON.replace(r#""shuffle": true, "#, "");
    assert_eq!(shuffled(&off), Ok((false, vec![false, false, false, false, false])));
    let one = off.replace(r#""id": "all","#, r#""id": "all", "shuffle": true,"#);
    assert_eq!(shuffled(&one), Ok((false, vec![false, true, false, false, false])));
    // A version 1 quiz never shuffles: its readers see the order of the file.
    assert_eq!(shuffled(TINY_QUIZ_JSON), Ok((false, vec![false, false, false])));
    let ladder = r#"stage or hardest question is never shuffled: its choices follow the order of the outcomes; remove "shuffle""#;
    check_v2(&[Set("questions[0].shuffle", "true")], &[&format!("questions[0].shuffle: a {ladder}")]);
    check_v2(&[Set("questions[0].shuffle", "false")], &[&format!("questions[0].shuffle: a {ladder}")]);
    check_v2(&[Set("shuffle", "1")], &["shuffle: must be true or false, found the number 1"]);
    check_v2(
        &[Set("questions[4].shuffle", "\"no\"")],
        &["questions[4].shuffle: must be true or false, found the string \"no\""],
    );
}

#[test]
fn roles_are_known_and_unique_and_a_scored_question_exists() {
    check(
        &[Set("questions[0].role", "\"stag\"")],
        &[
            "questions[0].role: unknown role \"stag\"; use \"stage\", \"hardest\" or \"scored\" (the default)",
            "questions[0].choices[0].outcome: only choices of a stage or hardest question name an outcome; use weights here",
            "questions[0].choices[1].outcome: only choices of a stage or hardest question name an outcome; use weights here",
            "questions[0]: no choice gives any outcome a weight, so this question cannot change the result",
        ],
    );
    let second_stage = r#"{ "id": "again", "role": "stage", "prompt": "Again?", "choices": [
        { "id": "a", "text": "A", "outcome": "low" }, { "id": "b", "text": "B", "outcome": "high" } ] }"#;
    check(
        &[Set("questions[2]", second_stage)],
        &["questions[2].role: only one question can be the stage question, and questions[0] already is"],
    );
    check(
        &[Remove("questions[2]"), Remove("questions[1]")],
        &["questions: needs at least one scored question (a question without a role)"],
    );
}

#[test]
fn a_scored_question_must_carry_some_weight() {
    check(
        &[Set("questions[1].choices[0].weights", "{}"), Set("questions[1].choices[1].weights", r#"{"high": 0}"#)],
        &["questions[1]: no choice gives any outcome a weight, so this question cannot change the result"],
    );
}

#[test]
fn a_question_needs_at_least_two_choices() {
    check(&[Remove("questions[1].choices[1]")], &["questions[1].choices: has 1; it needs at least 2 items"]);
}

const UNREACHABLE_HIGH: &str = "outcomes[1]: no combination of answers makes \"high\" a reader's result (a score of at least 25 that is the highest within reach of the reader's stage); give it more weight in some choices";

/// Edits of the tiny quiz after which every choice gives both outcomes the same share, so
/// they always tie and the lower one always wins: "high" can never be a result.
const HIGH_ALWAYS_TIES: [Edit<'static>; 4] = [
    Set("questions[1].choices[0].weights", r#"{"low": 1, "high": 1}"#),
    Set("questions[1].choices[1].weights", r#"{"low": 2, "high": 2}"#),
    Set("questions[2].choices[0].weights", r#"{"low": 1, "high": 1}"#),
    Set("questions[2].choices[1].weights", r#"{"low": 3, "high": 3}"#),
];

/// What could not be checked yet in the tiny quiz after `edits`, as "path: message".
fn not_checked(edits: &[Edit]) -> Vec<String> {
    let mut value = json::parse(TINY_QUIZ_JSON).unwrap();
    for edit in edits {
        apply(&mut value, edit);
    }
    check_value(&value, Reachability::Proof).not_checked.iter().map(ToString::to_string).collect()
}

#[test]
fn an_unreachable_outcome_is_reported_with_the_other_problems() {
    // Problems that leave what results are made of as it is (texts, links, unknown fields)
    // no longer hold the check back: every problem shows at once.
    let mut edits = HIGH_ALWAYS_TIES.to_vec();
    edits.extend([
        Remove("title"),
        Set("outcomes[0].links[0].url", r#""javascript:alert(1)""#),
        Set("outcomes[1].sumary", r#""typo""#),
    ]);
    check(
        &edits,
        &[
            "title: is missing",
            "outcomes[0].links[0].url: \"javascript:\" links are not allowed; use an https, http or relative URL",
            "outcomes[1].sumary: unknown field; did you mean \"summary\"?",
            UNREACHABLE_HIGH,
        ],
    );
    assert_eq!(not_checked(&edits), Vec::<String>::new(), "everything was checked");
}

#[test]
fn what_the_reachability_check_could_not_judge_is_said() {
    // A bad weight: the outcome it is for is not judged (its verdict could be wrong), and
    // the note says which problem to fix first; the other outcome still is.
    let bad_weight = [Set("questions[2].choices[1].weights", r#"{"high": 11}"#)];
    check(&bad_weight, &["questions[2].choices[1].weights.high: expected a whole number from 0 to 10, found 11"]);
    assert_eq!(
        not_checked(&bad_weight),
        [
            "outcomes[1]: whether \"high\" can be a result is checked once the problems at questions[2].choices[1].weights.high are fixed"
        ]
    );
    // A weight for an outcome that does not exist was meant for one of them: none is judged.
    let unknown = [Set("questions[2].choices[1].weights", r#"{"t9": 2}"#), Remove("questions[1].choices[1]")];
    assert_eq!(
        not_checked(&unknown),
        [
            "outcomes: whether each outcome can be a result is checked once the problems at questions[1].choices (and 1 more) are fixed: they change what a result is made of"
        ]
    );
    // The usual unreachable outcome is still found beside a bad weight for the other one.
    let mut both = HIGH_ALWAYS_TIES.to_vec();
    both.push(Set("questions[1].choices[0].weights", r#"{"low": 1.5}"#));
    check(
        &both,
        &["questions[1].choices[0].weights.low: expected a whole number from 0 to 10, found 1.5", UNREACHABLE_HIGH],
    );
    assert_eq!(
        not_checked(&both),
        [
            "outcomes[0]: whether \"low\" can be a result is checked once the problems at questions[1].choices[0].weights.low are fixed"
        ]
    );
}

#[test]
fn an_unordered_quiz_is_told_its_own_rule_without_a_stage() {
    // The tiny quiz without its stage question and "ordered": a quiz of kinds, not steps.
    let mut edits = vec![Remove("ordered")];
    edits.extend(HIGH_ALWAYS_TIES);
    edits.push(Remove("questions[0]"));
    check(
        &edits,
        &[
            "outcomes[1]: no combination of answers makes \"high\" a reader's result (a score of at least 25 that comes out on top); give it more weight in some choices",
        ],
    );
    // Version 2 says its evidence rule too.
    edits.push(Set("version", "2"));
    check(
        &edits,
        &[
            "outcomes[1]: no combination of answers makes \"high\" a reader's result (a score of at least 25 from at least 2 answers that comes out on top); give it more weight in some choices",
        ],
    );
}

#[test]
fn every_outcome_must_be_reachable() {
    // Every choice gives both outcomes the same share, so they always tie and the lower
    // rung always wins: "high" can never be the likely gap.
    check(&HIGH_ALWAYS_TIES, &[UNREACHABLE_HIGH]);
}

#[test]
fn a_readers_bounded_check_still_catches_an_outcome_no_answer_can_give() {
    // The usual mistake: no choice weighs "high" more than "low". The bounded search a
    // reader's page runs finds it as the exact proof does.
    let text = TINY_QUIZ_JSON
        .replace(r#"{ "high": 2 }"#, r#"{ "low": 2 }"#)
        .replace(r#"{ "low": 1, "high": 1 }"#, r#"{ "low": 1 }"#)
        .replace(r#"{ "high": 3 }"#, r#"{ "low": 3 }"#);
    for reachability in [Reachability::Proof, Reachability::Bounded] {
        let problems = parse_quiz_with(&text, reachability).unwrap_err();
        assert_eq!(
            problems.iter().map(ToString::to_string).collect::<Vec<_>>(),
            [UNREACHABLE_HIGH],
            "{reachability:?}"
        );
    }
}

#[test]
fn a_call_to_action_has_text_and_a_safe_url_and_may_name_the_outcome() {
    fn cta(json: &str) -> Edit<'_> {
        Set("outcomes[0].cta", json)
    }
    check(&[cta(r#"{ "text": "Book a call about {outcome}", "url": "https://example.com/book?gap={outcome}" }"#)], &[]);
    check(
        &[cta(r#"{ "text": "Hi {name}", "url": "javascript:alert(1)" }"#)],
        &[
            "outcomes[0].cta.text: unknown placeholder {name}; a call to action can use {outcome}",
            "outcomes[0].cta.url: \"javascript:\" links are not allowed; use an https, http or relative URL",
        ],
    );
    check(&[cta(r#"{ "url": "/book" }"#)], &["outcomes[0].cta.text: is missing"]);
    check(
        &[cta(r#"{ "text": "Go", "url": "/go", "colour": "red" }"#)],
        &["outcomes[0].cta.colour: unknown field; this object can have \"text\" and \"url\""],
    );
    let mut value = json::parse(TINY_QUIZ_JSON).unwrap();
    apply(&mut value, &cta(r#"{ "text": "Book a call about {outcome}", "url": "/book?gap={outcome}" }"#));
    let quiz = validate_value(&value, Reachability::Proof).unwrap();
    let call = quiz.outcomes[0].cta.as_ref().unwrap();
    assert_eq!(
        call.for_outcome(&quiz.outcomes[0]),
        ("Book a call about The lower rung".to_string(), "/book?gap=low".to_string())
    );
}

#[test]
fn link_urls_must_be_http_https_or_relative() {
    for (url, problem) in [
        ("javascript:alert(1)", Some("\"javascript:\" links are not allowed; use an https, http or relative URL")),
        ("JavaScript:alert(1)", Some("\"JavaScript:\" links are not allowed; use an https, http or relative URL")),
        (
            "data:text/html,<script>alert(1)</script>",
            Some("\"data:\" links are not allowed; use an https, http or relative URL"),
        ),
        ("mailto:someone@example.com", Some("\"mailto:\" links are not allowed; use an https, http or relative URL")),
        (" javascript:alert(1)", Some("must not contain spaces or control characters (write a space as %20)")),
        ("java\tscript:alert(1)", Some("must not contain spaces or control characters (write a space as %20)")),
        ("https://example.com/a", None),
        ("HTTP://example.com", None),
        ("/articles/next", None),
        ("../next.html?x=a:b", None),
        ("next#part:2", None),
        ("//cdn.example.com/x", None),
    ] {
        let expected: Vec<String> = problem.iter().map(|p| format!("outcomes[0].links[0].url: {p}")).collect();
        let expected: Vec<&str> = expected.iter().map(String::as_str).collect();
        check(&[Set("outcomes[0].links[0].url", &format!("{url:?}"))], &expected);
    }
}

#[test]
fn texts_have_length_limits() {
    let long_title = format!("\"{}\"", "é".repeat(text_limits::TITLE + 1));
    check(&[Set("title", &long_title)], &["title: is 121 characters long; the limit is 120"]);
    let fits = format!("\"{}\"", "é".repeat(text_limits::TITLE));
    check(&[Set("title", &fits)], &[]);
}

#[test]
fn lists_have_size_limits() {
    let question = |idx: usize| {
        format!(
            r#"{{ "id": "q{idx}", "prompt": "Q?", "choices": [
            {{ "id": "a", "text": "A", "weights": {{ "low": 1 }} }}, {{ "id": "b", "text": "B", "weights": {{ "high": 1 }} }} ] }}"#
        )
    };
    let questions = format!("[{}]", (0..limits::QUESTIONS + 1).map(question).collect::<Vec<_>>().join(","));
    let too_many = format!("questions: has {} items; the limit is {}", limits::QUESTIONS + 1, limits::QUESTIONS);
    check(&[Set("questions", &questions)], &[too_many.as_str()]);

    let choices = format!(
        "[{}]",
        (0..limits::CHOICES + 1)
            .map(|idx| format!(r#"{{ "id": "c{idx}", "text": "C", "weights": {{ "low": 1 }} }}"#))
            .collect::<Vec<_>>()
            .join(",")
    );
    let too_many = format!("questions[1].choices: has {} items; the limit is {}", limits::CHOICES + 1, limits::CHOICES);
    check(&[Set("questions[1].choices", &choices)], &[too_many.as_str()]);

    let outcome =
        |idx: usize| format!(r#"{{ "id": "o{idx}", "label": "L", "shift": "S", "summary": "W", "actions": ["A"] }}"#);
    let outcomes = format!("[{}]", (0..9).map(outcome).collect::<Vec<_>>().join(","));
    let problems =
        parse_quiz(&TINY_QUIZ_JSON.replacen("\"outcomes\": [", &format!("\"outcomes\": {outcomes}, \"x\": ["), 1))
            .unwrap_err();
    assert_eq!(
        problems[0].to_string(),
        "x: unknown field; this object can have \"version\", \"id\", \"title\", \"intro\", \"locale\", \"dir\", \"ordered\", \"shuffle\", \"outcomes\", \"questions\", \"ui\" and \"comments\""
    );
    assert_eq!(problems[1].to_string(), "outcomes: has 9 items; the limit is 8");
    check(
        &[Remove("outcomes[1]")],
        &[
            "outcomes: has 1; it needs at least 2 items",
            r#"questions[0].choices[1].outcome: unknown outcome "high"; the outcomes are "low""#,
            r#"questions[1].choices[1].weights: unknown outcome "high"; the outcomes are "low""#,
            r#"questions[2].choices[0].weights: unknown outcome "high"; the outcomes are "low""#,
            r#"questions[2].choices[1].weights: unknown outcome "high"; the outcomes are "low""#,
        ],
    );
}

#[test]
fn unknown_and_repeated_fields_are_reported() {
    check(&[Set("questions[1].promt", "\"x\"")], &["questions[1].promt: unknown field; did you mean \"prompt\"?"]);
    check(
        &[Set("outcomes[0].colour", "\"red\"")],
        &[
            "outcomes[0].colour: unknown field; this object can have \"id\", \"label\", \"short\", \"shift\", \"summary\", \"actions\", \"links\" and \"cta\"",
        ],
    );
    check(&[Duplicate("title", "\"Again\"")], &["title: appears twice; keep one"]);
    check(&[Set("$schema", "\"./quiz.schema.json\"")], &[]);
}

#[test]
fn locale_and_direction() {
    check(&[Set("locale", "\"pt-BR\""), Set("dir", "\"rtl\"")], &[]);
    check(&[Set("locale", "\"en_US\"")], &["locale: \"en_US\" is not a language tag such as \"en\" or \"pt-BR\""]);
    check(&[Set("dir", "\"RTL\"")], &["dir: must be \"ltr\" or \"rtl\", found \"RTL\""]);
    let quiz = parse_quiz(&TINY_QUIZ_JSON.replacen(
        "\"version\": 1",
        "\"version\": 1, \"dir\": \"rtl\", \"locale\": \"ar\"",
        1,
    ))
    .unwrap();
    assert_eq!((quiz.dir, quiz.locale.as_str()), (Direction::Rtl, "ar"));
}

#[test]
fn ui_strings_are_known_keys_with_known_placeholders() {
    check(&[Set("ui", r#"{"progress": "Pregunta {current} de {total}", "start": "Empezar"}"#)], &[]);
    check(&[Set("ui", r#"{"strat": "Go"}"#)], &["ui.strat: unknown field; did you mean \"start\"?"]);
    check(
        &[Set("ui", r#"{"progress": "{curent} of {total}"}"#)],
        &["ui.progress: unknown placeholder {curent}; this text can use {current} and {total}"],
    );
    check(
        &[Set("ui", r#"{"start": "Go {now}"}"#)],
        &["ui.start: unknown placeholder {now}; this text has no placeholders"],
    );
    check(&[Set("ui", r#"{"start": ""}"#)], &["ui.start: must not be empty"]);
    let value = {
        let mut value = json::parse(TINY_QUIZ_JSON).unwrap();
        apply(&mut value, &Set("ui", r#"{"start": "Empezar"}"#));
        value
    };
    let quiz = validate_value(&value, Reachability::Proof).unwrap();
    assert_eq!(
        (quiz.ui.start.as_str(), quiz.ui.back.as_str()),
        ("Empezar", "Back"),
        "unset strings keep their default"
    );
}

#[test]
fn comments_need_a_selector_and_a_prompt() {
    check(&[Set("comments", r##"{"selector": "#comments", "prompt": "Tell us"}"##)], &[]);
    check(&[Set("comments", r#"{"prompt": "Tell us"}"#)], &["comments.selector: is missing"]);
}

#[test]
fn every_problem_is_reported_at_once() {
    check(
        &[
            Remove("title"),
            Set("version", "3"),
            Set("outcomes[1].links", r#"[{"title": "x", "url": "javascript:void(0)"}]"#),
            Set("questions[2].choices[1].weights", r#"{"t9": 2}"#),
        ],
        &[
            "version: must be the number 1 or 2, found the number 3",
            "title: is missing",
            "outcomes[1].links[0].url: \"javascript:\" links are not allowed; use an https, http or relative URL",
            r#"questions[2].choices[1].weights: unknown outcome "t9"; the outcomes are "low" and "high""#,
        ],
    );
}

#[test]
fn texts_are_kept_as_written_never_interpreted() {
    let quiz = parse_quiz(&TINY_QUIZ_JSON.replace("First?", "<b>First</b> <script>alert(1)</script>?")).unwrap();
    assert_eq!(quiz.questions[1].prompt, "<b>First</b> <script>alert(1)</script>?");
}

#[test]
fn the_built_in_quiz_is_valid() {
    let quiz = crate::default_quiz::default_quiz().unwrap_or_else(|problems| {
        panic!("{}", problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))
    });
    assert_eq!(quiz.outcomes.len(), 4);
}

#[test]
fn each_transition_of_the_built_in_quiz_is_probed_and_reachable() {
    // Stage by stage evidence is checked in default_quiz's tests; here, the quiz as a whole.
    let quiz = crate::default_quiz::default_quiz().unwrap();
    assert!(quiz.stage_question().is_some() && quiz.hardest_question().is_some());
    for (outcome_idx, outcome) in quiz.outcomes.iter().enumerate() {
        let probing = quiz.questions.iter().filter(|question| question.max_weight(outcome_idx) > 0).count();
        assert!(probing >= 6, "{} is probed by {probing} questions", outcome.id);
        assert_eq!(outcome.actions.len(), 3, "{} has three next steps", outcome.id);
        assert!(!outcome.links.is_empty(), "{} has a link", outcome.id);
        assert!(crate::reach::can_be_headline(&quiz, outcome_idx), "{} is reachable", outcome.id);
    }
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn arbitrary_bytes_never_panic_the_parser(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
            let text = String::from_utf8_lossy(&bytes);
            let _ = parse_quiz(&text);
        }

        #[test]
        fn json_shaped_noise_never_panics_the_parser(text in r#"[\[\]{}",:0-9a-z\\ \-\.eE\n]{0,200}"#) {
            let _ = parse_quiz(&text);
        }

        /// Damaging a valid quiz anywhere yields a quiz or problems, never a panic, and
        /// every problem names where it is.
        #[test]
        fn a_damaged_quiz_reports_problems_with_places(
            at in 0usize..TINY_QUIZ_JSON.len(),
            cut in 0usize..8,
            insert in r#"[\[\]{}",:0-9a-z\\ ]{0,4}"#,
        ) {
            let mut text = TINY_QUIZ_JSON.to_string();
            let at = (0..=at).rev().find(|&idx| text.is_char_boundary(idx)).unwrap_or(0);
            let end = (at + cut).min(text.len());
            let end = (end..=text.len()).find(|&idx| text.is_char_boundary(idx)).unwrap();
            text.replace_range(at..end, &insert);
            if let Err(problems) = parse_quiz(&text) {
                prop_assert!(!problems.is_empty());
                for problem in problems {
                    prop_assert!(!problem.message.is_empty());
                }
            }
        }
    }
}

#[test]
fn the_spanish_quiz_translates_every_ui_string() {
    let text = include_str!("../../../../quizzes/four-transitions.es.json");
    let Value::Object(members) = json::parse(text).unwrap() else { panic!("not an object") };
    let Some((_, Value::Object(ui))) = members.iter().find(|(key, _)| key == "ui") else { panic!("no ui") };
    let set: Vec<&str> = ui.iter().map(|(key, _)| key.as_str()).collect();
    let missing: Vec<&str> = UI_STRINGS.iter().map(|entry| entry.key).filter(|key| !set.contains(key)).collect();
    assert_eq!(missing, Vec::<&str>::new(), "UI strings left in English");
    for (key, value) in ui {
        let english = UI_STRINGS.iter().find(|entry| entry.key == key).map(|entry| entry.default);
        assert_ne!(Some(value), english.map(|default| Value::String(default.to_string())).as_ref(), "{key} is English");
    }
    assert_eq!(parse_quiz(text).unwrap().locale, "es");
}

#[test]
fn the_spanish_quiz_scores_exactly_like_the_english_one() {
    let spanish = parse_quiz(include_str!("../../../../quizzes/four-transitions.es.json")).unwrap();
    let english = crate::default_quiz::default_quiz().unwrap();
    /// What scoring depends on, per question: its id, role, and each choice's id, weights
    /// and named outcome.
    type Shape = Vec<(String, Role, Vec<(String, Vec<u32>, Option<usize>)>)>;
    let shape = |quiz: &Quiz| -> Shape {
        quiz.questions
            .iter()
            .map(|question| {
                let choices = question
                    .choices
                    .iter()
                    .map(|choice| (choice.id.clone(), choice.weights.clone(), choice.outcome))
                    .collect();
                (question.id.clone(), question.role, choices)
            })
            .collect()
    };
    assert_eq!(shape(&spanish), shape(&english));
    let ids = |quiz: &Quiz| quiz.outcomes.iter().map(|outcome| outcome.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&spanish), ids(&english));
}
