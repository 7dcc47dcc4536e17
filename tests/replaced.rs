//! A user sheet entry that replaces a shipped model whole warns, once, on
//! standard error, naming the model, both sheets and each field it drops;
//! the new entry's prices are the ones used (no field-wise merge).

mod common;

use common::{fixture, ftvp};

#[test]
fn replacing_a_shipped_model_warns_naming_the_dropped_fields() {
    let dir = fixture("replaces");
    let out = ftvp()
        .args([
            "prices",
            "openai/gpt-4.1-mini",
            "--format",
            "json",
            "--pricing",
        ])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    let line = lines[0];
    let sheet = dir.join("openai.toml").display().to_string();
    assert!(
        line.starts_with(&format!(
            "warning: {sheet}: openai/gpt-4.1-mini replaces the entry of embedded:openai.toml whole, without its "
        )),
        "{line}"
    );
    for field in [
        "batch_discount",
        "cached_input",
        "context_window",
        "tokenizer",
    ] {
        assert!(line.contains(field), "{field}: {line}");
    }
    assert!(
        line.ends_with("; repeat them in the new entry to keep them"),
        "{line}"
    );
    // The new entry's prices, and no batch discount: nothing was merged.
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let m = &j["models"][0];
    assert_eq!(m["id"], "openai/gpt-4.1-mini", "{j}");
    assert_eq!(m["input"].as_f64(), Some(0.3));
    assert_eq!(m["batch_discount"], serde_json::Value::Null);
}

#[test]
fn a_new_model_in_a_user_sheet_warns_nothing() {
    let out = ftvp()
        .args(["prices", "tok/omni", "--pricing"])
        .arg(fixture("tokpricing"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
