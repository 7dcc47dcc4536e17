//! The basis of an answer (design §14) names the long-context tier when it
//! priced the request, a dedicated candidate's GPU entry (or the input that
//! gave its hourly price), and the `estimate` flag when a token count that
//! prices a path is an estimate.

mod common;

use common::{dedicated_worked, fixture, ftvp};
use serde_json::Value;

fn run(args: &[&str]) -> (Value, String) {
    let json = |format: &str| {
        let out = ftvp()
            .env("COLUMNS", "200")
            .args(args)
            .args(["--format", format])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(out.status.code(), Some(0), "{stderr}");
        String::from_utf8(out.stdout).unwrap()
    };
    let table = common::unwrapped(&json("table"));
    (serde_json::from_str(&json("json")).unwrap(), table)
}

fn acme(extra: &[&str]) -> Vec<String> {
    let p = fixture("pricing").display().to_string();
    let mut args: Vec<String> = ["breakeven", "--pricing", &p].map(String::from).to_vec();
    args.extend(extra.iter().map(|s| s.to_string()));
    args
}

/// acme/longctx: 1.25/10.00, above 200,000 prompt + input tokens 2.50/15.00.
#[test]
fn the_long_context_tier_is_in_the_basis_when_it_priced_the_request() {
    let args = acme(&[
        "--base",
        "acme/longctx",
        "--base-prompt",
        "199000",
        "--input",
        "2000",
        "--output",
        "300",
        "--tuned",
        "acme/small",
        "--tuned-prompt",
        "100",
        "--training-tokens",
        "1M",
        "--setup-cost",
        "0",
        "--volume",
        "1M",
    ]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (j, table) = run(&args);
    // 199,000 + 2,000 = 201,000 > 200,000: the long tier.
    let p = &j["base"]["basis"][0]["prices"];
    assert_eq!(
        (p["input"].as_f64(), p["output"].as_f64()),
        (Some(2.5), Some(15.0))
    );
    assert_eq!(p["long_context_above"], 200_000);
    assert_eq!(j["base"]["long_context"], true);
    assert!(
        table.contains(
            "basis: acme/longctx: in 2.50, out 15.00 /1M (long-context tier: prompt + input over 200,000)"
        ),
        "{table}"
    );
    // The tuned path stays on its standard prices.
    assert_eq!(
        j["candidates"][0]["basis"][0]["prices"]["long_context_above"],
        Value::Null
    );
    // At 198,000 + 2,000 = 200,000, not above: the standard tier.
    let below: Vec<&str> = args
        .iter()
        .map(|a| if *a == "199000" { "198000" } else { a })
        .collect();
    let (j, _) = run(&below);
    let p = &j["base"]["basis"][0]["prices"];
    assert_eq!(
        (p["input"].as_f64(), p["long_context_above"].clone()),
        (Some(1.25), Value::Null)
    );
}

/// acme's sheet names no tokenizer: prompt and training files counted for
/// its models are o200k_base estimates, and each path says so.
#[test]
fn estimated_token_counts_flag_the_paths_they_price() {
    let args = acme(&[
        "--base",
        "acme/big",
        "--base-prompt-file",
        "examples/files/prompt.txt",
        "--input",
        "200",
        "--output",
        "300",
        "--tuned",
        "acme/small",
        "--tuned-prompt",
        "100",
        "--training-file",
        "examples/files/train.jsonl",
        "--setup-cost",
        "0",
        "--volume",
        "1M",
    ]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (j, table) = run(&args);
    assert_eq!(
        j["base"]["basis"][0]["flags"],
        serde_json::json!(["estimate"])
    );
    assert_eq!(
        j["candidates"][0]["basis"][0]["flags"],
        serde_json::json!(["estimate"])
    );
    assert!(
        table.contains("checked 2026-11-01; flags: estimate)"),
        "{table}"
    );
    // Numbers given as numbers are no estimate.
    let given = acme(&[
        "--base",
        "acme/big",
        "--base-prompt",
        "3000",
        "--input",
        "200",
        "--output",
        "300",
        "--tuned",
        "acme/small",
        "--tuned-prompt",
        "100",
        "--training-tokens",
        "1M",
        "--setup-cost",
        "0",
        "--volume",
        "1M",
    ]);
    let given: Vec<&str> = given.iter().map(String::as_str).collect();
    let (j, _) = run(&given);
    assert_eq!(j["base"]["basis"][0]["flags"], serde_json::json!([]));
    assert_eq!(
        j["candidates"][0]["basis"][0]["flags"],
        serde_json::json!([])
    );
}

/// The worked dedicated example (tests/fixtures/dedicated, as_of 2026-11-20):
/// the GPU's sheet in the JSON and the block; an hourly price given
/// directly names the input instead.
#[test]
fn a_dedicated_basis_names_its_gpu_entry_or_the_given_price() {
    let args = dedicated_worked(&["--replica-rps", "12", "--per-month", "3M", "--months", "6"]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (j, table) = run(&args);
    let gpu = &j["candidates"][0]["basis"][0]["gpu"];
    assert_eq!(gpu["id"], "worked/h100-80gb");
    assert_eq!(gpu["layer"], "--pricing");
    assert_eq!(gpu["checked"], "2026-11-20");
    let origin = gpu["origin"].as_str().unwrap();
    assert!(origin.ends_with("worked.toml"), "{origin}");
    assert!(
        table.contains(&format!(
            "; GPU worked/h100-80gb from {origin}, --pricing, checked 2026-11-20;"
        )),
        "{table}"
    );
    let hourly: Vec<&str> = args
        .iter()
        .map(|a| match *a {
            "--gpu" => "--gpu-hourly",
            "worked/h100-80gb" => "8",
            a => a,
        })
        .collect();
    let (j, table) = run(&hourly);
    let gpu = &j["candidates"][0]["basis"][0]["gpu"];
    assert_eq!(
        gpu,
        &serde_json::json!({"id": null, "origin": "--gpu-hourly", "layer": "given", "checked": null})
    );
    assert!(table.contains("; GPU price from --gpu-hourly;"), "{table}");
}
