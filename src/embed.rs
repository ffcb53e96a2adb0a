//! Mounting: puts a widget into its host element's open shadow root, reads the host's
//! configuration, and decides what shows: the widget, the host's own children (its
//! fallback), or both.
//!
//! `embed.js` calls [`mount`] once per host, each in its own wasm instance. The host's
//! children show through a `<slot>` until the widget's stylesheet has loaded and its quiz
//! is ready; they stay when either fails, with the widget's error view above them.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Element, HtmlElement, ShadowRoot, ShadowRootInit, ShadowRootMode};
use yew::AppHandle;

use crate::announce::Announcer;
use crate::console;
use crate::widget::{App, AppProps, Status};
use quiz_core::config::HostConfig;
use quiz_core::events::QuizEvent;

/// The attribute on the host that tells the page where the widget is in its life:
/// `loading`, `ready` or `error`.
pub const STATE_ATTRIBUTE: &str = "data-transition-quiz-state";

thread_local! {
    /// Every widget this module instance has mounted, with the host it lives in.
    static MOUNTED: RefCell<Vec<(Element, AppHandle<App>)>> = const { RefCell::new(Vec::new()) };
    /// What a panic must tear down and whom it must tell: the latest mount's announcer (its
    /// host and quiz key), root and fallback. In the page, each wasm instance mounts one
    /// widget, so this is that widget.
    static CRASH_SITE: RefCell<Option<(Rc<Announcer>, HtmlElement, HtmlElement)>> = const { RefCell::new(None) };
    /// The text the crash message shows, in the quiz's language once it is known.
    static CRASH_TEXT: RefCell<String> = RefCell::new(quiz_core::quiz::Ui::default().error_crash);
    /// Whether this instance has already panicked (only the first panic is reported).
    static PANICKED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Reports a panic once, and replaces the widget by its fallback and a short message.
///
/// With `panic = "abort"` the wasm instance stops right after this hook, mid-operation, so
/// nothing may call into it again: its root (and so every Yew listener) is removed. The
/// page's other widgets run in their own instances and carry on. The trap that follows the
/// hook would be reported by the browser as a second, uninformative error; the hook marks
/// it (`self.__transitionQuizPanic`) and embed.js silences it.
fn on_panic(info: &std::panic::PanicHookInfo<'_>) {
    if PANICKED.with(|panicked| panicked.replace(true)) {
        return;
    }
    let message = info.to_string();
    console::error(&format!("the widget stopped after an internal error and shows its fallback instead: {message}"));
    let _ = js_sys::Reflect::set(&js_sys::global(), &"__transitionQuizPanic".into(), &JsValue::TRUE);
    let site = CRASH_SITE.with(|site| site.try_borrow().ok().and_then(|site| site.clone()));
    let Some((announcer, root, fallback)) = site else { return };
    let host = announcer.host();
    let crash = root.owner_document().and_then(|document| document.create_element("p").ok());
    if let Some(crash) = crash {
        crash.set_class_name("tq-crash");
        let _ = crash.set_attribute("role", "alert");
        crash.set_text_content(Some(&crash_text()));
        let _ = fallback.before_with_node_1(&crash);
    }
    root.remove();
    // embed.js's drawing of the first screen, if the widget stopped before replacing it.
    if let Some(early) =
        host.shadow_root().and_then(|shadow| shadow.query_selector(".tq-root[data-early]").ok().flatten())
    {
        early.remove();
    }
    fallback.set_hidden(false);
    // embed.js must never call this instance again, nor hand it to another host.
    let _ = js_sys::Reflect::set(host, &"__transitionQuizCrashed".into(), &JsValue::TRUE);
    let _ = host.set_attribute(STATE_ATTRIBUTE, "error");
    announcer.emit(&QuizEvent::Error { kind: "crash", message });
}

/// Remembers the crash message in the quiz's language.
pub fn set_crash_text(text: &str) {
    CRASH_TEXT.with(|crash| text.clone_into(&mut crash.borrow_mut()));
}

/// The crash message to show.
fn crash_text() -> String {
    CRASH_TEXT.with(|crash| crash.try_borrow().map(|text| text.clone()).unwrap_or_default())
}

/// Installs [`on_panic`] once per instance, before Yew would install its own. It chains to
/// the hook it replaces: in a page that is std's default, silent on wasm32; in the browser
/// tests it is the test runner's, which reports the failing assertion.
fn install_panic_hook() {
    thread_local! {
        static INSTALLED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    if INSTALLED.with(|installed| installed.replace(true)) {
        return;
    }
    let previous = std::panic::take_hook();
    yew::set_custom_panic_hook(Box::new(move |info| {
        on_panic(info);
        previous(info);
    }));
}

/// Hooks for the end-to-end tests of crash containment, compiled only into the test build
/// (`--features test-hooks`), never into the release a site owner gets.
#[cfg(feature = "test-hooks")]
pub mod test_hooks {
    use wasm_bindgen::prelude::*;

    thread_local! {
        /// Set by [`debug_panic_on_next_render`].
        static PANIC_REQUESTED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }

    /// Makes the next render of this instance's widget panic.
    #[wasm_bindgen]
    pub fn debug_panic_on_next_render() {
        PANIC_REQUESTED.with(|requested| requested.set(true));
    }

    /// Whether a test asked for a panic (and forgets the request).
    pub fn panic_requested() -> bool {
        PANIC_REQUESTED.with(|requested| requested.replace(false))
    }

    /// Validates quiz text as a reader's page does (the bounded reachability check) and
    /// returns the number of problems: for the benchmark of the largest quiz.
    #[wasm_bindgen]
    pub fn debug_validate_for_reader(text: &str) -> usize {
        use quiz_core::validate::{Reachability, parse_quiz_with};
        parse_quiz_with(text, Reachability::Bounded).err().map_or(0, |problems| problems.len())
    }
}

/// Where the stylesheet is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Css {
    Pending,
    Loaded,
    Failed,
}

impl Css {
    /// What embed.js saw of the stylesheet it added (its `data-state`).
    fn of(link: &Element) -> Css {
        match link.get_attribute("data-state").as_deref() {
            Some("loaded") => Css::Loaded,
            Some("failed") => Css::Failed,
            _ => Css::Pending,
        }
    }
}

/// What the mount knows, and the elements it shows or hides accordingly.
struct Reveal {
    announcer: Rc<Announcer>,
    root: HtmlElement,
    fallback: HtmlElement,
    /// embed.js's drawing of the first screen, while it stands in for the widget.
    early: Option<Element>,
    css: Css,
    status: Status,
    announced_ready: bool,
}

impl Reveal {
    /// Shows and hides the widget and the fallback to match what is known.
    fn apply(&mut self) {
        let (show_widget, show_fallback, state) = match (self.css, &self.status) {
            (Css::Failed, _) => (false, true, "error"),
            (Css::Pending, _) | (Css::Loaded, Status::Loading) => (false, true, "loading"),
            (Css::Loaded, Status::Ready) => (true, false, "ready"),
            (Css::Loaded, Status::Failed) => (true, true, "error"),
        };
        // The widget's root joins the shadow root only when it first shows (see `mount`).
        if show_widget && !self.root.is_connected() {
            let _ = self.fallback.before_with_node_1(&self.root);
        }
        self.root.set_hidden(!show_widget);
        match (&self.early, state) {
            // While the widget loads, embed.js's drawing decides whether the fallback shows.
            (Some(_), "loading") => {}
            // Ready: embed.js removes its drawing on the ready event below, once it has
            // read what the reader did there.
            (Some(_), "ready") => self.fallback.set_hidden(true),
            (Some(early), _) => {
                early.remove();
                self.early = None;
                self.fallback.set_hidden(!show_fallback);
            }
            (None, _) => self.fallback.set_hidden(!show_fallback),
        }
        let _ = self.announcer.host().set_attribute(STATE_ATTRIBUTE, state);
        if let (true, false, Status::Ready) = (show_widget, self.announced_ready, &self.status) {
            self.announced_ready = true;
            self.announcer.emit(&QuizEvent::Ready);
        }
    }
}

/// Records how the stylesheet ended, says so if it failed, and shows what follows.
fn settle_css(reveal: &RefCell<Reveal>, css: Css) {
    let mut reveal = reveal.borrow_mut();
    reveal.css = css;
    if css == Css::Failed {
        let message = "the widget's stylesheet did not load; the page keeps its fallback content";
        console::warn(message);
        reveal.announcer.emit(&QuizEvent::Error { kind: "network", message: message.into() });
    }
    reveal.apply();
}

/// The host's configuration, and warnings about attributes it did not understand.
fn read_config(host: &Element) -> (HostConfig, Vec<String>) {
    let inline = host
        .query_selector(":scope > script[type='application/json']")
        .ok()
        .flatten()
        .and_then(|script| script.text_content());
    HostConfig::read(|name| host.get_attribute(name), inline)
}

/// Mounts the widget into `host`, loading its stylesheet from `base_url` (the folder
/// `embed.js` was served from, ending in `/`). `quiz_text`, when embed.js passes it, is its
/// request for the host's `data-quiz-src` file, already on its way: a promise of the text,
/// an error status or the request's error (see `fetch::quiz_text`); `overrides_text` the
/// same for its `data-quiz-overrides` file. Mounting a host again replaces its widget.
#[wasm_bindgen]
pub fn mount(
    host: Element,
    base_url: &str,
    quiz_text: Option<JsValue>,
    overrides_text: Option<JsValue>,
) -> Result<(), JsValue> {
    unmount(&host);
    let (config, warnings) = read_config(&host);
    for warning in warnings {
        console::warn(&warning);
    }

    let document = host.owner_document().ok_or("the host element is not in a document")?;
    let Shadow { stylesheet, early, fallback } = prepare_shadow(&host, &document, base_url)?;
    // Yew renders into this root while it is still out of the page: it goes in when it
    // shows ([`Reveal::apply`]), so the page never holds two copies of the first screen
    // (embed.js's drawing and this one, hidden), which would confuse whatever looks for it.
    let root: HtmlElement = document.create_element("div")?.unchecked_into();
    root.set_class_name("tq-root");
    root.set_hidden(true);

    let announcer = Rc::new(Announcer::new(host.clone(), &config));
    let config = Rc::new(config);
    let reveal = Rc::new(RefCell::new(Reveal {
        announcer: announcer.clone(),
        root: root.clone(),
        fallback,
        early,
        css: Css::Pending,
        status: Status::Loading,
        announced_ready: false,
    }));
    match Css::of(&stylesheet) {
        Css::Pending => {
            reveal.borrow_mut().apply();
            let on_css = |css: Css| {
                let reveal = reveal.clone();
                Closure::once_into_js(move || settle_css(&reveal, css))
            };
            stylesheet.add_event_listener_with_callback("load", on_css(Css::Loaded).unchecked_ref())?;
            stylesheet.add_event_listener_with_callback("error", on_css(Css::Failed).unchecked_ref())?;
        }
        // embed.js added the stylesheet, and it has already loaded or failed.
        settled => settle_css(&reveal, settled),
    }

    let on_status = {
        let reveal = reveal.clone();
        yew::Callback::from(move |status: Status| {
            let mut reveal = reveal.borrow_mut();
            reveal.status = status;
            reveal.apply();
        })
    };
    install_panic_hook();
    CRASH_SITE
        .with(|site| *site.borrow_mut() = Some((announcer.clone(), root.clone(), reveal.borrow().fallback.clone())));
    let props = AppProps { announcer, config, on_status, early_text: quiz_text, early_overrides: overrides_text };
    let handle = yew::Renderer::<App>::with_root_and_props(root.into(), props).render();
    MOUNTED.with(|mounted| mounted.borrow_mut().push((host, handle)));
    Ok(())
}

/// Removes the widget from `host`, if this module mounted one there, and shows the
/// host's fallback children again. Returns whether there was a widget to remove.
#[wasm_bindgen]
pub fn unmount(host: &Element) -> bool {
    let Some(handle) = MOUNTED.with(|mounted| {
        let mut mounted = mounted.borrow_mut();
        let idx = mounted.iter().position(|(mounted_host, _)| mounted_host == host)?;
        Some(mounted.swap_remove(idx).1)
    }) else {
        return false;
    };
    handle.destroy();
    if let Some(shadow) = host.shadow_root() {
        shadow.set_inner_html("<slot></slot>");
    }
    let _ = host.remove_attribute(STATE_ATTRIBUTE);
    true
}

/// The parts of a host's shadow root the widget goes between.
struct Shadow {
    /// The widget's stylesheet.
    stylesheet: Element,
    /// embed.js's drawing of the first screen, if it made one.
    early: Option<Element>,
    /// The `<slot>` that shows the host's own children.
    fallback: HtmlElement,
}

/// Readies the host's open shadow root. embed.js normally has set it up already, with the
/// stylesheet (loading or loaded), perhaps its drawing of the first screen, and the slot:
/// those are kept as they are, so nothing reloads or flashes. Otherwise (the wasm used
/// without embed.js, as in the component tests) the root is attached or emptied and
/// filled here.
fn prepare_shadow(host: &Element, document: &web_sys::Document, base_url: &str) -> Result<Shadow, JsValue> {
    let shadow: ShadowRoot = match host.shadow_root() {
        Some(shadow) => shadow,
        None => host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))?,
    };
    let part = |selector: &str| shadow.query_selector(selector).ok().flatten();
    // (Plain selectors: `:scope` matches nothing in a shadow root. Only embed.js's own
    // children can match them, as the widget renders no link or slot of its own.)
    if let (Some(stylesheet), Some(fallback)) = (part("link.tq-css"), part("slot")) {
        return Ok(Shadow { stylesheet, early: part(".tq-root[data-early]"), fallback: fallback.unchecked_into() });
    }
    shadow.set_inner_html("");
    let stylesheet = document.create_element("link")?;
    stylesheet.set_attribute("rel", "stylesheet")?;
    stylesheet.set_attribute("class", "tq-css")?;
    stylesheet.set_attribute("href", &format!("{base_url}widget.css"))?;
    let fallback: HtmlElement = document.create_element("slot")?.unchecked_into();
    shadow.append_child(&stylesheet)?;
    shadow.append_child(&fallback)?;
    Ok(Shadow { stylesheet, early: None, fallback })
}

