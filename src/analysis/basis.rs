//! The basis of an answer (design §14, §20.14): for each path, the prices
//! and fees applied in each price period, the sheet they came from, its
//! `checked` date and the flags that qualify them. Copies of the cost
//! model's terms, no arithmetic.

use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::cost::ledger::TunedPrices;
use crate::cost::{PathPrices, PerMillion, Timeline, Tokens, Usd};
use crate::inputs::serving::{Dedicated, Serving, Throughput};
use crate::inputs::Inputs;
use crate::pricing::Model;

/// One price period of one path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Period {
    /// Its first day.
    pub from: Date,
    /// The first day of the next period (exclusive); null: to the end.
    pub to: Option<Date>,
    /// Per-token prices per 1M tokens; null where the path is billed by
    /// the GPU-hour.
    pub prices: Option<Prices>,
    /// Fixed and recurring fees.
    pub fees: Fees,
    /// The sheet: `embedded:openai.toml` or the file's path.
    pub origin: String,
    /// Its layer: embedded, user folder, `FTVP_PRICING`, `--pricing`.
    pub layer: String,
    /// The day the model's prices were last checked.
    pub checked: Date,
    /// `unverified`, `preview`, `beta`, `estimate`, `derived`.
    pub flags: Vec<&'static str>,
    /// Where a dedicated candidate's GPU-hour price came from; null for a
    /// path priced per token.
    pub gpu: Option<GpuOrigin>,
}

/// The origin of a dedicated candidate's GPU-hour price.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GpuOrigin {
    /// `PROVIDER/GPU`; null for an hourly price given directly.
    pub id: Option<String>,
    /// The sheet that lists the GPU (`embedded:fireworks.toml` or the
    /// file's path), or how the hourly price was given.
    pub origin: String,
    /// The sheet's layer, or `given`.
    pub layer: String,
    /// The day the GPU's price was last checked; null when given.
    pub checked: Option<Date>,
}

/// Per-token prices applied, per 1M tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Prices {
    /// Input tokens.
    #[serde(with = "crate::format::exact_money")]
    pub input: PerMillion,
    /// Cached reads, where the sheet has a price.
    #[serde(with = "crate::format::exact_money::option")]
    pub cached_input: Option<PerMillion>,
    /// Cache writes, where the sheet has a price.
    #[serde(with = "crate::format::exact_money::option")]
    pub cache_write: Option<PerMillion>,
    /// Output tokens.
    #[serde(with = "crate::format::exact_money")]
    pub output: PerMillion,
    /// The fraction off with the batch API; null without `--batch`.
    #[serde(with = "rust_decimal::serde::float_option")]
    pub batch_discount: Option<Decimal>,
    /// The prompt + input size above which the sheet's long-context prices
    /// apply, when they priced the request (the prices above are then that
    /// tier's); null when the standard tier applied.
    pub long_context_above: Option<Tokens>,
}

/// Fees of a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Fees {
    /// Per 1M training tokens.
    #[serde(with = "crate::format::exact_money::option")]
    pub training: Option<PerMillion>,
    /// Per-job minimum of a training run.
    #[serde(with = "crate::format::exact_money::option")]
    pub min_training_cost: Option<Usd>,
    /// Hosting per hour of the fine-tuned deployment.
    #[serde(with = "crate::format::exact_money::option")]
    pub hosting_per_hour: Option<Usd>,
    /// Storage per month.
    #[serde(with = "crate::format::exact_money::option")]
    pub storage_per_month: Option<Usd>,
    /// A dedicated candidate's price of one GPU-hour.
    #[serde(with = "crate::format::exact_money::option")]
    pub gpu_per_hour: Option<Usd>,
    /// GPUs one replica spans.
    pub gpus_per_replica: Option<u32>,
}

/// The prompting path's periods.
pub fn base(inputs: &Inputs, prices: &Timeline<PathPrices>, end: Option<Date>) -> Vec<Period> {
    let model = &inputs.base.model;
    let side = inputs.base.prompt_tokens.saturating_add(inputs.input_tokens);
    let estimated = (inputs.counted.base_prompt.iter()).any(|p| p.token_count_method.is_estimate());
    let periods = prices.periods(inputs.start, end);
    // Logged requests are priced each at its own tier: the basis shows the
    // tier of most of them, flagged `per-request`.
    let logged = inputs.logged.as_deref();
    let b = &inputs.base;
    let usage = crate::cost::Usage {
        prompt_tokens: b.prompt_tokens,
        input_tokens: inputs.input_tokens,
        output_tokens: b.output_tokens,
        reasoning_tokens: b.reasoning_tokens,
    };
    let long = |p: &PathPrices| match logged {
        Some(l) => l.cost(p, &usage, &inputs.billing).is_ok_and(|c| c.cost.long_context),
        None => p.long_context.is_some_and(|(above, _)| side > above),
    };
    periods
        .into_iter()
        .map(|(from, to, p)| Period {
            prices: Some(per_token(p, inputs.billing.batch, long(p))),
            fees: Fees::default(),
            ..period(inputs, model, from, to, logged.map(|_| "per-request").into_iter().collect())
        })
        .map(|p| with_estimates(p, estimated))
        .collect()
}

