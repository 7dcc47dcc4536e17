//! `ftvp tokens` and the tokenizer layer: exact counts, checked against Python
//! tiktoken's values and against a second, independent implementation.

mod common;

use std::fs;

use common::{assert_input_error, fixture, ftvp};
use ftvp::pricing::Tokenizer;
use ftvp::tokens::{count, count_reader, TextCount, ENCODINGS};
use serde_json::Value;

fn sample() -> String {
    fs::read_to_string(fixture("tokens/sample.txt")).unwrap()
}

fn reference(e: Tokenizer) -> &'static tiktoken_rs::CoreBPE {
    match e {
        Tokenizer::O200kBase => tiktoken_rs::o200k_base_singleton(),
        Tokenizer::Cl100kBase => tiktoken_rs::cl100k_base_singleton(),
    }
}

fn tokens_json(args: &[&str]) -> Value {
    let out = ftvp()
        .arg("tokens")
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn counts_equal_python_tiktoken_on_the_varied_sample() {
    // Python tiktoken 0.14.0, `len(enc.encode_ordinary(text))` on the file.
    let text = sample();
    assert_eq!(count(Tokenizer::O200kBase, &text), 568);
    assert_eq!(count(Tokenizer::Cl100kBase, &text), 622);
    assert_eq!((text.chars().count(), text.len()), (3179, 3356));
}

#[test]
fn counts_equal_an_independent_implementation_line_by_line() {
    let text = sample();
    for e in ENCODINGS {
        let r = reference(e);
        assert_eq!(count(e, &text), r.encode_ordinary(&text).len() as u64);
        for line in text.split('\n') {
            let want = r.encode_ordinary(line).len() as u64;
            assert_eq!(count(e, line), want, "{} on {line:?}", e.as_str());
        }
    }
}

#[test]
fn counts_equal_an_independent_implementation_on_random_mixtures() {
    // White space of every kind next to letters, digits, punctuation and
    // other scripts: where pre-tokenizer fast paths and the regex meet.
    const PARTS: &[&str] = &[
        " ", "  ", "\t", "\n", "\r", "\r\n", "\x0b", "\x0c", "\u{a0}", "\u{3000}", "\u{85}",
        "\u{2028}", "a", "Word", "WORD", "x'll", "'s", "1", "12345", "!", "?!", "/", "--", "é",
        "東京", "ы", "١٢", "🎉", "\u{301}", "_", "{", "\"",
    ];
    let mut seed: u64 = 20_261_127;
    let mut next = move || {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        (seed >> 33) as usize
    };
    for _ in 0..3_000 {
        let text: String = (0..1 + next() % 12)
            .map(|_| PARTS[next() % PARTS.len()])
            .collect();
        for e in ENCODINGS {
            let want = reference(e).encode_ordinary(&text).len() as u64;
            assert_eq!(count(e, &text), want, "{} on {text:?}", e.as_str());
        }
    }
}

#[test]
fn long_pieces_count_the_same_by_backtracking_as_by_merging() {
    // Pieces over 256 KiB are counted by the backtracking encoder; it must
    // agree with the heap merge everywhere, so compare the two on pieces of
    // every shape and size.
    const ALPHABETS: &[&str] = &[
        "abcdefghijklmnopqrstuvwxyz",
        "ab",
        "a",
        "0123456789",
        "!?.,/-_()",
        "東京ыé🎉a",
    ];
    let mut seed: u64 = 7;
    let mut next = move || {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        (seed >> 33) as usize
    };
    for name in ["o200k_base", "cl100k_base"] {
        let bpe = tiktoken::get_encoding(name).unwrap();
        for i in 0..600 {
            let chars: Vec<char> = ALPHABETS[i % ALPHABETS.len()].chars().collect();
            let piece: String = (0..1 + next() % 400)
                .map(|_| chars[next() % chars.len()])
                .collect();
            let (merged, backtracked) = (
                bpe.count_piece_by_merging(piece.as_bytes()),
                bpe.count_piece_by_backtracking(piece.as_bytes()),
            );
            assert_eq!(merged, backtracked, "{name} on {piece:?}");
        }
    }
    let word: String = (0..300_000)
        .map(|_| (b'a' + (next() % 26) as u8) as char)
        .collect();
    let bpe = tiktoken::get_encoding("o200k_base").unwrap();
    let merged = bpe.count_piece_by_merging(word.as_bytes()) as u64;
    assert_eq!(count(Tokenizer::O200kBase, &word), merged);
}

#[test]
fn special_token_text_counts_as_ordinary_text() {
    for e in ENCODINGS {
        let text = "a <|endoftext|> b <|im_start|>";
        let ordinary = reference(e).encode_ordinary(text).len() as u64;
        assert_eq!(count(e, text), ordinary);
        assert!(ordinary > 4, "never the single special token");
    }
}

#[test]
fn a_one_megabyte_single_word_is_counted_exactly() {
    // One piece of 1 MiB: no place to cut, the slowest shape for BPE.
    let word: String = "abcdefghij".repeat(104_858);
    for e in ENCODINGS {
        let got = count_reader(e, &mut word.as_bytes()).unwrap();
        let want = reference(e).encode_ordinary(&word).len() as u64;
        assert_eq!(got.tokens, want, "{}", e.as_str());
        assert_eq!(got.bytes, word.len() as u64);
    }
}

#[test]
fn streaming_a_large_text_equals_counting_it_whole() {
    // Several read chunks: the cuts must not change the count.
    let text = sample().repeat(1_000); // 3.3 MB
    for e in ENCODINGS {
        let streamed = count_reader(e, &mut text.as_bytes()).unwrap();
        assert_eq!(
            streamed.tokens,
            reference(e).encode_ordinary(&text).len() as u64
        );
        assert_eq!(streamed, TextCount::of(e, &text));
    }
}

#[test]
fn tokens_reports_each_file_and_the_total() {
    let sample = fixture("tokens/sample.txt").display().to_string();
    let prompt = fixture("files/tuned-prompt.txt").display().to_string();
    let j = tokens_json(&[&sample, &prompt]);
    assert_eq!(j["schema"], "ftvp.tokens/1");
    assert_eq!(j["encoding"], "o200k_base");
    assert_eq!(j["token_count_method"], "o200k_base");
    assert_eq!(j["model"], Value::Null);
    assert_eq!(j["files"][0]["tokens"], 568);
    assert_eq!(j["files"][0]["chars"], 3179);
    assert_eq!(j["files"][0]["bytes"], 3356);
    assert_eq!(j["files"][1]["tokens"], 6); // "Answer as Acme support.\n"
    assert_eq!(j["total"]["tokens"], 574);
    assert_eq!(j["total"]["chars"], 3179 + 24);
    assert_eq!(j["total"]["bytes"], 3356 + 24);
    assert_eq!(j["files"][0]["context_share"], Value::Null);
}

#[test]
fn tokens_with_an_encoding_counts_with_it() {
    let sample = fixture("tokens/sample.txt").display().to_string();
    let j = tokens_json(&["--encoding", "cl100k_base", &sample]);
    assert_eq!(j["files"][0]["tokens"], 622);
    assert_eq!(j["token_count_method"], "cl100k_base");
}

#[test]
fn tokens_with_a_model_uses_its_encoding_and_context_window() {
    let pricing = fixture("tokpricing").display().to_string();
    let prompt = fixture("files/base-prompt.txt").display().to_string();
    // tok/classic: cl100k_base, 8,000-token window; 57 tokens = 0.7125%.
    let j = tokens_json(&["--pricing", &pricing, "--model", "tok/classic", &prompt]);
    assert_eq!(j["model"], "tok/classic");
    assert_eq!(j["token_count_method"], "cl100k_base");
    assert_eq!(j["context_window"], 8000);
    assert_eq!(j["files"][0]["tokens"], 57);
    assert_eq!(j["files"][0]["context_share"].as_f64(), Some(57.0 / 8000.0));
    // tok/open has no tokenizer: an o200k_base estimate, labelled as such.
    let j = tokens_json(&["--pricing", &pricing, "--model", "tok/open", &prompt]);
    assert_eq!(j["token_count_method"], "estimate (o200k_base)");
    // A fine-tuned model counts with its base model's encoding (`ft:` ids
    // are OpenAI's).
    let j = tokens_json(&[
        "--pricing",
        &pricing,
        "--model",
        "ft:legacy-cl100k:acme::abc123",
        &prompt,
    ]);
    assert_eq!(j["model"], "openai/legacy-cl100k");
    assert_eq!(j["token_count_method"], "cl100k_base");
}

#[test]
fn tokens_table_states_the_method_in_a_footnote() {
    let pricing = fixture("tokpricing").display().to_string();
    let prompt = fixture("files/base-prompt.txt").display().to_string();
    let out = ftvp()
        .args([
            "tokens",
            "--pricing",
            &pricing,
            "--model",
            "tok/open",
            &prompt,
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("57"), "{text}");
    assert!(
        text.contains("Tokens: estimate (o200k_base): tok/open's sheet names no tokenizer."),
        "{text}"
    );
    let out = ftvp().args(["tokens", &prompt]).output().unwrap();
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .contains("Tokens: exact (o200k_base)."));
}

#[test]
fn a_file_over_the_context_window_is_a_warning() {
    let pricing = fixture("tokpricing").display().to_string();
    let sample = fixture("tokens/sample.txt").display().to_string();
    let out = ftvp()
        .args([
            "tokens",
            "--pricing",
            &pricing,
            "--model",
            "tok/omni",
            &sample,
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("warning:")
            && err.contains("568 tokens are more than tok/omni's context window of 100 tokens"),
        "{err}"
    );
}

#[test]
fn standard_input_is_read_for_a_dash() {
    let out = ftvp()
        .args(["tokens", "-", "--format", "json"])
        .write_stdin("hello world")
        .output()
        .unwrap();
    let j: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(j["files"][0]["file"], "<stdin>");
    assert_eq!(j["files"][0]["tokens"], 2);
}

#[test]
fn an_empty_file_has_zero_tokens() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.txt");
    fs::write(&empty, "").unwrap();
    let j = tokens_json(&[empty.to_str().unwrap()]);
    assert_eq!(j["files"][0]["tokens"], 0);
    assert_eq!(j["files"][0]["bytes"], 0);
}

#[test]
fn bad_files_are_errors_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.txt");
    let missing = missing.to_str().unwrap();
    assert_input_error(&["tokens", missing], &format!("cannot read {missing}"));
    let folder = dir.path().to_str().unwrap();
    assert_input_error(&["tokens", folder], "it is a folder, not a file");
    let bad = dir.path().join("bad.txt");
    fs::write(&bad, b"caf\xc3\xa9 ok\n\xff rest").unwrap();
    let bad = bad.to_str().unwrap();
    // é is 2 bytes: the 0xff byte sits at offset 9.
    assert_input_error(
        &["tokens", bad],
        &format!("{bad}: invalid UTF-8 at byte offset 9"),
    );
    assert_input_error(
        &["tokens", "--encoding", "p50k_base", bad],
        "o200k_base or cl100k_base",
    );
    assert_input_error(&["tokens", "-", "-"], "only once");
}

#[test]
fn model_and_encoding_are_exclusive() {
    let out = ftvp()
        .args([
            "tokens",
            "--model",
            "openai/gpt-4.1",
            "--encoding",
            "o200k_base",
            "x",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot be used with"));
}
