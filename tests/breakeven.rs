//! `ftvp breakeven` against hand-computed values on a fixture price sheet.

mod common;

use common::{breakeven_json, fixture, ftvp, quick_start_with};
use serde_json::{json, Value};

/// acme/big vs acme/small in the shape of the README's quick start:
/// P_base  = ((3000 + 200) × 2.00 + 300 × 8.00) / 1M = 0.0088
/// P_tuned = ((500 + 200) × 0.80 + 300 × 3.20) / 1M = 0.00152
/// T = 2M × 3 × 5.00 / 1M = 30; Δ = 0.00728; N* = 30 / 0.00728 = 4120.88 → 4121
fn design_example() -> Vec<&'static str> {
    quick_start_with(&["--volume", "5M"])
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("{v} is not a number"))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

#[test]
fn json_reproduces_hand_computed_values() {
    let j = breakeven_json(&design_example());
    assert_eq!(j["schema"], "ftvp.breakeven/1");
    assert_eq!(j["currency"], "USD");
    assert_eq!(j["volume"], 5_000_000);
    assert_eq!(f(&j["thresholds"]["depends_at"]), 3.0);
    assert_eq!(f(&j["thresholds"]["fine_tune_at"]), 10.0);
    assert_eq!(j["base"]["model"], "acme/big");
    assert_eq!(j["base"]["prompt_tokens"], 3000);
    assert_eq!(f(&j["base"]["cost_per_request"]), 0.0088);
    assert_eq!(f(&j["base"]["total_cost"]), 44000.0);
    let c = &j["candidates"][0];
    assert_eq!(c["model"], "acme/small");
    assert_eq!(c["prompt_tokens"], 500);
    assert_eq!(f(&c["cost_per_request"]), 0.00152);
    assert_eq!(f(&c["savings_per_request"]), 0.00728);
    assert_eq!(f(&c["training_cost"]), 30.0);
    assert_eq!(f(&c["fixed_cost"]), 30.0);
    assert_eq!(f(&c["total_cost"]), 7630.0);
    // 44,000 − 7,630 = 36,370 = 5M × 0.00728 − 30.
    assert_eq!(f(&c["net_saving"]), 36370.0);
    assert_eq!(c["break_even_requests"], 4121);
    assert!(close(
        f(&c["volume_multiple"]),
        5_000_000.0 * 0.00728 / 30.0
    ));
    assert_eq!(c["verdict"], "fine-tune");
    assert_eq!(j["best"], "acme/small");
    assert_eq!(j["verdict"], "fine-tune");
    assert_eq!(j["warnings"], Value::Array(vec![]));
}

