//! `ftvp usage` and `breakeven --usage` (design §17, §20.14–§20.20): each
//! format from files built here to the providers' documented shapes, the
//! sample Usage API page's exact values, partial months, per-request pricing.

mod common;

use common::{breakeven_json, ftvp};
use ftvp::usage::read::read_bytes;
use ftvp::usage::{Format, Fraction, Measurement, Month};
use serde_json::{json, Value};

fn frac(num: u128, den: u128) -> Fraction {
    Fraction::new(num, den).unwrap()
}

const NOV: Month = Month {
    year: 2026,
    month: 11,
};

fn month_of(m: &Measurement, model: &str) -> ftvp::usage::MonthStats {
    m.months().into_iter().find(|s| s.model == model).unwrap()
}

fn lines(records: &[Value]) -> Vec<u8> {
    records
        .iter()
        .map(|r| format!("{r}\n"))
        .collect::<String>()
        .into_bytes()
}

fn page_text() -> String {
    // The sample page, copied into the repository's tests so that they run
    // anywhere: one daily bucket of 2026-11-01.
    include_str!("fixtures/usage/openai-usage-api-page.json").to_string()
}

#[test]
fn the_sample_page_gives_exact_values() {
    let m = read_bytes(page_text().as_bytes(), None).unwrap();
    assert_eq!(m.files[0].format, Format::UsageApi);
    let s = month_of(&m, "gpt-5.5-2026-04-23");
    assert_eq!(
        (s.month, s.requests, s.complete, s.days_covered),
        (NOV, 33_462, false, 1)
    );
    // 96,410,220 + 12,003,111 input; 61,440,000 + 7,680,000 cached;
    // 11,897,400 + 1,488,000 output; 3,720 batch requests.
    assert_eq!(s.input_mean, frac(108_413_331, 33_462));
    assert_eq!(s.input_mean, frac(213_833 * 507, 66 * 507)); // equal as values (§20.20)
    assert_eq!(s.cached_share, Some(frac(69_120_000, 108_413_331)));
    assert_eq!(s.output_mean, frac(13_385_400, 33_462));
    assert_eq!(s.batch_share, Some(frac(3_720, 33_462)));
    assert_eq!((s.input_p50, s.reasoning_mean), (None, None)); // aggregated: no percentiles, no reasoning
    let v = m.measured("gpt-5.5-2026-04-23").unwrap().volume;
    assert_eq!((v.requests, v.scaled_from), (1_003_860, Some((33_462, 1)))); // 33,462 × 30 / 1
}

#[test]
fn the_sample_page_through_the_command_line() {
    let out = ftvp()
        .args([
            "usage",
            "tests/fixtures/usage/openai-usage-api-page.json",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["schema"], "ftvp.usage/1");
    let month = &doc["models"][0]["months"][0];
    assert_eq!(month["month"], "2026-11");
    assert_eq!(month["requests"], 33_462);
    assert_eq!(month["input_tokens"], 108_413_331);
    assert_eq!(month["cached_input_tokens"], 69_120_000);
    assert_eq!(month["output_tokens"], 13_385_400);
    assert_eq!(month["batch_requests"], 3_720);
    assert_eq!(month["input_tokens_mean"], 3239.89); // 108,413,331 / 33,462 = 3,239.888…
    assert_eq!(month["input_p50"], Value::Null);
    assert_eq!(doc["models"][0]["growth_percent"], Value::Null);
    for format in ["table", "csv", "markdown"] {
        let out = ftvp()
            .args([
                "usage",
                "tests/fixtures/usage/openai-usage-api-page.json",
                "--format",
                format,
            ])
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            text.contains("33,462") || text.contains("33462"),
            "{format}: {text}"
        );
    }
}

fn breakeven_on_page(extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "breakeven",
        "--pricing",
        "tests/fixtures/pricing",
        "--usage",
        "tests/fixtures/usage/openai-usage-api-page.json",
        "--usage-model",
        "gpt-5.5-2026-04-23",
        "--base",
        "acme/big",
        "--base-prompt",
        "1000",
        "--tuned",
        "acme/small",
        "--tuned-prompt",
        "0",
        "--training-cost",
        "100",
        "--setup-cost",
        "0",
        "--months",
        "12",
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    ftvp().args(&args).output().unwrap()
}

