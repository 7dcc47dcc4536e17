//! The one evaluation, prepared for many: a comparison whose prices over
//! time, checks and calendar are settled once, then evaluated again and
//! again with estimated inputs changed (sensitivity, ranges, simulation).
//! Each evaluation sets every candidate's terms from the changed inputs and
//! settles its months again, so the only memory it takes is the ledger's:
//! the traffic's months, and each candidate's plan and ledger rows.

use jiff::civil::Date;

use super::vary::{Each, Point};
use super::{AnalysisError, Comparison};
use crate::cost::calendar::calendar;
use crate::cost::{net_saving, Month};
use crate::inputs::Inputs;

/// A comparison ready to be evaluated at changed inputs.
pub struct Prepared<'a> {
    comparison: Comparison<'a>,
    /// The months of the longest horizon an evaluation may ask for.
    calendar: Vec<Month>,
    point: Point,
}

impl<'a> Prepared<'a> {
    /// `inputs` checked and priced once; evaluations may ask for up to
    /// `longest` months (at least the inputs' own).
    pub fn new(inputs: &'a Inputs, today: Date, longest: Option<u32>) -> Result<Self, AnalysisError> {
        let comparison = Comparison::quiet(inputs, today)?;
        let months = inputs.traffic.months.max(longest).unwrap_or(0);
        let calendar = calendar(inputs.start, months)?;
        let point = Point {
            best: 0,
            each: Vec::with_capacity(inputs.candidates.len()),
        };
        Ok(Prepared {
            comparison,
            calendar,
            point,
        })
    }

    /// The answer at `inputs`: the inputs this was prepared from with
    /// estimated inputs changed (the same models, candidates and dates).
    pub fn at(&mut self, inputs: &Inputs) -> Result<&Point, AnalysisError> {
        let months = match inputs.traffic.months {
            Some(m) if m as usize > self.calendar.len() => {
                self.calendar = calendar(inputs.start, m)?;
                Some(&self.calendar[..])
            }
            Some(m) => Some(&self.calendar[..m as usize]),
            None => None,
        };
        let volume = inputs.traffic.given().unwrap_or(0);
        let profile = inputs.traffic.profile(volume)?;
        self.point.each.clear();
        let mut best = (0, None);
        for (i, (p, c)) in self.comparison.paths.iter_mut().zip(&inputs.candidates).enumerate() {
            p.reset(inputs, c, months)?;
            let e = p.at(&profile)?;
            if best.1.is_none_or(|t| e.tuned_total < t) {
                best = (i, Some(e.tuned_total));
            }
            self.point.each.push(Each {
                net_saving: net_saving(e.base_total, e.tuned_total)?,
                verdict: e.outcome.verdict(&inputs.thresholds)?,
                savings: e.outcome.savings,
                fixed_cost: e.outcome.fixed_cost,
            });
        }
        self.point.best = best.0;
        Ok(&self.point)
    }
}

/// The inputs changed one input at a time: one copy, reset from the
/// original before each change, evaluated by one [`Prepared`] comparison
/// (no copy of the inputs and no pricing again per evaluation).
pub struct Scratch<'a> {
    /// The inputs as given.
    pub original: &'a Inputs,
    copy: std::cell::RefCell<Inputs>,
    prepared: std::cell::RefCell<Prepared<'a>>,
}

impl<'a> Scratch<'a> {
    /// A scratch copy of `original`, priced on `today`.
    pub fn new(original: &'a Inputs, today: Date) -> Result<Self, AnalysisError> {
        Ok(Scratch {
            original,
            copy: std::cell::RefCell::new(original.clone()),
            prepared: std::cell::RefCell::new(Prepared::new(original, today, None)?),
        })
    }

    /// The answer with `knob` at `v`, the other inputs as given.
    pub fn at(&self, knob: super::knob::Knob, v: rust_decimal::Decimal) -> Result<Point, AnalysisError> {
        let mut copy = self.copy.borrow_mut();
        super::knob::reset(&mut copy, self.original);
        knob.set(&mut copy, v);
        self.prepared.borrow_mut().at(&copy).cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::fixture;
    use crate::analysis::knob::{Knob, Target};
    use crate::inputs::given::{Horizon, Serve, Tuned};
    use rust_decimal::Decimal;

    /// The prepared evaluation gives the one evaluation's answer, input by
    /// input, over a horizon with a dedicated candidate.
    #[test]
    fn a_prepared_evaluation_answers_as_the_one_evaluation() {
        let mut g = fixture::quick_start();
        g.volume = None;
        g.horizon = Horizon {
            per_month: Some(400_000),
            months: Some(12),
            ..Default::default()
        };
        let small = g.tuned.as_ref().unwrap()[0].clone();
        let dedicated = Tuned {
            serve: Some(Serve::Dedicated),
            gpu: Some("acme/h100-80gb".into()),
            replica_rps: Some(Decimal::from(3)),
            ..small.clone()
        };
        g.tuned = Some(vec![small, dedicated]);
        let (inputs, today) = fixture::resolved(&g);
        let mut prepared = Prepared::new(&inputs, today, Some(600)).unwrap();
        let changes = [
            (Knob::Volume, 1_000_000),
            (Knob::Volume, 30),
            (Knob::Months, 40),
            (Knob::Months, 2),
            (Knob::TunedPrompt(Target::One(1)), 2_900),
            (Knob::Output, 900),
        ];
        for (knob, v) in changes {
            let mut x = inputs.clone();
            knob.set(&mut x, Decimal::from(v));
            let want = super::super::vary::point(&x, today).unwrap();
            assert_eq!(prepared.at(&x).unwrap(), &want, "{knob:?} at {v}");
        }
    }
}
