//! The application: everything the server does, with no HTTP in it (no axum here). The web
//! layer (`crate::web`) reads requests into the messages this takes and renders what it
//! returns.
//!
//! | module | what |
//! |---|---|
//! | [`completions`] | the readers' messages, checked and scored; the page path rule |
//! | [`counts`] | the count tables the writer keeps; reading them; recounting them from raw rows |
//! | [`retention`] | deleting raw completions past `retention_days`, counts kept |
//! | [`summary`] | a quiz's public summary |
//! | [`figures`] | the dashboard's figures (pure) |
//! | [`limits`] | what a reader is; the daily cap and the rate limit, in fixed memory |
//! | [`refusals`] | refused completions counted by quiz, day, reason and origin (bounded) |
//! | [`webhooks`] | the payload, its signature, the delivery worker |
//! | [`owner`] | the owner's sign-in and sessions |
//! | [`share`] | share cards: the words, the picture, where a share page may forward |
//! | [`store`] | the database: completions, beacons, the outbox, sessions |
//! | [`quizzes`], [`days`], [`refusal`] | the accepted quizzes, dates, why a request was refused |

pub mod completions;
pub mod counts;
pub mod days;
pub mod figures;
pub mod limits;
pub mod owner;
pub mod quizzes;
pub mod refusal;
pub mod refusals;
pub mod retention;
pub mod share;
pub mod store;
pub mod summary;
pub mod webhooks;

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use quiz_core::api;

use crate::app::days::{date, seconds_to_tomorrow, today};
use crate::app::figures::Figures;
use crate::app::limits::{Counted, DailyCap, RateLimit, is_bot, network};
use crate::app::quizzes::Quizzes;
use crate::app::refusal::{Kind, Refusal};
use crate::app::share::Cards;
use crate::app::store::{Delivery, Store, WriteError};
use crate::config::Config;

/// Days the owner's home page sums each quiz's figures over, today included.
pub const OVERVIEW_DAYS: i64 = 30;

/// Who sent a reader's request, as far as the rules care: the reader's address (never
/// stored), the user agent (only to drop bots; never stored or hashed) and the page's origin.
#[derive(Debug, Clone, Copy)]
pub struct Sender<'a> {
    pub address: IpAddr,
    pub user_agent: Option<&'a str>,
    pub origin: Option<&'a str>,
}

/// A completion taken: whether it is new, and the outcome the server scored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Taken {
    pub stored: bool,
    pub outcome: Option<String>,
}

/// The server's state and its use cases.
pub struct App {
    pub config: Arc<Config>,
    pub quizzes: Quizzes,
    pub store: Store,
    pub owner: owner::Owner,
    pub cards: Cards,
    /// Refused completions, counted until the flusher writes them.
    pub refusals: refusals::Refusals,
    cap: DailyCap,
    rate: RateLimit,
    /// Each quiz's summary as last computed, with when: one per accepted quiz at most.
    summaries: Mutex<HashMap<String, (Instant, Arc<api::Summary>)>>,
}

impl App {
    /// Loads the quizzes and opens (and migrates) the database.
    pub async fn open(config: Config) -> Result<App, String> {
        config.check()?;
        let quizzes = quizzes::load(&config)?;
        let store = Store::open(&config.database, config.queue).await?;
        if config.public_url.is_none() {
            tracing::info!("no public_url: share pages have no picture until it is set");
        }
        // Every accepted quiz with every result, and "none".
        let cards = quizzes.values().map(|quiz| quiz.quiz.outcomes.len() + 1).sum();
        Ok(App {
            owner: owner::Owner::new(config.dashboard_secret.as_deref()),
            cap: DailyCap::new(config.daily_cap, config.tracked_readers),
            rate: RateLimit::new(config.rate_burst, config.rate_per_minute, config.tracked_readers),
            cards: Cards::new(cards, share::Style { site_name: config.site_name.clone(), brand: config.brand_rgb() }),
            refusals: refusals::Refusals::default(),
            summaries: Mutex::new(HashMap::new()),
            config: Arc::new(config),
            quizzes,
            store,
        })
    }

    /// The webhook delivery worker for this server.
    pub fn webhook_worker(&self) -> webhooks::Worker {
        webhooks::Worker::new(self.store.clone(), self.config.clone())
    }