fn notes(doc: &Value, code: &str) -> Vec<String> {
    let all = doc["notes"].as_array().unwrap();
    all.iter()
        .filter(|n| n["code"] == code)
        .map(|n| n["message"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn breakeven_usage_scales_the_partial_month_and_says_so() {
    let out = breakeven_on_page(&[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    // Volume per month 33,462 × 30 = 1,003,860; input 3,239.89 → 3,240 − 1,000.
    assert_eq!(doc["horizon"]["per_month"], 1_003_860, "{doc:#}");
    assert_eq!(doc["base"]["input_tokens"], 2_240);
    assert_eq!(doc["base"]["output_tokens"], 400); // 13,385,400 / 33,462 = 400.02
    let measured = notes(&doc, "measured");
    assert!(
        measured
            .iter()
            .any(|n| n.contains("--per-month 1003860")
                && n.contains("over 1 of its 30 days, scaled")),
        "{measured:?}"
    );
    assert!(
        measured
            .iter()
            .any(|n| n.starts_with("--cache-hit-rate 1 ")),
        "{measured:?}"
    ); // 69,120,000 ≥ 33,462 × 1,000
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("11.12% of gpt-5.5-2026-04-23's requests in batch"),
        "{stderr}"
    ); // 3,720 / 33,462
    assert!(notes(&doc, "per-request").is_empty()); // aggregated: no per-request lengths
}

#[test]
fn flags_override_measured_values_and_months_are_never_filled() {
    let out = breakeven_on_page(&["--per-month", "5000", "--output", "50"]);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["horizon"]["per_month"], 5_000);
    assert_eq!(doc["base"]["output_tokens"], 50);
    let measured = notes(&doc, "measured").join("\n");
    assert!(
        !measured.contains("--per-month") && !measured.contains("--output"),
        "{measured}"
    );
    let mut no_months = ftvp();
    no_months.args([
        "breakeven",
        "--pricing",
        "tests/fixtures/pricing",
        "--usage",
        "tests/fixtures/usage/openai-usage-api-page.json",
        "--base",
        "acme/big",
        "--base-prompt",
        "1000",
        "--tuned",
        "acme/small",
        "--tuned-prompt",
        "0",
        "--training-cost",
        "100",
        "--setup-cost",
        "0",
    ]);
    let err = String::from_utf8(no_months.output().unwrap().stderr).unwrap();
    assert!(err.contains("give the horizon with --months"), "{err}");
}

#[test]
fn usage_needs_the_base_prompt_and_a_logged_model() {
    let run = |args: &[&str]| {
        let mut all = vec![
            "breakeven",
            "--pricing",
            "tests/fixtures/pricing",
            "--usage",
            "tests/fixtures/usage/openai-usage-api-page.json",
            "--base",
            "acme/big",
            "--tuned",
            "acme/small",
            "--tuned-prompt",
            "0",
            "--training-cost",
            "100",
            "--setup-cost",
            "0",
            "--months",
            "3",
        ];
        all.extend_from_slice(args);
        let out = ftvp().args(&all).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        String::from_utf8(out.stderr).unwrap()
    };
    assert!(run(&[]).contains("--usage needs --base-prompt"));
    let e = run(&["--base-prompt", "10", "--usage-model", "gpt-9"]);
    assert!(
        e.contains(
            "--usage-model `gpt-9`: no such model in the logs; they hold `gpt-5.5-2026-04-23`"
        ),
        "{e}"
    );
    let e = run(&["--base-prompt", "5000"]); // mean input 3,240 < 5,000
    assert!(e.contains("shorter than the base prompt"), "{e}");
}

// ------------------------------------------------------------- per format

#[test]
fn openai_chat_completions_count_cached_inside_prompt_and_reasoning_inside_completion() {
    let chat = |created: i64, prompt: u64, cached: u64, completion: u64, reasoning: u64| {
        json!({"id": "chatcmpl-1", "object": "chat.completion", "created": created, "model": "gpt-5-mini",
               "choices": [{"index": 0, "message": {"role": "assistant", "content": "hi"}, "finish_reason": "stop"}],
               "usage": {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion,
                         "prompt_tokens_details": {"cached_tokens": cached, "audio_tokens": 0},
                         "completion_tokens_details": {"reasoning_tokens": reasoning, "audio_tokens": 0,
                                                       "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0}}})
    };
    // 2026-11-01 and 2026-11-02.
    let m = read_bytes(
        &lines(&[
            chat(1_793_491_200, 1000, 800, 300, 100),
            chat(1_793_577_600, 3000, 0, 500, 200),
        ]),
        None,
    )
    .unwrap();
    assert_eq!(m.files[0].format, Format::Responses);
    let s = month_of(&m, "gpt-5-mini");
    assert_eq!((s.requests, s.days_covered), (2, 2));
    assert_eq!(s.input_mean, frac(4000, 2));
    assert_eq!(s.cached_share, Some(frac(800, 4000)));
    assert_eq!(s.output_mean, frac(200 + 300, 2)); // completion − reasoning
    assert_eq!(s.reasoning_mean, Some(frac(300, 2)));
    assert_eq!((s.input_p50, s.input_p90), (Some(1000), Some(3000))); // nearest rank of 2
    assert_eq!(s.batch_share, None); // response logs do not say
}

#[test]
fn openai_responses_take_their_month_from_created_at() {
    let r = json!({"id": "resp_1", "object": "response", "created_at": 1_793_491_200, "status": "completed",
                   "model": "gpt-5.5-2026-04-23", "output": [],
                   "usage": {"input_tokens": 2000, "input_tokens_details": {"cached_tokens": 1500},
                             "output_tokens": 700, "output_tokens_details": {"reasoning_tokens": 600}, "total_tokens": 2700}});
    let m = read_bytes(&lines(&[r]), None).unwrap();
    let s = month_of(&m, "gpt-5.5-2026-04-23");
    assert_eq!(s.month, NOV);
    assert_eq!(
        (s.input_mean, s.cached_share),
        (frac(2000, 1), Some(frac(1500, 2000)))
    );
    assert_eq!(
        (s.output_mean, s.reasoning_mean),
        (frac(100, 1), Some(frac(600, 1)))
    );
}

#[test]
fn anthropic_messages_count_cache_reads_and_writes_outside_input_tokens() {
    let message = |ts: &str, input: u64, read: u64, write: u64, output: u64| {
        json!({"timestamp": ts, "response": {"id": "msg_1", "type": "message", "role": "assistant",
               "model": "claude-sonnet-4-5-20250929", "content": [{"type": "text", "text": "hi"}],
               "stop_reason": "end_turn",
               "usage": {"input_tokens": input, "cache_read_input_tokens": read,
                         "cache_creation_input_tokens": write, "output_tokens": output}}})
    };
    let m = read_bytes(
        &lines(&[
            message("2026-11-03T10:00:00Z", 50, 2000, 0, 300),
            message("2026-11-03T11:00:00+01:00", 40, 0, 2000, 100),
        ]),
        None,
    )
    .unwrap();
    let s = month_of(&m, "claude-sonnet-4-5-20250929");
    // 50 + 2,000 + 0 and 40 + 0 + 2,000: the whole input of each request.
    assert_eq!(s.input_mean, frac(2050 + 2040, 2));
    assert_eq!(s.cached_share, Some(frac(2000, 4090)));
    assert_eq!(s.output_mean, frac(400, 2));
    assert_eq!(s.reasoning_mean, None); // Anthropic reports none: never filled (§20.17)
}

#[test]
fn openai_batch_output_lines_are_batch_requests() {
    let line = json!({"id": "batch_req_1", "custom_id": "r1", "error": null,
                      "response": {"status_code": 200, "request_id": "req_1",
                                   "body": {"object": "chat.completion", "created": 1_793_491_200, "model": "gpt-5-mini",
                                            "usage": {"prompt_tokens": 10, "completion_tokens": 5}}}});
    let s = month_of(&read_bytes(&lines(&[line]), None).unwrap(), "gpt-5-mini");
    assert_eq!(s.batch_share, Some(frac(1, 1)));
    assert_eq!(s.cached_share, None); // no cached count in the record: null, never 0
}

#[test]
fn otlp_spans_count_inference_spans_only() {
    let attr = |k: &str, v: Value| json!({"key": k, "value": v});
    let span = |op: &str, input: Value, start: &str| {
        json!({
        "traceId": "5b8efff798038103d269b633813fc60c", "spanId": "eee19b7ec3c1b174", "name": format!("{op} gpt-4o"),
        "startTimeUnixNano": start, "endTimeUnixNano": start,
        "attributes": [attr("gen_ai.operation.name", json!({"stringValue": op})),
                       attr("gen_ai.request.model", json!({"stringValue": "gpt-4o"})),
                       attr("gen_ai.response.model", json!({"stringValue": "gpt-4o-2024-08-06"})),
                       attr("gen_ai.usage.input_tokens", input),
                       attr("gen_ai.usage.output_tokens", json!({"intValue": "80"})),
                       attr("gen_ai.usage.cache_read.input_tokens", json!({"intValue": 50}))]})
    };
    let doc = json!({"resourceSpans": [{"resource": {"attributes": []}, "scopeSpans": [{"scope": {"name": "x"}, "spans": [
        span("chat", json!({"intValue": "200"}), "1793491200000000000"),
        span("chat", json!({"intValue": 100}), "1793577600000000000"),
        span("invoke_agent", json!({"intValue": "300"}), "1793577600000000000"),
        json!({"name": "GET /", "startTimeUnixNano": "1793491200000000000", "attributes": []}),
    ]}]}]});
    // A pretty-printed document and the same as one JSON line.
    for text in [
        serde_json::to_string_pretty(&doc).unwrap(),
        format!("{doc}\n"),
    ] {
        let m = read_bytes(text.as_bytes(), None).unwrap();
        assert_eq!(m.files[0].format, Format::Otel);
        let s = month_of(&m, "gpt-4o-2024-08-06"); // the response model first
        assert_eq!((s.requests, s.input_mean), (2, frac(300, 2)));
        assert_eq!(s.cached_share, Some(frac(100, 300)));
        assert_eq!(m.excluded.get("agent or tool span"), Some(&1));
    }
}

#[test]
fn litellm_spend_logs_as_json_and_csv_leave_out_its_cache_hits() {
    let row = |hit: &str, prompt: u64| {
        json!({"request_id": "r", "call_type": "acompletion", "spend": 0.001,
        "model": "gpt-4o", "prompt_tokens": prompt, "completion_tokens": 20, "startTime": "2026-11-05T08:00:00.000",
        "cache_hit": hit, "metadata": {"additional_usage_values": {"prompt_tokens_details": {"cached_tokens": 40}}}})
    };
    let m = read_bytes(
        serde_json::to_string_pretty(&json!([
            row("False", 100),
            row("True", 100),
            row("None", 300)
        ]))
        .unwrap()
        .as_bytes(),
        None,
    )
    .unwrap();
    assert_eq!(m.files[0].format, Format::Litellm);
    let s = month_of(&m, "gpt-4o");
    assert_eq!(
        (s.requests, s.input_mean, s.cached_share),
        (2, frac(400, 2), Some(frac(80, 400)))
    );
    assert_eq!(m.excluded.get("litellm cache hit"), Some(&1));
    let csv = "request_id,model,prompt_tokens,completion_tokens,startTime,cache_hit\n\
               a,gpt-4o,100,20,2026-11-05 08:00:00,False\nb,gpt-4o,100,20,2026-11-05 09:00:00,True\n\
               c,,100,20,2026-11-05 09:00:00,False\n";
    let m = read_bytes(csv.as_bytes(), None).unwrap();
    assert_eq!(m.files[0].format, Format::LitellmCsv);
    assert_eq!(month_of(&m, "gpt-4o").cached_share, None); // no cached column: null
    assert_eq!(
        (
            m.skipped.get("no model"),
            m.excluded.get("litellm cache hit")
        ),
        (Some(&1), Some(&1))
    );
}

#[test]
fn the_aggregate_csv_counts_reasoning_inside_output_and_measures_growth() {
    let mut csv = String::from("date,model,requests,input_tokens,cached_input_tokens,output_tokens,reasoning_tokens,batch_requests\n");
    // Three complete months by month rows, 1,000 → 1,100 → 1,210: +10% a month.
    for (month, n) in [("2026-08", 1000u64), ("2026-09", 1100), ("2026-10", 1210)] {
        csv.push_str(&format!(
            "{month},m,{n},{},{},{},{},0\n",
            n * 500,
            n * 100,
            n * 60,
            n * 20
        ));
    }
    csv.push_str("2026-11-01,m,50,25000,5000,3000,1000,10\n");
    let m = read_bytes(csv.as_bytes(), None).unwrap();
    assert_eq!(m.files[0].format, Format::Aggregate);
    let growth = m.growth_percent("m").unwrap();
    assert!((growth - 10.0).abs() < 1e-9, "{growth}");
    let measured = m.measured("m").unwrap();
    // The last complete month gives the volume; lengths over complete months.
    assert_eq!(
        (measured.volume.requests, measured.volume.scaled_from),
        (1210, None)
    );
    assert_eq!(measured.output_mean(), frac(3310 * 40, 3310)); // 60 − 20 per request
    assert_eq!(measured.reasoning_mean(), Some(frac(20, 1)));
    let nov = month_of(&m, "m");
    assert_eq!(
        nov.month,
        Month {
            year: 2026,
            month: 8
        }
    );
}

#[test]
fn records_without_model_counts_or_time_are_counted_and_skipped() {
    let ok = json!({"model": "x", "created": 1_793_491_200, "usage": {"prompt_tokens": 1, "completion_tokens": 1}});
    let text = lines(&[
        ok.clone(),
        json!({"created": 1_793_491_200, "usage": {"prompt_tokens": 1, "completion_tokens": 1}}),
        json!({"model": "x", "created": 1_793_491_200}),
        json!({"model": "x", "usage": {"prompt_tokens": 1, "completion_tokens": 1}}),
        json!([1, 2]),
    ]);
    let mut text = text;
    text.extend_from_slice(b"not json at all\n");
    let m = read_bytes(&text, None).unwrap();
    assert_eq!(m.requests(), 1);
    let skipped: Vec<(&str, u64)> = m.skipped.iter().map(|(k, v)| (*k, *v)).collect();
    assert_eq!(
        skipped,
        [
            ("no model", 1),
            ("no time", 1),
            ("no token counts", 1),
            ("not a record of the format", 2)
        ]
    );
}

#[test]
fn a_file_in_no_format_is_an_error_naming_its_first_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    std::fs::write(&path, "\n\nhello, world\nmore\n").unwrap();
    let out = ftvp().args(["usage"]).arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("not a usage format ftvp reads (line 3: `hello, world`)"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1);
}

#[test]
fn a_huge_line_is_skipped_unread() {
    let ok = json!({"model": "x", "created": 1_793_491_200, "usage": {"prompt_tokens": 1, "completion_tokens": 1}});
    let mut text = format!("{ok}\n").into_bytes();
    text.extend(std::iter::repeat_n(
        b'a',
        (ftvp::dataset::MAX_LINE_BYTES + 10) as usize,
    ));
    text.extend_from_slice(format!("\n{ok}\n").as_bytes());
    let m = read_bytes(&text, None).unwrap();
    assert_eq!(
        (m.requests(), m.skipped.get("line too long")),
        (2, Some(&1))
    );
}

// ------------------------------------------------------ per-request pricing

/// A log of model `long-1` on 2026-11-01: nine requests of 100,000 input
/// tokens and one of 1,300,000, each with 100 output tokens; the mean,
/// 220,000, is above acme/longctx's 200,000-token tier, nine of ten are not.
fn longctx_log() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("log.jsonl");
    let r = |input: u64| json!({"model": "long-1", "created": 1_793_491_200, "usage": {"prompt_tokens": input, "completion_tokens": 100}});
    let mut records: Vec<Value> = (0..9).map(|_| r(100_000)).collect();
    records.push(r(1_300_000));
    std::fs::write(&path, lines(&records)).unwrap();
    (dir, path)
}

#[test]
fn per_request_pricing_differs_from_the_mean_across_a_long_context_threshold() {
    // acme/longctx: 1.25 in / 10 out per 1M, 2.50 / 15 above 200,000 input.
    // Nine requests of 100,000 in and one of 1,300,000: the mean, 220,000, is
    // above the threshold; nine of ten requests are not.
    let (_dir, path) = longctx_log();
    let doc = longctx_comparison(&path, "0", &[]);
    // Request by request (the answer, design §20.19): nine at
    // 100,000 × 1.25 / 1M + 100 × 10 / 1M = 0.125 + 0.001 = 0.126, and one at
    // 1,300,000 × 2.50 / 1M + 100 × 15 / 1M = 3.25 + 0.0015 = 3.2515:
    // 9 × 0.126 + 3.2515 = 4.3855 over 10 = 0.43855.
    assert_eq!(doc["base"]["cost_per_request"], 0.43855);
    // The month's 10 requests (scaled from one logged day of 30: 300) at it.
    let volume = doc["volume"].as_f64().unwrap();
    assert_eq!(volume, 300.0);
    assert_eq!(doc["base"]["total_cost"], 131.565); // 300 × 0.43855
                                                    // At the mean: 220,000 × 2.50 / 1M + 100 × 15 / 1M = 0.55 + 0.0015 =
                                                    // 0.5515, 0.11295 more: 0.11295 / 0.43855 = 25.755…% → +25.76%.
    let note = notes(&doc, "per-request").join("");
    assert!(
        note.contains("from the 10 logged requests: $0.4386 (0.43855 USD) a request (the figure above), 1 of them at the long-context tier"),
        "{note}"
    );
    assert!(
        note.contains("Priced at the mean request it would cost $0.5515, off by +$0.113 (0.11295 USD), +25.76%."),
        "{note}"
    );
}

#[test]
fn scenario_out_writes_a_scenario_that_breakeven_reads() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("measured.toml");
    let out = ftvp()
        .args([
            "usage",
            "tests/fixtures/usage/openai-usage-api-page.json",
            "--scenario-out",
        ])
        .arg(&out_path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&out_path).unwrap();
    assert!(text.contains("per_month = 1003860"), "{text}");
    assert!(text.contains("openai-usage-api-page.json"), "{text}");
    let run = ftvp()
        .args([
            "breakeven",
            "--pricing",
            "tests/fixtures/pricing",
            "--scenario",
        ])
        .arg(&out_path)
        .args([
            "--base",
            "acme/big",
            "--tuned",
            "acme/small",
            "--tuned-prompt",
            "0",
            "--training-cost",
            "100",
            "--setup-cost",
            "0",
            "--months",
            "12",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let doc: Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(doc["horizon"]["per_month"], 1_003_860);
}

#[test]
fn a_scenario_usage_section_fills_like_the_flag_with_paths_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        "tests/fixtures/usage/openai-usage-api-page.json",
        dir.path().join("page.json"),
    )
    .unwrap();
    let scenario = dir.path().join("s.toml");
    std::fs::write(
        &scenario,
        "[usage]\nfiles = [\"page.json\"]\nmodel = \"gpt-5.5-2026-04-23\"\n\n[base]\nmodel = \"acme/big\"\nprompt_tokens = 1000\n\n\
         [[tuned]]\nmodel = \"acme/small\"\nprompt_tokens = 0\n\n[training]\ncost = 100\nsetup_cost = 0\n\n[horizon]\nmonths = 12\n\n\
         [request]\noutput_tokens = 77\n",
    )
    .unwrap();
    let out = ftvp()
        .args([
            "breakeven",
            "--pricing",
            "tests/fixtures/pricing",
            "--format",
            "json",
            "--scenario",
        ])
        .arg(&scenario)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["horizon"]["per_month"], 1_003_860);
    assert_eq!(doc["base"]["input_tokens"], 2_240);
    assert_eq!(doc["base"]["output_tokens"], 77); // the scenario's own key wins
}

#[test]
fn endless_devices_end_with_one_error_line() {
    let out = ftvp()
        .args(["usage", "/dev/zero"])
        .timeout(common::TIME_LIMIT)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("error: /dev/zero: not a usage format ftvp reads (line 1: `"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1);
}

#[test]
fn endless_distinct_models_are_capped() {
    let mut m = Measurement::default();
    let mut text = String::new();
    for i in 0..(ftvp::usage::MAX_SERIES + 5) {
        text.push_str(&format!("{{\"model\":\"m{i}\",\"created\":1793491200,\"usage\":{{\"prompt_tokens\":1,\"completion_tokens\":1}}}}\n"));
    }
    ftvp::usage::read_file(
        std::io::Cursor::new(text.into_bytes()),
        "f",
        None,
        &mut m,
        |_| {},
    )
    .unwrap();
    assert_eq!(m.tallies.len(), ftvp::usage::MAX_SERIES);
    assert_eq!(m.skipped.values().sum::<u64>(), 5);
}

/// Records as a sink receives them.
#[derive(Default, Debug, PartialEq)]
struct Recorded(Vec<String>);

impl ftvp::usage::formats::Sink for Recorded {
    fn record(&mut self, model: &str, r: ftvp::usage::Record) {
        self.0.push(format!("{model} {r:?}"));
    }
    fn skip(&mut self, why: &'static str) {
        self.0.push(format!("skip {why}"));
    }
    fn exclude(&mut self, why: &'static str) {
        self.0.push(format!("exclude {why}"));
    }
    fn cover(&mut self, from: i32, to: i32) {
        self.0.push(format!("cover {from} {to}"));
    }
}

#[test]
fn the_tape_reads_responses_as_serde_json_does_or_leaves_them_to_it() {
    use ftvp::usage::formats::{tape, Response};
    let lines = [
        r#"{"id":"x","object":"chat.completion","created":1793491200,"model":"m","choices":[{"message":{"content":"a \"usage\": {}"}}],"usage":{"prompt_tokens":10,"completion_tokens":5,"prompt_tokens_details":{"cached_tokens":4,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":2}}}"#,
        r#"{"timestamp":"2026-11-03T10:00:00Z","response":{"type":"message","model":"c","content":[{"type":"text","text":"hi"}],"usage":{"input_tokens":5,"cache_read_input_tokens":20,"cache_creation_input_tokens":1,"output_tokens":3}}}"#,
        r#"{"custom_id":"a","response":{"status_code":200,"body":{"created":1793491200,"model":"m","usage":{"prompt_tokens":1,"completion_tokens":1}}},"error":null}"#,
        r#"{"object":"response","created_at":1793491200,"model":"m","usage":{"input_tokens":10,"input_tokens_details":null,"output_tokens":5,"output_tokens_details":{"reasoning_tokens":1}}}"#,
        r#"{"model":"m","created":1793491200,"usage":{"prompt_tokens":1.5,"completion_tokens":1}}"#,
        r#"{"model":"m","model":"n","created":1,"usage":{"prompt_tokens":1,"completion_tokens":1}}"#,
        r#"{"model":7,"created":1,"usage":{}}"#,
        r#"{"model":"m","created":-0,"usage":{"prompt_tokens":"12","completion_tokens":1}}"#,
        r#"{"model":"m","usage":{"prompt_tokens":1,"completion_tokens":1},"response":null}"#,
    ];
    let mut fast_read = 0;
    for line in lines {
        let mut fast = Recorded::default();
        let mut slow = Recorded::default();
        match serde_json::from_slice::<Response>(line.as_bytes()) {
            Ok(r) => r.read(&mut slow),
            Err(_) => slow.0.push("skip not a record of the format".into()),
        }
        if tape::read(line.as_bytes(), &mut fast) {
            fast_read += 1;
            assert_eq!(fast, slow, "{line}");
        }
        // Parsed where it lies in a block (the lines after it its padding):
        // the same records, and the block unchanged, so that serde_json can
        // still read a line the tape leaves to it.
        let block = format!("{line}\n{}\n", lines.join("\n"));
        let mut data = block.clone().into_bytes();
        let mut in_place = Recorded::default();
        let read = tape::read_in_place(
            &mut data,
            (0, line.len()),
            line.contains('\\'),
            &mut in_place,
        );
        assert_eq!(read, !fast.0.is_empty(), "{line}");
        if read {
            assert_eq!(in_place, slow, "{line}");
        }
        assert_eq!(String::from_utf8(data).unwrap(), block, "{line}");
    }
    assert_eq!(fast_read, 5, "the plain lines take the fast path");
}

#[test]
fn rows_of_no_requests_add_no_model() {
    // Found by the usage_log fuzz target: a model listed with no requests.
    let csv = "date,model,requests,input_tokens\n2026-11-01,a,0,0\n2026-11-01,b,2,10\n";
    let m = read_bytes(csv.as_bytes(), None).unwrap();
    assert_eq!(m.models(), ["b"]);
    assert!(m.measured("b").is_some());
}

#[test]
fn usage_api_cached_tokens_never_exceed_the_input() {
    // Found by the usage_log fuzz target: a cached share above 1.
    let page = r#"{"object":"page","data":[{"object":"bucket","start_time":1793491200,"results":[
        {"model":"m","num_model_requests":2,"input_tokens":100,"input_cached_tokens":500,"output_tokens":10}]}]}"#;
    let s = month_of(&read_bytes(page.as_bytes(), None).unwrap(), "m");
    assert_eq!(s.cached_share, Some(frac(100, 100)));
}

