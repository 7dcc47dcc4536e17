//! `ftvp sweep`: the comparison over a log-spaced grid of volumes, every row
//! from the cost model's evaluation at that volume (the same evaluation
//! `ftvp breakeven` makes, so the two always agree), with the best
//! candidate's break-even and threshold volumes marked.

use std::collections::BTreeMap;

use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::Serialize;

use super::evaluate::cheapest;
use super::{AnalysisError, Comparison, Evaluation};
use crate::cost::monotone;
use crate::cost::{Requests, Usd, Verdict};
use crate::inputs::{Inputs, Serving, Volume};

/// The JSON schema id of a sweep.
pub const SCHEMA: &str = "ftvp.sweep/1";

/// The most volumes a sweep computes.
pub const MAX_POINTS: u32 = 10_000;

/// Why a range of volumes is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RangeError {
    /// The range starts at 0, which a logarithmic axis cannot show.
    #[error("the range must start at 1 request or more (the volume axis is logarithmic)")]
    FromZero,
    /// The range ends at or below its start.
    #[error("the range's end ({to}) must be above its start ({from})")]
    Empty {
        /// Start.
        from: Requests,
        /// End.
        to: Requests,
    },
    /// Too few or too many points.
    #[error("{0} points: a range has between 2 and {MAX_POINTS}")]
    Points(u32),
}

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
    /// Checks `1 ≤ from < to` and `2 ≤ points ≤ 10,000`.
    pub fn new(from: Requests, to: Requests, points: u32) -> Result<Range, RangeError> {
        if from == 0 {
            return Err(RangeError::FromZero);
        }
        if to <= from {
            return Err(RangeError::Empty { from, to });
        }
        if !(2..=MAX_POINTS).contains(&points) {
            return Err(RangeError::Points(points));
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

/// What the volumes of a sweep count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Axis {
    /// Requests over the whole period (spread evenly over the months, if any).
    Total,
    /// Requests in the first month, with the horizon's months and growth.
    PerMonth,
}

/// One volume of the sweep. Candidates go by their place in
/// [`Sweep::candidates`]; the JSON document names them.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Requests, on the sweep's axis.
    pub volume: Requests,
    /// Total cost of the prompting path.
    pub base_total: Usd,
    /// Each candidate's total and verdict, in the order of the candidates.
    pub cells: Vec<Cell>,
    /// The place of the cheapest candidate at this volume (ties keep the
    /// order given).
    pub best: usize,
    /// Its volume multiple.
    pub volume_multiple: Option<Decimal>,
    /// Its verdict: `ftvp breakeven`'s verdict at this volume.
    pub verdict: Verdict,
    /// Set where this volume is one of the marked candidate's volumes.
    pub marker: Option<Marker>,
}

/// One candidate at one volume.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cell {
    /// The candidate's total cost.
    pub total: Usd,
    /// Its verdict.
    pub verdict: Verdict,
}

/// One path's economics at the reference volume.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line {
    /// `PROVIDER/MODEL`.
    pub model: String,
    /// Cost of one request at the start.
    #[serde(with = "crate::format::exact_money")]
    pub cost_per_request: Usd,
    /// Fixed cost (0 on the prompting path).
    #[serde(with = "crate::format::exact_money")]
    pub fixed_cost: Usd,
    /// Smallest volume that pays back the fixed cost; null on the prompting
    /// path or when it never does.
    pub break_even_requests: Option<Requests>,
    /// The path's total at that volume.
    #[serde(with = "crate::format::exact_money::option")]
    pub break_even_total: Option<Usd>,
    /// Smallest volume with verdict `depends`.
    pub volume_for_depends: Option<Requests>,
    /// Smallest volume with verdict `fine-tune`.
    pub volume_for_fine_tune: Option<Requests>,
}

