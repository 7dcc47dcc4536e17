//! Markdown and CSV exports, shell completions and the man page.

mod common;

use common::{ftvp, output_of, quick_start_with};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde_json::Value;

const QUICK_START: &[&str] = &[
    "--base",
    "acme/big",
    "--base-prompt",
    "3000",
    "--tuned",
    "acme/small",
    "--tuned",
    "acme/flat",
    "--tuned-prompt",
    "500",
    "--input",
    "200",
    "--output",
    "300",
    "--training-tokens",
    "2M",
    "--setup-cost",
    "0",
    "--volume",
    "5M",
];

fn run(cmd: &str, args: &[&str], format: &str) -> String {
    output_of(cmd, args, format)
}

/// The tables a CommonMark + GFM parser finds: rows of cell texts, header first.
fn markdown_tables(text: &str) -> Vec<Vec<Vec<String>>> {
    let mut tables = Vec::new();
    let (mut table, mut row, mut cell) = (Vec::new(), Vec::new(), String::new());
    for event in Parser::new_ext(text, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Table(_)) => table = Vec::new(),
            Event::Start(Tag::TableRow) | Event::Start(Tag::TableHead) => row = Vec::new(),
            Event::Start(Tag::TableCell) => cell = String::new(),
            Event::Text(t) | Event::Code(t) => cell.push_str(&t),
            Event::End(TagEnd::TableCell) => row.push(std::mem::take(&mut cell)),
            Event::End(TagEnd::TableRow) | Event::End(TagEnd::TableHead) => {
                table.push(std::mem::take(&mut row))
            }
            Event::End(TagEnd::Table) => tables.push(std::mem::take(&mut table)),
            _ => {}
        }
    }
    tables
}

fn csv_rows(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

fn sweep_args() -> Vec<&'static str> {
    quick_start_with(&["--points", "9"])
}

fn num(cell: &str) -> f64 {
    cell.parse()
        .unwrap_or_else(|_| panic!("`{cell}` is not a plain number"))
}

#[test]
fn breakeven_markdown_renders_as_a_table_with_one_row_per_path() {
    let md = run("breakeven", QUICK_START, "markdown");
    let tables = markdown_tables(&md);
    assert_eq!(tables.len(), 1, "{md}");
    let t = &tables[0];
    assert_eq!(t.len(), 1 + 3, "header + prompting + two candidates:\n{md}");
    assert_eq!(t[0][0], "path");
    assert_eq!(t[1][1], "acme/big");
    assert!(t.iter().all(|row| row.len() == t[0].len()));
    assert!(md.contains("$44,000.00"));
    assert!(md.contains("**verdict: fine-tune"));
}

#[test]
fn breakeven_csv_parses_back_to_the_json_numbers() {
    let json: Value = serde_json::from_str(&run("breakeven", QUICK_START, "json")).unwrap();
    let (header, rows) = csv_rows(&run("breakeven", QUICK_START, "csv"));
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0][col("model")], "acme/big");
    assert_eq!(
        num(&rows[0][col("cost_per_request")]),
        json["base"]["cost_per_request"].as_f64().unwrap()
    );
    assert_eq!(
        num(&rows[0][col("total_cost")]),
        json["base"]["total_cost"].as_f64().unwrap()
    );
    for (row, c) in rows[1..].iter().zip(json["candidates"].as_array().unwrap()) {
        assert_eq!(row[col("model")], c["model"].as_str().unwrap());
        for field in [
            "cost_per_request",
            "savings_per_request",
            "fixed_cost",
            "total_cost",
            "volume_multiple",
        ] {
            assert_eq!(num(&row[col(field)]), c[field].as_f64().unwrap(), "{field}");
        }
        for field in [
            "break_even_requests",
            "volume_for_depends",
            "volume_for_fine_tune",
        ] {
            assert_eq!(
                num(&row[col(field)]) as u64,
                c[field].as_u64().unwrap(),
                "{field}"
            );
        }
        assert_eq!(row[col("verdict")], c["verdict"].as_str().unwrap());
        assert_eq!(row[col("payback_month")], "", "null is an empty cell");
    }
}

#[test]
fn sweep_csv_and_markdown_carry_the_json_rows() {
    let json: Value = serde_json::from_str(&run("sweep", &sweep_args(), "json")).unwrap();
    let rows_json = json["rows"].as_array().unwrap();
    let (header, rows) = csv_rows(&run("sweep", &sweep_args(), "csv"));
    assert_eq!(
        header,
        [
            "volume",
            "base_total",
            "total:acme/small",
            "verdict:acme/small",
            "volume_multiple",
            "verdict",
            "marker",
            "best"
        ]
    );
    assert_eq!(rows.len(), rows_json.len());
    for (row, j) in rows.iter().zip(rows_json) {
        assert_eq!(num(&row[0]) as u64, j["volume"].as_u64().unwrap());
        assert_eq!(num(&row[1]), j["base_total"].as_f64().unwrap());
        assert_eq!(num(&row[2]), j["totals"]["acme/small"].as_f64().unwrap());
        assert_eq!(row[3], j["verdicts"]["acme/small"].as_str().unwrap());
        assert_eq!(row[6], j["marker"].as_str().unwrap_or(""));
        assert_eq!(row[7], j["best"].as_str().unwrap());
    }
    let md = run("sweep", &sweep_args(), "markdown");
    let tables = markdown_tables(&md);
    assert_eq!(tables.len(), 1);
    assert_eq!(tables[0].len(), 1 + rows_json.len());
}

