//! Response log lines read straight from their bytes in one pass: the
//! fields a record needs are picked out while every other value (the
//! message text, tool calls) is checked against JSON's grammar and skipped,
//! never built. This is the common case of a log line, written by a JSON
//! encoder without escapes, and it is cheaper than simd-json's full parse
//! and tape walk: on the logs of `scripts/bench-usage.py`, `ftvp usage`
//! takes about 10% less CPU time with it.
//!
//! It reads only what serde_json reads the same way. Whatever it does not
//! follow (a backslash anywhere, a control byte, a float or a text where a
//! count is, a key written twice, deep nesting) it leaves to the tape and
//! then to serde_json, as [`super::tape`] leaves to serde_json what it
//! cannot read: a line it reads gives serde_json's records, and the
//! `usage_log` fuzz target and the tests check that.

use std::borrow::Cow;

use super::{Count, Day, Details, Response, Sink, Tokens};
use crate::usage::calendar;

/// Nesting followed (serde_json's own limit is 128): deeper lines are left
/// to the tape.
const MAX_DEPTH: u32 = 64;

/// Reads `line` as a logged response into `sink`; `false` when it leaves
/// the line to the tape.
pub fn read(line: &[u8], sink: &mut impl Sink) -> bool {
    match response_line(line) {
        Some(r) => {
            r.read(sink);
            true
        }
        None => false,
    }
}

/// The response `line` holds, or `None` to leave it to the tape.
pub fn response_line(line: &[u8]) -> Option<Response<'_>> {
    // Trailing blanks (a CR of CRLF) lie outside any value. Past them no
    // byte below 0x20 may appear: inside a text JSON forbids it, and
    // outside one it could only be a tab or a CR between values, rare
    // enough to leave to the tape. So the only whitespace left is a space.
    // A backslash (an escape) leaves the line to the tape too, so a text
    // ends at the next quote.
    let end = line.iter().rposition(|b| !matches!(b, b' ' | b'\t' | b'\r')).map_or(0, |i| i + 1);
    let line = &line[..end];
    if line.iter().fold(false, |any, b| any | (*b < 0x20) | (*b == b'\\')) {
        return None;
    }
    let mut p = Bytes { b: line, i: 0 };
    let mut r = Response::default();
    p.response(0, &mut r)?;
    p.blanks();
    (p.i == line.len()).then_some(r)
}

/// A line and where its reading stands.
struct Bytes<'a> {
    b: &'a [u8],
    i: usize,
}

/// A number as the fields read it: a whole number that fits a `u64`, or
/// any other number JSON allows.
enum Number {
    Whole(u64),
    Other,
}

impl<'a> Bytes<'a> {
    fn blanks(&mut self) {
        while self.b.get(self.i) == Some(&b' ') {
            self.i += 1;
        }
    }

    /// The next byte after blanks, not taken.
    fn peek(&mut self) -> Option<u8> {
        self.blanks();
        self.b.get(self.i).copied()
    }

    fn take(&mut self, byte: u8) -> Option<()> {
        (self.peek()? == byte).then(|| self.i += 1)
    }

