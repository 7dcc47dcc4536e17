//! Reference serving throughput: published measurements of how many output
//! tokens per second a model class sustains on a GPU setup at a request
//! shape. Used only as an estimate when a user gives no throughput of their
//! own, and always named as such.
//!
//! Throughput depends on the shape of the requests far more than on anything
//! else, so the row chosen is the one whose shape is nearest the request's:
//! distance `|ln(in / in_row)| + |ln(out / out_row)|`, ties to the lower
//! tokens/s (the more careful estimate).

use std::cmp::Ordering;
use std::sync::OnceLock;

use rust_decimal::Decimal;
use serde::Deserialize;

use super::number::price;
use super::sheet::{parse_toml, SheetDate};
use super::text::{Name, Text};
use super::PricingError;
use crate::cost::Tokens;

/// The shipped reference file, compiled into the binary. It sits in its own
/// folder so that it is never loaded as a price sheet.
pub const REFERENCE: (&str, &str) = (
    "serving/reference.toml",
    include_str!("../../pricing/serving/reference.toml"),
);

/// One published measurement.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    /// The model class it stands for; models name it as `serving_class`.
    #[serde(deserialize_with = "name")]
    pub class: String,
    /// The GPU name (without provider), e.g. `h100-80gb`.
    #[serde(deserialize_with = "name")]
    pub gpu: String,
    /// GPUs one replica spans.
    pub gpus: u32,
    /// Input tokens per request of the measured workload.
    pub input_tokens: Tokens,
    /// Output tokens per request of the measured workload.
    pub output_tokens: Tokens,
    /// Output tokens per second across all concurrent requests of one replica.
    #[serde(
        deserialize_with = "price",
        serialize_with = "crate::format::exact_money::serialize"
    )]
    pub output_tokens_per_second: Decimal,
    /// Weight precision of the measured run, e.g. `fp8`.
    #[serde(default, deserialize_with = "opt_text")]
    pub precision: Option<String>,
    /// The model that was measured.
    #[serde(deserialize_with = "text")]
    pub model: String,
    /// Engine, concurrency and latency target of the run.
    #[serde(deserialize_with = "text")]
    pub setup: String,
    /// Where the figure was published, with its date.
    #[serde(deserialize_with = "text")]
    pub source: String,
}

fn name<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Name::deserialize(d).map(|n| n.0)
}

fn text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Text::deserialize(d).map(|t| t.0)
}

fn opt_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    text(d).map(Some)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReferenceFile {
    #[allow(dead_code)] // documents the file; rows carry their own sources
    as_of: SheetDate,
    rows: Vec<Reference>,
}

/// Parses a reference file; rows with zero tokens or GPUs are refused.
pub fn parse_reference(origin: &str, text: &str) -> Result<Vec<Reference>, PricingError> {
    let file: ReferenceFile = parse_toml(origin, text).map_err(PricingError::Invalid)?;
    for (i, r) in file.rows.iter().enumerate() {
        if r.gpus == 0 || r.input_tokens == 0 || r.output_tokens == 0 {
            return Err(PricingError::Invalid(format!(
                "{origin}: row {}: gpus, input_tokens and output_tokens must be at least 1",
                i + 1
            )));
        }
    }
    Ok(file.rows)
}

/// The shipped reference rows.
pub fn reference_rows() -> Result<&'static [Reference], PricingError> {
    static ROWS: OnceLock<Result<Vec<Reference>, PricingError>> = OnceLock::new();
    ROWS.get_or_init(|| parse_reference(&format!("embedded:{}", REFERENCE.0), REFERENCE.1))
        .as_ref()
        .map(Vec::as_slice)
        .map_err(Clone::clone)
}

/// The row for model class `class` on `gpus` × `gpu` whose shape is nearest
/// `input_tokens` → `output_tokens`, or `None` when no row fits the class,
/// GPU and GPU count. `gpu` may be given as `PROVIDER/GPU`. Token counts of
/// 0 count as 1 (a logarithm needs a positive number).
pub fn nearest<'a>(
    rows: &'a [Reference],
    class: &str,
    gpu: &str,
    gpus: u32,
    input_tokens: Tokens,
    output_tokens: Tokens,
) -> Option<&'a Reference> {
    let gpu = super::gpu_name(gpu);
    let shape = (input_tokens.max(1), output_tokens.max(1));
    rows.iter()
        .filter(|r| r.class == class && r.gpu == gpu && r.gpus == gpus)
        .min_by(|a, b| {
            compare_distance(shape, a, b)
                .then(a.output_tokens_per_second.cmp(&b.output_tokens_per_second))
        })
}

