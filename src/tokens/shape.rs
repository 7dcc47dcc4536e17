//! The bounds a `tokenizer.json` must keep before the `tokenizers` crate
//! builds it, read from the file's JSON in a pass that holds no vocabulary:
//! how many tokens and merges (the crate holds several words per entry), how
//! long a token (a Unigram model walks every piece that matches at every
//! byte), and how much longer its normalizer can make a text (a `Replace` of
//! "a" by 1,000 "b"s turned 100 KB into 3.2 GB of the crate's bookkeeping).
//! A file outside them is refused when it is loaded, with what it holds.

use std::fmt;

use base64::Engine;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

/// The most tokens in a vocabulary (real ones hold 32k to 262k).
pub const MAX_VOCAB: usize = 1 << 19;
/// The most merges of a BPE model (Llama 3 has 280k).
pub const MAX_MERGES: usize = 1 << 20;
/// The most added tokens (real files have a few hundred to a few thousand;
/// as many as the vocabulary may hold).
pub const MAX_ADDED: usize = MAX_VOCAB;
/// The longest token of a BPE vocabulary, in bytes.
pub const MAX_BPE_TOKEN_BYTES: usize = 1024;
/// The longest piece of a Unigram vocabulary, in bytes: its model tries
/// every piece that matches at each byte of a text, so this bounds its work
/// per byte.
pub const MAX_UNIGRAM_PIECE_BYTES: usize = 64;
/// The most a normalizer may multiply a text's length by (Llama 2's
/// `Replace` of " " by "▁" triples it).
pub const MAX_GROWTH: usize = 16;
/// The most steps of a normalizer `Sequence`.
const MAX_STEPS: usize = 64;

/// What the checks found: how much longer the normalizer can make a text.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    /// An upper bound of normalized bytes per byte of text (at least 1).
    /// (Loading recomputes it from the parsed normalizer; tests read it.)
    #[cfg_attr(not(any(test, feature = "internals")), allow(dead_code))]
    pub growth: usize,
}

/// Checks the JSON text of a `tokenizer.json` against the bounds above.
pub fn check(json: &str) -> Result<Shape, String> {
    let file: File = serde_json::from_str(json).map_err(|e| json_error(&e))?;
    let growth = match &file.normalizer {
        Some(n) => growth(n)?,
        None => 1,
    };
    if let Some(model) = &file.model {
        let unigram = model.kind.as_deref() == Some("Unigram");
        let max = match unigram {
            true => MAX_UNIGRAM_PIECE_BYTES,
            false => MAX_BPE_TOKEN_BYTES,
        };
        if let Some(v) = &model.vocab {
            if v.longest > max {
                return Err(format!(
                    "its vocabulary has a token of {} bytes; ftvp accepts {} tokens of at most {max} bytes",
                    v.longest,
                    if unigram { "Unigram" } else { "BPE" }
                ));
            }
        }
    }
    Ok(Shape { growth })
}

/// A JSON error in a user's words, with its line and column.
fn json_error(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let text = e.to_string();
    if let Some(bound) = text.strip_prefix(BOUND) {
        return bound.split(" at line").next().unwrap_or(bound).to_string();
    }
    let at = format!("line {} column {}", e.line(), e.column());
    match e.classify() {
        Category::Eof => format!("not a tokenizer.json: the JSON ends early, at {at}"),
        Category::Syntax => format!("not a tokenizer.json: invalid JSON at {at}"),
        Category::Io => format!("cannot read it: {}", crate::pricing::quote(&text)),
        Category::Data => {
            let what = text.split(" at line").next().unwrap_or(&text);
            let what = crate::pricing::text_humane(what).replace("a table", "a JSON object");
            format!(
                "not a tokenizer.json: {}, at {at}",
                crate::pricing::quote(&what)
            )
        }
    }
}

/// The message of the `tokenizers` crate when it cannot build a file that
/// passed [`check`], in a user's words where its words are its internals.
pub fn crate_error(message: &str) -> String {
    let message = message.split(" at line").next().unwrap_or(message);
    let known = [
        (
            "UnkIdNotInVocabulary",
            "its Unigram `unk_id` is not an index of its vocabulary",
        ),
        ("EmptyVocabulary", "its Unigram vocabulary is empty"),
        (
            "MissingUnkId",
            "its Unigram model uses byte fallback without an `unk_id`",
        ),
        (
            "MergeTokenOutOfVocabulary",
            "one of its merges names a token that is not in its vocabulary",
        ),
    ];
    match known.iter().find(|(k, _)| message.contains(k)) {
        Some((_, said)) => format!("not a usable tokenizer.json: {said}"),
        None => format!(
            "not a usable tokenizer.json: {}",
            crate::pricing::quote(
                &crate::pricing::text_humane(message).replace("a table", "a JSON object")
            )
        ),
    }
}

