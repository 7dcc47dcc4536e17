//! The comparison table of `ftvp breakeven`: one column per path, one line
//! per quantity, laid out to fit the terminal. Candidates that do not fit
//! beside each other go into further tables, each with the prompting path
//! beside them.

use comfy_table::{Cell, Table as Comfy};
use rust_decimal::Decimal;

use textwrap::core::display_width;

use super::layout::{align_right_from, new_table, verdict_cell, wrapped, Columns};
use crate::analysis::{CandidateReport, Report};
use crate::cost::EndReason;
use crate::format::{count, money, months as months_text, multiple, requests};

/// One line of the comparison: a label, the prompting path's cell, and one
/// cell per candidate.
struct Line {
    label: String,
    base: String,
    cells: Vec<Cell>,
}

/// A line whose candidate cells come from `cell`.
fn line(
    r: &Report,
    label: impl Into<String>,
    base: impl Into<String>,
    cell: impl Fn(&CandidateReport) -> String,
) -> Line {
    Line {
        label: label.into(),
        base: base.into(),
        cells: r.candidates.iter().map(|c| Cell::new(cell(c))).collect(),
    }
}

/// The table, `width` columns at most where it can be.
pub fn comparison(r: &Report, color: bool, width: usize) -> String {
    let mut lines = path_lines(r);
    lines.extend(fixed_lines(r));
    lines.extend(outcome_lines(r, color));
    lay_out(&lines, &headers(r), color, width)
}

/// Each candidate's column header.
fn headers(r: &Report) -> Vec<String> {
    (0..r.candidates.len())
        .map(|i| match (i, r.candidates.len()) {
            (_, 1) => "fine-tuned".to_string(),
            (0, _) => "fine-tuned (cheapest)".to_string(),
            _ => format!("fine-tuned #{}", i + 1),
        })
        .collect()
}

/// The comparison as plain rows for other renderers (HTML): the header
/// (`prompting`, then each candidate's), and per line its label, the
/// prompting path's cell and each candidate's, as the table prints them.
pub fn rows(r: &Report) -> (Vec<String>, Vec<Vec<String>>) {
    let mut lines = path_lines(r);
    lines.extend(fixed_lines(r));
    lines.extend(outcome_lines(r, false));
    let mut header = vec!["prompting".to_string()];
    header.extend(headers(r));
    let rows = lines
        .into_iter()
        .map(|l| {
            let mut row = vec![l.label, l.base];
            row.extend(l.cells.iter().map(Cell::content));
            row
        })
        .collect();
    (header, rows)
}

fn path_lines(r: &Report) -> Vec<Line> {
    let cur = r.currency.as_str();
    let b = &r.base;
    let tokens = |input, output| format!("{} + {}", count(input), count(output));
    let mut lines = vec![
        line(r, "model", &b.model, |c| c.model.clone()),
        line(r, "fixed prompt tokens", count(b.prompt_tokens), |c| {
            count(c.prompt_tokens)
        }),
        line(
            r,
            "input + output tokens",
            tokens(b.input_tokens, b.output_tokens),
            |c| tokens(c.input_tokens, c.output_tokens),
        ),
    ];
    if b.reasoning_tokens > 0 || r.candidates.iter().any(|c| c.reasoning_tokens > 0) {
        lines.push(line(
            r,
            "reasoning tokens",
            count(b.reasoning_tokens),
            |c| count(c.reasoning_tokens),
        ));
    }
    if b.cached_prompt_share.is_some() {
        lines.push(line(
            r,
            "prompt read from cache",
            share(b.cached_prompt_share),
            |c| share(c.cached_prompt_share),
        ));
    }
    if dedicated(r) {
        lines.push(line(r, "serving", "per token", serving));
        lines.push(line(r, "replica throughput", "", throughput));
    }
    let per_request = match (r.batch, b.long_context) {
        (true, true) => "cost per request (batch, long context)",
        (true, false) => "cost per request (batch)",
        (false, true) => "cost per request (long context)",
        (false, false) => "cost per request",
    };
    lines.push(line(r, per_request, money(b.cost_per_request, cur), |c| {
        money(c.cost_per_request, cur)
    }));
    lines.push(line(r, "saving per request", "", |c| {
        money(c.savings_per_request, cur)
    }));
    lines
}

