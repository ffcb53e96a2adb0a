//! "How other readers answered", in the result (with `data-results`): how many took the quiz,
//! how many share this reader's result, and, for each outcome, the share of readers whose
//! answers showed it, as a small chart with the figures as text (in a quiz that asks which
//! step is hardest, beside the share who said it is); and who these readers are. Every
//! heading and sentence is one of the quiz's `ui` strings.
//!
//! The two series of the said-and-shown chart never rest on colour alone, nor on the
//! owner's accent colour: "said" is a thin bar in the text colour, "showed" a full one in
//! the gap colour (styles/widget.css; tests/e2e/charts.spec.mjs measures them).

use std::rc::Rc;

use yew::prelude::*;

use quiz_core::quiz::Quiz;
use quiz_core::report::Readers;
use quiz_core::text::fill;

/// Props of [`ReadersPanel`].
#[derive(Properties, PartialEq)]
pub struct ReadersProps {
    /// The quiz.
    pub quiz: Rc<Quiz>,
    /// What the server's summary says.
    pub readers: Rc<Readers>,
    /// Whether this reader's answers showed a clear gap.
    pub clear_gap: bool,
    /// Whether the result is someone else's, opened from a shared link: then no sentence
    /// compares it with "you".
    #[prop_or_default]
    pub shared: bool,
}

/// One bar of `percent` (0 to 100), drawn like the scores chart's.
fn bar(class: &'static str, percent: u8) -> Html {
    html! {
        <span class={classes!("tq-bar-row", class)}>
            <svg class="tq-bar-svg" viewBox="0 0 100 1" preserveAspectRatio="none" focusable="false">
                <rect class="tq-bar-track" x="0" y="0" width="100" height="1" />
                <rect class="tq-bar-fill" x="0" y="0" width={percent.to_string()} height="1" />
            </svg>
            <span class="tq-bar-figure">{ format!("{percent}%") }</span>
        </span>
    }
}

/// The panel.
#[component]
pub fn ReadersPanel(props: &ReadersProps) -> Html {
    let (quiz, readers) = (&props.quiz, &props.readers);
    let ui = &quiz.ui;
    let same = readers.same.to_string();
    let rows = quiz.outcomes.iter().enumerate().map(|(outcome_idx, outcome)| {
        let said = readers.said.as_ref().map(|said| said[outcome_idx]);
        html! {
            <li key={outcome.id.clone()} class="tq-bar">
                <span class="tq-bar-label">{ &outcome.short }</span>
                if let Some(said) = said {
                    { bar("tq-said", said) }
                }
                { bar("tq-shown", readers.shown[outcome_idx]) }
            </li>
        }
    });
    let figures = quiz.outcomes.iter().enumerate().map(|(outcome_idx, outcome)| {
        let shown = readers.shown[outcome_idx].to_string();
        let text = match &readers.said {
            Some(said) => fill(
                &ui.readers_row,
                &[("label", &outcome.short), ("said", &said[outcome_idx].to_string()), ("shown", &shown)],
            ),
            None => fill(&ui.readers_outcome_row, &[("label", &outcome.short), ("percent", &shown)]),
        };
        html! { <li key={outcome.id.clone()}>{ text }</li> }
    });
    html! {
        <section class="tq-readers" aria-labelledby="tq-readers-heading">
            <h3 id="tq-readers-heading" class="tq-subheading">{ &ui.readers_heading }</h3>
            <p class="tq-readers-figures">
                if let Some(count) = readers.completions {
                    { if count == 1 { ui.readers_count_one.clone() } else { fill(&ui.readers_count, &[("count", &count.to_string())]) } }
                    { " " }
                }
                // "The same result as you" means nothing about someone else's result.
                if !props.shared {
                    { if props.clear_gap { fill(&ui.readers_same, &[("percent", &same)]) } else { fill(&ui.readers_same_none, &[("percent", &same)]) } }
                }
            </p>
            // Not a figure: its caption would be read twice (see chart.rs).
            <div class={classes!("tq-chart", "tq-readers-chart", readers.said.is_some().then_some("tq-two-series"))}>
                if readers.said.is_some() {
                    <p class="tq-readers-caption">{ &ui.readers_chart }</p>
                    <p class="tq-legend" aria-hidden="true">
                        <span class="tq-legend-said">{ &ui.readers_said }</span>
                        <span class="tq-legend-shown">{ &ui.readers_shown }</span>
                    </p>
                } else {
                    <p class="tq-readers-caption">{ &ui.readers_outcomes }</p>
                }
                <ol class="tq-bars" aria-hidden="true">{ for rows }</ol>
                <ul class="tq-sr-only">{ for figures }</ul>
            </div>
            <p class="tq-readers-note">{ &ui.readers_note }</p>
        </section>
    }
}