/// The growth bound of a normalizer given as JSON (from a file, or from a
/// tokenizer built in memory).
pub fn normalizer_growth(normalizer: &serde_json::Value) -> Result<usize, String> {
    let n = Normalizer::deserialize(normalizer).map_err(|e| {
        let e = e.to_string();
        e.strip_prefix(BOUND).map(str::to_string).unwrap_or(e)
    })?;
    growth(&n)
}

/// Marks an error of the bounds, so it is shown without serde's position.
const BOUND: &str = "ftvp bound: ";

fn growth(n: &Normalizer) -> Result<usize, String> {
    let g = step_growth(n)?;
    if g > MAX_GROWTH {
        return Err(format!(
            "its normalizer can make a text {g} times longer; ftvp accepts at most {MAX_GROWTH} times"
        ));
    }
    Ok(g.max(1))
}

/// Normalized bytes per byte of text, at most; saturating.
fn step_growth(n: &Normalizer) -> Result<usize, String> {
    Ok(match n.kind.as_str() {
        "Sequence" => {
            let mut g = 1usize;
            for step in n.normalizers.iter().flat_map(|s| &s.0) {
                g = g.saturating_mul(step_growth(step)?);
            }
            g
        }
        "Replace" => {
            let content = n.content.as_deref().unwrap_or_default().len();
            match &n.pattern {
                // A literal pattern is replaced where it occurs, never overlapping.
                Some(Pattern::String(p)) if !p.is_empty() => content.div_ceil(p.len()).max(1),
                // A regex (or an empty pattern) may match at every byte, even
                // with nothing: the byte and the content.
                _ => content.saturating_add(1),
            }
        }
        // Added once to the whole text: only its length is bounded.
        "Prepend" => {
            let p = n.prepend.as_deref().unwrap_or_default().len();
            if p > 64 {
                return Err(format!(
                    "its Prepend normalizer adds {p} bytes; ftvp accepts at most 64"
                ));
            }
            1
        }
        "Precompiled" => precompiled_growth(n.precompiled_charsmap.as_deref().unwrap_or_default())?,
        // A byte may become two characters of the byte-level alphabet.
        "ByteLevel" => 2,
        // Spaces around CJK characters; compatibility decompositions.
        "BertNormalizer" | "NFKC" | "NFKD" => 3,
        _ => 1,
    })
}

/// The longest replacement of a SentencePiece character map: what one
/// character (at least one byte) may become.
fn precompiled_growth(charsmap: &str) -> Result<usize, String> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(charsmap)
        .map_err(|_| "its Precompiled normalizer's character map is not base64".to_string())?;
    let trie = bytes
        .get(..4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
        .unwrap_or(0);
    let normalized = bytes.get(4usize.saturating_add(trie)..).unwrap_or_default();
    Ok(normalized
        .split(|&b| b == 0)
        .map(<[u8]>::len)
        .max()
        .unwrap_or(1))
}

#[derive(Deserialize)]
struct File {
    #[serde(default)]
    normalizer: Option<Normalizer>,
    #[serde(default)]
    model: Option<Model>,
    #[serde(default)]
    #[allow(dead_code)]
    added_tokens: Option<Counted<MAX_ADDED>>,
}

#[derive(Deserialize)]
struct Model {
    #[serde(rename = "type", default)]
    kind: Option<String>,
    #[serde(default)]
    vocab: Option<Vocab>,
    #[serde(default)]
    #[allow(dead_code)]
    merges: Option<Counted<MAX_MERGES>>,
}

#[derive(Deserialize)]
struct Normalizer {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    normalizers: Option<Steps>,
    #[serde(default)]
    pattern: Option<Pattern>,
    #[serde(default)]
    content: Option<String>,
    #[serde(default)]
    prepend: Option<String>,
    #[serde(default)]
    precompiled_charsmap: Option<String>,
}

