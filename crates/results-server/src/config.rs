//! The server's configuration: a TOML file, then environment variables, then command-line
//! flags, each overriding the one before; every default in one place ([`Config::default`]).
//!
//! ```toml
//! listen = "127.0.0.1:8787"           # TQ_RESULTS_LISTEN, --listen (make demo has 8080)
//! database = "sqlite://results.db"    # TQ_RESULTS_DATABASE, --database (or postgres://...)
//! public_url = "https://results.example.com"   # the server's own address, as readers reach it
//! site_name = "The Pipeline Journal"  # on share cards (and their og:site_name)
//! brand_colour = "#1d5bb8"            # share cards' band and accents
//! min_completions = 30                # below this, a summary shows no figures
//! show_counts = true                  # false: percentages only, no counts
//! summary_max_age = 60                # seconds a summary may be cached (HTTP and in memory)
//! daily_cap = 100                     # completions (and starts, and stops) per reader per quiz per day
//! rate_burst = 120                    # requests a reader may send at once to the readers' API
//! rate_per_minute = 60                # and then, per minute
//! tracked_readers = 100000            # readers the cap and the rate limit remember (memory bound)
//! queue = 4096                        # completions waiting to be written; 503 beyond
//! max_connections = 4096              # open connections; more wait to be accepted
//! max_in_flight = 1024                # requests handled at once; 503 beyond
//! header_timeout = 10                 # seconds to send a request's headers (idle connections too)
//! request_timeout = 30                # seconds to send a body and get an answer; 408 beyond
//! trust_forwarded_for = false         # true behind a reverse proxy that sets X-Forwarded-For
//! trusted_proxies = []                # further proxies in front of that one (addresses or CIDRs)
//! static_dir = "demo"                 # optional: also serve this folder's files at / (the demo)
//! dashboard_secret = "..."            # TQ_RESULTS_DASHBOARD_SECRET; none: no dashboard
//! webhook_backoff_ms = 2000           # first retry of a failed webhook delivery, doubling
//! webhook_timeout_ms = 10000          # one webhook attempt, at most
//! retention_days = 400                # optional: raw completions older are deleted, counts kept; none: kept
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
    /// The server's own address as readers and link previews reach it (`https://...`), for
    /// the share cards' pictures and `Secure` cookies; never taken from a request's headers.
    pub public_url: Option<String>,
    /// The owner's site, as its readers know it: written on share cards.
    pub site_name: Option<String>,
    /// The site's brand colour (`#rrggbb`): share cards' band and accents.
    pub brand_colour: Option<String>,
    /// Fewest completions before a summary shows any figure.
    pub min_completions: u64,
    /// Whether summaries show counts as well as percentages.
    pub show_counts: bool,
    /// Seconds a summary may be cached, by browsers and by the server.
    pub summary_max_age: u64,
    /// Completions accepted per reader (an address, or an IPv6 /64 network, under a daily
    /// salt) per quiz per day; starts and stops are each capped at the same number.
    pub daily_cap: u32,
    /// Requests a reader may send to the readers' API at once (starts, stops, completions).
    pub rate_burst: u32,
    /// Requests a reader may send to the readers' API per minute, after the burst.
    pub rate_per_minute: u32,
    /// Readers the daily cap and the rate limit remember at most (each its own table).
    pub tracked_readers: usize,
    /// Completions that may wait to be written before new ones get 503.
    pub queue: usize,
    /// Connections open at once; further ones wait in the listen backlog. Lowered at start
    /// to leave room under the process's open-file limit.
    pub max_connections: usize,
    /// Requests handled at once; further ones get 503 at once.
    pub max_in_flight: usize,
    /// Seconds a client has to send a request's headers; a connection idle this long between
    /// requests is closed.
    pub header_timeout: u64,
    /// Seconds a request may take, body included, before it is answered 408.
    pub request_timeout: u64,
    /// Whether the server is behind a reverse proxy that appends the client's address to
    /// `X-Forwarded-For` (and sets `X-Forwarded-Proto`).
    pub trust_forwarded_for: bool,
    /// Proxies in front of that one, whose `X-Forwarded-For` entries are skipped too
    /// (addresses or networks such as `10.0.0.0/8`).
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// A folder of files to serve at `/` as well (the demo article), if any; the widget's
    /// own files are in the binary, under `/quiz/`.
    pub static_dir: Option<PathBuf>,
    /// The quizzes accepted, by key.
    pub quizzes: BTreeMap<String, QuizConfig>,
    /// The owner's secret for the dashboard (at least 16 characters); none: no dashboard.
    pub dashboard_secret: Option<String>,
    /// Milliseconds before a failed webhook delivery's first retry (doubling after each).
    pub webhook_backoff_ms: u64,
    /// Milliseconds one webhook attempt may take.
    pub webhook_timeout_ms: u64,
    /// Days raw completions are kept (today included); older ones are deleted and only their
    /// counts remain. None (the default): raw completions are kept until the owner deletes
    /// them, since deleting what an owner expected to keep cannot be undone.
    pub retention_days: Option<u32>,
}

