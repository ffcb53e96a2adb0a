//! Getting a widget's quiz, as a hook ([`use_quiz`]): the host's quiz file, the built-in
//! quiz's file beside embed.js, or an inline quiz, with the host's overrides applied; then
//! where the reader starts ([`quiz_core::start`], from the page's address and storage). All
//! of it runs in an effect's task, never while rendering: the first render shows nothing
//! (the mount keeps the widget out of the page until it is ready), and Retry runs it again.

use std::rc::Rc;

use wasm_bindgen::JsValue;
use yew::prelude::*;

use crate::fetch::{self, File};
use crate::view::Trouble;
use crate::{console, crash, page, storage};
use quiz_core::NAMESPACE;
use quiz_core::config::{HostConfig, QuizSource};
use quiz_core::default_quiz::DEFAULT_QUIZ_FILE;
use quiz_core::quiz::Quiz;
use quiz_core::session::Session;
use quiz_core::start::{Surroundings, start};
use quiz_core::validate::{Problem, Reachability, parse_quiz_with};

/// What embed.js did before the wasm was here: its requests for the quiz and overrides
/// files (each a promise; see `fetch::quiz_text`), and the seed it drew the first screen with.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Early {
    /// The request for the quiz's file (`data-quiz-src`, or the built-in quiz's).
    pub quiz: Option<JsValue>,
    /// The request for `data-quiz-overrides`.
    pub overrides: Option<JsValue>,
    /// The reader's seed for shuffled choices, when embed.js drew them in its order.
    pub seed: Option<u32>,
}

/// Getting the quiz.
#[derive(Debug, Clone, PartialEq)]
pub enum Load {
    /// Not there yet.
    Loading,
    /// Ready to show.
    Ready(Rc<Ready>),
    /// It cannot be shown.
    Failed(Rc<Failure>),
}

/// A quiz ready to show, and where the reader starts in it.
#[derive(Debug, PartialEq)]
pub struct Ready {
    /// The quiz.
    pub quiz: Rc<Quiz>,
    /// A seed for a reader who starts on the first screen (see `quiz_core::shuffle`).
    pub seed: u32,
    /// Names the quiz in storage, links and events.
    pub key: String,
    /// Where saved progress lives, when the host saves progress.
    pub storage_key: Option<String>,
    /// Where the reader starts: a shared result, saved progress, or `None` for the first screen.
    pub initial: Option<Session>,
    /// Whether `initial` is a result someone shared.
    pub shared: bool,
    /// Whether the page has the comment section the quiz invites readers to.
    pub comments_on_page: bool,
}

/// Why the quiz cannot be shown.
#[derive(Debug, PartialEq)]
pub struct Failure {
    /// The error event's kind.
    pub kind: &'static str,
    /// What went wrong, for the site owner.
    pub message: String,
    /// What the reader is told, and whether trying again could help.
    pub trouble: Trouble,
}

/// The host's quiz: loading at first, then ready or failed; and a callback that tries again.
#[hook]
pub fn use_quiz(config: Rc<HostConfig>, base: AttrValue, early: Early) -> (Load, Callback<()>) {
    let load = use_state(|| Load::Loading);
    let attempt = use_state(|| 0u32);
    {
        let load = load.clone();
        use_effect_with(*attempt, move |attempt| {
            // embed.js's requests serve the first attempt; a Retry fetches again.
            let early = if *attempt == 0 { early } else { Early { seed: early.seed, ..Early::default() } };
            load.set(Load::Loading);
            wasm_bindgen_futures::spawn_local(async move {
                load.set(match read(&config, &base, early).await {
                    Ok(ready) => Load::Ready(Rc::new(ready)),
                    Err(failure) => Load::Failed(Rc::new(failure)),
                });
            });
        });
    }
    let retry = Callback::from(move |()| attempt.set(*attempt + 1));
    ((*load).clone(), retry)
}

/// Reads the quiz, applies its overrides, and decides where the reader starts.
async fn read(config: &HostConfig, base: &str, early: Early) -> Result<Ready, Failure> {
    let timeout = config.timeout_seconds;
    let (text, origin) = match &config.source {
        QuizSource::Url(url) => {
            (fetch_file(url, timeout, early.quiz, File::Quiz).await?, ["the quiz at ", url].concat())
        }
        QuizSource::BuiltIn => {
            let url = [base, DEFAULT_QUIZ_FILE].concat();
            let text = fetch_file(&url, timeout, early.quiz, File::BuiltIn).await?;
            (text, ["the built-in quiz at ", &url].concat())
        }
        QuizSource::Inline(text) => {
            (text.clone(), "the quiz inside the page's <script type=\"application/json\">".to_string())
        }
    };
    // A reader's page runs the bounded reachability check, so even the largest quiz the
    // format allows validates in milliseconds; the exact proof is the authors' (playground,
    // checker).
    let mut quiz = parse_quiz_with(&text, Reachability::Bounded).map_err(|problems| invalid(&problems, &origin))?;
    if let Some(url) = &config.overrides {
        let text = fetch_file(url, timeout, early.overrides, File::Overrides).await?;
        quiz = quiz_core::overrides::apply(quiz, &text)
            .map_err(|problems| invalid(&problems, &["the overrides file at ", url].concat()))?;
    }
    crash::set_text(&quiz.ui.error_crash);
    Ok(ready(Rc::new(quiz), config, early.seed))
}

/// Reads what the page and storage hold, lets the core decide where the reader starts, and
/// carries out its removals and warnings.
fn ready(quiz: Rc<Quiz>, config: &HostConfig, seed: Option<u32>) -> Ready {
    // The reader's order of shuffled choices: embed.js's, when it drew them, else drawn
    // here, at the edge, and carried by the session (saved with progress) from then on.
    let seed = seed.unwrap_or_else(page::random_seed);
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

/// A file that is not what it should be: every problem, in the console, and the failure.
fn invalid(problems: &[Problem], what: &str) -> Failure {
    let noun = if problems.len() == 1 { " problem:" } else { " problems:" };
    let mut message = [what, " has ", &problems.len().to_string(), noun].concat();
    for problem in problems {
        message.push_str("\n  ");
        message.push_str(&problem.to_string());
    }
    console::error(&message);
    Failure { kind: "invalid", message, trouble: Trouble::Invalid }
}

/// The text of a host's file at `url`, or the failure to show (reported in the console).
async fn fetch_file(url: &str, timeout: u32, early: Option<JsValue>, file: File) -> Result<String, Failure> {
    fetch::quiz_text(url, timeout, early).await.map_err(|error| {
        let message = error.describe(url, file);
        console::error(&message);
        // A file the server does not have or refuses stays so: no Retry.
        let trouble = if error.is_transient() { Trouble::Unreachable } else { Trouble::Missing };
        Failure { kind: error.kind(), message, trouble }
    })
}
