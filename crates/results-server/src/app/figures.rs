//! The dashboard's figures for one quiz and a range of days, computed from the count tables:
//! starts and completions per day, completions by article (page path), the funnel from start
//! through each question to the result, the results readers' answers showed, where readers
//! said they are and which step they said is hardest (for a quiz with those questions), what
//! they said against what their answers showed, and each question's answers. Everything is
//! labelled with the quiz's own texts (question prompts, choice texts, outcome names), never
//! ids. Pure: the handler fetches, this counts, the page draws.
//!
//! Whatever the stored counts (beacons are sent by readers' browsers, so more stops than
//! starts can arrive), no figure is negative: a step's readers are at least zero, and no more
//! leave a step than reached it. Steps are numbered as readers saw them (a stop beacon names
//! the question reached among those shown): in a quiz that shows each stage its own
//! questions, the readers at a step leave out those whose stage's questions ended before it
//! (they finished, and are counted as such), and a step some stages never reach says so.

use std::collections::{BTreeSet, HashMap};

use quiz_core::quiz::Quiz;

use crate::app::counts::OTHER_PAGES as OTHER_PAGES_KEY;
use crate::app::store::Group;

/// A count with what it counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Count {
    /// What is counted, as the owner reads it.
    pub label: String,
    /// How many.
    pub count: i64,
}

/// One step of the funnel: its label, the readers who reached it, and how many left there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub label: String,
    pub readers: i64,
    pub left: i64,
}

/// What readers said is hardest against what their answers showed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaidVsShown {
    /// Column labels: each outcome, then "no clear result".
    pub shown: Vec<String>,
    /// Rows: each outcome readers could name as hardest, with the count for each column.
    pub rows: Vec<(String, Vec<i64>)>,
}

/// Everything the dashboard shows for one quiz.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figures {
    /// (day, started, completed), for each day in the range with any.
    pub days: Vec<(i64, i64, i64)>,
    /// Completions by the page's path, the most first (at most [`PAGES_SHOWN`], then the
    /// rest together).
    pub pages: Vec<Count>,
    /// Readers who started, reached each step (as numbered for readers: a quiz with
    /// stage-aware questions asks each stage its own), and saw the result, with how many
    /// left at each step (the stop beacons).
    pub funnel: Vec<Step>,
    /// Completions in the range.
    pub completions: i64,
    /// By outcome, then "no clear result".
    pub outcomes: Vec<Count>,
    /// The stage question's answers, for a quiz with one.
    pub stages: Option<Vec<Count>>,
    /// The hardest question's answers, for a quiz with one.
    pub hardest: Option<Vec<Count>>,
    /// For a quiz with a hardest question.
    pub said_vs_shown: Option<SaidVsShown>,
    /// Each question's prompt and how often each choice was chosen.
    pub questions: Vec<(String, Vec<Count>)>,
}

/// Pages listed by name; the rest are counted together.
pub const PAGES_SHOWN: usize = 50;
/// The row of pages beyond [`PAGES_SHOWN`].
pub const OTHER_PAGES: &str = "Other pages";

/// The questions a reader is shown, in order: one path per answer to the stage question
/// (by its choices' order), or the one path of a quiz without one.
fn paths(quiz: &Quiz) -> Vec<Vec<usize>> {
    let none = vec![None; quiz.questions.len()];
    match quiz.stage_question() {
        None => vec![quiz.shown_questions(&none).collect()],
        Some(stage_idx) => (0..quiz.questions[stage_idx].choices.len())
            .map(|choice_idx| {
                let mut answers = none.clone();
                answers[stage_idx] = Some(choice_idx);
                quiz.shown_questions(&answers).collect()
            })
            .collect(),
    }
}

