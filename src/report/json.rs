//! JSON: one pretty-printed document with a `schema` id per report.

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter};

use super::{RenderError, Rendered, Renderer, PIECE_BYTES};
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
        let mut out = Vec::new();
        write_sweep_document(sweep, &mut out)?;
        Ok(String::from_utf8(out).expect("JSON text is UTF-8"))
    }

    fn write_sweep(&self, sweep: &Sweep, out: &mut dyn std::io::Write) -> Result<(), RenderError> {
        write_sweep_document(sweep, out)
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
/// same pretty layout, a piece at a time; a test holds it to [`document`]
/// byte for byte.
fn write_sweep_document(s: &Sweep, sink: &mut dyn std::io::Write) -> Result<(), RenderError> {
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
        #[serde(skip_serializing_if = "Option::is_none")]
        sensitivity: Option<&'a [crate::analysis::sensitivity::Flip]>,
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
        sensitivity: s.sensitivity.as_deref(),
    })?;
    const EMPTY: &str = "\n  \"rows\": [],\n";
    let at = head.find(EMPTY).expect("the head has its empty rows");
    let mut out = Vec::with_capacity(PIECE_BYTES + 1024);
    out.extend_from_slice(&head.as_bytes()[..at]);
    match s.rows.is_empty() {
        true => out.extend_from_slice(EMPTY.as_bytes()),
        false => {
            out.extend_from_slice(b"\n  \"rows\": [\n");
            let names = Names::of(&s.candidates)?;
            for (i, row) in s.rows.iter().enumerate() {
                if i > 0 {
                    out.extend_from_slice(b",\n");
                }
                sweep_row(&mut out, row, &names)?;
                if out.len() >= PIECE_BYTES {
                    sink.write_all(&out)?;
                    out.clear();
                }
            }
            out.extend_from_slice(b"\n  ],\n");
        }
    }
    out.extend_from_slice(&head.as_bytes()[at + EMPTY.len()..]);
    Ok(sink.write_all(&out)?)
}

/// The candidates' model ids as JSON strings, each escaped once, and their
/// places in the order a map keyed by id lists them (sorted by id).
struct Names {
    quoted: Vec<String>,
    sorted: Vec<usize>,
}

impl Names {
    fn of(ids: &[String]) -> Result<Names, serde_json::Error> {
        let mut sorted: Vec<usize> = (0..ids.len()).collect();
        sorted.sort_by_key(|&i| &ids[i]);
        Ok(Names {
            quoted: ids
                .iter()
                .map(serde_json::to_string)
                .collect::<Result<_, _>>()?,
            sorted,
        })
    }

    fn get(&self, i: usize) -> &[u8] {
        self.quoted.get(i).map_or(b"\"\"", |q| q.as_bytes())
    }
}

