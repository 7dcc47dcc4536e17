//! `ftvp prices` and the shipped price sheets.

mod common;

use std::io::Read;
use std::process::Stdio;

use common::{assert_input_error, ftvp};
use serde_json::Value;

fn prices_json(args: &[&str]) -> Value {
    let out = ftvp()
        .arg("prices")
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn model<'a>(doc: &'a Value, id: &str) -> &'a Value {
    doc["models"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == id)
        .unwrap_or_else(|| panic!("{id} not listed"))
}

#[test]
fn shipped_prices_equal_the_published_facts() {
    // --all: o4-mini shut down on 2026-10-23 and is hidden by default.
    let doc = prices_json(&["--all"]);
    assert_eq!(doc["schema"], "ftvp.prices/1");
    let m = model(&doc, "openai/gpt-4.1-mini");
    assert_eq!(m["input"], 0.4);
    assert_eq!(m["cached_input"], 0.1);
    assert_eq!(m["output"], 1.6);
    assert_eq!(m["fine_tuning"]["training"], 5.0);
    assert_eq!(m["fine_tuning"]["input"], 0.8);
    assert_eq!(m["fine_tuning"]["output"], 3.2);
    assert_eq!(m["tokenizer"], "o200k_base");
    let m = model(&doc, "openai/gpt-4o");
    assert_eq!(m["fine_tuning"]["cached_input"], 1.875);
    // o4-mini's reinforcement fine-tuning is billed per hour: no per-token training price.
    let m = model(&doc, "openai/o4-mini");
    assert_eq!(m["fine_tuning"]["training"], Value::Null);
    assert_eq!(m["fine_tuning"]["output"], 16.0);
    let m = model(&doc, "anthropic/claude-haiku-4-5");
    assert_eq!(
        (m["input"].as_f64(), m["output"].as_f64()),
        (Some(1.0), Some(5.0))
    );
    assert_eq!(m["cache_write"], 1.25);
    assert_eq!(m["fine_tuning"], Value::Null);
    let m = model(&doc, "google/gemini-2.5-pro");
    assert_eq!(m["long_context"]["above_input_tokens"], 200_000);
    assert_eq!(m["long_context"]["input"], 2.5);
    assert_eq!(m["long_context"]["output"], 15.0);
    let m = model(&doc, "azure/gpt-4.1-mini");
    assert_eq!(m["fine_tuning"]["hosting_per_hour"], 1.7);
}

#[test]
fn every_shipped_sheet_has_a_date_and_a_source() {
    let doc = prices_json(&[]);
    let models = doc["models"].as_array().unwrap();
    assert!(models.len() >= 30, "{} models", models.len());
    for m in models {
        // A third-party-only figure ships flagged, with its source in words
        // (issue 25); every other source is a page.
        let unverified = m["flags"]
            .as_array()
            .unwrap()
            .contains(&Value::from("unverified"));
        assert!(
            unverified || m["source"].as_str().unwrap().starts_with("https://"),
            "{}",
            m["id"]
        );
        assert!(
            m["as_of"].as_str().unwrap().starts_with("20"),
            "{}",
            m["id"]
        );
        assert_eq!(m["currency"], "USD");
    }
    for provider in [
        "openai",
        "anthropic",
        "google",
        "together",
        "fireworks",
        "azure",
    ] {
        assert!(
            models.iter().any(|m| m["provider"] == provider),
            "{provider}"
        );
    }
}

#[test]
fn filters_by_provider_and_fine_tunable() {
    let doc = prices_json(&["--provider", "openai", "--fine-tunable"]);
    let models = doc["models"].as_array().unwrap();
    assert!(!models.is_empty());
    for m in models {
        assert_eq!(m["provider"], "openai");
        assert!(m["fine_tuning"].is_object(), "{}", m["id"]);
    }
    assert!(models.iter().all(|m| m["id"] != "openai/gpt-5"));
    assert_input_error(
        &["prices", "--provider", "nobody"],
        "--provider nobody: no loaded sheet has this provider",
    );
}

