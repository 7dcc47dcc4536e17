//! Chat fine-tuning files (JSONL): format checks, the cookbook's token counts,
//! statistics, the default-epoch rule and the billed training tokens.
//!
//! A file is cut into blocks of whole lines that worker threads read, check
//! and summarise on every core; the summaries are merged in file order, so
//! memory stays flat whatever the file's size (see [`stream`] for the caps).

pub mod check;
pub mod ends;
pub mod json;
pub mod stream;
pub mod template;

use std::collections::BTreeMap;
use std::io::Read;

use serde::Serialize;

#[cfg(feature = "internals")]
pub use check::check_line;
pub use check::{Checked, ErrorType};
pub use stream::MAX_LINE_BYTES;
#[cfg(feature = "internals")]
pub use stream::{LONG_LINE_BYTES, MAX_UNBROKEN_BYTES};
#[cfg(feature = "internals")]
pub use template::ExampleTokens;

use crate::tokens::Counting;

/// Examples longer than this many tokens are truncated in training (default
/// of `--max-example-tokens`).
pub const DEFAULT_MAX_EXAMPLE_TOKENS: u64 = 65_536;

/// Line numbers kept per warning for the report.
const SAMPLE_LINES: usize = 20;

/// Format errors kept with their line and message; beyond them, errors are
/// only counted (in total and per type), so a file of broken lines cannot
/// fill memory.
pub const MAX_ERRORS_KEPT: usize = 1_000;

/// The cookbook's default number of epochs for `n` examples: 3, raised so that
/// there are at least 100 example passes (at most 25 epochs), or lowered so
/// that there are at most 25,000 (at least 1). Integer division throughout.
/// `None` for an empty file.
pub fn default_epochs(n: u64) -> Option<u32> {
    const TARGET: u64 = 3;
    const MIN_PASSES: u64 = 100;
    const MAX_PASSES: u64 = 25_000;
    let epochs = match n {
        0 => return None,
        n if n.saturating_mul(TARGET) < MIN_PASSES => (MIN_PASSES / n).min(25),
        n if n.saturating_mul(TARGET) > MAX_PASSES => (MAX_PASSES / n).max(1),
        _ => TARGET,
    };
    Some(epochs as u32)
}

/// A format error at a line of the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FormatError {
    /// Line number, from 1.
    pub line: u64,
    /// The cookbook's name for the error.
    #[serde(rename = "type")]
    pub kind: ErrorType,
    /// What is wrong, for people.
    pub message: String,
}

/// How many examples draw a warning, and the first of their lines.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct LineSample {
    /// Examples concerned.
    pub count: u64,
    /// Their first line numbers (up to 20).
    pub first_lines: Vec<u64>,
}

impl LineSample {
    fn add(&mut self, line: u64) {
        self.count += 1;
        if self.first_lines.len() < SAMPLE_LINES {
            self.first_lines.push(line);
        }
    }

    /// Appends a sample of later lines.
    fn merge(&mut self, later: LineSample) {
        self.count += later.count;
        let room = SAMPLE_LINES.saturating_sub(self.first_lines.len());
        self.first_lines
            .extend(later.first_lines.into_iter().take(room));
    }
}

/// A distribution of per-example values, kept as value → frequency so that
/// memory depends on the number of distinct values, not on the file's size.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Histogram(BTreeMap<u64, u64>);

impl Histogram {
    fn add(&mut self, value: u64) {
        *self.0.entry(value).or_default() += 1;
    }

    fn merge(&mut self, other: Histogram) {
        for (value, n) in other.0 {
            *self.0.entry(value).or_default() += n;
        }
    }

    fn len(&self) -> u64 {
        self.0.values().sum()
    }

    /// The `k`-th smallest value, from 0.
    fn nth(&self, k: u64) -> Option<u64> {
        let mut seen = 0;
        for (&value, &n) in &self.0 {
            seen += n;
            if seen > k {
                return Some(value);
            }
        }
        None
    }

    /// The `q`-quantile with linear interpolation between ranks (numpy's
    /// default, which the cookbook prints).
    fn quantile(&self, q: f64) -> Option<f64> {
        let n = self.len();
        let position = q * (n.checked_sub(1)? as f64);
        let lo = position.floor() as u64;
        let hi = position.ceil() as u64;
        let (a, b) = (self.nth(lo)? as f64, self.nth(hi)? as f64);
        Some(a + (b - a) * (position - lo as f64))
    }

    /// Min, median, p90 and max; `None` when empty.
    pub fn summary(&self) -> Option<Summary> {
        Some(Summary {
            min: *self.0.keys().next()?,
            median: self.quantile(0.5)?,
            p90: self.quantile(0.9)?,
            max: *self.0.keys().next_back()?,
        })
    }
}

/// Min / median / p90 / max of a per-example value.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Summary {
    /// Smallest.
    pub min: u64,
    /// Median (may fall halfway between two values).
    pub median: f64,
    /// 90th percentile, interpolated.
    pub p90: f64,
    /// Largest.
    pub max: u64,
}

