//! The site owner's side of the results server (issue 21), over HTTP as a page and an owner
//! use it: a page on an origin the owner forgot reads why it was refused and the dashboard
//! shows it with the fix; refusals and deletions are logged without any address; the
//! dashboard speaks the quiz's own words, shows only the sections the quiz has questions for,
//! and breaks completions down by article; exports cover a range of days, with labels beside
//! ids and the webhooks' answers format; test completions are deleted by range after a
//! confirmation. Against SQLite and, with `TQ_TEST_POSTGRES`, PostgreSQL.

mod common;

use std::collections::BTreeMap;

use common::*;
use results_server::app::days::{date, today};
use results_server::app::store::{Completion, Store};
use results_server::config::QuizConfig;
use serde_json::{Value, json};

const SECRET: &str = "the owner's own long secret";
/// An origin the owner forgot to list: the page was opened as http://localhost:8090.
const FORGOTTEN: &str = "http://localhost:8090";

/// Stores completions of the test quiz on given days directly (the API stores today only):
/// (id, day, page, answers, outcome).
async fn seed(database: &str, rows: &[(&str, i64, &str, Value, Option<&str>)]) {
    let store = Store::open(database, 16).await.unwrap();
    for (id, day, page, answers, outcome) in rows {
        let completion = stored(id, *day, page, answers, *outcome);
        assert!(store.add_completion(completion, None).await.unwrap());
    }
    store.close().await;
}

#[tokio::test]
async fn a_page_on_an_origin_the_owner_forgot_reads_why_and_the_owner_sees_it_with_the_fix() {
    for (database, dir) in databases().await {
        let mut settings = config(&database);
        settings.dashboard_secret = Some(SECRET.into());
        settings.daily_cap = 1;
        let server = start(settings, dir).await;
        // A JSON POST is not a simple request: the browser asks first, and must be answered
        // for this origin too, or it never sends the completion at all.
        let preflight = server
            .client
            .request(reqwest::Method::OPTIONS, server.url("/api/v1/completions"))
            .header("origin", FORGOTTEN)
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "content-type")
            .send()
            .await
            .unwrap();
        assert_eq!(preflight.headers().get("access-control-allow-origin").unwrap(), FORGOTTEN, "{database}");
        assert!(preflight.headers().get("access-control-allow-credentials").is_none());

        // The completion is refused, in words the page can read, saying what to change.
        let refused = server
            .client
            .post(server.url("/api/v1/completions"))
            .header("origin", FORGOTTEN)
            .header("content-type", "application/json")
            .body(completion("jjjjjjjjjjjjjjjj0001", first()).to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status().as_u16(), 403, "{database}");
        assert_eq!(refused.headers().get("access-control-allow-origin").unwrap(), FORGOTTEN);
        assert!(refused.headers().get("access-control-allow-credentials").is_none());
        let body: Value = refused.json().await.unwrap();
        assert_eq!((&body["error"], &body["retry"]), (&json!("origin_not_allowed"), &json!(false)), "{body}");
        let message = body["message"].as_str().unwrap();
        assert!(message.contains(&format!("add \"{FORGOTTEN}\" to origins under [quizzes.climb]")), "{message}");
        assert!(!message.contains(PAGE), "the quiz's own origins are not told to another site: {message}");

        // A reader on the right page, over the daily cap: may be sent again once the day ends.
        assert_eq!(server.complete(completion("jjjjjjjjjjjjjjjj0002", first())).await.0, 200);
        let capped = server
            .client
            .post(server.url("/api/v1/completions"))
            .header("origin", PAGE)
            .header("content-type", "application/json")
            .body(completion("jjjjjjjjjjjjjjjj0003", second()).to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(capped.status().as_u16(), 429);
        let wait: u64 = capped.headers()["retry-after"].to_str().unwrap().parse().unwrap();
        assert!((1..=86_400).contains(&wait), "until the day ends: {wait}");
        let body: Value = capped.json().await.unwrap();
        assert_eq!((&body["error"], &body["retry"]), (&json!("daily_cap"), &json!(true)), "{body}");
        // A quiz the server does not take: named so, never worth sending again.
        let (status, body) = server
            .post("/api/v1/completions", "application/json", {
                let mut unknown = completion("jjjjjjjjjjjjjjjj0004", first());
                unknown["quiz"] = json!("climb-typo");
                unknown.to_string()
            })
            .await;
        assert_eq!((status, &body["error"], &body["retry"]), (404, &json!("unknown_quiz"), &json!(false)));

        // The owner sees each, by reason and origin, with what to do.
        let (owner, session) = signed_in(&server.base, SECRET).await;
        let get = |path: &str| owner.get(server.url(path)).header("cookie", session.clone()).send();
        let page = get("/dashboard/quiz/climb").await.unwrap().text().await.unwrap();
        assert!(page.contains("The page's site is not one of the quiz's origins"), "{page}");
        assert!(page.contains(&format!("From <strong class=\"origin\">{FORGOTTEN}</strong>: 1 completion.")), "{page}");
        assert!(page.contains(&format!("add &quot;{FORGOTTEN}&quot; to origins under [quizzes.climb]")), "{page}");
        assert!(page.contains("One network sent more completions today than the daily cap"), "{page}");
        assert!(page.contains("raise daily_cap (now 1)"), "{page}");
        assert!(page.contains(&format!("<th scope=\"row\">{}</th><td class=\"n\">1</td>", date(today()))), "{page}");
        let home = get("/dashboard").await.unwrap().text().await.unwrap();
        assert!(home.contains("<dt>Refused</dt><dd>2</dd>"), "{database}: {home}");
        assert!(home.contains("1 completion named a quiz this server does not take"), "{home}");
        server.stop().await;
    }
}

