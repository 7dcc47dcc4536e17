//! Parsing of the human-friendly numbers the command line and scenarios accept:
//! counts with `_` separators and `k`/`M`/`B` suffixes, and money as decimals;
//! and the one [`Rule`] of each kind of input value, which the flags' parsers
//! and the scenario files' deserializers both apply, with the same message.

use std::str::FromStr;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::cost::Usd;

/// The longest horizon: fifty years of months (design §20.5).
pub const MAX_MONTHS: u32 = 600;

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
    Rule::Money.parse_decimal(text)
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

/// What an input's value must be. Each rule is worded once: a flag's parser
/// and a scenario key's deserializer check the same rule and say the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// An amount of money, 0 or more.
    Money,
    /// A rule-of-thumb multiple, 0 or more.
    Multiple,
    /// A share of requests in `0..=1`.
    Share,
    /// A number above 0 (a throughput).
    Positive,
    /// A share above 0 and at most 1: the utilisation replicas are planned for.
    Headroom,
    /// A ratio of 1 or more.
    PeakToAverage,
    /// A monthly growth in percent, from −100.
    Growth,
    /// A number of months, 1 to [`MAX_MONTHS`].
    Months,
    /// A whole number of 1 or more (epochs, months between retrainings).
    AtLeastOne,
    /// A number of replicas, 0 or more.
    Replicas,
    /// A success rate on an eval set, in `0..=1`.
    Success,
}

impl Rule {
    /// What a value of the rule looks like, for "expected …" messages.
    pub fn expected(self) -> &'static str {
        match self {
            Rule::Money => "an amount of money such as 500 or 499.99",
            Rule::Multiple => "a multiple such as 3 or 2.5",
            Rule::Share => "a share between 0 and 1 such as 0.8",
            Rule::Positive => "a positive number such as 12 or 0.5",
            Rule::Headroom => "a share above 0 and at most 1 such as 0.8",
            Rule::PeakToAverage => "a ratio of 1 or more such as 2",
            Rule::Growth => "a percentage such as 5 or -2.5",
            Rule::Months => "a number of months from 1",
            Rule::AtLeastOne => "a whole number of 1 or more",
            Rule::Replicas => "a number of replicas from 0",
            Rule::Success => "a success rate between 0 and 1 such as 0.95",
        }
    }

    /// Checks a decimal value (already read, sign included).
    pub fn decimal(self, v: Decimal) -> Result<Decimal, String> {
        let negative = v.is_sign_negative() && !v.is_zero();
        match self {
            Rule::Growth if v < Decimal::from(-100) => Err(format!(
                "{v} is below -100%: a volume cannot shrink below zero"
            )),
            Rule::Growth => Ok(v),
            _ if negative => Err(format!("{v} is negative; expected {}", self.expected())),
            Rule::Share if v > Decimal::ONE => Err(format!(
                "{v} is outside 0..1: a share, 0.8 means 80% of requests hit the cache"
            )),
            Rule::Success if v > Decimal::ONE => Err(format!(
                "{v} is outside 0..1: a success rate, 0.95 means 95% of requests succeed"
            )),
            Rule::Positive if v.is_zero() => Err("must be more than 0".to_string()),
            Rule::Headroom if v.is_zero() || v > Decimal::ONE => Err(format!(
                "{v} is not a headroom: a share above 0 and at most 1 (0.8 plans replicas \
                 to run at 80% at peak)"
            )),
            Rule::PeakToAverage if v < Decimal::ONE => Err(format!(
                "{v} is below 1: the peak request rate is never below the average"
            )),
            _ => Ok(v),
        }
    }

    /// Checks a whole value: the rules of counts that must fit 32 bits.
    pub fn whole(self, n: u64) -> Result<u32, String> {
        match self {
            Rule::Months if n == 0 => Err("must be at least 1 month".to_string()),
            Rule::Months if n > u64::from(MAX_MONTHS) => {
                Err(format!("{n} months is more than {MAX_MONTHS}"))
            }
            Rule::AtLeastOne if n == 0 => Err("must be at least 1".to_string()),
            Rule::Replicas => u32::try_from(n).map_err(|_| format!("{n} replicas is too many")),
            _ => u32::try_from(n).map_err(|_| format!("{n} is too many")),
        }
    }

    /// Parses a flag's text as a decimal of this rule.
    pub fn parse_decimal(self, text: &str) -> Result<Decimal, String> {
        self.decimal(parse_non_negative(text, self.expected())?)
    }

    /// Parses a flag's text as a whole number of this rule.
    pub fn parse_whole(self, text: &str) -> Result<u32, String> {
        self.whole(parse_count(text)?)
    }
}

/// An estimated input given as a range (design §15): `LOW..HIGH` or
/// `LOW..BASE..HIGH`; the main answer uses BASE.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Estimate {
    /// The low end.
    pub low: Decimal,
    /// The value the main answer uses (the midpoint unless given).
    pub base: Decimal,
    /// The high end.
    pub high: Decimal,
}

/// How the values of a ranged input are read: a count, or a decimal of a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// A whole count (`250k`).
    Count,
    /// A decimal following the rule (growth may be negative and carry `%`).
    Decimal(Rule),
}

