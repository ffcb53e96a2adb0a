//! Abuse control without personal data, in fixed memory.
//!
//! **A reader** is the network a request comes from: its IPv4 address, or the /64 prefix of
//! its IPv6 address (one household or office gets a /64, and can pick any address in it), as
//! a hash under a salt that is random, held in memory only and replaced every day. Headers
//! (user agent, cookies) are not part of it, so changing them does not make a new reader;
//! and nothing kept can be traced back to an address, even by the server's owner.
//!
//! - [`DailyCap`]: at most `daily_cap` completions per reader per quiz per day, and as many
//!   starts and as many stops. It remembers at most `tracked_readers` counts; past that, a
//!   new count takes the place of the smallest and starts from it (the "space-saving"
//!   scheme), so a count is never lower than the truth and flooding the table cannot reset
//!   anyone's count.
//! - [`RateLimit`]: a token bucket per reader (a burst, then a steady rate), as the generic
//!   cell rate algorithm: one instant per reader, at most `tracked_readers` of them; past
//!   that, the reader whose bucket is fullest again is forgotten first.
//!
//! Written here rather than with `tower_governor`/`governor`: their keyed stores grow by one
//! entry per key without a bound, and the bound, the daily salt and counting per day are the
//! point of this module.

use std::collections::hash_map::RandomState;
use std::collections::{BTreeSet, HashMap};
use std::hash::{BuildHasher, Hash};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The network a reader is counted by: an IPv4 address whole, an IPv6 address's /64.
pub fn network(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V4(v4) => IpAddr::V4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let segments = v6.segments();
                IpAddr::V6(std::net::Ipv6Addr::new(segments[0], segments[1], segments[2], segments[3], 0, 0, 0, 0))
            }
        },
    }
}

/// Values by key, at most `bound` of them, ordered so the smallest is found at once.
struct Ranked<V: Ord + Copy> {
    values: HashMap<u64, V>,
    order: BTreeSet<(V, u64)>,
    bound: usize,
}

impl<V: Ord + Copy> Ranked<V> {
    fn new(bound: usize) -> Ranked<V> {
        Ranked { values: HashMap::new(), order: BTreeSet::new(), bound: bound.max(1) }
    }

    fn get(&self, key: u64) -> Option<V> {
        self.values.get(&key).copied()
    }

    /// Sets `key` to `value`; a new key in a full table first removes the smallest value's key.
    fn set(&mut self, key: u64, value: V) {
        if let Some(old) = self.values.insert(key, value) {
            self.order.remove(&(old, key));
        } else if self.values.len() > self.bound
            && let Some((_, evicted)) = self.order.pop_first()
        {
            self.values.remove(&evicted);
        }
        self.order.insert((value, key));
    }

    /// The smallest value, when the table is full (what a new key would take the place of).
    fn smallest_if_full(&self) -> Option<V> {
        (self.values.len() >= self.bound).then(|| self.order.first().map(|(value, _)| *value)).flatten()
    }

    fn len(&self) -> usize {
        self.values.len()
    }

    fn clear(&mut self) {
        self.values.clear();
        self.order.clear();
    }
}

/// What a daily count is of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Counted {
    Completion,
    Start,
    Stop,
}

/// Today's salt and counts.
struct CapDay {
    day: i64,
    salt: RandomState,
    counts: Ranked<u32>,
}

/// The daily cap per reader, quiz and kind of request, in at most `tracked` counts.
pub struct DailyCap {
    cap: u32,
    today: Mutex<CapDay>,
}

impl DailyCap {
    /// A cap of `cap` a day, remembering at most `tracked` (reader, quiz, kind) counts.
    pub fn new(cap: u32, tracked: usize) -> DailyCap {
        DailyCap {
            cap,
            today: Mutex::new(CapDay { day: i64::MIN, salt: RandomState::new(), counts: Ranked::new(tracked) }),
        }
    }

    fn key(today: &mut CapDay, day: i64, network: IpAddr, quiz: &str, kind: Counted) -> u64 {
        if today.day != day {
            today.day = day;
            today.salt = RandomState::new();
            today.counts.clear();
        }
        today.salt.hash_one((network, quiz, kind))
    }

