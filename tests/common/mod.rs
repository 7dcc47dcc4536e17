//! The one helper every integration test runs the binary through.
#![allow(dead_code)]

use std::path::PathBuf;
use std::time::Duration;

use assert_cmd::Command;

/// The longest any run of `ftvp` on bad input may take. Generous: CI runs the
/// tests of a debug build in parallel on two cores, and every such run takes
/// well under a second alone.
pub const TIME_LIMIT: Duration = Duration::from_secs(20);

/// `ftvp` with a clean, fixed environment: no price folders of the machine
/// (`XDG_CONFIG_HOME` is an empty folder), no colour preferences, 80-column
/// tables, and a fixed "today" so that nothing depends on the date the tests run.
pub fn ftvp() -> Command {
    Command::from_std(ftvp_std())
}

/// [`ftvp`] as a standard-library command, for tests that manage the
/// process themselves (its standard streams, its memory while it runs).
pub fn ftvp_std() -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_ftvp"));
    cmd.env_remove("FTVP_PRICING")
        .env_remove("NO_COLOR")
        .env_remove("TERM")
        .env("XDG_CONFIG_HOME", empty_config())
        .env("COLUMNS", "80")
        .env("FTVP_TODAY", "2026-11-23")
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

/// An empty folder for `XDG_CONFIG_HOME`: no user price sheets.
pub fn empty_config() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("empty-config");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A folder of test fixtures.
pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// `ftvp COMMAND --pricing tests/fixtures/pricing ARGS… --format FORMAT`,
/// expected to succeed: its standard output.
pub fn output_of(command: &str, args: &[&str], format: &str) -> String {
    let out = ftvp()
        .arg(command)
        .arg("--pricing")
        .arg(fixture("pricing"))
        .args(args)
        .args(["--format", format])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "ftvp failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The JSON document of `ftvp COMMAND` on the fixture sheets, parsed.
pub fn json_of(command: &str, args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&output_of(command, args, "json")).unwrap()
}

/// `ftvp breakeven` on the fixture sheets, as parsed JSON.
pub fn breakeven_json(args: &[&str]) -> serde_json::Value {
    json_of("breakeven", args)
}

/// Runs `ftvp ARGS…` and checks the contract for bad input: exit 2 within
/// [`TIME_LIMIT`], nothing on stdout, one `error:` line on stderr that
/// contains `needle`. Returns stderr.
pub fn assert_input_error(args: &[&str], needle: &str) -> String {
    assert_refused(ftvp().args(args), &format!("{args:?}"), needle)
}

/// Runs `cmd` (described by `what` in failures) and checks the contract for
/// bad input, as [`assert_input_error`] does. Returns stderr.
pub fn assert_refused(cmd: &mut Command, what: &str, needle: &str) -> String {
    let out = cmd.timeout(TIME_LIMIT).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.code().is_some(),
        "{what}: killed after {TIME_LIMIT:?}: {stderr}"
    );
    assert_eq!(out.status.code(), Some(2), "{what}: {stderr}");
    assert!(out.stdout.is_empty(), "{what} printed to stdout");
    let first = stderr.lines().next().unwrap_or("");
    assert!(first.starts_with("error: "), "{what}: {stderr}");
    let errors = stderr.lines().filter(|l| l.starts_with("error:")).count();
    assert_eq!(errors, 1, "{what}: one `error:` line expected: {stderr}");
    assert!(
        stderr.contains(needle),
        "{what}: `{needle}` not in {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{what} panicked: {stderr}");
    stderr.into_owned()
}

/// Table output with the sentences wrapped to the width joined back into
/// one line each (a continuation line starts with two more spaces).
pub fn unwrapped(text: &str) -> String {
    text.replace("\n    ", " ").replace("\n  ", " ")
}

/// Runs `ftvp ARGS…`, expecting success: its standard output.
pub fn run_ok(args: &[&str]) -> String {
    let out = ftvp().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The README's quick-start comparison on the acme fixture sheet, without a
/// volume: acme/big with a 3,000-token prompt against acme/small fine-tuned on
/// 2M tokens with a 500-token prompt and no setup cost, 200 input and 300 output tokens.
/// P_base = 0.0088, P_tuned = 0.00152, Δ = 0.00728, T = 30 (N* = 4,121).
pub const QUICK_START: &[&str] = &[
    "--base",
    "acme/big",
    "--base-prompt",
    "3000",
    "--tuned",
    "acme/small",
    "--tuned-prompt",
    "500",
    "--input",
    "200",
    "--output",
    "300",
    "--training-tokens",
    "2M",
    "--setup-cost",
    "0",
];

/// `QUICK_START` followed by `extra`; a `--setup-cost` in `extra` replaces
/// the quick start's 0.
pub fn quick_start_with<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    let own_setup = extra.contains(&"--setup-cost");
    let mut args: Vec<&str> = QUICK_START.to_vec();
    if own_setup {
        let at = args.iter().position(|a| *a == "--setup-cost").unwrap();
        args.drain(at..at + 2);
    }
    args.extend_from_slice(extra);
    args
}

/// The worked example: base input 2.00 and output 10.00 per 1M, prompt
/// 3,000, input 200, output 300, so P_base = (3,200 × 2 + 300 × 10) / 1M =
/// $0.0094; trained once for $500; one $8/h GPU, 12 requests a second,
/// headroom 0.8, peak-to-average 2, one replica at least.
pub fn dedicated_worked(extra: &[&str]) -> Vec<String> {
    let p = fixture("dedicated").display().to_string();
    let base = [
        "breakeven",
        "--pricing",
        &p,
        "--base",
        "worked/big",
        "--base-prompt",
        "3000",
        "--input",
        "200",
        "--output",
        "300",
        "--training-cost",
        "500",
        "--setup-cost",
        "0",
        "--tuned",
        "worked/open-8b",
        "--tuned-prompt",
        "0",
        "--serve",
        "dedicated",
        "--gpu",
        "worked/h100-80gb",
    ];
    base.iter().chain(extra).map(|s| s.to_string()).collect()
}

/// Whether the tests run in CI (`CI=true`), where a tool a test needs must
/// be there: a missing one fails the test instead of skipping it.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// Makes a FIFO at `path`; false where the machine has no `mkfifo` (a
/// failure in CI, where every test must run).
pub fn mkfifo(path: &std::path::Path) -> bool {
    let made = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .is_ok_and(|s| s.success());
    assert!(made || !in_ci(), "mkfifo is missing or failed in CI");
    made
}

/// `cmd` run as an unprivileged user where the tests run as root (CI's
/// containers do), so that permission cases are tested and not skipped:
/// through `setpriv` as `nobody` (65534). `None` where the tests run as root
/// and `setpriv` is missing, which fails in CI.
#[cfg(unix)]
pub fn unprivileged(cmd: std::process::Command) -> Option<std::process::Command> {
    // SAFETY: geteuid has no preconditions and cannot fail.
    if unsafe { libc::geteuid() } != 0 {
        return Some(cmd);
    }
    let found = std::process::Command::new("setpriv")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        found || !in_ci(),
        "setpriv is missing in CI, which runs the tests as root"
    );
    if !found {
        return None;
    }
    let mut wrapped = std::process::Command::new("setpriv");
    wrapped
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(cmd.get_program())
        .args(cmd.get_args());
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => wrapped.env(k, v),
            None => wrapped.env_remove(k),
        };
    }
    if let Some(dir) = cmd.get_current_dir() {
        wrapped.current_dir(dir);
    }
    Some(wrapped)
}
