//! Scenario files: a checked-in TOML file with the same inputs as
//! the flags, read into [`PartialInputs`].

use std::path::{Path, PathBuf};

use rust_decimal::Decimal;
use serde::{de, Deserialize, Deserializer};

use crate::cost::{Tokens, Usd, Verdict};
use crate::inputs::PartialInputs;
use crate::pricing::{decimal_from_f64, parse_toml};
use crate::units::parse_count;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Scenario {
    #[serde(default, deserialize_with = "opt_count")]
    volume: Option<u64>,
    base: Option<Base>,
    tuned: Option<Vec<Tuned>>,
    request: Option<Request>,
    training: Option<Training>,
    thresholds: Option<ThresholdsSection>,
    expect: Option<Expect>,
    horizon: Option<HorizonSection>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct HorizonSection {
    #[serde(default, deserialize_with = "opt_count")]
    per_month: Option<u64>,
    months: Option<u32>,
    #[serde(default, deserialize_with = "opt_signed")]
    growth_percent: Option<Decimal>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Base {
    model: Option<String>,
    #[serde(default, deserialize_with = "opt_count")]
    prompt_tokens: Option<Tokens>,
    #[serde(default, deserialize_with = "opt_count")]
    few_shot: Option<u64>,
    prompt_file: Option<PathBuf>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Tuned {
    model: String,
    #[serde(default, deserialize_with = "opt_count")]
    prompt_tokens: Option<Tokens>,
    prompt_file: Option<PathBuf>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Request {
    #[serde(default, deserialize_with = "opt_count")]
    input_tokens: Option<Tokens>,
    #[serde(default, deserialize_with = "opt_count")]
    output_tokens: Option<Tokens>,
    #[serde(default, deserialize_with = "opt_money")]
    cache_hit_rate: Option<Decimal>,
    batch: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Training {
    #[serde(default, deserialize_with = "opt_count")]
    tokens: Option<Tokens>,
    #[serde(default, deserialize_with = "opt_money")]
    cost: Option<Usd>,
    epochs: Option<u32>,
    #[serde(default, deserialize_with = "opt_money")]
    setup_cost: Option<Usd>,
    retrain_every_months: Option<u32>,
    #[serde(default, deserialize_with = "opt_money")]
    maintenance_per_month: Option<Usd>,
    #[serde(default, deserialize_with = "opt_count")]
    examples: Option<u64>,
    file: Option<PathBuf>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThresholdsSection {
    #[serde(default, deserialize_with = "opt_money")]
    depends_at: Option<Decimal>,
    #[serde(default, deserialize_with = "opt_money")]
    fine_tune_at: Option<Decimal>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    #[serde(default, deserialize_with = "verdict")]
    verdict: Option<Verdict>,
}

/// A count written as an integer (`5_000_000`) or a string with a suffix (`"5M"`).
#[derive(Deserialize)]
#[serde(untagged)]
enum CountText {
    Number(i64),
    Text(String),
}

fn opt_count<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    match CountText::deserialize(d)? {
        CountText::Number(n) => u64::try_from(n)
            .map(Some)
            .map_err(|_| de::Error::custom(format!("{n} is negative; expected a count"))),
        CountText::Text(s) => parse_count(&s).map(Some).map_err(de::Error::custom),
    }
}

fn opt_money<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
    decimal_from_f64(f64::deserialize(d)?)
        .map(Some)
        .map_err(de::Error::custom)
}

fn opt_signed<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
    let v = f64::deserialize(d)?;
    let abs = decimal_from_f64(v.abs()).map_err(de::Error::custom)?;
    Ok(Some(if v < 0.0 { -abs } else { abs }))
}

fn verdict<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Verdict>, D::Error> {
    let s = String::deserialize(d)?;
    Verdict::parse(&s).map(Some).ok_or_else(|| {
        de::Error::custom(format!(
            "unknown verdict `{s}`; expected prompt, depends or fine-tune"
        ))
    })
}

/// Reads a scenario file. Errors name the file, line, column and key.
pub fn load(path: &Path) -> Result<PartialInputs, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read scenario {}: {e}", path.display()))?;
    let mut p = parse(&path.display().to_string(), &text)?;
    // Paths in a scenario are relative to the scenario file.
    let dir = path.parent().unwrap_or(Path::new(""));
    let relative = |f: &mut PathBuf| *f = dir.join(&*f);
    p.base_prompt_file.iter_mut().for_each(relative);
    p.tuned_own_prompt_files
        .iter_mut()
        .flatten()
        .for_each(relative);
    p.training_file.iter_mut().for_each(relative);
    Ok(p)
}

/// A value may be given as a number of tokens or as a file, not both.
fn one_of(origin: &str, table: &str, tokens: bool, file: bool) -> Result<(), String> {
    if tokens && file {
        return Err(format!(
            "{origin}: {table} gives both prompt_tokens and prompt_file; give one"
        ));
    }
    Ok(())
}

/// Parses scenario text; `origin` names it in errors.
pub fn parse(origin: &str, text: &str) -> Result<PartialInputs, String> {
    let s: Scenario = parse_toml(origin, text)?;
    let base = s.base.unwrap_or_default();
    let request = s.request.unwrap_or_default();
    let training = s.training.unwrap_or_default();
    let thresholds = s.thresholds.unwrap_or_default();
    let horizon = s.horizon.unwrap_or_default();
    one_of(
        origin,
        "[base]",
        base.prompt_tokens.is_some(),
        base.prompt_file.is_some(),
    )?;
    for t in s.tuned.iter().flatten() {
        let table = format!("[[tuned]] {}", t.model);
        one_of(
            origin,
            &table,
            t.prompt_tokens.is_some(),
            t.prompt_file.is_some(),
        )?;
    }
    if training.file.is_some() && (training.tokens.is_some() || training.cost.is_some()) {
        return Err(format!(
            "{origin}: [training] gives file and tokens or cost; give one of tokens, cost or file"
        ));
    }
    let tuned_own_prompt_files = s
        .tuned
        .iter()
        .flatten()
        .map(|t| t.prompt_file.clone())
        .collect();
    Ok(PartialInputs {
        base_model: base.model,
        base_prompt: base.prompt_tokens,
        tuned: s.tuned.map(|list| {
            list.into_iter()
                .map(|t| (t.model, t.prompt_tokens))
                .collect()
        }),
        tuned_prompts: Vec::new(),
        input_tokens: request.input_tokens,
        output_tokens: request.output_tokens,
        training_cost: training.cost,
        training_tokens: training.tokens,
        // The scenario template allows `cost` in place of `tokens` with
        // `epochs` left in place; epochs only apply to tokens.
        epochs: training.epochs.filter(|_| training.cost.is_none()),
        setup_cost: training.setup_cost,
        volume: s.volume,
        depends_at: thresholds.depends_at,
        fine_tune_at: thresholds.fine_tune_at,
        expect: s.expect.and_then(|e| e.verdict),
        cache_hit_rate: request.cache_hit_rate,
        batch: request.batch,
        per_month: horizon.per_month,
        months: horizon.months,
        growth_percent: horizon.growth_percent,
        retrain_every: training.retrain_every_months,
        maintenance_per_month: training.maintenance_per_month,
        examples: training.examples,
        few_shot: base.few_shot,
        base_prompt_file: base.prompt_file,
        tuned_prompt_files: Vec::new(),
        tuned_own_prompt_files,
        training_file: training.file,
        counted_training_tokens: Default::default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const FULL: &str = r#"
volume = 5_000_000

[base]
model = "openai/gpt-4.1"
prompt_tokens = 3000

[[tuned]]
model = "openai/gpt-4.1-mini"
prompt_tokens = "0.5k"

[request]
input_tokens = 200
output_tokens = 300

[training]
tokens = "2M"
epochs = 3
setup_cost = 0.0

[thresholds]
depends_at = 3.0
fine_tune_at = 10.0

[expect]
verdict = "fine-tune"
"#;

    #[test]
    fn a_training_cost_in_place_of_tokens_leaves_epochs_aside() {
        let p = parse("s.toml", &FULL.replace("tokens = \"2M\"", "cost = 500.0")).unwrap();
        assert_eq!(
            (p.training_cost, p.epochs),
            (Some(Decimal::from(500)), None)
        );
        let i = p.finish().unwrap();
        assert_eq!(
            i.training,
            crate::inputs::Training::Cost(Decimal::from(500))
        );
    }

    #[test]
    fn an_expect_table_without_a_verdict_expects_nothing() {
        let p = parse("s.toml", &FULL.replace("verdict = \"fine-tune\"", "")).unwrap();
        assert_eq!(p.expect, None);
    }

    #[test]
    fn reads_the_deeper_inputs_where_they_belong() {
        let text = r#"
[base]
few_shot = 25
[request]
cache_hit_rate = 0.8
batch = true
[horizon]
per_month = "5M"
months = 12
growth_percent = -2.5
[training]
retrain_every_months = 3
maintenance_per_month = 500.0
examples = 4000
"#;
        let p = parse("s.toml", text).unwrap();
        assert_eq!(p.few_shot, Some(25));
        assert_eq!(p.cache_hit_rate, Some(Decimal::new(8, 1)));
        assert_eq!(p.batch, Some(true));
        assert_eq!((p.per_month, p.months), (Some(5_000_000), Some(12)));
        assert_eq!(p.growth_percent, Some(Decimal::new(-25, 1)));
        assert_eq!(p.retrain_every, Some(3));
        assert_eq!(p.maintenance_per_month, Some(Decimal::from(500)));
        assert_eq!(p.examples, Some(4000));
    }

    #[test]
    fn reads_every_section() {
        let p = parse("s.toml", FULL).unwrap();
        assert_eq!(p.volume, Some(5_000_000));
        assert_eq!(p.base_model.as_deref(), Some("openai/gpt-4.1"));
        assert_eq!(
            p.tuned,
            Some(vec![("openai/gpt-4.1-mini".to_string(), Some(500))])
        );
        assert_eq!(p.training_tokens, Some(2_000_000));
        assert_eq!(p.expect, Some(Verdict::FineTune));
        let i = p.finish().unwrap();
        assert_eq!(i.thresholds.fine_tune_at(), Decimal::from(10));
    }

    #[test]
    fn unknown_keys_and_bad_values_name_file_line_and_key() {
        let e = parse("s.toml", &FULL.replace("output_tokens", "outptu_tokens")).unwrap_err();
        assert!(
            e.starts_with("s.toml:14:1:") && e.contains("outptu_tokens"),
            "{e}"
        );
        let e = parse("s.toml", &FULL.replace("\"fine-tune\"", "\"maybe\"")).unwrap_err();
        assert!(
            e.contains("s.toml:26:11:") && e.contains("unknown verdict"),
            "{e}"
        );
        let e = parse("s.toml", &FULL.replace("volume = 5_000_000", "volume = -5")).unwrap_err();
        assert!(e.contains("s.toml:2:") && e.contains("negative"), "{e}");
        let e = parse(
            "s.toml",
            &FULL.replace("setup_cost = 0.0", "setup_cost = -1.0"),
        )
        .unwrap_err();
        assert!(e.contains("training.setup_cost"), "{e}");
    }
}
