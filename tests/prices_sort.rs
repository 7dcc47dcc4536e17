//! `ftvp prices`: the release date and the tuned fees in the table, and
//! `--sort released|input|output|training` (tests/fixtures/sorting).

mod common;

use common::{fixture, ftvp};

/// `ftvp prices zeta/ ARGS…` over the sorting sheet: stdout.
fn prices(args: &[&str]) -> String {
    let out = ftvp()
        .args(["prices", "zeta/", "--pricing"])
        .arg(fixture("sorting"))
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    String::from_utf8(out.stdout).unwrap()
}

/// The ids in the order `--format json` lists them.
fn order(sort: &str) -> Vec<String> {
    let j: serde_json::Value =
        serde_json::from_str(&prices(&["--sort", sort, "--format", "json"])).unwrap();
    j["models"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn sort_orders_by_release_or_price_with_missing_values_last() {
    // released: 2026-09-01, 2025-05-05, 2024-01-10, none.
    assert_eq!(
        order("released"),
        ["zeta/new", "zeta/gpu", "zeta/old", "zeta/plain"]
    );
    // input: 1.00, 1.50, 2.00, 3.00.
    assert_eq!(
        order("input"),
        ["zeta/old", "zeta/plain", "zeta/gpu", "zeta/new"]
    );
    // output: 1.00, 4.00, 6.00, 9.00.
    assert_eq!(
        order("output"),
        ["zeta/plain", "zeta/gpu", "zeta/new", "zeta/old"]
    );
    // training: 0.50, 2.00, 8.00, none.
    assert_eq!(
        order("training"),
        ["zeta/gpu", "zeta/new", "zeta/old", "zeta/plain"]
    );
    // Unsorted: by id.
    let j: serde_json::Value = serde_json::from_str(&prices(&["--format", "json"])).unwrap();
    let ids: Vec<&str> = j["models"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["zeta/gpu", "zeta/new", "zeta/old", "zeta/plain"]);
}

#[test]
fn a_bad_sort_key_is_a_usage_error() {
    let out = ftvp()
        .args(["prices", "--sort", "cheapest"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("cheapest") && stderr.contains("released"),
        "{stderr}"
    );
}

#[test]
fn the_table_shows_release_dates_and_tuned_fees() {
    let table = prices(&["--sort", "released"]);
    insta::assert_snapshot!(table);
    // Each row's release date sits under its id; the fees in their column.
    let lines: Vec<&str> = table.lines().collect();
    let row = |id: &str| lines.iter().position(|l| l.contains(id)).unwrap();
    assert!(lines[row("zeta/new") + 1].contains("2026-09-01"));
    assert!(lines[row("zeta/new")].contains("1.70/h"));
    assert!(lines[row("zeta/new") + 1].contains("2.00/mo"));
    assert!(lines[row("zeta/gpu")].contains("GPU/h"));
    assert!(lines[row("zeta/old")].contains("none"));
    assert!(
        table.starts_with("4 models, newest release first:\n"),
        "{table}"
    );
}
