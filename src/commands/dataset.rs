//! `ftvp dataset`: format checks, token statistics, epochs, billed tokens and
//! the training cost of a chat fine-tuning file.

use std::io::Write;
use std::path::Path;

use anyhow::{bail, Context, Result};
use comfy_table::{Cell, Table};
use rust_decimal::Decimal;
use serde::Serialize;

use super::{input, load_catalog, Env, Exit};
use crate::cli::{CountFormat, DatasetArgs};
use crate::cost::training_cost;
use crate::dataset::{self, default_epochs, ErrorType, FormatError, LineSample, Scan, Summary};
use crate::pricing::{Catalog, Model, Tokenizer};
use crate::report::format::{count, money, price};
use crate::report::json;
use crate::report::table::{align_right_from, new_table};
use crate::tokens::{self, Method, DEFAULT_ENCODING};

/// The JSON schema id of the report.
pub const SCHEMA: &str = "ftvp.dataset/1";
/// Errors the table lists before it only counts them.
const ERRORS_SHOWN: usize = 20;

/// `ftvp.dataset/1`.
#[derive(Debug, Serialize)]
pub struct DatasetDoc {
    schema: &'static str,
    file: String,
    encoding: &'static str,
    token_count_method: Method,
    /// Tokens counted from the JSON text of tool calls, tool definitions and
    /// non-text content parts: an estimate of what the provider bills for them.
    estimated_tool_tokens: u64,
    records: u64,
    examples: u64,
    format_error_count: u64,
    format_errors_by_type: serde_json::Map<String, serde_json::Value>,
    format_errors: Vec<FormatError>,
    warnings: Vec<String>,
    examples_without_system: LineSample,
    examples_without_user: LineSample,
    examples_over_limit: LineSample,
    max_example_tokens: u64,
    statistics: Statistics,
    epochs: Option<u32>,
    epochs_source: &'static str,
    billed_tokens_per_epoch: u64,
    billed_tokens: Option<u64>,
    training_costs: Vec<CostRow>,
}

#[derive(Debug, Serialize)]
struct Statistics {
    total_tokens: u64,
    assistant_tokens: u64,
    messages_per_example: Option<Summary>,
    tokens_per_example: Option<Summary>,
    assistant_tokens_per_example: Option<Summary>,
}

#[derive(Debug, Serialize)]
struct CostRow {
    model: String,
    currency: String,
    token_count_method: Method,
    billed_tokens: Option<u64>,
    #[serde(with = "rust_decimal::serde::float_option")]
    training_price: Option<Decimal>,
    /// Null where training is billed otherwise (per hour) or there are no epochs.
    #[serde(with = "rust_decimal::serde::float_option")]
    training_cost: Option<Decimal>,
}

pub fn run(args: &DatasetArgs, env: &Env, out: &mut dyn Write) -> Result<Exit> {
    let catalog = load_catalog(env, &args.common.pricing)?;
    let (primary, rows) = plan(args, &catalog)?;
    let mut encodings = vec![primary.encoding()];
    for (_, m) in &rows {
        if !encodings.contains(&m.encoding()) {
            encodings.push(m.encoding());
        }
    }
    let (name, scan) = scan_file(&args.file, &encodings, args.max_example_tokens)?;
    check_billed_fits(&scan, args.epochs)?;
    let doc = document(name, &scan, primary, &rows, args.epochs);
    for w in &doc.warnings {
        eprintln!("warning: {w}");
    }
    match args.common.format {
        CountFormat::Json => write!(out, "{}", json::document(&doc)?)?,
        CountFormat::Table => write!(out, "{}", table(&doc))?,
    }
    out.flush()?;
    Ok(if doc.format_error_count > 0 {
        Exit::ExpectationFailed
    } else {
        Exit::Success
    })
}

/// Reads and checks a whole file; a file that cannot be read or holds no
/// example is an error naming it.
pub fn scan_file(
    path: &Path,
    encodings: &[Tokenizer],
    max_example_tokens: u64,
) -> Result<(String, Scan)> {
    let file = input::open(path)?;
    let bar = input::progress_bar(file.size);
    let name = file.name.clone();
    let scan = dataset::scan(file.reader, encodings, max_example_tokens, |n| bar.inc(n))
        .with_context(|| format!("cannot read {name}"))?;
    bar.finish_and_clear();
    if scan.records == 0 {
        bail!("{name}: no examples (the file is empty or holds only blank lines)");
    }
    Ok((name, scan))
}

