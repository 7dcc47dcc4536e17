//! What would change the answer, as tables: the flip values (`--sensitivity`),
//! the tornado and corners of ranged inputs, and the simulation. One grid
//! each, shared by the terminal, Markdown and CSV renderers.

use rust_decimal::Decimal;

use super::grid::{Grid, Numbers};
use crate::analysis::sensitivity::Flip;
use crate::analysis::Report;
use crate::cost::Verdict;

/// Each section the report holds, titled.
pub fn grids(r: &Report, numbers: Numbers) -> Vec<(&'static str, Grid)> {
    let mut out = Vec::new();
    if let Some(flips) = &r.sensitivity {
        out.push(("What would change the answer", sensitivity(flips, numbers)));
    }
    out
}

fn text(v: Option<Decimal>, numbers: Numbers) -> String {
    match (v, numbers) {
        (Some(v), Numbers::Human) => crate::format::decimal_text(v),
        (Some(v), Numbers::Raw) => v.normalize().to_string(),
        (None, Numbers::Human) => "—".to_string(),
        (None, Numbers::Raw) => String::new(),
    }
}

fn verdict(v: Option<Verdict>) -> String {
    v.map_or_else(String::new, |v| v.to_string())
}

/// The input's name with its candidate, where given per candidate.
pub fn input_name(input: &str, candidate: Option<&str>) -> String {
    match candidate {
        Some(c) => format!("{input} ({c})"),
        None => input.to_string(),
    }
}

fn sensitivity(flips: &[Flip], numbers: Numbers) -> Grid {
    let header = [
        "input", "current", "below", "verdict", "above", "verdict", "margin %",
    ];
    let rows = flips
        .iter()
        .map(|f| {
            vec![
                input_name(f.input, f.candidate.as_deref()),
                text(Some(f.current), numbers),
                text(f.below, numbers),
                verdict(f.below_verdict),
                text(f.above, numbers),
                verdict(f.above_verdict),
                text(f.margin_percent, numbers),
            ]
        })
        .collect();
    Grid {
        header: header.iter().map(|s| s.to_string()).collect(),
        rows,
    }
}

/// The sections under a terminal table.
pub fn terminal(r: &Report, color: bool, width: usize, names: &dyn crate::inputs::Names) -> String {
    let mut out = String::new();
    for (title, g) in grids(r, Numbers::Human) {
        let columns: Vec<(String, u8)> = g.header.iter().map(|h| (h.clone(), 0)).collect();
        let right = 1..g.header.len();
        out.push_str(&format!("\n{title}:\n"));
        out.push_str(&super::layout::Columns::new(&columns, g.rows, right).render(color, width, names));
        if !out.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

/// The sections under a Markdown report.
pub fn markdown(r: &Report) -> String {
    let mut out = String::new();
    for (title, g) in grids(r, Numbers::Human) {
        out.push_str(&format!("\n**{title}**\n\n{}", super::markdown::table(&g)));
    }
    out
}

/// The sections after a CSV report, each after an empty line.
pub fn csv(r: &Report) -> Vec<Grid> {
    grids(r, Numbers::Raw).into_iter().map(|(_, g)| g).collect()
}
