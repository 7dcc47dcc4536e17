//! Searching the candidates (design §18, §20.21): every fine-tunable model of
//! the catalogue that matches the filters, in each serve mode asked for, is
//! tried on its own (a candidate that would be refused alone is skipped and
//! counted by reason), the rest are evaluated together by the one pure
//! evaluation ([`super::evaluate`]) and ranked by total cost.

use std::collections::BTreeMap;
use std::sync::Arc;

use jiff::civil::Date;
use serde::Serialize;

use super::{AnalysisError, Comparison};
use crate::cost::logged::LoggedRequests;
use crate::cost::{Usd, Verdict};
use crate::inputs::given::{Extras, Serve, Tuned};
use crate::inputs::error::DedicatedNeed;
use crate::inputs::{Context, Field, Given, InputError, Inputs, Problem};
use crate::pricing::search_fields::params_text;
use crate::pricing::Model;

/// Candidates shown when no `--top` is given.
pub const DEFAULT_TOP: usize = 5;

/// Upper bounds (inclusive) of the size classes by total parameters.
const SIZE_BOUNDS: [u64; 3] = [10_000_000_000, 40_000_000_000, 150_000_000_000];

/// A size class: models whose sheet gives no size form one of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SizeClass {
    /// No published parameter count (most closed models): alternatives of
    /// any size.
    Unpublished,
    /// Total parameters above the previous bound, up to the `n`-th bound
    /// (the last class has none).
    Class(usize),
}

impl SizeClass {
    /// The class of a model with `params` total parameters.
    pub fn of(params: Option<u64>) -> SizeClass {
        match params {
            None => SizeClass::Unpublished,
            Some(p) => SizeClass::Class(SIZE_BOUNDS.iter().take_while(|&&b| p > b).count()),
        }
    }

    /// How a note says it.
    pub fn describe(self) -> String {
        let bound = |i: usize| params_text(SIZE_BOUNDS[i]);
        match self {
            SizeClass::Unpublished => "of any size (its own is unpublished)".to_string(),
            SizeClass::Class(0) => format!("of up to {}", bound(0)),
            SizeClass::Class(i) if i < SIZE_BOUNDS.len() => {
                format!("of {}–{}", bound(i - 1), bound(i))
            }
            SizeClass::Class(_) => format!("above {}", bound(SIZE_BOUNDS.len() - 1)),
        }
    }
}

/// What a user said a candidate must be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    /// Only this family, matched exactly (`qwen3` is not `qwen3.5`).
    pub family: Option<String>,
    /// Only models trained at this provider (case-insensitive).
    pub provider: Option<String>,
    /// At most this many total parameters (inclusive).
    pub max_params: Option<u64>,
    /// The serve modes to try each model in.
    pub serve: Vec<Serve>,
    /// Candidates shown with their full comparison.
    pub top: usize,
    /// Only models of this size class (migration notes).
    pub size: Option<SizeClass>,
    /// Leave this model out (the one a migration note replaces).
    pub exclude: Option<String>,
    /// Tokens every searched candidate takes (a migration note's: those of
    /// the candidate it replaces); the flags' otherwise.
    pub like: Option<Tuned>,
}

/// The search, as reports show it (JSON `search`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SearchReport {
    /// The family asked for, if any.
    pub family: Option<String>,
    /// The provider asked for, if any.
    pub provider: Option<String>,
    /// The largest size asked for, as written (`10B`).
    pub max_params: Option<String>,
    /// The serve modes tried.
    pub serve: Vec<&'static str>,
    /// Fine-tunable models that matched the family and provider.
    pub models_matched: usize,
    /// Of those, models left out because their sheet gives no `params`
    /// while a size limit applies.
    pub excluded_without_params: usize,
    /// Candidates (a model in one serve mode) skipped, by reason.
    pub skipped: BTreeMap<&'static str, usize>,
    /// Candidates ranked.
    pub ranked: usize,
    /// Candidates shown with their comparison and basis.
    pub shown: usize,
    /// Every ranked candidate, cheapest first.
    pub ranking: Vec<Ranked>,
    /// What the ranking does not compare.
    pub quality: &'static str,
}

