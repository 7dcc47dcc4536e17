//! The prompting path priced request by request from logged requests
//! (design §17, §20.19): every logged request carries the base prompt, its
//! own variable input (its logged input less the prompt), its own output,
//! reasoning and cached tokens.
//!
//! Requests are kept as groups of one logged input length, sorted, with
//! running sums, so a price costs two binary searches and three evaluations
//! of the pricing rule whatever the number of requests: within a group of
//! requests that share a tier and a cache outcome, the cost is linear in
//! each token count, so their total cost is the cost of their totals
//! ([`requests_cost`]). Requests split into three such groups: those whose
//! variable input is empty, those below the long-context threshold, and
//! those above it.
//!
//! When an input is varied (sensitivity, simulation), the logged requests
//! move with it: a longer variable input adds to every request (an empty
//! one stays empty below zero); a longer output or reasoning, or a higher
//! cache hit rate, scales every request's own in proportion.

use rust_decimal::Decimal;

use super::request::{requests_cost, TokenTotals};
use super::{Billing, CostError, PathPrices, RequestCost, Tokens, Usage};

/// The sums of the requests up to a length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Sums {
    requests: u128,
    input: u128,
    cached: u128,
    output: u128,
    reasoning: u128,
}

impl Sums {
    fn minus(self, o: Sums) -> Sums {
        Sums {
            requests: self.requests - o.requests,
            input: self.input - o.input,
            cached: self.cached - o.cached,
            output: self.output - o.output,
            reasoning: self.reasoning - o.reasoning,
        }
    }
}

/// The requests of one logged input length (or one bucket of lengths).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Group {
    /// The input length (the bucket's least length).
    pub length: u64,
    /// Requests.
    pub requests: u64,
    /// Their logged input tokens (prompt included).
    pub input: u128,
    /// Their cached input tokens (counted up to their prompts).
    pub cached: u128,
    /// Their output tokens (reasoning not included).
    pub output: u128,
    /// Their reasoning tokens.
    pub reasoning: u128,
}

/// The values the logged requests were measured at: a request of the
/// comparison at these values is priced as logged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Measured {
    /// The base prompt the logged input includes.
    pub prompt: Tokens,
    /// The variable input filled from the logs.
    pub input: Tokens,
    /// The mean output of the logs; `None` (or 0): the output given prices
    /// every request.
    pub output: Option<Tokens>,
    /// The mean reasoning, where the logs report it; `None`: the reasoning
    /// given prices every request.
    pub reasoning: Option<Tokens>,
    /// The cache hit rate of the logs, where they count cached tokens;
    /// `None`: the rate given prices every request.
    pub cache_hit_rate: Option<Decimal>,
}

/// Logged requests, sorted by input length, with running sums.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedRequests {
    lengths: Vec<u64>,
    /// `sums[i]`: the requests of the first `i` lengths.
    sums: Vec<Sums>,
    measured: Measured,
}

fn overflow() -> CostError {
    CostError::Overflow("cost of the logged requests")
}

/// The base path's cost per request from the logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoggedCost {
    /// The mean cost of a request; the tier and cache outcome of the most
    /// requests.
    pub cost: RequestCost,
    /// Requests the long-context tier prices.
    pub long_context_requests: u64,
    /// Requests in all.
    pub requests: u64,
}

impl LoggedRequests {
    /// The requests of `groups` (any order), measured at `measured`;
    /// `None` without requests.
    pub fn new(mut groups: Vec<Group>, measured: Measured) -> Option<LoggedRequests> {
        groups.retain(|g| g.requests > 0);
        // A request shorter than the prompt is the prompt alone.
        for g in groups.iter_mut().filter(|g| g.length < measured.prompt) {
            g.length = measured.prompt;
            g.input = u128::from(g.requests) * u128::from(measured.prompt);
        }
        groups.sort_by_key(|g| g.length);
        let mut sums = vec![Sums::default()];
        let mut run = Sums::default();
        for g in &groups {
            run.requests += u128::from(g.requests);
            run.input += g.input;
            // Only the prompt is cached (as everywhere in ftvp): a request's
            // cached tokens count up to its prompt, here capped per length.
            run.cached += g.cached.min(u128::from(g.requests) * u128::from(measured.prompt));
            run.output += g.output;
            run.reasoning += g.reasoning;
            sums.push(run);
        }
        (run.requests > 0).then(|| LoggedRequests {
            lengths: groups.iter().map(|g| g.length).collect(),
            sums,
            measured,
        })
    }

    /// The sums of the groups whose length is at most `at`.
    fn up_to(&self, at: i128) -> (usize, Sums) {
        let i = self.lengths.partition_point(|&l| i128::from(l) <= at);
        (i, self.sums[i])
    }

