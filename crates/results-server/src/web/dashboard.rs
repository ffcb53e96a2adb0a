//! The owner's dashboard pages, drawn with maud:
//!
//! - `/dashboard`: each quiz's figures over the last 30 days (started, completed, refused),
//!   and refusals for quizzes the server does not take;
//! - `/dashboard/quiz/{quiz}`: a quiz's figures over a range of days as tables with bars
//!   (every figure is text; each bar is one SVG rectangle drawn from the same figure, never
//!   wider than its track), in the quiz's own words: question and choice texts, outcome names,
//!   and the headings of the sections about stages and hardest steps from its `ui` strings,
//!   shown only for a quiz with those questions; the exports of that range; refused
//!   completions with what to do; webhook deliveries;
//! - `/dashboard/quiz/{quiz}/delete`: deleting a range of days (test data), asked first (GET:
//!   what would go) and then done (POST, with the session's CSRF token), logged.
//!
//! Every table fits its column from 320 px wide: bars sit under their label, not in a column
//! of their own, and the cross-table of said against shown is one small table per row.

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;

use crate::app::counts::RawRange;
use crate::app::days::{date, day_of, today};
use crate::app::figures::Count;
use crate::app::owner::same;
use crate::app::quizzes::Registered;
use crate::app::refusals::{DAYS_KEPT, UNKNOWN_QUIZ, advice};
use crate::app::{OVERVIEW_DAYS, store};
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

fn percent(count: i64, total: i64) -> String {
    if total <= 0 { "–".into() } else { format!("{}%", (200 * count + total) / (2 * total)) }
}

/// A bar of `count` out of `most`: its width from 0 to 100, whatever the figures.
fn bar(count: i64, most: i64) -> Markup {
    let width = if most > 0 { ((100 * count.max(0) + most / 2) / most).clamp(0, 100) } else { 0 };
    html! {
        svg.bar viewBox="0 0 100 1" preserveAspectRatio="none" aria-hidden="true" focusable="false" {
            rect.track x="0" y="0" width="100" height="1" {}
            rect.fill x="0" y="0" width=(width) height="1" {}
        }
    }
}

/// A row's label with its bar under it.
fn labelled(label: &str, count: i64, most: i64) -> Markup {
    html! { th scope="row" { span.label { (label) } (bar(count, most)) } }
}

/// A table of counts with their share, each with a bar, under `caption`.
fn counts_table(caption: &str, what: &str, counts: &[Count]) -> Markup {
    let total: i64 = counts.iter().map(|count| count.count).sum();
    let most = counts.iter().map(|count| count.count).max().unwrap_or(0);
    html! {
        div.table { table {
            caption { (caption) }
            thead { tr { th scope="col" { (what) } th.n scope="col" { "Readers" } th.n scope="col" { "Share" } } }
            tbody { @for count in counts {
                tr { (labelled(&count.label, count.count, most)) td.n { (count.count) } td.n { (percent(count.count, total)) } }
            } }
        } }
    }
}

/// The range form's query: `from` and `to` as YYYY-MM-DD, and after a deletion how many
/// completions went.
#[derive(Deserialize, Default)]
pub struct Range {
    from: Option<String>,
    to: Option<String>,
    deleted: Option<i64>,
}

/// The days a range names, each end defaulting to `default`; a page saying what is wrong
/// when a date is not one or the range is backwards.
pub fn days_of(from: Option<&str>, to: Option<&str>, default: (i64, i64)) -> Result<(i64, i64), PageError> {
    let parse = |text: Option<&str>, fallback: i64| match text.filter(|text| !text.is_empty()) {
        None => Some(fallback),
        Some(text) => day_of(text),
    };
    let (Some(first), Some(last)) = (parse(from, default.0), parse(to, default.1)) else {
        return Err(PageError::new(StatusCode::BAD_REQUEST, "Dates", "Write dates as YYYY-MM-DD."));
    };
    if first > last {
        return Err(PageError::new(
            StatusCode::BAD_REQUEST,
            "Dates",
            format!("The range starts ({}) after it ends ({}).", date(first), date(last)),
        ));
    }
    Ok((first, last))
}

fn registered<'a>(state: &'a AppState, key: &str) -> Result<&'a Registered, PageError> {
    state.app.quizzes.get(key).ok_or_else(|| {
        PageError::new(StatusCode::NOT_FOUND, "No such quiz", format!("This server takes no quiz \"{key}\"."))
    })
}

