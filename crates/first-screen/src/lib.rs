//! The rules of the reader's first screen, for embed.js: `quiz_core::rules`, compiled from
//! the very same file (by path, below) into a wasm module of a few kilobytes, with nothing
//! but `core`, which scripts/post-build.mjs puts into embed.js itself (in base64, not as a
//! file: one answer fewer to wait for). embed.js runs it to draw the first screen before the widget's wasm has
//! arrived, so the drawing counts questions, says how long the quiz takes, fills UI strings,
//! shuffles choices, resolves the theme and decides whether to draw at all by exactly the
//! rules the widget then uses.
//!
//! Its interface is plain wasm, without wasm-bindgen glue (which would weigh more than the
//! rules): embed.js writes its text as UTF-8 into [`buffer`] and passes offsets and lengths;
//! what comes back is a number, or text written into the buffer whose length is returned.
//! Every function checks its offsets against the buffer and answers 0 (or writes nothing)
//! when they do not fit, so no input can make it read or write outside it.
#![cfg_attr(target_arch = "wasm32", no_std)]

#[path = "../../quiz-core/src/rules.rs"]
#[allow(dead_code)]
mod rules;

use rules::Theme;

/// Bytes embed.js can pass at once: the longest texts the first screen needs (a UI string,
/// the page's address fragment, storage keys) one call at a time.
const BUFFER_SIZE: usize = 16 * 1024;

/// The bytes embed.js and this module exchange.
struct Buffer(core::cell::UnsafeCell<[u8; BUFFER_SIZE]>);

// SAFETY: wasm32 without threads runs one call at a time, and nothing holds on to the buffer
// across calls.
unsafe impl Sync for Buffer {}

static BUFFER: Buffer = Buffer(core::cell::UnsafeCell::new([0; BUFFER_SIZE]));

fn bytes() -> &'static mut [u8; BUFFER_SIZE] {
    // SAFETY: see `Buffer`: one call at a time, and each call takes this once.
    unsafe { &mut *BUFFER.0.get() }
}

/// Where embed.js writes its text.
#[unsafe(no_mangle)]
pub extern "C" fn buffer() -> *mut u8 {
    BUFFER.0.get().cast()
}

/// How many bytes [`buffer`] holds.
#[unsafe(no_mangle)]
pub extern "C" fn buffer_size() -> u32 {
    BUFFER_SIZE as u32
}

/// The text at `at` of `len` bytes in `bytes`, or empty when it does not fit or is not UTF-8.
fn text(bytes: &[u8], at: u32, len: u32) -> &str {
    let (at, len) = (at as usize, len as usize);
    bytes.get(at..at.saturating_add(len)).and_then(|slice| core::str::from_utf8(slice).ok()).unwrap_or("")
}

/// A little-endian `u32` at `at`.
fn word(bytes: &[u8], at: usize) -> u32 {
    bytes.get(at..at + 4).map_or(0, |word| u32::from_le_bytes([word[0], word[1], word[2], word[3]]))
}

/// [`rules::minutes`].
#[unsafe(no_mangle)]
pub extern "C" fn minutes(count: u32) -> u32 {
    rules::minutes(count as usize) as u32
}

/// [`rules::most_shown`], with the `shown_to` sets as `n` little-endian `u32`s at `at`.
#[unsafe(no_mangle)]
pub extern "C" fn most_shown(stage_choices: u32, at: u32, n: u32) -> u32 {
    let bytes = bytes();
    let mut shown_to = [0u32; 64];
    let n = (n as usize).min(shown_to.len());
    for (idx, set) in shown_to[..n].iter_mut().enumerate() {
        *set = word(bytes, at as usize + 4 * idx);
    }
    rules::most_shown(stage_choices as usize, &shown_to[..n]) as u32
}

/// [`rules::fill`]: the template at `at`/`len`, and `n` values, each four `u32`s at `values`
/// (its name's offset and length, its value's offset and length). Writes the result at `out`
/// and returns its length (0 when it does not fit).
#[unsafe(no_mangle)]
pub extern "C" fn fill(at: u32, len: u32, values: u32, n: u32, out: u32) -> u32 {
    let bytes = bytes();
    let mut pairs = [("", ""); 4];
    let n = (n as usize).min(pairs.len());
    let Some((input, output)) = bytes.split_at_mut_checked(out as usize) else { return 0 };
    for (idx, pair) in pairs[..n].iter_mut().enumerate() {
        let field = |k: usize| word(input, values as usize + 16 * idx + 4 * k);
        *pair = (text(input, field(0), field(1)), text(input, field(2), field(3)));
    }
    let mut written = 0usize;
    let mut fits = true;
    rules::fill(text(input, at, len), &pairs[..n], |piece| {
        // Byte by byte, with `get_mut`: nothing here may panic (a panic would bring the
        // formatting of its message into this small module).
        for byte in piece.bytes() {
            match output.get_mut(written) {
                Some(slot) if fits => {
                    *slot = byte;
                    written += 1;
                }
                _ => fits = false,
            }
        }
    });
    if fits { written as u32 } else { 0 }
}

