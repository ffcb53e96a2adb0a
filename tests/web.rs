//! Browser tests: the widget's components mounted into fresh elements in headless
//! Chromium (run by `make test-wasm` through wasm-bindgen-test-runner). They click and
//! press keys like a reader, await Yew's scheduler, and check what a reader would see.
#![cfg(target_arch = "wasm32")]

use std::rc::Rc;

use transition_quiz::app::{App, AppProps, Early};
use transition_quiz::quiz_core::config::HostConfig;
use transition_quiz::quiz_core::quiz::Quiz;
use transition_quiz::quiz_core::session::{Session, Step};
use transition_quiz::quiz_core::shuffle::order;
use transition_quiz::quiz_core::validate::parse_quiz;
use transition_quiz::reveal::STATE_ATTRIBUTE;
use transition_quiz::view::{QuizApp, QuizAppProps, Theme};
use transition_quiz::{Announcer, mount as embed};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, KeyboardEvent, KeyboardEventInit, MutationObserver, MutationObserverInit};

wasm_bindgen_test_configure!(run_in_browser);

/// Two ordered outcomes ("low", "high"); a stage question, a hardest question, two scored ones.
const SMALL_QUIZ: &str = r#"{
  "version": 1, "id": "small", "ordered": true, "title": "Small quiz", "intro": "Four questions.",
  "outcomes": [
    { "id": "low", "label": "The lower rung", "short": "Lower", "shift": "Shift one.", "summary": "Why one matters.",
      "actions": ["Do one thing.", "Do a second thing."],
      "links": [{ "title": "Read about one", "url": "https://example.com/low", "kind": "article" }] },
    { "id": "high", "label": "The higher rung", "short": "Higher", "shift": "Shift two.", "summary": "Why two matters.",
      "actions": ["Do another thing."], "links": [{ "title": "Read about two", "url": "/two" }],
      "cta": { "text": "Book a call about {outcome}", "url": "/book?gap={outcome}" } }
  ],
  "questions": [
    { "id": "where", "role": "stage", "prompt": "Where are you?", "choices": [
      { "id": "bottom", "text": "At the bottom", "outcome": "low" },
      { "id": "top", "text": "At the top", "outcome": "high" } ] },
    { "id": "hardest", "role": "hardest", "prompt": "Which is hardest?", "choices": [
      { "id": "low", "text": "The lower one", "outcome": "low" },
      { "id": "high", "text": "The higher one", "outcome": "high" } ] },
    { "id": "q1", "prompt": "<b>First</b> question?", "help": "Pick honestly.", "choices": [
      { "id": "a", "text": "Alpha", "weights": { "low": 2 } },
      { "id": "b", "text": "Beta", "weights": { "high": 2 } },
      { "id": "c", "text": "Gamma", "weights": {} } ] },
    { "id": "q2", "prompt": "Second question?", "choices": [
      { "id": "a", "text": "Alpha two", "weights": { "low": 1, "high": 1 } },
      { "id": "b", "text": "Beta two", "weights": { "high": 3 } },
      { "id": "c", "text": "Gamma two", "weights": {} } ] }
  ]
}"#;

fn small_quiz() -> Rc<Quiz> {
    Rc::new(parse_quiz(SMALL_QUIZ).unwrap())
}

/// A new, empty element attached to the document body.
fn fresh_element() -> Element {
    let document = gloo::utils::document();
    let element = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&element).unwrap();
    element
}

/// Mounts the quiz app into a fresh element and waits for the first render.
async fn mount(quiz: Rc<Quiz>, initial: Option<Session>, theme: Theme) -> Element {
    let root = fresh_element();
    yew::Renderer::<QuizApp>::with_root_and_props(
        root.clone(),
        QuizAppProps { quiz, theme, initial, seed: None, on_change: Default::default(), readers: None },
    )
    .render();
    yew::scheduler::flush().await;
    root
}

/// The trimmed text of every element matching `selector` under `root`.
fn texts(root: &Element, selector: &str) -> Vec<String> {
    let nodes = root.query_selector_all(selector).unwrap();
    (0..nodes.length())
        .map(|idx| nodes.item(idx).unwrap().text_content().unwrap_or_default().trim().to_string())
        .collect()
}

