//! `ftvp man`: the top-level page to stdout, or every page into a folder.

use std::path::{Path, PathBuf};

use crate::files::plain;
use crate::format::escape_controls;
use anyhow::{anyhow, bail, Result};
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
            create_folder(dir)?;
            let mut pages = Vec::new();
            render_pages(cmd, dir, &mut pages)?;
            // Every path is checked (a link refused) before any is written.
            let mut opened = Vec::with_capacity(pages.len());
            for (path, text) in pages {
                opened.push((
                    super::outfile::OutFile::open(&path, "man --dir:")?,
                    path,
                    text,
                ));
            }
            let mut written = Vec::with_capacity(opened.len());
            for (file, path, text) in opened {
                file.write(&text)?;
                written.push(path);
            }
            let list: String = written
                .iter()
                .map(|p| format!("{}\n", escape_controls(&p.display().to_string())))
                .collect();
            emit(&list)?;
        }
    }
    Ok(Exit::Success)
}

/// Creates `dir` (and its parents) unless it is a folder already.
fn create_folder(dir: &Path) -> Result<()> {
    let shown = escape_controls(&dir.display().to_string());
    match std::fs::metadata(dir) {
        Ok(m) if m.is_dir() => Ok(()),
        Ok(_) => {
            bail!("cannot create the folder {shown} (man --dir): a file is there, not a folder")
        }
        Err(_) => std::fs::create_dir_all(dir).map_err(|e| {
            anyhow!(
                "cannot create the folder {shown} (man --dir): {}",
                plain(&e)
            )
        }),
    }
}

/// The page of `cmd` and, before it, those of its visible subcommands,
/// named `ftvp-prices-check.1` and so on, with their paths in `dir`.
fn render_pages(cmd: Command, dir: &Path, pages: &mut Vec<(PathBuf, Vec<u8>)>) -> Result<()> {
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()).cloned() {
        render_pages(sub, dir, pages)?;
    }
    let man = clap_mangen::Man::new(cmd);
    let path = dir.join(man.get_filename());
    let mut text = Vec::new();
    man.render(&mut text)?;
    pages.push((path, text));
    Ok(())
}
