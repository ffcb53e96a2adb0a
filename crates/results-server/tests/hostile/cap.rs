//! The daily cap and the beacons cannot be forged by one client: a reader is its address (its
//! IPv6 /64), whatever its headers say; behind a proxy, the address the proxy saw; a retry of
//! a stored completion is free; starts and stops are rate-limited. And a room of 30 readers on
//! one office network still completes. (Before issue 20: a new user agent was a new reader,
//! the first X-Forwarded-For entry was believed, retries used up the cap, and beacons had no
//! limit at all.)

use serde_json::Value;

use crate::common::*;
use crate::complete_from;

fn capped_server(database: &str, more: &str) -> Spawned {
    let toml = format!("trust_forwarded_for = true\ndaily_cap = 10\n{more}\n{}", quiz_toml(""));
    spawn(Launch { toml: &toml, database, open_files: None })
}

#[tokio::test]
async fn changing_the_user_agent_does_not_beat_the_cap() {
    for (database, _dir) in databases().await {
        let server = capped_server(&database, "");
        let mut accepted = 0;
        for n in 0..30 {
            let agent = format!("Mozilla/5.0 (forged {n}) Firefox/{n}.0");
            let body = completion(&format!("agentagentagent0{n:04}"), first());
            accepted += usize::from(complete_from(&server, "198.51.100.7", &agent, &body).await == 200);
        }
        assert_eq!(accepted, 10, "{database}: 30 user agents from one address are one reader");
    }
}

#[tokio::test]
async fn behind_a_proxy_the_address_it_saw_counts_not_what_the_client_wrote() {
    for (database, _dir) in databases().await {
        let server = capped_server(&database, "");
        let mut accepted = 0;
        for n in 0..30 {
            // The client writes a new address of its own each time; the proxy appends the real one.
            let forwarded = format!("203.0.113.{n}, 198.51.100.8");
            let body = completion(&format!("proxyproxyproxy0{n:04}"), first());
            accepted += usize::from(complete_from(&server, &forwarded, AGENT, &body).await == 200);
        }
        assert_eq!(accepted, 10, "{database}: the proxy's own entry is the reader");
    }
}

#[tokio::test]
async fn addresses_in_one_ipv6_64_are_one_reader() {
    for (database, _dir) in databases().await {
        let server = capped_server(&database, "");
        let mut accepted = 0;
        for n in 0..30 {
            let address = format!("2001:db8:7:8:{n:x}::1");
            let body = completion(&format!("sixsixsixsixsix0{n:04}"), first());
            accepted += usize::from(complete_from(&server, &address, AGENT, &body).await == 200);
        }
        assert_eq!(accepted, 10, "{database}: one /64 is one reader");
        let body = completion("sixsixsixsixsix10000", first());
        assert_eq!(complete_from(&server, "2001:db8:7:9::1", AGENT, &body).await, 200, "another /64");
    }
}

#[tokio::test]
async fn retries_of_a_stored_completion_are_free_even_at_the_cap() {
    for (database, _dir) in databases().await {
        let server = capped_server(&database, "");
        let reader = "198.51.100.9";
        let stored = completion("retryretryretry00000", first());
        for _ in 0..15 {
            assert_eq!(complete_from(&server, reader, AGENT, &stored).await, 200, "{database}: a retry");
        }
        // The retries took nothing: nine more new completions fit under the cap of ten.
        for n in 1..10 {
            let body = completion(&format!("retryretryretry0{n:04}"), first());
            assert_eq!(complete_from(&server, reader, AGENT, &body).await, 200, "{database}: new completion {n}");
        }
        let over = completion("retryretryretry00010", first());
        assert_eq!(complete_from(&server, reader, AGENT, &over).await, 429, "{database}: the eleventh");
        // At the cap, a retry of a stored one is still answered, as not stored again.
        let answer = client()
            .post(server.url("/api/v1/completions"))
            .header("content-type", "application/json")
            .header("origin", PAGE)
            .header("x-forwarded-for", reader)
            .body(stored.to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status().as_u16(), 200, "{database}");
        assert_eq!(answer.json::<Value>().await.unwrap()["stored"], false, "{database}");
    }
}

#[tokio::test]
async fn a_flood_of_start_and_stop_beacons_is_refused_past_the_rate_limit() {
    for (database, _dir) in databases().await {
        // The default limits: a burst of 120 requests, then 60 a minute, and 100 of each a day.
        let toml = format!("min_completions = 0\n{}", quiz_toml(""));
        let server = spawn(Launch { toml: &toml, database: &database, open_files: None });
        let client = client();
        let mut counted = 0;
        for n in 0..1000 {
            let (path, body) =
                if n % 2 == 0 { ("/api/v1/starts", beacon(None)) } else { ("/api/v1/stops", beacon(Some(2))) };
            let answer = client
                .post(server.url(path))
                .header("content-type", "text/plain")
                .header("origin", PAGE)
                .body(body)
                .send()
                .await
                .unwrap();
            match answer.status().as_u16() {
                204 => counted += 1,
                429 => assert!(answer.headers().contains_key("retry-after"), "{database}: says when to retry"),
                other => panic!("{database}: {other}"),
            }
        }
        // The burst, and one more a second while the flood lasts (a few seconds).
        assert!(counted <= 160, "{database}: {counted} of 1,000 beacons from one address were counted");
        let summary: Value =
            client.get(server.url("/api/v1/summary/climb")).send().await.unwrap().json().await.unwrap();
        let starts = summary["starts"].as_i64().unwrap_or(0);
        assert!((50..=80).contains(&starts), "{database}: {starts} starts counted from one client");
    }
}

#[tokio::test]
async fn a_room_of_30_readers_on_one_office_network_all_complete() {
    for (database, _dir) in databases().await {
        // The default limits, behind one address: a workshop where everyone takes the quiz.
        let server = spawn(Launch { toml: &quiz_toml(""), database: &database, open_files: None });
        let office = "198.51.100.30";
        let readers: Vec<_> = (0..30)
            .map(|n| {
                let server_url = server.base.clone();
                tokio::spawn(async move {
                    let client = client();
                    let agent = format!("Mozilla/5.0 (reader {n}) Safari/605.1.15");
                    let send = |path: &'static str, content_type: &'static str, body: String| {
                        client
                            .post(format!("{server_url}{path}"))
                            .header("content-type", content_type)
                            .header("origin", PAGE)
                            .header("user-agent", agent.clone())
                            .header("x-forwarded-for", office)
                            .body(body)
                            .send()
                    };
                    // Each starts, leaves the page once mid-quiz, comes back and completes.
                    let start = send("/api/v1/starts", "text/plain", beacon(None)).await.unwrap().status().as_u16();
                    let stop = send("/api/v1/stops", "text/plain", beacon(Some(3))).await.unwrap().status().as_u16();
                    let body = completion(&format!("roomroomroomroom{n:04}"), second()).to_string();
                    let done = send("/api/v1/completions", "application/json", body).await.unwrap().status().as_u16();
                    (start, stop, done)
                })
            })
            .collect();
        for (n, reader) in readers.into_iter().enumerate() {
            assert_eq!(reader.await.unwrap(), (204, 204, 200), "{database}: reader {n}");
        }
    }
}
