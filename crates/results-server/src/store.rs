//! Storage: one code path and one set of migrations for SQLite and PostgreSQL (sqlx's `Any`
//! driver, chosen by the URL), and the writer that commits completions.
//!
//! Completions go through one bounded queue to one writer task, which takes every
//! completion waiting (up to [`BATCH`]), writes them in one transaction, commits, and only
//! then answers each request: every 200 is on disk, yet a burst costs one commit, not one per
//! completion. A full queue is refused at once (503), so memory stays bounded.

use std::time::Duration;

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{AnyPool, Row};
use tokio::sync::{mpsc, oneshot};

/// Most completions written in one transaction.
pub const BATCH: usize = 512;

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

/// Why a completion was not stored.
#[derive(Debug)]
pub enum WriteError {
    /// The queue is full: try again shortly.
    Busy,
    /// The database failed.
    Database(String),
}

/// The database and the writer's queue.
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    queue: mpsc::Sender<Queued>,
}

/// A completion waiting to be written, and where to say how it went.
type Queued = (Completion, oneshot::Sender<Result<bool, String>>);

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
        tokio::spawn(write_completions(store.pool.clone(), receiver));
        Ok(store)
    }

    /// The store and the receiving end of its queue, without a writer yet.
    fn with_queue(pool: AnyPool, queue: usize) -> (Store, mpsc::Receiver<Queued>) {
        let (sender, receiver) = mpsc::channel(queue.max(1));
        (Store { pool, queue: sender }, receiver)
    }

    /// Queues a completion and waits until it is committed: `Ok(true)` when stored,
    /// `Ok(false)` when its id was stored before.
    pub async fn add_completion(&self, completion: Completion) -> Result<bool, WriteError> {
        let (done, committed) = oneshot::channel();
        self.queue.try_send((completion, done)).map_err(|_| WriteError::Busy)?;
        match committed.await {
            Ok(result) => result.map_err(WriteError::Database),
            Err(_) => Err(WriteError::Database("the writer stopped".into())),
        }
    }

    /// Counts a reader starting `quiz` on `day`.
    pub async fn add_start(&self, quiz: &str, day: i64) -> Result<(), String> {
        sqlx::query(
            "INSERT INTO starts (quiz, day, count) VALUES ($1, $2, 1) \
             ON CONFLICT (quiz, day) DO UPDATE SET count = starts.count + 1",
        )
        .bind(quiz)
        .bind(day)
        .execute(&self.pool)
        .await
        .map(|_| ())
        .map_err(|error| error.to_string())
    }

    /// Counts a reader leaving `quiz` on `day` after reaching question `step`.
    pub async fn add_stop(&self, quiz: &str, day: i64, step: i64) -> Result<(), String> {
        sqlx::query(
            "INSERT INTO stops (quiz, day, step, count) VALUES ($1, $2, $3, 1) \
             ON CONFLICT (quiz, day, step) DO UPDATE SET count = stops.count + 1",
        )
        .bind(quiz)
        .bind(day)
        .bind(step)
        .execute(&self.pool)
        .await
        .map(|_| ())
        .map_err(|error| error.to_string())
    }

    /// Every completion of `quiz` counted by (outcome, stage, hardest), and its starts.
    pub async fn tallies(&self, quiz: &str) -> Result<Tallies, String> {
        let groups = self.groups(quiz, i64::MIN, i64::MAX).await?;
        // SUM of a BIGINT is NUMERIC in PostgreSQL: cast it back so both databases say BIGINT.
        let starts: i64 =
            sqlx::query("SELECT CAST(COALESCE(SUM(count), 0) AS BIGINT) AS n FROM starts WHERE quiz = $1")
                .bind(quiz)
                .fetch_one(&self.pool)
                .await
                .and_then(|row| row.try_get("n"))
                .map_err(|error| error.to_string())?;
        Ok(Tallies { groups, starts })
    }

    /// Completions of `quiz` on the days from `first` to `last`, counted by (outcome, stage,
    /// hardest): the one query behind the summary and the dashboard.
    async fn groups(&self, quiz: &str, first: i64, last: i64) -> Result<Vec<Group>, String> {
        let text = |row: &sqlx::any::AnyRow, name: &str| row.try_get::<Option<String>, _>(name).ok().flatten();
        sqlx::query(
            "SELECT outcome, stage, hardest, COUNT(*) AS n FROM completions WHERE quiz = $1 AND day >= $2 AND day <= $3 \
             GROUP BY outcome, stage, hardest",
        )
        .bind(quiz)
        .bind(first)
        .bind(last)
        .fetch_all(&self.pool)
        .await
        .map_err(|error| error.to_string())?
        .iter()
        .map(|row| Ok((text(row, "outcome"), text(row, "stage"), text(row, "hardest"), row.try_get::<i64, _>("n")?)))
        .collect::<Result<Vec<_>, sqlx::Error>>()
        .map_err(|error| error.to_string())
    }

    /// Completion counts of `quiz` on the days from `first` to `last`, grouped by outcome,
    /// stage and hardest; and the answer sets with how often each was given.
    pub async fn between(&self, quiz: &str, first: i64, last: i64) -> Result<(Vec<Group>, Vec<(String, i64)>), String> {
        let groups = self.groups(quiz, first, last).await?;
        let answers = sqlx::query(
            "SELECT answers, COUNT(*) AS n FROM completions WHERE quiz = $1 AND day >= $2 AND day <= $3 GROUP BY answers",
        )
        .bind(quiz)
        .bind(first)
        .bind(last)
        .fetch_all(&self.pool)
        .await
        .map_err(|error| error.to_string())?
        .iter()
        .map(|row| Ok((row.try_get::<String, _>("answers")?, row.try_get::<i64, _>("n")?)))
        .collect::<Result<Vec<_>, sqlx::Error>>()
        .map_err(|error| error.to_string())?;
        Ok((groups, answers))
    }

    /// Every completion of `quiz`, oldest day first: what the owner's export holds.
    pub async fn completions(&self, quiz: &str) -> Result<Vec<Completion>, String> {
        let rows = sqlx::query(
            "SELECT id, quiz, day, page_path, outcome, further_up, stage, hardest, answers FROM completions \
             WHERE quiz = $1 ORDER BY day, id",
        )
        .bind(quiz)
        .fetch_all(&self.pool)
        .await
        .map_err(|error| error.to_string())?;
        rows.iter()
            .map(|row| {
                Ok(Completion {
                    id: row.try_get("id")?,
                    quiz: row.try_get("quiz")?,
                    day: row.try_get("day")?,
                    page_path: row.try_get("page_path")?,
                    outcome: row.try_get("outcome")?,
                    further_up: row.try_get("further_up")?,
                    stage: row.try_get("stage")?,
                    hardest: row.try_get("hardest")?,
                    answers: row.try_get("answers")?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(|error| error.to_string())
    }

    /// Per day (ascending): how many started `quiz` and how many completed it.
    pub async fn days(&self, quiz: &str) -> Result<Vec<(i64, i64, i64)>, String> {
        let rows = sqlx::query(
            "SELECT day, CAST(SUM(started) AS BIGINT) AS started, CAST(SUM(completed) AS BIGINT) AS completed FROM ( \
                 SELECT day, count AS started, 0 AS completed FROM starts WHERE quiz = $1 \
                 UNION ALL SELECT day, 0 AS started, 1 AS completed FROM completions WHERE quiz = $1 \
             ) AS daily GROUP BY day ORDER BY day",
        )
        .bind(quiz)
        .fetch_all(&self.pool)
        .await
        .map_err(|error| error.to_string())?;
        rows.iter()
            .map(|row| Ok((row.try_get("day")?, row.try_get("started")?, row.try_get("completed")?)))
            .collect::<Result<_, sqlx::Error>>()
            .map_err(|error| error.to_string())
    }

    /// How many readers left `quiz` after reaching each question (step from 1), on the days
    /// from `first` to `last`.
    pub async fn stops(&self, quiz: &str, first: i64, last: i64) -> Result<Vec<(i64, i64)>, String> {
        let rows = sqlx::query(
            "SELECT step, CAST(SUM(count) AS BIGINT) AS n FROM stops WHERE quiz = $1 AND day >= $2 AND day <= $3 \
             GROUP BY step ORDER BY step",
        )
        .bind(quiz)
        .bind(first)
        .bind(last)
        .fetch_all(&self.pool)
        .await
        .map_err(|error| error.to_string())?;
        rows.iter()
            .map(|row| Ok((row.try_get("step")?, row.try_get("n")?)))
            .collect::<Result<_, sqlx::Error>>()
            .map_err(|error| error.to_string())
    }

    /// Whether the database answers.
    pub async fn healthy(&self) -> bool {
        sqlx::query("SELECT 1").fetch_one(&self.pool).await.is_ok()
    }

    /// Closes the pool once every queued completion is written (graceful shutdown).
    pub async fn close(self) {
        let Store { pool, queue } = self;
        drop(queue);
        // The writer ends when the last sender is gone and its queue is empty; waiting for a
        // connection after that means it has finished.
        pool.close().await;
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

/// The writer: takes every completion waiting, commits them in one transaction, answers.
async fn write_completions(pool: AnyPool, mut queue: mpsc::Receiver<Queued>) {
    let mut batch = Vec::with_capacity(BATCH);
    while let Some(first) = queue.recv().await {
        batch.push(first);
        while batch.len() < BATCH {
            match queue.try_recv() {
                Ok(next) => batch.push(next),
                Err(_) => break,
            }
        }
        let results = commit(&pool, &batch).await;
        for ((_, done), result) in batch.drain(..).zip(results) {
            let _ = done.send(result);
        }
    }
}

/// Writes a batch in one transaction: each completion's result (stored or a duplicate), or
/// the error for all of them when the transaction fails.
async fn commit(pool: &AnyPool, batch: &[Queued]) -> Vec<Result<bool, String>> {
    let attempt = async {
        let mut transaction = pool.begin().await?;
        let mut stored = Vec::with_capacity(batch.len());
        for (completion, _) in batch {
            let result = sqlx::query(
                "INSERT INTO completions (id, quiz, day, page_path, outcome, further_up, stage, hardest, answers) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO NOTHING",
            )
            .bind(&completion.id)
            .bind(&completion.quiz)
            .bind(completion.day)
            .bind(&completion.page_path)
            .bind(&completion.outcome)
            .bind(&completion.further_up)
            .bind(&completion.stage)
            .bind(&completion.hardest)
            .bind(&completion.answers)
            .execute(&mut *transaction)
            .await?;
            stored.push(result.rows_affected() == 1);
        }
        transaction.commit().await?;
        Ok::<_, sqlx::Error>(stored)
    };
    match attempt.await {
        Ok(stored) => stored.into_iter().map(Ok).collect(),
        Err(error) => {
            tracing::error!(%error, completions = batch.len(), "a batch of completions could not be written");
            batch.iter().map(|_| Err(error.to_string())).collect()
        }
    }
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
    async fn a_full_queue_is_refused_at_once_rather_than_grown() {
        install_default_drivers();
        let pool = AnyPoolOptions::new().connect("sqlite::memory:").await.unwrap();
        // No writer: the one place in the queue fills and stays full.
        let (store, _receiver) = Store::with_queue(pool, 1);
        let waiting = store.clone();
        let first = tokio::spawn(async move { waiting.add_completion(completion("first")).await });
        while store.queue.capacity() > 0 {
            tokio::task::yield_now().await;
        }
        let second = tokio::time::timeout(Duration::from_secs(1), store.add_completion(completion("second"))).await;
        assert!(matches!(second, Ok(Err(WriteError::Busy))), "the second is refused at once");
        first.abort();
    }
}
