//! A standalone SVG of the decision (plotters' SVG backend): total cost against
//! volume on a log axis, one line per path with a legend, a marker at each
//! break-even volume, shaded zones of the best candidate's verdicts and the
//! user's volume as a vertical line, and with `--sensitivity` the volume's
//! flip values as labelled dotted lines. Text from sheets reaches the SVG only
//! escaped by plotters, and sheets refuse control characters, so the
//! document stays well-formed XML.

use plotters::prelude::*;

use super::chart::{compact_money, tick, Chart};
use super::{RenderError, Rendered};
use crate::format::count;

const WIDTH: u32 = 960;
const HEIGHT: u32 = 600;
const PALETTE: [RGBColor; 6] = [
    RGBColor(200, 30, 45),
    RGBColor(20, 110, 200),
    RGBColor(30, 150, 70),
    RGBColor(140, 60, 170),
    RGBColor(220, 130, 0),
    RGBColor(90, 90, 90),
];
const ZONES: [(RGBColor, &str); 3] = [
    (RGBColor(120, 170, 230), "prompt"),
    (RGBColor(240, 200, 80), "depends"),
    (RGBColor(110, 200, 120), "fine-tune"),
];

/// Draws the chart as SVG text, and below it the tornado of `report`'s
/// ranged inputs where it has any (design §15: the tornado is in `--svg`).
pub fn render_with(chart: &Chart, report: Option<&crate::analysis::Report>) -> Rendered {
    let bars = report.and_then(|r| r.tornado.as_ref()).map_or(0, Vec::len);
    let below = if bars > 0 { super::tornado_svg::height(bars) } else { 0 };
    let mut svg = String::new();
    let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT + below)).into_drawing_area();
    let drawn = (|| -> Drawn {
        let (top, bottom) = root.split_vertically(HEIGHT);
        draw(chart, &top)?;
        if let Some(r) = report.filter(|_| bars > 0) {
            super::tornado_svg::draw_on(r, &bottom)?;
        }
        Ok(root.present()?)
    })();
    drawn.map_err(|e| RenderError::Chart(e.to_string()))?;
    drop(root);
    Ok(svg)
}

/// What drawing can fail with.
type Drawn = Result<(), Box<dyn std::error::Error>>;

/// The plot area: both axes logarithmic.
type Plot<'a, 'b> = ChartContext<'a, SVGBackend<'b>, Cartesian2d<LogCoord<f64>, LogCoord<f64>>>;

fn draw(chart: &Chart, root: &DrawingArea<SVGBackend, plotters::coord::Shift>) -> Drawn {
    root.fill(&WHITE)?;
    let (ymin, ymax) = (chart.min_cost(), chart.max_cost());
    let title = format!(
        "Total cost by volume: prompting on {} vs fine-tuning",
        chart.series[0].model
    );
    let mut ctx = ChartBuilder::on(root)
        .caption(title, ("sans-serif", 20))
        .margin(16)
        .x_label_area_size(48)
        .y_label_area_size(80)
        .build_cartesian_2d((chart.from..chart.to).log_scale(), (ymin..ymax).log_scale())?;
    let currency = chart.currency.clone();
    let x_fmt = |v: &f64| tick(*v);
    let y_fmt = move |v: &f64| compact_money(*v, &currency);
    ctx.configure_mesh()
        .x_desc(format!("{} (log scale)", chart.axis_label()))
        .y_desc(format!("total cost ({}, log scale)", chart.currency))
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .light_line_style(RGBColor(235, 235, 235))
        .draw()?;
    zones(chart, &mut ctx)?;
    lines(chart, &mut ctx)?;
    marks(chart, &mut ctx)?;
    ctx.configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.9))
        .border_style(RGBColor(180, 180, 180))
        .label_font(("sans-serif", 14))
        .draw()?;
    Ok(())
}