/// Token totals of the valid examples under one counting.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EncodingTotals {
    /// Sum of the cookbook's per-example counts.
    pub tokens: u64,
    /// Sum of assistant tokens.
    pub assistant_tokens: u64,
    /// The part of `tokens` counted from tool calls' and definitions' JSON text.
    pub tool_json_tokens: u64,
    /// Σ min(limit, tokens per example): what one epoch bills.
    pub billed_per_epoch: u64,
    /// Examples over the limit (truncated in training).
    pub over_limit: LineSample,
    /// Tokens per example.
    pub per_example: Histogram,
    /// Assistant tokens per example.
    pub assistant_per_example: Histogram,
}

impl EncodingTotals {
    fn merge(&mut self, later: EncodingTotals) {
        self.tokens += later.tokens;
        self.assistant_tokens += later.assistant_tokens;
        self.tool_json_tokens += later.tool_json_tokens;
        self.billed_per_epoch += later.billed_per_epoch;
        self.over_limit.merge(later.over_limit);
        self.per_example.merge(later.per_example);
        self.assistant_per_example
            .merge(later.assistant_per_example);
    }
}

/// What a scan of a file found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scan {
    /// The countings (tokenizer and chat template), in the order asked for.
    pub countings: Vec<Counting>,
    /// The token limit per example.
    pub max_example_tokens: u64,
    /// Bytes read.
    pub bytes: u64,
    /// Non-blank lines.
    pub records: u64,
    /// Records without a format error; only they are counted below.
    pub examples: u64,
    /// The first [`MAX_ERRORS_KEPT`] format errors, by line.
    pub errors: Vec<FormatError>,
    /// Every format error, counted (`errors` keeps only the first).
    pub error_count: u64,
    /// `error_count` per type.
    error_types: BTreeMap<ErrorType, u64>,
    /// Examples with neither a `system` nor a `developer` message.
    pub without_system: LineSample,
    /// Examples without a `user` message.
    pub without_user: LineSample,
    /// Messages per example.
    pub messages_per_example: Histogram,
    /// Totals per counting, in the order of `countings`.
    pub totals: Vec<EncodingTotals>,
}

impl Scan {
    fn new(countings: &[Counting], max_example_tokens: u64) -> Scan {
        Scan {
            countings: countings.to_vec(),
            max_example_tokens,
            bytes: 0,
            records: 0,
            examples: 0,
            errors: Vec::new(),
            error_count: 0,
            error_types: BTreeMap::new(),
            without_system: LineSample::default(),
            without_user: LineSample::default(),
            messages_per_example: Histogram::default(),
            totals: vec![EncodingTotals::default(); countings.len()],
        }
    }

    /// The totals for `counting`, if it was counted.
    pub fn totals_for(&self, counting: &Counting) -> Option<&EncodingTotals> {
        let i = self.countings.iter().position(|c| same(c, counting))?;
        self.totals.get(i)
    }

    /// Error counts per type, in [`ErrorType::ALL`] order, without zeros:
    /// exact, however many errors `errors` keeps.
    pub fn errors_by_type(&self) -> Vec<(ErrorType, u64)> {
        ErrorType::ALL
            .iter()
            .filter_map(|t| self.error_types.get(t).map(|&n| (*t, n)))
            .collect()
    }

    fn add_error(&mut self, line: u64, kind: ErrorType, message: impl FnOnce() -> String) {
        self.error_count += 1;
        *self.error_types.entry(kind).or_default() += 1;
        if self.errors.len() < MAX_ERRORS_KEPT {
            let message = message();
            self.errors.push(FormatError {
                line,
                kind,
                message,
            });
        }
    }

    fn add(&mut self, line: u64, c: Checked) {
        self.records += 1;
        if !c.errors.is_empty() {
            for (kind, message) in c.errors {
                self.add_error(line, kind, || message);
            }
            return;
        }
        self.examples += 1;
        if !c.has_system {
            self.without_system.add(line);
        }
        if !c.has_user {
            self.without_user.add(line);
        }
        self.messages_per_example.add(c.messages);
        let limit = self.max_example_tokens;
        for (totals, t) in self.totals.iter_mut().zip(c.tokens) {
            totals.tokens += t.total;
            totals.assistant_tokens += t.assistant;
            totals.tool_json_tokens += t.tool_json;
            totals.billed_per_epoch += t.total.min(limit);
            if t.total > limit {
                totals.over_limit.add(line);
            }
            totals.per_example.add(t.total);
            totals.assistant_per_example.add(t.assistant);
        }
    }

    /// A line over [`MAX_LINE_BYTES`], skipped unread.
    fn add_skipped(&mut self, line: u64, len: u64) {
        self.records += 1;
        self.add_error(line, ErrorType::LineTooLong, || {
            format!(
                "the line is {len} bytes, over the {} MiB cap for one line; not read",
                MAX_LINE_BYTES >> 20
            )
        });
    }

