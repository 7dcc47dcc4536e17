//! Tables for people (comfy-table): the break-even comparison, the sweep,
//! the price list, token counts and the dataset report.

use crate::names::{Names, Naming, Setting};
use comfy_table::{Cell, Table as Comfy};
use rust_decimal::Decimal;

use super::layout::{align_right_from, fit, new_table, wrap_prose, Columns};

use super::{paint, plural, verdict_style, Rendered, Renderer};
use crate::analysis::dataset::DatasetReport;
use crate::analysis::prices::{CheckReport, GpuList, ImportReport, PriceList, PriceRow};
use crate::analysis::sweep::Sweep;
use crate::analysis::tokens::TokensReport;
use crate::analysis::{CandidateReport, Report};
use crate::cost::Verdict;
use crate::dataset::ErrorType;
use crate::format::{count, money, multiple, percent, price, requests, requests_compact};
use crate::tokens::Method;

/// The table renderer.
pub struct Table {
    /// Whether to colour verdicts.
    pub color: bool,
    /// Columns the tables should fit in.
    pub width: usize,
    /// How hints name the settings of a run (`--format`, `--all`).
    pub names: Naming,
}

impl Renderer for Table {
    fn breakeven(&self, report: &Report) -> Rendered {
        Ok(self.fit(breakeven_table(report, self)))
    }

    fn ledger(&self, report: &Report) -> Rendered {
        Ok(self.fit(ledger_tables(report, self)))
    }

    fn sweep(&self, sweep: &Sweep) -> Rendered {
        Ok(self.fit(sweep_table(sweep, self)))
    }

    fn prices(&self, list: &PriceList) -> Rendered {
        Ok(self.fit(prices_table(list, self)))
    }

    fn gpus(&self, list: &GpuList) -> Rendered {
        Ok(self.fit(gpus_table(list, self)))
    }

    fn check(&self, report: &CheckReport) -> Rendered {
        Ok(self.fit(check_table(report, self)))
    }

    fn import(&self, report: &ImportReport) -> Rendered {
        Ok(self.fit(import_table(report)))
    }

    fn tokens(&self, report: &TokensReport) -> Rendered {
        Ok(self.fit(tokens_table(report, self)))
    }

    fn dataset(&self, report: &DatasetReport) -> Rendered {
        Ok(self.fit(dataset_table(report, self)))
    }
}

impl Table {
    /// The text with its sentences wrapped to the width (the tables already fit).
    fn fit(&self, text: String) -> String {
        wrap_prose(&text, self.width)
    }
}

/// One row per volume: the totals of every path, the cheapest candidate
/// with its multiple and verdict, and the marked volumes. When the table is
/// too wide, the multiple goes first, then the cheapest candidate, then the
/// candidates other than the marked one (the last first); the volume, the
/// prompting path, the marked candidate, the verdict and the marker stay. A
/// cheapest column that would read the same on every row is not shown: the
/// legend says it once.
pub fn sweep_table(s: &Sweep, frame: &Table) -> String {
    let columns = sweep_columns(s);
    let rows = s.rows.iter().map(|row| sweep_row(s, row)).collect();
    let verdict = columns.len() - 2;
    let table = Columns::new(&columns, rows, 0..verdict).render(
        frame.color,
        frame.width,
        &*frame.names,
    );
    let flips = sweep_sensitivity(s, frame);
    format!("{}{table}{}{}{flips}", sweep_caption(s), sweep_legend(s), sweep_footer(s))
}

/// Candidates go by number in the columns, by name in a legend under the
/// table, so that the columns stay narrow.
fn number(i: usize) -> String {
    format!("#{}", i + 1)
}

/// True when more than one candidate is the cheapest on some row.
fn varying_cheapest(s: &Sweep) -> bool {
    let first = s.rows.first().map(|r| r.best);
    s.rows.iter().any(|r| Some(r.best) != first)
}

