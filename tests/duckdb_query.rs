//! The README's DuckDB query, run by DuckDB's Python package on a Parquet
//! file generated here, and its CSV read by `ftvp usage`. Without the
//! package the test is skipped, except in CI (`CI=true`), where `.ci/run`
//! installs it and a missing one is a failure.

mod common;

use std::process::Command;

use common::ftvp;
use serde_json::Value;

/// The README's `sql` block that reads Parquet.
fn readme_query() -> String {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    readme
        .split("```sql\n")
        .skip(1)
        .map(|b| b.split("```").next().unwrap().to_string())
        .find(|b| b.contains("read_parquet"))
        .expect("a DuckDB query in the README")
}

fn have_duckdb() -> bool {
    let ok = Command::new("python3")
        .args(["-c", "import duckdb"])
        .status()
        .is_ok_and(|s| s.success());
    if !ok && std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!(
            "DuckDB's Python package is missing in CI: .ci/run installs it (pip install duckdb)"
        );
    }
    ok
}

/// Six requests over two days: 2026-11-01 23:30 UTC is still the 1st.
const MAKE: &str = r#"
import duckdb, sys
out = sys.argv[1]
con = duckdb.connect()
con.execute("SET TimeZone = 'UTC'")
con.execute("""
CREATE TABLE logs AS SELECT * FROM (VALUES
  (TIMESTAMPTZ '2026-11-01 08:00:00+00', 'gpt-5-mini', 1000, 800, 300, 100, false),
  (TIMESTAMPTZ '2026-11-01 23:30:00+00', 'gpt-5-mini', 3000,   0, 500, 200, true),
  (TIMESTAMPTZ '2026-11-02 01:00:00+02', 'gpt-5-mini', 2000, 500, 100,   0, false),
  (TIMESTAMPTZ '2026-11-02 12:00:00+00', 'gpt-5-mini', 2000, 500, 100,   0, false),
  (TIMESTAMPTZ '2026-11-02 12:00:00+00', 'claude-x',    700,   0,  70,   0, false),
  (TIMESTAMPTZ '2026-11-02 13:00:00+00', 'claude-x',    900, 600,  90,   0, true)
) AS t(ts, model, input_tokens, cached_input_tokens, output_tokens, reasoning_tokens, batch)
""")
con.execute(f"COPY logs TO '{out}/logs/part-0.parquet' (FORMAT parquet)")
"#;

#[test]
fn the_readme_duckdb_query_feeds_ftvp_usage() {
    if !have_duckdb() {
        eprintln!("skipped: DuckDB's Python package is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("logs")).unwrap();
    let made = Command::new("python3")
        .args(["-c", MAKE])
        .arg(dir.path())
        .status()
        .unwrap();
    assert!(made.success());
    let run = format!(
        "import duckdb\nduckdb.connect().execute({:?})",
        readme_query()
    );
    let ran = Command::new("python3")
        .args(["-c", &run])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        ran.status.success(),
        "{}",
        String::from_utf8_lossy(&ran.stderr)
    );
    let out = ftvp()
        .args(["usage", "--format", "json"])
        .arg(dir.path().join("usage.csv"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["files"][0]["format"], "aggregate");
    let month = |model: &str| {
        doc["models"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["model"] == model)
            .unwrap()["months"][0]
            .clone()
    };
    let mini = month("gpt-5-mini");
    // 01:00+02 on the 2nd is 23:00 UTC on the 1st: three requests on the 1st, one on the 2nd.
    assert_eq!(
        (mini["requests"].clone(), mini["days_covered"].clone()),
        (4.into(), 2.into())
    );
    assert_eq!(mini["input_tokens"], 8000); // 1,000 + 3,000 + 2,000 + 2,000
    assert_eq!(mini["cached_input_tokens"], 1800);
    assert_eq!(mini["output_tokens"], 700); // (300 + 500 + 100 + 100) − (100 + 200) reasoning
    assert_eq!(mini["reasoning_tokens"], 300);
    assert_eq!(mini["batch_requests"], 1);
    let claude = month("claude-x");
    assert_eq!(
        (claude["requests"].clone(), claude["batch_requests"].clone()),
        (2.into(), 1.into())
    );
}
