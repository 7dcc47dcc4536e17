//! Properties of the parsers, on generated input: the counts and money of
//! flags and scenarios, prices from a sheet's decimal text, the training-line
//! checker and scenario files. Each is checked against an independent oracle
//! (integer arithmetic on the digits as written), never against the code
//! under test. The cost model's own properties (break-even, monthly volumes,
//! the verdict) live beside it in `src/cost`.

use ftvp::dataset::{check_line, ErrorType};
use ftvp::inputs::scenario;
use ftvp::pricing::{parse_decimal_text, Catalog, Tokenizer};
use ftvp::tokens::Counting;
use ftvp::units::{parse_count, parse_money};
use proptest::prelude::*;
use proptest::sample::select;
use rust_decimal::Decimal;
use serde_json::json;

/// `digits` with `_` between every `every` digits, counted from the right,
/// as people write `250_000`.
fn grouped(digits: &str, every: usize) -> String {
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(every) {
            out.push('_');
        }
        out.push(c);
    }
    out
}

/// `int.frac` exactly, as an integer mantissa and a scale.
fn exact(int: u64, frac: &str) -> (u128, u32) {
    let scale = frac.len() as u32;
    let frac = if frac.is_empty() {
        0
    } else {
        frac.parse::<u128>().unwrap()
    };
    (u128::from(int) * 10u128.pow(scale) + frac, scale)
}

// ---------------------------------------------------------------- counts

/// What a count written `int[.frac]SUFFIX` is: whole after the suffix, or not.
fn count_oracle(int: u64, frac: &str, suffix: &str) -> Result<u64, &'static str> {
    let scale = match suffix.to_ascii_lowercase().as_str() {
        "" => 1u128,
        "k" => 1_000,
        "m" => 1_000_000,
        _ => 1_000_000_000,
    };
    let (mantissa, places) = exact(int, frac);
    let scaled = mantissa * scale;
    let unit = 10u128.pow(places);
    if scaled % unit != 0 {
        return Err("is not a whole number");
    }
    u64::try_from(scaled / unit).map_err(|_| "is too large")
}

fn suffix() -> impl Strategy<Value = &'static str> {
    select(vec!["", "k", "K", "m", "M", "b", "B"])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Every `u64` reads back from its digits, with or without separators.
    #[test]
    fn plain_counts_read_back_with_or_without_separators(n: u64, every in 1usize..=4) {
        prop_assert_eq!(parse_count(&n.to_string()), Ok(n));
        prop_assert_eq!(parse_count(&grouped(&n.to_string(), every)), Ok(n));
    }

    /// `1.5k` is 1,500 and `1.2345k` is refused: a suffixed count is exact
    /// or an error, never rounded.
    #[test]
    fn suffixed_counts_are_exact_or_refused(
        int in 0u64..=99_999_999_999,
        frac in "[0-9]{0,4}",
        suffix in suffix(),
    ) {
        let text = if frac.is_empty() {
            format!("{int}{suffix}")
        } else {
            format!("{int}.{frac}{suffix}")
        };
        match (count_oracle(int, &frac, suffix), parse_count(&text)) {
            (Ok(want), got) => prop_assert_eq!(got, Ok(want), "{}", text),
            (Err(why), Ok(n)) => prop_assert!(false, "{text} gave {n}, expected it {why}"),
            (Err(why), Err(e)) => prop_assert!(e.contains(why), "{text}: {e}"),
        }
    }

    /// A count with a minus sign is refused as negative, whatever follows.
    #[test]
    fn negative_counts_are_refused(n in 1u64.., suffix in suffix()) {
        let e = parse_count(&format!("-{n}{suffix}")).unwrap_err();
        prop_assert!(e.contains("is negative"), "{e}");
    }

    /// Any text gives a count that reads back, or an error quoting the text.
    #[test]
    fn any_text_is_a_count_or_an_error_quoting_it(text in "[-+_.0-9kKmMbBe ]{0,12}|.{0,12}") {
        match parse_count(&text) {
            Ok(n) => prop_assert_eq!(parse_count(&n.to_string()), Ok(n)),
            Err(e) => prop_assert!(e.contains(&format!("`{text}`")), "{text:?}: {e}"),
        }
    }

    /// A scenario's counts read like the flags': quoted text through the same
    /// rule, and TOML integers as themselves.
    #[test]
    fn scenario_counts_read_like_flags(
        int in 0u64..=99_999_999_999,
        frac in "[0-9]{0,3}",
        suffix in suffix(),
        n in 0u64..=i64::MAX as u64,
    ) {
        let text = if frac.is_empty() { format!("{int}{suffix}") } else { format!("{int}.{frac}{suffix}") };
        let quoted = format!("\"{text}\"");
        // Without a suffix, `1.5` is also a TOML float, read from its text.
        let float = (suffix.is_empty() && !frac.is_empty()).then(|| text.clone());
        for literal in std::iter::once(quoted).chain(float) {
            let read = scenario::parse("s.toml", &format!("volume = {literal}\n"));
            match parse_count(&text) {
                Ok(want) => prop_assert_eq!(read.unwrap().volume, Some(want), "{}", literal),
                Err(e) => {
                    let got = read.unwrap_err().to_string();
                    prop_assert!(got.starts_with("s.toml:1:10: key `volume`: "), "{got}");
                    prop_assert!(got.ends_with(&e), "{got} vs {e}");
                }
            }
        }
        let integer = scenario::parse("s.toml", &format!("volume = {}\n", grouped(&n.to_string(), 3)));
        prop_assert_eq!(integer.unwrap().volume, Some(n));
    }
}

