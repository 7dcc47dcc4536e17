//! Every renderer in every format, snapshotted on hand-built reports: the
//! numbers are the README's quick start worked by hand (P_base = $0.0088,
//! P_tuned = $0.00152, Δ = $0.00728, T = $30, N* = 4,121), so a change in a
//! renderer shows as a reviewable diff of its output.

use std::str::FromStr;

use jiff::civil::date;
use rust_decimal::Decimal;

use super::{renderer, Format};
use crate::analysis::dataset::{CostRow, DatasetReport, Statistics};
use crate::analysis::notes::Note;
use crate::analysis::prices::{
    gpu_list, price_list, CheckReport, CheckRow, ImportReport, ImportedFile, Skipped,
};
use crate::analysis::sweep::{Axis, Cell, Line, Marker, Row, Sweep};
use crate::analysis::tokens::{FileCount, TokensReport};
use crate::analysis::{BaseReport, CandidateReport, HorizonReport, Report, ThresholdsReport};
use crate::analysis::basis::{Fees, Period, Prices};
use crate::cost::{LedgerRow, Verdict};
use crate::dataset::{ErrorType, FormatError, LineSample, Summary};
use crate::pricing::{Catalog, Tokenizer};
use crate::tokens::{Method, Reason, TextCount};

/// The command line's naming, which the snapshots show.
fn flags() -> crate::names::Naming {
    crate::commands::naming()
}

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

/// One period from the start, on the test sheet (`acme.toml`, added by a
/// caller, as of 2026-11-01), at `input`/`output` per 1M and `fees`.
fn basis(input: &str, cached: Option<&str>, output: &str, fees: Fees) -> Vec<Period> {
    vec![Period {
        from: date(2026, 11, 27),
        to: None,
        prices: Some(Prices {
            input: d(input),
            cached_input: cached.map(d),
            cache_write: None,
            output: d(output),
            batch_discount: None,
            long_context_above: None,
        }),
        fees,
        origin: "acme.toml".into(),
        layer: "given".into(),
        checked: date(2026, 11, 1),
        flags: vec![],
        gpu: None,
    }]
}

/// acme/small's fine-tuning prices: 0.80 / 3.20, training 5.00.
fn small_basis() -> Vec<Period> {
    let fees = Fees {
        training: Some(d("5")),
        ..Fees::default()
    };
    basis("0.8", None, "3.2", fees)
}

fn candidate(model: &str, volume: u64) -> CandidateReport {
    // 5M × 0.00728 / 30 = 1,213.33…; 3 × 30 / 0.00728 → 12,363; 10× → 41,209.
    CandidateReport {
        model: model.into(),
        prompt_tokens: 500,
        input_tokens: 200,
        output_tokens: 300,
        reasoning_tokens: 0,
        cost_per_request: d("0.00152"),
        effective_cost_per_request: None,
        success: None,
        quality: None,
        savings_per_request: d("0.00728"),
        training_cost: d("30"),
        hosting_cost: d("0"),
        retrain_runs: 0,
        retraining_cost: d("0"),
        maintenance_cost: d("0"),
        recurring_cost: d("0"),
        upfront_cost: d("30"),
        fixed_cost: d("30"),
        total_cost: d("30") + Decimal::from(volume) * d("0.00152"),
        // volume × 0.0088 − (30 + volume × 0.00152) = volume × 0.00728 − 30.
        net_saving: Decimal::from(volume) * d("0.00728") - d("30"),
        break_even_requests: Some(4121),
        volume_multiple: Some(Decimal::from(volume) * d("0.00728") / d("30")),
        volume_for_depends: Some(12_363),
        volume_for_fine_tune: Some(41_209),
        payback_month: None,
        cached_prompt_share: None,
        verdict: Verdict::FineTune,
        storage_cost: d("0"),
        end_of_service: None,
        end_of_service_reason: None,
        served_volume: volume,
        lost_volume: 0,
        savings: Decimal::from(volume) * d("0.00728"),
        ledger: None,
        basis: small_basis(),
        candidate: model.into(),
        serve: "per-token",
        gpu: None,
        throughput: None,
        replicas: None,
        capacity_cost: d("0"),
        break_even_per_month: None,
    }
}

