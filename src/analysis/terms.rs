//! From price sheets to the cost model's terms: each path's prices over
//! time (the sheet's dated changes applied), and whether a model can be used
//! at all on the start date.

use jiff::civil::Date;

use super::AnalysisError;
use crate::cost::capacity::requests_per_second;
use crate::cost::ledger::TunedPrices;
use crate::cost::{Capacity, PathPrices, Tier, Timeline, Tokens};
use crate::inputs::{Dedicated, Inputs, Throughput};
use crate::pricing::{FineTuning, Model, ModelPrices};

/// The prompting path bills the model's own prices, long-context tier included.
fn base_prices(p: &ModelPrices) -> PathPrices {
    PathPrices {
        standard: Tier {
            input: p.input,
            output: p.output,
            cached_input: p.cached_input,
            cache_write: p.cache_write,
        },
        // A tier without its own cache-write price bills writes at the
        // model's (design.md §20.28).
        long_context: p.long_context.as_ref().map(|l| {
            let tier = Tier {
                input: l.input,
                output: l.output,
                cached_input: l.cached_input,
                cache_write: l.cache_write.or(p.cache_write),
            };
            (l.above_input_tokens, tier)
        }),
        min_cacheable_tokens: p.min_cacheable_tokens,
        batch_discount: p.batch_discount,
        batch_cached_input: p.batch_cached_input,
        off_peak_discount: p.off_peak.as_ref().map(|o| o.discount),
    }
}

/// The tuned path bills the fine-tuning table (the chosen method's training
/// price); sheets price no long-context tier for fine-tuned models.
fn tuned_prices(p: &ModelPrices, ft: &FineTuning) -> TunedPrices {
    TunedPrices {
        path: PathPrices {
            standard: Tier {
                input: ft.input,
                output: ft.output,
                cached_input: ft.cached_input,
                cache_write: None,
            },
            long_context: None,
            min_cacheable_tokens: p.min_cacheable_tokens,
            batch_discount: p.batch_discount,
            batch_cached_input: None,
            off_peak_discount: None,
        },
        training: ft.training,
        min_training_cost: ft.min_training_cost,
        hosting_per_hour: ft.hosting_fee(),
        storage_per_month: ft.storage_fee(),
    }
}

/// `value` from the sheet's listed prices, then from each dated change on.
fn timeline<T>(
    model: &Model,
    value: impl Fn(&ModelPrices) -> Result<T, AnalysisError>,
) -> Result<Timeline<T>, AnalysisError> {
    // The changes are sorted by date: each applies over the ones before
    // it, once (`prices_on` for each would be quadratic in their number).
    let mut changes = Vec::with_capacity(model.changes().len());
    let mut prices = model.prices.clone();
    for c in model.changes() {
        c.apply(&mut prices);
        changes.push((c.from, value(&prices)?));
    }
    Ok(Timeline::new(value(&model.prices)?, changes))
}

/// The base model's prices over time.
pub(super) fn base_timeline(model: &Model) -> Timeline<PathPrices> {
    let never_fails = timeline(model, |p| Ok(base_prices(p)));
    never_fails.unwrap_or_else(|_| Timeline::constant(base_prices(&model.prices)))
}

/// The fine-tuned model's prices over time, with the training method
/// `method` (default: the cheapest supervised one). Served dedicated, it
/// bills no per-token price and no hosting or storage fee: only training,
/// where its sheet prices it.
pub(super) fn tuned_timeline(
    model: &Model,
    method: Option<&str>,
    dedicated: bool,
) -> Result<Timeline<TunedPrices>, AnalysisError> {
    timeline(model, |p| {
        let Some(ft) = &p.fine_tuning else {
            return Ok(TunedPrices::default()); // dedicated, trained at a cost given
        };
        let ft = ft
            .with_method(method)
            .map_err(|message| AnalysisError::Method {
                model: model.id.clone(),
                message,
            })?;
        let prices = tuned_prices(p, &ft);
        Ok(match dedicated {
            false => prices,
            true => TunedPrices {
                training: prices.training,
                min_training_cost: prices.min_training_cost,
                ..TunedPrices::default()
            },
        })
    })
}

/// The cost model's capacity of a dedicated candidate: its throughput in
/// requests per second for requests of `output_tokens`.
pub(super) fn capacity(d: &Dedicated, output_tokens: Tokens) -> Result<Capacity, AnalysisError> {
    let rps = match &d.throughput {
        Throughput::Rps(r) => *r,
        Throughput::OutputTps(t) => requests_per_second(*t, output_tokens)?,
        Throughput::Reference(r) => requests_per_second(r.output_tokens_per_second, output_tokens)?,
    };
    Ok(Capacity {
        per_hour: d.per_hour,
        gpus_per_replica: d.gpus_per_replica,
        replica_rps: rps,
        headroom: d.headroom,
        peak_to_average: d.peak_to_average,
        min_replicas: d.min_replicas,
    })
}

/// Refuses a base model that no longer serves on the start date, and a
/// candidate whose fine-tunes no longer serve or that can no longer be trained.
pub(super) fn check_available(inputs: &Inputs) -> Result<(), AnalysisError> {
    let start = inputs.start;
    let gone = |model: &Model, date: Date, fine_tunes| AnalysisError::ShutDown {
        model: model.id.clone(),
        date,
        fine_tunes,
    };
    let base = &inputs.base.model;
    if let Some(d) = base.shutdown().filter(|&d| d <= start) {
        return Err(gone(base, d, false));
    }
    for c in &inputs.candidates {
        let m = &c.model;
        if let Some(d) = m.fine_tune_shutdown().filter(|&d| d <= start) {
            // The base may serve on while its fine-tunes have stopped.
            let fine_tunes = m.shutdown().is_none_or(|s| s > start);
            return Err(gone(m, d, fine_tunes));
        }
        if let Some(d) = m.training_cutoff().filter(|&d| d <= start) {
            return Err(AnalysisError::TrainingClosed {
                model: m.id.clone(),
                date: d,
            });
        }
    }
    Ok(())
}
