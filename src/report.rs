//! Telling a results server (`data-results`) about this widget's readers, at the browser's
//! edge: a start, a completion (kept in storage and sent on a later visit when the server
//! cannot be reached), where a reader who leaves mid-quiz stopped (a beacon when the page
//! is hidden), and reading the summary back. What is sent is built by `quiz_core::report`.
//!
//! A reader whose browser sends Global Privacy Control (`navigator.globalPrivacyControl`)
//! sends nothing at all. A server that is down, slow or answers garbage never delays or breaks
//! anything: the panel is simply absent, with one console warning per widget.

use std::cell::Cell;

use quiz_core::quiz::Quiz;
use quiz_core::report::{MAX_PENDING, PENDING_KEY, beacon_body, completion_body, decode_pending, encode_pending};

use crate::fetch::request;
use crate::{console, storage};

/// Seconds a request to the results server may take.
const TIMEOUT_SECONDS: u32 = 5;

thread_local! {
    /// Whether this widget already warned about its results server.
    static WARNED: Cell<bool> = const { Cell::new(false) };
}

fn warn_once(message: &str) {
    if !WARNED.with(|warned| warned.replace(true)) {
        console::warn(message);
    }
}

/// Whether the reader allows sending: false when their browser sends Global Privacy Control.
pub fn allowed() -> bool {
    let navigator = gloo::utils::window().navigator();
    js_sys::Reflect::get(&navigator, &"globalPrivacyControl".into())
        .map_or(true, |gpc| gpc != wasm_bindgen::JsValue::TRUE)
}

/// The page's path, without query string or fragment: the only thing sent about the page.
fn page_path() -> String {
    gloo::utils::window().location().pathname().unwrap_or_else(|_| "/".into())
}

/// A random id for one completion, so a retry is stored once: 24 characters from the
/// browser's cryptographic random source.
fn completion_id() -> String {
    let mut bytes = [0u8; 18];
    crate::page::random_bytes(&mut bytes);
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    bytes
        .chunks(3)
        .flat_map(|chunk| {
            let n = (u32::from(chunk[0]) << 16) | (u32::from(chunk[1]) << 8) | u32::from(chunk[2]);
            [18, 12, 6, 0].map(|shift| ALPHABET[(n >> shift) as usize & 63] as char)
        })
        .collect()
}

/// Tells the server a reader started. Fire and forget, as `text/plain` (no CORS preflight).
pub fn started(server: &str, quiz: &Quiz, key: &str) {
    let (url, body) = (format!("{server}api/v1/starts"), beacon_body(quiz, key, None));
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(error) = request(&url, Some(("text/plain;charset=UTF-8", &body)), TIMEOUT_SECONDS).await {
            warn_once(&format!("the results server at {url} did not take the start: {error}"));
        }
    });
}

/// Where a reader who leaves mid-quiz stopped (question `step`: its number among the
/// questions the reader is shown, from 1, as "Question N of M" shows it), as a beacon the
/// browser sends even as the page goes away.
pub fn stopped(server: &str, quiz: &Quiz, key: &str, step: usize) {
    let url = format!("{server}api/v1/stops");
    let _ = gloo::utils::window().navigator().send_beacon_with_opt_str(&url, Some(&beacon_body(quiz, key, Some(step))));
}

/// Sends a completion; when the server cannot be reached and the host lets the widget keep
/// data (`keep`: not `data-persist="false"`), keeps it to send on a later visit. Resolves
/// once it is sent, kept or given up.
pub async fn completed(server: &str, quiz: &Quiz, key: &str, answers: &[Option<usize>], keep: bool) {
    let body = completion_body(quiz, key, answers, &completion_id(), &page_path());
    send_or_keep(server.to_string(), body, keep).await;
}

async fn send_or_keep(server: String, body: String, keep: bool) {
    let url = format!("{server}api/v1/completions");
    match request(&url, Some(("application/json", &body)), TIMEOUT_SECONDS).await {
        Ok(_) => {}
        Err(error) if !keep && error.is_transient() => warn_once(&format!(
            "the results server at {url} is not reachable ({error}); the completion is not kept (data-persist=\"false\")"
        )),
        Err(error) if error.is_transient() => {
            warn_once(&format!(
                "the results server at {url} is not reachable ({error}); the completion is kept and sent on a later visit"
            ));
            let mut pending = storage::get(PENDING_KEY).map(|text| decode_pending(&text)).unwrap_or_default();
            pending.push((server, body));
            let start = pending.len().saturating_sub(MAX_PENDING);
            storage::write(PENDING_KEY, &encode_pending(&pending[start..]));
        }
        Err(error) => warn_once(&format!("the results server at {url} refused a completion: {error}")),
    }
}

/// Sends the completions kept from earlier visits, once each: they leave storage first, and
/// any that still cannot be sent are kept again.
pub fn send_pending() {
    let Some(text) = storage::get(PENDING_KEY) else { return };
    storage::remove(PENDING_KEY);
    for (server, body) in decode_pending(&text) {
        wasm_bindgen_futures::spawn_local(send_or_keep(server, body, true));
    }
}

/// The server's summary of the quiz, as text; `None` (with one warning) when it cannot be had.
pub async fn summary(server: &str, key: &str) -> Option<String> {
    let url = format!("{server}api/v1/summary/{key}");
    match request(&url, None, TIMEOUT_SECONDS).await {
        Ok(text) => Some(text),
        Err(error) => {
            warn_once(&format!("the results server at {url} gave no summary: {error}"));
            None
        }
    }
}

/// Reports a summary the panel could not use.
pub fn unusable_summary(server: &str) {
    warn_once(&format!("the results server at {server} answered something that is not a summary; no panel is shown"));
}
