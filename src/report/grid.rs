//! Rows and columns shared by the Markdown and CSV renderers: one row per
//! path, per volume or per model, with numbers either formatted for people or
//! left raw for machines.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::analysis::dataset::DatasetReport;
use crate::analysis::prices::{CheckReport, GpuList, ImportReport, PriceList};
use crate::analysis::sweep::{Row as SweepRow, Sweep};
use crate::analysis::tokens::TokensReport;
use crate::analysis::Report;
use crate::format::{count, money, multiple, percent, price};

/// How numbers are written in cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Numbers {
    /// `$44,000.00`, `5,000,000`, `1,213×`.
    Human,
    /// `44000`, `5000000`, `1213.3333333333333`.
    Raw,
}

/// A header and rows of cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grid {
    /// Column names.
    pub header: Vec<String>,
    /// Cells, one vector per row, as long as the header.
    pub rows: Vec<Vec<String>>,
}

struct Cells<'a> {
    numbers: Numbers,
    currency: &'a str,
}

impl Cells<'_> {
    fn money(&self, d: Decimal) -> String {
        match self.numbers {
            Numbers::Human => money(d, self.currency),
            Numbers::Raw => crate::format::decimal_text(d),
        }
    }

    fn price(&self, d: Option<Decimal>) -> String {
        match (d, self.numbers) {
            (Some(d), Numbers::Human) => price(d),
            (Some(d), Numbers::Raw) => d.normalize().to_string(),
            (None, _) => self.none(),
        }
    }

    fn count(&self, n: Option<u64>) -> String {
        match (n, self.numbers) {
            (Some(n), Numbers::Human) => count(n),
            (Some(n), Numbers::Raw) => n.to_string(),
            (None, _) => self.none(),
        }
    }

    fn multiple(&self, m: Option<Decimal>) -> String {
        match (m, self.numbers) {
            (Some(m), Numbers::Human) => multiple(m),
            (Some(m), Numbers::Raw) => {
                let mut out = String::new();
                write_raw_multiple(&mut out, m);
                out
            }
            (None, _) => self.none(),
        }
    }

    fn none(&self) -> String {
        match self.numbers {
            Numbers::Human => "—".to_string(),
            Numbers::Raw => String::new(),
        }
    }
}

/// A multiple as CSV has it: the same number JSON prints (its `to_f64`),
/// in Rust's shortest form without an exponent.
pub fn write_raw_multiple(out: &mut String, m: Decimal) {
    use std::fmt::Write;
    let _ = match m.to_f64() {
        Some(f) => write!(out, "{f}"),
        None => write!(out, "{m}"),
    };
}

