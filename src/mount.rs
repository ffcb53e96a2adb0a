//! Mounting, called by `embed.js` once per host, each in its own wasm instance: readies the
//! host's open shadow root, reads the host's configuration, and shows what [`Reveal`] says
//! as the stylesheet and the quiz arrive: the widget, the host's own children (its
//! fallback) through a `<slot>`, or embed.js's drawing of the first screen.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Element, HtmlElement, ShadowRoot, ShadowRootInit, ShadowRootMode};
use yew::AppHandle;

use crate::announce::Announcer;
use crate::app::{App, AppProps, Early};
use crate::reveal::{Css, Reveal, STATE_ATTRIBUTE, Show, Status};
use crate::{console, crash};
use quiz_core::config::HostConfig;
use quiz_core::events::QuizEvent;

thread_local! {
    /// Every widget this instance has mounted, with the host it lives in.
    static MOUNTED: RefCell<Vec<(Element, AppHandle<App>)>> = const { RefCell::new(Vec::new()) };
}

/// Mounts the widget into `host`, with its stylesheet and files beside embed.js at
/// `base_url` (the folder embed.js was served from, ending in `/`). `quiz_text` is embed.js's
/// request for the host's quiz file (`data-quiz-src`, or the built-in quiz's file), already
/// on its way: a promise of the text, an error status or the request's error (see
/// `fetch::quiz_text`); `overrides_text` the same for `data-quiz-overrides`. `seed` is the
/// reader's seed for shuffled choices when embed.js drew a first screen with it. Mounting a
/// host again replaces its widget.
#[wasm_bindgen]
pub fn mount(
    host: Element,
    base_url: &str,
    quiz_text: Option<JsValue>,
    overrides_text: Option<JsValue>,
    seed: Option<u32>,
) -> Result<(), JsValue> {
    unmount(&host);
    let inline = host
        .query_selector(":scope > script[type='application/json']")
        .ok()
        .flatten()
        .and_then(|script| script.text_content());
    let (config, warnings) = HostConfig::read(|name| host.get_attribute(name), inline);
    for warning in warnings {
        console::warn(&warning);
    }

    let document = host.owner_document().ok_or("the host element is not in a document")?;
    let Shadow { stylesheet, drawing, fallback } = prepare_shadow(&host, &document, base_url)?;
    // Yew renders into this root while it is still out of the page: it goes in when it
    // shows, so the page never holds two copies of the first screen (embed.js's drawing and
    // this one, hidden), which would confuse whatever looks for it.
    let root: HtmlElement = document.create_element("div")?.unchecked_into();
    root.set_class_name("tq-root");
    root.set_hidden(true);

    let announcer = Rc::new(Announcer::new(host.clone(), &config));
    // A constructed stylesheet applies at once; a `<link>` says how it went in `data-state`.
    let css = stylesheet
        .as_ref()
        .map_or(Css::Loaded, |link| Css::from_attribute(link.get_attribute("data-state").as_deref()));
    let host_view = Rc::new(RefCell::new(HostView {
        reveal: Reveal::new(css, drawing.is_some()),
        announcer: announcer.clone(),
        root: root.clone(),
        fallback: fallback.clone(),
        drawing,
    }));
    let shown = host_view.borrow_mut().reveal.show();
    host_view.borrow_mut().apply(shown);
    if let (Css::Pending, Some(stylesheet)) = (css, stylesheet) {
        for (event, css) in [("load", Css::Loaded), ("error", Css::Failed)] {
            let host_view = host_view.clone();
            let on_css = Closure::once_into_js(move || {
                if css == Css::Failed {
                    let message = "the widget's stylesheet did not load; the page keeps its fallback content";
                    console::warn(message);
                    host_view.borrow().announcer.emit(&QuizEvent::Error { kind: "network", message: message.into() });
                }
                let shown = host_view.borrow_mut().reveal.css(css);
                host_view.borrow_mut().apply(shown);
            });
            stylesheet.add_event_listener_with_callback(event, on_css.unchecked_ref())?;
        }
    }
    let on_status = yew::Callback::from(move |status: Status| {
        let shown = host_view.borrow_mut().reveal.status(status);
        host_view.borrow_mut().apply(shown);
    });
    crash::watch(announcer.clone(), root.clone(), fallback);
    let props = AppProps {
        announcer,
        config: Rc::new(config),
        base: base_url.into(),
        early: Early { quiz: quiz_text, overrides: overrides_text, seed },
        on_status,
    };
    let handle = yew::Renderer::<App>::with_root_and_props(root.into(), props).render();
    MOUNTED.with(|mounted| mounted.borrow_mut().push((host, handle)));
    Ok(())
}