/// The label of each step of the funnel, from 1: the question's number and prompt when every
/// reader meets the same question there, else which question it is depends on the stage
/// answer, and the label says so; so does the label of a step that some stages' readers
/// never reach (their questions end before it).
pub fn step_labels(quiz: &Quiz) -> Vec<String> {
    let paths = paths(quiz);
    let steps = paths.iter().map(Vec::len).max().unwrap_or(0);
    let stage_prompt = quiz.stage_question().map(|stage_idx| quiz.questions[stage_idx].prompt.as_str());
    (0..steps)
        .map(|step| {
            let here: BTreeSet<usize> = paths.iter().filter_map(|path| path.get(step).copied()).collect();
            let label = match (here.len(), here.first(), stage_prompt) {
                (1, Some(&question_idx), _) => format!("{}. {}", step + 1, quiz.questions[question_idx].prompt),
                (_, _, Some(stage_prompt)) => format!(
                    "{}. One of {} questions, depending on the answer to \u{201c}{stage_prompt}\u{201d}",
                    step + 1,
                    here.len(),
                ),
                _ => format!("{}.", step + 1),
            };
            match (paths.iter().all(|path| path.len() > step), stage_prompt) {
                (false, Some(stage_prompt)) => {
                    format!("{label} (only for some answers to \u{201c}{stage_prompt}\u{201d})")
                }
                _ => label,
            }
        })
        .collect()
}

