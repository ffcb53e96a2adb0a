//! Webhooks: each stored completion of a quiz with a `webhook` is POSTed as JSON to the
//! owner's URL, signed with HMAC-SHA256 under the webhook's secret, retried with back-off,
//! and never on the reader's path (the reader's 200 does not wait for it). The last deliveries
//! are kept in memory for the dashboard's delivery log: the day, the outcome, attempts and the
//! final status, nothing about the reader.
//!
//! Headers: `X-Transition-Quiz-Signature: sha256=<hex of HMAC-SHA256(secret, body)>` and
//! `X-Transition-Quiz-Event: completion`. Body: `{quiz, outcome, further_up, stage, hardest,
//! answers: {question: choice}, day: "YYYY-MM-DD", page}`.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::Duration;

use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::Sha256;

use crate::store::Completion;

/// Attempts per delivery, the first included.
pub const ATTEMPTS: u32 = 5;
/// Deliveries kept per quiz for the log.
const LOGGED: usize = 50;

/// One delivery, as the dashboard lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// The completion's day, YYYY-MM-DD.
    pub day: String,
    /// The completion's outcome, or empty for no clear gap.
    pub outcome: String,
    /// Attempts made.
    pub attempts: u32,
    /// The last answer: an HTTP status, or why there was none.
    pub result: String,
    /// Whether the endpoint took it (a 2xx).
    pub delivered: bool,
}

/// Sends deliveries and keeps their log.
pub struct Webhooks {
    client: reqwest::Client,
    backoff: Duration,
    log: Mutex<HashMap<String, VecDeque<Delivery>>>,
}

/// `sha256=` and the hex HMAC-SHA256 of `body` under `secret`: the signature header's value.
pub fn signature(secret: &str, body: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes a key of any length");
    mac.update(body.as_bytes());
    let digest = mac.finalize().into_bytes();
    format!("sha256={}", digest.iter().map(|byte| format!("{byte:02x}")).collect::<String>())
}

/// The JSON a webhook receives for a completion.
pub fn payload(completion: &Completion) -> Value {
    let answers: serde_json::Map<String, Value> = completion
        .answers
        .split(',')
        .filter_map(|pair| pair.split_once('='))
        .map(|(question, choice)| (question.to_string(), json!(choice)))
        .collect();
    json!({
        "quiz": completion.quiz,
        "outcome": completion.outcome,
        "further_up": completion.further_up,
        "stage": completion.stage,
        "hardest": completion.hardest,
        "answers": answers,
        "day": crate::dashboard::date(completion.day),
        "page": completion.page_path,
    })
}

impl Webhooks {
    /// Webhooks whose retries wait `backoff`, then twice that, and so on.
    pub fn new(backoff: Duration) -> Webhooks {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .user_agent(concat!("transition-quiz-results/", env!("CARGO_PKG_VERSION")))
            .build()
            .expect("an HTTP client");
        Webhooks { client, backoff, log: Mutex::new(HashMap::new()) }
    }

    /// Delivers `completion` to `url` in the background.
    pub fn deliver(self: &std::sync::Arc<Self>, url: String, secret: String, completion: &Completion) {
        let body = payload(completion).to_string();
        let quiz = completion.quiz.clone();
        let mut entry = Delivery {
            day: crate::dashboard::date(completion.day),
            outcome: completion.outcome.clone().unwrap_or_default(),
            attempts: 0,
            result: String::new(),
            delivered: false,
        };
        let webhooks = self.clone();
        tokio::spawn(async move {
            let signature = signature(&secret, &body);
            for attempt in 1..=ATTEMPTS {
                entry.attempts = attempt;
                let sent = webhooks
                    .client
                    .post(&url)
                    .header("content-type", "application/json")
                    .header("x-transition-quiz-event", "completion")
                    .header("x-transition-quiz-signature", &signature)
                    .body(body.clone())
                    .send()
                    .await;
                match sent {
                    Ok(response) if response.status().is_success() => {
                        entry.result = response.status().as_u16().to_string();
                        entry.delivered = true;
                        break;
                    }
                    Ok(response) => entry.result = response.status().as_u16().to_string(),
                    Err(error) => {
                        entry.result = if error.is_timeout() { "timeout".into() } else { "no connection".into() }
                    }
                }
                if attempt < ATTEMPTS {
                    tokio::time::sleep(webhooks.backoff * 2u32.pow(attempt - 1)).await;
                }
            }
            if !entry.delivered {
                tracing::warn!(quiz = %quiz, url = %url, result = %entry.result, "a webhook delivery failed after every attempt");
            }
            let mut log = webhooks.log.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            let deliveries = log.entry(quiz).or_default();
            deliveries.push_front(entry);
            deliveries.truncate(LOGGED);
        });
    }

    /// The latest deliveries for `quiz`, newest first.
    pub fn log(&self, quiz: &str) -> Vec<Delivery> {
        let log = self.log.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        log.get(quiz).map(|deliveries| deliveries.iter().cloned().collect()).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_is_rfc_4231s_hmac_sha256() {
        // RFC 4231, test case 2: key "Jefe", data "what do ya want for nothing?".
        assert_eq!(
            signature("Jefe", "what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }
}