/// Removes the widget from `host`, if this instance mounted one there, and shows the host's
/// fallback children again. Returns whether there was a widget to remove.
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

/// The elements a host shows or hides, and the state machine that says which.
struct HostView {
    reveal: Reveal,
    announcer: Rc<Announcer>,
    root: HtmlElement,
    fallback: HtmlElement,
    /// embed.js's drawing of the first screen, while it stands in for the widget.
    drawing: Option<Element>,
}

impl HostView {
    /// Carries out what [`Reveal`] says.
    fn apply(&mut self, show: Show) {
        // The widget's root joins the shadow root only when it first shows (see `mount`).
        if show.widget && !self.root.is_connected() {
            let _ = self.fallback.before_with_node_1(&self.root);
        }
        self.root.set_hidden(!show.widget);
        // (Taken only when it goes: a `take()` evaluated on every call lost the drawing at the
        // first one, so a quiz that then failed left it beside the error view.)
        if show.remove_drawing
            && let Some(drawing) = self.drawing.take()
        {
            drawing.remove();
        }
        if let Some(fallback) = show.fallback {
            self.fallback.set_hidden(!fallback);
        }
        let _ = self.announcer.host().set_attribute(STATE_ATTRIBUTE, show.state.as_str());
        if show.announce_ready {
            self.announcer.emit(&QuizEvent::Ready);
        }
    }
}

/// The parts of a host's shadow root the widget goes between.
struct Shadow {
    /// The widget's stylesheet as a `<link>`, unless embed.js gave the shadow root its
    /// constructed stylesheet (which has no element, and applies at once).
    stylesheet: Option<Element>,
    /// embed.js's drawing of the first screen, if it made one.
    drawing: Option<Element>,
    /// The `<slot>` that shows the host's own children.
    fallback: HtmlElement,
}

/// Readies the host's open shadow root. embed.js normally has set it up already, with the
/// stylesheet (its constructed stylesheet, adopted by the root; or, in a browser without
/// those, a `<link>`, loading or loaded), perhaps its drawing of the first screen, and the
/// slot: those are kept as they are, so nothing reloads or flashes. Otherwise (the wasm used
/// without embed.js, as in the component tests) the root is attached or emptied and filled
/// here, with a `<link>`.
fn prepare_shadow(host: &Element, document: &web_sys::Document, base_url: &str) -> Result<Shadow, JsValue> {
    let shadow: ShadowRoot = match host.shadow_root() {
        Some(shadow) => shadow,
        None => host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))?,
    };
    let part = |selector: &str| shadow.query_selector(selector).ok().flatten();
    // (Plain selectors: `:scope` matches nothing in a shadow root. Only embed.js's own
    // children can match them, as the widget renders no link or slot of its own.)
    if let Some(fallback) = part("slot") {
        let link = part("link.tq-css");
        if link.is_some() || adopts_a_stylesheet(&shadow) {
            return Ok(Shadow {
                stylesheet: link,
                drawing: part(".tq-root[data-early]"),
                fallback: fallback.unchecked_into(),
            });
        }
    }
    shadow.set_inner_html("");
    let stylesheet = document.create_element("link")?;
    stylesheet.set_attribute("rel", "stylesheet")?;
    stylesheet.set_attribute("class", "tq-css")?;
    stylesheet.set_attribute("href", &[base_url, "widget.css"].concat())?;
    let fallback: HtmlElement = document.create_element("slot")?.unchecked_into();
    shadow.append_child(&stylesheet)?;
    shadow.append_child(&fallback)?;
    Ok(Shadow { stylesheet: Some(stylesheet), drawing: None, fallback })
}

/// Whether embed.js gave `shadow` its constructed stylesheet (`adoptedStyleSheets`, read
/// by name rather than with web-sys's getter, which assumes the browser has it).
fn adopts_a_stylesheet(shadow: &ShadowRoot) -> bool {
    js_sys::Reflect::get(shadow, &"adoptedStyleSheets".into())
        .ok()
        .and_then(|sheets| sheets.dyn_into::<js_sys::Array>().ok())
        .is_some_and(|sheets| sheets.length() > 0)
}
