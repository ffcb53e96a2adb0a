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

/// The tiny quiz: stage (low/high), q1 (a: low 2 | b: high 2), q2 (a: low 1 high 1 | b: high 3).
fn check(answers: &[Option<usize>], scores: &[u8], gap: Option<usize>, close_second: Option<usize>) {
    let diagnosis = diagnose(&tiny_quiz(), answers);
    assert_eq!(
        (diagnosis.scores.as_slice(), diagnosis.gap, diagnosis.close_second),
        (scores, gap, close_second),
        "{answers:?}"
    );
}

#[test]
fn diagnoses_follow_the_formula() {
    // low: (2 + 1) / (2 + 1) = 100; high: 1 / (2 + 3) = 20, under the threshold.
    check(&[Some(0), Some(0), Some(0)], &[100, 20], Some(0), None);
    // low: 0 / 3; high: (2 + 3) / 5 = 100.
    check(&[Some(1), Some(1), Some(1)], &[0, 100], Some(1), None);
    // low: 1 / 3 = 33; high: (2 + 1) / 5 = 60.
    check(&[Some(0), Some(1), Some(0)], &[33, 60], Some(1), None);
}

#[test]
fn skipped_questions_count_on_neither_side() {
    // Only q2 answered (a): low 1/1 = 100, high 1/3 = 33.
    check(&[None, None, Some(0)], &[100, 33], Some(0), None);
    // Nothing answered: everything 0, so no clear gap (never "the lowest rung").
    check(&[None, None, None], &[0, 0], None, None);
    // Stale data: unknown choices and extra answers are ignored.
    check(&[Some(9), Some(0), Some(7), Some(1)], &[100, 0], Some(0), None);
}

#[test]
fn the_lower_rung_wins_a_tie_among_clear_scores() {
    for (scores, stage, expected) in [
        (&[10, 80, 80, 20][..], None, Some(1)),
        (&[30, 30, 90, 90], None, Some(2)),
        (&[0, 0, 0], None, None),
        (&[5, 6, 7], None, None),
        (&[], None, None),
        // Reach: with the stage on rung 0, rungs 0 and 1 are within reach, 2 and 3 are not.
        (&[0, 40, 90, 95], Some(0), Some(1)),
        (&[0, 0, 90, 95], Some(0), None),
        (&[0, 0, 90, 95], Some(1), Some(2)),
        (&[0, 0, 90, 95], Some(2), Some(3)),
    ] {
        assert_eq!(headline_gap(scores, stage), expected, "{scores:?} at stage {stage:?}");
    }
}

/// A one-question quiz whose first choice gives exactly `scores` (each out of 100).
fn one_question(scores: &[u32]) -> Quiz {
    let full = vec![100; scores.len()];
    generated(&[&[scores, &full]])
}

#[test]
fn a_score_is_a_gap_from_the_threshold_up() {
    for (scores, gap) in [(&[24, 25][..], Some(1)), (&[24, 24], None), (&[0, 0], None), (&[25, 0], Some(0))] {
        let diagnosis = diagnose(&one_question(scores), &[Some(0)]);
        assert_eq!(diagnosis.gap, gap, "{scores:?}");
        assert_eq!(diagnosis.evidence.is_empty(), gap.is_none(), "evidence only for a gap: {scores:?}");
    }
}

#[test]
fn a_runner_up_within_the_margin_is_a_close_second() {
    let quiz = generated(&[&[&[3, 0, 0], &[0, 3, 0]], &[&[2, 0, 0], &[0, 2, 1]], &[&[0, 0, 1], &[1, 0, 0]]]);
    // a: 0 / 6; b: (3 + 2) / 5 = 100; c: (1 + 1) / 2 = 100. A tie: b leads, c is second.
    let diagnosis = diagnose(&quiz, &[Some(1), Some(1), Some(0)]);
    assert_eq!((diagnosis.scores, diagnosis.gap, diagnosis.close_second), (vec![0, 100, 100], Some(1), Some(2)));
    let diagnosis = diagnose(&quiz, &[Some(0), Some(0), Some(1)]);
    assert_eq!((diagnosis.scores, diagnosis.gap, diagnosis.close_second), (vec![100, 0, 0], Some(0), None));
}

