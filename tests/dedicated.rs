//! Dedicated serving on the command line: the worked example of the design
//! (checked by hand), replica steps, reference throughput, and the errors.

mod common;

use common::{assert_input_error, dedicated_worked as worked, fixture, ftvp};
use serde_json::Value;

fn json(args: &[String]) -> Value {
    let out = ftvp()
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("{v} is not a number"))
}

#[test]
fn the_worked_example_gives_630_142_a_month_and_depends_at_3m() {
    // One replica costs 8 × 730 = $5,840 a month and carries 12 × 0.8 ×
    // 2,628,000 / 2 = 12,614,400 requests. Over 6 months the tuned path pays
    // when 6 × V × 0.0094 > 500 + 6 × 5,840, V > 35,540 / 0.0564 = 630,141.8…
    let j = json(&worked(&[
        "--replica-rps",
        "12",
        "--per-month",
        "3M",
        "--months",
        "6",
    ]));
    let c = &j["candidates"][0];
    assert_eq!(c["break_even_per_month"], 630_142);
    assert_eq!(
        (c["serve"].as_str(), c["gpu"].as_str()),
        (Some("dedicated"), Some("worked/h100-80gb"))
    );
    assert_eq!(
        c["candidate"],
        "worked/open-8b (dedicated worked/h100-80gb)"
    );
    assert_eq!(j["best"], c["candidate"]);
    // At 3M a month: savings 6 × 3M × 0.0094 = $169,200 against T = $35,540.
    assert_eq!(
        (f(&c["savings"]), f(&c["fixed_cost"])),
        (169_200.0, 35_540.0)
    );
    assert_eq!(
        (f(&c["capacity_cost"]), f(&c["training_cost"])),
        (35_040.0, 500.0)
    );
    assert!((f(&c["volume_multiple"]) - 169_200.0 / 35_540.0).abs() < 1e-12); // 4.76×
    assert_eq!(c["verdict"], "depends");
    // A dedicated candidate bills no per-token price.
    assert_eq!(
        (f(&c["cost_per_request"]), f(&c["savings_per_request"])),
        (0.0, 0.0094)
    );
    assert_eq!(c["replicas"], serde_json::json!([1, 1, 1, 1, 1, 1]));
    assert_eq!(c["break_even_requests"], Value::Null);
    assert_eq!(c["throughput"]["method"], "given");
    assert_eq!(f(&c["throughput"]["requests_per_second"]), 12.0);
}

#[test]
fn a_month_of_12_614_401_requests_needs_a_second_replica() {
    let j = json(&worked(&[
        "--replica-rps",
        "12",
        "--per-month",
        "12614401",
        "--months",
        "6",
    ]));
    let c = &j["candidates"][0];
    assert_eq!(c["replicas"], serde_json::json!([2, 2, 2, 2, 2, 2]));
    // Two replicas: 2 × $5,840 a month; month 1 also holds the $500 of training.
    assert_eq!(f(&c["ledger"][0]["fixed_cost"]), 12_180.0);
    assert_eq!(c["ledger"][0]["replicas"], 2);
    let j = json(&worked(&[
        "--replica-rps",
        "12",
        "--per-month",
        "12614400",
        "--months",
        "6",
    ]));
    assert_eq!(j["candidates"][0]["replicas"][0], 1);
}

#[test]
fn a_sweep_over_monthly_volumes_shows_the_replica_saw_tooth() {
    // One request past a replica's capacity adds a replica in each of the 6
    // months: the tuned total rises by 6 × $5,840 while the prompting total
    // rises by 6 × $0.0094.
    let mut args = worked(&["--replica-rps", "12", "--months", "6"]);
    args[0] = "sweep".into();
    args.extend(["--from", "12614400", "--to", "12614401", "--points", "2"].map(String::from));
    let j = json(&args);
    assert_eq!(j["axis"], "per_month");
    let label = "worked/open-8b (dedicated worked/h100-80gb)";
    let rows = j["rows"].as_array().unwrap();
    let total = |i: usize| f(&rows[i]["totals"][label]);
    assert_eq!(
        rows[1]["volume"].as_u64().unwrap() - rows[0]["volume"].as_u64().unwrap(),
        1
    );
    assert_eq!(total(1) - total(0), 6.0 * 5_840.0);
    assert!((f(&rows[1]["base_total"]) - f(&rows[0]["base_total"]) - 6.0 * 0.0094).abs() < 1e-9);
    // The marker of the dedicated candidate is its break-even per month.
    assert_eq!(j["lines"][1]["break_even_requests"], 630_142);
}

