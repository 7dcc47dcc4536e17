//! The reports of `ftvp prices`: the price list at a start date
//! (`ftvp.prices/1`), the GPU list (`ftvp.gpus/1`), the checks before
//! trusting the sheets (`ftvp.check/1`) and an import's summary
//! (`ftvp.import/1`).

use jiff::civil::Date;
use serde::Serialize;

use crate::pricing::check::{check, visible_at, CheckOptions, Finding};
use crate::pricing::import::Import;
use crate::pricing::{Catalog, Gpu, Model, ModelPrices, PriceChange};

/// One model of the price list.
#[derive(Debug, Clone, Serialize)]
pub struct PriceRow<'a> {
    /// `PROVIDER/MODEL`.
    pub id: &'a str,
    /// The provider.
    pub provider: &'a str,
    /// The model's name within its provider.
    pub model: &'a str,
    /// The sheet's currency.
    pub currency: &'a str,
    /// The prices in effect on the start date.
    #[serde(flatten)]
    pub prices: ModelPrices,
    /// The sheet's date.
    pub as_of: String,
    /// Where the model's prices were read.
    pub source: &'a str,
    /// The sheet: `embedded:openai.toml` or the file's path.
    pub sheet: &'a str,
    /// Where the sheet says its prices were read (a model may name its own `source`).
    #[serde(skip)]
    pub sheet_source: &'a str,
    /// The day the model's prices were last checked.
    pub checked: String,
    /// `active`, `retiring 2027-01-14`, `shut down 2026-10-23`, … on the start date.
    pub status: String,
    /// The day the model was released, if known.
    pub released: Option<String>,
    /// The first day the model no longer serves, if known.
    pub shutdown: Option<String>,
    /// The first day its fine-tunes no longer serve.
    pub fine_tune_shutdown: Option<String>,
    /// The first day no new fine-tuning job can start.
    pub training_closes: Option<String>,
    /// Where the lifecycle dates come from.
    pub lifecycle_source: Option<&'a str>,
    /// Dated price changes, oldest first.
    pub changes: &'a [PriceChange],
    /// The model that serves this id at its prices from `routed_from`.
    pub routed_to: Option<&'a str>,
    /// The first day requests are routed.
    pub routed_from: Option<String>,
    /// `unverified`, `preview`, `beta`, `derived`: what qualifies the prices.
    pub flags: Vec<&'static str>,
    /// The rule a derived price follows.
    pub derived: Option<&'a str>,
}

/// `ftvp.prices/1`.
#[derive(Debug, Clone, Serialize)]
pub struct PriceList<'a> {
    /// Always `ftvp.prices/1`.
    pub schema: &'static str,
    /// The day statuses and prices are given for.
    pub start: String,
    /// Models left out because they and their fine-tunes shut down before the start.
    pub hidden: usize,
    /// The models shown, by id unless sorted.
    pub models: Vec<PriceRow<'a>>,
    /// The order the models were put in ([`PriceList::sorted`]); none: by id.
    #[serde(skip)]
    pub sort: Option<PriceSort>,
}

/// An order of the price list: newest release first, or lowest price first;
/// models without the value go last, ties stay by id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PriceSort {
    /// Release date, newest first.
    Released,
    /// Input price per 1M tokens, lowest first.
    Input,
    /// Output price per 1M tokens, lowest first.
    Output,
    /// Training price per 1M training tokens, lowest first.
    Training,
}

impl PriceSort {
    /// How the order is described under the table.
    pub fn describe(self) -> &'static str {
        match self {
            PriceSort::Released => "newest release first",
            PriceSort::Input => "lowest input price first",
            PriceSort::Output => "lowest output price first",
            PriceSort::Training => "lowest training price first",
        }
    }
}

impl PriceList<'_> {
    /// The list in the order `by` (stable: ties keep their order by id).
    pub fn sorted(mut self, by: PriceSort) -> Self {
        use std::cmp::Reverse;
        let last = |o: Option<rust_decimal::Decimal>| (o.is_none(), o);
        match by {
            PriceSort::Released => self
                .models
                .sort_by_key(|m| (m.released.is_none(), Reverse(m.released.clone()))),
            PriceSort::Input => self.models.sort_by_key(|m| m.prices.input),
            PriceSort::Output => self.models.sort_by_key(|m| m.prices.output),
            PriceSort::Training => self.models.sort_by_key(|m| {
                last(m.prices.fine_tuning.as_ref().and_then(|f| f.training))
            }),
        }
        self.sort = Some(by);
        self
    }
}

