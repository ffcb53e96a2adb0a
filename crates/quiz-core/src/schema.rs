//! The quiz file format as Rust types, for generating `quiz.schema.json` (test builds only).
//!
//! These types describe the file a site owner writes; the validator in
//! [`crate::validate`] reads the same shape (a test checks that both know the same keys)
//! and builds the [`crate::quiz`] types from it. The schema gives site owners completion
//! and checking in their editor: point `"$schema"` at it.

use std::collections::BTreeMap;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde_json::{Map, Value, json};

use crate::quiz::{ID_PATTERN, text_limits};
use crate::quiz::{UI_STRINGS, limits};

/// A transition-quiz quiz file (format version 2; version 1 is still read).
#[derive(JsonSchema)]
#[schemars(title = "transition-quiz quiz file", deny_unknown_fields)]
#[allow(dead_code)]
pub struct QuizFile {
    /// Optional: where your editor finds this schema.
    #[schemars(rename = "$schema")]
    schema: Option<String>,
    /// The format version: 2 for a new quiz. Version 1 files are still read as they were
    /// written: there, a stage or hardest question makes the quiz ordered by itself, and
    /// "stages" and "shuffle" do not exist.
    #[schemars(range(min = 1, max = 2))]
    version: u32,
    /// Names the quiz for saved progress and shared links. Letters, digits, - and _.
    #[schemars(regex(pattern = ID_PATTERN))]
    id: String,
    /// The heading of the intro.
    #[schemars(length(min = 1, max = text_limits::TITLE))]
    title: String,
    /// The one-line promise under the title.
    #[schemars(length(min = 1, max = text_limits::INTRO))]
    intro: String,
    /// BCP 47 language tag of the quiz's text. Default: "en".
    #[schemars(regex(pattern = r"^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$"), length(max = text_limits::LOCALE))]
    locale: Option<String>,
    /// Text direction. Default: "ltr".
    dir: Option<Dir>,
    /// Whether the outcomes are ordered steps, lowest first (such as the rungs of a career
    /// ladder). Only then does the result show them as a ladder, and may the quiz have a
    /// stage or hardest question. Default: false (in version 1, true when the quiz has a stage
    /// or hardest question).
    ordered: Option<bool>,
    /// The outcomes. In an ordered quiz, lowest step first (ties go to the lower step); in
    /// any quiz, a tie goes to the one listed first.
    #[schemars(length(min = limits::MIN_OUTCOMES, max = limits::OUTCOMES))]
    outcomes: Vec<Outcome>,
    /// The questions, in the order readers see them.
    #[schemars(length(min = 1, max = limits::QUESTIONS))]
    questions: Vec<Question>,
    /// Version 2: show each scored question's choices in an order shuffled per reader (the
    /// same for that reader on every visit), so their position tells nothing. A question can
    /// keep its order with its own "shuffle": false; stage and hardest questions always do.
    /// Default: false.
    shuffle: Option<bool>,
    /// Every string the widget shows that is not content; unset strings keep their English default.
    #[schemars(schema_with = "ui_schema")]
    ui: Option<BTreeMap<String, String>>,
    /// Where the host page's comments are, and the invitation to share there.
    comments: Option<Comments>,
}

/// Text direction.
#[derive(JsonSchema)]
#[schemars(rename_all = "lowercase")]
#[allow(dead_code)]
enum Dir {
    /// Left to right.
    Ltr,
    /// Right to left.
    Rtl,
}

/// One mindset gap: a transition the reader may not have made yet.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
struct Outcome {
    /// Unique among outcomes. Letters, digits, - and _.
    #[schemars(regex(pattern = ID_PATTERN))]
    id: String,
    /// The transition's full name.
    #[schemars(length(min = 1, max = text_limits::LABEL))]
    label: String,
    /// A short name for the chart and the ladder. Default: the label.
    #[schemars(length(min = 1, max = text_limits::SHORT))]
    short: Option<String>,
    /// The mindset change, in one sentence.
    #[schemars(length(min = 1, max = text_limits::SHIFT))]
    shift: String,
    /// Why the shift is hard and why it matters.
    #[schemars(length(min = 1, max = text_limits::SUMMARY))]
    summary: String,
    /// Concrete next steps.
    #[schemars(length(min = 1, max = limits::ACTIONS), inner(length(min = 1, max = text_limits::ACTION)))]
    actions: Vec<String>,
    /// Related content. Default: none.
    #[schemars(length(max = limits::LINKS))]
    links: Option<Vec<Link>>,
    /// Your call to action for readers with this gap (a booking or newsletter page, say),
    /// shown on the result.
    cta: Option<CallToAction>,
}

