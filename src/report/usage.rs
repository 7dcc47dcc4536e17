//! `ftvp usage` in each output format: a row per model and month, then the
//! growth per model, the months the logs cover only in part and the records
//! left out.

use super::grid::{Grid, Numbers};
use super::layout::{align_right_from, fit, new_table, wrap_prose};
use super::{Format, RenderError};
use crate::analysis::usage::{MonthEntry, UsageReport};
use crate::format::{count, escape_controls, percent};

/// The report in `format`, tables fitted to `width` columns.
pub fn render(r: &UsageReport, format: Format, width: usize) -> Result<String, RenderError> {
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
        Format::Table => table(r, width),
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
const RAW_HEADER: [&str; 13] = [
    "model", "month", "requests", "input_tokens_mean", "input_p50", "input_p90", "output_mean",
    "output_p50", "output_p90", "reasoning_mean", "cached_share", "batch_share", "growth_percent",
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
    let header = match numbers {
        Numbers::Human => HEADER,
        Numbers::Raw => RAW_HEADER,
    };
    Grid { header: header.iter().map(|h| h.to_string()).collect(), rows }
}

fn row(m: &MonthEntry, growth: Option<f64>, numbers: Numbers) -> Vec<String> {
    let human = numbers == Numbers::Human;
    let none = || if human { "—".to_string() } else { String::new() };
    let n = |v: Option<u64>| v.map_or_else(none, |v| if human { count(v) } else { v.to_string() });
    let mean = |v: Option<f64>| v.map_or_else(none, |v| if human { format!("{v:.1}") } else { v.to_string() });
    let share = |v: Option<f64>| v.map_or_else(none, |v| if human { percent(v) } else { v.to_string() });
    let month = match (human, m.complete) {
        (true, false) => format!("{} ({} d)", m.month, m.days_covered),
        _ => m.month.clone(),
    };
    vec![
        escape_controls(&m.model),
        month,
        n(Some(m.requests)),
        mean(Some(m.input_tokens_mean)),
        n(m.input_p50),
        n(m.input_p90),
        mean(Some(m.output_mean)),
        n(m.output_p50),
        n(m.output_p90),
        mean(m.reasoning_mean),
        share(m.cached_share),
        share(m.batch_share),
        growth.map_or_else(none, |g| if human { format!("{g:+.2}%") } else { g.to_string() }),
    ]
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

fn table(r: &UsageReport, width: usize) -> String {
    let g = grid(r, Numbers::Human);
    let mut t = new_table(false);
    // Growth is per model: a sentence below, not a column.
    let cut = |cells: &[String]| cells[..cells.len() - 1].to_vec();
    t.set_header(cut(&g.header));
    for row in &g.rows {
        t.add_row(cut(row));
    }
    align_right_from(&mut t, 2);
    let mut out = format!("{}\n", fit(t, width));
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
