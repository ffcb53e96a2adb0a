//! A completed set of answers as another program sends it (a results server reading a
//! completion, a test, a tool): pairs of question id and choice id, decoded into the
//! choice index per question that scoring takes, with the quiz's rule of which questions a
//! reader must have answered. One decoder, so the server and the widget agree on what
//! "complete" means.

use crate::quiz::Quiz;

/// Why a set of answers is not a complete, valid set for a quiz.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnswersError {
    /// A question id the quiz does not have.
    UnknownQuestion(String),
    /// A choice id the question does not have: (question id, choice id).
    UnknownChoice(String, String),
    /// The same question answered twice.
    Repeated(String),
    /// A question the reader was shown and did not answer.
    Unanswered(String),
    /// An answer to a question this reader is never shown (it is for readers at other
    /// stages), so no reader could have sent it.
    NotShown(String),
}

impl AnswersError {
    /// A short code for the kind of problem (for an API's error field).
    pub fn code(&self) -> &'static str {
        match self {
            AnswersError::UnknownQuestion(_) | AnswersError::UnknownChoice(..) => "unknown_answer",
            AnswersError::Repeated(_) => "repeated_answer",
            AnswersError::Unanswered(_) => "incomplete",
            AnswersError::NotShown(_) => "not_shown",
        }
    }

    /// What is wrong, in words.
    pub fn describe(&self) -> String {
        match self {
            AnswersError::UnknownQuestion(question) => format!("the quiz has no question \"{question}\""),
            AnswersError::UnknownChoice(question, choice) => {
                format!("the question \"{question}\" has no choice \"{choice}\"")
            }
            AnswersError::Repeated(question) => format!("the question \"{question}\" is answered twice"),
            AnswersError::Unanswered(question) => format!("the question \"{question}\" is not answered"),
            AnswersError::NotShown(question) => format!(
                "the question \"{question}\" is answered, but it is not shown to a reader who gave this stage answer"
            ),
        }
    }
}

/// Decodes `pairs` of (question id, choice id) into the chosen choice index per question,
/// and checks that they are exactly the answers a reader who finished `quiz` gives: every
/// question shown to them answered ([`Quiz::is_shown`]), none that was not shown.
pub fn decode<'a>(
    quiz: &Quiz,
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<Vec<Option<usize>>, AnswersError> {
    let mut answers = vec![None; quiz.questions.len()];
    for (question_id, choice_id) in pairs {
        let question_idx = quiz
            .questions
            .iter()
            .position(|question| question.id == question_id)
            .ok_or_else(|| AnswersError::UnknownQuestion(question_id.to_string()))?;
        let choice_idx = quiz.questions[question_idx]
            .choices
            .iter()
            .position(|choice| choice.id == choice_id)
            .ok_or_else(|| AnswersError::UnknownChoice(question_id.to_string(), choice_id.to_string()))?;
        if answers[question_idx].replace(choice_idx).is_some() {
            return Err(AnswersError::Repeated(question_id.to_string()));
        }
    }
    for (question_idx, question) in quiz.questions.iter().enumerate() {
        match (quiz.is_shown(question_idx, &answers), answers[question_idx].is_some()) {
            (true, false) => return Err(AnswersError::Unanswered(question.id.clone())),
            (false, true) => return Err(AnswersError::NotShown(question.id.clone())),
            _ => {}
        }
    }
    Ok(answers)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_quiz::tiny_quiz;

    fn check(pairs: &[(&str, &str)], expected: Result<Vec<Option<usize>>, AnswersError>) {
        let quiz = tiny_quiz();
        assert_eq!(decode(&quiz, pairs.iter().copied()), expected, "{pairs:?}");
    }

    #[test]
    fn complete_answers_decode_to_choice_indices() {
        let quiz = tiny_quiz();
        let pairs: Vec<(&str, &str)> = quiz
            .questions
            .iter()
            .map(|question| (question.id.as_str(), question.choices.last().unwrap().id.as_str()))
            .collect();
        let expected: Vec<Option<usize>> =
            quiz.questions.iter().map(|question| Some(question.choices.len() - 1)).collect();
        check(&pairs, Ok(expected));
    }

    #[test]
    fn every_kind_of_bad_answer_is_named() {
        let quiz = tiny_quiz();
        let first = &quiz.questions[0];
        check(&[("nope", "x")], Err(AnswersError::UnknownQuestion("nope".into())));
        check(&[(first.id.as_str(), "nope")], Err(AnswersError::UnknownChoice(first.id.clone(), "nope".into())));
        let choice = first.choices[0].id.as_str();
        check(
            &[(first.id.as_str(), choice), (first.id.as_str(), choice)],
            Err(AnswersError::Repeated(first.id.clone())),
        );
        check(&[], Err(AnswersError::Unanswered(first.id.clone())));
    }
}
