//! The widget's Yew view: one root component holding the session in a reducer.

use std::rc::Rc;

use yew::prelude::*;

use crate::session::{Action, QUESTION, Session};

/// The reducer state: the reader's session.
#[derive(Debug, Default, PartialEq)]
struct State {
    session: Session,
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match self.session.apply(&QUESTION, action) {
            Some(session) => Rc::new(State { session }),
            None => self,
        }
    }
}

/// The whole widget.
#[component]
pub fn Widget() -> Html {
    let state = use_reducer(State::default);
    match state.session {
        Session::Asking => {
            let choices = QUESTION.choices.iter().enumerate().map(|(choice_idx, choice)| {
                let onclick = state.dispatcher().to_callback().reform(move |_| Action::Choose(choice_idx));
                html! {
                    <li key={choice.id}>
                        <button type="button" class="tq-choice" {onclick}>{ choice.text }</button>
                    </li>
                }
            });
            html! {
                <section class="tq-card" aria-labelledby="tq-prompt">
                    <h2 id="tq-prompt" class="tq-prompt">{ QUESTION.prompt }</h2>
                    <ul class="tq-choices" role="list">{ for choices }</ul>
                </section>
            }
        }
        Session::Answered(choice_idx) => {
            let choice = &QUESTION.choices[choice_idx];
            let restart = state.dispatcher().to_callback().reform(|_| Action::Restart);
            html! {
                <section class="tq-card tq-result" data-outcome={choice.id}>
                    <h2 class="tq-prompt">{ "You chose: " }{ choice.text }</h2>
                    <p>
                        <a href={QUESTION.link_url} target="_blank" rel="noopener">
                            { QUESTION.link_title }
                        </a>
                    </p>
                    <button type="button" class="tq-secondary" onclick={restart}>{ "Start over" }</button>
                </section>
            }
        }
    }
}
