//! `ftvp sweep`: the break-even analysis over a log-spaced grid of volumes,
//! with the best candidate's break-even and threshold volumes marked.

use std::collections::BTreeMap;

use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::analysis::{analyse, AnalysisError, Report};
use crate::cost::{spread_volume, Requests, Usd, Verdict};
use crate::inputs::Inputs;
use crate::pricing::Catalog;

/// The JSON schema id of a sweep.
pub const SCHEMA: &str = "ftvp.sweep/1";

/// A log-spaced volume range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    /// Smallest volume.
    pub from: Requests,
    /// Largest volume.
    pub to: Requests,
    /// Grid points before duplicates are dropped.
    pub points: u32,
}

impl Default for Range {
    /// 1k to 100M requests in 25 points.
    fn default() -> Self {
        Range {
            from: 1_000,
            to: 100_000_000,
            points: 25,
        }
    }
}

impl Range {
    /// Checks `1 ≤ from < to` and `points ≥ 2`.
    pub fn new(from: Requests, to: Requests, points: u32) -> Result<Range, String> {
        if from == 0 {
            return Err(
                "--from must be at least 1 request (the volume axis is logarithmic)".into(),
            );
        }
        if to <= from {
            return Err(format!("--to ({to}) must be above --from ({from})"));
        }
        if !(2..=10_000).contains(&points) {
            return Err(format!("--points {points} must be between 2 and 10000"));
        }
        Ok(Range { from, to, points })
    }

    /// Volume `i` is `round(from × (to/from)^(i/(K−1)))`; duplicates are
    /// dropped and both ends are included exactly.
    pub fn grid(&self) -> Vec<Requests> {
        let (from, to) = (self.from as f64, self.to as f64);
        let last = f64::from(self.points - 1);
        let mut out: Vec<Requests> = (0..self.points)
            .map(|i| match i {
                0 => self.from,
                i if i == self.points - 1 => self.to,
                i => (from * (to / from).powf(f64::from(i) / last)).round() as Requests,
            })
            .collect();
        out.dedup();
        out
    }
}

/// A marked volume of the best candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Marker {
    /// The break-even volume.
    #[serde(rename = "break-even")]
    BreakEven,
    /// The first volume whose verdict is `depends`.
    #[serde(rename = "depends")]
    Depends,
    /// The first volume whose verdict is `fine-tune`.
    #[serde(rename = "fine-tune")]
    FineTune,
}

impl Marker {
    /// The stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            Marker::BreakEven => "break-even",
            Marker::Depends => "depends",
            Marker::FineTune => "fine-tune",
        }
    }
}

/// One volume of the sweep.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// Requests.
    pub volume: Requests,
    /// Total cost of the prompting path.
    #[serde(with = "rust_decimal::serde::float")]
    pub base_total: Usd,
    /// Total cost of each candidate, by model id.
    pub totals: BTreeMap<String, f64>,
    /// Verdict of each candidate, by model id.
    pub verdicts: BTreeMap<String, Verdict>,
    /// The best candidate's volume multiple.
    #[serde(with = "rust_decimal::serde::float_option")]
    pub volume_multiple: Option<Decimal>,
    /// The best candidate's verdict.
    pub verdict: Verdict,
    /// Set where this volume is one of the best candidate's marked volumes.
    pub marker: Option<Marker>,
}

/// The per-request economics of one path, enough to draw its cost line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line {
    /// `PROVIDER/MODEL`.
    pub model: String,
    /// Cost of one request.
    #[serde(with = "rust_decimal::serde::float")]
    pub cost_per_request: Usd,
    /// One-time cost (0 on the prompting path).
    #[serde(with = "rust_decimal::serde::float")]
    pub fixed_cost: Usd,
    /// Smallest volume that pays back the fixed cost; null on the prompting
    /// path or when it never does.
    pub break_even_requests: Option<Requests>,
    /// Smallest volume with verdict `depends`.
    pub volume_for_depends: Option<Requests>,
    /// Smallest volume with verdict `fine-tune`.
    pub volume_for_fine_tune: Option<Requests>,
}

impl Line {
    /// Total cost at a volume, for drawing.
    pub fn total_at(&self, volume: f64) -> f64 {
        use rust_decimal::prelude::ToPrimitive;
        self.fixed_cost.to_f64().unwrap_or(f64::MAX)
            + volume * self.cost_per_request.to_f64().unwrap_or(f64::MAX)
    }
}

/// The whole sweep (`ftvp.sweep/1`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sweep {
    /// Always [`SCHEMA`].
    pub schema: &'static str,
    /// Currency of every amount.
    pub currency: String,
    /// The prompting path's model.
    pub base: String,
    /// The candidates' models, in the order given.
    pub candidates: Vec<String>,
    /// The candidate whose volumes are marked: the cheapest at the user's
    /// volume, or at the top of the range when none is given.
    pub best: String,
    /// The user's volume, when the inputs have one.
    pub volume: Option<Requests>,
    /// The cost line of the prompting path, then of each candidate.
    pub lines: Vec<Line>,
    /// One row per volume, ascending.
    pub rows: Vec<Row>,
    /// Allowed but suspicious inputs.
    pub warnings: Vec<String>,
}

