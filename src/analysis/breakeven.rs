//! What `ftvp breakeven` answers: the `ftvp.breakeven/1` document and its
//! parts, built once per run from an evaluated comparison. Plain data for
//! the renderers in `crate::report`; every amount in them comes from the
//! cost model.

use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::Serialize;

use super::notes::Note;
use crate::cost::{EndReason, LedgerRow, Requests, Tokens, Usd, Verdict};
use crate::inputs::{Candidate, CountedFiles, Inputs, Profile, Serving, Throughput};
use crate::pricing::serving::Reference;

/// The JSON schema id of the report.
pub const SCHEMA: &str = "ftvp.breakeven/1";

/// The rule of thumb's multiples, as reported.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThresholdsReport {
    /// Multiple from which the verdict is `depends`.
    #[serde(with = "rust_decimal::serde::float")]
    pub depends_at: Decimal,
    /// Multiple from which the verdict is `fine-tune`.
    #[serde(with = "rust_decimal::serde::float")]
    pub fine_tune_at: Decimal,
}

/// The months the volume spreads over.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HorizonReport {
    /// Months in the horizon.
    pub months: u32,
    /// Requests in the first month, when given per month.
    pub per_month: Option<Requests>,
    /// Monthly growth in percent, when given per month.
    #[serde(with = "rust_decimal::serde::float_option")]
    pub growth_percent: Option<Decimal>,
    /// Requests in each month.
    pub monthly_volumes: Vec<Requests>,
}

/// The prompting path.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BaseReport {
    /// `PROVIDER/MODEL`.
    pub model: String,
    /// Fixed prompt tokens per request.
    pub prompt_tokens: Tokens,
    /// Variable input tokens per request.
    pub input_tokens: Tokens,
    /// Output tokens per request.
    pub output_tokens: Tokens,
    /// Hidden reasoning tokens per request, billed as output.
    pub reasoning_tokens: Tokens,
    /// Cost of one request.
    #[serde(with = "crate::format::exact_money")]
    pub cost_per_request: Usd,
    /// `P′`: the cost of one request plus its expected failure cost; only
    /// with quality inputs (design §16).
    #[serde(
        with = "crate::format::exact_money::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub effective_cost_per_request: Option<Usd>,
    /// The success rate on the user's eval set; only with quality inputs.
    #[serde(
        with = "rust_decimal::serde::float_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub success: Option<Decimal>,
    /// Cost of the whole volume.
    #[serde(with = "crate::format::exact_money")]
    pub total_cost: Usd,
    /// Share of the fixed prompt billed at the cached price; null without caching.
    #[serde(with = "rust_decimal::serde::float_option")]
    pub cached_prompt_share: Option<Decimal>,
    /// Whether the long-context tier priced the request.
    pub long_context: bool,
    /// The prices applied, period by period, with their origin and flags.
    pub basis: Vec<super::basis::Period>,
}

