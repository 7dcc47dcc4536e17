//! ftvp: does fine-tuning an LLM pay for itself at your traffic, or should you
//! stay with prompt engineering?
//!
//! The library holds the pure cost model ([`cost`]), the price sheets
//! ([`pricing`]), scenario files ([`scenario`]) and the break-even analysis
//! ([`analysis`]) that the `ftvp` binary renders, and exact token counts
//! ([`tokens`]) for prompt files and chat fine-tuning files ([`dataset`]).

pub mod analysis;
pub mod cli;
pub mod commands;
pub mod cost;
pub mod counted;
pub mod dataset;
pub mod inputs;
pub mod notes;
pub mod pricing;
pub mod report;
pub mod scenario;
pub mod sweep;
pub mod today;
pub mod tokens;
pub mod units;
