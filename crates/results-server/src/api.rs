//! The HTTP API, thin over the core (validation and scoring) and the store:
//!
//! | method and path | body | answers |
//! |---|---|---|
//! | `POST /api/v1/completions` | `{id, quiz, fingerprint, answers: {question: choice}, page}` (JSON) | 200 `{stored}` once committed |
//! | `POST /api/v1/starts` | `{quiz, fingerprint}` (JSON or text/plain, for beacons) | 204 |
//! | `POST /api/v1/stops` | `{quiz, fingerprint, step}` (JSON or text/plain, for `sendBeacon`) | 204 |
//! | `GET /api/v1/summary/{quiz}` | | 200 the summary, cacheable |
//! | `GET /healthz` | | 200 when the database answers |
//!
//! Every refusal is a 4xx with `{"error": code, "message": text}`, and stores nothing.

use std::collections::{BTreeMap, HashMap};
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::Json;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};

use quiz_core::scoring::diagnose;

use crate::config::Config;
use crate::limits::{DailyCap, is_bot};
use crate::quizzes::{Quizzes, Registered};
use crate::store::{Completion, Store, WriteError};

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub quizzes: Quizzes,
    pub store: Store,
    pub cap: Arc<DailyCap>,
    /// Summaries as last computed, by quiz, with when.
    pub summaries: Arc<Mutex<SummaryCache>>,
    /// The owner's dashboard sessions.
    pub sessions: Arc<crate::dashboard::Sessions>,
    /// Webhook deliveries and their log.
    pub webhooks: Arc<crate::webhooks::Webhooks>,
    /// Share cards already drawn.
    pub cards: Arc<crate::share::Cards>,
}

/// Each quiz's summary as last computed, with when.
pub type SummaryCache = HashMap<String, (Instant, Arc<Value>)>;

/// A refusal: its status, a code and a sentence.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
    retry_after: Option<u64>,
}

impl ApiError {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError { status, code, message: message.into(), retry_after: None }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.status, Json(json!({ "error": self.code, "message": self.message }))).into_response();
        if let Some(seconds) = self.retry_after {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

/// Today, in days since 1970 (UTC).
pub fn today() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |elapsed| (elapsed.as_secs() / 86_400) as i64)
}

/// The request's body as JSON of type `T`. Completions must say `application/json`; the
/// beacons may also be `text/plain` (what `navigator.sendBeacon` can send without a CORS
/// preflight).
fn body<T: for<'de> Deserialize<'de>>(headers: &HeaderMap, bytes: &Bytes, plain_text_ok: bool) -> Result<T, ApiError> {
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|value| value.to_str().ok()).unwrap_or("");
    let essence = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    let accepted = essence == "application/json" || (plain_text_ok && essence == "text/plain");
    if !accepted {
        let expected = if plain_text_ok { "application/json or text/plain" } else { "application/json" };
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "content_type",
            format!("send {expected}, not \"{content_type}\""),
        ));
    }
    serde_json::from_slice(bytes).map_err(|error| {
        ApiError::new(StatusCode::BAD_REQUEST, "malformed", format!("the body is not what was expected: {error}"))
    })
}

/// The quiz a request names, checked against the page's origin and the quiz's fingerprint.
fn quiz_for<'a>(
    state: &'a AppState,
    headers: &HeaderMap,
    key: &str,
    fingerprint: Option<&str>,
) -> Result<&'a Registered, ApiError> {
    let registered = state.quizzes.get(key).ok_or_else(|| {
        ApiError::new(StatusCode::NOT_FOUND, "unknown_quiz", format!("this server takes no quiz \"{key}\""))
    })?;
    let origin = headers.get(header::ORIGIN).and_then(|value| value.to_str().ok());
    if !registered.allows(origin) {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "origin",
            format!("pages on {} may not use the quiz \"{key}\" here", origin.unwrap_or("?")),
        ));
    }
    if let Some(fingerprint) = fingerprint
        && fingerprint != registered.fingerprint
    {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "stale_quiz",
            format!("the quiz \"{key}\" has changed since this page loaded it (fingerprint {fingerprint})"),
        ));
    }
    Ok(registered)
}

/// The reader's address: the peer, or the first `X-Forwarded-For` entry behind a trusted proxy.
fn address(state: &AppState, headers: &HeaderMap, peer: SocketAddr) -> IpAddr {
    let forwarded = state.config.trust_forwarded_for.then(|| {
        let value = headers.get("x-forwarded-for")?.to_str().ok()?;
        value.split(',').next()?.trim().parse().ok()
    });
    forwarded.flatten().unwrap_or(peer.ip())
}

