//! ftvp patch: BPE of very long pieces in linear time and a few bytes of
//! memory per byte.
//!
//! The heap merge (`merge::byte_pair_merge`) needs about 25 bytes of memory
//! per byte of piece and slows down as pieces grow: one 60 MB word took
//! minutes and 1.5 GB. Above [`LONG_PIECE`] bytes, pieces are encoded with
//! the backtracking encoder of GitHub's `bpe` crate (rust-gems, MIT), which
//! gives the same tokens: walking left to right, take the longest token
//! that BPE would keep next to the previous one (a "compatible" pair), and
//! back up where no token fits. Whether BPE keeps a pair is decided from the
//! merge table, which is recovered from the vocabulary once, on first use.

use std::sync::OnceLock;

use std::hash::{Hash, Hasher};

use rustc_hash::{FxHashMap, FxHashSet, FxHasher};

use crate::vocab::Vocab;

/// Pieces longer than this are encoded here instead of by the heap merge.
pub(crate) const LONG_PIECE: usize = 256 * 1024;

/// The merge structure of a vocabulary whose ranks are its merge order.
pub(crate) struct Merges {
    /// `(left, right)` → the token BPE merges the pair into.
    pair: FxHashMap<(u32, u32), u32>,
    /// A token → the pair its last merge joined (itself twice for a byte, or
    /// for a token no merge makes).
    split: Vec<(u32, u32)>,
    /// A token → the longest token that is a strict prefix of it.
    shorter: Vec<Option<u32>>,
    /// The hash of every strict prefix of a token, so that a prefix search
    /// knows when to stop (a collision only makes it look further).
    prefixes: FxHashSet<u64>,
    /// Token lengths by rank.
    len: Vec<u32>,
}

impl Merges {
    /// Recovers the merge table: for each token in rank order, the first
    /// split into two earlier tokens (longest left part first) that BPE keeps.
    pub(crate) fn new(vocab: &Vocab) -> Merges {
        let ranks = vocab.rank_count();
        let mut m = Merges {
            pair: FxHashMap::default(),
            split: Vec::with_capacity(ranks),
            shorter: Vec::with_capacity(ranks),
            prefixes: FxHashSet::default(),
            len: Vec::with_capacity(ranks),
        };
        for id in 0..ranks as u32 {
            let token = vocab.try_decode(id).unwrap_or_default();
            m.len.push(token.len() as u32);
            m.shorter.push((1..token.len()).rev().find_map(|l| vocab.get(&token[..l])));
            for l in 1..token.len() {
                m.prefixes.insert(hash(&token[..l]));
            }
            let split = m.find_split(vocab, id, token).unwrap_or((id, id));
            if split != (id, id) {
                m.pair.insert(split, id);
            }
            m.split.push(split);
        }
        m
    }

    fn find_split(&self, vocab: &Vocab, id: u32, token: &[u8]) -> Option<(u32, u32)> {
        (1..token.len()).rev().find_map(|l| {
            let left = vocab.get(&token[..l]).filter(|&t| t < id)?;
            let right = vocab.get(&token[l..]).filter(|&t| t < id)?;
            self.keeps(left, right).then_some((left, right))
        })
    }

    /// Whether BPE, on the bytes of `left` followed by those of `right`,
    /// ends with exactly these two tokens: no token it would merge first
    /// ever spans their boundary.
    fn keeps(&self, mut left: u32, mut right: u32) -> bool {
        // The highest-ranked token that may still be chosen across the
        // boundary, as the merges are undone from the last.
        let mut limit = u32::MAX;
        loop {
            if self.pair.get(&(left, right)).is_some_and(|&t| t < limit) {
                return false;
            }
            if left > right {
                limit = left;
                left = self.split[left as usize].1;
                if left == limit {
                    limit = right + 1;
                    right = self.split[right as usize].0;
                    if right + 1 == limit {
                        return true;
                    }
                }
            } else {
                limit = right + 1;
                right = self.split[right as usize].0;
                if right + 1 == limit {
                    limit = left;
                    left = self.split[left as usize].1;
                    if left == limit {
                        return true;
                    }
                }
            }
        }
    }

    /// The longest token at the start of `text`.
    fn longest_at(&self, vocab: &Vocab, text: &[u8]) -> Option<u32> {
        let mut best = None;
        for l in 1..=text.len() {
            let head = &text[..l];
            if let Some(t) = vocab.get(head) {
                best = Some(t);
            }
            if !self.prefixes.contains(&hash(head)) {
                break;
            }
        }
        best
    }

    /// The number of tokens BPE splits `piece` into.
    pub(crate) fn count(&self, vocab: &Vocab, piece: &[u8]) -> usize {
        self.encode(vocab, piece).len()
    }

    /// The tokens BPE splits `piece` into.
    pub(crate) fn encode(&self, vocab: &Vocab, piece: &[u8]) -> Vec<u32> {
        let mut tokens: Vec<u32> = Vec::with_capacity(piece.len() / 4);
        // Ends of a token still possible: cleared where backing up showed
        // that no encoding goes on from there.
        let mut open = vec![u64::MAX; piece.len() / 64 + 1];
        let is_open = |open: &[u64], i: usize| open[i / 64] >> (i % 64) & 1 == 1;
        let mut pos = 0;
        let mut next = self.longest_at(vocab, piece);
        while let Some(mut token) = next {
            let last = tokens.last().copied();
            loop {
                let end = pos + self.len[token as usize] as usize;
                if is_open(&open, end) && last.is_none_or(|l| self.keeps(l, token)) {
                    tokens.push(token);
                    pos = end;
                    next = self.longest_at(vocab, &piece[end..]);
                    break;
                }
                if let Some(s) = self.shorter[token as usize] {
                    token = s;
                    continue;
                }
                open[pos / 64] &= !(1 << (pos % 64));
                tokens.pop();
                pos -= last.map_or(0, |l| self.len[l as usize] as usize);
                next = last;
                break;
            }
        }
        tokens
    }
}

fn hash(bytes: &[u8]) -> u64 {
    let mut h = FxHasher::default();
    bytes.hash(&mut h);
    h.finish()
}

/// The merge table of a vocabulary, built on first use.
#[derive(Default)]
pub(crate) struct LazyMerges(OnceLock<Merges>);

impl LazyMerges {
    pub(crate) fn get(&self, vocab: &Vocab) -> &Merges {
        self.0.get_or_init(|| Merges::new(vocab))
    }
}
