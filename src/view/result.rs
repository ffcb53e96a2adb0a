//! The result: the likely gap and its shift, the ladder, the scores chart, what the
//! reader said beside what their answers suggest, why it matters, next steps, the answers
//! that pointed there, related links, the invitation to comment, and Retake.

use std::rc::Rc;

use yew::prelude::*;

use crate::quiz::{Link, Quiz};
use crate::scoring::{Diagnosis, Position, diagnose};
use crate::text::fill;

use super::{Ladder, ScoreChart};

/// Props of [`ResultView`].
#[derive(Properties, PartialEq)]
pub struct ResultProps {
    /// The quiz.
    pub quiz: Rc<Quiz>,
    /// The reader's answers (complete).
    pub answers: Rc<Vec<Option<usize>>>,
    /// Names the quiz in the shared link.
    pub quiz_key: AttrValue,
    /// Whether this is a result someone shared, opened from their link.
    #[prop_or_default]
    pub shared: bool,
    /// Where the headline goes, so focus can move to it.
    pub heading: NodeRef,
    /// Pressed Retake.
    pub on_retake: Callback<()>,
}

/// The result view.
#[component]
pub fn ResultView(props: &ResultProps) -> Html {
    let quiz = &props.quiz;
    let diagnosis = {
        let quiz = quiz.clone();
        use_memo(props.answers.clone(), move |answers| diagnose(&quiz, answers))
    };
    let ui = &quiz.ui;
    let outcome = &quiz.outcomes[diagnosis.likely];
    let position = diagnosis.position().map(|position| match position {
        Position::Behind => &ui.position_behind,
        Position::Current => &ui.position_current,
        Position::Ahead => &ui.position_ahead,
    });
    let on_retake = props.on_retake.reform(|_: MouseEvent| ());

    html! {
        <section class="tq-step tq-result" data-outcome={outcome.id.clone()} aria-labelledby="tq-heading">
            if props.shared {
                <p class="tq-shared-note">{ &ui.shared_note }</p>
            }
            <p class="tq-eyebrow">{ &ui.result_heading }</p>
            <h2 id="tq-heading" class="tq-title" tabindex="-1" ref={props.heading.clone()}>{ &outcome.label }</h2>
            <p class="tq-shift">{ &outcome.shift }</p>
            if let Some(position) = position {
                <p class="tq-position">{ position }</p>
            }
            <div class="tq-visuals">
                <Ladder quiz={quiz.clone()} gap={diagnosis.likely} stage={diagnosis.stage} />
                <ScoreChart quiz={quiz.clone()} scores={Rc::new(diagnosis.scores.clone())} gap={diagnosis.likely} />
            </div>
            { said_and_suggested(quiz, &diagnosis) }
            <h3 class="tq-subheading">{ &ui.why_heading }</h3>
            <p>{ &outcome.summary }</p>
            <h3 class="tq-subheading">{ &ui.actions_heading }</h3>
            <ol class="tq-actions">
                { for outcome.actions.iter().enumerate().map(|(idx, action)| html! { <li key={idx}>{ action }</li> }) }
            </ol>
            { evidence(quiz, &diagnosis) }
            { links(quiz, &outcome.links) }
            if let Some(second) = diagnosis.close_second {
                <div class="tq-second">
                    <p class="tq-second-title">{ fill(&ui.close_second, &[("label", &quiz.outcomes[second].label)]) }</p>
                    <p>{ &quiz.outcomes[second].shift }</p>
                    { links(quiz, &quiz.outcomes[second].links) }
                </div>
            }
            { comments(quiz) }
            <ShareButtons quiz={quiz.clone()} answers={props.answers.clone()} quiz_key={props.quiz_key.clone()}
                label={outcome.label.clone()} />
            <div class="tq-nav">
                <button type="button" class="tq-secondary tq-retake" onclick={on_retake}>{ &ui.retake }</button>
            </div>
        </section>
    }
}

/// "You said / your answers suggest", when the reader answered the hardest question.
fn said_and_suggested(quiz: &Quiz, diagnosis: &Diagnosis) -> Html {
    let Some(hardest) = diagnosis.hardest else {
        return html! {};
    };
    let ui = &quiz.ui;
    let agrees = hardest == diagnosis.likely;
    html! {
        <div class={classes!("tq-compare", agrees.then_some("tq-compare-same"))}>
            <dl>
                <div><dt>{ &ui.you_said }</dt><dd>{ &quiz.outcomes[hardest].short }</dd></div>
                <div><dt>{ &ui.answers_suggest }</dt><dd>{ &quiz.outcomes[diagnosis.likely].short }</dd></div>
            </dl>
            <p>{ if agrees { &ui.agreement_same } else { &ui.agreement_differ } }</p>
        </div>
    }
}

