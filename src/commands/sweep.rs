//! `ftvp sweep`: the comparison over a log-spaced range of volumes.

use anyhow::{anyhow, Result};

use super::breakeven::{analysis_error, draw, open_view, resolve, CHART_POINTS};
use super::{emit, emit_with, warn, Env, Exit};
use crate::analysis::sweep::{sweep, Range, RangeError, MAX_POINTS};
use crate::cli::SweepArgs;
use crate::report::chart::Chart;
use crate::report::Renderer;

pub fn run(args: &SweepArgs, env: &Env) -> Result<Exit> {
    let defaults = Range::default();
    let range = Range::new(
        args.from.unwrap_or(defaults.from),
        args.to.unwrap_or(defaults.to),
        args.points.unwrap_or(defaults.points),
    )
    .map_err(range_error)?;
    let svg_file = open_view(&args.view, args.common.format)?;
    args.comparison
        .check_serve(false)
        .map_err(anyhow::Error::msg)?;
    let html_file = super::html::open(args.view.html.as_ref())?;
    // A sweep needs a volume only to mark the user's; it has no expectation.
    let inputs = resolve(
        &args.comparison,
        (&args.given(), &args.extras()),
        &args.common.pricing,
        env,
        false,
    )?;
    let mut swept = sweep(&inputs, range, env.today).map_err(analysis_error)?;
    if args.sensitivity {
        swept.sensitivity = Some(flips(&inputs, env)?);
    }
    for w in &swept.warnings {
        warn(w);
    }
    let render = super::html::renderer(env, args.common.format, &inputs);
    if let Some(file) = html_file {
        file.write(super::html::html(env, &inputs).sweep(&swept)?.as_bytes())?;
    }
    if !args.view.chart && svg_file.is_none() {
        emit_with(|out| render.write_sweep(&swept, out))?;
        return Ok(Exit::Success);
    }
    let mut text = render.sweep(&swept)?;
    // Cost lines need more points than a table shows.
    let chart = if range.points < CHART_POINTS {
        let dense = Range::new(range.from, range.to, CHART_POINTS).map_err(range_error)?;
        let mut dense = sweep(&inputs, dense, env.today).map_err(analysis_error)?;
        dense.sensitivity = swept.sensitivity.clone();
        Chart::of(&dense)
    } else {
        Chart::of(&swept)
    };
    draw(
        &chart,
        args.view.chart,
        svg_file.map(|f| (f, None)),
        env,
        &mut text,
    )?;
    emit(&text)?;
    Ok(Exit::Success)
}

/// The flip values at the user's volume, which `--sensitivity` needs.
fn flips(
    inputs: &crate::inputs::Inputs,
    env: &Env,
) -> Result<Vec<crate::analysis::sensitivity::Flip>> {
    if inputs.traffic.given().is_none() {
        return Err(anyhow!(
            "--sensitivity needs your volume: give the scenario's volume or per_month (or use ftvp breakeven --sensitivity --chart)"
        ));
    }
    let split = crate::analysis::knob::split(inputs);
    crate::analysis::sensitivity::sensitivity(inputs, env.today, &split).map_err(analysis_error)
}

/// A range error worded for the command line.
fn range_error(e: RangeError) -> anyhow::Error {
    match e {
        RangeError::FromZero => {
            anyhow!("--from must be at least 1 request (the volume axis is logarithmic)")
        }
        RangeError::Empty { from, to } => anyhow!("--to ({to}) must be above --from ({from})"),
        RangeError::Points(p) => anyhow!("--points {p} must be between 2 and {MAX_POINTS}"),
    }
}
