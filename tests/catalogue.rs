//! The catalogue on the command line: `ftvp prices check`, `ftvp prices
//! import litellm`, the user's pricing folder, queries, the status column and
//! fine-tuned model ids as users have them.

mod common;

use std::fs;

use common::{fixture, ftvp};
use serde_json::Value;

fn today_27() -> assert_cmd::Command {
    let mut cmd = ftvp();
    cmd.env("FTVP_TODAY", "2026-11-27");
    cmd
}

fn json_of(cmd: &mut assert_cmd::Command) -> (Option<i32>, Value) {
    let out = cmd.args(["--format", "json"]).output().unwrap();
    let doc = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code(), doc)
}

fn findings(doc: &Value) -> Vec<(String, String, String)> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap().to_string();
            (s("model"), s("kind"), s("date"))
        })
        .collect()
}

#[test]
fn prices_check_lists_the_openai_fine_tunes_retiring_on_2027_01_14_and_exits_1() {
    let (code, doc) = json_of(today_27().args(["prices", "check"]));
    assert_eq!(code, Some(1));
    assert_eq!(
        (doc["today"].as_str(), doc["within_days"].as_i64()),
        (Some("2026-11-27"), Some(90))
    );
    let f = findings(&doc);
    for model in [
        "openai/gpt-4o",
        "openai/gpt-4o-mini",
        "openai/gpt-4.1",
        "openai/gpt-4.1-mini",
    ] {
        let shutdown = (
            model.to_string(),
            "shutdown".to_string(),
            "2027-01-14".to_string(),
        );
        assert!(
            f.contains(&shutdown),
            "{model} retiring on 2027-01-14 not listed: {f:?}"
        );
        let cutoff = (
            model.to_string(),
            "training-cutoff".to_string(),
            "2027-01-06".to_string(),
        );
        assert!(
            f.contains(&cutoff),
            "{model}'s training cut-off not listed: {f:?}"
        );
    }
    // 48 days ahead is outside --within 10.
    let (_, doc) = json_of(today_27().args(["prices", "check", "--within", "10"]));
    let f = findings(&doc);
    assert!(
        f.iter()
            .all(|(_, _, date)| date != "2027-01-14" && date != "2027-01-06"),
        "{f:?}"
    );
    // A query narrows the check: nothing to look at is exit 0.
    let (code, doc) = json_of(today_27().args(["prices", "check", "gpt-6", "--within", "10"]));
    assert_eq!((code, findings(&doc).len()), (Some(0), 0));
}

