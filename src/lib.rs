//! transition-quiz: an embeddable quiz widget that tells a reader which career
//! transition (from salesperson to Chief Revenue Officer) is their likely mindset gap.
//!
//! This crate is the widget: the Yew view ([`view`]), which only renders, and the browser
//! edges, which carry out what the pure core ([`quiz_core`], its own crate with no browser
//! dependency) decides: mounting into a host's shadow root ([`embed`], called by
//! `embed.js`), the widget's root ([`widget`]: getting the quiz, starting, saving, telling
//! the page), events and console messages, fetching quiz files, the page's focus, scrolling
//! and theme, storage, and sharing. See `ARCHITECTURE.md`.

mod announce;
mod console;
pub mod embed;
mod fetch;
mod page;
mod report;
mod share;
mod storage;
pub mod view;
pub mod widget;

/// The pure core, re-exported for the browser tests.
pub use quiz_core;

pub use announce::Announcer;
