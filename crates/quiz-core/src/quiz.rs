//! The validated quiz: the types the rest of the widget works with, whose invariants
//! ([`crate::validate`] establishes them) hold for every value that exists.
//!
//! Invariants of a [`Quiz`]:
//! - there are 2 to [`limits::OUTCOMES`] outcomes and at least one scored question;
//! - every choice's `weights` has exactly one entry per outcome, in outcome order;
//! - every choice of a stage or hardest question names an outcome index in range;
//! - ids are unique where they must be, and every outcome can be the likely gap;
//! - every text is non-empty and within its limit, every link URL is http(s) or relative.

/// Limits on a quiz's size, so a quiz file cannot make the widget unusable or slow.
pub mod limits {
    /// Most outcomes (mindset gaps) a quiz may have.
    pub const OUTCOMES: usize = 8;
    /// Fewest outcomes: one outcome would not be a diagnosis.
    pub const MIN_OUTCOMES: usize = 2;
    /// Most questions, stage and hardest questions included. A quiz with stage-aware
    /// questions holds more than any one reader sees (the built-in quiz: 43, ten per reader).
    pub const QUESTIONS: usize = 60;
    /// Most choices in one question (ten, so that a stage question can give every kind of
    /// reader a true place, such as the built-in quiz's nine).
    pub const CHOICES: usize = 10;
    /// Fewest choices in one question.
    pub const MIN_CHOICES: usize = 2;
    /// Most next steps per outcome.
    pub const ACTIONS: usize = 6;
    /// Most related links per outcome.
    pub const LINKS: usize = 6;
    /// Largest weight a choice may give an outcome.
    pub const WEIGHT: u32 = 10;
    /// Longest id, in characters.
    pub const ID: usize = crate::rules::ID_MAX;
    /// Longest URL, in characters.
    pub const URL: usize = 2000;
}

/// Longest text of each kind, in characters.
pub mod text_limits {
    /// The quiz title.
    pub const TITLE: usize = 120;
    /// The intro line.
    pub const INTRO: usize = 600;
    /// An outcome's label.
    pub const LABEL: usize = 120;
    /// An outcome's short label.
    pub const SHORT: usize = 40;
    /// An outcome's shift.
    pub const SHIFT: usize = 300;
    /// An outcome's summary.
    pub const SUMMARY: usize = 1200;
    /// One next step.
    pub const ACTION: usize = 300;
    /// A link's title.
    pub const LINK_TITLE: usize = 160;
    /// A link's kind.
    pub const KIND: usize = 30;
    /// A question's prompt.
    pub const PROMPT: usize = 300;
    /// A question's help text.
    pub const HELP: usize = 500;
    /// A choice's text.
    pub const CHOICE: usize = 200;
    /// A UI string.
    pub const UI: usize = 300;
    /// The comments selector.
    pub const SELECTOR: usize = 200;
    /// The comments prompt.
    pub const COMMENTS_PROMPT: usize = 300;
    /// A call to action's text.
    pub const CTA: usize = 120;
    /// The locale tag.
    pub const LOCALE: usize = 35;
}

/// The id rule, as a regular expression for the JSON Schema: 1 to [`limits::ID`]
/// letters, digits, `-` or `_`. [`is_id`] is the same rule in code.
pub const ID_PATTERN: &str = "^[A-Za-z0-9_-]{1,64}$";

pub use crate::rules::is_id;

/// Which way the quiz's text runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Direction {
    /// Left to right (the default).
    #[default]
    Ltr,
    /// Right to left, for Arabic, Hebrew, Persian and similar scripts.
    Rtl,
}

