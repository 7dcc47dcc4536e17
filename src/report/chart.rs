//! Charts of total cost against volume, shared by the terminal chart and the
//! SVG: the cost line of every path, the break-even points, the best
//! candidate's verdict zones and the user's volume. Both axes are
//! logarithmic: volumes and costs span decades, and on linear cost axes the
//! crossing near the break-even volume would sit flat on the floor.
//!
//! The terminal renderer is hand-written: the plotting crates for terminals
//! (textplots and friends) draw linear axes only, and a volume axis needs
//! decades labelled `1k`, `10k`, `100k` to be read.

use anstyle::{AnsiColor, Style};
use rust_decimal::prelude::ToPrimitive;

use super::paint;
use crate::analysis::sweep::{Axis, Sweep};
use crate::format::count;

/// One path's total cost at the sweep's volumes.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// `PROVIDER/MODEL`.
    pub model: String,
    /// `(volume, total cost)`, ascending in volume.
    pub points: Vec<(f64, f64)>,
    /// The candidate's break-even volume and its total there, if in range.
    pub break_even: Option<(f64, f64)>,
}

impl Series {
    /// The total at `volume`, interpolated between the nearest points.
    pub fn total_at(&self, volume: f64) -> f64 {
        let i = self.points.partition_point(|&(v, _)| v < volume);
        match (i.checked_sub(1).map(|j| self.points[j]), self.points.get(i)) {
            (Some((v0, c0)), Some(&(v1, c1))) if v1 > v0 => {
                c0 + (c1 - c0) * (volume - v0) / (v1 - v0)
            }
            (_, Some(&(_, c))) | (Some((_, c)), None) => c,
            (None, None) => 0.0,
        }
    }
}

/// What a chart shows, in plain floats (charts only display).
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// Currency of the cost axis.
    pub currency: String,
    /// Smallest volume on the axis.
    pub from: f64,
    /// Largest volume.
    pub to: f64,
    /// Whether volumes are per month.
    pub per_month: bool,
    /// The prompting path first, then the candidates.
    pub series: Vec<Series>,
    /// Index into `series` of the marked candidate.
    pub best: usize,
    /// The marked candidate's `depends` and `fine-tune` volumes.
    pub zones: (Option<f64>, Option<f64>),
    /// The user's volume, if any.
    pub volume: Option<f64>,
    /// With `--sensitivity`: the nearest volumes below and above the user's
    /// at which the overall verdict changes.
    pub flips: Vec<FlipMark>,
}

/// A flip value of the swept volume: where the overall verdict turns.
#[derive(Debug, Clone, PartialEq)]
pub struct FlipMark {
    /// The volume.
    pub volume: f64,
    /// The verdict from there.
    pub verdict: crate::cost::Verdict,
    /// The cheapest candidate there.
    pub best: String,
}

/// The swept input's flip values in a sweep's sensitivity rows.
fn flip_marks(sweep: &Sweep) -> Vec<FlipMark> {
    let rows = sweep.sensitivity.iter().flatten();
    let swept = rows.filter(|f| matches!(f.input, "volume" | "per_month"));
    let ends = swept.flat_map(|f| {
        [
            (f.below, f.below_verdict, f.below_best.clone()),
            (f.above, f.above_verdict, f.above_best.clone()),
        ]
    });
    ends.filter_map(|(v, verdict, best)| {
        Some(FlipMark {
            volume: v?.to_f64()?,
            verdict: verdict?,
            best: best?,
        })
    })
    .collect()
}

fn float(d: rust_decimal::Decimal) -> f64 {
    d.to_f64().unwrap_or(f64::MAX)
}

