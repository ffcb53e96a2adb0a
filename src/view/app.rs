//! The root of a mounted widget: gets the quiz (built in, inline or fetched), reports
//! its status to the mount, follows the page's theme, and turns session changes into
//! events for the page.

use std::rc::Rc;

use web_sys::Element;
use yew::prelude::*;

use crate::config::{HostConfig, QuizSource, Theme};
use crate::default_quiz::DEFAULT_QUIZ_JSON;
use crate::events::{QuizEvent, between};
use crate::fetch;
use crate::quiz::Quiz;
use crate::session::Session;
use crate::validate::{Problem, parse_quiz};
use crate::{host, page, saved, share, storage};

use super::{ErrorView, QuizApp};

/// What the widget can show, as the mount needs to know it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// Still getting the quiz.
    Loading,
    /// Showing the quiz with this key.
    Ready(String),
    /// Showing an error instead.
    Failed,
}

/// Props of [`App`].
#[derive(Properties, PartialEq)]
pub struct AppProps {
    /// The host element: events are dispatched on it.
    pub host: Element,
    /// The host's configuration.
    pub config: Rc<HostConfig>,
    /// Seconds a fetch of the quiz may take.
    pub timeout_seconds: u32,
    /// Told whenever the status changes.
    #[prop_or_default]
    pub on_status: Callback<Status>,
}

/// Getting the quiz.
#[derive(Debug, Clone, PartialEq)]
enum Load {
    Loading,
    Ready(Rc<Ready>),
    Failed(Rc<Failure>),
}

impl Load {
    /// The state after reading a quiz: ready to show, or failed.
    fn new(result: Result<Rc<Quiz>, Failure>, config: &HostConfig) -> Load {
        match result {
            Ok(quiz) => {
                host::set_crash_text(&quiz.ui.error_crash);
                Load::Ready(Rc::new(Ready::new(quiz, config)))
            }
            Err(failure) => Load::Failed(Rc::new(failure)),
        }
    }
}

/// A quiz ready to show, and where the reader starts in it.
#[derive(Debug, PartialEq)]
struct Ready {
    quiz: Rc<Quiz>,
    /// Names the quiz in storage, links and events.
    key: String,
    /// Where saved progress lives, when the host saves progress.
    storage_key: Option<String>,
    /// Where the reader starts: a shared result, saved progress, or `None` for the intro.
    initial: Option<Session>,
    /// Whether `initial` is a result someone shared.
    shared: bool,
}

impl Ready {
    /// Works out where the reader starts: a result shared in the page's address comes
    /// first, then saved progress. Anything that does not fit the quiz is dropped with a
    /// console warning, and saved progress from earlier versions of the quiz is removed.
    fn new(quiz: Rc<Quiz>, config: &HostConfig) -> Ready {
        let key = config.key.clone().unwrap_or_else(|| quiz.id.clone());
        let print = saved::fingerprint(&quiz);
        let storage_key = config.persist.then(|| saved::storage_key(&key, &print));
        if let Some(token) = share::token_in_address(&key) {
            match saved::decode_shared(&quiz, &token) {
                Ok(session) => return Ready { quiz, key, storage_key, initial: Some(session), shared: true },
                Err(why) => {
                    host::warn(&format!("ignored the shared result in this page's address: {}", why.describe()))
                }
            }
        }
        for other in share::foreign_keys_in_address(&key) {
            host::warn(&format!(
                "ignored the shared result in this page's address: it belongs to the quiz \"{other}\", and this page's quiz is \"{key}\""
            ));
        }
        let Some(storage_key) = storage_key else {
            return Ready { quiz, key, storage_key: None, initial: None, shared: false };
        };
        for stale in storage::keys(|other| saved::is_key_of(other, &key) && other != storage_key) {
            host::warn(&format!("removed saved progress for an earlier version of the quiz \"{key}\""));
            storage::remove(&stale);
        }
        let initial =
            storage::read(&storage_key).and_then(|text| match saved::decode_saved(&quiz, &text, storage::today()) {
                Ok(session) => Some(session),
                Err(why) => {
                    host::warn(&format!("discarded saved progress for \"{key}\" because {}", why.describe()));
                    storage::remove(&storage_key);
                    None
                }
            });
        Ready { quiz, key, storage_key: Some(storage_key), initial, shared: false }
    }
}

/// Why the quiz cannot be shown.
#[derive(Debug, PartialEq)]
struct Failure {
    /// The error event's kind.
    kind: &'static str,
    /// What went wrong, for the site owner.
    message: String,
    /// Whether trying again could help.
    retry: bool,
}

