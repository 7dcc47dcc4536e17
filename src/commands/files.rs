//! Turns the prompt and training files of a break-even comparison into token
//! counts, each with the encoding of the model it is sent to.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use super::dataset::scan_file;
use super::input;
use crate::analysis::{resolve_base, resolve_candidate};
use crate::counted::{CountedFiles, CountedPrompt, CountedTraining, CountedTrainingRow};
use crate::dataset::{default_epochs, DEFAULT_MAX_EXAMPLE_TOKENS};
use crate::inputs::PartialInputs;
use crate::pricing::{Catalog, Model, Tokenizer};
use crate::tokens::{self, count_reader, Method};

/// Counts every file in `p`, replacing it with the numbers it stands for.
/// Returns the inputs, what was counted, and warnings.
pub fn count_files(
    mut p: PartialInputs,
    catalog: &Catalog,
) -> Result<(PartialInputs, CountedFiles, Vec<String>)> {
    let mut counter = PromptCounter::default();
    let mut counted = CountedFiles::default();
    if let (Some(file), Some(query)) = (p.base_prompt_file.take(), &p.base_model) {
        let model = resolve_base(catalog, query)?;
        let c = counter.count(&file, model)?;
        p.base_prompt = Some(c.tokens);
        counted.base_prompt = Some(c);
    }
    let tuned: Vec<&Model> = match &p.tuned {
        Some(list) => list
            .iter()
            .map(|(q, _)| resolve_candidate(catalog, q))
            .collect::<Result<_, _>>()?,
        None => Vec::new(),
    };
    if !p.tuned_prompt_files.is_empty() && !tuned.is_empty() {
        let files = std::mem::take(&mut p.tuned_prompt_files);
        if files.len() != 1 && files.len() != tuned.len() {
            bail!(
                "--tuned-prompt-file is given {} times for {} --tuned models: give it once for all, or once per model",
                files.len(),
                tuned.len()
            );
        }
        let mut prompts = Vec::with_capacity(tuned.len());
        for (i, model) in tuned.iter().enumerate() {
            let c = counter.count(&files[i.min(files.len() - 1)], model)?;
            prompts.push(c.tokens);
            counted.tuned_prompts.push(c);
        }
        p.tuned_prompts = prompts;
    }
    let own = std::mem::take(&mut p.tuned_own_prompt_files);
    if let Some(list) = p.tuned.as_mut() {
        for ((entry, file), model) in list.iter_mut().zip(own).zip(&tuned) {
            if let Some(file) = file {
                let c = counter.count(&file, model)?;
                entry.1 = Some(c.tokens);
                counted.tuned_prompts.push(c);
            }
        }
    }
    if !tuned.is_empty() {
        if let Some(file) = p.training_file.take() {
            counted.training = Some(count_training(&mut p, &file, &tuned)?);
        }
    }
    Ok((p, counted, counter.warnings))
}

/// Counts each prompt file once per encoding and warns about prompts longer
/// than a model's context window.
#[derive(Default)]
struct PromptCounter {
    seen: Vec<((PathBuf, Tokenizer), u64)>,
    warnings: Vec<String>,
}

impl PromptCounter {
    fn count(&mut self, file: &Path, model: &Model) -> Result<CountedPrompt> {
        let method = tokens::method_for(model);
        let key = (file.to_path_buf(), method.encoding());
        let tokens = match self.seen.iter().find(|(k, _)| *k == key) {
            Some((_, n)) => *n,
            None => {
                let mut input = input::open(file)?;
                let n = count_reader(method.encoding(), &mut input.reader)
                    .with_context(|| input.name.clone())?
                    .tokens;
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

/// Counts a training file with every candidate's encoding in one pass; a file
/// with format errors is an input error naming the first and the count.
fn count_training(p: &mut PartialInputs, file: &Path, tuned: &[&Model]) -> Result<CountedTraining> {
    let methods: Vec<Method> = tuned.iter().map(|m| tokens::method_for(m)).collect();
    let mut encodings: Vec<Tokenizer> = Vec::new();
    for m in &methods {
        if !encodings.contains(&m.encoding()) {
            encodings.push(m.encoding());
        }
    }
    let (name, scan) = scan_file(file, &encodings, DEFAULT_MAX_EXAMPLE_TOKENS)?;
    if let Some(first) = scan.errors.first() {
        bail!(
            "{name}:{}: {}: {} ({} format error(s) in the file; `ftvp dataset {name}` lists them)",
            first.line,
            first.kind.as_str(),
            first.message,
            scan.error_count
        );
    }
    let (epochs, source) = match p.epochs {
        Some(e) => (e, "given"),
        None => (default_epochs(scan.examples).unwrap_or(1), "default rule"),
    };
    let mut rows = Vec::with_capacity(tuned.len());
    for (model, method) in tuned.iter().zip(methods) {
        let per_epoch = scan
            .totals_for(method.encoding())
            .map_or(0, |t| t.billed_per_epoch);
        p.counted_training_tokens
            .insert(model.id.clone(), per_epoch);
        rows.push(CountedTrainingRow {
            model: model.id.clone(),
            token_count_method: method,
            tokens_per_epoch: per_epoch,
            billed_tokens: per_epoch.checked_mul(u64::from(epochs)).with_context(|| {
                format!("--epochs {epochs} × {per_epoch} training tokens per epoch overflows")
            })?,
        });
    }
    p.training_tokens = rows.first().map(|r| r.tokens_per_epoch);
    p.epochs = Some(epochs);
    Ok(CountedTraining {
        file: name,
        examples: scan.examples,
        epochs,
        epochs_source: source,
        max_example_tokens: DEFAULT_MAX_EXAMPLE_TOKENS,
        candidates: rows,
    })
}
