//! Line charts as inline SVG for the HTML report: drawn with the page's
//! colours (so they follow light and dark), with a `<title>` and a `<desc>`
//! that lists the values for screen readers, beside a table of the same
//! values. Coordinates are printed with one decimal: the same inputs give
//! the same bytes.

use maud::{html, Markup};

use super::{text, NEWLINE};
use crate::report::chart::{compact_money, tick};

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 280.0;
/// Room for the y labels and the x labels.
const LEFT: f64 = 72.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 44.0;

/// One line of a chart.
pub struct Line {
    /// Its name in the legend.
    pub name: String,
    /// `(x, y)` points, in order of x.
    pub points: Vec<(f64, f64)>,
    /// Drawn dashed (a reference line rather than a path).
    pub dashed: bool,
}

/// A chart: its lines, how its axes scale and are labelled, and its text
/// alternative.
pub struct Plot {
    /// Unique within the page: the ids of its title and description.
    pub id: String,
    /// What it shows.
    pub title: String,
    /// The x axis's label.
    pub x_label: String,
    /// Whether the x axis is logarithmic (volumes), else linear (months).
    pub log_x: bool,
    /// Whether the y axis is logarithmic.
    pub log_y: bool,
    /// The currency of the y axis.
    pub currency: String,
    /// The lines.
    pub lines: Vec<Line>,
    /// Every value, in words: the chart's text alternative.
    pub desc: String,
}

/// Where values fall on one axis.
#[derive(Clone, Copy)]
struct Scale {
    lo: f64,
    hi: f64,
    log: bool,
}

impl Scale {
    /// The range of `values`, widened to take in 0 when `zero` (money).
    fn of(values: impl Iterator<Item = f64>, log: bool, zero: bool) -> Scale {
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for v in values.filter(|v| v.is_finite() && (!log || *v > 0.0)) {
            lo = lo.min(v);
            hi = hi.max(v);
        }
        if !lo.is_finite() {
            (lo, hi) = (1.0, 10.0);
        }
        if zero && !log {
            (lo, hi) = (lo.min(0.0), hi.max(0.0));
        }
        if hi <= lo {
            hi = if log { lo * 10.0 } else { lo + 1.0 };
        }
        Scale { lo, hi, log }
    }

    /// `v`'s place between 0 and 1.
    fn at(self, v: f64) -> f64 {
        match self.log {
            true => (v.max(self.lo).log10() - self.lo.log10()) / (self.hi.log10() - self.lo.log10()),
            false => (v - self.lo) / (self.hi - self.lo),
        }
    }

    /// Up to about six values to mark: decades, or even steps (whole
    /// numbers when `whole`).
    fn ticks(self, whole: bool) -> Vec<f64> {
        if self.log {
            let (a, b) = (self.lo.log10().floor() as i32, self.hi.log10().ceil() as i32);
            let step = ((b - a) / 6 + 1) as usize;
            let decades = (a..=b).step_by(step).map(|e| 10f64.powi(e));
            return decades.filter(|v| *v >= self.lo && *v <= self.hi).collect();
        }
        let step = nice_step((self.hi - self.lo) / 5.0);
        let step = if whole { step.ceil() } else { step };
        let first = (self.lo / step).ceil() as i64;
        let last = (self.hi / step).floor() as i64;
        (first..=last).map(|k| k as f64 * step).collect()
    }
}

/// The first of 1, 2, 2.5 and 5 times a power of ten at least `raw`.
fn nice_step(raw: f64) -> f64 {
    let magnitude = 10f64.powf(raw.max(1e-9).log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|step| *step >= raw)
        .unwrap_or(10.0 * magnitude)
}

fn x_of(s: Scale, v: f64) -> f64 {
    LEFT + s.at(v) * (WIDTH - LEFT - RIGHT)
}

fn y_of(s: Scale, v: f64) -> f64 {
    HEIGHT - BOTTOM - s.at(v) * (HEIGHT - TOP - BOTTOM)
}

fn num(v: f64) -> String {
    format!("{v:.1}")
}

/// The chart in a figure, its caption the title.
pub fn svg(p: &Plot) -> Markup {
    let points = || p.lines.iter().flat_map(|l| l.points.iter());
    let xs = Scale::of(points().map(|q| q.0), p.log_x, false);
    let ys = Scale::of(points().map(|q| q.1), p.log_y, true);
    let (title_id, desc_id) = (format!("{}-title", p.id), format!("{}-desc", p.id));
    html! {
        figure {
            svg.chart xmlns="http://www.w3.org/2000/svg" viewBox={"0 0 " (WIDTH) " " (HEIGHT)}
                role="img" aria-labelledby={(title_id) " " (desc_id)} {
                title id=(title_id) { (text(&p.title)) }
                desc id=(desc_id) { (text(&p.desc)) }
                (axes(p, xs, ys))
                @for (i, line) in p.lines.iter().enumerate() { (NEWLINE) (polyline(line, i, xs, ys)) }
            }
            (legend(p))
            figcaption { (text(&p.title)) ". The table below lists every value." }
        }
    }
}

/// Grid lines with their labels, and the axes' names.
fn axes(p: &Plot, xs: Scale, ys: Scale) -> Markup {
    let (x0, x1) = (LEFT, WIDTH - RIGHT);
    let (y0, y1) = (HEIGHT - BOTTOM, TOP);
    let x_label = |v: f64| match p.log_x {
        true => tick(v),
        false => format!("{v:.0}"),
    };
    html! {
        @for v in ys.ticks(false) {
            line.grid x1=(num(x0)) x2=(num(x1)) y1=(num(y_of(ys, v))) y2=(num(y_of(ys, v))) {}
            text x=(num(x0 - 6.0)) y=(num(y_of(ys, v) + 4.0)) text-anchor="end" {
                (compact_money(v, &p.currency))
            }
        }
        @for v in xs.ticks(true) {
            line.grid x1=(num(x_of(xs, v))) x2=(num(x_of(xs, v))) y1=(num(y0)) y2=(num(y1)) {}
            text x=(num(x_of(xs, v))) y=(num(y0 + 16.0)) text-anchor="middle" { (x_label(v)) }
        }
        line.axis x1=(num(x0)) x2=(num(x1)) y1=(num(y0)) y2=(num(y0)) {}
        line.axis x1=(num(x0)) x2=(num(x0)) y1=(num(y0)) y2=(num(y1)) {}
        text x=(num((x0 + x1) / 2.0)) y=(num(HEIGHT - 6.0)) text-anchor="middle" { (text(&p.x_label)) }
    }
}

fn polyline(line: &Line, i: usize, xs: Scale, ys: Scale) -> Markup {
    let points: Vec<String> = line
        .points
        .iter()
        .filter(|(x, y)| (!xs.log || *x > 0.0) && (!ys.log || *y > 0.0))
        .map(|&(x, y)| format!("{},{}", num(x_of(xs, x)), num(y_of(ys, y))))
        .collect();
    let class = format!("line s{}{}", i % 6, if line.dashed { " dashed" } else { "" });
    html! { polyline class=(class) points=(points.join(" ")) {} }
}

/// A swatch and a name per line, as a list under the plot (it wraps
/// where names are long).
fn legend(p: &Plot) -> Markup {
    html! {
        ul.legend {
            @for (i, line) in p.lines.iter().enumerate() {
                li { span class={"swatch k" (i % 6) @if line.dashed { " dashed" }} {} (text(&line.name)) }
            }
        }
    }
}
