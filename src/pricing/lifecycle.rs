//! Dated price changes: a sheet lists the prices in effect from its base
//! date, and `[[models."x".changes]]` entries that replace some of them from
//! a day on.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::number::opt_price;
use super::rates::{opt_date, FineTuning, LongContext, ModelPrices};
use crate::cost::{PerMillion, Tokens, Usd};

fn opt_money<S: serde::Serializer>(
    v: &Option<rust_decimal::Decimal>,
    s: S,
) -> Result<S::Ok, S::Error> {
    crate::format::exact_money::option::serialize(v, s)
}

/// A published price change: from `from` on, the prices it names replace
/// the earlier ones; the others stay as they were.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PriceChange {
    /// The first day the new prices apply.
    #[serde(serialize_with = "date")]
    pub from: Date,
    /// New input price.
    #[serde(serialize_with = "opt_money")]
    pub input: Option<PerMillion>,
    /// New output price.
    #[serde(serialize_with = "opt_money")]
    pub output: Option<PerMillion>,
    /// New cached-input price.
    #[serde(serialize_with = "opt_money")]
    pub cached_input: Option<PerMillion>,
    /// New cache-write price.
    #[serde(serialize_with = "opt_money")]
    pub cache_write: Option<PerMillion>,
    /// New fine-tuning prices; a top-level change never touches them.
    pub fine_tuning: Option<FineTuningChange>,
    /// New long-context prices.
    pub long_context: Option<LongContextChange>,
}

fn date<S: serde::Serializer>(v: &Date, s: S) -> Result<S::Ok, S::Error> {
    opt_date(&Some(*v), s)
}

/// Changed fine-tuning prices.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FineTuningChange {
    /// New per-token training price (single-method tables only).
    #[serde(default, deserialize_with = "opt_price", serialize_with = "opt_money")]
    pub training: Option<PerMillion>,
    /// New input price on the fine-tuned model.
    #[serde(default, deserialize_with = "opt_price", serialize_with = "opt_money")]
    pub input: Option<PerMillion>,
    /// New output price on the fine-tuned model.
    #[serde(default, deserialize_with = "opt_price", serialize_with = "opt_money")]
    pub output: Option<PerMillion>,
    /// New cached-input price on the fine-tuned model.
    #[serde(default, deserialize_with = "opt_price", serialize_with = "opt_money")]
    pub cached_input: Option<PerMillion>,
    /// New hourly hosting fee.
    #[serde(default, deserialize_with = "opt_price", serialize_with = "opt_money")]
    pub hosting_per_hour: Option<Usd>,
    /// New per-job minimum (single-method tables only).
    #[serde(default, deserialize_with = "opt_price", serialize_with = "opt_money")]
    pub min_training_cost: Option<Usd>,
    /// New monthly storage fee.
    #[serde(default, deserialize_with = "opt_price", serialize_with = "opt_money")]
    pub storage_per_month: Option<Usd>,
    /// New prices of named training methods.
    #[serde(default)]
    pub methods: BTreeMap<String, MethodChange>,
}

/// Changed prices of one training method.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MethodChange {
    /// New per-token training price.
    #[serde(default, deserialize_with = "opt_price", serialize_with = "opt_money")]
    pub training: Option<PerMillion>,
    /// New per-job minimum.
    #[serde(default, deserialize_with = "opt_price", serialize_with = "opt_money")]
    pub min_training_cost: Option<Usd>,
}

/// Changed long-context prices.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LongContextChange {
    /// New threshold.
    #[serde(default)]
    pub above_input_tokens: Option<Tokens>,
    /// New input price in the tier.
    #[serde(default, deserialize_with = "opt_price", serialize_with = "opt_money")]
    pub input: Option<PerMillion>,
    /// New output price in the tier.
    #[serde(default, deserialize_with = "opt_price", serialize_with = "opt_money")]
    pub output: Option<PerMillion>,
    /// New cached-input price in the tier.
    #[serde(default, deserialize_with = "opt_price", serialize_with = "opt_money")]
    pub cached_input: Option<PerMillion>,
    /// New cache-write price in the tier.
    #[serde(default, deserialize_with = "opt_price", serialize_with = "opt_money")]
    pub cache_write: Option<PerMillion>,
}

