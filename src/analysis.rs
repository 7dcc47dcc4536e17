//! The break-even analysis: resolves the models of a comparison against the
//! price sheets, runs the cost model for every candidate and produces the
//! report behind `ftvp breakeven` (serialised as `ftvp.breakeven/1`).

use std::collections::BTreeSet;

use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::{Serialize, Serializer};

use crate::cost::{
    cost_per_request, training_cost, volume_cost, CostError, Economics, Rates, Requests, Tokens,
    Usage, Usd, Verdict,
};
use crate::inputs::{Inputs, Training};
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
    /// One training run.
    #[serde(with = "rust_decimal::serde::float")]
    pub training_cost: Usd,
    /// `T`: training plus setup.
    #[serde(with = "rust_decimal::serde::float")]
    pub fixed_cost: Usd,
    /// Fixed cost plus the whole volume on the tuned model.
    #[serde(with = "rust_decimal::serde::float")]
    pub total_cost: Usd,
    /// Smallest whole volume with `N × Δ > T`; null when it never breaks even.
    pub break_even_requests: Option<Requests>,
    /// `volume × Δ / T`; null when `Δ ≤ 0` or `T = 0`.
    pub volume_multiple: Option<f64>,
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
}

impl Report {
    /// The best candidate's row.
    pub fn best_candidate(&self) -> &CandidateReport {
        &self.candidates[0]
    }
}

/// Runs the comparison. `today` decides which sheets are stale.
pub fn analyse(inputs: &Inputs, catalog: &Catalog, today: Date) -> Result<Report, AnalysisError> {
    let base = catalog.resolve(&inputs.base_model)?;
    let mut tuned: Vec<&Model> = Vec::with_capacity(inputs.candidates.len());
    for c in &inputs.candidates {
        let model = catalog.resolve(&c.model)?;
        if tuned.iter().any(|m| m.id == model.id) {
            return Err(input(format!(
                "{} is given twice as --tuned; each candidate may appear once",
                model.id
            )));
        }
        tuned.push(model);
    }
    let mut warnings = Vec::new();
    let base_usage = usage(inputs, inputs.base_prompt);
    let base_per_request = cost_per_request(&base_rates(base), &base_usage)?;
    check_context(base, &base_usage, &mut warnings);
    let mut candidates = Vec::with_capacity(tuned.len());
    for (model, c) in tuned.iter().zip(&inputs.candidates) {
        check_currency(base, model)?;
        let u = usage(inputs, c.prompt_tokens);
        check_context(model, &u, &mut warnings);
        candidates.push(candidate(inputs, model, u, base_per_request)?);
    }
    candidates.sort_by_key(|c| c.total_cost); // stable: ties keep the order given
    stale_warnings(base, &tuned, today, &mut warnings);
    let best = &candidates[0];
    Ok(Report {
        schema: SCHEMA,
        currency: base.sheet.currency.clone(),
        volume: inputs.volume,
        thresholds: ThresholdsReport {
            depends_at: inputs.thresholds.depends_at(),
            fine_tune_at: inputs.thresholds.fine_tune_at(),
        },
        base: BaseReport {
            model: base.id.clone(),
            prompt_tokens: base_usage.prompt_tokens,
            input_tokens: base_usage.input_tokens,
            output_tokens: base_usage.output_tokens,
            cost_per_request: base_per_request,
            total_cost: volume_cost(inputs.volume, base_per_request)?,
        },
        best: best.model.clone(),
        verdict: best.verdict,
        candidates,
        warnings,
    })
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

fn base_rates(model: &Model) -> Rates {
    Rates {
        input: model.prices.input,
        output: model.prices.output,
    }
}

fn candidate(
    inputs: &Inputs,
    model: &Model,
    u: Usage,
    base_per_request: Usd,
) -> Result<CandidateReport, AnalysisError> {
    let Some(ft) = &model.prices.fine_tuning else {
        return Err(input(format!(
            "{} cannot be a --tuned candidate: its sheet ({}) has no fine_tuning prices",
            model.id, model.sheet.origin
        )));
    };
    if let Some(fee) = ft.hosting_fee() {
        return Err(input(format!(
            "{} carries a hosting fee of {fee} {}/hour for the fine-tuned deployment, \
             which a single volume cannot account for; compare models without a hosting fee",
            model.id, model.sheet.currency
        )));
    }
    let rates = Rates {
        input: ft.input,
        output: ft.output,
    };
    let per_request = cost_per_request(&rates, &u)?;
    let training = match inputs.training {
        Training::Cost(cost) => cost,
        Training::Tokens { tokens, epochs } => {
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
    let fixed = training
        .checked_add(inputs.setup_cost)
        .ok_or(CostError::Overflow("fixed cost"))?;
    let econ = Economics::new(base_per_request, per_request, fixed);
    let total = fixed
        .checked_add(volume_cost(inputs.volume, per_request)?)
        .ok_or(CostError::Overflow("total cost"))?;
    Ok(CandidateReport {
        model: model.id.clone(),
        prompt_tokens: u.prompt_tokens,
        input_tokens: u.input_tokens,
        output_tokens: u.output_tokens,
        cost_per_request: per_request,
        savings_per_request: econ.savings_per_request,
        training_cost: training,
        fixed_cost: fixed,
        total_cost: total,
        break_even_requests: econ.break_even_requests()?,
        volume_multiple: econ.volume_multiple(inputs.volume)?,
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