fn fixed_lines(r: &Report) -> Vec<Line> {
    let cur = r.currency.as_str();
    let mut lines = vec![line(r, "training + setup", "", |c| {
        money(c.upfront_cost, cur)
    })];
    if let Some(h) = &r.horizon {
        let months = h.months;
        lines.push(line(
            r,
            format!("hosting ({})", months_text(months)),
            "",
            |c| money(c.hosting_cost, cur),
        ));
        lines.push(line(r, "retraining", "", |c| {
            format!("{} × {}", c.retrain_runs, money(c.training_cost, cur))
        }));
        lines.push(line(
            r,
            format!("upkeep ({})", months_text(months)),
            "",
            |c| money(c.maintenance_cost, cur),
        ));
    }
    if dedicated(r) {
        lines.push(line(r, "replicas per month", "", |c| {
            replica_range(c.replicas.as_deref())
        }));
        let months = r.horizon.as_ref().map_or(0, |h| h.months);
        lines.push(line(
            r,
            format!("GPUs ({})", months_text(months)),
            "",
            |c| money(c.capacity_cost, cur),
        ));
    }
    lines.push(line(r, "fixed cost (T)", money(Decimal::ZERO, cur), |c| {
        money(c.fixed_cost, cur)
    }));
    lines
}

fn outcome_lines(r: &Report, color: bool) -> Vec<Line> {
    let cur = r.currency.as_str();
    let total = format!("total for {}", requests(r.volume));
    let no_traffic = r.volume == 0;
    let mut lines = vec![
        line(r, total, money(r.base.total_cost, cur), |c| {
            money(c.total_cost, cur)
        }),
        line(r, "net saving", "", |c| money(c.net_saving, cur)),
        line(r, "break-even volume", "", |c| {
            match (c.break_even_requests, c.serve) {
                (Some(n), _) => requests(n),
                (None, "dedicated") => "per month ↓".to_string(),
                (None, _) if no_traffic => "—".to_string(),
                (None, _) => "never".to_string(),
            }
        }),
        line(r, "volume multiple", "", |c| {
            match (c.volume_multiple, c.break_even_requests) {
                (Some(m), _) => multiple(m),
                (None, Some(_)) => "∞ (no fixed cost)".to_string(),
                (None, None) => "—".to_string(),
            }
        }),
    ];
    if dedicated(r) {
        lines.push(line(r, "break-even per month", "", |c| {
            match (c.break_even_per_month, c.serve) {
                (Some(v), _) => requests(v),
                (None, "dedicated") => "never".to_string(),
                (None, _) => "—".to_string(),
            }
        }));
    }
    if let Some(h) = &r.horizon {
        let months = h.months;
        lines.push(line(r, "payback month", "", |c| {
            match (c.payback_month, c.break_even_requests) {
                (Some(m), _) => format!("month {m}"),
                (None, Some(_)) => format!("beyond the horizon ({})", months_text(months)),
                (None, None) => "never".to_string(),
            }
        }));
    }
    if r.candidates.iter().any(|c| c.end_of_service.is_some()) {
        lines.push(line(r, "end of service", "", |c| {
            match (c.end_of_service, c.end_of_service_reason) {
                (Some(d), Some(EndReason::RetrainingClosed)) => format!("{d} (retraining closed)"),
                (Some(d), _) => format!("{d} (shutdown)"),
                (None, _) => "—".to_string(),
            }
        }));
    }
    if r.candidates.iter().any(|c| c.lost_volume > 0) {
        lines.push(line(r, "requests served / lost", "", |c| {
            format!("{} / {}", count(c.served_volume), count(c.lost_volume))
        }));
    }
    lines.push(Line {
        label: "verdict".into(),
        base: String::new(),
        cells: r
            .candidates
            .iter()
            .map(|c| verdict_cell(c.verdict, color))
            .collect(),
    });
    lines
}

fn share(s: Option<Decimal>) -> String {
    s.map_or_else(
        || "—".to_string(),
        |s| format!("{}%", (s * Decimal::ONE_HUNDRED).normalize()),
    )
}

/// One table with the candidates `from..to`.
fn table(lines: &[Line], headers: &[String], range: std::ops::Range<usize>, color: bool) -> Comfy {
    let mut t = new_table(color);
    let mut header = vec![Cell::new(""), Cell::new("prompting")];
    header.extend(headers[range.clone()].iter().map(Cell::new));
    t.set_header(header);
    for l in lines {
        let mut row = vec![Cell::new(&l.label), Cell::new(&l.base)];
        row.extend(l.cells[range.clone()].iter().cloned());
        t.add_row(row);
    }
    align_right_from(&mut t, 1);
    t
}

/// [`table`] without colour, when it fits: written directly rather than
/// laid out by comfy-table (most of what a plain `ftvp breakeven` spent on
/// drawing), the same text (the snapshots hold it).
fn plain(lines: &[Line], headers: &[String], range: std::ops::Range<usize>) -> String {
    let mut names = vec![(String::new(), 0), ("prompting".to_string(), 0)];
    names.extend(headers[range.clone()].iter().map(|h| (h.clone(), 0)));
    let rows = lines
        .iter()
        .map(|l| {
            let mut row = vec![l.label.clone(), l.base.clone()];
            row.extend(l.cells[range.clone()].iter().map(Cell::content));
            row
        })
        .collect();
    let columns = Columns::new(&names, rows, 1..names.len());
    let mut text = columns.draw();
    text.pop(); // comfy-table's text has no final newline
    text
}

