//! `ftvp sweep --sensitivity`: the flip values at the user's volume, in JSON
//! and as a table under the sweep's, and the volume's marked on the terminal
//! chart and the SVG (snapshots), and on the chart of `ftvp breakeven
//! --sensitivity`.

mod common;

use common::{assert_input_error, fixture, ftvp, json_of};

/// The sweep of tests/fixtures/flips.toml from 1k to 1M requests.
fn args(extra: &[&str]) -> Vec<String> {
    let scenario = fixture("flips.toml").display().to_string();
    let mut a: Vec<String> = [
        "--scenario",
        &scenario,
        "--from",
        "1k",
        "--to",
        "1M",
        "--points",
        "7",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    a.extend(extra.iter().map(|s| s.to_string()));
    a
}

fn run(command: &str, args: &[String]) -> String {
    let out = ftvp()
        .arg(command)
        .arg("--pricing")
        .arg(fixture("pricing"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// JSON carries the flip values of every input; the volume's are 12,362
/// (`prompt`) and 41,209 (`fine-tune`), worked in the fixture.
#[test]
fn a_sweep_carries_its_flip_values_in_json() {
    let a = args(&["--sensitivity"]);
    let j = json_of("sweep", &a.iter().map(String::as_str).collect::<Vec<_>>());
    let rows = j["sensitivity"].as_array().expect("sensitivity");
    let v = rows.iter().find(|r| r["input"] == "volume").unwrap();
    assert_eq!(
        (
            v["current"].as_f64(),
            v["below"].as_f64(),
            v["above"].as_f64()
        ),
        (Some(20_000.0), Some(12_362.0), Some(41_209.0))
    );
    assert_eq!(
        (v["below_verdict"].as_str(), v["above_verdict"].as_str()),
        (Some("prompt"), Some("fine-tune"))
    );
    // Without the flag the document is as before.
    let plain = json_of(
        "sweep",
        &args(&[]).iter().map(String::as_str).collect::<Vec<_>>(),
    );
    assert!(plain.get("sensitivity").is_none());
}

/// The terminal chart marks each flip value with a column of `|` and says
/// what the verdict turns to there.
#[test]
fn the_terminal_chart_marks_the_flip_values() {
    let text = run(
        "sweep",
        &args(&["--sensitivity", "--chart", "--color", "never"]),
    );
    // The table, then the chart: `|` columns at 12,362 and 41,209 about
    // the `:` of 20,000.
    let chart = &text[text.find("$13.2k │").expect("chart drawn")..];
    assert!(chart.contains("| the verdict turns: prompt at 12,362 requests (acme/small cheapest)"));
    assert!(
        chart.contains("| the verdict turns: fine-tune at 41,209 requests (acme/small cheapest)")
    );
    // The table of every input's flip values comes under the sweep's table.
    assert!(text.contains("What would change the answer:"));
    insta::assert_snapshot!(text);
    // `ftvp breakeven --sensitivity --chart` marks them too.
    let scenario = fixture("flips.toml").display().to_string();
    let b = [
        "--scenario",
        &scenario,
        "--sensitivity",
        "--chart",
        "--color",
        "never",
    ];
    let b = run("breakeven", &b.map(String::from));
    assert!(
        b.contains("| the verdict turns: prompt at 12,362 requests"),
        "{b}"
    );
}

/// The SVG draws each flip value as a labelled dotted line with a legend entry.
#[test]
fn the_svg_marks_the_flip_values() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("flips.svg");
    run(
        "sweep",
        &args(&["--sensitivity", "--svg", path.to_str().unwrap()]),
    );
    let svg = std::fs::read_to_string(&path).unwrap();
    roxmltree::Document::parse(&svg).expect("valid XML");
    assert!(svg.contains("flip: prompt at 12.4k") && svg.contains("flip: fine-tune at 41.2k"));
    assert!(svg.contains("flip: prompt at 12,362 requests (acme/small cheapest)"));
    insta::assert_snapshot!(svg);
}

/// Flip values are about the user's volume: a sweep without one refuses
/// the flag.
#[test]
fn a_sweep_without_a_volume_refuses_sensitivity() {
    let pricing = fixture("pricing").display().to_string();
    assert_input_error(
        &[
            "sweep",
            "--pricing",
            &pricing,
            "--base",
            "acme/big",
            "--base-prompt",
            "3000",
            "--tuned",
            "acme/small",
            "--tuned-prompt",
            "500",
            "--input",
            "200",
            "--output",
            "300",
            "--training-tokens",
            "2M",
            "--setup-cost",
            "0",
            "--sensitivity",
        ],
        "--sensitivity needs your volume",
    );
}
