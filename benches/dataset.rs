//! The core of `ftvp dataset` against the tokenizer's own throughput.
//!
//! Times, best of `FTVP_BENCH_RUNS` (default 3; the first two in turns), on
//! `RAYON_NUM_THREADS` threads, and for the first two the ratio of each
//! pair of runs timed one after the other and the ratio of their total
//! times (on a shared machine whose speed drifts, a pair shares its moment;
//! the median of the pairs and the totals are the steadier figures, the best
//! against the best the classic one):
//! 1. the tokenizer alone, counting every string value of the file (parsed
//!    beforehand, untimed) with rayon — the most any counting of the file can
//!    do. Each run starts its own threads, as a scan does, so that neither
//!    gains from search and piece caches warmed by an earlier run;
//! 2. `ftvp::dataset::scan` on the file: reading, parsing, checking, counting;
//! 3. the part of a scan that one thread does whatever the thread count:
//!    reading the file and cutting it into blocks of lines, with no work on
//!    the blocks (it overlaps the workers, so it bounds the scaling only once
//!    the workers are that fast).
//!
//! Run `cargo bench --bench dataset` for a small built-in sample, or set
//! `FTVP_BENCH_FILE=path.jsonl` (as scripts/bench-dataset.sh does) to time a
//! real file. Prints `name=value` lines that the script reads.

use std::time::Duration;

use rayon::prelude::*;
use serde_json::Value;

use ftvp::dataset::{scan, stream, DEFAULT_MAX_EXAMPLE_TOKENS};
use ftvp::pricing::Tokenizer;
use ftvp::tokens::{count, Counting};

const ENCODING: Tokenizer = Tokenizer::O200kBase;

mod common;

use common::{best_of, Best};

fn main() {
    let (path, _keep) = match std::env::var_os("FTVP_BENCH_FILE") {
        Some(p) => (std::path::PathBuf::from(p), None),
        None => {
            let dir = tempfile::tempdir().expect("a temporary folder");
            let path = dir.path().join("sample.jsonl");
            std::fs::write(&path, sample(4_000)).expect("the sample is written");
            (path, Some(dir))
        }
    };
    let bytes = std::fs::metadata(&path).expect("the file exists").len();
    let text = std::fs::read_to_string(&path).expect("the file is UTF-8");
    let values = string_values(&text);
    drop(text);
    let value_bytes: u64 = values.iter().map(|v| v.len() as u64).sum();
    // Load the vocabulary before timing anything.
    count(ENCODING, "warm up");

    // In turns, so that a change in the machine's load hits both alike.
    let mut raw = Best::default();
    let mut scanned = Best::default();
    let runs: usize = std::env::var("FTVP_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3);
    for _ in 0..runs {
        raw.time(|| {
            let pool = rayon::ThreadPoolBuilder::new()
                .build()
                .expect("threads start");
            pool.install(|| values.par_iter().map(|v| count(ENCODING, v)).sum::<u64>())
        });
        scanned.time(|| {
            let file = std::fs::File::open(&path).expect("the file opens");
            scan(
                file,
                &[Counting::encoding(ENCODING)],
                DEFAULT_MAX_EXAMPLE_TOKENS,
                |_| {},
            )
            .expect("the file scans")
        });
    }
    let (raw_cpu, scan_cpu) = (raw.1, scanned.1);
    let scanned_runs = std::mem::take(&mut scanned.2);
    let (raw_time, raw_tokens) = raw.0.take().expect("timed");
    let (scan_time, scanned) = scanned.0.expect("timed");
    let (read_time, blocks) = best_of(3, || {
        let file = std::fs::File::open(&path).expect("the file opens");
        let mut blocks = 0u64;
        stream::map_blocks(file, 1, |b| b.data.len(), |_, _| blocks += 1).expect("the file reads");
        blocks
    });
    let mb = |b: u64, t: Duration| b as f64 / 1e6 / t.as_secs_f64();
    println!("file_bytes={bytes}");
    println!("string_value_bytes={value_bytes}");
    println!("threads={}", rayon::current_num_threads());
    println!("value_tokens={raw_tokens}");
    println!("examples={}", scanned.examples);
    println!("raw_tokenizer_seconds={:.3}", raw_time.as_secs_f64());
    println!("raw_tokenizer_file_mb_per_s={:.1}", mb(bytes, raw_time));
    println!(
        "raw_tokenizer_text_mb_per_s={:.1}",
        mb(value_bytes, raw_time)
    );
    println!("ftvp_scan_seconds={:.3}", scan_time.as_secs_f64());
    println!("ftvp_scan_file_mb_per_s={:.1}", mb(bytes, scan_time));
    println!("raw_tokenizer_cpu_seconds={:.3}", raw_cpu.as_secs_f64());
    println!("ftvp_scan_cpu_seconds={:.3}", scan_cpu.as_secs_f64());
    println!("blocks={blocks}");
    println!("read_and_cut_seconds={:.3}", read_time.as_secs_f64());
    println!(
        "ftvp_share_of_tokenizer_throughput={:.1}%",
        100.0 * raw_time.as_secs_f64() / scan_time.as_secs_f64()
    );
    let mut pairs: Vec<f64> = raw
        .2
        .iter()
        .zip(&scanned_runs)
        .map(|(r, s)| 100.0 * r.as_secs_f64() / s.as_secs_f64())
        .collect();
    let shown: Vec<String> = pairs.iter().map(|p| format!("{p:.1}")).collect();
    println!("pair_shares={}", shown.join(","));
    let secs = |runs: &[Duration]| -> Vec<String> {
        runs.iter()
            .map(|t| format!("{:.3}", t.as_secs_f64()))
            .collect()
    };
    println!("raw_tokenizer_runs={}", secs(&raw.2).join(","));
    println!("ftvp_scan_runs={}", secs(&scanned_runs).join(","));
    pairs.sort_by(f64::total_cmp);
    println!("ftvp_share_median_of_pairs={:.1}%", median(&pairs));
    let total = |runs: &[Duration]| runs.iter().map(Duration::as_secs_f64).sum::<f64>();
    println!(
        "ftvp_share_over_all_runs={:.1}%",
        100.0 * total(&raw.2) / total(&scanned_runs)
    );
}

/// The median of sorted values (the mean of the middle two for an even count).
fn median(sorted: &[f64]) -> f64 {
    match sorted.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

/// Every string value in the file's examples: what the tokenizer must count.
fn string_values(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: Value = serde_json::from_str(line).expect("the bench file is valid JSON");
        collect(&v, &mut out);
    }
    out
}

fn collect(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| collect(x, out)),
        Value::Object(o) => o.values().for_each(|x| collect(x, out)),
        _ => {}
    }
}

/// A small deterministic dataset for a quick run without a file: the
/// shared sample text (common words with a tail of rare ones, like real
/// text) as chat examples of about 2 KB.
fn sample(examples: usize) -> String {
    common::chat_lines(&common::sample_text(examples * 2_000))
}
