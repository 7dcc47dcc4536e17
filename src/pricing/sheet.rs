//! The price-sheet file format: serde types and the validation
//! that runs while a sheet is parsed, so every error carries a position.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::{de, Deserialize, Deserializer, Serialize};

use crate::cost::{PerMillion, Tokens, Usd};

/// A BPE encoding that a model's tokens are counted with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum Tokenizer {
    /// OpenAI's encoding for GPT-4o, GPT-4.1, GPT-5 and o-series models.
    #[serde(rename = "o200k_base")]
    O200kBase,
    /// OpenAI's encoding for GPT-4 and GPT-3.5 models.
    #[serde(rename = "cl100k_base")]
    Cl100kBase,
}

impl Tokenizer {
    /// The encoding's name as written in sheets.
    pub fn as_str(self) -> &'static str {
        match self {
            Tokenizer::O200kBase => "o200k_base",
            Tokenizer::Cl100kBase => "cl100k_base",
        }
    }
}

/// One model's prices, all per 1M tokens in the sheet's currency.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ModelPrices {
    /// Input tokens.
    #[serde(
        deserialize_with = "price",
        serialize_with = "rust_decimal::serde::float::serialize"
    )]
    pub input: PerMillion,
    /// Output tokens.
    #[serde(
        deserialize_with = "price",
        serialize_with = "rust_decimal::serde::float::serialize"
    )]
    pub output: PerMillion,
    /// Input tokens read from the prompt cache.
    #[serde(
        default,
        deserialize_with = "opt_price",
        serialize_with = "rust_decimal::serde::float_option::serialize"
    )]
    pub cached_input: Option<PerMillion>,
    /// Tokens written to the prompt cache, where the provider bills writes.
    #[serde(
        default,
        deserialize_with = "opt_price",
        serialize_with = "rust_decimal::serde::float_option::serialize"
    )]
    pub cache_write: Option<PerMillion>,
    /// Shortest prompt the provider caches.
    #[serde(default)]
    pub min_cacheable_tokens: Option<Tokens>,
    /// Fraction off every per-token price with the provider's batch API.
    #[serde(
        default,
        deserialize_with = "opt_fraction",
        serialize_with = "rust_decimal::serde::float_option::serialize"
    )]
    pub batch_discount: Option<Decimal>,
    /// Input context window in tokens.
    #[serde(default)]
    pub context_window: Option<Tokens>,
    /// Encoding that counts this model's tokens, where it is public.
    #[serde(default)]
    pub tokenizer: Option<Tokenizer>,
    /// Present only if the model can be fine-tuned.
    #[serde(default)]
    pub fine_tuning: Option<FineTuning>,
    /// Prices for requests above a prompt size.
    #[serde(default)]
    pub long_context: Option<LongContext>,
}

/// Fine-tuning prices of a model.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FineTuning {
    /// Per 1M training tokens (tokens × epochs); absent where training is billed otherwise.
    #[serde(
        default,
        deserialize_with = "opt_price",
        serialize_with = "rust_decimal::serde::float_option::serialize"
    )]
    pub training: Option<PerMillion>,
    /// Input tokens on the fine-tuned model.
    #[serde(
        deserialize_with = "price",
        serialize_with = "rust_decimal::serde::float::serialize"
    )]
    pub input: PerMillion,
    /// Output tokens on the fine-tuned model.
    #[serde(
        deserialize_with = "price",
        serialize_with = "rust_decimal::serde::float::serialize"
    )]
    pub output: PerMillion,
    /// Cached input tokens on the fine-tuned model.
    #[serde(
        default,
        deserialize_with = "opt_price",
        serialize_with = "rust_decimal::serde::float_option::serialize"
    )]
    pub cached_input: Option<PerMillion>,
    /// Fee per hour to keep a fine-tuned deployment up.
    #[serde(
        default,
        deserialize_with = "opt_price",
        serialize_with = "rust_decimal::serde::float_option::serialize"
    )]
    pub hosting_per_hour: Option<Usd>,
    /// Per-job minimum charge for a training run.
    #[serde(
        default,
        deserialize_with = "opt_price",
        serialize_with = "rust_decimal::serde::float_option::serialize"
    )]
    pub min_training_cost: Option<Usd>,
}

impl FineTuning {
    /// The hourly hosting fee, when it is more than zero.
    pub fn hosting_fee(&self) -> Option<Usd> {
        self.hosting_per_hour.filter(|h| !h.is_zero())
    }
}

/// Prices that apply when a request's prompt + input exceed a size.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LongContext {
    /// Prompt + input tokens above which the tier applies.
    pub above_input_tokens: Tokens,
    /// Input tokens in the tier.
    #[serde(
        deserialize_with = "price",
        serialize_with = "rust_decimal::serde::float::serialize"
    )]
    pub input: PerMillion,
    /// Output tokens in the tier.
    #[serde(
        deserialize_with = "price",
        serialize_with = "rust_decimal::serde::float::serialize"
    )]
    pub output: PerMillion,
    /// Cached input tokens in the tier.
    #[serde(
        default,
        deserialize_with = "opt_price",
        serialize_with = "rust_decimal::serde::float_option::serialize"
    )]
    pub cached_input: Option<PerMillion>,
}

