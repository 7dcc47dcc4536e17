//! What one source says about a comparison: a scenario file, or the flags.
//! Plain state, every value optional ("not given here"); the sections are
//! the scenario schema (design §5), and the flags fill the same structure.
//! Values are checked one by one as they are read (a count is whole, a rate
//! lies in 0..1); how the two sources combine, and every check across
//! values, is [`Inputs::resolve`](super::Inputs::resolve)'s.

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;

use crate::cost::{Tokens, Usd, Verdict};
use crate::units::{parse_count, Reading, Rule};
use rust_decimal::prelude::ToPrimitive;

/// One source's inputs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Given {
    /// Requests over the period.
    #[serde(default, deserialize_with = "count")]
    pub volume: Option<u64>,
    /// The prompting path.
    #[serde(default)]
    pub base: Base,
    /// The fine-tuning candidates, in order.
    pub tuned: Option<Vec<Tuned>>,
    /// The shape of a request and how it is billed.
    #[serde(default)]
    pub request: Request,
    /// Training and the tuned path's other costs.
    #[serde(default)]
    pub training: Training,
    /// Traffic per month.
    #[serde(default)]
    pub horizon: Horizon,
    /// The rule of thumb's multiples.
    #[serde(default)]
    pub thresholds: ThresholdsGiven,
    /// The verdict a check expects.
    #[serde(default)]
    pub expect: Expect,
    /// Quality in the money: the base's success rate and the failure cost.
    #[serde(default)]
    pub quality: QualityGiven,
    /// The values given as ranges (their BASE is in the fields above).
    #[serde(skip)]
    pub ranges: Vec<super::ranges::GivenRange>,
    /// Measured usage that fills the inputs no other key gives.
    #[serde(default)]
    pub usage: UsageGiven,
}

/// `[usage]`: logs whose measurement fills volume per month, growth,
/// lengths and the cache hit rate (as `--usage` does).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UsageGiven {
    /// Usage files, relative to the scenario file.
    #[serde(default)]
    pub files: Vec<PathBuf>,
    /// The model whose requests are measured, as logged.
    #[serde(default, deserialize_with = "opt_text")]
    pub model: Option<String>,
}

/// What a command line gives beside its [`Given`]: values for every
/// candidate at once, or for each by position (a scenario file gives them
/// inside each `[[tuned]]`), and how the growth was written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extras {
    /// Fixed prompts of the tuned path.
    pub tuned_prompts: Vec<Tokens>,
    /// Files holding those prompts.
    pub tuned_prompt_files: Vec<PathBuf>,
    /// Output tokens of the tuned path.
    pub tuned_outputs: Vec<Tokens>,
    /// Reasoning tokens of the tuned path.
    pub tuned_reasonings: Vec<Tokens>,
    /// Training methods.
    pub tuned_methods: Vec<String>,
    /// Success rates of the tuned models on the user's eval set.
    pub tuned_successes: Vec<Decimal>,
    /// The flags given as ranges (their BASE is in the values).
    pub ranges: Vec<super::ranges::GivenRange>,
    /// How candidates are served.
    pub serve: Vec<Serve>,
    /// Dedicated serving, for every dedicated candidate or each by position
    /// among them.
    pub dedicated: DedicatedFlags,
    /// Whether the growth was written with a `%` sign: then a small value is
    /// meant as a percentage.
    pub growth_marked_percent: bool,
}

/// `[base]`: the model used with the engineered prompt.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Base {
    /// `PROVIDER/MODEL`, or a bare `MODEL` one sheet defines.
    #[serde(default, deserialize_with = "opt_text")]
    pub model: Option<String>,
    /// Fixed prompt tokens per request.
    #[serde(default, deserialize_with = "count")]
    pub prompt_tokens: Option<Tokens>,
    /// A file holding the engineered prompt (instead of `prompt_tokens`).
    #[serde(default, deserialize_with = "path")]
    pub prompt_file: Option<PathBuf>,
    /// Few-shot examples in the prompt (advisory notes only).
    #[serde(default, deserialize_with = "count")]
    pub few_shot: Option<u64>,
    /// Hidden reasoning tokens per request, billed as output (a reasoning model).
    #[serde(default, deserialize_with = "count")]
    pub reasoning_tokens: Option<Tokens>,
}

