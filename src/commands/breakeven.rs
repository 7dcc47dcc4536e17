//! `ftvp breakeven`: flags and scenario → inputs → analysis → report.

use crate::analysis::explain::Explain;
use std::path::PathBuf;

use anyhow::{anyhow, Result};

use super::measured::Applied;
use super::outfile::OutFile;
use super::summary;
use super::{emit, load_catalog, load_catalog_of, output, warn, Env, Exit, FlagNames};
use crate::analysis::sweep::{sweep, Range};
use crate::analysis::{analyse, AnalysisError, Report};
use crate::cli::{BreakevenArgs, ComparisonArgs, ViewArgs};
use crate::inputs::given::Extras;
use crate::inputs::{scenario, Context, Given, InputError, Inputs, Problem};
use crate::pricing::Catalog;
use crate::report::chart::{terminal, Chart};
use crate::report::{svg, Format, Renderer};

pub fn run(args: &BreakevenArgs, env: &Env) -> Result<Exit> {
    let svg_file = open_view(&args.view, args.common.format)?;
    let html_file = super::html::open(args.view.html.as_ref())?;
    let tornado_file = args
        .tornado_svg
        .as_deref()
        .map(|p| OutFile::open(p, "--tornado-svg"))
        .transpose()?;
    let (inputs, measured, searched) = resolve_run(args, env)?;
    let mut report = analyse(&inputs, env.today).map_err(analysis_error)?;
    if let Some(m) = &measured {
        report.notes.extend(m.notes(&inputs, &report)?);
    }
    report.search = searched;
    report.notes.extend(super::search::migration_notes(
        args,
        &inputs,
        env,
        measured.as_ref().map(|m| &m.measured),
    )?);
    report.explain = args.explain.as_deref().map(|which| {
        let which = match which {
            "all" => Explain::All,
            _ => Explain::Cheapest,
        };
        crate::analysis::explain::lines(&report, which)
    });
    if args.sensitivity {
        let split = crate::analysis::knob::split(&inputs);
        let flips = crate::analysis::sensitivity::sensitivity(&inputs, env.today, &split);
        report.sensitivity = Some(flips.map_err(analysis_error)?);
    }
    if let Some(draws) = args.simulate {
        let bar = super::progress::draws_bar(u64::from(draws));
        let tick = |n: u64| bar.inc(n);
        let seed = args.seed.unwrap_or(0);
        let s = crate::analysis::simulate::simulate(&inputs, env.today, (draws, seed), &tick);
        bar.finish_and_clear();
        report.simulation = Some(s.map_err(analysis_error)?);
    }
    for w in &report.warnings {
        warn(w);
    }
    let render = super::html::renderer(env, args.common.format, &inputs);
    if args.ledger && inputs.traffic.months.is_none() {
        return Err(anyhow!(
            "--ledger shows a horizon month by month: give --per-month and --months (or --months with --volume)"
        ));
    }
    let mut text = match args.ledger {
        true => render.ledger(&report)?,
        false => render.breakeven(&report)?,
    };
    if args.common.format == Format::Table && !args.ledger {
        for line in report.counted_from_files.iter().flat_map(|c| c.footnotes()) {
            text.push_str(&crate::report::layout::wrap_prose(&line, env.width));
            text.push('\n');
        }
    }
    if args.view.chart || svg_file.is_some() {
        let range = chart_range(&report, &inputs);
        let mut swept = sweep(&inputs, range, env.today).map_err(analysis_error)?;
        swept.sensitivity = report.sensitivity.clone(); // the volume's flips, marked
        draw(
            &Chart::of(&swept),
            args.view.chart,
            svg_file.map(|f| (f, Some(&report))),
            env,
            &mut text,
        )?;
    }
    if let Some(file) = html_file {
        file.write(
            super::html::html(env, &inputs)
                .breakeven(&report)?
                .as_bytes(),
        )?;
    }
    if let Some(file) = tornado_file {
        file.write(crate::report::tornado_svg::render(&report)?.as_bytes())?;
    }
    emit(&text)?;
    if let Some(path) = &args.summary {
        summary::append(path, &report, inputs.expect);
    }
    Ok(expectation(&inputs, &report))
}

/// The inputs of one run: searched with `--tuned-any`, otherwise from the
/// flags, the scenario and any measured usage.
fn resolve_run(
    args: &BreakevenArgs,
    env: &Env,
) -> Result<(
    Inputs,
    Option<Applied>,
    Option<crate::analysis::search::SearchReport>,
)> {
    if args.search.tuned_any {
        let (inputs, searched, measured) = super::search::resolve(args, env)?;
        return Ok((inputs, measured, Some(searched)));
    }
    args.comparison
        .check_serve(false)
        .map_err(anyhow::Error::msg)?;
    let (inputs, measured) = resolve_measured(
        &args.comparison,
        (&args.given(), &args.extras()),
        &args.common.pricing,
        env,
        true,
    )?;
    Ok((inputs, measured, None))
}

/// Exit 1, with a line on standard error, when the verdict is not the expected one.
fn expectation(inputs: &Inputs, report: &Report) -> Exit {
    match inputs.expect {
        Some(want) if want != report.verdict => {
            output::note(&format!(
                "expectation failed: expected verdict `{want}`, got `{}` (exit code 1)",
                report.verdict
            ));
            Exit::ExpectationFailed
        }
        _ => Exit::Success,
    }
}

