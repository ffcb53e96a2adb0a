//! "How other readers answered", in the result (with `data-results`): how many took the quiz,
//! how many share this reader's result, and, for each transition, the share of readers who
//! said it is hardest beside the share whose answers showed it, as a small chart with the
//! figures as text; and who these readers are.

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
    let rows = quiz.outcomes.iter().zip(&readers.said_and_shown).map(|(outcome, &(said, shown))| {
        html! {
            <li key={outcome.id.clone()} class="tq-bar">
                <span class="tq-bar-label">{ &outcome.short }</span>
                { bar("tq-said", said) }
                { bar("tq-shown", shown) }
            </li>
        }
    });
    let figures = quiz.outcomes.iter().zip(&readers.said_and_shown).map(|(outcome, &(said, shown))| {
        let text = fill(
            &ui.readers_row,
            &[("label", &outcome.short), ("said", &said.to_string()), ("shown", &shown.to_string())],
        );
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
                { if props.clear_gap { fill(&ui.readers_same, &[("percent", &same)]) } else { fill(&ui.readers_same_none, &[("percent", &same)]) } }
            </p>
            // Not a figure: its caption would be read twice (see chart.rs).
            <div class="tq-chart tq-readers-chart">
                <p class="tq-readers-caption">{ &ui.readers_chart }</p>
                <p class="tq-legend" aria-hidden="true">
                    <span class="tq-legend-said">{ &ui.readers_said }</span>
                    <span class="tq-legend-shown">{ &ui.readers_shown }</span>
                </p>
                <ol class="tq-bars" aria-hidden="true">{ for rows }</ol>
                <ul class="tq-sr-only">{ for figures }</ul>
            </div>
            <p class="tq-readers-note">{ &ui.readers_note }</p>
        </section>
    }
}
