//! The scores chart: one row per outcome, its name and figure as text and its bar as a
//! one-rectangle SVG, with the same figures as a list for screen readers.
//!
//! Only the bar is SVG: text inside a scaled SVG grows and shrinks with the container's
//! width, so labels and figures are HTML at the widget's own text size at any width. The
//! bar's length is an SVG attribute rather than an inline style, which a strict
//! Content-Security-Policy (no `unsafe-inline` styles) would block.

use std::rc::Rc;

use yew::prelude::*;

use quiz_core::quiz::Quiz;
use quiz_core::text::fill;

/// Props of [`ScoreChart`].
#[derive(Properties, PartialEq)]
pub struct ScoreChartProps {
    /// The quiz.
    pub quiz: Rc<Quiz>,
    /// Gap score per outcome.
    pub scores: Rc<Vec<u8>>,
    /// The gap, drawn in the gap colour; `None` when the answers show no clear gap.
    pub gap: Option<usize>,
}

/// The chart of all gap scores.
#[component]
pub fn ScoreChart(props: &ScoreChartProps) -> Html {
    let quiz = &props.quiz;
    let rows = quiz.outcomes.iter().zip(props.scores.iter()).enumerate().map(|(outcome_idx, (outcome, &score))| {
        let class = classes!("tq-bar", (props.gap == Some(outcome_idx)).then_some("tq-bar-gap"));
        html! {
            <li key={outcome.id.clone()} class={class}>
                <span class="tq-bar-label">{ &outcome.short }</span>
                <span class="tq-bar-row">
                    // A 100 × 1 box stretched to the track: the fill is `score` units long. In
                    // right-to-left text the stylesheet mirrors it so bars grow leftwards.
                    <svg class="tq-bar-svg" viewBox="0 0 100 1" preserveAspectRatio="none" focusable="false">
                        <rect class="tq-bar-track" x="0" y="0" width="100" height="1" />
                        <rect class="tq-bar-fill" x="0" y="0" width={score.to_string()} height="1" />
                    </svg>
                    <span class="tq-bar-figure">{ score }</span>
                </span>
            </li>
        }
    });
    let figures = quiz.outcomes.iter().zip(props.scores.iter()).map(|(outcome, score)| {
        let text = fill(&quiz.ui.score_text, &[("label", &outcome.short), ("score", &score.to_string())]);
        html! { <li key={outcome.id.clone()}>{ text }</li> }
    });
    html! {
        // A heading, not a figure's caption: a screen reader reads a caption twice (as the
        // figure's name and as its text), and a heading puts the chart in the result's outline.
        <div class="tq-chart">
            <h3 class="tq-subheading">{ &quiz.ui.scores_heading }</h3>
            <ol class="tq-bars" aria-hidden="true">{ for rows }</ol>
            <ul class="tq-sr-only">{ for figures }</ul>
        </div>
    }
}