/// `[[tuned]]`: one fine-tuning candidate.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tuned {
    /// `PROVIDER/MODEL`.
    #[serde(deserialize_with = "text")]
    pub model: String,
    /// Fixed prompt tokens still sent to the tuned model (required, 0 for
    /// none, unless `prompt_file` is given).
    #[serde(default, deserialize_with = "count")]
    pub prompt_tokens: Option<Tokens>,
    /// A file holding that prompt (instead of `prompt_tokens`).
    #[serde(default, deserialize_with = "path")]
    pub prompt_file: Option<PathBuf>,
    /// Output tokens per request of the tuned model (default: the request's).
    #[serde(default, deserialize_with = "count")]
    pub output_tokens: Option<Tokens>,
    /// Hidden reasoning tokens per request of the tuned model, billed as output.
    #[serde(default, deserialize_with = "count")]
    pub reasoning_tokens: Option<Tokens>,
    /// The training method of this candidate (default: `[training] method`).
    #[serde(default, deserialize_with = "opt_text")]
    pub method: Option<String>,
    /// `per-token` (the default) or `dedicated`.
    pub serve: Option<Serve>,
    /// The tuned model's success rate on the user's eval set (0..1).
    #[serde(default, deserialize_with = "success")]
    pub success: Option<Decimal>,
    /// A dedicated candidate's GPU, `PROVIDER/GPU` from a sheet's `[gpus]`.
    #[serde(default, deserialize_with = "opt_text")]
    pub gpu: Option<String>,
    /// Or its price per GPU-hour (own hardware).
    #[serde(default, deserialize_with = "money")]
    pub gpu_hourly: Option<Usd>,
    /// GPUs one replica spans.
    #[serde(default, deserialize_with = "at_least_one")]
    pub gpus_per_replica: Option<u32>,
    /// Requests per second one replica sustains.
    #[serde(default, deserialize_with = "positive")]
    pub replica_rps: Option<Decimal>,
    /// Or output tokens per second one replica sustains.
    #[serde(default, deserialize_with = "positive")]
    pub replica_output_tps: Option<Decimal>,
    /// Share of the capacity planned for at peak (0 < headroom ≤ 1).
    #[serde(default, deserialize_with = "headroom")]
    pub headroom: Option<Decimal>,
    /// Peak request rate over the month's average (≥ 1).
    #[serde(default, deserialize_with = "peak_to_average")]
    pub peak_to_average: Option<Decimal>,
    /// Replicas kept up even without traffic.
    #[serde(default, deserialize_with = "replicas")]
    pub min_replicas: Option<u32>,
}

/// How a candidate is served.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Serve {
    /// At the fine-tuned model's per-token prices.
    #[default]
    PerToken,
    /// On GPUs rented by the hour, in replicas that step with the peak load.
    Dedicated,
}

impl Serve {
    /// The name used on the command line, in scenarios and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Serve::PerToken => "per-token",
            Serve::Dedicated => "dedicated",
        }
    }
}

/// The dedicated-serving flags: each given once for every dedicated
/// candidate, or once per dedicated candidate in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[allow(missing_docs)] // each field is the [[tuned]] key of the same name
pub struct DedicatedFlags {
    pub gpu: Vec<String>,
    pub gpu_hourly: Vec<Usd>,
    pub gpus_per_replica: Vec<u32>,
    pub replica_rps: Vec<Decimal>,
    pub replica_output_tps: Vec<Decimal>,
    pub headroom: Vec<Decimal>,
    pub peak_to_average: Vec<Decimal>,
    pub min_replicas: Vec<u32>,
}

/// `[request]`: tokens per request and billing, both paths.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Request {
    /// Variable input tokens per request.
    #[serde(default, deserialize_with = "count")]
    pub input_tokens: Option<Tokens>,
    /// Output tokens per request.
    #[serde(default, deserialize_with = "count")]
    pub output_tokens: Option<Tokens>,
    /// Share of requests whose fixed prompt is read from the cache (0..1).
    #[serde(default, deserialize_with = "share")]
    pub cache_hit_rate: Option<Decimal>,
    /// Whether requests go through the batch API.
    pub batch: Option<bool>,
    /// Share of requests sent in off-peak hours (0..1).
    #[serde(default, deserialize_with = "share")]
    pub off_peak_share: Option<Decimal>,
}