    /// Counts one for this reader's network, quiz and kind on `day`; false (and nothing
    /// counted) when that would pass the cap. A new day brings a new salt and no counts.
    pub fn admit(&self, day: i64, address: IpAddr, quiz: &str, kind: Counted) -> bool {
        let mut today = self.today.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let key = Self::key(&mut today, day, network(address), quiz, kind);
        let count = today.counts.get(key).or_else(|| today.counts.smallest_if_full()).unwrap_or(0);
        if count >= self.cap {
            return false;
        }
        today.counts.set(key, count + 1);
        true
    }

    /// Gives back one count taken by [`DailyCap::admit`] (a retry of a completion already
    /// stored costs nothing).
    pub fn refund(&self, day: i64, address: IpAddr, quiz: &str, kind: Counted) {
        let mut today = self.today.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if today.day != day {
            return;
        }
        let key = Self::key(&mut today, day, network(address), quiz, kind);
        if let Some(count) = today.counts.get(key) {
            today.counts.set(key, count.saturating_sub(1));
        }
    }

    /// Counts remembered now (at most the bound given to [`DailyCap::new`]).
    pub fn remembered(&self) -> usize {
        self.today.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).counts.len()
    }
}

/// The rate limit's salt (replaced daily, like the cap's) and each reader's bucket, as the
/// instant its bucket will be full again (the GCRA's "theoretical arrival time").
struct RateDay {
    day: i64,
    salt: RandomState,
    full_at: Ranked<Instant>,
}

/// A token bucket per reader: `burst` requests at once, then one every `interval`.
pub struct RateLimit {
    interval: Duration,
    burst: u32,
    state: Mutex<RateDay>,
}

impl RateLimit {
    /// `burst` at once and `per_minute` after that, for at most `tracked` readers.
    pub fn new(burst: u32, per_minute: u32, tracked: usize) -> RateLimit {
        RateLimit::every(burst, Duration::from_secs(60) / per_minute.max(1), tracked)
    }

    /// `burst` at once and one every `interval` after that, for at most `tracked` readers.
    pub fn every(burst: u32, interval: Duration, tracked: usize) -> RateLimit {
        let state = RateDay { day: i64::MIN, salt: RandomState::new(), full_at: Ranked::new(tracked) };
        RateLimit { interval, burst: burst.max(1), state: Mutex::new(state) }
    }

    /// Takes one token from the bucket of `who` (any hashable key: a reader's network, or
    /// `()` for one bucket shared by all) at `now`: `Ok` when there was one, else how long
    /// until there is.
    pub fn check(&self, day: i64, who: impl Hash, now: Instant) -> Result<(), Duration> {
        let mut state = self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if state.day != day {
            state.day = day;
            state.salt = RandomState::new();
            state.full_at.clear();
        }
        let key = state.salt.hash_one(who);
        // A bucket forgotten, or never seen, is full: it is "full again" now.
        let full_at = state.full_at.get(key).unwrap_or(now).max(now);
        let tolerance = self.interval * (self.burst - 1);
        if full_at > now + tolerance {
            return Err(full_at - (now + tolerance));
        }
        state.full_at.set(key, full_at + self.interval);
        Ok(())
    }

    /// Readers remembered now.
    pub fn remembered(&self) -> usize {
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).full_at.len()
    }
}