#[test]
fn the_table_lists_prices_dates_and_sources() {
    let out = ftvp()
        .args(["prices", "--provider", "openai", "--all"])
        .output()
        .unwrap();
    let text = common::unwrapped(&String::from_utf8(out.stdout).unwrap());
    for needle in [
        "openai (USD, embedded:openai.toml, as of 2026-12-07, https://openai.com/api/pricing/)",
        "gpt-4.1-mini",
        "0.40",
        "1.60",
        "5.00",
        "0.80/3.20",
        "retiring",
        "2027-01-14",
        "other",
    ] {
        assert!(text.contains(needle), "`{needle}` missing:\n{text}");
    }
    assert!(!text.contains("anthropic/"));
}

#[test]
fn a_closed_pipe_is_a_quiet_success() {
    let mut child = common::ftvp_std()
        .arg("prices")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
}

#[test]
fn help_explains_every_flag_with_its_unit_and_default() {
    let out = ftvp().args(["breakeven", "--help"]).output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    for needle in [
        "--base <MODEL>",
        "--base-prompt <TOKENS>",
        "--tuned <MODEL>",
        "--tuned-prompt <TOKENS>",
        "--input <TOKENS>",
        "--output <TOKENS>",
        "--training-cost <USD>",
        "--training-tokens <TOKENS>",
        "--epochs <N>",
        "[default: 3]",
        "--setup-cost <USD>",
        "--volume <REQUESTS>",
        "--depends-at <X>",
        "--fine-tune-at <X>",
        "[default: 10]",
        "--expect <VERDICT>",
        "--pricing <DIR>",
        "--scenario <FILE>",
        "--format <FORMAT>",
        "--color <WHEN>",
        "Exit codes:",
        "FTVP_PRICING",
    ] {
        assert!(
            help.contains(needle),
            "`{needle}` missing from breakeven --help"
        );
    }
    let out = ftvp().arg("--help").output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(help.contains("breakeven") && help.contains("prices") && help.contains("Exit codes:"));
}

// ---------------------------------------------------------------- provenance of the shipped sheets

mod shipped {
    use std::collections::BTreeSet;
    use std::path::PathBuf;

    use ftvp::pricing::check::{check, CheckOptions, FindingKind};
    use ftvp::pricing::{serving, Catalog, MethodKind, EMBEDDED};
    use jiff::civil::date;
    use rust_decimal::Decimal;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn catalog() -> Catalog {
        Catalog::embedded().unwrap()
    }

    /// The source keys of the table under "## Sources" in pricing/README.md.
    fn source_keys() -> BTreeSet<String> {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("pricing/README.md");
        let text = std::fs::read_to_string(path).unwrap();
        let table = text.split("## Sources").nth(1).unwrap();
        table
            .lines()
            .filter_map(|l| l.strip_prefix("| "))
            .filter_map(|l| l.split(" |").next())
            .filter(|k| {
                k.chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
            })
            .filter(|k| !k.is_empty())
            .map(str::to_string)
            .collect()
    }

