//! One candidate month by month: the requests it serves and the ones it
//! loses after its end of service, what each path costs, the fixed costs
//! incurred (training and setup, retrains, hosting, upkeep), and the
//! cumulative saving.
//!
//! Planning is split from counting: [`CandidateTerms::plan`] settles what does
//! not depend on the traffic (the end of service, each month's prices and
//! fixed costs), and [`Plan::ledger`] lays any traffic over it, so a sweep
//! over thousands of volumes plans once.

use jiff::civil::Date;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::Serialize;

use super::calendar::{month_start, prorate, prorate_requests, Month};
use super::capacity::Capacity;
use super::checked::{add, mul};
use super::monotone::{first_from, first_in};
use super::{
    request_cost, training_cost, volume_cost, Billing, CostError, Outcome, PathPrices, PerMillion,
    RequestCost, Requests, Tokens, Usage, Usd, HOURS_PER_MONTH,
};

/// Values that change on dates: the first applies until the earliest change,
/// each change from its date on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timeline<T> {
    first: T,
    changes: Vec<(Date, T)>,
}

impl<T> Timeline<T> {
    /// A value that never changes.
    pub fn constant(value: T) -> Self {
        Timeline {
            first: value,
            changes: Vec::new(),
        }
    }

    /// `first`, then each `(from, value)` from its date on.
    pub fn new(first: T, mut changes: Vec<(Date, T)>) -> Self {
        changes.sort_by_key(|(from, _)| *from);
        Timeline { first, changes }
    }

    /// The periods from `start` to `end` (exclusive; `None`: open): each
    /// `(from, to, value)`, the first in effect on `start`, then one per
    /// change before `end`.
    pub fn periods(&self, start: Date, end: Option<Date>) -> Vec<(Date, Option<Date>, &T)> {
        let mut starts = vec![start];
        starts.extend(
            self.changes
                .iter()
                .map(|(from, _)| *from)
                .filter(|from| *from > start && end.is_none_or(|e| *from < e)),
        );
        let ends = starts.iter().skip(1).map(|d| Some(*d)).chain([end]);
        starts
            .iter()
            .zip(ends)
            .map(|(&from, to)| (from, to, self.on(from)))
            .collect()
    }

    /// The value in effect on `day`.
    pub fn on(&self, day: Date) -> &T {
        match self.changes.partition_point(|(from, _)| *from <= day) {
            0 => &self.first,
            n => &self.changes[n - 1].1,
        }
    }
}

/// The tuned path's prices at one time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TunedPrices {
    /// Per-token prices of the fine-tuned model.
    pub path: PathPrices,
    /// Per 1M training tokens, where training is billed per token.
    pub training: Option<PerMillion>,
    /// Per-job minimum of a training run.
    pub min_training_cost: Option<Usd>,
    /// Fee per hour to keep the fine-tuned deployment up.
    pub hosting_per_hour: Option<Usd>,
    /// Fee per month to store the fine-tuned model.
    pub storage_per_month: Option<Usd>,
}

/// How a training run is priced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrainingSpec {
    /// Given directly: every run costs this.
    Cost(Usd),
    /// Tokens of one epoch and the epochs, at the training price of the run's day.
    Tokens {
        /// Tokens in one epoch.
        tokens: Tokens,
        /// Passes over them.
        epochs: u32,
    },
}

/// Everything the core needs to price one candidate against the prompting path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CandidateTerms {
    /// The base model's prices over time.
    pub base: Timeline<PathPrices>,
    /// The fine-tuned model's prices over time.
    pub tuned: Timeline<TunedPrices>,
    /// One request on the prompting path.
    pub base_usage: Usage,
    /// The logged requests that price the prompting path request by
    /// request, moved to `base_usage` (design §20.19).
    pub base_logged: Option<std::sync::Arc<super::logged::LoggedRequests>>,
    /// One request on the tuned path.
    pub tuned_usage: Usage,
    /// Caching and batch, both paths.
    pub billing: Billing,
    /// How each training run is priced.
    pub training: TrainingSpec,
    /// One-time cost besides training, in month 1.
    pub setup: Usd,
    /// Upkeep every month the tuned path serves.
    pub upkeep_per_month: Usd,
    /// Months between trainings, if the model is retrained.
    pub retrain_every: Option<u32>,
    /// First day the fine-tuned model no longer serves.
    pub fine_tune_shutdown: Option<Date>,
    /// First day no new training job may start.
    pub training_cutoff: Option<Date>,
    /// Dedicated GPUs instead of per-token prices (then the tuned path's
    /// per-token prices, hosting and storage fees are not billed).
    pub capacity: Option<Capacity>,
    /// The expected failure cost of a request on each path (zero without
    /// quality inputs): the ledger bills `P′ = P + (1 − S) × failure cost`.
    pub failure: super::Failure,
}

/// Why the tuned path stops serving.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EndReason {
    /// The fine-tuned model shuts down.
    Shutdown,
    /// A retrain falls due when training is no longer possible.
    RetrainingClosed,
}

impl EndReason {
    /// The stable name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            EndReason::Shutdown => "shutdown",
            EndReason::RetrainingClosed => "retraining-closed",
        }
    }

    /// Why, in words.
    pub fn describe(self) -> &'static str {
        match self {
            EndReason::Shutdown => "the fine-tuned model shuts down",
            EndReason::RetrainingClosed => "a retrain falls due after training has closed",
        }
    }
}

