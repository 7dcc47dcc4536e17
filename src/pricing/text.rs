//! Strings from sheets: refused when they hold control characters, which
//! would reach a terminal raw (escape sequences, OSC-8 links) or break the
//! XML of an SVG; and quoted in messages at bounded length.

use serde::{de, Deserialize, Deserializer};

pub use crate::format::{clip, escape_controls, quote};
/// The most characters of any value a message quotes.
#[cfg(any(test, feature = "internals"))]
pub use crate::format::QUOTE_CHARS as QUOTE_LIMIT;

/// An error when `text` holds a control character.
pub fn refuse_control(text: &str) -> Result<(), String> {
    crate::format::refuse_control(text, "sheets may not hold control characters")?;
    refuse_invisible(text)
}

/// An error when `text` holds a character that shows as nothing or reorders
/// the text ([`crate::format::is_invisible`]): an id with one looks like
/// another id.
pub fn refuse_invisible(text: &str) -> Result<(), String> {
    match text.chars().find(|&c| crate::format::is_invisible(c)) {
        Some(c) => Err(format!(
            "`{}` contains the invisible or bidirectional character U+{:04X}; sheets may not hold them",
            quote(text),
            c as u32
        )),
        None => Ok(()),
    }
}

/// Every run of more than [`QUOTE_LIMIT`] characters between quote marks or
/// backticks in a parser's message cut short, and control characters escaped,
/// so that no value makes an error line unbounded or unsafe to print.
pub fn bound_message(message: &str) -> String {
    let mut out = String::new();
    let mut run = String::new();
    for c in message.chars() {
        if matches!(c, '`' | '"' | '\'') {
            out.push_str(&quote(&run));
            out.push(c);
            run.clear();
        } else {
            run.push(c);
        }
    }
    out.push_str(&quote(&run));
    out
}

/// A parser's message in the user's words: serde's type names (`map`,
/// `sequence`, `u64`, `i128`, `struct X`) become what a user wrote or
/// should write; anything else is left as it is.
pub fn humane(message: &str) -> String {
    let found = |t: &str| -> String {
        let t = t.trim();
        match t {
            "map" => "a table".into(),
            "sequence" => "an array".into(),
            "boolean `true`" | "boolean `false`" => t.trim_start_matches("boolean ").to_string(),
            _ => match t.split_once(" `") {
                Some((_, v)) => format!("`{}", v.replace(" as i128", "").replace(" as u128", "")),
                None => format!("a {t}"),
            },
        }
    };
    let wanted = |w: &str| -> String {
        match w.trim() {
            "u64" | "usize" => "a whole number from 0 to 18446744073709551615".into(),
            "u32" => "a whole number from 0 to 4294967295".into(),
            "u16" => "a whole number from 0 to 65535".into(),
            "i64" | "i32" => "a whole number".into(),
            "f64" | "f32" => "a number".into(),
            w if w.starts_with("struct ") || w.starts_with("map") => "a table".into(),
            w if w.starts_with("a sequence") || w == "sequence" => "an array".into(),
            w => w.to_string(),
        }
    };
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = message.strip_prefix(prefix) {
            if let Some((f, w)) = rest.rsplit_once(", expected ") {
                return format!("expected {}, found {}", wanted(w), found(f));
            }
        }
    }
    if message.contains("recurse") && message.contains("recursion") {
        return "tables and arrays nested too deeply".into();
    }
    message.to_string()
}

/// A string from a sheet without control characters.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Text(pub String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        refuse_control(&s).map_err(de::Error::custom)?;
        Ok(Text(s))
    }
}

/// A name used in ids (a model, a GPU, a training method): non-empty, no
/// white space, no control characters.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Name(pub String);

impl<'de> Deserialize<'de> for Name {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        refuse_control(&s).map_err(de::Error::custom)?;
        if s.trim().is_empty() || s.chars().any(char::is_whitespace) {
            return Err(de::Error::custom(format!(
                "name `{}` must be non-empty and without spaces",
                quote(&s)
            )));
        }
        Ok(Name(s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clips_long_values_and_escapes_control_characters() {
        assert_eq!(clip("abcdef", 3), "abc…");
        assert_eq!(clip("abc", 3), "abc");
        let long = "x".repeat(10_000);
        let q = quote(&long);
        assert_eq!(q.chars().count(), QUOTE_LIMIT + 1);
        assert!(q.ends_with('…'));
        assert_eq!(quote("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert!(refuse_control("ok").is_ok());
        let e = refuse_control("a\u{1b}]8;;http://x\u{7}b").unwrap_err();
        assert!(e.contains("U+001B") && !e.contains('\u{1b}'), "{e}");
    }

    #[test]
    fn bounds_every_quoted_run_of_a_message() {
        let message = format!(
            "unknown variant `{}`, expected `o200k_base`",
            "y".repeat(5000)
        );
        let bounded = bound_message(&message);
        assert!(bounded.len() < 300, "{}", bounded.len());
        assert!(bounded.ends_with("expected `o200k_base`"), "{bounded}");
    }
}