/// `GET /dashboard`: the sign-in form, or each quiz's figures.
pub async fn home(State(state): State<AppState>, headers: HeaderMap, owner: Result<Owner, Response>) -> Response {
    let Ok(owner) = owner else {
        return sign_in_form(&state, &headers, StatusCode::OK, "");
    };
    let overview = match state.app.overview().await {
        Ok(overview) => overview,
        Err(error) => return PageError::storage(error).into_response(),
    };
    let figure = |map: &std::collections::HashMap<String, i64>, key: &str| map.get(key).copied().unwrap_or(0);
    let unknown = figure(&overview.refused, UNKNOWN_QUIZ);
    let unknown_rows = match unknown {
        0 => Vec::new(),
        _ => match state.app.refused_completions(UNKNOWN_QUIZ).await {
            Ok(rows) => rows,
            Err(error) => return PageError::storage(error).into_response(),
        },
    };
    let body = html! {
        p.note { "The last " (OVERVIEW_DAYS) " days, to " (date(today())) "; refused: the last " (DAYS_KEPT) " days." }
        @for (key, registered) in state.app.quizzes.iter() {
            @let (completed, started) = (figure(&overview.completions, key), figure(&overview.starts, key));
            @let refused = figure(&overview.refused, key);
            div.quiz {
                // The key beside the title: two keys may show one quiz.
                h2 id={ "quiz-" (key) } { a href={ "/dashboard/quiz/" (key) } { (registered.quiz.title) " " span.note { "(" (key) ")" } } }
                dl.figures {
                    div { dt { "Started" } dd { (started) } }
                    div { dt { "Completed" } dd { (completed) } }
                    div { dt { "Finished" } dd { (percent(completed, started)) } }
                    div { dt { "Refused" } dd { (refused) } }
                }
                @if refused > 0 {
                    p { a href={ "/dashboard/quiz/" (key) "#refused" } { "Why " (refused) " completions were refused, and what to do" } }
                }
            }
        }
        @if unknown > 0 {
            div {
                h2 #unknown { "Quizzes this server does not take" }
                p { (unknown) " " (if unknown == 1 { "completion" } else { "completions" }) " named a quiz this server does not take." }
                (refusals_list(&unknown_rows, "", state.app.config.daily_cap))
            }
        }
        form method="post" action="/dashboard/sign-out" {
            input type="hidden" name="csrf" value=(owner.csrf);
            button type="submit" { "Sign out" }
        }
    };
    no_store(layout::page("Quiz results", body))
}

/// Refused completions grouped by (reason, origin): what happened, what to do, and the count
/// per day.
fn refusals_list(rows: &[(i64, String, String, i64)], key: &str, daily_cap: u32) -> Markup {
    // ((reason, origin), [(day, count)]), in the order the rows come (newest day first).
    type Group<'a> = ((&'a str, &'a str), Vec<(i64, i64)>);
    let mut groups: Vec<Group> = Vec::new();
    for (day, reason, origin, count) in rows {
        let group = (reason.as_str(), origin.as_str());
        match groups.iter_mut().find(|(known, _)| *known == group) {
            Some((_, days)) => days.push((*day, *count)),
            None => groups.push((group, vec![(*day, *count)])),
        }
    }
    html! {
        @for ((reason, origin), days) in &groups {
            @let (what, fix) = advice(reason, key, origin, daily_cap);
            @let total: i64 = days.iter().map(|(_, count)| count).sum();
            div.refusal {
                h3 { (what) " " span.note { "(" code { (reason) } ")" } }
                p { "From " strong.origin { (origin) } ": " (total) " " (if total == 1 { "completion" } else { "completions" }) "." }
                p.fix { strong { "What to do: " } (fix) }
                div.table { table {
                    caption.sr { "Refused from " (origin) ", by day" }
                    thead { tr { th scope="col" { "Day" } th.n scope="col" { "Completions" } } }
                    tbody { @for (day, count) in days { tr { th scope="row" { (date(*day)) } td.n { (count) } } } }
                } }
            }
        }
    }
}