#[tokio::test]
async fn refusals_and_deletions_are_logged_without_any_address() {
    let (database, _dir) = databases().await.remove(0);
    let toml = format!("dashboard_secret = \"{SECRET}\"\n{}", quiz_toml(""));
    let server = spawn(Launch { toml: &toml, database: &database, open_files: None });
    let send = |origin: &'static str, body: Value| {
        client()
            .post(server.url("/api/v1/completions"))
            .header("origin", origin)
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
    };
    for n in 0..3 {
        let answer = send(FORGOTTEN, completion(&format!("kkkkkkkkkkkkkkkk000{n}"), first())).await.unwrap();
        assert_eq!(answer.status().as_u16(), 403);
    }
    let mut typo = completion("kkkkkkkkkkkkkkkk0009", first());
    typo["quiz"] = json!("climb-typo");
    assert_eq!(send(PAGE, typo).await.unwrap().status().as_u16(), 404);
    let logged = |reason: &str| {
        server
            .log
            .lock()
            .unwrap()
            .iter()
            .filter_map(|line| serde_json::from_str::<Value>(line).ok())
            .filter(|entry| entry["fields"]["reason"] == reason)
            .collect::<Vec<_>>()
    };
    let arrived = eventually(std::time::Duration::from_secs(10), || async {
        !logged("origin_not_allowed").is_empty() && !logged("unknown_quiz").is_empty()
    })
    .await;
    assert!(arrived, "{:?}", server.log.lock().unwrap());
    let origin = logged("origin_not_allowed");
    assert_eq!(origin.len(), 1, "three refusals, logged once: {origin:?}");
    assert_eq!((&origin[0]["fields"]["quiz"], &origin[0]["fields"]["origin"]), (&json!("climb"), &json!(FORGOTTEN)));
    assert_eq!(logged("unknown_quiz")[0]["fields"]["quiz"], "climb-typo", "the key the page sent, to fix it");

    // The owner deletes today's completions: logged too, with what went.
    assert_eq!(send(PAGE, completion("kkkkkkkkkkkkkkkk0005", first())).await.unwrap().status().as_u16(), 200);
    let (owner, session) = signed_in(&server.base, SECRET).await;
    let confirm = owner
        .get(server.url(&format!("/dashboard/quiz/climb/delete?from={0}&to={0}", date(today()))))
        .header("cookie", session.clone())
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let deleted = owner
        .post(server.url("/dashboard/quiz/climb/delete"))
        .header("cookie", session.clone())
        .form(&[("csrf", form_csrf(&confirm)), ("from", date(today())), ("to", date(today()))])
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status().as_u16(), 303);
    let found = eventually(std::time::Duration::from_secs(10), || async {
        server.log.lock().unwrap().iter().any(|line| line.contains("the owner deleted completions"))
    })
    .await;
    assert!(found);
    // No line says where a reader or the owner came from (the server's own address, in its
    // "listening" line, is the only address).
    for line in server.log.lock().unwrap().iter().filter(|line| !line.contains("\"listening\"")) {
        assert!(!line.contains("127.0.0.1"), "{line}");
    }
}

