//! The results server over HTTP, as the widget and a site owner use it: every endpoint, every
//! kind of bad input (refused with a JSON error, storing nothing), idempotent retries, the
//! daily cap, CORS, and the summary's privacy floor. Each test runs against SQLite in a
//! temporary folder and, when `TQ_TEST_POSTGRES` names a PostgreSQL server (the README's test
//! command starts a throwaway one), against PostgreSQL too.

use std::collections::BTreeMap;
use std::net::SocketAddr;

use quiz_core::default_quiz::default_quiz;
use quiz_core::fingerprint::fingerprint;
use results_server::Server;
use results_server::config::{Config, QuizConfig};
use serde_json::{Value, json};

const AGENT: &str = "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36";
const PAGE: &str = "https://blog.example";

/// A running server and what a test needs to talk to it.
struct Running {
    base: String,
    client: reqwest::Client,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    done: tokio::task::JoinHandle<Result<(), String>>,
    _dir: Option<tempfile::TempDir>,
}

impl Running {
    async fn post(&self, path: &str, content_type: &str, body: String) -> (u16, Value) {
        let response = self
            .client
            .post(format!("{}{path}", self.base))
            .header("content-type", content_type)
            .header("origin", PAGE)
            .body(body)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    async fn complete(&self, body: Value) -> (u16, Value) {
        self.post("/api/v1/completions", "application/json", body.to_string()).await
    }

    async fn summary(&self) -> Value {
        let response = self
            .client
            .get(format!("{}/api/v1/summary/four-transitions", self.base))
            .header("origin", PAGE)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 200);
        response.json().await.unwrap()
    }

    async fn stop(mut self) {
        let _ = self.stop.take().unwrap().send(());
        self.done.await.unwrap().unwrap();
    }
}

/// The databases to run against: a fresh SQLite file, and a fresh PostgreSQL database when
/// `TQ_TEST_POSTGRES` is set (`postgres://user@127.0.0.1:port`).
async fn databases() -> Vec<(String, Option<tempfile::TempDir>)> {
    let dir = tempfile::tempdir().unwrap();
    let mut list = vec![(format!("sqlite://{}", dir.path().join("results.db").display()), Some(dir))];
    match std::env::var("TQ_TEST_POSTGRES") {
        Ok(server) => list.push((fresh_postgres(&server).await, None)),
        Err(_) if std::env::var_os("CI").is_some() => panic!("CI must test PostgreSQL too: set TQ_TEST_POSTGRES"),
        Err(_) => eprintln!("note: TQ_TEST_POSTGRES is not set, so only SQLite is tested here"),
    }
    list
}

/// Creates an empty database on the PostgreSQL server and returns its URL.
async fn fresh_postgres(server: &str) -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    sqlx::any::install_default_drivers();
    let name = format!("t{}_{}", std::process::id(), NEXT.fetch_add(1, Ordering::SeqCst));
    let admin = sqlx::AnyPool::connect(&format!("{server}/postgres")).await.unwrap();
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&admin).await.unwrap();
    admin.close().await;
    format!("{server}/{name}")
}

fn config(database: &str) -> Config {
    let mut quizzes = BTreeMap::new();
    quizzes
        .insert("four-transitions".to_string(), QuizConfig { file: None, origins: vec![PAGE.into()], webhook: None });
    Config {
        listen: SocketAddr::from(([127, 0, 0, 1], 0)),
        database: database.into(),
        min_completions: 1,
        summary_max_age: 0,
        quizzes,
        ..Config::default()
    }
}

async fn start(config: Config, dir: Option<tempfile::TempDir>) -> Running {
    let server = Server::start(config).await.unwrap();
    let base = format!("http://{}", server.address());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let done = tokio::spawn(server.serve(async move {
        let _ = stopped.await;
    }));
    let client = reqwest::Client::builder().user_agent(AGENT).build().unwrap();
    Running { base, client, stop: Some(stop), done, _dir: dir }
}

/// The answers of a persona in tests/personas/, by id.
fn persona(id: &str) -> Value {
    let table: Value = serde_json::from_str(include_str!("../../../tests/personas/four-transitions.json")).unwrap();
    let persona = table["personas"].as_array().unwrap().iter().find(|p| p["id"] == id).unwrap();
    persona["answers"].clone()
}

