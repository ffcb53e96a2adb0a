//! The owner's side answers pages, the readers' API answers JSON: a mistyped secret shows the
//! sign-in form again with its CSRF cookie; bad dates, an unknown quiz, a forged form and a
//! form that does not parse are HTML pages that say what happened. (Before issue 20: the JSON
//! refusal layer wrapped every route, so each of these was `{"error":"refused",...}`, and the
//! tests looked only at status codes.)

use crate::common::*;
use crate::{SECRET, owner_client, owner_get, sign_in};

fn is_html(response: &reqwest::Response) -> bool {
    response.headers().get("content-type").is_some_and(|value| value.to_str().unwrap().starts_with("text/html"))
}

#[tokio::test]
async fn a_mistyped_secret_shows_the_sign_in_form_again_with_a_new_csrf_cookie() {
    for (database, _dir) in databases().await {
        let toml = format!("dashboard_secret = \"{SECRET}\"\n{}", quiz_toml(""));
        let server = spawn(Launch { toml: &toml, database: &database, open_files: None });
        let (answer, session) = sign_in(&server, "a long and hostile test secreT", "192.0.2.1").await;
        assert_eq!(answer.status().as_u16(), 401, "{database}");
        assert!(is_html(&answer), "{database}");
        assert!(session.is_none());
        let csrf = set_cookie(&answer, "tq_csrf").expect("a new CSRF cookie with the form");
        let page = answer.text().await.unwrap();
        assert!(page.contains("That secret is not right."), "{database}: {page}");
        // The form carries the new cookie's token, so the owner can type the secret again.
        assert_eq!(form_csrf(&page), cookie_value(&csrf), "{database}");
        let again = owner_client()
            .post(server.url("/dashboard/sign-in"))
            .header("cookie", format!("tq_csrf={}", cookie_value(&csrf)))
            .form(&[("secret", SECRET), ("csrf", form_csrf(&page).as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(again.status().as_u16(), 303, "{database}: the second try signs in");
    }
}

#[tokio::test]
async fn the_owners_errors_are_pages_that_say_what_happened() {
    for (database, _dir) in databases().await {
        let toml = format!("dashboard_secret = \"{SECRET}\"\n{}", quiz_toml(""));
        let server = spawn(Launch { toml: &toml, database: &database, open_files: None });
        let (_, session) = sign_in(&server, SECRET, "192.0.2.1").await;
        let session = session.unwrap();
        let owner = owner_client();
        let get = |path: &str| owner.get(server.url(path)).header("cookie", session.clone()).send();
        let cases = [
            ("/dashboard/quiz/climb?from=yesterday", 400, "Write dates as YYYY-MM-DD."),
            ("/dashboard/quiz/climb?to=2026-02-30", 400, "Write dates as YYYY-MM-DD."),
            ("/dashboard/quiz/nope", 404, "This server takes no quiz &quot;nope&quot;."),
            ("/dashboard/export/climb/secrets.csv", 404, "The exports are completions.csv"),
            ("/dashboard/nothing-here", 404, "There is nothing at this path."),
            ("/share/nope/0.0?to=https://blog.example/", 404, "This server takes no quiz"),
        ];
        for (path, status, says) in cases {
            let answer = get(path).await.unwrap();
            assert_eq!(answer.status().as_u16(), status, "{database}: {path}");
            assert!(is_html(&answer), "{database}: {path}");
            let page = answer.text().await.unwrap();
            assert!(page.contains(says), "{database}: {path}: {page}");
            assert!(page.starts_with("<!DOCTYPE html>"), "{database}: {path}: {page}");
        }
        // A forged sign-out form: 403, a page.
        let forged = owner
            .post(server.url("/dashboard/sign-out"))
            .header("cookie", session.clone())
            .form(&[("csrf", "forged")])
            .send()
            .await
            .unwrap();
        assert_eq!(forged.status().as_u16(), 403, "{database}");
        assert!(is_html(&forged));
        assert!(forged.text().await.unwrap().contains("The form had expired; nothing was changed."));
        // A form that does not parse (a field given twice): 422, a page.
        let garbled = owner
            .post(server.url("/dashboard/sign-out"))
            .header("cookie", session.clone())
            .header("content-type", "application/x-www-form-urlencoded")
            .body("csrf=a&csrf=b")
            .send()
            .await
            .unwrap();
        assert_eq!(garbled.status().as_u16(), 422, "{database}");
        assert!(is_html(&garbled));
        assert!(garbled.text().await.unwrap().contains("The form is not what was expected."));
        // Still signed in after all of it.
        assert_eq!(owner_get(&server, &session, "/dashboard").await.0, 200);
        // And the readers' API still answers JSON, even for paths it does not have.
        let api = client().get(server.url("/api/v1/nothing")).send().await.unwrap();
        assert_eq!(api.status().as_u16(), 404);
        assert_eq!(api.json::<serde_json::Value>().await.unwrap()["error"], "not_found");
    }
}
