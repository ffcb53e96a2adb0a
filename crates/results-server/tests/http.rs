//! The results server over HTTP, as the widget and a site owner use it: every endpoint, every
//! kind of bad input (refused with a JSON error, storing nothing), idempotent retries, the
//! daily cap, CORS, the summary's privacy floor, the dashboard, webhooks and share pages.
//! Each test runs against SQLite in a temporary folder and, when `TQ_TEST_POSTGRES` names a
//! PostgreSQL server (the test command starts a throwaway one), against PostgreSQL too. The
//! hostile side (limits, floods, forging, faults) is in `tests/hostile/`.

mod common;

use common::*;
use serde_json::{Value, json};

#[tokio::test]
async fn a_completion_is_scored_by_the_server_stored_once_and_summarised() {
    for (database, dir) in databases().await {
        let server = start(config(&database), dir).await;
        let (status, body) = server.complete(completion("aaaaaaaaaaaaaaaa0001", first())).await;
        assert_eq!((status, &body), (200, &json!({ "stored": true, "outcome": "first" })), "{database}");
        // A retry of the same completion is accepted and not stored again.
        let (status, body) = server.complete(completion("aaaaaaaaaaaaaaaa0001", first())).await;
        assert_eq!((status, body["stored"].clone()), (200, json!(false)), "{database}");
        // No clear gap is stored as such, and counted as "none".
        let (status, body) = server.complete(completion("aaaaaaaaaaaaaaaa0002", no_gap())).await;
        assert_eq!((status, body["outcome"].clone()), (200, Value::Null), "{database}");

        let summary = server.summary().await;
        assert_eq!(summary["completions"], 2, "{database}");
        assert_eq!(summary["outcomes"]["first"], 50, "{database}");
        assert_eq!(summary["outcomes"]["none"], 50, "{database}");
        assert_eq!(summary["stages"]["first"], 50, "{database}");
        assert_eq!(summary["hardest"]["second"], 50, "{database}");
        assert_eq!(summary["saidVsShown"]["second"]["first"], 100, "{database}");
        server.stop().await;
    }
}

