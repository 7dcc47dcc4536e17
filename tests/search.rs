//! Searching the candidates (design §18, §20.21): the sheet fields `params`,
//! `active_params`, `family` and `successor`; `breakeven --tuned-any` on a
//! test catalogue (totals by hand) and on the shipped one; migration notes
//! and `prices check` naming successors; the `together/…` dead end.

mod common;

use std::collections::BTreeSet;

use common::ftvp;
use ftvp::pricing::Catalog;
use serde_json::Value;

const HEAD: &str = "provider = \"acme\"\ncurrency = \"USD\"\nas_of = 2026-11-27\nsource = \"https://example.com\"\n";

fn load(body: &str) -> Result<Catalog, String> {
    let mut c = Catalog::new();
    c.add_sheet(
        "t.toml",
        &format!("{HEAD}\n[models.\"m\"]\ninput = 1.0\noutput = 2.0\n{body}"),
    )
    .map(|()| c)
    .map_err(|e| e.to_string())
}

fn today() -> assert_cmd::Command {
    let mut cmd = ftvp();
    cmd.env("FTVP_TODAY", "2026-12-07");
    cmd
}

fn json(cmd: &mut assert_cmd::Command) -> Value {
    let out = cmd.args(["--format", "json"]).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The common inputs: 2M requests a month for 12 months, base prompt 1,000,
/// input 200, output 100, no tuned prompt, 10M training tokens, setup $1,000.
const TRAFFIC: [&str; 16] = [
    "--per-month",
    "2M",
    "--months",
    "12",
    "--base-prompt",
    "1000",
    "--input",
    "200",
    "--output",
    "100",
    "--tuned-prompt",
    "0",
    "--training-tokens",
    "10M",
    "--setup-cost",
    "1000",
];

fn fixture_search(top: &str) -> assert_cmd::Command {
    let mut cmd = today();
    cmd.args([
        "breakeven",
        "--pricing",
        "tests/fixtures/search",
        "--base",
        "alpha/big",
        "--tuned-any",
        "--family",
        "fx",
        "--max-params",
        "10B",
        "--serve",
        "both",
        "--gpu",
        "alpha/h100",
        "--replica-rps",
        "10",
        "--top",
        top,
    ])
    .args(TRAFFIC);
    cmd
}

// ------------------------------------------------------------ sheet fields

#[test]
fn sheet_fields_parse_as_counts_names_and_a_sourced_successor() {
    let c = load(
        "params = \"30B\"\nactive_params = \"3B\"\nfamily = \"qwen3\"\n\
         successor = \"m2\"\nsuccessor_source = \"https://example.com/deprecations\"\n",
    )
    .unwrap();
    let m = c.resolve("acme/m").unwrap();
    assert_eq!(m.params(), Some(30_000_000_000));
    assert_eq!(m.active_params(), Some(3_000_000_000));
    assert_eq!(m.family(), Some("qwen3"));
    let s = m.successor().unwrap();
    assert_eq!(s.id("acme"), "acme/m2");
    assert_eq!(s.source, "https://example.com/deprecations");
}

#[test]
fn bad_sheet_fields_are_one_error_naming_file_and_key() {
    for (body, key, says) in [
        ("params = \"eight\"\n", "params", "not a parameter count"),
        ("params = \"0B\"\n", "params", "more than 0"),
        ("active_params = \"3B\"\n", "active_params", "needs params"),
        (
            "params = \"8B\"\nactive_params = \"9B\"\n",
            "active_params",
            "more than params 8B",
        ),
        (
            "successor = \"m2\"\n",
            "successor",
            "needs successor_source",
        ),
        (
            "successor_source = \"https://x\"\n",
            "successor_source",
            "needs successor",
        ),
        ("family = \"two words\"\n", "family", "without spaces"),
    ] {
        let e = load(body).unwrap_err();
        assert!(e.starts_with("t.toml:"), "{e}");
        assert!(
            e.contains(&format!("key `models.\"m\".{key}`")),
            "{body}: {e}"
        );
        assert!(e.contains(says), "{body}: {e}");
        assert_eq!(e.lines().count(), 1, "{e}");
    }
}

#[test]
fn the_shipped_sheets_give_size_family_and_successor_where_published() {
    let c = Catalog::embedded().unwrap();
    let b = |n: u64| Some(n * 1_000_000_000);
    for (id, params, family) in [
        ("tinker/qwen3-8b", b(8), "qwen3"),
        ("fireworks/qwen3-8b", b(8), "qwen3"),
        ("fireworks/llama-v3p1-8b-instruct", b(8), "llama-3.1"),
        ("fireworks/qwen3-14b", b(14), "qwen3"),
        ("prime-intellect/qwen3.5-9b", b(9), "qwen3.5"),
        ("prime-intellect/llama-3.2-1b-instruct", b(1), "llama-3.2"),
        ("together/llama-3.3-70b-instruct-turbo", b(70), "llama-3.3"),
    ] {
        let m = c.resolve(id).unwrap();
        assert_eq!((m.params(), m.family()), (params, Some(family)), "{id}");
    }
    let moe = c.resolve("prime-intellect/qwen3.5-35b-a3b").unwrap();
    assert_eq!((moe.params(), moe.active_params()), (b(35), b(3)));
    // Every open model that can be fine-tuned at an open-weights venue has a size.
    for m in c.filter(None, None) {
        let open_venue =
            ["tinker", "prime-intellect", "together"].contains(&m.sheet.provider.as_str());
        if open_venue && m.prices.fine_tuning.is_some() {
            assert!(m.params().is_some() && m.family().is_some(), "{}", m.id);
        }
    }
    // Closed models publish no size.
    assert_eq!(c.resolve("openai/gpt-4.1-mini").unwrap().params(), None);
    for (id, successor) in [
        ("openai/gpt-4.1-mini", "openai/gpt-6-luna"),
        ("openai/gpt-4o", "openai/gpt-6-luna"),
        ("openai/o4-mini", "openai/gpt-5.6-terra"),
        ("anthropic/claude-sonnet-4-5", "anthropic/claude-sonnet-5-5"),
        ("azure/gpt-4o-mini", "azure/gpt-4.1-mini"),
    ] {
        let m = c.resolve(id).unwrap();
        let s = m
            .successor()
            .unwrap_or_else(|| panic!("{id} has no successor"));
        assert_eq!(s.id(&m.sheet.provider), successor);
        assert!(s.source.starts_with("https://"), "{id}: {}", s.source);
    }
}

// ------------------------------------------------------ --tuned-any, fixtures

#[test]
fn tuned_any_ranks_the_test_catalogue_with_totals_by_hand() {
    let doc = json(&mut fixture_search("10"));
    let s = &doc["search"];
    let ranking = s["ranking"].as_array().unwrap();
    let top: Vec<(&str, f64)> = ranking
        .iter()
        .take(3)
        .map(|r| {
            (
                r["candidate"].as_str().unwrap(),
                r["total"].as_f64().unwrap(),
            )
        })
        .collect();
    // Hand totals (tests/fixtures/search/*.toml): setup 1,000 + training + 24M × P_tuned.
    // beta: 30 + 1,440; alpha: 15 + 2,400; gamma 4B: 6 + 3,600.
    assert_eq!(
        top,
        [
            ("beta/fx-8b", 2470.0),
            ("alpha/fx-8b", 3415.0),
            ("gamma/fx-4b", 4606.0)
        ]
    );
    // Base: 24M × (1,200 × 2 + 100 × 8) / 1M = $76,800; net saving 76,800 − 2,470.
    assert_eq!(ranking[0]["net_saving"].as_f64(), Some(74330.0));
    // Dedicated: 12 × 730 h × $2 + 1,000 + training; gamma 17,520 + 1,006.
    assert_eq!(
        ranking[3]["candidate"],
        "gamma/fx-4b (dedicated alpha/h100)"
    );
    assert_eq!(ranking[3]["total"].as_f64(), Some(18526.0));
    assert_eq!(
        (s["ranked"].as_u64(), s["shown"].as_u64()),
        (Some(6), Some(6))
    );
    assert_eq!(s["excluded_without_params"], 1);
    assert_eq!(s["skipped"]["released after the start"], 2);
    assert_eq!(s["skipped"]["shut down at the start"], 2);
    assert!(s["quality"]
        .as_str()
        .unwrap()
        .contains("which ftvp does not know"));
    // The comparison shows the same candidates in rank order, each with its basis.
    let shown: Vec<&str> = doc["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["candidate"].as_str().unwrap())
        .collect();
    assert_eq!(&shown[..3], ["beta/fx-8b", "alpha/fx-8b", "gamma/fx-4b"]);
    for c in doc["candidates"].as_array().unwrap() {
        assert!(!c["basis"].as_array().unwrap().is_empty(), "{c}");
    }
    assert_eq!(doc["candidates"][0]["total_cost"].as_f64(), Some(2470.0));
}

#[test]
fn tuned_any_shows_the_top_n_and_counts_what_it_left_out_in_the_table() {
    let out = fixture_search("2").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap().replace("\n  ", " ");
    assert!(
        text.contains("6 candidates ranked, the 2 cheapest shown above"),
        "{text}"
    );
    assert!(
        text.contains("Excluded: 1 models whose sheet gives no params"),
        "{text}"
    );
    assert!(
        text.contains("Skipped candidates: 2 released after the start, 2 shut down at the start."),
        "{text}"
    );
    assert!(text.contains("1. beta/fx-8b, 8B: $2,470.00"), "{text}");
    assert!(text.contains("which ftvp does not know"), "{text}");
}

#[test]
fn tuned_any_with_nothing_to_rank_is_one_error_with_the_counts() {
    let out = fixture_search("10")
        .args(["--provider", "nowhere"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("error: --tuned-any found no candidate"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn search_flags_need_tuned_any_and_serve_both_needs_it_too() {
    let out = today()
        .args([
            "breakeven",
            "--base",
            "openai/gpt-4.1",
            "--tuned",
            "openai/gpt-4.1-mini",
        ])
        .args([
            "--serve",
            "both",
            "--volume",
            "1M",
            "--base-prompt",
            "1",
            "--output",
            "1",
        ])
        .args([
            "--tuned-prompt",
            "0",
            "--training-cost",
            "1",
            "--setup-cost",
            "0",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("--serve both is for --tuned-any"), "{err}");
    let out = today()
        .args([
            "breakeven",
            "--family",
            "qwen3",
            "--tuned",
            "openai/gpt-4.1-mini",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

// ------------------------------------------------- --tuned-any, shipped sheets

#[test]
fn the_acceptance_search_ranks_at_least_8_candidates_from_3_venues_with_basis() {
    let mut cmd = today();
    cmd.args([
        "breakeven",
        "--base",
        "openai/gpt-6-luna",
        "--tuned-any",
        "--max-params",
        "10B",
        "--serve",
        "both",
        "--gpu",
        "lambda/h100-80gb",
        "--top",
        "10",
    ])
    .args(TRAFFIC);
    let doc = json(&mut cmd);
    let ranking = doc["search"]["ranking"].as_array().unwrap();
    assert!(ranking.len() >= 8, "{ranking:?}");
    let venues: BTreeSet<&str> = ranking
        .iter()
        .map(|r| r["candidate"].as_str().unwrap().split('/').next().unwrap())
        .collect();
    assert!(venues.len() >= 3, "{venues:?}");
    let serves: BTreeSet<&str> = ranking
        .iter()
        .map(|r| r["serve"].as_str().unwrap())
        .collect();
    assert_eq!(serves.len(), 2, "{serves:?}");
    let candidates = doc["candidates"].as_array().unwrap();
    assert!(candidates.len() >= 8);
    for c in candidates {
        assert!(!c["basis"].as_array().unwrap().is_empty(), "{c}");
    }
    // Closed fine-tunable models publish no size: left out and counted.
    assert!(doc["search"]["excluded_without_params"].as_u64().unwrap() >= 6);
}

// ------------------------------------------------------------- migration

#[test]
fn a_retiring_fine_tune_gets_its_successor_and_three_alternatives() {
    let mut cmd = today();
    cmd.args([
        "breakeven",
        "--base",
        "openai/gpt-4.1-mini",
        "--tuned",
        "openai/gpt-4.1-mini",
    ])
    .args(TRAFFIC);
    let doc = json(&mut cmd);
    let notes = doc["notes"].as_array().unwrap();
    let note = notes
        .iter()
        .find(|n| n["code"] == "migration")
        .unwrap_or_else(|| panic!("{notes:?}"));
    let text = note["message"].as_str().unwrap();
    assert!(
        text.starts_with("openai/gpt-4.1-mini retires on 2027-01-14"),
        "{text}"
    );
    assert!(
        text.contains("names openai/gpt-6-luna as its successor"),
        "{text}"
    );
    let listed = text.split("over the same traffic: ").nth(1).unwrap();
    assert_eq!(listed.matches(" ($").count(), 3, "{text}");
    // Alternatives serve past the horizon: no OpenAI fine-tune is one.
    assert!(!listed.contains("openai/"), "{text}");
}

#[test]
fn prices_check_prints_the_successor() {
    let out = today()
        .args(["prices", "check", "gpt-4.1-mini", "--format", "json"])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let says = doc["findings"].as_array().unwrap().iter().any(|f| {
        f["model"] == "openai/gpt-4.1-mini"
            && f["message"]
                .as_str()
                .unwrap()
                .contains("openai/gpt-6-luna as its successor")
    });
    assert!(says, "{doc}");
}

// ------------------------------------------------------- the together dead end

#[test]
fn together_says_it_has_no_fine_tuning_prices_and_points_at_tuned_any() {
    let out = today()
        .args(["prices", "--provider", "together", "--fine-tunable"])
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("no fine-tuning prices") && err.contains("--tuned-any"),
        "{err}"
    );
    let out = today()
        .args(["breakeven", "--base", "openai/gpt-6-luna"])
        .args([
            "--tuned",
            "together/qwen2.5-7b-instruct-turbo",
            "--volume",
            "1M",
        ])
        .args(["--base-prompt", "1", "--output", "1", "--tuned-prompt", "0"])
        .args(["--training-cost", "1", "--setup-cost", "0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("no fine_tuning prices") && err.contains("--tuned-any"),
        "{err}"
    );
}

// ------------------------------------------------------------------ README

#[test]
fn the_readme_ranking_totals_are_the_ones_ftvp_computes() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let section = readme
        .split("## Which model should we fine-tune?")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .expect("the README section");
    let command = section
        .lines()
        .find_map(|l| l.strip_prefix("$ ftvp "))
        .expect("its command");
    let mut cmd = ftvp();
    cmd.env("FTVP_TODAY", "2026-11-27")
        .args(command.split_whitespace());
    let doc = json(&mut cmd);
    let ranking = doc["search"]["ranking"].as_array().unwrap();
    let total = |id: &str| {
        let row = ranking.iter().find(|r| r["candidate"] == id).unwrap();
        ftvp::format::money(row["total"].to_string().parse().unwrap(), "USD")
    };
    // The by-hand totals the README prints in bold are the computed ones.
    for id in [
        "prime-intellect/llama-3.2-1b-instruct",
        "prime-intellect/llama-3.2-3b-instruct",
        "tinker/qwen3-8b",
    ] {
        let shown = format!("**{}**", total(id));
        assert!(section.contains(&shown), "{id}: {shown} not in the README");
    }
    assert_eq!(
        ranking[0]["candidate"],
        "prime-intellect/llama-3.2-1b-instruct"
    );
    assert_eq!(ranking[0]["total"].as_f64(), Some(2052.72));
}