/// The per-request test's comparison, with `extra` arguments, as JSON.
fn longctx_comparison(log: &std::path::Path, prompt: &str, extra: &[&str]) -> Value {
    let log = log.to_str().unwrap();
    let mut args = vec![
        "--usage",
        log,
        "--base",
        "acme/longctx",
        "--base-prompt",
        prompt,
    ];
    args.extend([
        "--tuned",
        "acme/small",
        "--tuned-prompt",
        "0",
        "--training-cost",
        "20",
    ]);
    args.extend(["--setup-cost", "0", "--months", "1"]);
    args.extend(extra);
    breakeven_json(&args)
}

#[test]
fn a_flip_value_of_the_logged_input_holds_when_given_as_input() {
    // The logged requests move with --input, whether varied by
    // --sensitivity or given: the flip value it reports, given as --input,
    // prices the same requests and gives the reported verdict.
    let (_dir, path) = longctx_log();
    let doc = longctx_comparison(&path, "0", &["--sensitivity"]);
    // Base 0.43855 (request by request), tuned 220,000 × 0.80 + 100 × 3.20
    // per 1M = 0.17632: Δ = 0.26223; break-even ⌈20 / 0.26223⌉ = 77 (76.27),
    // 300 a month: 3.9× → depends.
    assert_eq!(doc["verdict"], "depends");
    let row = doc["sensitivity"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["input"] == "input")
        .unwrap()
        .clone();
    assert_eq!(row["current"], 220_000.0);
    for (side, step) in [("below", 1i64), ("above", -1)] {
        let Some(flip) = row[side].as_f64() else {
            continue;
        };
        let flip = flip as i64;
        let at = longctx_comparison(&path, "0", &["--input", &flip.to_string()]);
        assert_eq!(
            at["verdict"],
            row[format!("{side}_verdict")],
            "{side} at {flip}"
        );
        let note = notes(&at, "per-request").join("");
        assert!(
            note.contains(", each moved to the --input you gave:"),
            "{note}"
        );
        let nearer = longctx_comparison(&path, "0", &["--input", &(flip + step).to_string()]);
        assert_eq!(
            nearer["verdict"],
            "depends",
            "{side} one nearer, at {}",
            flip + step
        );
    }
    assert!(
        row["below"].is_number() || row["above"].is_number(),
        "{row}"
    );
}

