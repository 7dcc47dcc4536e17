//! CSV through the `csv` crate: a header row and unformatted numbers.

use super::grid::{self, Grid, Numbers};
use super::{RenderError, Rendered, Renderer};
use crate::analysis::dataset::DatasetReport;
use crate::analysis::prices::{CheckReport, GpuList, ImportReport, PriceList};
use crate::analysis::sweep::Sweep;
use crate::analysis::tokens::TokensReport;
use crate::analysis::Report;

/// The CSV renderer.
pub struct Csv;

fn write(grid: &Grid) -> Rendered {
    write_rows(&grid.header, grid.rows.iter().cloned())
}

/// The header and rows, each row written as it comes: a long sweep is never
/// held as a grid of strings.
fn write_rows(header: &[String], rows: impl Iterator<Item = Vec<String>>) -> Rendered {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header)?;
    for row in rows {
        w.write_record(&row)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| RenderError::Csv(e.into_error().into()))?;
    // Every cell is a Rust string: the bytes are UTF-8.
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

impl Renderer for Csv {
    fn breakeven(&self, r: &Report) -> Rendered {
        write(&grid::breakeven(r, Numbers::Raw))
    }

    fn ledger(&self, r: &Report) -> Rendered {
        write(&grid::ledger(r, Numbers::Raw))
    }

    fn sweep(&self, s: &Sweep) -> Rendered {
        let rows = s
            .rows
            .iter()
            .map(|row| grid::sweep_row(s, row, Numbers::Raw));
        write_rows(&grid::sweep_header(s), rows)
    }

    fn prices(&self, list: &PriceList) -> Rendered {
        write(&grid::prices(list, Numbers::Raw))
    }

    fn gpus(&self, list: &GpuList) -> Rendered {
        write(&grid::gpus(list, Numbers::Raw))
    }

    fn check(&self, report: &CheckReport) -> Rendered {
        write(&grid::check(report))
    }

    fn import(&self, report: &ImportReport) -> Rendered {
        write(&grid::import(report))
    }

    fn tokens(&self, t: &TokensReport) -> Rendered {
        write(&grid::tokens(t, Numbers::Raw))
    }

    fn dataset(&self, d: &DatasetReport) -> Rendered {
        write(&grid::dataset_costs(d, Numbers::Raw))
    }
}
