//! The root of a mounted widget, at the browser's edge: gets the quiz (built in, inline or
//! fetched, with the host's overrides applied), carries out where the core says the reader
//! starts, reports its status to the
//! mount, follows the page's theme, saves progress and tells the page of each change. It
//! renders only through the view (`crate::view`), which does no I/O.

use std::rc::Rc;

use yew::prelude::*;

use crate::announce::Announcer;
use crate::{console, fetch, page, report, storage};
use quiz_core::NAMESPACE;
use quiz_core::config::{HostConfig, QuizSource, Theme};
use quiz_core::default_quiz::DEFAULT_QUIZ_JSON;
use quiz_core::events::{QuizEvent, between};
use quiz_core::progress::encode_saved;
use quiz_core::quiz::Quiz;
use quiz_core::report::{Panel, Readers, read_summary};
use quiz_core::scoring::diagnose;
use quiz_core::session::Session;
use quiz_core::session::Step;
use quiz_core::start::{Surroundings, start};
use quiz_core::validate::{Problem, Reachability, parse_quiz_with};

use crate::view::{ErrorView, QuizApp, Trouble};

/// What the widget can show, as the mount needs to know it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// Still getting the quiz.
    Loading,
    /// Showing the quiz.
    Ready,
    /// Showing an error instead.
    Failed,
}

/// Props of [`App`].
#[derive(Properties, PartialEq)]
pub struct AppProps {
    /// Where the widget's events go, with the quiz key they carry.
    pub announcer: Rc<Announcer>,
    /// The host's configuration.
    pub config: Rc<HostConfig>,
    /// Told whenever the status changes.
    #[prop_or_default]
    pub on_status: Callback<Status>,
    /// embed.js's request for the `data-quiz-src` file, when it made one: the first attempt
    /// (see `fetch::quiz_text`).
    #[prop_or_default]
    pub early_text: Option<wasm_bindgen::JsValue>,
    /// embed.js's request for the `data-quiz-overrides` file, when it made one.
    #[prop_or_default]
    pub early_overrides: Option<wasm_bindgen::JsValue>,
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
    fn new(result: Result<Quiz, Failure>, config: &HostConfig) -> Load {
        match result {
            Ok(quiz) => {
                crate::embed::set_crash_text(&quiz.ui.error_crash);
                Load::Ready(Rc::new(Ready::new(Rc::new(quiz), config)))
            }
            Err(failure) => Load::Failed(Rc::new(failure)),
        }
    }
}

/// A quiz ready to show, and where the reader starts in it.
#[derive(Debug, PartialEq)]
struct Ready {
    quiz: Rc<Quiz>,
    /// A seed for a reader who starts at the intro (see `quiz_core::shuffle`).
    seed: u32,
    /// Names the quiz in storage, links and events.
    key: String,
    /// Where saved progress lives, when the host saves progress.
    storage_key: Option<String>,
    /// Where the reader starts: a shared result, saved progress, or `None` for the intro.
    initial: Option<Session>,
    /// Whether `initial` is a result someone shared.
    shared: bool,
    /// Whether the page has the comment section the quiz invites readers to.
    comments_on_page: bool,
}

impl Ready {
    /// Reads what the page and storage hold, lets the core decide where the reader starts
    /// ([`quiz_core::start`]), and carries out its removals and warnings.
    fn new(quiz: Rc<Quiz>, config: &HostConfig) -> Ready {
        // The reader's order of shuffled choices: drawn here, at the edge, and carried by
        // the session (saved with progress) from then on.
        let seed = page::random_seed();
        let fragment = page::fragment();
        let stored = if config.persist { storage::entries(NAMESPACE) } else { Vec::new() };
        let around = Surroundings {
            fragment: &fragment,
            hosts_on_page: page::hosts_on_page(),
            stored: &stored,
            today: storage::today(),
            seed: Some(seed),
        };
        let start = start(&quiz, config, &around);
        for warning in &start.warnings {
            console::warn(warning);
        }
        for key in &start.remove {
            storage::remove(key);
        }
        let comments_on_page = quiz.comments.as_ref().is_some_and(|comments| page::find(&comments.selector).is_some());
        Ready {
            quiz,
            seed,
            key: start.key,
            storage_key: start.storage_key,
            initial: start.initial,
            shared: start.shared,
            comments_on_page,
        }
    }
}

