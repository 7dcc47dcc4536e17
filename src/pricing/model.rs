//! A priced model with its provenance and lifecycle: when it was released,
//! when it (and its fine-tunes) stop serving, when training closes, and the
//! dated price changes ahead.

use std::fmt;
use std::sync::Arc;

use jiff::civil::Date;

use super::lifecycle::{prices_on, PriceChange};
use super::rates::ModelPrices;
use super::{SheetInfo, STALE_AFTER_DAYS};

/// What a sheet says about a model besides its prices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Meta {
    pub released: Option<Date>,
    pub shutdown: Option<Date>,
    pub checked: Option<Date>,
    pub source: Option<String>,
    pub lifecycle_source: Option<String>,
    pub serving_class: Option<String>,
    pub changes: Vec<PriceChange>,
    pub routed: Option<Routing>,
    /// False for a third-party-only figure (sheet `verified = false`).
    pub verified: bool,
    pub availability: Option<Availability>,
    /// The rule a derived price follows (sheet `derived`).
    pub derived: Option<String>,
    /// Size, family and successor (sheet `params`, `active_params`,
    /// `family`, `successor`).
    pub search: super::search_fields::SearchFields,
}

impl Default for Meta {
    fn default() -> Self {
        Meta {
            released: None,
            shutdown: None,
            checked: None,
            source: None,
            lifecycle_source: None,
            serving_class: None,
            changes: Vec::new(),
            routed: None,
            verified: true,
            availability: None,
            derived: None,
            search: Default::default(),
        }
    }
}

/// A model that another model of its provider serves from a day on, billed
/// at the other model's prices (Gemini 2.5 Pro → 3.8 Flash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Routing {
    /// The serving model's name within the provider.
    pub to: String,
    /// The first day requests are routed.
    pub from: Date,
    /// The serving model's prices and changes, filled in once the catalogue
    /// holds it; with the model's own changes before `from`, the synthetic
    /// change on `from` and the target's later changes.
    pub target: Option<RoutedPrices>,
}

/// The target's prices as a routed model reads them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RoutedPrices {
    pub prices: ModelPrices,
    pub changes: Vec<PriceChange>,
    /// Every change the routed model sees, in date order.
    pub timeline: Vec<PriceChange>,
}

/// A priced model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Model {
    /// `PROVIDER/MODEL`.
    pub id: String,
    /// The model's name within its provider.
    pub name: String,
    /// Its prices as the sheet lists them, before any dated change; use
    /// [`Model::prices_on`] for the prices in effect on a day.
    pub prices: ModelPrices,
    /// The sheet that defined it.
    pub sheet: Arc<SheetInfo>,
    pub(crate) meta: Meta,
}

/// Where a model stands on a day, for a status column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// Serving, with no date ahead.
    Active,
    /// Answered by another model of the provider, at its prices, since `1`.
    Routed(String, Date),
    /// To be answered by another model, at its prices, from `1`.
    RoutedFrom(String, Date),
    /// Serving; new fine-tuning jobs stop on this day.
    TrainingCloses(Date),
    /// Serving, but no new fine-tuning job can start since this day.
    TrainingClosed(Date),
    /// Serving until this day (the model's or its fine-tunes' shutdown, the earlier one ahead).
    Retiring(Date),
    /// The base model shut down on `0`; fine-tunes serve until `1`.
    FineTunesOnly(Date, Date),
    /// The model and its fine-tunes shut down; the later of the two days.
    ShutDown(Date),
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Status::Active => write!(f, "active"),
            Status::Routed(to, _) => write!(f, "routed → {to}"),
            Status::RoutedFrom(to, d) => write!(f, "routed → {to} from {d}"),
            Status::TrainingCloses(d) => write!(f, "training closes {d}"),
            Status::TrainingClosed(d) => write!(f, "training closed {d}"),
            Status::Retiring(d) => write!(f, "retiring {d}"),
            Status::FineTunesOnly(d, e) => write!(f, "shut down {d}; fine-tunes until {e}"),
            Status::ShutDown(d) => write!(f, "shut down {d}"),
        }
    }
}

impl Model {
    /// Builds a model of `sheet` (the sheet's provider makes the id).
    pub(crate) fn new(
        name: String,
        prices: ModelPrices,
        meta: Meta,
        sheet: Arc<SheetInfo>,
    ) -> Self {
        Model {
            id: format!("{}/{}", sheet.provider, name),
            name,
            prices,
            sheet,
            meta,
        }
    }