/// The contract of issue 22 (one type per message, in `quiz_core::api`), natively: completions
/// and beacons written by the widget's encoders, the summary read by the widget's decoder, and
/// its figures equal to a count made here of what was sent.
#[tokio::test]
async fn what_the_widgets_encoders_send_comes_back_through_the_widgets_reader() {
    use quiz_core::api;
    let quiz = test_quiz();
    // What was sent, each with what its answers show, say and name hardest (none: no key).
    let sent: Vec<(Value, [Option<&str>; 3])> = [
        (first(), [Some("first"), Some("first"), Some("second")], 4),
        (second(), [Some("second"), Some("second"), Some("third")], 2),
        (no_gap(), [None, None, None], 1),
    ]
    .into_iter()
    .flat_map(|(answers, shown, times)| std::iter::repeat_n((answers, shown), times))
    .collect();
    let starts = 9;
    for (database, dir) in databases().await {
        let mut settings = config(&database);
        settings.min_completions = sent.len() as u64;
        let server = start(settings, dir).await;
        let summary = || async {
            let response =
                server.client.get(server.url("/api/v1/summary/climb")).header("origin", PAGE).send().await.unwrap();
            assert_eq!(response.headers()["content-type"], "application/json");
            assert_eq!(response.headers()["cache-control"], "public, max-age=0");
            let text = response.text().await.unwrap();
            let summary = api::Summary::decode(&text).unwrap_or_else(|error| panic!("{database}: {error:?}: {text}"));
            // The server wrote it with the one encoder: the reader loses nothing of it.
            assert_eq!(summary.encode(), text, "{database}");
            summary
        };
        for (n, (answers, _)) in sent.iter().enumerate() {
            let pairs = answers
                .as_object()
                .unwrap()
                .iter()
                .map(|(question, choice)| (question.as_str(), choice.as_str().unwrap()));
            let chosen = quiz_core::answers::decode(&quiz, pairs).unwrap();
            let completion =
                api::Completion::new(&quiz, QUIZ, &chosen, &format!("contractcontract{n:04}"), "/blog/post");
            let (status, body) = server.post("/api/v1/completions", "application/json", completion.encode()).await;
            assert_eq!((status, &body["stored"]), (200, &json!(true)), "{database}: {body}");
            if n == 0 {
                // Below the minimum, the reader learns only that.
                assert_eq!(
                    summary().await,
                    api::Summary { quiz: QUIZ.into(), minimum: sent.len() as u64, figures: None }
                );
                // A retry is stored once, and not counted again.
                let (status, body) = server.post("/api/v1/completions", "application/json", completion.encode()).await;
                assert_eq!((status, &body["stored"]), (200, &json!(false)), "{database}: {body}");
            }
        }
        for n in 0..starts + 1 {
            let beacon = api::Beacon::new(&quiz, QUIZ, (n == starts).then_some(2));
            let path = if beacon.step.is_some() { "/api/v1/stops" } else { "/api/v1/starts" };
            let (status, body) = server.post(path, "text/plain;charset=UTF-8", beacon.encode()).await;
            assert_eq!(status, 204, "{database}: {body}");
        }

        // Counted here: by what the answers showed, the stage said and the step named hardest.
        let total = sent.len() as u64;
        let keys: Vec<&str> = quiz.outcomes.iter().map(|outcome| outcome.id.as_str()).chain(["none"]).collect();
        let count = |of: &dyn Fn(&[Option<&str>; 3]) -> bool| sent.iter().filter(|(_, shown)| of(shown)).count() as u64;
        let by = |which: usize| -> Vec<(String, u64)> {
            keys.iter().map(|key| (key.to_string(), count(&|shown| shown[which].unwrap_or("none") == *key))).collect()
        };
        let percent = |part: u64, whole: u64| (100.0 * part as f64 / whole as f64).round() as u8;
        let shares = |counts: &[(String, u64)], whole: u64| -> api::Shares {
            counts.iter().map(|(key, n)| (key.clone(), percent(*n, whole))).collect()
        };
        let figures = summary().await.figures.unwrap_or_else(|| panic!("{database}: enough completions"));
        for (which, got) in [&figures.outcomes, &figures.stages, &figures.hardest].into_iter().enumerate() {
            assert_eq!(got, &shares(&by(which), total), "{database}: {which}");
        }
        assert_eq!(
            figures.outcomes,
            [("first", 57), ("second", 29), ("third", 0), ("none", 14)].map(|(key, share)| (key.to_string(), share))
        );
        for (said, shown) in &figures.said_vs_shown {
            let those: Vec<&[Option<&str>; 3]> =
                sent.iter().map(|(_, shown)| shown).filter(|shown| shown[2] == Some(said)).collect();
            let expected: Vec<(String, u64)> = keys
                .iter()
                .map(|key| {
                    (key.to_string(), those.iter().filter(|shown| shown[0].unwrap_or("none") == *key).count() as u64)
                })
                .collect();
            assert_eq!(shown, &shares(&expected, those.len() as u64), "{database}: said {said}");
        }
        let named: Vec<&str> = figures.said_vs_shown.iter().map(|(said, _)| said.as_str()).collect();
        assert_eq!(named, ["second", "third"], "{database}: only the steps some reader named");
        let counts = figures.counts.unwrap_or_else(|| panic!("{database}: show_counts is on"));
        assert_eq!((counts.completions, counts.starts), (total, starts as u64), "{database}");
        let present = |counts: Vec<(String, u64)>| counts.into_iter().filter(|(_, n)| *n > 0).collect::<Vec<_>>();
        assert_eq!(
            [counts.outcomes, counts.stages, counts.hardest],
            [present(by(0)), present(by(1)), present(by(2))],
            "{database}"
        );
        server.stop().await;
    }
}

