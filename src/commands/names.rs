//! The command line's names for the inputs of a comparison: the library's
//! errors are worded once and name inputs through [`Names`]; here they
//! name flags.

use crate::names::{Field, Names, Naming, Setting};

/// Names inputs by their flags.
pub struct FlagNames;

/// The command line's naming, for everything a run hands to the library.
pub fn naming() -> Naming {
    Naming(&FlagNames)
}

/// The flag of an input.
pub fn flag(field: Field) -> &'static str {
    match field {
        Field::Base => "--base",
        Field::BasePrompt => "--base-prompt",
        Field::BasePromptFile => "--base-prompt-file",
        Field::Tuned => "--tuned",
        Field::TunedPrompt => "--tuned-prompt",
        Field::TunedPromptFile => "--tuned-prompt-file",
        Field::BaseReasoning => "--base-reasoning",
        Field::TunedOutput => "--tuned-output",
        Field::TunedReasoning => "--tuned-reasoning",
        Field::Input => "--input",
        Field::Output => "--output",
        Field::CacheHitRate => "--cache-hit-rate",
        Field::Batch => "--batch",
        Field::TrainingCost => "--training-cost",
        Field::TrainingTokens => "--training-tokens",
        Field::TrainingFile => "--training-file",
        Field::Epochs => "--epochs",
        Field::SetupCost => "--setup-cost",
        Field::RetrainEvery => "--retrain-every",
        Field::Maintenance => "--maintenance-per-month",
        Field::Volume => "--volume",
        Field::PerMonth => "--per-month",
        Field::Months => "--months",
        Field::Growth => "--growth",
        Field::Start => "--start",
        Field::Method => "--method",
        Field::Serve => "--serve",
        Field::Gpu => "--gpu",
        Field::GpuHourly => "--gpu-hourly",
        Field::GpusPerReplica => "--gpus-per-replica",
        Field::ReplicaRps => "--replica-rps",
        Field::ReplicaOutputTps => "--replica-output-tps",
        Field::Headroom => "--headroom",
        Field::PeakToAverage => "--peak-to-average",
        Field::MinReplicas => "--min-replicas",
        Field::DependsAt => "--depends-at",
        Field::FineTuneAt => "--fine-tune-at",
        Field::FewShot => "--few-shot",
        Field::Examples => "--examples",
        Field::OffPeakShare => "--off-peak-share",
        Field::BaseSuccess => "--base-success",
        Field::TunedSuccess => "--tuned-success",
        Field::FailureCost => "--failure-cost",
    }
}

impl Names for FlagNames {
    fn name(&self, field: Field) -> String {
        flag(field).to_string()
    }

    fn with_alternative(&self, field: Field) -> String {
        match field {
            Field::Base => "--base (or [base] model)".to_string(),
            Field::Tuned => "--tuned (or [[tuned]] model)".to_string(),
            f => format!("{} ({} in a scenario)", flag(f), leaf(f.key())),
        }
    }

    fn with_value(&self, field: Field) -> String {
        match field {
            Field::TrainingCost => "--training-cost USD".to_string(),
            Field::TrainingTokens => "--training-tokens TOKENS".to_string(),
            f => flag(f).to_string(),
        }
    }

    fn required(&self, field: Field) -> String {
        match field {
            Field::Base => "--base (or `model` in the scenario's [base])".to_string(),
            Field::Tuned => "--tuned (or a [[tuned]] table in the scenario)".to_string(),
            Field::Volume => "--volume (or --per-month with --months)".to_string(),
            Field::TunedPrompt => "--tuned-prompt TOKENS, 0 for none, or --tuned-prompt-file \
                                   (or `prompt_tokens` on every [[tuned]] in a scenario)"
                .to_string(),
            Field::SetupCost => {
                "--setup-cost USD, 0 for none (or training.setup_cost in a scenario)".to_string()
            }
            f => format!("{} (or {} in a scenario)", flag(f), f.key()),
        }
    }

    fn setting(&self, setting: Setting) -> String {
        match setting {
            Setting::Format => "--format",
            Setting::All => "--all",
            Setting::TokenizerFile => "--tokenizer-file",
            Setting::GpuList => "`ftvp prices --gpus`",
            Setting::FineTunableList => "`ftvp prices --fine-tunable`",
            Setting::Pricing => "--pricing",
        }
        .to_string()
    }

    fn missing_hint(&self) -> &'static str {
        " (--help describes each; examples/ has scenario files to start from)"
    }

    fn missing_one(&self, field: Field) -> String {
        match field {
            Field::Base => "--base is required (or `model` in the scenario's [base])".to_string(),
            Field::Tuned => {
                "--tuned is required (or a [[tuned]] table in the scenario)".to_string()
            }
            f => format!("{} is required", self.required(f)),
        }
    }
}

/// The last part of a dotted key: `retrain_every_months`.
fn leaf(key: &str) -> &str {
    key.rsplit('.').next().unwrap_or(key)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use clap::{Args, CommandFactory};

    use super::*;
    use crate::cli::{Cli, ComparisonArgs, TrafficArgs};

    fn longs(cmd: &clap::Command) -> BTreeSet<String> {
        cmd.get_arguments()
            .filter_map(|a| a.get_long())
            .map(|l| format!("--{l}"))
            .collect()
    }

    /// Every input's flag is a real argument of `breakeven`, and
    /// every argument that carries an input of the comparison has its
    /// [`Field`]: messages never name a flag that does not exist.
    #[test]
    fn every_named_flag_is_a_real_argument_and_every_input_has_a_name() {
        let cli = Cli::command();
        let args = longs(cli.find_subcommand("breakeven").unwrap());
        for f in Field::ALL {
            assert!(args.contains(flag(f)), "breakeven has no {}", flag(f));
        }
        let named: BTreeSet<String> = Field::ALL.iter().map(|&f| flag(f).to_string()).collect();
        let inputs =
            TrafficArgs::augment_args(ComparisonArgs::augment_args(clap::Command::new("x")));
        // Arguments of a comparison that are not one of its inputs: where
        // the inputs and prices come from, and the tokenizer files that count
        // the prompt and training files' tokens, and the hidden carrier of
        // ranges given in place of values.
        let not_inputs = ["--scenario", "--pricing", "--tokenizer-file", "--range"];
        for long in longs(&inputs) {
            if !not_inputs.contains(&long.as_str()) {
                assert!(named.contains(&long), "{long} has no Field in names.rs");
            }
        }
    }
}
