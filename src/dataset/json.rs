//! A JSON value that borrows its strings from the line where it can: the
//! checks read every example once, and copying every string would cost as
//! much as a third of the tokenizer's time.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::Number;
use simd_json::{Node, StaticNode, Tape};

/// The longest line [`Json::parse_line`] hands to simd-json.
pub const FAST_LINE_BYTES: usize = 64 << 10;
/// The deepest nesting simd-json may take; serde_json stops at 128.
pub const FAST_MAX_DEPTH: usize = 64;

/// simd-json's working buffers and tape, kept by each worker thread for the
/// scan so that no line allocates them.
struct Fast {
    buffers: simd_json::Buffers,
    /// Empty between lines (it borrows a line only while that line is read).
    tape: Tape<'static>,
}

thread_local! {
    static FAST: RefCell<Fast> = RefCell::new(Fast {
        buffers: simd_json::Buffers::with_max_depth(4096, FAST_MAX_DEPTH),
        tape: Tape(Vec::new()),
    });
}

/// Whether `line` starts with `{` and ends with `}` (white space aside):
/// only such a line can be a valid example, and a line of a broken file
/// (`{`) is not parsed twice.
fn looks_like_an_object(line: &[u8]) -> bool {
    let text = line.trim_ascii();
    text.first() == Some(&b'{') && text.last() == Some(&b'}')
}

