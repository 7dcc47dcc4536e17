//! The sweep as an HTML report: where the marked candidate breaks even, the
//! total cost of each path against volume as a chart, and the sweep's table.

use maud::{html, Markup};
use rust_decimal::prelude::ToPrimitive;

use super::chart::{svg, Line, Plot};
use super::{page, provenance, table, text, About, NEWLINE};
use crate::analysis::sweep::Sweep;
use crate::report::table as terminal;

/// The whole document.
pub fn document(s: &Sweep, about: &About) -> String {
    let title = format!("ftvp: total cost by volume — {} against fine-tuning", s.base);
    let heading = format!("Total cost by volume: prompting on {} against fine-tuning", s.base);
    let body = html! {
        (summary(s)) (NEWLINE)
        (chart(s)) (NEWLINE)
        (rows(s)) (NEWLINE)
        (provenance(about, None))
    };
    page(&title, &heading, body)
}

fn summary(s: &Sweep) -> Markup {
    html! {
        section #summary {
            h2 { "Break-even" }
            p #sweep-footer { (text(terminal::sweep_footer(s).trim_end())) }
            @if s.months.is_some() {
                p #sweep-caption { (text(terminal::sweep_caption(s).trim_end())) }
            }
            ul {
                @for line in terminal::sweep_legend(s).lines() { li { (text(line)) } }
            }
            @if !s.warnings.is_empty() {
                ul { @for w in &s.warnings { li { strong { "warning: " } (text(w)) } } }
            }
        }
    }
}

/// Each path's total at each volume of the sweep.
fn chart(s: &Sweep) -> Markup {
    let total = |d: rust_decimal::Decimal| d.to_f64().unwrap_or(0.0);
    let volume = |r: &crate::analysis::sweep::Row| r.volume as f64;
    let mut lines = vec![Line {
        name: format!("prompting: {}", s.base),
        points: s.rows.iter().map(|r| (volume(r), total(r.base_total))).collect(),
        dashed: false,
    }];
    for (i, c) in s.candidates.iter().enumerate() {
        let points = s.rows.iter().map(|r| (volume(r), total(r.cells[i].total)));
        lines.push(Line { name: format!("#{} fine-tuned: {c}", i + 1), points: points.collect(), dashed: false });
    }
    let columns = terminal::sweep_columns(s);
    let desc = s
        .rows
        .iter()
        .map(|r| {
            let cells = terminal::sweep_row(s, r);
            let named = columns.iter().zip(&cells).skip(1);
            let parts: Vec<String> = named.map(|((n, _), v)| format!("{} {v}", n.replace('\n', " "))).collect();
            format!("{}: {}", cells[0], parts.join(", "))
        })
        .collect::<Vec<_>>()
        .join("; ");
    html! {
        section #chart {
            h2 { "Total cost by volume" }
            (svg(&Plot {
                id: "sweep".into(),
                title: "Total cost of each path by volume (both axes logarithmic)".into(),
                x_label: columns[0].0.clone(),
                log_x: true,
                log_y: true,
                currency: s.currency.clone(),
                lines,
                desc,
            }))
        }
    }
}

fn rows(s: &Sweep) -> Markup {
    let header: Vec<String> = terminal::sweep_columns(s).into_iter().map(|(n, _)| n).collect();
    let rows: Vec<Vec<String>> = s.rows.iter().map(|r| terminal::sweep_row(s, r)).collect();
    html! {
        section #sweep {
            h2 { "Every volume" }
            (table("The totals at each volume, the cheapest candidate and its verdict", &header, &rows))
        }
    }
}
