//! The break-even rule and the 3×/10× verdict, decided by exact products.
//!
//! A candidate's [`Outcome`] is what it saves over the traffic (`savings`)
//! against its fixed cost `T`. Without a horizon, `savings = volume × Δ`
//! (design §2); with one, the ledger sums each month's served requests times
//! that month's `Δ`. "What it would take" scales the whole traffic profile:
//! the break-even volume is the smallest `V` with `V × savings > T × volume`,
//! which with no dates and constant prices is §2's `V × Δ > T`.

use std::cmp::Ordering;
use std::fmt;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::{Serialize, Serializer};

use super::checked::mul;
use super::{exact, volume_cost, CostError, Requests, Usd};

/// The verdict of the rule of thumb.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Verdict {
    /// Stay with prompt engineering.
    Prompt,
    /// The gray zone: decide on latency and quality.
    Depends,
    /// Fine-tuning is justified by cost.
    FineTune,
}

impl Verdict {
    /// All verdicts, weakest first.
    pub const ALL: [Verdict; 3] = [Verdict::Prompt, Verdict::Depends, Verdict::FineTune];

    /// The stable name used on the command line and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Prompt => "prompt",
            Verdict::Depends => "depends",
            Verdict::FineTune => "fine-tune",
        }
    }

    /// Parses the stable name.
    pub fn parse(s: &str) -> Option<Verdict> {
        Verdict::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Verdict {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// The two multiples of the break-even volume that separate the verdicts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Thresholds {
    depends_at: Decimal,
    fine_tune_at: Decimal,
}

impl Thresholds {
    /// Checks `0 < depends_at <= fine_tune_at`.
    pub fn new(depends_at: Decimal, fine_tune_at: Decimal) -> Result<Self, CostError> {
        if depends_at <= Decimal::ZERO || depends_at > fine_tune_at {
            return Err(CostError::Thresholds {
                depends_at,
                fine_tune_at,
            });
        }
        Ok(Thresholds {
            depends_at,
            fine_tune_at,
        })
    }

    /// Volume multiple from which the verdict is `depends`.
    pub fn depends_at(&self) -> Decimal {
        self.depends_at
    }

    /// Volume multiple from which the verdict is `fine-tune`.
    pub fn fine_tune_at(&self) -> Decimal {
        self.fine_tune_at
    }
}

impl Default for Thresholds {
    /// The rule of thumb: 3× and 10×.
    fn default() -> Self {
        Thresholds {
            depends_at: Decimal::from(3),
            fine_tune_at: Decimal::from(10),
        }
    }
}

/// What a candidate saves over its traffic against its fixed cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    /// Requests of the traffic, served by the tuned path or not.
    pub volume: Requests,
    /// The saving over the traffic: `volume × Δ`, or `Σ served × Δ` by month.
    pub savings: Usd,
    /// `T`: every fixed cost of the tuned path.
    pub fixed_cost: Usd,
    /// The saving per request when the traffic is scaled: `rate.0` per `rate.1`
    /// requests (`Δ` per 1 in closed form; `savings` per `volume` on a ledger).
    rate: (Usd, Requests),
}

impl Outcome {
    /// The closed form of §2: `volume` requests each saving `Δ`.
    pub fn closed(volume: Requests, delta: Usd, fixed_cost: Usd) -> Result<Outcome, CostError> {
        Ok(Outcome {
            volume,
            savings: volume_cost(volume, delta)?,
            fixed_cost,
            rate: (delta, 1),
        })
    }

    /// A ledger's totals.
    pub fn of_ledger(volume: Requests, savings: Usd, fixed_cost: Usd) -> Outcome {
        Outcome {
            volume,
            savings,
            fixed_cost,
            rate: (savings, volume),
        }
    }

    /// Whether there is traffic and each request of it saves something. No
    /// traffic has no multiple, break-even or "what it would take" and stays
    /// with prompting (design §20.27), with or without a horizon.
    fn pays(&self) -> bool {
        self.volume > 0 && self.rate.0 > Decimal::ZERO
    }

    /// The smallest whole volume `V` with `V × savings > T × volume` (§2's
    /// `V × Δ > T`); `None` when the tuned path saves nothing. With `T = 0` it is 1.
    pub fn break_even_requests(&self) -> Result<Option<Requests>, CostError> {
        if !self.pays() {
            return Ok(None);
        }
        self.smallest(Decimal::ONE, true).map(Some)
    }

