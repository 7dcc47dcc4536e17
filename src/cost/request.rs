//! The cost of one request on one path: tokens × prices, with prompt
//! caching, the batch discount and long-context tiers; and the cost of one
//! training run.

use rust_decimal::Decimal;

use super::{CostError, PerMillion, Requests, Tokens, Usd};

const MILLION: Decimal = Decimal::from_parts(1_000_000, 0, 0, false, 0);

/// The token shape of one request on one path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Usage {
    /// Fixed prompt sent with every request (instructions, few-shot examples).
    pub prompt_tokens: Tokens,
    /// Variable input of each request (user message, retrieved context).
    pub input_tokens: Tokens,
    /// Tokens generated per request.
    pub output_tokens: Tokens,
    /// Hidden reasoning tokens per request, billed as output.
    pub reasoning_tokens: Tokens,
}

impl Usage {
    /// Prompt plus variable input: the tokens a provider counts against context limits.
    pub fn input_side(&self) -> Tokens {
        self.prompt_tokens.saturating_add(self.input_tokens)
    }

    /// Output plus reasoning: every token billed at the output price.
    pub fn output_side(&self) -> Tokens {
        self.output_tokens.saturating_add(self.reasoning_tokens)
    }
}

/// `tokens × price / 1e6`, exactly.
pub fn token_cost(tokens: Tokens, price: PerMillion) -> Result<Usd, CostError> {
    Decimal::from(tokens)
        .checked_mul(price)
        .map(|c| c / MILLION)
        .ok_or(CostError::Overflow("token cost"))
}

/// Training cost of one run: `tokens × epochs × price / 1e6`, raised to the
/// sheet's per-job minimum where one is set.
pub fn training_cost(
    tokens: Tokens,
    epochs: u32,
    price: PerMillion,
    minimum: Option<Usd>,
) -> Result<Usd, CostError> {
    let computed = token_cost(billed_training_tokens(tokens, epochs)?, price)?;
    Ok(minimum.map_or(computed, |m| computed.max(m)).normalize())
}

/// The tokens a training job bills: the tokens of one epoch × epochs.
pub fn billed_training_tokens(per_epoch: Tokens, epochs: u32) -> Result<Tokens, CostError> {
    per_epoch
        .checked_mul(u64::from(epochs))
        .ok_or(CostError::Overflow("training tokens × epochs"))
}

/// `Δ = P_base − P_tuned`: what one request saves on the tuned path
/// (negative when it costs more).
pub fn saving_per_request(base: Usd, tuned: Usd) -> Result<Usd, CostError> {
    base.checked_sub(tuned)
        .ok_or(CostError::Overflow("saving per request"))
}

/// What fine-tuning nets over the volume or horizon: the prompting path's
/// total less the tuned path's (negative when the tuned path costs more).
pub fn net_saving(base_total: Usd, tuned_total: Usd) -> Result<Usd, CostError> {
    base_total
        .checked_sub(tuned_total)
        .map(|n| n.normalize())
        .ok_or(CostError::Overflow("net saving"))
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
    /// Price of cached reads under the batch API where the provider does not
    /// take the batch discount off its cached price (Gemini: the standard
    /// cached price); `None`: cached reads get the batch discount too.
    pub batch_cached_input: Option<PerMillion>,
    /// Fraction off every per-token price in the provider's off-peak hours.
    pub off_peak_discount: Option<Decimal>,
}

/// How requests are sent: prompt-cache hit rate and the batch API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Billing {
    /// Share of requests whose fixed prompt is read from the cache (0..=1).
    pub cache_hit_rate: Decimal,
    /// Whether requests go through the batch API.
    pub batch: bool,
    /// Share of requests sent in the provider's off-peak hours (0..=1); 0
    /// keeps the peak price, the upper bound.
    pub off_peak_share: Decimal,
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

/// Cost of one request with caching, batch and long-context pricing:
/// the fixed prompt is read from the cache with probability `F` at the cached
/// price, a miss is billed at the cache-write price where there is one, else
/// at the input price; variable input and output are never cached. The batch
/// discount takes its fraction off every per-token price, cached reads
/// included unless the path has a `batch_cached_input` price (then the
/// standard tier's reads cost that, and a long-context tier's its undiscounted
/// cached price). The off-peak discount takes `share × discount` off the whole
/// request.
pub fn request_cost(
    prices: &PathPrices,
    usage: &Usage,
    billing: &Billing,
) -> Result<RequestCost, CostError> {
    let tokens = TokenTotals::of(usage);
    requests_cost(prices, usage, &tokens, billing)
}

/// Token counts priced together: one request's, or the totals of requests
/// that share a tier and a cache outcome (pricing is linear in each count
/// there, so their total cost is the cost of their totals).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TokenTotals {
    /// Tokens of the fixed prompt.
    pub prompt: Decimal,
    /// Prompt tokens read from the cache (ignored unless caching applies);
    /// `None`: the prompt × the cache hit rate.
    pub cached: Option<Decimal>,
    /// Variable input tokens.
    pub input: Decimal,
    /// Output and reasoning tokens.
    pub output: Decimal,
}

