//! One line of a chat fine-tuning file: the format checks of OpenAI's
//! data-preparation cookbook, extended to today's format, and the cookbook's
//! token count of the example.

use serde::Serialize;

use super::json::Json as Value;

use super::template::{self, ExampleTokens};
use crate::tokens::{Counter, Counting};

/// The kinds of format error, named as the cookbook names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorType {
    /// The line is not JSON.
    InvalidJson,
    /// The line (or a message) is JSON but not an object.
    DataType,
    /// No non-empty `messages` list.
    MissingMessagesList,
    /// A message without `role`, or without `content` (and no tool call).
    MessageMissingKey,
    /// A message key outside the format.
    MessageUnrecognizedKey,
    /// A role outside the format.
    UnrecognizedRole,
    /// Empty or mistyped content without a tool call.
    MissingContent,
    /// No assistant message to learn from.
    ExampleMissingAssistantMessage,
    /// A line over the cap for one line, skipped unread (not a cookbook type).
    LineTooLong,
}

impl ErrorType {
    /// Every type, in the order reports list them.
    pub const ALL: [ErrorType; 9] = [
        ErrorType::InvalidJson,
        ErrorType::DataType,
        ErrorType::MissingMessagesList,
        ErrorType::MessageMissingKey,
        ErrorType::MessageUnrecognizedKey,
        ErrorType::UnrecognizedRole,
        ErrorType::MissingContent,
        ErrorType::ExampleMissingAssistantMessage,
        ErrorType::LineTooLong,
    ];

    /// The name used in reports, e.g. `missing_content`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorType::InvalidJson => "invalid_json",
            ErrorType::DataType => "data_type",
            ErrorType::MissingMessagesList => "missing_messages_list",
            ErrorType::MessageMissingKey => "message_missing_key",
            ErrorType::MessageUnrecognizedKey => "message_unrecognized_key",
            ErrorType::UnrecognizedRole => "unrecognized_role",
            ErrorType::MissingContent => "missing_content",
            ErrorType::ExampleMissingAssistantMessage => "example_missing_assistant_message",
            ErrorType::LineTooLong => "line_too_long",
        }
    }
}

/// Roles a message may have.
pub const ROLES: [&str; 6] = [
    "system",
    "developer",
    "user",
    "assistant",
    "tool",
    "function",
];
/// Keys a message may have.
pub const MESSAGE_KEYS: [&str; 7] = [
    "role",
    "content",
    "name",
    "weight",
    "tool_calls",
    "tool_call_id",
    "function_call",
];
/// Top-level keys whose JSON text is counted (tool definitions).
const TOOL_DEFINITION_KEYS: [&str; 2] = ["tools", "functions"];
/// Message keys whose JSON text is counted (tool calls).
const TOOL_CALL_KEYS: [&str; 2] = ["tool_calls", "function_call"];

/// An object's fields as written.
type Fields<'a> = [(std::borrow::Cow<'a, str>, Value<'a>)];

/// Tokens per message and for the reply priming, as the cookbook counts them.
pub const TOKENS_PER_MESSAGE: u64 = 3;
/// Extra tokens for a message's `name`.
pub const TOKENS_PER_NAME: u64 = 1;
/// Tokens that prime the assistant's reply.
pub const REPLY_PRIMING: u64 = 3;

/// What one line holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    /// Format errors, in the order found.
    pub errors: Vec<(ErrorType, String)>,
    /// Messages in the example.
    pub messages: u64,
    /// Whether a `system` or `developer` message is present.
    pub has_system: bool,
    /// Whether a `user` message is present.
    pub has_user: bool,
    /// Counts per requested counting, in the order requested; zero for an
    /// example with errors (only valid examples are counted).
    pub tokens: Vec<ExampleTokens>,
}

/// Checks and counts one non-blank line with each of `countings`.
#[cfg(any(test, feature = "internals"))]
pub fn check_line(line: &[u8], countings: &[Counting]) -> Checked {
    check(line, countings, true, &mut Vec::new())
}

