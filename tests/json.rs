//! Every command's JSON, read into typed structs: a field renamed, removed or
//! added without being documented here fails to deserialise
//! (`deny_unknown_fields`), and the values are asserted through the types.

mod common;

use std::collections::BTreeMap;

use common::{fixture, json_of, quick_start_with};
use serde::de::DeserializeOwned;
use serde::Deserialize;

/// Money is exact in ftvp and a float in JSON: equal to 12 significant digits.
fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12 * b.abs().max(1.0)
}

fn typed<T: DeserializeOwned>(command: &str, args: &[&str]) -> T {
    serde_json::from_value(json_of(command, args)).unwrap_or_else(|e| panic!("{command}: {e}"))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Breakeven {
    schema: String,
    currency: String,
    volume: u64,
    thresholds: Thresholds,
    horizon: Option<Horizon>,
    cache_hit_rate: f64,
    batch: bool,
    base: Base,
    candidates: Vec<Candidate>,
    best: String,
    verdict: String,
    warnings: Vec<String>,
    notes: Vec<Note>,
    counted_from_files: Option<serde_json::Value>,
    start: String,
    #[serde(default)]
    sensitivity: Option<Vec<Flip>>,
    #[serde(default)]
    tornado: Option<Vec<Bar>>,
    #[serde(default)]
    corners: Option<Corners>,
    #[serde(default)]
    simulation: Option<Simulation>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Thresholds {
    depends_at: f64,
    fine_tune_at: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Horizon {
    months: u32,
    per_month: Option<u64>,
    growth_percent: Option<f64>,
    monthly_volumes: Vec<u64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Base {
    model: String,
    prompt_tokens: u64,
    input_tokens: u64,
    output_tokens: u64,
    reasoning_tokens: u64,
    cost_per_request: f64,
    total_cost: f64,
    cached_prompt_share: Option<f64>,
    long_context: bool,
    basis: Vec<Period>,
    #[serde(default)]
    effective_cost_per_request: Option<f64>,
    #[serde(default)]
    success: Option<f64>,
}

/// One price period of a path's basis (design §14, §20.14).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Period {
    from: String,
    to: Option<String>,
    prices: Option<PeriodPrices>,
    fees: Fees,
    origin: String,
    layer: String,
    checked: String,
    flags: Vec<String>,
    gpu: Option<GpuOrigin>,
}

/// Where a dedicated candidate's GPU-hour price came from.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GpuOrigin {
    id: Option<String>,
    origin: String,
    layer: String,
    checked: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PeriodPrices {
    input: f64,
    cached_input: Option<f64>,
    cache_write: Option<f64>,
    output: f64,
    batch_discount: Option<f64>,
    long_context_above: Option<u64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Fees {
    training: Option<f64>,
    min_training_cost: Option<f64>,
    hosting_per_hour: Option<f64>,
    storage_per_month: Option<f64>,
    gpu_per_hour: Option<f64>,
    gpus_per_replica: Option<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Candidate {
    model: String,
    prompt_tokens: u64,
    input_tokens: u64,
    output_tokens: u64,
    reasoning_tokens: u64,
    cost_per_request: f64,
    #[serde(default)]
    effective_cost_per_request: Option<f64>,
    #[serde(default)]
    success: Option<f64>,
    #[serde(default)]
    break_even_success: Option<f64>,
    #[serde(default)]
    success_for_depends: Option<f64>,
    #[serde(default)]
    success_for_fine_tune: Option<f64>,
    savings_per_request: f64,
    training_cost: f64,
    hosting_cost: f64,
    retrain_runs: u32,
    retraining_cost: f64,
    maintenance_cost: f64,
    recurring_cost: f64,
    fixed_cost: f64,
    total_cost: f64,
    net_saving: f64,
    basis: Vec<Period>,
    break_even_requests: Option<u64>,
    volume_multiple: Option<f64>,
    volume_for_depends: Option<u64>,
    volume_for_fine_tune: Option<u64>,
    payback_month: Option<u32>,
    cached_prompt_share: Option<f64>,
    verdict: String,
    storage_cost: f64,
    end_of_service: Option<String>,
    end_of_service_reason: Option<String>,
    served_volume: u64,
    lost_volume: u64,
    savings: f64,
    ledger: Option<Vec<LedgerRow>>,
    candidate: String,
    serve: String,
    gpu: Option<String>,
    throughput: Option<serde_json::Value>,
    replicas: Option<Vec<u32>>,
    capacity_cost: f64,
    break_even_per_month: Option<u64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LedgerRow {
    month: u32,
    from: String,
    requests: u64,
    served: u64,
    lost: u64,
    base_cost: f64,
    tuned_cost: f64,
    fixed_cost: f64,
    cumulative_saving: f64,
    cumulative_fixed_cost: f64,
    replicas: Option<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Note {
    code: String,
    message: String,
}

#[test]
fn breakeven_json_reads_into_its_documented_types() {
    // The quick start on the acme sheet over 12 months of 100k requests
    // growing 10%, each month rounded half away from zero: 100,000, 110,000,
    // 121,000, 133,100, 146,410, 161,051, 177,156, 194,872, 214,359, 235,795,
    // 259,374 and 285,312, which sum to 2,138,429.
    let args = quick_start_with(&[
        "--per-month",
        "100k",
        "--months",
        "12",
        "--growth",
        "10",
        "--examples",
        "50",
    ]);
    let b: Breakeven = typed("breakeven", &args);
    assert_eq!(b.schema, "ftvp.breakeven/1");
    assert_eq!(b.currency, "USD");
    assert_eq!(
        (b.thresholds.depends_at, b.thresholds.fine_tune_at),
        (3.0, 10.0)
    );
    let h = b.horizon.unwrap();
    assert_eq!(
        (h.months, h.per_month, h.growth_percent),
        (12, Some(100_000), Some(10.0))
    );
    assert_eq!(h.monthly_volumes.iter().sum::<u64>(), b.volume);
    assert_eq!(b.volume, 2_138_429);
    assert_eq!((b.cache_hit_rate, b.batch), (0.0, false));
    assert_eq!(b.base.model, "acme/big");
    assert_eq!(
        (
            b.base.prompt_tokens,
            b.base.input_tokens,
            b.base.output_tokens,
            b.base.reasoning_tokens
        ),
        (3000, 200, 300, 0)
    );
    assert_eq!(b.base.cost_per_request, 0.0088);
    assert!(close(b.base.total_cost, 18818.1752)); // 2,138,429 × 0.0088
    assert_eq!(
        (b.base.cached_prompt_share, b.base.long_context),
        (None, false)
    );
    let c = &b.candidates[0];
    assert_eq!((c.model.as_str(), c.prompt_tokens), ("acme/small", 500));
    assert_eq!(
        (c.input_tokens, c.output_tokens, c.reasoning_tokens),
        (200, 300, 0)
    );
    assert_eq!(
        (c.cost_per_request, c.savings_per_request),
        (0.00152, 0.00728)
    );
    assert_eq!((c.training_cost, c.fixed_cost), (30.0, 30.0));
    assert_eq!(
        (c.hosting_cost, c.retraining_cost, c.maintenance_cost),
        (0.0, 0.0, 0.0)
    );
    assert_eq!((c.retrain_runs, c.recurring_cost), (0, 0.0));
    assert!(close(c.total_cost, 3280.41208)); // 30 + 2,138,429 × 0.00152
    assert!(close(c.net_saving, 15537.76312)); // 18,818.1752 − 3,280.41208
                                               // The basis: one period, acme/small's fine-tuning prices from its sheet.
    let [period] = &c.basis[..] else {
        panic!("{:?}", c.basis)
    };
    let prices = period.prices.as_ref().unwrap();
    assert_eq!((prices.input, prices.output), (0.8, 3.2));
    let none = (
        prices.cached_input,
        prices.cache_write,
        prices.batch_discount,
    );
    assert_eq!(none, (None, None, None));
    let f = &period.fees;
    assert_eq!(f.training, Some(5.0));
    let fees = (f.min_training_cost, f.hosting_per_hour, f.storage_per_month);
    assert_eq!(
        (fees, f.gpu_per_hour, f.gpus_per_replica),
        ((None, None, None), None, None)
    );
    assert!(period.origin.ends_with("acme.toml") && period.layer == "--pricing");
    // Over the horizon: from the start to the day after its last month.
    assert_eq!(period.checked, "2026-11-01");
    assert!(period.from == b.start && period.to.is_some(), "{period:?}");
    assert!(period.flags.is_empty());
    assert!(period.gpu.is_none(), "per token: no GPU");
    assert_eq!(prices.long_context_above, None);
    assert_eq!(b.base.basis.len(), 1);
    assert_eq!(c.break_even_requests, Some(4121));
    assert_eq!(
        (c.volume_for_depends, c.volume_for_fine_tune),
        (Some(12_363), Some(41_209))
    );
    assert!(close(c.volume_multiple.unwrap(), 518.925_437_333_333_3)); // × 0.00728 / 30
                                                                       // 100,000 × 0.00728 = $728 saved in month 1 against $30.
    assert_eq!(c.payback_month, Some(1));
    assert_eq!(
        (c.cached_prompt_share, c.verdict.as_str()),
        (None, "fine-tune")
    );
    assert_eq!(
        (b.best.as_str(), b.verdict.as_str()),
        ("acme/small", "fine-tune")
    );
    assert!(b.warnings.is_empty());
    assert_eq!(b.notes.len(), 1);
    assert_eq!(b.notes[0].code, "too-few-examples");
    assert!(b.notes[0]
        .message
        .starts_with("50 training examples are few"));
    assert!(b.counted_from_files.is_none());
    assert_eq!(b.start, "2026-11-23"); // FTVP_TODAY in the tests
    assert_eq!((c.storage_cost, c.end_of_service.as_deref()), (0.0, None));
    assert_eq!(c.end_of_service_reason, None);
    assert_eq!((c.served_volume, c.lost_volume), (2_138_429, 0));
    assert!(close(c.savings, 15_567.763_12)); // 2,138,429 × 0.00728
    let ledger = c.ledger.as_ref().unwrap();
    assert_eq!(ledger.len(), 12);
    let m12 = &ledger[11];
    assert_eq!((m12.month, m12.from.as_str()), (12, "2027-10-23"));
    assert_eq!((m12.requests, m12.served, m12.lost), (285_312, 285_312, 0));
    assert!(close(m12.base_cost, 2510.7456)); // 285,312 × 0.0088
    assert!(close(m12.tuned_cost, 433.674_24)); // 285,312 × 0.00152
    assert_eq!(m12.fixed_cost, 0.0);
    assert!(close(m12.cumulative_saving, c.savings));
    assert_eq!(m12.cumulative_fixed_cost, 30.0);
    assert_eq!(m12.replicas, None);
    // Served per token: no serving fields.
    assert_eq!(
        (c.candidate.as_str(), c.serve.as_str()),
        ("acme/small", "per-token")
    );
    assert_eq!(
        (c.gpu.as_ref(), c.throughput.as_ref(), c.replicas.as_ref()),
        (None, None, None)
    );
    assert_eq!((c.capacity_cost, c.break_even_per_month), (0.0, None));
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SweepDoc {
    schema: String,
    currency: String,
    axis: String,
    base: String,
    candidates: Vec<String>,
    best: String,
    volume: Option<u64>,
    lines: Vec<Line>,
    rows: Vec<Row>,
    warnings: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Line {
    model: String,
    cost_per_request: f64,
    fixed_cost: f64,
    break_even_requests: Option<u64>,
    break_even_total: Option<f64>,
    volume_for_depends: Option<u64>,
    volume_for_fine_tune: Option<u64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Row {
    volume: u64,
    base_total: f64,
    totals: BTreeMap<String, f64>,
    verdicts: BTreeMap<String, String>,
    best: String,
    volume_multiple: Option<f64>,
    verdict: String,
    marker: Option<String>,
}

#[test]
fn sweep_json_reads_into_its_documented_types() {
    let args = quick_start_with(&["--from", "1k", "--to", "100k", "--points", "3"]);
    let s: SweepDoc = typed("sweep", &args);
    assert_eq!(
        (s.schema.as_str(), s.currency.as_str()),
        ("ftvp.sweep/1", "USD")
    );
    assert_eq!((s.axis.as_str(), s.base.as_str()), ("total", "acme/big"));
    assert_eq!(
        (s.candidates, s.best.as_str(), s.volume),
        (vec!["acme/small".to_string()], "acme/small", None)
    );
    assert_eq!(s.lines[0].model, "acme/big");
    let l = &s.lines[1];
    assert_eq!((l.cost_per_request, l.fixed_cost), (0.00152, 30.0));
    // At 4,121 requests the tuned path costs 30 + 4,121 × 0.00152.
    assert!(close(l.break_even_total.unwrap(), 36.26392)); // 30 + 4,121 × 0.00152
    assert_eq!(
        (
            l.break_even_requests,
            l.volume_for_depends,
            l.volume_for_fine_tune
        ),
        (Some(4121), Some(12_363), Some(41_209))
    );
    let volumes: Vec<u64> = s.rows.iter().map(|r| r.volume).collect();
    assert_eq!(volumes, [1_000, 4_121, 10_000, 12_363, 41_209, 100_000]);
    let markers: Vec<Option<&str>> = s.rows.iter().map(|r| r.marker.as_deref()).collect();
    assert_eq!(
        markers,
        [
            None,
            Some("break-even"),
            None,
            Some("depends"),
            Some("fine-tune"),
            None
        ]
    );
    for r in &s.rows {
        assert!(close(r.base_total, r.volume as f64 * 0.0088));
        assert!(close(
            r.totals["acme/small"],
            30.0 + r.volume as f64 * 0.00152
        ));
        assert_eq!(
            (r.best.as_str(), &r.verdicts["acme/small"]),
            ("acme/small", &r.verdict)
        );
        assert!(r.volume_multiple.is_some());
    }
    assert!(s.warnings.is_empty());
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Prices {
    schema: String,
    start: String,
    hidden: usize,
    models: Vec<PriceRow>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PriceRow {
    id: String,
    provider: String,
    model: String,
    currency: String,
    input: f64,
    output: f64,
    cached_input: Option<f64>,
    cache_write: Option<f64>,
    min_cacheable_tokens: Option<u64>,
    batch_discount: Option<f64>,
    context_window: Option<u64>,
    tokenizer: Option<String>,
    fine_tuning: Option<serde_json::Value>,
    long_context: Option<serde_json::Value>,
    as_of: String,
    source: String,
    sheet: String,
    checked: String,
    status: String,
    released: Option<String>,
    shutdown: Option<String>,
    fine_tune_shutdown: Option<String>,
    training_closes: Option<String>,
    lifecycle_source: Option<String>,
    changes: Vec<serde_json::Value>,
    batch_cached_input: Option<f64>,
    off_peak: Option<serde_json::Value>,
    routed_to: Option<String>,
    routed_from: Option<String>,
    flags: Vec<String>,
    derived: Option<String>,
}

#[test]
fn prices_json_reads_into_its_documented_types() {
    let p: Prices = typed("prices", &["--provider", "acme"]);
    assert_eq!(p.schema, "ftvp.prices/1");
    assert_eq!((p.start.as_str(), p.hidden), ("2026-11-23", 0));
    let big = p.models.iter().find(|m| m.id == "acme/big").unwrap();
    assert_eq!(
        (
            big.provider.as_str(),
            big.model.as_str(),
            big.currency.as_str()
        ),
        ("acme", "big", "USD")
    );
    assert_eq!(
        (big.input, big.output, big.context_window),
        (2.0, 8.0, Some(4000))
    );
    assert_eq!(
        (big.cached_input, big.cache_write, big.batch_discount),
        (None, None, None)
    );
    assert_eq!(
        (big.min_cacheable_tokens, big.tokenizer.as_deref()),
        (None, None)
    );
    assert_eq!(
        (big.fine_tuning.as_ref(), big.long_context.as_ref()),
        (None, None)
    );
    assert_eq!(big.as_of, "2026-11-01");
    assert_eq!(big.source, "https://example.com/acme/pricing");
    assert!(big.sheet.ends_with("acme.toml"), "{}", big.sheet);
    assert_eq!(
        (big.checked.as_str(), big.status.as_str()),
        ("2026-11-01", "active")
    );
    assert_eq!((big.released.as_ref(), big.shutdown.as_ref()), (None, None));
    assert_eq!(
        (
            big.batch_cached_input,
            big.off_peak.as_ref(),
            big.derived.as_ref()
        ),
        (None, None, None)
    );
    assert_eq!(
        (big.routed_to.as_ref(), big.routed_from.as_ref()),
        (None, None)
    );
    assert!(big.flags.is_empty(), "{:?}", big.flags);
    assert_eq!(
        (
            big.fine_tune_shutdown.as_ref(),
            big.training_closes.as_ref()
        ),
        (None, None)
    );
    assert_eq!(
        (big.lifecycle_source.as_ref(), big.changes.len()),
        (None, 0)
    );
    let small = p.models.iter().find(|m| m.id == "acme/small").unwrap();
    assert_eq!(small.fine_tuning.as_ref().unwrap()["training"], 5.0);
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Tokens {
    schema: String,
    model: Option<String>,
    encoding: String,
    token_count_method: String,
    token_count_exact: bool,
    tokenizer_sha256: Option<String>,
    estimate_reason: Option<String>,
    context_window: Option<u64>,
    files: Vec<FileCount>,
    total: FileCount,
    warnings: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileCount {
    file: String,
    tokens: u64,
    chars: u64,
    bytes: u64,
    context_share: Option<f64>,
}

#[test]
fn tokens_json_reads_into_its_documented_types() {
    let file = fixture("files/tuned-prompt.txt").display().to_string();
    let t: Tokens = typed("tokens", &[&file, &file]);
    assert_eq!(t.schema, "ftvp.tokens/1");
    assert_eq!((t.model, t.context_window), (None, None));
    assert_eq!(
        (t.encoding.as_str(), t.token_count_method.as_str()),
        ("o200k_base", "o200k_base")
    );
    assert!(t.token_count_exact);
    assert_eq!((t.tokenizer_sha256, t.estimate_reason), (None, None));
    assert_eq!(t.files.len(), 2);
    assert_eq!(t.files[0].file, file);
    assert_eq!(t.total.tokens, 2 * t.files[0].tokens);
    assert_eq!(
        (t.total.chars, t.total.bytes),
        (2 * t.files[0].chars, 2 * t.files[0].bytes)
    );
    assert_eq!(
        (t.total.file.as_str(), t.total.context_share),
        ("total", None)
    );
    assert!(t.warnings.is_empty());
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Dataset {
    schema: String,
    file: String,
    encoding: String,
    token_count_method: String,
    token_count_exact: bool,
    tokenizer_sha256: Option<String>,
    estimate_reason: Option<String>,
    chat_template: Option<String>,
    estimated_tool_tokens: u64,
    records: u64,
    examples: u64,
    format_error_count: u64,
    format_errors_by_type: BTreeMap<String, u64>,
    format_errors: Vec<FormatError>,
    warnings: Vec<String>,
    examples_without_system: LineSample,
    examples_without_user: LineSample,
    examples_over_limit: LineSample,
    max_example_tokens: u64,
    statistics: Statistics,
    epochs: Option<u32>,
    epochs_source: String,
    billed_tokens_per_epoch: u64,
    billed_tokens: Option<u64>,
    training_costs: Vec<CostRow>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FormatError {
    line: u64,
    #[serde(rename = "type")]
    kind: String,
    message: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LineSample {
    count: u64,
    first_lines: Vec<u64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Statistics {
    total_tokens: u64,
    assistant_tokens: u64,
    messages_per_example: Option<Summary>,
    tokens_per_example: Option<Summary>,
    assistant_tokens_per_example: Option<Summary>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Summary {
    min: u64,
    median: f64,
    p90: f64,
    max: u64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CostRow {
    model: String,
    currency: String,
    token_count_method: String,
    token_count_exact: bool,
    tokenizer_sha256: Option<String>,
    estimate_reason: Option<String>,
    chat_template: Option<String>,
    billed_tokens: Option<u64>,
    training_price: Option<f64>,
    training_cost: Option<f64>,
    training_closed: Option<String>,
}

#[test]
fn dataset_json_reads_into_its_documented_types() {
    let file = fixture("dataset/errors.jsonl").display().to_string();
    let out = common::ftvp()
        .args(["dataset", &file, "--pricing"])
        .arg(fixture("pricing"))
        .args(["--model", "acme/small", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "format errors exit 1");
    let d: Dataset = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (d.schema.as_str(), d.file.as_str()),
        ("ftvp.dataset/1", file.as_str())
    );
    assert_eq!(
        (d.encoding.as_str(), d.token_count_method.as_str()),
        ("o200k_base", "estimate (o200k_base)")
    );
    assert!(!d.token_count_exact);
    assert_eq!(
        (d.tokenizer_sha256.as_deref(), d.chat_template),
        (None, None)
    );
    assert_eq!(
        d.estimate_reason.as_deref(),
        Some("acme/small's sheet names no tokenizer")
    );
    assert_eq!(d.format_error_count, d.format_errors.len() as u64);
    assert_eq!(
        d.format_errors_by_type.values().sum::<u64>(),
        d.format_error_count
    );
    assert_eq!(
        d.records,
        d.examples
            + d.format_errors
                .iter()
                .map(|e| e.line)
                .collect::<std::collections::BTreeSet<_>>()
                .len() as u64
    );
    assert!(d
        .format_errors
        .iter()
        .all(|e| !e.kind.is_empty() && !e.message.is_empty()));
    assert_eq!(d.max_example_tokens, 65_536);
    assert_eq!(
        d.billed_tokens,
        d.epochs.map(|e| u64::from(e) * d.billed_tokens_per_epoch)
    );
    assert_eq!(d.statistics.total_tokens, d.billed_tokens_per_epoch);
    let cost = &d.training_costs[0];
    assert_eq!(
        (cost.model.as_str(), cost.currency.as_str()),
        ("acme/small", "USD")
    );
    assert_eq!(
        (cost.billed_tokens, cost.training_price),
        (d.billed_tokens, Some(5.0))
    );
    assert_eq!(cost.token_count_method, "estimate (o200k_base)");
    assert!(!cost.token_count_exact);
    assert_eq!(cost.estimate_reason, d.estimate_reason);
    assert_eq!(
        (&cost.tokenizer_sha256, &cost.chat_template),
        (&None, &None)
    );
    // Billed tokens × $5 per 1M.
    let billed = d.billed_tokens.unwrap() as f64;
    assert!((cost.training_cost.unwrap() - billed * 5.0 / 1e6).abs() < 1e-12);
    assert_eq!(cost.training_closed, None, "acme/small still trains");
    let _ = (
        d.estimated_tool_tokens,
        d.warnings,
        d.epochs_source,
        d.statistics.assistant_tokens,
    );
    let _ = (
        d.examples_without_system.count,
        d.examples_without_user.first_lines,
        d.examples_over_limit.count,
    );
    for s in [
        d.statistics.messages_per_example,
        d.statistics.tokens_per_example,
        d.statistics.assistant_tokens_per_example,
    ] {
        let s = s.unwrap();
        assert!(s.min as f64 <= s.median && s.median <= s.p90 && s.p90 <= s.max as f64);
    }
}

/// A dedicated candidate's basis names its GPU entry: id, sheet, layer and
/// the GPU's own `checked` date (tests/fixtures/dedicated: as_of 2026-11-20).
#[test]
fn a_dedicated_basis_reads_into_its_documented_types() {
    let args = common::dedicated_worked(&[
        "--replica-rps",
        "12",
        "--per-month",
        "3M",
        "--months",
        "6",
        "--format",
        "json",
    ]);
    let out = common::ftvp().args(&args).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let b: Breakeven = serde_json::from_slice(&out.stdout).unwrap();
    let period = &b.candidates[0].basis[0];
    let gpu = period.gpu.as_ref().expect("a dedicated path names its GPU");
    assert_eq!(gpu.id.as_deref(), Some("worked/h100-80gb"));
    assert!(gpu.origin.ends_with("worked.toml"), "{gpu:?}");
    assert_eq!(gpu.layer, "--pricing");
    assert_eq!(gpu.checked.as_deref(), Some("2026-11-20"));
    assert!(period.prices.is_none());
    assert!(b.base.basis[0].gpu.is_none());
}

/// `sensitivity` (design §20.14): one row per estimated input.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Flip {
    input: String,
    candidate: Option<String>,
    current: f64,
    below: Option<f64>,
    below_verdict: Option<String>,
    below_best: Option<String>,
    above: Option<f64>,
    above_verdict: Option<String>,
    above_best: Option<String>,
    margin_percent: Option<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Bar {
    input: String,
    candidate: Option<String>,
    low: f64,
    high: f64,
    net_saving_low: f64,
    net_saving_high: f64,
    verdict_low: String,
    verdict_high: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Corners {
    favours_prompt: Corner,
    favours_fine_tune: Corner,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Corner {
    inputs: Vec<CornerInput>,
    net_saving: f64,
    verdict: String,
    best: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CornerInput {
    input: String,
    candidate: Option<String>,
    value: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Simulation {
    draws: u32,
    seed: u64,
    share_prompt: f64,
    share_depends: f64,
    share_fine_tune: f64,
    share_net_saving_positive: f64,
    net_saving_p10: f64,
    net_saving_p50: f64,
    net_saving_p90: f64,
}

/// What would change the answer, typed: quality, flip values, ranges and a
/// simulation in one document (design §15, §16, §20.14).
#[test]
fn what_would_change_the_answer_reads_into_its_documented_types() {
    let args = quick_start_with(&[
        "--volume",
        "10k..20k..40k",
        "--base-success",
        "0.95",
        "--tuned-success",
        "0.99",
        "--failure-cost",
        "0.01",
        "--sensitivity",
        "--simulate",
        "100",
    ]);
    let b: Breakeven = typed("breakeven", &args);
    let c = &b.candidates[0];
    // P′_base = 0.0088 + 0.05 × 0.01 = 0.0093; P′_tuned = 0.00152 + 0.0001.
    assert_eq!(b.base.effective_cost_per_request, Some(0.0093));
    assert_eq!(c.effective_cost_per_request, Some(0.00162));
    assert_eq!((b.base.success, c.success), (Some(0.95), Some(0.99)));
    assert!(c.break_even_success.is_some() && c.success_for_depends.is_some());
    let _ = c.success_for_fine_tune;
    let flips = b.sensitivity.unwrap();
    assert!(flips
        .iter()
        .any(|f| f.input == "tuned_success" && f.current == 0.99));
    assert!(flips
        .iter()
        .all(|f| f.candidate.is_none() && f.below_best.is_none() == f.below.is_none()));
    let _ = flips.iter().map(|f| {
        (
            &f.below_verdict,
            f.above,
            &f.above_verdict,
            &f.above_best,
            f.margin_percent,
        )
    });
    let bar = &b.tornado.unwrap()[0];
    assert_eq!(
        (bar.input.as_str(), bar.low, bar.high),
        ("volume", 10_000.0, 40_000.0)
    );
    let _ = (
        &bar.candidate,
        bar.net_saving_low,
        bar.net_saving_high,
        &bar.verdict_low,
        &bar.verdict_high,
    );
    let corners = b.corners.unwrap();
    for k in [&corners.favours_prompt, &corners.favours_fine_tune] {
        assert_eq!(k.inputs.len(), 1);
        let _ = (
            &k.inputs[0].input,
            &k.inputs[0].candidate,
            k.inputs[0].value,
            k.net_saving,
            &k.verdict,
            &k.best,
        );
    }
    let s = b.simulation.unwrap();
    assert_eq!((s.draws, s.seed), (100, 0));
    assert!((s.share_prompt + s.share_depends + s.share_fine_tune - 1.0).abs() < 1e-12);
    assert!(s.net_saving_p10 <= s.net_saving_p50 && s.net_saving_p50 <= s.net_saving_p90);
    let _ = s.share_net_saving_positive;
}
