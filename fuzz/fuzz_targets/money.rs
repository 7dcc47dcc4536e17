//! The money parsers: flags' amounts (`499.99`, `1_000`) and the sheets'
//! exact decimal text (`0.30000000000000000001`, `1.5e-07`). Neither panics,
//! neither accepts a negative amount, each reads back what it printed, and
//! where both accept the same text they agree.
#![no_main]

use ftvp::pricing::parse_decimal_text;
use ftvp::units::parse_money;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let flag = parse_money(text);
    let sheet = parse_decimal_text(text);
    for value in [&flag, &sheet].into_iter().flatten() {
        assert!(!value.is_sign_negative() || value.is_zero(), "{text:?}");
    }
    if let Ok(v) = flag {
        assert_eq!(parse_money(&v.to_string()), Ok(v), "{text:?}");
    }
    if let Ok(v) = sheet {
        assert_eq!(parse_decimal_text(&v.to_string()), Ok(v), "{text:?}");
    }
    if let (Ok(a), Ok(b)) = (flag, sheet) {
        assert_eq!(a, b, "{text:?}");
    }
});