// ---------------------------------------------------------------- money

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// `499.99`, `1_000` and `0.30000000000000000001` are exactly what they
    /// say, on the command line and in a scenario.
    #[test]
    fn money_is_the_exact_value_of_its_digits(
        int in 0u64..=999_999_999_999_999,
        frac in "[0-9]{0,13}",
        every in 2usize..=4,
    ) {
        let (mantissa, scale) = exact(int, &frac);
        let want = Decimal::from_i128_with_scale(mantissa as i128, scale);
        let point = if frac.is_empty() { String::new() } else { format!(".{frac}") };
        for text in [format!("{int}{point}"), format!("{}{point}", grouped(&int.to_string(), every))] {
            prop_assert_eq!(parse_money(&text), Ok(want), "{}", text);
        }
        let literal = format!("{}{point}", grouped(&int.to_string(), 3));
        let given = scenario::parse("s.toml", &format!("[training]\ncost = {literal}\nsetup_cost = {literal}\n")).unwrap();
        prop_assert_eq!(given.training.cost, Some(want), "{}", literal);
        prop_assert_eq!(given.training.setup_cost, Some(want), "{}", literal);
    }

    /// Negative amounts are refused on the command line and in a scenario.
    #[test]
    fn negative_money_is_refused(int in 1u64..=999_999_999, frac in "[0-9]{0,6}") {
        let text = if frac.is_empty() { format!("-{int}") } else { format!("-{int}.{frac}") };
        prop_assert!(parse_money(&text).unwrap_err().contains("is negative"), "{}", text);
        let e = scenario::parse("s.toml", &format!("[training]\ncost = {text}\n")).unwrap_err().to_string();
        prop_assert!(e.starts_with("s.toml:2:8: key `training.cost`: ") && e.contains("negative"), "{e}");
    }
}

/// The cases that once went through `f64`, by hand.
#[test]
fn scenario_numbers_are_read_from_their_text() {
    let given = scenario::parse(
        "s.toml",
        "volume = 5000.0\n[training]\ncost = 0.30000000000000000001\nsetup_cost = 1_000.25\n\
         maintenance_per_month = 1.5e-3\n",
    )
    .unwrap();
    assert_eq!(given.volume, Some(5000));
    let t = &given.training;
    assert_eq!(t.cost.unwrap().to_string(), "0.30000000000000000001");
    assert_eq!(t.setup_cost.unwrap().to_string(), "1000.25");
    assert_eq!(t.maintenance_per_month.unwrap().to_string(), "0.0015");
    let e = scenario::parse("s.toml", "volume = 1e3\n")
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with("s.toml:1:10: key `volume`: `1e3` is not a whole number"),
        "{e}"
    );
}

// ---------------------------------------------------------------- prices

