//! The scores chart: one row per outcome, its name and figure as text and its bar as a
//! one-rectangle SVG, with the same figures as a list for screen readers.
//!
//! An outcome that none of the reader's questions tested (a stage-aware quiz asks each
//! stage about some outcomes only) shows no bar and says so, instead of a 0 that would
//! claim the reader has nothing to work on there.
//!
//! Only the bar is SVG: text inside a scaled SVG grows and shrinks with the container's
//! width, so labels and figures are HTML at the widget's own text size at any width. The
//! bar's length is an SVG attribute rather than an inline style, which a strict
//! Content-Security-Policy (no `unsafe-inline` styles) would block.

use std::rc::Rc;

use yew::prelude::*;

use quiz_core::quiz::Quiz;
use quiz_core::scoring::Diagnosis;
use quiz_core::text::fill;

/// Props of [`ScoreChart`].
#[derive(Properties, PartialEq)]
pub struct ScoreChartProps {
    /// The quiz.
    pub quiz: Rc<Quiz>,
    /// What the answers show: the scores, which outcomes were tested, and the gap, drawn in
    /// the gap colour.
    pub diagnosis: Rc<Diagnosis>,
    /// Whether the result is someone else's, opened from a shared link.
    #[prop_or_default]
    pub shared: bool,
}

/// The chart of all gap scores.
#[component]
pub fn ScoreChart(props: &ScoreChartProps) -> Html {
    let quiz = &props.quiz;
    let diagnosis = &props.diagnosis;
    let rows = quiz.outcomes.iter().enumerate().map(|(outcome_idx, outcome)| {
        let score = diagnosis.scores[outcome_idx];
        let tested = diagnosis.tested[outcome_idx] > 0;
        let class = classes!(
            "tq-bar",
            (diagnosis.gap == Some(outcome_idx)).then_some("tq-bar-gap"),
            (!tested).then_some("tq-bar-untested")
        );
        html! {
            <li key={outcome.id.clone()} class={class}>
                <span class="tq-bar-label">{ &outcome.short }</span>
                <span class="tq-bar-row">
                    // A 100 × 1 box stretched to the track: the fill is `score` units long. In
                    // right-to-left text the stylesheet mirrors it so bars grow leftwards.
                    <svg class="tq-bar-svg" viewBox="0 0 100 1" preserveAspectRatio="none" focusable="false">
                        <rect class="tq-bar-track" x="0" y="0" width="100" height="1" />
                        if tested {
                            <rect class="tq-bar-fill" x="0" y="0" width={score.to_string()} height="1" />
                        }
                    </svg>
                    <span class="tq-bar-figure">{ if tested { score.to_string() } else { quiz.ui.untested.clone() } }</span>
                </span>
            </li>
        }
    });
    let figures = quiz.outcomes.iter().enumerate().map(|(outcome_idx, outcome)| {
        let text = match diagnosis.tested[outcome_idx] > 0 {
            true => fill(
                &quiz.ui.score_text,
                &[("label", &outcome.short), ("score", &diagnosis.scores[outcome_idx].to_string())],
            ),
            false => {
                let untested = if props.shared { &quiz.ui.shared_score_untested } else { &quiz.ui.score_untested };
                fill(untested, &[("label", &outcome.short)])
            }
        };
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
