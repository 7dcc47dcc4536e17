//! What the records of one model in one month add up to: exact sums, and
//! per request the input lengths (with the cached, output and reasoning
//! tokens of the requests of each length, which is what pricing request by
//! request needs) and the output lengths, kept as value → count so that
//! memory follows the distinct values, not the records.

use std::collections::HashMap;

/// One record: a logged request, or a row that aggregates `requests`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Record {
    /// The day, counted from 1970-01-01 (UTC).
    pub day: i32,
    /// Requests the record stands for (1 for a logged request).
    pub requests: u64,
    /// Input tokens: uncached, cached and written to the cache.
    pub input: u64,
    /// Of `input`, the tokens read from the cache, where the format says.
    pub cached: Option<u64>,
    /// Output tokens, reasoning not included.
    pub output: u64,
    /// Reasoning tokens, where the format reports them.
    pub reasoning: Option<u64>,
    /// Of `requests`, those sent through a batch API, where the format says.
    pub batch: Option<u64>,
    /// Whether the record is one request with its own lengths.
    pub single: bool,
}

/// The requests of one input length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Mix {
    /// Requests.
    pub requests: u64,
    /// Their input tokens (the lengths of a coarsened bucket differ).
    pub input: u64,
    /// Their cached input tokens.
    pub cached: u64,
    /// Their output tokens.
    pub output: u64,
    /// Their reasoning tokens.
    pub reasoning: u64,
}

impl Mix {
    fn add(&mut self, other: &Mix) {
        // Sums of one length stay far below 2^64 in any real log; a hostile
        // one saturates them (the totals of the tally are exact u128s).
        self.requests = self.requests.saturating_add(other.requests);
        self.input = self.input.saturating_add(other.input);
        self.cached = self.cached.saturating_add(other.cached);
        self.output = self.output.saturating_add(other.output);
        self.reasoning = self.reasoning.saturating_add(other.reasoning);
    }
}

/// Distinct lengths kept exactly per model and month; beyond them, lengths
/// are kept to fewer significant bits (sums stay exact), so that a log of
/// random lengths cannot fill memory.
pub const MAX_DISTINCT: usize = 1 << 17;

/// Value → count, coarsened past [`MAX_DISTINCT`] values.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Lengths<V> {
    map: HashMap<u64, V, foldhash::fast::RandomState>,
    /// Low bits dropped from every value (0: exact).
    shift: u32,
}

impl<V: Default> Lengths<V> {
    fn entry(&mut self, value: u64) -> &mut V {
        self.map.entry(value >> self.shift << self.shift).or_default()
    }
}

impl<V: Default + Clone> Lengths<V> {
    fn merge_with(&mut self, other: Lengths<V>, add: impl Fn(&mut V, &V)) {
        self.coarsen_to(other.shift, &add);
        for (value, v) in other.map {
            add(self.entry(value), &v);
        }
        while self.map.len() > MAX_DISTINCT {
            self.coarsen_to(self.shift + 1, &add);
        }
    }

    fn coarsen_to(&mut self, shift: u32, add: &impl Fn(&mut V, &V)) {
        if shift <= self.shift {
            return;
        }
        let old = std::mem::take(&mut self.map);
        self.shift = shift;
        for (value, v) in old {
            add(self.entry(value), &v);
        }
    }

    /// Whether the values are exact.
    #[cfg(test)]
    pub fn exact(&self) -> bool {
        self.shift == 0
    }

    /// The width in tokens of the range of lengths a value stands for: 1
    /// while the values are exact, `2^k` once `k` low bits are dropped.
    pub fn resolution(&self) -> u64 {
        1 << self.shift
    }

    /// The middle of the range a value (its lower bound) stands for,
    /// rounded up: within half the resolution of every length in it.
    fn midpoint(&self, value: u64) -> u64 {
        value.saturating_add(self.resolution() >> 1)
    }

    /// The values with what each holds, ascending: each the lower bound of
    /// a range of [`Lengths::resolution`] lengths.
    pub fn iter(&self) -> impl Iterator<Item = (u64, &V)> {
        let mut sorted: Vec<(u64, &V)> = self.map.iter().map(|(k, v)| (*k, v)).collect();
        sorted.sort_unstable_by_key(|(k, _)| *k);
        sorted.into_iter()
    }
}

/// The totals of one model in one month.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Tally {
    /// Requests.
    pub requests: u64,
    /// Of them, requests logged one by one (with their lengths).
    pub single: u64,
    /// Input tokens (uncached, cached and cache-written).
    pub input: u128,
    /// Cached input tokens, where any record reports them.
    pub cached: Option<u128>,
    /// Output tokens, reasoning not included.
    pub output: u128,
    /// Reasoning tokens, where any record reports them.
    pub reasoning: Option<u128>,
    /// Batch requests, where any record says.
    pub batch: Option<u64>,
    /// Requests logged one by one, by input length.
    pub by_input: Lengths<Mix>,
    /// Requests logged one by one, by output length.
    pub by_output: Lengths<u64>,
}

fn add_opt<T: std::ops::Add<Output = T> + Copy>(a: Option<T>, b: Option<T>) -> Option<T> {
    match (a, b) {
        (None, None) => None,
        (a, b) => Some(a.map_or_else(|| b.unwrap(), |a| b.map_or(a, |b| a + b))),
    }
}

