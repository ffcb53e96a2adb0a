//! embed.js's templates of the first screen, rendered from the Yew components themselves
//! (Yew's server renderer, natively), and the test that they are up to date.
//!
//! embed.js draws the reader's first screen before the widget's wasm arrives. It does not
//! write that markup by hand: it fills the templates in `src/early-templates.json`, which
//! this file makes by rendering [`QuizApp`] on the first screen of quizzes whose texts are
//! markers (`{{title}}`, `{{prompt}}`...), and cutting the result where the markers, the
//! attributes that differ between renders (theme, direction) and the choices are. The test
//! below renders them again and fails when they differ from the file: a change to a
//! component that reaches the first screen must regenerate them, with
//!
//! ```sh
//! UPDATE_TEMPLATES=1 cargo test -p transition-quiz --test early
//! ```
//!
//! The rules the drawing needs to fill them (how many questions, the minutes, `{count}`,
//! the theme, the order of shuffled choices, whether to draw at all) are not here but in
//! `quiz_core::rules`, which embed.js runs compiled into a small wasm module inside it.
#![cfg(not(target_arch = "wasm32"))]

use std::rc::Rc;

use transition_quiz::quiz_core::quiz::Quiz;
use transition_quiz::quiz_core::validate::parse_quiz;
use transition_quiz::view::{QuizApp, QuizAppProps, Theme};

/// Where the templates live (scripts/post-build.mjs puts them into embed.js).
const TEMPLATES: &str = "src/early-templates.json";

/// A text the renderer leaves as it is and that no real text contains: the hole `name`.
fn marker(name: &str) -> String {
    format!("\u{e000}{name}\u{e001}")
}

/// A stand-in for the locale, a well-formed language tag that appears nowhere else.
const LOCALE: &str = "qqlocaleqq";

/// A quiz (format version 1: one answer can make a result, so a single question reaches both
/// outcomes) whose texts are markers: its first question has `choices` choices, and `help`
/// or not; a second question follows unless `last`.
fn marker_quiz(choices: usize, help: bool, last: bool, dir: &str) -> Quiz {
    let choice = |idx: usize| {
        let outcome = if idx.is_multiple_of(2) { "a" } else { "b" };
        format!(r#"{{ "id": "c{idx}", "text": "{}", "weights": {{ "{outcome}": 1 }} }}"#, marker("text"))
    };
    let first = format!(
        r#"{{ "id": "q0", "prompt": "{}", {} "choices": [{}] }}"#,
        marker("prompt"),
        if help { format!(r#""help": "{}","#, marker("help")) } else { String::new() },
        (0..choices).map(choice).collect::<Vec<_>>().join(",")
    );
    let second = r#"{ "id": "q1", "prompt": "Next?", "choices": [
        { "id": "a", "text": "A", "weights": { "a": 1 } }, { "id": "b", "text": "B", "weights": { "b": 1 } } ] }"#;
    let outcome =
        |id: &str| format!(r#"{{ "id": "{id}", "label": "L{id}", "shift": "S", "summary": "S", "actions": ["A"] }}"#);
    let text = format!(
        r#"{{ "version": 1, "id": "early", "locale": "{LOCALE}", "dir": "{dir}", "title": "{}", "intro": "{}",
            "outcomes": [{}, {}], "questions": [{first}{}],
            "ui": {{ "duration": "{}", "step_announcement": "{}", "see_result": "{}" }} }}"#,
        marker("title"),
        marker("lead"),
        outcome("a"),
        outcome("b"),
        if last { String::new() } else { format!(",{second}") },
        marker("meta"),
        marker("live"),
        marker("see_result"),
    );
    parse_quiz(&text).unwrap_or_else(|problems| panic!("the marker quiz is not valid: {problems:?}"))
}

/// The widget's first screen for `quiz`, as Yew's server renderer writes it.
fn render(quiz: Quiz, theme: Theme) -> String {
    let props = move || QuizAppProps {
        quiz: Rc::new(quiz),
        theme,
        initial: None,
        seed: None,
        readers: None,
        on_change: Default::default(),
    };
    futures_executor::block_on(yew::ServerRenderer::<QuizApp>::with_props(props).hydratable(false).render())
}

/// Where `a` and `b` differ, as (start, end in `a`, end in `b`): one changed stretch.
fn changed(a: &str, b: &str) -> (usize, usize, usize) {
    let start = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    let same_end = a[start..].bytes().rev().zip(b[start..].bytes().rev()).take_while(|(x, y)| x == y).count();
    (start, a.len() - same_end, b.len() - same_end)
}

/// `html` with the stretch where it differs from `other` (an attribute's value that the
/// two renders set differently) replaced by the hole `name`.
fn hole_where_they_differ(html: &str, other: &str, name: &str) -> String {
    let (start, end, _) = changed(html, other);
    assert!(start < end, "the renders for {{{{{name}}}}} do not differ");
    format!("{}{{{{{name}}}}}{}", &html[..start], &html[end..])
}

