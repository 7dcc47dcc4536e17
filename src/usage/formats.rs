//! The shapes providers and tools document, read into [`Record`]s: OpenAI
//! Usage API pages, response logs (OpenAI chat completions and Responses,
//! Anthropic Messages; bare, wrapped with a timestamp, or OpenAI Batch
//! output lines), OTLP GenAI spans and LiteLLM spend logs. CSV formats are
//! in [`super::csv`].

use std::borrow::Cow;

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;

use super::calendar;
use super::tally::Record;

pub mod direct;
pub mod tape;

/// Where the records of a file go.
pub trait Sink {
    /// A record of `model`.
    fn record(&mut self, model: &str, r: Record);
    /// A record that cannot be used, and why.
    fn skip(&mut self, why: &'static str);
    /// A record left out by rule (agent spans, LiteLLM cache hits).
    fn exclude(&mut self, why: &'static str);
    /// Days `from..=to` are covered by the logs (even without records).
    fn cover(&mut self, from: i32, to: i32);
}

/// Reasons records are skipped or excluded, as `ftvp.usage/1` names them.
pub mod why {
    /// No model.
    pub const NO_MODEL: &str = "no model";
    /// No token counts.
    pub const NO_COUNTS: &str = "no token counts";
    /// No time.
    pub const NO_TIME: &str = "no time";
    /// Not a record of the file's format.
    pub const UNREADABLE: &str = "not a record of the format";
    /// A line over the cap.
    pub const TOO_LONG: &str = "line too long";
    /// An OTel span that repeats its children's usage.
    pub const AGENT_SPAN: &str = "agent or tool span";
    /// Beyond the models × months kept.
    pub const TOO_MANY: &str = "over 10,000 models and months";
    /// A LiteLLM cache hit: no provider call.
    pub const CACHE_HIT: &str = "litellm cache hit";
}

/// A time as logs write it: a Unix time (number or digits) or a date text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Day(pub Option<i32>);

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Day, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Day;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a time")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Day, E> {
                Ok(Day(calendar::day_of_unix(i128::from(v))))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Day, E> {
                Ok(Day(calendar::day_of_unix(i128::from(v))))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Day, E> {
                Ok(Day(calendar::day_of_float(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Day, E> {
                Ok(Day(calendar::day_of_text(v)))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Day, E> {
                Ok(Day(None))
            }
        }
        d.deserialize_any(V)
    }
}

/// A token count written as a number or as digits (OTLP's `intValue`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Count(pub Option<u64>);

impl<'de> Deserialize<'de> for Count {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Count, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Count;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a count")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Count, E> {
                Ok(Count(Some(v)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Count, E> {
                Ok(Count(u64::try_from(v).ok()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Count, E> {
                let whole = v.fract() == 0.0 && (0.0..1.8e19).contains(&v);
                Ok(Count(whole.then_some(v as u64)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Count, E> {
                Ok(Count(v.trim().parse().ok()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Count, E> {
                Ok(Count(None))
            }
        }
        d.deserialize_any(V)
    }
}

// ---------------------------------------------------------------- Usage API

/// An OpenAI Usage API page (`/v1/organization/usage/completions`).
#[derive(Deserialize)]
pub struct Page<'a> {
    #[serde(default, borrow)]
    data: Vec<Bucket<'a>>,
}

#[derive(Deserialize)]
struct Bucket<'a> {
    #[serde(default)]
    start_time: Day,
    #[serde(default)]
    end_time: Option<i64>,
    #[serde(default, borrow, alias = "result")]
    results: Vec<UsageRow<'a>>,
}

#[derive(Deserialize)]
struct UsageRow<'a> {
    #[serde(default, borrow)]
    model: Option<Cow<'a, str>>,
    #[serde(default)]
    num_model_requests: Count,
    #[serde(default)]
    input_tokens: Count,
    #[serde(default)]
    input_cached_tokens: Count,
    #[serde(default)]
    output_tokens: Count,
    #[serde(default)]
    batch: Option<bool>,
}

impl Page<'_> {
    /// Every result of every bucket; each bucket covers its days.
    pub fn read(&self, sink: &mut impl Sink) {
        for b in &self.data {
            let Some(day) = b.start_time.0 else {
                sink.skip(why::NO_TIME);
                continue;
            };
            // A bucket of a day or less covers its start day; longer ones
            // every day they start before their end.
            let last = b
                .end_time
                .and_then(|e| calendar::day_of_unix(i128::from(e) - 1))
                .map_or(day, |l| l.max(day));
            sink.cover(day, last);
            for r in &b.results {
                usage_row(r, day, sink);
            }
        }
    }
}

fn usage_row(r: &UsageRow, day: i32, sink: &mut impl Sink) {
    let Some(model) = r.model.as_deref().filter(|m| !m.is_empty()) else {
        return sink.skip(why::NO_MODEL);
    };
    let (Some(requests), Some(input), Some(output)) =
        (r.num_model_requests.0, r.input_tokens.0, r.output_tokens.0)
    else {
        return sink.skip(why::NO_COUNTS);
    };
    sink.record(
        model,
        Record {
            day,
            requests,
            input,
            // Cached tokens are part of the input: never more than it.
            cached: r.input_cached_tokens.0.map(|c| c.min(input)),
            output,
            reasoning: None,
            batch: r.batch.map(|b| if b { requests } else { 0 }),
            single: false,
        },
    );
}

// ------------------------------------------------------------ response logs

/// A logged response: bare, wrapped (`{"timestamp", "response"}`), or an
/// OpenAI Batch output line (`{"response": {"body": …}}`).
#[derive(Deserialize, Default)]
pub struct Response<'a> {
    #[serde(default)]
    timestamp: Day,
    #[serde(default, borrow)]
    response: Option<Box<Response<'a>>>,
    #[serde(default, borrow)]
    body: Option<Box<Response<'a>>>,
    #[serde(default, borrow)]
    model: Option<Cow<'a, str>>,
    #[serde(default)]
    created: Day,
    #[serde(default)]
    created_at: Day,
    #[serde(default, borrow)]
    object: Option<Cow<'a, str>>,
    #[serde(default)]
    usage: Option<Tokens>,
}

/// Every usage field the three APIs document.
#[derive(Deserialize, Default)]
pub struct Tokens {
    #[serde(default)]
    prompt_tokens: Count,
    #[serde(default)]
    completion_tokens: Count,
    #[serde(default)]
    input_tokens: Count,
    #[serde(default)]
    output_tokens: Count,
    #[serde(default)]
    cache_read_input_tokens: Count,
    #[serde(default)]
    cache_creation_input_tokens: Count,
    #[serde(default)]
    prompt_tokens_details: Option<Details>,
    #[serde(default)]
    completion_tokens_details: Option<Details>,
    #[serde(default)]
    input_tokens_details: Option<Details>,
    #[serde(default)]
    output_tokens_details: Option<Details>,
}

#[derive(Deserialize, Default)]
struct Details {
    #[serde(default)]
    cached_tokens: Count,
    #[serde(default)]
    reasoning_tokens: Count,
}

fn detail(d: &Option<Details>, f: impl Fn(&Details) -> Count) -> Option<u64> {
    d.as_ref().and_then(|d| f(d).0)
}

/// Input, cached, output (reasoning not included) and reasoning tokens.
type Lengths = (u64, Option<u64>, u64, Option<u64>);

impl Tokens {
    /// The counts as one record needs them, by whichever API wrote them.
    fn lengths(&self, responses_api: bool) -> Option<Lengths> {
        if let Some(prompt) = self.prompt_tokens.0 {
            // Chat completions: cached inside prompt, reasoning inside completion.
            let reasoning = detail(&self.completion_tokens_details, |d| d.reasoning_tokens);
            let completion = self.completion_tokens.0?;
            let cached = detail(&self.prompt_tokens_details, |d| d.cached_tokens);
            return Some(split_reasoning(prompt, cached, completion, reasoning));
        }
        let (input, output) = (self.input_tokens.0?, self.output_tokens.0?);
        if responses_api || self.input_tokens_details.is_some() || self.output_tokens_details.is_some() {
            // Responses: cached inside input, reasoning inside output.
            let cached = detail(&self.input_tokens_details, |d| d.cached_tokens);
            let reasoning = detail(&self.output_tokens_details, |d| d.reasoning_tokens);
            return Some(split_reasoning(input, cached, output, reasoning));
        }
        // Anthropic: cache reads and writes are counted outside input_tokens.
        let (read, write) = (self.cache_read_input_tokens.0, self.cache_creation_input_tokens.0);
        let total = input.checked_add(read.unwrap_or(0))?.checked_add(write.unwrap_or(0))?;
        let cached = read.or(write.map(|_| 0));
        Some((total, cached, output, None))
    }
}

fn split_reasoning(input: u64, cached: Option<u64>, output: u64, reasoning: Option<u64>) -> Lengths {
    let reasoning = reasoning.map(|r| r.min(output));
    (input, cached.map(|c| c.min(input)), output - reasoning.unwrap_or(0), reasoning)
}

impl Response<'_> {
    /// The response inside the wrappers, and the wrappers' time.
    fn inner(&self) -> (&Response<'_>, Day, bool) {
        let mut r = self;
        let mut time = self.timestamp;
        let mut batch = false;
        while let Some(next) = r.response.as_deref().or(r.body.as_deref()) {
            batch |= r.body.is_some();
            time = Day(time.0.or(next.timestamp.0));
            r = next;
        }
        (r, time, batch)
    }

    /// The record this response stands for.
    pub fn read(&self, sink: &mut impl Sink) {
        let (r, time, batch) = self.inner();
        let Some(model) = r.model.as_deref().filter(|m| !m.is_empty()) else {
            return sink.skip(why::NO_MODEL);
        };
        let responses_api = r.object.as_deref() == Some("response");
        let Some((input, cached, output, reasoning)) =
            r.usage.as_ref().and_then(|u| u.lengths(responses_api))
        else {
            return sink.skip(why::NO_COUNTS);
        };
        let Some(day) = time.0.or(r.created_at.0).or(r.created.0) else {
            return sink.skip(why::NO_TIME);
        };
        sink.cover(day, day);
        let batch = batch.then_some(1);
        let record = Record { day, requests: 1, input, cached, output, reasoning, batch, single: true };
        sink.record(model, record);
    }
}

// -------------------------------------------------------------------- OTLP

/// An OTLP JSON export of traces (`{"resourceSpans": …}`).
#[derive(Deserialize)]
pub struct Traces<'a> {
    #[serde(default, rename = "resourceSpans", borrow)]
    resource_spans: Vec<ResourceSpans<'a>>,
}

#[derive(Deserialize)]
struct ResourceSpans<'a> {
    #[serde(default, rename = "scopeSpans", borrow)]
    scope_spans: Vec<ScopeSpans<'a>>,
}

#[derive(Deserialize)]
struct ScopeSpans<'a> {
    #[serde(default, borrow)]
    spans: Vec<Span<'a>>,
}

#[derive(Deserialize)]
struct Span<'a> {
    #[serde(default, rename = "startTimeUnixNano")]
    start: Day,
    #[serde(default, borrow)]
    attributes: Vec<Attribute<'a>>,
}

#[derive(Deserialize)]
struct Attribute<'a> {
    #[serde(borrow)]
    key: Cow<'a, str>,
    #[serde(default, borrow)]
    value: AnyValue<'a>,
}

#[derive(Deserialize, Default)]
struct AnyValue<'a> {
    #[serde(default, rename = "stringValue", borrow)]
    string: Option<Cow<'a, str>>,
    #[serde(default, rename = "intValue")]
    int: Count,
}

/// The GenAI attributes of one span.
#[derive(Default)]
struct GenAi<'s> {
    operation: Option<&'s str>,
    request_model: Option<&'s str>,
    response_model: Option<&'s str>,
    input: Option<u64>,
    output: Option<u64>,
    cached: Option<u64>,
    reasoning: Option<u64>,
}

impl<'s> GenAi<'s> {
    fn of(span: &'s Span) -> GenAi<'s> {
        let mut g = GenAi::default();
        for a in &span.attributes {
            let (s, n) = (a.value.string.as_deref(), a.value.int.0);
            match a.key.as_ref() {
                "gen_ai.operation.name" => g.operation = s,
                "gen_ai.request.model" => g.request_model = s,
                "gen_ai.response.model" => g.response_model = s,
                "gen_ai.usage.input_tokens" | "gen_ai.usage.prompt_tokens" => g.input = n,
                "gen_ai.usage.output_tokens" | "gen_ai.usage.completion_tokens" => g.output = n,
                "gen_ai.usage.cache_read.input_tokens" => g.cached = n,
                "gen_ai.usage.reasoning.output_tokens" => g.reasoning = n,
                _ => {}
            }
        }
        g
    }

    fn is_gen_ai(&self) -> bool {
        self.operation.is_some() || self.input.is_some() || self.output.is_some()
    }
}

impl Traces<'_> {
    /// A record per inference span; other GenAI spans are excluded, spans
    /// with no GenAI attribute are not usage and are passed over.
    pub fn read(&self, sink: &mut impl Sink) {
        let spans = self.resource_spans.iter().flat_map(|r| &r.scope_spans);
        for span in spans.flat_map(|s| &s.spans) {
            span_record(span, sink);
        }
    }
}

fn span_record(span: &Span, sink: &mut impl Sink) {
    let g = GenAi::of(span);
    if !g.is_gen_ai() {
        return;
    }
    if !matches!(g.operation, None | Some("chat" | "text_completion" | "generate_content")) {
        return sink.exclude(why::AGENT_SPAN);
    }
    let Some(model) = g.response_model.or(g.request_model).filter(|m| !m.is_empty()) else {
        return sink.skip(why::NO_MODEL);
    };
    let (Some(input), Some(output)) = (g.input, g.output) else {
        return sink.skip(why::NO_COUNTS);
    };
    let Some(day) = span.start.0 else {
        return sink.skip(why::NO_TIME);
    };
    let (input, cached, output, reasoning) = split_reasoning(input, g.cached, output, g.reasoning);
    sink.cover(day, day);
    let record = Record { day, requests: 1, input, cached, output, reasoning, batch: None, single: true };
    sink.record(model, record);
}

// ----------------------------------------------------------------- LiteLLM

/// A row of LiteLLM's spend logs (`LiteLLM_SpendLogs`) exported as JSON.
#[derive(Deserialize)]
pub struct Spend<'a> {
    #[serde(default, borrow)]
    model: Option<Cow<'a, str>>,
    #[serde(default)]
    prompt_tokens: Count,
    #[serde(default)]
    completion_tokens: Count,
    #[serde(default, rename = "startTime")]
    start_time: Day,
    #[serde(default, borrow)]
    cache_hit: Option<Flag<'a>>,
    #[serde(default)]
    metadata: Option<Metadata>,
}

