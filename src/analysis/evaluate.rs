//! The one pure evaluation: a comparison at the inputs' traffic, without
//! building any report. Notes, sweeps and (later) sensitivity evaluate again
//! with an input changed; only [`super::analyse`] builds the report.

use jiff::civil::Date;

use super::{AnalysisError, Comparison, Evaluation};
use crate::cost::{Requests, Verdict};
use crate::inputs::{Inputs, Profile, Serving};

/// A comparison evaluated at the inputs' traffic: everything a report is
/// built from, and what notes, sweeps and sensitivity vary.
#[derive(Debug, Clone)]
pub struct Evaluated<'a> {
    /// The candidates' terms.
    pub comparison: Comparison<'a>,
    /// The traffic evaluated.
    pub profile: Profile,
    /// Each candidate at that traffic, in the order given.
    pub evaluations: Vec<Evaluation>,
}

/// Where the cheapest candidate stands: its verdict and break-even volume
/// (per month for a dedicated candidate).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    /// Its verdict.
    pub verdict: Verdict,
    /// Its break-even volume (per month for a dedicated candidate).
    pub break_even: Option<Requests>,
}

impl Evaluated<'_> {
    /// The index of the cheapest candidate (ties keep the first given).
    pub fn best(&self) -> usize {
        cheapest(&self.evaluations)
    }

    /// Where the cheapest candidate stands.
    pub fn standing(&self) -> Result<Standing, AnalysisError> {
        let i = self.best();
        let (p, e) = (&self.comparison.paths[i], &self.evaluations[i]);
        let break_even = match p.candidate.serving {
            Serving::PerToken => e.outcome.break_even_requests()?,
            Serving::Dedicated(_) => p.break_even_per_month,
        };
        Ok(Standing {
            verdict: e.outcome.verdict(&self.comparison.inputs.thresholds)?,
            break_even,
        })
    }
}

/// The index of the cheapest evaluation; ties keep the first.
pub(super) fn cheapest(evaluations: &[Evaluation]) -> usize {
    let mut best = 0;
    for (i, e) in evaluations.iter().enumerate() {
        if e.tuned_total < evaluations[best].tuned_total {
            best = i;
        }
    }
    best
}

/// The one pure evaluation: the comparison of `inputs` at their volume,
/// without building any report. `today` decides which prices are stale.
pub fn evaluate(inputs: &Inputs, today: Date) -> Result<Evaluated<'_>, AnalysisError> {
    at_volume(Comparison::new(inputs, today)?)
}

/// [`evaluate`] without gathering warnings: for evaluating again with an
/// input changed, where only the numbers matter.
pub fn evaluate_quiet(inputs: &Inputs, today: Date) -> Result<Evaluated<'_>, AnalysisError> {
    at_volume(Comparison::quiet(inputs, today)?)
}

fn at_volume(comparison: Comparison<'_>) -> Result<Evaluated<'_>, AnalysisError> {
    let inputs = comparison.inputs;
    let volume = inputs.traffic.given().unwrap_or(0);
    let profile = inputs.traffic.profile(volume)?;
    let evaluations = comparison.evaluate(&profile)?;
    Ok(Evaluated {
        comparison,
        profile,
        evaluations,
    })
}
