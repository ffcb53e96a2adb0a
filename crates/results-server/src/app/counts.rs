//! Counts kept as completions arrive, so that the summary, the dashboard and the aggregate
//! exports read days, not rows (GoatCounter's count tables; its PR #265 took a page from
//! 5,098 to 280 ms this way). Per quiz and day:
//!
//! | table | counts |
//! |---|---|
//! | `result_counts` | completions by outcome, stage and stated hardest (so also each of them alone, and said against shown) |
//! | `choice_counts` | how often each choice of each question was chosen |
//! | `page_counts` | completions by the page's path, at most [`PAGES_PER_DAY`] paths a day, the rest under [`OTHER_PAGES`] |
//! | `starts`, `stops` | readers who started; readers who left after reaching each step (beacons: counts only) |
//!
//! and the first three again by month (`result_months`, `choice_months`, `page_months`), each
//! row the sum of its month's days, so a range of two years reads 24 months and the days at
//! its ends rather than 730 days ([`split`]).
//!
//! The writer (`store.rs`) adds a batch's [`Deltas`] (to days and months) in the same
//! transaction as the completions and beacons it commits, so a crash leaves both or neither;
//! a deletion makes its months again from their days; and
//! [`Store::rebuild_counts`] recounts the tables from the raw completions (after an upgrade,
//! which does it once by itself, or a restore); [`Store::check_counts`] says where they differ.
//! Retention deletes raw completions before a day and records that day (`raw_from`): the
//! counts of earlier days stay, and a recount leaves them alone.
//!
//! One rule counts a completion both ways ([`Deltas::add_completion`]). The one place the two
//! may differ is a day with more than [`PAGES_PER_DAY`] paths: as completions arrive, the
//! first paths of the day are named; a recount, which cannot know the order they came in,
//! names the busiest. Either way every completion is counted, under its path or the others.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use sqlx::AnyConnection;
use sqlx::Row;

use crate::app::days::{MONTHS_KEPT, date, month_start, next_month_start};
use crate::app::store::{CompletionRef, Group, Held, Overview, Store, Tallies, completions_after};

/// Paths counted by name per quiz and day; a page's path comes from a reader's browser, so
/// the table grows by at most this many rows a day whatever they send.
pub const PAGES_PER_DAY: usize = 200;
/// The key of the paths beyond [`PAGES_PER_DAY`] (a real path always starts with `/`).
pub const OTHER_PAGES: &str = "(other pages)";
/// Most values bound to one statement (SQLite allows 32,766, PostgreSQL 65,535).
const MOST_PARAMETERS: usize = 30_000;

/// A count table kept by day and by month: the two tables and their key columns (after the
/// quiz, and the day or the month's first day).
struct Kept {
    days: &'static str,
    months: &'static str,
    keys: &'static [&'static str],
}

const RESULTS: Kept = Kept { days: "result_counts", months: "result_months", keys: &["outcome", "stage", "hardest"] };
const CHOICES: Kept = Kept { days: "choice_counts", months: "choice_months", keys: &["question", "choice"] };
const PAGES: Kept = Kept { days: "page_counts", months: "page_months", keys: &["page_path"] };
const KEPT: [&Kept; 3] = [&RESULTS, &CHOICES, &PAGES];

/// Rows of a kept table: (quiz, day or month, key values) → count.
type Rows<'a> = BTreeMap<(&'a str, i64, Vec<&'a str>), i64>;

/// How a range of days is read: the days at its ends from the day tables, the whole months
/// inside it from the month tables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// Up to two ranges of days (inclusive).
    pub days: Vec<(i64, i64)>,
    /// The range of whole months, by their first days (inclusive), if any.
    pub months: Option<(i64, i64)>,
}

/// How the days from `first` to `last` are read (see [`Split`]), when the month rows are made
/// for the months before `rolled` (a month's first day; see [`roll_months`]): later months,
/// the current one among them, are read from their days.
pub fn split(first: i64, last: i64, rolled: i64) -> Split {
    let (first, last) = (first.max(*MONTHS_KEPT.start()), last.min(*MONTHS_KEPT.end()));
    if first > last {
        return Split { days: Vec::new(), months: None };
    }
    // The first whole month starts on or after `first`; the last ends on or before `last`,
    // and before `rolled`.
    let whole_from = if month_start(first) == first { first } else { next_month_start(first) };
    let whole_to = if next_month_start(last) == last + 1 { last + 1 } else { month_start(last) };
    let whole_to = whole_to.min(rolled);
    if whole_from >= whole_to {
        return Split { days: vec![(first, last)], months: None };
    }
    let days = [(first, whole_from - 1), (whole_to, last)].into_iter().filter(|(from, to)| from <= to).collect();
    Split { days, months: Some((whole_from, month_start(whole_to - 1))) }
}

/// What a batch adds to the count tables, by key; `""` stands for none in a key.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Deltas {
    /// (quiz, day, outcome, stage, hardest) → completions.
    pub results: BTreeMap<(String, i64, String, String, String), i64>,
    /// (quiz, day, question, choice) → times chosen.
    pub choices: BTreeMap<(String, i64, String, String), i64>,
    /// (quiz, day, page path) → completions.
    pub pages: BTreeMap<(String, i64, String), i64>,
    /// (quiz, day) → readers who started.
    pub starts: BTreeMap<(String, i64), i64>,
    /// (quiz, day, step) → readers who left there.
    pub stops: BTreeMap<(String, i64, i64), i64>,
}

/// A key as the value it stands for.
fn value(key: String) -> Option<String> {
    (!key.is_empty()).then_some(key)
}

impl Deltas {
    /// Counts one new completion: the one rule, as it arrives and in a recount.
    pub fn add_completion(&mut self, completion: CompletionRef) {
        let (quiz, day) = (completion.quiz.to_string(), completion.day);
        let key = |value: Option<&str>| value.unwrap_or_default().to_string();
        let result = (quiz.clone(), day, key(completion.outcome), key(completion.stage), key(completion.hardest));
        *self.results.entry(result).or_default() += 1;
        for (question, choice) in completion.answers.split(',').filter_map(|pair| pair.split_once('=')) {
            *self.choices.entry((quiz.clone(), day, question.to_string(), choice.to_string())).or_default() += 1;
        }
        *self.pages.entry((quiz, day, completion.page_path.to_string())).or_default() += 1;
    }

    /// Counts a reader starting `quiz` on `day`.
    pub fn add_start(&mut self, quiz: &str, day: i64) {
        *self.starts.entry((quiz.to_string(), day)).or_default() += 1;
    }

