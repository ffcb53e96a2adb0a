//! The owner's exports of what readers answered, for a signed-in owner, written with the
//! `csv` crate and serde_json.
//!
//! Columns, exactly: `completions.csv` has `day,outcome,further_up,stage,hardest,page,answers`
//! (the day as YYYY-MM-DD; outcome ids, empty for none; `answers` as question=choice pairs
//! joined by `;`); `completions.json` the same fields per completion; `aggregates.json` the
//! summary with counts and no minimum, plus starts and completions per day and where readers
//! stopped; `aggregates.csv` rows of `measure,key,count`.

use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::app::days::date;
use crate::state::AppState;
use crate::web::auth::Owner;
use crate::web::error::PageError;

/// The exports, by file name.
pub const FILES: [&str; 4] = ["completions.csv", "completions.json", "aggregates.csv", "aggregates.json"];

/// Rows as CSV (RFC 4180, CRLF line ends).
fn csv_text<R: IntoIterator<Item = Vec<String>>>(rows: R) -> String {
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    for row in rows {
        writer.write_record(&row).expect("writing CSV to memory does not fail");
    }
    String::from_utf8(writer.into_inner().expect("a Vec flushes")).expect("the fields are UTF-8")
}

/// `GET /dashboard/export/{quiz}/{file}`.
pub async fn export(
    State(state): State<AppState>,
    _owner: Owner,
    Path((key, file)): Path<(String, String)>,
) -> Result<Response, PageError> {
    if !state.app.quizzes.contains_key(&key) {
        return Err(PageError::new(
            StatusCode::NOT_FOUND,
            "No such quiz",
            format!("This server takes no quiz \"{key}\"."),
        ));
    }
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    let (body, content_type) = match file.as_str() {
        "completions.csv" | "completions.json" => {
            let completions = state.app.completions(&key).await.map_err(PageError::storage)?;
            if file.ends_with(".csv") {
                let header = ["day", "outcome", "further_up", "stage", "hardest", "page", "answers"];
                let rows = std::iter::once(header.iter().map(|name| name.to_string()).collect()).chain(
                    completions.iter().map(|c| {
                        vec![
                            date(c.day),
                            text(&c.outcome),
                            text(&c.further_up),
                            text(&c.stage),
                            text(&c.hardest),
                            c.page_path.clone(),
                            c.answers.replace(',', ";"),
                        ]
                    }),
                );
                (csv_text(rows), "text/csv; charset=utf-8")
            } else {
                let rows: Vec<Value> = completions
                    .iter()
                    .map(|c| {
                        json!({ "day": date(c.day), "outcome": c.outcome, "further_up": c.further_up, "stage": c.stage,
                        "hardest": c.hardest, "page": c.page_path, "answers": c.answers.replace(',', ";") })
                    })
                    .collect();
                (serde_json::to_string_pretty(&rows).expect("JSON values serialize"), "application/json")
            }
        }
        "aggregates.csv" | "aggregates.json" => {
            let summary = state.app.aggregates(&key).await.map_err(PageError::storage)?;
            if file.ends_with(".json") {
                (serde_json::to_string_pretty(&summary).expect("JSON values serialize"), "application/json")
            } else {
                let row = |measure: &str, key: &str, count: &Value| {
                    vec![measure.to_string(), key.to_string(), count.to_string()]
                };
                let mut rows = vec![
                    vec!["measure".to_string(), "key".to_string(), "count".to_string()],
                    row("completions", "", &summary["completions"]),
                    row("starts", "", &summary["starts"]),
                ];
                for (measure, name) in [("outcome", "outcomes"), ("stage", "stages"), ("hardest", "hardest")] {
                    for (key, count) in summary["counts"][name].as_object().into_iter().flatten() {
                        rows.push(row(measure, key, count));
                    }
                }
                for day in summary["days"].as_array().into_iter().flatten() {
                    let on = day["day"].as_str().unwrap_or_default();
                    rows.push(row("started_on", on, &day["started"]));
                    rows.push(row("completed_on", on, &day["completed"]));
                }
                for stop in summary["stoppedAt"].as_array().into_iter().flatten() {
                    rows.push(row("stopped_at_question", &stop["question"].to_string(), &stop["readers"]));
                }
                (csv_text(rows), "text/csv; charset=utf-8")
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
