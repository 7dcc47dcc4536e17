//! `--summary FILE`: a Markdown summary of the comparison appended to FILE,
//! as GitHub Actions reads `$GITHUB_STEP_SUMMARY`. The summary is a courtesy
//! to reviewers, never part of the gate: any failure to write it is a
//! warning and leaves the exit code alone.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::Path;

use crate::analysis::Report;
use crate::cost::Verdict;
use crate::format::escape_controls;
use crate::report::markdown::{escape, table};
use crate::report::{grid, table::verdict_line, table::what_it_takes};

use super::warn;

/// Appends the summary of `report` to `path`, or warns why it could not.
pub fn append(path: &Path, report: &Report, expect: Option<Verdict>) {
    if let Err(why) = write(path, &markdown(report, expect)) {
        warn(&format!(
            "--summary: {why}; no summary written (the exit code is unchanged)"
        ));
    }
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    if path.as_os_str().is_empty() {
        return Err("the path is empty (is GITHUB_STEP_SUMMARY set?)".to_string());
    }
    let shown = escape_controls(&path.display().to_string());
    // Design §20.23: a link is refused, naming it; a FIFO or device is
    // written in place (a FIFO waits for its reader, as with any tool).
    if let Ok(meta) = std::fs::symlink_metadata(path) {
        if meta.file_type().is_symlink() {
            return Err(format!(
                "{shown} is a symbolic link; ftvp does not write through links"
            ));
        }
        if meta.is_dir() {
            return Err(format!("{shown} is a folder"));
        }
    }
    OpenOptions::new()
        .append(true)
        .create(true)
        .open(path)
        .and_then(|mut f| f.write_all(text.as_bytes()).and_then(|()| f.flush()))
        .map_err(|e| format!("cannot append to {shown}: {}", crate::files::plain(&e)))
}

/// The summary: a heading with the verdict, the verdict sentence, the
/// comparison table, what each candidate would take, notes and warnings,
/// and whether the expected verdict was met.
pub fn markdown(r: &Report, expect: Option<Verdict>) -> String {
    let mut out = format!(
        "### ftvp breakeven: `{}` ({} against {})\n\n",
        r.verdict,
        escape(&r.best),
        escape(&r.base.model)
    );
    out.push_str(&format!("**{}**\n\n", escape(&verdict_line(r, false))));
    out.push_str(&table(&grid::breakeven(r, grid::Numbers::Human)));
    out.push('\n');
    for c in &r.candidates {
        out.push_str(&format!("- {}\n", escape(&what_it_takes(r, c))));
    }
    let list = |title: &str, items: Vec<String>| match items.is_empty() {
        true => String::new(),
        false => format!("\n**{title}**\n\n{}", items.concat()),
    };
    out.push_str(&list(
        "Notes",
        r.notes
            .iter()
            .map(|n| format!("- `{}`: {}\n", n.code, escape(&n.message)))
            .collect(),
    ));
    out.push_str(&list(
        "Warnings",
        r.warnings
            .iter()
            .map(|w| format!("- {}\n", escape(w)))
            .collect(),
    ));
    if let Some(want) = expect {
        let verdict = match want == r.verdict {
            true => format!("\nExpected verdict `{want}`: met.\n"),
            false => format!(
                "\nExpected verdict `{want}`, got `{}`: **not met** (exit code 1).\n",
                r.verdict
            ),
        };
        out.push_str(&verdict);
    }
    out.push('\n');
    out
}
