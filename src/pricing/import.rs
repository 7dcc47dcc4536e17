//! `ftvp prices import litellm`: LiteLLM's community price map (USD per
//! token, one JSON object per model) turned into sheets of USD per 1M
//! tokens, exactly: every number is read from the JSON's decimal text and
//! scaled in decimal arithmetic, so 0.00000015 per token is 0.15 per 1M.
//!
//! Only providers with a fixed counterpart in ftvp are imported; regional
//! variants, non-chat modes and entries without per-token prices are skipped
//! and counted. A model ftvp already knows keeps what LiteLLM does not say
//! (training prices, lifecycle, hosting) and takes LiteLLM's inference prices.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use rust_decimal::Decimal;
use serde_json::value::RawValue;

use super::model::Meta;
use super::rates::{FineTuning, LongContext, ModelPrices, OffPeak};
use super::{parse_decimal_text, strip_snapshot_date, write, Catalog, Model, PricingError};

/// LiteLLM's provider names and the ftvp providers they map to.
pub const PROVIDERS: &[(&str, &str)] = &[
    ("openai", "openai"),
    ("anthropic", "anthropic"),
    ("gemini", "google"),
    ("azure", "azure"),
    ("deepseek", "deepseek"),
    ("mistral", "mistral"),
    ("fireworks_ai", "fireworks"),
    ("together_ai", "together"),
    ("xai", "xai"),
    ("groq", "groq"),
    ("cerebras", "cerebras"),
    ("cohere_chat", "cohere"),
    ("perplexity", "perplexity"),
    // Providers ftvp ships a sheet for (GPU prices), and the resellers users
    // price against, each as its own provider (issue 25).
    ("bedrock", "aws"),
    ("bedrock_converse", "aws"),
    ("vertex_ai", "gcp"),
    ("nebius", "nebius"),
    ("lambda_ai", "lambda"),
    ("openrouter", "openrouter"),
    ("deepinfra", "deepinfra"),
    ("dashscope", "alibaba"),
    // Other hosts and gateways that bill per token, each as its own provider.
    ("azure_ai", "azure-ai"),
    ("vercel_ai_gateway", "vercel"),
    ("novita", "novita"),
    ("oci", "oci"),
    ("replicate", "replicate"),
    ("cloudflare", "cloudflare"),
    ("watsonx", "watsonx"),
    ("databricks", "databricks"),
    ("moonshot", "moonshot"),
    ("sambanova", "sambanova"),
    ("snowflake", "snowflake"),
    ("gmi", "gmi"),
    ("hyperbolic", "hyperbolic"),
    ("wandb", "wandb"),
    ("ovhcloud", "ovhcloud"),
    ("nscale", "nscale"),
    ("scaleway", "scaleway"),
    ("zai", "zai"),
    ("anyscale", "anyscale"),
    ("baseten", "baseten"),
];

/// LiteLLM's Vertex AI providers are `vertex_ai` and `vertex_ai-<family>`
/// (`vertex_ai-language-models`, `vertex_ai-anthropic_models`, …).
fn mapped(provider: &str) -> Option<&'static str> {
    let family = match provider.split_once('-') {
        Some(("vertex_ai", _)) => "vertex_ai",
        _ => provider,
    };
    PROVIDERS
        .iter()
        .find(|(l, _)| *l == family)
        .map(|(_, f)| *f)
}

/// Bedrock's cross-region inference profiles (`us.anthropic.…`), priced per
/// geography like a regional variant.
/// (`global.` profiles route anywhere at the standard price and are kept.)
const BEDROCK_GEOGRAPHIES: &[&str] = &["us.", "eu.", "apac.", "au.", "jp.", "ca.", "us-gov."];

/// How many skipped providers the summary names; the rest count as `(others)`.
const MAX_SKIPPED_PROVIDERS: usize = 200;

/// LiteLLM modes priced per token like a chat model.
const CHAT_MODES: &[&str] = &["chat", "responses"];

/// The first line of every sheet the importer writes; a file without it is
/// someone's own sheet and is never overwritten.
pub const MARKER: &str = "# Written by `ftvp prices import litellm`";