    /// The smallest volume whose multiple reaches `multiple`
    /// (`V × savings ≥ multiple × T × volume`); `None` when it saves nothing.
    pub fn volume_for_multiple(&self, multiple: Decimal) -> Result<Option<Requests>, CostError> {
        if !self.pays() {
            return Ok(None);
        }
        self.smallest(multiple, false).map(Some)
    }

    /// Whether `v` requests of the traffic reach `multiple × T`: `v × rate.0`
    /// against `multiple × T × rate.1`, compared exactly (a decimal product
    /// would round beyond 28 digits); above it when `strict`.
    fn reaches_at(&self, v: Requests, multiple: Decimal, strict: bool) -> bool {
        let (saving, per) = self.rate;
        let saved = exact::product(v, &[saving]);
        let needed = exact::product(per, &[multiple, self.fixed_cost]);
        match exact::compare(&saved, &needed) {
            Ordering::Greater => true,
            Ordering::Equal => !strict,
            Ordering::Less => false,
        }
    }

    /// Smallest `V ≥ 1` with `V × rate.0` above (or, unless `strict`, equal
    /// to) `multiple × T × rate.1`: estimated by one division, settled by
    /// exact comparisons.
    fn smallest(&self, multiple: Decimal, strict: bool) -> Result<Requests, CostError> {
        let (saving, per) = self.rate;
        let overflow = CostError::Overflow("break-even volume");
        let target = mul(
            mul(multiple, self.fixed_cost, "threshold × fixed cost")?,
            Decimal::from(per),
            "threshold × fixed cost",
        )?;
        let holds = |v: Requests| self.reaches_at(v, multiple, strict);
        let estimate = target
            .checked_div(saving)
            .ok_or(overflow.clone())?
            .floor()
            .to_u64()
            .ok_or(overflow.clone())?;
        let mut v = estimate.max(1);
        while v > 1 && holds(v - 1) {
            v -= 1;
        }
        while !holds(v) {
            v = v.checked_add(1).ok_or(overflow.clone())?;
        }
        Ok(v)
    }

    /// `savings / T` (exact to 28 digits); `None` when the tuned path saves
    /// nothing per request or `T = 0`.
    pub fn volume_multiple(&self) -> Result<Option<Decimal>, CostError> {
        if !self.pays() || self.fixed_cost.is_zero() {
            return Ok(None);
        }
        self.savings
            .checked_div(self.fixed_cost)
            .map(|m| Some(m.normalize()))
            .ok_or(CostError::Overflow("volume multiple"))
    }

    /// Whether the savings reach `multiple × T` (and save anything at all).
    pub fn reaches(&self, multiple: Decimal) -> Result<bool, CostError> {
        Ok(self.savings > Decimal::ZERO && self.reaches_at(self.volume, multiple, false))
    }

