//! Where a mounting widget starts: a result shared in the page's address comes first, then
//! the reader's saved progress, else the intro. Pure: the browser edge reads the fragment and
//! the storage entries, calls [`start`], and carries out what it returns (the removals and
//! the console warnings).

use crate::config::HostConfig;
use crate::fingerprint::fingerprint;
use crate::progress::{decode_saved, is_key_of, storage_key};
use crate::quiz::Quiz;
use crate::session::Session;
use crate::share_link::{decode_shared, find_shared, shared_keys};

/// What the browser knows when a widget mounts.
#[derive(Debug, Clone, Default)]
pub struct Surroundings<'a> {
    /// The page address's fragment, percent-decoded (with or without its `#`).
    pub fragment: &'a str,
    /// How many quiz hosts the page has (a shared link for another quiz is only worth a
    /// warning on a page with one).
    pub hosts_on_page: usize,
    /// The storage entries in the widget's namespace, as (key, value).
    pub stored: &'a [(String, String)],
    /// Today, in days since 1970.
    pub today: i64,
    /// A seed for the order of shuffled choices, drawn by the edge for this reader: a
    /// reader who opens a shared result takes the quiz in their own order if they retake
    /// it. Saved progress keeps the seed it was saved with (none before seeds existed).
    pub seed: Option<u32>,
}

/// What a mounting widget shows, and what the edge must do first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Start {
    /// Names the quiz in storage, links and events: the host's key, else the quiz's id.
    pub key: String,
    /// Where progress is saved, when the host saves progress.
    pub storage_key: Option<String>,
    /// Where the reader starts: a shared result or saved progress; `None` for the intro.
    pub initial: Option<Session>,
    /// Whether `initial` is a result someone shared.
    pub shared: bool,
    /// Storage keys to remove: progress for earlier versions of the quiz, and saved data
    /// that could not be used.
    pub remove: Vec<String>,
    /// What to tell the site owner in the console, in order.
    pub warnings: Vec<String>,
}

