//! The progress bar of a long simulation: drawn on standard error when it
//! is a terminal, never on standard output, and never into the JSON.

mod common;

use common::{fixture, ftvp};

/// A simulation long enough for a bar (100,000 draws) of the quick start's
/// four ranged inputs.
const ARGS: &[&str] = &[
    "breakeven",
    "--base",
    "acme/big",
    "--base-prompt",
    "2000..3000..4000",
    "--tuned",
    "acme/small",
    "--tuned-prompt",
    "0..500..1500",
    "--input",
    "200",
    "--output",
    "300",
    "--training-tokens",
    "2M",
    "--setup-cost",
    "0..100",
    "--volume",
    "10k..20k..40k",
    "--simulate",
    "100000",
    "--seed",
    "7",
    "--format",
    "json",
];

fn piped() -> Vec<u8> {
    let out = ftvp()
        .args(ARGS)
        .arg("--pricing")
        .arg(fixture("pricing"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "no bar off a terminal: {:?}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Off a terminal there is no bar anywhere: standard error is empty and
/// standard output is the JSON document alone.
#[test]
fn off_a_terminal_no_bar_is_drawn() {
    let stdout = piped();
    let j: serde_json::Value = serde_json::from_slice(&stdout).expect("JSON alone");
    assert_eq!(j["simulation"]["draws"], 100_000);
    let text = String::from_utf8(stdout).unwrap();
    assert!(!text.contains('\r') && !text.contains('\x1b') && !text.contains(" draws "));
}

/// With standard error on a terminal (a pseudo-terminal from util-linux's
/// `script`), the bar is drawn there, counting draws, while standard output
/// (a file) holds the same JSON as without a terminal, byte for byte.
#[test]
fn on_a_terminal_the_bar_goes_to_standard_error_only() {
    let script = |cmd: &str| {
        std::process::Command::new("script")
            .args(["-qec", cmd, "/dev/null"])
            .output()
    };
    if !script("true").is_ok_and(|o| o.status.success()) {
        // In CI the tool must be there (util-linux is essential on Debian).
        assert!(
            !common::in_ci(),
            "no `script` (util-linux) to give the command a terminal"
        );
        eprintln!("skipped: no `script` to give the command a terminal");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("out.json");
    let quote = |s: &str| format!("'{}'", s.replace('\'', r"'\''"));
    let mut cmd: Vec<String> = vec![quote(env!("CARGO_BIN_EXE_ftvp"))];
    cmd.extend(ARGS.iter().map(|a| quote(a)));
    cmd.extend([
        "--pricing".into(),
        quote(&fixture("pricing").display().to_string()),
    ]);
    cmd.push(format!("> {}", quote(&json.display().to_string())));
    let mut script = std::process::Command::new("script");
    script.args(["-qec", &cmd.join(" "), "/dev/null"]);
    // ftvp's environment in the tests, with a terminal that says what it is.
    for (k, v) in common::ftvp_std().get_envs() {
        match v {
            Some(v) => script.env(k, v),
            None => script.env_remove(k),
        };
    }
    script
        .env("TERM", "xterm")
        .stdin(std::process::Stdio::null());
    let out = script
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let terminal = String::from_utf8_lossy(&out.stdout);
    assert!(
        terminal.contains("/100000 draws"),
        "the bar on the terminal: {terminal:?}"
    );
    assert_eq!(
        std::fs::read(&json).unwrap(),
        piped(),
        "the JSON is the same with a terminal"
    );
}
