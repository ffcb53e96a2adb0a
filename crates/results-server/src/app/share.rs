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
    style: Style,
}

/// The owner's look for cards: the site's name and brand colour (from the configuration).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Style {
    pub site_name: Option<String>,
    pub brand: [u8; 3],
}

impl Default for Style {
    fn default() -> Style {
        Style { site_name: None, brand: [0x1d, 0x5b, 0xb8] }
    }
}

impl Cards {
    /// A cache of at most `bound` pictures drawn in `style`.
    pub fn new(bound: usize, style: Style) -> Cards {
        Cards { drawn: Mutex::new(HashMap::new()), bound: bound.max(1), style }
    }

    /// The picture for (`key`, `words.result`), drawn now if it is not kept.
    pub fn card(&self, key: &str, quiz: &Quiz, words: &Words) -> Arc<Vec<u8>> {
        let cache_key = (key.to_string(), words.result.clone());
        if let Some(png) = self.drawn.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).get(&cache_key) {
            return png.clone();
        }
        let png = Arc::new(draw(&self.style, &quiz.title, &words.headline, &words.line));
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

/// WCAG relative luminance of a colour.
fn luminance(colour: [u8; 3]) -> f32 {
    let linear = |channel: u8| {
        let value = f32::from(channel) / 255.0;
        if value <= 0.039_28 { value / 12.92 } else { ((value + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * linear(colour[0]) + 0.7152 * linear(colour[1]) + 0.0722 * linear(colour[2])
}

/// White or near-black, whichever reads better on `background`.
pub fn text_on(background: [u8; 3]) -> [u8; 3] {
    let contrast = |a: f32, b: f32| (a.max(b) + 0.05) / (a.min(b) + 0.05);
    let (dark, light) = ([0x1c, 0x20, 0x24], [0xff, 0xff, 0xff]);
    let under = luminance(background);
    if contrast(luminance(light), under) >= contrast(luminance(dark), under) { light } else { dark }
}

/// A picture being drawn: its pixels and the font.
struct Canvas<'f> {
    pixels: Vec<[u8; 3]>,
    font: FontRef<'f>,
}

impl Canvas<'_> {
    fn fill(&mut self, x: std::ops::Range<usize>, y: std::ops::Range<usize>, colour: [u8; 3]) {
        for row in y {
            self.pixels[row * WIDTH as usize..][x.clone()].fill(colour);
        }
    }

    /// Writes `line` with its baseline at `y`, from `x`.
    fn text(&mut self, line: &str, x: f32, y: f32, size: f32, colour: [u8; 3]) {
        let scaled = self.font.as_scaled(PxScale::from(size));
        let (width, height) = (WIDTH as i64, HEIGHT as i64);
        let mut x = x;
        for c in line.chars() {
            let mut glyph = scaled.scaled_glyph(c);
            let advance = scaled.h_advance(glyph.id);
            glyph.position = ab_glyph::point(x, y);
            if let Some(outline) = self.font.outline_glyph(glyph) {
                let bounds = outline.px_bounds();
                let pixels = &mut self.pixels;
                outline.draw(|gx, gy, coverage| {
                    let (px, py) = (bounds.min.x as i64 + i64::from(gx), bounds.min.y as i64 + i64::from(gy));
                    if (0..width).contains(&px) && (0..height).contains(&py) {
                        let pixel = &mut pixels[(py * width + px) as usize];
                        for channel in 0..3 {
                            let (under, over) = (f32::from(pixel[channel]), f32::from(colour[channel]));
                            pixel[channel] = (under + (over - under) * coverage.min(1.0)) as u8;
                        }
                    }
                });
            }
            x += advance;
        }
    }
}

/// The footer band's height, in pixels.
pub const FOOTER: usize = 96;
const MARGIN: f32 = 80.0;

/// Draws the card: the quiz's title, the result's headline (as large as fits in three lines)
/// and the line under it, set in the middle of the space above a band in the site's brand
/// colour that carries the site's name (or the quiz's title); PNG bytes.
pub fn draw(style: &Style, quiz_title: &str, headline: &str, line: &str) -> Vec<u8> {
    let font = FontRef::try_from_slice(epaint_default_fonts::UBUNTU_LIGHT).expect("the compiled-in font reads");
    let (width, height) = (WIDTH as usize, HEIGHT as usize);
    let background = [0xf7, 0xf8, 0xfa];
    let mut canvas = Canvas { pixels: vec![background; width * height], font };
    // A bar down the left and the band at the foot, in the brand colour.
    canvas.fill(0..20, 0..height - FOOTER, style.brand);
    canvas.fill(0..width, height - FOOTER..height, style.brand);
    let text_width = width as f32 - 2.0 * MARGIN;
    let lines_at =
        |canvas: &Canvas, text: &str, size: f32| wrap(&canvas.font.as_scaled(PxScale::from(size)), text, text_width);
    // The headline as large as fits in three lines.
    let headline_size =
        [72.0, 64.0, 56.0, 48.0].into_iter().find(|size| lines_at(&canvas, headline, *size).len() <= 3).unwrap_or(48.0);
    let blocks: [(Vec<String>, f32, [u8; 3]); 3] = [
        (lines_at(&canvas, quiz_title, 32.0).into_iter().take(2).collect(), 32.0, [0x4f, 0x58, 0x62]),
        (lines_at(&canvas, headline, headline_size).into_iter().take(3).collect(), headline_size, [0x1c, 0x20, 0x24]),
        (lines_at(&canvas, line, 36.0).into_iter().take(4).collect(), 36.0, [0x2e, 0x34, 0x3b]),
    ];
    let gap = 28.0;
    let total: f32 = blocks.iter().map(|(lines, size, _)| lines.len() as f32 * size * 1.25).sum::<f32>() + 2.0 * gap;
    let space = (height - FOOTER) as f32;
    let mut y = ((space - total) / 2.0).max(24.0);
    for (lines, size, colour) in &blocks {
        for text_line in lines {
            y += size * 1.25;
            canvas.text(text_line, MARGIN, y - size * 0.3, *size, *colour);
        }
        y += gap;
    }
    let footer = style.site_name.as_deref().unwrap_or(quiz_title);
    let footer_line = lines_at(&canvas, footer, 36.0).into_iter().next().unwrap_or_default();
    canvas.text(&footer_line, MARGIN, (height - FOOTER / 2) as f32 + 13.0, 36.0, text_on(style.brand));

    let mut bytes = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut bytes, WIDTH, HEIGHT);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().expect("PNG header");
        let flat: Vec<u8> = canvas.pixels.iter().flatten().copied().collect();
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
            steps: quiz.questions.len(),
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
        let cards = Cards::new(2, Style::default());
        let quiz = crate::app::quizzes::test_quiz();
        for n in 0..5 {
            let words = Words { result: format!("r{n}"), headline: "h".into(), line: "l".into() };
            cards.card("q", &quiz, &words);
            assert!(cards.kept() <= 2);
        }
        assert_eq!(cards.kept(), 2);
    }

    /// The card's pixels, row by row.
    fn pixels(png_bytes: &[u8]) -> Vec<[u8; 3]> {
        let mut reader = png::Decoder::new(png_bytes).read_info().unwrap();
        let mut buffer = vec![0; reader.output_buffer_size()];
        let info = reader.next_frame(&mut buffer).unwrap();
        assert_eq!((info.width, info.height), (WIDTH, HEIGHT));
        buffer.chunks(3).map(|pixel| [pixel[0], pixel[1], pixel[2]]).collect()
    }

    #[test]
    fn a_card_carries_the_sites_name_and_colour_and_uses_its_space() {
        let brand = [0x8a, 0x3b, 0x12];
        let style = Style { site_name: Some("The Pipeline Journal".into()), brand };
        let pixels = pixels(&draw(
            &style,
            "Which climb is your mindset gap?",
            "My likely mindset gap: From a sales job to a sales profession",
            "Treat selling as a craft: study it, practise it on purpose, and measure yourself by how well you serve buyers.",
        ));
        let (width, height) = (WIDTH as usize, HEIGHT as usize);
        let row = |y: usize| &pixels[y * width..(y + 1) * width];
        // The band at the foot is the brand colour, with the site's name on it in a colour that
        // reads on it (white on this dark red).
        let band: Vec<&[u8; 3]> = (height - FOOTER..height).flat_map(row).collect();
        assert!(band.iter().filter(|pixel| ***pixel == brand).count() > band.len() * 3 / 4, "mostly the brand colour");
        assert_eq!(text_on(brand), [0xff, 0xff, 0xff]);
        assert!(
            band.iter().filter(|pixel| pixel.iter().all(|&c| c > 0xe0)).count() > 500,
            "the name, written in white"
        );
        // Text in both halves of the space above the band: the words use the card.
        let inked = |rows: std::ops::Range<usize>| {
            rows.flat_map(row).filter(|pixel| pixel.iter().all(|&channel| channel < 0x80)).count()
        };
        let middle = (height - FOOTER) / 2;
        assert!(
            inked(0..middle) > 2000 && inked(middle..height - FOOTER) > 2000,
            "{} {}",
            inked(0..middle),
            inked(middle..height - FOOTER)
        );
        // A light brand colour gets dark text.
        assert_eq!(text_on([0xff, 0xd7, 0x00]), [0x1c, 0x20, 0x24]);
    }
}
