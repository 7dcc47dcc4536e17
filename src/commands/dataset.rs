//! `ftvp dataset`: format checks, token statistics, epochs, billed tokens and
//! the training cost of a chat fine-tuning file.

use anyhow::{anyhow, bail, Context, Result};

use super::progress::progress_bar;
use super::tokens::tokenizer_source;
use super::{emit, load_catalog, warn, Env, Exit};
use crate::analysis::dataset::{plan, report, PlanError};
use crate::cli::DatasetArgs;
use crate::dataset::{self, Scan};
use crate::files;
use crate::tokens::Counting;

pub fn run(args: &DatasetArgs, env: &Env) -> Result<Exit> {
    let catalog = load_catalog(env, &args.common.pricing)?;
    let source = tokenizer_source(&args.tokenizer_file);
    let (primary, rows) =
        plan(&catalog, &args.model, args.encoding, &source).map_err(|e| match e {
            PlanError::NotFineTunable { model, sheet } => anyhow!(
                "--model {model}: its sheet ({sheet}) has no fine_tuning prices, so its training \
                 cannot be priced; use --encoding to count only"
            ),
            e => anyhow!(e),
        })?;
    source.check_all_used().map_err(anyhow::Error::msg)?;
    let countings = dataset::distinct(
        std::iter::once(primary.clone()).chain(rows.iter().map(|(_, c)| c.clone())),
    );
    let (name, scan) = scan_file(&args.file, &countings, args.max_example_tokens)?;
    check_billed_fits(&scan, args.epochs)?;
    let mut report = report(name, &scan, (&primary, &rows), args.epochs, env.today);
    report.warnings.extend(source.hints());
    for w in &report.warnings {
        warn(w);
    }
    emit(&env.renderer(args.common.format).dataset(&report)?)?;
    Ok(if report.format_error_count > 0 {
        Exit::ExpectationFailed
    } else {
        Exit::Success
    })
}

/// Reads and checks a whole file; a file that cannot be read or holds no
/// example is an error naming it.
fn scan_file(
    path: &std::path::Path,
    countings: &[Counting],
    max_example_tokens: u64,
) -> Result<(String, Scan)> {
    let file = files::open(path).map_err(anyhow::Error::msg)?;
    let bar = progress_bar(file.size);
    let name = file.name.clone();
    let scan = dataset::scan(file.reader, countings, max_example_tokens, |n| bar.inc(n))
        .with_context(|| format!("cannot read {name}"))?;
    bar.finish_and_clear();
    if scan.records == 0 {
        bail!("{name}: no examples (the file is empty or holds only blank lines)");
    }
    Ok((name, scan))
}

/// Given epochs × the tokens of an epoch must fit the counts' integers.
fn check_billed_fits(scan: &Scan, epochs: Option<u32>) -> Result<()> {
    let (Some(e), Some(most)) = (epochs, scan.totals.iter().map(|t| t.billed_per_epoch).max())
    else {
        return Ok(());
    };
    if crate::cost::billed_training_tokens(most, e).is_err() {
        bail!("--epochs {e}: {e} × {most} billed tokens per epoch overflows");
    }
    Ok(())
}