fn completion(id: &str, answers: Value) -> Value {
    json!({
        "id": id, "quiz": "four-transitions", "fingerprint": fingerprint(&default_quiz().unwrap()),
        "answers": answers, "page": "/blog/post?utm_source=newsletter#transition-quiz:x=1",
    })
}

#[tokio::test]
async fn a_completion_is_scored_by_the_server_stored_once_and_summarised() {
    for (database, dir) in databases().await {
        let server = start(config(&database), dir).await;
        let (status, body) = server.complete(completion("aaaaaaaaaaaaaaaa0001", persona("new-manager-closer"))).await;
        assert_eq!((status, &body), (200, &json!({ "stored": true, "outcome": "management" })), "{database}");
        // A retry of the same completion is accepted and not stored again.
        let (status, body) = server.complete(completion("aaaaaaaaaaaaaaaa0001", persona("new-manager-closer"))).await;
        assert_eq!((status, body["stored"].clone()), (200, json!(false)), "{database}");
        // No clear gap is stored as such, and counted as "none".
        let (status, body) = server.complete(completion("aaaaaaaaaaaaaaaa0002", persona("cro-mature"))).await;
        assert_eq!((status, body["outcome"].clone()), (200, Value::Null), "{database}");

        let summary = server.summary().await;
        assert_eq!(summary["completions"], 2, "{database}");
        assert_eq!(summary["outcomes"]["management"], 50, "{database}");
        assert_eq!(summary["outcomes"]["none"], 50, "{database}");
        assert_eq!(summary["stages"]["leading-leaders"], 50, "{database}: the manager's stage");
        assert_eq!(summary["hardest"]["officer"], 50, "{database}: the CRO said officer");
        assert_eq!(summary["saidVsShown"]["leading-leaders"]["management"], 100, "{database}");
        server.stop().await;
    }
}

#[tokio::test]
async fn bad_input_gets_a_clear_json_error_and_stores_nothing() {
    for (database, dir) in databases().await {
        let server = start(config(&database), dir).await;
        let good = completion("bbbbbbbbbbbbbbbb0001", persona("stopgap-seller"));
        let with = |key: &str, value: Value| {
            let mut body = good.clone();
            body[key] = value;
            body.to_string()
        };
        let mut unknown_choice = persona("stopgap-seller");
        unknown_choice["party"] = json!("astronaut");
        let mut incomplete = persona("stopgap-seller");
        incomplete.as_object_mut().unwrap().remove("budget");
        let cases: Vec<(&str, &str, String, u16, &str)> = vec![
            ("unknown quiz", "application/json", with("quiz", json!("nope")), 404, "unknown_quiz"),
            ("stale fingerprint", "application/json", with("fingerprint", json!("00000000")), 409, "stale_quiz"),
            ("unknown choice", "application/json", with("answers", unknown_choice), 400, "unknown_answer"),
            ("unanswered question", "application/json", with("answers", incomplete), 400, "incomplete"),
            ("a short id", "application/json", with("id", json!("short")), 400, "bad_id"),
            ("an extra field", "application/json", with("outcome", json!("officer")), 400, "malformed"),
            ("not JSON", "application/json", "{".into(), 400, "malformed"),
            ("wrong content type", "text/plain", good.to_string(), 415, "content_type"),
        ];
        for (name, content_type, body, status, code) in cases {
            let (got, error) = server.post("/api/v1/completions", content_type, body).await;
            assert_eq!((got, error["error"].as_str()), (status, Some(code)), "{database}: {name}: {error}");
            assert!(error["message"].as_str().is_some_and(|message| !message.is_empty()), "{name}");
        }
        // Oversized: over the documented 16 KB.
        let huge = with("page", json!("/".repeat(20_000)));
        let response = server
            .client
            .post(format!("{}/api/v1/completions", server.base))
            .header("content-type", "application/json")
            .header("origin", PAGE)
            .body(huge)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 413, "{database}: oversized");
        let error: Value = response.json().await.unwrap();
        assert_eq!(error["error"], "too_large", "{database}: oversized");
        // Paths and methods the API does not have are refused in the same JSON.
        let response = server.client.get(format!("{}/api/v1/completions", server.base)).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 405);
        assert_eq!(response.json::<Value>().await.unwrap()["error"], "method");
        let response = server.client.get(format!("{}/api/v2/anything", server.base)).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 404);
        assert_eq!(response.json::<Value>().await.unwrap()["error"], "not_found");
        // A page on another origin, and a bot.
        let response = server
            .client
            .post(format!("{}/api/v1/completions", server.base))
            .header("content-type", "application/json")
            .header("origin", "https://elsewhere.example")
            .body(good.to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 403, "{database}: another origin");
        let response = reqwest::Client::builder()
            .user_agent("Googlebot/2.1")
            .build()
            .unwrap()
            .post(format!("{}/api/v1/completions", server.base))
            .header("content-type", "application/json")
            .body(good.to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 403, "{database}: a bot");

        // Nothing of the above was stored.
        let summary = server.summary().await;
        assert_eq!(summary, json!({ "quiz": "four-transitions", "enough": false, "minimum": 1 }), "{database}");
        server.stop().await;
    }
}