/// [`check_line`]; without `explain`, a line that is not JSON gets an empty
/// message, which a scan that already holds its first errors never shows
/// (writing it was most of the time spent on a file of broken lines).
/// `scratch` holds the line's copy while it is read; a scan passes the same
/// one for every line of a block.
pub(crate) fn check(
    line: &[u8],
    countings: &[Counting],
    explain: bool,
    scratch: &mut Vec<u8>,
) -> Checked {
    let mut c = Checked {
        errors: Vec::new(),
        messages: 0,
        has_system: false,
        has_user: false,
        tokens: vec![ExampleTokens::default(); countings.len()],
    };
    let value = match Value::parse_line(line, scratch) {
        Ok(v) => v,
        Err(e) => {
            let message = if explain {
                json_error(line, &e)
            } else {
                String::new()
            };
            c.errors.push((ErrorType::InvalidJson, message));
            return c;
        }
    };
    let Value::Object(example) = value else {
        let kind = kind(&value);
        c.errors.push((
            ErrorType::DataType,
            format!("the example is {kind}, not a JSON object"),
        ));
        return c;
    };
    let messages = match messages_of(&example) {
        Ok(m) => m,
        Err(problem) => {
            c.errors.push((ErrorType::MissingMessagesList, problem));
            return c;
        }
    };
    c.messages = messages.len() as u64;
    let mut has_assistant = false;
    for (i, message) in messages.iter().enumerate() {
        let Value::Object(m) = message else {
            let kind = kind(message);
            c.errors.push((
                ErrorType::DataType,
                format!("message {} is {kind}, not a JSON object", i + 1),
            ));
            continue;
        };
        let role = field(m, "role").and_then(Value::as_str);
        has_assistant |= role == Some("assistant");
        c.has_system |= matches!(role, Some("system" | "developer"));
        c.has_user |= role == Some("user");
        check_message(i + 1, m, &mut c.errors);
    }
    if !has_assistant {
        c.errors.push((
            ErrorType::ExampleMissingAssistantMessage,
            "no message has the role `assistant`".into(),
        ));
    }
    if !c.errors.is_empty() {
        return c; // only valid examples are counted
    }
    for (n, counting) in countings.iter().enumerate() {
        let e = &counting.counter;
        c.tokens[n] = match template::count(counting.template, e, &example, messages) {
            Some(t) => t,
            None => cookbook(e, &example, messages),
        };
    }
    c
}

/// The example's non-empty `messages` list, or what is wrong with it.
fn messages_of<'v, 'a>(example: &'v Fields<'a>) -> Result<&'v [Value<'a>], String> {
    match field(example, "messages") {
        Some(Value::Array(m)) if !m.is_empty() => Ok(m),
        Some(Value::Array(_)) => Err("`messages` is empty".into()),
        Some(other) => Err(format!("`messages` is {}, not a list", kind(other))),
        None => Err("no `messages` list".into()),
    }
}

/// The cookbook's count of an example: each message, the reply priming and
/// the tool definitions' JSON text.
fn cookbook(e: &Counter, example: &Fields<'_>, messages: &[Value]) -> ExampleTokens {
    let mut t = ExampleTokens::default();
    for m in messages {
        if let Value::Object(m) = m {
            let role = field(m, "role").and_then(Value::as_str);
            count_message(e, m, role == Some("assistant"), &mut t);
        }
    }
    t.total += REPLY_PRIMING;
    for key in TOOL_DEFINITION_KEYS {
        if let Some(v) = field(example, key).filter(|v| !v.is_null()) {
            let k = json_tokens(e, v);
            t.total += k;
            t.tool_json += k;
        }
    }
    t
}

fn check_message(n: usize, m: &Fields<'_>, errors: &mut Vec<(ErrorType, String)>) {
    let calls_tool = TOOL_CALL_KEYS
        .iter()
        .any(|k| field(m, k).is_some_and(|v| !v.is_null()));
    if field(m, "role").is_none() {
        errors.push((
            ErrorType::MessageMissingKey,
            format!("message {n} has no `role`"),
        ));
    }
    if field(m, "content").is_none() && !calls_tool {
        // The cookbook counts a missing `content` both as a missing key and as
        // missing content; so does ftvp, so that the counts compare.
        errors.push((
            ErrorType::MessageMissingKey,
            format!("message {n} has no `content` (nor a tool call)"),
        ));
        errors.push((
            ErrorType::MissingContent,
            format!("message {n} has no content (nor a tool call)"),
        ));
    }
    let unknown: Vec<&str> = m
        .iter()
        .map(|(k, _)| k.as_ref())
        .filter(|k| !MESSAGE_KEYS.contains(k))
        .collect();
    if !unknown.is_empty() {
        errors.push((
            ErrorType::MessageUnrecognizedKey,
            format!(
                "message {n} has unrecognized key(s) `{}`",
                quote(&unknown.join("`, `"))
            ),
        ));
    }
    match field(m, "role") {
        None => {}
        Some(Value::String(r)) if ROLES.contains(&r.as_ref()) => {}
        Some(Value::String(r)) => errors.push((
            ErrorType::UnrecognizedRole,
            format!(
                "message {n} has the role `{}`; expected one of {}",
                quote(r),
                ROLES.join(", ")
            ),
        )),
        Some(other) => errors.push((
            ErrorType::UnrecognizedRole,
            format!(
                "message {n} has a role that is {}, not a string",
                kind(other)
            ),
        )),
    }
    if let Some(content) = field(m, "content") {
        if let Some(problem) = content_problem(content, calls_tool) {
            errors.push((ErrorType::MissingContent, format!("message {n}: {problem}")));
        }
    }
}

