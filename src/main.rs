//! The `ftvp` binary: parse, run, map the result to an exit code.

mod cli;
mod commands;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

use cli::Cli;
use commands::Exit;

/// Characters of an error message printed at most: a message quotes user
/// values, and a huge value must not become a huge line.
const MAX_ERROR_CHARS: usize = 1_000;

fn main() -> ExitCode {
    ftvp::tokens::hf::quiet_guarded_panics();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if e.use_stderr() => {
            print_usage_error(&e);
            return Exit::Error.into();
        }
        Err(e) => return clap_exit(&e).into(),
    };
    match commands::run(cli) {
        Ok(exit) => exit.into(),
        Err(e) => {
            let message = one_line(&format!("{e:#}"));
            let _ = writeln!(std::io::stderr().lock(), "error: {message}");
            Exit::Error.into()
        }
    }
}

/// Help and version print to stdout and succeed; a closed pipe ends them
/// quietly, and any other write error is exit 2 with its `error:` line. Usage
/// errors print to stderr and exit 2.
fn clap_exit(e: &clap::Error) -> Exit {
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

/// A usage error on standard error, as clap words it, with each value it
/// quotes bounded and its control characters escaped: a flag's value may
/// be anything (an escape sequence, 130 KB), and clap echoes it raw.
fn print_usage_error(e: &clap::Error) {
    let text = e.render().to_string();
    let mut out = String::new();
    for line in text.lines() {
        out.push_str(&ftvp::pricing::bound_message(line));
        out.push('\n');
    }
    let _ = std::io::stderr().lock().write_all(out.as_bytes());
}

/// The message on one line, at most [`MAX_ERROR_CHARS`] characters, with any
/// control character that a value brought into it shown escaped.
fn one_line(message: &str) -> String {
    let words = message.split_whitespace().collect::<Vec<_>>().join(" ");
    let line = ftvp::format::escape_controls(&words);
    match line.char_indices().nth(MAX_ERROR_CHARS) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line,
    }
}