    /// The comment lines directly above line `i`.
    fn comment_above(lines: &[&str], i: usize) -> String {
        lines[..i]
            .iter()
            .rev()
            .take_while(|l| l.starts_with('#'))
            .copied()
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn every_model_and_gpu_table_has_a_comment_naming_its_sources() {
        let keys = source_keys();
        assert!(
            keys.len() > 30 && keys.contains("GP") && keys.contains("TKR"),
            "{keys:?}"
        );
        let mut tables = 0;
        for (name, text) in EMBEDDED {
            let lines: Vec<&str> = text.lines().collect();
            for (i, line) in lines.iter().enumerate() {
                // A model's or GPU's own table: one quoted name, no sub-table after it.
                let top = (line.starts_with("[models.\"") || line.starts_with("[gpus.\""))
                    && line.ends_with("\"]")
                    && line.matches('"').count() == 2;
                if !top {
                    continue;
                }
                tables += 1;
                let comment = comment_above(&lines, i);
                let words: BTreeSet<&str> = comment
                    .split(|c: char| !c.is_ascii_alphanumeric())
                    .collect();
                assert!(
                    keys.iter().any(|k| words.contains(k.as_str())),
                    "{name}:{}: `{line}` has no comment naming a source key: `{comment}`",
                    i + 1
                );
            }
        }
        let c = catalog();
        assert_eq!(tables, c.models().count() + c.gpus().count());
    }

    /// Release dates that `pricing-facts.md` (§0b, §2c, §3c and the news of
    /// 2026-12-07) or the aggregator gives for shipped models, Azure's aside
    /// (its sheet dates deployments, not models).
    const RELEASED_IN_THE_FACTS: &[(&str, &str)] = &[
        ("anthropic/claude-3-5-haiku", "2024-10-22"),
        ("anthropic/claude-3-haiku", "2024-03-13"),
        ("anthropic/claude-fable-5", "2026-06-09"),
        ("anthropic/claude-fable-5-1", "2026-09-01"),
        ("anthropic/claude-fable-5-2", "2026-11-09"),
        ("anthropic/claude-haiku-4-5", "2025-10-15"),
        ("anthropic/claude-haiku-5-5", "2026-10-07"),
        ("anthropic/claude-opus-4", "2025-05-22"),
        ("anthropic/claude-opus-4-1", "2025-08-05"),
        ("anthropic/claude-opus-4-5", "2025-11-24"),
        ("anthropic/claude-opus-4-6", "2026-02-05"),
        ("anthropic/claude-opus-4-7", "2026-04-16"),
        ("anthropic/claude-opus-4-8", "2026-05-28"),
        ("anthropic/claude-opus-5", "2026-07-24"),
        ("anthropic/claude-opus-5-5", "2026-09-22"),
        ("anthropic/claude-sonnet-4", "2025-05-22"),
        ("anthropic/claude-sonnet-4-5", "2025-09-29"),
        ("anthropic/claude-sonnet-4-6", "2026-02-17"),
        ("anthropic/claude-sonnet-5", "2026-06-30"),
        ("anthropic/claude-sonnet-5-5", "2026-09-29"),
        ("google/gemini-2.0-flash", "2025-02-05"),
        ("google/gemini-2.5-flash", "2025-06-17"),
        ("google/gemini-2.5-flash-lite", "2025-07-22"),
        ("google/gemini-2.5-pro", "2025-06-17"),
        ("google/gemini-3.1-flash-lite", "2026-05-07"),
        ("google/gemini-3.1-pro-preview", "2026-02-19"),
        ("google/gemini-3.5-flash", "2026-05-19"),
        ("google/gemini-3.5-flash-lite", "2026-07-21"),
        ("google/gemini-3.6-flash", "2026-07-21"),
        ("google/gemini-3.7-flash", "2026-08-13"),
        ("google/gemini-3.8-flash", "2026-09-02"),
        ("google/gemini-4-argon", "2026-10-13"),
        ("google/gemini-4-carbon", "2026-11-10"),
        ("google/gemini-4-hydrogen", "2026-11-12"),
        ("google/gemini-4-neon", "2026-11-18"),
        ("openai/gpt-4.1", "2025-04-14"),
        ("openai/gpt-4.1-mini", "2025-04-14"),
        ("openai/gpt-4.1-nano", "2025-04-14"),
        ("openai/gpt-4o", "2024-08-06"),
        ("openai/gpt-4o-mini", "2024-07-18"),
        ("openai/gpt-5", "2025-08-07"),
        ("openai/gpt-5-mini", "2025-08-07"),
        ("openai/gpt-5-nano", "2025-08-07"),
        ("openai/gpt-5.4", "2026-03-05"),
        ("openai/gpt-5.4-mini", "2026-03-17"),
        ("openai/gpt-5.4-nano", "2026-03-17"),
        ("openai/gpt-5.5", "2026-04-23"),
        ("openai/gpt-5.5-pro", "2026-04-23"),
        ("openai/gpt-5.6-luna", "2026-07-09"),
        ("openai/gpt-5.6-sol", "2026-07-09"),
        ("openai/gpt-5.6-terra", "2026-07-09"),
        ("openai/gpt-6-luna", "2026-09-22"),
        ("openai/gpt-6-sol", "2026-09-22"),
        ("openai/gpt-6.1-terra", "2026-10-26"),
        ("openai/gpt-6.2-sol", "2026-11-17"),
        ("openai/o4-mini", "2025-04-16"),
    ];

    /// Every shipped model says when its prices were checked, carries the
    /// release date the facts give, and a third-party-only figure is flagged
    /// (issue 25): `verified = false` with a `third-party:` source, never a
    /// page that reads as first-party; a third-party date names its source
    /// the same way.
    #[test]
    fn every_shipped_model_is_checked_released_and_flagged_where_unverified() {
        let c = catalog();
        for m in c.models() {
            assert!(m.own_checked().is_some(), "{} has no checked", m.id);
            let third_party = m.source().starts_with("third-party:");
            assert_eq!(!m.verified(), third_party, "{}: {}", m.id, m.source());
        }
        for (id, released) in RELEASED_IN_THE_FACTS {
            let m = c.resolve(id).unwrap_or_else(|e| panic!("{id}: {e}"));
            assert_eq!(
                m.released().map(|d| d.to_string()).as_deref(),
                Some(*released),
                "{id}"
            );
        }
        // The sheets' own comments: a model whose prices they call
        // third-party only ships unverified.
        for (name, text) in EMBEDDED {
            let lines: Vec<&str> = text.lines().collect();
            for (i, line) in lines.iter().enumerate() {
                let Some(model) = line
                    .strip_prefix("[models.\"")
                    .and_then(|l| l.strip_suffix("\"]"))
                    .filter(|m| !m.contains('"'))
                else {
                    continue;
                };
                let comment = comment_above(&lines, i).to_lowercase();
                let says = ["3p only", "third-party only", "3p-only"]
                    .iter()
                    .any(|w| comment.contains(w));
                let provider = name.trim_end_matches(".toml");
                let m = c.resolve(&format!("{provider}/{model}")).unwrap();
                if says && !comment.contains("a third-party date only") {
                    assert!(
                        !m.verified(),
                        "{name}: {model} is third-party only: {comment}"
                    );
                }
            }
        }
        let unverified: Vec<&str> = c
            .models()
            .filter(|m| !m.verified())
            .map(|m| m.id.as_str())
            .collect();
        assert_eq!(
            unverified,
            [
                "anthropic/claude-fable-5-2",
                "google/gemini-4-argon",
                "google/gemini-4-carbon",
                "google/gemini-4-neon"
            ]
        );
    }

    #[test]
    fn every_model_and_gpu_says_when_it_was_checked() {
        let c = catalog();
        for m in c.models() {
            let checked = m
                .own_checked()
                .unwrap_or_else(|| panic!("{} has no checked", m.id));
            assert!(checked <= m.sheet.as_of, "{}", m.id);
            assert!(
                !m.verified() || m.source().starts_with("https://"),
                "{}",
                m.id
            );
        }
        for g in c.gpus() {
            assert!(g.checked() <= g.sheet.as_of, "{}", g.id);
        }
        assert!(c.gpus().count() >= 25);
        // The sheets the news of 2026-12-07 touched were checked again that day.
        for s in c.sheets() {
            assert!(
                [date(2026, 11, 27), date(2026, 12, 7)].contains(&s.as_of),
                "{}",
                s.origin
            );
        }
    }

    #[test]
    fn spot_values_equal_the_facts() {
        let c = catalog();
        let p = |id: &str| c.resolve(id).unwrap().prices.clone();
        // A current flagship with its >272K whole-request tier (OMP).
        let sol = p("openai/gpt-6-sol");
        assert_eq!(
            (sol.input, sol.cached_input, sol.cache_write, sol.output),
            (d("2"), Some(d("0.2")), Some(d("2.5")), d("10"))
        );
        let lc = sol.long_context.unwrap();
        assert_eq!(
            (lc.above_input_tokens, lc.input, lc.output, lc.cache_write),
            (272_000, d("4"), d("15"), Some(d("5")))
        );
        assert!(sol.fine_tuning.is_none());
        // Haiku 5.5's two whole-request tiers (ACP).
        let haiku = p("anthropic/claude-haiku-5-5");
        assert_eq!(
            (haiku.input, haiku.output, haiku.cache_write),
            (d("0.1"), d("0.5"), Some(d("0.125")))
        );
        let lc = haiku.long_context.unwrap();
        assert_eq!(
            (lc.above_input_tokens, lc.input, lc.output),
            (100_000, d("0.5"), d("2.5"))
        );
        assert_eq!(
            (lc.cached_input, lc.cache_write),
            (Some(d("0.05")), Some(d("0.625")))
        );
        // Training prices on the venues that still train (TKR, PRI, AEG fireworks).
        let tinker = p("tinker/qwen3-8b");
        assert_eq!((tinker.input, tinker.output), (d("0.195"), d("0.6")));
        assert_eq!(tinker.fine_tuning.unwrap().training, Some(d("0.44")));
        let pi = p("prime-intellect/qwen3.5-9b").fine_tuning.unwrap();
        assert_eq!(
            (pi.training, pi.input, pi.output),
            (Some(d("0.6")), d("0.2"), d("0.6"))
        );
        let fw = p("fireworks/qwen3-8b").fine_tuning.unwrap();
        assert_eq!(fw.default_method().unwrap().name, "lora-sft");
        assert_eq!(fw.training, Some(d("0.5")));
        let dpo = fw.method("full-dpo").unwrap();
        assert_eq!((dpo.kind, dpo.training), (MethodKind::Dpo, d("2")));
        // GPU prices (AEG fireworks, TGE).
        assert_eq!(c.gpu("fireworks/h100-80gb").unwrap().per_hour, d("8"));
        assert_eq!(c.gpu("together/h200-141gb").unwrap().per_hour, d("5.49"));
        assert_eq!(
            c.gpu("runpod-secure/h100-80gb").unwrap().per_hour,
            d("3.99")
        );
        // The models README examples rely on keep their prices.
        let mini = p("openai/gpt-4.1-mini");
        assert_eq!((mini.input, mini.output), (d("0.4"), d("1.6")));
        let ft = mini.fine_tuning.unwrap();
        assert_eq!(
            (ft.training, ft.input, ft.output),
            (Some(d("5")), d("0.8"), d("3.2"))
        );
        let big = p("openai/gpt-4.1");
        assert_eq!((big.input, big.output), (d("2"), d("8")));
    }

    #[test]
    fn gemini_3_8_flash_doubles_its_price_on_2027_01_01() {
        let c = catalog();
        let m = c.resolve("google/gemini-3.8-flash").unwrap();
        let before = m.prices_on(date(2026, 12, 31));
        assert_eq!((before.input, before.output), (d("0.75"), d("3.75")));
        let after = m.prices_on(date(2027, 1, 1));
        assert_eq!((after.input, after.output), (d("1.5"), d("7.5")));
        assert_eq!(m.changes().len(), 1);
    }

    #[test]
    fn openai_fine_tuning_winds_down_on_the_published_dates() {
        let c = catalog();
        for id in ["gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini"] {
            let m = c.resolve(&format!("openai/{id}")).unwrap();
            assert_eq!(m.shutdown(), Some(date(2027, 1, 14)), "{id}");
            assert_eq!(m.fine_tune_shutdown(), Some(date(2027, 1, 14)), "{id}");
            assert_eq!(m.training_cutoff(), Some(date(2027, 1, 6)), "{id}");
        }
        for id in ["gpt-4.1-nano", "o4-mini"] {
            let m = c.resolve(&format!("openai/{id}")).unwrap();
            assert_eq!(m.fine_tune_shutdown(), Some(date(2026, 10, 23)), "{id}");
            assert!(m.is_hidden_at(date(2026, 11, 27)), "{id}");
        }
        // Azure keeps fine-tuned deployments a year after training retires.
        let az = c.resolve("azure/gpt-4.1-mini").unwrap();
        assert_eq!(az.shutdown(), Some(date(2026, 10, 14)));
        assert_eq!(az.training_cutoff(), Some(date(2027, 4, 14)));
        assert_eq!(az.fine_tune_shutdown(), Some(date(2027, 10, 14)));
        assert!(!az.is_hidden_at(date(2026, 11, 27)));
    }

    #[test]
    fn prices_check_lists_the_openai_fine_tunes_retiring_in_january() {
        let c = catalog();
        let within = |days| {
            check(
                &c,
                &CheckOptions {
                    today: date(2026, 11, 27),
                    within_days: days,
                    queries: vec![],
                    ids: vec![],
                    stale_after_days: 180,
                    provider: Some("OpenAI".into()),
                },
            )
        };
        let retiring = |found: &[ftvp::pricing::check::Finding]| -> Vec<String> {
            found
                .iter()
                .filter(|f| f.kind == FindingKind::Shutdown && f.date == date(2027, 1, 14))
                .map(|f| f.model.clone())
                .collect()
        };
        let found = within(90);
        assert_eq!(
            retiring(&found),
            [
                "openai/gpt-4.1",
                "openai/gpt-4.1-mini",
                "openai/gpt-4o",
                "openai/gpt-4o-mini"
            ]
        );
        assert!(found
            .iter()
            .any(|f| f.kind == FindingKind::TrainingCutoff && f.date == date(2027, 1, 6)));
        assert!(retiring(&within(10)).is_empty());
    }

    #[test]
    fn models_with_a_serving_class_have_reference_rows() {
        let rows = serving::reference_rows().unwrap();
        let classes: BTreeSet<&str> = rows.iter().map(|r| r.class.as_str()).collect();
        let c = catalog();
        let mut with_class = 0;
        for m in c.models() {
            if let Some(class) = m.serving_class() {
                with_class += 1;
                assert!(classes.contains(class), "{}: {class}", m.id);
            }
        }
        assert!(with_class >= 10);
        let r = serving::nearest(rows, "dense-70b", "together/h100-80gb", 2, 5200, 450).unwrap();
        assert_eq!(r.output_tokens_per_second, d("623"));
        // At an equal distance the lower figure (BF16) is the estimate.
        let r = serving::nearest(rows, "dense-8b", "h100-80gb", 1, 128, 128).unwrap();
        assert_eq!(
            (r.output_tokens_per_second, r.precision.as_deref()),
            (d("14540"), Some("bf16"))
        );
    }
}

/// Issue 22 item 6: `prices --gpus h100` listed every GPU. The query filters
/// GPU ids as it filters model ids: a case-insensitive substring.
#[test]
fn the_gpu_list_takes_the_query() {
    let sheet = common::fixture("dedicated").display().to_string();
    let ids = |query: &str| -> Vec<String> {
        let doc = prices_json(&["--gpus", query, "--pricing", &sheet]);
        let gpus = doc["gpus"].as_array().unwrap();
        gpus.iter()
            .map(|g| g["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids("WORKED/H100"), ["worked/h100-80gb"]);
    let h100 = ids("h100");
    assert!(h100.contains(&"worked/h100-80gb".to_string()), "{h100:?}");
    assert!(h100.iter().all(|id| id.contains("h100")), "{h100:?}");
    assert!(ids("no-such-gpu").is_empty());
}
