//! The reader's browser storage, where it may be missing, forbidden or full.
//!
//! Every access can fail: `localStorage` is absent in some embedded browsers, throws a
//! SecurityError when storage is blocked (privacy modes, sandboxed frames, strict
//! settings), and throws a QuotaExceededError when full. Each failure is caught here, so
//! the widget simply works in memory; the first one per widget is reported to the console
//! once, for the site owner, and never shown to the reader.
//!
//! Written against web-sys rather than gloo-storage: gloo's `LocalStorage::raw()` reports a
//! blocked storage by throwing a JS exception through the wasm frames (`expect_throw`),
//! which skips Rust's cleanup; web-sys hands the same failure back as a `Result`.

use std::cell::Cell;

use web_sys::Storage;

use crate::console;

thread_local! {
    /// Whether a storage problem was already reported by this wasm instance (one widget).
    static WARNED: Cell<bool> = const { Cell::new(false) };
}

fn warn_once(what: &str) {
    if !WARNED.with(|warned| warned.replace(true)) {
        console::warn(&format!("{what}; progress is kept in memory only and will not survive a reload"));
    }
}

/// The page's localStorage, if the browser lets the page use it.
fn storage() -> Option<Storage> {
    match gloo::utils::window().local_storage() {
        Ok(Some(storage)) => Some(storage),
        Ok(None) => {
            warn_once("this browser has no localStorage");
            None
        }
        Err(_) => {
            warn_once("the browser does not allow this page to use localStorage");
            None
        }
    }
}

/// The value under `key`, if it exists and can be read.
pub fn get(key: &str) -> Option<String> {
    match storage()?.get_item(key) {
        Ok(value) => value,
        Err(_) => {
            warn_once("reading from localStorage failed");
            None
        }
    }
}

/// Stores `value` under `key`; a failure (full or blocked storage) is reported once.
pub fn write(key: &str, value: &str) {
    let Some(storage) = storage() else { return };
    if storage.set_item(key, value).is_err() {
        warn_once("localStorage is full or blocked");
    }
}

/// Removes `key`, if it can.
pub fn remove(key: &str) {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(key);
    }
}

/// Every entry in storage whose key starts with `prefix`, as (key, value).
pub fn entries(prefix: &str) -> Vec<(String, String)> {
    let Some(storage) = storage() else { return Vec::new() };
    let count = storage.length().unwrap_or(0);
    (0..count)
        .filter_map(|idx| storage.key(idx).ok().flatten())
        .filter(|key| key.starts_with(prefix))
        .filter_map(|key| {
            let value = storage.get_item(&key).ok().flatten()?;
            Some((key, value))
        })
        .collect()
}

/// Today, in whole days since 1970 (UTC), for dating saved progress.
pub fn today() -> i64 {
    (js_sys::Date::now() / 86_400_000.0).floor() as i64
}
