//! Reading a JSONL file in bounded memory on every core: one thread cuts the
//! file into blocks of whole lines, worker threads each take a block, read
//! and check its lines and summarise it, and the caller receives the
//! summaries in file order. A record is a line, or for CSV a row whose
//! quoted fields may hold newlines (see [`super::ends`]); blocks hold whole
//! records.
//!
//! Memory is bounded by the blocks in flight (a fixed pool of buffers) and by
//! the line caps: a line over [`LONG_LINE_BYTES`] waits until no other such
//! line is held, a line over [`MAX_LINE_BYTES`] is skipped unread (and
//! reported), and [`MAX_UNBROKEN_BYTES`] without a newline ends the scan.

use std::collections::BTreeMap;
use std::io::{self, Read};
use std::sync::mpsc::{channel, sync_channel, Receiver, Sender, SyncSender};
use std::sync::Mutex;

pub use super::ends::Records;
use super::ends::Ends;

/// What a block knows of where it lies in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Numbering {
    /// Blocks carry their first line's number (a pass over each block to
    /// count its newlines), and errors name lines.
    Lines,
    /// Blocks carry no line numbers ([`Block::first_line`] is 0), and an
    /// error names the byte where its line starts: for readers that never
    /// name a line, so that the reading thread, which every worker waits
    /// on, does less.
    Bytes,
}

/// A line longer than this is held only while no other such line is: the
/// blocks that hold one take turns.
pub const LONG_LINE_BYTES: u64 = 1 << 20;
/// A line longer than this is a format error; it is skipped without being
/// held or parsed, and the scan goes on.
pub const MAX_LINE_BYTES: u64 = 64 << 20;
/// This many bytes without a newline end the scan with an error: the file is
/// not JSON Lines (`/dev/zero`, a binary file).
pub const MAX_UNBROKEN_BYTES: u64 = 256 << 20;

/// Bytes read at a time. A block holds the end of the previous read's last
/// line plus one read, so blocks stay within [`LONG_LINE_BYTES`] unless a
/// line is longer than a read.
const READ: usize = (LONG_LINE_BYTES / 2) as usize;
/// Blocks in flight beyond one per worker: enough to keep the workers fed
/// while the reading thread waits for a core (6 rather than 2: 3% faster on
/// 2 cores, where it shares them with the workers).
const SPARE_BLOCKS: usize = 6;

/// Whole lines of the file, or one line too long to hold.
pub struct Block {
    /// Position of the block in the file, from 0.
    seq: u64,
    /// Number (from 1) of the block's first line; 0 under
    /// [`Numbering::Bytes`].
    pub first_line: u64,
    /// The lines, each ended by `\n` except perhaps the file's last.
    pub data: Vec<u8>,
    /// The length of a line over [`MAX_LINE_BYTES`], skipped unread; `data`
    /// is then empty and the line is `first_line`.
    pub skipped_line: Option<u64>,
    /// Whether this block holds the one turn for a line over
    /// [`LONG_LINE_BYTES`].
    long: bool,
}

impl Block {
    /// The non-blank lines with their numbers.
    pub fn lines(&self) -> Vec<(u64, &[u8])> {
        let mut out = Vec::new();
        let mut start = 0;
        let ends = memchr::memchr_iter(b'\n', &self.data).chain(
            (!self.data.ends_with(b"\n") && !self.data.is_empty()).then_some(self.data.len()),
        );
        for (number, end) in (self.first_line..).zip(ends) {
            let line = &self.data[start..end];
            if !line.iter().all(u8::is_ascii_whitespace) {
                out.push((number, line));
            }
            start = end + 1;
        }
        out
    }

    /// Bytes of the file the block stands for.
    pub fn file_bytes(&self) -> u64 {
        self.skipped_line.unwrap_or(self.data.len() as u64)
    }
}

/// Calls `work` on every block of `reader` on `threads` worker threads and
/// hands each result to `merge` in file order, with the block's file bytes.
///
/// Memory stays within `threads + 6` blocks of about a megabyte, the results
/// waiting for an earlier block, and at most one line over
/// [`LONG_LINE_BYTES`], whatever the file's size.
pub fn map_blocks<R, T, W, M>(reader: R, threads: usize, work: W, merge: M) -> io::Result<()>
where
    R: Read + Send,
    T: Send,
    W: Fn(&mut Block) -> T + Sync,
    M: FnMut(T, u64),
{
    map_records(reader, (Records::Lines, Numbering::Lines), threads, work, merge)
}

