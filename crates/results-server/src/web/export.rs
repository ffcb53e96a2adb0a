//! The owner's exports of what readers answered, for a signed-in owner, over a range of days
//! (`?from=YYYY-MM-DD&to=YYYY-MM-DD`, each end optional: all days by default), written with
//! the `csv` crate and serde_json.
//!
//! One answers format everywhere, as in webhooks: an object of question id → choice id; and,
//! since exports are read by people, labels beside the ids (the outcomes' names, the chosen
//! choices' texts).
//!
//! - `completions.json`: per completion [`Row`]: `id`, `day` (YYYY-MM-DD), `page` (the
//!   path), `outcome`, `further_up`, `stage`, `hardest` (outcome ids or `null`) each with its
//!   `_label`, `answers` (question id → choice id) and `answer_labels` (question id → the
//!   choice's text).
//! - `completions.csv`: the same columns; `answers` and `answer_labels` hold those objects as
//!   JSON text.
//! - `aggregates.json`: the summary with counts and no minimum, `labels` (outcome id →
//!   name), starts and completions per day, and where readers stopped (with each step's label).
//! - `aggregates.csv`: rows of `measure,key,label,count`.

use std::collections::BTreeMap;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::app::completions::{answer_labels, answers_of};
use crate::app::days::date;
use crate::app::store::Completion;
use crate::state::AppState;
use crate::web::auth::Owner;
use crate::web::dashboard::days_of;
use crate::web::error::PageError;

/// The exports, by file name.
pub const FILES: [&str; 4] = ["completions.csv", "completions.json", "aggregates.csv", "aggregates.json"];

/// The columns of `completions.csv`, in order.
pub const COLUMNS: [&str; 13] = [
    "id",
    "day",
    "page",
    "outcome",
    "outcome_label",
    "further_up",
    "further_up_label",
    "stage",
    "stage_label",
    "hardest",
    "hardest_label",
    "answers",
    "answer_labels",
];

/// One completion as exported.
#[derive(Debug, Serialize)]
pub struct Row {
    pub id: String,
    pub day: String,
    pub page: String,
    pub outcome: Option<String>,
    pub outcome_label: Option<String>,
    pub further_up: Option<String>,
    pub further_up_label: Option<String>,
    pub stage: Option<String>,
    pub stage_label: Option<String>,
    pub hardest: Option<String>,
    pub hardest_label: Option<String>,
    pub answers: BTreeMap<String, String>,
    pub answer_labels: BTreeMap<String, String>,
}

impl Row {
    fn of(quiz: &quiz_core::quiz::Quiz, completion: &Completion) -> Row {
        let label = |id: &Option<String>| {
            id.as_deref()
                .and_then(|id| quiz.outcomes.iter().find(|outcome| outcome.id == id))
                .map(|outcome| outcome.label.clone())
        };
        let answers = answers_of(&completion.answers);
        Row {
            id: completion.id.clone(),
            day: date(completion.day),
            page: completion.page_path.clone(),
            outcome_label: Some(label(&completion.outcome).unwrap_or_else(|| quiz.ui.answers_suggest_none.clone())),
            outcome: completion.outcome.clone(),
            further_up_label: label(&completion.further_up),
            further_up: completion.further_up.clone(),
            stage_label: label(&completion.stage),
            stage: completion.stage.clone(),
            hardest_label: label(&completion.hardest),
            hardest: completion.hardest.clone(),
            answer_labels: answer_labels(quiz, &answers),
            answers,
        }
    }

    fn cells(&self) -> Vec<String> {
        let text = |value: &Option<String>| value.clone().unwrap_or_default();
        let json = |map: &BTreeMap<String, String>| serde_json::to_string(map).expect("a map of strings serializes");
        vec![
            self.id.clone(),
            self.day.clone(),
            self.page.clone(),
            text(&self.outcome),
            text(&self.outcome_label),
            text(&self.further_up),
            text(&self.further_up_label),
            text(&self.stage),
            text(&self.stage_label),
            text(&self.hardest),
            text(&self.hardest_label),
            json(&self.answers),
            json(&self.answer_labels),
        ]
    }
}

