//! `ftvp tokens`: tokens, characters and bytes of text files, and their share
//! of a model's context window.

use anyhow::{bail, Context, Result};

use super::progress::progress_bar;
use super::{emit, load_catalog, warn, Env, Exit};
use crate::analysis::tokens::{report, CountedFor};
use crate::cli::TokensArgs;
use crate::files;
use crate::pricing::user_tokenizer_folder;
use crate::report::Format;
use crate::tokens::{
    count_reader_with, Counter, Counting, GivenFile, Method, TokenizerSource, DEFAULT_ENCODING,
};

pub fn run(args: &TokensArgs, env: &Env) -> Result<Exit> {
    let source = tokenizer_source(&args.tokenizer_file);
    let (model, counting) = match &args.model {
        Some(query) => {
            let catalog = load_catalog(env, &args.common.pricing)?;
            let m = catalog.resolve(query)?;
            let counted_for = CountedFor {
                model: m.id.clone(),
                context_window: m.prices.context_window,
            };
            let counting = source.for_model(m, true).map_err(anyhow::Error::msg)?;
            (Some(counted_for), counting)
        }
        None => match source.without_model().map_err(anyhow::Error::msg)? {
            Some(c) => (None, c),
            None => (
                None,
                Counting::encoding(args.encoding.unwrap_or(DEFAULT_ENCODING)),
            ),
        },
    };
    source.check_all_used().map_err(anyhow::Error::msg)?;
    if args.show_tokenizer {
        let model = model.as_ref().map(|m| m.model.as_str());
        emit(&show(model, &counting, args.common.format))?;
        return Ok(Exit::Success);
    }
    if args.files.iter().filter(|f| f.as_os_str() == "-").count() > 1 {
        bail!("`-` (standard input) may be given only once");
    }
    let mut counted = Vec::with_capacity(args.files.len());
    for path in &args.files {
        let file = files::open(path).map_err(anyhow::Error::msg)?;
        let bar = progress_bar(file.size);
        let mut reader = bar.wrap_read(file.reader);
        let c =
            count_reader_with(&counting.counter, &mut reader).with_context(|| file.name.clone())?;
        bar.finish_and_clear();
        counted.push((file.name, c));
    }
    let mut report = report(counted, &counting, model);
    report.warnings.extend(source.hints());
    for w in &report.warnings {
        warn(w);
    }
    emit(&env.renderer(args.common.format).tokens(&report)?)?;
    Ok(Exit::Success)
}

/// The `--tokenizer-file` values and the user's tokenizer folder.
pub fn tokenizer_source(given: &[GivenFile]) -> TokenizerSource {
    TokenizerSource::new(given.to_vec(), user_tokenizer_folder()).named(super::names::naming())
}

/// `--show-tokenizer`: what counts, and the file's path and sha256.
fn show(model: Option<&str>, c: &Counting, format: Format) -> String {
    let file = match &c.counter {
        Counter::File(f) => Some(f),
        Counter::Encoding(_) => None,
    };
    if format == Format::Json {
        let doc = serde_json::json!({
            "schema": "ftvp.tokenizer/1",
            "model": model,
            "tokenizer": c.counter.name(),
            "file": file.map(|f| f.path.as_str()),
            "sha256": file.map(|f| f.sha256.as_str()),
            "token_count_method": c.method.label(),
            "estimate_reason": match &c.method {
                Method::Estimate(_, why) => Some(why.to_string()),
                _ => None,
            },
            "chat_template": c.template.name(),
        });
        return format!("{doc:#}\n");
    }
    let who = model.unwrap_or("text");
    let mut out = match file {
        Some(f) => format!("{who}: tokenizer file {}\nsha256 {}\n", f.path, f.sha256),
        None => format!("{who}: {} (built in)\n", c.counter.name()),
    };
    out.push_str(&format!("Counts: {}.\n", c.method.explained()));
    out.push_str(&format!("Chat examples: {}.\n", c.template.rule()));
    out
}
