//! Files a command writes besides standard output (`--svg FILE`). Opening
//! one checks its path before any work, so a bad path fails early. A regular
//! file is replaced atomically (written beside it, then renamed over it) and
//! keeps its permissions; anything else that exists — a FIFO, a device such
//! as `/dev/null` — is written in place and never replaced.

use std::fs::{self, OpenOptions, Permissions};
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context, Result};

/// A file to be written when the work is done.
pub struct OutFile {
    /// The path as given, for messages.
    shown: String,
    /// Where the bytes go.
    target: Target,
}

enum Target {
    /// A FIFO or device: opened and written, never renamed over.
    InPlace(PathBuf),
    /// A regular file, new or replaced: a temporary file beside it.
    Replace {
        path: PathBuf,
        temp: tempfile::NamedTempFile,
        keep: Option<Permissions>,
    },
}

impl OutFile {
    /// Checks that `path` can be written; `flag` names it in errors.
    pub fn open(path: &Path, flag: &str) -> Result<OutFile> {
        let shown = format!("{flag} {}", path.display());
        let target = match fs::metadata(path) {
            Ok(meta) if meta.is_dir() => bail!("{shown}: is a folder, not a file"),
            Ok(meta) if !meta.is_file() => Target::InPlace(path.to_path_buf()),
            Ok(meta) => {
                // Through a symbolic link, the file it points to is replaced.
                let real = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
                replace(&real, Some(meta.permissions()), &shown)?
            }
            Err(_) => replace(path, None, &shown)?,
        };
        Ok(OutFile { shown, target })
    }

    /// Writes `bytes` and, for a regular file, moves it into place.
    pub fn write(self, bytes: &[u8]) -> Result<()> {
        let shown = self.shown;
        match self.target {
            Target::InPlace(path) => OpenOptions::new()
                .write(true)
                .open(&path)
                .and_then(|mut f| f.write_all(bytes).and_then(|()| f.flush()))
                .with_context(|| format!("{shown}: cannot write")),
            Target::Replace {
                path,
                mut temp,
                keep,
            } => {
                temp.write_all(bytes)
                    .and_then(|()| temp.flush())
                    .with_context(|| format!("{shown}: cannot write"))?;
                if let Some(mode) = keep {
                    fs::set_permissions(temp.path(), mode)
                        .with_context(|| format!("{shown}: cannot keep its permissions"))?;
                }
                temp.persist(&path)
                    .map_err(|e| anyhow!("{shown}: {}", e.error))?;
                Ok(())
            }
        }
    }
}

fn replace(path: &Path, keep: Option<Permissions>, shown: &str) -> Result<Target> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".ftvp-").suffix(".tmp");
    // A new chart is a document to share: readable by others, like any new file.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    let temp = builder
        .tempfile_in(dir)
        .with_context(|| format!("{shown}: cannot write in {}", dir.display()))?;
    Ok(Target::Replace {
        path: path.to_path_buf(),
        temp,
        keep,
    })
}