/// One row at the indentation of `rows`, as serde_json's pretty printer
/// writes it, numbers by serde_json's own number writers.
fn sweep_row(
    out: &mut Vec<u8>,
    row: &crate::analysis::sweep::Row,
    names: &Names,
) -> Result<(), serde_json::Error> {
    out.extend_from_slice(b"    {\n      \"volume\": ");
    CompactFormatter
        .write_u64(out, row.volume)
        .map_err(serde_json::Error::io)?;
    out.extend_from_slice(b",\n      \"base_total\": ");
    number(out, row.base_total)?;
    out.extend_from_slice(b",\n      \"totals\": ");
    map(out, names, &row.cells, |out, c| number(out, c.total))?;
    out.extend_from_slice(b",\n      \"verdicts\": ");
    map(out, names, &row.cells, |out, c| {
        quoted(out, c.verdict.as_str())
    })?;
    out.extend_from_slice(b",\n      \"best\": ");
    out.extend_from_slice(names.get(row.best));
    out.extend_from_slice(b",\n      \"volume_multiple\": ");
    match row.volume_multiple {
        Some(m) => float(out, m)?,
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

/// An amount from its exact decimal, as every document writes one (see
/// [`crate::format::exact_money`]).
fn number(out: &mut Vec<u8>, x: rust_decimal::Decimal) -> Result<(), serde_json::Error> {
    out.extend_from_slice(crate::format::exact_money::text(x).as_bytes());
    Ok(())
}

/// A ratio (not an amount) as `rust_decimal::serde::float` writes it: its
/// `to_f64`, as every document writes ratios.
fn float(out: &mut Vec<u8>, x: rust_decimal::Decimal) -> Result<(), serde_json::Error> {
    match Some(to_f64(x)).filter(|f| f.is_finite()) {
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

/// `{ "id": value, … }` at a row's inner indentation, by id.
fn map<V>(
    out: &mut Vec<u8>,
    names: &Names,
    cells: &[V],
    value: impl Fn(&mut Vec<u8>, &V) -> Result<(), serde_json::Error>,
) -> Result<(), serde_json::Error> {
    if cells.is_empty() {
        out.extend_from_slice(b"{}");
        return Ok(());
    }
    let placed = names
        .sorted
        .iter()
        .filter_map(|&i| Some((i, cells.get(i)?)));
    for (n, (i, v)) in placed.enumerate() {
        out.extend_from_slice(if n > 0 {
            b",\n        "
        } else {
            b"{\n        "
        });
        out.extend_from_slice(names.get(i));
        out.extend_from_slice(b": ");
        value(out, v)?;
    }
    out.extend_from_slice(b"\n      }");
    Ok(())
}

/// `Decimal::to_f64`, step for step (its rounding is not the nearest `f64`
/// in every case, and the document must not change), in 64-bit integers
/// where the mantissa fits: the 128-bit division it makes was most of the
/// time a 10,000-row sweep spent on its numbers.
fn to_f64(x: rust_decimal::Decimal) -> f64 {
    use rust_decimal::prelude::ToPrimitive;
    let (Ok(m), scale) = (u64::try_from(x.mantissa().unsigned_abs()), x.scale()) else {
        return x.to_f64().unwrap_or(f64::NAN);
    };
    if scale > 19 {
        return x.to_f64().unwrap_or(f64::NAN);
    }
    let precision = 10u64.pow(scale);
    let (integral, frac) = ((m / precision) as f64, m % precision);
    let magnitude = match frac {
        0 => integral,
        _ => {
            let value = integral + frac as f64 / precision as f64;
            let round_to = 10f64.powi(scale as i32);
            (value * round_to).round() / round_to
        }
    };
    match x.is_sign_negative() {
        true => -magnitude,
        false => magnitude,
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal::prelude::ToPrimitive;
    use rust_decimal::Decimal;

    proptest::proptest! {
        #[test]
        fn amounts_convert_to_floats_bit_for_bit_as_the_decimal_does(
            m in proptest::num::i128::ANY,
            scale in 0u32..=28,
            small in proptest::num::i64::ANY,
        ) {
            let wide = Decimal::from_i128_with_scale(m >> 32, scale);
            let narrow = Decimal::from_i128_with_scale(i128::from(small), scale);
            for x in [wide, narrow, Decimal::from_i128_with_scale(i128::from(small % 1_000_000), scale)] {
                proptest::prop_assert_eq!(super::to_f64(x).to_bits(), x.to_f64().unwrap().to_bits(), "{}", x);
            }
        }
    }

    #[test]
    fn amounts_at_the_edges_convert_as_the_decimal_does() {
        for text in [
            "0",
            "-0.000",
            "0.1",
            "0.3",
            "2.675",
            "-1.005",
            "18446744073709551615",
            "18446744073709551616",
            "1844674407370955161.5",
            "0.0000000000000000001",
            "0.00000000000000000001",
            "79228162514264337593543950335",
            "123456.789012345678",
        ] {
            let x: Decimal = text.parse().unwrap();
            assert_eq!(
                super::to_f64(x).to_bits(),
                x.to_f64().unwrap().to_bits(),
                "{text}"
            );
        }
    }

    #[test]
    fn amounts_are_written_from_their_exact_decimal_and_integers_keep_a_point() {
        for (text, json) in [
            ("0", "0.0"),
            ("23500", "23500.0"),
            ("23500.00", "23500.0"),
            ("6603.60", "6603.6"),
            (
                "0.0000000000000000000000000001",
                "0.0000000000000000000000000001",
            ),
            (
                "0.3333333333333333333333333333",
                "0.3333333333333333333333333333",
            ),
            ("-1.005", "-1.005"),
            (
                "79228162514264337593543950335",
                "79228162514264337593543950335.0",
            ),
        ] {
            let x: Decimal = text.parse().unwrap();
            let mut out = Vec::new();
            super::number(&mut out, x).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), json, "{text}");
            // Through serde too, for every other document.
            #[derive(serde::Serialize)]
            struct A(#[serde(with = "crate::format::exact_money")] Decimal);
            assert_eq!(serde_json::to_string(&A(x)).unwrap(), json, "{text}");
        }
    }
}