impl PriceChange {
    /// True when the change names no price at all.
    pub fn is_empty(&self) -> bool {
        self.input.is_none()
            && self.output.is_none()
            && self.cached_input.is_none()
            && self.cache_write.is_none()
            && self.fine_tuning.is_none()
            && self.long_context.is_none()
    }

    /// `prices` with this change applied.
    pub fn apply(&self, prices: &mut ModelPrices) {
        set(&mut prices.input, self.input);
        set(&mut prices.output, self.output);
        set_opt(&mut prices.cached_input, self.cached_input);
        set_opt(&mut prices.cache_write, self.cache_write);
        if let (Some(ft), Some(c)) = (prices.fine_tuning.as_mut(), &self.fine_tuning) {
            c.apply(ft);
        }
        if let (Some(lc), Some(c)) = (prices.long_context.as_mut(), &self.long_context) {
            c.apply(lc);
        }
    }

    /// Why this change cannot apply to `prices`, if it cannot.
    pub(crate) fn conflict(&self, prices: &ModelPrices) -> Option<String> {
        if self.is_empty() {
            return Some("the change names no price".to_string());
        }
        if self.long_context.is_some() && prices.long_context.is_none() {
            return Some(
                "changes long_context prices, but the model has no long_context table".to_string(),
            );
        }
        match (&self.fine_tuning, &prices.fine_tuning) {
            (Some(_), None) => Some(
                "changes fine_tuning prices, but the model has no fine_tuning table".to_string(),
            ),
            (Some(c), Some(ft)) => c.conflict(ft),
            _ => None,
        }
    }
}

impl FineTuningChange {
    fn apply(&self, ft: &mut FineTuning) {
        set_opt(&mut ft.training, self.training);
        set(&mut ft.input, self.input);
        set(&mut ft.output, self.output);
        set_opt(&mut ft.cached_input, self.cached_input);
        set_opt(&mut ft.hosting_per_hour, self.hosting_per_hour);
        set_opt(&mut ft.min_training_cost, self.min_training_cost);
        set_opt(&mut ft.storage_per_month, self.storage_per_month);
        for m in &mut ft.methods {
            if let Some(c) = self.methods.get(&m.name) {
                set(&mut m.training, c.training);
                set_opt(&mut m.min_training_cost, c.min_training_cost);
            }
        }
        ft.refresh_default();
    }

    fn conflict(&self, ft: &FineTuning) -> Option<String> {
        let per_method = self.training.is_some() || self.min_training_cost.is_some();
        if per_method && !ft.methods.is_empty() {
            return Some(
                "changes fine_tuning.training or min_training_cost, but the model lists training \
                 methods; change them under fine_tuning.methods.\"NAME\""
                    .to_string(),
            );
        }
        self.methods
            .keys()
            .find(|name| !ft.methods.iter().any(|m| &&m.name == name))
            .map(|name| {
                format!(
                    "changes training method `{}`, which the model does not list",
                    super::text::quote(name)
                )
            })
    }
}

impl LongContextChange {
    fn apply(&self, lc: &mut LongContext) {
        set(&mut lc.above_input_tokens, self.above_input_tokens);
        set(&mut lc.input, self.input);
        set(&mut lc.output, self.output);
        set_opt(&mut lc.cached_input, self.cached_input);
        set_opt(&mut lc.cache_write, self.cache_write);
    }
}

fn set<T: Copy>(field: &mut T, new: Option<T>) {
    if let Some(v) = new {
        *field = v;
    }
}

fn set_opt<T: Copy>(field: &mut Option<T>, new: Option<T>) {
    if new.is_some() {
        *field = new;
    }
}

/// `base` with every change whose `from` is on or before `day` applied, in
/// date order (`changes` is sorted by `from`).
pub fn prices_on(base: &ModelPrices, changes: &[PriceChange], day: Date) -> ModelPrices {
    let mut prices = base.clone();
    for c in changes.iter().take_while(|c| c.from <= day) {
        c.apply(&mut prices);
    }
    prices
}
