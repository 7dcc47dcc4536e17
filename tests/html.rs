//! The HTML report in a real browser: headless Chromium (Debian's
//! `chromium`, which `.ci/run` installs) with no script and no network reads
//! the file ftvp wrote and prints its DOM, where the verdict,
//! the break-even volume, the net saving and every candidate's total must
//! be `--format json`'s values formatted as the table formats them (design
//! §20.25); printed to PDF it must fit A4 with no table row cut (`pdfinfo`,
//! `pdftotext`). Without Chromium the browser tests fail in CI and are
//! skipped, with a note, elsewhere. Three browser runs in all.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::str::FromStr;
use std::time::{Duration, Instant};

use common::{fixture, ftvp, in_ci, quick_start_with, QUICK_START};
use ftvp::format::{money, requests};
use rust_decimal::Decimal;
use serde_json::Value;

const CHROMIUM: &str = "/usr/bin/chromium";

/// Longest one browser run may take (a cold start on a busy CI machine).
const BROWSER_LIMIT: Duration = Duration::from_secs(120);

/// Chromium, or `None` (with a note) where it is missing outside CI; in CI
/// a missing browser fails the test.
fn chromium() -> Option<&'static str> {
    if Path::new(CHROMIUM).exists() {
        return Some(CHROMIUM);
    }
    assert!(
        !in_ci(),
        "{CHROMIUM} is missing: .ci/run installs Debian's chromium"
    );
    eprintln!(
        "note: {CHROMIUM} is missing; the browser check is skipped (apt-get install chromium)"
    );
    None
}