/// `[training]`: the one-time and recurring costs of the tuned path.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Training {
    /// Tokens of one epoch.
    #[serde(default, deserialize_with = "count")]
    pub tokens: Option<Tokens>,
    /// The training cost, given directly.
    #[serde(default, deserialize_with = "money")]
    pub cost: Option<Usd>,
    /// A chat fine-tuning file whose billed tokens give the cost.
    #[serde(default, deserialize_with = "path")]
    pub file: Option<PathBuf>,
    /// Passes over the training tokens.
    #[serde(default, deserialize_with = "at_least_one")]
    pub epochs: Option<u32>,
    /// Other one-time cost: data collection, labelling, evaluation (required,
    /// 0 for none).
    #[serde(default, deserialize_with = "money")]
    pub setup_cost: Option<Usd>,
    /// Months between retrainings.
    #[serde(default, deserialize_with = "months")]
    pub retrain_every_months: Option<u32>,
    /// Upkeep per month.
    #[serde(default, deserialize_with = "money")]
    pub maintenance_per_month: Option<Usd>,
    /// Training examples at hand (advisory notes only).
    #[serde(default, deserialize_with = "count")]
    pub examples: Option<u64>,
    /// The training method, where a sheet offers several (`lora-sft`, `full-sft`, …).
    #[serde(default, deserialize_with = "opt_text")]
    pub method: Option<String>,
}

impl Training {
    /// Whether this source says how training is priced (a cost, tokens or a
    /// file): such a source replaces the other's whole training group.
    pub fn prices_training(&self) -> bool {
        self.cost.is_some() || self.tokens.is_some() || self.file.is_some()
    }
}

/// `[horizon]`: traffic per month.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Horizon {
    /// The day the decision takes effect (default: today).
    #[serde(default, deserialize_with = "date")]
    pub start: Option<Date>,
    /// Requests in the first month.
    #[serde(default, deserialize_with = "count")]
    pub per_month: Option<u64>,
    /// Months in the horizon.
    #[serde(default, deserialize_with = "horizon_months")]
    pub months: Option<u32>,
    /// Monthly growth in percent (−100 or more).
    #[serde(default, deserialize_with = "growth")]
    pub growth_percent: Option<Decimal>,
}

/// `[thresholds]`: the rule of thumb's multiples.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThresholdsGiven {
    /// From this multiple of the break-even volume: `depends`.
    #[serde(default, deserialize_with = "multiple")]
    pub depends_at: Option<Decimal>,
    /// From this multiple: `fine-tune`.
    #[serde(default, deserialize_with = "multiple")]
    pub fine_tune_at: Option<Decimal>,
}

/// `[quality]`: quality in the money (design §16), with each `[[tuned]]`'s
/// `success`; all three or none.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QualityGiven {
    /// The prompting path's success rate on the user's eval set (0..1).
    #[serde(default, deserialize_with = "success")]
    pub base_success: Option<Decimal>,
    /// What one failed request costs.
    #[serde(default, deserialize_with = "money")]
    pub failure_cost: Option<Usd>,
}

/// `[expect]`: the verdict a check expects.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// `prompt`, `depends` or `fine-tune`.
    #[serde(default, deserialize_with = "verdict")]
    pub verdict: Option<Verdict>,
}

/// A scenario value where a number is expected, as the parser read it.
enum Number {
    Int(i64),
    /// An integer beyond 64 bits: out of range for anything ftvp computes.
    Huge(i128),
    Float(f64),
    Text(String),
    /// Any other type, kept for the message.
    Other(Other),
}

/// A value of another type than a number or a string.
enum Other {
    Bool(bool),
    Seq,
    Map,
    Unit,
}

impl Other {
    fn unexpected(&self) -> de::Unexpected<'_> {
        match *self {
            Other::Bool(b) => de::Unexpected::Bool(b),
            Other::Seq => de::Unexpected::Seq,
            Other::Map => de::Unexpected::Map,
            Other::Unit => de::Unexpected::Unit,
        }
    }
}

/// Reads any value as a [`Number`]; what was expected is said by
/// [`number`], which knows the key.
struct NumberVisitor;