    /// Counts a reader leaving `quiz` on `day` after reaching `step`.
    pub fn add_stop(&mut self, quiz: &str, day: i64, step: i64) {
        *self.stops.entry((quiz.to_string(), day, step)).or_default() += 1;
    }

    /// Whether it adds nothing.
    pub fn is_empty(&self) -> bool {
        self.results.is_empty()
            && self.choices.is_empty()
            && self.pages.is_empty()
            && self.starts.is_empty()
            && self.stops.is_empty()
    }
}

/// The paths the page counts name on each quiz's latest day, as the writer has counted them:
/// a path already named is counted under its name, a new one while the day names fewer than
/// [`PAGES_PER_DAY`], else under [`OTHER_PAGES`]. Read from the table the first time a day is
/// met (after a restart, say); the writer keeps one day per quiz (the latest), and forgets
/// everything when a transaction fails, since what it noted may not have been committed.
#[derive(Debug, Default)]
pub struct PageBook {
    days: HashMap<(String, i64), HashSet<String>>,
}

impl PageBook {
    /// `pages` with each path as it is counted.
    async fn bound(
        &mut self,
        connection: &mut AnyConnection,
        pages: &BTreeMap<(String, i64, String), i64>,
    ) -> Result<BTreeMap<(String, i64, String), i64>, sqlx::Error> {
        let mut bounded = BTreeMap::new();
        for ((quiz, day, path), count) in pages {
            let group = (quiz.clone(), *day);
            if !self.days.contains_key(&group) {
                let named: HashSet<String> =
                    sqlx::query("SELECT page_path FROM page_counts WHERE quiz = $1 AND day = $2 AND page_path <> $3")
                        .bind(quiz)
                        .bind(day)
                        .bind(OTHER_PAGES)
                        .fetch_all(&mut *connection)
                        .await?
                        .iter()
                        .map(|row| row.try_get("page_path"))
                        .collect::<Result<_, _>>()?;
                self.days.insert(group.clone(), named);
            }
            let named = self.days.get_mut(&group).expect("inserted above");
            let counted = if path == OTHER_PAGES || named.contains(path) {
                path.clone()
            } else if named.len() < PAGES_PER_DAY {
                named.insert(path.clone());
                path.clone()
            } else {
                OTHER_PAGES.to_string()
            };
            *bounded.entry((quiz.clone(), *day, counted)).or_default() += count;
        }
        // One day per quiz: its latest.
        let mut latest: HashMap<String, i64> = HashMap::new();
        for (quiz, day) in self.days.keys() {
            let entry = latest.entry(quiz.clone()).or_insert(*day);
            *entry = (*entry).max(*day);
        }
        self.days.retain(|(quiz, day), _| latest.get(quiz) == Some(day));
        Ok(bounded)
    }

    /// Forgets every day (after a failed transaction, or a deletion).
    pub fn forget(&mut self) {
        self.days.clear();
    }

    /// Days remembered now (at most one per quiz).
    pub fn days_kept(&self) -> usize {
        self.days.len()
    }
}

/// A recount's page counts of one day: the busiest [`PAGES_PER_DAY`] paths by name (ties by
/// path), the rest together under [`OTHER_PAGES`].
fn busiest(pages: BTreeMap<(String, i64, String), i64>) -> BTreeMap<(String, i64, String), i64> {
    let mut by_group: BTreeMap<(String, i64), Vec<(String, i64)>> = BTreeMap::new();
    for ((quiz, day, path), count) in pages {
        by_group.entry((quiz, day)).or_default().push((path, count));
    }
    let mut bounded = BTreeMap::new();
    for ((quiz, day), mut paths) in by_group {
        paths.sort_by(|(a_path, a_count), (b_path, b_count)| b_count.cmp(a_count).then_with(|| a_path.cmp(b_path)));
        for (rank, (path, count)) in paths.into_iter().enumerate() {
            let counted = if rank < PAGES_PER_DAY { path } else { OTHER_PAGES.to_string() };
            *bounded.entry((quiz.clone(), day, counted)).or_default() += count;
        }
    }
    bounded
}

/// A value bound to a statement.
enum Cell<'a> {
    Text(&'a str),
    Int(i64),
}

/// Rows to add to one count table: the table, its key columns, and (key cells, count) rows.
struct Addition<'a> {
    table: &'static str,
    keys: Vec<&'static str>,
    rows: Vec<(Vec<Cell<'a>>, i64)>,
}

/// Part of one addition's rows, within the parameter bound.
type Piece<'p, 'a> = (&'p Addition<'a>, &'p [(Vec<Cell<'a>>, i64)]);