/// The longest model name imported; longer keys are skipped as bad names
/// (a model id is typed on command lines and shown in tables).
const MAX_NAME_BYTES: usize = 200;

/// The most models one import writes (the real map has a few thousand):
/// every model takes at least three items of a sheet, which holds 200,000.
const MAX_MODELS: usize = 100_000;

/// Where the map comes from, for the sheets' `source`.
const MAP_SOURCE: &str =
    "https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json";

/// Why an entry of the map was not imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SkipReason {
    /// Its provider has no counterpart in ftvp.
    OtherProvider,
    /// A regional variant (`azure/us/…`), priced differently from the global one.
    Regional,
    /// Not a chat model (embeddings, images, audio, …).
    NotChat,
    /// No per-token input and output price.
    NoTokenPrice,
    /// A value that is not what LiteLLM documents (a price that is not a number, a bad date).
    Malformed,
    /// A name ftvp cannot use as a model id (spaces, control characters).
    BadName,
    /// Another entry of the map already gave this model id.
    Duplicate,
    /// An `ft:` entry whose base model is not in the import.
    FineTunedWithoutBase,
}

impl SkipReason {
    /// A few words for the summary.
    pub fn describe(self) -> &'static str {
        match self {
            SkipReason::OtherProvider => "provider not mapped to ftvp",
            SkipReason::Regional => "regional variant",
            SkipReason::NotChat => "not a chat model",
            SkipReason::NoTokenPrice => "no per-token price",
            SkipReason::Malformed => "malformed entry",
            SkipReason::BadName => "unusable model name",
            SkipReason::Duplicate => "duplicate of another entry",
            SkipReason::FineTunedWithoutBase => "fine-tuned entry without its base model",
        }
    }
}

/// One sheet to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedSheet {
    /// `litellm-<provider>.toml`.
    pub file_name: String,
    /// The ftvp provider.
    pub provider: String,
    /// The sheet's TOML text; it loads with the normal loader.
    pub text: String,
    /// How many models it holds.
    pub models: usize,
}

/// What the import did, against the sheets already loaded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Ids no loaded sheet had.
    pub added: Vec<String>,
    /// Ids whose prices (or shutdown) differ from the loaded ones.
    pub changed: Vec<String>,
    /// Each changed field of those ids: `(id, field, old, new)`, the values
    /// as sheets write them (`None`: absent).
    pub field_changes: Vec<(String, &'static str, Option<String>, Option<String>)>,
    /// Ids whose prices are the loaded ones.
    pub unchanged: Vec<String>,
    /// Entries not imported, counted by reason.
    pub skipped: BTreeMap<SkipReason, usize>,
    /// `ft:` entries whose prices were attached to a model.
    pub fine_tuned: usize,
    /// Entries of providers not mapped to ftvp, by LiteLLM provider.
    pub skipped_providers: BTreeMap<String, usize>,
}

impl Summary {
    fn skip(&mut self, why: SkipReason) {
        *self.skipped.entry(why).or_default() += 1;
    }
}

/// The sheets to write and the summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Import {
    /// One sheet per provider, sorted by file name.
    pub sheets: Vec<ImportedSheet>,
    /// Added, changed, unchanged and skipped.
    pub summary: Summary,
}

type Fields<'a> = BTreeMap<String, &'a RawValue>;

/// A JSON object's entries in order, repeated keys included.
struct Entries<'a>(Vec<(String, &'a RawValue)>);

impl<'de: 'a, 'a> serde::Deserialize<'de> for Entries<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> serde::de::Visitor<'de> for V<'a> {
            type Value = Entries<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut m: A,
            ) -> Result<Entries<'a>, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = m.next_entry::<String, &'de RawValue>()? {
                    out.push((k, v));
                }
                Ok(Entries(out))
            }
        }
        d.deserialize_map(V(std::marker::PhantomData))
    }
}

