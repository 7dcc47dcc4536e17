//! `ftvp tokens`: tokens, characters and bytes of text files, and their share
//! of a model's context window.

use anyhow::{bail, Context, Result};

use super::progress::progress_bar;
use super::{emit, load_catalog, warn, Env, Exit};
use crate::cli::TokensArgs;
use ftvp::analysis::tokens::{report, CountedFor};
use ftvp::files;
use ftvp::report::renderer;
use ftvp::tokens::{self, count_reader, Method, DEFAULT_ENCODING};

pub fn run(args: &TokensArgs, env: &Env) -> Result<Exit> {
    let (model, method) = match &args.model {
        Some(query) => {
            let catalog = load_catalog(env, &args.common.pricing)?;
            let m = catalog.resolve(query)?;
            let counted_for = CountedFor {
                model: m.id.clone(),
                context_window: m.prices.context_window,
            };
            (Some(counted_for), tokens::method_for(m))
        }
        None => (
            None,
            Method::Exact(args.encoding.unwrap_or(DEFAULT_ENCODING)),
        ),
    };
    if args.files.iter().filter(|f| f.as_os_str() == "-").count() > 1 {
        bail!("`-` (standard input) may be given only once");
    }
    let mut counted = Vec::with_capacity(args.files.len());
    for path in &args.files {
        let file = files::open(path).map_err(anyhow::Error::msg)?;
        let bar = progress_bar(file.size);
        let mut reader = bar.wrap_read(file.reader);
        let c = count_reader(method.encoding(), &mut reader).with_context(|| file.name.clone())?;
        bar.finish_and_clear();
        counted.push((file.name, c));
    }
    let report = report(counted, method, model);
    for w in &report.warnings {
        warn(w);
    }
    emit(&renderer(args.common.format, env.color, env.width).tokens(&report)?)?;
    Ok(Exit::Success)
}
