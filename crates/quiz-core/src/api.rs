//! The results server's API, one type per message, each with its one encoder and its one
//! decoder: what a widget sends ([`Completion`], [`Beacon`]) and what it reads back
//! ([`Summary`]). The widget encodes the requests and decodes the summary; the results server
//! decodes the requests and encodes the summary, with these same functions, so the two sides
//! cannot drift apart. Every key is camelCase, as in the page's events and the server's
//! webhooks and exports (README, "The API").
//!
//! Written by hand on quiz-core's own JSON reader ([`crate::json`]): the core has no
//! dependencies, and serde's derive would add to the widget's size what this does in a few
//! hundred bytes. Requests are read strictly (a field the API does not have, or one written
//! twice, is refused: a request is either what a widget sends or not one); a summary is read
//! leniently about fields it does not know, so a newer server can add some.

use crate::fingerprint::fingerprint;
use crate::json::{self, Value, push_string};
use crate::quiz::Quiz;

/// Why a message is not what the API says it is: what is wrong, naming the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Malformed(pub String);

impl Malformed {
    fn new(field: &str, what: &str) -> Malformed {
        Malformed(["the field \"", field, "\" ", what].concat())
    }
}

/// A reader's completed quiz, `POST api/v1/completions`: a random id made for this one
/// completion (so a retry is stored once), the quiz key and fingerprint, the chosen choice
/// ids, and the page's path. Nothing else about the reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    /// Random, 16 to 64 id characters, made by the widget for this completion.
    pub id: String,
    /// The quiz key the page uses (`data-transition-quiz`, else the quiz's id).
    pub quiz: String,
    /// The quiz's fingerprint ([`crate::fingerprint`]).
    pub fingerprint: String,
    /// (question id, choice id) for each question answered, in the quiz's order.
    pub answers: Vec<(String, String)>,
    /// The page's path, without query string or fragment (empty when not sent).
    pub page: String,
}

impl Completion {
    /// The completion of `answers` (one entry per question) to `quiz`, registered as `key`.
    pub fn new(quiz: &Quiz, key: &str, answers: &[Option<usize>], id: &str, page: &str) -> Completion {
        let mut pairs = Vec::new();
        for (question, answer) in quiz.questions.iter().zip(answers) {
            if let Some(choice) = answer.and_then(|choice_idx| question.choices.get(choice_idx)) {
                pairs.push((question.id.clone(), choice.id.clone()));
            }
        }
        Completion {
            id: id.to_string(),
            quiz: key.to_string(),
            fingerprint: fingerprint(quiz),
            answers: pairs,
            page: page.to_string(),
        }
    }

    /// The request's JSON body.
    pub fn encode(&self) -> String {
        let mut out = String::with_capacity(128);
        out.push_str("{\"id\":");
        push_string(&mut out, &self.id);
        out.push_str(",\"quiz\":");
        push_string(&mut out, &self.quiz);
        out.push_str(",\"fingerprint\":");
        push_string(&mut out, &self.fingerprint);
        out.push_str(",\"answers\":");
        push_pairs(&mut out, &self.answers, |out, choice| push_string(out, choice));
        out.push_str(",\"page\":");
        push_string(&mut out, &self.page);
        out.push('}');
        out
    }

    /// Reads a request body: exactly these fields (`page` may be left out), each once.
    pub fn decode(text: &str) -> Result<Completion, Malformed> {
        let value = parse(text)?;
        let body = Fields::from_value(&value, "", &["id", "quiz", "fingerprint", "answers", "page"])?;
        let completion = Completion {
            id: body.string("id")?,
            quiz: body.string("quiz")?,
            fingerprint: body.string("fingerprint")?,
            answers: body.pairs("answers", |value| match value {
                Value::String(choice) => Some(choice.clone()),
                _ => None,
            })?,
            page: body.optional("page").map(|page| text_of("page", page)).transpose()?.unwrap_or_default(),
        };
        Ok(completion)
    }
}

/// A start beacon (`POST api/v1/starts`, no step) or a stop beacon (`POST api/v1/stops`:
/// the number of the question a reader who left mid-quiz had reached, from 1, among those
/// they were shown).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Beacon {
    /// The quiz key the page uses.
    pub quiz: String,
    /// The quiz's fingerprint.
    pub fingerprint: String,
    /// For a stop, the question reached; none for a start. Signed, so that a server can
    /// refuse a step out of range (`bad_step`) rather than an unreadable body.
    pub step: Option<i64>,
}

