//! The tornado (design §15) as an inline SVG: per ranged input, widest
//! first, a bar from the answer's net saving to the net saving at the
//! input's LOW end and one to its HIGH end, with the answer's net saving
//! and zero marked. Its text alternative lists every value; the table of
//! the same values follows it.

use maud::{html, Markup};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use super::{text, NEWLINE};
use crate::analysis::tornado::Bar;
use crate::analysis::Report;
use crate::format::money;
use crate::report::change::input_name;
use crate::report::chart::compact_money;

const WIDTH: f64 = 640.0;
const LABELS: f64 = 170.0;
const RIGHT: f64 = 16.0;
const ROW: f64 = 22.0;
const TOP: f64 = 8.0;

/// The chart, when the report has a tornado.
pub fn chart(r: &Report) -> Option<Markup> {
    let bars = r.tornado.as_ref().filter(|b| !b.is_empty())?;
    let now = r.best_candidate().net_saving;
    let f = |d: Decimal| d.to_f64().unwrap_or(0.0);
    let ends = bars.iter().flat_map(|b| [f(b.net_saving_low), f(b.net_saving_high)]);
    let (lo, hi) = ends.chain([f(now), 0.0]).fold((f64::MAX, f64::MIN), |(a, b), v| (a.min(v), b.max(v)));
    let span = (hi - lo).max(1e-9);
    let x = |v: f64| LABELS + (v - lo) / span * (WIDTH - LABELS - RIGHT);
    let height = TOP + ROW * bars.len() as f64 + 28.0;
    let bottom = height - 28.0;
    Some(html! {
        figure {
            svg.chart xmlns="http://www.w3.org/2000/svg" viewBox={"0 0 " (WIDTH) " " (height)}
                role="img" aria-labelledby="tornado-title tornado-desc" {
                title id="tornado-title" { "Net saving at each end of each range, widest first" }
                desc id="tornado-desc" { (text(&describe(r, bars))) }
                @for (i, b) in bars.iter().enumerate() {
                    (NEWLINE)
                    (bar(b, TOP + ROW * i as f64, x(f(now)), x(f(b.net_saving_low)), x(f(b.net_saving_high))))
                }
                line.axis x1=(num(x(0.0))) x2=(num(x(0.0))) y1=(num(TOP)) y2=(num(bottom)) {}
                line.line.s5.dashed x1=(num(x(f(now)))) x2=(num(x(f(now)))) y1=(num(TOP)) y2=(num(bottom)) {}
                text x=(num(x(lo))) y=(num(bottom + 16.0)) text-anchor="start" { (compact_money(lo, &r.currency)) }
                text x=(num(x(hi))) y=(num(bottom + 16.0)) text-anchor="end" { (compact_money(hi, &r.currency)) }
            }
            ul.legend {
                li { span.swatch.k1 {} "net saving at the low end" }
                li { span.swatch.k4 {} "at the high end" }
                li { span.swatch.k5.dashed {} "the answer's: " (money(now, &r.currency)) }
            }
            figcaption { "Net saving at each end of each range. The table below lists every value." }
        }
    })
}

fn num(v: f64) -> String {
    format!("{v:.1}")
}

/// One input's row: its name, and a bar to each end from the answer.
fn bar(b: &Bar, y: f64, now: f64, low: f64, high: f64) -> Markup {
    let rect = |from: f64, to: f64, class: &str| {
        html! { rect class=(class) x=(num(from.min(to))) y=(num(y + 3.0)) width=(num((to - from).abs())) height=(num(ROW - 6.0)) {} }
    };
    html! {
        text x=(num(LABELS - 6.0)) y=(num(y + ROW / 2.0 + 4.0)) text-anchor="end" {
            (text(&input_name(b.input, b.candidate.as_deref())))
        }
        (rect(now, low, "s1"))
        (rect(now, high, "s4"))
    }
}

/// Every bar in words.
fn describe(r: &Report, bars: &[Bar]) -> String {
    let cur = r.currency.as_str();
    let each = bars.iter().map(|b| {
        format!(
            "{}: at the low end {} ({}), at the high end {} ({})",
            input_name(b.input, b.candidate.as_deref()),
            money(b.net_saving_low, cur),
            b.verdict_low,
            money(b.net_saving_high, cur),
            b.verdict_high
        )
    });
    each.collect::<Vec<_>>().join("; ")
}
