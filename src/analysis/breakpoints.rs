//! Where the cost model changes form along one input (design §20.1): the
//! values at which a path's prompt + input crosses a long-context threshold
//! or its prompt a cache minimum (every price period within the horizon),
//! and the month counts of lifecycle cut-offs, price changes and retrains.
//! Between two of them each candidate's totals are affine in the input, so
//! [`crossings`] finds where two candidates trade places or one crosses a
//! verdict's threshold by solving a line, and flip values are then settled
//! by exact evaluation there.

use jiff::civil::Date;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use super::knob::{Knob, Target, MAX_MONTHS};
use super::vary::{Each, Point};
use super::Comparison;
use crate::cost::calendar::month_start;
use crate::cost::{PathPrices, Timeline};
use crate::inputs::Inputs;

/// The breakpoints of `knob` in `inputs`, unsorted (each value and the one
/// before it, so both sides are evaluated).
pub fn breakpoints(inputs: &Inputs, today: Date, knob: Knob) -> Vec<Decimal> {
    let Ok(c) = Comparison::quiet(inputs, today) else {
        return Vec::new();
    };
    match knob {
        Knob::Months => months(inputs, &c),
        Knob::BasePrompt | Knob::Input | Knob::TunedPrompt(_) => tokens(inputs, &c, knob),
        Knob::Output | Knob::TunedOutput(_) | Knob::TunedReasoning(_) => replica_steps(inputs, &c, knob),
        _ => Vec::new(),
    }
}

/// Replica steps a dedicated candidate takes nearest each month's volume
/// as its output side (output + reasoning) grows, where its throughput is
/// in output tokens a second: `r` replicas carry the month's `V` requests
/// while the output side is at most `r × c₀ × o₀ / V` (`c₀` requests a
/// replica carries at the current output side `o₀`).
fn replica_steps(inputs: &Inputs, c: &Comparison, knob: Knob) -> Vec<Decimal> {
    let volume = inputs.traffic.given().unwrap_or(0);
    let Ok(Some(mut volumes)) = inputs.traffic.profile(volume).map(|p| p.monthly) else {
        return Vec::new();
    };
    volumes.sort_unstable();
    volumes.dedup();
    let mut out = Vec::new();
    for (i, p) in c.paths.iter().enumerate() {
        let cand = p.candidate;
        let per_output = match &cand.serving {
            crate::inputs::Serving::Dedicated(d) => !matches!(d.throughput, crate::inputs::Throughput::Rps(_)),
            crate::inputs::Serving::PerToken => false,
        };
        let covers = |t: Target| t == Target::Every || t == Target::One(i);
        let other = match knob {
            Knob::Output if cand.output_tokens == inputs.base.output_tokens => cand.reasoning_tokens,
            Knob::TunedOutput(t) if covers(t) => cand.reasoning_tokens,
            Knob::TunedReasoning(t) if covers(t) => cand.output_tokens,
            _ => continue,
        };
        if let (true, Some(cap)) = (per_output, p.terms.capacity) {
            steps_of(cap, cand.output_side(), (&volumes, other), &mut out);
        }
    }
    out
}

/// The output sides around the replica steps of `cap` (at output side
/// `o0`) for each of `volumes`, less `other` (the part of the side the
/// input does not move), 16 steps either way of the current one.
fn steps_of(cap: crate::cost::Capacity, o0: u64, (volumes, other): (&[u64], u64), out: &mut Vec<Decimal>) {
    let Ok(c0) = cap.requests_per_replica() else {
        return;
    };
    for &v in volumes.iter().filter(|v| **v > 0) {
        let r0 = cap.replicas(v).unwrap_or(1);
        for r in r0.saturating_sub(16).max(1)..=r0.saturating_add(16) {
            let side = c0
                .checked_mul(Decimal::from(o0))
                .and_then(|x| x.checked_mul(Decimal::from(r)))
                .and_then(|x| x.checked_div(Decimal::from(v)));
            let Some(side) = side.and_then(|s| s.floor().to_u64()) else {
                continue;
            };
            out.extend([side, side.saturating_add(1)].iter().filter(|s| **s >= other).map(|s| Decimal::from(s - other)));
        }
    }
}

