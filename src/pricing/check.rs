//! `ftvp prices check`: what a team should look at before trusting the
//! sheets — prices not checked for a long time, models and fine-tunes that
//! shut down or stop training soon, and price changes ahead.

use jiff::civil::Date;

use super::{matches_provider, matches_query, Catalog, Model};

/// What to look for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckOptions {
    /// The day the check is made.
    pub today: Date,
    /// Dates within this many days before or after `today` are listed
    /// (price changes: only ahead).
    pub within_days: i32,
    /// Only models whose id contains one of these (case-insensitive), or
    /// is one of `ids`; every model when both are empty (design §20.12).
    pub queries: Vec<String>,
    /// Exact ids to check besides (a scenario's base and candidates).
    pub ids: Vec<String>,
    /// Prices checked longer ago than this many days are findings.
    pub stale_after_days: i32,
    /// Only models of this provider (case-insensitive).
    pub provider: Option<String>,
}

/// What a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FindingKind {
    /// Prices last checked more than `stale_after_days` before today.
    Stale,
    /// The model (and its fine-tunes, where they end the same day) stops serving.
    Shutdown,
    /// Fine-tunes of the model stop serving (a day other than the model's shutdown).
    FineTuneShutdown,
    /// No new fine-tuning job can start from this day.
    TrainingCutoff,
    /// Requests to the model are routed to another model, at its prices.
    Routed,
    /// A dated price change takes effect.
    PriceChange,
}

impl FindingKind {
    /// A stable code for scripts: `stale`, `shutdown`, `fine-tune-shutdown`,
    /// `training-cutoff`, `routed`, `price-change`.
    pub fn code(self) -> &'static str {
        match self {
            FindingKind::Stale => "stale",
            FindingKind::Shutdown => "shutdown",
            FindingKind::FineTuneShutdown => "fine-tune-shutdown",
            FindingKind::TrainingCutoff => "training-cutoff",
            FindingKind::Routed => "routed",
            FindingKind::PriceChange => "price-change",
        }
    }
}

/// One thing `prices check` lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The model's id.
    pub model: String,
    /// What it is about.
    pub kind: FindingKind,
    /// The date it concerns (for `Stale`: the day prices were last checked).
    pub date: Date,
    /// A sentence for people.
    pub message: String,
}

/// Every finding for the models that pass the filters, by date, then model, then kind.
pub fn check(catalog: &Catalog, opts: &CheckOptions) -> Vec<Finding> {
    let mut out: Vec<Finding> = catalog
        .models()
        .filter(|m| selected(m, opts))
        .filter(|m| matches_provider(m, opts.provider.as_deref()))
        .flat_map(|m| model_findings(m, opts))
        .collect();
    out.sort_by(|a, b| (a.date, &a.model, a.kind).cmp(&(b.date, &b.model, b.kind)));
    out
}

/// Whether `opts` selects `m`: the union of its queries and ids.
fn selected(m: &Model, opts: &CheckOptions) -> bool {
    if opts.queries.is_empty() && opts.ids.is_empty() {
        return true;
    }
    opts.ids.contains(&m.id) || opts.queries.iter().any(|q| matches_query(m, Some(q)))
}

/// The days a check looks at: `within` days either side of today.
struct Window {
    today: Date,
    from: Date,
    to: Date,
}

impl Window {
    fn of(opts: &CheckOptions) -> Window {
        let today = opts.today;
        // `days()` panics past jiff's span; the library is not only
        // reached through the flag's check.
        let span = jiff::Span::new().try_days(opts.within_days).ok();
        Window {
            today,
            from: span
                .and_then(|s| today.checked_sub(s).ok())
                .unwrap_or(Date::MIN),
            to: span
                .and_then(|s| today.checked_add(s).ok())
                .unwrap_or(Date::MAX),
        }
    }

    fn near(&self, d: Date) -> bool {
        self.from <= d && d <= self.to
    }

    /// `future d` for a day to come, `past d` for one gone.
    fn tense(&self, d: Date, future: &str, past: &str) -> String {
        match d > self.today {
            true => format!("{future} {d}"),
            false => format!("{past} {d}"),
        }
    }
}

fn finding(m: &Model, kind: FindingKind, date: Date, message: String) -> Finding {
    Finding {
        model: m.id.clone(),
        kind,
        date,
        message: format!("{}: {message}", m.id),
    }
}

fn model_findings(m: &Model, opts: &CheckOptions) -> Vec<Finding> {
    let w = Window::of(opts);
    let mut out = Vec::new();
    let days = m.days_since_checked(w.today);
    if days > opts.stale_after_days {
        out.push(finding(
            m,
            FindingKind::Stale,
            m.checked(),
            format!(
                "prices last checked {} ({days} days ago, more than {}); check {}",
                m.checked(),
                opts.stale_after_days,
                m.source()
            ),
        ));
    }
    out.extend(lifecycle_findings(m, &w));
    let routed_on = m.routed().map(|r| r.1);
    let changes = m.changes().iter();
    for c in changes.filter(|c| c.from > w.today && w.near(c.from) && Some(c.from) != routed_on) {
        let message = format!("prices change on {}", c.from);
        out.push(finding(m, FindingKind::PriceChange, c.from, message));
    }
    out
}

/// Shutdowns of the model and its fine-tunes, the end of training and
/// routing, within the window.
fn lifecycle_findings(m: &Model, w: &Window) -> Vec<Finding> {
    let mut out = Vec::new();
    let base = m.shutdown();
    let tuned = m.prices.fine_tuning.as_ref().and(m.fine_tune_shutdown());
    out.extend(base.filter(|&d| w.near(d)).map(|d| shutdown_finding(m, w, d, tuned == Some(d))));
    if let Some(d) = tuned.filter(|&d| Some(d) != base && w.near(d)) {
        let when = w.tense(d, "stop serving on", "stopped serving on");
        out.push(finding(m, FindingKind::FineTuneShutdown, d, format!("its fine-tunes {when}")));
    }
    if let Some(d) = m.training_cutoff().filter(|&d| Some(d) != tuned && w.near(d)) {
        let when = w.tense(d, "from", "since");
        let message = format!("no new fine-tuning jobs {when}");
        out.push(finding(m, FindingKind::TrainingCutoff, d, message));
    }
    if let Some((to, d)) = m.routed().filter(|&(_, d)| w.near(d)) {
        let when = w.tense(d, "from", "since");
        let message = format!("routed to {to} {when}, billed at its prices");
        out.push(finding(m, FindingKind::Routed, d, message));
    }
    out
}

/// The model's shutdown on `d`, with its fine-tunes when `with_tuned`.
fn shutdown_finding(m: &Model, w: &Window, d: Date, with_tuned: bool) -> Finding {
    let (what, future) = match with_tuned {
        true => ("the model and its fine-tunes", "stop serving on"),
        false => ("the model", "stops serving on"),
    };
    let mut message = format!("{what} {}", w.tense(d, future, "stopped serving on"));
    if let Some(s) = m.successor() {
        let id = s.id(&m.sheet.provider);
        message.push_str(&format!("; its provider names {id} as its successor"));
    }
    finding(m, FindingKind::Shutdown, d, message)
}

/// The models `ftvp prices` shows at `start` and how many it hides: a model
/// is hidden only when it and its fine-tunes have both shut down.
pub fn visible_at(models: Vec<&Model>, start: Date) -> (Vec<&Model>, usize) {
    let total = models.len();
    let shown: Vec<&Model> = models
        .into_iter()
        .filter(|m| !m.is_hidden_at(start))
        .collect();
    let hidden = total - shown.len();
    (shown, hidden)
}