impl Sweep {
    /// The best candidate's cost line.
    pub fn best_line(&self) -> &Line {
        self.lines
            .iter()
            .skip(1)
            .find(|l| l.model == self.best)
            .unwrap_or(&self.lines[0])
    }
}

/// Runs the analysis at every volume of `range`. `user_volume` is the volume
/// the inputs name, if any (marked on charts and used to pick the best).
pub fn sweep(
    inputs: &Inputs,
    user_volume: Option<Requests>,
    catalog: &Catalog,
    today: Date,
    range: Range,
) -> Result<Sweep, AnalysisError> {
    let at = |volume: Requests| -> Result<Report, AnalysisError> {
        analyse(&at_volume(inputs, volume), catalog, today)
    };
    let reference = at(user_volume.unwrap_or(range.to))?;
    let best = reference.best_candidate();
    let markers = [
        (best.break_even_requests, Marker::BreakEven),
        (best.volume_for_depends, Marker::Depends),
        (best.volume_for_fine_tune, Marker::FineTune),
    ];
    let mut volumes: BTreeMap<Requests, Option<Marker>> =
        range.grid().into_iter().map(|v| (v, None)).collect();
    for (volume, marker) in markers {
        if let Some(v) = volume.filter(|v| (range.from..=range.to).contains(v)) {
            let slot = volumes.entry(v).or_insert(None);
            *slot = (*slot).max(Some(marker));
        }
    }
    let mut rows = Vec::with_capacity(volumes.len());
    for (volume, marker) in volumes {
        rows.push(row(&at(volume)?, &best.model, marker));
    }
    let mut lines = vec![Line {
        model: reference.base.model.clone(),
        cost_per_request: reference.base.cost_per_request,
        fixed_cost: Decimal::ZERO,
        break_even_requests: None,
        volume_for_depends: None,
        volume_for_fine_tune: None,
    }];
    // Lines follow the order the candidates were given; the report ranks them.
    for c in &inputs.candidates {
        let id = &catalog.resolve(&c.model)?.id;
        if let Some(c) = reference.candidates.iter().find(|r| &r.model == id) {
            lines.push(Line {
                model: c.model.clone(),
                cost_per_request: c.cost_per_request,
                fixed_cost: c.fixed_cost,
                break_even_requests: c.break_even_requests,
                volume_for_depends: c.volume_for_depends,
                volume_for_fine_tune: c.volume_for_fine_tune,
            });
        }
    }
    Ok(Sweep {
        schema: SCHEMA,
        currency: reference.currency.clone(),
        base: reference.base.model.clone(),
        candidates: lines.iter().skip(1).map(|l| l.model.clone()).collect(),
        best: best.model.clone(),
        volume: user_volume,
        lines,
        rows,
        warnings: reference.warnings.clone(),
    })
}

/// The same inputs at another volume; a horizon keeps its months and spreads
/// the new volume over them.
fn at_volume(inputs: &Inputs, volume: Requests) -> Inputs {
    let mut i = inputs.clone();
    i.volume = volume;
    if let Some(h) = &mut i.horizon {
        h.monthly_volumes = spread_volume(volume, h.months);
        h.per_month = None;
        h.growth_percent = None;
    }
    i
}

fn row(r: &Report, best: &str, marker: Option<Marker>) -> Row {
    let best_row = r.candidates.iter().find(|c| c.model == best);
    Row {
        volume: r.volume,
        base_total: r.base.total_cost,
        totals: r
            .candidates
            .iter()
            .map(|c| {
                use rust_decimal::prelude::ToPrimitive;
                (c.model.clone(), c.total_cost.to_f64().unwrap_or(f64::NAN))
            })
            .collect(),
        verdicts: r
            .candidates
            .iter()
            .map(|c| (c.model.clone(), c.verdict))
            .collect(),
        volume_multiple: best_row.and_then(|c| c.volume_multiple),
        verdict: best_row.map_or(Verdict::Prompt, |c| c.verdict),
        marker,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_grid_is_log_spaced_from_1k_to_100m() {
        let g = Range::default().grid();
        assert_eq!(g.len(), 25);
        assert_eq!((g[0], g[24]), (1_000, 100_000_000));
        // Each step multiplies by 10^(5/24): 1,000 → 1,615.6 → 1,616; step 6 is
        // 10^(3 + 1.25) = 17,782.8; step 12 is 10^5.5 = 316,227.8.
        assert_eq!(g[1], 1_616);
        assert_eq!(g[6], 17_783);
        assert_eq!(g[12], 316_228);
        assert!(g.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn duplicates_are_dropped_and_both_ends_kept() {
        let g = Range::new(1, 10, 50).unwrap().grid();
        assert_eq!(g.first(), Some(&1));
        assert_eq!(g.last(), Some(&10));
        assert_eq!(g, (1..=10).collect::<Vec<_>>());
    }

    #[test]
    fn bad_ranges_are_refused() {
        assert!(Range::new(0, 10, 5).is_err());
        assert!(Range::new(10, 10, 5).is_err());
        assert!(Range::new(1, 10, 1).is_err());
    }

    #[test]
    fn stronger_markers_win() {
        assert!(Some(Marker::FineTune) > Some(Marker::Depends));
        assert!(Some(Marker::Depends) > Some(Marker::BreakEven));
        assert!(Some(Marker::BreakEven) > None);
    }
}
