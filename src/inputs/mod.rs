//! The inputs of a comparison: what each source says ([`Given`]: a scenario
//! file, or the flags), and the one constructor that turns both into the
//! complete, checked [`Inputs`] ([`Inputs::resolve`]): merge rules, defaults,
//! model resolution, file counts and every check across values, in one place.

pub mod counted;
mod counting;
pub mod error;
pub mod given;
mod pairing;
pub mod ranges;
mod resolve;
pub mod scenario;
pub mod serving;

use jiff::civil::Date;
use rust_decimal::Decimal;

use crate::cost::ledger::TrainingSpec;
use crate::cost::{
    horizon_total, monthly_volumes, spread_volume, Billing, CostError, Requests, Thresholds, Tokens, Usd, Verdict,
};
use crate::pricing::{Catalog, Model};
pub use counted::CountedFiles;
pub use error::{Field, InputError, Keys, Names, Need, Problem};
pub use given::Given;
pub use serving::{Dedicated, Serving, Throughput};

/// Epochs when none are given.
pub const DEFAULT_EPOCHS: u32 = 3;

/// What resolving needs besides the two sources.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The loaded price sheets.
    pub catalog: &'a Catalog,
    /// Today: the default start.
    pub today: Date,
    /// Whether a volume must be given (a comparison needs one; a sweep does not).
    pub volume_required: bool,
    /// Where tokenizer files for counting prompt and training files come from.
    pub tokenizers: &'a crate::tokens::TokenizerSource,
    /// How the notes and warnings of the comparison name inputs.
    pub names: crate::names::Naming,
}

/// The prompting path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BasePath {
    /// The model used with the engineered prompt.
    pub model: Model,
    /// Fixed prompt tokens per request.
    pub prompt_tokens: Tokens,
    /// Output tokens per request.
    pub output_tokens: Tokens,
    /// Hidden reasoning tokens per request, billed as output.
    pub reasoning_tokens: Tokens,
}

/// One fine-tuning candidate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// How reports name it: the model id, with the serving where it is dedicated.
    pub label: String,
    /// The model that gets fine-tuned.
    pub model: Model,
    /// How it is served.
    pub serving: Serving,
    /// Fixed prompt tokens still sent to the tuned model.
    pub prompt_tokens: Tokens,
    /// Output tokens per request of the tuned model.
    pub output_tokens: Tokens,
    /// Hidden reasoning tokens per request of the tuned model.
    pub reasoning_tokens: Tokens,
    /// How its training runs are priced.
    pub training: TrainingSpec,
    /// The training method asked for (default: its sheet's cheapest SFT method).
    pub method: Option<String>,
    /// Its success rate on the user's eval set, with quality inputs (§16).
    pub success: Option<Decimal>,
}

impl Candidate {
    /// Output plus reasoning tokens per request: what a replica generates.
    pub fn output_side(&self) -> Tokens {
        self.output_tokens.saturating_add(self.reasoning_tokens)
    }
}

/// Quality in the money (design §16): the prompting path's success rate and
/// what one failed request costs; each candidate carries its own success.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quality {
    /// The prompting path's success rate, in 0..=1.
    pub base_success: Decimal,
    /// The cost of one failed request.
    pub failure_cost: Usd,
}

/// A volume as given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Volume {
    /// Requests over the whole period.
    Total(Requests),
    /// Requests in the first month of a horizon.
    PerMonth(Requests),
}

/// How much traffic, over which months.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Traffic {
    /// The volume given, if any.
    pub volume: Option<Volume>,
    /// Months of the horizon, if any.
    pub months: Option<u32>,
    /// Monthly growth in percent, with a per-month volume.
    pub growth_percent: Option<Decimal>,
}

/// Traffic laid out for the cost model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    /// Requests in all.
    pub total: Requests,
    /// Requests in each month, over a horizon.
    pub monthly: Option<Vec<Requests>>,
}

impl Profile {
    /// `volume` in the first of `months`, growing by `growth` percent a month.
    fn grown(volume: Requests, months: u32, growth: Decimal) -> Result<Profile, CostError> {
        let monthly = monthly_volumes(volume, months, growth)?;
        Ok(Profile {
            total: horizon_total(&monthly)?,
            monthly: Some(monthly),
        })
    }
}

