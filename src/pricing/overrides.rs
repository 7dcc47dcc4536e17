//! A sheet that defines a model another sheet already defined replaces it
//! whole: nothing of the earlier entry is kept. So that a field the new
//! entry leaves out (an embedded model's `batch_discount`, say) is not lost
//! silently, the catalogue records each replacement with the fields it
//! dropped, and the commands warn about them.

use serde_json::Value;

use super::model::Model;

/// A model that a later sheet replaced, leaving out fields the earlier one had.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replaced {
    /// `PROVIDER/MODEL`.
    pub id: String,
    /// The sheet whose entry replaced it.
    pub by: String,
    /// The sheet whose entry was replaced.
    pub of: String,
    /// The fields the earlier entry had and the new one lacks, as sheet
    /// keys (`batch_discount`, `fine_tuning.hosting_per_hour`).
    pub dropped: Vec<String>,
}

impl Replaced {
    /// The warning: which entry replaced which, and what it dropped.
    pub fn message(&self) -> String {
        format!(
            "{}: {} replaces the entry of {} whole, without its {}; \
             repeat them in the new entry to keep them",
            self.by,
            self.id,
            self.of,
            self.dropped.join(", ")
        )
    }
}

/// What replacing `old` with `new` drops, or None when it drops nothing.
pub fn replaced(old: &Model, new: &Model) -> Option<Replaced> {
    let mut dropped = Vec::new();
    let (a, b) = (to_value(old), to_value(new));
    missing("", &a, &b, &mut dropped);
    (!dropped.is_empty()).then(|| Replaced {
        id: new.id.clone(),
        by: new.sheet.origin.clone(),
        of: old.sheet.origin.clone(),
        dropped,
    })
}

/// The model's fields as sheet keys: its prices and the lifecycle and
/// provenance fields that do not fall back to the sheet's own.
fn to_value(m: &Model) -> Value {
    let mut v = serde_json::to_value(&m.prices).unwrap_or(Value::Null);
    let meta = &m.meta;
    let extra = [
        ("released", meta.released.map(|d| d.to_string())),
        ("shutdown", meta.shutdown.map(|d| d.to_string())),
        ("lifecycle_source", meta.lifecycle_source.clone()),
        ("serving_class", meta.serving_class.clone()),
        ("routed_to", meta.routed.as_ref().map(|r| r.to.clone())),
        ("availability", meta.availability.map(|a| a.as_str().into())),
        ("derived", meta.derived.clone()),
        ("verified", (!meta.verified).then(|| "false".into())),
        ("changes", (!meta.changes.is_empty()).then(|| "…".into())),
    ];
    if let Value::Object(map) = &mut v {
        for (key, value) in extra {
            map.insert(key.into(), value.map_or(Value::Null, Value::String));
        }
    }
    v
}

/// Pushes the dotted paths under `prefix` that `old` has (not null, not an
/// empty list) and `new` lacks.
fn missing(prefix: &str, old: &Value, new: &Value, out: &mut Vec<String>) {
    let Value::Object(fields) = old else { return };
    for (key, value) in fields {
        let path = match prefix {
            "" => key.clone(),
            p => format!("{p}.{key}"),
        };
        let there = new.get(key).filter(|v| !absent(v));
        match (there, value) {
            (_, v) if absent(v) => {}
            (None, _) => out.push(path),
            (Some(n), Value::Object(_)) => missing(&path, value, n, out),
            _ => {}
        }
    }
}

fn absent(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use crate::pricing::Catalog;

    const FULL: &str = r#"
provider = "acme"
currency = "USD"
as_of = 2026-06-01
source = "https://example.com"

[models."small"]
released = 2026-01-15
input = 0.40
output = 1.60
cached_input = 0.10
batch_discount = 0.5

[models."small".fine_tuning]
training = 5.00
input = 0.80
output = 3.20
hosting_per_hour = 1.70

[models."other"]
input = 1.00
output = 2.00
"#;

    /// `small` without its released date, cached price, batch discount and
    /// hosting fee; `other` as it was.
    const BARE: &str = r#"
provider = "acme"
currency = "USD"
as_of = 2026-11-01
source = "https://example.com/mine"

[models."small"]
input = 0.45
output = 1.60

[models."small".fine_tuning]
training = 5.00
input = 0.80
output = 3.20

[models."other"]
input = 1.00
output = 2.00
"#;

    fn catalog(sheets: &[(&str, &str)]) -> Catalog {
        let mut c = Catalog::new();
        for (origin, text) in sheets {
            c.add_sheet(origin, text).unwrap();
        }
        c
    }

    #[test]
    fn a_replacing_entry_names_every_field_it_drops() {
        let c = catalog(&[("embedded:acme.toml", FULL), ("mine/acme.toml", BARE)]);
        let [r] = c.replaced() else {
            panic!("one replacement: {:?}", c.replaced())
        };
        assert_eq!(r.id, "acme/small");
        assert_eq!(
            r.dropped,
            [
                "batch_discount",
                "cached_input",
                "fine_tuning.hosting_per_hour",
                "released"
            ]
        );
        assert_eq!(
            r.message(),
            "mine/acme.toml: acme/small replaces the entry of embedded:acme.toml whole, \
             without its batch_discount, cached_input, fine_tuning.hosting_per_hour, released; \
             repeat them in the new entry to keep them"
        );
        // The new entry is what counts: nothing is merged.
        let m = c.resolve("acme/small").unwrap();
        assert_eq!(m.prices.batch_discount, None);
        assert_eq!(m.prices.input.to_string(), "0.45");
    }

    #[test]
    fn an_entry_that_keeps_every_field_or_adds_some_is_not_reported() {
        // other: same fields; BARE → FULL adds fields, drops none.
        let c = catalog(&[("a.toml", BARE), ("b.toml", FULL)]);
        assert!(c.replaced().is_empty(), "{:?}", c.replaced());
        let c = catalog(&[("a.toml", FULL), ("b.toml", FULL)]);
        assert!(c.replaced().is_empty());
    }
}
