//! The break-even analysis: resolves the models of a comparison against the
//! price sheets, runs the cost model for every candidate and produces the
//! report behind `ftvp breakeven` (serialised as `ftvp.breakeven/1`).

use std::collections::BTreeSet;

use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::{Serialize, Serializer};

use crate::cost::{
    payback_month, request_cost, retrain_runs, training_cost, volume_cost, Billing, CacheOutcome,
    CostError, Economics, FixedCosts, PathPrices, Requests, Tier, Tokens, Usage, Usd, Verdict,
};
use crate::inputs::{Horizon, Inputs, Training};
use crate::notes::{advisory_notes, Note};
use crate::pricing::{Catalog, Model, PricingError};

/// The JSON schema id of the report.
pub const SCHEMA: &str = "ftvp.breakeven/1";

/// Why an analysis could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnalysisError {
    /// A model could not be resolved.
    #[error(transparent)]
    Pricing(#[from] PricingError),
    /// The arithmetic overflowed.
    #[error(transparent)]
    Cost(#[from] CostError),
    /// The models or inputs do not fit together.
    #[error("{0}")]
    Input(String),
}

impl Serialize for Verdict {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Hours billed per month for an hourly hosting fee.
pub const HOURS_PER_MONTH: u32 = 730;

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
    /// Cost of one request.
    #[serde(with = "rust_decimal::serde::float")]
    pub cost_per_request: Usd,
    /// Cost of the whole volume.
    #[serde(with = "rust_decimal::serde::float")]
    pub total_cost: Usd,
    /// Share of the fixed prompt billed at the cached price; null without caching.
    #[serde(with = "rust_decimal::serde::float_option")]
    pub cached_prompt_share: Option<Decimal>,
    /// Whether the long-context tier priced the request.
    pub long_context: bool,
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
    /// Output tokens per request.
    pub output_tokens: Tokens,
    /// Cost of one request on the tuned model.
    #[serde(with = "rust_decimal::serde::float")]
    pub cost_per_request: Usd,
    /// `P_base − P_tuned`.
    #[serde(with = "rust_decimal::serde::float")]
    pub savings_per_request: Usd,
    /// One training run (at least the sheet's per-job minimum).
    #[serde(with = "rust_decimal::serde::float")]
    pub training_cost: Usd,
    /// Hosting fees over the horizon.
    #[serde(with = "rust_decimal::serde::float")]
    pub hosting_cost: Usd,
    /// Trainings after the first over the horizon.
    pub retrain_runs: u32,
    /// Their cost.
    #[serde(with = "rust_decimal::serde::float")]
    pub retraining_cost: Usd,
    /// Upkeep over the horizon.
    #[serde(with = "rust_decimal::serde::float")]
    pub maintenance_cost: Usd,
    /// Hosting + retraining + upkeep.
    #[serde(with = "rust_decimal::serde::float")]
    pub recurring_cost: Usd,
    /// `T`: training, setup and recurring costs.
    #[serde(with = "rust_decimal::serde::float")]
    pub fixed_cost: Usd,
    /// Fixed cost plus the whole volume on the tuned model.
    #[serde(with = "rust_decimal::serde::float")]
    pub total_cost: Usd,
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
}

/// The whole report of `ftvp breakeven`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Always [`SCHEMA`].
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
    pub counted_from_files: Option<crate::counted::CountedFiles>,
}

impl Report {
    /// The best candidate's row.
    pub fn best_candidate(&self) -> &CandidateReport {
        &self.candidates[0]
    }
}