impl Direction {
    /// The value of the HTML `dir` attribute.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

/// A whole validated quiz.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quiz {
    /// The format version the file was written in (1 or 2; see
    /// [`crate::validate::FORMAT_VERSION`]). Version 1 files keep the rules they were
    /// written to: a stage or hardest question makes the quiz ordered, and scoring keeps
    /// version 1's rule.
    pub version: u32,
    /// Names the quiz for saved progress and shared links.
    pub id: String,
    /// The heading of the intro.
    pub title: String,
    /// The one-line promise under the title.
    pub intro: String,
    /// BCP 47 language tag of the quiz's text (default `en`).
    pub locale: String,
    /// Text direction.
    pub dir: Direction,
    /// Whether the outcomes are ordered steps (lowest first), such as the rungs of a career
    /// ladder: only then does the result show the ladder, and may the quiz ask where the
    /// reader is now (a stage question) or which step they find hardest.
    pub ordered: bool,
    /// The outcomes, lowest step first when [`Quiz::ordered`].
    pub outcomes: Vec<Outcome>,
    /// The questions, in the order the reader sees them.
    pub questions: Vec<Question>,
    /// Whether scored questions show their choices in an order shuffled per reader (the
    /// quiz-level `"shuffle"`, default false); each question's [`Question::shuffle`] is the
    /// value that applies to it.
    pub shuffle: bool,
    /// Every string the widget shows that is not content.
    pub ui: Ui,
    /// Where the host page's comments are, if the quiz points to them.
    pub comments: Option<Comments>,
}

/// One mindset gap: a transition on the ladder the reader may not have made yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// Stable identifier, unique among outcomes.
    pub id: String,
    /// The transition's full name ("From sales professional to sales manager").
    pub label: String,
    /// A short name for charts and the ladder (defaults to `label`).
    pub short: String,
    /// The mindset change, in one sentence.
    pub shift: String,
    /// Why the shift is hard and why it matters.
    pub summary: String,
    /// Concrete next steps.
    pub actions: Vec<String>,
    /// Related reading or viewing.
    pub links: Vec<Link>,
    /// The site owner's call to action for readers with this gap, if any.
    pub cta: Option<CallToAction>,
}

/// A site owner's call to action on a result, such as their booking or newsletter page.
/// `{outcome}` is filled in: with the outcome's label in the text, and with its id in the URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallToAction {
    /// The button's text.
    pub text: String,
    /// An http(s) or relative URL.
    pub url: String,
}

impl CallToAction {
    /// The text and URL for `outcome`, with `{outcome}` filled in.
    pub fn for_outcome(&self, outcome: &Outcome) -> (String, String) {
        (self.text.replace("{outcome}", &outcome.label), self.url.replace("{outcome}", &outcome.id))
    }
}

/// A link to related content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The link's text.
    pub title: String,
    /// An http(s) or relative URL.
    pub url: String,
    /// What it is ("article", "webinar"), shown beside the title.
    pub kind: Option<String>,
}

/// What a question is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Role {
    /// A situational question whose choices carry weights (the default).
    #[default]
    Scored,
    /// Where the reader is on the ladder now: each choice names their next transition.
    Stage,
    /// Which transition the reader finds hardest: each choice names an outcome.
    Hardest,
}

/// One question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    /// Stable identifier, unique among questions.
    pub id: String,
    /// The question itself.
    pub prompt: String,
    /// Optional extra explanation under the prompt.
    pub help: Option<String>,
    /// What the question is for.
    pub role: Role,
    /// The choices, in the order of the quiz file.
    pub choices: Vec<Choice>,
    /// For a stage-aware question, the indices of the stage question's choices whose readers
    /// are shown it; `None` when every reader is.
    pub shown_to: Option<Vec<usize>>,
    /// Whether this question's choices are shown in an order shuffled per reader (see
    /// [`crate::shuffle`]): the quiz's `"shuffle"` unless the question sets its own; never
    /// for a stage or hardest question, whose choices follow the ladder.
    pub shuffle: bool,
}

/// One choice of a question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// Stable identifier, unique within its question.
    pub id: String,
    /// What the reader sees.
    pub text: String,
    /// The weight this choice gives each outcome, by outcome index.
    pub weights: Vec<u32>,
    /// For stage and hardest questions, the outcome the choice names.
    pub outcome: Option<usize>,
}

/// The host page's comment section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comments {
    /// A CSS selector for the comment section (for example `#comments`).
    pub selector: String,
    /// The invitation to share one's experience there.
    pub prompt: String,
}

impl Quiz {
    /// The index of the stage question, if the quiz has one.
    pub fn stage_question(&self) -> Option<usize> {
        self.questions.iter().position(|question| question.role == Role::Stage)
    }

    /// The index of the hardest question, if the quiz has one.
    pub fn hardest_question(&self) -> Option<usize> {
        self.questions.iter().position(|question| question.role == Role::Hardest)
    }

