//! The compact basis block under a comparison table (design §14): one line
//! per path with the prices and fees applied in each period, their sheet,
//! its `checked` date and the flags, always shown.

use crate::analysis::basis::{Fees, GpuOrigin, Period, Prices};
use crate::analysis::Report;
use crate::format::{money, price};

/// `basis:` then one line per path, the prompting path first.
pub fn block(r: &Report) -> String {
    let mut out = String::new();
    for (i, line) in lines(r).iter().enumerate() {
        out.push_str(if i == 0 { "basis: " } else { "  " });
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// One line per path, the prompting path first: `MODEL: prices… (origin…)`.
pub fn lines(r: &Report) -> Vec<String> {
    let cur = r.currency.as_str();
    let mut out = vec![format!("{}: {}", r.base.model, periods(&r.base.basis, cur))];
    for c in &r.candidates {
        out.push(format!("{}: {}", c.candidate, periods(&c.basis, cur)));
    }
    out
}

/// The prices and fees of the first period, then each later one from its
/// date.
pub fn applied_periods(basis: &[Period], cur: &str) -> String {
    let mut parts = Vec::with_capacity(basis.len());
    for (i, p) in basis.iter().enumerate() {
        let applied = applied(p, cur);
        parts.push(match i {
            0 => applied,
            _ => format!("from {}: {applied}", p.from),
        });
    }
    parts.join("; ")
}

/// [`applied_periods`], with the sheet, its date and the flags.
fn periods(basis: &[Period], cur: &str) -> String {
    let Some(first) = basis.first() else {
        return String::new();
    };
    let flags = match first.flags.is_empty() {
        true => "none".to_string(),
        false => first.flags.join(", "),
    };
    format!(
        "{} ({}, {}, checked {}{}; flags: {flags})",
        applied_periods(basis, cur),
        first.origin,
        first.layer,
        first.checked,
        first.gpu.as_ref().map_or_else(String::new, gpu_origin)
    )
}

/// `; GPU fireworks/h100-80gb from embedded:fireworks.toml, embedded,
/// checked 2026-11-27`, or the input that gave the hourly price.
fn gpu_origin(g: &GpuOrigin) -> String {
    match (&g.id, g.checked) {
        (Some(id), Some(checked)) => {
            format!("; GPU {id} from {}, {}, checked {checked}", g.origin, g.layer)
        }
        _ => format!("; GPU price from {}", g.origin),
    }
}

/// One period's prices and fees.
fn applied(p: &Period, cur: &str) -> String {
    let mut items: Vec<String> = p.prices.as_ref().map(per_token).into_iter().collect();
    items.extend(fees(&p.fees, cur));
    items.join(", ")
}

fn per_token(p: &Prices) -> String {
    let mut items = vec![format!("in {}", price(p.input))];
    items.extend(p.cached_input.map(|c| format!("cached {}", price(c))));
    items.extend(p.cache_write.map(|c| format!("cache write {}", price(c))));
    items.push(format!("out {}", price(p.output)));
    items.extend(p.batch_discount.map(|b| format!("batch −{}%", b * rust_decimal::Decimal::ONE_HUNDRED)));
    let tier = p.long_context_above.map_or_else(String::new, |a| {
        format!(" (long-context tier: prompt + input over {})", crate::format::count(a))
    });
    format!("{} /1M{tier}", items.join(", "))
}

fn fees(f: &Fees, cur: &str) -> Vec<String> {
    let mut items = Vec::new();
    items.extend(f.training.map(|t| format!("training {} /1M", price(t))));
    items.extend(f.min_training_cost.map(|m| format!("min {}", money(m, cur))));
    items.extend(f.hosting_per_hour.map(|h| format!("hosting {}/h", money(h, cur))));
    items.extend(f.storage_per_month.map(|s| format!("storage {}/month", money(s, cur))));
    if let (Some(g), Some(n)) = (f.gpu_per_hour, f.gpus_per_replica) {
        items.push(format!("GPU {}/h × {n} per replica", money(g, cur)));
    }
    items
}