/// The attribute `name` of every element matching `selector` under `root`.
fn attributes(root: &Element, selector: &str, name: &str) -> Vec<Option<String>> {
    let nodes = root.query_selector_all(selector).unwrap();
    (0..nodes.length()).map(|idx| nodes.item(idx).unwrap().unchecked_into::<Element>().get_attribute(name)).collect()
}

fn one(root: &Element, selector: &str) -> Element {
    root.query_selector(selector).unwrap().unwrap_or_else(|| panic!("nothing matches {selector}"))
}

fn attribute(root: &Element, selector: &str, name: &str) -> Option<String> {
    one(root, selector).get_attribute(name)
}

async fn click(root: &Element, selector: &str, nth: u32) {
    let nodes = root.query_selector_all(selector).unwrap();
    let node = nodes.item(nth).unwrap_or_else(|| panic!("no element #{nth} matches {selector}"));
    node.dyn_into::<HtmlElement>().unwrap().click();
    yew::scheduler::flush().await;
}

/// Presses `key` on the focused element, as a keyboard would (the event bubbles).
async fn press(key: &str) {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    focused().unwrap().dispatch_event(&event).unwrap();
    yew::scheduler::flush().await;
}

fn focused() -> Option<Element> {
    gloo::utils::document().active_element()
}

fn focused_text() -> String {
    focused().and_then(|element| element.text_content()).unwrap_or_default().trim().to_string()
}

#[wasm_bindgen_test]
async fn the_first_screen_is_the_intro_with_the_first_question_so_the_first_click_is_an_answer() {
    let root = mount(small_quiz(), None, Theme::Auto).await;
    assert_eq!(texts(&root, "h2"), ["Small quiz"]);
    assert_eq!(texts(&root, ".tq-lead"), ["Four questions."]);
    assert_eq!(texts(&root, ".tq-meta"), ["4 questions · about 1 min"]);
    // The first question, a heading under the quiz's title, with its choices as a radio group.
    assert_eq!(texts(&root, "h3"), ["Where are you?"]);
    assert_eq!(attribute(&root, ".tq-choices", "aria-labelledby").as_deref(), Some("tq-prompt"));
    assert_eq!(attribute(&root, "#tq-prompt", "tabindex").as_deref(), Some("-1"));
    assert_eq!(texts(&root, ".tq-choice"), ["At the bottom", "At the top"]);
    assert_eq!(texts(&root, "button:not(.tq-choice)"), Vec::<String>::new(), "no Start and no Back: nothing before it");
    assert!(texts(&root, ".tq-progress-text").is_empty(), "the duration says how many, not a progress line");
    assert_eq!(texts(&root, "[aria-live]"), ["Question 1 of 4"]);
    let focus_inside = focused().is_some_and(|element| root.contains(Some(element.unchecked_ref())));
    assert!(!focus_inside, "loading never takes focus");

    click(&root, ".tq-choice", 0).await;
    assert_eq!(texts(&root, "h2"), ["Which is hardest?"]);
    assert_eq!(texts(&root, ".tq-progress-text"), ["Question 2 of 4"]);
    assert_eq!(focused_text(), "Which is hardest?", "focus moves to the next question's heading");

    // Back is the first screen again, with the answer shown and Next to go on without changing it.
    click(&root, ".tq-back", 0).await;
    assert_eq!(
        (texts(&root, "h2"), texts(&root, "h3")),
        (vec!["Small quiz".to_string()], vec!["Where are you?".to_string()])
    );
    assert_eq!(texts(&root, ".tq-chosen"), ["At the bottom"]);
    assert_eq!(focused_text(), "Where are you?", "focus goes to the first question's heading");
    assert_eq!(texts(&root, "button:not(.tq-choice)"), ["Next"]);
    click(&root, ".tq-next", 0).await;
    assert_eq!(texts(&root, "h2"), ["Which is hardest?"]);
}

