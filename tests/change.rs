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

/// The dedicated worked example on a $40 GPU-hour over 6 months: one
/// replica costs 40 × 730 = $29,200 a month and carries 12 × 0.8 ×
/// 2,628,000 / 2 = 12,614,400 requests, so T = 500 + 6 × 29,200 = 175,700
/// with one replica and 350,900 with two; savings are 6 × 0.0094 = 0.0564
/// a monthly request. At 12M a month: 676,800 / 175,700 = 3.85×, `depends`.
/// Above, the verdict first changes just past the replica step: 12,614,401
/// needs a second replica, 711,452.2164 / 350,900 = 2.03×, `prompt` (the
/// margin keeps rising within the first step). Below: 3× needs 0.0564 V ≥
/// 527,100, V ≥ 9,345,744.68…: 9,345,744 is `prompt`.
#[test]
fn a_per_month_flip_lands_just_past_a_replica_step() {
    let mut args = common::dedicated_worked(&[
        "--per-month",
        "12M",
        "--months",
        "6",
        "--replica-rps",
        "12",
        "--sensitivity",
        "--format",
        "json",
    ]);
    let at = args.iter().position(|a| a == "--gpu").unwrap();
    args.splice(at..at + 2, ["--gpu-hourly".to_string(), "40".to_string()]);
    let out = common::ftvp().args(&args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(j["verdict"], "depends");
    let rows = j["sensitivity"].as_array().unwrap();
    let v = rows.iter().find(|r| r["input"] == "per_month").unwrap();
    assert_eq!(
        (v["above"].as_f64(), v["above_verdict"].as_str()),
        (Some(12_614_401.0), Some("prompt"))
    );
    assert_eq!(
        (v["below"].as_f64(), v["below_verdict"].as_str()),
        (Some(9_345_744.0), Some("prompt"))
    );
    // 614,401 / 12M = 5.12%.
    assert_eq!(v["margin_percent"], 5.12);
    // More fragile still, the throughput: two replicas from 12M × 2 >
    // r × 0.8 × 2,628,000, r < 11.4155…: 11.41 is `prompt`, 11.42 not;
    // (12 − 11.41) / 12 = 4.92%.
    let r = &rows[0];
    assert_eq!(
        (r["input"].as_str(), r["below"].as_f64()),
        (Some("replica_throughput"), Some(11.41))
    );
    assert_eq!(r["margin_percent"], 4.92);
    assert_eq!(rows[1]["input"], "per_month");
}

/// The quick start with four ranged inputs, as the README's example has them.
fn ranged(extra: &[&str]) -> Vec<String> {
    let mut a: Vec<String> = [
        "--base",
        "acme/big",
        "--base-prompt",
        "2000..3000..4000",
        "--tuned",
        "acme/small",
        "--tuned-prompt",
        "0..500..1500",
        "--input",
        "200",
        "--output",
        "300",
        "--training-tokens",
        "2M",
        "--setup-cost",
        "0..100",
        "--volume",
        "10k..20k..40k",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    a.extend(extra.iter().map(|s| s.to_string()));
    a
}

/// The same seed gives the same numbers, run after run and on every
/// platform (ChaCha8, inverse CDF, rounding before exact evaluation).
#[test]
fn a_seeded_simulation_is_the_same_every_time() {
    let args = ranged(&["--simulate", "10000", "--seed", "7"]);
    let first = breakeven_json(&strs(&args));
    let again = breakeven_json(&strs(&args));
    assert_eq!(first["simulation"], again["simulation"]);
    let s = &first["simulation"];
    let shares =
        ["share_prompt", "share_depends", "share_fine_tune"].map(|k| s[k].as_f64().unwrap());
    assert!((shares.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    insta::assert_snapshot!(serde_json::to_string_pretty(s).unwrap());
    // The main answer is the BASE's: setup 50, volume 20k, prompts 3,000 and
    // 500: the quick start's 20,000 × 0.00728 − 80 = $65.60.
    assert_eq!(first["candidates"][0]["net_saving"], 65.6);
}

/// The draws are evaluated in blocks on every core: one thread and three
/// give the same document, byte for byte (the draws are made in order
/// first, and shares and percentiles do not depend on which block ends
/// first).
#[test]
fn a_seeded_simulation_does_not_depend_on_the_number_of_threads() {
    let args = ranged(&["--simulate", "2500", "--seed", "11"]);
    let run = |threads: &str| {
        let out = common::ftvp()
            .env("RAYON_NUM_THREADS", threads)
            .arg("breakeven")
            .arg("--pricing")
            .arg(common::fixture("pricing"))
            .args(&args)
            .args(["--format", "json"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    let one = run("1");
    assert_eq!(one, run("3"));
    let j: serde_json::Value = serde_json::from_slice(&one).unwrap();
    assert_eq!(j["simulation"]["draws"], 2500);
}

/// With every range of zero width, every draw is the base answer.
#[test]
fn zero_width_ranges_give_the_base_verdict_every_time() {
    let args: Vec<String> = with(&["--volume", "20k..20k..20k", "--simulate", "500"]);
    let j = breakeven_json(&strs(&args));
    let s = &j["simulation"];
    assert_eq!(j["verdict"], "depends");
    assert_eq!(
        (s["share_depends"].as_f64(), s["share_prompt"].as_f64()),
        (Some(1.0), Some(0.0))
    );
    // 20,000 × 0.00728 − 30 = 115.6 in every draw.
    assert_eq!(
        (s["net_saving_p10"].as_f64(), s["net_saving_p90"].as_f64()),
        (Some(115.6), Some(115.6))
    );
}

/// The tornado: each range at its ends with the others at BASE, widest
/// first; the corners put every range at the end that favours each path.
/// Volume 10k: 10,000 × 0.00728 − 80 = −7.20; 40k: 291.20 − 80 = 211.20.
#[test]
fn the_tornado_and_corners_by_hand() {
    let j = breakeven_json(&strs(&ranged(&[])));
    let t = j["tornado"].as_array().unwrap();
    assert_eq!(t[0]["input"], "volume");
    assert_eq!(
        (
            t[0]["net_saving_low"].as_f64(),
            t[0]["net_saving_high"].as_f64()
        ),
        (Some(-7.2), Some(211.2))
    );
    assert_eq!(
        (t[0]["verdict_low"].as_str(), t[0]["verdict_high"].as_str()),
        (Some("prompt"), Some("depends"))
    );
    // Favouring prompting: 10k requests, base prompt 2,000, tuned prompt
    // 1,500, setup 100. P_base = (2,200 × 2 + 2,400) / 1M = 0.0068; P_tuned =
    // (1,700 × 0.8 + 960) / 1M = 0.00232; 10,000 × 0.00448 − 130 = −85.20.
    let c = &j["corners"]["favours_prompt"];
    assert_eq!(
        (c["net_saving"].as_f64(), c["verdict"].as_str()),
        (Some(-85.2), Some("prompt"))
    );
    // Favouring fine-tuning: 40k, 4,000, 0, 0: P_base = 0.0108, P_tuned =
    // 0.00112; 40,000 × 0.00968 − 30 = 357.20, 12.9×: fine-tune.
    let c = &j["corners"]["favours_fine_tune"];
    assert_eq!(
        (c["net_saving"].as_f64(), c["verdict"].as_str()),
        (Some(357.2), Some("fine-tune"))
    );
}

#[test]
fn ranges_are_checked_by_their_inputs_rules() {
    let pricing = fixture("pricing").display().to_string();
    for (extra, needle) in [
        (&["--volume", "5M..1M"][..], "out of order"),
        (
            &["--volume", "1M", "--cache-hit-rate", "0.2..1.4"][..],
            "outside 0..1",
        ),
        (&["--volume", "1M..2M..3M..4M"][..], "not a range"),
    ] {
        let mut args = vec!["breakeven".to_string(), "--pricing".into(), pricing.clone()];
        args.extend(with(extra));
        assert_input_error(&strs(&args), needle);
    }
}

/// A scenario's string `"LOW..BASE..HIGH"` is a range like the flag's.
#[test]
fn scenario_ranges_match_the_flags() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("change-ranges");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("ranges.toml");
    let text = "volume = \"10k..20k..40k\"\n[base]\nmodel = \"acme/big\"\nprompt_tokens = \"2000..3000..4000\"\n\
         [[tuned]]\nmodel = \"acme/small\"\nprompt_tokens = \"0..500..1500\"\n\
         [request]\ninput_tokens = 200\noutput_tokens = 300\n\
         [training]\ntokens = 2_000_000\nsetup_cost = \"0..100\"\n";
    std::fs::write(&file, text).unwrap();
    let f = file.display().to_string();
    let from_file = breakeven_json(&["--scenario", &f]);
    let from_flags = breakeven_json(&strs(&ranged(&[])));
    assert_eq!(from_file["tornado"], from_flags["tornado"]);
    assert_eq!(from_file["corners"], from_flags["corners"]);
    std::fs::write(&file, text.replace("\"0..100\"", "\"100..0\"")).unwrap();
    let pricing = fixture("pricing").display().to_string();
    assert_input_error(
        &["breakeven", "--pricing", &pricing, "--scenario", &f],
        "out of order",
    );
    std::fs::write(&file, format!("{text}epochs = \"1..3\"\n")).unwrap();
    assert_input_error(
        &["breakeven", "--pricing", &pricing, "--scenario", &f],
        "epochs",
    );
}

/// The README's section works its flip values and quality thresholds by
/// hand; the blocks under them (run by tests/readme.rs) show the same.
#[test]
fn the_readme_hand_computations_are_the_numbers_shown() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme
        .find("## What would change the answer")
        .expect("the section");
    let section = &readme[start..];
    let section = &section[..section[3..].find("\n## ").map_or(section.len(), |e| e + 3)];
    for (by_hand, shown) in [
        (
            "**7,390** tokens",
            "| tuned_prompt | 500 | — | 7,390 prompt |",
        ),
        (
            "**7,297**",
            "| setup_cost | 5,000 | 2,186 fine-tune | 7,297 prompt |",
        ),
        (
            "**2,186**",
            "| setup_cost | 5,000 | 2,186 fine-tune | 7,297 prompt |",
        ),
        (
            "**`break_even_success` = 0.9416**",
            "| 0.9416 | 0.9466 | 0.9641 |",
        ),
        ("**0.9466**", "| 0.9416 | 0.9466 | 0.9641 |"),
        ("**0.9641**", "| 0.9416 | 0.9466 | 0.9641 |"),
    ] {
        assert!(
            section.contains(by_hand),
            "{by_hand} not worked in the README"
        );
        assert!(section.contains(shown), "{shown} not shown in the README");
    }
}

/// `sweep` takes the same quality inputs: P′_base = 0.0088 + 0.05 × 0.10 =
/// 0.0138, P′_tuned = 0.00152 + 0.06 × 0.10 = 0.00752, Δ′ = 0.00628, so
/// it breaks even at ⌊30 / 0.00628⌋ + 1 = 4,778 requests (4,121 without
/// quality inputs).
#[test]
fn sweep_counts_quality_in_the_money() {
    let mut args: Vec<&str> = QUICK_START.to_vec();
    args.extend([
        "--base-success",
        "0.95",
        "--tuned-success",
        "0.94",
        "--failure-cost",
        "0.1",
        "--from",
        "1k",
        "--to",
        "1M",
        "--points",
        "4",
    ]);
    let j = common::json_of("sweep", &args);
    let marked = j.to_string();
    assert!(marked.contains("4778"), "{marked}");
    let first = &j["rows"][0];
    assert_eq!(first["base_total"], 13.8, "{first}");
}

/// `--tornado-svg FILE` draws the tornado: a bar per ranged input, named.
#[test]
fn the_tornado_is_drawn_as_svg() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("change-tornado");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("tornado.svg");
    let _ = std::fs::remove_file(&file);
    let f = file.display().to_string();
    let mut args = vec![
        "breakeven".to_string(),
        "--pricing".into(),
        "tests/fixtures/pricing".into(),
    ];
    args.extend(ranged(&["--tornado-svg", &f]));
    run_ok(&strs(&args));
    let svg = std::fs::read_to_string(&file).unwrap();
    assert!(svg.starts_with("<svg"), "{}", &svg[..80.min(svg.len())]);
    for name in ["volume", "setup_cost", "base_prompt", "tuned_prompt"] {
        assert!(svg.contains(name), "{name} not labelled");
    }
    // Without ranges there is no tornado to draw: one error line, exit 2.
    let pricing = fixture("pricing").display().to_string();
    let mut plain = vec!["breakeven".to_string(), "--pricing".into(), pricing];
    plain.extend(with(&["--volume", "20k", "--tornado-svg", &f]));
    assert_input_error(&strs(&plain), "no ranged inputs");
}

/// `--svg FILE` with ranged inputs has the tornado below the cost chart
/// (design §15: the tornado is in the terminal and in `--svg`); without
/// ranges it is the chart alone.
#[test]
fn the_svg_has_the_tornado_below_the_chart_when_inputs_are_ranged() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("change-svg-tornado");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("chart.svg");
    let f = file.display().to_string();
    let mut args = vec![
        "breakeven".to_string(),
        "--pricing".into(),
        "tests/fixtures/pricing".into(),
    ];
    args.extend(ranged(&["--svg", &f]));
    run_ok(&strs(&args));
    let svg = std::fs::read_to_string(&file).unwrap();
    let doc = roxmltree::Document::parse(&svg).expect("valid XML");
    let height: u32 = doc
        .root_element()
        .attribute("height")
        .unwrap()
        .parse()
        .unwrap();
    assert!(svg.contains("Total cost by volume"), "no chart");
    assert!(
        svg.contains("Net saving at each end of a range"),
        "no tornado"
    );
    for name in ["volume", "setup_cost", "base_prompt", "tuned_prompt"] {
        assert!(svg.contains(name), "{name} not labelled");
    }
    // The chart's 600 pixels, then 140 + 48 a bar.
    let doc = breakeven_json(&strs(&ranged(&[])));
    let bars = doc["tornado"].as_array().unwrap().len() as u32;
    assert_eq!(height, 600 + 140 + 48 * bars);
    let pricing = fixture("pricing").display().to_string();
    let mut plain = vec!["breakeven".to_string(), "--pricing".into(), pricing];
    plain.extend(with(&["--volume", "20k", "--svg", &f]));
    run_ok(&strs(&plain));
    let svg = std::fs::read_to_string(&file).unwrap();
    assert!(svg.contains("Total cost by volume") && !svg.contains("Net saving at each end"));
    assert!(svg.contains(r#"height="600""#));
}

/// The horizon's months take a range in a scenario file as on the command
/// line (`"6..12..24"`): the same simulation either way, the answer at 12.
#[test]
fn a_scenario_months_range_matches_the_flag() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("change-months");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("months.toml");
    let text = "[base]\nmodel = \"acme/big\"\nprompt_tokens = 3000\n\
         [[tuned]]\nmodel = \"acme/small\"\nprompt_tokens = 500\n\
         [request]\ninput_tokens = 200\noutput_tokens = 300\n\
         [training]\ntokens = 2_000_000\nsetup_cost = 0\n\
         [horizon]\nper_month = \"20k\"\nmonths = \"6..12..24\"\n";
    std::fs::write(&file, text).unwrap();
    let f = file.display().to_string();
    let sim = ["--simulate", "300", "--seed", "3"];
    let from_file = breakeven_json(&[&["--scenario", &f][..], &sim].concat());
    let flags = [
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
        "--per-month",
        "20k",
        "--months",
        "6..12..24",
    ];
    let from_flags = breakeven_json(&[&flags[..], &sim].concat());
    assert_eq!(from_file["simulation"], from_flags["simulation"]);
    assert_eq!(from_file["horizon"]["months"], 12);
    assert_eq!(from_file["tornado"], from_flags["tornado"]);
}