/// [`map_blocks`] for a file of `records`: blocks are cut only where a
/// record ends (for CSV, at a newline outside quotes), and the caps on a
/// line apply to a record; blocks are numbered as `numbering` says.
pub fn map_records<R, T, W, M>(
    reader: R,
    (records, numbering): (Records, Numbering),
    threads: usize,
    work: W,
    mut merge: M,
) -> io::Result<()>
where
    R: Read + Send,
    T: Send,
    W: Fn(&mut Block) -> T + Sync,
    M: FnMut(T, u64),
{
    let threads = threads.max(1);
    let (blocks_tx, blocks_rx) = sync_channel::<Block>(threads);
    let blocks_rx = Mutex::new(blocks_rx);
    std::thread::scope(|scope| {
        let (done_tx, done_rx) = channel::<Done<T>>();
        let (free_tx, free_rx) = channel::<Vec<u8>>();
        let (turn_tx, turn_rx) = sync_channel::<()>(1);
        turn_tx.send(()).expect("the receiver is alive");
        let pool = Pool {
            free: free_rx,
            made: 0,
            most: threads + SPARE_BLOCKS,
            turn: (turn_tx.clone(), turn_rx),
        };
        let reader_done = done_tx.clone();
        scope.spawn(move || {
            if let Err(e) = read_blocks(reader, (records, numbering), pool, &blocks_tx) {
                let _ = reader_done.send(Done::Failed(e));
            }
        });
        for _ in 0..threads {
            let worker = Worker {
                blocks: &blocks_rx,
                done: done_tx.clone(),
                free: free_tx.clone(),
                turn: turn_tx.clone(),
            };
            let work = &work;
            scope.spawn(move || worker.run(work));
        }
        drop((done_tx, free_tx, turn_tx));
        in_order(done_rx, &mut merge)
    })
}

enum Done<T> {
    Block { seq: u64, bytes: u64, result: T },
    Failed(io::Error),
}

/// Hands results to `merge` in block order as they arrive in any order.
fn in_order<T>(done: Receiver<Done<T>>, merge: &mut impl FnMut(T, u64)) -> io::Result<()> {
    let mut waiting = BTreeMap::new();
    let mut next = 0u64;
    for d in done {
        match d {
            Done::Failed(e) => return Err(e),
            Done::Block { seq, bytes, result } => {
                waiting.insert(seq, (result, bytes));
            }
        }
        while let Some((result, bytes)) = waiting.remove(&next) {
            merge(result, bytes);
            next += 1;
        }
    }
    Ok(())
}

struct Worker<'a, T> {
    blocks: &'a Mutex<Receiver<Block>>,
    done: Sender<Done<T>>,
    free: Sender<Vec<u8>>,
    turn: SyncSender<()>,
}

impl<T> Worker<'_, T> {
    fn run(self, work: &impl Fn(&mut Block) -> T) {
        loop {
            // The lock is held only to take a block, not while working on it.
            let next = self.blocks.lock().unwrap_or_else(|e| e.into_inner()).recv();
            let Ok(mut block) = next else { return };
            let result = work(&mut block);
            let (seq, bytes) = (block.seq, block.file_bytes());
            self.give_back(block);
            if self.done.send(Done::Block { seq, bytes, result }).is_err() {
                return;
            }
        }
    }

    /// Returns the block's buffer to the pool (shrunk if a long line grew
    /// it) and its turn for long lines. The reader may have stopped: then
    /// nothing is waiting for them.
    fn give_back(&self, mut block: Block) {
        if block.long {
            block.data = Vec::new();
            let _ = self.turn.send(());
        }
        let _ = self.free.send(block.data);
    }
}

/// The buffers blocks are read into: at most `most`, reused as workers hand
/// them back, so that reading waits for the workers instead of running ahead.
struct Pool {
    free: Receiver<Vec<u8>>,
    made: usize,
    most: usize,
    /// The one turn to hold a line over [`LONG_LINE_BYTES`], and the way to
    /// give it back when a long line turns out too long to hold.
    turn: (SyncSender<()>, Receiver<()>),
}

impl Pool {
    fn take(&mut self) -> Vec<u8> {
        let mut buf = match self.free.try_recv() {
            Ok(b) => b,
            Err(_) if self.made < self.most => {
                self.made += 1;
                Vec::with_capacity(2 * READ)
            }
            Err(_) => self.free.recv().unwrap_or_default(),
        };
        buf.clear();
        buf
    }

    fn wait_turn(&self) {
        // A sender lives here, so this cannot fail.
        let _ = self.turn.1.recv();
    }