#[wasm_bindgen_test]
async fn a_question_shows_progress_choices_and_moves_on_when_a_choice_is_picked() {
    let root = mount(
        small_quiz(),
        Some(Session { step: Step::Question(2), answers: vec![Some(0), Some(1), None, None], seed: None }),
        Theme::Auto,
    )
    .await;
    assert_eq!(texts(&root, ".tq-progress-text"), ["Question 3 of 4"]);
    assert_eq!(attribute(&root, ".tq-progress-done", "width").as_deref(), Some("50"));
    assert_eq!(texts(&root, "h2"), ["<b>First</b> question?"], "quiz text is shown as written, never as markup");
    assert!(root.query_selector("h2 b").unwrap().is_none());
    assert_eq!(texts(&root, ".tq-help"), ["Pick honestly."]);
    assert_eq!(texts(&root, ".tq-choice"), ["Alpha", "Beta", "Gamma"]);
    assert_eq!(attribute(&root, ".tq-choices", "role").as_deref(), Some("radiogroup"));
    assert_eq!(attribute(&root, ".tq-choices", "aria-labelledby").as_deref(), Some("tq-prompt"));
    assert_eq!(
        attributes(&root, ".tq-choice", "role"),
        [Some("radio".into()), Some("radio".into()), Some("radio".into())]
    );
    let checked = attributes(&root, ".tq-choice", "aria-checked");
    assert_eq!(checked, [Some("false".into()), Some("false".into()), Some("false".into())]);
    assert!(texts(&root, ".tq-next").is_empty(), "no Next before an answer");

    click(&root, ".tq-choice", 1).await;
    assert_eq!(texts(&root, "h2"), ["Second question?"]);
    assert_eq!(texts(&root, ".tq-progress-text"), ["Question 4 of 4"]);
    assert_eq!(
        texts(&root, ".tq-live, [aria-live]"),
        ["Question 4 of 4"],
        "the live region announces where the reader is, not the prompt the focused heading reads"
    );
    assert!(one(&root, ".tq-see-result").has_attribute("disabled"), "the result waits for the last answer");

    click(&root, ".tq-back", 0).await;
    assert_eq!(texts(&root, "h2"), ["<b>First</b> question?"]);
    assert_eq!(attribute(&root, ".tq-chosen", "aria-checked").as_deref(), Some("true"));
    assert_eq!(texts(&root, ".tq-chosen"), ["Beta"], "going back shows the earlier answer");
    click(&root, ".tq-next", 0).await;
    assert_eq!(texts(&root, "h2"), ["Second question?"]);

    click(&root, ".tq-choice", 0).await;
    assert_eq!(texts(&root, "h2"), ["Second question?"], "the last answer does not leave the question");
    assert!(!one(&root, ".tq-see-result").has_attribute("disabled"));
    assert_eq!(focused_text(), "See my result", "focus moves to See my result once everything is answered");
}

#[wasm_bindgen_test]
async fn arrow_keys_move_between_choices_and_only_one_is_in_the_tab_order() {
    let root = mount(
        small_quiz(),
        Some(Session { step: Step::Question(2), answers: vec![Some(0), Some(1), None, None], seed: None }),
        Theme::Auto,
    )
    .await;
    assert_eq!(attributes(&root, ".tq-choice", "tabindex"), [Some("0".into()), Some("-1".into()), Some("-1".into())]);
    one(&root, ".tq-choice").unchecked_into::<HtmlElement>().focus().unwrap();
    assert_eq!(focused_text(), "Alpha");
    press("ArrowDown").await;
    assert_eq!(focused_text(), "Beta");
    press("ArrowRight").await;
    assert_eq!(focused_text(), "Gamma");
    press("ArrowDown").await;
    assert_eq!(focused_text(), "Alpha", "arrows wrap around");
    press("ArrowUp").await;
    assert_eq!(focused_text(), "Gamma");
    press("Home").await;
    assert_eq!(focused_text(), "Alpha");
    press("End").await;
    assert_eq!(focused_text(), "Gamma");
    press("x").await;
    assert_eq!(focused_text(), "Gamma", "other keys do nothing");
}

