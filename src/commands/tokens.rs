//! `ftvp tokens`: tokens, characters and bytes of text files, and their share
//! of a model's context window.

use std::io::Write;

use anyhow::{Context, Result};
use comfy_table::Cell;
use serde::Serialize;

use super::{input, load_catalog, Env, Exit};
use crate::cli::{CountFormat, TokensArgs};
use crate::pricing::Catalog;
use crate::report::format::count;
use crate::report::json::document;
use crate::report::table::{align_right_from, new_table};
use crate::tokens::{self, count_reader, Method, TextCount, DEFAULT_ENCODING};

/// The JSON schema id of the report.
pub const SCHEMA: &str = "ftvp.tokens/1";

/// `ftvp.tokens/1`.
#[derive(Debug, Serialize)]
struct TokensDoc {
    schema: &'static str,
    model: Option<String>,
    encoding: &'static str,
    token_count_method: Method,
    context_window: Option<u64>,
    files: Vec<FileRow>,
    total: FileRow,
    warnings: Vec<String>,
}

#[derive(Debug, Serialize)]
struct FileRow {
    file: String,
    #[serde(flatten)]
    count: TextCount,
    /// tokens ÷ context window; null without a model that has one.
    context_share: Option<f64>,
}

pub fn run(args: &TokensArgs, env: &Env, out: &mut dyn Write) -> Result<Exit> {
    let (model, method, window) = match &args.model {
        Some(query) => {
            let catalog: Catalog = load_catalog(env, &args.common.pricing)?;
            let m = tokens::resolve_for_counting(&catalog, query)?;
            (
                Some(m.id.clone()),
                tokens::method_for(m),
                m.prices.context_window,
            )
        }
        None => (
            None,
            Method::Exact(args.encoding.unwrap_or(DEFAULT_ENCODING)),
            None,
        ),
    };
    let stdin_uses = args.files.iter().filter(|f| f.as_os_str() == "-").count();
    if stdin_uses > 1 {
        anyhow::bail!("`-` (standard input) may be given only once");
    }
    let mut files = Vec::with_capacity(args.files.len());
    let mut warnings = Vec::new();
    for path in &args.files {
        let file = input::open(path)?;
        let bar = input::progress_bar(file.size);
        let mut reader = bar.wrap_read(file.reader);
        let c = count_reader(method.encoding(), &mut reader).with_context(|| file.name.clone())?;
        bar.finish_and_clear();
        let row = row(file.name, c, window);
        if let (Some(w), Some(m)) = (window, &model) {
            if c.tokens > w {
                warnings.push(format!(
                    "{}: {} tokens are more than {m}'s context window of {} tokens",
                    row.file,
                    count(c.tokens),
                    count(w)
                ));
            }
        }
        files.push(row);
    }
    let sum = files.iter().fold(TextCount::default(), |a, f| TextCount {
        tokens: a.tokens + f.count.tokens,
        chars: a.chars + f.count.chars,
        bytes: a.bytes + f.count.bytes,
    });
    for w in &warnings {
        eprintln!("warning: {w}");
    }
    let doc = TokensDoc {
        schema: SCHEMA,
        model,
        encoding: method.encoding().as_str(),
        token_count_method: method,
        context_window: window,
        total: row("total".into(), sum, window),
        files,
        warnings,
    };
    match args.common.format {
        CountFormat::Json => write!(out, "{}", document(&doc)?)?,
        CountFormat::Table => write!(out, "{}", table(&doc))?,
    }
    out.flush()?;
    Ok(Exit::Success)
}

fn row(file: String, count: TextCount, window: Option<u64>) -> FileRow {
    FileRow {
        file,
        count,
        context_share: window
            .filter(|&w| w > 0)
            .map(|w| count.tokens as f64 / w as f64),
    }
}

fn table(doc: &TokensDoc) -> String {
    let mut t = new_table(false);
    let mut header = vec!["file", "tokens", "characters", "bytes"];
    if doc.context_window.is_some() {
        header.push("of context window");
    }
    t.set_header(header);
    let many = doc.files.len() > 1;
    for r in doc.files.iter().chain(many.then_some(&doc.total)) {
        let mut cells = vec![
            Cell::new(&r.file),
            Cell::new(count(r.count.tokens)),
            Cell::new(count(r.count.chars)),
            Cell::new(count(r.count.bytes)),
        ];
        if let Some(share) = r.context_share {
            cells.push(Cell::new(percent(share)));
        }
        t.add_row(cells);
    }
    align_right_from(&mut t, 1);
    format!("{t}\n{}\n", footnote(doc))
}

fn footnote(doc: &TokensDoc) -> String {
    match (&doc.model, doc.token_count_method) {
        (Some(m), Method::Exact(e)) => format!("Tokens: {}, {m}'s encoding (exact).", e.as_str()),
        (Some(m), Method::Estimate(e)) => format!(
            "Tokens: an estimate with {}; {m} has no public tokenizer.",
            e.as_str()
        ),
        (None, method) => format!("Tokens: {} (exact).", method.encoding().as_str()),
    }
}

/// `1.23%`, or two significant digits below 0.01% (`0.0054%`).
fn percent(share: f64) -> String {
    let p = share * 100.0;
    if p == 0.0 || p >= 0.01 || !p.is_finite() {
        format!("{p:.2}%")
    } else {
        let decimals = (-p.log10().floor()) as usize + 1;
        format!("{p:.decimals$}%")
    }
}

#[cfg(test)]
mod tests {
    use super::percent;

    #[test]
    fn shares_of_the_context_window_stay_readable() {
        assert_eq!(percent(0.25), "25.00%");
        assert_eq!(percent(57.0 / 1_047_576.0), "0.0054%");
        assert_eq!(percent(6.0 / 1_047_576.0), "0.00057%");
        assert_eq!(percent(0.0), "0.00%");
    }
}
