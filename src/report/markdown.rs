//! Markdown tables that render on GitHub, for design documents and pull requests.

use super::grid::{self, Grid, Numbers};
use super::table::{verdict_line, what_it_takes};
use super::{plural, Rendered, Renderer};
use crate::analysis::dataset::DatasetReport;
use crate::analysis::prices::{CheckReport, GpuList, ImportReport, PriceList};
use crate::analysis::sweep::Sweep;
use crate::analysis::tokens::TokensReport;
use crate::analysis::Report;

/// The Markdown renderer.
pub struct Markdown {
    /// How hints name the settings of a run (`--all`).
    pub names: crate::names::Naming,
}

/// Escapes what would break a table cell: `|` and line breaks.
pub fn escape(cell: &str) -> String {
    cell.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

/// Renders a grid as a GitHub-flavoured Markdown table.
pub fn table(grid: &Grid) -> String {
    let line = |cells: &[String]| {
        let escaped: Vec<String> = cells.iter().map(|c| escape(c)).collect();
        format!("| {} |\n", escaped.join(" | "))
    };
    let mut out = line(&grid.header);
    out.push_str(&format!("|{}\n", " --- |".repeat(grid.header.len())));
    for row in &grid.rows {
        out.push_str(&line(row));
    }
    out
}

impl Renderer for Markdown {
    fn breakeven(&self, r: &Report) -> Rendered {
        let mut out = table(&grid::breakeven(r, Numbers::Human));
        out.push_str("\nBasis:\n\n");
        for line in super::basis::lines(r) {
            out.push_str(&format!("- {}\n", escape(&line)));
        }
        out.push('\n');
        out.push_str(&format!("**{}**\n", escape(&verdict_line(r, false))));
        for c in &r.candidates {
            out.push_str(&format!("\n- {}", escape(&what_it_takes(r, c))));
        }
        out.push('\n');
        for n in &r.notes {
            out.push_str(&format!("\n> note `{}`: {}", n.code, escape(&n.message)));
        }
        if !r.notes.is_empty() {
            out.push('\n');
        }
        for line in super::search::lines(r) {
            out.push_str(&format!("\n{}\n", escape(&line)));
        }
        for (title, g) in super::change::grids(r, Numbers::Human) {
            out.push_str(&format!("\n**{title}**\n\n{}", table(&g)));
        }
        Ok(out)
    }

    fn ledger(&self, r: &Report) -> Rendered {
        Ok(table(&grid::ledger(r, Numbers::Human)))
    }

    fn sweep(&self, s: &Sweep) -> Rendered {
        Ok(table(&grid::sweep(s, Numbers::Human)))
    }

    fn prices(&self, list: &PriceList) -> Rendered {
        let mut out = table(&grid::prices(list, Numbers::Human));
        if list.hidden > 0 {
            out.push_str(&format!(
                "\n{}\n",
                super::table::hidden_line(list, &*self.names)
            ));
        }
        Ok(out)
    }

    fn gpus(&self, list: &GpuList) -> Rendered {
        Ok(table(&grid::gpus(list, Numbers::Human)))
    }

    fn check(&self, report: &CheckReport) -> Rendered {
        Ok(table(&grid::check(report)))
    }

    fn import(&self, report: &ImportReport) -> Rendered {
        Ok(table(&grid::import(report)))
    }

    fn tokens(&self, t: &TokensReport) -> Rendered {
        let mut out = table(&grid::tokens(t, Numbers::Human));
        out.push_str(&format!("\nTokens: {}.\n", t.token_count_method.label()));
        Ok(out)
    }

    fn dataset(&self, d: &DatasetReport) -> Rendered {
        let mut out = format!(
            "**{}**: {} in {}, {}\n\n",
            escape(&d.file),
            plural(d.examples, "valid example"),
            plural(d.records, "non-blank line"),
            plural(d.format_error_count, "format error")
        );
        out.push_str(&table(&grid::dataset_statistics(d, Numbers::Human)));
        if !d.training_costs.is_empty() {
            out.push('\n');
            out.push_str(&table(&grid::dataset_costs(d, Numbers::Human)));
        }
        // The warnings go to standard error only (the command prints them).
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pipes_and_newlines_cannot_break_a_row() {
        let g = Grid {
            header: vec!["a".into(), "b|c".into()],
            rows: vec![vec!["x\ny".into(), "1 | 2".into()]],
        };
        assert_eq!(
            table(&g),
            "| a | b\\|c |\n| --- | --- |\n| x y | 1 \\| 2 |\n"
        );
    }
}