/// `cache_hit`: a boolean, or the strings `"True"`, `"False"`, `"None"`.
#[derive(Deserialize)]
#[serde(untagged)]
enum Flag<'a> {
    Bool(bool),
    Text(#[serde(borrow)] Cow<'a, str>),
}

#[derive(Deserialize, Default)]
struct Metadata {
    #[serde(default)]
    additional_usage_values: Option<Tokens>,
}

/// Whether a LiteLLM `cache_hit` value says the response came from its cache.
pub fn is_cache_hit(text: &str) -> bool {
    text.trim().eq_ignore_ascii_case("true")
}

impl Spend<'_> {
    /// The record of one row; LiteLLM's own cache hits are excluded.
    pub fn read(&self, sink: &mut impl Sink) {
        let hit = match &self.cache_hit {
            Some(Flag::Bool(b)) => *b,
            Some(Flag::Text(t)) => is_cache_hit(t),
            None => false,
        };
        let cached = self.metadata.as_ref().and_then(|m| m.additional_usage_values.as_ref()).and_then(|u| {
            detail(&u.prompt_tokens_details, |d| d.cached_tokens).or(u.cache_read_input_tokens.0)
        });
        let row = SpendRow {
            model: self.model.as_deref(),
            prompt: self.prompt_tokens.0,
            completion: self.completion_tokens.0,
            day: self.start_time.0,
            cached,
            hit,
        };
        row.read(sink);
    }
}