    /// A reader's request, before its body is looked at: not a bot, within the rate limit.
    /// Every request to [`App::complete`], [`App::start`] and [`App::stop`] is admitted first.
    pub fn admit(&self, sender: Sender) -> Result<(), Refusal> {
        if is_bot(sender.user_agent) {
            return Err(Refusal::new(
                Kind::Forbidden,
                "bot",
                "requests from bots, or without a user agent, are not counted",
            ));
        }
        if let Err(wait) = self.rate.check(today(), network(sender.address), Instant::now()) {
            return Err(Refusal::new(Kind::TooMany, "rate_limited", "too many requests from this network; slow down")
                .retry_after(wait.as_secs() + u64::from(wait.subsec_nanos() > 0)));
        }
        Ok(())
    }

    /// A completion: checked, scored, capped, committed (with its webhook delivery, if any)
    /// before this returns. A retry of a stored id is answered `stored: false` and costs
    /// nothing against the cap.
    pub async fn complete(&self, sender: Sender<'_>, body: api::Completion) -> Result<Taken, Refusal> {
        let day = today();
        let completion = completions::prepare(&self.quizzes, sender.origin, body, day)?;
        let taken = |stored| Taken { stored, outcome: completion.outcome.clone() };
        if !self.cap.admit(day, sender.address, &completion.quiz, Counted::Completion) {
            return match self.store.has_completion(&completion.id).await.map_err(Refusal::storage)? {
                true => Ok(taken(false)),
                false => Err(self.capped(&completion.quiz, "completions")),
            };
        }
        let refund = || self.cap.refund(day, sender.address, &completion.quiz, Counted::Completion);
        let webhook = self
            .config
            .quizzes
            .get(&completion.quiz)
            .and_then(|quiz| quiz.webhook.as_ref())
            .map(|_| webhooks::Payload::of(&completion).to_json());
        match self.store.add_completion(completion.clone(), webhook).await {
            Ok(stored) => {
                if !stored {
                    refund();
                }
                Ok(taken(stored))
            }
            Err(WriteError::Busy) => {
                refund();
                Err(Refusal::new(
                    Kind::Unavailable,
                    "busy",
                    "too many completions are waiting to be written; retry shortly",
                )
                .retry_after(2))
            }
            Err(WriteError::Database(error)) => {
                refund();
                tracing::error!(%error, "a completion could not be written");
                Err(Refusal::new(Kind::Unavailable, "storage", "the completion could not be stored; retry later"))
            }
        }
    }

    /// A start beacon.
    pub async fn start(&self, sender: Sender<'_>, body: api::Beacon) -> Result<(), Refusal> {
        completions::quiz_for(&self.quizzes, &body.quiz, sender.origin, Some(&body.fingerprint))?;
        let day = today();
        self.count(day, sender, &body.quiz, Counted::Start)?;
        self.store.add_beacon(&body.quiz, day, None).await.map_err(|error| self.unwritten(error))
    }

    /// A stop beacon: the reader left after reaching question `step`.
    pub async fn stop(&self, sender: Sender<'_>, body: api::Beacon) -> Result<(), Refusal> {
        let registered = completions::quiz_for(&self.quizzes, &body.quiz, sender.origin, Some(&body.fingerprint))?;
        let step = completions::stop_step(registered, body.step)?;
        let day = today();
        self.count(day, sender, &body.quiz, Counted::Stop)?;
        self.store.add_beacon(&body.quiz, day, Some(step)).await.map_err(|error| self.unwritten(error))
    }

    /// The refusal for a write the store could not make.
    fn unwritten(&self, error: WriteError) -> Refusal {
        match error {
            WriteError::Busy => {
                Refusal::new(Kind::Unavailable, "busy", "too many writes are waiting; retry shortly").retry_after(2)
            }
            WriteError::Database(error) => Refusal::storage(error),
        }
    }

    fn count(&self, day: i64, sender: Sender, quiz: &str, kind: Counted) -> Result<(), Refusal> {
        match self.cap.admit(day, sender.address, quiz, kind) {
            true => Ok(()),
            false => Err(self.capped(quiz, if kind == Counted::Start { "starts" } else { "stops" })),
        }
    }

    /// The daily cap's refusal, which lasts until the day (UTC) ends.
    fn capped(&self, quiz: &str, what: &str) -> Refusal {
        let cap = self.config.daily_cap;
        Refusal::new(
            Kind::TooMany,
            "daily_cap",
            format!(
                "this network has sent {cap} {what} of the quiz \"{quiz}\" today, the most this server takes from one network a day (its daily_cap; a room of readers on one network may need more); sending again after the day ends (UTC) can work"
            ),
        )
        .retry_after(seconds_to_tomorrow())
    }

