//! Formatting for people: money with enough significant digits that sub-cent
//! costs stay readable, counts with thousands separators, shares, and user
//! text quoted safely into messages.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};

/// A decimal's exact text without trailing zeros (`5003.92`, `0.00152`,
/// `100`), as `normalize().to_string()` writes it, from its integer
/// mantissa: CSV writes 10,000s of these.
pub fn decimal_text(d: Decimal) -> String {
    let mut out = String::new();
    write_decimal_text(&mut out, d);
    out
}

/// [`decimal_text`] appended to `out`, in 64-bit steps where the mantissa
/// fits.
pub fn write_decimal_text(out: &mut String, d: Decimal) {
    let Ok(mut m) = u64::try_from(d.mantissa().unsigned_abs()) else {
        out.push_str(&wide_decimal_text(d));
        return;
    };
    let mut scale = d.scale() as usize;
    while scale > 0 && m % 10 == 0 {
        m /= 10;
        scale -= 1;
    }
    let mut buf = [0u8; 20];
    let mut at = buf.len();
    loop {
        at -= 1;
        buf[at] = b'0' + (m % 10) as u8;
        m /= 10;
        if m == 0 {
            break;
        }
    }
    let digits = std::str::from_utf8(&buf[at..]).unwrap_or("0");
    if d.is_sign_negative() && digits != "0" {
        out.push('-');
    }
    place_point(out, digits, scale);
}

fn wide_decimal_text(d: Decimal) -> String {
    let d = d.normalize();
    let digits = d.mantissa().unsigned_abs().to_string();
    let scale = d.scale() as usize;
    let mut out = String::with_capacity(digits.len() + 3);
    if d.is_sign_negative() {
        out.push('-');
    }
    place_point(&mut out, &digits, scale);
    out
}

/// `digits` with a decimal point `scale` digits from the right.
fn place_point(out: &mut String, digits: &str, scale: usize) {
    match digits.len().checked_sub(scale) {
        _ if scale == 0 => out.push_str(digits),
        Some(int) if int > 0 => {
            out.push_str(&digits[..int]);
            out.push('.');
            out.push_str(&digits[int..]);
        }
        _ => {
            out.push_str("0.");
            out.extend(std::iter::repeat_n('0', scale - digits.len()));
            out.push_str(digits);
        }
    }
}

/// `$44,000.00`, `$0.0088`, `$0.00152`, `$0`; other currencies as `EUR 12.50`.
pub fn money(amount: Decimal, currency: &str) -> String {
    let sign = if amount.is_sign_negative() && !amount.is_zero() {
        "-"
    } else {
        ""
    };
    let abs = amount.abs();
    let digits = if abs.is_zero() {
        "0".to_string()
    } else if abs >= Decimal::ONE {
        let rounded = abs.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
        // Whole cents as an integer: a sweep table formats 10,000s of these.
        let cents = rounded
            .checked_mul(Decimal::ONE_HUNDRED)
            .and_then(|c| rust_decimal::prelude::ToPrimitive::to_u128(&c));
        match cents {
            Some(c) => format!("{}.{:02}", group(&(c / 100).to_string()), c % 100),
            None => {
                let text = format!("{rounded:.2}");
                let (int, frac) = text.split_once('.').unwrap_or((&text, "00"));
                format!("{}.{frac}", group(int))
            }
        }
    } else {
        small(abs)
    };
    let mut out = String::with_capacity(sign.len() + currency.len() + 1 + digits.len());
    out.push_str(sign);
    match currency {
        "USD" => out.push('$'),
        other => {
            out.push_str(other);
            out.push(' ');
        }
    }
    out.push_str(&digits);
    out
}

/// Four significant digits, trailing zeros trimmed, at least two decimals.
fn small(abs: Decimal) -> String {
    let mut leading_zeros = 0u32;
    let mut scaled = abs;
    while scaled < Decimal::new(1, 1) && leading_zeros < 24 {
        scaled *= Decimal::TEN;
        leading_zeros += 1;
    }
    let rounded =
        abs.round_dp_with_strategy(leading_zeros + 4, RoundingStrategy::MidpointAwayFromZero);
    let mut text = rounded.normalize().to_string();
    if !text.contains('.') {
        text.push_str(".00");
    }
    while text.split_once('.').is_some_and(|(_, f)| f.len() < 2) {
        text.push('0');
    }
    text
}

