//! Parsing of the human-friendly numbers the command line and scenarios accept:
//! counts with `_` separators and `k`/`M`/`B` suffixes, and money as decimals.

use std::str::FromStr;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::cost::Usd;

/// The longest horizon: a hundred years of months.
pub const MAX_MONTHS: u32 = 1200;

/// Parses a whole count: `250000`, `250_000`, `250k`, `1.5M`, `2b`.
/// A value that is not whole after the suffix (`1.2345k`) is an error.
pub fn parse_count(text: &str) -> Result<u64, String> {
    let cleaned: String = text.trim().chars().filter(|&c| c != '_').collect();
    let (number, scale) = match cleaned.chars().last().map(|c| c.to_ascii_lowercase()) {
        Some('k') => (&cleaned[..cleaned.len() - 1], 1_000u64),
        Some('m') => (&cleaned[..cleaned.len() - 1], 1_000_000),
        Some('b') => (&cleaned[..cleaned.len() - 1], 1_000_000_000),
        _ => (cleaned.as_str(), 1),
    };
    if cleaned.starts_with('-') {
        return Err(format!(
            "`{text}` is negative; expected a count of 0 or more"
        ));
    }
    let bad =
        || format!("`{text}` is not a whole number (examples: 2500, 250_000, 250k, 1.5M, 2B)");
    let digits_and_one_point = number.chars().all(|c| c.is_ascii_digit() || c == '.')
        && number.matches('.').count() <= 1
        && number.chars().any(|c| c.is_ascii_digit());
    if !digits_and_one_point {
        return Err(bad());
    }
    let value = Decimal::from_str(number)
        .map_err(|_| format!("`{text}` is too large"))?
        .checked_mul(Decimal::from(scale))
        .ok_or_else(|| format!("`{text}` is too large"))?;
    if !value.fract().is_zero() {
        return Err(match scale {
            1 => format!("`{text}` is not a whole number"),
            _ => format!("`{text}` is not a whole number after its suffix"),
        });
    }
    value
        .to_u64()
        .ok_or_else(|| format!("`{text}` is too large"))
}

/// Parses a non-negative amount of money such as `500`, `499.99` or `1_000`.
pub fn parse_money(text: &str) -> Result<Usd, String> {
    parse_non_negative(text, "an amount of money such as 500 or 499.99")
}

/// Parses a non-negative decimal such as a threshold multiple or a rate.
pub fn parse_non_negative(text: &str, what: &str) -> Result<Decimal, String> {
    let cleaned: String = text.trim().chars().filter(|&c| c != '_').collect();
    if cleaned.is_empty()
        || !cleaned
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
    {
        return Err(format!("`{text}` is not {what}"));
    }
    let value = Decimal::from_str(&cleaned).map_err(|_| format!("`{text}` is not {what}"))?;
    if value.is_sign_negative() && !value.is_zero() {
        return Err(format!("`{text}` is negative; expected {what}"));
    }
    // Exactly, as sheets are read: a value that needs rounding (more than
    // 28 decimal places) is refused, never rounded.
    crate::pricing::parse_decimal_text(cleaned.trim_start_matches('-')).map_err(|why| match why
        .contains("28 decimal places")
    {
        true => format!(
            "`{}` has more than 28 decimal places; ftvp computes exactly and will not round it",
            crate::pricing::quote(text)
        ),
        false => format!("`{text}` is not {what}"),
    })?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_accept_separators_and_suffixes() {
        for (text, want) in [
            ("2500", 2500),
            ("250_000", 250_000),
            ("250k", 250_000),
            ("250K", 250_000),
            ("1.5M", 1_500_000),
            ("1.5m", 1_500_000),
            ("2b", 2_000_000_000),
            ("0", 0),
            ("1.234k", 1234),
        ] {
            assert_eq!(parse_count(text), Ok(want), "{text}");
        }
    }

    #[test]
    fn counts_reject_fractions_negatives_junk_and_overflow() {
        for text in [
            "1.2345k",
            "1.5",
            "-5",
            "abc",
            "",
            "k",
            "5x",
            "1e6",
            "1.5.5M",
            ".",
            ".k",
            "99999999999999999999B",
            "18446744073709551616",
        ] {
            assert!(parse_count(text).is_err(), "{text}");
        }
        assert_eq!(parse_count("18446744073709551615"), Ok(u64::MAX));
        assert!(parse_count("1.5.5M")
            .unwrap_err()
            .contains("not a whole number"));
    }

    #[test]
    fn money_is_a_non_negative_decimal() {
        assert_eq!(parse_money("499.99").unwrap().to_string(), "499.99");
        assert_eq!(parse_money("1_000").unwrap().to_string(), "1000");
        assert!(parse_money("-1").is_err());
        assert!(parse_money("NaN").is_err());
        assert!(parse_money("inf").is_err());
        assert!(parse_money("").is_err());
    }
}
