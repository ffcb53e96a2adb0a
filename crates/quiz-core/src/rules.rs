//! The rules a reader's first screen needs, written once, in `core` alone (no allocation,
//! no formatting): how long the quiz says it takes, how many questions it counts, filling
//! `{placeholders}`, the reader's order of shuffled choices, the theme, the quiz key, whether
//! a host keeps progress, and whether the page holds a shared result or saved progress for it.
//!
//! Two programs run them. This crate uses them everywhere (the view, the session, saved
//! progress, shared links, a host's configuration); and `crates/first-screen` compiles this
//! same file, by path, into a wasm module of a few kilobytes that embed.js runs to draw the
//! first screen before the widget's wasm has arrived. So the drawing and the widget cannot
//! disagree on what the screen says: there is no second copy of a rule to keep in step.
//! (This file must therefore use nothing but `core`: the first-screen module has no
//! allocator.)

/// The namespace of every storage key and shared-link key the widget writes.
pub const NAMESPACE: &str = "transition-quiz";

/// Longest id, in characters (outcome, question and choice ids, quiz keys).
pub const ID_MAX: usize = 64;

/// Whether `text` is a well-formed id: 1 to [`ID_MAX`] ASCII letters, digits, `-` or `_`.
pub fn is_id(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= ID_MAX
        && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The quiz key a host's widget uses: the host's `data-transition-quiz` when it is an id,
/// else the quiz's own id.
pub fn quiz_key<'a>(host_key: &'a str, quiz_id: &'a str) -> &'a str {
    match host_key.trim() {
        key if is_id(key) => key,
        _ => quiz_id,
    }
}

/// `text` split around the first `byte` (an ASCII separator): what comes before and after.
/// Found byte by byte and cut with `get`, never by indexing: this file must not be able to
/// panic (see the module's doc), and `str::split_once` would bring in a searcher that can.
fn split_at(text: &str, byte: u8) -> Option<(&str, &str)> {
    let at = text.bytes().position(|b| b == byte)?;
    Some((text.get(..at)?, text.get(at + 1..)?))
}

/// As [`split_at`], around the last `byte`.
fn split_at_last(text: &str, byte: u8) -> Option<(&str, &str)> {
    let at = text.bytes().rposition(|b| b == byte)?;
    Some((text.get(..at)?, text.get(at + 1..)?))
}

/// Seconds a reader takes per question, on average, for the first screen's duration.
pub const SECONDS_PER_QUESTION: usize = 10;

/// The whole minutes the first screen says `count` questions take (at least one): the
/// `{minutes}` of the `duration` UI string.
pub fn minutes(count: usize) -> usize {
    (count * SECONDS_PER_QUESTION).div_ceil(60).max(1)
}

/// Who is shown a question, as a set of the stage question's choices (bit `i` for choice
/// `i`); [`SHOWN_TO_ALL`] for a question every reader is shown.
pub type ShownTo = u32;

/// A question every reader is shown (it names no stages).
pub const SHOWN_TO_ALL: ShownTo = u32::MAX;

/// How many questions the first screen counts for a quiz whose stage question has
/// `stage_choices` choices (0 for a quiz without one), and whose questions are shown to
/// `shown_to`: the most any stage answer would show, so the total a reader sees never grows
/// once they answer it (`Quiz::question_count`).
pub fn most_shown(stage_choices: usize, shown_to: &[ShownTo]) -> usize {
    if stage_choices == 0 {
        return shown_to.len();
    }
    let mut most = 0;
    for choice_idx in 0..stage_choices.min(32) {
        let count = shown_to.iter().filter(|shown| *shown & (1 << choice_idx) != 0).count();
        most = most.max(count);
    }
    most
}

/// `template` with each `{name}` replaced by its value from `values`, given to `emit` piece
/// by piece. A placeholder is a name of lowercase letters and underscores in braces; one
/// without a value, and any other brace, stays as written.
pub fn fill(template: &str, values: &[(&str, &str)], mut emit: impl FnMut(&str)) {
    let mut rest = template;
    while let Some((before, after)) = split_at(rest, b'{') {
        emit(before);
        let value = split_at(after, b'}')
            .and_then(|(name, tail)| values.iter().find(|(known, _)| *known == name).map(|(_, value)| (*value, tail)));
        match value {
            Some((value, tail)) => {
                emit(value);
                rest = tail;
            }
            None => {
                emit("{");
                rest = after;
            }
        }
    }
    emit(rest);
}

/// Whether a question's choices are shuffled per reader: a scored question (`scored`; a
/// stage or hardest question's choices follow the ladder) by its own `"shuffle"` when it
/// sets one, else by the quiz's.
pub fn is_shuffled(scored: bool, own: Option<bool>, quiz: bool) -> bool {
    scored && own.unwrap_or(quiz)
}

/// Writes into `order` the file's order: 0, 1, 2...
pub fn order_in_file(order: &mut [u8]) {
    for (idx, slot) in order.iter_mut().enumerate() {
        *slot = idx as u8;
    }
}

/// Writes into `order` (one entry per choice, at most 256) the display order of the choices
/// of the shuffled question `question_id` for a reader with `seed`: each entry a choice's
/// index in the file, the first shown first.
///
/// Deterministic, so every visit, Back and reload show the same order: FNV-1a of the
/// question's id mixed with the seed starts a splitmix64 generator, which drives a
/// Fisher–Yates shuffle. Written by hand rather than with a crate (rand's `SliceRandom`
/// would add a dependency to a core that has none, and size to the widget).
pub fn order(seed: u32, question_id: &str, order: &mut [u8]) {
    order_in_file(order);
    let fnv = question_id
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3));
    let mut state = fnv ^ u64::from(seed).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    for last in (1..order.len()).rev() {
        // A handful of choices: the modulo's bias is below 2^-59.
        let pick = (splitmix64(&mut state) % (last as u64 + 1)) as usize;
        if let (Some(&at_last), Some(&at_pick)) = (order.get(last), order.get(pick)) {
            order[last] = at_pick;
            order[pick] = at_last;
        }
    }
}

