//! Advisory notes from the decision framework and from the calendar. They
//! sit beside the verdict and never change it; each has a stable `code` that
//! scripts may match on.

use jiff::civil::Date;
use serde::Serialize;

use rust_decimal::Decimal;

use super::{AnalysisError, Comparison, Evaluated, Standing};
use crate::format::{count, requests};
use crate::inputs::{Field, Inputs, Serving, Throughput};
use crate::pricing::{Model, STALE_AFTER_DAYS};

/// One advisory note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    /// Stable identifier: `too-few-examples`, `examples-for-style-only`,
    /// `task-still-changing`, `many-few-shot`, `try-prompt-caching`,
    /// `stale-prices`, `tuned-retiring`, `training-closing`, `base-retiring`,
    /// `routed`, `price-flags`,
    /// `price-change`, `throughput-estimate`.
    pub code: &'static str,
    /// A sentence for people.
    pub message: String,
}

fn note(code: &'static str, message: String) -> Note {
    Note { code, message }
}

/// The notes that apply to an evaluated comparison; `today` decides which
/// prices are stale. They may evaluate the comparison again with an input
/// changed, never build a report.
pub fn advisory_notes(evaluated: &Evaluated, today: Date) -> Result<Vec<Note>, AnalysisError> {
    let c = &evaluated.comparison;
    let inputs = c.inputs;
    let mut notes = Vec::new();
    notes.extend(examples_note(inputs));
    if inputs.retrain_every.is_some_and(|r| r <= 1) {
        notes.push(note(
            "task-still-changing",
            "retraining every month means the task is still moving; a fine-tune freezes \
             behaviour that a prompt edit could change the same day"
                .to_string(),
        ));
    }
    if let Some(n) = inputs.few_shot.filter(|&n| n >= 20) {
        notes.push(note(
            "many-few-shot",
            format!(
                "{n} few-shot examples in the prompt are a classic reason to fine-tune: they \
                 become training data and the prompt shrinks"
            ),
        ));
    }
    notes.extend(caching_note(inputs, today, evaluated.standing()?));
    notes.extend(stale_notes(inputs, today));
    notes.extend(lifecycle_notes(c));
    notes.extend(throughput_notes(inputs));
    Ok(notes)
}

/// A dedicated candidate whose throughput is a shipped measurement: say
/// which, and that the user's own load test would be better.
fn throughput_notes(inputs: &Inputs) -> Vec<Note> {
    let estimated = inputs.candidates.iter().filter_map(|c| match &c.serving {
        Serving::Dedicated(d) => match &d.throughput {
            Throughput::Reference(r) => Some((c, r)),
            _ => None,
        },
        Serving::PerToken => None,
    });
    estimated
        .map(|(c, r)| {
            note(
                "throughput-estimate",
                format!(
                    "{}: no throughput given, so it is estimated from {} output tokens/s of {} on \
                     {} × {} at {}→{} tokens ({}); throughput depends on the request's shape far \
                     more than on anything else: measure yours with a load test and give {}",
                    c.label,
                    count_decimal(r.output_tokens_per_second),
                    r.model,
                    r.gpus,
                    r.gpu,
                    count(r.input_tokens),
                    count(r.output_tokens),
                    r.source,
                    inputs.names.name(Field::ReplicaRps)
                ),
            )
        })
        .collect()
}

fn count_decimal(d: rust_decimal::Decimal) -> String {
    use rust_decimal::prelude::ToPrimitive;
    d.to_u64().map_or_else(|| d.normalize().to_string(), count)
}

fn examples_note(inputs: &Inputs) -> Option<Note> {
    match inputs.examples? {
        n if n < 100 => Some(note(
            "too-few-examples",
            format!(
                "{n} training examples are few: a prompt that shows the best of them as \
                 few-shot examples usually does as well as a fine-tune on them"
            ),
        )),
        n if n < 1000 => Some(note(
            "examples-for-style-only",
            format!(
                "{n} training examples can teach tone and output format; teaching the model \
                 a new skill usually takes thousands"
            ),
        )),
        _ => None,
    }
}

/// The highest cache hit rate taken as realistic for a fixed prompt.
const REALISTIC_HIT_RATE_PERCENT: u32 = 90;

/// Without a cache hit rate, and with an engineered prompt the base model
/// can cache: the lowest hit rate, in steps of 0.1 up to 0.9, at which
/// caching changes the verdict or moves the break-even by more than a fifth.
/// Cost is linear in the hit rate, so every higher rate does so too.
fn caching_note(inputs: &Inputs, today: Date, uncached: Standing) -> Option<Note> {
    let (base, prompt) = (&inputs.base.model, inputs.base.prompt_tokens);
    let p = &base.prices;
    let cacheable = p.cached_input.is_some()
        && prompt > 0
        && p.min_cacheable_tokens.is_none_or(|min| prompt >= min);
    if inputs.cache_hit_rate_given || !cacheable {
        return None;
    }
    let mut cached = inputs.clone();
    cached.cache_hit_rate_given = true;
    for pct in (10..=REALISTIC_HIT_RATE_PERCENT).step_by(10) {
        let rate = Decimal::new(i64::from(pct), 2).normalize();
        cached.billing.cache_hit_rate = rate;
        let Ok(now) = super::evaluate(&cached, today).and_then(|e| e.standing()) else {
            return None;
        };
        let effect = match (uncached.break_even, now.break_even) {
            _ if now.verdict != uncached.verdict => format!(
                "changes the verdict from {} to {}",
                uncached.verdict, now.verdict
            ),
            (Some(a), Some(b)) if a.abs_diff(b).saturating_mul(5) > a => {
                format!("moves the break-even from {} to {}", count(a), requests(b))
            }
            (Some(a), None) => format!(
                "leaves no break-even at all (it is {} uncached)",
                requests(a)
            ),
            (None, Some(b)) => format!("brings a break-even, at {}", requests(b)),
            _ => continue,
        };
        return Some(note(
            "try-prompt-caching",
            format!(
                "caching the engineered prompt of {} tokens on {} at a hit rate of {rate} or \
                 more {effect}; rerun with {} and your measured rate",
                count(prompt),
                base.id,
                inputs.names.name(Field::CacheHitRate)
            ),
        ));
    }
    None
}