impl Chart {
    /// The chart of a sweep.
    pub fn of(sweep: &Sweep) -> Chart {
        let points = |total: &dyn Fn(&crate::analysis::sweep::Row) -> f64| {
            sweep
                .rows
                .iter()
                .map(|r| (r.volume as f64, total(r)))
                .collect::<Vec<_>>()
        };
        let mut series = vec![Series {
            model: sweep.base.clone(),
            points: points(&|r| float(r.base_total)),
            break_even: None,
        }];
        for (i, line) in sweep.lines.iter().skip(1).enumerate() {
            let m = line.model.clone();
            series.push(Series {
                points: points(&|r| r.cells.get(i).map_or(f64::NAN, |c| float(c.total))),
                break_even: line
                    .break_even_requests
                    .zip(line.break_even_total)
                    .map(|(v, t)| (v as f64, float(t))),
                model: m,
            });
        }
        let best = sweep
            .lines
            .iter()
            .position(|l| l.model == sweep.best)
            .unwrap_or(0);
        let b = sweep.best_line();
        Chart {
            currency: sweep.currency.clone(),
            from: sweep.rows.first().map_or(1.0, |r| r.volume.max(1) as f64),
            to: sweep.rows.last().map_or(10.0, |r| r.volume.max(2) as f64),
            per_month: sweep.axis == Axis::PerMonth,
            series,
            best,
            zones: (
                b.volume_for_depends.map(|v| v as f64),
                b.volume_for_fine_tune.map(|v| v as f64),
            ),
            volume: sweep.volume.map(|v| v as f64),
            flips: flip_marks(sweep),
        }
    }

    /// The flip values that lie on the chart.
    pub fn flips_on(&self) -> impl Iterator<Item = &FlipMark> + '_ {
        self.flips.iter().filter(|f| (self.from..=self.to).contains(&f.volume))
    }

    /// How a flip value reads: `prompt at 12,362 requests (acme/small cheapest)`.
    pub fn flip_label(&self, f: &FlipMark) -> String {
        let unit = self.axis_label();
        format!("{} at {} {unit} ({} cheapest)", f.verdict, count(f.volume as u64), f.best)
    }

    fn totals(&self) -> impl Iterator<Item = f64> + '_ {
        self.series
            .iter()
            .flat_map(|s| s.points.iter().map(|&(_, c)| c))
            .filter(|c| c.is_finite())
    }

    /// The highest total on the chart, with some headroom.
    pub fn max_cost(&self) -> f64 {
        let max = self.totals().fold(0.0, f64::max);
        (max * 1.5).max(self.min_cost() * 10.0)
    }

    /// The lowest positive total on the chart, with some room below.
    pub fn min_cost(&self) -> f64 {
        let min = self
            .totals()
            .filter(|&c| c > 0.0)
            .fold(f64::INFINITY, f64::min);
        if min.is_finite() {
            min / 1.5
        } else {
            0.01
        }
    }

    /// Fraction of the log cost axis at which `cost` sits, clamped to 0..=1.
    pub fn cost_position(&self, cost: f64) -> f64 {
        let (lo, hi) = (self.min_cost(), self.max_cost());
        if cost <= lo {
            return 0.0;
        }
        ((cost / lo).ln() / (hi / lo).ln()).clamp(0.0, 1.0)
    }

    /// Volume at fraction `t` (0..=1) of the log axis.
    pub fn volume_at(&self, t: f64) -> f64 {
        self.from * (self.to / self.from).powf(t)
    }

    /// Fraction of the log axis at which `volume` sits.
    pub fn position_of(&self, volume: f64) -> f64 {
        (volume / self.from).ln() / (self.to / self.from).ln()
    }

    /// Break-even points inside the range: (series index, volume, total).
    pub fn break_evens(&self) -> Vec<(usize, f64, f64)> {
        self.series
            .iter()
            .enumerate()
            .filter_map(|(i, s)| {
                let (n, total) = s.break_even?;
                (self.from..=self.to).contains(&n).then_some((i, n, total))
            })
            .collect()
    }

    /// Decades (powers of ten) inside the range.
    pub fn decades(&self) -> Vec<f64> {
        let lo = self.from.log10().ceil() as i32;
        let hi = self.to.log10().floor() as i32;
        (lo..=hi).map(|e| 10f64.powi(e)).collect()
    }

    /// How the volume axis is labelled.
    pub fn axis_label(&self) -> &'static str {
        if self.per_month {
            "requests per month"
        } else {
            "requests"
        }
    }
}

