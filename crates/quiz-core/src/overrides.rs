//! Overrides: a small file that makes a quiz, usually the built-in one, a site owner's own
//! without copying it. It names the quiz it `extends` and gives only what changes: the links
//! and a call to action per outcome, and any text the owner wants (the title, an outcome's
//! words, a question's prompt, a choice's text, the UI strings, the comments prompt).
//!
//! ```json
//! {
//!   "version": 2,
//!   "extends": "four-transitions",
//!   "outcomes": {
//!     "management": {
//!       "links": [{ "title": "My talk on the first-time manager", "url": "https://example.com/talk" }],
//!       "cta": { "text": "Book a call about {outcome}", "url": "https://example.com/book?gap={outcome}" }
//!     }
//!   },
//!   "ui": { "retake": "Take it again" }
//! }
//! ```
//!
//! `version` is the quiz format version whose fields it uses (2); `extends` is the id of the
//! quiz it applies to, which must be the quiz the page shows. Outcomes, questions and a
//! question's choices are named by id, so a field's path reads `outcomes.management.cta.url`.
//! Each field follows the quiz format's rule for it (lengths, safe link addresses, known UI
//! strings and placeholders), and every problem is reported with its path, as for a quiz.
//! An outcome's `links` and `actions` replace the quiz's list (`[]` removes every link);
//! `"cta": null` and `"comments": null` remove them.
//!
//! Nothing here can change what a result is made of (ids, weights, roles, stages, order), so
//! the quiz's fingerprint, saved progress, shared links and what a results server scores all
//! stay as they were, and the quiz needs no new reachability check. Pure: text in, a quiz or
//! problems out.

use crate::json::{self, Value};
use crate::quiz::{Quiz, limits, text_limits};
use crate::validate::{Checker, FORMAT_VERSION, Problem, join_words, suggest};

/// The keys each object of an overrides file may have.
pub mod keys {
    /// The top-level object.
    pub const OVERRIDES: &[&str] =
        &["$schema", "version", "extends", "title", "intro", "outcomes", "questions", "ui", "comments"];
    /// An outcome's overrides.
    pub const OUTCOME: &[&str] = &["label", "short", "shift", "summary", "actions", "links", "cta"];
    /// A question's overrides.
    pub const QUESTION: &[&str] = &["prompt", "help", "choices"];
    /// A choice's overrides.
    pub const CHOICE: &[&str] = &["text"];
}

/// The quiz an overrides document extends, when `text` is one: a JSON object with an
/// `"extends"` member (its text, or empty when it is not text). `None` for anything else,
/// such as a quiz file. How the tools tell the two kinds of file apart.
pub fn extends(text: &str) -> Option<String> {
    let Ok(Value::Object(members)) = json::parse(text) else { return None };
    let (_, value) = members.iter().find(|(key, _)| key == "extends")?;
    Some(match value {
        Value::String(id) => id.clone(),
        _ => String::new(),
    })
}