/// Whether a user agent is missing or names itself a bot, crawler or spider. Used to drop
/// such requests, never stored or hashed.
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

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn a_reader_is_an_ipv4_address_or_an_ipv6_64() {
        assert_eq!(network(ip("192.0.2.7")), ip("192.0.2.7"));
        assert_eq!(network(ip("2001:db8:1:2:aaaa:bbbb:cccc:dddd")), ip("2001:db8:1:2::"));
        assert_eq!(network(ip("2001:db8:1:2::1")), network(ip("2001:db8:1:2:ffff::9")));
        assert_ne!(network(ip("2001:db8:1:2::1")), network(ip("2001:db8:1:3::1")));
        assert_eq!(network(ip("::ffff:192.0.2.7")), ip("192.0.2.7"));
    }

    #[test]
    fn the_cap_counts_per_network_quiz_and_kind_and_resets_each_day() {
        let cap = DailyCap::new(2, 100);
        let (home, office) = (ip("192.0.2.1"), ip("192.0.2.2"));
        assert!(cap.admit(1, home, "q", Counted::Completion));
        assert!(cap.admit(1, home, "q", Counted::Completion));
        assert!(!cap.admit(1, home, "q", Counted::Completion), "third on the same day");
        assert!(cap.admit(1, home, "q", Counted::Start), "starts are counted apart");
        assert!(cap.admit(1, home, "other", Counted::Completion), "another quiz");
        assert!(cap.admit(1, office, "q", Counted::Completion), "another address");
        assert!(cap.admit(2, home, "q", Counted::Completion), "a new day");
        // A refund gives one back.
        assert!(cap.admit(2, home, "q", Counted::Completion));
        assert!(!cap.admit(2, home, "q", Counted::Completion));
        cap.refund(2, home, "q", Counted::Completion);
        assert!(cap.admit(2, home, "q", Counted::Completion));
    }

    #[test]
    fn addresses_in_one_ipv6_64_share_a_count() {
        let cap = DailyCap::new(3, 100);
        for n in 1..=3 {
            assert!(cap.admit(1, ip(&format!("2001:db8:5:6::{n}")), "q", Counted::Completion));
        }
        assert!(!cap.admit(1, ip("2001:db8:5:6:ffff:ffff:ffff:ffff"), "q", Counted::Completion));
        assert!(cap.admit(1, ip("2001:db8:5:7::1"), "q", Counted::Completion), "another /64");
    }

    #[test]
    fn the_cap_stays_within_its_bound_and_a_flood_resets_no_one() {
        let cap = DailyCap::new(5, 1000);
        let capped = ip("198.51.100.1");
        for _ in 0..5 {
            assert!(cap.admit(1, capped, "q", Counted::Completion));
        }
        // Ten times the bound of other readers, each once.
        for n in 0..10_000u32 {
            let other = IpAddr::V4(std::net::Ipv4Addr::from(0x0a00_0000 + n));
            cap.admit(1, other, "q", Counted::Completion);
            assert!(cap.remembered() <= 1000);
        }
        assert_eq!(cap.remembered(), 1000);
        assert!(!cap.admit(1, capped, "q", Counted::Completion), "still capped after the flood");
    }

    #[test]
    fn a_bucket_gives_its_burst_then_its_rate() {
        let limit = RateLimit::every(3, Duration::from_secs(1), 100);
        let start = Instant::now();
        let who = network(ip("192.0.2.1"));
        for _ in 0..3 {
            assert_eq!(limit.check(1, who, start), Ok(()));
        }
        let wait = limit.check(1, who, start).unwrap_err();
        assert_eq!(wait, Duration::from_secs(1));
        assert_eq!(limit.check(1, network(ip("192.0.2.2")), start), Ok(()), "another reader");
        assert_eq!(limit.check(1, who, start + Duration::from_secs(1)), Ok(()), "one more a second later");
        assert!(limit.check(1, who, start + Duration::from_secs(1)).is_err());
        assert_eq!(limit.check(1, who, start + Duration::from_secs(10)), Ok(()));
    }

    #[test]
    fn the_rate_limit_stays_within_its_bound() {
        let limit = RateLimit::every(2, Duration::from_secs(60), 500);
        let now = Instant::now();
        let flooder = ip("192.0.2.9");
        assert!(limit.check(1, flooder, now).is_ok() && limit.check(1, flooder, now).is_ok());
        for n in 0..5_000u32 {
            let _ = limit.check(1, IpAddr::V4(std::net::Ipv4Addr::from(0x0a00_0000 + n)), now);
            assert!(limit.remembered() <= 500);
        }
        assert_eq!(limit.remembered(), 500);
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