#[test]
fn prices_csv_and_markdown_have_one_row_per_model() {
    let json: Value =
        serde_json::from_str(&run("prices", &["--provider", "acme"], "json")).unwrap();
    let models = json["models"].as_array().unwrap();
    let (header, rows) = csv_rows(&run("prices", &["--provider", "acme"], "csv"));
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(rows.len(), models.len());
    for (row, m) in rows.iter().zip(models) {
        assert_eq!(row[col("model")], m["id"].as_str().unwrap());
        assert_eq!(num(&row[col("input")]), m["input"].as_f64().unwrap());
        assert_eq!(num(&row[col("output")]), m["output"].as_f64().unwrap());
        match m["fine_tuning"]["training"].as_f64() {
            Some(t) => assert_eq!(num(&row[col("ft_training")]), t),
            None => assert_eq!(row[col("ft_training")], ""),
        }
    }
    let md = run("prices", &["--provider", "acme"], "markdown");
    assert_eq!(markdown_tables(&md)[0].len(), 1 + models.len());
}

#[test]
fn a_pipe_in_a_model_name_cannot_break_the_markdown_table() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("pipe.toml"),
        "provider = \"p\"\ncurrency = \"USD\"\nas_of = 2026-11-01\nsource = \"s\"\n[models.\"a|b\"]\ninput = 1.0\noutput = 1.0\n",
    )
    .unwrap();
    let out = ftvp()
        .args([
            "prices",
            "--provider",
            "p",
            "--format",
            "markdown",
            "--pricing",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(md.contains("p/a\\|b"), "{md}");
    let t = &markdown_tables(&md)[0];
    assert_eq!(t[1][0], "p/a|b");
    assert_eq!(t[1].len(), t[0].len());
}

#[test]
fn completions_generate_for_every_shell() {
    for (shell, needle) in [
        ("bash", "_ftvp()"),
        ("zsh", "#compdef ftvp"),
        ("fish", "complete -c ftvp"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "edit:completion:arg-completer[ftvp]"),
    ] {
        let out = ftvp().args(["completions", shell]).output().unwrap();
        assert!(out.status.success(), "{shell}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains(needle), "{shell}: `{needle}` missing");
        assert!(
            text.contains("breakeven") && text.contains("sweep"),
            "{shell}"
        );
        assert!(text.contains("cache-hit-rate"), "{shell} completes flags");
    }
    assert_eq!(
        ftvp()
            .args(["completions", "tcsh"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn the_man_page_is_generated_from_the_same_definition() {
    let out = ftvp().arg("man").output().unwrap();
    assert!(out.status.success());
    let roff = String::from_utf8(out.stdout).unwrap();
    assert!(roff.starts_with(".ie \\n(.g .ds Aq"), "{}", &roff[..80]);
    assert!(roff.contains(".TH ftvp 1"));
    for needle in ["breakeven", "sweep", "prices", "completions", "Exit codes"] {
        assert!(
            roff.contains(needle),
            "`{needle}` missing from the man page"
        );
    }
}

#[test]
fn man_dir_writes_one_page_per_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("man1");
    let out = ftvp().args(["man", "--dir"]).arg(&pages).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let listed = String::from_utf8(out.stdout).unwrap();
    for (page, title, needle) in [
        ("ftvp.1", ".TH ftvp 1", "breakeven"),
        (
            "ftvp-breakeven.1",
            ".TH ftvp-breakeven 1",
            "tuned\\-reasoning",
        ),
        ("ftvp-sweep.1", ".TH ftvp-sweep 1", "\\-\\-points"),
        ("ftvp-prices.1", ".TH ftvp-prices 1", "\\-\\-fine\\-tunable"),
        (
            "ftvp-prices-check.1",
            ".TH ftvp-prices-check 1",
            "\\-\\-within",
        ),
        ("ftvp-tokens.1", ".TH ftvp-tokens 1", "\\-\\-encoding"),
        ("ftvp-dataset.1", ".TH ftvp-dataset 1", "\\-\\-epochs"),
    ] {
        let path = pages.join(page);
        let roff = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{page}: {e}"));
        assert!(roff.contains(title), "{page}: {}", &roff[..200]);
        assert!(roff.contains(needle), "{page} lacks {needle}");
        assert!(listed.contains(&path.display().to_string()), "{listed}");
    }
    // A folder that cannot be made is an input error.
    let file = dir.path().join("file");
    std::fs::write(&file, "").unwrap();
    let out = ftvp()
        .args(["man", "--dir"])
        .arg(file.join("x"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("error: cannot create the folder"));
}
