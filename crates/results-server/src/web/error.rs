//! Errors as each side's clients read them: the readers' API answers JSON
//! (`{"error": code, "message": sentence, "retry": whether sending again later can help}`), everything else (the dashboard, share pages)
//! answers an HTML page. Two layers turn the refusals axum and tower make themselves (an
//! unknown path, a wrong method, a form or query that does not parse, a body over the limit,
//! a timeout, too many requests at once) into the same shapes: [`json_refusals`] on the API's
//! router only, [`html_refusals`] on the others.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::html;
use serde_json::json;

use crate::app::refusal::{Kind, Refusal};
use crate::config::BODY_LIMIT;
use crate::web::layout;

/// The HTTP status of a refusal's kind.
pub fn status(kind: Kind) -> StatusCode {
    match kind {
        Kind::NotFound => StatusCode::NOT_FOUND,
        Kind::Forbidden => StatusCode::FORBIDDEN,
        Kind::Conflict => StatusCode::CONFLICT,
        Kind::Invalid => StatusCode::BAD_REQUEST,
        Kind::UnsupportedType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        Kind::TooMany => StatusCode::TOO_MANY_REQUESTS,
        Kind::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
    }
}

/// A refusal of the readers' API, as JSON.
#[derive(Debug)]
pub struct ApiError(pub Refusal);

impl From<Refusal> for ApiError {
    fn from(refusal: Refusal) -> ApiError {
        ApiError(refusal)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let retry = self.0.retry();
        let Refusal { kind, code, message, retry_after } = self.0;
        let body = json!({ "error": code, "message": message, "retry": retry });
        let mut response = (status(kind), Json(body)).into_response();
        if let Some(seconds) = retry_after {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

/// An error page of the owner's side or a share page: a status, a title and a sentence.
#[derive(Debug)]
pub struct PageError {
    pub status: StatusCode,
    pub title: String,
    pub message: String,
}

impl PageError {
    pub fn new(status: StatusCode, title: impl Into<String>, message: impl Into<String>) -> PageError {
        PageError { status, title: title.into(), message: message.into() }
    }

    /// The database did not answer (logged).
    pub fn storage(error: impl std::fmt::Display) -> PageError {
        tracing::error!(%error, "a page could not read the database");
        PageError::new(StatusCode::SERVICE_UNAVAILABLE, "Try again shortly", "The database did not answer.")
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let body = html! {
            p role="alert" { (self.message) }
            p { a href="/dashboard" { "Back to the dashboard" } }
        };
        let mut response = (self.status, layout::page(&self.title, body)).into_response();
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        response
    }
}

/// What a refusal the framework made means: a code and a sentence.
fn described(status: StatusCode) -> (&'static str, String) {
    match status {
        StatusCode::PAYLOAD_TOO_LARGE => ("too_large", format!("the body is over {BODY_LIMIT} bytes")),
        StatusCode::NOT_FOUND => ("not_found", "there is nothing at this path".into()),
        StatusCode::METHOD_NOT_ALLOWED => ("method", "this path does not take this method".into()),
        StatusCode::REQUEST_TIMEOUT => ("timeout", "the request took too long".into()),
        StatusCode::SERVICE_UNAVAILABLE => ("busy", "the server has too many requests at once; retry shortly".into()),
        StatusCode::UNPROCESSABLE_ENTITY => ("unprocessable", "the form is not what was expected".into()),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ("content_type", "this content type is not taken here".into()),
        _ => ("refused", status.canonical_reason().unwrap_or("refused").to_lowercase()),
    }
}

fn content_type_starts(response: &Response, prefix: &str) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with(prefix))
}

/// On the API's router: every 4xx or 5xx that is not JSON yet becomes our JSON refusal,
/// keeping the CORS headers so the page can read it.
pub async fn json_refusals(response: Response) -> Response {
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) || content_type_starts(&response, "application/json") {
        return response;
    }
    let (code, message) = described(status);
    let retry_after = (status == StatusCode::SERVICE_UNAVAILABLE).then_some(2);
    // The kind only decides `retry` here (the status is the framework's): a request that
    // took too long or came when the server was full may be taken later.
    let kind = match status {
        StatusCode::REQUEST_TIMEOUT | StatusCode::SERVICE_UNAVAILABLE => Kind::Unavailable,
        _ => Kind::Invalid,
    };
    let mut refusal = ApiError(Refusal { kind, code, message, retry_after }).into_response();
    *refusal.status_mut() = status;
    for (name, value) in response.headers() {
        if name.as_str().starts_with("access-control-") {
            refusal.headers_mut().insert(name.clone(), value.clone());
        }
    }
    refusal
}

/// On the owner's and share pages' routers: every 4xx or 5xx that is not a page yet becomes
/// an HTML error page (keeping any cookie it set).
pub async fn html_refusals(response: Response) -> Response {
    let status = response.status();
    // Pages, pictures and JSON (`/healthz`) are answers already made for their reader.
    if !(status.is_client_error() || status.is_server_error())
        || content_type_starts(&response, "text/html")
        || content_type_starts(&response, "image/")
        || content_type_starts(&response, "application/json")
    {
        return response;
    }
    let (_, message) = described(status);
    let title = status.canonical_reason().unwrap_or("Refused");
    let mut page = PageError::new(status, title, capitalised(&message)).into_response();
    for value in response.headers().get_all(header::SET_COOKIE) {
        page.headers_mut().append(header::SET_COOKIE, value.clone());
    }
    if let Some(retry) = response.headers().get(header::RETRY_AFTER) {
        page.headers_mut().insert(header::RETRY_AFTER, retry.clone());
    }
    page
}

fn capitalised(sentence: &str) -> String {
    let mut chars = sentence.chars();
    match chars.next() {
        Some(first) => format!("{}{}.", first.to_uppercase(), chars.as_str()),
        None => String::new(),
    }
}