#[test]
fn json_has_exactly_the_documented_fields() {
    let j = breakeven_json(&design_example());
    let keys = |v: &Value| -> Vec<String> {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    let top = "base batch best cache_hit_rate candidates counted_from_files currency horizon notes schema start thresholds verdict volume warnings";
    assert_eq!(keys(&j).join(" "), top);
    let base = "basis cached_prompt_share cost_per_request input_tokens long_context model output_tokens prompt_tokens reasoning_tokens total_cost";
    assert_eq!(keys(&j["base"]).join(" "), base);
    let candidate =
        "basis break_even_per_month break_even_requests cached_prompt_share candidate \
                     capacity_cost cost_per_request end_of_service end_of_service_reason fixed_cost \
                     gpu hosting_cost input_tokens ledger lost_volume maintenance_cost model \
                     net_saving output_tokens payback_month prompt_tokens reasoning_tokens recurring_cost replicas retrain_runs \
                     retraining_cost savings savings_per_request serve served_volume storage_cost \
                     throughput total_cost training_cost verdict volume_for_depends \
                     volume_for_fine_tune volume_multiple";
    let candidate: Vec<&str> = candidate.split_whitespace().collect();
    assert_eq!(keys(&j["candidates"][0]), candidate);
    // Fields that do not apply are present and null.
    assert_eq!(j["horizon"], Value::Null);
    assert_eq!(j["candidates"][0]["payback_month"], Value::Null);
    assert_eq!(j["candidates"][0]["cached_prompt_share"], Value::Null);
    assert_eq!(j["notes"], Value::Array(vec![]));
}

/// Δ = 100 tokens × $0.40/M = $0.00004 and T = $30: 30 / 4e-5 is
/// 749999.9999999999 in f64, the exact answer is 750,001.
fn exact_case(volume: &str) -> Value {
    breakeven_json(&[
        "--base",
        "acme/flat",
        "--base-prompt",
        "100",
        "--output",
        "0",
        "--tuned-prompt",
        "0",
        "--tuned",
        "acme/flat",
        "--setup-cost",
        "0",
        "--training-cost",
        "30",
        "--volume",
        volume,
    ])
}

#[test]
fn break_even_is_exact_where_floats_are_not() {
    let j = exact_case("1");
    assert_eq!(f(&j["candidates"][0]["savings_per_request"]), 0.00004);
    assert_eq!(j["candidates"][0]["break_even_requests"], 750_001);
}

#[test]
fn verdict_flips_exactly_on_the_3x_and_10x_boundaries() {
    // 3 × 750,000 = 2,250,000 and 10 × 750,000 = 7,500,000 requests.
    // No traffic (design §20.27): multiple, break-even and the volumes of
    // "what it would take" are null, the verdict `prompt`.
    let j = exact_case("0");
    let c = &j["candidates"][0];
    assert_eq!(
        (&c["verdict"], &j["verdict"]),
        (&json!("prompt"), &json!("prompt"))
    );
    for field in [
        "volume_multiple",
        "break_even_requests",
        "volume_for_depends",
        "volume_for_fine_tune",
    ] {
        assert_eq!(c[field], Value::Null, "{field}");
    }
    for (volume, verdict, multiple) in [
        ("2249999", "prompt", 2.999_998_666_666_667),
        ("2250000", "depends", 3.0),
        ("7499999", "depends", 9.999_998_666_666_667),
        ("7500000", "fine-tune", 10.0),
        ("7500001", "fine-tune", 10.000_001_333_333_333),
    ] {
        let j = exact_case(volume);
        let c = &j["candidates"][0];
        assert_eq!(c["verdict"], verdict, "at {volume}");
        assert_eq!(j["verdict"], verdict, "at {volume}");
        assert!(
            close(f(&c["volume_multiple"]), multiple),
            "at {volume}: {}",
            c["volume_multiple"]
        );
    }
}

/// Zero volume over a horizon (design §20.27, issue 22 item 6), from
/// `--per-month 0` or `--volume 0` with months: null multiple, break-even and
/// volumes, verdict `prompt`; the net saving is −T = −30 (no request saves).
#[test]
fn a_horizon_with_no_traffic_has_no_break_even() {
    for volume in [&["--per-month", "0"], &["--volume", "0"]] {
        let j = breakeven_json(&quick_start_with(&[volume[0], volume[1], "--months", "3"]));
        let c = &j["candidates"][0];
        assert_eq!(j["volume"], 0);
        assert_eq!(
            (&c["verdict"], &j["verdict"]),
            (&json!("prompt"), &json!("prompt"))
        );
        for field in [
            "volume_multiple",
            "break_even_requests",
            "volume_for_depends",
            "volume_for_fine_tune",
            "payback_month",
        ] {
            assert_eq!(c[field], Value::Null, "{volume:?} {field}");
        }
        assert_eq!(f(&c["net_saving"]), -30.0);
    }
    // The table says so instead of "never" (which means Δ ≤ 0).
    let out = ftvp()
        .args(["breakeven", "--pricing"])
        .arg(fixture("pricing"))
        .args(quick_start_with(&["--volume", "0"]))
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("a volume of 0 requests never pays back a fixed cost"),
        "{text}"
    );
    assert!(
        text.contains("has no requests to pay back its fixed cost"),
        "{text}"
    );
    assert!(
        !text.contains("never breaks even") && !text.contains("never pays:"),
        "{text}"
    );
}