    /// Whether a reader with these `answers` (one entry per question) is shown question
    /// `question_idx`: a question without `shown_to` always is; a stage-aware one only when
    /// the stage question's answer is one of its stages. Stage-aware questions come after
    /// the stage question, so the answer it depends on is always given first.
    pub fn is_shown(&self, question_idx: usize, answers: &[Option<usize>]) -> bool {
        let Some(shown_to) = self.questions.get(question_idx).and_then(|question| question.shown_to.as_ref()) else {
            return true;
        };
        let stage_answer = self.stage_question().and_then(|stage_idx| answers.get(stage_idx).copied().flatten());
        stage_answer.is_some_and(|choice_idx| shown_to.contains(&choice_idx))
    }

    /// The index of the outcome with this id.
    pub fn outcome_idx(&self, id: &str) -> Option<usize> {
        self.outcomes.iter().position(|outcome| outcome.id == id)
    }

    /// The questions a reader with these `answers` is shown, in order ([`Quiz::is_shown`]).
    pub fn shown_questions<'a>(&'a self, answers: &'a [Option<usize>]) -> impl Iterator<Item = usize> + 'a {
        (0..self.questions.len()).filter(move |&question_idx| self.is_shown(question_idx, answers))
    }

    /// The first question shown after `question_idx`, if any.
    pub fn next_shown(&self, question_idx: usize, answers: &[Option<usize>]) -> Option<usize> {
        self.shown_questions(answers).find(|&shown_idx| shown_idx > question_idx)
    }

    /// The last question shown before `question_idx`, if any.
    pub fn previous_shown(&self, question_idx: usize, answers: &[Option<usize>]) -> Option<usize> {
        self.shown_questions(answers).take_while(|&shown_idx| shown_idx < question_idx).last()
    }

    /// How many questions a reader with these `answers` is shown: the "M" of "Question N of
    /// M" and the count on the intro. Once the stage question is answered (or in a quiz
    /// without one), the questions shown for that answer; before, the most any stage answer
    /// would show, so the total a reader sees never grows mid-quiz. The one rule for the
    /// view, the live region, and embed.js's drawing of the intro.
    pub fn question_count(&self, answers: &[Option<usize>]) -> usize {
        let stage = self.stage_question().filter(|&stage_idx| answers.get(stage_idx).copied().flatten().is_none());
        let Some(stage_idx) = stage else {
            return self.shown_questions(answers).count();
        };
        let shown_to: Vec<crate::rules::ShownTo> = self
            .questions
            .iter()
            .map(|question| match &question.shown_to {
                None => crate::rules::SHOWN_TO_ALL,
                Some(stages) => stages.iter().fold(0, |set, &choice_idx| set | 1 << choice_idx),
            })
            .collect();
        crate::rules::most_shown(self.questions[stage_idx].choices.len(), &shown_to)
    }

    /// The position of question `question_idx` among those the reader is shown, from 1: the
    /// "N" of "Question N of M" (and the `step` of events and the mid-quiz beacon). A
    /// stage-aware question comes after the stage question, so the number of a question
    /// never changes once the reader has reached it.
    pub fn question_number(&self, question_idx: usize, answers: &[Option<usize>]) -> usize {
        1 + self.shown_questions(answers).take_while(|&shown_idx| shown_idx < question_idx).count()
    }
}

pub use crate::rules::minutes;

impl Question {
    /// The largest weight any choice of this question gives outcome `outcome_idx`.
    pub fn max_weight(&self, outcome_idx: usize) -> u32 {
        self.choices.iter().map(|choice| choice.weights[outcome_idx]).max().unwrap_or(0)
    }
}

