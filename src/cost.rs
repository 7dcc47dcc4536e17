//! The pure cost model: per-request cost of each path, fixed cost, break-even
//! volume and the 3×/10× verdict. No I/O, no command-line types, no printing.
//!
//! Money is exact decimal arithmetic ([`Usd`] is a [`Decimal`]): boundaries such
//! as "the smallest whole volume with `N × Δ > T`" are decided by comparing exact
//! products, never by dividing floats.

use std::fmt;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

/// An amount of money in the price sheets' currency.
pub type Usd = Decimal;
/// A price in currency units per one million tokens.
pub type PerMillion = Decimal;
/// A count of tokens.
pub type Tokens = u64;
/// A count of requests.
pub type Requests = u64;

const MILLION: Decimal = Decimal::from_parts(1_000_000, 0, 0, false, 0);

/// Errors of the cost model.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CostError {
    /// An intermediate amount does not fit the decimal range (about 7.9e28).
    #[error("{0} overflows: the numbers are too large to compute exactly")]
    Overflow(&'static str),
    /// The two rule-of-thumb multiples are not `0 < depends_at <= fine_tune_at`.
    #[error("thresholds out of order: need 0 < --depends-at ({depends_at}) <= --fine-tune-at ({fine_tune_at})")]
    Thresholds {
        /// The low multiple.
        depends_at: Decimal,
        /// The high multiple.
        fine_tune_at: Decimal,
    },
}

/// Per-token prices of one model on one path (USD per 1M tokens).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Rates {
    /// Price of input tokens.
    pub input: PerMillion,
    /// Price of output tokens.
    pub output: PerMillion,
}

/// The token shape of one request on one path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Usage {
    /// Fixed prompt sent with every request (instructions, few-shot examples).
    pub prompt_tokens: Tokens,
    /// Variable input of each request (user message, retrieved context).
    pub input_tokens: Tokens,
    /// Tokens generated per request.
    pub output_tokens: Tokens,
}

impl Usage {
    /// Prompt plus variable input: the tokens a provider counts against context limits.
    pub fn input_side(&self) -> Tokens {
        self.prompt_tokens.saturating_add(self.input_tokens)
    }
}

/// `tokens × price / 1e6`, exactly.
pub fn token_cost(tokens: Tokens, price: PerMillion) -> Result<Usd, CostError> {
    Decimal::from(tokens)
        .checked_mul(price)
        .map(|c| c / MILLION)
        .ok_or(CostError::Overflow("token cost"))
}

/// Cost of one request: `(prompt × input + input × input + output × output) / 1e6`.
pub fn cost_per_request(rates: &Rates, usage: &Usage) -> Result<Usd, CostError> {
    let prompt = token_cost(usage.prompt_tokens, rates.input)?;
    let input = token_cost(usage.input_tokens, rates.input)?;
    let output = token_cost(usage.output_tokens, rates.output)?;
    prompt
        .checked_add(input)
        .and_then(|s| s.checked_add(output))
        .ok_or(CostError::Overflow("cost per request"))
}

/// Training cost of one run: `tokens × epochs × price / 1e6`, raised to the
/// sheet's per-job minimum where one is set.
pub fn training_cost(
    tokens: Tokens,
    epochs: u32,
    price: PerMillion,
    minimum: Option<Usd>,
) -> Result<Usd, CostError> {
    let billed = tokens
        .checked_mul(u64::from(epochs))
        .ok_or(CostError::Overflow("training tokens × epochs"))?;
    let computed = token_cost(billed, price)?;
    Ok(minimum.map_or(computed, |m| computed.max(m)))
}

/// `volume × per_request`, exactly.
pub fn volume_cost(volume: Requests, per_request: Usd) -> Result<Usd, CostError> {
    Decimal::from(volume)
        .checked_mul(per_request)
        .ok_or(CostError::Overflow("total cost for the volume"))
}

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

/// The economics of one fine-tuning candidate against the prompting path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Economics {
    /// `Δ = P_base − P_tuned`, the saving per request (negative when tuning costs more).
    pub savings_per_request: Usd,
    /// `T`, everything paid up front for the tuned path.
    pub fixed_cost: Usd,
}

