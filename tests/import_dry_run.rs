//! `ftvp prices import litellm ../shared/data/litellm-model-prices.json
//! --dry-run` on the full price map: it writes nothing, and prints each
//! changed field with its old and new value (the table line for every entry
//! of the JSON document's `changes`), in sheet syntax. The map is the copy in
//! tests/fixtures/litellm (byte for byte the 2026-07 map beside the
//! repository), so the test runs on any clone.

mod common;

use std::path::PathBuf;

fn map() -> Option<PathBuf> {
    Some(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/litellm/model-prices.json"))
}

#[test]
fn a_dry_run_of_the_full_map_writes_nothing_and_prints_every_change() {
    let Some(map) = map() else { return };
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("pricing");
    let run = |format: &str| {
        let out = common::ftvp()
            .env("FTVP_TODAY", "2026-12-07")
            .env("COLUMNS", "1000")
            .args(["prices", "import", "litellm"])
            .arg(&map)
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
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{stderr}");
        String::from_utf8(out.stdout).unwrap()
    };
    let doc: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    let table = run("table");
    assert!(!out_dir.exists(), "a dry run wrote {}", out_dir.display());
    assert!(table.starts_with("would write (dry run) "), "{table}");
    let changes = doc["changes"].as_array().unwrap();
    let changed = doc["changed"].as_array().unwrap();
    assert!(!changed.is_empty(), "the map changes some shipped model");
    for id in changed {
        assert!(
            changes.iter().any(|c| c["model"] == *id),
            "{id}: no field listed"
        );
    }
    let shown = |v: &serde_json::Value| v.as_str().unwrap_or("none").to_string();
    for c in changes {
        let line = format!(
            "  changed {} {}: {} → {}",
            c["model"].as_str().unwrap(),
            c["field"].as_str().unwrap(),
            shown(&c["old"]),
            shown(&c["new"])
        );
        assert!(table.lines().any(|l| l == line), "missing: {line}\n{table}");
        assert!(
            !line.contains("Some(") && !line.contains("{ ..") && !line.contains("LongContext"),
            "{line}"
        );
        assert_ne!(c["old"], c["new"], "{line}");
    }
}
