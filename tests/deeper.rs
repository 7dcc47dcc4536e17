//! The deeper cost model (caching, batch, long context, horizon, second-order
//! costs, what it would take, notes) against hand-computed values.

mod common;

use common::{assert_input_error, breakeven_json, fixture, ftvp};
use serde_json::Value;

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("{v} is not a number"))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

fn warnings(j: &Value) -> Vec<String> {
    j["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap().to_string())
        .collect()
}

fn note_codes(j: &Value) -> Vec<String> {
    j["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn caching_with_a_cache_write_price() {
    // Base: 10,000 × 0.645 + 200 × 3 + 300 × 15 = 11,550 per 1M → $0.01155.
    // Tuned: the fine-tuning table has no write price, so misses bill at its input
    // price: 0.9 × 0.30 + 0.1 × 3.00 = 0.57; 2,000 × 0.57 + 600 + 4,500 = 6,240 → $0.00624.
    let j = breakeven_json(&[
        "--base",
        "acme/cachey",
        "--base-prompt",
        "10000",
        "--tuned",
        "acme/cachey",
        "--tuned-prompt",
        "2000",
        "--input",
        "200",
        "--output",
        "300",
        "--cache-hit-rate",
        "0.9",
        "--setup-cost",
        "0",
        "--training-cost",
        "100",
        "--volume",
        "1M",
    ]);
    assert_eq!(f(&j["base"]["cost_per_request"]), 0.01155);
    assert_eq!(f(&j["base"]["cached_prompt_share"]), 0.9);
    let c = &j["candidates"][0];
    assert_eq!(f(&c["cost_per_request"]), 0.00624);
    assert_eq!(f(&c["cached_prompt_share"]), 0.9);
    assert_eq!(f(&c["savings_per_request"]), 0.00531);
    assert_eq!(f(&j["cache_hit_rate"]), 0.9);
    assert!(warnings(&j).is_empty(), "{:?}", warnings(&j));
}

#[test]
fn caching_without_a_write_price_and_below_the_minimum() {
    // Base: 3,000 × 0.65 + 200 × 2 + 300 × 8 = 4,750 → $0.00475.
    // Tuned prompt 500 < 1,024: no caching, (700 × 0.80 + 300 × 3.20) / 1M = $0.00152.
    let j = breakeven_json(&[
        "--base",
        "acme/cached",
        "--base-prompt",
        "3000",
        "--tuned",
        "acme/cached",
        "--tuned-prompt",
        "500",
        "--input",
        "200",
        "--output",
        "300",
        "--cache-hit-rate",
        "0.9",
        "--setup-cost",
        "0",
        "--training-cost",
        "30",
        "--volume",
        "1M",
    ]);
    assert_eq!(f(&j["base"]["cost_per_request"]), 0.00475);
    let c = &j["candidates"][0];
    assert_eq!(f(&c["cost_per_request"]), 0.00152);
    assert_eq!(f(&c["cached_prompt_share"]), 0.0);
    let w = warnings(&j);
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].contains("500 tokens is shorter than the 1024 tokens the provider caches"),
        "{w:?}"
    );
}

#[test]
fn caching_on_a_model_without_a_cached_price_warns() {
    let j = breakeven_json(&[
        "--base",
        "acme/big",
        "--base-prompt",
        "3000",
        "--output",
        "0",
        "--tuned-prompt",
        "0",
        "--tuned",
        "acme/small",
        "--cache-hit-rate",
        "0.5",
        "--setup-cost",
        "0",
        "--training-cost",
        "30",
        "--volume",
        "1M",
    ]);
    assert_eq!(f(&j["base"]["cost_per_request"]), 0.006); // 3,000 × 2.00, uncached
    assert!(warnings(&j)
        .iter()
        .any(|w| w.contains("acme/big: no cached-input price")));
}

