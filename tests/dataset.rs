//! `ftvp dataset` on fixtures with known errors and hand-computed counts.
//!
//! In both encodings "system", "user", "assistant", "Hi", "Hello" and "bob"
//! are 1 token and "Be brief" 2 (Python tiktoken). The cookbook counts an
//! example as 3 per message + every string value + 1 per name + 3 priming, so
//! the examples of `dataset/valid.jsonl` are:
//! - line 1: 3 × 3 + roles 3 + values (2 + 1 + 1 + 1) + name 1 + 3 = 21
//! - line 3: 2 × 3 + roles 2 + values (1 + 1) + 3 = 13 (weight 0 still counts)
//! - line 4: 2 × 3 + roles 2 + values (2 + 1) + 3 = 14
//!
//! Σ = 48. Three examples: 3 × 3 < 100, so epochs = min(25, 100 div 3) = 25,
//! and the billed tokens are 25 × 48 = 1,200.

mod common;

use std::fs;
use std::path::Path;

use common::{assert_input_error, fixture, ftvp};
use serde_json::Value;

fn tok_pricing() -> String {
    fixture("tokpricing").display().to_string()
}

fn path(name: &str) -> String {
    fixture(name).display().to_string()
}

/// Runs `ftvp dataset ARGS… --format json`, checks the exit code, parses stdout.
fn dataset_json(args: &[&str], code: i32) -> Value {
    let out = ftvp()
        .arg("dataset")
        .args(["--pricing", &tok_pricing()])
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(code), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    serde_json::from_slice(&out.stdout).unwrap()
}

/// `n` copies of a 13-token example (user "Hi", assistant "Hello").
fn examples(dir: &Path, n: usize) -> String {
    let line =
        r#"{"messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello"}]}"#;
    let p = dir.join(format!("n{n}.jsonl"));
    fs::write(&p, format!("{line}\n").repeat(n)).unwrap();
    p.display().to_string()
}

#[test]
fn counts_and_bills_a_valid_file_as_computed_by_hand() {
    let j = dataset_json(&[&path("dataset/valid.jsonl"), "--model", "tok/omni"], 0);
    assert_eq!(j["schema"], "ftvp.dataset/1");
    assert_eq!(j["token_count_method"], "o200k_base");
    assert_eq!(j["records"], 3); // the blank line 2 is skipped
    assert_eq!(j["examples"], 3);
    assert_eq!(j["format_error_count"], 0);
    let s = &j["statistics"];
    assert_eq!(s["total_tokens"], 48);
    assert_eq!(s["assistant_tokens"], 3);
    assert_eq!(s["tokens_per_example"]["min"], 13);
    assert_eq!(s["tokens_per_example"]["median"], 14.0);
    // numpy.quantile([13, 14, 21], 0.9) = 14 + 0.8 × 7
    assert!((s["tokens_per_example"]["p90"].as_f64().unwrap() - 19.6).abs() < 1e-9);
    assert_eq!(s["tokens_per_example"]["max"], 21);
    assert_eq!(j["epochs"], 25);
    assert_eq!(j["epochs_source"], "default rule");
    assert_eq!(j["billed_tokens_per_epoch"], 48);
    assert_eq!(j["billed_tokens"], 1200);
    // 1,200 tokens × $10 per 1M.
    let row = &j["training_costs"][0];
    assert_eq!(row["model"], "tok/omni");
    assert_eq!(row["billed_tokens"], 1200);
    assert_eq!(row["training_cost"].as_f64(), Some(0.012));
    // Warnings: line 3 has no system message, line 4 no user message.
    assert_eq!(
        j["examples_without_system"]["first_lines"],
        serde_json::json!([3])
    );
    assert_eq!(
        j["examples_without_user"]["first_lines"],
        serde_json::json!([4])
    );
}

#[test]
fn given_epochs_and_a_token_limit_change_the_bill() {
    // Each example is billed up to 20 tokens: 20 + 13 + 14 = 47, × 2 epochs.
    let j = dataset_json(
        &[
            &path("dataset/valid.jsonl"),
            "--model",
            "tok/omni",
            "--epochs",
            "2",
            "--max-example-tokens",
            "20",
        ],
        0,
    );
    assert_eq!(j["epochs"], 2);
    assert_eq!(j["epochs_source"], "given");
    assert_eq!(j["billed_tokens_per_epoch"], 47);
    assert_eq!(j["billed_tokens"], 94);
    assert_eq!(j["examples_over_limit"]["count"], 1);
    assert_eq!(
        j["examples_over_limit"]["first_lines"],
        serde_json::json!([1])
    );
    let warnings = j["warnings"].as_array().unwrap();
    assert!(
        warnings.iter().any(|w| w
            .as_str()
            .unwrap()
            .contains("over 20 tokens and will be truncated: line 1")),
        "{warnings:?}"
    );
}

