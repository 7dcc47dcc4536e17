//! JSON: one pretty-printed document with a `schema` id per report.

use serde::Serialize;

use super::{Rendered, Renderer};
use crate::analysis::dataset::DatasetReport;
use crate::analysis::sweep::Sweep;
use crate::analysis::tokens::TokensReport;
use crate::analysis::Report;
use crate::pricing::{Model, ModelPrices};

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

    fn prices(&self, models: &[&Model]) -> Rendered {
        document(&PricesDoc {
            schema: "ftvp.prices/1",
            models: models
                .iter()
                .map(|m| PriceRow {
                    id: &m.id,
                    provider: &m.sheet.provider,
                    model: &m.name,
                    currency: &m.sheet.currency,
                    prices: &m.prices,
                    as_of: m.sheet.as_of.to_string(),
                    source: &m.sheet.source,
                    sheet: &m.sheet.origin,
                })
                .collect(),
        })
    }
}

/// `ftvp.prices/1`.
#[derive(Serialize)]
struct PricesDoc<'a> {
    schema: &'static str,
    models: Vec<PriceRow<'a>>,
}

#[derive(Serialize)]
struct PriceRow<'a> {
    id: &'a str,
    provider: &'a str,
    model: &'a str,
    currency: &'a str,
    #[serde(flatten)]
    prices: &'a ModelPrices,
    as_of: String,
    source: &'a str,
    sheet: &'a str,
}