#[tokio::test]
async fn a_reader_is_capped_at_ten_completions_of_a_quiz_a_day() {
    for (database, dir) in databases().await {
        let server = start(config(&database), dir).await;
        for n in 0..10 {
            let (status, _) =
                server.complete(completion(&format!("cccccccccccccccc{n:04}"), persona("cro-mature"))).await;
            assert_eq!(status, 200, "{database}: completion {n}");
        }
        let (status, error) = server.complete(completion("cccccccccccccccc0010", persona("cro-mature"))).await;
        assert_eq!((status, error["error"].clone()), (429, json!("daily_cap")), "{database}");
        // Another browser behind the same address (a shared office) is another reader.
        let other = reqwest::Client::builder().user_agent("Mozilla/5.0 Firefox/150.0").build().unwrap();
        let response = other
            .post(format!("{}/api/v1/completions", server.base))
            .header("content-type", "application/json")
            .header("origin", PAGE)
            .body(completion("cccccccccccccccc0011", persona("cro-mature")).to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 200, "{database}");
        server.stop().await;
    }
}

#[tokio::test]
async fn cors_answers_the_configured_origins_only_and_never_with_credentials() {
    for (database, dir) in databases().await {
        let server = start(config(&database), dir).await;
        let preflight = |origin: &'static str| {
            server
                .client
                .request(reqwest::Method::OPTIONS, format!("{}/api/v1/completions", server.base))
                .header("origin", origin)
                .header("access-control-request-method", "POST")
                .header("access-control-request-headers", "content-type")
                .send()
        };
        let allowed = preflight(PAGE).await.unwrap();
        assert_eq!(allowed.headers().get("access-control-allow-origin").map(|v| v.to_str().unwrap()), Some(PAGE));
        assert!(allowed.headers().get("access-control-allow-credentials").is_none());
        let refused = preflight("https://elsewhere.example").await.unwrap();
        assert!(refused.headers().get("access-control-allow-origin").is_none(), "{database}");
        server.stop().await;
    }
}

#[tokio::test]
async fn a_small_audience_is_not_exposed_and_counts_can_be_hidden() {
    for (database, dir) in databases().await {
        let mut settings = config(&database);
        settings.min_completions = 3;
        settings.show_counts = false;
        let server = start(settings, dir).await;
        for n in 0..2 {
            server.complete(completion(&format!("dddddddddddddddd{n:04}"), persona("stopgap-seller"))).await;
        }
        assert_eq!(server.summary().await, json!({ "quiz": "four-transitions", "enough": false, "minimum": 3 }));
        server.complete(completion("dddddddddddddddd0002", persona("quick-win-cro"))).await;
        let summary = server.summary().await;
        assert_eq!((summary["enough"].clone(), summary["outcomes"]["profession"].clone()), (json!(true), json!(67)));
        assert_eq!(summary["outcomes"]["officer"], 33, "{database}");
        assert!(summary.get("completions").is_none() && summary.get("counts").is_none(), "{database}: {summary}");
        server.stop().await;
    }
}

