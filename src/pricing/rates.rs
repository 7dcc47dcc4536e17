//! A model's prices as the cost model reads them: per 1M tokens in the
//! sheet's currency, exact decimals.

use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize, Serializer};

use crate::cost::{PerMillion, Tokens, Usd};

/// A BPE encoding that a model's tokens are counted with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum Tokenizer {
    /// OpenAI's encoding for GPT-4o, GPT-4.1, GPT-5 and o-series models.
    #[serde(rename = "o200k_base")]
    O200kBase,
    /// OpenAI's encoding for GPT-4 and GPT-3.5 models.
    #[serde(rename = "cl100k_base")]
    Cl100kBase,
}

impl Tokenizer {
    /// The encoding's name as written in sheets.
    pub fn as_str(self) -> &'static str {
        match self {
            Tokenizer::O200kBase => "o200k_base",
            Tokenizer::Cl100kBase => "cl100k_base",
        }
    }
}

/// The longest name of a Hugging Face tokenizer (`hf:NAME`).
pub const MAX_HF_NAME: usize = 64;

/// What a sheet's `tokenizer` key names: a built-in encoding, or a Hugging
/// Face `tokenizer.json` that the user supplies (`hf:qwen3`), found by name
/// in the user's tokenizer folder or given with `--tokenizer-file`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenizerName {
    /// `o200k_base` or `cl100k_base`, compiled in.
    Encoding(Tokenizer),
    /// `hf:NAME`: the NAME, e.g. `qwen3`.
    Hf(String),
}

impl TokenizerName {
    /// Parses `o200k_base`, `cl100k_base` or `hf:NAME`, where NAME is lower-case
    /// ASCII letters, digits, `.`, `_` and `-`, starting with a letter or digit.
    pub fn parse(text: &str) -> Result<TokenizerName, String> {
        for e in [Tokenizer::O200kBase, Tokenizer::Cl100kBase] {
            if text == e.as_str() {
                return Ok(TokenizerName::Encoding(e));
            }
        }
        match text.strip_prefix("hf:") {
            Some(name) if is_hf_name(name) => Ok(TokenizerName::Hf(name.to_string())),
            Some(name) => Err(format!(
                "tokenizer `hf:{}`: the name after `hf:` must be 1 to {MAX_HF_NAME} \
                 lower-case letters, digits, `.`, `_` or `-`, starting with a letter or digit",
                super::quote(name)
            )),
            None => Err(format!(
                "unknown tokenizer `{}`; expected o200k_base, cl100k_base or hf:NAME \
                 (a Hugging Face tokenizer.json)",
                super::quote(text)
            )),
        }
    }

    /// The name as written in sheets: `o200k_base`, `hf:qwen3`.
    pub fn as_string(&self) -> String {
        match self {
            TokenizerName::Encoding(e) => e.as_str().to_string(),
            TokenizerName::Hf(name) => format!("hf:{name}"),
        }
    }

    /// The built-in encoding, if this names one.
    pub fn encoding(&self) -> Option<Tokenizer> {
        match self {
            TokenizerName::Encoding(e) => Some(*e),
            TokenizerName::Hf(_) => None,
        }
    }

    /// The Hugging Face tokenizer's name, if this names one.
    #[cfg(any(test, feature = "internals"))]
    pub fn hf(&self) -> Option<&str> {
        match self {
            TokenizerName::Encoding(_) => None,
            TokenizerName::Hf(name) => Some(name),
        }
    }
}

/// Whether `name` may follow `hf:` (and name a file `NAME.json`).
pub fn is_hf_name(name: &str) -> bool {
    let ok = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-');
    (1..=MAX_HF_NAME).contains(&name.len())
        && name.chars().all(ok)
        && name.starts_with(|c: char| c.is_ascii_alphanumeric())
}

impl Serialize for TokenizerName {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.as_string())
    }
}

impl<'de> Deserialize<'de> for TokenizerName {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        TokenizerName::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// Serialises exact decimals as JSON numbers, the form reports use.
fn money<S: Serializer>(v: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    crate::format::exact_money::serialize(v, s)
}

fn opt_money<S: Serializer>(v: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
    crate::format::exact_money::option::serialize(v, s)
}

/// Serialises a date as `YYYY-MM-DD`, or null.
pub(crate) fn opt_date<S: Serializer>(v: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(d) => s.serialize_some(&d.to_string()),
        None => s.serialize_none(),
    }
}

