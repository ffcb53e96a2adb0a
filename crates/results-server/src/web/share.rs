//! Share pages over HTTP:
//!
//! - `GET /share/{quiz}/{token}?to=ARTICLE`: the preview page (Open Graph tags), which
//!   forwards to `ARTICLE#transition-quiz:{quiz}={token}` when `ARTICLE` is on one of the
//!   quiz's own origins (`crate::app::share::forward`); its picture's address comes from
//!   `public_url`, never from the request's `Host`.
//! - `GET /share-image/{quiz}/{token}`: the 1200×630 PNG card, cached per result.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use maud::{DOCTYPE, html};
use serde::Deserialize;

use crate::app::share::{HEIGHT, NoForward, WIDTH, forward, words};
use crate::state::AppState;
use crate::web::error::PageError;

/// The article to forward to.
#[derive(Deserialize)]
pub struct To {
    #[serde(default)]
    to: String,
}

fn no_quiz(key: &str) -> PageError {
    PageError::new(StatusCode::NOT_FOUND, "No such quiz", format!("This server takes no quiz \"{key}\"."))
}

fn not_a_result() -> PageError {
    PageError::new(StatusCode::BAD_REQUEST, "Not a result", "This link's result does not fit the quiz.")
}

/// `GET /share/{quiz}/{token}?to=ARTICLE`.
pub async fn page(
    State(state): State<AppState>,
    Path((key, token)): Path<(String, String)>,
    Query(to): Query<To>,
) -> Result<Response, PageError> {
    let registered = state.app.quizzes.get(&key).ok_or_else(|| no_quiz(&key))?;
    let words = words(&registered.quiz, &token).ok_or_else(not_a_result)?;
    let (article, target) = forward(registered, &key, &token, &to.to).map_err(|why| match why {
        NoForward::NoOrigins => PageError::new(
            StatusCode::FORBIDDEN,
            "Share pages are off for this quiz",
            "Its owner has not listed the quiz's pages (its origins) on this results server, so a shared link cannot say where to go.",
        ),
        NoForward::NotOurs => PageError::new(
            StatusCode::BAD_REQUEST,
            "Not one of this quiz's pages",
            "A shared link only leads to a page on one of the quiz's own sites.",
        ),
    })?;
    let image = state.app.config.public_base().and_then(|base| {
        let mut url = url::Url::parse(base).ok()?;
        url.path_segments_mut().ok()?.pop_if_empty().extend(["share-image", key.as_str(), token.as_str()]);
        Some(url)
    });
    // The page is read by whoever opens the link, not by whoever shared it: its words say
    // whose result it is (the preview's title and card stay in the sharer's voice, since the
    // sharer posts them).
    let quiz = &registered.quiz;
    let result_name = match words.result.as_str() {
        "none" => quiz.ui.share_text_no_gap.clone(),
        id => quiz.outcomes.iter().find(|outcome| outcome.id == id).map_or_else(String::new, |o| o.label.clone()),
    };
    let direction = if quiz.dir == quiz_core::quiz::Direction::Rtl { "rtl" } else { "ltr" };
    let site_name = state.app.config.site_name.clone();
    let markup = html! {
        (DOCTYPE)
        html lang=(quiz.locale) dir=(direction) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (result_name) " \u{2014} " (quiz.title) }
                meta property="og:type" content="article";
                meta property="og:title" content=(words.headline);
                meta property="og:description" content=(words.line);
                meta property="og:url" content=(article.as_str());
                @if let Some(site_name) = &site_name { meta property="og:site_name" content=(site_name); }
                @if let Some(image) = &image {
                    meta property="og:image" content=(image.as_str());
                    meta property="og:image:width" content=(WIDTH);
                    meta property="og:image:height" content=(HEIGHT);
                    meta name="twitter:card" content="summary_large_image";
                }
                meta http-equiv="refresh" content={ "0; url=" (target.as_str()) };
            }
            body {
                p { (quiz.ui.shared_note) }
                h1 { (result_name) }
                p { (words.line) }
                p { a href=(target.as_str()) { (quiz.title) } }
            }
        }
    };
    let mut response = Html(markup.into_string()).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=3600"));
    Ok(response)
}

/// `GET /share-image/{quiz}/{token}`: the card as a PNG.
pub async fn image(
    State(state): State<AppState>,
    Path((key, token)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let registered = state.app.quizzes.get(&key).ok_or_else(|| no_quiz(&key))?;
    let words = words(&registered.quiz, &token).ok_or_else(not_a_result)?;
    let png = state.app.cards.card(&key, &registered.quiz, &words);
    let mut response = png.as_ref().clone().into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("image/png"));
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=86400"));
    Ok(response)
}
