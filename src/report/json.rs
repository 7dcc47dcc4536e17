//! JSON: one pretty-printed document with a `schema` id per report.

use serde::Serialize;

use super::{Rendered, Renderer};
use crate::analysis::dataset::DatasetReport;
use crate::analysis::prices::{CheckReport, GpuList, ImportReport, PriceList};
use crate::analysis::sweep::Sweep;
use crate::analysis::tokens::TokensReport;
use crate::analysis::Report;

/// The JSON renderer.
pub struct Json;

/// One pretty-printed JSON document followed by a newline.
pub fn document<T: Serialize>(value: &T) -> Rendered {
    let mut text = serde_json::to_string_pretty(value)?;
    text.push('\n');
    Ok(text)
}

impl Renderer for Json {
    fn breakeven(&self, report: &Report) -> Rendered {
        document(report)
    }

    /// JSON always carries the ledgers: the whole report.
    fn ledger(&self, report: &Report) -> Rendered {
        document(report)
    }

    fn sweep(&self, sweep: &Sweep) -> Rendered {
        document(sweep)
    }

    fn tokens(&self, report: &TokensReport) -> Rendered {
        document(report)
    }

    fn dataset(&self, report: &DatasetReport) -> Rendered {
        document(report)
    }

    fn prices(&self, list: &PriceList) -> Rendered {
        document(list)
    }

    fn gpus(&self, list: &GpuList) -> Rendered {
        document(list)
    }

    fn check(&self, report: &CheckReport) -> Rendered {
        document(report)
    }

    fn import(&self, report: &ImportReport) -> Rendered {
        document(report)
    }
}
