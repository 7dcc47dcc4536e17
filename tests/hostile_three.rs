//! Hostile input, round three (issue 28): tokenizer files that make ftvp do
//! unbounded work, flag values past a library's range, imports that write a
//! sheet the loader refuses, outputs through links, quadratic sheets, inputs
//! found automatically that are not regular files, text reaching the
//! terminal raw, messages that show internals, exactness at the edges. Each
//! case runs within a time limit and, for bad input, ends in one `error:`
//! line naming the culprit, exit 2.

mod common;

use std::fs;
use std::path::Path;

use common::{assert_input_error, assert_refused, fixture, ftvp, TIME_LIMIT};

#[test]
fn a_within_beyond_the_calendar_is_refused_at_the_flag_not_a_panic() {
    for days in ["7304485", "2147483647", "99999999999"] {
        assert_input_error(&["prices", "check", "--within", days], "--within");
    }
    // The whole calendar is still a valid window.
    let out = ftvp()
        .args(["prices", "check", "--within", "7304484", "--format", "json"])
        .output()
        .unwrap();
    assert!(matches!(out.status.code(), Some(0 | 1)), "{out:?}");
}

// ------------------------------------------------ 4. one policy for written files

fn path_str(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The quick start on the fixture sheets, with `extra`.
fn quick_start(extra: &[&str]) -> Vec<String> {
    let pricing = fixture("pricing");
    ["breakeven", "--pricing", path_str(&pricing)]
        .iter()
        .copied()
        .chain(common::quick_start_with(extra))
        .map(str::to_string)
        .collect()
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

#[cfg(unix)]
#[test]
fn man_pages_are_never_written_through_a_link_and_reach_a_fifo_reader() {
    let dir = tempfile::tempdir().unwrap();
    let elsewhere = dir.path().join("elsewhere.txt");
    fs::write(&elsewhere, "precious").unwrap();
    let pages = dir.path().join("man");
    fs::create_dir(&pages).unwrap();
    std::os::unix::fs::symlink(&elsewhere, pages.join("ftvp.1")).unwrap();
    assert_input_error(
        &["man", "--dir", path_str(&pages)],
        "ftvp.1 is a symbolic link",
    );
    assert_eq!(fs::read_to_string(&elsewhere).unwrap(), "precious");
    // Every path is checked before any page is written.
    assert_eq!(fs::read_dir(&pages).unwrap().count(), 1);

    // A FIFO is written in place: its reader gets the page; no hang.
    let fifo_dir = dir.path().join("fifo");
    fs::create_dir(&fifo_dir).unwrap();
    let fifo = fifo_dir.join("ftvp.1");
    assert!(common::mkfifo(&fifo), "no mkfifo");
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || fs::read_to_string(fifo).unwrap())
    };
    let out = ftvp()
        .timeout(TIME_LIMIT)
        .args(["man", "--dir", path_str(&fifo_dir)])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(reader.join().unwrap().contains(".TH ftvp"));
    let kind = fs::symlink_metadata(&fifo).unwrap().file_type();
    assert!(std::os::unix::fs::FileTypeExt::is_fifo(&kind));
}

#[cfg(unix)]
#[test]
fn an_svg_path_that_is_a_dangling_or_looping_link_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let dangling = dir.path().join("dangling.svg");
    std::os::unix::fs::symlink(dir.path().join("nowhere.svg"), &dangling).unwrap();
    let looping = dir.path().join("loop.svg");
    std::os::unix::fs::symlink(&looping, &looping).unwrap();
    let other = tempfile::tempdir().unwrap();
    let into = dir.path().join("into.svg");
    std::os::unix::fs::symlink(other.path().join("x.svg"), &into).unwrap();
    for link in [&dangling, &looping, &into] {
        assert_input_error(
            &strs(&quick_start(&["--svg", path_str(link)])),
            "is a symbolic link",
        );
        assert!(fs::symlink_metadata(link).unwrap().file_type().is_symlink());
    }
    assert!(!dir.path().join("nowhere.svg").exists());
    assert!(!other.path().join("x.svg").exists());
}

