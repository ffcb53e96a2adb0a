//! quiz-core: everything transition-quiz knows about quizzes and readers, with no browser,
//! no network and no I/O: the JSON reader, the quiz format and its validation, overrides that
//! make a quiz a site owner's own, scoring, the reader's session and the events its changes
//! mean, a host's configuration with every default, saved progress and shared links, and the
//! built-in quizzes.
//!
//! The widget (the crate at the repository's root) renders what this crate decides and
//! carries out its I/O at the browser's edge; the quiz checker (`crates/check-quiz`) and the
//! results server build on it too. It has no dependencies, so it cannot reach the browser.
//!
//! ```
//! use quiz_core::{default_quiz::default_quiz, scoring::diagnose};
//!
//! let quiz = default_quiz().expect("the built-in quiz is valid");
//! // Nothing answered: no clear gap, and nothing is claimed.
//! let diagnosis = diagnose(&quiz, &vec![None; quiz.questions.len()]);
//! assert_eq!(diagnosis.gap, None);
//! ```

pub mod answers;
pub mod api;
pub mod config;
pub mod default_quiz;
pub mod events;
pub mod fingerprint;
pub mod json;
pub mod overrides;
pub mod progress;
pub mod quiz;
pub mod reach;
pub mod report;
pub mod rules;
pub mod scoring;
pub mod session;
pub mod share_link;
pub mod shuffle;
pub mod start;
pub mod text;
pub mod validate;

pub use rules::NAMESPACE;

#[cfg(test)]
mod schema;
#[cfg(test)]
mod test_quiz;
