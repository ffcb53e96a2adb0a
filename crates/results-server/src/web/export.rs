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
//!   choice's text); a JSON array, one completion per line.
//! - `completions.csv`: the same columns; `answers` and `answer_labels` hold those objects as
//!   JSON text.
//! - `aggregates.json`: the summary with counts and no minimum, `labels` (outcome id →
//!   name), starts and completions per day, where readers stopped (with each step's label),
//!   each choice's count (with the question's and the choice's texts), and completions by page.
//! - `aggregates.csv`: rows of `measure,key,label,count`.
//!
//! The two raw exports stream: rows come from the database a day at a time
//! ([`crate::app::store::Store::stream_completions`]) and go out in chunks as they are
//! written, so the server's memory stays the same for ten rows or ten million. The first row
//! is read before answering, so a database that fails at once gives an error page; one that
//! fails midway cuts the download off (the transfer does not end cleanly, so a browser or
//! `curl` says it failed), never a file that looks whole. The aggregates read only the count
//! tables.

use std::collections::{BTreeMap, HashMap};

use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::app::completions::answers_of;
use crate::app::days::date;
use crate::app::store::Completion;
use crate::state::AppState;
use crate::web::auth::Owner;
use crate::web::dashboard::days_of;
use crate::web::error::PageError;

/// Rows written into one chunk of a raw export's body, at most.
const ROWS_PER_CHUNK: usize = 256;

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

/// The labels an export writes beside a quiz's ids, looked up once per export.
pub struct Labels {
    outcomes: HashMap<String, String>,
    /// The label of no clear result.
    none: String,
    /// (question id, choice id) → the choice's text.
    choices: HashMap<(String, String), String>,
}

impl Labels {
    /// The labels of `quiz`.
    pub fn of(quiz: &quiz_core::quiz::Quiz) -> Labels {
        Labels {
            outcomes: quiz.outcomes.iter().map(|outcome| (outcome.id.clone(), outcome.label.clone())).collect(),
            none: quiz.ui.answers_suggest_none.clone(),
            choices: quiz
                .questions
                .iter()
                .flat_map(|question| {
                    question
                        .choices
                        .iter()
                        .map(|choice| ((question.id.clone(), choice.id.clone()), choice.text.clone()))
                })
                .collect(),
        }
    }
}

impl Row {
    /// A completion as exported, with `day` already written as a date.
    fn of(labels: &Labels, completion: Completion, day: String) -> Row {
        let label = |id: &Option<String>| id.as_deref().and_then(|id| labels.outcomes.get(id)).cloned();
        let answers = answers_of(&completion.answers);
        // An id the quiz no longer has is left out of the labels.
        let answer_labels = answers
            .iter()
            .filter_map(|(question, choice)| {
                Some((question.clone(), labels.choices.get(&(question.clone(), choice.clone()))?.clone()))
            })
            .collect();
        Row {
            outcome_label: Some(label(&completion.outcome).unwrap_or_else(|| labels.none.clone())),
            further_up_label: label(&completion.further_up),
            stage_label: label(&completion.stage),
            hardest_label: label(&completion.hardest),
            id: completion.id,
            day,
            page: completion.page_path,
            outcome: completion.outcome,
            further_up: completion.further_up,
            stage: completion.stage,
            hardest: completion.hardest,
            answer_labels,
            answers,
        }
    }

    fn cells(&self) -> [String; 13] {
        let text = |value: &Option<String>| value.clone().unwrap_or_default();
        let json = |map: &BTreeMap<String, String>| serde_json::to_string(map).expect("a map of strings serializes");
        [
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

/// Writes a raw export's body, chunk by chunk.
struct RawWriter {
    labels: Labels,
    csv: bool,
    /// Rows written so far (JSON separates them with commas).
    written: u64,
    /// The last day written and its date, since rows come a day at a time.
    day: Option<(i64, String)>,
}

impl RawWriter {
    /// The body's first bytes: CSV's header, or JSON's opening bracket.
    fn head(&self) -> Bytes {
        match self.csv {
            true => Bytes::from(csv_text([COLUMNS.map(String::from).to_vec()])),
            false => Bytes::from_static(b"["),
        }
    }

    /// The body's last bytes.
    fn tail(&self) -> Bytes {
        match self.csv {
            true => Bytes::new(),
            false => Bytes::from_static(b"\n]\n"),
        }
    }

    /// A chunk of rows as bytes; a database error as an I/O error, which cuts the body off.
    fn chunk(&mut self, rows: Vec<Result<Completion, String>>) -> Result<Bytes, std::io::Error> {
        let mut out = Vec::with_capacity(rows.len() * 512);
        let mut csv = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(&mut out);
        let mut json = Vec::new();
        for row in rows {
            let completion = row.map_err(std::io::Error::other)?;
            let day = match &self.day {
                Some((day, text)) if *day == completion.day => text.clone(),
                _ => {
                    let text = date(completion.day);
                    self.day = Some((completion.day, text.clone()));
                    text
                }
            };
            let row = Row::of(&self.labels, completion, day);
            if self.csv {
                csv.write_record(row.cells())?;
            } else {
                json.extend_from_slice(if self.written == 0 { b"\n" } else { b",\n" });
                serde_json::to_writer(&mut json, &row)?;
            }
            self.written += 1;
        }
        csv.flush()?;
        drop(csv);
        out.extend_from_slice(&json);
        Ok(Bytes::from(out))
    }
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
            let mut rows = Box::pin(state.app.completions(&key, first, last));
            // The first row before answering: a database that fails at once is an error page.
            let head = rows.next().await;
            if let Some(Err(error)) = head {
                return Err(PageError::storage(error));
            }
            let csv = file.ends_with(".csv");
            let mut writer = RawWriter { labels: Labels::of(&registered.quiz), csv, written: 0, day: None };
            let (start, end) = (writer.head(), writer.tail());
            let rows = futures_util::stream::iter(head).chain(rows).ready_chunks(ROWS_PER_CHUNK);
            let body = futures_util::stream::once(async move { Ok(start) })
                .chain(rows.map(move |chunk| writer.chunk(chunk)))
                .chain(futures_util::stream::once(async move { Ok(end) }));
            let content_type = if csv { "text/csv; charset=utf-8" } else { "application/json" };
            (Body::from_stream(body), content_type)
        }
        "aggregates.csv" | "aggregates.json" => {
            let summary = state.app.aggregates(&key, first, last).await.map_err(PageError::storage)?;
            if file.ends_with(".json") {
                (Body::from(serde_json::to_string_pretty(&summary).expect("JSON values serialize")), "application/json")
            } else {
                (Body::from(csv_text(aggregate_rows(&summary))), "text/csv; charset=utf-8")
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
    for answer in summary["answers"].as_array().into_iter().flatten() {
        let key = format!("{}={}", text(&answer["question"]), text(&answer["choice"]));
        let label = format!("{}: {}", text(&answer["question_label"]), text(&answer["choice_label"]));
        rows.push(row("answer", &key, &label, &answer["count"]));
    }
    for page in summary["pages"].as_array().into_iter().flatten() {
        rows.push(row("page", &text(&page["page"]), "", &page["count"]));
    }
    rows
}
