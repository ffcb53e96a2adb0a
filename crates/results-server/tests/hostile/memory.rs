//! Bounded memory: what the server remembers per reader or per owner has a fixed bound, and
//! each is driven past it here. (Before issue 20: the daily cap's map gained an entry per
//! address and user agent without end; sessions were kept in memory without a bound.) The
//! delivery log's bound is driven past in `webhooks.rs`, the rate limit's and the card
//! cache's in the unit tests of `app::limits` and `app::share`.

use crate::common::*;
use crate::{SECRET, alone, complete_from, owner_get, sign_in};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_of_readers_does_not_grow_the_servers_memory_nor_reset_a_capped_reader() {
    let _alone = alone().await;
    // The tables are in memory, whatever the database: SQLite only, to keep the suite short.
    for (database, _dir) in databases().await.into_iter().take(1) {
        // Behind a proxy (127.0.0.1), so each request can come from another address.
        let toml = format!(
            "trust_forwarded_for = true\ndaily_cap = 3\ntracked_readers = 1000\nrate_burst = 1000000\n{}",
            quiz_toml("")
        );
        let server = spawn(Launch { toml: &toml, database: &database, open_files: None });
        let capped = "198.51.100.1";
        for n in 0..3 {
            let body = completion(&format!("memorymemorymemo{n:04}"), first());
            assert_eq!(complete_from(&server, capped, AGENT, &body).await, 200, "{database}");
        }
        let over = completion("memorymemorymemo0003", first());
        assert_eq!(complete_from(&server, capped, AGENT, &over).await, 429, "{database}: at the cap");

        // Retries of one stored completion from ever new addresses and user agents: nothing is
        // stored, and nothing should be remembered past the table's bound either.
        let retry = completion("memorymemorymemo0000", first());
        let flood = |from: u32, to: u32| {
            let (server_url, retry) = (server.url("/api/v1/completions"), retry.clone());
            async move {
                let client = client();
                let mut tasks = Vec::new();
                for worker in 0..8u32 {
                    let (client, url, body) = (client.clone(), server_url.clone(), retry.to_string());
                    tasks.push(tokio::spawn(async move {
                        let mut ok = 0u32;
                        for n in (from + worker..to).step_by(8) {
                            let address = std::net::Ipv4Addr::from(0x0a00_0000 + n).to_string();
                            let sent = client
                                .post(&url)
                                .header("content-type", "application/json")
                                .header("origin", PAGE)
                                .header("user-agent", format!("{AGENT} flood/{n}"))
                                .header("x-forwarded-for", address)
                                .body(body.clone())
                                .send()
                                .await;
                            ok += u32::from(sent.is_ok_and(|response| response.status().as_u16() == 200));
                        }
                        ok
                    }));
                }
                let mut ok = 0;
                for task in tasks {
                    ok += task.await.unwrap();
                }
                ok
            }
        };
        // Warm up (the table fills to its bound, buffers and caches reach their size), then
        // eight times as many new readers again.
        assert_eq!(flood(0, 5_000).await, 5_000, "{database}: retries of a stored id are answered");
        let before = server.rss_kb();
        assert_eq!(flood(5_000, 45_000).await, 40_000, "{database}");
        let after = server.rss_kb();
        assert!(
            after.saturating_sub(before) < 1536,
            "{database}: 40,000 more readers grew the server from {before} KB to {after} KB"
        );
        assert_eq!(complete_from(&server, capped, AGENT, &over).await, 429, "{database}: the flood reset no one");
    }
}

#[tokio::test]
async fn sessions_are_bounded_and_a_new_one_ends_the_oldest() {
    const MAX_SESSIONS: usize = 16;
    for (database, _dir) in databases().await {
        let toml = format!("trust_forwarded_for = true\ndashboard_secret = \"{SECRET}\"\n{}", quiz_toml(""));
        let server = spawn(Launch { toml: &toml, database: &database, open_files: None });
        let mut sessions = Vec::new();
        for n in 0..=MAX_SESSIONS {
            // Each from its own address: the sign-in throttle is per address.
            let (answer, session) = sign_in(&server, SECRET, &format!("192.0.2.{}", n + 1)).await;
            assert_eq!(answer.status().as_u16(), 303, "{database}: sign-in {n}");
            sessions.push(session.expect("a session cookie"));
        }
        let (status, page) = owner_get(&server, &sessions[0], "/dashboard/quiz/climb").await;
        assert_eq!(status, 401, "{database}: the oldest session ended");
        assert!(page.contains("name=\"secret\""), "{database}: the sign-in form");
        let (status, _) = owner_get(&server, &sessions[MAX_SESSIONS], "/dashboard/quiz/climb").await;
        assert_eq!(status, 200, "{database}: the newest lives");
        let (status, _) = owner_get(&server, &sessions[1], "/dashboard/quiz/climb").await;
        assert_eq!(status, 200, "{database}: and the other {} with it", MAX_SESSIONS - 1);
    }
}