/// The sweep's columns, each with its priority when the table must shrink
/// (0 stays; the highest number goes first).
pub fn sweep_columns(s: &Sweep) -> Vec<(String, u8)> {
    let mut columns = vec![(axis_name(s).to_string(), 0), ("prompting".to_string(), 0)];
    for (i, c) in s.candidates.iter().enumerate() {
        let keep = *c == s.best || s.candidates.len() == 1;
        columns.push((format!("fine-tuned\n{}", number(i)), if keep { 0 } else { 1 }));
    }
    if varying_cheapest(s) {
        columns.push(("cheapest".to_string(), 2));
    }
    columns.extend([
        ("multiple".to_string(), 3),
        ("verdict".to_string(), 0),
        ("marker".to_string(), 0),
    ]);
    columns
}

/// One volume of the sweep, a cell per [`sweep_columns`].
pub fn sweep_row(s: &Sweep, row: &crate::analysis::sweep::Row) -> Vec<String> {
    let cur = s.currency.as_str();
    let mut cells = vec![count(row.volume), money(row.base_total, cur)];
    cells.extend(row.cells.iter().map(|c| money(c.total, cur)));
    if varying_cheapest(s) {
        cells.push(number(row.best));
    }
    cells.push(row.volume_multiple.map_or_else(|| "—".to_string(), multiple));
    cells.push(row.verdict.to_string());
    cells.push(
        row.marker
            .map_or_else(String::new, |m| format!("◆ {}", m.as_str())),
    );
    cells
}

/// What the amounts are, above the table, when they are totals over a
/// horizon: each row's volume runs for the horizon's months.
pub fn sweep_caption(s: &Sweep) -> String {
    let Some(m) = s.months else {
        return String::new();
    };
    let months = plural(u64::from(m), "month");
    match s.axis {
        crate::analysis::sweep::Axis::PerMonth => format!(
            "Costs: total over {months} at each volume of requests in the first month.\n"
        ),
        crate::analysis::sweep::Axis::Total => {
            format!("Costs: total over {months} for each volume of requests.\n")
        }
    }
}

/// The paths by name, and the cheapest candidate when it is the same on
/// every row.
pub fn sweep_legend(s: &Sweep) -> String {
    let mut legend = format!("prompting: {}\n", s.base);
    for (i, c) in s.candidates.iter().enumerate() {
        legend.push_str(&format!("{} fine-tuned: {c}\n", number(i)));
    }
    let varying = varying_cheapest(s);
    if let (false, true, Some(row)) = (varying, s.candidates.len() > 1, s.rows.first()) {
        legend.push_str(&format!(
            "{} is the cheapest candidate at every volume\n",
            number(row.best)
        ));
    }
    legend
}

/// What the volumes count.
fn axis_name(s: &Sweep) -> &'static str {
    match s.axis {
        crate::analysis::sweep::Axis::Total => "requests",
        crate::analysis::sweep::Axis::PerMonth => "requests\na month",
    }
}

/// Where the marked candidate breaks even, or that it never does.
pub fn sweep_footer(s: &Sweep) -> String {
    let best = s.best_line();
    let unit = match s.axis {
        crate::analysis::sweep::Axis::Total => "requests",
        crate::analysis::sweep::Axis::PerMonth => "requests a month",
    };
    let mut out = String::new();
    if let Some(n) = best.break_even_requests {
        out.push_str(&format!(
            "◆ marks the rows of {}: break-even at {} {unit}",
            s.best,
            count(n)
        ));
        if let (Some(d), Some(f)) = (best.volume_for_depends, best.volume_for_fine_tune) {
            out.push_str(&format!(
                ", depends from {}, fine-tune from {}",
                count(d),
                count(f)
            ));
        }
        out.push('\n');
    } else {
        out.push_str(&format!(
            "{} never breaks even: each request costs no less than with prompting\n",
            s.best
        ));
    }
    out
}

/// Each candidate's months, one table per candidate.
pub fn ledger_tables(r: &Report, frame: &Table) -> String {
    let (color, width) = (frame.color, frame.width);
    let cur = r.currency.as_str();
    let mut out = String::new();
    for c in &r.candidates {
        let rows: Vec<Vec<String>> = c
            .ledger
            .iter()
            .flatten()
            .map(|m| ledger_row(m, cur))
            .collect();
        let columns = LEDGER_COLUMNS;
        out.push_str(&format!("{}:\n", c.model));
        out.push_str(&Columns::new(&columns, rows, 2..columns.len()).render(
            color,
            width,
            &*frame.names,
        ));
    }
    out
}

