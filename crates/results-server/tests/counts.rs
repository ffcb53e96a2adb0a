//! Counts kept as completions arrive (issue 23), at test sizes: the real binary or a server in
//! this process, over HTTP, against SQLite and, with `TQ_TEST_POSTGRES`, PostgreSQL.
//!
//! - the kept counts equal a recount of the raw rows (made here, not by the server's code)
//!   after random loads cut short by SIGKILL;
//! - `--check-counts` finds counts that disagree with the rows, `--rebuild-counts` recounts
//!   them, and an upgraded database is counted once when the server starts;
//! - past `retention_days`, raw completions go and their counts stay: the summary, the
//!   dashboard and the aggregates still count them, the raw export has only what is kept, the
//!   dashboard says which raw completions exist, and without `retention_days` none goes;
//! - a raw export of 100,000 completions streams in constant memory;
//! - the page counts keep their bound whatever paths readers send;
//! - a stage-aware quiz's funnel counts at each step only readers whose stage reaches it, and
//!   a stop beacon past the most questions a reader is shown is refused;
//! - two instances on one PostgreSQL take completions side by side (retries through the other
//!   stored once) and give one summary, with counts that equal a recount.
//!
//! Each test fails on the server before issue 23 (read off the raw rows, no count tables, no
//! such flags, no retention, exports built in memory: 192 MB for the 100,000 completions); the
//! upgrade test only for want of `--check-counts`, since that server read the rows themselves. Loads go to 127.0.0.1 only, every loop is bounded in
//! count and time, and nothing sleeps to wait for a condition.

mod common;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::*;
use futures_util::StreamExt;
use results_server::app::days::{date, today};
use results_server::app::store::Store;
use results_server::config::QuizConfig;
use serde_json::{Value, json};
use sqlx::Row;

const SECRET: &str = "a long secret for counting";

/// A small deterministic random source (splitmix64) for the loads; the seed is in every
/// failure message, so a failing load can be made again. Six lines: no crate needed.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// The database opened directly, as a backup tool or a curious owner would.
async fn pool(database: &str) -> sqlx::AnyPool {
    sqlx::any::install_default_drivers();
    sqlx::any::AnyPoolOptions::new().max_connections(1).connect(database).await.unwrap()
}

/// The kept counts of what completions show (results, choices, pages), by a readable key.
async fn kept(database: &str) -> BTreeMap<String, i64> {
    let pool = pool(database).await;
    let mut counts = BTreeMap::new();
    for (sql, kind) in [
        ("SELECT quiz, day, outcome || '|' || stage || '|' || hardest AS k, count FROM result_counts", "result"),
        ("SELECT quiz, day, question || '=' || choice AS k, count FROM choice_counts", "choice"),
        ("SELECT quiz, day, page_path AS k, count FROM page_counts", "page"),
    ] {
        for row in sqlx::query(sql).fetch_all(&pool).await.unwrap() {
            let (quiz, day, key): (String, i64, String) =
                (row.try_get("quiz").unwrap(), row.try_get("day").unwrap(), row.try_get("k").unwrap());
            let count: i64 = row.try_get("count").unwrap();
            if count != 0 {
                counts.insert(format!("{kind} {quiz} {day} {key}"), count);
            }
        }
    }
    pool.close().await;
    counts
}

/// The same counts made here from the raw rows, by the rule the README states: each
/// completion counts once for its (outcome, stage, hardest), once for each answer, once for
/// its page; a value that is none is ''.
async fn recounted(database: &str) -> BTreeMap<String, i64> {
    let pool = pool(database).await;
    let mut counts = BTreeMap::new();
    let rows = sqlx::query("SELECT quiz, day, outcome, stage, hardest, page_path, answers FROM completions")
        .fetch_all(&pool)
        .await
        .unwrap();
    for row in rows {
        let text = |name: &str| row.try_get::<Option<String>, _>(name).unwrap().unwrap_or_default();
        let (quiz, day): (String, i64) = (row.try_get("quiz").unwrap(), row.try_get("day").unwrap());
        let result = format!("result {quiz} {day} {}|{}|{}", text("outcome"), text("stage"), text("hardest"));
        *counts.entry(result).or_default() += 1;
        for pair in text("answers").split(',') {
            *counts.entry(format!("choice {quiz} {day} {pair}")).or_default() += 1;
        }
        *counts.entry(format!("page {quiz} {day} {}", text("page_path"))).or_default() += 1;
    }
    pool.close().await;
    counts
}

