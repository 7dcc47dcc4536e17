//! The pure cost model: every amount of money ftvp reports is computed here.
//! No I/O, no command-line names, no formatting.
//!
//! - [`request`]: the cost of one request on one path (caching, batch,
//!   long-context tiers) and of one training run;
//! - [`traffic`]: requests per month over a horizon;
//! - [`calendar`]: the months of a horizon and proration by days;
//! - [`ledger`]: a candidate month by month (requests served and lost, per
//!   request costs, fixed costs incurred, cumulative saving);
//! - [`logged`]: the prompting path priced request by request from logs;
//! - [`capacity`]: replicas and GPU cost of a candidate served on dedicated GPUs;
//! - [`closed_form`]: the totals without dates, in closed form;
//! - [`verdict`]: break-even, volume multiples and the 3×/10× verdict;
//! - [`monotone`]: the smallest value at which a monotone condition holds.
//!
//! Money is exact decimal arithmetic ([`Usd`] is a [`Decimal`]): boundaries
//! such as "the smallest whole volume with `N × Δ > T`" are decided by
//! comparing exact products, never by dividing floats.

pub mod calendar;
pub mod capacity;
mod checked;
pub mod closed_form;
mod exact;
pub mod ledger;
pub mod logged;
pub mod monotone;
pub mod quality;
pub mod request;
pub mod traffic;
pub mod verdict;

use rust_decimal::Decimal;

pub use calendar::Month;
pub use capacity::Capacity;
pub use ledger::{CandidateTerms, EndOfService, EndReason, Ledger, LedgerRow, Plan, Timeline};
pub use request::{
    billed_training_tokens, net_saving, request_cost, saving_per_request, training_cost, volume_cost, Billing,
    CacheOutcome, PathPrices, RequestCost, Tier, Usage,
};
#[cfg(feature = "internals")]
pub use request::token_cost;
pub use traffic::{horizon_total, monthly_volumes, spread_volume};
pub use quality::Failure;
pub use verdict::{Outcome, Thresholds, Verdict};

/// An amount of money in the price sheets' currency.
pub type Usd = Decimal;
/// A price in currency units per one million tokens.
pub type PerMillion = Decimal;
/// A count of tokens.
pub type Tokens = u64;
/// A count of requests.
pub type Requests = u64;

/// Hours billed per month for an hourly fee, whatever the month's length.
pub const HOURS_PER_MONTH: u32 = 730;

/// Errors of the cost model.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CostError {
    /// An intermediate amount does not fit the decimal range (about 7.9e28).
    #[error("{0} overflows: the numbers are too large to compute exactly")]
    Overflow(&'static str),
    /// Batch billing for a path whose prices have no batch discount.
    #[error("no batch discount in the sheet")]
    NoBatchDiscount,
    /// A training run priced per token on a day with no per-token training price.
    #[error("no per-token training price")]
    NoTrainingPrice,
    /// The two rule-of-thumb multiples are not `0 < depends_at <= fine_tune_at`.
    #[error("thresholds out of order: need 0 < depends_at ({depends_at}) <= fine_tune_at ({fine_tune_at})")]
    Thresholds {
        /// The low multiple.
        depends_at: Decimal,
        /// The high multiple.
        fine_tune_at: Decimal,
    },
    /// A date beyond the calendar's range.
    #[error("a date of the horizon is out of range")]
    DateRange,
    /// A throughput in output tokens per second for requests without output.
    #[error("a throughput in output tokens per second needs requests with output tokens")]
    NoOutputTokens,
}