#[test]
fn the_basis_of_logged_requests_is_the_tier_of_most_of_them_flagged_per_request() {
    // Nine of the ten logged requests are under 200,000 tokens: the basis
    // shows acme/longctx's standard 1.25 / 10.00, not the mean request's
    // long-context tier, flagged `per-request`.
    let (_dir, path) = longctx_log();
    let doc = longctx_comparison(&path, "0", &[]);
    let period = &doc["base"]["basis"][0];
    assert_eq!(period["prices"]["input"], 1.25, "{period}");
    assert_eq!(period["prices"]["output"], 10.0);
    assert_eq!(period["prices"]["long_context_above"], Value::Null);
    assert_eq!(period["flags"], json!(["per-request"]));
    // Without the logs, the mean request (220,000) is at the tier.
    let mean = longctx_comparison_without_logs();
    assert_eq!(mean["base"]["basis"][0]["prices"]["input"], 2.5);
    assert_eq!(mean["base"]["basis"][0]["flags"], json!([]));
}

fn longctx_comparison_without_logs() -> Value {
    breakeven_json(&[
        "--base",
        "acme/longctx",
        "--base-prompt",
        "0",
        "--input",
        "220000",
        "--output",
        "100",
        "--per-month",
        "300",
        "--tuned",
        "acme/small",
        "--tuned-prompt",
        "0",
        "--training-cost",
        "20",
        "--setup-cost",
        "0",
        "--months",
        "1",
    ])
}

