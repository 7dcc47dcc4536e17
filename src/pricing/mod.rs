//! Price sheets: the embedded defaults, the user's folder and other folders
//! that extend or override them, resolution of model ids, GPU prices and
//! reference throughput, dated prices and lifecycle, `prices check`, and the
//! LiteLLM import.

pub mod check;
mod cut;
mod gpu;
pub mod import;
mod lifecycle;
mod load;
mod model;
mod number;
mod overrides;
mod position;
mod rates;
pub mod search_fields;
mod resolve;
pub mod serving;
mod sheet;
mod text;
mod write;

use std::collections::BTreeMap;
use std::sync::Arc;

use jiff::civil::Date;

pub use gpu::{gpu_name, Gpu};
pub use lifecycle::PriceChange;
#[cfg(feature = "internals")]
pub use lifecycle::{FineTuningChange, LongContextChange, MethodChange};
pub use load::{user_folder, user_tokenizer_folder, Layer, LoadPlan};
#[cfg(feature = "internals")]
pub use load::{read_sheet, sheet_paths, user_folder_from, MAX_SHEET_BYTES};
pub use model::Model;
#[cfg(feature = "internals")]
pub use model::Status;
#[cfg(feature = "internals")]
pub use number::decimal_from_f64;
pub use number::parse_decimal_text;
/// The TOML reader with one-line `file:line:col: key` errors, the position
/// finder behind it, and exact-decimal deserialisers, for other TOML inputs
/// (scenario files); not every caller uses all of them yet.
#[allow(unused_imports)]
pub(crate) use number::{literal_at, opt_price, price};
pub(crate) use position::locate;
pub(crate) use rates::opt_date;
#[cfg(feature = "internals")]
pub use overrides::Replaced;
pub use rates::{is_hf_name, FineTuning, ModelPrices, Tokenizer, TokenizerName};
#[cfg(feature = "internals")]
pub use rates::{LongContext, MethodKind, OffPeak, TrainingMethod};
pub use resolve::{fine_tuned_base, matches_provider, matches_query, strip_snapshot_date};
pub(crate) use sheet::parse_toml;
pub use text::{bound_message, humane as text_humane, quote};
#[cfg(feature = "internals")]
pub use model::Availability;
#[cfg(feature = "internals")]
pub use text::{clip, QUOTE_LIMIT};

/// The sheets shipped in `pricing/`, compiled into the binary.
pub const EMBEDDED: &[(&str, &str)] = &[
    (
        "anthropic.toml",
        include_str!("../../pricing/anthropic.toml"),
    ),
    ("aws.toml", include_str!("../../pricing/aws.toml")),
    ("azure.toml", include_str!("../../pricing/azure.toml")),
    ("deepseek.toml", include_str!("../../pricing/deepseek.toml")),
    (
        "fireworks.toml",
        include_str!("../../pricing/fireworks.toml"),
    ),
    ("gcp.toml", include_str!("../../pricing/gcp.toml")),
    ("google.toml", include_str!("../../pricing/google.toml")),
    ("lambda.toml", include_str!("../../pricing/lambda.toml")),
    ("nebius.toml", include_str!("../../pricing/nebius.toml")),
    ("openai.toml", include_str!("../../pricing/openai.toml")),
    (
        "prime-intellect.toml",
        include_str!("../../pricing/prime-intellect.toml"),
    ),
    (
        "runpod-community.toml",
        include_str!("../../pricing/runpod-community.toml"),
    ),
    (
        "runpod-secure.toml",
        include_str!("../../pricing/runpod-secure.toml"),
    ),
    ("tinker.toml", include_str!("../../pricing/tinker.toml")),
    ("together.toml", include_str!("../../pricing/together.toml")),
];

/// True when a shipped sheet of `provider` prices fine-tuning for some model.
pub fn ships_fine_tuning(provider: &str) -> bool {
    EMBEDDED
        .iter()
        .filter(|(name, _)| name.trim_end_matches(".toml") == provider)
        .any(|(_, text)| text.contains(".fine_tuning]"))
}

