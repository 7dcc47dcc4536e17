//! Where a text may be cut for counting: places where both shipped
//! encodings always end a piece, so counting the pieces apart gives the
//! count of the whole.

/// Whether both encodings always end a piece just before `bytes[i]`, `i ≥ 1`.
pub(crate) fn is_cut(bytes: &[u8], i: usize) -> bool {
    let (before, at) = (bytes[i - 1], bytes[i]);
    (before == b'\n' && starts_a_piece_after_newline(&bytes[i..]))
        || (before.is_ascii_lowercase()
            && at == b' '
            && bytes.get(i + 1).is_some_and(u8::is_ascii_alphabetic))
}

/// Whether `rest` starts with a whole character that is neither white space
/// (Unicode's, as the patterns' `\s`) nor `/`.
fn starts_a_piece_after_newline(rest: &[u8]) -> bool {
    match rest.first() {
        None => false,
        Some(&b) if b.is_ascii() => !char::from(b).is_whitespace() && b != b'/',
        Some(_) => {
            let head = &rest[..rest.len().min(4)];
            let valid = match std::str::from_utf8(head) {
                Ok(s) => s,
                Err(e) => std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or_default(),
            };
            valid.chars().next().is_some_and(|c| !c.is_whitespace())
        }
    }
}