#[test]
fn the_close_margin_is_ten_points_exactly() {
    for (scores, close_second) in
        [(&[100, 90][..], Some(1)), (&[100, 89], None), (&[60, 50], Some(1)), (&[60, 49], None)]
    {
        assert_eq!(diagnose(&one_question(scores), &[Some(0)]).close_second, close_second, "{scores:?}");
    }
}

#[test]
fn a_close_second_must_be_a_gap_itself() {
    // 30 and 20 are within ten points, but 20 is no gap, so it is not a second.
    let diagnosis = diagnose(&one_question(&[30, 20]), &[Some(0)]);
    assert_eq!((diagnosis.gap, diagnosis.close_second), (Some(0), None));
}

#[test]
fn the_diagnosis_knows_stage_hardest_and_evidence() {
    let quiz = tiny_quiz();
    let diagnosis = diagnose(&quiz, &[Some(0), Some(1), Some(1)]);
    assert_eq!(diagnosis.gap, Some(1));
    assert_eq!(diagnosis.stage, Some(0));
    assert_eq!(diagnosis.position(), Some(Position::Ahead));
    assert_eq!(diagnosis.hardest, None);
    assert_eq!(diagnosis.comparison(), None);
    assert_eq!(
        diagnosis.evidence,
        [
            Evidence { question_idx: 2, choice_idx: 1, weight: 3 },
            Evidence { question_idx: 1, choice_idx: 1, weight: 2 }
        ]
    );
    let diagnosis = diagnose(&quiz, &[Some(1), Some(0), Some(0)]);
    assert_eq!((diagnosis.gap, diagnosis.position()), (Some(0), Some(Position::Behind)));
}

/// One reader persona from `tests/personas/four-transitions.json`.
struct Persona {
    id: String,
    answers: Vec<Option<usize>>,
    expect: Vec<(String, crate::json::Value)>,
}

/// The persona table, read with the widget's own JSON reader; answers are resolved against
/// the built-in quiz by id, so a persona naming a question or choice that no longer exists
/// fails loudly.
fn personas(quiz: &Quiz) -> Vec<Persona> {
    use crate::json::Value;
    let text = include_str!("../../../../tests/personas/four-transitions.json");
    let Ok(Value::Object(root)) = crate::json::parse(text) else { panic!("the persona table is a JSON object") };
    let field = |members: &[(String, Value)], key: &str| -> Value {
        members.iter().find(|(name, _)| name == key).map(|(_, value)| value.clone()).unwrap_or(Value::Null)
    };
    let Value::Array(list) = field(&root, "personas") else { panic!("personas is a list") };
    list.into_iter()
        .map(|persona| {
            let Value::Object(persona) = persona else { panic!("a persona is an object") };
            let Value::String(id) = field(&persona, "id") else { panic!("a persona has an id") };
            let Value::Object(picks) = field(&persona, "answers") else { panic!("{id}: answers") };
            let Value::Object(expect) = field(&persona, "expect") else { panic!("{id}: expect") };
            assert_eq!(picks.len(), quiz.questions.len(), "{id} answers every question");
            let answers = quiz
                .questions
                .iter()
                .map(|question| {
                    let Value::String(choice_id) = field(&picks, &question.id) else {
                        panic!("{id} answers {}", question.id)
                    };
                    let choice_idx = question.choices.iter().position(|choice| choice.id == choice_id);
                    assert!(choice_idx.is_some(), "{id}: {} has no choice {choice_id}", question.id);
                    choice_idx
                })
                .collect();
            Persona { id, answers, expect }
        })
        .collect()
}