/// One ranked candidate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ranked {
    /// 1 for the cheapest.
    pub rank: usize,
    /// The candidate's label (with its serving where dedicated).
    pub candidate: String,
    /// How it is served.
    pub serve: &'static str,
    /// Its total parameters, where published.
    pub params: Option<String>,
    /// The tuned path's total over the volume or horizon.
    #[serde(with = "crate::format::exact_money")]
    pub total: Usd,
    /// The prompting path's total minus this one.
    #[serde(with = "crate::format::exact_money")]
    pub net_saving: Usd,
    /// Its verdict.
    pub verdict: Verdict,
    /// Its end of service, where it has one (it may lie beyond the horizon).
    pub end_of_service: Option<Date>,
}

/// What the ranking says it does not know.
pub const QUALITY: &str = "candidates differ in quality, which ftvp does not know: the ranking \
    compares cost only; measure each shortlisted model on your own eval set before choosing";

/// The search's outcome: the flags with the shown candidates as `[[tuned]]`
/// in rank order, and the report.
#[derive(Debug)]
pub struct Searched {
    /// The flags with the top candidates, cheapest first.
    pub flags: Given,
    /// The per-candidate flags, with the serve modes moved into the candidates.
    pub extras: Extras,
    /// The search as reports show it.
    pub report: SearchReport,
}

/// Why a search failed.
#[derive(Debug)]
pub enum SearchError {
    /// An input error common to every candidate.
    Input(InputError),
    /// An analysis error common to every candidate.
    Analysis(AnalysisError),
    /// Nothing left to rank.
    Empty(Box<SearchReport>),
}

impl From<InputError> for SearchError {
    fn from(e: InputError) -> Self {
        SearchError::Input(e)
    }
}

impl From<AnalysisError> for SearchError {
    fn from(e: AnalysisError) -> Self {
        SearchError::Analysis(e)
    }
}

/// Searches the catalogue of `cx` for the candidates of `filter`.
pub fn search(
    scenario: Option<&Given>,
    flags: &Given,
    extras: &Extras,
    (cx, logged): (&Context, Option<Arc<LoggedRequests>>),
    filter: &Filter,
) -> Result<Searched, SearchError> {
    let mut run = Run::new(scenario, flags, extras, cx, filter);
    run.logged = logged;
    let models = run.models();
    let mut viable = Vec::new();
    for model in models {
        for &mode in &filter.serve {
            if let Some(t) = run.try_one(model, mode)? {
                viable.push(t);
            }
        }
    }
    if viable.is_empty() {
        return Err(SearchError::Empty(Box::new(run.report)));
    }
    let ranking = run.rank(viable)?;
    Ok(run.finish(ranking))
}

/// One search in progress.
struct Run<'a> {
    scenario: Option<&'a Given>,
    flags: &'a Given,
    extras: Extras,
    cx: &'a Context<'a>,
    filter: &'a Filter,
    report: SearchReport,
    /// Logged requests that price the prompting path (`--usage`).
    logged: Option<Arc<LoggedRequests>>,
}