/// Format version 2: a stage question, a shuffled question for everyone, and a question for
/// readers at the top only.
const STAGED_QUIZ: &str = r#"{
  "version": 2, "id": "staged", "ordered": true, "shuffle": true, "title": "Staged quiz", "intro": "By stage.",
  "outcomes": [
    { "id": "low", "label": "The lower rung", "shift": "Shift one.", "summary": "Why one.", "actions": ["Do one."] },
    { "id": "high", "label": "The higher rung", "shift": "Shift two.", "summary": "Why two.", "actions": ["Do two."] }
  ],
  "questions": [
    { "id": "where", "role": "stage", "prompt": "Where are you?", "choices": [
      { "id": "bottom", "text": "At the bottom", "outcome": "low" },
      { "id": "top", "text": "At the top", "outcome": "high" } ] },
    { "id": "all", "prompt": "For everyone?", "choices": [
      { "id": "a", "text": "Alpha", "weights": { "low": 2 } },
      { "id": "b", "text": "Beta", "weights": { "high": 2 } },
      { "id": "c", "text": "Gamma", "weights": { "low": 1 } },
      { "id": "d", "text": "Delta", "weights": { "high": 1 } } ] },
    { "id": "top-only", "stages": ["top"], "prompt": "For the top?", "choices": [
      { "id": "a", "text": "Up", "weights": { "high": 2 } },
      { "id": "b", "text": "Down", "weights": { "low": 2 } } ] }
  ]
}"#;

/// Mounts `quiz` at `initial`, recording every session it changes to.
async fn mount_recording(quiz: Rc<Quiz>, initial: Session) -> (Element, Rc<std::cell::RefCell<Vec<Session>>>) {
    let root = fresh_element();
    let seen = Rc::new(std::cell::RefCell::new(Vec::new()));
    let record = seen.clone();
    yew::Renderer::<QuizApp>::with_root_and_props(
        root.clone(),
        QuizAppProps {
            quiz,
            theme: Theme::Auto,
            initial: Some(initial),
            seed: None,
            on_change: yew::Callback::from(move |(_, after): (Session, Session)| record.borrow_mut().push(after)),
            readers: None,
        },
    )
    .render();
    yew::scheduler::flush().await;
    (root, seen)
}

#[wasm_bindgen_test]
async fn a_shuffled_question_shows_the_readers_order_and_records_the_choice_by_its_place_in_the_file() {
    let quiz = Rc::new(parse_quiz(STAGED_QUIZ).unwrap());
    let texts_of = |order: &[usize]| -> Vec<String> {
        order.iter().map(|&choice_idx| quiz.questions[1].choices[choice_idx].text.clone()).collect()
    };
    // A seed whose order is not the file's, worked out by the core, which the view must follow.
    let seed = (0..).find(|&seed| order(Some(seed), &quiz.questions[1]) != [0, 1, 2, 3]).unwrap();
    let shown = order(Some(seed), &quiz.questions[1]);
    let at_top = Session { step: Step::Question(1), answers: vec![Some(1), None, None], seed: Some(seed) };
    let (root, seen) = mount_recording(quiz.clone(), at_top).await;
    assert_eq!(texts(&root, ".tq-choice"), texts_of(&shown));
    assert_eq!(texts(&root, ".tq-progress-text"), ["Question 2 of 3"], "a reader at the top is shown three");
    // One Tab stop, on the first choice shown; the arrows follow the order shown.
    let tabindex = attributes(&root, ".tq-choice", "tabindex");
    assert_eq!(tabindex.iter().position(|value| value.as_deref() == Some("0")), Some(0));
    one(&root, ".tq-choice").unchecked_into::<HtmlElement>().focus().unwrap();
    press("ArrowDown").await;
    assert_eq!(focused_text(), texts_of(&shown)[1]);
    press("End").await;
    assert_eq!(focused_text(), texts_of(&shown)[3]);

    // The first choice shown is recorded as its place in the file, and the top's own question follows.
    click(&root, ".tq-choice", 0).await;
    let after = seen.borrow().last().cloned().unwrap();
    assert_eq!(after.answers, [Some(1), Some(shown[0]), None]);
    assert_eq!(texts(&root, ".tq-progress-text"), ["Question 3 of 3"]);

    // Without a seed (progress saved before seeds existed), the file's order.
    let unseeded = Session { step: Step::Question(1), answers: vec![Some(0), None, None], seed: None };
    let (root, _) = mount_recording(quiz.clone(), unseeded).await;
    assert_eq!(texts(&root, ".tq-choice"), ["Alpha", "Beta", "Gamma", "Delta"]);
    assert_eq!(texts(&root, ".tq-progress-text"), ["Question 2 of 2"], "a reader at the bottom is shown two");
    assert!(one(&root, ".tq-see-result").has_attribute("disabled"), "their last question, waiting for an answer");
}

