//! The owner's exports of what readers answered, for a signed-in owner, over a range of days
//! (`?from=YYYY-MM-DD&to=YYYY-MM-DD`, each end optional: all days by default), written with
//! the `csv` crate and serde_json.
//!
//! One answers format everywhere, as in webhooks: an object of question id → choice id; and,
//! since exports are read by people, labels beside the ids (the outcomes' names, the chosen
//! choices' texts).
//!
//! Every key and column name is camelCase, as in the API, the page's events and webhooks.
//!
//! - `completions.json`: per completion: `id`, `day` (YYYY-MM-DD), `page` (the
//!   path), `outcome`, `furtherUp`, `stage`, `hardest` (outcome ids or `null`) each with its
//!   `…Label`, `answers` (question id → choice id) and `answerLabels` (question id → the
//!   choice's text); a JSON array, one completion per line.
//! - `completions.csv`: the same columns; `answers` and `answerLabels` hold those objects as
//!   JSON text.
//! - `aggregates.json`: the summary with counts and no minimum, `labels` (outcome id →
//!   name), starts and completions per day, where readers stopped (with each step's label),
//!   each choice's count (with the question's and the choice's texts), and completions by page.
//! - `aggregates.csv`: rows of `measure,key,label,count` (measures camelCase too).
//!
//! The two raw exports stream: rows come from the database a day at a time
//! ([`crate::app::store::Store::stream_completions`]) and go out in chunks as they are
//! written, so the server's memory stays the same for ten rows or ten million. The first row
//! is read before answering, so a database that fails at once gives an error page; one that
//! fails midway cuts the download off (the transfer does not end cleanly, so a browser or
//! `curl` says it failed), never a file that looks whole. The aggregates read only the count
//! tables.

use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use serde::Deserialize;
use serde_json::Value;

use crate::app::days::date;
use crate::app::store::{Chunk, CompletionRef};
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
    "outcomeLabel",
    "furtherUp",
    "furtherUpLabel",
    "stage",
    "stageLabel",
    "hardest",
    "hardestLabel",
    "answers",
    "answerLabels",
];

/// Writes `text` as one CSV field (RFC 4180): as it is, or quoted with its quotes doubled
/// when it holds a comma, a quote or a line break.
fn csv_field(out: &mut Vec<u8>, text: &str) {
    if !text.bytes().any(|byte| matches!(byte, b',' | b'"' | b'\r' | b'\n')) {
        out.extend_from_slice(text.as_bytes());
        return;
    }
    out.push(b'"');
    for (n, part) in text.split('"').enumerate() {
        if n > 0 {
            out.extend_from_slice(b"\"\"");
        }
        out.extend_from_slice(part.as_bytes());
    }
    out.push(b'"');
}

/// Writes `text` as a JSON string.
fn json_text(out: &mut Vec<u8>, text: &str) {
    serde_json::to_writer(out, text).expect("writing to memory does not fail");
}

/// `text` as a JSON string, and that string as it sits inside a quoted CSV field (its quotes
/// doubled): the two forms an export writes a label in, made once per export.
fn json_forms(text: &str) -> (Vec<u8>, Vec<u8>) {
    let mut json = Vec::new();
    json_text(&mut json, text);
    let in_csv = String::from_utf8_lossy(&json).replace('"', "\"\"").into_bytes();
    (json, in_csv)
}

/// Writes an id (a completion's, a question's, a choice's, an outcome's: letters, digits, `-`
/// and `_`) as a JSON string, inside a quoted CSV field when `in_csv`; anything else a row
/// might hold is escaped the long way.
fn json_id(out: &mut Vec<u8>, id: &str, in_csv: bool) {
    let quote: &[u8] = if in_csv { b"\"\"" } else { b"\"" };
    if id.bytes().all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_') {
        out.extend_from_slice(quote);
        out.extend_from_slice(id.as_bytes());
        out.extend_from_slice(quote);
    } else {
        let (json, doubled) = json_forms(id);
        out.extend_from_slice(if in_csv { &doubled } else { &json });
    }
}

/// A label in the forms an export writes it.
struct Label {
    /// A CSV field.
    csv: Vec<u8>,
    /// A JSON string.
    json: Vec<u8>,
}

impl Label {
    fn of(text: &str) -> Label {
        let mut csv = Vec::new();
        csv_field(&mut csv, text);
        let mut json = Vec::new();
        json_text(&mut json, text);
        Label { csv, json }
    }
}

/// One choice as the two answer objects hold it: `"question":"choice"` in the answers and
/// `"question":"its text"` in their labels, each as JSON and as it sits inside a quoted CSV
/// field.
struct Entry {
    answer_json: Vec<u8>,
    answer_csv: Vec<u8>,
    label_json: Vec<u8>,
    label_csv: Vec<u8>,
}

