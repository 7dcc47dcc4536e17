//! Checked arithmetic on amounts: an overflow is an error naming the amount,
//! never a panic or a silent rounding.

use rust_decimal::Decimal;

use super::CostError;

/// `a × b`, or an overflow error naming `what`.
pub(crate) fn mul(a: Decimal, b: Decimal, what: &'static str) -> Result<Decimal, CostError> {
    a.checked_mul(b).ok_or(CostError::Overflow(what))
}

/// `a + b`, or an overflow error naming `what`. Adding a zero of no more
/// decimal places gives the other amount as it is, digits and scale (what
/// `checked_add` gives too, after rescaling both: sums of the ledger's
/// fixed costs add many zeros to amounts of 28 digits).
pub(crate) fn add(a: Decimal, b: Decimal, what: &'static str) -> Result<Decimal, CostError> {
    match (a.is_zero(), b.is_zero()) {
        (false, true) if b.scale() <= a.scale() => Ok(a),
        (true, false) if a.scale() <= b.scale() => Ok(b),
        _ => a.checked_add(b).ok_or(CostError::Overflow(what)),
    }
}

#[cfg(test)]
mod zero_tests {
    use super::*;
    use std::str::FromStr;

    /// The shortcut gives exactly what `checked_add` gives: value, scale and sign.
    #[test]
    fn adding_a_zero_gives_what_checked_add_gives() {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        let values = ["0", "0.00", "-0", "1.5", "-2.25", "1234567890.123456789012345678", "0.0000000000000000000000000001"];
        for a in values {
            for b in values {
                let (x, y) = (d(a), d(b));
                let want = x.checked_add(y).unwrap();
                let got = add(x, y, "test").unwrap();
                assert_eq!((got, got.scale(), got.is_sign_negative()), (want, want.scale(), want.is_sign_negative()), "{a} + {b}");
                assert_eq!(got.to_string(), want.to_string(), "{a} + {b}");
            }
        }
    }
}
