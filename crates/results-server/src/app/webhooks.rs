//! Webhooks that survive a restart: each new completion of a quiz with a `webhook` is written
//! to the outbox in the same transaction as the completion (see the store), and one delivery
//! worker POSTs it to the owner's URL, signed with HMAC-SHA256 under the webhook's secret,
//! retried with back-off, never on the reader's path.
//!
//! - **One worker, bounded**: at most [`IN_FLIGHT`] deliveries at once, each attempt at most
//!   `webhook_timeout_ms`, so a slow or dead endpoint holds a few sockets, never one per
//!   completion.
//! - **At least once, deduplicated by id**: a delivery leaves the outbox only after its
//!   endpoint answered; a server killed mid-delivery sends it again after a restart (once
//!   its claim lapses), with the same `id`, so the receiver keeps one per id.
//! - **Back-off**: a failed attempt is tried again after `webhook_backoff_ms`, then twice
//!   that, and so on, [`ATTEMPTS`] attempts in all; then it is given up and logged.
//! - **Drained on a graceful stop**: the worker finishes the attempts under way and the
//!   deliveries already due (for at most [`DRAIN`]); the rest waits in the outbox.
//! - **The log** is in the database: the latest deliveries per quiz (day, outcome, attempts,
//!   the last answer), nothing about the reader.
//!
//! Headers: `X-Transition-Quiz-Signature: sha256=<hex of HMAC-SHA256(secret, body)>`,
//! `X-Transition-Quiz-Event: completion`, `X-Transition-Quiz-Delivery: <id>`,
//! `X-Transition-Quiz-Timestamp: <sentAt>`. Body: a [`Payload`], whose `id` (the
//! completion's, the same in every attempt) and `sentAt` (when this attempt was sent, Unix
//! seconds) the signature covers: a receiver keeps one per `id` and rejects an old `sentAt`,
//! so a recorded delivery replayed later is refused. Its keys are camelCase, like the API's,
//! the page's events and the exports'; a body an older server put in the outbox
//! (`further_up`, `sent_at`) is read and sent in today's keys.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use tokio_util::sync::CancellationToken;

use crate::app::days::date;
use crate::app::store::{Claimed, Completion, Delivery, Settled, Store, now_ms};
use crate::config::Config;

/// Attempts per delivery, the first included.
pub const ATTEMPTS: i64 = 10;
/// Deliveries attempted at once, at most.
pub const IN_FLIGHT: usize = 4;
/// How long a graceful stop waits for deliveries already due.
pub const DRAIN: Duration = Duration::from_secs(5);
/// The result logged for a delivery whose quiz no longer has a webhook.
const NO_WEBHOOK: &str = "no webhook configured";
/// How often the outbox is looked at when nothing rang (retries coming due, other instances).
const POLL: Duration = Duration::from_secs(1);

/// What a webhook receives for a completion: one type, encoded here, decoded by tests (and,
/// in the README's words, by the owner's receiver). Keys camelCase (`furtherUp`, `sentAt`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Payload {
    /// The completion's id: the same in every attempt, so a receiver keeps one per id.
    pub id: String,
    pub quiz: String,
    /// The gap the server's scoring named; `null` for no clear gap.
    pub outcome: Option<String>,
    /// Read under its older name too, from outbox rows written before the keys were camelCase.
    #[serde(alias = "further_up")]
    pub further_up: Option<String>,
    pub stage: Option<String>,
    pub hardest: Option<String>,
    /// Question id → choice id.
    pub answers: BTreeMap<String, String>,
    /// YYYY-MM-DD.
    pub day: String,
    /// The page's path.
    pub page: String,
    /// When this attempt was sent, in seconds since 1970 (UTC); set at each attempt (0 in
    /// the outbox, before any).
    #[serde(default, alias = "sent_at")]
    pub sent_at: i64,
}

impl Payload {
    /// The payload of a stored completion.
    pub fn of(completion: &Completion) -> Payload {
        Payload {
            id: completion.id.clone(),
            quiz: completion.quiz.clone(),
            outcome: completion.outcome.clone(),
            further_up: completion.further_up.clone(),
            stage: completion.stage.clone(),
            hardest: completion.hardest.clone(),
            answers: crate::app::completions::answers_of(&completion.answers),
            day: date(completion.day),
            page: completion.page_path.clone(),
            sent_at: 0,
        }
    }

    /// The body of an attempt sent at `now_ms` (Unix ms): the stored body with `sentAt`
    /// set (and in today's keys), or the stored body as it is if it cannot be read as a payload.
    pub fn stamped(stored: &str, now_ms: i64) -> String {
        match serde_json::from_str::<Payload>(stored) {
            Ok(payload) => Payload { sent_at: now_ms.div_euclid(1000), ..payload }.to_json(),
            Err(_) => stored.to_string(),
        }
    }

    /// The JSON body.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a payload serializes")
    }
}

/// `sha256=` and the hex HMAC-SHA256 of `body` under `secret`: the signature header's value.
pub fn signature(secret: &str, body: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes a key of any length");
    mac.update(body.as_bytes());
    let digest = mac.finalize().into_bytes();
    format!("sha256={}", digest.iter().map(|byte| format!("{byte:02x}")).collect::<String>())
}

/// The delivery worker: one per server.
pub struct Worker {
    store: Store,
    config: Arc<Config>,
    client: reqwest::Client,
    backoff: Duration,
    timeout: Duration,
}

/// How one attempt went.
enum Attempt {
    Delivered(String),
    Failed(String),
}

