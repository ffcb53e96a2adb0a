//! Share pages are no open redirect and carry nothing a request planted; stored page paths
//! carry no disguised query or reordered text. (Before issue 20: a quiz left at "*" forwarded
//! to any URL; og:image was built from the Host header of a page cached for an hour; a path
//! kept `/post%3Femail%3D...` and bidirectional controls.)

use crate::common::*;
use crate::{SECRET, owner_get, sign_in};

async fn share_page(server: &Spawned, to: &str, host: Option<&str>) -> (u16, String) {
    let mut request = client().get(server.url(&format!("/share/climb/{}", share_token()))).query(&[("to", to)]);
    if let Some(host) = host {
        request = request.header("host", host);
    }
    let response = request.send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

#[tokio::test]
async fn a_quiz_left_at_any_origin_forwards_nowhere() {
    for (database, _dir) in databases().await {
        // The quiz has no `origins`: "*".
        let toml = format!("[quizzes.climb]\nfile = {:?}\n", quiz_file().display().to_string());
        let server = spawn(Launch { toml: &toml, database: &database, open_files: None });
        let (status, page) = share_page(&server, "https://evil.example/phish", None).await;
        assert_eq!(status, 403, "{database}: {page}");
        assert!(!page.contains("evil.example"), "{database}: {page}");
        assert!(page.contains("Share pages are off for this quiz"), "{database}: an HTML page that says why");
        let warned = server.log.lock().unwrap().iter().any(|line| line.contains("share pages forward nowhere"));
        assert!(warned, "{database}: a warning at start-up");
    }
}

#[tokio::test]
async fn a_share_page_forwards_only_to_the_quizs_own_origins() {
    for (database, _dir) in databases().await {
        let server = spawn(Launch { toml: &quiz_toml(""), database: &database, open_files: None });
        let (status, page) = share_page(&server, "https://blog.example/post", None).await;
        assert_eq!(status, 200, "{database}: {page}");
        assert!(page.contains("url=https://blog.example/post#transition-quiz:climb="), "{database}: {page}");
        for elsewhere in [
            "https://evil.example/phish",
            "https://blog.example@evil.example/",
            "https://blog.example.evil.example/",
            "http://blog.example/",
            "javascript:alert(1)",
            "//evil.example/",
        ] {
            let (status, page) = share_page(&server, elsewhere, None).await;
            assert_eq!(status, 400, "{database}: {elsewhere}");
            assert!(!page.contains("evil.example") && !page.contains("refresh"), "{database}: {elsewhere}: {page}");
        }
    }
}

#[tokio::test]
async fn og_image_comes_from_the_public_url_never_from_the_host_header() {
    for (database, _dir) in databases().await {
        let toml = format!("public_url = \"https://results.example.com\"\n{}", quiz_toml(""));
        let server = spawn(Launch { toml: &toml, database: &database, open_files: None });
        let (status, page) = share_page(&server, "https://blog.example/post", Some("evil.example")).await;
        assert_eq!(status, 200, "{database}");
        assert!(!page.contains("evil.example"), "{database}: {page}");
        assert!(
            page.contains(&format!(
                "<meta property=\"og:image\" content=\"https://results.example.com/share-image/climb/{}\">",
                share_token()
            )),
            "{database}: {page}"
        );
        // Without a public_url, no picture rather than a guessed address.
        let plain = spawn(Launch { toml: &quiz_toml(""), database: &database, open_files: None });
        let (_, page) = share_page(&plain, "https://blog.example/post", Some("evil.example")).await;
        assert!(!page.contains("og:image") && !page.contains("evil.example"), "{database}: {page}");
    }
}

#[tokio::test]
async fn a_stored_page_path_has_no_disguised_query_and_no_reordering_characters() {
    for (database, _dir) in databases().await {
        let toml = format!("dashboard_secret = \"{SECRET}\"\n{}", quiz_toml(""));
        let server = spawn(Launch { toml: &toml, database: &database, open_files: None });
        for (n, page) in
            ["/post%3Femail%3Dreader%40example.com", "/offer\u{202E}gpj.exe", "/a%E2%80%AEb%00"].iter().enumerate()
        {
            let mut body = completion(&format!("pathpathpathpath{n:04}"), first());
            body["page"] = serde_json::json!(page);
            let answer = client()
                .post(server.url("/api/v1/completions"))
                .header("content-type", "application/json")
                .header("origin", PAGE)
                .body(body.to_string())
                .send()
                .await
                .unwrap();
            assert_eq!(answer.status().as_u16(), 200, "{database}: {page}");
        }
        let (_, session) = sign_in(&server, SECRET, "192.0.2.1").await;
        let (_, csv) = owner_get(&server, &session.unwrap(), "/dashboard/export/climb/completions.csv").await;
        let pages: Vec<&str> = csv.lines().skip(1).map(|line| line.split(',').nth(2).unwrap()).collect();
        assert_eq!(pages, ["/post", "/offergpj.exe", "/ab"], "{database}: {csv}");
    }
}
