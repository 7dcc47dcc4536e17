//! Rendering of reports. One output format per file, all behind [`Renderer`]:
//! tables for people ([`table`]), JSON for scripts ([`json`]), Markdown for
//! documents ([`markdown`]) and CSV for spreadsheets ([`csv`]). Markdown and
//! CSV share their rows and columns ([`grid`]).

pub mod chart;
pub mod csv;
pub mod format;
pub mod grid;
pub mod json;
pub mod markdown;
pub mod svg;
pub mod table;

use anstyle::{AnsiColor, Style};

use crate::analysis::Report;
use crate::cost::Verdict;
use crate::pricing::Model;
use crate::sweep::Sweep;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A table for people.
    Table,
    /// One JSON document with a versioned schema.
    Json,
    /// A Markdown table, for design documents and pull requests.
    Markdown,
    /// CSV with a header row and unformatted numbers.
    Csv,
}

/// Renders each report of ftvp in one output format.
pub trait Renderer {
    /// `ftvp breakeven`: one row per path.
    fn breakeven(&self, report: &Report) -> anyhow::Result<String>;
    /// `ftvp sweep`: one row per volume.
    fn sweep(&self, sweep: &Sweep) -> anyhow::Result<String>;
    /// `ftvp prices`: one row per model.
    fn prices(&self, models: &[&Model]) -> anyhow::Result<String>;
}

/// The renderer of a format; `color` matters to tables only.
pub fn renderer(format: Format, color: bool) -> Box<dyn Renderer> {
    match format {
        Format::Table => Box::new(table::Table { color }),
        Format::Json => Box::new(json::Json),
        Format::Markdown => Box::new(markdown::Markdown),
        Format::Csv => Box::new(csv::Csv),
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
