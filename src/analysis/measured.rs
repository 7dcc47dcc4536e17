//! Measured usage as inputs of a comparison (design §17, §20.15–§20.17,
//! §20.19): the values `--usage` fills where no flag or scenario key gives
//! them, each with where it came from; the scenario `usage --scenario-out`
//! writes; and the base path priced request by request from per-request
//! logs beside the price of the mean request.

use rust_decimal::Decimal;

use crate::cost::logged::{Group, LoggedRequests, Measured as Logged};
use crate::cost::{request_cost, CostError, Usd};
use crate::inputs::{Field, Given, Inputs};
use crate::usage::{Fraction, Measured};

/// One value filled from the logs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filled {
    /// The input.
    pub field: Field,
    /// The value, as written.
    pub value: String,
    /// How it follows from the logs.
    pub how: String,
}

/// Why the logs cannot fill the inputs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FillError {
    /// The mean input is shorter than the base prompt.
    #[error("the logged input per request ({mean}) is shorter than the base prompt ({prompt}): the logged input includes the prompt")]
    PromptLongerThanInput {
        /// The rounded mean.
        mean: u128,
        /// The prompt given.
        prompt: u64,
    },
}

fn whole(f: Fraction) -> u64 {
    u64::try_from(f.round()).unwrap_or(u64::MAX)
}

/// Fills `layer` (the scenario's values, or none) from `m` where neither it
/// nor `flags` gives a value; `prompt` is the base prompt, `months_given`
/// whether a horizon is given (a volume per month needs one). Returns what
/// was filled and the warnings (a mixed batch share).
pub fn fill(
    m: &Measured,
    prompt: u64,
    flags: &Given,
    layer: &mut Given,
) -> Result<(Vec<Filled>, Vec<String>), FillError> {
    let mut filled = Vec::new();
    let (f, l) = (flags, &mut *layer);
    let volume_given = f.volume.is_some() || f.horizon.per_month.is_some() || l.volume.is_some() || l.horizon.per_month.is_some();
    if !volume_given {
        l.horizon.per_month = Some(m.volume.requests);
        filled.push(Filled { field: Field::PerMonth, value: m.volume.requests.to_string(), how: volume_how(m) });
        if let Some(g) = m.growth_percent.filter(|_| f.horizon.growth_percent.is_none() && l.horizon.growth_percent.is_none()) {
            let g = Decimal::from_f64_retain(g).unwrap_or_default().round_dp(2);
            l.horizon.growth_percent = Some(g);
            filled.push(Filled { field: Field::Growth, value: format!("{g}"), how: "least squares of ln(requests) over complete months".into() });
        }
    }
    let mean = m.input_mean();
    if f.request.input_tokens.is_none() && l.request.input_tokens.is_none() {
        let input = mean.round().checked_sub(u128::from(prompt)).ok_or(FillError::PromptLongerThanInput { mean: mean.round(), prompt })?;
        let input = u64::try_from(input).unwrap_or(u64::MAX);
        l.request.input_tokens = Some(input);
        let how = format!("mean input {} − base prompt {prompt}", shown(mean));
        filled.push(Filled { field: Field::Input, value: input.to_string(), how });
    }
    if f.request.output_tokens.is_none() && l.request.output_tokens.is_none() {
        let out = whole(m.output_mean());
        l.request.output_tokens = Some(out);
        filled.push(Filled { field: Field::Output, value: out.to_string(), how: format!("mean output {}", shown(m.output_mean())) });
    }
    if let Some(r) = m.reasoning_mean().filter(|_| f.base.reasoning_tokens.is_none() && l.base.reasoning_tokens.is_none()) {
        l.base.reasoning_tokens = Some(whole(r));
        filled.push(Filled { field: Field::BaseReasoning, value: whole(r).to_string(), how: format!("mean reasoning {}", shown(r)) });
    }
    if let Some(rate) = m.cache_hit_rate(prompt).filter(|_| f.request.cache_hit_rate.is_none() && l.request.cache_hit_rate.is_none()) {
        let d = rate_text(rate);
        l.request.cache_hit_rate = Some(d);
        let how = format!("min(1, {} cached tokens / ({} requests × {prompt}))", m.total.cached.unwrap_or(0), m.total.requests);
        filled.push(Filled { field: Field::CacheHitRate, value: d.to_string(), how });
    }
    Ok((filled, batch_warning(m).into_iter().collect()))
}

/// The cache hit rate as filled: to 6 places.
fn rate_text(rate: Fraction) -> Decimal {
    rate.to_decimal().unwrap_or_default().round_dp(6).normalize()
}

/// A fraction for a sentence: its value to two places.
fn shown(f: Fraction) -> String {
    format!("{:.2}", f.to_f64())
}

/// How the volume per month follows from the logs.
pub fn volume_how(m: &Measured) -> String {
    let v = m.volume;
    match v.scaled_from {
        Some((logged, days)) => format!(
            "{} requests logged in {} over {days} of its {} days, scaled to the month ({logged} × {} / {days})",
            logged, v.month, v.month.days(), v.month.days()
        ),
        None => format!("the requests of {}, the last complete month", v.month),
    }
}