/// A per-1M price as written in sheets, with at least two decimals: `0.20`, `1.875`.
pub fn price(p: Decimal) -> String {
    let n = p.normalize();
    if n.scale() < 2 {
        format!("{n:.2}")
    } else {
        n.to_string()
    }
}

/// `1 request`, `5,000,000 requests`.
pub fn requests(n: u64) -> String {
    noun(count(n), n, "request")
}

/// `1 request`, `2.06M requests`.
pub fn requests_compact(n: u64) -> String {
    noun(compact(n), n, "request")
}

/// `1 month`, `12 months`.
pub fn months(n: u32) -> String {
    noun(count(u64::from(n)), u64::from(n), "month")
}

/// `text` followed by `word`, plural unless `n` is 1.
fn noun(text: String, n: u64, word: &str) -> String {
    match n {
        1 => format!("{text} {word}"),
        _ => format!("{text} {word}s"),
    }
}

/// `5,000,000`.
pub fn count(n: u64) -> String {
    group(&n.to_string())
}

fn group(int: &str) -> String {
    let mut out = String::with_capacity(int.len() + int.len() / 3);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A volume multiple, truncated (never rounded up across a threshold) from
/// its exact value: `2.99×`, `2.30×`, `1,213×`, `0.0068×`.
pub fn multiple(m: Decimal) -> String {
    let down = |dp: u32| m.round_dp_with_strategy(dp, RoundingStrategy::ToZero);
    if m >= Decimal::ONE_HUNDRED {
        match down(0).to_u64() {
            Some(n) => format!("{}×", count(n)),
            None => format!("{:.3e}×", m.to_f64().unwrap_or(f64::INFINITY)),
        }
    } else if m >= Decimal::new(1, 2) || m <= Decimal::ZERO {
        format!("{:.2}×", down(2))
    } else {
        // Two significant digits, so that a tiny multiple does not read as zero.
        let mut dp = 2;
        while m < Decimal::new(1, dp) {
            dp += 1;
        }
        format!("{}×", down(dp + 1))
    }
}

/// A volume in a sentence: `950`, `12.5k`, `2.06M`, `1.5B` (three significant
/// digits, rounded up so that the volume named is never below the exact one).
pub fn compact(n: u64) -> String {
    let (scale, suffix) = match n {
        0..=9_999 => return count(n),
        10_000..=999_999 => (1e3, "k"),
        1_000_000..=999_999_999 => (1e6, "M"),
        _ => (1e9, "B"),
    };
    let v = n as f64 / scale;
    let decimals = if v >= 100.0 {
        0
    } else if v >= 10.0 {
        1
    } else {
        2
    };
    let step = 10f64.powi(decimals);
    let up = (v * step).ceil() / step;
    let text = format!("{up:.*}", decimals as usize);
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    };
    format!("{text}{suffix}")
}

/// `1.23%`, or two significant digits below 0.01% (`0.0054%`).
pub fn percent(share: f64) -> String {
    let p = share * 100.0;
    if p == 0.0 || p >= 0.01 || !p.is_finite() {
        format!("{p:.2}%")
    } else {
        let decimals = (-p.log10().floor()) as usize + 1;
        format!("{p:.decimals$}%")
    }
}

/// Characters of a user's value quoted in a message, at most.
pub const QUOTE_CHARS: usize = 200;