/// A parsed entry on its way to a sheet.
struct Entry {
    key: String,
    /// Written as `<litellm_provider>/…`.
    canonical: bool,
    prices: ModelPrices,
    shutdown: Option<Date>,
}

/// Converts LiteLLM's price map into sheets dated `as_of` (also every
/// imported model's `checked`), merged with the models `existing` already has.
pub fn import_litellm(
    json_text: &str,
    existing: &Catalog,
    as_of: Date,
) -> Result<Import, PricingError> {
    let Entries(map) = serde_json::from_str(json_text).map_err(|e| {
        PricingError::Invalid(format!(
            "LiteLLM price map: {}",
            super::text::bound_message(&e.to_string())
        ))
    })?;
    let mut summary = Summary::default();
    let mut entries: BTreeMap<(String, String), Entry> = BTreeMap::new();
    let mut fine_tuned: Vec<(String, Fields)> = Vec::new();
    let mut seen = std::collections::HashSet::with_capacity(map.len());
    for (key, raw) in &map {
        // JSON parsers disagree on a repeated key (most keep the last): the
        // first is kept, and each repeat counted.
        if !seen.insert(key.as_str()) {
            summary.skip(SkipReason::Duplicate);
            continue;
        }
        let Ok(Entries(list)) = serde_json::from_str::<Entries>(raw.get()) else {
            continue; // not a model (e.g. `last_updated`)
        };
        let fields: Fields = list.iter().map(|(k, v)| (k.clone(), *v)).collect();
        if fields.len() != list.len() {
            summary.skip(SkipReason::Malformed); // a field given twice
            continue;
        }
        match classify(key, &fields) {
            Err(SkipReason::OtherProvider) => {
                summary.skip(SkipReason::OtherProvider);
                let provider = text(&fields, "litellm_provider");
                let provider = provider.as_deref().unwrap_or("(none)");
                // A bounded list: a hostile map may name a provider per entry.
                let known = summary.skipped_providers.contains_key(provider);
                let name = match known || summary.skipped_providers.len() < MAX_SKIPPED_PROVIDERS {
                    true => super::text::quote(provider),
                    false => "(others)".to_string(),
                };
                *summary.skipped_providers.entry(name).or_default() += 1;
            }
            Err(why) => summary.skip(why),
            Ok(Kind::FineTuned) => fine_tuned.push((key.clone(), fields)),
            Ok(Kind::Model(provider, name)) => match entry(key, &fields) {
                Err(why) => summary.skip(why),
                Ok(e) => keep_one(&mut entries, (provider, name), e, &mut summary),
            },
        }
        // Stop early rather than hold models no sheet could carry.
        if entries.len() > MAX_MODELS {
            return Err(PricingError::Invalid(format!(
                "LiteLLM price map: more than {MAX_MODELS} models to import, more than its \
                 sheets could hold; nothing was written"
            )));
        }
    }
    for (key, fields) in fine_tuned {
        match attach_fine_tuned(&key, &fields, &mut entries) {
            Ok(()) => summary.fine_tuned += 1,
            Err(why) => summary.skip(why),
        }
    }
    let sheets = sheets(entries, existing, as_of, &mut summary);
    for sheet in &sheets {
        loadable(sheet, existing)?;
    }
    Ok(Import { sheets, summary })
}

/// Refuses a sheet the loader would refuse (above its size cap, or not
/// valid over the sheets it is laid on: a routed model's target may live
/// there), so that an import never leaves a sheet that breaks every later
/// command; nothing is written then.
fn loadable(sheet: &ImportedSheet, existing: &Catalog) -> Result<(), PricingError> {
    let len = sheet.text.len() as u64;
    if len > super::load::MAX_SHEET_BYTES {
        return Err(PricingError::Invalid(format!(
            "LiteLLM price map: the sheet {} would be {} MiB, above the {} MiB ftvp loads; \
             nothing was written (import a smaller map, or fewer providers' models)",
            sheet.file_name,
            len.div_ceil(1 << 20),
            super::load::MAX_SHEET_BYTES >> 20
        )));
    }
    existing
        .clone()
        .add_sheet(&sheet.file_name, &sheet.text)
        .map_err(|e| {
            PricingError::Invalid(format!(
                "LiteLLM price map: the sheet {} would not load ({e}); nothing was written",
                sheet.file_name
            ))
        })
}