    fn give_turn_back(&self) {
        let _ = self.turn.0.try_send(());
    }
}

/// The reading thread's state: where the next block starts.
struct Reader<R> {
    reader: R,
    pool: Pool,
    seq: u64,
    first_line: u64,
    numbering: Numbering,
    /// Where in the file the next block starts (the leftover's first byte).
    offset: u64,
    /// The start of a line whose end is not read yet (already scanned), or
    /// after a line skipped as too long, what its last read held after it.
    leftover: Vec<u8>,
    /// The last record end in the leftover, after a skipped line.
    leftover_end: Option<usize>,
    eof: bool,
    /// Where records end; it has scanned every byte up to the leftover's end.
    ends: Ends,
}

/// The reading thread: cuts `reader` into blocks of whole lines and sends
/// them, in order, until the end of the file or the first error.
fn read_blocks<R: Read>(
    reader: R,
    (records, numbering): (Records, Numbering),
    pool: Pool,
    out: &SyncSender<Block>,
) -> io::Result<()> {
    let mut r = Reader {
        reader,
        pool,
        seq: 0,
        first_line: 1,
        numbering,
        offset: 0,
        leftover: Vec::with_capacity(READ),
        leftover_end: None,
        eof: false,
        ends: Ends::new(records),
    };
    while !(r.eof && r.leftover.is_empty()) {
        let Some(block) = r.next_block()? else {
            continue;
        };
        if out.send(block).is_err() {
            break; // the scan has stopped
        }
    }
    Ok(())
}

impl<R: Read> Reader<R> {
    /// The next block: whole lines from one read, else one long line (with
    /// any lines after it in its last read), else a line skipped as too long.
    fn next_block(&mut self) -> io::Result<Option<Block>> {
        let mut buf = self.pool.take();
        buf.append(&mut self.leftover);
        let scanned = buf.len();
        if !self.eof {
            self.eof = fill(&mut self.reader, &mut buf, READ)?;
        }
        // The leftover was scanned when it was kept: its last end counts.
        let last = self.ends.last(&buf[scanned..]).map(|i| scanned + i);
        match last.or(self.leftover_end.take()) {
            Some(i) => Ok(self.block(buf, i + 1, false)),
            None if self.eof => Ok(self.block(buf, usize::MAX, false)),
            None => self.long_line(buf),
        }
    }

    /// Reads on to the end of a line longer than one read, holding the one
    /// turn for long lines; past [`MAX_LINE_BYTES`] the line is skipped.
    fn long_line(&mut self, mut buf: Vec<u8>) -> io::Result<Option<Block>> {
        self.pool.wait_turn();
        loop {
            let scanned = buf.len();
            self.eof = fill(&mut self.reader, &mut buf, READ)?;
            let end = self.ends.first(&buf[scanned..]).map(|i| scanned + i);
            let line_len = end.unwrap_or(buf.len()) as u64;
            if line_len > MAX_LINE_BYTES {
                self.pool.give_turn_back();
                return self.skip_line(buf, end).map(Some);
            }
            if let Some(e) = end {
                let last = self.ends.last(&buf[e + 1..]).map_or(e, |i| e + 1 + i);
                return Ok(self.block(buf, last + 1, true));
            }
            if self.eof {
                return Ok(self.block(buf, usize::MAX, true));
            }
        }
    }

    /// A block that stands for one line too long to hold, after reading past
    /// it; `end` is where its newline is in `buf`, if read.
    fn skip_line(&mut self, mut buf: Vec<u8>, end: Option<usize>) -> io::Result<Block> {
        let (len, lines) = match end {
            Some(e) => {
                self.keep_after(&buf, e);
                (e as u64, newlines(&buf[..e]))
            }
            None => self.discard_to_newline(&mut buf)?,
        };
        let block = Block {
            seq: self.seq,
            first_line: self.line_number(),
            data: Vec::new(),
            skipped_line: Some(len),
            long: false,
        };
        self.seq += 1;
        self.offset += len + 1;
        // A CSV record may hold newlines inside quotes: lines count them.
        self.first_line += 1 + lines;
        Ok(block)
    }

    /// Keeps what follows the record end at `end` as the leftover, scanned,
    /// with the last record end among it.
    fn keep_after(&mut self, buf: &[u8], end: usize) {
        self.leftover_end = self.ends.last(&buf[end + 1..]);
        self.leftover.extend_from_slice(&buf[end + 1..]);
    }