/// The ledger's columns, each with its priority when the table must shrink.
pub const LEDGER_COLUMNS: [(&str, u8); 10] = [
    ("month", 0),
    ("from", 2),
    ("requests", 3),
    ("served", 1),
    ("lost", 1),
    ("prompting", 4),
    ("fine-tuned", 4),
    ("fixed", 1),
    ("saved so far", 0),
    ("fixed so far", 0),
];

/// One month of a ledger, a cell per [`LEDGER_COLUMNS`].
pub fn ledger_row(m: &crate::cost::LedgerRow, cur: &str) -> Vec<String> {
    vec![
        m.month.to_string(),
        m.from.to_string(),
        count(m.requests),
        count(m.served),
        count(m.lost),
        money(m.base_cost, cur),
        money(m.tuned_cost, cur),
        money(m.fixed_cost, cur),
        money(m.cumulative_saving, cur),
        money(m.cumulative_fixed_cost, cur),
    ]
}

/// The comparison table followed by the verdict, what it would take, and the notes.
pub fn breakeven_table(r: &Report, frame: &Table) -> String {
    let (color, width) = (frame.color, frame.width);
    let table = super::comparison::comparison(r, color, width);
    let basis = super::basis::block(r);
    let mut out = format!("{table}{basis}{}\n", verdict_line(r, color));
    for c in &r.candidates {
        out.push_str(&what_it_takes(r, c));
        out.push('\n');
    }
    for n in &r.notes {
        out.push_str(&format!("note [{}]: {}\n", n.code, n.message));
    }
    for line in r.explain.iter().flatten() {
        out.push_str(line);
        out.push('\n');
    }
    out.push_str(&super::search::block(r));
    out.push_str(&change_sections(r, color, width, &*frame.names));
    out
}

/// What would change the answer, each section as a table under a title.
fn change_sections(r: &Report, color: bool, width: usize, names: &dyn crate::inputs::Names) -> String {
    let mut out = String::new();
    for (title, g) in super::change::grids(r, super::grid::Numbers::Human) {
        out.push_str(&titled(title, g, (color, width), names));
    }
    out
}

