//! Flip values (design §15, §20.1-5): for each estimated input, holding the
//! others, the nearest value below and above at which the overall verdict
//! (the re-ranked cheapest candidate's) changes. Found by evaluating the
//! comparison at probes that bracket every step (replica steps, months,
//! rates on a fine grid), then at the bracket's boundary to the digits
//! shown; never by assuming the verdict is monotone.

use jiff::civil::Date;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::Serialize;

use super::breakpoints::{around, breakpoints, crossings};
use super::knob::{knobs, Domain, Knob};
use super::prepared::Scratch;
use super::vary::Point;
use super::{bound, AnalysisError};
use crate::cost::Verdict;
use crate::inputs::{Inputs, Serving};

/// One input's flip values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Flip {
    /// The input (its flag without the dashes).
    pub input: &'static str,
    /// The candidate, for an input given per candidate.
    pub candidate: Option<String>,
    /// Its value in the answer.
    #[serde(with = "rust_decimal::serde::float")]
    pub current: Decimal,
    /// The nearest value below with another verdict; null when none.
    #[serde(with = "rust_decimal::serde::float_option")]
    pub below: Option<Decimal>,
    /// The verdict there.
    pub below_verdict: Option<Verdict>,
    /// The cheapest candidate there.
    pub below_best: Option<String>,
    /// The nearest value above with another verdict; null when none.
    #[serde(with = "rust_decimal::serde::float_option")]
    pub above: Option<Decimal>,
    /// The verdict there.
    pub above_verdict: Option<Verdict>,
    /// The cheapest candidate there.
    pub above_best: Option<String>,
    /// `|flip − current| / |current|` in percent, the nearer flip's; null
    /// when the current value is 0 or nothing flips.
    #[serde(with = "rust_decimal::serde::float_option")]
    pub margin_percent: Option<Decimal>,
    /// The exact margin, for sorting.
    #[serde(skip)]
    pub margin: Option<Decimal>,
}

