//! Filling `{placeholders}` in UI strings ("Question {current} of {total}").

/// The names of the `{placeholders}` in `template`, in order. A placeholder is a name of
/// lowercase letters and underscores in braces; any other brace is plain text.
pub fn placeholders(template: &str) -> impl Iterator<Item = &str> {
    template.split('{').skip(1).filter_map(|rest| {
        let name = &rest[..rest.find('}')?];
        let is_name = !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
        is_name.then_some(name)
    })
}

/// `template` with each `{name}` replaced by its value from `values`. Placeholders
/// without a value are left as written (the rule is [`crate::rules::fill`]'s).
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    crate::rules::fill(template, values, |piece| out.push_str(piece));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_fill(template: &str, values: &[(&str, &str)], expected: &str) {
        assert_eq!(fill(template, values), expected, "{template:?}");
    }

    #[test]
    fn fills_known_placeholders_and_leaves_the_rest() {
        check_fill("Question {current} of {total}", &[("current", "3"), ("total", "10")], "Question 3 of 10");
        check_fill("{a}{a}", &[("a", "x")], "xx");
        check_fill("{missing} and {", &[("a", "x")], "{missing} and {");
        check_fill("no braces", &[], "no braces");
        check_fill("{x}", &[("x", "{x}")], "{x}");
        check_fill("Pregunta {current} de {total}", &[("current", "1"), ("total", "2")], "Pregunta 1 de 2");
    }

    #[test]
    fn lists_placeholder_names() {
        let names: Vec<&str> = placeholders("{current} of {total}, {Not} {} {a_b} {unclosed").collect();
        assert_eq!(names, ["current", "total", "a_b"]);
    }
}