/// Adds each addition's rows to its table (a row whose key is there already has its count
/// raised), in as few statements as the parameters allow. On PostgreSQL that is usually one
/// statement for every table, each table's `INSERT` in a data-modifying `WITH`: the count
/// tables then cost a batch one round trip, not one per table (with a statement per table,
/// `make bench-server`'s completions/s were 11,846 where they are 14,080 so). SQLite, in the
/// process, has no round trip to save and no `INSERT` inside `WITH`: one statement per table.
async fn add_rows(connection: &mut AnyConnection, additions: &[Addition<'_>]) -> Result<(), sqlx::Error> {
    let sqlite = connection.backend_name() == "SQLite";
    // Pieces of one table's rows, each within the parameter bound.
    let pieces: Vec<Piece> = additions
        .iter()
        .flat_map(|addition| {
            addition.rows.chunks(MOST_PARAMETERS / (addition.keys.len() + 1)).map(move |rows| (addition, rows))
        })
        .collect();
    let mut sent = 0;
    while sent < pieces.len() {
        // The pieces of one statement: one on SQLite; on PostgreSQL as many as fit.
        let mut taken = 1;
        let mut values = pieces[sent].1.len() * (pieces[sent].0.keys.len() + 1);
        while !sqlite && sent + taken < pieces.len() {
            let (addition, rows) = pieces[sent + taken];
            let more = rows.len() * (addition.keys.len() + 1);
            if values + more > MOST_PARAMETERS {
                break;
            }
            values += more;
            taken += 1;
        }
        let statement = &pieces[sent..sent + taken];
        let mut number = 0;
        let inserts: Vec<String> = statement
            .iter()
            .map(|(addition, rows)| {
                let (table, keys) = (addition.table, addition.keys.join(", "));
                let tuples: Vec<String> = rows
                    .iter()
                    .map(|_| {
                        let cells: Vec<String> = (0..=addition.keys.len())
                            .map(|_| {
                                number += 1;
                                if sqlite { "?".to_string() } else { format!("${number}") }
                            })
                            .collect();
                        format!("({})", cells.join(", "))
                    })
                    .collect();
                format!(
                    "INSERT INTO {table} ({keys}, count) VALUES {} ON CONFLICT ({keys}) DO UPDATE SET count = {table}.count + excluded.count",
                    tuples.join(", ")
                )
            })
            .collect();
        let (last, before) = inserts.split_last().expect("a statement has a piece");
        let sql = match before.is_empty() {
            true => last.clone(),
            false => {
                let ctes: Vec<String> =
                    before.iter().enumerate().map(|(n, insert)| format!("added{n} AS ({insert})")).collect();
                format!("WITH {} {last}", ctes.join(", "))
            }
        };
        let mut insert = sqlx::query(&sql);
        for (_, rows) in statement {
            for (cells, count) in rows.iter() {
                for cell in cells {
                    insert = match cell {
                        Cell::Text(text) => insert.bind(*text),
                        Cell::Int(value) => insert.bind(*value),
                    };
                }
                insert = insert.bind(*count);
            }
        }
        insert.execute(&mut *connection).await?;
        sent += taken;
    }
    Ok(())
}

/// The additions of day rows to `kept`'s day table and of their sums by month to its month
/// table, for the months before `rolled` (later months have no month rows yet).
fn kept_additions<'a>(kept: &Kept, rows: &Rows<'a>, rolled: i64) -> [Addition<'a>; 2] {
    let mut months: Rows = BTreeMap::new();
    for ((quiz, day, keys), count) in rows {
        let month = month_start(*day);
        if month < rolled {
            *months.entry((quiz, month, keys.clone())).or_default() += count;
        }
    }
    [(kept.days, "day", rows), (kept.months, "month", &months)].map(|(table, period, rows)| Addition {
        table,
        keys: ["quiz", period].into_iter().chain(kept.keys.iter().copied()).collect(),
        rows: rows
            .iter()
            .map(|((quiz, period, keys), count)| {
                let cells =
                    [Cell::Text(quiz), Cell::Int(*period)].into_iter().chain(keys.iter().map(|key| Cell::Text(key)));
                (cells.collect(), *count)
            })
            .collect(),
    })
}

/// Makes `quiz`'s month rows of each of `months` (their first days) again from its day rows.
async fn remake_months(
    connection: &mut AnyConnection,
    quiz: &str,
    months: impl IntoIterator<Item = i64>,
) -> Result<(), sqlx::Error> {
    for month in months {
        for kept in KEPT {
            let keys = kept.keys.join(", ");
            sqlx::query(&format!("DELETE FROM {} WHERE quiz = $1 AND month = $2", kept.months))
                .bind(quiz)
                .bind(month)
                .execute(&mut *connection)
                .await?;
            sqlx::query(&format!(
                "INSERT INTO {} (quiz, month, {keys}, count) SELECT quiz, $2, {keys}, CAST(SUM(count) AS BIGINT) FROM {} \
                 WHERE quiz = $1 AND day >= $2 AND day < $3 GROUP BY quiz, {keys}",
                kept.months, kept.days
            ))
            .bind(quiz)
            .bind(month)
            .bind(next_month_start(month))
            .execute(&mut *connection)
            .await?;
        }
    }
    Ok(())
}

/// Adds `deltas` to the count tables, inside the caller's transaction; the pages bounded by
/// `book` (none: already bounded, as a recount's are).
pub async fn add(
    connection: &mut AnyConnection,
    deltas: &Deltas,
    book: Option<&mut PageBook>,
) -> Result<(), sqlx::Error> {
    if deltas.is_empty() {
        return Ok(());
    }
    let results: Rows = deltas
        .results
        .iter()
        .map(|((quiz, day, outcome, stage, hardest), count)| {
            ((quiz.as_str(), *day, vec![outcome.as_str(), stage.as_str(), hardest.as_str()]), *count)
        })
        .collect();
    let choices: Rows = deltas
        .choices
        .iter()
        .map(|((quiz, day, question, choice), count)| {
            ((quiz.as_str(), *day, vec![question.as_str(), choice.as_str()]), *count)
        })
        .collect();
    let pages = match book {
        Some(book) => book.bound(connection, &deltas.pages).await?,
        None => deltas.pages.clone(),
    };
    let pages: Rows =
        pages.iter().map(|((quiz, day, path), count)| ((quiz.as_str(), *day, vec![path.as_str()]), *count)).collect();
    // Month rows only for months already rolled up: a reader's completion is on today, in a
    // month that is not, so its batch writes day rows alone, and the month is made from its
    // days once it has ended (`roll_months`).
    let rolled = months_to(connection).await?;
    let mut additions: Vec<Addition> = [(&RESULTS, &results), (&CHOICES, &choices), (&PAGES, &pages)]
        .into_iter()
        .flat_map(|(kept, rows)| kept_additions(kept, rows, rolled))
        .collect();
    additions.push(Addition {
        table: "starts",
        keys: vec!["quiz", "day"],
        rows: deltas
            .starts
            .iter()
            .map(|((quiz, day), count)| (vec![Cell::Text(quiz), Cell::Int(*day)], *count))
            .collect(),
    });
    additions.push(Addition {
        table: "stops",
        keys: vec!["quiz", "day", "step"],
        rows: deltas
            .stops
            .iter()
            .map(|((quiz, day, step), count)| (vec![Cell::Text(quiz), Cell::Int(*day), Cell::Int(*step)], *count))
            .collect(),
    });
    additions.retain(|addition| !addition.rows.is_empty());
    add_rows(connection, &additions).await
}

/// The first day whose raw completions are all kept (retention deleted those before it).
pub async fn raw_from(connection: &mut AnyConnection) -> Result<i64, sqlx::Error> {
    let row = sqlx::query("SELECT value FROM counts_state WHERE name = 'raw_from'").fetch_optional(connection).await?;
    row.map_or(Ok(i64::MIN), |row| row.try_get("value"))
}

/// The first day of the first month whose month rows are not made: the months before it are
/// rolled up; none (`i64::MIN`) before the first roll-up.
pub async fn months_to(connection: &mut AnyConnection) -> Result<i64, sqlx::Error> {
    let row = sqlx::query("SELECT value FROM counts_state WHERE name = 'months_to'").fetch_optional(connection).await?;
    row.map_or(Ok(i64::MIN), |row| row.try_get("value"))
}

