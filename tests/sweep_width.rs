//! `ftvp sweep --scenario examples/support-bot.toml` (two candidates, a
//! 12-month horizon, volumes per month) at 80 columns and on a wide
//! terminal: the marker and the marked candidate always stay, a cheapest
//! column that would read the same on every row is a line of the legend
//! instead, and the costs say they are totals over the horizon's months.

mod common;

use common::ftvp;

fn sweep_at(columns: &str) -> String {
    let out = ftvp()
        .env("COLUMNS", columns)
        .args([
            "sweep",
            "--scenario",
            "examples/support-bot.toml",
            "--from",
            "100k",
            "--to",
            "100M",
            "--points",
            "4",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn check(table: &str) {
    assert!(
        table.starts_with(
            "Costs: total over 12 months at each volume of requests in the first month.\n"
        ),
        "{table}"
    );
    assert!(
        table.contains("marker") && table.contains("◆ break-even"),
        "{table}"
    );
    // prime-intellect/qwen3.5-9b (#2) is the cheapest on every row.
    assert!(
        !table.contains("cheapest ┆") && !table.contains("┆ cheapest"),
        "{table}"
    );
    assert!(
        table.contains("#2 is the cheapest candidate at every volume\n"),
        "{table}"
    );
    assert!(
        table.contains("requests") && table.contains("a month"),
        "{table}"
    );
}

#[test]
fn sweep_of_a_scenario_at_80_columns() {
    let table = sweep_at("80");
    check(&table);
    assert!(table.lines().all(|l| l.chars().count() <= 80), "{table}");
    // Only the multiple and the other candidate go, and the table says so.
    assert!(
        common::unwrapped(&table).contains("(left out to fit 80 columns: fine-tuned #1, multiple;"),
        "{table}"
    );
    insta::assert_snapshot!(table);
}

#[test]
fn sweep_of_a_scenario_on_a_wide_terminal() {
    let table = sweep_at("160");
    check(&table);
    assert!(!table.contains("left out"), "{table}");
    assert!(table.contains("fine-tuned") && table.contains("#1") && table.contains("multiple"));
    insta::assert_snapshot!(table);
}
