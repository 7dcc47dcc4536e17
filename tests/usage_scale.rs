//! `ftvp usage` past the small samples: LiteLLM CSV rows whose quoted cells
//! hold newlines, read in blocks on every core, and percentiles past the
//! lengths kept exactly.

use ftvp::usage::csv::{read_rows, Columns, CsvKind};
use ftvp::usage::read::read_bytes;
use ftvp::usage::{Format, Measurement, Part};

const LITELLM_HEADER: &str = "request_id,call_type,model,messages,prompt_tokens,completion_tokens,startTime,cache_hit,metadata";

/// A LiteLLM spend log as CSV whose `messages` and `metadata` cells are
/// pretty-printed JSON (newlines, doubled quotes, commas), `rows` rows of
/// about 1 KB, nearly all of it inside quotes; row `i` is of model
/// `m{i % 3}`, `100 + i % 1000` prompt tokens, in November or December.
fn litellm_csv(rows: usize) -> String {
    let mut csv = format!("{LITELLM_HEADER}\n");
    for i in 0..rows {
        let messages = serde_json::json!([
            {"role": "system", "content": "Answer briefly,\nin \"plain\" words.\n".repeat(20)},
            {"role": "user", "content": format!("question {i}\n\nwith, commas\r\nand lines")},
        ]);
        let messages = serde_json::to_string_pretty(&messages)
            .unwrap()
            .replace('"', "\"\"");
        let month = if i % 2 == 0 { 11 } else { 12 };
        csv.push_str(&format!(
            "r{i},acompletion,m{},\"{messages}\",{},{},2026-{month}-{:02} 08:00:00,False,\"{{\n  \"\"user\"\": \"\"u{i}\"\"\n}}\"\n",
            i % 3,
            100 + i % 1000,
            7 + i % 5,
            1 + i % 28,
        ));
    }
    csv
}

/// What csv reads from the whole text at once, the header aside.
fn read_whole(csv: &str) -> Measurement {
    let (header, rows) = csv.split_once('\n').unwrap();
    let mut part = Part::default();
    read_rows(
        rows.as_bytes(),
        &Columns::of(header.as_bytes()),
        CsvKind::LiteLlm,
        &mut part,
    );
    let mut m = Measurement::default();
    m.merge(part);
    m
}

#[test]
fn litellm_csv_rows_with_newlines_in_quotes_read_the_same_in_blocks_as_whole() {
    // 4,000 rows of ~1 KB: ~4 MB, about 8 blocks of half a megabyte; a
    // read ends nearly always inside a quoted cell.
    let rows = 4_000;
    let csv = litellm_csv(rows);
    assert!(csv.len() > 3 << 20, "{}", csv.len());
    let blocks = read_bytes(csv.as_bytes(), None).unwrap();
    assert_eq!(blocks.files[0].format, Format::LitellmCsv);
    let whole = read_whole(&csv);
    assert_eq!(whole.requests(), rows as u64);
    assert!(whole.skipped.is_empty(), "{:?}", whole.skipped);
    assert_eq!(blocks.skipped, whole.skipped);
    assert_eq!(blocks.excluded, whole.excluded);
    assert_eq!(blocks.days, whole.days);
    assert_eq!(blocks.tallies, whole.tallies);
    // By hand: Σ over i < 4,000 of (100 + i mod 1000) = 4 × (100,000 + 499,500).
    let input: u128 = blocks.tallies.values().map(|t| t.input).sum();
    assert_eq!(input, 4 * (100_000 + 499_500));
}

#[test]
fn a_csv_row_over_the_cap_is_skipped_and_counted_and_the_rows_after_it_read() {
    // A quoted cell of 64 MiB and more, of short lines: one row too long to
    // hold, whatever its newlines.
    let mut csv = litellm_csv(2).into_bytes();
    let cell = "x\n".repeat((ftvp::dataset::MAX_LINE_BYTES / 2 + 10) as usize);
    let huge = format!("big,acompletion,m0,\"{cell}\",1,1,2026-11-07 08:00:00,False,\n");
    csv.extend_from_slice(huge.as_bytes());
    csv.extend_from_slice(litellm_csv(3).split_once('\n').unwrap().1.as_bytes());
    let m = read_bytes(&csv, None).unwrap();
    assert_eq!(
        (m.requests(), m.skipped.get("line too long")),
        (5, Some(&1))
    );
}
