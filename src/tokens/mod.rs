//! Token counts: exactly with OpenAI's BPE encodings (`o200k_base`,
//! `cl100k_base`, compiled in) or with a model's own Hugging Face
//! `tokenizer.json` (see [`hf`] and [`files`]); the method a model's tokens
//! are counted with; and counting of whole files in bounded memory on every
//! core.
//!
//! Text that looks like a special token (`<|endoftext|>`) is counted as the
//! ordinary text it is in a user's file, never as the special token.

pub mod chat;
mod cut;
pub mod files;
pub mod hf;
pub mod shape;

use std::io::Read;
use std::sync::Arc;

use rayon::prelude::*;
use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

pub use chat::ChatTemplate;
pub use files::{Counting, GivenFile, TokenizerSource};
pub use hf::TokenizerFile;

use crate::pricing::Tokenizer;
use cut::is_cut;

/// The encoding used when none is given and for models without a public one.
pub const DEFAULT_ENCODING: Tokenizer = Tokenizer::O200kBase;

/// Every encoding ftvp can count with.
pub const ENCODINGS: [Tokenizer; 2] = [Tokenizer::O200kBase, Tokenizer::Cl100kBase];

/// Tokens in `text` under `encoding`, special-token text counted as ordinary text.
pub fn count(encoding: Tokenizer, text: &str) -> u64 {
    bpe(encoding).count(text) as u64
}

fn bpe(encoding: Tokenizer) -> &'static tiktoken::CoreBpe {
    // Both vocabularies are compiled in (the crate's `vocab-*` features), so
    // the lookup cannot fail; the message is for whoever drops a feature.
    tiktoken::get_encoding(encoding.as_str())
        .unwrap_or_else(|| panic!("the {} vocabulary is compiled in", encoding.as_str()))
}

/// Parses an encoding name as written on the command line or in sheets.
pub fn parse_encoding(name: &str) -> Result<Tokenizer, String> {
    ENCODINGS
        .into_iter()
        .find(|e| e.as_str() == name)
        .ok_or_else(|| format!("unknown encoding `{name}`; expected o200k_base or cl100k_base"))
}

/// What counts tokens: a built-in encoding or a loaded `tokenizer.json`.
#[derive(Debug, Clone)]
pub enum Counter {
    /// `o200k_base` or `cl100k_base`.
    Encoding(Tokenizer),
    /// A model's own `tokenizer.json`.
    File(Arc<TokenizerFile>),
}

impl PartialEq for Counter {
    fn eq(&self, other: &Counter) -> bool {
        match (self, other) {
            (Counter::Encoding(a), Counter::Encoding(b)) => a == b,
            (Counter::File(a), Counter::File(b)) => a.sha256 == b.sha256,
            _ => false,
        }
    }
}

impl Eq for Counter {}

impl Counter {
    /// Tokens in `text`, special-token text counted as ordinary text.
    pub fn count(&self, text: &str) -> u64 {
        match self {
            Counter::Encoding(e) => count(*e, text),
            Counter::File(f) => f.count(text),
        }
    }

    /// Whether a text may be cut where [`safe_split`] cuts.
    fn cuttable(&self) -> bool {
        match self {
            Counter::Encoding(_) => true,
            Counter::File(f) => f.cuttable(),
        }
    }

    /// Where a text read in chunks may be cut (see [`safe_split`]); 0 for
    /// a tokenizer that may not be cut.
    fn safe_split(&self, bytes: &[u8], from: usize) -> usize {
        match self.cuttable() {
            true => safe_split(bytes, from),
            false => 0,
        }
    }

    /// The longest text counted without a cut.
    fn max_uncut(&self) -> usize {
        match self {
            Counter::Encoding(_) => MAX_UNCUT_BYTES,
            Counter::File(_) => MAX_UNCUT_FILE_BYTES,
        }
    }

    /// `o200k_base`, or `tokenizer.json`.
    pub fn name(&self) -> &'static str {
        match self {
            Counter::Encoding(e) => e.as_str(),
            Counter::File(_) => "tokenizer.json",
        }
    }

    /// The first error a `tokenizer.json` gave while counting, with its path.
    pub fn failure(&self) -> Option<String> {
        match self {
            Counter::File(f) => f
                .failure()
                .map(|e| format!("tokenizer file {}: cannot count with it: {e}", f.path)),
            Counter::Encoding(_) => None,
        }
    }
}