#[tokio::test]
async fn bad_input_gets_a_clear_json_error_and_stores_nothing() {
    for (database, dir) in databases().await {
        let server = start(config(&database), dir).await;
        let good = completion("bbbbbbbbbbbbbbbb0001", second());
        let with = |key: &str, value: Value| {
            let mut body = good.clone();
            body[key] = value;
            body.to_string()
        };
        let mut unknown_choice = second();
        unknown_choice["q1"] = json!("astronaut");
        let mut incomplete = second();
        incomplete.as_object_mut().unwrap().remove("q2");
        let cases: Vec<(&str, &str, String, u16, &str)> = vec![
            ("unknown quiz", "application/json", with("quiz", json!("nope")), 404, "unknown_quiz"),
            (
                "stale fingerprint",
                "application/json",
                with("fingerprint", json!("00000000")),
                409,
                "fingerprint_mismatch",
            ),
            ("unknown choice", "application/json", with("answers", unknown_choice), 400, "unknown_answer"),
            ("unanswered question", "application/json", with("answers", incomplete), 400, "incomplete"),
            ("a short id", "application/json", with("id", json!("short")), 400, "bad_id"),
            ("an extra field", "application/json", with("outcome", json!("first")), 400, "malformed"),
            ("not JSON", "application/json", "{".into(), 400, "malformed"),
            ("wrong content type", "text/plain", good.to_string(), 415, "content_type"),
        ];
        for (name, content_type, body, status, code) in cases {
            let (got, error) = server.post("/api/v1/completions", content_type, body).await;
            assert_eq!((got, error["error"].as_str()), (status, Some(code)), "{database}: {name}: {error}");
            assert!(error["message"].as_str().is_some_and(|message| !message.is_empty()), "{name}");
            assert_eq!(error["retry"], false, "{name}: sending it again cannot help");
        }
        // A malformed body is refused naming what is wrong, by the widget's own message type.
        let (_, error) = server.post("/api/v1/completions", "application/json", with("outcome", json!("first"))).await;
        let message = error["message"].as_str().unwrap_or_default();
        assert!(message.contains("\"outcome\" is not part of this message"), "{database}: {message}");
        let (status, error) =
            server.post("/api/v1/stops", "text/plain", beacon(Some(2)).replace(":2}", ":\"2\"}")).await;
        assert_eq!((status, error["error"].as_str()), (400, Some("malformed")), "{database}: {error}");
        assert!(error["message"].as_str().unwrap_or_default().contains("\"step\""), "{database}: {error}");
        // Oversized: over the documented 16 KB.
        let (status, error) =
            server.post("/api/v1/completions", "application/json", with("page", json!("/".repeat(20_000)))).await;
        assert_eq!((status, error["error"].as_str()), (413, Some("too_large")), "{database}: oversized");
        // Paths and methods the API does not have are refused in the same JSON.
        let response = server.client.get(server.url("/api/v1/completions")).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 405);
        assert_eq!(response.json::<Value>().await.unwrap()["error"], "method");
        let response = server.client.get(server.url("/api/v2/anything")).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 404);
        assert_eq!(response.json::<Value>().await.unwrap()["error"], "not_found");
        // A page on another origin, and a bot.
        let response = server
            .client
            .post(server.url("/api/v1/completions"))
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
            .post(server.url("/api/v1/completions"))
            .header("content-type", "application/json")
            .body(good.to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 403, "{database}: a bot");

        // Nothing of the above was stored.
        let summary = server.summary().await;
        assert_eq!(summary, json!({ "quiz": QUIZ, "enough": false, "minimum": 1 }), "{database}");
        server.stop().await;
    }
}

#[tokio::test]
async fn a_reader_is_capped_at_the_daily_cap_of_a_quiz() {
    for (database, dir) in databases().await {
        let mut settings = config(&database);
        settings.daily_cap = 10;
        let server = start(settings, dir).await;
        for n in 0..10 {
            let (status, _) = server.complete(completion(&format!("cccccccccccccccc{n:04}"), no_gap())).await;
            assert_eq!(status, 200, "{database}: completion {n}");
        }
        let (status, error) = server.complete(completion("cccccccccccccccc0010", no_gap())).await;
        assert_eq!((status, error["error"].clone()), (429, json!("daily_cap")), "{database}");
        assert!(error["message"].as_str().unwrap().contains("has sent 10 completions"), "{error}");
        server.stop().await;
    }
}