/// One fine-tuning candidate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CandidateReport {
    /// `PROVIDER/MODEL`.
    pub model: String,
    /// Fixed prompt tokens per request on the tuned model.
    pub prompt_tokens: Tokens,
    /// Variable input tokens per request.
    pub input_tokens: Tokens,
    /// Output tokens per request on the tuned model.
    pub output_tokens: Tokens,
    /// Hidden reasoning tokens per request on the tuned model, billed as output.
    pub reasoning_tokens: Tokens,
    /// Cost of one request on the tuned model.
    #[serde(with = "crate::format::exact_money")]
    pub cost_per_request: Usd,
    /// `P′`: the cost of one request plus its expected failure cost; only
    /// with quality inputs (design §16).
    #[serde(
        with = "crate::format::exact_money::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub effective_cost_per_request: Option<Usd>,
    /// The tuned model's success rate; only with quality inputs.
    #[serde(
        with = "rust_decimal::serde::float_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub success: Option<Decimal>,
    /// The lowest successes that keep a net saving and each verdict; only
    /// with quality inputs.
    #[serde(flatten)]
    pub quality: Option<super::quality::QualityReport>,
    /// `P′_base − P′_tuned` (`P_base − P_tuned` without quality inputs).
    #[serde(with = "crate::format::exact_money")]
    pub savings_per_request: Usd,
    /// One training run (at least the sheet's per-job minimum).
    #[serde(with = "crate::format::exact_money")]
    pub training_cost: Usd,
    /// Hosting fees over the horizon.
    #[serde(with = "crate::format::exact_money")]
    pub hosting_cost: Usd,
    /// Trainings after the first over the horizon.
    pub retrain_runs: u32,
    /// Their cost.
    #[serde(with = "crate::format::exact_money")]
    pub retraining_cost: Usd,
    /// Upkeep over the horizon.
    #[serde(with = "crate::format::exact_money")]
    pub maintenance_cost: Usd,
    /// Hosting + retraining + upkeep.
    #[serde(with = "crate::format::exact_money")]
    pub recurring_cost: Usd,
    /// Paid once at the start: the first training run and setup (the
    /// tables' "training + setup"; JSON has it as `fixed_cost −
    /// recurring_cost`).
    #[serde(skip)]
    pub upfront_cost: Usd,
    /// `T`: training, setup and recurring costs.
    #[serde(with = "crate::format::exact_money")]
    pub fixed_cost: Usd,
    /// Fixed cost plus the whole volume on the tuned model.
    #[serde(with = "crate::format::exact_money")]
    pub total_cost: Usd,
    /// The prompting path's total less this one's, over the volume or the
    /// horizon (negative when fine-tuning costs more).
    #[serde(with = "crate::format::exact_money")]
    pub net_saving: Usd,
    /// Smallest whole volume with `N × Δ > T`; null when it never breaks even.
    pub break_even_requests: Option<Requests>,
    /// `volume × Δ / T`; null when `Δ ≤ 0` or `T = 0`.
    #[serde(with = "rust_decimal::serde::float_option")]
    pub volume_multiple: Option<Decimal>,
    /// Smallest volume whose verdict is `depends`; null when it never breaks even.
    pub volume_for_depends: Option<Requests>,
    /// Smallest volume whose verdict is `fine-tune`; null when it never breaks even.
    pub volume_for_fine_tune: Option<Requests>,
    /// First month whose cumulative saving exceeds the fixed costs incurred so
    /// far; null without a horizon or when it lies beyond it.
    pub payback_month: Option<u32>,
    /// Share of the fixed prompt billed at the cached price; null without caching.
    #[serde(with = "rust_decimal::serde::float_option")]
    pub cached_prompt_share: Option<Decimal>,
    /// The rule of thumb's verdict for this candidate.
    pub verdict: Verdict,
    /// Storage fees of the tuned model over the horizon.
    #[serde(with = "crate::format::exact_money")]
    pub storage_cost: Usd,
    /// The first day the tuned path no longer serves, if it stops; it may lie
    /// beyond the horizon.
    pub end_of_service: Option<Date>,
    /// `shutdown` or `retraining-closed`; null without an end of service.
    pub end_of_service_reason: Option<EndReason>,
    /// Requests the tuned path serves.
    pub served_volume: Requests,
    /// Requests after its end of service, sent down the prompting path.
    pub lost_volume: Requests,
    /// What the served requests save: `Σ served × Δ` at each month's prices.
    #[serde(with = "crate::format::exact_money")]
    pub savings: Usd,
    /// Month by month; null without a horizon.
    pub ledger: Option<Vec<LedgerRow>>,
    /// The prices and fees applied, period by period, with their origin
    /// and flags (design §14).
    pub basis: Vec<super::basis::Period>,
    /// How reports and `best` name it: the model, with its serving where dedicated.
    pub candidate: String,
    /// `per-token` or `dedicated`.
    pub serve: &'static str,
    /// A dedicated candidate's GPU (`PROVIDER/GPU`, or null for an hourly price).
    pub gpu: Option<String>,
    /// A dedicated candidate's throughput; null per token.
    pub throughput: Option<ThroughputReport>,
    /// A dedicated candidate's replicas in each month (0 after its end of
    /// service); null per token.
    pub replicas: Option<Vec<u32>>,
    /// Its GPUs over the horizon.
    #[serde(with = "crate::format::exact_money")]
    pub capacity_cost: Usd,
    /// The smallest constant monthly volume from which a dedicated candidate
    /// is the cheaper path, over the horizon at that volume and every larger
    /// one (growth left aside); null per token, or when it never is.
    pub break_even_per_month: Option<Requests>,
}

