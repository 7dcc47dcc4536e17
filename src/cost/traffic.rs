//! Traffic over a horizon: requests per month from a first month and a growth
//! rate, or a total spread evenly.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};

use super::{CostError, Requests};

/// Requests per month over a horizon: month `i` (from 1) has
/// `round(per_month × (1 + growth/100)^(i−1))` requests, half away from zero.
pub fn monthly_volumes(
    per_month: Requests,
    months: u32,
    growth_percent: Decimal,
) -> Result<Vec<Requests>, CostError> {
    let overflow = CostError::Overflow("monthly volume");
    let factor = Decimal::ONE + growth_percent / Decimal::ONE_HUNDRED;
    let mut volume = Decimal::from(per_month);
    let mut out = Vec::with_capacity(months as usize);
    for _ in 0..months {
        let rounded = volume.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
        out.push(rounded.to_u64().ok_or(overflow.clone())?);
        volume = volume.checked_mul(factor).ok_or(overflow.clone())?;
    }
    Ok(out)
}

/// A volume spread evenly over `months` months; the months sum to `volume`
/// exactly (month k gets `floor(V·k/M) − floor(V·(k−1)/M)`).
pub fn spread_volume(volume: Requests, months: u32) -> Vec<Requests> {
    let (v, m) = (u128::from(volume), u128::from(months.max(1)));
    (1..=m)
        .map(|k| ((v * k / m) - (v * (k - 1) / m)) as Requests)
        .collect()
}

/// The requests of every month together.
pub fn horizon_total(monthly: &[Requests]) -> Result<Requests, CostError> {
    monthly
        .iter()
        .try_fold(0u64, |sum, &v| sum.checked_add(v))
        .ok_or(CostError::Overflow("the volume over the horizon"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn monthly_volumes_grow_and_round_half_away_from_zero() {
        assert_eq!(
            monthly_volumes(100_000, 4, d("10")).unwrap(),
            [100_000, 110_000, 121_000, 133_100]
        );
        // 10, 10.5 → 11, 11.025 → 11, 11.57625 → 12
        assert_eq!(monthly_volumes(10, 4, d("5")).unwrap(), [10, 11, 11, 12]);
        assert_eq!(
            monthly_volumes(1000, 3, d("-50")).unwrap(),
            [1000, 500, 250]
        );
        assert_eq!(monthly_volumes(7, 3, d("-100")).unwrap(), [7, 0, 0]);
        assert!(monthly_volumes(u64::MAX / 2, 200, d("100")).is_err());
    }

    #[test]
    fn a_volume_spreads_evenly_and_sums_back() {
        assert_eq!(spread_volume(10, 3), [3, 3, 4]);
        assert_eq!(spread_volume(12, 12), [1; 12]);
        assert_eq!(
            spread_volume(u64::MAX, 7)
                .iter()
                .map(|&v| u128::from(v))
                .sum::<u128>(),
            u128::from(u64::MAX)
        );
    }
}

/// Monthly volumes against design §6's rule, in exact fractions: month `i`
/// has `round(N × (1 + g/100)^(i−1))` requests, half away from zero, with
/// the growth `g` in tenths of a percent so that the factor is
/// `(1000 + g₁₀) / 1000`.
#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    /// `num / den` rounded half away from zero (both non-negative).
    fn round_half_away(num: u128, den: u128) -> u128 {
        let (q, r) = (num / den, num % den);
        if 2 * r >= den {
            q + 1
        } else {
            q
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn monthly_volumes_follow_the_rounding_rule_exactly(
            per_month in 0u64..=1_000_000,
            months in 1u32..=9,
            tenths in -1000i64..=2000,
        ) {
            let got = monthly_volumes(per_month, months, Decimal::new(tenths, 1)).unwrap();
            let factor = (1000 + tenths) as u128;
            let want: Vec<u64> = (0..months)
                .map(|i| {
                    let num = u128::from(per_month) * factor.pow(i);
                    round_half_away(num, 1000u128.pow(i)) as u64
                })
                .collect();
            prop_assert_eq!(got, want);
        }

        /// A volume spread over months sums back to itself, and no two
        /// months differ by more than one request.
        #[test]
        fn a_spread_volume_sums_back_and_is_even(volume: u64, months in 1u32..=crate::units::MAX_MONTHS) {
            let spread = spread_volume(volume, months);
            prop_assert_eq!(spread.len(), months as usize);
            prop_assert_eq!(spread.iter().map(|&v| u128::from(v)).sum::<u128>(), u128::from(volume));
            let (lo, hi) = (spread.iter().min().unwrap(), spread.iter().max().unwrap());
            prop_assert!(hi - lo <= 1);
        }
    }
}
