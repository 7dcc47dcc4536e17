//! Opening the files a user names: `-` for standard input, errors that name
//! the file, and size caps so that no input can grow memory without bound;
//! and the one policy for every file ftvp writes ([`Output`]).

use std::fs::{File, OpenOptions, Permissions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// Largest TOML file (scenario or price sheet) read whole.
pub const MAX_TOML_BYTES: u64 = 16 << 20;

/// Largest prompt text (`--base-prompt-file` and the like), design §12;
/// it is counted as it streams, so the cap bounds time, not memory.
pub const MAX_PROMPT_BYTES: u64 = 256 << 20;

/// A file opened for reading, or standard input.
pub struct Input {
    /// The name to show: the path as given, or `<stdin>`.
    pub name: String,
    /// Its size, when it is a regular file.
    pub size: Option<u64>,
    /// The bytes.
    pub reader: Box<dyn Read + Send>,
}

/// Opens `path` (`-` is standard input). A missing file, a folder and an
/// unreadable file are errors naming the path.
pub fn open(path: &Path) -> Result<Input, String> {
    if path.as_os_str() == "-" {
        return Ok(Input {
            name: "<stdin>".into(),
            size: None,
            reader: Box::new(std::io::stdin()),
        });
    }
    let name = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read {name}: {e}"))?;
    if meta.is_dir() {
        return Err(format!("cannot read {name}: it is a folder, not a file"));
    }
    let file = File::open(path).map_err(|e| format!("cannot read {name}: {e}"))?;
    Ok(Input {
        name,
        size: meta.is_file().then_some(meta.len()),
        reader: Box::new(file),
    })
}

/// Reads a whole text file of at most `cap` bytes; `what` names it in errors
/// (`scenario s.toml`). A larger file is refused before it is read, and a
/// device or pipe that keeps going is cut off at the cap.
pub fn read_capped(path: &Path, cap: u64, what: &str) -> Result<String, String> {
    let input =
        open(path).map_err(|e| e.replace("cannot read ", &format!("cannot read {what} ")))?;
    let too_large = || {
        format!(
            "{what} {} is larger than {} MiB, the most ftvp reads",
            input.name,
            cap >> 20
        )
    };
    if input.size.is_some_and(|s| s > cap) {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    input
        .reader
        .take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read {what} {}: {e}", input.name))?;
    if bytes.len() as u64 > cap {
        return Err(too_large());
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "{what} {}: invalid UTF-8 at byte offset {}",
            input.name,
            e.utf8_error().valid_up_to()
        )
    })
}

/// A file ftvp writes (`--svg`, `man --dir`, an imported sheet), by design
/// §12 and §20.23: a regular file, new or existing, is written beside its
/// final name and renamed over it, so a reader never sees half of it (an
/// existing file keeps its permissions, a new one gets the umask's); a FIFO
/// or a character device (`/dev/null`, `/dev/stdout`) is written in place
/// and never replaced; a symbolic link is refused, naming it, so that ftvp
/// never writes where the path does not say.
pub struct Output {
    /// The path as given, shown in messages with `what` before it.
    shown: String,
    target: Target,
}

enum Target {
    InPlace(PathBuf),
    Replace {
        path: PathBuf,
        temp: tempfile::NamedTempFile,
        keep: Option<Permissions>,
    },
}

impl Output {
    /// Checks that `path` may be written and, for a regular file, prepares
    /// the file beside it; `what` names the path in errors (`--svg`).
    pub fn open(path: &Path, what: &str) -> Result<Output, String> {
        let shown = format!(
            "{what} {}",
            crate::format::escape_controls(&path.display().to_string())
        );
        let target = match std::fs::symlink_metadata(path) {
            Ok(meta) => existing(path, &meta, &shown)?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => beside(path, None, &shown)?,
            Err(e) => return Err(format!("{shown}: {}", plain(&e))),
        };
        Ok(Output { shown, target })
    }

    /// Writes `bytes` and, for a regular file, moves it into place.
    pub fn write(self, bytes: &[u8]) -> Result<(), String> {
        let shown = self.shown;
        let cannot = |e: std::io::Error| format!("{shown}: cannot write: {}", plain(&e));
        match self.target {
            Target::InPlace(path) => OpenOptions::new()
                .write(true)
                .open(&path)
                .and_then(|mut f| f.write_all(bytes).and_then(|()| f.flush()))
                .map_err(cannot),
            Target::Replace {
                path,
                mut temp,
                keep,
            } => {
                temp.write_all(bytes)
                    .and_then(|()| temp.flush())
                    .map_err(&cannot)?;
                if let Some(mode) = keep {
                    std::fs::set_permissions(temp.path(), mode).map_err(&cannot)?;
                }
                temp.persist(&path).map(drop).map_err(|e| cannot(e.error))
            }
        }
    }
}

/// What to do with a path that exists.
fn existing(path: &Path, meta: &std::fs::Metadata, shown: &str) -> Result<Target, String> {
    let kind = meta.file_type();
    if kind.is_symlink() {
        return Err(format!(
            "{shown} is a symbolic link; ftvp does not write through links (give the path it points to)"
        ));
    }
    if kind.is_dir() {
        return Err(format!("{shown} is a folder, not a file"));
    }
    if kind.is_file() {
        return beside(path, Some(meta.permissions()), shown);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() || kind.is_char_device() {
            return Ok(Target::InPlace(path.to_path_buf()));
        }
    }
    Err(format!(
        "{shown} is not a file, a FIFO or a character device"
    ))
}

/// A temporary file beside `path`, to be renamed over it.
fn beside(path: &Path, keep: Option<Permissions>, shown: &str) -> Result<Target, String> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".ftvp-").suffix(".tmp");
    // A new file gets what the umask leaves of rw-rw-rw-, as with any tool.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let temp = builder.tempfile_in(dir).map_err(|e| {
        let folder = crate::format::escape_controls(&dir.display().to_string());
        match std::fs::metadata(dir) {
            Err(_) => format!("{shown}: cannot write in {folder}: the folder does not exist"),
            Ok(m) if !m.is_dir() => {
                format!("{shown}: cannot write in {folder}: it is not a folder")
            }
            Ok(_) => format!("{shown}: cannot write in {folder}: {}", plain(&e)),
        }
    })?;
    Ok(Target::Replace {
        path: path.to_path_buf(),
        temp,
        keep,
    })
}

/// An I/O error's words without a path that is not the user's (tempfile
/// adds its temporary file's name): the OS message, else the kind.
pub fn plain(e: &std::io::Error) -> String {
    match e.raw_os_error() {
        Some(code) => std::io::Error::from_raw_os_error(code).to_string(),
        None => match e.get_ref().and_then(|inner| inner.source()) {
            Some(source) => source.to_string(),
            None => e.kind().to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_device_that_never_ends_is_cut_off_at_the_cap() {
        let e = read_capped(Path::new("/dev/zero"), 1 << 20, "scenario").unwrap_err();
        assert_eq!(
            e,
            "scenario /dev/zero is larger than 1 MiB, the most ftvp reads"
        );
    }

    #[test]
    fn missing_files_and_folders_are_named() {
        let e = read_capped(Path::new("no/such.toml"), 10, "scenario").unwrap_err();
        assert!(e.starts_with("cannot read scenario no/such.toml"), "{e}");
        let e = read_capped(Path::new("src"), 10, "scenario").unwrap_err();
        assert!(e.contains("it is a folder"), "{e}");
    }
}