/// The best candidate's `prompt`, `depends` and `fine-tune` zones, shaded.
fn zones(chart: &Chart, ctx: &mut Plot) -> Drawn {
    if chart.best == 0 {
        return Ok(());
    }
    let best = &chart.series[chart.best];
    let (from, to) = (chart.from, chart.to);
    let (ymin, ymax) = (chart.min_cost(), chart.max_cost());
    let edges = [
        from,
        chart.zones.0.map_or(to, |v| v.clamp(from, to)),
        chart.zones.1.map_or(to, |v| v.clamp(from, to)),
        to,
    ];
    for (k, (color, name)) in ZONES.iter().enumerate() {
        let (x0, x1) = (edges[k], edges[k + 1]);
        if x1 > x0 {
            ctx.draw_series(std::iter::once(Rectangle::new(
                [(x0, ymin), (x1, ymax)],
                color.mix(0.18).filled(),
            )))?
            .label(format!("zone: {name} ({})", best.model))
            .legend(move |(x, y)| {
                Rectangle::new([(x, y - 5), (x + 16, y + 5)], color.mix(0.4).filled())
            });
        }
    }
    Ok(())
}

/// One line of total cost per path.
fn lines(chart: &Chart, ctx: &mut Plot) -> Drawn {
    let (ymin, ymax) = (chart.min_cost(), chart.max_cost());
    for (i, line) in chart.series.iter().enumerate() {
        let color = PALETTE[i % PALETTE.len()];
        let points: Vec<(f64, f64)> = (0..=200)
            .map(|k| {
                let v = chart.volume_at(f64::from(k) / 200.0);
                (v, line.total_at(v).clamp(ymin, ymax))
            })
            .collect();
        let role = if i == 0 { "prompting" } else { "fine-tuned" };
        ctx.draw_series(LineSeries::new(points, color.stroke_width(3)))?
            .label(format!("{role}: {}", line.model))
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 16, y)], color.stroke_width(3))
            });
    }
    Ok(())
}

/// A dot at each break-even, and the user's volume as a dashed line.
fn marks(chart: &Chart, ctx: &mut Plot) -> Drawn {
    for (i, n, total) in chart.break_evens() {
        let color = PALETTE[i % PALETTE.len()];
        ctx.draw_series(std::iter::once(Circle::new((n, total), 7, color.filled())))?
            .label(format!(
                "break-even of {}: {}",
                chart.series[i].model,
                crate::format::requests(n as u64)
            ))
            .legend(move |(x, y)| Circle::new((x + 8, y), 5, color.filled()));
    }
    let (ymin, ymax) = (chart.min_cost(), chart.max_cost());
    if let Some(v) = chart.volume.filter(|v| (chart.from..=chart.to).contains(v)) {
        ctx.draw_series(DashedLineSeries::new(
            [(v, ymin), (v, ymax)],
            8,
            6,
            BLACK.stroke_width(2),
        ))?
        .label(format!(
            "your volume: {} {}",
            count(v as u64),
            chart.axis_label()
        ))
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], BLACK.stroke_width(2)));
    }
    flips(chart, ctx)
}

/// Each flip value of the volume (`--sensitivity`) as a vertical dotted
/// line, labelled at its top with the verdict from there.
fn flips(chart: &Chart, ctx: &mut Plot) -> Drawn {
    let (ymin, ymax) = (chart.min_cost(), chart.max_cost());
    let color = RGBColor(150, 40, 120);
    for f in chart.flips_on() {
        let label = chart.flip_label(f);
        let v = f.volume;
        ctx.draw_series(DashedLineSeries::new([(v, ymin), (v, ymax)], 3, 4, color.stroke_width(2)))?
            .label(format!("flip: {label}"))
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], color.stroke_width(2)));
        let text = format!("flip: {} at {}", f.verdict, tick(v));
        let style = ("sans-serif", 13).into_font().color(&color);
        ctx.draw_series(std::iter::once(Text::new(text, (v, ymax / 1.15), style)))?;
    }
    Ok(())
}
