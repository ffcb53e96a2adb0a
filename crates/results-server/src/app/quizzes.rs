//! The quizzes the server accepts: the built-in quiz always, others from their files, each
//! validated with the exact proof the checker runs, with its fingerprint and allowed origins.
//! A quiz left without origins takes any page's results (`"*"`), but its share pages
//! forward nowhere: that is warned about at start-up.

use std::collections::BTreeMap;
use std::sync::Arc;

use quiz_core::default_quiz::{DEFAULT_QUIZ_ID, DEFAULT_QUIZ_JSON};
use quiz_core::fingerprint::fingerprint;
use quiz_core::quiz::Quiz;
use quiz_core::validate::parse_quiz;

use crate::config::Config;

/// One accepted quiz.
#[derive(Debug)]
pub struct Registered {
    /// The quiz, validated.
    pub quiz: Quiz,
    /// Its fingerprint: a completion must carry the same one.
    pub fingerprint: String,
    /// Page origins allowed to send and read; `*` allows any.
    pub origins: Vec<String>,
    /// The most questions a reader is shown (readers of a stage-aware quiz meet their
    /// stage's questions): the steps a stop beacon may name, from 1.
    pub steps: usize,
}

impl Registered {
    /// Whether a request from `origin` (its `Origin` header, if any) may use this quiz.
    /// Requests without an `Origin` header do not come from a page's script and are let in.
    pub fn allows(&self, origin: Option<&str>) -> bool {
        origin.is_none_or(|origin| self.origins.iter().any(|allowed| allowed == "*" || allowed == origin))
    }

    /// Whether share pages may forward to a page on `origin` (`scheme://host[:port]`): only
    /// one the owner listed by name; `"*"` lets no share page forward anywhere.
    pub fn forwards_to(&self, origin: &str) -> bool {
        self.origins.iter().any(|allowed| allowed != "*" && allowed.trim_end_matches('/') == origin)
    }
}

/// Every accepted quiz, by key.
pub type Quizzes = Arc<BTreeMap<String, Registered>>;

/// Reads and validates every configured quiz; any problem stops the server from starting.
pub fn load(config: &Config) -> Result<Quizzes, String> {
    let mut quizzes = BTreeMap::new();
    let builtin_origins = config.quizzes.get(DEFAULT_QUIZ_ID).map(|quiz| quiz.origins.clone());
    for (key, quiz_config) in &config.quizzes {
        if !quiz_core::quiz::is_id(key) {
            return Err(format!("quizzes.{key}: a quiz key is 1 to 64 letters, digits, - or _"));
        }
        let text = match &quiz_config.file {
            Some(file) => {
                std::fs::read_to_string(file).map_err(|error| format!("quizzes.{key}: {}: {error}", file.display()))?
            }
            None if key == DEFAULT_QUIZ_ID => DEFAULT_QUIZ_JSON.to_string(),
            None => return Err(format!("quizzes.{key}: needs a file (only {DEFAULT_QUIZ_ID} is built in)")),
        };
        let quiz = parse_quiz(&text).map_err(|problems| {
            let list: Vec<String> = problems.iter().map(|problem| format!("  {problem}")).collect();
            format!("quizzes.{key}: the quiz has problems:\n{}", list.join("\n"))
        })?;
        quizzes.insert(key.clone(), registered(quiz, quiz_config.origins.clone()));
    }
    if builtin_origins.is_none() {
        let quiz = parse_quiz(DEFAULT_QUIZ_JSON).map_err(|_| "the built-in quiz is invalid".to_string())?;
        quizzes.insert(DEFAULT_QUIZ_ID.to_string(), registered(quiz, Vec::new()));
    }
    for (key, quiz) in quizzes.iter_mut() {
        if quiz.origins.is_empty() {
            quiz.origins.push("*".into());
        }
        if quiz.origins.iter().any(|origin| origin == "*") {
            tracing::warn!(
                quiz = %key,
                "no origins configured (\"*\"): pages on any origin may send results, and share pages forward nowhere until you list the quiz's origins"
            );
        }
    }
    Ok(Arc::new(quizzes))
}

fn registered(quiz: Quiz, origins: Vec<String>) -> Registered {
    let steps = quiz.question_count(&vec![None; quiz.questions.len()]);
    Registered { fingerprint: fingerprint(&quiz), quiz, origins, steps }
}

/// The small quiz the server's tests use (`tests/quizzes/climb.json`), never the built-in one.
#[cfg(test)]
pub fn test_quiz() -> Quiz {
    parse_quiz(include_str!("../../tests/quizzes/climb.json")).expect("the test quiz is valid")
}
