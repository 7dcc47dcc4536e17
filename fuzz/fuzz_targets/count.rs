//! The count parser of flags and scenarios (`5M`, `1.5k`, `250_000`): never
//! panics, and a count it accepts reads back from its own digits.
#![no_main]

use ftvp::units::parse_count;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(n) = parse_count(text) {
        assert!(text.chars().any(|c| c.is_ascii_digit()), "{text:?} → {n}");
        assert_eq!(parse_count(&n.to_string()), Ok(n), "{text:?}");
        // The suffixes scale exactly: 1k is 1,000 of 1.
        if let Some(k) = n.checked_mul(1000) {
            assert_eq!(parse_count(&format!("{n}k")), Ok(k), "{text:?}");
        }
    }
});
