//! The simulation of design §15 and §20.6: every ranged input drawn from its
//! triangular distribution (LOW, BASE, HIGH) with ChaCha8, rounded, and the
//! comparison evaluated exactly for each draw; the share of each verdict,
//! the share with a positive net saving and the net saving's percentiles.

use jiff::civil::Date;
use rand_chacha::rand_core::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rust_decimal::prelude::FromPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use super::knob::{ranged, Domain, Knob};
use super::prepared::Prepared;
use super::AnalysisError;
use crate::cost::{Usd, Verdict};
use crate::inputs::Inputs;
use crate::units::Estimate;

/// What the draws say.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Simulation {
    /// Draws made.
    pub draws: u32,
    /// The generator's seed.
    pub seed: u64,
    /// Share of draws whose verdict is `prompt`.
    #[serde(with = "rust_decimal::serde::float")]
    pub share_prompt: Decimal,
    /// Share whose verdict is `depends`.
    #[serde(with = "rust_decimal::serde::float")]
    pub share_depends: Decimal,
    /// Share whose verdict is `fine-tune`.
    #[serde(with = "rust_decimal::serde::float")]
    pub share_fine_tune: Decimal,
    /// Share with a net saving above 0.
    #[serde(with = "rust_decimal::serde::float")]
    pub share_net_saving_positive: Decimal,
    /// 10th percentile of the net saving (nearest rank).
    #[serde(with = "crate::format::exact_money")]
    pub net_saving_p10: Usd,
    /// Median net saving.
    #[serde(with = "crate::format::exact_money")]
    pub net_saving_p50: Usd,
    /// 90th percentile.
    #[serde(with = "crate::format::exact_money")]
    pub net_saving_p90: Usd,
}

/// A uniform in [0, 1) from 53 random bits (design §20.6).
fn uniform(rng: &mut ChaCha8Rng) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// The triangular distribution's inverse CDF at `u`, rounded as §20.6
/// says; a zero-width range gives BASE exactly.
pub fn draw(e: &Estimate, domain: Domain, u: f64) -> Decimal {
    if e.low == e.high {
        return e.base;
    }
    let f = |d: Decimal| f64::try_from(d).unwrap_or(0.0);
    let (a, c, b) = (f(e.low), f(e.base), f(e.high));
    let x = match u < (c - a) / (b - a) {
        true => a + (u * (b - a) * (c - a)).sqrt(),
        false => b - ((1.0 - u) * (b - a) * (b - c)).sqrt(),
    };
    let v = match domain.whole() {
        true => Decimal::from_f64(x.round()),
        false => Decimal::from_f64_retain(x)
            .and_then(|d| d.round_sf_with_strategy(6, RoundingStrategy::MidpointAwayFromZero)),
    };
    v.unwrap_or(e.base).clamp(e.low, e.high)
}

/// Draws evaluated together, on one thread, with one copy of the inputs.
pub const BLOCK: usize = 1000;

/// `draws` draws with `seed`; `tick` hears of each block of draws done.
///
/// The values are drawn first, in order, from one generator (so a seed
/// gives the same draws on any machine), then evaluated in blocks on every
/// core; the shares and percentiles do not depend on the order the blocks
/// finish in, and the first error is the earliest draw's.
pub fn simulate(
    inputs: &Inputs,
    today: Date,
    (draws, seed): (u32, u64),
    tick: &(dyn Fn(u64) + Sync),
) -> Result<Simulation, AnalysisError> {
    use rayon::prelude::*;
    let ranges: Vec<(Knob, Estimate, Domain)> = ranged(inputs)
        .into_iter()
        .map(|(k, e)| (k, e, k.domain_in(inputs)))
        .collect();
    let values = drawn(&ranges, draws, seed);
    let blocks = (draws as usize).div_ceil(BLOCK);
    let done: Vec<Result<Block, AnalysisError>> = (0..blocks)
        .into_par_iter()
        .map(|b| {
            let end = ((b + 1) * BLOCK).min(draws as usize);
            let block = evaluate_block(inputs, today, &ranges, &values, b * BLOCK..end);
            tick((end - b * BLOCK) as u64);
            block
        })
        .collect();
    let mut verdicts = [0u32; 3];
    let mut saving = Vec::with_capacity(draws as usize);
    for block in done {
        let block = block?;
        (0..3).for_each(|v| verdicts[v] += block.verdicts[v]);
        saving.extend(block.saving);
    }
    Ok(summary(draws, seed, verdicts, saving))
}

/// Each draw's value of each ranged input, draw after draw.
fn drawn(ranges: &[(Knob, Estimate, Domain)], draws: u32, seed: u64) -> Vec<Decimal> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut values = Vec::with_capacity(draws as usize * ranges.len());
    for _ in 0..draws {
        for (_, e, domain) in ranges {
            values.push(draw(e, *domain, uniform(&mut rng)));
        }
    }
    values
}

/// What one block of draws gave.
struct Block {
    verdicts: [u32; 3],
    saving: Vec<Usd>,
}

fn evaluate_block(
    inputs: &Inputs,
    today: Date,
    ranges: &[(Knob, Estimate, Domain)],
    values: &[Decimal],
    draws: std::ops::Range<usize>,
) -> Result<Block, AnalysisError> {
    let width = ranges.len();
    let mut x = inputs.clone();
    let mut block = Block {
        verdicts: [0; 3],
        saving: Vec::with_capacity(draws.len()),
    };
    // Priced once per block: each draw allocates only its ledger.
    let longest = ranges.iter().filter(|r| r.0 == Knob::Months).map(|r| r.1.high).max();
    let longest = longest.and_then(|m| u32::try_from(m).ok());
    let mut prepared = Prepared::new(inputs, today, longest)?;
    for i in draws {
        for ((knob, _, _), v) in ranges.iter().zip(&values[i * width..(i + 1) * width]) {
            knob.set(&mut x, *v);
        }
        let p = prepared.at(&x)?;
        block.verdicts[p.verdict() as usize] += 1;
        block.saving.push(p.net_saving());
    }
    Ok(block)
}

fn summary(draws: u32, seed: u64, verdicts: [u32; 3], mut saving: Vec<Usd>) -> Simulation {
    let share = |n: usize| Decimal::from(n) / Decimal::from(draws.max(1));
    let positive = saving.iter().filter(|s| **s > Decimal::ZERO).count();
    saving.sort_unstable();
    // Nearest rank: the ⌈p × N⌉th smallest.
    let rank = |p: u64| {
        let r = (p * u64::from(draws)).div_ceil(100).max(1) as usize;
        saving.get(r - 1).copied().unwrap_or_default()
    };
    Simulation {
        draws,
        seed,
        share_prompt: share(verdicts[Verdict::Prompt as usize] as usize),
        share_depends: share(verdicts[Verdict::Depends as usize] as usize),
        share_fine_tune: share(verdicts[Verdict::FineTune as usize] as usize),
        share_net_saving_positive: share(positive),
        net_saving_p10: rank(10).normalize(),
        net_saving_p50: rank(50).normalize(),
        net_saving_p90: rank(90).normalize(),
    }
}
