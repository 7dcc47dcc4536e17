//! Bytes as a usage file to `usage::read::read_bytes` (format detection,
//! every format's records, the CSV rows, a JSON document) and each line to
//! every JSON-lines format: no panic; an error is one line without control
//! characters; what is counted is consistent (cached ≤ input, percentiles
//! within the lengths seen, shares ≤ 1); a response line read straight
//! from its bytes or off simd-json's tape gives the records serde_json
//! gives; CSV rows cut where
//! the block scanner finds record ends read as the whole text does.
#![no_main]

use ftvp::dataset::ends::{cuts, Records};
use ftvp::usage::csv::{read_rows, Columns, CsvKind};
use ftvp::usage::formats::{direct, tape, Response, Sink};
use ftvp::usage::read::{json_line, read_bytes};
use ftvp::usage::{Format, Measurement, Part, Record};
use libfuzzer_sys::fuzz_target;

struct Count(u64);

impl Sink for Count {
    fn record(&mut self, _: &str, r: Record) {
        assert!(r.cached.is_none_or(|c| c <= r.input) || !r.single);
        self.0 += 1;
    }
    fn skip(&mut self, _: &'static str) {}
    fn exclude(&mut self, _: &'static str) {}
    fn cover(&mut self, from: i32, to: i32) {
        let _ = (from, to);
    }
}

fn check(m: &Measurement) {
    for s in m.months() {
        assert!(s.requests > 0);
        if let Some(share) = s.cached_share {
            assert!(share.num <= share.den, "cached share {share:?}");
        }
        if let Some(share) = s.batch_share {
            assert!(share.num <= share.den, "batch share {share:?}");
        }
        if let (Some(p50), Some(p90)) = (s.input_p50, s.input_p90) {
            assert!(p50 <= p90);
        }
        assert!(s.days_covered <= s.month.days());
    }
    for model in m.models() {
        let measured = m.measured(model).expect("a model with requests");
        assert!(measured.volume.requests > 0 || measured.total.requests == 0);
    }
}

/// Everything a sink receives, in order.
#[derive(Default, Debug, PartialEq)]
struct Recorded(Vec<String>);

impl Sink for Recorded {
    fn record(&mut self, model: &str, r: Record) {
        self.0.push(format!("{model} {r:?}"));
    }
    fn skip(&mut self, why: &'static str) {
        self.0.push(format!("skip {why}"));
    }
    fn exclude(&mut self, why: &'static str) {
        self.0.push(format!("exclude {why}"));
    }
    fn cover(&mut self, from: i32, to: i32) {
        self.0.push(format!("cover {from} {to}"));
    }
}

/// LiteLLM CSV rows read whole, and in pieces cut at the record ends the
/// block scanner finds: the same records, skips and days.
fn csv_cuts(data: &[u8]) {
    let header = Columns::of(b"model,prompt_tokens,completion_tokens,startTime,cache_hit");
    let read = |pieces: &[&[u8]]| {
        let mut m = Measurement::default();
        for piece in pieces {
            let mut part = Part::default();
            read_rows(piece, &header, CsvKind::LiteLlm, &mut part);
            m.merge(part);
        }
        m
    };
    let mut pieces = Vec::new();
    let mut from = 0;
    for cut in cuts(data, Records::Csv).into_iter().chain([data.len()]) {
        pieces.push(&data[from..cut.max(from)]);
        from = cut;
    }
    assert_eq!(read(&pieces), read(&[data]));
}

/// A line parsed where it lies in a block, the bytes after it its padding:
/// the records of the copy's parse, and the block unchanged (serde_json may
/// still have to read the line).
fn in_place(line: &[u8], copied: Option<&Recorded>) {
    if line.contains(&b'\n') {
        return;
    }
    let mut block = line.to_vec();
    block.extend_from_slice(b"\n{\"model\":\"next\"}\n");
    block.resize(line.len() + 512, b'x');
    let before = block.clone();
    let mut placed = Recorded::default();
    let read = tape::read_in_place(&mut block, (0, line.len()), line.contains(&b'\\'), &mut placed);
    assert_eq!(read.then_some(&placed), copied);
    assert_eq!(block, before, "the block changed");
}

fuzz_target!(|data: &[u8]| {
    csv_cuts(data);
    let mut fast = Recorded::default();
    let taped = tape::read(data, &mut fast);
    if taped {
        let mut slow = Recorded::default();
        match serde_json::from_slice::<Response>(data) {
            Ok(r) => r.read(&mut slow),
            Err(e) => panic!("the tape read what serde_json refuses: {e}"),
        }
        assert_eq!(fast, slow);
    }
    in_place(data, taped.then_some(&fast));
    let mut straight = Recorded::default();
    if direct::read(data, &mut straight) {
        let mut slow = Recorded::default();
        match serde_json::from_slice::<Response>(data) {
            Ok(r) => r.read(&mut slow),
            Err(e) => panic!("the direct reading read what serde_json refuses: {e}"),
        }
        assert_eq!(straight, slow);
    }
    match read_bytes(data, None) {
        Ok(m) => check(&m),
        Err(e) => {
            let text = e.to_string();
            assert!(!text.contains('\n'), "{text:?}");
            assert!(!text.chars().any(|c| c.is_control()), "{text:?}");
        }
    }
    for format in [Format::UsageApi, Format::Responses, Format::Otel, Format::Litellm] {
        let mut sink = Count(0);
        json_line(data, format, &mut sink);
    }
});
