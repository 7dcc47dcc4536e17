//! Which tokenizer counts a model's tokens: the encoding its sheet names, or
//! the Hugging Face `tokenizer.json` it names (`hf:NAME`), taken from
//! `--tokenizer-file` or from the user's tokenizer folder
//! (`$XDG_CONFIG_HOME/ftvp/tokenizers/NAME.json`). Nothing is downloaded: a
//! model whose file is not at hand is counted with an `o200k_base`
//! estimate, labelled, with a hint on where to put the file.

use crate::names::{Naming, Setting};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::chat::ChatTemplate;
use super::{Counter, Method, Reason, TokenizerFile, DEFAULT_ENCODING};
use crate::pricing::{is_hf_name, Model, TokenizerName};

/// How one model's tokens are counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counting {
    /// What counts.
    pub counter: Counter,
    /// How the count is labelled.
    pub method: Method,
    /// How a chat example is counted.
    pub template: ChatTemplate,
}

impl Counting {
    /// Exactly with a built-in encoding, chat examples by the cookbook rule.
    pub fn encoding(e: crate::pricing::Tokenizer) -> Counting {
        Counting {
            counter: Counter::Encoding(e),
            method: Method::Exact(e),
            template: ChatTemplate::Cookbook,
        }
    }

    /// Exactly with a loaded file, chat examples by `template`.
    pub fn file(file: Arc<TokenizerFile>, template: ChatTemplate) -> Counting {
        Counting {
            method: Method::File {
                sha256: file.sha256.clone(),
            },
            counter: Counter::File(file),
            template,
        }
    }

    /// An `o200k_base` estimate.
    fn estimate(why: Reason, template: ChatTemplate) -> Counting {
        Counting {
            counter: Counter::Encoding(DEFAULT_ENCODING),
            method: Method::Estimate(DEFAULT_ENCODING, why),
            template,
        }
    }
}

/// A `--tokenizer-file` value: `PATH`, or `NAME=PATH` for the models whose
/// sheet names `hf:NAME`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GivenFile {
    /// The tokenizer's name, for `NAME=PATH`.
    pub name: Option<String>,
    /// The file.
    pub path: PathBuf,
}

impl GivenFile {
    /// Parses `PATH` or `NAME=PATH` (NAME as after `hf:` in sheets).
    pub fn parse(text: &str) -> Result<GivenFile, String> {
        let (name, path) = match text.split_once('=') {
            Some((name, path)) if is_hf_name(name) => (Some(name.to_string()), path),
            _ => (None, text),
        };
        if path.is_empty() {
            return Err("expected PATH or NAME=PATH".into());
        }
        Ok(GivenFile {
            name,
            path: PathBuf::from(path),
        })
    }

    /// As given on the command line.
    fn shown(&self) -> String {
        match &self.name {
            Some(n) => format!("{n}={}", self.path.display()),
            None => self.path.display().to_string(),
        }
    }
}

/// The `tokenizer.json` files of one command: the ones given, the user's
/// folder, the files loaded so far (each once), and what was not found.
#[derive(Debug, Default)]
pub struct TokenizerSource {
    given: Vec<GivenFile>,
    folder: Option<PathBuf>,
    state: Mutex<State>,
    names: Naming,
}

#[derive(Debug, Default)]
struct State {
    loaded: Vec<(PathBuf, Arc<TokenizerFile>)>,
    /// Each given file that applied to a model, by its index in `given`.
    used: Vec<usize>,
    /// The tokenizer name a bare `PATH` was taken for, and the model.
    bare_for: Option<(String, String)>,
    /// Names without a file, each with the first model that named it.
    missing: Vec<(String, String)>,
}

impl TokenizerSource {
    internal! {
        /// The files given with `--tokenizer-file`, and the user's folder.
        fn new(given: Vec<GivenFile>, folder: Option<PathBuf>) -> TokenizerSource {
            TokenizerSource {
                given,
                folder,
                state: Mutex::default(),
                names: Naming::default(),
            }
        }
    }

    internal! {
        /// The same source, naming its files in messages with `names`.
        fn named(self, names: Naming) -> TokenizerSource {
            TokenizerSource { names, ..self }
        }
    }