/// The tuned path's end of service `E`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EndOfService {
    /// First day it no longer serves.
    pub date: Date,
    /// Why.
    pub reason: EndReason,
}

impl CandidateTerms {
    /// The cost of one request on each path with the prices in effect on `day`.
    pub fn request_costs(&self, day: Date) -> Result<(RequestCost, RequestCost), CostError> {
        let base = super::logged::base_cost(self.base_logged.as_deref(), self.base.on(day), &self.base_usage, &self.billing)?;
        let tuned = request_cost(&self.tuned.on(day).path, &self.tuned_usage, &self.billing)?;
        Ok((base, tuned))
    }

    /// `P′` of one request on each path on `day`: its cost plus its expected
    /// failure cost (design §16).
    pub fn effective_costs(&self, day: Date) -> Result<(Usd, Usd), CostError> {
        let (base, tuned) = self.request_costs(day)?;
        self.failure.effective(base.cost, tuned.cost)
    }

    /// One training run started on `day`, at that day's training price and
    /// per-job minimum.
    pub fn training_run(&self, day: Date) -> Result<Usd, CostError> {
        match self.training {
            TrainingSpec::Cost(cost) => Ok(cost),
            TrainingSpec::Tokens { tokens, epochs } => {
                let prices = self.tuned.on(day);
                let price = prices.training.ok_or(CostError::NoTrainingPrice)?;
                training_cost(tokens, epochs, price, prices.min_training_cost)
            }
        }
    }

    /// The hosting fee of a full month with the prices in effect on `day`.
    pub fn hosting_per_month(&self, day: Date) -> Result<Usd, CostError> {
        let fee = self.tuned.on(day).hosting_per_hour.unwrap_or_default();
        mul(fee, Decimal::from(HOURS_PER_MONTH), "hosting fee")
    }

    /// The storage fee of a full month with the prices in effect on `day`.
    pub fn storage_per_month(&self, day: Date) -> Usd {
        self.tuned.on(day).storage_per_month.unwrap_or_default()
    }

    /// `E`: the fine-tune's shutdown, or the first day of the first month in
    /// which a retrain (months `1 + kR`) falls due on or after the training
    /// cut-off, whichever comes first. Not bounded by the horizon.
    pub fn end_of_service(&self, start: Date) -> Result<Option<EndOfService>, CostError> {
        let shutdown = self.fine_tune_shutdown.map(|date| EndOfService {
            date,
            reason: EndReason::Shutdown,
        });
        let (Some(every), Some(cutoff)) = (self.retrain_every, self.training_cutoff) else {
            return Ok(shutdown);
        };
        let mut index = 1u32;
        let closed = loop {
            index = index
                .checked_add(every.max(1))
                .ok_or(CostError::DateRange)?;
            let day = match month_start(start, index) {
                Ok(day) => day,
                Err(_) => break None, // beyond the calendar: never due
            };
            if day >= cutoff {
                break Some(EndOfService {
                    date: day,
                    reason: EndReason::RetrainingClosed,
                });
            }
        };
        Ok(match (shutdown, closed) {
            (Some(s), Some(c)) if c.date < s.date => Some(c),
            (Some(s), _) => Some(s),
            (None, c) => c,
        })
    }

    /// Settles everything that does not depend on the traffic, month by month.
    pub fn plan(&self, calendar: &[Month]) -> Result<Plan, CostError> {
        let Some(first) = calendar.first() else {
            return Ok(Plan::default());
        };
        let end = self.end_of_service(first.from)?;
        let mut months = Vec::with_capacity(calendar.len());
        // A month's cost per request changes only with its prices: priced
        // once per price period, not once per month.
        let mut priced: Option<(*const PathPrices, *const TunedPrices, (Usd, Usd))> = None;
        for month in calendar {
            let key = (self.base.on(month.from) as *const _, self.tuned.on(month.from) as *const _);
            let costs = match priced {
                Some((b, t, costs)) if (b, t) == key => costs,
                _ => self.effective_costs(month.from)?,
            };
            priced = Some((key.0, key.1, costs));
            months.push(self.month_terms(month, end.map(|e| e.date), costs)?);
        }
        let capacity = self
            .capacity
            .map(|c| Ok::<_, CostError>((c, c.replica_month()?)))
            .transpose()?;
        Ok(Plan {
            months,
            end,
            capacity,
        })
    }

    fn month_terms(
        &self,
        month: &Month,
        end: Option<Date>,
        (base, tuned): (Usd, Usd),
    ) -> Result<MonthTerms, CostError> {
        let (days, served_days) = (month.days(), month.days_before(end));
        let retrain = month.index > 1
            && served_days > 0
            && self
                .retrain_every
                .is_some_and(|r| (month.index - 1).is_multiple_of(r.max(1)));
        let training = if month.index == 1 || retrain {
            self.training_run(month.from)?
        } else {
            Decimal::ZERO
        };
        let hosting = prorate(self.hosting_per_month(month.from)?, served_days, days)?;
        let storage = prorate(self.storage_per_month(month.from), served_days, days)?;
        let upkeep = prorate(self.upkeep_per_month, served_days, days)?;
        Ok(MonthTerms {
            month: *month,
            days,
            served_days,
            base_per_request: base,
            tuned_per_request: tuned,
            fixed: FixedCosts {
                training: if retrain { Decimal::ZERO } else { training },
                retraining: if retrain { training } else { Decimal::ZERO },
                retrain_runs: u32::from(retrain),
                setup: if month.index == 1 {
                    self.setup
                } else {
                    Decimal::ZERO
                },
                hosting,
                storage,
                upkeep,
                ..FixedCosts::default()
            },
        })
    }
}

