//! The inputs of a break-even comparison: a partial form that scenario files
//! and flags each fill, the merge rules between them (a flag replaces the scenario's value), and the
//! checked, complete form the analysis takes.

use std::collections::BTreeMap;
use std::path::PathBuf;

use rust_decimal::Decimal;

use crate::cost::{
    monthly_volumes, spread_volume, Billing, Requests, Thresholds, Tokens, Usd, Verdict,
};

/// Inputs as one source (a scenario file or the flags) gives them; `None` means
/// "not given here".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PartialInputs {
    /// Model used with the engineered prompt.
    pub base_model: Option<String>,
    /// Fixed prompt tokens on the prompting path.
    pub base_prompt: Option<Tokens>,
    /// Fine-tuning candidates, each with its own fixed prompt where given.
    pub tuned: Option<Vec<(String, Option<Tokens>)>>,
    /// `--tuned-prompt` values: one for every candidate, or one each by position.
    pub tuned_prompts: Vec<Tokens>,
    /// Per-request variable input tokens.
    pub input_tokens: Option<Tokens>,
    /// Output tokens per request.
    pub output_tokens: Option<Tokens>,
    /// Training cost given directly.
    pub training_cost: Option<Usd>,
    /// Tokens in the training file (one epoch).
    pub training_tokens: Option<Tokens>,
    /// Training epochs.
    pub epochs: Option<u32>,
    /// Other one-time cost.
    pub setup_cost: Option<Usd>,
    /// Requests over the period.
    pub volume: Option<Requests>,
    /// Low multiple of the rule of thumb.
    pub depends_at: Option<Decimal>,
    /// High multiple of the rule of thumb.
    pub fine_tune_at: Option<Decimal>,
    /// Verdict the caller expects.
    pub expect: Option<Verdict>,
    /// Share of requests whose fixed prompt is read from the provider's cache.
    pub cache_hit_rate: Option<Decimal>,
    /// Send requests through the batch API.
    pub batch: Option<bool>,
    /// Requests in the first month of a horizon.
    pub per_month: Option<Requests>,
    /// Months in the horizon.
    pub months: Option<u32>,
    /// Monthly growth of the volume, in percent.
    pub growth_percent: Option<Decimal>,
    /// Months between retrainings.
    pub retrain_every: Option<u32>,
    /// Upkeep of the tuned path per month.
    pub maintenance_per_month: Option<Usd>,
    /// Training examples at hand.
    pub examples: Option<u64>,
    /// Few-shot examples in the engineered prompt.
    pub few_shot: Option<u64>,
    /// File holding the engineered prompt, counted with the base model's
    /// encoding (instead of `base_prompt`).
    pub base_prompt_file: Option<PathBuf>,
    /// `--tuned-prompt-file` values: one for every candidate, or one each by position.
    pub tuned_prompt_files: Vec<PathBuf>,
    /// The scenario's `[[tuned]]` prompt files, by position in `tuned`.
    pub tuned_own_prompt_files: Vec<Option<PathBuf>>,
    /// Chat fine-tuning file whose billed tokens give the training cost.
    pub training_file: Option<PathBuf>,
    /// Training tokens per epoch counted from `training_file` for each
    /// candidate (by model id), each with its own encoding.
    pub counted_training_tokens: BTreeMap<String, Tokens>,
}

/// An input error: the message names the flag or scenario key at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct InputError(pub String);

fn fail<T>(message: impl Into<String>) -> Result<T, InputError> {
    Err(InputError(message.into()))
}