impl<'a> Run<'a> {
    fn new(
        scenario: Option<&'a Given>,
        flags: &'a Given,
        extras: &Extras,
        cx: &'a Context<'a>,
        filter: &'a Filter,
    ) -> Run<'a> {
        let extras = Extras {
            serve: Vec::new(),
            ..extras.clone()
        };
        Run {
            scenario,
            flags,
            extras,
            cx,
            filter,
            report: empty_report(filter),
            logged: None,
        }
    }

    /// The fine-tunable models of the filter's family, provider and size,
    /// counting those left out for want of `params`.
    fn models(&mut self) -> Vec<&'a Model> {
        let f = self.filter;
        let catalog = self.cx.catalog;
        let mut out = Vec::new();
        for m in catalog.filter(None, f.provider.as_deref()) {
            let family = f.family.as_deref();
            if m.prices.fine_tuning.is_none()
                || (family.is_some() && m.family() != family)
                || f.exclude.as_deref() == Some(m.id.as_str())
                || f.size.is_some_and(|s| s != SizeClass::of(m.params()))
            {
                continue;
            }
            self.report.models_matched += 1;
            match (f.max_params, m.params()) {
                (Some(_), None) => self.report.excluded_without_params += 1,
                (Some(max), Some(p)) if p > max => {}
                _ => out.push(m),
            }
        }
        out
    }

    fn skip(&mut self, reason: &'static str) -> Result<Option<Tuned>, SearchError> {
        *self.report.skipped.entry(reason).or_default() += 1;
        Ok(None)
    }

    /// The candidate `model` served `mode`, when it stands on its own.
    fn try_one(&mut self, model: &Model, mode: Serve) -> Result<Option<Tuned>, SearchError> {
        let start = self.start();
        if model.released().is_some_and(|r| r > start) {
            return self.skip("released after the start");
        }
        let like = self.filter.like.as_ref();
        let tuned = Tuned {
            model: model.id.clone(),
            serve: Some(mode),
            prompt_tokens: like.and_then(|t| t.prompt_tokens),
            output_tokens: like.and_then(|t| t.output_tokens),
            reasoning_tokens: like.and_then(|t| t.reasoning_tokens),
            ..Default::default()
        };
        let inputs = match self.resolve(vec![tuned.clone()]) {
            Ok(inputs) => inputs,
            Err(e) => return self.input_refusal(e),
        };
        match Comparison::new(&inputs, self.cx.today) {
            Ok(_) => Ok(Some(tuned)),
            Err(e) => match analysis_reason(&e, &model.id) {
                Some(reason) => self.skip(reason),
                None => Err(e.into()),
            },
        }
    }

    fn input_refusal(&mut self, e: InputError) -> Result<Option<Tuned>, SearchError> {
        match input_reason(&e) {
            Some(reason) => self.skip(reason),
            None => Err(e.into()),
        }
    }

    /// The start of the comparison: the flags' or the scenario's, else today.
    fn start(&self) -> Date {
        let scenario = self.scenario.and_then(|s| s.horizon.start);
        self.flags.horizon.start.or(scenario).unwrap_or(self.cx.today)
    }

    fn with(&self, tuned: Vec<Tuned>) -> Given {
        Given {
            tuned: Some(tuned),
            ..self.flags.clone()
        }
    }

    fn resolve(&self, tuned: Vec<Tuned>) -> Result<Inputs, InputError> {
        let mut inputs = Inputs::resolve(self.scenario, &self.with(tuned), &self.extras, self.cx)?;
        inputs.logged = self.logged.clone();
        Ok(inputs)
    }

    /// Every viable candidate evaluated together, cheapest first (ties keep
    /// the catalogue's order).
    fn rank(&mut self, viable: Vec<Tuned>) -> Result<Vec<(Tuned, Ranked)>, SearchError> {
        let inputs = self.resolve(viable.clone())?;
        let evaluated = super::evaluate(&inputs, self.cx.today)?;
        let thresholds = &inputs.thresholds;
        let mut rows = Vec::with_capacity(viable.len());
        let each = viable.into_iter().zip(&evaluated.evaluations);
        for ((t, e), p) in each.zip(&evaluated.comparison.paths) {
            let c = p.candidate;
            let row = Ranked {
                rank: 0,
                candidate: c.label.clone(),
                serve: t.serve.unwrap_or_default().as_str(),
                params: c.model.params().map(params_text),
                total: e.tuned_total,
                net_saving: e.base_total - e.tuned_total,
                verdict: e.outcome.verdict(thresholds).map_err(AnalysisError::from)?,
                end_of_service: p.end.map(|e| e.date),
            };
            rows.push((t, row));
        }
        rows.sort_by_key(|(_, r)| r.total);
        for (i, (_, r)) in rows.iter_mut().enumerate() {
            r.rank = i + 1;
        }
        Ok(rows)
    }

    fn finish(mut self, ranking: Vec<(Tuned, Ranked)>) -> Searched {
        let shown = ranking.len().min(self.filter.top);
        let top = ranking.iter().take(shown).map(|(t, _)| t.clone()).collect();
        self.report.ranked = ranking.len();
        self.report.shown = shown;
        self.report.ranking = ranking.into_iter().map(|(_, r)| r).collect();
        Searched {
            flags: self.with(top),
            extras: self.extras,
            report: self.report,
        }
    }
}