/// The next number of the splitmix64 generator (Steele, Lea and Flood, 2014).
fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The colour theme a widget is shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    /// Light colours.
    Light,
    /// Dark colours.
    Dark,
    /// Follows the page (its `<html>` theme marks) or else the reader's system setting.
    #[default]
    Auto,
}

impl Theme {
    /// The value of the widget root's `data-theme` attribute.
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
            Theme::Auto => "auto",
        }
    }

    /// A host's `data-theme`: `light`, `dark`, or `auto` (and empty), in any case and with
    /// spaces around; `None` for anything else.
    pub fn from_attribute(value: &str) -> Option<Theme> {
        match value.trim() {
            value if value.eq_ignore_ascii_case("light") => Some(Theme::Light),
            value if value.eq_ignore_ascii_case("dark") => Some(Theme::Dark),
            value if value.is_empty() || value.eq_ignore_ascii_case("auto") => Some(Theme::Auto),
            _ => None,
        }
    }

    /// The theme a page marks on its `<html>` element: `data-theme="dark"` or `"light"`,
    /// or a `dark` class. `Auto` when it marks none.
    pub fn of_page(data_theme: Option<&str>, class: Option<&str>) -> Theme {
        match data_theme.map(str::trim) {
            Some(value) if value.eq_ignore_ascii_case("dark") => return Theme::Dark,
            Some(value) if value.eq_ignore_ascii_case("light") => return Theme::Light,
            _ => {}
        }
        match class.is_some_and(|class| class.split_ascii_whitespace().any(|name| name == "dark")) {
            true => Theme::Dark,
            false => Theme::Auto,
        }
    }

    /// The theme to show: a fixed theme wins; `Auto` follows the page's mark if any.
    pub fn resolve(self, page: Theme) -> Theme {
        match self {
            Theme::Auto => page,
            fixed => fixed,
        }
    }
}

/// The token of the result shared for `quiz_key` in the page address's `fragment`
/// (`#transition-quiz:<key>=<token>`, among other `&`-separated parts), if there is one.
pub fn find_shared<'a>(fragment: &'a str, quiz_key: &str) -> Option<&'a str> {
    let mut rest = fragment.strip_prefix('#').unwrap_or(fragment);
    loop {
        let (part, more) = split_at(rest, b'&').unwrap_or((rest, ""));
        if let Some((key, token)) = split_at(part, b'=')
            && key.strip_prefix(NAMESPACE).and_then(|key| key.strip_prefix(':')) == Some(quiz_key)
        {
            return Some(token);
        }
        if more.is_empty() {
            return None;
        }
        rest = more;
    }
}

/// Whether a host's `data-persist` value keeps the reader's progress: `Some(false)` for
/// `false`, `off`, `no` or `0`; `Some(true)` for `true`, `on`, `yes`, `1` or nothing (in any
/// case, spaces around ignored); `None` for anything else, which the host's configuration
/// warns about and treats as true. With progress off, the widget neither reads nor writes
/// saved progress, so its first screen is the quiz's start whatever storage holds.
pub fn persists(value: &str) -> Option<bool> {
    let value = value.trim();
    let is = |words: &[&str]| words.iter().any(|word| value.eq_ignore_ascii_case(word));
    if is(&["false", "off", "no", "0"]) {
        Some(false)
    } else if is(&["true", "on", "yes", "1", ""]) {
        Some(true)
    } else {
        None
    }
}