/// The whole sweep (`ftvp.sweep/1`).
#[derive(Debug, Clone, PartialEq)]
pub struct Sweep {
    /// Always [`SCHEMA`].
    pub schema: &'static str,
    /// Currency of every amount.
    pub currency: String,
    /// What the volumes count.
    pub axis: Axis,
    /// The horizon's months, when the costs are totals over a horizon.
    pub months: Option<u32>,
    /// The prompting path's model.
    pub base: String,
    /// The candidates' models, in the order given.
    pub candidates: Vec<String>,
    /// The candidate whose volumes are marked: the cheapest at the user's
    /// volume, or at the top of the range when none is given.
    pub best: String,
    /// The user's volume, when the inputs have one.
    pub volume: Option<Requests>,
    /// The prompting path's line, then each candidate's, at the reference volume.
    pub lines: Vec<Line>,
    /// One row per volume, ascending.
    pub rows: Vec<Row>,
    /// Allowed but suspicious inputs.
    pub warnings: Vec<String>,
    /// With `--sensitivity`: each estimated input's flip values at the
    /// user's volume (the swept input's are marked on the chart).
    pub sensitivity: Option<Vec<super::sensitivity::Flip>>,
}

/// A row as the `ftvp.sweep/1` document has it: candidates by model id.
#[derive(Serialize)]
struct NamedRow<'a> {
    volume: Requests,
    #[serde(with = "crate::format::exact_money")]
    base_total: Usd,
    #[serde(serialize_with = "money_map")]
    totals: BTreeMap<&'a str, Usd>,
    verdicts: BTreeMap<&'a str, Verdict>,
    best: &'a str,
    #[serde(with = "crate::format::exact_money::option")]
    volume_multiple: Option<Decimal>,
    verdict: Verdict,
    marker: Option<Marker>,
}

fn money_map<S: serde::Serializer>(m: &BTreeMap<&str, Usd>, s: S) -> Result<S::Ok, S::Error> {
    use rust_decimal::prelude::ToPrimitive;
    use serde::ser::SerializeMap;
    let mut map = s.serialize_map(Some(m.len()))?;
    for (k, v) in m {
        map.serialize_entry(k, &v.to_f64())?;
    }
    map.end()
}

/// The `ftvp.sweep/1` document. (`ftvp sweep --format json` writes the
/// rows faster by hand; a test holds it to this.)
impl Serialize for Sweep {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Document<'a> {
            schema: &'a str,
            currency: &'a str,
            axis: Axis,
            base: &'a str,
            candidates: &'a [String],
            best: &'a str,
            volume: Option<Requests>,
            lines: &'a [Line],
            rows: Vec<NamedRow<'a>>,
            warnings: &'a [String],
            #[serde(skip_serializing_if = "Option::is_none")]
            sensitivity: Option<&'a [super::sensitivity::Flip]>,
        }
        let name = |i: usize| self.candidates.get(i).map_or("", String::as_str);
        let named = |r: &Row| NamedRow {
            volume: r.volume,
            base_total: r.base_total,
            totals: (r.cells.iter().enumerate())
                .map(|(i, c)| (name(i), c.total))
                .collect(),
            verdicts: (r.cells.iter().enumerate())
                .map(|(i, c)| (name(i), c.verdict))
                .collect(),
            best: name(r.best),
            volume_multiple: r.volume_multiple,
            verdict: r.verdict,
            marker: r.marker,
        };
        Document {
            schema: self.schema,
            currency: &self.currency,
            axis: self.axis,
            base: &self.base,
            candidates: &self.candidates,
            best: &self.best,
            volume: self.volume,
            lines: &self.lines,
            rows: self.rows.iter().map(named).collect(),
            warnings: &self.warnings,
            sensitivity: self.sensitivity.as_deref(),
        }
        .serialize(s)
    }
}

impl Sweep {
    /// The model id of a row's cheapest candidate.
    pub fn best_of(&self, row: &Row) -> &str {
        self.candidates.get(row.best).map_or("", String::as_str)
    }