#[test]
fn logged_requests_shorter_than_the_base_prompt_are_priced_as_the_prompt_and_warned_of() {
    let (_dir, path) = longctx_log();
    let doc = longctx_comparison(&path, "150000", &[]);
    // Nine requests of 100,000 are shorter than the 150,000-token prompt:
    // each 150,000 × 1.25 + 100 × 10 = 188,500 per 1M; the tenth has
    // 1,150,000 of variable input, 1,300,000 in all, at the tier:
    // 1,300,000 × 2.50 + 100 × 15 = 3,251,500. (9 × 0.1885 + 3.2515) / 10
    // = 4.948 / 10 = 0.4948.
    assert_eq!(doc["base"]["cost_per_request"], 0.4948);
    assert_eq!(doc["base"]["input_tokens"], 70_000); // 220,000 − 150,000
    let warnings: Vec<&str> = doc["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        warnings.contains(&"9 of 10 logged requests of long-1 are shorter than the base prompt (150000 tokens); each is priced as the prompt alone"),
        "{warnings:?}"
    );
}

#[test]
fn tuned_any_reads_the_logs_too() {
    // --tuned-any with --usage: the search runs on the measured inputs and
    // the base path is priced request by request, as with one candidate.
    let (_dir, path) = longctx_log();
    let doc = breakeven_json(&[
        "--usage",
        path.to_str().unwrap(),
        "--base",
        "acme/longctx",
        "--base-prompt",
        "0",
        "--tuned-any",
        "--provider",
        "acme",
        "--tuned-prompt",
        "0",
        "--training-cost",
        "20",
        "--setup-cost",
        "0",
        "--months",
        "1",
    ]);
    assert_eq!(doc["volume"], 300.0); // measured: 10 × 30 / 1
    assert_eq!(doc["base"]["cost_per_request"], 0.43855); // request by request
                                                          // The ranking's net savings use it too: acme/small, 300 × 0.17632 + 20
                                                          // = 72.896 against 300 × 0.43855 = 131.565: 58.669.
    let ranking = doc["search"]["ranking"].as_array().unwrap();
    let small = ranking
        .iter()
        .find(|r| r["candidate"] == "acme/small")
        .unwrap();
    assert_eq!(
        (small["total"].as_f64(), small["net_saving"].as_f64()),
        (Some(72.896), Some(58.669))
    );
    assert!(!notes(&doc, "per-request").is_empty());
    assert_eq!(notes(&doc, "measured").len(), 3); // --per-month, --input, --output
}