/// What one replica of a dedicated candidate sustains.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThroughputReport {
    /// Requests per second, as the cost model uses it.
    #[serde(with = "rust_decimal::serde::float")]
    pub requests_per_second: Decimal,
    /// `given`, or `estimate` from a shipped reference measurement.
    pub method: &'static str,
    /// The measurement an estimate comes from.
    pub reference: Option<Reference>,
}

/// The whole report of `ftvp breakeven`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Always `ftvp.breakeven/1`.
    pub schema: &'static str,
    /// Currency of every amount.
    pub currency: String,
    /// Requests over the period.
    pub volume: Requests,
    /// The rule of thumb's multiples.
    pub thresholds: ThresholdsReport,
    /// The months the volume spreads over; null without a horizon.
    pub horizon: Option<HorizonReport>,
    /// Share of requests whose fixed prompt hits the cache.
    #[serde(with = "rust_decimal::serde::float")]
    pub cache_hit_rate: Decimal,
    /// Whether requests are billed at batch prices.
    pub batch: bool,
    /// The prompting path.
    pub base: BaseReport,
    /// Candidates ranked by total cost, cheapest first (ties keep the order given).
    pub candidates: Vec<CandidateReport>,
    /// The cheapest candidate.
    pub best: String,
    /// The best candidate's verdict.
    pub verdict: Verdict,
    /// Allowed but suspicious inputs.
    pub warnings: Vec<String>,
    /// Advisory notes from the decision framework; they never change the verdict.
    pub notes: Vec<Note>,
    /// Token counts taken from prompt and training files, and how they were
    /// counted; null when every count was given as a number.
    pub counted_from_files: Option<CountedFiles>,
    /// The day the decision takes effect.
    pub start: Date,
    /// With `--explain`: the hand computation, line by line (absent without).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explain: Option<Vec<String>>,
    /// With `--sensitivity`: each estimated input's flip values, most
    /// fragile first (absent without).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sensitivity: Option<Vec<super::sensitivity::Flip>>,
    /// With `--tuned-any`: the search, its skipped candidates and the whole
    /// ranking (absent without).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) search: Option<super::search::SearchReport>,
    /// With ranged inputs: each at its ends with the others at BASE, the
    /// widest spread first (absent without ranges).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tornado: Option<Vec<super::tornado::Bar>>,
    /// With ranged inputs: all of them at the end that favours prompting,
    /// and all at the other (absent without ranges).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub corners: Option<super::tornado::Corners>,
    /// With `--simulate`: what the draws say (absent without).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub simulation: Option<super::simulate::Simulation>,
}

impl Report {
    /// The best candidate's row.
    pub fn best_candidate(&self) -> &CandidateReport {
        &self.candidates[0]
    }
}