/// The ids of the raw completions stored.
async fn stored_ids(database: &str) -> std::collections::BTreeSet<String> {
    let pool = pool(database).await;
    let rows = sqlx::query("SELECT id FROM completions").fetch_all(&pool).await.unwrap();
    pool.close().await;
    rows.iter().map(|row| row.try_get("id").unwrap()).collect()
}

/// Stores completions of the test quiz on given days through the store's writer (the API
/// stores today only): (id, day, page, answers, outcome).
async fn seed(database: &str, rows: &[(String, i64, String, Value, Option<&str>)]) {
    let store = Store::open(database, 4096).await.unwrap();
    let adds = rows.iter().map(|(id, day, page, answers, outcome)| {
        let completion = stored(id, *day, page, answers, *outcome);
        let store = store.clone();
        async move { store.add_completion(completion, None).await.unwrap() }
    });
    let stored: Vec<bool> = futures_util::stream::iter(adds).buffer_unordered(512).collect().await;
    assert!(stored.iter().all(|stored| *stored));
    store.close().await;
}

/// Runs the binary on `database` with `flags` (no server): its exit code and what it printed.
fn run_binary(database: &str, flags: &[&str]) -> (i32, String) {
    let output = std::process::Command::new(binary())
        .args(["--database", database])
        .args(flags)
        .env("RUST_LOG", "warn")
        .output()
        .expect("the binary runs");
    let printed = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    (output.status.code().unwrap_or(-1), printed)
}