    /// Reads and drops bytes up to the next record end (keeping what
    /// follows it); the length of the record, counting `buf`, and the
    /// newlines inside it. Too many bytes without an end stop the scan.
    fn discard_to_newline(&mut self, buf: &mut Vec<u8>) -> io::Result<(u64, u64)> {
        let mut len = buf.len() as u64;
        let mut lines = newlines(buf);
        *buf = Vec::with_capacity(READ);
        while !self.eof {
            buf.clear();
            self.eof = fill(&mut self.reader, buf, READ)?;
            if let Some(i) = self.ends.first(buf) {
                self.keep_after(buf, i);
                return Ok((len + i as u64, lines + newlines(&buf[..i])));
            }
            len += buf.len() as u64;
            lines += newlines(buf);
            if len > MAX_UNBROKEN_BYTES {
                return Err(self.unbroken());
            }
        }
        Ok((len, lines))
    }

    /// The number of the next block's first line, where lines are numbered.
    fn line_number(&self) -> u64 {
        match self.numbering {
            Numbering::Lines => self.first_line,
            Numbering::Bytes => 0,
        }
    }

    /// The error of a record that does not end.
    fn unbroken(&self) -> io::Error {
        let cap = MAX_UNBROKEN_BYTES >> 20;
        let at = match self.numbering {
            Numbering::Lines => format!("line {}", self.first_line),
            Numbering::Bytes => format!("the line at byte {}", self.offset),
        };
        let message = match self.ends.records() {
            Records::Lines => format!(
                "{at} runs past {cap} MiB without a newline (the cap for one line); \
                 this is not a JSONL file"
            ),
            Records::Csv => format!(
                "the CSV row from {at} runs past {cap} MiB without ending (the cap for \
                 one row): a quote opened and never closed?"
            ),
        };
        io::Error::new(io::ErrorKind::InvalidData, message)
    }

    /// The block of `buf`'s lines up to `cut` (all of it if past its end);
    /// what follows is kept for the next block. `None` for no bytes.
    fn block(&mut self, mut buf: Vec<u8>, cut: usize, long: bool) -> Option<Block> {
        if cut < buf.len() {
            self.leftover.extend_from_slice(&buf[cut..]);
            buf.truncate(cut);
        }
        if buf.is_empty() {
            if long {
                self.pool.give_turn_back();
            }
            return None;
        }
        let lines = match self.numbering {
            Numbering::Lines => memchr::memchr_iter(b'\n', &buf).count() as u64,
            Numbering::Bytes => 0,
        };
        self.offset += buf.len() as u64;
        let block = Block {
            seq: self.seq,
            first_line: self.line_number(),
            data: buf,
            skipped_line: None,
            long,
        };
        self.seq += 1;
        self.first_line += lines;
        Some(block)
    }
}

fn newlines(bytes: &[u8]) -> u64 {
    memchr::memchr_iter(b'\n', bytes).count() as u64
}

