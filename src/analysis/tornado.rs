//! The tornado and the two corners of design §15 and §20.7: each ranged
//! input at its LOW and at its HIGH with the others at BASE, sorted by the
//! spread of the net saving; then every ranged input at the end that
//! favours prompting, and every one at the end that favours fine-tuning.

use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::Serialize;

use super::knob::{ranged, Knob};
use super::vary::{point, point_with, Point};
use super::AnalysisError;
use crate::cost::{Usd, Verdict};
use crate::inputs::Inputs;

/// One bar of the tornado.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bar {
    /// The input (its flag without the dashes).
    pub input: &'static str,
    /// The candidate, for an input given per candidate.
    pub candidate: Option<String>,
    /// Its low end.
    #[serde(with = "rust_decimal::serde::float")]
    pub low: Decimal,
    /// Its high end.
    #[serde(with = "rust_decimal::serde::float")]
    pub high: Decimal,
    /// The net saving with the input at its low end.
    #[serde(with = "crate::format::exact_money")]
    pub net_saving_low: Usd,
    /// At its high end.
    #[serde(with = "crate::format::exact_money")]
    pub net_saving_high: Usd,
    /// The verdict at its low end.
    pub verdict_low: Verdict,
    /// At its high end.
    pub verdict_high: Verdict,
}

/// Every ranged input at one of its ends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Corner {
    /// Each ranged input and the end it is at.
    pub inputs: Vec<CornerInput>,
    /// The net saving there.
    #[serde(with = "crate::format::exact_money")]
    pub net_saving: Usd,
    /// The verdict there.
    pub verdict: Verdict,
    /// The cheapest candidate there.
    pub best: String,
}

/// One input of a corner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CornerInput {
    /// The input.
    pub input: &'static str,
    /// The candidate, for an input given per candidate.
    pub candidate: Option<String>,
    /// Its value there.
    #[serde(with = "rust_decimal::serde::float")]
    pub value: Decimal,
}

/// The two corners.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Corners {
    /// Every ranged input at the end with the lower net saving.
    pub favours_prompt: Corner,
    /// Every one at the other end.
    pub favours_fine_tune: Corner,
}

/// The tornado (widest spread first) and the corners of `inputs`' ranges;
/// `None` without ranges.
pub fn tornado(inputs: &Inputs, today: Date) -> Result<Option<(Vec<Bar>, Corners)>, AnalysisError> {
    let ranges = ranged(inputs);
    if ranges.is_empty() {
        return Ok(None);
    }
    let mut bars = Vec::with_capacity(ranges.len());
    for (knob, e) in &ranges {
        let low = point_with(inputs, today, |x| knob.set(x, e.low))?;
        let high = point_with(inputs, today, |x| knob.set(x, e.high))?;
        bars.push((*knob, bar(inputs, *knob, (e.low, e.high), &low, &high)));
    }
    let corners = corners(inputs, today, &bars)?;
    let mut bars: Vec<Bar> = bars.into_iter().map(|b| b.1).collect();
    bars.sort_by_key(|b| std::cmp::Reverse((b.net_saving_high - b.net_saving_low).abs()));
    Ok(Some((bars, corners)))
}

fn bar(inputs: &Inputs, knob: Knob, (low, high): (Decimal, Decimal), l: &Point, h: &Point) -> Bar {
    Bar {
        input: knob.id(inputs),
        candidate: knob.candidate().map(|i| inputs.candidates[i].label.clone()),
        low: low.normalize(),
        high: high.normalize(),
        net_saving_low: l.net_saving().normalize(),
        net_saving_high: h.net_saving().normalize(),
        verdict_low: l.verdict(),
        verdict_high: h.verdict(),
    }
}

/// The end of each bar that favours prompting: the lower net saving (ties:
/// the lower verdict, then the low end).
fn favours_prompt_low(b: &Bar) -> bool {
    (b.net_saving_low, b.verdict_low) <= (b.net_saving_high, b.verdict_high)
}

fn corners(inputs: &Inputs, today: Date, bars: &[(Knob, Bar)]) -> Result<Corners, AnalysisError> {
    let corner = |prompt: bool| -> Result<Corner, AnalysisError> {
        let mut x = inputs.clone();
        let mut list = Vec::with_capacity(bars.len());
        for (knob, b) in bars {
            let value = if favours_prompt_low(b) == prompt { b.low } else { b.high };
            knob.set(&mut x, value);
            list.push(CornerInput {
                input: b.input,
                candidate: b.candidate.clone(),
                value,
            });
        }
        let p = point(&x, today)?;
        Ok(Corner {
            inputs: list,
            net_saving: p.net_saving().normalize(),
            verdict: p.verdict(),
            best: inputs.candidates[p.best].label.clone(),
        })
    };
    Ok(Corners {
        favours_prompt: corner(true)?,
        favours_fine_tune: corner(false)?,
    })
}