    /// A text (at its opening quote; the line holds no escapes): its bytes.
    fn text(&mut self) -> Option<&'a [u8]> {
        self.take(b'"')?;
        let rest = &self.b[self.i..];
        let close = first_quote(rest)?;
        self.i += close + 1;
        Some(&rest[..close])
    }

    /// A text as UTF-8, which serde_json requires of the texts it keeps.
    fn utf8(&mut self) -> Option<&'a str> {
        utf8(self.text()?)
    }

    fn literal(&mut self, word: &[u8]) -> Option<()> {
        let found = self.b.get(self.i..self.i + word.len())? == word;
        found.then(|| self.i += word.len())
    }

    fn null(&mut self) -> bool {
        self.peek() == Some(b'n') && self.literal(b"null").is_some()
    }

    /// A number by JSON's grammar: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`,
    /// its value taken as its digits are passed.
    fn number(&mut self) -> Option<Number> {
        self.blanks();
        let b = self.b;
        let mut i = self.i;
        let negative = b.get(i) == Some(&b'-');
        i += usize::from(negative);
        // Past u64 serde_json reads a float.
        let mut value = Some(0u64);
        match b.get(i)? {
            b'0' => i += 1,
            b'1'..=b'9' => {
                while let Some(d) = b.get(i).map(|c| c.wrapping_sub(b'0')).filter(|d| *d < 10) {
                    value = value.and_then(|v| v.checked_mul(10)?.checked_add(u64::from(d)));
                    i += 1;
                }
            }
            _ => return None,
        }
        let mut plain = !negative;
        if b.get(i) == Some(&b'.') {
            i = digits(b, i + 1)?;
            plain = false;
        }
        if matches!(b.get(i), Some(b'e' | b'E')) {
            i += 1;
            i += usize::from(matches!(b.get(i), Some(b'+' | b'-')));
            i = digits(b, i)?;
            plain = false;
        }
        self.i = i;
        Some(value.filter(|_| plain).map_or(Number::Other, Number::Whole))
    }

    /// Checks and passes over any value.
    fn skip(&mut self, depth: u32) -> Option<()> {
        match self.peek()? {
            b'"' => self.text().map(drop),
            b'{' => self.object(depth, |p, _, depth| p.skip(depth + 1)),
            b'[' => self.array(depth),
            b't' => self.literal(b"true"),
            b'f' => self.literal(b"false"),
            b'n' => self.literal(b"null"),
            b'-' | b'0'..=b'9' => self.number().map(drop),
            _ => None,
        }
    }

    fn array(&mut self, depth: u32) -> Option<()> {
        if depth >= MAX_DEPTH {
            return None;
        }
        self.take(b'[')?;
        if self.peek()? == b']' {
            self.i += 1;
            return Some(());
        }
        loop {
            self.skip(depth + 1)?;
            match self.peek()? {
                b',' => self.i += 1,
                b']' => {
                    self.i += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    /// An object: `each` reads the value of each key. A key must be UTF-8,
    /// as serde_json requires of the keys of the objects it reads into
    /// fields (the known keys are; others are checked).
    fn object(&mut self, depth: u32, mut each: impl FnMut(&mut Self, &'a [u8], u32) -> Option<()>) -> Option<()> {
        if depth >= MAX_DEPTH {
            return None;
        }
        self.take(b'{')?;
        if self.peek()? == b'}' {
            self.i += 1;
            return Some(());
        }
        loop {
            let key = self.text()?;
            self.take(b':')?;
            each(self, key, depth)?;
            match self.peek()? {
                b',' => self.i += 1,
                b'}' => {
                    self.i += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    /// The value of a key a field object does not read: the key must still
    /// be UTF-8 for serde_json.
    fn unknown(&mut self, key: &[u8], depth: u32) -> Option<()> {
        // ASCII, the common case, is UTF-8: checked first, inline.
        if !key.is_ascii() {
            utf8(key)?;
        }
        self.skip(depth + 1)
    }

    fn response(&mut self, depth: u32, r: &mut Response<'a>) -> Option<()> {
        let mut seen = 0u8;
        self.object(depth, |p, key, depth| {
            let bit = match key {
                b"timestamp" => 0,
                b"created" => 1,
                b"created_at" => 2,
                b"model" => 3,
                b"object" => 4,
                b"usage" => 5,
                b"response" => 6,
                b"body" => 7,
                _ => return p.unknown(key, depth),
            };
            first(&mut seen, bit)?;
            match bit {
                0 => r.timestamp = p.day()?,
                1 => r.created = p.day()?,
                2 => r.created_at = p.day()?,
                3 => r.model = p.name()?,
                4 => r.object = p.name()?,
                5 if p.null() => r.usage = None,
                5 => p.tokens(depth + 1, r.usage.insert(Tokens::default()))?,
                6 if p.null() => r.response = None,
                6 => p.response(depth + 1, r.response.insert(Box::default()))?,
                _ if p.null() => r.body = None,
                _ => p.response(depth + 1, r.body.insert(Box::default()))?,
            }
            Some(())
        })
    }

    /// A model or object name: a text or `null`.
    fn name(&mut self) -> Option<Option<Cow<'a, str>>> {
        match self.null() {
            true => Some(None),
            false => Some(Some(Cow::Borrowed(self.utf8()?))),
        }
    }

    /// A time: a whole number, a text or `null`; a float is left to serde_json.
    fn day(&mut self) -> Option<Day> {
        Some(Day(match self.peek()? {
            b'"' => calendar::day_of_text(self.utf8()?),
            b'n' => self.literal(b"null").map(|_| None)?,
            _ => match self.number()? {
                Number::Whole(u) => calendar::day_of_unix(i128::from(u)),
                Number::Other => return None,
            },
        }))
    }

    /// A count: a whole number or `null`; anything else is left to serde_json.
    fn count(&mut self) -> Option<Count> {
        if self.null() {
            return Some(Count(None));
        }
        match self.number()? {
            Number::Whole(u) => Some(Count(Some(u))),
            Number::Other => None,
        }
    }

    fn tokens(&mut self, depth: u32, t: &mut Tokens) -> Option<()> {
        let mut seen = 0u16;
        self.object(depth, |p, key, depth| {
            let bit = match key {
                b"prompt_tokens" => 0,
                b"completion_tokens" => 1,
                b"input_tokens" => 2,
                b"output_tokens" => 3,
                b"cache_read_input_tokens" => 4,
                b"cache_creation_input_tokens" => 5,
                b"prompt_tokens_details" => 6,
                b"completion_tokens_details" => 7,
                b"input_tokens_details" => 8,
                b"output_tokens_details" => 9,
                _ => return p.unknown(key, depth),
            };
            first(&mut seen, bit)?;
            let details = match bit {
                0 => return p.count().map(|c| t.prompt_tokens = c),
                1 => return p.count().map(|c| t.completion_tokens = c),
                2 => return p.count().map(|c| t.input_tokens = c),
                3 => return p.count().map(|c| t.output_tokens = c),
                4 => return p.count().map(|c| t.cache_read_input_tokens = c),
                5 => return p.count().map(|c| t.cache_creation_input_tokens = c),
                6 => &mut t.prompt_tokens_details,
                7 => &mut t.completion_tokens_details,
                8 => &mut t.input_tokens_details,
                _ => &mut t.output_tokens_details,
            };
            match p.null() {
                true => *details = None,
                false => p.detail(depth + 1, details.insert(Details::default()))?,
            }
            Some(())
        })
    }

    fn detail(&mut self, depth: u32, d: &mut Details) -> Option<()> {
        let mut seen = 0u8;
        self.object(depth, |p, key, depth| match key {
            b"cached_tokens" => {
                first(&mut seen, 0)?;
                d.cached_tokens = p.count()?;
                Some(())
            }
            b"reasoning_tokens" => {
                first(&mut seen, 1)?;
                d.reasoning_tokens = p.count()?;
                Some(())
            }
            _ => p.unknown(key, depth),
        })
    }
}

/// Marks key `bit` read; a key read twice (serde_json refuses it) leaves
/// the line to the tape.
fn first<T>(seen: &mut T, bit: u32) -> Option<()>
where
    T: Copy + std::ops::BitAnd<Output = T> + std::ops::BitOrAssign + std::ops::Shl<u32, Output = T> + From<u8> + PartialEq,
{
    let mask = T::from(1) << bit;
    if *seen & mask != T::from(0) {
        return None;
    }
    *seen |= mask;
    Some(())
}

/// The first `"` in `bytes`. Most texts are keys and names, shorter than a
/// search's setup: their first 32 bytes are looked at 8 at a time in a
/// word (the lowest byte that equals `"` is the lowest whose high bit the
/// subtraction sets where it was clear), the rest by `memchr`.
fn first_quote(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_le_bytes([0x80; 8]);
    const QUOTES: u64 = u64::from_le_bytes([b'"'; 8]);
    let mut at = 0;
    for chunk in bytes.chunks_exact(8).take(4) {
        let x = u64::from_le_bytes(chunk.try_into().ok()?) ^ QUOTES;
        let found = x.wrapping_sub(ONES) & !x & HIGHS;
        if found != 0 {
            return Some(at + (found.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    memchr::memchr(b'"', &bytes[at..]).map(|i| at + i)
}

/// The index past the digits of `b` from `i`, when there is at least one.
fn digits(b: &[u8], i: usize) -> Option<usize> {
    let end = i + b.get(i..)?.iter().take_while(|c| c.is_ascii_digit()).count();
    (end > i).then_some(end)
}

/// `bytes` as UTF-8.
fn utf8(bytes: &[u8]) -> Option<&str> {
    std::str::from_utf8(bytes).ok()
}