/// Why the quiz cannot be shown.
#[derive(Debug, PartialEq)]
struct Failure {
    /// The error event's kind.
    kind: &'static str,
    /// What went wrong, for the site owner.
    message: String,
    /// What the reader is told, and whether trying again could help.
    trouble: Trouble,
}

/// Parses quiz text, or reports every problem to the console with where it came from. A
/// reader's page runs the bounded reachability check, so even the largest quiz the format
/// allows validates in milliseconds; the exact proof is the authors' (playground, checker).
fn parse_or_report(text: &str, origin: &str) -> Result<Quiz, Failure> {
    parse_quiz_with(text, Reachability::Bounded).map_err(|problems| invalid(&problems, &format!("the quiz {origin}")))
}

/// Applies the overrides in `text` (from `url`) to `quiz`, or reports every problem.
fn apply_or_report(quiz: Quiz, text: &str, url: &str) -> Result<Quiz, Failure> {
    quiz_core::overrides::apply(quiz, text)
        .map_err(|problems| invalid(&problems, &format!("the overrides file at {url}")))
}

/// A file that is not what it should be: every problem, in the console, and the failure.
fn invalid(problems: &[Problem], what: &str) -> Failure {
    let list: Vec<String> = problems.iter().map(|problem| format!("  {problem}")).collect();
    let noun = if problems.len() == 1 { "problem" } else { "problems" };
    let message = format!("{what} has {} {noun}:\n{}", problems.len(), list.join("\n"));
    console::error(&message);
    Failure { kind: "invalid", message, trouble: Trouble::Invalid }
}

/// Whether the host's quiz needs a file fetched first: a quiz with a URL, or overrides.
fn fetches(config: &HostConfig) -> bool {
    config.overrides.is_some() || matches!(config.source, QuizSource::Url(_))
}

/// The quiz a host names when it can be read at once (built in or inline, without
/// overrides); `None` when it must be fetched first.
fn read_at_once(config: &HostConfig) -> Option<Result<Quiz, Failure>> {
    match (&config.source, fetches(config)) {
        (_, true) | (QuizSource::Url(_), _) => None,
        (QuizSource::BuiltIn, false) => Some(parse_or_report(DEFAULT_QUIZ_JSON, "built into the widget")),
        (QuizSource::Inline(text), false) => Some(parse_or_report(text, INLINE)),
    }
}

/// Where an inline quiz is, for the console.
const INLINE: &str = "inside the page's <script type=\"application/json\">";

/// The text of a host's file at `url`, or the failure to show (reported in the console).
async fn fetch_file(
    url: &str,
    timeout: u32,
    early: Option<wasm_bindgen::JsValue>,
    file: fetch::File,
) -> Result<String, Failure> {
    fetch::quiz_text(url, timeout, early).await.map_err(|error| {
        let message = error.describe(url, file);
        console::error(&message);
        // A file the server does not have or refuses stays so: no Retry.
        let trouble = if error.is_transient() { Trouble::Unreachable } else { Trouble::Missing };
        Failure { kind: error.kind(), message, trouble }
    })
}

