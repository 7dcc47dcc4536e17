//! Advisory notes from the decision framework. They sit beside the verdict and
//! never change it; each has a stable `code` that scripts may match on.

use std::collections::BTreeSet;

use jiff::civil::Date;
use serde::Serialize;

use crate::inputs::Inputs;
use crate::pricing::{Model, STALE_AFTER_DAYS};

/// One advisory note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    /// Stable identifier: `too-few-examples`, `examples-for-style-only`,
    /// `task-still-changing`, `many-few-shot`, `try-prompt-caching`, `stale-prices`.
    pub code: &'static str,
    /// A sentence for people.
    pub message: String,
}

fn note(code: &'static str, message: String) -> Note {
    Note { code, message }
}

/// The notes that apply to a comparison.
pub fn advisory_notes(inputs: &Inputs, today: Date) -> Vec<Note> {
    let base = &inputs.base.model;
    let models: Vec<&Model> = std::iter::once(base)
        .chain(inputs.candidates.iter().map(|c| &c.model))
        .collect();
    let mut notes = Vec::new();
    match inputs.examples {
        Some(n) if n < 100 => notes.push(note(
            "too-few-examples",
            format!(
                "{n} training examples are few: a prompt that shows the best of them as \
                 few-shot examples usually does as well as a fine-tune on them"
            ),
        )),
        Some(n) if n < 1000 => notes.push(note(
            "examples-for-style-only",
            format!(
                "{n} training examples can teach tone and output format; teaching the model \
                 a new skill usually takes thousands"
            ),
        )),
        _ => {}
    }
    if inputs.retrain_every.is_some_and(|r| r <= 1) {
        notes.push(note(
            "task-still-changing",
            "retraining every month means the task is still moving; a fine-tune freezes \
             behaviour that a prompt edit could change the same day"
                .to_string(),
        ));
    }
    if let Some(n) = inputs.few_shot.filter(|&n| n >= 20) {
        notes.push(note(
            "many-few-shot",
            format!(
                "{n} few-shot examples in the prompt are a classic reason to fine-tune: they \
                 become training data and the prompt shrinks"
            ),
        ));
    }
    let prompt = inputs.base.prompt_tokens;
    if !inputs.cache_hit_rate_given && prompt_is_cacheable(base, prompt) {
        notes.push(note(
            "try-prompt-caching",
            format!(
                "the engineered prompt of {} tokens can be cached on {}; rerun with \
                 --cache-hit-rate to see how caching narrows the gap",
                crate::format::count(prompt),
                base.id
            ),
        ));
    }
    let mut seen = BTreeSet::new();
    for m in &models {
        let s = &m.sheet;
        if s.is_stale(today) && seen.insert(s.origin.clone()) {
            notes.push(note(
                "stale-prices",
                format!(
                    "{} prices were read on {}, more than {STALE_AFTER_DAYS} days ago; check {} before deciding",
                    s.provider, s.as_of, s.source
                ),
            ));
        }
    }
    notes
}

fn prompt_is_cacheable(model: &Model, prompt_tokens: u64) -> bool {
    let p = &model.prices;
    p.cached_input.is_some()
        && prompt_tokens > 0
        && p.min_cacheable_tokens
            .is_none_or(|min| prompt_tokens >= min)
}
