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
    "--setup-cost",
    "0",
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

/// [`with_ok`] with the candidate acme/small and its required tuned prompt.
fn with_small<'a>(pricing: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut a = with_ok(pricing, &["--tuned-prompt", "0", "--tuned", "acme/small"]);
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
        ("--tuned-prompt", "0"),
        ("--training-cost", "30"),
        ("--setup-cost", "0"),
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
        &with_ok(&p, &["--tuned-prompt", "0", "--tuned", "acme/smal"]),
        "unknown model `acme/smal`; did you mean acme/small",
    );
    assert_input_error(
        &with_ok(&p, &["--tuned-prompt", "0", "--tuned", "zzzz-qqqq"]),
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
            "--tuned-prompt",
            "0",
            "--tuned",
            "openai/gpt-4.1-mini",
            "--setup-cost",
            "0",
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
        &with_small(&p, &["--tuned", "small"]),
        "acme/small is given twice",
    );
}

#[test]
fn a_candidate_without_fine_tuning_prices_is_refused() {
    let p = acme();
    assert_input_error(
        &with_ok(&p, &["--tuned-prompt", "0", "--tuned", "acme/plain"]),
        "acme/plain cannot be a --tuned candidate",
    );
}

#[test]
fn a_hosting_fee_is_never_silently_dropped() {
    let p = acme();
    assert_input_error(
        &with_ok(&p, &["--tuned-prompt", "0", "--tuned", "acme/hosted"]),
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
                "--tuned-prompt",
                "0",
                "--tuned",
                "acme/hourly",
                "--setup-cost",
                "0",
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
                "--tuned-prompt",
                "0",
                "--tuned",
                "acme/small",
                "--setup-cost",
                "0",
                "--volume",
                "1",
            ],
        ),
        "one of --training-cost USD or --training-tokens TOKENS is required",
    );
    assert_input_error(&with_small(&p, &["--training-tokens", "1M"]), "not both");
    assert_input_error(&with_small(&p, &["--epochs", "2"]), "epochs");
}