/// Why a count is an estimate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// The model's sheet names no tokenizer.
    NoTokenizer {
        /// The model.
        model: String,
    },
    /// The sheet names a Hugging Face tokenizer, and no file was found.
    NoFile {
        /// The model.
        model: String,
        /// The tokenizer's name (`qwen3` for `hf:qwen3`).
        name: String,
        /// How to give one (the command line's flag).
        hint: String,
    },
    /// Another encoding was chosen (`--encoding`).
    Chosen {
        /// The model.
        model: String,
    },
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Reason::NoTokenizer { model } => write!(f, "{model}'s sheet names no tokenizer"),
            Reason::NoFile { model, name, hint } => write!(
                f,
                "no tokenizer file given for {model} (hf:{name}); pass {hint}"
            ),
            Reason::Chosen { model } => {
                write!(f, "counted with the chosen encoding, not {model}'s own")
            }
        }
    }
}

/// How tokens were counted: exactly with a model's own encoding or
/// `tokenizer.json`, or as an estimate with another encoding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Method {
    /// The OpenAI encoding the provider bills with.
    Exact(Tokenizer),
    /// The model's own `tokenizer.json`, by the sha256 of its bytes.
    File {
        /// sha256 of the file, lower-case hex.
        sha256: String,
    },
    /// Another tokenizer: the counts are an estimate.
    Estimate(Tokenizer, Reason),
}

/// Hex digits of a file's sha256 shown in labels; JSON has all of them.
pub const SHORT_HASH: usize = 12;

impl Method {
    /// Whether the counts are an estimate.
    pub fn is_estimate(&self) -> bool {
        matches!(self, Method::Estimate(..))
    }

    /// `exact (o200k_base)`, `exact (tokenizer.json sha256 3f2a9c1e0b7d)` or
    /// `estimate (o200k_base)`.
    pub fn label(&self) -> String {
        match self {
            Method::Exact(e) => format!("exact ({})", e.as_str()),
            Method::File { sha256 } => format!(
                "exact (tokenizer.json sha256 {})",
                &sha256[..SHORT_HASH.min(sha256.len())]
            ),
            Method::Estimate(e, _) => format!("estimate ({})", e.as_str()),
        }
    }

    /// The label with the reason of an estimate:
    /// `estimate (o200k_base): no tokenizer file given for …`.
    pub fn explained(&self) -> String {
        match self {
            Method::Estimate(_, why) => format!("{}: {why}", self.label()),
            _ => self.label(),
        }
    }

    /// What `token_count_method` has always held in JSON: the encoding for
    /// an exact count, `estimate (ENCODING)` otherwise, and `tokenizer.json`
    /// for a count with a model's own file.
    fn json_name(&self) -> String {
        match self {
            Method::Exact(e) => e.as_str().to_string(),
            Method::File { .. } => "tokenizer.json".into(),
            Method::Estimate(e, _) => format!("estimate ({})", e.as_str()),
        }
    }
}

/// JSON: `token_count_method` (as before), `token_count_exact`,
/// `tokenizer_sha256` (null without a file) and `estimate_reason` (null for
/// an exact count); flattened into the report that holds it.
impl Serialize for Method {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("Method", 4)?;
        m.serialize_field("token_count_method", &self.json_name())?;
        m.serialize_field("token_count_exact", &!self.is_estimate())?;
        let sha = match self {
            Method::File { sha256 } => Some(sha256.as_str()),
            _ => None,
        };
        m.serialize_field("tokenizer_sha256", &sha)?;
        let why = match self {
            Method::Estimate(_, why) => Some(why.to_string()),
            _ => None,
        };
        m.serialize_field("estimate_reason", &why)?;
        m.end()
    }
}

/// Tokens, characters and bytes of a text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct TextCount {
    /// BPE tokens.
    pub tokens: u64,
    /// Unicode scalar values (what Python's `len(str)` counts).
    pub chars: u64,
    /// UTF-8 bytes.
    pub bytes: u64,
}

