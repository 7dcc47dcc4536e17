//! Quality in the money (design §16): a request that fails costs what a
//! failure costs (a retry, a human review, a lost ticket), so each path's
//! cost per request becomes `P′ = P + (1 − S) × failure cost`.

use rust_decimal::Decimal;

use super::checked::{add, mul};
use super::{CostError, Usd};

/// The expected failure cost of one request on each path, `(1 − S) × F`:
/// zero on both without quality inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Failure {
    /// On the prompting path.
    pub base: Usd,
    /// On the tuned path.
    pub tuned: Usd,
}

impl Failure {
    /// From the two success rates (fractions in 0..=1) and the cost of one
    /// failed request.
    pub fn new(base_success: Decimal, tuned_success: Decimal, cost: Usd) -> Result<Self, CostError> {
        let each = |s: Decimal| mul(Decimal::ONE - s, cost, "failure cost");
        Ok(Failure {
            base: each(base_success)?,
            tuned: each(tuned_success)?,
        })
    }

    /// `P′` of both paths from their `P`.
    pub fn effective(&self, base: Usd, tuned: Usd) -> Result<(Usd, Usd), CostError> {
        Ok((
            add(base, self.base, "effective cost")?,
            add(tuned, self.tuned, "effective cost")?,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn a_failed_request_adds_its_share_of_the_failure_cost() {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        // (1 − 0.95) × 0.40 = 0.02 and (1 − 0.93) × 0.40 = 0.028.
        let f = Failure::new(d("0.95"), d("0.93"), d("0.40")).unwrap();
        assert_eq!((f.base, f.tuned), (d("0.02"), d("0.028")));
        let (b, t) = f.effective(d("0.0088"), d("0.00152")).unwrap();
        assert_eq!((b, t), (d("0.0288"), d("0.02952")));
    }
}