#[test]
fn prices_hides_models_shut_down_before_the_start_unless_all() {
    let (_, doc) = json_of(today_27().args(["prices", "gpt-4.1-nano", "--provider", "OpenAI"]));
    assert_eq!(
        (
            doc["hidden"].as_u64(),
            doc["models"].as_array().unwrap().len()
        ),
        (Some(1), 0)
    );
    let (_, doc) =
        json_of(today_27().args(["prices", "gpt-4.1-nano", "--provider", "openai", "--all"]));
    assert_eq!(doc["models"][0]["status"], "shut down 2026-10-23");
    // Before the shutdown, it is listed as retiring.
    let (_, doc) = json_of(today_27().args(["prices", "GPT-4.1-NANO", "--start", "2026-06-01"]));
    let m = doc["models"].as_array().unwrap();
    assert!(
        m.iter()
            .any(|m| m["id"] == "openai/gpt-4.1-nano" && m["status"] == "retiring 2026-10-23"),
        "{m:?}"
    );
    let out = today_27()
        .args(["prices", "--provider", "openai"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("models shut down before 2026-11-27 are hidden; --all shows them"),
        "{text}"
    );
}

#[test]
fn every_table_of_prices_fits_80_columns() {
    for args in [
        &["prices"][..],
        &["prices", "--all"],
        &["prices", "--gpus"],
        &["prices", "check"],
    ] {
        let out = today_27().args(args).output().unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        let wide: Vec<&str> = text
            .lines()
            .filter(|l| l.starts_with(['┌', '│', '╞', '└']))
            .filter(|l| l.chars().count() > 80)
            .collect();
        assert!(wide.is_empty(), "{args:?}: {wide:?}");
    }
}

#[test]
fn import_litellm_writes_sheets_that_load_and_says_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().display().to_string();
    let file = fixture("litellm/model-prices.json").display().to_string();
    let (code, doc) = json_of(today_27().args([
        "prices",
        "import",
        "litellm",
        &file,
        "--out",
        &out_dir,
        "--as-of",
        "2026-07-24",
    ]));
    assert_eq!(code, Some(0));
    assert_eq!(doc["schema"], "ftvp.import/1");
    let files: Vec<String> = doc["sheets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["file"].as_str().unwrap().to_string())
        .collect();
    assert!(
        files
            .iter()
            .all(|f| f.starts_with(&out_dir) && f.contains("/litellm-")),
        "{files:?}"
    );
    assert!(files.iter().all(|f| std::path::Path::new(f).is_file()));
    let skipped: u64 = doc["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["count"].as_u64().unwrap())
        .sum();
    assert!(skipped > 0 && doc["added"].as_array().unwrap().len() > 100);
    // The written sheets load, and an imported price is exact: DeepSeek chat
    // input 2.8e-07 per token is 0.28 per 1M.
    let (_, prices) = json_of(today_27().args(["prices", "deepseek-chat", "--pricing", &out_dir]));
    let m = prices["models"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == "deepseek/deepseek-chat")
        .unwrap();
    assert_eq!(m["input"], 0.28);
    assert_eq!(m["source"], "litellm:deepseek/deepseek-chat");
    // Without --as-of the file's date is unknown: a warning.
    let out = today_27()
        .args(["prices", "import", "litellm", &file, "--out", &out_dir])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&out.stderr).starts_with("warning: the file's own date is unknown")
    );
}

