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

/// Prints `warning: MESSAGE` on standard error; a closed standard error is
/// ignored (the warning is also in JSON output).
pub fn warn(message: &str) {
    let _ = writeln!(std::io::stderr().lock(), "warning: {message}");
}

/// Prints a line on standard error; a closed standard error is ignored.
pub fn note(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}