    /// A refused request of `what` (a completion, a start, a stop) from `sender`, for the quiz
    /// key it sent (if it could be read): logged once a day for each quiz, reason and origin,
    /// and, for a completion, counted for the owner's dashboard. Bots' requests are neither.
    pub fn refused(&self, what: Counted, sender: Sender, sent_key: Option<&str>, refusal: &Refusal) {
        if refusal.code == "bot" {
            return;
        }
        let sent_key = sent_key.unwrap_or("");
        let quiz = if self.quizzes.contains_key(sent_key) { sent_key } else { refusals::UNKNOWN_QUIZ };
        self.refusals.note(what, quiz, sent_key, refusal.code, sender.origin);
    }

    /// A quiz's public summary, from memory for `summary_max_age` seconds.
    pub async fn summary(&self, key: &str, origin: Option<&str>) -> Result<Arc<api::Summary>, Refusal> {
        let registered = completions::quiz_for(&self.quizzes, key, origin, None)?;
        let max_age = Duration::from_secs(self.config.summary_max_age);
        let cached = {
            let summaries = self.summaries.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            summaries.get(key).filter(|(when, _)| when.elapsed() < max_age).map(|(_, summary)| summary.clone())
        };
        if let Some(summary) = cached {
            return Ok(summary);
        }
        let tallies = self.store.tallies(key, i64::MIN, i64::MAX).await.map_err(Refusal::storage)?;
        let summary = Arc::new(summary::summarize(key, &registered.quiz, &tallies, &self.config));
        // Keyed by an accepted quiz's key only: the cache never holds more than the quizzes.
        let mut summaries = self.summaries.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        summaries.insert(key.to_string(), (Instant::now(), summary.clone()));
        Ok(summary)
    }

