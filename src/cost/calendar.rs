//! The months of a horizon and proration by days.
//!
//! Month `i` (from 1) covers `[start + (i−1) months, start + i months)` in
//! calendar months, always counted from the start (never chained), a day past
//! the end of a shorter month clamped to its last day: a horizon starting on
//! Jan 31 has months starting Feb 28 (or 29), Mar 31, Apr 30, …

use jiff::civil::Date;
use jiff::Span;
use rust_decimal::Decimal;
use serde::Serialize;

use super::checked::mul;
use super::{CostError, Requests, Usd};

/// One month of a horizon.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Month {
    /// 1 for the first month.
    pub index: u32,
    /// Its first day.
    pub from: Date,
    /// The first day of the next month (exclusive end).
    pub to: Date,
}

impl Month {
    /// Days in the month.
    pub fn days(&self) -> u32 {
        days_between(self.from, self.to)
    }

    /// Days of the month before `end` (all of them when `end` is `None` or
    /// later, none when it is on or before the first day).
    pub fn days_before(&self, end: Option<Date>) -> u32 {
        match end {
            Some(e) if e <= self.from => 0,
            Some(e) if e < self.to => days_between(self.from, e),
            _ => self.days(),
        }
    }
}

fn days_between(from: Date, to: Date) -> u32 {
    // Both dates lie within jiff's range, so the span is a small day count.
    from.until(to)
        .map(|span| span.get_days().max(0) as u32)
        .unwrap_or(0)
}

/// The first day of month `index` (from 1) of a horizon starting on `start`.
pub fn month_start(start: Date, index: u32) -> Result<Date, CostError> {
    let months = i64::from(index.saturating_sub(1));
    start
        .checked_add(
            Span::new()
                .try_months(months)
                .map_err(|_| CostError::DateRange)?,
        )
        .map_err(|_| CostError::DateRange)
}

/// The `months` months of a horizon starting on `start`.
pub fn calendar(start: Date, months: u32) -> Result<Vec<Month>, CostError> {
    (1..=months)
        .map(|i| {
            Ok(Month {
                index: i,
                from: month_start(start, i)?,
                to: month_start(start, i + 1)?,
            })
        })
        .collect()
}

/// `round_half_away(requests × d / n)`, exactly: `⌊(2·v·d + n) / (2n)⌋`.
pub fn prorate_requests(requests: Requests, d: u32, n: u32) -> Requests {
    if d >= n || n == 0 {
        return requests;
    }
    let (v, d, n) = (u128::from(requests), u128::from(d), u128::from(n));
    // v < 2^64 and d < n < 2^32 keep every product well inside u128.
    ((2 * v * d + n) / (2 * n)) as Requests
}

/// `amount × d / n`, divided once and last.
pub fn prorate(amount: Usd, d: u32, n: u32) -> Result<Usd, CostError> {
    if d >= n || n == 0 {
        return Ok(amount);
    }
    Ok(mul(amount, Decimal::from(d), "prorated amount")? / Decimal::from(n))
}

/// The first day that is not within 12 months of `start`.
pub fn a_year_after(start: Date) -> Date {
    month_start(start, 13).unwrap_or(Date::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn months_count_from_the_start_and_clamp_to_short_months() {
        let cal = calendar(date(2027, 1, 31), 4).unwrap();
        let starts: Vec<Date> = cal.iter().map(|m| m.from).collect();
        assert_eq!(
            starts,
            [
                date(2027, 1, 31),
                date(2027, 2, 28),
                date(2027, 3, 31),
                date(2027, 4, 30)
            ]
        );
        assert_eq!(cal[0].days(), 28); // Jan 31 → Feb 28
        assert_eq!(cal[1].days(), 31); // Feb 28 → Mar 31
        assert_eq!(cal[3].to, date(2027, 5, 31));
        // A leap year's February.
        assert_eq!(
            month_start(date(2028, 1, 30), 2).unwrap(),
            date(2028, 2, 29)
        );
    }

    #[test]
    fn the_contract_example_serves_18_of_31_days() {
        // Start 2026-11-27, E 2027-01-14: month 2 is [2026-12-27, 2027-01-27).
        let cal = calendar(date(2026, 11, 27), 3).unwrap();
        let e = Some(date(2027, 1, 14));
        assert_eq!(
            (cal[1].from, cal[1].to),
            (date(2026, 12, 27), date(2027, 1, 27))
        );
        assert_eq!(cal[1].days(), 31);
        assert_eq!(cal[1].days_before(e), 18);
        assert_eq!(cal[0].days_before(e), 30);
        assert_eq!(cal[2].days_before(e), 0);
        // 2,000,000 × 18 / 31 = 1,161,290.3 → 1,161,290.
        assert_eq!(prorate_requests(2_000_000, 18, 31), 1_161_290);
    }

    #[test]
    fn proration_rounds_half_away_from_zero_and_divides_last() {
        assert_eq!(prorate_requests(1, 1, 2), 1); // 0.5 → 1
        assert_eq!(prorate_requests(3, 1, 2), 2); // 1.5 → 2
        assert_eq!(
            prorate_requests(u64::MAX, 30, 31),
            17_851_687_813_267_308_015
        );
        assert_eq!(prorate_requests(7, 0, 31), 0);
        assert_eq!(
            prorate(Decimal::from(5840), 18, 31).unwrap().round_dp(2),
            Decimal::new(339097, 2)
        );
    }
}
