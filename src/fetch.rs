//! Fetching: a quiz file named by `data-quiz-src` (each attempt times out, and a transient
//! failure, no connection, a timeout, a 5xx, 408 or 429 answer, is retried once), and the
//! requests to a results server (`data-results`), which also time out.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, RequestInit, Response};

/// Milliseconds to wait before the one retry.
const RETRY_DELAY_MS: u32 = 1000;

/// Why a quiz file could not be fetched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchError {
    /// No answer: offline, refused, blocked (CORS, Content-Security-Policy) or timed out.
    Network(String),
    /// The server answered with an error status.
    Http(u16),
}

impl FetchError {
    /// Whether trying again could help.
    pub fn is_transient(&self) -> bool {
        match self {
            FetchError::Network(_) => true,
            FetchError::Http(status) => *status >= 500 || *status == 408 || *status == 429,
        }
    }

    /// The event kind: `network` or `http`.
    pub fn kind(&self) -> &'static str {
        match self {
            FetchError::Network(_) => "network",
            FetchError::Http(_) => "http",
        }
    }

    /// What went wrong, for the site owner.
    pub fn describe(&self, url: &str) -> String {
        match self {
            FetchError::Network(reason) => format!("could not fetch the quiz at {url}: {reason}"),
            FetchError::Http(status) => {
                format!("the quiz at {url} could not be fetched: the server answered HTTP {status}")
            }
        }
    }
}

/// The text of the quiz file at `url` (relative URLs are relative to the page), trying
/// once more after a transient failure.
pub async fn quiz_text(url: &str, timeout_seconds: u32) -> Result<String, FetchError> {
    match request(url, None, timeout_seconds).await {
        Err(error) if error.is_transient() => {
            gloo::timers::future::TimeoutFuture::new(RETRY_DELAY_MS).await;
            request(url, None, timeout_seconds).await
        }
        result => result,
    }
}

/// One request: a GET, or with `post` a POST of `(content type, body)` that is kept alive
/// if the page goes away. The answer's text, or why there is none, within the timeout.
pub async fn request(url: &str, post: Option<(&str, &str)>, timeout_seconds: u32) -> Result<String, FetchError> {
    let controller = AbortController::new().map_err(|_| FetchError::Network("fetch is not available".into()))?;
    let init = RequestInit::new();
    init.set_signal(Some(&controller.signal()));
    if let Some((content_type, body)) = post {
        init.set_method("POST");
        init.set_body(&JsValue::from_str(body));
        // `keepalive` (not in web-sys's stable API): the request outlives the page.
        let _ = js_sys::Reflect::set(&init, &"keepalive".into(), &JsValue::TRUE);
        let headers = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&headers, &"content-type".into(), &content_type.into());
        init.set_headers(&headers);
    }
    let timer = {
        let controller = controller.clone();
        gloo::timers::callback::Timeout::new(timeout_seconds.saturating_mul(1000), move || controller.abort())
    };
    let result = async {
        let response = JsFuture::from(gloo::utils::window().fetch_with_str_and_init(url, &init))
            .await
            .map_err(|error| network_error(&error, timeout_seconds))?;
        let response: Response = response.unchecked_into();
        if !response.ok() {
            return Err(FetchError::Http(response.status()));
        }
        let text = response.text().map_err(|error| network_error(&error, timeout_seconds))?;
        let text = JsFuture::from(text).await.map_err(|error| network_error(&error, timeout_seconds))?;
        Ok(text.as_string().unwrap_or_default())
    }
    .await;
    drop(timer);
    result
}

fn network_error(error: &JsValue, timeout_seconds: u32) -> FetchError {
    let name = js_sys::Reflect::get(error, &"name".into()).ok().and_then(|name| name.as_string());
    match name.as_deref() {
        Some("AbortError") => FetchError::Network(format!("no answer within {timeout_seconds} seconds")),
        _ => FetchError::Network(
            js_sys::Reflect::get(error, &"message".into())
                .ok()
                .and_then(|message| message.as_string())
                .unwrap_or_else(|| "the request failed".into()),
        ),
    }
}