impl Beacon {
    /// The beacon for `quiz` registered as `key`: a start (`step` none) or a stop.
    pub fn new(quiz: &Quiz, key: &str, step: Option<usize>) -> Beacon {
        Beacon { quiz: key.to_string(), fingerprint: fingerprint(quiz), step: step.map(|step| step as i64) }
    }

    /// The request's JSON body.
    pub fn encode(&self) -> String {
        let mut out = String::with_capacity(64);
        out.push_str("{\"quiz\":");
        push_string(&mut out, &self.quiz);
        out.push_str(",\"fingerprint\":");
        push_string(&mut out, &self.fingerprint);
        if let Some(step) = self.step {
            out.push_str(",\"step\":");
            out.push_str(&step.to_string());
        }
        out.push('}');
        out
    }

    /// Reads a request body: `quiz`, `fingerprint` and, for a stop, `step`.
    pub fn decode(text: &str) -> Result<Beacon, Malformed> {
        let value = parse(text)?;
        let body = Fields::from_value(&value, "", &["quiz", "fingerprint", "step"])?;
        let beacon = Beacon {
            quiz: body.string("quiz")?,
            fingerprint: body.string("fingerprint")?,
            step: match body.optional("step") {
                None | Some(Value::Null) => None,
                Some(Value::Number(number)) => {
                    Some(number.parse().map_err(|_| Malformed::new("step", "must be a whole number"))?)
                }
                Some(_) => return Err(Malformed::new("step", "must be a whole number")),
            },
        };
        Ok(beacon)
    }
}

/// Whole percentages by key: an outcome id, or `"none"` for no clear gap (or no stage or
/// hardest step given), in the quiz's outcome order then `"none"`.
pub type Shares = Vec<(String, u8)>;

/// A quiz's summary, `GET api/v1/summary/<quiz key>`: below the server's minimum number of
/// completions, only that there are not enough yet; from it, the shares of each result,
/// stage and stated hardest step, and (with `show_counts`) the counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// The quiz key.
    pub quiz: String,
    /// How many completions a quiz needs before it has figures (`min_completions`).
    pub minimum: u64,
    /// The figures, once there are enough completions (`"enough": true`).
    pub figures: Option<Figures>,
}

/// A summary's figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figures {
    /// The share of readers whose answers showed each outcome as their result.
    pub outcomes: Shares,
    /// The share of readers at each stage (the outcome their stage answer names).
    pub stages: Shares,
    /// The share of readers who said each outcome is the hardest step.
    pub hardest: Shares,
    /// For the readers who named each outcome hardest: what their answers showed.
    pub said_vs_shown: Vec<(String, Shares)>,
    /// The counts behind the shares, when the server shows counts.
    pub counts: Option<Counts>,
}

/// The counts behind a summary's shares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counts {
    /// Completions counted.
    pub completions: u64,
    /// Starts counted.
    pub starts: u64,
    /// Completions by result, by stage and by stated hardest step (keys as in [`Shares`]).
    pub outcomes: Vec<(String, u64)>,
    /// See `outcomes`.
    pub stages: Vec<(String, u64)>,
    /// See `outcomes`.
    pub hardest: Vec<(String, u64)>,
}

impl Summary {
    /// The answer's JSON body.
    pub fn encode(&self) -> String {
        let mut out = String::with_capacity(256);
        out.push_str("{\"quiz\":");
        push_string(&mut out, &self.quiz);
        out.push_str(",\"enough\":");
        out.push_str(if self.figures.is_some() { "true" } else { "false" });
        out.push_str(",\"minimum\":");
        out.push_str(&self.minimum.to_string());
        if let Some(figures) = &self.figures {
            for (key, shares) in
                [("outcomes", &figures.outcomes), ("stages", &figures.stages), ("hardest", &figures.hardest)]
            {
                push_key(&mut out, key);
                push_pairs(&mut out, shares, push_number);
            }
            push_key(&mut out, "saidVsShown");
            push_pairs(&mut out, &figures.said_vs_shown, |out, shares| push_pairs(out, shares, push_number));
            if let Some(counts) = &figures.counts {
                push_key(&mut out, "completions");
                push_number(&mut out, &counts.completions);
                push_key(&mut out, "starts");
                push_number(&mut out, &counts.starts);
                out.push_str(",\"counts\":{\"outcomes\":");
                push_pairs(&mut out, &counts.outcomes, push_number);
                out.push_str(",\"stages\":");
                push_pairs(&mut out, &counts.stages, push_number);
                out.push_str(",\"hardest\":");
                push_pairs(&mut out, &counts.hardest, push_number);
                out.push('}');
            }
        }
        out.push('}');
        out
    }

