//! Fetching: a quiz file named by `data-quiz-src`, the built-in quiz's file beside embed.js,
//! or an overrides file named by `data-quiz-overrides` (each attempt times out, and a
//! transient failure, no connection, a timeout, a 5xx, 408 or 429 answer, is retried once),
//! and the requests to a results server (`data-results`), which also time out and give the
//! body of a refusal.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, RequestInit, Response};

/// Milliseconds to wait before the one retry.
const RETRY_DELAY_MS: u32 = 1000;

/// Which of a host's files a request was for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum File {
    /// The quiz, `data-quiz-src`.
    Quiz,
    /// The built-in quiz's file, beside embed.js (no `data-quiz-src`).
    BuiltIn,
    /// Its overrides, `data-quiz-overrides`.
    Overrides,
}

/// Why a request got no usable answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchError {
    /// No answer: offline, refused, or blocked (CORS, Content-Security-Policy); the
    /// browser's reason, which never says which.
    Network(String),
    /// No answer within this many seconds.
    Timeout(u32),
    /// The server answered with an error status.
    Http(u16),
}

impl std::fmt::Display for FetchError {
    /// The reason in a few words: the browser's, "no answer within 10 seconds" or "HTTP 404".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FetchError::Network(reason) => write!(f, "{reason}"),
            FetchError::Timeout(seconds) => write!(f, "no answer within {seconds} seconds"),
            FetchError::Http(status) => write!(f, "HTTP {status}"),
        }
    }
}

impl FetchError {
    /// Whether trying again could help: not after a 4xx answer other than 408 and 429.
    pub fn is_transient(&self) -> bool {
        match self {
            FetchError::Network(_) | FetchError::Timeout(_) => true,
            FetchError::Http(status) => *status >= 500 || *status == 408 || *status == 429,
        }
    }

    /// The event kind: `network` or `http`.
    pub fn kind(&self) -> &'static str {
        match self {
            FetchError::Network(_) | FetchError::Timeout(_) => "network",
            FetchError::Http(_) => "http",
        }
    }

    /// What went wrong with the `file` at `url` (as its attribute gives it), for the site
    /// owner: a file the server does not have or refuses, and for a request the browser
    /// blocked, the header a file on another origin needs.
    pub fn describe(&self, url: &str, file: File) -> String {
        let (noun, attribute) = match file {
            File::Quiz => ("quiz file", "data-quiz-src"),
            File::BuiltIn => ("built-in quiz's file", "that the quizzes folder of dist/ is uploaded beside embed.js"),
            File::Overrides => ("overrides file", "data-quiz-overrides"),
        };
        match self {
            FetchError::Http(status @ (404 | 410)) => {
                format!("the {noun} at {url} was not found (HTTP {status}); check {attribute}")
            }
            FetchError::Http(status) if !self.is_transient() => format!(
                "the {noun} at {url} could not be used: the server refused it (HTTP {status}); check {attribute} and who the server lets read the file"
            ),
            FetchError::Network(_) => match other_origin(url) {
                Some((file, page)) => format!(
                    "could not fetch the {noun} at {url} ({self}): it is on another origin ({file}) than this page ({page}), so its server must send the Access-Control-Allow-Origin header (\"Access-Control-Allow-Origin: {page}\" or \"*\"), and a Content-Security-Policy must allow it in connect-src; else the browser blocks it"
                ),
                None => format!(
                    "could not fetch the {noun} at {url} ({self}): the server did not answer, or the browser blocked the request"
                ),
            },
            FetchError::Timeout(_) | FetchError::Http(_) => format!("could not fetch the {noun} at {url}: {self}"),
        }
    }
}

/// The origins of `url` and of the page, when they differ (the browser then reads the file
/// only if its server allows it with CORS).
fn other_origin(url: &str) -> Option<(String, String)> {
    let page = gloo::utils::window().location().origin().ok()?;
    let base = gloo::utils::document().base_uri().ok().flatten()?;
    let file = web_sys::Url::new_with_base(url, &base).ok()?.origin();
    (file != page).then_some((file, page))
}

/// The text of the quiz or overrides file at `url` (relative URLs are relative to the
/// page), trying once more after a transient failure. `early` is embed.js's request for it,
/// made before the wasm was here (see [`early_attempt`]); it counts as the first attempt.
pub async fn quiz_text(url: &str, timeout_seconds: u32, early: Option<JsValue>) -> Result<String, FetchError> {
    let first = match early {
        Some(early) => early_attempt(early, timeout_seconds).await,
        None => request(url, None, timeout_seconds).await,
    };
    match first {
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
    match send(url, post, timeout_seconds).await? {
        (200..=299, text) => Ok(text),
        (status, _) => Err(FetchError::Http(status)),
    }
}

/// [`request`], with whatever the server answered, error statuses included: the status and
/// the body's text (a results server says in it why it refused).
pub async fn send(url: &str, post: Option<(&str, &str)>, timeout_seconds: u32) -> Result<(u16, String), FetchError> {
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
        let text = response.text().map_err(|error| network_error(&error, timeout_seconds))?;
        let text = JsFuture::from(text).await.map_err(|error| network_error(&error, timeout_seconds))?;
        Ok((response.status(), text.as_string().unwrap_or_default()))
    }
    .await;
    drop(timer);
    result
}

fn network_error(error: &JsValue, timeout_seconds: u32) -> FetchError {
    let name = js_sys::Reflect::get(error, &"name".into()).ok().and_then(|name| name.as_string());
    match name.as_deref() {
        Some("AbortError") => FetchError::Timeout(timeout_seconds),
        _ => FetchError::Network(
            js_sys::Reflect::get(error, &"message".into())
                .ok()
                .and_then(|message| message.as_string())
                .unwrap_or_else(|| "the request failed".into()),
        ),
    }
}

/// The answer to embed.js's early request for the quiz file (its `fetchQuiz`), which
/// resolves to the text, to the HTTP status of an error answer, or to the error of a
/// request that got no answer; given the same timeout as [`request`].
async fn early_attempt(early: JsValue, timeout_seconds: u32) -> Result<String, FetchError> {
    let timeout = js_sys::Promise::new(&mut |resolve, _reject| {
        let _ = gloo::utils::window().set_timeout_with_callback_and_timeout_and_arguments_0(
            &resolve,
            i32::try_from(timeout_seconds.saturating_mul(1000)).unwrap_or(i32::MAX),
        );
    });
    let first = js_sys::Promise::race(&js_sys::Array::of2(&js_sys::Promise::resolve(&early), &timeout));
    let answer = JsFuture::from(first).await.unwrap_or_else(|error| error);
    if let Some(text) = answer.as_string() {
        Ok(text)
    } else if let Some(status) = answer.as_f64() {
        Err(FetchError::Http(status as u16))
    } else if answer.is_undefined() {
        Err(FetchError::Timeout(timeout_seconds))
    } else {
        Err(network_error(&answer, timeout_seconds))
    }
}