/// Makes the month rows of every month that ended before `today`'s and has none yet from its
/// days, and records that they are made, inside the caller's transaction; whether it did.
/// With month rows written in every commit, the writer took about a tenth fewer completions a
/// second (`make bench-server`, BENCHMARKS.md). Two instances on one PostgreSQL database take turns: the
/// first to move `months_to` on does the work, the other then finds nothing to do.
pub async fn roll_months(connection: &mut AnyConnection, today: i64) -> Result<bool, sqlx::Error> {
    let target = month_start(today);
    let from = months_to(connection).await?;
    if from >= target {
        return Ok(false);
    }
    let claimed = match from {
        i64::MIN => {
            sqlx::query("INSERT INTO counts_state (name, value) VALUES ('months_to', $1) ON CONFLICT (name) DO NOTHING")
                .bind(target)
        }
        _ => sqlx::query("UPDATE counts_state SET value = $1 WHERE name = 'months_to' AND value = $2")
            .bind(target)
            .bind(from),
    }
    .execute(&mut *connection)
    .await?
    .rows_affected()
        == 1;
    if !claimed {
        return Ok(false);
    }
    let mut by_quiz: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    for (quiz, month) in all_months(connection).await? {
        if month >= from && month < target {
            by_quiz.entry(quiz).or_default().push(month);
        }
    }
    for (quiz, months) in by_quiz {
        remake_months(connection, &quiz, months).await?;
    }
    Ok(true)
}

/// Deletes raw completions on days before `before`, at most `limit` of them, oldest first,
/// inside the caller's transaction, and records that the days before `before` now have their
/// counts only: how many were deleted. Their counts stay.
pub async fn expire(connection: &mut AnyConnection, before: i64, limit: i64) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO counts_state (name, value) VALUES ('raw_from', $1) ON CONFLICT (name) DO UPDATE \
         SET value = CASE WHEN excluded.value > counts_state.value THEN excluded.value ELSE counts_state.value END",
    )
    .bind(before)
    .execute(&mut *connection)
    .await?;
    // Quiz by quiz, so each delete walks the index on (quiz, day) and stops at the limit.
    let quizzes: Vec<String> = sqlx::query("SELECT DISTINCT quiz FROM result_counts ORDER BY quiz")
        .fetch_all(&mut *connection)
        .await?
        .iter()
        .map(|row| row.try_get("quiz"))
        .collect::<Result<_, _>>()?;
    let mut deleted = 0;
    for quiz in quizzes {
        if deleted >= limit {
            break;
        }
        deleted += sqlx::query(
            "DELETE FROM completions WHERE id IN \
             (SELECT id FROM completions WHERE quiz = $1 AND day < $2 ORDER BY day LIMIT $3)",
        )
        .bind(&quiz)
        .bind(before)
        .bind(limit - deleted)
        .execute(&mut *connection)
        .await?
        .rows_affected() as i64;
    }
    Ok(deleted)
}

/// Deletes what lies on the days from `first` to `last` for `quiz` (the raw completions,
/// their webhook deliveries not made yet, and every count of those days), inside the
/// caller's transaction: what was there.
pub async fn delete_between(
    connection: &mut AnyConnection,
    quiz: &str,
    first: i64,
    last: i64,
) -> Result<Held, sqlx::Error> {
    let held = held_in(connection, quiz, first, last).await?;
    sqlx::query(
        "DELETE FROM outbox WHERE id IN (SELECT id FROM completions WHERE quiz = $1 AND day >= $2 AND day <= $3)",
    )
    .bind(quiz)
    .bind(first)
    .bind(last)
    .execute(&mut *connection)
    .await?;
    for table in ["completions", "result_counts", "choice_counts", "page_counts", "starts", "stops"] {
        sqlx::query(&format!("DELETE FROM {table} WHERE quiz = $1 AND day >= $2 AND day <= $3"))
            .bind(quiz)
            .bind(first)
            .bind(last)
            .execute(&mut *connection)
            .await?;
    }
    // The months the range touches, from the days left (a month at either end keeps its
    // other days); those wholly inside it, which have none left, go. The range may be "every
    // day": only months that hold anything are made again.
    let held_months = months_held(connection, quiz).await?;
    let touched = held_months.into_iter().filter(|month| *month <= last && next_month_start(*month) > first);
    remake_months(connection, quiz, touched.collect::<Vec<_>>()).await?;
    Ok(held)
}

/// The months (first days) of `quiz` with month rows.
async fn months_held(connection: &mut AnyConnection, quiz: &str) -> Result<BTreeSet<i64>, sqlx::Error> {
    let mut months = BTreeSet::new();
    for kept in KEPT {
        for row in sqlx::query(&format!("SELECT DISTINCT month FROM {} WHERE quiz = $1", kept.months))
            .bind(quiz)
            .fetch_all(&mut *connection)
            .await?
        {
            months.insert(row.try_get("month")?);
        }
    }
    Ok(months)
}

/// Every (quiz, month) with day rows or month rows, in any of the kept tables.
async fn all_months(connection: &mut AnyConnection) -> Result<BTreeSet<(String, i64)>, sqlx::Error> {
    let mut months = BTreeSet::new();
    for kept in KEPT {
        for row in
            sqlx::query(&format!("SELECT DISTINCT quiz, day FROM {}", kept.days)).fetch_all(&mut *connection).await?
        {
            months.insert((row.try_get("quiz")?, month_start(row.try_get("day")?)));
        }
        for row in sqlx::query(&format!("SELECT DISTINCT quiz, month FROM {}", kept.months))
            .fetch_all(&mut *connection)
            .await?
        {
            months.insert((row.try_get("quiz")?, row.try_get("month")?));
        }
    }
    Ok(months)
}