/// Runs the comparison. `today` decides which sheets are stale.
pub fn analyse(inputs: &Inputs, catalog: &Catalog, today: Date) -> Result<Report, AnalysisError> {
    let base = resolve_base(catalog, &inputs.base_model)?;
    let mut tuned: Vec<&Model> = Vec::with_capacity(inputs.candidates.len());
    for c in &inputs.candidates {
        let model = resolve_candidate(catalog, &c.model)?;
        if tuned.iter().any(|m| m.id == model.id) {
            return Err(input(format!(
                "{} is given twice as a candidate (--tuned or [[tuned]]); each may appear once",
                model.id
            )));
        }
        check_currency(base, model)?;
        tuned.push(model);
    }
    let mut warnings = Vec::new();
    let billing = inputs.billing;
    let base_usage = usage(inputs, inputs.base_prompt);
    let base_cost = path_cost(
        base,
        &base_prices(base),
        &base_usage,
        &billing,
        &mut warnings,
    )?;
    let mut candidates = Vec::with_capacity(tuned.len());
    for (model, c) in tuned.iter().zip(&inputs.candidates) {
        let u = usage(inputs, c.prompt_tokens);
        candidates.push(candidate(inputs, model, u, base_cost.cost, &mut warnings)?);
    }
    candidates.sort_by_key(|c| c.total_cost); // stable: ties keep the order given
    stale_warnings(base, &tuned, today, &mut warnings);
    let mut seen = BTreeSet::new();
    warnings.retain(|w| seen.insert(w.clone()));
    let all: Vec<&Model> = std::iter::once(base).chain(tuned.iter().copied()).collect();
    let notes = advisory_notes(inputs, base, &all, today);
    let best = &candidates[0];
    Ok(Report {
        schema: SCHEMA,
        currency: base.sheet.currency.clone(),
        volume: inputs.volume,
        thresholds: ThresholdsReport {
            depends_at: inputs.thresholds.depends_at(),
            fine_tune_at: inputs.thresholds.fine_tune_at(),
        },
        horizon: inputs.horizon.as_ref().map(horizon_report),
        cache_hit_rate: billing.cache_hit_rate,
        batch: billing.batch,
        base: BaseReport {
            model: base.id.clone(),
            prompt_tokens: base_usage.prompt_tokens,
            input_tokens: base_usage.input_tokens,
            output_tokens: base_usage.output_tokens,
            cost_per_request: base_cost.cost,
            total_cost: volume_cost(inputs.volume, base_cost.cost)?,
            cached_prompt_share: cached_share(inputs, base_cost.caching),
            long_context: base_cost.long_context,
        },
        best: best.model.clone(),
        verdict: best.verdict,
        candidates,
        warnings,
        notes,
        counted_from_files: None,
    })
}

/// Finds the base model, naming the input in errors.
pub fn resolve_base<'a>(catalog: &'a Catalog, query: &str) -> Result<&'a Model, AnalysisError> {
    catalog
        .resolve(query)
        .map_err(|e| input(format!("--base (or [base] model): {e}")))
}

/// Finds a candidate model, naming the input in errors.
pub fn resolve_candidate<'a>(
    catalog: &'a Catalog,
    query: &str,
) -> Result<&'a Model, AnalysisError> {
    catalog
        .resolve(query)
        .map_err(|e| input(format!("--tuned (or [[tuned]] model): {e}")))
}

fn input(message: String) -> AnalysisError {
    AnalysisError::Input(message)
}

fn usage(inputs: &Inputs, prompt_tokens: Tokens) -> Usage {
    Usage {
        prompt_tokens,
        input_tokens: inputs.input_tokens,
        output_tokens: inputs.output_tokens,
    }
}

fn horizon_report(h: &Horizon) -> HorizonReport {
    HorizonReport {
        months: h.months,
        per_month: h.per_month,
        growth_percent: h.growth_percent,
        monthly_volumes: h.monthly_volumes.clone(),
    }
}

fn cached_share(inputs: &Inputs, caching: CacheOutcome) -> Option<Decimal> {
    match caching {
        CacheOutcome::NotAsked => None,
        CacheOutcome::Applied => Some(inputs.billing.cache_hit_rate),
        _ => Some(Decimal::ZERO),
    }
}

/// The prompting path bills the model's own prices, long-context tier included.
fn base_prices(model: &Model) -> PathPrices {
    let p = &model.prices;
    PathPrices {
        standard: Tier {
            input: p.input,
            output: p.output,
            cached_input: p.cached_input,
            cache_write: p.cache_write,
        },
        long_context: p.long_context.as_ref().map(|l| {
            let tier = Tier {
                input: l.input,
                output: l.output,
                cached_input: l.cached_input,
                cache_write: None,
            };
            (l.above_input_tokens, tier)
        }),
        min_cacheable_tokens: p.min_cacheable_tokens,
        batch_discount: p.batch_discount,
    }
}

