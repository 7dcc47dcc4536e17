//! The sections of the breakeven report, in the order they print: each is
//! one function of the report, `None` where it has nothing to show. A new
//! section is one more function in [`BREAKEVEN`].

use maud::{html, Markup};

use super::chart::{svg, Line, Plot};
use super::{cell, table, text, NEWLINE};
use crate::analysis::{CandidateReport, Report};
use crate::format::{money, months, requests};
use crate::report::grid::Numbers;
use crate::report::{basis, change, comparison, table as terminal};

/// A section of the report.
pub type Section = fn(&Report) -> Option<Markup>;

/// Every section, in order.
pub const BREAKEVEN: [Section; 8] = [
    verdict,
    comparison_section,
    net_saving,
    basis_section,
    ledger,
    what_would_change,
    notes,
    explain,
];

/// The best candidate's cell of the comparison row whose label starts
/// with `label`: the figure exactly as the table prints it.
fn best_cell(rows: &[Vec<String>], label: &str) -> String {
    rows.iter()
        .find(|row| row[0].starts_with(label))
        .map_or_else(String::new, |row| row[2].clone())
}

/// The verdict sentence, the figures it rests on, and what each candidate
/// would take.
fn verdict(r: &Report) -> Option<Markup> {
    let word = r.verdict.as_str();
    let line = terminal::verdict_line(r, false);
    let why = line.split_once(" — ").map_or(line.as_str(), |(_, why)| why);
    let (_, rows) = comparison::rows(r);
    let total = rows.iter().find(|row| row[0].starts_with("total for "));
    Some(html! {
        section #verdict {
            h2 { "Verdict" }
            p.verdict { span #verdict-word class={"word word-" (word)} { (word) } " — " (text(why)) }
            dl.key {
                dt { "cheapest candidate" } dd #best { (text(&r.best)) }
                dt { "break-even volume" } dd #break-even { (best_cell(&rows, "break-even volume")) }
                @if r.best_candidate().serve == "dedicated" {
                    dt { "break-even per month" }
                    dd #break-even-per-month { (best_cell(&rows, "break-even per month")) }
                }
                dt { "net saving" } dd #net-saving { (best_cell(&rows, "net saving")) }
                @if let Some(row) = total { dt { (row[0]) } dd #best-total { (row[2]) } }
            }
            ul {
                @for c in &r.candidates { li { (text(&terminal::what_it_takes(r, c))) } }
            }
        }
    })
}

/// The comparison table, line for line as the terminal prints it.
fn comparison_section(r: &Report) -> Option<Markup> {
    let (mut header, rows) = comparison::rows(r);
    header.insert(0, String::new());
    let caption = format!("Each path per request and over {}", requests(r.volume));
    Some(html! {
        section #comparison {
            h2 { "Comparison" }
            (table(&caption, &header, &rows))
        }
    })
}

/// Over what the totals count: the volume, and the months when there is a horizon.
fn over(r: &Report) -> String {
    match &r.horizon {
        Some(h) => format!("{} over {}", requests(r.volume), months(h.months)),
        None => requests(r.volume),
    }
}

/// Each path's total and each candidate's net saving against prompting.
fn net_saving(r: &Report) -> Option<Markup> {
    let cur = r.currency.as_str();
    let best = r.best_candidate();
    let sentence = match best.net_saving.is_sign_negative() && !best.net_saving.is_zero() {
        true => format!(
            "Over {}, fine-tuning {} costs {} more than prompting on {}.",
            over(r),
            best.candidate,
            money(-best.net_saving, cur),
            r.base.model
        ),
        false => format!(
            "Over {}, fine-tuning {} saves {} against prompting on {}.",
            over(r),
            best.candidate,
            money(best.net_saving, cur),
            r.base.model
        ),
    };
    let header = ["path", "total cost", "net saving", "verdict"].map(String::from);
    let mut rows = vec![vec![
        format!("{} (prompting)", r.base.model),
        money(r.base.total_cost, cur),
        "—".to_string(),
        "—".to_string(),
    ]];
    rows.extend(r.candidates.iter().map(|c| saving_row(c, cur)));
    Some(html! {
        section #net-saving-section {
            h2 { "Net saving" }
            p { (text(&sentence)) }
            (table("Totals and net saving: the prompting total less each candidate's", &header, &rows))
        }
    })
}

fn saving_row(c: &CandidateReport, cur: &str) -> Vec<String> {
    vec![
        c.candidate.clone(),
        money(c.total_cost, cur),
        money(c.net_saving, cur),
        c.verdict.to_string(),
    ]
}

/// The prices and fees each path was billed at, where they come from and
/// the flags that qualify them (design §14).
fn basis_section(r: &Report) -> Option<Markup> {
    let cur = r.currency.as_str();
    let mut paths = vec![(r.base.model.as_str(), &r.base.basis)];
    paths.extend(r.candidates.iter().map(|c| (c.candidate.as_str(), &c.basis)));
    Some(html! {
        section #basis {
            h2 { "Basis" }
            table {
                caption { "The prices (per 1M tokens) and fees applied, their sheet and flags" }
                thead { tr {
                    th.text scope="col" { "path" } th.text scope="col" { "prices and fees" }
                    th.text scope="col" { "sheet" } th scope="col" { "checked" }
                    th.text scope="col" { "flags" }
                } }
                tbody {
                    @for (name, periods) in paths { (NEWLINE) (basis_row(name, periods, cur)) }
                }
            }
        }
    })
}

