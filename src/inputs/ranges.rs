//! Estimated inputs given as ranges (design §15, §20.8): which inputs take
//! one and how their values are read, a range as a source gives it, and the
//! ranges of a scenario file (`"LOW..BASE..HIGH"` strings), found after the
//! file is read with each value at its BASE.

use crate::units::{parse_estimate, Estimate, Reading, Rule};

use super::Field;

/// How the values of `field` are read when it is given as a range; `None`
/// for an input that takes no range.
pub fn reading(field: Field) -> Option<Reading> {
    use Field::*;
    Some(match field {
        Volume | PerMonth | BasePrompt | Input | Output | TunedOutput | BaseReasoning
        | TunedReasoning | TunedPrompt | TrainingTokens => Reading::Count,
        Months => Reading::Decimal(Rule::Months),
        Growth => Reading::Decimal(Rule::Growth),
        CacheHitRate => Reading::Decimal(Rule::Share),
        TrainingCost | SetupCost | GpuHourly | FailureCost => Reading::Decimal(Rule::Money),
        ReplicaRps | ReplicaOutputTps => Reading::Decimal(Rule::Positive),
        BaseSuccess | TunedSuccess => Reading::Decimal(Rule::Success),
        _ => return None,
    })
}

/// Whether `field` is given per candidate (by position, or in each `[[tuned]]`).
pub fn per_candidate(field: Field) -> bool {
    use Field::*;
    matches!(
        field,
        TunedOutput | TunedReasoning | TunedPrompt | TunedSuccess | GpuHourly | ReplicaRps | ReplicaOutputTps
    )
}

/// Whether `field` is given per dedicated candidate (positions count among them).
pub fn per_dedicated(field: Field) -> bool {
    matches!(field, Field::GpuHourly | Field::ReplicaRps | Field::ReplicaOutputTps)
}

/// A range as one source gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GivenRange {
    /// The input.
    pub field: Field,
    /// Its position among the values given for it (0 for one value).
    pub position: usize,
    /// How many values were given for it (1: every candidate).
    pub of: usize,
    /// The range.
    pub estimate: Estimate,
}

/// A range of the resolved inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InputRange {
    /// The input.
    pub field: Field,
    /// The candidate it is given for (by index), `None` for every one.
    pub candidate: Option<usize>,
    /// The range.
    pub estimate: Estimate,
}

/// The ranged values of a scenario file's text (already read with each at
/// its BASE): `Err` names the key of a range that breaks its input's rule or
/// is given where no range is taken.
pub fn of_scenario(text: &str) -> Result<Vec<GivenRange>, String> {
    let Ok(table) = text.parse::<toml::Table>() else {
        return Ok(Vec::new()); // the typed read has said what is wrong
    };
    let mut out = Vec::new();
    for (key, value) in &table {
        match value {
            toml::Value::Table(t) => section(key, t, 0, 1, &mut out)?,
            toml::Value::Array(list) if key == "tuned" => {
                for (i, t) in list.iter().enumerate() {
                    if let toml::Value::Table(t) = t {
                        section("[[tuned]]", t, i, list.len(), &mut out)?;
                    }
                }
            }
            v => one(key, v, 0, 1, &mut out)?,
        }
    }
    Ok(out)
}

fn section(
    name: &str,
    t: &toml::Table,
    position: usize,
    of: usize,
    out: &mut Vec<GivenRange>,
) -> Result<(), String> {
    for (key, v) in t {
        let full = match name {
            "[[tuned]]" => format!("[[tuned]] {key}"),
            _ => format!("{name}.{key}"),
        };
        one(&full, v, position, of, out)?;
    }
    Ok(())
}

fn one(key: &str, v: &toml::Value, position: usize, of: usize, out: &mut Vec<GivenRange>) -> Result<(), String> {
    let toml::Value::String(s) = v else {
        return Ok(());
    };
    if !s.contains("..") {
        return Ok(());
    }
    let field = Field::ALL.iter().copied().find(|f| f.key() == key);
    let Some((field, reading)) = field.and_then(|f| reading(f).map(|r| (f, r))) else {
        return Err(format!("`{key}` takes no range: `{s}`"));
    };
    let estimate = parse_estimate(s, reading)
        .map_err(|e| format!("`{key}`: {e}"))?
        .expect("a text with `..` is a range");
    out.push(GivenRange {
        field,
        position,
        of,
        estimate,
    });
    Ok(())
}