/// Given epochs × the tokens of an epoch must fit the counts' integers.
fn check_billed_fits(scan: &Scan, epochs: Option<u32>) -> Result<()> {
    let (Some(e), Some(most)) = (epochs, scan.totals.iter().map(|t| t.billed_per_epoch).max())
    else {
        return Ok(());
    };
    if most.checked_mul(u64::from(e)).is_none() {
        bail!("--epochs {e}: {e} × {most} billed tokens per epoch overflows");
    }
    Ok(())
}

/// The encoding of the statistics, and the models whose training is priced
/// with the method each is counted by.
fn plan<'a>(
    args: &DatasetArgs,
    catalog: &'a Catalog,
) -> Result<(Method, Vec<(&'a Model, Method)>)> {
    if let Some(query) = &args.model {
        let m = tokens::resolve_for_counting(catalog, query)?;
        if m.prices.fine_tuning.is_none() {
            bail!(
                "--model {}: its sheet ({}) has no fine_tuning prices, so its training cannot be priced; \
                 use --encoding to count only",
                m.id,
                m.sheet.origin
            );
        }
        let method = tokens::method_for(m);
        return Ok((method, vec![(m, method)]));
    }
    let forced = args.encoding;
    let primary = Method::Exact(forced.unwrap_or(DEFAULT_ENCODING));
    let rows = catalog
        .models()
        .filter(|m| m.prices.fine_tuning.is_some())
        .map(|m| {
            let method = match (forced, tokens::method_for(m)) {
                (Some(e), Method::Exact(own)) if own == e => Method::Exact(e),
                (Some(e), _) => Method::Estimate(e),
                (None, own) => own,
            };
            (m, method)
        })
        .collect();
    Ok((primary, rows))
}

fn document(
    file: String,
    scan: &Scan,
    primary: Method,
    rows: &[(&Model, Method)],
    epochs: Option<u32>,
) -> DatasetDoc {
    let totals = scan
        .totals_for(primary.encoding())
        .cloned()
        .unwrap_or_default();
    let (epochs, epochs_source) = match epochs {
        Some(e) => (Some(e), "given"),
        None => (default_epochs(scan.examples), "default rule"),
    };
    // check_billed_fits has ruled out overflow.
    let billed = |per_epoch: u64| epochs.map(|e| per_epoch.saturating_mul(u64::from(e)));
    let training_costs = rows
        .iter()
        .map(|(m, method)| {
            let per_epoch = scan
                .totals_for(method.encoding())
                .map_or(0, |t| t.billed_per_epoch);
            let ft = m.prices.fine_tuning.as_ref();
            let price = ft.and_then(|f| f.training);
            let cost = match (price, epochs) {
                (Some(p), Some(e)) => {
                    training_cost(per_epoch, e, p, ft.and_then(|f| f.min_training_cost)).ok()
                }
                _ => None,
            };
            CostRow {
                model: m.id.clone(),
                currency: m.sheet.currency.clone(),
                token_count_method: *method,
                billed_tokens: billed(per_epoch),
                training_price: price,
                training_cost: cost,
            }
        })
        .collect();
    let by_type = scan
        .errors_by_type()
        .into_iter()
        .map(|(t, n)| (t.as_str().to_string(), n.into()))
        .collect();
    DatasetDoc {
        schema: SCHEMA,
        file,
        encoding: primary.encoding().as_str(),
        token_count_method: primary,
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

fn table(d: &DatasetDoc) -> String {
    let mut out = format!(
        "{}: {} in {}, {}\n",
        d.file,
        plural(d.examples, "valid example"),
        plural(d.records, "non-blank line"),
        plural(d.format_error_count, "format error")
    );
    if d.format_error_count > 0 {
        out.push_str(&errors_section(d));
    }
    for w in &d.warnings {
        out.push_str(&format!("warning: {w}\n"));
    }
    out.push_str(&stats_table(d));
    out.push('\n');
    out.push_str(&epochs_line(d));
    if !d.training_costs.is_empty() {
        out.push_str(&costs_table(d));
        out.push('\n');
    }
    out.push_str(&footnotes(d));
    out
}

fn errors_section(d: &DatasetDoc) -> String {
    let mut out = String::from("\nFormat errors by type:\n");
    for kind in ErrorType::ALL.map(ErrorType::as_str) {
        if let Some(n) = d.format_errors_by_type.get(kind) {
            out.push_str(&format!("  {kind}: {n}\n"));
        }
    }
    let shown = d.format_errors.len().min(ERRORS_SHOWN);
    out.push_str(&format!(
        "First {shown} of {} format error(s):\n",
        d.format_error_count
    ));
    for e in d.format_errors.iter().take(ERRORS_SHOWN) {
        out.push_str(&format!(
            "  line {}: {}: {}\n",
            e.line,
            e.kind.as_str(),
            e.message
        ));
    }
    out.push('\n');
    out
}

fn header_table(header: Vec<&str>) -> Table {
    let mut t = new_table(false);
    t.set_header(header);
    t
}

fn stats_table(d: &DatasetDoc) -> String {
    let mut t = header_table(vec!["per example", "min", "median", "p90", "max", "total"]);
    let s = &d.statistics;
    let rows = [
        ("messages", s.messages_per_example, None),
        ("tokens", s.tokens_per_example, Some(s.total_tokens)),
        (
            "assistant tokens",
            s.assistant_tokens_per_example,
            Some(s.assistant_tokens),
        ),
    ];
    for (label, summary, total) in rows {
        let mut cells = vec![Cell::new(label)];
        match summary {
            Some(x) => cells.extend([
                Cell::new(count(x.min)),
                Cell::new(decimal_count(x.median)),
                Cell::new(decimal_count(x.p90)),
                Cell::new(count(x.max)),
            ]),
            None => cells.extend((0..4).map(|_| Cell::new("—"))),
        }
        cells.push(Cell::new(total.map_or(String::new(), count)));
        t.add_row(cells);
    }
    align_right_from(&mut t, 1);
    format!("{t}\n")
}

/// A median or percentile: whole numbers plainly, halves with one decimal.
fn decimal_count(v: f64) -> String {
    if v.fract() == 0.0 && (0.0..1e15).contains(&v) {
        count(v as u64)
    } else {
        format!("{v:.1}")
    }
}

fn epochs_line(d: &DatasetDoc) -> String {
    let Some(e) = d.epochs else {
        return "No valid example: no epochs and no billed tokens.\n".into();
    };
    let why = match d.epochs_source {
        "given" => "as given".to_string(),
        _ => format!("the default rule for {}", plural(d.examples, "example")),
    };
    format!(
        "Epochs: {e} ({why}). Billed training tokens: {} × {} = {} (each example counted up to {} tokens).\n",
        e,
        count(d.billed_tokens_per_epoch),
        count(d.billed_tokens.unwrap_or(0)),
        count(d.max_example_tokens)
    )
}

fn costs_table(d: &DatasetDoc) -> String {
    let mut t = header_table(vec![
        "model",
        "tokens counted with",
        "billed tokens",
        "training per 1M",
        "training cost",
    ]);
    for r in &d.training_costs {
        t.add_row(vec![
            Cell::new(&r.model),
            Cell::new(r.token_count_method.label()),
            Cell::new(r.billed_tokens.map_or("—".into(), count)),
            Cell::new(r.training_price.map_or("not per token".into(), price)),
            Cell::new(
                r.training_cost
                    .map_or("—".into(), |c| money(c, &r.currency)),
            ),
        ]);
    }
    align_right_from(&mut t, 2);
    format!("{t}\n")
}

fn footnotes(d: &DatasetDoc) -> String {
    let mut out = format!(
        "Tokens counted with {} as OpenAI's cookbook counts chat examples (3 per message, every string value, 1 per name, 3 to prime the reply).\n",
        d.token_count_method.label()
    );
    if d.training_costs
        .iter()
        .any(|r| r.token_count_method.is_estimate())
    {
        out.push_str("Rows marked `estimate` are models without a public tokenizer: their counts are an o200k_base (or the chosen encoding's) estimate.\n");
    }
    if d.estimated_tool_tokens > 0 {
        out.push_str(&format!(
            "{} of the tokens are tool calls, tool definitions or non-text parts, counted as their JSON text: an estimate.\n",
            count(d.estimated_tool_tokens)
        ));
    }
    out
}

/// `1 example`, `1,200 examples`.
fn plural(n: u64, noun: &str) -> String {
    let s = if n == 1 { "" } else { "s" };
    format!("{} {noun}{s}", count(n))
}
