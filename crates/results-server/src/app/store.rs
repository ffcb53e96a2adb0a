//! Storage: one code path and one set of migrations for SQLite and PostgreSQL (sqlx's `Any`
//! driver, chosen by the URL), and the writer that commits completions.
//!
//! Completions go through one bounded queue to one writer task, which takes every write
//! waiting (up to [`BATCH`]), does them in one transaction, commits, and only then answers
//! each: every 200 is on disk, yet a burst costs one commit, not one per completion. A full
//! queue refuses a completion at once (503), so memory stays bounded. A new completion of a
//! quiz with a webhook writes its delivery into the outbox in the same transaction, so no
//! acknowledged completion is ever without its delivery; and the delivery worker's own writes
//! (claiming deliveries, recording how they went) go through the same queue, so under load
//! they share the completions' commits instead of adding their own.
//!
//! The writer also keeps the counts (`counts.rs`): a batch's new completions and its start
//! and stop beacons are added to the count tables in the same transaction, so the counts and
//! the rows never disagree, whatever stops the process; beacons share the completions'
//! commits. Retention's deletions and the owner's deletions go through it too, so nothing
//! else ever waits for SQLite's write lock.
//!
//! Also here: the outbox and the delivery log ([`Store::claim_deliveries`]), the owner's
//! sessions ([`Store::open_session`]), each with a fixed bound, and raw completions read as a
//! stream for exports ([`Store::stream_completions`]).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{AnyPool, Row};
use tokio::sync::{Notify, mpsc, oneshot};
use tokio_util::sync::CancellationToken;

use crate::app::counts::{self, Deltas, PageBook};

/// Most completions written in one transaction.
pub const BATCH: usize = 512;
/// Raw completions an export's reader passes on at a time (about 1.4 MB of the built-in quiz's
/// CSV: fewer, larger chunks cost fewer queries and wake-ups than 256 did, 20% more rows a
/// second).
const STREAMED_CHUNK: usize = 1024;
/// Chunks an export's reader may have read ahead of the response.
const STREAMED_AHEAD: usize = 2;
/// Finished deliveries kept per quiz for the dashboard's log.
pub const LOGGED_DELIVERIES: i64 = 100;
/// Owner sessions kept at most; a new one beyond ends the oldest.
pub const MAX_SESSIONS: i64 = 16;

/// A completion as stored: nothing else about the reader exists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    /// Random, made by the widget: a retry with the same id is stored once.
    pub id: String,
    /// The quiz key.
    pub quiz: String,
    /// Days since 1970 (UTC).
    pub day: i64,
    /// The page's path, without query string or fragment.
    pub page_path: String,
    /// The gap the server's scoring named; `None`: no clear gap.
    pub outcome: Option<String>,
    /// A clear lean further up the ladder, if any.
    pub further_up: Option<String>,
    /// The reader's stage (an outcome id), if given.
    pub stage: Option<String>,
    /// The transition the reader said is hardest, if given.
    pub hardest: Option<String>,
    /// `question=choice` pairs, joined by commas.
    pub answers: String,
}

impl Completion {
    /// The completion, borrowed.
    pub fn borrowed(&self) -> CompletionRef<'_> {
        CompletionRef {
            id: &self.id,
            quiz: &self.quiz,
            day: self.day,
            page_path: &self.page_path,
            outcome: self.outcome.as_deref(),
            further_up: self.further_up.as_deref(),
            stage: self.stage.as_deref(),
            hardest: self.hardest.as_deref(),
            answers: &self.answers,
        }
    }
}

/// A stored completion, borrowed (from a [`Chunk`], or from a [`Completion`]): what counting
/// and exporting read, without copying each value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CompletionRef<'a> {
    pub id: &'a str,
    pub quiz: &'a str,
    pub day: i64,
    pub page_path: &'a str,
    pub outcome: Option<&'a str>,
    pub further_up: Option<&'a str>,
    pub stage: Option<&'a str>,
    pub hardest: Option<&'a str>,
    pub answers: &'a str,
}

/// Separates the completions in a [`Chunk`]'s text, and a completion's values: control
/// characters, which no stored value holds (ids are letters, digits, `-` and `_`; a page's
/// path is kept without control characters).
const RECORD: char = '\u{1e}';
const FIELD: char = '\u{1f}';

/// Raw completions of one quiz and day, by id, as the database handed them over: one text
/// (see [`completions_after`]), read through [`Chunk::completions`] without a copy of each
/// value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    quiz: String,
    day: i64,
    text: String,
    len: usize,
}

impl Chunk {
    /// The chunk of `quiz` on `day` in `text`, once each completion is seen to hold its seven
    /// values (none holds a separator); none from no text.
    fn read(quiz: &str, day: i64, text: Option<String>) -> Result<Chunk, sqlx::Error> {
        let text = text.unwrap_or_default();
        let mut len = 0;
        for record in text.split(RECORD).filter(|_| !text.is_empty()) {
            if record.split(FIELD).count() != 7 {
                return Err(sqlx::Error::Protocol(format!(
                    "a stored completion of {quiz} holds a control character: {record:?}"
                )));
            }
            len += 1;
        }
        Ok(Chunk { quiz: quiz.to_string(), day, text, len })
    }