/// `quiz` with the overrides in `text` applied, or every problem with its path. Takes the
/// quiz by value: a reader's page has no use for the quiz without its overrides.
pub fn apply(mut quiz: Quiz, text: &str) -> Result<Quiz, Vec<Problem>> {
    let value = json::parse(text).map_err(|error| {
        vec![Problem { path: format!("line {}, column {}", error.line, error.column), message: error.message }]
    })?;
    let mut checker = Checker::new();
    let Some(root) = checker.object(&value, "", keys::OVERRIDES) else {
        return Err(checker.problems);
    };
    match root.get("version") {
        None => checker.report("version", format!("is missing; add \"version\": {FORMAT_VERSION}")),
        Some(Value::Number(number)) if *number == FORMAT_VERSION.to_string() => {}
        Some(other) => checker.report(
            "version",
            format!(
                "must be the number {FORMAT_VERSION}, the quiz format version whose fields overrides use; found {}",
                other.describe()
            ),
        ),
    }
    match root.get("extends") {
        Some(Value::String(id)) if *id == quiz.id => {}
        Some(Value::String(id)) => {
            // Ids of another quiz would only repeat this one problem.
            checker.report(
                "extends",
                format!("these overrides are for the quiz \"{id}\", but the quiz here is \"{}\"", quiz.id),
            );
            return Err(checker.problems);
        }
        Some(other) => checker.report(
            "extends",
            format!(
                "expected the id of the quiz these overrides are for, such as \"{}\"; found {}",
                quiz.id,
                other.describe()
            ),
        ),
        None => checker.report(
            "extends",
            format!("is missing: name the quiz these overrides are for, \"extends\": \"{}\"", quiz.id),
        ),
    }
    if let Some(title) = root.get("title") {
        quiz.title = checker.text_value(title, "title", text_limits::TITLE);
    }
    if let Some(intro) = root.get("intro") {
        quiz.intro = checker.text_value(intro, "intro", text_limits::INTRO);
    }
    let outcome_ids: Vec<&str> = quiz.outcomes.iter().map(|outcome| outcome.id.as_str()).collect();
    let outcomes =
        root.get("outcomes").map(|outcomes| by_id(&mut checker, outcomes, "outcomes", "outcome", &outcome_ids));
    for (outcome_idx, value, path) in outcomes.unwrap_or_default() {
        outcome(&mut checker, &mut quiz, outcome_idx, value, &path);
    }
    let question_ids: Vec<&str> = quiz.questions.iter().map(|question| question.id.as_str()).collect();
    let questions =
        root.get("questions").map(|questions| by_id(&mut checker, questions, "questions", "question", &question_ids));
    for (question_idx, value, path) in questions.unwrap_or_default() {
        question(&mut checker, &mut quiz, question_idx, value, &path);
    }
    if let Some(ui) = root.get("ui") {
        quiz.ui = checker.ui(ui, std::mem::take(&mut quiz.ui));
    }
    match root.get("comments") {
        None => {}
        Some(Value::Null) => quiz.comments = None,
        Some(comments) => quiz.comments = checker.comments(comments),
    }
    match checker.problems.is_empty() {
        true => Ok(quiz),
        false => Err(checker.problems),
    }
}

/// The members of an object keyed by the ids of `known` (`kind`: "outcome", "question",
/// "choice"), each with its index among them and its path; an unknown id is reported with
/// the nearest known one, or the list.
fn by_id<'a>(
    checker: &mut Checker,
    value: &'a Value,
    path: &str,
    kind: &str,
    known: &[&str],
) -> Vec<(usize, &'a Value, String)> {
    let Value::Object(members) = value else {
        checker.report(path, format!("expected an object of {kind} ids, found {}", value.kind()));
        return Vec::new();
    };
    let mut found = Vec::new();
    for (member_idx, (id, value)) in members.iter().enumerate() {
        let member_path = format!("{path}.{id}");
        if members[..member_idx].iter().any(|(earlier, _)| earlier == id) {
            checker.report(&member_path, "appears twice; keep one");
            continue;
        }
        match known.iter().position(|known_id| known_id == id) {
            Some(idx) => found.push((idx, value, member_path)),
            None => {
                let hint = match suggest(id, known) {
                    Some(near) => format!("did you mean \"{near}\"?"),
                    None => {
                        let quoted: Vec<String> = known.iter().map(|id| format!("\"{id}\"")).collect();
                        format!("the {kind}s here are {}", join_words(&quoted))
                    }
                };
                checker.report(&member_path, format!("unknown {kind} \"{id}\"; {hint}"));
            }
        }
    }
    found
}

/// One outcome's overrides.
fn outcome(checker: &mut Checker, quiz: &mut Quiz, outcome_idx: usize, value: &Value, path: &str) {
    let Some(object) = checker.object(value, path, keys::OUTCOME) else { return };
    let outcome = &mut quiz.outcomes[outcome_idx];
    if let Some(label) = object.get("label") {
        let label = checker.text_value(label, &object.path("label"), text_limits::LABEL);
        // A short name that was the label (the default) follows it.
        if outcome.short == outcome.label && object.get("short").is_none() {
            outcome.short.clone_from(&label);
        }
        outcome.label = label;
    }
    if let Some(short) = object.get("short") {
        outcome.short = checker.text_value(short, &object.path("short"), text_limits::SHORT);
    }
    if let Some(shift) = object.get("shift") {
        outcome.shift = checker.text_value(shift, &object.path("shift"), text_limits::SHIFT);
    }
    if let Some(summary) = object.get("summary") {
        outcome.summary = checker.text_value(summary, &object.path("summary"), text_limits::SUMMARY);
    }
    if object.get("actions").is_some() {
        let actions = checker.list(&object, "actions", 1, limits::ACTIONS);
        let actions_path = object.path("actions");
        outcome.actions = actions
            .iter()
            .enumerate()
            .map(|(idx, action)| checker.text_value(action, &format!("{actions_path}[{idx}]"), text_limits::ACTION))
            .collect();
    }
    if object.get("links").is_some() {
        let links = checker.list(&object, "links", 0, limits::LINKS);
        let links_path = object.path("links");
        outcome.links =
            links.iter().enumerate().map(|(idx, link)| checker.link(link, &format!("{links_path}[{idx}]"))).collect();
    }
    match object.get("cta") {
        None => {}
        Some(Value::Null) => outcome.cta = None,
        Some(cta) => outcome.cta = checker.cta(cta, &object.path("cta")),
    }
}

