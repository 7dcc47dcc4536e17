//! Counting with a model's own Hugging Face `tokenizer.json`: given with
//! `--tokenizer-file`, found in the user's tokenizer folder, or missing (a
//! labelled estimate and a warning), in `tokens`, `dataset` and `breakeven`.
//!
//! The file is the tiny tokenizer of `ftvp::tokens::hf::tiny_tokenizer_json`,
//! shaped like Qwen3's (NFC, Qwen's split pattern, byte-level BPE), so that
//! every count below can be worked out by hand: each byte is one token,
//! except that the pre-token `hello` is one token, ` hello` two (`Ġ`,
//! `hello`), ` world` one and `world` three (`w`, `or`, `ld`); `<think>` and
//! `</think>` are one token each; special tokens written as text are
//! ordinary text.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{assert_input_error, fixture, ftvp};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// 21 bytes; `hello` saves 4 tokens and ` world` 5: 12 tokens.
const BASE_PROMPT: &str = "Be kind.\nhello world\n";
/// `hello` and `\n`: 2 tokens.
const TUNED_PROMPT: &str = "hello\n";
/// Two examples. Their counts, worked out in `dataset_counts_each_example_…`.
const CHAT: &str = concat!(
    r#"{"messages":[{"role":"system","content":"Be kind."},{"role":"user","content":"hello"},{"role":"assistant","content":"hello world"}]}"#,
    "\n",
    r#"{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"<think>plan</think>hello"},{"role":"user","content":"again"},{"role":"assistant","content":"world"}]}"#,
    "\n"
);

/// A folder with the tiny tokenizer, the prompts and the chat file.
struct Files {
    dir: tempfile::TempDir,
}