/// [`nearest`] among the shipped rows: the estimate for a model of `class`
/// on `gpus` × `gpu` at `input_tokens` → `output_tokens`. `None` when no row
/// fits (or, never in a tested build, when the shipped file does not parse).
pub fn nearest_shipped(
    class: &str,
    gpu: &str,
    gpus: u32,
    input_tokens: Tokens,
    output_tokens: Tokens,
) -> Option<&'static Reference> {
    let rows = reference_rows().ok()?;
    nearest(rows, class, gpu, gpus, input_tokens, output_tokens)
}

/// `e^distance` of a row as a fraction: the product of the larger over the
/// smaller token count, for input and for output.
fn ratio(shape: (Tokens, Tokens), r: &Reference) -> (u128, u128) {
    let (i, o) = shape;
    let part = |a: Tokens, b: Tokens| (a.max(b) as u128, a.min(b) as u128);
    let (ni, di) = part(i, r.input_tokens);
    let (no, d_o) = part(o, r.output_tokens);
    (ni * no, di * d_o)
}

/// Compares the two rows' distances exactly where the products fit, else by
/// their logarithms.
fn compare_distance(shape: (Tokens, Tokens), a: &Reference, b: &Reference) -> Ordering {
    let (na, da) = ratio(shape, a);
    let (nb, db) = ratio(shape, b);
    match (na.checked_mul(db), nb.checked_mul(da)) {
        (Some(x), Some(y)) => x.cmp(&y),
        _ => distance(shape, a).total_cmp(&distance(shape, b)),
    }
}

/// `|ln(in/in_row)| + |ln(out/out_row)|`, for display.
pub fn distance(shape: (Tokens, Tokens), r: &Reference) -> f64 {
    let ln = |a: Tokens, b: Tokens| ((a.max(1) as f64) / (b as f64)).ln().abs();
    ln(shape.0, r.input_tokens) + ln(shape.1, r.output_tokens)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(input: Tokens, output: Tokens, tps: i64) -> Reference {
        Reference {
            class: "dense-8b".into(),
            gpu: "h100-80gb".into(),
            gpus: 1,
            input_tokens: input,
            output_tokens: output,
            output_tokens_per_second: Decimal::from(tps),
            precision: None,
            model: "m".into(),
            setup: "s".into(),
            source: "x".into(),
        }
    }

    fn pick(rows: &[Reference], input: Tokens, output: Tokens) -> i64 {
        let r = nearest(rows, "dense-8b", "together/h100-80gb", 1, input, output).unwrap();
        r.output_tokens_per_second.try_into().unwrap()
    }

    #[test]
    fn the_nearest_shape_wins_by_log_distance() {
        let rows = [
            row(128, 128, 16542),
            row(128, 1024, 15103),
            row(1024, 128, 4129),
            row(2048, 2048, 3653),
            row(8192, 512, 787),
        ];
        assert_eq!(pick(&rows, 128, 128), 16542);
        assert_eq!(pick(&rows, 200, 300), 16542); // ln(200/128)+ln(300/128) < others
        assert_eq!(pick(&rows, 1500, 150), 4129); // ln(1.46)+ln(1.17) beats every other shape
        assert_eq!(pick(&rows, 6000, 600), 787);
        assert_eq!(pick(&rows, 0, 0), 16542);
    }

    #[test]
    fn an_exact_tie_goes_to_the_lower_throughput() {
        // 512 is 4× from 128 and 4× from 2048: the same distance both ways.
        let rows = [row(128, 128, 16542), row(2048, 128, 900)];
        assert_eq!(pick(&rows, 512, 128), 900);
        let rows = [row(2048, 128, 900), row(128, 128, 16542)];
        assert_eq!(pick(&rows, 512, 128), 900);
    }

    #[test]
    fn only_rows_of_the_class_gpu_and_gpu_count_fit() {
        let rows = [row(128, 128, 1)];
        assert!(nearest(&rows, "dense-70b", "h100-80gb", 1, 1, 1).is_none());
        assert!(nearest(&rows, "dense-8b", "h200-141gb", 1, 1, 1).is_none());
        assert!(nearest(&rows, "dense-8b", "h100-80gb", 2, 1, 1).is_none());
        assert!(nearest(&rows, "dense-8b", "h100-80gb", 1, 1, 1).is_some());
    }

    #[test]
    fn the_shipped_reference_loads() {
        let rows = reference_rows().unwrap();
        assert!(rows.len() >= 6);
        let r = nearest(rows, "dense-8b", "h100-80gb", 1, 8192, 512).unwrap();
        assert_eq!(r.input_tokens, 8192);
        let r = nearest_shipped("dense-8b", "fireworks/h100-80gb", 1, 8000, 600).unwrap();
        assert_eq!(r.output_tokens_per_second, Decimal::from(502));
    }
}
