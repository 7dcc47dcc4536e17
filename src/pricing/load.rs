//! Reading price sheets from folders, safely: a sheet that cannot be read is
//! an error that names it (never skipped), a FIFO is never opened, and no
//! file is read past a size cap. Also the user's own pricing folder and the
//! order in which the layers load.

use crate::names::{Names, Naming, Setting};
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::text::escape_controls;
use super::{Catalog, PricingError};

/// The largest sheet read, so that a huge or endless file cannot exhaust memory.
pub const MAX_SHEET_BYTES: u64 = 16 * 1024 * 1024;

/// Where a sheet came from, in load order: a later layer's model replaces
/// an earlier layer's model of the same id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Layer {
    /// Compiled into the binary from `pricing/`.
    Embedded,
    /// The user's own folder ([`user_folder`]).
    User,
    /// A folder named in `FTVP_PRICING`.
    Env,
    /// A folder given with `--pricing`.
    Flag,
    /// Added by a caller with [`Catalog::add_sheet`].
    Given,
}

impl Layer {
    /// How the layer is named in messages: `FTVP_PRICING`, `--pricing`, ….
    pub fn label(self, names: &dyn Names) -> String {
        match self {
            Layer::Embedded => "embedded".to_string(),
            Layer::User => "user folder".to_string(),
            Layer::Env => "FTVP_PRICING".to_string(),
            Layer::Flag => names.setting(Setting::Pricing),
            Layer::Given => "given".to_string(),
        }
    }
}

/// The folders to load after the embedded sheets, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadPlan {
    /// The user's own folder (`$XDG_CONFIG_HOME/ftvp/pricing`); loaded when it exists,
    /// silently skipped when it does not.
    pub user: Option<PathBuf>,
    /// Folders from `FTVP_PRICING`, in order; each must exist.
    pub env: Vec<PathBuf>,
    /// Folders from `--pricing`, in order; each must exist.
    pub flags: Vec<PathBuf>,
    /// The providers whose shipped sheets to load, when a command knows
    /// every provider it will look up (`None`: all of them). Each shipped
    /// sheet is named after its provider. The folders are always loaded.
    pub providers: Option<Vec<String>>,
    /// Within those providers' shipped sheets, only the models that these
    /// `PROVIDER/NAME` ids (or their snapshot families) name, when a
    /// command knows every model it will look up (`None`: every model).
    pub models: Option<Vec<String>>,
    /// How messages name the folders' layers.
    pub names: Naming,
}

/// The user's pricing folder: `$XDG_CONFIG_HOME/ftvp/pricing`, else
/// `$HOME/.config/ftvp/pricing`; `None` when neither variable is set (or
/// `XDG_CONFIG_HOME` is not an absolute path, as the XDG spec says to ignore it).
pub fn user_folder() -> Option<PathBuf> {
    user_folder_from(
        std::env::var_os("XDG_CONFIG_HOME").map(PathBuf::from),
        std::env::var_os("HOME").map(PathBuf::from),
    )
}

/// The user's tokenizer folder, beside the pricing folder:
/// `$XDG_CONFIG_HOME/ftvp/tokenizers` (else `$HOME/.config/ftvp/tokenizers`),
/// where `hf:NAME` in a sheet finds `NAME.json`.
pub fn user_tokenizer_folder() -> Option<PathBuf> {
    user_folder().and_then(|p| p.parent().map(|ftvp| ftvp.join("tokenizers")))
}

/// [`user_folder`] from given values of `XDG_CONFIG_HOME` and `HOME`.
pub fn user_folder_from(xdg: Option<PathBuf>, home: Option<PathBuf>) -> Option<PathBuf> {
    let config = xdg.filter(|p| p.is_absolute()).or_else(|| {
        home.filter(|h| !h.as_os_str().is_empty())
            .map(|h| h.join(".config"))
    })?;
    Some(config.join("ftvp").join("pricing"))
}

impl Catalog {
    /// The embedded sheets, then the user folder, `FTVP_PRICING` folders and
    /// `--pricing` folders of `plan`, each sheet recorded with its origin.
    pub fn load(plan: &LoadPlan) -> Result<Catalog, PricingError> {
        let mut catalog = match &plan.models {
            Some(ids) => Catalog::embedded_models(plan.providers.as_deref(), ids)?,
            None => Catalog::embedded_of(plan.providers.as_deref())?,
        };
        if let Some(dir) = &plan.user {
            if std::fs::symlink_metadata(dir).is_ok() {
                catalog.add_folder_named(dir, Layer::User, &*plan.names)?;
            }
        }
        for dir in &plan.env {
            catalog.add_folder_named(dir, Layer::Env, &*plan.names)?;
        }
        for dir in &plan.flags {
            catalog.add_folder_named(dir, Layer::Flag, &*plan.names)?;
        }
        Ok(catalog)
    }

