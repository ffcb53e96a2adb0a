//! Small quizzes for the unit tests, written as quiz files so they also exercise parsing.

use crate::quiz::Quiz;
use crate::validate::parse_quiz;

/// Two ordered outcomes; a stage question, then two scored questions.
pub const TINY_QUIZ_JSON: &str = r#"{
  "version": 1, "id": "tiny", "ordered": true, "title": "Tiny", "intro": "A tiny quiz.",
  "outcomes": [
    { "id": "low", "label": "The lower rung", "shift": "Shift one.", "summary": "Why one matters.",
      "actions": ["Do one thing."], "links": [{ "title": "Read", "url": "https://example.com/low" }] },
    { "id": "high", "label": "The higher rung", "shift": "Shift two.", "summary": "Why two matters.",
      "actions": ["Do another thing."] }
  ],
  "questions": [
    { "id": "where", "role": "stage", "prompt": "Where are you?", "choices": [
      { "id": "bottom", "text": "At the bottom", "outcome": "low" },
      { "id": "top", "text": "At the top", "outcome": "high" } ] },
    { "id": "q1", "prompt": "First?", "choices": [
      { "id": "a", "text": "A", "weights": { "low": 2 } },
      { "id": "b", "text": "B", "weights": { "high": 2 } } ] },
    { "id": "q2", "prompt": "Second?", "choices": [
      { "id": "a", "text": "A", "weights": { "low": 1, "high": 1 } },
      { "id": "b", "text": "B", "weights": { "high": 3 } } ] }
  ]
}"#;

/// [`TINY_QUIZ_JSON`], parsed.
pub fn tiny_quiz() -> Quiz {
    parse_quiz(TINY_QUIZ_JSON).expect("the tiny quiz is valid")
}

/// Format version 2: three ordered outcomes; a stage question, a question for everyone, and
/// stage-aware questions (`early` for "new" readers, `later` for "lead" and "top", `scale`
/// for "top" only, which keeps its order); choices shuffled. Questions shown: "new" 3,
/// "lead" 3, "top" 4.
pub const STAGES_QUIZ_JSON: &str = r#"{
  "version": 2, "id": "stages", "ordered": true, "shuffle": true, "title": "Stages", "intro": "A quiz by stage.",
  "outcomes": [
    { "id": "low", "label": "The lower rung", "shift": "Shift one.", "summary": "Why one matters.", "actions": ["Do one."] },
    { "id": "mid", "label": "The middle rung", "shift": "Shift two.", "summary": "Why two matters.", "actions": ["Do two."] },
    { "id": "high", "label": "The higher rung", "shift": "Shift three.", "summary": "Why three matters.", "actions": ["Do three."] }
  ],
  "questions": [
    { "id": "where", "role": "stage", "prompt": "Where are you?", "choices": [
      { "id": "new", "text": "New", "outcome": "low" },
      { "id": "lead", "text": "Leading", "outcome": "mid" },
      { "id": "top", "text": "At the top", "outcome": "high" } ] },
    { "id": "all", "prompt": "For everyone?", "choices": [
      { "id": "a", "text": "A", "weights": { "low": 3 } },
      { "id": "b", "text": "B", "weights": { "mid": 3 } },
      { "id": "c", "text": "C", "weights": { "high": 3 } },
      { "id": "d", "text": "D" } ] },
    { "id": "early", "stages": ["new"], "prompt": "For new readers?", "choices": [
      { "id": "a", "text": "A", "weights": { "low": 3 } },
      { "id": "b", "text": "B", "weights": { "mid": 2 } },
      { "id": "c", "text": "C" } ] },
    { "id": "later", "stages": ["lead", "top"], "prompt": "For leaders?", "choices": [
      { "id": "a", "text": "A", "weights": { "mid": 3 } },
      { "id": "b", "text": "B", "weights": { "high": 3 } },
      { "id": "c", "text": "C" } ] },
    { "id": "scale", "stages": ["top"], "shuffle": false, "prompt": "How much?", "choices": [
      { "id": "none", "text": "None", "weights": {} },
      { "id": "some", "text": "Some", "weights": { "high": 1 } },
      { "id": "lots", "text": "Lots", "weights": { "high": 3 } } ] }
  ]
}"#;

/// [`STAGES_QUIZ_JSON`], parsed.
pub fn stages_quiz() -> Quiz {
    parse_quiz(STAGES_QUIZ_JSON).expect("the stages quiz is valid")
}
