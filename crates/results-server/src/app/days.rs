//! Days, the only time the server stores: whole days since 1970 (UTC), written YYYY-MM-DD
//! for the owner, through the `time` crate.

use time::macros::format_description;
use time::{Date, OffsetDateTime};

/// The Julian day number of 1970-01-01.
const UNIX_EPOCH_JULIAN_DAY: i64 = 2_440_588;

/// Today, in days since 1970 (UTC).
pub fn today() -> i64 {
    i64::from(OffsetDateTime::now_utc().date().to_julian_day()) - UNIX_EPOCH_JULIAN_DAY
}

/// Seconds until today (UTC) ends, at least 1: when a daily cap lifts.
pub fn seconds_to_tomorrow() -> u64 {
    let now = OffsetDateTime::now_utc();
    let midnight = now.date().next_day().map(|day| day.midnight().assume_utc());
    midnight.map_or(86_400, |midnight| (midnight - now).whole_seconds().max(1) as u64)
}

/// A day number (days since 1970) as YYYY-MM-DD; days outside the calendar `time` knows
/// (years beyond ±9999) are written as their number.
pub fn date(day: i64) -> String {
    i32::try_from(day + UNIX_EPOCH_JULIAN_DAY)
        .ok()
        .and_then(|julian| Date::from_julian_day(julian).ok())
        .and_then(|date| date.format(format_description!("[year]-[month]-[day]")).ok())
        .unwrap_or_else(|| day.to_string())
}

/// The days the count tables' months are kept for: about 2,700 years either side of 1970,
/// inside the calendar `time` knows.
pub const MONTHS_KEPT: std::ops::RangeInclusive<i64> = -1_000_000..=1_000_000;

/// The first day of the month `day` is in (`day` within [`MONTHS_KEPT`]).
pub fn month_start(day: i64) -> i64 {
    let Some(date) = to_date(day) else { return day };
    day - i64::from(date.day()) + 1
}

/// The first day of the month after the one `day` is in (`day` within [`MONTHS_KEPT`]).
pub fn next_month_start(day: i64) -> i64 {
    let Some(date) = to_date(day) else { return day + 1 };
    month_start(day) + i64::from(date.month().length(date.year()))
}

fn to_date(day: i64) -> Option<Date> {
    Date::from_julian_day(i32::try_from(day + UNIX_EPOCH_JULIAN_DAY).ok()?).ok()
}

/// A day number from YYYY-MM-DD, if it is a real date.
pub fn day_of(text: &str) -> Option<i64> {
    let date = Date::parse(text, format_description!("[year]-[month]-[day]")).ok()?;
    Some(i64::from(date.to_julian_day()) - UNIX_EPOCH_JULIAN_DAY)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_dates_and_back() {
        for (day, text) in
            [(0, "1970-01-01"), (59, "1970-03-01"), (11_016, "2000-02-29"), (20_790, "2026-12-03"), (-1, "1969-12-31")]
        {
            assert_eq!(date(day), text, "{day}");
            assert_eq!(day_of(text), Some(day), "{text}");
        }
        for bad in ["2026-13-01", "2026-02-30", "26-1-1", "", "2026-1-01", "yesterday", "2026-01-01x"] {
            assert_eq!(day_of(bad), None, "{bad}");
        }
        for (day, first, next) in [
            ("2026-12-06", "2026-12-01", "2027-01-01"),
            ("2024-02-29", "2024-02-01", "2024-03-01"),
            ("2026-03-01", "2026-03-01", "2026-04-01"),
            ("1969-12-31", "1969-12-01", "1970-01-01"),
        ] {
            let day = day_of(day).unwrap();
            assert_eq!((date(month_start(day)), date(next_month_start(day))), (first.to_string(), next.to_string()));
        }
        assert!(today() > 20_000);
        assert!((1..=86_400).contains(&seconds_to_tomorrow()));
    }
}