impl Reading {
    /// One value of the range.
    pub fn one(self, text: &str) -> Result<Decimal, String> {
        match self {
            Reading::Count => parse_count(text).map(Decimal::from),
            Reading::Decimal(Rule::Growth) => {
                let t = text.trim();
                let t = t.strip_suffix('%').unwrap_or(t);
                let v = Decimal::from_str(t)
                    .map_err(|_| format!("`{text}` is not {}", Rule::Growth.expected()))?;
                Rule::Growth.decimal(v)
            }
            Reading::Decimal(Rule::Months) => Rule::Months.parse_whole(text).map(Decimal::from),
            Reading::Decimal(rule) => rule.parse_decimal(text),
        }
    }
}

/// Reads `text` as a range when it has `..`: `None` for a plain value.
pub fn parse_estimate(text: &str, reading: Reading) -> Result<Option<Estimate>, String> {
    if !text.contains("..") {
        return Ok(None);
    }
    let parts: Vec<&str> = text.split("..").collect();
    let values = parts
        .iter()
        .map(|p| reading.one(p))
        .collect::<Result<Vec<Decimal>, String>>()?;
    let (low, base, high) = match values[..] {
        [low, high] => (low, midpoint(low, high, reading), high),
        [low, base, high] => (low, base, high),
        _ => return Err(format!("`{text}` is not a range: write LOW..HIGH or LOW..BASE..HIGH")),
    };
    if low > base || base > high {
        return Err(format!("`{text}` is out of order: LOW ≤ BASE ≤ HIGH"));
    }
    Ok(Some(Estimate { low, base, high }))
}

/// The midpoint, a whole count rounded half away from zero.
fn midpoint(low: Decimal, high: Decimal, reading: Reading) -> Decimal {
    let mid = (low + high) / Decimal::TWO;
    match reading {
        Reading::Count | Reading::Decimal(Rule::Months) => {
            mid.round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        }
        Reading::Decimal(_) => mid.normalize(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_read_low_base_high_with_the_rule_of_their_input() {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        let e = parse_estimate("100k..250k..1M", Reading::Count).unwrap().unwrap();
        assert_eq!((e.low, e.base, e.high), (d("100000"), d("250000"), d("1000000")));
        // The midpoint of a count rounds half away from zero.
        let e = parse_estimate("0..5", Reading::Count).unwrap().unwrap();
        assert_eq!(e.base, d("3"));
        let e = parse_estimate("0.1..0.4", Reading::Decimal(Rule::Share)).unwrap().unwrap();
        assert_eq!(e.base, d("0.25"));
        let e = parse_estimate("-5%..10%", Reading::Decimal(Rule::Growth)).unwrap().unwrap();
        assert_eq!((e.low, e.base), (d("-5"), d("2.5")));
        assert_eq!(parse_estimate("250k", Reading::Count), Ok(None));
        assert!(parse_estimate("5..3", Reading::Count).unwrap_err().contains("out of order"));
        assert!(parse_estimate("1..2..3..4", Reading::Count).unwrap_err().contains("not a range"));
        assert!(parse_estimate("0.1..1.5", Reading::Decimal(Rule::Share))
            .unwrap_err()
            .contains("outside 0..1"));
    }

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

    /// The same rule gives the same verdict and message whichever way the
    /// value came in.
    #[test]
    fn each_rule_is_worded_once() {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        assert_eq!(Rule::Share.decimal(d("0.8")), Ok(d("0.8")));
        assert!(Rule::Share
            .decimal(d("1.5"))
            .unwrap_err()
            .contains("outside 0..1"));
        assert_eq!(
            Rule::Share.parse_decimal("1.5"),
            Rule::Share.decimal(d("1.5"))
        );
        assert_eq!(
            Rule::Positive.decimal(d("0")),
            Err("must be more than 0".into())
        );
        assert!(Rule::Headroom.decimal(d("0")).is_err());
        assert_eq!(Rule::Headroom.decimal(d("1")), Ok(d("1")));
        assert!(Rule::Headroom
            .decimal(d("1.01"))
            .unwrap_err()
            .contains("not a headroom"));
        assert!(Rule::PeakToAverage.decimal(d("0.99")).is_err());
        assert_eq!(Rule::Growth.decimal(d("-100")), Ok(d("-100")));
        assert!(Rule::Growth
            .decimal(d("-100.5"))
            .unwrap_err()
            .contains("below -100%"));
        assert!(Rule::Money
            .decimal(d("-1"))
            .unwrap_err()
            .contains("negative"));
        assert_eq!(
            Rule::Months.whole(0),
            Err("must be at least 1 month".into())
        );
        assert_eq!(Rule::Months.whole(600), Ok(600));
        assert_eq!(
            Rule::Months.parse_whole("601"),
            Err("601 months is more than 600".into())
        );
        assert_eq!(Rule::AtLeastOne.whole(0), Err("must be at least 1".into()));
        assert_eq!(
            Rule::Replicas.whole(1 << 32),
            Err("4294967296 replicas is too many".into())
        );
        assert_eq!(Rule::Replicas.whole(0), Ok(0));
    }
}
