//! `ftvp sweep` and the charts: grid, agreement with `breakeven`, markers,
//! the terminal chart and the SVG.

mod common;

use std::collections::BTreeMap;

use common::{assert_input_error, breakeven_json, fixture, ftvp, json_of};
use serde_json::Value;

const DESIGN: &[&str] = &[
    "--base",
    "acme/big",
    "--base-prompt",
    "3000",
    "--tuned",
    "acme/small",
    "--tuned",
    "acme/flat",
    "--tuned-prompt",
    "500",
    "--input",
    "200",
    "--output",
    "300",
    "--training-tokens",
    "2M",
    "--setup-cost",
    "5000",
];

fn sweep_json(args: &[&str]) -> Value {
    json_of("sweep", args)
}

fn rows(j: &Value) -> &Vec<Value> {
    j["rows"].as_array().unwrap()
}

#[test]
fn the_default_range_is_25_log_spaced_volumes_from_1k_to_100m_plus_markers() {
    let j = sweep_json(DESIGN);
    assert_eq!(j["schema"], "ftvp.sweep/1");
    assert_eq!(j["base"], "acme/big");
    assert_eq!(
        j["candidates"],
        serde_json::json!(["acme/small", "acme/flat"])
    );
    let grid: Vec<u64> = rows(&j)
        .iter()
        .filter(|r| r["marker"].is_null())
        .map(|r| r["volume"].as_u64().unwrap())
        .collect();
    assert_eq!(grid.first(), Some(&1_000));
    assert_eq!(grid.last(), Some(&100_000_000));
    // Markers that fall on no grid volume add rows: 25 + 3 here.
    assert_eq!(rows(&j).len(), 28);
    let volumes: Vec<u64> = rows(&j)
        .iter()
        .map(|r| r["volume"].as_u64().unwrap())
        .collect();
    assert!(
        volumes.windows(2).all(|w| w[0] < w[1]),
        "strictly increasing"
    );
    // Log-spaced: every grid step multiplies by 10^(5/24) ≈ 1.6156, up to rounding.
    let step = 10f64.powf(5.0 / 24.0);
    for w in grid.windows(2) {
        let ratio = w[1] as f64 / w[0] as f64;
        assert!((ratio - step).abs() < 0.001, "{w:?}");
    }
}

#[test]
fn totals_agree_with_breakeven_at_the_same_volume() {
    let j = sweep_json(&[DESIGN, &["--from", "10k", "--to", "10M", "--points", "7"]].concat());
    for row in rows(&j) {
        let volume = row["volume"].as_u64().unwrap().to_string();
        let b = breakeven_json(&[DESIGN, &["--volume", volume.as_str()]].concat());
        assert_eq!(row["base_total"], b["base"]["total_cost"], "at {volume}");
        for c in b["candidates"].as_array().unwrap() {
            let model = c["model"].as_str().unwrap();
            assert_eq!(row["totals"][model], c["total_cost"], "{model} at {volume}");
            assert_eq!(row["verdicts"][model], c["verdict"], "{model} at {volume}");
        }
    }
}

