//! Migration notes (design §18, §20.21): a base or tuned model that retires
//! within the horizon (within 12 months without one) gets a note naming the
//! provider's successor and the three cheapest searched candidates of its
//! serve mode and size class.

use jiff::civil::Date;

use super::notes::{window, Note};
use super::search::Ranked;
use super::{AnalysisError, Comparison};
use crate::format::money;
use crate::inputs::given::Serve;
use crate::inputs::{Inputs, Serving};
use crate::pricing::search_fields::params_text;
use crate::pricing::Model;

/// Alternatives a migration note lists.
pub const ALTERNATIVES: usize = 3;

/// Upper bounds (inclusive) of the size classes by total parameters.
const SIZE_BOUNDS: [u64; 3] = [10_000_000_000, 40_000_000_000, 150_000_000_000];

/// A size class: models whose sheet gives no size form one of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SizeClass {
    /// No published parameter count (most closed models): alternatives of
    /// any size.
    Unpublished,
    /// Total parameters above the previous bound, up to the `n`-th bound
    /// (the last class has none).
    Class(usize),
}

impl SizeClass {
    /// The class of a model with `params` total parameters.
    pub fn of(params: Option<u64>) -> SizeClass {
        match params {
            None => SizeClass::Unpublished,
            Some(p) => SizeClass::Class(SIZE_BOUNDS.iter().take_while(|&&b| p > b).count()),
        }
    }

    /// How a note says it.
    pub fn describe(self) -> String {
        let bound = |i: usize| params_text(SIZE_BOUNDS[i]);
        match self {
            SizeClass::Unpublished => "of any size (its own is unpublished)".to_string(),
            SizeClass::Class(0) => format!("of up to {}", bound(0)),
            SizeClass::Class(i) if i < SIZE_BOUNDS.len() => {
                format!("of {}–{}", bound(i - 1), bound(i))
            }
            SizeClass::Class(_) => format!("above {}", bound(SIZE_BOUNDS.len() - 1)),
        }
    }
}

/// A model of the comparison that retires within the notes' window.
#[derive(Debug, Clone)]
pub struct Retiring {
    /// The model.
    pub model: Model,
    /// The first day out of service.
    pub date: Date,
    /// The serve mode its replacement needs (the base: per token).
    pub serve: Serve,
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
            push(&mut out, &p.candidate.model, e.date, serve);
        }
    }
    let base = &inputs.base.model;
    if let Some(d) = base.shutdown().filter(|&d| d > start && d < end) {
        push(&mut out, base, d, Serve::PerToken);
    }
    Ok(out)
}

fn push(out: &mut Vec<Retiring>, model: &Model, date: Date, serve: Serve) {
    if !out.iter().any(|r| r.model.id == model.id && r.serve == serve) {
        out.push(Retiring {
            model: model.clone(),
            date,
            serve,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_classes_bound_inclusively() {
        let b = |n: u64| Some(n * 1_000_000_000);
        assert_eq!(SizeClass::of(None), SizeClass::Unpublished);
        assert_eq!(SizeClass::of(b(8)), SizeClass::Class(0));
        assert_eq!(SizeClass::of(b(10)), SizeClass::Class(0));
        assert_eq!(SizeClass::of(b(14)), SizeClass::Class(1));
        assert_eq!(SizeClass::of(b(70)), SizeClass::Class(2));
        assert_eq!(SizeClass::of(b(400)), SizeClass::Class(3));
        assert_eq!(SizeClass::Class(0).describe(), "of up to 10B");
        assert_eq!(SizeClass::Class(1).describe(), "of 10B–40B");
        assert_eq!(SizeClass::Class(3).describe(), "above 150B");
    }
}