#[tokio::test]
async fn every_page_reads_its_answer_through_cors_never_with_credentials_and_only_allowed_ones_are_served() {
    for (database, dir) in databases().await {
        let server = start(config(&database), dir).await;
        let preflight = |origin: &'static str| {
            server
                .client
                .request(reqwest::Method::OPTIONS, server.url("/api/v1/completions"))
                .header("origin", origin)
                .header("access-control-request-method", "POST")
                .header("access-control-request-headers", "content-type")
                .send()
        };
        for origin in [PAGE, "https://elsewhere.example"] {
            let answer = preflight(origin).await.unwrap();
            assert_eq!(answer.headers().get("access-control-allow-origin").map(|v| v.to_str().unwrap()), Some(origin));
            assert!(answer.headers().get("access-control-allow-credentials").is_none(), "{database}");
        }
        // Another origin's page may read the refusal, not the summary.
        let summary = |origin: &'static str| {
            server.client.get(server.url("/api/v1/summary/climb")).header("origin", origin).send()
        };
        let ours = summary(PAGE).await.unwrap();
        assert_eq!(ours.status().as_u16(), 200);
        assert_eq!(ours.headers()["access-control-allow-origin"], PAGE);
        let theirs = summary("https://elsewhere.example").await.unwrap();
        assert_eq!(theirs.status().as_u16(), 403);
        let refusal: Value = theirs.json().await.unwrap();
        assert_eq!(refusal["error"], "origin_not_allowed", "{database}");
        assert!(refusal.get("enough").is_none() && refusal.get("outcomes").is_none());
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
            server.complete(completion(&format!("dddddddddddddddd{n:04}"), first())).await;
        }
        assert_eq!(server.summary().await, json!({ "quiz": QUIZ, "enough": false, "minimum": 3 }));
        server.complete(completion("dddddddddddddddd0002", second())).await;
        let summary = server.summary().await;
        assert_eq!((summary["enough"].clone(), summary["outcomes"]["first"].clone()), (json!(true), json!(67)));
        assert_eq!(summary["outcomes"]["second"], 33, "{database}");
        assert!(summary.get("completions").is_none() && summary.get("counts").is_none(), "{database}: {summary}");
        server.stop().await;
    }
}

#[tokio::test]
async fn starts_and_stops_are_counted_from_beacons_and_health_is_reported() {
    for (database, dir) in databases().await {
        let server = start(config(&database), dir).await;
        // navigator.sendBeacon sends text/plain, which needs no CORS preflight.
        assert_eq!(server.post("/api/v1/starts", "text/plain;charset=UTF-8", beacon(None)).await.0, 204);
        assert_eq!(server.post("/api/v1/starts", "application/json", beacon(None)).await.0, 204);
        assert_eq!(server.post("/api/v1/stops", "text/plain", beacon(Some(4))).await.0, 204);
        assert_eq!(server.post("/api/v1/stops", "text/plain", beacon(Some(99))).await.0, 400);
        server.complete(completion("eeeeeeeeeeeeeeee0001", no_gap())).await;
        assert_eq!(server.summary().await["starts"], 2, "{database}");
        let health = server.client.get(server.url("/healthz")).send().await.unwrap();
        assert_eq!(health.status().as_u16(), 200);
        assert_eq!(health.json::<Value>().await.unwrap(), json!({ "status": "ok" }));
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
                let (client, url) = (server.client.clone(), server.url("/api/v1/completions"));
                let body = completion(&format!("ffffffffffffffff{n:04}"), first()).to_string();
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
        let Running { stop, done, dir: kept, .. } = server;
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
        let answers = if n < 4 { first() } else { second() };
        let (status, _) = instance.complete(completion(&format!("gggggggggggggggg{n:04}"), answers)).await;
        assert_eq!(status, 200);
    }
    // A retry sent to the other instance is still stored once.
    assert_eq!(two.complete(completion("gggggggggggggggg0000", first())).await.1["stored"], false);
    let (first_summary, second_summary) = (one.summary().await, two.summary().await);
    assert_eq!(first_summary, second_summary);
    assert_eq!(
        (first_summary["completions"].clone(), first_summary["outcomes"]["first"].clone()),
        (json!(6), json!(67))
    );
    one.stop().await;
    two.stop().await;
}

