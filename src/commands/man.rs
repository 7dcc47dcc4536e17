//! `ftvp man`: the top-level page to stdout, or every page into a folder.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::Command;

use super::{emit, Exit};
use crate::cli::Cli;

/// Prints `ftvp.1`, or writes it and one page per subcommand into `dir`.
pub fn run(dir: Option<&Path>) -> Result<Exit> {
    let mut cmd = <Cli as clap::CommandFactory>::command().disable_help_subcommand(true);
    cmd.build();
    match dir {
        None => {
            let mut text = Vec::new();
            clap_mangen::Man::new(cmd).render(&mut text)?;
            emit(&String::from_utf8_lossy(&text))?;
        }
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create the folder {}", dir.display()))?;
            let mut written = Vec::new();
            write_pages(cmd, dir, &mut written)?;
            let list: String = written
                .iter()
                .map(|p| format!("{}\n", p.display()))
                .collect();
            emit(&list)?;
        }
    }
    Ok(Exit::Success)
}

/// The page of `cmd` and, before it, those of its visible subcommands,
/// named `ftvp-prices-check.1` and so on.
fn write_pages(cmd: Command, dir: &Path, written: &mut Vec<PathBuf>) -> Result<()> {
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()).cloned() {
        write_pages(sub, dir, written)?;
    }
    let man = clap_mangen::Man::new(cmd);
    let path = dir.join(man.get_filename());
    let mut text = Vec::new();
    man.render(&mut text)?;
    std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    written.push(path);
    Ok(())
}
