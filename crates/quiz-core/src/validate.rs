//! Reading a quiz file: JSON text in, a validated [`Quiz`] out, or every problem found,
//! each with its JSON path and a plain-English message.
//!
//! The checker walks the whole document once, collecting problems instead of stopping at
//! the first, and builds the quiz as it goes (with placeholders where a field was wrong)
//! so that later checks, such as weights naming unknown outcomes, still run. Only a
//! document with no problems becomes a [`Quiz`].
//!
//! Whether every outcome can be a result (the reachability check, [`crate::reach`]) runs on
//! whatever was read, problems elsewhere or not, so a file's problems all show at once. It
//! needs what a result is made of to have been read without problems: the outcomes list and
//! ids, the questions list, roles, stages and choices, and the weights. A problem there
//! would make its verdict wrong, so the check is then not run, for every outcome or (for a
//! bad weight) for the outcome that weight is for, and [`Checked::not_checked`] says which
//! and why.

use std::fmt;

use crate::json::{self, Value};
use crate::quiz::{
    CallToAction, Choice, Comments, Direction, Link, Outcome, Question, Quiz, Role, UI_STRINGS, Ui, is_id, limits,
    text_limits,
};

/// The newest quiz format version, the one new quizzes are written in. Version 2 adds
/// stage-aware questions (`"stages"`) and shuffled choices (`"shuffle"`), and requires
/// `"ordered": true` in a quiz with a stage or hardest question.
pub const FORMAT_VERSION: u32 = 2;

/// The oldest format version still read. A version 1 file loads as it did before
/// `"ordered"` existed: a stage or hardest question makes it ordered.
pub const OLDEST_FORMAT_VERSION: u32 = 1;

/// What a version 1 file is told when it uses a field of version 2: set the version, and
/// what else that changes.
const NEEDS_VERSION_2: &str = "is new in format version 2: set \"version\": 2 to use it (version 2 also requires \"ordered\": true in a quiz with a stage or hardest question, and scores results by its own rules; see the README)";

/// The keys each object of the format may have; anything else is reported as unknown.
pub mod keys {
    /// The top-level object.
    pub const QUIZ: &[&str] = &[
        "$schema",
        "version",
        "id",
        "title",
        "intro",
        "locale",
        "dir",
        "ordered",
        "shuffle",
        "outcomes",
        "questions",
        "ui",
        "comments",
    ];
    /// An outcome.
    pub const OUTCOME: &[&str] = &["id", "label", "short", "shift", "summary", "actions", "links", "cta"];
    /// A call to action.
    pub const CTA: &[&str] = &["text", "url"];
    /// A link.
    pub const LINK: &[&str] = &["title", "url", "kind"];
    /// A question.
    pub const QUESTION: &[&str] = &["id", "prompt", "help", "role", "stages", "shuffle", "choices"];
    /// A choice.
    pub const CHOICE: &[&str] = &["id", "text", "weights", "outcome"];
    /// The comments object.
    pub const COMMENTS: &[&str] = &["selector", "prompt"];
}

/// One thing wrong with a quiz file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where: a JSON path such as `questions[3].choices[1].weights`, or `line 4, column 7`
    /// for a syntax error. Empty for the document as a whole.
    pub path: String,
    /// What is wrong, in plain English.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.path.is_empty() {
            true => f.write_str(&self.message),
            false => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

/// How hard validation looks for outcomes that no reader can get.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reachability {
    /// The exact search ([`crate::reach::FRONTIER_LIMIT`]): for the tools where an author
    /// writes or checks a quiz (the playground, check-quiz, the results server). Up to
    /// about a second for the largest quiz the format allows.
    Proof,
    /// A search bounded to [`crate::reach::READER_FRONTIER_LIMIT`] totals per question, for
    /// a reader's page: it still catches the usual mistake (an outcome no choice weighs)
    /// and gives a quiz it cannot decide in that bound the benefit of the doubt, so a large
    /// quiz never freezes a reader's page. Authors get the proof from their tools.
    Bounded,
}

/// Parses and validates a quiz file, with the exact reachability proof.
pub fn parse_quiz(text: &str) -> Result<Quiz, Vec<Problem>> {
    parse_quiz_with(text, Reachability::Proof)
}

/// Parses and validates a quiz file, looking for unreachable outcomes as `reachability` says.
pub fn parse_quiz_with(text: &str, reachability: Reachability) -> Result<Quiz, Vec<Problem>> {
    check_quiz_text(text, reachability).quiz
}

/// Validates an already parsed JSON value as a quiz.
pub fn validate_value(value: &Value, reachability: Reachability) -> Result<Quiz, Vec<Problem>> {
    check_value(value, reachability).quiz
}

/// What validating a quiz file found: the quiz or every problem, and the checks that could
/// not run yet because of those problems.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    /// The quiz, or every problem found.
    pub quiz: Result<Quiz, Vec<Problem>>,
    /// Whether an outcome can be a result could not be checked yet: for each outcome not
    /// checked (or for the whole `outcomes` list), why, naming the problems to fix first.
    /// Empty when the check ran for every outcome. Not problems themselves: notes that more
    /// may show once the problems are fixed.
    pub not_checked: Vec<Problem>,
}

