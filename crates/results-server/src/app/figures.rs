//! The dashboard's figures for one quiz and a range of days, computed from the stored rows:
//! starts and completions per day, the funnel from start through each question to the
//! result, the distributions of outcomes, stages and stated hardest transitions, what readers
//! said against what their answers showed, and each question's answers. Pure: the handler
//! fetches, this counts, the page draws.
//!
//! Whatever the stored counts (beacons are sent by readers' browsers, so more stops than
//! starts can arrive), no figure is negative: a step's readers are at least zero, and no more
//! leave a step than reached it.

use std::collections::HashMap;

use quiz_core::quiz::Quiz;

use crate::app::store::Group;

/// A count with what it counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Count {
    /// What is counted, as the owner reads it.
    pub label: String,
    /// How many.
    pub count: i64,
}

/// Everything the dashboard shows for one quiz.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figures {
    /// (day, started, completed), for each day in the range with any.
    pub days: Vec<(i64, i64, i64)>,
    /// Readers who started, reached each question, and saw the result, with how many left at
    /// each step (the stop beacons).
    pub funnel: Vec<(String, i64, i64)>,
    /// Completions in the range.
    pub completions: i64,
    /// By outcome (then "No clear gap"), by stage (then "Not given"), by stated hardest.
    pub outcomes: Vec<Count>,
    pub stages: Vec<Count>,
    pub hardest: Vec<Count>,
    /// Column labels of the cross-table: each outcome, then "No clear gap".
    pub shown: Vec<String>,
    /// Rows: what readers said is hardest, then the count for each column.
    pub said_vs_shown: Vec<(String, Vec<i64>)>,
    /// Each question's prompt and how often each choice was chosen.
    pub questions: Vec<(String, Vec<Count>)>,
}

/// Label of the "none" column or row.
const NO_GAP: &str = "No clear gap";
const NOT_GIVEN: &str = "Not given";

