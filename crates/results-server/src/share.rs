//! Share cards: a shared result's link can point at the server, which gives link previews
//! (LinkedIn, Slack, messengers) an Open Graph title, description and a 1200×630 picture of the
//! result, drawn here from the quiz, then sends the visitor on to the article with the result
//! in its fragment. Nothing about the reader is in it: the link holds the answers' positions,
//! as the widget's own shared links do, and the picture depends only on the result.
//!
//! `GET /share/{quiz}/{token}?to=ARTICLE` — the preview page, which forwards to
//! `ARTICLE#transition-quiz:{quiz}={token}`; `ARTICLE` must be on one of the quiz's origins.
//! `GET /share-image/{quiz}/{token}` — the PNG, cached by result.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use ab_glyph::{Font, FontRef, PxScale, ScaleFont};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use quiz_core::quiz::Quiz;
use quiz_core::scoring::diagnose;
use quiz_core::share_link::decode_shared;

use crate::api::AppState;

/// The picture's size, as link previews want it.
pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 630;

/// Pictures already drawn, by (quiz, outcome id or "none").
pub type Cards = Mutex<HashMap<(String, String), Arc<Vec<u8>>>>;

/// What the card says: a headline and a line under it.
fn words(quiz: &Quiz, token: &str) -> Option<(String, String, String)> {
    let session = decode_shared(quiz, token).ok()?;
    let diagnosis = diagnose(quiz, &session.answers);
    Some(match diagnosis.gap {
        Some(gap) => {
            let outcome = &quiz.outcomes[gap];
            (outcome.id.clone(), quiz.ui.share_text.replace("{label}", &outcome.label), outcome.shift.clone())
        }
        None => ("none".into(), quiz.ui.share_text_no_gap.clone(), quiz.ui.no_gap_none.clone()),
    })
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The article to forward to.
#[derive(Deserialize)]
pub struct To {
    to: String,
}

/// `GET /share/{quiz}/{token}?to=ARTICLE`.
pub async fn page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((key, token)): Path<(String, String)>,
    Query(to): Query<To>,
) -> Response {
    let Some(registered) = state.quizzes.get(&key) else {
        return (StatusCode::NOT_FOUND, "no such quiz").into_response();
    };
    let Some((_, title, line)) = words(&registered.quiz, &token) else {
        return (StatusCode::BAD_REQUEST, "this link's result does not fit the quiz").into_response();
    };
    // Only to the quiz's own pages: the share link must not become an open redirect.
    let article = to.to.split('#').next().unwrap_or_default().to_string();
    let origin_of = |url: &str| -> Option<String> {
        let rest = url
            .strip_prefix("https://")
            .map(|rest| ("https://", rest))
            .or_else(|| url.strip_prefix("http://").map(|rest| ("http://", rest)))?;
        let host = rest.1.split(['/', '?']).next()?;
        (!host.is_empty()).then(|| format!("{}{host}", rest.0))
    };
    let allowed = origin_of(&article)
        .is_some_and(|origin| registered.origins.iter().any(|allowed| allowed == "*" || *allowed == origin));
    if !allowed {
        return (StatusCode::BAD_REQUEST, "the article is not on one of this quiz's origins").into_response();
    }
    let scheme = if state.config.trust_forwarded_for
        && headers.get("x-forwarded-proto").and_then(|value| value.to_str().ok()) == Some("https")
    {
        "https"
    } else {
        "http"
    };
    let host = headers.get(header::HOST).and_then(|value| value.to_str().ok()).unwrap_or("localhost");
    let image = format!("{scheme}://{host}/share-image/{key}/{token}");
    let target = format!("{article}#transition-quiz:{key}={token}");
    let html = format!(
        "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{title}</title>\
         <meta property=\"og:type\" content=\"article\"><meta property=\"og:title\" content=\"{title}\">\
         <meta property=\"og:description\" content=\"{line}\"><meta property=\"og:url\" content=\"{article}\">\
         <meta property=\"og:image\" content=\"{image}\"><meta property=\"og:image:width\" content=\"{WIDTH}\">\
         <meta property=\"og:image:height\" content=\"{HEIGHT}\"><meta name=\"twitter:card\" content=\"summary_large_image\">\
         <meta http-equiv=\"refresh\" content=\"0; url={target}\"></head>\
         <body><p>{title}</p><p><a href=\"{target}\">{quiz_title}</a></p></body></html>",
        lang = escape(&registered.quiz.locale),
        title = escape(&title),
        line = escape(&line),
        article = escape(&article),
        image = escape(&image),
        target = escape(&target),
        quiz_title = escape(&registered.quiz.title),
    );
    let mut response = Html(html).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=3600"));
    response
}

