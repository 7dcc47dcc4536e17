//! Writes price sheets as TOML text that the loader reads back unchanged:
//! prices as exact decimal text, strings escaped, every field in the order
//! the README documents it.

use std::fmt::Write as _;

use jiff::civil::Date;
use rust_decimal::Decimal;

use super::lifecycle::{FineTuningChange, LongContextChange, PriceChange};
use super::model::Meta;
use super::rates::{FineTuning, LongContext, MethodKind, ModelPrices, OffPeak};

/// A TOML basic string: `"…"` with `"`, `\` and control characters escaped.
pub(crate) fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A decimal as the shortest exact text (`0.15`, `3`).
pub(crate) fn number(d: Decimal) -> String {
    d.normalize().to_string()
}

/// The head of a sheet: provider, currency, date and source.
pub(crate) fn header(provider: &str, currency: &str, as_of: Date, source: &str) -> String {
    format!(
        "provider = {}\ncurrency = {}\nas_of = {as_of}\nsource = {}\n",
        string(provider),
        string(currency),
        string(source)
    )
}

/// Lines `key = value` for the values that are present.
struct Lines(String);

impl Lines {
    fn new() -> Self {
        Lines(String::new())
    }

    fn raw(&mut self, key: &str, value: Option<String>) -> &mut Self {
        if let Some(v) = value {
            let _ = writeln!(self.0, "{key} = {v}");
        }
        self
    }

    fn num(&mut self, key: &str, value: Option<Decimal>) -> &mut Self {
        self.raw(key, value.map(number))
    }

    fn int(&mut self, key: &str, value: Option<u64>) -> &mut Self {
        self.raw(key, value.map(|v| v.to_string()))
    }

    fn date(&mut self, key: &str, value: Option<Date>) -> &mut Self {
        self.raw(key, value.map(|d| d.to_string()))
    }

    fn text(&mut self, key: &str, value: Option<&str>) -> &mut Self {
        self.raw(key, value.map(string))
    }
}

/// One model as `[models."NAME"]` tables, preceded by `comment` lines.
pub(crate) fn model(name: &str, prices: &ModelPrices, meta: &Meta, comment: &str) -> String {
    let key = format!("models.{}", string(name));
    let mut out = String::new();
    for line in comment.lines() {
        let _ = writeln!(out, "# {line}");
    }
    let mut l = Lines::new();
    l.text("source", meta.source.as_deref())
        .date("checked", meta.checked)
        .date("released", meta.released)
        .date("shutdown", meta.shutdown)
        .text("lifecycle_source", meta.lifecycle_source.as_deref())
        .text("serving_class", meta.serving_class.as_deref())
        .text(
            "params",
            meta.search.params.map(super::search_fields::params_text).as_deref(),
        )
        .text(
            "active_params",
            meta.search.active_params.map(super::search_fields::params_text).as_deref(),
        )
        .text("family", meta.search.family.as_deref())
        .text(
            "successor",
            meta.search.successor.as_ref().map(|s| s.model.as_str()),
        )
        .text(
            "successor_source",
            meta.search.successor.as_ref().map(|s| s.source.as_str()),
        )
        .num("input", Some(prices.input))
        .num("output", Some(prices.output))
        .num("cached_input", prices.cached_input)
        .num("cache_write", prices.cache_write)
        .int("min_cacheable_tokens", prices.min_cacheable_tokens)
        .num("batch_discount", prices.batch_discount)
        .int("context_window", prices.context_window)
        .text(
            "tokenizer",
            prices.tokenizer.as_ref().map(|t| t.as_string()).as_deref(),
        )
        .num("batch_cached_input", prices.batch_cached_input)
        .raw("off_peak", prices.off_peak.as_ref().map(off_peak_inline))
        .text("routed_to", meta.routed.as_ref().map(|r| r.to.as_str()))
        .date("routed_from", meta.routed.as_ref().map(|r| r.from))
        .raw("verified", (!meta.verified).then(|| "false".to_string()))
        .text("availability", meta.availability.map(|a| a.as_str()))
        .text("derived", meta.derived.as_deref());
    let _ = write!(out, "[{key}]\n{}", l.0);
    if let Some(ft) = &prices.fine_tuning {
        out.push_str(&fine_tuning(&key, ft));
    }
    if let Some(lc) = &prices.long_context {
        out.push_str(&long_context(&key, lc));
    }
    for c in &meta.changes {
        out.push_str(&change(&key, c));
    }
    out
}

