//! Price-sheet loading from TOML text: never panics; an error is one line
//! that starts with the file's name and holds no control character; a sheet
//! that loads resolves every model it defines by its id.
#![no_main]

use ftvp::pricing::Catalog;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let mut catalog = Catalog::new();
    match catalog.add_sheet("fuzz.toml", text) {
        Err(e) => {
            let message = e.to_string();
            assert!(message.starts_with("fuzz.toml"), "{message}");
            assert!(!message.chars().any(char::is_control), "{message:?}");
        }
        Ok(()) => {
            for model in catalog.models() {
                assert!(!model.id.chars().any(char::is_control), "{:?}", model.id);
                assert!(catalog.resolve(&model.id).is_ok(), "{}", model.id);
            }
        }
    }
});
