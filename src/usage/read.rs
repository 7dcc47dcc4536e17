//! Reading one usage file: its format found from its first line (or its
//! whole text, for a JSON document), then its records, in blocks of whole
//! records on every core for line formats (the dataset scanner's blocks and
//! caps; a CSV block ends only at a newline outside quotes), or at once for
//! a JSON document (capped).

use std::io::{BufRead, BufReader, Read};

use std::borrow::Cow;

use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};

use super::csv::{self as csv_rows, Columns, CsvKind};
use super::formats::{why, Page, Response, Sink, Spend, Traces};
use super::{FileRead, Measurement, Part};
use crate::dataset::stream::{self, Block, Numbering, Records};
use crate::dataset::MAX_WORKERS;

/// A usage file's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// OpenAI Usage API pages (completions).
    UsageApi,
    /// Response logs: OpenAI chat completions or Responses, Anthropic
    /// Messages, OpenAI Batch output.
    Responses,
    /// OTLP JSON GenAI spans.
    Otel,
    /// LiteLLM spend logs as JSON.
    Litellm,
    /// LiteLLM spend logs as CSV.
    LitellmCsv,
    /// A warehouse query's aggregate CSV.
    Aggregate,
}

impl Format {
    /// The name used by `--usage-format` and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::UsageApi => "usage-api",
            Format::Responses => "responses",
            Format::Otel => "otel",
            Format::Litellm => "litellm",
            Format::LitellmCsv => "litellm-csv",
            Format::Aggregate => "aggregate",
        }
    }
}

/// Why a usage file cannot be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum UsageError {
    /// No format matches the first line.
    #[error("{file}: not a usage format ftvp reads (line {line}: `{text}`); the formats are OpenAI Usage API pages, response logs (JSON lines), OTLP JSON spans, LiteLLM spend logs and the aggregate CSV")]
    Unknown {
        /// The file.
        file: String,
        /// The first non-blank line's number.
        line: u64,
        /// Its start, escaped.
        text: String,
    },
    /// The file holds nothing.
    #[error("{0}: no usage records (the file is empty or blank)")]
    Empty(String),
    /// A JSON document over the cap.
    #[error("{file}: a JSON document over {cap} MiB; export it as JSON lines (one page, span batch or response per line)")]
    TooLarge {
        /// The file.
        file: String,
        /// The cap, MiB.
        cap: u64,
    },
    /// The document is not JSON of the format.
    #[error("{file}: not a {format} document: {message}")]
    Document {
        /// The file.
        file: String,
        /// The format expected.
        format: &'static str,
        /// serde_json's words.
        message: String,
    },
    /// Reading failed.
    #[error("cannot read {file}: {message}")]
    Io {
        /// The file.
        file: String,
        /// Why.
        message: String,
    },
}

/// A JSON document (not JSON lines) is read whole, up to this size.
pub const MAX_DOCUMENT_BYTES: u64 = 64 << 20;
/// Bytes looked at to find the first line.
const PEEK_BYTES: usize = 1 << 20;

/// How a file's lines are read once its format is known.
#[derive(Debug, Clone)]
enum Lines {
    /// One JSON value of the format per line.
    Json(Format),
    /// CSV rows under a header.
    Csv(CsvKind, Columns),
}

/// Reads `reader` (named `file`) into `into`, with its format found or
/// `forced`; `progress` is told the bytes done.
pub fn read_file(
    reader: impl Read + Send,
    file: &str,
    forced: Option<Format>,
    into: &mut Measurement,
    progress: impl FnMut(u64),
) -> Result<(), UsageError> {
    let io = |e: std::io::Error| UsageError::Io { file: file.to_string(), message: crate::files::plain(&e) };
    let mut buffered = BufReader::with_capacity(PEEK_BYTES, reader);
    let (first, number) = first_line(&mut buffered).map_err(io)?;
    let Some(first) = first else {
        return Err(UsageError::Empty(file.to_string()));
    };
    let unknown = || UsageError::Unknown { file: file.to_string(), line: number, text: shown(&first) };
    let format = match detect(&first) {
        Detected::Lines(lines) => lines,
        Detected::Document => {
            return read_document(buffered, file, forced, into, progress).map(|_| ());
        }
        Detected::Unknown => return Err(unknown()),
    };
    let lines = match (forced, format) {
        (Some(f), Lines::Json(_)) if !matches!(f, Format::Aggregate | Format::LitellmCsv) => Lines::Json(f),
        (_, lines) => lines,
    };
    // The peeked bytes, then the file itself: blocks are read straight from
    // the file, not copied through the peek buffer.
    let peeked = buffered.buffer().to_vec();
    let rest = std::io::Cursor::new(peeked).chain(buffered.into_inner());
    let bytes = read_lines(rest, lines.clone(), into, progress).map_err(io)?;
    into.files.push(FileRead { name: file.to_string(), format: lines.format(), bytes });
    Ok(())
}

