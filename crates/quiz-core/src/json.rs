//! A small JSON parser that keeps what the quiz validator needs and nothing more.
//!
//! Written by hand rather than taken from serde_json for three reasons: it reports the
//! line and column of a syntax error in terms a site owner can find in their editor; it
//! keeps object members in file order, duplicates included, so the validator can report
//! a key written twice instead of silently keeping the last; and it costs a few kilobytes
//! of wasm, where serde_json's generic machinery and float parsing cost far more. Numbers
//! are kept as their source text: the quiz format only has whole numbers, and the
//! validator decides what a number means.

use std::fmt;

/// A parsed JSON value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as written in the source (for example `"3"`, `"-1"`, `"2.5e3"`).
    Number(String),
    /// A string, with escapes resolved.
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// An object's members in source order, duplicate keys included.
    Object(Vec<(String, Value)>),
}

impl Value {
    /// A short English name of the value's kind, for error messages ("a string").
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "true or false",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "a list",
            Value::Object(_) => "an object",
        }
    }

    /// The value as a message names what was found: its kind, and the value itself when it
    /// is a number, a short string, `true`, `false` or `null` (`the string "1"`).
    pub fn describe(&self) -> String {
        /// Longer strings are named only by their kind, to keep messages to one line.
        const SHORT: usize = 40;
        match self {
            Value::Null => "null".into(),
            Value::Bool(value) => value.to_string(),
            Value::Number(number) => format!("the number {number}"),
            // Quoted as JSON, not with `{:?}`: Rust's debug escaping would bring Unicode
            // tables into the widget's wasm.
            Value::String(text) if text.chars().count() <= SHORT => ["the string ", &quoted(text)].concat(),
            other => other.kind().into(),
        }
    }
}

/// Appends `text` to `out` as a JSON string literal: the one encoder of strings for every
/// message quiz-core writes (saved progress, the results server's API).
pub fn push_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                // A control character as \u00XX, written by hand: no formatting machinery.
                out.push_str("\\u00");
                for nibble in [c as u32 >> 4, c as u32 & 15] {
                    out.push(char::from_digit(nibble, 16).unwrap_or('0'));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// `text` as a JSON string literal.
pub fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    push_string(&mut out, text);
    out
}

/// Why a text is not JSON, and where: 1-based line and column (in characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// What was wrong, in plain English.
    pub message: String,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}: {}", self.line, self.column, self.message)
    }
}

/// How deeply arrays and objects may nest. The quiz format needs 5 levels; the limit
/// keeps hostile input from exhausting the stack.
pub const MAX_DEPTH: usize = 32;

/// Parses `text` as one JSON value, allowing surrounding whitespace and a leading
/// byte-order mark.
pub fn parse(text: &str) -> Result<Value, SyntaxError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut parser = Parser { text, pos: 0 };
    parser.skip_whitespace();
    let value = parser.value(0)?;
    parser.skip_whitespace();
    if parser.pos < text.len() {
        return Err(parser.error("unexpected text after the end of the JSON value"));
    }
    Ok(value)
}