#[derive(Deserialize)]
enum Pattern {
    String(String),
    Regex(#[allow(dead_code)] String),
}

/// The steps of a `Sequence`, at most [`MAX_STEPS`].
struct Steps(Vec<Normalizer>);

impl<'de> Deserialize<'de> for Steps {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Steps;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of normalizers")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Steps, A::Error> {
                let mut steps = Vec::new();
                while let Some(n) = seq.next_element()? {
                    if steps.len() == MAX_STEPS {
                        return Err(de::Error::custom(format!(
                            "{BOUND}its normalizer has more than {MAX_STEPS} steps"
                        )));
                    }
                    steps.push(n);
                }
                Ok(Steps(steps))
            }
        }
        d.deserialize_seq(V)
    }
}

/// A list of at most `N` entries, counted and not kept.
struct Counted<const N: usize>;

impl<'de, const N: usize> Deserialize<'de> for Counted<N> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<const N: usize>;
        impl<'de, const N: usize> Visitor<'de> for V<N> {
            type Value = Counted<N>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Counted<N>, A::Error> {
                let mut n = 0usize;
                while seq.next_element::<IgnoredAny>()?.is_some() {
                    n += 1;
                    if n > N {
                        return Err(de::Error::custom(format!(
                            "{BOUND}it has more than {N} entries in a list (merges or added tokens); ftvp accepts at most {N}"
                        )));
                    }
                }
                Ok(Counted)
            }
        }
        d.deserialize_seq(V::<N>)
    }
}

/// A vocabulary counted, with its longest token: a map of token to id
/// (BPE) or a list of `[piece, score]` (Unigram).
struct Vocab {
    longest: usize,
}

impl<'de> Deserialize<'de> for Vocab {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        fn too_many<E: de::Error>() -> E {
            E::custom(format!(
                "{BOUND}its vocabulary has more than {MAX_VOCAB} tokens; ftvp accepts at most {MAX_VOCAB}"
            ))
        }
        impl<'de> Visitor<'de> for V {
            type Value = Vocab;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a vocabulary")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Vocab, A::Error> {
                let (mut n, mut longest) = (0usize, 0usize);
                while let Some(Len(len)) = map.next_key()? {
                    map.next_value::<IgnoredAny>()?;
                    n += 1;
                    longest = longest.max(len);
                    if n > MAX_VOCAB {
                        return Err(too_many());
                    }
                }
                Ok(Vocab { longest })
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vocab, A::Error> {
                let (mut n, mut longest) = (0usize, 0usize);
                while let Some(Piece(len)) = seq.next_element()? {
                    n += 1;
                    longest = longest.max(len);
                    if n > MAX_VOCAB {
                        return Err(too_many());
                    }
                }
                Ok(Vocab { longest })
            }
        }
        d.deserialize_any(V)
    }
}

/// The length of a string, which is not kept.
struct Len(usize);

impl<'de> Deserialize<'de> for Len {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Len;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a token")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Len, E> {
                Ok(Len(v.len()))
            }
        }
        d.deserialize_str(V)
    }
}

/// A Unigram `[piece, score]`: the piece's length.
struct Piece(usize);

impl<'de> Deserialize<'de> for Piece {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Piece;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a [piece, score] pair")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Piece, A::Error> {
                let Len(len) = seq
                    .next_element()?
                    .ok_or_else(|| de::Error::custom("an empty [piece, score] pair"))?;
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Piece(len))
            }
        }
        d.deserialize_seq(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_normalizer_that_multiplies_text_is_refused() {
        let expand = r#"{"normalizer":{"type":"Replace","pattern":{"String":"a"},"content":"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"}}"#;
        let e = check(expand).unwrap_err();
        assert!(e.contains("76 times longer"), "{e}");
        let llama2 = r#"{"normalizer":{"type":"Sequence","normalizers":[{"type":"Prepend","prepend":"▁"},{"type":"Replace","pattern":{"String":" "},"content":"▁"}]}}"#;
        assert_eq!(check(llama2).unwrap().growth, 3);
    }

    #[test]
    fn vocabularies_are_bounded_in_size_and_token_length() {
        let long = format!(
            r#"{{"model":{{"type":"Unigram","vocab":[["{}",-1.0]]}}}}"#,
            "a".repeat(65)
        );
        assert!(check(&long).unwrap_err().contains("65 bytes"));
        let many: Vec<String> = (0..=MAX_VOCAB).map(|i| format!("\"t{i}\":{i}")).collect();
        let big = format!(
            r#"{{"model":{{"type":"BPE","vocab":{{{}}}}}}}"#,
            many.join(",")
        );
        let e = check(&big).unwrap_err();
        assert!(e.starts_with("its vocabulary has more than"), "{e}");
    }
}
