//! The training-line checker of `ftvp dataset` and `--training-file`: any
//! bytes give a result, never a panic, and its counts are consistent.
#![no_main]

use ftvp::dataset::check_line;
use ftvp::pricing::Tokenizer;
use ftvp::tokens::Counting;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|line: &[u8]| {
    let countings = [
        Counting::encoding(Tokenizer::O200kBase),
        Counting::encoding(Tokenizer::Cl100kBase),
    ];
    let checked = check_line(line, &countings);
    assert_eq!(checked.tokens.len(), countings.len());
    for t in &checked.tokens {
        assert!(t.assistant <= t.total, "{line:?}: {t:?}");
        assert!(t.tool_json <= t.total, "{line:?}: {t:?}");
    }
    if checked.errors.is_empty() {
        // A valid example has messages, an assistant one among them, and
        // at least the cookbook's 3 per message and 3 to prime the reply.
        assert!(checked.messages > 0, "{line:?}");
        for t in &checked.tokens {
            assert!(t.total >= 3 * checked.messages + 3, "{line:?}: {t:?}");
        }
    }
    // Messages quote the line's keys and roles as written, control
    // characters included: the reports escape them (a first run found a key
    // holding a line break), so there is nothing to hold the checker to here.
    for (_, message) in &checked.errors {
        assert!(!message.is_empty());
    }
});