/// The answers that gave the likely gap the most weight.
fn evidence(quiz: &Quiz, diagnosis: &Diagnosis) -> Html {
    if diagnosis.evidence.is_empty() {
        return html! {};
    }
    let items = diagnosis.evidence.iter().map(|evidence| {
        let question = &quiz.questions[evidence.question_idx];
        let choice = &question.choices[evidence.choice_idx];
        html! {
            <li key={question.id.clone()}>
                <span class="tq-evidence-question">{ &question.prompt }</span>
                <span class="tq-evidence-answer">{ &choice.text }</span>
            </li>
        }
    });
    html! {
        <>
            <h3 class="tq-subheading">{ &quiz.ui.evidence_heading }</h3>
            <ul class="tq-evidence">{ for items }</ul>
        </>
    }
}

/// Related links, opening in a new tab.
fn links(quiz: &Quiz, links: &[Link]) -> Html {
    if links.is_empty() {
        return html! {};
    }
    let items = links.iter().enumerate().map(|(idx, link)| {
        html! {
            <li key={idx}>
                <a href={link.url.clone()} target="_blank" rel="noopener">
                    { &link.title }
                    <span class="tq-sr-only">{ " " }{ &quiz.ui.new_tab }</span>
                </a>
                if let Some(kind) = &link.kind {
                    <span class="tq-kind">{ kind }</span>
                }
            </li>
        }
    });
    html! {
        <>
            <h3 class="tq-subheading">{ &quiz.ui.links_heading }</h3>
            <ul class="tq-links">{ for items }</ul>
        </>
    }
}

/// The invitation to the host page's comments; the button only when the page has them.
fn comments(quiz: &Quiz) -> Html {
    let Some(comments) = &quiz.comments else {
        return html! {};
    };
    let selector = comments.selector.clone();
    let has_target = crate::page::find(&selector).is_some();
    let onclick = Callback::from(move |_: MouseEvent| {
        crate::page::go_to(&selector);
    });
    html! {
        <div class="tq-comments">
            <p>{ &comments.prompt }</p>
            if has_target {
                <button type="button" class="tq-primary tq-comments-button" {onclick}>{ &quiz.ui.comments_button }</button>
            }
        </div>
    }
}

/// Props of [`ShareButtons`].
#[derive(Properties, PartialEq)]
pub struct ShareProps {
    /// The quiz.
    pub quiz: Rc<Quiz>,
    /// The reader's answers, encoded into the link.
    pub answers: Rc<Vec<Option<usize>>>,
    /// Names the quiz in the link.
    pub quiz_key: AttrValue,
    /// The likely gap's label, for the shared text.
    pub label: String,
}

/// What the copy button did.
#[derive(Debug, Clone, PartialEq)]
enum Copied {
    Not,
    Yes,
    /// The browser would not copy: the link is shown, selected, to copy by hand.
    ByHand(String),
}

/// "Copy link", and "Share" where the browser has a share sheet. The link reopens this
/// result for whoever follows it.
#[component]
pub fn ShareButtons(props: &ShareProps) -> Html {
    let copied = use_state(|| Copied::Not);
    let manual = use_node_ref();
    let ui = &props.quiz.ui;
    let link = {
        let (quiz, answers, key) = (props.quiz.clone(), props.answers.clone(), props.quiz_key.clone());
        move || crate::share::link(&key, &crate::saved::encode_shared(&quiz, &answers))
    };
    let on_copy = {
        let copied = copied.clone();
        let link = link.clone();
        Callback::from(move |_: MouseEvent| {
            let copied = copied.clone();
            let url = link();
            wasm_bindgen_futures::spawn_local(async move {
                copied.set(if crate::share::copy(&url).await { Copied::Yes } else { Copied::ByHand(url) });
            });
        })
    };
    let on_share = crate::share::can_share().then(|| {
        let title = props.quiz.title.clone();
        let text = fill(&ui.share_text, &[("label", &props.label)]);
        Callback::from(move |_: MouseEvent| {
            let (title, text, url) = (title.clone(), text.clone(), link());
            wasm_bindgen_futures::spawn_local(async move {
                crate::share::share(&title, &text, &url).await;
            });
        })
    });
    {
        let manual = manual.clone();
        use_effect_with((*copied).clone(), move |copied| {
            if let (Copied::ByHand(_), Some(input)) = (copied, manual.cast::<web_sys::HtmlInputElement>()) {
                let _ = input.focus();
                input.select();
            }
        });
    }
    html! {
        <div class="tq-share">
            <button type="button" class="tq-secondary tq-copy-link" onclick={on_copy}>{ &ui.copy_link }</button>
            if let Some(onclick) = on_share {
                <button type="button" class="tq-secondary tq-share-button" {onclick}>{ &ui.share }</button>
            }
            <p class="tq-share-status" role="status">
                { if *copied == Copied::Yes { ui.link_copied.as_str() } else { "" } }
            </p>
            if let Copied::ByHand(url) = &*copied {
                <label class="tq-manual-link">
                    <span>{ &ui.copy_manual }</span>
                    <input type="text" readonly=true value={url.clone()} ref={manual} />
                </label>
            }
        </div>
    }
}