#[test]
fn the_epoch_rule_clamps_at_both_ends() {
    let dir = tempfile::tempdir().unwrap();
    // (examples, epochs): 1 → min(25, 100) = 25; 5 → 100 div 5 = 20;
    // 34 → 3 (3 × 34 = 102 ≥ 100); 8,334 → 25,000 div 8,334 = 2 (3n > 25,000);
    // 25,001 → max(1, 0) = 1.
    for (n, epochs) in [(1u64, 25u64), (5, 20), (34, 3), (8_334, 2), (25_001, 1)] {
        let file = examples(dir.path(), n as usize);
        let j = dataset_json(&[&file, "--model", "tok/omni"], 0);
        assert_eq!(j["examples"], n);
        assert_eq!(j["epochs"], epochs, "{n} examples");
        assert_eq!(j["billed_tokens"], epochs * 13 * n, "{n} examples");
    }
}

#[test]
fn every_error_type_is_reported_at_its_line() {
    let j = dataset_json(&[&path("dataset/errors.jsonl"), "--model", "tok/omni"], 1);
    let found: Vec<(u64, String)> = j["format_errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["line"].as_u64().unwrap(),
                e["type"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let want = [
        (2, "invalid_json"),
        (3, "data_type"),
        (4, "missing_messages_list"),
        (5, "message_missing_key"),
        (6, "message_unrecognized_key"),
        (7, "unrecognized_role"),
        (9, "missing_content"),
        (10, "example_missing_assistant_message"),
    ];
    let want: Vec<(u64, String)> = want.iter().map(|(l, t)| (*l, t.to_string())).collect();
    assert_eq!(found, want);
    assert!(j["format_errors"][4]["message"]
        .as_str()
        .unwrap()
        .contains("`mood`"));
    assert_eq!(j["format_error_count"], 8);
    assert_eq!(j["format_errors_by_type"]["unrecognized_role"], 1);
    assert_eq!(j["records"], 9);
    // Only the valid first example is counted and billed.
    assert_eq!(j["examples"], 1);
    assert_eq!(j["statistics"]["total_tokens"], 21);
    assert_eq!(j["billed_tokens"], 25 * 21);
}

#[test]
fn the_table_shows_the_first_20_errors_and_counts_per_type() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.jsonl");
    fs::write(&file, "{oops\n".repeat(25)).unwrap();
    let out = ftvp()
        .args(["dataset", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("invalid_json: 25"), "{text}");
    assert!(text.contains("First 20 of 25 format error(s):"), "{text}");
    assert!(text.contains("line 20: invalid_json"), "{text}");
    assert!(!text.contains("line 21:"), "{text}");
    assert!(text.contains("No valid example"), "{text}");
}

#[test]
fn todays_format_with_tools_counts_like_the_python_method() {
    // scripts/cookbook_count.py gives 74 tokens, 25 of them assistant tokens.
    let j = dataset_json(&[&path("dataset/tools.jsonl"), "--model", "tok/omni"], 0);
    assert_eq!(j["format_error_count"], 0);
    assert_eq!(j["statistics"]["total_tokens"], 74);
    assert_eq!(j["statistics"]["assistant_tokens"], 25);
    assert!(j["estimated_tool_tokens"].as_u64().unwrap() > 0);
    assert_eq!(j["examples_without_system"]["count"], 0); // a developer message counts
}

#[test]
fn without_a_model_every_fine_tunable_model_is_priced_with_its_own_encoding() {
    let j = dataset_json(&[&path("files/train.jsonl")], 0);
    assert_eq!(j["encoding"], "o200k_base");
    let rows = j["training_costs"].as_array().unwrap();
    let row = |id: &str| rows.iter().find(|r| r["model"] == id).unwrap().clone();
    // o200k_base: 27 + 23 = 50 tokens; cl100k_base: 30 + 23 = 53; 25 epochs.
    assert_eq!(j["billed_tokens"], 1250);
    assert_eq!(row("tok/omni")["billed_tokens"], 1250);
    assert_eq!(row("tok/omni")["training_cost"].as_f64(), Some(0.0125));
    assert_eq!(row("tok/classic")["token_count_method"], "cl100k_base");
    assert_eq!(row("tok/classic")["billed_tokens"], 1325);
    assert_eq!(row("tok/classic")["training_cost"].as_f64(), Some(0.0106));
    assert_eq!(
        row("tok/open")["token_count_method"],
        "estimate (o200k_base)"
    );
    assert!(rows.iter().any(|r| r["model"] == "openai/gpt-4.1-mini"));
}

#[test]
fn an_encoding_flag_counts_everything_with_it() {
    let j = dataset_json(
        &[&path("files/train.jsonl"), "--encoding", "cl100k_base"],
        0,
    );
    assert_eq!(j["token_count_method"], "cl100k_base");
    assert_eq!(j["statistics"]["total_tokens"], 53);
    let rows = j["training_costs"].as_array().unwrap();
    let omni = rows.iter().find(|r| r["model"] == "tok/omni").unwrap();
    assert_eq!(omni["token_count_method"], "estimate (cl100k_base)");
}

#[test]
fn the_table_reports_epochs_costs_and_the_method() {
    let out = ftvp()
        .args([
            "dataset",
            &path("dataset/valid.jsonl"),
            "--pricing",
            &tok_pricing(),
            "--model",
            "tok/omni",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = common::unwrapped(&String::from_utf8(out.stdout).unwrap());
    assert!(
        text.contains("Epochs: 25 (the default rule for 3 examples)"),
        "{text}"
    );
    assert!(text.contains("25 × 48 = 1,200"), "{text}");
    assert!(text.contains("$0.012"), "{text}");
    assert!(
        text.contains("Tokens: exact (o200k_base), each example counted as OpenAI's cookbook"),
        "{text}"
    );
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("no system (or developer) message: line 3"),
        "{err}"
    );
}

#[test]
fn invalid_utf8_and_a_huge_line_are_handled() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("mixed.jsonl");
    let big = "word ".repeat(210_000); // a 1 MB value on one line
    let mut bytes = Vec::new();
    bytes.extend_from_slice(b"{\"messages\":[{\"role\":\"user\",\"content\":\"Hi \xff\"}]}\n");
    bytes.extend_from_slice(
        format!(r#"{{"messages":[{{"role":"user","content":"Hi"}},{{"role":"assistant","content":"{big}"}}]}}"#)
            .as_bytes(),
    );
    fs::write(&file, bytes).unwrap();
    let j = dataset_json(&[file.to_str().unwrap(), "--model", "tok/omni"], 1);
    assert_eq!(j["format_errors"][0]["line"], 1);
    assert_eq!(j["format_errors"][0]["type"], "invalid_json");
    assert!(j["format_errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("UTF-8"));
    let assistant = ftvp::tokens::count(ftvp::pricing::Tokenizer::O200kBase, &big);
    assert_eq!(j["statistics"]["assistant_tokens"], assistant);
    assert_eq!(
        j["statistics"]["total_tokens"],
        2 * 3 + 2 + 1 + assistant + 3
    );
    // Over the default 65,536-token limit: billed up to the limit, with a warning.
    assert_eq!(j["billed_tokens_per_epoch"], 65_536);
    assert_eq!(
        j["examples_over_limit"]["first_lines"],
        serde_json::json!([2])
    );
}

#[test]
fn unreadable_or_empty_files_are_input_errors() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("none.jsonl").display().to_string();
    assert_input_error(&["dataset", &missing], &format!("cannot read {missing}"));
    let folder = dir.path().display().to_string();
    assert_input_error(&["dataset", &folder], "it is a folder, not a file");
    let empty = dir.path().join("empty.jsonl");
    fs::write(&empty, "").unwrap();
    let empty = empty.display().to_string();
    assert_input_error(&["dataset", &empty], &format!("{empty}: no examples"));
    let blank = dir.path().join("blank.jsonl");
    fs::write(&blank, "\n  \n\n").unwrap();
    assert_input_error(&["dataset", blank.to_str().unwrap()], "no examples");
    let valid = path("dataset/valid.jsonl");
    assert_input_error(&["dataset", &valid, "--epochs", "0"], "--epochs");
    let plain = "anthropic/claude-sonnet-4";
    assert_input_error(
        &["dataset", &valid, "--model", plain],
        "no fine_tuning prices",
    );
}

#[test]
fn standard_input_can_be_checked() {
    let out = ftvp()
        .args([
            "dataset",
            "-",
            "--encoding",
            "o200k_base",
            "--format",
            "json",
        ])
        .write_stdin(fs::read_to_string(fixture("dataset/valid.jsonl")).unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let j: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(j["file"], "<stdin>");
    assert_eq!(j["statistics"]["total_tokens"], 48);
}
