//! The shipped example scenarios run on the embedded sheets and their
//! `[expect]` holds.

mod common;

use common::ftvp;

#[test]
fn every_example_scenario_meets_its_own_expectation() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut scenarios: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    scenarios.sort();
    assert!(scenarios.len() >= 6, "{scenarios:?}");
    for path in scenarios {
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
