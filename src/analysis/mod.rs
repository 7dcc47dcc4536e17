//! Orchestration: the resolved inputs become the cost model's terms for each
//! candidate ([`Comparison`]); [`evaluate`] is the one pure evaluation of
//! them at the inputs' traffic, which notes (and sweeps, per volume) call
//! again with an input changed; [`analyse`] evaluates once, gathers the
//! notes and builds the `ftvp breakeven` document once ([`breakeven`]);
//! [`sweep::sweep`] evaluates along a range of volumes. No arithmetic of its
//! own: every amount comes from [`crate::cost`].

pub mod basis;
pub mod bound;
pub mod breakeven;
pub mod breakpoints;
pub mod explain;
pub mod knob;
pub mod dataset;
mod evaluate;
pub mod notes;
pub mod prepared;
pub mod prices;
pub mod migration;
pub mod quality;
pub mod search;
pub mod sensitivity;
pub mod simulate;
pub mod sweep;
mod terms;
pub mod tokens;
pub mod measured;
pub mod usage;
pub mod tornado;
pub mod vary;

use std::collections::BTreeSet;
use std::fmt;

use jiff::civil::Date;

use crate::cost::calendar::calendar;
use crate::cost::ledger::FixedCosts;
use crate::cost::{
    saving_per_request, CacheOutcome, CandidateTerms, CostError, EndOfService, Ledger, Outcome,
    Plan, RequestCost, Requests, Usage, Usd,
};
use crate::inputs::{Candidate, Field, Inputs, Keys, Names, Profile, Serving};
use crate::pricing::{Model, STALE_AFTER_DAYS};
pub use evaluate::{evaluate, evaluate_quiet, Evaluated, Standing};
pub use breakeven::{BaseReport, CandidateReport, HorizonReport, Report, ThresholdsReport};

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
    /// A monthly storage fee, without months to count.
    StorageNeedsMonths {
        /// The candidate.
        model: String,
        /// Its monthly fee.
        fee: Usd,
        /// The sheet's currency.
        currency: String,
    },
    /// A model (or its fine-tunes) no longer serving on the start date.
    ShutDown {
        /// The model.
        model: String,
        /// Its first day out of service.
        date: Date,
        /// Whether it is the fine-tunes that stopped (the base serves on).
        fine_tunes: bool,
    },
    /// A candidate that can no longer be trained on the start date.
    TrainingClosed {
        /// The candidate.
        model: String,
        /// The first day no new job could start.
        date: Date,
    },
    /// A training method the candidate's sheet does not offer.
    Method {
        /// The candidate.
        model: String,
        /// What the sheet offers.
        message: String,
    },
    /// A volume without months for a candidate that stops serving within a
    /// year of the start: the requests after the end cannot be told apart.
    EndNeedsHorizon {
        /// The candidate.
        model: String,
        /// Its end of service.
        end: EndOfService,
        /// The start.
        start: Date,
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
            AnalysisError::StorageNeedsMonths {
                model,
                fee,
                currency,
            } => format!(
                "{model} carries a storage fee of {} a month for the fine-tuned model; \
                 give {} (with {} or {}) so the fee can be counted",
                crate::format::money(*fee, currency),
                n.name(Field::Months),
                n.name(Field::Volume),
                n.name(Field::PerMonth)
            ),
            AnalysisError::ShutDown {
                model,
                date,
                fine_tunes,
            } => match fine_tunes {
                false => format!("{model} was shut down on {date}"),
                true => format!("fine-tunes of {model} were shut down on {date}"),
            },
            AnalysisError::TrainingClosed { model, date } => {
                format!("no new fine-tuning jobs for {model} since {date}")
            }
            AnalysisError::Method { model, message } => {
                format!("{} for {model}: {message}", n.name(Field::Method))
            }
            AnalysisError::EndNeedsHorizon { model, end, start } => format!(
                "{model} stops serving on {} ({}), within 12 months of the start ({start}): \
                 a volume alone cannot say which requests it serves; give {} and {} instead of {}",
                end.date,
                end.reason.describe(),
                n.name(Field::PerMonth),
                n.name(Field::Months),
                n.name(Field::Volume)
            ),
            AnalysisError::Cost(e) => crate::inputs::error::cost_message(e, n),
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
    /// `P′` of each path at the start: its cost plus its expected failure
    /// cost (equal to the cost without quality inputs, design §16).
    pub effective: (Usd, Usd),
    /// One training run at the start.
    pub training_run: Usd,
    /// The end of service, if there is one (it may lie beyond the horizon).
    pub end: Option<EndOfService>,
    /// Its months, over a horizon.
    pub plan: Option<Plan>,
    /// For a dedicated candidate: the smallest constant monthly volume from
    /// which it is the cheaper path.
    pub break_even_per_month: Option<Requests>,
}