/// Counts for `quiz` from completion `groups` (outcome, stage, hardest, count) and `answers`
/// (answer set, count), both already limited to the range, and its `days` and `stops`. One
/// pass over each, with ids looked up in tables, so 100,000 completions count in milliseconds.
pub fn figures(
    quiz: &Quiz,
    groups: &[Group],
    answers: &[(String, i64)],
    days: &[(i64, i64, i64)],
    stops: &[(i64, i64)],
) -> Figures {
    let n_outcomes = quiz.outcomes.len();
    let index: HashMap<&str, usize> =
        quiz.outcomes.iter().enumerate().map(|(idx, outcome)| (outcome.id.as_str(), idx)).collect();
    // Each outcome's index, or the last slot (none, or an id the quiz no longer has).
    let slot = |id: &Option<String>| id.as_deref().and_then(|id| index.get(id).copied()).unwrap_or(n_outcomes);
    let (mut outcomes, mut stages, mut hardest) =
        (vec![0i64; n_outcomes + 1], vec![0i64; n_outcomes + 1], vec![0i64; n_outcomes + 1]);
    let mut cross = vec![vec![0i64; n_outcomes + 1]; n_outcomes];
    for (outcome, stage, said, count) in groups {
        outcomes[slot(outcome)] += count;
        stages[slot(stage)] += count;
        hardest[slot(said)] += count;
        if let Some(said) = said.as_deref().and_then(|id| index.get(id)) {
            cross[*said][slot(outcome)] += count;
        }
    }
    let labelled = |counts: Vec<i64>, none: &str| -> Vec<Count> {
        counts
            .into_iter()
            .enumerate()
            .map(|(idx, count)| Count {
                label: quiz.outcomes.get(idx).map_or_else(|| none.to_string(), |o| o.short.clone()),
                count,
            })
            .collect()
    };
    let completions: i64 = groups.iter().map(|(.., count)| count).sum();

    let started: i64 = days.iter().map(|(_, started, _)| (*started).max(0)).sum();
    let left_at: HashMap<i64, i64> = stops.iter().copied().collect();
    let mut funnel = vec![("Started".to_string(), started, 0)];
    let mut reached = started;
    for step in 1..=quiz.questions.len() as i64 {
        let left = left_at.get(&step).copied().unwrap_or(0).clamp(0, reached);
        funnel.push((format!("Question {step}"), reached, left));
        reached -= left;
    }
    funnel.push(("Saw the result".to_string(), completions.max(0), 0));

    let choice_at: HashMap<(&str, &str), (usize, usize)> = quiz
        .questions
        .iter()
        .enumerate()
        .flat_map(|(question_idx, question)| {
            question.choices.iter().enumerate().map(move |(choice_idx, choice)| {
                ((question.id.as_str(), choice.id.as_str()), (question_idx, choice_idx))
            })
        })
        .collect();
    let mut chosen: Vec<Vec<i64>> = quiz.questions.iter().map(|question| vec![0; question.choices.len()]).collect();
    for (set, count) in answers {
        for (question, choice) in set.split(',').filter_map(|pair| pair.split_once('=')) {
            if let Some((question_idx, choice_idx)) = choice_at.get(&(question, choice)) {
                chosen[*question_idx][*choice_idx] += count;
            }
        }
    }
    let questions = quiz
        .questions
        .iter()
        .zip(chosen)
        .map(|(question, counts)| {
            let counts = question
                .choices
                .iter()
                .zip(counts)
                .map(|(choice, count)| Count { label: choice.text.clone(), count })
                .collect();
            (question.prompt.clone(), counts)
        })
        .collect();

    let mut shown: Vec<String> = quiz.outcomes.iter().map(|outcome| outcome.short.clone()).collect();
    shown.push(NO_GAP.to_string());
    Figures {
        days: days.to_vec(),
        funnel,
        completions,
        outcomes: labelled(outcomes, NO_GAP),
        stages: labelled(stages, NOT_GIVEN),
        hardest: labelled(hardest, NOT_GIVEN),
        shown,
        said_vs_shown: quiz.outcomes.iter().zip(cross).map(|(said, row)| (said.short.clone(), row)).collect(),
        questions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::quizzes::test_quiz;

    fn group(outcome: Option<&str>, stage: Option<&str>, hardest: Option<&str>) -> Group {
        (outcome.map(String::from), stage.map(String::from), hardest.map(String::from), 1)
    }

    fn counts(list: &[Count]) -> Vec<(&str, i64)> {
        list.iter().map(|c| (c.label.as_str(), c.count)).collect()
    }

    #[test]
    fn figures_count_what_was_stored() {
        let quiz = test_quiz();
        let groups = [
            group(Some("second"), Some("third"), Some("third")),
            group(Some("second"), Some("second"), Some("third")),
            group(None, None, Some("second")),
        ];
        let answers =
            [("stage=s2,q1=b".to_string(), 1), ("stage=s3,q1=b".to_string(), 1), ("stage=s0,q1=d".to_string(), 1)];
        // 10 started over two days; 2 left at question 3, 1 at question 5.
        let figures = figures(&quiz, &groups, &answers, &[(1, 6, 2), (2, 4, 1)], &[(3, 2), (5, 1)]);
        assert_eq!(figures.completions, 3);
        assert_eq!(counts(&figures.outcomes), [("First", 0), ("Second", 2), ("Third", 0), ("No clear gap", 1)]);
        assert_eq!(counts(&figures.stages).last(), Some(&("Not given", 1)));
        assert_eq!(figures.funnel[0], ("Started".to_string(), 10, 0));
        assert_eq!(figures.funnel[3], ("Question 3".to_string(), 10, 2));
        assert_eq!(figures.funnel[4], ("Question 4".to_string(), 8, 0));
        assert_eq!(figures.funnel[5], ("Question 5".to_string(), 8, 1));
        assert_eq!(figures.funnel.last(), Some(&("Saw the result".to_string(), 3, 0)));
        // Said third (2 readers): both showed Second; said second (1): no gap.
        assert_eq!(figures.said_vs_shown[2], ("Third".to_string(), vec![0, 2, 0, 0]));
        assert_eq!(figures.said_vs_shown[1], ("Second".to_string(), vec![0, 0, 0, 1]));
        assert_eq!(
            counts(&figures.questions[2].1),
            [("Like the first.", 0), ("Like the second.", 2), ("Like the third.", 0), ("Like none.", 1)]
        );
    }

    #[test]
    fn no_figure_is_negative_whatever_the_beacons_said() {
        let quiz = test_quiz();
        // More stops than starts (beacons come from browsers), and stops for every step.
        let flooded = figures(&quiz, &[], &[], &[(1, 10, 0)], &[(1, 3), (2, 30), (3, 5), (4, 1_000_000)]);
        assert_eq!(flooded.funnel[1], ("Question 1".to_string(), 10, 3));
        assert_eq!(flooded.funnel[2], ("Question 2".to_string(), 7, 7));
        assert_eq!(flooded.funnel[3], ("Question 3".to_string(), 0, 0));
        assert!(flooded.funnel.iter().all(|(_, readers, left)| *readers >= 0 && *left >= 0 && left <= readers));
        let nothing_started = figures(&quiz, &[], &[], &[], &[(1, 30)]);
        assert!(nothing_started.funnel.iter().all(|(_, readers, left)| (*readers, *left) == (0, 0)));
    }
}