/// The peak resident memory of a process so far, in KB.
fn peak_kb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|line| line.starts_with("VmHWM:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// A signed-in owner's GET: the status and body.
async fn owner_page(base: &str, session: &str, path: &str) -> (u16, String) {
    let response = client().get(format!("{base}{path}")).header("cookie", session).send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

/// Random answers to the test quiz: a choice for each of its five questions.
fn random_answers(random: &mut Random) -> Value {
    let pick = |random: &mut Random, choices: &[&str]| choices[random.below(choices.len() as u64) as usize].to_string();
    json!({
        "stage": pick(random, &["s1", "s2", "s3", "s0"]),
        "hardest": pick(random, &["h1", "h2", "h3", "h0"]),
        "q1": pick(random, &["a", "b", "c", "d"]),
        "q2": pick(random, &["a", "b", "c", "d"]),
        "q3": pick(random, &["a", "b", "c", "d"]),
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kept_counts_equal_a_recount_of_the_rows_after_random_loads_and_kills() {
    let seed = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64;
    for (database, _dir) in databases().await {
        let mut random = Random(seed);
        let toml = format!("daily_cap = 100000\nrate_burst = 100000\nrate_per_minute = 100000\n{}", quiz_toml(""));
        let acknowledged = Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
        for round in 0..3u64 {
            let mut server = spawn(Launch { toml: &toml, database: &database, open_files: None });
            // Eight readers' browsers at once, each up to 300 requests: completions with random
            // answers and pages (one in five a retry of an earlier id), starts and stops.
            let (stop, answered) = (Arc::new(AtomicBool::new(false)), Arc::new(AtomicUsize::new(0)));
            let workers: Vec<_> = (0..8u64)
                .map(|worker| {
                    let (url, stop, answered, acknowledged) =
                        (server.base.clone(), stop.clone(), answered.clone(), acknowledged.clone());
                    let mut random = Random(random.next());
                    tokio::spawn(async move {
                        let client = client();
                        for n in 0..300u64 {
                            if stop.load(Ordering::SeqCst) {
                                break;
                            }
                            let (path, body, content_type) = match random.below(10) {
                                0 => ("/api/v1/starts", beacon(None), "text/plain"),
                                1 => ("/api/v1/stops", beacon(Some(1 + random.below(5) as u32)), "text/plain"),
                                _ => {
                                    let id = match random.below(5) {
                                        0 => format!("round{}worker{worker}n{:06}", round, random.below(n + 1)),
                                        _ => format!("round{round}worker{worker}n{n:06}"),
                                    };
                                    let mut body = completion(&id, random_answers(&mut random));
                                    body["page"] =
                                        json!(format!("/post-{}?utm={}", random.below(6), random.below(1000)));
                                    ("/api/v1/completions", body.to_string(), "application/json")
                                }
                            };
                            let sent = client
                                .post(format!("{url}{path}"))
                                .header("content-type", content_type)
                                .header("origin", PAGE)
                                .body(body.clone())
                                .send()
                                .await;
                            let Ok(response) = sent else { continue };
                            if path == "/api/v1/completions" && response.status().as_u16() == 200 {
                                let id =
                                    serde_json::from_str::<Value>(&body).unwrap()["id"].as_str().unwrap().to_string();
                                acknowledged.lock().unwrap().push(id);
                                answered.fetch_add(1, Ordering::SeqCst);
                            }
                        }
                    })
                })
                .collect();
            // Killed once a random number of completions were answered, in the middle of it.
            let kill_after = 20 + random.below(120) as usize;
            let loaded =
                eventually(Duration::from_secs(20), || async { answered.load(Ordering::SeqCst) >= kill_after }).await;
            assert!(loaded, "{database}: seed {seed}: the load ran");
            server.kill();
            stop.store(true, Ordering::SeqCst);
            for worker in workers {
                let _ = worker.await;
            }
        }
        let stored = stored_ids(&database).await;
        let acknowledged = acknowledged.lock().unwrap().clone();
        assert!(acknowledged.len() >= 60, "{database}: seed {seed}: {} acknowledged", acknowledged.len());
        let lost: Vec<&String> = acknowledged.iter().filter(|id| !stored.contains(*id)).collect();
        assert!(lost.is_empty(), "{database}: seed {seed}: acknowledged but not stored: {lost:?}");
        let (kept, recounted) = (kept(&database).await, recounted(&database).await);
        assert_eq!(kept, recounted, "{database}: seed {seed}: the kept counts and a recount of the rows");
        // The binary's own check agrees.
        let (code, printed) = run_binary(&database, &["--check-counts"]);
        assert_eq!(code, 0, "{database}: seed {seed}: {printed}");
        assert!(printed.contains("the counts agree"), "{printed}");
    }
}

#[tokio::test]
async fn the_binary_finds_counts_that_disagree_with_the_rows_and_rebuilds_them() {
    for (database, _dir) in databases().await {
        let today = today();
        let rows: Vec<_> = (0..12)
            .map(|n| {
                let answers = [first(), second(), no_gap()][n % 3].clone();
                let outcome = [Some("first"), Some("second"), None][n % 3];
                (format!("rebuildrebuild{n:04}"), today - (n % 4) as i64, format!("/post-{}", n % 2), answers, outcome)
            })
            .collect();
        seed(&database, &rows).await;
        // A restore that brought back the rows but not their counts, or counts from another
        // moment: some lost, some too high.
        let pool = pool(&database).await;
        for tampering in [
            "DELETE FROM page_counts",
            "UPDATE choice_counts SET count = count + 7",
            &format!("DELETE FROM result_counts WHERE day = {}", today - 1),
        ] {
            sqlx::query(tampering).execute(&pool).await.unwrap();
        }
        pool.close().await;
        let (code, printed) = run_binary(&database, &["--check-counts"]);
        assert_eq!(code, 1, "{database}: {printed}");
        // Differences come oldest day first.
        let oldest = date(today - 3);
        assert!(printed.contains(&format!("climb {oldest} choice q1=a: kept 8, recounted 1")), "{printed}");
        assert!(printed.contains(&format!("climb {oldest} page /post-1: kept 0, recounted 3")), "{printed}");

        let (code, printed) = run_binary(&database, &["--rebuild-counts"]);
        assert_eq!(code, 0, "{database}: {printed}");
        assert!(printed.contains("recounted 12 completions on 4 days"), "{printed}");
        assert_eq!(kept(&database).await, recounted(&database).await, "{database}");
        assert_eq!(run_binary(&database, &["--check-counts"]).0, 0, "{database}");
    }
}

#[tokio::test]
async fn deleting_days_across_months_leaves_every_range_counted_right() {
    for (database, _dir) in databases().await {
        // One completion a day for 70 days: two or three months, two of them cut by the range.
        let today = today();
        let rows: Vec<_> = (0..70)
            .map(|n| (format!("monthsmonthsmonths{n:02}"), today - n, "/post".to_string(), first(), Some("first")))
            .collect();
        seed(&database, &rows).await;
        let toml = format!("dashboard_secret = \"{SECRET}\"\nmin_completions = 1\n{}", quiz_toml(""));
        let server = spawn(Launch { toml: &toml, database: &database, open_files: None });
        let (owner, session) = signed_in(&server.base, SECRET).await;
        let (from, to) = (date(today - 50), date(today - 20));
        let confirm =
            owner_page(&server.base, &session, &format!("/dashboard/quiz/climb/delete?from={from}&to={to}")).await.1;
        assert!(confirm.contains("<strong>31</strong> completions"), "{database}: {confirm}");
        let deleted = owner
            .post(server.url("/dashboard/quiz/climb/delete"))
            .header("cookie", session.clone())
            .form(&[("csrf", form_csrf(&confirm)), ("from", from), ("to", to)])
            .send()
            .await
            .unwrap();
        assert_eq!(deleted.status().as_u16(), 303, "{database}");
        // Every range, whole months or not, counts what is left: 39 in all, 20 in the last 20 days.
        for (from, to, expected) in [(today - 729, today, 39), (today - 69, today - 51, 19), (today - 19, today, 20)] {
            let path = format!("/dashboard/quiz/climb?from={}&to={}", date(from), date(to));
            let page = owner_page(&server.base, &session, &path).await.1;
            assert!(page.contains(&format!("<strong>{expected}</strong> completions")), "{database}: {path}: {page}");
        }
        drop(server);
        let (code, printed) = run_binary(&database, &["--check-counts"]);
        assert_eq!(code, 0, "{database}: {printed}");
    }
}

#[tokio::test]
async fn an_upgraded_database_is_counted_once_when_the_server_starts() {
    for (database, _dir) in databases().await {
        // The database as the server before issue 23 left it: its three migrations, and rows.
        let migrations = tempfile::tempdir().unwrap();
        for name in ["0001_completions.sql", "0002_outbox_and_sessions.sql", "0003_refusals.sql"] {
            let from = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations").join(name);
            std::fs::copy(from, migrations.path().join(name)).unwrap();
        }
        let created = if database.starts_with("sqlite:") { format!("{database}?mode=rwc") } else { database.clone() };
        let old = pool(&created).await;
        sqlx::migrate::Migrator::new(migrations.path()).await.unwrap().run(&old).await.unwrap();
        for (n, (outcome, answers)) in
            [("first", "stage=s1,hardest=h2,q1=a,q2=a,q3=a"), ("first", "stage=s1,hardest=h2,q1=a,q2=a,q3=b")]
                .into_iter()
                .enumerate()
        {
            sqlx::query(
                "INSERT INTO completions (id, quiz, day, page_path, outcome, further_up, stage, hardest, answers) \
                 VALUES ($1, 'climb', $2, '/old', $3, NULL, 'first', 'second', $4)",
            )
            .bind(format!("upgradeupgrade{n:04}"))
            .bind(today() - 3)
            .bind(outcome)
            .bind(answers)
            .execute(&old)
            .await
            .unwrap();
        }
        old.close().await;
        let toml = format!("min_completions = 1\n{}", quiz_toml(""));
        let server = spawn(Launch { toml: &toml, database: &database, open_files: None });
        let summary = server.summary().await;
        assert_eq!(summary["completions"], 2, "{database}: {summary}");
        assert_eq!(summary["outcomes"]["first"], 100, "{database}: {summary}");
        drop(server);
        assert_eq!(run_binary(&database, &["--check-counts"]).0, 0, "{database}");
    }
}

#[tokio::test]
async fn past_retention_raw_completions_go_their_counts_stay_and_the_dashboard_says_which_exist() {
    for (database, _dir) in databases().await {
        let today = today();
        let rows: Vec<_> =
            [(400, first(), Some("first")), (400, second(), Some("second")), (40, first(), Some("first"))]
                .into_iter()
                .chain([(1, no_gap(), None), (1, first(), Some("first"))])
                .enumerate()
                .map(|(n, (ago, answers, outcome))| {
                    (format!("retentionretention{n:02}"), today - ago, "/post".into(), answers, outcome)
                })
                .collect();
        seed(&database, &rows).await;

        // Without retention_days nothing goes, and the dashboard says so.
        let toml = format!("dashboard_secret = \"{SECRET}\"\nmin_completions = 1\n{}", quiz_toml(""));
        let server = spawn(Launch { toml: &toml, database: &database, open_files: None });
        let (_, session) = signed_in(&server.base, SECRET).await;
        let (_, page) = owner_page(&server.base, &session, "/dashboard/quiz/climb").await;
        assert!(page.contains(&format!("from {} to {}.", date(today - 400), date(today - 1))), "{database}: {page}");
        assert!(page.contains("Kept until you delete them (retention_days is not set)"), "{page}");
        drop(server);

        let toml = format!("retention_days = 30\n{toml}");
        let server = spawn(Launch { toml: &toml, database: &database, open_files: None });
        let (_, session) = signed_in(&server.base, SECRET).await;
        let export = || async {
            let (_, text) = owner_page(&server.base, &session, "/dashboard/export/climb/completions.json").await;
            serde_json::from_str::<Vec<Value>>(&text).unwrap()
        };
        let expired = eventually(Duration::from_secs(20), || async { export().await.len() == 2 }).await;
        assert!(expired, "{database}: only the last 30 days' raw completions remain: {:?}", export().await);
        assert!(export().await.iter().all(|row| row["day"] == date(today - 1)), "{database}");
        // Every figure still counts all five.
        let summary = server.summary().await;
        assert_eq!(summary["completions"], 5, "{database}: {summary}");
        let two_years = format!("from={}&to={}", date(today - 729), date(today));
        let (_, page) = owner_page(&server.base, &session, &format!("/dashboard/quiz/climb?{two_years}")).await;
        assert!(page.contains("<strong>5</strong> completions"), "{database}: {page}");
        assert!(page.contains(&format!("from {} to {}.", date(today - 1), date(today - 1))), "{page}");
        assert!(page.contains("Each is kept 30 days (retention_days), then deleted"), "{page}");
        assert!(page.contains(&format!("Deleted so far: those before {}.", date(today - 29))), "{page}");
        let (_, aggregates) =
            owner_page(&server.base, &session, &format!("/dashboard/export/climb/aggregates.json?{two_years}")).await;
        let aggregates: Value = serde_json::from_str(&aggregates).unwrap();
        assert_eq!((&aggregates["completions"], &aggregates["counts"]["outcomes"]["second"]), (&json!(5), &json!(1)));
        drop(server);

        // A recount leaves the counts of the days retention emptied as they were.
        assert_eq!(run_binary(&database, &["--rebuild-counts"]).0, 0, "{database}");
        let server = spawn(Launch { toml: &toml, database: &database, open_files: None });
        let summary = server.summary().await;
        assert_eq!(summary["completions"], 5, "{database}: {summary}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_raw_export_of_a_hundred_thousand_completions_streams_in_constant_memory() {
    const ROWS: usize = 100_000;
    for (database, _dir) in databases().await {
        let today = today();
        let rows: Vec<_> = (0..ROWS)
            .map(|n| {
                let answers = [first(), second(), no_gap()][n % 3].clone();
                let outcome = [Some("first"), Some("second"), None][n % 3];
                (
                    format!("streamstreamstream{n:08}"),
                    today - (n % 60) as i64,
                    format!("/post-{}", n % 40),
                    answers,
                    outcome,
                )
            })
            .collect();
        seed(&database, &rows).await;
        let toml = format!("dashboard_secret = \"{SECRET}\"\n{}", quiz_toml(""));
        let server = spawn(Launch { toml: &toml, database: &database, open_files: None });
        let (_, session) = signed_in(&server.base, SECRET).await;
        let started = Instant::now();
        let mut response = client()
            .get(server.url("/dashboard/export/climb/completions.csv"))
            .header("cookie", &session)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 200);
        let (mut lines, mut bytes) = (0usize, 0usize);
        while let Some(chunk) = response.chunk().await.unwrap() {
            lines += chunk.iter().filter(|byte| **byte == b'\n').count();
            bytes += chunk.len();
            assert!(started.elapsed() < Duration::from_secs(120), "{database}: bounded in time");
        }
        assert_eq!(lines, ROWS + 1, "{database}: the header and every completion");
        let peak = peak_kb(server.child.id());
        eprintln!("{database}: {bytes} bytes streamed; the server's memory peaked at {peak} KB");
        // The file is about 40 MB: built in memory, the server's peak was well over 100 MB.
        assert!(peak < 64 * 1024, "{database}: the server's memory peaked at {peak} KB for {bytes} bytes");
    }
}

#[tokio::test]
async fn the_page_counts_keep_their_bound_whatever_paths_readers_send() {
    for (database, dir) in databases().await {
        let mut settings = config(&database);
        settings.dashboard_secret = Some(SECRET.into());
        (settings.daily_cap, settings.rate_burst) = (1000, 1000);
        let server = start(settings, dir).await;
        // 205 new paths, then one named already and one more new one.
        let paths: Vec<String> =
            (0..205).map(|n| format!("/post-{n:03}")).chain(["/post-000".into(), "/post-999".into()]).collect();
        for (n, path) in paths.iter().enumerate() {
            let mut body = completion(&format!("pagespagespages0{n:04}"), first());
            body["page"] = json!(path);
            assert_eq!(server.complete(body).await.0, 200, "{database}");
        }
        let kept = kept(&database).await;
        let pages: Vec<(&String, &i64)> = kept.iter().filter(|(key, _)| key.starts_with("page ")).collect();
        assert_eq!(pages.len(), 201, "{database}: 200 paths by name and the others together");
        assert_eq!(pages.iter().map(|(_, count)| **count).sum::<i64>(), 207, "{database}: every completion counted");
        let on = |path: &str| kept[&format!("page climb {} {path}", today())];
        assert_eq!((on("/post-000"), on("(other pages)")), (2, 6), "{database}");
        let (owner, session) = signed_in(&server.base, SECRET).await;
        let page = owner
            .get(server.url("/dashboard/quiz/climb"))
            .header("cookie", session)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let others = page.split("<span class=\"label\">Other pages</span>").nth(1).expect("a row for the others");
        // 207 completions: the 50 busiest paths by name (51 of them), 156 on the others' row.
        assert!(others.contains("<td class=\"n\">156</td>"), "{database}: {}", &others[..300.min(others.len())]);
        server.stop().await;
    }
}

#[tokio::test]
async fn a_stage_aware_funnel_counts_at_each_step_only_readers_whose_stage_reaches_it() {
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/pages/quizzes/stages.json");
    let quiz = quiz_core::validate::parse_quiz(&std::fs::read_to_string(file).unwrap()).unwrap();
    let fingerprint = quiz_core::fingerprint::fingerprint(&quiz);
    for (database, dir) in databases().await {
        let mut settings = config(&database);
        settings.dashboard_secret = Some(SECRET.into());
        settings
            .quizzes
            .insert("stages".into(), QuizConfig { file: Some(file.into()), origins: vec![PAGE.into()], webhook: None });
        let server = start(settings, dir).await;
        let beacon = |step: Option<u32>| {
            let mut body = json!({ "quiz": "stages", "fingerprint": fingerprint });
            if let Some(step) = step {
                body["step"] = json!(step);
            }
            body.to_string()
        };
        for _ in 0..10 {
            assert_eq!(server.post("/api/v1/starts", "text/plain", beacon(None)).await.0, 204);
        }
        for _ in 0..2 {
            assert_eq!(server.post("/api/v1/stops", "text/plain", beacon(Some(2))).await.0, 204);
        }
        // Readers at camp are shown four questions, at the top five: no reader meets a sixth.
        let (status, refused) = server.post("/api/v1/stops", "text/plain", beacon(Some(6))).await;
        assert_eq!((status, &refused["error"]), (400, &json!("bad_step")), "{database}: {refused}");
        assert!(refused["message"].as_str().unwrap().contains("from 1 to 5"), "{refused}");
        let camp = json!({ "where": "camp", "pack": "map", "weather": "wait", "camp": "ready" });
        let top = json!({ "where": "top", "pack": "map", "weather": "wait", "rope": "alone", "turn": "easy" });
        for (n, answers) in [&camp, &camp, &camp, &camp, &top].into_iter().enumerate() {
            let body = json!({ "id": format!("stagesstagesstages{n:02}"), "quiz": "stages",
                "fingerprint": fingerprint, "answers": answers, "page": "/climbing" });
            assert_eq!(server.complete(body).await.0, 200, "{database}");
        }
        let (owner, session) = signed_in(&server.base, SECRET).await;
        let page = owner
            .get(server.url("/dashboard/quiz/stages"))
            .header("cookie", session)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let stage_prompt = &quiz.questions[0].prompt;
        let turn = &quiz.questions[5].prompt;
        // Step 5 is the top's own: 10 started, 2 left at step 2, 4 camp readers finished after
        // their fourth question; 4 may have reached it (the top reader among them).
        let label = format!("5. {turn} (only for some answers to \u{201c}{stage_prompt}\u{201d})");
        let row = page
            .split(&format!("<span class=\"label\">{label}</span>"))
            .nth(1)
            .unwrap_or_else(|| panic!("{database}: no step {label:?} in {page}"));
        let cells = row.split("</tr>").next().unwrap();
        assert!(cells.contains("<td class=\"n\">4</td><td class=\"n\">0</td>"), "{database}: {cells}");
        server.stop().await;
    }
}

/// Past one machine (README, "Running it for years"): two instances on one PostgreSQL, each
/// with its own writer and cache, take completions side by side, some the same completion
/// retried through the other; both then give the same summary, every completion is stored and
/// counted once, and the kept counts equal a recount of the rows. SQLite is one binary's own
/// file, so this runs on PostgreSQL only.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_on_one_postgresql_share_their_counts_and_summary() {
    let Ok(server) = std::env::var("TQ_TEST_POSTGRES") else {
        assert!(std::env::var_os("CI").is_none(), "CI must test PostgreSQL too: set TQ_TEST_POSTGRES");
        eprintln!("note: TQ_TEST_POSTGRES is not set, so two instances on PostgreSQL are not tested here");
        return;
    };
    let database = fresh_postgres(&server).await;
    let (a, b) = (start(config(&database), None).await, start(config(&database), None).await);
    let answers = [first(), second(), no_gap()];
    let mut expected: BTreeMap<&str, u64> = BTreeMap::new();
    let sends = (0..60).map(|n| {
        let body = completion(&format!("twoinstances{n:06}"), answers[n % 3].clone());
        let (a, b) = (&a, &b);
        async move {
            // Every completion to one instance, and every fourth one retried through the other.
            let (to, other) = if n % 2 == 0 { (a, b) } else { (b, a) };
            let (status, first_answer) = to.complete(body.clone()).await;
            assert_eq!((status, &first_answer["stored"]), (200, &json!(true)), "{first_answer}");
            if n % 4 == 0 {
                let (status, retried) = other.complete(body).await;
                assert_eq!((status, &retried["stored"]), (200, &json!(false)), "{retried}");
            }
        }
    });
    futures_util::stream::iter(sends).buffer_unordered(8).collect::<Vec<()>>().await;
    for n in 0..60 {
        *expected.entry(["first", "second", "none"][n % 3]).or_default() += 1;
    }
    let (from_a, from_b) = (a.summary().await, b.summary().await);
    assert_eq!(from_a, from_b);
    assert_eq!(from_a["completions"], 60, "{from_a}");
    for (outcome, count) in &expected {
        assert_eq!(from_a["counts"]["outcomes"][*outcome], json!(count), "{outcome}: {from_a}");
    }
    assert_eq!(stored_ids(&database).await.len(), 60);
    a.stop().await;
    b.stop().await;
    assert_eq!(kept(&database).await, recounted(&database).await);
}

/// A reader's completion is on today, in a month not rolled up, so its batch writes no month
/// rows; when the month ends, one roll-up makes them from the days, once (a second instance
/// then finds nothing to do), and the binary's check finds them equal to their days.
#[tokio::test]
async fn a_month_is_rolled_up_from_its_days_once_it_has_ended() {
    for (database, _dir) in databases().await {
        let today = today();
        let rows: Vec<_> = (0..9)
            .map(|n| {
                let answers = [first(), second(), no_gap()][n % 3].clone();
                (
                    format!("rollrollroll{n:04}"),
                    today,
                    format!("/post-{}", n % 2),
                    answers,
                    [Some("first"), Some("second"), None][n % 3],
                )
            })
            .collect();
        seed(&database, &rows).await;
        let month = results_server::app::days::month_start(today);
        let pool = pool(&database).await;
        let month_rows = |pool: sqlx::AnyPool| async move {
            let row =
                sqlx::query("SELECT CAST(COALESCE(SUM(count), 0) AS BIGINT) AS n FROM result_months WHERE month = $1")
                    .bind(month)
                    .fetch_one(&pool)
                    .await
                    .unwrap();
            row.try_get::<i64, _>("n").unwrap()
        };
        assert_eq!(month_rows(pool.clone()).await, 0, "{database}: the current month has no month rows");
        // The first day of next month, as the writer sees it then.
        let next = results_server::app::days::next_month_start(today);
        let mut connection = pool.acquire().await.unwrap();
        assert!(results_server::app::counts::roll_months(&mut connection, next).await.unwrap(), "{database}");
        assert!(!results_server::app::counts::roll_months(&mut connection, next).await.unwrap(), "{database}");
        drop(connection);
        assert_eq!(month_rows(pool.clone()).await, 9, "{database}: the month's rows hold its nine completions");
        pool.close().await;
        let (code, printed) = run_binary(&database, &["--check-counts"]);
        assert_eq!(code, 0, "{database}: {printed}");
    }
}
