//! The server's configuration: a TOML file, then environment variables, then command-line
//! flags, each overriding the one before; every default in one place ([`Config::default`]).
//!
//! ```toml
//! listen = "127.0.0.1:8080"           # TQ_RESULTS_LISTEN, --listen
//! database = "sqlite://results.db"    # TQ_RESULTS_DATABASE, --database (or postgres://...)
//! min_completions = 30                # below this, a summary shows no figures
//! show_counts = true                  # false: percentages only, no counts
//! summary_max_age = 60                # seconds a summary may be cached (HTTP and in memory)
//! daily_cap = 10                      # completions per reader per quiz per day
//! queue = 4096                        # completions waiting to be written; 503 beyond
//! trust_forwarded_for = false         # true behind a reverse proxy that sets X-Forwarded-For
//! static_dir = "dist"                 # optional: also serve these files (the demo)
//! dashboard_secret = "..."            # TQ_RESULTS_DASHBOARD_SECRET; none: no dashboard
//!
//! [quizzes.four-transitions]          # the built-in quiz is always accepted
//! origins = ["https://blog.example"]  # pages allowed to send and read results ("*": any)
//!
//! [quizzes.my-quiz]                   # another quiz, by the key its pages use
//! file = "quizzes/my-quiz.json"
//! origins = ["https://blog.example"]
//! webhook = { url = "https://hooks.example/quiz", secret = "..." }   # optional, signed
//! ```

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// Everything the server needs to know.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Where to listen.
    pub listen: SocketAddr,
    /// The database URL: `sqlite://FILE` (created if missing) or `postgres://...`.
    pub database: String,
    /// Fewest completions before a summary shows any figure.
    pub min_completions: u64,
    /// Whether summaries show counts as well as percentages.
    pub show_counts: bool,
    /// Seconds a summary may be cached, by browsers and by the server.
    pub summary_max_age: u64,
    /// Completions accepted per reader (a daily-salted hash of address and user agent) per
    /// quiz per day.
    pub daily_cap: u32,
    /// Completions that may wait to be written before new ones get 503.
    pub queue: usize,
    /// Whether the reader's address is the first of `X-Forwarded-For` (behind a proxy).
    pub trust_forwarded_for: bool,
    /// A folder of files to serve as well (the widget and the demo page), if any.
    pub static_dir: Option<PathBuf>,
    /// The quizzes accepted, by key.
    pub quizzes: BTreeMap<String, QuizConfig>,
    /// The owner's secret for the dashboard (at least 16 characters); none: no dashboard.
    pub dashboard_secret: Option<String>,
    /// Milliseconds before a failed webhook delivery's first retry (doubling after each).
    pub webhook_backoff_ms: u64,
}

/// One accepted quiz.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct QuizConfig {
    /// The quiz file; none for the built-in quiz.
    pub file: Option<PathBuf>,
    /// Page origins allowed to send completions and read summaries; `*` allows any.
    pub origins: Vec<String>,
    /// Where each completion is POSTed, signed, if anywhere.
    pub webhook: Option<WebhookConfig>,
}

/// A quiz's webhook.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebhookConfig {
    /// The owner's endpoint (http or https).
    pub url: String,
    /// The HMAC-SHA256 key the deliveries are signed with.
    pub secret: String,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            database: "sqlite://results.db".into(),
            min_completions: 30,
            show_counts: true,
            summary_max_age: 60,
            daily_cap: 10,
            queue: 4096,
            trust_forwarded_for: false,
            static_dir: None,
            quizzes: BTreeMap::new(),
            dashboard_secret: None,
            webhook_backoff_ms: 2000,
        }
    }
}

/// The largest request body accepted, in bytes: a completion of the largest quiz the
/// format allows (40 answers with 64-character ids) fits in under 6 KB.
pub const BODY_LIMIT: usize = 16 * 1024;

impl Config {
    /// Reads `path` (if given), then applies `TQ_RESULTS_*` variables from `env`.
    pub fn load(path: Option<&Path>, env: impl Fn(&str) -> Option<String>) -> Result<Config, String> {
        let mut config = match path {
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|error| format!("{}: {error}", path.display()))?;
                toml::from_str(&text).map_err(|error| format!("{}: {error}", path.display()))?
            }
            None => Config::default(),
        };
        if let Some(listen) = env("TQ_RESULTS_LISTEN") {
            config.listen = listen.parse().map_err(|error| format!("TQ_RESULTS_LISTEN={listen}: {error}"))?;
        }
        if let Some(database) = env("TQ_RESULTS_DATABASE") {
            config.database = database;
        }
        if let Some(minimum) = env("TQ_RESULTS_MIN_COMPLETIONS") {
            config.min_completions =
                minimum.parse().map_err(|error| format!("TQ_RESULTS_MIN_COMPLETIONS={minimum}: {error}"))?;
        }
        if let Some(secret) = env("TQ_RESULTS_DASHBOARD_SECRET") {
            config.dashboard_secret = Some(secret);
        }
        if let Some(secret) = &config.dashboard_secret
            && secret.chars().count() < 16
        {
            return Err("dashboard_secret is shorter than 16 characters; choose a long random one".into());
        }
        if let Some(show) = env("TQ_RESULTS_SHOW_COUNTS") {
            config.show_counts = show.parse().map_err(|error| format!("TQ_RESULTS_SHOW_COUNTS={show}: {error}"))?;
        }
        // File paths in the configuration are relative to the file itself.
        if let Some(dir) = path.and_then(Path::parent) {
            for quiz in config.quizzes.values_mut() {
                if let Some(file) = &quiz.file {
                    quiz.file = Some(dir.join(file));
                }
            }
            if let Some(static_dir) = &config.static_dir {
                config.static_dir = Some(dir.join(static_dir));
            }
        }
        Ok(config)
    }
}