#[test]
fn batch_discounts_inference_but_not_training() {
    // 0.0088 × 0.5 = 0.0044 and 0.00152 × 0.5 = 0.00076; training stays 2M × 3 × 5 = 30.
    let j = breakeven_json(&[
        "--base",
        "acme/cached",
        "--base-prompt",
        "3000",
        "--tuned",
        "acme/cached",
        "--tuned-prompt",
        "500",
        "--input",
        "200",
        "--output",
        "300",
        "--batch",
        "--setup-cost",
        "0",
        "--training-tokens",
        "2M",
        "--volume",
        "1M",
    ]);
    assert_eq!(j["batch"], true);
    assert_eq!(f(&j["base"]["cost_per_request"]), 0.0044);
    let c = &j["candidates"][0];
    assert_eq!(f(&c["cost_per_request"]), 0.00076);
    assert_eq!(f(&c["training_cost"]), 30.0);
    // Δ = 0.00364; 30 / 0.00364 = 8241.76… → 8,242.
    assert_eq!(c["break_even_requests"], 8242);
}

#[test]
fn long_context_tier_prices_the_whole_request_above_the_threshold() {
    // 150,000 + 60,000 = 210,000 > 200,000: (210,000 × 2.50 + 1,000 × 15) / 1M = $0.54.
    // The tuned path has no long-context tier in the sheet: billed at 1.25 / 10.00 with a warning.
    let j = breakeven_json(&[
        "--base",
        "acme/longctx",
        "--base-prompt",
        "150000",
        "--tuned",
        "acme/longctx",
        "--tuned-prompt",
        "150000",
        "--input",
        "60000",
        "--output",
        "1000",
        "--setup-cost",
        "0",
        "--training-cost",
        "1",
        "--volume",
        "10",
    ]);
    assert_eq!(f(&j["base"]["cost_per_request"]), 0.54);
    assert_eq!(j["base"]["long_context"], true);
    assert_eq!(f(&j["candidates"][0]["cost_per_request"]), 0.2725);
    assert!(warnings(&j)
        .iter()
        .any(|w| w.contains("no long-context tier for the fine-tuned model")));
    // At exactly 200,000 the standard prices apply: 200,000 × 1.25 + 1,000 × 10 → $0.26.
    let j = breakeven_json(&[
        "--base",
        "acme/longctx",
        "--base-prompt",
        "140000",
        "--tuned",
        "acme/longctx",
        "--tuned-prompt",
        "0",
        "--input",
        "60000",
        "--output",
        "1000",
        "--setup-cost",
        "0",
        "--training-cost",
        "1",
        "--volume",
        "10",
    ]);
    assert_eq!(f(&j["base"]["cost_per_request"]), 0.26);
    assert_eq!(j["base"]["long_context"], false);
}

fn quick_start(extra: &[&str]) -> Value {
    breakeven_json(&common::quick_start_with(extra))
}

#[test]
fn a_growth_horizon_sums_months_and_finds_the_payback_month() {
    // 100,000, 110,000, 121,000, 133,100 = 464,100 requests. Δ = 0.00728 a request;
    // T = 30 + 970 setup = 1,000: month 1 saves 728, month 2 brings it to 1,528.80.
    let j = quick_start(&[
        "--per-month",
        "100k",
        "--months",
        "4",
        "--growth",
        "10",
        "--setup-cost",
        "970",
    ]);
    assert_eq!(j["volume"], 464_100);
    let h = &j["horizon"];
    assert_eq!(h["months"], 4);
    assert_eq!(h["per_month"], 100_000);
    assert_eq!(f(&h["growth_percent"]), 10.0);
    assert_eq!(
        h["monthly_volumes"],
        serde_json::json!([100_000, 110_000, 121_000, 133_100])
    );
    assert_eq!(j["candidates"][0]["payback_month"], 2);
    // Net saving over the horizon: Σ servedᵢ × Δ − T = 464,100 × 0.00728 −
    // 1,000 = 3,378.648 − 1,000 = 2,378.648.
    assert_eq!(f(&j["candidates"][0]["net_saving"]), 2378.648);
    // With $10,000 of setup the saving (3,378.65 by month 4) never catches up.
    let j = quick_start(&[
        "--per-month",
        "100k",
        "--months",
        "4",
        "--growth",
        "10",
        "--setup-cost",
        "9970",
    ]);
    assert_eq!(j["candidates"][0]["payback_month"], Value::Null);
    // Negative growth shrinks the months: 1,000, 500, 250.
    let j = quick_start(&["--per-month", "1000", "--months", "3", "--growth", "-50"]);
    assert_eq!(
        j["horizon"]["monthly_volumes"],
        serde_json::json!([1000, 500, 250])
    );
}

