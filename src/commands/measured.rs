//! `--usage` on `breakeven` and `sweep`: the measured values laid under the
//! flags and the scenario, and the notes that name each one and the price
//! of the base path request by request.

use std::sync::Arc;

use anyhow::{anyhow, bail, Result};

use super::names::flag;
use crate::analysis::measured::{fill, logged, per_request, shorter_than_prompt, Filled};
use crate::analysis::notes::Note;
use crate::analysis::Report;
use crate::cli::ComparisonArgs;
use crate::cost::logged::LoggedRequests;
use crate::format::{decimal_text, money};
use crate::inputs::{Given, Inputs};
use crate::usage::Measured;

/// What `--usage` measured and filled.
pub struct Applied {
    /// The measurement of the model.
    pub measured: Measured,
    /// The values filled.
    pub filled: Vec<Filled>,
    /// Warnings (a mixed batch share, requests shorter than the prompt).
    pub warnings: Vec<String>,
    /// The logged requests that price the base path request by request
    /// (§20.19), with per-request logs.
    pub logged: Option<Arc<LoggedRequests>>,
    /// The base prompt the logged input includes.
    pub prompt: u64,
}

/// Lays the measured values under the flags and the scenario: the
/// scenario returned has them where neither gives a value.
pub fn apply(
    args: &ComparisonArgs,
    flags: &Given,
    scenario: Option<Given>,
) -> Result<(Option<Given>, Option<Applied>)> {
    apply_measured(args, flags, scenario, None)
}

/// [`apply`], with the logs' measurement when it is already at hand (`known`):
/// logs are read once, and standard input can only be read once.
pub fn apply_measured(
    args: &ComparisonArgs,
    flags: &Given,
    scenario: Option<Given>,
    known: Option<&Measured>,
) -> Result<(Option<Given>, Option<Applied>)> {
    let from_scenario = scenario
        .as_ref()
        .map(|s| s.usage.clone())
        .unwrap_or_default();
    let files = match args.usage.is_empty() {
        true => &from_scenario.files,
        false => &args.usage,
    };
    if files.is_empty() {
        return Ok((scenario, None));
    }
    let measured = match known {
        Some(m) => m.clone(),
        None => read(files, args.usage_model.clone().or(from_scenario.model))?,
    };
    lay(measured, flags, scenario)
}

/// The measurement of the model chosen (the only one, without a choice).
fn read(files: &[std::path::PathBuf], model: Option<String>) -> Result<Measured> {
    let mut m = super::usage::measure(files, None)?;
    let model = match model {
        Some(model) => model,
        None => match m.models().as_slice() {
            [one] => one.to_string(),
            many => bail!(
                "--usage: the logs hold {} models; choose one with --usage-model",
                many.len()
            ),
        },
    };
    super::usage::keep_model(&mut m, &model, "--usage-model")?;
    m.measured(&model)
        .ok_or_else(|| anyhow!("--usage-model {model}: no requests"))
}

/// The measured values laid under the flags and the scenario.
fn lay(
    measured: Measured,
    flags: &Given,
    scenario: Option<Given>,
) -> Result<(Option<Given>, Option<Applied>)> {
    let mut layer = scenario.unwrap_or_default();
    let prompt = flags.base.prompt_tokens.or(layer.base.prompt_tokens).ok_or_else(|| {
        anyhow!("--usage needs --base-prompt: the engineered prompt is inside the logged input, which --input leaves out")
    })?;
    let (filled, mut warnings) =
        fill(&measured, prompt, flags, &mut layer).map_err(|e| anyhow!("--usage: {e}"))?;
    let logged = logged(&measured, prompt).map(Arc::new);
    if logged.is_some() {
        warnings.extend(shorter_than_prompt(&measured, prompt));
    }
    let months = flags.horizon.months.or(layer.horizon.months);
    if filled
        .iter()
        .any(|f| f.field == crate::inputs::Field::PerMonth)
        && months.is_none()
    {
        bail!("--usage fills --per-month from the logs; give the horizon with --months (never measured: it is your decision)");
    }
    Ok((
        Some(layer),
        Some(Applied {
            measured,
            filled,
            warnings,
            logged,
            prompt,
        }),
    ))
}

impl Applied {
    /// Its warnings, and the logged requests that price the base path.
    pub fn apply_to(&self, inputs: &mut Inputs) {
        inputs.warnings.extend(self.warnings.iter().cloned());
        inputs.logged = self.logged.clone();
    }

    /// A note per measured value, and the per-request price where the logs
    /// carry per-request lengths.
    pub fn notes(&self, inputs: &Inputs, report: &Report) -> Result<Vec<Note>> {
        let m = &self.measured;
        let months: Vec<String> = m.months.iter().map(|x| x.to_string()).collect();
        let from = format!(
            "{} ({}, {})",
            m.files.join(", "),
            m.model,
            months.join(", ")
        );
        let mut notes: Vec<Note> = (self.filled.iter())
            .map(|f| Note {
                code: "measured",
                message: format!(
                    "{} {} measured: {}; from {from}.",
                    flag(f.field),
                    f.value,
                    f.how
                ),
            })
            .collect();
        if let Some(priced) = per_request(inputs) {
            let p = priced.map_err(|e| anyhow!("pricing the logged requests: {e}"))?;
            let cur = &report.currency;
            let share = match p.per_request.is_zero() {
                true => String::new(),
                false => format!(
                    ", {:+.2}%",
                    (p.mean_error() / p.per_request * rust_decimal::Decimal::ONE_HUNDRED)
                        .round_dp(2)
                ),
            };
            notes.push(Note {
                code: "per-request",
                message: format!(
                    "the base path is priced request by request from the {} logged requests{}: {} a request (the figure above), {} of them at the long-context tier. Priced at the mean request it would cost {}, off by {}{share}.",
                    p.requests, self.moved(), exact(p.per_request, cur), p.long_context_requests, exact(p.at_mean, cur), signed(p.mean_error(), cur)
                ),
            });
        }
        Ok(notes)
    }
}

impl Applied {
    /// Which given values moved the logged requests off the logs' means.
    fn moved(&self) -> String {
        use crate::inputs::Field;
        let m = &self.measured;
        let measured = [
            (Field::Input, true),
            (Field::Output, true),
            (Field::BaseReasoning, m.reasoning_mean().is_some()),
            (Field::CacheHitRate, m.cache_hit_rate(self.prompt).is_some()),
        ];
        let given: Vec<&str> = (measured.iter())
            .filter(|(f, logged)| *logged && !self.filled.iter().any(|x| x.field == *f))
            .map(|(f, _)| flag(*f))
            .collect();
        match given.as_slice() {
            [] => String::new(),
            g => format!(", each moved to the {} you gave", g.join(" and ")),
        }
    }
}

/// An amount with its sign: `+$0.11` or `-$0.11`.
fn signed(amount: rust_decimal::Decimal, currency: &str) -> String {
    match amount.is_sign_negative() {
        true => exact(amount, currency),
        false => format!("+{}", exact(amount, currency)),
    }
}

/// An amount as people read it, with its exact value where rounding hid digits.
fn exact(amount: rust_decimal::Decimal, currency: &str) -> String {
    let shown = money(amount, currency);
    let text = decimal_text(amount.normalize());
    match shown
        .replace([',', '$', '-'], "")
        .contains(text.trim_start_matches('-'))
    {
        true => shown,
        false => format!("{shown} ({text} {currency})"),
    }
}
