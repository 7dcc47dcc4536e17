//! `--explain` (design §14, §20.13): the hand computation of an answer with
//! the numbers the report holds, exact, in the shape of the README's "by
//! hand" paragraph. It restates what the cost model computed; it computes
//! nothing.

use super::breakeven::{CandidateReport, Report};
use crate::cost::LedgerRow;
use crate::format::decimal_text as x;

/// Which candidates `--explain` explains.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Explain {
    /// The cheapest (the verdict's).
    Cheapest,
    /// Every candidate, in rank order.
    All,
}

/// The lines of the explanation of `r`.
pub fn lines(r: &Report, which: Explain) -> Vec<String> {
    let shown = match which {
        Explain::Cheapest => &r.candidates[..1],
        Explain::All => &r.candidates[..],
    };
    shown.iter().flat_map(|c| candidate(r, c)).collect()
}

fn candidate(r: &Report, c: &CandidateReport) -> Vec<String> {
    let cur = &r.currency;
    let mut out = vec![
        format!("explain {} against prompting on {}:", c.candidate, r.base.model),
        format!("  P_base = {} {cur} a request", x(r.base.cost_per_request)),
        format!("  P_tuned = {} {cur} a request", x(c.cost_per_request)),
    ];
    out.extend(effective(r, c, cur));
    out.extend([
        format!("  {} = {} {cur} a request", delta(c), x(c.savings_per_request)),
        format!(
            "  T = training and setup {} + recurring {} = {} {cur}",
            x(c.upfront_cost),
            x(c.recurring_cost),
            x(c.fixed_cost)
        ),
    ]);
    out.extend(break_even(c, cur));
    match &c.ledger {
        Some(rows) => out.extend(months(rows, r.volume, c, cur)),
        None => out.push(format!(
            "  V = {} requests; savings = V × Δ = {} {cur}",
            r.volume,
            x(c.savings)
        )),
    }
    out.push(multiple(c));
    out.push(format!(
        "  net saving = {} − {} = {} {cur}; verdict {}",
        x(r.base.total_cost),
        x(c.total_cost),
        x(c.net_saving),
        c.verdict
    ));
    out
}

/// With quality inputs: `P′ = P + (1 − S) × failure cost` on each path.
fn effective(r: &Report, c: &CandidateReport, cur: &str) -> Vec<String> {
    let b = &r.base;
    let (Some(pb), Some(sb), Some(pt), Some(st)) = (
        b.effective_cost_per_request,
        b.success,
        c.effective_cost_per_request,
        c.success,
    ) else {
        return Vec::new();
    };
    let line = |name: &str, p, s, e| {
        format!(
            "  {name}′ = {name} + (1 − {}) × failure cost = {} {cur} a request (P = {})",
            x(s),
            x(e),
            x(p)
        )
    };
    vec![
        line("P_base", b.cost_per_request, sb, pb),
        line("P_tuned", c.cost_per_request, st, pt),
    ]
}

fn delta(c: &CandidateReport) -> &'static str {
    match c.effective_cost_per_request {
        Some(_) => "Δ′ = P_base′ − P_tuned′",
        None => "Δ = P_base − P_tuned",
    }
}

/// `N*` per token; a dedicated candidate's break-even is per month.
fn break_even(c: &CandidateReport, cur: &str) -> Vec<String> {
    match (c.serve, c.break_even_requests, c.break_even_per_month) {
        ("dedicated", _, Some(v)) => vec![format!(
            "  dedicated: from {v} requests a month, the month's saving exceeds its GPU cost \
             (GPUs over the horizon: {} {cur})",
            x(c.capacity_cost)
        )],
        ("dedicated", _, None) => vec!["  dedicated: no monthly volume pays for its GPUs".into()],
        (_, Some(n), _) => vec![format!("  N* = smallest N with N × Δ > T = {n} requests")],
        (_, None, _) => vec!["  N* = none: no volume breaks even".into()],
    }
}

/// Over a horizon: each month's sums, then their total.
fn months(rows: &[LedgerRow], volume: u64, c: &CandidateReport, cur: &str) -> Vec<String> {
    let mut out: Vec<String> = rows
        .iter()
        .map(|m| {
            format!(
                "  month {}: {} served, {} lost; prompting {} − tuned {} {cur}; fixed {} {cur}",
                m.month,
                m.served,
                m.lost,
                x(m.base_cost),
                x(m.tuned_cost),
                x(m.fixed_cost)
            )
        })
        .collect();
    out.push(format!(
        "  V = {} requests; savings = Σ (prompting − tuned) = {} {cur}",
        volume,
        x(c.savings)
    ));
    out
}

fn multiple(c: &CandidateReport) -> String {
    match c.volume_multiple {
        Some(m) => format!("  multiple = savings / T = {}", x(m)),
        None => "  multiple = none (no saving, no traffic or no fixed cost)".to_string(),
    }
}
