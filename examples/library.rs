//! Using `ftvp` as a library: the break-even analysis without the CLI.
//!
//! This example sets up the comparison of the README's quick start:
//! gpt-4.1 with a 3,000-token engineered prompt, against fine-tuning gpt-4.1-mini
//! or gpt-4.1-nano with a 500-token prompt, over 5M requests. It then prints each
//! candidate's break-even volume and verdict.
//!
//! Run it with `cargo run --example library`.
//!
//! The steps:
//! 1. Load the price sheets compiled into the crate with [`Catalog::embedded`].
//! 2. Describe the comparison as [`PartialInputs`], the same form that flags and
//!    scenario files fill. [`PartialInputs::finish`] applies the defaults (3 epochs,
//!    3×/10× thresholds, 0 tokens) and checks that the inputs are complete.
//! 3. Run [`analysis::analyse`]. Its `today` argument decides which sheets count as
//!    stale. A real program would pass `jiff::Zoned::now().date()`. This example
//!    uses a fixed date so that its output does not change from day to day.

use anyhow::Result;
use ftvp::analysis;
use ftvp::inputs::PartialInputs;
use ftvp::pricing::Catalog;
use rust_decimal::Decimal;

fn main() -> Result<()> {
    let catalog = Catalog::embedded()?;

    let inputs = PartialInputs {
        base_model: Some("openai/gpt-4.1".into()),
        base_prompt: Some(3_000),
        // Each candidate keeps its own fixed prompt (None would mean 0 tokens).
        tuned: Some(vec![
            ("openai/gpt-4.1-mini".into(), Some(500)),
            ("openai/gpt-4.1-nano".into(), Some(500)),
        ]),
        input_tokens: Some(200),
        output_tokens: Some(300),
        // Exactly one of `training_tokens` and `training_cost` must be set.
        training_tokens: Some(2_000_000),
        epochs: Some(3),
        setup_cost: Some(Decimal::from(5_000)),
        volume: Some(5_000_000),
        // Everything else (thresholds, expected verdict, …) keeps its default.
        ..Default::default()
    }
    .finish()?;

    let today = jiff::civil::date(2026, 11, 23);
    let report = analysis::analyse(&inputs, &catalog, today)?;

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
