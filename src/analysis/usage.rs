//! `ftvp.usage/1`: what `ftvp usage` reports of a measurement — per model
//! and month the requests, mean and percentile lengths, cached and batch
//! shares, with the exact totals they come from; per model the growth; the
//! records left out, by reason.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::usage::measure::rounded;
use crate::usage::{Fraction, Measurement, MonthStats};

/// The schema name of [`UsageReport`].
pub const USAGE_SCHEMA: &str = "ftvp.usage/1";

/// The `ftvp.usage/1` document.
#[derive(Debug, Clone, Serialize)]
pub struct UsageReport {
    /// Always [`USAGE_SCHEMA`].
    pub schema: &'static str,
    /// The files read.
    pub files: Vec<FileEntry>,
    /// First and last day covered (UTC), when any.
    pub first_day: Option<String>,
    /// See `first_day`.
    pub last_day: Option<String>,
    /// Requests counted, all models shown.
    pub requests: u64,
    /// Records that could not be used, by reason.
    pub skipped: BTreeMap<&'static str, u64>,
    /// Records left out by rule, by reason.
    pub excluded: BTreeMap<&'static str, u64>,
    /// Per model.
    pub models: Vec<ModelEntry>,
}

/// One file read.
#[derive(Debug, Clone, Serialize)]
pub struct FileEntry {
    /// As named.
    pub file: String,
    /// The format found.
    pub format: &'static str,
    /// Bytes read.
    pub bytes: u64,
}

/// One model.
#[derive(Debug, Clone, Serialize)]
pub struct ModelEntry {
    /// The model as logged.
    pub model: String,
    /// Monthly growth in percent over complete months; null under 3.
    pub growth_percent: Option<f64>,
    /// Its months.
    pub months: Vec<MonthEntry>,
}

/// One model in one month.
#[derive(Debug, Clone, Serialize)]
pub struct MonthEntry {
    pub model: String,
    pub month: String,
    pub requests: u64,
    /// Whether the logs cover every day of the month.
    pub complete: bool,
    pub days_covered: u32,
    pub input_tokens_mean: f64,
    pub input_p50: Option<u64>,
    pub input_p90: Option<u64>,
    pub output_mean: f64,
    pub output_p50: Option<u64>,
    pub output_p90: Option<u64>,
    /// The width in tokens of the range of lengths each input percentile
    /// stands for: 1 when exact; past 131,072 distinct lengths in a month a
    /// power of two, the percentile the range's middle. Null without
    /// percentiles.
    pub input_length_resolution: Option<u64>,
    /// As `input_length_resolution`, for the output percentiles.
    pub output_length_resolution: Option<u64>,
    pub reasoning_mean: Option<f64>,
    pub cached_share: Option<f64>,
    pub batch_share: Option<f64>,
    /// The exact totals the means and shares divide.
    pub input_tokens: u128,
    pub cached_input_tokens: Option<u128>,
    pub output_tokens: u128,
    pub reasoning_tokens: Option<u128>,
    pub batch_requests: Option<u128>,
}

/// Places means and shares are rounded to in the report.
const MEAN_PLACES: i32 = 2;
const SHARE_PLACES: i32 = 6;

impl MonthEntry {
    fn of(m: &MonthStats) -> MonthEntry {
        let mean = |f: Fraction| rounded(f, MEAN_PLACES);
        let share = |f: Fraction| rounded(f, SHARE_PLACES);
        MonthEntry {
            model: m.model.clone(),
            month: m.month.to_string(),
            requests: m.requests,
            complete: m.complete,
            days_covered: m.days_covered,
            input_tokens_mean: mean(m.input_mean),
            input_p50: m.input_p50,
            input_p90: m.input_p90,
            output_mean: mean(m.output_mean),
            output_p50: m.output_p50,
            output_p90: m.output_p90,
            input_length_resolution: m.input_resolution,
            output_length_resolution: m.output_resolution,
            reasoning_mean: m.reasoning_mean.map(mean),
            cached_share: m.cached_share.map(share),
            batch_share: m.batch_share.map(share),
            input_tokens: m.input_mean.num,
            cached_input_tokens: m.cached_share.map(|f| f.num),
            output_tokens: m.output_mean.num,
            reasoning_tokens: m.reasoning_mean.map(|f| f.num),
            batch_requests: m.batch_share.map(|f| f.num),
        }
    }
}

/// The report of a measurement.
pub fn report(m: &Measurement) -> UsageReport {
    let months = m.months();
    let span = m.span();
    let models = m
        .models()
        .into_iter()
        .map(|model| ModelEntry {
            model: model.to_string(),
            growth_percent: m.growth_percent(model).map(|g| (g * 100.0).round() / 100.0),
            months: months.iter().filter(|s| s.model == model).map(MonthEntry::of).collect(),
        })
        .collect();
    UsageReport {
        schema: USAGE_SCHEMA,
        files: m
            .files
            .iter()
            .map(|f| FileEntry { file: f.name.clone(), format: f.format.as_str(), bytes: f.bytes })
            .collect(),
        first_day: span.as_ref().map(|s| s.0.clone()),
        last_day: span.map(|s| s.1),
        requests: m.requests(),
        skipped: m.skipped.clone(),
        excluded: m.excluded.clone(),
        models,
    }
}
