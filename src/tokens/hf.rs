//! Counting with a model's own Hugging Face `tokenizer.json`, through the
//! `tokenizers` crate (the reference implementation).
//!
//! A file is read once, hashed (sha256 of its bytes, what `--show-tokenizer`
//! prints) and checked: only models that never fail and never vary (BPE
//! without dropout, Unigram) are accepted. Text is counted as ordinary text:
//! special tokens (`<|im_start|>`) written in a user's file are split as
//! text, as they are for OpenAI's encodings, while the file's other added
//! tokens (`<think>` in Qwen3) count as the single tokens they are.

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{OnceLock, RwLock};

use aho_corasick::{AhoCorasick, MatchKind};

use sha2::{Digest, Sha256};
use tokenizers::{
    AddedToken, Model, ModelWrapper, NormalizedString, Normalizer, NormalizerWrapper,
    OffsetReferential, OffsetType, PostProcessorWrapper, PreTokenizer, PreTokenizerWrapper,
    TokenizerImpl,
};

use super::cut::is_cut;
use super::PROBE;
use crate::files;

/// The largest `tokenizer.json` read (real ones are 2 to 35 MB).
pub const MAX_TOKENIZER_BYTES: u64 = 128 << 20;

/// The most bytes a text counted in one go may grow to through a file's
/// normalizer (the crate keeps about 16 bytes of alignments per byte): a
/// file that can triple a text (Llama 2's) still counts 8 MiB in one go.
const MAX_NORMALIZED_BYTES: usize = 24 << 20;

/// Texts are counted in pieces of about this many bytes, cut where the
/// tokenizer always ends a pre-token, so that the crate's per-byte
/// bookkeeping stays small whatever the text's length.
const PIECE: usize = 64 << 10;

type Impl = TokenizerImpl<
    ModelWrapper,
    NormalizerWrapper,
    PreTokenizerWrapper,
    PostProcessorWrapper,
    tokenizers::DecoderWrapper,
>;

/// A loaded `tokenizer.json`.
pub struct TokenizerFile {
    /// The path, as shown to people.
    pub path: String,
    /// The sha256 of the file's bytes, in lower-case hex.
    pub sha256: String,
    /// Normalized bytes per byte of text, at most (see [`super::shape`]).
    growth: usize,
    tokenizer: Impl,
    /// Whether text may be cut where OpenAI's encodings always end a piece
    /// (see [`super::safe_split`]) without changing the count: checked on a
    /// probe text when the file is loaded.
    cuttable: bool,
    /// The first error the tokenizer gave while counting, if any: counts
    /// are then wrong, and the command fails naming it.
    failure: OnceLock<String>,
    /// The same pipeline, faster, for the shapes of `tokenizer.json` it
    /// knows (see [`Fast`]); checked against the crate's when loaded.
    fast: Option<Fast>,
}

impl std::fmt::Debug for TokenizerFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenizerFile")
            .field("path", &self.path)
            .field("sha256", &self.sha256)
            .field("cuttable", &self.cuttable)
            .finish_non_exhaustive()
    }
}

impl TokenizerFile {
    /// Reads, hashes and checks the `tokenizer.json` at `path`; the error
    /// says what is wrong, without the path (callers name it).
    pub fn load(path: &Path) -> Result<TokenizerFile, String> {
        let text = files::read_capped(path, MAX_TOKENIZER_BYTES, "tokenizer file")?;
        Self::from_json(path.display().to_string(), &text)
    }

    /// A `tokenizer.json` from its text, under a name: checked against the
    /// bounds of [`super::shape`] before the crate builds it, and built
    /// without letting a panic of the crate out (a hostile file may reach
    /// one): the error says what is wrong.
    pub fn from_json(name: String, text: &str) -> Result<TokenizerFile, String> {
        let sha256 = hex(&Sha256::digest(text.as_bytes()));
        // Bounds first: the crate would build whatever the file holds.
        super::shape::check(text)?;
        let tokenizer = guarded(|| tokenizers::Tokenizer::from_bytes(text.as_bytes()))?
            .map_err(|e| super::shape::crate_error(&e.to_string()))?;
        guarded(|| Self::from_tokenizer(name, sha256, tokenizer))?
    }

