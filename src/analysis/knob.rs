//! The estimated inputs of a comparison (design §15's list, §20.2-3, §20.32):
//! what each is, where it lives in [`Inputs`], its domain, and how to read
//! and change it, so that sensitivity, ranges and the simulation vary any of
//! them through the one evaluation.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::cost::ledger::TrainingSpec;
use crate::inputs::{Field, Inputs, Serving, Throughput, Volume};

/// Which candidates a per-candidate input moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Target {
    /// Every candidate it applies to (given once).
    Every,
    /// One candidate, by position (given per candidate).
    One(usize),
}

/// An estimated input, in §15's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[allow(missing_docs)] // each is the input its `field` names
pub enum Knob {
    Volume,
    Growth,
    Months,
    BasePrompt,
    Input,
    /// `--output`: the base path's and every tuned path's that follows it.
    Output,
    TunedOutput(Target),
    BaseReasoning,
    TunedReasoning(Target),
    TunedPrompt(Target),
    CacheHitRate,
    Training,
    SetupCost,
    GpuPrice(Target),
    Throughput(Target),
    BaseSuccess,
    TunedSuccess(Target),
    FailureCost,
}

/// The values an input may take (design §20.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Domain {
    /// A whole count, 0 or more.
    Count,
    /// Months, 1 to 600.
    Months,
    /// Money, 0 or more.
    Money,
    /// A rate or a success, 0 to 1.
    Rate,
    /// Growth in percent, −100 or more.
    Growth,
    /// A throughput, above 0.
    Positive,
}

/// The longest horizon a varied input reaches (design §20.5).
pub const MAX_MONTHS: u32 = crate::units::MAX_MONTHS;

impl Domain {
    /// The lowest value and the highest (`None`: unbounded).
    pub fn bounds(self) -> (Decimal, Option<Decimal>) {
        match self {
            Domain::Count | Domain::Money => (Decimal::ZERO, None),
            Domain::Months => (Decimal::ONE, Some(Decimal::from(MAX_MONTHS))),
            Domain::Rate => (Decimal::ZERO, Some(Decimal::ONE)),
            Domain::Growth => (Decimal::from(-100), None),
            Domain::Positive => (Decimal::new(1, 12), None),
        }
    }

    /// Whether values are whole numbers.
    pub fn whole(self) -> bool {
        matches!(self, Domain::Count | Domain::Months)
    }
}

impl Knob {
    /// The input that names it in messages and tables.
    pub fn field(self, inputs: &Inputs) -> Field {
        match self {
            Knob::Volume if inputs.traffic.per_month() => Field::PerMonth,
            Knob::Volume => Field::Volume,
            Knob::Growth => Field::Growth,
            Knob::Months => Field::Months,
            Knob::BasePrompt => Field::BasePrompt,
            Knob::Input => Field::Input,
            Knob::Output => Field::Output,
            Knob::TunedOutput(_) => Field::TunedOutput,
            Knob::BaseReasoning => Field::BaseReasoning,
            Knob::TunedReasoning(_) => Field::TunedReasoning,
            Knob::TunedPrompt(_) => Field::TunedPrompt,
            Knob::CacheHitRate => Field::CacheHitRate,
            Knob::Training => training_field(inputs),
            Knob::SetupCost => Field::SetupCost,
            Knob::GpuPrice(_) => Field::GpuHourly,
            Knob::Throughput(_) => Field::ReplicaRps,
            Knob::BaseSuccess => Field::BaseSuccess,
            Knob::TunedSuccess(_) => Field::TunedSuccess,
            Knob::FailureCost => Field::FailureCost,
        }
    }