    /// Reads an answer: `quiz`, `enough` and `minimum`, and with `"enough": true` the
    /// shares (each a whole percentage from 0 to 100; `stages`, `hardest` and `saidVsShown`
    /// may be left out, as empty) and any counts. Fields it does not know are passed over.
    pub fn decode(text: &str) -> Result<Summary, Malformed> {
        let value = parse(text)?;
        let body = Fields::from_value(&value, "", &[])?;
        let quiz = body.string("quiz")?;
        let minimum = body.number("minimum")?;
        let enough = match body.required("enough")? {
            Value::Bool(enough) => *enough,
            _ => return Err(Malformed::new("enough", "must be true or false")),
        };
        if !enough {
            return Ok(Summary { quiz, minimum, figures: None });
        }
        let percent = |value: &Value| match value {
            Value::Number(number) => number.parse::<u8>().ok().filter(|percent| *percent <= 100),
            _ => None,
        };
        let shares = |key: &str, required: bool| -> Result<Shares, Malformed> {
            match (body.optional(key), required) {
                (None, false) => Ok(Vec::new()),
                _ => body.pairs(key, percent),
            }
        };
        let outcomes = shares("outcomes", true)?;
        let stages = shares("stages", false)?;
        let hardest = shares("hardest", false)?;
        let said_vs_shown = match body.optional("saidVsShown") {
            None => Vec::new(),
            Some(_) => body.pairs("saidVsShown", |value| {
                let Value::Object(members) = value else { return None };
                members.iter().map(|(key, value)| Some((key.clone(), percent(value)?))).collect()
            })?,
        };
        let counts = match body.optional("completions") {
            None => None,
            Some(_) => {
                let count = |value: &Value| match value {
                    Value::Number(number) => number.parse::<u64>().ok(),
                    _ => None,
                };
                let counts = match body.optional("counts") {
                    Some(value) => Fields::from_value(value, "counts", &[])?,
                    None => Fields::empty(),
                };
                Some(Counts {
                    completions: body.number("completions")?,
                    starts: body.optional("starts").map(|_| body.number("starts")).transpose()?.unwrap_or(0),
                    outcomes: counts
                        .optional("outcomes")
                        .map(|_| counts.pairs("outcomes", count))
                        .transpose()?
                        .unwrap_or_default(),
                    stages: counts
                        .optional("stages")
                        .map(|_| counts.pairs("stages", count))
                        .transpose()?
                        .unwrap_or_default(),
                    hardest: counts
                        .optional("hardest")
                        .map(|_| counts.pairs("hardest", count))
                        .transpose()?
                        .unwrap_or_default(),
                })
            }
        };
        Ok(Summary { quiz, minimum, figures: Some(Figures { outcomes, stages, hardest, said_vs_shown, counts }) })
    }
}

/// `,"key":`.
fn push_key(out: &mut String, key: &str) {
    out.push(',');
    push_string(out, key);
    out.push(':');
}

fn push_number(out: &mut String, number: &impl ToString) {
    out.push_str(&number.to_string());
}

/// An object of `pairs`, each value written by `value`.
fn push_pairs<T>(out: &mut String, pairs: &[(String, T)], value: impl Fn(&mut String, &T)) {
    out.push('{');
    for (idx, (key, item)) in pairs.iter().enumerate() {
        if idx > 0 {
            out.push(',');
        }
        push_string(out, key);
        out.push(':');
        value(out, item);
    }
    out.push('}');
}

/// The JSON value of a message's text.
fn parse(text: &str) -> Result<Value, Malformed> {
    json::parse(text).map_err(|error| Malformed(["not JSON: ", &error.message].concat()))
}

fn text_of(field: &str, value: &Value) -> Result<String, Malformed> {
    match value {
        Value::String(text) => Ok(text.clone()),
        _ => Err(Malformed::new(field, "must be text in double quotes")),
    }
}

/// The members of a message's object, read once each. With `known` keys (a request), any
/// other key, and any key written twice, is refused; without (a summary), they are passed over.
struct Fields<'a> {
    members: &'a [(String, Value)],
}

