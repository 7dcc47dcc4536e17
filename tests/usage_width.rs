//! `ftvp usage` at 80 columns and on a wide terminal: a table per model
//! under its id (a fine-tuned model's id is long and is never cut), the
//! numbers whole, and the columns `breakeven --usage` does not fill left
//! out first when the width is short, the table saying which.

mod common;

use common::ftvp;
use serde_json::json;

/// Response logs of September to November 2026, every day: a fine-tuned
/// OpenAI model with a long id (chat completions, reasoning inside the
/// completion) and an Anthropic model (cache reads outside the input, no
/// reasoning); the lengths follow the request's number (no randomness).
fn logs() -> String {
    let mut text = String::new();
    for (month, days) in [(9, 30), (10, 31), (11, 30)] {
        for day in 1..=days {
            for k in 0..(10 + month) {
                let prompt = 1_000 + 997 * ((k * 31 + day) % 17);
                let completion = 100 + 13 * ((k + day) % 11);
                let cached = 1_024 * (k % 3);
                let response = match k % 2 {
                    0 => json!({"object": "chat.completion",
                        "model": "ft:gpt-4.1-mini-2025-04-14:acme-corp:support-bot-v3:BqXyZ123",
                        "usage": {"prompt_tokens": prompt + cached, "completion_tokens": completion,
                        "prompt_tokens_details": {"cached_tokens": cached},
                        "completion_tokens_details": {"reasoning_tokens": completion / 4}}}),
                    _ => json!({"type": "message", "model": "claude-sonnet-4-5-20250929",
                        "usage": {"input_tokens": prompt, "cache_read_input_tokens": cached,
                        "output_tokens": completion}}),
                };
                let line = json!({"timestamp": format!("2026-{month:02}-{day:02}T10:00:00Z"), "response": response});
                text.push_str(&format!("{line}\n"));
            }
        }
    }
    text
}

fn usage_at(columns: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("responses.jsonl");
    std::fs::write(&path, logs()).unwrap();
    let out = ftvp()
        .env("COLUMNS", columns)
        .current_dir(dir.path())
        .args(["usage", "responses.jsonl"])
        .arg(common::fixture("usage/openai-usage-api-page.json"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    // The fixture's folder depends on the checkout: shown as `…/`.
    let fixtures = common::fixture("usage").display().to_string();
    text.replace(&fixtures, "…")
}

fn check(table: &str) {
    // Each model's id whole, on a line of its own above its table.
    assert!(
        table.starts_with("claude-sonnet-4-5-20250929\n┌"),
        "{table}"
    );
    for id in [
        "ft:gpt-4.1-mini-2025-04-14:acme-corp:support-bot-v3:BqXyZ123",
        "gpt-5.5-2026-04-23",
    ] {
        assert!(table.contains(&format!("\n\n{id}\n┌")), "{id}: {table}");
    }
    // The numbers whole: the page's 33,462 requests and its input mean,
    // 108,413,331 / 33,462 = 3,239.9; an input p90 of the logs.
    for number in ["33,462", "3,239.9", "16,952", "63.76%"] {
        assert!(table.contains(number), "{number}: {table}");
    }
}

#[test]
fn usage_at_80_columns() {
    let table = usage_at("80");
    check(&table);
    assert!(table.lines().all(|l| l.chars().count() <= 80), "{table}");
    // The filled values stay; the output percentiles and an empty batch
    // column go, and the table says so.
    for header in ["requests", "mean", "reasoning", "cached"] {
        assert!(table.contains(header), "{header}: {table}");
    }
    let flat = common::unwrapped(&table);
    assert!(flat.contains("(left out to fit 80 columns: output p50, output p90, batch share; --format csv and json have every column)"), "{table}");
    insta::assert_snapshot!(table);
}

#[test]
fn usage_on_a_wide_terminal() {
    let table = usage_at("160");
    check(&table);
    assert!(!table.contains("left out"), "{table}");
    assert!(table.lines().all(|l| l.chars().count() <= 160), "{table}");
    insta::assert_snapshot!(table);
}