/// At every volume of a sweep, the row holds what `ftvp breakeven` says at
/// that volume: the same totals, the cheapest candidate and its verdict. Over
/// a growing per-month horizon with hosting, upkeep and retraining (the
/// scenario `growth.toml`), and over totals spread over months, with two
/// candidates that take turns being the cheapest.
#[test]
fn sweep_rows_are_breakeven_at_every_volume_of_a_grid() {
    let scenario = fixture("growth.toml").display().to_string();
    let flags = [
        "--base",
        "acme/big",
        "--base-prompt",
        "3000",
        "--tuned",
        "acme/small",
        "--tuned",
        "acme/hosted",
        "--tuned-prompt",
        "500",
        "--tuned-prompt",
        "0",
        "--input",
        "200",
        "--output",
        "300",
        "--training-tokens",
        "2M",
        "--setup-cost",
        "5000",
    ];
    let per_month = ["--months", "12", "--growth", "3"];
    let cases: [(Vec<&str>, Vec<&str>, &str, &str); 3] = [
        (
            vec!["--scenario", &scenario],
            per_month.to_vec(),
            "--per-month",
            "per_month",
        ),
        (
            [&flags[..], &["--months", "6", "--retrain-every", "2"]].concat(),
            vec![],
            "--volume",
            "total",
        ),
        (
            [&flags[..], &["--months", "1"]].concat(),
            vec![],
            "--volume",
            "total",
        ),
    ];
    for (common, horizon, volume_flag, axis) in cases {
        let j = sweep_json(
            &[
                &common[..],
                &["--from", "1k", "--to", "100M", "--points", "6"],
            ]
            .concat(),
        );
        assert_eq!(j["axis"], axis);
        let mut bests = std::collections::BTreeSet::new();
        for row in rows(&j) {
            let volume = row["volume"].as_u64().unwrap().to_string();
            let b =
                breakeven_json(&[&common[..], &[volume_flag, volume.as_str()], &horizon].concat());
            let at = format!("{common:?} at {volume}");
            assert_eq!(row["base_total"], b["base"]["total_cost"], "{at}");
            assert_eq!(row["best"], b["best"], "{at}");
            assert_eq!(row["verdict"], b["verdict"], "{at}");
            for c in b["candidates"].as_array().unwrap() {
                let model = c["model"].as_str().unwrap();
                assert_eq!(row["totals"][model], c["total_cost"], "{model} {at}");
                assert_eq!(row["verdicts"][model], c["verdict"], "{model} {at}");
            }
            bests.insert(row["best"].as_str().unwrap().to_string());
        }
        assert_eq!(
            bests.len(),
            2,
            "{common:?}: the cheapest never changes: {bests:?}"
        );
    }
}

