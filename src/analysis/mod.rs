//! Orchestration: the resolved inputs become the cost model's terms for each
//! candidate ([`Comparison`]), the cost model evaluates them at a traffic,
//! and the results become the reports of `ftvp breakeven` ([`analyse`]) and
//! `ftvp sweep` ([`sweep::sweep`]). No arithmetic of its own: every amount
//! comes from [`crate::cost`].

pub mod dataset;
pub mod notes;
pub mod report;
pub mod sweep;
pub mod tokens;

use std::collections::BTreeSet;
use std::fmt;

use jiff::civil::Date;
use rust_decimal::Decimal;

use crate::cost::calendar::calendar;
use crate::cost::ledger::{FixedCosts, TunedPrices};
use crate::cost::{
    volume_cost, CacheOutcome, CandidateTerms, CostError, Ledger, Outcome, PathPrices, Plan,
    RequestCost, Tier, Timeline, Usage, Usd,
};
use crate::inputs::{Candidate, Field, Inputs, Keys, Names, Profile};
use crate::pricing::{FineTuning, Model};
pub use report::{BaseReport, CandidateReport, HorizonReport, Report, ThresholdsReport, SCHEMA};

/// Why an analysis could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnalysisError {
    /// A fine-tuned deployment billed per hour, without months to count the hours.
    HostingNeedsMonths {
        /// The candidate.
        model: String,
        /// Its hourly fee.
        fee: Usd,
        /// The sheet's currency.
        currency: String,
    },
    /// Training given in tokens for a model that does not bill training per token.
    NoTrainingPrice {
        /// The candidate.
        model: String,
    },
    /// Batch billing for a model whose sheet has no batch discount.
    NoBatchDiscount {
        /// The model.
        model: String,
        /// Its sheet.
        sheet: String,
    },
    /// The arithmetic overflowed.
    Cost(CostError),
}

impl From<CostError> for AnalysisError {
    fn from(e: CostError) -> Self {
        AnalysisError::Cost(e)
    }
}

impl AnalysisError {
    /// The one-line message, naming inputs with `n`.
    pub fn describe(&self, n: &dyn Names) -> String {
        match self {
            AnalysisError::HostingNeedsMonths {
                model,
                fee,
                currency,
            } => format!(
                "{model} carries a hosting fee of {} an hour for the fine-tuned deployment; \
                 give {} (with {} or {}) so the fee can be counted",
                crate::format::money(*fee, currency),
                n.name(Field::Months),
                n.name(Field::Volume),
                n.name(Field::PerMonth)
            ),
            AnalysisError::NoTrainingPrice { model } => format!(
                "{model} has no per-token training price (its training is billed another way, \
                 such as per hour); give {} instead of {}",
                n.name(Field::TrainingCost),
                n.name(Field::TrainingTokens)
            ),
            AnalysisError::NoBatchDiscount { model, sheet } => format!(
                "{}: {model} has no batch_discount in its sheet ({sheet}), so its batch price is unknown",
                n.name(Field::Batch)
            ),
            AnalysisError::Cost(e) => e.to_string(),
        }
    }
}

impl fmt::Display for AnalysisError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe(&Keys))
    }
}

impl std::error::Error for AnalysisError {}

/// One candidate, ready to be evaluated at any traffic.
#[derive(Debug, Clone)]
pub struct Path<'a> {
    /// The candidate as given.
    pub candidate: &'a Candidate,
    /// The cost model's terms.
    pub terms: CandidateTerms,
    /// One request on each path at the start.
    pub at_start: (RequestCost, RequestCost),
    /// One training run at the start.
    pub training_run: Usd,
    /// Its months, over a horizon.
    pub plan: Option<Plan>,
}

impl Path<'_> {
    /// `Δ = P_base − P_tuned` at the start.
    pub fn savings_per_request(&self) -> Usd {
        self.at_start.0.cost - self.at_start.1.cost
    }
}