impl Path<'_> {
    /// `Δ′ = P′_base − P′_tuned` at the start (`Δ` without quality inputs).
    pub fn savings_per_request(&self) -> Result<Usd, CostError> {
        saving_per_request(self.effective.0, self.effective.1)
    }

    /// The candidate at `profile`.
    pub(crate) fn at(&self, profile: &Profile) -> Result<Evaluation, AnalysisError> {
        evaluate_path(self, profile)
    }

    /// Its terms set from `inputs` and candidate `c` (the inputs it was
    /// built from with estimated inputs changed), and what follows from them
    /// settled again over `months`, its prices over time kept (its break-even
    /// volume per month is not: an answer does not need it).
    pub(crate) fn reset(&mut self, inputs: &Inputs, c: &Candidate, months: Option<&[crate::cost::Month]>) -> Result<(), AnalysisError> {
        let t = &mut self.terms;
        t.capacity = match &c.serving {
            Serving::PerToken => None,
            Serving::Dedicated(d) => Some(terms::capacity(d, c.output_side())?),
        };
        let base = &inputs.base;
        t.base_usage = usage(inputs, base.prompt_tokens, base.output_tokens, base.reasoning_tokens);
        t.tuned_usage = usage(inputs, c.prompt_tokens, c.output_tokens, c.reasoning_tokens);
        t.billing = inputs.billing;
        t.training = c.training;
        t.setup = inputs.setup_cost;
        t.failure = failure(inputs, c)?;
        let no_price = |e: CostError| match e {
            CostError::NoTrainingPrice => AnalysisError::NoTrainingPrice {
                model: c.model.id.clone(),
            },
            e => AnalysisError::Cost(e),
        };
        self.training_run = t.training_run(inputs.start).map_err(no_price)?;
        self.at_start = t.request_costs(inputs.start)?;
        self.effective = t.failure.effective(self.at_start.0.cost, self.at_start.1.cost)?;
        self.end = t.end_of_service(inputs.start)?;
        self.plan = months.map(|m| t.plan(m)).transpose().map_err(no_price)?;
        self.break_even_per_month = None;
        Ok(())
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
    /// Requests the tuned path serves.
    pub served: Requests,
    /// Requests after its end of service, on the prompting path.
    pub lost: Requests,
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
        Comparison::build(inputs, today, true)
    }

    /// The same without its warnings: what evaluating again with an input
    /// changed needs (sensitivity, ranges, simulation), at a fraction of the cost.
    pub fn quiet(inputs: &'a Inputs, today: Date) -> Result<Comparison<'a>, AnalysisError> {
        Comparison::build(inputs, today, false)
    }

    fn build(inputs: &'a Inputs, today: Date, warn: bool) -> Result<Comparison<'a>, AnalysisError> {
        terms::check_available(inputs)?;
        let mut warnings = match warn {
            true => inputs.warnings.clone(),
            false => Vec::new(),
        };
        let months = inputs
            .traffic
            .months
            .map(|m| calendar(inputs.start, m))
            .transpose()?;
        let mut paths = Vec::with_capacity(inputs.candidates.len());
        for c in &inputs.candidates {
            paths.push(path(inputs, c, months.as_deref(), (warn, &mut warnings))?);
        }
        if warn {
            stale_warnings(inputs, today, &mut warnings);
            let mut seen = BTreeSet::new();
            warnings.retain(|w| seen.insert(w.clone()));
        }
        Ok(Comparison {
            inputs,
            paths,
            warnings,
        })
    }

    /// Every candidate at `profile`, in the order given.
    pub fn evaluate(&self, profile: &Profile) -> Result<Vec<Evaluation>, AnalysisError> {
        self.paths
            .iter()
            .map(|p| evaluate_path(p, profile))
            .collect()
    }
}

fn evaluate_path(p: &Path, profile: &Profile) -> Result<Evaluation, AnalysisError> {
    match (&p.plan, &profile.monthly) {
        (Some(plan), Some(monthly)) => {
            let ledger = plan.ledger(monthly)?;
            Ok(Evaluation {
                outcome: ledger.outcome(),
                base_total: ledger.totals.base_cost,
                tuned_total: ledger.tuned_total()?,
                served: ledger.totals.served,
                lost: ledger.totals.lost,
                fixed: ledger.totals.fixed,
                ledger: Some(ledger),
            })
        }
        _ => without_dates(p, profile.total),
    }
}

/// Without a horizon: every request served at the start's prices, §2's
/// closed form.
fn without_dates(p: &Path, volume: Requests) -> Result<Evaluation, AnalysisError> {
    let fixed = FixedCosts {
        training: p.training_run,
        setup: p.terms.setup,
        ..FixedCosts::default()
    };
    let (base, tuned) = p.effective;
    let totals = crate::cost::closed_form::totals(volume, base, tuned, fixed.total()?)?;
    Ok(Evaluation {
        outcome: totals.outcome,
        base_total: totals.base_total,
        tuned_total: totals.tuned_total,
        served: volume,
        lost: 0,
        fixed,
        ledger: None,
    })
}

pub(super) fn usage(
    inputs: &Inputs,
    prompt_tokens: crate::cost::Tokens,
    output_tokens: crate::cost::Tokens,
    reasoning_tokens: crate::cost::Tokens,
) -> Usage {
    Usage {
        prompt_tokens,
        input_tokens: inputs.input_tokens,
        output_tokens,
        reasoning_tokens,
    }
}

/// The terms of one candidate, checked against what its sheet can price.
fn path<'a>(
    inputs: &'a Inputs,
    c: &'a Candidate,
    months: Option<&[crate::cost::Month]>,
    (warn, warnings): (bool, &mut Vec<String>),
) -> Result<Path<'a>, AnalysisError> {
    check_billing(inputs, c)?;
    let terms = candidate_terms(inputs, c)?;
    let model = &c.model;
    let no_price = |e: CostError| match e {
        CostError::NoTrainingPrice => AnalysisError::NoTrainingPrice {
            model: model.id.clone(),
        },
        e => AnalysisError::Cost(e),
    };
    let training_run = terms.training_run(inputs.start).map_err(no_price)?;
    let at_start = terms.request_costs(inputs.start)?;
    let effective = terms.failure.effective(at_start.0.cost, at_start.1.cost)?;
    if warn {
        both_request_warnings(inputs, c, &terms, &at_start, warnings);
    }
    let end = terms.end_of_service(inputs.start)?;
    if months.is_none() {
        without_horizon(inputs, c, &terms, end, warnings)?;
    }
    let plan = months
        .map(|m| terms.plan(m))
        .transpose()
        .map_err(no_price)?;
    let break_even_per_month = match &plan {
        Some(p) => p.break_even_per_month()?,
        None => None,
    };
    Ok(Path {
        candidate: c,
        terms,
        at_start,
        effective,
        training_run,
        end,
        plan,
        break_even_per_month,
    })
}

