//! CSV through the `csv` crate: a header row and unformatted numbers.

use super::grid::{self, Grid, Numbers};
use super::{RenderError, Rendered, Renderer, PIECE_BYTES};
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

/// The rows of a sweep as [`write_rows`] writes [`grid::sweep_row`]'s
/// cells: the reference the fast writer is tested against.
#[cfg(test)]
pub(super) fn sweep_through_the_crate(s: &Sweep) -> Rendered {
    let rows = (s.rows.iter()).map(|row| grid::sweep_row(s, row, Numbers::Raw));
    write_rows(&grid::sweep_header(s), rows)
}

/// A sweep: the header through the `csv` crate, and the rows (10,000 at
/// most) written straight from their numbers, a piece at a time, the model
/// ids quoted by the crate once each. A test holds it to
/// [`grid::sweep_row`] through the crate, byte for byte.
fn write_sweep(s: &Sweep, sink: &mut dyn std::io::Write) -> Result<(), RenderError> {
    let mut out = write_rows(&grid::sweep_header(s), std::iter::empty())?;
    let ids = (s.candidates.iter())
        .map(|id| {
            let line = write_rows(std::slice::from_ref(id), std::iter::empty())?;
            Ok(line.strip_suffix('\n').unwrap_or(&line).to_string())
        })
        .collect::<Result<Vec<String>, RenderError>>()?;
    out.reserve(PIECE_BYTES + 1024);
    for row in &s.rows {
        sweep_row(&mut out, row, &ids);
        if out.len() >= PIECE_BYTES {
            sink.write_all(out.as_bytes())?;
            out.clear();
        }
    }
    Ok(sink.write_all(out.as_bytes())?)
}

/// One row as [`grid::sweep_row`] has it with raw numbers; none of its
/// cells but the model id can need quoting.
fn sweep_row(out: &mut String, row: &crate::analysis::sweep::Row, ids: &[String]) {
    use std::fmt::Write;
    let _ = write!(out, "{},", row.volume);
    crate::format::write_decimal_text(out, row.base_total);
    for c in &row.cells {
        out.push(',');
        crate::format::write_decimal_text(out, c.total);
    }
    for c in &row.cells {
        out.push(',');
        out.push_str(c.verdict.as_str());
    }
    out.push(',');
    if let Some(m) = row.volume_multiple {
        grid::write_raw_multiple(out, m);
    }
    out.push(',');
    out.push_str(row.verdict.as_str());
    out.push(',');
    out.push_str(row.marker.map_or("", |m| m.as_str()));
    out.push(',');
    out.push_str(ids.get(row.best).map_or("", String::as_str));
    out.push('\n');
}

impl Renderer for Csv {
    fn breakeven(&self, r: &Report) -> Rendered {
        let mut out = write(&grid::breakeven(r, Numbers::Raw))?;
        for g in super::change::csv(r) {
            out.push('\n');
            out.push_str(&write(&g)?);
        }
        Ok(out)
    }

    fn ledger(&self, r: &Report) -> Rendered {
        write(&grid::ledger(r, Numbers::Raw))
    }

    fn sweep(&self, s: &Sweep) -> Rendered {
        let mut out = Vec::new();
        write_sweep(s, &mut out)?;
        Ok(String::from_utf8(out).expect("CSV of Rust strings is UTF-8"))
    }

    fn write_sweep(&self, s: &Sweep, out: &mut dyn std::io::Write) -> Result<(), RenderError> {
        write_sweep(s, out)
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
