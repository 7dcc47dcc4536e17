//! The price-sheet file format: serde types for the file as written, and the
//! validation that runs while a sheet is parsed, so every error carries a
//! position. Prices are read from their decimal text ([`super::number`]).

use std::collections::BTreeMap;
use std::ops::Range;

use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::{de, Deserialize, Deserializer};
use toml::Spanned;

use super::lifecycle::{FineTuningChange, LongContextChange, PriceChange};
use super::model::{Availability, Meta, Routing};
use super::number::{self, opt_price, price};
use super::position::locate;
use super::rates::{
    FineTuning, LongContext, MethodKind, ModelPrices, OffPeak, TokenizerName, TrainingMethod,
};
use super::text::{bound_message, quote, Name, Text};
use crate::cost::{PerMillion, Tokens};

fn opt_fraction<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
    let v = number::decimal(d)?;
    if v >= Decimal::ONE {
        return Err(de::Error::custom(format!(
            "{v} is not a discount fraction in 0..1 (write 0.5 for 50% off)"
        )));
    }
    Ok(Some(v))
}

fn provider_name<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let s = String::deserialize(d)?;
    let ok = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if !ok {
        return Err(de::Error::custom(format!(
            "provider `{}` must be a non-empty name of letters, digits, `-`, `_` or `.`",
            quote(&s)
        )));
    }
    Ok(s)
}

fn non_empty<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let Text(s) = Text::deserialize(d)?;
    if s.trim().is_empty() {
        return Err(de::Error::custom("must say where the prices were read"));
    }
    Ok(s)
}

fn opt_non_empty<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    non_empty(d).map(Some)
}

fn currency_code<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let s = String::deserialize(d)?;
    if s.len() != 3 || !s.chars().all(|c| c.is_ascii_uppercase()) {
        return Err(de::Error::custom(format!(
            "currency `{}` must be a three-letter code such as USD",
            quote(&s)
        )));
    }
    Ok(s)
}

/// A plain calendar date as TOML writes it (`2026-06-01`, unquoted).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct SheetDate(pub Date);

impl<'de> Deserialize<'de> for SheetDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let dt = toml::value::Datetime::deserialize(d)?;
        match (dt.date, dt.time, dt.offset) {
            (Some(day), None, None) => Date::new(day.year as i16, day.month as i8, day.day as i8)
                .map(SheetDate)
                .map_err(|e| de::Error::custom(format!("invalid date {dt}: {e}"))),
            _ => Err(de::Error::custom(format!(
                "must be a plain date such as 2026-06-01, not {dt}"
            ))),
        }
    }
}

type Dated = Option<Spanned<SheetDate>>;

/// A whole sheet file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SheetFile {
    #[serde(deserialize_with = "provider_name")]
    provider: String,
    #[serde(deserialize_with = "currency_code")]
    currency: String,
    as_of: SheetDate,
    #[serde(deserialize_with = "non_empty")]
    source: String,
    #[serde(default)]
    training_closes: Option<SheetDate>,
    #[serde(default)]
    models: BTreeMap<Spanned<Name>, RawModel>,
    #[serde(default)]
    gpus: BTreeMap<Spanned<Name>, RawGpu>,
}

/// One `[models."…"]` table as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawModel {
    #[serde(deserialize_with = "price")]
    input: PerMillion,
    #[serde(deserialize_with = "price")]
    output: PerMillion,
    #[serde(default, deserialize_with = "opt_price")]
    cached_input: Option<PerMillion>,
    #[serde(default, deserialize_with = "opt_price")]
    cache_write: Option<PerMillion>,
    #[serde(default)]
    min_cacheable_tokens: Option<Tokens>,
    #[serde(default, deserialize_with = "opt_fraction")]
    batch_discount: Option<Decimal>,
    #[serde(default)]
    context_window: Option<Tokens>,
    #[serde(default)]
    tokenizer: Option<TokenizerName>,
    #[serde(default)]
    fine_tuning: Option<RawFineTuning>,
    #[serde(default)]
    long_context: Option<RawLongContext>,
    #[serde(default)]
    released: Dated,
    #[serde(default)]
    shutdown: Dated,
    #[serde(default)]
    checked: Dated,
    #[serde(default, deserialize_with = "opt_non_empty")]
    source: Option<String>,
    #[serde(default, deserialize_with = "opt_non_empty")]
    lifecycle_source: Option<String>,
    #[serde(default)]
    serving_class: Option<Name>,
    #[serde(default)]
    changes: Vec<RawChange>,
    #[serde(default, deserialize_with = "opt_price")]
    batch_cached_input: Option<PerMillion>,
    #[serde(default)]
    off_peak: Option<RawOffPeak>,
    #[serde(default)]
    routed_to: Option<Spanned<Name>>,
    #[serde(default)]
    routed_from: Dated,
    #[serde(default)]
    verified: Option<Spanned<bool>>,
    #[serde(default)]
    availability: Option<Availability>,
    #[serde(default, deserialize_with = "opt_non_empty")]
    derived: Option<String>,
    #[serde(default)]
    params: Option<Spanned<super::search_fields::ParamCount>>,
    #[serde(default)]
    active_params: Option<Spanned<super::search_fields::ParamCount>>,
    #[serde(default)]
    family: Option<Name>,
    #[serde(default)]
    successor: Option<Spanned<Name>>,
    #[serde(default)]
    successor_source: Option<Spanned<Text>>,
}

