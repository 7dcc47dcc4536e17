//! How a flag given for candidates applies to them: once for all, or once
//! each by position.

use super::{Field, InputError, Problem};

/// How a per-candidate flag applies to the candidates.
#[derive(Clone, Copy)]
pub(crate) enum Pairing {
    /// Not given.
    None,
    /// Given once: for every candidate.
    All,
    /// Given once per candidate: by position.
    Each,
}

impl Pairing {
    pub(crate) fn of(field: Field, given: usize, candidates: usize) -> Result<Pairing, InputError> {
        match given {
            0 => Ok(Pairing::None),
            1 => Ok(Pairing::All),
            g if g == candidates => Ok(Pairing::Each),
            g => Err(Problem::PerCandidate {
                field,
                given: g,
                candidates,
            }
            .into()),
        }
    }

    /// The value for candidate `i`.
    pub(crate) fn index(self, i: usize) -> Option<usize> {
        match self {
            Pairing::None => None,
            Pairing::All => Some(0),
            Pairing::Each => Some(i),
        }
    }
}