    /// The stable name of the input in JSON: its flag without the dashes
    /// (design §15's list).
    pub fn id(self, inputs: &Inputs) -> &'static str {
        match self.field(inputs) {
            Field::PerMonth => "per_month",
            Field::Volume => "volume",
            Field::Growth => "growth",
            Field::Months => "months",
            Field::BasePrompt => "base_prompt",
            Field::Input => "input",
            Field::Output => "output",
            Field::TunedOutput => "tuned_output",
            Field::BaseReasoning => "base_reasoning",
            Field::TunedReasoning => "tuned_reasoning",
            Field::TunedPrompt => "tuned_prompt",
            Field::CacheHitRate => "cache_hit_rate",
            Field::TrainingTokens => "training_tokens",
            Field::TrainingCost => "training_cost",
            Field::SetupCost => "setup_cost",
            Field::GpuHourly => "gpu_hourly",
            Field::ReplicaRps => "replica_throughput",
            Field::BaseSuccess => "base_success",
            Field::TunedSuccess => "tuned_success",
            _ => "failure_cost",
        }
    }

    /// Its domain.
    pub fn domain(self) -> Domain {
        match self {
            Knob::Growth => Domain::Growth,
            Knob::Months => Domain::Months,
            Knob::CacheHitRate | Knob::BaseSuccess | Knob::TunedSuccess(_) => Domain::Rate,
            Knob::SetupCost | Knob::GpuPrice(_) | Knob::FailureCost => Domain::Money,
            Knob::Throughput(_) => Domain::Positive,
            Knob::Training => Domain::Money, // refined by `domain_in`
            _ => Domain::Count,
        }
    }

    /// Its domain in these inputs: training given in tokens is a count.
    pub fn domain_in(self, inputs: &Inputs) -> Domain {
        match (self, first_training(inputs)) {
            (Knob::Training, Some(TrainingSpec::Tokens { .. })) => Domain::Count,
            (k, _) => k.domain(),
        }
    }

    /// The candidate it is given for, when given per candidate.
    pub fn candidate(self) -> Option<usize> {
        match self {
            Knob::TunedOutput(Target::One(i))
            | Knob::TunedReasoning(Target::One(i))
            | Knob::TunedPrompt(Target::One(i))
            | Knob::GpuPrice(Target::One(i))
            | Knob::Throughput(Target::One(i))
            | Knob::TunedSuccess(Target::One(i)) => Some(i),
            _ => None,
        }
    }
}

fn training_field(inputs: &Inputs) -> Field {
    match first_training(inputs) {
        Some(TrainingSpec::Tokens { .. }) => Field::TrainingTokens,
        _ => Field::TrainingCost,
    }
}

fn first_training(inputs: &Inputs) -> Option<TrainingSpec> {
    inputs.candidates.first().map(|c| c.training)
}

/// Whether `target` covers candidate `i`.
fn covers(target: Target, i: usize) -> bool {
    target == Target::Every || target == Target::One(i)
}

impl Knob {
    /// Its value in `inputs` (for a per-candidate input given once, the
    /// first candidate's); `None` where it does not apply.
    pub fn get(self, inputs: &Inputs) -> Option<Decimal> {
        let count = |n: u64| Some(Decimal::from(n));
        let first = |t: Target| inputs.candidates.iter().enumerate().find(|(i, _)| covers(t, *i));
        match self {
            Knob::Volume => inputs.traffic.given().and_then(count),
            Knob::Growth => Some(inputs.traffic.growth_percent.unwrap_or_default()),
            Knob::Months => inputs.traffic.months.map(Decimal::from),
            Knob::BasePrompt => count(inputs.base.prompt_tokens),
            Knob::Input => count(inputs.input_tokens),
            Knob::Output => count(inputs.base.output_tokens),
            Knob::BaseReasoning => count(inputs.base.reasoning_tokens),
            Knob::TunedOutput(t) => first(t).and_then(|(_, c)| count(c.output_tokens)),
            Knob::TunedReasoning(t) => first(t).and_then(|(_, c)| count(c.reasoning_tokens)),
            Knob::TunedPrompt(t) => first(t).and_then(|(_, c)| count(c.prompt_tokens)),
            Knob::CacheHitRate => Some(inputs.billing.cache_hit_rate),
            Knob::Training => first_training(inputs).map(|t| match t {
                TrainingSpec::Cost(c) => c,
                TrainingSpec::Tokens { tokens, .. } => Decimal::from(tokens),
            }),
            Knob::SetupCost => Some(inputs.setup_cost),
            Knob::GpuPrice(t) => dedicated(inputs, t).map(|d| d.per_hour),
            Knob::Throughput(t) => dedicated(inputs, t).map(|d| throughput(&d.throughput)),
            Knob::BaseSuccess => inputs.quality.map(|q| q.base_success),
            Knob::TunedSuccess(t) => first(t).and_then(|(_, c)| c.success),
            Knob::FailureCost => inputs.quality.map(|q| q.failure_cost),
        }
    }

