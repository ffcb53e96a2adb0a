//! Scoring: from the reader's answers to a diagnosis — a gap score per outcome, the likely
//! gap, a close second, and the answers that pointed there.
//!
//! The formula, in words: for each outcome, add up the weight the reader's chosen answers
//! gave it, and divide by the most that the questions they answered could have given it
//! (for each answered question, the largest weight any of its choices gives that outcome).
//! That fraction, as a whole number from 0 to 100 (rounded half up), is the gap score.
//! Unanswered questions count for nothing on either side, so skipping never hurts or helps.
//!
//! The likely gap is the outcome with the highest score. On a tie, the lower rung of the
//! ladder wins: an unmade earlier shift undermines every later one. When the runner-up
//! scores within [`CLOSE_MARGIN`] points of the likely gap (and above zero), it is reported
//! as a close second.

use crate::quiz::Quiz;

/// How many points below the likely gap a runner-up may score and still be a close second.
pub const CLOSE_MARGIN: u8 = 10;

/// How many answers the diagnosis cites as having pointed to the likely gap.
pub const MAX_EVIDENCE: usize = 3;

/// Everything the result view shows, computed from a quiz and the reader's answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnosis {
    /// Gap score per outcome (0 to 100), by outcome index.
    pub scores: Vec<u8>,
    /// The likely gap's outcome index.
    pub likely: usize,
    /// A close second's outcome index, if there is one.
    pub close_second: Option<usize>,
    /// The outcome the stage answer names: the transition the reader is making now.
    pub stage: Option<usize>,
    /// The outcome the reader said they find hardest.
    pub hardest: Option<usize>,
    /// The answers that gave the likely gap the most weight, strongest first.
    pub evidence: Vec<Evidence>,
}

/// One answer that pushed toward the likely gap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Evidence {
    /// The question's index.
    pub question_idx: usize,
    /// The chosen choice's index.
    pub choice_idx: usize,
    /// The weight it gave the likely gap.
    pub weight: u32,
}

/// Where the likely gap sits relative to the reader's current transition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    /// Below: a rung the reader has already climbed.
    Behind,
    /// The transition the reader is making now.
    Current,
    /// Above: a transition still ahead.
    Ahead,
}

impl Diagnosis {
    /// Where the gap sits relative to the reader's stage, if they gave one.
    pub fn position(&self) -> Option<Position> {
        let stage = self.stage?;
        Some(match self.likely.cmp(&stage) {
            std::cmp::Ordering::Less => Position::Behind,
            std::cmp::Ordering::Equal => Position::Current,
            std::cmp::Ordering::Greater => Position::Ahead,
        })
    }

    /// Whether the reader's stated hardest transition is the likely gap, if they gave one.
    pub fn agrees(&self) -> Option<bool> {
        self.hardest.map(|hardest| hardest == self.likely)
    }
}

/// A gap score: `weight` over `most`, as a whole percentage rounded half up; 0 when
/// nothing could have given weight.
pub fn gap_score(weight: u32, most: u32) -> u8 {
    if most == 0 {
        return 0;
    }
    let weight = u64::from(weight.min(most));
    let most = u64::from(most);
    ((200 * weight + most) / (2 * most)) as u8
}

/// The index of the highest score, the lowest index among equals. 0 for no scores.
pub fn likely_gap(scores: &[u8]) -> usize {
    let mut best = 0;
    for (outcome_idx, &score) in scores.iter().enumerate() {
        if score > scores[best] {
            best = outcome_idx;
        }
    }
    best
}

/// Scores `answers` (the chosen choice index per question, `None` if unanswered) on
/// `quiz`. Answers beyond the quiz's questions, or naming a choice that does not exist,
/// are ignored, so this never panics on stale data.
pub fn diagnose(quiz: &Quiz, answers: &[Option<usize>]) -> Diagnosis {
    let n_outcomes = quiz.outcomes.len();
    let mut weight = vec![0u32; n_outcomes];
    let mut most = vec![0u32; n_outcomes];
    let chosen: Vec<(usize, usize)> = answers
        .iter()
        .enumerate()
        .filter_map(|(question_idx, answer)| {
            let choice_idx = (*answer)?;
            let question = quiz.questions.get(question_idx)?;
            question.choices.get(choice_idx).map(|_| (question_idx, choice_idx))
        })
        .collect();
    for &(question_idx, choice_idx) in &chosen {
        let question = &quiz.questions[question_idx];
        for outcome_idx in 0..n_outcomes {
            weight[outcome_idx] += question.choices[choice_idx].weights[outcome_idx];
            most[outcome_idx] += question.max_weight(outcome_idx);
        }
    }
    let scores: Vec<u8> = (0..n_outcomes).map(|idx| gap_score(weight[idx], most[idx])).collect();
    let likely = likely_gap(&scores);
    let close_second = (0..n_outcomes)
        .filter(|&idx| idx != likely && scores[idx] > 0 && scores[likely] - scores[idx] <= CLOSE_MARGIN)
        .max_by_key(|&idx| (scores[idx], std::cmp::Reverse(idx)));

    let named = |question_idx: Option<usize>| {
        let question_idx = question_idx?;
        let (_, choice_idx) = chosen.iter().find(|(answered, _)| *answered == question_idx)?;
        quiz.questions[question_idx].choices[*choice_idx].outcome
    };

    // The strongest few answers, strongest first, earlier questions first among equals:
    // picked by repeated scans rather than a sort, whose code costs kilobytes of wasm.
    let mut candidates: Vec<Evidence> = chosen
        .iter()
        .map(|&(question_idx, choice_idx)| Evidence {
            question_idx,
            choice_idx,
            weight: quiz.questions[question_idx].choices[choice_idx].weights[likely],
        })
        .filter(|evidence| evidence.weight > 0)
        .collect();
    let mut evidence = Vec::with_capacity(MAX_EVIDENCE);
    while evidence.len() < MAX_EVIDENCE {
        let Some(strongest) = (0..candidates.len())
            .reduce(|best, idx| if candidates[idx].weight > candidates[best].weight { idx } else { best })
        else {
            break;
        };
        evidence.push(candidates.remove(strongest));
    }

    Diagnosis {
        scores,
        likely,
        close_second,
        stage: named(quiz.stage_question()),
        hardest: named(quiz.hardest_question()),
        evidence,
    }
}

#[cfg(test)]
mod tests;
