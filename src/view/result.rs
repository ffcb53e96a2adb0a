//! The result: the gap the answers show and its shift (or, honestly, that they show no
//! clear gap and where to look next), the ladder (for a quiz whose outcomes are ordered
//! steps), the scores chart, what the reader said
//! beside what their answers show, why it matters, next steps, the answers that pointed
//! there, related links, the invitation to comment, and Retake.
//!
//! A result someone shared is worded for the person opening it: it is theirs ("Their
//! result", "Their answers point to"), the sentences that place it against "your" stage or
//! "your" answers are left out, and the reader is offered to take the quiz, not to retake it.

use std::rc::Rc;

use yew::prelude::*;

use quiz_core::quiz::{Link, Outcome, Quiz, Ui};
use quiz_core::scoring::{Comparison, Diagnosis, Lean, MIN_GAP_SCORE, NextClimb, Position, Strength};
use quiz_core::text::fill;

use super::{Ladder, ReadersPanel, ScoreChart};

/// Props of [`ResultView`].
#[derive(Properties, PartialEq)]
pub struct ResultProps {
    /// The quiz.
    pub quiz: Rc<Quiz>,
    /// What the answers show (worked out once, by the root).
    pub diagnosis: Rc<Diagnosis>,
    /// The reader's answers (complete).
    pub answers: Rc<Vec<Option<usize>>>,
    /// Whether this is a result someone shared, opened from their link.
    #[prop_or_default]
    pub shared: bool,
    /// Whether the reader just asked for it (See my result), rather than the widget opening
    /// on it; then it is drawn in two frames.
    #[prop_or_default]
    pub arriving: bool,
    /// How other readers answered, when a results server said.
    #[prop_or_default]
    pub readers: Option<Rc<quiz_core::report::Readers>>,
    /// Where the headline goes, so focus can move to it.
    pub heading: NodeRef,
    /// Pressed Retake.
    pub on_retake: Callback<()>,
}

