//! The totals of a comparison without dates, in closed form: every request
//! is served at the start's prices, so `base total = N × P_base`, `tuned
//! total = T + N × P_tuned` and the outcome is §2's `N × Δ > T`.
//!
//! Under `#[cfg(test)]`, `oracle` keeps the closed form of a horizon
//! (`T = training + setup + months × (hosting + upkeep) + retrains ×
//! training` and the payback month): an independent check that the
//! month-by-month [ledger](super::ledger) gives the same numbers wherever
//! both apply (no lifecycle dates, constant prices).

use super::checked::add;
use super::{saving_per_request, volume_cost, CostError, Outcome, Requests, Usd};

/// A comparison's totals over a volume without a horizon.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Totals {
    /// Savings against the fixed cost: break-even, multiples, verdict.
    pub outcome: Outcome,
    /// `N × P_base`.
    pub base_total: Usd,
    /// `T + N × P_tuned`.
    pub tuned_total: Usd,
}

/// The totals of `volume` requests at `base` and `tuned` per request, with
/// fixed costs `fixed` on the tuned path.
pub fn totals(volume: Requests, base: Usd, tuned: Usd, fixed: Usd) -> Result<Totals, CostError> {
    Ok(Totals {
        outcome: Outcome::closed(volume, saving_per_request(base, tuned)?, fixed)?,
        base_total: volume_cost(volume, base)?,
        tuned_total: add(fixed, volume_cost(volume, tuned)?, "total cost")?,
    })
}

/// The closed form of a horizon, the ledger's independent check.
#[cfg(test)]
pub(crate) mod oracle {
    use rust_decimal::Decimal;

    use crate::cost::{volume_cost, CostError, Requests, Usd};

    /// Training runs after the first over `months` when retraining every
    /// `every` months: `ceil(M / R) − 1`.
    pub fn retrain_runs(months: u32, every: u32) -> u32 {
        if every == 0 {
            return 0;
        }
        months.div_ceil(every).saturating_sub(1)
    }

    /// Fixed costs of the tuned path over a horizon, as a schedule.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
    pub struct Schedule {
        /// Paid once at the start: the first training run and setup.
        pub upfront: Usd,
        /// Paid every month: hosting and upkeep.
        pub monthly: Usd,
        /// One retraining run.
        pub retrain: Usd,
        /// Months between trainings, if the model is retrained.
        pub retrain_every: Option<u32>,
    }

    impl Schedule {
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
        fixed: &Schedule,
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
}

#[cfg(test)]
mod tests {
    use super::oracle::*;
    use super::totals;
    use rust_decimal::Decimal;
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
        let f = Schedule {
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
        let mut f = Schedule {
            upfront: d("100"),
            monthly: d("10"),
            ..Default::default()
        };
        assert_eq!(payback_month(&vols, d("0.05"), &f).unwrap(), Some(3));
        // Exactly equal is not yet paid back: 100 + 0 a month vs 50 a month → month 3, not 2.
        f.monthly = Decimal::ZERO;
        assert_eq!(payback_month(&vols, d("0.05"), &f).unwrap(), Some(3));
        // Retraining every 2 months for 100 keeps it out of reach within 6 months.
        let f = Schedule {
            upfront: d("100"),
            monthly: d("10"),
            retrain: d("100"),
            retrain_every: Some(2),
        };
        assert_eq!(payback_month(&vols, d("0.05"), &f).unwrap(), None);
        assert_eq!(payback_month(&vols, d("-0.05"), &f).unwrap(), None);
    }

    #[test]
    fn totals_are_the_volume_at_each_price_and_the_fixed_cost() {
        // The README's quick start: P_base = 0.0088, P_tuned = 0.00152, T = 30,
        // N = 5,000,000: base 5M × 0.0088 = 44,000; tuned 30 + 5M × 0.00152 =
        // 7,630; Δ = 0.00728, N* = ⌊30 / 0.00728⌋ + 1 = 4,121.
        let t = totals(5_000_000, d("0.0088"), d("0.00152"), d("30")).unwrap();
        assert_eq!(t.base_total, d("44000"));
        assert_eq!(t.tuned_total, d("7630"));
        assert_eq!(t.outcome.break_even_requests().unwrap(), Some(4121));
        // A tuned path that costs more never breaks even.
        let t = totals(1000, d("0.001"), d("0.002"), d("1")).unwrap();
        assert_eq!(t.outcome.break_even_requests().unwrap(), None);
        assert_eq!(t.tuned_total, d("3"));
    }
}