impl TokenTotals {
    fn of(usage: &Usage) -> TokenTotals {
        TokenTotals {
            prompt: Decimal::from(usage.prompt_tokens),
            cached: None,
            input: Decimal::from(usage.input_tokens),
            output: Decimal::from(usage.output_side()),
        }
    }
}

/// The cost of `tokens`, for requests each shaped like `like` (which
/// decides the tier and whether the prompt can be cached). Prompt tokens
/// read from the cache are `tokens.cached`, or the prompt × the hit rate.
pub fn requests_cost(
    prices: &PathPrices,
    like: &Usage,
    tokens: &TokenTotals,
    billing: &Billing,
) -> Result<RequestCost, CostError> {
    let (tier, long_context) = match prices.long_context {
        Some((above, tier)) if like.input_side() > above => (tier, true),
        _ => (prices.standard, false),
    };
    let factor = match (billing.batch, prices.batch_discount) {
        (false, _) => Decimal::ONE,
        (true, Some(d)) => Decimal::ONE - d,
        (true, None) => return Err(CostError::NoBatchDiscount),
    };
    let caching = cache_outcome(prices, &tier, like, billing);
    let overflow = || CostError::Overflow("cached prompt price");
    // Cached reads: at the cached price with the batch factor, or at the
    // sheet's own batch cached price, which no factor touches.
    let (read, miss, cached) = match (caching, tier.cached_input) {
        (CacheOutcome::Applied, Some(cached)) => {
            let read = match (billing.batch, prices.batch_cached_input) {
                (true, Some(_)) if long_context => cached,
                (true, Some(b)) => b,
                _ => cached.checked_mul(factor).ok_or_else(overflow)?,
            };
            let hits = match tokens.cached {
                Some(c) => c.min(tokens.prompt),
                None => (tokens.prompt)
                    .checked_mul(billing.cache_hit_rate)
                    .ok_or_else(overflow)?,
            };
            (read, tier.cache_write.unwrap_or(tier.input), hits)
        }
        _ => (Decimal::ZERO, tier.input, Decimal::ZERO),
    };
    let overflow = CostError::Overflow("cost per request");
    let off_peak = match prices.off_peak_discount {
        Some(d) => Decimal::ONE
            .checked_sub(
                billing
                    .off_peak_share
                    .checked_mul(d)
                    .ok_or(overflow.clone())?,
            )
            .ok_or(overflow.clone())?,
        None => Decimal::ONE,
    };
    let cost = per_million(tokens.prompt - cached, miss)
        .and_then(|c| c.checked_add(per_million(tokens.input, tier.input)?))
        .and_then(|c| c.checked_add(per_million(tokens.output, tier.output)?))
        .and_then(|c| c.checked_mul(factor))
        .and_then(|c| c.checked_add(per_million(cached, read)?))
        .and_then(|c| c.checked_mul(off_peak))
        .ok_or(overflow)?;
    Ok(RequestCost {
        cost: cost.normalize(),
        long_context,
        caching,
    })
}

/// `tokens × price / 1,000,000`, `None` on overflow.
fn per_million(tokens: Decimal, price: PerMillion) -> Option<Usd> {
    tokens.checked_mul(price).map(|c| c / MILLION)
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
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
            reasoning_tokens: 0,
        }
    }

    fn hits(rate: &str) -> Billing {
        Billing {
            cache_hit_rate: d(rate),
            batch: false,
            off_peak_share: Decimal::ZERO,
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
        assert_eq!(c.caching, CacheOutcome::Applied); // the share billed cached is the rate
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
    fn reasoning_tokens_are_billed_at_the_output_price() {
        // 1,000 × 2 + 300 × 8 + 2,000 × 8 = 2,000 + 2,400 + 16,000 = 20,400 per 1M → $0.0204
        let p = PathPrices {
            standard: tier("2.00", "8.00", None, None),
            ..Default::default()
        };
        let thinking = Usage {
            reasoning_tokens: 2000,
            ..usage(1000, 0, 300)
        };
        let c = request_cost(&p, &thinking, &hits("0")).unwrap();
        assert_eq!(c.cost, d("0.0204"));
        assert_eq!(thinking.output_side(), 2300);
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
        assert_ne!(c.caching, CacheOutcome::Applied); // nothing billed cached
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
            off_peak_share: Decimal::ZERO,
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
            off_peak_share: Decimal::ZERO,
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
    fn per_request_cost_matches_hand_computation() {
        // gpt-4.1: (3000 + 200) × 2.00 + 300 × 8.00 = 8800 per 1M → $0.0088
        let p = PathPrices {
            standard: tier("2.00", "8.00", None, None),
            ..Default::default()
        };
        let c = request_cost(&p, &usage(3000, 200, 300), &Billing::default()).unwrap();
        assert_eq!(c.cost, d("0.0088"));
    }
}
