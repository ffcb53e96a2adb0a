//! The built-in quiz on the four transitions, used when a page names no quiz of its own.

use crate::quiz::Quiz;
use crate::validate::{Problem, parse_quiz};

/// The built-in quiz's id (its `id` field; a test keeps the two the same), known without
/// reading the quiz.
pub const DEFAULT_QUIZ_ID: &str = "four-transitions";

/// The default quiz's source: the same file site owners can copy as a template.
pub const DEFAULT_QUIZ_JSON: &str = include_str!("../../../quizzes/four-transitions.en.json");

/// The default quiz, parsed and validated like any other (the tests keep it valid).
pub fn default_quiz() -> Result<Quiz, Vec<Problem>> {
    parse_quiz(DEFAULT_QUIZ_JSON)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_built_in_quiz_has_the_id_its_constant_says() {
        assert_eq!(super::default_quiz().unwrap().id, super::DEFAULT_QUIZ_ID);
    }
}
