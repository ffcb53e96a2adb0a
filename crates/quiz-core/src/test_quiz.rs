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