/// A candidate evaluated at one traffic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluation {
    /// Savings against the fixed cost: break-even, multiples, verdict.
    pub outcome: Outcome,
    /// The prompting path's total.
    pub base_total: Usd,
    /// The tuned path's total: fixed costs plus its requests.
    pub tuned_total: Usd,
    /// Fixed costs by kind.
    pub fixed: FixedCosts,
    /// The month-by-month ledger, over a horizon.
    pub ledger: Option<Ledger>,
}

/// Every candidate against the prompting path, before any traffic.
#[derive(Debug, Clone)]
pub struct Comparison<'a> {
    /// The inputs.
    pub inputs: &'a Inputs,
    /// The candidates in the order given.
    pub paths: Vec<Path<'a>>,
    /// Allowed but suspicious inputs, each once.
    pub warnings: Vec<String>,
}

impl<'a> Comparison<'a> {
    /// Prices every candidate. `today` decides which prices are stale.
    pub fn new(inputs: &'a Inputs, today: Date) -> Result<Comparison<'a>, AnalysisError> {
        let mut warnings = inputs.warnings.clone();
        let months = inputs
            .traffic
            .months
            .map(|m| calendar(inputs.start, m))
            .transpose()?;
        let mut paths = Vec::with_capacity(inputs.candidates.len());
        for c in &inputs.candidates {
            paths.push(path(inputs, c, months.as_deref(), &mut warnings)?);
        }
        stale_warnings(inputs, today, &mut warnings);
        let mut seen = BTreeSet::new();
        warnings.retain(|w| seen.insert(w.clone()));
        Ok(Comparison {
            inputs,
            paths,
            warnings,
        })
    }

    /// Every candidate at `profile`, in the order given.
    pub fn evaluate(&self, profile: &Profile) -> Result<Vec<Evaluation>, AnalysisError> {
        self.paths.iter().map(|p| evaluate(p, profile)).collect()
    }
}

fn evaluate(p: &Path, profile: &Profile) -> Result<Evaluation, AnalysisError> {
    let delta = p.savings_per_request();
    match (&p.plan, &profile.monthly) {
        (Some(plan), Some(monthly)) => {
            let ledger = plan.ledger(monthly)?;
            Ok(Evaluation {
                outcome: ledger.outcome(delta),
                base_total: ledger.totals.base_cost,
                tuned_total: ledger.tuned_total()?,
                fixed: ledger.totals.fixed,
                ledger: Some(ledger),
            })
        }
        _ => {
            let fixed = FixedCosts {
                training: p.training_run,
                setup: p.terms.setup,
                ..FixedCosts::default()
            };
            let t = fixed.total()?;
            let per_request = volume_cost(profile.total, p.at_start.1.cost)?;
            Ok(Evaluation {
                outcome: Outcome::closed(profile.total, delta, t)?,
                base_total: volume_cost(profile.total, p.at_start.0.cost)?,
                tuned_total: t
                    .checked_add(per_request)
                    .ok_or(CostError::Overflow("total cost"))?,
                fixed,
                ledger: None,
            })
        }
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
fn tuned_prices(model: &Model, ft: &FineTuning) -> TunedPrices {
    TunedPrices {
        path: PathPrices {
            standard: Tier {
                input: ft.input,
                output: ft.output,
                cached_input: ft.cached_input,
                cache_write: None,
            },
            long_context: None,
            min_cacheable_tokens: model.prices.min_cacheable_tokens,
            batch_discount: model.prices.batch_discount,
        },
        training: ft.training,
        min_training_cost: ft.min_training_cost,
        hosting_per_hour: ft.hosting_fee(),
    }
}

fn usage(inputs: &Inputs, prompt_tokens: u64) -> Usage {
    Usage {
        prompt_tokens,
        input_tokens: inputs.input_tokens,
        output_tokens: inputs.output_tokens,
    }
}

/// The terms of one candidate, checked against what its sheet can price.
fn path<'a>(
    inputs: &'a Inputs,
    c: &'a Candidate,
    months: Option<&[crate::cost::Month]>,
    warnings: &mut Vec<String>,
) -> Result<Path<'a>, AnalysisError> {
    let model = &c.model;
    let Some(ft) = &model.prices.fine_tuning else {
        unreachable!("inputs are resolved with fine-tunable candidates only");
    };
    if let (Some(fee), None) = (ft.hosting_fee(), months) {
        return Err(AnalysisError::HostingNeedsMonths {
            model: model.id.clone(),
            fee,
            currency: model.sheet.currency.clone(),
        });
    }
    let base = &inputs.base.model;
    for m in [base, model] {
        if inputs.billing.batch && m.prices.batch_discount.is_none() {
            return Err(AnalysisError::NoBatchDiscount {
                model: m.id.clone(),
                sheet: m.sheet.origin.clone(),
            });
        }
    }
    let terms = CandidateTerms {
        base: Timeline::constant(base_prices(base)),
        tuned: Timeline::constant(tuned_prices(model, ft)),
        base_usage: usage(inputs, inputs.base.prompt_tokens),
        tuned_usage: usage(inputs, c.prompt_tokens),
        billing: inputs.billing,
        training: c.training,
        setup: inputs.setup_cost,
        upkeep_per_month: inputs.maintenance_per_month,
        retrain_every: inputs.retrain_every,
        fine_tune_shutdown: None,
        training_cutoff: None,
    };
    let no_price = |e: CostError| match e {
        CostError::NoTrainingPrice => AnalysisError::NoTrainingPrice {
            model: model.id.clone(),
        },
        e => AnalysisError::Cost(e),
    };
    let training_run = terms.training_run(inputs.start).map_err(no_price)?;
    let at_start = terms.request_costs(inputs.start)?;
    request_warnings(base, &terms.base_usage, &at_start.0, false, warnings);
    request_warnings(model, &terms.tuned_usage, &at_start.1, true, warnings);
    let plan = months
        .map(|m| terms.plan(m))
        .transpose()
        .map_err(no_price)?;
    Ok(Path {
        candidate: c,
        terms,
        at_start,
        training_run,
        plan,
    })
}

/// What deserves a warning about one request on one path.
fn request_warnings(
    model: &Model,
    u: &Usage,
    cost: &RequestCost,
    tuned: bool,
    warnings: &mut Vec<String>,
) {
    if let Some(window) = model.prices.context_window.filter(|&w| u.input_side() > w) {
        warnings.push(format!(
            "{}: prompt + input of {} tokens exceed its context window of {} tokens",
            model.id,
            u.input_side(),
            window
        ));
    }
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
    if let Some(l) = model.prices.long_context.as_ref().filter(|_| tuned) {
        if u.input_side() > l.above_input_tokens {
            warnings.push(format!(
                "{}: fine-tuned requests of {} prompt + input tokens exceed its long-context threshold of {}, \
                 but the sheet prices no long-context tier for the fine-tuned model; billed at its standard prices",
                model.id,
                u.input_side(),
                l.above_input_tokens
            ));
        }
    }
}

fn stale_warnings(inputs: &Inputs, today: Date, warnings: &mut Vec<String>) {
    let mut seen = BTreeSet::new();
    let models =
        std::iter::once(&inputs.base.model).chain(inputs.candidates.iter().map(|c| &c.model));
    for m in models {
        let sheet = &m.sheet;
        if sheet.is_stale(today) && seen.insert(sheet.origin.clone()) {
            warnings.push(format!(
                "prices in {} are from {}, more than 180 days ago; check {}",
                sheet.origin, sheet.as_of, sheet.source
            ));
        }
    }
}

/// Runs the comparison at the inputs' volume. `today` decides which prices
/// are stale.
pub fn analyse(inputs: &Inputs, today: Date) -> Result<Report, AnalysisError> {
    let comparison = Comparison::new(inputs, today)?;
    let volume = inputs.traffic.given().unwrap_or(0);
    let profile = inputs.traffic.profile(volume)?;
    let evaluations = comparison.evaluate(&profile)?;
    report::build(&comparison, &profile, &evaluations, today)
}

/// The share of the fixed prompt billed at the cached price, as reported.
fn cached_share(inputs: &Inputs, caching: CacheOutcome) -> Option<Decimal> {
    match caching {
        CacheOutcome::NotAsked => None,
        CacheOutcome::Applied => Some(inputs.billing.cache_hit_rate),
        _ => Some(Decimal::ZERO),
    }
}
