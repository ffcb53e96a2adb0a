//! A host element's configuration: its `data-*` attributes read into one value, with
//! every default in one place. Pure: it takes the attributes as data.
//!
//! | attribute | values | default |
//! |---|---|---|
//! | `data-transition-quiz` | a quiz key (letters, digits, `-`, `_`) | the quiz's own `id` |
//! | `data-quiz-src` | URL of a quiz JSON file | none |
//! | (child) `<script type="application/json">` | a quiz, inline | none |
//! | `data-quiz-overrides` | URL of an overrides file ([`crate::overrides`]) for the quiz | none |
//! | `data-theme` | `light`, `dark`, `auto` | `auto` |
//! | `data-persist` | `false` turns saved progress off | on |
//! | `data-analytics` | `datalayer` also pushes events to `window.dataLayer` | off |
//! | `data-loading` | `lazy`, `eager` (read by embed.js) | `lazy` |
//! | `data-timeout` | seconds one attempt to fetch the quiz may take, 1 to 120 | `10` |
//! | `data-results` | the results server's address (`https://...`, or a path on the page's origin) | none: nothing is sent |

use crate::default_quiz::DEFAULT_QUIZ_ID;
use crate::quiz::is_id;

/// Seconds one attempt to fetch a quiz file may take, unless `data-timeout` says otherwise.
pub const DEFAULT_TIMEOUT_SECONDS: u32 = 10;
/// The range `data-timeout` accepts, in seconds.
pub const TIMEOUT_RANGE: std::ops::RangeInclusive<u32> = 1..=120;

/// Where a widget's quiz comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuizSource {
    /// The built-in four-transitions quiz.
    BuiltIn,
    /// A quiz written inside the host element, in a `<script type="application/json">`.
    Inline(String),
    /// A quiz file to fetch.
    Url(String),
}

pub use crate::rules::Theme;

/// Whether events also go to `window.dataLayer`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Analytics {
    /// Only the DOM events (the default).
    #[default]
    Off,
    /// Also `window.dataLayer.push(...)` when the page has a dataLayer.
    DataLayer,
}

/// One widget's configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostConfig {
    /// Names the quiz for saved progress and shared links; `None` uses the quiz's id.
    pub key: Option<String>,
    /// Where the quiz comes from.
    pub source: QuizSource,
    /// The URL of an overrides file to apply to the quiz (`data-quiz-overrides`), if any.
    pub overrides: Option<String>,
    /// The colour theme.
    pub theme: Theme,
    /// Whether progress is saved in the browser.
    pub persist: bool,
    /// Whether events also go to `window.dataLayer`.
    pub analytics: Analytics,
    /// Seconds one attempt to fetch the quiz file may take.
    pub timeout_seconds: u32,
    /// The results server's base address, ending in `/`; `None` sends nothing anywhere.
    pub results: Option<String>,
}

impl Default for HostConfig {
    fn default() -> Self {
        HostConfig {
            key: None,
            source: QuizSource::BuiltIn,
            overrides: None,
            theme: Theme::Auto,
            persist: true,
            analytics: Analytics::Off,
            timeout_seconds: DEFAULT_TIMEOUT_SECONDS,
            results: None,
        }
    }
}

