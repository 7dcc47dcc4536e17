//! `ftvp usage`: measured usage per model and month from the logs teams
//! already keep, and `--scenario-out` (a scenario with the measured base
//! path filled in). Also reads the measurement `breakeven --usage` fills
//! inputs from.

use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Result};

use super::outfile::OutFile;
use super::progress::progress_bar;
use super::{emit, warn, Env, Exit};
use crate::cli::UsageArgs;
use crate::files;
use crate::usage::{self, Format, Measurement};

pub fn run(args: &UsageArgs, env: &Env) -> Result<Exit> {
    let out = args
        .scenario_out
        .as_deref()
        .map(|p| OutFile::open(p, "--scenario-out"))
        .transpose()?;
    let mut m = measure(&args.files, args.usage_format)?;
    if let Some(model) = &args.model {
        keep_model(&mut m, model, "--model")?;
    }
    let report = crate::analysis::usage::report(&m);
    let text = crate::report::usage::render(&report, args.format, env.width, &super::FlagNames)?;
    if let Some(out) = out {
        let model = scenario_model(&m, args.model.as_deref())?;
        let measured = m
            .measured(&model)
            .ok_or_else(|| anyhow!("no requests of {model}"))?;
        out.write(crate::analysis::measured::scenario_text(&measured).as_bytes())?;
    }
    emit(&text)?;
    Ok(Exit::Success)
}

/// Reads every file into one measurement; a file that holds no request of
/// any model is worth a warning, a file in no format an error.
pub fn measure(paths: &[PathBuf], forced: Option<Format>) -> Result<Measurement> {
    let mut m = Measurement::default();
    for path in paths {
        read_one(path, forced, &mut m)?;
    }
    if m.requests() == 0 {
        let skipped: u64 = m.skipped.values().sum();
        bail!(
            "{}: no usable usage records ({skipped} skipped: {})",
            names(paths),
            reasons(&m)
        );
    }
    for (why, n) in &m.skipped {
        warn(&format!("{n} records skipped: {why}"));
    }
    Ok(m)
}

fn read_one(path: &Path, forced: Option<Format>, m: &mut Measurement) -> Result<()> {
    let file = files::open(path).map_err(anyhow::Error::msg)?;
    let bar = progress_bar(file.size);
    let name = crate::format::escape_controls(&file.name);
    usage::read_file(file.reader, &name, forced, m, |n| bar.inc(n))?;
    bar.finish_and_clear();
    Ok(())
}

fn names(paths: &[PathBuf]) -> String {
    let shown: Vec<String> = paths
        .iter()
        .map(|p| crate::format::escape_controls(&p.display().to_string()))
        .collect();
    shown.join(", ")
}

fn reasons(m: &Measurement) -> String {
    let parts: Vec<String> = m.skipped.iter().map(|(w, n)| format!("{n} {w}")).collect();
    match parts.is_empty() {
        true => "none".to_string(),
        false => parts.join(", "),
    }
}

/// Keeps one model's records; a model the logs do not hold is an error
/// listing those they do.
pub fn keep_model(m: &mut Measurement, model: &str, flag: &str) -> Result<()> {
    let models: Vec<String> = m.models().into_iter().map(str::to_string).collect();
    if !models.iter().any(|x| x == model) {
        let list: Vec<String> = models
            .iter()
            .take(20)
            .map(|x| format!("`{}`", crate::format::quote(x)))
            .collect();
        bail!(
            "{flag} `{}`: no such model in the logs; they hold {}",
            crate::format::quote(model),
            list.join(", ")
        );
    }
    m.only(model);
    Ok(())
}

/// The model a scenario is written for: `--model`, or the only one.
fn scenario_model(m: &Measurement, model: Option<&str>) -> Result<String> {
    if let Some(model) = model {
        return Ok(model.to_string());
    }
    match m.models().as_slice() {
        [one] => Ok(one.to_string()),
        many => bail!(
            "--scenario-out describes one model and the logs hold {}: choose one with --model",
            many.len()
        ),
    }
}
