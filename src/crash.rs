//! When the widget itself fails: a panic is reported once, and the widget is replaced by a
//! short message and its fallback, in its own wasm instance only.
//!
//! With `panic = "abort"` the instance stops right after the hook, mid-operation, so nothing
//! may call into it again: the hook removes the widget's root (and so every Yew listener),
//! marks the host so embed.js never hands the instance to another host, and tells the page
//! (`transition-quiz:error` with kind `crash`). The trap that follows would be reported by
//! the browser as a second, uninformative error; the hook marks it
//! (`self.__transitionQuizPanic`) and embed.js silences it.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::JsValue;
use web_sys::HtmlElement;

use crate::announce::Announcer;
use crate::console;
use quiz_core::events::QuizEvent;

/// What a panic must tear down and whom it must tell.
struct Site {
    announcer: Rc<Announcer>,
    root: HtmlElement,
    fallback: HtmlElement,
}

thread_local! {
    /// The latest mount's site. In the page, each wasm instance mounts one widget.
    static SITE: RefCell<Option<Site>> = const { RefCell::new(None) };
    /// The text the crash message shows, in the quiz's language once it is known (the
    /// English default until then).
    static TEXT: RefCell<Option<String>> = const { RefCell::new(None) };
    /// Whether this instance's hook is installed, and whether it has already reported.
    static INSTALLED: Cell<bool> = const { Cell::new(false) };
    static PANICKED: Cell<bool> = const { Cell::new(false) };
}

/// Watches the widget mounted with `root` and `fallback` on `announcer`'s host: installs the
/// panic hook (once per instance, before Yew would install its own) and makes this the
/// widget a panic takes down.
pub fn watch(announcer: Rc<Announcer>, root: HtmlElement, fallback: HtmlElement) {
    SITE.with(|site| *site.borrow_mut() = Some(Site { announcer, root, fallback }));
    if INSTALLED.with(|installed| installed.replace(true)) {
        return;
    }
    // In the browser tests the previous hook is the test runner's, which reports the failing
    // assertion: it is called after ours. In the release build it is std's default, which
    // prints nothing on wasm32, so it is not kept (nor its code).
    #[cfg(debug_assertions)]
    let previous = std::panic::take_hook();
    yew::set_custom_panic_hook(Box::new(move |info| {
        on_panic(info);
        #[cfg(debug_assertions)]
        previous(info);
    }));
}

/// Remembers the crash message in the quiz's language.
pub fn set_text(text: &str) {
    TEXT.with(|crash| *crash.borrow_mut() = Some(text.to_string()));
}

/// Reports a panic once, and replaces the widget by its fallback and a short message.
fn on_panic(info: &std::panic::PanicHookInfo<'_>) {
    if PANICKED.with(|panicked| panicked.replace(true)) {
        return;
    }
    let message = info.to_string();
    console::error(&["the widget stopped after an internal error and shows its fallback instead: ", &message].concat());
    let _ = js_sys::Reflect::set(&js_sys::global(), &"__transitionQuizPanic".into(), &JsValue::TRUE);
    let Some(Site { announcer, root, fallback }) = SITE.with(|site| site.try_borrow_mut().ok()?.take()) else {
        return;
    };
    let host = announcer.host();
    if let Some(crash) = root.owner_document().and_then(|document| document.create_element("p").ok()) {
        crash.set_class_name("tq-crash");
        let _ = crash.set_attribute("role", "alert");
        let text = TEXT.with(|text| text.try_borrow().ok().and_then(|text| text.clone()));
        crash.set_text_content(Some(text.as_deref().unwrap_or(quiz_core::quiz::default_text("error_crash"))));
        let _ = fallback.before_with_node_1(&crash);
    }
    root.remove();
    // embed.js's drawing of the first screen, if the widget stopped before replacing it.
    if let Some(drawing) =
        host.shadow_root().and_then(|shadow| shadow.query_selector(".tq-root[data-early]").ok().flatten())
    {
        drawing.remove();
    }
    fallback.set_hidden(false);
    let _ = js_sys::Reflect::set(host, &"__transitionQuizCrashed".into(), &JsValue::TRUE);
    let _ = host.set_attribute(crate::reveal::STATE_ATTRIBUTE, "error");
    announcer.emit(&QuizEvent::Error { kind: "crash", message });
}
