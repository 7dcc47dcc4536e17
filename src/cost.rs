//! The pure cost model: per-request cost of each path, fixed cost, break-even
//! volume and the 3×/10× verdict. No I/O, no command-line types, no printing.
//!
//! Money is exact decimal arithmetic ([`Usd`] is a [`Decimal`]): boundaries such
//! as "the smallest whole volume with `N × Δ > T`" are decided by comparing exact
//! products, never by dividing floats.

use std::fmt;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};

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
    /// `--batch` for a model whose sheet has no batch discount.
    #[error("no batch discount in the sheet")]
    NoBatchDiscount,
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
    Ok(minimum.map_or(computed, |m| computed.max(m)).normalize())
}

/// `volume × per_request`, exactly.
pub fn volume_cost(volume: Requests, per_request: Usd) -> Result<Usd, CostError> {
    Decimal::from(volume)
        .checked_mul(per_request)
        .map(|c| c.normalize())
        .ok_or(CostError::Overflow("total cost for the volume"))
}

/// Prices of one tier (standard or long-context) on one path, per 1M tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tier {
    /// Input tokens.
    pub input: PerMillion,
    /// Output tokens.
    pub output: PerMillion,
    /// Input tokens read from the prompt cache, where the path has a cached price.
    pub cached_input: Option<PerMillion>,
    /// Tokens written to the cache on a miss, where the provider bills writes.
    pub cache_write: Option<PerMillion>,
}

/// Everything that prices a request on one path (the base model with the
/// engineered prompt, or the fine-tuned model).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PathPrices {
    /// The standard tier.
    pub standard: Tier,
    /// Prices above a prompt + input size, with that size.
    pub long_context: Option<(Tokens, Tier)>,
    /// Shortest fixed prompt the provider caches.
    pub min_cacheable_tokens: Option<Tokens>,
    /// Fraction off every per-token price with the batch API.
    pub batch_discount: Option<Decimal>,
}

/// How requests are sent: prompt-cache hit rate and the batch API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Billing {
    /// Share of requests whose fixed prompt is read from the cache (0..=1).
    pub cache_hit_rate: Decimal,
    /// Whether requests go through the batch API.
    pub batch: bool,
}

/// Why a requested cache hit rate did not apply to a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CacheOutcome {
    /// No caching was asked for (hit rate 0).
    NotAsked,
    /// The fixed prompt is billed at the cached price on hits.
    Applied,
    /// The path has no fixed prompt to cache.
    NothingToCache,
    /// The path has no cached-input price.
    NoCachedPrice,
    /// The fixed prompt is shorter than the provider's minimum.
    BelowMinimum(Tokens),
}

/// The cost of one request and how it was billed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestCost {
    /// Cost of one request.
    pub cost: Usd,
    /// Whether the long-context tier priced it.
    pub long_context: bool,
    /// What became of the cache hit rate.
    pub caching: CacheOutcome,
}

impl RequestCost {
    /// Share of the fixed prompt billed at the cached price: the hit rate where
    /// caching applied, else 0.
    pub fn cached_prompt_share(&self, billing: &Billing) -> Decimal {
        match self.caching {
            CacheOutcome::Applied => billing.cache_hit_rate,
            _ => Decimal::ZERO,
        }
    }
}