/// `--growth` is a percentage and `--cache-hit-rate` a fraction: a growth
/// flag under 1 without `%` may be a fraction, so it is read as a
/// percentage with a warning saying how to write the other reading.
#[test]
fn a_small_growth_without_a_percent_sign_is_read_as_percent_with_a_warning() {
    let horizon = ["--per-month", "100k", "--months", "2"];
    let warned = |growth: &str| -> (Value, Vec<String>) {
        let j = quick_start(&[&horizon[..], &["--growth", growth]].concat());
        let w = warnings(&j);
        (j["horizon"]["monthly_volumes"].clone(), w)
    };
    // 0.05% a month: 100,000 then 100,050.
    let (months, w) = warned("0.05");
    assert_eq!(months, serde_json::json!([100_000, 100_050]));
    assert_eq!(
        w,
        ["a monthly growth of 0.05 reads as 0.05% a month; for 5% a month write 5 (or 5%)"]
    );
    let (_, w) = warned("-0.5");
    assert_eq!(
        w,
        ["a monthly growth of -0.5 reads as -0.5% a month; for -50% a month write -50 (or -50%)"]
    );
    // A `%` sign, a value of 1 or more, and 0 are unambiguous.
    for growth in ["0.05%", "5", "1", "0", "-1"] {
        let (_, w) = warned(growth);
        assert!(w.is_empty(), "{growth}: {w:?}");
    }
    let (months, _) = warned("5%");
    assert_eq!(months, serde_json::json!([100_000, 105_000]));
    // On stderr too, and the exit code stays 0.
    let out = ftvp()
        .args(["breakeven", "--pricing"])
        .arg(fixture("pricing"))
        .args(common::QUICK_START)
        .args(horizon)
        .args(["--growth", "0.05"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("warning: a monthly growth of 0.05"));
}

#[test]
fn months_with_a_volume_spread_it_evenly() {
    let j = quick_start(&["--volume", "10", "--months", "3"]);
    assert_eq!(
        j["horizon"]["monthly_volumes"],
        serde_json::json!([3, 3, 4])
    );
    assert_eq!(j["horizon"]["per_month"], Value::Null);
    assert_eq!(j["volume"], 10);
}

#[test]
fn hosting_fees_accrue_730_hours_a_month() {
    // 1.70 × 730 × 2 = 2,482; T = 10 + 2,482 = 2,492. Base 1,000 × 2.00 / 1M = 0.002,
    // tuned 0; 2,492 / 0.002 = 1,246,000 → 1,246,001.
    let j = breakeven_json(&[
        "--base",
        "acme/big",
        "--base-prompt",
        "1000",
        "--output",
        "0",
        "--tuned-prompt",
        "0",
        "--tuned",
        "acme/hosted",
        "--setup-cost",
        "0",
        "--training-cost",
        "10",
        "--volume",
        "1M",
        "--months",
        "2",
    ]);
    let c = &j["candidates"][0];
    assert_eq!(f(&c["hosting_cost"]), 2482.0);
    assert_eq!(f(&c["recurring_cost"]), 2482.0);
    assert_eq!(f(&c["fixed_cost"]), 2492.0);
    assert_eq!(c["break_even_requests"], 1_246_001);
}

#[test]
fn retraining_runs_cost_a_training_each_with_the_minimum() {
    // 12 months, every 3: ceil(12/3) − 1 = 3 more runs at 30 → 90; T = 120.
    let j = quick_start(&["--volume", "1M", "--months", "12", "--retrain-every", "3"]);
    let c = &j["candidates"][0];
    assert_eq!(c["retrain_runs"], 3);
    assert_eq!(f(&c["retraining_cost"]), 90.0);
    assert_eq!(f(&c["fixed_cost"]), 120.0);
    // acme/flat's $4 minimum applies to every run: 1 + 11 monthly retrains = 12 × 4.
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
        "--training-tokens",
        "10k",
        "--volume",
        "1M",
        "--months",
        "12",
        "--retrain-every",
        "1",
    ]);
    let c = &j["candidates"][0];
    assert_eq!(f(&c["training_cost"]), 4.0);
    assert_eq!(f(&c["retraining_cost"]), 44.0);
    assert_eq!(f(&c["fixed_cost"]), 48.0);
}