/// A LiteLLM row, from JSON or CSV.
pub struct SpendRow<'s> {
    /// `model`.
    pub model: Option<&'s str>,
    /// `prompt_tokens`.
    pub prompt: Option<u64>,
    /// `completion_tokens`.
    pub completion: Option<u64>,
    /// `startTime`'s day.
    pub day: Option<i32>,
    /// Cached tokens from `metadata.additional_usage_values`.
    pub cached: Option<u64>,
    /// `cache_hit` says true.
    pub hit: bool,
}

impl SpendRow<'_> {
    /// The record of the row.
    pub fn read(&self, sink: &mut impl Sink) {
        if self.hit {
            return sink.exclude(why::CACHE_HIT);
        }
        let Some(model) = self.model.filter(|m| !m.is_empty()) else {
            return sink.skip(why::NO_MODEL);
        };
        let (Some(input), Some(output)) = (self.prompt, self.completion) else {
            return sink.skip(why::NO_COUNTS);
        };
        let Some(day) = self.day else {
            return sink.skip(why::NO_TIME);
        };
        sink.cover(day, day);
        let cached = self.cached.map(|c| c.min(input));
        let record = Record { day, requests: 1, input, cached, output, reasoning: None, batch: None, single: true };
        sink.record(model, record);
    }
}
