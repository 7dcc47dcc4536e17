//! The request-cost rules that a run beside LiteLLM's cost calculator showed
//! wrong or missing (design.md §20.28–§20.30, issue 25), on made-up sheets
//! with the shapes of the real ones (`tests/fixtures/rules`). Each expected
//! cost is worked out by hand in the comment above it.

mod common;

use common::{assert_input_error, fixture, ftvp};
use serde_json::Value;

/// `ftvp breakeven` on the rules sheet with `rules/tuned` as the candidate;
/// its JSON.
fn breakeven(args: &[&str]) -> Value {
    let out = ftvp()
        .arg("breakeven")
        .arg("--pricing")
        .arg(fixture("rules"))
        .args(args)
        .args([
            "--tuned",
            "rules/tuned",
            "--tuned-prompt",
            "0",
            "--setup-cost",
            "0",
            "--training-cost",
            "100",
            "--volume",
            "1000",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn base_cost(doc: &Value) -> f64 {
    doc["base"]["cost_per_request"].as_f64().unwrap()
}

fn notes(doc: &Value) -> Vec<(String, String)> {
    doc["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            let s = |k: &str| n[k].as_str().unwrap().to_string();
            (s("code"), s("message"))
        })
        .collect()
}

#[test]
fn a_long_context_request_bills_cache_writes_at_the_models_write_price() {
    // gpt-6.1-terra's shape, 300,000 prompt tokens (> 272,000: the tier), half
    // of them read from the cache. The tier has no cache_write, so writes
    // stay at the model's $1.25 (§20.28), not the tier's $2.00 input:
    //   prompt: 0.5 × 0.10 + 0.5 × 1.25 = 0.675/1M × 300,000 = 0.2025
    //   input:  200 × 2.00 / 1M = 0.0004
    //   output: 300 × 7.50 / 1M = 0.00225
    //   total 0.20515 (writes at 2.00 would give 0.31765)
    let doc = breakeven(&[
        "--base",
        "rules/terra",
        "--base-prompt",
        "300000",
        "--input",
        "200",
        "--output",
        "300",
        "--cache-hit-rate",
        "0.5",
    ]);
    assert_eq!(doc["base"]["long_context"], Value::Bool(true));
    assert_eq!(base_cost(&doc), 0.20515);
}

#[test]
fn under_batch_gemini_bills_cached_reads_at_the_standard_cached_price() {
    // Gemini 2.5 Pro's shape with --batch and 80% cache hits on a 10,000-token
    // prompt. Cached reads are at batch_cached_input = 0.125, untouched by
    // the batch discount (§20.29); misses, input and output are halved:
    //   hits:   0.8 × 0.125 = 0.1/1M × 10,000 = 0.001
    //   misses: 0.2 × 1.25 × 0.5 = 0.125/1M × 10,000 = 0.00125
    //   input:  200 × 1.25 × 0.5 / 1M = 0.000125
    //   output: 300 × 10.00 × 0.5 / 1M = 0.0015
    //   total 0.003875 (halving the reads too would give 0.003375)
    let doc = breakeven(&[
        "--base",
        "rules/gemini",
        "--base-prompt",
        "10000",
        "--input",
        "200",
        "--output",
        "300",
        "--cache-hit-rate",
        "0.8",
        "--batch",
    ]);
    assert_eq!(base_cost(&doc), 0.003875);
}

#[test]
fn a_fireworks_cached_request_uses_the_documented_half_price_flagged_derived() {
    // cached_input = 50% of 0.20 (Fireworks' default), 75% hits on 4,000 tokens:
    //   prompt: 0.75 × 0.10 + 0.25 × 0.20 = 0.125/1M × 4,000 = 0.0005
    //   input:  100 × 0.20 / 1M = 0.00002
    //   output: 200 × 0.20 / 1M = 0.00004
    //   total 0.00056
    let doc = breakeven(&[
        "--base",
        "rules/fireworks",
        "--base-prompt",
        "4000",
        "--input",
        "100",
        "--output",
        "200",
        "--cache-hit-rate",
        "0.75",
    ]);
    assert_eq!(base_cost(&doc), 0.00056);
    let flagged = notes(&doc)
        .into_iter()
        .find(|(code, _)| code == "price-flags")
        .expect("a price-flags note");
    assert!(flagged.1.contains("rules/fireworks"), "{flagged:?}");
    assert!(
        flagged
            .1
            .contains("flagged derived: derived by a rule: cached_input is 50% of input"),
        "{flagged:?}"
    );
}

#[test]
fn off_peak_share_bills_that_share_of_requests_at_the_off_peak_price() {
    // deepseek-v4-pro's peak prices, no cache:
    //   peak: (2,500 × 1.32 + 1,000 × 3.96) / 1M = (3,300 + 3,960) / 1M = 0.00726
    //   --off-peak-share 0.5 at 50% off: × (1 − 0.5 × 0.5) = × 0.75 = 0.005445
    let args = [
        "--base",
        "rules/deepseek",
        "--base-prompt",
        "2000",
        "--input",
        "500",
        "--output",
        "1000",
    ];
    // The default (share 0) keeps the peak price, the upper bound.
    assert_eq!(base_cost(&breakeven(&args)), 0.00726);
    let mut half = args.to_vec();
    half.extend(["--off-peak-share", "0.5"]);
    assert_eq!(base_cost(&breakeven(&half)), 0.005445);
    // All off-peak: × (1 − 0.5) = 0.00363.
    let mut all = args.to_vec();
    all.extend(["--off-peak-share", "1"]);
    assert_eq!(base_cost(&breakeven(&all)), 0.00363);
}

#[test]
fn an_off_peak_share_outside_0_to_1_is_refused() {
    assert_input_error(
        &[
            "breakeven",
            "--base",
            "openai/gpt-5.5",
            "--base-prompt",
            "100",
            "--output",
            "10",
            "--tuned",
            "openai/gpt-4.1-mini",
            "--tuned-prompt",
            "0",
            "--setup-cost",
            "0",
            "--training-cost",
            "1",
            "--volume",
            "10",
            "--off-peak-share",
            "1.5",
        ],
        "--off-peak-share",
    );
}

#[test]
fn sheet_rules_are_validated_with_the_key_named() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = |body: &str| {
        std::fs::write(
            dir.path().join("s.toml"),
            format!(
                "provider = \"p\"\ncurrency = \"USD\"\nas_of = 2026-12-01\nsource = \"s\"\n\n{body}"
            ),
        )
        .unwrap();
    };
    let refused = |needle: &str| {
        assert_input_error(
            &["prices", "--pricing", dir.path().to_str().unwrap()],
            needle,
        );
    };
    sheet(
        "[models.\"m\"]\ninput = 1\noutput = 1\noff_peak = { discount = 1.5, hours_utc = \"x\" }\n",
    );
    refused("not a discount fraction");
    sheet("[models.\"m\"]\ninput = 1\noutput = 1\nbatch_cached_input = 0.1\n");
    refused("batch_cached_input needs batch_discount");
    sheet("[models.\"m\"]\ninput = 1\noutput = 1\nverified = false\n");
    refused("verified = false needs the model's own `source`");
    sheet("[models.\"m\"]\ninput = 1\noutput = 1\navailability = \"soon\"\n");
    refused("availability");
    sheet("[models.\"m\"]\ninput = 1\noutput = 1\nrouted_to = \"n\"\n");
    refused("routed_to needs routed_from");
    sheet("[models.\"m\"]\ninput = 1\noutput = 1\nrouted_to = \"n\"\nrouted_from = 2026-11-01\n");
    refused("routed_to `n` is not a model of provider p");
    sheet("[models.\"m\"]\ninput = 1\noutput = 1\n\n[models.\"m\".fine_tuning]\nserve = \"dedicated\"\ninput = 1\noutput = 1\n");
    refused("serve = \"dedicated\" bills GPU-hours, not tokens");
}

#[test]
fn a_scenario_gives_the_off_peak_share_as_the_flag_does() {
    // The deepseek shape of the test above, from a scenario: × 0.75 = 0.005445.
    let dir = tempfile::tempdir().unwrap();
    let s = dir.path().join("s.toml");
    std::fs::write(
        &s,
        "volume = 1000\n[base]\nmodel = \"rules/deepseek\"\nprompt_tokens = 2000\n\
         [[tuned]]\nmodel = \"rules/tuned\"\nprompt_tokens = 0\n\
         [request]\ninput_tokens = 500\noutput_tokens = 1000\noff_peak_share = 0.5\n\
         [training]\ncost = 100.0\nsetup_cost = 0\n",
    )
    .unwrap();
    let out = ftvp()
        .arg("breakeven")
        .arg("--pricing")
        .arg(fixture("rules"))
        .arg("--scenario")
        .arg(&s)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(base_cost(&doc), 0.005445);
}
