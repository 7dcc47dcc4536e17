//! `ftvp breakeven`: flags and scenario → inputs → analysis → report.

use std::io::Write;

use anyhow::{anyhow, Result};

use super::{files, load_catalog, Env, Exit};
use crate::analysis::analyse;
use crate::cli::{BreakevenArgs, Format};
use crate::inputs::PartialInputs;
use crate::report::{breakeven_table, write_json};
use crate::scenario;

pub fn run(args: &BreakevenArgs, env: &Env, out: &mut dyn Write) -> Result<Exit> {
    let from_scenario = match &args.scenario {
        Some(path) => scenario::load(path).map_err(|e| anyhow!(e))?,
        None => PartialInputs::default(),
    };
    let merged = from_scenario.overridden_by(flags(args));
    let catalog = load_catalog(env, &args.common.pricing)?;
    let (merged, counted, file_warnings) = files::count_files(merged, &catalog)?;
    let inputs = merged.finish()?;
    let mut report = analyse(&inputs, &catalog, env.today)?;
    report.warnings.splice(0..0, file_warnings);
    report.counted_from_files = (!counted.is_empty()).then_some(counted);
    for w in &report.warnings {
        eprintln!("warning: {w}");
    }
    match args.common.format {
        Format::Table => {
            write!(out, "{}", breakeven_table(&report, env.color))?;
            for line in report.counted_from_files.iter().flat_map(|c| c.footnotes()) {
                writeln!(out, "{line}")?;
            }
        }
        Format::Json => write_json(out, &report)?,
    }
    out.flush()?;
    match inputs.expect {
        Some(want) if want != report.verdict => {
            eprintln!(
                "expectation failed: expected verdict `{want}`, got `{}` (exit code 1)",
                report.verdict
            );
            Ok(Exit::ExpectationFailed)
        }
        _ => Ok(Exit::Success),
    }
}

/// The inputs the flags give; absent flags leave the scenario's values.
fn flags(a: &BreakevenArgs) -> PartialInputs {
    PartialInputs {
        base_model: a.base.clone(),
        base_prompt: a.base_prompt,
        tuned: (!a.tuned.is_empty()).then(|| a.tuned.iter().map(|m| (m.clone(), None)).collect()),
        tuned_prompts: a.tuned_prompt.clone(),
        input_tokens: a.input,
        output_tokens: a.output,
        training_cost: a.training_cost,
        training_tokens: a.training_tokens,
        epochs: a.epochs,
        setup_cost: a.setup_cost,
        volume: a.volume,
        depends_at: a.depends_at,
        fine_tune_at: a.fine_tune_at,
        expect: a.expect,
        cache_hit_rate: a.cache_hit_rate,
        batch: a.batch.then_some(true),
        per_month: a.per_month,
        months: a.months,
        growth_percent: a.growth,
        retrain_every: a.retrain_every,
        maintenance_per_month: a.maintenance_per_month,
        examples: a.examples,
        few_shot: a.few_shot,
        base_prompt_file: a.base_prompt_file.clone(),
        tuned_prompt_files: a.tuned_prompt_file.clone(),
        tuned_own_prompt_files: Vec::new(),
        training_file: a.training_file.clone(),
        counted_training_tokens: Default::default(),
    }
}