    /// The prices in effect on `day`: the listed prices with every change
    /// whose `from` is on or before `day` applied in date order.
    pub fn prices_on(&self, day: Date) -> ModelPrices {
        let own = prices_on(&self.prices, &self.meta.changes, day);
        match self.routing() {
            Some((r, Some(t))) if r.from <= day => {
                let mut routed = prices_on(&t.prices, &t.changes, day);
                routed.fine_tuning = own.fine_tuning;
                routed
            }
            _ => own,
        }
    }

    /// The dated price changes, in date order; for a routed model, its own
    /// changes before the routing day, the switch to the target's prices on
    /// that day, and the target's changes after it.
    pub fn changes(&self) -> &[PriceChange] {
        match self.routing() {
            Some((_, Some(t))) => &t.timeline,
            _ => &self.meta.changes,
        }
    }

    fn routing(&self) -> Option<(&Routing, Option<&RoutedPrices>)> {
        self.meta.routed.as_ref().map(|r| (r, r.target.as_ref()))
    }

    /// The model that serves this id from a day on, with that day
    /// (`routed_to`, `routed_from`).
    pub fn routed(&self) -> Option<(&str, Date)> {
        self.meta.routed.as_ref().map(|r| (r.to.as_str(), r.from))
    }

    /// False when the sheet marks the figures third-party only (`verified = false`).
    pub fn verified(&self) -> bool {
        self.meta.verified
    }

    /// `preview` or `beta`, where the sheet says so.
    pub fn availability(&self) -> Option<Availability> {
        self.meta.availability
    }

    /// The rule a derived price follows, where the sheet gives one.
    pub fn derived(&self) -> Option<&str> {
        self.meta.derived.as_deref()
    }

    /// The flags that qualify the model's prices wherever they are used:
    /// `unverified`, `preview` / `beta`, `derived`.
    pub fn flags(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        if !self.verified() {
            out.push("unverified");
        }
        if let Some(a) = self.availability() {
            out.push(a.as_str());
        }
        if self.derived().is_some() {
            out.push("derived");
        }
        out
    }

    /// Fills in a routed model's target prices from `target` (a model of
    /// the same provider); an error names what is wrong.
    pub(crate) fn route_to(&mut self, target: Option<&Model>) -> Result<(), String> {
        let Some(r) = self.meta.routed.as_mut() else {
            return Ok(());
        };
        let Some(t) = target else {
            return Err(format!(
                "{}: {}: routed_to `{}` is not a model of provider {}",
                self.sheet.origin, self.id, r.to, self.sheet.provider
            ));
        };
        if t.meta.routed.is_some() {
            return Err(format!(
                "{}: {}: routed_to {} is itself routed; name the model that serves it",
                self.sheet.origin, self.id, t.id
            ));
        }
        let at = t.prices_on(r.from);
        let switch = PriceChange {
            from: r.from,
            input: Some(at.input),
            output: Some(at.output),
            cached_input: at.cached_input,
            cache_write: at.cache_write,
            fine_tuning: None,
            long_context: None,
        };
        let timeline = self
            .meta
            .changes
            .iter()
            .filter(|c| c.from < r.from)
            .cloned()
            .chain(std::iter::once(switch))
            .chain(t.meta.changes.iter().filter(|c| c.from > r.from).cloned())
            .collect();
        r.target = Some(RoutedPrices {
            prices: t.prices.clone(),
            changes: t.meta.changes.clone(),
            timeline,
        });
        Ok(())
    }

    internal! {
        /// Total parameters, where the sheet gives them (`params`).
        fn params(&self) -> Option<u64> {
            self.meta.search.params
        }
    }

    internal! {
        /// Parameters active per token of a mixture of experts (`active_params`).
        fn active_params(&self) -> Option<u64> {
            self.meta.search.active_params
        }
    }

    internal! {
        /// The model family (`family`: `qwen3`, `llama-3.1`, …).
        fn family(&self) -> Option<&str> {
            self.meta.search.family.as_deref()
        }
    }

    internal! {
        /// The provider's named replacement, with its source (`successor`).
        fn successor(&self) -> Option<&super::search_fields::Successor> {
            self.meta.search.successor.as_ref()
        }
    }

    /// The day the model became available, where the sheet says.
    pub fn released(&self) -> Option<Date> {
        self.meta.released
    }

    /// The first day the model no longer serves requests (exclusive end).
    pub fn shutdown(&self) -> Option<Date> {
        self.meta.shutdown
    }

    /// The first day fine-tunes of this model stop serving:
    /// `fine_tuning.shutdown`, else the model's own shutdown.
    pub fn fine_tune_shutdown(&self) -> Option<Date> {
        self.prices
            .fine_tuning
            .as_ref()
            .and_then(|ft| ft.shutdown)
            .or(self.meta.shutdown)
    }

