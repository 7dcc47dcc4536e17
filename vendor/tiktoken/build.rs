//! ftvp patch: lays out the shipped vocabularies at build time.
//!
//! For each one it writes the decompressed TKV1 frame and the lookup tables
//! (`vocab_layout::Tables`) as little-endian bytes into OUT_DIR; the crate
//! reads them in place from the binary, so loading a vocabulary costs no
//! work at run time (it took 130–185 ms: a zstd decode, a hash map of 200,000
//! allocated keys, then these tables). Where the target's layout differs
//! from this build machine's, the crate builds the tables at run time instead.

use std::io::Read;
use std::path::Path;

#[allow(dead_code)]
#[path = "src/vocab_layout.rs"]
mod vocab_layout;

use vocab_layout::{Tables, TkvFrame};

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=src/vocab_layout.rs");
    println!("cargo::rustc-check-cfg=cfg(tiktoken_static_tables)");
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let out = Path::new(&out);
    for name in ["o200k_base", "cl100k_base"] {
        let frame = decompress(name);
        let tables = Tables::build(&frame, &TkvFrame::parse(&frame).items);
        let u32s = |v: &[u32]| v.iter().flat_map(|x| x.to_le_bytes()).collect::<Vec<u8>>();
        let slots: Vec<u8> = tables
            .table
            .iter()
            .flat_map(|s| {
                let mut b = s.key.to_le_bytes().to_vec();
                b.extend(s.rank.to_le_bytes());
                b.extend(s.len.to_le_bytes());
                b
            })
            .collect();
        write(out, name, "tkv", &frame);
        write(out, name, "single", &u32s(&tables.single));
        write(out, name, "pair", &u32s(&tables.pair));
        write(out, name, "table", &slots);
    }
    if same_layout_as_target() {
        println!("cargo::rustc-cfg=tiktoken_static_tables");
    }
}

fn decompress(name: &str) -> Vec<u8> {
    let src = format!("src/encodings/{name}.tkv.zst");
    println!("cargo::rerun-if-changed={src}");
    let compressed = std::fs::read(&src).unwrap_or_else(|e| panic!("{src}: {e}"));
    let mut decoder = ruzstd::decoding::StreamingDecoder::new(compressed.as_slice())
        .unwrap_or_else(|e| panic!("{src}: {e}"));
    let mut data = Vec::new();
    decoder
        .read_to_end(&mut data)
        .unwrap_or_else(|e| panic!("{src}: {e}"));
    data
}

fn write(out: &Path, name: &str, ext: &str, bytes: &[u8]) {
    std::fs::write(out.join(format!("{name}.{ext}")), bytes).expect("OUT_DIR is writable");
}

/// The tables hold hashes computed here (with `usize`-wide hashing) and
/// `repr(C)` slots read in place: both must match the target.
fn same_layout_as_target() -> bool {
    let var = |k: &str| std::env::var(k).unwrap_or_default();
    var("CARGO_CFG_TARGET_ENDIAN") == "little"
        && cfg!(target_endian = "little")
        && var("CARGO_CFG_TARGET_POINTER_WIDTH") == (usize::BITS).to_string()
}