/// A grid as a table under its title.
fn titled(title: &str, g: super::grid::Grid, (color, width): (bool, usize), names: &dyn crate::inputs::Names) -> String {
    let columns: Vec<(String, u8)> = g.header.iter().map(|h| (h.clone(), 0)).collect();
    let right = 1..g.header.len();
    let mut out = format!("\n{title}:\n");
    out.push_str(&Columns::new(&columns, g.rows, right).render(color, width, names));
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// A sweep's flip values (`--sensitivity`), at the user's volume.
fn sweep_sensitivity(s: &Sweep, frame: &Table) -> String {
    let Some(flips) = &s.sensitivity else {
        return String::new();
    };
    let g = super::change::sensitivity(flips, super::grid::Numbers::Human);
    titled("What would change the answer", g, (frame.color, frame.width), &*frame.names)
}

/// "fine-tuning X reaches 3× at 2.1M requests and 10× at 7M requests".
pub fn what_it_takes(r: &Report, c: &CandidateReport) -> String {
    let (lo, hi) = (r.thresholds.depends_at, r.thresholds.fine_tune_at);
    if c.serve == "dedicated" {
        return match c.break_even_per_month {
            Some(v) => format!(
                "{} is the cheaper path from {} a month over the horizon (growth left aside)",
                c.candidate,
                requests(v)
            ),
            None => format!(
                "{} never stays the cheaper path: a replica-month costs more than the requests it carries save",
                c.candidate
            ),
        };
    }
    match (c.volume_for_depends, c.volume_for_fine_tune) {
        _ if r.volume == 0 => format!(
            "fine-tuning {} has no requests to pay back its fixed cost: no break-even or multiple",
            c.model
        ),
        (Some(d), Some(f)) => format!(
            "fine-tuning {} pays {lo}× at {} and {hi}× at {}",
            c.model,
            requests_compact(d),
            requests_compact(f)
        ),
        _ => format!(
            "fine-tuning {} never pays: each request costs no less than with prompting",
            c.model
        ),
    }
}

/// The rule of thumb that gave `v`.
fn rule(r: &Report, v: Verdict) -> String {
    let (lo, hi) = (r.thresholds.depends_at, r.thresholds.fine_tune_at);
    match v {
        Verdict::Prompt => format!("under {lo}× → stay with prompt engineering"),
        Verdict::Depends => format!("between {lo}× and {hi}× → decide on latency and quality"),
        Verdict::FineTune => format!("{hi}× or more → fine-tune"),
    }
}

/// Why a candidate on dedicated GPUs gets its verdict: what its requests
/// save against its fixed costs, GPUs included.
fn dedicated_why(r: &Report, c: &CandidateReport) -> String {
    let multiple = c.volume_multiple.map_or_else(|| "—".to_string(), multiple);
    let per_month = c.break_even_per_month.map_or_else(
        || "never stays the cheaper path".to_string(),
        |v| format!("breaks even from {} a month", requests(v)),
    );
    format!(
        "{} save {multiple} the fixed cost of {}, GPUs included; it {per_month} ({})",
        requests(r.volume),
        c.candidate,
        rule(r, c.verdict)
    )
}

/// One sentence with the verdict and the rule that produced it.
pub fn verdict_line(r: &Report, color: bool) -> String {
    let best = r.best_candidate();
    let word = paint(best.verdict.as_str(), verdict_style(best.verdict), color);
    let cur = r.currency.as_str();
    let why = match (best.break_even_requests, best.volume_multiple) {
        _ if r.volume == 0 => "a volume of 0 requests never pays back a fixed cost".to_string(),
        _ if best.serve == "dedicated" => dedicated_why(r, best),
        (None, _) => format!(
            "fine-tuning {} never breaks even: a tuned request costs {}, no less than {} with prompting{}",
            best.model,
            money(best.effective_cost_per_request.unwrap_or(best.cost_per_request), cur),
            money(r.base.effective_cost_per_request.unwrap_or(r.base.cost_per_request), cur),
            if best.effective_cost_per_request.is_some() { " (failures included)" } else { "" }
        ),
        (Some(_), None) => format!(
            "fine-tuning {} has no one-time cost and saves {} on every request",
            best.model,
            money(best.savings_per_request, cur)
        ),
        (Some(n), Some(m)) => {
            let rule = rule(r, best.verdict);
            let served = match (best.lost_volume, best.end_of_service) {
                (0, _) | (_, None) => String::new(),
                (_, Some(e)) => format!(
                    " ({} of them served by the fine-tune before {e})",
                    count(best.served_volume)
                ),
            };
            format!(
                "{}{served} save {} the fixed cost of fine-tuning {}, which breaks even at {} ({rule})",
                requests(r.volume),
                multiple(m),
                best.model,
                requests(n)
            )
        }
    };
    format!("verdict: {word} — {why}{}", quality_clause(r, best))
}

/// A success rate as reports print it: `93.10%`.
pub fn success_percent(s: Decimal) -> String {
    format!("{:.2}%", s * Decimal::ONE_HUNDRED)
}

/// With quality inputs, the success the tuned model needs (design §16).
fn quality_clause(r: &Report, best: &CandidateReport) -> String {
    let (Some(q), Some(base)) = (best.quality, r.base.success) else {
        return String::new();
    };
    let pct = success_percent;
    match q.break_even_success {
        Some(s) => format!(
            "; fine-tuning pays while the tuned model succeeds on at least {} of requests (the base: {})",
            pct(s),
            pct(base)
        ),
        None => format!(
            "; fine-tuning does not pay even if the tuned model succeeds on every request (the base: {})",
            pct(base)
        ),
    }
}

/// The price list of `ftvp prices`: one table per provider (or, sorted,
/// one table of every model), each model's prices in effect on the start
/// date, two values to a cell where they go together, and what each
/// provider's sheet is.
pub fn prices_table(list: &PriceList, frame: &Table) -> String {
    let mut out = match list.sort {
        Some(by) => {
            let models: Vec<&PriceRow> = list.models.iter().collect();
            let heading = format!("{}, {}:\n", plural(models.len() as u64, "model"), by.describe());
            heading + &model_table(&models, true, frame)
        }
        None => provider_tables(list, frame),
    };
    out.push_str(&format!(
        "prices per 1M tokens; training per 1M training tokens (min: the per-job minimum), \
         \"other\" where billed another way; >context: long-context prices above that many \
         prompt + input tokens; tuned fees: a fine-tuned model's hosting per hour (/h) and \
         storage per month (/mo), GPU/h where it is served only on GPUs rented by the hour \
         ({}); {} json or csv has every field\n",
        frame.names.setting(Setting::GpuList),
        frame.names.setting(Setting::Format)
    ));
    if list.hidden > 0 {
        out.push_str(&hidden_line(list, &*frame.names));
        out.push('\n');
    }
    out
}

/// One table per provider, under a heading that names its sheet.
fn provider_tables(list: &PriceList, frame: &Table) -> String {
    let mut out = String::new();
    let mut providers: Vec<&str> = list.models.iter().map(|m| m.provider).collect();
    providers.dedup();
    for provider in providers {
        let models: Vec<&PriceRow> = list
            .models
            .iter()
            .filter(|m| m.provider == provider)
            .collect();
        out.push_str(&provider_heading(&models));
        out.push_str(&model_table(&models, false, frame));
    }
    out
}

/// The table of `models`, named by id (`ids`) or by name within a provider.
fn model_table(models: &[&PriceRow], ids: bool, frame: &Table) -> String {
    let rows = models.iter().map(|m| price_cells(m, ids)).collect();
    let columns = [
        ("model\nreleased", 0),
        ("input\noutput", 0),
        ("cached\nwrite", 1),
        ("batch\n>context", 1),
        ("training\ntuned in/out", 0),
        ("tuned\nfees", 0),
        ("status", 0),
    ];
    Columns::new(&columns, rows, 1..columns.len() - 1).render(
        frame.color,
        frame.width,
        &*frame.names,
    )
}

/// `N models shut down before DATE are hidden; --all shows them`.
pub fn hidden_line(list: &PriceList, names: &dyn Names) -> String {
    let (n, start) = (list.hidden, &list.start);
    let all = names.setting(Setting::All);
    match n {
        1 => format!("1 model shut down before {start} is hidden; {all} shows it"),
        n => format!("{n} models shut down before {start} are hidden; {all} shows them"),
    }
}

fn provider_heading<'a>(models: &[&PriceRow<'a>]) -> String {
    let first = models[0];
    let unique = |values: Vec<&'a str>| {
        let mut out: Vec<&str> = Vec::new();
        for v in values {
            if !out.contains(&v) {
                out.push(v);
            }
        }
        out
    };
    let sheets = unique(models.iter().map(|m| m.sheet).collect());
    let sources = unique(models.iter().map(|m| m.sheet_source).collect());
    format!(
        "{} ({}, {}, as of {}, {}):\n",
        first.provider,
        first.currency,
        sheets.join(", "),
        first.as_of,
        sources.join(", ")
    )
}