#[test]
fn custom_thresholds_move_the_verdict() {
    let args = ["--depends-at", "1", "--fine-tune-at", "2"];
    let at = |volume: &str| {
        let mut a = vec![
            "--base",
            "acme/flat",
            "--base-prompt",
            "100",
            "--output",
            "0",
            "--tuned-prompt",
            "0",
            "--tuned",
            "acme/flat",
            "--setup-cost",
            "0",
            "--training-cost",
            "30",
            "--volume",
            volume,
        ];
        a.extend(args);
        breakeven_json(&a)["verdict"].as_str().unwrap().to_string()
    };
    assert_eq!(at("749999"), "prompt");
    assert_eq!(at("750000"), "depends");
    assert_eq!(at("1499999"), "depends");
    assert_eq!(at("1500000"), "fine-tune");
}

#[test]
fn no_saving_gives_null_break_even_and_prompt() {
    let j = breakeven_json(&[
        "--base",
        "acme/small",
        "--tuned-prompt",
        "0",
        "--tuned",
        "acme/small",
        "--input",
        "100",
        "--output",
        "100",
        "--setup-cost",
        "0",
        "--training-cost",
        "10",
        "--volume",
        "1B",
    ]);
    let c = &j["candidates"][0];
    assert!(f(&c["savings_per_request"]) < 0.0);
    assert_eq!(c["break_even_requests"], Value::Null);
    assert_eq!(c["volume_multiple"], Value::Null);
    assert_eq!(j["verdict"], "prompt");
}

#[test]
fn zero_fixed_cost_breaks_even_at_the_first_request() {
    let j = breakeven_json(&[
        "--base",
        "acme/flat",
        "--base-prompt",
        "100",
        "--output",
        "0",
        "--tuned-prompt",
        "0",
        "--tuned",
        "acme/flat",
        "--setup-cost",
        "0",
        "--training-cost",
        "0",
        "--volume",
        "1",
    ]);
    let c = &j["candidates"][0];
    assert_eq!(c["break_even_requests"], 1);
    assert_eq!(c["volume_multiple"], Value::Null);
    assert_eq!(j["verdict"], "fine-tune");
    // One request is singular wherever the table names it.
    let text = common::output_of(
        "breakeven",
        &[
            "--base",
            "acme/flat",
            "--base-prompt",
            "100",
            "--tuned-prompt",
            "0",
            "--tuned",
            "acme/flat",
            "--setup-cost",
            "0",
            "--training-cost",
            "0",
            "--volume",
            "1",
            "--output",
            "0",
        ],
        "table",
    );
    assert!(text.contains("total for 1 request "), "{text}");
    assert!(
        text.contains("pays 3× at 1 request and 10× at 1 request\n"),
        "{text}"
    );
    assert!(!text.contains("1 requests"), "{text}");
}

#[test]
fn training_cost_uses_epochs_setup_cost_and_the_sheets_minimum() {
    // 10k tokens × 2 epochs × $5/M = $0.10, below acme/flat's $4 minimum.
    let j = breakeven_json(&[
        "--base",
        "acme/flat",
        "--base-prompt",
        "100",
        "--output",
        "0",
        "--tuned-prompt",
        "0",
        "--tuned",
        "acme/flat",
        "--training-tokens",
        "10k",
        "--epochs",
        "2",
        "--setup-cost",
        "6",
        "--volume",
        "1M",
    ]);
    let c = &j["candidates"][0];
    assert_eq!(f(&c["training_cost"]), 4.0);
    assert_eq!(f(&c["fixed_cost"]), 10.0);
    // 1M × 0.00004 = 40 = 4 × T → depends.
    assert_eq!(c["break_even_requests"], 250_001);
    assert_eq!(j["verdict"], "depends");
}