/// As many candidates side by side as fit in `width`, the rest in further
/// tables; a single candidate that does not fit has its cells wrapped.
fn lay_out(lines: &[Line], headers: &[String], color: bool, width: usize) -> String {
    let n = headers.len();
    let measure = |range: std::ops::Range<usize>| table_width(lines, headers, range);
    let per_table = (1..=n)
        .rev()
        .find(|&k| {
            (0..n)
                .step_by(k)
                .all(|i| measure(i..(i + k).min(n)) <= width)
        })
        .unwrap_or(1);
    let tables: Vec<String> = (0..n)
        .step_by(per_table)
        .map(|i| {
            let range = i..(i + per_table).min(n);
            match (measure(range.clone()) > width, color) {
                (true, _) => wrapped(table(lines, headers, range, color), width).to_string(),
                (false, true) => table(lines, headers, range, color).to_string(),
                (false, false) => plain(lines, headers, range),
            }
        })
        .collect();
    tables.join("\n") + "\n"
}

/// The width of the table of the candidates in `range`, from its cells
/// without drawing it: each column's widest line, a space either side and a
/// border between and around.
fn table_width(lines: &[Line], headers: &[String], range: std::ops::Range<usize>) -> usize {
    let widest = |text: &str| text.lines().map(display_width).max().unwrap_or(0);
    let label = lines.iter().map(|l| widest(&l.label)).max().unwrap_or(0);
    let base = lines
        .iter()
        .map(|l| widest(&l.base))
        .chain([widest("prompting")])
        .max()
        .unwrap_or(0);
    let candidates: usize = range
        .clone()
        .map(|k| {
            let cells = lines.iter().map(|l| widest(&l.cells[k].content()));
            cells.chain([widest(&headers[k])]).max().unwrap_or(0)
        })
        .sum();
    let columns = 2 + range.len();
    label + base + candidates + 3 * columns + 1
}

/// Whether any candidate is served on dedicated GPUs.
fn dedicated(r: &Report) -> bool {
    r.candidates.iter().any(|c| c.serve == "dedicated")
}

fn serving(c: &CandidateReport) -> String {
    match (c.serve, &c.gpu) {
        ("dedicated", Some(gpu)) => format!("dedicated\n{gpu}"),
        ("dedicated", None) => "dedicated\n(own GPUs)".to_string(),
        _ => "per token".to_string(),
    }
}

/// `12 req/s` given, or `38.2 req/s` estimated from a measurement at `128→128`.
fn throughput(c: &CandidateReport) -> String {
    let Some(t) = &c.throughput else {
        return "—".to_string();
    };
    let rps = t.requests_per_second.round_dp(2).normalize();
    match &t.reference {
        Some(r) => format!(
            "{rps} req/s\nestimate at {}→{}",
            count(r.input_tokens),
            count(r.output_tokens)
        ),
        None => format!("{rps} req/s"),
    }
}

/// `1–3` replicas over the months served; `—` per token.
fn replica_range(replicas: Option<&[u32]>) -> String {
    let Some(all) = replicas else {
        return "—".to_string();
    };
    let served = all.iter().copied().filter(|&r| r > 0);
    match (served.clone().min(), served.max()) {
        (Some(lo), Some(hi)) if lo == hi => lo.to_string(),
        (Some(lo), Some(hi)) => format!("{lo}–{hi}"),
        _ => "0".to_string(),
    }
}

/// Each table of the comparison (each candidate alone, then all side by
/// side): its measured width, comfy-table's drawing of it, and the text
/// written directly, for tests.
#[cfg(test)]
pub(super) fn tables_for_tests(r: &Report) -> Vec<(usize, String, String)> {
    let mut lines = path_lines(r);
    lines.extend(fixed_lines(r));
    lines.extend(outcome_lines(r, false));
    let headers: Vec<String> = (0..r.candidates.len()).map(|i| format!("#{i}")).collect();
    let n = headers.len();
    let ranges = (0..n).map(|i| i..i + 1).chain(std::iter::once(0..n));
    ranges
        .map(|range| {
            let drawn = table(&lines, &headers, range.clone(), false).to_string();
            let measured = table_width(&lines, &headers, range.clone());
            (measured, drawn, plain(&lines, &headers, range))
        })
        .collect()
}