fn date(d: Option<Date>) -> Option<String> {
    d.map(|d| d.to_string())
}

impl<'a> PriceRow<'a> {
    /// The row of `m` on `start`.
    pub fn of(m: &'a Model, start: Date) -> PriceRow<'a> {
        PriceRow {
            id: &m.id,
            provider: &m.sheet.provider,
            model: &m.name,
            currency: &m.sheet.currency,
            prices: m.prices_on(start),
            as_of: m.sheet.as_of.to_string(),
            source: m.source(),
            sheet: &m.sheet.origin,
            sheet_source: &m.sheet.source,
            checked: m.checked().to_string(),
            status: m.status_on(start).to_string(),
            released: date(m.released()),
            shutdown: date(m.shutdown()),
            fine_tune_shutdown: date(m.fine_tune_shutdown()),
            training_closes: date(m.training_cutoff()),
            lifecycle_source: m.lifecycle_source(),
            changes: m.changes(),
            routed_to: m.routed().map(|r| r.0),
            routed_from: date(m.routed().map(|r| r.1)),
            flags: m.flags(),
            derived: m.derived(),
        }
    }
}

/// The models that pass the filters, at `start`; unless `all`, models shut
/// down (with their fine-tunes) before `start` are left out and counted.
pub fn price_list<'a>(models: Vec<&'a Model>, start: Date, all: bool) -> PriceList<'a> {
    let (shown, hidden) = match all {
        true => (models, 0),
        false => visible_at(models, start),
    };
    PriceList {
        schema: "ftvp.prices/1",
        start: start.to_string(),
        hidden,
        models: shown.into_iter().map(|m| PriceRow::of(m, start)).collect(),
        sort: None,
    }
}

/// One GPU of the list.
#[derive(Debug, Clone, Serialize)]
pub struct GpuRow<'a> {
    /// `PROVIDER/GPU`.
    pub id: &'a str,
    /// The provider.
    pub provider: &'a str,
    /// The sheet's currency.
    pub currency: &'a str,
    /// Price per GPU-hour.
    #[serde(with = "crate::format::exact_money")]
    pub per_hour: crate::cost::Usd,
    /// A few words on the offer.
    pub description: Option<&'a str>,
    /// The day the price was last checked.
    pub checked: String,
    /// Where it was read.
    pub source: &'a str,
}

/// `ftvp.gpus/1`.
#[derive(Debug, Clone, Serialize)]
pub struct GpuList<'a> {
    /// Always `ftvp.gpus/1`.
    pub schema: &'static str,
    /// The GPUs, by id.
    pub gpus: Vec<GpuRow<'a>>,
}

/// The GPUs of the providers that pass `provider` whose id contains `query`
/// (case-insensitive).
pub fn gpu_list<'a>(
    catalog: &'a Catalog,
    query: Option<&str>,
    provider: Option<&str>,
) -> GpuList<'a> {
    let of = |g: &'a Gpu| GpuRow {
        id: &g.id,
        provider: &g.sheet.provider,
        currency: &g.sheet.currency,
        per_hour: g.per_hour,
        description: g.description.as_deref(),
        checked: g.checked().to_string(),
        source: g.source(),
    };
    let query = query.map(str::to_lowercase);
    let wanted = |g: &&Gpu| {
        provider.is_none_or(|p| g.sheet.provider.eq_ignore_ascii_case(p))
            && query.as_ref().is_none_or(|q| g.id.to_lowercase().contains(q))
    };
    GpuList {
        schema: "ftvp.gpus/1",
        gpus: catalog.gpus().filter(wanted).map(of).collect(),
    }
}

/// One finding of `ftvp prices check`.
#[derive(Debug, Clone, Serialize)]
pub struct CheckRow {
    /// The model.
    pub model: String,
    /// `stale`, `shutdown`, `fine-tune-shutdown`, `training-cutoff`, `price-change`.
    pub kind: &'static str,
    /// The date it concerns.
    pub date: String,
    /// A sentence for people.
    pub message: String,
}

/// `ftvp.check/1`.
#[derive(Debug, Clone, Serialize)]
pub struct CheckReport {
    /// Always `ftvp.check/1`.
    pub schema: &'static str,
    /// The day of the check.
    pub today: String,
    /// How far before and after today dates count.
    pub within_days: i32,
    /// Prices checked longer ago than this many days are findings.
    pub stale_after_days: i32,
    /// What to look at, by date.
    pub findings: Vec<CheckRow>,
}

