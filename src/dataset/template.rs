//! Counting a chat example as a model family's chat template renders it,
//! the way open-weight models are trained: the messages with the template's
//! role headers, special tokens (one token each) and separators.
//!
//! The templates follow the chat templates published with each family's
//! `tokenizer_config.json`, for the messages a fine-tuning file holds:
//!
//! - **qwen3** (Qwen3's hybrid-thinking template): `<|im_start|>ROLE\n…<|im_end|>\n`
//!   per message; a first system (or developer) message leads; an assistant
//!   reply after the last user message starts with its thinking block,
//!   `<think>\nREASONING\n</think>\n\n` (empty when the reply has none), and
//!   earlier replies drop theirs; tool results are user turns wrapped in
//!   `<tool_response>`, tool calls `<tool_call>` blocks, tool definitions a
//!   system block, all as the template writes them.
//! - **llama3** (Llama 3's template): `<|begin_of_text|>` once, then
//!   `<|start_header_id|>ROLE<|end_header_id|>\n\n` + the trimmed content +
//!   `<|eot_id|>` per message; tool results have the role `ipython`, tool
//!   calls are `{"name": …, "parameters": …}`. Llama 3.1 and later templates
//!   also write a dated system preamble ("Cutting Knowledge Date: …"); it is
//!   left out, as Tinker's llama3 renderer leaves it out.
//!
//! In both, `developer` is rendered as `system` and `function` as `tool`;
//! nothing is added to prime a reply (a training example ends with its last
//! message). Tool calls, tool definitions and non-text parts are counted as
//! their JSON text as the template writes it, and reported as an estimate.

use super::json::Json;
use crate::tokens::chat::{BEGIN, EOT, HEADER_END, HEADER_START, IM_END, IM_START};
pub use crate::tokens::ChatTemplate;
use crate::tokens::Counter;

/// The token counts of one example under one encoding.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExampleTokens {
    /// The cookbook's count of the whole example.
    pub total: u64,
    /// Tokens of assistant messages' content and tool calls.
    pub assistant: u64,
    /// The part of `total` counted from tool calls' and tools' JSON text.
    pub tool_json: u64,
}

/// The tokens of an example (its top-level fields and its messages) as
/// the template renders it; `None` for the cookbook rule.
pub fn count(
    template: ChatTemplate,
    counter: &Counter,
    example: &[(std::borrow::Cow<'_, str>, Json<'_>)],
    messages: &[Json<'_>],
) -> Option<ExampleTokens> {
    if template == ChatTemplate::Cookbook {
        // Before the messages are read into `Msg`s, which copies their text.
        return None;
    }
    let msgs: Vec<Msg> = messages.iter().map(Msg::of).collect();
    let tools = example
        .iter()
        .find(|(k, _)| k == "tools" || k == "functions")
        .map(|(_, v)| v)
        .filter(|v| !v.is_null());
    let mut t = Tally::new(counter);
    match template {
        ChatTemplate::Cookbook => return None,
        ChatTemplate::Qwen3 => qwen3(&mut t, &msgs, tools),
        ChatTemplate::Llama3 => llama3(&mut t, &msgs, tools),
    }
    t.flush();
    Some(t.tokens)
}

/// One message as the templates read it.
struct Msg<'a> {
    /// `system`, `user`, `assistant` or `tool` (developer and function
    /// mapped), or the role as written.
    role: &'a str,
    /// The text: a string, or the text parts joined.
    content: String,
    /// Non-text parts as their JSON text.
    parts_json: String,
    /// Tool calls (`tool_calls`, or a `function_call` as one call).
    calls: Vec<&'a Json<'a>>,
}

impl<'a> Msg<'a> {
    fn of(m: &'a Json<'a>) -> Msg<'a> {
        let role = match m.get("role").and_then(Json::as_str).unwrap_or("") {
            "developer" => "system",
            "function" => "tool",
            r => r,
        };
        let (mut content, mut parts_json) = (String::new(), String::new());
        match m.get("content") {
            Some(Json::String(s)) => content.push_str(s),
            Some(Json::Array(parts)) => {
                for p in parts {
                    match (p.get("type").and_then(Json::as_str), p.get("text")) {
                        (Some("text"), Some(Json::String(s))) => content.push_str(s),
                        _ => parts_json.push_str(&p.to_template_json()),
                    }
                }
            }
            _ => {}
        }
        let calls = match (m.get("tool_calls"), m.get("function_call")) {
            (Some(Json::Array(calls)), _) => calls.iter().collect(),
            (_, Some(call)) if !call.is_null() => vec![call],
            _ => Vec::new(),
        };
        Msg {
            role,
            content,
            parts_json,
            calls,
        }
    }
}

