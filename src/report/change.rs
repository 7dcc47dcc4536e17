//! What would change the answer, as tables: the flip values (`--sensitivity`),
//! the tornado and corners of ranged inputs, and the simulation. One grid
//! each, shared by the terminal, Markdown and CSV renderers.

use rust_decimal::Decimal;

use super::grid::{Grid, Numbers};
use crate::analysis::sensitivity::Flip;
use crate::analysis::simulate::Simulation;
use crate::analysis::tornado::{Bar, Corner, Corners};
use crate::analysis::Report;
use crate::cost::Verdict;

/// Each section the report holds, titled.
pub fn grids(r: &Report, numbers: Numbers) -> Vec<(&'static str, Grid)> {
    let mut out = Vec::new();
    if r.base.success.is_some() {
        out.push(("Quality", quality(r, numbers)));
    }
    if let Some(flips) = &r.sensitivity {
        out.push(("What would change the answer", sensitivity(flips, numbers)));
    }
    if let Some(bars) = &r.tornado {
        out.push(("Ranges, one at a time (widest first)", tornado(r, bars, numbers)));
    }
    if let Some(c) = &r.corners {
        out.push(("Ranges, all at once", corners(r, c, numbers)));
    }
    if let Some(s) = &r.simulation {
        out.push(("Simulation", simulation(r, s, numbers)));
    }
    out
}

fn money(v: Decimal, r: &Report, numbers: Numbers) -> String {
    match numbers {
        Numbers::Human => crate::format::money(v, &r.currency),
        Numbers::Raw => crate::format::decimal_text(v),
    }
}

fn grid(header: &[&str], rows: Vec<Vec<String>>) -> Grid {
    Grid {
        header: header.iter().map(|s| s.to_string()).collect(),
        rows,
    }
}

/// Each path's success, its cost with failures, and the success each
/// candidate needs.
fn quality(r: &Report, numbers: Numbers) -> Grid {
    let opt = |v: Option<Decimal>| text(v, numbers);
    let mut rows = vec![vec![
        "prompting".to_string(),
        r.base.model.clone(),
        opt(r.base.success),
        r.base.effective_cost_per_request.map_or_else(String::new, |p| money(p, r, numbers)),
        String::new(),
        String::new(),
        String::new(),
    ]];
    for c in &r.candidates {
        let q = c.quality;
        rows.push(vec![
            "fine-tuned".to_string(),
            c.candidate.clone(),
            opt(c.success),
            c.effective_cost_per_request.map_or_else(String::new, |p| money(p, r, numbers)),
            opt(q.and_then(|q| q.break_even_success)),
            opt(q.and_then(|q| q.success_for_depends)),
            opt(q.and_then(|q| q.success_for_fine_tune)),
        ]);
    }
    let header = [
        "path", "model", "success", "effective_cost_per_request", "break_even_success",
        "success_for_depends", "success_for_fine_tune",
    ];
    grid(&header, rows)
}

fn tornado(r: &Report, bars: &[Bar], numbers: Numbers) -> Grid {
    let rows = bars
        .iter()
        .map(|b| {
            vec![
                input_name(b.input, b.candidate.as_deref()),
                text(Some(b.low), numbers),
                money(b.net_saving_low, r, numbers),
                b.verdict_low.to_string(),
                text(Some(b.high), numbers),
                money(b.net_saving_high, r, numbers),
                b.verdict_high.to_string(),
            ]
        })
        .collect();
    let header = ["input", "low", "net saving", "verdict", "high", "net saving", "verdict"];
    grid(&header, rows)
}

fn corners(r: &Report, c: &Corners, numbers: Numbers) -> Grid {
    let row = |name: &str, k: &Corner| {
        let values: Vec<String> = k
            .inputs
            .iter()
            .map(|i| format!("{} {}", input_name(i.input, i.candidate.as_deref()), text(Some(i.value), numbers)))
            .collect();
        vec![
            name.to_string(),
            values.join(", "),
            money(k.net_saving, r, numbers),
            k.verdict.to_string(),
            k.best.clone(),
        ]
    };
    let rows = vec![
        row("favours prompting", &c.favours_prompt),
        row("favours fine-tuning", &c.favours_fine_tune),
    ];
    grid(&["corner", "inputs", "net saving", "verdict", "cheapest"], rows)
}

