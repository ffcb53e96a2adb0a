//! The owner's dashboard pages, drawn with maud: the list of quizzes with their exports, and
//! a quiz's figures over a range of days as tables with bars (every figure is text; each bar
//! is one SVG rectangle drawn from the same figure, never wider than its track).

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use serde::Deserialize;

use crate::app::days::{date, day_of, today};
use crate::app::figures::Count;
use crate::state::AppState;
use crate::web::auth::{Owner, sign_in_form};
use crate::web::error::PageError;
use crate::web::export::FILES;
use crate::web::layout;

/// `GET /dashboard/dashboard.css`.
pub async fn stylesheet() -> Response {
    let mut response = include_str!("dashboard.css").into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/css; charset=utf-8"));
    response
}

fn no_store(markup: axum::response::Html<String>) -> Response {
    let mut response = markup.into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// `GET /dashboard`: the sign-in form, or the list of quizzes with their exports.
pub async fn home(State(state): State<AppState>, headers: HeaderMap, owner: Result<Owner, Response>) -> Response {
    let Ok(owner) = owner else {
        return sign_in_form(&state, &headers, StatusCode::OK, "");
    };
    let body = html! {
        h2 { "Quizzes" }
        ul {
            @for (key, registered) in state.app.quizzes.iter() {
                li {
                    a href={ "/dashboard/quiz/" (key) } { strong { (registered.quiz.title) } }
                    " (" (key) "); exports: "
                    @for (n, file) in FILES.iter().enumerate() {
                        @if n > 0 { ", " }
                        a href={ "/dashboard/export/" (key) "/" (file) } { (file) }
                    }
                }
            }
        }
        form method="post" action="/dashboard/sign-out" {
            input type="hidden" name="csrf" value=(owner.csrf);
            button type="submit" { "Sign out" }
        }
    };
    no_store(layout::page("Quiz results", body))
}

/// A bar of `count` out of `most`: its width from 0 to 100, whatever the figures.
fn bar(count: i64, most: i64) -> Markup {
    let width = if most > 0 { ((100 * count.max(0) + most / 2) / most).clamp(0, 100) } else { 0 };
    html! {
        td.bar {
            svg.bar viewBox="0 0 100 1" preserveAspectRatio="none" aria-hidden="true" focusable="false" {
                rect.track x="0" y="0" width="100" height="1" {}
                rect.fill x="0" y="0" width=(width) height="1" {}
            }
        }
    }
}

fn percent(count: i64, total: i64) -> String {
    if total <= 0 { "–".into() } else { format!("{}%", (200 * count + total) / (2 * total)) }
}

/// A table of counts with their share and a bar.
fn counts_table(caption: &str, counts: &[Count]) -> Markup {
    let total: i64 = counts.iter().map(|count| count.count).sum();
    let most = counts.iter().map(|count| count.count).max().unwrap_or(0);
    html! {
        div.table { table {
            caption { (caption) }
            thead { tr {
                th scope="col" { "Answer" } th scope="col" { "Readers" } th scope="col" { "Share" }
                th scope="col" { span.note { "Chart" } }
            } }
            tbody {
                @for count in counts {
                    tr {
                        th scope="row" { (count.label) }
                        td.n { (count.count) }
                        td.n { (percent(count.count, total)) }
                        (bar(count.count, most))
                    }
                }
            }
        } }
    }
}

/// The range form's query: `from` and `to` as YYYY-MM-DD.
#[derive(Deserialize)]
pub struct Range {
    from: Option<String>,
    to: Option<String>,
}

/// `GET /dashboard/quiz/{quiz}`: the figures for one quiz over a range of days (the last 30
/// by default).
pub async fn quiz_page(
    State(state): State<AppState>,
    _owner: Owner,
    Path(key): Path<String>,
    Query(range): Query<Range>,
) -> Result<Response, PageError> {
    let registered = state.app.quizzes.get(&key).ok_or_else(|| {
        PageError::new(StatusCode::NOT_FOUND, "No such quiz", format!("This server takes no quiz \"{key}\"."))
    })?;
    let today = today();
    let parse = |text: &Option<String>, default: i64| match text.as_deref().filter(|text| !text.is_empty()) {
        None => Some(default),
        Some(text) => day_of(text),
    };
    let (Some(first), Some(last)) = (parse(&range.from, today - 29), parse(&range.to, today)) else {
        return Err(PageError::new(StatusCode::BAD_REQUEST, "Dates", "Write dates as YYYY-MM-DD."));
    };
    let figures = state.app.figures(&key, first, last).await.map_err(PageError::storage)?;
    let webhook = state.app.config.quizzes.get(&key).and_then(|quiz| quiz.webhook.as_ref());
    let deliveries = match webhook {
        Some(_) => state.app.deliveries(&key).await.map_err(PageError::storage)?,
        None => Vec::new(),
    };

    let busiest = figures.days.iter().map(|(_, started, completed)| (*started).max(*completed)).max().unwrap_or(0);
    let most_readers = figures.funnel.iter().map(|(_, readers, _)| *readers).max().unwrap_or(0);
    let body = html! {
        p { a href="/dashboard" { "All quizzes" } }
        h2 { (registered.quiz.title) }
        form.range method="get" {
            label { "From " input type="date" name="from" value=(date(first)); }
            label { "To " input type="date" name="to" value=(date(last)); }
            button type="submit" { "Show" }
        }
        p.summary {
            strong { (figures.completions) } " "
            (if figures.completions == 1 { "completion" } else { "completions" })
            " from " (date(first)) " to " (date(last)) "."
        }
        h2 { "Starts and completions per day" }
        div.table { table {
            caption { "Each day with any" }
            thead { tr {
                th scope="col" { "Day" } th scope="col" { "Started" } th scope="col" { "Completed" }
                th scope="col" { span.note { "Completed, charted" } }
            } }
            tbody { @for (day, started, completed) in &figures.days {
                tr { th scope="row" { (date(*day)) } td.n { (started) } td.n { (completed) } (bar(*completed, busiest)) }
            } }
        } }
        h2 { "Where readers stop" }
        div.table { table {
            caption { "Readers at each step, and how many left there" }
            thead { tr {
                th scope="col" { "Step" } th scope="col" { "Readers" } th scope="col" { "Left here" }
                th scope="col" { span.note { "Chart" } }
            } }
            tbody { @for (label, readers, left) in &figures.funnel {
                tr { th scope="row" { (label) } td.n { (readers) } td.n { (left) } (bar(*readers, most_readers)) }
            } }
        } }
        h2 { "Results" }
        (counts_table("The gap their answers showed", &figures.outcomes))
        (counts_table("Where readers said they are", &figures.stages))
        (counts_table("The climb they said is hardest", &figures.hardest))
        h2 { "Said hardest, and what their answers showed" }
        div.table { table.cross {
            caption { "Rows: the climb readers said is hardest. Columns: the gap their answers showed (share of the row, count)." }
            thead { tr {
                th scope="col" { "Said" }
                @for label in &figures.shown { th scope="col" { (label) } }
                th scope="col" { "Readers" }
            } }
            tbody { @for (said, row) in &figures.said_vs_shown {
                @let total: i64 = row.iter().sum();
                tr {
                    th scope="row" { (said) }
                    @for count in row { td.n { (percent(*count, total)) " " span.note { "(" (count) ")" } } }
                    td.n { (total) }
                }
            } }
        } }
        h2 { "Each question's answers" }
        @for (prompt, counts) in &figures.questions { (counts_table(prompt, counts)) }
        @if let Some(webhook) = webhook {
            h2 { "Webhook deliveries" }
            p.note { "To " (webhook.url) " (the latest " (crate::app::store::LOGGED_DELIVERIES) ")." }
            div.table { table {
                thead { tr {
                    th scope="col" { "Day" } th scope="col" { "Outcome" } th scope="col" { "Result" }
                    th scope="col" { "Attempts" }
                } }
                tbody { @for delivery in &deliveries {
                    tr {
                        td { (date(delivery.day)) }
                        td { (delivery.outcome.as_deref().unwrap_or("no clear gap")) }
                        td { (if delivery.delivered { "delivered" } else { "failed" }) " (" (delivery.result) ")" }
                        td.n { (delivery.attempts) }
                    }
                } }
            } }
        }
    };
    Ok(no_store(layout::page("Quiz results", body)))
}
