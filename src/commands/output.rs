//! Writing what a command prints. A reader that closes the pipe early
//! (`ftvp … | head`) ends the output quietly without ending the command, so
//! a failed expectation still exits 1; any other write error is exit 2.

use std::io::{ErrorKind, Write};

use crate::report::RenderError;
use anyhow::{Context, Result};

/// Writes `text` to standard output and flushes it. A closed pipe is not an
/// error: the command goes on to decide its exit code.
pub fn emit(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == ErrorKind::BrokenPipe => Ok(()),
        other => other.context("cannot write to standard output"),
    }
}

/// Writes to standard output what `write` renders as it renders it (see
/// [`emit`] for a closed pipe).
pub fn emit_with(write: impl FnOnce(&mut dyn Write) -> Result<(), RenderError>) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match write(&mut out).and_then(|()| Ok(out.flush()?)) {
        Err(RenderError::Io(e)) if e.kind() == ErrorKind::BrokenPipe => Ok(()),
        Err(RenderError::Io(e)) => Err(e).context("cannot write to standard output"),
        other => Ok(other?),
    }
}

/// An error when standard output was closed when ftvp started
/// (`ftvp … >&-`): whatever it printed would be lost while it exits 0.
/// Rust's runtime reopens a closed descriptor 0–2 on `/dev/null` for reading
/// and writing, so on Linux a standard output that is `/dev/null` opened
/// read-write is one that was closed (`>/dev/null` opens it write-only).
pub fn refuse_closed_stdout() -> Result<()> {
    if stdout_was_closed() {
        anyhow::bail!(
            "standard output is closed; ftvp has nowhere to print (use >/dev/null to discard it)"
        );
    }
    Ok(())
}

#[cfg(target_os = "linux")]
fn stdout_was_closed() -> bool {
    use std::os::unix::fs::{FileTypeExt, MetadataExt};
    let read_write = std::fs::read_to_string("/proc/self/fdinfo/1")
        .ok()
        .and_then(|info| {
            let flags = info.lines().find_map(|l| l.strip_prefix("flags:"))?;
            u32::from_str_radix(flags.trim(), 8).ok()
        })
        .is_some_and(|flags| flags & 0o3 == 0o2);
    let (Ok(out), Ok(null)) = (
        std::fs::metadata("/proc/self/fd/1"),
        std::fs::metadata("/dev/null"),
    ) else {
        return false;
    };
    read_write && out.file_type().is_char_device() && out.rdev() == null.rdev()
}

#[cfg(not(target_os = "linux"))]
fn stdout_was_closed() -> bool {
    false
}

/// Prints `warning: MESSAGE` on standard error; a closed standard error is
/// ignored (the warning is also in JSON output).
pub fn warn(message: &str) {
    let _ = writeln!(std::io::stderr().lock(), "warning: {message}");
}

/// Prints a line on standard error; a closed standard error is ignored.
pub fn note(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}
