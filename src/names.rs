//! How messages name what a user gives: the inputs of a comparison
//! ([`Field`]) and the settings of a run ([`Setting`]). The library words
//! every message once and names things through [`Names`]: its own
//! [`Keys`] say `training.epochs`, the command line's names say `--epochs`.
//! Nothing below the command line knows a flag.

/// An input of a comparison, as errors name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(missing_docs)] // each variant is the input its scenario key names
pub enum Field {
    Base,
    BasePrompt,
    BasePromptFile,
    Tuned,
    TunedPrompt,
    TunedPromptFile,
    BaseReasoning,
    TunedOutput,
    TunedReasoning,
    Input,
    Output,
    CacheHitRate,
    Batch,
    TrainingCost,
    TrainingTokens,
    TrainingFile,
    Epochs,
    SetupCost,
    RetrainEvery,
    Maintenance,
    Volume,
    PerMonth,
    Months,
    Growth,
    Start,
    Method,
    Serve,
    Gpu,
    GpuHourly,
    GpusPerReplica,
    ReplicaRps,
    ReplicaOutputTps,
    Headroom,
    PeakToAverage,
    MinReplicas,
    DependsAt,
    FineTuneAt,
    FewShot,
    Examples,
    OffPeakShare,
    BaseSuccess,
    TunedSuccess,
    FailureCost,
}

impl Field {
    /// Every input, in the order declared.
    pub const ALL: [Field; 43] = [
        Field::Base,
        Field::BasePrompt,
        Field::BasePromptFile,
        Field::Tuned,
        Field::TunedPrompt,
        Field::TunedPromptFile,
        Field::BaseReasoning,
        Field::TunedOutput,
        Field::TunedReasoning,
        Field::Input,
        Field::Output,
        Field::CacheHitRate,
        Field::Batch,
        Field::TrainingCost,
        Field::TrainingTokens,
        Field::TrainingFile,
        Field::Epochs,
        Field::SetupCost,
        Field::RetrainEvery,
        Field::Maintenance,
        Field::Volume,
        Field::PerMonth,
        Field::Months,
        Field::Growth,
        Field::Start,
        Field::Method,
        Field::Serve,
        Field::Gpu,
        Field::GpuHourly,
        Field::GpusPerReplica,
        Field::ReplicaRps,
        Field::ReplicaOutputTps,
        Field::Headroom,
        Field::PeakToAverage,
        Field::MinReplicas,
        Field::DependsAt,
        Field::FineTuneAt,
        Field::FewShot,
        Field::Examples,
        Field::OffPeakShare,
        Field::BaseSuccess,
        Field::TunedSuccess,
        Field::FailureCost,
    ];

    /// The scenario key of the input (design §5).
    pub fn key(self) -> &'static str {
        match self {
            Field::Base => "base.model",
            Field::BasePrompt => "base.prompt_tokens",
            Field::BasePromptFile => "base.prompt_file",
            Field::Tuned => "[[tuned]] model",
            Field::TunedPrompt => "[[tuned]] prompt_tokens",
            Field::TunedPromptFile => "[[tuned]] prompt_file",
            Field::BaseReasoning => "base.reasoning_tokens",
            Field::TunedOutput => "[[tuned]] output_tokens",
            Field::TunedReasoning => "[[tuned]] reasoning_tokens",
            Field::Input => "request.input_tokens",
            Field::Output => "request.output_tokens",
            Field::CacheHitRate => "request.cache_hit_rate",
            Field::Batch => "request.batch",
            Field::TrainingCost => "training.cost",
            Field::TrainingTokens => "training.tokens",
            Field::TrainingFile => "training.file",
            Field::Epochs => "training.epochs",
            Field::SetupCost => "training.setup_cost",
            Field::RetrainEvery => "training.retrain_every_months",
            Field::Maintenance => "training.maintenance_per_month",
            Field::Volume => "volume",
            Field::PerMonth => "horizon.per_month",
            Field::Months => "horizon.months",
            Field::Growth => "horizon.growth_percent",
            Field::Start => "horizon.start",
            Field::Method => "training.method",
            Field::Serve => "[[tuned]] serve",
            Field::Gpu => "[[tuned]] gpu",
            Field::GpuHourly => "[[tuned]] gpu_hourly",
            Field::GpusPerReplica => "[[tuned]] gpus_per_replica",
            Field::ReplicaRps => "[[tuned]] replica_rps",
            Field::ReplicaOutputTps => "[[tuned]] replica_output_tps",
            Field::Headroom => "[[tuned]] headroom",
            Field::PeakToAverage => "[[tuned]] peak_to_average",
            Field::MinReplicas => "[[tuned]] min_replicas",
            Field::DependsAt => "thresholds.depends_at",
            Field::FineTuneAt => "thresholds.fine_tune_at",
            Field::FewShot => "base.few_shot",
            Field::Examples => "training.examples",
            Field::OffPeakShare => "request.off_peak_share",
            Field::BaseSuccess => "quality.base_success",
            Field::TunedSuccess => "[[tuned]] success",
            Field::FailureCost => "quality.failure_cost",
        }
    }
}