impl Entry {
    fn of(question: &str, choice: &str, text: &str) -> Entry {
        let (mut answer_json, mut label_json) = (Vec::new(), Vec::new());
        for (out, value) in [(&mut answer_json, choice), (&mut label_json, text)] {
            json_text(out, question);
            out.push(b':');
            json_text(out, value);
        }
        let in_csv = |json: &[u8]| String::from_utf8_lossy(json).replace('"', "\"\"").into_bytes();
        Entry { answer_csv: in_csv(&answer_json), label_csv: in_csv(&label_json), answer_json, label_json }
    }
}

/// The labels an export writes beside a quiz's ids, escaped once per export: with a few
/// hundred thousand rows a second to write, each row only copies them.
pub struct Labels {
    /// Each outcome's id and label.
    outcomes: Vec<(String, Label)>,
    /// The label of no clear result.
    none: Label,
    /// Each question's id and its choices' entries, by question id.
    questions: Vec<(String, Vec<(String, Entry)>)>,
}

impl Labels {
    /// The labels of `quiz`.
    pub fn of(quiz: &quiz_core::quiz::Quiz) -> Labels {
        let mut questions: Vec<(String, Vec<(String, Entry)>)> = quiz
            .questions
            .iter()
            .map(|question| {
                let entries = question
                    .choices
                    .iter()
                    .map(|choice| (choice.id.clone(), Entry::of(&question.id, &choice.id, &choice.text)));
                (question.id.clone(), entries.collect())
            })
            .collect();
        questions.sort_by(|(a, _), (b, _)| a.cmp(b));
        Labels {
            outcomes: quiz.outcomes.iter().map(|outcome| (outcome.id.clone(), Label::of(&outcome.label))).collect(),
            none: Label::of(&quiz.ui.answers_suggest_none),
            questions,
        }
    }

    /// An outcome's label, if the quiz has it.
    fn outcome(&self, id: Option<&str>) -> Option<&Label> {
        let id = id?;
        self.outcomes.iter().find(|(known, _)| known == id).map(|(_, label)| label)
    }