#[tokio::test]
async fn without_a_secret_there_is_no_dashboard() {
    let (database, dir) = databases().await.remove(0);
    let server = start(config(&database), dir).await;
    let response = server.client.get(server.url("/dashboard")).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 404);
    assert!(response.text().await.unwrap().contains("<h1>Not Found</h1>"));
    server.stop().await;
}

#[tokio::test]
async fn the_owner_signs_in_exports_what_readers_answered_and_signs_out() {
    const SECRET: &str = "correct horse battery staple";
    for (database, dir) in databases().await {
        let mut settings = config(&database);
        settings.dashboard_secret = Some(SECRET.into());
        let server = start(settings, dir).await;
        let owner = reqwest::Client::builder()
            .user_agent(AGENT)
            .no_proxy()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();

        // Readers complete the quiz: two on the first climb, one on the second.
        for (n, answers) in [first(), first(), second()].into_iter().enumerate() {
            assert_eq!(server.complete(completion(&format!("hhhhhhhhhhhhhhhh{n:04}"), answers)).await.0, 200);
        }

        // The sign-in form comes with a CSRF cookie that only this site's forms can send back.
        let form = owner.get(server.url("/dashboard")).send().await.unwrap();
        let csrf_line = set_cookie(&form, "tq_csrf").expect("a CSRF cookie");
        for attribute in ["HttpOnly", "SameSite=Strict", "Path=/dashboard"] {
            assert!(csrf_line.contains(attribute), "{csrf_line}");
        }
        let csrf = cookie_value(&csrf_line);
        assert!(form.text().await.unwrap().contains(&format!("name=\"csrf\" value=\"{csrf}\"")));

        // Without the CSRF token (a form posted from another site), refused.
        let refused = owner
            .post(server.url("/dashboard/sign-in"))
            .form(&[("secret", SECRET), ("csrf", "forged")])
            .header("cookie", format!("tq_csrf={csrf}"))
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status().as_u16(), 403, "{database}");
        // A wrong secret: the form again, and no session.
        let wrong = owner
            .post(server.url("/dashboard/sign-in"))
            .form(&[("secret", "guess"), ("csrf", csrf.as_str())])
            .header("cookie", format!("tq_csrf={csrf}"))
            .send()
            .await
            .unwrap();
        assert_eq!(wrong.status().as_u16(), 401, "{database}");
        assert!(set_cookie(&wrong, "tq_session").is_none());
        // The right secret: a session cookie for the dashboard only.
        let signed = owner
            .post(server.url("/dashboard/sign-in"))
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
        assert!(!session_line.contains("Secure"), "plain http without public_url: {session_line}");
        let session = format!("tq_session={}", cookie_value(&session_line));

        // The exports hold exactly the three completions.
        let get = |path: &str| owner.get(server.url(path)).header("cookie", session.clone()).send();
        let csv = get("/dashboard/export/climb/completions.csv").await.unwrap();
        assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
        let csv = csv.text().await.unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], results_server::web::export::COLUMNS.join(","));
        assert_eq!(lines.len(), 4, "{database}: {csv}");
        let mut outcomes: Vec<&str> = lines[1..].iter().map(|line| line.split(',').nth(3).unwrap()).collect();
        outcomes.sort();
        assert_eq!(outcomes, ["first", "first", "second"], "{database}");
        assert!(lines[1].contains(",/blog/post,"), "only the path: {}", lines[1]);
        let aggregates: Value = get("/dashboard/export/climb/aggregates.json").await.unwrap().json().await.unwrap();
        assert_eq!(aggregates["completions"], 3);
        assert_eq!(aggregates["counts"]["outcomes"]["first"], 2);
        assert_eq!(aggregates["counts"]["outcomes"]["second"], 1);
        assert_eq!(aggregates["days"][0]["completed"], 3);
        let rows = get("/dashboard/export/climb/aggregates.csv").await.unwrap().text().await.unwrap();
        assert!(rows.starts_with("measure,key,label,count\r\ncompletions,,,3\r\n"), "{rows}");
        assert!(rows.contains("outcome,first,The first climb,2\r\n"), "{rows}");

        // The dashboard's page for the quiz shows the same figures, as text, and the quiz's
        // own title escaped, never as markup.
        let page = get("/dashboard/quiz/climb").await.unwrap().text().await.unwrap();
        assert!(page.contains("<strong>3</strong> completions"), "{database}");
        let first_climb = page.split("<span class=\"label\">The first climb</span>").nth(1).unwrap();
        assert!(first_climb.contains("</th><td class=\"n\">2</td><td class=\"n\">67%</td>"), "{database}: {page}");
        assert!(page.contains("Which climb is &lt;b&gt;yours&lt;/b&gt;?") && !page.contains("<b>yours"));
        assert!(
            page.contains("<link rel=\"stylesheet\" href=\"/dashboard/dashboard.css\">") && !page.contains("style=")
        );
        let none_before =
            get("/dashboard/quiz/climb?from=2000-01-01&to=2000-01-31").await.unwrap().text().await.unwrap();
        assert!(none_before.contains("<strong>0</strong> completions from 2000-01-01 to 2000-01-31"));

        // Sign-out needs the session's CSRF token; then the session is over.
        let token = form_csrf(&get("/dashboard").await.unwrap().text().await.unwrap());
        let out = owner
            .post(server.url("/dashboard/sign-out"))
            .form(&[("csrf", token.as_str())])
            .header("cookie", session.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(out.status().as_u16(), 303);
        let after = get("/dashboard/export/climb/completions.csv").await.unwrap();
        assert_eq!(after.status().as_u16(), 401);
        assert!(after.text().await.unwrap().contains("name=\"secret\""), "the sign-in form");
        server.stop().await;
    }
}

