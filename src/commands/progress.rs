//! A progress bar for counting large files, on a terminal only.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Files at least this large show a progress bar (on a terminal).
pub const PROGRESS_FROM_BYTES: u64 = 64 << 20;

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

/// Simulations of at least this many draws show a progress bar (on a terminal).
pub const PROGRESS_FROM_DRAWS: u64 = 100_000;

/// A progress bar of a simulation's draws on stderr, or a hidden one.
pub fn draws_bar(draws: u64) -> ProgressBar {
    if !(std::io::stderr().is_terminal() && draws >= PROGRESS_FROM_DRAWS) {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(draws), ProgressDrawTarget::stderr());
    if let Ok(style) =
        ProgressStyle::with_template("{spinner} {pos}/{len} draws {wide_bar} {eta} left")
    {
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