/// Prices checked longer ago than this many days draw a warning.
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
    /// A GPU id no loaded sheet lists.
    #[error("unknown GPU `{query}`; known: {}", .known.join(", "))]
    UnknownGpu {
        /// What was asked for.
        query: String,
        /// Every GPU id the sheets list.
        known: Vec<String>,
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
    /// Which layer of the load order the sheet belongs to.
    pub layer: Layer,
    /// The provider part of model ids.
    pub provider: String,
    /// Currency of every price in the sheet.
    pub currency: String,
    /// Date the sheet was last checked against its sources.
    pub as_of: Date,
    /// Where its prices were read.
    pub source: String,
    /// Provider-wide: the first day no new fine-tuning job starts.
    pub training_closes: Option<Date>,
}

impl SheetInfo {
    /// True when `as_of` lies more than [`STALE_AFTER_DAYS`] before `today`.
    /// Staleness is better judged per model: see [`Model::is_stale`].
    #[cfg(any(test, feature = "internals"))]
    pub fn is_stale(&self, today: Date) -> bool {
        today
            .since(self.as_of)
            .map(|span| span.get_days() > STALE_AFTER_DAYS)
            .unwrap_or(false)
    }
}

/// All loaded models and GPUs, keyed by id; a later definition replaces an
/// earlier one.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    models: BTreeMap<String, Model>,
    gpus: BTreeMap<String, Gpu>,
    sheets: Vec<Arc<SheetInfo>>,
    replaced: Vec<overrides::Replaced>,
}

impl Catalog {
    /// An empty catalog.
    pub fn new() -> Self {
        Self::default()
    }

    /// The shipped sheets.
    pub fn embedded() -> Result<Self, PricingError> {
        Catalog::embedded_of(None)
    }

    internal! {
        /// The shipped sheets of `providers` (all of them for `None`): a command
        /// that names every provider it uses parses only their sheets.
        fn embedded_of(providers: Option<&[String]>) -> Result<Self, PricingError> {
            let mut catalog = Catalog::new();
            for (name, text) in EMBEDDED {
                let provider = name.trim_end_matches(".toml");
                if providers.is_some_and(|p| !p.iter().any(|q| q == provider)) {
                    continue;
                }
                catalog.add_sheet_from(Layer::Embedded, &format!("embedded:{name}"), text)?;
            }
            Ok(catalog)
        }
    }

    internal! {
        /// [`Catalog::embedded_of`], each sheet cut to the models that `ids`
        /// (`PROVIDER/NAME`) name, exactly or as a snapshot of the family; the
        /// rest of a sheet (provider, dates, GPUs) is kept, and a sheet none of
        /// whose models is named is kept whole. Parsing a sheet is
        /// most of a `breakeven`'s time, and a command that names its models
        /// needs one or two of a sheet's dozens.
        fn embedded_models(
            providers: Option<&[String]>,
            ids: &[String],
        ) -> Result<Self, PricingError> {
            let mut catalog = Catalog::new();
            for (name, text) in EMBEDDED {
                let provider = name.trim_end_matches(".toml");
                if providers.is_some_and(|p| !p.iter().any(|q| q == provider)) {
                    continue;
                }
                let names: Vec<&str> = ids
                    .iter()
                    .filter_map(|id| id.strip_prefix(provider)?.strip_prefix('/'))
                    .flat_map(|n| [Some(n), strip_snapshot_date(n)])
                    .flatten()
                    .collect();
                // A routed model needs the model that serves it; that one is
                // parsed too, then left out again.
                let targets: Vec<&str> = cut::routed_targets(text, &names)
                    .into_iter()
                    .filter(|t| !names.contains(t))
                    .collect();
                let all: Vec<&str> = names.iter().chain(&targets).copied().collect();
                let cut = cut::to_models(text, &all);
                let text = cut.as_deref().unwrap_or(text);
                catalog.add_sheet_from(Layer::Embedded, &format!("embedded:{name}"), text)?;
                if cut.is_some() {
                    for t in targets {
                        catalog.models.remove(&format!("{provider}/{t}"));
                    }
                }
            }
            Ok(catalog)
        }
    }

    /// Parses and validates one sheet, adding (or replacing) its models.
    pub fn add_sheet(&mut self, origin: &str, text: &str) -> Result<(), PricingError> {
        self.add_sheet_from(Layer::Given, origin, text)
    }