/// Refuses requests from bots and from clients that send no user agent.
fn not_a_bot(headers: &HeaderMap) -> Result<String, ApiError> {
    let agent = headers.get(header::USER_AGENT).and_then(|value| value.to_str().ok());
    if is_bot(agent) {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "bot",
            "requests from bots, or without a user agent, are not counted",
        ));
    }
    Ok(agent.unwrap_or_default().to_string())
}

/// A completion as the widget sends it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompletionBody {
    id: String,
    quiz: String,
    fingerprint: String,
    answers: BTreeMap<String, String>,
    #[serde(default)]
    page: String,
}

/// `POST /api/v1/completions`: validates the answers against the quiz, scores them here
/// (a client cannot claim an outcome), and answers once the completion is committed.
pub async fn post_completion(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<Json<Value>, ApiError> {
    let agent = not_a_bot(&headers)?;
    let request: CompletionBody = body(&headers, &bytes, false)?;
    if !(16..=64).contains(&request.id.len()) || !quiz_core::quiz::is_id(&request.id) {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad_id",
            "the completion id is 16 to 64 letters, digits, - or _",
        ));
    }
    let registered = quiz_for(&state, &headers, &request.quiz, Some(&request.fingerprint))?;
    let quiz = &registered.quiz;
    let answers = quiz_core::answers::decode(
        quiz,
        request.answers.iter().map(|(question, choice)| (question.as_str(), choice.as_str())),
    )
    .map_err(|error| ApiError::new(StatusCode::BAD_REQUEST, error.code(), error.describe()))?;
    let day = today();
    if !state.cap.admit(day, address(&state, &headers, peer), &agent, &request.quiz) {
        return Err(ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "daily_cap",
            format!("at most {} completions of a quiz per reader per day", state.config.daily_cap),
        ));
    }
    let diagnosis = diagnose(quiz, &answers);
    let id_of = |outcome_idx: Option<usize>| outcome_idx.map(|idx| quiz.outcomes[idx].id.clone());
    let pairs: Vec<String> = request.answers.iter().map(|(question, choice)| format!("{question}={choice}")).collect();
    let completion = Completion {
        id: request.id,
        quiz: request.quiz,
        day,
        page_path: page_path(&request.page),
        outcome: id_of(diagnosis.gap),
        further_up: id_of(diagnosis.further_up),
        stage: id_of(diagnosis.stage),
        hardest: id_of(diagnosis.hardest),
        answers: pairs.join(","),
    };
    let outcome = completion.outcome.clone();
    let webhook = state.config.quizzes.get(&completion.quiz).and_then(|quiz| quiz.webhook.clone());
    let for_webhook = webhook.is_some().then(|| completion.clone());
    match state.store.add_completion(completion).await {
        Ok(stored) => {
            // Only a newly stored completion is delivered: a retry of the same one is not news.
            if let (true, Some(webhook), Some(completion)) = (stored, webhook, for_webhook) {
                state.webhooks.deliver(webhook.url, webhook.secret, &completion);
            }
            Ok(Json(json!({ "stored": stored, "outcome": outcome })))
        }
        Err(WriteError::Busy) => Err(ApiError {
            retry_after: Some(2),
            ..ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "busy",
                "too many completions are waiting to be written; retry shortly",
            )
        }),
        Err(WriteError::Database(error)) => {
            tracing::error!(%error, "a completion could not be written");
            Err(ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "storage",
                "the completion could not be stored; retry later",
            ))
        }
    }
}

/// The page path a completion records: the path only (no query string, no fragment, no
/// host), at most 300 characters; `/` when none was given.
fn page_path(page: &str) -> String {
    let path = page.split(['?', '#']).next().unwrap_or("");
    let path = path
        .strip_prefix("http://")
        .or_else(|| path.strip_prefix("https://"))
        .map_or(path, |rest| rest.find('/').map_or("/", |slash| &rest[slash..]));
    let path: String = path.chars().filter(|c| !c.is_control()).take(300).collect();
    if path.starts_with('/') { path } else { "/".into() }
}

/// A start or stop beacon.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BeaconBody {
    quiz: String,
    fingerprint: String,
    #[serde(default)]
    step: Option<i64>,
}

/// A beacon from a reader's browser (not a bot), for a quiz this page may use.
fn beacon<'a>(
    state: &'a AppState,
    headers: &HeaderMap,
    bytes: &Bytes,
) -> Result<(BeaconBody, &'a Registered), ApiError> {
    not_a_bot(headers)?;
    let beacon: BeaconBody = body(headers, bytes, true)?;
    let registered = quiz_for(state, headers, &beacon.quiz, Some(&beacon.fingerprint))?;
    Ok((beacon, registered))
}

