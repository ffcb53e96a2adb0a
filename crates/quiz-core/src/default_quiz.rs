//! The built-in quiz on the four transitions, used when a page names no quiz of its own.
//!
//! The widget does not carry it: it fetches [`DEFAULT_QUIZ_FILE`] from beside embed.js, like
//! any quiz file (a page with a quiz of its own then loads nothing of it). The text is
//! compiled in here for the tools that run natively (the checker, the results server, the
//! tests).

use crate::quiz::Quiz;
use crate::validate::{Problem, parse_quiz};

/// The built-in quiz's id (its `id` field; a test keeps the two the same), known without
/// reading the quiz.
pub const DEFAULT_QUIZ_ID: &str = "four-transitions";

/// Where the widget finds the built-in quiz: this path, relative to embed.js's folder, in
/// `dist/` (the same file site owners can copy as a template).
pub const DEFAULT_QUIZ_FILE: &str = "quizzes/four-transitions.en.json";

/// The default quiz's source: the same file site owners can copy as a template.
pub const DEFAULT_QUIZ_JSON: &str = include_str!("../../../quizzes/four-transitions.en.json");

/// The default quiz, parsed and validated like any other (the tests keep it valid).
pub fn default_quiz() -> Result<Quiz, Vec<Problem>> {
    parse_quiz(DEFAULT_QUIZ_JSON)
}

#[cfg(test)]
mod tests {
    use crate::quiz::{Quiz, Role};
    use crate::scoring::{diagnose, within_reach};

    #[test]
    fn the_built_in_quiz_has_the_id_its_constant_says() {
        assert_eq!(super::default_quiz().unwrap().id, super::DEFAULT_QUIZ_ID);
    }

    /// For each answer to the stage question: its index, and the scored questions it shows.
    fn stages(quiz: &Quiz) -> Vec<(usize, Vec<usize>)> {
        let stage_idx = quiz.stage_question().expect("the built-in quiz asks the stage");
        (0..quiz.questions[stage_idx].choices.len())
            .map(|choice_idx| {
                let mut answers = vec![None; quiz.questions.len()];
                answers[stage_idx] = Some(choice_idx);
                let shown = (0..quiz.questions.len())
                    .filter(|&idx| quiz.questions[idx].role == Role::Scored && quiz.is_shown(idx, &answers))
                    .collect();
                (choice_idx, shown)
            })
            .collect()
    }

    /// A complete answer set for a reader at stage choice `stage_choice`: `pick` chooses the
    /// choice of each scored question shown.
    fn answers_for(quiz: &Quiz, stage_choice: usize, pick: impl Fn(usize) -> usize) -> Vec<Option<usize>> {
        let mut answers = vec![None; quiz.questions.len()];
        answers[quiz.stage_question().unwrap()] = Some(stage_choice);
        for question_idx in 0..quiz.questions.len() {
            let question = &quiz.questions[question_idx];
            if question.role == Role::Hardest {
                answers[question_idx] = Some(question.choices.len() - 1);
            } else if question.role == Role::Scored && quiz.is_shown(question_idx, &answers) {
                answers[question_idx] = Some(pick(question_idx));
            }
        }
        answers
    }

    /// The choices of a question that give no outcome any weight.
    fn unweighted(quiz: &Quiz, question_idx: usize) -> Vec<usize> {
        let choices = &quiz.questions[question_idx].choices;
        (0..choices.len()).filter(|&idx| choices[idx].weights.iter().all(|&weight| weight == 0)).collect()
    }

    /// Both built-in quizzes (they score alike; a test in `validate` checks that).
    fn built_in() -> Vec<Quiz> {
        let spanish = include_str!("../../../quizzes/four-transitions.es.json");
        vec![super::default_quiz().unwrap(), crate::validate::parse_quiz(spanish).unwrap()]
    }

    #[test]
    fn every_reader_meets_the_same_number_of_questions() {
        // So "Question 3 of 10" never changes its total once the stage is given.
        let quiz = super::default_quiz().unwrap();
        let counts: Vec<usize> = stages(&quiz).into_iter().map(|(_, shown)| shown.len()).collect();
        assert!(counts.iter().all(|&count| count == counts[0] && count >= 6), "{counts:?}");
    }

