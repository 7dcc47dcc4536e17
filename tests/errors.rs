//! Bad input: exit code 2, one `error:` line naming the culprit, nothing on
//! stdout, never a panic.

mod common;

use std::fs;

use common::{assert_input_error, fixture, ftvp};

fn acme() -> String {
    fixture("pricing").display().to_string()
}

/// A comparison on the fixture sheet with its token lengths, to which each
/// case adds the rest and one fault.
fn args<'a>(pricing: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut a = vec![
        "breakeven",
        "--pricing",
        pricing,
        "--input",
        "200",
        "--output",
        "300",
    ];
    a.extend_from_slice(extra);
    a
}

const OK: &[&str] = &[
    "--base",
    "acme/big",
    "--training-cost",
    "30",
    "--volume",
    "1M",
];

fn with_ok<'a>(pricing: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut a = args(pricing, OK);
    a.extend_from_slice(extra);
    a
}

/// A complete comparison on acme/big → acme/small with `flag` set to `value`
/// (replacing the default value of that flag).
fn with_value(pricing: &str, flag: &str, value: &str) -> Vec<String> {
    let mut a: Vec<String> = ["breakeven", "--pricing", pricing, "--output", "300"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let defaults = [
        ("--base", "acme/big"),
        ("--tuned", "acme/small"),
        ("--training-cost", "30"),
        ("--volume", "1M"),
    ];
    for (f, v) in defaults.iter().filter(|(f, _)| *f != flag) {
        a.push(f.to_string());
        a.push(v.to_string());
    }
    a.push(format!("{flag}={value}"));
    a
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

#[test]
fn unknown_models_get_suggestions() {
    let p = acme();
    assert_input_error(
        &with_ok(&p, &["--tuned", "acme/smal"]),
        "unknown model `acme/smal`; did you mean acme/small",
    );
    assert_input_error(
        &with_ok(&p, &["--tuned", "zzzz-qqqq"]),
        "`ftvp prices` lists the known models",
    );
}

#[test]
fn ambiguous_bare_names_list_the_providers() {
    // gpt-4.1 is both openai/gpt-4.1 and azure/gpt-4.1 in the shipped sheets.
    assert_input_error(
        &[
            "breakeven",
            "--base",
            "gpt-4.1",
            "--tuned",
            "openai/gpt-4.1-mini",
            "--training-cost",
            "1",
            "--volume",
            "1",
            "--input",
            "0",
            "--output",
            "1",
        ],
        "model `gpt-4.1` is ambiguous: it is defined by azure/gpt-4.1, openai/gpt-4.1",
    );
}

#[test]
fn duplicate_candidates_are_refused() {
    let p = acme();
    assert_input_error(
        &with_ok(&p, &["--tuned", "acme/small", "--tuned", "small"]),
        "acme/small is given twice",
    );
}

#[test]
fn a_candidate_without_fine_tuning_prices_is_refused() {
    let p = acme();
    assert_input_error(
        &with_ok(&p, &["--tuned", "acme/plain"]),
        "acme/plain cannot be a --tuned candidate",
    );
}

#[test]
fn a_hosting_fee_is_never_silently_dropped() {
    let p = acme();
    assert_input_error(
        &with_ok(&p, &["--tuned", "acme/hosted"]),
        "hosting fee of $1.70 an hour for the fine-tuned deployment; give --months",
    );
}

#[test]
fn training_tokens_need_a_per_token_training_price() {
    let p = acme();
    assert_input_error(
        &args(
            &p,
            &[
                "--base",
                "acme/big",
                "--tuned",
                "acme/hourly",
                "--training-tokens",
                "1M",
                "--volume",
                "1",
            ],
        ),
        "acme/hourly has no per-token training price",
    );
}

#[test]
fn both_or_neither_training_inputs_are_errors() {
    let p = acme();
    assert_input_error(
        &args(
            &p,
            &[
                "--base",
                "acme/big",
                "--tuned",
                "acme/small",
                "--volume",
                "1",
            ],
        ),
        "one of --training-cost USD or --training-tokens TOKENS is required",
    );
    assert_input_error(
        &with_ok(&p, &["--tuned", "acme/small", "--training-tokens", "1M"]),
        "not both",
    );
    assert_input_error(
        &with_ok(&p, &["--tuned", "acme/small", "--epochs", "2"]),
        "epochs",
    );
}

#[test]
fn missing_required_inputs_name_the_flag() {
    let p = acme();
    assert_input_error(
        &args(
            &p,
            &[
                "--tuned",
                "acme/small",
                "--training-cost",
                "1",
                "--volume",
                "1",
            ],
        ),
        "--base is required",
    );
    assert_input_error(&with_ok(&p, &[]), "--tuned is required");
    assert_input_error(
        &args(
            &p,
            &[
                "--base",
                "acme/big",
                "--tuned",
                "acme/small",
                "--training-cost",
                "1",
            ],
        ),
        "--volume (or --per-month with --months) is required",
    );
}

/// Token lengths never default to 0: a forgotten `--output` would price the
/// answer at nothing and flatter whichever path has the dearer output.
#[test]
fn forgotten_token_inputs_are_listed_in_one_error() {
    // The command of the report: no prompt, input or output length at all.
    let forgot = [
        "breakeven",
        "--base",
        "openai/gpt-4.1",
        "--tuned",
        "openai/gpt-4.1-mini",
        "--training-tokens",
        "2M",
        "--volume",
        "5M",
    ];
    let e = assert_input_error(
        &forgot,
        "missing required inputs: --base-prompt or --input; --output",
    );
    assert!(e.contains("--help") && e.contains("examples/"), "{e}");
    let p = acme();
    let full = |drop: &[&str]| -> Vec<String> {
        let all = [
            ("--base-prompt", "3000"),
            ("--input", "200"),
            ("--output", "300"),
        ];
        let mut a: Vec<String> = [
            "breakeven",
            "--pricing",
            &p,
            "--base",
            "acme/big",
            "--tuned",
            "acme/small",
            "--training-cost",
            "30",
            "--volume",
            "1M",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for (f, v) in all.iter().filter(|(f, _)| !drop.contains(f)) {
            a.extend([f.to_string(), v.to_string()]);
        }
        a
    };
    // Each one alone missing.
    assert_input_error(
        &strs(&full(&["--output"])),
        "--output (or request.output_tokens in a scenario) is required",
    );
    let e = assert_input_error(
        &strs(&full(&["--base-prompt", "--input"])),
        "one of --base-prompt or --input is required",
    );
    assert!(!e.contains("--output"), "{e}");
    // Either of the two is enough, and an explicit 0 is a value.
    for drop in [&["--base-prompt"][..], &["--input"]] {
        common::run_ok(&strs(&full(drop)));
    }
    let mut zero = full(&["--base-prompt", "--input"]);
    zero.extend(["--input".to_string(), "0".to_string()]);
    common::run_ok(&strs(&zero));
    // With nothing at all, every missing input in one line.
    let e = assert_input_error(&["breakeven"], "missing required inputs: --base ");
    for needle in [
        "--tuned",
        "--base-prompt or --input",
        "--output",
        "--training-cost USD or --training-tokens TOKENS",
        "--volume",
    ] {
        assert!(e.contains(needle), "{needle} not in {e}");
    }
}

/// A scenario gives a candidate's prompt; `--tuned` over it replaces the
/// candidates, and a new one without a prompt length would silently get 0.
#[test]
fn a_candidate_added_over_a_scenario_must_say_its_prompt() {
    let dir = tempfile::tempdir().unwrap();
    let s = dir.path().join("s.toml");
    fs::write(
        &s,
        "volume = 1000000\n[base]\nmodel = \"acme/big\"\nprompt_tokens = 3000\n\
         [[tuned]]\nmodel = \"acme/small\"\nprompt_tokens = 500\n\
         [request]\ninput_tokens = 200\noutput_tokens = 300\n[training]\ncost = 30\n",
    )
    .unwrap();
    let p = acme();
    let s = s.display().to_string();
    let base = ["breakeven", "--pricing", &p, "--scenario", &s];
    common::run_ok(&base);
    let mut replaced = base.to_vec();
    replaced.extend(["--tuned", "acme/flat"]);
    assert_input_error(
        &replaced,
        "--tuned replaces the scenario's candidates but says nothing of acme/flat's prompt: \
         give --tuned-prompt TOKENS (0 for none) or --tuned-prompt-file FILE",
    );
    replaced.extend(["--tuned-prompt", "0"]);
    common::run_ok(&replaced);
}

#[test]
fn negative_nan_infinite_and_fractional_numbers_are_refused() {
    let p = acme();
    for (flag, value, needle) in [
        ("--volume", "-5", "negative"),
        ("--volume", "1.2345k", "not a whole number"),
        ("--input", "abc", "not a whole number"),
        ("--training-cost", "-1", "negative"),
        ("--training-cost", "NaN", "not an amount of money"),
        ("--setup-cost", "inf", "not an amount of money"),
        ("--depends-at", "-3", "negative"),
    ] {
        assert_input_error(&strs(&with_value(&p, flag, value)), needle);
    }
}

#[test]
fn volumes_that_overflow_are_refused() {
    let p = acme();
    assert_input_error(
        &strs(&with_value(&p, "--volume", "99999999999B")),
        "too large",
    );
    assert_input_error(
        &args(
            &p,
            &[
                "--base",
                "acme/big",
                "--tuned",
                "acme/small",
                "--training-tokens",
                "18446744073709551615",
                "--epochs",
                "4000000000",
                "--volume",
                "1",
            ],
        ),
        "overflows",
    );
}

#[test]
fn thresholds_out_of_order_are_refused() {
    let p = acme();
    assert_input_error(
        &with_ok(&p, &["--tuned", "acme/small", "--depends-at", "20"]),
        "thresholds out of order",
    );
    assert_input_error(
        &with_ok(&p, &["--tuned", "acme/small", "--depends-at", "0"]),
        "thresholds out of order",
    );
}

#[test]
fn tuned_prompt_counts_must_match() {
    let p = acme();
    assert_input_error(
        &with_ok(
            &p,
            &[
                "--tuned",
                "acme/small",
                "--tuned",
                "acme/flat",
                "--tuned-prompt",
                "1",
                "--tuned-prompt",
                "2",
                "--tuned-prompt",
                "3",
            ],
        ),
        "--tuned-prompt is given 3 times for 2 --tuned models",
    );
}

#[test]
fn mismatched_currencies_are_refused() {
    let p = acme();
    let euro = fixture("euro").display().to_string();
    assert_input_error(
        &with_ok(&p, &["--pricing", &euro, "--tuned", "euro/small"]),
        "acme/big is priced in USD but euro/small in EUR",
    );
}

#[test]
fn missing_or_unreadable_files_are_named() {
    let p = acme();
    assert_input_error(
        &with_ok(&p, &["--tuned", "acme/small", "--scenario", "no/such.toml"]),
        "cannot read scenario no/such.toml",
    );
    assert_input_error(
        &with_ok(&p, &["--tuned", "acme/small", "--pricing", "no/such/dir"]),
        "--pricing no/such/dir: not a folder",
    );
    let file = fixture("scenario.toml").display().to_string();
    assert_input_error(
        &with_ok(&p, &["--tuned", "acme/small", "--pricing", &file]),
        "not a folder of price sheets",
    );
    let out = ftvp()
        .env("FTVP_PRICING", "/no/such/dir")
        .args(["prices"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("FTVP_PRICING /no/such/dir"));
}

fn sheet_error(text: &str, needle: &str) {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("bad.toml"), text).unwrap();
    let d = dir.path().display().to_string();
    assert_input_error(&["prices", "--pricing", &d], needle);
}

const GOOD_SHEET: &str = "provider = \"x\"\ncurrency = \"USD\"\nas_of = 2026-11-01\nsource = \"s\"\n\n[models.\"m\"]\ninput = 1.0\noutput = 2.0\n";

#[test]
fn broken_price_sheets_name_file_line_column_and_key() {
    sheet_error("provider = \n", "bad.toml:1:");
    sheet_error(
        &GOOD_SHEET.replace("output = 2.0", "outptu = 2.0"),
        "bad.toml:8:1: key `models.\"m\".outptu`: unknown field `outptu`",
    );
    sheet_error(
        &GOOD_SHEET.replace("input = 1.0", "input = -1.0"),
        "bad.toml:7:9: key `models.\"m\".input`: -1 is negative",
    );
    sheet_error(
        &GOOD_SHEET.replace("input = 1.0", "input = nan"),
        "is not a finite number",
    );
    sheet_error(
        &GOOD_SHEET.replace("input = 1.0", "input = inf"),
        "is not a finite number",
    );
    sheet_error(
        &GOOD_SHEET.replace("output = 2.0\n", ""),
        "missing field `output`",
    );
    sheet_error(
        &format!("{GOOD_SHEET}batch_discount = 2\n"),
        "not a discount fraction in 0..1",
    );
    sheet_error(
        &GOOD_SHEET.replace("source = \"s\"\n", ""),
        "missing field `source`",
    );
    sheet_error(
        &format!("{GOOD_SHEET}[models.\"m\".fine_tuning]\ntraining = 1.0\ninput = 1.0\n"),
        "missing field `output`",
    );
}

#[test]
fn broken_scenarios_name_file_line_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.toml");
    fs::write(&path, "volume = 10\n[base]\nmodle = \"acme/big\"\n").unwrap();
    let s = path.display().to_string();
    let p = acme();
    assert_input_error(
        &args(&p, &["--scenario", &s]),
        "s.toml:3:1: key `base.modle`: unknown field `modle`",
    );
    fs::write(&path, "volume = 10\n[expect]\nverdict = \"yes\"\n").unwrap();
    assert_input_error(&args(&p, &["--scenario", &s]), "unknown verdict `yes`");
}

#[test]
fn flag_syntax_errors_exit_2_with_an_error_line() {
    assert_input_error(&["breakeven", "--volumee", "1"], "unexpected argument");
    assert_input_error(
        &["breakeven", "--expect", "maybe"],
        "not one of prompt, depends, fine-tune",
    );
    assert_input_error(&["breakeven", "--format", "xml"], "invalid value 'xml'");
    assert_input_error(&["frobnicate"], "unrecognized subcommand");
}

#[test]
fn a_bad_ftvp_today_is_an_error() {
    let out = ftvp()
        .env("FTVP_TODAY", "tomorrow")
        .args(["prices"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("error: FTVP_TODAY=`tomorrow`"));
}

#[test]
fn garbage_never_panics() {
    let p = acme();
    for junk in [
        "",
        " ",
        "k",
        "M",
        "1e9",
        "½",
        "0x10",
        "1..2",
        "--",
        "9".repeat(400).as_str(),
        "١٢٣",
    ] {
        for flag in [
            "--volume",
            "--input",
            "--training-cost",
            "--depends-at",
            "--base",
            "--tuned",
        ] {
            let flag_value = format!("{flag}={junk}");
            let out = ftvp().args(with_value(&p, flag, junk)).output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(!stderr.contains("panicked"), "{flag_value}: {stderr}");
            if !out.status.success() {
                assert_eq!(out.status.code(), Some(2), "{flag_value}: {stderr}");
                assert!(stderr.starts_with("error:"), "{flag_value}: {stderr}");
                assert!(
                    !stderr.contains("cannot be used multiple times"),
                    "{flag_value}"
                );
            }
        }
    }
}

#[test]
fn huge_costs_and_horizons_are_errors_not_panics() {
    let p = acme();
    assert_input_error(
        &args(
            &p,
            &[
                "--base",
                "acme/big",
                "--tuned",
                "acme/small",
                "--training-cost",
                "50000000000000000000000000000",
                "--volume",
                "10",
                "--months",
                "2",
                "--retrain-every",
                "1",
                "--maintenance-per-month",
                "20000000000000000000000000000",
            ],
        ),
        "overflows",
    );
    assert_input_error(
        &with_ok(&p, &["--tuned", "acme/small", "--months", "4294967295"]),
        "months is more than 1200",
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.toml");
    fs::write(&path, "[horizon]\nper_month = 1\nmonths = 100000\n").unwrap();
    let s = path.display().to_string();
    assert_input_error(
        &args(
            &p,
            &[
                "--scenario",
                &s,
                "--base",
                "acme/big",
                "--tuned",
                "acme/small",
                "--training-cost",
                "1",
            ],
        ),
        "more than 1200",
    );
}

#[test]
fn unknown_models_say_which_input_named_them() {
    let p = acme();
    assert_input_error(
        &args(
            &p,
            &[
                "--base",
                "acme/bgi",
                "--tuned",
                "acme/small",
                "--training-cost",
                "1",
                "--volume",
                "1",
            ],
        ),
        "--base (or [base] model): unknown model `acme/bgi`",
    );
    assert_input_error(
        &with_ok(&p, &["--tuned", "acme/smal"]),
        "--tuned (or [[tuned]] model): unknown model",
    );
}

#[test]
fn sheets_need_a_source_and_computable_prices() {
    sheet_error(
        &GOOD_SHEET.replace("source = \"s\"", "source = \"\""),
        "key `source`: must say where the prices were read",
    );
    sheet_error(
        &GOOD_SHEET.replace("input = 1.0", "input = 1e-30"),
        "too small to compute with",
    );
}

#[test]
fn completions_and_the_man_page_ignore_a_bad_ftvp_today() {
    for args in [&["completions", "bash"][..], &["man"][..]] {
        ftvp()
            .env("FTVP_TODAY", "tomorrow")
            .args(args)
            .assert()
            .success();
    }
}

/// One rule per input: a bad value says the same whether it came from a
/// flag or from a scenario file's key.
#[test]
fn a_flag_and_a_scenario_key_break_the_same_rule_with_the_same_message() {
    let pricing = acme();
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "--cache-hit-rate",
            "1.5",
            "[request]\ncache_hit_rate = 1.5\n",
            "1.5 is outside 0..1: a share, 0.8 means 80% of requests hit the cache",
        ),
        (
            "--headroom",
            "1.5",
            "[[tuned]]\nmodel = \"acme/small\"\nheadroom = 1.5\n",
            "1.5 is not a headroom: a share above 0 and at most 1",
        ),
        (
            "--peak-to-average",
            "0.5",
            "[[tuned]]\nmodel = \"acme/small\"\npeak_to_average = 0.5\n",
            "0.5 is below 1: the peak request rate is never below the average",
        ),
        (
            "--months",
            "1201",
            "[horizon]\nmonths = 1201\n",
            "1201 months is more than 1200",
        ),
        (
            "--growth",
            "-150",
            "[horizon]\ngrowth_percent = -150\n",
            "-150 is below -100%: a volume cannot shrink below zero",
        ),
    ];
    for (flag, value, scenario, message) in cases {
        assert_input_error(&with_ok(&pricing, &[flag, value]), message);
        let file = dir.path().join("s.toml");
        fs::write(&file, scenario).unwrap();
        let file = file.display().to_string();
        assert_input_error(&with_ok(&pricing, &["--scenario", &file]), message);
    }
}