#[test]
fn logs_on_standard_input_are_read_once_when_a_model_retires() {
    // A retiring model makes breakeven search for alternatives; that search
    // reuses the measurement rather than reading standard input again
    // (which would find it empty). Shipped sheets: gpt-4.1-mini retires.
    let r = json!({"model": "gpt-4.1-mini", "created": 1_793_491_200, "usage": {"prompt_tokens": 2000, "completion_tokens": 100}});
    let out = ftvp()
        .args([
            "breakeven",
            "--usage",
            "-",
            "--base",
            "openai/gpt-4.1-mini",
            "--base-prompt",
            "1500",
        ])
        .args([
            "--tuned",
            "openai/gpt-4.1-mini",
            "--tuned-prompt",
            "0",
            "--training-cost",
            "100",
        ])
        .args(["--setup-cost", "0", "--months", "12", "--format", "json"])
        .write_stdin(lines(&[r.clone(), r.clone(), r]))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["base"]["input_tokens"], 500); // 2,000 − 1,500
    assert!(!notes(&doc, "migration").is_empty(), "{}", doc["notes"]);
}

/// The records serde_json reads from `line`, or `None` where it refuses it.
fn serde_records(line: &[u8]) -> Option<Recorded> {
    let r = serde_json::from_slice::<ftvp::usage::formats::Response>(line).ok()?;
    let mut slow = Recorded::default();
    r.read(&mut slow);
    Some(slow)
}