/// A whole sheet file as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SheetFile {
    #[serde(deserialize_with = "provider_name")]
    pub provider: String,
    #[serde(deserialize_with = "currency_code")]
    pub currency: String,
    #[serde(deserialize_with = "date")]
    pub as_of: Date,
    #[serde(deserialize_with = "non_empty")]
    pub source: String,
    #[serde(default)]
    pub models: BTreeMap<String, ModelPrices>,
}

/// A non-negative, finite decimal taken from the number's shortest text, so
/// that `0.40` in a sheet is exactly 0.40 in the arithmetic.
pub fn decimal_from_f64(value: f64) -> Result<Decimal, String> {
    if !value.is_finite() {
        return Err(format!("{value} is not a finite number"));
    }
    if value < 0.0 {
        return Err(format!("{value} is negative; it must be 0 or more"));
    }
    let d =
        Decimal::from_str(&value.to_string()).map_err(|_| format!("{value} is out of range"))?;
    if d.is_zero() && value != 0.0 {
        return Err(format!(
            "{value} is too small to compute with (28 decimal places at most)"
        ));
    }
    Ok(d)
}

fn price<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
    decimal_from_f64(f64::deserialize(d)?).map_err(de::Error::custom)
}

fn opt_price<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
    price(d).map(Some)
}

fn opt_fraction<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
    let v = price(d)?;
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
            "provider `{s}` must be a non-empty name of letters, digits, `-`, `_` or `.`"
        )));
    }
    Ok(s)
}

fn non_empty<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let s = String::deserialize(d)?;
    if s.trim().is_empty() {
        return Err(de::Error::custom("must say where the prices were read"));
    }
    Ok(s)
}

fn currency_code<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let s = String::deserialize(d)?;
    if s.len() != 3 || !s.chars().all(|c| c.is_ascii_uppercase()) {
        return Err(de::Error::custom(format!(
            "currency `{s}` must be a three-letter code such as USD"
        )));
    }
    Ok(s)
}

fn date<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
    let dt = toml::value::Datetime::deserialize(d)?;
    match (dt.date, dt.time) {
        (Some(day), None) => Date::new(day.year as i16, day.month as i8, day.day as i8)
            .map_err(|e| de::Error::custom(format!("invalid date {dt}: {e}"))),
        _ => Err(de::Error::custom(format!(
            "as_of must be a plain date such as 2026-06-01, not {dt}"
        ))),
    }
}

/// Where a TOML error sits: `line:column` and the dotted key it concerns.
pub(crate) struct Position {
    pub line: usize,
    pub column: usize,
    pub key: Option<String>,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// Finds the line, column and key of a byte offset in TOML text. The key is
/// rebuilt from the last `[table]` header and the `key =` on the line, which
/// is enough to point a reader at the culprit.
pub(crate) fn locate(text: &str, offset: usize) -> Position {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    let this_line = text[line_start..].lines().next().unwrap_or("");
    let table = before[..line_start]
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('['))
        .map(|l| l.trim_matches(|c| c == '[' || c == ']').trim().to_string());
    let key = this_line
        .split_once('=')
        .map(|(k, _)| k.trim().to_string())
        .filter(|k| !k.is_empty() && !k.starts_with('['));
    let key = match (table, key) {
        (Some(t), Some(k)) => Some(format!("{t}.{k}")),
        (None, Some(k)) => Some(k),
        (Some(t), None) => Some(t),
        (None, None) => None,
    };
    Position { line, column, key }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Parses TOML text into `T`, turning errors into one line:
/// `ORIGIN:LINE:COL: key `KEY`: MESSAGE`.
pub(crate) fn parse_toml<T: de::DeserializeOwned>(origin: &str, text: &str) -> Result<T, String> {
    toml::from_str(text).map_err(|e: toml::de::Error| {
        let message = e.message().trim().replace('\n', " ");
        match e.span() {
            Some(span) => {
                let pos = locate(text, span.start);
                match pos.key {
                    Some(ref key) => format!("{origin}:{pos}: key `{key}`: {message}"),
                    None => format!("{origin}:{pos}: {message}"),
                }
            }
            None => format!("{origin}: {message}"),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_keeps_the_written_digits() {
        assert_eq!(decimal_from_f64(0.4).unwrap().to_string(), "0.4");
        assert_eq!(decimal_from_f64(1.875).unwrap().to_string(), "1.875");
        assert_eq!(decimal_from_f64(0.025).unwrap().to_string(), "0.025");
        assert!(decimal_from_f64(-1.0).is_err());
        assert!(decimal_from_f64(f64::NAN).is_err());
        assert!(decimal_from_f64(f64::INFINITY).is_err());
    }

    #[test]
    fn locate_reports_line_column_and_key() {
        let text = "provider = \"x\"\n[models.\"a\"]\ninput = -1\n";
        let off = text.find("-1").unwrap();
        let pos = locate(text, off);
        assert_eq!((pos.line, pos.column), (3, 9));
        assert_eq!(pos.key.as_deref(), Some("models.\"a\".input"));
    }
}
