//! What a measurement says: per model and month the requests, the exact
//! means (as fractions) and nearest-rank percentiles of the lengths, the
//! cached and batch shares; per model the monthly growth over complete
//! months and the values `breakeven --usage` fills (design §20.15–§20.17).

use std::collections::BTreeSet;

use super::calendar::{civil, days_from_civil, Month};
use super::tally::{Mix, Rank, Tally};
use super::Measurement;

/// An exact non-negative fraction; equal fractions compare equal whatever
/// their terms (213,833/66 = 108,413,331/33,462).
#[derive(Debug, Clone, Copy, Eq)]
pub struct Fraction {
    /// Numerator.
    pub num: u128,
    /// Denominator (> 0).
    pub den: u128,
}

impl Fraction {
    /// `num / den`, `None` when `den` is 0.
    pub fn new(num: u128, den: u128) -> Option<Fraction> {
        (den > 0).then_some(Fraction { num, den })
    }

    /// The nearest `f64`, for display.
    pub fn to_f64(self) -> f64 {
        self.num as f64 / self.den as f64
    }

    /// Rounded half away from zero to a whole number.
    pub fn round(self) -> u128 {
        (2 * self.num + self.den) / (2 * self.den)
    }

    /// As a decimal (28 significant digits at most).
    pub fn to_decimal(self) -> Option<rust_decimal::Decimal> {
        let n = rust_decimal::Decimal::try_from_i128_with_scale(i128::try_from(self.num).ok()?, 0).ok()?;
        let d = rust_decimal::Decimal::try_from_i128_with_scale(i128::try_from(self.den).ok()?, 0).ok()?;
        n.checked_div(d)
    }
}

impl PartialEq for Fraction {
    fn eq(&self, other: &Fraction) -> bool {
        // Cross products of u128 terms may overflow: compare as reduced terms.
        let (a, b) = (self.reduced(), other.reduced());
        a.num == b.num && a.den == b.den
    }
}

impl Fraction {
    fn reduced(self) -> Fraction {
        let g = gcd(self.num, self.den);
        Fraction { num: self.num / g, den: self.den / g }
    }
}

fn gcd(a: u128, b: u128) -> u128 {
    match b {
        0 => a.max(1),
        b => gcd(b, a % b),
    }
}

/// One model in one month.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthStats {
    /// The model as logged.
    pub model: String,
    /// The month.
    pub month: Month,
    /// Requests.
    pub requests: u64,
    /// Whether the logs cover every day of the month.
    pub complete: bool,
    /// Days of the month the logs cover.
    pub days_covered: u32,
    /// Input tokens per request (uncached + cached + cache-written).
    pub input_mean: Fraction,
    /// Median and 90th percentile of input tokens (per-request logs only).
    pub input_p50: Option<u64>,
    /// See `input_p50`.
    pub input_p90: Option<u64>,
    /// Output tokens per request, reasoning not included.
    pub output_mean: Fraction,
    /// Median and 90th percentile of output tokens (per-request logs only).
    pub output_p50: Option<u64>,
    /// See `output_p50`.
    pub output_p90: Option<u64>,
    /// With the input percentiles, the width in tokens of the range of
    /// lengths they stand for: 1 when exact; past 131,072 distinct lengths
    /// in a month a power of two, the percentile the range's middle.
    pub input_resolution: Option<u64>,
    /// See `input_resolution`, for the output percentiles.
    pub output_resolution: Option<u64>,
    /// Reasoning tokens per request, where reported.
    pub reasoning_mean: Option<Fraction>,
    /// Cached share of input tokens, where reported.
    pub cached_share: Option<Fraction>,
    /// Share of requests sent in batch, where the format says.
    pub batch_share: Option<Fraction>,
}

impl Measurement {
    /// Whether the logs cover every day of `month`.
    pub fn days_covered(&self, month: Month) -> u32 {
        let first = days_from_civil(month, 1);
        self.days.range(first..first + month.days() as i32).count() as u32
    }

    /// Every model's months, in order.
    pub fn months(&self) -> Vec<MonthStats> {
        self.tallies
            .iter()
            .filter(|(_, t)| t.requests > 0)
            .map(|((model, month), t)| self.stats(model, *month, t))
            .collect()
    }

    fn stats(&self, model: &str, month: Month, t: &Tally) -> MonthStats {
        let n = u128::from(t.requests);
        let covered = self.days_covered(month);
        MonthStats {
            model: model.to_string(),
            month,
            requests: t.requests,
            complete: covered == month.days(),
            days_covered: covered,
            input_mean: Fraction { num: t.input, den: n },
            input_p50: t.input_percentile(Rank(50)),
            input_p90: t.input_percentile(Rank(90)),
            output_mean: Fraction { num: t.output, den: n },
            output_p50: t.output_percentile(Rank(50)),
            output_p90: t.output_percentile(Rank(90)),
            input_resolution: t.per_request().then(|| t.by_input.resolution()),
            output_resolution: t.per_request().then(|| t.by_output.resolution()),
            reasoning_mean: t.reasoning.map(|r| Fraction { num: r, den: n }),
            cached_share: t.cached.and_then(|c| Fraction::new(c, t.input)),
            batch_share: t.batch.map(|b| Fraction { num: u128::from(b), den: n }),
        }
    }