#[test]
fn missing_required_inputs_name_the_flag() {
    let p = acme();
    assert_input_error(
        &args(
            &p,
            &[
                "--tuned-prompt",
                "0",
                "--tuned",
                "acme/small",
                "--setup-cost",
                "0",
                "--training-cost",
                "1",
                "--volume",
                "1",
            ],
        ),
        "--base is required",
    );
    assert_input_error(
        &with_ok(&p, &["--tuned-prompt", "0"]),
        "--tuned is required",
    );
    assert_input_error(
        &args(
            &p,
            &[
                "--base",
                "acme/big",
                "--tuned-prompt",
                "0",
                "--tuned",
                "acme/small",
                "--setup-cost",
                "0",
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
        "--tuned-prompt",
        "0",
        "--tuned",
        "openai/gpt-4.1-mini",
        "--setup-cost",
        "0",
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
            "--tuned-prompt",
            "0",
            "--tuned",
            "acme/small",
            "--setup-cost",
            "0",
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
        "--tuned ",
        "--tuned-prompt TOKENS, 0 for none",
        "--setup-cost USD, 0 for none",
        "--base-prompt or --input",
        "--output",
        "--training-cost USD or --training-tokens TOKENS",
        "--volume",
    ] {
        assert!(e.contains(needle), "{needle} not in {e}");
    }
}

/// Design §14: no flattering defaults. Issue 22's item-2 command (no tuned
/// prompt, no setup cost) is refused listing both; given one, the other.
/// The check comes before any model is resolved, so the shipped ids only
/// name the comparison.
#[test]
fn a_tuned_prompt_and_a_setup_cost_are_required() {
    let item_2 = [
        "breakeven",
        "--base",
        "anthropic/claude-sonnet-5-5",
        "--base-prompt",
        "4000",
        "--input",
        "300",
        "--output",
        "400",
        "--tuned",
        "tinker/qwen3-8b",
        "--training-tokens",
        "5M",
        "--volume",
        "24M",
    ];
    let e = assert_input_error(&item_2, "missing required inputs: ");
    assert!(
        e.contains("--tuned-prompt") && e.contains("--setup-cost"),
        "{e}"
    );
    let with = |extra: &[&'static str]| [&item_2[..], extra].concat();
    let e = assert_input_error(&with(&["--tuned-prompt", "300"]), "--setup-cost");
    assert!(!e.contains("--tuned-prompt"), "{e}");
    let e = assert_input_error(&with(&["--setup-cost", "8000"]), "--tuned-prompt");
    assert!(!e.contains("--setup-cost"), "{e}");
    // `sweep` needs them as `breakeven` does.
    let mut sweep = item_2[..item_2.len() - 2].to_vec();
    sweep[0] = "sweep";
    let e = assert_input_error(&sweep, "missing required inputs: ");
    assert!(
        e.contains("--tuned-prompt") && e.contains("--setup-cost"),
        "{e}"
    );
    // A prompt file counts as a prompt.
    let e = assert_input_error(
        &with(&["--tuned-prompt-file", "/nonexistent"]),
        "--setup-cost",
    );
    assert!(!e.contains("--tuned-prompt TOKENS"), "{e}");
}

/// With both given (explicit values, on the acme sheet): P_base = (3,000 +
/// 200) × 2.00/M + 300 × 8.00/M = 0.0088; P_tuned = (500 + 200) × 0.80/M +
/// 300 × 3.20/M = 0.00056 + 0.00096 = 0.00152; Δ = 0.00728; T = 2M × 3
/// epochs × 5.00/M = 30 of training + 970 of setup = 1,000. N* = ⌈1,000 /
/// 0.00728⌉ = ⌈137,362.6…⌉ = 137,363 (137,362 × 0.00728 = 999.99536 < 1,000);
/// over 5M requests the saving is 5M × 0.00728 = 36,400, 36.4 × T.
#[test]
fn with_both_given_the_numbers_are_as_by_hand() {
    let p = acme();
    let j = common::breakeven_json(&[
        "--pricing",
        &p,
        "--base",
        "acme/big",
        "--base-prompt",
        "3000",
        "--input",
        "200",
        "--output",
        "300",
        "--tuned",
        "acme/small",
        "--tuned-prompt",
        "500",
        "--training-tokens",
        "2M",
        "--setup-cost",
        "970",
        "--volume",
        "5M",
    ]);
    let c = &j["candidates"][0];
    let f = |v: &serde_json::Value| v.as_f64().unwrap();
    assert_eq!(f(&j["base"]["cost_per_request"]), 0.0088);
    assert_eq!(c["prompt_tokens"], 500);
    assert_eq!(f(&c["cost_per_request"]), 0.00152);
    assert_eq!(f(&c["savings_per_request"]), 0.00728);
    assert_eq!(f(&c["training_cost"]), 30.0);
    assert_eq!(f(&c["fixed_cost"]), 1000.0);
    // Net saving: 5M × 0.0088 = 44,000 less 1,000 + 5M × 0.00152 = 8,600.
    assert_eq!(f(&c["net_saving"]), 35400.0);
    assert_eq!(c["break_even_requests"], 137_363);
    assert_eq!(f(&c["volume_multiple"]), 36.4);
    assert_eq!(c["verdict"], "fine-tune");
}

/// Required inputs are checked on the merged inputs (design §20.11): a
/// scenario without `training.setup_cost` is completed by `--setup-cost`,
/// and `--tuned` over a scenario replaces its candidates, prompts included.
#[test]
fn required_inputs_are_checked_on_flags_over_the_scenario() {
    let dir = tempfile::tempdir().unwrap();
    let s = dir.path().join("s.toml");
    fs::write(
        &s,
        "volume = 1000000\n[base]\nmodel = \"acme/big\"\nprompt_tokens = 3000\n\
         [[tuned]]\nmodel = \"acme/small\"\n[[tuned]]\nmodel = \"acme/flat\"\nprompt_tokens = 0\n\
         [request]\ninput_tokens = 200\noutput_tokens = 300\n[training]\ncost = 30\n",
    )
    .unwrap();
    let p = acme();
    let s = s.display().to_string();
    let base = ["breakeven", "--pricing", &p, "--scenario", &s];
    // acme/small says no prompt: both inputs are missing, in one error.
    let e = assert_input_error(&base, "missing required inputs: ");
    assert!(
        e.contains("--tuned-prompt") && e.contains("--setup-cost"),
        "{e}"
    );
    // One --tuned-prompt covers every candidate; --setup-cost completes it.
    let mut both = base.to_vec();
    both.extend(["--tuned-prompt", "0", "--setup-cost", "0"]);
    common::run_ok(&both);
    let mut replaced = both[..5].to_vec();
    replaced.extend(["--setup-cost", "0", "--tuned", "acme/flat"]);
    let e = assert_input_error(&replaced, "--tuned-prompt TOKENS, 0 for none");
    assert!(!e.contains("--setup-cost"), "{e}");
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
                "--tuned-prompt",
                "0",
                "--tuned",
                "acme/small",
                "--setup-cost",
                "0",
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
        &with_small(&p, &["--depends-at", "20"]),
        "thresholds out of order",
    );
    assert_input_error(
        &with_small(&p, &["--depends-at", "0"]),
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
        &with_ok(
            &p,
            &[
                "--pricing",
                &euro,
                "--tuned-prompt",
                "0",
                "--tuned",
                "euro/small",
            ],
        ),
        "acme/big is priced in USD but euro/small in EUR",
    );
}

#[test]
fn missing_or_unreadable_files_are_named() {
    let p = acme();
    assert_input_error(
        &with_small(&p, &["--scenario", "no/such.toml"]),
        "cannot read scenario no/such.toml",
    );
    assert_input_error(
        &with_small(&p, &["--pricing", "no/such/dir"]),
        "--pricing no/such/dir: not a folder",
    );
    let file = fixture("scenario.toml").display().to_string();
    assert_input_error(
        &with_small(&p, &["--pricing", &file]),
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
            "--setup-cost",
            "0",
            "--training-cost",
            "--depends-at",
            "--base",
            "--tuned-prompt",
            "0",
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
                "--tuned-prompt",
                "0",
                "--tuned",
                "acme/small",
                "--setup-cost",
                "0",
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
        &with_small(&p, &["--months", "4294967295"]),
        "months is more than 600",
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
                "--tuned-prompt",
                "0",
                "--tuned",
                "acme/small",
                "--setup-cost",
                "0",
                "--training-cost",
                "1",
            ],
        ),
        "more than 600",
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
                "--tuned-prompt",
                "0",
                "--tuned",
                "acme/small",
                "--setup-cost",
                "0",
                "--training-cost",
                "1",
                "--volume",
                "1",
            ],
        ),
        "--base (or [base] model): unknown model `acme/bgi`",
    );
    assert_input_error(
        &with_ok(&p, &["--tuned-prompt", "0", "--tuned", "acme/smal"]),
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
            "601",
            "[horizon]\nmonths = 601\n",
            "601 months is more than 600",
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

/// Issue 22 item 6: `--per-month` over a scenario with a horizon replaces the
/// whole [horizon]; the error says its months went with it.
#[test]
fn a_per_month_flag_over_a_horizon_says_the_months_were_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let s = dir.path().join("s.toml");
    fs::write(
        &s,
        "[base]\nmodel = \"acme/big\"\nprompt_tokens = 3000\n[[tuned]]\nmodel = \"acme/small\"\n\
         prompt_tokens = 500\n[request]\ninput_tokens = 200\noutput_tokens = 300\n[training]\n\
         tokens = \"2M\"\nsetup_cost = 0\n[horizon]\nper_month = \"100k\"\nmonths = 6\n",
    )
    .unwrap();
    let (p, s) = (acme(), s.display().to_string());
    let base = [
        "breakeven",
        "--pricing",
        &p,
        "--scenario",
        &s,
        "--per-month",
        "300k",
    ];
    assert_input_error(
        &base,
        "--per-month needs --months: it replaces the scenario's volume and [horizon], whose 6 \
         months are dropped with them; give --months 6 to keep them",
    );
    let mut with_months = base.to_vec();
    with_months.extend(["--months", "6"]);
    common::run_ok(&with_months);
}
