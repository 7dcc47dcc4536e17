//! `ftvp breakeven`: flags and scenario → inputs → analysis → report.

use std::io::Write;

use anyhow::{anyhow, Result};

use super::{files, load_catalog, Env, Exit};
use crate::analysis::{analyse, Report};
use crate::cli::{BreakevenArgs, ComparisonArgs, Format, ViewArgs};
use crate::inputs::PartialInputs;
use crate::report::chart::{terminal, terminal_width, Chart};
use crate::report::renderer;
use crate::report::svg::{self, SvgFile};
use crate::scenario;
use crate::sweep::{sweep, Range};

pub fn run(args: &BreakevenArgs, env: &Env, out: &mut dyn Write) -> Result<Exit> {
    let svg_file = open_view(&args.view, args.common.format)?;
    let flags = PartialInputs {
        volume: args.volume,
        per_month: args.per_month,
        months: args.months,
        growth_percent: args.growth,
        expect: args.expect,
        ..comparison_flags(&args.comparison)
    };
    let merged = scenario_inputs(&args.comparison)?.overridden_by(flags);
    let catalog = load_catalog(env, &args.common.pricing)?;
    let (merged, counted, file_warnings) = files::count_files(merged, &catalog)?;
    let inputs = merged.finish()?;
    let mut report = analyse(&inputs, &catalog, env.today)?;
    report.warnings.splice(0..0, file_warnings);
    report.counted_from_files = (!counted.is_empty()).then_some(counted);
    for w in &report.warnings {
        eprintln!("warning: {w}");
    }
    let mut text = renderer(args.common.format, env.color).breakeven(&report)?;
    if args.common.format == Format::Table {
        for line in report.counted_from_files.iter().flat_map(|c| c.footnotes()) {
            text.push_str(&line);
            text.push('\n');
        }
    }
    if args.view.chart || svg_file.is_some() {
        let around = chart_range(&report);
        let swept = sweep(&inputs, Some(inputs.volume), &catalog, env.today, around)?;
        draw(
            &Chart::of(&swept),
            args.view.chart,
            svg_file,
            env,
            &mut text,
        )?;
    }
    out.write_all(text.as_bytes())?;
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

/// Appends the terminal chart to `text` when asked, and writes the SVG.
pub fn draw(
    chart: &Chart,
    terminal_chart: bool,
    svg_file: Option<SvgFile>,
    env: &Env,
    text: &mut String,
) -> Result<()> {
    if terminal_chart {
        text.push('\n');
        text.push_str(&terminal(chart, terminal_width(), env.color));
    }
    if let Some(file) = svg_file {
        file.write(&svg::render(chart)?)?;
    }
    Ok(())
}

/// Checks the chart options before any work: `--chart` needs the table
/// format, and an `--svg` path must be writable.
pub fn open_view(view: &ViewArgs, format: Format) -> Result<Option<SvgFile>> {
    if view.chart && format != Format::Table {
        return Err(anyhow!(
            "--chart draws below the table; it cannot be combined with --format {}",
            format_name(format)
        ));
    }
    view.svg.as_deref().map(SvgFile::open).transpose()
}

fn format_name(format: Format) -> &'static str {
    match format {
        Format::Table => "table",
        Format::Json => "json",
        Format::Markdown => "markdown",
        Format::Csv => "csv",
    }
}

/// A range of whole decades around the user's volume and every candidate's
/// break-even and 10× volumes, so that the lines are seen crossing.
fn chart_range(report: &Report) -> Range {
    let mut marks = vec![report.volume.max(1)];
    for c in &report.candidates {
        marks.extend(c.break_even_requests);
        marks.extend(c.volume_for_fine_tune);
    }
    let lo = marks.iter().copied().min().unwrap_or(1) as f64 / 3.0;
    let hi = marks.iter().copied().max().unwrap_or(10) as f64 * 3.0;
    let from = 10f64.powf(lo.max(1.0).log10().floor()) as u64;
    let to = (10f64.powf(hi.log10().ceil()) as u64).max(from * 10);
    Range::new(from, to, 25).unwrap_or_default()
}

/// The scenario's inputs, or none.
pub fn scenario_inputs(args: &ComparisonArgs) -> Result<PartialInputs> {
    match &args.scenario {
        Some(path) => scenario::load(path).map_err(|e| anyhow!(e)),
        None => Ok(PartialInputs::default()),
    }
}

/// The inputs the comparison flags give; absent flags leave the scenario's values.
pub fn comparison_flags(a: &ComparisonArgs) -> PartialInputs {
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
        depends_at: a.depends_at,
        fine_tune_at: a.fine_tune_at,
        cache_hit_rate: a.cache_hit_rate,
        batch: a.batch.then_some(true),
        retrain_every: a.retrain_every,
        maintenance_per_month: a.maintenance_per_month,
        examples: a.examples,
        few_shot: a.few_shot,
        base_prompt_file: a.base_prompt_file.clone(),
        tuned_prompt_files: a.tuned_prompt_file.clone(),
        training_file: a.training_file.clone(),
        ..PartialInputs::default()
    }
}