fn fine_tuning(key: &str, ft: &FineTuning) -> String {
    let mut l = Lines::new();
    // With methods, `training` and `min_training_cost` mirror the default
    // method and must not be written: the two forms exclude each other.
    let single = ft.methods.is_empty();
    let per_token = !ft.dedicated_only;
    l.num("training", ft.training.filter(|_| single))
        .text("serve", ft.dedicated_only.then_some("dedicated"))
        .num("input", Some(ft.input).filter(|_| per_token))
        .num("output", Some(ft.output).filter(|_| per_token))
        .num("cached_input", ft.cached_input)
        .num("hosting_per_hour", ft.hosting_per_hour)
        .num("min_training_cost", ft.min_training_cost.filter(|_| single))
        .num("storage_per_month", ft.storage_per_month)
        .date("training_closes", ft.training_closes)
        .date("shutdown", ft.shutdown);
    let mut out = format!("\n[{key}.fine_tuning]\n{}", l.0);
    for m in &ft.methods {
        let mut l = Lines::new();
        l.text("kind", Some(kind_name(m.kind)))
            .num("training", Some(m.training))
            .num("min_training_cost", m.min_training_cost);
        let _ = write!(
            out,
            "\n[{key}.fine_tuning.methods.{}]\n{}",
            string(&m.name),
            l.0
        );
    }
    out
}

fn long_context(key: &str, lc: &LongContext) -> String {
    let mut l = Lines::new();
    l.int("above_input_tokens", Some(lc.above_input_tokens))
        .num("input", Some(lc.input))
        .num("output", Some(lc.output))
        .num("cached_input", lc.cached_input)
        .num("cache_write", lc.cache_write);
    format!("\n[{key}.long_context]\n{}", l.0)
}

/// A method's kind as a sheet writes it.
fn kind_name(kind: MethodKind) -> &'static str {
    match kind {
        MethodKind::Sft => "sft",
        MethodKind::Dpo => "dpo",
        MethodKind::Rft => "rft",
    }
}

/// `{ discount = 0.5, hours_utc = "16:30-00:30" }`, as a sheet writes it.
pub(crate) fn off_peak_inline(o: &OffPeak) -> String {
    inline(vec![
        ("discount", Some(number(o.discount))),
        ("hours_utc", Some(string(&o.hours_utc))),
    ])
}

/// A long-context tier as an inline table with a sheet's keys.
pub(crate) fn long_context_inline(lc: &LongContext) -> String {
    inline(vec![
        ("above_input_tokens", Some(lc.above_input_tokens.to_string())),
        ("input", Some(number(lc.input))),
        ("output", Some(number(lc.output))),
        ("cached_input", lc.cached_input.map(number)),
        ("cache_write", lc.cache_write.map(number)),
    ])
}

/// A fine-tuning table as an inline table with a sheet's keys (methods as
/// `{ "lora-sft" = { kind = "sft", training = 0.5 } }`).
pub(crate) fn fine_tuning_inline(ft: &FineTuning) -> String {
    let single = ft.methods.is_empty();
    let per_token = !ft.dedicated_only;
    let methods = (!single).then(|| {
        let parts: Vec<String> = (ft.methods.iter())
            .map(|m| {
                let body = inline(vec![
                    ("kind", Some(string(kind_name(m.kind)))),
                    ("training", Some(number(m.training))),
                    ("min_training_cost", m.min_training_cost.map(number)),
                ]);
                format!("{} = {body}", string(&m.name))
            })
            .collect();
        format!("{{ {} }}", parts.join(", "))
    });
    let date = |d: Option<Date>| d.map(|d| d.to_string());
    inline(vec![
        ("training", ft.training.filter(|_| single).map(number)),
        ("serve", ft.dedicated_only.then(|| string("dedicated"))),
        ("input", Some(ft.input).filter(|_| per_token).map(number)),
        ("output", Some(ft.output).filter(|_| per_token).map(number)),
        ("cached_input", ft.cached_input.map(number)),
        ("hosting_per_hour", ft.hosting_per_hour.map(number)),
        ("min_training_cost", ft.min_training_cost.filter(|_| single).map(number)),
        ("storage_per_month", ft.storage_per_month.map(number)),
        ("training_closes", date(ft.training_closes)),
        ("shutdown", date(ft.shutdown)),
        ("methods", methods),
    ])
}

fn change(key: &str, c: &PriceChange) -> String {
    let mut l = Lines::new();
    l.date("from", Some(c.from))
        .num("input", c.input)
        .num("output", c.output)
        .num("cached_input", c.cached_input)
        .num("cache_write", c.cache_write)
        .raw("fine_tuning", c.fine_tuning.as_ref().map(ft_change))
        .raw("long_context", c.long_context.as_ref().map(lc_change));
    format!("\n[[{key}.changes]]\n{}", l.0)
}

/// `{ a = 1, b = 2 }` from the present values.
fn inline(pairs: Vec<(&str, Option<String>)>) -> String {
    let parts: Vec<String> = pairs
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| format!("{k} = {v}")))
        .collect();
    format!("{{ {} }}", parts.join(", "))
}

fn ft_change(c: &FineTuningChange) -> String {
    let methods = (!c.methods.is_empty()).then(|| {
        let parts: Vec<String> = c
            .methods
            .iter()
            .map(|(name, m)| {
                let body = inline(vec![
                    ("training", m.training.map(number)),
                    ("min_training_cost", m.min_training_cost.map(number)),
                ]);
                format!("{} = {body}", string(name))
            })
            .collect();
        format!("{{ {} }}", parts.join(", "))
    });
    inline(vec![
        ("training", c.training.map(number)),
        ("input", c.input.map(number)),
        ("output", c.output.map(number)),
        ("cached_input", c.cached_input.map(number)),
        ("hosting_per_hour", c.hosting_per_hour.map(number)),
        ("min_training_cost", c.min_training_cost.map(number)),
        ("storage_per_month", c.storage_per_month.map(number)),
        ("methods", methods),
    ])
}

