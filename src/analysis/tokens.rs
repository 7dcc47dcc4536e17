//! The report of `ftvp tokens`: tokens, characters and bytes of text files,
//! and their share of a model's context window (`ftvp.tokens/1`).

use serde::Serialize;

use crate::format::count;
use crate::tokens::{Counting, Method, TextCount};

/// The JSON schema id of the report.
pub const SCHEMA: &str = "ftvp.tokens/1";

/// `ftvp.tokens/1`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TokensReport {
    /// Always [`SCHEMA`].
    pub schema: &'static str,
    /// The model whose encoding counted, if one was named.
    pub model: Option<String>,
    /// The encoding that counted, or `tokenizer.json`.
    pub encoding: &'static str,
    /// Exact, or an estimate (and why); the file's hash.
    #[serde(flatten)]
    pub token_count_method: Method,
    /// The model's context window, if known.
    pub context_window: Option<u64>,
    /// One row per file, in the order given.
    pub files: Vec<FileCount>,
    /// The sum over the files.
    pub total: FileCount,
    /// Files longer than the context window.
    pub warnings: Vec<String>,
}

/// The counts of one file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileCount {
    /// The file as given (`<stdin>` for `-`), or `total`.
    pub file: String,
    /// Tokens, characters and bytes.
    #[serde(flatten)]
    pub count: TextCount,
    /// tokens ÷ context window; null without a model that has one.
    pub context_share: Option<f64>,
}

impl FileCount {
    fn new(file: String, count: TextCount, window: Option<u64>) -> FileCount {
        FileCount {
            file,
            count,
            context_share: window
                .filter(|&w| w > 0)
                .map(|w| count.tokens as f64 / w as f64),
        }
    }
}

/// The model a count was made for, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountedFor {
    /// `PROVIDER/MODEL`.
    pub model: String,
    /// Its context window.
    pub context_window: Option<u64>,
}

/// Builds the report of files counted with `counting`, each `(name, count)`.
pub fn report(
    counted: Vec<(String, TextCount)>,
    counting: &Counting,
    model: Option<CountedFor>,
) -> TokensReport {
    let window = model.as_ref().and_then(|m| m.context_window);
    let mut warnings = Vec::new();
    let mut sum = TextCount::default();
    let mut files = Vec::with_capacity(counted.len());
    for (name, c) in counted {
        if let (Some(w), Some(m)) = (window, &model) {
            if c.tokens > w {
                warnings.push(format!(
                    "{name}: {} tokens are more than {}'s context window of {} tokens",
                    count(c.tokens),
                    m.model,
                    count(w)
                ));
            }
        }
        sum = TextCount {
            tokens: sum.tokens.saturating_add(c.tokens),
            chars: sum.chars.saturating_add(c.chars),
            bytes: sum.bytes.saturating_add(c.bytes),
        };
        files.push(FileCount::new(name, c, window));
    }
    TokensReport {
        schema: SCHEMA,
        model: model.map(|m| m.model),
        encoding: counting.counter.name(),
        token_count_method: counting.method.clone(),
        context_window: window,
        total: FileCount::new("total".into(), sum, window),
        files,
        warnings,
    }
}
