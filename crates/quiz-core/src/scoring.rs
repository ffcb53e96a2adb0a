//! Scoring: from the reader's answers to a diagnosis — a gap score per outcome, the gap
//! the result leads with (or none), a close second, a lean further up the ladder, and the
//! answers that pointed there.
//!
//! The formula, in words: for each outcome, add up the weight the reader's chosen answers
//! gave it, and divide by the most that the questions they answered could have given it
//! (for each answered question, the largest weight any of its choices gives that outcome).
//! That fraction, as a whole number from 0 to 100 (rounded half up), is the gap score.
//! Unanswered questions count for nothing on either side, so skipping never hurts or helps.
//!
//! Only the questions the reader was shown count (a stage-aware question hidden from their
//! stage is never theirs to answer, see [`Quiz::is_shown`]), and an outcome that none of
//! their questions could give weight to is *untested*: the result says so rather than
//! showing it as a 0 that would claim the reader has no gap there.
//!
//! What the result claims, so that it never claims more than the answers show:
//! - A score below [`MIN_GAP_SCORE`] is not a gap. When no outcome reaches it, the result
//!   says so ("no clear gap") instead of naming the least unlikely outcome.
//! - Nor is a score that only one answer built (format version 2): an outcome is a gap
//!   only when at least [`MIN_EVIDENCE`] of the reader's answers pointed to it. One answer
//!   is a lean, said as such. Version 1 quizzes keep their rule, one answer being enough.
//! - How strong the evidence is, in words ([`Strength`]): strong when at least
//!   [`STRONG_ANSWERS`] answers pointed to the gap and it scored at least
//!   [`STRONG_SCORE`]; otherwise some evidence, a likely lean rather than a verdict.
//! - The headline gap is the highest clear score *within reach*: on a rung the reader has
//!   climbed, the one they are on, or at most [`REACH`] above it. On a tie, the lower rung
//!   wins: an unmade earlier shift undermines every later one. Without a stage, every rung
//!   is within reach.
//! - For the same reason, from format version 2 an earlier rung whose evidence is strong
//!   leads even when a later one scored higher: a coach names the root first. The later one
//!   is then said to show even more strongly ([`Diagnosis::stronger_later`]), never hidden.
//! - A clear score further up than that is shown as a lean "further up the ladder", never
//!   as the headline: a seller cannot act today on a chief officer's habits.
//! - A runner-up within reach, clear, and within [`CLOSE_MARGIN`] points of the headline is
//!   a close second.

use crate::quiz::Quiz;

/// How many points below the headline gap a runner-up may score and still be a close second.
pub const CLOSE_MARGIN: u8 = 10;

/// The lowest score that counts as a gap. Below it, a few answers leaned one way, but not
/// enough to tell the reader anything: with the built-in quiz, one mild slip among the
/// senior-role questions gives 13, two strong ones 40.
pub const MIN_GAP_SCORE: u8 = 25;

/// How many of the reader's answers must point to an outcome (give it weight) before it can
/// be a gap, in a quiz of format version 2 or later; version 1 quizzes need one.
pub const MIN_EVIDENCE: u8 = 2;

/// Fewest answers pointing to a gap for the evidence to be called strong.
pub const STRONG_ANSWERS: u8 = 3;

/// Lowest score of a gap for the evidence to be called strong.
pub const STRONG_SCORE: u8 = 50;

/// How many rungs above the reader's stage a gap may sit and still lead the result.
pub const REACH: usize = 1;

/// How many answers the diagnosis cites as having pointed to the gap.
pub const MAX_EVIDENCE: usize = 3;

