//! Why the application refused a request: a kind (which the web layer turns into an HTTP
//! status), a stable code for programs, a sentence for people saying what to change, and
//! whether sending the same request again later can help.

/// What kind of refusal, independent of HTTP.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Nothing by that name (an unknown quiz).
    NotFound,
    /// Not allowed (another origin's page, a bot).
    Forbidden,
    /// Made for another version of the quiz.
    Conflict,
    /// The request itself is wrong.
    Invalid,
    /// The request's body is of a type not taken here.
    UnsupportedType,
    /// Too many from this reader (a daily cap or the rate limit).
    TooMany,
    /// The server cannot take it now (a full queue, the database).
    Unavailable,
}

impl Kind {
    /// Whether the same request, sent again later, can be taken: only when the refusal is
    /// about now (too many today, too many at once, a server that is busy or down), never
    /// when it is about the request or the page, which stay as they are until someone
    /// changes them.
    pub fn retry(self) -> bool {
        matches!(self, Kind::TooMany | Kind::Unavailable)
    }
}

/// A refusal: nothing was stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub kind: Kind,
    pub code: &'static str,
    pub message: String,
    /// Seconds after which trying again may work, when that is known.
    pub retry_after: Option<u64>,
}

impl Refusal {
    /// A refusal of `kind` with a `code` and a `message`.
    pub fn new(kind: Kind, code: &'static str, message: impl Into<String>) -> Refusal {
        Refusal { kind, code, message: message.into(), retry_after: None }
    }

    /// The same, saying when to try again.
    pub fn retry_after(mut self, seconds: u64) -> Refusal {
        self.retry_after = Some(seconds.max(1));
        self
    }

    /// Whether sending the same request again later can help (see [`Kind::retry`]).
    pub fn retry(&self) -> bool {
        self.kind.retry()
    }

    /// The database failed: logged here, a plain sentence for the client.
    pub fn storage(error: impl std::fmt::Display) -> Refusal {
        tracing::error!(%error, "the database did not answer");
        Refusal::new(Kind::Unavailable, "storage", "the database did not answer; retry later")
    }
}