    /// A tokenizer already built (tests train their own), under a name and
    /// a hash.
    pub fn from_tokenizer(
        path: String,
        sha256: String,
        tokenizer: tokenizers::Tokenizer,
    ) -> Result<TokenizerFile, String> {
        let mut tokenizer = tokenizer.into_inner();
        tokenizer
            .with_truncation(None)
            .map_err(|e| e.to_string())?
            .with_padding(None);
        // User text that looks like a special token is ordinary text.
        tokenizer.set_encode_special_tokens(true);
        check_model(tokenizer.get_model())?;
        let growth = match tokenizer.get_normalizer().map(serde_json::to_value) {
            Some(Ok(n)) => super::shape::normalizer_growth(&n)?,
            _ => 1,
        };
        let mut file = TokenizerFile {
            path,
            sha256,
            growth,
            tokenizer,
            cuttable: false,
            failure: OnceLock::new(),
            fast: None,
        };
        file.count_whole(PROBE)
            .map_err(|e| format!("it cannot count text: {e}"))?;
        file.cuttable = file.cuts_keep_counts();
        file.fast = Fast::of(&file.tokenizer).filter(|fast| file.agrees(fast));
        Ok(file)
    }

    /// Tokens in `text`. A tokenizer error (which the checks at loading
    /// make unlikely) is kept for [`TokenizerFile::failure`] and counts 0.
    pub fn count(&self, text: &str) -> u64 {
        let mut total = 0;
        let mut rest = text;
        while !rest.is_empty() {
            let end = self.piece_end(rest);
            let (piece, after) = rest.split_at(end);
            if piece.len().saturating_mul(self.growth) > MAX_NORMALIZED_BYTES {
                let _ = self.failure.set(format!(
                    "a text of {} bytes without a place to cut it could grow to {} MiB through \
                     the tokenizer file's normalizer, over the {} MiB ftvp normalizes at once",
                    piece.len(),
                    piece.len().saturating_mul(self.growth) >> 20,
                    MAX_NORMALIZED_BYTES >> 20
                ));
                return total;
            }
            match guarded(|| self.count_whole(piece)).and_then(|n| n) {
                Ok(n) => total += n,
                Err(e) => {
                    let _ = self.failure.set(e);
                }
            }
            rest = after;
        }
        total
    }

    /// Where the first piece of `text` ends: the last safe cut within
    /// [`PIECE`] bytes, else the first one after, else the end.
    fn piece_end(&self, text: &str) -> usize {
        let bytes = text.as_bytes();
        if !self.cuttable || bytes.len() <= PIECE {
            return bytes.len();
        }
        let before = (1..=PIECE).rev().find(|&i| is_cut(bytes, i));
        before
            .or_else(|| (PIECE + 1..bytes.len()).find(|&i| is_cut(bytes, i)))
            .unwrap_or(bytes.len())
    }

    /// The first error met while counting, if any.
    pub fn failure(&self) -> Option<&str> {
        self.failure.get().map(String::as_str)
    }

    /// Whether text may be cut for counting where OpenAI's encodings always
    /// end a piece.
    pub fn cuttable(&self) -> bool {
        self.cuttable
    }

    /// Whether the file has `token` as a token of its own (a special token
    /// such as `<|im_start|>`), which counts as one.
    pub fn has_token(&self, token: &str) -> bool {
        self.tokenizer.token_to_id(token).is_some()
    }