/// Everything the result view shows, computed from a quiz and the reader's answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnosis {
    /// Gap score per outcome (0 to 100), by outcome index.
    pub scores: Vec<u8>,
    /// Per outcome, how many of the reader's answers gave it weight.
    pub pointing: Vec<u8>,
    /// Per outcome, how many of the questions the reader answered could have given it
    /// weight: 0 means their questions never tested it, and its score says nothing.
    pub tested: Vec<u8>,
    /// Per outcome, how much the answers say about it ([`Level`]).
    pub levels: Vec<Level>,
    /// The gap the result leads with, or `None` when no outcome within reach reached
    /// [`MIN_GAP_SCORE`] ("no clear gap").
    pub gap: Option<usize>,
    /// The highest clear score more than [`REACH`] rungs above the reader's stage.
    pub further_up: Option<usize>,
    /// A close second to the gap, if there is one.
    pub close_second: Option<usize>,
    /// A later rung within reach that scored higher than the gap, when the gap leads because
    /// its own evidence is strong and it comes first.
    pub stronger_later: Option<usize>,
    /// The outcome the stage answer names: the transition the reader is making now.
    pub stage: Option<usize>,
    /// The outcome the reader said they find hardest.
    pub hardest: Option<usize>,
    /// The answers that gave the gap the most weight, strongest first (none without a gap).
    pub evidence: Vec<Evidence>,
}

/// One answer that pushed toward the gap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Evidence {
    /// The question's index.
    pub question_idx: usize,
    /// The chosen choice's index.
    pub choice_idx: usize,
    /// The weight it gave the gap.
    pub weight: u32,
}

/// Where the gap sits relative to the reader's current transition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    /// Below: a rung the reader has already climbed.
    Behind,
    /// The transition the reader is making now.
    Current,
    /// The next one up (never further: see [`REACH`]).
    Ahead,
}

/// How the gap compares with the transition the reader said is hardest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    /// The same transition.
    Same,
    /// The gap is an earlier rung than the one the reader named.
    Earlier,
    /// The gap is a later rung; `hardest_shows` tells whether the one the reader named is
    /// a clear gap too.
    Later {
        /// Whether the named transition is clear too ([`Level::Clear`] or more).
        hardest_shows: bool,
    },
    /// There is no clear gap to compare with.
    NoGap,
    /// None of the reader's questions tested the transition they named, so the answers can
    /// say nothing about it either way.
    Untested,
}

/// How much the answers say about one outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Not enough to name it: under [`MIN_GAP_SCORE`], or too few answers pointed to it.
    Lean,
    /// Enough to name it: at least [`MIN_GAP_SCORE`], from enough answers ([`min_evidence`]).
    Clear,
    /// A strong pattern: clear, from at least [`STRONG_ANSWERS`] answers, scoring at least
    /// [`STRONG_SCORE`].
    Strong,
}

/// The level of an outcome with this score, built by `pointing` answers, in a quiz that
/// needs `min_evidence` answers to name an outcome ([`min_evidence`]).
pub fn level(score: u8, pointing: u8, min_evidence: u8) -> Level {
    match (score >= MIN_GAP_SCORE && pointing >= min_evidence, pointing >= STRONG_ANSWERS && score >= STRONG_SCORE) {
        (false, _) => Level::Lean,
        (true, false) => Level::Clear,
        (true, true) => Level::Strong,
    }
}

/// How strong the evidence for a gap is, said in words on the result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strength {
    /// At least [`STRONG_ANSWERS`] answers pointed to the gap, which scored at least
    /// [`STRONG_SCORE`].
    Strong,
    /// Enough to name the gap, not enough to call it strong: a likely lean.
    Some,
}

/// What a result without a clear gap can say about the strongest lean within reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lean {
    /// No answer pointed anywhere.
    None,
    /// The strongest lean stayed under [`MIN_GAP_SCORE`]: (outcome, score).
    Faint(usize, u8),
    /// It reached the score, but from one answer only: (outcome, score).
    Single(usize, u8),
}

/// Where a no-gap result sends the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextClimb {
    /// The transition the reader is making now (their stage).
    Stage(usize),
    /// Without a stage, the transition the reader said is hardest.
    Hardest(usize),
    /// Neither: every transition's shift, to judge for themselves.
    Browse,
}

impl Diagnosis {
    /// Where the gap sits relative to the reader's stage, when there are both.
    pub fn position(&self) -> Option<Position> {
        let (gap, stage) = (self.gap?, self.stage?);
        Some(match gap.cmp(&stage) {
            std::cmp::Ordering::Less => Position::Behind,
            std::cmp::Ordering::Equal => Position::Current,
            std::cmp::Ordering::Greater => Position::Ahead,
        })
    }