/// The prices of each period of `timeline` from the start to the horizon's end.
fn periods<'t, T>(timeline: &'t Timeline<T>, inputs: &Inputs) -> Vec<&'t T> {
    let start = inputs.start;
    let Some(months) = inputs.traffic.months else {
        return vec![timeline.on(start)];
    };
    let end = month_start(start, months.saturating_add(1)).ok();
    timeline.periods(start, end).into_iter().map(|p| p.2).collect()
}

/// Token counts at which a path's prompt + input crosses a long-context
/// threshold, or (for the path's own prompt) its prompt a cache minimum.
fn tokens(inputs: &Inputs, c: &Comparison, knob: Knob) -> Vec<Decimal> {
    let mut out = Vec::new();
    let input = inputs.input_tokens;
    let base_other = match knob {
        Knob::BasePrompt => Some((input, true)),
        Knob::Input => Some((inputs.base.prompt_tokens, false)),
        _ => None,
    };
    if let (Some(other), Some(p)) = (base_other, c.paths.first()) {
        for prices in periods(&p.terms.base, inputs) {
            edges(prices, other, &mut out);
        }
    }
    for (i, p) in c.paths.iter().enumerate() {
        let other = match knob {
            Knob::Input => (p.candidate.prompt_tokens, false),
            Knob::TunedPrompt(Target::Every) => (input, true),
            Knob::TunedPrompt(Target::One(j)) if i == j => (input, true),
            _ => continue,
        };
        for prices in periods(&p.terms.tuned, inputs) {
            edges(&prices.path, other, &mut out);
        }
    }
    out
}

/// The edges of one period's prices for an input whose path adds `other`
/// tokens to it (`prompt`: the input is the path's cached prompt).
fn edges(prices: &PathPrices, (other, prompt): (u64, bool), out: &mut Vec<Decimal>) {
    let mut both = |v: u64| out.extend([v.saturating_sub(1), v].map(Decimal::from));
    if let Some((above, _)) = prices.long_context {
        // Long context from prompt + input > above.
        if let Some(first) = above.checked_add(1).and_then(|a| a.checked_sub(other)) {
            both(first);
        }
    }
    if let (true, Some(min)) = (prompt, prices.min_cacheable_tokens) {
        both(min);
    }
}

/// Month counts around each date at which a candidate's months change form
/// (its end of service, a price change of either path) and around each
/// retrain.
fn months(inputs: &Inputs, c: &Comparison) -> Vec<Decimal> {
    let start = inputs.start;
    let mut dates = Vec::new();
    for p in &c.paths {
        dates.extend(p.end.map(|e| e.date));
        dates.extend(p.terms.fine_tune_shutdown);
        dates.extend(p.terms.training_cutoff);
        dates.extend(p.terms.base.periods(start, None).iter().map(|p| p.0));
        dates.extend(p.terms.tuned.periods(start, None).iter().map(|p| p.0));
    }
    let mut out = Vec::new();
    for d in dates.into_iter().filter(|d| *d > start) {
        // The month that holds `d`: the first whose successor starts after it.
        let k = (1..=MAX_MONTHS).find(|&k| month_start(start, k + 1).is_ok_and(|next| next > d));
        out.extend(k.into_iter().flat_map(|k| [k - 1, k, k + 1]).map(Decimal::from));
    }
    if let Some(every) = inputs.retrain_every.filter(|r| *r > 0) {
        let retrains = (1..=MAX_MONTHS).step_by(every as usize).skip(1);
        out.extend(retrains.flat_map(|m| [m - 1, m]).map(Decimal::from));
    }
    out
}

/// The lines of a point: each candidate's net saving, and its savings less
/// each threshold times its fixed costs (the verdict is where these change
/// sign), then each pair's difference of net savings (where they trade places).
fn lines(p: &Point, thresholds: &crate::cost::Thresholds) -> Vec<Option<Decimal>> {
    let margin = |e: &Each, m: Decimal| m.checked_mul(e.fixed_cost).and_then(|t| e.savings.checked_sub(t));
    let mut out = Vec::new();
    for e in &p.each {
        out.push(Some(e.savings));
        out.push(margin(e, thresholds.depends_at()));
        out.push(margin(e, thresholds.fine_tune_at()));
    }
    for (i, a) in p.each.iter().enumerate() {
        for b in &p.each[i + 1..] {
            out.push(a.net_saving.checked_sub(b.net_saving));
        }
    }
    out
}

