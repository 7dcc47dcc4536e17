//! `ftvp usage` past the small samples: LiteLLM CSV rows whose quoted cells
//! hold newlines, read in blocks on every core, and percentiles past the
//! lengths kept exactly.

mod common;

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

/// A LiteLLM CSV of 140,000 requests in November 2026, the `i`-th with
/// `i` prompt tokens (1 to 140,000: more distinct lengths than the 131,072
/// kept exactly) and 20 completion tokens.
fn many_lengths() -> String {
    let mut csv =
        String::from("request_id,model,prompt_tokens,completion_tokens,startTime,cache_hit\n");
    for i in 1..=140_000 {
        csv.push_str(&format!("r,m,{i},20,2026-11-05 08:00:00,False\n"));
    }
    csv
}

#[test]
fn percentiles_past_the_distinct_lengths_kept_say_they_are_approximate() {
    let csv = many_lengths();
    let m = read_bytes(csv.as_bytes(), None).unwrap();
    let s = m.months().pop().unwrap();
    // 140,000 lengths in at most 131,072 ranges: ranges of 2 tokens. The
    // median is rank 70,000, length 70,000, in [70,000, 70,001]: shown as
    // the range's middle rounded up, 70,001; p90 is rank 126,000 likewise.
    assert_eq!(s.input_resolution, Some(2));
    assert_eq!((s.input_p50, s.input_p90), (Some(70_001), Some(126_001)));
    // One output length: exact.
    assert_eq!(s.output_resolution, Some(1));
    assert_eq!((s.output_p50, s.output_p90), (Some(20), Some(20)));

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("spend.csv");
    std::fs::write(&path, &csv).unwrap();
    let run = |format: &str| {
        let out = common::ftvp()
            .arg("usage")
            .arg(&path)
            .args(["--format", format])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let doc: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    let month = &doc["models"][0]["months"][0];
    assert_eq!(month["input_p50"], 70_001);
    assert_eq!(month["input_length_resolution"], 2);
    assert_eq!(month["output_length_resolution"], 1);
    let table = run("table");
    assert!(
        table.contains("≈70,001") && table.contains("≈126,001"),
        "{table}"
    );
    assert!(!table.contains("≈20"), "{table}"); // exact output lengths carry no mark
    let table = common::unwrapped(&table);
    assert!(
        table.contains("≈: approximate; past 131,072 distinct lengths in a month, lengths are counted in ranges of up to 2 tokens"),
        "{table}"
    );
    assert!(run("markdown").contains("| ≈70,001 | ≈126,001 |"));
    let csv_out = run("csv");
    let mut lines = csv_out.lines();
    assert!(lines
        .next()
        .unwrap()
        .ends_with(",growth_percent,input_length_resolution,output_length_resolution"));
    assert!(
        lines
            .next()
            .unwrap()
            .ends_with(",70001,126001,20,20,20,,,,,2,1"),
        "{csv_out}"
    );
}