/// A price as a mantissa and a scale, and the ways a sheet may write it.
fn price() -> impl Strategy<Value = (u64, u32, String)> {
    (0u64..=999_999_999_999, 0u32..=20, 0usize..=3, 0usize..=4).prop_map(
        |(m, scale, zeros, form)| {
            let digits = format!("{m:0>width$}", width = scale as usize + 1);
            let (int, frac) = digits.split_at(digits.len() - scale as usize);
            let text = match form {
                // 0.000123, with trailing zeros that change nothing
                0 if scale + zeros as u32 > 0 => format!("{int}.{frac}{}", "0".repeat(zeros)),
                0 => int.to_string(),
                // 123e-6
                1 => format!("{m}e-{scale}"),
                // 1.23E-4 style: one digit before the point
                2 if m >= 10 => {
                    let d = m.to_string();
                    let exp = d.len() as i64 - 1 - i64::from(scale);
                    format!("{}.{}E{exp}", &d[..1], &d[1..])
                }
                // 1_000.5: separators in the whole part
                3 => format!("{}.{frac}0", grouped(int, 3)),
                _ => format!("{int}.{frac}0"),
            };
            (m, scale, text)
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// A sheet's price is the exact value of its decimal text, never an
    /// `f64`'s: parsed alone, and loaded in a sheet.
    #[test]
    fn sheet_prices_are_their_decimal_text((m, scale, text) in price()) {
        let want = Decimal::from_i128_with_scale(i128::from(m), scale);
        prop_assert_eq!(parse_decimal_text(&text), Ok(want), "{}", text);
        let sheet = format!(
            "provider = \"p\"\ncurrency = \"USD\"\nas_of = 2026-11-01\nsource = \"s\"\n\
             [models.\"m\"]\ninput = {text}\noutput = 1\n"
        );
        let mut catalog = Catalog::new();
        catalog.add_sheet("p.toml", &sheet).unwrap();
        prop_assert_eq!(catalog.resolve("p/m").unwrap().prices.input, want, "{}", text);
    }

    /// Text that cannot be held exactly (29 significant digits past the
    /// 28th place) is an error naming the line, never a rounded price.
    #[test]
    fn prices_beyond_28_places_are_refused(digits in "[1-9][0-9]{0,5}", places in 29usize..=40) {
        let text = format!("0.{}{digits}", "0".repeat(places - 1));
        prop_assert!(parse_decimal_text(&text).is_err(), "{}", text);
        let sheet = format!(
            "provider = \"p\"\ncurrency = \"USD\"\nas_of = 2026-11-01\nsource = \"s\"\n\
             [models.\"m\"]\ninput = {text}\noutput = 1\n"
        );
        let e = Catalog::new().add_sheet("p.toml", &sheet).unwrap_err().to_string();
        prop_assert!(e.starts_with("p.toml:6:9: key `models.\"m\".input`: "), "{e}");
    }
}

// ---------------------------------------------------------------- training lines

/// Pieces of JSON text, valid and broken, that a line is glued from.
fn json_piece() -> impl Strategy<Value = &'static str> {
    select(vec![
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        " ",
        "\t",
        "\r",
        "\"",
        "\"a\"",
        "\"role\"",
        "\"é\\n\"",
        "\\",
        "\\u",
        "\\ud800",
        "\\udc00",
        "\\u00e9",
        "\\\"",
        "\\n",
        "\u{1}",
        "\u{7f}",
        "é",
        "漢",
        "0",
        "-0",
        "-",
        "1",
        "01",
        "1.5",
        "1e400",
        "2e-3",
        "18446744073709551616",
        "true",
        "false",
        "null",
        "nul",
        "x",
    ])
}

/// A JSON value as text, nested a few levels.
fn json_text() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("null".to_string()),
        any::<bool>().prop_map(|b| b.to_string()),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<u64>().prop_map(|n| n.to_string()),
        any::<f64>().prop_map(|x| serde_json::to_string(&x).unwrap()),
        "[ -~é漢\n\t\u{1}\"\\\\]{0,12}".prop_map(|s| serde_json::to_string(&s).unwrap()),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(|v| format!("[{}]", v.join(","))),
            prop::collection::vec(("[a-c]{1,2}", inner), 0..6).prop_map(|f| {
                let fields: Vec<String> = f.iter().map(|(k, v)| format!("\"{k}\": {v}")).collect();
                format!("{{{}}}", fields.join(", "))
            }),
        ]
    })
}