    /// Appends the scan of the lines that follow this scan's.
    fn merge(&mut self, later: Scan) {
        self.bytes += later.bytes;
        self.records += later.records;
        self.examples += later.examples;
        self.error_count += later.error_count;
        for (kind, n) in later.error_types {
            *self.error_types.entry(kind).or_default() += n;
        }
        let room = MAX_ERRORS_KEPT.saturating_sub(self.errors.len());
        self.errors.extend(later.errors.into_iter().take(room));
        self.without_system.merge(later.without_system);
        self.without_user.merge(later.without_user);
        self.messages_per_example.merge(later.messages_per_example);
        for (totals, t) in self.totals.iter_mut().zip(later.totals) {
            totals.merge(t);
        }
    }

    /// The scan of one block's lines.
    fn of_block(block: &stream::Block, countings: &[Counting], max_example_tokens: u64) -> Scan {
        let mut scan = Scan::new(countings, max_example_tokens);
        scan.bytes = block.file_bytes();
        match block.skipped_line {
            Some(len) => scan.add_skipped(block.first_line, len),
            None => {
                let mut scratch = Vec::new();
                for (number, line) in block.lines() {
                    let explain = scan.errors.len() < MAX_ERRORS_KEPT;
                    scan.add(number, check::check(line, countings, explain, &mut scratch));
                }
            }
        }
        scan
    }
}

/// Whether two countings count alike: the same tokenizer and template
/// (whatever their labels say).
fn same(a: &Counting, b: &Counting) -> bool {
    a.counter == b.counter && a.template == b.template
}

/// The distinct countings among `all` (by tokenizer and template), in order:
/// what a scan needs to count once each.
pub fn distinct(all: impl IntoIterator<Item = Counting>) -> Vec<Counting> {
    let mut out: Vec<Counting> = Vec::new();
    for c in all {
        if !out.iter().any(|o| same(o, &c)) {
            out.push(c);
        }
    }
    out
}

/// The most worker threads a scan runs, whatever `RAYON_NUM_THREADS` or the
/// machine's cores say: each holds its tokenizer's caches and a block of
/// the file (1.5 to 2.2 MB, measured), so that a scan stays well within
/// 100 MB on any machine (32 workers reached 90 MB on a 1 GB file).
pub const MAX_WORKERS: usize = 24;

/// Checks and counts a whole file with each of `countings`, reading and
/// checking it on rayon's thread count (`RAYON_NUM_THREADS`, at most
/// [`MAX_WORKERS`]). `progress`
/// is told the bytes done as blocks finish, in file order.
///
/// Fails on a read error, when [`MAX_UNBROKEN_BYTES`] pass without a
/// newline (the message names the line and the cap), or when a
/// `tokenizer.json` fails on the text.
pub fn scan<R: Read + Send>(
    reader: R,
    countings: &[Counting],
    max_example_tokens: u64,
    mut progress: impl FnMut(u64),
) -> std::io::Result<Scan> {
    let mut scan = Scan::new(countings, max_example_tokens);
    stream::map_blocks(
        reader,
        rayon::current_num_threads().min(MAX_WORKERS),
        |block| Scan::of_block(block, countings, max_example_tokens),
        |part, bytes| {
            scan.merge(part);
            progress(bytes);
        },
    )?;
    if let Some(e) = countings.iter().find_map(|c| c.counter.failure()) {
        return Err(std::io::Error::other(e));
    }
    Ok(scan)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_epoch_rule_clamps_at_both_ends() {
        assert_eq!(default_epochs(0), None);
        assert_eq!(default_epochs(1), Some(25)); // 100 div 1 = 100, capped at 25
        assert_eq!(default_epochs(4), Some(25)); // 100 div 4 = 25
        assert_eq!(default_epochs(5), Some(20)); // 3 × 5 < 100: 100 div 5
        assert_eq!(default_epochs(33), Some(3)); // 3 × 33 = 99 < 100: 100 div 33 = 3
        assert_eq!(default_epochs(34), Some(3)); // 102: the target
        assert_eq!(default_epochs(8_333), Some(3)); // 24,999
        assert_eq!(default_epochs(8_334), Some(2)); // 25,002 > 25,000: 25,000 div 8,334
        assert_eq!(default_epochs(25_000), Some(1));
        assert_eq!(default_epochs(30_000), Some(1)); // 25,000 div 30,000 = 0, at least 1
    }

    #[test]
    fn quantiles_match_numpy() {
        let mut h = Histogram::default();
        for v in [10, 20, 30, 40] {
            h.add(v);
        }
        let s = h.summary().unwrap();
        assert_eq!((s.min, s.max), (10, 40));
        assert_eq!(s.median, 25.0); // numpy.median([10, 20, 30, 40])
        assert!((s.p90 - 37.0).abs() < 1e-9); // numpy.quantile(…, 0.9)
        h.add(20);
        assert_eq!(h.summary().unwrap().median, 20.0);
        assert!(Histogram::default().summary().is_none());
    }
}