fn simulation(r: &Report, s: &Simulation, numbers: Numbers) -> Grid {
    let pct = |d: Decimal| match numbers {
        Numbers::Human => format!("{:.1}%", d * Decimal::ONE_HUNDRED),
        Numbers::Raw => d.normalize().to_string(),
    };
    let rows = vec![vec![
        s.draws.to_string(),
        s.seed.to_string(),
        pct(s.share_prompt),
        pct(s.share_depends),
        pct(s.share_fine_tune),
        pct(s.share_net_saving_positive),
        money(s.net_saving_p10, r, numbers),
        money(s.net_saving_p50, r, numbers),
        money(s.net_saving_p90, r, numbers),
    ]];
    let header = [
        "draws", "seed", "prompt", "depends", "fine-tune", "net saving > 0", "P10", "P50", "P90",
    ];
    grid(&header, rows)
}

fn text(v: Option<Decimal>, numbers: Numbers) -> String {
    use rust_decimal::prelude::ToPrimitive;
    match (v, numbers) {
        (Some(v), Numbers::Human) if v.fract().is_zero() && v >= Decimal::ZERO => {
            v.to_u64().map_or_else(|| crate::format::decimal_text(v), crate::format::count)
        }
        (Some(v), Numbers::Human) => crate::format::decimal_text(v),
        (Some(v), Numbers::Raw) => v.normalize().to_string(),
        (None, Numbers::Human) => "—".to_string(),
        (None, Numbers::Raw) => String::new(),
    }
}

fn verdict(v: Option<Verdict>) -> String {
    v.map_or_else(String::new, |v| v.to_string())
}

/// The input's name with its candidate, where given per candidate.
pub fn input_name(input: &str, candidate: Option<&str>) -> String {
    match candidate {
        Some(c) => format!("{input} ({c})"),
        None => input.to_string(),
    }
}

/// The flip values as a grid (a sweep's, at the user's volume, too).
pub fn sensitivity(flips: &[Flip], numbers: Numbers) -> Grid {
    if numbers == Numbers::Human {
        return sensitivity_human(flips);
    }
    let header = [
        "input", "candidate", "current", "below", "below_verdict", "above", "above_verdict", "margin_percent",
    ];
    let rows = flips
        .iter()
        .map(|f| {
            vec![
                f.input.to_string(),
                f.candidate.clone().unwrap_or_default(),
                text(Some(f.current), numbers),
                text(f.below, numbers),
                verdict(f.below_verdict),
                text(f.above, numbers),
                verdict(f.above_verdict),
                text(f.margin_percent, numbers),
            ]
        })
        .collect();
    grid(&header, rows)
}

/// For people: each flip with its verdict in one cell.
fn sensitivity_human(flips: &[Flip]) -> Grid {
    let h = Numbers::Human;
    let flip = |v: Option<Decimal>, w: Option<Verdict>| match (v, w) {
        (Some(_), Some(w)) => format!("{} {w}", text(v, h)),
        _ => "—".to_string(),
    };
    let rows = flips
        .iter()
        .map(|f| {
            vec![
                input_name(f.input, f.candidate.as_deref()),
                text(Some(f.current), h),
                flip(f.below, f.below_verdict),
                flip(f.above, f.above_verdict),
                f.margin_percent.map_or_else(|| "—".to_string(), |m| format!("{}%", crate::format::decimal_text(m))),
            ]
        })
        .collect();
    grid(&["input", "now", "flips below", "flips above", "margin"], rows)
}

/// The sections after a CSV report, each after an empty line.
pub fn csv(r: &Report) -> Vec<Grid> {
    grids(r, Numbers::Raw).into_iter().map(|(_, g)| g).collect()
}
