//! `--summary FILE`: GitHub-flavoured Markdown appended for a job summary,
//! parsed here as GitHub would; it never changes the exit code.

mod common;

use common::{fixture, ftvp};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// The quick start at 50k requests: 50,000 × 0.00728 / 30 = 12.13× → fine-tune.
fn run(summary: &std::path::Path, extra: &[&str]) -> std::process::Output {
    ftvp()
        .args(["breakeven", "--pricing"])
        .arg(fixture("pricing"))
        .args(common::QUICK_START)
        .args(["--volume", "50k"])
        .args(extra)
        .arg("--summary")
        .arg(summary)
        .output()
        .unwrap()
}

/// What the Markdown parses into: headings, table rows and list items, as text.
#[derive(Debug, Default)]
struct Parsed {
    headings: Vec<String>,
    table_rows: Vec<Vec<String>>,
    items: Vec<String>,
    paragraphs: Vec<String>,
}

fn parse(markdown: &str) -> Parsed {
    let mut p = Parsed::default();
    let mut text = String::new();
    let mut row: Vec<String> = Vec::new();
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::TableRow | Tag::TableHead) => row.clear(),
            Event::Start(_) => {}
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::End(TagEnd::TableCell) => row.push(std::mem::take(&mut text)),
            Event::End(TagEnd::TableRow | TagEnd::TableHead) => p.table_rows.push(row.clone()),
            Event::End(TagEnd::Heading(_)) => p.headings.push(std::mem::take(&mut text)),
            Event::End(TagEnd::Item) => p.items.push(std::mem::take(&mut text)),
            Event::End(TagEnd::Paragraph) => p.paragraphs.push(std::mem::take(&mut text)),
            _ => {}
        }
    }
    p
}

#[test]
fn the_summary_is_markdown_with_the_verdict_the_table_and_notes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("summary.md");
    let out = run(&path, &["--examples", "500", "--expect", "fine-tune"]);
    assert_eq!(out.status.code(), Some(0));
    let md = std::fs::read_to_string(&path).unwrap();
    let p = parse(&md);
    assert_eq!(
        p.headings,
        ["ftvp breakeven: fine-tune (acme/small against acme/big)"]
    );
    assert!(p.paragraphs[0].starts_with("verdict: fine-tune — 50,000 requests save 12.13×"));
    // The table: a header and one row per path, the same cells as --format markdown.
    assert_eq!(p.table_rows.len(), 3, "{:?}", p.table_rows);
    assert_eq!(&p.table_rows[0][..3], ["path", "model", "serve"]);
    assert_eq!(&p.table_rows[1][..2], ["prompting", "acme/big"]);
    assert_eq!(&p.table_rows[2][..2], ["fine-tuned", "acme/small"]);
    let column = |name: &str| p.table_rows[0].iter().position(|h| h == name).unwrap();
    assert_eq!(p.table_rows[2][column("verdict")], "fine-tune");
    // Net saving: 50,000 × 0.00728 − T (30) = 364 − 30 = 334.
    assert_eq!(p.table_rows[2][column("net_saving")], "$334.00");
    assert_eq!(
        p.items[0],
        "fine-tuning acme/small pays 3× at 12.4k requests and 10× at 41.3k requests"
    );
    assert!(p.items[1].starts_with("examples-for-style-only: 500 training examples"));
    assert_eq!(
        p.paragraphs.last().unwrap(),
        "Expected verdict fine-tune: met."
    );
}

#[test]
fn the_summary_is_appended_and_a_failed_expectation_keeps_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("summary.md");
    std::fs::write(&path, "# Earlier step\n\n").unwrap();
    assert_eq!(run(&path, &[]).status.code(), Some(0));
    let out = run(&path, &["--expect", "prompt"]);
    assert_eq!(out.status.code(), Some(1));
    let md = std::fs::read_to_string(&path).unwrap();
    assert!(
        md.starts_with("# Earlier step\n\n### ftvp breakeven"),
        "{md}"
    );
    let p = parse(&md);
    assert_eq!(p.headings.len(), 3, "{:?}", p.headings);
    assert_eq!(
        p.paragraphs.last().unwrap(),
        "Expected verdict prompt, got fine-tune: not met (exit code 1)."
    );
}

#[test]
fn an_unwritable_summary_is_a_warning_and_never_changes_the_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    let missing_folder = dir.path().join("no/such/folder/summary.md");
    let cases: Vec<(std::path::PathBuf, &str)> = vec![
        (missing_folder, "cannot append to"),
        (dir.path().to_path_buf(), "is a folder"),
        (
            std::path::PathBuf::new(),
            "the path is empty (is GITHUB_STEP_SUMMARY set?)",
        ),
    ];
    for (path, needle) in cases {
        for (expect, code) in [("fine-tune", 0), ("prompt", 1)] {
            let out = run(&path, &["--expect", expect]);
            assert_eq!(out.status.code(), Some(code), "{path:?}");
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(stderr.contains("warning: --summary: "), "{stderr}");
            assert!(stderr.contains(needle), "{path:?}: {stderr}");
            assert!(stderr.contains("the exit code is unchanged"), "{stderr}");
            assert!(String::from_utf8_lossy(&out.stdout).contains("verdict: fine-tune"));
        }
    }
}

#[cfg(unix)]
#[test]
fn a_fifo_is_written_in_place_and_a_link_is_refused_naming_it() {
    // Design §20.23: FIFOs are written in place (a reader gets the summary),
    // a symbolic link is refused; the summary never changes the exit code.
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo");
    assert!(common::mkfifo(&fifo), "no mkfifo");
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let run = |path: &std::path::Path| {
        ftvp()
            .timeout(std::time::Duration::from_secs(20))
            .args(["breakeven", "--pricing"])
            .arg(fixture("pricing"))
            .args(common::QUICK_START)
            .args(["--volume", "50k", "--summary"])
            .arg(path)
            .output()
            .unwrap()
    };
    let out = run(&fifo);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(reader.join().unwrap().starts_with("### ftvp breakeven"));
    let target = dir.path().join("target.md");
    std::fs::write(&target, "kept\n").unwrap();
    let link = dir.path().join("link.md");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let out = run(&link);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("link.md is a symbolic link"));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "kept\n");
}