/// How messages name inputs.
pub trait Names {
    /// The input's name in a sentence: `--epochs`, or `` `training.epochs` ``.
    fn name(&self, field: Field) -> String;
    /// The name with the other place it may be given, for errors about the
    /// value given: `--tuned (or [[tuned]] model)`.
    fn with_alternative(&self, field: Field) -> String {
        self.name(field)
    }
    /// The input with the placeholder of its value: `--training-cost USD`.
    fn with_value(&self, field: Field) -> String {
        self.name(field)
    }
    /// A missing input in a list of them, with where else it may be given.
    fn required(&self, field: Field) -> String {
        self.name(field)
    }
    /// The sentence for one missing input.
    fn missing_one(&self, field: Field) -> String {
        format!("{} is required", self.required(field))
    }
    /// Where to learn what the inputs are, after a list of missing ones.
    fn missing_hint(&self) -> &'static str {
        ""
    }
    /// A setting of a run that is not an input.
    fn setting(&self, setting: Setting) -> String {
        setting.key().to_string()
    }
}

/// Names inputs by their scenario keys: the library's own wording.
pub struct Keys;

impl Names for Keys {
    fn name(&self, field: Field) -> String {
        format!("`{}`", field.key())
    }
}

/// A setting of a run that is not an input of a comparison, as messages
/// and tables name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    /// The output format.
    Format,
    /// Showing models shut down before the start too.
    All,
    /// A model's own `tokenizer.json`.
    TokenizerFile,
    /// The list of GPUs the sheets price.
    GpuList,
    /// The list of models with fine-tuning prices.
    FineTunableList,
    /// Price sheets given for one run.
    Pricing,
    /// Searching every fine-tunable model instead of naming candidates.
    TunedAny,
}

impl Setting {
    /// The library's own words for the setting.
    pub fn key(self) -> &'static str {
        match self {
            Setting::Format => "`format`",
            Setting::All => "`all`",
            Setting::TokenizerFile => "a tokenizer file",
            Setting::GpuList => "the sheets' GPU list",
            Setting::FineTunableList => "the sheets' fine-tunable models",
            Setting::Pricing => "given sheets",
            Setting::TunedAny => "a search of every fine-tunable model",
        }
    }
}

/// The library's own naming, shared by every thread: what a [`Context`]
/// names with unless told otherwise.
///
/// [`Context`]: crate::inputs::Context
pub static KEYS: Keys = Keys;

/// How a run names things in its messages, carried with its inputs (so the
/// notes and warnings of an analysis speak the caller's language). Equal to
/// every other: it is not part of the inputs' values.
#[derive(Clone, Copy)]
pub struct Naming(pub &'static (dyn Names + Sync));

impl Default for Naming {
    fn default() -> Self {
        Naming(&KEYS)
    }
}

impl std::ops::Deref for Naming {
    type Target = dyn Names + Sync;
    fn deref(&self) -> &Self::Target {
        self.0
    }
}

impl std::fmt::Debug for Naming {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Naming")
    }
}

impl PartialEq for Naming {
    fn eq(&self, _: &Naming) -> bool {
        true
    }
}

impl Eq for Naming {}
