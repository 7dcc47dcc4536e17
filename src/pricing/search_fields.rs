//! What a sheet says about a model for searching the candidates: its size
//! (`params`, `active_params` for a mixture of experts), its `family`, and
//! the provider's named `successor` with the page that names it.

use std::ops::Range;

use serde::{de, Deserialize, Deserializer};
use toml::Spanned;

use super::text::{quote, Name, Text};

/// A parameter count as written: `"8B"`, `"1.5B"`, `"1T"` or a whole number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ParamCount(pub u64);

impl<'de> Deserialize<'de> for ParamCount {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Written {
            Whole(u64),
            Text(String),
        }
        let n = match Written::deserialize(d)
            .map_err(|_| de::Error::custom("expected a parameter count such as \"8B\""))?
        {
            Written::Whole(n) => n,
            Written::Text(t) => parse_params(&t).map_err(de::Error::custom)?,
        };
        match n {
            0 => Err(de::Error::custom("a parameter count must be more than 0")),
            n => Ok(ParamCount(n)),
        }
    }
}

/// Parses a parameter count as §3 writes counts, with `T` for trillions:
/// `8B`, `0.6B`, `1T`, `235_000_000_000`.
pub fn parse_params(text: &str) -> Result<u64, String> {
    let bad = || {
        format!(
            "`{}` is not a parameter count (examples: 8B, 0.6B, 1T)",
            quote(text)
        )
    };
    let cleaned: String = text.trim().chars().filter(|&c| c != '_').collect();
    let (number, scale) = match cleaned.chars().last().map(|c| c.to_ascii_uppercase()) {
        Some('K') => (&cleaned[..cleaned.len() - 1], 1_000u64),
        Some('M') => (&cleaned[..cleaned.len() - 1], 1_000_000),
        Some('B') => (&cleaned[..cleaned.len() - 1], 1_000_000_000),
        Some('T') => (&cleaned[..cleaned.len() - 1], 1_000_000_000_000),
        _ => (cleaned.as_str(), 1),
    };
    if number.is_empty() || !number.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return Err(bad());
    }
    let value: rust_decimal::Decimal = number.parse().map_err(|_| bad())?;
    value
        .checked_mul(rust_decimal::Decimal::from(scale))
        .filter(|v| v.fract().is_zero())
        .and_then(|v| u64::try_from(v).ok())
        .ok_or_else(bad)
}

/// A parameter count as people read it: `8B`, `0.6B`, `1T`.
pub fn params_text(n: u64) -> String {
    let scaled = |unit: u64, suffix: &str| {
        let v = rust_decimal::Decimal::from(n) / rust_decimal::Decimal::from(unit);
        format!("{}{suffix}", v.normalize())
    };
    match n {
        n if n >= 1_000_000_000_000 && n % 10_000_000_000 == 0 => scaled(1_000_000_000_000, "T"),
        n if n >= 100_000_000 && n % 1_000_000 == 0 => scaled(1_000_000_000, "B"),
        n if n % 1_000 == 0 => scaled(1_000_000, "M"),
        n => n.to_string(),
    }
}

/// The provider's named replacement of a model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Successor {
    /// The replacement's name within its provider, or `PROVIDER/MODEL`.
    pub model: String,
    /// Where the provider names it.
    pub source: String,
}

impl Successor {
    /// Its `PROVIDER/MODEL` id: a bare name is of `provider`, the retiring
    /// model's.
    pub fn id(&self, provider: &str) -> String {
        match self.model.contains('/') {
            true => self.model.clone(),
            false => format!("{provider}/{}", self.model),
        }
    }

    /// `its provider names P/M as its successor (SOURCE)`.
    pub fn sentence(&self, provider: &str) -> String {
        format!(
            "its provider names {} as its successor ({})",
            self.id(provider),
            self.source
        )
    }
}

/// The search fields of one model, validated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct SearchFields {
    pub params: Option<u64>,
    pub active_params: Option<u64>,
    pub family: Option<String>,
    pub successor: Option<Successor>,
}

/// The search fields as a sheet writes them.
pub(crate) struct RawSearchFields {
    pub params: Option<Spanned<ParamCount>>,
    pub active_params: Option<Spanned<ParamCount>>,
    pub family: Option<String>,
    pub successor: Option<Spanned<Name>>,
    pub successor_source: Option<Spanned<Text>>,
}

impl SearchFields {
    /// Checks the fields together; `at` words an error at a span of the sheet.
    pub(crate) fn check(
        at: impl Fn(Range<usize>, &str) -> String,
        raw: RawSearchFields,
    ) -> Result<SearchFields, String> {
        let params = raw.params.as_ref().map(|p| p.get_ref().0);
        if let Some(active) = &raw.active_params {
            let a = active.get_ref().0;
            match params {
                None => return Err(at(active.span(), "active_params needs params (the total)")),
                Some(p) if a > p => {
                    let msg = format!(
                        "active_params {} is more than params {}",
                        params_text(a),
                        params_text(p)
                    );
                    return Err(at(active.span(), &msg));
                }
                Some(_) => {}
            }
        }
        let successor = match (raw.successor, raw.successor_source) {
            (None, None) => None,
            (Some(s), None) => {
                let msg = "successor needs successor_source (the page where the provider names it)";
                return Err(at(s.span(), msg));
            }
            (None, Some(src)) => {
                return Err(at(src.span(), "successor_source needs successor"));
            }
            (Some(_), Some(src)) if src.get_ref().0.trim().is_empty() => {
                return Err(at(src.span(), "successor_source must say where"));
            }
            (Some(s), Some(src)) => Some(Successor {
                model: s.into_inner().0,
                source: src.into_inner().0,
            }),
        };
        Ok(SearchFields {
            params,
            active_params: raw.active_params.map(|a| a.get_ref().0),
            family: raw.family,
            successor,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameter_counts_read_as_counts_with_trillions() {
        assert_eq!(parse_params("8B"), Ok(8_000_000_000));
        assert_eq!(parse_params("0.6B"), Ok(600_000_000));
        assert_eq!(parse_params("1T"), Ok(1_000_000_000_000));
        assert_eq!(parse_params("1.5t"), Ok(1_500_000_000_000));
        assert!(parse_params("eight").is_err());
        assert!(parse_params("-8B").is_err());
        assert_eq!(params_text(8_000_000_000), "8B");
        assert_eq!(params_text(600_000_000), "0.6B");
        assert_eq!(params_text(1_000_000_000_000), "1T");
        assert_eq!(params_text(235_000_000_000), "235B");
        assert_eq!(params_text(3_000_000), "3M");
    }
}
