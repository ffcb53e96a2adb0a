//! The widget's Yew view: one root component holding the session in a reducer.

use std::rc::Rc;

use yew::prelude::*;

use crate::default_quiz::default_quiz;
use crate::quiz::Quiz;
use crate::scoring::diagnose;
use crate::session::{Action, Session, Step};

/// The reducer state: the quiz and the reader's session in it.
#[derive(Debug, PartialEq)]
struct State {
    quiz: Rc<Quiz>,
    session: Session,
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match self.session.apply(&self.quiz, action) {
            Some(session) => Rc::new(State {
                quiz: self.quiz.clone(),
                session,
            }),
            None => self,
        }
    }
}

/// The whole widget, on the built-in quiz.
#[component]
pub fn Widget() -> Html {
    match default_quiz() {
        Ok(quiz) => html! { <QuizView quiz={Rc::new(quiz)} /> },
        Err(problems) => html! { <p>{ problems[0].to_string() }</p> },
    }
}

/// Props of [`QuizView`].
#[derive(Properties, PartialEq)]
pub struct QuizProps {
    /// The quiz to run.
    pub quiz: Rc<Quiz>,
}

/// Runs one quiz.
#[component]
pub fn QuizView(props: &QuizProps) -> Html {
    let quiz = props.quiz.clone();
    let state = use_reducer(move || State {
        session: Session::new(&quiz),
        quiz,
    });
    let dispatch = |action: Action| {
        state
            .dispatcher()
            .to_callback()
            .reform(move |_: MouseEvent| action)
    };
    let quiz = &state.quiz;
    match state.session.step {
        Step::Intro => html! {
            <section class="tq-card">
                <h2 class="tq-prompt">{ &quiz.title }</h2>
                <p>{ &quiz.intro }</p>
                <button type="button" class="tq-primary" onclick={dispatch(Action::Start)}>{ &quiz.ui.start }</button>
            </section>
        },
        Step::Question(question_idx) => {
            let question = &quiz.questions[question_idx];
            let choices = question.choices.iter().enumerate().map(|(choice_idx, choice)| {
                html! {
                    <li key={choice.id.clone()}>
                        <button type="button" class="tq-choice"
                            onclick={dispatch(Action::Choose { question_idx, choice_idx })}>{ &choice.text }</button>
                    </li>
                }
            });
            html! {
                <section class="tq-card">
                    <h2 class="tq-prompt">{ &question.prompt }</h2>
                    <ul class="tq-choices" role="list">{ for choices }</ul>
                    <button type="button" class="tq-secondary" onclick={dispatch(Action::Back)}>{ &quiz.ui.back }</button>
                    if state.session.is_complete() {
                        <button type="button" class="tq-primary" onclick={dispatch(Action::ShowResult)}>{ &quiz.ui.see_result }</button>
                    }
                </section>
            }
        }
        Step::Result => {
            let diagnosis = diagnose(quiz, &state.session.answers);
            let outcome = &quiz.outcomes[diagnosis.likely];
            html! {
                <section class="tq-card tq-result" data-outcome={outcome.id.clone()}>
                    <h2 class="tq-prompt">{ &outcome.label }</h2>
                    <p>{ &outcome.shift }</p>
                    <button type="button" class="tq-secondary" onclick={dispatch(Action::Restart)}>{ &quiz.ui.retake }</button>
                </section>
            }
        }
    }
}