#[test]
fn markers_sit_on_the_best_candidates_volumes() {
    let j = sweep_json(DESIGN);
    let best = j["best"].as_str().unwrap().to_string();
    // The best is the cheapest at the top of the range.
    let b = breakeven_json(&[DESIGN, &["--volume", "100M"]].concat());
    assert_eq!(b["best"], best.as_str());
    let c = b["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["model"] == best.as_str())
        .unwrap();
    let marked: BTreeMap<String, u64> = rows(&j)
        .iter()
        .filter(|r| !r["marker"].is_null())
        .map(|r| {
            (
                r["marker"].as_str().unwrap().to_string(),
                r["volume"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        marked["break-even"],
        c["break_even_requests"].as_u64().unwrap()
    );
    assert_eq!(marked["depends"], c["volume_for_depends"].as_u64().unwrap());
    assert_eq!(
        marked["fine-tune"],
        c["volume_for_fine_tune"].as_u64().unwrap()
    );
    // The row of each marker has that verdict; the row before it the one below.
    for r in rows(&j) {
        match r["marker"].as_str() {
            Some("depends") => assert_eq!(r["verdicts"][&best], "depends"),
            Some("fine-tune") => assert_eq!(r["verdicts"][&best], "fine-tune"),
            _ => {}
        }
    }
}

#[test]
fn verdicts_never_move_back_toward_prompt_as_volume_grows() {
    let j = sweep_json(&[DESIGN, &["--points", "60"]].concat());
    for model in ["acme/small", "acme/flat"] {
        let rank = |v: &Value| {
            ["prompt", "depends", "fine-tune"]
                .iter()
                .position(|x| v == x)
                .unwrap()
        };
        let ranks: Vec<usize> = rows(&j)
            .iter()
            .map(|r| rank(&r["verdicts"][model]))
            .collect();
        assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{model}: {ranks:?}");
        assert_eq!(ranks.first(), Some(&0));
        assert_eq!(ranks.last(), Some(&2));
    }
}

#[test]
fn a_marker_on_a_grid_volume_marks_that_row_and_the_stronger_marker_wins() {
    // Δ = 0.00004, T = 30: break-even 750,001; 3× at 2,250,000; 10× at 7,500,000.
    let flat = [
        "--base",
        "acme/flat",
        "--base-prompt",
        "100",
        "--tuned-prompt",
        "0",
        "--tuned",
        "acme/flat",
        "--setup-cost",
        "0",
        "--training-cost",
        "30",
        "--output",
        "0",
    ];
    let j = sweep_json(
        &[
            &flat[..],
            &["--from", "750001", "--to", "7500000", "--points", "2"],
        ]
        .concat(),
    );
    let got: Vec<(u64, Value)> = rows(&j)
        .iter()
        .map(|r| (r["volume"].as_u64().unwrap(), r["marker"].clone()))
        .collect();
    assert_eq!(
        got,
        [
            (750_001, Value::from("break-even")),
            (2_250_000, Value::from("depends")),
            (7_500_000, Value::from("fine-tune")),
        ]
    );
    // With equal thresholds `depends` and `fine-tune` share a volume: fine-tune wins.
    let j = sweep_json(
        &[
            &flat[..],
            &[
                "--depends-at",
                "3",
                "--fine-tune-at",
                "3",
                "--from",
                "1M",
                "--to",
                "10M",
                "--points",
                "2",
            ],
        ]
        .concat(),
    );
    let markers: Vec<&Value> = rows(&j)
        .iter()
        .map(|r| &r["marker"])
        .filter(|m| !m.is_null())
        .collect();
    assert_eq!(markers, [&Value::from("fine-tune")]);
}

#[test]
fn a_scenarios_volume_is_the_users_volume_and_its_expect_is_ignored() {
    let scenario = fixture("scenario.toml");
    let out = ftvp()
        .args(["sweep", "--pricing"])
        .arg(fixture("pricing"))
        .arg("--scenario")
        .arg(&scenario)
        .args(["--format", "json", "--points", "3"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let j: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(j["volume"], 5_000_000);
}

#[test]
fn bad_ranges_and_chart_formats_are_refused() {
    let p = fixture("pricing").display().to_string();
    let args = |extra: &[&'static str]| -> Vec<String> {
        let mut a: Vec<String> = ["sweep", "--pricing", &p]
            .iter()
            .map(|s| s.to_string())
            .collect();
        a.extend(DESIGN.iter().map(|s| s.to_string()));
        a.extend(extra.iter().map(|s| s.to_string()));
        a
    };
    let check = |extra: &[&'static str], needle: &str| {
        let a = args(extra);
        assert_input_error(&a.iter().map(String::as_str).collect::<Vec<_>>(), needle);
    };
    check(&["--from", "0"], "--from must be at least 1");
    check(&["--from", "10M", "--to", "1M"], "must be above --from");
    check(&["--points", "1"], "--points 1 must be between 2 and 10000");
    check(
        &["--chart", "--format", "json"],
        "--chart draws below the table; it cannot be combined with --format json",
    );
    check(&["--chart", "--format", "csv"], "--format csv");
    check(&["--volume", "5"], "unexpected argument '--volume'");
}

#[test]
fn the_terminal_chart_has_every_path_the_break_even_and_the_users_volume() {
    let out = ftvp()
        .args(["breakeven", "--pricing"])
        .arg(fixture("pricing"))
        .args(DESIGN)
        .args(["--volume", "5M", "--chart", "--color", "never"])
        .env("COLUMNS", "100")
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let chart = &text[text.find(" │").expect("chart drawn")..];
    for needle in [
        "* prompting acme/big",
        "o fine-tuned acme/small",
        "+ fine-tuned acme/flat",
        "X break-even of acme/small at 690,935 requests",
        ": your volume, 5,000,000 requests",
        "requests (log scale)",
        "1M",
        "10M",
    ] {
        assert!(text.contains(needle), "`{needle}` missing:\n{text}");
    }
    assert!(chart.contains('X') && chart.contains(':') && chart.contains('*'));
    assert!(!text.contains('\x1b'));
    let coloured = ftvp()
        .args(["sweep", "--pricing"])
        .arg(fixture("pricing"))
        .args(DESIGN)
        .args(["--chart", "--color", "always"])
        .output()
        .unwrap();
    assert!(String::from_utf8(coloured.stdout).unwrap().contains('\x1b'));
}

fn svg_of(args: &[&str]) -> (String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chart.svg");
    let out = ftvp()
        .arg("--color")
        .arg("never")
        .args(args)
        .arg("--pricing")
        .arg(fixture("pricing"))
        .arg("--svg")
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (std::fs::read_to_string(&path).unwrap(), dir)
}

#[test]
fn the_svg_has_a_line_per_path_legend_markers_bands_and_the_users_volume() {
    let (svg, dir) = svg_of(&[&["breakeven"], DESIGN, &["--volume", "5M"]].concat());
    let doc = roxmltree::Document::parse(&svg).expect("valid XML");
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    let nodes: Vec<roxmltree::Node> = doc.descendants().filter(|n| n.is_element()).collect();
    // Cost lines: thick polylines sampled at 201 points, one per path.
    let lines = nodes
        .iter()
        .filter(|n| n.tag_name().name() == "polyline" && n.attribute("stroke-width") == Some("3"))
        .filter(|n| {
            n.attribute("points")
                .unwrap_or("")
                .split_whitespace()
                .count()
                > 100
        })
        .count();
    assert_eq!(lines, 3);
    let texts: Vec<String> = nodes
        .iter()
        .filter(|n| n.tag_name().name() == "text")
        .map(|n| n.text().unwrap_or("").trim().to_string())
        .collect();
    for label in [
        "prompting: acme/big",
        "fine-tuned: acme/small",
        "fine-tuned: acme/flat",
        "break-even of acme/small: 690,935 requests",
        "break-even of acme/flat: 590,376 requests",
        "your volume: 5,000,000 requests",
        // acme/flat is the cheaper candidate at 5M requests: its zones are shaded.
        "zone: prompt (acme/flat)",
        "zone: depends (acme/flat)",
        "zone: fine-tune (acme/flat)",
        "requests (log scale)",
        "total cost (USD, log scale)",
        "1M",
        "$10k",
    ] {
        assert!(
            texts.iter().any(|t| t == label),
            "`{label}` not in {texts:?}"
        );
    }
    // One marker per break-even volume in range (both candidates), plus their legend dots.
    let markers = nodes
        .iter()
        .filter(|n| n.tag_name().name() == "circle" && n.attribute("r") == Some("7"))
        .count();
    assert_eq!(markers, 2);
    let bands = nodes
        .iter()
        .filter(|n| n.tag_name().name() == "rect" && n.attribute("opacity") == Some("0.18"))
        .count();
    assert_eq!(bands, 3);
    // Written atomically: no temporary file left beside it.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["chart.svg"]);
}

#[test]
fn the_svg_of_a_sweep_marks_no_volume_without_one() {
    let (svg, _dir) = svg_of(&[&["sweep"], DESIGN].concat());
    roxmltree::Document::parse(&svg).expect("valid XML");
    assert!(svg.contains("prompting: acme/big"));
    assert!(!svg.contains("your volume"));
}

#[test]
fn a_bad_svg_path_fails_before_any_work() {
    let p = fixture("pricing").display().to_string();
    let mut args = vec!["breakeven", "--pricing", &p];
    args.extend_from_slice(DESIGN);
    args.extend_from_slice(&["--volume", "5M", "--svg", "/no/such/folder/chart.svg"]);
    assert_input_error(
        &args,
        "--svg /no/such/folder/chart.svg: cannot write in /no/such/folder",
    );
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().display().to_string();
    let mut args = vec!["breakeven", "--pricing", &p, "--base", "nonexistent/model"];
    args.extend_from_slice(&["--svg", &d]);
    assert_input_error(&args, "is a folder");
}