/// `kept`'s counts of `quiz` on the days from `first` to `last`, summed by key: the days at
/// the range's ends from the day table, its whole months from the month table.
async fn sum_kept(
    connection: &mut AnyConnection,
    kept: &Kept,
    quiz: &str,
    first: i64,
    last: i64,
) -> Result<Vec<(Vec<String>, i64)>, sqlx::Error> {
    let Split { days, months } = split(first, last, months_to(connection).await?);
    let keys = kept.keys.join(", ");
    // Empty ranges are (1, 0): they select nothing.
    let day_range = |n: usize| days.get(n).copied().unwrap_or((1, 0));
    let ((head_from, head_to), (tail_from, tail_to)) = (day_range(0), day_range(1));
    let (month_from, month_to) = months.unwrap_or((1, 0));
    let rows = sqlx::query(&format!(
        "SELECT {keys}, CAST(SUM(count) AS BIGINT) AS n FROM ( \
             SELECT {keys}, count FROM {days} WHERE quiz = $1 AND day >= $2 AND day <= $3 \
             UNION ALL SELECT {keys}, count FROM {days} WHERE quiz = $1 AND day >= $4 AND day <= $5 \
             UNION ALL SELECT {keys}, count FROM {months} WHERE quiz = $1 AND month >= $6 AND month <= $7 \
         ) AS kept GROUP BY {keys}",
        days = kept.days,
        months = kept.months
    ))
    .bind(quiz)
    .bind(head_from)
    .bind(head_to)
    .bind(tail_from)
    .bind(tail_to)
    .bind(month_from)
    .bind(month_to)
    .fetch_all(&mut *connection)
    .await?;
    rows.iter()
        .map(|row| {
            let values = kept.keys.iter().map(|key| row.try_get::<String, _>(*key)).collect::<Result<_, _>>()?;
            Ok((values, row.try_get("n")?))
        })
        .collect()
}

/// `kept`'s day rows of `quiz` from `first` to `last`, summed by key (what the month rows of
/// a whole month must hold).
async fn sum_kept_days(
    connection: &mut AnyConnection,
    kept: &Kept,
    quiz: &str,
    first: i64,
    last: i64,
) -> Result<BTreeMap<Vec<String>, i64>, sqlx::Error> {
    let keys = kept.keys.join(", ");
    let rows = sqlx::query(&format!(
        "SELECT {keys}, CAST(SUM(count) AS BIGINT) AS n FROM {} WHERE quiz = $1 AND day >= $2 AND day <= $3 GROUP BY {keys}",
        kept.days
    ))
    .bind(quiz)
    .bind(first)
    .bind(last)
    .fetch_all(&mut *connection)
    .await?;
    let mut summed = BTreeMap::new();
    for row in rows {
        let values: Vec<String> =
            kept.keys.iter().map(|key| row.try_get::<String, _>(*key)).collect::<Result<_, _>>()?;
        let count: i64 = row.try_get("n")?;
        if count != 0 {
            summed.insert(values, count);
        }
    }
    Ok(summed)
}

/// The sum of `count` in `table` for `quiz` on the days from `first` to `last`.
async fn total(
    connection: &mut AnyConnection,
    table: &str,
    quiz: &str,
    first: i64,
    last: i64,
) -> Result<i64, sqlx::Error> {
    // SUM of a BIGINT is NUMERIC in PostgreSQL: cast back so both databases say BIGINT.
    sqlx::query(&format!(
        "SELECT CAST(COALESCE(SUM(count), 0) AS BIGINT) AS n FROM {table} WHERE quiz = $1 AND day >= $2 AND day <= $3"
    ))
    .bind(quiz)
    .bind(first)
    .bind(last)
    .fetch_one(connection)
    .await?
    .try_get("n")
}

/// What the counts hold for `quiz` on the days from `first` to `last`.
pub async fn held_in(connection: &mut AnyConnection, quiz: &str, first: i64, last: i64) -> Result<Held, sqlx::Error> {
    Ok(Held {
        completions: total(connection, "result_counts", quiz, first, last).await?,
        starts: total(connection, "starts", quiz, first, last).await?,
        stops: total(connection, "stops", quiz, first, last).await?,
    })
}

/// The raw completions of `quiz` on `day` counted by the one rule (pages as a recount bounds
/// them), read a chunk at a time, so a busy day costs its distinct keys, not its rows.
async fn recount_day(connection: &mut AnyConnection, quiz: &str, day: i64) -> Result<(Deltas, i64), sqlx::Error> {
    const CHUNK: i64 = 2_000;
    let mut deltas = Deltas::default();
    let (mut completions, mut after) = (0, String::new());
    loop {
        let chunk = completions_after(connection, quiz, day, &after, CHUNK).await?;
        for completion in chunk.completions() {
            deltas.add_completion(completion);
        }
        completions += chunk.len() as i64;
        match chunk.last_id() {
            Some(last) if chunk.len() as i64 == CHUNK => after = last.to_string(),
            _ => break,
        }
    }
    deltas.pages = busiest(std::mem::take(&mut deltas.pages));
    Ok((deltas, completions))
}

/// The counts kept for `quiz` on `day` (those a recount makes: results, choices, pages).
async fn kept_day(connection: &mut AnyConnection, quiz: &str, day: i64) -> Result<Deltas, sqlx::Error> {
    let mut kept = Deltas::default();
    let text = |row: &sqlx::any::AnyRow, name: &str| row.try_get::<String, _>(name);
    for row in sqlx::query(
        "SELECT outcome, stage, hardest, count FROM result_counts WHERE quiz = $1 AND day = $2 AND count <> 0",
    )
    .bind(quiz)
    .bind(day)
    .fetch_all(&mut *connection)
    .await?
    {
        let result = (quiz.to_string(), day, text(&row, "outcome")?, text(&row, "stage")?, text(&row, "hardest")?);
        kept.results.insert(result, row.try_get("count")?);
    }
    for row in
        sqlx::query("SELECT question, choice, count FROM choice_counts WHERE quiz = $1 AND day = $2 AND count <> 0")
            .bind(quiz)
            .bind(day)
            .fetch_all(&mut *connection)
            .await?
    {
        let choice = (quiz.to_string(), day, text(&row, "question")?, text(&row, "choice")?);
        kept.choices.insert(choice, row.try_get("count")?);
    }
    for row in sqlx::query("SELECT page_path, count FROM page_counts WHERE quiz = $1 AND day = $2 AND count <> 0")
        .bind(quiz)
        .bind(day)
        .fetch_all(&mut *connection)
        .await?
    {
        kept.pages.insert((quiz.to_string(), day, text(&row, "page_path")?), row.try_get("count")?);
    }
    Ok(kept)
}

/// Every (quiz, day) from `from` on with raw completions or counts a recount makes, in order.
async fn days_to_recount(connection: &mut AnyConnection, from: i64) -> Result<BTreeSet<(String, i64)>, sqlx::Error> {
    let mut days = BTreeSet::new();
    for table in ["completions", "result_counts", "choice_counts", "page_counts"] {
        let rows = sqlx::query(&format!("SELECT DISTINCT quiz, day FROM {table} WHERE day >= $1"))
            .bind(from)
            .fetch_all(&mut *connection)
            .await?;
        for row in rows {
            days.insert((row.try_get("quiz")?, row.try_get("day")?));
        }
    }
    Ok(days)
}

