//! Where a block of a line format may end: after any newline for JSON
//! lines, after a newline outside quotes for CSV, where a quoted field (a
//! LiteLLM `messages` or `metadata` cell of JSON) may hold newlines of its
//! own.
//!
//! The CSV scanner follows the state machine of the csv crate's reader
//! (csv-core) with its defaults (`,`, `"` doubled to escape, CR, LF or CRLF
//! ends a record, no comments, no trimming): a `"` opens a quoted field only
//! at the start of a field; inside one, `""` is a quote and a lone `"` ends
//! the quoting, after which the field goes on unquoted. A newline outside
//! quotes ends a record whatever came before on its line, so a block cut
//! there is read by the csv crate exactly as the whole file is.

/// How the records of a file end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Records {
    /// Every line is a record (JSON lines).
    Lines,
    /// CSV: a record ends at a newline outside quotes.
    Csv,
}

/// Where a CSV scan stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// At the start of a field (or of a record).
    Start,
    /// In an unquoted field (or after a quoted field's closing quote).
    Unquoted,
    /// Inside quotes.
    Quoted,
    /// Just after a quote inside quotes: `""` or the closing quote.
    QuoteInQuoted,
}

/// Finds record ends in the bytes of a file handed to it in order, each
/// byte once: it carries the CSV state from one call to the next.
#[derive(Debug, Clone)]
pub struct Ends {
    records: Records,
    state: State,
}

impl Ends {
    /// A scanner at the start of a file.
    pub fn new(records: Records) -> Ends {
        Ends { records, state: State::Start }
    }

    /// The kind of records it finds.
    pub fn records(&self) -> Records {
        self.records
    }

    /// Scans `bytes` up to the first record end among them; its newline's
    /// index. The bytes after it are not scanned.
    pub fn first(&mut self, bytes: &[u8]) -> Option<usize> {
        match self.records {
            Records::Lines => memchr::memchr(b'\n', bytes),
            Records::Csv => self.scan(bytes, true),
        }
    }

    /// Scans all of `bytes`; the index of the newline of the last record
    /// end among them.
    pub fn last(&mut self, bytes: &[u8]) -> Option<usize> {
        match self.records {
            Records::Lines => memchr::memrchr(b'\n', bytes),
            Records::Csv => self.scan(bytes, false),
        }
    }

    /// Runs the CSV state machine over `bytes` (stopping at the first record
    /// end when `first`); the last record end seen.
    fn scan(&mut self, bytes: &[u8], first: bool) -> Option<usize> {
        let mut end = None;
        let mut i = 0;
        while i < bytes.len() {
            // Quoted text and unquoted fields are skipped a search at a time.
            let skip = match self.state {
                State::Quoted => memchr::memchr(b'"', &bytes[i..]),
                State::Unquoted => memchr::memchr3(b',', b'\n', b'\r', &bytes[i..]),
                _ => Some(0),
            };
            let Some(skip) = skip else { break };
            i += skip;
            let b = bytes[i];
            self.state = step(self.state, b);
            if b == b'\n' && self.state == State::Start {
                end = Some(i);
                if first {
                    break;
                }
            }
            i += 1;
        }
        end
    }
}

/// One byte of the csv-core state machine, as far as quoting goes.
fn step(state: State, b: u8) -> State {
    match (state, b) {
        (State::Quoted, b'"') => State::QuoteInQuoted,
        (State::Quoted, _) => State::Quoted,
        (State::Start, b'"') | (State::QuoteInQuoted, b'"') => State::Quoted,
        (_, b',' | b'\n' | b'\r') => State::Start,
        _ => State::Unquoted,
    }
}

/// The positions just after each record end of `data`, a whole file
/// (tests and fuzzing: cutting there must not change what csv reads).
#[cfg(any(test, feature = "internals"))]
pub fn cuts(data: &[u8], records: Records) -> Vec<usize> {
    let mut ends = Ends::new(records);
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = ends.first(&data[at..]) {
        at += i + 1;
        out.push(at);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The records csv reads from `data`.
    fn rows(data: &[u8]) -> Vec<Vec<Vec<u8>>> {
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .buffer_capacity(16)
            .from_reader(data);
        rdr.byte_records()
            .map(|r| r.map_or_else(|e| vec![e.to_string().into_bytes()], |r| r.iter().map(<[u8]>::to_vec).collect()))
            .collect()
    }

    /// Reading the pieces between the cuts, one after another, gives what
    /// reading `data` whole gives.
    fn cut_reads_as_whole(data: &[u8]) -> usize {
        let cuts = cuts(data, Records::Csv);
        let mut pieces = Vec::new();
        let mut from = 0;
        for &c in cuts.iter().chain([data.len()].iter()) {
            pieces.extend(rows(&data[from..c.max(from)]));
            from = c;
        }
        assert_eq!(pieces, rows(data), "{:?}", String::from_utf8_lossy(data));
        cuts.len()
    }

    #[test]
    fn newlines_inside_quotes_end_no_record() {
        let data = b"a,\"x\ny\",b\n\"q\"\"\n\",2\r\nlast,\"\"\n";
        // `a,"x⏎y",b⏎` is 10 bytes, `"q""⏎",2␍⏎` 10 more, `last,""⏎` 8.
        assert_eq!(cuts(data, Records::Csv), [10, 20, 28]);
        assert_eq!(cut_reads_as_whole(data), 3);
        assert_eq!(cuts(data, Records::Lines).len(), 5);
    }

    #[test]
    fn quotes_inside_unquoted_fields_are_text_and_cr_ends_a_record() {
        // `b"c` is an unquoted field holding a quote; after a lone CR a quote
        // opens a field; text after a closing quote is unquoted.
        for data in [&b"a,b\"c\nd\n"[..], b"a\r\"x\ny\"\nz\n", b"\"a\"b\nc\n", b"\"a\"\"\n\"\n,\n"] {
            cut_reads_as_whole(data);
        }
    }

    #[test]
    fn every_cut_of_generated_csv_reads_as_the_whole() {
        // Every string of these bytes up to length 6: quotes, separators,
        // both line ends and text, in every order.
        let alphabet = b"\"\n\r,x";
        let mut data = Vec::new();
        for len in 0..=6u32 {
            for mut n in 0..alphabet.len().pow(len) {
                data.clear();
                for _ in 0..len {
                    data.push(alphabet[n % alphabet.len()]);
                    n /= alphabet.len();
                }
                cut_reads_as_whole(&data);
            }
        }
    }

    #[test]
    fn a_scan_handed_bytes_in_pieces_finds_the_same_ends() {
        let data = b"h,m\n1,\"{\n \"\"k\"\": 1\n}\"\n2,\"a\nb\"\n";
        let whole = cuts(data, Records::Csv);
        for split in 0..data.len() {
            let mut ends = Ends::new(Records::Csv);
            let a = ends.last(&data[..split]);
            let b = ends.last(&data[split..]).map(|i| split + i + 1);
            assert_eq!(b.or(a.map(|i| i + 1)), whole.last().copied(), "split at {split}");
        }
    }
}