/// Parses and validates a quiz file, with what could not be checked yet (see [`Checked`]).
pub fn check_quiz_text(text: &str, reachability: Reachability) -> Checked {
    match json::parse(text) {
        Ok(value) => check_value(&value, reachability),
        Err(error) => Checked {
            quiz: Err(vec![Problem {
                path: format!("line {}, column {}", error.line, error.column),
                message: error.message,
            }]),
            not_checked: Vec::new(),
        },
    }
}

/// Validates an already parsed JSON value as a quiz, with what could not be checked yet.
pub fn check_value(value: &Value, reachability: Reachability) -> Checked {
    let mut checker = Checker::new();
    let quiz = checker.quiz(value);
    let not_checked = checker.reachability(&quiz, reachability);
    Checked {
        quiz: match checker.problems.is_empty() {
            true => Ok(quiz),
            false => Err(checker.problems),
        },
        not_checked,
    }
}

/// The problem of an outcome no combination of answers makes a result, in the words of the
/// quiz's own rules: its version's evidence rule, and "within reach of the reader's stage"
/// only in a quiz that asks the stage.
fn unreachable_message(quiz: &Quiz, outcome_id: &str) -> String {
    let evidence = match crate::scoring::min_evidence(quiz) {
        1 => String::new(),
        answers => format!(" from at least {answers} answers"),
    };
    let rule = match quiz.stage_question() {
        Some(_) => "that is the highest within reach of the reader's stage",
        None => "that comes out on top",
    };
    format!(
        "no combination of answers makes \"{outcome_id}\" a reader's result (a score of at least {}{evidence} {rule}); give it more weight in some choices",
        crate::scoring::MIN_GAP_SCORE
    )
}

/// "a", "a (and 2 more)": the first path of a list, and how many others.
fn first_and_more(paths: &[String]) -> String {
    match paths {
        [] => String::new(),
        [only] => only.clone(),
        [first, rest @ ..] => format!("{first} (and {} more)", rest.len()),
    }
}

/// `parent.key`, or `key` at the top level.
fn field_path(parent: &str, key: &str) -> String {
    match parent.is_empty() {
        true => key.to_string(),
        false => format!("{parent}.{key}"),
    }
}

/// Walks a document, collecting problems. Also used for an overrides file
/// ([`crate::overrides`]), whose fields follow the quiz format's rules.
pub(crate) struct Checker {
    pub(crate) problems: Vec<Problem>,
    /// The file's format version, once read (the newest when it could not be).
    version: u32,
    /// The paths of problems in what a result is made of, which keep the reachability check
    /// from running at all.
    blocks_reach: Vec<String>,
    /// Bad weights, by outcome index and path: the reachability check does not judge those
    /// outcomes.
    blocks_outcome: Vec<(usize, String)>,
}

/// What a question says about who sees it and how its choices are ordered, read before
/// the stage question is known: checked by [`Checker::stage_aware`] once every question is.
#[derive(Default)]
struct QuestionExtras<'a> {
    /// The `"stages"` list, if present: its items and path.
    stages: Option<(&'a [Value], String)>,
    /// The question's own `"shuffle"`, if present, and its path.
    shuffle: Option<(bool, String)>,
}

/// An object being read: its path and members.
pub(crate) struct Object<'a> {
    pub(crate) path: String,
    pub(crate) members: &'a [(String, Value)],
}

impl<'a> Object<'a> {
    pub(crate) fn get(&self, key: &str) -> Option<&'a Value> {
        self.members.iter().find(|(member, _)| member == key).map(|(_, value)| value)
    }

    pub(crate) fn path(&self, key: &str) -> String {
        field_path(&self.path, key)
    }
}

impl Checker {
    pub(crate) fn new() -> Checker {
        Checker { problems: Vec::new(), version: FORMAT_VERSION, blocks_reach: Vec::new(), blocks_outcome: Vec::new() }
    }

    pub(crate) fn report(&mut self, path: &str, message: impl Into<String>) {
        self.problems.push(Problem { path: path.to_string(), message: message.into() });
    }

    /// Runs `check`, marking every problem it reports as one in what a result is made of
    /// (see the module's doc): the reachability check will not run.
    fn bearing_on_results<T>(&mut self, check: impl FnOnce(&mut Checker) -> T) -> T {
        let before = self.problems.len();
        let out = check(self);
        let paths: Vec<String> = self.problems[before..].iter().map(|problem| problem.path.clone()).collect();
        self.blocks_reach.extend(paths);
        out
    }

