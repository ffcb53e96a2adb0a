//! Telling a results server (`data-results`) about this widget's readers, at the browser's
//! edge, as a hook ([`use_reporting`]): a start, a completion (kept in storage and sent on a
//! later visit when the server cannot be reached), where a reader who leaves mid-quiz
//! stopped (a beacon when the page is hidden), and reading the summary back for "How other
//! readers answered". Every message is one of `quiz_core::api`'s types.
//!
//! A reader whose browser sends Global Privacy Control (`navigator.globalPrivacyControl`)
//! sends nothing at all. A server that is down, slow or answers garbage never delays or breaks
//! anything: the panel is simply absent, with a console warning (once per kind of trouble
//! per widget). A server that refuses says why (`quiz_core::report::read_refusal`), and the
//! warning passes it on with what to change; a completion refused for a reason that will not
//! change is not kept.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use quiz_core::api::{Beacon, Completion};
use quiz_core::events::QuizEvent;
use quiz_core::quiz::Quiz;
use quiz_core::report::{
    MAX_PENDING, PENDING_KEY, Panel, Readers, Sent, decode_pending, encode_pending, keeps, read_refusal,
    refusal_message,
};
use quiz_core::scoring::diagnose;
use quiz_core::session::{Session, Step};

use crate::fetch::{FetchError, send};
use crate::load::{Load, Ready};
use crate::{console, storage};

/// Seconds a request to the results server may take.
const TIMEOUT_SECONDS: u32 = 5;

