//! What was counted from files for a break-even comparison (prompt files and
//! a training file), as reported beside the result.

use serde::Serialize;

use crate::cost::Tokens;
use crate::tokens::Method;

/// A prompt file counted with one model's encoding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CountedPrompt {
    /// The file as given.
    pub file: String,
    /// The model whose encoding counted it.
    pub model: String,
    /// Its tokens.
    pub tokens: Tokens,
    /// Exact with the model's tokenizer, or an estimate (and why).
    #[serde(flatten)]
    pub token_count_method: Method,
}

/// A training file's billed tokens for one candidate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CountedTrainingRow {
    /// The candidate.
    pub model: String,
    /// Exact with the model's tokenizer, or an estimate (and why).
    #[serde(flatten)]
    pub token_count_method: Method,
    /// The chat template each example was rendered with (`qwen3`,
    /// `llama3`); null for OpenAI's cookbook rule.
    pub chat_template: Option<&'static str>,
    /// Σ min(limit, tokens per example).
    pub tokens_per_epoch: Tokens,
    /// `tokens_per_epoch × epochs`.
    pub billed_tokens: Tokens,
}

/// A training file as counted for the candidates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CountedTraining {
    /// The file as given.
    pub file: String,
    /// Its examples.
    pub examples: u64,
    /// Epochs used.
    pub epochs: u32,
    /// `given`, or `default rule` (the cookbook's).
    pub epochs_source: &'static str,
    /// Tokens per example above which an example is truncated.
    pub max_example_tokens: Tokens,
    /// One row per candidate.
    pub candidates: Vec<CountedTrainingRow>,
}

/// Everything counted from files; `null` parts were given as numbers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CountedFiles {
    /// The engineered prompt on the base model.
    pub base_prompt: Option<CountedPrompt>,
    /// The tuned prompts, one per candidate counted from a file.
    pub tuned_prompts: Vec<CountedPrompt>,
    /// The training file.
    pub training: Option<CountedTraining>,
}

impl CountedFiles {
    /// Whether anything was counted.
    pub fn is_empty(&self) -> bool {
        self.base_prompt.is_none() && self.tuned_prompts.is_empty() && self.training.is_none()
    }

    /// Footnote lines for tables: what was counted, and how.
    pub fn footnotes(&self) -> Vec<String> {
        let mut out = Vec::new();
        let prompt = |what: &str, p: &CountedPrompt| {
            format!(
                "{what} {}: {} tokens for {}, {}.",
                p.file,
                crate::format::count(p.tokens),
                p.model,
                p.token_count_method.explained()
            )
        };
        if let Some(p) = &self.base_prompt {
            out.push(prompt("Base prompt", p));
        }
        for p in &self.tuned_prompts {
            out.push(prompt("Tuned prompt", p));
        }
        if let Some(t) = &self.training {
            let rows: Vec<String> = t
                .candidates
                .iter()
                .map(|r| {
                    let template = r
                        .chat_template
                        .map(|t| format!(", template-based ({t} chat template)"))
                        .unwrap_or_default();
                    format!(
                        "{} billed tokens for {}, {}{template}",
                        crate::format::count(r.billed_tokens),
                        r.model,
                        r.token_count_method.explained()
                    )
                })
                .collect();
            out.push(format!(
                "Training file {}: {} examples × {} epochs ({}): {}.",
                t.file,
                crate::format::count(t.examples),
                t.epochs,
                t.epochs_source,
                rows.join("; ")
            ));
        }
        out
    }
}