#[test]
fn an_svg_in_a_missing_folder_names_the_path_given_not_a_temporary_file() {
    let err = assert_input_error(
        &strs(&quick_start(&["--svg", "/nonexistent-ftvp/x.svg"])),
        "--svg /nonexistent-ftvp/x.svg",
    );
    assert!(!err.contains(".ftvp-"), "{err}");
    assert!(err.contains("does not exist"), "{err}");
}

#[test]
fn man_dir_and_import_out_on_a_file_say_it_is_not_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("file");
    fs::write(&file, "x").unwrap();
    let err = assert_input_error(&["man", "--dir", path_str(&file)], "not a folder");
    assert!(!err.contains("os error"), "{err}");
    let litellm = fixture("litellm/excerpt.json");
    let err = assert_input_error(
        &[
            "prices",
            "import",
            "litellm",
            path_str(&litellm),
            "--as-of",
            "2026-11-23",
            "--out",
            path_str(&file),
        ],
        "not a folder",
    );
    assert!(!err.contains("os error"), "{err}");
}

#[cfg(unix)]
#[test]
fn an_import_never_replaces_a_linked_sheet_and_new_sheets_follow_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("pricing");
    fs::create_dir(&out).unwrap();
    let litellm = fixture("litellm/excerpt.json");
    let import = |out: &Path| {
        ftvp()
            .timeout(TIME_LIMIT)
            .args([
                "prices",
                "import",
                "litellm",
                path_str(&litellm),
                "--as-of",
                "2026-11-23",
                "--out",
            ])
            .arg(out)
            .output()
            .unwrap()
    };
    let done = import(&out);
    assert_eq!(done.status.code(), Some(0), "{done:?}");
    let sheet = out.join("litellm-openai.toml");
    // The child has the test's umask: a new sheet gets the mode any new
    // file gets here (0o666 less the umask), not tempfile's 0o600.
    let probe = dir.path().join("probe");
    fs::write(&probe, "").unwrap();
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&sheet), mode(&probe));
    // A sheet replaced by a link to a file elsewhere: refused, both kept.
    let elsewhere = dir.path().join("mine.toml");
    fs::write(&elsewhere, "# mine\n").unwrap();
    fs::remove_file(&sheet).unwrap();
    std::os::unix::fs::symlink(&elsewhere, &sheet).unwrap();
    let refused = import(&out);
    assert_eq!(refused.status.code(), Some(2), "{refused:?}");
    assert!(String::from_utf8_lossy(&refused.stderr).contains("is a symbolic link"));
    assert_eq!(fs::read_to_string(&elsewhere).unwrap(), "# mine\n");
}

#[cfg(target_os = "linux")]
#[test]
fn a_closed_standard_output_is_an_error_not_output_lost() {
    // `>&-` closes descriptor 1; `>/dev/null` stays a quiet success.
    // `1<>/dev/null` (read-write, as Python's DEVNULL opens it) is no closed stdout.
    // Help and version too: clap prints them itself.
    let cases = [(">&-", 2), (">/dev/null", 0), ("1<>/dev/null", 0)];
    let commands = ["prices", "--help", "--version", "breakeven --help"];
    for ((redirect, code), command) in cases.iter().flat_map(|c| commands.map(|m| (*c, m))) {
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("exec \"$0\" {command} {redirect}"))
            .arg(env!("CARGO_BIN_EXE_ftvp"))
            .env("XDG_CONFIG_HOME", common::empty_config())
            .env("FTVP_TODAY", "2026-11-23")
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(code),
            "{command} {redirect}: {out:?}"
        );
        if code == 2 {
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(err.starts_with("error: standard output is closed"), "{err}");
        }
    }
}

// ------------------------------------------------ 3. an import that breaks the tool

/// A LiteLLM map of `n` OpenAI chat models.
fn huge_map(n: usize) -> String {
    let entries: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#""gpt-hostile-{i:06}": {{"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 1.5e-07, "output_cost_per_token": 6e-07, "cache_read_input_token_cost": 7.5e-08}}"#
            )
        })
        .collect();
    format!("{{{}}}", entries.join(",\n"))
}

