//! Using `ftvp` as a library: the break-even analysis without the CLI.
//!
//! This example compares gpt-6.1-terra with a 3,000-token engineered prompt
//! against Qwen3-8B fine-tuned on Tinker or Qwen3.5-9B on Prime Intellect with
//! a 500-token prompt, over 12 months of 400,000 requests. It then prints each
//! candidate's break-even volume and verdict.
//!
//! Run it with `cargo run --example library`.
//!
//! The steps:
//! 1. Load the price sheets compiled into the crate with [`Catalog::embedded`].
//! 2. Describe the comparison as a [`Given`], the plain form that scenario
//!    files and flags both fill (the sections of a scenario file).
//! 3. [`Inputs::from_given`] applies the defaults (3 epochs, 3×/10×
//!    thresholds, 0 tokens), resolves the models and checks that the inputs
//!    are complete. (The command line uses `Inputs::resolve`, which lays its
//!    flags over a scenario file.)
//! 4. Run [`analyse`]. Its `today` argument decides which prices
//!    count as stale. A real program would pass `jiff::Zoned::now().date()`.
//!    This example uses a fixed date so that its output does not change from
//!    day to day.

use anyhow::Result;
use ftvp::{analyse, Base, Catalog, Context, Given, Horizon, Inputs, Request, Training, Tuned};
use rust_decimal::Decimal;

fn main() -> Result<()> {
    let catalog = Catalog::embedded()?;
    // Pinned so that the output does not change with the day it runs:
    // lifecycle dates and dated prices count from the start.
    let today = jiff::civil::date(2026, 11, 27);

    let tuned = |model: &str| Tuned {
        model: model.into(),
        // Each candidate keeps its own fixed prompt (None would mean 0 tokens).
        prompt_tokens: Some(500),
        ..Default::default()
    };
    let given = Given {
        horizon: Horizon {
            start: Some(today),
            per_month: Some(400_000),
            months: Some(12),
            ..Default::default()
        },
        base: Base {
            model: Some("openai/gpt-6.1-terra".into()),
            prompt_tokens: Some(3_000),
            ..Default::default()
        },
        tuned: Some(vec![
            tuned("tinker/qwen3-8b"),
            tuned("prime-intellect/qwen3.5-9b"),
        ]),
        request: Request {
            input_tokens: Some(200),
            output_tokens: Some(300),
            ..Default::default()
        },
        // Exactly one of `tokens`, `cost` and `file` must be set.
        training: Training {
            tokens: Some(2_000_000),
            epochs: Some(3),
            setup_cost: Some(Decimal::from(5_000)),
            ..Default::default()
        },
        // Everything else (thresholds, expected verdict, …) keeps its default.
        ..Default::default()
    };
    // No prompt or training file is counted here; with files, a model whose
    // sheet names `hf:NAME` would look for NAME.json in the given folder.
    let tokenizers = ftvp::TokenizerSource::default();
    let cx = Context {
        catalog: &catalog,
        today,
        volume_required: true,
        tokenizers: &tokenizers,
        names: Default::default(),
    };
    let inputs = Inputs::from_given(&given, &cx)?;
    let report = analyse(&inputs, today)?;

    println!(
        "prompting: {} at {} {} per request, {:.2} {} for {} requests",
        report.base.model,
        report.base.cost_per_request.normalize(),
        report.currency,
        report.base.total_cost,
        report.currency,
        report.volume,
    );
    // Money is exact `rust_decimal::Decimal`; its scale follows the arithmetic, so
    // round or normalize it for display. Candidates come ranked by total cost for the volume, cheapest first.
    for c in &report.candidates {
        let break_even = match c.break_even_requests {
            Some(n) => format!("{n} requests"),
            None => "never (no saving per request)".to_string(),
        };
        let multiple = match c.volume_multiple {
            Some(m) => format!("{m:.2}×"),
            None => "—".to_string(),
        };
        println!(
            "{:<22} saves {} {} per request; fixed cost {:.2} {}; break-even {}; volume is {} that; verdict: {}",
            c.model,
            c.savings_per_request.normalize(),
            report.currency,
            c.fixed_cost,
            report.currency,
            break_even,
            multiple,
            c.verdict,
        );
    }
    println!(
        "overall: {} (best candidate: {})",
        report.verdict, report.best
    );
    for w in &report.warnings {
        eprintln!("warning: {w}");
    }
    Ok(())
}