/// Rows as CSV (RFC 4180, CRLF line ends).
fn csv_text<R: IntoIterator<Item = Vec<String>>>(rows: R) -> String {
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    for row in rows {
        writer.write_record(&row).expect("writing CSV to memory does not fail");
    }
    String::from_utf8(writer.into_inner().expect("a Vec flushes")).expect("the fields are UTF-8")
}

/// The range of days an export covers.
#[derive(Deserialize)]
pub struct Range {
    from: Option<String>,
    to: Option<String>,
}

/// `GET /dashboard/export/{quiz}/{file}?from&to`.
pub async fn export(
    State(state): State<AppState>,
    _owner: Owner,
    Path((key, file)): Path<(String, String)>,
    Query(range): Query<Range>,
) -> Result<Response, PageError> {
    let Some(registered) = state.app.quizzes.get(&key) else {
        return Err(PageError::new(
            StatusCode::NOT_FOUND,
            "No such quiz",
            format!("This server takes no quiz \"{key}\"."),
        ));
    };
    let (first, last) = days_of(range.from.as_deref(), range.to.as_deref(), (i64::MIN / 2, i64::MAX / 2))?;
    let (body, content_type) = match file.as_str() {
        "completions.csv" | "completions.json" => {
            let completions = state.app.completions(&key, first, last).await.map_err(PageError::storage)?;
            let rows = completions.iter().map(|completion| Row::of(&registered.quiz, completion));
            if file.ends_with(".csv") {
                let header = COLUMNS.iter().map(|name| name.to_string()).collect();
                (csv_text(std::iter::once(header).chain(rows.map(|row| row.cells()))), "text/csv; charset=utf-8")
            } else {
                let rows: Vec<Row> = rows.collect();
                (serde_json::to_string_pretty(&rows).expect("rows serialize"), "application/json")
            }
        }
        "aggregates.csv" | "aggregates.json" => {
            let summary = state.app.aggregates(&key, first, last).await.map_err(PageError::storage)?;
            if file.ends_with(".json") {
                (serde_json::to_string_pretty(&summary).expect("JSON values serialize"), "application/json")
            } else {
                (csv_text(aggregate_rows(&summary)), "text/csv; charset=utf-8")
            }
        }
        _ => {
            return Err(PageError::new(
                StatusCode::NOT_FOUND,
                "No such export",
                format!("The exports are {}.", FILES.join(", ")),
            ));
        }
    };
    let disposition = format!("attachment; filename=\"{key}.{file}\"");
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CONTENT_DISPOSITION, HeaderValue::from_str(&disposition).expect("keys are ids"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// `aggregates.csv`'s rows: `measure,key,label,count`.
fn aggregate_rows(summary: &Value) -> Vec<Vec<String>> {
    let text = |value: &Value| value.as_str().map_or_else(|| value.to_string(), String::from);
    let row = |measure: &str, key: &str, label: &str, count: &Value| {
        vec![measure.to_string(), key.to_string(), label.to_string(), count.to_string()]
    };
    let label = |key: &str| summary["labels"].get(key).map(text).unwrap_or_default();
    let mut rows = vec![
        ["measure", "key", "label", "count"].map(String::from).to_vec(),
        row("completions", "", "", &summary["completions"]),
        row("starts", "", "", &summary["starts"]),
    ];
    for (measure, name) in [("outcome", "outcomes"), ("stage", "stages"), ("hardest", "hardest")] {
        for (key, count) in summary["counts"][name].as_object().into_iter().flatten() {
            rows.push(row(measure, key, &label(key), count));
        }
    }
    for day in summary["days"].as_array().into_iter().flatten() {
        let on = day["day"].as_str().unwrap_or_default();
        rows.push(row("started_on", on, "", &day["started"]));
        rows.push(row("completed_on", on, "", &day["completed"]));
    }
    for stop in summary["stoppedAt"].as_array().into_iter().flatten() {
        let label = stop["label"].as_str().unwrap_or_default();
        rows.push(row("stopped_at_question", &stop["question"].to_string(), label, &stop["readers"]));
    }
    rows
}