/// [`rules::order`]: the display order of `n` choices of the question whose id is at
/// `at`/`len`, for `seed`, one byte per choice at `out`.
#[unsafe(no_mangle)]
pub extern "C" fn order(seed: u32, at: u32, len: u32, n: u32, out: u32) {
    let bytes = bytes();
    let Some((input, output)) = bytes.split_at_mut_checked(out as usize) else { return };
    if let Some(order) = output.get_mut(..n as usize) {
        rules::order(seed, text(input, at, len), order);
    }
}

/// The theme to show ([`Theme::from_attribute`], [`Theme::of_page`], [`Theme::resolve`]):
/// 0 light, 1 dark, 2 auto, for a host's `data-theme` (at `host`/`host_len`) and the page's
/// `<html>` `data-theme` and `class` (a length of `u32::MAX`: no such attribute).
#[unsafe(no_mangle)]
pub extern "C" fn theme(host: u32, host_len: u32, data: u32, data_len: u32, class: u32, class_len: u32) -> u32 {
    let bytes = bytes();
    let attribute = |at, len| (len != u32::MAX).then(|| text(bytes, at, len));
    let fixed = Theme::from_attribute(text(bytes, host, host_len)).unwrap_or(Theme::Auto);
    match fixed.resolve(Theme::of_page(attribute(data, data_len), attribute(class, class_len))) {
        Theme::Light => 0,
        Theme::Dark => 1,
        Theme::Auto => 2,
    }
}

/// [`rules::is_shuffled`]: 1 when the first question's choices are shuffled. `scored` is 1
/// for a scored question; `own` is its `"shuffle"` (0 false, 1 true, 2 not set).
#[unsafe(no_mangle)]
pub extern "C" fn is_shuffled(scored: u32, own: u32, quiz: u32) -> u32 {
    let own = match own {
        0 => Some(false),
        1 => Some(true),
        _ => None,
    };
    rules::is_shuffled(scored == 1, own, quiz == 1) as u32
}

/// [`rules::quiz_key`]: 1 when the host's key (at `host`/`host_len`) is the quiz key, 0 when
/// the quiz's own id is.
#[unsafe(no_mangle)]
pub extern "C" fn host_key_used(host: u32, host_len: u32) -> u32 {
    rules::is_id(text(bytes(), host, host_len).trim()) as u32
}

/// [`rules::persists`]: 1 when the host's `data-persist` (at `value`/`value_len`) keeps
/// progress (as the widget takes a value it does not understand, with a warning), 0 when it
/// turns it off; embed.js then reads no storage keys, as the widget does not.
#[unsafe(no_mangle)]
pub extern "C" fn persists(value: u32, value_len: u32) -> u32 {
    rules::persists(text(bytes(), value, value_len)).unwrap_or(true) as u32
}

/// Whether the widget would start elsewhere than the first screen for the quiz key at
/// `key`/`key_len`: the page's address fragment (at `fragment`) holds a result shared for it
/// ([`rules::find_shared`]), or one of `n` storage keys (each an offset and a length at
/// `keys`) is progress saved for it ([`rules::is_progress_key_of`]).
#[unsafe(no_mangle)]
pub extern "C" fn starts_elsewhere(key: u32, key_len: u32, fragment: u32, fragment_len: u32, keys: u32, n: u32) -> u32 {
    let bytes = bytes();
    let quiz_key = text(bytes, key, key_len);
    let saved = (0..n as usize).any(|idx| {
        let storage_key = text(bytes, word(bytes, keys as usize + 8 * idx), word(bytes, keys as usize + 8 * idx + 4));
        rules::is_progress_key_of(storage_key, quiz_key)
    });
    (saved || rules::find_shared(text(bytes, fragment, fragment_len), quiz_key).is_some()) as u32
}

#[cfg(target_arch = "wasm32")]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}
