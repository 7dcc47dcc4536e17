//! One module per subcommand: glue from the parsed command line to the
//! library and a report. Shared here: the environment (today's date, price
//! folders, colour), loading price sheets, and the exit codes.

mod breakeven;
mod dataset;
mod html;
mod man;
mod measured;
mod names;
mod outfile;
mod output;
mod prices;
mod progress;
mod ranges;
mod search;
mod summary;
mod sweep;
mod today;
mod tokens;
mod usage;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use jiff::civil::Date;

use clap::Parser;

use crate::cli::{Cli, ColorChoice, Command};
use crate::pricing::{user_folder, Catalog, LoadPlan};
use crate::report::{renderer, Format, Renderer};
#[cfg(test)]
pub(crate) use names::naming;
pub use names::FlagNames;
pub use output::{emit, emit_with, warn};

/// The exit codes, in one place (see `ftvp --help`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Success; an expected verdict matched.
    Success = 0,
    /// The report was printed, but the verdict differs from the expected one.
    ExpectationFailed = 1,
    /// Usage or input error.
    Error = 2,
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> Self {
        ExitCode::from(e as u8)
    }
}

/// Characters of an error message printed at most: a message quotes user
/// values, and a huge value must not become a huge line.
const MAX_ERROR_CHARS: usize = 1_000;

/// The command line: parse, run, map the result to an exit code.
pub fn main() -> ExitCode {
    crate::tokens::hf::quiet_guarded_panics();
    let args = match ranges::hoist(std::env::args_os().collect()) {
        Ok(args) => args,
        Err(message) => {
            let _ = writeln!(std::io::stderr().lock(), "error: {}", one_line(&message));
            return Exit::Error.into();
        }
    };
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) if e.use_stderr() => {
            print_usage_error(&e);
            return Exit::Error.into();
        }
        Err(e) => return clap_exit(&e).into(),
    };
    match run(cli) {
        Ok(exit) => exit.into(),
        Err(e) => {
            let message = one_line(&format!("{e:#}"));
            let _ = writeln!(std::io::stderr().lock(), "error: {message}");
            Exit::Error.into()
        }
    }
}

/// A usage error on standard error, as clap words it, with each value it
/// quotes bounded and its control characters escaped: a flag's value may
/// be anything (an escape sequence, 130 KB), and clap echoes it raw.
fn print_usage_error(e: &clap::Error) {
    let text = e.render().to_string();
    let mut out = String::new();
    for line in text.lines() {
        out.push_str(&crate::pricing::bound_message(line));
        out.push('\n');
    }
    let _ = std::io::stderr().lock().write_all(out.as_bytes());
}

/// Help and version print to stdout and succeed; a closed pipe ends them
/// quietly, a standard output closed from the start and any other write
/// error are exit 2 with an `error:` line. Usage errors print to stderr and
/// exit 2.
fn clap_exit(e: &clap::Error) -> Exit {
    // Help and version printed to a closed standard output would be lost.
    let closed = match e.use_stderr() {
        true => None,
        false => output::refuse_closed_stdout().err(),
    };
    if let Some(closed) = closed {
        let _ = writeln!(std::io::stderr().lock(), "error: {closed}");
        return Exit::Error;
    }
    match e.print() {
        Ok(()) if !e.use_stderr() => Exit::Success,
        Err(io) if !e.use_stderr() && io.kind() == std::io::ErrorKind::BrokenPipe => Exit::Success,
        Err(io) if !e.use_stderr() => {
            let _ = writeln!(
                std::io::stderr().lock(),
                "error: cannot write to standard output: {io}"
            );
            Exit::Error
        }
        _ => Exit::Error,
    }
}

/// The message on one line, at most [`MAX_ERROR_CHARS`] characters, with any
/// control character that a value brought into it shown escaped.
fn one_line(message: &str) -> String {
    let words = message.split_whitespace().collect::<Vec<_>>().join(" ");
    let line = crate::format::escape_controls(&words);
    match line.char_indices().nth(MAX_ERROR_CHARS) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line,
    }
}

/// `FTVP_TODAY`, else today's local date. An empty `FTVP_TODAY` is unset,
/// as shells and CI files often write it.
fn today_from_process() -> Result<Date> {
    match std::env::var("FTVP_TODAY").ok().filter(|t| !t.is_empty()) {
        Some(text) => text.parse::<Date>().ok().with_context(|| {
            format!(
                "FTVP_TODAY=`{}` is not a date such as 2026-06-01",
                crate::format::quote(&text)
            )
        }),
        None => Ok(today::local_today()),
    }
}

