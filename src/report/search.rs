//! The search block of `breakeven --tuned-any`: what was searched, what was
//! left out and why, the whole ranking, and what the ranking does not know.

use crate::analysis::search::SearchReport;
use crate::analysis::Report;
use crate::format::money;

/// The block's lines; none without a search.
pub fn lines(r: &Report) -> Vec<String> {
    let Some(s) = &r.search else {
        return Vec::new();
    };
    let mut out = vec![summary(s)];
    out.extend(left_out(s));
    for row in &s.ranking {
        out.push(format!(
            "{:>3}. {}{}: {} (net saving {}, {})",
            row.rank,
            row.candidate,
            row.params.as_ref().map_or(String::new(), |p| format!(", {p}")),
            money(row.total, &r.currency),
            money(row.net_saving, &r.currency),
            row.verdict
        ));
    }
    out.push(format!("Quality: {}", s.quality));
    out
}

fn summary(s: &SearchReport) -> String {
    let mut filters = Vec::new();
    filters.extend(s.family.as_ref().map(|f| format!("family {f}")));
    filters.extend(s.provider.as_ref().map(|p| format!("provider {p}")));
    filters.extend(s.max_params.as_ref().map(|p| format!("at most {p} parameters")));
    filters.push(format!("served {}", s.serve.join(" and ")));
    format!(
        "Searched: {} fine-tunable models ({}); {} candidates ranked, the {} cheapest shown above.",
        s.models_matched,
        filters.join(", "),
        s.ranked,
        s.shown
    )
}

fn left_out(s: &SearchReport) -> Vec<String> {
    let mut out = Vec::new();
    if s.excluded_without_params > 0 {
        out.push(format!(
            "Excluded: {} models whose sheet gives no params (a size limit applies).",
            s.excluded_without_params
        ));
    }
    if !s.skipped.is_empty() {
        let parts: Vec<String> = s.skipped.iter().map(|(k, n)| format!("{n} {k}")).collect();
        out.push(format!("Skipped candidates: {}.", parts.join(", ")));
    }
    out
}

/// The block as the table prints it, after a blank line; empty without a search.
pub fn block(r: &Report) -> String {
    let lines = lines(r);
    match lines.is_empty() {
        true => String::new(),
        false => format!("\n{}\n", lines.join("\n")),
    }
}