    internal! {
        /// Adds the folder `dir` of `layer`; an error when it is not a folder.
        fn add_folder(&mut self, dir: &Path, layer: Layer) -> Result<(), PricingError> {
            self.add_folder_named(dir, layer, &crate::names::Keys)
        }
    }

    /// [`Catalog::add_folder`], naming the layer with `names` in errors.
    fn add_folder_named(
        &mut self,
        dir: &Path,
        layer: Layer,
        names: &dyn Names,
    ) -> Result<(), PricingError> {
        if !dir.is_dir() {
            return Err(PricingError::Unreadable {
                path: format!("{} {}", layer.label(names), shown(dir)),
                reason: "not a folder of price sheets".to_string(),
            });
        }
        for path in sheet_paths(dir)? {
            let text = read_sheet(&path)?;
            self.add_sheet_from(layer, &shown(&path), &text)?;
        }
        Ok(())
    }

    /// Adds every `*.toml` file directly inside `dir`, in name order, as
    /// sheets given by the caller.
    pub fn add_dir(&mut self, dir: &Path) -> Result<(), PricingError> {
        for path in sheet_paths(dir)? {
            let text = read_sheet(&path)?;
            self.add_sheet(&shown(&path), &text)?;
        }
        Ok(())
    }
}

/// The `*.toml` entries directly in `dir`, sorted by name. Entries are not
/// filtered by type here: a link or FIFO named `*.toml` must be reported by
/// [`read_sheet`], not skipped.
pub fn sheet_paths(dir: &Path) -> Result<Vec<PathBuf>, PricingError> {
    let unreadable = |e: std::io::Error| PricingError::Unreadable {
        path: shown(dir),
        reason: e.to_string(),
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(unreadable)?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(unreadable)?
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    Ok(files)
}

/// Reads one sheet: a regular file (links followed) of at most
/// [`MAX_SHEET_BYTES`], in UTF-8. Anything else is an error naming the file.
pub fn read_sheet(path: &Path) -> Result<String, PricingError> {
    let fail = |reason: String| PricingError::Unreadable {
        path: shown(path),
        reason,
    };
    // metadata() follows links: a dangling link or a loop fails here.
    let meta = std::fs::metadata(path).map_err(|e| fail(e.to_string()))?;
    if !meta.is_file() {
        // Opening a FIFO would block until a writer appears; never do it.
        return Err(fail(format!("not a regular file ({})", kind(&meta))));
    }
    if meta.len() > MAX_SHEET_BYTES {
        return Err(fail(too_large(meta.len())));
    }
    let file = File::open(path).map_err(|e| fail(e.to_string()))?;
    let mut bytes = Vec::new();
    // The file may grow after the check: read one byte past the cap at most.
    file.take(MAX_SHEET_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| fail(e.to_string()))?;
    if bytes.len() as u64 > MAX_SHEET_BYTES {
        return Err(fail(too_large(bytes.len() as u64)));
    }
    String::from_utf8(bytes).map_err(|e| fail(format!("not UTF-8 text ({e})")))
}

/// A path as messages show it: control characters in file names escaped.
fn shown(path: &Path) -> String {
    escape_controls(&path.display().to_string())
}

fn too_large(len: u64) -> String {
    format!(
        "{len} bytes is larger than the {} MiB a price sheet may have",
        MAX_SHEET_BYTES / (1024 * 1024)
    )
}

fn kind(meta: &std::fs::Metadata) -> &'static str {
    if meta.is_dir() {
        "a folder"
    } else {
        special_kind(meta)
    }
}

#[cfg(unix)]
fn special_kind(meta: &std::fs::Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_fifo() {
        "a FIFO"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_block_device() || t.is_char_device() {
        "a device"
    } else {
        "not a file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: &std::fs::Metadata) -> &'static str {
    "not a file"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_user_folder_follows_xdg_then_home() {
        let p = |s: &str| Some(PathBuf::from(s));
        assert_eq!(user_folder_from(p("/x"), p("/h")), p("/x/ftvp/pricing"));
        assert_eq!(
            user_folder_from(p("relative"), p("/h")),
            p("/h/.config/ftvp/pricing")
        );
        assert_eq!(
            user_folder_from(None, p("/h")),
            p("/h/.config/ftvp/pricing")
        );
        assert_eq!(user_folder_from(None, None), None);
    }
}
