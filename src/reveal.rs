//! What a mounted host shows, as a pure state machine: the widget, its fallback (the host's
//! own children), or embed.js's drawing of the first screen, from what is known of the
//! stylesheet and of the quiz. `mount` feeds it what happens and carries out what it says;
//! nothing here touches the page, so it is tested natively.
//!
//! The rules: nothing of the widget shows before its stylesheet has loaded (an unstyled
//! widget would flash); while the quiz loads, the fallback shows, unless embed.js's drawing
//! stands in (it then decides); a quiz that is ready shows the widget alone; one that failed
//! shows the widget's error view above the fallback; a stylesheet that failed leaves the
//! fallback alone. The page hears `ready` once, when the widget first shows its quiz.

/// The attribute on the host that tells the page where the widget is in its life
/// ([`State`]).
pub const STATE_ATTRIBUTE: &str = "data-transition-quiz-state";

/// What embed.js saw of the widget's stylesheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Css {
    /// Still loading.
    Pending,
    /// Loaded.
    Loaded,
    /// Failed to load.
    Failed,
}

impl Css {
    /// The stylesheet's state from its `data-state` attribute, as embed.js sets it.
    pub fn from_attribute(state: Option<&str>) -> Css {
        match state {
            Some("loaded") => Css::Loaded,
            Some("failed") => Css::Failed,
            _ => Css::Pending,
        }
    }
}

/// Where the widget is with its quiz.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Still getting the quiz.
    Loading,
    /// Showing the quiz.
    Ready,
    /// Showing an error instead.
    Failed,
}

/// The host's `data-transition-quiz-state`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// `loading`.
    Loading,
    /// `ready`.
    Ready,
    /// `error`.
    Error,
}

impl State {
    /// The attribute's value.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Loading => "loading",
            State::Ready => "ready",
            State::Error => "error",
        }
    }
}

/// What the host is to show after a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Show {
    /// Whether the widget's root shows (it joins the shadow root the first time).
    pub widget: bool,
    /// Whether the fallback shows; `None` leaves it as embed.js's drawing set it.
    pub fallback: Option<bool>,
    /// Whether to remove embed.js's drawing now (the widget failed: its error view replaces
    /// the drawing). On `ready`, embed.js removes the drawing itself, once it has read what
    /// the reader did there.
    pub remove_drawing: bool,
    /// The host's state attribute.
    pub state: State,
    /// Whether to tell the page the widget is ready (once).
    pub announce_ready: bool,
}

/// What is known so far about one mounted host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reveal {
    css: Css,
    status: Status,
    /// Whether embed.js's drawing stands in for the widget.
    drawing: bool,
    announced: bool,
}

impl Reveal {
    /// A host whose stylesheet is as `css` says and whose quiz is loading; `drawing` when
    /// embed.js drew the first screen.
    pub fn new(css: Css, drawing: bool) -> Reveal {
        Reveal { css, status: Status::Loading, drawing, announced: false }
    }

    /// The stylesheet loaded or failed.
    pub fn css(&mut self, css: Css) -> Show {
        self.css = css;
        self.show()
    }

    /// The widget's status changed.
    pub fn status(&mut self, status: Status) -> Show {
        self.status = status;
        self.show()
    }

    /// What shows now.
    pub fn show(&mut self) -> Show {
        let (widget, fallback, state) = match (self.css, self.status) {
            (Css::Failed, _) => (false, true, State::Error),
            (Css::Pending, _) | (Css::Loaded, Status::Loading) => (false, true, State::Loading),
            (Css::Loaded, Status::Ready) => (true, false, State::Ready),
            (Css::Loaded, Status::Failed) => (true, true, State::Error),
        };
        let (fallback, remove_drawing) = match (self.drawing, state) {
            // While the widget loads, the drawing decides whether the fallback shows.
            (true, State::Loading) => (None, false),
            (true, State::Ready) => (Some(false), false),
            (true, State::Error) => {
                self.drawing = false;
                (Some(fallback), true)
            }
            (false, _) => (Some(fallback), false),
        };
        let announce_ready = widget && self.status == Status::Ready && !self.announced;
        self.announced |= announce_ready;
        Show { widget, fallback, remove_drawing, state, announce_ready }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What shows after each event, from a fresh host (with or without embed.js's drawing).
    enum Event {
        Css(Css),
        Status(Status),
    }

    fn check(css: Css, drawing: bool, events: &[Event], expected: &[Show]) {
        let mut reveal = Reveal::new(css, drawing);
        let shown: Vec<Show> = events
            .iter()
            .map(|event| match event {
                Event::Css(css) => reveal.css(*css),
                Event::Status(status) => reveal.status(*status),
            })
            .collect();
        assert_eq!(shown, expected);
    }

    fn show(widget: bool, fallback: Option<bool>, state: State) -> Show {
        Show { widget, fallback, remove_drawing: false, state, announce_ready: false }
    }

    use Event::{Css as C, Status as S};

    #[test]
    fn the_widget_shows_once_its_stylesheet_and_its_quiz_are_both_there() {
        let ready = Show { announce_ready: true, ..show(true, Some(false), State::Ready) };
        // Stylesheet first, then the quiz; and the other way round.
        check(
            Css::Pending,
            false,
            &[C(Css::Loaded), S(Status::Ready), S(Status::Ready)],
            &[show(false, Some(true), State::Loading), ready, show(true, Some(false), State::Ready)],
        );
        check(
            Css::Pending,
            false,
            &[S(Status::Ready), C(Css::Loaded)],
            &[show(false, Some(true), State::Loading), ready],
        );
        // Ready is announced once, even after a retry goes through loading again.
        check(
            Css::Loaded,
            false,
            &[S(Status::Ready), S(Status::Loading), S(Status::Ready)],
            &[ready, show(false, Some(true), State::Loading), show(true, Some(false), State::Ready)],
        );
    }

    #[test]
    fn failures_keep_the_fallback() {
        // A quiz that fails shows the error view above the fallback.
        check(Css::Loaded, false, &[S(Status::Failed)], &[show(true, Some(true), State::Error)]);
        // A stylesheet that fails shows nothing of the widget, whatever the quiz does.
        check(
            Css::Pending,
            false,
            &[C(Css::Failed), S(Status::Ready)],
            &[show(false, Some(true), State::Error), show(false, Some(true), State::Error)],
        );
    }

    #[test]
    fn embed_js_drawing_stands_in_until_the_widget_is_ready_or_fails() {
        // While loading, the drawing decides about the fallback; ready hides it (embed.js
        // then removes its drawing itself).
        check(
            Css::Loaded,
            true,
            &[S(Status::Loading), S(Status::Ready)],
            &[
                show(false, None, State::Loading),
                Show { announce_ready: true, ..show(true, Some(false), State::Ready) },
            ],
        );
        // A failure replaces the drawing, once, with the error view and the fallback.
        check(
            Css::Loaded,
            true,
            &[S(Status::Failed), S(Status::Failed)],
            &[
                Show { remove_drawing: true, ..show(true, Some(true), State::Error) },
                show(true, Some(true), State::Error),
            ],
        );
    }
}