impl TextCount {
    /// Counts one in-memory text.
    #[cfg(any(test, feature = "internals"))]
    pub fn of(encoding: Tokenizer, text: &str) -> TextCount {
        TextCount::with(&Counter::Encoding(encoding), text)
    }

    /// Counts one in-memory text with `counter`.
    pub fn with(counter: &Counter, text: &str) -> TextCount {
        TextCount {
            tokens: counter.count(text),
            chars: text.chars().count() as u64,
            bytes: text.len() as u64,
        }
    }

    fn add(self, other: TextCount) -> TextCount {
        TextCount {
            tokens: self.tokens + other.tokens,
            chars: self.chars + other.chars,
            bytes: self.bytes + other.bytes,
        }
    }
}

/// Why a text could not be counted.
#[derive(Debug, thiserror::Error)]
pub enum CountError {
    /// The reader failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// The bytes are not UTF-8 text.
    #[error("invalid UTF-8 at byte offset {offset}")]
    InvalidUtf8 {
        /// Offset of the first byte that is not part of valid UTF-8, from 0.
        offset: u64,
    },
    /// More than [`MAX_UNCUT_BYTES`] with no place to cut the text.
    #[error(
        "more than {} MiB from byte offset {offset} without a place to cut the text \
         for counting (a line break before a non-space character, or a space between \
         two words): over the {} MiB cap",
        cap >> 20,
        cap >> 20
    )]
    NoCut {
        /// Where the uncut run starts, from 0.
        offset: u64,
        /// The cap that was passed.
        cap: usize,
    },
    /// A text over [`MAX_UNCUT_FILE_BYTES`] for a `tokenizer.json` that is
    /// counted whole.
    #[error(
        "the text is over {} MiB, the most ftvp counts whole with this tokenizer file \
         (its pre-tokenizer does not always split where ftvp cuts long texts)",
        MAX_UNCUT_FILE_BYTES >> 20
    )]
    TooLong,
    /// The `tokenizer.json` failed on the text.
    #[error("{0}")]
    Tokenizer(String),
}

/// The longest run of text counted without a cut (see [`safe_split`]). Real
/// text has a cut at almost every line; a longer run (`/dev/zero`, a binary
/// file, one enormous word) is refused rather than held in memory whole.
pub const MAX_UNCUT_BYTES: usize = 64 << 20;

/// The longest run counted without a cut with a `tokenizer.json`: the
/// crate keeps several words of bookkeeping per byte of the text it counts.
pub const MAX_UNCUT_FILE_BYTES: usize = 8 << 20;

/// Bytes read at a time; a chunk is counted on one core.
const CHUNK: usize = 1 << 20;
/// Chunks counted in parallel before more is read, bounding memory.
const CHUNKS_IN_FLIGHT: usize = 16;

/// Counts a text read from `reader` in bounded memory, in parallel.
///
/// The text is cut only where the encodings' pre-tokenizer always cuts (see
/// [`safe_split`]), so the sum over chunks equals the count of the whole.
#[cfg(any(test, feature = "internals"))]
pub fn count_reader(encoding: Tokenizer, reader: &mut dyn Read) -> Result<TextCount, CountError> {
    count_reader_with(&Counter::Encoding(encoding), reader)
}

