//! One question: progress, the prompt, its choices as a single-select group (a radio group
//! with one Tab stop and arrow keys, as screen readers announce it), and Back / Next / See
//! my result. The choices are shown in the reader's order (`quiz_core::shuffle`); everything
//! else, answers included, names them by their index in the quiz file.
//!
//! The first question is the first screen: the quiz's title, its promise and how long it
//! takes head it, in place of the progress line and Back, so the reader's first click is an
//! answer. Its prompt is a heading one level down, under the quiz's title.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, Node};
use yew::prelude::*;

use quiz_core::quiz::{Direction, Quiz, minutes};
use quiz_core::session::Action;
use quiz_core::text::fill;

/// Props of [`QuestionStep`].
#[derive(Properties, PartialEq)]
pub struct QuestionProps {
    /// The quiz.
    pub quiz: Rc<Quiz>,
    /// Whether this is the first screen (the first question, under the quiz's intro).
    #[prop_or_default]
    pub first: bool,
    /// Which question to show.
    pub question_idx: usize,
    /// Its number among the questions the reader is shown, from 1.
    pub number: usize,
    /// How many questions the reader is shown (`Quiz::question_count`).
    pub total: usize,
    /// The choice indices in the order the reader sees them (`quiz_core::shuffle::order`).
    pub order: Rc<Vec<usize>>,
    /// The reader's current answer to it.
    pub answer: Option<usize>,
    /// Whether every question is answered (enables See my result).
    pub complete: bool,
    /// Where the prompt heading goes, so focus can move to it.
    pub heading: NodeRef,
    /// Where the See my result button goes, so focus can move to it.
    pub see_result_button: NodeRef,
    /// Reports what the reader did.
    pub on_action: Callback<Action>,
}