/// Whether `storage_key` holds saved progress for `quiz_key`, whatever its key format
/// version and quiz fingerprint (`transition-quiz:v<n>:<quiz key>:<fingerprint>`).
pub fn is_progress_key_of(storage_key: &str, quiz_key: &str) -> bool {
    let Some(rest) = storage_key.strip_prefix(NAMESPACE).and_then(|rest| rest.strip_prefix(":v")) else {
        return false;
    };
    let Some((_, rest)) = split_at(rest, b':') else { return false };
    split_at_last(rest, b':').is_some_and(|(key_part, _)| key_part == quiz_key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filled(template: &str, values: &[(&str, &str)]) -> String {
        let mut out = String::new();
        fill(template, values, |piece| out.push_str(piece));
        out
    }

    #[test]
    fn progress_is_off_only_for_the_words_that_say_so() {
        for (value, expected) in [
            ("false", Some(false)),
            (" OFF ", Some(false)),
            ("No", Some(false)),
            ("0", Some(false)),
            ("true", Some(true)),
            ("", Some(true)),
            ("  ", Some(true)),
            ("Yes", Some(true)),
            ("1", Some(true)),
            ("on", Some(true)),
            ("maybe", None),
            ("falsey", None),
            ("00", None),
        ] {
            assert_eq!(persists(value), expected, "{value:?}");
        }
    }

    #[test]
    fn fills_known_placeholders_and_leaves_the_rest() {
        for (template, values, expected) in [
            ("Question {current} of {total}", &[("current", "3"), ("total", "10")][..], "Question 3 of 10"),
            ("{a}{a}", &[("a", "x")], "xx"),
            ("{missing} and {", &[("a", "x")], "{missing} and {"),
            ("no braces", &[], "no braces"),
            ("{x}", &[("x", "{x}")], "{x}"),
            ("Pregunta {current} de {total}", &[("current", "1"), ("total", "2")], "Pregunta 1 de 2"),
        ] {
            assert_eq!(filled(template, values), expected, "{template:?}");
        }
    }

    #[test]
    fn the_duration_rounds_up_to_whole_minutes_and_is_never_zero() {
        for (count, expected) in [(0, 1), (1, 1), (6, 1), (7, 2), (10, 2), (12, 2), (13, 3), (60, 10)] {
            assert_eq!(minutes(count), expected, "{count} questions");
        }
    }

    #[test]
    fn the_first_screen_counts_the_most_questions_any_stage_answer_shows() {
        // Three stage answers; questions for everyone, for 0 and 2, for 2 only.
        let shown_to = [SHOWN_TO_ALL, SHOWN_TO_ALL, 0b101, 0b100];
        assert_eq!(most_shown(3, &shown_to), 4, "the third answer is shown all four");
        assert_eq!(most_shown(2, &shown_to), 3);
        assert_eq!(most_shown(0, &[SHOWN_TO_ALL; 5]), 5, "without a stage question, every question");
    }

    #[test]
    fn ids_keys_and_where_a_reader_could_start_instead() {
        assert!(is_id("four-transitions") && is_id("Q_1") && !is_id("") && !is_id("a b") && !is_id(&"x".repeat(65)));
        assert_eq!(quiz_key(" careers ", "four-transitions"), "careers");
        assert_eq!(quiz_key("", "four-transitions"), "four-transitions");
        assert_eq!(quiz_key("not a key!", "four-transitions"), "four-transitions");
        assert_eq!(find_shared("#/route&transition-quiz:mine=3f2a.10", "mine"), Some("3f2a.10"));
        assert_eq!(find_shared("#transition-quiz:other=1", "mine"), None);
        assert_eq!(find_shared("#transition-quiz:mine", "mine"), None);
        assert!(is_progress_key_of("transition-quiz:v1:mine:abc123", "mine"));
        assert!(is_progress_key_of("transition-quiz:v7:mine:old", "mine"), "any version, any fingerprint");
        assert!(!is_progress_key_of("transition-quiz:v1:minefield:abc", "mine"));
        assert!(!is_progress_key_of("transition-quiz:pending:v1", "mine"));
    }

    #[test]
    fn themes() {
        assert_eq!(Theme::from_attribute(" DARK "), Some(Theme::Dark));
        assert_eq!(Theme::from_attribute(""), Some(Theme::Auto));
        assert_eq!(Theme::from_attribute("blue"), None);
        assert_eq!(Theme::of_page(Some("dark"), None), Theme::Dark);
        assert_eq!(Theme::of_page(None, Some("page dark")), Theme::Dark);
        assert_eq!(Theme::of_page(Some("light"), Some("dark")), Theme::Light, "data-theme wins");
        assert_eq!(Theme::of_page(None, Some("darker")), Theme::Auto);
        assert_eq!(Theme::Auto.resolve(Theme::Dark), Theme::Dark);
        assert_eq!(Theme::Light.resolve(Theme::Dark), Theme::Light);
    }
}
