//! The LiteLLM import: exact conversion from USD per token to USD per 1M
//! tokens, the fields it reads, what it skips, how it merges with sheets
//! already loaded, and sheets that load back.

use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;

use ftvp::pricing::import::{import_litellm, Import, SkipReason, MARKER};
use ftvp::pricing::{Catalog, Model};
use jiff::civil::date;
use rust_decimal::Decimal;

fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/litellm")
        .join(name);
    fs::read_to_string(path).unwrap()
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// What a user already has: an OpenAI sheet with training prices and
/// lifecycle dates, and an Azure model whose prices LiteLLM repeats.
fn existing() -> Catalog {
    let mut c = Catalog::new();
    c.add_sheet(
        "openai.toml",
        r#"provider = "openai"
currency = "USD"
as_of = 2026-11-27
source = "https://example.com/openai"
training_closes = 2027-01-06

[models."gpt-4o-mini"]
input = 0.15
output = 0.60
released = 2024-07-18
shutdown = 2027-01-14
tokenizer = "o200k_base"
serving_class = "x"

[models."gpt-4o-mini".fine_tuning]
training = 3.00
input = 0.30
output = 1.20
"#,
    )
    .unwrap();
    c.add_sheet(
        "azure.toml",
        r#"provider = "azure"
currency = "USD"
as_of = 2026-11-27
source = "https://example.com/azure"

[models."gpt-4.1"]
input = 2.00
output = 8.00
cached_input = 0.50
batch_discount = 0.5
context_window = 1047576
"#,
    )
    .unwrap();
    c
}

fn excerpt() -> Import {
    import_litellm(&fixture("excerpt.json"), &existing(), date(2026, 11, 27)).unwrap()
}

/// The imported sheets loaded back with the normal loader.
fn loaded(import: &Import) -> Catalog {
    let mut c = Catalog::new();
    for s in &import.sheets {
        c.add_sheet(&s.file_name, &s.text).unwrap();
    }
    c
}

fn model<'a>(c: &'a Catalog, id: &str) -> &'a Model {
    c.resolve(id).unwrap_or_else(|e| panic!("{id}: {e}"))
}

#[test]
fn per_token_prices_become_exact_prices_per_million() {
    let import = excerpt();
    let openai = &import
        .sheets
        .iter()
        .find(|s| s.provider == "openai")
        .unwrap()
        .text;
    // 1.5e-07 per token, scaled in decimal: never 0.15000000000000002.
    assert!(openai.contains("\ninput = 0.15\n"), "{openai}");
    assert!(!openai.contains("0.15000000000000002"));
    let c = loaded(&import);
    let m = model(&c, "openai/gpt-4o-mini");
    let p = &m.prices;
    assert_eq!(
        (p.input, p.output, p.cached_input),
        (d("0.15"), d("0.6"), Some(d("0.075")))
    );
    assert_eq!(
        (p.batch_discount, p.context_window),
        (Some(d("0.5")), Some(128_000))
    );
    assert_eq!(m.source(), "litellm:gpt-4o-mini");
    assert_eq!(m.checked(), date(2026, 11, 27));
}

#[test]
fn cache_writes_and_long_context_tiers_are_read() {
    let c = loaded(&excerpt());
    let p = &model(&c, "anthropic/claude-sonnet-4-5").prices;
    assert_eq!(
        (p.cached_input, p.cache_write),
        (Some(d("0.3")), Some(d("3.75")))
    );
    assert_eq!(p.min_cacheable_tokens, Some(1024));
    let lc = p.long_context.as_ref().unwrap();
    assert_eq!(lc.above_input_tokens, 200_000);
    assert_eq!((lc.input, lc.output), (d("6"), d("22.5")));
    assert_eq!(
        (lc.cached_input, lc.cache_write),
        (Some(d("0.6")), Some(d("7.5")))
    );
    let lc = model(&c, "openai/gpt-5.4")
        .prices
        .long_context
        .clone()
        .unwrap();
    assert_eq!(
        (lc.above_input_tokens, lc.input, lc.output),
        (272_000, d("5"), d("22.5"))
    );
    assert_eq!(lc.cached_input, Some(d("0.5")));
    let p = &model(&c, "google/gemini-2.5-pro").prices;
    let lc = p.long_context.as_ref().unwrap();
    assert_eq!(
        (lc.above_input_tokens, lc.input, lc.output),
        (200_000, d("2.5"), d("15"))
    );
    // A token count written as 2000000.0, and a 128K tier.
    let p = &model(&c, "xai/grok-4-1-fast").prices;
    assert_eq!(p.context_window, Some(2_000_000));
    assert_eq!(p.long_context.as_ref().unwrap().above_input_tokens, 128_000);
}

