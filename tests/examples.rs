//! The shipped example scenarios run on the embedded sheets: their `[expect]`
//! holds, their start is pinned, they warn only about what their headers
//! explain, and the two lifecycle examples end service as their headers say.

mod common;

use std::path::{Path, PathBuf};

use common::ftvp;
use serde_json::Value;

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name)
}

/// Every `examples/*.toml`, sorted.
fn scenarios() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut scenarios: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    scenarios.sort();
    assert!(scenarios.len() >= 8, "{scenarios:?}");
    scenarios
}

/// `ftvp breakeven --scenario PATH --format json ARGS…`, expected to exit 0
/// (so the scenario's `[expect]` holds): the parsed report.
fn report(path: &Path, args: &[&str]) -> Value {
    let out = ftvp()
        .args(["breakeven", "--scenario"])
        .arg(path)
        .args(["--format", "json"])
        .args(args)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}: {}{}",
        path.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The one candidate of a report.
fn only_candidate(report: &Value) -> &Value {
    let candidates = report["candidates"].as_array().unwrap();
    assert_eq!(candidates.len(), 1, "{candidates:?}");
    &candidates[0]
}

/// A folder holding one user sheet, named after the test that writes it.
fn user_sheet(test: &str, file: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ftvp-examples-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(file), text).unwrap();
    dir
}

#[test]
fn every_example_scenario_meets_its_own_expectation() {
    for path in scenarios() {
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.contains("[expect]"),
            "{} has no [expect]",
            path.display()
        );
        let out = ftvp()
            .args(["breakeven", "--scenario"])
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}: {}{}",
            path.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn every_example_pins_its_start_so_today_does_not_change_it() {
    for path in scenarios() {
        let scenario: toml::Table = std::fs::read_to_string(&path).unwrap().parse().unwrap();
        let start = scenario
            .get("horizon")
            .and_then(|h| h.get("start"))
            .unwrap_or_else(|| panic!("{} has no [horizon] start", path.display()))
            .to_string();
        assert_eq!(report(&path, &[])["start"], start, "{}", path.display());
    }
}

#[test]
fn examples_warn_only_that_a_short_tuned_prompt_is_billed_without_caching() {
    for path in scenarios() {
        for warning in report(&path, &[])["warnings"].as_array().unwrap() {
            let warning = warning.as_str().unwrap();
            assert!(
                warning.contains("billed without caching"),
                "{}: {warning}",
                path.display()
            );
        }
    }
}

#[test]
fn openai_fine_tune_stops_serving_at_its_shutdown_and_loses_the_rest_of_the_year() {
    let report = report(&example("openai-fine-tune-retires.toml"), &[]);
    let tuned = only_candidate(&report);
    assert_eq!(tuned["model"], "openai/gpt-4.1-mini");
    assert_eq!(tuned["end_of_service"], "2027-01-14");
    assert_eq!(tuned["end_of_service_reason"], "shutdown");
    // Month 1 in full, 18 of month 2's 31 days; months 3-12 are lost.
    assert_eq!(tuned["served_volume"], 2_000_000 + 1_161_290);
    assert_eq!(tuned["lost_volume"], 20_838_710);
    assert_eq!(tuned["break_even_requests"], 12_084_966);
    assert_eq!(report["verdict"], "prompt");
}

#[test]
fn openai_fine_tune_that_kept_serving_would_be_a_fine_tune_verdict() {
    let undated = user_sheet(
        "openai-undated",
        "openai.toml",
        r#"
provider = "openai"
currency = "USD"
as_of = 2026-11-27
source = "https://openai.com/api/pricing/"

[models."gpt-4.1-mini"]
input = 0.40
output = 1.60
cached_input = 0.10
min_cacheable_tokens = 1024

[models."gpt-4.1-mini".fine_tuning]
training = 5.00
input = 0.80
output = 3.20
cached_input = 0.20
"#,
    );
    let report = report(
        &example("openai-fine-tune-retires.toml"),
        &[
            "--pricing",
            undated.to_str().unwrap(),
            "--expect",
            "fine-tune",
        ],
    );
    let tuned = only_candidate(&report);
    assert_eq!(tuned["end_of_service"], Value::Null);
    assert_eq!(tuned["lost_volume"], 0);
    assert_eq!(tuned["break_even_requests"], 1_591_837);
    std::fs::remove_dir_all(undated).unwrap();
}

#[test]
fn azure_fine_tune_goes_out_of_service_at_the_first_retrain_after_training_closes() {
    let report = report(&example("azure-retraining-closes.toml"), &[]);
    let tuned = only_candidate(&report);
    assert_eq!(tuned["model"], "azure/gpt-4.1-mini");
    // Training closes on 2027-04-14; the retrain of month 7 falls on 2027-05-27,
    // long before the tuned deployment retires on 2027-10-14.
    assert_eq!(tuned["end_of_service"], "2027-05-27");
    assert_eq!(tuned["end_of_service_reason"], "retraining-closed");
    assert_eq!(tuned["retrain_runs"], 1);
    assert_eq!(tuned["served_volume"], 18_000_000);
    assert_eq!(tuned["lost_volume"], 18_000_000);
    assert_eq!(report["verdict"], "prompt");
}

/// `examples/library.rs` runs: the library's own example of a comparison.
#[test]
fn the_library_example_runs() {
    // `cargo test` builds the examples beside the test binaries' folder.
    let deps = std::env::current_exe().unwrap();
    let example = deps
        .parent()
        .unwrap()
        .parent()
        .unwrap()
        .join("examples/library");
    let out = std::process::Command::new(&example)
        .output()
        .unwrap_or_else(|e| {
            panic!("{}: {e}", example.display());
        });
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.starts_with("prompting: openai/gpt-6.1-terra"),
        "{text}"
    );
    assert!(
        text.contains("overall: depends (best candidate: tinker/qwen3-8b)"),
        "{text}"
    );
}

/// `examples/library.rs` uses the public API only: names at the crate's
/// root, never a path into an inner module (those are public only with the
/// `internals` feature the project's own tests turn on).
#[test]
fn the_library_example_uses_only_the_facade() {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/library.rs"),
    )
    .unwrap();
    let inner: Vec<&str> = text
        .match_indices("ftvp::")
        .map(|(i, _)| &text[i..])
        .filter(|rest| {
            let name: String = rest["ftvp::".len()..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            // A module's name is lower-case, like the facade's two
            // functions; a type's associated items (`ftvp::TokenizerSource::
            // default`) are the facade's.
            name.starts_with(|c: char| c.is_ascii_lowercase())
                && !["analyse", "run"].contains(&name.as_str())
        })
        .map(|rest| &rest[..rest.find(['\n', ';']).unwrap_or(rest.len())])
        .collect();
    assert!(inner.is_empty(), "inner paths: {inner:?}");
    assert!(text.contains("use ftvp::{"));
}