impl Lines {
    fn format(&self) -> Format {
        match self {
            Lines::Json(f) => *f,
            Lines::Csv(CsvKind::Aggregate, _) => Format::Aggregate,
            Lines::Csv(CsvKind::LiteLlm, _) => Format::LitellmCsv,
        }
    }
}

/// The file's first non-blank line (cut at [`PEEK_BYTES`]) and its number,
/// without consuming it.
fn first_line(r: &mut BufReader<impl Read>) -> std::io::Result<(Option<Vec<u8>>, u64)> {
    let mut number = 1;
    let mut blank = 0u64;
    loop {
        let buf = r.fill_buf()?;
        // Endless blank lines (a device) end the search: no records.
        if buf.is_empty() || blank > stream::MAX_UNBROKEN_BYTES {
            return Ok((None, number));
        }
        let end = memchr::memchr(b'\n', buf);
        let line = &buf[..end.unwrap_or(buf.len())];
        if !line.iter().all(u8::is_ascii_whitespace) || end.is_none() && buf.len() >= PEEK_BYTES {
            return Ok((Some(line.to_vec()), number));
        }
        let used = end.map_or(buf.len(), |e| e + 1);
        blank += used as u64;
        r.consume(used);
        if end.is_none() {
            continue;
        }
        number += 1;
    }
}

/// The start of a line for a message, escaped.
fn shown(line: &[u8]) -> String {
    let text = String::from_utf8_lossy(&line[..line.len().min(80)]);
    crate::format::escape_controls(text.trim())
}

enum Detected {
    Lines(Lines),
    Document,
    Unknown,
}

fn detect(first: &[u8]) -> Detected {
    let trimmed = first.trim_ascii();
    match trimmed.first() {
        Some(b'{' | b'[') => match serde_json::from_slice::<IgnoredAny>(trimmed) {
            Ok(_) => json_kind(trimmed).map_or(Detected::Unknown, |f| Detected::Lines(Lines::Json(f))),
            // A line cut at the peek is one long record; else the start of
            // a document printed over many lines.
            Err(_) if first.len() >= PEEK_BYTES => Detected::Lines(Lines::Json(Format::Responses)),
            Err(_) => Detected::Document,
        },
        _ => match std::str::from_utf8(trimmed).ok().and_then(csv_rows::kind_of_header) {
            Some(kind) => Detected::Lines(Lines::Csv(kind, Columns::of(trimmed))),
            None => Detected::Unknown,
        },
    }
}

/// The keys that tell the formats apart, read without keeping values.
#[derive(Deserialize, Default)]
struct Probe<'a> {
    #[serde(default, borrow)]
    object: Option<Cow<'a, str>>,
    data: Option<IgnoredAny>,
    usage: Option<IgnoredAny>,
    response: Option<IgnoredAny>,
    #[serde(rename = "resourceSpans")]
    resource_spans: Option<IgnoredAny>,
    prompt_tokens: Option<IgnoredAny>,
    #[serde(rename = "startTime")]
    start_time: Option<IgnoredAny>,
    spend: Option<IgnoredAny>,
}

/// The format of one JSON record (a line, or a document's first element).
fn json_kind(text: &[u8]) -> Option<Format> {
    let probe = match text.trim_ascii_start().first() {
        Some(b'[') => serde_json::from_slice::<Vec<Probe>>(text).ok()?.into_iter().next()?,
        _ => serde_json::from_slice::<Probe>(text).ok()?,
    };
    if matches!(probe.object.as_deref(), Some("page" | "bucket")) || probe.data.is_some() && probe.usage.is_none() {
        Some(Format::UsageApi)
    } else if probe.resource_spans.is_some() {
        Some(Format::Otel)
    } else if probe.usage.is_some() || probe.response.is_some() {
        Some(Format::Responses)
    } else if probe.prompt_tokens.is_some() || probe.start_time.is_some() || probe.spend.is_some() {
        Some(Format::Litellm)
    } else {
        None
    }
}

