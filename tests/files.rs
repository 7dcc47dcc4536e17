//! `breakeven` with prompt files and a training file: the same result as the
//! same run given the counted numbers directly.
//!
//! Counted by hand with Python tiktoken: `files/base-prompt.txt` is 57 tokens
//! and `files/tuned-prompt.txt` 6 in both encodings; `files/train.jsonl` bills
//! 50 tokens an epoch in o200k_base and 53 in cl100k_base (the Japanese text
//! differs), and its 2 examples get min(25, 100 div 2) = 25 epochs.

mod common;

use std::fs;

use common::{assert_input_error, fixture, ftvp};
use serde_json::Value;

fn f(name: &str) -> String {
    fixture(name).display().to_string()
}

fn run_json(args: &[&str]) -> (Value, String) {
    let out = ftvp()
        .arg("breakeven")
        .args(["--pricing", &f("tokpricing")])
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    (serde_json::from_slice(&out.stdout).unwrap(), stderr)
}

/// The report without what only a run with files has.
fn comparable(mut j: Value) -> Value {
    j.as_object_mut().unwrap().remove("counted_from_files");
    j
}

const DIRECT: &[&str] = &[
    "--base",
    "tok/omni",
    "--base-prompt",
    "57",
    "--tuned",
    "tok/classic",
    "--tuned-prompt",
    "6",
    "--input",
    "20",
    "--output",
    "30",
    "--setup-cost",
    "0",
    "--training-tokens",
    "53",
    "--epochs",
    "25",
    "--volume",
    "1M",
];

#[test]
fn a_scenario_with_files_equals_the_counted_numbers_given_directly() {
    let (with_files, _) = run_json(&["--scenario", &f("files/scenario.toml")]);
    let (direct, _) = run_json(DIRECT);
    assert_eq!(direct["counted_from_files"], Value::Null);
    let counted = &with_files["counted_from_files"];
    assert_eq!(counted["base_prompt"]["tokens"], 57);
    assert_eq!(counted["base_prompt"]["token_count_method"], "o200k_base");
    assert_eq!(counted["tuned_prompts"][0]["tokens"], 6);
    assert_eq!(
        counted["tuned_prompts"][0]["token_count_method"],
        "cl100k_base"
    );
    let training = &counted["training"];
    assert_eq!(training["examples"], 2);
    assert_eq!(training["epochs"], 25);
    assert_eq!(training["epochs_source"], "default rule");
    assert_eq!(training["candidates"][0]["tokens_per_epoch"], 53);
    assert_eq!(training["candidates"][0]["billed_tokens"], 1325);
    assert_eq!(comparable(with_files.clone()), comparable(direct));
    // 1,325 tokens × $8 per 1M; P_base = (77 × 2 + 30 × 8) / 1M.
    let c = &with_files["candidates"][0];
    assert_eq!(c["training_cost"].as_f64(), Some(0.0106));
    assert_eq!(
        with_files["base"]["cost_per_request"].as_f64(),
        Some(0.000394)
    );
}

#[test]
fn file_flags_equal_the_counted_numbers_given_directly() {
    let (with_files, _) = run_json(&[
        "--base",
        "tok/omni",
        "--base-prompt-file",
        &f("files/base-prompt.txt"),
        "--tuned",
        "tok/classic",
        "--tuned-prompt-file",
        &f("files/tuned-prompt.txt"),
        "--input",
        "20",
        "--output",
        "30",
        "--setup-cost",
        "0",
        "--training-file",
        &f("files/train.jsonl"),
        "--volume",
        "1M",
    ]);
    let (direct, _) = run_json(DIRECT);
    assert_eq!(comparable(with_files), comparable(direct));
}