/// A fresh folder under the target's temporary folder.
fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("html")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs headless Chromium on `page` with nothing fetched in the background
/// and a throw-away profile, plus `mode` (`--dump-dom`, `--print-to-pdf=…`);
/// its standard output. Scripts are off through the page's own policy
/// (`script-src` none): Chromium's `--blink-settings=scriptEnabled=false`
/// makes headless `--dump-dom` and `--print-to-pdf` print nothing at all
/// (they read the page through script), and `--disable-javascript` lets
/// page scripts run in headless mode.
fn browse(browser: &str, page: &Path, mode: &str) -> String {
    let profile = page.with_extension("profile");
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(mode)
        .arg(format!("file://{}", page.display()))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromium starts");
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > BROWSER_LIMIT {
            let _ = child.kill();
            panic!("chromium took more than {BROWSER_LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "chromium failed on {}",
        page.display()
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The text of the element with `id`, up to its first child element.
fn by_id<'a>(dom: &'a str, id: &str) -> &'a str {
    let at = dom
        .find(&format!(" id=\"{id}\""))
        .unwrap_or_else(|| panic!("no element #{id} in the DOM"));
    let open = at + dom[at..].find('>').unwrap() + 1;
    let close = open + dom[open..].find('<').unwrap();
    &dom[open..close]
}

/// A JSON amount as the exact decimal it was printed from.
fn amount(v: &Value) -> Decimal {
    Decimal::from_str(&v.to_string()).unwrap()
}

/// The DOM escapes `&`, `<` and `>` in text.
fn as_dom_text(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Two candidates over a 12-month horizon: the report's JSON on standard
/// output and, from the same run, its HTML through `--html`.
fn json_and_html(dir: &Path) -> (Value, PathBuf) {
    let page = dir.join("report.html");
    let args = quick_start_with(&[
        "--tuned",
        "acme/flat",
        "--per-month",
        "100k",
        "--months",
        "12",
        "--setup-cost",
        "2000",
    ]);
    let out = ftvp()
        .arg("breakeven")
        .arg("--pricing")
        .arg(fixture("pricing"))
        .args(&args)
        .args(["--format", "json", "--html"])
        .arg(&page)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (serde_json::from_slice(&out.stdout).unwrap(), page)
}

#[test]
fn the_browser_shows_the_json_figures_as_the_table_formats_them() {
    let dir = scratch("figures");
    let (json, page) = json_and_html(&dir);
    // A script that would change the verdict, as an injected name might
    // try: the page's policy must keep it from running.
    let html = std::fs::read_to_string(&page).unwrap();
    let hijack =
        r#"<script>document.getElementById("verdict-word").textContent="hijacked"</script>"#;
    std::fs::write(&page, html.replace("</main>", &format!("{hijack}</main>"))).unwrap();
    let Some(browser) = chromium() else { return };
    let dom = browse(browser, &page, "--dump-dom");
    let cur = json["currency"].as_str().unwrap();
    let best = &json["candidates"][0];
    // The verdict as written: the script did not run.
    assert_eq!(
        by_id(&dom, "verdict-word"),
        json["verdict"].as_str().unwrap()
    );
    assert!(dom.contains("Content-Security-Policy"));
    let n = best["break_even_requests"].as_u64().unwrap();
    assert_eq!(by_id(&dom, "break-even"), requests(n));
    assert_eq!(
        by_id(&dom, "net-saving"),
        money(amount(&best["net_saving"]), cur)
    );
    for c in json["candidates"].as_array().unwrap() {
        let name = as_dom_text(c["candidate"].as_str().unwrap());
        let total = money(amount(&c["total_cost"]), cur);
        let net = money(amount(&c["net_saving"]), cur);
        let row = format!("<th scope=\"row\">{name}</th><td>{total}</td><td>{net}</td>");
        assert!(dom.contains(&row), "no row {row} in the DOM");
    }
    // Nothing to fetch: no source or link attribute anywhere.
    assert!(!dom.contains(" src=") && !dom.contains(" href="));
}

#[test]
fn hostile_names_render_as_text() {
    let dir = scratch("hostile");
    let sheets = dir.join("sheets <script>&\"\u{1b}[31m");
    std::fs::create_dir_all(&sheets).unwrap();
    std::fs::write(sheets.join("evil <b>&\".toml"), HOSTILE_SHEET).unwrap();
    let out = ftvp()
        .arg("breakeven")
        .arg("--pricing")
        .arg(&sheets)
        .args([
            "--base",
            "evil/<script>alert(\"x&y\")</script>",
            "--base-prompt",
            "3000",
        ])
        .args(["--tuned", "evil/t<i>&\"uned", "--tuned-prompt", "500"])
        .args([
            "--input",
            "200",
            "--output",
            "300",
            "--training-tokens",
            "2M",
        ])
        .args(["--setup-cost", "0", "--volume", "1M", "--format", "html"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = String::from_utf8(out.stdout).unwrap();
    // No element came from a name, and no control character reached the file.
    assert!(
        !html.to_lowercase().contains("<script") && !html.contains("<i>") && !html.contains("<b>")
    );
    assert!(!html.contains('\u{1b}'));
    let model = "evil/&lt;script&gt;alert(&quot;x&amp;y&quot;)&lt;/script&gt;";
    assert!(html.contains(&format!("<li><code>price-flags</code> {model}'s prices")));
    assert!(
        html.contains("sheets &lt;script&gt;&amp;&quot;\\u{1b}[31m/evil &lt;b&gt;&amp;&quot;.toml")
    );
    let page = dir.join("hostile.html");
    std::fs::write(&page, &html).unwrap();
    let Some(browser) = chromium() else { return };
    let dom = browse(browser, &page, "--dump-dom");
    assert!(!dom.to_lowercase().contains("<script") && !dom.contains("<i>"));
    assert!(
        dom.contains("<th scope=\"row\">evil/&lt;script&gt;alert(\"x&amp;y\")&lt;/script&gt;</th>")
    );
    assert!(dom.contains("evil/t&lt;i&gt;&amp;\"uned"));
}

/// A sheet whose names carry markup, quotes and ampersands; flagged
/// unverified so that a note names the model.
const HOSTILE_SHEET: &str = r#"provider = "evil"
currency = "USD"
as_of = 2026-11-01
source = "https://example.com/?a=1&b=<i>"

[models."<script>alert(\"x&y\")</script>"]
input = 2.00
output = 8.00
verified = false
source = "https://example.com/third-party?x=\"&<i>"

[models."t<i>&\"uned"]
input = 0.40
output = 1.60

[models."t<i>&\"uned".fine_tuning]
training = 5.00
input = 0.80
output = 3.20
"#;

/// Five candidates over 24 months: the widest comparison and the longest
/// ledgers the print must hold.
fn wide_report(dir: &Path) -> (String, PathBuf) {
    let page = dir.join("wide.html");
    let mut args = quick_start_with(&["--per-month", "50k", "--months", "24", "--growth", "3"]);
    for t in ["acme/flat", "acme/hosted", "acme/cached", "acme/twin"] {
        args.extend(["--tuned", t]);
    }
    let out = ftvp()
        .arg("breakeven")
        .arg("--pricing")
        .arg(fixture("pricing"))
        .args(&args)
        .args(["--format", "html"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = String::from_utf8(out.stdout).unwrap();
    std::fs::write(&page, &html).unwrap();
    (html, page)
}

/// Every table row's cells, as text with entities decoded.
fn rows(html: &str) -> Vec<Vec<String>> {
    let decode = |s: &str| {
        s.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&amp;", "&")
    };
    let strip = |s: &str| {
        let mut out = String::new();
        let mut inside = false;
        for ch in s.chars() {
            match ch {
                '<' => inside = true,
                '>' => inside = false,
                c if !inside => out.push(c),
                _ => {}
            }
        }
        decode(&out)
    };
    let cells = |mut tr: &str| {
        let mut out = Vec::new();
        while let Some(open) = tr.find("<th").or(tr.find("<td")).map(|_| first_cell(tr)) {
            let inner = &tr[open..];
            let start = inner.find('>').unwrap() + 1;
            let end = inner.find("</t").unwrap();
            out.push(strip(&inner[start..end]));
            tr = &inner[end + 3..];
        }
        out
    };
    html.split("<tr>")
        .skip(1)
        .map(|tr| cells(&tr[..tr.find("</tr>").unwrap()]))
        .collect()
}

/// Where the first `<th` or `<td` of `tr` starts.
fn first_cell(tr: &str) -> usize {
    [tr.find("<th"), tr.find("<td")]
        .into_iter()
        .flatten()
        .min()
        .unwrap()
}

/// Whether `words` appear in `line` in this order.
fn in_order(line: &str, words: &[&str]) -> bool {
    let mut rest = line;
    for w in words {
        match rest.find(w) {
            Some(at) => rest = &rest[at + w.len()..],
            None => return false,
        }
    }
    true
}

#[test]
fn the_report_prints_on_a4_with_every_table_row_whole() {
    let dir = scratch("print");
    let (html, page) = wide_report(&dir);
    let Some(browser) = chromium() else { return };
    let pdf = dir.join("wide.pdf");
    browse(browser, &page, &format!("--print-to-pdf={}", pdf.display()));
    let info = poppler(&["pdfinfo"], &pdf);
    assert!(info.contains("(A4)"), "not A4: {info}");
    let pages: u32 = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .map(|n| n.trim().parse().unwrap())
        .unwrap();
    // 7 pages with Debian's fonts; a layout that fell apart would take more.
    assert!((5..=9).contains(&pages), "{pages} pages");
    // As laid out on the page: cells are top-aligned, so a whole row shows
    // the first word of each of its cells on one line, in order; a row cut
    // at the page's edge or between pages does not.
    let text = poppler(&["pdftotext", "-layout"], &pdf);
    let all = rows(&html);
    assert!(all.len() > 5 * 24, "{} rows", all.len());
    for row in &all {
        let firsts: Vec<&str> = row
            .iter()
            .filter_map(|c| c.split_whitespace().next())
            .collect();
        assert!(
            text.lines().any(|l| in_order(l, &firsts)),
            "the row {row:?} is not whole in the PDF"
        );
    }
}

/// `TOOL… FILE` (with `-` for pdftotext's output): its output.
fn poppler(tool: &[&str], pdf: &Path) -> String {
    let mut cmd = Command::new(tool[0]);
    cmd.args(&tool[1..]).arg(pdf);
    if tool[0] == "pdftotext" {
        cmd.arg("-");
    }
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("{} (poppler-utils): {e}", tool[0]));
    assert!(out.status.success(), "{} failed", tool[0]);
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn only_breakeven_and_sweep_write_html() {
    for cmd in [
        &["prices", "--format", "html"][..],
        &["tokens", "--format", "html", "Cargo.toml"],
    ] {
        let out = ftvp().args(cmd).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains("html"));
    }
}

/// `ftvp breakeven` on the fixture sheets at 5M requests with `extra`.
fn breakeven_with(extra: &[&str]) -> std::process::Output {
    let mut args = quick_start_with(&["--volume", "5M"]);
    args.extend_from_slice(extra);
    ftvp()
        .arg("breakeven")
        .arg("--pricing")
        .arg(fixture("pricing"))
        .args(&args)
        .output()
        .unwrap()
}

#[test]
fn html_file_beside_the_table_even_when_the_expectation_fails() {
    let dir = scratch("beside");
    let file = dir.join("r.html");
    let out = breakeven_with(&["--expect", "prompt", "--html", file.to_str().unwrap()]);
    // The verdict is fine-tune: exit 1, the table on standard output, the
    // report in the file.
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("verdict: fine-tune"));
    let html = std::fs::read_to_string(&file).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.ends_with("</html>\n"));
    assert!(html.contains(r#"<dd id="break-even">4,121 requests</dd>"#));
    // The command line, quoted, and where the date came from.
    assert!(html.contains("--expect prompt --html "));
    assert!(html.contains(r#"<dd id="today">2026-11-23 (FTVP_TODAY)</dd>"#));
    // The same run again writes the same bytes.
    breakeven_with(&["--expect", "prompt", "--html", file.to_str().unwrap()]);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), html);
}

#[cfg(unix)]
#[test]
fn an_html_path_follows_the_policy_of_every_written_file() {
    use std::os::unix::fs::{FileTypeExt, PermissionsExt};
    let dir = scratch("policy");
    // A link is refused, naming it, before any work; its target is kept.
    let file = dir.join("r.html");
    std::fs::write(&file, "old").unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).unwrap();
    let link = dir.join("link.html");
    std::os::unix::fs::symlink(&file, &link).unwrap();
    let out = breakeven_with(&["--html", link.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("error: --html ") && err.contains("link.html is a symbolic link"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "old");
    // A missing folder is refused before any work.
    let out = breakeven_with(&["--html", dir.join("no/such/r.html").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    // A regular file is replaced whole, keeping its mode.
    assert!(breakeven_with(&["--html", file.to_str().unwrap()])
        .status
        .success());
    assert!(std::fs::read_to_string(&file)
        .unwrap()
        .starts_with("<!DOCTYPE html>"));
    assert_eq!(
        std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
        0o640
    );
    // A FIFO is written in place, never replaced.
    let fifo = dir.join("fifo.html");
    if !common::mkfifo(&fifo) {
        return;
    }
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    assert!(breakeven_with(&["--html", fifo.to_str().unwrap()])
        .status
        .success());
    assert!(reader.join().unwrap().ends_with("</html>\n"));
    assert!(std::fs::symlink_metadata(&fifo)
        .unwrap()
        .file_type()
        .is_fifo());
}

#[test]
fn sweep_writes_its_report_too() {
    let dir = scratch("sweep");
    let file = dir.join("s.html");
    let mut args = QUICK_START.to_vec();
    args.extend([
        "--from",
        "1k",
        "--to",
        "100k",
        "--points",
        "3",
        "--html",
        file.to_str().unwrap(),
    ]);
    let stdout = common::output_of("sweep", &args, "html");
    let html = std::fs::read_to_string(&file).unwrap();
    // The break-even and every row as the sweep's table prints them.
    assert!(html.contains("break-even at 4,121 requests"));
    for row in ["1,000", "4,121", "10,000", "100,000"] {
        assert!(
            html.contains(&format!("<th scope=\"row\">{row}</th>")),
            "{row}"
        );
    }
    // One run: the file and standard output are the same report.
    assert_eq!(stdout, html);
}

#[test]
fn what_would_change_and_quality_are_sections_when_asked() {
    let dir = scratch("change");
    let file = dir.join("c.html");
    let quality = [
        "--base-success",
        "0.95",
        "--tuned-success",
        "0.93",
        "--failure-cost",
        "0.05",
    ];
    let mut args = quick_start_with(&["--volume", "5M", "--sensitivity"]);
    args.extend(quality);
    args.extend(["--html", file.to_str().unwrap()]);
    let json: Value = serde_json::from_str(&common::output_of("breakeven", &args, "json")).unwrap();
    let html = std::fs::read_to_string(&file).unwrap();
    let flips = json["sensitivity"].as_array().unwrap();
    assert!(!flips.is_empty());
    for f in flips {
        // As the table writes a value: a whole count with separators
        // (5,000,000), any other number as its decimal text.
        let v = amount(&f["current"]);
        let current = match v.fract().is_zero() {
            true => {
                ftvp::format::count(u64::try_from(v.mantissa()).unwrap() / 10u64.pow(v.scale()))
            }
            false => ftvp::format::decimal_text(v),
        };
        let input = f["input"].as_str().unwrap();
        let name = match f["candidate"].as_str() {
            Some(c) => format!("{input} ({c})"),
            None => input.to_string(),
        };
        let row = format!("<th scope=\"row\">{name}</th><td>{current}</td>");
        assert!(html.contains(&row), "no row {row}");
    }
    // The quality table as the terminal prints it, P′ as money.
    let c = &json["candidates"][0];
    let effective = money(
        amount(&c["effective_cost_per_request"]),
        json["currency"].as_str().unwrap(),
    );
    let row = format!(
        "<th scope=\"row\">fine-tuned</th><td>acme/small</td><td>0.93</td><td>{effective}</td>"
    );
    assert!(html.contains(&row), "no row {row}");
    assert!(html.contains("<section id=\"quality\"><h2>Quality</h2>"));
    assert!(html.contains("<h2>What would change the answer</h2>"));
    // Without them, neither section.
    let plain = common::output_of("breakeven", &quick_start_with(&["--volume", "5M"]), "html");
    assert!(!plain.contains("What would change") && !plain.contains("<h2>Quality</h2>"));
}

#[test]
fn the_tornado_is_a_chart_whose_text_lists_every_bar() {
    let args = quick_start_with(&["--volume", "1M..5M..10M", "--setup-cost", "0..50..100"]);
    let json: Value = serde_json::from_str(&common::output_of("breakeven", &args, "json")).unwrap();
    let html = common::output_of("breakeven", &args, "html");
    let cur = json["currency"].as_str().unwrap();
    let bars = json["tornado"].as_array().unwrap();
    assert_eq!(bars.len(), 2);
    let desc_at = html
        .find("<desc id=\"tornado-desc\">")
        .expect("a tornado chart");
    let desc = &html[desc_at..desc_at + html[desc_at..].find("</desc>").unwrap()];
    for b in bars {
        let words = format!(
            "{}: at the low end {} ({}), at the high end {} ({})",
            b["input"].as_str().unwrap(),
            money(amount(&b["net_saving_low"]), cur),
            b["verdict_low"].as_str().unwrap(),
            money(amount(&b["net_saving_high"]), cur),
            b["verdict_high"].as_str().unwrap()
        );
        assert!(desc.contains(&words), "{words} not in {desc}");
    }
    assert_eq!(html.matches("<rect class=\"s1\"").count(), 2);
}
