//! Tests for scoring: the formula, the tie rule, close seconds, evidence, and properties
//! that hold for generated quizzes.

use super::*;
use crate::quiz::{Choice, Outcome, Question, Role, Ui};
use crate::test_quiz::tiny_quiz;

#[test]
fn gap_score_is_a_rounded_percentage() {
    for (weight, most, expected) in
        [(0, 0, 0), (0, 5, 0), (5, 5, 100), (1, 3, 33), (2, 3, 67), (1, 2, 50), (1, 8, 13), (7, 5, 100)]
    {
        assert_eq!(gap_score(weight, most), expected, "{weight}/{most}");
    }
}

#[test]
fn the_lower_rung_wins_a_tie() {
    for (scores, expected) in [(&[10, 80, 80, 20][..], 1), (&[0, 0, 0], 0), (&[5, 6, 7], 2), (&[], 0)] {
        assert_eq!(likely_gap(scores), expected, "{scores:?}");
    }
}

/// The tiny quiz: stage (low/high), q1 (a: low 2 | b: high 2), q2 (a: low 1 high 1 | b: high 3).
fn check(answers: &[Option<usize>], scores: &[u8], likely: usize, close_second: Option<usize>) {
    let diagnosis = diagnose(&tiny_quiz(), answers);
    assert_eq!(
        (diagnosis.scores.as_slice(), diagnosis.likely, diagnosis.close_second),
        (scores, likely, close_second),
        "{answers:?}"
    );
}

#[test]
fn diagnoses_follow_the_formula() {
    // low: (2 + 1) / (2 + 1) = 100; high: 1 / (2 + 3) = 20.
    check(&[Some(0), Some(0), Some(0)], &[100, 20], 0, None);
    // low: 0 / 3; high: (2 + 3) / 5 = 100.
    check(&[Some(1), Some(1), Some(1)], &[0, 100], 1, None);
    // low: 1 / 3 = 33; high: (2 + 1) / 5 = 60.
    check(&[Some(0), Some(1), Some(0)], &[33, 60], 1, None);
}

#[test]
fn skipped_questions_count_on_neither_side() {
    // Only q2 answered (a): low 1/1 = 100, high 1/3 = 33.
    check(&[None, None, Some(0)], &[100, 33], 0, None);
    // Nothing answered: everything 0, the lowest rung by the tie rule.
    check(&[None, None, None], &[0, 0], 0, None);
    // Stale data: unknown choices and extra answers are ignored.
    check(&[Some(9), Some(0), Some(7), Some(1)], &[100, 0], 0, None);
}

#[test]
fn a_runner_up_within_the_margin_is_a_close_second() {
    let quiz = generated(&[&[&[3, 0, 0], &[0, 3, 0]], &[&[2, 0, 0], &[0, 2, 1]], &[&[0, 0, 1], &[1, 0, 0]]]);
    // a: 3+0+0 / 6 = 50; b: 0+2+0 / 5 = 40; c: 0+1+1 / 2 = 100. likely c; a at 50 is not close.
    let diagnosis = diagnose(&quiz, &[Some(1), Some(1), Some(0)]);
    assert_eq!((diagnosis.scores, diagnosis.likely, diagnosis.close_second), (vec![0, 100, 100], 1, Some(2)));
    let diagnosis = diagnose(&quiz, &[Some(0), Some(0), Some(1)]);
    assert_eq!((diagnosis.scores, diagnosis.likely, diagnosis.close_second), (vec![100, 0, 0], 0, None));
}

#[test]
fn the_diagnosis_knows_stage_hardest_and_evidence() {
    let quiz = tiny_quiz();
    let diagnosis = diagnose(&quiz, &[Some(0), Some(1), Some(1)]);
    assert_eq!(diagnosis.likely, 1);
    assert_eq!(diagnosis.stage, Some(0));
    assert_eq!(diagnosis.position(), Some(Position::Ahead));
    assert_eq!(diagnosis.hardest, None);
    assert_eq!(diagnosis.agrees(), None);
    assert_eq!(
        diagnosis.evidence,
        [
            Evidence { question_idx: 2, choice_idx: 1, weight: 3 },
            Evidence { question_idx: 1, choice_idx: 1, weight: 2 }
        ]
    );
    let diagnosis = diagnose(&quiz, &[Some(1), Some(0), Some(0)]);
    assert_eq!((diagnosis.likely, diagnosis.position()), (0, Some(Position::Behind)));
}