    /// How the gap compares with what the reader said is hardest, if they said.
    pub fn comparison(&self) -> Option<Comparison> {
        let hardest = self.hardest?;
        if self.tested[hardest] == 0 {
            return Some(Comparison::Untested);
        }
        let Some(gap) = self.gap else {
            return Some(Comparison::NoGap);
        };
        Some(match gap.cmp(&hardest) {
            std::cmp::Ordering::Equal => Comparison::Same,
            std::cmp::Ordering::Less => Comparison::Earlier,
            std::cmp::Ordering::Greater => Comparison::Later { hardest_shows: self.levels[hardest] >= Level::Clear },
        })
    }

    /// Where a result without a clear gap points the reader; `None` when there is a gap.
    pub fn next_climb(&self) -> Option<NextClimb> {
        if self.gap.is_some() {
            return None;
        }
        Some(match (self.stage, self.hardest) {
            (Some(stage), _) => NextClimb::Stage(stage),
            (None, Some(hardest)) => NextClimb::Hardest(hardest),
            (None, None) => NextClimb::Browse,
        })
    }

    /// The highest score among the outcomes within reach of the reader's stage, with its
    /// outcome: what a no-gap result reports as the strongest lean.
    pub fn strongest_in_reach(&self) -> (usize, u8) {
        let outcome_idx = best(&self.scores, |idx| within_reach(self.stage, idx)).unwrap_or(0);
        (outcome_idx, self.scores.get(outcome_idx).copied().unwrap_or(0))
    }

    /// For a result without a clear gap, what the strongest lean within reach was; `None`
    /// when there is a gap.
    pub fn lean(&self) -> Option<Lean> {
        if self.gap.is_some() {
            return None;
        }
        Some(match self.strongest_in_reach() {
            (_, 0) => Lean::None,
            (outcome_idx, score) if score < MIN_GAP_SCORE => Lean::Faint(outcome_idx, score),
            (outcome_idx, score) => Lean::Single(outcome_idx, score),
        })
    }

    /// How strong the evidence for the gap is; `None` without a gap.
    pub fn strength(&self) -> Option<Strength> {
        Some(match self.levels[self.gap?] {
            Level::Strong => Strength::Strong,
            Level::Clear | Level::Lean => Strength::Some,
        })
    }
}

/// Whether outcome `outcome_idx` is within reach of a reader at `stage`.
pub fn within_reach(stage: Option<usize>, outcome_idx: usize) -> bool {
    stage.is_none_or(|stage| outcome_idx <= stage + REACH)
}