impl Economics {
    /// Builds the economics from the two per-request costs and the fixed cost.
    pub fn new(base_per_request: Usd, tuned_per_request: Usd, fixed_cost: Usd) -> Self {
        Economics {
            savings_per_request: base_per_request - tuned_per_request,
            fixed_cost,
        }
    }

    fn breaks_even(&self) -> bool {
        self.savings_per_request > Decimal::ZERO
    }

    /// `volume × Δ`, the saving over a volume.
    pub fn savings(&self, volume: Requests) -> Result<Usd, CostError> {
        volume_cost(volume, self.savings_per_request)
    }

    /// The smallest whole volume `N` with `N × Δ > T`; `None` when `Δ ≤ 0`.
    /// With `T = 0` it is 1.
    pub fn break_even_requests(&self) -> Result<Option<Requests>, CostError> {
        if !self.breaks_even() {
            return Ok(None);
        }
        self.smallest_volume(|saving| saving > self.fixed_cost, self.fixed_cost)
            .map(|n| Some(n.max(1)))
    }

    /// The smallest volume whose multiple reaches `multiple` (`N × Δ ≥ multiple × T`);
    /// `None` when `Δ ≤ 0`. With `T = 0` it is 1 (any volume ≥ 1 qualifies).
    pub fn volume_for_multiple(&self, multiple: Decimal) -> Result<Option<Requests>, CostError> {
        if !self.breaks_even() {
            return Ok(None);
        }
        let target = multiple
            .checked_mul(self.fixed_cost)
            .ok_or(CostError::Overflow("threshold × fixed cost"))?;
        self.smallest_volume(|saving| saving >= target, target)
            .map(|n| Some(n.max(1)))
    }

    /// Smallest `N` whose saving satisfies `pred`, which is monotone in `N`,
    /// starting from the estimate `target / Δ` and settled by exact comparisons.
    fn smallest_volume(
        &self,
        pred: impl Fn(Usd) -> bool,
        target: Usd,
    ) -> Result<Requests, CostError> {
        let overflow = CostError::Overflow("break-even volume");
        let estimate = target
            .checked_div(self.savings_per_request)
            .ok_or(overflow.clone())?
            .floor()
            .to_u64()
            .ok_or(overflow.clone())?;
        let holds = |n: Requests| -> Result<bool, CostError> { Ok(pred(self.savings(n)?)) };
        let mut n = estimate;
        while n > 0 && holds(n - 1)? {
            n -= 1;
        }
        while !holds(n)? {
            n = n.checked_add(1).ok_or(overflow.clone())?;
        }
        Ok(n)
    }

    /// `volume × Δ / T`, for display; `None` when `Δ ≤ 0` or `T = 0`.
    pub fn volume_multiple(&self, volume: Requests) -> Result<Option<f64>, CostError> {
        if !self.breaks_even() || self.fixed_cost.is_zero() {
            return Ok(None);
        }
        let saving = self.savings(volume)?;
        Ok(saving
            .checked_div(self.fixed_cost)
            .and_then(|m| m.to_f64())
            .or_else(|| Some(saving.to_f64()? / self.fixed_cost.to_f64()?)))
    }