/// Content must be a non-empty string or a non-empty list of parts, unless the
/// message carries a tool call instead.
fn content_problem(content: &Value, calls_tool: bool) -> Option<String> {
    match content {
        Value::String(s) if s.is_empty() && !calls_tool => Some("`content` is empty".into()),
        Value::String(_) => None,
        Value::Null if !calls_tool => Some("`content` is null and there is no tool call".into()),
        Value::Null => None,
        Value::Array(parts) if parts.is_empty() && !calls_tool => {
            Some("`content` is an empty list".into())
        }
        Value::Array(parts) => parts.iter().enumerate().find_map(|(i, p)| {
            let kind = p.get("type").and_then(Value::as_str);
            let ok = kind.is_some()
                && (kind != Some("text") || p.get("text").and_then(Value::as_str).is_some());
            (!ok).then(|| {
                format!(
                    "`content` part {} is not a content part (an object with a `type`, and `text` for text)",
                    i + 1
                )
            })
        }),
        other => Some(format!(
            "`content` is {}; expected a string or a list of parts",
            kind(other)
        )),
    }
}

/// The cookbook's count of one message: 3, every string value, 1 per `name`;
/// list content counts its text parts; tool calls count as their JSON text.
fn count_message(e: &Counter, m: &Fields<'_>, assistant: bool, t: &mut ExampleTokens) {
    t.total += TOKENS_PER_MESSAGE;
    for (key, value) in m {
        let key = key.as_ref();
        let k = match (key, value) {
            (_, Value::String(s)) => e.count(s),
            ("content", Value::Array(parts)) => parts_tokens(e, parts, t),
            (k, v) if TOOL_CALL_KEYS.contains(&k) && !v.is_null() => {
                let j = json_tokens(e, v);
                t.tool_json += j;
                j
            }
            _ => 0, // numbers (`weight`), booleans and nulls are not counted
        };
        t.total += k;
        if assistant && (key == "content" || TOOL_CALL_KEYS.contains(&key)) {
            t.assistant += k;
        }
        if key == "name" {
            t.total += TOKENS_PER_NAME;
        }
    }
}

/// Text parts count their text; other parts (images, audio) their JSON text.
fn parts_tokens(e: &Counter, parts: &[Value], t: &mut ExampleTokens) -> u64 {
    parts
        .iter()
        .map(|p| match p.get("text").and_then(Value::as_str) {
            Some(text) if p.get("type").and_then(Value::as_str) == Some("text") => e.count(text),
            _ => {
                let j = json_tokens(e, p);
                t.tool_json += j;
                j
            }
        })
        .sum()
}

/// Tokens of a value's compact JSON text: an estimate of what the provider
/// bills for tool definitions and calls.
fn json_tokens(e: &Counter, v: &Value) -> u64 {
    e.count(&v.to_compact())
}

/// Characters of a value from the file quoted in a message: a message
/// stays one short line whatever the file holds.
const QUOTE_CHARS: usize = 200;

/// `s`, cut to [`QUOTE_CHARS`] characters with `…` where it was cut.
fn quote(s: &str) -> std::borrow::Cow<'_, str> {
    match s.char_indices().nth(QUOTE_CHARS) {
        Some((end, _)) => format!("{}…", &s[..end]).into(),
        None => s.into(),
    }
}

