//! CSV through the `csv` crate: a header row and unformatted numbers.

use super::grid::{self, Grid, Numbers};
use super::Renderer;
use crate::analysis::Report;
use crate::pricing::Model;
use crate::sweep::Sweep;

/// The CSV renderer.
pub struct Csv;

fn write(grid: &Grid) -> anyhow::Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&grid.header)?;
    for row in &grid.rows {
        w.write_record(row)?;
    }
    Ok(String::from_utf8(w.into_inner()?)?)
}

impl Renderer for Csv {
    fn breakeven(&self, r: &Report) -> anyhow::Result<String> {
        write(&grid::breakeven(r, Numbers::Raw))
    }

    fn sweep(&self, s: &Sweep) -> anyhow::Result<String> {
        write(&grid::sweep(s, Numbers::Raw))
    }

    fn prices(&self, models: &[&Model]) -> anyhow::Result<String> {
        write(&grid::prices(models, Numbers::Raw))
    }
}