/// A call to action. `{outcome}` is filled in: the outcome's label in the text, its id in the URL.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
struct CallToAction {
    /// The button's text.
    #[schemars(length(min = 1, max = text_limits::CTA))]
    text: String,
    /// An https:, http: or relative URL.
    #[schemars(length(min = 1, max = limits::URL), regex(pattern = r"^(?:[Hh][Tt][Tt][Pp][Ss]?:|[^:/?#\s]*(?:[/?#]|$))\S*$"))]
    url: String,
}

/// A link to related content.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
struct Link {
    /// The link's text.
    #[schemars(length(min = 1, max = text_limits::LINK_TITLE))]
    title: String,
    /// An https:, http: or relative URL. Other schemes (javascript:, data:, mailto:) are rejected.
    #[schemars(length(min = 1, max = limits::URL), regex(pattern = r"^(?:[Hh][Tt][Tt][Pp][Ss]?:|[^:/?#\s]*(?:[/?#]|$))\S*$"))]
    url: String,
    /// What it is, shown beside the title, such as "article" or "webinar".
    #[schemars(length(min = 1, max = text_limits::KIND))]
    kind: Option<String>,
}

/// What a question is for.
#[derive(JsonSchema)]
#[schemars(rename_all = "lowercase")]
#[allow(dead_code)]
enum Role {
    /// A situational question whose choices carry weights (the default).
    Scored,
    /// Where the reader is on the ladder now: each choice names the outcome that is their next transition.
    Stage,
    /// Which transition the reader finds hardest: each choice names an outcome.
    Hardest,
}

/// One question.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
struct Question {
    /// Unique among questions. Letters, digits, - and _.
    #[schemars(regex(pattern = ID_PATTERN))]
    id: String,
    /// The question itself.
    #[schemars(length(min = 1, max = text_limits::PROMPT))]
    prompt: String,
    /// Extra explanation under the prompt.
    #[schemars(length(min = 1, max = text_limits::HELP))]
    help: Option<String>,
    /// Default: "scored". At most one stage and one hardest question, and only in a quiz with
    /// "ordered": true (in version 1, a stage or hardest question makes the quiz ordered).
    role: Option<Role>,
    /// Version 2: show this question only to readers who gave one of these answers (choice
    /// ids) to the stage question, which must come before it. Others skip it, and it counts
    /// for nothing in their result. Default: every reader sees it.
    #[schemars(length(min = 1, max = limits::CHOICES), inner(regex(pattern = ID_PATTERN)))]
    stages: Option<Vec<String>>,
    /// Version 2, scored questions only: false keeps the choices in the file's order (a scale,
    /// say) in a quiz with "shuffle": true; true shuffles them in any quiz. Default: the
    /// quiz's "shuffle".
    shuffle: Option<bool>,
    /// The choices, in display order unless the question is shuffled.
    #[schemars(length(min = limits::MIN_CHOICES, max = limits::CHOICES))]
    choices: Vec<Choice>,
}

/// One choice.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
struct Choice {
    /// Unique within its question. Letters, digits, - and _.
    #[schemars(regex(pattern = ID_PATTERN))]
    id: String,
    /// What the reader sees.
    #[schemars(length(min = 1, max = text_limits::CHOICE))]
    text: String,
    /// Outcome id to weight (a whole number from 0 to 10). Outcomes left out get 0.
    #[schemars(schema_with = "weights_schema")]
    weights: Option<BTreeMap<String, u32>>,
    /// Stage and hardest questions only, and required there: the outcome id this choice names,
    /// or null for a choice that names none ("I would rather not say").
    #[schemars(regex(pattern = ID_PATTERN))]
    outcome: Option<String>,
}

/// The host page's comment section.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
struct Comments {
    /// A CSS selector for the comment section, such as "#comments".
    #[schemars(length(min = 1, max = text_limits::SELECTOR))]
    selector: String,
    /// The invitation to share one's experience there.
    #[schemars(length(min = 1, max = text_limits::COMMENTS_PROMPT))]
    prompt: String,
}

fn weights_schema(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "type": "object",
        "description": "Outcome id to weight (a whole number from 0 to 10). Outcomes left out get 0.",
        "propertyNames": { "pattern": ID_PATTERN },
        "additionalProperties": { "type": "integer", "minimum": 0, "maximum": limits::WEIGHT },
    })
}

