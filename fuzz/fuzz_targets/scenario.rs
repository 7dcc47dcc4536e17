//! Scenario parsing from TOML text: never panics, and an error is one line
//! that starts with the file's name and holds no control character.
#![no_main]

use ftvp::inputs::scenario;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Err(e) = scenario::parse("fuzz.toml", text) {
        let message = e.to_string();
        assert!(message.starts_with("fuzz.toml"), "{message}");
        assert!(!message.chars().any(char::is_control), "{message:?}");
    }
});