/// Reads until `buf` holds `want` more bytes or the reader ends; true at the end.
fn fill<R: Read>(reader: &mut R, buf: &mut Vec<u8>, want: usize) -> io::Result<bool> {
    // `read_to_end` reads into the spare capacity without zeroing it first.
    buf.reserve(want);
    let target = buf.len() + want;
    while buf.len() < target {
        let n = reader
            .by_ref()
            .take((target - buf.len()) as u64)
            .read_to_end(buf)?;
        if n == 0 {
            return Ok(true);
        }
    }
    Ok(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every non-blank line with its number, through the workers.
    fn all_lines<R: Read + Send>(text: R, threads: usize) -> io::Result<Vec<(u64, Vec<u8>)>> {
        let mut out = Vec::new();
        map_blocks(
            text,
            threads,
            |b: &mut Block| match b.skipped_line {
                Some(len) => vec![(b.first_line, format!("skipped {len}").into_bytes())],
                None => b
                    .lines()
                    .into_iter()
                    .map(|(n, l)| (n, l.to_vec()))
                    .collect(),
            },
            |lines: Vec<(u64, Vec<u8>)>, _| out.extend(lines),
        )?;
        Ok(out)
    }

    #[test]
    fn numbers_lines_from_one_and_skips_blank_ones() {
        let lines = all_lines(&b"a\n\n  \nb\r\nc"[..], 2).unwrap();
        assert_eq!(
            lines,
            [(1, b"a".to_vec()), (4, b"b\r".to_vec()), (5, b"c".to_vec())]
        );
        assert!(all_lines(&b""[..], 2).unwrap().is_empty());
    }

    #[test]
    fn line_numbers_carry_across_blocks_and_long_lines_in_file_order() {
        let long = "x".repeat(3 * READ + 10);
        let mut text = String::new();
        for i in 0..300_000 {
            text.push_str(&format!("line {i}\n"));
        }
        text.push_str(&long);
        text.push_str("\nlast\n");
        for threads in [1, 3] {
            let lines = all_lines(text.as_bytes(), threads).unwrap();
            assert_eq!(lines.len(), 300_002);
            assert_eq!(lines[123_456], (123_457, b"line 123456".to_vec()));
            assert_eq!(lines[300_000].1.len(), long.len());
            assert_eq!(lines[300_001], (300_002, b"last".to_vec()));
        }
    }

    #[test]
    fn a_long_last_line_without_a_newline_is_read_whole() {
        let mut text = b"a\n".to_vec();
        text.extend(std::iter::repeat_n(b'x', 3 * READ + 7));
        let lines = all_lines(&text[..], 2).unwrap();
        assert_eq!(lines.len(), 2);
        assert_eq!((lines[1].0, lines[1].1.len()), (2, 3 * READ + 7));
    }

    /// Bytes of `len` without a newline, generated as they are read.
    struct Unbroken(u64);

    impl Read for Unbroken {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = buf.len().min(self.0 as usize);
            buf[..n].fill(b'{');
            self.0 -= n as u64;
            Ok(n)
        }
    }

    #[test]
    fn a_line_over_the_cap_is_skipped_unread_and_the_scan_goes_on() {
        let reader = Unbroken(MAX_LINE_BYTES + 5).chain(&b"\nnext\n"[..]);
        let mut out = Vec::new();
        map_blocks(
            reader,
            2,
            |b: &mut Block| (b.first_line, b.skipped_line, b.lines().len()),
            |r, _| out.push(r),
        )
        .unwrap();
        assert_eq!(out, [(1, Some(MAX_LINE_BYTES + 5), 0), (2, None, 1)]);
    }

    #[test]
    fn a_csv_quote_never_closed_ends_the_scan_naming_the_row() {
        // Newlines inside the quote end no record.
        let reader = (&b"h\na,\""[..]).chain(io::repeat(b'\n'));
        let e = map_records(reader, (Records::Csv, Numbering::Lines), 2, |b| b.first_line, |_, _| {}).unwrap_err();
        assert!(e.to_string().contains("the CSV row from line 2 runs past 256 MiB"), "{e}");
    }

    #[test]
    fn unnumbered_blocks_carry_no_line_number_and_an_endless_line_is_named_by_its_byte() {
        // 300,000 lines of 7 bytes (several blocks), then a line over the
        // cap for one line, skipped, and `next`.
        let mut text = Vec::new();
        for i in 0..300_000 {
            text.extend_from_slice(format!("{i:06}\n").as_bytes());
        }
        let before = text.len() as u64;
        let numbering = (Records::Lines, Numbering::Bytes);
        let reader = (&text[..]).chain(Unbroken(MAX_LINE_BYTES + 5)).chain(&b"\nnext\n"[..]);
        let mut blocks = Vec::new();
        let read = |b: &mut Block| (b.first_line, b.skipped_line, b.lines().len());
        map_records(reader, numbering, 2, read, |r, _| blocks.push(r)).unwrap();
        assert!(blocks.iter().all(|(first, _, _)| *first == 0));
        assert_eq!(blocks.iter().map(|(_, _, n)| n).sum::<usize>(), 300_001);
        assert!(blocks.contains(&(0, Some(MAX_LINE_BYTES + 5), 0)));
        // A line that never ends after them is named by the byte it starts at:
        // after the lines, the skipped one and its newline, and `next\n`.
        let reader = (&text[..]).chain(Unbroken(MAX_LINE_BYTES + 5)).chain(&b"\nnext\n"[..]).chain(Unbroken(u64::MAX));
        let e = map_records(reader, numbering, 2, |b| b.first_line, |_, _| {}).unwrap_err();
        let at = before + MAX_LINE_BYTES + 5 + 1 + 5;
        assert!(e.to_string().contains(&format!("the line at byte {at} runs past 256 MiB")), "{e}");
    }

    #[test]
    fn too_many_bytes_without_a_newline_end_the_scan_naming_the_cap() {
        let e = all_lines(Unbroken(u64::MAX), 2).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::InvalidData);
        assert!(e.to_string().contains("256 MiB without a newline"), "{e}");
    }
}
