//! The CSV formats: the aggregate a warehouse query returns
//! (`date,model,requests,input_tokens[,cached_input_tokens,output_tokens,
//! reasoning_tokens,batch_requests]`, a row per day or month and model) and
//! LiteLLM's spend logs exported as CSV.

use super::calendar::{self, days_from_civil, Month};
use super::formats::{is_cache_hit, why, Sink, SpendRow};
use super::tally::Record;

/// Which CSV a header announces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsvKind {
    /// The aggregate of §17.
    Aggregate,
    /// LiteLLM spend logs.
    LiteLlm,
}

/// The kind of CSV a first line is the header of, if any.
pub fn kind_of_header(line: &str) -> Option<CsvKind> {
    let cols: Vec<String> = line.split(',').map(|c| c.trim().trim_matches('"').to_ascii_lowercase()).collect();
    let has = |c: &str| cols.iter().any(|x| x == c);
    if has("date") && has("model") && has("requests") && has("input_tokens") {
        Some(CsvKind::Aggregate)
    } else if has("model") && has("prompt_tokens") && has("completion_tokens") {
        Some(CsvKind::LiteLlm)
    } else {
        None
    }
}

/// Column positions by name: a CSV's header.
#[derive(Debug, Clone)]
pub struct Columns(Vec<String>);

impl Columns {
    /// The header's columns.
    pub fn of(line: &[u8]) -> Columns {
        let mut rdr = csv::ReaderBuilder::new().has_headers(false).from_reader(line);
        let mut row = csv::StringRecord::new();
        let _ = rdr.read_record(&mut row);
        Columns(row.iter().map(|h| h.trim().to_string()).collect())
    }

    fn at(&self, name: &str) -> Option<usize> {
        self.0.iter().position(|c| c.eq_ignore_ascii_case(name))
    }
}

/// Reads the rows in `data` (whole lines of the file, the header not
/// among them) into `sink`; a row CSV cannot read is skipped and counted.
pub fn read_rows(data: &[u8], header: &Columns, kind: CsvKind, sink: &mut impl Sink) {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(data);
    let mut row = csv::StringRecord::new();
    loop {
        match rdr.read_record(&mut row) {
            Ok(false) => return,
            Ok(true) if row.iter().all(|f| f.trim().is_empty()) => {}
            Ok(true) => match kind {
                CsvKind::Aggregate => aggregate_row(header, &row, sink),
                CsvKind::LiteLlm => spend_row(header, &row, sink),
            },
            Err(_) => sink.skip(why::UNREADABLE),
        }
    }
}

fn field<'r>(h: &Columns, row: &'r csv::StringRecord, name: &str) -> Option<&'r str> {
    h.at(name).and_then(|i| row.get(i)).map(str::trim).filter(|v| !v.is_empty())
}

fn count(h: &Columns, row: &csv::StringRecord, name: &str) -> Option<u64> {
    field(h, row, name).and_then(|v| v.parse().ok())
}

/// The days a `date` cell covers: a day, or a whole month (`2026-11`).
fn days_of(text: &str) -> Option<(i32, i32)> {
    if text.len() == 7 {
        let (y, m) = text.split_once('-')?;
        let month = Month { year: y.parse().ok()?, month: m.parse().ok().filter(|m| (1..=12).contains(m))? };
        let first = days_from_civil(month, 1);
        return Some((first, first + month.days() as i32 - 1));
    }
    calendar::day_of_text(text).map(|d| (d, d))
}

fn aggregate_row(h: &Columns, row: &csv::StringRecord, sink: &mut impl Sink) {
    let Some(model) = field(h, row, "model") else {
        return sink.skip(why::NO_MODEL);
    };
    let Some((first, last)) = field(h, row, "date").and_then(days_of) else {
        return sink.skip(why::NO_TIME);
    };
    let (Some(requests), Some(input)) = (count(h, row, "requests"), count(h, row, "input_tokens")) else {
        return sink.skip(why::NO_COUNTS);
    };
    // Output tokens include reasoning tokens.
    let reasoning = count(h, row, "reasoning_tokens");
    let output = count(h, row, "output_tokens").unwrap_or(0);
    sink.cover(first, last);
    let record = Record {
        day: first,
        requests,
        input,
        cached: count(h, row, "cached_input_tokens").map(|c| c.min(input)),
        output: output.saturating_sub(reasoning.unwrap_or(0)),
        reasoning: reasoning.map(|r| r.min(output)),
        batch: count(h, row, "batch_requests").map(|b| b.min(requests)),
        single: false,
    };
    sink.record(model, record);
}

fn spend_row(h: &Columns, row: &csv::StringRecord, sink: &mut impl Sink) {
    SpendRow {
        model: field(h, row, "model"),
        prompt: count(h, row, "prompt_tokens"),
        completion: count(h, row, "completion_tokens"),
        day: field(h, row, "startTime").and_then(calendar::day_of_text),
        cached: None,
        hit: field(h, row, "cache_hit").is_some_and(is_cache_hit),
    }
    .read(sink);
}