/// Declares the UI strings once: the `Ui` struct, its English defaults, and the table the
/// validator and the JSON Schema read (key, default, allowed placeholders).
macro_rules! ui_strings {
    ($( $(#[doc = $doc:literal])* $key:ident = $default:literal $([$($placeholder:literal),*])?; )*) => {
        /// Every string the widget shows that is not quiz content. A quiz may override
        /// any of them; the rest keep their English defaults.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct Ui {
            $( $(#[doc = $doc])* pub $key: String, )*
        }

        impl Default for Ui {
            /// Every string at its English default. Filled from [`UI_STRINGS`] in a loop,
            /// through [`Ui::text_mut`], rather than field by field: the widget carries one
            /// small loop instead of a hundred inlined copies.
            fn default() -> Self {
                let mut ui = Ui { $( $key: String::new(), )* };
                for (idx, entry) in UI_STRINGS.iter().enumerate() {
                    if let Some(text) = ui.text_mut(idx) {
                        entry.default.clone_into(text);
                    }
                }
                ui
            }
        }

        /// One entry of [`UI_STRINGS`].
        #[derive(Debug)]
        pub struct UiString {
            /// The key in the quiz file's `ui` object.
            pub key: &'static str,
            /// The English default.
            pub default: &'static str,
            /// What the string is for (its doc comment); only the schema needs it, so it is
            /// not compiled into the widget.
            #[cfg(test)]
            pub doc: &'static str,
            /// The `{placeholders}` the string may use.
            pub placeholders: &'static [&'static str],
        }

        /// Every UI string: key, English default, description, allowed placeholders.
        pub const UI_STRINGS: &[UiString] = &[
            $( UiString {
                key: stringify!($key),
                default: $default,
                #[cfg(test)]
                doc: concat!($($doc),*),
                placeholders: &[$($($placeholder),*)?],
            }, )*
        ];

        /// The English default of the UI string under `key` (empty for no such key).
        pub fn default_text(key: &str) -> &'static str {
            UI_STRINGS.iter().find(|entry| entry.key == key).map_or("", |entry| entry.default)
        }

        impl Ui {
            /// Sets the string under `key`; returns false when there is no such key.
            pub fn set(&mut self, key: &str, value: String) -> bool {
                let text = UI_STRINGS.iter().position(|entry| entry.key == key).and_then(|idx| self.text_mut(idx));
                match text {
                    Some(text) => {
                        *text = value;
                        true
                    }
                    None => false,
                }
            }

            /// The string at `idx` in [`UI_STRINGS`]'s order.
            fn text_mut(&mut self, idx: usize) -> Option<&mut String> {
                let mut fields = [$( &mut self.$key, )*].into_iter();
                fields.nth(idx)
            }
        }
    };
}

ui_strings! {
    /// No longer shown: the first screen has the first question on it, so there is nothing to
    /// press before it. Kept so that quiz files that set it stay valid.
    start = "Start the quiz";
    /// The first screen's line saying how many questions the reader will be shown and how long
    /// they take.
    duration = "{count} questions · about {minutes} min" ["count", "minutes"];
    /// The progress text above each question.
    progress = "Question {current} of {total}" ["current", "total"];
    /// What a screen reader hears when a new question appears, besides the prompt (focus
    /// moves to the prompt's heading, which reads it); also on the first screen.
    step_announcement = "Question {current} of {total}" ["current", "total"];
    /// The button that goes to the next question without changing the answer.
    next = "Next";
    /// The button that goes to the previous question.
    back = "Back";
    /// The button on the last question that shows the result.
    see_result = "See my result";
    /// The result's small heading above the name of the outcome the answers point to.
    result_heading = "Your result";
    /// The ladder's label for the reader's current transition.
    you_are_here = "You are here";
    /// The ladder's label for the reader's result.
    your_gap = "Your result";
    /// The ladder's accessible name (the ladder shows only in a quiz with `"ordered": true`).
    ladder_label = "The steps in order, the first one first";
    /// Says the gap is a transition below the reader's current one.
    position_behind = "Your result is a step you have already taken: what is still unfinished there can hold back the steps after it.";
    /// Says the gap is the transition the reader is making now.
    position_current = "Your result is the step you are taking now.";
    /// Says the gap is a transition above the reader's current one.
    position_ahead = "Your result is the step after the one you are taking now: you can start preparing for it.";
    /// The heading of the scores chart.
    scores_heading = "How each outcome scored";
    /// The text equivalent of one bar of the chart.
    score_text = "{label}: {score} of 100" ["label", "score"];
    /// The label beside the reader's own answer to the hardest question.
    you_said = "You said the hardest is";
    /// The label beside the diagnosis.
    answers_suggest = "Your answers point to";
    /// Said when the reader's own sense and the diagnosis agree.
    agreement_same = "Your own sense and your answers agree.";
    /// Said when the answers point to an earlier climb than the one the reader finds hardest.
    agreement_differ = "Your answers point to an earlier step than the one you named: the one you find hardest may rest on this one.";
    /// Said when the answers point to a later climb, and show no clear gap on the one the
    /// reader finds hardest.
    agreement_later = "Your answers point to a later step than the one you named, and show no clear result on the one you find hardest.";
    /// Said when the answers point to a later climb, and show a gap on the one the reader
    /// finds hardest too.
    agreement_later_both = "Your answers point to a later step than the one you named, though they lean toward the one you find hardest too.";
    /// Said when the answers show no clear gap to compare with what the reader said.
    agreement_no_gap = "Your answers do not single out a step you can work on now, so they neither confirm nor contradict what you said.";
    /// Said when none of the reader's questions tested the step they find hardest (a quiz
    /// with stage-aware questions asks each stage about some steps only).
    agreement_untested = "None of the questions you were asked tested the step you named, so your answers can neither confirm nor rule it out.";
    /// Stands for the diagnosis beside "You said" when there is no clear gap.
    answers_suggest_none = "No clear result";
    /// The result's small heading when the answers show no clear gap.
    no_gap_heading = "Your result";
    /// The result's headline when no outcome reaches the threshold.
    no_gap_title = "No clear result from your answers";
    /// The headline when nothing within reach of the reader's stage reaches the threshold,
    /// though something further up does.
    no_gap_title_in_reach = "No clear result for the step you are taking now";
    /// Under the no-gap headline, when every score is 0.
    no_gap_none = "None of your answers pointed to any of the outcomes.";
    /// Under the no-gap headline, when the strongest lean reached the threshold from one
    /// answer only, which is never enough to name a result (format version 2).
    no_gap_single = "One of your answers pointed toward {label}, but a single answer is not enough to name a result." ["label", "score"];
    /// Under the headline of a result, when the evidence for it is strong: at least three
    /// answers pointed to it and it scored at least 50.
    evidence_strong = "Strong evidence: {count} of the {tested} questions that test this outcome drew an answer pointing here." ["count", "tested"];
    /// Under the headline of a result, when the evidence is enough to name it but not strong.
    evidence_some = "Some evidence: {count} of the {tested} questions that test this outcome drew an answer pointing here. Read it as a likely lean, not a verdict." ["count", "tested"];
    /// In the scores chart, in place of the figure of an outcome none of the reader's
    /// questions tested.
    untested = "not asked";
    /// The text equivalent of the chart's row for an outcome none of the reader's questions
    /// tested.
    score_untested = "{label}: not tested by your questions" ["label"];
    /// Under the no-gap headline, when some answers leaned toward a gap below the threshold.
    no_gap_faint = "Some answers leaned toward an outcome, but none reached {threshold} of 100: the strongest was {label}, at {score}." ["threshold", "label", "score"];
    /// Under the no-gap-in-reach headline.
    no_gap_in_reach = "None of the steps up to the one after yours showed a clear result." ["threshold"];
    /// A clear lean more than one climb above the reader's stage, never the headline.
    further_up = "Further on, your answers leaned toward {label} ({score} of 100). That step is more than one beyond the one you are taking now: worth knowing, but not the one to work on first." ["label", "score"];
    /// Under the headline, when a later step within reach scored higher than the result,
    /// which leads because its own evidence is strong and it comes first (format version 2).
    stronger_later = "Your answers point even more strongly to a later step, {label} ({score} of 100), but it rests on this one, so start here." ["label", "score"];
    /// The ladder's label for a clear lean further up.
    ladder_further_up = "Further on";
    /// Heads the next climb of a no-gap result, from the reader's stage.
    next_stage = "The step in front of you: {label}" ["label"];
    /// Under it.
    next_stage_note = "Your answers show nothing to fix on this step; the actions below help you keep it that way.";
    /// Heads the next climb of a no-gap result for a reader who gave no stage, from the
    /// transition they said is hardest.
    next_hardest = "The step you find hardest: {label}" ["label"];
    /// Under it.
    next_hardest_note = "Your answers show nothing to fix here, though you find this step the hardest; the actions below help you prepare for it.";
    /// Heads a no-gap result for a reader who gave neither a stage nor a hardest climb.
    browse_heading = "Where to look next";
    /// Under it, above every transition's shift.
    browse_text = "Read about each outcome below, and ask someone who knows you well which of them they see in you.";
    /// The heading above the outcome's summary.
    why_heading = "Why it matters";
    /// The heading above the outcome's next steps.
    actions_heading = "Your next steps";
    /// The heading above the answers that pushed most toward the gap.
    evidence_heading = "The answers that pointed here";
    /// The heading above the related links.
    links_heading = "Read next";
    /// Introduces a close second gap.
    close_second = "A close second: {label}" ["label"];
    /// Heads the panel of how other readers answered (with `data-results`).
    readers_heading = "How other readers answered";
    /// How many readers completed the quiz, when the server shows counts.
    readers_count = "{count} readers have taken this quiz." ["count"];
    /// The same, when the count is one.
    readers_count_one = "1 reader has taken this quiz.";
    /// The share of readers whose answers showed the same gap as this reader's.
    readers_same = "{percent}% of them got the same result as you." ["percent"];
    /// The share of readers whose answers, like this reader's, showed no clear gap.
    readers_same_none = "{percent}% of them, like you, got no clear result." ["percent"];
    /// Introduces the chart of what readers said against what their answers showed (only in
    /// a quiz with a hardest question).
    readers_chart = "Which outcome readers named as hardest, and which their answers showed:";
    /// Introduces the chart of the results readers' answers showed, in a quiz without a
    /// hardest question.
    readers_outcomes = "What other readers' answers showed:";
    /// One row of that chart, read out in full.
    readers_outcome_row = "{label}: {percent}% of readers" ["label", "percent"];
    /// The chart's legend for the share who said a climb is hardest.
    readers_said = "said it is hardest";
    /// The chart's legend for the share whose answers showed it.
    readers_shown = "their answers showed";
    /// One row of that chart, read out in full.
    readers_row = "{label}: {said}% said it is hardest, {shown}% showed it in their answers" ["label", "said", "shown"];
    /// Says who these readers are.
    readers_note = "These are readers who chose to take this quiz, not a representative survey.";
    /// Invites the reader to the host page's comments.
    comments_button = "Share your experience in the comments";
    /// The button that starts the quiz over.
    retake = "Retake the quiz";
    /// The button that copies a link to the result.
    copy_link = "Copy link";
    /// Confirms the link was copied.
    link_copied = "Link copied";
    /// The button that opens the device's share sheet.
    share = "Share";
    /// The text shared along with the link.
    share_text = "My result: {label}" ["label"];
    /// The text shared along with the link when the answers showed no clear gap.
    share_text_no_gap = "My answers showed no clear result";
    /// Shown with the link when the browser would not copy it.
    copy_manual = "Copy this link:";
    /// Shown above a result opened from a shared link.
    shared_note = "Someone shared this result with you. Take the quiz to find your own.";
    /// The small heading of a result someone shared, above its outcome (it is theirs, not
    /// the reader's).
    shared_result_heading = "Their result";
    /// The same, when their answers showed no clear result.
    shared_no_gap_heading = "Their result";
    /// The headline of a shared result whose answers showed no clear result.
    shared_no_gap_title = "No clear result from their answers";
    /// The ladder's label for the result, in a shared result.
    shared_your_gap = "Their result";
    /// The ladder's label for where they are, in a shared result.
    shared_you_are_here = "Where they are";
    /// The label beside what they said is hardest, in a shared result.
    shared_you_said = "They said the hardest is";
    /// The label beside what their answers show, in a shared result.
    shared_answers_suggest = "Their answers point to";
    /// The heading above the outcome's next steps, in a shared result.
    shared_actions_heading = "Next steps";
    /// The text equivalent of the chart's row for an outcome their questions did not test,
    /// in a shared result.
    shared_score_untested = "{label}: not tested by their questions" ["label"];
    /// The button under a shared result, for the reader to take the quiz themselves.
    take_quiz = "Take the quiz";
    /// Appended to the accessible name of links that open a new tab.
    new_tab = "(opens in a new tab)";
    /// Shown while a quiz file loads.
    loading = "Loading the quiz…";
    /// Shown when a quiz file could not be fetched.
    error_network = "The quiz could not be loaded. Check your connection and try again.";
    /// Shown when the server has no quiz file at that address (404) or refuses it (another
    /// 4xx): trying again would not help.
    error_missing = "This quiz could not be loaded because its file was not found.";
    /// Shown when a quiz file is not a valid quiz.
    error_invalid = "This quiz could not be started because its file has mistakes.";
    /// Shown when the widget itself failed.
    error_crash = "Something went wrong in the quiz.";
    /// The button that tries loading again.
    retry = "Try again";
    /// The owner's dashboard: the heading of the table of the results readers' answers
    /// showed (the widget never shows it).
    dashboard_results = "The result readers' answers showed";
    /// The owner's dashboard: the heading of the table of where readers said they are (the
    /// stage question's answers; only for a quiz with a stage question).
    dashboard_stages = "Where readers said they are";
    /// The owner's dashboard: the heading of the table of which step readers said is
    /// hardest (only for a quiz with a hardest question).
    dashboard_hardest = "The step readers said is hardest";
    /// The owner's dashboard: the heading of the table of what readers said is hardest
    /// against the result their answers showed (only for a quiz with a hardest question).
    dashboard_said_vs_shown = "The step readers said is hardest, and the result their answers showed";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_id_rule() {
        for (text, ok) in [
            ("a", true),
            ("four-transitions", true),
            ("Q_1-b", true),
            (&"x".repeat(limits::ID), true),
            (&"x".repeat(limits::ID + 1), false),
            ("", false),
            ("a b", false),
            ("é", false),
            ("a.b", false),
            ("a/b", false),
        ] {
            assert_eq!(is_id(text), ok, "{text:?}");
        }
        assert_eq!(ID_PATTERN, format!("^[A-Za-z0-9_-]{{1,{}}}$", limits::ID), "the pattern states the same limit");
    }

    /// `question_count` and `question_number` for each question of the stages quiz (0
    /// where: new, lead, top; 1 all; 2 early: new; 3 later: lead, top; 4 scale: top), with
    /// these answers: the total, and the number of each question shown.
    fn check_numbering(answers: [Option<usize>; 5], total: usize, numbers: &[(usize, usize)]) {
        let quiz = crate::test_quiz::stages_quiz();
        assert_eq!(quiz.question_count(&answers), total, "total for {answers:?}");
        let shown: Vec<(usize, usize)> = quiz
            .shown_questions(&answers)
            .map(|question_idx| (question_idx, quiz.question_number(question_idx, &answers)))
            .collect();
        assert_eq!(shown, numbers, "numbers for {answers:?}");
    }

    #[test]
    fn questions_are_numbered_among_those_a_reader_is_shown() {
        // Before the stage answer: the most any stage answer shows ("top": 4), so the total
        // a reader sees never grows; only the questions for everyone are shown yet.
        check_numbering([None; 5], 4, &[(0, 1), (1, 2)]);
        check_numbering([Some(0), None, None, None, None], 3, &[(0, 1), (1, 2), (2, 3)]);
        check_numbering([Some(1), Some(0), None, None, None], 3, &[(0, 1), (1, 2), (3, 3)]);
        check_numbering([Some(2), Some(0), None, None, None], 4, &[(0, 1), (1, 2), (3, 3), (4, 4)]);
        // A quiz without stage-aware questions counts every question, in order.
        let tiny = crate::test_quiz::tiny_quiz();
        assert_eq!(tiny.question_count(&[None, None, None]), 3);
        assert_eq!((0..3).map(|idx| tiny.question_number(idx, &[Some(0), None, None])).collect::<Vec<_>>(), [1, 2, 3]);
    }

    #[test]
    fn next_and_previous_skip_hidden_questions() {
        let quiz = crate::test_quiz::stages_quiz();
        let lead = [Some(1), Some(0), None, None, None];
        assert_eq!((quiz.next_shown(1, &lead), quiz.next_shown(3, &lead)), (Some(3), None));
        assert_eq!((quiz.previous_shown(3, &lead), quiz.previous_shown(0, &lead)), (Some(1), None));
        // Without a stage answer, nothing after the question for everyone is shown yet.
        assert_eq!(quiz.next_shown(1, &[None; 5]), None);
    }

    #[test]
    fn every_ui_string_can_be_set_by_its_key() {
        let mut ui = Ui::default();
        for entry in UI_STRINGS {
            assert!(ui.set(entry.key, format!("custom {}", entry.key)), "{}", entry.key);
        }
        assert_eq!(ui.retake, "custom retake");
        assert!(!ui.set("no_such_key", String::new()));
    }

    #[test]
    fn defaults_use_only_their_declared_placeholders() {
        for entry in UI_STRINGS {
            for placeholder in crate::text::placeholders(entry.default) {
                assert!(entry.placeholders.contains(&placeholder), "{} uses {{{placeholder}}}", entry.key);
            }
        }
    }
}
