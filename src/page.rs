//! The page around the widget, as the widget reads and moves it: focus, the page's comment
//! section, its theme marks (followed by the hook [`use_theme`]), its address fragment and
//! its quiz hosts, and the browser's random source. The only DOM access outside the widget's
//! own shadow root goes through here.

use wasm_bindgen::JsCast;
use web_sys::{Element, FocusOptions, HtmlElement, ScrollBehavior, ScrollIntoViewOptions, ScrollLogicalPosition};
use yew::NodeRef;

use quiz_core::config::Theme;

/// Moves keyboard focus to the element behind `node`, if it is rendered. The browser
/// scrolls it into view only if it is not already visible.
pub fn focus(node: &NodeRef) {
    if let Some(element) = node.cast::<HtmlElement>() {
        let _ = element.focus();
    }
}

/// The host page's element matching `selector`, if the selector is valid and matches.
pub fn find(selector: &str) -> Option<Element> {
    gloo::utils::document().query_selector(selector).ok().flatten()
}

/// Scrolls the host page to the element matching `selector` and focuses the first field
/// in it (a comment box, typically). Returns false when nothing matches.
pub fn go_to(selector: &str) -> bool {
    let Some(target) = find(selector) else {
        return false;
    };
    target.scroll_into_view_with_scroll_into_view_options(&scroll_options(ScrollLogicalPosition::Start));
    let field = target.query_selector("textarea, input:not([type=hidden]), [contenteditable=true]").ok().flatten();
    if let Some(field) = field.and_then(|field| field.dyn_into::<HtmlElement>().ok()) {
        let options = FocusOptions::new();
        options.set_prevent_scroll(true);
        let _ = field.focus_with_options(&options);
    }
    true
}

/// Smooth scrolling, unless the reader asked for reduced motion.
fn scroll_options(block: ScrollLogicalPosition) -> ScrollIntoViewOptions {
    let options = ScrollIntoViewOptions::new();
    options.set_block(block);
    options.set_behavior(if prefers_reduced_motion() { ScrollBehavior::Instant } else { ScrollBehavior::Smooth });
    options
}

/// Whether the reader's system asks for reduced motion.
pub fn prefers_reduced_motion() -> bool {
    gloo::utils::window()
        .match_media("(prefers-reduced-motion: reduce)")
        .ok()
        .flatten()
        .is_some_and(|query| query.matches())
}

/// Runs `then` once the next frame has been painted: in the first task after the browser's
/// next rendering opportunity (`requestAnimationFrame`, then a timeout of 0).
pub fn after_next_paint(then: impl FnOnce() + 'static) {
    let window = gloo::utils::window();
    let after_frame = wasm_bindgen::closure::Closure::once_into_js(move || {
        let task = wasm_bindgen::closure::Closure::once_into_js(then);
        let _ = gloo::utils::window().set_timeout_with_callback(task.unchecked_ref());
    });
    let _ = window.request_animation_frame(after_frame.unchecked_ref());
}

/// The theme to show for the host's `theme`: a fixed one, or (auto) the page's marks,
/// followed as they change. The page is read in an effect, not while rendering; the widget is
/// out of the page until its quiz is ready, by when the effect has run.
#[yew::hook]
pub fn use_theme(theme: Theme) -> Theme {
    let page = yew::use_state(|| Theme::Auto);
    {
        let page = page.clone();
        yew::use_effect_with(theme, move |theme| {
            let watcher = match theme {
                Theme::Auto => {
                    page.set(page_theme());
                    watch_page_theme(move |theme| page.set(theme))
                }
                Theme::Light | Theme::Dark => None,
            };
            move || drop(watcher)
        });
    }
    theme.resolve(*page)
}

/// The theme the page marks on its `<html>` element now (see [`Theme::of_page`]).
fn page_theme() -> quiz_core::config::Theme {
    let Some(html) = gloo::utils::document().document_element() else {
        return quiz_core::config::Theme::Auto;
    };
    quiz_core::config::Theme::of_page(
        html.get_attribute("data-theme").as_deref(),
        html.get_attribute("class").as_deref(),
    )
}

/// Calls `on_change` with the page's theme whenever the `<html>` element's `class` or
/// `data-theme` changes, until the returned watcher is dropped.
fn watch_page_theme(on_change: impl Fn(quiz_core::config::Theme) + 'static) -> Option<ThemeWatcher> {
    let html = gloo::utils::document().document_element()?;
    let callback = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || on_change(page_theme()));
    let observer = web_sys::MutationObserver::new(callback.as_ref().unchecked_ref()).ok()?;
    let options = web_sys::MutationObserverInit::new();
    options.set_attribute_filter(&js_sys::Array::of2(&"class".into(), &"data-theme".into()));
    observer.observe_with_options(&html, &options).ok()?;
    Some(ThemeWatcher { observer, _callback: callback })
}

/// Watches the page's theme marks; stops when dropped.
struct ThemeWatcher {
    observer: web_sys::MutationObserver,
    _callback: wasm_bindgen::closure::Closure<dyn FnMut()>,
}

impl Drop for ThemeWatcher {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// The page address's fragment, percent-decoded (empty when there is none).
pub fn fragment() -> String {
    let hash = gloo::utils::window().location().hash().unwrap_or_default();
    js_sys::decode_uri_component(&hash).ok().and_then(|text| text.as_string()).unwrap_or(hash)
}

/// How many quiz hosts the page has.
pub fn hosts_on_page() -> usize {
    gloo::utils::document().query_selector_all("[data-transition-quiz]").map_or(0, |hosts| hosts.length() as usize)
}

/// Fills `bytes` from the browser's cryptographic random source (`crypto.getRandomValues`),
/// or, where a browser has none, from `Math.random`.
pub fn random_bytes(bytes: &mut [u8]) {
    let filled = gloo::utils::window().crypto().and_then(|crypto| crypto.get_random_values_with_u8_array(bytes));
    if filled.is_err() {
        for byte in bytes.iter_mut() {
            *byte = (js_sys::Math::random() * 256.0) as u8;
        }
    }
}

/// A new reader's seed for the order of shuffled choices (`quiz_core::shuffle`): made here,
/// at the edge, so the core and the reducer stay pure.
pub fn random_seed() -> u32 {
    let mut bytes = [0u8; 4];
    random_bytes(&mut bytes);
    u32::from_le_bytes(bytes)
}
