//! The one helper every integration test runs the binary through.
#![allow(dead_code)]

use std::path::PathBuf;

use assert_cmd::Command;

/// `ftvp` with a clean, fixed environment: no user price folders, no colour
/// preferences, and a fixed "today" so stale-price warnings do not depend on
/// the date the tests run.
pub fn ftvp() -> Command {
    let mut cmd = Command::cargo_bin("ftvp").unwrap();
    cmd.env_remove("FTVP_PRICING")
        .env_remove("NO_COLOR")
        .env_remove("TERM")
        .env("FTVP_TODAY", "2026-11-23")
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

/// A folder of test fixtures.
pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// `ftvp breakeven --pricing tests/fixtures/pricing ARGS… --format json`,
/// expected to succeed, parsed.
pub fn breakeven_json(args: &[&str]) -> serde_json::Value {
    let out = ftvp()
        .arg("breakeven")
        .arg("--pricing")
        .arg(fixture("pricing"))
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "ftvp failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Runs `ftvp ARGS…` and checks the contract for bad input: exit 2, nothing on
/// stdout, one `error:` line on stderr that contains `needle`.
pub fn assert_input_error(args: &[&str], needle: &str) {
    let out = ftvp().args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    assert!(out.stdout.is_empty(), "{args:?} printed to stdout");
    let first = stderr.lines().next().unwrap_or("");
    assert!(first.starts_with("error: "), "{args:?}: {stderr}");
    assert!(
        stderr.contains(needle),
        "{args:?}: `{needle}` not in {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{args:?} panicked: {stderr}");
}