#[test]
fn every_persona_gets_the_result_worked_out_by_hand() {
    use crate::json::Value;
    let quiz = crate::default_quiz::default_quiz().unwrap();
    let personas = personas(&quiz);
    assert!(personas.len() >= 10, "at least ten personas");
    let id_of = |idx: Option<usize>| idx.map(|idx| quiz.outcomes[idx].id.clone());
    for persona in personas {
        let diagnosis = diagnose(&quiz, &persona.answers);
        let position = diagnosis.position().map(|position| match position {
            Position::Behind => "behind",
            Position::Current => "current",
            Position::Ahead => "ahead",
        });
        let said = diagnosis.comparison().map(|comparison| match comparison {
            Comparison::Same => "same",
            Comparison::Earlier => "earlier",
            Comparison::Later { hardest_shows: false } => "later",
            Comparison::Later { hardest_shows: true } => "later-both",
            Comparison::NoGap => "no-gap",
        });
        let next = diagnosis.next_climb().map(|next| match next {
            NextClimb::Stage(idx) => format!("stage:{}", quiz.outcomes[idx].id),
            NextClimb::Hardest(idx) => format!("hardest:{}", quiz.outcomes[idx].id),
            NextClimb::Browse => "browse".to_string(),
        });
        let text = |value: Option<String>| value.map_or(Value::Null, Value::String);
        let scores: Vec<(String, Value)> = quiz
            .outcomes
            .iter()
            .zip(&diagnosis.scores)
            .map(|(outcome, score)| (outcome.id.clone(), Value::Number(score.to_string())))
            .collect();
        let actual: Vec<(String, Value)> = vec![
            ("gap".into(), text(id_of(diagnosis.gap))),
            ("position".into(), text(position.map(String::from))),
            ("said".into(), text(said.map(String::from))),
            ("closeSecond".into(), text(id_of(diagnosis.close_second))),
            ("furtherUp".into(), text(id_of(diagnosis.further_up))),
            ("next".into(), text(next)),
            ("scores".into(), Value::Object(scores)),
        ];
        assert_eq!(actual, persona.expect, "persona {}", persona.id);
    }
}

#[test]
fn every_outcome_of_the_built_in_quiz_is_some_personas_result() {
    let quiz = crate::default_quiz::default_quiz().unwrap();
    let mut seen = vec![false; quiz.outcomes.len()];
    for persona in personas(&quiz) {
        if let Some(gap) = diagnose(&quiz, &persona.answers).gap {
            seen[gap] = true;
        }
    }
    assert_eq!(seen, vec![true; quiz.outcomes.len()]);
}

/// A quiz from a table of weights: `questions[q][c][o]` is choice c's weight for outcome o.
pub(crate) fn generated(questions: &[&[&[u32]]]) -> Quiz {
    let n_outcomes = questions[0][0].len();
    Quiz {
        version: crate::validate::FORMAT_VERSION,
        id: "generated".into(),
        title: "Generated".into(),
        intro: "A generated quiz.".into(),
        locale: "en".into(),
        dir: Default::default(),
        ordered: true,
        outcomes: (0..n_outcomes)
            .map(|idx| Outcome {
                id: format!("o{idx}"),
                label: format!("Outcome {idx}"),
                short: format!("O{idx}"),
                shift: "Shift.".into(),
                summary: "Summary.".into(),
                actions: vec!["Act.".into()],
                links: vec![],
                cta: None,
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
                shown_to: None,
                shuffle: false,
            })
            .collect(),
        shuffle: false,
        ui: Ui::default(),
        comments: None,
    }
}

mod properties {
    use super::*;
    use crate::reach::can_be_headline;
    use proptest::prelude::*;

    /// Weight tables for small quizzes: 2 to 4 outcomes, 1 to 5 questions, 2 to 4 choices.
    fn weight_tables() -> impl Strategy<Value = Vec<Vec<Vec<u32>>>> {
        (2usize..=4).prop_flat_map(|n_outcomes| {
            prop::collection::vec(prop::collection::vec(prop::collection::vec(0u32..=3, n_outcomes), 2..=4), 1..=5)
        })
    }

    /// Stage questions for those quizzes: none (an empty list), or 2 or 3 choices each
    /// naming an outcome index (taken modulo the number of outcomes) or none.
    fn stage_choices() -> impl Strategy<Value = Vec<Option<usize>>> {
        prop_oneof![Just(vec![]), prop::collection::vec(prop::option::weighted(0.8, 0usize..4), 2..=3)]
    }

