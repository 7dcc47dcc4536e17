//! Which chat template counts an example: the cookbook rule or a model
//! family's template (rendered by `crate::dataset::template`). A counting
//! names its template here, so the tokenizer files can be checked for the
//! template's special tokens without the dataset code.

/// How an example's tokens are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChatTemplate {
    /// OpenAI's cookbook rule: 3 per message, every string value, 1 per
    /// name, 3 to prime the reply.
    Cookbook,
    /// Qwen3's chat template.
    Qwen3,
    /// Llama 3's chat template.
    Llama3,
}

impl ChatTemplate {
    /// The template of the Hugging Face tokenizer named `hf:NAME` in sheets;
    /// the cookbook rule for a name without a known template.
    pub fn for_hf_name(name: &str) -> ChatTemplate {
        match name {
            "qwen3" => ChatTemplate::Qwen3,
            "llama3" => ChatTemplate::Llama3,
            _ => ChatTemplate::Cookbook,
        }
    }

    /// `cookbook`, `qwen3` or `llama3`.
    pub fn name(self) -> &'static str {
        match self {
            ChatTemplate::Cookbook => "cookbook",
            ChatTemplate::Qwen3 => "qwen3",
            ChatTemplate::Llama3 => "llama3",
        }
    }

    /// The template's name, `None` for the cookbook rule (JSON's
    /// `chat_template`).
    pub fn template_name(self) -> Option<&'static str> {
        (self != ChatTemplate::Cookbook).then(|| self.name())
    }

    /// How an example is counted, for people: `OpenAI's cookbook rule` or
    /// `template-based (qwen3 chat template)`. No venue publishes how it
    /// renders a chat example into billed tokens, so a template count is
    /// "template-based".
    pub fn rule(self) -> String {
        match self {
            ChatTemplate::Cookbook => "OpenAI's cookbook rule".into(),
            t => format!("template-based ({} chat template)", t.name()),
        }
    }

    /// The special tokens the template writes, which a `tokenizer.json`
    /// for the family must have.
    pub fn special_tokens(self) -> &'static [&'static str] {
        match self {
            ChatTemplate::Cookbook => &[],
            ChatTemplate::Qwen3 => &[IM_START, IM_END, "<think>", "</think>"],
            ChatTemplate::Llama3 => &[BEGIN, HEADER_START, HEADER_END, EOT],
        }
    }
}

pub(crate) const IM_START: &str = "<|im_start|>";
pub(crate) const IM_END: &str = "<|im_end|>";
pub(crate) const BEGIN: &str = "<|begin_of_text|>";
pub(crate) const HEADER_START: &str = "<|start_header_id|>";
pub(crate) const HEADER_END: &str = "<|end_header_id|>";
pub(crate) const EOT: &str = "<|eot_id|>";