/// Counts for `quiz` from completion `groups` (outcome, stage, hardest, count), `choices`
/// (question id, choice id, times chosen) and `pages` (path, count), all already limited to
/// the range, and its `days` and `stops`: sums of the count tables, so the work does not
/// grow with the completions.
pub fn figures(
    quiz: &Quiz,
    groups: &[Group],
    choices: &[(String, String, i64)],
    pages: &[(String, i64)],
    days: &[(i64, i64, i64)],
    stops: &[(i64, i64)],
) -> Figures {
    let n_outcomes = quiz.outcomes.len();
    let index: HashMap<&str, usize> =
        quiz.outcomes.iter().enumerate().map(|(idx, outcome)| (outcome.id.as_str(), idx)).collect();
    // Each outcome's index, or the last slot (none, or an id the quiz no longer has).
    let slot = |id: &Option<String>| id.as_deref().and_then(|id| index.get(id).copied()).unwrap_or(n_outcomes);
    let mut outcomes = vec![0i64; n_outcomes + 1];
    let mut cross = vec![vec![0i64; n_outcomes + 1]; n_outcomes];
    for (outcome, _, said, count) in groups {
        outcomes[slot(outcome)] += count;
        if let Some(said) = said.as_deref().and_then(|id| index.get(id)) {
            cross[*said][slot(outcome)] += count;
        }
    }
    let no_result = quiz.ui.answers_suggest_none.clone();
    let outcomes = outcomes
        .into_iter()
        .enumerate()
        .map(|(idx, count)| Count {
            label: quiz.outcomes.get(idx).map_or_else(|| no_result.clone(), |outcome| outcome.label.clone()),
            count,
        })
        .collect();
    let completions: i64 = groups.iter().map(|(.., count)| count).sum();

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
    for (question, choice, count) in choices {
        if let Some((question_idx, choice_idx)) = choice_at.get(&(question.as_str(), choice.as_str())) {
            chosen[*question_idx][*choice_idx] += count;
        }
    }

    let started: i64 = days.iter().map(|(_, started, _)| (*started).max(0)).sum();
    let left_at: HashMap<i64, i64> = stops.iter().copied().collect();
    // Completions whose reader's questions ended before each step: by the stage answer.
    let path_lengths: Vec<usize> = paths(quiz).iter().map(Vec::len).collect();
    let finished_before = |step: usize| -> i64 {
        match quiz.stage_question() {
            Some(stage_idx) => path_lengths
                .iter()
                .zip(&chosen[stage_idx])
                .filter(|(length, _)| **length < step)
                .map(|(_, count)| (*count).max(0))
                .sum(),
            None => 0,
        }
    };
    let mut funnel = vec![Step { label: "Started".into(), readers: started, left: 0 }];
    let mut left_before = 0;
    for (step, label) in (1..).zip(step_labels(quiz)) {
        let reached = (started - left_before - finished_before(step)).max(0);
        let left = left_at.get(&(step as i64)).copied().unwrap_or(0).clamp(0, reached);
        funnel.push(Step { label, readers: reached, left });
        left_before += left;
    }
    funnel.push(Step { label: "Saw the result".into(), readers: completions.max(0), left: 0 });
    let choice_counts = |question_idx: usize| -> Vec<Count> {
        quiz.questions[question_idx]
            .choices
            .iter()
            .zip(&chosen[question_idx])
            .map(|(choice, count)| Count { label: choice.text.clone(), count: *count })
            .collect()
    };
    let questions = (0..quiz.questions.len())
        .map(|question_idx| (quiz.questions[question_idx].prompt.clone(), choice_counts(question_idx)))
        .collect();

    let mut shown: Vec<String> = quiz.outcomes.iter().map(|outcome| outcome.short.clone()).collect();
    shown.push(no_result);
    let said_vs_shown = quiz.hardest_question().map(|_| SaidVsShown {
        shown,
        rows: quiz.outcomes.iter().zip(cross).map(|(said, row)| (said.short.clone(), row)).collect(),
    });

    // The paths beyond a day's bound are counted together already: with the rest.
    let named: Vec<&(String, i64)> = pages.iter().filter(|(path, _)| path != OTHER_PAGES_KEY).collect();
    let others = pages.iter().filter(|(path, _)| path == OTHER_PAGES_KEY);
    let mut by_page: Vec<Count> =
        named.iter().take(PAGES_SHOWN).map(|(path, count)| Count { label: path.clone(), count: *count }).collect();
    let rest: i64 = named.iter().copied().skip(PAGES_SHOWN).chain(others).map(|(_, count)| count).sum();
    if rest > 0 {
        by_page.push(Count { label: OTHER_PAGES.into(), count: rest });
    }
    Figures {
        days: days.to_vec(),
        pages: by_page,
        funnel,
        completions,
        outcomes,
        stages: quiz.stage_question().map(choice_counts),
        hardest: quiz.hardest_question().map(choice_counts),
        said_vs_shown,
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

    /// Choice counts of answer sets, one completion each, as the count table sums them.
    fn choices(sets: &[&str]) -> Vec<(String, String, i64)> {
        let mut counted: std::collections::BTreeMap<(String, String), i64> = Default::default();
        for (question, choice) in sets.iter().flat_map(|set| set.split(',')).filter_map(|pair| pair.split_once('=')) {
            *counted.entry((question.into(), choice.into())).or_default() += 1;
        }
        counted.into_iter().map(|((question, choice), count)| (question, choice, count)).collect()
    }

    fn step(label: &str, readers: i64, left: i64) -> Step {
        Step { label: label.into(), readers, left }
    }

    #[test]
    fn figures_count_what_was_stored_in_the_quizs_own_words() {
        let quiz = test_quiz();
        let groups = [
            group(Some("second"), Some("third"), Some("third")),
            group(Some("second"), Some("second"), Some("third")),
            group(None, None, Some("second")),
        ];
        let answers = choices(&["stage=s2,hardest=h3,q1=b", "stage=s3,hardest=h3,q1=b", "stage=s0,hardest=h2,q1=d"]);
        let pages = [("/blog/post".to_string(), 2), ("/about".to_string(), 1)];
        // 10 started over two days; 2 left at question 3, 1 at question 5.
        let figures = figures(&quiz, &groups, &answers, &pages, &[(1, 6, 2), (2, 4, 1)], &[(3, 2), (5, 1)]);
        assert_eq!(figures.completions, 3);
        let labels: Vec<&str> = quiz.outcomes.iter().map(|outcome| outcome.label.as_str()).collect();
        assert_eq!(
            counts(&figures.outcomes),
            [(labels[0], 0), (labels[1], 2), (labels[2], 0), (quiz.ui.answers_suggest_none.as_str(), 1)]
        );
        // Where readers said they are: the stage question's own choices, as readers read them.
        let stage = &quiz.questions[quiz.stage_question().unwrap()];
        let stages = figures.stages.as_ref().unwrap();
        assert_eq!(
            stages.iter().map(|count| count.label.as_str()).collect::<Vec<_>>(),
            stage.choices.iter().map(|c| c.text.as_str()).collect::<Vec<_>>()
        );
        assert_eq!(stages.iter().map(|count| count.count).sum::<i64>(), 3);
        assert_eq!(figures.funnel[0], step("Started", 10, 0));
        let prompt = |idx: usize| quiz.questions[idx].prompt.as_str();
        assert_eq!(figures.funnel[1], step(&format!("1. {}", prompt(0)), 10, 0));
        assert_eq!(figures.funnel[3], step(&format!("3. {}", prompt(2)), 10, 2));
        assert_eq!(figures.funnel[4].readers, 8);
        assert_eq!(figures.funnel[5], step(&format!("5. {}", prompt(4)), 8, 1));
        assert_eq!(figures.funnel.last(), Some(&step("Saw the result", 3, 0)));
        // Said third (2 readers): both showed Second; said second (1): no gap.
        let said = figures.said_vs_shown.as_ref().unwrap();
        assert_eq!(said.rows[2], (quiz.outcomes[2].short.clone(), vec![0, 2, 0, 0]));
        assert_eq!(said.rows[1], (quiz.outcomes[1].short.clone(), vec![0, 0, 0, 1]));
        assert_eq!(
            counts(&figures.questions[2].1),
            [("Like the first.", 0), ("Like the second.", 2), ("Like the third.", 0), ("Like none.", 1)]
        );
        assert_eq!(counts(&figures.pages), [("/blog/post", 2), ("/about", 1)]);
    }

    #[test]
    fn a_quiz_without_stage_or_hardest_questions_has_no_such_figures() {
        let quiz = quiz_core::validate::parse_quiz(include_str!("../../../../tests/pages/quizzes/coffee.json"))
            .expect("the coffee quiz is valid");
        assert!(quiz.stage_question().is_none() && quiz.hardest_question().is_none());
        let figures = figures(&quiz, &[group(None, None, None)], &[], &[], &[], &[]);
        assert_eq!((figures.stages, figures.hardest, figures.said_vs_shown), (None, None, None));
        assert_eq!(figures.funnel.len(), quiz.questions.len() + 2);
    }

    #[test]
    fn a_step_that_depends_on_the_stage_answer_says_so() {
        let quiz = quiz_core::validate::parse_quiz(include_str!("../../../../tests/pages/quizzes/stages.json"))
            .expect("the stages quiz is valid");
        let labels = step_labels(&quiz);
        let stage = &quiz.questions[quiz.stage_question().unwrap()];
        assert_eq!(labels[0], format!("1. {}", quiz.questions[0].prompt));
        assert!(
            labels
                .iter()
                .any(|label| label.contains(&format!("depending on the answer to \u{201c}{}\u{201d}", stage.prompt))),
            "{labels:?}"
        );
        assert_eq!(labels.len(), quiz.question_count(&vec![None; quiz.questions.len()]));
    }

    #[test]
    fn pages_beyond_those_listed_are_counted_together() {
        let quiz = test_quiz();
        let pages: Vec<(String, i64)> = (0..PAGES_SHOWN + 5).map(|n| (format!("/post-{n}"), 1)).collect();
        let figures = figures(&quiz, &[], &[], &pages, &[], &[]);
        assert_eq!(figures.pages.len(), PAGES_SHOWN + 1);
        assert_eq!(figures.pages.last(), Some(&Count { label: OTHER_PAGES.into(), count: 5 }));
    }

    #[test]
    fn no_figure_is_negative_whatever_the_beacons_said() {
        let quiz = test_quiz();
        // More stops than starts (beacons come from browsers), and stops for every step.
        let flooded = figures(&quiz, &[], &[], &[], &[(1, 10, 0)], &[(1, 3), (2, 30), (3, 5), (4, 1_000_000)]);
        assert_eq!((flooded.funnel[1].readers, flooded.funnel[1].left), (10, 3));
        assert_eq!((flooded.funnel[2].readers, flooded.funnel[2].left), (7, 7));
        assert_eq!((flooded.funnel[3].readers, flooded.funnel[3].left), (0, 0));
        assert!(flooded.funnel.iter().all(|step| step.readers >= 0 && step.left >= 0 && step.left <= step.readers));
        let nothing_started = figures(&quiz, &[], &[], &[], &[], &[(1, 30)]);
        assert!(nothing_started.funnel.iter().all(|step| (step.readers, step.left) == (0, 0)));
    }
}