    /// The first day no new fine-tuning job can start: the earliest of the
    /// provider-wide `training_closes`, the model's `fine_tuning.training_closes`
    /// and the fine-tune shutdown. `None` when the model has no fine-tuning
    /// table or no such date.
    pub fn training_cutoff(&self) -> Option<Date> {
        let ft = self.prices.fine_tuning.as_ref()?;
        [
            self.sheet.training_closes,
            ft.training_closes,
            self.fine_tune_shutdown(),
        ]
        .into_iter()
        .flatten()
        .min()
    }

    /// The day the model's prices were last checked against their source:
    /// its own `checked`, else the sheet's `as_of`.
    pub fn checked(&self) -> Date {
        self.meta.checked.unwrap_or(self.sheet.as_of)
    }

    /// The model's own `checked`, as written.
    #[cfg(any(test, feature = "internals"))]
    pub fn own_checked(&self) -> Option<Date> {
        self.meta.checked
    }

    /// Where the model's prices were read: its own `source`, else the sheet's.
    pub fn source(&self) -> &str {
        self.meta.source.as_deref().unwrap_or(&self.sheet.source)
    }

    /// The model's own `source`, as written.
    #[cfg(any(test, feature = "internals"))]
    pub fn own_source(&self) -> Option<&str> {
        self.meta.source.as_deref()
    }

    /// Where the lifecycle dates come from.
    pub fn lifecycle_source(&self) -> Option<&str> {
        self.meta.lifecycle_source.as_deref()
    }

    /// The class of reference-throughput rows that fit this model
    /// (see [`super::serving`]).
    pub fn serving_class(&self) -> Option<&str> {
        self.meta.serving_class.as_deref()
    }

    /// Days from [`Model::checked`] to `today` (negative when checked later).
    pub fn days_since_checked(&self, today: Date) -> i32 {
        today
            .since(self.checked())
            .map(|span| span.get_days())
            .unwrap_or(0)
    }

    /// True when the prices were checked more than [`STALE_AFTER_DAYS`] before `today`.
    pub fn is_stale(&self, today: Date) -> bool {
        self.days_since_checked(today) > STALE_AFTER_DAYS
    }

    /// True when the model serves no requests on `day`.
    pub fn is_shut_down_on(&self, day: Date) -> bool {
        self.meta.shutdown.is_some_and(|s| s <= day)
    }

    /// True when fine-tunes of the model serve no requests on `day`.
    pub fn fine_tunes_shut_down_on(&self, day: Date) -> bool {
        self.fine_tune_shutdown().is_some_and(|s| s <= day)
    }

    /// True when `ftvp prices` leaves the model out at `start`: the model has
    /// shut down and so have its fine-tunes (an Azure fine-tune outlives its base).
    pub fn is_hidden_at(&self, start: Date) -> bool {
        self.is_shut_down_on(start)
            && (self.prices.fine_tuning.is_none() || self.fine_tunes_shut_down_on(start))
    }

    /// Where the model stands on `day`.
    pub fn status_on(&self, day: Date) -> Status {
        let base = self.meta.shutdown;
        let tuned = self
            .prices
            .fine_tuning
            .as_ref()
            .and(self.fine_tune_shutdown());
        let later = base.max(tuned);
        if self.is_hidden_at(day) {
            return Status::ShutDown(later.unwrap_or(day));
        }
        if let (Some(b), Some(t)) = (base, tuned) {
            if b <= day {
                return Status::FineTunesOnly(b, t);
            }
        }
        if let Some(next) = [base, tuned]
            .into_iter()
            .flatten()
            .filter(|&d| d > day)
            .min()
        {
            return Status::Retiring(next);
        }
        if let Some(r) = &self.meta.routed {
            let to = r.to.clone();
            return match r.from <= day {
                true => Status::Routed(to, r.from),
                false => Status::RoutedFrom(to, r.from),
            };
        }
        match self.training_cutoff() {
            Some(c) if c > day => Status::TrainingCloses(c),
            Some(c) => Status::TrainingClosed(c),
            None => Status::Active,
        }
    }
}
/// How generally a model is offered (sheet key `availability`): a preview or
/// beta is flagged wherever its prices are used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Availability {
    /// Offered as a preview.
    Preview,
    /// Offered as a beta.
    Beta,
}

impl Availability {
    /// `preview` or `beta`.
    pub fn as_str(self) -> &'static str {
        match self {
            Availability::Preview => "preview",
            Availability::Beta => "beta",
        }
    }
}

