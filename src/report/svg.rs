//! A standalone SVG of the decision (plotters' SVG backend): total cost against
//! volume on a log axis, one line per path with a legend, a marker at each
//! break-even volume, shaded zones of the best candidate's verdicts and the
//! user's volume as a vertical line. Written atomically.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use plotters::prelude::*;

use super::chart::{compact_money, tick, Chart};
use super::format::count;

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

/// Draws the chart as SVG text.
pub fn render(chart: &Chart) -> Result<String> {
    let mut svg = String::new();
    draw(chart, &mut svg).map_err(|e| anyhow::anyhow!("cannot draw the chart: {e}"))?;
    Ok(svg)
}

fn draw(chart: &Chart, svg: &mut String) -> Result<(), Box<dyn std::error::Error>> {
    let root = SVGBackend::with_string(svg, (WIDTH, HEIGHT)).into_drawing_area();
    root.fill(&WHITE)?;
    let (ymin, ymax) = (chart.min_cost(), chart.max_cost());
    let (from, to) = (chart.from, chart.to);
    let title = format!(
        "Total cost by volume: prompting on {} vs fine-tuning",
        chart.lines[0].model
    );
    let mut ctx = ChartBuilder::on(&root)
        .caption(title, ("sans-serif", 20))
        .margin(16)
        .x_label_area_size(48)
        .y_label_area_size(80)
        .build_cartesian_2d((from..to).log_scale(), (ymin..ymax).log_scale())?;
    let currency = chart.currency.clone();
    let x_fmt = |v: &f64| tick(*v);
    let y_fmt = move |v: &f64| compact_money(*v, &currency);
    ctx.configure_mesh()
        .x_desc("requests (log scale)")
        .y_desc(format!("total cost ({}, log scale)", chart.currency))
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .light_line_style(RGBColor(235, 235, 235))
        .draw()?;
    let best = &chart.lines[chart.best];
    if chart.best > 0 {
        let edges = [
            from,
            best.volume_for_depends
                .map_or(to, |v| (v as f64).clamp(from, to)),
            best.volume_for_fine_tune
                .map_or(to, |v| (v as f64).clamp(from, to)),
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
    }
    for (i, line) in chart.lines.iter().enumerate() {
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
    for (i, n, total) in chart.break_evens() {
        let color = PALETTE[i % PALETTE.len()];
        ctx.draw_series(std::iter::once(Circle::new((n, total), 7, color.filled())))?
            .label(format!(
                "break-even of {}: {} requests",
                chart.lines[i].model,
                count(n as u64)
            ))
            .legend(move |(x, y)| Circle::new((x + 8, y), 5, color.filled()));
    }
    if let Some(v) = chart.volume.filter(|v| (from..=to).contains(v)) {
        ctx.draw_series(DashedLineSeries::new(
            [(v, ymin), (v, ymax)],
            8,
            6,
            BLACK.stroke_width(2),
        ))?
        .label(format!("your volume: {} requests", count(v as u64)))
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], BLACK.stroke_width(2)));
    }
    ctx.configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.9))
        .border_style(RGBColor(180, 180, 180))
        .label_font(("sans-serif", 14))
        .draw()?;
    root.present()?;
    Ok(())
}

/// An SVG file to be written when the work is done. Opening it checks the
/// path at once (so a bad path fails before any work) by creating the
/// temporary file beside it; [`SvgFile::write`] renames it into place.
pub struct SvgFile {
    path: PathBuf,
    temp: tempfile::NamedTempFile,
}

impl SvgFile {
    /// Checks that `path` can be written.
    pub fn open(path: &Path) -> Result<SvgFile> {
        if path.is_dir() {
            anyhow::bail!("--svg {}: is a folder, not a file", path.display());
        }
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let mut builder = tempfile::Builder::new();
        builder.prefix(".ftvp-chart").suffix(".svg");
        // A chart is a document to share: readable by others, like any new file.
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
        let temp = builder.tempfile_in(dir).with_context(|| {
            format!(
                "--svg {}: cannot write in {}",
                path.display(),
                dir.display()
            )
        })?;
        Ok(SvgFile {
            path: path.to_path_buf(),
            temp,
        })
    }

    /// Writes the SVG and moves it into place.
    pub fn write(mut self, svg: &str) -> Result<()> {
        self.temp
            .write_all(svg.as_bytes())
            .and_then(|_| self.temp.flush())
            .with_context(|| format!("--svg {}: cannot write", self.path.display()))?;
        self.temp
            .persist(&self.path)
            .map_err(|e| anyhow::anyhow!("--svg {}: {}", self.path.display(), e.error))?;
        Ok(())
    }
}