/// A worker's part holds at most this many series before it is handed
/// over to be merged (memory stays bounded whatever the models).
const PART_SERIES: usize = 256;

/// Reads a line format on every core; returns the bytes read. Each worker
/// adds its blocks to a part of its own, so the merging is done about once
/// per worker, not once per block on the one thread that merges.
fn read_lines(reader: impl Read + Send, lines: Lines, into: &mut Measurement, mut progress: impl FnMut(u64)) -> std::io::Result<u64> {
    let mut bytes = 0;
    let threads = rayon::current_num_threads().min(MAX_WORKERS);
    // A CSV's quoted cell may hold newlines: blocks end only outside quotes.
    // JSON lines are never named by number: their blocks skip the count.
    let records = match lines {
        Lines::Json(_) => (Records::Lines, Numbering::Bytes),
        Lines::Csv(..) => (Records::Csv, Numbering::Lines),
    };
    let parts = std::sync::Mutex::new(Vec::<Part>::new());
    let parts_ = || parts.lock().unwrap_or_else(|e| e.into_inner());
    stream::map_records(
        reader,
        records,
        threads,
        |block| {
            let mut part = parts_().pop().unwrap_or_default();
            read_block(block, &lines, &mut part);
            if part.series() > PART_SERIES {
                return Some(part);
            }
            parts_().push(part);
            None
        },
        |full, n| {
            if let Some(part) = full {
                into.merge(part);
            }
            bytes += n;
            progress(n);
        },
    )?;
    for part in std::mem::take(&mut *parts_()) {
        into.merge(part);
    }
    Ok(bytes)
}

fn read_block(block: &mut Block, lines: &Lines, part: &mut Part) {
    if block.skipped_line.is_some() {
        part.skip(why::TOO_LONG);
        return;
    }
    match lines {
        Lines::Json(format) => {
            // Line by line, each found with whether it holds a backslash in
            // one pass over the block: a response is parsed in place.
            let data = &mut block.data[..];
            let mut start = 0;
            while start < data.len() {
                let (len, escaped) = line_end(&data[start..]);
                let end = start + len;
                if !data[start..end].iter().all(u8::is_ascii_whitespace) {
                    json_line_in(data, (start, end), escaped, *format, part);
                }
                start = end + 1;
            }
        }
        Lines::Csv(kind, header) => {
            // The header is the file's first line.
            let data = match block.first_line {
                1 => block.data.get(memchr::memchr(b'\n', &block.data).map_or(block.data.len(), |e| e + 1)..).unwrap_or_default(),
                _ => &block.data[..],
            };
            csv_rows::read_rows(data, header, *kind, part);
        }
    }
}

/// The length of the line at the start of `bytes` (up to its newline or
/// the end) and whether it holds a backslash.
fn line_end(bytes: &[u8]) -> (usize, bool) {
    match memchr::memchr2(b'\n', b'\\', bytes) {
        Some(i) if bytes[i] == b'\\' => (i + memchr::memchr(b'\n', &bytes[i..]).unwrap_or(bytes.len() - i), true),
        Some(i) => (i, false),
        None => (bytes.len(), false),
    }
}

/// The line `data[start..end]` of a block (`escaped`: it holds a
/// backslash), as [`json_line`] reads it; a response parsed in place where
/// it can be.
fn json_line_in(data: &mut [u8], (start, end): (usize, usize), escaped: bool, format: Format, part: &mut Part) {
    if format != Format::Responses {
        return json_line(&data[start..end], format, part);
    }
    // Straight from the bytes; else the tape, in place or on a copy; else
    // serde_json, as json_line does.
    if !escaped && super::formats::direct::read(&data[start..end], part) {
        return;
    }
    if !super::formats::tape::read_in_place(data, (start, end), escaped, part)
        && serde_json::from_slice::<Response>(&data[start..end]).map(|r| r.read(part)).is_err()
    {
        part.skip(why::UNREADABLE);
    }
}

/// One JSON line of `format`; a line that is not one is skipped.
pub fn json_line(line: &[u8], format: Format, sink: &mut impl Sink) {
    let ok = match format {
        Format::UsageApi => serde_json::from_slice::<Page>(line).map(|p| p.read(sink)),
        Format::Otel => serde_json::from_slice::<Traces>(line).map(|t| t.read(sink)),
        Format::Litellm => serde_json::from_slice::<Spend>(line).map(|s| s.read(sink)),
        _ if super::formats::direct::read(line, sink) || super::formats::tape::read(line, sink) => Ok(()),
        _ => serde_json::from_slice::<Response>(line).map(|r| r.read(sink)),
    };
    if ok.is_err() {
        sink.skip(why::UNREADABLE);
    }
}

