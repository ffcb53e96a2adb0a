//! Checks the architecture's invariants that the compiler cannot: the pure core imports
//! nothing from the browser, and every module says what it is for.
#![cfg(not(target_arch = "wasm32"))]

use std::fs;
use std::path::Path;

/// The modules that make up the pure core (see ARCHITECTURE.md).
const PURE: &[&str] = &[
    "json.rs",
    "quiz.rs",
    "validate.rs",
    "validate/tests.rs",
    "reach.rs",
    "scoring.rs",
    "scoring/tests.rs",
    "session.rs",
    "text.rs",
    "default_quiz.rs",
];

/// Crates only the browser edge may use.
const BROWSER_CRATES: &[&str] = &["yew", "web_sys", "gloo", "wasm_bindgen", "js_sys"];

fn source(relative: &str) -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(relative))
        .unwrap_or_else(|error| panic!("src/{relative}: {error}"))
}

#[test]
fn the_pure_core_imports_nothing_from_the_browser() {
    for module in PURE {
        let text = source(module);
        for krate in BROWSER_CRATES {
            for pattern in [format!("use {krate}"), format!("{krate}::")] {
                assert!(!text.contains(&pattern), "src/{module} uses {krate} ({pattern:?})");
            }
        }
    }
}

#[test]
fn every_rust_module_opens_with_a_doc_line() {
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                let text = fs::read_to_string(&path).unwrap();
                assert!(text.starts_with("//!"), "{} does not open with a //! line", path.display());
            }
        }
    }
}