    /// How messages name a given tokenizer file.
    fn flag(&self) -> String {
        self.names.setting(Setting::TokenizerFile)
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    internal! {
        /// How `model`'s tokens are counted. `subject` is true for the one model
        /// a command is about (`--model`): a bare `--tokenizer-file` then applies
        /// even when its sheet names no tokenizer. Errors name the file.
        fn for_model(&self, model: &Model, subject: bool) -> Result<Counting, String> {
            match &model.prices.tokenizer {
                Some(TokenizerName::Encoding(e)) => Ok(Counting::encoding(*e)),
                Some(TokenizerName::Hf(name)) => {
                    let template = ChatTemplate::for_hf_name(name);
                    match self.find(Some(name), &model.id)? {
                        Some(file) => {
                            check_template(&file, name, template)?;
                            Ok(Counting::file(file, template))
                        }
                        None => {
                            let mut state = self.state();
                            if !state.missing.iter().any(|(n, _)| n == name) {
                                state.missing.push((name.clone(), model.id.clone()));
                            }
                            let why = Reason::NoFile {
                                model: model.id.clone(),
                                name: name.clone(),
                                hint: self.flag(),
                            };
                            Ok(Counting::estimate(why, template))
                        }
                    }
                }
                None => match self.bare_index().filter(|_| subject) {
                    Some(i) => {
                        let file = self.load_given(i)?;
                        Ok(Counting::file(file, ChatTemplate::Cookbook))
                    }
                    None => Ok(Counting::estimate(
                        Reason::NoTokenizer {
                            model: model.id.clone(),
                        },
                        ChatTemplate::Cookbook,
                    )),
                },
            }
        }
    }

    internal! {
        /// With no model: the bare `--tokenizer-file`, if one was given.
        fn without_model(&self) -> Result<Option<Counting>, String> {
            match self.bare_index() {
                Some(i) => Ok(Some(Counting::file(
                    self.load_given(i)?,
                    ChatTemplate::Cookbook,
                ))),
                None => Ok(None),
            }
        }
    }

    /// The file for `hf:NAME`: `NAME=PATH`, else a bare `PATH`, else
    /// `NAME.json` in the user's folder, else none.
    fn find(&self, name: Option<&str>, model: &str) -> Result<Option<Arc<TokenizerFile>>, String> {
        let named = self
            .given
            .iter()
            .position(|g| g.name.is_some() && g.name.as_deref() == name);
        if let Some(i) = named {
            return self.load_given(i).map(Some);
        }
        if let Some(i) = self.bare_index() {
            let name = name.unwrap_or_default();
            let mut state = self.state();
            match &state.bare_for {
                Some((other, first)) if other != name => {
                    return Err(format!(
                        "{flag} {}: {first} names hf:{other} and {model} names \
                         hf:{name}, and one file cannot be both; give NAME=PATH for each \
                         ({flag} {other}=PATH)",
                        self.given[i].shown(),
                        flag = self.flag()
                    ));
                }
                Some(_) => {}
                None => state.bare_for = Some((name.to_string(), model.to_string())),
            }
            drop(state);
            return self.load_given(i).map(Some);
        }
        let Some(path) = self
            .folder
            .as_ref()
            .zip(name)
            .map(|(dir, n)| dir.join(format!("{n}.json")))
        else {
            return Ok(None);
        };
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            return Ok(None);
        };
        // Design §20.23: a file found automatically must be a regular file
        // (a link to one is followed); a FIFO there would block forever.
        let regular = meta.is_file() || std::fs::metadata(&path).is_ok_and(|m| m.is_file());
        if !regular {
            return Err(format!(
                "tokenizer file {} (for hf:{}): not a regular file; files found in the \
                 tokenizer folder must be (name a FIFO or device with {})",
                crate::format::escape_controls(&path.display().to_string()),
                name.unwrap_or_default(),
                self.flag()
            ));
        }
        self.load(&path).map(Some).map_err(|e| {
            format!(
                "tokenizer file {} (for hf:{}): {e}",
                crate::format::escape_controls(&path.display().to_string()),
                name.unwrap_or_default()
            )
        })
    }

    fn bare_index(&self) -> Option<usize> {
        self.given.iter().position(|g| g.name.is_none())
    }

    fn load_given(&self, i: usize) -> Result<Arc<TokenizerFile>, String> {
        let g = &self.given[i];
        let file = self
            .load(&g.path)
            .map_err(|e| format!("{} {}: {e}", self.flag(), g.shown()))?;
        let mut state = self.state();
        if !state.used.contains(&i) {
            state.used.push(i);
        }
        Ok(file)
    }

    /// Loads a file once; the same path again is the same file.
    fn load(&self, path: &Path) -> Result<Arc<TokenizerFile>, String> {
        if let Some((_, f)) = self.state().loaded.iter().find(|(p, _)| p == path) {
            return Ok(f.clone());
        }
        let file = Arc::new(TokenizerFile::load(path)?);
        self.state().loaded.push((path.to_path_buf(), file.clone()));
        Ok(file)
    }

    internal! {
        /// An error for a `--tokenizer-file` that no counted model took: it
        /// would otherwise be silently ignored.
        fn check_all_used(&self) -> Result<(), String> {
            let state = self.state();
            match (0..self.given.len()).find(|i| !state.used.contains(i)) {
                None => Ok(()),
                Some(i) => {
                    let g = &self.given[i];
                    let whom = match &g.name {
                        Some(n) => format!("names hf:{n}"),
                        None => "names a Hugging Face tokenizer (hf:NAME in its sheet)".into(),
                    };
                    Err(format!(
                        "{} {}: no model counted here {whom}, so the file \
                         would not be used",
                        self.flag(),
                        g.shown()
                    ))
                }
            }
        }
    }

    internal! {
        /// One warning per tokenizer name that had no file: what was done
        /// instead and where to put the file.
        fn hints(&self) -> Vec<String> {
            let folder = match &self.folder {
                Some(dir) => format!("save the model's tokenizer.json as {}/", dir.display()),
                None => {
                    "save the model's tokenizer.json in $XDG_CONFIG_HOME/ftvp/tokenizers/ as ".into()
                }
            };
            self.state()
                .missing
                .iter()
                .map(|(name, model)| {
                    format!(
                        "no tokenizer file for hf:{name} ({model}): counting an o200k_base \
                         estimate; pass {} PATH, or {folder}{name}.json",
                        self.flag()
                    )
                })
                .collect()
        }
    }
}

/// A file for a family with a chat template must hold the template's
/// special tokens: a file without them is another model's.
fn check_template(file: &TokenizerFile, name: &str, template: ChatTemplate) -> Result<(), String> {
    match template
        .special_tokens()
        .iter()
        .find(|t| !file.has_token(t))
    {
        None => Ok(()),
        Some(t) => Err(format!(
            "tokenizer file {} (for hf:{name}) has no token `{t}`, which the {} chat \
             template writes: is it the model's own tokenizer.json?",
            file.path,
            template.name()
        )),
    }
}