fn breakeven() -> Report {
    let mut never = candidate("acme/pricey", 5_000_000);
    never.cost_per_request = d("0.0095");
    never.savings_per_request = d("-0.0007");
    never.total_cost = d("47530");
    // 5M × 0.0088 = 44,000 on the prompting path, 3,530 less than 47,530.
    never.net_saving = d("-3530");
    // (700 × 5.00 + 300 × 20.00) / 1M = 0.0095 a request.
    never.basis = basis("5", None, "20", small_basis()[0].fees);
    never.break_even_requests = None;
    never.volume_multiple = None;
    never.volume_for_depends = None;
    never.volume_for_fine_tune = None;
    never.verdict = Verdict::Prompt;
    Report {
        schema: crate::analysis::breakeven::SCHEMA,
        currency: "USD".into(),
        volume: 5_000_000,
        thresholds: ThresholdsReport {
            depends_at: d("3"),
            fine_tune_at: d("10"),
        },
        horizon: None,
        cache_hit_rate: Decimal::ZERO,
        batch: false,
        base: BaseReport {
            model: "acme/big".into(),
            prompt_tokens: 3000,
            input_tokens: 200,
            output_tokens: 300,
            reasoning_tokens: 0,
            cost_per_request: d("0.0088"),
            effective_cost_per_request: None,
            success: None,
            total_cost: d("44000"),
            cached_prompt_share: None,
            long_context: false,
            basis: basis("2", Some("0.5"), "8", Fees::default()),
        },
        candidates: vec![candidate("acme/small", 5_000_000), never],
        best: "acme/small".into(),
        verdict: Verdict::FineTune,
        warnings: vec![],
        notes: vec![Note {
            code: "try-prompt-caching",
            message: "the engineered prompt of 3,000 tokens can be cached on acme/big".into(),
        }],
        counted_from_files: None,
        start: date(2026, 11, 27),
        explain: None,
        sensitivity: None,
        search: None,
        tornado: None,
        corners: None,
        simulation: None,
    }
}

fn with_horizon() -> Report {
    // 6 months of 100,000 requests with $100 a month of upkeep: T = 30 + 600.
    let mut r = breakeven();
    r.volume = 600_000;
    r.base.total_cost = d("5280"); // 600,000 × 0.0088
    r.candidates.truncate(1);
    r.horizon = Some(HorizonReport {
        months: 6,
        per_month: Some(100_000),
        growth_percent: Some(Decimal::ZERO),
        monthly_volumes: vec![100_000; 6],
    });
    let c = &mut r.candidates[0];
    c.maintenance_cost = d("600");
    c.recurring_cost = d("600");
    c.fixed_cost = d("630");
    c.total_cost = d("1542"); // 630 + 600,000 × 0.00152
    c.net_saving = d("3738"); // 5,280 − 1,542
    c.volume_multiple = Some(d("6.9333333333333333333333333333"));
    c.payback_month = Some(1);
    c.verdict = Verdict::Depends;
    c.served_volume = 600_000;
    c.savings = d("4368"); // 600,000 × 0.00728
                           // Each month: 100,000 × 0.0088 = 880 against 100,000 × 0.00152 = 152,
                           // saving 728; fixed costs 30 + 100 in month 1, then 100.
    c.ledger = Some(
        (1..=6u32)
            .map(|m| LedgerRow {
                month: m,
                from: crate::cost::calendar::month_start(date(2026, 11, 27), m).unwrap(),
                requests: 100_000,
                served: 100_000,
                lost: 0,
                base_cost: d("880"),
                tuned_cost: d("152"),
                fixed_cost: if m == 1 { d("130") } else { d("100") },
                cumulative_saving: Decimal::from(m) * d("728"),
                cumulative_fixed_cost: d("30") + Decimal::from(m) * d("100"),
                replicas: None,
            })
            .collect(),
    );
    r.verdict = Verdict::Depends;
    r.notes.clear();
    r
}