/// The result view.
#[component]
pub fn ResultView(props: &ResultProps) -> Html {
    let page = super::use_page();
    let quiz = &props.quiz;
    let diagnosis = props.diagnosis.clone();
    let ui = &quiz.ui;
    let gap = diagnosis.gap.map(|gap| &quiz.outcomes[gap]);
    let on_retake = props.on_retake.reform(|_: MouseEvent| ());
    let share_text = match gap {
        Some(outcome) => fill(&ui.share_text, &[("label", &outcome.label)]),
        None => ui.share_text_no_gap.clone(),
    };
    let shared = props.shared;
    // A reader who just asked for their result sees its headline and the lines under it in
    // the very next frame, and the rest (the ladder and chart, next steps, links, sharing...:
    // most of a long page) one frame later, once that frame is painted: drawn at once, its
    // style, layout and paint held the headline back by tens of milliseconds on a slow
    // phone. A result shown at once (a shared link, a reload) is drawn whole.
    let whole = use_state(|| !props.arriving);
    {
        let whole = whole.clone();
        use_effect_with((), move |()| {
            if !*whole {
                crate::page::after_next_paint(move || whole.set(true));
            }
        });
    }
    // What is said to the reader about their own result; someone else's leaves it out.
    let own = |line: Option<String>| line.filter(|_| !shared);

    html! {
        <section class="tq-step tq-result" data-outcome={gap.map(|outcome| outcome.id.clone()).unwrap_or_default()}
            data-result={if gap.is_some() { "gap" } else { "no-clear-gap" }} aria-labelledby="tq-heading">
            if props.shared {
                <p class="tq-shared-note">{ &ui.shared_note }</p>
            }
            <p class="tq-eyebrow">{ heading(ui, gap.is_some(), shared) }</p>
            <h2 id="tq-heading" class="tq-title" tabindex="-1" ref={props.heading.clone()}>
                { headline(quiz, &diagnosis, shared) }
            </h2>
            if let Some(standfirst) = standfirst(quiz, &diagnosis, shared) {
                <p class="tq-shift">{ standfirst }</p>
            }
            if let Some(strength) = own(strength(quiz, &diagnosis)) {
                <p class="tq-strength">{ strength }</p>
            }
            if let Some(position) = own(position(quiz, &diagnosis).map(String::from)) {
                <p class="tq-position">{ position }</p>
            }
            if let Some(later) = diagnosis.stronger_later.filter(|_| !shared) {
                <p class="tq-stronger-later">
                    { fill(&ui.stronger_later, &[
                        ("label", &quiz.outcomes[later].label),
                        ("score", &diagnosis.scores[later].to_string()),
                    ]) }
                </p>
            }
            if let Some(further_up) = diagnosis.further_up.filter(|_| !shared) {
                <p class="tq-further-up">
                    { fill(&ui.further_up, &[
                        ("label", &quiz.outcomes[further_up].label),
                        ("score", &diagnosis.scores[further_up].to_string()),
                    ]) }
                </p>
            }
            // The rest of a long result comes in the next frame, after the one the reader's
            // click paints (see `whole` above).
            if *whole {
                <div class={classes!("tq-visuals", quiz.ordered.then_some("tq-with-ladder"))}>
                    // Only outcomes that are ordered steps make a ladder.
                    if quiz.ordered {
                        <Ladder quiz={quiz.clone()} gap={diagnosis.gap} stage={diagnosis.stage} further_up={diagnosis.further_up} {shared} />
                    }
                    <ScoreChart quiz={quiz.clone()} diagnosis={diagnosis.clone()} {shared} />
                </div>
                { said_and_suggested(quiz, &diagnosis, shared) }
                if let Some(outcome) = gap {
                    <h3 class="tq-subheading">{ &ui.why_heading }</h3>
                    <p>{ &outcome.summary }</p>
                    { actions(quiz, outcome, shared) }
                    { call_to_action(outcome) }
                    { evidence(quiz, &diagnosis) }
                    { links(quiz, &outcome.links) }
                } else if shared {
                    // Their next climb is theirs: the reader gets every shift, to judge for themselves.
                    { browse(quiz) }
                } else {
                    { next_climb(quiz, &diagnosis) }
                }
                if let Some(second) = diagnosis.close_second {
                    // Under its own heading, so its links are not read as the main gap's, and
                    // without a second "Read next" heading.
                    <div class="tq-second">
                        <h3 class="tq-subheading tq-second-title">{ fill(&ui.close_second, &[("label", &quiz.outcomes[second].label)]) }</h3>
                        <p>{ &quiz.outcomes[second].shift }</p>
                        { link_list(quiz, &quiz.outcomes[second].links) }
                    </div>
                }
                if let Some(readers) = &props.readers {
                    <ReadersPanel quiz={quiz.clone()} readers={readers.clone()} clear_gap={gap.is_some()} {shared} />
                }
                { comments(quiz, page.comments_on_page) }
                // Sharing someone else's result would share it as "My result".
                if !shared {
                    <ShareButtons quiz={quiz.clone()} answers={props.answers.clone()} text={share_text} />
                }
                <div class="tq-nav">
                    <button type="button" class="tq-secondary tq-retake" onclick={on_retake}>
                        { if shared { &ui.take_quiz } else { &ui.retake } }
                    </button>
                </div>
            }
        </section>
    }
}

/// The small heading above the headline: the reader's result, or, shared, someone else's.
/// The live region says the same (`view::QuizApp`).
pub fn heading(ui: &Ui, clear_gap: bool, shared: bool) -> &str {
    match (clear_gap, shared) {
        (true, false) => &ui.result_heading,
        (false, false) => &ui.no_gap_heading,
        (true, true) => &ui.shared_result_heading,
        (false, true) => &ui.shared_no_gap_heading,
    }
}

/// The headline: the gap's name, or that there is no clear gap (in the climb the reader is
/// making now, when a clear lean sits further up; in their answers, when shared).
fn headline<'a>(quiz: &'a Quiz, diagnosis: &Diagnosis, shared: bool) -> &'a str {
    match (diagnosis.gap, diagnosis.further_up, shared) {
        (Some(gap), _, _) => &quiz.outcomes[gap].label,
        (None, _, true) => &quiz.ui.shared_no_gap_title,
        (None, Some(_), false) => &quiz.ui.no_gap_title_in_reach,
        (None, None, false) => &quiz.ui.no_gap_title,
    }
}

