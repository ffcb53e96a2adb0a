//! Hooks for the end-to-end tests, compiled only into the test build (`--features
//! test-hooks`, `make dist-test`), never into the release a site owner gets: making a
//! widget panic on purpose (crash containment), and timing a reader's validation of the
//! largest quiz (the benchmark).

use std::cell::Cell;

use wasm_bindgen::prelude::*;

thread_local! {
    /// Set by [`debug_panic_on_next_render`].
    static PANIC_REQUESTED: Cell<bool> = const { Cell::new(false) };
}

/// Makes the next render of this instance's widget panic.
#[wasm_bindgen]
pub fn debug_panic_on_next_render() {
    PANIC_REQUESTED.with(|requested| requested.set(true));
}

/// Whether a test asked for a panic (and forgets the request).
pub fn panic_requested() -> bool {
    PANIC_REQUESTED.with(|requested| requested.replace(false))
}

/// Validates quiz text as a reader's page does (the bounded reachability check) and returns
/// the number of problems: for the benchmark of the largest quiz.
#[wasm_bindgen]
pub fn debug_validate_for_reader(text: &str) -> usize {
    use quiz_core::validate::{Reachability, parse_quiz_with};
    parse_quiz_with(text, Reachability::Bounded).err().map_or(0, |problems| problems.len())
}
