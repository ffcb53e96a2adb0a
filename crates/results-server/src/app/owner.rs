//! The owner's sign-in: the secret from the configuration, checked in constant time; tries
//! throttled per address and for everyone together; sessions kept in the database, so a
//! restart does not sign the owner out.
//!
//! - **Compare**: SHA-256 of the secret tried against SHA-256 of the real one, with
//!   `subtle`'s constant-time equality: the time taken says nothing about where they differ
//!   or how long the secret is.
//! - **Throttle**: each try takes a token before the secret is looked at, from the address's
//!   bucket ([`PER_ADDRESS_BURST`] at once, then one a minute) and then from everyone's
//!   ([`EVERYONE_BURST`] at once, then one every 10 seconds). A try without a token is
//!   refused unchecked, so a thousand guesses sent at once get no more checks than a thousand
//!   sent one by one. (While someone floods the form from many addresses, the owner may have
//!   to wait too: a guessed secret is the worse outcome.)
//! - **Sessions**: a random token in the cookie, its SHA-256 in the database with the
//!   session's CSRF token and its end; at most `MAX_SESSIONS` (a new one ends the oldest).

use std::net::IpAddr;
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::app::days::today;
use crate::app::limits::{RateLimit, network};
use crate::app::store::{Store, now_ms};

/// How long a session lasts.
pub const SESSION: Duration = Duration::from_secs(12 * 3600);
/// Tries one address may make at once; then one a minute.
pub const PER_ADDRESS_BURST: u32 = 5;
/// Tries everyone together may make at once; then one every 10 seconds.
pub const EVERYONE_BURST: u32 = 20;
/// Addresses the per-address throttle remembers.
const TRACKED_ADDRESSES: usize = 10_000;

/// How a sign-in went.
#[derive(Debug, PartialEq, Eq)]
pub enum SignIn {
    /// The right secret: a new session's token (for the cookie).
    Signed { token: String },
    /// Not the secret.
    Wrong,
    /// Too many tries: none checked; try again after this long.
    Throttled(Duration),
}

/// The sign-in side: the secret's hash and the throttles.
pub struct Owner {
    secret: Option<[u8; 32]>,
    per_address: RateLimit,
    everyone: RateLimit,
}

/// 32 random bytes, hex: a session or CSRF token.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system gives random bytes");
    hex(&bytes)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

fn hash(text: &str) -> [u8; 32] {
    Sha256::digest(text.as_bytes()).into()
}

/// Whether two strings are equal, in time that depends on neither (their hashes compared in
/// constant time): for secrets and CSRF tokens.
pub fn same(given: &str, expected: &str) -> bool {
    bool::from(hash(given).ct_eq(&hash(expected)))
}

impl Owner {
    /// The sign-in for `secret` (none: nobody can sign in).
    pub fn new(secret: Option<&str>) -> Owner {
        Owner {
            secret: secret.map(hash),
            per_address: RateLimit::every(PER_ADDRESS_BURST, Duration::from_secs(60), TRACKED_ADDRESSES),
            everyone: RateLimit::every(EVERYONE_BURST, Duration::from_secs(10), 1),
        }
    }

    /// A try of `given` from `address`: throttled, then compared, then a session.
    pub async fn sign_in(&self, store: &Store, address: IpAddr, given: &str) -> Result<SignIn, String> {
        let (day, now) = (today(), Instant::now());
        if let Err(wait) = self.per_address.check(day, network(address), now) {
            return Ok(SignIn::Throttled(wait));
        }
        if let Err(wait) = self.everyone.check(day, (), now) {
            return Ok(SignIn::Throttled(wait));
        }
        let Some(secret) = &self.secret else { return Ok(SignIn::Wrong) };
        if !bool::from(hash(given).ct_eq(secret)) {
            tracing::warn!("a wrong dashboard secret was tried");
            return Ok(SignIn::Wrong);
        }
        let token = random_token();
        let now = now_ms();
        store.open_session(&hex(&hash(&token)), &random_token(), now, now + SESSION.as_millis() as i64).await?;
        Ok(SignIn::Signed { token })
    }

    /// The CSRF token of the live session whose cookie holds `token`.
    pub async fn session(&self, store: &Store, token: &str) -> Result<Option<String>, String> {
        store.session(&hex(&hash(token)), now_ms()).await
    }

    /// Ends the session whose cookie holds `token`.
    pub async fn sign_out(&self, store: &Store, token: &str) -> Result<(), String> {
        store.close_session(&hex(&hash(token))).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_compare_whole_whatever_their_length() {
        assert!(same("abc", "abc"));
        assert!(!same("abc", "abd") && !same("abc", "ab") && !same("", "a") && !same("abcd", "abc"));
    }
}
