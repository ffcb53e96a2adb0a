//! Sharing a result: the page's address with the result's token in its fragment, copied
//! to the clipboard or handed to the device's share sheet. The page's own URL, routing and
//! history are left alone: the token is only read from the address when the widget starts
//! (see `quiz_core::start`).

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use quiz_core::share_link::shared_fragment;

/// The page's address with `token` for `quiz_key` in its fragment.
pub fn link(quiz_key: &str, token: &str) -> String {
    let location = gloo::utils::window().location();
    let href = location.href().unwrap_or_default();
    let without_hash = href.split('#').next().unwrap_or_default().to_string();
    let hash = location.hash().unwrap_or_default();
    without_hash + &shared_fragment(&hash, quiz_key, token)
}

/// With a results server (`data-results`), the link to its share page for `token`, which gives
/// link previews a picture of the result and then forwards to this page with the result in its
/// fragment: `<server>share/<quiz key>/<token>?to=<this page>`.
pub fn server_link(server: &str, quiz_key: &str, token: &str) -> String {
    let location = gloo::utils::window().location();
    let page = location.href().unwrap_or_default();
    let page = page.split('#').next().unwrap_or_default();
    // A server given as a path ("/") is on this page's origin.
    let server = if server.starts_with('/') {
        format!("{}{server}", location.origin().unwrap_or_default())
    } else {
        server.to_string()
    };
    let to = js_sys::encode_uri_component(page).as_string().unwrap_or_default();
    format!("{server}share/{quiz_key}/{token}?to={to}")
}

/// `navigator.<name>`, when it is a function, with `navigator` to call it on.
fn navigator_method(object_path: &[&str]) -> Option<(JsValue, Function)> {
    let mut this: JsValue = gloo::utils::window().navigator().into();
    let (last, path) = object_path.split_last()?;
    for name in path {
        this = Reflect::get(&this, &(*name).into()).ok().filter(|value| !value.is_undefined())?;
    }
    let method = Reflect::get(&this, &(*last).into()).ok()?.dyn_into::<Function>().ok()?;
    Some((this, method))
}

/// Whether the browser has a share sheet (`navigator.share`).
pub fn can_share() -> bool {
    navigator_method(&["share"]).is_some()
}

/// Copies `text` with the Clipboard API. False when it is missing or refused, so the
/// caller can offer the link to copy by hand instead.
pub async fn copy(text: &str) -> bool {
    let Some((clipboard, write_text)) = navigator_method(&["clipboard", "writeText"]) else {
        return false;
    };
    let Ok(promise) = write_text.call1(&clipboard, &text.into()) else { return false };
    match promise.dyn_into::<Promise>() {
        Ok(promise) => JsFuture::from(promise).await.is_ok(),
        Err(_) => false,
    }
}

/// Opens the device's share sheet with a title, a line of text and the link. False when the
/// browser has none or the reader dismissed it.
pub async fn share(title: &str, text: &str, url: &str) -> bool {
    let Some((navigator, share)) = navigator_method(&["share"]) else { return false };
    let data = Object::new();
    let _ = Reflect::set(&data, &"title".into(), &title.into());
    let _ = Reflect::set(&data, &"text".into(), &text.into());
    let _ = Reflect::set(&data, &"url".into(), &url.into());
    let Ok(promise) = share.call1(&navigator, &data) else { return false };
    match promise.dyn_into::<Promise>() {
        Ok(promise) => JsFuture::from(promise).await.is_ok(),
        Err(_) => false,
    }
}