impl PartialInputs {
    /// Lays `over` (the flags) on top of `self` (the scenario): a value given
    /// in `over` wins; a training flag replaces the whole training group and
    /// `--tuned` the whole candidate list.
    pub fn overridden_by(self, over: PartialInputs) -> PartialInputs {
        let training_from_over = over.training_cost.is_some()
            || over.training_tokens.is_some()
            || over.training_file.is_some();
        // A prompt flag, numeric or file, replaces the scenario's prompt of that path.
        let base_prompt_from_over = over.base_prompt.is_some() || over.base_prompt_file.is_some();
        let tuned_prompts_from_over =
            !over.tuned_prompts.is_empty() || !over.tuned_prompt_files.is_empty();
        // --volume or --per-month replaces the scenario's volume and whole [horizon].
        let volume_from_over = over.volume.is_some() || over.per_month.is_some();
        let horizon = if volume_from_over { &over } else { &self };
        let (volume, per_month, months, growth_percent) = (
            horizon.volume,
            horizon.per_month,
            horizon.months,
            horizon.growth_percent,
        );
        let months = over.months.or(months);
        let growth_percent = over.growth_percent.or(growth_percent);
        let (training_cost, training_tokens, training_file) = if training_from_over {
            (over.training_cost, over.training_tokens, over.training_file)
        } else {
            (self.training_cost, self.training_tokens, self.training_file)
        };
        let (base_prompt, base_prompt_file) = if base_prompt_from_over {
            (over.base_prompt, over.base_prompt_file)
        } else {
            (self.base_prompt, self.base_prompt_file)
        };
        let (tuned_prompts, tuned_prompt_files) = if tuned_prompts_from_over {
            (over.tuned_prompts, over.tuned_prompt_files)
        } else {
            (self.tuned_prompts, self.tuned_prompt_files)
        };
        let tuned_own_prompt_files = if over.tuned.is_some() {
            over.tuned_own_prompt_files
        } else {
            self.tuned_own_prompt_files
        };
        let counted_training_tokens = if over.counted_training_tokens.is_empty() {
            self.counted_training_tokens
        } else {
            over.counted_training_tokens
        };
        PartialInputs {
            base_model: over.base_model.or(self.base_model),
            base_prompt,
            tuned: over.tuned.or(self.tuned),
            tuned_prompts,
            input_tokens: over.input_tokens.or(self.input_tokens),
            output_tokens: over.output_tokens.or(self.output_tokens),
            training_cost,
            training_tokens,
            // Epochs belong to training tokens: a training cost from the flags
            // leaves the scenario's epochs behind.
            epochs: if over.training_cost.is_some() {
                over.epochs
            } else {
                over.epochs.or(self.epochs)
            },
            setup_cost: over.setup_cost.or(self.setup_cost),
            volume,
            per_month,
            months,
            growth_percent,
            depends_at: over.depends_at.or(self.depends_at),
            fine_tune_at: over.fine_tune_at.or(self.fine_tune_at),
            expect: over.expect.or(self.expect),
            cache_hit_rate: over.cache_hit_rate.or(self.cache_hit_rate),
            batch: over.batch.or(self.batch),
            retrain_every: over.retrain_every.or(self.retrain_every),
            maintenance_per_month: over.maintenance_per_month.or(self.maintenance_per_month),
            examples: over.examples.or(self.examples),
            few_shot: over.few_shot.or(self.few_shot),
            base_prompt_file,
            tuned_prompt_files,
            tuned_own_prompt_files,
            training_file,
            counted_training_tokens,
        }
    }

