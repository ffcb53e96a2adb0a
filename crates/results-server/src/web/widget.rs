//! The widget's files, served from the binary under `/quiz/` (put there at build time by
//! `build.rs`): `/quiz/embed.js`, the wasm, its glue, the stylesheet, the schema, the built-in
//! quizzes and the playground, so a page on any site can load the quiz from the results server
//! it reports to, and an owner who runs the server needs nothing else.
//!
//! - **Caching**: each file has a strong ETag (a hash of its content) and
//!   `Cache-Control: public, no-cache`: browsers keep it and ask each time whether it changed,
//!   which costs a 304 with no body; an update of the server is seen at once, and a page never
//!   mixes the files of two versions (the glue and the wasm must match).
//! - **Compression**: files that gzip well are sent gzipped to clients that accept it (made
//!   once, at build time).
//! - **Other origins**: `Access-Control-Allow-Origin: *`, since the widget fetches the wasm and
//!   quiz files with CORS when its page is on another origin.
//! - **Without the files** (a server built before `make dist`): every `/quiz/` path answers
//!   503 with a page that says how to build them.

use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::web::error::PageError;

/// One embedded file.
#[derive(Debug)]
pub struct File {
    /// Its path under `/quiz/`, such as `quizzes/four-transitions.en.json`.
    pub path: &'static str,
    pub content_type: &'static str,
    /// A strong ETag: a hash of `body`.
    pub etag: &'static str,
    pub body: &'static [u8],
    /// The same, gzipped, when that is much smaller.
    pub gzip: Option<&'static [u8]>,
}

include!(concat!(env!("OUT_DIR"), "/widget.rs"));

/// The embedded file at `path`, if there is one.
pub fn file(path: &str) -> Option<&'static File> {
    FILES.iter().find(|file| file.path == path)
}

/// `GET /quiz/{*path}`.
pub async fn serve(Path(path): Path<String>, headers: HeaderMap) -> Result<Response, PageError> {
    if !EMBEDDED {
        return Err(PageError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "The widget is not in this server",
            "This results server was built without the widget's files. Build them with `make dist`, then build the server again (or run `make release`, which does both).",
        ));
    }
    let Some(file) = file(&path) else {
        return Err(PageError::new(
            StatusCode::NOT_FOUND,
            "Not found",
            format!("The widget has no file \"{path}\"; pages load /quiz/embed.js."),
        ));
    };
    let accepts_gzip = headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|coding| {
            let mut parts = coding.split(';');
            let name = parts.next().unwrap_or("").trim();
            let refused = parts.any(|parameter| matches!(parameter.trim(), "q=0" | "q=0.0" | "q=0.00" | "q=0.000"));
            name.eq_ignore_ascii_case("gzip") && !refused
        });
    let (body, etag, gzipped) = match file.gzip {
        Some(gzip) if accepts_gzip => (gzip, format!("{}-gz\"", file.etag.trim_end_matches('"')), true),
        _ => (file.body, file.etag.to_string(), false),
    };
    let matches = headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|tag| tag.trim() == etag || tag.trim() == "*");
    let mut response =
        if matches { StatusCode::NOT_MODIFIED.into_response() } else { (StatusCode::OK, body).into_response() };
    let response_headers = response.headers_mut();
    response_headers.insert(header::ETAG, HeaderValue::from_str(&etag).expect("a hex ETag"));
    response_headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, no-cache"));
    response_headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    response_headers.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    response_headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    if !matches {
        response_headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(file.content_type));
        if gzipped {
            response_headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        }
    }
    Ok(response)
}

/// What `--version` says about the widget: how many files are in the binary, or that none
/// are and how to put them in.
pub fn describe() -> String {
    match EMBEDDED {
        true => format!("widget: {} files embedded, served under /quiz/", FILES.len()),
        false => "widget: not embedded (build it with `make dist`, then this server again)".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whichever way this binary was built: with the files, `/quiz/embed.js` is the file
    /// `dist/` holds, with its ETag, and a second request with that ETag is answered 304; a
    /// gzipped answer unzips to the same bytes. Without them, every path says how to build
    /// them. (`make test` runs this before `make dist`; the end-to-end tests and `make
    /// release` check the server built after it.)
    #[tokio::test]
    async fn the_widget_is_served_from_the_binary_or_a_page_says_how_to_build_it() {
        let get = |path: &str, pairs: &[(header::HeaderName, &str)]| {
            let mut headers = HeaderMap::new();
            for (name, value) in pairs {
                headers.insert(name.clone(), HeaderValue::from_str(value).unwrap());
            }
            serve(Path(path.to_string()), headers)
        };
        if !EMBEDDED {
            let refused = get("embed.js", &[]).await.unwrap_err();
            assert_eq!(refused.status, StatusCode::SERVICE_UNAVAILABLE);
            assert!(refused.message.contains("make dist"), "{}", refused.message);
            assert!(describe().contains("make dist"));
            return;
        }
        let dist = concat!(env!("CARGO_MANIFEST_DIR"), "/../../dist/");
        let answer = get("embed.js", &[]).await.unwrap();
        assert_eq!(answer.status(), StatusCode::OK);
        assert_eq!(answer.headers()[header::CONTENT_TYPE], "text/javascript; charset=utf-8");
        assert_eq!(answer.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
        let etag = answer.headers()[header::ETAG].to_str().unwrap().to_string();
        let body = axum::body::to_bytes(answer.into_body(), usize::MAX).await.unwrap();
        if let Ok(on_disk) = std::fs::read(format!("{dist}embed.js")) {
            assert_eq!(body.as_ref(), on_disk.as_slice(), "the file dist/ holds");
        }
        let again = get("embed.js", &[(header::IF_NONE_MATCH, &etag)]).await.unwrap();
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
        let wasm = file("transition-quiz_bg.wasm").expect("the wasm is embedded");
        let zipped = get("transition-quiz_bg.wasm", &[(header::ACCEPT_ENCODING, "br, gzip")]).await.unwrap();
        assert_eq!(zipped.headers()[header::CONTENT_ENCODING], "gzip");
        assert_eq!(zipped.headers()[header::CONTENT_TYPE], "application/wasm");
        let bytes = axum::body::to_bytes(zipped.into_body(), usize::MAX).await.unwrap();
        let mut unzipped = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(bytes.as_ref()), &mut unzipped).unwrap();
        assert_eq!(unzipped, wasm.body);
        assert!(file("quizzes/four-transitions.es.json").is_some() && file("playground.html").is_some());
        assert!(file("package.json").is_none() && file("index.html").is_none(), "only what pages load");
        assert_eq!(get("nothing.js", &[]).await.unwrap_err().status, StatusCode::NOT_FOUND);
    }
}
