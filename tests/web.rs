//! Browser tests: the widget's components mounted into fresh elements in headless
//! Chromium (run by `make test-wasm` through wasm-bindgen-test-runner).
#![cfg(target_arch = "wasm32")]

use transition_quiz::embed;
use transition_quiz::view::Widget;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, MutationObserver, MutationObserverInit};

wasm_bindgen_test_configure!(run_in_browser);

/// A new, empty element attached to the document body.
fn fresh_element() -> Element {
    let document = gloo::utils::document();
    let element = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&element).unwrap();
    element
}

/// The visible text of every element matching `selector` under `root`.
fn texts(root: &Element, selector: &str) -> Vec<String> {
    let nodes = root.query_selector_all(selector).unwrap();
    (0..nodes.length())
        .map(|idx| {
            nodes
                .item(idx)
                .unwrap()
                .text_content()
                .unwrap_or_default()
                .trim()
                .to_string()
        })
        .collect()
}

fn click(root: &Element, selector: &str, nth: u32) {
    let nodes = root.query_selector_all(selector).unwrap();
    let node = nodes
        .item(nth)
        .unwrap_or_else(|| panic!("no element #{nth} matches {selector}"));
    node.dyn_into::<HtmlElement>().unwrap().click();
}

#[wasm_bindgen_test]
async fn the_intro_starts_the_quiz_and_a_choice_moves_to_the_next_question() {
    let root = fresh_element();
    yew::Renderer::<Widget>::with_root(root.clone()).render();
    yew::scheduler::flush().await;

    assert_eq!(texts(&root, "h2"), ["Which climb is your mindset gap?"]);
    click(&root, "button.tq-primary", 0);
    yew::scheduler::flush().await;

    assert_eq!(
        texts(&root, "h2"),
        ["Which of these best describes your work today?"]
    );
    let choices = texts(&root, "button.tq-choice");
    assert_eq!(choices.len(), 5);
    assert_eq!(choices[2], "I manage a team of salespeople.");

    click(&root, "button.tq-choice", 2);
    yew::scheduler::flush().await;
    assert_eq!(
        texts(&root, "h2"),
        ["Which climb do you find hardest, for yourself or for people you have watched make it?"]
    );
}

#[wasm_bindgen_test]
async fn mounting_keeps_the_fallback_until_the_stylesheet_loads_and_keeps_it_if_it_fails() {
    let host = fresh_element();
    host.set_inner_html("<a href='/quiz'>Take the quiz</a>");
    // Nothing is served at this base, so the stylesheet fails to load.
    embed::mount(host.clone(), "/no-such-folder/").unwrap();
    yew::scheduler::flush().await;

    let shadow = host
        .shadow_root()
        .expect("the widget lives in an open shadow root");
    assert_eq!(
        host.get_attribute(embed::STATE_ATTRIBUTE).as_deref(),
        Some("loading")
    );
    assert!(
        shadow.query_selector("slot").unwrap().is_some(),
        "the fallback shows through a slot while loading"
    );
    let root = shadow.query_selector(".tq-root").unwrap().unwrap();
    assert!(
        root.has_attribute("hidden"),
        "the unstyled widget stays hidden"
    );

    wait_for_attribute(&host, embed::STATE_ATTRIBUTE, "error").await;
    assert!(
        shadow.query_selector("slot").unwrap().is_some(),
        "the fallback stays"
    );
    assert_eq!(texts(&host, "a"), ["Take the quiz"]);

    assert!(embed::unmount(&host));
    assert!(!embed::unmount(&host), "a second unmount finds nothing");
    assert_eq!(shadow.inner_html(), "<slot></slot>");
}

/// Waits, without sleeping, until `element` has `name` = `value`: a MutationObserver
/// resolves the wait on the attribute change itself. If it never comes, the test runner's
/// own time limit fails the test.
async fn wait_for_attribute(element: &Element, name: &str, value: &str) {
    if element.get_attribute(name).as_deref() == Some(value) {
        return;
    }
    let (element, name, value) = (element.clone(), name.to_string(), value.to_string());
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let observed = element.clone();
        let (name, value) = (name.clone(), value.clone());
        let on_change = Closure::<dyn FnMut(js_sys::Array, MutationObserver)>::new(
            move |_records, observer: MutationObserver| {
                if observed.get_attribute(&name).as_deref() == Some(value.as_str()) {
                    observer.disconnect();
                    let _ = resolve.call0(&JsValue::NULL);
                }
            },
        );
        let observer = MutationObserver::new(on_change.as_ref().unchecked_ref()).unwrap();
        let options = MutationObserverInit::new();
        options.set_attributes(true);
        observer.observe_with_options(&element, &options).unwrap();
        on_change.forget();
    });
    JsFuture::from(promise).await.unwrap();
}