    /// Applies the documented defaults and checks that the inputs are complete
    /// and consistent.
    pub fn finish(self) -> Result<Inputs, InputError> {
        let Some(base_model) = self.base_model.clone() else {
            return fail("--base is required (or `model` in the scenario's [base])");
        };
        let candidates = pair_prompts(self.tuned.clone().unwrap_or_default(), &self.tuned_prompts)?;
        self.check_files_counted()?;
        let training = match (self.training_cost, self.training_tokens, self.epochs) {
            (Some(_), Some(_), _) => {
                return fail("give either --training-cost or --training-tokens, not both")
            }
            (None, None, _) => {
                return fail("one of --training-cost USD or --training-tokens TOKENS is required")
            }
            (Some(_), None, Some(_)) => return fail(
                "epochs (--epochs) apply to training tokens, not to a training cost given directly",
            ),
            (_, _, Some(0)) => return fail("--epochs must be at least 1"),
            (Some(cost), None, None) => Training::Cost(cost),
            (None, Some(tokens), epochs) => Training::Tokens {
                tokens,
                epochs: epochs.unwrap_or(DEFAULT_EPOCHS),
            },
        };
        let (volume, horizon) = horizon(&self)?;
        let cache_hit_rate = self.cache_hit_rate.unwrap_or_default();
        if cache_hit_rate > Decimal::ONE {
            return fail(format!(
                "--cache-hit-rate (cache_hit_rate in a scenario) {cache_hit_rate} is outside 0..1: \
                 a share, 0.8 means 80% of requests hit the cache"
            ));
        }
        let months = horizon.as_ref().map(|h| h.months);
        if let Some(r) = self.retrain_every {
            if r == 0 {
                return fail(
                    "--retrain-every (retrain_every_months in a scenario) must be at least 1 month",
                );
            }
            if months.is_none() {
                return fail(
                    "--retrain-every (retrain_every_months in a scenario) needs a horizon: give \
                     --months (a --volume or --per-month flag replaces the scenario's [horizon])",
                );
            }
        }
        if self.maintenance_per_month.is_some() && months.is_none() {
            return fail(
                "--maintenance-per-month (maintenance_per_month in a scenario) needs a horizon: give \
                 --months (a --volume or --per-month flag replaces the scenario's [horizon])",
            );
        }
        let defaults = Thresholds::default();
        let thresholds = Thresholds::new(
            self.depends_at.unwrap_or(defaults.depends_at()),
            self.fine_tune_at.unwrap_or(defaults.fine_tune_at()),
        )
        .map_err(|e| InputError(e.to_string()))?;
        Ok(Inputs {
            base_model,
            base_prompt: self.base_prompt.unwrap_or(0),
            candidates,
            input_tokens: self.input_tokens.unwrap_or(0),
            output_tokens: self.output_tokens.unwrap_or(0),
            training,
            setup_cost: self.setup_cost.unwrap_or_default(),
            volume,
            thresholds,
            expect: self.expect,
            billing: Billing {
                cache_hit_rate,
                batch: self.batch.unwrap_or(false),
            },
            cache_hit_rate_given: self.cache_hit_rate.is_some(),
            horizon,
            retrain_every: self.retrain_every,
            maintenance_per_month: self.maintenance_per_month.unwrap_or_default(),
            examples: self.examples,
            few_shot: self.few_shot,
            counted_training_tokens: self.counted_training_tokens,
        })
    }

    /// Files must be counted (which needs the price sheets for each model's
    /// encoding) before the inputs can be finished.
    fn check_files_counted(&self) -> Result<(), InputError> {
        let pending = self
            .base_prompt_file
            .iter()
            .chain(&self.tuned_prompt_files)
            .chain(self.tuned_own_prompt_files.iter().flatten())
            .chain(&self.training_file)
            .next();
        match pending {
            Some(path) => fail(format!(
                "{} has not been counted: count prompt and training files first",
                path.display()
            )),
            None => Ok(()),
        }
    }
}

/// The volume and, where months are given, the horizon it spreads over.
fn horizon(p: &PartialInputs) -> Result<(Requests, Option<Horizon>), InputError> {
    if p.months == Some(0) {
        return fail("--months must be at least 1");
    }
    if p.months.is_some_and(|m| m > MAX_MONTHS) {
        return fail(format!(
            "--months (months in a scenario) is more than {MAX_MONTHS}"
        ));
    }
    if let Some(g) = p.growth_percent {
        if g < Decimal::from(-100) {
            return fail(format!(
                "--growth {g} is below -100%: a volume cannot shrink below zero"
            ));
        }
        if p.per_month.is_none() {
            return fail("--growth applies to --per-month; give --per-month and --months");
        }
    }
    match (p.volume, p.per_month, p.months) {
        (Some(_), Some(_), _) => fail("give either --volume or --per-month, not both"),
        (None, None, _) => fail("--volume (or --per-month with --months) is required"),
        (None, Some(_), None) => {
            fail("--per-month needs --months: how many months the horizon has")
        }
        (Some(volume), None, None) => Ok((volume, None)),
        (Some(volume), None, Some(months)) => Ok((
            volume,
            Some(Horizon {
                months,
                per_month: None,
                growth_percent: None,
                monthly_volumes: spread_volume(volume, months),
            }),
        )),
        (None, Some(per_month), Some(months)) => {
            let growth = p.growth_percent.unwrap_or_default();
            let monthly_volumes = monthly_volumes(per_month, months, growth)
                .map_err(|e| InputError(format!("--per-month with --growth: {e}")))?;
            let volume = monthly_volumes
                .iter()
                .try_fold(0u64, |sum, &v| sum.checked_add(v))
                .ok_or_else(|| InputError("the volume over the horizon overflows".into()))?;
            Ok((
                volume,
                Some(Horizon {
                    months,
                    per_month: Some(per_month),
                    growth_percent: Some(growth),
                    monthly_volumes,
                }),
            ))
        }
    }
}