/// What a rebuild did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rebuilt {
    /// Raw completions recounted.
    pub completions: i64,
    /// Days of quizzes recounted.
    pub days: usize,
    /// The first day recounted (earlier days have counts only, kept as they are); none: all.
    pub from: Option<i64>,
}

/// Recounts, inside the caller's transaction, every count a raw completion makes from
/// `raw_from` on (results, choices, pages); starts, stops and the counts of days whose raw
/// completions retention deleted are left as they are.
async fn rebuild_in(connection: &mut AnyConnection) -> Result<Rebuilt, sqlx::Error> {
    let from = raw_from(connection).await?;
    let days = days_to_recount(connection, from).await?;
    let mut completions = 0;
    for (quiz, day) in &days {
        let (deltas, counted) = recount_day(connection, quiz, *day).await?;
        completions += counted;
        for table in ["result_counts", "choice_counts", "page_counts"] {
            sqlx::query(&format!("DELETE FROM {table} WHERE quiz = $1 AND day = $2"))
                .bind(quiz)
                .bind(day)
                .execute(&mut *connection)
                .await?;
        }
        add(connection, &deltas, None).await?;
    }
    // Every month again from its days (those before `raw_from` included: their days are kept).
    for (quiz, month) in all_months(connection).await? {
        remake_months(connection, &quiz, [month]).await?;
    }
    Ok(Rebuilt { completions, days: days.len(), from: (from != i64::MIN).then_some(from) })
}

/// Where the kept counts of one day differ from a recount, one line each.
fn differences(quiz: &str, day: i64, kept: &Deltas, recounted: &Deltas, lines: &mut Vec<String>) {
    let on = format!("{quiz} {}", date(day));
    let mut compare = |what: &str, kept: BTreeMap<String, i64>, recounted: BTreeMap<String, i64>| {
        let keys: BTreeSet<&String> = kept.keys().chain(recounted.keys()).collect();
        for key in keys {
            let (was, is) = (kept.get(key).copied().unwrap_or(0), recounted.get(key).copied().unwrap_or(0));
            if was != is {
                lines.push(format!("{on} {what} {key}: kept {was}, recounted {is}"));
            }
        }
    };
    let results = |deltas: &Deltas| {
        let shown = |key: &str| if key.is_empty() { "(none)".to_string() } else { key.to_string() };
        deltas
            .results
            .iter()
            .map(|((_, _, o, s, h), n)| (format!("outcome={} stage={} hardest={}", shown(o), shown(s), shown(h)), *n))
            .collect()
    };
    compare("completions by", results(kept), results(recounted));
    let choices = |deltas: &Deltas| deltas.choices.iter().map(|((_, _, q, c), n)| (format!("{q}={c}"), *n)).collect();
    compare("choice", choices(kept), choices(recounted));
    // Beyond the bound, which paths are named depends on the order they came in: then only
    // the day's total is compared.
    let distinct_paths = recounted.pages.keys().filter(|(_, _, path)| path != OTHER_PAGES).count();
    let pages = |deltas: &Deltas| -> BTreeMap<String, i64> {
        match distinct_paths < PAGES_PER_DAY {
            true => deltas.pages.iter().map(|((_, _, path), n)| (path.clone(), *n)).collect(),
            false => BTreeMap::from([("(all pages)".to_string(), deltas.pages.values().sum())]),
        }
    };
    compare("page", pages(kept), pages(recounted));
}

impl Store {
    /// Recounts the count tables from the raw completions, in one transaction (a kill leaves
    /// the counts as they were): every day whose raw completions are all kept; days before
    /// (deleted by retention) keep their counts. Run with the server stopped: completions
    /// committed meanwhile by another instance could be counted twice or not at all.
    pub async fn rebuild_counts(&self) -> Result<Rebuilt, String> {
        let attempt = async {
            let mut transaction = self.pool.begin().await?;
            // Taken first: two rebuilds on one PostgreSQL database take turns.
            sqlx::query("UPDATE counts_state SET value = 1 WHERE name = 'counted'").execute(&mut *transaction).await?;
            let rebuilt = rebuild_in(&mut transaction).await?;
            transaction.commit().await?;
            Ok::<_, sqlx::Error>(rebuilt)
        };
        attempt.await.map_err(|error| error.to_string())
    }

    /// After the migration that made the count tables: counts what an earlier version stored,
    /// once (several instances starting together count it once between them).
    pub(crate) async fn count_once(&self) -> Result<Option<Rebuilt>, String> {
        let attempt = async {
            let mut transaction = self.pool.begin().await?;
            let claimed = sqlx::query("UPDATE counts_state SET value = 1 WHERE name = 'counted' AND value = 0")
                .execute(&mut *transaction)
                .await?
                .rows_affected();
            if claimed == 0 {
                return Ok(None);
            }
            let rebuilt = rebuild_in(&mut transaction).await?;
            transaction.commit().await?;
            Ok::<_, sqlx::Error>(Some(rebuilt))
        };
        attempt.await.map_err(|error| error.to_string())
    }