/// The records the direct reading gives, or `None` where it leaves the line.
fn direct_records(line: &[u8]) -> Option<Recorded> {
    let mut fast = Recorded::default();
    ftvp::usage::formats::direct::read(line, &mut fast).then_some(fast)
}

/// Log lines without escapes, as JSON encoders write them.
const PLAIN_LINES: [&str; 9] = [
    r#"{"id":"x","object":"chat.completion","created":1793491200,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"a usage: {} here","tool_calls":[]},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15,"prompt_tokens_details":{"cached_tokens":4,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":2}},"temperature":1.5e-3,"seed":-12,"stream":false,"meta":{}}"#,
    r#"{"timestamp":"2026-11-03T10:00:00Z","response":{"type":"message","model":"c","content":[{"type":"text","text":"hi"}],"usage":{"input_tokens":5,"cache_read_input_tokens":20,"cache_creation_input_tokens":1,"output_tokens":3}}}"#,
    r#"{"custom_id":"a","response":{"status_code":200,"body":{"created":1793491200,"model":"m","usage":{"prompt_tokens":1,"completion_tokens":1}}},"error":null}"#,
    r#"{"object":"response","created_at":1793491200,"model":"m","usage":{"input_tokens":10,"input_tokens_details":null,"output_tokens":5,"output_tokens_details":{"reasoning_tokens":1}}}"#,
    r#" { "model" : "modèle" , "created" : 1793491200 , "usage" : { "prompt_tokens" : 7 , "completion_tokens" : 0 } } "#,
    r#"{"model":"m","created":"1793491200","usage":null}"#,
    r#"{"model":null,"created":1793491200,"usage":{"prompt_tokens":1,"completion_tokens":1}}"#,
    r#"{"model":"m","timestamp":null,"created":1793491200,"usage":{"prompt_tokens":null,"input_tokens":3,"output_tokens":4,"prompt_tokens_details":null}}"#,
    r#"{"model":"m","created":0,"usage":{"prompt_tokens":18446744073709551615,"completion_tokens":1},"response":null,"body":null}"#,
];

#[test]
fn the_direct_reading_gives_serde_jsons_records_for_plain_lines() {
    for line in PLAIN_LINES {
        let slow = serde_records(line.as_bytes()).expect(line);
        assert_eq!(
            direct_records(line.as_bytes()).as_ref(),
            Some(&slow),
            "{line}"
        );
        // A CRLF file's lines end in a CR, outside the value.
        assert_eq!(
            direct_records(format!("{line}\r").as_bytes()),
            Some(slow),
            "{line}"
        );
    }
    // Invalid UTF-8 in a text serde_json skips is not checked by it either.
    let line = b"{\"model\":\"m\",\"created\":1,\"note\":\"\xff\",\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1}}";
    assert_eq!(direct_records(line), Some(serde_records(line).unwrap()));
}

