//! Errors in the inputs of a comparison, typed so that callers can match on
//! them, and worded once: every message names inputs through [`Names`], so
//! the command line can say `--epochs` where a library user sees
//! `training.epochs`.

use std::fmt;

use rust_decimal::Decimal;

use crate::cost::CostError;
pub use crate::names::{Field, Keys, Names, Setting};
use crate::pricing::PricingError;

/// A cost error with the inputs that feed an overflowing amount, by their
/// names (`--training-tokens`, `--epochs`), so the user knows which to check.
pub fn cost_message(e: &CostError, n: &dyn Names) -> String {
    let CostError::Overflow(what) = e else {
        return e.to_string();
    };
    let fields: &[Field] = match *what {
        "training tokens × epochs" => &[Field::TrainingTokens, Field::Epochs],
        "monthly volume" | "requests over the horizon" | "the volume over the horizon" => {
            &[Field::PerMonth, Field::Growth, Field::Months, Field::Volume]
        }
        "replicas" | "replica step" | "replicas for a replica of no capacity" => &[
            Field::ReplicaRps,
            Field::ReplicaOutputTps,
            Field::Headroom,
            Field::PeakToAverage,
            Field::MinReplicas,
        ],
        "fixed cost" => &[
            Field::TrainingCost,
            Field::SetupCost,
            Field::Maintenance,
            Field::GpuHourly,
        ],
        _ => &[
            Field::Volume,
            Field::PerMonth,
            Field::BasePrompt,
            Field::Input,
            Field::Output,
            Field::TrainingCost,
            Field::SetupCost,
        ],
    };
    let names: Vec<String> = fields.iter().map(|&f| n.name(f)).collect();
    format!("{e} (check {})", names.join(", "))
}

/// Where in a scenario file a value sits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The file as given.
    pub file: String,
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1.
    pub column: usize,
    /// The dotted key or table.
    pub key: String,
}

/// An input error: what is wrong, and where when a scenario file says it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// The scenario position at fault, when the culprit is in a file.
    pub(crate) place: Option<Box<Place>>,
    /// What is wrong.
    pub(crate) problem: Box<Problem>,
}

impl From<Problem> for InputError {
    fn from(problem: Problem) -> Self {
        InputError {
            place: None,
            problem: Box::new(problem),
        }
    }
}

impl InputError {
    /// The one-line message, naming inputs with `names` (a scenario position
    /// always names the key).
    pub fn describe(&self, names: &dyn Names) -> String {
        match &self.place {
            Some(p) => format!(
                "{}:{}:{}: key `{}`: {}",
                p.file,
                p.line,
                p.column,
                p.key,
                self.problem.describe(&Keys)
            ),
            None => self.problem.describe(names),
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe(&Keys))
    }
}

impl std::error::Error for InputError {}

/// A required input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// This one.
    One(Field),
    /// One of these two.
    Either(Field, Field),
}

/// What a dedicated candidate lacks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DedicatedNeed {
    /// A GPU and its price.
    Gpu,
    /// A throughput, with no shipped reference for its class and GPU.
    Throughput {
        /// What was looked for: `dense-8b on 1 × h100-80gb`, or why nothing was.
        looked_for: String,
    },
}

/// What is wrong with the inputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Inputs that must be given and are not, all of them.
    Missing(Vec<Need>),
    /// Two inputs that exclude each other.
    Both(Field, Field),
    /// Epochs with a training cost given directly.
    EpochsWithCost,
    /// An input that only means something over a horizon.
    NeedsHorizon(Field),
    /// An input that needs another one.
    Needs(Field, Field),
    /// A volume per month given as a flag over a scenario with a horizon:
    /// the flag replaced `[horizon]`, its months included, and gave none.
    MonthsReplaced {
        /// The scenario's months, dropped.
        months: u32,
    },
    /// A value out of its range.
    Invalid {
        /// The input.
        field: Field,
        /// What is wrong with the value.
        message: String,
    },
    /// A per-candidate input given neither once nor once per candidate.
    PerCandidate {
        /// The input.
        field: Field,
        /// How often it was given.
        given: usize,
        /// Candidates.
        candidates: usize,
    },
    /// The rule-of-thumb multiples out of order.
    Thresholds {
        /// The low multiple.
        depends_at: Decimal,
        /// The high multiple.
        fine_tune_at: Decimal,
    },
    /// A model id that does not resolve.
    Model(Field, PricingError),
    /// A GPU id that does not resolve.
    Gpu(PricingError),
    /// A dedicated candidate without what dedicated serving needs.
    Dedicated {
        /// The candidate.
        model: String,
        /// What it lacks, naming inputs through the field.
        missing: DedicatedNeed,
    },
    /// A candidate given twice.
    Duplicate(String),
    /// A candidate whose fine-tunes are served only on dedicated GPUs, given
    /// without `--serve dedicated`.
    DedicatedOnly {
        /// The model.
        model: String,
        /// Its sheet.
        sheet: String,
    },
    /// A candidate whose sheet has no fine-tuning prices.
    NotFineTunable {
        /// The model.
        model: String,
        /// Its sheet.
        sheet: String,
    },
    /// A candidate priced in another currency than the base model.
    Currency {
        /// The base model.
        base: String,
        /// Its currency.
        base_currency: String,
        /// The candidate.
        tuned: String,
        /// Its currency.
        tuned_currency: String,
    },
    /// A file that cannot be read or counted.
    File {
        /// The input naming it.
        field: Field,
        /// What went wrong, naming the file.
        message: String,
    },
    /// A training file with format errors.
    TrainingFormat {
        /// `file:line: kind: message` of the first error.
        first: String,
        /// The file.
        file: String,
        /// Format errors in the file.
        count: u64,
    },
    /// A scenario file that cannot be read or parsed (the message names the
    /// file, line, column and key).
    Scenario(String),
    /// Arithmetic on the inputs overflowed.
    Cost(CostError),
}

