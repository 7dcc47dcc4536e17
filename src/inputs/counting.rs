//! Token counts from the prompt and training files of a comparison, each
//! counted with the encoding of the model it is sent to.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::counted::{CountedPrompt, CountedTraining, CountedTrainingRow};
use super::error::{Field, InputError, Problem};
use crate::cost::Tokens;
use crate::dataset::{self, default_epochs, Scan, DEFAULT_MAX_EXAMPLE_TOKENS};
use crate::files;
use crate::pricing::Model;
use crate::tokens::{count_reader_with, Counter, Counting, TokenizerSource};

/// Counts prompt files, each once per tokenizer, and collects warnings about
/// prompts longer than a model's context window.
pub struct PromptCounter<'t> {
    tokenizers: &'t TokenizerSource,
    seen: Vec<((PathBuf, Counter), u64)>,
    /// Allowed but suspicious findings.
    pub warnings: Vec<String>,
}

impl<'t> PromptCounter<'t> {
    /// A counter that finds tokenizer files in `tokenizers`.
    pub fn new(tokenizers: &'t TokenizerSource) -> PromptCounter<'t> {
        PromptCounter {
            tokenizers,
            seen: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// The tokens of `file` for `model`; `field` names the input in errors.
    pub fn count(
        &mut self,
        file: &Path,
        model: &Model,
        field: Field,
    ) -> Result<CountedPrompt, InputError> {
        let counting = counting_for(self.tokenizers, model, field)?;
        let key = (file.to_path_buf(), counting.counter.clone());
        let tokens = match self.seen.iter().find(|(k, _)| *k == key) {
            Some((_, n)) => *n,
            None => {
                let n = count_file(file, &counting.counter, field)?;
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
            token_count_method: counting.method,
        })
    }
}

/// How `model` is counted; a tokenizer file that cannot be used is an
/// error of the input that needed it.
fn counting_for(
    tokenizers: &TokenizerSource,
    model: &Model,
    field: Field,
) -> Result<Counting, InputError> {
    tokenizers
        .for_model(model, false)
        .map_err(|m| file_error(field, m))
}

fn file_error(field: Field, message: String) -> InputError {
    Problem::File { field, message }.into()
}

fn count_file(file: &Path, counter: &Counter, field: Field) -> Result<Tokens, InputError> {
    let input = files::open(file).map_err(|m| file_error(field, m))?;
    let cap = files::MAX_PROMPT_BYTES;
    let too_large = || {
        file_error(
            field,
            format!(
                "{} is larger than {} MiB, the most ftvp reads as prompt text",
                input.name,
                cap >> 20
            ),
        )
    };
    if input.size.is_some_and(|s| s > cap) {
        return Err(too_large());
    }
    // The cap holds on the bytes read, whatever size a FIFO or device reports.
    let mut limited = input.reader.take(cap + 1);
    let counted = count_reader_with(counter, &mut limited)
        .map_err(|e| file_error(field, format!("{}: {e}", input.name)))?;
    match limited.limit() {
        0 => Err(too_large()),
        _ => Ok(counted.tokens),
    }
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

/// Counts a training file with every candidate's tokenizer in one pass; a
/// file with format errors is an error naming the first and the count.
pub fn count_training(
    file: &Path,
    models: &[&Model],
    epochs: Option<u32>,
    tokenizers: &TokenizerSource,
) -> Result<TrainingCount, InputError> {
    let countings = models
        .iter()
        .map(|m| counting_for(tokenizers, m, Field::TrainingFile))
        .collect::<Result<Vec<Counting>, InputError>>()?;
    let (name, scan) = scan(file, &dataset::distinct(countings.iter().cloned()))?;
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
    for (model, counting) in models.iter().zip(countings) {
        let tokens = scan.totals_for(&counting).map_or(0, |t| t.billed_per_epoch);
        let billed = crate::cost::billed_training_tokens(tokens, epochs).map_err(|_| {
            file_error(
                Field::Epochs,
                format!("{epochs} epochs × {tokens} training tokens per epoch overflows"),
            )
        })?;
        per_epoch.push(tokens);
        rows.push(CountedTrainingRow {
            model: model.id.clone(),
            chat_template: counting.template.template_name(),
            token_count_method: counting.method,
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

fn scan(file: &Path, countings: &[Counting]) -> Result<(String, Scan), InputError> {
    let input = files::open(file).map_err(|m| file_error(Field::TrainingFile, m))?;
    let name = input.name.clone();
    let scan = dataset::scan(input.reader, countings, DEFAULT_MAX_EXAMPLE_TOKENS, |_| {})
        .map_err(|e| file_error(Field::TrainingFile, format!("cannot read {name}: {e}")))?;
    if scan.records == 0 {
        return Err(file_error(
            Field::TrainingFile,
            format!("{name}: no examples (the file is empty or holds only blank lines)"),
        ));
    }
    Ok((name, scan))
}
