//! Reachability: can each outcome be the gap a result leads with, for some complete set of
//! answers (see [`crate::scoring`]: a clear score, built by enough answers, the highest
//! within reach of the stage)?
//!
//! An outcome no reader can ever get is a mistake in the quiz (usually a missing weight),
//! so the validator reports it. The check is exact: for each answer a reader can give the
//! stage question (which decides the questions they are shown), it walks those questions
//! keeping, for the target outcome, only the totals not beaten by another total on every
//! count. A gap score only grows with its weight, and more answers only make an outcome
//! clearer; which way each count helps the target depends on how it can lead ([`Way`]):
//! - as the top clear score: a total is beaten by one with at least as much weight, and as
//!   many answers pointing, for the target, and at most as much of both for every other
//!   outcome;
//! - from format version 2, as a strong rung under a higher-scoring later one (the root a
//!   coach names first): the same, except that for the outcomes after the target *more* is
//!   better. Less weight there could hand the top to an earlier rung that is clear but not
//!   strong, and then that rung would lead, not the target.
//!
//! One search per way; the target is reachable if either finds a total that leads with it.
//! Answer counts are kept only up to what the rule needs, so they add little. For realistic
//! quizzes the set stays small; past [`FRONTIER_LIMIT`] totals the check gives up and
//! assumes the outcome is reachable rather than reject a quiz it could not decide.

use crate::quiz::Quiz;
use crate::scoring::{STRONG_ANSWERS, gap_score, headline_gap, level, min_evidence, root_first, within_reach};

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

/// Whether some complete answer set makes `target` the headline gap.
pub fn can_be_headline(quiz: &Quiz, target: usize) -> bool {
    can_be_headline_within(quiz, target, FRONTIER_LIMIT)
}

/// What a partial answer set has gathered: per outcome, the weight given and how many
/// answers gave some (counted up to what the rules need, beyond which more answers change
/// nothing).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Totals {
    weight: Vec<u32>,
    pointing: Vec<u8>,
}

/// [`can_be_headline`], keeping at most `limit` weight totals per question: past that, the
/// search stops and answers true.
pub fn can_be_headline_within(quiz: &Quiz, target: usize, limit: usize) -> bool {
    // The answers a reader can give the stage question: each of its choices (its index,
    // which decides the questions shown, and the outcome it names, if any), or none at all
    // when the quiz does not ask.
    let stage_answers: Vec<(Option<usize>, Option<usize>)> = match quiz.stage_question() {
        Some(stage_idx) => quiz.questions[stage_idx]
            .choices
            .iter()
            .enumerate()
            .map(|(choice_idx, choice)| (Some(choice_idx), choice.outcome))
            .collect(),
        None => vec![(None, None)],
    };
    stage_answers.into_iter().any(|(stage_choice, stage)| {
        let mut answers = vec![None; quiz.questions.len()];
        if let (Some(stage_idx), Some(choice_idx)) = (quiz.stage_question(), stage_choice) {
            answers[stage_idx] = Some(choice_idx);
        }
        let shown: Vec<usize> = quiz.shown_questions(&answers).collect();
        can_lead_with_stage(quiz, target, limit, &shown, stage)
    })
}

/// How a target outcome can be the gap a result leads with ([`headline_gap`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Way {
    /// The highest clear score within reach, with no strong rung below it.
    Top,
    /// From format version 2: a strong rung below a higher clear score ([`root_first`]).
    Root,
}

impl Way {
    /// Whether more weight and more answers for `outcome` can only help `target` lead this way
    /// (else less can only help). The target's own always help.
    fn more_helps(self, outcome: usize, target: usize) -> bool {
        outcome == target || (self == Way::Root && outcome > target)
    }
}

/// Whether a reader at `stage`, shown the questions `shown`, can get `target` as the gap.
fn can_lead_with_stage(quiz: &Quiz, target: usize, limit: usize, shown: &[usize], stage: Option<usize>) -> bool {
    // Leading as a root needs a higher score after the target, within reach: without an
    // outcome there, that search would only repeat the first.
    let root = root_first(quiz) && (target + 1..quiz.outcomes.len()).any(|idx| within_reach(stage, idx));
    let ways: &[Way] = if root { &[Way::Top, Way::Root] } else { &[Way::Top] };
    ways.iter().any(|&way| can_lead_this_way(quiz, target, limit, shown, stage, way))
}