/// Fixed costs of the tuned path, by kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FixedCosts {
    /// The first training run.
    pub training: Usd,
    /// Training runs after the first.
    pub retraining: Usd,
    /// How many runs after the first.
    pub retrain_runs: u32,
    /// Other one-time costs.
    pub setup: Usd,
    /// Hosting fees.
    pub hosting: Usd,
    /// Storage fees of the tuned model.
    pub storage: Usd,
    /// Upkeep.
    pub upkeep: Usd,
    /// Dedicated GPUs.
    pub capacity: Usd,
    /// The replicas behind `capacity`, for one month.
    pub replicas: Option<u32>,
}

impl FixedCosts {
    /// Everything together.
    pub fn total(&self) -> Result<Usd, CostError> {
        [
            self.retraining,
            self.setup,
            self.hosting,
            self.storage,
            self.upkeep,
            self.capacity,
        ]
        .into_iter()
        .try_fold(self.training, |sum, x| add(sum, x, "fixed cost"))
    }

    /// What is paid once at the start: the first training run and setup.
    pub fn upfront(&self) -> Result<Usd, CostError> {
        add(self.training, self.setup, "fixed cost")
    }

    /// What recurs over the horizon: retraining, hosting, storage, upkeep
    /// and capacity.
    pub fn recurring(&self) -> Result<Usd, CostError> {
        [self.hosting, self.storage, self.upkeep, self.capacity]
            .into_iter()
            .try_fold(self.retraining, |sum, x| add(sum, x, "recurring cost"))
    }

    fn plus(&self, other: &FixedCosts) -> Result<FixedCosts, CostError> {
        let a = |x: Usd, y: Usd| add(x, y, "fixed cost");
        Ok(FixedCosts {
            training: a(self.training, other.training)?,
            retraining: a(self.retraining, other.retraining)?,
            retrain_runs: self.retrain_runs.saturating_add(other.retrain_runs),
            setup: a(self.setup, other.setup)?,
            hosting: a(self.hosting, other.hosting)?,
            storage: a(self.storage, other.storage)?,
            upkeep: a(self.upkeep, other.upkeep)?,
            capacity: a(self.capacity, other.capacity)?,
            replicas: match (self.replicas, other.replicas) {
                (Some(a), Some(b)) => Some(a.max(b)),
                (a, b) => a.or(b),
            },
        })
    }
}

/// What one month holds before any traffic is laid over it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthTerms {
    /// The month.
    pub month: Month,
    /// Its days.
    pub days: u32,
    /// Its days before the end of service.
    pub served_days: u32,
    /// One request on the prompting path at the month's prices.
    pub base_per_request: Usd,
    /// One request on the tuned path at the month's prices.
    pub tuned_per_request: Usd,
    /// Fixed costs incurred in the month (recurring ones prorated at `E`).
    pub fixed: FixedCosts,
}

/// A candidate's months, ready for traffic.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// One entry per month of the horizon.
    pub months: Vec<MonthTerms>,
    /// The end of service, when there is one (it may lie beyond the horizon).
    pub end: Option<EndOfService>,
    /// Dedicated capacity and the cost of one replica-month.
    pub capacity: Option<(Capacity, Usd)>,
}

impl Plan {
    /// Lays `volumes` (requests per month, one per month of the plan) over it.
    pub fn ledger(&self, volumes: &[Requests]) -> Result<Ledger, CostError> {
        let mut rows = Vec::with_capacity(self.months.len());
        let mut totals = Totals::default();
        for (terms, &requests) in self.months.iter().zip(volumes) {
            let fixed = self.with_capacity(terms, requests)?;
            let row = terms.row(requests, &fixed, &totals)?;
            totals = totals.plus(&row, &fixed)?;
            rows.push(row);
        }
        Ok(Ledger { rows, totals })
    }

    /// The tuned path's saving over its fixed costs when every month has
    /// `requests`: positive when it is the cheaper path.
    fn margin(&self, requests: Requests) -> Result<Decimal, CostError> {
        let t = self.ledger(&vec![requests; self.months.len()])?.totals;
        Ok(t.savings - t.fixed_cost)
    }

