//! Prices from their decimal text, never through `f64`.
//!
//! The `toml` crate hands numbers to serde as `f64` or integers, which would
//! turn `0.30000000000000000001` into `0.3`. So a price is deserialised as a
//! spanned number, and its literal is re-read from the document at that span
//! and parsed exactly. The document is made available for the length of one
//! parse by [`with_source`].

use std::cell::RefCell;
use std::rc::Rc;

use rust_decimal::Decimal;
use serde::{de, Deserialize, Deserializer};
use toml::Spanned;

thread_local! {
    /// The TOML text being deserialised on this thread, if any.
    static SOURCE: RefCell<Option<Rc<str>>> = const { RefCell::new(None) };
}

/// Restores the previous source when a parse ends, even by unwinding.
struct SourceGuard(Option<Rc<str>>);

impl Drop for SourceGuard {
    fn drop(&mut self) {
        let previous = self.0.take();
        SOURCE.with(|s| *s.borrow_mut() = previous);
    }
}

/// Runs `f` with `text` as the document whose numbers [`decimal`] re-reads.
pub(crate) fn with_source<T>(text: &str, f: impl FnOnce() -> T) -> T {
    let previous = SOURCE.with(|s| s.borrow_mut().replace(Rc::from(text)));
    let _guard = SourceGuard(previous);
    f()
}

/// The literal text at `span` of the document being parsed.
pub(crate) fn literal_at(span: std::ops::Range<usize>) -> Option<String> {
    SOURCE.with(|s| {
        s.borrow()
            .as_ref()
            .and_then(|text| text.get(span).map(str::to_owned))
    })
}

/// Any TOML number, as the parser read it; used only as a fallback where the
/// literal text cannot be found, and to accept the value's type.
enum Literal {
    Int(i128),
    Float(f64),
}

impl<'de> Deserialize<'de> for Literal {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl de::Visitor<'_> for V {
            type Value = Literal;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a number")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Literal, E> {
                Ok(Literal::Int(v.into()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Literal, E> {
                Ok(Literal::Int(v.into()))
            }
            fn visit_i128<E: de::Error>(self, v: i128) -> Result<Literal, E> {
                Ok(Literal::Int(v))
            }
            fn visit_u128<E: de::Error>(self, v: u128) -> Result<Literal, E> {
                i128::try_from(v)
                    .map(Literal::Int)
                    .map_err(|_| E::custom(format!("{v} is out of range")))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Literal, E> {
                Ok(Literal::Float(v))
            }
        }
        d.deserialize_any(V)
    }
}

/// Deserialises a non-negative, finite number exactly from its TOML text.
pub(crate) fn decimal<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
    let spanned = Spanned::<Literal>::deserialize(d)?;
    let parsed = match literal_at(spanned.span()) {
        Some(text) if !is_radix(&text) => parse_decimal_text(&text),
        _ => match spanned.into_inner() {
            Literal::Int(i) => from_integer(i),
            Literal::Float(f) => decimal_from_f64(f),
        },
    };
    parsed.map_err(de::Error::custom)
}

/// `0x…`, `0o…` and `0b…` integers, whose value the parser already has exactly.
fn is_radix(text: &str) -> bool {
    let t = text.trim_start_matches('+');
    t.starts_with("0x") || t.starts_with("0o") || t.starts_with("0b")
}

fn from_integer(i: i128) -> Result<Decimal, String> {
    if i < 0 {
        return Err(format!("{i} is negative; it must be 0 or more"));
    }
    Decimal::try_from_i128_with_scale(i, 0).map_err(|_| format!("{i} is out of range"))
}

/// The most decimal places `rust_decimal` can hold.
const MAX_SCALE: i64 = 28;

/// Parses a non-negative, finite decimal from its text exactly: plain
/// (`0.40`, `5`), with `_` separators (`1_000.5`) or with an exponent
/// (`1.5e-07`). A value that would need rounding is an error, never rounded.
pub fn parse_decimal_text(text: &str) -> Result<Decimal, String> {
    let shown = super::text::clip(text.trim(), 200);
    let t: String = text.trim().chars().filter(|&c| c != '_').collect();
    let lower = t.to_ascii_lowercase();
    if lower.contains("nan") || lower.contains("inf") {
        return Err(format!("{shown} is not a finite number"));
    }
    let (negative, unsigned) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, &t[..]),
    };
    let value = exact(unsigned).map_err(|why| why.message(&shown))?;
    if negative && !value.is_zero() {
        return Err(format!("-{value} is negative; it must be 0 or more"));
    }
    Ok(value)
}

/// Why a text is not an exact decimal.
enum Inexact {
    NotANumber,
    TooLarge,
    TooSmall,
    TooManyPlaces,
}

impl Inexact {
    fn message(self, shown: &str) -> String {
        match self {
            Inexact::NotANumber => format!("{shown} is not a number"),
            Inexact::TooLarge => format!("{shown} is out of range"),
            Inexact::TooSmall => {
                format!("{shown} is too small to compute with (28 decimal places at most)")
            }
            Inexact::TooManyPlaces => format!(
                "{shown} has more than 28 decimal places; ftvp computes exactly and will not round it"
            ),
        }
    }
}

