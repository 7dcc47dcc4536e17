//! Exact token counts with OpenAI's BPE encodings (`o200k_base`,
//! `cl100k_base`), the method a model's tokens are counted with, and counting
//! of whole files in bounded memory on every core.
//!
//! Text that looks like a special token (`<|endoftext|>`) is counted as the
//! ordinary text it is in a user's file, never as the special token.

use std::io::Read;

use rayon::prelude::*;
use serde::{Serialize, Serializer};

use crate::pricing::{Model, Tokenizer};

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

/// How tokens were counted: exactly with a model's own encoding, or as an
/// estimate with another one for a model whose tokenizer is not public.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// The encoding the provider bills with.
    Exact(Tokenizer),
    /// Another model family's tokenizer: the counts are an estimate.
    Estimate(Tokenizer),
}

impl Method {
    /// The encoding that does the counting.
    pub fn encoding(self) -> Tokenizer {
        match self {
            Method::Exact(e) | Method::Estimate(e) => e,
        }
    }

    /// Whether the counts are an estimate.
    pub fn is_estimate(self) -> bool {
        matches!(self, Method::Estimate(_))
    }

    /// `o200k_base`, or `estimate (o200k_base)`.
    pub fn label(self) -> String {
        match self {
            Method::Exact(e) => e.as_str().to_string(),
            Method::Estimate(e) => format!("estimate ({})", e.as_str()),
        }
    }
}

impl Serialize for Method {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.label())
    }
}

/// The method a model's tokens are counted with: its sheet's `tokenizer`, or
/// an `o200k_base` estimate where the sheet names none.
pub fn method_for(model: &Model) -> Method {
    match model.prices.tokenizer {
        Some(e) => Method::Exact(e),
        None => Method::Estimate(DEFAULT_ENCODING),
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
    pub fn of(encoding: Tokenizer, text: &str) -> TextCount {
        TextCount {
            tokens: count(encoding, text),
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
        MAX_UNCUT_BYTES >> 20,
        MAX_UNCUT_BYTES >> 20
    )]
    NoCut {
        /// Where the uncut run starts, from 0.
        offset: u64,
    },
}

/// The longest run of text counted without a cut (see [`safe_split`]). Real
/// text has a cut at almost every line; a longer run (`/dev/zero`, a binary
/// file, one enormous word) is refused rather than held in memory whole.
pub const MAX_UNCUT_BYTES: usize = 64 << 20;

/// Bytes read at a time; a chunk is counted on one core.
const CHUNK: usize = 1 << 20;
/// Chunks counted in parallel before more is read, bounding memory.
const CHUNKS_IN_FLIGHT: usize = 16;

/// Counts a text read from `reader` in bounded memory, in parallel.
///
/// The text is cut only where the encodings' pre-tokenizer always cuts (see
/// [`safe_split`]), so the sum over chunks equals the count of the whole.
pub fn count_reader(encoding: Tokenizer, reader: &mut dyn Read) -> Result<TextCount, CountError> {
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
                safe_split(&pending, scanned)
            };
            if cut == 0 && pending.len() > MAX_UNCUT_BYTES {
                let start: u64 = offset + chunks.iter().map(|c| c.len() as u64).sum::<u64>();
                return Err(CountError::NoCut { offset: start });
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
            .map(|(chunk, &start)| count_chunk(encoding, chunk, start))
            .collect();
        for c in counted {
            total = total.add(c?);
        }
    }
    Ok(total)
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

fn count_chunk(encoding: Tokenizer, chunk: &[u8], start: u64) -> Result<TextCount, CountError> {
    let text = std::str::from_utf8(chunk).map_err(|e| CountError::InvalidUtf8 {
        offset: start + e.valid_up_to() as u64,
    })?;
    Ok(TextCount::of(encoding, text))
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

/// Whether both encodings always end a piece just before `bytes[i]`, `i ≥ 1`.
fn is_cut(bytes: &[u8], i: usize) -> bool {
    let (before, at) = (bytes[i - 1], bytes[i]);
    (before == b'\n' && starts_a_piece_after_newline(&bytes[i..]))
        || (before.is_ascii_lowercase()
            && at == b' '
            && bytes.get(i + 1).is_some_and(u8::is_ascii_alphabetic))
}

/// Whether `rest` starts with a whole character that is neither white space
/// (Unicode's, as the patterns' `\s`) nor `/`.
fn starts_a_piece_after_newline(rest: &[u8]) -> bool {
    match rest.first() {
        None => false,
        Some(&b) if b.is_ascii() => !char::from(b).is_whitespace() && b != b'/',
        Some(_) => {
            let head = &rest[..rest.len().min(4)];
            let valid = match std::str::from_utf8(head) {
                Ok(s) => s,
                Err(e) => std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or_default(),
            };
            valid.chars().next().is_some_and(|c| !c.is_whitespace())
        }
    }
}

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
        let text =
            "Intro line\n第一章 东京\n\n  indented\n/path/x\n!\n/y\n'll do\n\u{3000}full-width\n\
                    Ünïcödé\n\u{85}next\n\u{a0}nbsp\n١٢٣ digits\n🎉 emoji\n\r\nend\n\x0bvt\n\tTab\n\
                    word word\nx!\n/z \"quoted\"\n-- dash\n\u{301}mark\nabc def";
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
        assert!(matches!(e, CountError::NoCut { offset: 0 }), "{e}");
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
