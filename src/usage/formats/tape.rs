//! Response logs read straight off simd-json's tape (the lines
//! [`super::direct`] leaves: escapes, tabs between values, deep nesting):
//! the fields a record needs are picked out and every other value (the
//! message text, tool calls) is skipped by its node count, never built.
//! Whatever the tape
//! cannot read as serde_json would (a float or a text where a count is, a
//! key written twice, a line simd-json refuses or a long one) is left to
//! serde_json, so both paths give the same records.

use std::cell::RefCell;

use simd_json::{Node, StaticNode, Tape};

use super::{Count, Day, Details, Response, Sink, Tokens};
use crate::usage::calendar;

/// Lines longer than this go to serde_json (their copy and tape would cost
/// memory on every thread).
const FAST_LINE_BYTES: usize = 64 << 10;

struct Fast {
    buffers: simd_json::Buffers,
    tape: Tape<'static>,
    scratch: Vec<u8>,
}

thread_local! {
    static FAST: RefCell<Fast> = RefCell::new(Fast {
        buffers: simd_json::Buffers::with_max_depth(4096, 64),
        tape: Tape(Vec::new()),
        scratch: Vec::new(),
    });
}

/// Reads `line` as a logged response into `sink`; `false` when the tape
/// cannot, and serde_json must.
pub fn read(line: &[u8], sink: &mut impl Sink) -> bool {
    if line.len() > FAST_LINE_BYTES {
        return false;
    }
    FAST.with_borrow_mut(|fast| {
        let Fast { buffers, tape, scratch } = fast;
        scratch.clear();
        scratch.extend_from_slice(line);
        scratch.resize(line.len() + simd_json::INPUT_PADDING, b' ');
        let mut t = std::mem::replace(tape, Tape(Vec::new())).reset();
        let done = simd_json::fill_tape_padded(scratch.as_mut_slice(), line.len(), buffers, &mut t).is_ok()
            && match response(&t.0, 0) {
                Some(r) => {
                    r.read(sink);
                    true
                }
                None => false,
            };
        *tape = t.reset();
        done
    })
}

/// [`read`] for the line `buf[start..end]` of a block, parsed where it lies
/// when it needs no copy: simd-json reads the bytes after it as padding and
/// leaves them unchanged, and a line without a backslash has nothing to
/// unescape, so it is unchanged too (should serde_json have to read it).
/// Other lines (`escaped`: the caller found a backslash in it) are copied,
/// as [`read`] does.
pub fn read_in_place(buf: &mut [u8], (start, end): (usize, usize), escaped: bool, sink: &mut impl Sink) -> bool {
    let line = &buf[start..end];
    let padded = buf.len() - end >= simd_json::INPUT_PADDING;
    debug_assert_eq!(escaped, line.contains(&b'\\'));
    if !padded || line.len() > FAST_LINE_BYTES || escaped {
        return read(line, sink);
    }
    FAST.with_borrow_mut(|fast| {
        let Fast { buffers, tape, .. } = fast;
        let mut t = std::mem::replace(tape, Tape(Vec::new())).reset();
        let done = simd_json::fill_tape_padded(&mut buf[start..], end - start, buffers, &mut t).is_ok()
            && match response(&t.0, 0) {
                Some(r) => {
                    r.read(sink);
                    true
                }
                None => false,
            };
        *tape = t.reset();
        done
    })
}

/// The index after the value at `i`.
fn skip(nodes: &[Node], i: usize) -> usize {
    match nodes.get(i) {
        Some(Node::Object { count, .. } | Node::Array { count, .. }) => i + 1 + count,
        _ => i + 1,
    }
}

