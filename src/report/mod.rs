//! Rendering of reports: tables for people, JSON for scripts.

pub mod format;
mod table;

pub use table::{breakeven_table, prices_table};

use std::io::Write;

use anstyle::{AnsiColor, Style};
use serde::Serialize;

use crate::cost::Verdict;

/// Writes one JSON document followed by a newline.
pub fn write_json<T: Serialize>(out: &mut dyn Write, value: &T) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
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
