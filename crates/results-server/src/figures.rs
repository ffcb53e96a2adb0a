//! The dashboard's figures for one quiz and a range of days, computed from the stored rows:
//! starts and completions per day, the funnel from start through each question to the
//! result, the distributions of outcomes, stages and stated hardest transitions, what readers
//! said against what their answers showed, and each question's answers. Pure: the handler
//! fetches, this counts, the page draws.

use std::collections::HashMap;

use quiz_core::quiz::Quiz;

use crate::store::Completion;

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

/// Counts `completions` (already limited to the range), `days` and `stops` for `quiz`.
pub fn figures(quiz: &Quiz, completions: &[Completion], days: &[(i64, i64, i64)], stops: &[(i64, i64)]) -> Figures {
    let label_of = |id: &Option<String>, none: &str| -> String {
        id.as_ref()
            .and_then(|id| quiz.outcomes.iter().find(|outcome| &outcome.id == id))
            .map_or_else(|| none.to_string(), |outcome| outcome.short.clone())
    };
    let tally = |pick: &dyn Fn(&Completion) -> &Option<String>, none: &str| -> Vec<Count> {
        let mut labels: Vec<String> = quiz.outcomes.iter().map(|outcome| outcome.short.clone()).collect();
        labels.push(none.to_string());
        labels
            .into_iter()
            .map(|label| {
                let count = completions.iter().filter(|c| label_of(pick(c), none) == label).count() as i64;
                Count { label, count }
            })
            .collect()
    };
    let started: i64 = days.iter().map(|(_, started, _)| started).sum();
    let left_at: HashMap<i64, i64> = stops.iter().copied().collect();
    let mut funnel = vec![("Started".to_string(), started, 0)];
    let mut reached = started;
    for step in 1..=quiz.questions.len() as i64 {
        let left = left_at.get(&step).copied().unwrap_or(0);
        funnel.push((format!("Question {step}"), reached, left));
        reached -= left;
    }
    funnel.push(("Saw the result".to_string(), completions.len() as i64, 0));

    let mut shown: Vec<String> = quiz.outcomes.iter().map(|outcome| outcome.short.clone()).collect();
    shown.push(NO_GAP.to_string());
    let said_vs_shown = quiz
        .outcomes
        .iter()
        .map(|said| {
            let row = shown
                .iter()
                .map(|column| {
                    completions
                        .iter()
                        .filter(|c| {
                            c.hardest.as_deref() == Some(said.id.as_str()) && label_of(&c.outcome, NO_GAP) == *column
                        })
                        .count() as i64
                })
                .collect();
            (said.short.clone(), row)
        })
        .collect();

    let chosen: Vec<HashMap<&str, &str>> =
        completions.iter().map(|c| c.answers.split(',').filter_map(|pair| pair.split_once('=')).collect()).collect();
    let questions = quiz
        .questions
        .iter()
        .map(|question| {
            let counts = question
                .choices
                .iter()
                .map(|choice| Count {
                    label: choice.text.clone(),
                    count: chosen
                        .iter()
                        .filter(|answers| answers.get(question.id.as_str()) == Some(&choice.id.as_str()))
                        .count() as i64,
                })
                .collect();
            (question.prompt.clone(), counts)
        })
        .collect();

    Figures {
        days: days.to_vec(),
        funnel,
        completions: completions.len() as i64,
        outcomes: tally(&|c| &c.outcome, NO_GAP),
        stages: tally(&|c| &c.stage, NOT_GIVEN),
        hardest: tally(&|c| &c.hardest, NOT_GIVEN),
        shown,
        said_vs_shown,
        questions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quiz_core::default_quiz::default_quiz;

    fn completion(outcome: Option<&str>, stage: Option<&str>, hardest: Option<&str>, answers: &str) -> Completion {
        Completion {
            id: String::new(),
            quiz: "four-transitions".into(),
            day: 1,
            page_path: "/".into(),
            outcome: outcome.map(String::from),
            further_up: None,
            stage: stage.map(String::from),
            hardest: hardest.map(String::from),
            answers: answers.into(),
        }
    }

    #[test]
    fn figures_count_what_was_stored() {
        let quiz = default_quiz().unwrap();
        let completions = [
            completion(Some("management"), Some("leading-leaders"), Some("officer"), "stage=manager,party=craft"),
            completion(Some("management"), Some("officer"), Some("officer"), "stage=leader,party=craft"),
            completion(None, None, Some("management"), "stage=rather-not,party=for-now"),
        ];
        // 10 started over two days; 2 left at question 3, 1 at question 5.
        let figures = figures(&quiz, &completions, &[(1, 6, 2), (2, 4, 1)], &[(3, 2), (5, 1)]);
        assert_eq!(figures.completions, 3);
        fn counts(list: &[Count]) -> Vec<(&str, i64)> {
            list.iter().map(|c| (c.label.as_str(), c.count)).collect()
        }
        assert_eq!(
            counts(&figures.outcomes),
            [
                ("Job → profession", 0),
                ("Seller → manager", 2),
                ("Manager → leader of leaders", 0),
                ("Leader → revenue officer", 0),
                ("No clear gap", 1)
            ]
        );
        assert_eq!(counts(&figures.stages).last(), Some(&("Not given", 1)));
        assert_eq!(figures.funnel[0], ("Started".to_string(), 10, 0));
        assert_eq!(figures.funnel[3], ("Question 3".to_string(), 10, 2));
        assert_eq!(figures.funnel[4], ("Question 4".to_string(), 8, 0));
        assert_eq!(figures.funnel[6], ("Question 6".to_string(), 7, 0));
        assert_eq!(figures.funnel.last(), Some(&("Saw the result".to_string(), 3, 0)));
        // Said officer (2 readers): both showed Seller → manager; said management (1): no gap.
        assert_eq!(figures.said_vs_shown[3], ("Leader → revenue officer".to_string(), vec![0, 2, 0, 0, 0]));
        assert_eq!(figures.said_vs_shown[1], ("Seller → manager".to_string(), vec![0, 0, 0, 0, 1]));
        let party = &figures.questions[2];
        assert_eq!(
            counts(&party.1)[..],
            [
                (quiz.questions[2].choices[0].text.as_str(), 1),
                (quiz.questions[2].choices[1].text.as_str(), 0),
                (quiz.questions[2].choices[2].text.as_str(), 0),
                (quiz.questions[2].choices[3].text.as_str(), 2)
            ]
        );
    }
}