    /// For a dedicated candidate: the smallest constant monthly volume from
    /// which the tuned path is cheaper over the months, at that volume and at
    /// every larger one. Within a replica step the margin grows with the
    /// volume; each step adds a replica, so the margin's minima sit at the
    /// first volume of each step and rise from step to step only when a
    /// replica-month costs less than what the requests it carries save.
    /// `None` otherwise, and for a candidate served per token.
    pub fn break_even_per_month(&self) -> Result<Option<Requests>, CostError> {
        let Some((capacity, replica_month)) = &self.capacity else {
            return Ok(None);
        };
        if !self.steps_rise(capacity, *replica_month)? {
            return Ok(None);
        }
        let c = capacity.requests_per_replica()?;
        let low = capacity.min_replicas.max(1);
        // The first volume that needs `k` replicas (k above the minimum).
        let step = |k: u32| -> Result<Requests, CostError> {
            let v = mul(c, Decimal::from(k - 1), "replica step")?.floor();
            v.to_u64()
                .and_then(|v| v.checked_add(1))
                .ok_or(CostError::Overflow("replica step"))
        };
        let positive = |v: Requests| self.margin(v).map(|m| m > Decimal::ZERO);
        // The first step whose first volume already pays: every later one does.
        // A step too large to count is one that is never reached.
        let pays = |k: u32| Ok(step(k).and_then(positive).unwrap_or(false));
        let first_paying = first_from(u64::from(low) + 1, u64::from(u32::MAX / 4), |k| {
            pays(u32::try_from(k).unwrap_or(u32::MAX))
        })?;
        let Some(k) = first_paying.and_then(|k| u32::try_from(k).ok()) else {
            return Ok(None);
        };
        let from = if k == low + 1 { 1 } else { step(k - 1)? };
        let last = step(k)? - 1;
        if !positive(last)? {
            return Ok(Some(step(k)?));
        }
        // Within the step before it the margin only grows.
        first_in(from, last, positive).map(Some)
    }

    /// Whether one more replica (a replica-month in each served month) costs
    /// less than what the requests it carries save.
    fn steps_rise(&self, capacity: &Capacity, replica_month: Usd) -> Result<bool, CostError> {
        let c = capacity.requests_per_replica()?;
        let (mut carried_saving, mut replica_cost) = (Decimal::ZERO, Decimal::ZERO);
        for m in &self.months {
            let share = Decimal::from(m.served_days) / Decimal::from(m.days.max(1));
            let saved = mul(
                mul(c, share, "replica step")?,
                m.base_per_request - m.tuned_per_request,
                "replica step",
            )?;
            carried_saving = add(carried_saving, saved, "replica step")?;
            replica_cost = add(
                replica_cost,
                mul(replica_month, share, "replica step")?,
                "replica step",
            )?;
        }
        Ok(carried_saving > replica_cost)
    }

    /// The month's fixed costs with its capacity: the replicas its full
    /// volume needs, prorated at the end of service, none after it.
    fn with_capacity(
        &self,
        terms: &MonthTerms,
        requests: Requests,
    ) -> Result<FixedCosts, CostError> {
        let Some((capacity, replica_month)) = &self.capacity else {
            return Ok(terms.fixed);
        };
        if terms.served_days == 0 {
            return Ok(terms.fixed);
        }
        let replicas = capacity.replicas(requests)?;
        let month = mul(*replica_month, Decimal::from(replicas), "capacity cost")?;
        Ok(FixedCosts {
            capacity: prorate(month, terms.served_days, terms.days)?,
            replicas: Some(replicas),
            ..terms.fixed
        })
    }
}

impl MonthTerms {
    fn row(
        &self,
        requests: Requests,
        fixed: &FixedCosts,
        so_far: &Totals,
    ) -> Result<LedgerRow, CostError> {
        let served = prorate_requests(requests, self.served_days, self.days);
        let lost = requests - served;
        let base_cost = volume_cost(requests, self.base_per_request)?;
        let tuned_cost = add(
            volume_cost(served, self.tuned_per_request)?,
            volume_cost(lost, self.base_per_request)?,
            "tuned cost",
        )?;
        let fixed_cost = fixed.total()?;
        let saving = base_cost - tuned_cost;
        Ok(LedgerRow {
            month: self.month.index,
            from: self.month.from,
            requests,
            served,
            lost,
            base_cost,
            tuned_cost,
            fixed_cost,
            cumulative_saving: add(so_far.savings, saving, "cumulative saving")?,
            cumulative_fixed_cost: add(so_far.fixed_cost, fixed_cost, "cumulative fixed cost")?,
            replicas: fixed.replicas,
        })
    }
}

/// One month of a ledger: that month's own amounts plus the running totals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LedgerRow {
    /// 1 for the first month.
    pub month: u32,
    /// Its first day.
    pub from: Date,
    /// Requests in the month.
    pub requests: Requests,
    /// Requests the tuned path serves (before its end of service).
    pub served: Requests,
    /// Requests after the end of service, sent down the prompting path.
    pub lost: Requests,
    /// The prompting path's cost of all the month's requests.
    #[serde(with = "crate::format::exact_money")]
    pub base_cost: Usd,
    /// The tuned path's per-request costs: served requests at tuned prices,
    /// lost ones at base prices.
    #[serde(with = "crate::format::exact_money")]
    pub tuned_cost: Usd,
    /// Training, retrain, setup, hosting and upkeep incurred in the month.
    #[serde(with = "crate::format::exact_money")]
    pub fixed_cost: Usd,
    /// `Σ (base_cost − tuned_cost)` up to this month.
    #[serde(with = "crate::format::exact_money")]
    pub cumulative_saving: Usd,
    /// `Σ fixed_cost` up to this month.
    #[serde(with = "crate::format::exact_money")]
    pub cumulative_fixed_cost: Usd,
    /// Replicas of a dedicated candidate this month (null per token, and
    /// after the end of service).
    pub replicas: Option<u32>,
}