    /// Where the kept counts differ from a recount of the raw completions (days whose raw
    /// completions are all kept), one line each; empty when they agree.
    pub async fn check_counts(&self) -> Result<Vec<String>, String> {
        let attempt = async {
            // One transaction: one snapshot of rows and counts together.
            let mut transaction = self.pool.begin().await?;
            let from = raw_from(&mut transaction).await?;
            let mut lines = Vec::new();
            for (quiz, day) in days_to_recount(&mut transaction, from).await? {
                let (recounted, _) = recount_day(&mut transaction, &quiz, day).await?;
                let kept = kept_day(&mut transaction, &quiz, day).await?;
                differences(&quiz, day, &kept, &recounted, &mut lines);
            }
            // Each month row of a month rolled up is the sum of its month's days (later months
            // are read from their days; their month rows, if any, are made when they end).
            let rolled = months_to(&mut transaction).await?;
            for (quiz, month) in all_months(&mut transaction).await?.into_iter().filter(|(_, month)| *month < rolled) {
                for kept in KEPT {
                    let summed: BTreeMap<Vec<String>, i64> =
                        sum_kept_days(&mut transaction, kept, &quiz, month, next_month_start(month) - 1).await?;
                    let keys = kept.keys.join(", ");
                    let mut held = BTreeMap::new();
                    for row in sqlx::query(&format!(
                        "SELECT {keys}, count FROM {} WHERE quiz = $1 AND month = $2 AND count <> 0",
                        kept.months
                    ))
                    .bind(&quiz)
                    .bind(month)
                    .fetch_all(&mut *transaction)
                    .await?
                    {
                        let values: Vec<String> =
                            kept.keys.iter().map(|key| row.try_get::<String, _>(*key)).collect::<Result<_, _>>()?;
                        held.insert(values, row.try_get::<i64, _>("count")?);
                    }
                    for key in summed.keys().chain(held.keys()).collect::<BTreeSet<_>>() {
                        let (days, month_row) =
                            (summed.get(key).copied().unwrap_or(0), held.get(key).copied().unwrap_or(0));
                        if days != month_row {
                            lines.push(format!(
                                "{quiz} month of {} {} {}: kept {month_row}, its days {days}",
                                date(month),
                                kept.months,
                                key.join("|")
                            ));
                        }
                    }
                }
            }
            transaction.rollback().await?;
            Ok::<_, sqlx::Error>(lines)
        };
        attempt.await.map_err(|error| error.to_string())
    }

    /// The completions of `quiz` on the days from `first` to `last` counted by (outcome,
    /// stage, hardest), and its starts on those days: what the summary reads.
    pub async fn tallies(&self, quiz: &str, first: i64, last: i64) -> Result<Tallies, String> {
        let attempt = async {
            let mut connection = self.pool.acquire().await?;
            let groups = sum_kept(&mut connection, &RESULTS, quiz, first, last)
                .await?
                .into_iter()
                .map(|(keys, count)| {
                    let [outcome, stage, hardest]: [String; 3] = keys.try_into().expect("three keys");
                    (value(outcome), value(stage), value(hardest), count)
                })
                .collect::<Vec<Group>>();
            let starts = total(&mut connection, "starts", quiz, first, last).await?;
            Ok::<_, sqlx::Error>(Tallies { groups, starts })
        };
        attempt.await.map_err(|error| error.to_string())
    }

    /// How often each choice of `quiz` was chosen on the days from `first` to `last`:
    /// (question id, choice id, count).
    pub async fn choices(&self, quiz: &str, first: i64, last: i64) -> Result<Vec<(String, String, i64)>, String> {
        let attempt = async {
            let mut connection = self.pool.acquire().await?;
            sum_kept(&mut connection, &CHOICES, quiz, first, last).await
        };
        let rows = attempt.await.map_err(|error| error.to_string())?;
        Ok(rows
            .into_iter()
            .map(|(keys, count)| {
                let [question, choice]: [String; 2] = keys.try_into().expect("two keys");
                (question, choice, count)
            })
            .collect())
    }

    /// Completions of `quiz` on the days from `first` to `last` by the page's path (with
    /// [`OTHER_PAGES`] for the paths beyond each day's bound), the most first.
    pub async fn pages(&self, quiz: &str, first: i64, last: i64) -> Result<Vec<(String, i64)>, String> {
        let attempt = async {
            let mut connection = self.pool.acquire().await?;
            sum_kept(&mut connection, &PAGES, quiz, first, last).await
        };
        let rows = attempt.await.map_err(|error| error.to_string())?;
        let mut pages: Vec<(String, i64)> =
            rows.into_iter().map(|(mut keys, count)| (keys.pop().expect("one key"), count)).collect();
        pages.sort_by(|(a_path, a_count), (b_path, b_count)| b_count.cmp(a_count).then_with(|| a_path.cmp(b_path)));
        Ok(pages)
    }

    /// Per day from `first` to `last` with any (ascending): how many started `quiz` and how
    /// many completed it.
    pub async fn days(&self, quiz: &str, first: i64, last: i64) -> Result<Vec<(i64, i64, i64)>, String> {
        let rows = sqlx::query(
            "SELECT day, CAST(SUM(started) AS BIGINT) AS started, CAST(SUM(completed) AS BIGINT) AS completed FROM ( \
                 SELECT day, count AS started, 0 AS completed FROM starts WHERE quiz = $1 AND day >= $2 AND day <= $3 \
                 UNION ALL SELECT day, 0 AS started, count AS completed FROM result_counts \
                 WHERE quiz = $1 AND day >= $2 AND day <= $3 \
             ) AS daily GROUP BY day ORDER BY day",
        )
        .bind(quiz)
        .bind(first)
        .bind(last)
        .fetch_all(&self.pool)
        .await
        .map_err(|error| error.to_string())?;
        rows.iter()
            .map(|row| Ok((row.try_get("day")?, row.try_get("started")?, row.try_get("completed")?)))
            .collect::<Result<_, sqlx::Error>>()
            .map_err(|error| error.to_string())
    }

    /// How many readers left `quiz` after reaching each step (from 1), on the days from
    /// `first` to `last`.
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

    /// What the counts hold on the days from `first` to `last` for `quiz` (what deleting
    /// them would delete).
    pub async fn held(&self, quiz: &str, first: i64, last: i64) -> Result<Held, String> {
        let attempt = async {
            let mut connection = self.pool.acquire().await?;
            held_in(&mut connection, quiz, first, last).await
        };
        attempt.await.map_err(|error| error.to_string())
    }

    /// For the owner's home page, each of `quizzes`' completions and starts from day `first`
    /// on, and refused completions (of every quiz) from day `refused_from` on.
    pub async fn overview(&self, quizzes: &[&str], first: i64, refused_from: i64) -> Result<Overview, String> {
        let attempt = async {
            let mut connection = self.pool.acquire().await?;
            let mut overview = Overview::default();
            for quiz in quizzes {
                let completions = total(&mut connection, "result_counts", quiz, first, i64::MAX).await?;
                let starts = total(&mut connection, "starts", quiz, first, i64::MAX).await?;
                overview.completions.insert(quiz.to_string(), completions);
                overview.starts.insert(quiz.to_string(), starts);
            }
            for row in
                sqlx::query("SELECT quiz, CAST(SUM(count) AS BIGINT) AS n FROM refusals WHERE day >= $1 GROUP BY quiz")
                    .bind(refused_from)
                    .fetch_all(&mut *connection)
                    .await?
            {
                overview.refused.insert(row.try_get("quiz")?, row.try_get("n")?);
            }
            Ok::<_, sqlx::Error>(overview)
        };
        attempt.await.map_err(|error| error.to_string())
    }