    /// The mean cost of a request at `prices`, with the comparison's
    /// request `usage` (prompt, input, output and reasoning, measured or
    /// varied) and `billing`.
    pub fn cost(&self, prices: &PathPrices, usage: &Usage, billing: &Billing) -> Result<LoggedCost, CostError> {
        let m = &self.measured;
        // A request's variable input is its length less `a` (none at or below).
        let a = i128::from(m.prompt) + i128::from(m.input) - i128::from(usage.input_tokens);
        let (ia, below) = self.up_to(a);
        // Above `b`, prompt + variable input exceed the long-context threshold.
        let (ib, short) = match prices.long_context {
            Some((above, _)) => self.up_to((i128::from(above) - i128::from(usage.prompt_tokens) + a).max(a)),
            None => (self.lengths.len(), *self.sums.last().unwrap_or(&Sums::default())),
        };
        let all = *self.sums.last().unwrap_or(&Sums::default());
        let segments = [
            (below, 0),
            (short.minus(below), self.variable(ia, a)),
            (all.minus(short), self.variable(ib, a)),
        ];
        let (mut total, mut long) = (Decimal::ZERO, 0u128);
        // The tier and cache outcome of each tier's first segment.
        let (mut standard, mut long_shape) = (None, None);
        for (s, first) in segments.into_iter().filter(|(s, _)| s.requests > 0) {
            let like = Usage { input_tokens: first, ..*usage };
            let c = requests_cost(prices, &like, &self.totals(&s, a, usage, billing)?, billing)?;
            total = total.checked_add(c.cost).ok_or_else(overflow)?;
            match c.long_context {
                true => (long += s.requests, long_shape.get_or_insert(c)),
                false => ((), standard.get_or_insert(c)),
            };
        }
        // The tier of most requests (ties: the standard one).
        let shape = match (standard, long_shape) {
            (Some(c), Some(l)) => if long > all.requests - long { l } else { c },
            (c, l) => c.or(l).ok_or_else(overflow)?,
        };
        Ok(LoggedCost {
            cost: RequestCost { cost: total.checked_div(Decimal::from(all.requests)).ok_or_else(overflow)?.normalize(), ..shape },
            long_context_requests: u64::try_from(long).map_err(|_| overflow())?,
            requests: u64::try_from(all.requests).map_err(|_| overflow())?,
        })
    }

    /// The variable input of the least length from group `i` on.
    fn variable(&self, i: usize, a: i128) -> Tokens {
        let l = self.lengths.get(i).map_or(0, |&l| i128::from(l));
        Tokens::try_from((l - a).max(0)).unwrap_or(Tokens::MAX)
    }

    /// The token totals of the requests `s`.
    fn totals(&self, s: &Sums, a: i128, usage: &Usage, billing: &Billing) -> Result<TokenTotals, CostError> {
        let m = &self.measured;
        let n = Decimal::from(s.requests);
        let each = |t: Tokens| n.checked_mul(Decimal::from(t)).ok_or_else(overflow);
        // `sum × now / at`: every request's own, scaled to the value now.
        let scaled = |sum: u128, now: Decimal, at: Decimal| {
            Decimal::from(sum).checked_mul(now).and_then(|x| x.checked_div(at)).ok_or_else(overflow)
        };
        let moved = |sum: u128, at: Option<Tokens>, now: Tokens| match at {
            Some(at) if at == now => Ok(Decimal::from(sum)),
            Some(at) if at > 0 => scaled(sum, Decimal::from(now), Decimal::from(at)),
            _ => each(now),
        };
        let prompt = each(usage.prompt_tokens)?;
        let cached = match m.cache_hit_rate {
            Some(at) if at == billing.cache_hit_rate => Decimal::from(s.cached),
            Some(at) if !at.is_zero() => scaled(s.cached, billing.cache_hit_rate, at)?,
            _ => prompt.checked_mul(billing.cache_hit_rate).ok_or_else(overflow)?,
        };
        // Their variable input: their lengths less `a` (none below it).
        let input = i128::try_from(s.input)
            .ok()
            .zip(i128::try_from(s.requests).ok())
            .and_then(|(l, n)| l.checked_sub(n.checked_mul(a)?))
            .ok_or_else(overflow)?;
        let output = moved(s.output, m.output, usage.output_tokens)?
            .checked_add(moved(s.reasoning, m.reasoning, usage.reasoning_tokens)?)
            .ok_or_else(overflow)?;
        Ok(TokenTotals {
            prompt,
            cached: Some(cached.min(prompt)),
            input: Decimal::try_from_i128_with_scale(input.max(0), 0).map_err(|_| overflow())?,
            output,
        })
    }
}

