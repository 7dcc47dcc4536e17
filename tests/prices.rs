//! `ftvp prices` and the shipped price sheets.

mod common;

use std::io::Read;
use std::process::Stdio;

use common::{assert_input_error, ftvp};
use serde_json::Value;

fn prices_json(args: &[&str]) -> Value {
    let out = ftvp()
        .arg("prices")
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

fn model<'a>(doc: &'a Value, id: &str) -> &'a Value {
    doc["models"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == id)
        .unwrap_or_else(|| panic!("{id} not listed"))
}

#[test]
fn shipped_prices_equal_the_published_facts() {
    let doc = prices_json(&[]);
    assert_eq!(doc["schema"], "ftvp.prices/1");
    let m = model(&doc, "openai/gpt-4.1-mini");
    assert_eq!(m["input"], 0.4);
    assert_eq!(m["cached_input"], 0.1);
    assert_eq!(m["output"], 1.6);
    assert_eq!(m["fine_tuning"]["training"], 5.0);
    assert_eq!(m["fine_tuning"]["input"], 0.8);
    assert_eq!(m["fine_tuning"]["output"], 3.2);
    assert_eq!(m["tokenizer"], "o200k_base");
    let m = model(&doc, "openai/gpt-4o");
    assert_eq!(m["fine_tuning"]["cached_input"], 1.875);
    // o4-mini's reinforcement fine-tuning is billed per hour: no per-token training price.
    let m = model(&doc, "openai/o4-mini");
    assert_eq!(m["fine_tuning"]["training"], Value::Null);
    assert_eq!(m["fine_tuning"]["output"], 16.0);
    let m = model(&doc, "anthropic/claude-haiku-4-5");
    assert_eq!(
        (m["input"].as_f64(), m["output"].as_f64()),
        (Some(1.0), Some(5.0))
    );
    assert_eq!(m["cache_write"], 1.25);
    assert_eq!(m["fine_tuning"], Value::Null);
    let m = model(&doc, "google/gemini-2.5-pro");
    assert_eq!(m["long_context"]["above_input_tokens"], 200_000);
    assert_eq!(m["long_context"]["input"], 2.5);
    assert_eq!(m["long_context"]["output"], 15.0);
    let m = model(&doc, "azure/gpt-4.1-mini");
    assert_eq!(m["fine_tuning"]["hosting_per_hour"], 1.7);
}

#[test]
fn every_shipped_sheet_has_a_date_and_a_source() {
    let doc = prices_json(&[]);
    let models = doc["models"].as_array().unwrap();
    assert!(models.len() >= 30, "{} models", models.len());
    for m in models {
        assert!(
            m["source"].as_str().unwrap().starts_with("https://"),
            "{}",
            m["id"]
        );
        assert!(
            m["as_of"].as_str().unwrap().starts_with("20"),
            "{}",
            m["id"]
        );
        assert_eq!(m["currency"], "USD");
    }
    for provider in [
        "openai",
        "anthropic",
        "google",
        "together",
        "fireworks",
        "azure",
    ] {
        assert!(
            models.iter().any(|m| m["provider"] == provider),
            "{provider}"
        );
    }
}

#[test]
fn filters_by_provider_and_fine_tunable() {
    let doc = prices_json(&["--provider", "openai", "--fine-tunable"]);
    let models = doc["models"].as_array().unwrap();
    assert!(!models.is_empty());
    for m in models {
        assert_eq!(m["provider"], "openai");
        assert!(m["fine_tuning"].is_object(), "{}", m["id"]);
    }
    assert!(models.iter().all(|m| m["id"] != "openai/gpt-5"));
    assert_input_error(
        &["prices", "--provider", "nobody"],
        "--provider nobody: no loaded sheet has this provider",
    );
}

#[test]
fn the_table_lists_prices_dates_and_sources() {
    let out = ftvp()
        .args(["prices", "--provider", "openai"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for needle in [
        "openai/gpt-4.1-mini",
        "0.40",
        "1.60",
        "5.00",
        "3.20",
        "1,047,576",
        "2026-11-22",
        "https://openai.com/api/pricing/",
        "other",
    ] {
        assert!(text.contains(needle), "`{needle}` missing:\n{text}");
    }
    assert!(!text.contains("anthropic/"));
}

#[test]
fn a_closed_pipe_is_a_quiet_success() {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_ftvp"))
        .arg("prices")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
}

#[test]
fn help_explains_every_flag_with_its_unit_and_default() {
    let out = ftvp().args(["breakeven", "--help"]).output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    for needle in [
        "--base <MODEL>",
        "--base-prompt <TOKENS>",
        "--tuned <MODEL>",
        "--tuned-prompt <TOKENS>",
        "--input <TOKENS>",
        "--output <TOKENS>",
        "--training-cost <USD>",
        "--training-tokens <TOKENS>",
        "--epochs <N>",
        "[default: 3]",
        "--setup-cost <USD>",
        "--volume <REQUESTS>",
        "--depends-at <X>",
        "--fine-tune-at <X>",
        "[default: 10]",
        "--expect <VERDICT>",
        "--pricing <DIR>",
        "--scenario <FILE>",
        "--format <FORMAT>",
        "--color <WHEN>",
        "Exit codes:",
        "FTVP_PRICING",
    ] {
        assert!(
            help.contains(needle),
            "`{needle}` missing from breakeven --help"
        );
    }
    let out = ftvp().arg("--help").output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(help.contains("breakeven") && help.contains("prices") && help.contains("Exit codes:"));
}