#[tokio::test]
async fn starts_and_stops_are_counted_from_beacons_and_health_is_reported() {
    for (database, dir) in databases().await {
        let server = start(config(&database), dir).await;
        let print = fingerprint(&default_quiz().unwrap());
        let beacon = json!({ "quiz": "four-transitions", "fingerprint": print }).to_string();
        // navigator.sendBeacon sends text/plain, which needs no CORS preflight.
        assert_eq!(server.post("/api/v1/starts", "text/plain;charset=UTF-8", beacon.clone()).await.0, 204);
        assert_eq!(server.post("/api/v1/starts", "application/json", beacon).await.0, 204);
        let stop = json!({ "quiz": "four-transitions", "fingerprint": print, "step": 4 }).to_string();
        assert_eq!(server.post("/api/v1/stops", "text/plain", stop).await.0, 204);
        let bad_step = json!({ "quiz": "four-transitions", "fingerprint": print, "step": 99 }).to_string();
        assert_eq!(server.post("/api/v1/stops", "text/plain", bad_step).await.0, 400);
        server.complete(completion("eeeeeeeeeeeeeeee0001", persona("cro-mature"))).await;
        assert_eq!(server.summary().await["starts"], 2, "{database}");
        let health = server.client.get(format!("{}/healthz", server.base)).send().await.unwrap();
        assert_eq!(health.status().as_u16(), 200);
        server.stop().await;
    }
}

#[tokio::test]
async fn a_graceful_stop_keeps_every_acknowledged_completion() {
    for (database, dir) in databases().await {
        let server = start(config(&database), dir).await;
        // Forty readers complete at once, and the server is told to stop while they do.
        let requests: Vec<_> = (0..40)
            .map(|n| {
                let (client, url) = (server.client.clone(), format!("{}/api/v1/completions", server.base));
                let body = completion(&format!("ffffffffffffffff{n:04}"), persona("stopgap-seller")).to_string();
                tokio::spawn(async move {
                    let sent = client
                        .post(url)
                        .header("content-type", "application/json")
                        .header("origin", PAGE)
                        .body(body)
                        .send();
                    sent.await.map(|response| response.status().as_u16()).unwrap_or(0)
                })
            })
            .collect();
        // Stop once the first ten are answered, so the other thirty are in flight or arriving.
        let mut requests = requests.into_iter();
        let mut acknowledged = 0u64;
        for request in requests.by_ref().take(10) {
            acknowledged += u64::from(request.await.unwrap() == 200);
        }
        assert_eq!(acknowledged, 10, "{database}: the first ten are answered before the stop");
        let Running { stop, done, _dir: kept, .. } = server;
        let _ = stop.unwrap().send(());
        for request in requests {
            acknowledged += u64::from(request.await.unwrap() == 200);
        }
        done.await.unwrap().unwrap();
        // A new server on the same database finds every completion that was answered 200.
        let again = start(config(&database), kept).await;
        assert_eq!(again.summary().await["completions"].as_u64(), Some(acknowledged), "{database}");
        again.stop().await;
    }
}

#[tokio::test]
async fn two_servers_on_one_postgresql_database_give_one_summary() {
    let Ok(server) = std::env::var("TQ_TEST_POSTGRES") else {
        assert!(std::env::var_os("CI").is_none(), "CI must test PostgreSQL too: set TQ_TEST_POSTGRES");
        eprintln!("note: TQ_TEST_POSTGRES is not set; skipping the two-instance test");
        return;
    };
    let database = fresh_postgres(&server).await;
    // The second instance migrates a database the first already migrated.
    let (one, two) = (start(config(&database), None).await, start(config(&database), None).await);
    for n in 0..6 {
        let instance = if n % 2 == 0 { &one } else { &two };
        let persona_id = if n < 4 { "stopgap-seller" } else { "quick-win-cro" };
        let (status, _) = instance.complete(completion(&format!("gggggggggggggggg{n:04}"), persona(persona_id))).await;
        assert_eq!(status, 200);
    }
    // A retry sent to the other instance is still stored once.
    assert_eq!(two.complete(completion("gggggggggggggggg0000", persona("stopgap-seller"))).await.1["stored"], false);
    let (first, second) = (one.summary().await, two.summary().await);
    assert_eq!(first, second);
    assert_eq!((first["completions"].clone(), first["outcomes"]["profession"].clone()), (json!(6), json!(67)));
    one.stop().await;
    two.stop().await;
}