/// Decides where a widget showing `quiz` on a host configured by `config` starts.
pub fn start(quiz: &Quiz, config: &HostConfig, around: &Surroundings<'_>) -> Start {
    let key = config.key.clone().unwrap_or_else(|| quiz.id.clone());
    let storage_key = config.persist.then(|| storage_key(&key, &fingerprint(quiz)));
    let mut start = Start { key, storage_key, initial: None, shared: false, remove: Vec::new(), warnings: Vec::new() };
    let key = start.key.clone();

    if let Some(token) = find_shared(around.fragment, &key) {
        match decode_shared(quiz, token) {
            Ok(session) => {
                start.initial = Some(Session { seed: around.seed, ..session });
                start.shared = true;
                return start;
            }
            Err(why) => {
                start.warnings.push(format!("ignored the shared result in this page's address: {}", why.describe()))
            }
        }
    }
    if around.hosts_on_page == 1 {
        for other in shared_keys(around.fragment).into_iter().filter(|other| *other != key) {
            start.warnings.push(format!(
                "ignored the shared result in this page's address: it belongs to the quiz \"{other}\", and this page's quiz is \"{key}\""
            ));
        }
    }
    let Some(storage_key) = start.storage_key.clone() else {
        return start;
    };
    for (stale, _) in around.stored.iter().filter(|(other, _)| is_key_of(other, &key) && *other != storage_key) {
        start.warnings.push(format!("removed saved progress for an earlier version of the quiz \"{key}\""));
        start.remove.push(stale.clone());
    }
    if let Some((_, text)) = around.stored.iter().find(|(other, _)| *other == storage_key) {
        match decode_saved(quiz, text, around.today) {
            Ok(session) => start.initial = Some(session),
            Err(why) => {
                start.warnings.push(format!("discarded saved progress for \"{key}\" because {}", why.describe()));
                start.remove.push(storage_key);
            }
        }
    }
    start
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::encode_saved;
    use crate::session::Step;
    use crate::share_link::encode_shared;
    use crate::test_quiz::tiny_quiz;

    const TODAY: i64 = 20_414;
    /// The seed the edge drew for this page's reader.
    const SEED: u32 = 99;

    /// One case: the host's key and persist setting, the page, what it must start with.
    struct Case<'a> {
        name: &'a str,
        key: Option<&'a str>,
        persist: bool,
        fragment: String,
        hosts_on_page: usize,
        stored: Vec<(String, String)>,
        initial: Option<Session>,
        shared: bool,
        remove: Vec<String>,
        warnings: Vec<String>,
    }

    /// A page with one quiz, progress saved, nothing in the address or storage.
    fn base() -> Case<'static> {
        Case {
            name: "",
            key: None,
            persist: true,
            fragment: String::new(),
            hosts_on_page: 1,
            stored: vec![],
            initial: None,
            shared: false,
            remove: vec![],
            warnings: vec![],
        }
    }

    fn check(case: Case<'_>) {
        let quiz = tiny_quiz();
        let config = HostConfig { key: case.key.map(String::from), persist: case.persist, ..HostConfig::default() };
        let around = Surroundings {
            fragment: &case.fragment,
            hosts_on_page: case.hosts_on_page,
            stored: &case.stored,
            today: TODAY,
            seed: Some(SEED),
        };
        let start = start(&quiz, &config, &around);
        assert_eq!(
            (start.initial, start.shared, start.remove, start.warnings),
            (case.initial, case.shared, case.remove, case.warnings),
            "{}",
            case.name
        );
    }

    #[test]
    fn a_shared_link_beats_saved_progress_which_beats_the_intro() {
        let quiz = tiny_quiz();
        let key = storage_key("tiny", &fingerprint(&quiz));
        let midway = Session { step: Step::Question(1), answers: vec![Some(1), None, None], seed: Some(7) };
        let saved = vec![(key.clone(), encode_saved(&quiz, &midway, TODAY))];
        let answers = vec![Some(0), Some(1), Some(1)];
        let link = format!("#/route&transition-quiz:tiny={}", encode_shared(&quiz, &answers));
        // The reader who opens it gets a seed of their own, for a retake.
        let result = Session { step: Step::Result, answers, seed: Some(SEED) };
        check(Case { name: "nothing: the intro", ..base() });
        check(Case { name: "saved progress resumes", stored: saved.clone(), initial: Some(midway.clone()), ..base() });
        let before_seeds = r#"{"v":1,"step":"q1","answers":{"where":"top"},"day":20414}"#;
        check(Case {
            name: "progress saved before seeds resumes in the file's order that reader saw",
            stored: vec![(key.clone(), before_seeds.into())],
            initial: Some(Session { seed: None, ..midway.clone() }),
            ..base()
        });
        check(Case {
            name: "a shared link wins over saved progress, which stays",
            stored: saved.clone(),
            fragment: link.clone(),
            initial: Some(result.clone()),
            shared: true,
            ..base()
        });
        check(Case {
            name: "a shared link opens even where nothing is saved",
            persist: false,
            fragment: link.clone(),
            initial: Some(result),
            shared: true,
            ..base()
        });
        check(Case {
            name: "with persist off, saved progress is not even read",
            persist: false,
            stored: saved.clone(),
            ..base()
        });
        check(Case {
            name: "a broken link is reported and saved progress used instead",
            stored: saved.clone(),
            fragment: "#transition-quiz:tiny=0badf00d.101".into(),
            initial: Some(midway),
            warnings: vec![
                "ignored the shared result in this page's address: it belongs to another version of this quiz".into(),
            ],
            ..base()
        });
    }

    #[test]
    fn stale_and_broken_progress_is_removed_with_a_warning() {
        let quiz = tiny_quiz();
        let key = storage_key("tiny", &fingerprint(&quiz));
        check(Case {
            name: "progress for an earlier version of the quiz, and another quiz's, left alone",
            stored: vec![
                ("transition-quiz:v1:tiny:00000000".into(), "{}".into()),
                ("transition-quiz:v1:other:00000000".into(), "{}".into()),
            ],
            remove: vec!["transition-quiz:v1:tiny:00000000".into()],
            warnings: vec!["removed saved progress for an earlier version of the quiz \"tiny\"".into()],
            ..base()
        });
        check(Case {
            name: "corrupt progress",
            stored: vec![(key.clone(), "not json".into())],
            remove: vec![key.clone()],
            warnings: vec![
                "discarded saved progress for \"tiny\" because it is not readable (line 1, column 1: expected a value (a string, number, object, list, true, false or null))".into(),
            ],
            ..base()
        });
        check(Case {
            name: "a host key of its own names the storage",
            key: Some("mine"),
            stored: vec![(key, "not json".into())],
            ..base()
        });
    }

    #[test]
    fn a_link_for_another_quiz_is_reported_only_on_a_page_with_one_quiz() {
        let warning = "ignored the shared result in this page's address: it belongs to the quiz \"other\", and this page's quiz is \"tiny\"";
        for (hosts_on_page, warnings) in [(1, vec![warning.to_string()]), (2, vec![])] {
            check(Case {
                name: "another quiz's link",
                persist: false,
                fragment: "#transition-quiz:other=abc.1".into(),
                hosts_on_page,
                warnings,
                ..base()
            });
        }
    }
}