/// `Json::parse_line` (simd-json first) against serde_json alone.
fn parses_alike(line: &[u8]) -> Result<(), TestCaseError> {
    use ftvp::dataset::json::Json;
    let slow = serde_json::from_slice::<Json>(line);
    let mut scratch = Vec::new();
    let fast = Json::parse_line(line, &mut scratch);
    match (&fast, &slow) {
        (Ok(a), Ok(b)) => prop_assert_eq!(a, b),
        (Err(a), Err(b)) => prop_assert_eq!(a.to_string(), b.to_string()),
        _ => prop_assert!(false, "parse_line {:?}, serde_json {:?}", fast, slow),
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Lines glued from pieces of JSON, mostly broken: the same value or the
    /// same error as serde_json gives.
    #[test]
    fn a_line_of_json_pieces_parses_as_serde_json_parses_it(
        pieces in prop::collection::vec(json_piece(), 0..24),
    ) {
        parses_alike(pieces.concat().as_bytes())?;
    }

    /// Valid JSON, and the same with one byte changed, cut or added.
    #[test]
    fn a_json_value_and_its_mutations_parse_as_serde_json_parses_them(
        text in json_text(),
        at in any::<prop::sample::Index>(),
        byte in any::<u8>(),
        change in 0..3u8,
    ) {
        parses_alike(text.as_bytes())?;
        let mut bytes = text.into_bytes();
        if !bytes.is_empty() {
            let i = at.index(bytes.len());
            match change {
                0 => bytes[i] = byte,
                1 => { bytes.remove(i); }
                _ => bytes.insert(i, byte),
            }
        }
        parses_alike(&bytes)?;
    }
}

/// A message: role, content (absent, empty or text) and an optional name.
fn message() -> impl Strategy<Value = (&'static str, Option<String>, Option<String>)> {
    (
        select(vec![
            "system",
            "developer",
            "user",
            "assistant",
            "tool",
            "robot",
        ]),
        prop::option::weighted(0.9, "[ -~é漢\n]{0,24}"),
        prop::option::weighted(0.2, "[a-z]{1,8}"),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// The checker finds exactly the faults an example has, and counts as the
    /// cookbook does: 3 per message, every string value, 1 more per name, 3
    /// to prime the reply; the assistant's tokens are its content's.
    #[test]
    fn the_checker_finds_the_faults_and_counts_like_the_cookbook(
        messages in prop::collection::vec(message(), 0..6),
    ) {
        let e = Tokenizer::O200kBase;
        let count = |s: &str| ftvp::tokens::count(e, s);
        let list: Vec<serde_json::Value> = messages
            .iter()
            .map(|(role, content, name)| {
                let mut m = json!({ "role": role });
                if let Some(c) = content { m["content"] = json!(c); }
                if let Some(n) = name { m["name"] = json!(n); }
                m
            })
            .collect();
        let line = json!({ "messages": list }).to_string();
        let checked = check_line(line.as_bytes(), &[Counting::encoding(e)]);

        let faults: Vec<ErrorType> = checked.errors.iter().map(|(t, _)| *t).collect();
        if messages.is_empty() {
            prop_assert_eq!(faults, vec![ErrorType::MissingMessagesList]);
            return Ok(());
        }
        let has = |t| faults.contains(&t);
        let bad_role = messages.iter().any(|(r, _, _)| *r == "robot");
        let no_content = messages.iter().any(|(_, c, _)| c.is_none());
        let empty = messages.iter().any(|(_, c, _)| c.as_deref() == Some(""));
        let assistant = messages.iter().any(|(r, _, _)| *r == "assistant");
        prop_assert_eq!(has(ErrorType::UnrecognizedRole), bad_role);
        prop_assert_eq!(has(ErrorType::MessageMissingKey), no_content);
        prop_assert_eq!(has(ErrorType::MissingContent), no_content || empty);
        prop_assert_eq!(has(ErrorType::ExampleMissingAssistantMessage), !assistant);
        prop_assert_eq!(faults.is_empty(), !(bad_role || no_content || empty) && assistant);

        let mut total = 3;
        let mut from_assistant = 0;
        for (role, content, name) in &messages {
            let c = content.as_deref().map_or(0, count);
            total += 3 + count(role) + c + name.as_deref().map_or(0, |n| count(n) + 1);
            if *role == "assistant" {
                from_assistant += c;
            }
        }
        prop_assert_eq!(checked.messages, messages.len() as u64);
        // Only valid examples are counted: a faulty one counts nothing.
        let (total, from_assistant) = match faults.is_empty() {
            true => (total, from_assistant),
            false => (0, 0),
        };
        prop_assert_eq!(checked.tokens[0].total, total);
        prop_assert_eq!(checked.tokens[0].assistant, from_assistant);
    }

    /// Any bytes are checked without a panic; what is not JSON says so.
    #[test]
    fn any_bytes_are_a_result(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
        let countings = [
            Counting::encoding(Tokenizer::O200kBase),
            Counting::encoding(Tokenizer::Cl100kBase),
        ];
        let checked = check_line(&bytes, &countings);
        if serde_json::from_slice::<serde_json::Value>(&bytes).is_err() {
            prop_assert_eq!(checked.errors.len(), 1);
            prop_assert_eq!(checked.errors[0].0, ErrorType::InvalidJson);
        }
        for t in &checked.tokens {
            prop_assert!(t.assistant <= t.total && t.tool_json <= t.total);
        }
    }
}

// ---------------------------------------------------------------- scenarios

/// Lines that look like a scenario's, good and bad, to shuffle into files.
fn scenario_line() -> impl Strategy<Value = String> {
    prop_oneof![
        select(vec![
            "[base]",
            "[[tuned]]",
            "[request]",
            "[training]",
            "[horizon]",
            "[thresholds]",
            "[expect]",
            "[extra]",
            "[training.sub]",
            "volume = 5_000_000",
            "volume = \"5M\"",
            "volume = true",
            "model = \"acme/big\"",
            "prompt_tokens = 3000",
            "tokens = 2_000_000",
            "cost = 499.99",
            "cost = -1",
            "months = 0",
            "months = 12",
            "per_month = \"1M\"",
            "depends_at = 10",
            "fine_tune_at = 3",
            "verdict = \"fine-tune\"",
            "verdict = \"yes\"",
            "x = { a = 1 }",
            "input_tokens = 1.5",
            "epochs = 0",
            "bogus = 1",
            "= 1",
            "[",
            "growth_percent = -5",
            "cache_hit_rate = 2",
            "model = \"\\u001b[31m\"",
        ])
        .prop_map(String::from),
        "[ -~]{0,20}",
    ]
}

/// `s.toml:LINE:COLUMN: ` at the start of a message.
fn position(message: &str) -> Option<(usize, usize)> {
    let rest = message.strip_prefix("s.toml:")?;
    let mut parts = rest.splitn(3, ':');
    let line = parts.next()?.parse().ok()?;
    let column = parts.next()?.parse().ok()?;
    parts.next()?.strip_prefix(' ')?;
    Some((line, column))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Any text is a scenario or an error that carries the file's name and a
    /// position inside the text, on one line with no control character.
    #[test]
    fn any_text_parses_or_fails_at_a_position(
        lines in prop::collection::vec(scenario_line(), 0..12),
        noise in ".{0,40}",
    ) {
        let text = format!("{}\n{noise}", lines.join("\n"));
        if let Err(e) = scenario::parse("s.toml", &text) {
            let message = e.to_string();
            let (line, column) = position(&message).unwrap_or_else(|| panic!("no position: {message}"));
            let lines_in_text = text.lines().count().max(1);
            prop_assert!(line >= 1 && line <= lines_in_text + 1, "{message}\n{text}");
            prop_assert!(column >= 1, "{message}");
            prop_assert!(!message.chars().any(char::is_control), "{message:?}");
        }
    }

    /// An unknown key in any table is named with that table, at its line.
    #[test]
    fn an_unknown_key_is_named_at_its_line(
        table in select(vec!["base", "request", "training", "horizon", "thresholds", "expect"]),
        before in 0usize..4,
    ) {
        let filler = "\n".repeat(before);
        let text = format!("volume = 5\n{filler}[{table}]\nbogus = 1\n");
        let e = scenario::parse("s.toml", &text).unwrap_err().to_string();
        let want = format!("s.toml:{}:1: key `{table}.bogus`: unknown field `bogus`", before + 3);
        prop_assert!(e.starts_with(&want), "{e}");
    }
}
