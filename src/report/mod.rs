//! Rendering of every report ftvp prints. One output format per file, all
//! behind [`Renderer`]: tables for people ([`table`]), JSON for scripts
//! ([`json`]), Markdown for documents ([`markdown`]) and CSV for
//! spreadsheets ([`csv`]); Markdown and CSV share their rows and columns
//! ([`grid`]). Charts of cost against volume: [`chart`] (terminal) and
//! [`svg`]. Renderers format what the analysis built and compute nothing.

pub mod chart;
pub mod basis;
pub mod change;
pub mod comparison;
pub mod csv;
pub mod grid;
pub mod html;
pub mod json;
pub mod layout;
pub mod markdown;
pub mod search;
pub mod svg;
pub mod tornado_svg;
pub mod table;
pub mod usage;

#[cfg(test)]
mod tests;

use crate::names::Naming;
use std::fmt;
use std::str::FromStr;

use anstyle::{AnsiColor, Style};

use crate::analysis::dataset::DatasetReport;
use crate::analysis::prices::{CheckReport, GpuList, ImportReport, PriceList};
use crate::analysis::sweep::Sweep;
use crate::analysis::tokens::TokensReport;
use crate::analysis::Report;
use crate::cost::Verdict;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// A table for people.
    #[default]
    Table,
    /// One JSON document with a versioned schema.
    Json,
    /// Markdown tables, for design documents and pull requests.
    Markdown,
    /// CSV with a header row and unformatted numbers.
    Csv,
    /// One self-contained HTML report (breakeven and sweep only).
    Html,
}

impl Format {
    /// Every format, in the order `--help` lists them.
    pub const ALL: [Format; 4] = [Format::Table, Format::Json, Format::Markdown, Format::Csv];

    /// The formats of `breakeven` and `sweep`: every format and the HTML report.
    pub const REPORTS: [Format; 5] = [
        Format::Table,
        Format::Json,
        Format::Markdown,
        Format::Csv,
        Format::Html,
    ];

    /// The name on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Json => "json",
            Format::Markdown => "markdown",
            Format::Csv => "csv",
            Format::Html => "html",
        }
    }
}

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Format, String> {
        Format::REPORTS
            .into_iter()
            .find(|f| f.as_str() == s)
            .ok_or_else(|| {
                format!("unknown format `{s}`; expected table, json, markdown, csv or html")
            })
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a report could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// JSON serialisation failed.
    #[error("cannot write JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// CSV writing failed.
    #[error("cannot write CSV: {0}")]
    Csv(#[from] ::csv::Error),
    /// The chart could not be drawn.
    #[error("cannot draw the chart: {0}")]
    Chart(String),
    /// A report that has no form in this format.
    #[error("{what} has no {format} form")]
    Unsupported {
        /// The report.
        what: &'static str,
        /// The format.
        format: &'static str,
    },
    /// Writing the output as it was rendered failed.
    #[error("cannot write: {0}")]
    Io(#[from] std::io::Error),
}

/// Rows written into a piece of this many bytes go out together.
pub(crate) const PIECE_BYTES: usize = 64 << 10;

/// The result of rendering.
pub type Rendered = Result<String, RenderError>;

/// Renders each report of ftvp in one output format.
pub trait Renderer {
    /// `ftvp breakeven`: the comparison.
    fn breakeven(&self, report: &Report) -> Rendered;
    /// `ftvp breakeven --ledger`: each candidate month by month.
    fn ledger(&self, report: &Report) -> Rendered;
    /// `ftvp sweep`: one row per volume.
    fn sweep(&self, sweep: &Sweep) -> Rendered;
    /// `ftvp sweep` written to `out` as it is rendered. JSON and CSV write
    /// their rows a piece at a time, so that 10,000 rows are never held as
    /// one text (whose fresh memory cost a sweep more than writing it);
    /// the others write [`Renderer::sweep`]'s text.
    fn write_sweep(&self, sweep: &Sweep, out: &mut dyn std::io::Write) -> Result<(), RenderError> {
        Ok(out.write_all(self.sweep(sweep)?.as_bytes())?)
    }
    /// `ftvp prices`: one row per model.
    fn prices(&self, list: &PriceList) -> Rendered;
    /// `ftvp prices --gpus`: one row per GPU.
    fn gpus(&self, list: &GpuList) -> Rendered;
    /// `ftvp prices check`: one row per finding.
    fn check(&self, report: &CheckReport) -> Rendered;
    /// `ftvp prices import`: what was written.
    fn import(&self, report: &ImportReport) -> Rendered;
    /// `ftvp tokens`: one row per file.
    fn tokens(&self, report: &TokensReport) -> Rendered;
    /// `ftvp dataset`: checks, statistics and training costs of a file.
    fn dataset(&self, report: &DatasetReport) -> Rendered;
}

/// The renderer of a format; `color` and `width` (the columns tables should
/// fit in) matter to tables only.
pub fn renderer(format: Format, color: bool, width: usize, names: Naming) -> Box<dyn Renderer> {
    match format {
        Format::Table => Box::new(table::Table {
            color,
            width,
            names,
        }),
        Format::Json => Box::new(json::Json),
        Format::Markdown => Box::new(markdown::Markdown { names }),
        Format::Csv => Box::new(csv::Csv),
        // Without how the report was made: the command line gives it
        // through `html::Html` itself.
        Format::Html => Box::new(html::Html::default()),
    }
}

/// The style of a verdict word when colour is on.
pub fn verdict_style(v: Verdict) -> Style {
    let color = match v {
        Verdict::Prompt => AnsiColor::Cyan,
        Verdict::Depends => AnsiColor::Yellow,
        Verdict::FineTune => AnsiColor::Green,
    };
    Style::new().bold().fg_color(Some(color.into()))
}

/// `text` in `style` when `color` is on, plain otherwise.
pub fn paint(text: &str, style: Style, color: bool) -> String {
    if color {
        format!("{style}{text}{style:#}")
    } else {
        text.to_string()
    }
}

/// `1 example`, `1,200 examples`.
pub fn plural(n: u64, noun: &str) -> String {
    let s = if n == 1 { "" } else { "s" };
    format!("{} {noun}{s}", crate::format::count(n))
}