impl HostConfig {
    /// Reads a host's configuration. `attribute` gives an attribute's value by name;
    /// `inline` is the text of a child `<script type="application/json">`, if any.
    /// Returns the configuration and a warning for each value that was not understood
    /// (and replaced by its default).
    pub fn read(attribute: impl Fn(&str) -> Option<String>, inline: Option<String>) -> (HostConfig, Vec<String>) {
        let mut config = HostConfig::default();
        let mut warnings = Vec::new();

        if let Some(key) = attribute("data-transition-quiz").map(|key| key.trim().to_string()) {
            match (key.is_empty(), is_id(&key)) {
                (true, _) => {}
                (false, true) => config.key = Some(key),
                (false, false) => warnings.push(not_understood(
                    "data-transition-quiz",
                    &key,
                    "a quiz key (up to 64 letters, digits, - or _)",
                    "the quiz's own id",
                )),
            }
        }

        let src = attribute("data-quiz-src");
        if let Some(blank) = src.as_deref().filter(|src| src.trim().is_empty()) {
            let default = if inline.is_some() { "the inline quiz" } else { "the built-in quiz" };
            warnings.push(not_understood("data-quiz-src", blank, "the URL of a quiz file", default));
        }
        let src = src.map(|src| src.trim().to_string()).filter(|src| !src.is_empty());
        config.source = match (src, inline) {
            (Some(src), inline) => {
                if inline.is_some() {
                    warnings.push("the host has both data-quiz-src and an inline quiz; using data-quiz-src".into());
                }
                QuizSource::Url(src)
            }
            (None, Some(inline)) => QuizSource::Inline(inline),
            (None, None) => QuizSource::BuiltIn,
        };

        if let Some(overrides) = attribute("data-quiz-overrides") {
            match overrides.trim() {
                "" => warnings.push(not_understood(
                    "data-quiz-overrides",
                    &overrides,
                    "the URL of an overrides file",
                    "none (the quiz as it is)",
                )),
                url => config.overrides = Some(url.to_string()),
            }
        }

        if let Some(theme) = attribute("data-theme") {
            config.theme = Theme::from_attribute(&theme).unwrap_or_else(|| {
                warnings.push(not_understood("data-theme", &theme, "light, dark or auto", "auto"));
                Theme::Auto
            });
        }

        // embed.js acts on data-loading (only the exact value "eager" mounts at once); it is
        // read here so that a value it does not understand is warned about like any other.
        if let Some(loading) =
            attribute("data-loading").filter(|loading| !matches!(loading.as_str(), "lazy" | "eager" | ""))
        {
            warnings.push(not_understood("data-loading", &loading, "lazy or eager", "lazy"));
        }

        if let Some(persist) = attribute("data-persist") {
            config.persist = crate::rules::persists(&persist).unwrap_or_else(|| {
                warnings.push(not_understood("data-persist", &persist, "true or false", "true (progress is saved)"));
                true
            });
        }

        if let Some(analytics) = attribute("data-analytics") {
            config.analytics = match analytics.trim().to_ascii_lowercase().as_str() {
                "datalayer" => Analytics::DataLayer,
                "" | "none" | "off" => Analytics::Off,
                _ => {
                    warnings.push(not_understood(
                        "data-analytics",
                        &analytics,
                        "datalayer",
                        "off (events go to the page only)",
                    ));
                    Analytics::Off
                }
            };
        }

        if let Some(timeout) = attribute("data-timeout") {
            match timeout.trim().parse::<u32>() {
                Ok(seconds) if TIMEOUT_RANGE.contains(&seconds) => config.timeout_seconds = seconds,
                _ => warnings.push(not_understood(
                    "data-timeout",
                    &timeout,
                    &format!("a whole number of seconds from {} to {}", TIMEOUT_RANGE.start(), TIMEOUT_RANGE.end()),
                    &DEFAULT_TIMEOUT_SECONDS.to_string(),
                )),
            }
        }

        if let Some(results) = attribute("data-results").map(|results| results.trim().to_string()) {
            let lower = results.to_ascii_lowercase();
            let absolute = lower.starts_with("https://") || lower.starts_with("http://");
            let path = results.starts_with('/') && !results.starts_with("//");
            let clean = !results.chars().any(|c| c.is_whitespace() || c.is_control());
            match (results.is_empty(), (absolute || path) && clean) {
                (true, _) => {}
                (false, true) => {
                    config.results = Some(if results.ends_with('/') { results } else { format!("{results}/") })
                }
                (false, false) => warnings.push(not_understood(
                    "data-results",
                    &results,
                    "an http(s) address or a path starting with /",
                    "none (nothing is sent)",
                )),
            }
        }

        (config, warnings)
    }