/// A candidate's periods.
pub fn candidate(
    inputs: &Inputs,
    c: &crate::inputs::Candidate,
    prices: &Timeline<TunedPrices>,
    end: Option<Date>,
) -> Vec<Period> {
    let side = c.prompt_tokens.saturating_add(inputs.input_tokens);
    let periods = prices.periods(inputs.start, end);
    periods
        .into_iter()
        .map(|(from, to, t)| match &c.serving {
            Serving::PerToken => Period {
                prices: Some(per_token(&t.path, inputs.billing.batch, t.path.long_context.is_some_and(|(above, _)| side > above))),
                fees: fees(t),
                ..period(inputs, &c.model, from, to, Vec::new())
            },
            Serving::Dedicated(d) => Period {
                prices: None,
                fees: dedicated_fees(t, d),
                gpu: Some(gpu_origin(inputs, d)),
                ..period(inputs, &c.model, from, to, dedicated_flags(d))
            },
        })
        .map(|p| with_estimates(p, estimated_counts(inputs, &c.model.id)))
        .collect()
}

/// Adds the `estimate` flag when a token count of the path is an estimate.
fn with_estimates(mut p: Period, estimated: bool) -> Period {
    if estimated && !p.flags.contains(&"estimate") {
        p.flags.push("estimate");
    }
    p
}

/// Whether a token count that prices `model`'s path (its prompt file, or
/// the training file counted for it) is an estimate.
fn estimated_counts(inputs: &Inputs, model: &str) -> bool {
    let counted = &inputs.counted;
    let prompts = counted.tuned_prompts.iter().filter(|p| p.model == model);
    let training = counted.training.iter().flat_map(|t| &t.candidates);
    prompts
        .map(|p| &p.token_count_method)
        .chain(training.filter(|r| r.model == model).map(|r| &r.token_count_method))
        .any(|m| m.is_estimate())
}

/// The GPU entry the hourly price came from, or the input that gave it.
fn gpu_origin(inputs: &Inputs, d: &Dedicated) -> GpuOrigin {
    match &d.listed {
        Some(g) => GpuOrigin {
            id: Some(g.id.clone()),
            origin: g.sheet.origin.clone(),
            layer: g.sheet.layer.label(inputs.names.0),
            checked: Some(g.checked()),
        },
        None => GpuOrigin {
            id: None,
            origin: inputs.names.0.name(crate::names::Field::GpuHourly),
            layer: "given".to_string(),
            checked: None,
        },
    }
}

/// The parts every period of `model` shares, with its sheet's flags.
fn period(
    inputs: &Inputs,
    model: &Model,
    from: Date,
    to: Option<Date>,
    mut flags: Vec<&'static str>,
) -> Period {
    if !model.verified() {
        flags.insert(0, "unverified");
    }
    flags.extend(model.availability().map(|a| a.as_str()));
    flags.extend(model.derived().map(|_| "derived"));
    Period {
        from,
        to,
        prices: None,
        fees: Fees::default(),
        origin: model.sheet.origin.clone(),
        layer: model.sheet.layer.label(inputs.names.0),
        checked: model.checked(),
        flags,
        gpu: None,
    }
}

/// The prices of a tier, as the cost model picks it (`request_cost`): the
/// long-context tier (`long`) above its size.
fn per_token(p: &PathPrices, batch: bool, long: bool) -> Prices {
    let (tier, above) = match p.long_context {
        Some((above, tier)) if long => (tier, Some(above)),
        _ => (p.standard, None),
    };
    Prices {
        input: tier.input,
        cached_input: tier.cached_input,
        cache_write: tier.cache_write,
        output: tier.output,
        batch_discount: p.batch_discount.filter(|_| batch),
        long_context_above: above,
    }
}

fn fees(t: &TunedPrices) -> Fees {
    Fees {
        training: t.training,
        min_training_cost: t.min_training_cost,
        hosting_per_hour: t.hosting_per_hour,
        storage_per_month: t.storage_per_month,
        ..Fees::default()
    }
}

/// A dedicated candidate pays for training and GPUs, not per token nor
/// hosting (design §10).
fn dedicated_fees(t: &TunedPrices, d: &Dedicated) -> Fees {
    Fees {
        training: t.training,
        min_training_cost: t.min_training_cost,
        gpu_per_hour: Some(d.per_hour),
        gpus_per_replica: Some(d.gpus_per_replica),
        ..Fees::default()
    }
}

/// A shipped reference throughput is an estimate.
fn dedicated_flags(d: &Dedicated) -> Vec<&'static str> {
    match d.throughput {
        Throughput::Reference(_) => vec!["estimate"],
        _ => Vec::new(),
    }
}