    internal! {
        /// [`Catalog::add_sheet`] for a sheet of a given layer.
        fn add_sheet_from(
            &mut self,
            layer: Layer,
            origin: &str,
            text: &str,
        ) -> Result<(), PricingError> {
            let file = sheet::parse_sheet(origin, text).map_err(PricingError::Invalid)?;
            let info = Arc::new(SheetInfo {
                origin: origin.to_string(),
                layer,
                provider: file.provider,
                currency: file.currency,
                as_of: file.as_of,
                source: file.source,
                training_closes: file.training_closes,
            });
            let mut added = Vec::with_capacity(file.models.len());
            for (name, prices, meta) in file.models {
                let model = Model::new(name, prices, meta, Arc::clone(&info));
                added.push(model.id.clone());
                self.insert(model);
            }
            self.route(&added)?;
            for g in file.gpus {
                let gpu = Gpu {
                    id: format!("{}/{}", info.provider, g.name),
                    name: g.name,
                    per_hour: g.per_hour,
                    description: g.description,
                    sheet: Arc::clone(&info),
                    source: g.source,
                    checked: g.checked,
                };
                self.gpus.insert(gpu.id.clone(), gpu);
            }
            self.sheets.push(info);
            Ok(())
        }
    }

    /// Adds `model`, replacing the model of the same id; a replaced model of
    /// another sheet whose fields the new one leaves out is recorded.
    fn insert(&mut self, model: Model) {
        if let Some(old) = self.models.get(&model.id) {
            if old.sheet.origin != model.sheet.origin {
                self.replaced.extend(overrides::replaced(old, &model));
            }
        }
        self.models.insert(model.id.clone(), model);
    }

    internal! {
        /// The models a later sheet replaced whole, leaving out fields the
        /// earlier entry had, in load order.
        fn replaced(&self) -> &[overrides::Replaced] {
            &self.replaced
        }
    }

    /// Fills in the target prices of the routed models that `added` (the ids
    /// a sheet just defined) holds or routes to: a later sheet may replace the
    /// target, and the routed model then follows it.
    fn route(&mut self, added: &[String]) -> Result<(), PricingError> {
        let routed: Vec<(String, String)> = self
            .models
            .values()
            .filter_map(|m| {
                let (to, _) = m.routed()?;
                Some((m.id.clone(), format!("{}/{to}", m.sheet.provider)))
            })
            .filter(|(id, target)| added.contains(id) || added.contains(target))
            .collect();
        for (id, target) in routed {
            let t = self.models.get(&target).cloned();
            if let Some(m) = self.models.get_mut(&id) {
                m.route_to(t.as_ref()).map_err(PricingError::Invalid)?;
            }
        }
        Ok(())
    }

    internal! {
        /// Every model, sorted by id.
        fn models(&self) -> impl Iterator<Item = &Model> {
            self.models.values()
        }
    }

    internal! {
        /// Every sheet loaded, in load order (a replaced sheet stays listed).
        fn sheets(&self) -> &[Arc<SheetInfo>] {
            &self.sheets
        }
    }

    internal! {
        /// Every GPU price, sorted by id: what `ftvp prices --gpus` lists.
        fn gpus(&self) -> impl Iterator<Item = &Gpu> {
            self.gpus.values()
        }
    }

    internal! {
        /// The GPU `PROVIDER/GPU`, e.g. `fireworks/h100-80gb`.
        fn gpu(&self, id: &str) -> Result<&Gpu, PricingError> {
            self.gpus.get(id).ok_or_else(|| PricingError::UnknownGpu {
                query: quote(id),
                known: self.gpus.keys().cloned().collect(),
            })
        }
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
            layer: Layer::Given,
            training_closes: None,
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

    #[test]
    fn each_shipped_sheet_is_named_after_its_provider() {
        // Loading only the sheets of some providers relies on it.
        for (name, _) in EMBEDDED {
            let stem = name.trim_end_matches(".toml").to_string();
            let one = Catalog::embedded_of(Some(std::slice::from_ref(&stem))).unwrap();
            assert!(one.models().count() + one.gpus().count() > 0, "{name}");
            assert!(
                one.models().all(|m| m.id.starts_with(&format!("{stem}/"))),
                "{name}"
            );
            assert!(
                one.gpus().all(|g| g.id.starts_with(&format!("{stem}/"))),
                "{name}"
            );
        }
        let none = Catalog::embedded_of(Some(&[])).unwrap();
        assert_eq!(none.models().count(), 0);
    }
}
