//! What would change the answer (design §15, §16, §20): quality in the
//! money, flip values, ranges and the simulation, through the binary.

mod common;

use common::{assert_input_error, breakeven_json, fixture, run_ok, unwrapped, QUICK_START};

fn with(extra: &[&str]) -> Vec<String> {
    let mut a: Vec<String> = QUICK_START.iter().map(|s| s.to_string()).collect();
    a.extend(extra.iter().map(|s| s.to_string()));
    a
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

const QUALITY: &[&str] = &[
    "--volume",
    "5M",
    "--base-success",
    "0.95",
    "--tuned-success",
    "0.93",
    "--failure-cost",
    "0.40",
];

/// The quick start at 5M with base success 0.95, tuned 0.93 and $0.40 a
/// failure: P′_base = 0.0088 + 0.05 × 0.40 = 0.0288, P′_tuned = 0.00152 +
/// 0.07 × 0.40 = 0.02952, so the tuned path loses 0.00072 a request: net
/// saving = 5M × −0.00072 − 30 = −3,630. It pays from S > 0.931815
/// (5M × (0.02728 − 0.4(1 − S)) > 30): 0.9319; 3× from S ≥ 0.931845
/// (0.9319), 10× from S ≥ 0.93195 (0.932).
#[test]
fn quality_moves_every_amount_and_names_the_success_needed() {
    let args = with(QUALITY);
    let j = breakeven_json(&strs(&args));
    let c = &j["candidates"][0];
    assert_eq!(c["cost_per_request"], 0.00152);
    assert_eq!(c["effective_cost_per_request"], 0.02952);
    assert_eq!(j["base"]["effective_cost_per_request"], 0.0288);
    assert_eq!(c["net_saving"], -3630.0);
    assert_eq!(c["break_even_success"], 0.9319);
    assert_eq!(c["success_for_depends"], 0.9319);
    assert_eq!(c["success_for_fine_tune"], 0.932);
    assert_eq!(j["verdict"], "prompt");
    let mut table = strs(&args);
    table.extend(["--pricing", "tests/fixtures/pricing"]);
    let out = unwrapped(&run_ok(&[&["breakeven"], &table[..]].concat()));
    assert!(
        out.contains("fine-tuning pays while the tuned model succeeds on at least 93.19% of requests (the base: 95.00%)"),
        "{out}"
    );
}

#[test]
fn without_quality_inputs_nothing_changes() {
    let j = breakeven_json(&strs(&with(&["--volume", "5M"])));
    let c = &j["candidates"][0];
    assert!(c.get("effective_cost_per_request").is_none());
    assert!(c.get("break_even_success").is_none());
    assert_eq!(c["net_saving"], 5_000_000.0 * 0.00728 - 30.0);
}

#[test]
fn quality_inputs_go_together() {
    let pricing = fixture("pricing").display().to_string();
    for (extra, needle) in [
        (
            &["--base-success", "0.95"][..],
            "--base-success needs --tuned-success",
        ),
        (
            &["--tuned-success", "0.9", "--failure-cost", "1"][..],
            "--tuned-success needs --base-success",
        ),
        (
            &["--failure-cost", "1", "--base-success", "0.9"][..],
            "--base-success needs --tuned-success",
        ),
        (&["--base-success", "1.5"][..], "outside 0..1"),
    ] {
        let mut args = vec!["breakeven".to_string(), "--pricing".into(), pricing.clone()];
        args.extend(with(&["--volume", "5M"]));
        args.extend(extra.iter().map(|s| s.to_string()));
        assert_input_error(&strs(&args), needle);
    }
}

/// The same inputs from a scenario file: `[quality]` and each `[[tuned]]`'s
/// `success`, read with the flags' rules.
#[test]
fn quality_from_a_scenario_and_in_the_explanation() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("change-quality");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("quality.toml");
    std::fs::write(
        &file,
        "volume = 5_000_000\n[base]\nmodel = \"acme/big\"\nprompt_tokens = 3000\n\
         [[tuned]]\nmodel = \"acme/small\"\nprompt_tokens = 500\nsuccess = 0.93\n\
         [request]\ninput_tokens = 200\noutput_tokens = 300\n\
         [training]\ntokens = 2_000_000\nsetup_cost = 0\n\
         [quality]\nbase_success = 0.95\nfailure_cost = 0.40\n",
    )
    .unwrap();
    let f = file.display().to_string();
    let j = breakeven_json(&["--scenario", &f]);
    assert_eq!(j["candidates"][0]["break_even_success"], 0.9319);
    let out = run_ok(&[
        "breakeven",
        "--pricing",
        "tests/fixtures/pricing",
        "--scenario",
        &f,
        "--explain",
    ]);
    assert!(
        out.contains("P_tuned′ = P_tuned + (1 − 0.93) × failure cost = 0.02952 USD a request"),
        "{out}"
    );
    assert!(
        out.contains("Δ′ = P_base′ − P_tuned′ = -0.00072 USD"),
        "{out}"
    );
    std::fs::write(
        &file,
        std::fs::read_to_string(&file)
            .unwrap()
            .replace("0.93", "1.2"),
    )
    .unwrap();
    let pricing = fixture("pricing").display().to_string();
    assert_input_error(
        &["breakeven", "--pricing", &pricing, "--scenario", &f],
        "outside 0..1",
    );
}