/// One model's prices, all per 1M tokens in the sheet's currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ModelPrices {
    /// Input tokens.
    #[serde(serialize_with = "money")]
    pub input: PerMillion,
    /// Output tokens.
    #[serde(serialize_with = "money")]
    pub output: PerMillion,
    /// Input tokens read from the prompt cache.
    #[serde(serialize_with = "opt_money")]
    pub cached_input: Option<PerMillion>,
    /// Tokens written to the prompt cache, where the provider bills writes.
    #[serde(serialize_with = "opt_money")]
    pub cache_write: Option<PerMillion>,
    /// Shortest prompt the provider caches.
    pub min_cacheable_tokens: Option<Tokens>,
    /// Fraction off every per-token price with the provider's batch API.
    #[serde(serialize_with = "opt_money")]
    pub batch_discount: Option<Decimal>,
    /// Input context window in tokens.
    pub context_window: Option<Tokens>,
    /// The tokenizer that counts this model's tokens, where it is public.
    pub tokenizer: Option<TokenizerName>,
    /// Present only if the model can be fine-tuned.
    pub fine_tuning: Option<FineTuning>,
    /// Prices for requests above a prompt size.
    pub long_context: Option<LongContext>,
    /// Cached reads under the batch API, where the provider does not take the
    /// batch discount off its cached price (Gemini bills the standard cached
    /// price); absent: the batch discount applies to cached reads too.
    #[serde(serialize_with = "opt_money")]
    pub batch_cached_input: Option<PerMillion>,
    /// Cheaper prices in some hours of the day (DeepSeek).
    pub off_peak: Option<OffPeak>,
}

/// A provider's off-peak discount: a fraction off every per-token price for
/// requests sent in the given hours (UTC).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OffPeak {
    /// Fraction off, 0..1.
    #[serde(serialize_with = "money")]
    pub discount: Decimal,
    /// The off-peak hours in UTC as the provider states them, e.g. `16:30-00:30`.
    pub hours_utc: String,
}

/// What a training method optimises; `--method` defaults to the cheapest
/// supervised one, because that is what "fine-tuning" means to most teams.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MethodKind {
    /// Supervised fine-tuning on example outputs.
    Sft,
    /// Preference tuning (direct preference optimisation).
    Dpo,
    /// Reinforcement fine-tuning with a grader or reward.
    Rft,
}

/// One way a provider trains a model, with its own price.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrainingMethod {
    /// The method's name in the sheet, e.g. `lora-sft`; what `--method` takes.
    pub name: String,
    /// SFT, DPO or RFT.
    pub kind: MethodKind,
    /// Per 1M training tokens (tokens × epochs).
    #[serde(serialize_with = "money")]
    pub training: PerMillion,
    /// Per-job minimum charge; the table's `min_training_cost` when the method has none.
    #[serde(serialize_with = "opt_money")]
    pub min_training_cost: Option<Usd>,
}

/// Fine-tuning prices of a model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FineTuning {
    /// Per 1M training tokens (tokens × epochs); absent where training is
    /// billed otherwise. With several methods: the default method's price.
    #[serde(serialize_with = "opt_money")]
    pub training: Option<PerMillion>,
    /// Input tokens on the fine-tuned model.
    #[serde(serialize_with = "money")]
    pub input: PerMillion,
    /// Output tokens on the fine-tuned model.
    #[serde(serialize_with = "money")]
    pub output: PerMillion,
    /// Cached input tokens on the fine-tuned model.
    #[serde(serialize_with = "opt_money")]
    pub cached_input: Option<PerMillion>,
    /// Fee per hour to keep a fine-tuned deployment up.
    #[serde(serialize_with = "opt_money")]
    pub hosting_per_hour: Option<Usd>,
    /// Per-job minimum charge for a training run. With several methods: the
    /// default method's minimum.
    #[serde(serialize_with = "opt_money")]
    pub min_training_cost: Option<Usd>,
    /// Monthly fee to keep a tuned model stored, deployed or not.
    #[serde(serialize_with = "opt_money")]
    pub storage_per_month: Option<Usd>,
    /// The training methods on offer, when the sheet lists several; empty for
    /// the single `training = …` form.
    pub methods: Vec<TrainingMethod>,
    /// First day no new job for this model starts (overrides the provider-wide date).
    #[serde(serialize_with = "opt_date")]
    pub training_closes: Option<Date>,
    /// First day fine-tunes stop serving; absent: the model's own shutdown.
    #[serde(serialize_with = "opt_date")]
    pub shutdown: Option<Date>,
    /// True when fine-tunes can only be served on a dedicated deployment billed
    /// per GPU-hour (Fireworks): `input` and `output` are then zero and a
    /// candidate needs `--serve dedicated --gpu`.
    pub dedicated_only: bool,
}

impl FineTuning {
    /// The hourly hosting fee, when it is more than zero.
    pub fn hosting_fee(&self) -> Option<Usd> {
        self.hosting_per_hour.filter(|h| !h.is_zero())
    }

    /// The monthly storage fee, when it is more than zero.
    pub fn storage_fee(&self) -> Option<Usd> {
        self.storage_per_month.filter(|s| !s.is_zero())
    }

    /// Every method on offer: the listed ones, or the single `training = …`
    /// price as a method named `default` (SFT); none where training is billed
    /// otherwise.
    pub fn all_methods(&self) -> Vec<TrainingMethod> {
        if !self.methods.is_empty() {
            return self.methods.clone();
        }
        self.training
            .map(|training| TrainingMethod {
                name: "default".to_string(),
                kind: MethodKind::Sft,
                training,
                min_training_cost: self.min_training_cost,
            })
            .into_iter()
            .collect()
    }

