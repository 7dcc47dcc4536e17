//! `ftvp usage` in each output format: a row per model and month, then the
//! growth per model, the months the logs cover only in part and the records
//! left out.

use super::grid::{Grid, Numbers};
use super::layout::{wrap_prose, Columns as LayoutColumns};
use super::{Format, RenderError};
use crate::analysis::usage::{MonthEntry, UsageReport};
use crate::format::{count, escape_controls, percent};
use crate::names::Names;

/// The report in `format`, tables fitted to `width` columns; `names` names
/// the settings a footnote mentions.
pub fn render(r: &UsageReport, format: Format, width: usize, names: &dyn Names) -> Result<String, RenderError> {
    Ok(match format {
        Format::Json => format!("{}\n", serde_json::to_string_pretty(r)?),
        Format::Csv => csv(&grid(r, Numbers::Raw))?,
        Format::Markdown => {
            let mut out = super::markdown::table(&grid(r, Numbers::Human));
            for line in notes(r) {
                out.push_str(&format!("\n- {}", super::markdown::escape(&line)));
            }
            out.push('\n');
            out
        }
        Format::Table => table(r, width, names),
        Format::Html => {
            return Err(RenderError::Unsupported {
                what: "measured usage",
                format: "html",
            })
        }
    })
}

const HEADER: [&str; 13] = [
    "model", "month", "requests", "input", "p50", "p90", "output", "p50", "p90", "reasoning",
    "cached", "batch", "growth",
];

/// The CSV's columns: the names of `ftvp.usage/1`.
const RAW_HEADER: [&str; 15] = [
    "model", "month", "requests", "input_tokens_mean", "input_p50", "input_p90", "output_mean",
    "output_p50", "output_p90", "reasoning_mean", "cached_share", "batch_share", "growth_percent",
    "input_length_resolution", "output_length_resolution",
];

/// A row per model and month; the growth on each model's first row.
pub fn grid(r: &UsageReport, numbers: Numbers) -> Grid {
    let mut rows = Vec::new();
    for m in &r.models {
        for (i, month) in m.months.iter().enumerate() {
            let growth = m.growth_percent.filter(|_| i == 0);
            rows.push(row(month, growth, numbers));
        }
    }
    let header: &[&str] = match numbers {
        Numbers::Human => &HEADER,
        Numbers::Raw => &RAW_HEADER,
    };
    Grid { header: header.iter().map(|h| h.to_string()).collect(), rows }
}

/// How the cells of a row read: for people (`—` for none, `3,239.9`,
/// `≈` before an approximate percentile) or raw (empty for none).
struct Cells {
    human: bool,
}

impl Cells {
    fn none(&self) -> String {
        if self.human { "—".to_string() } else { String::new() }
    }
    fn n(&self, v: Option<u64>) -> String {
        v.map_or_else(|| self.none(), |v| if self.human { count(v) } else { v.to_string() })
    }
    /// A percentile from lengths kept to `resolution` tokens.
    fn p(&self, v: Option<u64>, resolution: Option<u64>) -> String {
        match resolution {
            Some(w) if w > 1 && self.human && v.is_some() => format!("≈{}", self.n(v)),
            _ => self.n(v),
        }
    }
    fn mean(&self, v: Option<f64>) -> String {
        v.map_or_else(|| self.none(), |v| if self.human { mean_text(v) } else { v.to_string() })
    }
    fn share(&self, v: Option<f64>) -> String {
        v.map_or_else(|| self.none(), |v| if self.human { percent(v) } else { v.to_string() })
    }
    fn month(&self, m: &MonthEntry) -> String {
        match (self.human, m.complete) {
            (true, false) => format!("{} ({} d)", m.month, m.days_covered),
            _ => m.month.clone(),
        }
    }
}

/// A mean to one decimal, its thousands grouped: `3,239.9`.
fn mean_text(v: f64) -> String {
    let tenths = (v * 10.0).round();
    match tenths < 1e18 {
        true => format!("{}.{}", count(tenths as u64 / 10), tenths as u64 % 10),
        false => format!("{v:.1}"),
    }
}

/// The cells of one model's month, after the model: month, requests, the
/// lengths, the shares.
fn month_cells(m: &MonthEntry, c: &Cells) -> Vec<String> {
    let (input, output) = (m.input_length_resolution, m.output_length_resolution);
    vec![
        c.month(m),
        c.n(Some(m.requests)),
        c.mean(Some(m.input_tokens_mean)),
        c.p(m.input_p50, input),
        c.p(m.input_p90, input),
        c.mean(Some(m.output_mean)),
        c.p(m.output_p50, output),
        c.p(m.output_p90, output),
        c.mean(m.reasoning_mean),
        c.share(m.cached_share),
        c.share(m.batch_share),
    ]
}