#[test]
fn an_import_that_would_write_a_sheet_the_loader_refuses_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let map = dir.path().join("map.json");
    // 75,000 models: more items than a sheet may hold (the size cap, 16 MiB,
    // comes at about 85,000).
    fs::write(&map, huge_map(75_000)).unwrap();
    let out = dir.path().join("pricing");
    let err = assert_refused(
        ftvp()
            .args([
                "prices",
                "import",
                "litellm",
                path_str(&map),
                "--as-of",
                "2026-11-23",
                "--out",
            ])
            .arg(&out),
        "huge import",
        "nothing was written",
    );
    assert!(err.contains("litellm-openai.toml"), "{err}");
    let written = fs::read_dir(&out).map(|d| d.count()).unwrap_or(0);
    assert_eq!(written, 0, "nothing may be written");
}

#[test]
fn a_model_key_of_megabytes_is_skipped_not_written() {
    let dir = tempfile::tempdir().unwrap();
    let map = dir.path().join("map.json");
    let name = "a".repeat(10 << 20);
    fs::write(
        &map,
        format!(r#"{{"{name}": {{"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 1e-07, "output_cost_per_token": 2e-07}}}}"#),
    )
    .unwrap();
    let out = dir.path().join("pricing");
    let done = ftvp()
        .timeout(TIME_LIMIT)
        .args([
            "prices",
            "import",
            "litellm",
            path_str(&map),
            "--as-of",
            "2026-11-23",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(done.status.code(), Some(0), "{done:?}");
    let size: u64 = fs::read_dir(&out)
        .map(|d| d.map(|e| e.unwrap().metadata().unwrap().len()).sum())
        .unwrap_or(0);
    assert!(size < 1 << 20, "{size} bytes written");
}

#[test]
fn a_broken_user_sheet_does_not_block_the_import_that_repairs_it() {
    let config = tempfile::tempdir().unwrap();
    let folder = config.path().join("ftvp/pricing");
    fs::create_dir_all(&folder).unwrap();
    // An earlier import gone wrong: the importer's marker, then garbage.
    let sheet = folder.join("litellm-openai.toml");
    fs::write(
        &sheet,
        "# Written by `ftvp prices import litellm`\n[[[ not toml\n",
    )
    .unwrap();
    let prices = || {
        ftvp()
            .env("XDG_CONFIG_HOME", config.path())
            .timeout(TIME_LIMIT)
            .arg("prices")
            .output()
            .unwrap()
    };
    assert_eq!(prices().status.code(), Some(2));
    let litellm = fixture("litellm/excerpt.json");
    let done = ftvp()
        .env("XDG_CONFIG_HOME", config.path())
        .timeout(TIME_LIMIT)
        .args([
            "prices",
            "import",
            "litellm",
            path_str(&litellm),
            "--as-of",
            "2026-11-23",
        ])
        .output()
        .unwrap();
    assert_eq!(done.status.code(), Some(0), "{done:?}");
    let warned = String::from_utf8_lossy(&done.stderr);
    assert!(warned.contains("litellm-openai.toml"), "{warned}");
    assert_eq!(
        prices().status.code(),
        Some(0),
        "the import repaired the folder"
    );
}

// ------------------------------------------------ 6. inputs found or read without bound

#[cfg(unix)]
#[test]
fn a_fifo_in_the_tokenizer_folder_is_refused_not_waited_on() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("ftvp/tokenizers");
    fs::create_dir_all(&folder).unwrap();
    assert!(common::mkfifo(&folder.join("qwen3.json")), "no mkfifo");
    let chat = dir.path().join("chat.jsonl");
    fs::write(
        &chat,
        r#"{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"hello"}]}"#,
    )
    .unwrap();
    let pricing = fixture("hfpricing");
    let err = assert_refused(
        ftvp()
            .env("XDG_CONFIG_HOME", dir.path())
            .args([
                "dataset",
                "--pricing",
                path_str(&pricing),
                "--model",
                "hf/qwen",
            ])
            .arg(&chat),
        "dataset with a FIFO tokenizer",
        "qwen3.json",
    );
    assert!(err.contains("not a regular file"), "{err}");
}

#[test]
fn a_prompt_file_over_256_mib_is_refused_by_its_size_and_by_the_bytes_read() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.txt");
    let f = fs::File::create(&big).unwrap();
    f.set_len(300 << 20).unwrap();
    drop(f);
    let args = quick_start(&["--volume", "1M", "--base-prompt-file", path_str(&big)]);
    let args: Vec<&str> = strs(&args)
        .into_iter()
        .filter(|a| *a != "--base-prompt")
        .collect();
    // QUICK_START gives --base-prompt 3000; drop its value too.
    let at = args.iter().position(|a| *a == "3000").unwrap();
    let mut args = args;
    args.remove(at);
    assert_input_error(&args, "larger than 256 MiB");
}

#[test]
fn prompt_text_through_a_pipe_is_capped_on_the_bytes_read() {
    use std::io::Write;
    use std::process::Stdio;
    let mut args = quick_start(&["--volume", "1M", "--base-prompt-file", "-"]);
    let at = args.iter().position(|a| a == "--base-prompt").unwrap();
    args.drain(at..at + 2);
    let mut child = common::ftvp_std()
        .args(&args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let line = b"hello world foo\n".repeat(1 << 16);
        // 257 MiB: a pipe reports no size, so only the bytes read can tell.
        for _ in 0..257 {
            if stdin.write_all(&line).is_err() {
                break;
            }
        }
    });
    let out = wait_with_timeout(child, std::time::Duration::from_secs(120));
    writer.join().unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("error: <stdin> is larger than 256 MiB"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

/// Waits for `child`, killing it after `limit` (a hang fails the test).
fn wait_with_timeout(
    mut child: std::process::Child,
    limit: std::time::Duration,
) -> std::process::Output {
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > limit {
            child.kill().unwrap();
            panic!("killed after {limit:?}");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

// ------------------------------------------------ 1. hostile tokenizer files

/// The tiny test tokenizer with `edit` applied, written into `dir`.
fn tokenizer_with(
    dir: &Path,
    name: &str,
    edit: impl FnOnce(&mut serde_json::Value),
) -> std::path::PathBuf {
    let mut doc: serde_json::Value =
        serde_json::from_str(&ftvp::tokens::hf::tiny_tokenizer_json()).unwrap();
    edit(&mut doc);
    let path = dir.join(name);
    fs::write(&path, doc.to_string()).unwrap();
    path
}

/// 100 KB of "a".
fn a100k(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("a100k.txt");
    fs::write(&path, "a".repeat(100_000)).unwrap();
    path
}

#[test]
fn a_normalizer_that_multiplies_text_is_refused_not_an_abort() {
    let dir = tempfile::tempdir().unwrap();
    let expand = tokenizer_with(dir.path(), "expand.json", |doc| {
        doc["normalizer"] = serde_json::json!({
            "type": "Replace", "pattern": {"String": "a"}, "content": "b".repeat(1000)
        });
    });
    let text = a100k(dir.path());
    let err = assert_input_error(
        &[
            "tokens",
            "--tokenizer-file",
            path_str(&expand),
            path_str(&text),
        ],
        "1000 times longer",
    );
    assert!(err.contains("expand.json"), "{err}");
    // The same file found in the user's folder, for breakeven.
    let config = dir.path().join("config");
    let folder = config.join("ftvp/tokenizers");
    fs::create_dir_all(&folder).unwrap();
    fs::copy(&expand, folder.join("qwen3.json")).unwrap();
    let pricing = fixture("hfpricing");
    assert_refused(
        ftvp().env("XDG_CONFIG_HOME", &config).args([
            "tokens",
            "--pricing",
            path_str(&pricing),
            "--model",
            "hf/qwen",
            path_str(&text),
        ]),
        "tokens with a user-folder tokenizer",
        "qwen3.json",
    );
}

#[test]
fn long_unigram_pieces_and_huge_vocabularies_are_refused_quickly() {
    let dir = tempfile::tempdir().unwrap();
    let unigram = dir.path().join("unigram.json");
    let vocab: Vec<serde_json::Value> = (1..=2000)
        .map(|n| serde_json::json!(["a".repeat(n), -1.0]))
        .collect();
    let doc = serde_json::json!({
        "version": "1.0", "truncation": null, "padding": null, "added_tokens": [],
        "normalizer": null, "pre_tokenizer": null, "post_processor": null, "decoder": null,
        "model": {"type": "Unigram", "unk_id": null, "vocab": vocab, "byte_fallback": false}
    });
    fs::write(&unigram, doc.to_string()).unwrap();
    let text = a100k(dir.path());
    assert_input_error(
        &[
            "tokens",
            "--tokenizer-file",
            path_str(&unigram),
            path_str(&text),
        ],
        "a token of 2000 bytes",
    );
    let big = tokenizer_with(dir.path(), "big.json", |doc| {
        let vocab = doc["model"]["vocab"].as_object_mut().unwrap();
        for i in 0..600_000 {
            vocab.insert(format!("x{i}"), serde_json::json!(1_000 + i));
        }
    });
    assert_input_error(
        &[
            "tokens",
            "--tokenizer-file",
            path_str(&big),
            path_str(&text),
        ],
        "more than 524288 tokens",
    );
}

// ------------------------------------------------ 5. quadratic dated changes

/// A sheet whose model `q/big` has `n` dated changes, one a day.
fn sheet_with_changes(dir: &Path, n: usize) {
    let mut text = String::from(
        "provider = \"q\"\ncurrency = \"USD\"\nas_of = 2026-11-01\nsource = \"https://example.com\"\n\n\
         [models.\"big\"]\ninput = 2\noutput = 10\n\n[models.\"small\"]\ninput = 0.5\noutput = 1\n\
         [models.\"small\".fine_tuning]\ntraining = 3\ninput = 0.3\noutput = 1.2\n",
    );
    let start = jiff::civil::date(2026, 11, 2);
    for i in 0..n {
        let day = start.checked_add(jiff::Span::new().days(i as i64)).unwrap();
        text.push_str(&format!(
            "[[models.\"big\".changes]]\nfrom = {day}\ninput = {}\n",
            2 + i % 7
        ));
    }
    fs::write(dir.join("q.toml"), text).unwrap();
}

fn dated_comparison(dir: &Path) -> Vec<String> {
    [
        "breakeven",
        "--pricing",
        path_str(dir),
        "--base",
        "q/big",
        "--base-prompt",
        "3000",
        "--tuned",
        "q/small",
        "--tuned-prompt",
        "500",
        "--input",
        "200",
        "--output",
        "300",
        "--setup-cost",
        "0",
        "--training-tokens",
        "2M",
        "--volume",
        "1M",
        "--months",
        "12",
    ]
    .map(str::to_string)
    .to_vec()
}

#[test]
fn a_thousand_dated_changes_are_quick_and_more_are_refused_naming_the_count() {
    let dir = tempfile::tempdir().unwrap();
    sheet_with_changes(dir.path(), 1_000);
    let start = std::time::Instant::now();
    let out = ftvp()
        .timeout(TIME_LIMIT)
        .args(dated_comparison(dir.path()))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(
        start.elapsed() < std::time::Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
    sheet_with_changes(dir.path(), 20_000);
    let err = assert_input_error(
        &strs(&dated_comparison(dir.path())),
        "20000 dated changes; ftvp accepts at most 1000 per model",
    );
    assert!(err.contains("q.toml:"), "{err}");
}

// ------------------------------------------------ 8. messages that mislead

#[test]
fn flag_messages_name_the_flag_and_quote_the_value_as_given() {
    let gpus = quick_start(&[
        "--volume",
        "1M",
        "--gpus-per-replica",
        "18446744073709551615",
    ]);
    let err = assert_input_error(&strs(&gpus), "GPUs is too many");
    assert!(!err.contains("epochs"), "{err}");
    let growth = quick_start(&["--per-month", "1M", "--months", "3", "--growth", "5%%"]);
    assert_input_error(&strs(&growth), "`5%%` is not a percentage");
}

// ------------------------------------------------ 9. exactness at the edges

#[test]
fn money_flags_with_more_than_28_places_are_refused_not_rounded() {
    let args = quick_start(&[
        "--volume",
        "1M",
        "--setup-cost",
        "0.1000000000000000055511151231257827",
    ]);
    assert_input_error(&strs(&args), "more than 28 decimal places");
    // 28 places is exact, and accepted.
    let ok = ftvp()
        .args(quick_start(&[
            "--volume",
            "1M",
            "--setup-cost",
            "0.1000000000000000000000000001",
        ]))
        .output()
        .unwrap();
    assert_eq!(ok.status.code(), Some(0), "{ok:?}");
}

#[test]
fn json_money_is_printed_from_the_exact_decimal() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("x.toml"),
        "provider = \"x\"\ncurrency = \"USD\"\nas_of = 2026-11-01\nsource = \"https://e.com\"\n\
         [models.\"m\"]\ninput = 1e-28\noutput = 23500\n",
    )
    .unwrap();
    let out = ftvp()
        .args([
            "prices",
            "x/m",
            "--pricing",
            path_str(dir.path()),
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("\"input\": 0.0000000000000000000000000001,"),
        "{text}"
    );
    assert!(text.contains("\"output\": 23500.0"), "{text}");
}

#[test]
fn tokenizer_and_sheet_errors_speak_the_users_words() {
    let dir = tempfile::tempdir().unwrap();
    let unigram_bad_unk = serde_json::json!({
        "version": "1.0", "truncation": null, "padding": null, "added_tokens": [],
        "normalizer": null, "pre_tokenizer": null, "post_processor": null, "decoder": null,
        "model": {"type": "Unigram", "unk_id": 5, "vocab": [["a", -1.0]], "byte_fallback": false}
    });
    for (name, text, needle) in [
        (
            "eof.json",
            "{".to_string(),
            "the JSON ends early, at line 1",
        ),
        (
            "list.json",
            "[]".to_string(),
            "expected a JSON object, found an array",
        ),
        (
            "unk.json",
            unigram_bad_unk.to_string(),
            "`unk_id` is not an index of its vocabulary",
        ),
    ] {
        let path = dir.path().join(name);
        fs::write(&path, text).unwrap();
        let err = assert_input_error(
            &["tokens", "--tokenizer-file", path_str(&path), "/dev/null"],
            needle,
        );
        for internal in [
            "EOF while",
            "struct Tokenizer",
            "UnkIdNotInVocabulary",
            "sequence",
        ] {
            assert!(!err.contains(internal), "{err}");
        }
    }
    for (value, needle) in [
        ("{a = 1}", "expected a number, found a table"),
        ("99999999999999999999", "found `99999999999999999999`"),
    ] {
        let key = if value.starts_with('{') {
            "input"
        } else {
            "context_window"
        };
        let body = match key {
            "input" => format!("input = {value}\noutput = 1\n"),
            _ => format!("input = 1\noutput = 1\ncontext_window = {value}\n"),
        };
        fs::write(
            dir.path().join("x.toml"),
            format!("provider = \"x\"\ncurrency = \"USD\"\nas_of = 2026-11-01\nsource = \"https://e.com\"\n[models.\"m\"]\n{body}"),
        )
        .unwrap();
        let err = assert_input_error(&["prices", "--pricing", path_str(dir.path())], needle);
        for internal in ["invalid type", "i128", "u64", "map,"] {
            assert!(!err.contains(internal), "{err}");
        }
    }
    fs::remove_file(dir.path().join("x.toml")).unwrap();
    let deep = dir.path().join("deep.toml");
    fs::write(
        &deep,
        format!("x = {}{}\n", "[".repeat(5000), "]".repeat(5000)),
    )
    .unwrap();
    assert_input_error(
        &["breakeven", "--scenario", path_str(&deep)],
        "deep.toml:1:",
    );
}

#[test]
fn overflow_errors_name_the_flags_to_check() {
    let args = quick_start(&["--volume", "1M", "--epochs", "100"]);
    let args: Vec<String> = args
        .into_iter()
        .map(|a| {
            if a == "2M" {
                "18446744073709551615".into()
            } else {
                a
            }
        })
        .collect();
    assert_input_error(&strs(&args), "(check --training-tokens, --epochs)");
}

// ------------------------------------------------ 7. text that reaches the terminal

#[cfg(unix)]
#[test]
fn file_names_and_flag_values_reach_the_terminal_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let name = dir.path().join("a\u{1b}[31mred\u{7}b\u{202e}.txt");
    fs::write(&name, "hello world\n").unwrap();
    let out = ftvp().arg("tokens").arg(&name).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{202e}'),
        "{text:?}"
    );
    assert!(text.contains("\\u{202e}"), "{text}");
    // clap's errors: an escape sequence is never echoed, a huge value is cut.
    let out = ftvp()
        .args([
            "breakeven",
            "--volume",
            "\u{1b}]8;;http://x\u{1b}\\hi\u{1b}[31m",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(!out.stderr.contains(&0x1b), "{out:?}");
    let huge = "x".repeat(130_000);
    let out = ftvp()
        .args(["breakeven", "--volume", &huge])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stderr.len() < 2_000, "{} bytes", out.stderr.len());
}

#[test]
fn invisible_and_bidirectional_characters_are_refused_in_sheet_ids_and_sources() {
    let dir = tempfile::tempdir().unwrap();
    for (key, value) in [
        (
            "[models.\"gpt-4.1\u{200b}-mini\"]",
            "source = \"https://e.com\"",
        ),
        ("[models.\"m\"]", "source = \"https://e.com/\u{202e}\""),
    ] {
        fs::write(
            dir.path().join("x.toml"),
            format!("provider = \"x\"\ncurrency = \"USD\"\nas_of = 2026-11-01\n{value}\n{key}\ninput = 1\noutput = 1\n"),
        )
        .unwrap();
        let err = assert_input_error(
            &["prices", "--pricing", path_str(dir.path())],
            "invisible or bidirectional",
        );
        assert!(
            !err.contains('\u{200b}') && !err.contains('\u{202e}'),
            "{err:?}"
        );
    }
    // An import skips such a key rather than add a look-alike model.
    let map = dir.path().join("map.json");
    fs::write(
        &map,
        r#"{"gpt-4.1\u200b-mini": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 1e-07, "output_cost_per_token": 2e-07}}"#,
    )
    .unwrap();
    let out = dir.path().join("out");
    let done = ftvp()
        .timeout(TIME_LIMIT)
        .args([
            "prices",
            "import",
            "litellm",
            path_str(&map),
            "--as-of",
            "2026-11-23",
            "--format",
            "json",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(done.status.code(), Some(0), "{done:?}");
    let j: serde_json::Value = serde_json::from_slice(&done.stdout).unwrap();
    assert_eq!(j["added"].as_array().map(Vec::len), Some(0), "{j}");
}

// ------------------------------------------------ 10. import details

/// `prices import litellm` of `map` into a fresh folder: the JSON report.
fn import_json(map: &str) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("map.json");
    fs::write(&file, map).unwrap();
    let out = ftvp()
        .timeout(TIME_LIMIT)
        .args([
            "prices",
            "import",
            "litellm",
            path_str(&file),
            "--as-of",
            "2026-11-23",
            "--format",
            "json",
            "--out",
        ])
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    serde_json::from_slice(&out.stdout).unwrap()
}

fn skipped(j: &serde_json::Value, reason: &str) -> u64 {
    j["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["reason"] == reason)
        .map_or(0, |s| s["count"].as_u64().unwrap())
}

#[test]
fn identical_prices_are_unchanged_and_repeated_keys_are_counted() {
    // The shipped gpt-4o-mini at its shipped prices: nothing changed.
    let same = r#"{"gpt-4o-mini": {"litellm_provider": "openai", "mode": "chat",
        "input_cost_per_token": 1.5e-07, "output_cost_per_token": 6e-07,
        "cache_read_input_token_cost": 7.5e-08, "max_input_tokens": 128000}}"#;
    let j = import_json(same);
    assert_eq!(j["changed"], serde_json::json!([]), "{j}");
    assert_eq!(j["unchanged"], 1, "{j}");
    let twice = r#"{"zz-one": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 1e-07, "output_cost_per_token": 2e-07},
                    "zz-one": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 9e-07, "output_cost_per_token": 9e-07}}"#;
    let j = import_json(twice);
    assert_eq!(skipped(&j, "duplicate of another entry"), 1, "{j}");
}

#[test]
fn an_integer_deprecation_date_is_malformed_and_a_zero_window_is_unknown() {
    let j = import_json(
        r#"{"zz-int-date": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 1e-07,
              "output_cost_per_token": 2e-07, "deprecation_date": 20270101},
            "zz-zero": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 1e-07,
              "output_cost_per_token": 2e-07, "max_input_tokens": 0}}"#,
    );
    assert_eq!(skipped(&j, "malformed entry"), 1, "{j}");
    assert_eq!(j["added"], serde_json::json!(["openai/zz-zero"]), "{j}");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("map.json");
    fs::write(&file, r#"{"zz-zero": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 1e-07, "output_cost_per_token": 2e-07, "max_input_tokens": 0}}"#).unwrap();
    let out = dir.path().join("out");
    ftvp()
        .args([
            "prices",
            "import",
            "litellm",
            path_str(&file),
            "--as-of",
            "2026-11-23",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    let sheet = fs::read_to_string(out.join("litellm-openai.toml")).unwrap();
    assert!(!sheet.contains("context_window ="), "{sheet}");
}

// ------------------------------------------------ 11. `ft:` ids

#[test]
fn a_fine_tuned_id_is_no_base_and_ft_ids_are_openais_only() {
    let comparison = |base: &str, tuned: &str| {
        [
            "breakeven",
            "--base",
            base,
            "--base-prompt",
            "3000",
            "--tuned-prompt",
            "0",
            "--tuned",
            tuned,
            "--input",
            "200",
            "--output",
            "300",
            "--setup-cost",
            "0",
            "--training-tokens",
            "2M",
            "--volume",
            "1M",
        ]
        .map(str::to_string)
        .to_vec()
    };
    let err = assert_input_error(
        &strs(&comparison("ft:gpt-4.1-mini:org::x", "openai/gpt-4.1-nano")),
        "is a fine-tuned model",
    );
    assert!(err.contains("--base"), "{err}");
    for id in [
        "ft:claude-sonnet-5:org::x",
        "anthropic/ft:claude-sonnet-4-5:org::x",
    ] {
        assert_input_error(
            &strs(&comparison("openai/gpt-4.1", id)),
            "`ft:` ids name OpenAI's fine-tuned models",
        );
    }
}

#[test]
fn a_tokenizer_file_that_makes_the_crate_panic_is_one_error_line() {
    let dir = tempfile::tempdir().unwrap();
    // A SentencePiece character map whose trie points outside itself: the
    // crate indexes it as given.
    let broken = tokenizer_with(dir.path(), "broken.json", |doc| {
        doc["normalizer"] = serde_json::json!({
            "type": "Precompiled", "precompiled_charsmap": "BAAAAAAAAAAAAAAA"
        });
    });
    let text = a100k(dir.path());
    let err = assert_input_error(
        &[
            "tokens",
            "--tokenizer-file",
            path_str(&broken),
            path_str(&text),
        ],
        "not a usable tokenizer.json",
    );
    assert!(err.contains("broken.json"), "{err}");
}
