//! The host page's side of a widget: the events it dispatches on the host element (and
//! to `window.dataLayer`), and the messages it leaves in the console for the site owner.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CustomEvent, CustomEventInit, Element};

use crate::config::Analytics;
use crate::events::QuizEvent;

/// The prefix of every event name and console message.
pub const PREFIX: &str = "transition-quiz";

/// Dispatches `event` on `host` as a bubbling, composed `CustomEvent` named
/// `transition-quiz:<name>`, whose `detail` carries `quiz` (the quiz key) and the event's
/// fields; with [`Analytics::DataLayer`], also pushes it to `window.dataLayer` if the page
/// has one. A listener that throws cannot break the widget.
pub fn emit(host: &Element, quiz_key: &str, analytics: Analytics, event: &QuizEvent) {
    let name = format!("{PREFIX}:{}", event.name());
    let detail = detail(quiz_key, event);
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&detail);
    if let Ok(custom) = CustomEvent::new_with_event_init_dict(&name, &init) {
        let _ = host.dispatch_event(&custom);
    }
    if analytics == Analytics::DataLayer {
        push_to_data_layer(&name, &detail);
    }
}

fn set(object: &Object, key: &str, value: impl Into<JsValue>) {
    let _ = Reflect::set(object, &key.into(), &value.into());
}

/// The event's `detail`: plain data only (ids, numbers), never anything the reader typed.
fn detail(quiz_key: &str, event: &QuizEvent) -> Object {
    let detail = Object::new();
    set(&detail, "quiz", quiz_key);
    match event {
        QuizEvent::Ready | QuizEvent::Start | QuizEvent::Restart => {}
        QuizEvent::Answer { question_id, choice_id, step } => {
            set(&detail, "questionId", question_id.as_str());
            set(&detail, "choiceId", choice_id.as_str());
            set(&detail, "step", *step as u32);
        }
        QuizEvent::Complete { outcome_id, scores, hardest, stage, further_up } => {
            let id_or_null = |id: &Option<String>| id.as_deref().map_or(JsValue::NULL, JsValue::from);
            set(&detail, "outcomeId", id_or_null(outcome_id));
            set(&detail, "clearGap", outcome_id.is_some());
            let by_outcome = Object::new();
            for (outcome_id, score) in scores {
                set(&by_outcome, outcome_id, u32::from(*score));
            }
            set(&detail, "scores", by_outcome);
            set(&detail, "hardest", id_or_null(hardest));
            set(&detail, "stage", id_or_null(stage));
            set(&detail, "furtherUp", id_or_null(further_up));
        }
        QuizEvent::Error { kind, message } => {
            set(&detail, "kind", *kind);
            set(&detail, "message", message.as_str());
        }
    }
    detail
}

/// `window.dataLayer.push({ event: name, ...detail })`, when `dataLayer` is an array.
fn push_to_data_layer(name: &str, detail: &Object) {
    let window = gloo::utils::window();
    let Ok(layer) = Reflect::get(&window, &"dataLayer".into()) else {
        return;
    };
    let Some(layer) = layer.dyn_ref::<Array>() else {
        return;
    };
    let entry = Object::assign(&Object::new(), detail);
    set(&entry, "event", name);
    layer.push(&entry);
}

/// A warning for the site owner, in the console.
pub fn warn(message: &str) {
    web_sys::console::warn_1(&format!("{PREFIX}: {message}").into());
}

/// An error for the site owner, in the console.
pub fn error(message: &str) {
    web_sys::console::error_1(&format!("{PREFIX}: {message}").into());
}

thread_local! {
    /// The text the crash view shows, in the quiz's language once it is known.
    static CRASH_TEXT: std::cell::RefCell<String> = std::cell::RefCell::new(crate::quiz::Ui::default().error_crash);
    /// Set by a test through `embed::debug_panic_on_next_render`.
    static PANIC_REQUESTED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Remembers the crash message in the quiz's language.
pub fn set_crash_text(text: &str) {
    CRASH_TEXT.with(|crash| text.clone_into(&mut crash.borrow_mut()));
}

/// The crash message to show.
pub fn crash_text() -> String {
    CRASH_TEXT.with(|crash| crash.try_borrow().map(|text| text.clone()).unwrap_or_default())
}

/// Asks for a panic on the next render, so tests can check how a crash is contained.
pub fn request_panic() {
    PANIC_REQUESTED.with(|requested| requested.set(true));
}

/// Whether a test asked for a panic (and forgets the request).
pub fn panic_requested() -> bool {
    PANIC_REQUESTED.with(|requested| requested.replace(false))
}