/// Adds `e` unless another key already gave the same model id; of two
/// keys, the one written with LiteLLM's provider prefix (its canonical form,
/// e.g. `deepseek/deepseek-chat` over `deepseek-chat`) wins, else the first.
fn keep_one(
    entries: &mut BTreeMap<(String, String), Entry>,
    id: (String, String),
    e: Entry,
    summary: &mut Summary,
) {
    let replace = entries.get(&id).map(|old| e.canonical && !old.canonical);
    match replace {
        Some(false) => summary.skip(SkipReason::Duplicate),
        Some(true) => {
            summary.skip(SkipReason::Duplicate);
            entries.insert(id, e);
        }
        None => {
            entries.insert(id, e);
        }
    }
}

enum Kind {
    Model(String, String),
    FineTuned,
}

/// Which ftvp model an entry becomes, or why it is skipped.
fn classify(key: &str, fields: &Fields) -> Result<Kind, SkipReason> {
    let provider = text(fields, "litellm_provider").ok_or(SkipReason::OtherProvider)?;
    let ftvp = mapped(&provider).ok_or(SkipReason::OtherProvider)?;
    let mode = text(fields, "mode").unwrap_or_default();
    if !CHAT_MODES.contains(&mode.as_str()) {
        return Err(SkipReason::NotChat);
    }
    if key.starts_with("ft:") {
        return Ok(Kind::FineTuned);
    }
    let rest = key.strip_prefix(&format!("{provider}/")).unwrap_or(key);
    let rest = rest
        .strip_prefix("accounts/fireworks/models/")
        .unwrap_or(rest);
    let family = provider.split('-').next().unwrap_or_default();
    let rest = match ftvp {
        "aws" => rest.strip_prefix("bedrock/").unwrap_or(rest),
        "gcp" => rest.strip_prefix(&format!("{family}/")).unwrap_or(rest),
        _ => rest,
    };
    let regional = match ftvp {
        "azure" | "aws" | "gcp" => rest.contains('/'),
        _ => false,
    };
    if regional || (ftvp == "aws" && BEDROCK_GEOGRAPHIES.iter().any(|g| rest.starts_with(g))) {
        return Err(SkipReason::Regional);
    }
    let name = rest.rsplit('/').next().unwrap_or(rest).to_lowercase();
    let usable = !name.is_empty()
        && name.len() <= MAX_NAME_BYTES
        && !name
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || crate::format::is_invisible(c));
    if !usable {
        return Err(SkipReason::BadName);
    }
    Ok(Kind::Model(ftvp.to_string(), name))
}

fn text(fields: &Fields, key: &str) -> Option<String> {
    fields
        .get(key)
        .and_then(|raw| serde_json::from_str::<String>(raw.get()).ok())
}

/// A per-token price of `key` as per 1M tokens; `Ok(None)` when absent.
fn per_million(fields: &Fields, key: &str) -> Result<Option<Decimal>, SkipReason> {
    let Some(raw) = fields.get(key) else {
        return Ok(None);
    };
    let t = raw.get();
    if t == "null" {
        return Ok(None);
    }
    let per_token = parse_decimal_text(t).map_err(|_| SkipReason::Malformed)?;
    per_token
        .checked_mul(Decimal::from(1_000_000))
        .map(|d| Some(d.normalize()))
        .ok_or(SkipReason::Malformed)
}

/// A token count; LiteLLM sometimes writes one as `2000000.0`.
fn count(fields: &Fields, key: &str) -> Result<Option<u64>, SkipReason> {
    match fields.get(key).map(|r| r.get()) {
        None | Some("null") => Ok(None),
        Some(t) => parse_decimal_text(t)
            .ok()
            .filter(|d| d.fract().is_zero())
            .and_then(|d| u64::try_from(d).ok())
            .map(Some)
            .ok_or(SkipReason::Malformed),
    }
}