/// [`can_lead_with_stage`], keeping only the totals not beaten for leading `way`: complete
/// for every answer set that leads with `target` that way (any that leads with it another
/// way also counts).
fn can_lead_this_way(
    quiz: &Quiz,
    target: usize,
    limit: usize,
    shown: &[usize],
    stage: Option<usize>,
    way: Way,
) -> bool {
    let n_outcomes = quiz.outcomes.len();
    let required = min_evidence(quiz);
    // Answer counts matter up to the most any rule needs: to be clear, and to be strong.
    let count_cap = required.max(STRONG_ANSWERS);
    let most: Vec<u32> = (0..n_outcomes)
        .map(|outcome_idx| shown.iter().map(|&question_idx| quiz.questions[question_idx].max_weight(outcome_idx)).sum())
        .collect();
    let more_helps: Vec<bool> = (0..n_outcomes).map(|outcome_idx| way.more_helps(outcome_idx, target)).collect();
    let mut frontier = vec![Totals { weight: vec![0; n_outcomes], pointing: vec![0; n_outcomes] }];
    for &question_idx in shown {
        let question = &quiz.questions[question_idx];
        let mut next = Vec::with_capacity(frontier.len() * question.choices.len());
        for totals in &frontier {
            for choice in &question.choices {
                let weight = totals.weight.iter().zip(&choice.weights).map(|(total, weight)| total + weight).collect();
                let pointing = totals
                    .pointing
                    .iter()
                    .zip(&choice.weights)
                    .map(|(&count, &weight)| (count + u8::from(weight > 0)).min(count_cap))
                    .collect();
                next.push(Totals { weight, pointing });
            }
        }
        frontier = undominated(next, &more_helps);
        if frontier.len() > limit {
            return true;
        }
    }
    frontier.iter().any(|totals| {
        let scores: Vec<u8> = totals.weight.iter().zip(&most).map(|(&weight, &most)| gap_score(weight, most)).collect();
        let levels: Vec<_> =
            scores.iter().zip(&totals.pointing).map(|(&score, &pointing)| level(score, pointing, required)).collect();
        headline_gap(&scores, &levels, stage, root_first(quiz)) == Some(target)
    })
}

/// The totals that no other total beats: one beats another when it has at least as much
/// weight and as many answers pointing on every outcome where more helps (`more_helps`), and
/// at most as much of both on every other.
fn undominated(mut totals: Vec<Totals>, more_helps: &[bool]) -> Vec<Totals> {
    // Likely winners first, so that they are kept before what they beat: the most weight
    // where more helps, the least where less does.
    let key = |totals: &Totals| -> (u32, u32) {
        let mut helping = 0;
        let mut hindering = 0;
        for (idx, &weight) in totals.weight.iter().enumerate() {
            if more_helps[idx] {
                helping += weight;
            } else {
                hindering += weight;
            }
        }
        (helping, hindering)
    };
    totals.sort_unstable_by(|a, b| {
        let (a_help, a_hinder) = key(a);
        let (b_help, b_hinder) = key(b);
        (std::cmp::Reverse(a_help), a_hinder, a).cmp(&(std::cmp::Reverse(b_help), b_hinder, b))
    });
    totals.dedup();
    let mut kept: Vec<Totals> = Vec::new();
    for candidate in totals {
        let beaten = kept.iter().any(|better| {
            (0..better.weight.len()).all(|idx| {
                let (weight, pointing) = (better.weight[idx], better.pointing[idx]);
                let (theirs, their_pointing) = (candidate.weight[idx], candidate.pointing[idx]);
                if more_helps[idx] {
                    weight >= theirs && pointing >= their_pointing
                } else {
                    weight <= theirs && pointing <= their_pointing
                }
            })
        });
        if !beaten {
            kept.push(candidate);
        }
    }
    kept
}
