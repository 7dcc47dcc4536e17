//! Price sheets: the embedded defaults, user folders that extend or override
//! them, and resolution of model ids (`PROVIDER/MODEL` or a bare `MODEL`).

mod sheet;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use jiff::civil::Date;

pub use sheet::{decimal_from_f64, FineTuning, LongContext, ModelPrices, Tokenizer};
pub(crate) use sheet::{locate, parse_toml};

/// The sheets shipped in `pricing/`, compiled into the binary.
pub const EMBEDDED: &[(&str, &str)] = &[
    (
        "anthropic.toml",
        include_str!("../../pricing/anthropic.toml"),
    ),
    ("azure.toml", include_str!("../../pricing/azure.toml")),
    (
        "fireworks.toml",
        include_str!("../../pricing/fireworks.toml"),
    ),
    ("google.toml", include_str!("../../pricing/google.toml")),
    ("openai.toml", include_str!("../../pricing/openai.toml")),
    ("together.toml", include_str!("../../pricing/together.toml")),
];

/// A sheet after `as_of` is older than this many days draws a warning.
pub const STALE_AFTER_DAYS: i32 = 180;

/// Errors while loading sheets or resolving model ids.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PricingError {
    /// A sheet that does not parse or validate; the message names file, position and key.
    #[error("{0}")]
    Invalid(String),
    /// A folder or file that cannot be read.
    #[error("cannot read price sheets from {path}: {reason}")]
    Unreadable {
        /// The folder or file.
        path: String,
        /// What the operating system said.
        reason: String,
    },
    /// A model id no loaded sheet defines.
    #[error("unknown model `{query}`{}", suggest(.suggestions))]
    UnknownModel {
        /// What was asked for.
        query: String,
        /// The closest known ids.
        suggestions: Vec<String>,
    },
    /// A bare model name that several providers define.
    #[error("model `{query}` is ambiguous: it is defined by {}; write PROVIDER/MODEL", .matches.join(", "))]
    Ambiguous {
        /// What was asked for.
        query: String,
        /// The ids that match.
        matches: Vec<String>,
    },
}

fn suggest(suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        "; `ftvp prices` lists the known models".to_string()
    } else {
        format!("; did you mean {}?", suggestions.join(", "))
    }
}

/// Where a sheet came from and what it says about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetInfo {
    /// `embedded:openai.toml` or the file's path.
    pub origin: String,
    /// The provider part of model ids.
    pub provider: String,
    /// Currency of every price in the sheet.
    pub currency: String,
    /// Date the prices were last checked against their source.
    pub as_of: Date,
    /// Where they were read.
    pub source: String,
}

impl SheetInfo {
    /// True when `as_of` lies more than [`STALE_AFTER_DAYS`] before `today`.
    pub fn is_stale(&self, today: Date) -> bool {
        today
            .since(self.as_of)
            .map(|span| span.get_days() > STALE_AFTER_DAYS)
            .unwrap_or(false)
    }
}

/// A priced model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Model {
    /// `PROVIDER/MODEL`.
    pub id: String,
    /// The model's name within its provider.
    pub name: String,
    /// Its prices.
    pub prices: ModelPrices,
    /// The sheet that defined it.
    pub sheet: Arc<SheetInfo>,
}

/// All loaded models, keyed by id; a later definition replaces an earlier one.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    models: BTreeMap<String, Model>,
}

impl Catalog {
    /// An empty catalog.
    pub fn new() -> Self {
        Self::default()
    }

    /// The shipped sheets.
    pub fn embedded() -> Result<Self, PricingError> {
        let mut catalog = Catalog::new();
        for (name, text) in EMBEDDED {
            catalog.add_sheet(&format!("embedded:{name}"), text)?;
        }
        Ok(catalog)
    }

    /// Parses and validates one sheet, adding (or replacing) its models.
    pub fn add_sheet(&mut self, origin: &str, text: &str) -> Result<(), PricingError> {
        let file: sheet::SheetFile = parse_toml(origin, text).map_err(PricingError::Invalid)?;
        let info = Arc::new(SheetInfo {
            origin: origin.to_string(),
            provider: file.provider,
            currency: file.currency,
            as_of: file.as_of,
            source: file.source,
        });
        for (name, prices) in file.models {
            if name.trim().is_empty() || name.chars().any(char::is_whitespace) {
                return Err(PricingError::Invalid(format!(
                    "{origin}: model name `{name}` must be non-empty and without spaces"
                )));
            }
            let id = format!("{}/{}", info.provider, name);
            let model = Model {
                id: id.clone(),
                name,
                prices,
                sheet: Arc::clone(&info),
            };
            self.models.insert(id, model);
        }
        Ok(())
    }