/// A volume tick: `1`, `100`, `1k`, `10k`, `1M`, `2.5M`.
pub fn tick(volume: f64) -> String {
    let v = volume.round();
    if v >= 1e12 {
        return format!("{v:.1e}").replace(".0e", "e");
    }
    for (scale, suffix) in [(1e9, "B"), (1e6, "M"), (1e3, "k")] {
        if v >= scale {
            let x = v / scale;
            let text = format!("{x:.1}");
            return format!("{}{suffix}", text.trim_end_matches(".0"));
        }
    }
    format!("{v:.0}")
}

/// `$950`, `$12k`, `$1.5M`: money for axis ticks.
pub fn compact_money(amount: f64, currency: &str) -> String {
    let symbol = if currency == "USD" {
        "$".to_string()
    } else {
        format!("{currency} ")
    };
    let text = if amount < 1.0 && amount > 0.0 {
        format!("{amount:.2}")
    } else if amount < 1_000.0 {
        format!("{amount:.0}")
    } else {
        tick(amount)
    };
    format!("{symbol}{text}")
}

const GLYPHS: [char; 6] = ['*', 'o', '+', 'x', '%', '@'];
const COLORS: [AnsiColor; 6] = [
    AnsiColor::Red,
    AnsiColor::Green,
    AnsiColor::Blue,
    AnsiColor::Magenta,
    AnsiColor::Cyan,
    AnsiColor::Yellow,
];

/// Rows of the terminal chart.
const HEIGHT: usize = 15;

/// A grid of cells, each a glyph and the series that drew it.
struct Canvas<'a> {
    chart: &'a Chart,
    /// Columns of the plot area.
    plot: usize,
    /// Width of the cost labels on the left.
    margin: usize,
    labels: Vec<String>,
    cells: Vec<Vec<(char, Option<usize>)>>,
}

impl<'a> Canvas<'a> {
    fn new(chart: &'a Chart, width: usize) -> Canvas<'a> {
        let (ymin, ymax) = (chart.min_cost(), chart.max_cost());
        let labels: Vec<String> = (0..HEIGHT)
            .map(|r| match r {
                0 => compact_money(ymax, &chart.currency),
                r if r == HEIGHT / 2 => compact_money((ymin * ymax).sqrt(), &chart.currency),
                r if r == HEIGHT - 1 => compact_money(ymin, &chart.currency),
                _ => String::new(),
            })
            .collect();
        let margin = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0) + 1;
        let plot = width.saturating_sub(margin + 2).clamp(20, 200);
        Canvas {
            chart,
            plot,
            margin,
            labels,
            cells: vec![vec![(' ', None); plot]; HEIGHT],
        }
    }

    fn row_of(&self, cost: f64) -> usize {
        let r = (self.chart.cost_position(cost) * (HEIGHT - 1) as f64).round() as usize;
        HEIGHT - 1 - r.min(HEIGHT - 1)
    }

    fn col_of(&self, volume: f64) -> usize {
        let c = (self.chart.position_of(volume) * (self.plot - 1) as f64).round() as usize;
        c.min(self.plot - 1)
    }

    /// The user's volume as a column of `:`, each path's line in its glyph,
    /// and `X` at each break-even point.
    fn draw(&mut self) {
        for f in self.chart.flips_on() {
            let c = self.col_of(f.volume);
            self.cells.iter_mut().for_each(|row| row[c] = ('|', None));
        }
        if let Some(v) = self.chart.user_volume() {
            let c = self.col_of(v);
            self.cells.iter_mut().for_each(|row| row[c] = (':', None));
        }
        for (i, line) in self.chart.series.iter().enumerate() {
            for c in 0..self.plot {
                let volume = self.chart.volume_at(c as f64 / (self.plot - 1) as f64);
                let r = self.row_of(line.total_at(volume));
                self.cells[r][c] = (GLYPHS[i % GLYPHS.len()], Some(i));
            }
        }
        for (_, n, total) in self.chart.break_evens() {
            let (r, c) = (self.row_of(total), self.col_of(n));
            self.cells[r][c] = ('X', None);
        }
    }