/// Where, strictly between `a` and `b` (the answers `pa` and `pb` there, the
/// model affine between them), a line of [`lines`] changes sign, nearest `a`
/// first.
pub fn crossings(
    (a, pa): (Decimal, &Point),
    (b, pb): (Decimal, &Point),
    thresholds: &crate::cost::Thresholds,
) -> Vec<Decimal> {
    let mut roots: Vec<Decimal> = lines(pa, thresholds)
        .into_iter()
        .zip(lines(pb, thresholds))
        .filter_map(|pair| match pair {
            (Some(fa), Some(fb)) => root(a, b, fa, fb),
            _ => None,
        })
        .collect();
    roots.sort_by_key(|r| (*r - a).abs());
    roots.dedup();
    roots
}

/// The zero of the line through `(a, fa)` and `(b, fb)` when it lies
/// strictly between them.
fn root(a: Decimal, b: Decimal, fa: Decimal, fb: Decimal) -> Option<Decimal> {
    let opposite = (fa.is_sign_negative() && !fa.is_zero()) != (fb.is_sign_negative() && !fb.is_zero());
    if !opposite || fa == fb {
        return None;
    }
    let share = fa.checked_div(fa.checked_sub(fb)?)?;
    let r = a.checked_add(b.checked_sub(a)?.checked_mul(share)?)?;
    let (low, high) = if a < b { (a, b) } else { (b, a) };
    (r > low && r < high).then_some(r)
}