    /// `inputs` with this input at `v` (a value of its domain).
    pub fn set(self, inputs: &mut Inputs, v: Decimal) {
        let n = v.to_u64().unwrap_or(u64::MAX);
        match self {
            Knob::Volume => set_volume(inputs, n),
            Knob::Growth => inputs.traffic.growth_percent = Some(v),
            Knob::Months => inputs.traffic.months = Some(u32::try_from(n).unwrap_or(MAX_MONTHS)),
            Knob::BasePrompt => inputs.base.prompt_tokens = n,
            Knob::Input => inputs.input_tokens = n,
            Knob::Output => set_output(inputs, n),
            Knob::BaseReasoning => inputs.base.reasoning_tokens = n,
            Knob::TunedOutput(t) => each(inputs, t, |c| c.output_tokens = n),
            Knob::TunedReasoning(t) => each(inputs, t, |c| c.reasoning_tokens = n),
            Knob::TunedPrompt(t) => each(inputs, t, |c| c.prompt_tokens = n),
            Knob::CacheHitRate => inputs.billing.cache_hit_rate = v,
            Knob::Training => each(inputs, Target::Every, |c| set_training(&mut c.training, v)),
            Knob::SetupCost => inputs.setup_cost = v,
            Knob::GpuPrice(t) => each_dedicated(inputs, t, |d| d.per_hour = v),
            Knob::Throughput(t) => each_dedicated(inputs, t, |d| set_throughput(&mut d.throughput, v)),
            Knob::BaseSuccess => inputs.quality.iter_mut().for_each(|q| q.base_success = v),
            Knob::TunedSuccess(t) => each(inputs, t, |c| c.success = Some(v)),
            Knob::FailureCost => inputs.quality.iter_mut().for_each(|q| q.failure_cost = v),
        }
    }
}

fn set_volume(inputs: &mut Inputs, n: u64) {
    inputs.traffic.volume = match inputs.traffic.volume {
        Some(Volume::PerMonth(_)) => Some(Volume::PerMonth(n)),
        _ => Some(Volume::Total(n)),
    };
}

/// `--output` moves the base path and every candidate that follows it (its
/// own output not given: the same value, design §20.3).
fn set_output(inputs: &mut Inputs, n: u64) {
    let old = inputs.base.output_tokens;
    inputs.base.output_tokens = n;
    for c in inputs.candidates.iter_mut().filter(|c| c.output_tokens == old) {
        c.output_tokens = n;
    }
}

fn set_training(spec: &mut TrainingSpec, v: Decimal) {
    *spec = match *spec {
        TrainingSpec::Cost(_) => TrainingSpec::Cost(v),
        TrainingSpec::Tokens { epochs, .. } => TrainingSpec::Tokens {
            tokens: v.to_u64().unwrap_or(u64::MAX),
            epochs,
        },
    };
}

fn throughput(t: &Throughput) -> Decimal {
    match t {
        Throughput::Rps(r) | Throughput::OutputTps(r) => *r,
        Throughput::Reference(r) => r.output_tokens_per_second,
    }
}

fn set_throughput(t: &mut Throughput, v: Decimal) {
    match t {
        Throughput::Rps(r) | Throughput::OutputTps(r) => *r = v,
        Throughput::Reference(r) => r.output_tokens_per_second = v,
    }
}