    /// Reports every outcome no answers can make a result, on the quiz as read, unless
    /// problems in what results are made of keep it from being judged; returns what was not
    /// checked, and why.
    fn reachability(&mut self, quiz: &Quiz, reachability: Reachability) -> Vec<Problem> {
        if !self.blocks_reach.is_empty() {
            return vec![Problem {
                path: "outcomes".into(),
                message: format!(
                    "whether each outcome can be a result is checked once the problems at {} are fixed: they change what a result is made of",
                    first_and_more(&self.blocks_reach)
                ),
            }];
        }
        let limit = match reachability {
            Reachability::Proof => crate::reach::FRONTIER_LIMIT,
            Reachability::Bounded => crate::reach::READER_FRONTIER_LIMIT,
        };
        let unreachable = crate::reach::unreachable_outcomes(quiz, limit);
        let mut not_checked = Vec::new();
        for (outcome_idx, outcome) in quiz.outcomes.iter().enumerate() {
            let blocking: Vec<String> = self
                .blocks_outcome
                .iter()
                .filter(|(blocked_idx, _)| *blocked_idx == outcome_idx)
                .map(|(_, path)| path.clone())
                .collect();
            let path = format!("outcomes[{outcome_idx}]");
            if !blocking.is_empty() {
                not_checked.push(Problem {
                    path,
                    message: format!(
                        "whether \"{}\" can be a result is checked once the problems at {} are fixed",
                        outcome.id,
                        first_and_more(&blocking)
                    ),
                });
            } else if unreachable.contains(&outcome_idx) {
                self.report(&path, unreachable_message(quiz, &outcome.id));
            }
        }
        not_checked
    }