/// The tuned path bills the fine-tuning table; sheets price no long-context
/// tier for fine-tuned models.
fn tuned_prices(model: &Model, ft: &crate::pricing::FineTuning) -> PathPrices {
    PathPrices {
        standard: Tier {
            input: ft.input,
            output: ft.output,
            cached_input: ft.cached_input,
            cache_write: None,
        },
        long_context: None,
        min_cacheable_tokens: model.prices.min_cacheable_tokens,
        batch_discount: model.prices.batch_discount,
    }
}

/// Prices one request on a path and records what deserves a warning.
fn path_cost(
    model: &Model,
    prices: &PathPrices,
    u: &Usage,
    billing: &Billing,
    warnings: &mut Vec<String>,
) -> Result<crate::cost::RequestCost, AnalysisError> {
    if billing.batch && prices.batch_discount.is_none() {
        return Err(input(format!(
            "--batch: {} has no batch_discount in its sheet ({}), so its batch price is unknown",
            model.id, model.sheet.origin
        )));
    }
    let cost = request_cost(prices, u, billing)?;
    check_context(model, u, warnings);
    match cost.caching {
        CacheOutcome::NoCachedPrice => warnings.push(format!(
            "{}: no cached-input price in its sheet, so its fixed prompt is billed without caching",
            model.id
        )),
        CacheOutcome::BelowMinimum(min) => warnings.push(format!(
            "{}: the fixed prompt of {} tokens is shorter than the {} tokens the provider caches, so it is billed without caching",
            model.id, u.prompt_tokens, min
        )),
        CacheOutcome::NotAsked | CacheOutcome::Applied | CacheOutcome::NothingToCache => {}
    }
    if let Some(l) = &model.prices.long_context {
        if prices.long_context.is_none() && u.input_side() > l.above_input_tokens {
            warnings.push(format!(
                "{}: fine-tuned requests of {} prompt + input tokens exceed its long-context threshold of {}, \
                 but the sheet prices no long-context tier for the fine-tuned model; billed at its standard prices",
                model.id,
                u.input_side(),
                l.above_input_tokens
            ));
        }
    }
    Ok(cost)
}