    /// The cheapest SFT method (lowest training price, then lowest minimum,
    /// then name), or the cheapest method of any kind when none is SFT.
    pub fn default_method(&self) -> Option<TrainingMethod> {
        let all = self.all_methods();
        let cheapest = |kinds: &dyn Fn(&TrainingMethod) -> bool| {
            all.iter()
                .filter(|m| kinds(m))
                .min_by(|a, b| {
                    (a.training, a.min_training_cost.unwrap_or_default(), &a.name).cmp(&(
                        b.training,
                        b.min_training_cost.unwrap_or_default(),
                        &b.name,
                    ))
                })
                .cloned()
        };
        cheapest(&|m| m.kind == MethodKind::Sft).or_else(|| cheapest(&|_| true))
    }

    /// The method called `name`, or an error that lists the methods on offer.
    pub fn method(&self, name: &str) -> Result<TrainingMethod, String> {
        let all = self.all_methods();
        if let Some(m) = all.iter().find(|m| m.name == name) {
            return Ok(m.clone());
        }
        let names: Vec<&str> = all.iter().map(|m| m.name.as_str()).collect();
        Err(if names.is_empty() {
            format!(
                "no training method `{}`: this model's training is not priced per token",
                super::text::quote(name)
            )
        } else {
            format!(
                "no training method `{}`; methods: {}",
                super::text::quote(name),
                names.join(", ")
            )
        })
    }

    /// These prices with `training` and `min_training_cost` taken from the
    /// method called `name`, or from the default method when `name` is
    /// `None`: what the rest of the cost model reads.
    pub fn with_method(&self, name: Option<&str>) -> Result<FineTuning, String> {
        let chosen = match name {
            Some(n) => Some(self.method(n)?),
            None => self.default_method(),
        };
        let mut out = self.clone();
        if let Some(m) = chosen {
            out.training = Some(m.training);
            out.min_training_cost = m.min_training_cost;
        }
        Ok(out)
    }

    /// Sets `training` and `min_training_cost` from the default method, after
    /// the methods were listed or changed.
    pub(crate) fn refresh_default(&mut self) {
        if self.methods.is_empty() {
            return;
        }
        if let Some(m) = self.default_method() {
            self.training = Some(m.training);
            self.min_training_cost = m.min_training_cost;
        }
    }
}

/// Prices that apply when a request's prompt + input exceed a size; the
/// whole request is then billed at them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LongContext {
    /// Prompt + input tokens above which the tier applies.
    pub above_input_tokens: Tokens,
    /// Input tokens in the tier.
    #[serde(serialize_with = "money")]
    pub input: PerMillion,
    /// Output tokens in the tier.
    #[serde(serialize_with = "money")]
    pub output: PerMillion,
    /// Cached input tokens in the tier.
    #[serde(serialize_with = "opt_money")]
    pub cached_input: Option<PerMillion>,
    /// Tokens written to the prompt cache in the tier.
    #[serde(serialize_with = "opt_money")]
    pub cache_write: Option<PerMillion>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn method(name: &str, kind: MethodKind, training: &str) -> TrainingMethod {
        TrainingMethod {
            name: name.into(),
            kind,
            training: d(training),
            min_training_cost: None,
        }
    }

    fn table(methods: Vec<TrainingMethod>) -> FineTuning {
        let mut ft = FineTuning {
            training: None,
            input: d("1"),
            output: d("2"),
            cached_input: None,
            hosting_per_hour: None,
            min_training_cost: None,
            storage_per_month: None,
            methods,
            training_closes: None,
            shutdown: None,
            dedicated_only: false,
        };
        ft.refresh_default();
        ft
    }

    #[test]
    fn the_default_method_is_the_cheapest_sft() {
        let ft = table(vec![
            method("full-sft", MethodKind::Sft, "1.00"),
            method("lora-dpo", MethodKind::Dpo, "0.10"),
            method("lora-sft", MethodKind::Sft, "0.50"),
        ]);
        assert_eq!(ft.default_method().unwrap().name, "lora-sft");
        assert_eq!(ft.training, Some(d("0.50")));
        let dpo = ft.with_method(Some("lora-dpo")).unwrap();
        assert_eq!(dpo.training, Some(d("0.10")));
        let e = ft.with_method(Some("rl")).unwrap_err();
        assert!(e.contains("full-sft, lora-dpo, lora-sft"), "{e}");
    }

    #[test]
    fn the_single_form_is_one_method_called_default() {
        let mut ft = table(vec![]);
        ft.training = Some(d("5"));
        ft.min_training_cost = Some(d("4"));
        let all = ft.all_methods();
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].name, "default");
        assert_eq!(all[0].min_training_cost, Some(d("4")));
        assert_eq!(ft.with_method(None).unwrap(), ft);
        ft.training = None;
        assert!(ft.default_method().is_none());
        assert!(ft
            .method("default")
            .unwrap_err()
            .contains("not priced per token"));
    }
}
