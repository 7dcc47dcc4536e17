//! `ftvp prices`: the loaded models and their prices.

use std::io::Write;

use anyhow::Result;
use serde::Serialize;

use super::{load_catalog, Env, Exit};
use crate::cli::{Format, PricesArgs};
use crate::pricing::{Model, ModelPrices};
use crate::report::{prices_table, write_json};

pub fn run(args: &PricesArgs, env: &Env, out: &mut dyn Write) -> Result<Exit> {
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
    match args.common.format {
        Format::Table => write!(out, "{}", prices_table(&models, env.color))?,
        Format::Json => write_json(out, &PricesDoc::new(&models))?,
    }
    Ok(Exit::Success)
}

/// `ftvp.prices/1`.
#[derive(Serialize)]
struct PricesDoc<'a> {
    schema: &'static str,
    models: Vec<PriceRow<'a>>,
}

#[derive(Serialize)]
struct PriceRow<'a> {
    id: &'a str,
    provider: &'a str,
    model: &'a str,
    currency: &'a str,
    #[serde(flatten)]
    prices: &'a ModelPrices,
    as_of: String,
    source: &'a str,
    sheet: &'a str,
}

impl<'a> PricesDoc<'a> {
    fn new(models: &[&'a Model]) -> Self {
        PricesDoc {
            schema: "ftvp.prices/1",
            models: models
                .iter()
                .map(|m| PriceRow {
                    id: &m.id,
                    provider: &m.sheet.provider,
                    model: &m.name,
                    currency: &m.sheet.currency,
                    prices: &m.prices,
                    as_of: m.sheet.as_of.to_string(),
                    source: &m.sheet.source,
                    sheet: &m.sheet.origin,
                })
                .collect(),
        }
    }
}