#[test]
fn fine_tuned_keys_price_the_snapshot_and_its_alias() {
    let c = loaded(&excerpt());
    for id in ["openai/gpt-4o-mini", "openai/gpt-4o-mini-2024-07-18"] {
        let ft = model(&c, id).prices.fine_tuning.clone().unwrap();
        assert_eq!(
            (ft.input, ft.output, ft.cached_input),
            (d("0.3"), d("1.2"), Some(d("0.15"))),
            "{id}"
        );
    }
    // The snapshot is new: no training price, so users give --training-cost.
    let ft = model(&c, "openai/gpt-4o-mini-2024-07-18")
        .prices
        .fine_tuning
        .clone()
        .unwrap();
    assert_eq!(ft.training, None);
    let ft = model(&c, "openai/gpt-4.1-2025-04-14")
        .prices
        .fine_tuning
        .clone()
        .unwrap();
    assert_eq!((ft.input, ft.output), (d("3"), d("12")));
}

#[test]
fn a_known_model_keeps_what_litellm_does_not_say() {
    let c = loaded(&excerpt());
    let m = model(&c, "openai/gpt-4o-mini");
    let ft = m.prices.fine_tuning.as_ref().unwrap();
    assert_eq!(ft.training, Some(d("3")));
    assert_eq!(
        (m.released(), m.shutdown()),
        (Some(date(2024, 7, 18)), Some(date(2027, 1, 14)))
    );
    assert_eq!(
        m.prices
            .tokenizer
            .as_ref()
            .map(|t| t.as_string())
            .as_deref(),
        Some("o200k_base")
    );
    assert_eq!(m.serving_class(), Some("x"));
    // The provider-wide cut-off of the user's sheet is carried to the model.
    assert_eq!(m.training_cutoff(), Some(date(2027, 1, 6)));
    // deprecation_date becomes the shutdown of a model with none.
    let m = model(&c, "azure/gpt-4.1-2025-04-14");
    assert_eq!(m.shutdown(), Some(date(2026, 11, 4)));
}

#[test]
fn duplicates_prefer_the_provider_prefixed_key_and_zero_cache_writes_are_dropped() {
    let c = loaded(&excerpt());
    let m = model(&c, "deepseek/deepseek-chat");
    assert_eq!(m.source(), "litellm:deepseek/deepseek-chat");
    assert_eq!(m.prices.cache_write, None); // LiteLLM writes 0.0: no separate write price
    assert_eq!(m.prices.cached_input, Some(d("0.028")));
    assert_eq!(
        model(&c, "together/meta-llama-3.1-8b-instruct-turbo")
            .prices
            .input,
        d("0.18")
    );
    assert_eq!(
        model(&c, "fireworks/llama-v3p1-8b-instruct").prices.input,
        d("0.1")
    );
}

#[test]
fn the_summary_counts_added_changed_unchanged_and_skipped() {
    let s = excerpt().summary;
    assert_eq!(s.changed, ["openai/gpt-4o-mini"]); // gained a cached price and a batch discount
    assert_eq!(s.unchanged, ["azure/gpt-4.1"]);
    // Bedrock maps to aws since issue 25: aws/anthropic.claude-3-haiku-….
    assert_eq!(s.added.len(), 12, "{:?}", s.added);
    assert_eq!(s.fine_tuned, 2);
    let skipped: BTreeMap<SkipReason, usize> = [
        (SkipReason::OtherProvider, 2), // sample_spec, text-completion-openai
        (SkipReason::Regional, 1),
        (SkipReason::NotChat, 2),
        (SkipReason::Duplicate, 1),
        (SkipReason::FineTunedWithoutBase, 1),
    ]
    .into_iter()
    .collect();
    assert_eq!(s.skipped, skipped);
}