fn sweep() -> Sweep {
    let row = |volume: u64, marker: Option<Marker>| {
        let v = Decimal::from(volume);
        let total = d("30") + v * d("0.00152");
        let multiple = v * d("0.00728") / d("30");
        let verdict = if multiple >= d("10") {
            Verdict::FineTune
        } else if multiple >= d("3") {
            Verdict::Depends
        } else {
            Verdict::Prompt
        };
        Row {
            volume,
            base_total: v * d("0.0088"),
            cells: vec![Cell { total, verdict }],
            best: 0,
            volume_multiple: Some(multiple.round_dp(6)),
            verdict,
            marker,
        }
    };
    Sweep {
        schema: crate::analysis::sweep::SCHEMA,
        currency: "USD".into(),
        axis: Axis::Total,
        months: None,
        base: "acme/big".into(),
        candidates: vec!["acme/small".into()],
        best: "acme/small".into(),
        volume: Some(5_000_000),
        lines: vec![
            Line {
                model: "acme/big".into(),
                cost_per_request: d("0.0088"),
                fixed_cost: Decimal::ZERO,
                break_even_requests: None,
                break_even_total: None,
                volume_for_depends: None,
                volume_for_fine_tune: None,
            },
            Line {
                model: "acme/small".into(),
                cost_per_request: d("0.00152"),
                fixed_cost: d("30"),
                break_even_requests: Some(4121),
                break_even_total: Some(d("36.26392")),
                volume_for_depends: Some(12_363),
                volume_for_fine_tune: Some(41_209),
            },
        ],
        rows: vec![
            row(1000, None),
            row(4121, Some(Marker::BreakEven)),
            row(10_000, None),
            row(12_363, Some(Marker::Depends)),
            row(41_209, Some(Marker::FineTune)),
            row(100_000, None),
        ],
        warnings: vec![],
        sensitivity: None,
    }
}

use crate::analysis::fixture::SHEET;

fn check() -> CheckReport {
    let row = |model: &str, kind, date: &str, message: &str| CheckRow {
        model: model.into(),
        kind,
        date: date.into(),
        message: message.into(),
    };
    CheckReport {
        schema: "ftvp.check/1",
        today: "2026-11-27".into(),
        within_days: 90,
        stale_after_days: 180,
        findings: vec![
            row(
                "acme/old",
                "stale",
                "2026-01-01",
                "prices last checked 2026-01-01 (330 days ago, more than 180)",
            ),
            row(
                "acme/small",
                "training-cutoff",
                "2027-01-06",
                "no new fine-tuning jobs from 2027-01-06",
            ),
        ],
    }
}

fn import() -> ImportReport {
    ImportReport {
        schema: "ftvp.import/1",
        folder: "/home/me/.config/ftvp/pricing".into(),
        sheets: vec![ImportedFile {
            file: "/home/me/.config/ftvp/pricing/litellm-acme.toml".into(),
            models: 2,
        }],
        added: vec!["acme/new".into()],
        changed: vec!["acme/small".into()],
        changes: vec![crate::analysis::prices::FieldChange {
            model: "acme/small".into(),
            field: "output",
            old: Some("1.6".into()),
            new: Some("1.8".into()),
        }],
        dry_run: false,
        unchanged: 0,
        skipped: vec![Skipped {
            reason: "regional variant",
            count: 3,
        }],
        fine_tuned: 1,
        skipped_providers: vec![],
    }
}

fn tokens() -> TokensReport {
    let count = |tokens, chars, bytes| TextCount {
        tokens,
        chars,
        bytes,
    };
    let file = |name: &str, c: TextCount| FileCount {
        file: name.into(),
        count: c,
        context_share: Some(c.tokens as f64 / 1_047_576.0),
    };
    TokensReport {
        schema: crate::analysis::tokens::SCHEMA,
        model: Some("openai/gpt-4.1".into()),
        encoding: "o200k_base",
        token_count_method: Method::Exact(Tokenizer::O200kBase),
        context_window: Some(1_047_576),
        files: vec![
            file("prompt.txt", count(57, 235, 235)),
            file("short.txt", count(6, 24, 24)),
        ],
        total: file("total", count(63, 259, 259)),
        warnings: vec![],
    }
}