fn price_cells(m: &PriceRow, ids: bool) -> Vec<String> {
    let p = &m.prices;
    let opt = |d: Option<Decimal>| d.map_or_else(|| "—".to_string(), price);
    let two = |a: String, b: String| format!("{a}\n{b}");
    let batch = p.batch_discount.map_or_else(
        || "—".to_string(),
        |d| format!("−{}%", (d * Decimal::ONE_HUNDRED).normalize()),
    );
    let long = p.long_context.as_ref().map_or_else(
        || "—".to_string(),
        |l| format!(">{}", crate::format::compact(l.above_input_tokens)),
    );
    let name = if ids { m.id } else { m.model };
    let released = m.released.clone().unwrap_or_else(|| "—".to_string());
    vec![
        two(name.to_string(), released),
        two(price(p.input), price(p.output)),
        two(opt(p.cached_input), opt(p.cache_write)),
        two(batch, long),
        fine_tuning_cell(p),
        fees_cell(p),
        status_cell(&m.status, &m.flags),
    ]
}

/// The fees that come with a fine-tuned model besides its per-token prices:
/// `1.70/h` hosting, `2.00/mo` storage, `GPU/h` where it is served only on
/// a dedicated deployment; `none` when it has none, `—` when the model
/// cannot be fine-tuned.
fn fees_cell(p: &crate::pricing::ModelPrices) -> String {
    let Some(ft) = &p.fine_tuning else {
        return "—".to_string();
    };
    let mut lines = Vec::new();
    if ft.dedicated_only {
        lines.push("GPU/h".to_string());
    }
    if let Some(h) = ft.hosting_fee() {
        lines.push(format!("{}/h", price(h)));
    }
    if let Some(s) = ft.storage_fee() {
        lines.push(format!("{}/mo", price(s)));
    }
    match lines.is_empty() {
        true => "none".to_string(),
        false => lines.join("\n"),
    }
}