#[wasm_bindgen_test]
async fn the_first_screen_counts_the_most_questions_any_stage_is_shown() {
    let quiz = Rc::new(parse_quiz(STAGED_QUIZ).unwrap());
    let root = mount(quiz, None, Theme::Auto).await;
    assert_eq!(texts(&root, ".tq-meta"), ["3 questions · about 1 min"]);
    assert_eq!(texts(&root, "[aria-live]"), ["Question 1 of 3"]);
    click(&root, ".tq-choice", 0).await; // At the bottom: two questions in all.
    assert_eq!(texts(&root, ".tq-progress-text"), ["Question 2 of 2"]);
    assert_eq!(texts(&root, "[aria-live]"), ["Question 2 of 2"]);
}

#[wasm_bindgen_test]
async fn the_result_explains_the_gap_with_ladder_chart_comparison_steps_and_links() {
    // Stage: bottom (low). Hardest: low. q1: Beta (high 2). q2: Beta two (high 3).
    // Scores: low 0/3 = 0, high 5/5 = 100.
    let answers = vec![Some(0), Some(0), Some(1), Some(1)];
    let root = mount(small_quiz(), Some(Session { step: Step::Result, answers, seed: None }), Theme::Dark).await;
    assert_eq!(attribute(&root, ".tq-widget", "data-theme").as_deref(), Some("dark"));
    assert_eq!(attribute(&root, ".tq-result", "data-outcome").as_deref(), Some("high"));
    assert_eq!(texts(&root, "h2"), ["The higher rung"]);
    assert_eq!(texts(&root, ".tq-shift"), ["Shift two."]);
    assert_eq!(
        texts(&root, ".tq-position"),
        ["Your result is the step after the one you are taking now: you can start preparing for it."]
    );

    assert_eq!(texts(&root, ".tq-rung-label"), ["Lower", "Higher"]);
    assert_eq!(texts(&root, ".tq-rung-here .tq-rung-label"), ["Lower"]);
    assert_eq!(texts(&root, ".tq-rung-gap .tq-badge"), ["Your result"]);
    assert_eq!(texts(&root, ".tq-chart .tq-sr-only li"), ["Lower: 0 of 100", "Higher: 100 of 100"]);
    assert_eq!(attributes(&root, ".tq-bar-fill", "width"), [Some("0".into()), Some("100".into())]);
    assert_eq!(texts(&root, ".tq-bar-figure"), ["0", "100"]);

    assert_eq!(texts(&root, ".tq-compare dd"), ["Lower", "Higher"]);
    assert_eq!(
        texts(&root, ".tq-compare p"),
        [
            "Your answers point to a later step than the one you named, and show no clear result on the one you find hardest."
        ],
        "the gap is a later climb, and the one the reader named scored 0"
    );
    assert_eq!(texts(&root, ".tq-actions li"), ["Do another thing."]);
    // The site owner's call to action, with the outcome filled in.
    assert_eq!(texts(&root, ".tq-cta a"), ["Book a call about The higher rung"]);
    assert_eq!(attribute(&root, ".tq-cta a", "href").as_deref(), Some("/book?gap=high"));
    assert_eq!(texts(&root, ".tq-evidence-answer"), ["Beta two", "Beta"], "strongest evidence first");
    let link = one(&root, ".tq-links a");
    assert_eq!(link.get_attribute("href").as_deref(), Some("/two"));
    assert_eq!(link.get_attribute("target").as_deref(), Some("_blank"));
    assert_eq!(link.get_attribute("rel").as_deref(), Some("noopener"));
    assert_eq!(texts(&root, ".tq-links a"), ["Read about two (opens in a new tab)"]);
    assert!(texts(&root, ".tq-second").is_empty(), "no close second at 100 against 0");

    click(&root, ".tq-retake", 0).await;
    assert_eq!(texts(&root, "h3"), ["Where are you?"], "Retake starts over on the first screen");
    assert_eq!(texts(&root, "h2"), ["Small quiz"]);
    assert!(texts(&root, ".tq-chosen").is_empty(), "with no answers kept");
    assert_eq!(focused_text(), "Where are you?");
}

