//! The ladder, for a quiz whose outcomes are ordered steps (`"ordered": true`): the steps as
//! rungs, lowest at the bottom, marking where the reader is now, where their result is (if the
//! answers show one), and a lean further up. Its accessible name is the quiz's `ladder_label`.

use std::rc::Rc;

use yew::prelude::*;

use quiz_core::quiz::Quiz;

/// Props of [`Ladder`].
#[derive(Properties, PartialEq)]
pub struct LadderProps {
    /// The quiz.
    pub quiz: Rc<Quiz>,
    /// The gap's outcome index; `None` when the answers show no clear gap.
    pub gap: Option<usize>,
    /// A clear lean more than one climb above the stage, marked apart from the gap.
    #[prop_or_default]
    pub further_up: Option<usize>,
    /// The outcome the reader is making now (their stage), if known.
    pub stage: Option<usize>,
    /// Whether the result is someone else's, opened from a shared link: the marks say
    /// "their", not "your".
    #[prop_or_default]
    pub shared: bool,
}

/// The ladder picture. It is an ordered list (lowest rung first) for assistive
/// technology, drawn bottom-up on screen.
#[component]
pub fn Ladder(props: &LadderProps) -> Html {
    let quiz = &props.quiz;
    let ui = &quiz.ui;
    let rungs = quiz.outcomes.iter().enumerate().map(|(outcome_idx, outcome)| {
        let is_gap = props.gap == Some(outcome_idx);
        let is_further_up = props.further_up == Some(outcome_idx);
        let is_stage = props.stage == Some(outcome_idx);
        html! {
            <li key={outcome.id.clone()}
                class={classes!(
                    "tq-rung",
                    is_gap.then_some("tq-rung-gap"),
                    is_stage.then_some("tq-rung-here"),
                    is_further_up.then_some("tq-rung-further"),
                )}>
                <span class="tq-rung-number" aria-hidden="true">{ outcome_idx + 1 }</span>
                <span class="tq-rung-label">{ &outcome.short }</span>
                if is_stage {
                    <span class="tq-badge tq-badge-here">{ if props.shared { &ui.shared_you_are_here } else { &ui.you_are_here } }</span>
                }
                if is_gap {
                    <span class="tq-badge tq-badge-gap">{ if props.shared { &ui.shared_your_gap } else { &ui.your_gap } }</span>
                }
                if is_further_up {
                    <span class="tq-badge tq-badge-further">{ &ui.ladder_further_up }</span>
                }
            </li>
        }
    });
    html! {
        <ol class="tq-ladder" aria-label={ui.ladder_label.clone()}>{ for rungs }</ol>
    }
}