impl Traffic {
    /// The rules of a traffic, in one place: a growth needs a volume per
    /// month, which needs months; and the given volume over the horizon
    /// must be countable (the one overflow check).
    pub fn check(&self) -> Result<(), Problem> {
        if self.growth_percent.is_some() && !self.per_month() {
            return Err(Problem::Needs(Field::Growth, Field::PerMonth));
        }
        if self.per_month() && self.months.is_none() {
            return Err(Problem::Needs(Field::PerMonth, Field::Months));
        }
        match self.given() {
            Some(v) => self.profile(v).map(|_| ()).map_err(Problem::Cost),
            None => Ok(()),
        }
    }

    /// Whether volumes are counted per month (the volume was given per
    /// month), rather than over the whole period.
    pub fn per_month(&self) -> bool {
        matches!(self.volume, Some(Volume::PerMonth(_)))
    }

    /// The volume the user gave, on the axis of [`Traffic::per_month`].
    pub fn given(&self) -> Option<Requests> {
        self.volume
            .map(|(Volume::Total(v) | Volume::PerMonth(v))| v)
    }

    /// The traffic at `volume` requests per month: with the given growth
    /// from the first month when the volume was given per month, else the
    /// same every month. Needs months.
    pub fn profile_per_month(&self, volume: Requests) -> Result<Profile, CostError> {
        let growth = match self.per_month() {
            true => self.growth_percent.unwrap_or_default(),
            false => Decimal::ZERO,
        };
        Profile::grown(volume, self.months.unwrap_or(1), growth)
    }

    /// The traffic at `volume` on this traffic's axis: per month with the
    /// given growth, or a total spread evenly over the months.
    pub fn profile(&self, volume: Requests) -> Result<Profile, CostError> {
        match (self.per_month(), self.months) {
            (true, Some(m)) => Profile::grown(volume, m, self.growth_percent.unwrap_or_default()),
            (_, Some(m)) => Ok(Profile {
                total: volume,
                monthly: Some(spread_volume(volume, m)),
            }),
            (_, None) => Ok(Profile {
                total: volume,
                monthly: None,
            }),
        }
    }
}

/// Complete, checked inputs of a comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inputs {
    /// The prompting path.
    pub(crate) base: BasePath,
    /// The candidates, in the order given.
    pub(crate) candidates: Vec<Candidate>,
    /// Variable input tokens per request, both paths.
    pub(crate) input_tokens: Tokens,
    /// Other one-time cost of the tuned path.
    pub(crate) setup_cost: Usd,
    /// The traffic.
    pub(crate) traffic: Traffic,
    /// The day the decision takes effect: training starts, the tuned path
    /// begins serving. Month `i` of a horizon starts `i − 1` months later.
    pub(crate) start: Date,
    /// The rule of thumb's multiples.
    pub(crate) thresholds: Thresholds,
    /// The verdict a check expects.
    pub(crate) expect: Option<Verdict>,
    /// Prompt caching and batch.
    pub(crate) billing: Billing,
    /// Whether a cache hit rate was given at all (even 0).
    pub(crate) cache_hit_rate_given: bool,
    /// Months between retrainings.
    pub(crate) retrain_every: Option<u32>,
    /// Upkeep of the tuned path per month.
    pub(crate) maintenance_per_month: Usd,
    /// Training examples at hand.
    pub(crate) examples: Option<u64>,
    /// Few-shot examples in the engineered prompt.
    pub(crate) few_shot: Option<u64>,
    /// What was counted from files, and how.
    pub(crate) counted: CountedFiles,
    /// Allowed but suspicious findings while counting files.
    pub(crate) warnings: Vec<String>,
    /// How notes and warnings name inputs.
    pub(crate) names: crate::names::Naming,
    /// Quality inputs, when all were given (§16).
    pub(crate) quality: Option<Quality>,
    /// The estimated inputs given as ranges (§15); their BASE is in place.
    pub(crate) ranges: Vec<ranges::InputRange>,
    /// Logged requests that price the prompting path request by request
    /// (`--usage` with per-request logs, design §20.19).
    pub(crate) logged: Option<std::sync::Arc<crate::cost::logged::LoggedRequests>>,
}