    /// The rule-of-thumb verdict: `savings` against `depends_at × T` and
    /// `fine_tune_at × T`, as exact products.
    pub fn verdict(&self, thresholds: &Thresholds) -> Result<Verdict, CostError> {
        if !self.pays() || self.savings <= Decimal::ZERO {
            return Ok(Verdict::Prompt);
        }
        let at = |m: Decimal| self.reaches_at(self.volume, m, false);
        Ok(if at(thresholds.fine_tune_at) {
            Verdict::FineTune
        } else if at(thresholds.depends_at) {
            Verdict::Depends
        } else {
            Verdict::Prompt
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cost::token_cost;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn at(delta: &str, fixed: &str, volume: Requests) -> Outcome {
        Outcome::closed(volume, d(delta), d(fixed)).unwrap()
    }

    #[test]
    fn exactness_case_from_the_contract_gives_750001() {
        // Δ = 100 tokens × $0.40/M = $0.00004, T = $30: naive f64 gives 750,000.
        let delta = token_cost(100, d("0.40")).unwrap();
        assert_eq!(delta, d("0.00004"));
        let o = Outcome::closed(750_000, delta, d("30")).unwrap();
        assert_eq!(o.break_even_requests().unwrap(), Some(750_001));
        // 750,000 × Δ equals T exactly: not yet "greater than".
        assert_eq!(o.savings, d("30"));
    }

    #[test]
    fn break_even_is_smallest_volume_with_saving_above_fixed_cost() {
        for (delta, fixed, want) in [
            ("0.00728", "30", 4121), // 30 / 0.00728 = 4120.87…
            ("0.5", "2", 5),         // exactly 4 → 5
            ("3", "1", 1),           // below one request
            ("0.0000001", "1000000", 10_000_000_000_001),
        ] {
            let o = at(delta, fixed, 1);
            let n = o.break_even_requests().unwrap().unwrap();
            assert_eq!(n, want, "Δ={delta} T={fixed}");
            assert!(at(delta, fixed, n).savings > o.fixed_cost);
            assert!(n == 1 || at(delta, fixed, n - 1).savings <= o.fixed_cost);
        }
    }

    #[test]
    fn no_saving_means_no_break_even_and_prompt() {
        for delta in ["0", "-0.001"] {
            let o = at(delta, "30", 1_000_000);
            assert_eq!(o.break_even_requests().unwrap(), None);
            assert_eq!(o.volume_multiple().unwrap(), None);
            assert_eq!(o.volume_for_multiple(d("3")).unwrap(), None);
            assert_eq!(o.verdict(&Thresholds::default()).unwrap(), Verdict::Prompt);
        }
    }

    #[test]
    fn zero_fixed_cost_breaks_even_at_one_request() {
        let o = at("0.001", "0", 1);
        assert_eq!(o.break_even_requests().unwrap(), Some(1));
        assert_eq!(o.volume_multiple().unwrap(), None);
        // No traffic (§20.27): no break-even, and `prompt`.
        let o = at("0.001", "0", 0);
        assert_eq!(o.break_even_requests().unwrap(), None);
        let t = Thresholds::default();
        assert_eq!(o.verdict(&t).unwrap(), Verdict::Prompt);
        assert_eq!(at("0.001", "0", 1).verdict(&t).unwrap(), Verdict::FineTune);
    }

    #[test]
    fn verdict_boundaries_sit_exactly_on_the_multiples() {
        // Δ = 0.00004, T = 30 → N* = 750,000; 3× = 2,250,000; 10× = 7,500,000.
        let t = Thresholds::default();
        let v = |n| at("0.00004", "30", n).verdict(&t).unwrap();
        assert_eq!(v(2_249_999), Verdict::Prompt);
        assert_eq!(v(2_250_000), Verdict::Depends);
        assert_eq!(v(7_499_999), Verdict::Depends);
        assert_eq!(v(7_500_000), Verdict::FineTune);
        let o = at("0.00004", "30", 7_500_000);
        assert_eq!(o.volume_for_multiple(d("3")).unwrap(), Some(2_250_000));
        assert_eq!(o.volume_for_multiple(d("10")).unwrap(), Some(7_500_000));
        assert_eq!(o.volume_multiple().unwrap(), Some(d("10")));
        let o = at("0.00004", "30", 1_725_000);
        assert_eq!(o.volume_multiple().unwrap(), Some(d("2.3")));
    }

    #[test]
    fn a_scaled_ledger_profile_gives_the_same_boundaries() {
        // 6 months of 1,000 requests saving 0.00004 each: savings 0.24 over 6,000.
        let o = Outcome::of_ledger(6_000, d("0.24"), d("30"));
        assert_eq!(o.break_even_requests().unwrap(), Some(750_001));
        assert_eq!(o.volume_for_multiple(d("3")).unwrap(), Some(2_250_000));
        // Half the requests lost: each request of the profile saves half as much.
        let o = Outcome::of_ledger(6_000, d("0.12"), d("30"));
        assert_eq!(o.break_even_requests().unwrap(), Some(1_500_001));
        // No traffic (§20.27): no break-even, multiple or volumes, `prompt`,
        // on a ledger and in closed form alike.
        for o in [
            Outcome::of_ledger(0, Decimal::ZERO, d("30")),
            Outcome::closed(0, d("0.00004"), d("30")).unwrap(),
        ] {
            assert_eq!(o.break_even_requests().unwrap(), None);
            assert_eq!(o.volume_for_multiple(d("3")).unwrap(), None);
            assert_eq!(o.volume_multiple().unwrap(), None);
            assert_eq!(o.verdict(&Thresholds::default()).unwrap(), Verdict::Prompt);
        }
    }

    #[test]
    fn custom_thresholds_move_the_boundaries() {
        let t = Thresholds::new(d("1.5"), d("2")).unwrap(); // N* = 1000
        let v = |n| at("0.01", "10", n).verdict(&t).unwrap();
        assert_eq!(v(1499), Verdict::Prompt);
        assert_eq!(v(1500), Verdict::Depends);
        assert_eq!(v(2000), Verdict::FineTune);
    }

    #[test]
    fn thresholds_must_be_positive_and_ordered() {
        assert!(Thresholds::new(d("0"), d("10")).is_err());
        assert!(Thresholds::new(d("-1"), d("10")).is_err());
        assert!(Thresholds::new(d("11"), d("10")).is_err());
        assert!(Thresholds::new(d("10"), d("10")).is_ok());
    }

    #[test]
    fn overflowing_volume_is_an_error_not_a_panic() {
        let huge = d("79228162514264337593543950335");
        assert!(matches!(
            Outcome::closed(u64::MAX, huge, d("1")),
            Err(CostError::Overflow(_))
        ));
    }

    #[test]
    fn verdicts_are_parsed_and_named_stably() {
        for v in Verdict::ALL {
            assert_eq!(Verdict::parse(v.as_str()), Some(v));
        }
        assert_eq!(Verdict::parse("maybe"), None);
    }
}

/// Properties of break-even and the verdict on random fixed costs and
/// savings, against exact fractions: `Δ = a / 10^s`, `T = b / 10^t`.
#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    fn dec(mantissa: u64, scale: u32) -> Decimal {
        Decimal::from_i128_with_scale(i128::from(mantissa), scale)
    }

    /// `(a, s, b, t)`: a saving `Δ = a / 10^s` of at least one unit in its
    /// last place and a fixed cost `T = b / 10^t`, up to the given bounds.
    fn fraction(a: u64, s: u32, b: u64, t: u32) -> impl Strategy<Value = (u64, u32, u64, u32)> {
        (1..=a, 0..=s, 0..=b, 0..=t)
    }

    /// `T / Δ` as a fraction of integers: `b·10^s / (a·10^t)`.
    fn ratio(a: u64, s: u32, b: u64, t: u32) -> (u128, u128) {
        (u128::from(b) * 10u128.pow(s), u128::from(a) * 10u128.pow(t))
    }

    /// `x⁻¹ mod m`, for `x` coprime to `m` (extended Euclid).
    fn inverse(x: u128, m: u128) -> u128 {
        let (mut old_r, mut r) = (x as i128, m as i128);
        let (mut old_s, mut s) = (1i128, 0i128);
        while r != 0 {
            let q = old_r / r;
            (old_r, r) = (r, old_r - q * r);
            (old_s, s) = (s, old_s - q * s);
        }
        old_s.rem_euclid(m as i128) as u128
    }

    /// The verdict by the rule, on integers: `V·Δ` against `k·T`, with the
    /// multiples `k = d / 10` and `f / 10`.
    fn verdict_oracle(v: u64, a: u64, s: u32, b: u64, t: u32, d: u64, f: u64) -> Verdict {
        // V·a/10^s ≥ (k/10)·b/10^t  ⇔  V·a·10^t·10 ≥ k·b·10^s
        let saving = u128::from(v) * u128::from(a) * 10u128.pow(t) * 10;
        let at = |k: u64| u128::from(k) * u128::from(b) * 10u128.pow(s);
        if v == 0 {
            Verdict::Prompt
        } else if saving >= at(f) {
            Verdict::FineTune
        } else if saving >= at(d) {
            Verdict::Depends
        } else {
            Verdict::Prompt
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// The smallest whole `N` with `N·Δ > T` is `floor(T/Δ) + 1`; past
        /// the largest count it is an overflow error, never a wrong number.
        #[test]
        fn break_even_is_floor_of_t_over_delta_plus_one(
            (a, s, b, t) in fraction(1_000_000_000_000, 18, 1_000_000_000_000_000, 10),
        ) {
            let (num, den) = ratio(a, s, b, t);
            let want = num / den + 1;
            let got = Outcome::closed(1, dec(a, s), dec(b, t)).unwrap().break_even_requests();
            match got {
                Ok(Some(n)) => prop_assert_eq!(u128::from(n), want),
                Err(CostError::Overflow(_)) => prop_assert!(want > u128::from(u64::MAX)),
                other => prop_assert!(false, "{:?} for {}", other, want),
            }
        }

        /// Right at the boundary: `Δ = a / 10^(t+k)` and `T = b / 10^t` with `b`
        /// chosen so that `N·a = b·10^k + r` for a small `r`, so `N·Δ` exceeds
        /// `T` by `r` in the last digit of `Δ` and `N` is the break-even,
        /// however many digits the product has (up to 48, beyond a decimal's
        /// 28, where rounding the product would hide `r`).
        #[test]
        fn break_even_is_exact_where_the_product_has_more_digits_than_a_decimal(
            target in 1u64..=17_000_000_000_000_000_000,
            tenths in 100_000_000u64..=4_000_000_000,
            last in prop::sample::select(vec![1u64, 3, 7, 9]),
            k in 10u32..=18,
            t_seed: u32,
            r in 1u64..=9,
        ) {
            // a ends in 1, 3, 7 or 9 so that 10^k has an inverse mod a.
            let (a, t) = (tenths * 10 + last, t_seed % (29 - k));
            let (a128, ten_k) = (u128::from(a), 10u128.pow(k));
            // b ≡ −r / 10^k (mod a), then a multiple of a more to bring N near the target.
            let b0 = (a128 - (u128::from(r) * inverse(ten_k % a128, a128)) % a128) % a128;
            let b = b0 + (u128::from(target) * a128 / ten_k) / a128 * a128;
            let n = (b * ten_k + u128::from(r)) / a128;
            prop_assert_eq!(n * a128, b * ten_k + u128::from(r));
            let n = u64::try_from(n).unwrap();
            let (delta, fixed) = (dec(a, t + k), Decimal::from_i128_with_scale(b as i128, t));
            let o = Outcome::closed(n, delta, fixed).unwrap();
            prop_assert_eq!(o.break_even_requests().unwrap(), Some(n));
            // At N the saving is above T, one request fewer it is below.
            let at_one = Thresholds::new(Decimal::ONE, Decimal::ONE).unwrap();
            prop_assert_eq!(o.verdict(&at_one).unwrap(), Verdict::FineTune);
            let short = Outcome::closed(n - 1, delta, fixed).unwrap();
            prop_assert_eq!(short.verdict(&at_one).unwrap(), Verdict::Prompt);
            prop_assert_eq!(o.volume_for_multiple(Decimal::ONE).unwrap(), Some(n));
        }

        /// A ledger whose months save `Δ` a request scales to the same
        /// break-even, and reaches a multiple `k` at `ceil(k·T/Δ)`.
        #[test]
        fn a_scaled_profile_and_the_multiples_agree_with_the_fractions(
            (a, s, b, t) in fraction(1_000_000_000, 12, 1_000_000_000_000, 6),
            volume in 1u64..=1_000_000,
            k in 1u64..=200,
        ) {
            let (delta, fixed) = (dec(a, s), dec(b, t));
            let savings = Decimal::from(volume) * delta;
            let ledger = Outcome::of_ledger(volume, savings, fixed);
            let closed = Outcome::closed(volume, delta, fixed).unwrap();
            prop_assert_eq!(
                ledger.break_even_requests().unwrap(),
                closed.break_even_requests().unwrap()
            );
            // k/10 × T / Δ = k·b·10^s / (10·a·10^t), rounded up, at least 1.
            let (num, den) = ratio(a, s, b, t);
            let (num, den) = (num * u128::from(k), den * 10);
            let want = num.div_ceil(den).max(1);
            let multiple = Decimal::new(k as i64, 1);
            let got = closed.volume_for_multiple(multiple).unwrap().unwrap();
            prop_assert_eq!(u128::from(got), want);
            prop_assert_eq!(ledger.volume_for_multiple(multiple).unwrap().unwrap(), got);
        }

        /// The verdict is the rule applied exactly, and it never moves back
        /// toward `prompt` as the volume grows.
        #[test]
        fn the_verdict_never_moves_back_toward_prompt_as_volume_grows(
            (a, s, b, t) in fraction(1_000_000, 9, 1_000_000_000, 4),
            d in 1u64..=100,
            extra in 0u64..=200,
            mut volumes in prop::collection::vec(0u64..=2_000_000_000_000, 2..8),
        ) {
            let f = d + extra;
            let rule = Thresholds::new(Decimal::new(d as i64, 1), Decimal::new(f as i64, 1)).unwrap();
            volumes.sort_unstable();
            let mut last = Verdict::Prompt;
            for v in volumes {
                let verdict = Outcome::closed(v, dec(a, s), dec(b, t)).unwrap().verdict(&rule).unwrap();
                prop_assert_eq!(verdict, verdict_oracle(v, a, s, b, t, d, f), "at {}", v);
                prop_assert!(verdict >= last, "{} at {} after {}", verdict, v, last);
                last = verdict;
            }
        }

        /// No saving, no break-even: every volume stays `prompt`.
        #[test]
        fn no_saving_is_prompt_at_every_volume(
            loss in 0u64..=1_000_000,
            b in 0u64..=1_000_000,
            v: u32,
        ) {
            let o = Outcome::closed(u64::from(v), -dec(loss, 6), dec(b, 2)).unwrap();
            prop_assert_eq!(o.break_even_requests().unwrap(), None);
            prop_assert_eq!(o.verdict(&Thresholds::default()).unwrap(), Verdict::Prompt);
        }
    }
}