#[test]
fn upkeep_adds_to_the_fixed_cost() {
    let j = quick_start(&[
        "--volume",
        "1M",
        "--months",
        "12",
        "--maintenance-per-month",
        "100",
    ]);
    let c = &j["candidates"][0];
    assert_eq!(f(&c["maintenance_cost"]), 1200.0);
    assert_eq!(f(&c["fixed_cost"]), 1230.0);
    // 1,230 / 0.00728 = 168,956.04… → 168,957.
    assert_eq!(c["break_even_requests"], 168_957);
}

const COMBINED: &[&str] = &[
    "--base",
    "acme/cached",
    "--base-prompt",
    "3000",
    "--few-shot",
    "25",
    "--tuned",
    "acme/small",
    "--tuned-prompt",
    "500",
    "--input",
    "200",
    "--output",
    "300",
    "--cache-hit-rate",
    "0.9",
    "--per-month",
    "1M",
    "--months",
    "3",
    "--growth",
    "0",
    "--setup-cost",
    "0",
    "--training-tokens",
    "2M",
    "--epochs",
    "3",
    "--retrain-every",
    "2",
    "--maintenance-per-month",
    "50",
    "--examples",
    "400",
];

#[test]
fn combined_mechanisms_agree_with_hand_computation() {
    // Base cached: $0.00475; tuned $0.00152; Δ = 0.00323. 3M requests.
    // T = 30 training + 1 retrain × 30 + 3 × 50 upkeep = 210; 210 / 0.00323 = 65,015.5 → 65,016.
    let j = breakeven_json(COMBINED);
    assert_eq!(j["volume"], 3_000_000);
    let c = &j["candidates"][0];
    assert_eq!(f(&c["savings_per_request"]), 0.00323);
    assert_eq!(f(&c["recurring_cost"]), 180.0);
    assert_eq!(f(&c["fixed_cost"]), 210.0);
    assert_eq!(c["break_even_requests"], 65_016);
    assert!(close(
        f(&c["volume_multiple"]),
        3_000_000.0 * 0.00323 / 210.0
    ));
    assert_eq!(c["payback_month"], 1);
    // 630 / 0.00323 = 195,046.4 → 195,047; 2,100 / 0.00323 = 650,154.8 → 650,155.
    assert_eq!(c["volume_for_depends"], 195_047);
    assert_eq!(c["volume_for_fine_tune"], 650_155);
    assert_eq!(j["verdict"], "fine-tune");
    assert_eq!(note_codes(&j), ["examples-for-style-only", "many-few-shot"]);
}

#[test]
fn a_scenario_with_every_deeper_key_matches_the_flags() {
    let scenario = fixture("deeper.toml");
    let from_file = breakeven_json(&["--scenario", scenario.to_str().unwrap()]);
    let from_flags = breakeven_json(COMBINED);
    assert_eq!(from_file, from_flags);
}