/// Parses quiz text, or reports every problem to the console with where it came from.
fn parse_or_report(text: &str, origin: &str) -> Result<Rc<Quiz>, Failure> {
    parse_quiz(text).map(Rc::new).map_err(|problems: Vec<Problem>| {
        let list: Vec<String> = problems.iter().map(|problem| format!("  {problem}")).collect();
        let noun = if problems.len() == 1 { "problem" } else { "problems" };
        let message = format!("the quiz {origin} has {} {noun}:\n{}", problems.len(), list.join("\n"));
        host::error(&message);
        Failure { kind: "invalid", message, retry: false }
    })
}

/// The widget on a host element.
#[component]
pub fn App(props: &AppProps) -> Html {
    let config = &props.config;
    // A built-in or inline quiz is read at once, so the first render already shows it; a
    // quiz with a URL is fetched by the effect below.
    let load = use_state(|| match &config.source {
        QuizSource::BuiltIn => Load::new(parse_or_report(DEFAULT_QUIZ_JSON, "built into the widget"), config),
        QuizSource::Inline(text) => {
            Load::new(parse_or_report(text, "inside the page's <script type=\"application/json\">"), config)
        }
        QuizSource::Url(_) => Load::Loading,
    });
    let attempt = use_state(|| 0u32);
    let page_theme = use_state(page::page_theme);

    // Fetch a quiz that has a URL, again on each Retry.
    {
        let load = load.clone();
        let config = config.clone();
        let timeout = props.timeout_seconds;
        use_effect_with(*attempt, move |_| {
            if let QuizSource::Url(url) = config.source.clone() {
                load.set(Load::Loading);
                wasm_bindgen_futures::spawn_local(async move {
                    let result = match fetch::quiz_text(&url, timeout).await {
                        Ok(text) => parse_or_report(&text, &format!("at {url}")),
                        Err(error) => {
                            let message = error.describe(&url);
                            host::error(&message);
                            Err(Failure { kind: error.kind(), message, retry: true })
                        }
                    };
                    load.set(Load::new(result, &config));
                });
            }
        });
    }

    // Tell the mount what is showing.
    {
        let on_status = props.on_status.clone();
        let host = props.host.clone();
        let config = config.clone();
        use_effect_with((*load).clone(), move |load| {
            on_status.emit(match load {
                Load::Loading => Status::Loading,
                Load::Ready(ready) => Status::Ready(ready.key.clone()),
                Load::Failed(failure) => {
                    let event = QuizEvent::Error { kind: failure.kind, message: failure.message.clone() };
                    host::emit(&host, config.key.as_deref().unwrap_or(""), config.analytics, &event);
                    Status::Failed
                }
            });
        });
    }

    // Follow the page's theme marks while the theme is auto.
    {
        let page_theme = page_theme.clone();
        use_effect_with(config.theme, move |theme| {
            let watcher =
                (*theme == Theme::Auto).then(|| page::watch_page_theme(move |theme| page_theme.set(theme))).flatten();
            move || drop(watcher)
        });
    }
    let theme = config.theme.resolve(*page_theme);

    match &*load {
        Load::Loading => html! {},
        Load::Failed(failure) => {
            let on_retry = failure.retry.then(|| {
                let attempt = attempt.clone();
                Callback::from(move |()| attempt.set(*attempt + 1))
            });
            html! { <ErrorView {theme} {on_retry} /> }
        }
        Load::Ready(ready) => {
            let on_change = {
                let host = props.host.clone();
                let ready = ready.clone();
                let analytics = config.analytics;
                Callback::from(move |(before, after): (Session, Session)| {
                    let events = between(&ready.quiz, &before, &after);
                    if let Some(storage_key) = &ready.storage_key {
                        // Retake clears saved progress; any other change is saved at once.
                        match events.contains(&QuizEvent::Restart) {
                            true => storage::remove(storage_key),
                            false => {
                                storage::write(storage_key, &saved::encode_saved(&ready.quiz, &after, storage::today()))
                            }
                        }
                    }
                    for event in &events {
                        host::emit(&host, &ready.key, analytics, event);
                    }
                })
            };
            html! {
                <QuizApp quiz={ready.quiz.clone()} quiz_key={ready.key.clone()} {theme}
                    initial={ready.initial.clone()} shared={ready.shared} {on_change} />
            }
        }
    }
}
