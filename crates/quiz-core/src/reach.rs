//! Reachability: can each outcome be the gap a result leads with, for some complete set of
//! answers (see [`crate::scoring`]: a clear score, the highest within reach of the stage)?
//!
//! An outcome no reader can ever get is a mistake in the quiz (usually a missing weight),
//! so the validator reports it. The check is exact: it walks the questions keeping, for
//! the target outcome, only the weight totals not beaten by another total on every count
//! (at least as much for the target, at most as much for every other outcome). Those are
//! the only totals that can end best for the target, because a gap score only grows with
//! its weight. For realistic quizzes this set stays small; past [`FRONTIER_LIMIT`] totals
//! the check gives up and assumes the outcome is reachable rather than reject a quiz it
//! could not decide.

use crate::quiz::Quiz;
use crate::scoring::{gap_score, headline_gap};

/// Most weight totals kept per question before the exact check gives up (and passes).
pub const FRONTIER_LIMIT: usize = 2000;

/// The same for the bounded check a reader's page runs: small enough that the largest quiz
/// the format allows validates in a few milliseconds.
pub const READER_FRONTIER_LIMIT: usize = 24;

/// The outcome indices that no complete answer set makes the headline gap.
/// The search keeps at most `limit` totals per question, and beyond that assumes reachable.
pub fn unreachable_outcomes(quiz: &Quiz, limit: usize) -> Vec<usize> {
    (0..quiz.outcomes.len()).filter(|&target| !can_be_headline_within(quiz, target, limit)).collect()
}

/// Whether some complete answer set makes `target` the headline gap. Stage choices carry
/// no weight, so the reader may pair any weight totals with any stage the quiz offers.
pub fn can_be_headline(quiz: &Quiz, target: usize) -> bool {
    can_be_headline_within(quiz, target, FRONTIER_LIMIT)
}

/// [`can_be_headline`], keeping at most `limit` weight totals per question: past that, the
/// search stops and answers true.
pub fn can_be_headline_within(quiz: &Quiz, target: usize, limit: usize) -> bool {
    let n_outcomes = quiz.outcomes.len();
    let most: Vec<u32> = (0..n_outcomes)
        .map(|outcome_idx| quiz.questions.iter().map(|question| question.max_weight(outcome_idx)).sum())
        .collect();
    let mut frontier: Vec<Vec<u32>> = vec![vec![0; n_outcomes]];
    for question in &quiz.questions {
        let mut next = Vec::with_capacity(frontier.len() * question.choices.len());
        for totals in &frontier {
            for choice in &question.choices {
                next.push(totals.iter().zip(&choice.weights).map(|(total, weight)| total + weight).collect());
            }
        }
        frontier = undominated(next, target);
        if frontier.len() > limit {
            return true;
        }
    }
    // The stages a reader can give: each choice of the stage question (one that names no
    // outcome counts as none), or none at all when the quiz does not ask.
    let stages: Vec<Option<usize>> = match quiz.stage_question() {
        Some(question_idx) => quiz.questions[question_idx].choices.iter().map(|choice| choice.outcome).collect(),
        None => vec![None],
    };
    frontier.iter().any(|totals| {
        let scores: Vec<u8> = totals.iter().zip(&most).map(|(&weight, &most)| gap_score(weight, most)).collect();
        stages.iter().any(|&stage| headline_gap(&scores, stage) == Some(target))
    })
}

/// The totals that no other total beats for `target`: more or equal weight on the target
/// and less or equal on every other outcome.
fn undominated(mut totals: Vec<Vec<u32>>, target: usize) -> Vec<Vec<u32>> {
    let others = |totals: &[u32]| -> u32 { totals.iter().sum::<u32>() - totals[target] };
    totals.sort_unstable_by_key(|totals| (std::cmp::Reverse(totals[target]), others(totals)));
    totals.dedup();
    let mut kept: Vec<Vec<u32>> = Vec::new();
    for candidate in totals {
        let beaten = kept.iter().any(|better| {
            better[target] >= candidate[target]
                && better.iter().zip(&candidate).enumerate().all(|(idx, (b, c))| idx == target || b <= c)
        });
        if !beaten {
            kept.push(candidate);
        }
    }
    kept
}
