//! One JSONL line to `dataset::json::Json::parse_line` (simd-json first,
//! serde_json for what it refuses) and to serde_json alone: the same value,
//! or the same error, whatever the bytes.
#![no_main]

use ftvp::dataset::json::Json;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|line: &[u8]| {
    let slow = serde_json::from_slice::<Json>(line);
    let mut scratch = Vec::new();
    let fast = Json::parse_line(line, &mut scratch);
    match (&fast, &slow) {
        (Ok(a), Ok(b)) => assert_eq!(a, b),
        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
        _ => panic!("parse_line {fast:?}, serde_json {slow:?}"),
    }
});
