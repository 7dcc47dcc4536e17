//! Output and reasoning tokens per path: a reasoning base model's hidden
//! tokens are billed at its output price, a tuned model may answer at another
//! length, and both reach the verdict, the JSON, scenario files and the
//! capacity of a dedicated replica. Checked by hand on the acme fixture
//! (acme/big: input 2.00, output 8.00; acme/small tuned: input 0.80,
//! output 3.20, per 1M tokens).

mod common;

use common::{breakeven_json, fixture};
use serde_json::Value;

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("{v} is not a number"))
}

/// acme/big with a 1,000-token prompt against acme/small fine-tuned for $300
/// with no prompt, 200 input and 300 output tokens, at 200k requests.
const CASE: &[&str] = &[
    "--base",
    "acme/big",
    "--base-prompt",
    "1000",
    "--tuned",
    "acme/small",
    "--tuned-prompt",
    "0",
    "--input",
    "200",
    "--output",
    "300",
    "--setup-cost",
    "0",
    "--training-cost",
    "300",
    "--volume",
    "200k",
];

fn case(extra: &[&str]) -> Value {
    breakeven_json(&[CASE, extra].concat())
}

#[test]
fn base_reasoning_2000_flips_the_verdict_from_prompt_to_fine_tune() {
    // Without reasoning: P_base = (1,200 × 2 + 300 × 8) / 1M = 0.0048,
    // P_tuned = (200 × 0.80 + 300 × 3.20) / 1M = 0.00112, Δ = 0.00368;
    // N* = 300 / 0.00368 = 81,521.7 → 81,522; 200k × 0.00368 / 300 = 2.45× → prompt.
    let plain = case(&[]);
    let c = &plain["candidates"][0];
    assert_eq!(f(&plain["base"]["cost_per_request"]), 0.0048);
    assert_eq!(f(&c["cost_per_request"]), 0.00112);
    assert_eq!(c["break_even_requests"], 81_522);
    assert_eq!(plain["verdict"], "prompt");
    // With 2,000 hidden reasoning tokens on the base model, billed at its
    // output price: P_base = 0.0048 + 2,000 × 8 / 1M = 0.0208, Δ = 0.01968;
    // N* = 300 / 0.01968 = 15,243.9 → 15,244; 200k × 0.01968 / 300 = 13.12× → fine-tune.
    let thinking = case(&["--base-reasoning", "2000"]);
    let c = &thinking["candidates"][0];
    assert_eq!(f(&thinking["base"]["cost_per_request"]), 0.0208);
    assert_eq!(thinking["base"]["reasoning_tokens"], 2000);
    assert_eq!(thinking["base"]["output_tokens"], 300);
    assert_eq!(f(&c["savings_per_request"]), 0.01968);
    assert_eq!(c["break_even_requests"], 15_244);
    assert_eq!(f(&c["volume_multiple"]), 13.12);
    assert_eq!(c["reasoning_tokens"], 0);
    assert_eq!(thinking["verdict"], "fine-tune");
}

#[test]
fn the_tuned_path_has_its_own_output_and_reasoning() {
    // --tuned-output 150: P_tuned = (200 × 0.80 + 150 × 3.20) / 1M = 0.00064;
    // with 100 reasoning tokens more: + 100 × 3.20 / 1M = 0.00096.
    let j = case(&["--tuned-output", "150"]);
    let c = &j["candidates"][0];
    assert_eq!(f(&c["cost_per_request"]), 0.00064);
    assert_eq!(
        (&c["output_tokens"], &j["base"]["output_tokens"]),
        (&150.into(), &300.into())
    );
    let j = case(&["--tuned-output", "150", "--tuned-reasoning", "100"]);
    let c = &j["candidates"][0];
    assert_eq!(f(&c["cost_per_request"]), 0.00096);
    assert_eq!(c["reasoning_tokens"], 100);
    // The base path keeps --output and no reasoning.
    assert_eq!(f(&j["base"]["cost_per_request"]), 0.0048);
    assert_eq!(j["base"]["reasoning_tokens"], 0);
}

#[test]
fn per_candidate_output_pairs_by_position() {
    // acme/flat: input 0.40, output 0 → its output length changes nothing;
    // acme/small at 100 output tokens: (200 × 0.80 + 100 × 3.20) / 1M = 0.00048.
    let j = breakeven_json(&[
        "--base",
        "acme/big",
        "--base-prompt",
        "1000",
        "--tuned",
        "acme/small",
        "--tuned",
        "acme/flat",
        "--tuned-prompt",
        "0",
        "--input",
        "200",
        "--output",
        "300",
        "--tuned-output",
        "100",
        "--tuned-output",
        "700",
        "--setup-cost",
        "0",
        "--training-cost",
        "300",
        "--volume",
        "200k",
    ]);
    for c in j["candidates"].as_array().unwrap() {
        match c["model"].as_str().unwrap() {
            "acme/small" => {
                assert_eq!(c["output_tokens"], 100);
                assert_eq!(f(&c["cost_per_request"]), 0.00048);
            }
            "acme/flat" => assert_eq!(c["output_tokens"], 700),
            m => panic!("unexpected candidate {m}"),
        }
    }
    common::assert_input_error(
        &[
            &[
                "breakeven",
                "--pricing",
                fixture("pricing").to_str().unwrap(),
            ],
            CASE,
            &["--tuned-output", "1", "--tuned-output", "2"],
        ]
        .concat(),
        "--tuned-output is given 2 times for 1 --tuned models",
    );
}

#[test]
fn a_scenario_gives_the_same_lengths_per_path() {
    let dir = tempfile::tempdir().unwrap();
    let s = dir.path().join("s.toml");
    std::fs::write(
        &s,
        "volume = 200000\n\
         [base]\nmodel = \"acme/big\"\nprompt_tokens = 1000\nreasoning_tokens = 2000\n\
         [[tuned]]\nmodel = \"acme/small\"\nprompt_tokens = 0\noutput_tokens = 150\nreasoning_tokens = 100\n\
         [request]\ninput_tokens = 200\noutput_tokens = 300\n\
         [training]\ncost = 300\nsetup_cost = 0\n",
    )
    .unwrap();
    let from_file = breakeven_json(&["--scenario", s.to_str().unwrap()]);
    let from_flags = case(&[
        "--base-reasoning",
        "2000",
        "--tuned-output",
        "150",
        "--tuned-reasoning",
        "100",
    ]);
    assert_eq!(from_file, from_flags);
    // 0.0208 − 0.00096 = 0.01984.
    assert_eq!(
        f(&from_file["candidates"][0]["savings_per_request"]),
        0.01984
    );
}

#[test]
fn a_dedicated_replica_generates_output_and_reasoning_tokens() {
    // 3,000 output tokens a second over 100 output + 400 reasoning tokens a
    // request: 3,000 / 500 = 6 requests a second per replica.
    let args = common::dedicated_worked(&[
        "--replica-output-tps",
        "3000",
        "--tuned-output",
        "100",
        "--tuned-reasoning",
        "400",
        "--per-month",
        "1M",
        "--months",
        "2",
        "--format",
        "json",
    ]);
    let j = common::run_ok(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let j: Value = serde_json::from_str(&j).unwrap();
    assert_eq!(
        f(&j["candidates"][0]["throughput"]["requests_per_second"]),
        6.0
    );
}
