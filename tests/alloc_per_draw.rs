//! No allocation per draw beyond the ledger (design §15's simulation, issue
//! "what would change the answer"): a counting global allocator, in a test
//! binary of its own so that it counts nothing else, measures what each draw
//! of `--simulate` allocates. One test function: the counter is global and
//! the test harness would run several at once.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicU64, Ordering};

use ftvp::analysis::prepared::Prepared;
use ftvp::analysis::simulate::{simulate, BLOCK};
use ftvp::inputs::{scenario, Context, Inputs};
use ftvp::pricing::Catalog;
use jiff::civil::{date, Date};

/// Counts every allocation and reallocation.
struct Counting;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

thread_local! {
    /// This thread's allocations (other threads of the harness allocate too).
    static MINE: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

fn count() {
    ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
    MINE.with(|m| m.set(m.get() + 1));
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count();
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count();
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count();
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations this thread makes while `f` runs.
fn on_this_thread(f: impl FnOnce()) -> u64 {
    let before = MINE.with(|m| m.get());
    f();
    MINE.with(|m| m.get()) - before
}

/// Allocations every thread makes while `f` runs.
fn counted<T>(f: impl FnOnce() -> T) -> (u64, T) {
    let before = ALLOCATIONS.load(Ordering::SeqCst);
    let out = f();
    (ALLOCATIONS.load(Ordering::SeqCst) - before, out)
}

/// acme's round prices, with a dated price change of the tuned model, a
/// hosting fee and a GPU, so that pricing a comparison allocates (price
/// periods, the calendar) as the draws must not.
const SHEET: &str = r#"
provider = "acme"
currency = "USD"
as_of = 2026-11-01
source = "https://example.com/acme/pricing"

[models."big"]
input = 2.00
output = 8.00

[models."small"]
input = 0.40
output = 1.60

[models."small".fine_tuning]
training = 5.00
input = 0.80
output = 3.20

[[models."small".changes]]
from = 2027-03-01
fine_tuning = { output = 6.40 }

[models."hosted"]
input = 0.40
output = 1.60

[models."hosted".fine_tuning]
training = 5.00
input = 0.40
output = 1.60
hosting_per_hour = 1.70

[gpus."h100-80gb"]
per_hour = 8.00
"#;

/// Three candidates (per token, with hosting, dedicated) over 24 months,
/// with five ranged inputs.
const SCENARIO: &str = r#"
[base]
model = "acme/big"
prompt_tokens = "2000..3000..4000"

[[tuned]]
model = "acme/small"
prompt_tokens = "0..500..1500"

[[tuned]]
model = "acme/hosted"
prompt_tokens = 0

[[tuned]]
model = "acme/small"
serve = "dedicated"
gpu = "acme/h100-80gb"
replica_rps = 3
prompt_tokens = 500

[request]
input_tokens = 200
output_tokens = 300

[training]
tokens = "2M"
setup_cost = "0..100"
retrain_every_months = 4

[horizon]
per_month = "100k..400k..1M"
months = 24
growth_percent = "0..3..5"
"#;

fn inputs() -> (Inputs, Date) {
    let mut catalog = Catalog::new();
    catalog.add_sheet("acme.toml", SHEET).unwrap();
    let given = scenario::parse("ranged.toml", SCENARIO).unwrap();
    let today = date(2026, 11, 27);
    let tokenizers = ftvp::tokens::TokenizerSource::default();
    let cx = Context {
        catalog: &catalog,
        today,
        volume_required: true,
        tokenizers: &tokenizers,
        names: Default::default(),
    };
    (Inputs::from_given(&given, &cx).unwrap(), today)
}

/// What one evaluation's ledger allocates, for three candidates over a
/// horizon: the traffic's months (one vector of monthly requests) and,
/// per candidate, its plan's months and its ledger's rows (one vector
/// each, made with their capacity): 1 + 2 × 3 = 7.
const LEDGER: u64 = 1 + 2 * 3;

#[test]
fn a_draw_allocates_its_ledger_and_nothing_else() {
    let (inputs, today) = inputs();
    // Warm up: the thread pool and anything made once per process.
    simulate(&inputs, today, (2, 1), &|_| {}).unwrap();

    // One thread, draw after draw: exactly the ledger, every evaluation.
    let mut prepared = Prepared::new(&inputs, today, Some(24)).unwrap();
    let x = inputs.clone();
    let mut evaluate =
        |n: u64| on_this_thread(|| (0..n).for_each(|_| assert!(prepared.at(&x).is_ok())));
    let (once, twice) = (evaluate(500), evaluate(1000));
    assert_eq!(
        once,
        500 * LEDGER,
        "one evaluation allocates its ledger only"
    );
    assert_eq!(twice, 1000 * LEDGER);

    // The simulation: N more draws cost N ledgers and, per block of draws,
    // at most what a whole one-draw simulation allocates (its inputs' copy,
    // the comparison priced once, the block's results), never anything per
    // draw that pricing the comparison again would (price periods, the
    // calendar, the candidates' paths, a dedicated break-even search).
    let n = 4 * BLOCK as u64;
    let (whole, _) = counted(|| simulate(&inputs, today, (1, 3), &|_| {}).unwrap());
    let (a, _) = counted(|| simulate(&inputs, today, (n as u32, 3), &|_| {}).unwrap());
    let (b, _) = counted(|| simulate(&inputs, today, (2 * n as u32, 3), &|_| {}).unwrap());
    let blocks = n / BLOCK as u64;
    assert!(
        b - a <= n * LEDGER + blocks * whole,
        "{} more allocations for {n} more draws: above {n} × {LEDGER} + {blocks} × {whole}",
        b - a
    );
}