#[test]
fn the_users_pricing_folder_loads_between_the_embedded_sheets_and_ftvp_pricing() {
    let config = tempfile::tempdir().unwrap();
    let folder = config.path().join("ftvp/pricing");
    fs::create_dir_all(&folder).unwrap();
    let sheet = fs::read_to_string(fixture("pricing/acme.toml")).unwrap();
    fs::write(folder.join("acme.toml"), &sheet).unwrap();
    let (_, doc) = json_of(today_27().env("XDG_CONFIG_HOME", config.path()).args([
        "prices",
        "--provider",
        "acme",
    ]));
    let big = doc["models"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == "acme/big")
        .unwrap();
    assert_eq!(big["input"], 2.0);
    assert!(big["sheet"]
        .as_str()
        .unwrap()
        .ends_with("ftvp/pricing/acme.toml"));
    // FTVP_PRICING loads after it and wins.
    let env_dir = tempfile::tempdir().unwrap();
    fs::write(
        env_dir.path().join("acme.toml"),
        sheet.replace("input = 2.00", "input = 2.50"),
    )
    .unwrap();
    let (_, doc) = json_of(
        today_27()
            .env("XDG_CONFIG_HOME", config.path())
            .env("FTVP_PRICING", env_dir.path())
            .args(["prices", "acme/big"]),
    );
    assert_eq!(doc["models"][0]["input"], 2.5);
    // An import without --out writes into it.
    let file = fixture("litellm/excerpt.json").display().to_string();
    let out = today_27()
        .env("XDG_CONFIG_HOME", config.path())
        .args([
            "prices",
            "import",
            "litellm",
            &file,
            "--as-of",
            "2026-07-24",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let written: Vec<_> = fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(
        written
            .iter()
            .any(|n| n.to_string_lossy().starts_with("litellm-")),
        "{written:?}"
    );
}

#[test]
fn fine_tuned_ids_as_users_have_them_resolve_to_the_issuing_provider() {
    let file = fixture("files/tuned-prompt.txt").display().to_string();
    for id in [
        "ft:gpt-4o-mini-2024-07-18:acme::abc",
        "ft:gpt-4o-mini-2024-07-18:acme:support:abc123",
        "openai/gpt-4o-mini-2024-07-18",
    ] {
        let (code, doc) = json_of(today_27().args(["tokens", "--model", id, &file]));
        assert_eq!(code, Some(0), "{id}");
        assert_eq!(doc["model"], "openai/gpt-4o-mini", "{id}");
        assert_eq!(doc["token_count_method"], "o200k_base");
    }
}

/// `--method` given once per candidate: venues name their methods
/// differently, and a venue with one training price offers only `default`.
#[test]
fn each_candidate_can_train_with_its_own_method() {
    let shape = [
        "breakeven",
        "--start",
        "2026-11-27",
        "--base",
        "openai/gpt-6.1-terra",
        "--base-prompt",
        "3000",
        "--input",
        "200",
        "--output",
        "300",
        "--tuned-prompt",
        "500",
        "--setup-cost",
        "0",
        "--training-tokens",
        "2M",
        "--epochs",
        "1",
        "--per-month",
        "1M",
        "--months",
        "1",
        "--tuned",
        "tinker/qwen3-8b",
        "--tuned",
        "fireworks/qwen3-8b",
    ];
    // A Fireworks fine-tune is served only on a dedicated deployment (issue
    // 25); its training is priced as before.
    let serving = [
        "--serve",
        "per-token",
        "--serve",
        "dedicated",
        "--gpu",
        "fireworks/h100-80gb",
        "--replica-rps",
        "12",
    ];
    let training = |extra: &[&str]| -> Vec<(String, f64)> {
        let (code, j) = json_of(today_27().args(shape).args(serving).args(extra));
        assert_eq!(code, Some(0));
        let mut out: Vec<(String, f64)> = j["candidates"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                let model = c["model"].as_str().unwrap().to_string();
                (model, c["training_cost"].as_f64().unwrap())
            })
            .collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    };
    // 2M tokens × 1 epoch: Fireworks' cheapest SFT is lora-sft at 0.50 → $1;
    // full-sft at 1.00 → $2. Tinker's one price is 0.44 → $0.88.
    let fireworks = |t: &[(String, f64)]| t[0].1;
    assert_eq!(fireworks(&training(&[])), 1.0);
    let each = training(&["--method", "default", "--method", "full-sft"]);
    assert_eq!(
        each,
        [
            ("fireworks/qwen3-8b".to_string(), 2.0),
            ("tinker/qwen3-8b".to_string(), 0.88)
        ]
    );
    // One method for all that one venue does not offer names both.
    common::assert_input_error(
        &[&shape[..], &serving, &["--method", "full-sft"]].concat(),
        "--method for tinker/qwen3-8b: no training method `full-sft`",
    );
    // A scenario's [[tuned]] method, over [training] method.
    let dir = tempfile::tempdir().unwrap();
    let s = dir.path().join("s.toml");
    fs::write(
        &s,
        "[training]\nmethod = \"lora-dpo\"\n\
         [[tuned]]\nmodel = \"tinker/qwen3-8b\"\nprompt_tokens = 500\nmethod = \"default\"\n\
         [[tuned]]\nmodel = \"fireworks/qwen3-8b\"\nprompt_tokens = 500\n\
         serve = \"dedicated\"\ngpu = \"fireworks/h100-80gb\"\nreplica_rps = 12\n",
    )
    .unwrap();
    let mut cmd = today_27();
    cmd.args(&shape[..shape.len() - 4])
        .arg("--scenario")
        .arg(&s);
    let (code, j) = json_of(&mut cmd);
    assert_eq!(code, Some(0), "{j}");
    let fw = j["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["model"] == "fireworks/qwen3-8b")
        .unwrap();
    // lora-dpo at 1.00 per 1M: $2.
    assert_eq!(fw["training_cost"], 2.0);
}

// ------------------------------------------------ the news of 2026-12-07 (issue 25)

fn today_1207() -> assert_cmd::Command {
    let mut cmd = ftvp();
    cmd.env("FTVP_TODAY", "2026-12-07");
    cmd
}

#[test]
fn prices_check_on_2026_12_07_lists_sonnet_4_5_shut_down_and_the_routed_gemini_ids() {
    let (code, doc) = json_of(today_1207().args(["prices", "check"]));
    assert_eq!(code, Some(1));
    let f = findings(&doc);
    let has = |model: &str, kind: &str, date: &str| {
        f.contains(&(model.to_string(), kind.to_string(), date.to_string()))
    };
    assert!(
        has("anthropic/claude-sonnet-4-5", "shutdown", "2026-11-30"),
        "{f:?}"
    );
    for (model, date) in [
        ("google/gemini-2.5-pro", "2026-12-01"),
        ("google/gemini-2.5-flash", "2026-12-01"),
        ("google/gemini-3.5-flash", "2026-10-08"),
        ("google/gemini-3.7-flash", "2026-10-08"),
    ] {
        assert!(has(model, "routed", date), "{model} not listed: {f:?}");
    }
}

#[test]
fn gemini_2_5_pro_is_routed_to_3_8_flash_and_billed_at_its_prices() {
    let out = today_1207()
        .args(["prices", "--provider", "google", "gemini-2.5-pro"])
        .output()
        .unwrap();
    let text = common::unwrapped(&String::from_utf8(out.stdout).unwrap());
    assert!(text.contains("routed → gemini-3.8-flash"), "{text}");
    // 3,000 + 200 input and 300 output tokens a request, 1M requests a month
    // from 2026-12-07. Month 1 (from 2026-12-07) at 3.8 Flash's 0.75 / 3.75:
    //   (3,200 × 0.75 + 300 × 3.75) / 1M = (2,400 + 1,125) / 1M = 0.003525 → $3,525
    // Month 2 (from 2027-01-07, after the change of 2027-01-01) at 1.50 / 7.50:
    //   (3,200 × 1.50 + 300 × 7.50) / 1M = (4,800 + 2,250) / 1M = 0.00705 → $7,050
    let out = today_1207()
        .args([
            "breakeven",
            "--base",
            "google/gemini-2.5-pro",
            "--base-prompt",
            "3000",
            "--input",
            "200",
            "--output",
            "300",
            "--tuned",
            "openai/gpt-4.1-mini",
            "--tuned-prompt",
            "0",
            "--setup-cost",
            "0",
            "--training-cost",
            "500",
            "--per-month",
            "1000000",
            "--months",
            "3",
            "--start",
            "2026-12-07",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    assert_eq!(doc["base"]["cost_per_request"].as_f64(), Some(0.003525));
    let ledger = doc["candidates"][0]["ledger"].as_array().unwrap();
    let base: Vec<f64> = ledger
        .iter()
        .map(|row| row["base_cost"].as_f64().unwrap())
        .collect();
    assert_eq!(base, vec![3525.0, 7050.0, 7050.0]);
    let codes: Vec<&str> = doc["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"routed"), "{codes:?}");
}

#[test]
fn a_fireworks_fine_tune_is_dedicated_capacity_with_no_per_token_charge() {
    // Without --serve dedicated: refused, naming what to add (design.md §20.22).
    common::assert_refused(
        today_1207().args([
            "breakeven",
            "--base",
            "openai/gpt-5.5",
            "--base-prompt",
            "3000",
            "--input",
            "200",
            "--output",
            "300",
            "--tuned",
            "fireworks/qwen3-8b",
            "--tuned-prompt",
            "0",
            "--setup-cost",
            "0",
            "--training-tokens",
            "1000000",
            "--per-month",
            "1000000",
            "--months",
            "6",
        ]),
        "fireworks/qwen3-8b per token",
        "--serve dedicated --gpu",
    );
    // Served dedicated on one H100 at $8.00/h: training 1M tokens × 3 epochs ×
    // $0.50 (LoRA SFT) = $1.50; one replica (12 rps × 0.8 × 2,628,000 / 2 =
    // 12,614,400 requests a month ≥ 1M) = 730 h × $8.00 = $5,840 a month, × 6 =
    // $35,040; no per-token price and no hosting fee on top.
    let out = today_1207()
        .args([
            "breakeven",
            "--base",
            "openai/gpt-5.5",
            "--base-prompt",
            "3000",
            "--input",
            "200",
            "--output",
            "300",
            "--tuned",
            "fireworks/qwen3-8b",
            "--tuned-prompt",
            "0",
            "--setup-cost",
            "0",
            "--training-tokens",
            "1000000",
            "--epochs",
            "3",
            "--per-month",
            "1000000",
            "--months",
            "6",
            "--serve",
            "dedicated",
            "--gpu",
            "fireworks/h100-80gb",
            "--replica-rps",
            "12",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    let c = &doc["candidates"][0];
    assert_eq!(c["serve"], "dedicated");
    assert_eq!(c["cost_per_request"].as_f64(), Some(0.0));
    assert_eq!(c["hosting_cost"].as_f64(), Some(0.0));
    assert_eq!(c["training_cost"].as_f64(), Some(1.5));
    assert_eq!(c["capacity_cost"].as_f64(), Some(35040.0));
    assert_eq!(c["fixed_cost"].as_f64(), Some(35041.5));
    // The sheet says so: no per-token tuned price, no hosting_per_hour.
    let (_, list) = json_of(today_1207().args(["prices", "--provider", "fireworks"]));
    for m in list["models"].as_array().unwrap() {
        let Some(ft) = m["fine_tuning"].as_object() else {
            continue;
        };
        let preview = m["flags"]
            .as_array()
            .unwrap()
            .contains(&Value::from("preview"));
        assert_eq!(ft["dedicated_only"], Value::Bool(!preview), "{}", m["id"]);
        assert_eq!(ft["hosting_per_hour"], Value::Null, "{}", m["id"]);
    }
}

#[test]
fn together_says_plainly_that_no_fine_tuning_prices_are_shipped() {
    let out = today_1207()
        .args(["prices", "--provider", "together", "--fine-tunable"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("no fine-tuning prices are shipped or loaded for together"),
        "{stderr}"
    );
    common::assert_refused(
        today_1207().args([
            "breakeven",
            "--base",
            "openai/gpt-5.5",
            "--base-prompt",
            "100",
            "--output",
            "10",
            "--tuned",
            "together/meta-llama-3.1-8b-instruct-reference",
            "--tuned-prompt",
            "0",
            "--setup-cost",
            "0",
            "--training-cost",
            "1",
            "--volume",
            "10",
        ]),
        "together per token",
        "ftvp ships no fine-tuning prices for together",
    );
}

#[test]
fn import_of_the_whole_map_loads_1500_models_and_lists_skipped_providers() {
    let dir = tempfile::tempdir().unwrap();
    let out = today_1207()
        .args(["prices", "import", "litellm"])
        .arg(fixture("litellm/model-prices.json"))
        .arg("--out")
        .arg(dir.path())
        .args(["--as-of", "2026-07-24"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = common::unwrapped(&String::from_utf8(out.stdout).unwrap());
    // 1,643 added + 18 changed + 48 unchanged against the shipped sheets
    // (4 models whose only difference was the provider-wide training
    // cut-off the merge copies in are unchanged).
    assert!(
        text.contains("1643 added, 18 changed, 48 unchanged"),
        "{text}"
    );
    for needle in [
        "litellm-aws.toml",
        "litellm-gcp.toml",
        "litellm-nebius.toml",
        "litellm-lambda.toml",
        "litellm-openrouter.toml",
        "litellm-deepinfra.toml",
        "skipped 338: regional variant",
        "providers not mapped: deepgram 36, github_copilot 33",
    ] {
        assert!(text.contains(needle), "`{needle}` missing:\n{text}");
    }
}

/// Design §14 (issue 22): the basis of issue 22's item-1 comparison on the
/// shipped sheets, pinned: every price and fee applied, with its origin and
/// flags. Tinker bills per token (0.195 in, 0.60 out, training 0.44 per 1M);
/// the Fireworks fine-tune is dedicated capacity: training 0.50 per 1M and
/// an H100 at $8.00 an hour, one per replica, no per-token price, its
/// throughput a shipped reference (`estimate`) and its tuned price derived
/// by a rule of its sheet (`derived`). One period each: no dated change
/// within the 12 months from 2026-12-07.
#[test]
fn the_basis_of_a_tinker_and_a_fireworks_dedicated_candidate() {
    let (code, doc) = json_of(today_1207().args([
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
        "--tuned",
        "fireworks/qwen3-8b",
        "--serve",
        "per-token",
        "--serve",
        "dedicated",
        "--gpu",
        "fireworks/h100-80gb",
        "--tuned-prompt",
        "300",
        "--training-tokens",
        "5M",
        "--setup-cost",
        "8000",
        "--per-month",
        "2M",
        "--months",
        "12",
    ]));
    assert_eq!(code, Some(0));
    let by = |label: &str| -> Value {
        let c = doc["candidates"].as_array().unwrap();
        let c = c.iter().find(|c| c["candidate"] == label).unwrap();
        c["basis"].clone()
    };
    let no_fees = serde_json::json!({
        "training": null, "min_training_cost": null, "hosting_per_hour": null,
        "storage_per_month": null, "gpu_per_hour": null, "gpus_per_replica": null
    });
    let mut tinker_fees = no_fees.clone();
    tinker_fees["training"] = serde_json::json!(0.44);
    assert_eq!(
        by("tinker/qwen3-8b"),
        serde_json::json!([{
            "from": "2026-12-07", "to": "2027-12-07",
            "prices": {"input": 0.195, "cached_input": null, "cache_write": null,
                       "output": 0.6, "batch_discount": null, "long_context_above": null},
            "fees": tinker_fees,
            "origin": "embedded:tinker.toml", "layer": "embedded",
            "checked": "2026-10-07", "flags": [], "gpu": null
        }])
    );
    let mut fireworks_fees = no_fees;
    fireworks_fees["training"] = serde_json::json!(0.5);
    fireworks_fees["gpu_per_hour"] = serde_json::json!(8.0);
    fireworks_fees["gpus_per_replica"] = serde_json::json!(1);
    assert_eq!(
        by("fireworks/qwen3-8b (dedicated fireworks/h100-80gb)"),
        serde_json::json!([{
            "from": "2026-12-07", "to": "2027-12-07",
            "prices": null,
            "fees": fireworks_fees,
            "origin": "embedded:fireworks.toml", "layer": "embedded",
            "checked": "2026-07-24", "flags": ["estimate", "derived"],
            // The GPU-hour price: its own sheet entry, checked on its own day.
            "gpu": {"id": "fireworks/h100-80gb", "origin": "embedded:fireworks.toml",
                    "layer": "embedded", "checked": "2026-10-07"}
        }])
    );
    // The prompting path: Sonnet 5.5's prices with its cache prices.
    let base = &doc["base"]["basis"][0];
    assert_eq!(base["prices"]["input"], 2.0);
    assert_eq!(base["prices"]["cached_input"], 0.1);
    assert_eq!(base["prices"]["cache_write"], 2.5);
    assert_eq!(base["prices"]["output"], 10.0);
    assert_eq!(base["origin"], "embedded:anthropic.toml");
    // The table's block: one line per path, flags always shown.
    let out = today_1207()
        .args(["breakeven", "--base", "anthropic/claude-sonnet-5-5"])
        .args(["--base-prompt", "4000", "--input", "300", "--output", "400"])
        .args(["--tuned", "tinker/qwen3-8b", "--tuned-prompt", "300"])
        .args([
            "--training-tokens",
            "5M",
            "--setup-cost",
            "8000",
            "--volume",
            "24M",
        ])
        .env("COLUMNS", "200")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains(
            "  tinker/qwen3-8b: in 0.195, out 0.60 /1M, training 0.44 /1M \
             (embedded:tinker.toml, embedded, checked 2026-10-07; flags: none)"
        ),
        "{text}"
    );
}

/// Design §14, §20.12 (issue 22 item 5): `prices check` gates a repository
/// on the models it uses. On 2026-12-07 a scenario whose models are current
/// exits 0; one comparing openai/gpt-4.1-mini (training closes 2027-01-06,
/// shut down 2027-01-14) exits 1 listing only that model's findings.
/// Positionals are a union of substrings, with --scenario's exact ids.
#[test]
fn prices_check_takes_models_and_a_scenario() {
    let check = |args: &[&str]| {
        let mut cmd = today_1207();
        cmd.args(["prices", "check"]).args(args);
        json_of(&mut cmd)
    };
    let (code, doc) = check(&["--scenario", "examples/support-bot.toml"]);
    assert_eq!(
        (code, doc["findings"].as_array().unwrap().len()),
        (Some(0), 0)
    );
    let (code, doc) = check(&["--scenario", "examples/openai-fine-tune-retires.toml"]);
    assert_eq!(code, Some(1));
    let found = findings(&doc);
    assert!(!found.is_empty());
    assert!(
        found
            .iter()
            .all(|(model, _, _)| model == "openai/gpt-4.1-mini"),
        "{found:?}"
    );
    // A union: the scenario's ids and each substring.
    let (code, doc) = check(&[
        "--scenario",
        "examples/support-bot.toml",
        "GPT-4.1-MINI",
        "no-such-model",
    ]);
    assert_eq!(code, Some(1));
    assert!(findings(&doc)
        .iter()
        .all(|(m, _, _)| m.contains("gpt-4.1-mini")));
    // A model named in no sheet is an input error naming the scenario.
    let dir = tempfile::tempdir().unwrap();
    let s = dir.path().join("s.toml");
    fs::write(&s, "[base]\nmodel = \"acme/nope\"\n").unwrap();
    let out = today_1207()
        .args(["prices", "check", "--scenario"])
        .arg(&s)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("acme/nope"));
}

/// `--stale-after DAYS` (default 180): acme's prices were checked on
/// 2026-11-01, 36 days before 2026-12-07: stale after 30 days, not after 180.
#[test]
fn prices_check_stale_after_sets_the_threshold() {
    let stale = |days: &str| {
        let mut cmd = today_1207();
        cmd.args(["prices", "check", "acme/big", "--pricing"])
            .arg(fixture("pricing"))
            .args(["--stale-after", days]);
        let (code, doc) = json_of(&mut cmd);
        (code, doc["stale_after_days"].clone(), findings(&doc).len())
    };
    assert_eq!(stale("180"), (Some(0), serde_json::json!(180), 0));
    assert_eq!(stale("36"), (Some(0), serde_json::json!(36), 0));
    assert_eq!(stale("35"), (Some(1), serde_json::json!(35), 1));
}

/// Issue 22 item 4, design §14: `prices import … --dry-run` writes nothing
/// and says, field by field, what the import would change. In the excerpt
/// one loaded model changes: fireworks/llama-v3p1-8b-instruct gains the
/// context window LiteLLM gives (16,384 tokens).
#[test]
fn a_dry_run_writes_nothing_and_lists_each_changed_field() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("out");
    let run = |format: &str| {
        let out = common::ftvp()
            .env("FTVP_TODAY", "2026-12-07")
            .args(["prices", "import", "litellm"])
            .arg(common::fixture("litellm/excerpt.json"))
            .args([
                "--as-of",
                "2026-12-01",
                "--dry-run",
                "--format",
                format,
                "--out",
            ])
            .arg(&out_dir)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let doc: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    assert!(!out_dir.exists(), "a dry run wrote {}", out_dir.display());
    assert_eq!(doc["dry_run"], true);
    assert_eq!(
        doc["changed"],
        serde_json::json!(["fireworks/llama-v3p1-8b-instruct"])
    );
    assert_eq!(
        doc["changes"],
        serde_json::json!([{
            "model": "fireworks/llama-v3p1-8b-instruct",
            "field": "context_window",
            "old": null,
            "new": "16384"
        }])
    );
    let table = run("table");
    assert!(table.starts_with("would write (dry run) "), "{table}");
    assert!(
        table.contains("changed fireworks/llama-v3p1-8b-instruct context_window: none → 16384"),
        "{table}"
    );
    assert!(!out_dir.exists());
}