/// One question's overrides: its prompt, help and choices' texts.
fn question(checker: &mut Checker, quiz: &mut Quiz, question_idx: usize, value: &Value, path: &str) {
    let Some(object) = checker.object(value, path, keys::QUESTION) else { return };
    let question = &mut quiz.questions[question_idx];
    if let Some(prompt) = object.get("prompt") {
        question.prompt = checker.text_value(prompt, &object.path("prompt"), text_limits::PROMPT);
    }
    if let Some(help) = object.get("help") {
        question.help = Some(checker.text_value(help, &object.path("help"), text_limits::HELP));
    }
    let Some(choices) = object.get("choices") else { return };
    let choice_ids: Vec<String> = question.choices.iter().map(|choice| choice.id.clone()).collect();
    let choice_ids: Vec<&str> = choice_ids.iter().map(String::as_str).collect();
    for (choice_idx, value, choice_path) in by_id(checker, choices, &object.path("choices"), "choice", &choice_ids) {
        let Some(choice) = checker.object(value, &choice_path, keys::CHOICE) else { continue };
        if let Some(text) = choice.get("text") {
            question.choices[choice_idx].text = checker.text_value(text, &choice.path("text"), text_limits::CHOICE);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_quiz::tiny_quiz;

    /// Applies `overrides` to the tiny quiz and compares every problem, in order.
    fn check(overrides: &str, expected: &[&str]) {
        let problems: Vec<String> = match apply(tiny_quiz(), overrides) {
            Ok(_) => Vec::new(),
            Err(problems) => problems.iter().map(ToString::to_string).collect(),
        };
        assert_eq!(problems, expected, "{overrides}");
    }

    const LINKS_AND_CTA: &str = r#"{
      "version": 2, "extends": "tiny",
      "outcomes": {
        "low": {
          "links": [{ "title": "My own article", "url": "/my-article", "kind": "article" }],
          "cta": { "text": "Book a call about {outcome}", "url": "https://example.com/book?gap={outcome}" }
        },
        "high": { "label": "The top rung", "links": [] }
      },
      "questions": { "q1": { "prompt": "The first, in my words?", "choices": { "b": { "text": "Bee" } } } },
      "ui": { "retake": "Again" },
      "title": "My tiny quiz"
    }"#;

    #[test]
    fn overrides_replace_links_set_a_call_to_action_and_any_text() {
        let quiz = tiny_quiz();
        let mine = apply(quiz.clone(), LINKS_AND_CTA).unwrap();
        let low = &mine.outcomes[0];
        assert_eq!(low.links.len(), 1);
        assert_eq!((low.links[0].title.as_str(), low.links[0].url.as_str()), ("My own article", "/my-article"));
        assert_eq!(
            low.cta.as_ref().map(|cta| cta.for_outcome(low)),
            Some(("Book a call about The lower rung".into(), "https://example.com/book?gap=low".into()))
        );
        // A label without its own short name: the short name, which was the label, follows.
        assert_eq!(
            (mine.outcomes[1].label.as_str(), mine.outcomes[1].short.as_str()),
            ("The top rung", "The top rung")
        );
        assert!(mine.outcomes[1].links.is_empty(), "[] removes every link");
        assert_eq!(mine.questions[1].prompt, "The first, in my words?");
        assert_eq!(
            (mine.questions[1].choices[0].text.as_str(), mine.questions[1].choices[1].text.as_str()),
            ("A", "Bee")
        );
        assert_eq!(
            (mine.title.as_str(), mine.ui.retake.as_str(), mine.ui.back.as_str()),
            ("My tiny quiz", "Again", "Back")
        );
        // Everything a result, progress or a link depends on is untouched.
        assert_eq!(crate::fingerprint::fingerprint(&mine), crate::fingerprint::fingerprint(&quiz));
        assert_eq!(mine.outcomes[0].shift, quiz.outcomes[0].shift);
        let answers = [Some(1), Some(1), Some(0)];
        assert_eq!(crate::scoring::diagnose(&mine, &answers), crate::scoring::diagnose(&quiz, &answers));
        // "cta": null removes a call to action again.
        let removed = apply(mine, r#"{"version": 2, "extends": "tiny", "outcomes": {"low": {"cta": null}}}"#).unwrap();
        assert_eq!(removed.outcomes[0].cta, None);
    }

    #[test]
    fn every_problem_has_its_path() {
        check(
            r#"{"version": 2, "extends": "tiny",
                "outcomes": {
                  "lwo": {"cta": {"text": "x", "url": "/x"}},
                  "high": {"links": [{"title": "Bad", "url": "javascript:alert(1)"}], "cta": {"text": "Hi {name}", "url": "/b"}, "colour": "red"}
                },
                "questions": {"q2": {"choices": {"z": {"text": "Zed"}, "a": {"text": ""}}}, "q9": {}},
                "ui": {"retkae": "Again"},
                "title": 3}"#,
            &[
                "title: expected text in double quotes, found a number",
                "outcomes.lwo: unknown outcome \"lwo\"; did you mean \"low\"?",
                "outcomes.high.colour: unknown field; this object can have \"label\", \"short\", \"shift\", \"summary\", \"actions\", \"links\" and \"cta\"",
                "outcomes.high.links[0].url: \"javascript:\" links are not allowed; use an https, http or relative URL",
                "outcomes.high.cta.text: unknown placeholder {name}; a call to action can use {outcome}",
                "questions.q9: unknown question \"q9\"; did you mean \"q1\"?",
                "questions.q2.choices.z: unknown choice \"z\"; the choices here are \"a\" and \"b\"",
                "questions.q2.choices.a.text: must not be empty",
                "ui.retkae: unknown field; did you mean \"retake\"?",
            ],
        );
    }

    #[test]
    fn the_file_says_its_version_and_the_quiz_it_extends() {
        check(r#"{"version": 2, "extends": "tiny"}"#, &[]);
        check(
            r#"{"title": "T"}"#,
            &[
                "version: is missing; add \"version\": 2",
                "extends: is missing: name the quiz these overrides are for, \"extends\": \"tiny\"",
            ],
        );
        check(
            r#"{"version": 1, "extends": "four-transitions", "outcomes": {"management": {}}}"#,
            &[
                "version: must be the number 2, the quiz format version whose fields overrides use; found the number 1",
                "extends: these overrides are for the quiz \"four-transitions\", but the quiz here is \"tiny\"",
            ],
        );
        check(
            r#"{"version": 2, "extends": "tiny", "outcomes": []}"#,
            &["outcomes: expected an object of outcome ids, found a list"],
        );
        check("[]", &["expected an object, found a list"]);
        check("{\"version\": 2,", &["line 1, column 15: expected a key in double quotes"]);
    }

    #[test]
    fn tools_tell_an_overrides_file_from_a_quiz() {
        assert_eq!(extends(r#"{"version": 2, "extends": "four-transitions"}"#).as_deref(), Some("four-transitions"));
        assert_eq!(extends(r#"{"extends": 3}"#).as_deref(), Some(""));
        assert_eq!(extends(crate::test_quiz::TINY_QUIZ_JSON), None);
        assert_eq!(extends("not json"), None);
    }

    #[test]
    fn the_built_in_quiz_takes_the_readmes_kind_of_overrides() {
        let quiz = crate::default_quiz::default_quiz().unwrap();
        let mine = apply(
            quiz.clone(),
            r#"{"version": 2, "extends": "four-transitions", "outcomes": {"management": {"links": [{"title": "Mine", "url": "/mine"}], "cta": {"text": "Talk to me", "url": "/book"}}}}"#,
        )
        .unwrap();
        let management = quiz.outcome_idx("management").unwrap();
        assert_eq!(mine.outcomes[management].links.len(), 1);
        assert!(mine.outcomes[management].cta.is_some());
    }
}