impl From<CostError> for Problem {
    fn from(e: CostError) -> Self {
        Problem::Cost(e)
    }
}

const HORIZON_HINT: &str = "(a volume given as a flag replaces the scenario's [horizon])";

impl Problem {
    /// The message, naming inputs with `n`.
    pub fn describe(&self, n: &dyn Names) -> String {
        match self {
            Problem::Both(..)
            | Problem::EpochsWithCost
            | Problem::NeedsHorizon(..)
            | Problem::Needs(..)
            | Problem::MonthsReplaced { .. } => self.describe_combination(n),
            Problem::Invalid { .. } | Problem::PerCandidate { .. } | Problem::Thresholds { .. } => {
                self.describe_value(n)
            }
            Problem::Model(..)
            | Problem::Gpu(..)
            | Problem::Dedicated { .. }
            | Problem::Duplicate(..)
            | Problem::NotFineTunable { .. }
            | Problem::DedicatedOnly { .. }
            | Problem::Currency { .. } => self.describe_candidate(n),
            Problem::Missing(needs) => missing(needs, n),
            Problem::File { message, .. } => message.clone(),
            Problem::TrainingFormat { first, file, count } => format!(
                "{first} ({count} format error(s) in the file; `ftvp dataset {file}` lists them)"
            ),
            Problem::Scenario(message) => message.clone(),
            Problem::Cost(e) => cost_message(e, n),
        }
    }

    /// Inputs given together that do not go together, or one without what it needs.
    fn describe_combination(&self, n: &dyn Names) -> String {
        match self {
            Problem::Both(a, b) => {
                format!("give either {} or {}, not both", n.name(*a), n.name(*b))
            }
            Problem::EpochsWithCost => format!(
                "epochs ({}) apply to training tokens, not to a training cost given directly",
                n.name(Field::Epochs)
            ),
            Problem::NeedsHorizon(Field::Serve) => format!(
                "a candidate served dedicated needs a horizon, since its replicas are planned \
                 month by month: give {} and {} (or {} with {})",
                n.name(Field::PerMonth),
                n.name(Field::Months),
                n.name(Field::Volume),
                n.name(Field::Months)
            ),
            Problem::NeedsHorizon(f) => format!(
                "{} needs a horizon: give {} {HORIZON_HINT}",
                n.with_alternative(*f),
                n.name(Field::Months)
            ),
            Problem::Needs(Field::Growth, other) => format!(
                "{} applies to {}; give {} and {}",
                n.name(Field::Growth),
                n.name(*other),
                n.name(*other),
                n.name(Field::Months)
            ),
            Problem::Needs(Field::PerMonth, Field::Months) => format!(
                "{} needs {}: how many months the horizon has",
                n.name(Field::PerMonth),
                n.name(Field::Months)
            ),
            Problem::Needs(f @ (Field::BaseSuccess | Field::TunedSuccess | Field::FailureCost), other) => {
                format!(
                    "{} needs {}: quality counts only with {}, {} (every candidate) and {} together",
                    n.name(*f),
                    n.name(*other),
                    n.name(Field::BaseSuccess),
                    n.name(Field::TunedSuccess),
                    n.name(Field::FailureCost)
                )
            }
            Problem::Needs(f, other) => {
                format!("{} needs {}", n.name(*f), n.name(*other))
            }
            Problem::MonthsReplaced { months } => format!(
                "{} needs {}: it replaces the scenario's volume and [horizon], whose {months} \
                 months are dropped with them; give {} {months} to keep them",
                n.name(Field::PerMonth),
                n.name(Field::Months),
                n.name(Field::Months)
            ),
            _ => unreachable!("describe() routes only these problems here"),
        }
    }

    /// A value out of its range.
    fn describe_value(&self, n: &dyn Names) -> String {
        match self {
            Problem::Invalid { field, message } => {
                format!("{} {message}", n.with_alternative(*field))
            }
            Problem::PerCandidate {
                field,
                given,
                candidates,
            } => format!(
                "{} is given {given} times for {candidates} {} models: give it once for all, or once per model",
                n.name(*field),
                n.name(Field::Tuned)
            ),
            Problem::Thresholds {
                depends_at,
                fine_tune_at,
            } => format!(
                "thresholds out of order: need 0 < {} ({depends_at}) <= {} ({fine_tune_at})",
                n.name(Field::DependsAt),
                n.name(Field::FineTuneAt)
            ),
            _ => unreachable!("describe() routes only these problems here"),
        }
    }