/// `text` cut to at most `max` characters, with `…` where it was cut.
pub fn clip(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

/// `text` for a one-line message: control characters shown escaped, at most
/// [`QUOTE_CHARS`] characters (with `…` when cut).
pub fn quote(text: &str) -> String {
    let head: String = text.chars().take(QUOTE_CHARS + 1).collect();
    let clipped = clip(&escape_controls(&head), QUOTE_CHARS);
    if text.chars().nth(QUOTE_CHARS).is_some() && !clipped.ends_with('…') {
        format!("{clipped}…")
    } else {
        clipped
    }
}

/// `text` with its control characters escaped and nothing cut: for file
/// paths and messages, which may be long but must not reach a terminal raw
/// (an escape sequence, an OSC-8 link, a line break inside a table row).
pub fn escape_controls(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            if c.is_control() {
                c.escape_default().collect::<Vec<_>>()
            } else if is_invisible(c) {
                c.escape_unicode().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect()
}

/// Characters a terminal shows as nothing, or that reorder the text around
/// them: bidirectional controls (U+202E turns `gpt-4.1` round) and
/// zero-width characters (`gpt-4.1\u{200b}-mini` looks like `gpt-4.1-mini`).
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF0}'..='\u{FFF8}'
            | '\u{E0000}'..='\u{E0FFF}'
    )
}

/// Refuses text with control characters (escape sequences, links, line
/// breaks): such text would reach terminals and documents raw. `rule` says
/// what must be plain text.
pub fn refuse_control(text: &str, rule: &str) -> Result<(), String> {
    match text.chars().find(|c| c.is_control()) {
        Some(c) => Err(format!(
            "`{}` holds the control character U+{:04X}; {rule}",
            quote(text),
            c as u32
        )),
        None => Ok(()),
    }
}

/// Amounts in JSON, printed from the exact decimal (design §20.24): never
/// through `f64`, so `1e-28` is `0.0000000000000000000000000001`, not
/// `1.0000000000000001e-28`; an integral amount keeps a `.0` (`23500.0`), as
/// a float printed it, so that documents do not change where they were
/// exact. For `#[serde(with = "crate::format::exact_money")]`.
pub mod exact_money {
    use rust_decimal::Decimal;
    use serde::{Serialize, Serializer};

    /// The JSON text of `d`.
    pub fn text(d: Decimal) -> String {
        let mut t = d.normalize().to_string();
        if !t.contains('.') {
            t.push_str(".0");
        }
        t
    }

