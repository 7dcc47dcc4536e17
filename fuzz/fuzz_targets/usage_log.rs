//! Bytes as a usage file to `usage::read::read_bytes` (format detection,
//! every format's records, the CSV rows, a JSON document) and each line to
//! every JSON-lines format: no panic; an error is one line without control
//! characters; what is counted is consistent (cached ≤ input, percentiles
//! within the lengths seen, shares ≤ 1).
#![no_main]

use ftvp::usage::formats::Sink;
use ftvp::usage::read::{json_line, read_bytes};
use ftvp::usage::{Format, Measurement, Record};
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

fuzz_target!(|data: &[u8]| {
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