/// `off_peak = { discount = 0.5, hours_utc = "16:30-00:30" }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOffPeak {
    #[serde(deserialize_with = "fraction")]
    discount: Decimal,
    hours_utc: Text,
}

fn fraction<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
    opt_fraction(d).map(|v| v.unwrap_or_default())
}

/// How a fine-tuned model is served (`fine_tuning.serve`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum RawServe {
    PerToken,
    Dedicated,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFineTuning {
    #[serde(default, deserialize_with = "opt_price")]
    training: Option<PerMillion>,
    #[serde(default)]
    serve: Option<RawServe>,
    #[serde(default, deserialize_with = "opt_price")]
    input: Option<PerMillion>,
    #[serde(default, deserialize_with = "opt_price")]
    output: Option<PerMillion>,
    #[serde(default, deserialize_with = "opt_price")]
    cached_input: Option<PerMillion>,
    #[serde(default, deserialize_with = "opt_price")]
    hosting_per_hour: Option<PerMillion>,
    #[serde(default, deserialize_with = "opt_price")]
    min_training_cost: Option<PerMillion>,
    #[serde(default, deserialize_with = "opt_price")]
    storage_per_month: Option<PerMillion>,
    #[serde(default)]
    methods: Option<BTreeMap<Spanned<Name>, RawMethod>>,
    #[serde(default)]
    training_closes: Dated,
    #[serde(default)]
    shutdown: Dated,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMethod {
    kind: MethodKind,
    #[serde(deserialize_with = "price")]
    training: PerMillion,
    #[serde(default, deserialize_with = "opt_price")]
    min_training_cost: Option<PerMillion>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLongContext {
    above_input_tokens: Tokens,
    #[serde(deserialize_with = "price")]
    input: PerMillion,
    #[serde(deserialize_with = "price")]
    output: PerMillion,
    #[serde(default, deserialize_with = "opt_price")]
    cached_input: Option<PerMillion>,
    #[serde(default, deserialize_with = "opt_price")]
    cache_write: Option<PerMillion>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChange {
    from: Spanned<SheetDate>,
    #[serde(default, deserialize_with = "opt_price")]
    input: Option<PerMillion>,
    #[serde(default, deserialize_with = "opt_price")]
    output: Option<PerMillion>,
    #[serde(default, deserialize_with = "opt_price")]
    cached_input: Option<PerMillion>,
    #[serde(default, deserialize_with = "opt_price")]
    cache_write: Option<PerMillion>,
    #[serde(default)]
    fine_tuning: Option<FineTuningChange>,
    #[serde(default)]
    long_context: Option<LongContextChange>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGpu {
    #[serde(deserialize_with = "price")]
    per_hour: PerMillion,
    #[serde(default)]
    description: Option<Text>,
    #[serde(default, deserialize_with = "opt_non_empty")]
    source: Option<String>,
    #[serde(default)]
    checked: Dated,
}

/// A sheet after parsing and validation.
#[derive(Debug)]
pub(crate) struct ParsedSheet {
    pub provider: String,
    pub currency: String,
    pub as_of: Date,
    pub source: String,
    pub training_closes: Option<Date>,
    pub models: Vec<(String, ModelPrices, Meta)>,
    pub gpus: Vec<ParsedGpu>,
}

/// One `[gpus."…"]` table after validation.
#[derive(Debug)]
pub(crate) struct ParsedGpu {
    pub name: String,
    pub per_hour: Decimal,
    pub description: Option<String>,
    pub source: Option<String>,
    pub checked: Option<Date>,
}

/// An error at `span` of `text`, in the one-line form of [`parse_toml`].
struct Located<'a> {
    origin: &'a str,
    text: &'a str,
}

impl Located<'_> {
    fn at(&self, span: Range<usize>, message: &str) -> String {
        let pos = locate(self.text, span.start);
        match pos.key {
            Some(ref key) => format!("{}:{pos}: key `{key}`: {message}", self.origin),
            None => format!("{}:{pos}: {message}", self.origin),
        }
    }
}

/// Parses and validates one sheet.
pub(crate) fn parse_sheet(origin: &str, text: &str) -> Result<ParsedSheet, String> {
    let file: SheetFile = parse_toml(origin, text)?;
    let here = Located { origin, text };
    let as_of = file.as_of.0;
    let mut models = Vec::with_capacity(file.models.len());
    for (name, raw) in file.models {
        let span = name.span();
        let name = name.into_inner().0;
        let (prices, meta) = model(&here, span, raw, as_of)?;
        models.push((name, prices, meta));
    }
    let mut gpus = Vec::with_capacity(file.gpus.len());
    for (name, raw) in file.gpus {
        let checked = not_after(&here, raw.checked, as_of, "checked")?;
        gpus.push(ParsedGpu {
            name: name.into_inner().0,
            per_hour: raw.per_hour,
            description: raw.description.map(|t| t.0),
            source: raw.source,
            checked,
        });
    }
    Ok(ParsedSheet {
        provider: file.provider,
        currency: file.currency,
        as_of,
        source: file.source,
        training_closes: file.training_closes.map(|d| d.0),
        models,
        gpus,
    })
}

/// A date that may not lie after the sheet's `as_of`.
fn not_after(here: &Located, date: Dated, as_of: Date, key: &str) -> Result<Option<Date>, String> {
    match date {
        Some(d) if d.get_ref().0 > as_of => Err(here.at(
            d.span(),
            &format!("{key} {} is after the sheet's as_of {as_of}", d.get_ref().0),
        )),
        d => Ok(d.map(|d| d.into_inner().0)),
    }
}

fn day(d: &Dated) -> Option<Date> {
    d.as_ref().map(|d| d.get_ref().0)
}

/// Validates one model table and splits it into prices and the rest.
fn model(
    here: &Located,
    span: Range<usize>,
    raw: RawModel,
    as_of: Date,
) -> Result<(ModelPrices, Meta), String> {
    let released = day(&raw.released);
    if let (Some(r), Some(s)) = (released, &raw.shutdown) {
        if s.get_ref().0 < r {
            let msg = format!("shutdown {} is before released {r}", s.get_ref().0);
            return Err(here.at(s.span(), &msg));
        }
    }
    let shutdown = day(&raw.shutdown);
    let routed = routing(here, &raw, released, shutdown)?;
    let checked = not_after(here, raw.checked, as_of, "checked")?;
    let verified = match raw.verified {
        Some(v) if !*v.get_ref() && raw.source.is_none() => {
            let msg = "verified = false needs the model's own `source` (the third-party page)";
            return Err(here.at(v.span(), msg));
        }
        v => v.is_none_or(|v| *v.get_ref()),
    };
    let fine_tuning = match raw.fine_tuning {
        Some(ft) => Some(fine_tuning(here, span.clone(), ft, shutdown)?),
        None => None,
    };
    let prices = ModelPrices {
        input: raw.input,
        output: raw.output,
        cached_input: raw.cached_input,
        cache_write: raw.cache_write,
        min_cacheable_tokens: raw.min_cacheable_tokens,
        batch_discount: raw.batch_discount,
        context_window: raw.context_window,
        tokenizer: raw.tokenizer,
        fine_tuning,
        long_context: raw.long_context.map(|l| LongContext {
            above_input_tokens: l.above_input_tokens,
            input: l.input,
            output: l.output,
            cached_input: l.cached_input,
            cache_write: l.cache_write,
        }),
        batch_cached_input: raw.batch_cached_input,
        off_peak: raw.off_peak.map(|o| OffPeak {
            discount: o.discount,
            hours_utc: o.hours_utc.0,
        }),
    };
    if let (Some(_), None) = (prices.batch_cached_input, prices.batch_discount) {
        return Err(here.at(span, "batch_cached_input needs batch_discount"));
    }
    let changes = changes(here, raw.changes, released, &prices)?;
    let search = super::search_fields::SearchFields::check(
        |span, message| here.at(span, message),
        super::search_fields::RawSearchFields {
            params: raw.params,
            active_params: raw.active_params,
            family: raw.family.map(|n| n.0),
            successor: raw.successor,
            successor_source: raw.successor_source,
        },
    )?;
    let meta = Meta {
        released,
        shutdown,
        checked,
        source: raw.source,
        lifecycle_source: raw.lifecycle_source,
        serving_class: raw.serving_class.map(|n| n.0),
        changes,
        routed,
        verified,
        availability: raw.availability,
        derived: raw.derived,
        search,
    };
    Ok((prices, meta))
}

/// `routed_to` and `routed_from`, given together: from that day the model is
/// served by another model of the same sheet's provider at its prices.
fn routing(
    here: &Located,
    raw: &RawModel,
    released: Option<Date>,
    shutdown: Option<Date>,
) -> Result<Option<Routing>, String> {
    let (to, from) = match (&raw.routed_to, &raw.routed_from) {
        (None, None) => return Ok(None),
        (Some(to), Some(from)) => (to, from),
        (Some(to), None) => return Err(here.at(to.span(), "routed_to needs routed_from")),
        (None, Some(from)) => return Err(here.at(from.span(), "routed_from needs routed_to")),
    };
    let day = from.get_ref().0;
    if let Some(r) = released.filter(|&r| day < r) {
        return Err(here.at(
            from.span(),
            &format!("routed_from {day} is before released {r}"),
        ));
    }
    if let Some(s) = shutdown.filter(|&s| s <= day) {
        let msg = format!("routed_from {day} is not before the shutdown {s}");
        return Err(here.at(from.span(), &msg));
    }
    Ok(Some(Routing {
        to: to.get_ref().0.clone(),
        from: day,
        target: None,
    }))
}

/// Validates a fine-tuning table: one pricing form, and a training cut-off
/// no later than the fine-tune's own shutdown.
fn fine_tuning(
    here: &Located,
    span: Range<usize>,
    raw: RawFineTuning,
    model_shutdown: Option<Date>,
) -> Result<FineTuning, String> {
    let methods = match raw.methods {
        Some(m) => methods(
            here,
            span.clone(),
            m,
            raw.training.is_some(),
            raw.min_training_cost,
        )?,
        None => Vec::new(),
    };
    let shutdown = day(&raw.shutdown);
    if let (Some(closes), Some(end)) = (&raw.training_closes, shutdown.or(model_shutdown)) {
        if closes.get_ref().0 > end {
            let msg = format!(
                "training_closes {} is after the fine-tune shutdown {end}",
                closes.get_ref().0
            );
            return Err(here.at(closes.span(), &msg));
        }
    }
    let dedicated_only = raw.serve == Some(RawServe::Dedicated);
    let (input, output) = match (dedicated_only, raw.input, raw.output) {
        (false, Some(i), Some(o)) => (i, o),
        (false, i, _) => {
            let key = if i.is_none() { "input" } else { "output" };
            return Err(here.at(
                span,
                &format!(
                    "fine_tuning: missing field `{key}` (a fine-tune served per token needs it; \
                     write serve = \"dedicated\" where tuned models are served only on dedicated GPUs)"
                ),
            ));
        }
        (true, None, None) if raw.hosting_per_hour.is_none() && raw.cached_input.is_none() => {
            (Decimal::ZERO, Decimal::ZERO)
        }
        (true, ..) => {
            return Err(here.at(
                span,
                "fine_tuning: serve = \"dedicated\" bills GPU-hours, not tokens; \
                 remove input, output, cached_input and hosting_per_hour",
            ));
        }
    };
    let mut ft = FineTuning {
        training: raw.training,
        input,
        output,
        cached_input: raw.cached_input,
        hosting_per_hour: raw.hosting_per_hour,
        min_training_cost: raw.min_training_cost,
        storage_per_month: raw.storage_per_month,
        methods,
        training_closes: day(&raw.training_closes),
        shutdown,
        dedicated_only,
    };
    ft.refresh_default();
    Ok(ft)
}

fn methods(
    here: &Located,
    span: Range<usize>,
    raw: BTreeMap<Spanned<Name>, RawMethod>,
    has_training: bool,
    table_minimum: Option<Decimal>,
) -> Result<Vec<TrainingMethod>, String> {
    let Some(first) = raw.keys().next() else {
        return Err(here.at(span, "fine_tuning.methods lists no method"));
    };
    if has_training {
        return Err(here.at(
            first.span(),
            "give either fine_tuning.training or fine_tuning.methods, not both",
        ));
    }
    Ok(raw
        .into_iter()
        .map(|(name, m)| TrainingMethod {
            name: name.into_inner().0,
            kind: m.kind,
            training: m.training,
            min_training_cost: m.min_training_cost.or(table_minimum),
        })
        .collect())
}

/// The most dated changes of one model (real sheets list a few); each is
/// a ledger period, so more would only make every command slower.
pub const MAX_CHANGES: usize = 1_000;

/// Validates the dated changes and sorts them by date.
fn changes(
    here: &Located,
    raw: Vec<RawChange>,
    released: Option<Date>,
    prices: &ModelPrices,
) -> Result<Vec<PriceChange>, String> {
    if let Some(excess) = raw.get(MAX_CHANGES) {
        return Err(here.at(
            excess.from.span(),
            &format!(
                "{} dated changes; ftvp accepts at most {MAX_CHANGES} per model",
                raw.len()
            ),
        ));
    }
    let mut out: Vec<PriceChange> = Vec::with_capacity(raw.len());
    let mut dates = std::collections::HashSet::with_capacity(raw.len());
    for c in raw {
        let span = c.from.span();
        let from = c.from.into_inner().0;
        if !dates.insert(from) {
            return Err(here.at(span, &format!("two changes from {from}")));
        }
        if let Some(r) = released.filter(|&r| from < r) {
            return Err(here.at(span, &format!("change from {from} is before released {r}")));
        }
        let change = PriceChange {
            from,
            input: c.input,
            output: c.output,
            cached_input: c.cached_input,
            cache_write: c.cache_write,
            fine_tuning: c.fine_tuning,
            long_context: c.long_context,
        };
        if let Some(why) = change.conflict(prices) {
            return Err(here.at(span, &why));
        }
        out.push(change);
    }
    out.sort_by_key(|c| c.from);
    Ok(out)
}

/// The most keys, values, tables and arrays one TOML file may hold: the
/// parser builds the whole document before ftvp sees any of it, at a few
/// hundred bytes an item, so a 16 MiB file of tiny tables would take a
/// gigabyte. 200,000 keeps any file near 100 MB.
pub const MAX_TOML_ITEMS: usize = 200_000;

/// The byte offset where `text` passes [`MAX_TOML_ITEMS`], counting the
/// characters that precede an item (`=`, `,`, `[`) outside strings and
/// comments; `None` within the cap. Every key has its `=`, every value in an
/// array its `,` or `[` (an inline table's `{` needs neither: `{` alone is
/// a syntax error the parser reports at once). An over-count at worst.
fn beyond_item_cap(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let (mut i, mut items) = (0, 0usize);
    while i < bytes.len() {
        match bytes[i] {
            b'#' => i = memchr::memchr(b'\n', &bytes[i..]).map_or(bytes.len(), |n| i + n),
            q @ (b'"' | b'\'') => {
                let triple = bytes[i..].starts_with(&[q, q, q]);
                i = string_end(bytes, i, q, triple);
                continue;
            }
            b'=' | b',' | b'[' => {
                items += 1;
                if items > MAX_TOML_ITEMS {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Where the string opened at `start` by `q` (tripled when `triple`) ends:
/// just past its closing quote, or the end of the text.
fn string_end(bytes: &[u8], start: usize, q: u8, triple: bool) -> usize {
    let open = if triple { 3 } else { 1 };
    let mut i = start + open;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\\' && q == b'"' {
            i += 2;
            continue;
        }
        if b == b'\n' && !triple {
            return i; // an unclosed basic string: the parser will say so
        }
        if b == q && (!triple || bytes[i..].starts_with(&[q, q, q])) {
            return i + open;
        }
        i += 1;
    }
    bytes.len()
}

/// Parses TOML text into `T`, turning errors into one line:
/// `ORIGIN:LINE:COL: key `KEY`: MESSAGE`. Numbers deserialised with
/// [`price`] are read from their decimal text; quoted values in the message
/// are bounded and escaped.
pub(crate) fn parse_toml<T: de::DeserializeOwned>(origin: &str, text: &str) -> Result<T, String> {
    if let Some(at) = beyond_item_cap(text) {
        let message = format!(
            "more than {MAX_TOML_ITEMS} keys, values, tables and arrays; ftvp reads at most that \
             many in one file (a real sheet has a few thousand)"
        );
        // Not `locate`: it parses the document to name the key.
        let before = &text[..at];
        let line = memchr::memchr_iter(b'\n', before.as_bytes()).count() + 1;
        let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
            .chars()
            .count()
            + 1;
        return Err(format!("{origin}:{line}:{column}: {message}"));
    }
    number::with_source(text, || toml::from_str(text)).map_err(|e: toml::de::Error| {
        let message = bound_message(&super::text::humane(e.message().trim())).replace('\n', " ");
        match e.span() {
            Some(span) => Located { origin, text }.at(span, &message),
            None => format!("{origin}: {message}"),
        }
    })
}