/// The line under the headline: the gap's shift, or what the reader's answers do show
/// (none for a shared result without a gap: those lines speak of "your answers").
fn standfirst(quiz: &Quiz, diagnosis: &Diagnosis, shared: bool) -> Option<String> {
    let ui = &quiz.ui;
    let threshold = MIN_GAP_SCORE.to_string();
    if let Some(gap) = diagnosis.gap {
        return Some(quiz.outcomes[gap].shift.clone());
    }
    if shared {
        return None;
    }
    if diagnosis.further_up.is_some() {
        return Some(fill(&ui.no_gap_in_reach, &[("threshold", &threshold)]));
    }
    Some(match diagnosis.lean() {
        Some(Lean::Faint(outcome_idx, score)) => fill(
            &ui.no_gap_faint,
            &[("threshold", &threshold), ("label", &quiz.outcomes[outcome_idx].label), ("score", &score.to_string())],
        ),
        Some(Lean::Single(outcome_idx, score)) => {
            fill(&ui.no_gap_single, &[("label", &quiz.outcomes[outcome_idx].label), ("score", &score.to_string())])
        }
        Some(Lean::None) | None => ui.no_gap_none.clone(),
    })
}

/// How strong the evidence for the gap is, in words: how many of the questions that could
/// point to it did; `None` without a gap.
fn strength(quiz: &Quiz, diagnosis: &Diagnosis) -> Option<String> {
    let gap = diagnosis.gap?;
    let template = match diagnosis.strength()? {
        Strength::Strong => &quiz.ui.evidence_strong,
        Strength::Some => &quiz.ui.evidence_some,
    };
    Some(fill(
        template,
        &[("count", &diagnosis.pointing[gap].to_string()), ("tested", &diagnosis.tested[gap].to_string())],
    ))
}

/// Where the gap sits against the reader's stage, in one sentence.
fn position<'a>(quiz: &'a Quiz, diagnosis: &Diagnosis) -> Option<&'a str> {
    let ui = &quiz.ui;
    Some(match diagnosis.position()? {
        Position::Behind => &ui.position_behind,
        Position::Current => &ui.position_current,
        Position::Ahead => &ui.position_ahead,
    })
}

/// An outcome's next steps, under their heading.
fn actions(quiz: &Quiz, outcome: &Outcome, shared: bool) -> Html {
    html! {
        <>
            <h3 class="tq-subheading">{ if shared { &quiz.ui.shared_actions_heading } else { &quiz.ui.actions_heading } }</h3>
            <ol class="tq-actions">
                { for outcome.actions.iter().enumerate().map(|(idx, action)| html! { <li key={idx}>{ action }</li> }) }
            </ol>
        </>
    }
}

/// The site owner's call to action for this outcome, if the quiz has one: a link styled as a
/// button, opening in a new tab.
fn call_to_action(outcome: &Outcome) -> Html {
    let Some(cta) = &outcome.cta else {
        return html! {};
    };
    let (text, url) = cta.for_outcome(outcome);
    html! {
        <p class="tq-cta">
            <a class="tq-primary tq-cta-link" href={url} target="_blank" rel="noopener">{ text }</a>
        </p>
    }
}

/// Without a clear gap: the climb in front of the reader (from their stage), or the one
/// they said is hardest, with its shift, next steps and links; or, knowing neither, every
/// transition's shift to judge for themselves.
fn next_climb(quiz: &Quiz, diagnosis: &Diagnosis) -> Html {
    let ui = &quiz.ui;
    let (heading, note, outcome) = match diagnosis.next_climb() {
        Some(NextClimb::Stage(idx)) => (&ui.next_stage, &ui.next_stage_note, &quiz.outcomes[idx]),
        Some(NextClimb::Hardest(idx)) => (&ui.next_hardest, &ui.next_hardest_note, &quiz.outcomes[idx]),
        Some(NextClimb::Browse) | None => return browse(quiz),
    };
    html! {
        <div class="tq-next" data-next={outcome.id.clone()}>
            <h3 class="tq-subheading tq-next-heading">{ fill(heading, &[("label", &outcome.label)]) }</h3>
            <p class="tq-next-shift">{ &outcome.shift }</p>
            <p>{ note }</p>
            { actions(quiz, outcome, false) }
            { call_to_action(outcome) }
            { links(quiz, &outcome.links) }
        </div>
    }
}

