//! Share cards: a shared result's link can point at the server, which gives link previews
//! (LinkedIn, Slack, messengers) an Open Graph title, description and a 1200×630 picture of the
//! result, drawn here from the quiz, then sends the visitor on to the article with the result
//! in its fragment. Nothing about the reader is in it: the link holds the answers' positions,
//! as the widget's own shared links do, and the picture depends only on the result.
//!
//! The rules, here so the web layer only renders them:
//! - [`forward`]: the article must be an http(s) page on one of the quiz's own origins, listed
//!   by name; a quiz left at `"*"` forwards nowhere (its owner has not said which pages are
//!   theirs, and the server must not send people to any page a link names).
//! - The picture's address is built from the configured `public_url`, never from a request.
//! - [`Cards`]: pictures drawn are kept, at most one per (quiz, result), a fixed bound.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use ab_glyph::{Font, FontRef, PxScale, ScaleFont};

use quiz_core::quiz::Quiz;
use quiz_core::scoring::diagnose;
use quiz_core::share_link::decode_shared;

use crate::app::quizzes::Registered;

/// The picture's size, as link previews want it.
pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 630;

/// What a card says: the result's id (an outcome id, or `none`), a headline and a line under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Words {
    pub result: String,
    pub headline: String,
    pub line: String,
}

/// What the card of a shared result says, if `token` is a result of `quiz`.
pub fn words(quiz: &Quiz, token: &str) -> Option<Words> {
    let session = decode_shared(quiz, token).ok()?;
    let diagnosis = diagnose(quiz, &session.answers);
    Some(match diagnosis.gap {
        Some(gap) => {
            let outcome = &quiz.outcomes[gap];
            Words {
                result: outcome.id.clone(),
                headline: quiz.ui.share_text.replace("{label}", &outcome.label),
                line: outcome.shift.clone(),
            }
        }
        None => Words {
            result: "none".into(),
            headline: quiz.ui.share_text_no_gap.clone(),
            line: quiz.ui.no_gap_none.clone(),
        },
    })
}

/// Why a share page does not forward.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoForward {
    /// The quiz has no origins of its own (`"*"`): share pages forward nowhere.
    NoOrigins,
    /// The article is not an http(s) address on one of the quiz's origins.
    NotOurs,
}

/// Where a share page of `quiz` (registered as `key`) sends a visitor for the article `to`:
/// the article (without its own fragment), and the article with the result in its fragment.
pub fn forward(registered: &Registered, key: &str, token: &str, to: &str) -> Result<(url::Url, url::Url), NoForward> {
    if !registered.origins.iter().any(|origin| origin != "*") {
        return Err(NoForward::NoOrigins);
    }
    let mut article = url::Url::parse(to).map_err(|_| NoForward::NotOurs)?;
    if !matches!(article.scheme(), "http" | "https") || !article.username().is_empty() || article.password().is_some() {
        return Err(NoForward::NotOurs);
    }
    if !registered.forwards_to(&article.origin().ascii_serialization()) {
        return Err(NoForward::NotOurs);
    }
    article.set_fragment(None);
    let mut target = article.clone();
    target.set_fragment(Some(&format!("transition-quiz:{key}={token}")));
    Ok((article, target))
}

/// A drawn picture's PNG bytes, by (quiz, result).
type Drawn = HashMap<(String, String), Arc<Vec<u8>>>;

/// Pictures already drawn, by (quiz, result): at most `bound`, a new one beyond replaces any.
pub struct Cards {
    drawn: Mutex<Drawn>,
    bound: usize,
}

impl Cards {
    /// A cache of at most `bound` pictures.
    pub fn new(bound: usize) -> Cards {
        Cards { drawn: Mutex::new(HashMap::new()), bound: bound.max(1) }
    }

    /// The picture for (`key`, `words.result`), drawn now if it is not kept.
    pub fn card(&self, key: &str, quiz: &Quiz, words: &Words) -> Arc<Vec<u8>> {
        let cache_key = (key.to_string(), words.result.clone());
        if let Some(png) = self.drawn.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).get(&cache_key) {
            return png.clone();
        }
        let png = Arc::new(draw(&quiz.title, &words.headline, &words.line));
        let mut drawn = self.drawn.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if drawn.len() >= self.bound
            && let Some(any) = drawn.keys().next().cloned()
        {
            drawn.remove(&any);
        }
        drawn.insert(cache_key, png.clone());
        png
    }

    /// Pictures kept now.
    pub fn kept(&self) -> usize {
        self.drawn.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).len()
    }
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

    fn registered(origins: &[&str]) -> Registered {
        let quiz = crate::app::quizzes::test_quiz();
        Registered {
            fingerprint: quiz_core::fingerprint::fingerprint(&quiz),
            quiz,
            origins: origins.iter().map(|origin| origin.to_string()).collect(),
        }
    }

    #[test]
    fn share_pages_forward_only_to_the_quizs_own_origins() {
        let ours = registered(&["https://blog.example", "http://127.0.0.1:4173"]);
        let (article, target) = forward(&ours, "q", "t0k3n", "https://blog.example/post?p=1#old").unwrap();
        assert_eq!(article.as_str(), "https://blog.example/post?p=1");
        assert_eq!(target.as_str(), "https://blog.example/post?p=1#transition-quiz:q=t0k3n");
        assert!(forward(&ours, "q", "t", "http://127.0.0.1:4173/site/results.html").is_ok());
        for elsewhere in [
            "https://evil.example/phish",
            "https://blog.example.evil.example/",
            "https://blog.example@evil.example/",
            "https://user:pass@blog.example/",
            "http://blog.example/",
            "https://blog.example:8443/",
            "javascript:alert(1)",
            "//evil.example/",
            "/relative",
            "",
        ] {
            assert_eq!(forward(&ours, "q", "t", elsewhere), Err(NoForward::NotOurs), "{elsewhere}");
        }
        let any = registered(&["*"]);
        assert_eq!(forward(&any, "q", "t", "https://blog.example/post"), Err(NoForward::NoOrigins));
        assert_eq!(forward(&any, "q", "t", "https://evil.example/"), Err(NoForward::NoOrigins));
    }

    #[test]
    fn the_card_cache_keeps_at_most_its_bound() {
        let cards = Cards::new(2);
        let quiz = crate::app::quizzes::test_quiz();
        for n in 0..5 {
            let words = Words { result: format!("r{n}"), headline: "h".into(), line: "l".into() };
            cards.card("q", &quiz, &words);
            assert!(cards.kept() <= 2);
        }
        assert_eq!(cards.kept(), 2);
    }

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