/// Counts the rendering as it is written: text between special tokens is
/// counted as one text (so that merges across a role and its content are
/// the tokenizer's), each special token as one.
struct Tally<'c> {
    counter: &'c Counter,
    text: String,
    /// Where the current assistant message's own text starts in `text`.
    assistant_from: Option<usize>,
    /// Whether special tokens now belong to an assistant message.
    in_assistant: bool,
    tokens: ExampleTokens,
    /// The whole rendering, for tests to compare with the template's.
    #[cfg(test)]
    rendered: String,
}

impl<'c> Tally<'c> {
    fn new(counter: &'c Counter) -> Tally<'c> {
        Tally {
            counter,
            text: String::new(),
            assistant_from: None,
            in_assistant: false,
            tokens: ExampleTokens::default(),
            #[cfg(test)]
            rendered: String::new(),
        }
    }

    fn text(&mut self, s: &str) {
        self.text.push_str(s);
        #[cfg(test)]
        self.rendered.push_str(s);
    }

    /// Text counted as an estimate: tool calls, definitions, other parts.
    fn json(&mut self, s: &str) {
        if !s.is_empty() {
            self.tokens.tool_json += self.counter.count(s);
            self.text(s);
        }
    }

    fn special(&mut self, _token: &str) {
        #[cfg(test)]
        self.rendered.push_str(_token);
        self.flush();
        self.tokens.total += 1;
        if self.in_assistant {
            self.tokens.assistant += 1;
        }
    }

    /// Counts the text written since the last special token.
    fn flush(&mut self) {
        if self.text.is_empty() {
            return;
        }
        let n = self.counter.count(&self.text);
        self.tokens.total += n;
        if let Some(from) = self.assistant_from {
            let header = self.counter.count(&self.text[..from]);
            self.tokens.assistant += n.saturating_sub(header);
            self.assistant_from = Some(0);
        }
        self.text.clear();
    }

    /// The assistant's own text starts here (after its role header).
    fn start_assistant(&mut self) {
        self.assistant_from = Some(self.text.len());
        self.in_assistant = true;
    }

    /// The assistant message ends after its end-of-turn token.
    fn end_assistant(&mut self) {
        self.flush();
        self.assistant_from = None;
        self.in_assistant = false;
    }
}

/// `<|im_start|>ROLE\n` + the message's text and parts + `<|im_end|>\n`.
fn qwen_turn(t: &mut Tally, role: &str, m: &Msg) {
    t.special(IM_START);
    t.text(role);
    t.text("\n");
    t.text(&m.content);
    t.json(&m.parts_json);
    t.special(IM_END);
    t.text("\n");
}

const QWEN_TOOLS_INTRO: &str = "# Tools\n\nYou may call one or more functions to assist with the user query.\n\nYou are provided with function signatures within <tools></tools> XML tags:\n<tools>";
const QWEN_TOOLS_OUTRO: &str = "\n</tools>\n\nFor each function call, return a json object with function name and arguments within <tool_call></tool_call> XML tags:\n<tool_call>\n{\"name\": <function-name>, \"arguments\": <args-json-object>}\n</tool_call>";

fn qwen3(t: &mut Tally, msgs: &[Msg], tools: Option<&Json>) {
    let system_first = msgs.first().filter(|m| m.role == "system");
    if let Some(tools) = tools {
        t.special(IM_START);
        t.text("system\n");
        if let Some(s) = system_first {
            t.text(&s.content);
            t.text("\n\n");
        }
        t.text(QWEN_TOOLS_INTRO);
        for tool in list(tools) {
            t.text("\n");
            t.json(&tool.to_template_json());
        }
        t.text(QWEN_TOOLS_OUTRO);
        t.special(IM_END);
        t.text("\n");
    } else if let Some(s) = system_first {
        qwen_turn(t, "system", s);
    }
    let is_tool_result = |m: &Msg| {
        m.content.starts_with("<tool_response>") && m.content.ends_with("</tool_response>")
    };
    let last_query = msgs
        .iter()
        .rposition(|m| m.role == "user" && !is_tool_result(m))
        .unwrap_or(msgs.len().saturating_sub(1));
    for (i, m) in msgs.iter().enumerate() {
        let last = i + 1 == msgs.len();
        match m.role {
            "system" if i == 0 => {}
            "assistant" => {
                t.special(IM_START);
                t.text("assistant\n");
                t.start_assistant();
                let (reasoning, content) = split_thinking(&m.content);
                if i > last_query && (last || !reasoning.is_empty()) {
                    t.text("<think>\n");
                    t.text(reasoning.trim_matches('\n'));
                    t.text("\n</think>\n\n");
                    t.text(content.trim_start_matches('\n'));
                } else {
                    t.text(content);
                }
                t.json(&m.parts_json);
                for (k, call) in m.calls.iter().enumerate() {
                    if k > 0 || !content.is_empty() {
                        t.text("\n");
                    }
                    let (name, arguments) = call_parts(call);
                    t.text("<tool_call>\n");
                    t.json(&format!(
                        "{{\"name\": \"{name}\", \"arguments\": {arguments}}}"
                    ));
                    t.text("\n</tool_call>");
                }
                t.special(IM_END);
                t.end_assistant();
                t.text("\n");
            }
            "tool" => {
                let first_of_run = i == 0 || msgs[i - 1].role != "tool";
                let last_of_run = last || msgs[i + 1].role != "tool";
                if first_of_run {
                    t.special(IM_START);
                    t.text("user");
                }
                t.text("\n<tool_response>\n");
                t.text(&m.content);
                t.json(&m.parts_json);
                t.text("\n</tool_response>");
                if last_of_run {
                    t.special(IM_END);
                    t.text("\n");
                }
            }
            role => qwen_turn(t, role, m),
        }
    }
}

/// A reply's thinking and the rest: the text before `</think>` (after any
/// `<think>`) and the text after it, as Qwen3's template splits them.
fn split_thinking(content: &str) -> (&str, &str) {
    match content.rsplit_once("</think>") {
        Some((before, after)) => {
            let before = before.split("</think>").next().unwrap_or(before);
            let reasoning = before.rsplit("<think>").next().unwrap_or(before);
            (
                reasoning.trim_end_matches('\n').trim_start_matches('\n'),
                after.trim_start_matches('\n'),
            )
        }
        None => ("", content),
    }
}

fn llama3(t: &mut Tally, msgs: &[Msg], tools: Option<&Json>) {
    t.special(BEGIN);
    let mut tools_written = tools.is_none();
    for (i, m) in msgs.iter().enumerate() {
        let role = if m.role == "tool" { "ipython" } else { m.role };
        t.special(HEADER_START);
        t.text(role);
        t.special(HEADER_END);
        t.text("\n\n");
        let assistant = m.role == "assistant";
        if assistant {
            t.start_assistant();
        }
        t.text(m.content.trim());
        t.json(&m.parts_json);
        if let (false, Some(tools)) = (tools_written, tools) {
            if i == 0 || m.role == "user" {
                for tool in list(tools) {
                    t.text("\n\n");
                    t.json(&tool.to_template_json());
                }
                tools_written = true;
            }
        }
        for call in &m.calls {
            let (name, arguments) = call_parts(call);
            t.json(&format!(
                "{{\"name\": \"{name}\", \"parameters\": {arguments}}}"
            ));
        }
        t.special(EOT);
        if assistant {
            t.end_assistant();
        }
    }
}

/// A tool definition list, or one definition.
fn list<'v, 'a>(v: &'v Json<'a>) -> Vec<&'v Json<'a>> {
    match v {
        Json::Array(items) => items.iter().collect(),
        other => vec![other],
    }
}

/// A tool call's function name and its arguments as the template writes
/// them: a string as it is, anything else as JSON.
fn call_parts(call: &Json) -> (String, String) {
    let f = call.get("function").unwrap_or(call);
    let name = f
        .get("name")
        .and_then(Json::as_str)
        .unwrap_or("")
        .to_string();
    let arguments = match f.get("arguments") {
        Some(Json::String(s)) => s.to_string(),
        Some(v) => v.to_template_json(),
        None => "{}".into(),
    };
    (name, arguments)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pricing::Tokenizer;

    /// The template's rendering of a line, and its counts in o200k_base.
    fn render(template: ChatTemplate, line: &str) -> (String, ExampleTokens) {
        let Json::Object(example) = Json::parse(line).unwrap() else {
            panic!("an object")
        };
        let Some(Json::Array(messages)) = example
            .iter()
            .find(|(k, _)| k == "messages")
            .map(|(_, v)| v.clone())
        else {
            panic!("messages")
        };
        let counter = Counter::Encoding(Tokenizer::O200kBase);
        let msgs: Vec<Msg> = messages.iter().map(Msg::of).collect();
        let tools = example.iter().find(|(k, _)| k == "tools").map(|(_, v)| v);
        let mut t = Tally::new(&counter);
        match template {
            ChatTemplate::Qwen3 => qwen3(&mut t, &msgs, tools),
            ChatTemplate::Llama3 => llama3(&mut t, &msgs, tools),
            ChatTemplate::Cookbook => unreachable!(),
        }
        t.flush();
        let counted = count(template, &counter, &example, &messages).unwrap();
        assert_eq!(counted, t.tokens);
        (t.rendered, t.tokens)
    }

    #[test]
    fn qwen3_renders_thinking_only_after_the_last_user_message() {
        let line = r#"{"messages":[{"role":"developer","content":"Be kind."},{"role":"user","content":"hi"},{"role":"assistant","content":"<think>\nplan\n</think>\n\nhello"},{"role":"user","content":"again"},{"role":"assistant","content":"<think>check</think>world"}]}"#;
        let (text, _) = render(ChatTemplate::Qwen3, line);
        assert_eq!(
            text,
            "<|im_start|>system\nBe kind.<|im_end|>\n\
             <|im_start|>user\nhi<|im_end|>\n\
             <|im_start|>assistant\nhello<|im_end|>\n\
             <|im_start|>user\nagain<|im_end|>\n\
             <|im_start|>assistant\n<think>\ncheck\n</think>\n\nworld<|im_end|>\n"
        );
    }

    #[test]
    fn qwen3_renders_tools_calls_and_results_as_its_template_writes_them() {
        let line = r#"{"messages":[{"role":"system","content":"S"},{"role":"user","content":"weather?"},{"role":"assistant","content":null,"tool_calls":[{"id":"1","type":"function","function":{"name":"w","arguments":"{\"city\": \"Oslo\"}"}},{"id":"2","type":"function","function":{"name":"t","arguments":{"tz":"CET"}}}]},{"role":"tool","tool_call_id":"1","content":"rain"},{"role":"tool","tool_call_id":"2","content":"12:00"},{"role":"assistant","content":"Rain."}],"tools":[{"type":"function","function":{"name":"w","parameters":{}}}]}"#;
        let (text, tokens) = render(ChatTemplate::Qwen3, line);
        let tools = "# Tools\n\nYou may call one or more functions to assist with the user query.\n\n\
             You are provided with function signatures within <tools></tools> XML tags:\n<tools>\n\
             {\"type\": \"function\", \"function\": {\"name\": \"w\", \"parameters\": {}}}\n</tools>\n\n\
             For each function call, return a json object with function name and arguments within \
             <tool_call></tool_call> XML tags:\n<tool_call>\n{\"name\": <function-name>, \
             \"arguments\": <args-json-object>}\n</tool_call>";
        let want = format!(
            "<|im_start|>system\nS\n\n{tools}<|im_end|>\n\
             <|im_start|>user\nweather?<|im_end|>\n\
             <|im_start|>assistant\n<tool_call>\n{{\"name\": \"w\", \"arguments\": {{\"city\": \"Oslo\"}}}}\n</tool_call>\n\
             <tool_call>\n{{\"name\": \"t\", \"arguments\": {{\"tz\": \"CET\"}}}}\n</tool_call><|im_end|>\n\
             <|im_start|>user\n<tool_response>\nrain\n</tool_response>\n<tool_response>\n12:00\n</tool_response><|im_end|>\n\
             <|im_start|>assistant\n<think>\n\n</think>\n\nRain.<|im_end|>\n"
        );
        assert_eq!(text, want);
        assert!(tokens.tool_json > 0 && tokens.tool_json < tokens.total);
    }

    #[test]
    fn llama3_renders_headers_and_trimmed_content() {
        let line = r#"{"messages":[{"role":"system","content":" Be kind. "},{"role":"user","content":[{"type":"text","text":"hi"}]},{"role":"assistant","content":"hello\n"}]}"#;
        let (text, tokens) = render(ChatTemplate::Llama3, line);
        assert_eq!(
            text,
            "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nBe kind.<|eot_id|>\
             <|start_header_id|>user<|end_header_id|>\n\nhi<|eot_id|>\
             <|start_header_id|>assistant<|end_header_id|>\n\nhello<|eot_id|>"
        );
        // o200k_base: `\n\nhello` is `\n\n` and `hello`, less the `\n\n`
        // of the header, and `<|eot_id|>`.
        assert_eq!(tokens.assistant, 2);
        assert_eq!(tokens.tool_json, 0);
    }

    #[test]
    fn names_pick_templates_and_templates_name_their_tokens() {
        assert_eq!(ChatTemplate::for_hf_name("qwen3"), ChatTemplate::Qwen3);
        assert_eq!(ChatTemplate::for_hf_name("llama3"), ChatTemplate::Llama3);
        assert_eq!(ChatTemplate::for_hf_name("qwen3.5"), ChatTemplate::Cookbook);
        assert_eq!(ChatTemplate::Cookbook.template_name(), None);
        assert_eq!(
            ChatTemplate::Qwen3.rule(),
            "template-based (qwen3 chat template)"
        );
        assert!(ChatTemplate::Llama3
            .special_tokens()
            .contains(&"<|eot_id|>"));
    }
}
