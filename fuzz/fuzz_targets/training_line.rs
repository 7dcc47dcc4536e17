//! The training-line checker of `ftvp dataset` and `--training-file`: any
//! bytes give a result, never a panic, and its counts are consistent, by
//! the cookbook rule with the built-in encodings and by the qwen3 and llama3
//! chat templates with a tokenizer.json (the tests' tiny one).
#![no_main]

use std::sync::{Arc, OnceLock};

use ftvp::dataset::check_line;
use ftvp::dataset::template::ChatTemplate;
use ftvp::pricing::Tokenizer;
use ftvp::tokens::hf::{tiny_tokenizer_json, TokenizerFile};
use ftvp::tokens::Counting;
use libfuzzer_sys::fuzz_target;

/// The cookbook countings first (the bound below is theirs), then the
/// templates.
const COOKBOOK: usize = 2;

fn countings() -> &'static [Counting] {
    static ALL: OnceLock<Vec<Counting>> = OnceLock::new();
    ALL.get_or_init(|| {
        let path = std::env::temp_dir().join(format!("ftvp-fuzz-{}.json", std::process::id()));
        std::fs::write(&path, tiny_tokenizer_json()).unwrap();
        let file = Arc::new(TokenizerFile::load(&path).unwrap());
        let _ = std::fs::remove_file(&path);
        vec![
            Counting::encoding(Tokenizer::O200kBase),
            Counting::encoding(Tokenizer::Cl100kBase),
            Counting::file(file.clone(), ChatTemplate::Qwen3),
            Counting::file(file, ChatTemplate::Llama3),
        ]
    })
}

fuzz_target!(|line: &[u8]| {
    let countings = countings();
    let checked = check_line(line, countings);
    assert_eq!(checked.tokens.len(), countings.len());
    for t in &checked.tokens {
        assert!(t.assistant <= t.total, "{line:?}: {t:?}");
        assert!(t.tool_json <= t.total, "{line:?}: {t:?}");
    }
    if checked.errors.is_empty() {
        // A valid example has messages, an assistant one among them, and
        // at least the cookbook's 3 per message and 3 to prime the reply;
        // a template counts at least one token per message.
        assert!(checked.messages > 0, "{line:?}");
        for (i, t) in checked.tokens.iter().enumerate() {
            let least = match i < COOKBOOK {
                true => 3 * checked.messages + 3,
                false => checked.messages,
            };
            assert!(t.total >= least, "{line:?}: {t:?}");
        }
    } else {
        // Only valid examples are counted.
        assert!(checked.tokens.iter().all(|t| t.total == 0), "{line:?}");
    }
    // Messages quote the line's keys and roles as written, control
    // characters included: the reports escape them (a first run found a key
    // holding a line break), so there is nothing to hold the checker to here.
    for (_, message) in &checked.errors {
        assert!(!message.is_empty());
    }
});