struct Parser<'a> {
    text: &'a str,
    /// Byte offset of the next unread character; always on a character boundary.
    pos: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn error(&self, message: &str) -> SyntaxError {
        self.error_at(self.pos, message)
    }

    fn error_at(&self, pos: usize, message: &str) -> SyntaxError {
        let before = &self.text[..pos];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |idx| idx + 1);
        let column = before[line_start..].chars().count() + 1;
        SyntaxError { line, column, message: message.to_string() }
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        match self.peek() {
            None => Err(self.error("the text ends where a value was expected")),
            Some(b'{') => self.object(depth + 1),
            Some(b'[') => self.array(depth + 1),
            Some(b'"') => self.string().map(Value::String),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'n') => self.literal("null", Value::Null),
            Some(b'\'') => Err(self.error("strings must use double quotes (\"), not single quotes")),
            Some(_) => Err(self.error("expected a value (a string, number, object, list, true, false or null)")),
        }
    }

    fn literal(&mut self, word: &str, value: Value) -> Result<Value, SyntaxError> {
        if self.text[self.pos..].starts_with(word) {
            self.pos += word.len();
            return Ok(value);
        }
        Err(self.error("expected a value (a string, number, object, list, true, false or null)"))
    }

    fn enter(&self, depth: usize) -> Result<(), SyntaxError> {
        if depth > MAX_DEPTH {
            return Err(self.error(&format!("lists and objects are nested more than {MAX_DEPTH} deep")));
        }
        Ok(())
    }

    fn object(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        self.enter(depth)?;
        self.pos += 1;
        let mut members = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Value::Object(members));
        }
        loop {
            self.skip_whitespace();
            match self.peek() {
                Some(b'"') => {}
                Some(b'}') => return Err(self.error("a comma must not come before the closing }")),
                _ => return Err(self.error("expected a key in double quotes")),
            }
            let key = self.string()?;
            self.skip_whitespace();
            if self.peek() != Some(b':') {
                return Err(self.error("expected a colon (:) after the key"));
            }
            self.pos += 1;
            self.skip_whitespace();
            let value = self.value(depth)?;
            members.push((key, value));
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Value::Object(members));
                }
                None => {
                    return Err(self.error("the text ends inside an object: a closing } is missing"));
                }
                _ => return Err(self.error("expected a comma (,) or a closing }")),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        self.enter(depth)?;
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Value::Array(items));
        }
        loop {
            self.skip_whitespace();
            if self.peek() == Some(b']') {
                return Err(self.error("a comma must not come before the closing ]"));
            }
            items.push(self.value(depth)?);
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Value::Array(items));
                }
                None => {
                    return Err(self.error("the text ends inside a list: a closing ] is missing"));
                }
                _ => return Err(self.error("expected a comma (,) or a closing ]")),
            }
        }
    }

    fn number(&mut self) -> Result<Value, SyntaxError> {
        let start = self.pos;
        let bytes = self.text.as_bytes();
        let digits = |pos: &mut usize| {
            let from = *pos;
            while bytes.get(*pos).is_some_and(u8::is_ascii_digit) {
                *pos += 1;
            }
            *pos - from
        };
        let mut pos = self.pos;
        if bytes[pos] == b'-' {
            pos += 1;
        }
        let int_start = pos;
        let n_int = digits(&mut pos);
        if n_int == 0 {
            return Err(self.error_at(pos, "expected a digit"));
        }
        if n_int > 1 && bytes[int_start] == b'0' {
            return Err(self.error_at(int_start, "numbers must not start with 0"));
        }
        if bytes.get(pos) == Some(&b'.') {
            pos += 1;
            if digits(&mut pos) == 0 {
                return Err(self.error_at(pos, "expected a digit after the decimal point"));
            }
        }
        if let Some(b'e' | b'E') = bytes.get(pos) {
            pos += 1;
            if let Some(b'+' | b'-') = bytes.get(pos) {
                pos += 1;
            }
            if digits(&mut pos) == 0 {
                return Err(self.error_at(pos, "expected a digit in the exponent"));
            }
        }
        self.pos = pos;
        Ok(Value::Number(self.text[start..pos].to_string()))
    }

    fn string(&mut self) -> Result<String, SyntaxError> {
        let open = self.pos;
        self.pos += 1;
        let mut out = String::new();
        loop {
            // Copy the run of plain characters up to the next quote, backslash or control.
            let rest = &self.text[self.pos..];
            let run = rest.find(|c: char| c == '"' || c == '\\' || c < ' ').unwrap_or(rest.len());
            out.push_str(&rest[..run]);
            self.pos += run;
            match self.peek() {
                None => {
                    return Err(self.error_at(open, "this string is never closed: a \" is missing"));
                }
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => out.push(self.escape()?),
                Some(_) => {
                    return Err(self.error("strings cannot contain a line break or tab: write \\n or \\t"));
                }
            }
        }
    }

    fn escape(&mut self) -> Result<char, SyntaxError> {
        let at = self.pos;
        self.pos += 1;
        let Some(byte) = self.peek() else {
            return Err(self.error_at(at, "this string is never closed: a \" is missing"));
        };
        self.pos += 1;
        let simple = match byte {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => return self.unicode_escape(at),
            _ => {
                return Err(
                    self.error_at(at, "unknown escape: use \\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\uXXXX")
                );
            }
        };
        Ok(simple)
    }

    fn unicode_escape(&mut self, at: usize) -> Result<char, SyntaxError> {
        let first = self.hex4(at)?;
        if !(0xD800..0xDC00).contains(&first) {
            return char::from_u32(first)
                .ok_or_else(|| self.error_at(at, "\\u escape names half of a character pair without its other half"));
        }
        // A high surrogate must be followed by an escaped low surrogate.
        if !self.text[self.pos..].starts_with("\\u") {
            return Err(self.error_at(at, "\\u escape names half of a character pair without its other half"));
        }
        self.pos += 2;
        let second = self.hex4(at)?;
        if !(0xDC00..0xE000).contains(&second) {
            return Err(self.error_at(at, "\\u escape names half of a character pair without its other half"));
        }
        let code = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
        char::from_u32(code).ok_or_else(|| self.error_at(at, "invalid \\u escape"))
    }

    fn hex4(&mut self, at: usize) -> Result<u32, SyntaxError> {
        let digits = self.text.get(self.pos..self.pos + 4).filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()));
        let Some(digits) = digits else {
            return Err(self.error_at(at, "a \\u escape needs four hexadecimal digits"));
        };
        self.pos += 4;
        u32::from_str_radix(digits, 16).map_err(|_| self.error_at(at, "a \\u escape needs four hexadecimal digits"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obj(members: &[(&str, Value)]) -> Value {
        Value::Object(members.iter().map(|(k, v)| (k.to_string(), v.clone())).collect())
    }

    fn check(text: &str, expected: Result<Value, (usize, usize, &str)>) {
        let got = parse(text).map_err(|e| (e.line, e.column, e.message));
        let expected = expected.map_err(|(l, c, m)| (l, c, m.to_string()));
        assert_eq!(got, expected, "parsing {text:?}");
    }

    fn string(s: &str) -> Value {
        Value::String(s.to_string())
    }

    #[test]
    fn parses_values() {
        check("null", Ok(Value::Null));
        check(" true ", Ok(Value::Bool(true)));
        check("\u{feff}false", Ok(Value::Bool(false)));
        check("-12", Ok(Value::Number("-12".into())));
        check("2.5e-3", Ok(Value::Number("2.5e-3".into())));
        check("0", Ok(Value::Number("0".into())));
        check(r#""a\"b\\c\/\n\u00e9\ud83d\ude00""#, Ok(string("a\"b\\c/\né😀")));
        check("[]", Ok(Value::Array(vec![])));
        check(
            "[1, [2]]",
            Ok(Value::Array(vec![Value::Number("1".into()), Value::Array(vec![Value::Number("2".into())])])),
        );
        check("{}", Ok(obj(&[])));
        check(r#"{"a": 1, "a": "x"}"#, Ok(obj(&[("a", Value::Number("1".into())), ("a", string("x"))])));
        check("\"héllo wörld\"", Ok(string("héllo wörld")));
    }

    #[test]
    fn reports_syntax_errors_with_line_and_column() {
        check("", Err((1, 1, "the text ends where a value was expected")));
        check("{\n  \"a\": 1,\n}", Err((3, 1, "a comma must not come before the closing }")));
        check("[1 2]", Err((1, 4, "expected a comma (,) or a closing ]")));
        check("{\"a\" 1}", Err((1, 6, "expected a colon (:) after the key")));
        check("{'a': 1}", Err((1, 2, "expected a key in double quotes")));
        check("'a'", Err((1, 1, "strings must use double quotes (\"), not single quotes")));
        check("\"é\n\"", Err((1, 3, "strings cannot contain a line break or tab: write \\n or \\t")));
        check("  \"abc", Err((1, 3, "this string is never closed: a \" is missing")));
        check("[1,\n 01]", Err((2, 2, "numbers must not start with 0")));
        check("1.", Err((1, 3, "expected a digit after the decimal point")));
        check("-", Err((1, 2, "expected a digit")));
        check("tru", Err((1, 1, "expected a value (a string, number, object, list, true, false or null)")));
        check("{} x", Err((1, 4, "unexpected text after the end of the JSON value")));
        check("[", Err((1, 2, "the text ends where a value was expected")));
        check("[1", Err((1, 3, "the text ends inside a list: a closing ] is missing")));
        check("{\"a\":1", Err((1, 7, "the text ends inside an object: a closing } is missing")));
        check(r#""\x""#, Err((1, 2, "unknown escape: use \\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\uXXXX")));
        check(r#""\u12""#, Err((1, 2, "a \\u escape needs four hexadecimal digits")));
        check(r#""\ud83d""#, Err((1, 2, "\\u escape names half of a character pair without its other half")));
        check(r#""\ude00""#, Err((1, 2, "\\u escape names half of a character pair without its other half")));
    }

    #[test]
    fn limits_nesting_depth() {
        let deep_ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(parse(&deep_ok).is_ok());
        let too_deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        check(&too_deep, Err((1, MAX_DEPTH + 1, "lists and objects are nested more than 32 deep")));
    }
}