/// The prices and shutdown date of a model entry.
fn entry(key: &str, fields: &Fields) -> Result<Entry, SkipReason> {
    let input = per_million(fields, "input_cost_per_token")?;
    let output = per_million(fields, "output_cost_per_token")?;
    let (Some(input), Some(output)) = (input, output) else {
        return Err(SkipReason::NoTokenPrice);
    };
    let shutdown = match fields.get("deprecation_date").map(|r| r.get()) {
        None | Some("null") => None,
        // A date is a string; anything else (an integer) is not silently
        // dropped: the entry is malformed.
        Some(_) => {
            let d = text(fields, "deprecation_date").ok_or(SkipReason::Malformed)?;
            Some(d.parse::<Date>().map_err(|_| SkipReason::Malformed)?)
        }
    };
    let prices = ModelPrices {
        input,
        output,
        cached_input: per_million(fields, "cache_read_input_token_cost")?,
        cache_write: cache_write(fields, "cache_creation_input_token_cost")?,
        min_cacheable_tokens: count(fields, "prompt_cache_min_tokens")?,
        batch_discount: batch_discount(fields, input, output)?,
        // 0 is LiteLLM's "unknown", never a window of no tokens.
        context_window: count(fields, "max_input_tokens")?.filter(|&n| n > 0),
        tokenizer: None,
        fine_tuning: None,
        long_context: long_context(fields, output)?,
        batch_cached_input: None,
        off_peak: None,
    };
    let provider = text(fields, "litellm_provider").unwrap_or_default();
    Ok(Entry {
        key: key.to_string(),
        canonical: key.starts_with(&format!("{provider}/")),
        prices,
        shutdown,
    })
}

/// LiteLLM writes 0 where a provider bills no separate cache write; in a
/// sheet that would make every cache miss free, so 0 counts as absent.
fn cache_write(fields: &Fields, key: &str) -> Result<Option<Decimal>, SkipReason> {
    Ok(per_million(fields, key)?.filter(|d| !d.is_zero()))
}

/// `1 − batch/standard` when input and output give the same fraction in 0..1.
fn batch_discount(
    fields: &Fields,
    input: Decimal,
    output: Decimal,
) -> Result<Option<Decimal>, SkipReason> {
    let bi = per_million(fields, "input_cost_per_token_batches")?;
    let bo = per_million(fields, "output_cost_per_token_batches")?;
    let fraction = |batch: Decimal, standard: Decimal| {
        (!standard.is_zero())
            .then(|| batch.checked_div(standard))
            .flatten()
            .map(|r| (Decimal::ONE - r).normalize())
    };
    let (Some(bi), Some(bo)) = (bi, bo) else {
        return Ok(None);
    };
    Ok(match (fraction(bi, input), fraction(bo, output)) {
        (Some(a), Some(b)) if a == b && a > Decimal::ZERO && a < Decimal::ONE => Some(a),
        _ => None,
    })
}

/// The lowest `…_above_<N>k_tokens` tier that prices input.
fn long_context(fields: &Fields, base_output: Decimal) -> Result<Option<LongContext>, SkipReason> {
    let thresholds: BTreeSet<u64> = fields
        .keys()
        .filter_map(|k| k.strip_prefix("input_cost_per_token_above_"))
        .filter_map(|rest| rest.strip_suffix("k_tokens"))
        .filter_map(|n| n.parse().ok())
        .collect();
    let Some(&n) = thresholds.first() else {
        return Ok(None);
    };
    let at = |key: &str| per_million(fields, &format!("{key}_above_{n}k_tokens"));
    let Some(input) = at("input_cost_per_token")? else {
        return Ok(None);
    };
    Ok(Some(LongContext {
        above_input_tokens: n.checked_mul(1000).ok_or(SkipReason::Malformed)?,
        input,
        output: at("output_cost_per_token")?.unwrap_or(base_output),
        cached_input: at("cache_read_input_token_cost")?,
        cache_write: at("cache_creation_input_token_cost")?.filter(|d| !d.is_zero()),
    }))
}