    #[test]
    fn each_climb_a_reader_is_asked_about_can_collect_comparable_evidence() {
        // Per stage: the most raw points each outcome can collect from the questions that
        // reader sees, worked out from the weights here. Among the outcomes those questions
        // test at all, the largest is at most 1.25 times the smallest; the climb that goes
        // with the reader's role is always tested, and a reader who gave no stage is asked
        // about every climb.
        let quiz = super::default_quiz().unwrap();
        let stage_idx = quiz.stage_question().unwrap();
        for (choice_idx, shown) in stages(&quiz) {
            let choice = &quiz.questions[stage_idx].choices[choice_idx];
            let most: Vec<u32> = (0..quiz.outcomes.len())
                .map(|outcome_idx| {
                    shown
                        .iter()
                        .map(|&question_idx| {
                            let choices = &quiz.questions[question_idx].choices;
                            choices.iter().map(|choice| choice.weights[outcome_idx]).max().unwrap_or(0)
                        })
                        .sum()
                })
                .collect();
            let tested: Vec<u32> = most.iter().copied().filter(|&points| points > 0).collect();
            let (low, high) = (*tested.iter().min().unwrap(), *tested.iter().max().unwrap());
            assert!(4 * high <= 5 * low, "{}: {most:?}", choice.id);
            match choice.outcome {
                Some(own) => assert!(most[own] > 0, "{}: its own climb is tested", choice.id),
                None => assert!(most.iter().all(|&points| points > 0), "{}: every climb is tested", choice.id),
            }
            // Nothing above reach is asked about: it could only ever be a lean.
            for (outcome_idx, &points) in most.iter().enumerate() {
                assert!(points == 0 || within_reach(choice.outcome, outcome_idx), "{}: {outcome_idx}", choice.id);
            }
        }
    }

    #[test]
    fn no_situation_has_a_single_sound_answer() {
        // Every scored question offers at least two choices that point to no gap (two
        // different sound answers, so the virtuous-sounding one is not the key) and at least
        // one that points somewhere, and the choices are shuffled per reader.
        let quiz = super::default_quiz().unwrap();
        assert!(quiz.shuffle);
        for (question_idx, question) in quiz.questions.iter().enumerate() {
            if question.role != Role::Scored {
                continue;
            }
            let sound = unweighted(&quiz, question_idx).len();
            assert!(sound >= 2 && sound < question.choices.len(), "{}", question.id);
            assert!(question.shuffle, "{}", question.id);
        }
    }

    #[test]
    fn sweep_sound_answers_at_every_stage_give_no_clear_gap() {
        // Every combination of sound answers, for every stage answer.
        for quiz in built_in() {
            for (stage_choice, shown) in stages(&quiz) {
                let options: Vec<Vec<usize>> = shown.iter().map(|&idx| unweighted(&quiz, idx)).collect();
                let combinations: usize = options.iter().map(Vec::len).product();
                for combination in 0..combinations {
                    let mut rest = combination;
                    let mut picks = vec![0; quiz.questions.len()];
                    for (&question_idx, choices) in shown.iter().zip(&options) {
                        picks[question_idx] = choices[rest % choices.len()];
                        rest /= choices.len();
                    }
                    let diagnosis = diagnose(&quiz, &answers_for(&quiz, stage_choice, |idx| picks[idx]));
                    assert_eq!(diagnosis.gap, None, "{} at stage {stage_choice}", quiz.locale);
                    assert!(diagnosis.scores.iter().all(|&score| score == 0));
                }
            }
        }
    }

    #[test]
    fn sweep_any_single_weighted_answer_alone_gives_no_clear_gap() {
        // For every stage answer, every weighted choice of every question shown, with sound
        // answers everywhere else: a lean at most, never a named gap, and never further up.
        for quiz in built_in() {
            for (stage_choice, shown) in stages(&quiz) {
                for &question_idx in &shown {
                    for (choice_idx, choice) in quiz.questions[question_idx].choices.iter().enumerate() {
                        if choice.weights.iter().all(|&weight| weight == 0) {
                            continue;
                        }
                        let answers = answers_for(&quiz, stage_choice, |idx| match idx == question_idx {
                            true => choice_idx,
                            false => unweighted(&quiz, idx)[0],
                        });
                        let diagnosis = diagnose(&quiz, &answers);
                        let what = format!(
                            "{} at stage {stage_choice}: {}/{}",
                            quiz.locale, quiz.questions[question_idx].id, choice.id
                        );
                        assert_eq!((diagnosis.gap, diagnosis.further_up), (None, None), "{what}");
                        assert!(diagnosis.scores.iter().any(|&score| score > 0), "{what} leans somewhere");
                    }
                }
            }
        }
    }
}