/// Every model of the comparison, each once.
fn models(inputs: &Inputs) -> Vec<&Model> {
    let mut out: Vec<&Model> = Vec::new();
    let all = std::iter::once(&inputs.base.model).chain(inputs.candidates.iter().map(|c| &c.model));
    for m in all {
        if !out.iter().any(|o| o.id == m.id) {
            out.push(m);
        }
    }
    out
}

fn stale_notes(inputs: &Inputs, today: Date) -> Vec<Note> {
    let stale = models(inputs).into_iter().filter(|m| m.is_stale(today));
    stale.map(|m| {
        note(
            "stale-prices",
            format!(
                "{} prices were checked on {}, more than {STALE_AFTER_DAYS} days ago; check {} before deciding",
                m.id,
                m.checked(),
                m.source()
            ),
        )
    })
    .collect()
}

/// The window the calendar notes look at: the horizon, or 12 months from
/// the start without one, and how to say it.
pub(super) fn window(inputs: &Inputs) -> (Date, &'static str) {
    match inputs.traffic.months {
        Some(m) => (
            crate::cost::calendar::month_start(inputs.start, m + 1).unwrap_or(Date::MAX),
            "within the horizon",
        ),
        None => (
            crate::cost::calendar::a_year_after(inputs.start),
            "within 12 months of the start",
        ),
    }
}

fn lifecycle_notes(c: &Comparison) -> Vec<Note> {
    let inputs = c.inputs;
    let (start, (end, within)) = (inputs.start, window(inputs));
    let inside = |d: Date| d > start && d < end;
    let base = &inputs.base.model;
    let mut notes = Vec::new();
    for p in &c.paths {
        let m = &p.candidate.model;
        if let Some(e) = p.end.filter(|e| e.date < end) {
            notes.push(note(
                "tuned-retiring",
                format!(
                    "{} stops serving on {} ({}), {within}: its requests from then on go back to \
                     prompting {}, and the saving stops",
                    m.id,
                    e.date,
                    e.reason.describe(),
                    base.id
                ),
            ));
        }
        if let Some(d) = m.training_cutoff().filter(|&d| inside(d)) {
            notes.push(note(
                "training-closing",
                format!(
                    "no new fine-tuning jobs for {} from {d}, {within}: a fine-tune that needs \
                     retraining after then cannot have it",
                    m.id
                ),
            ));
        }
    }
    if let Some(d) = base.shutdown().filter(|&d| inside(d)) {
        notes.push(note(
            "base-retiring",
            format!(
                "{} shuts down on {d}, {within}: the engineered prompt must move to another \
                 model before then (no retraining needed); its prices here stay the last ones",
                base.id
            ),
        ));
    }
    if let Some((to, d)) = base.routed().filter(|&(_, d)| d < end) {
        let when = match d <= start {
            true => format!("since {d}"),
            false => format!("from {d}, {within}"),
        };
        notes.push(note(
            "routed",
            format!(
                "{} is routed to {to} {when}: requests to it are served by {to} and billed at \
                 its prices, which this comparison uses",
                base.id
            ),
        ));
    }
    // A dedicated candidate bills none of its sheet's per-token prices.
    let per_token = c
        .paths
        .iter()
        .filter(|p| matches!(p.candidate.serving, crate::inputs::Serving::PerToken));
    for p in per_token {
        let m = &p.candidate.model;
        let flags = m.flags();
        if !flags.is_empty() {
            notes.push(flag_note(m, &flags));
        }
    }
    if !base.flags().is_empty() {
        notes.push(flag_note(base, &base.flags()));
    }
    notes.extend(price_change_notes(inputs, &inside, within));
    notes
}

/// `unverified`, `preview`/`beta`, `derived`: what qualifies a model's prices.
fn flag_note(m: &crate::pricing::Model, flags: &[&str]) -> Note {
    let mut why = Vec::new();
    if !m.verified() {
        why.push(format!("third-party figures only ({})", m.source()));
    }
    if let Some(a) = m.availability() {
        why.push(format!("the model is offered as a {}", a.as_str()));
    }
    if let Some(rule) = m.derived() {
        why.push(format!("derived by a rule: {rule}"));
    }
    note(
        "price-flags",
        format!(
            "{}'s prices are flagged {}: {}",
            m.id,
            flags.join(", "),
            why.join("; ")
        ),
    )
}

fn price_change_notes(inputs: &Inputs, inside: &dyn Fn(Date) -> bool, within: &str) -> Vec<Note> {
    let mut notes = Vec::new();
    for m in models(inputs) {
        for ch in m.changes().iter().filter(|ch| inside(ch.from)) {
            let how = match inputs.traffic.months {
                Some(_) => "each month is billed at the prices of its first day",
                None => "without a horizon the prices at the start bill the whole volume",
            };
            notes.push(note(
                "price-change",
                format!("{}'s prices change on {}, {within}; {how}", m.id, ch.from),
            ));
        }
    }
    notes
}