fn each(inputs: &mut Inputs, t: Target, f: impl Fn(&mut crate::inputs::Candidate)) {
    let cs = inputs.candidates.iter_mut().enumerate();
    cs.filter(|(i, _)| covers(t, *i)).for_each(|(_, c)| f(c));
}

fn each_dedicated(inputs: &mut Inputs, t: Target, f: impl Fn(&mut crate::inputs::Dedicated)) {
    each(inputs, t, |c| {
        if let Serving::Dedicated(d) = &mut c.serving {
            f(d);
        }
    });
}

/// The first dedicated candidate `t` covers.
fn dedicated(inputs: &Inputs, t: Target) -> Option<&crate::inputs::Dedicated> {
    let cs = inputs.candidates.iter().enumerate();
    cs.filter(|(i, _)| covers(t, *i)).find_map(|(_, c)| match &c.serving {
        Serving::Dedicated(d) => Some(&**d),
        Serving::PerToken => None,
    })
}

/// Every estimated input of `inputs` that enters the evaluation, in §15's
/// order (design §20.3, §20.32). A per-candidate input is one row when every
/// candidate has the same value and none is in `split` (inputs given per
/// candidate, by range), else a row per candidate.
pub fn knobs(inputs: &Inputs, split: &[Knob]) -> Vec<Knob> {
    let t = &inputs.traffic;
    let traffic = [
        (Knob::Volume, t.given().is_some()),
        (Knob::Growth, t.per_month()),
        (Knob::Months, t.months.is_some()),
    ];
    let mut out: Vec<Knob> = traffic.iter().filter(|k| k.1).map(|k| k.0).collect();
    out.extend([Knob::BasePrompt, Knob::Input, Knob::Output]);
    out.extend(tuned_output(inputs, split));
    out.push(Knob::BaseReasoning);
    out.extend(per_candidate(inputs, split, Knob::TunedReasoning, |c| Some(c.reasoning_tokens.into())));
    out.extend(per_candidate(inputs, split, Knob::TunedPrompt, |c| Some(c.prompt_tokens.into())));
    out.push(Knob::CacheHitRate);
    let same_training = inputs.candidates.windows(2).all(|w| w[0].training == w[1].training);
    out.extend(same_training.then_some(Knob::Training));
    out.push(Knob::SetupCost);
    let gpu = |c: &crate::inputs::Candidate| match &c.serving {
        Serving::Dedicated(d) => Some(d.per_hour),
        Serving::PerToken => None,
    };
    out.extend(per_candidate(inputs, split, Knob::GpuPrice, gpu));
    let rps = |c: &crate::inputs::Candidate| match &c.serving {
        Serving::Dedicated(d) => Some(throughput(&d.throughput)),
        Serving::PerToken => None,
    };
    out.extend(per_candidate(inputs, split, Knob::Throughput, rps));
    out.extend(quality(inputs, split));
    out
}

fn quality(inputs: &Inputs, split: &[Knob]) -> Vec<Knob> {
    if inputs.quality.is_none() {
        return Vec::new();
    }
    let mut out = vec![Knob::BaseSuccess];
    out.extend(per_candidate(inputs, split, Knob::TunedSuccess, |c| c.success));
    out.push(Knob::FailureCost);
    out
}

/// A tuned output of its own, on the candidates that have one (the others
/// follow `--output`).
fn tuned_output(inputs: &Inputs, split: &[Knob]) -> Vec<Knob> {
    let base = inputs.base.output_tokens;
    let own = inputs.candidates.iter().all(|c| c.output_tokens != base);
    let value = |c: &crate::inputs::Candidate| (c.output_tokens != base).then(|| c.output_tokens.into());
    match own {
        true => per_candidate(inputs, split, Knob::TunedOutput, value),
        false => per_candidate(inputs, &[Knob::TunedOutput(Target::Every)], Knob::TunedOutput, value),
    }
}