#[tokio::test]
async fn the_dashboard_follows_the_quiz_in_its_words_its_sections_and_its_articles() {
    let coffee_file = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/pages/quizzes/coffee.json");
    let coffee = quiz_core::validate::parse_quiz(&std::fs::read_to_string(coffee_file).unwrap()).unwrap();
    let climb = test_quiz();
    for (database, dir) in databases().await {
        let mut settings = config(&database);
        settings.dashboard_secret = Some(SECRET.into());
        settings.quizzes.insert(
            "coffee".into(),
            QuizConfig { file: Some(coffee_file.into()), origins: vec![PAGE.into()], webhook: None },
        );
        let server = start(settings, dir).await;
        // Two readers on one article, one on another.
        for (n, page) in ["/blog/post", "/blog/post?utm_source=x", "/another-article"].into_iter().enumerate() {
            let mut body = completion(&format!("llllllllllllllll000{n}"), first());
            body["page"] = json!(page);
            assert_eq!(server.complete(body).await.0, 200);
        }
        let answers = json!({ "morning": "weighed", "cafe": "beans", "bad-cup": "skip", "gift": "grinder" });
        let body = json!({ "id": "llllllllllllllll0009", "quiz": "coffee", "page": "/coffee",
            "fingerprint": quiz_core::fingerprint::fingerprint(&coffee), "answers": answers });
        assert_eq!(server.complete(body).await.0, 200);

        let (owner, session) = signed_in(&server.base, SECRET).await;
        let get = |path: &str| owner.get(server.url(path)).header("cookie", session.clone()).send();
        let page = get("/dashboard/quiz/climb").await.unwrap().text().await.unwrap();
        // Its sections' headings are the quiz's own ui strings.
        for heading in [
            "The climb their answers showed",
            "Which climb readers said they are on",
            "The climb readers said is hardest",
            "Said hardest, against the climb their answers showed",
        ] {
            assert!(page.contains(heading), "{database}: {heading}");
        }
        // Questions and choices by their text, outcomes by their name, never an id.
        assert!(page.contains(&format!("1. {}", climb.questions[0].prompt)), "the funnel names the question");
        assert!(!page.contains("Question 1<"), "{page}");
        assert!(page.contains("<span class=\"label\">On the first climb.</span>"), "the stage answer's text");
        assert!(page.contains("<span class=\"label\">The first climb</span>"), "the outcome's name");
        // By article: the page's path, its query dropped.
        assert!(page.contains("<span class=\"label\">/blog/post</span>"), "{page}");
        assert!(page.contains("<span class=\"label\">/another-article</span>"), "{page}");
        let article = page.split("<span class=\"label\">/blog/post</span>").nth(1).unwrap();
        assert!(article.contains("<td class=\"n\">2</td><td class=\"n\">67%</td>"), "two of three: {article}");

        // A quiz without stage or hardest questions shows no section about them.
        let page = get("/dashboard/quiz/coffee").await.unwrap().text().await.unwrap();
        assert!(page.contains("The result readers' answers showed"), "the neutral default: {page}");
        for absent in ["said they are", "said is hardest", "Where readers said", "Said hardest"] {
            assert!(!page.contains(absent), "{database}: coffee: {absent}");
        }
        assert!(page.contains(&format!("1. {}", coffee.questions[0].prompt)));

        // The home page has each quiz's figures.
        let home = get("/dashboard").await.unwrap().text().await.unwrap();
        let climb_section = home.split("id=\"quiz-climb\"").nth(1).unwrap();
        assert!(climb_section.contains("<dt>Completed</dt><dd>3</dd>"), "{home}");
        let coffee_section = home.split("id=\"quiz-coffee\"").nth(1).unwrap();
        assert!(coffee_section.contains("<dt>Completed</dt><dd>1</dd>"), "{home}");
        server.stop().await;
    }
}

