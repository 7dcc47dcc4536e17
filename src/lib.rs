//! ftvp: does fine-tuning an LLM pay for itself at your traffic, or should you
//! stay with prompt engineering?
//!
//! The library, top to bottom (each layer uses only the ones below it):
//!
//! - [`inputs`]: what a scenario file and the flags say ([`inputs::Given`]),
//!   resolved into complete, checked [`inputs::Inputs`];
//! - [`analysis`]: the inputs become the cost model's terms, evaluated into
//!   the reports of every command;
//! - [`report`]: one renderer per output format for every report;
//! - [`cost`]: the pure cost model, where every amount is computed;
//! - [`pricing`]: price sheets (embedded and the user's), and model ids;
//! - [`tokens`] and [`dataset`]: exact token counts of prompt files and chat
//!   fine-tuning files;
//! - [`files`], [`format`] and [`units`]: reading files, formatting for
//!   people, parsing the numbers people write.

pub mod analysis;
mod cli;
mod commands;
pub mod cost;
pub mod dataset;
pub mod files;
pub mod format;
pub mod inputs;
pub mod names;
pub mod pricing;
pub mod report;
pub mod today;
pub mod tokens;
pub mod units;

/// Runs the `ftvp` command line on the process's arguments, printing its
/// output and errors, and returns its exit code (design §3).
pub fn run() -> std::process::ExitCode {
    commands::main()
}
