//! The readers' API, thin over the application:
//!
//! | method and path | body | answers |
//! |---|---|---|
//! | `POST /api/v1/completions` | `{id, quiz, fingerprint, answers: {question: choice}, page}` (JSON) | 200 `{stored, outcome}` once committed |
//! | `POST /api/v1/starts` | `{quiz, fingerprint}` (JSON or text/plain, for beacons) | 204 |
//! | `POST /api/v1/stops` | `{quiz, fingerprint, step}` (JSON or text/plain, for `sendBeacon`) | 204 |
//! | `GET /api/v1/summary/{quiz}` | | 200 the summary, cacheable |
//!
//! and `GET /healthz` (200 when the database answers). Every refusal is JSON
//! (`crate::web::error`), stores nothing, and is logged and counted by the application
//! (`App::refused`).

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::app::limits::Counted;
use crate::app::refusal::{Kind, Refusal};
use crate::state::AppState;
use crate::web::client::Client;
use crate::web::error::ApiError;

/// The request's body as JSON of type `T`. Completions must say `application/json`; the
/// beacons may also be `text/plain` (what `navigator.sendBeacon` can send without a CORS
/// preflight).
fn body<T: for<'de> Deserialize<'de>>(headers: &HeaderMap, bytes: &Bytes, plain_text_ok: bool) -> Result<T, Refusal> {
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|value| value.to_str().ok()).unwrap_or("");
    let essence = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    let accepted = essence == "application/json" || (plain_text_ok && essence == "text/plain");
    if !accepted {
        let expected = if plain_text_ok { "application/json or text/plain" } else { "application/json" };
        return Err(Refusal::new(
            Kind::UnsupportedType,
            "content_type",
            format!("send {expected}, not \"{}\"", content_type.chars().take(100).collect::<String>()),
        ));
    }
    serde_json::from_slice(bytes).map_err(|error| {
        Refusal::new(Kind::Invalid, "malformed", format!("the body is not what was expected: {error}"))
    })
}

/// The quiz key a refused body names, if it can be read at all (for the refusal counts).
fn sent_key(bytes: &Bytes) -> Option<String> {
    #[derive(Deserialize)]
    struct Named {
        quiz: String,
    }
    serde_json::from_slice::<Named>(bytes).ok().map(|named| named.quiz)
}

/// `POST /api/v1/completions`.
pub async fn post_completion(
    State(state): State<AppState>,
    client: Client,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<Json<Value>, ApiError> {
    let app = &state.app;
    let taken = async {
        app.admit(client.sender())?;
        let request = body(&headers, &bytes, false)?;
        app.complete(client.sender(), request).await
    };
    match taken.await {
        Ok(taken) => Ok(Json(json!({ "stored": taken.stored, "outcome": taken.outcome }))),
        Err(refusal) => {
            app.refused(Counted::Completion, client.sender(), sent_key(&bytes).as_deref(), &refusal);
            Err(refusal.into())
        }
    }
}

/// `POST /api/v1/starts`: a reader started the quiz.
pub async fn post_start(
    State(state): State<AppState>,
    client: Client,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<StatusCode, ApiError> {
    let app = &state.app;
    let started = async {
        app.admit(client.sender())?;
        app.start(client.sender(), body(&headers, &bytes, true)?).await
    };
    match started.await {
        Ok(()) => Ok(StatusCode::NO_CONTENT),
        Err(refusal) => {
            app.refused(Counted::Start, client.sender(), sent_key(&bytes).as_deref(), &refusal);
            Err(refusal.into())
        }
    }
}

/// `POST /api/v1/stops`: a reader left mid-quiz after reaching question `step` (from 1).
pub async fn post_stop(
    State(state): State<AppState>,
    client: Client,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<StatusCode, ApiError> {
    let app = &state.app;
    let stopped = async {
        app.admit(client.sender())?;
        app.stop(client.sender(), body(&headers, &bytes, true)?).await
    };
    match stopped.await {
        Ok(()) => Ok(StatusCode::NO_CONTENT),
        Err(refusal) => {
            app.refused(Counted::Stop, client.sender(), sent_key(&bytes).as_deref(), &refusal);
            Err(refusal.into())
        }
    }
}

/// `GET /api/v1/summary/{quiz}`: how readers answered, cacheable for `summary_max_age`.
pub async fn get_summary(
    State(state): State<AppState>,
    Path(key): Path<String>,
    client: Client,
) -> Result<Response, ApiError> {
    let summary = state.app.summary(&key, client.origin.as_deref()).await?;
    let mut response = Json(summary.as_ref().clone()).into_response();
    let cache = format!("public, max-age={}", state.app.config.summary_max_age);
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_str(&cache).expect("ASCII"));
    Ok(response)
}

/// `GET /healthz`: 200 when the database answers, 503 when it does not.
pub async fn healthz(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    match state.app.healthy().await {
        true => (StatusCode::OK, Json(json!({ "status": "ok" }))),
        false => (StatusCode::SERVICE_UNAVAILABLE, Json(json!({ "status": "database unavailable" }))),
    }
}