#[tokio::test]
async fn exports_cover_a_range_of_days_with_labels_beside_ids_and_the_webhooks_answers_format() {
    for (database, dir) in databases().await {
        let today = today();
        seed(
            &database,
            &[
                ("mmmmmmmmmmmmmmmm0001", today - 10, "/old", first(), Some("first")),
                ("mmmmmmmmmmmmmmmm0002", today - 1, "/new", first(), Some("first")),
                ("mmmmmmmmmmmmmmmm0003", today - 1, "/new", no_gap(), None),
            ],
        )
        .await;
        let mut settings = config(&database);
        settings.dashboard_secret = Some(SECRET.into());
        let server = start(settings, dir).await;
        let (owner, session) = signed_in(&server.base, SECRET).await;
        let get = |path: String| owner.get(server.url(&path)).header("cookie", session.clone()).send();
        let yesterday = format!("from={0}&to={0}", date(today - 1));

        let rows: Vec<Value> =
            get(format!("/dashboard/export/climb/completions.json?{yesterday}")).await.unwrap().json().await.unwrap();
        assert_eq!(rows.len(), 2, "{database}: the range's two");
        let row = rows.iter().find(|row| row["id"] == "mmmmmmmmmmmmmmmm0002").unwrap();
        // One answers format with webhooks: question id -> choice id, here with labels beside.
        let expected: BTreeMap<String, String> = serde_json::from_value(first()).unwrap();
        assert_eq!(serde_json::from_value::<BTreeMap<String, String>>(row["answers"].clone()).unwrap(), expected);
        let webhook = results_server::app::webhooks::Payload::of(&Completion {
            id: "x".into(),
            quiz: QUIZ.into(),
            day: 0,
            page_path: "/".into(),
            outcome: None,
            further_up: None,
            stage: None,
            hardest: None,
            answers: "stage=s1,hardest=h2,q1=a,q2=a,q3=a".into(),
        });
        assert_eq!(webhook.answers, expected, "the webhook's answers are the same object");
        assert_eq!(row["answerLabels"]["q1"], "Like the first.");
        assert_eq!(row["answerLabels"]["stage"], "On the first climb.");
        assert_eq!((&row["outcome"], &row["outcomeLabel"]), (&json!("first"), &json!("The first climb")));
        assert_eq!((&row["stage"], &row["stageLabel"]), (&json!("first"), &json!("The first climb")));
        assert_eq!((&row["furtherUp"], &row["furtherUpLabel"]), (&Value::Null, &Value::Null));
        // One key casing, as in the API, the page's events and webhooks: camelCase.
        let keys: Vec<&String> = row.as_object().unwrap().keys().collect();
        assert_eq!(keys.len(), results_server::web::export::COLUMNS.len(), "{keys:?}");
        assert!(keys.iter().all(|key| is_camel_case(key)), "{keys:?}");
        assert_eq!(row["day"], date(today - 1));
        let none = rows.iter().find(|row| row["id"] == "mmmmmmmmmmmmmmmm0003").unwrap();
        assert_eq!((&none["outcome"], &none["outcomeLabel"]), (&Value::Null, &json!("No clear result")));

        let csv =
            get(format!("/dashboard/export/climb/completions.csv?{yesterday}")).await.unwrap().text().await.unwrap();
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        assert_eq!(reader.headers().unwrap().iter().collect::<Vec<_>>(), results_server::web::export::COLUMNS);
        assert!(results_server::web::export::COLUMNS.iter().all(|column| is_camel_case(column)));
        assert_eq!(
            results_server::web::export::COLUMNS.iter().filter(|column| keys.contains(&&column.to_string())).count(),
            keys.len(),
            "the CSV's columns are the JSON's keys"
        );
        let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(records.len(), 2);
        let answers: BTreeMap<String, String> = serde_json::from_str(&records[0][11]).unwrap();
        assert_eq!(answers, expected);
        // Every day, without a range.
        let all: Vec<Value> =
            get("/dashboard/export/climb/completions.json".into()).await.unwrap().json().await.unwrap();
        assert_eq!(all.len(), 3, "{database}");

        let aggregates: Value =
            get(format!("/dashboard/export/climb/aggregates.json?{yesterday}")).await.unwrap().json().await.unwrap();
        assert_eq!(aggregates["completions"], 2, "{database}");
        assert_eq!(aggregates["labels"]["first"], "The first climb");
        let answer = &aggregates["answers"][0];
        assert_eq!(
            (&answer["questionLabel"], &answer["choiceLabel"]),
            (&json!("Where are you now?"), &json!("On the first climb.")),
            "{answer}"
        );
        // The aggregates' own keys (not the ids they hold as keys) are camelCase too.
        let own_keys = aggregates
            .as_object()
            .unwrap()
            .keys()
            .chain(["days", "stoppedAt", "answers", "pages"].iter().flat_map(|list| {
                aggregates[*list].as_array().unwrap().iter().flat_map(|item| item.as_object().unwrap().keys())
            }))
            .chain(aggregates["counts"].as_object().unwrap().keys());
        for key in own_keys {
            assert!(is_camel_case(key), "{key}");
        }
        let rows =
            get(format!("/dashboard/export/climb/aggregates.csv?{yesterday}")).await.unwrap().text().await.unwrap();
        assert!(rows.starts_with("measure,key,label,count\r\ncompletions,,,2\r\n"), "{rows}");
        let measures: Vec<&str> = rows.lines().skip(1).filter_map(|line| line.split(',').next()).collect();
        assert!(measures.contains(&"completedOn") && measures.iter().all(|measure| is_camel_case(measure)), "{rows}");
        assert!(rows.contains("outcome,first,The first climb,1\r\n"), "{rows}");
        // A backwards range is a page that says so.
        let backwards =
            get(format!("/dashboard/export/climb/completions.csv?from={}&to={}", date(today), date(today - 1)))
                .await
                .unwrap();
        assert_eq!(backwards.status().as_u16(), 400);
        assert!(backwards.text().await.unwrap().contains("starts"));
        server.stop().await;
    }
}

