//! What a widget tells its host page: its events, dispatched on the host element as
//! `transition-quiz:<name>` (and pushed to `window.dataLayer` when the host asks), each
//! carrying the quiz key from one place, the widget's [`Announcer`].

use std::cell::RefCell;

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CustomEvent, CustomEventInit, Element};

use crate::console::PREFIX;
use quiz_core::config::{Analytics, HostConfig};
use quiz_core::events::QuizEvent;

/// One mounted widget's voice on its page: the host its events go to, whether they also go
/// to `window.dataLayer`, and the quiz key they carry. The key starts as the host's own (or
/// the built-in quiz's id) and becomes the quiz's once it is read, so every event of the
/// widget, from `ready` to a crash, names the quiz the same way.
#[derive(Debug, PartialEq)]
pub struct Announcer {
    host: Element,
    analytics: Analytics,
    key: RefCell<String>,
}

impl Announcer {
    /// The announcer for a host with this configuration.
    pub fn new(host: Element, config: &HostConfig) -> Announcer {
        Announcer { host, analytics: config.analytics, key: RefCell::new(config.initial_key()) }
    }

    /// The host element.
    pub fn host(&self) -> &Element {
        &self.host
    }

    /// From now on, events carry this quiz key (the read quiz's).
    pub fn set_key(&self, key: &str) {
        key.clone_into(&mut self.key.borrow_mut());
    }

    /// Dispatches `event` on the host as a bubbling, composed `CustomEvent` named
    /// `transition-quiz:<name>`, whose `detail` carries `quiz` (the key) and the event's
    /// fields; with [`Analytics::DataLayer`], also pushes it to `window.dataLayer` if the
    /// page has one. A listener that throws cannot break the widget.
    pub fn emit(&self, event: &QuizEvent) {
        let key = self.key.try_borrow().map(|key| key.clone()).unwrap_or_default();
        emit(&self.host, &key, self.analytics, event);
    }
}

/// See [`Announcer::emit`].
fn emit(host: &Element, quiz_key: &str, analytics: Analytics, event: &QuizEvent) {
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