/// The exact value of unsigned decimal text `digits[.digits][e[+-]digits]`.
fn exact(t: &str) -> Result<Decimal, Inexact> {
    let (mantissa, exponent) = match t.find(['e', 'E']) {
        Some(i) => (&t[..i], Some(&t[i + 1..])),
        None => (t, None),
    };
    let exponent: i64 = match exponent {
        Some(e) => e.parse().map_err(|_| Inexact::NotANumber)?,
        None => 0,
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !all_digits(whole) || !all_digits(fraction) {
        return Err(Inexact::NotANumber);
    }
    let digits = format!("{whole}{fraction}");
    let digits = digits.trim_start_matches('0');
    if digits.is_empty() {
        return Ok(Decimal::ZERO);
    }
    let significant = digits.trim_end_matches('0');
    // value = significant × 10^(-scale)
    let trailing = (digits.len() - significant.len()) as i64;
    let scale = (fraction.len() as i64)
        .saturating_sub(exponent)
        .saturating_sub(trailing);
    scaled(significant, scale)
}

/// `significant × 10^(-scale)` as a `Decimal`, when it fits exactly.
fn scaled(significant: &str, scale: i64) -> Result<Decimal, Inexact> {
    if significant.len() > 29 {
        return Err(if scale > MAX_SCALE {
            Inexact::TooManyPlaces
        } else {
            Inexact::TooLarge
        });
    }
    let mut m: i128 = significant.parse().map_err(|_| Inexact::NotANumber)?;
    if scale > MAX_SCALE {
        // The first significant digit sits at 10^(len - 1 - scale).
        let magnitude = significant.len() as i64 - 1 - scale;
        return Err(if magnitude < -MAX_SCALE {
            Inexact::TooSmall
        } else {
            Inexact::TooManyPlaces
        });
    }
    let mut scale = scale;
    while scale < 0 {
        m = m.checked_mul(10).ok_or(Inexact::TooLarge)?;
        scale += 1;
    }
    Decimal::try_from_i128_with_scale(m, scale as u32).map_err(|_| Inexact::TooLarge)
}

/// A non-negative, finite decimal taken from the number's shortest text, so
/// that `0.40` read as `f64` is exactly 0.40 in the arithmetic. Sheets no
/// longer go through it (they are read from their decimal text); it stays for
/// inputs that only exist as `f64`.
pub fn decimal_from_f64(value: f64) -> Result<Decimal, String> {
    if !value.is_finite() {
        return Err(format!("{value} is not a finite number"));
    }
    if value < 0.0 {
        return Err(format!("{value} is negative; it must be 0 or more"));
    }
    let d = <Decimal as std::str::FromStr>::from_str(&value.to_string())
        .map_err(|_| format!("{value} is out of range"))?;
    if d.is_zero() && value != 0.0 {
        return Err(format!(
            "{value} is too small to compute with (28 decimal places at most)"
        ));
    }
    Ok(d)
}

/// A price read exactly from its TOML text.
pub(crate) fn price<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
    decimal(d)
}

/// An optional price read exactly from its TOML text.
pub(crate) fn opt_price<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
    decimal(d).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_keeps_the_written_digits() {
        assert_eq!(decimal_from_f64(0.4).unwrap().to_string(), "0.4");
        assert_eq!(decimal_from_f64(1.875).unwrap().to_string(), "1.875");
        assert_eq!(decimal_from_f64(0.025).unwrap().to_string(), "0.025");
        assert!(decimal_from_f64(-1.0).is_err());
        assert!(decimal_from_f64(f64::NAN).is_err());
        assert!(decimal_from_f64(f64::INFINITY).is_err());
    }

    fn ok(text: &str) -> String {
        parse_decimal_text(text).unwrap().to_string()
    }

    fn err(text: &str) -> String {
        parse_decimal_text(text).unwrap_err()
    }

    #[test]
    fn keeps_every_written_digit() {
        assert_eq!(ok("0.30000000000000000001"), "0.30000000000000000001");
        assert_eq!(ok("0.40"), "0.4");
        assert_eq!(ok("5"), "5");
        assert_eq!(ok("+1_000.50"), "1000.5");
        assert_eq!(
            ok("1234567890123456789012345678"),
            "1234567890123456789012345678"
        );
        assert_eq!(ok("1.5e-07"), "0.00000015");
        assert_eq!(ok("1.875E-6"), "0.000001875");
        assert_eq!(ok("2e3"), "2000");
        assert_eq!(ok("0.0"), "0");
        assert_eq!(ok("-0.0"), "0");
        assert_eq!(ok("1.00000000000000000000000000000"), "1");
    }

    #[test]
    fn refuses_what_it_cannot_hold_exactly() {
        assert!(err("-1.0").contains("-1 is negative"));
        assert!(err("nan").contains("not a finite number"));
        assert!(err("-inf").contains("not a finite number"));
        assert!(err("1e-30").contains("too small to compute with"));
        assert!(err("0.10000000000000000000000000001").contains("more than 28 decimal places"));
        assert!(err("99999999999999999999999999999999").contains("out of range"));
        assert!(err("1e40").contains("out of range"));
        assert!(err("1.2.3").contains("not a number"));
        assert!(err("").contains("not a number"));
        assert!(err("e5").contains("not a number"));
    }
}