impl Tally {
    /// Adds one record.
    pub fn add(&mut self, r: &Record) {
        self.requests += r.requests;
        self.input += u128::from(r.input);
        self.cached = add_opt(self.cached, r.cached.map(u128::from));
        self.output += u128::from(r.output);
        self.reasoning = add_opt(self.reasoning, r.reasoning.map(u128::from));
        self.batch = add_opt(self.batch, r.batch);
        if r.single {
            self.single += 1;
            let mix = self.by_input.entry(r.input);
            mix.add(&Mix {
                requests: 1,
                input: r.input,
                cached: r.cached.unwrap_or(0),
                output: r.output,
                reasoning: r.reasoning.unwrap_or(0),
            });
            *self.by_output.entry(r.output) += 1;
            if self.by_input.map.len() > MAX_DISTINCT || self.by_output.map.len() > MAX_DISTINCT {
                self.merge_lengths(Lengths::default(), Lengths::default());
            }
        }
    }

    /// Adds another tally of the same model and month.
    pub fn merge(&mut self, other: Tally) {
        self.requests += other.requests;
        self.single += other.single;
        self.input += other.input;
        self.cached = add_opt(self.cached, other.cached);
        self.output += other.output;
        self.reasoning = add_opt(self.reasoning, other.reasoning);
        self.batch = add_opt(self.batch, other.batch);
        self.merge_lengths(other.by_input, other.by_output);
    }

    fn merge_lengths(&mut self, by_input: Lengths<Mix>, by_output: Lengths<u64>) {
        self.by_input.merge_with(by_input, |a, b| a.add(b));
        self.by_output.merge_with(by_output, |a, b| *a += *b);
    }

    /// Whether every request was logged with its own lengths: then the
    /// percentiles and pricing request by request are possible.
    pub fn per_request(&self) -> bool {
        self.requests > 0 && self.single == self.requests
    }

    /// The input length at nearest rank `q` (0 < q ≤ 1), for per-request
    /// logs: exact, or past [`MAX_DISTINCT`] lengths the middle of the
    /// range that holds it (see [`Lengths::resolution`]).
    pub fn input_percentile(&self, q: Rank) -> Option<u64> {
        let counts = self.by_input.iter().map(|(v, m)| (v, m.requests));
        let value = self.per_request().then(|| nearest_rank(counts, self.requests, q))??;
        Some(self.by_input.midpoint(value))
    }

    /// The output length at nearest rank `q`, for per-request logs (as
    /// [`Tally::input_percentile`]).
    pub fn output_percentile(&self, q: Rank) -> Option<u64> {
        let counts = self.by_output.iter().map(|(v, n)| (v, *n));
        let value = self.per_request().then(|| nearest_rank(counts, self.requests, q))??;
        Some(self.by_output.midpoint(value))
    }
}

/// A percentile as a fraction `numerator / 100`.
#[derive(Debug, Clone, Copy)]
pub struct Rank(pub u64);

/// The smallest value whose cumulative count reaches `⌈q × n⌉` (at least 1).
fn nearest_rank(counts: impl Iterator<Item = (u64, u64)>, n: u64, q: Rank) -> Option<u64> {
    let rank = (u128::from(q.0) * u128::from(n)).div_ceil(100).max(1);
    let mut seen = 0u128;
    for (value, count) in counts {
        seen += u128::from(count);
        if seen >= rank {
            return Some(value);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(input: u64, output: u64) -> Record {
        Record {
            requests: 1,
            input,
            output,
            single: true,
            ..Record::default()
        }
    }

    #[test]
    fn percentiles_are_nearest_rank() {
        let mut t = Tally::default();
        for input in [10, 20, 30, 40, 50, 60, 70, 80, 90, 100] {
            t.add(&request(input, 1));
        }
        assert_eq!(t.input_percentile(Rank(50)), Some(50)); // rank ⌈5⌉ = 5th
        assert_eq!(t.input_percentile(Rank(90)), Some(90)); // rank 9
        t.add(&request(5, 1));
        assert_eq!(t.input_percentile(Rank(50)), Some(50)); // rank ⌈5.5⌉ = 6th of 5,10,…
        let mut rows = Tally::default();
        rows.add(&Record { requests: 5, input: 50, ..Record::default() });
        assert_eq!(rows.input_percentile(Rank(50)), None); // aggregated: none
    }

    #[test]
    fn random_lengths_are_coarsened_but_sums_stay_exact() {
        let mut t = Tally::default();
        let n = MAX_DISTINCT as u64 * 2 + 7;
        for i in 0..n {
            t.add(&request(i * 3 + 1, 1));
        }
        assert!(t.by_input.map.len() <= MAX_DISTINCT);
        assert!(!t.by_input.exact());
        assert_eq!(t.input, (0..u128::from(n)).map(|i| i * 3 + 1).sum::<u128>());
        let held: u64 = t.by_input.iter().map(|(_, m)| m.requests).sum();
        assert_eq!(held, n);
        // 262,151 lengths 1, 4, 7, … up to 786,451 in at most 131,072
        // ranges: ranges of 8 tokens (of 4 there would be 196,613). The
        // median, rank 131,076, is 393,226, in [393,224, 393,231]: its
        // middle rounded up, 393,228, is within 4 of every length in it.
        assert_eq!(t.by_input.resolution(), 8);
        assert_eq!(t.input_percentile(Rank(50)), Some(393_224 + 4));
        assert_eq!(t.by_output.resolution(), 1);
        assert_eq!(t.output_percentile(Rank(50)), Some(1));
    }
}