/// One row for every candidate an input applies to when all share its
/// value, else one each.
fn per_candidate(
    inputs: &Inputs,
    split: &[Knob],
    make: fn(Target) -> Knob,
    value: impl Fn(&crate::inputs::Candidate) -> Option<Decimal>,
) -> Vec<Knob> {
    let values: Vec<(usize, Decimal)> = inputs
        .candidates
        .iter()
        .enumerate()
        .filter_map(|(i, c)| value(c).map(|v| (i, v)))
        .collect();
    let forced = split.iter().any(|k| std::mem::discriminant(k) == std::mem::discriminant(&make(Target::Every)));
    let same = values.windows(2).all(|w| w[0].1 == w[1].1);
    match (values.is_empty(), same && !forced) {
        (true, _) => Vec::new(),
        (false, true) => vec![make(Target::Every)],
        (false, false) => values.into_iter().map(|(i, _)| make(Target::One(i))).collect(),
    }
}

/// The input a range was given for.
pub fn of_range(r: &crate::inputs::ranges::InputRange) -> Option<Knob> {
    let t = r.candidate.map_or(Target::Every, Target::One);
    Some(match r.field {
        Field::Volume | Field::PerMonth => Knob::Volume,
        Field::Growth => Knob::Growth,
        Field::Months => Knob::Months,
        Field::BasePrompt => Knob::BasePrompt,
        Field::Input => Knob::Input,
        Field::Output => Knob::Output,
        Field::TunedOutput => Knob::TunedOutput(t),
        Field::BaseReasoning => Knob::BaseReasoning,
        Field::TunedReasoning => Knob::TunedReasoning(t),
        Field::TunedPrompt => Knob::TunedPrompt(t),
        Field::CacheHitRate => Knob::CacheHitRate,
        Field::TrainingCost | Field::TrainingTokens => Knob::Training,
        Field::SetupCost => Knob::SetupCost,
        Field::GpuHourly => Knob::GpuPrice(t),
        Field::ReplicaRps | Field::ReplicaOutputTps => Knob::Throughput(t),
        Field::BaseSuccess => Knob::BaseSuccess,
        Field::TunedSuccess => Knob::TunedSuccess(t),
        Field::FailureCost => Knob::FailureCost,
        _ => return None,
    })
}

/// The ranged inputs in §15's order (base path first, candidates in the
/// order given), each with its range.
pub fn ranged(inputs: &Inputs) -> Vec<(Knob, crate::units::Estimate)> {
    let mut out: Vec<(Knob, crate::units::Estimate)> = inputs
        .ranges
        .iter()
        .filter_map(|r| of_range(r).map(|k| (k, r.estimate)))
        .collect();
    out.sort_by_key(|r| r.0);
    out.dedup_by_key(|r| r.0);
    out
}

/// The per-candidate inputs given per candidate by a range.
pub fn split(inputs: &Inputs) -> Vec<Knob> {
    let ranged = ranged(inputs).into_iter().map(|r| r.0);
    ranged.filter(|k| k.candidate().is_some()).collect()
}

/// Puts back in `copy` every value a [`Knob`] may have changed, from
/// `original` (of which `copy` is a clone), without allocating.
pub fn reset(copy: &mut Inputs, original: &Inputs) {
    copy.traffic = original.traffic;
    copy.base.prompt_tokens = original.base.prompt_tokens;
    copy.base.output_tokens = original.base.output_tokens;
    copy.base.reasoning_tokens = original.base.reasoning_tokens;
    copy.input_tokens = original.input_tokens;
    copy.billing = original.billing;
    copy.setup_cost = original.setup_cost;
    copy.quality = original.quality;
    for (c, o) in copy.candidates.iter_mut().zip(&original.candidates) {
        c.prompt_tokens = o.prompt_tokens;
        c.output_tokens = o.output_tokens;
        c.reasoning_tokens = o.reasoning_tokens;
        c.training = o.training;
        c.success = o.success;
        if let (Serving::Dedicated(d), Serving::Dedicated(e)) = (&mut c.serving, &o.serving) {
            d.per_hour = e.per_hour;
            set_throughput(&mut d.throughput, throughput(&e.throughput));
        }
    }
}
