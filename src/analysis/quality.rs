//! Quality in the money (design §16, §20.10): the lowest success of each
//! tuned model that keeps its net saving positive and each verdict, found
//! by evaluating the comparison again with that success.

use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::Serialize;

use super::vary::{point_with, Point};
use super::{bound, AnalysisError};
use crate::cost::Verdict;
use crate::inputs::Inputs;

/// A candidate's quality thresholds, each a success rate rounded up to 4
/// significant digits; null when none in 0..=1 has it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct QualityReport {
    /// The lowest success with a net saving above 0.
    #[serde(with = "rust_decimal::serde::float_option")]
    pub break_even_success: Option<Decimal>,
    /// The lowest success whose verdict is `depends` or better.
    #[serde(with = "rust_decimal::serde::float_option")]
    pub success_for_depends: Option<Decimal>,
    /// The lowest success whose verdict is `fine-tune`.
    #[serde(with = "rust_decimal::serde::float_option")]
    pub success_for_fine_tune: Option<Decimal>,
}

/// Candidate `i`'s thresholds, from its own net saving and verdict.
pub fn thresholds(inputs: &Inputs, today: Date, i: usize) -> Result<QualityReport, AnalysisError> {
    let at = |s: Decimal| {
        point_with(inputs, today, |x| x.candidates[i].success = Some(s))
    };
    let (low, high) = (at(Decimal::ZERO)?, at(Decimal::ONE)?);
    let lowest = |holds: &dyn Fn(&Point) -> bool| -> Result<Option<Decimal>, AnalysisError> {
        if !holds(&high) {
            return Ok(None);
        }
        if holds(&low) {
            return Ok(Some(Decimal::ZERO));
        }
        bound::decimal(Decimal::ZERO, Decimal::ONE, |s| at(s).map(|p| holds(&p))).map(Some)
    };
    Ok(QualityReport {
        break_even_success: lowest(&|p| p.each[i].net_saving > Decimal::ZERO)?,
        success_for_depends: lowest(&|p| p.each[i].verdict >= Verdict::Depends)?,
        success_for_fine_tune: lowest(&|p| p.each[i].verdict >= Verdict::FineTune)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::fixture;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    /// The quick start with quality: base success 0.95, tuned 0.93, $0.40 a
    /// failure. P′_base = 0.0088 + 0.05 × 0.40 = 0.0288; P′_tuned = 0.00152 +
    /// (1 − S) × 0.40. Over V = 5M with T = 30:
    /// - net saving > 0 ⇔ 5M × (0.02728 − 0.4(1 − S)) > 30 ⇔ S > 0.931815:
    ///   0.9319 (at 0.9318, Δ′ = 0.02728 − 0.02728 = 0: a net saving of −30);
    /// - 3× ⇔ 5M × Δ′ ≥ 90 ⇔ S ≥ 0.931845: 0.9319;
    /// - 10× ⇔ 5M × Δ′ ≥ 300 ⇔ S ≥ 0.93195: 0.932.
    #[test]
    fn the_quality_thresholds_check_by_hand() {
        let mut given = fixture::quick_start();
        given.quality.base_success = Some(d("0.95"));
        given.quality.failure_cost = Some(d("0.40"));
        given.tuned.as_mut().unwrap()[0].success = Some(d("0.93"));
        let (inputs, today) = fixture::resolved(&given);
        let q = thresholds(&inputs, today, 0).unwrap();
        assert_eq!(q.break_even_success, Some(d("0.9319")));
        assert_eq!(q.success_for_depends, Some(d("0.9319")));
        assert_eq!(q.success_for_fine_tune, Some(d("0.932")));
        // The property behind each: at the value it holds, a unit lower not.
        let net = |s: &str| {
            let p = point_with(&inputs, today, |x| x.candidates[0].success = Some(d(s))).unwrap();
            p.each[0]
        };
        assert!(net("0.9319").net_saving > Decimal::ZERO && net("0.9318").net_saving <= Decimal::ZERO);
        assert_eq!((net("0.932").verdict, net("0.9319").verdict), (Verdict::FineTune, Verdict::Depends));
        // At 0.93 itself: Δ′ = 0.0288 − 0.02952 = −0.00072; net = −3,600 − 30.
        let report = crate::analysis::analyse(&inputs, today).unwrap();
        let c = &report.candidates[0];
        assert_eq!(c.effective_cost_per_request, Some(d("0.02952")));
        assert_eq!(report.base.effective_cost_per_request, Some(d("0.0288")));
        assert_eq!(c.net_saving, d("-3630"));
        assert_eq!(c.cost_per_request, d("0.00152"), "P keeps its meaning");
        assert_eq!(report.verdict, Verdict::Prompt);
        assert_eq!(c.quality, Some(q));
    }
}
