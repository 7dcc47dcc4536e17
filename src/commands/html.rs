//! The HTML report of `breakeven` and `sweep` (`--format html`, and
//! `--html FILE` beside any format): the renderer, told how the run was made
//! (its command line, ftvp's version, the date and whether `FTVP_TODAY` gave
//! it, the price sheets used), and the file it is written to.

use std::path::PathBuf;

use anyhow::Result;

use super::outfile::OutFile;
use super::Env;
use crate::inputs::Inputs;
use crate::report::html::{About, Html};
use crate::report::{Format, Renderer};

/// The renderer of `format`, the HTML one knowing how the run was made.
pub fn renderer(env: &Env, format: Format, inputs: &Inputs) -> Box<dyn Renderer> {
    match format {
        Format::Html => Box::new(html(env, inputs)),
        other => env.renderer(other),
    }
}

/// The HTML renderer of this run.
pub fn html(env: &Env, inputs: &Inputs) -> Html {
    let from_env = std::env::var_os("FTVP_TODAY").is_some_and(|t| !t.is_empty());
    Html {
        about: About {
            command: Some(About::command_line(std::env::args_os().skip(1))),
            version: env!("CARGO_PKG_VERSION").to_string(),
            today: Some((env.today, from_env)),
            sheets: sheets(inputs),
        },
    }
}

/// Each sheet the comparison's models come from, once, in the order used:
/// where it is and its layer.
fn sheets(inputs: &Inputs) -> Vec<String> {
    let models =
        std::iter::once(&inputs.base.model).chain(inputs.candidates.iter().map(|c| &c.model));
    let mut out: Vec<String> = Vec::new();
    for m in models {
        let sheet = format!(
            "{} ({})",
            m.sheet.origin,
            m.sheet.layer.label(inputs.names.0)
        );
        if !out.contains(&sheet) {
            out.push(sheet);
        }
    }
    out
}

/// Checks an `--html` path before any work.
pub fn open(path: Option<&PathBuf>) -> Result<Option<OutFile>> {
    path.map(|p| OutFile::open(p, "--html")).transpose()
}