/// Attaches an `ft:BASE` entry's prices to the OpenAI models BASE and its
/// undated alias, where the import has them.
fn attach_fine_tuned(
    key: &str,
    fields: &Fields,
    entries: &mut BTreeMap<(String, String), Entry>,
) -> Result<(), SkipReason> {
    let base = key.trim_start_matches("ft:").to_lowercase();
    let input = per_million(fields, "input_cost_per_token")?;
    let output = per_million(fields, "output_cost_per_token")?;
    let (Some(input), Some(output)) = (input, output) else {
        return Err(SkipReason::NoTokenPrice);
    };
    let cached = per_million(fields, "cache_read_input_token_cost")?;
    let names = [Some(base.as_str()), strip_snapshot_date(&base)];
    let mut attached = false;
    for name in names.into_iter().flatten() {
        if let Some(e) = entries.get_mut(&("openai".to_string(), name.to_string())) {
            e.prices.fine_tuning = Some(FineTuning {
                training: None,
                input,
                output,
                cached_input: cached,
                hosting_per_hour: None,
                min_training_cost: None,
                storage_per_month: None,
                methods: Vec::new(),
                training_closes: None,
                shutdown: None,
                dedicated_only: false,
            });
            attached = true;
        }
    }
    attached
        .then_some(())
        .ok_or(SkipReason::FineTunedWithoutBase)
}

/// Groups the entries into one sheet per provider, merged with `existing`.
fn sheets(
    entries: BTreeMap<(String, String), Entry>,
    existing: &Catalog,
    as_of: Date,
    summary: &mut Summary,
) -> Vec<ImportedSheet> {
    let mut by_provider: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for ((provider, name), e) in entries {
        let id = format!("{provider}/{name}");
        let known = existing.models.get(&id);
        let (prices, meta) = merge(&e, known, as_of);
        match known {
            None => summary.added.push(id),
            Some(k) if same_prices(&k.prices, &prices) && k.shutdown() == meta.shutdown => {
                summary.unchanged.push(id)
            }
            Some(k) => {
                let changes = field_changes(k, &prices, meta.shutdown);
                let each = changes.into_iter().map(|(f, old, new)| (id.clone(), f, old, new));
                summary.field_changes.extend(each);
                summary.changed.push(id)
            }
        }
        let text = write::model(&name, &prices, &meta, &format!("litellm:{}", e.key));
        by_provider.entry(provider).or_default().push(text);
    }
    by_provider
        .into_iter()
        .map(|(provider, models)| ImportedSheet {
            file_name: format!("litellm-{provider}.toml"),
            text: sheet_text(&provider, as_of, &models),
            models: models.len(),
            provider,
        })
        .collect()
}

/// The fields of `known` that the import changes, each with its old and new
/// value.
fn field_changes(
    known: &Model,
    new: &ModelPrices,
    shutdown: Option<Date>,
) -> Vec<(&'static str, Option<String>, Option<String>)> {
    let (old, text) = (&known.prices, |d: Option<Decimal>| d.map(|d| d.normalize().to_string()));
    let (oft, nft) = (old.fine_tuning.as_ref(), new.fine_tuning.as_ref());
    let fields = [
        ("input", text(Some(old.input)), text(Some(new.input))),
        ("output", text(Some(old.output)), text(Some(new.output))),
        ("cached_input", text(old.cached_input), text(new.cached_input)),
        ("cache_write", text(old.cache_write), text(new.cache_write)),
        ("batch_discount", text(old.batch_discount), text(new.batch_discount)),
        ("fine_tuning.training", text(oft.and_then(|f| f.training)), text(nft.and_then(|f| f.training))),
        ("fine_tuning.input", text(oft.map(|f| f.input)), text(nft.map(|f| f.input))),
        ("fine_tuning.output", text(oft.map(|f| f.output)), text(nft.map(|f| f.output))),
        (
            "shutdown",
            known.shutdown().map(|d| d.to_string()),
            shutdown.map(|d| d.to_string()),
        ),
    ];
    let count = |v: Option<u64>| v.map(|n| n.to_string());
    let lc = |v: &Option<LongContext>| v.as_ref().map(write::long_context_inline);
    let op = |v: &Option<OffPeak>| v.as_ref().map(write::off_peak_inline);
    let others = [
        ("context_window", count(old.context_window), count(new.context_window)),
        ("min_cacheable_tokens", count(old.min_cacheable_tokens), count(new.min_cacheable_tokens)),
        ("batch_cached_input", text(old.batch_cached_input), text(new.batch_cached_input)),
        ("long_context", lc(&old.long_context), lc(&new.long_context)),
        ("off_peak", op(&old.off_peak), op(&new.off_peak)),
    ];
    let mut out: Vec<_> = (fields.into_iter().chain(others).chain(tuned_fields(oft, nft)))
        .filter(|(_, o, n)| o != n)
        .collect();
    if out.is_empty() {
        // Another fine-tuning field (methods): the whole table, as a sheet writes it.
        let table = |f: Option<&FineTuning>| f.map(write::fine_tuning_inline);
        out.push(("fine_tuning", table(oft), table(nft)));
    }
    out
}