    /// The marked candidate's line.
    pub fn best_line(&self) -> &Line {
        self.lines
            .iter()
            .skip(1)
            .find(|l| l.model == self.best)
            .unwrap_or(&self.lines[0])
    }
}

/// Evaluates the comparison at every volume of `range`, marking the
/// reference candidate's volumes (the cheapest at the user's volume, or at
/// the top of the range).
pub fn sweep(inputs: &Inputs, range: Range, today: Date) -> Result<Sweep, AnalysisError> {
    let c = Comparison::new(inputs, today)?;
    let traffic = &inputs.traffic;
    let axis = axis_of(inputs);
    let at = |v: Requests| -> Result<Vec<Evaluation>, AnalysisError> {
        let profile = match axis {
            Axis::PerMonth => traffic.profile_per_month(v)?,
            Axis::Total => traffic.profile(v)?,
        };
        c.evaluate(&profile)
    };
    // A total over months, on a per-month axis, is its average month.
    let user = match (axis, traffic.volume, traffic.months) {
        (Axis::PerMonth, Some(Volume::Total(v)), Some(m)) => Some(v / u64::from(m.max(1))),
        _ => traffic.given(),
    };
    let reference = at(user.unwrap_or(range.to))?;
    let best = cheapest(&reference);
    let marks = markers(&c, axis, best, &reference[best], &at)?;
    let names: Vec<String> = c.paths.iter().map(|p| p.candidate.label.clone()).collect();
    let mut rows = Vec::new();
    for (volume, marker) in volumes(&range, marks) {
        rows.push(row(&c, volume, &at(volume)?, marker)?);
    }
    Ok(Sweep {
        schema: SCHEMA,
        currency: inputs.base.model.sheet.currency.clone(),
        axis,
        months: traffic.months,
        base: inputs.base.model.id.clone(),
        candidates: names.clone(),
        best: names[best].clone(),
        volume: user,
        lines: lines(&c, axis, &reference, &at)?,
        rows,
        warnings: c.warnings.clone(),
        sensitivity: None,
    })
}

/// Volumes per month when the volume was given per month or a candidate is
/// served dedicated (its capacity steps with the monthly volume), else totals.
fn axis_of(inputs: &Inputs) -> Axis {
    let dedicated = inputs
        .candidates
        .iter()
        .any(|c| !matches!(c.serving, Serving::PerToken));
    match inputs.traffic.per_month() || dedicated {
        true => Axis::PerMonth,
        false => Axis::Total,
    }
}

/// The range's grid with the best candidate's marked volumes among it; of
/// two markers on one volume the stronger stays.
fn volumes(
    range: &Range,
    marks: [(Option<Requests>, Marker); 3],
) -> BTreeMap<Requests, Option<Marker>> {
    let mut volumes: BTreeMap<Requests, Option<Marker>> =
        range.grid().into_iter().map(|v| (v, None)).collect();
    for (volume, marker) in marks {
        if let Some(v) = volume.filter(|v| (range.from..=range.to).contains(v)) {
            let slot = volumes.entry(v).or_insert(None);
            *slot = (*slot).max(Some(marker));
        }
    }
    volumes
}

/// Each path's line: its cost per request, fixed cost and marked volumes.
fn lines(
    c: &Comparison,
    axis: Axis,
    reference: &[Evaluation],
    at: &dyn Fn(Requests) -> Result<Vec<Evaluation>, AnalysisError>,
) -> Result<Vec<Line>, AnalysisError> {
    let mut lines = vec![Line {
        model: c.inputs.base.model.id.clone(),
        cost_per_request: c.paths[0].at_start.0.cost,
        fixed_cost: Decimal::ZERO,
        break_even_requests: None,
        break_even_total: None,
        volume_for_depends: None,
        volume_for_fine_tune: None,
    }];
    for (i, (p, e)) in c.paths.iter().zip(reference).enumerate() {
        let marks = markers(c, axis, i, e, at)?;
        let break_even = marks[0].0;
        let total = match break_even {
            Some(v) => Some(at(v)?[i].tuned_total),
            None => None,
        };
        lines.push(Line {
            model: p.candidate.label.clone(),
            cost_per_request: p.at_start.1.cost,
            fixed_cost: e.outcome.fixed_cost,
            break_even_requests: break_even,
            break_even_total: total,
            volume_for_depends: marks[1].0,
            volume_for_fine_tune: marks[2].0,
        });
    }
    Ok(lines)
}