fn field<'v, 'a>(fields: &'v Fields<'a>, key: &str) -> Option<&'v Value<'a>> {
    fields.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn json_error(line: &[u8], e: &serde_json::Error) -> String {
    if let Err(u) = std::str::from_utf8(line) {
        return format!(
            "not valid UTF-8 at byte {} of the line",
            u.valid_up_to() + 1
        );
    }
    // A line is one JSON document: its column is enough to find the fault.
    let message = e.to_string();
    let position = format!(" at line 1 column {}", e.column());
    match message.strip_suffix(&position) {
        Some(m) if e.line() == 1 => format!("not valid JSON: {m} at column {}", e.column()),
        _ => format!("not valid JSON: {message}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn o200k() -> [Counting; 1] {
        [Counting::encoding(crate::pricing::Tokenizer::O200kBase)]
    }

    fn types(line: &str) -> Vec<ErrorType> {
        check_line(line.as_bytes(), &o200k())
            .errors
            .into_iter()
            .map(|(t, _)| t)
            .collect()
    }

    #[test]
    fn a_plain_example_counts_as_the_cookbook_does() {
        // 3 messages × 3 + values + 1 for the name + 3 priming. In o200k_base
        // (Python tiktoken) "system", "user", "assistant", "Hi", "Hello",
        // "bob" are 1 token each and "Be brief" is 2; `weight` is not counted.
        let line = r#"{"messages":[{"role":"system","content":"Be brief"},{"role":"user","content":"Hi","name":"bob"},{"role":"assistant","content":"Hello","weight":1}]}"#;
        let c = check_line(line.as_bytes(), &o200k());
        assert!(c.errors.is_empty(), "{:?}", c.errors);
        let roles = 3;
        let values = 2 + 1 + 1 + 1; // Be brief, Hi, bob, Hello
        assert_eq!(c.tokens[0].total, 9 + roles + values + 1 + 3);
        assert_eq!(c.tokens[0].assistant, 1);
        assert!(c.has_system && c.has_user);
    }

    #[test]
    fn each_error_type_is_recognised() {
        use ErrorType::*;
        assert_eq!(types("{not json"), [InvalidJson]);
        assert_eq!(types("[1, 2]"), [DataType]);
        assert_eq!(types(r#"{"prompt": "x"}"#), [MissingMessagesList]);
        assert_eq!(types(r#"{"messages": []}"#), [MissingMessagesList]);
        assert_eq!(
            types(r#"{"messages":[{"content":"x"},{"role":"assistant","content":"y"}]}"#),
            [MessageMissingKey]
        );
        assert_eq!(
            types(r#"{"messages":[{"role":"assistant","content":"y","mood":"calm"}]}"#),
            [MessageUnrecognizedKey]
        );
        assert_eq!(
            types(
                r#"{"messages":[{"role":"robot","content":"x"},{"role":"assistant","content":"y"}]}"#
            ),
            [UnrecognizedRole]
        );
        assert_eq!(
            types(
                r#"{"messages":[{"role":"user","content":""},{"role":"assistant","content":"y"}]}"#
            ),
            [MissingContent]
        );
        assert_eq!(
            types(r#"{"messages":[{"role":"user","content":"x"}]}"#),
            [ExampleMissingAssistantMessage]
        );
    }

    #[test]
    fn todays_format_is_accepted() {
        let line = r#"{"messages":[{"role":"developer","content":[{"type":"text","text":"Be brief"}]},{"role":"user","content":"Weather?"},{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"w","arguments":"{}"}}]},{"role":"tool","tool_call_id":"c1","content":"sunny"},{"role":"assistant","content":"Sunny.","weight":0}],"tools":[{"type":"function","function":{"name":"w"}}],"parallel_tool_calls":false}"#;
        let c = check_line(line.as_bytes(), &o200k());
        assert!(c.errors.is_empty(), "{:?}", c.errors);
        assert!(c.has_system);
        assert!(c.tokens[0].tool_json > 0);
        // A weight-0 assistant message still counts toward the total.
        assert!(c.tokens[0].assistant >= 2);
    }

    #[test]
    fn a_key_written_twice_counts_as_python_reads_it_the_last() {
        let line = r#"{"messages":[{"role":"user","content":"x"}],"messages":[{"role":"user","content":"Hi"},{"role":"robot","role":"assistant","content":"Hello","content":"Hello"}]}"#;
        let c = check_line(line.as_bytes(), &o200k());
        assert!(c.errors.is_empty(), "{:?}", c.errors);
        assert_eq!(c.messages, 2);
        // (3 + user + Hi) + (3 + assistant + Hello, each once) + 3 priming
        assert_eq!(c.tokens[0].total, 5 + 5 + 3);
    }

    #[test]
    fn values_quoted_in_messages_are_cut_short() {
        let role = "r".repeat(10_000);
        let line = format!(
            r#"{{"messages":[{{"role":"{role}","content":"x"}},{{"role":"assistant","content":"y"}}]}}"#
        );
        let c = check_line(line.as_bytes(), &o200k());
        assert_eq!(c.errors[0].0, ErrorType::UnrecognizedRole);
        assert!(c.errors[0].1.len() < 400, "{}", c.errors[0].1.len());
        assert!(c.errors[0].1.contains("r…"));
    }

    #[test]
    fn invalid_json_names_the_column() {
        let c = check_line(br#"{"messages": [1,]}"#, &o200k());
        assert_eq!(c.errors[0].1, "not valid JSON: trailing comma at column 17");
    }

    #[test]
    fn invalid_utf8_is_an_invalid_json_error() {
        let c = check_line(b"{\"messages\": \"\xff\"}", &o200k());
        assert_eq!(c.errors[0].0, ErrorType::InvalidJson);
        assert!(c.errors[0].1.contains("UTF-8"), "{}", c.errors[0].1);
    }
}
