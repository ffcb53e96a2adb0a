//! The intro: the quiz's title, its promise, how long it takes, and Start.

use std::rc::Rc;

use yew::prelude::*;

use quiz_core::quiz::Quiz;
use quiz_core::text::fill;

/// Seconds a reader takes per question, on average, for the duration estimate.
const SECONDS_PER_QUESTION: usize = 10;

/// Props of [`Intro`].
#[derive(Properties, PartialEq)]
pub struct IntroProps {
    /// The quiz.
    pub quiz: Rc<Quiz>,
    /// How many questions the reader will be shown (`Quiz::question_count`).
    pub count: usize,
    /// Where the heading goes, so focus can move to it.
    pub heading: NodeRef,
    /// Pressed Start.
    pub on_start: Callback<()>,
}

/// The intro screen.
#[component]
pub fn Intro(props: &IntroProps) -> Html {
    let quiz = &props.quiz;
    let count = props.count;
    let minutes = (count * SECONDS_PER_QUESTION).div_ceil(60).max(1);
    let duration = fill(&quiz.ui.duration, &[("count", &count.to_string()), ("minutes", &minutes.to_string())]);
    let on_start = props.on_start.reform(|_: MouseEvent| ());
    html! {
        <section class="tq-step tq-intro" aria-labelledby="tq-heading">
            <h2 id="tq-heading" class="tq-title" tabindex="-1" ref={props.heading.clone()}>{ &quiz.title }</h2>
            <p class="tq-lead">{ &quiz.intro }</p>
            <p class="tq-meta">{ duration }</p>
            <button type="button" class="tq-primary tq-start" onclick={on_start}>{ &quiz.ui.start }</button>
        </section>
    }
}
