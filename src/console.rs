//! Messages for the site owner in the browser's console, each prefixed with the widget's
//! name so they are easy to find among the page's own.

/// The prefix of every event name and console message.
pub const PREFIX: &str = "transition-quiz";

/// A warning for the site owner, in the console.
pub fn warn(message: &str) {
    web_sys::console::warn_1(&format!("{PREFIX}: {message}").into());
}

/// An error for the site owner, in the console.
pub fn error(message: &str) {
    web_sys::console::error_1(&format!("{PREFIX}: {message}").into());
}
