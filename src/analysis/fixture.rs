//! The quick start's comparison for unit tests: a sheet whose numbers the
//! README works by hand (P_base = $0.0088, P_tuned = $0.00152, T = $30,
//! N* = 4,121), its inputs, and their resolution on a fixed day.

use jiff::civil::{date, Date};
use rust_decimal::Decimal;

use crate::inputs::given::{Base, Request, Training, Tuned};
use crate::inputs::{Context, Given, Inputs};
use crate::pricing::Catalog;

/// acme/big (2.00 in, 8.00 out, 0.50 cached) and acme/small, fine-tunable
/// (5.00 a 1M training tokens, 0.80 / 3.20 tuned, $1.70 an hour of hosting),
/// and an H100 at $8.00 an hour.
pub(crate) const SHEET: &str = r#"
provider = "acme"
currency = "USD"
as_of = 2026-11-01
source = "https://example.com/acme/pricing"

[models."big"]
input = 2.00
output = 8.00
cached_input = 0.50
context_window = 4000

[models."small"]
input = 0.40
output = 1.60

[models."small".fine_tuning]
training = 5.00
input = 0.80
output = 3.20
hosting_per_hour = 1.70

[gpus."h100-80gb"]
per_hour = 8.00
description = "on demand, per GPU"
"#;

/// 5M requests of a 3,000-token prompt, 200 in and 300 out, against
/// acme/small with a 500-token prompt trained on 2M tokens (3 epochs); no
/// cache hit rate given, no setup cost.
pub(crate) fn quick_start() -> Given {
    Given {
        volume: Some(5_000_000),
        base: Base {
            model: Some("acme/big".into()),
            prompt_tokens: Some(3000),
            ..Default::default()
        },
        tuned: Some(vec![Tuned {
            model: "acme/small".into(),
            prompt_tokens: Some(500),
            ..Default::default()
        }]),
        request: Request {
            input_tokens: Some(200),
            output_tokens: Some(300),
            ..Default::default()
        },
        training: Training {
            tokens: Some(2_000_000),
            setup_cost: Some(Decimal::ZERO),
            ..Default::default()
        },
        ..Default::default()
    }
}

/// `given` resolved on [`SHEET`] without its hosting fee (which would need
/// months), on 2026-11-27, and that day.
pub(crate) fn resolved(given: &Given) -> (Inputs, Date) {
    resolved_on(&SHEET.replace("hosting_per_hour = 1.70\n", ""), given)
}

/// `given` resolved on `sheet` (acme's) on 2026-11-27, and that day.
pub(crate) fn resolved_on(sheet: &str, given: &Given) -> (Inputs, Date) {
    let mut catalog = Catalog::new();
    catalog.add_sheet("acme.toml", sheet).unwrap();
    let today = date(2026, 11, 27);
    let tokenizers = crate::tokens::TokenizerSource::default();
    let cx = Context {
        catalog: &catalog,
        today,
        volume_required: true,
        tokenizers: &tokenizers,
        names: Default::default(),
    };
    (Inputs::from_given(given, &cx).unwrap(), today)
}