/// [`count_reader`] with any counter. A `tokenizer.json` whose
/// pre-tokenizer does not always split where [`safe_split`] cuts counts the
/// text whole, up to [`MAX_UNCUT_FILE_BYTES`].
pub fn count_reader_with(
    counter: &Counter,
    reader: &mut dyn Read,
) -> Result<TextCount, CountError> {
    let cap = counter.max_uncut();
    let mut total = TextCount::default();
    let mut offset = 0u64;
    let mut pending: Vec<u8> = Vec::new();
    let mut eof = false;
    while !eof {
        let mut chunks: Vec<Vec<u8>> = Vec::with_capacity(CHUNKS_IN_FLIGHT);
        while chunks.len() < CHUNKS_IN_FLIGHT && !eof {
            // Only the newly read bytes can hold a cut not already looked for.
            let scanned = pending.len();
            eof = fill(reader, &mut pending, CHUNK)?;
            let cut = if eof {
                pending.len()
            } else {
                counter.safe_split(&pending, scanned)
            };
            if cut == 0 && pending.len() > cap {
                if !counter.cuttable() {
                    return Err(CountError::TooLong);
                }
                let start: u64 = offset + chunks.iter().map(|c| c.len() as u64).sum::<u64>();
                return Err(CountError::NoCut { offset: start, cap });
            }
            if cut > 0 {
                let rest = pending.split_off(cut);
                chunks.push(std::mem::replace(&mut pending, rest));
            }
        }
        let mut starts = Vec::with_capacity(chunks.len());
        for c in &chunks {
            starts.push(offset);
            offset += c.len() as u64;
        }
        let counted: Vec<Result<TextCount, CountError>> = chunks
            .par_iter()
            .zip(starts.par_iter())
            .map(|(chunk, &start)| count_chunk(counter, chunk, start))
            .collect();
        for c in counted {
            total = total.add(c?);
        }
    }
    match counter.failure() {
        Some(e) => Err(CountError::Tokenizer(e)),
        None => Ok(total),
    }
}

/// Reads until `buf` holds at least `want` more bytes or the reader ends;
/// returns true at the end.
fn fill(reader: &mut dyn Read, buf: &mut Vec<u8>, want: usize) -> std::io::Result<bool> {
    let target = buf.len() + want;
    // Grow by what is read, not by doubling: an uncut run near the cap must
    // not reserve (and, when moved, touch) twice the cap.
    buf.reserve_exact(want);
    while buf.len() < target {
        let n = reader.take((target - buf.len()) as u64).read_to_end(buf)?;
        if n == 0 {
            return Ok(true);
        }
    }
    Ok(false)
}

fn count_chunk(counter: &Counter, chunk: &[u8], start: u64) -> Result<TextCount, CountError> {
    let text = std::str::from_utf8(chunk).map_err(|e| CountError::InvalidUtf8 {
        offset: start + e.valid_up_to() as u64,
    })?;
    Ok(TextCount::with(counter, text))
}

/// The last position in `bytes` at or after `from` − 2 where both encodings'
/// pre-tokenizers always end a piece, or 0 when there is none.
///
/// Two shapes qualify. After a `\n` followed by a character that is neither
/// white space nor `/`: every piece that can hold a newline (a newline run, a
/// white-space run, punctuation with its trailing newlines, and in
/// `o200k_base` slashes) ends at such a character, and no piece that starts
/// with one can take a newline before it. Between an ASCII lowercase letter
/// and a space followed by an ASCII letter: a letter run ends at the space,
/// and ` word` is one piece. The cut follows an ASCII byte, so it is also a
/// UTF-8 character boundary.
pub fn safe_split(bytes: &[u8], from: usize) -> usize {
    (from.saturating_sub(2).max(1)..bytes.len())
        .rev()
        .find(|&i| is_cut(bytes, i))
        .unwrap_or(0)
}

