//! The owner's side: sign-in with the secret from the configuration, and exports of what
//! readers answered (CSV and JSON, aggregates and raw completions). Only when the
//! configuration has a `dashboard_secret`; without one these routes do not exist.
//!
//! - The session cookie is `HttpOnly`, `SameSite=Strict`, scoped to `/dashboard` (so it never
//!   reaches the readers' API, which reads no cookie anyway), and `Secure` behind https.
//! - Every state-changing request (sign-in, sign-out) carries a CSRF token that must match:
//!   before sign-in, a `SameSite=Strict` cookie set with the form; after, the session's own.
//! - A wrong secret is answered after a second, and logged (without the address).
//!
//! Export columns, exactly: `completions.csv` has `day,outcome,further_up,stage,hardest,page,answers`
//! (the day as YYYY-MM-DD; outcome ids, empty for none; `answers` as question=choice pairs
//! joined by `;`); `completions.json` the same fields per completion; `aggregates.json` the
//! summary with counts and no minimum, plus starts and completions per day and where readers
//! stopped; `aggregates.csv` rows of `measure,key,count`.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::api::AppState;
use crate::config::Config;

/// How long a dashboard session lasts.
const SESSION: Duration = Duration::from_secs(12 * 3600);
const SESSION_COOKIE: &str = "tq_session";
const CSRF_COOKIE: &str = "tq_csrf";

/// Signed-in sessions: token → (CSRF token, expiry). In memory: a restart signs the owner out.
#[derive(Default)]
pub struct Sessions(Mutex<HashMap<String, (String, Instant)>>);

impl Sessions {
    fn open(&self) -> (String, String) {
        let (token, csrf) = (random_token(), random_token());
        let mut sessions = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        sessions.retain(|_, (_, expires)| *expires > Instant::now());
        sessions.insert(token.clone(), (csrf.clone(), Instant::now() + SESSION));
        (token, csrf)
    }

    /// The CSRF token of a live session.
    fn csrf(&self, token: &str) -> Option<String> {
        let sessions = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        sessions.get(token).filter(|(_, expires)| *expires > Instant::now()).map(|(csrf, _)| csrf.clone())
    }

    fn close(&self, token: &str) {
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).remove(token);
    }
}

/// 32 random bytes, hex: a session or CSRF token.
fn random_token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system gives random bytes");
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Equal, in time that does not depend on where two strings first differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |diff, (x, y)| diff | (x ^ y)) == 0
}

fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .find_map(|pair| {
            let (key, value) = pair.trim().split_once('=')?;
            (key == name).then(|| value.to_string())
        })
}

fn set_cookie(config: &Config, headers: &HeaderMap, name: &str, value: &str, max_age: u64) -> HeaderValue {
    let https = config.trust_forwarded_for
        && headers.get("x-forwarded-proto").and_then(|value| value.to_str().ok()) == Some("https");
    let secure = if https { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/dashboard; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}"
    ))
    .expect("tokens are ASCII")
}

/// The signed-in session's token and CSRF token, if any.
fn signed_in(state: &AppState, headers: &HeaderMap) -> Option<(String, String)> {
    let token = cookie(headers, SESSION_COOKIE)?;
    let csrf = state.sessions.csrf(&token)?;
    Some((token, csrf))
}

fn page(title: &str, body: &str) -> String {
    // No inline script or style: the page works under the same strict CSP as the widget.
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <link rel=\"stylesheet\" href=\"/dashboard/dashboard.css\"><title>{title}</title></head><body><main><h1>{title}</h1>{body}</main></body></html>"
    )
}

/// `GET /dashboard/dashboard.css`.
pub async fn stylesheet() -> Response {
    let mut response = include_str!("dashboard.css").into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/css; charset=utf-8"));
    response
}