/// The cost model's terms of a candidate: both paths' prices over time, its
/// usage, its training and its lifecycle.
fn candidate_terms(inputs: &Inputs, c: &Candidate) -> Result<CandidateTerms, AnalysisError> {
    let capacity = match &c.serving {
        Serving::PerToken => None,
        Serving::Dedicated(d) => Some(terms::capacity(d, c.output_side())?),
    };
    Ok(CandidateTerms {
        base: terms::base_timeline(&inputs.base.model),
        tuned: terms::tuned_timeline(&c.model, c.method.as_deref(), capacity.is_some())?,
        base_usage: usage(
            inputs,
            inputs.base.prompt_tokens,
            inputs.base.output_tokens,
            inputs.base.reasoning_tokens,
        ),
        base_logged: inputs.logged.clone(),
        tuned_usage: usage(inputs, c.prompt_tokens, c.output_tokens, c.reasoning_tokens),
        billing: inputs.billing,
        training: c.training,
        setup: inputs.setup_cost,
        upkeep_per_month: inputs.maintenance_per_month,
        retrain_every: inputs.retrain_every,
        fine_tune_shutdown: c.model.fine_tune_shutdown(),
        training_cutoff: c.model.training_cutoff(),
        capacity,
        failure: failure(inputs, c)?,
    })
}