/// The checks of the sheets.
pub fn check_report(catalog: &Catalog, opts: &CheckOptions) -> CheckReport {
    let row = |f: Finding| CheckRow {
        // The message names the model first; the row has its own column for it.
        message: f
            .message
            .strip_prefix(&format!("{}: ", f.model))
            .map_or(f.message.clone(), str::to_string),
        model: f.model,
        kind: f.kind.code(),
        date: f.date.to_string(),
    };
    CheckReport {
        schema: "ftvp.check/1",
        today: opts.today.to_string(),
        within_days: opts.within_days,
        stale_after_days: opts.stale_after_days,
        findings: check(catalog, opts).into_iter().map(row).collect(),
    }
}

/// One field an import changes.
#[derive(Debug, Clone, Serialize)]
pub struct FieldChange {
    /// The model.
    pub model: String,
    /// The sheet field: `input`, `fine_tuning.output`, `shutdown`, ….
    pub field: &'static str,
    /// The loaded value; null where the loaded sheet has none.
    pub old: Option<String>,
    /// The imported value; null where the import has none.
    pub new: Option<String>,
}

/// `ftvp.import/1`.
#[derive(Debug, Clone, Serialize)]
pub struct ImportReport {
    /// Always `ftvp.import/1`.
    pub schema: &'static str,
    /// The folder the sheets were written to.
    pub folder: String,
    /// The files written, with their models.
    pub sheets: Vec<ImportedFile>,
    /// Ids no loaded sheet had.
    pub added: Vec<String>,
    /// Ids whose prices (or shutdown) differ from the loaded ones.
    pub changed: Vec<String>,
    /// Each changed field of those ids, with its old and new value.
    pub changes: Vec<FieldChange>,
    /// Whether nothing was written (`--dry-run`).
    pub dry_run: bool,
    /// How many ids kept the loaded prices.
    pub unchanged: usize,
    /// Entries not imported, by reason.
    pub skipped: Vec<Skipped>,
    /// `ft:` entries whose prices were attached to a model.
    pub fine_tuned: usize,
    /// Entries of LiteLLM providers not mapped to ftvp, most first.
    pub skipped_providers: Vec<SkippedProvider>,
}

/// Entries of one LiteLLM provider that ftvp does not map.
#[derive(Debug, Clone, Serialize)]
pub struct SkippedProvider {
    /// LiteLLM's provider name.
    pub provider: String,
    /// How many entries.
    pub count: usize,
}

/// A sheet the import wrote.
#[derive(Debug, Clone, Serialize)]
pub struct ImportedFile {
    /// Its path.
    pub file: String,
    /// How many models it holds.
    pub models: usize,
}

/// Entries skipped for one reason.
#[derive(Debug, Clone, Serialize)]
pub struct Skipped {
    /// Why.
    pub reason: &'static str,
    /// How many.
    pub count: usize,
}

/// The summary of an import written to `folder`.
pub fn import_report(import: &Import, folder: &std::path::Path, dry_run: bool) -> ImportReport {
    let s = &import.summary;
    ImportReport {
        schema: "ftvp.import/1",
        folder: folder.display().to_string(),
        sheets: import
            .sheets
            .iter()
            .map(|sheet| ImportedFile {
                file: folder.join(&sheet.file_name).display().to_string(),
                models: sheet.models,
            })
            .collect(),
        added: s.added.clone(),
        changed: s.changed.clone(),
        changes: s
            .field_changes
            .iter()
            .map(|(model, field, old, new)| FieldChange {
                model: model.clone(),
                field,
                old: old.clone(),
                new: new.clone(),
            })
            .collect(),
        dry_run,
        unchanged: s.unchanged.len(),
        skipped: s
            .skipped
            .iter()
            .map(|(why, &count)| Skipped {
                reason: why.describe(),
                count,
            })
            .collect(),
        fine_tuned: s.fine_tuned,
        skipped_providers: {
            let mut v: Vec<SkippedProvider> = s
                .skipped_providers
                .iter()
                .map(|(p, &count)| SkippedProvider {
                    provider: p.clone(),
                    count,
                })
                .collect();
            v.sort_by(|a, b| b.count.cmp(&a.count).then(a.provider.cmp(&b.provider)));
            v
        },
    }
}
