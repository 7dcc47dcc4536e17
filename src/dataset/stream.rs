//! Reading a JSONL file in bounded memory: one thread reads blocks of whole
//! lines while the caller checks each block's lines on every core.

use std::io::Read;
use std::sync::mpsc::{channel, sync_channel, Receiver, Sender};

/// Bytes read at a time (a block grows past this only for a longer line).
const BLOCK: usize = 4 << 20;
/// Blocks read ahead of the one being checked.
const READ_AHEAD: usize = 2;

/// Whole lines of the file.
pub struct Block {
    /// Number (from 1) of the block's first line.
    pub first_line: u64,
    /// The lines, each ended by `\n` except perhaps the file's last.
    pub data: Vec<u8>,
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

    fn line_count(&self) -> u64 {
        memchr::memchr_iter(b'\n', &self.data).count() as u64
    }
}

/// Runs `each` on every block of `reader` in order while a second thread
/// reads ahead. Memory stays within a few blocks whatever the file's size.
pub fn for_each_block<R, F>(reader: R, mut each: F) -> std::io::Result<()>
where
    R: Read + Send,
    F: FnMut(&Block),
{
    std::thread::scope(|scope| {
        let (tx, rx) = sync_channel::<std::io::Result<Block>>(READ_AHEAD);
        // Buffers go back to the reader, so that the same few are reused
        // instead of allocating and freeing one per block.
        let (recycle, recycled) = channel::<Vec<u8>>();
        scope.spawn(move || read_blocks(reader, &recycled, |b| tx.send(b).is_ok()));
        drain(rx, &recycle, &mut each)
    })
}

fn drain<F: FnMut(&Block)>(
    rx: Receiver<std::io::Result<Block>>,
    recycle: &Sender<Vec<u8>>,
    each: &mut F,
) -> std::io::Result<()> {
    for block in rx {
        let block = block?;
        each(&block);
        let _ = recycle.send(block.data); // the reader may have finished
    }
    Ok(())
}

/// Reads whole-line blocks and hands each to `send` until it returns false.
fn read_blocks<R: Read>(
    mut reader: R,
    recycled: &Receiver<Vec<u8>>,
    mut send: impl FnMut(std::io::Result<Block>) -> bool,
) {
    let mut pending: Vec<u8> = Vec::with_capacity(BLOCK);
    let mut first_line = 1u64;
    loop {
        let scanned = pending.len();
        let eof = match fill(&mut reader, &mut pending, BLOCK) {
            Ok(eof) => eof,
            Err(e) => {
                send(Err(e));
                return;
            }
        };
        let cut = if eof {
            pending.len()
        } else {
            match memchr::memrchr(b'\n', &pending[scanned..]) {
                Some(i) => scanned + i + 1,
                None => continue, // a line longer than a block: read on
            }
        };
        let mut next = recycled.try_recv().unwrap_or_default();
        next.clear();
        next.extend_from_slice(&pending[cut..]);
        pending.truncate(cut);
        let block = Block {
            first_line,
            data: std::mem::replace(&mut pending, next),
        };
        first_line += block.line_count();
        if (!block.data.is_empty() && !send(Ok(block))) || eof {
            return;
        }
        pending.reserve(BLOCK);
    }
}

/// Reads until `buf` holds `want` more bytes or the reader ends; true at the end.
fn fill<R: Read>(reader: &mut R, buf: &mut Vec<u8>, want: usize) -> std::io::Result<bool> {
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

    fn all_lines(text: &[u8]) -> Vec<(u64, Vec<u8>)> {
        let mut out = Vec::new();
        for_each_block(text, |b: &Block| {
            out.extend(b.lines().into_iter().map(|(n, l)| (n, l.to_vec())));
        })
        .unwrap();
        out
    }

    #[test]
    fn numbers_lines_from_one_and_skips_blank_ones() {
        let lines = all_lines(b"a\n\n  \nb\r\nc");
        assert_eq!(
            lines,
            [(1, b"a".to_vec()), (4, b"b\r".to_vec()), (5, b"c".to_vec())]
        );
        assert!(all_lines(b"").is_empty());
    }

    #[test]
    fn line_numbers_carry_across_blocks_and_long_lines() {
        let long = "x".repeat(BLOCK + 10);
        let mut text = String::new();
        for i in 0..300_000 {
            text.push_str(&format!("line {i}\n"));
        }
        text.push_str(&long);
        text.push_str("\nlast\n");
        let lines = all_lines(text.as_bytes());
        assert_eq!(lines.len(), 300_002);
        assert_eq!(lines[123_456], (123_457, b"line 123456".to_vec()));
        assert_eq!(lines[300_000].1.len(), long.len());
        assert_eq!(lines[300_001], (300_002, b"last".to_vec()));
    }
}
