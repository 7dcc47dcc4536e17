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
/// Rust's runtime reopens a closed descriptor 0–2 on `/dev/null` before
/// `main`, so ftvp looks earlier, from a constructor (Linux).
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
    at_start::STDOUT_CLOSED.load(std::sync::atomic::Ordering::Relaxed)
}

#[cfg(not(target_os = "linux"))]
fn stdout_was_closed() -> bool {
    false
}

#[cfg(target_os = "linux")]
mod at_start {
    use std::sync::atomic::{AtomicBool, Ordering};

    /// Whether descriptor 1 was closed when the process started.
    pub static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);

    extern "C" {
        fn fcntl(fd: i32, cmd: i32, ...) -> i32;
    }

    /// `F_GETFD` (1) on descriptor 1: -1 when it is not open.
    extern "C" fn look() {
        // SAFETY: F_GETFD reads the descriptor's flags and changes nothing;
        // it fails with EBADF on a closed descriptor.
        if unsafe { fcntl(1, 1) } == -1 {
            STDOUT_CLOSED.store(true, Ordering::Relaxed);
        }
    }

    /// Run by the C runtime before Rust's own start-up code (which would
    /// put `/dev/null` on a closed descriptor 1).
    #[used]
    #[link_section = ".init_array"]
    static LOOK: extern "C" fn() = look;
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