    /// Reads `value` as an object with only `known` keys, each at most once.
    pub(crate) fn object<'a>(&mut self, value: &'a Value, path: &str, known: &[&str]) -> Option<Object<'a>> {
        let Value::Object(members) = value else {
            self.report(path, format!("expected an object, found {}", value.kind()));
            return None;
        };
        for (member_idx, (key, _)) in members.iter().enumerate() {
            let key_path = field_path(path, key);
            if members[..member_idx].iter().any(|(earlier, _)| earlier == key) {
                self.report(&key_path, "appears twice; keep one");
            } else if !known.contains(&key.as_str()) {
                let message = match suggest(key, known) {
                    Some(near) => format!("unknown field; did you mean \"{near}\"?"),
                    None => format!("unknown field; this object can have {}", list_keys(known)),
                };
                self.report(&key_path, message);
            }
        }
        Some(Object { path: path.to_string(), members })
    }

    /// A required, non-empty text of at most `max` characters.
    fn text(&mut self, object: &Object, key: &str, max: usize) -> String {
        match object.get(key) {
            Some(value) => self.text_value(value, &object.path(key), max),
            None => {
                self.report(&object.path(key), "is missing");
                String::new()
            }
        }
    }

    /// An optional text; present means non-empty and within `max`.
    fn optional_text(&mut self, object: &Object, key: &str, max: usize) -> Option<String> {
        let value = object.get(key)?;
        Some(self.text_value(value, &object.path(key), max))
    }

    pub(crate) fn text_value(&mut self, value: &Value, path: &str, max: usize) -> String {
        let Value::String(text) = value else {
            self.report(path, format!("expected text in double quotes, found {}", value.kind()));
            return String::new();
        };
        let n_chars = text.chars().count();
        if text.trim().is_empty() {
            self.report(path, "must not be empty");
        } else if n_chars > max {
            self.report(path, format!("is {n_chars} characters long; the limit is {max}"));
        }
        text.clone()
    }

    /// A required id: 1 to 64 letters, digits, `-` or `_` (ids go into saved progress and links).
    fn id(&mut self, object: &Object, key: &str) -> String {
        let path = object.path(key);
        let Some(value) = object.get(key) else {
            self.report(&path, "is missing");
            return String::new();
        };
        let Value::String(id) = value else {
            self.report(&path, format!("expected an id in double quotes, found {}", value.kind()));
            return String::new();
        };
        if !is_id(id) {
            self.report(&path, format!("\"{id}\" is not a valid id: use 1 to {} letters, digits, - or _", limits::ID));
        }
        id.clone()
    }

    /// A required list with `min..=max` items.
    pub(crate) fn list<'a>(&mut self, object: &Object<'a>, key: &str, min: usize, max: usize) -> &'a [Value] {
        let path = object.path(key);
        match object.get(key) {
            None => {
                self.report(&path, "is missing");
                &[]
            }
            Some(Value::Array(items)) => {
                self.check_count(&path, items.len(), min, max);
                items
            }
            Some(other) => {
                self.report(&path, format!("expected a list in [ ], found {}", other.kind()));
                &[]
            }
        }
    }

    /// An optional list with at most `max` items.
    fn optional_list<'a>(&mut self, object: &Object<'a>, key: &str, max: usize) -> &'a [Value] {
        match object.get(key) {
            None => &[],
            Some(_) => self.list(object, key, 0, max),
        }
    }

    fn check_count(&mut self, path: &str, count: usize, min: usize, max: usize) {
        if count < min {
            let noun = if min == 1 { "item" } else { "items" };
            self.report(path, format!("has {count}; it needs at least {min} {noun}"));
        } else if count > max {
            self.report(path, format!("has {count} items; the limit is {max}"));
        }
    }

    fn quiz(&mut self, value: &Value) -> Quiz {
        let mut quiz = Quiz {
            version: FORMAT_VERSION,
            id: String::new(),
            title: String::new(),
            intro: String::new(),
            locale: "en".to_string(),
            dir: Direction::Ltr,
            ordered: false,
            outcomes: Vec::new(),
            questions: Vec::new(),
            shuffle: false,
            ui: Ui::default(),
            comments: None,
        };
        let Some(root) = self.object(value, "", keys::QUIZ) else {
            self.blocks_reach.push("(the whole file)".into());
            return quiz;
        };
        quiz.version = self.bearing_on_results(|checker| checker.version(&root));
        self.version = quiz.version;
        quiz.id = self.id(&root, "id");
        quiz.title = self.text(&root, "title", text_limits::TITLE);
        quiz.intro = self.text(&root, "intro", text_limits::INTRO);
        if let Some(locale) = root.get("locale") {
            quiz.locale = self.locale(locale, &root.path("locale"));
        }
        if let Some(dir) = root.get("dir") {
            quiz.dir = self.direction(dir, &root.path("dir"));
        }
        let ordered = root
            .get("ordered")
            .map(|ordered| self.bearing_on_results(|checker| checker.flag(ordered, &root.path("ordered"))));
        if let Some(shuffle) = root.get("shuffle") {
            quiz.shuffle = self.flag(shuffle, &root.path("shuffle"));
            self.needs_version_2(&root.path("shuffle"));
        }
        let outcomes =
            self.bearing_on_results(|checker| checker.list(&root, "outcomes", limits::MIN_OUTCOMES, limits::OUTCOMES));
        quiz.outcomes = outcomes
            .iter()
            .enumerate()
            .map(|(outcome_idx, outcome)| self.outcome(outcome, &format!("outcomes[{outcome_idx}]")))
            .collect();
        self.bearing_on_results(|checker| {
            checker.unique_ids("outcomes", quiz.outcomes.iter().map(|outcome| outcome.id.as_str()))
        });
        // References to outcomes are only checked when the outcome list could be read;
        // otherwise every weight would repeat the one real problem.
        let outcome_ids: Vec<&str> = quiz.outcomes.iter().map(|outcome| outcome.id.as_str()).collect();
        let outcome_ids = matches!(root.get("outcomes"), Some(Value::Array(_))).then_some(outcome_ids.as_slice());

        let questions = self.bearing_on_results(|checker| checker.list(&root, "questions", 1, limits::QUESTIONS));
        let (questions, extras): (Vec<Question>, Vec<QuestionExtras>) = questions
            .iter()
            .enumerate()
            .map(|(question_idx, question)| self.question(question, &format!("questions[{question_idx}]"), outcome_ids))
            .unzip();
        quiz.questions = questions;
        self.unique_ids("questions", quiz.questions.iter().map(|question| question.id.as_str()));
        // Version 1 files were written before "ordered" existed: a stage or hardest question
        // made a quiz ordered by itself, and still does there. Version 2 says so explicitly.
        let places_outcomes = quiz.questions.iter().any(|question| question.role != Role::Scored);
        quiz.ordered = ordered.unwrap_or(quiz.version == 1 && places_outcomes);
        self.bearing_on_results(|checker| {
            checker.roles(&quiz.questions, quiz.ordered);
            checker.stage_aware(&mut quiz.questions, &extras, quiz.shuffle);
        });
        if let Some(ui) = root.get("ui") {
            quiz.ui = self.ui(ui, Ui::default());
        }
        if let Some(comments) = root.get("comments") {
            quiz.comments = self.comments(comments);
        }
        quiz
    }

    /// The format version, 1 or 2; the newest when it is missing or wrong (reported).
    fn version(&mut self, root: &Object) -> u32 {
        let supported = OLDEST_FORMAT_VERSION..=FORMAT_VERSION;
        match root.get("version") {
            None => self.report("version", format!("is missing; add \"version\": {FORMAT_VERSION}")),
            Some(Value::Number(number)) => match number.parse::<u32>() {
                Ok(version) if supported.contains(&version) && *number == version.to_string() => return version,
                _ => self.report(
                    "version",
                    format!(
                        "must be the number {OLDEST_FORMAT_VERSION} or {FORMAT_VERSION}, found the number {number}"
                    ),
                ),
            },
            Some(other) => self.report(
                "version",
                format!("must be the number {OLDEST_FORMAT_VERSION} or {FORMAT_VERSION}, found {}", other.describe()),
            ),
        }
        FORMAT_VERSION
    }

    /// Reports a field of format version 2 in a version 1 file.
    fn needs_version_2(&mut self, path: &str) {
        if self.version < 2 {
            self.report(path, NEEDS_VERSION_2);
        }
    }

    fn locale(&mut self, value: &Value, path: &str) -> String {
        let locale = self.text_value(value, path, text_limits::LOCALE);
        let well_formed =
            locale.split('-').all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphanumeric()));
        if !locale.is_empty() && !well_formed {
            self.report(path, format!("\"{locale}\" is not a language tag such as \"en\" or \"pt-BR\""));
        }
        locale
    }

    fn flag(&mut self, value: &Value, path: &str) -> bool {
        match value {
            Value::Bool(flag) => *flag,
            other => {
                self.report(path, format!("must be true or false, found {}", other.describe()));
                false
            }
        }
    }

    fn direction(&mut self, value: &Value, path: &str) -> Direction {
        match value {
            Value::String(dir) if dir == "ltr" => Direction::Ltr,
            Value::String(dir) if dir == "rtl" => Direction::Rtl,
            other => {
                let found = match other {
                    Value::String(dir) => format!("\"{dir}\""),
                    other => other.kind().to_string(),
                };
                self.report(path, format!("must be \"ltr\" or \"rtl\", found {found}"));
                Direction::Ltr
            }
        }
    }

    fn outcome(&mut self, value: &Value, path: &str) -> Outcome {
        let mut outcome = Outcome {
            id: String::new(),
            label: String::new(),
            short: String::new(),
            shift: String::new(),
            summary: String::new(),
            actions: Vec::new(),
            links: Vec::new(),
            cta: None,
        };
        let Some(object) = self.object(value, path, keys::OUTCOME) else {
            self.blocks_reach.push(path.to_string());
            return outcome;
        };
        outcome.id = self.bearing_on_results(|checker| checker.id(&object, "id"));
        outcome.label = self.text(&object, "label", text_limits::LABEL);
        outcome.short =
            self.optional_text(&object, "short", text_limits::SHORT).unwrap_or_else(|| outcome.label.clone());
        outcome.shift = self.text(&object, "shift", text_limits::SHIFT);
        outcome.summary = self.text(&object, "summary", text_limits::SUMMARY);
        let actions = self.list(&object, "actions", 1, limits::ACTIONS);
        outcome.actions = actions
            .iter()
            .enumerate()
            .map(|(action_idx, action)| {
                self.text_value(action, &format!("{}[{action_idx}]", object.path("actions")), text_limits::ACTION)
            })
            .collect();
        let links = self.optional_list(&object, "links", limits::LINKS);
        outcome.links = links
            .iter()
            .enumerate()
            .map(|(link_idx, link)| self.link(link, &format!("{}[{link_idx}]", object.path("links"))))
            .collect();
        if let Some(cta) = object.get("cta") {
            outcome.cta = self.cta(cta, &object.path("cta"));
        }
        outcome
    }

    /// A call to action: text and URL, each of which may use `{outcome}` and nothing else.
    pub(crate) fn cta(&mut self, value: &Value, path: &str) -> Option<CallToAction> {
        let object = self.object(value, path, keys::CTA)?;
        let cta = CallToAction {
            text: self.text(&object, "text", text_limits::CTA),
            url: self.text(&object, "url", limits::URL),
        };
        for (key, text) in [("text", &cta.text), ("url", &cta.url)] {
            for placeholder in crate::text::placeholders(text).filter(|name| *name != "outcome") {
                self.report(
                    &object.path(key),
                    format!("unknown placeholder {{{placeholder}}}; a call to action can use {{outcome}}"),
                );
            }
        }
        if let Err(message) = check_url(&cta.url.replace("{outcome}", "x")) {
            self.report(&object.path("url"), message);
        }
        Some(cta)
    }

    pub(crate) fn link(&mut self, value: &Value, path: &str) -> Link {
        let mut link = Link { title: String::new(), url: String::new(), kind: None };
        let Some(object) = self.object(value, path, keys::LINK) else {
            return link;
        };
        link.title = self.text(&object, "title", text_limits::LINK_TITLE);
        link.url = self.text(&object, "url", limits::URL);
        if let Err(message) = check_url(&link.url) {
            self.report(&object.path("url"), message);
        }
        link.kind = self.optional_text(&object, "kind", text_limits::KIND);
        link
    }

    fn question<'a>(
        &mut self,
        value: &'a Value,
        path: &str,
        outcome_ids: Option<&[&str]>,
    ) -> (Question, QuestionExtras<'a>) {
        let mut question = Question {
            id: String::new(),
            prompt: String::new(),
            help: None,
            role: Role::Scored,
            choices: Vec::new(),
            shown_to: None,
            shuffle: false,
        };
        let mut extras = QuestionExtras::default();
        let Some(object) = self.object(value, path, keys::QUESTION) else {
            self.blocks_reach.push(path.to_string());
            return (question, extras);
        };
        question.id = self.id(&object, "id");
        question.prompt = self.text(&object, "prompt", text_limits::PROMPT);
        question.help = self.optional_text(&object, "help", text_limits::HELP);
        if let Some(role) = object.get("role") {
            question.role = self.bearing_on_results(|checker| checker.role(role, &object.path("role")));
        }
        if object.get("stages").is_some() {
            let stages_path = object.path("stages");
            let stages = self.bearing_on_results(|checker| {
                checker.needs_version_2(&stages_path);
                checker.list(&object, "stages", 1, limits::CHOICES)
            });
            extras.stages = Some((stages, stages_path));
        }
        if let Some(shuffle) = object.get("shuffle") {
            let shuffle_path = object.path("shuffle");
            self.needs_version_2(&shuffle_path);
            extras.shuffle = Some((self.flag(shuffle, &shuffle_path), shuffle_path));
        }
        let choices =
            self.bearing_on_results(|checker| checker.list(&object, "choices", limits::MIN_CHOICES, limits::CHOICES));
        question.choices = choices
            .iter()
            .enumerate()
            .map(|(choice_idx, choice)| {
                self.choice(choice, &format!("{}[{choice_idx}]", object.path("choices")), question.role, outcome_ids)
            })
            .collect();
        self.unique_ids(&object.path("choices"), question.choices.iter().map(|choice| choice.id.as_str()));
        let carries_weight = question.choices.iter().any(|choice| choice.weights.iter().any(|&weight| weight > 0));
        if question.role == Role::Scored && outcome_ids.is_some() && !question.choices.is_empty() && !carries_weight {
            self.report(path, "no choice gives any outcome a weight, so this question cannot change the result");
        }
        (question, extras)
    }

    fn role(&mut self, value: &Value, path: &str) -> Role {
        match value {
            Value::String(role) if role == "scored" => Role::Scored,
            Value::String(role) if role == "stage" => Role::Stage,
            Value::String(role) if role == "hardest" => Role::Hardest,
            other => {
                let found = match other {
                    Value::String(role) => format!("\"{role}\""),
                    other => other.kind().to_string(),
                };
                self.report(
                    path,
                    format!("unknown role {found}; use \"stage\", \"hardest\" or \"scored\" (the default)"),
                );
                Role::Scored
            }
        }
    }

    fn choice(&mut self, value: &Value, path: &str, role: Role, outcome_ids: Option<&[&str]>) -> Choice {
        let n_outcomes = outcome_ids.map_or(0, <[&str]>::len);
        let mut choice = Choice { id: String::new(), text: String::new(), weights: vec![0; n_outcomes], outcome: None };
        let Some(object) = self.object(value, path, keys::CHOICE) else {
            self.blocks_reach.push(path.to_string());
            return choice;
        };
        choice.id = self.id(&object, "id");
        choice.text = self.text(&object, "text", text_limits::CHOICE);
        if let Some(weights) = object.get("weights") {
            self.weights(weights, &object.path("weights"), outcome_ids, &mut choice.weights);
        }
        let outcome_path = object.path("outcome");
        let before = self.problems.len();
        match (role, object.get("outcome")) {
            (Role::Scored, None) => {}
            (Role::Scored, Some(_)) => self
                .report(&outcome_path, "only choices of a stage or hardest question name an outcome; use weights here"),
            (Role::Stage | Role::Hardest, None) => self.report(
                &outcome_path,
                "is missing: each choice of a stage or hardest question names an outcome id, or null for one that names none",
            ),
            // "None of these" or "I would rather not say": the reader gives no stage or hardest.
            (Role::Stage | Role::Hardest, Some(Value::Null)) => {}
            (Role::Stage | Role::Hardest, Some(Value::String(id))) => {
                let Some(outcome_ids) = outcome_ids else {
                    return choice;
                };
                choice.outcome = outcome_ids.iter().position(|outcome_id| outcome_id == id);
                if choice.outcome.is_none() {
                    self.report(&outcome_path, format!("unknown outcome \"{id}\"{}", known_outcomes(outcome_ids)));
                }
            }
            (Role::Stage | Role::Hardest, Some(other)) => {
                self.report(&outcome_path, format!("expected an outcome id in double quotes, or null, found {}", other.kind()))
            }
        }
        // Where a stage or hardest choice points is part of what a result is made of; a
        // scored choice's stray "outcome" is not.
        if role != Role::Scored && self.problems.len() > before {
            self.blocks_reach.push(outcome_path);
        }
        choice
    }

    fn weights(&mut self, value: &Value, path: &str, outcome_ids: Option<&[&str]>, weights: &mut [u32]) {
        let Value::Object(members) = value else {
            self.report(path, format!("expected an object of outcome ids and numbers, found {}", value.kind()));
            self.blocks_reach.push(path.to_string());
            return;
        };
        let Some(outcome_ids) = outcome_ids else {
            return;
        };
        for (member_idx, (id, weight)) in members.iter().enumerate() {
            let weight_path = format!("{path}.{id}");
            let Some(outcome_idx) = outcome_ids.iter().position(|outcome_id| outcome_id == id) else {
                self.report(path, format!("unknown outcome \"{id}\"{}", known_outcomes(outcome_ids)));
                // Meant for some outcome, none can say which: no outcome is judged.
                self.blocks_reach.push(path.to_string());
                continue;
            };
            if members[..member_idx].iter().any(|(earlier, _)| earlier == id) {
                self.report(&weight_path, "appears twice; keep one");
                self.blocks_outcome.push((outcome_idx, weight_path));
                continue;
            }
            match weight {
                Value::Number(number) => match number.parse::<u32>() {
                    Ok(weight) if weight <= limits::WEIGHT => weights[outcome_idx] = weight,
                    _ => {
                        self.report(
                            &weight_path,
                            format!("expected a whole number from 0 to {}, found {number}", limits::WEIGHT),
                        );
                        self.blocks_outcome.push((outcome_idx, weight_path));
                    }
                },
                other => {
                    self.report(
                        &weight_path,
                        format!("expected a whole number from 0 to {}, found {}", limits::WEIGHT, other.kind()),
                    );
                    self.blocks_outcome.push((outcome_idx, weight_path));
                }
            }
        }
    }

    /// At most one stage and one hardest question, and only in a quiz whose outcomes are
    /// ordered steps: both place outcomes before or after one another (where the reader is
    /// now, an earlier or later step than the one they named), which means nothing otherwise.
    fn roles(&mut self, questions: &[Question], ordered: bool) {
        for role in [Role::Stage, Role::Hardest] {
            let mut with_role = questions.iter().enumerate().filter(|(_, question)| question.role == role);
            let Some((first_idx, _)) = with_role.next() else {
                continue;
            };
            let name = if role == Role::Stage { "stage" } else { "hardest" };
            if !ordered {
                self.report(
                    &format!("questions[{first_idx}].role"),
                    format!(
                        "a {name} question needs outcomes that are ordered steps; add \"ordered\": true to the quiz, or remove the role"
                    ),
                );
            }
            for (question_idx, _) in with_role {
                self.report(
                    &format!("questions[{question_idx}].role"),
                    format!("only one question can be the {name} question, and questions[{first_idx}] already is"),
                );
            }
        }
        if !questions.is_empty() && questions.iter().all(|question| question.role != Role::Scored) {
            self.report("questions", "needs at least one scored question (a question without a role)");
        }
    }

    /// Who sees each question, and whose choices are shuffled. A question's `"stages"` name
    /// choices of the stage question, which must come first (its answer decides); every
    /// stage answer must leave its reader at least one scored question. `"shuffle"` applies
    /// to scored questions only: a stage or hardest question's choices follow the ladder.
    fn stage_aware(&mut self, questions: &mut [Question], extras: &[QuestionExtras], quiz_shuffle: bool) {
        let stage_idx = questions.iter().position(|question| question.role == Role::Stage);
        let stage_ids: Vec<String> = stage_idx
            .map(|stage_idx| questions[stage_idx].choices.iter().map(|choice| choice.id.clone()).collect())
            .unwrap_or_default();
        let problems_before = self.problems.len();
        for (question_idx, extra) in extras.iter().enumerate() {
            let role = questions[question_idx].role;
            match &extra.shuffle {
                Some((_, path)) if role != Role::Scored => self.report(
                    path,
                    "a stage or hardest question is never shuffled: its choices follow the order of the outcomes; remove \"shuffle\"",
                ),
                own => {
                    let own = own.as_ref().map(|(shuffle, _)| *shuffle);
                    questions[question_idx].shuffle = crate::rules::is_shuffled(role == Role::Scored, own, quiz_shuffle);
                }
            }
            let Some((items, path)) = &extra.stages else { continue };
            let Some(stage_idx) = stage_idx else {
                self.report(
                    path,
                    "the quiz has no stage question whose answers could decide who sees this one; add a question with \"role\": \"stage\", or remove \"stages\"",
                );
                continue;
            };
            if question_idx == stage_idx {
                self.report(path, "the stage question itself is shown to every reader; remove \"stages\"");
                continue;
            }
            if question_idx < stage_idx {
                self.report(
                    path,
                    format!(
                        "this question comes before the stage question (questions[{stage_idx}]), whose answer decides who sees it; move it after"
                    ),
                );
                continue;
            }
            let mut shown_to: Vec<usize> = Vec::new();
            for (item_idx, item) in items.iter().enumerate() {
                let item_path = format!("{path}[{item_idx}]");
                let Value::String(id) = item else {
                    self.report(
                        &item_path,
                        format!(
                            "expected a choice id of the stage question in double quotes, found {}",
                            item.describe()
                        ),
                    );
                    continue;
                };
                let Some(choice_idx) = stage_ids.iter().position(|stage_id| stage_id == id) else {
                    let known: Vec<&str> = stage_ids.iter().map(String::as_str).collect();
                    let hint = match suggest(id, &known) {
                        Some(near) => format!("did you mean \"{near}\"?"),
                        None => {
                            let quoted: Vec<String> = known.iter().map(|id| format!("\"{id}\"")).collect();
                            format!("the stage question's choices are {}", join_words(&quoted))
                        }
                    };
                    self.report(&item_path, format!("unknown stage choice \"{id}\"; {hint}"));
                    continue;
                };
                if shown_to.contains(&choice_idx) {
                    self.report(&item_path, format!("\"{id}\" is listed twice; keep one"));
                    continue;
                }
                shown_to.push(choice_idx);
            }
            shown_to.sort_unstable();
            questions[question_idx].shown_to = Some(shown_to);
        }
        // Every stage answer leaves its reader a scored question, or their result would rest
        // on nothing. Only once the lists above are sound and some question is scored, so
        // one mistake is not told twice.
        let sound =
            self.problems.len() == problems_before && questions.iter().any(|question| question.role == Role::Scored);
        let (Some(stage_idx), true) = (stage_idx, sound) else { return };
        for (choice_idx, choice_id) in stage_ids.iter().enumerate() {
            let sees_scored = questions.iter().any(|question| {
                question.role == Role::Scored
                    && question.shown_to.as_ref().is_none_or(|shown_to| shown_to.contains(&choice_idx))
            });
            if !sees_scored {
                self.report(
                    &format!("questions[{stage_idx}].choices[{choice_idx}]"),
                    format!(
                        "a reader who answers \"{choice_id}\" here is shown no scored question; add \"{choice_id}\" to the \"stages\" of a scored question, or show one to every reader"
                    ),
                );
            }
        }
    }

    fn unique_ids<'a>(&mut self, list_path: &str, ids: impl Iterator<Item = &'a str>) {
        let ids: Vec<&str> = ids.collect();
        for (idx, id) in ids.iter().enumerate() {
            if id.is_empty() {
                continue;
            }
            if let Some(first_idx) = ids[..idx].iter().position(|earlier| earlier == id) {
                self.report(
                    &format!("{list_path}[{idx}].id"),
                    format!("\"{id}\" is already the id of {list_path}[{first_idx}]; ids must be unique"),
                );
            }
        }
    }

    /// The `ui` object's strings, each over the one `ui` has (the defaults, for a quiz).
    pub(crate) fn ui(&mut self, value: &Value, mut ui: Ui) -> Ui {
        let known: Vec<&str> = UI_STRINGS.iter().map(|entry| entry.key).collect();
        let Some(object) = self.object(value, "ui", &known) else {
            return ui;
        };
        for entry in UI_STRINGS {
            let Some(text) = object.get(entry.key) else {
                continue;
            };
            let path = object.path(entry.key);
            let text = self.text_value(text, &path, text_limits::UI);
            for placeholder in crate::text::placeholders(&text) {
                if !entry.placeholders.contains(&placeholder) {
                    let allowed = match entry.placeholders {
                        [] => "this text has no placeholders".to_string(),
                        allowed => format!(
                            "this text can use {}",
                            join_words(&allowed.iter().map(|name| format!("{{{name}}}")).collect::<Vec<_>>())
                        ),
                    };
                    self.report(&path, format!("unknown placeholder {{{placeholder}}}; {allowed}"));
                }
            }
            ui.set(entry.key, text);
        }
        ui
    }

    pub(crate) fn comments(&mut self, value: &Value) -> Option<Comments> {
        let object = self.object(value, "comments", keys::COMMENTS)?;
        let selector = self.text(&object, "selector", text_limits::SELECTOR);
        let prompt = self.text(&object, "prompt", text_limits::COMMENTS_PROMPT);
        Some(Comments { selector, prompt })
    }
}

