//! The scores chart: one horizontal bar per outcome in inline SVG, with the same figures
//! as a list for screen readers.

use std::rc::Rc;

use yew::prelude::*;

use crate::quiz::{Direction, Quiz};
use crate::text::fill;

/// Width of the chart's coordinate system; the SVG scales to the widget's width.
const WIDTH: u32 = 300;
/// Height of one row: a label line above a bar.
const ROW: u32 = 44;
/// Where the bars start and how wide a 100 is, leaving room for the figure at the end.
const BAR_START: u32 = 0;
const BAR_FULL: u32 = 260;

/// Props of [`ScoreChart`].
#[derive(Properties, PartialEq)]
pub struct ScoreChartProps {
    /// The quiz.
    pub quiz: Rc<Quiz>,
    /// Gap score per outcome.
    pub scores: Rc<Vec<u8>>,
    /// The likely gap, drawn in the accent colour.
    pub gap: usize,
}

/// The chart of all gap scores.
#[component]
pub fn ScoreChart(props: &ScoreChartProps) -> Html {
    let quiz = &props.quiz;
    let rtl = quiz.dir == Direction::Rtl;
    let height = ROW * quiz.outcomes.len() as u32;
    // In right-to-left text, labels start at the right and bars grow leftwards. With the
    // SVG's direction set to rtl, text-anchor "start" is the right end of each text.
    let start_x = if rtl { WIDTH } else { 0 };
    let rows = quiz.outcomes.iter().zip(props.scores.iter()).enumerate().map(|(outcome_idx, (outcome, &score))| {
        let top = ROW * outcome_idx as u32;
        let length = BAR_FULL * u32::from(score) / 100;
        let bar_x = if rtl { WIDTH - BAR_START - length } else { BAR_START };
        let figure_x = if rtl { bar_x.saturating_sub(6) } else { bar_x + length + 6 };
        let class = classes!("tq-bar", (outcome_idx == props.gap).then_some("tq-bar-gap"));
        html! {
            <g key={outcome.id.clone()} class={class}>
                <text class="tq-bar-label" x={start_x.to_string()} y={(top + 14).to_string()} text-anchor="start">
                    { &outcome.short }
                </text>
                <rect class="tq-bar-track" x={(if rtl { WIDTH - BAR_FULL } else { BAR_START }).to_string()}
                    y={(top + 20).to_string()} width={BAR_FULL.to_string()} height="14" rx="3" />
                <rect class="tq-bar-fill" x={bar_x.to_string()} y={(top + 20).to_string()}
                    width={length.to_string()} height="14" rx="3" />
                <text class="tq-bar-figure" x={figure_x.to_string()} y={(top + 32).to_string()} text-anchor="start">
                    { score }
                </text>
            </g>
        }
    });
    let figures = quiz.outcomes.iter().zip(props.scores.iter()).map(|(outcome, score)| {
        let text = fill(&quiz.ui.score_text, &[("label", &outcome.short), ("score", &score.to_string())]);
        html! { <li key={outcome.id.clone()}>{ text }</li> }
    });
    html! {
        <figure class="tq-chart">
            <figcaption class="tq-subheading">{ &quiz.ui.scores_heading }</figcaption>
            <svg class="tq-chart-svg" viewBox={format!("0 0 {WIDTH} {height}")} role="presentation"
                aria-hidden="true" focusable="false" direction={quiz.dir.as_str()}>
                { for rows }
            </svg>
            <ul class="tq-sr-only">{ for figures }</ul>
        </figure>
    }
}