    /// Writes `d` as a JSON number from its decimal text.
    pub fn serialize<S: Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        let raw = serde_json::value::RawValue::from_string(text(*d))
            .map_err(serde::ser::Error::custom)?;
        raw.serialize(s)
    }

    /// The same for an optional amount (`null` when absent).
    pub mod option {
        use rust_decimal::Decimal;
        use serde::Serializer;

        /// Writes `d` as [`super::serialize`] does, or `null`.
        pub fn serialize<S: Serializer>(d: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
            match d {
                Some(d) => super::serialize(d, s),
                None => s.serialize_none(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn one_request_is_singular() {
        assert_eq!(requests(1), "1 request");
        assert_eq!(requests(0), "0 requests");
        assert_eq!(requests(1_000), "1,000 requests");
        assert_eq!(requests_compact(1), "1 request");
        assert_eq!(requests_compact(2_060_000), "2.06M requests");
        assert_eq!(months(1), "1 month");
        assert_eq!(months(12), "12 months");
    }

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn decimal_text_drops_trailing_zeros_and_the_sign_of_zero() {
        for (x, text) in [
            ("-0.000", "0"),
            ("100", "100"),
            ("100.00", "100"),
            ("0.001520", "0.00152"),
            ("-5003.920", "-5003.92"),
            ("18446744073709551615.0", "18446744073709551615"),
            ("18446744073709551616.5", "18446744073709551616.5"),
        ] {
            assert_eq!(decimal_text(d(x)), text, "{x}");
        }
    }

    proptest::proptest! {
        /// A decimal's text from its mantissa is its own `Display`.
        #[test]
        fn decimal_text_is_the_decimals_own(m in proptest::num::i128::ANY, scale in 0u32..=28) {
            let m = m % 79_228_162_514_264_337_593_543_950_335; // 96 bits
            let x = Decimal::from_i128_with_scale(m, scale);
            proptest::prop_assert_eq!(decimal_text(x), x.normalize().to_string());
            // Mantissas that fit 64 bits take the short path.
            let x = Decimal::from_i128_with_scale(m % (1 << 64), scale);
            proptest::prop_assert_eq!(decimal_text(x), x.normalize().to_string());
            let x = Decimal::from_i128_with_scale(m % 1_000_000 * 1000, scale);
            proptest::prop_assert_eq!(decimal_text(x), x.normalize().to_string());
        }

        /// Amounts of a dollar or more are written from whole cents: the
        /// same text as the decimal's own two-place rendering, grouped.
        #[test]
        fn whole_cents_read_as_the_decimal_text(m in 100u64.., scale in 0u32..=12) {
            let x = Decimal::from_i128_with_scale(i128::from(m), scale);
            proptest::prop_assume!(x >= Decimal::ONE);
            let rounded = x.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
            let text = format!("{rounded:.2}");
            let (int, frac) = text.split_once('.').unwrap();
            proptest::prop_assert_eq!(money(x, "USD"), format!("${}.{frac}", group(int)));
            proptest::prop_assert_eq!(money(-x, "EUR"), format!("-EUR {}.{frac}", group(int)));
        }
    }

    #[test]
    fn money_is_readable_at_every_scale() {
        assert_eq!(money(d("44000"), "USD"), "$44,000.00");
        assert_eq!(money(d("1234567.891"), "USD"), "$1,234,567.89");
        assert_eq!(money(d("0.0088"), "USD"), "$0.0088");
        assert_eq!(money(d("0.00152"), "USD"), "$0.00152");
        assert_eq!(money(d("0.000012345678"), "USD"), "$0.00001235");
        assert_eq!(money(d("0.5"), "USD"), "$0.50");
        assert_eq!(money(d("0"), "USD"), "$0");
        assert_eq!(money(d("-0.00728"), "USD"), "-$0.00728");
        assert_eq!(money(d("12.5"), "EUR"), "EUR 12.50");
        assert_eq!(money(d("999.999"), "USD"), "$1,000.00");
    }

    #[test]
    fn shares_of_a_whole_stay_readable() {
        assert_eq!(percent(0.25), "25.00%");
        assert_eq!(percent(57.0 / 1_047_576.0), "0.0054%");
        assert_eq!(percent(6.0 / 1_047_576.0), "0.00057%");
        assert_eq!(percent(0.0), "0.00%");
    }

    #[test]
    fn quoted_values_are_short_and_printable() {
        assert_eq!(quote("plain"), "plain");
        assert_eq!(quote("a\x1b[31mb"), "a\\u{1b}[31mb");
        let long = "x".repeat(10_000);
        assert_eq!(quote(&long).chars().count(), QUOTE_CHARS + 1);
        assert!(refuse_control("ok/name-1.2", "plain").is_ok());
        assert!(refuse_control("\x1b]8;;http://x\x07", "plain")
            .unwrap_err()
            .contains("control character"));
    }

    #[test]
    fn prices_keep_at_least_two_decimals() {
        assert_eq!(price(d("0.2")), "0.20");
        assert_eq!(price(d("1.875")), "1.875");
        assert_eq!(price(d("15")), "15.00");
    }

    #[test]
    fn counts_and_multiples() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1000), "1,000");
        assert_eq!(count(5_000_000), "5,000,000");
        assert_eq!(multiple(d("2.999999")), "2.99×");
        assert_eq!(multiple(d("2.3")), "2.30×");
        assert_eq!(multiple(d("0.29")), "0.29×");
        assert_eq!(multiple(d("10")), "10.00×");
        assert_eq!(multiple(d("1213.333")), "1,213×");
        assert_eq!(multiple(d("0.00686")), "0.0068×");
        assert_eq!(multiple(d("0")), "0.00×");
        assert_eq!(compact(950), "950");
        assert_eq!(compact(2_250_000), "2.25M");
        assert_eq!(compact(2_061_813), "2.07M");
        assert_eq!(compact(7_500_000), "7.5M");
        assert_eq!(compact(12_345), "12.4k");
        assert_eq!(compact(1_500_000_000), "1.5B");
    }
}
