//! Writing what a command prints. A reader that closes the pipe early
//! (`ftvp … | head`) ends the output quietly without ending the command, so
//! a failed expectation still exits 1; any other write error is exit 2.

use std::io::{ErrorKind, Write};

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

/// Prints `warning: MESSAGE` on standard error; a closed standard error is
/// ignored (the warning is also in JSON output).
pub fn warn(message: &str) {
    let _ = writeln!(std::io::stderr().lock(), "warning: {message}");
}

/// Prints a line on standard error; a closed standard error is ignored.
pub fn note(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}
