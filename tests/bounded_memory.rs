//! Hostile inputs that used to grow memory without bound: each run of the
//! binary is timed and its peak resident memory measured (Linux), and each
//! must end with its exit code and one error line naming the cap.
#![cfg(target_os = "linux")]

mod common;

use std::io::Write;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::fixture;

/// What a run of the binary did.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
    peak_mb: u64,
    took: Duration,
}

/// Runs `ftvp ARGS` to its end and measures its peak resident memory with
/// `wait4`, which reports the child's own high-water mark exactly (unlike
/// polling `/proc`, and unlike `RUSAGE_CHILDREN`, which tests running in
/// parallel would share).
#[allow(clippy::zombie_processes)] // reaped by wait4, which std cannot do
fn run(args: &[&str]) -> Run {
    // One at a time: each run is timed, and runs in parallel would share the cores.
    static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let (out, err) = (dir.path().join("out"), dir.path().join("err"));
    let start = Instant::now();
    // The one clean environment of every test (no user price sheets, a
    // fixed today).
    let child = common::ftvp_std()
        .args(args)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out).unwrap())
        .stderr(std::fs::File::create(&err).unwrap())
        .spawn()
        .unwrap();
    let (status, usage) = wait4(child.id() as libc::pid_t);
    let took = start.elapsed();
    assert!(libc::WIFEXITED(status), "{args:?} did not exit: {status}");
    Run {
        code: libc::WEXITSTATUS(status),
        stdout: std::fs::read_to_string(out).unwrap(),
        stderr: std::fs::read_to_string(err).unwrap(),
        peak_mb: usage.ru_maxrss as u64 / 1024,
        took,
    }
}

fn wait4(pid: libc::pid_t) -> (i32, libc::rusage) {
    let mut status = 0;
    // SAFETY: rusage is plain integers, for which all zeros is valid; wait4
    // writes both out-parameters and `pid` is our own unwaited child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let got = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(got, pid, "wait4: {}", std::io::Error::last_os_error());
    (status, usage)
}

/// Asserts an input error: exit 2, nothing on stdout, one `error:` line
/// holding `needle`, within `seconds` and `mb` of memory.
fn assert_capped(r: &Run, needle: &str, seconds: u64, mb: u64) {
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(r.stderr.starts_with("error: "), "{}", r.stderr);
    assert!(r.stderr.contains(needle), "{}", r.stderr);
    // The bound is for an optimised build; an unoptimised one sharing two
    // cores with the rest of the suite gets four times as long.
    let limit = match cfg!(debug_assertions) {
        true => Duration::from_secs(seconds * 4),
        false => Duration::from_secs(seconds),
    };
    assert!(r.took < limit, "took {:?} (limit {limit:?})", r.took);
    assert!(r.peak_mb < mb, "peak {} MB: {}", r.peak_mb, r.stderr);
}

fn pricing() -> String {
    fixture("pricing").display().to_string()
}

#[test]
fn dev_zero_as_a_training_file_ends_with_an_error_naming_the_cap() {
    let r = run(&["dataset", "/dev/zero"]);
    assert_capped(&r, "/dev/zero", 5, 100);
    assert!(
        r.stderr.contains("256 MiB without a newline"),
        "{}",
        r.stderr
    );
}

#[test]
fn dev_zero_as_prompt_text_ends_with_an_error_naming_the_cap() {
    let r = run(&["tokens", "/dev/zero"]);
    assert_capped(&r, "/dev/zero", 5, 100);
    assert!(r.stderr.contains("64 MiB cap"), "{}", r.stderr);
}

#[test]
fn dev_zero_as_breakeven_inputs_ends_with_an_error_naming_the_cap() {
    let shape = [
        "--volume",
        "1M",
        "--base",
        "acme/big",
        "--tuned",
        "acme/small",
        "--tuned-prompt",
        "500",
        "--input",
        "200",
        "--output",
        "300",
    ];
    let p = pricing();
    let prompt = [&shape[..], &["--base-prompt-file", "/dev/zero"]];
    let prompt = [&["breakeven", "--pricing", &p][..], &prompt.concat()].concat();
    let r = run(&[
        &prompt[..],
        &["--setup-cost", "0", "--training-tokens", "2M"],
    ]
    .concat());
    assert_capped(&r, "64 MiB cap", 5, 100);
    let training = [
        &shape[..],
        &[
            "--base-prompt",
            "3000",
            "--setup-cost",
            "0",
            "--training-file",
            "/dev/zero",
        ],
    ];
    let r = run(&[&["breakeven", "--pricing", &p][..], &training.concat()].concat());
    assert_capped(&r, "256 MiB without a newline", 5, 100);
}

fn write_lines(path: &Path, line: &[u8], count: usize) {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    for _ in 0..count {
        f.write_all(line).unwrap();
    }
    f.flush().unwrap();
}

#[test]
fn a_file_of_broken_lines_keeps_the_first_errors_and_counts_them_all() {
    // Every error was kept: 5 MB of `{` lines took 1 GB.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("braces.jsonl");
    let lines = 2_000_000;
    write_lines(&path, b"{\n", lines);
    let r = run(&["dataset", path.to_str().unwrap(), "--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.peak_mb < 100, "peak {} MB", r.peak_mb);
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(doc["format_error_count"], lines);
    assert_eq!(doc["format_errors_by_type"]["invalid_json"], lines);
    let kept = doc["format_errors"].as_array().unwrap();
    assert_eq!(kept.len(), ftvp::dataset::MAX_ERRORS_KEPT);
    assert_eq!(kept[999]["line"], 1000);
}

#[test]
fn a_line_over_the_cap_is_a_format_error_and_the_next_lines_count() {
    // One 200 MB single-word line took 3 min 21 s and 4.5 GB.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.jsonl");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    let over = ftvp::dataset::MAX_LINE_BYTES as usize + 100;
    f.write_all(br#"{"messages":[{"role":"user","content":""#)
        .unwrap();
    let word = vec![b'a'; 1 << 20];
    for _ in 0..over >> 20 {
        f.write_all(&word).unwrap();
    }
    f.write_all(b"\"}]}\n").unwrap();
    f.write_all(
        br#"{"messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello"}]}"#,
    )
    .unwrap();
    f.write_all(b"\n").unwrap();
    drop(f);
    let r = run(&["dataset", path.to_str().unwrap(), "--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.took < Duration::from_secs(10), "took {:?}", r.took);
    assert!(r.peak_mb < 100, "peak {} MB", r.peak_mb);
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(doc["examples"], 1);
    assert_eq!(doc["format_errors"][0]["line"], 1);
    assert_eq!(doc["format_errors"][0]["type"], "line_too_long");
    let message = doc["format_errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("64 MiB cap"), "{message}");
}
