//! transition-quiz: an embeddable quiz widget that tells a reader which career
//! transition (from salesperson to Chief Revenue Officer) is their likely mindset gap.
//!
//! The crate is split in two layers (see `ARCHITECTURE.md`):
//!
//! - a pure core ([`session`]) that knows nothing about browsers and is tested natively;
//! - the browser edge: the Yew view ([`view`]) and the embedding entry points ([`embed`])
//!   that `embed.js` calls to mount the widget into a host element's shadow root.

pub mod config;
pub mod default_quiz;
pub mod embed;
pub mod events;
pub mod fetch;
pub mod host;
pub mod json;
pub mod page;
pub mod quiz;
pub mod reach;
pub mod saved;
pub mod scoring;
pub mod session;
pub mod share;
pub mod storage;
pub mod text;
pub mod validate;
pub mod view;

#[cfg(test)]
mod schema;
#[cfg(test)]
mod test_quiz;