/// A text with a cut of every shape next to the characters that could
/// join across it: a `tokenizer.json` is cut for counting only when cutting
/// this text at each of its cuts keeps the count of the whole.
pub(crate) const PROBE: &str =
    "Intro line\n第一章 东京\n\n  indented\n/path/x\n!\n/y\n'll do\n\u{3000}full-width\n\
     Ünïcödé\n\u{85}next\n\u{a0}nbsp\n١٢٣ digits 12345\n🎉 emoji\n\r\nend\n\x0bvt\n\tTab\n\
     word word\nx!\n/z \"quoted\"\n-- dash\n\u{301}mark\nabc def\nhello world\ne\u{301}\n";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_known_texts_exactly() {
        // Values from Python tiktoken 0.14.0.
        assert_eq!(count(Tokenizer::Cl100kBase, "hello world"), 2);
        assert_eq!(count(Tokenizer::O200kBase, "hello world"), 2);
        assert_eq!(count(Tokenizer::O200kBase, ""), 0);
    }

    #[test]
    fn special_token_text_is_ordinary_text() {
        // As ordinary text `<|endoftext|>` is several tokens, never the one
        // special token (and never an error).
        for e in ENCODINGS {
            assert!(count(e, "<|endoftext|>") > 1, "{}", e.as_str());
        }
        assert_eq!(count(Tokenizer::Cl100kBase, "<|endoftext|>"), 7);
    }

    #[test]
    fn encodings_parse_by_name_only() {
        assert_eq!(parse_encoding("cl100k_base"), Ok(Tokenizer::Cl100kBase));
        assert!(parse_encoding("p50k_base")
            .unwrap_err()
            .contains("o200k_base or cl100k_base"));
    }

    #[test]
    fn chunked_counting_equals_counting_the_whole() {
        let unit = "fn main() {\n    println!(\"héllo 世界 🎉\");\n}\n\n\n  \t\nSome prose, with words; and numbers 12345.\n";
        let text = unit.repeat(40_000); // ~3.4 MB: several chunks
        for e in ENCODINGS {
            let whole = TextCount::of(e, &text);
            let streamed = count_reader(e, &mut text.as_bytes()).unwrap();
            assert_eq!(streamed, whole, "{}", e.as_str());
        }
    }

    #[test]
    fn a_long_line_splits_between_words() {
        let text = "lorem ipsum dolor sit amet ".repeat(100_000); // 2.7 MB, no newline
        assert!(safe_split(text.as_bytes(), 0) > 0);
        let e = Tokenizer::O200kBase;
        assert_eq!(
            count_reader(e, &mut text.as_bytes()).unwrap(),
            TextCount::of(e, &text)
        );
    }

    #[test]
    fn safe_split_only_cuts_where_pieces_always_end() {
        assert_eq!(safe_split(b"ab\n\ncd", 0), 4);
        assert_eq!(safe_split(b"ab\n\n  ", 0), 0);
        assert_eq!(safe_split(b"x!\n/y", 0), 0); // `!\n/` is one piece
        assert_eq!(safe_split(b"ab cd", 0), 2);
        assert_eq!(safe_split(b"ab cd", 4), 2); // a cut just before `from` counts
        assert_eq!(safe_split(b"ab cd ef", 6), 5);
        assert_eq!(safe_split(b"AB  cd", 0), 0);
        assert_eq!(safe_split(b"ab c", 0), 2);
        assert_eq!(safe_split(b"ab ", 0), 0);
    }

    #[test]
    fn every_cut_keeps_the_count_of_the_whole() {
        let text = PROBE;
        let bytes = text.as_bytes();
        let cuts: Vec<usize> = (1..bytes.len()).filter(|&i| is_cut(bytes, i)).collect();
        assert!(cuts.len() > 15, "{cuts:?}");
        for e in ENCODINGS {
            let whole = count(e, text);
            for &c in &cuts {
                let (a, b) = text.split_at(c);
                assert_eq!(
                    count(e, a) + count(e, b),
                    whole,
                    "cut {c} {:?} in {}",
                    &text[c..],
                    e.as_str()
                );
            }
        }
        assert_eq!(safe_split("a\n\u{3000}b".as_bytes(), 0), 0);
        assert_eq!(safe_split("a\n第".as_bytes(), 0), 2);
    }

    #[test]
    fn a_run_with_no_cut_over_the_cap_is_an_error_naming_it() {
        let mut zeros = std::io::repeat(0).take(MAX_UNCUT_BYTES as u64 + 4 * CHUNK as u64);
        let e = count_reader(Tokenizer::O200kBase, &mut zeros).unwrap_err();
        assert!(matches!(e, CountError::NoCut { offset: 0, .. }), "{e}");
        assert!(e.to_string().contains("64 MiB cap"), "{e}");
    }

    #[test]
    fn invalid_utf8_reports_its_byte_offset() {
        let mut bytes = "ok\nline two\n".as_bytes().to_vec();
        bytes.extend_from_slice(&[b'a', 0xff, b'b']);
        let e = count_reader(Tokenizer::O200kBase, &mut bytes.as_slice()).unwrap_err();
        assert_eq!(e.to_string(), "invalid UTF-8 at byte offset 13");
    }
}
