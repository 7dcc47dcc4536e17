//! ftvp: does fine-tuning an LLM pay for itself at your traffic, or should you
//! stay with prompt engineering?
//!
//! The library holds the pure cost model ([`cost`]), the price sheets
//! ([`pricing`]), scenario files ([`scenario`]) and the break-even analysis
//! ([`analysis`]) that the `ftvp` binary renders.

pub mod cost;