    /// Adds every `*.toml` file directly inside `dir`, in name order.
    pub fn add_dir(&mut self, dir: &Path) -> Result<(), PricingError> {
        let unreadable = |e: std::io::Error| PricingError::Unreadable {
            path: dir.display().to_string(),
            reason: e.to_string(),
        };
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .map_err(unreadable)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(unreadable)?
            .into_iter()
            .map(|entry| entry.path())
            .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "toml"))
            .collect();
        files.sort();
        for path in files {
            let text = std::fs::read_to_string(&path).map_err(|e| PricingError::Unreadable {
                path: path.display().to_string(),
                reason: e.to_string(),
            })?;
            self.add_sheet(&path.display().to_string(), &text)?;
        }
        Ok(())
    }

    /// Every model, sorted by id.
    pub fn models(&self) -> impl Iterator<Item = &Model> {
        self.models.values()
    }

    /// Finds a model by `PROVIDER/MODEL`, or by a bare `MODEL` that exactly one
    /// provider defines.
    pub fn resolve(&self, query: &str) -> Result<&Model, PricingError> {
        if let Some(model) = self.models.get(query) {
            return Ok(model);
        }
        let matches: Vec<&Model> = self.models().filter(|m| m.name == query).collect();
        match matches.as_slice() {
            [one] => Ok(one),
            [] => Err(PricingError::UnknownModel {
                query: query.to_string(),
                suggestions: self.closest(query),
            }),
            many => Err(PricingError::Ambiguous {
                query: query.to_string(),
                matches: many.iter().map(|m| m.id.clone()).collect(),
            }),
        }
    }

    /// Up to three ids that look most like `query`.
    fn closest(&self, query: &str) -> Vec<String> {
        let q = query.to_lowercase();
        let mut scored: Vec<(f64, &str)> = self
            .models()
            .map(|m| {
                let by_id = strsim::jaro_winkler(&q, &m.id.to_lowercase());
                let by_name = strsim::jaro_winkler(&q, &m.name.to_lowercase());
                (by_id.max(by_name), m.id.as_str())
            })
            .filter(|(score, _)| *score >= 0.8)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
        scored
            .into_iter()
            .take(3)
            .map(|(_, id)| id.to_string())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHEET: &str = r#"
provider = "acme"
currency = "USD"
as_of = 2026-06-01
source = "https://example.com/pricing"

[models."small"]
input = 0.40
output = 1.60

[models."small".fine_tuning]
training = 5.00
input = 0.80
output = 3.20
"#;

    fn err(text: &str) -> String {
        Catalog::new()
            .add_sheet("t.toml", text)
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn loads_a_sheet_with_exact_prices() {
        let mut c = Catalog::new();
        c.add_sheet("t.toml", SHEET).unwrap();
        let m = c.resolve("acme/small").unwrap();
        assert_eq!(m.prices.input.to_string(), "0.4");
        assert_eq!(
            m.prices.fine_tuning.as_ref().unwrap().output.to_string(),
            "3.2"
        );
        assert_eq!(c.resolve("small").unwrap().id, "acme/small");
    }

    #[test]
    fn rejects_unknown_keys_naming_file_line_and_key() {
        let e = err(&SHEET.replace("output = 1.60", "outptu = 1.60"));
        assert!(e.starts_with("t.toml:9:1: "), "{e}");
        assert!(e.contains("outptu"), "{e}");
    }

    #[test]
    fn rejects_negative_prices_and_bad_discounts() {
        let e = err(&SHEET.replace("input = 0.40", "input = -0.40"));
        assert!(e.contains("t.toml:8:") && e.contains("negative"), "{e}");
        assert!(e.contains("models.\"small\".input"), "{e}");
        let e = err(&SHEET.replace("output = 1.60", "output = 1.60\nbatch_discount = 1.5"));
        assert!(e.contains("batch_discount") && e.contains("0..1"), "{e}");
        let e = err(&SHEET.replace("input = 0.40", "input = nan"));
        assert!(e.contains("finite"), "{e}");
    }

    #[test]
    fn rejects_missing_keys_and_bad_header_fields() {
        let e = err(&SHEET.replace("output = 1.60\n", ""));
        assert!(e.contains("missing field `output`"), "{e}");
        let e = err(&SHEET.replace("currency = \"USD\"", "currency = \"dollars\""));
        assert!(e.contains("currency"), "{e}");
        let e = err(&SHEET.replace("as_of = 2026-06-01", "as_of = \"yesterday\""));
        assert!(e.contains("as_of"), "{e}");
        let e = err("provider = ");
        assert!(e.starts_with("t.toml:1:"), "{e}");
    }

    #[test]
    fn later_definitions_replace_earlier_ones() {
        let mut c = Catalog::new();
        c.add_sheet("a.toml", SHEET).unwrap();
        c.add_sheet("b.toml", &SHEET.replace("input = 0.40", "input = 0.50"))
            .unwrap();
        assert_eq!(
            c.resolve("acme/small").unwrap().prices.input.to_string(),
            "0.5"
        );
        assert_eq!(c.models().count(), 1);
    }

    #[test]
    fn ambiguous_and_unknown_names_are_explained() {
        let mut c = Catalog::new();
        c.add_sheet("a.toml", SHEET).unwrap();
        c.add_sheet("b.toml", &SHEET.replace("\"acme\"", "\"other\""))
            .unwrap();
        let e = c.resolve("small").unwrap_err().to_string();
        assert!(e.contains("acme/small, other/small"), "{e}");
        let e = c.resolve("smal").unwrap_err().to_string();
        assert!(e.contains("did you mean acme/small"), "{e}");
    }

    #[test]
    fn stale_is_more_than_180_days() {
        let info = SheetInfo {
            origin: String::new(),
            provider: String::new(),
            currency: "USD".into(),
            as_of: jiff::civil::date(2026, 1, 1),
            source: String::new(),
        };
        assert!(!info.is_stale(jiff::civil::date(2026, 6, 30))); // 180 days
        assert!(info.is_stale(jiff::civil::date(2026, 7, 1))); // 181 days
    }

    #[test]
    fn shipped_sheets_load_and_every_file_is_embedded() {
        let c = Catalog::embedded().unwrap();
        assert!(c.models().count() > 20);
        let mut on_disk: Vec<String> =
            std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/pricing"))
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".toml"))
                .collect();
        on_disk.sort();
        let embedded: Vec<String> = EMBEDDED.iter().map(|(n, _)| n.to_string()).collect();
        assert_eq!(on_disk, embedded);
    }
}