/// `POST /api/v1/starts`: a reader started the quiz.
pub async fn post_start(
    State(state): State<AppState>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<StatusCode, ApiError> {
    let (beacon, _) = beacon(&state, &headers, &bytes)?;
    state.store.add_start(&beacon.quiz, today()).await.map_err(storage_error)?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/v1/stops`: a reader left mid-quiz after reaching question `step` (from 1).
pub async fn post_stop(
    State(state): State<AppState>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<StatusCode, ApiError> {
    let (beacon, registered) = beacon(&state, &headers, &bytes)?;
    let step =
        beacon.step.filter(|step| (1..=registered.quiz.questions.len() as i64).contains(step)).ok_or_else(|| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "bad_step",
                format!("step is a question number from 1 to {}", registered.quiz.questions.len()),
            )
        })?;
    state.store.add_stop(&beacon.quiz, today(), step).await.map_err(storage_error)?;
    Ok(StatusCode::NO_CONTENT)
}

fn storage_error(error: String) -> ApiError {
    tracing::error!(%error, "a beacon could not be written");
    ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "storage", "the database did not answer; retry later")
}

/// `GET /api/v1/summary/{quiz}`: how readers answered, from memory for `summary_max_age`.
pub async fn get_summary(
    State(state): State<AppState>,
    Path(key): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    quiz_for(&state, &headers, &key, None)?;
    let max_age = Duration::from_secs(state.config.summary_max_age);
    let cached = {
        let summaries = state.summaries.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        summaries.get(&key).filter(|(when, _)| when.elapsed() < max_age).map(|(_, summary)| summary.clone())
    };
    let summary = match cached {
        Some(summary) => summary,
        None => {
            let tallies = state.store.tallies(&key).await.map_err(storage_error)?;
            let summary = Arc::new(crate::summary::summarize(&key, &state.quizzes[&key].quiz, &tallies, &state.config));
            let mut summaries = state.summaries.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            summaries.insert(key.clone(), (Instant::now(), summary.clone()));
            summary
        }
    };
    let mut response = Json(summary.as_ref().clone()).into_response();
    let cache = format!("public, max-age={}", state.config.summary_max_age);
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_str(&cache).expect("ASCII"));
    Ok(response)
}

/// Turns the refusals axum and tower-http make themselves (an unknown path or method, a body
/// over the limit) into the same JSON as ours, so every 4xx a client sees says what is wrong
/// in one format.
pub async fn json_refusals(response: Response) -> Response {
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/json"));
    if !status.is_client_error() || is_json {
        return response;
    }
    let (code, message) = match status {
        StatusCode::PAYLOAD_TOO_LARGE => ("too_large", format!("the body is over {} bytes", crate::config::BODY_LIMIT)),
        StatusCode::NOT_FOUND => ("not_found", "there is nothing at this path".to_string()),
        StatusCode::METHOD_NOT_ALLOWED => ("method", "this path does not take this method".to_string()),
        _ => ("refused", status.canonical_reason().unwrap_or("refused").to_lowercase()),
    };
    let mut refusal = ApiError::new(status, code, message).into_response();
    // Keep the CORS headers the layer inside added, so the page can read the refusal.
    for (name, value) in response.headers() {
        if name.as_str().starts_with("access-control-") {
            refusal.headers_mut().insert(name.clone(), value.clone());
        }
    }
    refusal
}

/// `GET /healthz`: 200 when the database answers, 503 when it does not.
pub async fn healthz(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    match state.store.healthy().await {
        true => (StatusCode::OK, Json(json!({ "status": "ok" }))),
        false => (StatusCode::SERVICE_UNAVAILABLE, Json(json!({ "status": "database unavailable" }))),
    }
}

#[cfg(test)]
mod tests {
    use super::page_path;

    #[test]
    fn only_the_pages_path_is_kept() {
        for (page, path) in [
            ("/blog/post", "/blog/post"),
            ("/blog/post?utm_source=x&email=a@b.c", "/blog/post"),
            ("/blog/post#transition-quiz:x=1", "/blog/post"),
            ("https://blog.example/blog/post?x=1", "/blog/post"),
            ("https://blog.example", "/"),
            ("", "/"),
            ("javascript:alert(1)", "/"),
        ] {
            assert_eq!(page_path(page), path, "{page}");
        }
        assert_eq!(page_path(&format!("/{}", "a".repeat(500))).chars().count(), 300);
    }
}
