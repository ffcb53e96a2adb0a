//! Abuse control without personal data: a cap on completions per reader per quiz per day,
//! where a reader is a hash of their address and user agent under a salt that is random,
//! held in memory only and replaced every day, so nothing kept can be traced back to anyone,
//! even by the server's owner; and requests from obvious bots, or without a user agent,
//! dropped.
//!
//! Written by hand: the cap is a count per day, not a rate per second, which is what
//! token-bucket limiters (tower_governor) offer; and the salt's daily rotation is the point.

use std::collections::HashMap;
use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::net::IpAddr;
use std::sync::Mutex;

/// The daily cap's state: today's salt, and today's counts by (reader hash, quiz).
pub struct DailyCap {
    cap: u32,
    state: Mutex<Today>,
}

/// The day the salt and counts are for, the salt, and the counts by (reader hash, quiz).
type Today = (i64, RandomState, HashMap<(u64, String), u32>);

impl DailyCap {
    /// A cap of `cap` completions per reader per quiz per day.
    pub fn new(cap: u32) -> DailyCap {
        DailyCap { cap, state: Mutex::new((i64::MIN, RandomState::new(), HashMap::new())) }
    }

    /// Counts one completion for this reader and quiz on `today`; false when over the cap.
    /// A new day brings a new random salt and forgets every count.
    pub fn admit(&self, today: i64, address: IpAddr, user_agent: &str, quiz: &str) -> bool {
        let mut state = self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let (day, salt, counts) = &mut *state;
        if *day != today {
            *day = today;
            *salt = RandomState::new();
            counts.clear();
        }
        let reader = salt.hash_one((address, user_agent));
        let count = counts.entry((reader, quiz.to_string())).or_insert(0);
        if *count >= self.cap {
            return false;
        }
        *count += 1;
        true
    }
}

/// Whether a user agent is missing or names itself a bot, crawler or spider.
pub fn is_bot(user_agent: Option<&str>) -> bool {
    let Some(user_agent) = user_agent.map(str::trim).filter(|agent| !agent.is_empty()) else {
        return true;
    };
    let lower = user_agent.to_ascii_lowercase();
    ["bot", "crawler", "spider", "slurp", "facebookexternalhit", "preview"].iter().any(|word| lower.contains(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cap_counts_per_reader_and_quiz_and_resets_each_day() {
        let cap = DailyCap::new(2);
        let (home, office) = ("192.0.2.1".parse().unwrap(), "192.0.2.2".parse().unwrap());
        assert!(cap.admit(1, home, "A", "q"));
        assert!(cap.admit(1, home, "A", "q"));
        assert!(!cap.admit(1, home, "A", "q"), "third on the same day");
        assert!(cap.admit(1, home, "A", "other"), "another quiz");
        assert!(cap.admit(1, home, "B", "q"), "another browser at the same address");
        assert!(cap.admit(1, office, "A", "q"), "another address");
        assert!(cap.admit(2, home, "A", "q"), "a new day");
    }

    #[test]
    fn bots_and_readers_without_a_user_agent_are_dropped() {
        for (agent, bot) in [
            (None, true),
            (Some(""), true),
            (Some("Googlebot/2.1"), true),
            (Some("Mozilla/5.0 (compatible; bingbot/2.0)"), true),
            (Some("Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36"), false),
            (Some("Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/156.0"), false),
        ] {
            assert_eq!(is_bot(agent), bot, "{agent:?}");
        }
    }
}