/// The host's quiz, fetched if it has a URL, with its overrides fetched and applied if it
/// has any. `early` holds embed.js's first requests for the two files, if it made them.
async fn fetch_quiz(
    config: &HostConfig,
    early_quiz: Option<wasm_bindgen::JsValue>,
    early_overrides: Option<wasm_bindgen::JsValue>,
) -> Result<Quiz, Failure> {
    let timeout = config.timeout_seconds;
    let quiz = match &config.source {
        QuizSource::Url(url) => {
            let text = fetch_file(url, timeout, early_quiz, fetch::File::Quiz).await?;
            parse_or_report(&text, &format!("at {url}"))?
        }
        QuizSource::BuiltIn => parse_or_report(DEFAULT_QUIZ_JSON, "built into the widget")?,
        QuizSource::Inline(text) => parse_or_report(text, INLINE)?,
    };
    let Some(url) = &config.overrides else { return Ok(quiz) };
    let text = fetch_file(url, timeout, early_overrides, fetch::File::Overrides).await?;
    apply_or_report(quiz, &text, url)
}

/// The widget on a host element.
#[component]
pub fn App(props: &AppProps) -> Html {
    let config = &props.config;
    // A built-in or inline quiz is read at once, so the first render already shows it; a
    // quiz with a URL, or with overrides, is fetched by the effect below.
    let load = use_state(|| match read_at_once(config) {
        Some(result) => Load::new(result, config),
        None => Load::Loading,
    });
    let attempt = use_state(|| 0u32);
    let page_theme = use_state(page::page_theme);
    // How other readers answered, once the results server says (with `data-results`).
    let readers = use_state(|| None::<Rc<Readers>>);
    // The number of the question a reader is on mid-quiz (from 1, among those they are
    // shown), for the beacon if they leave; `None` before they start, once they finish, and
    // once the beacon is sent.
    let mid_quiz = use_mut_ref(|| None::<usize>);

    // With a results server: send what earlier visits could not, report where a reader who
    // leaves mid-quiz stopped, and show the panel for a result shown at once (a shared link,
    // or a reload on the result).
    {
        let (readers, mid_quiz) = (readers.clone(), mid_quiz.clone());
        let server = config.results.clone();
        use_effect_with((*load).clone(), move |load| {
            let listener = match (load, server) {
                (Load::Ready(ready), Some(server)) => start_reporting(ready, server, readers, mid_quiz),
                _ => None,
            };
            move || drop(listener)
        });
    }

    // Fetch a quiz that has a URL or overrides, again on each Retry.
    {
        let load = load.clone();
        let config = config.clone();
        // embed.js's requests serve the first attempt; a Retry fetches again.
        let (early_text, early_overrides) = (props.early_text.clone(), props.early_overrides.clone());
        use_effect_with(*attempt, move |attempt| {
            if fetches(&config) {
                load.set(Load::Loading);
                let first = *attempt == 0;
                let (early_text, early_overrides) = (early_text.filter(|_| first), early_overrides.filter(|_| first));
                wasm_bindgen_futures::spawn_local(async move {
                    let result = fetch_quiz(&config, early_text, early_overrides).await;
                    load.set(Load::new(result, &config));
                });
            }
        });
    }

    // Tell the mount what is showing.
    {
        let on_status = props.on_status.clone();
        let announcer = props.announcer.clone();
        use_effect_with((*load).clone(), move |load| {
            on_status.emit(match load {
                Load::Loading => Status::Loading,
                Load::Ready(ready) => {
                    announcer.set_key(&ready.key);
                    Status::Ready
                }
                Load::Failed(failure) => {
                    announcer.emit(&QuizEvent::Error { kind: failure.kind, message: failure.message.clone() });
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
            let on_retry = {
                let attempt = attempt.clone();
                Callback::from(move |()| attempt.set(*attempt + 1))
            };
            html! { <ErrorView {theme} trouble={failure.trouble} {on_retry} /> }
        }
        Load::Ready(ready) => {
            let on_change = {
                let announcer = props.announcer.clone();
                let ready = ready.clone();
                let (readers, mid_quiz) = (readers.clone(), mid_quiz.clone());
                let server = config.results.clone();
                Callback::from(move |(before, after): (Session, Session)| {
                    let events = between(&ready.quiz, &before, &after);
                    if let Some(server) = &server {
                        tell_server(server, &ready, &events, &after, &readers);
                        *mid_quiz.borrow_mut() = match after.step {
                            Step::Question(question_idx) => {
                                Some(ready.quiz.question_number(question_idx, &after.answers))
                            }
                            Step::Intro | Step::Result => None,
                        };
                    }
                    if let Some(storage_key) = &ready.storage_key {
                        // Retake clears saved progress; any other change is saved at once.
                        match events.contains(&QuizEvent::Restart) {
                            true => storage::remove(storage_key),
                            false => storage::write(storage_key, &encode_saved(&ready.quiz, &after, storage::today())),
                        }
                    }
                    for event in &events {
                        announcer.emit(event);
                    }
                })
            };
            html! {
                <QuizApp quiz={ready.quiz.clone()} quiz_key={ready.key.clone()} {theme}
                    initial={ready.initial.clone()} seed={ready.seed} shared={ready.shared}
                    comments_on_page={ready.comments_on_page} readers={(*readers).clone()}
                    results_server={config.results.clone().map(AttrValue::from)} {on_change} />
            }
        }
    }
}

/// Tells the results server what a change of session means: a start, or a completion (then
/// the panel shows how other readers answered); Retake hides the panel. Nothing is sent when
/// the reader's browser asks for no tracking (Global Privacy Control).
fn tell_server(
    server: &str,
    ready: &Rc<Ready>,
    events: &[QuizEvent],
    after: &Session,
    readers: &UseStateHandle<Option<Rc<Readers>>>,
) {
    let sending = report::allowed();
    for event in events {
        match event {
            QuizEvent::Start if sending => report::started(server, &ready.quiz, &ready.key),
            QuizEvent::Complete { .. } => {
                let (server, ready, answers, readers) =
                    (server.to_string(), ready.clone(), after.answers.clone(), readers.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    if sending {
                        report::completed(&server, &ready.quiz, &ready.key, &answers, ready.storage_key.is_some())
                            .await;
                    }
                    show_readers(server, ready, answers, readers);
                });
            }
            QuizEvent::Restart => readers.set(None),
            _ => {}
        }
    }
}

/// Fetches the server's summary and, when it is usable, shows the panel for these answers.
fn show_readers(
    server: String,
    ready: Rc<Ready>,
    answers: Vec<Option<usize>>,
    readers: UseStateHandle<Option<Rc<Readers>>>,
) {
    wasm_bindgen_futures::spawn_local(async move {
        let Some(text) = report::summary(&server, &ready.key).await else { return };
        let diagnosis = diagnose(&ready.quiz, &answers);
        match read_summary(&text, &ready.quiz, &diagnosis) {
            Panel::Figures(figures) => readers.set(Some(Rc::new(figures))),
            Panel::NotEnough => {}
            Panel::Unusable => report::unusable_summary(&server),
        }
    });
}

/// Once the quiz is ready, with a results server: sends what earlier visits could not, shows
/// the panel for a result shown at once, and returns the listener that sends where a reader
/// who leaves mid-quiz stopped (none when the reader's browser asks for no tracking).
fn start_reporting(
    ready: &Rc<Ready>,
    server: String,
    readers: UseStateHandle<Option<Rc<Readers>>>,
    mid_quiz: Rc<std::cell::RefCell<Option<usize>>>,
) -> Option<gloo::events::EventListener> {
    let sending = report::allowed();
    if sending {
        report::send_pending();
    }
    if let Some(initial) = ready.initial.as_ref().filter(|session| session.step == Step::Result) {
        show_readers(server.clone(), ready.clone(), initial.answers.clone(), readers);
    }
    let ready = ready.clone();
    sending.then(|| {
        gloo::events::EventListener::new(&gloo::utils::document(), "visibilitychange", move |_| {
            let hidden = gloo::utils::document().visibility_state() == web_sys::VisibilityState::Hidden;
            if let (true, Some(step)) = (hidden, mid_quiz.borrow_mut().take()) {
                report::stopped(&server, &ready.quiz, &ready.key, step);
            }
        })
    })
}
