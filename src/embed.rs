//! Mounting: puts the widget into a host element's open shadow root, keeping the
//! host's own children (its fallback) visible until the widget's stylesheet has loaded.
//!
//! `embed.js` calls [`mount`] once per host element. Everything here touches the DOM;
//! nothing in the pure core calls into this module.

use std::cell::RefCell;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Element, ShadowRoot, ShadowRootInit, ShadowRootMode};
use yew::AppHandle;

use crate::view::Widget;

/// The attribute on the host that tells the page where the widget is in its life.
pub const STATE_ATTRIBUTE: &str = "data-transition-quiz-state";

thread_local! {
    /// Every widget this module instance has mounted, with the host it lives in.
    static MOUNTED: RefCell<Vec<(Element, AppHandle<Widget>)>> = const { RefCell::new(Vec::new()) };
}

/// Mounts the widget into `host`, loading its stylesheet from `base_url` (the folder
/// `embed.js` was served from, ending in `/`).
///
/// The host's own children stay visible, through a `<slot>`, until the stylesheet has
/// loaded; only then is the widget shown. If the stylesheet cannot load, the
/// fallback stays and the host's state attribute says `error`.
#[wasm_bindgen]
pub fn mount(host: Element, base_url: &str) -> Result<(), JsValue> {
    unmount(&host);
    let shadow = open_shadow_root(&host)?;
    let document = host
        .owner_document()
        .ok_or("the host element is not in a document")?;

    let stylesheet = document.create_element("link")?;
    stylesheet.set_attribute("rel", "stylesheet")?;
    stylesheet.set_attribute("href", &format!("{base_url}widget.css"))?;
    let fallback = document.create_element("slot")?;
    let root = document.create_element("div")?;
    root.set_attribute("class", "tq-root")?;
    root.set_attribute("hidden", "")?;
    shadow.append_child(&stylesheet)?;
    shadow.append_child(&fallback)?;
    shadow.append_child(&root)?;

    host.set_attribute(STATE_ATTRIBUTE, "loading")?;
    let reveal = {
        let host = host.clone();
        let root = root.clone();
        Closure::once_into_js(move || {
            fallback.remove();
            let _ = root.remove_attribute("hidden");
            let _ = host.set_attribute(STATE_ATTRIBUTE, "ready");
        })
    };
    let give_up = {
        let host = host.clone();
        Closure::once_into_js(move || {
            web_sys::console::warn_1(
                &"transition-quiz: the widget's stylesheet did not load; showing the fallback"
                    .into(),
            );
            let _ = host.set_attribute(STATE_ATTRIBUTE, "error");
        })
    };
    stylesheet.add_event_listener_with_callback("load", reveal.unchecked_ref())?;
    stylesheet.add_event_listener_with_callback("error", give_up.unchecked_ref())?;

    let handle = yew::Renderer::<Widget>::with_root(root).render();
    MOUNTED.with(|mounted| mounted.borrow_mut().push((host, handle)));
    Ok(())
}

/// Removes the widget from `host`, if this module mounted one there, and shows the
/// host's fallback children again. Returns whether there was a widget to remove.
#[wasm_bindgen]
pub fn unmount(host: &Element) -> bool {
    let Some(handle) = MOUNTED.with(|mounted| {
        let mut mounted = mounted.borrow_mut();
        let idx = mounted
            .iter()
            .position(|(mounted_host, _)| mounted_host == host)?;
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

/// The host's open shadow root, attached now if it has none yet.
fn open_shadow_root(host: &Element) -> Result<ShadowRoot, JsValue> {
    if let Some(shadow) = host.shadow_root() {
        shadow.set_inner_html("");
        return Ok(shadow);
    }
    host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))
}