/// The cost per request of the base path: from the logged requests where
/// there are some, else of the one request `usage`.
pub fn base_cost(
    logged: Option<&LoggedRequests>,
    prices: &PathPrices,
    usage: &Usage,
    billing: &Billing,
) -> Result<RequestCost, CostError> {
    match logged {
        Some(l) => l.cost(prices, usage, billing).map(|c| c.cost),
        None => super::request_cost(prices, usage, billing),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cost::{request_cost, Tier};
    use proptest::prelude::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    /// Input 1.25 / output 10 per 1M, cached 0.125, cache write 1.5625; above
    /// 2,000 tokens of prompt + input: 2.50 / 15, cached 0.25, write 3.125;
    /// nothing cached under 1,024 prompt tokens; batch and off-peak half price.
    fn prices() -> PathPrices {
        let tier = |i: &str, o: &str, c: &str, w: &str| Tier {
            input: d(i),
            output: d(o),
            cached_input: Some(d(c)),
            cache_write: Some(d(w)),
        };
        PathPrices {
            standard: tier("1.25", "10", "0.125", "1.5625"),
            long_context: Some((2000, tier("2.50", "15", "0.25", "3.125"))),
            min_cacheable_tokens: Some(1024),
            batch_discount: Some(d("0.5")),
            off_peak_discount: Some(d("0.5")),
            ..Default::default()
        }
    }

    /// One logged request: its input length, cached, output and reasoning tokens.
    type Request = (u64, u64, u64, u64);

    fn logged(requests: &[Request], measured: Measured) -> LoggedRequests {
        let groups = requests.iter().map(|&(l, c, o, r)| Group {
            length: l,
            requests: 1,
            input: l.into(),
            cached: c.into(),
            output: o.into(),
            reasoning: r.into(),
        });
        LoggedRequests::new(groups.collect(), measured).unwrap()
    }

    /// Each request priced on its own: the prompt, its input less the
    /// measured prompt (moved by `usage`), its own cached tokens, output and
    /// reasoning moved by `usage` (the rate as measured).
    fn one_by_one(requests: &[Request], m: &Measured, usage: &Usage, billing: &Billing) -> Decimal {
        let scaled = |v: u64, at: Option<u64>, now: u64| match at {
            Some(at) if at > 0 => Decimal::from(v) * Decimal::from(now) / Decimal::from(at),
            _ => Decimal::from(now),
        };
        let mut total = Decimal::ZERO;
        for &(l, c, o, r) in requests {
            // Shorter than the prompt: the prompt alone.
            let l = l.max(m.prompt);
            // Its variable input: its length less the measured prompt, moved.
            let input = (i128::from(l) - i128::from(m.prompt) + i128::from(usage.input_tokens) - i128::from(m.input)).max(0) as u64;
            let u = Usage { input_tokens: input, ..*usage };
            let tokens = TokenTotals {
                prompt: Decimal::from(u.prompt_tokens),
                cached: Some(match m.cache_hit_rate {
                    Some(at) => Decimal::from(c.min(m.prompt)) * billing.cache_hit_rate / at,
                    None => Decimal::from(u.prompt_tokens) * billing.cache_hit_rate,
                }),
                input: Decimal::from(u.input_tokens),
                output: scaled(o, m.output, usage.output_tokens) + scaled(r, m.reasoning, usage.reasoning_tokens),
            };
            total += requests_cost(&prices(), &u, &tokens, billing).unwrap().cost;
        }
        total / Decimal::from(requests.len())
    }

    #[test]
    fn three_requests_across_the_tier_by_hand() {
        // Prompt 500 (too short to cache), variable inputs 100, 400 and 2,500
        // with 10 output tokens each. Standard: 600 × 1.25 + 10 × 10 = 850 and
        // 900 × 1.25 + 100 = 1,225 per 1M; long (3,000 > 2,000):
        // 3,000 × 2.50 + 10 × 15 = 7,650. Mean (850 + 1,225 + 7,650) / 3 / 1M
        // = 0.009725 / 3, exact to 28 digits.
        let m = Measured { prompt: 500, input: 1000, output: Some(10), reasoning: None, cache_hit_rate: None };
        let l = logged(&[(600, 0, 10, 0), (900, 0, 10, 0), (3000, 0, 10, 0)], m);
        let usage = Usage { prompt_tokens: 500, input_tokens: 1000, output_tokens: 10, reasoning_tokens: 0 };
        let c = l.cost(&prices(), &usage, &Billing::default()).unwrap();
        assert_eq!(c.cost.cost, d("0.009725") / Decimal::from(3));
        assert_eq!((c.long_context_requests, c.requests), (1, 3));
        // The mean request, 500 + 1,000 + 10, is standard: 1,500 × 1.25 + 100 = 1,975.
        assert_eq!(request_cost(&prices(), &usage, &Billing::default()).unwrap().cost, d("0.001975"));
        // 600 more variable input each: prompt + input 1,200 and 1,500 stay
        // standard (1,200 × 1.25 + 100 = 1,600; 1,500 × 1.25 + 100 = 1,975),
        // 3,600 is long (3,600 × 2.50 + 150 = 9,150): 0.012725 / 3.
        let more = Usage { input_tokens: 1600, ..usage };
        let c = l.cost(&prices(), &more, &Billing::default()).unwrap();
        assert_eq!(c.cost.cost, d("0.012725") / Decimal::from(3));
        // 1,000 fewer: the first two have none left (500 × 1.25 + 100 = 725),
        // the third 500 + 1,500 = 2,000 is not above 2,000, so standard
        // (2,500 + 100 = 2,600): 4,050 / 3 / 1M = 0.00135.
        let fewer = Usage { input_tokens: 0, ..usage };
        let c = l.cost(&prices(), &fewer, &Billing::default()).unwrap();
        assert_eq!((c.cost.cost, c.long_context_requests), (d("0.00135"), 0));
    }

    #[test]
    fn requests_of_one_length_add_up_and_the_tier_is_that_of_most() {
        // Two requests of each length, cached tokens under the prompt: the
        // groups cost what each request costs.
        let m = Measured { prompt: 500, input: 1200, output: Some(10), reasoning: None, cache_hit_rate: Some(d("0.3")) };
        let each = [(1500, 200, 10, 0), (1500, 400, 12, 0), (3000, 100, 8, 0), (3000, 0, 10, 0)];
        let l = logged(&each, m);
        let usage = Usage { prompt_tokens: 500, input_tokens: 1200, output_tokens: 10, reasoning_tokens: 0 };
        let billing = Billing { cache_hit_rate: d("0.3"), ..Billing::default() };
        let got = l.cost(&prices(), &usage, &billing).unwrap();
        assert_eq!(got.cost.cost, one_by_one(&each, &m, &usage, &billing));
        // Prompt 500 and a threshold of 2,000: two requests with no variable
        // input and two with 100 are standard, three above are long: the
        // standard tier (4 of 7) is the shape, though the long segment is
        // the largest.
        let m = Measured { prompt: 500, input: 900, output: None, reasoning: None, cache_hit_rate: None };
        let seven = [(500, 0, 0, 0), (500, 0, 0, 0), (600, 0, 0, 0), (600, 0, 0, 0), (3000, 0, 0, 0), (3000, 0, 0, 0), (3000, 0, 0, 0)];
        let usage = Usage { input_tokens: 900, ..usage };
        let got = logged(&seven, m).cost(&prices(), &usage, &Billing::default()).unwrap();
        assert_eq!((got.cost.long_context, got.long_context_requests, got.requests), (false, 3, 7));
    }

    proptest! {
        #[test]
        fn the_groups_cost_what_each_request_costs(
            // One request per length: a length's cached tokens are capped together.
            requests in prop::collection::btree_map(0u64..5000, (0u64..3000, 0u64..400, 0u64..50), 1..40)
                .prop_map(|m| m.into_iter().map(|(l, (c, o, r))| (l, c, o, r)).collect::<Vec<Request>>()),
            prompt in 0u64..2000,
            shift in -300i64..300,
            out_shift in -20i64..20,
            rate in prop::option::of(1u32..=1000),
            scale in 1u32..=1000,
            batch in any::<bool>(),
            longer_prompt in prop::option::of(0u64..1500),
            off_peak in 0u32..=100,
        ) {
            let n = requests.len() as u64;
            let mean = |f: fn(&Request) -> u64| requests.iter().map(f).sum::<u64>() / n;
            let input = mean(|r| r.0).saturating_sub(prompt);
            let rate = rate.map(|r| Decimal::new(r.into(), 3));
            let m = Measured { prompt, input, output: Some(mean(|r| r.2)), reasoning: Some(mean(|r| r.3)), cache_hit_rate: rate };
            let l = logged(&requests, m);
            let usage = Usage {
                // A longer prompt than measured (a shorter one would cap
                // cached tokens per request, which groups cannot).
                prompt_tokens: prompt + longer_prompt.unwrap_or(0),
                input_tokens: (input as i64 + shift).max(0) as u64,
                output_tokens: (mean(|r| r.2) as i64 + out_shift).max(0) as u64,
                reasoning_tokens: mean(|r| r.3),
            };
            // The rate as measured (each request's own cached tokens), or
            // lower (each request's scaled down).
            let lower = rate.unwrap_or_default() * Decimal::from(scale) / Decimal::from(1000);
            let billing = Billing { cache_hit_rate: lower, batch, off_peak_share: Decimal::new(off_peak.into(), 2) };
            let got = l.cost(&prices(), &usage, &billing).unwrap().cost.cost;
            let want = one_by_one(&requests, &m, &usage, &billing);
            prop_assert!((got - want).abs() < d("0.00000000000000000001"), "{got} vs {want}");
        }
    }
}