/// A batch share strictly between 0 and 1 is a warning: `--batch` is all or nothing.
fn batch_warning(m: &Measured) -> Option<String> {
    let share = m.batch_share()?;
    (share.num > 0 && share.num < share.den).then(|| {
        format!(
            "the logs send {:.2}% of {}'s requests in batch; the batch setting is yours to give (all or none)",
            share.to_f64() * 100.0,
            m.model
        )
    })
}

/// The base path's cost per request priced request by request from
/// per-request logs (the main answer's), and priced at the mean request
/// (the note's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PerRequest {
    /// The mean of each logged request's cost.
    pub per_request: Usd,
    /// The cost of the mean request.
    pub at_mean: Usd,
    /// Requests the long-context tier prices.
    pub long_context_requests: u64,
    /// Requests in all.
    pub requests: u64,
}

impl PerRequest {
    /// How far pricing the mean request is off: mean less per-request.
    pub fn mean_error(&self) -> Usd {
        self.at_mean - self.per_request
    }
}

/// The logged requests that price the base path request by request
/// (§20.19), with per-request logs. They are measured at the logs' means:
/// an input, output, reasoning or cache hit rate given in their place (or
/// varied) moves every logged request (`cost::logged`).
pub fn logged(m: &Measured, prompt: u64) -> Option<LoggedRequests> {
    let groups = m.per_request()?.into_iter().map(|(length, mix)| Group {
        length,
        requests: mix.requests,
        input: mix.input.into(),
        cached: mix.cached.into(),
        output: mix.output.into(),
        reasoning: mix.reasoning.into(),
    });
    let measured = Logged {
        prompt,
        input: u64::try_from(m.input_mean().round().saturating_sub(u128::from(prompt))).unwrap_or(u64::MAX),
        output: Some(whole(m.output_mean())),
        reasoning: m.reasoning_mean().map(whole),
        cache_hit_rate: m.cache_hit_rate(prompt).map(rate_text),
    };
    LoggedRequests::new(groups.collect(), measured)
}

/// Logged requests shorter than the base prompt `prompt` (each is priced
/// as the prompt alone), when there are any.
pub fn shorter_than_prompt(m: &Measured, prompt: u64) -> Option<String> {
    let short: u64 = m.per_request()?.iter().filter(|(l, _)| *l < prompt).map(|(_, x)| x.requests).sum();
    (short > 0).then(|| {
        format!(
            "{short} of {} logged requests of {} are shorter than the base prompt ({prompt} tokens); each is priced as the prompt alone",
            m.total.requests, m.model
        )
    })
}

/// The base path priced from the logged requests and at the mean request,
/// at the start's prices; `None` without logged requests.
pub fn per_request(inputs: &Inputs) -> Option<Result<PerRequest, CostError>> {
    let logged = inputs.logged.as_deref()?;
    let prices = super::terms::base_timeline(&inputs.base.model);
    let prices = prices.on(inputs.start);
    let b = &inputs.base;
    let usage = super::usage(inputs, b.prompt_tokens, b.output_tokens, b.reasoning_tokens);
    Some((|| {
        let l = logged.cost(prices, &usage, &inputs.billing)?;
        let mean = request_cost(prices, &usage, &inputs.billing)?;
        Ok(PerRequest {
            per_request: l.cost.cost,
            at_mean: mean.cost,
            long_context_requests: l.long_context_requests,
            requests: l.requests,
        })
    })())
}

/// The scenario `usage --scenario-out` writes: the measured base path and
/// traffic, with comments naming the files and months, and the inputs the
/// user must still give.
pub fn scenario_text(m: &Measured) -> String {
    let months: Vec<String> = m.months.iter().map(|x| x.to_string()).collect();
    let mut out = format!(
        "# Measured by `ftvp usage` from {} (model `{}`; months {}).\n\
         # Add the base model and prompt, the candidates with their tuned prompt,\n\
         # the training and the setup cost. input_tokens below is the whole\n\
         # logged input: subtract the base prompt_tokens once you give it.\n\n",
        m.files.join(", "),
        m.model,
        months.join(", ")
    );
    out.push_str("[base]\n# model = \"PROVIDER/MODEL\"\n# prompt_tokens = 0\n");
    if let Some(r) = m.reasoning_mean() {
        out.push_str(&format!("reasoning_tokens = {}  # mean {}\n", whole(r), shown(r)));
    }
    out.push_str(&format!(
        "\n[request]\ninput_tokens = {}  # mean {}\noutput_tokens = {}  # mean {}\n",
        whole(m.input_mean()), shown(m.input_mean()), whole(m.output_mean()), shown(m.output_mean())
    ));
    if let Some(b) = m.batch_share() {
        out.push_str(&format!("# batch share in the logs: {:.2}%\n", b.to_f64() * 100.0));
    }
    out.push_str(&format!("\n[horizon]\n# {}\nper_month = {}\n", volume_how(m), m.volume.requests));
    if let Some(g) = m.growth_percent {
        out.push_str(&format!("growth_percent = {g:.2}\n"));
    }
    out.push_str("# months = 12\n\n# [[tuned]]\n# model = \"PROVIDER/MODEL\"\n# prompt_tokens = 0\n\n[training]\n# cost = 0\n# setup_cost = 0\n");
    out
}