/// `GET /dashboard/quiz/{quiz}`: the figures for one quiz over a range of days (the last 30
/// by default).
pub async fn quiz_page(
    State(state): State<AppState>,
    owner: Owner,
    Path(key): Path<String>,
    Query(range): Query<Range>,
) -> Result<Response, PageError> {
    let registered = registered(&state, &key)?;
    let quiz = &registered.quiz;
    let today = today();
    let (first, last) = days_of(range.from.as_deref(), range.to.as_deref(), (today - 29, today))?;
    let figures = state.app.figures(&key, first, last).await.map_err(PageError::storage)?;
    let raw = state.app.raw_range(&key).await.map_err(PageError::storage)?;
    let refused = state.app.refused_completions(&key).await.map_err(PageError::storage)?;
    let webhook = state.app.config.quizzes.get(&key).and_then(|quiz| quiz.webhook.as_ref());
    let deliveries = match webhook {
        Some(_) => state.app.deliveries(&key).await.map_err(PageError::storage)?,
        None => Vec::new(),
    };
    let dates = format!("from={}&to={}", date(first), date(last));

    let busiest = figures.days.iter().map(|(_, started, completed)| (*started).max(*completed)).max().unwrap_or(0);
    let most_readers = figures.funnel.iter().map(|step| step.readers).max().unwrap_or(0);
    let outcomes = |id: &Option<String>| {
        id.as_deref()
            .and_then(|id| quiz.outcomes.iter().find(|outcome| outcome.id == id))
            .map_or_else(|| quiz.ui.answers_suggest_none.clone(), |outcome| outcome.label.clone())
    };
    let body = html! {
        p { a href="/dashboard" { "All quizzes" } }
        h2 { (quiz.title) }
        @if let Some(deleted) = range.deleted {
            p role="status" { "Deleted " (deleted) " " (if deleted == 1 { "completion" } else { "completions" }) "." }
        }
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
        p.exports {
            "Download these days: "
            @for (n, file) in FILES.iter().enumerate() {
                @if n > 0 { ", " }
                a href={ "/dashboard/export/" (key) "/" (file) "?" (dates) } { (file) }
            }
        }
        (raw_completions(&raw, state.app.config.retention_days))
        h2 { "Starts and completions per day" }
        div.table { table {
            caption { "Each day with any" }
            thead { tr { th scope="col" { "Day" } th.n scope="col" { "Started" } th.n scope="col" { "Completed" } } }
            tbody { @for (day, started, completed) in &figures.days {
                tr { (labelled(&date(*day), *completed, busiest)) td.n { (started) } td.n { (completed) } }
            } }
        } }
        h2 { "Articles" }
        (counts_table("Completions by the page the quiz was on", "Page", &figures.pages))
        h2 { "Where readers stop" }
        div.table { table {
            caption { "Readers at each step, and how many left there" }
            thead { tr { th scope="col" { "Step" } th.n scope="col" { "Readers" } th.n scope="col" { "Left here" } } }
            tbody { @for step in &figures.funnel {
                tr { (labelled(&step.label, step.readers, most_readers)) td.n { (step.readers) } td.n { (step.left) } }
            } }
        } }
        h2 { "Results" }
        (counts_table(&quiz.ui.dashboard_results, "Result", &figures.outcomes))
        @if let Some(stages) = &figures.stages { (counts_table(&quiz.ui.dashboard_stages, "Answer", stages)) }
        @if let Some(hardest) = &figures.hardest { (counts_table(&quiz.ui.dashboard_hardest, "Answer", hardest)) }
        @if let Some(said) = &figures.said_vs_shown {
            h2 { (quiz.ui.dashboard_said_vs_shown) }
            p.note { "For the readers who named each one: the share whose answers showed each result." }
            @for (named, row) in &said.rows {
                @let total: i64 = row.iter().sum();
                @let most = row.iter().copied().max().unwrap_or(0);
                div.table { table {
                    caption { (named) " (" (total) " " (if total == 1 { "reader" } else { "readers" }) ")" }
                    thead { tr { th scope="col" { "Their answers showed" } th.n scope="col" { "Readers" } th.n scope="col" { "Share" } } }
                    tbody { @for (shown, count) in said.shown.iter().zip(row) {
                        tr { (labelled(shown, *count, most)) td.n { (count) } td.n { (percent(*count, total)) } }
                    } }
                } }
            }
        }
        h2 { "Each question's answers" }
        @for (prompt, counts) in &figures.questions { (counts_table(prompt, "Answer", counts)) }
        h2 #refused { "Refused completions" }
        p.note { "The last " (DAYS_KEPT) " days: completions the server could not take, by why and the site (origin) of the page that sent them." }
        @if refused.is_empty() {
            p { "None." }
        } @else {
            (refusals_list(&refused, &key, state.app.config.daily_cap))
        }
        @if let Some(webhook) = webhook {
            h2 { "Webhook deliveries" }
            p.note { "To " span.origin { (webhook.url) } " (the latest " (store::LOGGED_DELIVERIES) ")." }
            div.table { table {
                thead { tr { th scope="col" { "Day" } th scope="col" { "Result, and the answer" } th.n scope="col" { "Attempts" } } }
                tbody { @for delivery in &deliveries {
                    tr {
                        th scope="row" { (date(delivery.day)) }
                        td { (outcomes(&delivery.outcome)) ": " (if delivery.delivered { "delivered" } else { "failed" }) " (" (delivery.result) ")" }
                        td.n { (delivery.attempts) }
                    }
                } }
            } }
        }
        h2 { "Delete completions" }
        p { "Remove test completions: those of a range of days, with the starts and stops counted on them. You will be asked first." }
        form.range method="get" action={ "/dashboard/quiz/" (key) "/delete" } {
            label { "From " input type="date" name="from" value=(date(first)) required; }
            label { "To " input type="date" name="to" value=(date(last)) required; }
            button type="submit" { "Delete…" }
        }
        form method="post" action="/dashboard/sign-out" {
            input type="hidden" name="csrf" value=(owner.csrf);
            button type="submit" { "Sign out" }
        }
    };
    Ok(no_store(layout::page("Quiz results", body)))
}

