//! transition-quiz: an embeddable quiz widget that tells a reader which career
//! transition (from salesperson to Chief Revenue Officer) is their likely mindset gap.
//!
//! This crate is the widget: the Yew view ([`view`]), which only renders, and the browser
//! edges, which carry out what the pure core ([`quiz_core`], its own crate with no browser
//! dependency) decides. [`mount`] (called by `embed.js`) puts a widget into a host's shadow
//! root and shows what [`reveal`] says; [`app`] is a widget's root, composing the hooks that
//! get the quiz ([`load`]), follow the page's theme and report to a results server; the rest
//! are small edges: events, console messages, fetching, the page, storage, sharing, and what
//! a panic does ([`crash`]). See `ARCHITECTURE.md`.

mod announce;
pub mod app;
pub mod author;
mod console;
mod crash;
mod fetch;
pub mod load;
pub mod mount;
mod page;
mod report;
pub mod reveal;
mod share;
mod storage;
#[cfg(feature = "test-hooks")]
pub mod test_hooks;
pub mod view;

/// The pure core, re-exported for the browser tests.
pub use quiz_core;

pub use announce::Announcer;