#[test]
fn candidates_are_ranked_by_total_cost_and_the_best_gives_the_verdict() {
    // acme/small total 7,630 < acme/flat total; order given: flat first.
    let j = breakeven_json(&[
        "--base",
        "acme/big",
        "--base-prompt",
        "3000",
        "--tuned",
        "acme/flat",
        "--tuned",
        "acme/small",
        "--tuned-prompt",
        "500",
        "--input",
        "200",
        "--output",
        "300",
        "--setup-cost",
        "0",
        "--training-cost",
        "30",
        "--volume",
        "5M",
    ]);
    let models: Vec<&str> = j["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["model"].as_str().unwrap())
        .collect();
    // acme/flat: (700 × 0.40) / 1M = 0.00028 a request → 30 + 1,400 = 1,430.
    assert_eq!(models, ["acme/flat", "acme/small"]);
    assert_eq!(f(&j["candidates"][0]["total_cost"]), 1430.0);
    assert_eq!(j["best"], "acme/flat");
}

#[test]
fn tuned_prompts_pair_with_candidates_by_position() {
    let j = breakeven_json(&[
        "--base",
        "acme/big",
        "--tuned",
        "acme/small",
        "--tuned",
        "acme/flat",
        "--tuned-prompt",
        "10",
        "--tuned-prompt",
        "20",
        "--setup-cost",
        "0",
        "--training-cost",
        "1",
        "--volume",
        "1",
        "--input",
        "0",
        "--output",
        "0",
    ]);
    for c in j["candidates"].as_array().unwrap() {
        let want = if c["model"] == "acme/small" { 10 } else { 20 };
        assert_eq!(c["prompt_tokens"], want);
    }
}

#[test]
fn bare_model_names_resolve_when_unique() {
    let j = breakeven_json(&[
        "--base",
        "big",
        "--tuned-prompt",
        "0",
        "--tuned",
        "small",
        "--setup-cost",
        "0",
        "--training-cost",
        "1",
        "--volume",
        "1",
        "--input",
        "0",
        "--output",
        "0",
    ]);
    assert_eq!(j["base"]["model"], "acme/big");
}

#[test]
fn table_shows_both_paths_the_break_even_and_the_rule() {
    let out = ftvp()
        .arg("breakeven")
        .arg("--pricing")
        .arg(fixture("pricing"))
        .args(design_example())
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = common::unwrapped(&String::from_utf8(out.stdout).unwrap());
    for needle in [
        "acme/big",
        "acme/small",
        "$0.0088",
        "$0.00152",
        "$0.00728",
        "$30.00",
        "$44,000.00",
        "$7,630.00",
        "4,121 requests",
        "1,213×",
        "total for 5,000,000 requests",
        "verdict: fine-tune — 5,000,000 requests save 1,213× the fixed cost of fine-tuning acme/small, which breaks even at 4,121 requests",
        "10× or more → fine-tune",
    ] {
        assert!(text.contains(needle), "`{needle}` missing from\n{text}");
    }
    assert!(
        !text.contains('\x1b'),
        "no colour when stdout is not a terminal"
    );
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let run = |color: &str, no_color: bool| {
        let mut cmd = ftvp();
        if no_color {
            cmd.env("NO_COLOR", "1");
        }
        let out = cmd
            .arg("breakeven")
            .arg("--pricing")
            .arg(fixture("pricing"))
            .args(design_example())
            .args(["--color", color])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap().contains('\x1b')
    };
    assert!(run("always", false));
    assert!(
        run("always", true),
        "an explicit --color always wins over NO_COLOR"
    );
    assert!(!run("never", false));
    assert!(!run("auto", false));
}

#[test]
fn expect_mismatch_exits_1_and_still_prints_the_report() {
    let out = ftvp()
        .arg("breakeven")
        .arg("--pricing")
        .arg(fixture("pricing"))
        .args(design_example())
        .args(["--expect", "prompt", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let j: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(j["verdict"], "fine-tune");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("expected verdict `prompt`, got `fine-tune`"),
        "{stderr}"
    );
}

#[test]
fn expect_match_exits_0() {
    ftvp()
        .arg("breakeven")
        .arg("--pricing")
        .arg(fixture("pricing"))
        .args(design_example())
        .args(["--expect", "fine-tune"])
        .assert()
        .code(0);
}

#[test]
fn stale_sheets_and_oversized_prompts_warn_on_stderr_and_in_json() {
    let out = ftvp()
        .args(["breakeven", "--pricing"])
        .arg(fixture("pricing"))
        .arg("--pricing")
        .arg(fixture("euro"))
        .args([
            "--base",
            "euro/small",
            "--base-prompt",
            "5000",
            "--output",
            "0",
            "--tuned-prompt",
            "0",
            "--tuned",
            "euro/small",
            "--setup-cost",
            "0",
            "--training-cost",
            "1",
            "--volume",
            "1",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let j: Value = serde_json::from_slice(&out.stdout).unwrap();
    let warnings = j["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0]
        .as_str()
        .unwrap()
        .contains("2026-01-01, more than 180 days ago"));
    assert_eq!(j["currency"], "EUR");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("warning: prices in"), "{stderr}");

    // acme/big has a 4,000-token window.
    let j = breakeven_json(&[
        "--base",
        "acme/big",
        "--base-prompt",
        "3900",
        "--input",
        "200",
        "--tuned-prompt",
        "0",
        "--tuned",
        "acme/small",
        "--setup-cost",
        "0",
        "--training-cost",
        "1",
        "--volume",
        "1",
        "--output",
        "0",
    ]);
    let w = j["warnings"][0].as_str().unwrap();
    assert!(
        w.contains("acme/big") && w.contains("4100 tokens") && w.contains("4000"),
        "{w}"
    );
}

#[test]
fn the_stale_warning_depends_only_on_ftvp_today() {
    let run = |today: &str| {
        let out = ftvp()
            .env("FTVP_TODAY", today)
            .args(["breakeven", "--pricing"])
            .arg(fixture("euro"))
            .args([
                "--base",
                "euro/small",
                "--tuned-prompt",
                "0",
                "--tuned",
                "euro/small",
                "--setup-cost",
                "0",
                "--training-cost",
                "1",
                "--volume",
                "1",
                "--input",
                "0",
                "--output",
                "0",
                "--format",
                "json",
            ])
            .output()
            .unwrap();
        let j: Value = serde_json::from_slice(&out.stdout).unwrap();
        // A stale sheet is both a warning and an advisory note.
        let notes = j["notes"].as_array().unwrap();
        assert!(notes.iter().all(|n| n["code"] == "stale-prices"));
        assert_eq!(notes.len(), j["warnings"].as_array().unwrap().len());
        notes.len()
    };
    assert_eq!(run("2026-06-30"), 0);
    assert_eq!(run("2026-07-01"), 1);
}

#[test]
fn scenario_files_give_the_inputs_and_flags_override_them() {
    let scenario = fixture("scenario.toml");
    let j = breakeven_json(&["--scenario", scenario.to_str().unwrap()]);
    assert_eq!(j["candidates"][0]["break_even_requests"], 4121);
    assert_eq!(j["volume"], 5_000_000);
    // --volume replaces the scenario's volume; --training-cost replaces [training].
    let j = breakeven_json(&[
        "--scenario",
        scenario.to_str().unwrap(),
        "--volume",
        "10k",
        "--setup-cost",
        "0",
        "--training-cost",
        "72.8",
        "--expect",
        "prompt",
    ]);
    assert_eq!(j["volume"], 10_000);
    assert_eq!(f(&j["candidates"][0]["training_cost"]), 72.8);
    assert_eq!(j["candidates"][0]["break_even_requests"], 10_001);
    assert_eq!(j["verdict"], "prompt");
}

#[test]
fn a_scenarios_expect_is_checked_like_the_flag() {
    let scenario = fixture("scenario.toml");
    let out = ftvp()
        .args(["breakeven", "--pricing"])
        .arg(fixture("pricing"))
        .arg("--scenario")
        .arg(&scenario)
        .args(["--volume", "10k"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "scenario expects fine-tune");
    assert!(String::from_utf8_lossy(&out.stdout).contains("verdict: prompt"));
    // The flag replaces the scenario's expectation.
    ftvp()
        .args(["breakeven", "--pricing"])
        .arg(fixture("pricing"))
        .arg("--scenario")
        .arg(&scenario)
        .args(["--volume", "10k", "--expect", "prompt"])
        .assert()
        .code(0);
}

#[test]
fn ftvp_pricing_loads_before_pricing_flags() {
    let run = |env: Option<&std::path::Path>, flag: Option<&std::path::Path>| {
        let mut cmd = ftvp();
        if let Some(e) = env {
            cmd.env("FTVP_PRICING", e);
        }
        cmd.args(["breakeven", "--pricing"]).arg(fixture("pricing"));
        if let Some(p) = flag {
            cmd.arg("--pricing").arg(p);
        }
        let out = cmd
            .args([
                "--base",
                "acme/big",
                "--tuned-prompt",
                "0",
                "--tuned",
                "acme/small",
                "--input",
                "1M",
                "--output",
                "0",
                "--setup-cost",
                "0",
                "--training-tokens",
                "1M",
                "--epochs",
                "1",
                "--volume",
                "1",
                "--format",
                "json",
            ])
            .output()
            .unwrap();
        let j: Value = serde_json::from_slice(&out.stdout).unwrap();
        f(&j["candidates"][0]["training_cost"])
    };
    let over = fixture("override");
    assert_eq!(run(None, None), 5.0);
    // FTVP_PRICING is loaded before --pricing, so the fixture flag wins over it…
    assert_eq!(run(Some(&over), None), 5.0);
    // …and a later --pricing wins over an earlier one.
    assert_eq!(run(None, Some(&over)), 6.0);
}

/// Issue 22 item 6: `--help` listed the traffic and output flags under
/// "Dedicated serving:" (a clap heading holds for every argument after it).
#[test]
fn help_lists_only_dedicated_flags_under_dedicated_serving() {
    for command in ["breakeven", "sweep"] {
        let out = ftvp().args([command, "-h"]).output().unwrap();
        let help = String::from_utf8(out.stdout).unwrap();
        let section = help
            .split("Dedicated serving:")
            .nth(1)
            .and_then(|rest| rest.split("\n\n").next())
            .unwrap_or_else(|| panic!("{command}: no dedicated section:\n{help}"));
        assert!(section.contains("--serve") && section.contains("--min-replicas"));
        for flag in [
            "--volume",
            "--per-month",
            "--months",
            "--expect",
            "--summary",
            "--pricing",
            "--format",
            "--depends-at",
            "--from",
        ] {
            assert!(
                !section.contains(flag),
                "{command}: {flag} under Dedicated serving"
            );
        }
    }
}

/// The numbers of a line of `--explain`, in order, exact.
fn numbers(line: &str) -> Vec<rust_decimal::Decimal> {
    line.split_whitespace()
        .map(|w| w.trim_matches(|c: char| matches!(c, ':' | ';' | ',' | '(' | ')')))
        .filter_map(|w| w.parse().ok())
        .collect()
}

fn same(exact: rust_decimal::Decimal, json: &Value) -> bool {
    use rust_decimal::prelude::ToPrimitive;
    let (a, b) = (exact.to_f64().unwrap(), f(json));
    (a - b).abs() <= 1e-12 * b.abs().max(1.0)
}

/// Design §20.13, issue 22: every number of `--explain` is the report's, and
/// its arithmetic holds: Δ = P_base − P_tuned, T = upfront + recurring,
/// N* is the first N with N × Δ > T, the savings are V × Δ (or the months'
/// Σ (prompting − tuned)), the multiple is savings / T, the net saving the
/// difference of the totals. Per token without and with a horizon, and a
/// dedicated candidate.
#[test]
fn every_number_of_explain_is_recomputed_from_the_json() {
    use rust_decimal::Decimal;
    let dedicated = common::dedicated_worked(&["--per-month", "3M", "--months", "2"]);
    let dedicated: Vec<&str> = dedicated.iter().skip(1).map(String::as_str).collect();
    let cases: Vec<Vec<&str>> = vec![
        quick_start_with(&["--volume", "5M", "--setup-cost", "970", "--explain", "all"]),
        quick_start_with(&["--per-month", "100k", "--months", "3", "--explain"]),
        [&dedicated[..], &["--explain"]].concat(),
    ];
    for args in cases {
        let j = breakeven_json(&args);
        let lines: Vec<&str> = j["explain"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l.as_str().unwrap())
            .collect();
        let c = &j["candidates"][0];
        assert_eq!(
            lines[0],
            format!(
                "explain {} against prompting on {}:",
                c["candidate"].as_str().unwrap(),
                j["base"]["model"].as_str().unwrap()
            )
        );
        let at = |prefix: &str| -> Vec<Decimal> {
            let line = lines
                .iter()
                .find(|l| l.trim_start().starts_with(prefix))
                .unwrap_or_else(|| panic!("no {prefix} in {lines:#?}"));
            numbers(line)
        };
        let (p_base, p_tuned, delta) = (at("P_base")[0], at("P_tuned")[0], at("Δ")[0]);
        assert!(
            same(p_base, &j["base"]["cost_per_request"]) && same(p_tuned, &c["cost_per_request"])
        );
        assert_eq!(delta, p_base - p_tuned);
        assert!(same(delta, &c["savings_per_request"]));
        let t = at("T =");
        assert_eq!(t[0] + t[1], t[2]);
        assert!(same(t[2], &c["fixed_cost"]));
        let fixed = t[2];
        if c["serve"] == "dedicated" {
            let d = at("dedicated");
            assert_eq!(
                Value::from(d[0].to_string().parse::<u64>().unwrap()),
                c["break_even_per_month"]
            );
            assert!(same(d[1], &c["capacity_cost"]));
        } else {
            let n = at("N*")[0];
            assert_eq!(
                Value::from(n.to_string().parse::<u64>().unwrap()),
                c["break_even_requests"]
            );
            assert!(n * delta > fixed && (n - Decimal::ONE) * delta <= fixed);
        }
        let v = at("V =");
        assert_eq!(
            Value::from(v[0].to_string().parse::<u64>().unwrap()),
            j["volume"]
        );
        let savings = v[1];
        assert!(same(savings, &c["savings"]));
        match c["ledger"].as_array() {
            None => assert_eq!(v[0] * delta, savings),
            Some(rows) => {
                let mut sum = Decimal::ZERO;
                for row in rows {
                    let m = at(&format!("month {}:", row["month"]));
                    assert_eq!(
                        (
                            Value::from(m[1].to_string().parse::<u64>().unwrap()),
                            Value::from(m[2].to_string().parse::<u64>().unwrap())
                        ),
                        (row["served"].clone(), row["lost"].clone())
                    );
                    assert!(
                        same(m[3], &row["base_cost"])
                            && same(m[4], &row["tuned_cost"])
                            && same(m[5], &row["fixed_cost"])
                    );
                    sum += m[3] - m[4];
                }
                assert_eq!(sum, savings);
            }
        }
        if let Some(m) = at("multiple").first() {
            assert!(same(*m, &c["volume_multiple"]));
            assert!(((savings / fixed) - m).abs() < Decimal::new(1, 20));
        }
        let net = at("net saving");
        assert_eq!(net[0] - net[1], net[2]);
        assert!(
            same(net[0], &j["base"]["total_cost"])
                && same(net[1], &c["total_cost"])
                && same(net[2], &c["net_saving"])
        );
        assert!(lines
            .last()
            .unwrap()
            .ends_with(&format!("verdict {}", c["verdict"].as_str().unwrap())));
    }
}