impl<'a> Fields<'a> {
    fn from_value(value: &'a Value, name: &str, known: &[&str]) -> Result<Fields<'a>, Malformed> {
        let Value::Object(members) = value else {
            return Err(Malformed(if name.is_empty() {
                "not a JSON object".into()
            } else {
                ["\"", name, "\" is not an object"].concat()
            }));
        };
        for (idx, (key, _)) in members.iter().enumerate() {
            if members[..idx].iter().any(|(earlier, _)| earlier == key) {
                return Err(Malformed::new(key, "is written twice"));
            }
            if !known.is_empty() && !known.contains(&key.as_str()) {
                return Err(Malformed::new(key, "is not part of this message"));
            }
        }
        Ok(Fields { members })
    }

    fn empty() -> Fields<'a> {
        Fields { members: &[] }
    }

    fn optional(&self, key: &str) -> Option<&'a Value> {
        self.members.iter().find(|(name, _)| name == key).map(|(_, value)| value)
    }

    fn required(&self, key: &str) -> Result<&'a Value, Malformed> {
        self.optional(key).ok_or_else(|| Malformed::new(key, "is missing"))
    }

    fn string(&self, key: &str) -> Result<String, Malformed> {
        text_of(key, self.required(key)?)
    }

    fn number(&self, key: &str) -> Result<u64, Malformed> {
        match self.required(key)? {
            Value::Number(number) => number.parse().map_err(|_| Malformed::new(key, "must be a whole number")),
            _ => Err(Malformed::new(key, "must be a whole number")),
        }
    }

    /// An object whose values `read` accepts, as (key, value) pairs in order; a key written
    /// twice is refused.
    fn pairs<T>(&self, key: &str, read: impl Fn(&Value) -> Option<T>) -> Result<Vec<(String, T)>, Malformed> {
        let bad = || Malformed::new(key, "does not hold what the API says");
        let Value::Object(members) = self.required(key)? else { return Err(bad()) };
        let mut pairs = Vec::with_capacity(members.len());
        for (idx, (name, value)) in members.iter().enumerate() {
            if members[..idx].iter().any(|(earlier, _)| earlier == name) {
                return Err(bad());
            }
            pairs.push((name.clone(), read(value).ok_or_else(bad)?));
        }
        Ok(pairs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scoring::diagnose;
    use crate::test_quiz::tiny_quiz;

    #[test]
    fn a_completion_carries_ids_the_fingerprint_and_the_path_only_and_reads_back() {
        let quiz = tiny_quiz();
        let print = fingerprint(&quiz);
        let completion =
            Completion::new(&quiz, "tiny", &[Some(1), Some(0), Some(1)], "abcdefghijklmnop", "/post \"x\"\n");
        let body = completion.encode();
        assert_eq!(
            body,
            format!(
                r#"{{"id":"abcdefghijklmnop","quiz":"tiny","fingerprint":"{print}","answers":{{"where":"top","q1":"a","q2":"b"}},"page":"/post \"x\"\u000a"}}"#
            )
        );
        assert_eq!(Completion::decode(&body), Ok(completion));
        // Unanswered questions are left out; control characters are escaped, and read back.
        let partial = Completion::new(&quiz, "tiny", &[None, Some(0), None], "x", "/\u{1}");
        assert_eq!(partial.answers, [("q1".to_string(), "a".to_string())]);
        assert_eq!(Completion::decode(&partial.encode()), Ok(partial));
    }

    #[test]
    fn a_completion_body_is_read_strictly() {
        let good = r#"{"id":"abcdefghijklmnop","quiz":"k","fingerprint":"f","answers":{"q":"c"}}"#;
        assert_eq!(Completion::decode(good).map(|completion| completion.page), Ok(String::new()));
        for (bad, why) in [
            ("nonsense", "not JSON"),
            ("[]", "not a JSON object"),
            (r#"{"quiz":"k","fingerprint":"f","answers":{}}"#, "\"id\" is missing"),
            (r#"{"id":1,"quiz":"k","fingerprint":"f","answers":{}}"#, "\"id\" must be text"),
            (r#"{"id":"i","quiz":"k","fingerprint":"f","answers":{"q":1}}"#, "\"answers\" does not hold"),
            (r#"{"id":"i","quiz":"k","fingerprint":"f","answers":{"q":"a","q":"b"}}"#, "\"answers\" does not hold"),
            (r#"{"id":"i","quiz":"k","fingerprint":"f","answers":{},"extra":1}"#, "\"extra\" is not part"),
            (r#"{"id":"i","id":"j","quiz":"k","fingerprint":"f","answers":{}}"#, "\"id\" is written twice"),
        ] {
            let error = Completion::decode(bad).expect_err(bad);
            assert!(error.0.contains(why), "{bad}: {error:?}");
        }
    }

    #[test]
    fn beacons_round_trip() {
        let quiz = tiny_quiz();
        let print = fingerprint(&quiz);
        let start = Beacon::new(&quiz, "tiny", None);
        assert_eq!(start.encode(), format!(r#"{{"quiz":"tiny","fingerprint":"{print}"}}"#));
        let stop = Beacon::new(&quiz, "tiny", Some(2));
        assert_eq!(stop.encode(), format!(r#"{{"quiz":"tiny","fingerprint":"{print}","step":2}}"#));
        for beacon in [start, stop] {
            assert_eq!(Beacon::decode(&beacon.encode()), Ok(beacon));
        }
        // A negative step is read (the server refuses it as out of range); text is not.
        assert_eq!(
            Beacon::decode(r#"{"quiz":"k","fingerprint":"f","step":-1}"#).map(|beacon| beacon.step),
            Ok(Some(-1))
        );
        assert!(Beacon::decode(r#"{"quiz":"k","fingerprint":"f","step":"2"}"#).is_err());
        assert!(Beacon::decode(r#"{"quiz":"k","fingerprint":"f","page":"/"}"#).is_err());
    }

    fn shares(pairs: &[(&str, u8)]) -> Shares {
        pairs.iter().map(|(key, percent)| (key.to_string(), *percent)).collect()
    }

    #[test]
    fn summaries_round_trip_with_and_without_figures_and_counts() {
        let counts = Counts {
            completions: 40,
            starts: 55,
            outcomes: vec![("high".into(), 24), ("low".into(), 12), ("none".into(), 4)],
            stages: vec![("low".into(), 20), ("high".into(), 20)],
            hardest: vec![("none".into(), 40)],
        };
        let figures = Figures {
            outcomes: shares(&[("low", 30), ("high", 60), ("none", 10)]),
            stages: shares(&[("low", 50), ("high", 50), ("none", 0)]),
            hardest: shares(&[("low", 0), ("high", 0), ("none", 100)]),
            said_vs_shown: vec![("low".into(), shares(&[("low", 100), ("high", 0), ("none", 0)]))],
            counts: Some(counts),
        };
        let with_counts = Summary { quiz: "tiny".into(), minimum: 30, figures: Some(figures.clone()) };
        let without_counts =
            Summary { quiz: "tiny".into(), minimum: 30, figures: Some(Figures { counts: None, ..figures }) };
        let not_enough = Summary { quiz: "tiny".into(), minimum: 30, figures: None };
        assert_eq!(not_enough.encode(), r#"{"quiz":"tiny","enough":false,"minimum":30}"#);
        for summary in [with_counts, without_counts, not_enough] {
            let text = summary.encode();
            assert!(json::parse(&text).is_ok(), "{text}");
            assert_eq!(Summary::decode(&text), Ok(summary), "{text}");
        }
    }

    #[test]
    fn the_servers_answer_reads_into_the_readers_panel() {
        // The summary as the results server wrote it before it used this encoder (serde_json,
        // keys sorted), with fields this reader does not know: still read, and into the panel.
        let quiz = crate::validate::parse_quiz(
            &crate::test_quiz::TINY_QUIZ_JSON.replace(r#""role": "stage""#, r#""role": "hardest""#),
        )
        .unwrap();
        let text = r#"{"completions":40,"counts":{"hardest":{"high":10,"low":28,"none":2},"outcomes":{"high":24,"low":12,"none":4},"stages":{"none":40}},
            "enough":true,"hardest":{"high":25,"low":70,"none":5},"minimum":30,"outcomes":{"high":60,"low":30,"none":10},
            "quiz":"tiny","saidVsShown":{"low":{"high":50,"low":40,"none":10}},"stages":{"high":0,"low":0,"none":100},"starts":55,"newer":{"x":1}}"#;
        let summary = Summary::decode(text).expect("the server's summary reads");
        assert_eq!(
            summary.figures.as_ref().and_then(|figures| figures.counts.as_ref()).map(|counts| counts.starts),
            Some(55)
        );
        let diagnosis = diagnose(&quiz, &[Some(0), Some(1), Some(1)]);
        assert_eq!(
            crate::report::read_summary(&summary.encode(), &quiz, &diagnosis),
            crate::report::Panel::Figures(crate::report::Readers {
                completions: Some(40),
                same: 60,
                shown: vec![30, 60],
                said: Some(vec![70, 25])
            })
        );
    }
}
