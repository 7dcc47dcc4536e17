//! Tables for people (comfy-table): the break-even comparison and the price list.

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Cell, CellAlignment, ContentArrangement, Table};
use rust_decimal::Decimal;

use super::format::{count, money, multiple, price};
use super::{paint, verdict_style};
use crate::analysis::{CandidateReport, Report};
use crate::cost::Verdict;
use crate::pricing::Model;

/// How a row of the comparison renders one candidate.
type CandidateCell<'a> = Box<dyn Fn(&CandidateReport) -> String + 'a>;

fn new_table(color: bool) -> Table {
    let mut table = Table::new();
    table
        .load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    if color {
        table.enforce_styling();
    } else {
        table.force_no_tty();
    }
    table
}

/// The comparison table followed by the verdict line.
pub fn breakeven_table(r: &Report, color: bool) -> String {
    let cur = r.currency.as_str();
    let mut table = new_table(color);
    let mut header = vec![Cell::new(""), Cell::new("prompting")];
    for i in 0..r.candidates.len() {
        let label = if i == 0 && r.candidates.len() > 1 {
            "fine-tuned (best)".to_string()
        } else if r.candidates.len() > 1 {
            format!("fine-tuned #{}", i + 1)
        } else {
            "fine-tuned".to_string()
        };
        header.push(Cell::new(label));
    }
    table.set_header(header);
    let blank = || String::new();
    let rows: Vec<(&str, String, CandidateCell)> = vec![
        ("model", r.base.model.clone(), Box::new(|c| c.model.clone())),
        (
            "fixed prompt tokens",
            count(r.base.prompt_tokens),
            Box::new(|c| count(c.prompt_tokens)),
        ),
        (
            "input + output tokens",
            format!(
                "{} + {}",
                count(r.base.input_tokens),
                count(r.base.output_tokens)
            ),
            Box::new(|c| format!("{} + {}", count(c.input_tokens), count(c.output_tokens))),
        ),
        (
            "cost per request",
            money(r.base.cost_per_request, cur),
            Box::new(move |c| money(c.cost_per_request, cur)),
        ),
        (
            "saving per request",
            blank(),
            Box::new(move |c| money(c.savings_per_request, cur)),
        ),
        (
            "training cost",
            blank(),
            Box::new(move |c| money(c.training_cost, cur)),
        ),
        (
            "fixed cost (T)",
            money(Decimal::ZERO, cur),
            Box::new(move |c| money(c.fixed_cost, cur)),
        ),
        (
            "",
            money(r.base.total_cost, cur),
            Box::new(move |c| money(c.total_cost, cur)),
        ),
        (
            "break-even volume",
            blank(),
            Box::new(|c| match c.break_even_requests {
                Some(n) => format!("{} requests", count(n)),
                None => "never".to_string(),
            }),
        ),
        (
            "volume multiple",
            blank(),
            Box::new(|c| match (c.volume_multiple, c.break_even_requests) {
                (Some(m), _) => multiple(m),
                (None, Some(_)) => "∞ (no fixed cost)".to_string(),
                (None, None) => "—".to_string(),
            }),
        ),
    ];
    let total_label = format!("total for {} requests", count(r.volume));
    for (label, base, cell) in &rows {
        let label = if label.is_empty() {
            total_label.as_str()
        } else {
            label
        };
        let mut row = vec![Cell::new(label), Cell::new(base)];
        row.extend(r.candidates.iter().map(|c| Cell::new(cell(c))));
        table.add_row(row);
    }
    let mut verdict_row = vec![Cell::new("verdict"), Cell::new("")];
    verdict_row.extend(r.candidates.iter().map(|c| {
        let cell = Cell::new(c.verdict.as_str());
        if color {
            cell.fg(match c.verdict {
                Verdict::Prompt => comfy_table::Color::Cyan,
                Verdict::Depends => comfy_table::Color::Yellow,
                Verdict::FineTune => comfy_table::Color::Green,
            })
        } else {
            cell
        }
    }));
    table.add_row(verdict_row);
    for i in 1..table.column_count() {
        if let Some(column) = table.column_mut(i) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    format!("{table}\n{}\n", verdict_line(r, color))
}

/// One sentence with the verdict and the rule that produced it.
pub fn verdict_line(r: &Report, color: bool) -> String {
    let best = r.best_candidate();
    let word = paint(best.verdict.as_str(), verdict_style(best.verdict), color);
    let cur = r.currency.as_str();
    let (lo, hi) = (r.thresholds.depends_at, r.thresholds.fine_tune_at);
    let why = match (best.break_even_requests, best.volume_multiple) {
        (None, _) => format!(
            "fine-tuning {} never breaks even: a tuned request costs {}, no less than {} with prompting",
            best.model,
            money(best.cost_per_request, cur),
            money(r.base.cost_per_request, cur)
        ),
        _ if r.volume == 0 => "a volume of 0 requests never pays back a fixed cost".to_string(),
        (Some(_), None) => format!(
            "fine-tuning {} has no one-time cost and saves {} on every request",
            best.model,
            money(best.savings_per_request, cur)
        ),
        (Some(n), Some(m)) => {
            let rule = match best.verdict {
                Verdict::Prompt => format!("under {lo}× → stay with prompt engineering"),
                Verdict::Depends => {
                    format!("between {lo}× and {hi}× → decide on latency and quality")
                }
                Verdict::FineTune => format!("{hi}× or more → fine-tune"),
            };
            format!(
                "{} requests is {} the break-even volume of {} for {} ({rule})",
                count(r.volume),
                multiple(m),
                count(n),
                best.model
            )
        }
    };
    format!("verdict: {word} — {why}")
}

/// The price list of `ftvp prices`.
pub fn prices_table(models: &[&Model], color: bool) -> String {
    let mut table = new_table(color);
    table.set_header(vec![
        "model",
        "input",
        "cached",
        "output",
        "ft training",
        "ft input",
        "ft output",
        "context",
        "as of",
    ]);
    let opt = |p: Option<Decimal>| p.map_or_else(|| "—".to_string(), price);
    for m in models {
        let p = &m.prices;
        let ft = p.fine_tuning.as_ref();
        let training = match ft {
            Some(ft) if ft.training.is_none() => "other".to_string(),
            _ => opt(ft.and_then(|f| f.training)),
        };
        table.add_row(vec![
            m.id.clone(),
            opt(Some(p.input)),
            opt(p.cached_input),
            opt(Some(p.output)),
            training,
            opt(ft.map(|f| f.input)),
            opt(ft.map(|f| f.output)),
            p.context_window.map_or_else(|| "—".to_string(), count),
            m.sheet.as_of.to_string(),
        ]);
    }
    for i in 1..8 {
        if let Some(column) = table.column_mut(i) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    let mut notes = String::from(
        "prices per 1M tokens; ft = fine-tuned; \"other\": training billed another way (such as per hour)\n",
    );
    let mut seen = std::collections::BTreeSet::new();
    for m in models {
        let s = &m.sheet;
        if seen.insert(&s.origin) {
            notes.push_str(&format!(
                "{}: {} as of {} from {} ({})\n",
                s.provider, s.currency, s.as_of, s.source, s.origin
            ));
        }
    }
    format!("{table}\n{notes}")
}