fn candidate(
    inputs: &Inputs,
    model: &Model,
    u: Usage,
    base_per_request: Usd,
    warnings: &mut Vec<String>,
) -> Result<CandidateReport, AnalysisError> {
    let Some(ft) = &model.prices.fine_tuning else {
        return Err(input(format!(
            "{} cannot be a --tuned candidate: its sheet ({}) has no fine_tuning prices",
            model.id, model.sheet.origin
        )));
    };
    let months = inputs.horizon.as_ref().map(|h| h.months);
    let hosting_per_month = match (ft.hosting_fee(), months) {
        (Some(fee), None) => {
            return Err(input(format!(
                "{} carries a hosting fee of {} an hour for the fine-tuned deployment; \
                 give --months (with --volume or --per-month) so the fee can be counted",
                model.id,
                crate::report::format::money(fee, &model.sheet.currency)
            )))
        }
        (Some(fee), Some(_)) => fee
            .checked_mul(Decimal::from(HOURS_PER_MONTH))
            .ok_or(CostError::Overflow("hosting fee"))?,
        (None, _) => Decimal::ZERO,
    };
    let cost = path_cost(
        model,
        &tuned_prices(model, ft),
        &u,
        &inputs.billing,
        warnings,
    )?;
    let training = match inputs.training {
        Training::Cost(cost) => cost,
        Training::Tokens { tokens, epochs } => {
            // A training file was counted with each candidate's own encoding.
            let tokens = inputs
                .counted_training_tokens
                .get(&model.id)
                .copied()
                .unwrap_or(tokens);
            let Some(price) = ft.training else {
                return Err(input(format!(
                    "{} has no per-token training price (its training is billed another way, \
                     such as per hour); give --training-cost instead of --training-tokens",
                    model.id
                )));
            };
            training_cost(tokens, epochs, price, ft.min_training_cost)?
        }
    };
    let months_dec = Decimal::from(months.unwrap_or(0));
    let runs = match (inputs.retrain_every, months) {
        (Some(every), Some(m)) => retrain_runs(m, every),
        _ => 0,
    };
    let overflow = || CostError::Overflow("fixed cost");
    let hosting = hosting_per_month
        .checked_mul(months_dec)
        .ok_or_else(overflow)?;
    let retraining = training
        .checked_mul(Decimal::from(runs))
        .ok_or_else(overflow)?;
    let maintenance = inputs
        .maintenance_per_month
        .checked_mul(months_dec)
        .ok_or_else(overflow)?;
    let recurring = hosting
        .checked_add(retraining)
        .and_then(|r| r.checked_add(maintenance))
        .ok_or_else(overflow)?;
    let upfront = training
        .checked_add(inputs.setup_cost)
        .ok_or_else(overflow)?;
    let fixed = upfront.checked_add(recurring).ok_or_else(overflow)?;
    let econ = Economics::new(base_per_request, cost.cost, fixed);
    let total = fixed
        .checked_add(volume_cost(inputs.volume, cost.cost)?)
        .ok_or(CostError::Overflow("total cost"))?;
    let payback = match &inputs.horizon {
        Some(h) => {
            let schedule = FixedCosts {
                upfront,
                monthly: hosting_per_month
                    .checked_add(inputs.maintenance_per_month)
                    .ok_or_else(overflow)?,
                retrain: training,
                retrain_every: inputs.retrain_every,
            };
            payback_month(&h.monthly_volumes, econ.savings_per_request, &schedule)?
        }
        None => None,
    };
    Ok(CandidateReport {
        model: model.id.clone(),
        prompt_tokens: u.prompt_tokens,
        input_tokens: u.input_tokens,
        output_tokens: u.output_tokens,
        cost_per_request: cost.cost,
        savings_per_request: econ.savings_per_request,
        training_cost: training,
        hosting_cost: hosting.normalize(),
        retrain_runs: runs,
        retraining_cost: retraining.normalize(),
        maintenance_cost: maintenance.normalize(),
        recurring_cost: recurring.normalize(),
        fixed_cost: fixed.normalize(),
        total_cost: total.normalize(),
        break_even_requests: econ.break_even_requests()?,
        volume_multiple: econ.volume_multiple(inputs.volume)?,
        volume_for_depends: econ.volume_for_multiple(inputs.thresholds.depends_at())?,
        volume_for_fine_tune: econ.volume_for_multiple(inputs.thresholds.fine_tune_at())?,
        payback_month: payback,
        cached_prompt_share: cached_share(inputs, cost.caching),
        verdict: econ.verdict(inputs.volume, &inputs.thresholds)?,
    })
}

fn check_currency(base: &Model, tuned: &Model) -> Result<(), AnalysisError> {
    if base.sheet.currency != tuned.sheet.currency {
        return Err(input(format!(
            "{} is priced in {} but {} in {}; compare models of one currency",
            base.id, base.sheet.currency, tuned.id, tuned.sheet.currency
        )));
    }
    Ok(())
}

fn check_context(model: &Model, u: &Usage, warnings: &mut Vec<String>) {
    if let Some(window) = model.prices.context_window {
        if u.input_side() > window {
            warnings.push(format!(
                "{}: prompt + input of {} tokens exceed its context window of {} tokens",
                model.id,
                u.input_side(),
                window
            ));
        }
    }
}

fn stale_warnings(base: &Model, tuned: &[&Model], today: Date, warnings: &mut Vec<String>) {
    let mut seen = BTreeSet::new();
    for m in std::iter::once(&base).chain(tuned.iter()) {
        let sheet = &m.sheet;
        if sheet.is_stale(today) && seen.insert(sheet.origin.clone()) {
            warnings.push(format!(
                "prices in {} are from {}, more than 180 days ago; check {}",
                sheet.origin, sheet.as_of, sheet.source
            ));
        }
    }
}