    /// The quiz key a widget's events carry before its quiz has been read (and so also when
    /// it cannot be): the host's own key, else the built-in quiz's id, else empty for a
    /// quiz still to be read. Once the quiz is read, its key is the host's or the quiz's id.
    pub fn initial_key(&self) -> String {
        match (&self.key, &self.source) {
            (Some(key), _) => key.clone(),
            (None, QuizSource::BuiltIn) => DEFAULT_QUIZ_ID.to_string(),
            (None, _) => String::new(),
        }
    }
}

/// The console warning for an attribute whose value is not understood: the attribute, the
/// value found, what it may be, and the default used instead.
fn not_understood(attribute: &str, value: &str, expected: &str, default: &str) -> String {
    format!("{attribute}=\"{value}\" is not {expected}; using the default, {default}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(attributes: &[(&str, &str)], inline: Option<&str>, expected: HostConfig, expected_warnings: &[&str]) {
        let attribute = |name: &str| attributes.iter().find(|(n, _)| *n == name).map(|(_, v)| v.to_string());
        let (config, warnings) = HostConfig::read(attribute, inline.map(str::to_string));
        assert_eq!(config, expected, "{attributes:?}");
        assert_eq!(warnings, expected_warnings, "{attributes:?}");
    }

    #[test]
    fn no_attributes_means_the_built_in_quiz_with_defaults() {
        check(&[("data-transition-quiz", "")], None, HostConfig::default(), &[]);
        check(&[], None, HostConfig::default(), &[]);
    }

    #[test]
    fn reads_every_attribute() {
        check(
            &[
                ("data-transition-quiz", "my-quiz"),
                ("data-quiz-src", " /quizzes/q.json "),
                ("data-quiz-overrides", " /my-links.json"),
                ("data-theme", "Dark"),
                ("data-persist", "false"),
                ("data-analytics", "datalayer"),
                ("data-timeout", " 3 "),
            ],
            None,
            HostConfig {
                key: Some("my-quiz".into()),
                source: QuizSource::Url("/quizzes/q.json".into()),
                overrides: Some("/my-links.json".into()),
                theme: Theme::Dark,
                persist: false,
                analytics: Analytics::DataLayer,
                timeout_seconds: 3,
                results: None,
            },
            &[],
        );
        check(
            &[("data-theme", "light")],
            Some("{\"version\": 1}"),
            HostConfig {
                theme: Theme::Light,
                source: QuizSource::Inline("{\"version\": 1}".into()),
                ..HostConfig::default()
            },
            &[],
        );
    }

    #[test]
    fn a_results_server_is_an_http_address_or_a_path() {
        for (value, results) in [
            ("https://results.example.com", Some("https://results.example.com/")),
            ("https://results.example.com/quiz/", Some("https://results.example.com/quiz/")),
            ("/results", Some("/results/")),
            (" / ", Some("/")),
        ] {
            check(
                &[("data-results", value)],
                None,
                HostConfig { results: results.map(String::from), ..HostConfig::default() },
                &[],
            );
        }
        for value in ["javascript:alert(1)", "//evil.example", "results", "https://a b"] {
            let warning = format!(
                "data-results=\"{value}\" is not an http(s) address or a path starting with /; using the default, none (nothing is sent)"
            );
            check(&[("data-results", value)], None, HostConfig::default(), &[&warning]);
        }
    }

    #[test]
    fn a_timeout_outside_one_to_120_seconds_keeps_the_default() {
        let warning = |value: &str| {
            format!("data-timeout=\"{value}\" is not a whole number of seconds from 1 to 120; using the default, 10")
        };
        for value in ["0", "121", "500", "-5", "2.5", "abc", "soon", ""] {
            check(&[("data-timeout", value)], None, HostConfig::default(), &[&warning(value)]);
        }
        for (value, seconds) in [("1", 1), ("120", 120)] {
            check(
                &[("data-timeout", value)],
                None,
                HostConfig { timeout_seconds: seconds, ..HostConfig::default() },
                &[],
            );
        }
    }

    #[test]
    fn events_carry_the_hosts_key_or_the_built_in_quizs_id_before_the_quiz_is_read() {
        let key_of = |attributes: &[(&str, &str)], inline: Option<&str>| {
            let attribute = |name: &str| attributes.iter().find(|(n, _)| *n == name).map(|(_, v)| v.to_string());
            HostConfig::read(attribute, inline.map(str::to_string)).0.initial_key()
        };
        assert_eq!(key_of(&[], None), "four-transitions");
        assert_eq!(key_of(&[("data-transition-quiz", "mine")], None), "mine");
        assert_eq!(key_of(&[("data-quiz-src", "q.json")], None), "");
        assert_eq!(key_of(&[("data-quiz-src", "q.json"), ("data-transition-quiz", "mine")], None), "mine");
        assert_eq!(key_of(&[], Some("{}")), "");
    }

    #[test]
    fn values_not_understood_fall_back_to_defaults_with_a_warning() {
        check(
            &[
                ("data-transition-quiz", "my quiz!"),
                ("data-theme", "purple"),
                ("data-loading", "soon"),
                ("data-persist", "maybe"),
                ("data-analytics", "ga4"),
            ],
            None,
            HostConfig::default(),
            &[
                "data-transition-quiz=\"my quiz!\" is not a quiz key (up to 64 letters, digits, - or _); using the default, the quiz's own id",
                "data-theme=\"purple\" is not light, dark or auto; using the default, auto",
                "data-loading=\"soon\" is not lazy or eager; using the default, lazy",
                "data-persist=\"maybe\" is not true or false; using the default, true (progress is saved)",
                "data-analytics=\"ga4\" is not datalayer; using the default, off (events go to the page only)",
            ],
        );
        // embed.js mounts at once only for exactly "eager", so "Eager" is not understood either.
        check(
            &[("data-loading", "Eager")],
            None,
            HostConfig::default(),
            &["data-loading=\"Eager\" is not lazy or eager; using the default, lazy"],
        );
        for value in ["lazy", "eager", ""] {
            check(&[("data-loading", value)], None, HostConfig::default(), &[]);
        }
        check(
            &[("data-quiz-src", " ")],
            None,
            HostConfig::default(),
            &["data-quiz-src=\" \" is not the URL of a quiz file; using the default, the built-in quiz"],
        );
        check(
            &[("data-quiz-overrides", "")],
            None,
            HostConfig::default(),
            &[
                "data-quiz-overrides=\"\" is not the URL of an overrides file; using the default, none (the quiz as it is)",
            ],
        );
        check(
            &[("data-quiz-src", "")],
            Some("{}"),
            HostConfig { source: QuizSource::Inline("{}".into()), ..HostConfig::default() },
            &["data-quiz-src=\"\" is not the URL of a quiz file; using the default, the inline quiz"],
        );
        check(
            &[("data-quiz-src", "q.json")],
            Some("{}"),
            HostConfig { source: QuizSource::Url("q.json".into()), ..HostConfig::default() },
            &["the host has both data-quiz-src and an inline quiz; using data-quiz-src"],
        );
    }

    #[test]
    fn auto_follows_the_page_theme_marks() {
        for (data_theme, class, expected) in [
            (Some("dark"), None, Theme::Dark),
            (Some("LIGHT"), Some("dark"), Theme::Light),
            (None, Some("page dark sidebar"), Theme::Dark),
            (None, Some("darkish"), Theme::Auto),
            (Some("sepia"), None, Theme::Auto),
            (None, None, Theme::Auto),
        ] {
            assert_eq!(Theme::of_page(data_theme, class), expected, "{data_theme:?} {class:?}");
        }
        assert_eq!(Theme::Auto.resolve(Theme::Dark), Theme::Dark);
        assert_eq!(Theme::Light.resolve(Theme::Dark), Theme::Light);
        assert_eq!(Theme::Auto.resolve(Theme::Auto), Theme::Auto);
    }
}