#[test]
fn what_it_would_take_volumes_are_the_first_with_each_verdict() {
    // Δ = 0.00728, T = 30: 90 / 0.00728 = 12,362.6 → 12,363; 300 / 0.00728 = 41,208.8 → 41,209.
    let j = quick_start(&["--volume", "1"]);
    let c = &j["candidates"][0];
    assert_eq!(c["volume_for_depends"], 12_363);
    assert_eq!(c["volume_for_fine_tune"], 41_209);
    for (volume, verdict) in [
        ("12362", "prompt"),
        ("12363", "depends"),
        ("41208", "depends"),
        ("41209", "fine-tune"),
    ] {
        assert_eq!(
            quick_start(&["--volume", volume])["verdict"],
            verdict,
            "at {volume}"
        );
    }
    let out = ftvp()
        .args(["breakeven", "--pricing"])
        .arg(fixture("pricing"))
        .args(common::QUICK_START)
        .args(["--volume", "1"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("fine-tuning acme/small pays 3× at 12.4k requests and 10× at 41.3k requests"),
        "{text}"
    );
    // Never breaking even leaves both null.
    let j = breakeven_json(&[
        "--base",
        "acme/small",
        "--tuned",
        "acme/small",
        "--tuned-prompt",
        "0",
        "--output",
        "10",
        "--input",
        "0",
        "--training-cost",
        "1",
        "--setup-cost",
        "0",
        "--volume",
        "1",
    ]);
    assert_eq!(j["candidates"][0]["volume_for_depends"], Value::Null);
    assert_eq!(j["candidates"][0]["volume_for_fine_tune"], Value::Null);
}

#[test]
fn the_table_shows_second_order_costs_payback_and_notes() {
    let out = ftvp()
        .args(["breakeven", "--pricing"])
        .arg(fixture("pricing"))
        .args(COMBINED)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for needle in [
        "prompt read from cache",
        "90%",
        "hosting (3 months)",
        "retraining",
        "1 × $30.00",
        "upkeep (3 months)",
        "$150.00",
        "payback month",
        "month 1",
        "note [many-few-shot]",
        "note [examples-for-style-only]",
    ] {
        assert!(text.contains(needle), "`{needle}` missing:\n{text}");
    }
    let out = ftvp()
        .args(["breakeven", "--pricing"])
        .arg(fixture("pricing"))
        .args(common::quick_start_with(&[
            "--per-month",
            "100k",
            "--months",
            "4",
            "--setup-cost",
            "9970",
        ]))
        .output()
        .unwrap();
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .contains("beyond the horizon (4 months)"));
}

#[test]
fn advisory_notes_follow_their_triggers_and_never_change_the_verdict() {
    let codes = |extra: &[&str]| note_codes(&quick_start(&[&["--volume", "1M"], extra].concat()));
    assert_eq!(codes(&["--examples", "99"]), ["too-few-examples"]);
    assert_eq!(codes(&["--examples", "100"]), ["examples-for-style-only"]);
    assert_eq!(codes(&["--examples", "999"]), ["examples-for-style-only"]);
    assert!(codes(&["--examples", "1000"]).is_empty());
    assert_eq!(codes(&["--few-shot", "20"]), ["many-few-shot"]);
    assert!(codes(&["--few-shot", "19"]).is_empty());
    assert_eq!(
        codes(&["--months", "12", "--retrain-every", "1"]),
        ["task-still-changing"]
    );
    assert!(codes(&["--months", "12", "--retrain-every", "2"]).is_empty());
    // acme/cached can cache a 3,000-token prompt: suggested until a hit rate is given.
    let cached_json = |prompt: &str, output: &str, volume: &str, extra: &[&str]| {
        let mut a = vec![
            "--input",
            "0",
            "--base",
            "acme/cached",
            "--base-prompt",
            prompt,
            "--output",
            output,
            "--tuned-prompt",
            "0",
            "--tuned",
            "acme/small",
            "--setup-cost",
            "0",
            "--training-cost",
            "1",
            "--volume",
            volume,
        ];
        a.extend_from_slice(extra);
        breakeven_json(&a)
    };
    let cached = |prompt: &str, extra: &[&str]| note_codes(&cached_json(prompt, "0", "1", extra));
    let message = |j: &Value| j["notes"][0]["message"].as_str().unwrap().to_string();
    // Uncached Δ = 3,000 × 2 / 1M = 0.006, N* = 1 / 0.006 → 167. At a hit
    // rate of 0.2 the prompt costs 3,000 × (0.2 × 0.5 + 0.8 × 2) = 5,100 → 197,
    // less than a fifth further; at 0.3, 4,650 → 216, more than a fifth.
    assert_eq!(
        message(&cached_json("3000", "0", "1", &[])),
        "caching the engineered prompt of 3,000 tokens on acme/cached at a hit rate of 0.3 or \
         more moves the break-even from 167 to 216 requests; rerun with --cache-hit-rate and \
         your measured rate"
    );
    // At 1,667 requests the verdict is fine-tune (1,667 × 0.006 = 10.002×); at
    // 0.1 the prompt costs 3,000 × 1.85 = 5,550, and 1,667 × 0.00555 = 9.25×.
    let j = cached_json("3000", "0", "1667", &[]);
    assert_eq!(j["verdict"], "fine-tune");
    assert!(
        message(&j)
            .contains("at a hit rate of 0.1 or more changes the verdict from fine-tune to depends"),
        "{}",
        message(&j)
    );
    assert_eq!(cached("3000", &[]), ["try-prompt-caching"]);
    assert_eq!(cached("1024", &[]), ["try-prompt-caching"]);
    assert!(cached("3000", &["--cache-hit-rate", "0"]).is_empty());
    assert!(cached("1023", &[]).is_empty(), "below the caching minimum");
    // Where caching cannot matter, no note: 20,000 output tokens at $8/M
    // dwarf the prompt. Uncached Δ = (3,000 × 2 + 20,000 × 8) − 20,000 ×
    // 3.20 per 1M = 0.102; at a hit rate of 0.9 the prompt costs 3,000 ×
    // 0.65 instead of 3,000 × 2, Δ = 0.09795: the break-even moves 10 → 11.
    assert!(note_codes(&cached_json("3000", "20000", "1", &[])).is_empty());
    // The verdict is the same with or without notes.
    let plain = quick_start(&["--volume", "1M"]);
    let noted = quick_start(&["--volume", "1M", "--examples", "10", "--few-shot", "50"]);
    assert_eq!(plain["verdict"], noted["verdict"]);
    assert_eq!(plain["candidates"], noted["candidates"]);
}

