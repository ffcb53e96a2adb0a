//! What the authoring playground asks of the wasm: every problem in a quiz file or an
//! overrides file, with what could not be checked yet (`TransitionQuiz.validate` in
//! embed.js). It runs the exact reachability proof, which a reader's page never runs.

use wasm_bindgen::prelude::*;

use quiz_core::validate::{Checked, Problem, Reachability, check_quiz_text, parse_quiz};

/// Validates a quiz file, or an overrides file: an empty list when it is valid, else every
/// problem as `{ path, message }`, in document order. The list's `notChecked` holds, in the
/// same shape, what could not be checked yet because of those problems
/// (`quiz_core::validate::Checked`). An overrides file (one with `"extends"`) is checked
/// against `base`, the text of the quiz it extends (embed.js passes the built-in quiz's
/// file when the playground gives none).
#[wasm_bindgen]
pub fn validate(text: &str, base: Option<String>) -> js_sys::Array {
    let checked = match (quiz_core::overrides::extends(text), base) {
        (None, _) => check_quiz_text(text, Reachability::Proof),
        (Some(_), Some(base)) => {
            let quiz = parse_quiz(&base).and_then(|quiz| quiz_core::overrides::apply(quiz, text));
            Checked { quiz, not_checked: Vec::new() }
        }
        (Some(_), None) => Checked {
            quiz: Err(vec![Problem {
                path: "extends".into(),
                message: "the quiz this file extends is needed to check it".into(),
            }]),
            not_checked: Vec::new(),
        },
    };
    let problems = list(checked.quiz.as_ref().err().map_or(&[], Vec::as_slice));
    let _ = js_sys::Reflect::set(&problems, &"notChecked".into(), &list(&checked.not_checked));
    problems
}

fn list(problems: &[Problem]) -> js_sys::Array {
    problems
        .iter()
        .map(|problem| {
            let entry = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&entry, &"path".into(), &problem.path.as_str().into());
            let _ = js_sys::Reflect::set(&entry, &"message".into(), &problem.message.as_str().into());
            JsValue::from(entry)
        })
        .collect()
}