    /// A quiz from a weight table, with a stage question first when `stages` is not empty.
    fn quiz_of(table: &[Vec<Vec<u32>>], stages: &[Option<usize>]) -> Quiz {
        let rows: Vec<Vec<&[u32]>> = table.iter().map(|q| q.iter().map(Vec::as_slice).collect()).collect();
        let rows: Vec<&[&[u32]]> = rows.iter().map(Vec::as_slice).collect();
        let mut quiz = generated(&rows);
        if !stages.is_empty() {
            let n_outcomes = quiz.outcomes.len();
            quiz.questions.insert(
                0,
                Question {
                    id: "stage".into(),
                    prompt: "Where are you?".into(),
                    help: None,
                    role: Role::Stage,
                    choices: stages
                        .iter()
                        .enumerate()
                        .map(|(choice_idx, outcome)| Choice {
                            id: format!("s{choice_idx}"),
                            text: "Here".into(),
                            weights: vec![0; n_outcomes],
                            outcome: outcome.map(|idx| idx % n_outcomes),
                        })
                        .collect(),
                    shown_to: None,
                    shuffle: false,
                },
            );
        }
        quiz
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
        fn the_result_keeps_its_rules_for_any_answers(
            table in weight_tables(),
            stages in stage_choices(),
            picks in prop::collection::vec(prop::option::of(0usize..5), 0..8),
        ) {
            let quiz = quiz_of(&table, &stages);
            let diagnosis = diagnose(&quiz, &picks);
            let scores = &diagnosis.scores;
            prop_assert_eq!(scores.len(), quiz.outcomes.len());
            prop_assert!(scores.iter().all(|&score| score <= 100));
            let in_reach = |idx: usize| within_reach(diagnosis.stage, idx);
            let top_in_reach = (0..scores.len()).filter(|&idx| in_reach(idx)).map(|idx| scores[idx]).max().unwrap_or(0);
            match diagnosis.gap {
                Some(gap) => {
                    // The gap is clear, within reach, the highest there, and the lowest rung among equals.
                    prop_assert!(scores[gap] >= MIN_GAP_SCORE && in_reach(gap));
                    prop_assert_eq!(scores[gap], top_in_reach);
                    prop_assert!(scores[..gap].iter().all(|&score| score < scores[gap]));
                    prop_assert!(diagnosis.evidence.iter().all(|evidence| evidence.weight > 0));
                    prop_assert_eq!(diagnosis.next_climb(), None);
                }
                None => {
                    // No clear gap: nothing within reach reaches the threshold, nothing is cited.
                    prop_assert!(top_in_reach < MIN_GAP_SCORE);
                    prop_assert!(diagnosis.evidence.is_empty() && diagnosis.close_second.is_none());
                    prop_assert!(diagnosis.next_climb().is_some());
                }
            }
            if let Some(further_up) = diagnosis.further_up {
                prop_assert!(!in_reach(further_up) && scores[further_up] >= MIN_GAP_SCORE);
            }
            if let (Some(second), Some(gap)) = (diagnosis.close_second, diagnosis.gap) {
                prop_assert!(second != gap && in_reach(second) && scores[second] >= MIN_GAP_SCORE);
                prop_assert!(scores[gap] - scores[second] <= CLOSE_MARGIN);
            }
            prop_assert!(diagnosis.evidence.len() <= MAX_EVIDENCE);
        }

        #[test]
        fn reachability_agrees_with_trying_every_answer_set(table in weight_tables(), stages in stage_choices()) {
            let quiz = quiz_of(&table, &stages);
            let reachable: Vec<bool> = {
                let mut reachable = vec![false; quiz.outcomes.len()];
                for answers in all_answer_sets(&quiz) {
                    if let Some(gap) = diagnose(&quiz, &answers).gap {
                        reachable[gap] = true;
                    }
                }
                reachable
            };
            for (target, &expected) in reachable.iter().enumerate() {
                prop_assert_eq!(can_be_headline(&quiz, target), expected, "outcome {}", target);
            }
        }
    }
}