#[test]
fn the_whole_map_imports_and_loads_back() {
    let import = import_litellm(
        &fixture("model-prices.json"),
        &Catalog::new(),
        date(2026, 11, 27),
    )
    .unwrap();
    let s = &import.summary;
    assert_eq!(
        (s.added.len(), s.changed.len(), s.unchanged.len()),
        (1709, 0, 0)
    );
    assert_eq!(s.fine_tuned, 11);
    let skipped: Vec<(SkipReason, usize)> = s.skipped.iter().map(|(k, v)| (*k, *v)).collect();
    assert_eq!(
        skipped,
        [
            (SkipReason::OtherProvider, 439),
            (SkipReason::Regional, 338),
            (SkipReason::NotChat, 384),
            (SkipReason::NoTokenPrice, 60),
            (SkipReason::Duplicate, 42),
            (SkipReason::FineTunedWithoutBase, 1),
        ]
    );
    // Issue 25: Bedrock, Vertex AI, Nebius, Lambda, OpenRouter and DeepInfra
    // load as their own providers; what is left is listed by provider.
    assert_eq!(s.skipped_providers.values().sum::<usize>(), 439);
    assert_eq!(s.skipped_providers.get("deepgram"), Some(&36));
    for gone in [
        "bedrock",
        "bedrock_converse",
        "vertex_ai-language-models",
        "nebius",
    ] {
        assert!(!s.skipped_providers.contains_key(gone), "{gone}");
    }
    let files: Vec<&str> = import.sheets.iter().map(|s| s.file_name.as_str()).collect();
    assert!(files.contains(&"litellm-google.toml") && files.contains(&"litellm-fireworks.toml"));
    let c = loaded(&import);
    assert_eq!(c.models().count(), 1709);
    for id in [
        "aws/anthropic.claude-3-haiku-20240307-v1:0",
        "nebius/deepseek-r1-0528",
        "lambda/deepseek-r1-0528",
    ] {
        assert!(c.resolve(id).is_ok(), "{id}");
    }
    for provider in ["gcp", "openrouter", "deepinfra"] {
        assert!(
            c.models().any(|m| m.sheet.provider == provider),
            "{provider}"
        );
    }
    assert_eq!(model(&c, "openai/gpt-4o").prices.input, d("2.5"));
}

#[test]
fn sheets_are_written_but_never_over_a_users_own_sheet() {
    let import = excerpt();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("pricing");
    let written = import.write_to(&out).unwrap();
    assert_eq!(written.len(), import.sheets.len());
    assert!(fs::read_to_string(&written[0]).unwrap().starts_with(MARKER));
    // A second import replaces its own files.
    import.write_to(&out).unwrap();
    let mut c = Catalog::new();
    c.add_dir(&out).unwrap();
    assert!(c.resolve("openai/gpt-4o-mini").is_ok());
    // A file the user wrote is left alone.
    let mine = out.join("litellm-openai.toml");
    fs::write(&mine, "# my own\n").unwrap();
    let e = import.write_to(&out).unwrap_err().to_string();
    assert!(
        e.contains("litellm-openai.toml") && e.contains("not written by"),
        "{e}"
    );
    assert_eq!(fs::read_to_string(&mine).unwrap(), "# my own\n");
}

#[test]
fn a_file_that_is_not_a_price_map_is_a_clean_error() {
    for text in ["", "[1, 2]", "{\"a\": ", &"x".repeat(10_000)] {
        let e = import_litellm(text, &Catalog::new(), date(2026, 11, 27))
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("LiteLLM price map: "), "{e}");
        assert!(e.len() < 400, "{e}");
    }
    let odd = r#"{"m": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": "cheap", "output_cost_per_token": 1e-6},
                 "n": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": -1e-6, "output_cost_per_token": 1e-6},
                 "o": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 1e-6, "output_cost_per_token": 1e-6, "deprecation_date": "soon"},
                 "p q": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 1e-6, "output_cost_per_token": 1e-6}}"#;
    let import = import_litellm(odd, &Catalog::new(), date(2026, 11, 27)).unwrap();
    assert_eq!(import.summary.skipped.get(&SkipReason::Malformed), Some(&3));
    assert_eq!(import.summary.skipped.get(&SkipReason::BadName), Some(&1));
}
