//! Opening the files that counting commands read: `-` for standard input,
//! clear errors naming the file, and a progress bar for large files.

use std::fs::File;
use std::io::{IsTerminal, Read};
use std::path::Path;

use anyhow::{bail, Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Files at least this large show a progress bar (on a terminal).
pub const PROGRESS_FROM_BYTES: u64 = 64 << 20;

/// A file opened for reading, or standard input.
pub struct Input {
    /// The name to show: the path as given, or `<stdin>`.
    pub name: String,
    /// Its size, when known.
    pub size: Option<u64>,
    /// The bytes.
    pub reader: Box<dyn Read + Send>,
}

/// Opens `path` (`-` is standard input). A missing file, a folder and an
/// unreadable file are errors naming the path.
pub fn open(path: &Path) -> Result<Input> {
    if path.as_os_str() == "-" {
        return Ok(Input {
            name: "<stdin>".into(),
            size: None,
            reader: Box::new(std::io::stdin()),
        });
    }
    let name = path.display().to_string();
    let meta = std::fs::metadata(path).with_context(|| format!("cannot read {name}"))?;
    if meta.is_dir() {
        bail!("cannot read {name}: it is a folder, not a file");
    }
    let file = File::open(path).with_context(|| format!("cannot read {name}"))?;
    Ok(Input {
        name,
        size: meta.is_file().then_some(meta.len()),
        reader: Box::new(file),
    })
}

/// Whether to draw a progress bar: only on a terminal, and only for a file
/// large enough to take a noticeable time.
pub fn show_progress(stderr_is_terminal: bool, size: Option<u64>) -> bool {
    stderr_is_terminal && size.is_some_and(|s| s >= PROGRESS_FROM_BYTES)
}

/// A byte-counting progress bar on stderr, or a hidden one.
pub fn progress_bar(size: Option<u64>) -> ProgressBar {
    let Some(total) = size.filter(|_| show_progress(std::io::stderr().is_terminal(), size)) else {
        return ProgressBar::hidden();
    };
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(
        "{spinner} {bytes}/{total_bytes} {wide_bar} {bytes_per_sec}, {eta} left",
    ) {
        bar.set_style(style);
    }
    bar
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_shows_only_for_large_files_on_a_terminal() {
        assert!(show_progress(true, Some(PROGRESS_FROM_BYTES)));
        assert!(!show_progress(true, Some(PROGRESS_FROM_BYTES - 1)));
        assert!(!show_progress(false, Some(u64::MAX)));
        assert!(!show_progress(true, None)); // standard input: size unknown
    }
}
