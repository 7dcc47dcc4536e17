//! Ranges on the command line (design §15): a ranged flag's value
//! `LOW..BASE..HIGH` (or `LOW..HIGH`) is checked by its input's rule here,
//! before the flags are parsed; the flag keeps its BASE, and the range
//! travels in the hidden `--range KEY#POSITION#OF=LOW..BASE..HIGH`.

use std::ffi::OsString;

use super::names::flag;
use crate::inputs::ranges::reading;
use crate::inputs::Field;
use crate::units::{parse_estimate, Estimate, Reading};

/// One ranged flag found: its input, which occurrence, and the range.
struct Found {
    field: Field,
    position: usize,
    estimate: Estimate,
}

/// `args` with every ranged value replaced by its BASE and the ranges
/// appended as `--range`; an error names the flag and the value.
pub fn hoist(args: Vec<OsString>) -> Result<Vec<OsString>, String> {
    let ranged: Vec<(Field, Reading, &str)> = Field::ALL
        .iter()
        .filter_map(|&f| reading(f).map(|r| (f, r, flag(f))))
        .collect();
    let mut out = Vec::with_capacity(args.len());
    let mut found: Vec<Found> = Vec::new();
    let mut seen = vec![0usize; ranged.len()];
    let mut pending: Option<usize> = None;
    for arg in args {
        let Some(text) = arg.to_str().map(str::to_string) else {
            out.push(arg);
            pending = None;
            continue;
        };
        if let Some(k) = pending.take() {
            out.push(value(&ranged[k], &text, seen[k] - 1, &mut found)?.into());
            continue;
        }
        let hit = ranged
            .iter()
            .position(|r| text == r.2 || text.starts_with(&format!("{}=", r.2)));
        match hit {
            Some(k) if text == ranged[k].2 => {
                seen[k] += 1;
                pending = Some(k);
                out.push(arg);
            }
            Some(k) => {
                seen[k] += 1;
                let v = value(
                    &ranged[k],
                    &text[ranged[k].2.len() + 1..],
                    seen[k] - 1,
                    &mut found,
                )?;
                out.push(format!("{}={v}", ranged[k].2).into());
            }
            None => out.push(arg),
        }
    }
    for f in &found {
        let k = ranged.iter().position(|r| r.0 == f.field).unwrap_or(0);
        let e = f.estimate;
        out.push("--range".into());
        out.push(
            format!(
                "{}#{}#{}={}..{}..{}",
                f.field.key(),
                f.position,
                seen[k],
                e.low,
                e.base,
                e.high
            )
            .into(),
        );
    }
    Ok(out)
}

/// The value to pass on: the BASE of a range (recorded in `found`), else
/// the value as given.
fn value(
    r: &(Field, Reading, &str),
    text: &str,
    position: usize,
    found: &mut Vec<Found>,
) -> Result<String, String> {
    let estimate = parse_estimate(text, r.1)
        .map_err(|e| format!("invalid value '{text}' for '{}': {e}", r.2))?;
    let Some(estimate) = estimate else {
        return Ok(text.to_string());
    };
    found.push(Found {
        field: r.0,
        position,
        estimate,
    });
    Ok(estimate.base.normalize().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(args: &[&str]) -> Vec<OsString> {
        args.iter().map(OsString::from).collect()
    }

    #[test]
    fn a_range_leaves_its_base_and_travels_in_range() {
        let args = strings(&[
            "ftvp",
            "breakeven",
            "--per-month",
            "100k..200k..1M",
            "--tuned-prompt=0..400",
        ]);
        let out: Vec<String> = hoist(args)
            .unwrap()
            .into_iter()
            .map(|a| a.into_string().unwrap())
            .collect();
        assert_eq!(
            out,
            [
                "ftvp",
                "breakeven",
                "--per-month",
                "200000",
                "--tuned-prompt=200",
                "--range",
                "horizon.per_month#0#1=100000..200000..1000000",
                "--range",
                "[[tuned]] prompt_tokens#0#1=0..200..400",
            ]
        );
        let bad = hoist(strings(&["ftvp", "--cache-hit-rate", "0.5..0.2"])).unwrap_err();
        assert!(
            bad.contains("'--cache-hit-rate'") && bad.contains("out of order"),
            "{bad}"
        );
    }
}