    /// A model or candidate that cannot be compared.
    fn describe_candidate(&self, n: &dyn Names) -> String {
        match self {
            Problem::Model(f, e) => format!("{}: {e}", n.with_alternative(*f)),
            Problem::Gpu(e) => format!("{}: {e}", n.name(Field::Gpu)),
            Problem::Dedicated { model, missing } => dedicated(model, missing, n),
            Problem::Duplicate(model) => format!(
                "{model} is given twice as a candidate ({}); each may appear once",
                n.with_alternative(Field::Tuned)
            ),
            Problem::NotFineTunable { model, sheet } => {
                let provider = model.split('/').next().unwrap_or_default();
                let none = match crate::pricing::ships_fine_tuning(provider) {
                    false => format!(
                        "; ftvp ships no fine-tuning prices for {provider} ({} lists the \
                         models it ships them for; {} ranks every venue that has them)",
                        n.setting(Setting::FineTunableList),
                        n.setting(Setting::TunedAny)
                    ),
                    true => String::new(),
                };
                format!(
                    "{model} cannot be a {} candidate: its sheet ({sheet}) has no fine_tuning prices{none}",
                    n.name(Field::Tuned)
                )
            }
            Problem::DedicatedOnly { model, sheet } => format!(
                "{model}: fine-tunes are served only on a dedicated deployment billed per \
                 GPU-hour, with no per-token price (its sheet: {sheet}); add {} dedicated {} \
                 PROVIDER/GPU ({})",
                n.name(Field::Serve),
                n.name(Field::Gpu),
                n.setting(Setting::GpuList)
            ),
            Problem::Currency {
                base,
                base_currency,
                tuned,
                tuned_currency,
            } => format!(
                "{base} is priced in {base_currency} but {tuned} in {tuned_currency}; compare models of one currency"
            ),
            _ => unreachable!("describe() routes only these problems here"),
        }
    }
}

fn dedicated(model: &str, missing: &DedicatedNeed, n: &dyn Names) -> String {
    match missing {
        DedicatedNeed::Gpu => format!(
            "{model} is served dedicated: give {} (a GPU from a sheet, {}) or {} (own hardware)",
            n.name(Field::Gpu),
            n.setting(Setting::GpuList),
            n.name(Field::GpuHourly)
        ),
        DedicatedNeed::Throughput { looked_for } => format!(
            "{model} is served dedicated with no throughput: give {} or {} from a load test of your \
             workload (no shipped reference measurement for {looked_for})",
            n.name(Field::ReplicaRps),
            n.name(Field::ReplicaOutputTps)
        ),
    }
}

fn missing(needs: &[Need], n: &dyn Names) -> String {
    let name = |need: &Need| match *need {
        Need::One(f) => n.required(f),
        Need::Either(a, b) => format!("{} or {}", n.with_value(a), n.with_value(b)),
    };
    let list = match needs {
        [Need::One(f)] => n.missing_one(*f),
        [Need::Either(a, b)] => format!(
            "one of {} or {} is required",
            n.with_value(*a),
            n.with_value(*b)
        ),
        many => {
            let names: Vec<String> = many.iter().map(name).collect();
            format!("missing required inputs: {}", names.join("; "))
        }
    };
    list + n.missing_hint()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_inputs_by_their_scenario_keys_in_the_library() {
        let e = InputError::from(Problem::NeedsHorizon(Field::RetrainEvery));
        assert_eq!(
            e.to_string(),
            "`training.retrain_every_months` needs a horizon: give `horizon.months` \
             (a volume given as a flag replaces the scenario's [horizon])"
        );
        let e = InputError::from(Problem::Needs(Field::Growth, Field::PerMonth));
        assert_eq!(
            e.to_string(),
            "`horizon.growth_percent` applies to `horizon.per_month`; give \
             `horizon.per_month` and `horizon.months`"
        );
        let e = InputError::from(Problem::Missing(vec![
            Need::One(Field::Base),
            Need::One(Field::Tuned),
        ]));
        assert_eq!(
            e.to_string(),
            "missing required inputs: `base.model`; `[[tuned]] model`"
        );
    }

    #[test]
    fn a_scenario_position_names_file_line_and_key() {
        let e = InputError {
            place: Some(Box::new(Place {
                file: "s.toml".into(),
                line: 12,
                column: 1,
                key: "thresholds".into(),
            })),
            problem: Box::new(Problem::Thresholds {
                depends_at: Decimal::from(20),
                fine_tune_at: Decimal::from(10),
            }),
        };
        assert!(e
            .to_string()
            .starts_with("s.toml:12:1: key `thresholds`: thresholds out of order"));
    }
}
