//! `ftvp dataset` with several `--model`s, its warnings (standard error
//! only), and models whose training closed before today.
//!
//! `dataset/valid.jsonl` counts 21 + 13 + 14 = 48 tokens in both encodings
//! (tests/dataset.rs shows the count); 3 examples → 25 epochs → 1,200 billed
//! tokens.

mod common;

use common::{fixture, ftvp};
use serde_json::Value;

fn path(name: &str) -> String {
    fixture(name).display().to_string()
}

/// `ftvp dataset FILE ARGS…` with the `tok` and `old` test sheets on
/// 2026-12-07: (exit code, stdout, stderr).
fn run(file: &str, args: &[&str]) -> (i32, String, String) {
    let out = ftvp()
        .env("FTVP_TODAY", "2026-12-07")
        .args(["dataset", &path(file)])
        .args([
            "--pricing",
            &path("tokpricing"),
            "--pricing",
            &path("closed"),
        ])
        .args(args)
        .output()
        .unwrap();
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (
        out.status.code().unwrap(),
        text(&out.stdout),
        text(&out.stderr),
    )
}

fn json(file: &str, args: &[&str]) -> Value {
    let (code, stdout, stderr) = run(file, &[args, &["--format", "json"]].concat());
    assert_eq!(code, 0, "{stderr}");
    serde_json::from_str(&stdout).unwrap()
}

#[test]
fn model_may_be_given_more_than_once() {
    let j = json(
        "dataset/valid.jsonl",
        &[
            "--model",
            "tok/omni",
            "--model",
            "tok/classic",
            "--model",
            "tok/omni",
        ],
    );
    let rows = j["training_costs"].as_array().unwrap();
    let models: Vec<&str> = rows.iter().map(|r| r["model"].as_str().unwrap()).collect();
    // In the order given, each once.
    assert_eq!(models, ["tok/omni", "tok/classic"]);
    // The statistics use the first model's counting.
    assert_eq!(j["token_count_method"], "o200k_base");
    assert_eq!(rows[1]["token_count_method"], "cl100k_base");
    // 1,200 × $10 / 1M = $0.012; 1,200 × $8 / 1M = $0.0096.
    assert_eq!(rows[0]["billed_tokens"], 1200);
    assert_eq!(rows[0]["training_cost"].as_f64(), Some(0.012));
    assert_eq!(rows[1]["billed_tokens"], 1200);
    assert_eq!(rows[1]["training_cost"].as_f64(), Some(0.0096));
}

#[test]
fn a_bad_model_among_several_is_named_in_one_error() {
    let (code, stdout, stderr) = run(
        "dataset/valid.jsonl",
        &["--model", "tok/omni", "--model", "tok/nope"],
    );
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("error:") && stderr.contains("tok/nope"),
        "{stderr}"
    );
}

/// `dataset/valid.jsonl` has no system message on line 3 and no user
/// message on line 4: each warning is on standard error once, and on
/// standard output in no format for people.
#[test]
fn warnings_go_to_standard_error_only() {
    for format in ["table", "markdown", "csv"] {
        let (code, stdout, stderr) = run(
            "dataset/valid.jsonl",
            &["--model", "tok/omni", "--format", format],
        );
        assert_eq!(code, 0, "{stderr}");
        for warning in [
            "have no system (or developer) message",
            "have no user message",
        ] {
            assert_eq!(stderr.matches(warning).count(), 1, "{format}: {stderr}");
            assert!(!stdout.contains(warning), "{format}: {stdout}");
        }
        assert!(!stdout.contains("warning"), "{format}: {stdout}");
    }
    // JSON is a document: its `warnings` keep them, and stderr has them once.
    let (_, stdout, stderr) = run(
        "dataset/valid.jsonl",
        &["--model", "tok/omni", "--format", "json"],
    );
    let j: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(j["warnings"].as_array().unwrap().len(), 2);
    assert_eq!(
        stderr.lines().filter(|l| l.starts_with("warning:")).count(),
        2
    );
}

#[test]
fn training_closed_before_today_is_not_priced_and_says_so() {
    let j = json(
        "dataset/valid.jsonl",
        &[
            "--model",
            "old/gone",
            "--model",
            "old/sunset",
            "--model",
            "old/fresh",
        ],
    );
    let rows = j["training_costs"].as_array().unwrap();
    // gone: the model shut down on 2026-06-01; sunset: training closed
    // 2026-11-01; both before 2026-12-07. fresh: 1,200 × $10 / 1M = $0.012.
    assert_eq!(rows[0]["training_closed"], "2026-06-01");
    assert_eq!(rows[0]["training_cost"], Value::Null);
    assert_eq!(rows[1]["training_closed"], "2026-11-01");
    assert_eq!(rows[1]["training_cost"], Value::Null);
    assert_eq!(rows[2]["training_closed"], Value::Null);
    assert_eq!(rows[2]["training_cost"].as_f64(), Some(0.012));
    // The tokens are still counted.
    assert_eq!(rows[0]["billed_tokens"], 1200);

    let (code, table, _) = run("dataset/valid.jsonl", &["--model", "old/gone"]);
    assert_eq!(code, 0);
    assert!(table.contains("closed"), "{table}");
    assert!(
        table.contains("old/gone: no new fine-tuning job can start since 2026-06-01, so its"),
        "{table}"
    );
}

#[test]
fn every_model_listing_marks_closed_training_too() {
    let j = json("dataset/valid.jsonl", &[]);
    let rows = j["training_costs"].as_array().unwrap();
    let row = |id: &str| rows.iter().find(|r| r["model"] == id).unwrap().clone();
    assert_eq!(row("old/gone")["training_closed"], "2026-06-01");
    assert_eq!(row("old/gone")["training_cost"], Value::Null);
    assert_eq!(row("old/fresh")["training_cost"].as_f64(), Some(0.012));
}
