//! Every table fits 80 columns (the width when there is no terminal and no
//! `COLUMNS` other than the tests' 80): each command's table output, on the
//! shipped sheets and the examples, with several candidates, dedicated
//! serving, ledgers, sweeps and charts. What a narrow table leaves out is
//! still in CSV and JSON.

mod common;

use common::{fixture, ftvp};

/// The widest line of `ftvp ARGS…` at the tests' 80 columns. A line that
/// is one word (a source URL, a path) is exempt: it is kept whole so that it
/// can be copied, on a line of its own.
fn widest(args: &[&str]) -> (usize, String) {
    let out = ftvp().args(args).output().unwrap();
    assert!(
        out.status.success() || out.status.code() == Some(1),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    text.lines()
        .filter(|l| l.trim().contains(' '))
        .map(|l| (l.chars().count(), l.to_string()))
        .max()
        .unwrap_or_default()
}

fn assert_fits(args: &[&str]) {
    let (width, line) = widest(args);
    assert!(width <= 80, "{args:?} is {width} wide:\n{line}");
}

/// Three candidates, one of them dedicated, over a horizon with retraining:
/// the widest comparison the shipped sheets give.
const THREE: &[&str] = &[
    "breakeven",
    "--start",
    "2026-11-27",
    "--base",
    "openai/gpt-6.1-terra",
    "--base-prompt",
    "3000",
    "--input",
    "400",
    "--output",
    "300",
    "--tuned",
    "prime-intellect/nvidia-nemotron-3.5-lightning-30b-a3b-bf16",
    "--tuned",
    "tinker/qwen3-8b",
    "--tuned",
    "fireworks/qwen3-8b",
    "--serve",
    "per-token",
    "--serve",
    "per-token",
    "--serve",
    "dedicated",
    "--gpu",
    "fireworks/h100-80gb",
    "--replica-rps",
    "10",
    "--tuned-prompt",
    "200",
    "--setup-cost",
    "0",
    "--training-tokens",
    "5M",
    "--per-month",
    "2M",
    "--months",
    "12",
    "--growth",
    "3",
    "--retrain-every",
    "6",
];

#[test]
fn comparisons_ledgers_and_charts_fit_80_columns() {
    assert_fits(THREE);
    assert_fits(&[THREE, &["--ledger"]].concat());
    assert_fits(&[THREE, &["--chart"]].concat());
    // A sweep takes volumes from its range: no --per-month or --growth.
    let mut sweep = vec!["sweep"];
    let mut rest = THREE[1..].iter();
    while let Some(&flag) = rest.next() {
        let value = rest.next().unwrap();
        if !["--per-month", "--growth"].contains(&flag) {
            sweep.extend([flag, value]);
        }
    }
    assert_fits(&sweep);
    assert_fits(&[&sweep[..], &["--chart"]].concat());
}

#[test]
fn every_example_fits_80_columns() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let s = path.to_str().unwrap();
        for args in [
            &["breakeven", "--scenario", s][..],
            &["breakeven", "--scenario", s, "--ledger"],
            &["breakeven", "--scenario", s, "--chart"],
            &["sweep", "--scenario", s],
        ] {
            assert_fits(args);
        }
        seen += 1;
    }
    assert!(seen >= 8, "{seen} examples");
}

#[test]
fn price_lists_checks_tokens_and_datasets_fit_80_columns() {
    let dataset = fixture("dataset/errors.jsonl");
    let sample = fixture("tokens/sample.txt");
    let dir = tempfile::tempdir().unwrap();
    let litellm = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/litellm")
        .read_dir()
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "json"))
        .unwrap();
    for args in [
        vec!["prices"],
        vec!["prices", "--all"],
        vec!["prices", "--fine-tunable"],
        vec!["prices", "--gpus"],
        vec!["prices", "check"],
        vec!["tokens", sample.to_str().unwrap()],
        vec![
            "tokens",
            sample.to_str().unwrap(),
            "--model",
            "openai/gpt-4.1",
        ],
        vec!["dataset", dataset.to_str().unwrap()],
        vec![
            "prices",
            "import",
            "litellm",
            litellm.to_str().unwrap(),
            "--out",
            dir.path().to_str().unwrap(),
        ],
    ] {
        assert_fits(&args);
    }
}

#[test]
fn what_a_narrow_table_leaves_out_is_in_csv_and_json() {
    let ledger = [THREE, &["--ledger"]].concat();
    let out = ftvp().args(&ledger).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let left_out = common::unwrapped(&text);
    assert!(
        left_out.contains("(left out to fit 80 columns: "),
        "the 80-column ledger drops columns:\n{text}"
    );
    let csv = ftvp()
        .args([&ledger[..], &["--format", "csv"]].concat())
        .output()
        .unwrap();
    let header = String::from_utf8(csv.stdout).unwrap();
    let header = header.lines().next().unwrap().to_string();
    for (column, csv_column) in [
        ("from", "from"),
        ("requests", "requests"),
        ("prompting", "base_cost"),
        ("fine-tuned", "tuned_cost"),
    ] {
        assert!(left_out.contains(column), "{column}: {text}");
        assert!(
            header.split(',').any(|h| h == csv_column),
            "{csv_column}: {header}"
        );
    }
    // The JSON ledger has every month with every amount.
    let json = ftvp()
        .args([THREE, &["--format", "json"]].concat())
        .output()
        .unwrap();
    let j: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let month = &j["candidates"][0]["ledger"][0];
    for key in [
        "from",
        "requests",
        "base_cost",
        "tuned_cost",
        "cumulative_saving",
    ] {
        assert!(!month[key].is_null(), "{key} missing from {month}");
    }
}
