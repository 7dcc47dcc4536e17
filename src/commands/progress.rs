//! Progress bars for counting large files and for long simulations, on a
//! terminal only.

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
    draws_bar_on(
        draws,
        std::io::stderr().is_terminal(),
        ProgressDrawTarget::stderr(),
    )
}

/// A progress bar of `draws` draws drawn to `target` when it is a
/// `terminal` and the draws are many, else a hidden one.
fn draws_bar_on(draws: u64, terminal: bool, target: ProgressDrawTarget) -> ProgressBar {
    if !(terminal && draws >= PROGRESS_FROM_DRAWS) {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(draws), target);
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

    /// A terminal that keeps what is written to it.
    #[derive(Debug, Clone, Default)]
    struct Recorded(std::sync::Arc<std::sync::Mutex<String>>);

    impl Recorded {
        fn push(&self, s: &str) -> std::io::Result<()> {
            self.0.lock().unwrap().push_str(s);
            Ok(())
        }

        fn text(&self) -> String {
            self.0.lock().unwrap().clone()
        }
    }

    impl indicatif::TermLike for Recorded {
        fn width(&self) -> u16 {
            80
        }
        fn move_cursor_up(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_down(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_right(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_left(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn write_line(&self, s: &str) -> std::io::Result<()> {
            self.push(&format!("{s}\n"))
        }
        fn write_str(&self, s: &str) -> std::io::Result<()> {
            self.push(s)
        }
        fn clear_line(&self) -> std::io::Result<()> {
            self.push("<clear>")
        }
        fn flush(&self) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn on(term: &Recorded) -> ProgressDrawTarget {
        ProgressDrawTarget::term_like(Box::new(term.clone()))
    }

    /// On a terminal a long simulation draws its bar, counting draws, and
    /// clears it when done; elsewhere, or for a short one, nothing is drawn.
    #[test]
    fn a_long_simulation_draws_its_bar_on_a_terminal_only() {
        let term = Recorded::default();
        let bar = draws_bar_on(PROGRESS_FROM_DRAWS * 2, true, on(&term));
        assert!(!bar.is_hidden());
        bar.set_position(50_000);
        bar.abandon(); // draws now, whatever the refresh rate
        assert!(
            term.text().contains("50000/200000 draws"),
            "{:?}",
            term.text()
        );
        let before = term.text().len();
        let bar = draws_bar_on(PROGRESS_FROM_DRAWS, true, on(&term));
        bar.inc(1_000);
        bar.finish_and_clear();
        assert!(term.text()[before..].contains("<clear>"));

        for (draws, terminal) in [
            (PROGRESS_FROM_DRAWS * 2, false),
            (PROGRESS_FROM_DRAWS - 1, true),
        ] {
            let term = Recorded::default();
            let bar = draws_bar_on(draws, terminal, on(&term));
            assert!(bar.is_hidden());
            bar.inc(draws);
            bar.finish_and_clear();
            assert_eq!(term.text(), "");
        }
    }
}