/// Sums over a ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Totals {
    /// Requests.
    pub requests: Requests,
    /// Requests served by the tuned path.
    pub served: Requests,
    /// Requests lost to the prompting path.
    pub lost: Requests,
    /// The prompting path's cost of every request.
    pub base_cost: Usd,
    /// The tuned path's per-request costs (lost requests at base prices).
    pub tuned_cost: Usd,
    /// `base_cost − tuned_cost`: what the served requests save.
    pub savings: Usd,
    /// Fixed costs by kind.
    pub fixed: FixedCosts,
    /// `T`: all fixed costs.
    pub fixed_cost: Usd,
}

impl Totals {
    fn plus(&self, row: &LedgerRow, fixed: &FixedCosts) -> Result<Totals, CostError> {
        let overflow = CostError::Overflow("requests over the horizon");
        Ok(Totals {
            requests: self
                .requests
                .checked_add(row.requests)
                .ok_or(overflow.clone())?,
            served: self
                .served
                .checked_add(row.served)
                .ok_or(overflow.clone())?,
            lost: self.lost.checked_add(row.lost).ok_or(overflow)?,
            base_cost: add(self.base_cost, row.base_cost, "base cost")?,
            tuned_cost: add(self.tuned_cost, row.tuned_cost, "tuned cost")?,
            savings: row.cumulative_saving,
            fixed: self.fixed.plus(fixed)?,
            fixed_cost: row.cumulative_fixed_cost,
        })
    }
}

/// A candidate month by month over a horizon.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ledger {
    /// One row per month.
    pub rows: Vec<LedgerRow>,
    /// Sums over the rows.
    pub totals: Totals,
}

impl Ledger {
    /// The first month whose cumulative saving exceeds the fixed costs
    /// incurred so far; `None` within the horizon.
    pub fn payback_month(&self) -> Option<u32> {
        self.rows
            .iter()
            .find(|r| r.cumulative_saving > r.cumulative_fixed_cost)
            .map(|r| r.month)
    }

    /// The candidate's totals for the verdict.
    pub fn outcome(&self) -> Outcome {
        let t = &self.totals;
        Outcome::of_ledger(t.requests, t.savings, t.fixed_cost)
    }