impl<'de> Visitor<'de> for NumberVisitor {
    type Value = Number;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Number, E> {
        Ok(Number::Other(Other::Bool(v)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Number, E> {
        Ok(Number::Int(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Number, E> {
        Ok(i64::try_from(v).map_or(Number::Huge(v.into()), Number::Int))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Number, E> {
        Ok(Number::Huge(v))
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Number, E> {
        Ok(Number::Huge(i128::try_from(v).unwrap_or(i128::MAX)))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Number, E> {
        Ok(Number::Float(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Number, E> {
        Ok(Number::Text(v.to_string()))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Number, E> {
        Ok(Number::Other(Other::Unit))
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Number, A::Error> {
        while seq.next_element::<de::IgnoredAny>()?.is_some() {}
        Ok(Number::Other(Other::Seq))
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Number, A::Error> {
        while map
            .next_entry::<de::IgnoredAny, de::IgnoredAny>()?
            .is_some()
        {}
        Ok(Number::Other(Other::Map))
    }
}

/// [`Number`] with its position in the document.
struct Written(Number);

impl<'de> Deserialize<'de> for Written {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NumberVisitor).map(Written)
    }
}

/// A scenario number that ftvp can compute with.
enum Read {
    Int(i64),
    /// A float and its literal text, where the document is at hand.
    Float(f64, Option<String>),
    /// A string, where text such as `"5M"` is accepted.
    Text(String),
}

/// A number (or, where `text` is accepted, a string such as `"5M"`) and, for
/// a float, its literal text re-read from the document, so that `0.1` is
/// exactly 0.1 and `5.0` reads like the flag `5.0`. Other types, and integers
/// beyond 64 bits, are errors that say what was `expected`.
fn number<'de, D: Deserializer<'de>>(
    d: D,
    expected: &'static str,
    text: bool,
) -> Result<Read, D::Error> {
    let written = toml::Spanned::<Written>::deserialize(d)?;
    let literal = crate::pricing::literal_at(written.span());
    match written.into_inner().0 {
        Number::Other(other) => Err(de::Error::invalid_type(other.unexpected(), &expected)),
        Number::Text(s) if !text => {
            Err(de::Error::invalid_type(de::Unexpected::Str(&s), &expected))
        }
        Number::Huge(v) if v < 0 => Err(de::Error::custom(format!(
            "{} is negative; expected {expected}",
            literal.as_deref().unwrap_or("the value")
        ))),
        Number::Huge(_) => Err(de::Error::custom(format!(
            "{} is too large",
            literal.as_deref().unwrap_or("the value")
        ))),
        Number::Int(n) => Ok(Read::Int(n)),
        Number::Float(f) => Ok(Read::Float(f, literal)),
        Number::Text(s) => Ok(Read::Text(s)),
    }
}

/// The exact value of a float's literal text (`-2.5`, `1_000.25`, `1.5e-3`).
fn exact_float(literal: &str) -> Result<Decimal, String> {
    let (negative, digits) = match literal.trim().strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, literal.trim().trim_start_matches('+')),
    };
    let value = crate::pricing::parse_decimal_text(digits)?;
    Ok(if negative { -value } else { value })
}

const COUNT: &str = "a count such as 5000 or \"5M\"";

pub(super) fn count<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    let value = match number(d, COUNT, true)? {
        Read::Int(n) if n < 0 => Err(format!("{n} is negative; expected {COUNT}")),
        Read::Int(n) => Ok(n as u64),
        // A float reads as the same text would on the command line: `5000.0`
        // is 5000, `5.5` is not whole.
        Read::Float(_, Some(literal)) => parse_count(&literal),
        Read::Float(f, None) => Err(format!("{f} is not a whole number; expected {COUNT}")),
        Read::Text(s) if s.contains("..") => range_base(&s, Reading::Count)
            .map(|b| b.to_u64().unwrap_or(u64::MAX)),
        Read::Text(s) => parse_count(&s),
    };
    value.map(Some).map_err(de::Error::custom)
}

/// A range's BASE (the whole range is read again, by its input's rule,
/// from the file: [`super::ranges::of_scenario`]).
fn range_base(text: &str, reading: Reading) -> Result<Decimal, String> {
    let e = crate::units::parse_estimate(text, reading)?;
    Ok(e.map_or(Decimal::ZERO, |e| e.base))
}

fn decimal<'de, D: Deserializer<'de>>(d: D, expected: &'static str) -> Result<Decimal, D::Error> {
    let value = match number(d, expected, true)? {
        Read::Text(s) if s.contains("..") => range_base(&s, Reading::Decimal(Rule::Growth)),
        Read::Text(s) => {
            return Err(de::Error::invalid_type(de::Unexpected::Str(&s), &expected));
        }
        Read::Int(n) => Ok(Decimal::from(n)),
        Read::Float(f, _) if !f.is_finite() => Err(format!("{f} is not {expected}")),
        // Exactly the digits written, never through f64.
        Read::Float(_, Some(literal)) => exact_float(&literal),
        // The shortest text that reads back as the same float: `0.1` stays 0.1.
        Read::Float(f, None) => Decimal::from_str(&f.to_string())
            .or_else(|_| Decimal::from_scientific(&format!("{f:e}")))
            .map_err(|_| format!("{f} is out of range")),
    };
    value.map_err(de::Error::custom)
}

fn non_negative<'de, D: Deserializer<'de>>(
    d: D,
    expected: &'static str,
) -> Result<Decimal, D::Error> {
    let v = decimal(d, expected)?;
    if v.is_sign_negative() && !v.is_zero() {
        return Err(de::Error::custom(format!(
            "{v} is negative; expected {expected}"
        )));
    }
    Ok(v)
}

/// A decimal checked by `rule`, the flags' rule and message.
fn ruled<'de, D: Deserializer<'de>>(d: D, rule: Rule) -> Result<Option<Decimal>, D::Error> {
    let v = match rule {
        Rule::Growth => decimal(d, rule.expected())?,
        _ => non_negative(d, rule.expected())?,
    };
    rule.decimal(v).map(Some).map_err(de::Error::custom)
}

fn money<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Usd>, D::Error> {
    ruled(d, Rule::Money)
}

fn multiple<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
    ruled(d, Rule::Multiple)
}

fn success<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
    ruled(d, Rule::Success)
}

fn share<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
    ruled(d, Rule::Share)
}

fn positive<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
    ruled(d, Rule::Positive)
}

fn headroom<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
    ruled(d, Rule::Headroom)
}

fn peak_to_average<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
    ruled(d, Rule::PeakToAverage)
}

fn growth<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
    ruled(d, Rule::Growth)
}

/// A whole number checked by `rule`, the flags' rule and message.
fn whole_ruled<'de, D: Deserializer<'de>>(d: D, rule: Rule) -> Result<Option<u32>, D::Error> {
    let n = whole(d, rule.expected())?;
    rule.whole(n).map(Some).map_err(de::Error::custom)
}

fn replicas<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    whole_ruled(d, Rule::Replicas)
}

fn whole<'de, D: Deserializer<'de>>(d: D, expected: &'static str) -> Result<u64, D::Error> {
    match number(d, expected, false)? {
        Read::Int(n) if n >= 0 => Ok(n as u64),
        Read::Int(n) => Err(de::Error::custom(format!(
            "{n} is negative; expected {expected}"
        ))),
        _ => Err(de::Error::custom(format!("expected {expected}"))),
    }
}

fn at_least_one<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    whole_ruled(d, Rule::AtLeastOne)
}

fn months<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    whole_ruled(d, Rule::Months)
}