    fn plot_lines(&self, color: bool) -> String {
        let mut out = String::new();
        for (label, row) in self.labels.iter().zip(&self.cells) {
            out.push_str(&format!("{label:>w$} │", w = self.margin - 1));
            for &(ch, series) in row {
                let style =
                    series.map(|i| Style::new().fg_color(Some(COLORS[i % COLORS.len()].into())));
                match style {
                    Some(style) => out.push_str(&paint(&ch.to_string(), style, color)),
                    None => out.push(ch),
                }
            }
            out.push('\n');
        }
        out
    }

    /// The volume axis: a rule, the decades that fit without running into
    /// each other, and the axis title.
    fn axis(&self) -> String {
        let mut ticks = vec![' '; self.plot];
        let mut free_from = 0;
        for d in self.chart.decades() {
            let label = tick(d);
            let len = label.chars().count();
            // A label at the right edge ends there rather than past the width.
            let c = self.col_of(d).min(self.plot.saturating_sub(len));
            if c < free_from {
                continue;
            }
            for (k, ch) in label.chars().enumerate() {
                if let Some(slot) = ticks.get_mut(c + k) {
                    *slot = ch;
                }
            }
            free_from = c + len + 1;
        }
        let pad = " ".repeat(self.margin - 1);
        let ticks: String = ticks.into_iter().collect();
        format!(
            "{pad} └{}\n{pad}  {}\n{pad}  {} (log scale); total cost on a log scale\n",
            "─".repeat(self.plot),
            ticks.trim_end(),
            self.chart.axis_label()
        )
    }
}

impl Chart {
    /// The user's volume, when it lies on the chart.
    fn user_volume(&self) -> Option<f64> {
        self.volume.filter(|v| (self.from..=self.to).contains(v))
    }

    /// What each glyph means.
    fn legend(&self) -> String {
        let mut out = String::new();
        for (i, line) in self.series.iter().enumerate() {
            let role = if i == 0 { "prompting" } else { "fine-tuned" };
            let glyph = GLYPHS[i % GLYPHS.len()];
            out.push_str(&format!("  {glyph} {role} {}\n", line.model));
        }
        for (i, n, _) in self.break_evens() {
            let model = &self.series[i].model;
            out.push_str(&format!(
                "  X break-even of {model} at {}\n",
                crate::format::requests(n as u64)
            ));
        }
        if let Some(v) = self.user_volume() {
            let unit = self.axis_label();
            out.push_str(&format!("  : your volume, {} {unit}\n", count(v as u64)));
        }
        for f in self.flips_on() {
            out.push_str(&format!("  | the verdict turns: {}\n", self.flip_label(f)));
        }
        out
    }
}

/// Draws the chart in `width` columns of text. Each path has its own glyph
/// (readable without colour); break-even points are `X`, the user's volume a
/// column of `:`, the flip values of the volume (with `--sensitivity`) columns
/// of `|`.
pub fn terminal(chart: &Chart, width: usize, color: bool) -> String {
    let mut canvas = Canvas::new(chart, width);
    canvas.draw();
    canvas.plot_lines(color) + &canvas.axis() + &chart.legend()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_read_like_volumes_and_money() {
        assert_eq!(tick(1.0), "1");
        assert_eq!(tick(1000.0), "1k");
        assert_eq!(tick(10_000.0), "10k");
        assert_eq!(tick(2_500_000.0), "2.5M");
        assert_eq!(tick(1e8), "100M");
        assert_eq!(tick(1e13), "1e13");
        assert_eq!(tick(5.5e18), "5.5e18");
        assert_eq!(compact_money(10_000.0, "USD"), "$10k");
        assert_eq!(compact_money(924_000.0, "USD"), "$924k");
        assert_eq!(compact_money(0.0, "USD"), "$0");
        assert_eq!(compact_money(950.0, "EUR"), "EUR 950");
    }
}