/// The index of the highest score among the outcomes `eligible` accepts, the lowest index
/// among equals; `None` when it accepts none.
fn best(scores: &[u8], eligible: impl Fn(usize) -> bool) -> Option<usize> {
    let mut found: Option<usize> = None;
    for (outcome_idx, &score) in scores.iter().enumerate() {
        if eligible(outcome_idx) && found.is_none_or(|best| score > scores[best]) {
            found = Some(outcome_idx);
        }
    }
    found
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

/// The gap a result leads with for these scores, levels and stage: the highest clear score
/// within reach, the lower rung on a tie; but, when `root_first` (format version 2), the
/// lowest rung below it whose evidence is strong. `None` when no outcome within reach is
/// clear.
pub fn headline_gap(scores: &[u8], levels: &[Level], stage: Option<usize>, root_first: bool) -> Option<usize> {
    let top = best(scores, |idx| levels[idx] >= Level::Clear && within_reach(stage, idx))?;
    let root = (0..top).find(|&idx| root_first && levels[idx] == Level::Strong && within_reach(stage, idx));
    Some(root.unwrap_or(top))
}

/// Whether `quiz` names a strong earlier rung before a higher-scoring later one (format
/// version 2 on; version 1 keeps the highest score).
pub fn root_first(quiz: &Quiz) -> bool {
    quiz.version >= 2
}

/// How many answers must point to an outcome before `quiz` can name it: [`MIN_EVIDENCE`]
/// from format version 2, one in version 1.
pub fn min_evidence(quiz: &Quiz) -> u8 {
    match quiz.version {
        0 | 1 => 1,
        _ => MIN_EVIDENCE,
    }
}

/// Scores `answers` (the chosen choice index per question, `None` if unanswered) on
/// `quiz`. Answers beyond the quiz's questions, or naming a choice that does not exist,
/// are ignored, so this never panics on stale data.
pub fn diagnose(quiz: &Quiz, answers: &[Option<usize>]) -> Diagnosis {
    let n_outcomes = quiz.outcomes.len();
    let mut weight = vec![0u32; n_outcomes];
    let mut most = vec![0u32; n_outcomes];
    let mut pointing = vec![0u8; n_outcomes];
    let mut tested = vec![0u8; n_outcomes];
    let chosen: Vec<(usize, usize)> = answers
        .iter()
        .enumerate()
        .filter_map(|(question_idx, answer)| {
            let choice_idx = (*answer)?;
            let question = quiz.questions.get(question_idx)?;
            let shown = quiz.is_shown(question_idx, answers);
            (shown && choice_idx < question.choices.len()).then_some((question_idx, choice_idx))
        })
        .collect();
    for &(question_idx, choice_idx) in &chosen {
        let question = &quiz.questions[question_idx];
        for outcome_idx in 0..n_outcomes {
            let given = question.choices[choice_idx].weights[outcome_idx];
            let could = question.max_weight(outcome_idx);
            weight[outcome_idx] += given;
            most[outcome_idx] += could;
            pointing[outcome_idx] += u8::from(given > 0);
            tested[outcome_idx] += u8::from(could > 0);
        }
    }
    let scores: Vec<u8> = (0..n_outcomes).map(|idx| gap_score(weight[idx], most[idx])).collect();
    let required = min_evidence(quiz);
    let levels: Vec<Level> = (0..n_outcomes).map(|idx| level(scores[idx], pointing[idx], required)).collect();
    let clear = |idx: usize| levels[idx] >= Level::Clear;

    let named = |question_idx: Option<usize>| {
        let question_idx = question_idx?;
        let (_, choice_idx) = chosen.iter().find(|(answered, _)| *answered == question_idx)?;
        quiz.questions[question_idx].choices[*choice_idx].outcome
    };
    let stage = named(quiz.stage_question());
    let gap = headline_gap(&scores, &levels, stage, root_first(quiz));
    let further_up = best(&scores, |idx| clear(idx) && !within_reach(stage, idx));
    let stronger_later = gap.and_then(|gap| {
        best(&scores, |idx| idx > gap && clear(idx) && within_reach(stage, idx) && scores[idx] > scores[gap])
    });
    let close_second = gap.and_then(|gap| {
        best(&scores, |idx| {
            idx != gap
                && Some(idx) != stronger_later
                && clear(idx)
                && within_reach(stage, idx)
                && scores[idx] <= scores[gap]
                && scores[gap] - scores[idx] <= CLOSE_MARGIN
        })
    });

    Diagnosis {
        evidence: gap.map(|gap| evidence(quiz, &chosen, gap)).unwrap_or_default(),
        scores,
        pointing,
        tested,
        levels,
        gap,
        further_up,
        close_second,
        stronger_later,
        stage,
        hardest: named(quiz.hardest_question()),
    }
}

/// The strongest few answers for `outcome_idx`, strongest first, earlier questions first
/// among equals: picked by repeated scans rather than a sort, whose code costs kilobytes
/// of wasm.
fn evidence(quiz: &Quiz, chosen: &[(usize, usize)], outcome_idx: usize) -> Vec<Evidence> {
    let mut candidates: Vec<Evidence> = chosen
        .iter()
        .map(|&(question_idx, choice_idx)| Evidence {
            question_idx,
            choice_idx,
            weight: quiz.questions[question_idx].choices[choice_idx].weights[outcome_idx],
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
    evidence
}

#[cfg(test)]
mod tests;