/// A period of months over which the volume is spread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Horizon {
    /// Months in the horizon.
    pub months: u32,
    /// Requests in the first month, when given as `--per-month`.
    pub per_month: Option<Requests>,
    /// Monthly growth in percent, when given as `--per-month`.
    pub growth_percent: Option<Decimal>,
    /// Requests in each month; they sum to the volume.
    pub monthly_volumes: Vec<Requests>,
}

/// The longest horizon: a hundred years of months.
pub const MAX_MONTHS: u32 = 1200;

/// Epochs when none are given.
pub const DEFAULT_EPOCHS: u32 = 3;

fn pair_prompts(
    tuned: Vec<(String, Option<Tokens>)>,
    prompts: &[Tokens],
) -> Result<Vec<Candidate>, InputError> {
    if tuned.is_empty() {
        return fail("--tuned is required (or a [[tuned]] table in the scenario)");
    }
    let prompt_for = |i: usize, own: Option<Tokens>| {
        match prompts {
        [] => Ok(own.unwrap_or(0)),
        [one] => Ok(*one),
        many if many.len() == tuned.len() => Ok(many[i]),
        many => fail(format!(
            "--tuned-prompt is given {} times for {} --tuned models: give it once for all, or once per model",
            many.len(),
            tuned.len()
        )),
    }
    };
    let mut candidates: Vec<Candidate> = Vec::with_capacity(tuned.len());
    for (i, (model, own)) in tuned.iter().enumerate() {
        candidates.push(Candidate {
            model: model.clone(),
            prompt_tokens: prompt_for(i, *own)?,
        });
    }
    Ok(candidates)
}

/// How the one-time training cost is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Training {
    /// Given directly, the same for every candidate.
    Cost(Usd),
    /// Computed per candidate from its sheet's training price.
    Tokens {
        /// Tokens in the training file (one epoch).
        tokens: Tokens,
        /// Passes over the file.
        epochs: u32,
    },
}

/// One fine-tuning candidate as asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// Model id as given (resolved against the sheets later).
    pub model: String,
    /// Fixed prompt tokens still sent to the tuned model.
    pub prompt_tokens: Tokens,
}