/// Every transition's shift, and every related link once, for a reader whose answers,
/// stage and stated hardest all leave the choice open.
fn browse(quiz: &Quiz) -> Html {
    let mut all_links: Vec<Link> = Vec::new();
    for link in quiz.outcomes.iter().flat_map(|outcome| &outcome.links) {
        if !all_links.iter().any(|known| known.url == link.url) {
            all_links.push(link.clone());
        }
    }
    html! {
        <div class="tq-next tq-browse">
            <h3 class="tq-subheading tq-next-heading">{ &quiz.ui.browse_heading }</h3>
            <p>{ &quiz.ui.browse_text }</p>
            <dl class="tq-shifts">
                { for quiz.outcomes.iter().map(|outcome| html! {
                    <div key={outcome.id.clone()}><dt>{ &outcome.label }</dt><dd>{ &outcome.shift }</dd></div>
                }) }
            </dl>
            { links(quiz, &all_links) }
        </div>
    }
}

/// "You said / your answers point to", when the reader named the hardest transition, with
/// one sentence that is true for how the two compare; shared, "they said / their answers
/// point to", without the sentence, which speaks to the one who answered.
fn said_and_suggested(quiz: &Quiz, diagnosis: &Diagnosis, shared: bool) -> Html {
    let (Some(hardest), Some(comparison)) = (diagnosis.hardest, diagnosis.comparison()) else {
        return html! {};
    };
    let ui = &quiz.ui;
    let sentence = match comparison {
        Comparison::Same => &ui.agreement_same,
        Comparison::Earlier => &ui.agreement_differ,
        Comparison::Later { hardest_shows: false } => &ui.agreement_later,
        Comparison::Later { hardest_shows: true } => &ui.agreement_later_both,
        Comparison::NoGap => &ui.agreement_no_gap,
        Comparison::Untested => &ui.agreement_untested,
    };
    let suggested = diagnosis.gap.map_or(&ui.answers_suggest_none, |gap| &quiz.outcomes[gap].short);
    html! {
        <div class={classes!(
            "tq-compare",
            (comparison == Comparison::Same).then_some("tq-compare-same"),
            matches!(comparison, Comparison::NoGap | Comparison::Untested).then_some("tq-compare-none"),
        )}>
            <dl>
                <div><dt>{ if shared { &ui.shared_you_said } else { &ui.you_said } }</dt><dd>{ &quiz.outcomes[hardest].short }</dd></div>
                <div><dt>{ if shared { &ui.shared_answers_suggest } else { &ui.answers_suggest } }</dt><dd>{ suggested }</dd></div>
            </dl>
            if !shared {
                <p>{ sentence }</p>
            }
        </div>
    }
}

/// The answers that gave the gap the most weight.
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

/// Related links under their heading.
fn links(quiz: &Quiz, links: &[Link]) -> Html {
    if links.is_empty() {
        return html! {};
    }
    html! {
        <>
            <h3 class="tq-subheading">{ &quiz.ui.links_heading }</h3>
            { link_list(quiz, links) }
        </>
    }
}

/// Related links, opening in a new tab, as a list.
fn link_list(quiz: &Quiz, links: &[Link]) -> Html {
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
    html! { <ul class="tq-links">{ for items }</ul> }
}

/// The invitation to the host page's comments; the button only when the page has them.
fn comments(quiz: &Quiz, has_target: bool) -> Html {
    let Some(comments) = &quiz.comments else {
        return html! {};
    };
    let selector = comments.selector.clone();
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
    /// The text shared along with the link.
    pub text: String,
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
/// result for whoever follows it, under the page's quiz key, through the page's results
/// server's share page when it has one (a preview card).
#[component]
pub fn ShareButtons(props: &ShareProps) -> Html {
    let copied = use_state(|| Copied::Not);
    let manual = use_node_ref();
    let page = super::use_page();
    let ui = &props.quiz.ui;
    let link = {
        let (quiz, answers, page) = (props.quiz.clone(), props.answers.clone(), page.clone());
        move || {
            let token = quiz_core::share_link::encode_shared(&quiz, &answers);
            let key = if page.key.is_empty() { quiz.id.as_str() } else { page.key.as_str() };
            match &page.results_server {
                Some(server) => crate::share::server_link(server, key, &token),
                None => crate::share::link(key, &token),
            }
        }
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
        let text = props.text.clone();
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
