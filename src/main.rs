//! The `ftvp` binary: parse, run, map the result to an exit code.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

use ftvp::cli::Cli;
use ftvp::commands::{self, Exit};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() {
                Exit::Error
            } else {
                Exit::Success
            };
            let _ = e.print();
            return code.into();
        }
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match commands::run(cli, &mut out) {
        Ok(exit) => exit.into(),
        Err(e) if is_broken_pipe(&e) => Exit::Success.into(),
        Err(e) => {
            let _ = out.flush();
            eprintln!("error: {}", one_line(&format!("{e:#}")));
            Exit::Error.into()
        }
    }
}

/// `ftvp … | head` closing the pipe early is a quiet success.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}