fn empty_report(filter: &Filter) -> SearchReport {
    SearchReport {
        family: filter.family.clone(),
        provider: filter.provider.clone(),
        max_params: filter.max_params.map(params_text),
        serve: filter.serve.iter().map(|s| s.as_str()).collect(),
        models_matched: 0,
        excluded_without_params: 0,
        skipped: BTreeMap::new(),
        ranked: 0,
        shown: 0,
        ranking: Vec::new(),
        quality: QUALITY,
    }
}

/// The reason a candidate is refused on its own, when the refusal is the
/// candidate's (not an input every candidate shares).
fn input_reason(e: &InputError) -> Option<&'static str> {
    Some(match &*e.problem {
        Problem::NotFineTunable { .. } => "no fine-tuning prices",
        Problem::DedicatedOnly { .. } => "served only on dedicated GPUs",
        Problem::NeedsHorizon(Field::Serve) => "dedicated without a horizon",
        Problem::Dedicated {
            missing: DedicatedNeed::Throughput { .. },
            ..
        } => "no throughput row",
        Problem::Dedicated {
            missing: DedicatedNeed::Gpu,
            ..
        } => "dedicated without a GPU",
        Problem::Currency { .. } => "another currency",
        _ => return None,
    })
}

/// The same for a refusal of the analysis; `candidate` tells the
/// candidate's refusals from the base model's.
fn analysis_reason(e: &AnalysisError, candidate: &str) -> Option<&'static str> {
    Some(match e {
        AnalysisError::ShutDown { model, .. } if model == candidate => "shut down at the start",
        AnalysisError::TrainingClosed { .. } => "training closed at the start",
        AnalysisError::NoTrainingPrice { .. } => "no training price",
        AnalysisError::Method { .. } => "no such training method",
        AnalysisError::HostingNeedsMonths { .. }
        | AnalysisError::StorageNeedsMonths { .. }
        | AnalysisError::EndNeedsHorizon { .. } => "needs a horizon",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_base_model_shutting_down_is_no_candidate_s_reason() {
        let gone = AnalysisError::ShutDown {
            model: "acme/base".into(),
            date: jiff::civil::date(2026, 1, 1),
            fine_tunes: false,
        };
        assert_eq!(analysis_reason(&gone, "acme/small"), None);
        assert_eq!(
            analysis_reason(&gone, "acme/base"),
            Some("shut down at the start")
        );
    }

    #[test]
    fn size_classes_bound_inclusively() {
        let b = |n: u64| Some(n * 1_000_000_000);
        assert_eq!(SizeClass::of(None), SizeClass::Unpublished);
        assert_eq!(SizeClass::of(b(8)), SizeClass::Class(0));
        assert_eq!(SizeClass::of(b(10)), SizeClass::Class(0));
        assert_eq!(SizeClass::of(b(14)), SizeClass::Class(1));
        assert_eq!(SizeClass::of(b(70)), SizeClass::Class(2));
        assert_eq!(SizeClass::of(b(400)), SizeClass::Class(3));
        assert_eq!(SizeClass::Class(0).describe(), "of up to 10B");
        assert_eq!(SizeClass::Class(1).describe(), "of 10B–40B");
        assert_eq!(SizeClass::Class(3).describe(), "above 150B");
    }
}