    /// The pre-tokens of `text`: the pieces the model then merges within,
    /// after added tokens, normalizer and pre-tokenizer, without the model.
    /// For measuring the pre-tokenizer's share of the time.
    #[cfg(any(test, feature = "internals"))]
    pub fn pre_tokens(&self, text: &str) -> u64 {
        let t = &self.tokenizer;
        let mut pre = t
            .get_added_vocabulary()
            .extract_and_normalize(t.get_normalizer(), text);
        if let Some(p) = t.get_pre_tokenizer() {
            if p.pre_tokenize(&mut pre).is_err() {
                return 0;
            }
        }
        pre.get_splits(OffsetReferential::Original, OffsetType::None)
            .len() as u64
    }

    /// Tokens of `text` counted in one go: the fast pipeline where the file
    /// has one, else the crate's.
    fn count_whole(&self, text: &str) -> Result<u64, String> {
        match &self.fast {
            Some(fast) => fast.count(&self.tokenizer, text),
            None => self.count_by_crate(text),
        }
    }

    /// Whether the fast pipeline counts as the crate's on texts of every
    /// shape the checks know (the probe, added tokens, text that NFC changes).
    fn agrees(&self, fast: &Fast) -> bool {
        let mut texts = vec![PROBE.to_string()];
        for t in self.tokenizer.get_added_tokens_decoder().values() {
            texts.push(format!(
                "a{}b {} \n{}{}",
                t.content, t.content, t.content, t.content
            ));
        }
        texts.push("e\u{301} A\u{30a} \u{212b} ﬁ x\u{323}\u{307}".into());
        texts.iter().all(|t| {
            matches!((fast.count(&self.tokenizer, t), self.count_by_crate(t)), (Ok(a), Ok(b)) if a == b)
        })
    }

    /// Whether counting takes the fast pipeline.
    #[cfg(any(test, feature = "internals"))]
    pub fn is_fast(&self) -> bool {
        self.fast.is_some()
    }

    /// The crate's pipeline without building an `Encoding`: added tokens,
    /// normalizer, pre-tokenizer, model; the tokens are counted, not kept.
    /// What the fast pipeline is checked against (and measured against).
    pub fn count_by_crate(&self, text: &str) -> Result<u64, String> {
        let t = &self.tokenizer;
        let mut pre = t
            .get_added_vocabulary()
            .extract_and_normalize(t.get_normalizer(), text);
        if let Some(p) = t.get_pre_tokenizer() {
            p.pre_tokenize(&mut pre).map_err(|e| e.to_string())?;
        }
        t.get_model()
            .tokenize_in_pretokenized(&mut pre, None)
            .map_err(|e| e.to_string())?;
        Ok(pre
            .get_splits(OffsetReferential::Original, OffsetType::None)
            .iter()
            .map(|(_, _, tokens)| tokens.as_ref().map_or(0, Vec::len) as u64)
            .sum())
    }

    /// Whether cutting the probe text at each of its cuts keeps the count of
    /// the whole, and no added token holds white space (a cut could fall
    /// inside one).
    fn cuts_keep_counts(&self) -> bool {
        let spaced = |t: &AddedToken| t.content.chars().any(char::is_whitespace);
        if self
            .tokenizer
            .get_added_tokens_decoder()
            .values()
            .any(spaced)
        {
            return false;
        }
        let Ok(whole) = self.count_whole(PROBE) else {
            return false;
        };
        let bytes = PROBE.as_bytes();
        (1..bytes.len()).filter(|&i| is_cut(bytes, i)).all(|i| {
            let (a, b) = PROBE.split_at(i);
            matches!((self.count_whole(a), self.count_whole(b)), (Ok(x), Ok(y)) if x + y == whole)
        })
    }
}