/// The keys and values of the object at `i`, or `None` when it is not one.
fn fields<'n, 'a>(nodes: &'n [Node<'a>], i: usize) -> Option<impl Iterator<Item = (&'a str, usize)> + 'n> {
    let Some(Node::Object { len, .. }) = nodes.get(i) else {
        return None;
    };
    let mut at = i + 1;
    Some((0..*len).map_while(move |_| {
        let Some(Node::String(key)) = nodes.get(at) else {
            return None;
        };
        let value = at + 1;
        at = skip(nodes, value);
        Some((*key, value))
    }))
}

/// Sets `slot` once; a second value for the same key (serde_json refuses
/// it) or a value of the wrong kind ends the fast path.
fn once<T>(slot: &mut Option<T>, value: Option<T>) -> Option<()> {
    match slot.is_some() {
        true => None,
        false => {
            *slot = Some(value?);
            Some(())
        }
    }
}

fn response<'a>(nodes: &[Node<'a>], i: usize) -> Option<Response<'a>> {
    let (mut timestamp, mut created, mut created_at) = (None, None, None);
    let (mut model, mut object, mut usage, mut inner, mut body) = (None, None, None, None, None);
    for (key, v) in fields(nodes, i)? {
        match key {
            "timestamp" => once(&mut timestamp, day(nodes.get(v)?))?,
            "created" => once(&mut created, day(nodes.get(v)?))?,
            "created_at" => once(&mut created_at, day(nodes.get(v)?))?,
            "model" => once(&mut model, text(nodes.get(v)?))?,
            "object" => once(&mut object, text(nodes.get(v)?))?,
            "usage" => once(&mut usage, optional(nodes, v, tokens))?,
            "response" => once(&mut inner, optional(nodes, v, |n, i| response(n, i).map(Box::new)))?,
            "body" => once(&mut body, optional(nodes, v, |n, i| response(n, i).map(Box::new)))?,
            _ => {}
        }
    }
    Some(Response {
        timestamp: timestamp.unwrap_or_default(),
        response: inner.flatten(),
        body: body.flatten(),
        model: model.flatten().map(Into::into),
        created: created.unwrap_or_default(),
        created_at: created_at.unwrap_or_default(),
        object: object.flatten().map(Into::into),
        usage: usage.flatten(),
    })
}

/// `null`, or what `read` makes of the value.
fn optional<'a, T>(nodes: &[Node<'a>], i: usize, read: impl Fn(&[Node<'a>], usize) -> Option<T>) -> Option<Option<T>> {
    match nodes.get(i)? {
        Node::Static(StaticNode::Null) => Some(None),
        _ => read(nodes, i).map(Some),
    }
}

fn text<'a>(node: &Node<'a>) -> Option<Option<&'a str>> {
    match node {
        Node::String(s) => Some(Some(s)),
        Node::Static(StaticNode::Null) => Some(None),
        _ => None,
    }
}

fn day(node: &Node) -> Option<Day> {
    Some(Day(match node {
        Node::String(s) => calendar::day_of_text(s),
        Node::Static(StaticNode::U64(u)) => calendar::day_of_unix(i128::from(*u)),
        Node::Static(StaticNode::I64(i)) => calendar::day_of_unix(i128::from(*i)),
        Node::Static(StaticNode::Null) => None,
        _ => return None, // floats: serde_json's reading
    }))
}

fn count(node: &Node) -> Option<Count> {
    Some(Count(match node {
        Node::Static(StaticNode::U64(u)) => Some(*u),
        Node::Static(StaticNode::I64(i)) => u64::try_from(*i).ok(),
        Node::Static(StaticNode::Null) => None,
        _ => return None, // floats and texts: serde_json's reading
    }))
}

fn tokens(nodes: &[Node], i: usize) -> Option<Tokens> {
    let mut slots: [Option<Count>; 6] = [None; 6];
    let mut details: [Option<Option<Details>>; 4] = [None, None, None, None];
    const COUNTS: [&str; 6] = [
        "prompt_tokens", "completion_tokens", "input_tokens", "output_tokens",
        "cache_read_input_tokens", "cache_creation_input_tokens",
    ];
    const DETAILS: [&str; 4] = [
        "prompt_tokens_details", "completion_tokens_details", "input_tokens_details", "output_tokens_details",
    ];
    for (key, v) in fields(nodes, i)? {
        if let Some(k) = COUNTS.iter().position(|c| *c == key) {
            once(&mut slots[k], count(nodes.get(v)?))?;
        } else if let Some(k) = DETAILS.iter().position(|c| *c == key) {
            once(&mut details[k], optional(nodes, v, detail))?;
        }
    }
    let [prompt, completion, input, output, read, write] = slots.map(Option::unwrap_or_default);
    let [pd, cd, id, od] = details.map(Option::flatten);
    Some(Tokens {
        prompt_tokens: prompt,
        completion_tokens: completion,
        input_tokens: input,
        output_tokens: output,
        cache_read_input_tokens: read,
        cache_creation_input_tokens: write,
        prompt_tokens_details: pd,
        completion_tokens_details: cd,
        input_tokens_details: id,
        output_tokens_details: od,
    })
}

fn detail(nodes: &[Node], i: usize) -> Option<Details> {
    let (mut cached, mut reasoning) = (None, None);
    for (key, v) in fields(nodes, i)? {
        match key {
            "cached_tokens" => once(&mut cached, count(nodes.get(v)?))?,
            "reasoning_tokens" => once(&mut reasoning, count(nodes.get(v)?))?,
            _ => {}
        }
    }
    Some(Details {
        cached_tokens: cached.unwrap_or_default(),
        reasoning_tokens: reasoning.unwrap_or_default(),
    })
}