/// The flip values of every estimated input of `inputs`, most fragile
/// first. `split` names inputs given per candidate.
pub fn sensitivity(inputs: &Inputs, today: Date, split: &[Knob]) -> Result<Vec<Flip>, AnalysisError> {
    let here = super::vary::point(inputs, today)?;
    let scratch = Scratch::new(inputs, today)?;
    let mut rows = Vec::new();
    for knob in knobs(inputs, split) {
        if let Some(current) = knob.get(inputs) {
            rows.push(row(&scratch, today, knob, current, &here)?);
        }
    }
    // Stable: ties keep §15's order; no margin sorts last.
    rows.sort_by(|a, b| match (a.margin, b.margin) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    Ok(rows)
}

/// The answer with `knob` at `v`.
fn at(s: &Scratch, knob: Knob, v: Decimal) -> Result<Point, AnalysisError> {
    s.at(knob, v)
}

fn row(s: &Scratch, today: Date, knob: Knob, current: Decimal, here: &Point) -> Result<Flip, AnalysisError> {
    let inputs = s.original;
    let below = nearest(s, today, knob, current, here.verdict(), false)?;
    let above = nearest(s, today, knob, current, here.verdict(), true)?;
    let label = |p: &Point| inputs.candidates[p.best].label.clone();
    let margin = |v: Decimal| (!current.is_zero()).then(|| ((v - current) / current).abs() * Decimal::ONE_HUNDRED);
    let margins = [&below, &above].into_iter().flatten().filter_map(|(v, _)| margin(*v));
    let margin = margins.min();
    Ok(Flip {
        input: knob.id(inputs),
        candidate: knob.candidate().map(|i| inputs.candidates[i].label.clone()),
        current: current.normalize(),
        below: below.as_ref().map(|(v, _)| *v),
        below_verdict: below.as_ref().map(|(_, p)| p.verdict()),
        below_best: below.as_ref().map(|(_, p)| label(p)),
        above: above.as_ref().map(|(v, _)| *v),
        above_verdict: above.as_ref().map(|(_, p)| p.verdict()),
        above_best: above.as_ref().map(|(_, p)| label(p)),
        margin_percent: margin.map(|m| m.round_dp(2).normalize()),
        margin,
    })
}

/// The nearest value from `current` upwards (`up`) or downwards whose
/// verdict is not `verdict`, with the answer there.
fn nearest(
    s: &Scratch,
    today: Date,
    knob: Knob,
    current: Decimal,
    verdict: Verdict,
    up: bool,
) -> Result<Option<(Decimal, Point)>, AnalysisError> {
    let domain = knob.domain_in(s.original);
    let edges = breakpoints(s.original, today, knob);
    let mut previous = (current, at(s, knob, current)?);
    for probe in probes(s.original, knob, domain, (current, edges), up) {
        // A value the evaluation cannot take (an overflow) ends the domain.
        let Ok(p) = at(s, knob, probe) else {
            return Ok(None);
        };
        let found = match within(s, knob, (&previous, (probe, &p)), verdict)? {
            Some((near, far)) => Some((near, (far, probe))),
            None => (p.verdict() != verdict).then_some((previous.0, (probe, probe))),
        };
        if let Some(bracket) = found {
            let flip = boundary(s, knob, domain, bracket, verdict)?;
            return Ok(Some((flip, at(s, knob, flip)?)));
        }
        previous = (probe, p);
    }
    Ok(None)
}

/// A change of verdict strictly between two probes whose verdicts agree
/// (a narrow window): where a line of the answer crosses zero between them
/// (design §20.1), checked by exact evaluation around each crossing, nearest
/// first. The bracket from the last value with `verdict` to the first without.
fn within(
    s: &Scratch,
    knob: Knob,
    ((a, pa), (b, pb)): (&(Decimal, Point), (Decimal, &Point)),
    verdict: Verdict,
) -> Result<Option<(Decimal, Decimal)>, AnalysisError> {
    let whole = knob.domain_in(s.original).whole();
    let mut last = *a;
    let roots = crossings((*a, pa), (b, pb), &s.original.thresholds);
    for r in roots {
        for v in around(r, (*a, b), whole) {
            let Ok(p) = at(s, knob, v) else {
                return Ok(None);
            };
            if p.verdict() != verdict {
                return Ok(Some((last, v)));
            }
            last = v;
        }
    }
    Ok(None)
}

/// The value nearest `near` in `(near, far]` with another verdict than
/// `verdict`, to the digits a report shows (a decimal may lie up to
/// `limit` when the verdict holds there).
fn boundary(
    s: &Scratch,
    knob: Knob,
    domain: Domain,
    (near, (far, limit)): (Decimal, (Decimal, Decimal)),
    verdict: Verdict,
) -> Result<Decimal, AnalysisError> {
    let other = |v: Decimal| at(s, knob, v).map(|p| p.verdict() != verdict);
    match domain.whole() {
        true => {
            let (n, f) = (whole(near), whole(far));
            bound::count(n, f, |v| other(Decimal::from(v))).map(Decimal::from)
        }
        false => bound::decimal_within(near, (far, limit), other),
    }
}

fn whole(v: Decimal) -> u64 {
    v.to_u64().unwrap_or(u64::MAX)
}

/// The values to evaluate, nearest first: fine steps near the current
/// value, then growing ones to the domain's end, with every replica step
/// of a dedicated candidate for the volume and every breakpoint of the
/// input (`edges`).
fn probes(inputs: &Inputs, knob: Knob, domain: Domain, (current, edges): (Decimal, Vec<Decimal>), up: bool) -> Vec<Decimal> {
    let mut out = steps(domain, current, up);
    if knob == Knob::Volume {
        out.extend(replica_steps(inputs, current, up));
    }
    out.extend(edges);
    let (low, high) = domain.bounds();
    out.retain(|v| if up { *v > current } else { *v < current });
    out.retain(|v| *v >= low && high.is_none_or(|h| *v <= h));
    out.sort();
    out.dedup();
    if !up {
        out.reverse();
    }
    out
}

/// Steps away from `current`: 1/32 of its scale at a time up to a quarter,
/// then growing by a quarter each, to the domain's bound.
fn steps(domain: Domain, current: Decimal, up: bool) -> Vec<Decimal> {
    let (low, high) = domain.bounds();
    let unit = match domain {
        Domain::Rate => Decimal::new(1, 2),
        Domain::Positive => Decimal::new(1, 3),
        _ => Decimal::ONE,
    };
    let scale = current.abs().max(unit);
    let mut out = Vec::with_capacity(128);
    let mut offset = Decimal::ZERO;
    let mut k = 0u32;
    while out.len() < 160 {
        k += 1;
        offset = match (k <= 8, domain) {
            (_, Domain::Rate) => unit * Decimal::from(k),
            (_, Domain::Months) if k <= 24 => Decimal::from(k),
            (true, _) => scale * Decimal::from(k) / Decimal::from(32),
            (false, _) => match offset.checked_mul(Decimal::new(125, 2)) {
                Some(o) => o,
                None => break,
            },
        };
        let Some(v) = (if up { current.checked_add(offset) } else { current.checked_sub(offset) }) else {
            break;
        };
        let v = rounded(domain, v, up);
        if v < low || high.is_some_and(|h| v > h) {
            out.push(if v < low { low } else { high.unwrap_or(v) });
            break;
        }
        out.push(v);
    }
    out
}

/// A probe of a whole input is a whole number, rounded away from the current value.
fn rounded(domain: Domain, v: Decimal, up: bool) -> Decimal {
    match (domain.whole(), up) {
        (false, _) => v,
        (true, true) => v.ceil(),
        (true, false) => v.floor(),
    }
}

/// The first volumes of the replica steps near `current` of every
/// dedicated candidate: where the margin of a step is lowest.
fn replica_steps(inputs: &Inputs, current: Decimal, up: bool) -> Vec<Decimal> {
    let months = Decimal::from(inputs.traffic.months.unwrap_or(1).max(1));
    let per_month = match inputs.traffic.per_month() {
        true => Decimal::ONE,
        false => months,
    };
    let mut out = Vec::new();
    for c in &inputs.candidates {
        let Serving::Dedicated(d) = &c.serving else {
            continue;
        };
        let Ok(cap) = super::terms::capacity(d, c.output_side()) else {
            continue;
        };
        let Ok(each) = cap.requests_per_replica() else {
            continue;
        };
        let k0 = (current / per_month / each).floor().to_i64().unwrap_or(0);
        let ks = if up { k0..k0 + 40 } else { (k0 - 40).max(0)..k0 + 1 };
        for k in ks {
            let edge = (each * Decimal::from(k)).floor() + Decimal::ONE;
            out.extend(edge.checked_mul(per_month).map(|v| v.ceil()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::fixture;
    use crate::analysis::knob::Target;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn row<'a>(rows: &'a [Flip], input: &str) -> &'a Flip {
        rows.iter().find(|f| f.input == input).expect(input)
    }

    /// The quick start at 20k requests: Δ = (7,680 − 0.8 × tuned prompt) / 1M
    /// and T = 30, so the verdict is `prompt` once 20k × Δ < 3 × 30, that is
    /// 0.8 × prompt > 3,180: from a tuned prompt of 3,976 (3,975 still
    /// depends). At 20k, 3× needs 12,363 requests (30 × 3 / 0.00728 =
    /// 12,362.6…): 12,362 is the first volume below that is `prompt`.
    #[test]
    fn a_tuned_prompt_flips_at_a_whole_number_found_by_hand() {
        let mut given = fixture::quick_start();
        given.volume = Some(20_000);
        let (inputs, today) = fixture::resolved(&given);
        let rows = sensitivity(&inputs, today, &[]).unwrap();
        let p = row(&rows, "tuned_prompt");
        assert_eq!((p.current, p.above, p.above_verdict), (d("500"), Some(d("3976")), Some(Verdict::Prompt)));
        assert_eq!(p.below, None);
        let scratch = Scratch::new(&inputs, today).unwrap();
        let at = |k: Knob, v: &str| at(&scratch, k, d(v)).unwrap().verdict();
        let tp = Knob::TunedPrompt(Target::Every);
        assert_eq!((at(tp, "3975"), at(tp, "3976")), (Verdict::Depends, Verdict::Prompt));
        let v = row(&rows, "volume");
        assert_eq!((v.below, v.below_verdict), (Some(d("12362")), Some(Verdict::Prompt)));
        // The most fragile first: the volume's margin, 7,638 / 20,000 = 38.19%.
        assert_eq!(rows[0].input, "volume");
        assert_eq!(rows[0].margin_percent, Some(d("38.19")));
    }

    /// At 50k requests with a cache hit rate of 0.2 on acme/big (cached reads
    /// at 0.50 instead of 2.00): P_base = (8,800 − 4,500 F) / 1M, Δ = (7,280 −
    /// 4,500 F) / 1M, and 10× needs 50k × Δ ≥ 300, Δ ≥ 0.006: F ≤ 1,280 /
    /// 4,500 = 0.28444…. The first 4-digit rate above with another verdict is
    /// 0.2845 (`depends`); 0.2844 is still `fine-tune`.
    #[test]
    fn a_cache_hit_rate_flips_at_four_significant_digits() {
        let mut given = fixture::quick_start();
        given.volume = Some(50_000);
        given.request.cache_hit_rate = Some(d("0.2"));
        let (inputs, today) = fixture::resolved(&given);
        let rows = sensitivity(&inputs, today, &[]).unwrap();
        let c = row(&rows, "cache_hit_rate");
        assert_eq!((c.above, c.above_verdict), (Some(d("0.2845")), Some(Verdict::Depends)));
        assert_eq!(c.below, None);
        let scratch = Scratch::new(&inputs, today).unwrap();
        let at = |v: &str| at(&scratch, Knob::CacheHitRate, d(v)).unwrap().verdict();
        assert_eq!((at("0.2844"), at("0.2845")), (Verdict::FineTune, Verdict::Depends));
        // (0.2845 − 0.2) / 0.2 = 42.25%.
        assert_eq!(c.margin_percent, Some(d("42.25")));
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use crate::analysis::fixture;
    use crate::inputs::given::{Horizon, Serve, Tuned};
    use proptest::prelude::*;

    /// One unit of the last digit a reported value shows (at least its 4th
    /// significant digit).
    fn unit(v: Decimal, whole: bool) -> Decimal {
        if whole {
            return Decimal::ONE;
        }
        let v = v.normalize();
        let digits = v.abs().mantissa().to_string().len() as i64;
        let magnitude = digits - 1 - i64::from(v.scale());
        let fourth = magnitude - 3;
        let mantissa = v.abs().mantissa().to_string();
        let zeros = (mantissa.len() - mantissa.trim_end_matches('0').len()) as i64;
        let last = zeros - i64::from(v.scale());
        let e = fourth.min(last);
        match e {
            e if e >= 0 => Decimal::from(10u64.pow(e as u32)),
            e => Decimal::new(1, (-e) as u32),
        }
    }

    /// A comparison of acme/big against acme/small per token and on a
    /// dedicated H100, over a horizon, with its numbers drawn.
    fn comparison(
        (per_month, months, prompt, tuned): (u64, u32, u64, u64),
        (setup, rate, rps): (u32, u32, u32),
    ) -> (Inputs, Date) {
        let mut g = fixture::quick_start();
        g.volume = None;
        g.horizon = Horizon {
            per_month: Some(per_month),
            months: Some(months),
            ..Default::default()
        };
        g.base.prompt_tokens = Some(prompt);
        g.training.setup_cost = Some(Decimal::from(setup));
        g.request.cache_hit_rate = Some(Decimal::new(i64::from(rate), 2));
        let small = Tuned {
            model: "acme/small".into(),
            prompt_tokens: Some(tuned),
            ..Default::default()
        };
        let dedicated = Tuned {
            serve: Some(Serve::Dedicated),
            gpu: Some("acme/h100-80gb".into()),
            // Odd draws serve by output tokens a second (rps × 300), so that
            // the output's replica steps are breakpoints too.
            replica_rps: (rps % 2 == 0).then(|| Decimal::from(rps)),
            replica_output_tps: (rps % 2 == 1).then(|| Decimal::from(rps * 300)),
            ..small.clone()
        };
        g.tuned = Some(vec![small, dedicated]);
        fixture::resolved(&g)
    }

    fn check(inputs: &Inputs, today: Date) {
        let here = super::super::vary::point(inputs, today).unwrap();
        let scratch = Scratch::new(inputs, today).unwrap();
        for knob in knobs(inputs, &[]) {
            let current = knob.get(inputs).unwrap();
            let flip = row(&scratch, today, knob, current, &here).unwrap();
            let whole = knob.domain_in(inputs).whole();
            for (v, verdict, up) in [(flip.below, flip.below_verdict, false), (flip.above, flip.above_verdict, true)] {
                let Some(v) = v else { continue };
                let at_flip = at(&scratch, knob, v).unwrap().verdict();
                assert_eq!(Some(at_flip), verdict, "{knob:?} at {v}");
                let step = unit(v, whole);
                let nearer = if up { v - step } else { v + step };
                let beyond = if up { nearer <= current } else { nearer >= current };
                if !beyond {
                    let there = at(&scratch, knob, nearer).unwrap().verdict();
                    assert_eq!(there, here.verdict(), "{knob:?}: {nearer} is one unit nearer than {v}");
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        /// At each reported flip the verdict is the reported one, and one
        /// unit nearer the current value it is the current one.
        #[test]
        fn each_flip_holds_and_one_unit_nearer_does_not(
            traffic in (1_000u64..5_000_000, 1u32..13, 0u64..3_500, 0u64..3_000),
            rest in (0u32..2_000, 0u32..101, 1u32..40),
        ) {
            let (inputs, today) = comparison(traffic, rest);
            check(&inputs, today);
        }
    }
}