/// The expected failure cost of a request on each path, with quality inputs.
fn failure(inputs: &Inputs, c: &Candidate) -> Result<crate::cost::Failure, AnalysisError> {
    match (&inputs.quality, c.success) {
        (Some(q), Some(s)) => Ok(crate::cost::Failure::new(
            q.base_success,
            s,
            q.failure_cost,
        )?),
        _ => Ok(crate::cost::Failure::default()),
    }
}

/// Batch billing needs a batch discount on both paths (a dedicated
/// candidate bills no per-token price).
fn check_billing(inputs: &Inputs, c: &Candidate) -> Result<(), AnalysisError> {
    let tuned = matches!(c.serving, Serving::PerToken).then_some(&c.model);
    for m in std::iter::once(&inputs.base.model).chain(tuned) {
        if inputs.billing.batch && m.prices.batch_discount.is_none() {
            return Err(AnalysisError::NoBatchDiscount {
                model: m.id.clone(),
                sheet: m.sheet.origin.clone(),
            });
        }
    }
    Ok(())
}

/// A volume without months cannot count monthly fees, cannot split requests
/// at an end of service within a year, and bills the start's prices.
fn without_horizon(
    inputs: &Inputs,
    c: &Candidate,
    terms: &CandidateTerms,
    end: Option<EndOfService>,
    warnings: &mut Vec<String>,
) -> Result<(), AnalysisError> {
    let model = &c.model;
    let (start, tuned) = (inputs.start, terms.tuned.on(inputs.start));
    let currency = model.sheet.currency.clone();
    if let Some(fee) = tuned.hosting_per_hour {
        let id = model.id.clone();
        return Err(AnalysisError::HostingNeedsMonths {
            model: id,
            fee,
            currency,
        });
    }
    if let Some(fee) = tuned.storage_per_month {
        let id = model.id.clone();
        return Err(AnalysisError::StorageNeedsMonths {
            model: id,
            fee,
            currency,
        });
    }
    let year = crate::cost::calendar::a_year_after(start);
    match end {
        Some(e) if e.date < year => {
            let id = model.id.clone();
            return Err(AnalysisError::EndNeedsHorizon {
                model: id,
                end: e,
                start,
            });
        }
        Some(e) => warnings.push(format!(
            "{}: stops serving on {} ({}); the whole volume is taken to be served before then",
            model.id,
            e.date,
            e.reason.describe()
        )),
        None => {}
    }
    for m in [&inputs.base.model, model] {
        if let Some(ch) = m
            .changes()
            .iter()
            .find(|ch| ch.from > start && ch.from < year)
        {
            warnings.push(format!(
                "{}: its prices change on {}; without a horizon the prices at the start ({start}) \
                 bill the whole volume (give {} and {} to bill each month at its prices)",
                m.id,
                ch.from,
                inputs.names.name(Field::PerMonth),
                inputs.names.name(Field::Months)
            ));
        }
    }
    Ok(())
}