#[cfg(test)]
thread_local! {
    /// Reports built on this thread: a run builds its report once.
    pub(super) static BUILDS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Builds the report of an evaluated comparison, with its notes.
pub(super) fn build(
    evaluated: &super::Evaluated,
    notes: Vec<Note>,
) -> Result<Report, super::AnalysisError> {
    #[cfg(test)]
    BUILDS.with(|b| b.set(b.get() + 1));
    let (c, profile) = (&evaluated.comparison, &evaluated.profile);
    let evaluations = &evaluated.evaluations;
    let inputs = c.inputs;
    let end = horizon_end(inputs)?;
    let mut candidates = Vec::with_capacity(c.paths.len());
    for (p, e) in c.paths.iter().zip(evaluations) {
        let mut k = candidate(inputs, p, e)?;
        k.basis = super::basis::candidate(inputs, p.candidate, &p.terms.tuned, end);
        candidates.push(k);
    }
    candidates.sort_by_key(|c| c.total_cost); // stable: ties keep the order given
    let base = &inputs.base;
    let (base_cost, base_total, base_prices) = match (c.paths.first(), evaluations.first()) {
        (Some(p), Some(e)) => (p.at_start.0, e.base_total, &p.terms.base),
        _ => unreachable!("a comparison has at least one candidate"),
    };
    let best = &candidates[0];
    Ok(Report {
        schema: SCHEMA,
        currency: base.model.sheet.currency.clone(),
        volume: profile.total,
        thresholds: ThresholdsReport {
            depends_at: inputs.thresholds.depends_at(),
            fine_tune_at: inputs.thresholds.fine_tune_at(),
        },
        horizon: horizon(inputs, profile),
        cache_hit_rate: inputs.billing.cache_hit_rate,
        batch: inputs.billing.batch,
        base: BaseReport {
            model: base.model.id.clone(),
            prompt_tokens: base.prompt_tokens,
            input_tokens: inputs.input_tokens,
            output_tokens: base.output_tokens,
            reasoning_tokens: base.reasoning_tokens,
            cost_per_request: base_cost.cost,
            effective_cost_per_request: inputs.quality.map(|_| c.paths[0].effective.0),
            success: inputs.quality.map(|q| q.base_success),
            total_cost: base_total.normalize(),
            cached_prompt_share: cached_share(inputs, base_cost.caching),
            long_context: base_cost.long_context,
            basis: super::basis::base(inputs, base_prices, end),
        },
        best: best.candidate.clone(),
        verdict: best.verdict,
        candidates,
        warnings: c.warnings.clone(),
        notes,
        counted_from_files: (!inputs.counted.is_empty()).then(|| inputs.counted.clone()),
        start: inputs.start,
        explain: None,
        sensitivity: None,
        search: None,
        tornado: None,
        corners: None,
        simulation: None,
    })
}

/// The first day after the horizon; `None` without one.
fn horizon_end(inputs: &Inputs) -> Result<Option<jiff::civil::Date>, super::AnalysisError> {
    let Some(months) = inputs.traffic.months else {
        return Ok(None);
    };
    let calendar = crate::cost::calendar::calendar(inputs.start, months)?;
    Ok(calendar.last().map(|m| m.to))
}

fn horizon(inputs: &Inputs, profile: &Profile) -> Option<HorizonReport> {
    let t = &inputs.traffic;
    let per_month = t.per_month();
    Some(HorizonReport {
        months: t.months?,
        per_month: t.given().filter(|_| per_month),
        growth_percent: per_month.then(|| t.growth_percent.unwrap_or_default()),
        monthly_volumes: profile.monthly.clone()?,
    })
}

fn candidate(
    inputs: &Inputs,
    p: &super::Path,
    e: &super::Evaluation,
) -> Result<CandidateReport, super::AnalysisError> {
    let o = &e.outcome;
    let f = &e.fixed;
    let t = &inputs.thresholds;
    let per_token = matches!(p.candidate.serving, Serving::PerToken);
    Ok(CandidateReport {
        model: p.candidate.model.id.clone(),
        prompt_tokens: p.candidate.prompt_tokens,
        input_tokens: inputs.input_tokens,
        output_tokens: p.candidate.output_tokens,
        reasoning_tokens: p.candidate.reasoning_tokens,
        cost_per_request: p.at_start.1.cost,
        effective_cost_per_request: inputs.quality.map(|_| p.effective.1),
        success: p.candidate.success.filter(|_| inputs.quality.is_some()),
        quality: None,
        savings_per_request: p.savings_per_request()?,
        training_cost: p.training_run,
        hosting_cost: f.hosting.normalize(),
        retrain_runs: f.retrain_runs,
        retraining_cost: f.retraining.normalize(),
        maintenance_cost: f.upkeep.normalize(),
        recurring_cost: f.recurring()?.normalize(),
        upfront_cost: f.upfront()?.normalize(),
        fixed_cost: o.fixed_cost.normalize(),
        total_cost: e.tuned_total.normalize(),
        net_saving: crate::cost::net_saving(e.base_total, e.tuned_total)?,
        // A dedicated candidate's break-even is per month (capacity steps
        // with the volume, so scaling the traffic says nothing).
        break_even_requests: per_token
            .then(|| o.break_even_requests())
            .transpose()?
            .flatten(),
        volume_multiple: o.volume_multiple()?,
        volume_for_depends: per_token
            .then(|| o.volume_for_multiple(t.depends_at()))
            .transpose()?
            .flatten(),
        volume_for_fine_tune: per_token
            .then(|| o.volume_for_multiple(t.fine_tune_at()))
            .transpose()?
            .flatten(),
        payback_month: e.ledger.as_ref().and_then(|l| l.payback_month()),
        cached_prompt_share: cached_share(inputs, p.at_start.1.caching),
        verdict: o.verdict(t)?,
        storage_cost: f.storage.normalize(),
        end_of_service: p.end.map(|e| e.date),
        end_of_service_reason: p.end.map(|e| e.reason),
        served_volume: e.served,
        lost_volume: e.lost,
        savings: o.savings.normalize(),
        ledger: e.ledger.as_ref().map(|l| l.rows.clone()),
        basis: Vec::new(),
        candidate: p.candidate.label.clone(),
        serve: match &p.candidate.serving {
            Serving::PerToken => "per-token",
            Serving::Dedicated(_) => "dedicated",
        },
        gpu: match &p.candidate.serving {
            Serving::Dedicated(d) => d.gpu.clone(),
            Serving::PerToken => None,
        },
        throughput: throughput(p.candidate),
        replicas: replicas(p.candidate, e),
        capacity_cost: f.capacity.normalize(),
        break_even_per_month: p.break_even_per_month,
    })
}

/// The throughput of a dedicated candidate, as reported.
fn throughput(c: &Candidate) -> Option<ThroughputReport> {
    let Serving::Dedicated(d) = &c.serving else {
        return None;
    };
    let rps = super::terms::capacity(d, c.output_side()).ok()?.replica_rps;
    let (method, reference) = match &d.throughput {
        Throughput::Reference(r) => ("estimate", Some(r.clone())),
        _ => ("given", None),
    };
    Some(ThroughputReport {
        requests_per_second: rps.normalize(),
        method,
        reference,
    })
}

/// Replicas in each month; 0 after the end of service.
fn replicas(c: &Candidate, e: &super::Evaluation) -> Option<Vec<u32>> {
    let dedicated = matches!(c.serving, Serving::Dedicated(_));
    let rows = e.ledger.iter().flat_map(|l| &l.rows);
    dedicated.then(|| rows.map(|r| r.replicas.unwrap_or(0)).collect())
}

/// The share of the fixed prompt billed at the cached price, as reported.
fn cached_share(inputs: &Inputs, caching: crate::cost::CacheOutcome) -> Option<Decimal> {
    use crate::cost::CacheOutcome;
    match caching {
        CacheOutcome::NotAsked => None,
        CacheOutcome::Applied => Some(inputs.billing.cache_hit_rate),
        _ => Some(Decimal::ZERO),
    }
}