fn basis_row(name: &str, periods: &[crate::analysis::basis::Period], cur: &str) -> Markup {
    let first = periods.first();
    html! {
        tr {
            th scope="row" { (text(name)) }
            td.text { (text(&basis::applied_periods(periods, cur))) }
            td.text { @if let Some(p) = first { (text(&p.origin)) " (" (text(&p.layer)) ")" } }
            td.date { @if let Some(p) = first { (p.checked.to_string()) } }
            td.text {
                @match first.map(|p| p.flags.as_slice()) {
                    Some(flags) if !flags.is_empty() => { @for f in flags { span.flag { (f) } } }
                    _ => { span.none { "none" } }
                }
            }
        }
    }
}

/// Month by month, with a horizon: each candidate's savings so far against
/// its fixed costs so far, as a chart and as the table.
fn ledger(r: &Report) -> Option<Markup> {
    r.horizon.as_ref()?;
    let cur = r.currency.as_str();
    let mut header: Vec<String> = terminal::LEDGER_COLUMNS.map(|(c, _)| c.to_string()).into();
    header[0] = "month".into();
    Some(html! {
        section #ledger {
            h2 { "Ledger" }
            @for (i, c) in r.candidates.iter().enumerate() {
                @if let Some(months) = &c.ledger {
                    @let rows: Vec<Vec<String>> = months.iter().map(|m| terminal::ledger_row(m, cur)).collect();
                    h3 { (text(&c.candidate)) }
                    (svg(&ledger_plot(i, c, &rows, cur)))
                    (table(&format!("Month by month: {}", c.candidate), &header, &rows))
                }
            }
        }
    })
}

fn ledger_plot(i: usize, c: &CandidateReport, rows: &[Vec<String>], cur: &str) -> Plot {
    use rust_decimal::prelude::ToPrimitive;
    let months = c.ledger.as_deref().unwrap_or_default();
    let series = |f: fn(&crate::cost::LedgerRow) -> rust_decimal::Decimal| {
        let at = |m: &crate::cost::LedgerRow| (f64::from(m.month), f(m).to_f64().unwrap_or(0.0));
        months.iter().map(at).collect()
    };
    let desc = rows
        .iter()
        .map(|row| format!("month {}: saved so far {}, fixed so far {}", row[0], row[8], row[9]))
        .collect::<Vec<_>>()
        .join("; ");
    Plot {
        id: format!("ledger-{}", i + 1),
        title: format!("Savings so far against fixed costs so far: {}", c.candidate),
        x_label: "month".into(),
        log_x: false,
        log_y: false,
        currency: cur.to_string(),
        lines: vec![
            Line { name: "saved so far".into(), points: series(|m| m.cumulative_saving), dashed: false },
            Line { name: "fixed costs so far".into(), points: series(|m| m.cumulative_fixed_cost), dashed: true },
        ],
        desc,
    }
}

/// What would change the answer (design §15) and quality (§16): every
/// table the terminal prints for them (quality, flip values, the tornado,
/// the corners, the simulation), each a section under its title, with the
/// terminal's numbers.
fn what_would_change(r: &Report) -> Option<Markup> {
    let grids = change::grids(r, Numbers::Human);
    if grids.is_empty() {
        return None;
    }
    Some(html! {
        @for (title, g) in &grids {
            section id=(slug(title)) {
                h2 { (title) }
                @if title.starts_with("Ranges, one at a time") {
                    @if let Some(chart) = super::tornado::chart(r) { (chart) }
                }
                (table(title, &g.header, &g.rows))
            }
            (NEWLINE)
        }
    })
}

/// `what-would-change-the-answer`: a title as an id.
fn slug(title: &str) -> String {
    let words = title.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty());
    words.map(str::to_ascii_lowercase).collect::<Vec<_>>().join("-")
}

/// The notes, the warnings and how token counts were taken from files.
fn notes(r: &Report) -> Option<Markup> {
    let counted: Vec<String> = r.counted_from_files.iter().flat_map(|c| c.footnotes()).collect();
    if r.notes.is_empty() && r.warnings.is_empty() && counted.is_empty() {
        return None;
    }
    Some(html! {
        section #notes {
            h2 { "Notes" }
            ul {
                @for n in &r.notes { li { code { (text(n.code)) } " " (text(&n.message)) } }
                @for w in &r.warnings { li { strong { "warning: " } (text(w)) } }
                @for line in &counted { li { (cell(line)) } }
            }
        }
    })
}

/// The hand computation, when asked for.
fn explain(r: &Report) -> Option<Markup> {
    let lines = r.explain.as_ref()?;
    Some(html! {
        section #explain {
            h2 { "The computation by hand" }
            pre { @for line in lines { (text(line)) "\n" } }
        }
    })
}