#[test]
fn the_default_quiz_compares_what_the_reader_said_with_their_answers() {
    let quiz = crate::default_quiz::default_quiz().unwrap();
    let choice = |question_id: &str, choice_id: &str| -> (usize, usize) {
        let question_idx = quiz.questions.iter().position(|q| q.id == question_id).unwrap();
        let choice_idx = quiz.questions[question_idx].choices.iter().position(|c| c.id == choice_id).unwrap();
        (question_idx, choice_idx)
    };
    // A manager of sellers who says the officer climb is hardest, but answers like
    // someone still proving themselves as a seller.
    let mut answers = vec![None; quiz.questions.len()];
    for (question_id, choice_id) in [
        ("stage", "manager"),
        ("hardest", "officer"),
        ("party", "pays"),
        ("target-met", "help"),
        ("rescue", "take-over"),
        ("promotion", "title"),
        ("proudest", "my-deals"),
        ("struggling-manager", "step-in"),
        ("new-teams", "their-managers"),
        ("board-pressure", "both"),
        ("acquisition", "strategic"),
        ("budget", "company-first"),
    ] {
        let (question_idx, choice_idx) = choice(question_id, choice_id);
        answers[question_idx] = Some(choice_idx);
    }
    let diagnosis = diagnose(&quiz, &answers);
    assert_eq!(quiz.outcomes[diagnosis.likely].id, "management");
    assert_eq!(quiz.outcomes[diagnosis.stage.unwrap()].id, "leading-leaders");
    assert_eq!(quiz.outcomes[diagnosis.hardest.unwrap()].id, "officer");
    assert_eq!(diagnosis.agrees(), Some(false));
    assert_eq!(diagnosis.position(), Some(Position::Behind));
    let strongest = diagnosis.evidence[0];
    assert_eq!(quiz.questions[strongest.question_idx].id, "rescue");
}

/// A quiz from a table of weights: `questions[q][c][o]` is choice c's weight for outcome o.
pub(crate) fn generated(questions: &[&[&[u32]]]) -> Quiz {
    let n_outcomes = questions[0][0].len();
    Quiz {
        id: "generated".into(),
        title: "Generated".into(),
        intro: "A generated quiz.".into(),
        locale: "en".into(),
        dir: Default::default(),
        outcomes: (0..n_outcomes)
            .map(|idx| Outcome {
                id: format!("o{idx}"),
                label: format!("Outcome {idx}"),
                short: format!("O{idx}"),
                shift: "Shift.".into(),
                summary: "Summary.".into(),
                actions: vec!["Act.".into()],
                links: vec![],
            })
            .collect(),
        questions: questions
            .iter()
            .enumerate()
            .map(|(question_idx, choices)| Question {
                id: format!("q{question_idx}"),
                prompt: "Question?".into(),
                help: None,
                role: Role::Scored,
                choices: choices
                    .iter()
                    .enumerate()
                    .map(|(choice_idx, weights)| Choice {
                        id: format!("c{choice_idx}"),
                        text: "Choice".into(),
                        weights: weights.to_vec(),
                        outcome: None,
                    })
                    .collect(),
            })
            .collect(),
        ui: Ui::default(),
        comments: None,
    }
}

mod properties {
    use super::*;
    use crate::reach::can_be_likely;
    use proptest::prelude::*;

    /// Weight tables for small quizzes: 2 to 4 outcomes, 1 to 5 questions, 2 to 4 choices.
    fn weight_tables() -> impl Strategy<Value = Vec<Vec<Vec<u32>>>> {
        (2usize..=4).prop_flat_map(|n_outcomes| {
            prop::collection::vec(prop::collection::vec(prop::collection::vec(0u32..=3, n_outcomes), 2..=4), 1..=5)
        })
    }

    fn quiz_of(table: &[Vec<Vec<u32>>]) -> Quiz {
        let rows: Vec<Vec<&[u32]>> = table.iter().map(|q| q.iter().map(Vec::as_slice).collect()).collect();
        let rows: Vec<&[&[u32]]> = rows.iter().map(Vec::as_slice).collect();
        generated(&rows)
    }

    /// Every complete answer set of `quiz`.
    fn all_answer_sets(quiz: &Quiz) -> Vec<Vec<Option<usize>>> {
        let mut sets = vec![vec![]];
        for question in &quiz.questions {
            sets = sets
                .into_iter()
                .flat_map(|set: Vec<Option<usize>>| {
                    (0..question.choices.len()).map(move |choice_idx| {
                        let mut set = set.clone();
                        set.push(Some(choice_idx));
                        set
                    })
                })
                .collect();
        }
        sets
    }

    proptest! {
        #[test]
        fn scores_stay_in_range_and_the_likely_gap_is_a_top_scorer(
            table in weight_tables(),
            picks in prop::collection::vec(prop::option::of(0usize..5), 0..7),
        ) {
            let quiz = quiz_of(&table);
            let diagnosis = diagnose(&quiz, &picks);
            prop_assert_eq!(diagnosis.scores.len(), quiz.outcomes.len());
            prop_assert!(diagnosis.scores.iter().all(|&score| score <= 100));
            let top = *diagnosis.scores.iter().max().unwrap();
            prop_assert_eq!(diagnosis.scores[diagnosis.likely], top);
            prop_assert!(diagnosis.scores[..diagnosis.likely].iter().all(|&score| score < top));
            if let Some(second) = diagnosis.close_second {
                prop_assert!(second != diagnosis.likely);
                prop_assert!(top - diagnosis.scores[second] <= CLOSE_MARGIN);
            }
            prop_assert!(diagnosis.evidence.len() <= MAX_EVIDENCE);
        }

        #[test]
        fn reachability_agrees_with_trying_every_answer_set(table in weight_tables()) {
            let quiz = quiz_of(&table);
            let reachable: Vec<bool> = {
                let mut reachable = vec![false; quiz.outcomes.len()];
                for answers in all_answer_sets(&quiz) {
                    reachable[diagnose(&quiz, &answers).likely] = true;
                }
                reachable
            };
            for (target, &expected) in reachable.iter().enumerate() {
                prop_assert_eq!(can_be_likely(&quiz, target), expected, "outcome {}", target);
            }
        }
    }
}