#[tokio::test]
async fn test_completions_are_deleted_by_range_after_a_confirmation_with_the_sessions_csrf_token() {
    for (database, dir) in databases().await {
        let today = today();
        seed(
            &database,
            &[
                ("nnnnnnnnnnnnnnnn0001", today - 3, "/test", first(), Some("first")),
                ("nnnnnnnnnnnnnnnn0002", today - 3, "/test", second(), Some("second")),
                ("nnnnnnnnnnnnnnnn0003", today - 2, "/real", first(), Some("first")),
            ],
        )
        .await;
        let mut settings = config(&database);
        settings.dashboard_secret = Some(SECRET.into());
        let server = start(settings, dir).await;
        let (owner, session) = signed_in(&server.base, SECRET).await;
        let count = || async {
            let rows: Vec<Value> = owner
                .get(server.url("/dashboard/export/climb/completions.json"))
                .header("cookie", session.clone())
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            rows.len()
        };
        let day = date(today - 3);
        // Asked first: what would go.
        let confirm = owner
            .get(server.url(&format!("/dashboard/quiz/climb/delete?from={day}&to={day}")))
            .header("cookie", session.clone())
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(confirm.contains("<strong>2</strong> completions"), "{database}: {confirm}");
        assert!(confirm.contains("cannot be undone"));
        assert_eq!(count().await, 3, "asking deletes nothing");
        // A form without the session's token (another site's) deletes nothing.
        let forged = owner
            .post(server.url("/dashboard/quiz/climb/delete"))
            .header("cookie", session.clone())
            .form(&[("csrf", "forged"), ("from", day.as_str()), ("to", day.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(forged.status().as_u16(), 403);
        assert_eq!(count().await, 3, "{database}");
        // The confirmation's own form does.
        let done = owner
            .post(server.url("/dashboard/quiz/climb/delete"))
            .header("cookie", session.clone())
            .form(&[("csrf", form_csrf(&confirm)), ("from", day.clone()), ("to", day.clone())])
            .send()
            .await
            .unwrap();
        assert_eq!(done.status().as_u16(), 303);
        let back = done.headers()["location"].to_str().unwrap().to_string();
        assert!(back.ends_with("&deleted=2"), "{back}");
        assert_eq!(count().await, 1, "{database}: the other day's completion stays");
        let page = owner.get(server.url(&back)).header("cookie", session.clone()).send().await.unwrap();
        assert!(page.text().await.unwrap().contains("Deleted 2 completions."));
        // Signed out, nothing can be deleted.
        let anonymous = owner
            .post(server.url("/dashboard/quiz/climb/delete"))
            .form(&[("csrf", form_csrf(&confirm)), ("from", date(today - 2)), ("to", date(today - 2))])
            .send()
            .await
            .unwrap();
        assert_eq!(anonymous.status().as_u16(), 401);
        assert_eq!(count().await, 1);
        server.stop().await;
    }
}

#[tokio::test]
async fn a_share_card_carries_the_sites_name_and_colour_and_its_page_speaks_to_whoever_opens_it() {
    let (database, dir) = databases().await.remove(0);
    let mut settings = config(&database);
    settings.public_url = Some("https://results.example.com".into());
    settings.site_name = Some("The Pipeline Journal".into());
    settings.brand_colour = Some("#8a3b12".into());
    let server = start(settings, dir).await;
    let (quiz, token) = (test_quiz(), share_token());
    let page = server
        .client
        .get(server.url(&format!("/share/climb/{token}?to=https%3A%2F%2Fblog.example%2Fpost")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("<meta property=\"og:site_name\" content=\"The Pipeline Journal\">"), "{page}");
    // Whoever opens it reads whose result it is, and where to take the quiz themselves.
    let body = page.split("<body>").nth(1).unwrap();
    assert!(body.contains(&format!("<p>{}</p>", quiz.ui.shared_note)), "{body}");
    assert!(body.contains(&format!("<h1>{}</h1>", quiz.outcomes[0].label)), "{body}");
    assert!(
        !body.contains(&quiz.ui.share_text.replace("{label}", &quiz.outcomes[0].label)),
        "not in the sharer's voice"
    );

    let png = server.client.get(server.url(&format!("/share-image/climb/{token}"))).send().await.unwrap();
    let bytes = png.bytes().await.unwrap();
    let mut reader = png::Decoder::new(bytes.as_ref()).read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size()];
    reader.next_frame(&mut pixels).unwrap();
    // The band at its foot is the site's colour.
    let foot = &pixels[(629 * 1200 + 1190) * 3..][..3];
    assert_eq!(foot, [0x8a, 0x3b, 0x12]);
    server.stop().await;

    // A colour that is not #rrggbb stops the server from starting, saying so.
    let mut wrong = config("sqlite::memory:");
    wrong.brand_colour = Some("brown".into());
    assert!(wrong.check().unwrap_err().contains("#rrggbb"));
}

/// Whether `key` is camelCase: a lower-case letter, then letters and digits only.
fn is_camel_case(key: &str) -> bool {
    key.starts_with(|c: char| c.is_ascii_lowercase()) && key.chars().all(|c| c.is_ascii_alphanumeric())
}