    /// Summaries kept in memory now (at most one per accepted quiz).
    pub fn summaries_kept(&self) -> usize {
        self.summaries.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).len()
    }

    /// The dashboard's figures for an accepted quiz over the days `first` to `last`.
    /// Read from the count tables only.
    pub async fn figures(&self, key: &str, first: i64, last: i64) -> Result<Figures, String> {
        let quiz = &self.quizzes[key].quiz;
        let tallies = self.store.tallies(key, first, last).await?;
        let choices = self.store.choices(key, first, last).await?;
        let pages = self.store.pages(key, first, last).await?;
        let days = self.store.days(key, first, last).await?;
        let stops = self.store.stops(key, first, last).await?;
        Ok(figures::figures(quiz, &tallies.groups, &choices, &pages, &days, &stops))
    }

    /// Which raw completions of an accepted quiz exist (the rest have their counts only).
    pub async fn raw_range(&self, key: &str) -> Result<counts::RawRange, String> {
        self.store.raw_range(key).await
    }

    /// For the owner's home page: each quiz's completions and starts over the last
    /// [`OVERVIEW_DAYS`] days, and its refused completions over the days refusals are kept.
    pub async fn overview(&self) -> Result<store::Overview, String> {
        self.refusals.flush(&self.store).await;
        let today = today();
        let keys: Vec<&str> = self.quizzes.keys().map(String::as_str).collect();
        self.store.overview(&keys, today - OVERVIEW_DAYS + 1, today - refusals::DAYS_KEPT + 1).await
    }

    /// Refused completions of an accepted quiz (or, for [`refusals::UNKNOWN_QUIZ`], of quizzes
    /// the server does not take) over the days they are kept: (day, reason, origin, count),
    /// with what is still waiting in memory written first.
    pub async fn refused_completions(&self, key: &str) -> Result<Vec<(i64, String, String, i64)>, String> {
        self.refusals.flush(&self.store).await;
        self.store.refusals(key, today() - refusals::DAYS_KEPT + 1).await
    }

    /// The latest webhook deliveries of a quiz, newest first.
    pub async fn deliveries(&self, key: &str) -> Result<Vec<Delivery>, String> {
        self.store.deliveries(key).await
    }

    /// The raw completions of an accepted quiz on the days `first` to `last`, oldest day
    /// first, streamed from the database in chunks (see [`Store::stream_completions`]).
    pub fn completions(
        &self,
        key: &str,
        first: i64,
        last: i64,
    ) -> impl futures_util::Stream<Item = Result<store::Chunk, String>> + Send + 'static {
        self.store.stream_completions(key, first, last)
    }

    /// What lies on the days `first` to `last` for an accepted quiz (what deleting them would
    /// delete).
    pub async fn held(&self, key: &str, first: i64, last: i64) -> Result<store::Held, String> {
        self.store.held(key, first, last).await
    }

    /// Deletes the completions of an accepted quiz on the days `first` to `last` (with their
    /// webhook deliveries not made yet, and the starts and stops counted those days), as the
    /// owner asked; logged. What was deleted.
    pub async fn delete_between(&self, key: &str, first: i64, last: i64) -> Result<store::Held, String> {
        let deleted = self.store.delete_between(key, first, last).await?;
        self.summaries.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).remove(key);
        tracing::warn!(
            quiz = %key,
            from = %date(first),
            to = %date(last),
            completions = deleted.completions,
            starts = deleted.starts,
            stops = deleted.stops,
            "the owner deleted completions"
        );
        Ok(deleted)
    }

    /// What the owner's aggregates export holds for the days `first` to `last`, read from
    /// the count tables only: the summary with counts and no minimum, `labels` (each outcome
    /// id's name), `days` (started and completed per day), `stoppedAt` (readers who left at
    /// each step, with its label), `answers` (how often each choice was chosen, with the
    /// question's and the choice's texts) and `pages` (completions by the page's path).
    pub async fn aggregates(&self, key: &str, first: i64, last: i64) -> Result<Value, String> {
        let quiz = &self.quizzes[key].quiz;
        let tallies = self.store.tallies(key, first, last).await?;
        let days = self.store.days(key, first, last).await?;
        let stops = self.store.stops(key, first, last).await?;
        let choices = self.store.choices(key, first, last).await?;
        let pages = self.store.pages(key, first, last).await?;
        let owner = Config { min_completions: 0, show_counts: true, ..(*self.config).clone() };
        // The summary as the API encodes it (its one encoder), with the owner's fields beside.
        let encoded = summary::summarize(key, quiz, &tallies, &owner).encode();
        let mut summary: Value = serde_json::from_str(&encoded).map_err(|error| error.to_string())?;
        let mut labels: serde_json::Map<String, Value> =
            quiz.outcomes.iter().map(|outcome| (outcome.id.clone(), json!(outcome.label))).collect();
        labels.insert(summary::NONE.into(), json!(quiz.ui.answers_suggest_none));
        summary["labels"] = Value::Object(labels);
        summary["days"] = json!(
            days.iter()
                .map(
                    |(day, started, completed)| json!({ "day": date(*day), "started": started, "completed": completed })
                )
                .collect::<Vec<_>>()
        );
        let steps = figures::step_labels(quiz);
        summary["stoppedAt"] = json!(
            stops
                .iter()
                .map(|(step, count)| {
                    let label = usize::try_from(*step - 1).ok().and_then(|idx| steps.get(idx));
                    json!({ "question": step, "label": label, "readers": count })
                })
                .collect::<Vec<_>>()
        );
        let chosen: HashMap<(&str, &str), i64> =
            choices.iter().map(|(question, choice, count)| ((question.as_str(), choice.as_str()), *count)).collect();
        // Every choice of the quiz in its order, chosen or not.
        summary["answers"] = json!(
            quiz.questions
                .iter()
                .flat_map(|question| question.choices.iter().map(move |choice| (question, choice)))
                .map(|(question, choice)| json!({
                    "question": question.id, "questionLabel": question.prompt,
                    "choice": choice.id, "choiceLabel": choice.text,
                    "count": chosen.get(&(question.id.as_str(), choice.id.as_str())).copied().unwrap_or(0),
                }))
                .collect::<Vec<_>>()
        );
        summary["pages"] =
            json!(pages.iter().map(|(page, count)| json!({ "page": page, "count": count })).collect::<Vec<_>>());
        Ok(summary)
    }

    /// Whether the database answers.
    pub async fn healthy(&self) -> bool {
        self.store.healthy().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_summary_cache_holds_one_summary_per_accepted_quiz_whatever_is_asked() {
        let dir = tempfile::tempdir().unwrap();
        let mut config = Config {
            database: format!("sqlite://{}", dir.path().join("results.db").display()),
            summary_max_age: 3600,
            ..Config::default()
        };
        config.quizzes.insert(
            "climb".into(),
            crate::config::QuizConfig {
                file: Some(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/quizzes/climb.json").into()),
                ..Default::default()
            },
        );
        let app = App::open(config).await.unwrap();
        for n in 0..1000 {
            let refused = app.summary(&format!("quiz-{n}"), None).await.unwrap_err();
            assert_eq!(refused.code, "unknown_quiz");
        }
        for key in ["climb", "four-transitions", "climb"] {
            app.summary(key, None).await.unwrap();
        }
        assert_eq!(app.summaries_kept(), 2, "the two accepted quizzes, nothing for the 1,000 others");
        app.store.close().await;
    }
}