/// Complete, checked inputs of a break-even comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inputs {
    /// Model used with the engineered prompt.
    pub base_model: String,
    /// Fixed prompt tokens on the prompting path.
    pub base_prompt: Tokens,
    /// Fine-tuning candidates in the order given.
    pub candidates: Vec<Candidate>,
    /// Per-request variable input tokens, both paths.
    pub input_tokens: Tokens,
    /// Output tokens per request, both paths.
    pub output_tokens: Tokens,
    /// The training cost or how to compute it.
    pub training: Training,
    /// Other one-time cost.
    pub setup_cost: Usd,
    /// Requests over the period.
    pub volume: Requests,
    /// The rule of thumb's multiples.
    pub thresholds: Thresholds,
    /// Verdict the caller expects, if any.
    pub expect: Option<Verdict>,
    /// Prompt caching and batch.
    pub billing: Billing,
    /// Whether a cache hit rate was given at all (even 0).
    pub cache_hit_rate_given: bool,
    /// The months the volume spreads over, if any.
    pub horizon: Option<Horizon>,
    /// Months between retrainings.
    pub retrain_every: Option<u32>,
    /// Upkeep of the tuned path per month.
    pub maintenance_per_month: Usd,
    /// Training examples at hand.
    pub examples: Option<u64>,
    /// Few-shot examples in the engineered prompt.
    pub few_shot: Option<u64>,
    /// Training tokens per epoch counted from a training file for each
    /// candidate (by model id); they replace `Training::Tokens`' tokens.
    pub counted_training_tokens: BTreeMap<String, Tokens>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn complete() -> PartialInputs {
        PartialInputs {
            base_model: Some("b".into()),
            tuned: Some(vec![("t1".into(), Some(100)), ("t2".into(), None)]),
            training_tokens: Some(1000),
            volume: Some(10),
            ..Default::default()
        }
    }

    #[test]
    fn defaults_fill_the_gaps() {
        let i = complete().finish().unwrap();
        assert_eq!(
            i.training,
            Training::Tokens {
                tokens: 1000,
                epochs: 3
            }
        );
        assert_eq!(i.candidates[0].prompt_tokens, 100);
        assert_eq!(i.candidates[1].prompt_tokens, 0);
        assert_eq!(i.thresholds, Thresholds::default());
    }

    #[test]
    fn tuned_prompts_apply_once_or_pair_by_position() {
        let once = PartialInputs {
            tuned_prompts: vec![7],
            ..complete()
        }
        .finish()
        .unwrap();
        assert!(once.candidates.iter().all(|c| c.prompt_tokens == 7));
        let paired = PartialInputs {
            tuned_prompts: vec![7, 9],
            ..complete()
        }
        .finish()
        .unwrap();
        assert_eq!(paired.candidates[1].prompt_tokens, 9);
        let wrong = PartialInputs {
            tuned_prompts: vec![1, 2, 3],
            ..complete()
        }
        .finish();
        assert!(wrong.unwrap_err().0.contains("3 times for 2"));
    }

    #[test]
    fn a_training_flag_replaces_the_scenarios_training_group() {
        let scenario = complete();
        let flags = PartialInputs {
            training_cost: Some(Decimal::from(500)),
            ..Default::default()
        };
        let merged = scenario.overridden_by(flags).finish().unwrap();
        assert_eq!(merged.training, Training::Cost(Decimal::from(500)));
    }

    #[test]
    fn a_horizon_sums_its_months_into_the_volume() {
        let p = PartialInputs {
            volume: None,
            per_month: Some(100_000),
            months: Some(4),
            growth_percent: Some(Decimal::from(10)),
            ..complete()
        };
        let i = p.finish().unwrap();
        assert_eq!(i.volume, 464_100);
        assert_eq!(
            i.horizon.unwrap().monthly_volumes,
            [100_000, 110_000, 121_000, 133_100]
        );
        let spread = PartialInputs {
            months: Some(3),
            ..complete()
        }
        .finish()
        .unwrap();
        assert_eq!(spread.horizon.unwrap().monthly_volumes, [3, 3, 4]);
    }

    #[test]
    fn a_volume_flag_replaces_the_scenarios_horizon() {
        let scenario = PartialInputs {
            volume: None,
            per_month: Some(1000),
            months: Some(12),
            growth_percent: Some(Decimal::from(5)),
            ..complete()
        };
        let flags = PartialInputs {
            volume: Some(77),
            ..Default::default()
        };
        let i = scenario.clone().overridden_by(flags).finish().unwrap();
        assert_eq!((i.volume, i.horizon), (77, None));
        // --months alone keeps the scenario's per-month volume.
        let flags = PartialInputs {
            months: Some(2),
            ..Default::default()
        };
        let i = scenario.overridden_by(flags).finish().unwrap();
        assert_eq!(i.volume, 2050);
    }

    #[test]
    fn tuned_flags_replace_the_whole_list() {
        let flags = PartialInputs {
            tuned: Some(vec![("x".into(), None)]),
            ..Default::default()
        };
        let merged = complete().overridden_by(flags).finish().unwrap();
        assert_eq!(merged.candidates.len(), 1);
        assert_eq!(merged.candidates[0].model, "x");
    }

    #[test]
    fn incomplete_or_inconsistent_inputs_name_the_flag() {
        let cases: Vec<(PartialInputs, &str)> = vec![
            (
                PartialInputs {
                    base_model: None,
                    ..complete()
                },
                "--base",
            ),
            (
                PartialInputs {
                    tuned: None,
                    ..complete()
                },
                "--tuned",
            ),
            (
                PartialInputs {
                    volume: None,
                    ..complete()
                },
                "--volume",
            ),
            (
                PartialInputs {
                    training_tokens: None,
                    ..complete()
                },
                "one of --training-cost",
            ),
            (
                PartialInputs {
                    training_cost: Some(Decimal::ONE),
                    ..complete()
                },
                "not both",
            ),
            (
                PartialInputs {
                    epochs: Some(0),
                    ..complete()
                },
                "--epochs",
            ),
            (
                PartialInputs {
                    depends_at: Some(Decimal::from(20)),
                    ..complete()
                },
                "thresholds out of order",
            ),
        ];
        for (inputs, want) in cases {
            let e = inputs.finish().unwrap_err().0;
            assert!(e.contains(want), "{e} should mention {want}");
        }
    }
}
