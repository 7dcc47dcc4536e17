//! `ftvp prices`: the loaded models and their prices, the GPUs, the checks
//! before trusting the sheets, and importing a downloaded price list.

use anyhow::{anyhow, bail, Context, Result};

use super::{emit, load_catalog, warn, Env, Exit};
use crate::cli::{CheckArgs, ImportFrom, LitellmArgs, PricesArgs, PricesCommand};
use ftvp::analysis::prices::{check_report, gpu_list, import_report, price_list};
use ftvp::files::read_capped;
use ftvp::pricing::check::CheckOptions;
use ftvp::pricing::import::import_litellm;
use ftvp::pricing::{user_folder, Catalog};
use ftvp::report::renderer;

/// The largest price list `ftvp prices import` reads.
const MAX_IMPORT_BYTES: u64 = 256 << 20;

pub fn run(args: &PricesArgs, env: &Env) -> Result<Exit> {
    match &args.action {
        Some(PricesCommand::Check(check)) => return run_check(check, env),
        Some(PricesCommand::Import(import)) => match &import.from {
            ImportFrom::Litellm(litellm) => return run_import(litellm, env),
        },
        None => {}
    }
    let catalog = load_catalog(env, &args.common.pricing)?;
    let render = renderer(args.common.format, env.color, env.width);
    check_provider(&catalog, args.provider.as_deref())?;
    if args.gpus {
        emit(&render.gpus(&gpu_list(&catalog, args.provider.as_deref()))?)?;
        return Ok(Exit::Success);
    }
    let models = catalog
        .filter(args.query.as_deref(), args.provider.as_deref())
        .into_iter()
        .filter(|m| !args.fine_tunable || m.prices.fine_tuning.is_some())
        .collect();
    let list = price_list(models, args.start.unwrap_or(env.today), args.all);
    emit(&render.prices(&list)?)?;
    if let Some(p) = args.provider.as_deref().filter(|_| args.fine_tunable) {
        if list.models.is_empty() && list.hidden == 0 {
            warn(&format!(
                "no fine-tuning prices are shipped or loaded for {p}: none of its models can be a \
                 --tuned candidate served per token (see pricing/README.md)"
            ));
        }
    }
    Ok(Exit::Success)
}

/// A provider no loaded sheet has is an error listing the known ones.
fn check_provider(catalog: &Catalog, provider: Option<&str>) -> Result<()> {
    match provider {
        Some(p) if !catalog.knows_provider(p) => bail!(
            "--provider {}: no loaded sheet has this provider; known: {}",
            ftvp::format::quote(p),
            catalog.providers().join(", ")
        ),
        _ => Ok(()),
    }
}

fn run_check(args: &CheckArgs, env: &Env) -> Result<Exit> {
    let catalog = load_catalog(env, &args.common.pricing)?;
    check_provider(&catalog, args.provider.as_deref())?;
    let opts = CheckOptions {
        today: env.today,
        within_days: args.within,
        query: args.query.clone(),
        provider: args.provider.clone(),
    };
    let report = check_report(&catalog, &opts);
    emit(&renderer(args.common.format, env.color, env.width).check(&report)?)?;
    Ok(match report.findings.is_empty() {
        true => Exit::Success,
        false => Exit::ExpectationFailed,
    })
}

fn run_import(args: &LitellmArgs, env: &Env) -> Result<Exit> {
    let catalog = load_catalog(env, &args.common.pricing)?;
    let json = read_capped(&args.file, MAX_IMPORT_BYTES, "price list").map_err(|e| anyhow!(e))?;
    let as_of = match args.as_of {
        Some(d) => d,
        None => {
            warn(&format!(
                "the file's own date is unknown: its prices are marked as checked today ({}); \
                 give --as-of DATE to say when it was downloaded",
                env.today
            ));
            env.today
        }
    };
    let import = import_litellm(&json, &catalog, as_of)
        .with_context(|| format!("{}", args.file.display()))?;
    let folder = match &args.out {
        Some(dir) => dir.clone(),
        None => user_folder().context(
            "no pricing folder: neither XDG_CONFIG_HOME nor HOME is set; give --out DIR",
        )?,
    };
    std::fs::create_dir_all(&folder)
        .with_context(|| format!("cannot create {}", folder.display()))?;
    import.write_to(&folder)?;
    let report = import_report(&import, &folder);
    emit(&renderer(args.common.format, env.color, env.width).import(&report)?)?;
    Ok(Exit::Success)
}
