//! Sign-in: guesses sent in parallel get no more checks than guesses sent one by one, from one
//! address or from many; a restart does not sign the owner out. (Before issue 20: each guess
//! waited a second on its own, so 1,000 parallel guesses were all checked in 2.2 s; sessions
//! lived in memory.) That the compare reveals nothing by its time is `app::owner`'s unit test:
//! both sides are hashed, then compared in constant time.

use std::time::Duration;

use crate::common::*;
use crate::{SECRET, owner_client, owner_get, sign_in};

/// Sends `guesses` wrong secrets at once, from `address(n)`: how many were checked (401) and
/// how many refused unchecked (429).
async fn guess_in_parallel(server: &Spawned, guesses: usize, address: impl Fn(usize) -> String) -> (usize, usize) {
    // One form and its CSRF cookie for all of them, as a script would.
    let form = owner_client().get(server.url("/dashboard")).send().await.unwrap();
    let csrf = cookie_value(&set_cookie(&form, "tq_csrf").unwrap());
    let tasks: Vec<_> = (0..guesses)
        .map(|n| {
            let (url, csrf, from) = (server.url("/dashboard/sign-in"), csrf.clone(), address(n));
            tokio::spawn(async move {
                let answer = owner_client()
                    .post(url)
                    .header("x-forwarded-for", from)
                    .header("cookie", format!("tq_csrf={csrf}"))
                    .form(&[("secret", format!("guess number {n}")), ("csrf", csrf)])
                    .send()
                    .await
                    .unwrap();
                let status = answer.status().as_u16();
                let page = answer.text().await.unwrap();
                assert!(page.contains("name=\"secret\""), "the form again: {page}");
                status
            })
        })
        .collect();
    let (mut checked, mut refused) = (0, 0);
    for task in tasks {
        match task.await.unwrap() {
            401 => checked += 1,
            429 => refused += 1,
            other => panic!("a guess was answered {other}"),
        }
    }
    (checked, refused)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn parallel_guesses_get_no_more_checks_than_serial_ones() {
    for (database, _dir) in databases().await {
        let toml = format!("trust_forwarded_for = true\ndashboard_secret = \"{SECRET}\"\n{}", quiz_toml(""));
        let server = spawn(Launch { toml: &toml, database: &database, open_files: None });
        // From one address: five checked (its burst), the rest refused unchecked.
        let (checked, refused) = guess_in_parallel(&server, 200, |_| "198.51.100.50".into()).await;
        assert_eq!((checked, refused), (5, 195), "{database}: one address");
        // From 200 addresses at once: everyone's burst of 20, less the 5 above, is checked (and
        // one more, were the test slow enough for everyone's bucket to gain one, every 10 s).
        let (checked, refused) = guess_in_parallel(&server, 200, |n| format!("10.1.0.{}", n + 1)).await;
        assert!((15..=16).contains(&checked), "{database}: {checked} guesses from many addresses were checked");
        assert_eq!(checked + refused, 200, "{database}");
        // And now even the right secret waits: a guessed secret is worse than a wait.
        let (answer, session) = sign_in(&server, SECRET, "192.0.2.99").await;
        assert_eq!(answer.status().as_u16(), 429, "{database}");
        assert!(answer.headers().contains_key("retry-after"));
        assert!(session.is_none());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_does_not_sign_the_owner_out() {
    for (database, _dir) in databases().await {
        let toml = format!("dashboard_secret = \"{SECRET}\"\n{}", quiz_toml(""));
        let mut server = spawn(Launch { toml: &toml, database: &database, open_files: None });
        let (_, session) = sign_in(&server, SECRET, "192.0.2.1").await;
        let session = session.expect("signed in");
        assert_eq!(owner_get(&server, &session, "/dashboard/quiz/climb").await.0, 200);
        assert!(server.terminate(Duration::from_secs(30)).await, "{database}: a graceful stop");
        let again = spawn(Launch { toml: &toml, database: &database, open_files: None });
        let (status, page) = owner_get(&again, &session, "/dashboard/quiz/climb").await;
        assert_eq!(status, 200, "{database}: still signed in after a restart: {page}");
    }
}
