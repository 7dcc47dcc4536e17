//! `prices import` compares each imported model with the loaded one and
//! lists every changed field with its old and new value as a sheet writes
//! it: numbers as numbers, tables as inline TOML tables, never Rust's debug
//! text (`Some(LongContext { … })`).

use std::fs;
use std::path::PathBuf;

use ftvp::pricing::import::import_litellm;
use ftvp::pricing::Catalog;
use jiff::civil::date;

/// openai/gpt-5.4 as a user's sheet has it: an older long-context tier;
/// the LiteLLM excerpt has 2.50/15.00, above 272k 5.00/22.50 with cached
/// reads at 0.50, batch at half price and a 1,050,000-token window.
const SHEET: &str = r#"provider = "openai"
currency = "USD"
as_of = 2026-11-27
source = "https://example.com/openai"

[models."gpt-5.4"]
input = 2.50
output = 15.00
cached_input = 0.25
batch_discount = 0.5
context_window = 1050000

[models."gpt-5.4".long_context]
above_input_tokens = 272000
input = 4.00
output = 18.00
"#;

#[test]
fn changed_fields_print_as_a_sheet_writes_them() {
    let text = fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/litellm/excerpt.json"),
    )
    .unwrap();
    let mut existing = Catalog::new();
    existing.add_sheet("openai.toml", SHEET).unwrap();
    let import = import_litellm(&text, &existing, date(2026, 11, 27)).unwrap();
    let changes: Vec<_> = import
        .summary
        .field_changes
        .iter()
        .filter(|(id, ..)| id == "openai/gpt-5.4")
        .map(|(_, field, old, new)| (*field, old.clone(), new.clone()))
        .collect();
    assert_eq!(
        changes,
        [(
            "long_context",
            Some("{ above_input_tokens = 272000, input = 4, output = 18 }".to_string()),
            Some(
                "{ above_input_tokens = 272000, input = 5, output = 22.5, cached_input = 0.5 }"
                    .to_string()
            ),
        )]
    );
    // No field of any model prints as debug text.
    for (id, field, old, new) in &import.summary.field_changes {
        for v in [old, new].into_iter().flatten() {
            assert!(
                !v.contains("Some(") && !v.contains("LongContext") && !v.contains("FineTuning"),
                "{id} {field}: {v}"
            );
        }
    }
}
