//! [`Inputs::resolve`]: the flags over a scenario file, merged by the rules
//! of design §5 (a value given as a flag wins; a training flag replaces the
//! whole training group, a volume flag the volume and `[horizon]`, `--tuned`
//! the candidate list), with the defaults, model resolution, file counts and
//! every check across values.

use rust_decimal::Decimal;

use super::counting::{count_training, PromptCounter};
use super::given::{self, Extras, Given, Tuned};
use super::pairing::Pairing;
use super::ranges::{self, InputRange};
use super::serving::{self, Serving};
use super::{
    BasePath, Candidate, Context, CountedFiles, Field, InputError, Inputs, Need, Problem, Quality,
    Traffic, Volume, DEFAULT_EPOCHS,
};
use crate::cost::ledger::TrainingSpec;
use crate::cost::{Billing, Thresholds, Tokens};
use crate::pricing::{Catalog, Model};

/// The later source's value if it has one, else the earlier's.
fn pick<T: Clone>(flag: &Option<T>, file: &Option<T>) -> Option<T> {
    flag.clone().or_else(|| file.clone())
}

/// The two sources, with the groups a flag replaces already chosen.
struct Sources<'a> {
    /// The scenario file (empty without one).
    s: &'a Given,
    /// The flags.
    f: &'a Given,
    /// What the flags give per candidate.
    x: &'a Extras,
    /// The training group: the flags' when they price training.
    training: &'a given::Training,
    /// The volume and `[horizon]`: the flags' when they give a volume.
    volume_from: &'a Given,
    /// The candidates: `--tuned` replaces the scenario's list.
    tuned: &'a [Tuned],
}

/// Tokens of one request on one path.
struct PathTokens {
    prompt: Tokens,
    output: Tokens,
    reasoning: Tokens,
}

impl Inputs {
    /// The inputs `given` says, with the defaults applied, the models
    /// resolved, the files counted and everything checked.
    pub fn from_given(given: &Given, cx: &Context) -> Result<Inputs, InputError> {
        Inputs::resolve(None, given, &Extras::default(), cx)
    }

    internal! {
        /// Lays the command line (`flags` with its `extras`) over a scenario
        /// file, applies the defaults, resolves the models, counts the files and
        /// checks it all.
        fn resolve(
            scenario: Option<&Given>,
            flags: &Given,
            extras: &Extras,
            cx: &Context,
        ) -> Result<Inputs, InputError> {
            let empty = Given::default();
            let src = Sources::new(scenario.unwrap_or(&empty), flags, extras);
            src.missing(cx)?;
            let base = src.base_model(cx.catalog)?;
            let models = src.candidate_models(cx.catalog, &base)?;
            let mut counter = PromptCounter::new(cx.tokenizers);
            let mut counted = CountedFiles::default();
            let base_path = src.base_path(base, &mut counter, &mut counted)?;
            let tokens = src.candidate_tokens(&models, &mut counter, &mut counted)?;
            let servings = src.servings(&models, &tokens, cx.catalog)?;
            let (specs, training_count) = src.training_specs(&models, cx)?;
            counted.training = training_count;
            let traffic = src.traffic()?;
            let methods = src.methods(models.len())?;
            let mut candidates = labelled(models, tokens, specs, servings, methods, &traffic)?;
            src.check_recurring(&traffic)?;
            let quality = src.quality(&mut candidates)?;
            let ranges = src.ranges(&candidates);
            let mut inputs = src.inputs(base_path, candidates, traffic, cx)?;
            inputs.quality = quality;
            inputs.ranges = ranges;
            inputs.counted = counted;
            inputs.warnings = counter.warnings;
            inputs.warnings.extend(src.growth_warning(&inputs.traffic));
            Ok(inputs)
        }
    }
}