    /// The days of `quiz` whose raw completions are stored (first, last), if any, and the
    /// first day whose raw completions are all kept (none: retention never deleted any).
    pub async fn raw_range(&self, quiz: &str) -> Result<RawRange, String> {
        let attempt = async {
            let mut connection = self.pool.acquire().await?;
            // Two scalar subqueries, not MIN and MAX in one: SQLite reads one end of the
            // (quiz, day) index for each, where both in one query scan every entry of the
            // quiz (4.1 s cold, 0.7 s warm at ten million completions; 3 ms so).
            let row = sqlx::query(
                "SELECT (SELECT MIN(day) FROM completions WHERE quiz = $1) AS first, \
                 (SELECT MAX(day) FROM completions WHERE quiz = $1) AS last",
            )
            .bind(quiz)
            .fetch_one(&mut *connection)
            .await?;
            let (first, last): (Option<i64>, Option<i64>) = (row.try_get("first")?, row.try_get("last")?);
            let from = raw_from(&mut connection).await?;
            Ok::<_, sqlx::Error>(RawRange { days: first.zip(last), kept_from: (from != i64::MIN).then_some(from) })
        };
        attempt.await.map_err(|error| error.to_string())
    }
}

/// Which raw completions of a quiz exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawRange {
    /// The first and last day with raw completions, if any.
    pub days: Option<(i64, i64)>,
    /// The first day whose raw completions are all kept: retention deleted those before it
    /// (their counts stay). None: none was ever deleted by retention.
    pub kept_from: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::store::Completion;

    fn completion(day: i64, page: &str, answers: &str, outcome: Option<&str>) -> Completion {
        Completion {
            id: format!("{day}{page}{answers}"),
            quiz: "q".into(),
            day,
            page_path: page.into(),
            outcome: outcome.map(String::from),
            further_up: None,
            stage: Some("first".into()),
            hardest: None,
            answers: answers.into(),
        }
    }

    #[test]
    fn a_completion_counts_its_result_each_choice_and_its_page() {
        let mut deltas = Deltas::default();
        deltas.add_completion(completion(3, "/a", "stage=s1,q1=a", Some("second")).borrowed());
        deltas.add_completion(completion(3, "/a", "stage=s1,q1=b", None).borrowed());
        deltas.add_start("q", 3);
        deltas.add_stop("q", 3, 2);
        let key = |text: &str| text.to_string();
        assert_eq!(
            deltas.results,
            BTreeMap::from([
                (("q".into(), 3, key(""), key("first"), key("")), 1),
                (("q".into(), 3, key("second"), key("first"), key("")), 1),
            ])
        );
        assert_eq!(deltas.choices.len(), 3);
        assert_eq!(deltas.choices[&("q".into(), 3, key("stage"), key("s1"))], 2);
        assert_eq!(deltas.pages, BTreeMap::from([(("q".into(), 3, key("/a")), 2)]));
        assert_eq!((deltas.starts.len(), deltas.stops.len()), (1, 1));
    }

    #[test]
    fn a_range_reads_its_whole_months_from_the_month_tables_and_the_days_at_its_ends_from_the_day_tables() {
        let day = |text: &str| crate::app::days::day_of(text).unwrap();
        // Two years ending on 6 December 2026: 5-31 December 2024, 23 whole months, 1-6 December 2026.
        let two_years = split(day("2024-12-05"), day("2026-12-06"), i64::MAX);
        assert_eq!(two_years.days, [(day("2024-12-05"), day("2024-12-31")), (day("2026-12-01"), day("2026-12-06"))]);
        assert_eq!(two_years.months, Some((day("2025-01-01"), day("2026-11-01"))));
        // Whole months only; a range inside one month; a month and a day.
        let split = |from: &str, to: &str| {
            let Split { days, months } = split(day(from), day(to), i64::MAX);
            (days, months)
        };
        assert_eq!(split("2026-02-01", "2026-03-31"), (vec![], Some((day("2026-02-01"), day("2026-03-01")))));
        assert_eq!(split("2026-02-02", "2026-02-27"), (vec![(day("2026-02-02"), day("2026-02-27"))], None));
        assert_eq!(
            split("2026-02-01", "2026-03-01"),
            (vec![(day("2026-03-01"), day("2026-03-01"))], Some((day("2026-02-01"), day("2026-02-01"))))
        );
        // Every day: clamped to the months kept; nothing when backwards.
        assert!(super::split(i64::MIN / 2, i64::MAX / 2, i64::MAX).months.is_some());
        assert_eq!(super::split(5, 4, i64::MAX), Split { days: vec![], months: None });
    }

    #[test]
    fn months_not_rolled_up_yet_are_read_from_their_days() {
        let day = |text: &str| crate::app::days::day_of(text).unwrap();
        // Rolled up to November 2026: November is read from its days, with December's.
        let rolled = split(day("2024-12-05"), day("2026-12-06"), day("2026-11-01"));
        assert_eq!(rolled.days, [(day("2024-12-05"), day("2024-12-31")), (day("2026-11-01"), day("2026-12-06"))]);
        assert_eq!(rolled.months, Some((day("2025-01-01"), day("2026-10-01"))));
        // Nothing rolled up yet: every day from the day table.
        let none = split(day("2024-12-05"), day("2026-12-06"), i64::MIN);
        assert_eq!((none.days, none.months), (vec![(day("2024-12-05"), day("2026-12-06"))], None));
        // Rolled up past the range: as before.
        assert_eq!(
            split(day("2026-02-01"), day("2026-03-31"), day("2026-04-01")).months,
            Some((day("2026-02-01"), day("2026-03-01")))
        );
    }

    #[test]
    fn a_recount_names_the_busiest_paths_of_a_day_and_counts_the_rest_together() {
        let mut pages = BTreeMap::new();
        for n in 0..PAGES_PER_DAY + 3 {
            // Path n was visited n + 1 times: the three least visited go together.
            pages.insert(("q".to_string(), 1, format!("/p{n:04}")), n as i64 + 1);
        }
        let bounded = busiest(pages);
        assert_eq!(bounded.len(), PAGES_PER_DAY + 1);
        assert_eq!(bounded[&("q".to_string(), 1, OTHER_PAGES.to_string())], 1 + 2 + 3);
        assert!(!bounded.contains_key(&("q".to_string(), 1, "/p0000".to_string())));
    }
}
