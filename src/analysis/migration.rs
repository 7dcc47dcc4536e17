//! Migration notes (design §18, §20.21): a base or tuned model that retires
//! within the horizon (within 12 months without one) gets a note naming the
//! provider's successor and the three cheapest searched candidates of its
//! serve mode and size class.

use jiff::civil::Date;

use super::notes::{window, Note};
use super::search::{Ranked, SizeClass};
use super::{AnalysisError, Comparison};
use crate::format::money;
use crate::inputs::given::{Serve, Tuned};
use crate::inputs::{Candidate, Inputs, Serving};
use crate::pricing::Model;

/// Alternatives a migration note lists.
pub const ALTERNATIVES: usize = 3;

/// A model of the comparison that retires within the notes' window.
#[derive(Debug, Clone)]
pub struct Retiring {
    /// The model.
    pub model: Model,
    /// The first day out of service.
    pub date: Date,
    /// The serve mode its replacement needs (the base: per token).
    pub serve: Serve,
    /// The tokens a replacement takes: the candidate's own (for the base,
    /// the first candidate's).
    pub like: Tuned,
}

/// The base and candidates of `inputs` that retire within the window of
/// the lifecycle notes, each once.
pub fn retiring(inputs: &Inputs, today: Date) -> Result<Vec<Retiring>, AnalysisError> {
    let c = Comparison::new(inputs, today)?;
    let (start, (end, _)) = (inputs.start, window(inputs));
    let mut out: Vec<Retiring> = Vec::new();
    for p in &c.paths {
        let serve = match p.candidate.serving {
            Serving::PerToken => Serve::PerToken,
            Serving::Dedicated(_) => Serve::Dedicated,
        };
        if let Some(e) = p.end.filter(|e| e.date < end) {
            push(&mut out, &p.candidate.model, e.date, serve, like(p.candidate));
        }
    }
    let base = &inputs.base.model;
    if let Some(d) = base.shutdown().filter(|&d| d > start && d < end) {
        let first = inputs.candidates.first().map(like).unwrap_or_default();
        push(&mut out, base, d, Serve::PerToken, first);
    }
    Ok(out)
}

/// The tokens of `c`, for its replacements.
fn like(c: &Candidate) -> Tuned {
    Tuned {
        prompt_tokens: Some(c.prompt_tokens),
        output_tokens: Some(c.output_tokens),
        reasoning_tokens: Some(c.reasoning_tokens),
        ..Default::default()
    }
}

fn push(out: &mut Vec<Retiring>, model: &Model, date: Date, serve: Serve, like: Tuned) {
    if !out.iter().any(|r| r.model.id == model.id && r.serve == serve) {
        out.push(Retiring {
            model: model.clone(),
            date,
            serve,
            like,
        });
    }
}

/// The first day after the notes' window: the end of the horizon, or 12
/// months after the start without one.
pub fn window_end(inputs: &Inputs) -> Date {
    window(inputs).0
}

/// The note for `r`, with the cheapest `alternatives` found for it (those
/// that serve beyond the window).
pub fn note(r: &Retiring, alternatives: &[Ranked], currency: &str) -> Note {
    let m = &r.model;
    let successor = match m.successor() {
        Some(s) => s.sentence(&m.sheet.provider),
        None => "its sheet names no successor".to_string(),
    };
    let class = SizeClass::of(m.params()).describe();
    let listed: Vec<String> = alternatives
        .iter()
        .take(ALTERNATIVES)
        .map(|a| format!("{} ({})", a.candidate, money(a.total, currency)))
        .collect();
    let found = match listed.is_empty() {
        true => format!("no other fine-tunable model {class} served {} fits", r.serve.as_str()),
        false => format!(
            "the cheapest fine-tunes {class} served {} over the same traffic: {}",
            r.serve.as_str(),
            listed.join(", ")
        ),
    };
    Note {
        code: "migration",
        message: format!(
            "{} retires on {}: {successor}; {found} (cost only: compare their quality on your \
             own eval set)",
            m.id, r.date
        ),
    }
}