impl<'a> Sources<'a> {
    fn new(s: &'a Given, f: &'a Given, x: &'a Extras) -> Sources<'a> {
        let training = match f.training.prices_training() {
            true => &f.training,
            false => &s.training,
        };
        let volume_from = match f.volume.is_some() || f.horizon.per_month.is_some() {
            true => f,
            false => s,
        };
        let tuned = f.tuned.as_deref().or(s.tuned.as_deref()).unwrap_or(&[]);
        Sources {
            s,
            f,
            x,
            training,
            volume_from,
            tuned,
        }
    }

    /// Every required input that neither source gives, in one error.
    fn missing(&self, cx: &Context) -> Result<(), InputError> {
        let (s, f) = (self.s, self.f);
        let given = |flag: bool, file: bool| flag || file;
        let mut needs = Vec::new();
        if !given(f.base.model.is_some(), s.base.model.is_some()) {
            needs.push(Need::One(Field::Base));
        }
        if self.tuned.is_empty() {
            needs.push(Need::One(Field::Tuned));
        }
        let prompt = |g: &Given| g.base.prompt_tokens.is_some() || g.base.prompt_file.is_some();
        let input = given(
            f.request.input_tokens.is_some(),
            s.request.input_tokens.is_some(),
        );
        if !prompt(f) && !prompt(s) && !input {
            needs.push(Need::Either(Field::BasePrompt, Field::Input));
        }
        if !given(
            f.request.output_tokens.is_some(),
            s.request.output_tokens.is_some(),
        ) {
            needs.push(Need::One(Field::Output));
        }
        if !self.training.prices_training() {
            needs.push(Need::Either(Field::TrainingCost, Field::TrainingTokens));
        }
        // No flattering defaults (design §14): a tuned prompt and the setup
        // cost are said, 0 included, never assumed.
        if !self.every_prompt_given() {
            needs.push(Need::One(Field::TunedPrompt));
        }
        if !given(
            f.training.setup_cost.is_some(),
            s.training.setup_cost.is_some(),
        ) {
            needs.push(Need::One(Field::SetupCost));
        }
        let v = self.volume_from;
        if cx.volume_required && v.volume.is_none() && v.horizon.per_month.is_none() {
            needs.push(Need::One(Field::Volume));
        }
        match needs.is_empty() {
            true => Ok(()),
            false => Err(Problem::Missing(needs).into()),
        }
    }

    /// Whether every candidate has a prompt: a prompt flag (count or file,
    /// once for all or once each) covers them all, else each its own (no
    /// candidates and no flag: not given).
    fn every_prompt_given(&self) -> bool {
        let x = self.x;
        let own = |t: &Tuned| t.prompt_tokens.is_some() || t.prompt_file.is_some();
        !x.tuned_prompts.is_empty()
            || !x.tuned_prompt_files.is_empty()
            || (!self.tuned.is_empty() && self.tuned.iter().all(own))
    }

    fn base_model(&self, catalog: &Catalog) -> Result<Model, InputError> {
        let Some(id) = pick(&self.f.base.model, &self.s.base.model) else {
            unreachable!("missing() has checked the base model");
        };
        let name = id.rsplit_once('/').map_or(id.as_str(), |(_, n)| n);
        if crate::pricing::fine_tuned_base(name).is_some() {
            // It would be billed at its base model's prices, and shown as
            // that model: a fine-tuned model is a candidate, not the path
            // that prompts.
            let base = resolve_model(catalog, &id, Field::Base)?;
            return Err(Problem::Invalid {
                field: Field::Base,
                message: format!(
                    "`{}` is a fine-tuned model; the base is the prompting path, priced as a \
                     plain model: give its base model ({}), and the fine-tuned one as a candidate",
                    crate::pricing::quote(&id),
                    base.id
                ),
            }
            .into());
        }
        resolve_model(catalog, &id, Field::Base)
    }

    /// The candidates' models: resolved, and priced in the base model's currency.
    fn candidate_models(&self, catalog: &Catalog, base: &Model) -> Result<Vec<Model>, InputError> {
        let mut models: Vec<Model> = Vec::with_capacity(self.tuned.len());
        for t in self.tuned {
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

    /// The prompting path: a prompt flag (count or file) replaces the
    /// scenario's prompt.
    fn base_path(
        &self,
        model: Model,
        counter: &mut PromptCounter<'_>,
        counted: &mut CountedFiles,
    ) -> Result<BasePath, InputError> {
        let (f, s) = (self.f, self.s);
        let from_flags = f.base.prompt_tokens.is_some() || f.base.prompt_file.is_some();
        let b = if from_flags { &f.base } else { &s.base };
        let prompt_tokens = match (&b.prompt_file, b.prompt_tokens) {
            (Some(file), _) => {
                let c = counter.count(file, &model, Field::BasePromptFile)?;
                let tokens = c.tokens;
                counted.base_prompt = Some(c);
                tokens
            }
            (None, tokens) => tokens.unwrap_or(0),
        };
        Ok(BasePath {
            model,
            prompt_tokens,
            output_tokens: self.output(),
            reasoning_tokens: pick(&f.base.reasoning_tokens, &s.base.reasoning_tokens).unwrap_or(0),
        })
    }

    fn output(&self) -> Tokens {
        pick(&self.f.request.output_tokens, &self.s.request.output_tokens).unwrap_or(0)
    }

    fn input(&self) -> Tokens {
        pick(&self.f.request.input_tokens, &self.s.request.input_tokens).unwrap_or(0)
    }

    /// Each candidate's prompt, output and reasoning tokens: the flags (once
    /// for all, or once each by position) over the candidates' own.
    fn candidate_tokens(
        &self,
        models: &[Model],
        counter: &mut PromptCounter<'_>,
        counted: &mut CountedFiles,
    ) -> Result<Vec<PathTokens>, InputError> {
        let (f, n) = (self.x, models.len());
        let outputs = Pairing::of(Field::TunedOutput, f.tuned_outputs.len(), n)?;
        let reasonings = Pairing::of(Field::TunedReasoning, f.tuned_reasonings.len(), n)?;
        let prompts = self.prompts(models, counter, counted)?;
        let mut out = Vec::with_capacity(n);
        for (i, (t, prompt)) in self.tuned.iter().zip(prompts).enumerate() {
            let own = |flags: &[Tokens], pairing: Pairing, value: Option<Tokens>| {
                pairing.index(i).map(|k| flags[k]).or(value)
            };
            out.push(PathTokens {
                prompt,
                output: own(&f.tuned_outputs, outputs, t.output_tokens).unwrap_or(self.output()),
                reasoning: own(&f.tuned_reasonings, reasonings, t.reasoning_tokens).unwrap_or(0),
            });
        }
        Ok(out)
    }

    /// Each candidate's training method: the flags (once for all, or once
    /// each by position), else its own `method`, else `[training] method`.
    fn methods(&self, n: usize) -> Result<Vec<Option<String>>, InputError> {
        let flags = &self.x.tuned_methods;
        let pairing = Pairing::of(Field::Method, flags.len(), n)?;
        let everyone = pick(&self.f.training.method, &self.s.training.method);
        Ok((0..n)
            .map(|i| {
                let own = self.tuned.get(i).and_then(|t| t.method.clone());
                pairing
                    .index(i)
                    .map(|k| flags[k].clone())
                    .or(own)
                    .or_else(|| everyone.clone())
            })
            .collect())
    }

    /// Each candidate's fixed prompt (`missing()` has checked each has one).
    fn prompts(
        &self,
        models: &[Model],
        counter: &mut PromptCounter<'_>,
        counted: &mut CountedFiles,
    ) -> Result<Vec<Tokens>, InputError> {
        let (f, n) = (self.x, models.len());
        let numbers = Pairing::of(Field::TunedPrompt, f.tuned_prompts.len(), n)?;
        let files = Pairing::of(Field::TunedPromptFile, f.tuned_prompt_files.len(), n)?;
        let mut out = Vec::with_capacity(n);
        for (i, (t, model)) in self.tuned.iter().zip(models).enumerate() {
            let file = match (numbers.index(i), files.index(i)) {
                (Some(k), _) => {
                    out.push(f.tuned_prompts[k]);
                    continue;
                }
                (None, Some(k)) => Some(&f.tuned_prompt_files[k]),
                (None, None) => t.prompt_file.as_ref(),
            };
            out.push(match file {
                Some(file) => {
                    let c = counter.count(file, model, Field::TunedPromptFile)?;
                    let tokens = c.tokens;
                    counted.tuned_prompts.push(c);
                    tokens
                }
                None => t
                    .prompt_tokens
                    .unwrap_or_else(|| unreachable!("missing() has checked the tuned prompts")),
            });
        }
        Ok(out)
    }

    fn servings(
        &self,
        models: &[Model],
        tokens: &[PathTokens],
        catalog: &Catalog,
    ) -> Result<Vec<Serving>, InputError> {
        let input = self.input();
        let shapes: Vec<serving::Shape> = tokens
            .iter()
            .map(|t| serving::Shape {
                input: t.prompt.saturating_add(input),
                output: t.output.saturating_add(t.reasoning),
            })
            .collect();
        serving::servings(self.x, self.tuned, models, &shapes, catalog)
    }

    /// How each candidate's training is priced, and what a training file held.
    fn training_specs(
        &self,
        models: &[Model],
        cx: &Context,
    ) -> Result<(Vec<TrainingSpec>, Option<super::counted::CountedTraining>), InputError> {
        let (f, s, training) = (self.f, self.s, self.training);
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
                let c = count_training(file, &refs, epochs, cx.tokenizers)?;
                let spec = |&tokens| TrainingSpec::Tokens {
                    tokens,
                    epochs: c.epochs,
                };
                Ok((c.per_epoch.iter().map(spec).collect(), Some(c.counted)))
            }
            (None, None, None) => unreachable!("missing() has checked the training inputs"),
        }
    }

    /// The volume and the horizon: from the source that gives a volume, with
    /// `--months` and `--growth` flags over it.
    fn traffic(&self) -> Result<Traffic, InputError> {
        let (from, f) = (self.volume_from, self.f);
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
        // A per-month flag replaced the scenario's [horizon]: say that its
        // months went with it, rather than only that months are missing.
        let dropped = self.s.horizon.months.filter(|_| !std::ptr::eq(from, self.s));
        if let (true, None, Some(months)) = (traffic.per_month(), traffic.months, dropped) {
            return Err(Problem::MonthsReplaced { months }.into());
        }
        traffic.check()?;
        Ok(traffic)
    }

    /// Quality in the money (design §16): the base's success, the failure
    /// cost and every candidate's success, all or none. Sets each
    /// candidate's success.
    fn quality(&self, candidates: &mut [Candidate]) -> Result<Option<Quality>, InputError> {
        let (f, s, x) = (self.f, self.s, self.x);
        let base = pick(&f.quality.base_success, &s.quality.base_success);
        let cost = pick(&f.quality.failure_cost, &s.quality.failure_cost);
        let pairing = Pairing::of(Field::TunedSuccess, x.tuned_successes.len(), candidates.len())?;
        for (i, c) in candidates.iter_mut().enumerate() {
            let own = self.tuned.get(i).and_then(|t| t.success);
            c.success = pairing.index(i).map(|k| x.tuned_successes[k]).or(own);
        }
        let some_tuned = candidates.iter().any(|c| c.success.is_some());
        let every_tuned = candidates.iter().all(|c| c.success.is_some());
        let given = [
            (base.is_some(), Field::BaseSuccess),
            (some_tuned, Field::TunedSuccess),
            (cost.is_some(), Field::FailureCost),
        ];
        let named = given.iter().find(|g| g.0).map(|g| g.1);
        let missing = [
            (base.is_none(), Field::BaseSuccess),
            (!every_tuned, Field::TunedSuccess),
            (cost.is_none(), Field::FailureCost),
        ];
        match (named, missing.iter().find(|m| m.0)) {
            (None, _) => Ok(None),
            (Some(with), Some(&(_, missing))) => Err(Problem::Needs(with, missing).into()),
            (Some(_), None) => Ok(base.zip(cost).map(|(base_success, failure_cost)| Quality {
                base_success,
                failure_cost,
            })),
        }
    }

    /// The ranges of both sources: a flag's value (ranged or not) replaces
    /// the scenario's range of the same input.
    fn ranges(&self, candidates: &[Candidate]) -> Vec<InputRange> {
        let from_flags = self.x.ranges.iter().map(|r| (r, true));
        let from_file = self.s.ranges.iter().filter(|r| !self.flag_gives(r.field));
        let all = from_flags.chain(from_file.map(|r| (r, false)));
        all.filter_map(|(r, flag)| {
            let candidate = match (ranges::per_candidate(r.field), flag) {
                (false, _) => None,
                (true, _) if r.of == 1 => None,
                (true, true) if ranges::per_dedicated(r.field) => Some(nth_dedicated(candidates, r.position)?),
                (true, _) => Some(r.position),
            };
            Some(InputRange {
                field: r.field,
                candidate,
                estimate: r.estimate,
            })
        })
        .collect()
    }

    /// Whether the flags give `field` a value (which replaces the scenario's).
    fn flag_gives(&self, field: Field) -> bool {
        let (f, x) = (self.f, self.x);
        match field {
            Field::Volume | Field::PerMonth => !std::ptr::eq(self.volume_from, self.s),
            Field::Months => f.horizon.months.is_some(),
            Field::Growth => f.horizon.growth_percent.is_some(),
            Field::BasePrompt => f.base.prompt_tokens.is_some() || f.base.prompt_file.is_some(),
            Field::Input => f.request.input_tokens.is_some(),
            Field::Output => f.request.output_tokens.is_some(),
            Field::BaseReasoning => f.base.reasoning_tokens.is_some(),
            Field::CacheHitRate => f.request.cache_hit_rate.is_some(),
            Field::TrainingCost | Field::TrainingTokens => f.training.prices_training(),
            Field::SetupCost => f.training.setup_cost.is_some(),
            Field::BaseSuccess => f.quality.base_success.is_some(),
            Field::FailureCost => f.quality.failure_cost.is_some(),
            Field::TunedPrompt => f.tuned.is_some() || !x.tuned_prompts.is_empty(),
            Field::TunedOutput => f.tuned.is_some() || !x.tuned_outputs.is_empty(),
            Field::TunedReasoning => f.tuned.is_some() || !x.tuned_reasonings.is_empty(),
            Field::TunedSuccess => f.tuned.is_some() || !x.tuned_successes.is_empty(),
            _ => f.tuned.is_some(),
        }
    }

    /// Retraining and upkeep only mean something over a horizon.
    fn check_recurring(&self, traffic: &Traffic) -> Result<(), InputError> {
        let (f, s) = (self.f, self.s);
        let retrain = f
            .training
            .retrain_every_months
            .or(s.training.retrain_every_months);
        let upkeep = f
            .training
            .maintenance_per_month
            .or(s.training.maintenance_per_month);
        for (given, field) in [
            (retrain.is_some(), Field::RetrainEvery),
            (upkeep.is_some(), Field::Maintenance),
        ] {
            if given && traffic.months.is_none() {
                return Err(Problem::NeedsHorizon(field).into());
            }
        }
        Ok(())
    }

    /// A growth flag between −1 and 1 without a `%` sign may be a fraction
    /// meant as a percentage: say which reading was taken and how to write
    /// the other. (A scenario's key, `growth_percent`, names its unit.)
    fn growth_warning(&self, traffic: &Traffic) -> Option<String> {
        let g = traffic.growth_percent?;
        let from_flag = self.f.horizon.growth_percent.is_some();
        if !from_flag || g.is_zero() || g.abs() >= Decimal::ONE || self.x.growth_marked_percent {
            return None;
        }
        let pct = (g * Decimal::ONE_HUNDRED).normalize();
        Some(format!(
            "a monthly growth of {g} reads as {g}% a month; for {pct}% a month write {pct} (or {pct}%)"
        ))
    }

    fn inputs(
        &self,
        base: BasePath,
        candidates: Vec<Candidate>,
        traffic: Traffic,
        cx: &Context,
    ) -> Result<Inputs, InputError> {
        let (f, s) = (self.f, self.s);
        let cache_hit_rate = pick(&f.request.cache_hit_rate, &s.request.cache_hit_rate);
        Ok(Inputs {
            input_tokens: self.input(),
            base,
            candidates,
            setup_cost: pick(&f.training.setup_cost, &s.training.setup_cost).unwrap_or_default(),
            traffic,
            // A flag that replaces the volume or [horizon] never drops the start.
            start: pick(&f.horizon.start, &s.horizon.start).unwrap_or(cx.today),
            thresholds: thresholds(f, s)?,
            expect: pick(&f.expect.verdict, &s.expect.verdict),
            billing: Billing {
                cache_hit_rate: cache_hit_rate.unwrap_or_default(),
                batch: pick(&f.request.batch, &s.request.batch).unwrap_or(false),
                off_peak_share: pick(&f.request.off_peak_share, &s.request.off_peak_share)
                    .unwrap_or_default(),
            },
            cache_hit_rate_given: cache_hit_rate.is_some(),
            retrain_every: pick(
                &f.training.retrain_every_months,
                &s.training.retrain_every_months,
            ),
            maintenance_per_month: pick(
                &f.training.maintenance_per_month,
                &s.training.maintenance_per_month,
            )
            .unwrap_or_default(),
            examples: pick(&f.training.examples, &s.training.examples),
            few_shot: pick(&f.base.few_shot, &s.base.few_shot),
            counted: CountedFiles::default(),
            warnings: Vec::new(),
            names: cx.names,
            quality: None,
            ranges: Vec::new(),
            logged: None,
        })
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
    tokens: Vec<PathTokens>,
    specs: Vec<TrainingSpec>,
    servings: Vec<Serving>,
    methods: Vec<Option<String>>,
    traffic: &Traffic,
) -> Result<Vec<Candidate>, InputError> {
    let mut out: Vec<Candidate> = Vec::with_capacity(models.len());
    let each = models.into_iter().zip(tokens).zip(specs).zip(servings);
    for ((((model, tokens), training), serving), method) in each.zip(methods) {
        let label = label(&model, &serving);
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
            Serving::PerToken
                if model
                    .prices
                    .fine_tuning
                    .as_ref()
                    .is_some_and(|ft| ft.dedicated_only) =>
            {
                return Err(Problem::DedicatedOnly {
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
            prompt_tokens: tokens.prompt,
            output_tokens: tokens.output,
            reasoning_tokens: tokens.reasoning,
            training,
            method,
            success: None,
        });
    }
    Ok(out)
}

/// The index of the `n`th dedicated candidate.
fn nth_dedicated(candidates: &[Candidate], n: usize) -> Option<usize> {
    let dedicated = candidates.iter().enumerate();
    let mut dedicated = dedicated.filter(|(_, c)| matches!(c.serving, Serving::Dedicated(_)));
    dedicated.nth(n).map(|(i, _)| i)
}

/// The model id, with the serving where it is dedicated.
fn label(model: &Model, serving: &Serving) -> String {
    match serving {
        Serving::PerToken => model.id.clone(),
        Serving::Dedicated(d) => match &d.gpu {
            Some(gpu) => format!("{} (dedicated {gpu})", model.id),
            None => format!("{} (dedicated)", model.id),
        },
    }
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