#[test]
fn without_a_throughput_a_shipped_measurement_is_an_estimate_naming_its_shape() {
    // open-8b is of class dense-8b; the shipped rows measure Qwen3-8B on one
    // H100. The request's shape is 0 + 200 tokens in, 300 out.
    let j = json(&worked(&["--per-month", "3M", "--months", "6"]));
    let c = &j["candidates"][0];
    assert_eq!(c["throughput"]["method"], "estimate");
    let r = &c["throughput"]["reference"];
    assert_eq!(
        (r["class"].as_str(), r["gpu"].as_str(), r["gpus"].as_u64()),
        (Some("dense-8b"), Some("h100-80gb"), Some(1))
    );
    // Requests per second = the row's output tokens per second ÷ 300.
    let rps = f(&r["output_tokens_per_second"]) / 300.0;
    assert!((f(&c["throughput"]["requests_per_second"]) - rps).abs() < 1e-9);
    let note = j["notes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["code"] == "throughput-estimate")
        .unwrap();
    let shape = format!("at {}→{} tokens", r["input_tokens"], r["output_tokens"]);
    assert!(note["message"].as_str().unwrap().contains(&shape), "{note}");
}

#[test]
fn a_missing_throughput_or_horizon_is_an_error_naming_the_flags() {
    let args = worked(&[
        "--gpus-per-replica",
        "2",
        "--per-month",
        "3M",
        "--months",
        "6",
    ]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    assert_input_error(&args, "give --replica-rps or --replica-output-tps");
    assert_input_error(
        &args,
        "no shipped reference measurement for dense-8b on 2 × worked/h100-80gb",
    );
    // An hourly price names no GPU: a throughput is required.
    let mut hourly = worked(&["--per-month", "3M", "--months", "6"]);
    let gpu = hourly.iter().position(|a| a == "--gpu").unwrap();
    hourly.splice(gpu..gpu + 2, ["--gpu-hourly".to_string(), "8".to_string()]);
    let hourly: Vec<&str> = hourly.iter().map(String::as_str).collect();
    assert_input_error(&hourly, "--replica-rps");
    let args = worked(&["--replica-rps", "12", "--volume", "18M"]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    assert_input_error(&args, "served dedicated needs a horizon");
    let args = worked(&[
        "--replica-rps",
        "12",
        "--gpu-hourly",
        "8",
        "--per-month",
        "1",
        "--months",
        "1",
    ]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    assert_input_error(&args, "give either --gpu or --gpu-hourly, not both");
    let args = worked(&["--replica-rps", "0", "--per-month", "1", "--months", "1"]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    assert_input_error(&args, "--replica-rps");
    let args = worked(&["--headroom", "1.2", "--per-month", "1", "--months", "1"]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    assert_input_error(&args, "--headroom");
}

#[test]
fn one_model_can_be_ranked_per_token_and_dedicated_in_one_comparison() {
    // open-8b-lora per token: (200 × 0.20 + 300 × 0.20) / 1M = $0.0001 a
    // request, trained for $500; dedicated it costs $35,540 of GPUs and
    // training. At 3M a month for 6 months per token is far cheaper.
    let p = fixture("dedicated").display().to_string();
    let args = [
        "breakeven",
        "--pricing",
        &p,
        "--base",
        "worked/big",
        "--base-prompt",
        "3000",
        "--input",
        "200",
        "--output",
        "300",
        "--setup-cost",
        "0",
        "--training-cost",
        "500",
        "--tuned-prompt",
        "0",
        "--tuned",
        "worked/open-8b-lora",
        "--tuned",
        "worked/open-8b-lora",
        "--serve",
        "per-token",
        "--serve",
        "dedicated",
        "--gpu",
        "worked/h100-80gb",
        "--replica-rps",
        "12",
        "--per-month",
        "3M",
        "--months",
        "6",
    ]
    .map(String::from);
    let j = json(&args);
    let labels: Vec<&str> = j["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["candidate"].as_str().unwrap())
        .collect();
    assert_eq!(
        labels,
        [
            "worked/open-8b-lora",
            "worked/open-8b-lora (dedicated worked/h100-80gb)"
        ]
    );
    // 18M × 0.0001 + 500 = $2,300.
    assert_eq!(f(&j["candidates"][0]["total_cost"]), 2_300.0);
    assert_eq!(j["best"], "worked/open-8b-lora");
    // The table ranks both, and names the dedicated one's GPU.
    let out = ftvp().args(args).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for needle in [
        "replicas per month",
        "break-even per month",
        "630,142 requests",
        "worked/h100-80gb",
    ] {
        assert!(text.contains(needle), "`{needle}` missing:\n{text}");
    }
}

#[test]
fn a_scenario_serves_a_candidate_dedicated_with_its_own_keys() {
    let dir = tempfile::tempdir().unwrap();
    let s = dir.path().join("s.toml");
    let p = fixture("dedicated").display().to_string();
    std::fs::write(
        &s,
        "[base]\nmodel = \"worked/big\"\nprompt_tokens = 3000\n\n[[tuned]]\nmodel = \"worked/open-8b\"\nprompt_tokens = 0\n\
         serve = \"dedicated\"\ngpu_hourly = 8.0\nreplica_rps = 12\nheadroom = 0.8\npeak_to_average = 2\n\
         min_replicas = 1\n\n[request]\ninput_tokens = 200\noutput_tokens = 300\n\n[training]\ncost = 500.0\nsetup_cost = 0\n\n\
         [horizon]\nper_month = \"3M\"\nmonths = 6\n",
    )
    .unwrap();
    let j = json(&[
        "breakeven".into(),
        "--pricing".into(),
        p.clone(),
        "--scenario".into(),
        s.display().to_string(),
    ]);
    let c = &j["candidates"][0];
    assert_eq!(
        (c["break_even_per_month"].as_u64(), c["gpu"].as_str()),
        (Some(630_142), None)
    );
    assert_eq!(c["candidate"], "worked/open-8b (dedicated)");
    std::fs::write(
        &s,
        "[[tuned]]\nmodel = \"worked/open-8b\"\nheadroom = 1.5\n",
    )
    .unwrap();
    let s = s.display().to_string();
    assert_input_error(
        &["breakeven", "--pricing", &p, "--scenario", &s],
        "key `tuned.headroom`",
    );
}