fn row(m: &MonthEntry, growth: Option<f64>, numbers: Numbers) -> Vec<String> {
    let c = Cells { human: numbers == Numbers::Human };
    let mut cells = vec![escape_controls(&m.model)];
    cells.extend(month_cells(m, &c));
    cells.push(growth.map_or_else(|| c.none(), |g| if c.human { format!("{g:+.2}%") } else { g.to_string() }));
    if !c.human {
        cells.extend([c.n(m.input_length_resolution), c.n(m.output_length_resolution)]);
    }
    cells
}

fn csv(g: &Grid) -> Result<String, RenderError> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    w.write_record(&g.header)?;
    for row in &g.rows {
        w.write_record(row)?;
    }
    let bytes = w.into_inner().map_err(|e| RenderError::Csv(e.into_error().into()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// The table's columns after the month, each with its priority when the
/// table must shrink (0 stays; the highest number goes first): what
/// `breakeven --usage` fills stays, then the input percentiles, the batch
/// share, the output percentiles.
const COLUMNS: [(&str, u8); 11] = [
    ("month", 0),
    ("requests", 0),
    ("input\nmean", 0),
    ("input\np50", 4),
    ("input\np90", 3),
    ("output\nmean", 0),
    ("output\np50", 6),
    ("output\np90", 5),
    ("reasoning\nmean", 1),
    ("cached\nshare", 0),
    ("batch\nshare", 2),
];

/// A column empty in every row of a table goes before the others.
const EMPTY_FIRST: u8 = 9;

/// A table per model under its name (a model id can be long: it is not a
/// column), fitted to `width` by leaving out columns, then the notes.
fn table(r: &UsageReport, width: usize, names: &dyn Names) -> String {
    let c = Cells { human: true };
    let mut out = String::new();
    for m in &r.models {
        let rows: Vec<Vec<String>> = m.months.iter().map(|month| month_cells(month, &c)).collect();
        let columns: Vec<(&str, u8)> = (COLUMNS.iter().enumerate())
            .map(|(i, &(name, p))| match p > 0 && rows.iter().all(|r| r[i] == "—") {
                true => (name, EMPTY_FIRST),
                false => (name, p),
            })
            .collect();
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&escape_controls(&m.model));
        out.push('\n');
        let t = LayoutColumns::new(&columns, rows, 1..COLUMNS.len()).render(false, width, names);
        out.push_str(&wrap_prose(&t, width));
    }
    for line in notes(r) {
        out.push_str(&wrap_prose(&line, width));
        out.push('\n');
    }
    out
}

/// The sentences under the table: coverage, partial months, growth, what
/// was left out.
pub fn notes(r: &UsageReport) -> Vec<String> {
    let mut out = Vec::new();
    let files: Vec<String> = r.files.iter().map(|f| format!("{} ({})", escape_controls(&f.file), f.format)).collect();
    let span = match (&r.first_day, &r.last_day) {
        (Some(a), Some(b)) => format!(", {a} to {b}"),
        _ => String::new(),
    };
    out.push(format!("{} requests from {}{span}.", count(r.requests), files.join(", ")));
    let partial: Vec<String> = (r.models.iter().flat_map(|m| &m.months))
        .filter(|m| !m.complete)
        .map(|m| m.month.clone())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    if !partial.is_empty() {
        out.push(format!(
            "Partial months (the logs do not cover every day; `(N d)` is the days covered): {}.",
            partial.join(", ")
        ));
    }
    out.push("Input: uncached + cached + cache-written tokens; means per request, p50/p90 by nearest rank (per-request logs only); output excludes reasoning.".to_string());
    if let Some(line) = approximate(r) {
        out.push(line);
    }
    for m in &r.models {
        if let Some(g) = m.growth_percent {
            out.push(format!("{}: growth {g:+.2}% a month over its complete months.", escape_controls(&m.model)));
        }
    }
    if r.models.iter().all(|m| m.growth_percent.is_none()) {
        out.push("Growth needs 3 complete months or more.".to_string());
    }
    for (what, map) in [("Skipped", &r.skipped), ("Excluded", &r.excluded)] {
        if !map.is_empty() {
            let parts: Vec<String> = map.iter().map(|(why, n)| format!("{} {why}", count(*n))).collect();
            out.push(format!("{what}: {}.", parts.join(", ")));
        }
    }
    out
}

/// The legend of `≈`, when a month's percentiles come from lengths kept in
/// ranges (past 131,072 distinct lengths).
fn approximate(r: &UsageReport) -> Option<String> {
    let widest = (r.models.iter().flat_map(|m| &m.months))
        .flat_map(|m| [m.input_length_resolution, m.output_length_resolution])
        .flatten()
        .max()
        .filter(|&w| w > 1)?;
    Some(format!(
        "≈: approximate; past {} distinct lengths in a month, lengths are counted in ranges of up to {} tokens \
         (json: `input_length_resolution`, `output_length_resolution`) and a percentile is the middle of its range, \
         within half a range of the exact value.",
        count(crate::usage::tally::MAX_DISTINCT as u64),
        count(widest)
    ))
}
