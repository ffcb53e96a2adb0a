//! The readers' API, thin over the application:
//!
//! | method and path | body | answers |
//! |---|---|---|
//! | `POST /api/v1/completions` | `{id, quiz, fingerprint, answers: {question: choice}, page}` (JSON) | 200 `{stored, outcome}` once committed |
//! | `POST /api/v1/starts` | `{quiz, fingerprint}` (JSON or text/plain, for beacons) | 204 |
//! | `POST /api/v1/stops` | `{quiz, fingerprint, step}` (JSON or text/plain, for `sendBeacon`) | 204 |
//! | `GET /api/v1/summary/{quiz}` | | 200 the summary, cacheable |
//!
//! The completion, the beacons and the summary are `quiz_core::api`'s types, read and written
//! by their one decoder and encoder, the widget's own (camelCase keys, like every key the
//! server writes). And `GET /healthz` (200 when the database answers). Every refusal is JSON
//! (`crate::web::error`), stores nothing, and is logged and counted by the application
//! (`App::refused`).

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use quiz_core::api::{self, Malformed};

use crate::app::limits::Counted;
use crate::app::refusal::{Kind, Refusal};
use crate::state::AppState;
use crate::web::client::Client;
use crate::web::error::ApiError;

/// The request's body read by `decode`, quiz-core's decoder of its message (the one the
/// widget's encoder is checked against). Completions must say `application/json`; the
/// beacons may also be `text/plain` (what `navigator.sendBeacon` can send without a CORS
/// preflight). A body that is not the message is refused as `malformed`, saying what is wrong.
fn body<T>(
    headers: &HeaderMap,
    bytes: &Bytes,
    plain_text_ok: bool,
    decode: fn(&str) -> Result<T, Malformed>,
) -> Result<T, Refusal> {
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
    let malformed =
        |why: &str| Refusal::new(Kind::Invalid, "malformed", format!("the body is not what was expected: {why}"));
    let text = std::str::from_utf8(bytes).map_err(|_| malformed("it is not UTF-8 text"))?;
    decode(text).map_err(|Malformed(why)| malformed(&why))
}

/// The quiz key a refused body names, if it can be read at all (for the refusal counts):
/// leniently, from any JSON object with a text `quiz`, whatever else it holds.
fn sent_key(bytes: &Bytes) -> Option<String> {
    let text = std::str::from_utf8(bytes).ok()?;
    let quiz_core::json::Value::Object(members) = quiz_core::json::parse(text).ok()? else { return None };
    members.into_iter().find_map(|(key, value)| match (key.as_str(), value) {
        ("quiz", quiz_core::json::Value::String(quiz)) => Some(quiz),
        _ => None,
    })
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
        let request = body(&headers, &bytes, false, api::Completion::decode)?;
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
    beacon(&state, &client, &headers, &bytes, Counted::Start).await
}

/// `POST /api/v1/stops`: a reader left mid-quiz after reaching question `step` (from 1).
pub async fn post_stop(
    State(state): State<AppState>,
    client: Client,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<StatusCode, ApiError> {
    beacon(&state, &client, &headers, &bytes, Counted::Stop).await
}

/// A start or a stop beacon (`counted` says which): counted, or refused and the refusal
/// counted.
async fn beacon(
    state: &AppState,
    client: &Client,
    headers: &HeaderMap,
    bytes: &Bytes,
    counted: Counted,
) -> Result<StatusCode, ApiError> {
    let app = &state.app;
    let taken = async {
        app.admit(client.sender())?;
        let beacon = body(headers, bytes, true, api::Beacon::decode)?;
        match counted {
            Counted::Stop => app.stop(client.sender(), beacon).await,
            _ => app.start(client.sender(), beacon).await,
        }
    };
    match taken.await {
        Ok(()) => Ok(StatusCode::NO_CONTENT),
        Err(refusal) => {
            app.refused(counted, client.sender(), sent_key(bytes).as_deref(), &refusal);
            Err(refusal.into())
        }
    }
}

/// `GET /api/v1/summary/{quiz}`: how readers answered, in quiz-core's encoding of the
/// summary (what the widget's decoder reads), cacheable for `summary_max_age`.
pub async fn get_summary(
    State(state): State<AppState>,
    Path(key): Path<String>,
    client: Client,
) -> Result<Response, ApiError> {
    let summary = state.app.summary(&key, client.origin.as_deref()).await?;
    let cache = format!("public, max-age={}", state.app.config.summary_max_age);
    let headers = [
        (header::CONTENT_TYPE, HeaderValue::from_static("application/json")),
        (header::CACHE_CONTROL, HeaderValue::from_str(&cache).expect("ASCII")),
    ];
    Ok((headers, summary.encode()).into_response())
}

/// `GET /healthz`: 200 when the database answers, 503 when it does not.
pub async fn healthz(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    match state.app.healthy().await {
        true => (StatusCode::OK, Json(json!({ "status": "ok" }))),
        false => (StatusCode::SERVICE_UNAVAILABLE, Json(json!({ "status": "database unavailable" }))),
    }
}
