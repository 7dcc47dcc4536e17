//! Time in the decision: models shut down before the start, ends of service
//! inside a horizon (served and lost requests, prorated by days), retrains
//! that can no longer happen, and dated price changes; checked against
//! hand-computed values.

mod common;

use common::{assert_input_error, fixture, ftvp};
use serde_json::Value;

/// The README's quick start on the shipped sheets, without a volume.
const OPENAI: &[&str] = &[
    "breakeven",
    "--base",
    "openai/gpt-4.1",
    "--base-prompt",
    "3000",
    "--tuned",
    "openai/gpt-4.1-mini",
    "--tuned-prompt",
    "500",
    "--input",
    "200",
    "--output",
    "300",
    "--setup-cost",
    "0",
    "--training-tokens",
    "2M",
];

fn today_27(args: &[&str]) -> assert_cmd::Command {
    let mut cmd = ftvp();
    cmd.env("FTVP_TODAY", "2026-11-27").args(args);
    cmd
}

fn json(args: &[&str]) -> Value {
    let out = today_27(&[args, &["--format", "json"]].concat())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// `json` of a comparison on the dated fixture: `dated/big` with a
/// 3,000-token prompt against `tuned` with 500, 200 in and 300 out, 2M
/// training tokens, no setup cost unless `extra` gives one, then `extra`.
fn json_dated(tuned: &[&str], extra: &[&str]) -> Value {
    let p = fixture("dated").display().to_string();
    let mut args = vec!["breakeven", "--pricing", &p, "--base", "dated/big"];
    args.extend(["--base-prompt", "3000"]);
    for t in tuned {
        args.extend(["--tuned", t]);
    }
    args.extend(["--tuned-prompt", "500", "--input", "200", "--output", "300"]);
    args.extend(["--training-tokens", "2M"]);
    if !extra.contains(&"--setup-cost") {
        args.extend(["--setup-cost", "0"]);
    }
    args.extend(extra);
    json(&args)
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("{v} is not a number"))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

fn assert_error_today_27(args: &[&str], needles: &[&str]) {
    let out = today_27(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(out.stdout.is_empty());
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    for n in needles {
        assert!(stderr.contains(n), "`{n}` not in {stderr}");
    }
}

#[test]
fn a_volume_alone_is_refused_when_the_fine_tune_retires_within_a_year() {
    // gpt-4.1-mini's fine-tunes stop serving on 2027-01-14, 48 days after
    // 2026-11-27: a volume cannot say which of its requests come before.
    assert_error_today_27(
        &[OPENAI, &["--volume", "5M"]].concat(),
        &["2027-01-14", "within 12 months", "--per-month", "--months"],
    );
}

#[test]
fn a_horizon_serves_the_requests_before_the_end_of_service_and_loses_the_rest() {
    // Months from 2026-11-27: [11-27, 12-27), [12-27, 01-27), [01-27, 02-27).
    // E = 2027-01-14: month 1 served whole; month 2 has 18 of its 31 days
    // before E, so ⌊(2 × 2,000,000 × 18 + 31) / 62⌋ = 1,161,290 are served;
    // month 3 none. Served 3,161,290, lost 2,838,710.
    let j = json(&[OPENAI, &["--per-month", "2M", "--months", "3"]].concat());
    assert_eq!(j["start"], "2026-11-27");
    let c = &j["candidates"][0];
    assert_eq!(c["end_of_service"], "2027-01-14");
    assert_eq!(c["end_of_service_reason"], "shutdown");
    assert_eq!(
        (c["served_volume"].as_u64(), c["lost_volume"].as_u64()),
        (Some(3_161_290), Some(2_838_710))
    );
    let served: Vec<u64> = c["ledger"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["served"].as_u64().unwrap())
        .collect();
    assert_eq!(served, [2_000_000, 1_161_290, 0]);
    // Only served requests save: 3,161,290 × $0.00728 = $23,014.1912 against T = $30.
    assert!(close(f(&c["savings"]), 23014.1912));
    assert!(close(f(&c["volume_multiple"]), 23014.1912 / 30.0));
    assert_eq!(c["verdict"], "fine-tune");
    // Lost requests are billed as prompting requests:
    // 30 + 3,161,290 × 0.00152 + 2,838,710 × 0.0088 = $29,815.8088.
    assert!(close(f(&c["total_cost"]), 29815.8088));
    assert!(close(f(&j["base"]["total_cost"]), 52_800.0));
    // Month 2's own amounts: tuned 1,161,290 × 0.00152 + 838,710 × 0.0088.
    let m2 = &c["ledger"][1];
    assert_eq!(
        (m2["from"].as_str(), m2["lost"].as_u64()),
        (Some("2026-12-27"), Some(838_710))
    );
    assert!(close(f(&m2["tuned_cost"]), 9145.8088));
    let codes: Vec<&str> = j["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["code"].as_str().unwrap())
        .collect();
    for code in ["tuned-retiring", "training-closing", "base-retiring"] {
        assert!(codes.contains(&code), "{code} not in {codes:?}");
    }
}

#[test]
fn the_verdict_counts_only_the_requests_served_before_the_end() {
    // dated/retiring and dated/closing have the same prices; only the first
    // stops serving on 2027-01-14. 12 months of 100,000 requests, T = 30 + 170.
    // Without an end: 1,200,000 × 0.00728 = 8,736 → 43.68× → fine-tune.
    // With it: 100,000 + ⌊(2 × 100,000 × 18 + 31) / 62⌋ = 100,000 + 58,065
    // = 158,065 served, 158,065 × 0.00728 = 1,150.7132 → 5.75× → depends.
    let j = json_dated(
        &["dated/retiring", "dated/closing"],
        &[
            "--setup-cost",
            "170",
            "--per-month",
            "100k",
            "--months",
            "12",
        ],
    );
    let by = |m: &str| {
        j["candidates"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["model"] == m)
            .unwrap()
            .clone()
    };
    let (retiring, closing) = (by("dated/retiring"), by("dated/closing"));
    assert_eq!(retiring["served_volume"], 158_065);
    assert!(close(f(&retiring["savings"]), 1150.7132));
    assert_eq!(retiring["verdict"], "depends");
    assert!(close(f(&closing["savings"]), 8_736.0));
    assert_eq!(closing["verdict"], "fine-tune");
    assert_eq!(closing["end_of_service"], Value::Null);
    // The one that keeps serving is cheaper and gives the overall verdict.
    assert_eq!(
        (j["best"].as_str(), j["verdict"].as_str()),
        (Some("dated/closing"), Some("fine-tune"))
    );
}

#[test]
fn models_shut_down_before_the_start_are_errors_naming_the_date() {
    assert_error_today_27(
        &[
            OPENAI,
            &[
                "--tuned-prompt",
                "0",
                "--tuned",
                "openai/gpt-4.1-nano",
                "--volume",
                "1",
            ],
        ]
        .concat(),
        &["openai/gpt-4.1-nano was shut down on 2026-10-23"],
    );
    let p = fixture("dated").display().to_string();
    let dated = |tuned: &str, start: &str| {
        vec![
            "breakeven".to_string(),
            "--pricing".into(),
            p.clone(),
            "--base".into(),
            "dated/big".into(),
            "--tuned-prompt".into(),
            "0".into(),
            "--tuned".into(),
            tuned.into(),
            "--setup-cost".into(),
            "0".into(),
            "--training-cost".into(),
            "1".into(),
            "--input".into(),
            "0".into(),
            "--output".into(),
            "0".into(),
            "--per-month".into(),
            "1".into(),
            "--months".into(),
            "1".into(),
            "--start".into(),
            start.into(),
        ]
    };
    let args = dated("dated/gone", "2026-11-27");
    assert_input_error(
        &args.iter().map(String::as_str).collect::<Vec<_>>(),
        "dated/gone was shut down on 2026-10-23",
    );
    // On the day training closes, no job can start.
    let args = dated("dated/closing", "2027-01-06");
    assert_input_error(
        &args.iter().map(String::as_str).collect::<Vec<_>>(),
        "no new fine-tuning jobs for dated/closing since 2027-01-06",
    );
    // The day before, it can: a past or future start is fine.
    let args = dated("dated/closing", "2027-01-05");
    let out = ftvp().args(&args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_retrain_due_after_training_closes_ends_service_that_day() {
    // Retrain every month from 2026-11-27; training closes 2027-01-06, in
    // month 2. Month 2's retrain (2026-12-27) is possible, month 3's
    // (2027-01-27) is not: E = 2027-01-27, months 3 to 6 are lost.
    let j = json_dated(
        &["dated/closing"],
        &[
            "--retrain-every",
            "1",
            "--per-month",
            "1000",
            "--months",
            "6",
        ],
    );
    let c = &j["candidates"][0];
    assert_eq!(c["end_of_service"], "2027-01-27");
    assert_eq!(c["end_of_service_reason"], "retraining-closed");
    assert_eq!(
        (c["served_volume"].as_u64(), c["lost_volume"].as_u64()),
        (Some(2000), Some(4000))
    );
    // One retrain (month 2) at $30; none at or after E.
    assert_eq!(c["retrain_runs"], 1);
    assert_eq!(f(&c["fixed_cost"]), 60.0);
}

#[test]
fn each_month_is_billed_at_the_prices_of_its_first_day() {
    // dated/changing's tuned output doubles from 2027-01-01. Months start
    // 2026-11-27, 2026-12-27 (old price) and 2027-01-27 (new price):
    // 1,000 × 0.00152 = 1.52, 1.52, then 1,000 × 0.00248 = 2.48.
    let j = json_dated(
        &["dated/changing"],
        &["--per-month", "1000", "--months", "3"],
    );
    let p = fixture("dated").display().to_string();
    let c = &j["candidates"][0];
    let tuned: Vec<f64> = c["ledger"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| f(&m["tuned_cost"]))
        .collect();
    assert_eq!(tuned, [1.52, 1.52, 2.48]);
    let saving: Vec<f64> = c["ledger"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| f(&m["cumulative_saving"]))
        .collect();
    assert!(close(saving[2], 3.0 * 8.8 - 1.52 - 1.52 - 2.48));
    // The report's cost per request is the start's.
    assert_eq!(f(&c["cost_per_request"]), 0.00152);
    let codes: Vec<&str> = j["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"price-change"), "{codes:?}");
    // Without a horizon the start's prices bill everything, with a warning.
    let out = today_27(&[
        "breakeven",
        "--pricing",
        &p,
        "--base",
        "dated/big",
        "--tuned-prompt",
        "0",
        "--tuned",
        "dated/changing",
        "--setup-cost",
        "0",
        "--training-cost",
        "1",
        "--volume",
        "1000",
        "--input",
        "0",
        "--output",
        "0",
    ])
    .output()
    .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("its prices change on 2027-01-01"),
        "{stderr}"
    );
}

#[test]
fn a_start_is_kept_when_a_flag_replaces_the_scenarios_horizon() {
    let dir = tempfile::tempdir().unwrap();
    let s = dir.path().join("s.toml");
    std::fs::write(
        &s,
        "[horizon]\nstart = 2026-01-14\nper_month = 5\nmonths = 2\n",
    )
    .unwrap();
    let j = json(
        &[
            OPENAI,
            &["--scenario", s.to_str().unwrap(), "--volume", "1000"],
        ]
        .concat(),
    );
    assert_eq!(j["start"], "2026-01-14");
    assert_eq!(j["horizon"], Value::Null);
    // E = 2027-01-14 is not before 2026-01-14 + 12 months: a warning, not an error.
    assert_eq!(j["candidates"][0]["end_of_service"], "2027-01-14");
    assert!(j["warnings"][0]
        .as_str()
        .unwrap()
        .contains("stops serving on 2027-01-14"));
    // A day later it is within the year, and the volume alone is refused.
    std::fs::write(&s, "[horizon]\nstart = 2026-01-15\n").unwrap();
    assert_error_today_27(
        &[
            OPENAI,
            &["--scenario", s.to_str().unwrap(), "--volume", "1000"],
        ]
        .concat(),
        &["within 12 months of the start (2026-01-15)"],
    );
}

/// Design §14, §20.14: a dated change within the horizon splits the basis
/// into price periods. dated/changing's fine-tuned output goes from 3.20 to
/// 6.40 on 2027-01-01: from the start (2026-11-27) to then, and from then
/// to the end of the 3-month horizon (2027-02-27).
#[test]
fn a_dated_change_splits_the_basis_into_periods() {
    let j = json_dated(
        &["dated/changing"],
        &["--per-month", "100k", "--months", "3"],
    );
    let basis = &j["candidates"][0]["basis"];
    let periods: Vec<(&str, Option<&str>, f64)> = basis
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let output = p["prices"]["output"].as_f64().unwrap();
            (p["from"].as_str().unwrap(), p["to"].as_str(), output)
        })
        .collect();
    assert_eq!(
        periods,
        [
            ("2026-11-27", Some("2027-01-01"), 3.2),
            ("2027-01-01", Some("2027-02-27"), 6.4),
        ]
    );
}