    /// The rule-of-thumb verdict for a volume, from exact products.
    pub fn verdict(&self, volume: Requests, thresholds: &Thresholds) -> Result<Verdict, CostError> {
        if !self.breaks_even() || volume == 0 {
            return Ok(Verdict::Prompt);
        }
        let saving = self.savings(volume)?;
        let at = |multiple: Decimal| {
            multiple
                .checked_mul(self.fixed_cost)
                .ok_or(CostError::Overflow("threshold × fixed cost"))
        };
        Ok(if saving >= at(thresholds.fine_tune_at)? {
            Verdict::FineTune
        } else if saving >= at(thresholds.depends_at)? {
            Verdict::Depends
        } else {
            Verdict::Prompt
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn econ(delta: &str, fixed: &str) -> Economics {
        Economics {
            savings_per_request: d(delta),
            fixed_cost: d(fixed),
        }
    }

    #[test]
    fn per_request_cost_matches_hand_computation() {
        // gpt-4.1: (3000 + 200) × 2.00 + 300 × 8.00 = 8800 per 1M → $0.0088
        let rates = Rates {
            input: d("2.00"),
            output: d("8.00"),
        };
        let usage = Usage {
            prompt_tokens: 3000,
            input_tokens: 200,
            output_tokens: 300,
        };
        assert_eq!(cost_per_request(&rates, &usage).unwrap(), d("0.0088"));
    }

    #[test]
    fn training_cost_is_tokens_times_epochs_times_price_with_minimum() {
        assert_eq!(
            training_cost(2_000_000, 3, d("5.00"), None).unwrap(),
            d("30")
        );
        assert_eq!(
            training_cost(100_000, 1, d("5.00"), Some(d("4"))).unwrap(),
            d("4")
        );
        assert_eq!(
            training_cost(1_000_000, 1, d("5.00"), Some(d("4"))).unwrap(),
            d("5")
        );
    }

    #[test]
    fn exactness_case_from_the_contract_gives_750001() {
        // Δ = 100 tokens × $0.40/M = $0.00004, T = $30: naive f64 gives 750,000.
        let delta = token_cost(100, d("0.40")).unwrap();
        assert_eq!(delta, d("0.00004"));
        let e = Economics {
            savings_per_request: delta,
            fixed_cost: d("30"),
        };
        assert_eq!(e.break_even_requests().unwrap(), Some(750_001));
        // 750,000 × Δ equals T exactly: not yet "greater than".
        assert_eq!(e.savings(750_000).unwrap(), d("30"));
    }

    #[test]
    fn break_even_is_smallest_volume_with_saving_above_fixed_cost() {
        for (delta, fixed, want) in [
            ("0.00728", "30", 4121), // 30 / 0.00728 = 4120.87…
            ("0.5", "2", 5),         // exactly 4 → 5
            ("3", "1", 1),           // below one request
            ("0.0000001", "1000000", 10_000_000_000_001),
        ] {
            let e = econ(delta, fixed);
            let n = e.break_even_requests().unwrap().unwrap();
            assert_eq!(n, want, "Δ={delta} T={fixed}");
            assert!(e.savings(n).unwrap() > e.fixed_cost);
            assert!(e.savings(n - 1).unwrap() <= e.fixed_cost || n == 1);
        }
    }

    #[test]
    fn no_saving_means_no_break_even_and_prompt() {
        for delta in ["0", "-0.001"] {
            let e = econ(delta, "30");
            assert_eq!(e.break_even_requests().unwrap(), None);
            assert_eq!(e.volume_multiple(1_000_000).unwrap(), None);
            assert_eq!(e.volume_for_multiple(d("3")).unwrap(), None);
            assert_eq!(
                e.verdict(u64::MAX / 1_000_000, &Thresholds::default())
                    .unwrap(),
                Verdict::Prompt
            );
        }
    }

    #[test]
    fn zero_fixed_cost_breaks_even_at_one_request() {
        let e = econ("0.001", "0");
        assert_eq!(e.break_even_requests().unwrap(), Some(1));
        assert_eq!(e.volume_multiple(10).unwrap(), None);
        let t = Thresholds::default();
        assert_eq!(e.verdict(0, &t).unwrap(), Verdict::Prompt);
        assert_eq!(e.verdict(1, &t).unwrap(), Verdict::FineTune);
    }

    #[test]
    fn verdict_boundaries_sit_exactly_on_the_multiples() {
        // Δ = 0.00004, T = 30 → N* = 750,000; 3× = 2,250,000; 10× = 7,500,000.
        let e = econ("0.00004", "30");
        let t = Thresholds::default();
        assert_eq!(e.verdict(2_249_999, &t).unwrap(), Verdict::Prompt);
        assert_eq!(e.verdict(2_250_000, &t).unwrap(), Verdict::Depends);
        assert_eq!(e.verdict(7_499_999, &t).unwrap(), Verdict::Depends);
        assert_eq!(e.verdict(7_500_000, &t).unwrap(), Verdict::FineTune);
        assert_eq!(e.volume_for_multiple(d("3")).unwrap(), Some(2_250_000));
        assert_eq!(e.volume_for_multiple(d("10")).unwrap(), Some(7_500_000));
        assert_eq!(e.volume_multiple(7_500_000).unwrap(), Some(10.0));
    }

    #[test]
    fn custom_thresholds_move_the_boundaries() {
        let e = econ("0.01", "10"); // N* = 1000
        let t = Thresholds::new(d("1.5"), d("2")).unwrap();
        assert_eq!(e.verdict(1499, &t).unwrap(), Verdict::Prompt);
        assert_eq!(e.verdict(1500, &t).unwrap(), Verdict::Depends);
        assert_eq!(e.verdict(2000, &t).unwrap(), Verdict::FineTune);
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
        let e = econ("79228162514264337593543950335", "1");
        assert!(matches!(e.savings(u64::MAX), Err(CostError::Overflow(_))));
        assert!(token_cost(u64::MAX, Decimal::MAX).is_err());
    }

    /// Property sweep over a grid: the verdict never moves back toward `prompt`
    /// as volume grows, and at the break-even volume the two totals meet.
    #[test]
    fn verdict_is_monotone_and_totals_meet_at_break_even_over_a_grid() {
        let prices = ["0.05", "0.10", "0.40", "0.80", "2.00", "3.00", "15.00"];
        let t = Thresholds::default();
        for base_in in prices {
            for tuned_in in prices {
                for prompt in [0u64, 100, 500, 3000, 12_345] {
                    for fixed in ["0", "1", "30", "499.99", "12345.6789"] {
                        let base = cost_per_request(
                            &Rates {
                                input: d(base_in),
                                output: d("1.6"),
                            },
                            &Usage {
                                prompt_tokens: prompt,
                                input_tokens: 200,
                                output_tokens: 300,
                            },
                        )
                        .unwrap();
                        let tuned = cost_per_request(
                            &Rates {
                                input: d(tuned_in),
                                output: d("1.6"),
                            },
                            &Usage {
                                prompt_tokens: 50,
                                input_tokens: 200,
                                output_tokens: 300,
                            },
                        )
                        .unwrap();
                        check_grid_point(Economics::new(base, tuned, d(fixed)), base, tuned, &t);
                    }
                }
            }
        }
    }

    fn check_grid_point(e: Economics, base: Usd, tuned: Usd, t: &Thresholds) {
        let mut last = Verdict::Prompt;
        for volume in [
            0u64,
            1,
            10,
            999,
            10_000,
            123_457,
            1_000_000,
            50_000_000,
            10u64.pow(10),
        ] {
            let v = e.verdict(volume, t).unwrap();
            assert!(v >= last, "{e:?} went back at {volume}");
            last = v;
        }
        if let Some(n) = e.break_even_requests().unwrap() {
            let base_total = volume_cost(n, base).unwrap();
            let tuned_total = e.fixed_cost + volume_cost(n, tuned).unwrap();
            // At N the tuned path is cheaper; one request earlier it was not.
            assert!(tuned_total < base_total, "{e:?}");
            if n > 1 {
                let base_prev = volume_cost(n - 1, base).unwrap();
                let tuned_prev = e.fixed_cost + volume_cost(n - 1, tuned).unwrap();
                assert!(tuned_prev >= base_prev, "{e:?}");
            }
            // The totals differ by less than one request's saving.
            assert!(base_total - tuned_total <= e.savings_per_request);
        }
        for (m, want) in [
            (t.depends_at(), Verdict::Depends),
            (t.fine_tune_at(), Verdict::FineTune),
        ] {
            if let Some(n) = e.volume_for_multiple(m).unwrap() {
                assert!(e.verdict(n, t).unwrap() >= want, "{e:?} at {n}");
                if n > 1 {
                    assert!(e.verdict(n - 1, t).unwrap() < want, "{e:?} at {n}-1");
                }
            }
        }
    }
}
