//! The view a reader sees when the quiz cannot be shown: a short message, and Retry when
//! trying again could help. The details go to the console, for the site owner.

use yew::prelude::*;

use quiz_core::config::Theme;
use quiz_core::quiz::Ui;

/// Props of [`ErrorView`].
#[derive(Properties, PartialEq)]
pub struct ErrorViewProps {
    /// The colour theme.
    pub theme: Theme,
    /// Offered when trying again could help (a network failure).
    #[prop_or_default]
    pub on_retry: Option<Callback<()>>,
}

/// The error view. Its strings are the English defaults: a quiz that did not load cannot
/// supply its own.
#[component]
pub fn ErrorView(props: &ErrorViewProps) -> Html {
    let ui = Ui::default();
    let (message, retry) = match &props.on_retry {
        Some(on_retry) => (ui.error_network.clone(), Some(on_retry.reform(|_: MouseEvent| ()))),
        None => (ui.error_invalid.clone(), None),
    };
    html! {
        <div class="tq-widget" data-theme={props.theme.as_str()}>
            <section class="tq-step tq-error" role="alert">
                <p>{ message }</p>
                if let Some(onclick) = retry {
                    <button type="button" class="tq-primary tq-retry" {onclick}>{ &ui.retry }</button>
                }
            </section>
        </div>
    }
}
