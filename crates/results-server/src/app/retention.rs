//! Retention: with `retention_days` set, raw completions older than that many days are
//! deleted and only their counts remain (the summary, the dashboard and the aggregate exports
//! read counts, so they show every day still; the raw exports and webhooks' payloads hold no
//! more than those days). Without it, nothing is deleted: a server that silently dropped data
//! its owner expected to keep would be worse than one that keeps it until asked (see the
//! README, "What is stored, exactly").
//!
//! A background job, like GoatCounter's: when the server starts and every hour after, it
//! deletes the raw completions on days before `today - retention_days + 1`, oldest first, in
//! chunks of [`CHUNK`] through the writer (so each chunk shares a commit with the completions
//! arriving, and SQLite's write lock is never held long); it stops between chunks when the
//! server stops. Several instances on one PostgreSQL database may all run it: a chunk deletes
//! what is there.

use std::time::Duration;

use tokio_util::sync::CancellationToken;

use crate::app::days::today;
use crate::app::store::Store;

/// Raw completions deleted per transaction.
pub const CHUNK: i64 = 5_000;
/// How often the job looks for days past retention.
pub const EVERY: Duration = Duration::from_secs(3600);

/// The first day whose raw completions are kept with `retention_days`, on `today`.
pub fn first_kept(today: i64, retention_days: u32) -> i64 {
    today - i64::from(retention_days) + 1
}

/// Deletes the raw completions past retention now, chunk by chunk, until none is left or
/// `stop` is cancelled: how many went.
pub async fn expire_now(store: &Store, retention_days: u32, stop: &CancellationToken) -> Result<i64, String> {
    let before = first_kept(today(), retention_days);
    let mut deleted = 0;
    while !stop.is_cancelled() {
        let chunk = store.expire(before, CHUNK).await?;
        deleted += chunk;
        if chunk < CHUNK {
            break;
        }
    }
    Ok(deleted)
}

/// The job: [`expire_now`] at once and every [`EVERY`], until `stop` is cancelled.
pub async fn run(store: Store, retention_days: u32, stop: CancellationToken) {
    loop {
        match expire_now(&store, retention_days, &stop).await {
            Ok(0) => {}
            Ok(deleted) => {
                tracing::info!(deleted, retention_days, "raw completions past retention deleted; their counts stay")
            }
            Err(error) => {
                tracing::error!(%error, "raw completions past retention could not be deleted; trying again later")
            }
        }
        tokio::select! {
            () = tokio::time::sleep(EVERY) => {}
            () = stop.cancelled() => break,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::first_kept;

    #[test]
    fn retention_keeps_that_many_days_today_included() {
        assert_eq!(first_kept(100, 1), 100, "one day: today only");
        assert_eq!(first_kept(100, 30), 71);
    }
}
