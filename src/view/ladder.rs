//! The ladder: the quiz's transitions as rungs, lowest at the bottom, marking where the
//! reader is now and where their gap is.

use std::rc::Rc;

use yew::prelude::*;

use crate::quiz::Quiz;

/// Props of [`Ladder`].
#[derive(Properties, PartialEq)]
pub struct LadderProps {
    /// The quiz.
    pub quiz: Rc<Quiz>,
    /// The likely gap's outcome index.
    pub gap: usize,
    /// The outcome the reader is making now (their stage), if known.
    pub stage: Option<usize>,
}

/// The ladder picture. It is an ordered list (lowest rung first) for assistive
/// technology, drawn bottom-up on screen.
#[component]
pub fn Ladder(props: &LadderProps) -> Html {
    let quiz = &props.quiz;
    let ui = &quiz.ui;
    let rungs = quiz.outcomes.iter().enumerate().map(|(outcome_idx, outcome)| {
        let is_gap = outcome_idx == props.gap;
        let is_stage = props.stage == Some(outcome_idx);
        html! {
            <li key={outcome.id.clone()}
                class={classes!("tq-rung", is_gap.then_some("tq-rung-gap"), is_stage.then_some("tq-rung-here"))}>
                <span class="tq-rung-number" aria-hidden="true">{ outcome_idx + 1 }</span>
                <span class="tq-rung-label">{ &outcome.short }</span>
                if is_stage {
                    <span class="tq-badge tq-badge-here">{ &ui.you_are_here }</span>
                }
                if is_gap {
                    <span class="tq-badge tq-badge-gap">{ &ui.your_gap }</span>
                }
            </li>
        }
    });
    html! {
        <ol class="tq-ladder" aria-label={ui.ladder_label.clone()}>{ for rungs }</ol>
    }
}
