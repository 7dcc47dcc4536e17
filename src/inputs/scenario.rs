//! Scenario files: a checked-in TOML file with the same inputs as the flags
//! (design §5), read into [`Given`]. Errors name the file, line, column and
//! key; paths in the file resolve relative to it.

use std::ops::Range;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::error::{InputError, Place, Problem};
use super::given::{
    Base, Expect, Given, Horizon, QualityGiven, Request, ThresholdsGiven, Training, Tuned,
    UsageGiven,
};
use crate::files::{read_capped, MAX_TOML_BYTES};
use crate::pricing::{locate, parse_toml};

/// The file as written: the sections of [`Given`] with their positions, for
/// checks that span several keys of a table.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default, deserialize_with = "super::given::count")]
    volume: Option<u64>,
    base: Option<Spanned<Base>>,
    tuned: Option<Vec<Spanned<Tuned>>>,
    request: Option<Spanned<Request>>,
    training: Option<Spanned<Training>>,
    horizon: Option<Spanned<Horizon>>,
    thresholds: Option<Spanned<ThresholdsGiven>>,
    expect: Option<Spanned<Expect>>,
    quality: Option<Spanned<QualityGiven>>,
    usage: Option<Spanned<UsageGiven>>,
}

/// Reads a scenario file (at most 16 MiB).
pub fn load(path: &Path) -> Result<Given, InputError> {
    let text = read_capped(path, MAX_TOML_BYTES, "scenario").map_err(Problem::Scenario)?;
    let mut given = parse(&path.display().to_string(), &text)?;
    let dir = path.parent().unwrap_or(Path::new(""));
    let relative = |f: &mut std::path::PathBuf| *f = dir.join(&*f);
    given.base.prompt_file.iter_mut().for_each(relative);
    for t in given.tuned.iter_mut().flatten() {
        t.prompt_file.iter_mut().for_each(relative);
    }
    given.training.file.iter_mut().for_each(relative);
    given.usage.files.iter_mut().for_each(relative);
    Ok(given)
}

/// Parses scenario text; `origin` names it in errors.
pub fn parse(origin: &str, text: &str) -> Result<Given, InputError> {
    let file: File = parse_toml(origin, text).map_err(Problem::Scenario)?;
    let at = Locator { origin, text };
    let base = section(file.base, |b, span| {
        if b.prompt_tokens.is_some() && b.prompt_file.is_some() {
            return Err(at.fail(span, "base", both("prompt_tokens", "prompt_file")));
        }
        Ok(())
    })?;
    let volume = file.volume;
    let horizon = section(file.horizon, |h, span| {
        if volume.is_some() && h.per_month.is_some() {
            let problem = Problem::Scenario("give either volume or per_month, not both".into());
            return Err(at.fail(span, "horizon", problem));
        }
        Ok(())
    })?;
    Ok(Given {
        volume,
        base,
        tuned: file.tuned.map(|list| tuned(list, &at)).transpose()?,
        request: section(file.request, |_, _| Ok(()))?,
        training: training(file.training, &at)?,
        horizon,
        thresholds: thresholds(file.thresholds, &at)?,
        expect: section(file.expect, |_, _| Ok(()))?,
        quality: section(file.quality, |_, _| Ok(()))?,
        ranges: super::ranges::of_scenario(text)
            .map_err(|e| Problem::Scenario(format!("{origin}: {e}")))?,
        usage: section(file.usage, |_, _| Ok(()))?,
    })
}

/// Positions in the scenario's text, for errors.
struct Locator<'a> {
    origin: &'a str,
    text: &'a str,
}

impl Locator<'_> {
    /// `problem` at the table or key that starts at `span`.
    fn fail(&self, span: Range<usize>, key: &str, problem: Problem) -> InputError {
        let here = locate(self.text, span.start);
        InputError {
            place: Some(Box::new(Place {
                file: self.origin.to_string(),
                line: here.line,
                column: here.column,
                key: key.to_string(),
            })),
            problem: Box::new(problem),
        }
    }
}

/// The `[[tuned]]` tables, each with one prompt at most.
fn tuned(list: Vec<Spanned<Tuned>>, at: &Locator) -> Result<Vec<Tuned>, InputError> {
    let mut out = Vec::with_capacity(list.len());
    for t in list {
        let span = t.span();
        let t = t.into_inner();
        if t.prompt_tokens.is_some() && t.prompt_file.is_some() {
            let key = format!("[[tuned]] {}", t.model);
            return Err(at.fail(span, &key, both("prompt_tokens", "prompt_file")));
        }
        out.push(t);
    }
    Ok(out)
}

/// `[training]`, priced one way at most.
fn training(t: Option<Spanned<Training>>, at: &Locator) -> Result<Training, InputError> {
    let mut training = section(t, |t, span| {
        let given = [t.tokens.is_some(), t.cost.is_some(), t.file.is_some()];
        if given.iter().filter(|&&g| g).count() > 1 {
            return Err(at.fail(span, "training", both_training()));
        }
        Ok(())
    })?;
    // The template allows `cost` in place of `tokens` with `epochs` left in
    // place; epochs only apply to tokens.
    if training.cost.is_some() {
        training.epochs = None;
    }
    Ok(training)
}

/// `[thresholds]`, in order.
fn thresholds(
    t: Option<Spanned<ThresholdsGiven>>,
    at: &Locator,
) -> Result<ThresholdsGiven, InputError> {
    section(t, |t, span| {
        if let (Some(lo), Some(hi)) = (t.depends_at, t.fine_tune_at) {
            if lo.is_zero() || lo > hi {
                let problem = Problem::Thresholds {
                    depends_at: lo,
                    fine_tune_at: hi,
                };
                return Err(at.fail(span, "thresholds", problem));
            }
        }
        Ok(())
    })
}

/// A section's value (default when absent) after `check` with its span.
fn section<T: Default>(
    s: Option<Spanned<T>>,
    check: impl Fn(&T, Range<usize>) -> Result<(), InputError>,
) -> Result<T, InputError> {
    match s {
        Some(s) => {
            check(s.get_ref(), s.span())?;
            Ok(s.into_inner())
        }
        None => Ok(T::default()),
    }
}

fn both(a: &str, b: &str) -> Problem {
    Problem::Scenario(format!("gives both {a} and {b}; give one"))
}

fn both_training() -> Problem {
    Problem::Scenario("give one of tokens, cost or file".to_string())
}