fn lc_change(c: &LongContextChange) -> String {
    inline(vec![
        (
            "above_input_tokens",
            c.above_input_tokens.map(|t| t.to_string()),
        ),
        ("input", c.input.map(number)),
        ("output", c.output.map(number)),
        ("cached_input", c.cached_input.map(number)),
        ("cache_write", c.cache_write.map(number)),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_and_numbers_are_written_exactly() {
        assert_eq!(string("a\"b\\c"), "\"a\\\"b\\\\c\"");
        assert_eq!(string("x\u{1b}"), "\"x\\u001B\"");
        assert_eq!(number("0.150000".parse().unwrap()), "0.15");
        assert_eq!(number("3.00".parse().unwrap()), "3");
        assert_eq!(number("0.00000015".parse().unwrap()), "0.00000015");
    }

    #[test]
    fn changes_with_inline_tables_survive_a_round_trip() {
        let text = r#"provider = "a"
currency = "USD"
as_of = 2026-11-27
source = "s"

[models."m"]
input = 1
output = 2
[models."m".fine_tuning]
input = 1
output = 2
[models."m".fine_tuning.methods."x"]
kind = "dpo"
training = 3
[models."m".long_context]
above_input_tokens = 10
input = 2
output = 4
[[models."m".changes]]
from = 2027-01-01
cache_write = 0.5
fine_tuning = { hosting_per_hour = 1, methods = { "x" = { training = 4, min_training_cost = 9 } } }
long_context = { above_input_tokens = 20, cache_write = 3 }
"#;
        let mut c = super::super::Catalog::new();
        c.add_sheet("t.toml", text).unwrap();
        let m = c.resolve("a/m").unwrap();
        let written = format!(
            "{}{}",
            header("a", "USD", m.sheet.as_of, "s"),
            model("m", &m.prices, &m.meta, "")
        );
        let mut back = super::super::Catalog::new();
        back.add_sheet("w.toml", &written).unwrap();
        let again = back.resolve("a/m").unwrap();
        assert_eq!(
            (&again.prices, &again.meta),
            (&m.prices, &m.meta),
            "{written}"
        );
    }

    /// Every shipped model written out and read back is the same model:
    /// methods, changes, tiers and dates included.
    #[test]
    fn tables_print_inline_with_a_sheets_keys() {
        let mut c = crate::pricing::Catalog::new();
        let sheet = "provider = \"t\"\ncurrency = \"USD\"\nas_of = 2026-11-01\nsource = \"s\"\n\
            [models.\"m\"]\ninput = 1\noutput = 2\noff_peak = { discount = 0.5, hours_utc = \"16:30-00:30\" }\n\
            [models.\"m\".fine_tuning]\ninput = 1\noutput = 2\nhosting_per_hour = 1.70\ntraining_closes = 2027-01-06\n\
            [models.\"m\".fine_tuning.methods.\"lora-sft\"]\nkind = \"sft\"\ntraining = 0.50\n";
        c.add_sheet("t.toml", sheet).unwrap();
        let p = &c.resolve("t/m").unwrap().prices;
        assert_eq!(
            fine_tuning_inline(p.fine_tuning.as_ref().unwrap()),
            "{ input = 1, output = 2, hosting_per_hour = 1.7, training_closes = 2027-01-06, \
             methods = { \"lora-sft\" = { kind = \"sft\", training = 0.5 } } }"
        );
        assert_eq!(
            off_peak_inline(p.off_peak.as_ref().unwrap()),
            "{ discount = 0.5, hours_utc = \"16:30-00:30\" }"
        );
    }

    #[test]
    fn shipped_models_survive_a_round_trip() {
        let shipped = super::super::Catalog::embedded().unwrap();
        for m in shipped.models() {
            let s = &m.sheet;
            let mut text = header(&s.provider, &s.currency, s.as_of, &s.source);
            if let Some(d) = s.training_closes {
                text.push_str(&format!("training_closes = {d}\n"));
            }
            text.push_str(&model(&m.name, &m.prices, &m.meta, "GP"));
            // A routed model is read with the model that serves it.
            if let Some((to, _)) = m.routed() {
                let t = shipped.resolve(&format!("{}/{to}", s.provider)).unwrap();
                text.push('\n');
                text.push_str(&model(&t.name, &t.prices, &t.meta, "GP"));
            }
            let mut back = super::super::Catalog::new();
            back.add_sheet("round-trip.toml", &text)
                .unwrap_or_else(|e| panic!("{}: {e}\n{text}", m.id));
            let again = back.resolve(&m.id).unwrap();
            assert_eq!(
                (&again.prices, &again.meta),
                (&m.prices, &m.meta),
                "{}",
                m.id
            );
        }
    }
}