/// One accepted quiz.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct QuizConfig {
    /// The quiz file; none for the built-in quiz.
    pub file: Option<PathBuf>,
    /// Page origins allowed to send completions and read summaries, and the only ones share
    /// pages forward to; `*` allows any page to send, and turns share pages off.
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
            listen: SocketAddr::from(([127, 0, 0, 1], 8787)),
            database: "sqlite://results.db".into(),
            public_url: None,
            site_name: None,
            brand_colour: None,
            min_completions: 30,
            show_counts: true,
            summary_max_age: 60,
            daily_cap: 100,
            rate_burst: 120,
            rate_per_minute: 60,
            tracked_readers: 100_000,
            queue: 4096,
            max_connections: 4096,
            max_in_flight: 1024,
            header_timeout: 10,
            request_timeout: 30,
            trust_forwarded_for: false,
            trusted_proxies: Vec::new(),
            static_dir: None,
            quizzes: BTreeMap::new(),
            dashboard_secret: None,
            webhook_backoff_ms: 2000,
            webhook_timeout_ms: 10_000,
            retention_days: None,
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
        if let Some(days) = env("TQ_RESULTS_RETENTION_DAYS") {
            config.retention_days =
                Some(days.parse().map_err(|error| format!("TQ_RESULTS_RETENTION_DAYS={days}: {error}"))?);
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
        config.check()?;
        Ok(config)
    }

    /// The rules a configuration must keep, whichever way it was made.
    pub fn check(&self) -> Result<(), String> {
        if let Some(secret) = &self.dashboard_secret
            && secret.chars().count() < 16
        {
            return Err("dashboard_secret is shorter than 16 characters; choose a long random one".into());
        }
        if let Some(public_url) = &self.public_url {
            let url = url::Url::parse(public_url).map_err(|error| format!("public_url = {public_url:?}: {error}"))?;
            if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
                return Err(format!("public_url = {public_url:?}: give the server's http or https address"));
            }
        }
        if let Some(colour) = &self.brand_colour
            && (colour.len() != 7 || !colour.starts_with('#') || !colour[1..].chars().all(|c| c.is_ascii_hexdigit()))
        {
            return Err(format!("brand_colour = {colour:?}: give it as #rrggbb, for example \"#1d5bb8\""));
        }
        if let Some(name) = &self.site_name
            && !(1..=60).contains(&name.chars().count())
        {
            return Err(format!("site_name = {name:?}: 1 to 60 characters"));
        }
        if self.retention_days == Some(0) {
            return Err("retention_days must be at least 1 (leave it out to keep every raw completion)".into());
        }
        for (name, value) in [
            ("daily_cap", self.daily_cap as usize),
            ("rate_burst", self.rate_burst as usize),
            ("rate_per_minute", self.rate_per_minute as usize),
            ("tracked_readers", self.tracked_readers),
            ("queue", self.queue),
            ("max_connections", self.max_connections),
            ("max_in_flight", self.max_in_flight),
            ("header_timeout", self.header_timeout as usize),
            ("request_timeout", self.request_timeout as usize),
            ("webhook_timeout_ms", self.webhook_timeout_ms as usize),
        ] {
            if value == 0 {
                return Err(format!("{name} must be at least 1"));
            }
        }
        Ok(())
    }

    /// The brand colour as red, green, blue (the widget's blue by default).
    pub fn brand_rgb(&self) -> [u8; 3] {
        let hex = self.brand_colour.as_deref().unwrap_or("#1d5bb8");
        let channel = |at: usize| u8::from_str_radix(hex.get(at..at + 2).unwrap_or("00"), 16).unwrap_or(0);
        [channel(1), channel(3), channel(5)]
    }

    /// The public address with no trailing slash, if configured.
    pub fn public_base(&self) -> Option<&str> {
        self.public_url.as_deref().map(|url| url.trim_end_matches('/'))
    }
}