fn dataset() -> DatasetReport {
    let summary = |min, median, p90, max| Summary {
        min,
        median,
        p90,
        max,
    };
    DatasetReport {
        schema: crate::analysis::dataset::SCHEMA,
        file: "train.jsonl".into(),
        encoding: "o200k_base",
        token_count_method: Method::Exact(Tokenizer::O200kBase),
        chat_template: None,
        estimated_tool_tokens: 0,
        records: 4,
        examples: 3,
        format_error_count: 1,
        format_errors_by_type: serde_json::Map::from_iter([("invalid_json".into(), 1.into())]),
        format_errors: vec![FormatError {
            line: 2,
            kind: ErrorType::InvalidJson,
            message: "expected value at line 1 column 1".into(),
        }],
        warnings: vec!["1 example(s) have no system (or developer) message: line 4".into()],
        examples_without_system: LineSample {
            count: 1,
            first_lines: vec![4],
        },
        examples_without_user: LineSample::default(),
        examples_over_limit: LineSample::default(),
        max_example_tokens: 65_536,
        statistics: Statistics {
            total_tokens: 120,
            assistant_tokens: 30,
            messages_per_example: Some(summary(2, 3.0, 3.0, 3)),
            tokens_per_example: Some(summary(30, 40.0, 48.0, 50)),
            assistant_tokens_per_example: Some(summary(8, 10.0, 11.6, 12)),
        },
        epochs: Some(25),
        epochs_source: "default rule",
        billed_tokens_per_epoch: 120,
        billed_tokens: Some(3000),
        training_costs: vec![
            CostRow {
                model: "acme/small".into(),
                currency: "USD".into(),
                token_count_method: Method::Estimate(
                    Tokenizer::O200kBase,
                    Reason::NoFile {
                        model: "acme/small".into(),
                        name: "acme".into(),
                        hint: flags().setting(crate::names::Setting::TokenizerFile),
                    },
                ),
                chat_template: None,
                billed_tokens: Some(3000),
                training_price: Some(d("5.00")),
                training_cost: Some(d("0.015")),
                training_closed: None,
            },
            CostRow {
                model: "acme/open".into(),
                currency: "USD".into(),
                token_count_method: Method::File {
                    sha256: "3f2a9c1e0b7d".repeat(5) + "abcd",
                },
                chat_template: Some("qwen3"),
                billed_tokens: Some(3300),
                training_price: Some(d("0.50")),
                training_cost: Some(d("0.00165")),
                training_closed: None,
            },
            CostRow {
                model: "acme/old".into(),
                currency: "USD".into(),
                token_count_method: Method::Exact(Tokenizer::O200kBase),
                chat_template: None,
                billed_tokens: Some(3000),
                training_price: Some(d("8.00")),
                training_cost: None,
                training_closed: Some(date(2026, 10, 1)),
            },
        ],
    }
}

/// Renders every report in `format`.
fn all(format: Format) -> Vec<(&'static str, String)> {
    let mut catalog = Catalog::new();
    catalog.add_sheet("acme.toml", SHEET).unwrap();
    let models: Vec<_> = catalog.models().collect();
    let list = price_list(models, date(2026, 11, 27), false);
    let r = renderer(format, false, 80, flags());
    vec![
        ("breakeven", r.breakeven(&breakeven()).unwrap()),
        ("horizon", r.breakeven(&with_horizon()).unwrap()),
        ("sweep", r.sweep(&sweep()).unwrap()),
        ("prices", r.prices(&list).unwrap()),
        ("gpus", r.gpus(&gpu_list(&catalog, None, None)).unwrap()),
        ("check", r.check(&check()).unwrap()),
        ("import", r.import(&import()).unwrap()),
        ("tokens", r.tokens(&tokens()).unwrap()),
        ("dataset", r.dataset(&dataset()).unwrap()),
    ]
}

