//! The vocabulary's lookup tables, shared by build.rs (which lays out the
//! shipped vocabularies at build time) and by `vocab.rs` (which reads them,
//! or builds the same tables at run time for other vocabularies).
//!
//! ftvp patch: moved out of `vocab.rs` unchanged, plus [`TkvFrame`] and
//! [`Tables::build`], so that build time and run time cannot disagree.

use rustc_hash::FxHasher;
use std::hash::{Hash, Hasher};

/// Longest key stored inline in a slot. Above this, the slot holds an arena
/// offset and a hash tag instead of the bytes themselves.
pub const INLINE_MAX: usize = 8;

/// Rank sentinel for "absent" in the direct-indexed tables.
pub const ABSENT: u32 = u32::MAX;

/// One 16-byte slot.
///
/// `len == 0` marks an empty slot. For `3..=INLINE_MAX`, `key` holds the token
/// bytes little-endian, zero-padded — equality is a single integer compare.
/// For longer keys, `key`'s low 32 bits hold the arena offset and bits 32..40
/// an 8-bit tag from the unused high hash bits; the tag rejects most
/// mismatched slots without an arena load.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(C)]
pub struct Slot {
    pub key: u64,
    pub rank: u32,
    pub len: u32,
}

pub const EMPTY: Slot = Slot {
    key: 0,
    rank: 0,
    len: 0,
};

/// Load 3..=8 bytes as a zero-padded little-endian u64 with two overlapping
/// word reads instead of a variable-length copy.
#[inline]
pub fn load_inline_key(bytes: &[u8]) -> u64 {
    let len = bytes.len();
    debug_assert!((3..=INLINE_MAX).contains(&len));
    if len >= 4 {
        let lo = u32::from_le_bytes(bytes[..4].try_into().unwrap()) as u64;
        let hi = u32::from_le_bytes(bytes[len - 4..].try_into().unwrap()) as u64;
        // the reads overlap on 8 - len bytes; identical bits, so OR is exact
        lo | (hi << ((len - 4) * 8))
    } else {
        (bytes[0] as u64) | ((bytes[1] as u64) << 8) | ((bytes[2] as u64) << 16)
    }
}

/// Hash for inline keys: multiply–xorshift over the padded key with the
/// length folded in (tokens may contain NUL bytes, so "ab" and "ab\0" share a
/// padded key and must not share a bucket chain shape).
#[inline]
pub fn hash_inline(key: u64, len: usize) -> u64 {
    let x = key.wrapping_add((len as u64).wrapping_mul(0xA24B_AED4_963E_E407));
    let h = x.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    h ^ (h >> 32)
}

/// Hash for spill (> 8-byte) keys.
#[inline]
pub fn hash_spill(bytes: &[u8]) -> u64 {
    let mut hasher = FxHasher::default();
    bytes.hash(&mut hasher);
    let h = hasher.finish();
    h ^ (h >> 32)
}

#[inline]
pub fn spill_tag(hash: u64) -> u64 {
    (hash >> 56) & 0xFF
}

/// A decompressed TKV1 frame (see `encoding::parse_tkv` for the layout):
/// every token as `(rank, offset into the frame, length)`.
pub struct TkvFrame {
    pub items: Vec<(u32, u32, u16)>,
}

impl TkvFrame {
    pub fn parse(data: &[u8]) -> TkvFrame {
        assert_eq!(&data[..4], b"TKV1", "bad vocabulary frame magic");
        let n_tokens = u32::from_le_bytes(data[4..8].try_into().unwrap()) as usize;
        let rank0 = u32::from_le_bytes(data[8..12].try_into().unwrap());
        let mut pos = 12;
        let mut lengths = Vec::with_capacity(n_tokens);
        for _ in 0..n_tokens {
            let mut len = 0usize;
            let mut shift = 0;
            loop {
                let byte = data[pos];
                pos += 1;
                len |= ((byte & 0x7F) as usize) << shift;
                if byte & 0x80 == 0 {
                    break;
                }
                shift += 7;
            }
            lengths.push(len as u16);
        }
        // the body groups tokens by length (ascending), each group in rank order
        let max_len = lengths.iter().copied().max().unwrap_or(0) as usize;
        let mut cursors = vec![0usize; max_len + 1];
        for &len in &lengths {
            cursors[len as usize] += 1;
        }
        let mut at = pos;
        for (len, cursor) in cursors.iter_mut().enumerate() {
            let count = *cursor;
            *cursor = at;
            at += len * count;
        }
        assert_eq!(at, data.len(), "vocabulary frame body length mismatch");
        let items = lengths
            .iter()
            .enumerate()
            .map(|(i, &len)| {
                let offset = cursors[len as usize];
                cursors[len as usize] += len as usize;
                (rank0 + i as u32, offset as u32, len)
            })
            .collect();
        TkvFrame { items }
    }
}

/// The direct-indexed and open-addressing tables over an arena.
pub struct Tables {
    pub single: Vec<u32>,
    pub pair: Vec<u32>,
    pub table: Vec<Slot>,
}

impl Tables {
    /// Lays out `(rank, offset, len)` items whose bytes are in `arena`.
    pub fn build(arena: &[u8], items: &[(u32, u32, u16)]) -> Tables {
        let mut single = vec![ABSENT; 256];
        let mut pair = vec![ABSENT; 1 << 16];

        // sized on the full entry count even though 1- and 2-byte keys never
        // enter it — the resulting sub-50% load factor keeps probe chains short
        let table_size = (items.len() * 2).next_power_of_two();
        let mask = table_size - 1;
        let mut table = vec![EMPTY; table_size];

        for &(rank, offset, len) in items {
            let token = &arena[offset as usize..(offset as usize + len as usize)];
            match token.len() {
                0 => {}
                1 => single[token[0] as usize] = rank,
                2 => pair[(token[0] as usize) << 8 | token[1] as usize] = rank,
                l if l <= INLINE_MAX => {
                    let key = load_inline_key(token);
                    let mut idx = hash_inline(key, l) as usize & mask;
                    while table[idx].len != 0 {
                        idx = (idx + 1) & mask;
                    }
                    table[idx] = Slot {
                        key,
                        rank,
                        len: l as u32,
                    };
                }
                l => {
                    let hash = hash_spill(token);
                    let mut idx = hash as usize & mask;
                    while table[idx].len != 0 {
                        idx = (idx + 1) & mask;
                    }
                    table[idx] = Slot {
                        key: (offset as u64) | (spill_tag(hash) << 32),
                        rank,
                        len: l as u32,
                    };
                }
            }
        }
        Tables {
            single,
            pair,
            table,
        }
    }
}