impl Worker {
    /// A worker for the webhooks in `config`, on `store`'s outbox.
    pub fn new(store: Store, config: Arc<Config>) -> Worker {
        let timeout = Duration::from_millis(config.webhook_timeout_ms);
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .pool_max_idle_per_host(IN_FLIGHT)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("transition-quiz-results/", env!("CARGO_PKG_VERSION")))
            .build()
            .expect("an HTTP client");
        Worker { store, backoff: Duration::from_millis(config.webhook_backoff_ms), config, client, timeout }
    }

    /// How long a claimed delivery is held: long enough for a batch of attempts, after which
    /// a server that died mid-delivery no longer holds it.
    fn claim(&self) -> Duration {
        self.timeout * 2 + Duration::from_secs(1)
    }

    /// Delivers until `stop`, then drains what is due for at most [`DRAIN`].
    pub async fn run(self, stop: CancellationToken) {
        loop {
            let delivered = self.round().await;
            if stop.is_cancelled() {
                break;
            }
            if delivered == 0 {
                tokio::select! {
                    () = self.store.outbox_ready() => {}
                    () = tokio::time::sleep(POLL) => {}
                    () = stop.cancelled() => break,
                }
            }
        }
        let drained = tokio::time::timeout(DRAIN, async { while self.round().await > 0 {} }).await;
        if drained.is_err() {
            tracing::info!("webhook deliveries still due wait in the outbox for the next start");
        }
    }

    /// Claims what is due and attempts it; how many were claimed.
    async fn round(&self) -> usize {
        let now = now_ms();
        let until = now + self.claim().as_millis() as i64;
        let claimed = match self.store.claim_deliveries(now, until, IN_FLIGHT as i64).await {
            Ok(claimed) => claimed,
            Err(error) => {
                tracing::error!(%error, "the outbox could not be read");
                tokio::time::sleep(POLL).await;
                return 0;
            }
        };
        let attempts = claimed.iter().map(|delivery| self.attempt(delivery));
        let results = futures_util::future::join_all(attempts).await;
        let settled: Vec<(Claimed, Settled)> = claimed
            .iter()
            .zip(results)
            .map(|(delivery, result)| (delivery.clone(), self.settle(delivery, result)))
            .collect();
        if let Err(error) = self.store.settle_deliveries(settled).await {
            tracing::error!(%error, "webhook deliveries' results could not be written");
        }
        claimed.len()
    }

    /// One attempt at one delivery.
    async fn attempt(&self, delivery: &Claimed) -> Attempt {
        let Some(webhook) = self.config.quizzes.get(&delivery.quiz).and_then(|quiz| quiz.webhook.as_ref()) else {
            return Attempt::Failed(NO_WEBHOOK.into());
        };
        let sent_at = now_ms();
        let body = Payload::stamped(&delivery.body, sent_at);
        let sent = self
            .client
            .post(&webhook.url)
            .header("content-type", "application/json")
            .header("x-transition-quiz-event", "completion")
            .header("x-transition-quiz-delivery", &delivery.id)
            .header("x-transition-quiz-timestamp", sent_at.div_euclid(1000).to_string())
            .header("x-transition-quiz-signature", signature(&webhook.secret, &body))
            .body(body)
            .send()
            .await;
        match sent {
            Ok(response) if response.status().is_success() => {
                Attempt::Delivered(response.status().as_u16().to_string())
            }
            Ok(response) => Attempt::Failed(response.status().as_u16().to_string()),
            Err(error) if error.is_timeout() => Attempt::Failed("timeout".into()),
            Err(_) => Attempt::Failed("no connection".into()),
        }
    }

    /// How an attempt ends: into the log when delivered or given up, else back in the outbox
    /// for later.
    fn settle(&self, delivery: &Claimed, result: Attempt) -> Settled {
        let payload: Option<Payload> = serde_json::from_str(&delivery.body).ok();
        let logged = |result: String, delivered: bool| {
            Settled::Finished(Delivery {
                day: payload.as_ref().and_then(|payload| crate::app::days::day_of(&payload.day)).unwrap_or(0),
                outcome: payload.as_ref().and_then(|payload| payload.outcome.clone()),
                attempts: delivery.attempts,
                result,
                delivered,
            })
        };
        match result {
            Attempt::Delivered(status) => logged(status, true),
            Attempt::Failed(why) if delivery.attempts >= ATTEMPTS || why == NO_WEBHOOK => {
                tracing::warn!(quiz = %delivery.quiz, result = %why, "a webhook delivery failed after every attempt");
                logged(why, false)
            }
            Attempt::Failed(_) => {
                let wait = self.backoff.saturating_mul(1 << (delivery.attempts - 1).clamp(0, 20));
                Settled::Again { due: now_ms() + wait.as_millis() as i64 }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_payload_is_camel_case_and_one_from_an_older_outbox_is_sent_in_todays_keys() {
        let older = r#"{"id":"aaaaaaaaaaaaaaaa0001","quiz":"climb","outcome":"first","further_up":"third","stage":"first","hardest":null,"answers":{"q1":"a"},"day":"2026-12-06","page":"/post","sent_at":0}"#;
        let sent: serde_json::Value = serde_json::from_str(&Payload::stamped(older, 1_765_000_000_999)).unwrap();
        assert_eq!(sent["furtherUp"], "third");
        assert_eq!(sent["sentAt"], 1_765_000_000);
        let keys: Vec<&String> = sent.as_object().unwrap().keys().collect();
        assert!(keys.iter().all(|key| !key.contains('_')), "{keys:?}");
        // Today's body reads back as it was written.
        let payload: Payload = serde_json::from_value(sent.clone()).unwrap();
        assert_eq!(serde_json::from_str::<serde_json::Value>(&payload.to_json()).unwrap(), sent);
    }

    #[test]
    fn the_signature_is_rfc_4231s_hmac_sha256() {
        // RFC 4231, test case 2: key "Jefe", data "what do ya want for nothing?".
        assert_eq!(
            signature("Jefe", "what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }
}