#[tokio::test]
async fn each_new_completion_is_delivered_to_the_webhook_signed_with_its_id() {
    use axum::http::{HeaderMap, StatusCode};
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::sync::{Arc, Mutex};
    // The owner's endpoint: fails the first attempt, then takes deliveries; keeps what came.
    let received: Arc<Mutex<Vec<(HeaderMap, String)>>> = Arc::default();
    let attempts = Arc::new(AtomicU32::new(0));
    let endpoint = {
        let (received, attempts) = (received.clone(), attempts.clone());
        axum::Router::new().route(
            "/hook",
            axum::routing::post(move |headers: HeaderMap, body: String| {
                let (received, attempts) = (received.clone(), attempts.clone());
                async move {
                    if attempts.fetch_add(1, Ordering::SeqCst) == 0 {
                        return StatusCode::INTERNAL_SERVER_ERROR;
                    }
                    received.lock().unwrap().push((headers, body));
                    StatusCode::NO_CONTENT
                }
            }),
        )
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let hook = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, endpoint).await.unwrap() });

    for (database, dir) in databases().await {
        received.lock().unwrap().clear();
        attempts.store(0, Ordering::SeqCst);
        let mut settings = config(&database);
        settings.webhook_backoff_ms = 50;
        settings.quizzes.get_mut(QUIZ).unwrap().webhook =
            Some(results_server::config::WebhookConfig { url: hook.clone(), secret: "owner-secret".into() });
        let server = start(settings, dir).await;
        let (status, _) = server.complete(completion("iiiiiiiiiiiiiiii0001", first())).await;
        assert_eq!(status, 200, "the reader's answer does not wait for the webhook");
        // A retry of the same completion is not delivered again.
        server.complete(completion("iiiiiiiiiiiiiiii0001", first())).await;

        let arrived =
            eventually(std::time::Duration::from_secs(10), || async { !received.lock().unwrap().is_empty() }).await;
        assert!(arrived, "{database}: delivered on the second attempt");
        server.stop().await;
        let received = received.lock().unwrap().clone();
        assert_eq!(received.len(), 1, "{database}: delivered once");
        assert_eq!(attempts.load(Ordering::SeqCst), 2);
        let (headers, body) = &received[0];
        // The signature, computed here from its definition: HMAC-SHA256 of the body, hex.
        use hmac::Mac;
        let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(b"owner-secret").unwrap();
        mac.update(body.as_bytes());
        let hex: String = mac.finalize().into_bytes().iter().map(|byte| format!("{byte:02x}")).collect();
        assert_eq!(headers["x-transition-quiz-signature"], format!("sha256={hex}").as_str());
        assert_eq!(headers["x-transition-quiz-event"], "completion");
        assert_eq!(headers["x-transition-quiz-delivery"], "iiiiiiiiiiiiiiii0001");
        // One key casing with the API and the exports: camelCase.
        let raw: Value = serde_json::from_str(body).unwrap();
        let keys: Vec<&String> = raw.as_object().unwrap().keys().collect();
        assert!(keys.iter().all(|key| !key.contains('_')), "{keys:?}");
        assert!(raw.get("sentAt").is_some() && raw.get("furtherUp").is_some(), "{raw}");
        let payload: results_server::app::webhooks::Payload = serde_json::from_str(body).unwrap();
        assert_eq!(payload.id, "iiiiiiiiiiiiiiii0001", "the id a receiver deduplicates by");
        // When it was sent, in the signed body (a receiver rejects an old one: a replay).
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
        assert!((now - 30..=now).contains(&payload.sent_at), "{database}: sentAt {} now {now}", payload.sent_at);
        assert_eq!(headers["x-transition-quiz-timestamp"], payload.sent_at.to_string().as_str());
        assert_eq!(payload.outcome.as_deref(), Some("first"));
        assert_eq!(payload.answers["q1"], "a");
        assert_eq!(payload.page, "/blog/post");
    }
}