fn row(
    c: &Comparison,
    volume: Requests,
    evaluations: &[Evaluation],
    marker: Option<Marker>,
) -> Result<Row, AnalysisError> {
    let t = &c.inputs.thresholds;
    let cells = evaluations
        .iter()
        .map(|e| {
            Ok(Cell {
                total: e.tuned_total,
                verdict: e.outcome.verdict(t)?,
            })
        })
        .collect::<Result<Vec<Cell>, AnalysisError>>()?;
    let best = cheapest(evaluations);
    Ok(Row {
        volume,
        base_total: evaluations[0].base_total,
        best,
        volume_multiple: evaluations[best].outcome.volume_multiple()?,
        verdict: cells[best].verdict,
        cells,
        marker,
    })
}

/// Candidate `i`'s break-even, `depends` and `fine-tune` volumes on the
/// sweep's axis. Over total volumes they are the cost model's (scaling the
/// traffic); per month they are the smallest first-month volumes at which
/// the evaluation reaches each mark, found by bisection (every mark is
/// monotone in the volume).
fn markers(
    c: &Comparison,
    axis: Axis,
    i: usize,
    at_reference: &Evaluation,
    at: &dyn Fn(Requests) -> Result<Vec<Evaluation>, AnalysisError>,
) -> Result<[(Option<Requests>, Marker); 3], AnalysisError> {
    let t = &c.inputs.thresholds;
    let o = &at_reference.outcome;
    let path = &c.paths[i];
    if let Serving::Dedicated(_) = path.candidate.serving {
        // Capacity steps with the volume: its own break-even per month.
        return Ok([
            (path.break_even_per_month, Marker::BreakEven),
            (
                first(|v| Ok(at(v)?[i].outcome.reaches(t.depends_at())?))?,
                Marker::Depends,
            ),
            (
                first(|v| Ok(at(v)?[i].outcome.reaches(t.fine_tune_at())?))?,
                Marker::FineTune,
            ),
        ]);
    }
    if axis == Axis::Total {
        return Ok([
            (o.break_even_requests()?, Marker::BreakEven),
            (o.volume_for_multiple(t.depends_at())?, Marker::Depends),
            (o.volume_for_multiple(t.fine_tune_at())?, Marker::FineTune),
        ]);
    }
    let reaches = |v: Requests, k: Option<Decimal>| -> Result<bool, AnalysisError> {
        let e = &at(v)?[i];
        Ok(match k {
            None => e.tuned_total < e.base_total,
            Some(k) => e.outcome.reaches(k)?,
        })
    };
    Ok([
        (first(|v| reaches(v, None))?, Marker::BreakEven),
        (
            first(|v| reaches(v, Some(t.depends_at())))?,
            Marker::Depends,
        ),
        (
            first(|v| reaches(v, Some(t.fine_tune_at())))?,
            Marker::FineTune,
        ),
    ])
}

/// The smallest volume from 1 at which the monotone `holds` is true, or
/// `None` when it is not even at very large volumes (a volume too large to
/// evaluate is one at which it is not).
fn first(
    holds: impl Fn(Requests) -> Result<bool, AnalysisError>,
) -> Result<Option<Requests>, AnalysisError> {
    monotone::first_from(1, 1 << 50, |v| Ok(holds(v).unwrap_or(false)))
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
