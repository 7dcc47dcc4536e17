//! Days and months of usage records: UTC calendar days counted from
//! 1970-01-01, read from the time forms logs use (Unix seconds,
//! milliseconds or nanoseconds, as numbers or strings; RFC 3339; a plain
//! date and time, taken as UTC).

use std::fmt;

/// A UTC calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    /// The year.
    pub year: i32,
    /// The month, 1 to 12.
    pub month: u32,
}

impl Month {
    /// The month's number counted from year 0: consecutive months differ by 1.
    pub fn index(self) -> i64 {
        i64::from(self.year) * 12 + i64::from(self.month) - 1
    }

    /// Days in the month.
    pub fn days(self) -> u32 {
        (days_from_civil(self.next(), 1) - days_from_civil(self, 1)) as u32
    }

    fn next(self) -> Month {
        match self.month {
            12 => Month { year: self.year + 1, month: 1 },
            m => Month { year: self.year, month: m + 1 },
        }
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// Days before 1970-01-01 and after 9999-12-31 are no time a log holds.
const FIRST_DAY: i64 = -719_162; // 0001-01-01
const LAST_DAY: i64 = 2_932_896; // 9999-12-31

/// The month and day of month of a day counted from 1970-01-01 (Howard
/// Hinnant's `civil_from_days`).
pub fn civil(day: i32) -> (Month, u32) {
    let z = i64::from(day) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = (yoe + era * 400 + i64::from(m <= 2)) as i32;
    (Month { year: y, month: m }, d)
}

/// The day counted from 1970-01-01 of a month's `day` (`days_from_civil`).
pub fn days_from_civil(m: Month, day: u32) -> i32 {
    let y = i64::from(m.year) - i64::from(m.month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (i64::from(m.month) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097 + doe - 719_468) as i32
}

/// The day of a Unix time whose unit is guessed from its size: seconds
/// below 10¹¹ (year 5138), then milliseconds, microseconds, nanoseconds.
pub fn day_of_unix(t: i128) -> Option<i32> {
    let secs = match t.unsigned_abs() {
        a if a < 100_000_000_000 => t,
        a if a < 100_000_000_000_000 => t.div_euclid(1_000),
        a if a < 100_000_000_000_000_000 => t.div_euclid(1_000_000),
        _ => t.div_euclid(1_000_000_000),
    };
    let day = secs.div_euclid(86_400);
    (i128::from(FIRST_DAY)..=i128::from(LAST_DAY))
        .contains(&day)
        .then_some(day as i32)
}

/// The day of a time written as text: digits (a Unix time), RFC 3339 with
/// its offset, or a date with an optional time and no offset (UTC).
pub fn day_of_text(text: &str) -> Option<i32> {
    let text = text.trim();
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        let whole = text.split('.').next()?;
        return day_of_unix(whole.parse().ok()?);
    }
    if let Ok(t) = text.parse::<jiff::Timestamp>() {
        return day_of_unix(i128::from(t.as_second()));
    }
    let date = text.get(..10)?.parse::<jiff::civil::Date>().ok()?;
    let month = Month {
        year: i32::from(date.year()),
        month: date.month() as u32,
    };
    Some(days_from_civil(month, date.day() as u32))
}

/// A float time (seconds, or a larger unit by its size).
pub fn day_of_float(t: f64) -> Option<i32> {
    (t.is_finite() && t.abs() < 1e30).then(|| day_of_unix(t.floor() as i128))?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_and_months_agree_with_jiff() {
        for day in [-719_162, -1, 0, 1, 11_016, 20_758, 20_759, 2_932_896] {
            let (m, d) = civil(day);
            let date = jiff::civil::date(1970, 1, 1)
                .checked_add(jiff::Span::new().days(i64::from(day)))
                .unwrap();
            assert_eq!((m.year, m.month, d), (i32::from(date.year()), date.month() as u32, date.day() as u32));
            assert_eq!(days_from_civil(m, d), day);
        }
        assert_eq!(Month { year: 2026, month: 11 }.days(), 30);
        assert_eq!(Month { year: 2028, month: 2 }.days(), 29);
        assert_eq!(Month { year: 2026, month: 12 }.days(), 31);
    }

    #[test]
    fn times_are_read_in_every_unit_and_form() {
        // 1793491200 = 2026-11-01T00:00:00Z, day 20758.
        let day = 20_758;
        assert_eq!(day_of_unix(1_793_491_200), Some(day));
        assert_eq!(day_of_unix(1_793_491_200_123), Some(day));
        assert_eq!(day_of_unix(1_793_491_200_123_456_789), Some(day));
        assert_eq!(day_of_text("1793491200123456789"), Some(day));
        assert_eq!(day_of_text("2026-11-01T10:00:00Z"), Some(day));
        assert_eq!(day_of_text("2026-11-01T01:00:00+02:00"), Some(day - 1)); // 23:00 UTC on the 31st
        assert_eq!(day_of_text("2026-11-01 10:00:00.000"), Some(day));
        assert_eq!(day_of_text("2026-11-01"), Some(day));
        assert_eq!(day_of_float(1_793_491_200.5), Some(day));
        assert_eq!(day_of_text("yesterday"), None);
        assert_eq!(day_of_unix(i128::MAX), None);
    }
}