/// The fine-tuning fees and dates of the old and new table, as a sheet
/// writes them.
fn tuned_fields(
    old: Option<&FineTuning>,
    new: Option<&FineTuning>,
) -> [(&'static str, Option<String>, Option<String>); 6] {
    let text = |d: Option<Decimal>| d.map(|d| write::number(d.normalize()));
    let date = |d: Option<Date>| d.map(|d| d.to_string());
    let pair = |f: fn(&FineTuning) -> Option<Decimal>| (text(old.and_then(f)), text(new.and_then(f)));
    let day = |f: fn(&FineTuning) -> Option<Date>| (date(old.and_then(f)), date(new.and_then(f)));
    let [a, b, c, d] = [
        pair(|f| f.cached_input),
        pair(|f| f.hosting_per_hour),
        pair(|f| f.min_training_cost),
        pair(|f| f.storage_per_month),
    ];
    let [e, g] = [day(|f| f.training_closes), day(|f| f.shutdown)];
    [
        ("fine_tuning.cached_input", a.0, a.1),
        ("fine_tuning.hosting_per_hour", b.0, b.1),
        ("fine_tuning.min_training_cost", c.0, c.1),
        ("fine_tuning.storage_per_month", d.0, d.1),
        ("fine_tuning.training_closes", e.0, e.1),
        ("fine_tuning.shutdown", g.0, g.1),
    ]
}

/// Whether the merged prices are the known ones: the provider-wide
/// training cut-off that the merge copies into the model (its sheet does
/// not carry the provider's) is no change of price.
fn same_prices(known: &ModelPrices, merged: &ModelPrices) -> bool {
    let mut merged = merged.clone();
    if let (Some(m), Some(k)) = (merged.fine_tuning.as_mut(), known.fine_tuning.as_ref()) {
        m.training_closes = k.training_closes;
    }
    *known == merged
}

fn sheet_text(provider: &str, as_of: Date, models: &[String]) -> String {
    format!(
        "{MARKER} from LiteLLM's community price map (MIT licence).\n\
         # Prices are USD per 1M tokens, converted exactly from USD per token.\n\
         # Edit freely, but a new import replaces this file.\n\n{}\n{}",
        write::header(provider, "USD", as_of, MAP_SOURCE),
        models.iter().map(|m| format!("\n{m}")).collect::<String>()
    )
}

/// The imported entry over a known model: LiteLLM's inference prices
/// replace the known ones; what LiteLLM does not say is kept.
fn merge(e: &Entry, known: Option<&Model>, as_of: Date) -> (ModelPrices, Meta) {
    let mut meta = known.map(|k| k.meta.clone()).unwrap_or_default();
    meta.source = Some(format!("litellm:{}", e.key));
    meta.checked = Some(as_of);
    meta.shutdown = meta.shutdown.or(e.shutdown);
    let Some(k) = known else {
        return (e.prices.clone(), meta);
    };
    let new = &e.prices;
    let old = &k.prices;
    let prices = ModelPrices {
        input: new.input,
        output: new.output,
        cached_input: new.cached_input.or(old.cached_input),
        cache_write: new.cache_write.or(old.cache_write),
        min_cacheable_tokens: new.min_cacheable_tokens.or(old.min_cacheable_tokens),
        batch_discount: new.batch_discount.or(old.batch_discount),
        context_window: new.context_window.or(old.context_window),
        tokenizer: old.tokenizer.clone(),
        fine_tuning: merge_fine_tuning(new.fine_tuning.as_ref(), k),
        long_context: new
            .long_context
            .clone()
            .or_else(|| old.long_context.clone()),
        batch_cached_input: old.batch_cached_input,
        off_peak: old.off_peak.clone(),
    };
    (prices, meta)
}

/// Tuned-model inference prices from LiteLLM over the known table; the
/// provider-wide training cut-off of the known sheet becomes the model's own,
/// since the imported sheet does not carry it.
fn merge_fine_tuning(new: Option<&FineTuning>, known: &Model) -> Option<FineTuning> {
    let mut ft = match (new, &known.prices.fine_tuning) {
        (Some(n), Some(o)) => FineTuning {
            input: n.input,
            output: n.output,
            cached_input: n.cached_input.or(o.cached_input),
            ..o.clone()
        },
        (Some(n), None) => n.clone(),
        (None, o) => o.clone()?,
    };
    let cutoff = [known.sheet.training_closes, ft.training_closes]
        .into_iter()
        .flatten()
        .min();
    ft.training_closes = cutoff.filter(|&c| known.fine_tune_shutdown().is_none_or(|s| c <= s));
    Some(ft)
}

impl Import {
    /// Writes the sheets into `dir` (created if needed), each atomically.
    /// A file of the same name that the importer did not write is someone's
    /// own sheet: it is left alone and the write is refused.
    pub fn write_to(&self, dir: &Path) -> Result<Vec<PathBuf>, PricingError> {
        let fail = |path: &Path, e: std::io::Error| PricingError::Unreadable {
            path: super::text::escape_controls(&path.display().to_string()),
            reason: crate::files::plain(&e),
        };
        match std::fs::metadata(dir) {
            Ok(m) if !m.is_dir() => {
                return Err(PricingError::Unreadable {
                    path: super::text::escape_controls(&dir.display().to_string()),
                    reason: "not a folder".to_string(),
                })
            }
            Ok(_) => {}
            Err(_) => std::fs::create_dir_all(dir).map_err(|e| fail(dir, e))?,
        }
        let mut outputs = Vec::new();
        for s in &self.sheets {
            let path = dir.join(&s.file_name);
            refuse_foreign(&path)?;
            let out = crate::files::Output::open(&path, "prices import:")
                .map_err(PricingError::Invalid)?;
            outputs.push((path, out));
        }
        let mut written = Vec::new();
        for ((path, out), s) in outputs.into_iter().zip(&self.sheets) {
            out.write(s.text.as_bytes())
                .map_err(PricingError::Invalid)?;
            written.push(path);
        }
        Ok(written)
    }
}

/// Refuses to replace a file the importer did not write. Only its first
/// line is read, so an imported sheet that is too large or broken to load
/// can still be replaced by a new import.
fn refuse_foreign(path: &Path) -> Result<(), PricingError> {
    use std::io::Read;
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return Ok(());
    };
    let shown = super::text::escape_controls(&path.display().to_string());
    let unreadable = |reason: String| PricingError::Unreadable {
        path: shown.clone(),
        reason,
    };
    if !meta.is_file() {
        // Links, FIFOs and devices: the output policy names them.
        return Ok(());
    }
    let mut head = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MARKER.len() as u64).read_to_end(&mut head))
        .map_err(|e| unreadable(crate::files::plain(&e)))?;
    if head == MARKER.as_bytes() {
        return Ok(());
    }
    Err(unreadable(
        "not written by `ftvp prices import`; move it away or import with another output folder"
            .to_string(),
    ))
}