/// One question step.
#[component]
pub fn QuestionStep(props: &QuestionProps) -> Html {
    let quiz = &props.quiz;
    let question_idx = props.question_idx;
    let question = &quiz.questions[question_idx];
    let (number, total) = (props.number, props.total.max(1));
    // The last of the questions this reader is shown (before a stage answer, the total is
    // the most any answer shows, so the stage question is never taken for the last).
    let is_last = number >= total;
    let ui = &quiz.ui;
    let choices_ref = use_node_ref();

    let total_text = total.to_string();

    // Roving focus: one choice is in the tab order (the chosen one, else the first shown);
    // arrow keys, Home and End move between choices in the order they are shown, Enter and
    // Space choose. Unlike a form's radio group, arrows do not choose: choosing moves on to
    // the next question.
    let focusable = props.answer.or(props.order.first().copied()).unwrap_or(0);
    let onkeydown = {
        let choices_ref = choices_ref.clone();
        let rtl = quiz.dir == Direction::Rtl;
        Callback::from(move |event: KeyboardEvent| {
            let Some(list) = choices_ref.cast::<HtmlElement>() else {
                return;
            };
            let Ok(buttons) = list.query_selector_all("[role=radio]") else {
                return;
            };
            let count = buttons.length();
            // The key's target, not document.activeElement: inside a shadow root the
            // document only sees the host as focused.
            let target = event.target().and_then(|target| target.dyn_into::<Node>().ok());
            let holds_target = |idx: u32| buttons.item(idx).is_some_and(|button| button.contains(target.as_ref()));
            let Some(current) = (0..count).find(|&idx| holds_target(idx)) else {
                return;
            };
            let (forward, backward) = if rtl { ("ArrowLeft", "ArrowRight") } else { ("ArrowRight", "ArrowLeft") };
            let key = event.key();
            let target = match key.as_str() {
                "ArrowDown" => (current + 1) % count,
                "ArrowUp" => (current + count - 1) % count,
                key if key == forward => (current + 1) % count,
                key if key == backward => (current + count - 1) % count,
                "Home" => 0,
                "End" => count - 1,
                _ => return,
            };
            event.prevent_default();
            if let Some(button) = buttons.item(target).and_then(|node| node.dyn_into::<HtmlElement>().ok()) {
                let _ = button.focus();
            }
        })
    };

    let choices = props.order.iter().map(|&choice_idx| {
        let choice = &question.choices[choice_idx];
        let chosen = props.answer == Some(choice_idx);
        let onclick = props.on_action.reform(move |_: MouseEvent| Action::Choose { question_idx, choice_idx });
        html! {
            // Keyed by choice id, so a shuffled order moves each choice's own element. Ids
            // repeat across questions ("a", "b"...), so moving on still mostly reuses the
            // elements and changes their text.
            <button
                key={choice.id.as_str()}
                type="button"
                role="radio"
                class={classes!("tq-choice", chosen.then_some("tq-chosen"))}
                aria-checked={if chosen { "true" } else { "false" }}
                tabindex={if choice_idx == focusable { "0" } else { "-1" }}
                {onclick}
            >
                <span class="tq-choice-mark" aria-hidden="true"></span>
                <span class="tq-choice-text">{ &choice.text }</span>
            </button>
        }
    });

    // See my result on the last question; Next on one already answered (after Back).
    let forward = if is_last {
        let on_result = props.on_action.reform(|_: MouseEvent| Action::ShowResult);
        Some(html! {
            <button type="button" class="tq-primary tq-see-result" disabled={!props.complete}
                ref={props.see_result_button.clone()} onclick={on_result}>{ &ui.see_result }</button>
        })
    } else if props.answer.is_some() {
        let on_next = props.on_action.reform(|_: MouseEvent| Action::Next);
        Some(html! { <button type="button" class="tq-primary tq-next" onclick={on_next}>{ &ui.next }</button> })
    } else {
        None
    };

    let prompt_id = "tq-prompt";
    let head = if props.first {
        let duration = fill(&ui.duration, &[("count", &total_text), ("minutes", &minutes(props.total).to_string())]);
        html! {
            <>
                <h2 class="tq-title">{ &quiz.title }</h2>
                <p class="tq-lead">{ &quiz.intro }</p>
                <p class="tq-meta">{ duration }</p>
                <h3 id={prompt_id} class="tq-prompt" tabindex="-1" ref={props.heading.clone()}>{ &question.prompt }</h3>
            </>
        }
    } else {
        let progress = fill(&ui.progress, &[("current", &number.to_string()), ("total", &total_text)]);
        // The bar's filled share counts the questions before this one as done.
        let done_percent = ((number - 1) * 100 / total).to_string();
        html! {
            <>
                <div class="tq-progress">
                    <p class="tq-progress-text">{ progress }</p>
                    <svg class="tq-progress-bar" viewBox="0 0 100 4" preserveAspectRatio="none" aria-hidden="true" focusable="false">
                        <rect class="tq-progress-track" width="100" height="4" rx="2" />
                        <rect class="tq-progress-done" width={done_percent} height="4" rx="2" />
                    </svg>
                </div>
                <h2 id={prompt_id} class="tq-prompt" tabindex="-1" ref={props.heading.clone()}>{ &question.prompt }</h2>
            </>
        }
    };
    // Back on every question but the first, which has nothing before it.
    let back = (!props.first).then(|| {
        let on_back = props.on_action.reform(|_: MouseEvent| Action::Back);
        html! { <button type="button" class="tq-secondary tq-back" onclick={on_back}>{ &ui.back }</button> }
    });

    html! {
        // The section has no name of its own: focus moves to the prompt's heading, which
        // names the group of choices too, so a screen reader hears the prompt once.
        <section class={classes!("tq-step", "tq-question", props.first.then_some("tq-first"))}>
            { head }
            if let Some(help) = &question.help {
                <p class="tq-help" id="tq-help">{ help }</p>
            }
            <div class="tq-choices" role="radiogroup" aria-labelledby={prompt_id}
                aria-describedby={question.help.as_ref().map(|_| "tq-help")}
                ref={choices_ref} {onkeydown}>
                { for choices }
            </div>
            if back.is_some() || forward.is_some() {
                <div class="tq-nav">{ back }{ forward }</div>
            }
        </section>
    }
}