/// The horizon's months, or a range of them (`"6..12..24"`, its BASE here:
/// the range is read again by [`super::ranges::of_scenario`]).
fn horizon_months<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    let expected = Rule::Months.expected();
    let n = match number(d, expected, true)? {
        Read::Text(s) if s.contains("..") => range_base(&s, Reading::Decimal(Rule::Months))
            .map(|b| b.to_u64().unwrap_or(u64::MAX)),
        Read::Text(s) => return Err(de::Error::invalid_type(de::Unexpected::Str(&s), &expected)),
        Read::Int(n) if n >= 0 => Ok(n as u64),
        Read::Int(n) => Err(format!("{n} is negative; expected {expected}")),
        Read::Float(..) => Err(format!("expected {expected}")),
    };
    let n = n.map_err(de::Error::custom)?;
    Rule::Months.whole(n).map(Some).map_err(de::Error::custom)
}

fn date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
    let dt = toml::value::Datetime::deserialize(d)?;
    match (dt.date, dt.time) {
        (Some(day), None) => Date::new(day.year as i16, day.month as i8, day.day as i8)
            .map(Some)
            .map_err(|e| de::Error::custom(format!("invalid date {dt}: {e}"))),
        _ => Err(de::Error::custom(format!(
            "expected a plain date such as 2026-06-01, not {dt}"
        ))),
    }
}

fn verdict<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Verdict>, D::Error> {
    let s = String::deserialize(d)?;
    Verdict::parse(&s).map(Some).ok_or_else(|| {
        de::Error::custom(format!(
            "unknown verdict `{}`; expected prompt, depends or fine-tune",
            crate::format::quote(&s)
        ))
    })
}

/// A string without control characters: it ends up in messages and tables.
fn text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let s = String::deserialize(d)?;
    crate::format::refuse_control(&s, "names and paths must be plain text").map_err(de::Error::custom)?;
    Ok(s)
}

fn opt_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    text(d).map(Some)
}

fn path<'de, D: Deserializer<'de>>(d: D) -> Result<Option<PathBuf>, D::Error> {
    text(d).map(|s| Some(PathBuf::from(s)))
}
