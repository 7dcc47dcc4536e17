//! `ftvp sweep`: the comparison over a log-spaced range of volumes.

use std::io::Write;

use anyhow::{anyhow, Result};

use super::breakeven::{comparison_flags, draw, open_view, scenario_inputs};
use super::{files, load_catalog, Env, Exit};
use crate::cli::SweepArgs;
use crate::inputs::PartialInputs;
use crate::report::chart::Chart;
use crate::report::renderer;
use crate::sweep::{sweep, Range};

pub fn run(args: &SweepArgs, env: &Env, out: &mut dyn Write) -> Result<Exit> {
    let defaults = Range::default();
    let range = Range::new(
        args.from.unwrap_or(defaults.from),
        args.to.unwrap_or(defaults.to),
        args.points.unwrap_or(defaults.points),
    )
    .map_err(|e| anyhow!(e))?;
    let svg_file = open_view(&args.view, args.common.format)?;
    let mut partial = scenario_inputs(&args.comparison)?.overridden_by(PartialInputs {
        months: args.months,
        ..comparison_flags(&args.comparison)
    });
    // A sweep has no expectation, and needs a volume only to mark the user's.
    partial.expect = None;
    let user_volume = partial.volume.is_some() || partial.per_month.is_some();
    if !user_volume {
        partial.volume = Some(range.to);
    }
    let catalog = load_catalog(env, &args.common.pricing)?;
    let (partial, _, file_warnings) = files::count_files(partial, &catalog)?;
    for w in &file_warnings {
        eprintln!("warning: {w}");
    }
    let inputs = partial.finish()?;
    let user_volume = user_volume.then_some(inputs.volume);
    let report = sweep(&inputs, user_volume, &catalog, env.today, range)?;
    for w in &report.warnings {
        eprintln!("warning: {w}");
    }
    let mut text = renderer(args.common.format, env.color).sweep(&report)?;
    draw(
        &Chart::of(&report),
        args.view.chart,
        svg_file,
        env,
        &mut text,
    )?;
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(Exit::Success)
}