    /// How many completions it holds.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Its completions, by id.
    pub fn completions(&self) -> impl Iterator<Item = CompletionRef<'_>> {
        fn value(text: &str) -> Option<&str> {
            (!text.is_empty()).then_some(text)
        }
        self.text.split(RECORD).take(self.len).map(move |record| {
            let mut values = record.splitn(7, FIELD);
            let mut next = || values.next().unwrap_or_default();
            let (id, page_path, outcome, further_up, stage, hardest) = (next(), next(), next(), next(), next(), next());
            CompletionRef {
                id,
                quiz: &self.quiz,
                day: self.day,
                page_path,
                outcome: value(outcome),
                further_up: value(further_up),
                stage: value(stage),
                hardest: value(hardest),
                answers: next(),
            }
        })
    }

    /// The id of its last completion, if any.
    pub fn last_id(&self) -> Option<&str> {
        self.completions().last().map(|completion| completion.id)
    }
}

/// Up to `limit` raw completions of `quiz` on `day` whose ids come after `after`, by id.
///
/// The database hands them over as one text value (`string_agg`, which SQLite has had since
/// 3.44 and PostgreSQL always), not one row each: through sqlx, SQLite passes every row from
/// its own thread to the server's, and those hand-offs capped reading at about 125,000 rows
/// a second on this machine, where one value per chunk reads over 500,000.
pub(crate) async fn completions_after(
    connection: &mut sqlx::AnyConnection,
    quiz: &str,
    day: i64,
    after: &str,
    limit: i64,
) -> Result<Chunk, sqlx::Error> {
    let sql = format!(
        "SELECT string_agg(id || '{FIELD}' || page_path || '{FIELD}' || COALESCE(outcome, '') || '{FIELD}' \
         || COALESCE(further_up, '') || '{FIELD}' || COALESCE(stage, '') || '{FIELD}' || COALESCE(hardest, '') \
         || '{FIELD}' || answers, '{RECORD}' ORDER BY id) AS chunk FROM ( \
             SELECT * FROM completions WHERE quiz = $1 AND day = $2 AND id > $3 ORDER BY id LIMIT $4 \
         ) AS page"
    );
    let text: Option<String> =
        sqlx::query(&sql).bind(quiz).bind(day).bind(after).bind(limit).fetch_one(connection).await?.try_get("chunk")?;
    Chunk::read(quiz, day, text)
}

/// Why a completion was not stored.
#[derive(Debug)]
pub enum WriteError {
    /// The queue is full: try again shortly.
    Busy,
    /// The database failed.
    Database(String),
}

/// The database, the writer's queue, and the outbox's doorbell.
#[derive(Clone)]
pub struct Store {
    pub(super) pool: AnyPool,
    queue: mpsc::Sender<Write>,
    outbox_ready: Arc<Notify>,
    closing: CancellationToken,
    writer: Arc<Mutex<Option<tokio::task::JoinHandle<()>>>>,
}

/// A write waiting for the writer, and where to say how it went.
enum Write {
    /// A completion, with its webhook payload if its quiz has a webhook: stored (or a retry).
    Completion(Completion, Option<String>, oneshot::Sender<Result<bool, String>>),
    /// A start beacon (`step` none) or a stop beacon: counted.
    Beacon { quiz: String, day: i64, step: Option<i64>, done: oneshot::Sender<Result<(), String>> },
    /// Retention: delete at most `limit` raw completions on days before `before`.
    Expire { before: i64, limit: i64, done: oneshot::Sender<Result<i64, String>> },
    /// The owner's deletion of a range of days.
    Delete { quiz: String, first: i64, last: i64, done: oneshot::Sender<Result<Held, String>> },
    /// Take up to `limit` deliveries due at `now`, holding them until `until` (Unix ms).
    Claim { now: i64, until: i64, limit: i64, done: oneshot::Sender<Result<Vec<Claimed>, String>> },
    /// How attempts at claimed deliveries went.
    Settle(Vec<(Claimed, Settled)>, oneshot::Sender<Result<(), String>>),
}

/// What a write gave, once committed.
enum Written {
    Stored(bool),
    Counted,
    Claimed(Vec<Claimed>),
    Settled,
    Expired(i64),
    Deleted(Held),
}

/// A delivery taken from the outbox for one attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claimed {
    /// The completion's id (the payload's `id`).
    pub id: String,
    pub quiz: String,
    /// The JSON payload.
    pub body: String,
    /// Attempts made, this one included.
    pub attempts: i64,
}

/// How an attempt at a claimed delivery ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Settled {
    /// Delivered, or given up: into the log.
    Finished(Delivery),
    /// To be tried again at `due` (Unix ms).
    Again { due: i64 },
}

/// A finished delivery, as the dashboard lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// The completion's day.
    pub day: i64,
    /// The completion's outcome; none for no clear gap.
    pub outcome: Option<String>,
    /// Attempts made.
    pub attempts: i64,
    /// The last answer: an HTTP status, or why there was none.
    pub result: String,
    /// Whether the endpoint took it (a 2xx).
    pub delivered: bool,
}

/// Milliseconds since 1970: when outbox rows are due (not a reader's time: a row is deleted
/// once delivered), and when the owner's sessions end.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |elapsed| elapsed.as_millis() as i64)
}

