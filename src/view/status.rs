//! The view a reader sees when the quiz cannot be shown: a short message saying what
//! happened, and Retry when trying again could help. The details go to the console, for the site owner.

use yew::prelude::*;

use quiz_core::config::Theme;
use quiz_core::quiz::Ui;

/// What the reader is told went wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trouble {
    /// The quiz file could not be fetched, and trying again may help: Retry is offered.
    Unreachable,
    /// The server has no quiz file at that address, or refuses it: trying again would not help.
    Missing,
    /// The quiz is not valid.
    Invalid,
}

/// Props of [`ErrorView`].
#[derive(Properties, PartialEq)]
pub struct ErrorViewProps {
    /// The colour theme.
    pub theme: Theme,
    /// What went wrong.
    pub trouble: Trouble,
    /// Called when the reader presses Retry (offered only for [`Trouble::Unreachable`]).
    #[prop_or_default]
    pub on_retry: Callback<()>,
}

/// The error view. Its strings are the English defaults: a quiz that did not load cannot
/// supply its own.
#[component]
pub fn ErrorView(props: &ErrorViewProps) -> Html {
    let ui = Ui::default();
    let message = match props.trouble {
        Trouble::Unreachable => &ui.error_network,
        Trouble::Missing => &ui.error_missing,
        Trouble::Invalid => &ui.error_invalid,
    };
    let onclick = props.on_retry.reform(|_: MouseEvent| ());
    html! {
        <div class="tq-widget" data-theme={props.theme.as_str()}>
            <section class="tq-step tq-error" role="alert">
                <p>{ message }</p>
                if props.trouble == Trouble::Unreachable {
                    <button type="button" class="tq-primary tq-retry" {onclick}>{ &ui.retry }</button>
                }
            </section>
        </div>
    }
}
