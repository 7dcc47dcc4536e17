//! Measured usage (design §17, §20.14–§20.18): what teams already log —
//! OpenAI Usage API pages, response logs, OTel GenAI spans, LiteLLM spend
//! logs, a warehouse's aggregate CSV — read in bounded memory on every core
//! (with the dataset scanner's blocks and caps) into exact totals per model
//! and UTC calendar month, and what they say about the inputs of a
//! comparison.

pub mod calendar;
pub mod csv;
pub mod formats;
pub mod measure;
pub mod read;
pub mod tally;

pub use calendar::Month;
pub use measure::{Fraction, Measured, MonthStats};
pub use read::{read_file, Format};
pub use tally::{Record, Tally};

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use formats::Sink;

/// Models × months kept; the records of any more are skipped and counted,
/// so that a log of endless distinct model names cannot fill memory.
pub const MAX_SERIES: usize = 10_000;

/// What one or more files hold, merged: totals per model and month, the
/// days covered, and the records left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Measurement {
    /// The files read, with their formats.
    pub files: Vec<FileRead>,
    /// Totals per model and month.
    pub tallies: BTreeMap<(String, Month), Tally>,
    /// Days (from 1970-01-01) the logs cover, all files and models.
    pub days: BTreeSet<i32>,
    /// Records that could not be used, by reason.
    pub skipped: BTreeMap<&'static str, u64>,
    /// Records left out by rule, by reason.
    pub excluded: BTreeMap<&'static str, u64>,
}

/// One file read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileRead {
    /// Its name as given.
    pub name: String,
    /// The format found.
    pub format: Format,
    /// Bytes read.
    pub bytes: u64,
}

impl Sink for Part {
    fn record(&mut self, model: &str, r: Record) {
        // A row of no requests (a Usage API result of 0) adds nothing, and
        // a model must not appear without requests.
        if r.requests == 0 {
            return;
        }
        let month = calendar::civil(r.day).0;
        let by_month = match self.tallies.get_mut(model) {
            Some(m) => m,
            None => self.tallies.entry(model.to_string()).or_default(),
        };
        by_month.entry(month).or_default().add(&r);
    }
    fn skip(&mut self, why: &'static str) {
        *self.skipped.entry(why).or_default() += 1;
    }
    fn exclude(&mut self, why: &'static str) {
        *self.excluded.entry(why).or_default() += 1;
    }
    fn cover(&mut self, from: i32, to: i32) {
        if self.last_day == Some((from, to)) {
            return;
        }
        self.last_day = Some((from, to));
        // A row covers at most a month; a bucket's end is the user's word.
        for day in from..=to.min(from.saturating_add(366)) {
            self.days.insert(day);
        }
    }
}

/// The records of a part of a file (a block of lines, a document).
#[derive(Debug, Default)]
pub struct Part {
    tallies: HashMap<String, BTreeMap<Month, Tally>, foldhash::fast::RandomState>,
    /// Days covered: a hash set, as a day is looked up for every logged
    /// request; the measurement keeps them in order.
    days: HashSet<i32, foldhash::fast::RandomState>,
    skipped: BTreeMap<&'static str, u64>,
    excluded: BTreeMap<&'static str, u64>,
    last_day: Option<(i32, i32)>,
}

impl Part {
    /// The models × months it tallies.
    pub(crate) fn series(&self) -> usize {
        self.tallies.values().map(BTreeMap::len).sum()
    }
}

impl Measurement {
    /// Adds a part of a file.
    pub fn merge(&mut self, part: Part) {
        for (model, months) in part.tallies {
            for (month, tally) in months {
                let full = self.tallies.len() >= MAX_SERIES;
                match self.tallies.get_mut(&(model.clone(), month)) {
                    Some(t) => t.merge(tally),
                    None if full => {
                        *self.skipped.entry(formats::why::TOO_MANY).or_default() += tally.requests;
                    }
                    None => {
                        self.tallies.insert((model.clone(), month), tally);
                    }
                }
            }
        }
        self.days.extend(part.days);
        for (why, n) in part.skipped {
            *self.skipped.entry(why).or_default() += n;
        }
        for (why, n) in part.excluded {
            *self.excluded.entry(why).or_default() += n;
        }
    }

    /// Requests counted, all models.
    pub fn requests(&self) -> u64 {
        self.tallies.values().map(|t| t.requests).sum()
    }

    /// The models, in order.
    pub fn models(&self) -> Vec<&str> {
        let mut out: Vec<&str> = self.tallies.keys().map(|(m, _)| m.as_str()).collect();
        out.dedup();
        out
    }

    /// Keeps only `model`'s records (the file list and days stay).
    pub fn only(&mut self, model: &str) {
        self.tallies.retain(|(m, _), _| m == model);
    }
}