impl Store {
    /// Connects (creating an SQLite file if missing), migrates, and starts the writer.
    pub async fn open(url: &str, queue: usize) -> Result<Store, String> {
        install_default_drivers();
        let sqlite = url.starts_with("sqlite:");
        let url = if sqlite && !url.contains('?') { format!("{url}?mode=rwc") } else { url.to_string() };
        let pool = AnyPoolOptions::new()
            .max_connections(if sqlite { 4 } else { 8 })
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(move |connection, _| {
                Box::pin(async move {
                    if sqlite {
                        // WAL: readers never wait for the writer. FULL: a commit is on disk
                        // before it returns, so an acknowledged completion survives a crash.
                        for pragma in
                            ["PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL", "PRAGMA busy_timeout = 5000"]
                        {
                            sqlx::query(pragma).execute(&mut *connection).await?;
                        }
                    }
                    Ok(())
                })
            })
            .connect(&url)
            .await
            .map_err(|error| format!("cannot open the database {url}: {error}"))?;
        sqlx::migrate!("./migrations")
            .run(&pool)
            .await
            .map_err(|error| format!("cannot migrate the database: {error}"))?;
        let (store, receiver) = Store::with_queue(pool, queue);
        // Once, after the upgrade that made the count tables: count what was stored before.
        let started = std::time::Instant::now();
        if let Some(counted) =
            store.count_once().await.map_err(|error| format!("cannot count the completions: {error}"))?
            && counted.completions > 0
        {
            tracing::info!(
                completions = counted.completions,
                days = counted.days,
                ms = started.elapsed().as_millis() as u64,
                "counted the completions stored before this version, once"
            );
        }
        // The months that ended while the server was stopped (or all of them, the first time).
        roll_months(&store.pool, crate::app::days::today())
            .await
            .map_err(|error| format!("cannot roll up the month counts: {error}"))?;
        let writer = tokio::spawn(write_completions(
            store.pool.clone(),
            receiver,
            store.outbox_ready.clone(),
            store.closing.clone(),
        ));
        *store.writer.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(writer);
        Ok(store)
    }

    /// The store and the receiving end of its queue, without a writer yet.
    fn with_queue(pool: AnyPool, queue: usize) -> (Store, mpsc::Receiver<Write>) {
        let (sender, receiver) = mpsc::channel(queue.max(1));
        let store = Store {
            pool,
            queue: sender,
            outbox_ready: Arc::new(Notify::new()),
            closing: CancellationToken::new(),
            writer: Arc::default(),
        };
        (store, receiver)
    }

    /// Queues a completion (with its webhook payload, if its quiz has a webhook) and waits
    /// until it is committed: `Ok(true)` when stored, `Ok(false)` when its id was stored
    /// before (and then no delivery is added).
    pub async fn add_completion(&self, completion: Completion, webhook: Option<String>) -> Result<bool, WriteError> {
        let (done, committed) = oneshot::channel();
        self.queue.try_send(Write::Completion(completion, webhook, done)).map_err(|_| WriteError::Busy)?;
        match committed.await {
            Ok(result) => result.map_err(WriteError::Database),
            Err(_) => Err(WriteError::Database("the writer stopped".into())),
        }
    }

    /// Counts a reader starting `quiz` on `day` (`step` none) or leaving it after reaching
    /// `step`, through the writer, so beacons share the completions' commits; `Busy` when
    /// its queue is full.
    pub async fn add_beacon(&self, quiz: &str, day: i64, step: Option<i64>) -> Result<(), WriteError> {
        let (done, committed) = oneshot::channel();
        let beacon = Write::Beacon { quiz: quiz.to_string(), day, step, done };
        self.queue.try_send(beacon).map_err(|_| WriteError::Busy)?;
        match committed.await {
            Ok(result) => result.map_err(WriteError::Database),
            Err(_) => Err(WriteError::Database("the writer stopped".into())),
        }
    }

    /// Deletes at most `limit` raw completions on days before `before` (oldest first),
    /// through the writer, keeping their counts (retention): how many went.
    pub async fn expire(&self, before: i64, limit: i64) -> Result<i64, String> {
        let (done, committed) = oneshot::channel();
        self.queue.send(Write::Expire { before, limit, done }).await.map_err(|_| "the writer stopped".to_string())?;
        committed.await.map_err(|_| "the writer stopped".to_string())?
    }

    /// Deletes what lies on the days from `first` to `last` for `quiz` (the completions,
    /// their webhook deliveries not made yet, and every count of those days: completions,
    /// starts, stops), in one transaction through the writer; what was deleted.
    pub async fn delete_between(&self, quiz: &str, first: i64, last: i64) -> Result<Held, String> {
        let (done, committed) = oneshot::channel();
        let delete = Write::Delete { quiz: quiz.to_string(), first, last, done };
        self.queue.send(delete).await.map_err(|_| "the writer stopped".to_string())?;
        committed.await.map_err(|_| "the writer stopped".to_string())?
    }

    /// Stores `completions` (none whose id is stored already) and adds them, with `beacons`
    /// (starts and stops), to the counts, in one transaction: the writer's own batch path
    /// without its queue, for loading many at once (`examples/scale-load.rs`). How many were
    /// new. No webhook deliveries are written.
    pub async fn import(&self, completions: &[Completion], beacons: &Deltas) -> Result<usize, String> {
        let attempt = async {
            let mut transaction = self.pool.begin().await?;
            let mut new = 0;
            let mut deltas =
                Deltas { starts: beacons.starts.clone(), stops: beacons.stops.clone(), ..Deltas::default() };
            // 2,000 completions of 9 values each stay under every database's parameter limit.
            for chunk in completions.chunks(2000) {
                let with_webhooks: Vec<(&Completion, Option<&str>)> = chunk.iter().map(|c| (c, None)).collect();
                let stored = insert_completions(&mut transaction, &with_webhooks, 0).await?;
                for (completion, stored) in chunk.iter().zip(stored) {
                    if stored {
                        deltas.add_completion(completion.borrowed());
                        new += 1;
                    }
                }
            }
            counts::add(&mut transaction, &deltas, Some(&mut PageBook::default())).await?;
            transaction.commit().await?;
            Ok::<_, sqlx::Error>(new)
        };
        attempt.await.map_err(|error| error.to_string())
    }

