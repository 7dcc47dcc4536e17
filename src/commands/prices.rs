//! `ftvp prices`: the loaded models and their prices.

use anyhow::Result;

use super::{emit, load_catalog, Env, Exit};
use crate::cli::PricesArgs;
use ftvp::pricing::Model;
use ftvp::report::renderer;

pub fn run(args: &PricesArgs, env: &Env) -> Result<Exit> {
    let catalog = load_catalog(env, &args.common.pricing)?;
    let models: Vec<&Model> = catalog
        .models()
        .filter(|m| {
            args.provider
                .as_ref()
                .is_none_or(|p| &m.sheet.provider == p)
        })
        .filter(|m| !args.fine_tunable || m.prices.fine_tuning.is_some())
        .collect();
    if let Some(p) = &args.provider {
        if models.is_empty() && !catalog.models().any(|m| &m.sheet.provider == p) {
            let mut providers: Vec<&str> = catalog
                .models()
                .map(|m| m.sheet.provider.as_str())
                .collect();
            providers.dedup();
            anyhow::bail!(
                "--provider {p}: no loaded sheet has this provider; known: {}",
                providers.join(", ")
            );
        }
    }
    emit(&renderer(args.common.format, env.color, env.width).prices(&models)?)?;
    Ok(Exit::Success)
}