#[tokio::test]
async fn a_shared_result_gets_a_preview_page_and_a_card_then_goes_on_to_the_article() {
    let (database, dir) = databases().await.remove(0);
    let mut settings = config(&database);
    settings.public_url = Some("https://results.example.com/".into());
    let server = start(settings, dir).await;
    let token = share_token();
    let page = server
        .client
        .get(server.url(&format!("/share/climb/{token}?to={}", "https%3A%2F%2Fblog.example%2Fpost%23old")))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status().as_u16(), 200);
    let html = page.text().await.unwrap();
    let quiz = test_quiz();
    let headline = quiz.ui.share_text.replace("{label}", &quiz.outcomes[0].label);
    assert!(html.contains(&format!("<meta property=\"og:title\" content=\"{headline}\">")), "{html}");
    assert!(
        html.contains(&format!("content=\"0; url=https://blog.example/post#transition-quiz:climb={token}\"")),
        "{html}"
    );
    assert!(html.contains(&format!(
        "<meta property=\"og:image\" content=\"https://results.example.com/share-image/climb/{token}\">"
    )));
    // Never a result that does not fit the quiz (as a page, not JSON).
    let broken =
        server.client.get(server.url("/share/climb/00000000.1?to=https://blog.example/")).send().await.unwrap();
    assert_eq!(broken.status().as_u16(), 400);
    assert!(broken.text().await.unwrap().contains("does not fit the quiz"));

    let image = server.client.get(server.url(&format!("/share-image/climb/{token}"))).send().await.unwrap();
    assert_eq!(image.headers()["content-type"], "image/png");
    let bytes = image.bytes().await.unwrap();
    let info = png::Decoder::new(bytes.as_ref()).read_info().unwrap().info().clone();
    assert_eq!((info.width, info.height), (1200, 630));
    server.stop().await;

    // The README's picture of a card: the built-in quiz's first result, drawn the same way,
    // kept in target/screenshots (`make screenshots` copies it into docs/).
    let builtin = quiz_core::default_quiz::default_quiz().unwrap();
    let outcome = &builtin.outcomes[0];
    // As the demo's configuration draws it (site_name and brand_colour).
    let style =
        results_server::app::share::Style { site_name: Some("The Pipeline Journal".into()), brand: [0x8a, 0x3b, 0x12] };
    let card = results_server::app::share::draw(
        &style,
        &builtin.title,
        &builtin.ui.share_text.replace("{label}", &outcome.label),
        &outcome.shift,
    );
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../target/screenshots");
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(format!("{dir}/share-card.png"), &card).unwrap();
}