/// Cost of one request with caching, batch and long-context pricing:
/// the fixed prompt is read from the cache with probability `F` at the cached
/// price, a miss is billed at the cache-write price where there is one, else
/// at the input price; variable input and output are never cached. The batch
/// discount takes its fraction off every per-token price.
pub fn request_cost(
    prices: &PathPrices,
    usage: &Usage,
    billing: &Billing,
) -> Result<RequestCost, CostError> {
    let (tier, long_context) = match prices.long_context {
        Some((above, tier)) if usage.input_side() > above => (tier, true),
        _ => (prices.standard, false),
    };
    let factor = match (billing.batch, prices.batch_discount) {
        (false, _) => Decimal::ONE,
        (true, Some(d)) => Decimal::ONE - d,
        (true, None) => return Err(CostError::NoBatchDiscount),
    };
    let caching = cache_outcome(prices, &tier, usage, billing);
    let prompt_price = match (caching, tier.cached_input) {
        (CacheOutcome::Applied, Some(cached)) => {
            let f = billing.cache_hit_rate;
            let miss = tier.cache_write.unwrap_or(tier.input);
            f.checked_mul(cached)
                .zip((Decimal::ONE - f).checked_mul(miss))
                .and_then(|(hits, misses)| hits.checked_add(misses))
                .ok_or(CostError::Overflow("cached prompt price"))?
        }
        _ => tier.input,
    };
    let overflow = CostError::Overflow("cost per request");
    let cost = token_cost(usage.prompt_tokens, prompt_price)?
        .checked_add(token_cost(usage.input_tokens, tier.input)?)
        .and_then(|c| c.checked_add(token_cost(usage.output_tokens, tier.output).ok()?))
        .and_then(|c| c.checked_mul(factor))
        .ok_or(overflow)?;
    Ok(RequestCost {
        cost: cost.normalize(),
        long_context,
        caching,
    })
}