#[test]
fn the_direct_reading_leaves_what_it_does_not_follow_to_the_tape() {
    let deep = format!(
        r#"{{"model":"m","x":{}1{},"usage":{{"prompt_tokens":1,"completion_tokens":1}}}}"#,
        "[".repeat(70),
        "]".repeat(70)
    );
    let left: [&[u8]; 10] = [
        br#"{"model":"m\u00e8","created":1,"usage":{"prompt_tokens":1,"completion_tokens":1}}"#, // an escape
        b"{\"model\":\"m\",\t\"created\":1,\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1}}", // a tab between values
        br#"{"model":"m","created":1,"usage":{"prompt_tokens":1.0,"completion_tokens":1}}"#, // a float count
        br#"{"model":"m","created":1,"usage":{"prompt_tokens":"12","completion_tokens":1}}"#, // a text count
        br#"{"model":"m","created":1,"usage":{"prompt_tokens":-1,"completion_tokens":1}}"#, // a negative count
        br#"{"model":"m","created":1.5,"usage":{"prompt_tokens":1,"completion_tokens":1}}"#, // a float time
        br#"{"model":"m","created":1,"usage":{"prompt_tokens":1,"completion_tokens":1,"prompt_tokens":2}}"#, // a key twice
        br#"{"model":"m","created":1,"usage":{"prompt_tokens":18446744073709551616,"completion_tokens":1}}"#, // past u64
        b"{\"\xff\":1,\"model\":\"m\",\"created\":1,\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1}}", // a key not UTF-8
        deep.as_bytes(),
    ];
    for line in left {
        assert_eq!(
            direct_records(line),
            None,
            "{}",
            String::from_utf8_lossy(line)
        );
    }
    // What serde_json refuses, the direct reading never reads.
    let refused: [&[u8]; 14] = [
        br#"{"model":"m","created":1} x"#,
        br#"{"model":"m","created":01}"#,
        br#"{"model":"m","x":[1,]}"#,
        br#"{"model":"m","x":{,}}"#,
        br#"{"model" "m"}"#,
        br#"{"model":"m","x":tru}"#,
        b"{\"model\":\"m\x01\"}",
        br#"{"model":"m","x":1.}"#,
        br#"{"model":"m","x":1e}"#,
        br#"{"model":"m","x":-}"#,
        br#"{"model":"m","x":.5}"#,
        br#"{"model":"m","x":+1}"#,
        br#"{"model":"m","created":1"#,
        br#"{"model":"m",}"#,
    ];
    for line in refused {
        let shown = String::from_utf8_lossy(line);
        assert!(serde_records(line).is_none(), "serde_json reads {shown}");
        assert_eq!(direct_records(line), None, "{shown}");
    }
}

/// The JSON tokens of a plain line (texts hold no escapes), blanks included.
fn tokens(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        let len = match c {
            '"' => rest[1..].find('"').map_or(rest.len(), |i| i + 2),
            '-' | '0'..='9' => rest
                .find(|c: char| !matches!(c, '-' | '+' | '.' | 'e' | 'E' | '0'..='9'))
                .unwrap_or(rest.len()),
            'a'..='z' => rest
                .find(|c: char| !c.is_ascii_lowercase())
                .unwrap_or(rest.len()),
            _ => c.len_utf8(),
        };
        out.push(rest[..len].to_string());
        rest = &rest[len..];
    }
    out
}

/// Tokens that make lines valid, invalid, or left to the tape.
const EDIT_TOKENS: [&str; 36] = [
    "{",
    "}",
    "[",
    "]",
    ":",
    ",",
    "\"model\"",
    "\"usage\"",
    "\"created\"",
    "\"prompt_tokens\"",
    "\"completion_tokens\"",
    "\"cached_tokens\"",
    "\"prompt_tokens_details\"",
    "\"response\"",
    "\"body\"",
    "\"m\"",
    "0",
    "01",
    "1.",
    "1.5",
    "-1",
    "-0",
    "1e",
    "1e5",
    ".5",
    "+1",
    "-",
    "true",
    "tru",
    "null",
    " ",
    "\t",
    "\u{1}",
    "\\",
    "\"\u{ff}\"",
    "18446744073709551616",
];

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(20_000))]

    /// Lines damaged token by token: whatever the direct reading reads,
    /// serde_json reads the same way.
    #[test]
    fn a_damaged_line_the_direct_reading_reads_is_read_so_by_serde_json(
        seed in 0..PLAIN_LINES.len(),
        edits in proptest::collection::vec((0usize..200, 0usize..5, 0..EDIT_TOKENS.len(), 0usize..40), 1..3),
    ) {
        let mut line: Vec<Vec<u8>> = tokens(PLAIN_LINES[seed]).into_iter().map(String::into_bytes).collect();
        for (at, how, token, inside) in edits {
            let at = at % line.len();
            let token = EDIT_TOKENS[token].as_bytes().to_vec();
            match how {
                0 => line[at] = token,
                1 => { line.remove(at); }
                2 => { let t = line[at].clone(); line.insert(at, t); }
                3 => line.insert(at, token),
                // Inside a token: a text, a number, a key.
                _ => { let i = inside % (line[at].len() + 1); line[at].splice(i..i, token); }
            }
        }
        let line = line.concat();
        if let Some(fast) = direct_records(&line) {
            proptest::prop_assert_eq!(Some(fast), serde_records(&line), "{}", String::from_utf8_lossy(&line));
        }
    }
}
