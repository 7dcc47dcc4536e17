//! Counting with a `tokenizer.json` against counting with `o200k_base`, side
//! by side on the same text and the same threads (`RAYON_NUM_THREADS`).
//!
//! Times, best of three taken in turns so that a change in the machine's
//! load hits both alike:
//! 1. a text counted whole (`count_reader`, the path of `ftvp tokens` and
//!    prompt files) with o200k_base and with the file;
//! 2. the tokenizers crate's own pipeline on the same text (what ftvp's
//!    faster pipeline is checked against), and its pre-tokenizer alone
//!    (normalizer, added tokens, split and byte-level pieces, no BPE), to
//!    tell whether it is the bottleneck (timed once: it is slow);
//! 3. a chat dataset scanned (`ftvp dataset`): o200k_base by the cookbook
//!    rule, and the file with the qwen3 chat template.
//!
//! `cargo bench --bench tokenizer` uses a generated text and the tiny
//! tokenizer of `ftvp::tokens::hf::tiny_tokenizer_json` (Qwen3's pipeline,
//! a toy vocabulary). Set `FTVP_BENCH_TOKENIZER=path/tokenizer.json` for a
//! real model's file, and `FTVP_BENCH_TEXT=path.txt` for a real text. Prints
//! `name=value` lines, the ratios last.

use std::sync::Arc;
use std::time::Duration;

use ftvp::dataset::template::ChatTemplate;
use ftvp::dataset::{scan, DEFAULT_MAX_EXAMPLE_TOKENS};
use ftvp::pricing::Tokenizer;
use ftvp::tokens::{count_reader_with, Counter, Counting, Method, TokenizerFile};
use rayon::prelude::*;

mod common;

use common::{chat_lines, sample_text as sample, Best};

fn main() {
    let file = Arc::new(tokenizer());
    let text = match std::env::var_os("FTVP_BENCH_TEXT") {
        Some(p) => std::fs::read_to_string(p).expect("FTVP_BENCH_TEXT is a UTF-8 file"),
        None => sample(8 << 20),
    };
    let chat = chat_lines(&text);
    let o200k = Counter::Encoding(Tokenizer::O200kBase);
    let hf = Counter::File(file.clone());
    // Load both vocabularies before timing.
    o200k.count("warm up");
    hf.count("warm up");

    let (mut a, mut b, mut pre) = (Best::default(), Best::default(), Best::default());
    let (mut da, mut db) = (Best::default(), Best::default());
    let cookbook = [Counting::encoding(Tokenizer::O200kBase)];
    let template = [Counting {
        counter: hf.clone(),
        method: Method::File {
            sha256: file.sha256.clone(),
        },
        template: ChatTemplate::Qwen3,
    }];
    let pieces: Vec<&str> = text.split_inclusive('\n').collect();
    for _ in 0..3 {
        a.time(|| count_reader_with(&o200k, &mut text.as_bytes()).expect("counts"));
        b.time(|| count_reader_with(&hf, &mut text.as_bytes()).expect("counts"));
        da.time(|| {
            scan(
                chat.as_bytes(),
                &cookbook,
                DEFAULT_MAX_EXAMPLE_TOKENS,
                |_| {},
            )
            .expect("scans")
        });
        db.time(|| {
            scan(
                chat.as_bytes(),
                &template,
                DEFAULT_MAX_EXAMPLE_TOKENS,
                |_| {},
            )
            .expect("scans")
        });
    }
    let mb = |t: Duration| text.len() as f64 / 1e6 / t.as_secs_f64();
    let chat_mb = |t: Duration| chat.len() as f64 / 1e6 / t.as_secs_f64();
    let (ta, ca) = a.0.expect("timed");
    let (tb, cb) = b.0.expect("timed");
    pre.time(|| pieces.par_iter().map(|p| file.pre_tokens(p)).sum::<u64>());
    let mut by_crate = Best::default();
    by_crate.time(|| {
        pieces
            .par_iter()
            .map(|p| file.count_by_crate(p).expect("counts"))
            .sum::<u64>()
    });
    let (tp, pre_tokens) = pre.0.expect("timed");
    let (tc, crate_tokens) = by_crate.0.expect("timed");
    // Lines are not cut where a pre-token always ends, so compare with the
    // fast pipeline on the same lines, not with the whole text's count.
    let fast_by_lines: u64 = pieces.par_iter().map(|p| file.count(p)).sum();
    assert_eq!(
        crate_tokens, fast_by_lines,
        "the fast pipeline counts as the crate's"
    );
    let (tda, _) = da.0.expect("timed");
    let (tdb, sb) = db.0.expect("timed");
    println!("tokenizer_file={}", file.path);
    println!("threads={}", rayon::current_num_threads());
    println!("text_bytes={}", text.len());
    println!("o200k_tokens={}", ca.tokens);
    println!("file_tokens={}", cb.tokens);
    println!("file_pre_tokens={pre_tokens}");
    println!("file_fast_pipeline={}", file.is_fast());
    println!("o200k_text_mb_per_s={:.1}", mb(ta));
    println!("file_text_mb_per_s={:.1}", mb(tb));
    println!("crate_pipeline_text_mb_per_s={:.1}", mb(tc));
    println!("crate_pre_tokenizer_only_mb_per_s={:.1}", mb(tp));
    println!("chat_bytes={}", chat.len());
    println!("chat_examples={}", sb.examples);
    println!("o200k_cookbook_dataset_mb_per_s={:.1}", chat_mb(tda));
    println!("file_qwen3_template_dataset_mb_per_s={:.1}", chat_mb(tdb));
    println!(
        "text_time_ratio_file_over_o200k={:.2}",
        tb.as_secs_f64() / ta.as_secs_f64()
    );
    println!(
        "crate_pipeline_time_ratio_over_o200k={:.2}",
        tc.as_secs_f64() / ta.as_secs_f64()
    );
    println!(
        "crate_pre_tokenizer_share_of_crate_time={:.0}%",
        100.0 * tp.as_secs_f64() / tc.as_secs_f64()
    );
    println!(
        "dataset_time_ratio_file_over_o200k={:.2}",
        tdb.as_secs_f64() / tda.as_secs_f64()
    );
}

fn tokenizer() -> TokenizerFile {
    match std::env::var_os("FTVP_BENCH_TOKENIZER") {
        Some(p) => TokenizerFile::load(std::path::Path::new(&p)).expect("a tokenizer.json"),
        None => {
            let json = ftvp::tokens::hf::tiny_tokenizer_json();
            let t = tokenizers::Tokenizer::from_bytes(json.as_bytes()).expect("the tiny tokenizer");
            TokenizerFile::from_tokenizer("tiny (built in)".into(), String::new(), t)
                .expect("the tiny tokenizer loads")
        }
    }
}
