//! One evaluation reduced to what "what would change the answer" compares:
//! the overall verdict and net saving (the re-ranked cheapest candidate's,
//! design §20.1) and each candidate's own. Sensitivity, ranges, simulation
//! and the quality thresholds call [`point`] with an input changed.

use jiff::civil::Date;

use super::{evaluate_quiet, AnalysisError};
use crate::cost::{net_saving, Usd, Verdict};
use crate::inputs::Inputs;

/// One candidate's answer: its net saving and verdict, and the two amounts
/// they come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Each {
    /// Its net saving.
    pub net_saving: Usd,
    /// Its verdict.
    pub verdict: Verdict,
    /// What its requests save over the traffic.
    pub savings: Usd,
    /// `T`: its fixed costs.
    pub fixed_cost: Usd,
}

/// A comparison's answer at one set of inputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Point {
    /// The index of the cheapest candidate.
    pub best: usize,
    /// Each candidate's answer, in the order given.
    pub each: Vec<Each>,
}

impl Point {
    /// The overall verdict: the cheapest candidate's.
    pub fn verdict(&self) -> Verdict {
        self.each[self.best].verdict
    }

    /// The overall net saving: the cheapest candidate's.
    pub fn net_saving(&self) -> Usd {
        self.each[self.best].net_saving
    }
}

/// The answer at `inputs`: the one evaluation, re-ranked.
pub fn point(inputs: &Inputs, today: Date) -> Result<Point, AnalysisError> {
    let e = evaluate_quiet(inputs, today)?;
    let t = &inputs.thresholds;
    let mut each = Vec::with_capacity(e.evaluations.len());
    for v in &e.evaluations {
        each.push(Each {
            net_saving: net_saving(v.base_total, v.tuned_total)?,
            verdict: v.outcome.verdict(t)?,
            savings: v.outcome.savings,
            fixed_cost: v.outcome.fixed_cost,
        });
    }
    Ok(Point {
        best: e.best(),
        each,
    })
}

/// The answer with `change` applied to a copy of `inputs`.
pub fn point_with(
    inputs: &Inputs,
    today: Date,
    change: impl FnOnce(&mut Inputs),
) -> Result<Point, AnalysisError> {
    let mut changed = inputs.clone();
    change(&mut changed);
    point(&changed, today)
}