#[wasm_bindgen_test]
async fn a_close_second_is_named_with_its_links_and_agreement_is_said() {
    // Hardest: low. q1: Alpha (low 2). q2: Alpha two (low 1, high 1).
    // Scores: low 3/3 = 100, high 1/5 = 20: no close second. Agreement: same.
    let root = mount(
        small_quiz(),
        Some(Session { step: Step::Result, answers: vec![Some(1), Some(0), Some(0), Some(0)], seed: None }),
        Theme::Light,
    )
    .await;
    assert_eq!(attribute(&root, ".tq-result", "data-outcome").as_deref(), Some("low"));
    assert_eq!(texts(&root, ".tq-compare p"), ["Your own sense and your answers agree."]);
    assert_eq!(
        texts(&root, ".tq-position"),
        [
            "Your result is a step you have already taken: what is still unfinished there can hold back the steps after it."
        ]
    );
    assert_eq!(texts(&root, ".tq-kind"), ["article"]);

    // Gamma (nothing) then Beta two (high 3): low 0/3 = 0 ... make both close instead:
    // q1 Alpha (low 2), q2 Beta two (high 3): low 2/3 = 67, high 3/5 = 60: close second.
    let root = mount(
        small_quiz(),
        Some(Session { step: Step::Result, answers: vec![Some(0), Some(1), Some(0), Some(1)], seed: None }),
        Theme::Light,
    )
    .await;
    assert_eq!(attribute(&root, ".tq-result", "data-outcome").as_deref(), Some("low"));
    assert_eq!(
        texts(&root, ".tq-second h3"),
        ["A close second: The higher rung"],
        "the close second has its own heading"
    );
    assert_eq!(texts(&root, "h3").iter().filter(|text| *text == "Read next").count(), 1, "one Read next heading");
    assert_eq!(texts(&root, ".tq-second .tq-links a"), ["Read about two (opens in a new tab)"]);
}

#[wasm_bindgen_test]
async fn answers_that_show_no_gap_get_an_honest_result_that_points_to_the_next_climb() {
    // At the top; says the lower climb is hardest; Gamma and Gamma two give nothing: 0 and 0.
    let root = mount(
        small_quiz(),
        Some(Session { step: Step::Result, answers: vec![Some(1), Some(0), Some(2), Some(2)], seed: None }),
        Theme::Light,
    )
    .await;
    assert_eq!(attribute(&root, ".tq-result", "data-result").as_deref(), Some("no-clear-gap"));
    assert_eq!(attribute(&root, ".tq-result", "data-outcome").as_deref(), Some(""));
    assert_eq!(texts(&root, ".tq-eyebrow"), ["Your result"]);
    assert_eq!(texts(&root, "h2"), ["No clear result from your answers"]);
    assert_eq!(texts(&root, ".tq-shift"), ["None of your answers pointed to any of the outcomes."]);
    assert!(texts(&root, ".tq-position").is_empty(), "no position without a gap");
    assert!(texts(&root, ".tq-rung-gap").is_empty(), "the ladder marks no gap");
    assert_eq!(texts(&root, ".tq-rung-here .tq-rung-label"), ["Higher"]);
    assert_eq!(texts(&root, ".tq-compare dd"), ["Lower", "No clear result"]);
    assert_eq!(
        texts(&root, ".tq-compare p"),
        [
            "Your answers do not single out a step you can work on now, so they neither confirm nor contradict what you said."
        ]
    );
    assert_eq!(texts(&root, ".tq-next-heading"), ["The step in front of you: The higher rung"]);
    assert_eq!(texts(&root, ".tq-next-shift"), ["Shift two."]);
    assert_eq!(texts(&root, ".tq-next .tq-actions li"), ["Do another thing."]);
    assert_eq!(texts(&root, ".tq-next .tq-links a"), ["Read about two (opens in a new tab)"]);
    assert_eq!(texts(&root, ".tq-next .tq-cta a"), ["Book a call about The higher rung"]);
    assert!(texts(&root, ".tq-evidence li").is_empty() && texts(&root, ".tq-second").is_empty());

    // With no stage given ("Rather not say"), the reader is sent to the climb they named.
    let json = SMALL_QUIZ.replace(
        r#"{ "id": "top", "text": "At the top", "outcome": "high" }"#,
        r#"{ "id": "top", "text": "Rather not say", "outcome": null }"#,
    );
    let root = mount(
        Rc::new(parse_quiz(&json).unwrap()),
        Some(Session { step: Step::Result, answers: vec![Some(1), Some(1), Some(2), Some(2)], seed: None }),
        Theme::Light,
    )
    .await;
    assert!(texts(&root, ".tq-rung-here").is_empty(), "no stage given");
    assert_eq!(texts(&root, ".tq-next-heading"), ["The step you find hardest: The higher rung"]);
}