impl Files {
    fn new() -> Files {
        let dir = tempfile::tempdir().unwrap();
        let files = Files { dir };
        fs::write(files.tokenizer(), ftvp::tokens::hf::tiny_tokenizer_json()).unwrap();
        fs::write(files.path("base.txt"), BASE_PROMPT).unwrap();
        fs::write(files.path("tuned.txt"), TUNED_PROMPT).unwrap();
        fs::write(files.path("chat.jsonl"), CHAT).unwrap();
        files
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn tokenizer(&self) -> PathBuf {
        self.path("tiny.json")
    }

    fn s(&self, name: &str) -> String {
        self.path(name).display().to_string()
    }
}

fn sha256(path: &Path) -> String {
    Sha256::digest(fs::read(path).unwrap())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn pricing() -> String {
    fixture("hfpricing").display().to_string()
}

/// `ftvp ARGS… --pricing hfpricing --format json`, expected to succeed:
/// the document and standard error.
fn json(args: &[&str]) -> (Value, String) {
    let out = ftvp()
        .args(args)
        .args(["--pricing", &pricing(), "--format", "json"])
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(out.status.success(), "{args:?}: {err}");
    (serde_json::from_slice(&out.stdout).unwrap(), err)
}

#[test]
fn a_given_file_counts_exactly_and_the_report_carries_its_hash() {
    let f = Files::new();
    let (tiny, base) = (f.s("tiny.json"), f.s("base.txt"));
    let (j, err) = json(&[
        "tokens",
        "--model",
        "hf/qwen",
        "--tokenizer-file",
        &tiny,
        &base,
    ]);
    assert_eq!(j["files"][0]["tokens"], 12);
    assert_eq!(j["files"][0]["bytes"], 21);
    assert_eq!(j["encoding"], "tokenizer.json");
    assert_eq!(j["token_count_method"], "tokenizer.json");
    assert_eq!(j["token_count_exact"], true);
    assert_eq!(j["tokenizer_sha256"], sha256(&f.tokenizer()));
    assert_eq!(j["estimate_reason"], Value::Null);
    assert_eq!(j["files"][0]["context_share"].as_f64(), Some(12.0 / 1000.0));
    assert!(err.is_empty(), "{err}");
    // The table's footnote gives the label with the start of the hash.
    let out = ftvp()
        .args(["tokens", "--pricing", &pricing(), "--model", "hf/qwen"])
        .args(["--tokenizer-file", &tiny, &base])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let label = format!(
        "Tokens: exact (tokenizer.json sha256 {}), hf/qwen's own tokenizer.",
        &sha256(&f.tokenizer())[..12]
    );
    assert!(text.contains(&label), "{text}");
    // Without a model, the file counts the text.
    let (j, _) = json(&[
        "tokens",
        "--tokenizer-file",
        &tiny,
        &base,
        &f.s("tuned.txt"),
    ]);
    assert_eq!(j["model"], Value::Null);
    assert_eq!(j["files"][1]["tokens"], 2);
    assert_eq!(j["total"]["tokens"], 14);
}

#[test]
fn special_token_text_is_ordinary_text_and_other_added_tokens_are_one() {
    let f = Files::new();
    let text = f.path("special.txt");
    // `<|im_end|>` as text: the pieces `<|`, `im`, `_end`, `|>`, 10 bytes
    // and no merge: 10 tokens, not the 1 of the special token. `<think>`
    // is an added token that is not special: 1. `\n`: 1.
    fs::write(&text, "<|im_end|><think>\n").unwrap();
    let (j, _) = json(&[
        "tokens",
        "--tokenizer-file",
        &f.s("tiny.json"),
        text.to_str().unwrap(),
    ]);
    assert_eq!(j["files"][0]["tokens"], 12);
}

#[test]
fn a_missing_file_is_a_labelled_estimate_with_a_one_line_warning() {
    let f = Files::new();
    let (j, err) = json(&["tokens", "--model", "hf/qwen", &f.s("base.txt")]);
    assert_eq!(
        j["files"][0]["tokens"],
        ftvp::tokens::count(ftvp::pricing::Tokenizer::O200kBase, BASE_PROMPT)
    );
    assert_eq!(j["encoding"], "o200k_base");
    assert_eq!(j["token_count_method"], "estimate (o200k_base)");
    assert_eq!(j["token_count_exact"], false);
    assert_eq!(j["tokenizer_sha256"], Value::Null);
    assert_eq!(
        j["estimate_reason"],
        "no tokenizer file given for hf/qwen (hf:qwen3); pass --tokenizer-file"
    );
    let folder = common::empty_config().join("ftvp/tokenizers");
    let want = format!(
        "warning: no tokenizer file for hf:qwen3 (hf/qwen): counting an o200k_base \
         estimate; pass --tokenizer-file PATH, or save the model's tokenizer.json as {}/qwen3.json\n",
        folder.display()
    );
    assert_eq!(err, want);
    assert_eq!(j["warnings"].as_array().unwrap().len(), 1);
    // The table says so too.
    let out = ftvp()
        .args(["tokens", "--pricing", &pricing(), "--model", "hf/qwen"])
        .arg(f.path("base.txt"))
        .output()
        .unwrap();
    let text = common::unwrapped(&String::from_utf8(out.stdout).unwrap());
    assert!(
        text.contains("Tokens: estimate (o200k_base): no tokenizer file given for hf/qwen (hf:qwen3); pass --tokenizer-file."),
        "{text}"
    );
    // A model whose sheet names no tokenizer says that instead, and needs
    // no file.
    let (j, err) = json(&["tokens", "--model", "hf/plain", &f.s("base.txt")]);
    assert_eq!(j["estimate_reason"], "hf/plain's sheet names no tokenizer");
    assert!(err.is_empty(), "{err}");
}

#[test]
fn the_users_tokenizer_folder_is_found_by_name() {
    let f = Files::new();
    let config = f.path("config");
    let folder = config.join("ftvp/tokenizers");
    fs::create_dir_all(&folder).unwrap();
    fs::copy(f.tokenizer(), folder.join("qwen3.json")).unwrap();
    let run = |args: &[&str]| {
        ftvp()
            .env("XDG_CONFIG_HOME", &config)
            .args(["tokens", "--pricing", &pricing(), "--model", "hf/qwen"])
            .args(args)
            .output()
            .unwrap()
    };
    let out = run(&[&f.s("base.txt"), "--format", "json"]);
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let j: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(j["files"][0]["tokens"], 12);
    assert_eq!(j["tokenizer_sha256"], sha256(&f.tokenizer()));
    // --show-tokenizer names the file and its whole hash, and needs no FILE.
    let out = run(&["--show-tokenizer"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let file = folder.join("qwen3.json");
    assert!(
        text.starts_with(&format!(
            "hf/qwen: tokenizer file {}\nsha256 {}\n",
            file.display(),
            sha256(&f.tokenizer())
        )),
        "{text}"
    );
    assert!(
        text.contains("Chat examples: template-based (qwen3 chat template)."),
        "{text}"
    );
    let out = run(&["--show-tokenizer", "--format", "json"]);
    let j: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(j["schema"], "ftvp.tokenizer/1");
    assert_eq!(j["file"], file.display().to_string());
    assert_eq!(j["sha256"], sha256(&f.tokenizer()));
    // A file given on the command line wins over the folder's.
    let other = f.path("other.json");
    fs::write(&other, ftvp::tokens::hf::tiny_tokenizer_json() + "\n").unwrap();
    let out = run(&[
        "--show-tokenizer",
        "--tokenizer-file",
        other.to_str().unwrap(),
    ]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains(&sha256(&other)), "{text}");
}

#[test]
fn dataset_counts_each_example_as_the_familys_chat_template_renders_it() {
    let f = Files::new();
    let (tiny, chat) = (f.s("tiny.json"), f.s("chat.jsonl"));
    // qwen3. Example 1 renders as
    //   <|im_start|>system\nBe kind.<|im_end|>\n<|im_start|>user\nhello<|im_end|>\n
    //   <|im_start|>assistant\n<think>\n\n</think>\n\nhello world<|im_end|>\n
    // 6 special tokens; the texts between them: `system\nBe kind.` 15 bytes,
    // no merge: 15; `\n` 1; `user\nhello` 4 + 1 + 1 = 6; `\n` 1;
    // `assistant\n` 10 + `<think>` 1 + `\n\n` 2 + `</think>` 1 + `\n\n` 2 +
    // `hello` 1 + ` world` 1 = 18; `\n` 1. Total 48; the assistant's own
    // tokens: 18 − 10 + `<|im_end|>` = 9.
    // Example 2: the first reply comes before the last user message, so its
    // thinking is dropped (`assistant\nhello` = 11); the last gets an empty
    // thinking block (`assistant\n<think>\n\n</think>\n\nworld` = 10 + 1 + 2
    // + 1 + 2 + 3 = 19). `user\nhi` 7, `user\nagain` 10, four `\n`, 8
    // special tokens: 7 + 11 + 10 + 19 + 4 + 8 = 59; assistant: (1 + 1) +
    // (9 + 1) = 12.
    let (j, err) = json(&[
        "dataset",
        &chat,
        "--model",
        "hf/qwen",
        "--tokenizer-file",
        &tiny,
    ]);
    assert_eq!(j["statistics"]["total_tokens"], 48 + 59);
    assert_eq!(j["statistics"]["assistant_tokens"], 9 + 12);
    assert_eq!(j["statistics"]["tokens_per_example"]["min"], 48);
    assert_eq!(j["statistics"]["tokens_per_example"]["max"], 59);
    assert_eq!(j["chat_template"], "qwen3");
    assert_eq!(j["token_count_method"], "tokenizer.json");
    assert_eq!(j["tokenizer_sha256"], sha256(&f.tokenizer()));
    let row = &j["training_costs"][0];
    assert_eq!(row["chat_template"], "qwen3");
    assert_eq!(row["billed_tokens"], 107 * 25); // 2 examples: 25 epochs
    assert!(!err.contains("tokenizer"), "{err}");
    // llama3. Example 1: <|begin_of_text|> and 3 tokens per message (10
    // special tokens); `system` 6, `\n\nBe kind.` 2 + 2 + 5 + 1 = 10, `user`
    // 4, `\n\nhello` 3, `assistant` 9, `\n\nhello world` 4: 46. Example 2:
    // 13 special tokens; `user` 4, `\n\nhi` 4, `assistant` 9,
    // `\n\n<think>plan</think>hello` 2 + 1 + 4 + 1 + 1 = 9 (the thinking
    // stays), `user` 4, `\n\nagain` 7, `assistant` 9, `\n\nworld` 5: 64.
    let (j, _) = json(&[
        "dataset",
        &chat,
        "--model",
        "hf/llama",
        "--tokenizer-file",
        &tiny,
    ]);
    assert_eq!(j["statistics"]["total_tokens"], 46 + 64);
    assert_eq!(
        j["statistics"]["assistant_tokens"],
        (2 + 1) + (7 + 1) + (3 + 1)
    );
    assert_eq!(j["chat_template"], "llama3");
    // A tokenizer without a template in ftvp, given for the model a command
    // is about: the cookbook rule with the file's counts. Example 1: 3 × 3
    // + `system` 6 + `Be kind.` 8 + `user` 4 + `hello` 1 + `assistant` 9 +
    // `hello world` 2 + 3 = 42; example 2: 4 × 3 + 4 + 2 + 9 + 7 + 4 + 5 + 9
    // + 3 + 3 = 58.
    for model in ["hf/other", "hf/plain"] {
        let (j, _) = json(&[
            "dataset",
            &chat,
            "--model",
            model,
            "--tokenizer-file",
            &tiny,
        ]);
        assert_eq!(j["statistics"]["total_tokens"], 42 + 58, "{model}");
        assert_eq!(j["chat_template"], Value::Null);
        assert_eq!(j["token_count_exact"], true);
    }
}

#[test]
fn dataset_tables_say_template_based_and_which_template() {
    let f = Files::new();
    let out = ftvp()
        .args(["dataset", &f.s("chat.jsonl"), "--pricing", &pricing()])
        .args(["--model", "hf/qwen", "--tokenizer-file", &f.s("tiny.json")])
        .output()
        .unwrap();
    let text = common::unwrapped(&String::from_utf8(out.stdout).unwrap());
    assert!(
        text.contains("each example as the qwen3 chat template renders it: template-based"),
        "{text}"
    );
    // Every fine-tunable model without --model: without files, the hf
    // models are estimates, said in the rows' footnotes and in one warning
    // per tokenizer name.
    let out = ftvp()
        .args(["dataset", &f.s("chat.jsonl"), "--pricing", &pricing()])
        .output()
        .unwrap();
    let text = common::unwrapped(&String::from_utf8(out.stdout).unwrap());
    assert!(
        text.contains("hf/qwen: an estimate: no tokenizer file given for hf/qwen (hf:qwen3)"),
        "{text}"
    );
    let err = String::from_utf8(out.stderr).unwrap();
    for name in ["qwen3", "llama3", "other"] {
        let line = format!("warning: no tokenizer file for hf:{name} ");
        assert_eq!(err.matches(&line).count(), 1, "{name}: {err}");
    }
}

#[test]
fn breakeven_counts_prompt_and_training_files_with_each_models_file() {
    let f = Files::new();
    let tiny = f.s("tiny.json");
    let (qwen, llama) = (format!("qwen3={tiny}"), format!("llama3={tiny}"));
    let (j, err) = json(&[
        "breakeven",
        "--base",
        "hf/llama",
        "--base-prompt-file",
        &f.s("base.txt"),
        "--tuned",
        "hf/qwen",
        "--tuned-prompt-file",
        &f.s("tuned.txt"),
        "--setup-cost",
        "0",
        "--training-file",
        &f.s("chat.jsonl"),
        "--epochs",
        "2",
        "--input",
        "10",
        "--output",
        "10",
        "--volume",
        "1M",
        "--tokenizer-file",
        &qwen,
        "--tokenizer-file",
        &llama,
    ]);
    let c = &j["counted_from_files"];
    assert_eq!(c["base_prompt"]["tokens"], 12);
    assert_eq!(c["base_prompt"]["model"], "hf/llama");
    assert_eq!(c["base_prompt"]["tokenizer_sha256"], sha256(&f.tokenizer()));
    assert_eq!(c["tuned_prompts"][0]["tokens"], 2);
    assert_eq!(c["tuned_prompts"][0]["token_count_exact"], true);
    let row = &c["training"]["candidates"][0];
    assert_eq!(row["tokens_per_epoch"], 107);
    assert_eq!(row["billed_tokens"], 214);
    assert_eq!(row["chat_template"], "qwen3");
    assert_eq!(j["base"]["prompt_tokens"], 12);
    assert_eq!(j["candidates"][0]["prompt_tokens"], 2);
    assert!(!err.contains("tokenizer"), "{err}");
    // One bare file for two tokenizer names is refused: one file cannot be
    // both.
    let both = [
        "breakeven",
        "--pricing",
        &pricing(),
        "--base",
        "hf/llama",
        "--base-prompt-file",
        &f.s("base.txt"),
        "--tuned",
        "hf/qwen",
        "--tuned-prompt-file",
        &f.s("tuned.txt"),
        "--setup-cost",
        "0",
        "--training-tokens",
        "1M",
        "--output",
        "10",
        "--volume",
        "1M",
        "--tokenizer-file",
        &tiny,
    ];
    assert_input_error(&both, "one file cannot be both; give NAME=PATH");
}

#[test]
fn bad_or_unused_tokenizer_files_are_errors_naming_them() {
    let f = Files::new();
    let base = f.s("base.txt");
    let p = pricing();
    let tokens = |file: &str| {
        vec![
            "tokens".to_string(),
            "--pricing".into(),
            p.clone(),
            "--model".into(),
            "hf/qwen".into(),
            "--tokenizer-file".into(),
            file.to_string(),
            base.clone(),
        ]
    };
    let check = |args: Vec<String>, needle: &str| {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        assert_input_error(&args, needle);
    };
    let junk = f.path("junk.json");
    fs::write(&junk, "not json").unwrap();
    let junk = junk.display().to_string();
    check(
        tokens(&junk),
        &format!("--tokenizer-file {junk}: not a tokenizer.json"),
    );
    let missing = f.s("missing.json");
    check(
        tokens(&missing),
        &format!("--tokenizer-file {missing}: cannot read tokenizer file {missing}"),
    );
    // A tokenizer without the chat template's special tokens is another
    // model's.
    let mut doc: Value = serde_json::from_str(&ftvp::tokens::hf::tiny_tokenizer_json()).unwrap();
    doc["added_tokens"] = Value::Array(Vec::new());
    let bare = f.path("bare.json");
    fs::write(&bare, doc.to_string()).unwrap();
    check(
        tokens(bare.to_str().unwrap()),
        "has no token `<|im_start|>`, which the qwen3 chat template writes",
    );
    // The user folder's file is named when it is bad.
    let config = f.path("config");
    fs::create_dir_all(config.join("ftvp/tokenizers")).unwrap();
    fs::write(config.join("ftvp/tokenizers/qwen3.json"), "{}").unwrap();
    let out = ftvp()
        .env("XDG_CONFIG_HOME", &config)
        .args(["tokens", "--pricing", &p, "--model", "hf/qwen", &base])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("error: tokenizer file ") && err.contains("qwen3.json (for hf:qwen3): "),
        "{err}"
    );
    // A file that no model would use.
    let tiny = f.s("tiny.json");
    check(
        vec![
            "tokens".into(),
            "--pricing".into(),
            p.clone(),
            "--model".into(),
            "hf/omni".into(),
            "--tokenizer-file".into(),
            tiny.clone(),
            base.clone(),
        ],
        "no model counted here names a Hugging Face tokenizer",
    );
    check(
        vec![
            "tokens".into(),
            "--pricing".into(),
            p.clone(),
            "--model".into(),
            "hf/qwen".into(),
            "--tokenizer-file".into(),
            format!("llama3={tiny}"),
            base.clone(),
        ],
        "no model counted here names hf:llama3",
    );
    check(
        vec![
            "tokens".into(),
            "--encoding".into(),
            "cl100k_base".into(),
            "--tokenizer-file".into(),
            tiny,
            base,
        ],
        "cannot be used with",
    );
}

#[test]
fn sheets_refuse_a_tokenizer_they_cannot_name() {
    let dir = tempfile::tempdir().unwrap();
    for (value, needle) in [
        ("hf:Qwen3", "the name after `hf:`"),
        ("hf:", "the name after `hf:`"),
        ("hf:../x", "the name after `hf:`"),
        (
            "qwen3",
            "unknown tokenizer `qwen3`; expected o200k_base, cl100k_base or hf:NAME",
        ),
    ] {
        fs::write(
            dir.path().join("x.toml"),
            format!(
                "provider = \"x\"\ncurrency = \"USD\"\nas_of = 2026-11-01\nsource = \"s\"\n\
                 [models.\"m\"]\ninput = 1\noutput = 1\ntokenizer = \"{value}\"\n"
            ),
        )
        .unwrap();
        let d = dir.path().to_str().unwrap();
        assert_input_error(&["prices", "--pricing", d], needle);
    }
}