/// The `name=value` of a `Set-Cookie` header named `name`, with its attributes.
fn set_cookie(response: &reqwest::Response, name: &str) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|value| value.starts_with(&format!("{name}=")))
        .map(String::from)
}

/// The value part of a `Set-Cookie` line.
fn cookie_value(line: &str) -> String {
    line.split(';').next().unwrap().split_once('=').unwrap().1.to_string()
}

#[tokio::test]
async fn without_a_secret_there_is_no_dashboard() {
    let (database, dir) = databases().await.remove(0);
    let server = start(config(&database), dir).await;
    let response = server.client.get(format!("{}/dashboard", server.base)).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 404);
    server.stop().await;
}

#[tokio::test]
async fn the_owner_signs_in_exports_what_readers_answered_and_signs_out() {
    const SECRET: &str = "correct horse battery staple";
    for (database, dir) in databases().await {
        let mut settings = config(&database);
        settings.dashboard_secret = Some(SECRET.into());
        let server = start(settings, dir).await;
        let owner =
            reqwest::Client::builder().user_agent(AGENT).redirect(reqwest::redirect::Policy::none()).build().unwrap();
        let url = |path: &str| format!("{}{path}", server.base);

        // Readers complete the quiz: two sellers in it for now, one CRO chasing quick wins.
        for (n, id) in ["stopgap-seller", "stopgap-seller", "quick-win-cro"].iter().enumerate() {
            assert_eq!(server.complete(completion(&format!("hhhhhhhhhhhhhhhh{n:04}"), persona(id))).await.0, 200);
        }

        // The sign-in form comes with a CSRF cookie that only this site's forms can send back.
        let form = owner.get(url("/dashboard")).send().await.unwrap();
        let csrf_line = set_cookie(&form, "tq_csrf").expect("a CSRF cookie");
        for attribute in ["HttpOnly", "SameSite=Strict", "Path=/dashboard"] {
            assert!(csrf_line.contains(attribute), "{csrf_line}");
        }
        let csrf = cookie_value(&csrf_line);
        assert!(form.text().await.unwrap().contains(&format!("name=\"csrf\" value=\"{csrf}\"")));

        // Without the CSRF token (a form posted from another site), refused.
        let refused = owner
            .post(url("/dashboard/sign-in"))
            .form(&[("secret", SECRET), ("csrf", "forged")])
            .header("cookie", format!("tq_csrf={csrf}"))
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status().as_u16(), 403, "{database}");
        // A wrong secret is answered slowly, and no session is made.
        let started = std::time::Instant::now();
        let wrong = owner
            .post(url("/dashboard/sign-in"))
            .form(&[("secret", "guess"), ("csrf", csrf.as_str())])
            .header("cookie", format!("tq_csrf={csrf}"))
            .send()
            .await
            .unwrap();
        assert_eq!(wrong.status().as_u16(), 401, "{database}");
        assert!(started.elapsed() >= std::time::Duration::from_millis(900), "a wrong secret is slowed down");
        assert!(set_cookie(&wrong, "tq_session").is_none());
        // The right secret: a session cookie for the dashboard only.
        let signed = owner
            .post(url("/dashboard/sign-in"))
            .form(&[("secret", SECRET), ("csrf", csrf.as_str())])
            .header("cookie", format!("tq_csrf={csrf}"))
            .send()
            .await
            .unwrap();
        assert_eq!(signed.status().as_u16(), 303, "{database}");
        let session_line = set_cookie(&signed, "tq_session").expect("a session cookie");
        for attribute in ["HttpOnly", "SameSite=Strict", "Path=/dashboard"] {
            assert!(session_line.contains(attribute), "{session_line}");
        }
        let session = format!("tq_session={}", cookie_value(&session_line));

        // The exports hold exactly the three completions, counted here from the personas.
        let get = |path: &str| owner.get(url(path)).header("cookie", session.clone()).send();
        let csv = get("/dashboard/export/four-transitions/completions.csv").await.unwrap();
        assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
        let csv = csv.text().await.unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], "day,outcome,further_up,stage,hardest,page,answers");
        assert_eq!(lines.len(), 4, "{database}: {csv}");
        let outcomes: Vec<&str> = lines[1..].iter().map(|line| line.split(',').nth(1).unwrap()).collect();
        let mut expected: Vec<String> = ["stopgap-seller", "stopgap-seller", "quick-win-cro"]
            .iter()
            .map(|id| {
                let table: Value =
                    serde_json::from_str(include_str!("../../../tests/personas/four-transitions.json")).unwrap();
                let persona = table["personas"].as_array().unwrap().iter().find(|p| p["id"] == *id).unwrap().clone();
                persona["expect"]["gap"].as_str().unwrap().to_string()
            })
            .collect();
        expected.sort();
        let mut outcomes: Vec<String> = outcomes.iter().map(|o| o.to_string()).collect();
        outcomes.sort();
        assert_eq!(outcomes, expected, "{database}");
        assert!(lines[1].contains(",/blog/post,"), "only the path: {}", lines[1]);
        let aggregates: Value =
            get("/dashboard/export/four-transitions/aggregates.json").await.unwrap().json().await.unwrap();
        assert_eq!(aggregates["completions"], 3);
        assert_eq!(aggregates["counts"]["outcomes"]["profession"], 2);
        assert_eq!(aggregates["counts"]["outcomes"]["officer"], 1);
        assert_eq!(aggregates["days"][0]["completed"], 3);
        let rows = get("/dashboard/export/four-transitions/aggregates.csv").await.unwrap().text().await.unwrap();
        assert!(rows.starts_with("measure,key,count\r\ncompletions,,3\r\n"), "{rows}");
        assert!(rows.contains("outcome,profession,2\r\n"), "{rows}");

        // The dashboard's page for the quiz shows the same figures, as text.
        let page = get("/dashboard/quiz/four-transitions").await.unwrap().text().await.unwrap();
        assert!(page.contains("<strong>3</strong> completions"), "{database}");
        assert!(
            page.contains("<th scope=\"row\">Job → profession</th><td class=\"n\">2</td><td class=\"n\">67%</td>"),
            "{database}"
        );
        assert!(
            page.contains("<link rel=\"stylesheet\" href=\"/dashboard/dashboard.css\">") && !page.contains("style=")
        );
        let bad_range = get("/dashboard/quiz/four-transitions?from=yesterday").await.unwrap();
        assert_eq!(bad_range.status().as_u16(), 400);
        let none_before =
            get("/dashboard/quiz/four-transitions?from=2000-01-01&to=2000-01-31").await.unwrap().text().await.unwrap();
        assert!(none_before.contains("<strong>0</strong> completions from 2000-01-01 to 2000-01-31"));

        // Sign-out needs the session's CSRF token; then the session is over.
        let page = get("/dashboard").await.unwrap().text().await.unwrap();
        let token = page.split("name=\"csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
        let forged = owner
            .post(url("/dashboard/sign-out"))
            .form(&[("csrf", "forged")])
            .header("cookie", session.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(forged.status().as_u16(), 403);
        let out = owner
            .post(url("/dashboard/sign-out"))
            .form(&[("csrf", token.as_str())])
            .header("cookie", session.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(out.status().as_u16(), 303);
        assert_eq!(get("/dashboard/export/four-transitions/completions.csv").await.unwrap().status().as_u16(), 401);
        server.stop().await;
    }
}

#[tokio::test]
async fn each_new_completion_is_delivered_to_the_webhook_signed_and_retried() {
    use axum::http::{HeaderMap, StatusCode};
    use std::sync::{Arc, Mutex};
    // The owner's endpoint: fails the first attempt, then takes deliveries; keeps what came.
    let received: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
    let attempts = Arc::new(std::sync::atomic::AtomicU32::new(0));
    let endpoint = {
        let (received, attempts) = (received.clone(), attempts.clone());
        axum::Router::new().route(
            "/hook",
            axum::routing::post(move |headers: HeaderMap, body: String| {
                let (received, attempts) = (received.clone(), attempts.clone());
                async move {
                    if attempts.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0 {
                        return StatusCode::INTERNAL_SERVER_ERROR;
                    }
                    let signature = headers["x-transition-quiz-signature"].to_str().unwrap().to_string();
                    received.lock().unwrap().push((signature, body));
                    StatusCode::NO_CONTENT
                }
            }),
        )
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let hook = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, endpoint).await.unwrap() });

    let (database, dir) = databases().await.remove(0);
    let mut settings = config(&database);
    settings.webhook_backoff_ms = 50;
    settings.quizzes.get_mut("four-transitions").unwrap().webhook =
        Some(results_server::config::WebhookConfig { url: hook, secret: "owner-secret".into() });
    let server = start(settings, dir).await;
    let (status, _) = server.complete(completion("iiiiiiiiiiiiiiii0001", persona("quick-win-cro"))).await;
    assert_eq!(status, 200, "the reader's answer does not wait for the webhook");
    // A retry of the same completion is not delivered again.
    server.complete(completion("iiiiiiiiiiiiiiii0001", persona("quick-win-cro"))).await;

    let mut waited = 0;
    while received.lock().unwrap().is_empty() && waited < 100 {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        waited += 1;
    }
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let received = received.lock().unwrap().clone();
    assert_eq!(received.len(), 1, "delivered once, on the second attempt");
    assert_eq!(attempts.load(std::sync::atomic::Ordering::SeqCst), 2);
    let (signature, body) = &received[0];
    // The signature, computed here from its definition: HMAC-SHA256 of the body, hex.
    use hmac::Mac;
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(b"owner-secret").unwrap();
    mac.update(body.as_bytes());
    let hex: String = mac.finalize().into_bytes().iter().map(|byte| format!("{byte:02x}")).collect();
    assert_eq!(signature, &format!("sha256={hex}"));
    let payload: Value = serde_json::from_str(body).unwrap();
    assert_eq!(payload["outcome"], "officer");
    assert_eq!(payload["answers"]["board-pressure"], "quick-wins");
    assert_eq!(payload["page"], "/blog/post");
    assert!(payload.get("id").is_none(), "nothing but the documented fields");
    server.stop().await;
}