fn snapshot(format: Format) {
    for (report, text) in all(format) {
        insta::assert_snapshot!(format!("{report}_{format}"), text);
    }
}

#[test]
fn tables() {
    snapshot(Format::Table);
}

#[test]
fn the_comparison_is_measured_as_wide_as_it_is_drawn() {
    for r in [breakeven(), with_horizon()] {
        for (measured, drawn, _) in super::comparison::tables_for_tests(&r) {
            assert_eq!(
                measured,
                drawn.lines().map(|l| l.chars().count()).max().unwrap()
            );
        }
    }
}

#[test]
fn the_comparison_is_written_as_comfy_table_draws_it() {
    // Including cells of two lines (a candidate served on dedicated GPUs).
    let mut dedicated = with_horizon();
    dedicated.candidates[0].serve = "dedicated";
    dedicated.candidates[0].gpu = Some("nebius/h100".into());
    for r in [breakeven(), with_horizon(), dedicated] {
        for (_, drawn, written) in super::comparison::tables_for_tests(&r) {
            assert_eq!(written, drawn);
        }
    }
}

#[test]
fn a_wide_terminal_puts_the_candidates_side_by_side() {
    let wide = renderer(Format::Table, false, 120, flags())
        .breakeven(&breakeven())
        .unwrap();
    insta::assert_snapshot!("breakeven_table_120_columns", wide);
    assert_eq!(wide.matches(" prompting ┆").count(), 1);
    let narrow = renderer(Format::Table, false, 80, flags())
        .breakeven(&breakeven())
        .unwrap();
    assert_eq!(narrow.matches(" prompting ┆").count(), 2);
    let table_lines = narrow
        .lines()
        .filter(|l| l.starts_with(['┌', '│', '╞', '└']));
    assert!(table_lines.clone().count() > 20);
    assert!(table_lines.clone().all(|l| l.chars().count() <= 80));
}

#[test]
fn json() {
    snapshot(Format::Json);
}

#[test]
fn markdown() {
    snapshot(Format::Markdown);
}

#[test]
fn csv() {
    snapshot(Format::Csv);
}

#[test]
fn the_hand_built_reports_are_the_analysis_of_their_inputs() {
    // The snapshots are only worth their numbers: the hand-built comparison
    // is what the analysis computes for the same inputs.
    use crate::analysis::fixture;
    let mut given = fixture::quick_start();
    given.request.cache_hit_rate = Some(Decimal::ZERO);
    let (inputs, today) = fixture::resolved(&given);
    let report = crate::analysis::analyse(&inputs, today).unwrap();
    let built = breakeven();
    assert_eq!(report.candidates[0], built.candidates[0]);
    assert_eq!(report.base, built.base);
}

/// The sweep with a second candidate `id` (row `i` totals `step × i`), the
/// best on row 1; row 0 without a multiple; a wide amount on row 2.
fn sweep_of_two(id: &str, step: &str, verdict: Verdict) -> Sweep {
    let mut s = sweep();
    s.candidates.push(id.to_string());
    for (i, row) in s.rows.iter_mut().enumerate() {
        row.cells.push(Cell {
            total: d(step) * Decimal::from(i),
            verdict,
        });
    }
    s.rows[0].volume_multiple = None;
    s.rows[1].best = 1;
    s.rows[2].base_total = d("12345678901234567890.123456789");
    s
}

#[test]
fn a_sweeps_csv_rows_are_what_the_csv_crate_would_write() {
    // One id to quote (a comma, quotes, a trailing space); negative totals,
    // trailing zeros; no rows at all.
    let mut s = sweep_of_two("acme/\"odd\", id ", "-0.1", Verdict::FineTune);
    s.rows[2].cells[0].total = d("1000.000");
    let csv = |s: &Sweep| super::Renderer::sweep(&super::csv::Csv, s).unwrap();
    let written = csv(&s);
    assert_eq!(written, super::csv::sweep_through_the_crate(&s).unwrap());
    assert!(
        written.contains(",\"acme/\"\"odd\"\", id \"\n"),
        "{written}"
    );
    s.rows.clear();
    assert_eq!(csv(&s), super::csv::sweep_through_the_crate(&s).unwrap());
}