    /// The raw completions of `quiz` on the days from `first` to `last`, oldest day first and
    /// by id within a day, as a stream of chunks (of [`STREAMED_CHUNK`]): straight from the
    /// database, one day's query at a time, through a channel of a few chunks, so memory stays
    /// the same however many there are. The reading stops when the stream is dropped; a
    /// database error ends it with that error.
    pub fn stream_completions(
        &self,
        quiz: &str,
        first: i64,
        last: i64,
    ) -> impl futures_util::Stream<Item = Result<Chunk, String>> + Send + 'static {
        let (sender, mut receiver) = mpsc::channel(STREAMED_AHEAD);
        let (pool, quiz) = (self.pool.clone(), quiz.to_string());
        tokio::spawn(async move {
            let read = async {
                // A day at a time, each the next day that holds raw completions (the range
                // may be "every day"), a chunk at a time: each query walks the index on
                // (quiz, day, id) from where the last one stopped, so neither database sorts,
                // and no connection is held while the client reads (a slow one waits alone).
                let mut after_day = first.saturating_sub(1);
                loop {
                    let row = sqlx::query(
                        "SELECT MIN(day) AS day FROM completions WHERE quiz = $1 AND day > $2 AND day <= $3",
                    )
                    .bind(&quiz)
                    .bind(after_day)
                    .bind(last)
                    .fetch_one(&pool)
                    .await?;
                    let Some(day) = row.try_get::<Option<i64>, _>("day")? else { break };
                    let mut after_id = String::new();
                    loop {
                        let mut connection = pool.acquire().await?;
                        let chunk =
                            completions_after(&mut connection, &quiz, day, &after_id, STREAMED_CHUNK as i64).await?;
                        drop(connection);
                        let Some(last_id) = chunk.last_id() else { break };
                        after_id = last_id.to_string();
                        let full = chunk.len() == STREAMED_CHUNK;
                        if sender.send(Ok(chunk)).await.is_err() {
                            return Ok(());
                        }
                        if !full {
                            break;
                        }
                    }
                    after_day = day;
                }
                Ok::<_, sqlx::Error>(())
            };
            if let Err(error) = read.await {
                let _ = sender.send(Err(error.to_string())).await;
            }
        });
        futures_util::stream::poll_fn(move |context| receiver.poll_recv(context))
    }

    /// Whether a completion with this id is stored.
    pub async fn has_completion(&self, id: &str) -> Result<bool, String> {
        sqlx::query("SELECT 1 AS found FROM completions WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map(|row| row.is_some())
            .map_err(|error| error.to_string())
    }

    /// Whether the database answers.
    pub async fn healthy(&self) -> bool {
        sqlx::query("SELECT 1").fetch_one(&self.pool).await.is_ok()
    }

    /// Resolves when the writer has committed new deliveries (or at once, if it did since the
    /// last call).
    pub async fn outbox_ready(&self) {
        self.outbox_ready.notified().await;
    }

    /// Takes up to `limit` deliveries that are due at `now` (Unix ms) and not being attempted
    /// by anyone, counting an attempt for each and holding them until `until`. Several
    /// instances on one database never take the same row at once. Through the writer: waits
    /// for a place in its queue rather than being refused.
    pub async fn claim_deliveries(&self, now: i64, until: i64, limit: i64) -> Result<Vec<Claimed>, String> {
        let (done, committed) = oneshot::channel();
        self.queue
            .send(Write::Claim { now, until, limit, done })
            .await
            .map_err(|_| "the writer stopped".to_string())?;
        committed.await.map_err(|_| "the writer stopped".to_string())?
    }

    /// Writes how the attempts at claimed deliveries went, in one transaction (through the
    /// writer): a finished one (delivered, or given up) leaves the outbox for the log, which
    /// keeps the latest [`LOGGED_DELIVERIES`] of its quiz; another is put back to be tried
    /// again when due.
    pub async fn settle_deliveries(&self, settled: Vec<(Claimed, Settled)>) -> Result<(), String> {
        let (done, committed) = oneshot::channel();
        self.queue.send(Write::Settle(settled, done)).await.map_err(|_| "the writer stopped".to_string())?;
        committed.await.map_err(|_| "the writer stopped".to_string())?
    }

    /// The latest finished deliveries of `quiz`, newest first.
    pub async fn deliveries(&self, quiz: &str) -> Result<Vec<Delivery>, String> {
        let rows = sqlx::query(
            "SELECT day, outcome, attempts, result, delivered FROM deliveries WHERE quiz = $1 ORDER BY seq DESC LIMIT $2",
        )
        .bind(quiz)
        .bind(LOGGED_DELIVERIES)
        .fetch_all(&self.pool)
        .await
        .map_err(|error| error.to_string())?;
        rows.iter()
            .map(|row| {
                Ok(Delivery {
                    day: row.try_get("day")?,
                    outcome: row.try_get("outcome")?,
                    attempts: row.try_get("attempts")?,
                    result: row.try_get("result")?,
                    delivered: row.try_get::<i64, _>("delivered")? != 0,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(|error| error.to_string())
    }

    /// Adds refused completions' counts, by (quiz, day, reason, origin), in one transaction:
    /// a quiz keeps at most `origins_per_day` distinct origins a day (counted with those
    /// already stored), the rest go under `other`; days before `keep_from` are forgotten.
    pub async fn add_refusals(
        &self,
        counts: &[(crate::app::refusals::Key, i64)],
        origins_per_day: usize,
        other: &str,
        keep_from: i64,
    ) -> Result<(), String> {
        let attempt = async {
            let mut transaction = self.pool.begin().await?;
            let mut known: std::collections::HashMap<(&str, i64), std::collections::HashSet<String>> =
                std::collections::HashMap::new();
            for ((quiz, day, reason, origin), count) in counts {
                let group = (quiz.as_str(), *day);
                if let std::collections::hash_map::Entry::Vacant(entry) = known.entry(group) {
                    let stored = sqlx::query(
                        "SELECT DISTINCT origin FROM refusals WHERE quiz = $1 AND day = $2 AND origin <> $3",
                    )
                    .bind(quiz)
                    .bind(day)
                    .bind(other)
                    .fetch_all(&mut *transaction)
                    .await?
                    .iter()
                    .map(|row| row.try_get::<String, _>("origin"))
                    .collect::<Result<_, _>>()?;
                    entry.insert(stored);
                }
                let origins = known.get_mut(&group).expect("inserted above");
                let origin = if origin == other || origins.contains(origin) {
                    origin.as_str()
                } else if origins.len() < origins_per_day {
                    origins.insert(origin.clone());
                    origin.as_str()
                } else {
                    other
                };
                sqlx::query(
                    "INSERT INTO refusals (quiz, day, reason, origin, count) VALUES ($1, $2, $3, $4, $5) \
                     ON CONFLICT (quiz, day, reason, origin) DO UPDATE SET count = refusals.count + excluded.count",
                )
                .bind(quiz)
                .bind(day)
                .bind(*reason)
                .bind(origin)
                .bind(count)
                .execute(&mut *transaction)
                .await?;
            }
            sqlx::query("DELETE FROM refusals WHERE day < $1").bind(keep_from).execute(&mut *transaction).await?;
            transaction.commit().await
        };
        attempt.await.map_err(|error| error.to_string())
    }

    /// Refused completions of `quiz` (or of unknown quizzes, under their key) from day
    /// `first` on: (day, reason, origin, count), newest day first, then the most.
    pub async fn refusals(&self, quiz: &str, first: i64) -> Result<Vec<(i64, String, String, i64)>, String> {
        let rows = sqlx::query(
            "SELECT day, reason, origin, count FROM refusals WHERE quiz = $1 AND day >= $2 \
             ORDER BY day DESC, count DESC, reason, origin",
        )
        .bind(quiz)
        .bind(first)
        .fetch_all(&self.pool)
        .await
        .map_err(|error| error.to_string())?;
        rows.iter()
            .map(|row| Ok((row.try_get("day")?, row.try_get("reason")?, row.try_get("origin")?, row.try_get("count")?)))
            .collect::<Result<_, sqlx::Error>>()
            .map_err(|error| error.to_string())
    }

    /// Deliveries waiting in the outbox.
    pub async fn pending_deliveries(&self) -> Result<i64, String> {
        sqlx::query("SELECT COUNT(*) AS n FROM outbox")
            .fetch_one(&self.pool)
            .await
            .and_then(|row| row.try_get("n"))
            .map_err(|error| error.to_string())
    }

    /// Starts an owner session: `token_hash` (the cookie's token, hashed) with its CSRF
    /// token, until `expires` (Unix ms). Ended sessions are removed, and the oldest
    /// beyond [`MAX_SESSIONS`].
    pub async fn open_session(&self, token_hash: &str, csrf: &str, now: i64, expires: i64) -> Result<(), String> {
        let attempt = async {
            let mut transaction = self.pool.begin().await?;
            sqlx::query("DELETE FROM owner_sessions WHERE expires <= $1").bind(now).execute(&mut *transaction).await?;
            sqlx::query("INSERT INTO owner_sessions (token_hash, csrf, expires) VALUES ($1, $2, $3)")
                .bind(token_hash)
                .bind(csrf)
                .bind(expires)
                .execute(&mut *transaction)
                .await?;
            sqlx::query(
                "DELETE FROM owner_sessions WHERE token_hash NOT IN ( \
                     SELECT token_hash FROM owner_sessions ORDER BY expires DESC, token_hash LIMIT $1)",
            )
            .bind(MAX_SESSIONS)
            .execute(&mut *transaction)
            .await?;
            transaction.commit().await
        };
        attempt.await.map_err(|error| error.to_string())
    }

    /// The CSRF token of the live session `token_hash`, if there is one at `now`.
    pub async fn session(&self, token_hash: &str, now: i64) -> Result<Option<String>, String> {
        sqlx::query("SELECT csrf FROM owner_sessions WHERE token_hash = $1 AND expires > $2")
            .bind(token_hash)
            .bind(now)
            .fetch_optional(&self.pool)
            .await
            .and_then(|row| row.map(|row| row.try_get("csrf")).transpose())
            .map_err(|error| error.to_string())
    }

    /// Ends the session `token_hash`.
    pub async fn close_session(&self, token_hash: &str) -> Result<(), String> {
        sqlx::query("DELETE FROM owner_sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.pool)
            .await
            .map(|_| ())
            .map_err(|error| error.to_string())
    }

    /// Stops taking completions, waits until every queued one is committed, and closes the
    /// pool (graceful shutdown; call once nothing sends any more).
    pub async fn close(&self) {
        self.closing.cancel();
        let writer = self.writer.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).take();
        if let Some(writer) = writer {
            let _ = writer.await;
        }
        self.pool.close().await;
    }
}

/// The completions with one (outcome, stage, hardest), and how many there are.
pub type Group = (Option<String>, Option<String>, Option<String>, i64);

/// Completion counts grouped by (outcome, stage, hardest), and the number of starts.
#[derive(Debug, Default)]
pub struct Tallies {
    /// (outcome, stage, hardest, count).
    pub groups: Vec<Group>,
    /// Readers who started.
    pub starts: i64,
}

/// What lies on a range of days for a quiz.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Held {
    pub completions: i64,
    pub starts: i64,
    pub stops: i64,
}

/// Each quiz's figures for the owner's home page, by quiz key.
#[derive(Debug, Default)]
pub struct Overview {
    pub completions: std::collections::HashMap<String, i64>,
    pub starts: std::collections::HashMap<String, i64>,
    /// Refused completions (under `""`: for quizzes the server does not take).
    pub refused: std::collections::HashMap<String, i64>,
}

/// The writer: takes every write waiting, does them in one transaction, answers each once
/// committed, and rings the outbox's bell when new deliveries were written. When `closing`,
/// it takes no more and ends once the queue is empty.
async fn write_completions(
    pool: AnyPool,
    mut queue: mpsc::Receiver<Write>,
    outbox_ready: Arc<Notify>,
    closing: CancellationToken,
) {
    let mut batch = Vec::with_capacity(BATCH);
    let mut pages = PageBook::default();
    // The month whose rows the writer last saw rolled up (`counts::roll_months`): checked
    // against today's before each batch, so a month is rolled up by the first batch after it
    // ends, in a transaction of its own.
    let mut rolled = i64::MIN;
    loop {
        let first = tokio::select! {
            first = queue.recv() => first,
            () = closing.cancelled(), if !queue.is_closed() => {
                queue.close();
                continue;
            }
        };
        let Some(first) = first else { break };
        batch.push(first);
        while batch.len() < BATCH {
            match queue.try_recv() {
                Ok(next) => batch.push(next),
                Err(_) => break,
            }
        }
        let today = crate::app::days::today();
        if crate::app::days::month_start(today) > rolled {
            match roll_months(&pool, today).await {
                Ok(()) => rolled = crate::app::days::month_start(today),
                Err(error) => {
                    tracing::error!(%error, "the month counts were not rolled up; the next batch tries again")
                }
            }
        }
        let results = commit(&pool, &batch, &mut pages).await;
        let delivering = batch.iter().zip(&results).any(|(write, result)| {
            matches!((write, result), (Write::Completion(_, Some(_), _), Ok(Written::Stored(true))))
        });
        for (write, result) in batch.drain(..).zip(results) {
            match write {
                Write::Completion(.., done) => {
                    let _ = done.send(result.map(|written| matches!(written, Written::Stored(true))));
                }
                Write::Beacon { done, .. } => {
                    let _ = done.send(result.map(|_| ()));
                }
                Write::Claim { done, .. } => {
                    let claimed = |written| match written {
                        Written::Claimed(claimed) => claimed,
                        _ => Vec::new(),
                    };
                    let _ = done.send(result.map(claimed));
                }
                Write::Settle(_, done) => {
                    let _ = done.send(result.map(|_| ()));
                }
                Write::Expire { done, .. } => {
                    let _ = done.send(result.map(|written| match written {
                        Written::Expired(deleted) => deleted,
                        _ => 0,
                    }));
                }
                Write::Delete { done, .. } => {
                    let _ = done.send(result.map(|written| match written {
                        Written::Deleted(held) => held,
                        _ => Held::default(),
                    }));
                }
            }
        }
        if delivering {
            outbox_ready.notify_one();
        }
    }
}

/// Does a batch of writes in one transaction: what each gave, or the error for all of them
/// when the transaction fails. The completions go first, in one statement (and their new
/// deliveries in another), then what the new ones and the beacons add to the counts (a
/// statement per count table), so a batch costs a few round trips to the database, not two
/// per completion; then the worker's claims and results, retention's and the owner's
/// deletions, in the order they came.
/// Rolls up the months that ended before `today`'s, in a transaction of its own.
pub(crate) async fn roll_months(pool: &AnyPool, today: i64) -> Result<(), sqlx::Error> {
    let mut transaction = pool.begin().await?;
    if counts::roll_months(&mut transaction, today).await? {
        transaction.commit().await?;
    }
    Ok(())
}

async fn commit(pool: &AnyPool, batch: &[Write], pages: &mut PageBook) -> Vec<Result<Written, String>> {
    let attempt = async {
        let mut transaction = pool.begin().await?;
        let completions: Vec<(&Completion, Option<&str>)> = batch
            .iter()
            .filter_map(|write| match write {
                Write::Completion(completion, webhook, _) => Some((completion, webhook.as_deref())),
                _ => None,
            })
            .collect();
        let stored = insert_completions(&mut transaction, &completions, now_ms()).await?;
        let mut deltas = Deltas::default();
        for ((completion, _), new) in completions.iter().zip(&stored) {
            if *new {
                deltas.add_completion(completion.borrowed());
            }
        }
        for write in batch {
            match write {
                Write::Beacon { quiz, day, step: None, .. } => deltas.add_start(quiz, *day),
                Write::Beacon { quiz, day, step: Some(step), .. } => deltas.add_stop(quiz, *day, *step),
                _ => {}
            }
        }
        counts::add(&mut transaction, &deltas, Some(&mut *pages)).await?;
        let mut stored = stored.into_iter();
        let mut written = Vec::with_capacity(batch.len());
        for write in batch {
            written.push(match write {
                Write::Completion(..) => Written::Stored(stored.next().unwrap_or(false)),
                Write::Beacon { .. } => Written::Counted,
                Write::Claim { now, until, limit, .. } => {
                    Written::Claimed(claim(&mut transaction, *now, *until, *limit).await?)
                }
                Write::Settle(settled, _) => {
                    settle(&mut transaction, settled).await?;
                    Written::Settled
                }
                Write::Expire { before, limit, .. } => {
                    Written::Expired(counts::expire(&mut transaction, *before, *limit).await?)
                }
                Write::Delete { quiz, first, last, .. } => {
                    // The page book may name paths of the days deleted: it reads them again.
                    pages.forget();
                    Written::Deleted(counts::delete_between(&mut transaction, quiz, *first, *last).await?)
                }
            });
        }
        transaction.commit().await?;
        Ok::<_, sqlx::Error>(written)
    };
    match attempt.await {
        Ok(written) => written.into_iter().map(Ok).collect(),
        Err(error) => {
            // What the page book noted may not have been committed.
            pages.forget();
            tracing::error!(%error, writes = batch.len(), "a batch of writes could not be committed");
            batch.iter().map(|_| Err(error.to_string())).collect()
        }
    }
}

/// `($1, $2, ...), (...)`: `rows` groups of `columns` placeholders, for a statement on
/// `connection`. PostgreSQL needs them numbered; SQLite gets plain `?`s, numbered by their
/// place, since it looks each `$n` up among the names it has met so far: a statement of
/// 2,000 rows of 9 values cost it 18,000²/2 string comparisons to prepare (most of a bulk
/// load's time, and milliseconds of a large batch's).
pub(crate) fn placeholders(connection: &sqlx::AnyConnection, rows: usize, columns: usize) -> String {
    let sqlite = connection.backend_name() == "SQLite";
    (0..rows)
        .map(|row| {
            let numbers: Vec<String> = (1..=columns)
                .map(|column| match sqlite {
                    true => "?".to_string(),
                    false => format!("${}", row * columns + column),
                })
                .collect();
            format!("({})", numbers.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Inserts completions (none whose id is stored already), and the deliveries of the new ones
/// whose quiz has a webhook into the outbox; for each, whether it was new. A completion sent
/// twice in one batch is new the first time only.
async fn insert_completions(
    transaction: &mut sqlx::AnyConnection,
    completions: &[(&Completion, Option<&str>)],
    due: i64,
) -> Result<Vec<bool>, sqlx::Error> {
    if completions.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "INSERT INTO completions (id, quiz, day, page_path, outcome, further_up, stage, hardest, answers) VALUES {} \
         ON CONFLICT (id) DO NOTHING RETURNING id",
        placeholders(transaction, completions.len(), 9)
    );
    let mut insert = sqlx::query(&sql);
    for (completion, _) in completions {
        insert = insert
            .bind(&completion.id)
            .bind(&completion.quiz)
            .bind(completion.day)
            .bind(&completion.page_path)
            .bind(&completion.outcome)
            .bind(&completion.further_up)
            .bind(&completion.stage)
            .bind(&completion.hardest)
            .bind(&completion.answers);
    }
    let mut inserted: std::collections::HashSet<String> =
        insert.fetch_all(&mut *transaction).await?.iter().map(|row| row.try_get("id")).collect::<Result<_, _>>()?;
    // Each id inserted counts as new once, for its first completion in the batch.
    let new: Vec<bool> = completions.iter().map(|(completion, _)| inserted.remove(&completion.id)).collect();
    let deliveries: Vec<(&Completion, &str)> = completions
        .iter()
        .zip(&new)
        .filter_map(|((completion, webhook), new)| Some((*completion, (*webhook).filter(|_| *new)?)))
        .collect();
    if !deliveries.is_empty() {
        let sql = format!(
            "INSERT INTO outbox (id, quiz, body, attempts, due, claimed_until) VALUES {} ON CONFLICT (id) DO NOTHING",
            placeholders(transaction, deliveries.len(), 6)
        );
        let mut insert = sqlx::query(&sql);
        for (completion, body) in deliveries {
            insert = insert.bind(&completion.id).bind(&completion.quiz).bind(body).bind(0i64).bind(due).bind(0i64);
        }
        insert.execute(&mut *transaction).await?;
    }
    Ok(new)
}

/// Claims deliveries (see [`Store::claim_deliveries`]).
async fn claim(
    transaction: &mut sqlx::AnyConnection,
    now: i64,
    until: i64,
    limit: i64,
) -> Result<Vec<Claimed>, sqlx::Error> {
    let rows = sqlx::query(
        // The rows by their key (the subquery walks the index on `due` and stops at the limit),
        // and `claimed_until` checked again for a row another instance claimed meanwhile.
        "UPDATE outbox SET claimed_until = $1, attempts = attempts + 1 \
         WHERE id IN (SELECT id FROM outbox WHERE due <= $2 AND claimed_until <= $2 ORDER BY due LIMIT $3) \
         AND claimed_until <= $2 \
         RETURNING id, quiz, body, attempts",
    )
    .bind(until)
    .bind(now)
    .bind(limit)
    .fetch_all(&mut *transaction)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(Claimed {
                id: row.try_get("id")?,
                quiz: row.try_get("quiz")?,
                body: row.try_get("body")?,
                attempts: row.try_get("attempts")?,
            })
        })
        .collect()
}

/// Records how attempts went (see [`Store::settle_deliveries`]).
async fn settle(transaction: &mut sqlx::AnyConnection, settled: &[(Claimed, Settled)]) -> Result<(), sqlx::Error> {
    let mut quizzes = std::collections::BTreeSet::new();
    for (claimed, how) in settled {
        match how {
            Settled::Again { due } => {
                sqlx::query("UPDATE outbox SET due = $1, claimed_until = 0 WHERE id = $2")
                    .bind(due)
                    .bind(&claimed.id)
                    .execute(&mut *transaction)
                    .await?;
            }
            Settled::Finished(delivery) => {
                sqlx::query("DELETE FROM outbox WHERE id = $1").bind(&claimed.id).execute(&mut *transaction).await?;
                // (`WHERE` keeps SQLite from reading `ON CONFLICT` as part of the `SELECT`.)
                sqlx::query(
                    "INSERT INTO deliveries (id, seq, quiz, day, outcome, attempts, result, delivered) \
                     SELECT $1, COALESCE(MAX(seq), 0) + 1, $2, $3, $4, $5, $6, $7 FROM deliveries WHERE 1 = 1 \
                     ON CONFLICT (id) DO NOTHING",
                )
                .bind(&claimed.id)
                .bind(&claimed.quiz)
                .bind(delivery.day)
                .bind(&delivery.outcome)
                .bind(delivery.attempts)
                .bind(&delivery.result)
                .bind(i64::from(delivery.delivered))
                .execute(&mut *transaction)
                .await?;
                quizzes.insert(claimed.quiz.as_str());
            }
        }
    }
    for quiz in quizzes {
        sqlx::query(
            "DELETE FROM deliveries WHERE quiz = $1 AND seq < ( \
                 SELECT MIN(seq) FROM (SELECT seq FROM deliveries WHERE quiz = $1 ORDER BY seq DESC LIMIT $2) AS kept)",
        )
        .bind(quiz)
        .bind(LOGGED_DELIVERIES)
        .execute(&mut *transaction)
        .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn completion(id: &str) -> Completion {
        Completion {
            id: id.into(),
            quiz: "q".into(),
            day: 1,
            page_path: "/".into(),
            outcome: None,
            further_up: None,
            stage: None,
            hardest: None,
            answers: String::new(),
        }
    }

    #[tokio::test]
    async fn a_batch_stores_each_id_once_and_writes_deliveries_for_the_new_ones_only() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&format!("sqlite://{}", dir.path().join("r.db").display()), 16).await.unwrap();
        let write = |id: &str, webhook: Option<&str>| {
            Write::Completion(completion(id), webhook.map(String::from), oneshot::channel().0)
        };
        let first = [write("stored-before", None)];
        let written = commit(&store.pool, &first, &mut PageBook::default()).await;
        assert!(matches!(written[..], [Ok(Written::Stored(true))]));
        // The same id twice in one batch, an id stored before, and a new one.
        let batch = [
            write("twice", Some("{}")),
            write("twice", Some("{}")),
            write("stored-before", Some("{}")),
            write("new", None),
        ];
        let stored: Vec<bool> = commit(&store.pool, &batch, &mut PageBook::default())
            .await
            .into_iter()
            .map(|written| matches!(written, Ok(Written::Stored(true))))
            .collect();
        assert_eq!(stored, [true, false, false, true]);
        assert_eq!(store.pending_deliveries().await.unwrap(), 1, "one delivery: the new completion with a webhook");
        store.close().await;
    }

    #[tokio::test]
    async fn refusal_counts_keep_a_bounded_number_of_origins_per_quiz_and_day_and_a_bounded_number_of_days() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&format!("sqlite://{}", dir.path().join("r.db").display()), 16).await.unwrap();
        let key = |day: i64, origin: String| (("q".to_string(), day, "origin_not_allowed", origin), 1);
        // Two flushes (as after a restart, when memory knows nothing of what is stored): 15
        // origins, then 15 others and 5 of the first again, on day 100.
        let first: Vec<_> = (0..15).map(|n| key(100, format!("https://a{n}.example"))).collect();
        store.add_refusals(&first, 20, "(other)", 0).await.unwrap();
        let second: Vec<_> = (0..15)
            .map(|n| key(100, format!("https://b{n}.example")))
            .chain((0..5).map(|n| key(100, format!("https://a{n}.example"))))
            .collect();
        store.add_refusals(&second, 20, "(other)", 0).await.unwrap();
        let rows = store.refusals("q", 0).await.unwrap();
        let origins: std::collections::HashSet<&str> = rows.iter().map(|(_, _, origin, _)| origin.as_str()).collect();
        assert_eq!(origins.len(), 21, "20 origins and \"(other)\"");
        let total: i64 = rows.iter().map(|(.., count)| count).sum();
        assert_eq!(total, 35, "every refusal counted");
        let other = rows.iter().find(|(_, _, origin, _)| origin == "(other)").unwrap().3;
        assert_eq!(other, 10, "the 10 origins beyond the bound, counted together");
        // Days before the kept ones go at the next write.
        store.add_refusals(&[key(120, "https://a0.example".into())], 20, "(other)", 107).await.unwrap();
        assert!(store.refusals("q", 0).await.unwrap().iter().all(|(day, ..)| *day == 120));
        store.close().await;
    }

    #[tokio::test]
    async fn a_full_queue_is_refused_at_once_rather_than_grown() {
        install_default_drivers();
        let pool = AnyPoolOptions::new().connect("sqlite::memory:").await.unwrap();
        // No writer: the one place in the queue fills and stays full.
        let (store, _receiver) = Store::with_queue(pool, 1);
        let waiting = store.clone();
        let first = tokio::spawn(async move { waiting.add_completion(completion("first"), None).await });
        while store.queue.capacity() > 0 {
            tokio::task::yield_now().await;
        }
        let second =
            tokio::time::timeout(Duration::from_secs(1), store.add_completion(completion("second"), None)).await;
        assert!(matches!(second, Ok(Err(WriteError::Busy))), "the second is refused at once");
        first.abort();
    }
}