/// `retiring 2027-01-14; fine-tunes until …` with each part on its own
/// line and a date that ends a part on the next: `shut down` / `2026-10-14`.
fn status_cell(status: &str, flags: &[&str]) -> String {
    let part = |p: &str| match p.rsplit_once(' ') {
        Some((words, date)) if date.parse::<jiff::civil::Date>().is_ok() => {
            format!("{words}\n{date}")
        }
        _ => p.to_string(),
    };
    let mut lines: Vec<String> = status.split("; ").map(part).collect();
    if !flags.is_empty() {
        lines.push(flags.join(", "));
    }
    lines.join("\n")
}

/// `5.00 (min 4.00)` over `0.80/3.20`: the training price per 1M training
/// tokens with the per-job minimum, and the tuned model's prices.
fn fine_tuning_cell(p: &crate::pricing::ModelPrices) -> String {
    let Some(ft) = &p.fine_tuning else {
        return "—".to_string();
    };
    let training = match (ft.training, ft.min_training_cost) {
        (None, _) => "other".to_string(),
        (Some(t), None) => price(t),
        (Some(t), Some(min)) => format!("{} (min {})", price(t), price(min)),
    };
    if ft.dedicated_only {
        return format!("{training}\ndedicated");
    }
    format!("{training}\n{}/{}", price(ft.input), price(ft.output))
}

/// The GPUs of `ftvp prices --gpus`.
pub fn gpus_table(list: &GpuList, frame: &Table) -> String {
    let (color, width) = (frame.color, frame.width);
    let rows = list
        .gpus
        .iter()
        .map(|g| {
            vec![
                g.id.to_string(),
                money(g.per_hour, g.currency),
                g.description.unwrap_or("").to_string(),
                g.checked.clone(),
            ]
        })
        .collect();
    let columns = [("gpu", 0), ("per hour", 0), ("offer", 2), ("checked", 1)];
    let mut out = Columns::new(&columns, rows, 1..2).render(color, width, &*frame.names);
    out.push_str(&format!(
        "per GPU-hour, on demand; {} json has each price's source\n",
        frame.names.setting(Setting::Format)
    ));
    out
}

/// The findings of `ftvp prices check`.
pub fn check_table(report: &CheckReport, frame: &Table) -> String {
    let (color, width) = (frame.color, frame.width);
    if report.findings.is_empty() {
        return format!(
            "nothing to check: no stale prices, and no shutdown, training cut-off, routing or price change within {} days of {}\n",
            report.within_days, report.today
        );
    }
    let rows = report
        .findings
        .iter()
        .map(|f| vec![f.date.clone(), f.model.clone(), f.message.clone()])
        .collect();
    let columns = [("date", 0), ("model", 0), ("what", 0)];
    let t = Columns::new(&columns, rows, 0..0);
    format!(
        "{}{} to look at (prices checked more than {} days ago; dates within {} days of {})\n",
        t.render(color, width, &*frame.names),
        super::plural(report.findings.len() as u64, "finding"),
        report.stale_after_days,
        report.within_days,
        report.today
    )
}

/// What `ftvp prices import` wrote.
pub fn import_table(r: &ImportReport) -> String {
    let mut out = format!(
        "{} {} in {}:\n",
        if r.dry_run { "would write (dry run)" } else { "wrote" },
        super::plural(r.sheets.len() as u64, "sheet"),
        crate::format::escape_controls(&r.folder)
    );
    for s in &r.sheets {
        out.push_str(&format!(
            "  {} ({})\n",
            s.file,
            super::plural(s.models as u64, "model")
        ));
    }
    out.push_str(&format!(
        "{} added, {} changed, {} unchanged, {} fine-tuned price(s) attached\n",
        r.added.len(),
        r.changed.len(),
        r.unchanged,
        r.fine_tuned
    ));
    for c in &r.changes {
        let value = |v: &Option<String>| v.clone().unwrap_or_else(|| "none".to_string());
        out.push_str(&format!(
            "  changed {} {}: {} → {}\n",
            c.model,
            c.field,
            value(&c.old),
            value(&c.new)
        ));
    }
    for k in &r.skipped {
        out.push_str(&format!("skipped {}: {}\n", k.count, k.reason));
    }
    if !r.skipped_providers.is_empty() {
        let each: Vec<String> = r
            .skipped_providers
            .iter()
            .map(|p| format!("{} {}", p.provider, p.count))
            .collect();
        out.push_str(&format!("  providers not mapped: {}\n", each.join(", ")));
    }
    out
}