/// Accepts `https:` and `http:` URLs and relative ones; rejects every other scheme
/// (`javascript:`, `data:` ...) and anything with spaces or control characters, which
/// browsers strip in ways that can hide a scheme.
pub fn check_url(url: &str) -> Result<(), String> {
    if url.is_empty() {
        return Ok(()); // Reported as empty already.
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("must not contain spaces or control characters (write a space as %20)".to_string());
    }
    let scheme_end = url.find(':');
    let path_start = url.find(['/', '?', '#']);
    let scheme = match (scheme_end, path_start) {
        (Some(colon), Some(slash)) if colon < slash => Some(&url[..colon]),
        (Some(colon), None) => Some(&url[..colon]),
        _ => None,
    };
    match scheme {
        None => Ok(()),
        Some(scheme) if scheme.eq_ignore_ascii_case("https") || scheme.eq_ignore_ascii_case("http") => Ok(()),
        Some(scheme) => Err(format!("\"{scheme}:\" links are not allowed; use an https, http or relative URL")),
    }
}

/// ", expected one of ..." listing the known outcome ids, or nothing when there are none.
fn known_outcomes(outcome_ids: &[&str]) -> String {
    let ids: Vec<String> = outcome_ids.iter().filter(|id| !id.is_empty()).map(|id| format!("\"{id}\"")).collect();
    match ids.is_empty() {
        true => String::new(),
        false => format!("; the outcomes are {}", join_words(&ids)),
    }
}

fn list_keys(keys: &[&str]) -> String {
    join_words(&keys.iter().filter(|key| !key.starts_with('$')).map(|key| format!("\"{key}\"")).collect::<Vec<_>>())
}

/// "a", "a and b", "a, b and c".
pub(crate) fn join_words(words: &[String]) -> String {
    match words {
        [] => String::new(),
        [only] => only.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The known key closest to a misspelt one, if it is close enough to be a typo.
pub(crate) fn suggest<'a>(key: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|candidate| (edit_distance(&key.to_ascii_lowercase(), candidate), *candidate))
        .filter(|(distance, candidate)| *distance <= 2 && *distance < candidate.len())
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// Levenshtein distance between two short strings.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != *cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests;