/// What raw completions exist (the `completions` downloads hold them) and how long they are
/// kept; every figure comes from the counts, which stay.
fn raw_completions(raw: &RawRange, retention_days: Option<u32>) -> Markup {
    html! {
        p.note #raw {
            "Completions one by one (the completions downloads): "
            @match raw.days {
                Some((first, last)) => { "from " (date(first)) " to " (date(last)) ". " }
                None => { "none stored. " }
            }
            @match retention_days {
                Some(days) => {
                    "Each is kept " (days) " days (retention_days), then deleted; its counts stay, so the figures here still include it."
                    @if let Some(kept_from) = raw.kept_from { " Deleted so far: those before " (date(kept_from)) "." }
                }
                None => { "Kept until you delete them (retention_days is not set); the figures here come from counts kept per day." }
            }
        }
    }
}

/// `GET /dashboard/quiz/{quiz}/delete?from&to`: what deleting those days would delete, and
/// the form that does it.
pub async fn delete_confirm(
    State(state): State<AppState>,
    owner: Owner,
    Path(key): Path<String>,
    Query(range): Query<Range>,
) -> Result<Response, PageError> {
    let registered = registered(&state, &key)?;
    let (first, last) = days_of(range.from.as_deref(), range.to.as_deref(), (today(), today()))?;
    let held = state.app.held(&key, first, last).await.map_err(PageError::storage)?;
    let body = html! {
        p { a href={ "/dashboard/quiz/" (key) } { "Back to " (registered.quiz.title) } }
        p {
            "From " (date(first)) " to " (date(last)) ", the quiz \u{201c}" (registered.quiz.title) "\u{201d} has "
            strong { (held.completions) } " " (if held.completions == 1 { "completion" } else { "completions" })
            ", " (held.starts) " starts and " (held.stops) " stops counted."
        }
        @if held.completions + held.starts + held.stops == 0 {
            p { "There is nothing to delete on those days." }
        } @else {
            p role="alert" { "Deleting them cannot be undone. Webhook deliveries already made stay made." }
            form method="post" action={ "/dashboard/quiz/" (key) "/delete" } {
                input type="hidden" name="csrf" value=(owner.csrf);
                input type="hidden" name="from" value=(date(first));
                input type="hidden" name="to" value=(date(last));
                button.danger type="submit" { "Delete " (held.completions) " " (if held.completions == 1 { "completion" } else { "completions" }) }
            }
        }
    };
    Ok(no_store(layout::page("Delete completions?", body)))
}

/// The deletion form as posted.
#[derive(Deserialize)]
pub struct DeleteForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

/// `POST /dashboard/quiz/{quiz}/delete`: deletes those days, then back to the quiz's page.
pub async fn delete(
    State(state): State<AppState>,
    owner: Owner,
    Path(key): Path<String>,
    Form(form): Form<DeleteForm>,
) -> Result<Response, PageError> {
    registered(&state, &key)?;
    if !same(&form.csrf, &owner.csrf) {
        return Err(PageError::new(StatusCode::FORBIDDEN, "Refused", "The form had expired; nothing was deleted."));
    }
    if form.from.is_empty() || form.to.is_empty() {
        return Err(PageError::new(StatusCode::BAD_REQUEST, "Dates", "Give both dates of the days to delete."));
    }
    let (first, last) = days_of(Some(&form.from), Some(&form.to), (today(), today()))?;
    let deleted = state.app.delete_between(&key, first, last).await.map_err(PageError::storage)?;
    let back = format!("/dashboard/quiz/{key}?from={}&to={}&deleted={}", date(first), date(last), deleted.completions);
    Ok(Redirect::to(&back).into_response())
}