/// The scenario file's inputs (none without `--scenario`) with the flags
/// over them, resolved against the price sheets (`pricing`: the `--pricing`
/// folders) and checked.
pub fn resolve(
    args: &ComparisonArgs,
    given: (&Given, &Extras),
    pricing: &[PathBuf],
    env: &Env,
    volume_required: bool,
) -> Result<Inputs> {
    resolve_measured(args, given, pricing, env, volume_required).map(|(inputs, _)| inputs)
}

/// [`resolve`], with what `--usage` measured and filled.
pub fn resolve_measured(
    args: &ComparisonArgs,
    (flags, extras): (&Given, &Extras),
    pricing: &[PathBuf],
    env: &Env,
    volume_required: bool,
) -> Result<(Inputs, Option<Applied>)> {
    let scenario = match &args.scenario {
        Some(path) => Some(scenario::load(path).map_err(input_error)?),
        None => None,
    };
    let (scenario, measured) = super::measured::apply(args, flags, scenario)?;
    let tokenizers = super::tokens::tokenizer_source(&args.tokenizer_file);
    let resolve_in = |catalog: &Catalog| {
        let cx = Context {
            catalog,
            today: env.today,
            volume_required,
            tokenizers: &tokenizers,
            names: super::names::naming(),
        };
        Inputs::resolve(scenario.as_ref(), flags, extras, &cx)
    };
    // Parse only the shipped models named (in their providers' sheets);
    // should a model or GPU not be found there, every sheet gives the same
    // answer a full load would (and the suggestions for a misspelt id). Only
    // then: another error may come after a prompt was read from standard
    // input, which a second pass would find empty or read on from the cap.
    let ids = ids_named(scenario.as_ref(), flags, extras);
    let narrow = ids.is_some();
    let mut inputs = match resolve_in(&load_catalog_of(env, pricing, ids)?) {
        Err(e) if narrow && matches!(*e.problem, Problem::Model(..) | Problem::Gpu(..)) => {
            resolve_in(&load_catalog(env, pricing)?)
        }
        resolved => resolved,
    }
    .map_err(input_error)?;
    tokenizers.check_all_used().map_err(anyhow::Error::msg)?;
    inputs.warnings.extend(tokenizers.hints());
    if let Some(m) = &measured {
        m.apply_to(&mut inputs);
    }
    Ok((inputs, measured))
}

/// Every model and GPU the inputs name, when each is given as
/// `PROVIDER/ID`; `None` when one is bare or a fine-tuned `ft:` id, which
/// only a search of every sheet resolves.
fn ids_named(scenario: Option<&Given>, flags: &Given, extras: &Extras) -> Option<Vec<String>> {
    let mut ids: Vec<&str> = Vec::new();
    for g in scenario.into_iter().chain([flags]) {
        ids.extend(g.base.model.as_deref());
        for t in g.tuned.iter().flatten() {
            ids.push(&t.model);
            ids.extend(t.gpu.as_deref());
        }
    }
    ids.extend(extras.dedicated.gpu.iter().map(String::as_str));
    ids.iter()
        .map(|id| match id.starts_with("ft:") {
            true => None,
            false => id.contains('/').then(|| id.to_string()),
        })
        .collect()
}

/// An input error worded for the command line.
pub fn input_error(e: InputError) -> anyhow::Error {
    anyhow!(e.describe(&FlagNames))
}

/// An analysis error worded for the command line.
pub fn analysis_error(e: AnalysisError) -> anyhow::Error {
    anyhow!(e.describe(&FlagNames))
}

/// Appends the terminal chart to `text` when asked, and writes the SVG.
pub fn draw(
    chart: &Chart,
    terminal_chart: bool,
    svg_file: Option<(OutFile, Option<&Report>)>,
    env: &Env,
    text: &mut String,
) -> Result<()> {
    if terminal_chart {
        text.push('\n');
        let drawn = terminal(chart, env.width, env.color);
        text.push_str(&crate::report::layout::wrap_prose(&drawn, env.width));
    }
    // With ranged inputs, the tornado below the chart.
    if let Some((file, report)) = svg_file {
        file.write(svg::render_with(chart, report)?.as_bytes())?;
    }
    Ok(())
}

/// Checks the chart options before any work: `--chart` needs the table
/// format, and an `--svg` path must be writable.
pub fn open_view(view: &ViewArgs, format: Format) -> Result<Option<OutFile>> {
    if view.chart && format != Format::Table {
        return Err(anyhow!(
            "--chart draws below the table; it cannot be combined with --format {format}"
        ));
    }
    view.svg
        .as_deref()
        .map(|p| OutFile::open(p, "--svg"))
        .transpose()
}

/// Points of a chart's cost lines.
pub const CHART_POINTS: u32 = 200;

/// A range of whole decades around the user's volume and every candidate's
/// break-even and 10× volumes, so that the lines are seen crossing. Per-month
/// volumes scale the totals by the share of the first month.
fn chart_range(report: &Report, inputs: &Inputs) -> Range {
    let axis = inputs.traffic.given().unwrap_or(report.volume).max(1) as f64;
    let scale = axis / report.volume.max(1) as f64;
    let mut marks = vec![axis];
    for c in &report.candidates {
        let totals = c
            .break_even_requests
            .into_iter()
            .chain(c.volume_for_fine_tune);
        marks.extend(totals.map(|v| v as f64 * scale));
    }
    let lo = marks.iter().copied().fold(f64::INFINITY, f64::min) / 3.0;
    let hi = marks.iter().copied().fold(1.0, f64::max) * 3.0;
    let from = 10f64.powf(lo.max(1.0).log10().floor()) as u64;
    let to = (10f64.powf(hi.log10().ceil()) as u64).max(from * 10);
    Range::new(from, to, CHART_POINTS).unwrap_or_default()
}
