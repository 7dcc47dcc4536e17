//! Token counts from the prompt and training files of a comparison, each
//! counted with the encoding of the model it is sent to.

use std::path::{Path, PathBuf};

use super::counted::{CountedPrompt, CountedTraining, CountedTrainingRow};
use super::error::{Field, InputError, Problem};
use crate::cost::Tokens;
use crate::dataset::{default_epochs, Scan, DEFAULT_MAX_EXAMPLE_TOKENS};
use crate::files;
use crate::pricing::{Model, Tokenizer};
use crate::tokens::{self, count_reader, Method};

/// Counts prompt files, each once per encoding, and collects warnings about
/// prompts longer than a model's context window.
#[derive(Default)]
pub struct PromptCounter {
    seen: Vec<((PathBuf, Tokenizer), u64)>,
    /// Allowed but suspicious findings.
    pub warnings: Vec<String>,
}

impl PromptCounter {
    /// The tokens of `file` for `model`; `field` names the input in errors.
    pub fn count(
        &mut self,
        file: &Path,
        model: &Model,
        field: Field,
    ) -> Result<CountedPrompt, InputError> {
        let method = tokens::method_for(model);
        let key = (file.to_path_buf(), method.encoding());
        let tokens = match self.seen.iter().find(|(k, _)| *k == key) {
            Some((_, n)) => *n,
            None => {
                let n = count_file(file, method.encoding(), field)?;
                self.seen.push((key, n));
                n
            }
        };
        if let Some(window) = model.prices.context_window.filter(|&w| tokens > w) {
            self.warnings.push(format!(
                "{}: the prompt of {tokens} tokens is longer than {}'s context window of {window} tokens",
                file.display(),
                model.id
            ));
        }
        Ok(CountedPrompt {
            file: file.display().to_string(),
            model: model.id.clone(),
            tokens,
            token_count_method: method,
        })
    }
}

fn file_error(field: Field, message: String) -> InputError {
    Problem::File { field, message }.into()
}

fn count_file(file: &Path, encoding: Tokenizer, field: Field) -> Result<Tokens, InputError> {
    let mut input = files::open(file).map_err(|m| file_error(field, m))?;
    count_reader(encoding, &mut input.reader)
        .map(|c| c.tokens)
        .map_err(|e| file_error(field, format!("{}: {e}", input.name)))
}

/// A training file counted for the candidates in one pass: the tokens of one
/// epoch for each, and how they were counted.
pub struct TrainingCount {
    /// Tokens per epoch, one per candidate in order.
    pub per_epoch: Vec<Tokens>,
    /// Epochs: the given ones, else the cookbook's rule for the examples.
    pub epochs: u32,
    /// The report.
    pub counted: CountedTraining,
}

/// Counts a training file with every candidate's encoding in one pass; a
/// file with format errors is an error naming the first and the count.
pub fn count_training(
    file: &Path,
    models: &[&Model],
    epochs: Option<u32>,
) -> Result<TrainingCount, InputError> {
    let methods: Vec<Method> = models.iter().map(|m| tokens::method_for(m)).collect();
    let mut encodings: Vec<Tokenizer> = Vec::new();
    for m in &methods {
        if !encodings.contains(&m.encoding()) {
            encodings.push(m.encoding());
        }
    }
    let (name, scan) = scan(file, &encodings)?;
    if let Some(first) = scan.errors.first() {
        return Err(Problem::TrainingFormat {
            first: format!(
                "{name}:{}: {}: {}",
                first.line,
                first.kind.as_str(),
                first.message
            ),
            file: name,
            count: scan.error_count,
        }
        .into());
    }
    let (epochs, source) = match epochs {
        Some(e) => (e, "given"),
        None => (default_epochs(scan.examples).unwrap_or(1), "default rule"),
    };
    let mut rows = Vec::with_capacity(models.len());
    let mut per_epoch = Vec::with_capacity(models.len());
    for (model, method) in models.iter().zip(methods) {
        let tokens = scan
            .totals_for(method.encoding())
            .map_or(0, |t| t.billed_per_epoch);
        let billed = tokens.checked_mul(u64::from(epochs)).ok_or_else(|| {
            file_error(
                Field::Epochs,
                format!("{epochs} epochs × {tokens} training tokens per epoch overflows"),
            )
        })?;
        per_epoch.push(tokens);
        rows.push(CountedTrainingRow {
            model: model.id.clone(),
            token_count_method: method,
            tokens_per_epoch: tokens,
            billed_tokens: billed,
        });
    }
    Ok(TrainingCount {
        per_epoch,
        epochs,
        counted: CountedTraining {
            file: name,
            examples: scan.examples,
            epochs,
            epochs_source: source,
            max_example_tokens: DEFAULT_MAX_EXAMPLE_TOKENS,
            candidates: rows,
        },
    })
}

fn scan(file: &Path, encodings: &[Tokenizer]) -> Result<(String, Scan), InputError> {
    let input = files::open(file).map_err(|m| file_error(Field::TrainingFile, m))?;
    let name = input.name.clone();
    let scan = crate::dataset::scan(input.reader, encodings, DEFAULT_MAX_EXAMPLE_TOKENS, |_| {})
        .map_err(|e| file_error(Field::TrainingFile, format!("cannot read {name}: {e}")))?;
    if scan.records == 0 {
        return Err(file_error(
            Field::TrainingFile,
            format!("{name}: no examples (the file is empty or holds only blank lines)"),
        ));
    }
    Ok((name, scan))
}