#[wasm_bindgen_test]
async fn a_right_to_left_quiz_sets_direction_and_language() {
    let json = SMALL_QUIZ.replacen("\"version\": 1,", "\"version\": 1, \"dir\": \"rtl\", \"locale\": \"ar\",", 1);
    let root = mount(Rc::new(parse_quiz(&json).unwrap()), None, Theme::Auto).await;
    assert_eq!(attribute(&root, ".tq-widget", "dir").as_deref(), Some("rtl"));
    assert_eq!(attribute(&root, ".tq-widget", "lang").as_deref(), Some("ar"));
}

#[wasm_bindgen_test]
async fn the_built_in_quiz_runs_without_configuration() {
    let root = fresh_element();
    let config = HostConfig { persist: false, ..HostConfig::default() };
    // embed.js's request for the built-in quiz's file, as it hands it over: here already answered.
    let text = JsValue::from_str(transition_quiz::quiz_core::default_quiz::DEFAULT_QUIZ_JSON);
    let props = AppProps {
        announcer: Rc::new(Announcer::new(root.clone(), &config)),
        config: Rc::new(config),
        base: "/".into(),
        early: Early { quiz: Some(js_sys::Promise::resolve(&text).into()), overrides: None, seed: None },
        on_status: Default::default(),
    };
    yew::Renderer::<App>::with_root_and_props(root.clone(), props).render();
    wait_for_selector(&root, ".tq-meta").await;
    assert_eq!(texts(&root, "h2"), ["Which climb is your mindset gap?"]);
    // As many questions as the stage shown the most is asked, counted here from the quiz itself.
    let quiz = transition_quiz::quiz_core::default_quiz::default_quiz().unwrap();
    let stage = quiz.stage_question().expect("the built-in quiz asks where the reader is");
    let most = (0..quiz.questions[stage].choices.len())
        .map(|choice| {
            quiz.questions.iter().filter(|q| q.shown_to.as_ref().is_none_or(|to| to.contains(&choice))).count()
        })
        .max()
        .unwrap();
    let minutes = (most * 10).div_ceil(60);
    assert_eq!(texts(&root, ".tq-meta"), [format!("{most} questions · about {minutes} min")]);
}

#[wasm_bindgen_test]
async fn mounting_keeps_the_fallback_until_the_stylesheet_loads_and_keeps_it_if_it_fails() {
    let host = fresh_element();
    host.set_inner_html("<a href='/quiz'>Take the quiz</a>");
    // Nothing is served at this base, so the stylesheet fails to load.
    embed::mount(host.clone(), "/no-such-folder/", None, None, None).unwrap();
    yew::scheduler::flush().await;

    let shadow = host.shadow_root().expect("the widget lives in an open shadow root");
    assert_eq!(host.get_attribute(STATE_ATTRIBUTE).as_deref(), Some("loading"));
    assert!(shadow.query_selector("slot").unwrap().is_some(), "the fallback shows through a slot while loading");
    assert!(shadow.query_selector(".tq-root").unwrap().is_none(), "the unstyled widget is not in the page yet");

    wait_for_attribute(&host, STATE_ATTRIBUTE, "error").await;
    assert!(shadow.query_selector("slot").unwrap().is_some(), "the fallback stays");
    assert_eq!(texts(&host, "a"), ["Take the quiz"]);

    assert!(embed::unmount(&host));
    assert!(!embed::unmount(&host), "a second unmount finds nothing");
    assert_eq!(shadow.inner_html(), "<slot></slot>");
}

