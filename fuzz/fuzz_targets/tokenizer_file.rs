//! A `tokenizer.json` from untrusted bytes, then a text counted with it:
//! never panics, never aborts on memory, and an error is one line without
//! control characters. The input is the file's JSON, a NUL byte, then the
//! text (all JSON without the NUL).
#![no_main]

use ftvp::tokens::TokenizerFile;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // libFuzzer's panic hook aborts on every panic, even one caught: ftvp
    // catches the `tokenizers` crate's panics on a hostile file (and turns
    // them into errors), so those pass its hook; any other panic aborts.
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(ftvp::tokens::hf::quiet_guarded_panics);
    let (json, text) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &b"Hello world, 12 apples.\n"[..]),
    };
    let Ok(json) = std::str::from_utf8(json) else {
        return;
    };
    let text = String::from_utf8_lossy(text);
    match TokenizerFile::from_json("fuzz.json".into(), json) {
        Err(e) => {
            assert!(!e.contains('\n'), "{e:?}");
            assert!(!e.chars().any(char::is_control), "{e:?}");
        }
        Ok(file) => {
            let n = file.count(&text);
            // A count never exceeds what the text could make, a token a byte
            // at most after a bounded normalizer (plus a few added by it).
            assert!(
                n <= 16 * (text.len() as u64 + 64),
                "{n} tokens for {} bytes",
                text.len()
            );
            if let Some(e) = file.failure() {
                assert!(!e.chars().any(char::is_control), "{e:?}");
            }
        }
    }
});
