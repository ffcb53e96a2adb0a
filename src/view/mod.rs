//! The widget's Yew view: a root component holding the reader's session in one reducer,
//! and small components for each step that take borrowed data and callbacks. What the page
//! sets for the whole widget (its quiz key, a shared result, the comment section, the
//! results server) comes through a context, [`Page`], not through every component's props.
//!
//! The view does no I/O of its own. Moving focus and scrolling the host page are done
//! through [`crate::page`], the browser edge.

mod chart;
mod ladder;
mod question;
mod readers;
mod result;
mod status;

use std::rc::Rc;

use yew::prelude::*;

use quiz_core::quiz::Quiz;
use quiz_core::scoring::{Diagnosis, diagnose};
use quiz_core::session::{Action, Session, Step};
use quiz_core::text::fill;

pub use chart::ScoreChart;
pub use ladder::Ladder;
pub use question::QuestionStep;
pub use quiz_core::config::Theme;
pub use readers::ReadersPanel;
pub use result::ResultView;
pub use status::{ErrorView, ErrorViewProps, Trouble};

/// The reducer state: the quiz and the reader's session in it.
#[derive(Debug, PartialEq)]
pub struct State {
    /// The quiz being taken.
    pub quiz: Rc<Quiz>,
    /// Where the reader is in it.
    pub session: Session,
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match self.session.apply(&self.quiz, action) {
            Some(session) => Rc::new(State { quiz: self.quiz.clone(), session }),
            None => self,
        }
    }
}

/// What the page sets for the whole widget, given to the view through a context. Without
/// one (a component mounted on its own, as in the component tests), the defaults: the quiz's
/// own id, nothing shared, no comment section, no results server.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page {
    /// Names the quiz in shared links (empty: the quiz's id).
    pub key: AttrValue,
    /// Whether the widget opened on a result someone shared.
    pub shared: bool,
    /// Whether the page has the comment section the quiz invites readers to (looked up
    /// once, when the quiz is ready, not on every render).
    pub comments_on_page: bool,
    /// The results server (`data-results`), for shared links with a preview card.
    pub results_server: Option<AttrValue>,
}

/// The page's settings, from the context.
#[hook]
fn use_page() -> Rc<Page> {
    use_context::<Rc<Page>>().unwrap_or_default()
}

/// Props of [`QuizApp`].
#[derive(Properties, PartialEq)]
pub struct QuizAppProps {
    /// The quiz to run.
    pub quiz: Rc<Quiz>,
    /// The colour theme.
    #[prop_or_default]
    pub theme: Theme,
    /// Where to start (a restored session); `None` starts on the first screen.
    #[prop_or_default]
    pub initial: Option<Session>,
    /// The reader's seed for the order of shuffled choices, for a session started on the
    /// first screen (a restored one has its own); made by the edge. `None` keeps the file's
    /// order.
    #[prop_or_default]
    pub seed: Option<u32>,
    /// How other readers answered, when a results server said.
    #[prop_or_default]
    pub readers: Option<Rc<quiz_core::report::Readers>>,
    /// Told of every change of session, with the session before and after it.
    #[prop_or_default]
    pub on_change: Callback<(Session, Session)>,
}

/// Runs one quiz: the first screen (the intro with the first question), one question per
/// step, and the result.
#[component]
pub fn QuizApp(props: &QuizAppProps) -> Html {
    let state = {
        let quiz = props.quiz.clone();
        let initial = props.initial.clone();
        let seed = props.seed;
        use_reducer(move || State { session: initial.unwrap_or_else(|| Session { seed, ..Session::new(&quiz) }), quiz })
    };
    let heading = use_node_ref();
    let see_result = use_node_ref();
    let dispatch = state.dispatcher().to_callback();

    // Focus follows the reader: to the new step's heading when the step changes, and to
    // "See my result" once the last question is answered. Never on the first render, so
    // a widget never pulls focus away from the page as it loads.
    let previous = use_mut_ref(|| None::<Session>);
    {
        let heading = heading.clone();
        let see_result = see_result.clone();
        let on_change = props.on_change.clone();
        let quiz = state.quiz.clone();
        use_effect_with(state.session.clone(), move |session| {
            let before = previous.replace(Some(session.clone()));
            if let Some(before) = before {
                if before.step != session.step {
                    crate::page::focus(&heading);
                } else if session.is_complete(&quiz) && !before.is_complete(&quiz) {
                    crate::page::focus(&see_result);
                }
                on_change.emit((before, session.clone()));
            }
        });
    }

    // The diagnosis, worked out once per set of answers on the result step: the result view
    // shows it, and the live region names its kind.
    let diagnosis = {
        let quiz = state.quiz.clone();
        let answers = (state.session.step == Step::Result).then(|| state.session.answers.clone());
        use_memo(answers, move |answers| answers.as_ref().map(|answers| Rc::new(diagnose(&quiz, answers))))
    };
    let diagnosis: &Option<Rc<Diagnosis>> = &diagnosis;

    #[cfg(feature = "test-hooks")]
    if crate::test_hooks::panic_requested() {
        panic!("a panic requested for testing");
    }
    let page = use_page();
    let quiz = &state.quiz;
    let session = &state.session;
    // A result someone shared, until the reader does anything (Take the quiz).
    let shared = page.shared && props.initial.as_ref() == Some(session);
    // "Question N of M", counting only the questions this reader is shown (quiz_core's rule).
    let total = quiz.question_count(&session.answers);
    let announcement = match session.step.question() {
        // Only where the reader is: focus moves to the prompt's heading, which reads the prompt.
        Some(question_idx) => {
            let current = quiz.question_number(question_idx, &session.answers).to_string();
            fill(&quiz.ui.step_announcement, &[("current", &current), ("total", &total.to_string())])
        }
        // The result's small heading, as the screen shows it: never the gap's heading when the
        // answers show no clear gap, nor "your" result when it is someone else's.
        None => {
            let clear_gap = diagnosis.as_ref().is_some_and(|diagnosis| diagnosis.gap.is_some());
            result::heading(&quiz.ui, clear_gap, shared).to_string()
        }
    };
    let body = match session.step.question() {
        Some(question_idx) => html! {
            <QuestionStep
                quiz={quiz.clone()}
                first={session.step == Step::Intro}
                {question_idx}
                number={quiz.question_number(question_idx, &session.answers)}
                {total}
                order={Rc::new(quiz_core::shuffle::order(session.seed, &quiz.questions[question_idx]))}
                answer={session.answers[question_idx]}
                complete={session.is_complete(quiz)}
                heading={heading.clone()}
                see_result_button={see_result.clone()}
                on_action={dispatch.clone()}
            />
        },
        None => html! {
            <ResultView
                quiz={quiz.clone()}
                diagnosis={diagnosis.clone().expect("worked out on the result step")}
                answers={Rc::new(session.answers.clone())}
                {shared}
                arriving={props.initial.as_ref() != Some(session)}
                readers={props.readers.clone()}
                heading={heading.clone()}
                on_retake={dispatch.reform(|_| Action::Restart)}
            />
        },
    };
    html! {
        <div class="tq-widget" lang={quiz.locale.clone()} dir={quiz.dir.as_str()} data-theme={props.theme.as_str()}>
            { body }
            <p class="tq-sr-only" aria-live="polite" aria-atomic="true">{ announcement }</p>
        </div>
    }
}
