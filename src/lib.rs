//! ftvp: does fine-tuning an LLM pay for itself at your traffic, or should you
//! stay with prompt engineering?
//!
//! The library's public API is this page: the command line itself
//! ([`run`]), and the comparison without it: describe it as a [`Given`]
//! (the sections of a scenario file), resolve it against the price sheets
//! of a [`Catalog`] into checked [`Inputs`], and [`analyse`] them into a
//! [`Report`] (the `ftvp.breakeven/1` document). `examples/library.rs` walks
//! through it.
//!
//! Inside, top to bottom (each layer uses only the ones below it):
//! `inputs` (what a scenario file and the flags say, resolved and checked),
//! `analysis` (the inputs become the cost model's terms, evaluated once
//! into each command's report), `report` (one renderer per output format),
//! `cost` (the pure cost model, where every amount is computed), `pricing`
//! (price sheets and model ids), `tokens` and `dataset` (exact token counts
//! of prompt and fine-tuning files), and the leaves every layer may use:
//! `names`, `files`, `format` and `units`. The `internals` feature makes those
//! modules public for the project's own tests, benches and fuzz targets;
//! they are not a stable API.

// Everything public is documented; the inner modules that the `internals`
// feature opens to the project's own tests are not the public API.
#![cfg_attr(not(feature = "internals"), warn(missing_docs))]

/// A method of a public type that is not part of the public API: `pub` for
/// the project's own tests with the `internals` feature, `pub(crate)`
/// otherwise. Wraps one `fn` item.
macro_rules! internal {
    ($(#[$meta:meta])* fn $($item:tt)*) => {
        $(#[$meta])*
        #[cfg(feature = "internals")]
        pub fn $($item)*
        $(#[$meta])*
        #[cfg(not(feature = "internals"))]
        #[allow(dead_code)]
        pub(crate) fn $($item)*
    };
}

/// Declares inner modules: private, or public with the `internals` feature.
macro_rules! inner {
    ($($name:ident),* $(,)?) => {
        $(
            #[cfg(feature = "internals")]
            pub mod $name;
            #[cfg(not(feature = "internals"))]
            mod $name;
        )*
    };
}

inner!(
    analysis, cost, dataset, files, format, inputs, names, pricing, report, tokens, units, usage
);
mod cli;
mod commands;

pub use analysis::basis::{Fees, GpuOrigin, Period, Prices};
pub use analysis::breakeven::ThroughputReport;
pub use analysis::notes::Note;
pub use analysis::{
    analyse, AnalysisError, BaseReport, CandidateReport, HorizonReport, Report, ThresholdsReport,
};
pub use cost::{EndReason, LedgerRow, Requests, Tokens, Usd, Verdict};
pub use inputs::counted::{CountedPrompt, CountedTraining, CountedTrainingRow};
pub use inputs::given::{
    Base, Expect, Horizon, Request, Serve, ThresholdsGiven, Training, Tuned, UsageGiven,
};
pub use inputs::{Context, CountedFiles, Given, InputError, Inputs};
pub use names::{Field, Keys, Names, Naming, Setting};
pub use pricing::serving::Reference;
pub use pricing::Tokenizer;
pub use pricing::{Catalog, LoadPlan, PricingError};
pub use tokens::{Method, Reason, TokenizerSource};

/// Runs the `ftvp` command line on the process's arguments, printing its
/// output and errors, and returns its exit code (design §3).
pub fn run() -> std::process::ExitCode {
    commands::main()
}