fn ui_schema(_: &mut SchemaGenerator) -> Schema {
    let mut properties = Map::new();
    for entry in UI_STRINGS {
        let placeholders = match entry.placeholders {
            [] => String::new(),
            names => {
                format!(" Placeholders: {}.", names.iter().map(|n| format!("{{{n}}}")).collect::<Vec<_>>().join(", "))
            }
        };
        properties.insert(
            entry.key.to_string(),
            json!({
                "type": "string",
                "minLength": 1,
                "maxLength": text_limits::UI,
                "description": format!("{}{placeholders}", entry.doc.trim()),
                "default": entry.default,
            }),
        );
    }
    json_schema!({
        "type": "object",
        "description": "Every string the widget shows that is not content. Unset strings keep their English default.",
        "properties": Value::Object(properties),
        "additionalProperties": false,
    })
}

/// The schema as pretty JSON, ending with a newline.
pub fn schema_json() -> String {
    let mut schema = schemars::schema_for!(QuizFile).to_value();
    // Optional fields may be left out, but not set to null: the validator rejects null.
    without_null(&mut schema);
    // Fields with a hand-written schema are optional too (schemars cannot tell).
    for (pointer, key) in [("", "ui"), ("/$defs/Choice", "weights")] {
        if let Some(Value::Array(required)) = schema.pointer_mut(&format!("{pointer}/required")) {
            required.retain(|name| name != key);
        }
    }
    // A version 1 file has neither "shuffle" nor "stages" (the validator says to set version 2).
    if let Value::Object(root) = &mut schema {
        root.insert("if".into(), json!({ "properties": { "version": { "const": 1 } }, "required": ["version"] }));
        root.insert(
            "then".into(),
            json!({
                "properties": {
                    "shuffle": false,
                    "questions": { "items": { "properties": { "stages": false, "shuffle": false } } },
                },
            }),
        );
    }
    serde_json::to_string_pretty(&schema).expect("a schema is always JSON") + "\n"
}

/// Removes the `null` alternative schemars adds for `Option` fields.
fn without_null(value: &mut Value) {
    match value {
        Value::Object(object) => {
            if let Some(Value::Array(types)) = object.get_mut("type") {
                types.retain(|kind| kind != "null");
                if let [only] = types.as_slice() {
                    let only = only.clone();
                    object.insert("type".into(), only);
                }
            }
            if let Some(Value::Array(alternatives)) = object.get_mut("anyOf") {
                alternatives.retain(|alternative| alternative.get("type").is_none_or(|kind| kind != "null"));
                if let [only] = alternatives.as_slice() {
                    let only = only.as_object().cloned().unwrap_or_default();
                    object.remove("anyOf");
                    object.extend(only);
                }
            }
            object.values_mut().for_each(without_null);
        }
        Value::Array(items) => items.iter_mut().for_each(without_null),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::keys;

    const SCHEMA_FILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../quiz.schema.json");

    #[test]
    fn the_committed_schema_is_up_to_date() {
        let fresh = schema_json();
        if std::env::var_os("UPDATE_SCHEMA").is_some() {
            std::fs::write(SCHEMA_FILE, &fresh).unwrap();
        }
        let committed = std::fs::read_to_string(SCHEMA_FILE).unwrap_or_default();
        assert!(
            committed == fresh,
            "quiz.schema.json is out of date: run `UPDATE_SCHEMA=1 cargo test schema` and commit it"
        );
    }

    /// The property names of the object schema at `pointer` (a JSON pointer into the schema).
    fn properties(schema: &Value, pointer: &str) -> Vec<String> {
        let object = schema.pointer(pointer).unwrap_or_else(|| panic!("no {pointer}"));
        let mut names: Vec<String> = object["properties"].as_object().unwrap().keys().cloned().collect();
        names.sort();
        names
    }

    fn sorted(keys: &[&str]) -> Vec<String> {
        let mut keys: Vec<String> = keys.iter().map(ToString::to_string).collect();
        keys.sort();
        keys
    }

    #[test]
    fn the_schema_and_the_validator_know_the_same_keys() {
        let schema: Value = serde_json::from_str(&schema_json()).unwrap();
        assert_eq!(properties(&schema, ""), sorted(keys::QUIZ));
        assert_eq!(properties(&schema, "/$defs/Outcome"), sorted(keys::OUTCOME));
        assert_eq!(properties(&schema, "/$defs/CallToAction"), sorted(keys::CTA));
        assert_eq!(properties(&schema, "/$defs/Link"), sorted(keys::LINK));
        assert_eq!(properties(&schema, "/$defs/Question"), sorted(keys::QUESTION));
        assert_eq!(properties(&schema, "/$defs/Choice"), sorted(keys::CHOICE));
        assert_eq!(properties(&schema, "/$defs/Comments"), sorted(keys::COMMENTS));
        let ui_keys: Vec<&str> = UI_STRINGS.iter().map(|entry| entry.key).collect();
        assert_eq!(properties(&schema, "/properties/ui"), sorted(&ui_keys));
    }
}