/// A JSON document: a Usage API page, an OTLP export, or an array of pages,
/// responses or LiteLLM rows.
fn read_document(
    reader: impl Read,
    file: &str,
    forced: Option<Format>,
    into: &mut Measurement,
    mut progress: impl FnMut(u64),
) -> Result<Format, UsageError> {
    let mut text = Vec::new();
    let read = reader.take(MAX_DOCUMENT_BYTES + 1).read_to_end(&mut text);
    read.map_err(|e| UsageError::Io { file: file.to_string(), message: crate::files::plain(&e) })?;
    if text.len() as u64 > MAX_DOCUMENT_BYTES {
        return Err(UsageError::TooLarge { file: file.to_string(), cap: MAX_DOCUMENT_BYTES >> 20 });
    }
    progress(text.len() as u64);
    let bad = |format: &'static str, e: serde_json::Error| UsageError::Document {
        file: file.to_string(),
        format,
        message: e.to_string(),
    };
    serde_json::from_slice::<IgnoredAny>(&text).map_err(|e| bad("JSON", e))?;
    let format = forced.or_else(|| json_kind(&text)).ok_or_else(|| UsageError::Unknown {
        file: file.to_string(),
        line: 1,
        text: shown(&text[..text.len().min(80)]),
    })?;
    let mut part = Part::default();
    let many = text.trim_ascii_start().first() == Some(&b'[');
    let read = match format {
        Format::UsageApi => document::<Page>(&text, many, &mut part, |p, s| p.read(s)),
        Format::Otel => document::<Traces>(&text, many, &mut part, |t, s| t.read(s)),
        Format::Litellm | Format::LitellmCsv => document::<Spend>(&text, many, &mut part, |r, s| r.read(s)),
        _ => document::<Response>(&text, many, &mut part, |r, s| r.read(s)),
    };
    read.map_err(|e| bad(format.as_str(), e))?;
    into.merge(part);
    into.files.push(FileRead { name: file.to_string(), format, bytes: text.len() as u64 });
    Ok(format)
}

/// Reads a document of one `T` or an array of them into `part`.
fn document<'a, T: Deserialize<'a>>(
    text: &'a [u8],
    many: bool,
    part: &mut Part,
    read: impl Fn(&T, &mut Part),
) -> serde_json::Result<()> {
    let items = match many {
        true => serde_json::from_slice::<Vec<T>>(text)?,
        false => vec![serde_json::from_slice::<T>(text)?],
    };
    for item in &items {
        read(item, part);
    }
    Ok(())
}

/// Reads a whole file from a reader (tests, fuzzing).
#[cfg(any(test, feature = "internals"))]
pub fn read_bytes(bytes: &[u8], forced: Option<Format>) -> Result<Measurement, UsageError> {
    let mut m = Measurement::default();
    read_file(std::io::Cursor::new(bytes.to_vec()), "input", forced, &mut m, |_| {})?;
    Ok(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_ends_at_its_newline_and_says_whether_it_holds_a_backslash() {
        assert_eq!(line_end(b"abc\nd"), (3, false));
        assert_eq!(line_end(b"a\\b\nc\\"), (3, true)); // the next line's backslash is not this one's
        assert_eq!(line_end(b"ab"), (2, false));
        assert_eq!(line_end(b"a\\b"), (3, true));
        assert_eq!(line_end(b"\n\\"), (0, false));
        assert_eq!(line_end(b"\\\n"), (1, true));
        assert_eq!(line_end(b""), (0, false));
    }

    #[test]
    fn escaped_blank_and_unended_lines_of_a_block_are_each_read_once() {
        // Line 2 holds a backslash (copied before parsing), line 3 is blank,
        // the last has no newline: three records, the block read in place.
        let line = |t: u64, extra: &str| {
            format!(r#"{{"model":"m{extra}","created":{t},"usage":{{"prompt_tokens":10,"completion_tokens":2}}}}"#)
        };
        let text = format!("{}\n{}\n  \n{}", line(1_785_542_400, ""), line(1_785_542_400, "\\u0041"), line(1_785_542_400, ""));
        let m = read_bytes(text.as_bytes(), None).unwrap();
        assert_eq!(m.requests(), 3);
        assert_eq!(m.models(), ["m", "mA"]);
    }
}