/// The report of `ftvp tokens` for people.
pub fn tokens_table(doc: &TokensReport, frame: &Table) -> String {
    let width = frame.width;
    let mut t = new_table(false);
    let mut header = vec!["file", "tokens", "characters", "bytes"];
    if doc.context_window.is_some() {
        header.push("of context window");
    }
    t.set_header(header);
    let many = doc.files.len() > 1;
    for r in doc.files.iter().chain(many.then_some(&doc.total)) {
        let mut cells = vec![
            Cell::new(crate::format::escape_controls(&r.file)),
            Cell::new(count(r.count.tokens)),
            Cell::new(count(r.count.chars)),
            Cell::new(count(r.count.bytes)),
        ];
        if let Some(share) = r.context_share {
            cells.push(Cell::new(percent(share)));
        }
        t.add_row(cells);
    }
    align_right_from(&mut t, 1);
    format!("{}\n{}\n", fit(t, width), footnote(doc))
}

fn footnote(doc: &TokensReport) -> String {
    let method = &doc.token_count_method;
    match (&doc.model, method) {
        (Some(m), Method::Exact(_) | Method::File { .. }) => {
            format!("Tokens: {}, {m}'s own tokenizer.", method.label())
        }
        (_, Method::Estimate(..)) => format!("Tokens: {}.", method.explained()),
        (None, _) => format!("Tokens: {}.", method.label()),
    }
}

/// Format errors the table lists before it only counts them.
const ERRORS_SHOWN: usize = 20;

/// The report of `ftvp dataset` for people.
pub fn dataset_table(d: &DatasetReport, frame: &Table) -> String {
    let mut out = format!(
        "{}: {} in {}, {}\n",
        crate::format::escape_controls(&d.file),
        plural(d.examples, "valid example"),
        plural(d.records, "non-blank line"),
        plural(d.format_error_count, "format error")
    );
    if d.format_error_count > 0 {
        out.push_str(&errors_section(d));
    }
    // The warnings go to standard error only (the command prints them).
    out.push_str(&stats_table(d));
    out.push('\n');
    out.push_str(&epochs_line(d));
    if !d.training_costs.is_empty() {
        out.push_str(&costs_table(d, frame));
        out.push('\n');
    }
    out.push_str(&footnotes(d));
    out
}

fn errors_section(d: &DatasetReport) -> String {
    let mut out = String::from("\nFormat errors by type:\n");
    for kind in ErrorType::ALL.map(ErrorType::as_str) {
        if let Some(n) = d.format_errors_by_type.get(kind) {
            out.push_str(&format!("  {kind}: {n}\n"));
        }
    }
    let shown = d.format_errors.len().min(ERRORS_SHOWN);
    out.push_str(&format!(
        "First {shown} of {} format error(s):\n",
        d.format_error_count
    ));
    for e in d.format_errors.iter().take(ERRORS_SHOWN) {
        // Messages quote the file's keys and roles as written.
        out.push_str(&format!(
            "  line {}: {}: {}\n",
            e.line,
            e.kind.as_str(),
            crate::format::escape_controls(&e.message)
        ));
    }
    out.push('\n');
    out
}

fn header_table(header: Vec<&str>) -> Comfy {
    let mut t = new_table(false);
    t.set_header(header);
    t
}