/// What the environment tells a command.
pub struct Env {
    /// Folders from `FTVP_PRICING`.
    pub pricing_path: Vec<PathBuf>,
    /// Today, or `FTVP_TODAY`.
    pub today: Date,
    /// Whether to colour stdout.
    pub color: bool,
    /// Columns tables and charts fit in.
    pub width: usize,
}

impl Env {
    /// The renderer of `format`, fitted to the terminal, naming settings by
    /// their flags.
    pub fn renderer(&self, format: Format) -> Box<dyn Renderer> {
        renderer(format, self.color, self.width, names::naming())
    }

    /// Reads the environment once.
    pub fn from_process(choice: ColorChoice) -> Result<Env> {
        let pricing_path = std::env::var_os("FTVP_PRICING")
            .map(|v| {
                std::env::split_paths(&v)
                    .filter(|p| !p.as_os_str().is_empty())
                    .collect()
            })
            .unwrap_or_default();
        let today = today_from_process()?;
        let color = use_color(
            choice,
            std::io::stdout().is_terminal(),
            std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
            std::env::var("TERM").is_ok_and(|t| t == "dumb"),
        );
        Ok(Env {
            pricing_path,
            today,
            color,
            width: terminal_width(),
        })
    }
}

/// The terminal's width in columns, else `COLUMNS`, else 80.
fn terminal_width() -> usize {
    terminal_size::terminal_size()
        .map(|(w, _)| usize::from(w.0))
        .or_else(|| std::env::var("COLUMNS").ok()?.parse().ok())
        .filter(|&w| w > 0)
        .unwrap_or(80)
}

/// `--color auto` colours only a terminal, and never with `NO_COLOR` or
/// `TERM=dumb`; `always` and `never` win over both.
pub fn use_color(choice: ColorChoice, terminal: bool, no_color: bool, dumb: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => terminal && !no_color && !dumb,
    }
}

/// The embedded sheets, then the user's pricing folder, `FTVP_PRICING`
/// and `--pricing` folders.
pub fn load_catalog(env: &Env, flags: &[PathBuf]) -> Result<Catalog> {
    load_catalog_of(env, flags, None)
}

/// [`load_catalog`], with only the shipped models (and the rest of their
/// providers' sheets) that `ids` name as `PROVIDER/NAME`, when the command
/// knows them all (the folders are always loaded).
pub fn load_catalog_of(env: &Env, flags: &[PathBuf], ids: Option<Vec<String>>) -> Result<Catalog> {
    let providers = ids.as_ref().map(|ids| {
        ids.iter()
            .filter_map(|id| id.split_once('/').map(|(p, _)| p.to_string()))
            .collect()
    });
    let catalog = Catalog::load(&LoadPlan {
        user: user_folder(),
        env: env.pricing_path.clone(),
        flags: flags.to_vec(),
        providers,
        models: ids,
        names: names::naming(),
    })?;
    for r in catalog.replaced() {
        warn(&r.message());
    }
    Ok(catalog)
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<Exit> {
    output::refuse_closed_stdout()?;
    // Completions and the man page read nothing from the environment.
    let env = || Env::from_process(cli.color);
    match cli.command {
        Command::Breakeven(args) => breakeven::run(&args, &env()?),
        Command::Sweep(args) => sweep::run(&args, &env()?),
        Command::Prices(args) => prices::run(&args, &env()?),
        Command::Tokens(args) => tokens::run(&args, &env()?),
        Command::Dataset(args) => dataset::run(&args, &env()?),
        Command::Usage(args) => usage::run(&args, &env()?),
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            let mut text = Vec::new();
            clap_complete::generate(shell, &mut cmd, "ftvp", &mut text);
            emit(&String::from_utf8_lossy(&text))?;
            Ok(Exit::Success)
        }
        Command::Man { dir } => man::run(dir.as_deref()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_is_decided_once_by_the_rules() {
        use ColorChoice::*;
        assert!(use_color(Auto, true, false, false));
        assert!(!use_color(Auto, false, false, false));
        assert!(!use_color(Auto, true, true, false));
        assert!(!use_color(Auto, true, false, true));
        assert!(use_color(Always, false, true, true));
        assert!(!use_color(Never, true, false, false));
    }
}
