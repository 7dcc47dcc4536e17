//! The tornado as a standalone SVG (plotters' SVG backend): one horizontal
//! bar per ranged input from the net saving at its low end to the one at its
//! high end, through the main answer's net saving, each half coloured by the
//! verdict at that end, widest first at the top.

use plotters::prelude::*;
use rust_decimal::prelude::ToPrimitive;

use super::change::input_name;
use super::chart::compact_money;
use super::{RenderError, Rendered};
use crate::analysis::Report;
use crate::cost::Verdict;

const WIDTH: u32 = 960;
const ROW: u32 = 48;

fn colour(v: Verdict) -> RGBColor {
    match v {
        Verdict::Prompt => RGBColor(120, 170, 230),
        Verdict::Depends => RGBColor(240, 200, 80),
        Verdict::FineTune => RGBColor(110, 200, 120),
    }
}

/// The tornado of `r` as SVG text; an error when the report has no ranges.
pub fn render(r: &Report) -> Rendered {
    let Some(bars) = r.tornado.as_deref().filter(|b| !b.is_empty()) else {
        return Err(RenderError::Chart("no ranged inputs: give an input as LOW..BASE..HIGH".into()));
    };
    let mut svg = String::new();
    let root = SVGBackend::with_string(&mut svg, (WIDTH, height(bars.len()))).into_drawing_area();
    draw(r, bars, &root).and_then(|()| Ok(root.present()?)).map_err(|e| RenderError::Chart(e.to_string()))?;
    drop(root);
    Ok(svg)
}

/// The height of a tornado of `n` bars.
pub fn height(n: usize) -> u32 {
    140 + ROW * u32::try_from(n).unwrap_or(u32::MAX / ROW).min(10_000)
}

/// The tornado of `r` drawn on `area` (nothing without ranges).
pub(super) fn draw_on(r: &Report, area: &DrawingArea<SVGBackend, plotters::coord::Shift>) -> Result<(), Box<dyn std::error::Error>> {
    match r.tornado.as_deref().filter(|b| !b.is_empty()) {
        Some(bars) => draw(r, bars, area),
        None => Ok(()),
    }
}

fn f(d: rust_decimal::Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

fn draw(r: &Report, bars: &[crate::analysis::tornado::Bar], root: &DrawingArea<SVGBackend, plotters::coord::Shift>) -> Result<(), Box<dyn std::error::Error>> {
    let n = bars.len();
    root.fill(&WHITE)?;
    let base = f(r.best_candidate().net_saving);
    let ends = bars.iter().flat_map(|b| [f(b.net_saving_low), f(b.net_saving_high)]);
    let (lo, hi) = ends.fold((base, base), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let pad = ((hi - lo) * 0.05).max(1.0);
    let mut ctx = ChartBuilder::on(root)
        .caption(format!("Net saving at each end of a range ({})", r.best), ("sans-serif", 18))
        .margin(16)
        .x_label_area_size(40)
        .y_label_area_size(220)
        .build_cartesian_2d((lo - pad)..(hi + pad), 0f64..n as f64)?;
    let names: Vec<String> = bars.iter().map(|b| input_name(b.input, b.candidate.as_deref())).collect();
    let label = move |y: &f64| {
        // Bars sit between whole numbers; a label at each bar's middle.
        let i = (n as f64 - y - 0.5).round();
        let middle = (y.fract() - 0.5).abs() < 1e-9;
        if i >= 0.0 && (i as usize) < n && middle {
            names[i as usize].clone()
        } else {
            String::new()
        }
    };
    let currency = r.currency.clone();
    ctx.configure_mesh()
        .disable_y_mesh()
        .y_labels(2 * n + 1)
        .y_label_formatter(&label)
        .x_label_formatter(&move |v: &f64| compact_money(*v, &currency))
        .x_desc("net saving")
        .draw()?;
    for (i, b) in bars.iter().enumerate() {
        let y = (n - 1 - i) as f64;
        for (end, v) in [(f(b.net_saving_low), b.verdict_low), (f(b.net_saving_high), b.verdict_high)] {
            ctx.draw_series(std::iter::once(Rectangle::new(
                [(base.min(end), y + 0.2), (base.max(end), y + 0.8)],
                colour(v).filled(),
            )))?;
        }
    }
    ctx.draw_series(LineSeries::new([(base, 0.0), (base, n as f64)], BLACK.stroke_width(2)))?;
    Ok(())
}