fn cache_outcome(
    prices: &PathPrices,
    tier: &Tier,
    usage: &Usage,
    billing: &Billing,
) -> CacheOutcome {
    if billing.cache_hit_rate.is_zero() {
        CacheOutcome::NotAsked
    } else if usage.prompt_tokens == 0 {
        CacheOutcome::NothingToCache
    } else if tier.cached_input.is_none() {
        CacheOutcome::NoCachedPrice
    } else if let Some(min) = prices
        .min_cacheable_tokens
        .filter(|&min| usage.prompt_tokens < min)
    {
        CacheOutcome::BelowMinimum(min)
    } else {
        CacheOutcome::Applied
    }
}

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

    /// `volume × Δ / T` (exact to 28 digits); `None` when `Δ ≤ 0` or `T = 0`.
    pub fn volume_multiple(&self, volume: Requests) -> Result<Option<Decimal>, CostError> {
        if !self.breaks_even() || self.fixed_cost.is_zero() {
            return Ok(None);
        }
        self.savings(volume)?
            .checked_div(self.fixed_cost)
            .map(|m| Some(m.normalize()))
            .ok_or(CostError::Overflow("volume multiple"))
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

    fn tier(input: &str, output: &str, cached: Option<&str>, write: Option<&str>) -> Tier {
        Tier {
            input: d(input),
            output: d(output),
            cached_input: cached.map(d),
            cache_write: write.map(d),
        }
    }

    fn usage(prompt: Tokens, input: Tokens, output: Tokens) -> Usage {
        Usage {
            prompt_tokens: prompt,
            input_tokens: input,
            output_tokens: output,
        }
    }

    fn hits(rate: &str) -> Billing {
        Billing {
            cache_hit_rate: d(rate),
            batch: false,
        }
    }

    #[test]
    fn caching_bills_hits_at_the_cached_price_and_misses_at_the_write_price() {
        // Claude-like: 0.9 × 0.30 + 0.1 × 3.75 = 0.645 per 1M on the prompt.
        // 10,000 × 0.645 + 200 × 3.00 + 300 × 15.00 = 6,450 + 600 + 4,500 → $0.01155
        let p = PathPrices {
            standard: tier("3.00", "15.00", Some("0.30"), Some("3.75")),
            min_cacheable_tokens: Some(1024),
            ..Default::default()
        };
        let c = request_cost(&p, &usage(10_000, 200, 300), &hits("0.9")).unwrap();
        assert_eq!(c.cost, d("0.01155"));
        assert_eq!(c.caching, CacheOutcome::Applied);
        assert_eq!(c.cached_prompt_share(&hits("0.9")), d("0.9"));
    }

    #[test]
    fn caching_without_a_write_price_bills_misses_at_the_input_price() {
        // gpt-4.1-like: 0.9 × 0.50 + 0.1 × 2.00 = 0.65; 3,000 × 0.65 + 200 × 2 + 300 × 8 = 4,750.
        let p = PathPrices {
            standard: tier("2.00", "8.00", Some("0.50"), None),
            min_cacheable_tokens: Some(1024),
            ..Default::default()
        };
        let c = request_cost(&p, &usage(3000, 200, 300), &hits("0.9")).unwrap();
        assert_eq!(c.cost, d("0.00475"));
        // A hit rate of 1 bills the whole prompt at the cached price.
        let c = request_cost(&p, &usage(3000, 0, 0), &hits("1")).unwrap();
        assert_eq!(c.cost, d("0.0015"));
    }

    #[test]
    fn no_caching_below_the_minimum_or_without_a_cached_price() {
        let p = PathPrices {
            standard: tier("2.00", "8.00", Some("0.50"), None),
            min_cacheable_tokens: Some(1024),
            ..Default::default()
        };
        let c = request_cost(&p, &usage(1023, 200, 300), &hits("0.9")).unwrap();
        assert_eq!(c.caching, CacheOutcome::BelowMinimum(1024));
        assert_eq!(c.cost, d("0.004846")); // (1,223 × 2 + 300 × 8) / 1M
        assert_eq!(c.cached_prompt_share(&hits("0.9")), Decimal::ZERO);
        let at_min = request_cost(&p, &usage(1024, 0, 0), &hits("0.5")).unwrap();
        assert_eq!(at_min.caching, CacheOutcome::Applied);
        let no_price = PathPrices {
            standard: tier("2.00", "8.00", None, None),
            ..Default::default()
        };
        let c = request_cost(&no_price, &usage(5000, 0, 0), &hits("0.9")).unwrap();
        assert_eq!(c.caching, CacheOutcome::NoCachedPrice);
        assert_eq!(c.cost, d("0.01"));
    }

    #[test]
    fn batch_takes_the_discount_off_every_token_price() {
        let p = PathPrices {
            standard: tier("2.00", "8.00", Some("0.50"), None),
            batch_discount: Some(d("0.5")),
            ..Default::default()
        };
        let batch = Billing {
            cache_hit_rate: Decimal::ZERO,
            batch: true,
        };
        assert_eq!(
            request_cost(&p, &usage(3000, 200, 300), &batch)
                .unwrap()
                .cost,
            d("0.0044")
        );
        let both = Billing {
            cache_hit_rate: d("0.9"),
            batch: true,
        };
        assert_eq!(
            request_cost(&p, &usage(3000, 200, 300), &both)
                .unwrap()
                .cost,
            d("0.002375")
        );
        let none = PathPrices {
            batch_discount: None,
            ..p
        };
        assert_eq!(
            request_cost(&none, &usage(1, 1, 1), &batch),
            Err(CostError::NoBatchDiscount)
        );
    }

    #[test]
    fn long_context_prices_apply_above_the_threshold_only() {
        // gemini-2.5-pro-like: 1.25 / 10.00, above 200,000 → 2.50 / 15.00.
        let p = PathPrices {
            standard: tier("1.25", "10.00", None, None),
            long_context: Some((200_000, tier("2.50", "15.00", None, None))),
            ..Default::default()
        };
        let at = request_cost(&p, &usage(150_000, 50_000, 1000), &Billing::default()).unwrap();
        assert!(!at.long_context);
        assert_eq!(at.cost, d("0.26")); // 200,000 × 1.25 + 1,000 × 10
        let above = request_cost(&p, &usage(150_000, 60_000, 1000), &Billing::default()).unwrap();
        assert!(above.long_context);
        assert_eq!(above.cost, d("0.54")); // 210,000 × 2.50 + 1,000 × 15
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
        assert_eq!(e.volume_multiple(7_500_000).unwrap(), Some(d("10")));
        assert_eq!(e.volume_multiple(1_725_000).unwrap(), Some(d("2.3")));
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