thread_local! {
    /// What this widget already warned about its results server: each kind of trouble (a
    /// refusal's reason, no answer, a summary it cannot use) once, and a completion's apart
    /// from the rest, so a refused start does not hide what became of the completion.
    static WARNED: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// The kind of trouble a warning is about, for [`warn_once`]: what was sent (a completion,
/// or anything else) and why it failed.
fn kind(sent: Sent, reason: &str) -> String {
    match sent {
        Sent::Completion { .. } => format!("completion {reason}"),
        Sent::Start | Sent::Summary => reason.to_string(),
    }
}

/// Why a refusal happened, as a kind of trouble: its code, or its status when the body did
/// not say.
fn reason(refusal: &quiz_core::report::Refusal) -> String {
    match refusal.code.is_empty() {
        true => refusal.status.to_string(),
        false => refusal.code.clone(),
    }
}

fn warn_once(kind: &str, message: &str) {
    let first = WARNED.with(|warned| {
        let mut warned = warned.borrow_mut();
        let first = !warned.iter().any(|known| known == kind);
        if first {
            warned.push(kind.to_string());
        }
        first
    });
    if first {
        console::warn(message);
    }
}

/// The page's origin, which a results server checks against the quiz's `origins`.
fn page_origin() -> String {
    gloo::utils::window().location().origin().unwrap_or_default()
}

/// The quiz key a request body names (its `quiz`), for the console's advice.
fn key_of(body: &str) -> String {
    match quiz_core::json::parse(body) {
        Ok(quiz_core::json::Value::Object(members)) => members
            .into_iter()
            .find_map(|(name, value)| match (name.as_str(), value) {
                ("quiz", quiz_core::json::Value::String(key)) => Some(key),
                _ => None,
            })
            .unwrap_or_default(),
        _ => String::new(),
    }
}

/// What the page is told when the server at `url` gave no answer at all. The browser does
/// not say why a request failed; one reason is an answer it hid, sent without the CORS
/// headers that let this page read it.
fn unreachable(url: &str, error: &FetchError, key: &str, fate: &str) -> String {
    match error {
        FetchError::Network(_) => format!(
            "the results server at {url} is not reachable ({error}), or the browser hid its answer: if the console also shows a CORS error for it, the server does not let this page's origin, {}, read it (origins under [quizzes.{key}] in its configuration){fate}",
            page_origin()
        ),
        FetchError::Timeout(_) | FetchError::Http(_) => {
            format!("the results server at {url} is not reachable ({error}){fate}")
        }
    }
}

/// Whether the reader allows sending: false when their browser sends Global Privacy Control.
fn allowed() -> bool {
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
fn started(server: &str, quiz: &Quiz, key: &str) {
    let (url, body, key) = (format!("{server}api/v1/starts"), Beacon::new(quiz, key, None).encode(), key.to_string());
    wasm_bindgen_futures::spawn_local(async move {
        match send(&url, Some(("text/plain;charset=UTF-8", &body)), TIMEOUT_SECONDS).await {
            Ok((200..=299, _)) => {}
            Ok((status, text)) => {
                let refusal = read_refusal(status, &text);
                let message = refusal_message(&refusal, Sent::Start, &url, &key, &page_origin());
                warn_once(&kind(Sent::Start, &reason(&refusal)), &message);
            }
            Err(error) => warn_once(&kind(Sent::Start, "unreachable"), &unreachable(&url, &error, &key, "")),
        }
    });
}

/// Where a reader who leaves mid-quiz stopped (question `step`: its number among the
/// questions the reader is shown, from 1, as "Question N of M" shows it), as a beacon the
/// browser sends even as the page goes away.
fn stopped(server: &str, quiz: &Quiz, key: &str, step: usize) {
    let url = format!("{server}api/v1/stops");
    let _ = gloo::utils::window()
        .navigator()
        .send_beacon_with_opt_str(&url, Some(&Beacon::new(quiz, key, Some(step)).encode()));
}

/// Sends a completion; when the server cannot be reached and the host lets the widget keep
/// data (`keep`: not `data-persist="false"`), keeps it to send on a later visit. Resolves
/// once it is sent, kept or given up.
async fn completed(server: &str, quiz: &Quiz, key: &str, answers: &[Option<usize>], keep: bool) {
    let body = Completion::new(quiz, key, answers, &completion_id(), &page_path()).encode();
    send_or_keep(server.to_string(), body, keep).await;
}

/// Sends a completion. One that gets no answer, or a refusal that may not last (the server
/// says so), is kept for a later visit when `keep`; one refused for good is dropped, and the
/// console says why and what to change.
async fn send_or_keep(server: String, body: String, keep: bool) {
    let url = format!("{server}api/v1/completions");
    let key = key_of(&body);
    let sent = Sent::Completion { keep };
    let kept = match send(&url, Some(("application/json", &body)), TIMEOUT_SECONDS).await {
        Ok((200..=299, _)) => false,
        Ok((status, text)) => {
            let refusal = read_refusal(status, &text);
            warn_once(&kind(sent, &reason(&refusal)), &refusal_message(&refusal, sent, &url, &key, &page_origin()));
            keeps(&refusal, sent)
        }
        Err(error) => {
            let fate = match keep {
                true => "; the completion is kept and sent on a later visit",
                false => "; the completion is not kept (data-persist=\"false\")",
            };
            warn_once(&kind(sent, "unreachable"), &unreachable(&url, &error, &key, fate));
            keep
        }
    };
    if kept {
        let mut pending = storage::get(PENDING_KEY).map(|text| decode_pending(&text)).unwrap_or_default();
        pending.push((server, body));
        let start = pending.len().saturating_sub(MAX_PENDING);
        storage::write(PENDING_KEY, &encode_pending(&pending[start..]));
    }
}

/// Sends the completions kept from earlier visits, once each: they leave storage first, and
/// any that still cannot be sent are kept again.
fn send_pending() {
    let Some(text) = storage::get(PENDING_KEY) else { return };
    storage::remove(PENDING_KEY);
    for (server, body) in decode_pending(&text) {
        wasm_bindgen_futures::spawn_local(send_or_keep(server, body, true));
    }
}

/// The server's summary of the quiz, as text; `None` (with one warning) when it cannot be had.
async fn summary(server: &str, key: &str) -> Option<String> {
    let url = format!("{server}api/v1/summary/{key}");
    match send(&url, None, TIMEOUT_SECONDS).await {
        Ok((200..=299, text)) => Some(text),
        Ok((status, text)) => {
            let refusal = read_refusal(status, &text);
            let message = refusal_message(&refusal, Sent::Summary, &url, key, &page_origin());
            warn_once(&kind(Sent::Summary, &reason(&refusal)), &message);
            None
        }
        Err(error) => {
            warn_once(&kind(Sent::Summary, "unreachable"), &unreachable(&url, &error, key, "; no panel is shown"));
            None
        }
    }
}

/// Reports a summary the panel could not use.
fn unusable_summary(server: &str) {
    warn_once(
        "unusable",
        &format!("the results server at {server} answered something that is not a summary; no panel is shown"),
    );
}

/// A widget's reporting to its results server: what other readers answered, once the server
/// says, and the question a reader is on mid-quiz (for the beacon if they leave).
#[derive(Clone)]
pub struct Reporting {
    server: Option<Rc<str>>,
    readers: UseStateHandle<Option<Rc<Readers>>>,
    /// The number of the question a reader is on mid-quiz (from 1, among those they are
    /// shown); `None` before they start, once they finish, and once the beacon is sent.
    mid_quiz: Rc<RefCell<Option<usize>>>,
}

impl Reporting {
    /// How other readers answered, when the server said.
    pub fn readers(&self) -> Option<Rc<Readers>> {
        (*self.readers).clone()
    }

    /// Tells the server what a change of session means: a start, or a completion (then the
    /// panel shows how other readers answered); Retake hides the panel. Nothing is sent when
    /// the reader's browser asks for no tracking (Global Privacy Control).
    pub fn changed(&self, ready: &Rc<Ready>, events: &[QuizEvent], after: &Session) {
        let Some(server) = self.server.clone() else { return };
        let sending = allowed();
        for event in events {
            match event {
                QuizEvent::Start if sending => started(&server, &ready.quiz, &ready.key),
                QuizEvent::Complete { .. } => {
                    let (server, ready, answers, readers) =
                        (server.clone(), ready.clone(), after.answers.clone(), self.readers.clone());
                    wasm_bindgen_futures::spawn_local(async move {
                        if sending {
                            completed(&server, &ready.quiz, &ready.key, &answers, ready.storage_key.is_some()).await;
                        }
                        show_readers(server, ready, answers, readers);
                    });
                }
                QuizEvent::Restart => self.readers.set(None),
                _ => {}
            }
        }
        *self.mid_quiz.borrow_mut() = match after.step {
            Step::Intro if !after.started() => None,
            Step::Intro | Step::Question(_) => {
                Some(ready.quiz.question_number(after.step.question().unwrap_or(0), &after.answers))
            }
            Step::Result => None,
        };
    }
}

/// Reporting for the quiz `load` holds, to the host's results server (`server`, from
/// `data-results`): once the quiz is ready, sends what earlier visits could not, shows the
/// panel for a result shown at once (a shared link, or a reload on the result), and listens
/// for the page being hidden mid-quiz.
#[hook]
pub fn use_reporting(load: &Load, server: Option<String>) -> Reporting {
    let readers = use_state(|| None::<Rc<Readers>>);
    let mid_quiz = use_mut_ref(|| None::<usize>);
    let server: Option<Rc<str>> = server.map(Rc::from);
    {
        let (readers, mid_quiz, server) = (readers.clone(), mid_quiz.clone(), server.clone());
        use_effect_with(load.clone(), move |load| {
            let listener = match (load, server) {
                (Load::Ready(ready), Some(server)) => start_reporting(ready, server, readers, mid_quiz),
                _ => None,
            };
            move || drop(listener)
        });
    }
    Reporting { server, readers, mid_quiz }
}

/// Once the quiz is ready: sends what earlier visits could not, shows the panel for a result
/// shown at once, and returns the listener that sends where a reader who leaves mid-quiz
/// stopped (none when the reader's browser asks for no tracking).
fn start_reporting(
    ready: &Rc<Ready>,
    server: Rc<str>,
    readers: UseStateHandle<Option<Rc<Readers>>>,
    mid_quiz: Rc<RefCell<Option<usize>>>,
) -> Option<gloo::events::EventListener> {
    let sending = allowed();
    if sending {
        send_pending();
    }
    if let Some(initial) = ready.initial.as_ref().filter(|session| session.step == Step::Result) {
        show_readers(server.clone(), ready.clone(), initial.answers.clone(), readers);
    }
    let ready = ready.clone();
    sending.then(|| {
        gloo::events::EventListener::new(&gloo::utils::document(), "visibilitychange", move |_| {
            let hidden = gloo::utils::document().visibility_state() == web_sys::VisibilityState::Hidden;
            if let (true, Some(step)) = (hidden, mid_quiz.borrow_mut().take()) {
                stopped(&server, &ready.quiz, &ready.key, step);
            }
        })
    })
}

/// Fetches the server's summary and, when it is usable, shows the panel for these answers.
/// A task of its own (one copy of its code, whoever asks).
fn show_readers(
    server: Rc<str>,
    ready: Rc<Ready>,
    answers: Vec<Option<usize>>,
    readers: UseStateHandle<Option<Rc<Readers>>>,
) {
    wasm_bindgen_futures::spawn_local(async move {
        let Some(text) = summary(&server, &ready.key).await else { return };
        match quiz_core::report::read_summary(&text, &ready.quiz, &diagnose(&ready.quiz, &answers)) {
            Panel::Figures(figures) => readers.set(Some(Rc::new(figures))),
            Panel::NotEnough => {}
            Panel::Unusable => unusable_summary(&server),
        }
    });
}
