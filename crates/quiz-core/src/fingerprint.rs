//! The fingerprint of a quiz's structure: a short hash of its outcome, question and choice
//! ids, in order. Saved progress and shared links both carry it, so an edited quiz never
//! resumes or shows a result with the wrong questions, while fixing a typo in a text keeps
//! both. It hashes the quiz alone, never the version of a format that carries it: changing
//! how progress is saved must not break every link ever shared.

use crate::quiz::Quiz;

/// A short hash of the quiz's structure: its outcome ids, and each question's id and choice ids.
pub fn fingerprint(quiz: &Quiz) -> String {
    // FNV-1a, 32 bits: enough to tell versions of one quiz apart, and short in a link.
    let mut hash: u32 = 0x811c_9dc5;
    let mut feed = |text: &str| {
        for byte in text.bytes().chain(std::iter::once(0)) {
            hash ^= u32::from(byte);
            hash = hash.wrapping_mul(0x0100_0193);
        }
    };
    for outcome in &quiz.outcomes {
        feed(&outcome.id);
    }
    for question in &quiz.questions {
        feed(&question.id);
        for choice in &question.choices {
            feed(&choice.id);
        }
    }
    format!("{hash:08x}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_quiz::tiny_quiz;

    #[test]
    fn the_fingerprint_changes_with_structure_but_not_with_wording() {
        let quiz = tiny_quiz();
        let mut reworded = quiz.clone();
        reworded.questions[1].prompt = "Reworded?".into();
        reworded.outcomes[0].summary = "Better words.".into();
        assert_eq!(fingerprint(&reworded), fingerprint(&quiz));
        let mut new_choice = quiz.clone();
        new_choice.questions[1].choices[1].id = "c".into();
        assert_ne!(fingerprint(&new_choice), fingerprint(&quiz));
        let mut reordered = quiz.clone();
        reordered.questions.swap(1, 2);
        assert_ne!(fingerprint(&reordered), fingerprint(&quiz));
    }

    #[test]
    fn the_fingerprint_hashes_the_ids_alone() {
        // FNV-1a over each id followed by a zero byte, written again here from its definition:
        // nothing but the quiz's ids goes in (no format version of any carrier).
        let quiz = tiny_quiz();
        let mut hash: u32 = 0x811c_9dc5;
        let question_ids = quiz.questions.iter().flat_map(|question| {
            std::iter::once(question.id.as_str()).chain(question.choices.iter().map(|choice| choice.id.as_str()))
        });
        for id in quiz.outcomes.iter().map(|outcome| outcome.id.as_str()).chain(question_ids) {
            for byte in id.bytes().chain([0]) {
                hash = (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193);
            }
        }
        assert_eq!(fingerprint(&quiz), format!("{hash:08x}"));
    }
}