/// Validates a quiz file, or an overrides file, for the authoring playground: an empty list
/// when it is valid, else every problem as `{ path, message }`, in document order. The list's
/// `notChecked` holds, in the same shape, what could not be checked yet because of those
/// problems (`quiz_core::validate::Checked`). An overrides file (one with `"extends"`) is
/// checked against `base`, the quiz it extends, or without one the built-in quiz.
#[wasm_bindgen]
pub fn validate(text: &str, base: Option<String>) -> js_sys::Array {
    use quiz_core::validate::{Checked, Reachability, check_quiz_text, parse_quiz};
    let checked = match quiz_core::overrides::extends(text) {
        None => check_quiz_text(text, Reachability::Proof),
        Some(_) => {
            let base = base.as_deref().unwrap_or(quiz_core::default_quiz::DEFAULT_QUIZ_JSON);
            let quiz = match parse_quiz(base) {
                Ok(quiz) => quiz_core::overrides::apply(quiz, text),
                Err(problems) => Err(problems),
            };
            Checked { quiz, not_checked: Vec::new() }
        }
    };
    let list = |problems: &[quiz_core::validate::Problem]| -> js_sys::Array {
        problems
            .iter()
            .map(|problem| {
                let entry = js_sys::Object::new();
                let _ = js_sys::Reflect::set(&entry, &"path".into(), &problem.path.as_str().into());
                let _ = js_sys::Reflect::set(&entry, &"message".into(), &problem.message.as_str().into());
                JsValue::from(entry)
            })
            .collect()
    };
    let problems = list(checked.quiz.as_ref().err().map_or(&[], Vec::as_slice));
    let _ = js_sys::Reflect::set(&problems, &"notChecked".into(), &list(&checked.not_checked));
    problems
}