#[test]
fn each_candidate_counts_the_training_file_with_its_own_encoding() {
    let common = [
        "--base", "tok/open", "--input", "20", "--output", "30", "--volume", "1M",
    ];
    let mut args = common.to_vec();
    let train = f("files/train.jsonl");
    args.extend([
        "--tuned-prompt",
        "0",
        "--tuned",
        "tok/omni",
        "--tuned",
        "tok/classic",
        "--setup-cost",
        "0",
        "--training-file",
        &train,
    ]);
    let (j, _) = run_json(&args);
    let by_model = |j: &Value, id: &str| {
        j["candidates"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["model"] == id)
            .unwrap()
            .clone()
    };
    for (model, tokens, cost) in [("tok/omni", "50", 0.0125), ("tok/classic", "53", 0.0106)] {
        let mut direct = common.to_vec();
        direct.extend([
            "--tuned-prompt",
            "0",
            "--tuned",
            model,
            "--setup-cost",
            "0",
            "--training-tokens",
            tokens,
            "--epochs",
            "25",
        ]);
        let (d, _) = run_json(&direct);
        let got = by_model(&j, model);
        assert_eq!(got, d["candidates"][0], "{model}");
        assert_eq!(got["training_cost"].as_f64(), Some(cost), "{model}");
    }
    let rows = &j["counted_from_files"]["training"]["candidates"];
    assert_eq!(rows[0]["token_count_method"], "o200k_base");
    assert_eq!(rows[1]["token_count_method"], "cl100k_base");
}

#[test]
fn given_epochs_apply_to_the_training_file() {
    let (j, _) = run_json(&[
        "--base",
        "tok/omni",
        "--tuned-prompt",
        "0",
        "--tuned",
        "tok/classic",
        "--input",
        "0",
        "--output",
        "0",
        "--setup-cost",
        "0",
        "--training-file",
        &f("files/train.jsonl"),
        "--epochs",
        "2",
        "--volume",
        "1M",
    ]);
    // 53 × 2 × $8 per 1M.
    assert_eq!(j["candidates"][0]["training_cost"].as_f64(), Some(0.000848));
    assert_eq!(
        j["counted_from_files"]["training"]["epochs_source"],
        "given"
    );
}

#[test]
fn a_training_flag_replaces_the_scenarios_training_file() {
    let (j, _) = run_json(&[
        "--scenario",
        &f("files/scenario.toml"),
        "--setup-cost",
        "0",
        "--training-tokens",
        "1000",
    ]);
    // 1,000 × the default 3 epochs × $8 per 1M.
    assert_eq!(j["candidates"][0]["training_cost"].as_f64(), Some(0.024));
    assert_eq!(j["counted_from_files"]["training"], Value::Null);
    assert_eq!(j["counted_from_files"]["base_prompt"]["tokens"], 57);
}

