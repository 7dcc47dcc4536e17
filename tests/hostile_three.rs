//! Hostile input, round three (issue 28): tokenizer files that make ftvp do
//! unbounded work, flag values past a library's range, imports that write a
//! sheet the loader refuses, outputs through links, quadratic sheets, inputs
//! found automatically that are not regular files, text reaching the
//! terminal raw, messages that show internals, exactness at the edges. Each
//! case runs within a time limit and, for bad input, ends in one `error:`
//! line naming the culprit, exit 2.

mod common;

use common::{assert_input_error, ftvp};

#[test]
fn a_within_beyond_the_calendar_is_refused_at_the_flag_not_a_panic() {
    for days in ["7304485", "2147483647", "99999999999"] {
        assert_input_error(&["prices", "check", "--within", days], "--within");
    }
    // The whole calendar is still a valid window.
    let out = ftvp()
        .args(["prices", "check", "--within", "7304484", "--format", "json"])
        .output()
        .unwrap();
    assert!(matches!(out.status.code(), Some(0 | 1)), "{out:?}");
}