/// What deserves a warning about one request on each path.
fn both_request_warnings(
    inputs: &Inputs,
    c: &Candidate,
    terms: &CandidateTerms,
    at_start: &(RequestCost, RequestCost),
    warnings: &mut Vec<String>,
) {
    let base = &inputs.base.model;
    request_warnings(base, &terms.base_usage, &at_start.0, false, warnings);
    // A dedicated candidate bills no per-token price: its caching is moot.
    let mut tuned_cost = at_start.1;
    if !matches!(c.serving, crate::inputs::Serving::PerToken) {
        tuned_cost.caching = CacheOutcome::NotAsked;
    }
    request_warnings(&c.model, &terms.tuned_usage, &tuned_cost, true, warnings);
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

/// Prices are stale when the model's were last checked more than 180 days
/// before today.
fn stale_warnings(inputs: &Inputs, today: Date, warnings: &mut Vec<String>) {
    let models =
        std::iter::once(&inputs.base.model).chain(inputs.candidates.iter().map(|c| &c.model));
    for m in models.filter(|m| m.is_stale(today)) {
        warnings.push(format!(
            "prices in {} for {} are from {}, more than {STALE_AFTER_DAYS} days ago; check {}",
            m.sheet.origin,
            m.id,
            m.checked(),
            m.source()
        ));
    }
}

/// Runs the comparison at the inputs' volume and builds its report, once.
/// `today` decides which prices are stale.
pub fn analyse(inputs: &Inputs, today: Date) -> Result<Report, AnalysisError> {
    let evaluated = evaluate(inputs, today)?;
    let notes = notes::advisory_notes(&evaluated, today)?;
    let mut report = breakeven::build(&evaluated, notes)?;
    if inputs.quality.is_some() {
        for (i, c) in inputs.candidates.iter().enumerate() {
            let q = quality::thresholds(inputs, today, i)?;
            let row = report.candidates.iter_mut().find(|r| r.candidate == c.label);
            row.expect("every candidate has a row").quality = Some(q);
        }
    }
    if let Some((bars, corners)) = tornado::tornado(inputs, today)? {
        report.tornado = Some(bars);
        report.corners = Some(corners);
    }
    Ok(report)
}

#[cfg(test)]
pub(crate) mod fixture;

#[cfg(test)]
mod tests {
    use super::*;

    /// A run builds its report exactly once, even when a note evaluates the
    /// comparison again with an input changed.
    #[test]
    fn one_run_builds_its_report_once_while_notes_evaluate_again() {
        let (inputs, today) = fixture::resolved(&fixture::quick_start());
        let before = breakeven::BUILDS.with(|b| b.get());
        let report = analyse(&inputs, today).unwrap();
        assert_eq!(breakeven::BUILDS.with(|b| b.get()) - before, 1);
        // P_base = (3,200 × 2 + 300 × 8) / 1M = 0.0088, P_tuned = (700 × 0.8 +
        // 300 × 3.2) / 1M = 0.00152, T = 2M × 3 × 5 / 1M = 30: N* = 4,121.
        // Caching 3,000 tokens at 1.50 less saves 0.0045 × rate: at 0.1,
        // N* = 4,393 and at 0.2, 4,703 (less than a fifth away); at 0.3,
        // Δ = 0.00593 and N* = ⌊30 / 0.00593⌋ + 1 = 5,060: the note's case,
        // found by evaluating the comparison three more times.
        assert_eq!(report.candidates[0].break_even_requests, Some(4121));
        let caching = report.notes.iter().find(|n| n.code == "try-prompt-caching");
        let message = &caching.expect("a caching note").message;
        assert!(
            message
                .contains("at a hit rate of 0.3 or more moves the break-even from 4,121 to 5,060"),
            "{message}"
        );
        // The library names inputs by their scenario keys, never by flags.
        assert!(
            message.ends_with("rerun with `request.cache_hit_rate` and your measured rate"),
            "{message}"
        );
    }
}