fn deeper_args<'a>(pricing: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut a = vec![
        "breakeven",
        "--pricing",
        pricing,
        "--base",
        "acme/big",
        "--tuned-prompt",
        "0",
        "--tuned",
        "acme/small",
        "--setup-cost",
        "0",
        "--training-cost",
        "1",
        "--input",
        "0",
        "--output",
        "0",
    ];
    a.extend_from_slice(extra);
    a
}

#[test]
fn bad_deeper_inputs_exit_2_with_one_error_line() {
    let p = fixture("pricing").display().to_string();
    for (extra, needle) in [
        (
            &["--volume", "1", "--cache-hit-rate", "1.5"][..],
            "1.5 is outside 0..1",
        ),
        (&["--volume", "1", "--cache-hit-rate=-0.1"][..], "negative"),
        (
            &["--volume", "1", "--batch"][..],
            "--batch: acme/big has no batch_discount",
        ),
        (
            &["--volume", "1", "--per-month", "1", "--months", "2"][..],
            "give either --volume or --per-month, not both",
        ),
        (&["--per-month", "1"][..], "--per-month needs --months"),
        (&["--per-month", "1", "--months=-1"][..], "--months"),
        (
            &["--per-month", "1", "--months", "0"][..],
            "at least 1 month",
        ),
        (
            &["--per-month", "1", "--months", "2", "--growth", "-101"][..],
            "below -100%",
        ),
        (
            &["--volume", "1", "--growth", "5"][..],
            "--growth applies to --per-month",
        ),
        (
            &["--volume", "1", "--retrain-every", "3"][..],
            "--retrain-every (retrain_every_months in a scenario) needs a horizon",
        ),
        (
            &["--volume", "1", "--maintenance-per-month", "5"][..],
            "--maintenance-per-month (maintenance_per_month in a scenario) needs a horizon",
        ),
    ] {
        assert_input_error(&deeper_args(&p, extra), needle);
    }
    assert_input_error(
        &[
            "breakeven",
            "--pricing",
            &p,
            "--base",
            "acme/big",
            "--tuned-prompt",
            "0",
            "--tuned",
            "acme/hosted",
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
        ],
        "give --months",
    );
}

#[test]
fn tied_candidates_keep_the_order_given() {
    let order = |first: &str, second: &str| -> Vec<String> {
        let j = breakeven_json(&[
            "--base",
            "acme/big",
            "--base-prompt",
            "3000",
            "--output",
            "0",
            "--tuned-prompt",
            "0",
            "--tuned",
            first,
            "--tuned",
            second,
            "--setup-cost",
            "0",
            "--training-cost",
            "30",
            "--volume",
            "1M",
        ]);
        assert_eq!(j["best"], first);
        j["candidates"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["model"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        order("acme/twin", "acme/small"),
        ["acme/twin", "acme/small"]
    );
    assert_eq!(
        order("acme/small", "acme/twin"),
        ["acme/small", "acme/twin"]
    );
}