/// A day number from YYYY-MM-DD (the inverse of [`date`]), if it is one.
pub fn day_of(text: &str) -> Option<i64> {
    let mut parts = text.splitn(3, '-');
    let (y, m, d): (i64, i64, i64) =
        (parts.next()?.parse().ok()?, parts.next()?.parse().ok()?, parts.next()?.parse().ok()?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || text.len() != 10 {
        return None;
    }
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let day = era * 146_097 + doe - 719_468;
    (date(day) == text).then_some(day)
}

/// A bar of `count` out of `most`, with the figure in the table beside it.
fn bar(count: i64, most: i64) -> String {
    let width = if most > 0 { (100 * count + most / 2) / most } else { 0 };
    format!(
        "<td class=\"bar\"><svg class=\"bar\" viewBox=\"0 0 100 1\" preserveAspectRatio=\"none\" aria-hidden=\"true\" focusable=\"false\">\
         <rect class=\"track\" x=\"0\" y=\"0\" width=\"100\" height=\"1\"/><rect class=\"fill\" x=\"0\" y=\"0\" width=\"{width}\" height=\"1\"/></svg></td>"
    )
}

fn percent(count: i64, total: i64) -> String {
    if total == 0 { "–".into() } else { format!("{}%", (200 * count + total) / (2 * total)) }
}

/// A table of counts with their share and a bar.
fn counts_table(caption: &str, counts: &[crate::figures::Count]) -> String {
    let total: i64 = counts.iter().map(|count| count.count).sum();
    let most = counts.iter().map(|count| count.count).max().unwrap_or(0);
    let rows: String = counts
        .iter()
        .map(|c| {
            format!(
                "<tr><th scope=\"row\">{}</th><td class=\"n\">{}</td><td class=\"n\">{}</td>{}</tr>",
                escape(&c.label),
                c.count,
                percent(c.count, total),
                bar(c.count, most)
            )
        })
        .collect();
    format!(
        "<div class=\"table\"><table><caption>{}</caption><thead><tr><th scope=\"col\">Answer</th><th scope=\"col\">Readers</th><th scope=\"col\">Share</th><th scope=\"col\"><span class=\"note\">Chart</span></th></tr></thead><tbody>{rows}</tbody></table></div>",
        escape(caption)
    )
}

/// The range form's query: `from` and `to` as YYYY-MM-DD.
#[derive(Deserialize)]
pub struct Range {
    from: Option<String>,
    to: Option<String>,
}

/// `GET /dashboard/quiz/{quiz}`: the figures for one quiz over a range of days (the last 30
/// by default), as tables with bars: every figure is text, the bars only draw it.
pub async fn quiz_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(key): Path<String>,
    axum::extract::Query(range): axum::extract::Query<Range>,
) -> Response {
    if signed_in(&state, &headers).is_none() {
        return Redirect::to("/dashboard").into_response();
    }
    let Some(registered) = state.quizzes.get(&key) else {
        return (StatusCode::NOT_FOUND, Html(page("No such quiz", "<p><a href=\"/dashboard\">Back</a></p>")))
            .into_response();
    };
    let today = crate::api::today();
    let parse = |text: &Option<String>, default: i64| match text.as_deref().filter(|text| !text.is_empty()) {
        None => Some(default),
        Some(text) => day_of(text),
    };
    let (Some(first), Some(last)) = (parse(&range.from, today - 29), parse(&range.to, today)) else {
        return (
            StatusCode::BAD_REQUEST,
            Html(page("Dates", "<p>Write dates as YYYY-MM-DD. <a href=\"/dashboard\">Back</a></p>")),
        )
            .into_response();
    };
    let (between, days, stops) = match (
        state.store.between(&key, first, last).await,
        state.store.days(&key).await,
        state.store.stops(&key, first, last).await,
    ) {
        (Ok(between), Ok(days), Ok(stops)) => (between, days, stops),
        (Err(error), ..) | (_, Err(error), _) | (.., Err(error)) => {
            tracing::error!(%error, "the dashboard could not read the database");
            return (StatusCode::SERVICE_UNAVAILABLE, "the database did not answer").into_response();
        }
    };
    let days: Vec<_> = days.into_iter().filter(|(day, ..)| (first..=last).contains(day)).collect();
    let (groups, answers) = between;
    let figures = crate::figures::figures(&registered.quiz, &groups, &answers, &days, &stops);

    let busiest = figures.days.iter().map(|(_, started, completed)| (*started).max(*completed)).max().unwrap_or(0);
    let day_rows: String = figures
        .days
        .iter()
        .map(|(day, started, completed)| {
            format!(
                "<tr><th scope=\"row\">{}</th><td class=\"n\">{started}</td><td class=\"n\">{completed}</td>{}</tr>",
                date(*day),
                bar(*completed, busiest)
            )
        })
        .collect();
    let first_step = figures.funnel.first().map_or(0, |(_, readers, _)| *readers);
    let funnel_rows: String = figures
        .funnel
        .iter()
        .map(|(label, readers, left)| {
            format!(
                "<tr><th scope=\"row\">{}</th><td class=\"n\">{readers}</td><td class=\"n\">{left}</td>{}</tr>",
                escape(label),
                bar(*readers, first_step)
            )
        })
        .collect();
    let columns: String =
        figures.shown.iter().map(|label| format!("<th scope=\"col\">{}</th>", escape(label))).collect();
    let cross_rows: String = figures
        .said_vs_shown
        .iter()
        .map(|(said, row)| {
            let total: i64 = row.iter().sum();
            let cells: String = row
                .iter()
                .map(|count| {
                    format!("<td class=\"n\">{} <span class=\"note\">({count})</span></td>", percent(*count, total))
                })
                .collect();
            format!("<tr><th scope=\"row\">{}</th>{cells}<td class=\"n\">{total}</td></tr>", escape(said))
        })
        .collect();
    let questions: String = figures.questions.iter().map(|(prompt, counts)| counts_table(prompt, counts)).collect();
    let deliveries = match state.config.quizzes.get(&key).and_then(|quiz| quiz.webhook.as_ref()) {
        None => String::new(),
        Some(webhook) => {
            let rows: String = state
                .webhooks
                .log(&key)
                .iter()
                .map(|d| {
                    let outcome = if d.outcome.is_empty() { "no clear gap" } else { d.outcome.as_str() };
                    let result = if d.delivered { "delivered" } else { "failed" };
                    format!(
                        "<tr><td>{}</td><td>{}</td><td>{result} ({})</td><td class=\"n\">{}</td></tr>",
                        d.day,
                        escape(outcome),
                        escape(&d.result),
                        d.attempts
                    )
                })
                .collect();
            format!(
                "<h2>Webhook deliveries</h2><p class=\"note\">To {} (the latest, since the server started).</p><div class=\"table\"><table><thead><tr><th scope=\"col\">Day</th><th scope=\"col\">Outcome</th><th scope=\"col\">Result</th><th scope=\"col\">Attempts</th></tr></thead><tbody>{rows}</tbody></table></div>",
                escape(&webhook.url)
            )
        }
    };
    let body = format!(
        "<p><a href=\"/dashboard\">All quizzes</a></p><h2>{title}</h2>\
         <form class=\"range\" method=\"get\"><label>From <input type=\"date\" name=\"from\" value=\"{from}\"></label>\
         <label>To <input type=\"date\" name=\"to\" value=\"{to}\"></label><button type=\"submit\">Show</button></form>\
         <p class=\"summary\"><strong>{completions}</strong> {noun} from {from} to {to}.</p>\
         <h2>Starts and completions per day</h2><div class=\"table\"><table><caption>Each day with any</caption><thead><tr><th scope=\"col\">Day</th><th scope=\"col\">Started</th><th scope=\"col\">Completed</th><th scope=\"col\"><span class=\"note\">Completed, charted</span></th></tr></thead><tbody>{day_rows}</tbody></table></div>\
         <h2>Where readers stop</h2><div class=\"table\"><table><caption>Readers at each step, and how many left there</caption><thead><tr><th scope=\"col\">Step</th><th scope=\"col\">Readers</th><th scope=\"col\">Left here</th><th scope=\"col\"><span class=\"note\">Chart</span></th></tr></thead><tbody>{funnel_rows}</tbody></table></div>\
         <h2>Results</h2>{outcomes}{stages}{hardest}\
         <h2>Said hardest, and what their answers showed</h2><div class=\"table\"><table class=\"cross\"><caption>Rows: the climb readers said is hardest. Columns: the gap their answers showed (share of the row, count).</caption><thead><tr><th scope=\"col\">Said</th>{columns}<th scope=\"col\">Readers</th></tr></thead><tbody>{cross_rows}</tbody></table></div>\
         <h2>Each question's answers</h2>{questions}{deliveries}",
        title = escape(&registered.quiz.title),
        from = date(first),
        to = date(last),
        completions = figures.completions,
        noun = if figures.completions == 1 { "completion" } else { "completions" },
        outcomes = counts_table("The gap their answers showed", &figures.outcomes),
        stages = counts_table("Where readers said they are", &figures.stages),
        hardest = counts_table("The climb they said is hardest", &figures.hardest),
    );
    let mut response = Html(page("Quiz results", &body)).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn sign_in_page(state: &AppState, headers: &HeaderMap, status: StatusCode, message: &str) -> Response {
    let csrf = random_token();
    let note = if message.is_empty() { String::new() } else { format!("<p role=\"alert\">{}</p>", escape(message)) };
    let body = format!(
        "{note}<form method=\"post\" action=\"/dashboard/sign-in\"><input type=\"hidden\" name=\"csrf\" value=\"{csrf}\">\
         <label>Dashboard secret <input type=\"password\" name=\"secret\" autocomplete=\"current-password\" required></label> \
         <button type=\"submit\">Sign in</button></form>"
    );
    let mut response = (status, Html(page("Sign in to the quiz results", &body))).into_response();
    response.headers_mut().insert(header::SET_COOKIE, set_cookie(&state.config, headers, CSRF_COOKIE, &csrf, 3600));
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// `GET /dashboard`: the sign-in form, or the list of quizzes with their exports.
pub async fn home(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Some((_, csrf)) = signed_in(&state, &headers) else {
        return sign_in_page(&state, &headers, StatusCode::OK, "");
    };
    let quizzes: String = state
        .quizzes
        .iter()
        .map(|(key, registered)| {
            let links: Vec<String> = ["completions.csv", "completions.json", "aggregates.csv", "aggregates.json"]
                .iter()
                .map(|file| format!("<a href=\"/dashboard/export/{key}/{file}\">{file}</a>"))
                .collect();
            format!(
                "<li><a href=\"/dashboard/quiz/{key}\"><strong>{}</strong></a> ({key}); exports: {}</li>",
                escape(&registered.quiz.title),
                links.join(", ")
            )
        })
        .collect();
    let body = format!(
        "<h2>Quizzes</h2><ul>{quizzes}</ul>\
         <form method=\"post\" action=\"/dashboard/sign-out\"><input type=\"hidden\" name=\"csrf\" value=\"{csrf}\">\
         <button type=\"submit\">Sign out</button></form>"
    );
    let mut response = Html(page("Quiz results", &body)).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The sign-in form.
#[derive(Deserialize)]
pub struct SignIn {
    secret: String,
    csrf: String,
}

/// `POST /dashboard/sign-in`.
pub async fn sign_in(State(state): State<AppState>, headers: HeaderMap, Form(form): Form<SignIn>) -> Response {
    let expected_csrf = cookie(&headers, CSRF_COOKIE).unwrap_or_default();
    if expected_csrf.is_empty() || !same(&form.csrf, &expected_csrf) {
        return (
            StatusCode::FORBIDDEN,
            Html(page("Refused", "<p>The form has expired. <a href=\"/dashboard\">Sign in again</a>.</p>")),
        )
            .into_response();
    }
    let secret = state.config.dashboard_secret.as_deref().unwrap_or_default();
    if secret.is_empty() || !same(&form.secret, secret) {
        tracing::warn!("a wrong dashboard secret was tried");
        tokio::time::sleep(Duration::from_secs(1)).await;
        return sign_in_page(&state, &headers, StatusCode::UNAUTHORIZED, "That secret is not right.");
    }
    let (token, _) = state.sessions.open();
    let mut response = Redirect::to("/dashboard").into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, set_cookie(&state.config, &headers, SESSION_COOKIE, &token, SESSION.as_secs()));
    response
}

/// The sign-out form.
#[derive(Deserialize)]
pub struct SignOut {
    csrf: String,
}

/// `POST /dashboard/sign-out`.
pub async fn sign_out(State(state): State<AppState>, headers: HeaderMap, Form(form): Form<SignOut>) -> Response {
    let Some((token, csrf)) = signed_in(&state, &headers) else {
        return Redirect::to("/dashboard").into_response();
    };
    if !same(&form.csrf, &csrf) {
        return (StatusCode::FORBIDDEN, Html(page("Refused", "<p>The form has expired.</p>"))).into_response();
    }
    state.sessions.close(&token);
    let mut response = Redirect::to("/dashboard").into_response();
    response.headers_mut().insert(header::SET_COOKIE, set_cookie(&state.config, &headers, SESSION_COOKIE, "", 0));
    response
}

/// A day number (days since 1970) as YYYY-MM-DD, in the proleptic Gregorian calendar
/// (Howard Hinnant's civil_from_days; written out rather than taking a date crate for it).
pub fn date(day: i64) -> String {
    let z = day + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// A CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break.
fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text.to_string() }
}

/// `GET /dashboard/export/{quiz}/{file}`: one of the four exports, for a signed-in owner.
pub async fn export(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((key, file)): Path<(String, String)>,
) -> Response {
    if signed_in(&state, &headers).is_none() {
        return (
            StatusCode::UNAUTHORIZED,
            Html(page("Sign in first", "<p><a href=\"/dashboard\">Sign in</a> to export.</p>")),
        )
            .into_response();
    }
    let Some(registered) = state.quizzes.get(&key) else {
        return (StatusCode::NOT_FOUND, "no such quiz").into_response();
    };
    let failed = |error: String| {
        tracing::error!(%error, "an export failed");
        (StatusCode::SERVICE_UNAVAILABLE, "the database did not answer").into_response()
    };
    let (body, content_type) = match file.as_str() {
        "completions.csv" | "completions.json" => {
            let completions = match state.store.completions(&key).await {
                Ok(completions) => completions,
                Err(error) => return failed(error),
            };
            let text = |value: &Option<String>| value.clone().unwrap_or_default();
            if file.ends_with(".csv") {
                let mut csv = String::from("day,outcome,further_up,stage,hardest,page,answers\r\n");
                for c in &completions {
                    let row = [
                        date(c.day),
                        text(&c.outcome),
                        text(&c.further_up),
                        text(&c.stage),
                        text(&c.hardest),
                        c.page_path.clone(),
                        c.answers.replace(',', ";"),
                    ];
                    csv.push_str(&row.iter().map(|cell| field(cell)).collect::<Vec<_>>().join(","));
                    csv.push_str("\r\n");
                }
                (csv, "text/csv; charset=utf-8")
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
            let (tallies, days, stops) = match (
                state.store.tallies(&key).await,
                state.store.days(&key).await,
                state.store.stops(&key, i64::MIN, i64::MAX).await,
            ) {
                (Ok(tallies), Ok(days), Ok(stops)) => (tallies, days, stops),
                (Err(error), ..) | (_, Err(error), _) | (.., Err(error)) => return failed(error),
            };
            // The owner sees every figure: counts on, no minimum.
            let owner = Config { min_completions: 0, show_counts: true, ..(*state.config).clone() };
            let mut summary = crate::summary::summarize(&key, &registered.quiz, &tallies, &owner);
            summary["days"] = json!(days.iter().map(|(day, started, completed)| json!({ "day": date(*day), "started": started, "completed": completed })).collect::<Vec<_>>());
            summary["stoppedAt"] = json!(
                stops.iter().map(|(step, count)| json!({ "question": step, "readers": count })).collect::<Vec<_>>()
            );
            if file.ends_with(".json") {
                (serde_json::to_string_pretty(&summary).expect("JSON values serialize"), "application/json")
            } else {
                let mut csv = String::from("measure,key,count\r\n");
                csv.push_str(&format!("completions,,{}\r\nstarts,,{}\r\n", summary["completions"], summary["starts"]));
                for (measure, name) in [("outcome", "outcomes"), ("stage", "stages"), ("hardest", "hardest")] {
                    if let Some(counts) = summary["counts"][name].as_object() {
                        for (key, count) in counts {
                            csv.push_str(&format!("{measure},{},{count}\r\n", field(key)));
                        }
                    }
                }
                for (day, started, completed) in &days {
                    csv.push_str(&format!(
                        "started_on,{},{started}\r\ncompleted_on,{},{completed}\r\n",
                        date(*day),
                        date(*day)
                    ));
                }
                for (step, count) in &stops {
                    csv.push_str(&format!("stopped_at_question,{step},{count}\r\n"));
                }
                (csv, "text/csv; charset=utf-8")
            }
        }
        _ => return (StatusCode::NOT_FOUND, "no such export").into_response(),
    };
    let disposition = format!("attachment; filename=\"{key}.{file}\"");
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CONTENT_DISPOSITION, HeaderValue::from_str(&disposition).expect("keys are ids"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_dates() {
        for (day, date_text) in
            [(0, "1970-01-01"), (59, "1970-03-01"), (11_016, "2000-02-29"), (20_790, "2026-12-03"), (-1, "1969-12-31")]
        {
            assert_eq!(date(day), date_text, "{day}");
        }
    }

    #[test]
    fn dates_read_back_as_days() {
        for day in [-1, 0, 59, 11_016, 20_790, 30_000] {
            assert_eq!(day_of(&date(day)), Some(day));
        }
        for bad in ["2026-13-01", "2026-02-30", "26-1-1", "", "2026-1-01", "yesterday"] {
            assert_eq!(day_of(bad), None, "{bad}");
        }
    }

    #[test]
    fn csv_fields_are_quoted_when_they_must_be() {
        for (text, csv) in [
            ("plain", "plain"),
            ("a,b", "\"a,b\""),
            ("say \"hi\"", "\"say \"\"hi\"\"\""),
            ("two\nlines", "\"two\nlines\""),
        ] {
            assert_eq!(field(text), csv);
        }
    }

    #[test]
    fn secrets_compare_whole() {
        assert!(same("abc", "abc"));
        assert!(!same("abc", "abd") && !same("abc", "ab") && !same("", "a"));
    }
}