/// A parsed JSON value; object keys keep the order written.
#[derive(Debug, Clone, PartialEq)]
pub enum Json<'a> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// Any number.
    Number(Number),
    /// A string, borrowed unless it had escapes.
    String(Cow<'a, str>),
    /// A list.
    Array(Vec<Json<'a>>),
    /// An object's fields in the order written, each key once: a key
    /// written twice keeps its last value at its first place, as Python's
    /// `json` (a `dict`) keeps it.
    Object(Vec<(Cow<'a, str>, Json<'a>)>),
}

impl<'a> Json<'a> {
    /// Parses one JSON document.
    #[cfg(any(test, feature = "internals"))]
    pub fn parse(text: &'a str) -> serde_json::Result<Json<'a>> {
        serde_json::from_str(text)
    }

    /// Parses one line of a JSONL file: the value [`serde_json`] gives, or
    /// its error, found faster.
    ///
    /// A line of up to [`FAST_LINE_BYTES`] is copied into `scratch` (with
    /// the padding simd-json reads past the end) and parsed there into a
    /// tape by simd-json, which unescapes strings in place, so that they are
    /// borrowed rather than allocated; the value is read straight off the
    /// tape. `scratch` may be reused from line to line.
    ///
    /// A line simd-json refuses, a longer one (whose copy and tape would
    /// cost memory on every thread) and one nested deeper than
    /// [`FAST_MAX_DEPTH`] go to serde_json, whose errors (and recursion
    /// limit) are the ones reported, and so does a line that does not start
    /// with `{` and end with `}`, which cannot be an example (a broken file's
    /// lines are not parsed twice). The values are the same either way; a
    /// property test and a fuzz target hold the two parsers to it.
    pub fn parse_line(line: &'a [u8], scratch: &'a mut Vec<u8>) -> serde_json::Result<Json<'a>> {
        if line.len() <= FAST_LINE_BYTES && looks_like_an_object(line) {
            scratch.clear();
            scratch.extend_from_slice(line);
            scratch.resize(line.len() + simd_json::INPUT_PADDING, b' ');
            let copy: &'a mut [u8] = scratch.as_mut_slice();
            let fast = FAST.with_borrow_mut(|fast| {
                let mut tape = std::mem::replace(&mut fast.tape, Tape(Vec::new())).reset::<'a>();
                let value =
                    simd_json::fill_tape_padded(copy, line.len(), &mut fast.buffers, &mut tape)
                        .ok()
                        .and_then(|()| Json::from_tape(&tape.0, &mut 0, line));
                fast.tape = tape.reset();
                value
            });
            if let Some(value) = fast {
                return Ok(value);
            }
        }
        serde_json::from_slice(line)
    }

    /// The value at `nodes[*at]` of simd-json's tape of `line`, moving `at`
    /// past it; `None` where serde_json might read a number otherwise, so
    /// that the line goes to serde_json: simd-json reads `-0` as the integer
    /// 0 (serde_json as -0.0), and serde_json's float parsing (without
    /// `float_roundtrip`) may differ from simd-json's in the last place.
    fn from_tape(nodes: &[Node<'a>], at: &mut usize, line: &[u8]) -> Option<Json<'a>> {
        let node = *nodes.get(*at)?;
        *at += 1;
        Some(match node {
            Node::String(s) => Json::String(Cow::Borrowed(s)),
            Node::Static(StaticNode::Null) => Json::Null,
            Node::Static(StaticNode::Bool(b)) => Json::Bool(b),
            Node::Static(StaticNode::I64(0) | StaticNode::U64(0))
                if memchr::memmem::find(line, b"-0").is_some() =>
            {
                return None
            }
            Node::Static(StaticNode::I64(i)) => Json::Number(i.into()),
            Node::Static(StaticNode::U64(u)) => Json::Number(u.into()),
            Node::Static(_) => return None, // a float
            Node::Array { len, .. } => {
                let mut items = Vec::with_capacity(len);
                for _ in 0..len {
                    items.push(Json::from_tape(nodes, at, line)?);
                }
                Json::Array(items)
            }
            Node::Object { len, .. } => {
                let mut fields = Fields {
                    list: Vec::with_capacity(len),
                    index: None,
                };
                for _ in 0..len {
                    let Node::String(key) = *nodes.get(*at)? else {
                        return None;
                    };
                    *at += 1;
                    let value = Json::from_tape(nodes, at, line)?;
                    fields.insert(Cow::Borrowed(key), value);
                }
                Json::Object(fields.list)
            }
        })
    }

    /// The value of `key` in an object (the last written, if written twice).
    pub fn get(&self, key: &str) -> Option<&Json<'a>> {
        match self {
            Json::Object(fields) => fields.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    /// Whether this is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Json::Null)
    }

    /// Compact JSON text with object keys sorted (as Python's
    /// `json.dumps(…, separators=(",", ":"), sort_keys=True)` writes it).
    pub fn to_compact(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// JSON text as chat templates write it with `tojson` (Python's
    /// `json.dumps(…, ensure_ascii=False)`): keys in the order written,
    /// `", "` and `": "` between items.
    pub fn to_template_json(&self) -> String {
        let mut out = String::new();
        self.write_template_json(&mut out);
        out
    }

    fn write_template_json(&self, out: &mut String) {
        match self {
            Json::Object(fields) => {
                out.push('{');
                for (i, (k, v)) in fields.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(&serde_json::to_string(k.as_ref()).unwrap_or_default());
                    out.push_str(": ");
                    v.write_template_json(out);
                }
                out.push('}');
            }
            Json::Array(items) => {
                out.push('[');
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    v.write_template_json(out);
                }
                out.push(']');
            }
            scalar => out.push_str(&scalar.to_compact()),
        }
    }
}

impl Serialize for Json<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Json::Null => s.serialize_unit(),
            Json::Bool(b) => s.serialize_bool(*b),
            Json::Number(n) => n.serialize(s),
            Json::String(t) => s.serialize_str(t),
            Json::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Json::Object(fields) => {
                let mut sorted: Vec<&(Cow<str>, Json)> = fields.iter().collect();
                sorted.sort_by(|a, b| a.0.cmp(&b.0));
                let mut map = s.serialize_map(Some(sorted.len()))?;
                for (k, v) in sorted {
                    map.serialize_entry(k.as_ref(), v)?;
                }
                map.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Json<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E>(self) -> Result<Json<'de>, E> {
        Ok(Json::Null)
    }

    fn visit_bool<E>(self, v: bool) -> Result<Json<'de>, E> {
        Ok(Json::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Json<'de>, E> {
        Ok(Json::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Json<'de>, E> {
        Ok(Json::Number(v.into()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Json<'de>, E> {
        Number::from_f64(v)
            .map(Json::Number)
            .ok_or_else(|| E::custom("a number that is not finite"))
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Json<'de>, E> {
        Ok(Json::String(Cow::Borrowed(v)))
    }

    fn visit_str<E>(self, v: &str) -> Result<Json<'de>, E> {
        Ok(Json::String(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E>(self, v: String) -> Result<Json<'de>, E> {
        Ok(Json::String(Cow::Owned(v)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json<'de>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Json::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json<'de>, A::Error> {
        let mut fields = Fields::default();
        while let Some(key) = map.next_key::<Key<'de>>()? {
            let value = map.next_value()?;
            fields.insert(key.0, value);
        }
        Ok(Json::Object(fields.list))
    }
}

/// An object's fields while it is parsed, each key once.
#[derive(Default)]
struct Fields<'a> {
    list: Vec<(Cow<'a, str>, Json<'a>)>,
    /// Where each key is, once the object is too large to search its list.
    index: Option<HashMap<String, usize>>,
}

impl<'a> Fields<'a> {
    /// Objects up to this many keys are searched key by key.
    const SCAN: usize = 16;

    /// Adds a field; a key already there gets the new value in its place.
    fn insert(&mut self, key: Cow<'a, str>, value: Json<'a>) {
        match self.position(&key) {
            Some(i) => self.list[i].1 = value,
            None => {
                if let Some(index) = &mut self.index {
                    index.insert(key.to_string(), self.list.len());
                }
                self.list.push((key, value));
            }
        }
    }

    fn position(&mut self, key: &str) -> Option<usize> {
        if self.index.is_none() && self.list.len() >= Self::SCAN {
            let index = self.list.iter().enumerate();
            self.index = Some(index.map(|(i, (k, _))| (k.to_string(), i)).collect());
        }
        match &self.index {
            Some(index) => index.get(key).copied(),
            None => self.list.iter().position(|(k, _)| k == key),
        }
    }
}

/// An object key, borrowed unless it had escapes.
struct Key<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Json::deserialize(d)? {
            Json::String(s) => Ok(Key(s)),
            _ => Err(de::Error::custom("an object key that is not a string")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `parse_line` and serde_json alone: the same value or both an error;
    /// `scratch` may hold an earlier line, as in a scan.
    fn agree(line: &[u8], scratch: &mut Vec<u8>) {
        let slow = serde_json::from_slice::<Json>(line);
        let fast = Json::parse_line(line, scratch);
        let shown = String::from_utf8_lossy(line);
        match (&fast, &slow) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "{shown}"),
            (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{shown}"),
            _ => panic!("{shown}: parse_line {fast:?}, serde_json {slow:?}"),
        }
    }

    #[test]
    fn lines_parse_as_serde_json_parses_them_at_every_edge() {
        let nested = |depth: usize| format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let mut lines: Vec<Vec<u8>> = [
            "-0",
            "0",
            "-0.0",
            "1e400",
            "-1e400",
            "1e-400",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775808",
            "-9223372036854775809",
            "1.7976931348623157e308",
            "5e-324",
            "0.1",
            "1E2",
            "1e+2",
            "01",
            "1.",
            ".5",
            "-",
            "+1",
            "1.5e",
            "NaN",
            "Infinity",
            "tru",
            "nul",
            "true ",
            " \t\r{}\r",
            r#""\ud800""#,
            r#""\udc00""#,
            r#""\ud83d\ude00""#,
            r#""\u0000""#,
            r#""\x""#,
            r#""\u12""#,
            "\"a\u{1}b\"",
            "\"a\tb\"",
            "\"\u{7f}\"",
            "\u{feff}{}",
            "{} x",
            "{}{}",
            "[1,]",
            "[,1]",
            r#"{"a":1,}"#,
            r#"{"a" 1}"#,
            r#"{1:2}"#,
            r#"{"a":}"#,
            r#"{"a":1,"a":[2,{"a":3}],"b":"é\n\"\\/"}"#,
            "[1,2",
            "\"open",
            "[\"a\"]]",
            r#"{"messages":[{"role":"user","content":"Hi\n\"there\""}]}"#,
        ]
        .iter()
        .map(|s| s.as_bytes().to_vec())
        .collect();
        lines.extend([
            b"\"\xff\"".to_vec(),
            b"\"\xc0\xaf\"".to_vec(),
            b"\"\xed\xa0\x80\"".to_vec(),
        ]);
        for depth in [
            FAST_MAX_DEPTH - 1,
            FAST_MAX_DEPTH,
            FAST_MAX_DEPTH + 1,
            127,
            128,
            129,
            5000,
        ] {
            lines.push(nested(depth).into_bytes());
        }
        let long = format!(r#"{{"a":"{}\n"}}"#, "x".repeat(FAST_LINE_BYTES));
        lines.push(long.into_bytes());
        // Each also as a field of an object, a line simd-json reads first
        // (one more level of nesting), all through one scratch buffer.
        let mut scratch = Vec::new();
        for line in &lines {
            agree(line, &mut Vec::new());
            agree(line, &mut scratch);
            let field = [&br#"{"v": "#[..], line, b"}"].concat();
            agree(&field, &mut scratch);
        }
    }

    #[test]
    fn a_line_s_escaped_strings_are_unescaped_in_place_not_allocated() {
        let line = br#"{"content":"line\nbreak \"quoted\" \u00e9"}"#;
        let mut scratch = Vec::new();
        let v = Json::parse_line(line, &mut scratch).unwrap();
        assert!(matches!(
            v.get("content"),
            Some(Json::String(Cow::Borrowed("line\nbreak \"quoted\" é")))
        ));
    }

    #[test]
    fn borrows_plain_strings_and_unescapes_the_rest() {
        let text = r#"{"a":"plain","b":"line\nbreak","c":[1,-2,3.5,true,null]}"#;
        let v = Json::parse(text).unwrap();
        assert!(matches!(
            v.get("a"),
            Some(Json::String(Cow::Borrowed("plain")))
        ));
        assert_eq!(v.get("b").and_then(Json::as_str), Some("line\nbreak"));
        assert_eq!(v.to_compact(), text);
    }

    #[test]
    fn a_key_written_twice_keeps_its_last_value_in_its_first_place() {
        let v = Json::parse(r#"{"a": 1, "b": 2, "a": 3}"#).unwrap();
        assert_eq!(v.get("a"), Json::parse("3").ok().as_ref());
        assert_eq!(v.to_compact(), r#"{"a":3,"b":2}"#); // json.dumps(json.loads(…))
        let many: Vec<String> = (0..100).map(|i| format!(r#""k{}": {i}"#, i % 40)).collect();
        let text = format!("{{{}}}", many.join(","));
        let v = Json::parse(&text).unwrap();
        let Json::Object(fields) = &v else {
            panic!("an object")
        };
        assert_eq!(fields.len(), 40);
        assert_eq!(v.get("k3"), Json::parse("83").ok().as_ref());
    }

    #[test]
    fn compact_text_sorts_keys_like_python() {
        let v = Json::parse(r#"{"z": 1, "a": {"y": "é", "b": [ ]}}"#).unwrap();
        assert_eq!(v.to_compact(), r#"{"a":{"b":[],"y":"é"},"z":1}"#);
    }
}