#[tokio::test]
async fn a_shared_result_gets_a_preview_page_and_a_card_then_goes_on_to_the_article() {
    let (database, dir) = databases().await.remove(0);
    let server = start(config(&database), dir).await;
    let quiz = default_quiz().unwrap();
    let answers_json = persona("stopgap-seller");
    let answers: Vec<Option<usize>> = quiz
        .questions
        .iter()
        .map(|question| question.choices.iter().position(|choice| answers_json[&question.id] == choice.id.as_str()))
        .collect();
    let token = quiz_core::share_link::encode_shared(&quiz, &answers);
    let page = server
        .client
        .get(format!("{}/share/four-transitions/{token}?to={}", server.base, "https%3A%2F%2Fblog.example%2Fpost%23old"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status().as_u16(), 200);
    let html = page.text().await.unwrap();
    let label = &quiz.outcomes[0].label;
    assert!(
        html.contains(&format!("<meta property=\"og:title\" content=\"My likely mindset gap: {label}\">")),
        "{html}"
    );
    assert!(
        html.contains(&format!(
            "content=\"0; url=https://blog.example/post#transition-quiz:four-transitions={token}\""
        )),
        "{html}"
    );
    assert!(html.contains(&format!(
        "<meta property=\"og:image\" content=\"{}/share-image/four-transitions/{token}\">",
        server.base
    )));
    // Never an open redirect, never a result that does not fit the quiz.
    let elsewhere = server
        .client
        .get(format!("{}/share/four-transitions/{token}?to=https://evil.example/", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(elsewhere.status().as_u16(), 400);
    let broken = server
        .client
        .get(format!("{}/share/four-transitions/00000000.1?to=https://blog.example/", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(broken.status().as_u16(), 400);

    let image =
        server.client.get(format!("{}/share-image/four-transitions/{token}", server.base)).send().await.unwrap();
    assert_eq!(image.headers()["content-type"], "image/png");
    let bytes = image.bytes().await.unwrap();
    let info = png::Decoder::new(bytes.as_ref()).read_info().unwrap().info().clone();
    assert_eq!((info.width, info.height), (1200, 630));
    // Kept for the README (`make screenshots` copies target/screenshots into docs/).
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../target/screenshots");
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(format!("{dir}/share-card.png"), &bytes).unwrap();
    server.stop().await;
}
