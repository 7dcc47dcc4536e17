//! `ftvp prices`: the loaded models and their prices, the GPUs, the checks
//! before trusting the sheets, and importing a downloaded price list.

use anyhow::{anyhow, bail, Context, Result};

use super::{emit, load_catalog, warn, Env, Exit};
use crate::analysis::prices::{check_report, gpu_list, import_report, price_list};
use crate::cli::{CheckArgs, ImportFrom, LitellmArgs, PricesArgs, PricesCommand};
use crate::files::read_capped;
use crate::pricing::check::CheckOptions;
use crate::pricing::import::import_litellm;
use crate::pricing::{user_folder, Catalog, LoadPlan};

/// The sheets an import is compared with. A user folder that no longer
/// loads (a hand-edited sheet gone wrong, an older import too large) must not
/// block the import that can repair it: the comparison then leaves the user
/// folder out, and says so.
fn import_catalog(env: &Env, flags: &[std::path::PathBuf]) -> Result<Catalog> {
    let full = load_catalog(env, flags);
    let Err(why) = full else {
        return full;
    };
    let plan = LoadPlan {
        user: None,
        env: env.pricing_path.clone(),
        flags: flags.to_vec(),
        ..LoadPlan::default()
    };
    let catalog = match Catalog::load(&plan) {
        Ok(c) => c,
        Err(_) => return Err(why),
    };
    warn(&format!(
        "{why:#}; the import is compared with the other sheets only"
    ));
    Ok(catalog)
}

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
    let render = env.renderer(args.common.format);
    check_provider(&catalog, args.provider.as_deref())?;
    if args.gpus {
        emit(&render.gpus(&gpu_list(
            &catalog,
            args.query.as_deref(),
            args.provider.as_deref(),
        ))?)?;
        return Ok(Exit::Success);
    }
    let models = catalog
        .filter(args.query.as_deref(), args.provider.as_deref())
        .into_iter()
        .filter(|m| !args.fine_tunable || m.prices.fine_tuning.is_some())
        .collect();
    let mut list = price_list(models, args.start.unwrap_or(env.today), args.all);
    if let Some(key) = args.sort {
        list = list.sorted(key.order());
    }
    emit(&render.prices(&list)?)?;
    if let Some(p) = args.provider.as_deref().filter(|_| args.fine_tunable) {
        if list.models.is_empty() && list.hidden == 0 {
            warn(&format!(
                "no fine-tuning prices are shipped or loaded for {p}: none of its models can be a \
                 --tuned candidate served per token (see pricing/README.md); \
                 `ftvp breakeven --tuned-any` ranks every venue that has them (--family or \
                 --max-params narrow it to the model you had in mind)"
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
            crate::format::quote(p),
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
        queries: args.query.clone(),
        ids: scenario_ids(args.scenario.as_deref(), &catalog)?,
        stale_after_days: args.stale_after,
        provider: args.provider.clone(),
    };
    let report = check_report(&catalog, &opts);
    emit(&env.renderer(args.common.format).check(&report)?)?;
    Ok(match report.findings.is_empty() {
        true => Exit::Success,
        false => Exit::ExpectationFailed,
    })
}

/// The exact ids a scenario compares: its base and candidates, resolved as
/// a comparison resolves them (design §20.12).
fn scenario_ids(path: Option<&std::path::Path>, catalog: &Catalog) -> Result<Vec<String>> {
    let Some(path) = path else {
        return Ok(Vec::new());
    };
    let given = crate::inputs::scenario::load(path).map_err(super::breakeven::input_error)?;
    let named = given.base.model.iter();
    let named = named.chain(given.tuned.iter().flatten().map(|t| &t.model));
    named
        .map(|id| {
            let model = catalog.resolve(id);
            model
                .map(|m| m.id.clone())
                .map_err(|e| anyhow!("{}: {e}", path.display()))
        })
        .collect()
}

fn run_import(args: &LitellmArgs, env: &Env) -> Result<Exit> {
    let catalog = import_catalog(env, &args.common.pricing)?;
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
    if !args.dry_run {
        import.write_to(&folder)?;
    }
    let report = import_report(&import, &folder, args.dry_run);
    emit(&env.renderer(args.common.format).import(&report)?)?;
    Ok(Exit::Success)
}