thread_local! {
    /// Whether this thread runs the crate under [`guarded`], whose panics
    /// are errors of the file, not ftvp's: the panic hook keeps quiet then.
    static GUARDED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f` (a call into the `tokenizers` crate on a user's file), turning
/// a panic into an error: the crate indexes tables from the file as given.
fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    let was = GUARDED.with(|g| g.replace(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    GUARDED.with(|g| g.set(was));
    result.map_err(|panic| {
        let why = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        format!(
            "the tokenizers crate failed on this file ({}); it is not a usable tokenizer.json",
            crate::pricing::quote(&why)
        )
    })
}

/// Installs a panic hook that stays quiet for panics [`guarded`] turns into
/// errors, and reports any other panic as the previous hook did.
pub fn quiet_guarded_panics() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !GUARDED.with(|g| g.get()) {
            previous(info);
        }
    }));
}

/// Refuses models that can fail or vary: WordPiece and WordLevel fail on
/// unknown words without an unknown token, BPE with dropout is random.
fn check_model(model: &ModelWrapper) -> Result<(), String> {
    match model {
        ModelWrapper::BPE(bpe) => {
            if bpe.dropout.is_some_and(|d| d > 0.0) {
                return Err("its BPE model has dropout, so its counts would vary from run to run".into());
            }
            if let Some(unk) = &bpe.unk_token {
                if bpe.token_to_id(unk).is_none() {
                    return Err(format!(
                        "its unknown token `{}` is not in its vocabulary",
                        crate::pricing::quote(unk)
                    ));
                }
            }
            Ok(())
        }
        ModelWrapper::Unigram(_) => Ok(()),
        ModelWrapper::WordPiece(_) | ModelWrapper::WordLevel(_) => Err(
            "ftvp counts with BPE and Unigram tokenizers (every open LLM's); this one is WordPiece or WordLevel".into(),
        ),
    }
}

/// The crate's pipeline for the most common shape of `tokenizer.json`
/// (Qwen2 to Qwen3, Llama 3, and any file with the same pre-tokenizer), with
/// its slow parts done another way: the `Split` regex by the vendored
/// tiktoken's scanner for the same pattern (the crate's `fancy-regex` runs
/// at about 1 MB/s a core), the byte-level mapping by a table, and the
/// model asked once per distinct piece, its count kept in a cache. The
/// added tokens, the NFC normalizer (for text that is not already NFC, by
/// the quick check of the crate's own Unicode tables) and the BPE model are
/// the crate's.
///
/// Used only when the file's normalizer is none or NFC, its pre-tokenizer a
/// `Split` (isolated) with a pattern the scanner knows followed by a
/// byte-level mapping without its own regex, its added tokens that are
/// matched in text are plain (not stripped, not normalized, not single
/// words), and the counts agree with the crate's on the checks' texts.
struct Fast {
    split: &'static tiktoken::HfSplit,
    /// The added tokens matched in text (not special: special-token text is
    /// ordinary text), leftmost-longest as the crate matches them.
    added: Option<AhoCorasick>,
    nfc: bool,
    /// The byte-level alphabet: the character each byte is written as.
    bytes: [char; 256],
    counts: PieceCounts,
}

/// Shards of the piece counts, each behind its own lock.
const SHARDS: usize = 16;
/// Distinct pieces a shard keeps; later new pieces are counted each time.
const SHARD_PIECES: usize = 1 << 14;

/// The counts of the pieces met so far, shared by every thread: bounded
/// (at most [`SHARDS`] × [`SHARD_PIECES`] pieces), the first pieces met
/// kept, which in real text are the frequent ones.
struct PieceCounts {
    shards: Vec<RwLock<Shard>>,
    /// Tells the threads' own caches apart by file.
    id: u64,
}

/// Distinct pieces a thread keeps in its own cache, in front of the shared
/// one (whose locks, taken by every thread for the same frequent pieces,
/// cost more than the lookups).
const NEAR_PIECES: usize = 1 << 15;

thread_local! {
    static NEAR: RefCell<(u64, Shard)> = RefCell::new((u64::MAX, Shard::default()));
}

/// Counts by piece.
type Shard = HashMap<Box<[u8]>, u32, BuildHasherDefault<Fx>>;

impl PieceCounts {
    fn new() -> PieceCounts {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        PieceCounts {
            shards: (0..SHARDS).map(|_| RwLock::default()).collect(),
            id: NEXT.fetch_add(1, Ordering::Relaxed),
        }
    }

    fn shard(&self, piece: &[u8]) -> &RwLock<Shard> {
        let mut h = Fx::default();
        h.write(piece);
        &self.shards[(h.finish() >> 59) as usize % SHARDS]
    }

    fn get(&self, piece: &[u8]) -> Option<u32> {
        let shard = self.shard(piece).read().unwrap_or_else(|e| e.into_inner());
        shard.get(piece).copied()
    }

    fn put(&self, piece: &[u8], n: u32) {
        let mut shard = self.shard(piece).write().unwrap_or_else(|e| e.into_inner());
        if shard.len() < SHARD_PIECES {
            shard.insert(piece.into(), n);
        }
    }
}

impl Fast {
    fn of(t: &Impl) -> Option<Fast> {
        let nfc = match t.get_normalizer().map(serde_json::to_value) {
            None => false,
            Some(Ok(v)) if v == serde_json::json!({"type": "NFC"}) => true,
            Some(_) => return None,
        };
        let pre = serde_json::to_value(t.get_pre_tokenizer()?).ok()?;
        let steps = pre.get("pretokenizers")?.as_array()?;
        let [split, byte_level] = steps.as_slice() else {
            return None;
        };
        let isolated = split.get("type")? == "Split"
            && split.get("behavior")? == "Isolated"
            && split.get("invert")? == false;
        let plain_bytes = byte_level.get("type")? == "ByteLevel"
            && byte_level.get("add_prefix_space")? == false
            && byte_level.get("use_regex")? == false;
        let pattern = split.get("pattern")?.get("Regex")?.as_str()?;
        let split = tiktoken::split_for_hf_pattern(pattern).filter(|_| isolated && plain_bytes)?;
        if !matches!(t.get_model(), ModelWrapper::BPE(_)) {
            return None;
        }
        let matched: Vec<AddedToken> = t
            .get_added_tokens_decoder()
            .into_values()
            .filter(|a| !a.special)
            .collect();
        if matched
            .iter()
            .any(|a| a.normalized || a.lstrip || a.rstrip || a.single_word || a.content.is_empty())
        {
            return None;
        }
        let added = match matched.is_empty() {
            true => None,
            false => Some(
                AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(matched.iter().map(|a| a.content.as_str()))
                    .ok()?,
            ),
        };
        Some(Fast {
            split,
            added,
            nfc,
            bytes: byte_alphabet().try_into().ok()?,
            counts: PieceCounts::new(),
        })
    }

    fn count(&self, t: &Impl, text: &str) -> Result<u64, String> {
        let Some(added) = &self.added else {
            return self.count_text(t, text);
        };
        let mut total = 0;
        let mut at = 0;
        for m in added.find_iter(text) {
            total += self.count_text(t, &text[at..m.start()])? + 1;
            at = m.end();
        }
        Ok(total + self.count_text(t, &text[at..])?)
    }

    /// Text without added tokens: normalized, split, each piece counted.
    fn count_text(&self, t: &Impl, text: &str) -> Result<u64, String> {
        let normal = || {
            text.is_ascii()
                || unicode_normalization_alignments::is_nfc_quick(text.chars())
                    == unicode_normalization_alignments::IsNormalized::Yes
        };
        if self.nfc && !normal() {
            let mut n = NormalizedString::from(text);
            if let Some(normalizer) = t.get_normalizer() {
                normalizer.normalize(&mut n).map_err(|e| e.to_string())?;
            }
            return self.count_pieces(t, n.get());
        }
        self.count_pieces(t, text)
    }

    /// Each piece's count: from the thread's own cache (no lock), else the
    /// shared one, else the crate's model.
    fn count_pieces(&self, t: &Impl, text: &str) -> Result<u64, String> {
        NEAR.with(|near| {
            let mut near = near.borrow_mut();
            if near.0 != self.counts.id {
                *near = (self.counts.id, Shard::default());
            }
            let mut total = 0u64;
            let mut mapped = String::new();
            for piece in self.split.pieces(text) {
                let piece = piece.as_bytes();
                if let Some(&n) = near.1.get(piece) {
                    total += u64::from(n);
                    continue;
                }
                let n = match self.counts.get(piece) {
                    Some(n) => n,
                    None => {
                        mapped.clear();
                        mapped.extend(piece.iter().map(|&b| self.bytes[usize::from(b)]));
                        let model = t.get_model();
                        let n = model.tokenize(&mapped).map_err(|e| e.to_string())?.len() as u32;
                        self.counts.put(piece, n);
                        n
                    }
                };
                if near.1.len() < NEAR_PIECES {
                    near.1.insert(piece.into(), n);
                }
                total += u64::from(n);
            }
            Ok(total)
        })
    }
}

/// A fast hash for short byte strings (the Firefox / rustc hash).
#[derive(Default)]
struct Fx(u64);

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word))
                .wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A tiny byte-level BPE `tokenizer.json` in the shape of Qwen3's (NFC, the
/// same split pattern, byte-level pieces), for tests and examples: its
/// counts can be worked out by hand.
///
/// Every byte is one token, except that `hello` merges into one token
/// (after a space too: ` hello` is `Ġ` + `hello`, two tokens) and ` world`
/// into one. Special tokens: `<|im_start|>`, `<|im_end|>`, `<|endoftext|>`,
/// `<|begin_of_text|>`, `<|start_header_id|>`, `<|end_header_id|>`,
/// `<|eot_id|>`; other added tokens: `<think>`, `</think>`.
#[cfg(any(test, feature = "internals"))]
pub fn tiny_tokenizer_json() -> String {
    let alphabet = byte_alphabet();
    let mut vocab = serde_json::Map::new();
    for (id, c) in alphabet.iter().enumerate() {
        vocab.insert(c.to_string(), id.into());
    }
    let merges = [
        ("h", "e"),
        ("l", "l"),
        ("he", "ll"),
        ("hell", "o"),
        ("Ġ", "w"),
        ("o", "r"),
        ("Ġw", "or"),
        ("l", "d"),
        ("Ġwor", "ld"),
    ];
    for (a, b) in merges {
        let id = vocab.len();
        vocab.insert(format!("{a}{b}"), id.into());
    }
    let specials = [
        "<|endoftext|>",
        "<|im_start|>",
        "<|im_end|>",
        "<|begin_of_text|>",
        "<|start_header_id|>",
        "<|end_header_id|>",
        "<|eot_id|>",
    ];
    let added: Vec<serde_json::Value> = specials
        .iter()
        .map(|s| (s, true))
        .chain([(&"<think>", false), (&"</think>", false)])
        .enumerate()
        .map(|(i, (content, special))| {
            serde_json::json!({
                "id": vocab.len() + i, "content": content, "single_word": false,
                "lstrip": false, "rstrip": false, "normalized": false, "special": special
            })
        })
        .collect();
    let byte_level = serde_json::json!({
        "type": "ByteLevel", "add_prefix_space": false, "trim_offsets": false, "use_regex": false
    });
    let doc = serde_json::json!({
        "version": "1.0",
        "truncation": null,
        "padding": null,
        "added_tokens": added,
        "normalizer": {"type": "NFC"},
        "pre_tokenizer": {"type": "Sequence", "pretokenizers": [
            {"type": "Split", "pattern": {"Regex": QWEN_SPLIT}, "behavior": "Isolated", "invert": false},
            byte_level
        ]},
        "post_processor": byte_level,
        "decoder": byte_level,
        "model": {
            "type": "BPE", "dropout": null, "unk_token": null,
            "continuing_subword_prefix": "", "end_of_word_suffix": "",
            "fuse_unk": false, "byte_fallback": false, "ignore_merges": false,
            "vocab": vocab,
            "merges": merges.iter().map(|(a, b)| format!("{a} {b}")).collect::<Vec<_>>()
        }
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

/// The pre-tokenizer pattern of Qwen2.5 and Qwen3's `tokenizer.json`.
#[cfg(any(test, feature = "internals"))]
pub const QWEN_SPLIT: &str = r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

/// The characters byte-level BPE writes each byte as (GPT-2's table):
/// printable bytes stand for themselves, the others for U+0100 onwards.
fn byte_alphabet() -> Vec<char> {
    let printable = |b: u8| matches!(b, b'!'..=b'~' | 0xa1..=0xac | 0xae..=0xff);
    let mut next = 0x100u32;
    (0..=255u8)
        .map(|b| {
            if printable(b) {
                char::from(b)
            } else {
                let c = char::from_u32(next).unwrap_or('?');
                next += 1;
                c
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::io::Read;
    use std::sync::Arc;

    use super::*;
    use crate::tokens::{count_reader_with, CountError, Counter, MAX_UNCUT_FILE_BYTES};

    fn tiny_with(edit: impl FnOnce(&mut serde_json::Value)) -> TokenizerFile {
        let mut doc: serde_json::Value = serde_json::from_str(&tiny_tokenizer_json()).unwrap();
        edit(&mut doc);
        let t = tokenizers::Tokenizer::from_bytes(doc.to_string().as_bytes()).unwrap();
        TokenizerFile::from_tokenizer("tiny.json".into(), "00".into(), t).unwrap()
    }

    fn tiny() -> TokenizerFile {
        tiny_with(|_| {})
    }

    #[test]
    fn counts_equal_the_crates_own_encoding_on_random_mixtures() {
        let file = tiny();
        let mut reference = tokenizers::Tokenizer::from_bytes(tiny_tokenizer_json()).unwrap();
        reference.set_encode_special_tokens(true);
        const PARTS: &[&str] = &[
            " ",
            "  ",
            "\t",
            "\n",
            "\r\n",
            "\u{a0}",
            "\u{3000}",
            "hello",
            " world",
            "world",
            "He",
            "x'll",
            "'s",
            "1",
            "12345",
            "!",
            "?!",
            "/",
            "é",
            "e\u{301}",
            "東京",
            "🎉",
            "<think>",
            "</think>",
            "<|im_start|>",
            "<|eot_id|>",
            "_",
            "{\"a\": 1}",
        ];
        let mut seed: u64 = 20_261_127;
        let mut next = move || {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) as usize
        };
        for _ in 0..2_000 {
            let text: String = (0..1 + next() % 12)
                .map(|_| PARTS[next() % PARTS.len()])
                .collect();
            let want = reference.encode_fast(text.as_str(), false).unwrap().len() as u64;
            assert_eq!(file.count(&text), want, "{text:?}");
            assert_eq!(file.count_by_crate(&text), Ok(want), "{text:?}");
        }
        assert!(file.is_fast());
        assert!(file.failure().is_none());
    }

    #[test]
    fn a_pattern_the_scanner_does_not_know_is_counted_by_the_crate() {
        let file = tiny_with(|doc| {
            doc["pre_tokenizer"]["pretokenizers"][0]["pattern"]["Regex"] =
                QWEN_SPLIT.replace(r"\p{N}|", r"\p{N}{1,2}|").into();
        });
        assert!(!file.is_fast());
        assert_eq!(file.pre_tokens("12345 hello"), 3 + 1); // 12 34 5, ` hello`
        assert_eq!(file.count("12345 hello"), 5 + 2); // a token a byte, Ġ hello
        let file = tiny();
        assert!(file.is_fast());
        assert_eq!(file.pre_tokens("12345 hello"), 5 + 1);
    }

    #[test]
    fn the_tiny_tokenizer_counts_as_its_documentation_says() {
        let f = tiny();
        assert_eq!(f.count("hello"), 1);
        assert_eq!(f.count(" hello"), 2);
        assert_eq!(f.count(" world"), 1);
        assert_eq!(f.count("world"), 3);
        assert_eq!(f.count("<|im_start|>"), 12); // 12 bytes of ordinary text
        assert_eq!(f.count("<think>"), 1);
        assert!(f.has_token("<|im_start|>") && f.has_token("</think>"));
        assert!(!f.has_token("<|header_start|>"));
    }

    #[test]
    fn a_long_text_is_cut_and_counted_as_the_whole() {
        let f = Arc::new(tiny());
        assert!(f.cuttable());
        let unit = "fn main() {\n    println!(\"héllo 世界 🎉\");\n}\n\n\n  \t\nhello world, hello; and 12345.\n";
        let text = unit.repeat(40_000); // ~3.3 MB: several chunks, many pieces
        let streamed = count_reader_with(&Counter::File(f.clone()), &mut text.as_bytes()).unwrap();
        assert_eq!(streamed.tokens, f.count_whole(&text).unwrap());
        // One long line: cut between words.
        let line = "lorem ipsum dolor sit amet ".repeat(10_000);
        assert_eq!(f.count(&line), f.count_whole(&line).unwrap());
    }

    #[test]
    fn a_tokenizer_that_cannot_be_cut_counts_whole_up_to_its_cap() {
        // An added token with a space in it could be cut in two.
        let f = Arc::new(tiny_with(|doc| {
            let added = doc["added_tokens"].as_array_mut().unwrap();
            let id = 100_000;
            added.push(serde_json::json!({
                "id": id, "content": "hello world", "single_word": false, "lstrip": false,
                "rstrip": false, "normalized": false, "special": false
            }));
        }));
        assert!(!f.cuttable());
        let counter = Counter::File(f.clone());
        let text = "ab hello world\n".repeat(1_000);
        let got = count_reader_with(&counter, &mut text.as_bytes()).unwrap();
        assert_eq!(got.tokens, f.count_whole(&text).unwrap());
        assert_eq!(f.count("hello world"), 1);
        let mut long = std::io::repeat(b'a').take(MAX_UNCUT_FILE_BYTES as u64 + (4 << 20));
        let e = count_reader_with(&counter, &mut long).unwrap_err();
        assert!(matches!(e, CountError::TooLong), "{e}");
        assert!(e.to_string().contains("8 MiB"), "{e}");
    }

    #[test]
    fn models_that_fail_or_vary_are_refused() {
        let load = |edit: fn(&mut serde_json::Value)| {
            let mut doc: serde_json::Value = serde_json::from_str(&tiny_tokenizer_json()).unwrap();
            edit(&mut doc);
            let t = tokenizers::Tokenizer::from_bytes(doc.to_string().as_bytes()).unwrap();
            TokenizerFile::from_tokenizer("t.json".into(), "00".into(), t).unwrap_err()
        };
        let e = load(|d| d["model"]["dropout"] = 0.1.into());
        assert!(e.contains("dropout"), "{e}");
        let e = load(|d| d["model"]["unk_token"] = "<unk>".into());
        assert!(e.contains("unknown token `<unk>`"), "{e}");
    }

    #[test]
    fn a_file_is_hashed_and_read_with_a_cap() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tokenizer.json");
        std::fs::write(&path, tiny_tokenizer_json()).unwrap();
        let f = TokenizerFile::load(&path).unwrap();
        assert_eq!(
            f.sha256,
            hex(&Sha256::digest(tiny_tokenizer_json().as_bytes()))
        );
        assert_eq!(f.sha256.len(), 64);
        std::fs::write(&path, "[1, 2]").unwrap();
        let e = TokenizerFile::load(&path).unwrap_err();
        assert!(e.starts_with("not a tokenizer.json: "), "{e}");
    }
}