/// `GET /share-image/{quiz}/{token}`: the card as a PNG.
pub async fn image(State(state): State<AppState>, Path((key, token)): Path<(String, String)>) -> Response {
    let Some(registered) = state.quizzes.get(&key) else {
        return (StatusCode::NOT_FOUND, "no such quiz").into_response();
    };
    let Some((result, title, line)) = words(&registered.quiz, &token) else {
        return (StatusCode::BAD_REQUEST, "this link's result does not fit the quiz").into_response();
    };
    let cache_key = (key.clone(), result);
    let cached = state.cards.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).get(&cache_key).cloned();
    let png = match cached {
        Some(png) => png,
        None => {
            let png = Arc::new(draw(&registered.quiz.title, &title, &line));
            state.cards.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).insert(cache_key, png.clone());
            png
        }
    };
    let mut response = png.as_ref().clone().into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("image/png"));
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=86400"));
    response
}

/// Words of `text` broken into lines no wider than `width` pixels at `scale`.
fn wrap<F: Font>(font: &impl ScaleFont<F>, text: &str, width: f32) -> Vec<String> {
    let measure = |line: &str| -> f32 { line.chars().map(|c| font.h_advance(font.glyph_id(c))).sum() };
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if measure(&format!("{line} {word}")) <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

/// Draws the card: the quiz's title, the result's headline, the line under it; PNG bytes.
pub fn draw(quiz_title: &str, headline: &str, line: &str) -> Vec<u8> {
    let font = FontRef::try_from_slice(epaint_default_fonts::UBUNTU_LIGHT).expect("the compiled-in font reads");
    let (width, height) = (WIDTH as usize, HEIGHT as usize);
    // Light background, a band in the widget's accent colour, dark text.
    let mut pixels = vec![[0xf3u8, 0xf5, 0xf8]; width * height];
    for row in pixels.chunks_mut(width).take(16) {
        row.fill([0x1d, 0x5b, 0xb8]);
    }
    let mut y = 90.0;
    let lines: [(&str, f32, [u8; 3], usize); 3] = [
        (quiz_title, 34.0, [0x4f, 0x58, 0x62], 2),
        (headline, 64.0, [0x1c, 0x20, 0x24], 4),
        (line, 34.0, [0x1c, 0x20, 0x24], 5),
    ];
    for (text, size, colour, max_lines) in lines {
        let scaled = font.as_scaled(PxScale::from(size));
        for text_line in wrap(&scaled, text, (width - 160) as f32).into_iter().take(max_lines) {
            let mut x = 80.0;
            for c in text_line.chars() {
                let glyph = scaled.scaled_glyph(c);
                let advance = scaled.h_advance(glyph.id);
                let mut positioned = glyph;
                positioned.position = ab_glyph::point(x, y);
                if let Some(outline) = font.outline_glyph(positioned) {
                    let bounds = outline.px_bounds();
                    outline.draw(|gx, gy, coverage| {
                        let (px, py) = (bounds.min.x as i64 + i64::from(gx), bounds.min.y as i64 + i64::from(gy));
                        if (0..width as i64).contains(&px) && (0..height as i64).contains(&py) {
                            let pixel = &mut pixels[py as usize * width + px as usize];
                            for channel in 0..3 {
                                let (under, over) = (f32::from(pixel[channel]), f32::from(colour[channel]));
                                pixel[channel] = (under + (over - under) * coverage.min(1.0)) as u8;
                            }
                        }
                    });
                }
                x += advance;
            }
            y += size * 1.25;
        }
        y += size * 0.6;
    }
    let mut bytes = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut bytes, WIDTH, HEIGHT);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().expect("PNG header");
        let flat: Vec<u8> = pixels.iter().flatten().copied().collect();
        writer.write_image_data(&flat).expect("PNG data");
    }
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_card_is_a_1200_by_630_png_with_ink_on_it() {
        let png_bytes = draw(
            "Which climb is your mindset gap?",
            "My likely mindset gap: From a sales job to a sales profession",
            "Treat selling as a craft.",
        );
        let decoder = png::Decoder::new(png_bytes.as_slice());
        let mut reader = decoder.read_info().unwrap();
        let mut buffer = vec![0; reader.output_buffer_size()];
        let info = reader.next_frame(&mut buffer).unwrap();
        assert_eq!((info.width, info.height), (WIDTH, HEIGHT));
        // Text was drawn: many pixels far darker than the background.
        let dark = buffer.chunks(3).filter(|pixel| pixel.iter().all(|&channel| channel < 0x80)).count();
        assert!(dark > 2000, "{dark} dark pixels");
    }
}