fn header(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

/// `ftvp breakeven`: the prompting path, then each candidate in rank order.
pub fn breakeven(r: &Report, numbers: Numbers) -> Grid {
    let c = Cells {
        numbers,
        currency: &r.currency,
    };
    let mut rows = vec![vec![
        "prompting".to_string(),
        r.base.model.clone(),
        "per-token".to_string(),
        c.count(Some(r.base.prompt_tokens)),
        c.count(Some(r.base.input_tokens)),
        c.count(Some(r.base.output_tokens)),
        c.count(Some(r.base.reasoning_tokens)),
        c.money(r.base.cost_per_request),
        c.none(),
        c.money(Decimal::ZERO),
        c.money(r.base.total_cost),
        c.none(),
        c.none(),
        c.none(),
        c.none(),
        c.none(),
        c.none(),
        c.none(),
    ]];
    for k in &r.candidates {
        rows.push(vec![
            "fine-tuned".to_string(),
            k.model.clone(),
            k.serve.to_string(),
            c.count(Some(k.prompt_tokens)),
            c.count(Some(k.input_tokens)),
            c.count(Some(k.output_tokens)),
            c.count(Some(k.reasoning_tokens)),
            c.money(k.cost_per_request),
            c.money(k.savings_per_request),
            c.money(k.fixed_cost),
            c.money(k.total_cost),
            c.count(k.break_even_requests),
            c.multiple(k.volume_multiple),
            c.count(k.volume_for_depends),
            c.count(k.volume_for_fine_tune),
            c.count(k.payback_month.map(u64::from)),
            k.verdict.to_string(),
            c.money(k.net_saving),
        ]);
    }
    Grid {
        header: header(&[
            "path",
            "model",
            "serve",
            "prompt_tokens",
            "input_tokens",
            "output_tokens",
            "reasoning_tokens",
            "cost_per_request",
            "savings_per_request",
            "fixed_cost",
            "total_cost",
            "break_even_requests",
            "volume_multiple",
            "volume_for_depends",
            "volume_for_fine_tune",
            "payback_month",
            "verdict",
            // Last, so that readers of the older columns keep working.
            "net_saving",
        ]),
        rows,
    }
}

/// `ftvp sweep`: one row per volume.
pub fn sweep(s: &Sweep, numbers: Numbers) -> Grid {
    Grid {
        header: sweep_header(s),
        rows: s
            .rows
            .iter()
            .map(|row| sweep_row(s, row, numbers))
            .collect(),
    }
}

/// The columns of a sweep: the volume, each path's total and verdict, then
/// the best candidate's multiple, verdict and marker.
pub fn sweep_header(s: &Sweep) -> Vec<String> {
    // The prompting path has its own column name: its model may also be a candidate.
    let mut head = vec!["volume".to_string(), "base_total".to_string()];
    head.extend(s.candidates.iter().map(|m| format!("total:{m}")));
    head.extend(s.candidates.iter().map(|m| format!("verdict:{m}")));
    // New columns go last, so that readers of the older columns keep working.
    head.extend(header(&["volume_multiple", "verdict", "marker", "best"]));
    head
}

/// One row of a sweep, under [`sweep_header`].
pub fn sweep_row(s: &Sweep, row: &SweepRow, numbers: Numbers) -> Vec<String> {
    let c = Cells {
        numbers,
        currency: &s.currency,
    };
    let mut cells = vec![c.count(Some(row.volume)), c.money(row.base_total)];
    cells.extend(row.cells.iter().map(|cell| c.money(cell.total)));
    cells.extend(row.cells.iter().map(|cell| cell.verdict.to_string()));
    cells.push(c.multiple(row.volume_multiple));
    cells.push(row.verdict.to_string());
    cells.push(
        row.marker
            .map_or_else(String::new, |m| m.as_str().to_string()),
    );
    cells.push(s.best_of(row).to_string());
    cells
}

/// `ftvp prices`: one row per model, every price and date of the sheet.
pub fn prices(list: &PriceList, numbers: Numbers) -> Grid {
    let rows = list
        .models
        .iter()
        .map(|m| {
            let c = Cells {
                numbers,
                currency: m.currency,
            };
            let p = &m.prices;
            let ft = p.fine_tuning.as_ref();
            // A dedicated-only fine-tune has no per-token price to show.
            let ft_tokens = ft.filter(|f| !f.dedicated_only);
            let lc = p.long_context.as_ref();
            let opt = |d: Option<&String>| d.cloned().unwrap_or_else(|| c.none());
            vec![
                m.id.to_string(),
                m.currency.to_string(),
                c.price(Some(p.input)),
                c.price(p.cached_input),
                c.price(p.cache_write),
                c.price(Some(p.output)),
                c.price(p.batch_discount),
                c.count(p.context_window),
                c.price(ft.and_then(|f| f.training)),
                c.price(ft_tokens.map(|f| f.input)),
                c.price(ft_tokens.map(|f| f.output)),
                c.price(ft.and_then(|f| f.cached_input)),
                c.price(ft.and_then(|f| f.hosting_per_hour)),
                m.as_of.clone(),
                m.source.to_string(),
                c.price(ft.and_then(|f| f.min_training_cost)),
                c.price(ft.and_then(|f| f.storage_per_month)),
                c.count(lc.map(|l| l.above_input_tokens)),
                c.price(lc.map(|l| l.input)),
                c.price(lc.map(|l| l.output)),
                m.checked.clone(),
                m.status.clone(),
                opt(m.shutdown.as_ref()),
                opt(m.fine_tune_shutdown.as_ref()),
                opt(m.training_closes.as_ref()),
                opt(m.released.as_ref()),
                m.routed_to.map_or_else(|| c.none(), str::to_string),
                opt(m.routed_from.as_ref()),
                match m.flags.is_empty() {
                    true => c.none(),
                    false => m.flags.join(" "),
                },
                match ft {
                    Some(f) if f.dedicated_only => "dedicated".to_string(),
                    Some(_) => "per-token".to_string(),
                    None => c.none(),
                },
            ]
        })
        .collect();
    Grid {
        // New columns go last, so that readers of the older columns keep working.
        header: header(&[
            "model",
            "currency",
            "input",
            "cached_input",
            "cache_write",
            "output",
            "batch_discount",
            "context_window",
            "ft_training",
            "ft_input",
            "ft_output",
            "ft_cached_input",
            "ft_hosting_per_hour",
            "as_of",
            "source",
            "ft_min_training_cost",
            "ft_storage_per_month",
            "long_context_above",
            "long_context_input",
            "long_context_output",
            "checked",
            "status",
            "shutdown",
            "fine_tune_shutdown",
            "training_closes",
            "released",
            "routed_to",
            "routed_from",
            "flags",
            "ft_serve",
        ]),
        rows,
    }
}

/// `ftvp prices --gpus`: one row per GPU.
pub fn gpus(list: &GpuList, numbers: Numbers) -> Grid {
    let rows = list
        .gpus
        .iter()
        .map(|g| {
            let c = Cells {
                numbers,
                currency: g.currency,
            };
            vec![
                g.id.to_string(),
                g.currency.to_string(),
                c.money(g.per_hour),
                g.description.unwrap_or_default().to_string(),
                g.checked.clone(),
                g.source.to_string(),
            ]
        })
        .collect();
    let columns = ["gpu", "currency", "per_hour", "description", "checked", "source"];
    Grid {
        header: header(&columns),
        rows,
    }
}

/// `ftvp prices check`: one row per finding.
pub fn check(report: &CheckReport) -> Grid {
    let rows = report
        .findings
        .iter()
        .map(|f| {
            vec![
                f.date.clone(),
                f.model.clone(),
                f.kind.to_string(),
                f.message.clone(),
            ]
        })
        .collect();
    Grid {
        header: header(&["date", "model", "kind", "message"]),
        rows,
    }
}

/// `ftvp prices import`: one row per file written.
pub fn import(report: &ImportReport) -> Grid {
    let rows = report
        .sheets
        .iter()
        .map(|s| vec![s.file.clone(), s.models.to_string()])
        .collect();
    Grid {
        header: header(&["file", "models"]),
        rows,
    }
}

/// `ftvp tokens`: one row per file, then the total when there are several.
pub fn tokens(t: &TokensReport, numbers: Numbers) -> Grid {
    let c = Cells {
        numbers,
        currency: "",
    };
    let many = t.files.len() > 1;
    let rows = t
        .files
        .iter()
        .chain(many.then_some(&t.total))
        .map(|f| {
            vec![
                f.file.clone(),
                c.count(Some(f.count.tokens)),
                c.count(Some(f.count.chars)),
                c.count(Some(f.count.bytes)),
                match (f.context_share, numbers) {
                    (Some(s), Numbers::Human) => percent(s),
                    (Some(s), Numbers::Raw) => s.to_string(),
                    (None, _) => c.none(),
                },
            ]
        })
        .collect();
    Grid {
        header: header(&["file", "tokens", "characters", "bytes", "context_share"]),
        rows,
    }
}

/// `ftvp dataset`: per-example statistics, one row per measure.
pub fn dataset_statistics(d: &DatasetReport, numbers: Numbers) -> Grid {
    let c = Cells {
        numbers,
        currency: "",
    };
    let s = &d.statistics;
    let rows = [
        ("messages", s.messages_per_example, None),
        ("tokens", s.tokens_per_example, Some(s.total_tokens)),
        (
            "assistant_tokens",
            s.assistant_tokens_per_example,
            Some(s.assistant_tokens),
        ),
    ]
    .into_iter()
    .map(|(label, summary, total)| {
        let mut row = vec![label.to_string()];
        match summary {
            Some(x) => row.extend([
                c.count(Some(x.min)),
                x.median.to_string(),
                x.p90.to_string(),
                c.count(Some(x.max)),
            ]),
            None => row.extend((0..4).map(|_| c.none())),
        }
        row.push(c.count(total));
        row
    })
    .collect();
    Grid {
        header: header(&["per_example", "min", "median", "p90", "max", "total"]),
        rows,
    }
}

/// `ftvp dataset`: the training cost of each model, with the file's examples,
/// epochs and format errors on every row.
pub fn dataset_costs(d: &DatasetReport, numbers: Numbers) -> Grid {
    let rows = d
        .training_costs
        .iter()
        .map(|r| {
            let c = Cells {
                numbers,
                currency: &r.currency,
            };
            vec![
                r.model.clone(),
                r.token_count_method.label(),
                c.count(Some(d.examples)),
                c.count(Some(d.format_error_count)),
                c.count(d.epochs.map(u64::from)),
                c.count(r.billed_tokens),
                c.price(r.training_price),
                r.training_cost.map_or_else(|| c.none(), |x| c.money(x)),
                r.training_closed.map_or_else(|| c.none(), |x| x.to_string()),
            ]
        })
        .collect();
    Grid {
        header: header(&[
            "model",
            "token_count_method",
            "examples",
            "format_errors",
            "epochs",
            "billed_tokens",
            "training_price",
            "training_cost",
            "training_closed",
        ]),
        rows,
    }
}

/// `ftvp breakeven --ledger`: one row per candidate and month.
pub fn ledger(r: &Report, numbers: Numbers) -> Grid {
    let c = Cells {
        numbers,
        currency: &r.currency,
    };
    let mut rows = Vec::new();
    for k in &r.candidates {
        for m in k.ledger.iter().flatten() {
            rows.push(vec![
                k.model.clone(),
                m.month.to_string(),
                m.from.to_string(),
                c.count(Some(m.requests)),
                c.count(Some(m.served)),
                c.count(Some(m.lost)),
                c.money(m.base_cost),
                c.money(m.tuned_cost),
                c.money(m.fixed_cost),
                c.money(m.cumulative_saving),
                c.money(m.cumulative_fixed_cost),
            ]);
        }
    }
    Grid {
        header: header(&[
            "model",
            "month",
            "from",
            "requests",
            "served",
            "lost",
            "base_cost",
            "tuned_cost",
            "fixed_cost",
            "cumulative_saving",
            "cumulative_fixed_cost",
        ]),
        rows,
    }
}