/// Where the end tag that closes `depth` open `name` elements starts, reading `html` from
/// `at` (elements counted by name).
fn closing_tag(html: &str, name: &str, mut at: usize, mut depth: usize) -> usize {
    let (open, close) = (format!("<{name}"), format!("</{name}>"));
    loop {
        let next_open = html[at..].find(&open).map(|idx| at + idx);
        let next_close = at + html[at..].find(&close).expect("the element is closed");
        match next_open {
            Some(open_at) if open_at < next_close => {
                depth += 1;
                at = open_at + open.len();
            }
            _ => {
                depth -= 1;
                if depth == 0 {
                    return next_close;
                }
                at = next_close + close.len();
            }
        }
    }
}

/// The byte range of the content of the element whose start tag contains `marker_attribute`:
/// from after its start tag to before its matching end tag.
fn content_of(html: &str, marker_attribute: &str) -> (usize, usize) {
    let attribute = html.find(marker_attribute).unwrap_or_else(|| panic!("no {marker_attribute} in {html}"));
    let tag_start = html[..attribute].rfind('<').unwrap();
    let name: String = html[tag_start + 1..].chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
    let content_start = attribute + html[attribute..].find('>').unwrap() + 1;
    (content_start, closing_tag(html, &name, content_start, 1))
}

/// The top-level elements of `content`, each as its text.
fn children(content: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = content;
    while let Some(start) = rest.find('<') {
        let element_end = element_end(&rest[start..]);
        out.push(&rest[start..start + element_end]);
        rest = &rest[start + element_end..];
    }
    out
}

/// The length of the element at the start of `html`, up to and including its end tag.
fn element_end(html: &str) -> usize {
    let name: String = html[1..].chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
    closing_tag(html, &name, 1 + name.len(), 1) + format!("</{name}>").len()
}

/// The templates, as the JSON file holds them.
fn templates() -> String {
    // The screen for each combination of what a first question may have: help or not, and
    // whether it is the quiz's only question (then See my result shows, waiting).
    let mut screens = Vec::new();
    let mut choice_templates = None;
    for (name, help, last) in
        [("plain", false, false), ("help", true, false), ("last", false, true), ("help last", true, true)]
    {
        let html = render(marker_quiz(2, help, last, "ltr"), Theme::Light);
        let html = hole_where_they_differ(&html, &render(marker_quiz(2, help, last, "ltr"), Theme::Dark), "theme");
        let rtl = hole_where_they_differ(
            &render(marker_quiz(2, help, last, "rtl"), Theme::Light),
            &render(marker_quiz(2, help, last, "rtl"), Theme::Dark),
            "theme",
        );
        let html = hole_where_they_differ(&html, &rtl, "dir");
        // The choices: the radio group's children, the first shown (the one Tab stop) and
        // any other; the group's content becomes the hole {{choices}}.
        let (start, end) = content_of(&html, "role=\"radiogroup\"");
        let shown = children(&html[start..end]);
        assert_eq!(shown.len(), 2, "two choices rendered: {shown:?}");
        let pair = (shown[0].to_string(), shown[1].to_string());
        match &choice_templates {
            None => choice_templates = Some(pair),
            Some(known) => assert_eq!(known, &pair, "the choices render alike on every screen"),
        }
        let html = format!("{}{{{{choices}}}}{}", &html[..start], &html[end..]);
        screens.push((name, html));
    }
    let (first, other) = choice_templates.unwrap();
    let fill_holes = |html: &str| {
        let mut html = html.replace(LOCALE, "{{lang}}");
        for name in ["title", "lead", "meta", "prompt", "help", "text", "live", "see_result"] {
            html = html.replace(&marker(name), &format!("{{{{{name}}}}}"));
        }
        assert!(!html.contains('\u{e000}'), "a marker was left: {html}");
        html
    };
    let quote = |text: &str| transition_quiz::quiz_core::json::quoted(&fill_holes(text));
    let screens: Vec<String> =
        screens.iter().map(|(name, html)| format!("    {}: {}", quote(name), quote(html))).collect();
    format!(
        "{{\n  \"choice\": {{\n    \"first\": {},\n    \"other\": {}\n  }},\n  \"screens\": {{\n{}\n  }}\n}}\n",
        quote(&first),
        quote(&other),
        screens.join(",\n")
    )
}

#[test]
fn the_first_screens_templates_are_rendered_from_the_components_and_up_to_date() {
    let made = templates();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(TEMPLATES);
    if std::env::var_os("UPDATE_TEMPLATES").is_some() {
        std::fs::write(&path, &made).unwrap();
    }
    let saved = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        saved == made,
        "{TEMPLATES} is not what the components render now: run UPDATE_TEMPLATES=1 cargo test -p transition-quiz --test early, and rebuild embed.js (make dist)"
    );
    // What embed.js relies on: every hole it fills, and nothing of a second question.
    for hole in [
        "{{lang}}",
        "{{dir}}",
        "{{theme}}",
        "{{title}}",
        "{{lead}}",
        "{{meta}}",
        "{{prompt}}",
        "{{choices}}",
        "{{live}}",
    ] {
        assert!(made.matches(hole).count() >= 4, "{hole} is in every screen");
    }
    assert!(!made.contains("Next?"), "only the first question is drawn");
}
