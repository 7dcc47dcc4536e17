//! The totals of a horizon in closed form, for comparisons without dates:
//! `T = training + setup + months × (hosting + upkeep) + retrains × training`
//! and the payback month from `cumulative saving > fixed costs incurred`.
//! The month-by-month [ledger](super::ledger) must give the same numbers
//! wherever both apply (no lifecycle dates, constant prices); tests check it.

use rust_decimal::Decimal;

use super::{volume_cost, CostError, Requests, Usd};

/// Training runs after the first over `months` when retraining every
/// `every` months: `ceil(M / R) − 1`.
pub fn retrain_runs(months: u32, every: u32) -> u32 {
    if every == 0 {
        return 0;
    }
    months.div_ceil(every).saturating_sub(1)
}

/// Fixed costs of the tuned path over a horizon.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FixedCosts {
    /// Paid once at the start: the first training run and setup.
    pub upfront: Usd,
    /// Paid every month: hosting and upkeep.
    pub monthly: Usd,
    /// One retraining run.
    pub retrain: Usd,
    /// Months between trainings, if the model is retrained.
    pub retrain_every: Option<u32>,
}

impl FixedCosts {
    /// Fixed costs incurred by the end of month `m` (from 1): the upfront
    /// cost, `m` months of recurring fees, and the retrains started by then
    /// (at months 1 + R, 1 + 2R, …).
    pub fn incurred_by(&self, m: u32) -> Result<Usd, CostError> {
        let retrains = self
            .retrain_every
            .map_or(0, |r| m.saturating_sub(1) / r.max(1));
        let overflow = CostError::Overflow("fixed cost");
        self.monthly
            .checked_mul(Decimal::from(m))
            .and_then(|x| x.checked_add(self.upfront))
            .and_then(|x| x.checked_add(self.retrain.checked_mul(Decimal::from(retrains))?))
            .ok_or(overflow)
    }
}

/// The first month whose cumulative saving exceeds the fixed costs incurred so
/// far, or `None` when that does not happen within the months given.
pub fn payback_month(
    monthly_volumes: &[Requests],
    savings_per_request: Usd,
    fixed: &FixedCosts,
) -> Result<Option<u32>, CostError> {
    let mut saved = Decimal::ZERO;
    for (i, &volume) in monthly_volumes.iter().enumerate() {
        let month = i as u32 + 1;
        saved = saved
            .checked_add(volume_cost(volume, savings_per_request)?)
            .ok_or(CostError::Overflow("cumulative saving"))?;
        if saved > fixed.incurred_by(month)? {
            return Ok(Some(month));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn retraining_runs_are_ceil_months_over_period_minus_one() {
        assert_eq!(retrain_runs(12, 3), 3);
        assert_eq!(retrain_runs(12, 5), 2);
        assert_eq!(retrain_runs(12, 12), 0);
        assert_eq!(retrain_runs(12, 24), 0);
        assert_eq!(retrain_runs(6, 1), 5);
        assert_eq!(retrain_runs(1, 1), 0);
    }

    #[test]
    fn fixed_costs_accrue_month_by_month() {
        let f = FixedCosts {
            upfront: d("100"),
            monthly: d("10"),
            retrain: d("50"),
            retrain_every: Some(3),
        };
        assert_eq!(f.incurred_by(1).unwrap(), d("110"));
        assert_eq!(f.incurred_by(3).unwrap(), d("130"));
        assert_eq!(f.incurred_by(4).unwrap(), d("190")); // first retrain in month 4
        assert_eq!(f.incurred_by(7).unwrap(), d("270"));
    }

    #[test]
    fn payback_is_the_first_month_the_saving_exceeds_costs_so_far() {
        // Saving 50 a month against 100 up front + 10 a month: 150 > 130 in month 3.
        let vols = [1000; 6];
        let mut f = FixedCosts {
            upfront: d("100"),
            monthly: d("10"),
            ..Default::default()
        };
        assert_eq!(payback_month(&vols, d("0.05"), &f).unwrap(), Some(3));
        // Exactly equal is not yet paid back: 100 + 0 a month vs 50 a month → month 3, not 2.
        f.monthly = Decimal::ZERO;
        assert_eq!(payback_month(&vols, d("0.05"), &f).unwrap(), Some(3));
        // Retraining every 2 months for 100 keeps it out of reach within 6 months.
        let f = FixedCosts {
            upfront: d("100"),
            monthly: d("10"),
            retrain: d("100"),
            retrain_every: Some(2),
        };
        assert_eq!(payback_month(&vols, d("0.05"), &f).unwrap(), None);
        assert_eq!(payback_month(&vols, d("-0.05"), &f).unwrap(), None);
    }
}
