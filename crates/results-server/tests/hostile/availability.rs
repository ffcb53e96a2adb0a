//! Availability: slow and idle connections, a body that never comes, and more requests at once
//! than the server handles do not stop it answering others. (Before issue 20: no header-read
//! timeout, idle connections never closed, no request timeout, no bound on requests in flight.)

use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::common::*;

/// The open-file limit the README's systemd unit sets (`LimitNOFILE=`): the servers here run
/// under it, so the test checks what the README promises.
fn documented_open_files() -> u64 {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md")).unwrap();
    let line =
        readme.lines().find(|line| line.starts_with("LimitNOFILE=")).expect("the README's unit sets LimitNOFILE");
    line["LimitNOFILE=".len()..].trim().parse().expect("a number of files")
}

/// Lets this test process hold `files` open files (its soft limit up to the hard one).
fn allow_open_files(files: libc::rlim_t) {
    let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit and setrlimit read and write only the struct passed.
    unsafe {
        assert_eq!(libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit), 0);
        if limit.rlim_cur < files {
            assert!(limit.rlim_max >= files, "this test needs a hard open-file limit of {files}");
            limit.rlim_cur = files;
            assert_eq!(libc::setrlimit(libc::RLIMIT_NOFILE, &limit), 0);
        }
    }
}

/// Reads `stream` until the server closes it (end of file or a reset); whether it did by
/// `deadline`.
async fn closed_by_server(mut stream: TcpStream, deadline: Instant) -> bool {
    let mut buffer = [0u8; 1024];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, stream.read(&mut buffer)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return true,
            Ok(Ok(_)) => continue,
            Err(_) => return false,
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn healthz_answers_within_100_ms_while_2000_slow_or_idle_connections_are_open_and_they_are_then_closed() {
    const HELD: usize = 2000;
    let _alone = crate::alone().await;
    allow_open_files(HELD as libc::rlim_t + 256);
    let open_files = documented_open_files();
    for (database, _dir) in databases().await {
        // The default limits and timeouts (headers within 10 s), under the README's limit.
        let server = spawn(Launch { toml: &quiz_toml(""), database: &database, open_files: Some(open_files) });
        let opened = Instant::now();
        let mut held = Vec::with_capacity(HELD);
        for n in 0..HELD {
            let mut stream = TcpStream::connect(server.address).await.unwrap();
            if n % 2 == 0 {
                // Half a request header, and then nothing more.
                stream.write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ").await.unwrap();
            }
            held.push(stream);
        }
        // A monitor's probes, each on a new connection, while all of them are open.
        let probe = reqwest::Client::builder().no_proxy().pool_max_idle_per_host(0).build().unwrap();
        let mut times = Vec::new();
        for _ in 0..7 {
            let started = Instant::now();
            let response = probe.get(server.url("/healthz")).timeout(Duration::from_secs(5)).send().await;
            let status = response.map(|response| response.status().as_u16()).unwrap_or(0);
            assert_eq!(status, 200, "{database}: /healthz answers");
            times.push(started.elapsed());
        }
        times.sort();
        assert!(times[3] < Duration::from_millis(100), "{database}: median /healthz {:?} ({times:?})", times[3]);
        // The first connection opened less than the header timeout (10 s) ago: none was closed yet.
        let elapsed = opened.elapsed();
        assert!(elapsed < Duration::from_secs(10), "{database}: the probes ran while all were open ({elapsed:?})");
        // Every slow or idle connection is then closed by the server, not left open forever.
        let deadline = Instant::now() + Duration::from_secs(25);
        let closing: Vec<_> = held.into_iter().map(|stream| tokio::spawn(closed_by_server(stream, deadline))).collect();
        let mut closed = 0;
        for task in closing {
            closed += usize::from(task.await.unwrap());
        }
        assert_eq!(closed, HELD, "{database}: slow and idle connections are closed");
    }
}

#[tokio::test]
async fn a_request_whose_body_never_comes_is_answered_408_in_time() {
    for (database, _dir) in databases().await {
        let toml = format!("request_timeout = 2\n{}", quiz_toml(""));
        let server = spawn(Launch { toml: &toml, database: &database, open_files: None });
        let mut stream = TcpStream::connect(server.address).await.unwrap();
        stream
            .write_all(
                format!(
                    "POST /api/v1/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: {AGENT}\r\n\
                     Content-Type: application/json\r\nContent-Length: 200\r\n\r\n{{\"id\":"
                )
                .as_bytes(),
            )
            .await
            .unwrap();
        let mut answer = vec![0u8; 4096];
        let read = tokio::time::timeout(Duration::from_secs(10), stream.read(&mut answer)).await;
        let read = read.unwrap_or_else(|_| panic!("{database}: no answer 10 s after a body that never came"));
        let text = String::from_utf8_lossy(&answer[..read.unwrap()]).to_string();
        assert!(text.starts_with("HTTP/1.1 408"), "{database}: {text}");
        assert!(text.contains("\"error\":\"timeout\""), "{database}: a JSON refusal on the API: {text}");
    }
}

#[tokio::test]
async fn requests_beyond_the_bound_in_flight_are_refused_at_once_then_served_again() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    for (database, _dir) in databases().await {
        let toml = format!("max_in_flight = 4\n{}", quiz_toml(""));
        let server = spawn(Launch { toml: &toml, database: &database, open_files: None });
        // Eight requests whose bodies never come: four take the four places and wait for their
        // bodies; the other four are refused at once, 503, whichever order they arrive in.
        let (refused, release) = (Arc::new(AtomicUsize::new(0)), tokio::sync::watch::channel(false).0);
        for _ in 0..8 {
            let mut stream = TcpStream::connect(server.address).await.unwrap();
            let head = format!(
                "POST /api/v1/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: {AGENT}\r\n\
                 Content-Type: application/json\r\nContent-Length: 200\r\n\r\n{{"
            );
            stream.write_all(head.as_bytes()).await.unwrap();
            let (refused, mut released) = (refused.clone(), release.subscribe());
            tokio::spawn(async move {
                let mut answer = [0u8; 512];
                tokio::select! {
                    read = stream.read(&mut answer) => {
                        let text = String::from_utf8_lossy(&answer[..read.unwrap_or(0)]).to_string();
                        if text.starts_with("HTTP/1.1 503") && text.contains("\"error\":\"busy\"") {
                            refused.fetch_add(1, Ordering::SeqCst);
                        }
                    }
                    _ = released.wait_for(|released| *released) => {}
                }
            });
        }
        let four_refused = eventually(Duration::from_secs(5), || async { refused.load(Ordering::SeqCst) == 4 }).await;
        assert!(four_refused, "{database}: {} of eight refused", refused.load(Ordering::SeqCst));
        let summary = || async {
            let response = client().get(server.url("/api/v1/summary/climb")).send().await.unwrap();
            let status = response.status().as_u16();
            let body: serde_json::Value = response.json().await.unwrap_or_default();
            (status, body)
        };
        let (status, body) = summary().await;
        assert_eq!(
            (status, body["error"].as_str()),
            (503, Some("busy")),
            "{database}: a request while four are in flight"
        );
        assert_eq!(refused.load(Ordering::SeqCst), 4, "{database}: the four in flight still wait");
        release.send(true).unwrap();
        let served = eventually(Duration::from_secs(5), || async { summary().await.0 == 200 }).await;
        assert!(served, "{database}: served again once the four are gone");
    }
}
