//! JSON: one pretty-printed document with a `schema` id per report.

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter};

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
        sweep_document(sweep)
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

/// A sweep's document: everything but the rows through serde, and the rows
/// (10,000 of them at most) written straight from their numbers, in the
/// same pretty layout; a test holds it to [`document`] byte for byte.
fn sweep_document(s: &Sweep) -> Rendered {
    #[derive(Serialize)]
    struct Head<'a> {
        schema: &'a str,
        currency: &'a str,
        axis: &'a crate::analysis::sweep::Axis,
        base: &'a str,
        candidates: &'a [String],
        best: &'a str,
        volume: Option<crate::cost::Requests>,
        lines: &'a [crate::analysis::sweep::Line],
        rows: [(); 0],
        warnings: &'a [String],
    }
    let head = document(&Head {
        schema: s.schema,
        currency: &s.currency,
        axis: &s.axis,
        base: &s.base,
        candidates: &s.candidates,
        best: &s.best,
        volume: s.volume,
        lines: &s.lines,
        rows: [],
        warnings: &s.warnings,
    })?;
    const EMPTY: &str = "\n  \"rows\": [],\n";
    let at = head.find(EMPTY).expect("the head has its empty rows");
    let mut out = Vec::with_capacity(head.len() + s.rows.len() * 400);
    out.extend_from_slice(&head.as_bytes()[..at]);
    match s.rows.is_empty() {
        true => out.extend_from_slice(EMPTY.as_bytes()),
        false => {
            out.extend_from_slice(b"\n  \"rows\": [\n");
            let mut names = Names::default();
            for (i, row) in s.rows.iter().enumerate() {
                if i > 0 {
                    out.extend_from_slice(b",\n");
                }
                sweep_row(&mut out, row, &mut names)?;
            }
            out.extend_from_slice(b"\n  ],\n");
        }
    }
    out.extend_from_slice(&head.as_bytes()[at + EMPTY.len()..]);
    Ok(String::from_utf8(out).expect("JSON text is UTF-8"))
}

/// Model ids as JSON strings, each escaped once.
#[derive(Default)]
struct Names(Vec<(String, String)>);

impl Names {
    fn get(&mut self, id: &str) -> Result<&[u8], serde_json::Error> {
        let i = match self.0.iter().position(|(k, _)| k == id) {
            Some(i) => i,
            None => {
                self.0.push((id.to_string(), serde_json::to_string(id)?));
                self.0.len() - 1
            }
        };
        Ok(self.0[i].1.as_bytes())
    }
}

/// One row at the indentation of `rows`, as serde_json's pretty printer
/// writes it, numbers by serde_json's own number writers.
fn sweep_row(
    out: &mut Vec<u8>,
    row: &crate::analysis::sweep::Row,
    names: &mut Names,
) -> Result<(), serde_json::Error> {
    out.extend_from_slice(b"    {\n      \"volume\": ");
    CompactFormatter
        .write_u64(out, row.volume)
        .map_err(serde_json::Error::io)?;
    out.extend_from_slice(b",\n      \"base_total\": ");
    number(out, row.base_total)?;
    out.extend_from_slice(b",\n      \"totals\": ");
    map(out, names, &row.totals, |out, v| number(out, *v))?;
    out.extend_from_slice(b",\n      \"verdicts\": ");
    map(out, names, &row.verdicts, |out, v| quoted(out, v.as_str()))?;
    out.extend_from_slice(b",\n      \"best\": ");
    out.extend_from_slice(names.get(&row.best)?);
    out.extend_from_slice(b",\n      \"volume_multiple\": ");
    match row.volume_multiple {
        Some(m) => number(out, m)?,
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\n      \"verdict\": ");
    quoted(out, row.verdict.as_str())?;
    out.extend_from_slice(b",\n      \"marker\": ");
    match row.marker {
        Some(m) => quoted(out, m.as_str())?,
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b"\n    }");
    Ok(())
}

/// An amount as `rust_decimal::serde::float` writes it: the nearest `f64`.
fn number(out: &mut Vec<u8>, x: rust_decimal::Decimal) -> Result<(), serde_json::Error> {
    use rust_decimal::prelude::ToPrimitive;
    match x.to_f64().filter(|f| f.is_finite()) {
        Some(f) => CompactFormatter
            .write_f64(out, f)
            .map_err(serde_json::Error::io)?,
        None => out.extend_from_slice(b"null"),
    }
    Ok(())
}

/// A stable name that needs no escaping.
fn quoted(out: &mut Vec<u8>, name: &str) -> Result<(), serde_json::Error> {
    out.push(b'"');
    out.extend_from_slice(name.as_bytes());
    out.push(b'"');
    Ok(())
}

/// `{ "id": value, … }` at a row's inner indentation.
fn map<V>(
    out: &mut Vec<u8>,
    names: &mut Names,
    entries: &std::collections::BTreeMap<String, V>,
    value: impl Fn(&mut Vec<u8>, &V) -> Result<(), serde_json::Error>,
) -> Result<(), serde_json::Error> {
    if entries.is_empty() {
        out.extend_from_slice(b"{}");
        return Ok(());
    }
    for (i, (k, v)) in entries.iter().enumerate() {
        out.extend_from_slice(if i > 0 {
            b",\n        "
        } else {
            b"{\n        "
        });
        out.extend_from_slice(names.get(k)?);
        out.extend_from_slice(b": ");
        value(out, v)?;
    }
    out.extend_from_slice(b"\n      }");
    Ok(())
}
