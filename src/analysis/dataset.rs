//! The report of `ftvp dataset`: format checks, statistics, epochs and
//! billed tokens of a chat fine-tuning file, and the training cost of each
//! fine-tunable model (`ftvp.dataset/1`).

use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::cost::training_cost;
use crate::dataset::{default_epochs, FormatError, LineSample, Scan, Summary};
use crate::format::count;
use crate::pricing::{Catalog, Model, PricingError, Tokenizer};
use crate::tokens::{Counting, Method, Reason, TokenizerSource, DEFAULT_ENCODING};

/// The JSON schema id of the report.
pub const SCHEMA: &str = "ftvp.dataset/1";

/// `ftvp.dataset/1`.
#[derive(Debug, Serialize)]
pub struct DatasetReport {
    pub schema: &'static str,
    pub file: String,
    pub encoding: &'static str,
    #[serde(flatten)]
    pub token_count_method: Method,
    /// The chat template each example is rendered with before counting
    /// (`qwen3`, `llama3`); null for OpenAI's cookbook rule.
    pub chat_template: Option<&'static str>,
    /// Tokens counted from the JSON text of tool calls, tool definitions and
    /// non-text content parts: an estimate of what the provider bills for them.
    pub estimated_tool_tokens: u64,
    pub records: u64,
    pub examples: u64,
    pub format_error_count: u64,
    pub format_errors_by_type: serde_json::Map<String, serde_json::Value>,
    pub format_errors: Vec<FormatError>,
    pub warnings: Vec<String>,
    pub examples_without_system: LineSample,
    pub examples_without_user: LineSample,
    pub examples_over_limit: LineSample,
    pub max_example_tokens: u64,
    pub statistics: Statistics,
    pub epochs: Option<u32>,
    pub epochs_source: &'static str,
    pub billed_tokens_per_epoch: u64,
    pub billed_tokens: Option<u64>,
    pub training_costs: Vec<CostRow>,
}

/// Token statistics of the valid examples.
#[derive(Debug, Serialize)]
pub struct Statistics {
    pub total_tokens: u64,
    pub assistant_tokens: u64,
    pub messages_per_example: Option<Summary>,
    pub tokens_per_example: Option<Summary>,
    pub assistant_tokens_per_example: Option<Summary>,
}

/// The training cost of one model.
#[derive(Debug, Serialize)]
pub struct CostRow {
    pub model: String,
    pub currency: String,
    #[serde(flatten)]
    pub token_count_method: Method,
    /// As in the report: the chat template, or null for the cookbook rule.
    pub chat_template: Option<&'static str>,
    pub billed_tokens: Option<u64>,
    #[serde(with = "crate::format::exact_money::option")]
    pub training_price: Option<Decimal>,
    /// Null where training is billed otherwise (per hour), there are no
    /// epochs, or no new training job can start (`training_closed`).
    #[serde(with = "crate::format::exact_money::option")]
    pub training_cost: Option<Decimal>,
    /// The day from which no new fine-tuning job of the model can start
    /// (training retired, or the model shut down), when that is on or before
    /// today: its training is then not priced. Null otherwise.
    #[serde(serialize_with = "crate::pricing::opt_date")]
    pub training_closed: Option<Date>,
}

/// The counting of the statistics, and the models whose training is priced
/// with the counting of each.
pub type Plan<'a> = (Counting, Vec<(&'a Model, Counting)>);

/// Why the models of a dataset report could not be chosen.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    /// The model does not resolve.
    #[error("{0}")]
    Model(PricingError),
    /// The model cannot be fine-tuned, so its training cannot be priced.
    #[error("{model}: its sheet ({sheet}) has no fine_tuning prices, so its training cannot be priced; use an encoding to count only")]
    NotFineTunable {
        /// The model.
        model: String,
        /// Its sheet.
        sheet: String,
    },
    /// A tokenizer file cannot be used.
    #[error("{0}")]
    Tokenizer(String),
}

/// The encoding of the statistics, and the models whose training is priced
/// with the method each is counted by: the models named (each once, in the
/// order given; the statistics use the first one's counting), else every
/// fine-tunable model of the catalogue.
pub fn plan<'a>(
    catalog: &'a Catalog,
    models: &[String],
    encoding: Option<Tokenizer>,
    files: &TokenizerSource,
) -> Result<Plan<'a>, PlanError> {
    if !models.is_empty() {
        return named(catalog, models, files);
    }
    let primary = Counting::encoding(encoding.unwrap_or(DEFAULT_ENCODING));
    let mut rows = Vec::new();
    for m in catalog.models().filter(|m| m.prices.fine_tuning.is_some()) {
        let counting = match encoding {
            Some(e) => chosen(m, e),
            None => files.for_model(m, false).map_err(PlanError::Tokenizer)?,
        };
        rows.push((m, counting));
    }
    Ok((primary, rows))
}

/// The models named, each resolved and fine-tunable, in the order given.
fn named<'a>(
    catalog: &'a Catalog,
    models: &[String],
    files: &TokenizerSource,
) -> Result<Plan<'a>, PlanError> {
    let mut rows: Vec<(&Model, Counting)> = Vec::new();
    for query in models {
        let m = catalog.resolve(query).map_err(PlanError::Model)?;
        if m.prices.fine_tuning.is_none() {
            return Err(PlanError::NotFineTunable {
                model: m.id.clone(),
                sheet: m.sheet.origin.clone(),
            });
        }
        if rows.iter().all(|(seen, _)| seen.id != m.id) {
            let counting = files.for_model(m, true).map_err(PlanError::Tokenizer)?;
            rows.push((m, counting));
        }
    }
    Ok((rows[0].1.clone(), rows))
}