    /// A model's monthly growth in percent: least squares of ln(requests)
    /// on the month index over complete months with requests, needing 3.
    pub fn growth_percent(&self, model: &str) -> Option<f64> {
        let points: Vec<(f64, f64)> = self
            .tallies
            .range((model.to_string(), Month { year: i32::MIN, month: 1 })..)
            .take_while(|((m, _), _)| m == model)
            .filter(|((_, month), t)| t.requests > 0 && self.days_covered(*month) == month.days())
            .map(|((_, month), t)| (month.index() as f64, (t.requests as f64).ln()))
            .collect();
        if points.len() < 3 {
            return None;
        }
        let n = points.len() as f64;
        let (mx, my) = points.iter().fold((0.0, 0.0), |(a, b), (x, y)| (a + x / n, b + y / n));
        let sxy: f64 = points.iter().map(|(x, y)| (x - mx) * (y - my)).sum();
        let sxx: f64 = points.iter().map(|(x, _)| (x - mx) * (x - mx)).sum();
        Some(100.0 * ((sxy / sxx).exp() - 1.0))
    }

    /// What the logs say about `model` as inputs of a comparison.
    pub fn measured(&self, model: &str) -> Option<Measured> {
        let months: Vec<MonthStats> = self.months().into_iter().filter(|m| m.model == model).collect();
        let complete: Vec<&MonthStats> = months.iter().filter(|m| m.complete).collect();
        let volume = match complete.last() {
            Some(last) => Volume { month: last.month, requests: last.requests, scaled_from: None },
            None => {
                let last = months.last()?;
                let days = u128::from(last.month.days());
                let scaled = Fraction { num: u128::from(last.requests) * days, den: u128::from(last.days_covered.max(1)) };
                Volume {
                    month: last.month,
                    requests: u64::try_from(scaled.round()).unwrap_or(u64::MAX),
                    scaled_from: Some((last.requests, last.days_covered)),
                }
            }
        };
        let used: BTreeSet<Month> = match complete.is_empty() {
            true => months.iter().map(|m| m.month).collect(),
            false => complete.iter().map(|m| m.month).collect(),
        };
        let mut total = Tally::default();
        for month in &used {
            if let Some(t) = self.tallies.get(&(model.to_string(), *month)) {
                total.merge(t.clone());
            }
        }
        Some(Measured {
            model: model.to_string(),
            months: used.into_iter().collect(),
            volume,
            growth_percent: self.growth_percent(model),
            total,
            files: self.files.iter().map(|f| f.name.clone()).collect(),
        })
    }

    /// The first and last day covered.
    pub fn span(&self) -> Option<(String, String)> {
        let day = |d: i32| {
            let (m, day) = civil(d);
            format!("{m}-{day:02}")
        };
        Some((day(*self.days.first()?), day(*self.days.last()?)))
    }
}

/// The volume per month the logs give.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Volume {
    /// The month it comes from.
    pub month: Month,
    /// Requests in a month.
    pub requests: u64,
    /// When no month is complete: the requests logged in the last month and
    /// the days they cover, scaled to the whole month.
    pub scaled_from: Option<(u64, u32)>,
}

/// What the logs say about one model, as inputs of a comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct Measured {
    /// The model as logged.
    pub model: String,
    /// The months the lengths and cache rate are measured over.
    pub months: Vec<Month>,
    /// Requests per month.
    pub volume: Volume,
    /// Monthly growth, percent (≥ 3 complete months).
    pub growth_percent: Option<f64>,
    /// The records of `months`, merged.
    pub total: Tally,
    /// The files measured.
    pub files: Vec<String>,
}

impl Measured {
    /// Mean input tokens per request over `months`.
    pub fn input_mean(&self) -> Fraction {
        Fraction { num: self.total.input, den: u128::from(self.total.requests.max(1)) }
    }

    /// Mean output tokens per request (reasoning not included).
    pub fn output_mean(&self) -> Fraction {
        Fraction { num: self.total.output, den: u128::from(self.total.requests.max(1)) }
    }

    /// Mean reasoning tokens, where reported.
    pub fn reasoning_mean(&self) -> Option<Fraction> {
        Some(Fraction { num: self.total.reasoning?, den: u128::from(self.total.requests.max(1)) })
    }

    /// `min(1, cached / (requests × prompt))`, where the logs count cached
    /// tokens and there is a prompt to cache (§20.15).
    pub fn cache_hit_rate(&self, prompt: u64) -> Option<Fraction> {
        let den = u128::from(self.total.requests).checked_mul(u128::from(prompt)).filter(|&d| d > 0)?;
        let cached = self.total.cached?;
        Some(Fraction { num: cached.min(den), den })
    }

    /// The share of requests sent in batch, where the logs say.
    pub fn batch_share(&self) -> Option<Fraction> {
        Fraction::new(u128::from(self.total.batch?), u128::from(self.total.requests))
    }

    /// The requests of each input length, when every request was logged.
    pub fn per_request(&self) -> Option<Vec<(u64, Mix)>> {
        self.total.per_request().then(|| self.total.by_input.iter().map(|(v, m)| (v, *m)).collect())
    }
}

/// A fraction rounded to `places` decimals, for display and JSON.
pub fn rounded(f: Fraction, places: i32) -> f64 {
    let scale = 10f64.powi(places);
    (f.to_f64() * scale).round() / scale
}
