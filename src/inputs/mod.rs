//! The inputs of a comparison: what each source says ([`Given`]: a scenario
//! file, or the flags), and the one constructor that turns both into the
//! complete, checked [`Inputs`] ([`Inputs::resolve`]): merge rules, defaults,
//! model resolution, file counts and every check across values, in one place.

pub mod counted;
mod counting;
pub mod error;
pub mod given;
pub mod scenario;
pub mod serving;

use jiff::civil::Date;
use rust_decimal::Decimal;

use crate::cost::ledger::TrainingSpec;
use crate::cost::{
    monthly_volumes, spread_volume, Billing, CostError, Requests, Thresholds, Tokens, Usd, Verdict,
};
use crate::pricing::{Catalog, Model};
pub use counted::CountedFiles;
use counting::{count_training, PromptCounter};
pub use error::{Field, InputError, Keys, Names, Need, Place, Problem};
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
}

/// The prompting path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BasePath {
    /// The model used with the engineered prompt.
    pub model: Model,
    /// Fixed prompt tokens per request.
    pub prompt_tokens: Tokens,
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
    /// How its training runs are priced.
    pub training: TrainingSpec,
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

impl Traffic {
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
        let months = self.months.unwrap_or(1);
        let growth = match self.per_month() {
            true => self.growth_percent.unwrap_or_default(),
            false => Decimal::ZERO,
        };
        let monthly = monthly_volumes(volume, months, growth)?;
        let total = monthly
            .iter()
            .try_fold(0u64, |sum, &v| sum.checked_add(v))
            .ok_or(CostError::Overflow("the volume over the horizon"))?;
        Ok(Profile {
            total,
            monthly: Some(monthly),
        })
    }

    /// The traffic at `volume` on this traffic's axis: per month with the
    /// given growth, or a total spread evenly over the months.
    pub fn profile(&self, volume: Requests) -> Result<Profile, CostError> {
        match (self.per_month(), self.months) {
            (true, Some(m)) => {
                let growth = self.growth_percent.unwrap_or_default();
                let monthly = monthly_volumes(volume, m, growth)?;
                let total = monthly
                    .iter()
                    .try_fold(0u64, |sum, &v| sum.checked_add(v))
                    .ok_or(CostError::Overflow("the volume over the horizon"))?;
                Ok(Profile {
                    total,
                    monthly: Some(monthly),
                })
            }
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
    pub base: BasePath,
    /// The candidates, in the order given.
    pub candidates: Vec<Candidate>,
    /// Variable input tokens per request, both paths.
    pub input_tokens: Tokens,
    /// Output tokens per request, both paths.
    pub output_tokens: Tokens,
    /// Other one-time cost of the tuned path.
    pub setup_cost: Usd,
    /// The traffic.
    pub traffic: Traffic,
    /// The day the decision takes effect: training starts, the tuned path
    /// begins serving. Month `i` of a horizon starts `i − 1` months later.
    pub start: Date,
    /// The training method asked for (default: each sheet's cheapest SFT method).
    pub method: Option<String>,
    /// The rule of thumb's multiples.
    pub thresholds: Thresholds,
    /// The verdict a check expects.
    pub expect: Option<Verdict>,
    /// Prompt caching and batch.
    pub billing: Billing,
    /// Whether a cache hit rate was given at all (even 0).
    pub cache_hit_rate_given: bool,
    /// Months between retrainings.
    pub retrain_every: Option<u32>,
    /// Upkeep of the tuned path per month.
    pub maintenance_per_month: Usd,
    /// Training examples at hand.
    pub examples: Option<u64>,
    /// Few-shot examples in the engineered prompt.
    pub few_shot: Option<u64>,
    /// What was counted from files, and how.
    pub counted: CountedFiles,
    /// Allowed but suspicious findings while counting files.
    pub warnings: Vec<String>,
}

/// The later source's value if it has one, else the earlier's.
fn pick<T: Clone>(flag: &Option<T>, file: &Option<T>) -> Option<T> {
    flag.clone().or_else(|| file.clone())
}

impl Inputs {
    /// Lays the flags over the scenario (a value given as a flag wins; a
    /// training flag replaces the whole training group, a volume flag the
    /// volume and `[horizon]`, `--tuned` the candidate list), applies the
    /// defaults, resolves the models, counts the files and checks it all.
    pub fn resolve(scenario: &Given, flags: &Given, cx: &Context) -> Result<Inputs, InputError> {
        let (s, f) = (scenario, flags);
        let training = if f.training.prices_training() {
            &f.training
        } else {
            &s.training
        };
        let volume_from = if f.volume.is_some() || f.horizon.per_month.is_some() {
            f
        } else {
            s
        };
        let tuned = f.tuned.as_ref().or(s.tuned.as_ref());
        missing(f, s, training, volume_from, tuned, cx)?;
        let (Some(base_id), Some(tuned)) = (pick(&f.base.model, &s.base.model), tuned) else {
            unreachable!("missing() has checked both");
        };
        let base = resolve_model(cx.catalog, &base_id, Field::Base)?;
        let models = candidates(cx.catalog, &base, tuned)?;
        let mut counter = PromptCounter::default();
        let mut counted = CountedFiles::default();
        let base_prompt = base_prompt(f, s, &base, &mut counter, &mut counted)?;
        let prompts = tuned_prompts(f, tuned, &models, &mut counter, &mut counted)?;
        let output = pick(&f.request.output_tokens, &s.request.output_tokens).unwrap_or(0);
        let input = pick(&f.request.input_tokens, &s.request.input_tokens).unwrap_or(0);
        let shapes: Vec<serving::Shape> = prompts
            .iter()
            .map(|&p| serving::Shape {
                input: p.saturating_add(input),
                output,
            })
            .collect();
        let servings = serving::servings(f, tuned, &models, &shapes, cx.catalog)?;
        let (specs, training_count) = training_specs(f, s, training, &models)?;
        counted.training = training_count;
        let traffic = traffic(volume_from, f)?;
        let candidates = labelled(models, prompts, specs, servings, &traffic)?;
        let retrain_every = pick(
            &f.training.retrain_every_months,
            &s.training.retrain_every_months,
        );
        let maintenance = pick(
            &f.training.maintenance_per_month,
            &s.training.maintenance_per_month,
        );
        let horizon = traffic.months.is_some();
        for (given, field) in [
            (retrain_every.is_some(), Field::RetrainEvery),
            (maintenance.is_some(), Field::Maintenance),
        ] {
            if given && !horizon {
                return Err(Problem::NeedsHorizon(field).into());
            }
        }
        let cache_hit_rate = pick(&f.request.cache_hit_rate, &s.request.cache_hit_rate);
        Ok(Inputs {
            base: BasePath {
                model: base,
                prompt_tokens: base_prompt,
            },
            candidates,
            input_tokens: input,
            output_tokens: output,
            setup_cost: pick(&f.training.setup_cost, &s.training.setup_cost).unwrap_or_default(),
            traffic,
            // A flag that replaces the volume or [horizon] never drops the start.
            start: pick(&f.horizon.start, &s.horizon.start).unwrap_or(cx.today),
            method: pick(&f.training.method, &s.training.method),
            thresholds: thresholds(f, s)?,
            expect: pick(&f.expect.verdict, &s.expect.verdict),
            billing: Billing {
                cache_hit_rate: cache_hit_rate.unwrap_or_default(),
                batch: pick(&f.request.batch, &s.request.batch).unwrap_or(false),
            },
            cache_hit_rate_given: cache_hit_rate.is_some(),
            retrain_every,
            maintenance_per_month: maintenance.unwrap_or_default(),
            examples: pick(&f.training.examples, &s.training.examples),
            few_shot: pick(&f.base.few_shot, &s.base.few_shot),
            counted,
            warnings: counter.warnings,
        })
    }
}

/// Every required input that neither source gives, in one error.
fn missing(
    f: &Given,
    s: &Given,
    training: &given::Training,
    volume_from: &Given,
    tuned: Option<&Vec<given::Tuned>>,
    cx: &Context,
) -> Result<(), InputError> {
    let mut needs = Vec::new();
    if f.base.model.is_none() && s.base.model.is_none() {
        needs.push(Need::One(Field::Base));
    }
    if tuned.is_none_or(Vec::is_empty) {
        needs.push(Need::One(Field::Tuned));
    }
    if !training.prices_training() {
        needs.push(Need::Either(Field::TrainingCost, Field::TrainingTokens));
    }
    let volume = volume_from.volume.is_some() || volume_from.horizon.per_month.is_some();
    if cx.volume_required && !volume {
        needs.push(Need::One(Field::Volume));
    }
    if needs.is_empty() {
        Ok(())
    } else {
        Err(Problem::Missing(needs).into())
    }
}

fn resolve_model(catalog: &Catalog, id: &str, field: Field) -> Result<Model, InputError> {
    catalog
        .resolve(id)
        .cloned()
        .map_err(|e| Problem::Model(field, e).into())
}

/// The candidates: each once (a model may be a candidate served per token
/// and dedicated), named, fine-tunable where it is served per token, and
/// dedicated ones over a horizon.
fn labelled(
    models: Vec<Model>,
    prompts: Vec<Tokens>,
    specs: Vec<TrainingSpec>,
    servings: Vec<Serving>,
    traffic: &Traffic,
) -> Result<Vec<Candidate>, InputError> {
    let mut out: Vec<Candidate> = Vec::with_capacity(models.len());
    for (((model, prompt_tokens), training), serving) in
        models.into_iter().zip(prompts).zip(specs).zip(servings)
    {
        let label = match &serving {
            Serving::PerToken => model.id.clone(),
            Serving::Dedicated(d) => match &d.gpu {
                Some(gpu) => format!("{} (dedicated {gpu})", model.id),
                None => format!("{} (dedicated)", model.id),
            },
        };
        if out.iter().any(|c| c.label == label) {
            return Err(Problem::Duplicate(label).into());
        }
        match serving {
            Serving::PerToken if model.prices.fine_tuning.is_none() => {
                return Err(Problem::NotFineTunable {
                    model: model.id,
                    sheet: model.sheet.origin.clone(),
                }
                .into())
            }
            Serving::Dedicated(_) if traffic.months.is_none() => {
                return Err(Problem::NeedsHorizon(Field::Serve).into())
            }
            _ => {}
        }
        out.push(Candidate {
            label,
            model,
            serving,
            prompt_tokens,
            training,
        });
    }
    Ok(out)
}

/// The candidates' models: resolved, and priced in the base model's currency.
fn candidates(
    catalog: &Catalog,
    base: &Model,
    tuned: &[given::Tuned],
) -> Result<Vec<Model>, InputError> {
    let mut models: Vec<Model> = Vec::with_capacity(tuned.len());
    for t in tuned {
        let model = resolve_model(catalog, &t.model, Field::Tuned)?;
        if base.sheet.currency != model.sheet.currency {
            return Err(Problem::Currency {
                base: base.id.clone(),
                base_currency: base.sheet.currency.clone(),
                tuned: model.id,
                tuned_currency: model.sheet.currency.clone(),
            }
            .into());
        }
        models.push(model);
    }
    Ok(models)
}

/// The engineered prompt's tokens: a prompt flag (count or file) replaces
/// the scenario's prompt.
fn base_prompt(
    f: &Given,
    s: &Given,
    model: &Model,
    counter: &mut PromptCounter,
    counted: &mut CountedFiles,
) -> Result<Tokens, InputError> {
    let from_flags = f.base.prompt_tokens.is_some() || f.base.prompt_file.is_some();
    let b = if from_flags { &f.base } else { &s.base };
    match (&b.prompt_file, b.prompt_tokens) {
        (Some(file), _) => {
            let c = counter.count(file, model, Field::BasePromptFile)?;
            let tokens = c.tokens;
            counted.base_prompt = Some(c);
            Ok(tokens)
        }
        (None, tokens) => Ok(tokens.unwrap_or(0)),
    }
}

/// Each candidate's fixed prompt: the prompt flags (once for all, or once
/// each by position) over the candidates' own.
fn tuned_prompts(
    f: &Given,
    tuned: &[given::Tuned],
    models: &[Model],
    counter: &mut PromptCounter,
    counted: &mut CountedFiles,
) -> Result<Vec<Tokens>, InputError> {
    let n = models.len();
    let numbers = Pairing::of(Field::TunedPrompt, f.tuned_prompts.len(), n)?;
    let files = Pairing::of(Field::TunedPromptFile, f.tuned_prompt_files.len(), n)?;
    let mut out = Vec::with_capacity(n);
    for (i, (t, model)) in tuned.iter().zip(models).enumerate() {
        let file = match (numbers.index(i), files.index(i)) {
            (Some(k), _) => {
                out.push(f.tuned_prompts[k]);
                continue;
            }
            (None, Some(k)) => Some(&f.tuned_prompt_files[k]),
            (None, None) => t.prompt_file.as_ref(),
        };
        match file {
            Some(file) => {
                let c = counter.count(file, model, Field::TunedPromptFile)?;
                out.push(c.tokens);
                counted.tuned_prompts.push(c);
            }
            None => out.push(t.prompt_tokens.unwrap_or(0)),
        }
    }
    Ok(out)
}

/// How a per-candidate flag applies to the candidates.
#[derive(Clone, Copy)]
pub(crate) enum Pairing {
    /// Not given.
    None,
    /// Given once: for every candidate.
    All,
    /// Given once per candidate: by position.
    Each,
}

impl Pairing {
    pub(crate) fn of(field: Field, given: usize, candidates: usize) -> Result<Pairing, InputError> {
        match given {
            0 => Ok(Pairing::None),
            1 => Ok(Pairing::All),
            g if g == candidates => Ok(Pairing::Each),
            g => Err(Problem::PerCandidate {
                field,
                given: g,
                candidates,
            }
            .into()),
        }
    }

    /// The value for candidate `i`.
    pub(crate) fn index(self, i: usize) -> Option<usize> {
        match self {
            Pairing::None => None,
            Pairing::All => Some(0),
            Pairing::Each => Some(i),
        }
    }
}

/// How each candidate's training is priced, and what a training file held.
fn training_specs(
    f: &Given,
    s: &Given,
    training: &given::Training,
    models: &[Model],
) -> Result<(Vec<TrainingSpec>, Option<counted::CountedTraining>), InputError> {
    if training.cost.is_some() && training.tokens.is_some() {
        return Err(Problem::Both(Field::TrainingCost, Field::TrainingTokens).into());
    }
    // Epochs belong to training tokens: a training cost given as a flag
    // leaves the scenario's epochs behind.
    let epochs = match f.training.cost {
        Some(_) => f.training.epochs,
        None => pick(&f.training.epochs, &s.training.epochs),
    };
    let n = models.len();
    match (training.cost, training.tokens, &training.file) {
        (Some(_), _, _) if epochs.is_some() => Err(Problem::EpochsWithCost.into()),
        (Some(cost), _, _) => Ok((vec![TrainingSpec::Cost(cost); n], None)),
        (None, Some(tokens), _) => {
            let epochs = epochs.unwrap_or(DEFAULT_EPOCHS);
            Ok((vec![TrainingSpec::Tokens { tokens, epochs }; n], None))
        }
        (None, None, Some(file)) => {
            let refs: Vec<&Model> = models.iter().collect();
            let c = count_training(file, &refs, epochs)?;
            let specs = c
                .per_epoch
                .iter()
                .map(|&tokens| TrainingSpec::Tokens {
                    tokens,
                    epochs: c.epochs,
                })
                .collect();
            Ok((specs, Some(c.counted)))
        }
        (None, None, None) => unreachable!("missing() has checked the training inputs"),
    }
}

/// The volume and the horizon: from the source that gives a volume, with
/// `--months` and `--growth` flags over it.
fn traffic(from: &Given, f: &Given) -> Result<Traffic, InputError> {
    let volume = match (from.volume, from.horizon.per_month) {
        (Some(_), Some(_)) => return Err(Problem::Both(Field::Volume, Field::PerMonth).into()),
        (Some(v), None) => Some(Volume::Total(v)),
        (None, Some(v)) => Some(Volume::PerMonth(v)),
        (None, None) => None,
    };
    let traffic = Traffic {
        volume,
        months: f.horizon.months.or(from.horizon.months),
        growth_percent: f.horizon.growth_percent.or(from.horizon.growth_percent),
    };
    if let Some(g) = traffic.growth_percent.filter(|g| *g < Decimal::from(-100)) {
        return Err(Problem::Invalid {
            field: Field::Growth,
            message: format!("{g} is below -100%: a volume cannot shrink below zero"),
        }
        .into());
    }
    if traffic.growth_percent.is_some() && !traffic.per_month() {
        return Err(Problem::Needs(Field::Growth, Field::PerMonth).into());
    }
    if traffic.per_month() && traffic.months.is_none() {
        return Err(Problem::Needs(Field::PerMonth, Field::Months).into());
    }
    if let Some(v) = traffic.given() {
        traffic.profile(v).map_err(Problem::Cost)?;
    }
    Ok(traffic)
}

fn thresholds(f: &Given, s: &Given) -> Result<Thresholds, InputError> {
    let defaults = Thresholds::default();
    let lo = pick(&f.thresholds.depends_at, &s.thresholds.depends_at);
    let hi = pick(&f.thresholds.fine_tune_at, &s.thresholds.fine_tune_at);
    let (lo, hi) = (
        lo.unwrap_or(defaults.depends_at()),
        hi.unwrap_or(defaults.fine_tune_at()),
    );
    Thresholds::new(lo, hi).map_err(|_| {
        Problem::Thresholds {
            depends_at: lo,
            fine_tune_at: hi,
        }
        .into()
    })
}