/// How a model is counted under a chosen encoding: exactly when its sheet
/// names that encoding, else as an estimate.
fn chosen(m: &Model, e: Tokenizer) -> Counting {
    if m.prices.tokenizer.as_ref().and_then(|t| t.encoding()) == Some(e) {
        return Counting::encoding(e);
    }
    Counting {
        method: Method::Estimate(
            e,
            Reason::Chosen {
                model: m.id.clone(),
            },
        ),
        ..Counting::encoding(e)
    }
}

/// Builds the report of a scanned file.
/// A model whose training closed on or before `today` is listed with the
/// day and no cost.
pub fn report(
    file: String,
    scan: &Scan,
    (primary, rows): (&Counting, &[(&Model, Counting)]),
    epochs: Option<u32>,
    today: Date,
) -> DatasetReport {
    let totals = scan.totals_for(primary).cloned().unwrap_or_default();
    let (epochs, epochs_source) = match epochs {
        Some(e) => (Some(e), "given"),
        None => (default_epochs(scan.examples), "default rule"),
    };
    // check_billed_fits has ruled out overflow.
    let billed = |per_epoch: u64| {
        epochs.map(|e| crate::cost::billed_training_tokens(per_epoch, e).unwrap_or(u64::MAX))
    };
    let training_costs = rows
        .iter()
        .map(|(m, counting)| {
            let per_epoch = scan.totals_for(counting).map_or(0, |t| t.billed_per_epoch);
            cost_row(m, counting, (billed(per_epoch), per_epoch), epochs, today)
        })
        .collect();
    let by_type = scan
        .errors_by_type()
        .into_iter()
        .map(|(t, n)| (t.as_str().to_string(), n.into()))
        .collect();
    DatasetReport {
        schema: SCHEMA,
        file,
        encoding: primary.counter.name(),
        token_count_method: primary.method.clone(),
        chat_template: primary.template.template_name(),
        estimated_tool_tokens: totals.tool_json_tokens,
        records: scan.records,
        examples: scan.examples,
        format_error_count: scan.error_count,
        format_errors_by_type: by_type,
        format_errors: scan.errors.clone(),
        warnings: warnings(scan, &totals.over_limit),
        examples_without_system: scan.without_system.clone(),
        examples_without_user: scan.without_user.clone(),
        examples_over_limit: totals.over_limit.clone(),
        max_example_tokens: scan.max_example_tokens,
        statistics: Statistics {
            total_tokens: totals.tokens,
            assistant_tokens: totals.assistant_tokens,
            messages_per_example: scan.messages_per_example.summary(),
            tokens_per_example: totals.per_example.summary(),
            assistant_tokens_per_example: totals.assistant_per_example.summary(),
        },
        epochs,
        epochs_source,
        billed_tokens_per_epoch: totals.billed_per_epoch,
        billed_tokens: billed(totals.billed_per_epoch),
        training_costs,
    }
}

/// One model's row: its billed tokens and, while a new training job can
/// still start, the cost of training.
fn cost_row(
    m: &Model,
    counting: &Counting,
    (billed, per_epoch): (Option<u64>, u64),
    epochs: Option<u32>,
    today: Date,
) -> CostRow {
    let ft = m.prices.fine_tuning.as_ref();
    let price = ft.and_then(|f| f.training);
    let closed = m.training_cutoff().filter(|&d| d <= today);
    let cost = match (price, epochs, closed) {
        (Some(p), Some(e), None) => {
            training_cost(per_epoch, e, p, ft.and_then(|f| f.min_training_cost)).ok()
        }
        _ => None,
    };
    CostRow {
        model: m.id.clone(),
        currency: m.sheet.currency.clone(),
        token_count_method: counting.method.clone(),
        chat_template: counting.template.template_name(),
        billed_tokens: billed,
        training_price: price,
        training_cost: cost,
        training_closed: closed,
    }
}

fn warnings(scan: &Scan, over: &LineSample) -> Vec<String> {
    let mut w = Vec::new();
    let lines = |s: &LineSample| {
        let shown: Vec<String> = s.first_lines.iter().map(u64::to_string).collect();
        let more = if s.count > s.first_lines.len() as u64 {
            ", …"
        } else {
            ""
        };
        format!("{}{more}", shown.join(", "))
    };
    if scan.without_system.count > 0 {
        w.push(format!(
            "{} example(s) have no system (or developer) message: line {}",
            count(scan.without_system.count),
            lines(&scan.without_system)
        ));
    }
    if scan.without_user.count > 0 {
        w.push(format!(
            "{} example(s) have no user message: line {}",
            count(scan.without_user.count),
            lines(&scan.without_user)
        ));
    }
    if over.count > 0 {
        w.push(format!(
            "{} example(s) are over {} tokens and will be truncated: line {}",
            count(over.count),
            count(scan.max_example_tokens),
            lines(over)
        ));
    }
    w
}