#[test]
fn a_sweeps_json_rows_are_what_serde_would_write() {
    // The rows are written by hand for speed; serde's document of the same
    // sweep is the reference, with two candidates (one id to escape, which
    // sorts before "acme/small": the maps list it first), a null multiple,
    // warnings, and no rows at all.
    let mut s = sweep_of_two("acme/\"quoted\"\u{7f}\\id", "0.1", Verdict::Prompt);
    s.warnings.push("a warning with \"quotes\"".into());
    let json = |s: &Sweep| super::Renderer::sweep(&super::json::Json, s).unwrap();
    assert_eq!(json(&s), super::json::document(&s).unwrap());
    s.rows.clear();
    assert_eq!(json(&s), super::json::document(&s).unwrap());
}

/// The 80-column table of a sweep of two candidates.
fn sweep_table_at(s: &Sweep, width: usize) -> String {
    renderer(Format::Table, false, width, flags())
        .sweep(s)
        .unwrap()
}

#[test]
fn a_sweep_shows_the_cheapest_column_only_when_it_varies() {
    // Row 1's cheapest is #2: the column stays, at every width that fits it.
    let s = sweep_of_two("acme/other", "1", Verdict::Prompt);
    let wide = sweep_table_at(&s, 200);
    assert!(wide.contains("cheapest"), "{wide}");
    assert!(!wide.contains("at every volume"), "{wide}");
    // The same candidate on every row: no column, one line in the legend.
    let mut same = s.clone();
    same.rows[1].best = 0;
    let wide = sweep_table_at(&same, 200);
    assert!(!wide.contains("cheapest ┆") && !wide.contains("│ cheapest"), "{wide}");
    assert!(wide.contains("#1 is the cheapest candidate at every volume\n"), "{wide}");
}

#[test]
fn a_narrow_sweep_drops_the_multiple_then_cheapest_then_other_candidates_never_the_marker() {
    let s = sweep_of_two("acme/other", "1", Verdict::Prompt);
    let left_out = |width: usize| {
        let t = sweep_table_at(&s, width);
        let line = t
            .lines()
            .find(|l| l.starts_with("(left out"))
            .map(str::to_string)
            .unwrap_or_default();
        (t, line)
    };
    // Narrower and narrower: each step leaves one more column out, in order.
    let mut seen: Vec<String> = Vec::new();
    for width in (80..=200).rev() {
        let (t, line) = left_out(width);
        // Below the width of the columns that stay, the table wraps its
        // cells rather than leave out more.
        assert!(t.contains("marker"), "{width}: {t}");
        for kept in ["marker", "verdict", "prompting", "#1", "requests"] {
            assert!(!line.contains(kept), "{width}: {line}");
        }
        let dropped = line.split(": ").nth(1).and_then(|l| l.split(';').next());
        if let Some(d) = dropped.filter(|d| !seen.iter().any(|s| s == d)) {
            seen.push(d.to_string());
        }
    }
    // acme/small (#1) is the marked candidate: acme/other (#2) may go, last.
    assert_eq!(
        seen,
        ["multiple", "cheapest, multiple", "fine-tuned #2, cheapest, multiple"]
    );
}

#[test]
fn a_sweep_over_a_horizon_says_its_costs_are_totals_over_the_months() {
    let mut s = sweep();
    s.months = Some(12);
    let t = sweep_table_at(&s, 80);
    assert!(
        t.starts_with("Costs: total over 12 months for each volume of requests.\n"),
        "{t}"
    );
    s.axis = Axis::PerMonth;
    let t = sweep_table_at(&s, 80);
    assert!(
        t.starts_with(
            "Costs: total over 12 months at each volume of requests in the first month.\n"
        ),
        "{t}"
    );
    assert!(t.contains("requests ┆") || t.contains("requests │"), "{t}");
    assert!(t.contains("a month"), "{t}");
    // Without a horizon, no caption.
    assert!(sweep_table_at(&sweep(), 80).starts_with('┌'));
}
