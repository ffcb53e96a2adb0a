//! The root of a mounted widget, at the browser's edge: composes the hooks that get the quiz
//! ([`crate::load`]), follow the page's theme ([`crate::page::use_theme`]) and report to a
//! results server ([`crate::report`]); tells the mount what shows; gives the view the page's
//! settings through a context ([`crate::view::Page`]); and on each change of the reader's
//! session saves progress and tells the page. It renders only through the view, which does
//! no I/O.

use std::rc::Rc;

use yew::prelude::*;

use crate::announce::Announcer;
use crate::load::{Load, Ready, use_quiz};
use crate::report::{Reporting, use_reporting};
use crate::reveal::Status;
use crate::view::{ErrorView, Page, QuizApp};
use crate::{page, storage};
use quiz_core::config::HostConfig;
use quiz_core::events::{QuizEvent, between};
use quiz_core::progress::encode_saved;
use quiz_core::session::Session;

pub use crate::load::Early;

/// Props of [`App`]: what the mount knows. They never change for a mounted widget.
#[derive(Properties)]
pub struct AppProps {
    /// Where the widget's events go, with the quiz key they carry.
    pub announcer: Rc<Announcer>,
    /// The host's configuration.
    pub config: Rc<HostConfig>,
    /// The folder embed.js was served from (the built-in quiz's file is there).
    pub base: AttrValue,
    /// What embed.js did before the wasm was here.
    pub early: Early,
    /// Told whenever the status changes.
    pub on_status: Callback<Status>,
}

impl PartialEq for AppProps {
    /// The mount renders the root once with its props: the same announcer is the same widget.
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.announcer, &other.announcer)
    }
}

/// The widget on a host element.
#[component]
pub fn App(props: &AppProps) -> Html {
    let config = &props.config;
    let (load, retry) = use_quiz(config.clone(), props.base.clone(), props.early.clone());
    let theme = page::use_theme(config.theme);
    let reporting = use_reporting(&load, config.results.clone());

    // Tell the mount what shows, and the page when the quiz cannot be shown.
    {
        let (on_status, announcer) = (props.on_status.clone(), props.announcer.clone());
        use_effect_with(load.clone(), move |load| {
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

    match &load {
        Load::Loading => html! {},
        Load::Failed(failure) => html! { <ErrorView {theme} trouble={failure.trouble} on_retry={retry} /> },
        Load::Ready(ready) => {
            let page = Rc::new(Page {
                key: ready.key.clone().into(),
                shared: ready.shared,
                comments_on_page: ready.comments_on_page,
                results_server: config.results.clone().map(AttrValue::from),
            });
            let on_change = on_change(ready.clone(), props.announcer.clone(), reporting.clone());
            html! {
                <ContextProvider<Rc<Page>> context={page}>
                    <QuizApp quiz={ready.quiz.clone()} {theme} initial={ready.initial.clone()} seed={ready.seed}
                        readers={reporting.readers()} {on_change} />
                </ContextProvider<Rc<Page>>>
            }
        }
    }
}

/// What each change of the reader's session means at the edge: the events it means go to
/// the results server and the page, and progress is saved (Retake clears it).
fn on_change(ready: Rc<Ready>, announcer: Rc<Announcer>, reporting: Reporting) -> Callback<(Session, Session)> {
    Callback::from(move |(before, after): (Session, Session)| {
        let events = between(&ready.quiz, &before, &after);
        reporting.changed(&ready, &events, &after);
        if let Some(storage_key) = &ready.storage_key {
            match events.contains(&QuizEvent::Restart) {
                true => storage::remove(storage_key),
                false => storage::write(storage_key, &encode_saved(&ready.quiz, &after, storage::today())),
            }
        }
        for event in &events {
            announcer.emit(event);
        }
    })
}