/// The values to evaluate around a crossing at `r` on the way from `a`,
/// strictly between `a` and `b`: the whole numbers about it, or `r` and a
/// value just past it.
pub fn around(r: Decimal, (a, b): (Decimal, Decimal), whole: bool) -> Vec<Decimal> {
    let up = b > a;
    let mut out = match whole {
        true => vec![r.floor() - Decimal::ONE, r.floor(), r.ceil(), r.ceil() + Decimal::ONE],
        false => {
            let nudge = (b - a).abs() * Decimal::new(1, 9);
            vec![r - nudge, r, r + nudge]
        }
    };
    out.retain(|v| if up { *v > a && *v < b } else { *v < a && *v > b });
    out.sort();
    out.dedup();
    if !up {
        out.reverse();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::fixture;
    use crate::analysis::sensitivity::sensitivity;
    use crate::cost::Verdict;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    /// acme/small caches a tuned prompt of 1,024 tokens or more, at 0.20.
    fn sheet() -> String {
        let s = fixture::SHEET.replace("hosting_per_hour = 1.70\n", "cached_input = 0.20\n");
        s.replace("[models.\"small\"]\n", "[models.\"small\"]\nmin_cacheable_tokens = 1024\n")
    }

    /// The quick start at 64,795 requests with half the prompts cached:
    /// P_base = (3,000 × (0.5 × 0.50 + 0.5 × 2.00) + 200 × 2 + 300 × 8) / 1M
    /// = 6,550 / 1M; P_tuned = (c + 200 × 0.80 + 300 × 3.20) / 1M with
    /// c = 0.8 × prompt below the cache minimum and 0.5 × prompt from it.
    /// T = 30, so fine-tune ⇔ 64,795 × (5,430 − c) ≥ 300M ⇔ c ≤ 800.0185…:
    /// prompt ≤ 1,000 below the minimum, 1,024 ≤ prompt ≤ 1,600 above it.
    /// From a tuned prompt of 300 the verdict is `depends` only from 1,001 to
    /// 1,023 (64,795 × 4,629.2 / 1M = 299.949 < 300), a window of 23 tokens
    /// that a search stepping away from 300 jumps over (to 1,601).
    #[test]
    fn a_narrow_window_below_a_cache_minimum_is_found() {
        let mut given = fixture::quick_start();
        given.volume = Some(64_795);
        given.request.cache_hit_rate = Some(d("0.5"));
        given.tuned.as_mut().unwrap()[0].prompt_tokens = Some(300);
        let (inputs, today) = fixture::resolved_on(&sheet(), &given);
        let rows = sensitivity(&inputs, today, &[]).unwrap();
        let p = rows.iter().find(|f| f.input == "tuned_prompt").unwrap();
        assert_eq!((p.below, p.above, p.above_verdict), (None, Some(d("1001")), Some(Verdict::Depends)));
        // (1,001 − 300) / 300 = 233.67%.
        assert_eq!(p.margin_percent, Some(d("233.67")));
        let edges = breakpoints(&inputs, today, Knob::TunedPrompt(Target::Every));
        assert!(edges.contains(&d("1023")) && edges.contains(&d("1024")));
    }

    /// The months of a horizon change form around the fine-tune's shutdown
    /// (2029-03-14 lies in month 28 from 2026-11-27: months start on the
    /// 27th) and around each retrain every 4 months (months 5, 9, … 29).
    #[test]
    fn months_break_at_a_shutdown_and_at_each_retrain() {
        let sheet = fixture::SHEET.replace("hosting_per_hour = 1.70\n", "shutdown = 2029-03-14\n");
        let mut given = fixture::quick_start();
        given.volume = None;
        given.horizon.per_month = Some(20_000);
        given.horizon.months = Some(12);
        given.training.retrain_every_months = Some(4);
        let (inputs, today) = fixture::resolved_on(&sheet, &given);
        let edges = breakpoints(&inputs, today, Knob::Months);
        for m in ["27", "28", "29", "4", "5", "28", "29", "596", "597"] {
            assert!(edges.contains(&d(m)), "{m} in {edges:?}");
        }
        assert!(!edges.contains(&d("31")));
    }

    /// A dedicated acme/small at 300 output tokens a second per replica,
    /// 2M requests a month: one replica carries 300 / o × 0.8 × 2,628,000 / 2
    /// requests at an output side `o`, so two carry 2M while o ≤ 315.36 and
    /// a third is needed from 316 (three: to 473; one: to 157). The step is
    /// in the breakpoints of the output, and the net saving drops there.
    #[test]
    fn the_output_breaks_at_a_dedicated_candidate_s_replica_steps() {
        let mut given = fixture::quick_start();
        given.volume = None;
        given.horizon.per_month = Some(2_000_000);
        given.horizon.months = Some(12);
        let t = &mut given.tuned.as_mut().unwrap()[0];
        t.serve = Some(crate::inputs::given::Serve::Dedicated);
        t.gpu = Some("acme/h100-80gb".into());
        t.replica_output_tps = Some(d("300"));
        let (inputs, today) = fixture::resolved(&given);
        let edges = breakpoints(&inputs, today, Knob::Output);
        for o in ["157", "158", "315", "316", "473", "474"] {
            assert!(edges.contains(&d(o)), "{o} in {edges:?}");
        }
        let scratch = crate::analysis::prepared::Scratch::new(&inputs, today).unwrap();
        let net = |o: &str| scratch.at(Knob::Output, d(o)).unwrap().net_saving();
        // 315 → 316: one more replica-month (8 × 730 = $5,840) each of 12
        // months, against 12 × 2M × 1 token × (8.00 − 0) / 1M = $192 saved.
        assert_eq!(net("315") - net("316"), d("70080") - d("192"));
    }

    fn each(net_saving: i64, savings: i64) -> Each {
        Each {
            net_saving: Decimal::from(net_saving),
            verdict: Verdict::FineTune,
            savings: Decimal::from(savings),
            fixed_cost: Decimal::ONE,
        }
    }

    /// Two candidates whose net savings go from 10 and 20 (at 0) to 30 and
    /// 20 (at 10) trade places at 5, where the lines cross; every other line
    /// keeps its sign. Around it: 4, 5, 6 from below, 6, 5, 4 from above.
    #[test]
    fn candidates_trade_places_where_their_lines_cross() {
        let at = |a: i64, b: i64| Point {
            best: 0,
            each: vec![each(a, 100 + a), each(b, 100 + b)],
        };
        let (p0, p10) = (at(10, 20), at(30, 20));
        let t = crate::cost::Thresholds::default();
        let roots = crossings((Decimal::ZERO, &p0), (Decimal::TEN, &p10), &t);
        assert_eq!(roots, vec![d("5")]);
        let (ten, zero) = (Decimal::TEN, Decimal::ZERO);
        assert_eq!(around(d("5"), (zero, ten), true), vec![d("4"), d("5"), d("6")]);
        assert_eq!(around(d("5"), (ten, zero), true), vec![d("6"), d("5"), d("4")]);
        assert_eq!(around(d("0.5"), (zero, Decimal::ONE), false)[1], d("0.5"));
    }
}
