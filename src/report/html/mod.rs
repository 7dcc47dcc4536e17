//! The decision report as one self-contained HTML file (design §19): inline
//! CSS and SVG, no script and nothing fetched, light and dark, printable on
//! A4. Built with maud, so every string is escaped where it is written;
//! strings from users and sheets also have their control characters shown
//! escaped ([`text`]). Numbers come from the table's formatting code (the
//! comparison's own rows, [`super::table::ledger_row`]), so the report and
//! the terminal print the same figures. Each section is one small function
//! of the report ([`breakeven`]); the output depends only on its inputs.

mod chart;
mod sections;
mod sweep;
mod tornado;

use jiff::civil::Date;
use maud::{html, Markup, PreEscaped, DOCTYPE};

use super::{RenderError, Rendered, Renderer};
use crate::analysis::dataset::DatasetReport;
use crate::analysis::prices::{CheckReport, GpuList, ImportReport, PriceList};
use crate::analysis::sweep::Sweep;
use crate::analysis::tokens::TokensReport;
use crate::analysis::Report;

/// The report's stylesheet, inlined.
const STYLE: &str = include_str!("style.css");

/// The page's own rules: no script, no request of any kind; only its
/// inline style (and the SVG inside it).
const POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'";

/// Between blocks, so that the file reads (and diffs) a block to a line.
const NEWLINE: PreEscaped<&str> = PreEscaped("\n");

/// How a report was made, printed at its end so that it can be reproduced.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct About {
    /// `ftvp` and its arguments, shell-quoted; `None` when unknown (a
    /// library caller).
    pub command: Option<String>,
    /// ftvp's version.
    pub version: String,
    /// The date the run took as today, and whether it came from
    /// `FTVP_TODAY` (else the machine's clock).
    pub today: Option<(Date, bool)>,
    /// The price sheets the comparison used: where each is and its layer.
    pub sheets: Vec<String>,
}

impl About {
    /// `ftvp` and `args`, shell-quoted (`'a b'`); arguments that are not
    /// UTF-8 are shown with replacement characters.
    pub fn command_line<I: IntoIterator<Item = std::ffi::OsString>>(args: I) -> String {
        let words: Vec<String> = std::iter::once("ftvp".to_string())
            .chain(args.into_iter().map(|a| a.to_string_lossy().into_owned()))
            .collect();
        let quoted = words
            .iter()
            .map(|w| shlex::try_quote(w).map_or_else(|_| w.replace('\0', "\\0"), |q| q.into()));
        quoted.collect::<Vec<String>>().join(" ")
    }
}

/// The HTML renderer: the breakeven and sweep reports; the other commands'
/// reports have no HTML form.
#[derive(Debug, Clone, Default)]
pub struct Html {
    /// How the report was made.
    pub about: About,
}

impl Renderer for Html {
    fn breakeven(&self, report: &Report) -> Rendered {
        Ok(breakeven(report, &self.about))
    }

    /// The ledger is a section of the one report.
    fn ledger(&self, report: &Report) -> Rendered {
        Ok(breakeven(report, &self.about))
    }

    fn sweep(&self, sweep: &Sweep) -> Rendered {
        Ok(sweep::document(sweep, &self.about))
    }

    fn prices(&self, _: &PriceList) -> Rendered {
        unsupported("the price list")
    }

    fn gpus(&self, _: &GpuList) -> Rendered {
        unsupported("the GPU list")
    }

    fn check(&self, _: &CheckReport) -> Rendered {
        unsupported("a price check")
    }

    fn import(&self, _: &ImportReport) -> Rendered {
        unsupported("an import")
    }

    fn tokens(&self, _: &TokensReport) -> Rendered {
        unsupported("token counts")
    }

    fn dataset(&self, _: &DatasetReport) -> Rendered {
        unsupported("a dataset report")
    }
}

fn unsupported(what: &'static str) -> Rendered {
    Err(RenderError::Unsupported {
        what,
        format: "html",
    })
}

/// The breakeven report: its sections in order, then how it was made.
pub fn breakeven(r: &Report, about: &About) -> String {
    let title = format!(
        "ftvp: {} — {} against {}",
        r.verdict, r.base.model, r.best
    );
    let heading = format!(
        "Fine-tune or prompt? {} against prompting on {}",
        r.best, r.base.model
    );
    let body = html! {
        @for section in sections::BREAKEVEN {
            @if let Some(markup) = section(r) { (markup) (NEWLINE) }
        }
        (provenance(about, Some(r.start)))
    };
    page(&title, &heading, body)
}

/// A whole document: head, inline style, one `h1` and the sections.
fn page(title: &str, heading: &str, body: Markup) -> String {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                // No script runs and nothing is fetched, whatever a name holds.
                meta http-equiv="Content-Security-Policy" content=(POLICY);
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="color-scheme" content="light dark";
                meta name="generator" content="ftvp";
                title { (text(title)) }
                style { (NEWLINE) (PreEscaped(STYLE)) }
            }
            body {
                main {
                    (NEWLINE)
                    h1 { (text(heading)) }
                    (NEWLINE)
                    (body)
                }
            }
        }
    }
    .into_string()
        + "\n"
}

/// The exact command line, the version, the date and the sheets.
fn provenance(about: &About, start: Option<Date>) -> Markup {
    let unknown = "not recorded";
    html! {
        section #reproduce {
            h2 { "How this report was made" }
            dl.key {
                dt { "command" }
                dd { code #command { (text(about.command.as_deref().unwrap_or(unknown))) } }
                dt { "ftvp version" }
                dd #version { (text(&about.version)) }
                dt { "date" }
                dd #today { (today(about.today)) }
                @if let Some(start) = start {
                    dt { "start" }
                    dd { (start.to_string()) }
                }
                dt { "price sheets" }
                dd {
                    @if about.sheets.is_empty() { (unknown) }
                    @for s in &about.sheets { (text(s)) br; }
                }
            }
        }
    }
}

fn today(today: Option<(Date, bool)>) -> String {
    match today {
        Some((d, true)) => format!("{d} (FTVP_TODAY)"),
        Some((d, false)) => format!("{d} (today)"),
        None => "not recorded".to_string(),
    }
}

/// A string from a user or a sheet as text: control characters shown
/// escaped (maud escapes the markup characters).
pub(crate) fn text(s: &str) -> String {
    crate::format::escape_controls(s)
}

/// A table cell's text, its lines kept as line breaks.
fn cell(s: &str) -> Markup {
    html! {
        @for (i, line) in s.split('\n').enumerate() {
            @if i > 0 { br; }
            (text(line))
        }
    }
}

/// A table with a header row and, per row, its first cell as a row header.
fn table(caption: &str, header: &[String], rows: &[Vec<String>]) -> Markup {
    html! {
        table {
            caption { (text(caption)) }
            thead {
                tr {
                    @for (i, h) in header.iter().enumerate() {
                        th scope="col" class=[(i == 0).then_some("text")] { (cell(h)) }
                    }
                }
            }
            tbody {
                @for row in rows {
                    (NEWLINE)
                    tr {
                        @for (i, c) in row.iter().enumerate() {
                            @if i == 0 { th scope="row" { (cell(c)) } } @else { td { (cell(c)) } }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