    /// The tuned path's total: `T` plus its per-request costs.
    pub fn tuned_total(&self) -> Result<Usd, CostError> {
        add(self.totals.fixed_cost, self.totals.tuned_cost, "total cost")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cost::calendar::calendar;
    use crate::cost::closed_form::oracle::{self, retrain_runs};
    use crate::cost::{monthly_volumes, Thresholds, Tier, Verdict};
    use jiff::civil::date;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn prices(input: &str, output: &str) -> PathPrices {
        PathPrices {
            standard: Tier {
                input: d(input),
                output: d(output),
                ..Default::default()
            },
            ..Default::default()
        }
    }

    fn usage(prompt: Tokens) -> Usage {
        Usage {
            prompt_tokens: prompt,
            input_tokens: 200,
            output_tokens: 300,
            reasoning_tokens: 0,
        }
    }

    /// The quick-start shape: P_base = 0.0088, P_tuned = 0.00152, training $30.
    fn quick_start() -> CandidateTerms {
        CandidateTerms {
            base: Timeline::constant(prices("2.00", "8.00")),
            tuned: Timeline::constant(TunedPrices {
                path: prices("0.80", "3.20"),
                training: Some(d("5.00")),
                ..Default::default()
            }),
            base_usage: usage(3000),
            base_logged: None,
            tuned_usage: usage(500),
            billing: Billing::default(),
            training: TrainingSpec::Tokens {
                tokens: 2_000_000,
                epochs: 3,
            },
            setup: Decimal::ZERO,
            upkeep_per_month: Decimal::ZERO,
            retrain_every: None,
            fine_tune_shutdown: None,
            training_cutoff: None,
            capacity: None,
            failure: super::super::Failure::default(),
        }
    }

    #[test]
    fn a_ledger_holds_each_months_own_amounts_and_running_totals() {
        // 2 months of 1,000 requests; Δ = 0.00728; training $30 in month 1,
        // upkeep $2 a month: month 1 saves 7.28 against 32; month 2 14.56 vs 34.
        let terms = CandidateTerms {
            upkeep_per_month: d("2"),
            ..quick_start()
        };
        let plan = terms
            .plan(&calendar(date(2026, 11, 27), 2).unwrap())
            .unwrap();
        let l = plan.ledger(&[1000, 1000]).unwrap();
        let r = &l.rows[1];
        assert_eq!((r.month, r.from), (2, date(2026, 12, 27)));
        assert_eq!((r.requests, r.served, r.lost), (1000, 1000, 0));
        assert_eq!((r.base_cost, r.tuned_cost), (d("8.8"), d("1.52")));
        assert_eq!(r.fixed_cost, d("2"));
        assert_eq!(r.cumulative_saving, d("14.56"));
        assert_eq!(r.cumulative_fixed_cost, d("34"));
        assert_eq!(l.totals.fixed.training, d("30"));
        assert_eq!(l.payback_month(), None);
        assert_eq!(l.tuned_total().unwrap(), d("37.04")); // 34 + 2 × 1.52
    }

    #[test]
    fn the_end_of_service_splits_a_month_and_stops_recurring_costs() {
        // E on 2027-01-14: month 2 [2026-12-27, 2027-01-27) serves 18 of 31 days.
        let terms = CandidateTerms {
            upkeep_per_month: d("31"),
            fine_tune_shutdown: Some(date(2027, 1, 14)),
            ..quick_start()
        };
        let plan = terms
            .plan(&calendar(date(2026, 11, 27), 3).unwrap())
            .unwrap();
        assert_eq!(plan.end.unwrap().reason, EndReason::Shutdown);
        let l = plan.ledger(&[2_000_000; 3]).unwrap();
        let served: Vec<u64> = l.rows.iter().map(|r| r.served).collect();
        assert_eq!(served, [2_000_000, 1_161_290, 0]);
        assert_eq!(l.rows[1].lost, 838_710);
        // Upkeep 31 × 18 / 31 = 18 in month 2, nothing after E.
        let upkeep: Vec<Decimal> = l.rows.iter().map(|r| r.fixed_cost).collect();
        assert_eq!(upkeep, [d("61"), d("18"), d("0")]);
        // Lost requests cost the same on both paths.
        assert_eq!(l.rows[2].base_cost, l.rows[2].tuned_cost);
        assert_eq!(l.totals.served, 3_161_290);
    }

    #[test]
    fn a_retrain_due_after_training_closes_ends_service_that_day() {
        // Retrain every month; training closes on 2027-01-06: the retrain of
        // month 2 (2026-12-27) is possible, month 3's (2027-01-27) is not.
        let terms = CandidateTerms {
            retrain_every: Some(1),
            training_cutoff: Some(date(2027, 1, 6)),
            fine_tune_shutdown: Some(date(2027, 6, 1)),
            ..quick_start()
        };
        let plan = terms
            .plan(&calendar(date(2026, 11, 27), 6).unwrap())
            .unwrap();
        let end = plan.end.unwrap();
        assert_eq!(end.date, date(2027, 1, 27));
        assert_eq!(end.reason, EndReason::RetrainingClosed);
        let l = plan.ledger(&[1000; 6]).unwrap();
        assert_eq!(l.totals.fixed.retrain_runs, 1);
        assert_eq!(l.rows[2].served, 0);
        // A shutdown before the retrain wins.
        let terms = CandidateTerms {
            fine_tune_shutdown: Some(date(2027, 1, 14)),
            ..terms
        };
        let end = terms.end_of_service(date(2026, 11, 27)).unwrap().unwrap();
        assert_eq!(
            (end.date, end.reason),
            (date(2027, 1, 14), EndReason::Shutdown)
        );
    }

    #[test]
    fn each_month_is_billed_at_the_prices_of_its_first_day() {
        // The tuned model's output price doubles from 2027-01-01: month 2
        // (from 2026-12-27) still has the old price, month 3 the new one.
        let mut doubled = prices("0.80", "6.40");
        doubled.standard.cached_input = None;
        let terms = CandidateTerms {
            tuned: Timeline::new(
                TunedPrices {
                    path: prices("0.80", "3.20"),
                    training: Some(d("5.00")),
                    ..Default::default()
                },
                vec![(
                    date(2027, 1, 1),
                    TunedPrices {
                        path: doubled,
                        training: Some(d("5.00")),
                        ..Default::default()
                    },
                )],
            ),
            ..quick_start()
        };
        let plan = terms
            .plan(&calendar(date(2026, 11, 27), 3).unwrap())
            .unwrap();
        let l = plan.ledger(&[1000; 3]).unwrap();
        let tuned: Vec<Decimal> = l.rows.iter().map(|r| r.tuned_cost).collect();
        // 1,000 × (700 × 0.80 + 300 × 3.20) / 1M = 1.52; with 6.40: 2.48.
        assert_eq!(tuned, [d("1.52"), d("1.52"), d("2.48")]);
    }

    /// The contract's worked example of dedicated serving (design §10): base
    /// input 2.00 and output 10.00 per 1M, so P_base = (3,200 × 2 + 300 × 10)
    /// / 1M = 0.0094; trained once for $500; one GPU at $8/h, 12 requests a
    /// second, headroom 0.8, peak-to-average 2, one replica at least; 6 months.
    fn dedicated() -> CandidateTerms {
        CandidateTerms {
            base: Timeline::constant(prices("2.00", "10.00")),
            tuned: Timeline::constant(TunedPrices::default()),
            training: TrainingSpec::Cost(d("500")),
            capacity: Some(Capacity {
                per_hour: d("8"),
                gpus_per_replica: 1,
                replica_rps: d("12"),
                headroom: d("0.8"),
                peak_to_average: d("2"),
                min_replicas: 1,
            }),
            ..quick_start()
        }
    }

    #[test]
    fn the_dedicated_worked_example_checks_by_hand() {
        let plan = dedicated()
            .plan(&calendar(date(2026, 11, 27), 6).unwrap())
            .unwrap();
        // 6 × V × 0.0094 > 500 + 6 × 5,840 ⇔ V > 35,540 / 0.0564 = 630,141.8…
        assert_eq!(plan.break_even_per_month().unwrap(), Some(630_142));
        assert!(plan.margin(630_141).unwrap() <= Decimal::ZERO);
        assert!(plan.margin(630_142).unwrap() > Decimal::ZERO);
        // At 3M a month: savings 6 × 3M × 0.0094 = 169,200, T = 35,540: 4.76×.
        let l = plan.ledger(&[3_000_000; 6]).unwrap();
        assert_eq!(
            (l.totals.savings, l.totals.fixed_cost),
            (d("169200"), d("35540"))
        );
        let o = l.outcome();
        assert_eq!(
            o.verdict(&crate::cost::Thresholds::default()).unwrap(),
            Verdict::Depends
        );
        assert_eq!(o.volume_multiple().unwrap().unwrap().round_dp(2), d("4.76"));
        assert!(l.rows.iter().all(|r| r.replicas == Some(1)));
        // 12,614,401 requests in a month need a second replica: $11,680.
        let l = plan.ledger(&[12_614_401; 6]).unwrap();
        assert_eq!(l.rows[0].replicas, Some(2));
        assert_eq!(l.rows[0].fixed_cost, d("12180")); // 500 + 2 × 5,840
        assert_eq!(l.rows[1].fixed_cost, d("11680"));
    }

    #[test]
    fn capacity_stops_at_the_end_of_service_and_is_prorated() {
        // E on 2027-01-14: month 2 has 18 of 31 days: 5,840 × 18 / 31.
        let terms = CandidateTerms {
            fine_tune_shutdown: Some(date(2027, 1, 14)),
            ..dedicated()
        };
        let plan = terms
            .plan(&calendar(date(2026, 11, 27), 3).unwrap())
            .unwrap();
        let l = plan.ledger(&[1_000_000; 3]).unwrap();
        let replicas: Vec<Option<u32>> = l.rows.iter().map(|r| r.replicas).collect();
        assert_eq!(replicas, [Some(1), Some(1), None]);
        assert_eq!(l.rows[1].fixed_cost, d("105120") / d("31"));
        assert_eq!(l.rows[2].fixed_cost, Decimal::ZERO);
    }

    #[test]
    fn no_break_even_when_a_replica_month_costs_more_than_its_requests_save() {
        // 12,614,400 requests × 0.0094 = 118,575 a month against a replica at
        // $200/h × 730 = $146,000: each step loses more than it saves.
        let mut terms = dedicated();
        if let Some(c) = terms.capacity.as_mut() {
            c.per_hour = d("200");
        }
        let plan = terms
            .plan(&calendar(date(2026, 11, 27), 6).unwrap())
            .unwrap();
        assert_eq!(plan.break_even_per_month().unwrap(), None);
        // Per token: no capacity, no monthly break-even.
        let plan = quick_start()
            .plan(&calendar(date(2026, 11, 27), 6).unwrap())
            .unwrap();
        assert_eq!(plan.break_even_per_month().unwrap(), None);
    }

    #[test]
    fn the_break_even_lies_past_the_first_step_when_the_first_replica_cannot_pay() {
        // Two replicas at least, $14,000 of training: in the first step (up to
        // 25,228,800 a month) the margin is 0.0564 V − (14,000 + 12 × 5,840),
        // positive from V = 1,490,781.
        let mut terms = CandidateTerms {
            training: TrainingSpec::Cost(d("14000")),
            ..dedicated()
        };
        if let Some(c) = terms.capacity.as_mut() {
            c.min_replicas = 2;
        }
        let plan = terms
            .plan(&calendar(date(2026, 11, 27), 6).unwrap())
            .unwrap();
        let v = plan.break_even_per_month().unwrap().unwrap();
        assert_eq!(v, 1_490_781); // (14,000 + 70,080) / 0.0564 = 1,490,780.1…
        assert!(plan.margin(v - 1).unwrap() <= Decimal::ZERO);
        // Past a step the margin drops by a replica's 6 months but stays positive.
        let past = plan.margin(25_228_801).unwrap();
        assert!(past > Decimal::ZERO && past < plan.margin(25_228_800).unwrap());
    }

    /// With no dates and constant prices the ledger equals the closed form:
    /// totals, payback and verdict, over a grid of horizons.
    #[test]
    fn the_ledger_equals_the_closed_form_without_dates() {
        let t = Thresholds::default();
        let mut checked = 0;
        for (base_in, tuned_in) in [("2.00", "0.80"), ("0.40", "0.80"), ("3.00", "3.00")] {
            for (training, setup) in [("30", "0"), ("499.99", "1000"), ("0", "0")] {
                for (hosting, upkeep) in [(None, "0"), (Some("1.70"), "250")] {
                    for retrain in [None, Some(1), Some(3), Some(12)] {
                        for (per_month, months, growth) in [
                            (0, 1, "0"),
                            (100_000, 6, "0"),
                            (5_000, 24, "3"),
                            (777, 13, "-2.5"),
                        ] {
                            let terms = CandidateTerms {
                                base: Timeline::constant(prices(base_in, "8.00")),
                                tuned: Timeline::constant(TunedPrices {
                                    path: prices(tuned_in, "3.20"),
                                    hosting_per_hour: hosting.map(d),
                                    ..Default::default()
                                }),
                                training: TrainingSpec::Cost(d(training)),
                                setup: d(setup),
                                upkeep_per_month: d(upkeep),
                                retrain_every: retrain,
                                ..quick_start()
                            };
                            let volumes = monthly_volumes(per_month, months, d(growth)).unwrap();
                            check_equal(&terms, &volumes, &t);
                            checked += 1;
                        }
                    }
                }
            }
        }
        assert_eq!(checked, 3 * 3 * 2 * 4 * 4);
    }

    fn check_equal(terms: &CandidateTerms, volumes: &[Requests], t: &Thresholds) {
        let start = date(2026, 11, 27);
        let months = volumes.len() as u32;
        let (base, tuned) = terms.request_costs(start).unwrap();
        let delta = base.cost - tuned.cost;
        let run = terms.training_run(start).unwrap();
        let monthly = terms.hosting_per_month(start).unwrap() + terms.upkeep_per_month;
        let runs = terms.retrain_every.map_or(0, |r| retrain_runs(months, r));
        let fixed = run + terms.setup + monthly * Decimal::from(months) + run * Decimal::from(runs);
        let volume: u64 = volumes.iter().sum();
        let closed = Outcome::closed(volume, delta, fixed).unwrap();
        let schedule = oracle::Schedule {
            upfront: run + terms.setup,
            monthly,
            retrain: run,
            retrain_every: terms.retrain_every,
        };
        let payback = oracle::payback_month(volumes, delta, &schedule).unwrap();

        let plan = terms.plan(&calendar(start, months).unwrap()).unwrap();
        let ledger = plan.ledger(volumes).unwrap();
        let open = ledger.outcome();
        let case = format!("{terms:?} {volumes:?}");
        assert_eq!(open.fixed_cost, fixed, "{case}");
        assert_eq!(open.savings, closed.savings, "{case}");
        assert_eq!(ledger.totals.fixed.retrain_runs, runs, "{case}");
        assert_eq!(
            ledger.tuned_total().unwrap(),
            fixed + volume_cost(volume, tuned.cost).unwrap(),
            "{case}"
        );
        assert_eq!(
            ledger.totals.base_cost,
            volume_cost(volume, base.cost).unwrap()
        );
        assert_eq!(ledger.payback_month(), payback, "{case}");
        assert_eq!(
            open.verdict(t).unwrap(),
            closed.verdict(t).unwrap(),
            "{case}"
        );
        assert_eq!(
            open.break_even_requests(),
            closed.break_even_requests(),
            "{case}"
        );
        assert_eq!(open.volume_multiple(), closed.volume_multiple(), "{case}");
        for m in [t.depends_at(), t.fine_tune_at()] {
            assert_eq!(
                open.volume_for_multiple(m),
                closed.volume_for_multiple(m),
                "{case}"
            );
        }
    }

    /// Property sweep over a grid: the verdict never moves back toward
    /// `prompt` as volume grows, and at the break-even volume the two totals meet.
    #[test]
    fn verdict_is_monotone_and_totals_meet_at_break_even_over_a_grid() {
        let prices_ = ["0.05", "0.10", "0.40", "0.80", "2.00", "3.00", "15.00"];
        let t = Thresholds::default();
        let start = date(2026, 11, 27);
        for base_in in prices_ {
            for tuned_in in prices_ {
                for prompt in [0u64, 100, 500, 3000, 12_345] {
                    for fixed in ["0", "1", "30", "499.99", "12345.6789"] {
                        let terms = CandidateTerms {
                            base: Timeline::constant(prices(base_in, "1.6")),
                            tuned: Timeline::constant(TunedPrices {
                                path: prices(tuned_in, "1.6"),
                                ..Default::default()
                            }),
                            base_usage: usage(prompt),
                            base_logged: None,
                            tuned_usage: usage(50),
                            training: TrainingSpec::Cost(d(fixed)),
                            ..quick_start()
                        };
                        let (base, tuned) = terms.request_costs(start).unwrap();
                        check_grid_point(base.cost, tuned.cost, d(fixed), &t);
                    }
                }
            }
        }
    }

    fn check_grid_point(base: Usd, tuned: Usd, fixed: Usd, t: &Thresholds) {
        let at = |v| Outcome::closed(v, base - tuned, fixed).unwrap();
        let mut last = Verdict::Prompt;
        for volume in [
            0u64,
            1,
            10,
            999,
            10_000,
            123_457,
            1_000_000,
            50_000_000,
            10u64.pow(10),
        ] {
            let v = at(volume).verdict(t).unwrap();
            assert!(v >= last, "{base} {tuned} {fixed} went back at {volume}");
            last = v;
        }
        if let Some(n) = at(1).break_even_requests().unwrap() {
            let total = |v| fixed + volume_cost(v, tuned).unwrap();
            // At N the tuned path is cheaper; one request earlier it was not.
            assert!(total(n) < volume_cost(n, base).unwrap());
            assert!(n == 1 || total(n - 1) >= volume_cost(n - 1, base).unwrap());
        }
        for (m, want) in [
            (t.depends_at(), Verdict::Depends),
            (t.fine_tune_at(), Verdict::FineTune),
        ] {
            if let Some(n) = at(1).volume_for_multiple(m).unwrap() {
                assert!(at(n).verdict(t).unwrap() >= want);
                assert!(n == 1 || at(n - 1).verdict(t).unwrap() < want);
            }
        }
    }
}
