//! Where an error sits in a TOML document: `line:column` and the dotted key,
//! as written, that holds the byte offset the parser or a check reported.
//!
//! The key comes from the parsed document (the key or value whose span holds
//! the offset, or the table header it sits on), so that an unknown `[extra]`
//! table is named `extra`, a key inside an inline table is named with its
//! table, and brackets in comments or strings mislead nothing. Text that does
//! not parse (a syntax error) gets the key rebuilt from the lines around the
//! offset instead.

use std::fmt;
use std::ops::Range;

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use super::text::quote;

/// Where a TOML error sits: `line:column` and the dotted key it concerns.
pub(crate) struct Position {
    pub line: usize,
    pub column: usize,
    pub key: Option<String>,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// Finds the line, column and key of a byte offset in TOML text.
pub(crate) fn locate(text: &str, offset: usize) -> Position {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    let key = key_in_document(text, offset).or_else(|| key_on_lines(text, line_start));
    Position {
        line,
        column,
        key: key.map(|k| quote(&k)),
    }
}

/// The dotted key at `offset` of a document that parses; `None` otherwise.
fn key_in_document(text: &str, offset: usize) -> Option<String> {
    let doc = DeTable::parse(text).ok()?;
    let mut path = Vec::new();
    in_table(text, doc.get_ref(), offset, &mut path)
}

/// The path of the deepest key or value of `table` that holds `offset`.
fn in_table(
    text: &str,
    table: &DeTable<'_>,
    offset: usize,
    path: &mut Vec<String>,
) -> Option<String> {
    for (key, value) in table.iter() {
        let written = text.get(key.span()).unwrap_or(key.get_ref());
        path.push(written.trim().to_string());
        let found = in_value(text, value, offset, path)
            .or_else(|| holds(key.span(), offset).then(|| path.join(".")));
        path.pop();
        if found.is_some() {
            return found;
        }
    }
    None
}

/// The path inside `value` that holds `offset`: a key of a table in it, or
/// the value itself (a table's value is its header).
fn in_value(
    text: &str,
    value: &Spanned<DeValue<'_>>,
    offset: usize,
    path: &mut Vec<String>,
) -> Option<String> {
    let deeper = match value.get_ref() {
        DeValue::Table(t) => in_table(text, t, offset, path),
        DeValue::Array(items) => items
            .iter()
            .find_map(|item| in_value(text, item, offset, path)),
        _ => None,
    };
    deeper.or_else(|| holds(value.span(), offset).then(|| path.join(".")))
}

fn holds(span: Range<usize>, offset: usize) -> bool {
    span.contains(&offset)
}

/// The key rebuilt from the lines of text that does not parse: the last
/// `[table]` header up to the line at `line_start`, and the `key =` on that
/// line (or the header itself when the line is one).
fn key_on_lines(text: &str, line_start: usize) -> Option<String> {
    let this_line = text[line_start..].lines().next().unwrap_or("");
    if let Some(header) = header(this_line) {
        return Some(header);
    }
    let table = text[..line_start].lines().rev().find_map(header);
    let key = this_line
        .split_once('=')
        .map(|(k, _)| k.trim().to_string())
        .filter(|k| !k.is_empty() && !k.starts_with('['));
    match (table, key) {
        (Some(t), Some(k)) => Some(format!("{t}.{k}")),
        (t, k) => k.or(t),
    }
}

/// The name of a `[table]` or `[[array]]` header line, without a comment.
fn header(line: &str) -> Option<String> {
    let line = line.trim();
    if !line.starts_with('[') {
        return None;
    }
    let close = if line.starts_with("[[") { "]]" } else { "]" };
    let end = line.find(close).map_or(line.len(), |i| i + close.len());
    Some(
        line[..end]
            .trim_matches(|c| c == '[' || c == ']')
            .trim()
            .to_string(),
    )
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The key that `locate` names for the first occurrence of `needle`.
    fn key_at(text: &str, needle: &str) -> String {
        locate(text, text.find(needle).unwrap()).key.unwrap()
    }

    #[test]
    fn locate_reports_line_column_and_key() {
        let text = "provider = \"x\"\n[models.\"a\"]\ninput = -1\n";
        let pos = locate(text, text.find("-1").unwrap());
        assert_eq!((pos.line, pos.column), (3, 9));
        assert_eq!(pos.key.as_deref(), Some("models.\"a\".input"));
        assert_eq!(key_at(text, "\"a\""), "models.\"a\"");
    }

    #[test]
    fn locate_names_the_table_or_key_written_at_the_offset() {
        // An unknown table after a known one is itself the culprit.
        let text = "volume = 5\n[training]\ntokens = 1\n\n[extra]\nfoo = 1\n";
        assert_eq!(key_at(text, "extra"), "extra");
        assert_eq!(key_at(text, "foo"), "extra.foo");
        // A key inside an inline table is named with the table.
        let text = "training = { tokens = 1, bogus = 2 }\n";
        assert_eq!(key_at(text, "bogus"), "training.bogus");
        // A comment holding brackets is not part of the header.
        let text = "[training] # see [docs]\nbogus = 2\n[extra] # [x]\n";
        assert_eq!(key_at(text, "bogus"), "training.bogus");
        assert_eq!(key_at(text, "extra"), "extra");
        // A header inside a multi-line string is text, not a table.
        let text = "[base]\nmodel = \"\"\"\n[fake]\n\"\"\"\nbogus = 1\n";
        assert_eq!(key_at(text, "bogus"), "base.bogus");
        // A quoted key may hold `=` and `.`.
        let text = "[training]\n\"bo=g.us\" = 2\n";
        assert_eq!(key_at(text, "\"bo"), "training.\"bo=g.us\"");
        // The second table of an array, and a dotted key.
        let text = "[[tuned]]\nmodel = \"a\"\n[[tuned]]\nmodel = \"b\"\nx.y = 1\n";
        assert_eq!(key_at(text, "x.y"), "tuned.x");
        assert_eq!(key_at(text, "y = 1"), "tuned.x.y");
        assert_eq!(
            locate(text, text.rfind("[[").unwrap()).key.unwrap(),
            "tuned"
        );
    }

    #[test]
    fn text_that_does_not_parse_gets_the_key_from_its_lines() {
        // `= =` is a syntax error: the key comes from the header and the line.
        let text = "[training] # see [docs]\ntokens = = 1\n";
        let pos = locate(text, text.find("= 1").unwrap());
        assert_eq!((pos.line, pos.column), (2, 10));
        assert_eq!(pos.key.as_deref(), Some("training.tokens"));
        let text = "[[tuned]] # [x]\n[extra\n";
        assert_eq!(key_at(text, "[extra"), "extra");
    }

    #[test]
    fn an_offset_past_the_end_or_inside_a_character_is_clamped() {
        let text = "a = \"é\"\n";
        let pos = locate(text, text.find('é').unwrap() + 1);
        assert_eq!((pos.line, pos.column), (1, 6));
        let pos = locate(text, 10_000);
        assert_eq!((pos.line, pos.column), (2, 1));
    }
}