    /// Each of `pairs` (question id, choice id, by question id) with its choice's entries if
    /// the quiz has it: one walk through the quiz's questions, which are by id too.
    fn entries<'a>(
        &'a self,
        pairs: &'a [(&'a str, &'a str)],
    ) -> impl Iterator<Item = ((&'a str, &'a str), Option<&'a Entry>)> + 'a {
        let mut questions = self.questions.iter().peekable();
        pairs.iter().map(move |&(question, choice)| {
            while questions.next_if(|(id, _)| id.as_str() < question).is_some() {}
            let entry = match questions.peek() {
                Some((id, choices)) if id == question => {
                    choices.iter().find(|(id, _)| id == choice).map(|(_, entry)| entry)
                }
                _ => None,
            };
            ((question, choice), entry)
        })
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

/// Writes a raw export's body, chunk by chunk, each completion as its [`COLUMNS`], straight
/// into the chunk's bytes. The aggregates and the header go through the `csv` crate; the raw
/// rows are written here, by RFC 4180's two rules (`csv_field`) and serde_json's escaping,
/// with every label escaped once per export: through `csv` and serde_json row by row, ids
/// and labels escaped again for every row, this server wrote about 110,000 rows a second of
/// the built-in quiz on this machine, and under half that as an owner's size-optimised build.
struct RawWriter {
    labels: Labels,
    csv: bool,
    /// Rows written so far (JSON separates them with commas).
    written: u64,
    /// The last day written and its date, since rows come a day at a time.
    day: Option<(i64, String)>,
}

impl RawWriter {
    fn new(labels: Labels, csv: bool) -> RawWriter {
        RawWriter { labels, csv, written: 0, day: None }
    }

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

    /// Writes the answers (question id → choice id) or, when `labels`, the chosen choices'
    /// texts (a choice the quiz no longer has gets none) as a JSON object, inside a quoted
    /// CSV field when `in_csv`; by question id, as the answers format has them.
    fn answers(out: &mut Vec<u8>, pairs: &[(&str, &str, Option<&Entry>)], labels: bool, in_csv: bool) {
        if in_csv {
            out.push(b'"');
        }
        out.push(b'{');
        let mut first = true;
        for (question, choice, entry) in pairs {
            let written = match (entry, labels, in_csv) {
                (Some(entry), false, false) => &entry.answer_json,
                (Some(entry), false, true) => &entry.answer_csv,
                (Some(entry), true, false) => &entry.label_json,
                (Some(entry), true, true) => &entry.label_csv,
                (None, true, _) => continue,
                (None, false, _) => {
                    if !first {
                        out.push(b',');
                    }
                    first = false;
                    json_id(out, question, in_csv);
                    out.push(b':');
                    json_id(out, choice, in_csv);
                    continue;
                }
            };
            if !first {
                out.push(b',');
            }
            first = false;
            out.extend_from_slice(written);
        }
        out.push(b'}');
        if in_csv {
            out.push(b'"');
        }
    }

    /// Writes one completion.
    fn row(&mut self, out: &mut Vec<u8>, completion: CompletionRef) {
        if self.day.as_ref().is_none_or(|(day, _)| *day != completion.day) {
            self.day = Some((completion.day, date(completion.day)));
        }
        let day = self.day.as_ref().map_or("", |(_, text)| text.as_str());
        let labels = &self.labels;
        let mut pairs: Vec<(&str, &str)> =
            completion.answers.split(',').filter_map(|pair| pair.split_once('=')).collect();
        pairs.sort_by_key(|(question, _)| *question);
        pairs.dedup_by_key(|(question, _)| *question);
        let pairs: Vec<(&str, &str, Option<&Entry>)> =
            labels.entries(&pairs).map(|((question, choice), entry)| (question, choice, entry)).collect();
        let outcome_label = labels.outcome(completion.outcome).unwrap_or(&labels.none);
        let ids_and_labels = [
            (completion.outcome, Some(outcome_label)),
            (completion.further_up, labels.outcome(completion.further_up)),
            (completion.stage, labels.outcome(completion.stage)),
            (completion.hardest, labels.outcome(completion.hardest)),
        ];
        if self.csv {
            for text in [completion.id, day, completion.page_path] {
                csv_field(out, text);
                out.push(b',');
            }
            for (id, label) in ids_and_labels {
                csv_field(out, id.unwrap_or(""));
                out.push(b',');
                out.extend_from_slice(label.map_or(&b""[..], |label| &label.csv));
                out.push(b',');
            }
            RawWriter::answers(out, &pairs, false, true);
            out.push(b',');
            RawWriter::answers(out, &pairs, true, true);
            out.extend_from_slice(b"\r\n");
        } else {
            out.extend_from_slice(if self.written == 0 { b"\n{\"id\":" } else { b",\n{\"id\":" });
            json_text(out, completion.id);
            out.extend_from_slice(b",\"day\":");
            json_text(out, day);
            out.extend_from_slice(b",\"page\":");
            json_text(out, completion.page_path);
            for ((id, label), name) in ids_and_labels.into_iter().zip(["outcome", "furtherUp", "stage", "hardest"]) {
                out.extend_from_slice(b",\"");
                out.extend_from_slice(name.as_bytes());
                out.extend_from_slice(b"\":");
                match id {
                    Some(id) => json_id(out, id, false),
                    None => out.extend_from_slice(b"null"),
                }
                out.extend_from_slice(b",\"");
                out.extend_from_slice(name.as_bytes());
                out.extend_from_slice(b"Label\":");
                out.extend_from_slice(label.map_or(&b"null"[..], |label| &label.json));
            }
            out.extend_from_slice(b",\"answers\":");
            RawWriter::answers(out, &pairs, false, false);
            out.extend_from_slice(b",\"answerLabels\":");
            RawWriter::answers(out, &pairs, true, false);
            out.push(b'}');
        }
        self.written += 1;
    }

    /// A chunk of rows as bytes; a database error as an I/O error, which cuts the body off.
    fn chunk(&mut self, chunk: Result<Chunk, String>) -> Result<Bytes, std::io::Error> {
        let chunk = chunk.map_err(std::io::Error::other)?;
        let mut out = Vec::with_capacity(chunk.len() * 1536);
        for completion in chunk.completions() {
            self.row(&mut out, completion);
        }
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
            let mut chunks = Box::pin(state.app.completions(&key, first, last));
            // The first chunk before answering: a database that fails at once is an error page.
            let head = chunks.next().await;
            if let Some(Err(error)) = head {
                return Err(PageError::storage(error));
            }
            let csv = file.ends_with(".csv");
            let mut writer = RawWriter::new(Labels::of(&registered.quiz), csv);
            let (start, end) = (writer.head(), writer.tail());
            let body = futures_util::stream::once(async move { Ok(start) })
                .chain(futures_util::stream::iter(head).chain(chunks).map(move |chunk| writer.chunk(chunk)))
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
        rows.push(row("startedOn", on, "", &day["started"]));
        rows.push(row("completedOn", on, "", &day["completed"]));
    }
    for stop in summary["stoppedAt"].as_array().into_iter().flatten() {
        let label = stop["label"].as_str().unwrap_or_default();
        rows.push(row("stoppedAtQuestion", &stop["question"].to_string(), label, &stop["readers"]));
    }
    for answer in summary["answers"].as_array().into_iter().flatten() {
        let key = format!("{}={}", text(&answer["question"]), text(&answer["choice"]));
        let label = format!("{}: {}", text(&answer["questionLabel"]), text(&answer["choiceLabel"]));
        rows.push(row("answer", &key, &label, &answer["count"]));
    }
    for page in summary["pages"].as_array().into_iter().flatten() {
        rows.push(row("page", &text(&page["page"]), "", &page["count"]));
    }
    rows
}