/// Waits, without sleeping, until something under `root` matches `selector`: a
/// MutationObserver resolves the wait on the change itself (the quiz arrives in a task of its
/// own, after Yew's scheduler has run).
async fn wait_for_selector(root: &Element, selector: &str) {
    if root.query_selector(selector).unwrap().is_some() {
        return;
    }
    let (root, selector) = (root.clone(), selector.to_string());
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let observed = root.clone();
        let selector = selector.clone();
        let on_change =
            Closure::<dyn FnMut(js_sys::Array, MutationObserver)>::new(move |_records, observer: MutationObserver| {
                if observed.query_selector(&selector).unwrap().is_some() {
                    observer.disconnect();
                    let _ = resolve.call0(&JsValue::NULL);
                }
            });
        let observer = MutationObserver::new(on_change.as_ref().unchecked_ref()).unwrap();
        let options = MutationObserverInit::new();
        options.set_child_list(true);
        options.set_subtree(true);
        observer.observe_with_options(&root, &options).unwrap();
        on_change.forget();
    });
    JsFuture::from(promise).await.unwrap();
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
        let on_change =
            Closure::<dyn FnMut(js_sys::Array, MutationObserver)>::new(move |_records, observer: MutationObserver| {
                if observed.get_attribute(&name).as_deref() == Some(value.as_str()) {
                    observer.disconnect();
                    let _ = resolve.call0(&JsValue::NULL);
                }
            });
        let observer = MutationObserver::new(on_change.as_ref().unchecked_ref()).unwrap();
        let options = MutationObserverInit::new();
        options.set_attributes(true);
        observer.observe_with_options(&element, &options).unwrap();
        on_change.forget();
    });
    JsFuture::from(promise).await.unwrap();
}

#[wasm_bindgen_test]
async fn the_error_view_says_what_happened_and_offers_retry_only_when_it_can_help() {
    use std::cell::Cell;
    use transition_quiz::view::{ErrorView, ErrorViewProps, Trouble};

    let root = fresh_element();
    yew::Renderer::<ErrorView>::with_root_and_props(
        root.clone(),
        ErrorViewProps { theme: Theme::Dark, trouble: Trouble::Invalid, on_retry: yew::Callback::noop() },
    )
    .render();
    yew::scheduler::flush().await;
    assert_eq!(texts(&root, "[role=alert] p"), ["This quiz could not be started because its file has mistakes."]);
    assert!(texts(&root, "button").is_empty(), "no Retry for a quiz that is wrong");
    assert_eq!(attribute(&root, ".tq-widget", "data-theme").as_deref(), Some("dark"));

    let root = fresh_element();
    yew::Renderer::<ErrorView>::with_root_and_props(
        root.clone(),
        ErrorViewProps { theme: Theme::Auto, trouble: Trouble::Missing, on_retry: yew::Callback::noop() },
    )
    .render();
    yew::scheduler::flush().await;
    assert_eq!(texts(&root, "[role=alert] p"), ["This quiz could not be loaded because its file was not found."]);
    assert!(texts(&root, "button").is_empty(), "no Retry for a file the server does not have");

    let retried = Rc::new(Cell::new(0));
    let on_retry = {
        let retried = retried.clone();
        yew::Callback::from(move |()| retried.set(retried.get() + 1))
    };
    let root = fresh_element();
    yew::Renderer::<ErrorView>::with_root_and_props(
        root.clone(),
        ErrorViewProps { theme: Theme::Auto, trouble: Trouble::Unreachable, on_retry },
    )
    .render();
    yew::scheduler::flush().await;
    assert_eq!(texts(&root, "[role=alert] p"), ["The quiz could not be loaded. Check your connection and try again."]);
    click(&root, ".tq-retry", 0).await;
    assert_eq!(retried.get(), 1);
}