#[test]
fn a_prompt_longer_than_the_context_window_is_a_warning() {
    let (j, stderr) = run_json(&[
        "--base",
        "tok/omni",
        "--base-prompt-file",
        &f("tokens/sample.txt"),
        "--tuned-prompt",
        "0",
        "--tuned",
        "tok/classic",
        "--output",
        "0",
        "--setup-cost",
        "0",
        "--training-tokens",
        "1000",
        "--volume",
        "1M",
    ]);
    assert_eq!(j["base"]["prompt_tokens"], 568);
    let want = "sample.txt: the prompt of 568 tokens is longer than tok/omni's context window of 100 tokens";
    assert!(stderr.contains(want), "{stderr}");
    assert!(j["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w.as_str().unwrap().contains(want)));
}

#[test]
fn the_table_names_what_was_counted_and_how() {
    let out = ftvp()
        .args([
            "breakeven",
            "--pricing",
            &f("tokpricing"),
            "--scenario",
            &f("files/scenario.toml"),
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = common::unwrapped(&String::from_utf8(out.stdout).unwrap());
    assert!(
        text.contains("base-prompt.txt: 57 tokens for tok/omni, exact (o200k_base)."),
        "{text}"
    );
    assert!(
        text.contains("2 examples × 25 epochs (default rule): 1,325 billed tokens for tok/classic, exact (cl100k_base)."),
        "{text}"
    );
}

#[test]
fn a_training_file_with_format_errors_is_an_input_error() {
    let errors = f("dataset/errors.jsonl");
    let pricing = f("tokpricing");
    let args = [
        "breakeven",
        "--pricing",
        &pricing,
        "--base",
        "tok/omni",
        "--tuned-prompt",
        "0",
        "--tuned",
        "tok/classic",
        "--input",
        "0",
        "--output",
        "0",
        "--setup-cost",
        "0",
        "--training-file",
        &errors,
        "--volume",
        "1M",
    ];
    assert_input_error(&args, &format!("{errors}:2: invalid_json"));
    assert_input_error(&args, "(8 format error(s) in the file");
}

#[test]
fn numbers_and_files_for_the_same_input_are_exclusive() {
    let pricing = f("tokpricing");
    let prompt = f("files/tuned-prompt.txt");
    let base = [
        "breakeven",
        "--pricing",
        &pricing,
        "--base",
        "tok/omni",
        "--tuned",
        "tok/classic",
        "--volume",
        "1M",
    ];
    let cases: [&[&str]; 4] = [
        &[
            "--base-prompt",
            "5",
            "--base-prompt-file",
            &prompt,
            "--setup-cost",
            "0",
            "--training-tokens",
            "1",
        ],
        &[
            "--tuned-prompt",
            "5",
            "--tuned-prompt-file",
            &prompt,
            "--setup-cost",
            "0",
            "--training-tokens",
            "1",
        ],
        &[
            "--setup-cost",
            "0",
            "--training-tokens",
            "5",
            "--training-file",
            &prompt,
        ],
        &[
            "--setup-cost",
            "0",
            "--training-cost",
            "5",
            "--training-file",
            &prompt,
        ],
    ];
    for extra in cases {
        let out = ftvp().args(base).args(extra).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{extra:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.starts_with("error:") && err.contains("cannot be used with"),
            "{err}"
        );
    }
}

#[test]
fn bad_prompt_and_scenario_files_are_input_errors() {
    let pricing = f("tokpricing");
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.txt").display().to_string();
    let args = [
        "breakeven",
        "--pricing",
        &pricing,
        "--base",
        "tok/omni",
        "--tuned",
        "tok/classic",
        "--tuned-prompt",
        "0",
        "--output",
        "0",
        "--setup-cost",
        "0",
        "--training-tokens",
        "1",
        "--volume",
        "1M",
        "--base-prompt-file",
        &missing,
    ];
    assert_input_error(&args, &format!("cannot read {missing}"));
    let bad = dir.path().join("bad.txt");
    fs::write(&bad, b"ok \xfe").unwrap();
    let bad = bad.display().to_string();
    let mut args2 = args.to_vec();
    args2.pop();
    args2.push(&bad);
    assert_input_error(&args2, &format!("{bad}: invalid UTF-8 at byte offset 3"));
    let prompt = f("files/tuned-prompt.txt");
    let args3 = [
        "breakeven",
        "--pricing",
        &pricing,
        "--base",
        "tok/omni",
        "--tuned",
        "tok/classic",
        "--input",
        "0",
        "--output",
        "0",
        "--tuned",
        "tok/open",
        "--tuned-prompt-file",
        &prompt,
        "--tuned-prompt-file",
        &prompt,
        "--tuned-prompt-file",
        &prompt,
        "--setup-cost",
        "0",
        "--training-tokens",
        "1",
        "--volume",
        "1M",
    ];
    assert_input_error(
        &args3,
        "--tuned-prompt-file is given 3 times for 2 --tuned models",
    );
    let scenario = dir.path().join("s.toml");
    fs::write(
        &scenario,
        "[base]\nmodel = \"tok/omni\"\nprompt_tokens = 5\nprompt_file = \"p.txt\"\n",
    )
    .unwrap();
    assert_input_error(
        &[
            "breakeven",
            "--pricing",
            &pricing,
            "--scenario",
            scenario.to_str().unwrap(),
        ],
        "gives both prompt_tokens and prompt_file",
    );
    fs::write(
        &scenario,
        "[training]\ntokens = 5\nsetup_cost = 0\nfile = \"t.jsonl\"\n",
    )
    .unwrap();
    assert_input_error(
        &[
            "breakeven",
            "--pricing",
            &pricing,
            "--scenario",
            scenario.to_str().unwrap(),
        ],
        "give one of tokens, cost or file",
    );
}
