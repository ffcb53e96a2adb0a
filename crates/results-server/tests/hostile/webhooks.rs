//! Webhooks survive the server: killed mid-delivery, it delivers each completion again after
//! a restart, with the same id, so a receiver that keeps one per id has each exactly once; a
//! graceful stop finishes what is due; an endpoint that never answers holds a few sockets,
//! not one per completion; the delivery log keeps its bound. (Before issue 20: deliveries
//! were tasks in memory, lost with the process, one socket each, and their body had no id.)

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::StatusCode;
use tokio::sync::watch;

use crate::common::*;
use crate::{SECRET, complete_from, owner_get, sign_in};

/// The owner's endpoint as a test runs it: every arrival's id, in order; it answers 204 once
/// `open` is true.
struct Receiver {
    url: String,
    arrived: Arc<Mutex<Vec<String>>>,
    open: watch::Sender<bool>,
}

async fn receiver(open: bool, delay: Duration) -> Receiver {
    let arrived: Arc<Mutex<Vec<String>>> = Arc::default();
    let (gate, watching) = watch::channel(open);
    let kept = arrived.clone();
    let endpoint = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |body: String| {
            let (kept, mut watching) = (kept.clone(), watching.clone());
            async move {
                let payload: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
                let id = payload["id"].as_str().unwrap_or("(no id)").to_string();
                kept.lock().unwrap().push(id);
                let _ = tokio::time::timeout(Duration::from_secs(60), watching.wait_for(|open| *open)).await;
                tokio::time::sleep(delay).await;
                StatusCode::NO_CONTENT
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, endpoint).await.unwrap() });
    Receiver { url, arrived, open: gate }
}

fn webhook_toml(url: &str, more: &str) -> String {
    format!(
        "webhook_backoff_ms = 100\ndaily_cap = 1000\nrate_burst = 1000\n{more}\n{}",
        quiz_toml(&format!("webhook = {{ url = \"{url}\", secret = \"hook-secret\" }}"))
    )
}

async fn complete_many(server: &Spawned, prefix: &str, count: usize) -> Vec<String> {
    let mut ids = Vec::new();
    for n in 0..count {
        let id = format!("{prefix}{n:04}");
        assert_eq!(complete_from(server, "192.0.2.1", AGENT, &completion(&id, first())).await, 200);
        ids.push(id);
    }
    ids
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_killed_mid_delivery_still_delivers_each_completion_exactly_once_by_id() {
    for (database, _dir) in databases().await {
        // The endpoint holds every delivery until the test opens it.
        let hook = receiver(false, Duration::ZERO).await;
        let toml = webhook_toml(&hook.url, "webhook_timeout_ms = 1000");
        let mut server = spawn(Launch { toml: &toml, database: &database, open_files: None });
        let ids = complete_many(&server, "killkillkillkill", 20).await;
        let in_flight =
            eventually(Duration::from_secs(10), || async { !hook.arrived.lock().unwrap().is_empty() }).await;
        assert!(in_flight, "{database}: deliveries started");
        server.kill();
        let before_kill: BTreeSet<String> = hook.arrived.lock().unwrap().iter().cloned().collect();
        hook.open.send(true).unwrap();
        let _restarted = spawn(Launch { toml: &toml, database: &database, open_files: None });
        let expected: BTreeSet<String> = ids.iter().cloned().collect();
        let all = eventually(Duration::from_secs(30), || async {
            hook.arrived.lock().unwrap().iter().cloned().collect::<BTreeSet<_>>() == expected
        })
        .await;
        let arrived = hook.arrived.lock().unwrap().clone();
        assert!(all, "{database}: every completion's delivery arrived after the restart: {arrived:?}");
        // Kept one per id, each completion is there exactly once; only deliveries the kill cut
        // short came twice.
        let mut times: BTreeMap<&str, usize> = BTreeMap::new();
        for id in &arrived {
            *times.entry(id.as_str()).or_default() += 1;
        }
        for (id, count) in times {
            assert!(count == 1 || before_kill.contains(id), "{database}: {id} came {count} times");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_graceful_stop_delivers_what_is_due_before_it_ends() {
    for (database, _dir) in databases().await {
        let hook = receiver(true, Duration::from_millis(100)).await;
        let toml = webhook_toml(&hook.url, "");
        let mut server = spawn(Launch { toml: &toml, database: &database, open_files: None });
        let ids = complete_many(&server, "drainagedrainage", 8).await;
        assert!(server.terminate(Duration::from_secs(30)).await, "{database}: it stops");
        let arrived: BTreeSet<String> = hook.arrived.lock().unwrap().iter().cloned().collect();
        assert_eq!(arrived, ids.into_iter().collect(), "{database}: delivered before the process ended");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_endpoint_that_never_answers_holds_a_few_sockets_not_one_per_completion() {
    for (database, _dir) in databases().await {
        // An endpoint that takes connections and never answers, counting those open.
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        let (open, most) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let (counting, peak) = (open.clone(), most.clone());
        tokio::spawn(async move {
            let mut held = Vec::new();
            while let Ok((stream, _)) = listener.accept().await {
                held.push(stream);
                let now = counting.fetch_add(1, Ordering::SeqCst) + 1;
                peak.fetch_max(now, Ordering::SeqCst);
            }
        });
        let toml = webhook_toml(&url, "webhook_timeout_ms = 60000");
        let server = spawn(Launch { toml: &toml, database: &database, open_files: None });
        complete_many(&server, "slowslowslowslow", 200).await;
        let busy = eventually(Duration::from_secs(10), || async { open.load(Ordering::SeqCst) >= 1 }).await;
        assert!(busy, "{database}: deliveries started");
        // Watch a while: the worker never opens more than its few sockets.
        tokio::time::sleep(Duration::from_secs(1)).await;
        let peak = most.load(Ordering::SeqCst);
        assert!(peak <= 4, "{database}: {peak} sockets to the endpoint at once");
        let health = client().get(server.url("/healthz")).send().await.unwrap();
        assert_eq!(health.status().as_u16(), 200, "{database}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_delivery_log_keeps_the_latest_hundred() {
    for (database, _dir) in databases().await {
        let hook = receiver(true, Duration::ZERO).await;
        let toml = format!("dashboard_secret = \"{SECRET}\"\n{}", webhook_toml(&hook.url, ""));
        let server = spawn(Launch { toml: &toml, database: &database, open_files: None });
        complete_many(&server, "loglogloglogloglo", 105).await;
        let (_, session) = sign_in(&server, SECRET, "192.0.2.1").await;
        let session = session.unwrap();
        let logged = || async {
            let (_, page) = owner_get(&server, &session, "/dashboard/quiz/climb").await;
            page.matches("delivered (204)").count()
        };
        let full = eventually(Duration::from_secs(30), || async { hook.arrived.lock().unwrap().len() >= 105 }).await;
        assert!(full, "{database}: all 105 delivered");
        let ok = eventually(Duration::from_secs(10), || async { logged().await == 100 }).await;
        let (_, page) = owner_get(&server, &session, "/dashboard/quiz/climb").await;
        assert!(ok, "{database}: {}", &page[page.find("Webhook").unwrap_or(0)..]);
        assert_eq!(logged().await, 100, "{database}: the log holds its bound, no more");
    }
}