fn stats_table(d: &DatasetReport) -> String {
    let mut t = header_table(vec!["per example", "min", "median", "p90", "max", "total"]);
    let s = &d.statistics;
    let rows = [
        ("messages", s.messages_per_example, None),
        ("tokens", s.tokens_per_example, Some(s.total_tokens)),
        (
            "assistant tokens",
            s.assistant_tokens_per_example,
            Some(s.assistant_tokens),
        ),
    ];
    for (label, summary, total) in rows {
        let mut cells = vec![Cell::new(label)];
        match summary {
            Some(x) => cells.extend([
                Cell::new(count(x.min)),
                Cell::new(decimal_count(x.median)),
                Cell::new(decimal_count(x.p90)),
                Cell::new(count(x.max)),
            ]),
            None => cells.extend((0..4).map(|_| Cell::new("—"))),
        }
        cells.push(Cell::new(total.map_or(String::new(), count)));
        t.add_row(cells);
    }
    align_right_from(&mut t, 1);
    format!("{t}\n")
}

/// A median or percentile: whole numbers plainly, halves with one decimal.
fn decimal_count(v: f64) -> String {
    if v.fract() == 0.0 && (0.0..1e15).contains(&v) {
        count(v as u64)
    } else {
        format!("{v:.1}")
    }
}

fn epochs_line(d: &DatasetReport) -> String {
    let Some(e) = d.epochs else {
        return "No valid example: no epochs and no billed tokens.\n".into();
    };
    let why = match d.epochs_source {
        "given" => "as given".to_string(),
        _ => format!("the default rule for {}", plural(d.examples, "example")),
    };
    format!(
        "Epochs: {e} ({why}). Billed training tokens: {} × {} = {} (each example counted up to {} tokens).\n",
        e,
        count(d.billed_tokens_per_epoch),
        count(d.billed_tokens.unwrap_or(0)),
        count(d.max_example_tokens)
    )
}

fn costs_table(d: &DatasetReport, frame: &Table) -> String {
    let width = frame.width;
    let columns = [
        ("model", 0),
        ("tokens counted with", 1),
        ("billed tokens", 0),
        ("training per 1M", 2),
        ("training cost", 0),
    ];
    let rows = d
        .training_costs
        .iter()
        .map(|r| {
            vec![
                r.model.clone(),
                // On two lines: a file's label is as wide as the rest of the row.
                r.token_count_method
                    .label()
                    .replacen(" sha256", "\nsha256", 1),
                r.billed_tokens.map_or("—".into(), count),
                r.training_price.map_or("not per token".into(), price),
                match (r.training_cost, r.training_closed) {
                    (Some(c), _) => money(c, &r.currency),
                    (None, Some(_)) => "closed".into(),
                    (None, None) => "—".into(),
                },
            ]
        })
        .collect();
    Columns::new(&columns, rows, 2..columns.len()).render(false, width, &*frame.names)
}

fn footnotes(d: &DatasetReport) -> String {
    let mut out = match d.chat_template {
        None => format!(
            "Tokens: {}, each example counted as OpenAI's cookbook counts chat examples (3 per message, every string value, 1 per name, 3 to prime the reply).\n",
            d.token_count_method.label()
        ),
        Some(t) => format!(
            "Tokens: {}, each example as the {t} chat template renders it: template-based, as no venue publishes how it counts an example.\n",
            d.token_count_method.label()
        ),
    };
    if let Method::Estimate(_, why) = &d.token_count_method {
        out.push_str(&format!("The statistics are an estimate: {why}.\n"));
    }
    for r in &d.training_costs {
        if let Some(day) = r.training_closed {
            out.push_str(&format!(
                "{}: no new fine-tuning job can start since {day}, so its training is not priced.\n",
                r.model
            ));
        }
        if let Method::Estimate(_, why) = &r.token_count_method {
            if d.training_costs.len() > 1 || !d.token_count_method.is_estimate() {
                out.push_str(&format!("{}: an estimate: {why}.\n", r.model));
            }
        }
    }
    let templates: std::collections::BTreeSet<&str> = d
        .training_costs
        .iter()
        .filter_map(|r| r.chat_template)
        .filter(|t| Some(*t) != d.chat_template)
        .collect();
    for t in templates {
        out.push_str(&format!(
            "Rows of hf:{t} models count each example as the {t} chat template renders it (template-based).\n"
        ));
    }
    if d.estimated_tool_tokens > 0 {
        out.push_str(&format!(
            "{} of the tokens are tool calls, tool definitions or non-text parts, counted as their JSON text: an estimate.\n",
            count(d.estimated_tool_tokens)
        ));
    }
    out
}
