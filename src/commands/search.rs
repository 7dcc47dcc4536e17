//! `breakeven --tuned-any` (the candidates searched in the whole catalogue)
//! and the migration notes of a comparison whose models retire.

use anyhow::{anyhow, Result};

use super::{load_catalog, Env, FlagNames};
use crate::analysis::migration::{self, Retiring};
use crate::analysis::notes::Note;
use crate::analysis::search::{
    search, Filter, Ranked, SearchError, SearchReport, SizeClass, DEFAULT_TOP,
};
use crate::analysis::AnalysisError;
use crate::cli::BreakevenArgs;
use crate::inputs::given::Extras;
use crate::inputs::InputError;
use crate::inputs::{scenario, Context, Given, Inputs};
use crate::pricing::Catalog;

/// What a search runs on: the scenario, the flags and the loaded catalogue.
pub struct Sources {
    scenario: Option<Given>,
    flags: Given,
    extras: Extras,
    catalog: Catalog,
    tokenizers: crate::tokens::TokenizerSource,
    measured: Option<super::measured::Applied>,
}

impl Sources {
    /// The scenario (if any), the flags and every sheet.
    /// `known`: the logs' measurement, when already read.
    pub fn load(
        args: &BreakevenArgs,
        env: &Env,
        known: Option<&crate::usage::Measured>,
    ) -> Result<Sources> {
        let c = &args.comparison;
        c.check_serve(args.search.tuned_any)
            .map_err(anyhow::Error::msg)?;
        let scenario = match &c.scenario {
            Some(path) => Some(scenario::load(path).map_err(input_error)?),
            None => None,
        };
        let flags = args.given();
        let (scenario, measured) = super::measured::apply_measured(c, &flags, scenario, known)?;
        Ok(Sources {
            scenario,
            measured,
            flags,
            extras: args.extras(),
            catalog: load_catalog(env, &args.common.pricing)?,
            tokenizers: super::tokens::tokenizer_source(&c.tokenizer_file),
        })
    }

    fn context(&self, env: &Env) -> Context<'_> {
        Context {
            catalog: &self.catalog,
            today: env.today,
            volume_required: true,
            tokenizers: &self.tokenizers,
            names: super::names::naming(),
        }
    }

    fn search(&self, filter: &Filter, env: &Env) -> Result<crate::analysis::search::Searched> {
        let cx = self.context(env);
        search(
            self.scenario.as_ref(),
            &self.flags,
            &self.extras,
            (&cx, self.measured.as_ref().and_then(|m| m.logged.clone())),
            filter,
        )
        .map_err(search_error)
    }
}

/// `--tuned-any`: the inputs with the top candidates, cheapest first, the
/// search, and what `--usage` measured.
pub fn resolve(
    args: &BreakevenArgs,
    env: &Env,
) -> Result<(Inputs, SearchReport, Option<super::measured::Applied>)> {
    let sources = Sources::load(args, env, None)?;
    let s = &args.search;
    let filter = Filter {
        family: s.family.clone(),
        provider: s.provider.clone(),
        max_params: s.max_params,
        serve: args.comparison.search_modes(),
        top: s
            .top
            .map_or(DEFAULT_TOP, |n| usize::try_from(n).unwrap_or(usize::MAX)),
        size: None,
        exclude: None,
        like: None,
    };
    let searched = sources.search(&filter, env)?;
    let cx = sources.context(env);
    let mut inputs = Inputs::resolve(
        sources.scenario.as_ref(),
        &searched.flags,
        &searched.extras,
        &cx,
    )
    .map_err(input_error)?;
    sources
        .tokenizers
        .check_all_used()
        .map_err(anyhow::Error::msg)?;
    let measured = sources.measured;
    if let Some(m) = &measured {
        m.apply_to(&mut inputs);
    }
    Ok((inputs, searched.report, measured))
}

/// A migration note for each model of `inputs` that retires within the
/// notes' window; none (and no sheet loaded) when nothing retires.
pub fn migration_notes(
    args: &BreakevenArgs,
    inputs: &Inputs,
    env: &Env,
    known: Option<&crate::usage::Measured>,
) -> Result<Vec<Note>> {
    let retiring = migration::retiring(inputs, env.today).map_err(analysis_error)?;
    if retiring.is_empty() {
        return Ok(Vec::new());
    }
    let sources = Sources::load(args, env, known)?;
    let currency = &inputs.base.model.sheet.currency;
    let end = migration::window_end(inputs);
    let lasting = |a: &Ranked| a.end_of_service.is_none_or(|d| d >= end);
    Ok(retiring
        .iter()
        .map(|r| {
            let found: Vec<Ranked> = alternatives(&sources, r, env)
                .into_iter()
                .filter(lasting)
                .collect();
            migration::note(r, &found, currency)
        })
        .collect())
}

/// The candidates of the retiring model's serve mode and size class over
/// the same traffic, cheapest first; none when the search finds none or
/// cannot run with these flags.
fn alternatives(sources: &Sources, r: &Retiring, env: &Env) -> Vec<Ranked> {
    let filter = Filter {
        family: None,
        provider: None,
        max_params: None,
        serve: vec![r.serve],
        top: migration::ALTERNATIVES,
        // A model of unpublished size has no class to keep to: every size.
        size: Some(SizeClass::of(r.model.params())).filter(|&c| c != SizeClass::Unpublished),
        exclude: Some(r.model.id.clone()),
        like: Some(r.like.clone()),
    };
    match sources.search(&filter, env) {
        Ok(found) => found.report.ranking,
        Err(_) => Vec::new(),
    }
}

fn search_error(e: SearchError) -> anyhow::Error {
    match e {
        SearchError::Input(e) => input_error(e),
        SearchError::Analysis(e) => analysis_error(e),
        SearchError::Empty(r) => anyhow!(
            "--tuned-any found no candidate to rank: {} fine-tunable models matched{}{}",
            r.models_matched,
            match r.excluded_without_params {
                0 => String::new(),
                n => format!(", {n} left out for giving no params with --max-params"),
            },
            skipped_text(&r)
        ),
    }
}

/// `; skipped: 2 shut down at the start, 1 no throughput row`, or nothing.
pub fn skipped_text(r: &SearchReport) -> String {
    match r.skipped.is_empty() {
        true => String::new(),
        false => {
            let parts: Vec<String> = r.skipped.iter().map(|(k, n)| format!("{n} {k}")).collect();
            format!("; skipped: {}", parts.join(", "))
        }
    }
}

/// An input error worded for the command line.
fn input_error(e: InputError) -> anyhow::Error {
    anyhow!(e.describe(&FlagNames))
}

/// An analysis error worded for the command line.
fn analysis_error(e: AnalysisError) -> anyhow::Error {
    anyhow!(e.describe(&FlagNames))
}
