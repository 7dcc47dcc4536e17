//! The price-sheet library: exact decimal prices, hostile files and strings,
//! lifecycle fields and dated changes, training methods, GPU prices, the load
//! order, model ids as users have them, and `prices check`.

mod common;

use std::fs;
use std::path::Path;

use ftvp::pricing::check::{check, visible_at, CheckOptions, FindingKind};
use ftvp::pricing::{read_sheet, Catalog, Layer, LoadPlan, MethodKind, Status, MAX_SHEET_BYTES};
use jiff::civil::{date, Date};
use rust_decimal::Decimal;

const HEAD: &str = "provider = \"acme\"\ncurrency = \"USD\"\nas_of = 2026-11-27\nsource = \"https://example.com\"\n";

fn sheet(body: &str) -> String {
    format!("{HEAD}\n{body}")
}

fn load(body: &str) -> Result<Catalog, String> {
    let mut c = Catalog::new();
    c.add_sheet("t.toml", &sheet(body))
        .map(|()| c)
        .map_err(|e| e.to_string())
}

fn err(body: &str) -> String {
    load(body).unwrap_err()
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

const MODEL: &str = "[models.\"m\"]\ninput = 1.0\noutput = 2.0\n";

// ---------------------------------------------------------------- decimals

#[test]
fn prices_keep_every_digit_of_their_text() {
    let c = load(
        "[models.\"m\"]\ninput = 0.30000000000000000001\noutput = 1234567890123456789012345678\n\
         cached_input = 1_000.5\ncache_write = 1.5e-3\n",
    )
    .unwrap();
    let p = &c.resolve("acme/m").unwrap().prices;
    assert_eq!(p.input.to_string(), "0.30000000000000000001");
    assert_eq!(p.output.to_string(), "1234567890123456789012345678");
    assert_eq!(p.cached_input, Some(d("1000.5")));
    assert_eq!(p.cache_write, Some(d("0.0015")));
}

#[test]
fn numbers_that_cannot_be_held_exactly_are_clean_errors() {
    let e = err("[models.\"m\"]\ninput = 123456789012345678901234567890\noutput = 1\n");
    assert!(
        e.starts_with("t.toml:7:9: key `models.\"m\".input`: "),
        "{e}"
    );
    assert!(e.contains("out of range"), "{e}");
    let e = err("[models.\"m\"]\ninput = 1\noutput = 0.10000000000000000000000000001\n");
    assert!(
        e.contains("t.toml:8:") && e.contains("more than 28 decimal places"),
        "{e}"
    );
    let e = err("[models.\"m\"]\ninput = -0.5\noutput = 1\n");
    assert!(e.contains("-0.5 is negative"), "{e}");
    let e = err("[models.\"m\"]\ninput = 1\noutput = 1\nbatch_discount = 1.0\n");
    assert!(e.contains("0..1"), "{e}");
}

// ---------------------------------------------------------------- strings

#[test]
fn control_characters_are_refused_naming_file_and_key() {
    let e = err("[models.\"m\\u001b[31m\"]\ninput = 1\noutput = 1\n");
    assert!(e.starts_with("t.toml:6:"), "{e}");
    assert!(e.contains("U+001B") && !e.contains('\u{1b}'), "{e}");
    let osc8 = "source = \"\\u001b]8;;https://evil\\u0007x\"\n";
    let e = err(&format!("{MODEL}{osc8}"));
    assert!(
        e.contains("key `models.\"m\".source`") && e.contains("U+001B"),
        "{e}"
    );
    let mut c = Catalog::new();
    let e = c
        .add_sheet("t.toml", &HEAD.replace("https://example.com", "a\\tb"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("key `source`") && e.contains("U+0009"), "{e}");
    let e = err(&format!("{MODEL}lifecycle_source = \"x\\u0085\"\n"));
    assert!(
        e.contains("lifecycle_source") && e.contains("U+0085"),
        "{e}"
    );
    let e = err(&format!("{MODEL}serving_class = \"a b\"\n"));
    assert!(
        e.contains("serving_class") && e.contains("without spaces"),
        "{e}"
    );
}

#[test]
fn error_lines_quote_at_most_200_characters_of_a_value() {
    let huge = "x".repeat(100_000);
    for body in [
        format!("{MODEL}tokenizer = \"{huge}\"\n"),
        format!("[models.\"{huge}\u{1b}\"]\ninput = 1\noutput = 1\n"),
        format!("{MODEL}{huge} = 1\n"),
    ] {
        let e = err(&body);
        eprintln!("{e}");
        assert!(e.len() < 1_000, "{} bytes: {}", e.len(), &e[..300]);
        assert!(e.contains('…'), "{e}");
        assert!(!e.contains('\u{1b}'), "{e}");
    }
}

// ---------------------------------------------------------------- files

fn folder_error(setup: impl FnOnce(&Path)) -> String {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.toml"), sheet(MODEL)).unwrap();
    setup(dir.path());
    let mut c = Catalog::new();
    c.add_dir(dir.path()).unwrap_err().to_string()
}

#[test]
fn a_sheet_that_cannot_be_read_is_an_error_naming_it() {
    use std::os::unix::fs::symlink;
    let e = folder_error(|d| symlink(d.join("missing"), d.join("dangling.toml")).unwrap());
    assert!(e.contains("dangling.toml"), "{e}");
    let e = folder_error(|d| {
        symlink(d.join("loop2.toml"), d.join("loop1.toml")).unwrap();
        symlink(d.join("loop1.toml"), d.join("loop2.toml")).unwrap();
    });
    assert!(e.contains("loop1.toml"), "{e}");
    let e = folder_error(|d| fs::create_dir(d.join("dir.toml")).unwrap());
    assert!(
        e.contains("dir.toml") && e.contains("not a regular file"),
        "{e}"
    );
}

#[test]
fn a_fifo_is_refused_without_being_opened() {
    let e = folder_error(|d| {
        let ok = std::process::Command::new("mkfifo")
            .arg(d.join("pipe.toml"))
            .status()
            .unwrap()
            .success();
        assert!(ok, "mkfifo failed");
    });
    // Reaching this line at all shows the FIFO was not opened: that would block.
    assert!(e.contains("pipe.toml") && e.contains("a FIFO"), "{e}");
}

#[test]
fn a_sheet_without_read_permission_is_an_error_naming_it() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("secret.toml");
    fs::write(&path, sheet(MODEL)).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::read(&path).is_err() {
        let e = read_sheet(&path).unwrap_err().to_string();
        assert!(e.contains("secret.toml") && e.contains("ermission"), "{e}");
    }
    // As root permissions do not apply: the binary runs as `nobody`, who
    // may list the folder but not read the sheet.
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let mut cmd = common::ftvp_std();
    cmd.env("XDG_CONFIG_HOME", "/nonexistent")
        .args(["prices", "--pricing"])
        .arg(dir.path());
    let Some(mut cmd) = common::unprivileged(cmd) else {
        return; // root without setpriv, outside CI
    };
    let out = cmd.output().unwrap();
    let e = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{e}");
    assert!(
        e.starts_with("error: ") && e.contains("secret.toml") && e.contains("ermission"),
        "{e}"
    );
}

#[test]
fn a_sheet_above_16_mib_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.toml");
    let f = fs::File::create(&path).unwrap();
    f.set_len(MAX_SHEET_BYTES + 1).unwrap(); // sparse: no 16 MiB written
    let e = read_sheet(&path).unwrap_err().to_string();
    assert!(e.contains("big.toml") && e.contains("16 MiB"), "{e}");
    f.set_len(MAX_SHEET_BYTES).unwrap();
    // At the cap it is read (it is 16 MiB of NUL bytes, valid UTF-8).
    assert_eq!(read_sheet(&path).unwrap().len() as u64, MAX_SHEET_BYTES);
}

// ---------------------------------------------------------------- load order

fn folder_with(provider_price: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("acme.toml"),
        sheet(&MODEL.replace("input = 1.0", provider_price)),
    )
    .unwrap();
    dir
}

#[test]
fn the_user_folder_loads_before_ftvp_pricing_and_flags() {
    let user = folder_with("input = 1.0");
    let env = folder_with("input = 2.0");
    let flag = folder_with("input = 3.0");
    let user_dir = user.path().to_path_buf();
    let mut plan = LoadPlan {
        user: Some(user_dir.clone()),
        env: vec![],
        flags: vec![],
        providers: None,
        models: None,
        ..LoadPlan::default()
    };
    let m = |c: &Catalog| c.resolve("acme/m").unwrap().clone();
    let c = Catalog::load(&plan).unwrap();
    assert_eq!(m(&c).prices.input, d("1"));
    assert_eq!(m(&c).sheet.layer, Layer::User);
    assert!(m(&c)
        .sheet
        .origin
        .starts_with(&user_dir.display().to_string()));
    plan.env.push(env.path().to_path_buf());
    assert_eq!(m(&Catalog::load(&plan).unwrap()).sheet.layer, Layer::Env);
    plan.flags.push(flag.path().to_path_buf());
    let c = Catalog::load(&plan).unwrap();
    assert_eq!(
        (m(&c).prices.input, m(&c).sheet.layer),
        (d("3"), Layer::Flag)
    );
    assert!(c.sheets().iter().any(|s| s.layer == Layer::Embedded));
}

#[test]
fn a_load_for_some_providers_keeps_their_shipped_sheets_and_every_folder() {
    let user = folder_with("input = 1.0");
    let plan = LoadPlan {
        user: Some(user.path().to_path_buf()),
        providers: Some(vec!["openai".to_string()]),
        ..LoadPlan::default()
    };
    let c = Catalog::load(&plan).unwrap();
    let providers: std::collections::BTreeSet<&str> = c
        .models()
        .map(|m| m.id.split('/').next().unwrap())
        .collect();
    assert_eq!(
        providers.into_iter().collect::<Vec<_>>(),
        ["acme", "openai"]
    );
    assert_eq!(
        c.resolve("openai/gpt-6.1-terra").unwrap().prices,
        Catalog::embedded()
            .unwrap()
            .resolve("openai/gpt-6.1-terra")
            .unwrap()
            .prices
    );
}

#[test]
fn a_load_for_some_models_keeps_them_their_snapshots_and_every_folder() {
    let user = folder_with("input = 1.0");
    let plan = LoadPlan {
        user: Some(user.path().to_path_buf()),
        providers: Some(vec!["openai".to_string(), "fireworks".to_string()]),
        models: Some(vec![
            "openai/gpt-6.1-terra".to_string(),
            "openai/gpt-4.1-2025-04-14".to_string(),
            "fireworks/h100".to_string(),
        ]),
        ..LoadPlan::default()
    };
    let c = Catalog::load(&plan).unwrap();
    let ids = |c: &Catalog, p: &str| -> Vec<String> {
        c.models()
            .filter(|m| m.id.starts_with(p))
            .map(|m| m.id.clone())
            .collect()
    };
    assert_eq!(
        ids(&c, "openai/"),
        ["openai/gpt-4.1", "openai/gpt-6.1-terra"]
    );
    assert_eq!(ids(&c, "acme/"), ["acme/m"]);
    let whole = Catalog::embedded().unwrap();
    for id in ["openai/gpt-6.1-terra", "openai/gpt-4.1-2025-04-14"] {
        assert_eq!(c.resolve(id).unwrap(), whole.resolve(id).unwrap(), "{id}");
    }
    // A provider named only for a GPU keeps its whole sheet: cut to no
    // model, `fireworks/X` would resolve as a bare name elsewhere.
    assert_eq!(ids(&c, "fireworks/"), ids(&whole, "fireworks/"));
    let gpus = |c: &Catalog| c.gpus().filter(|g| g.id.starts_with("fireworks/")).count();
    assert!(gpus(&c) > 0);
    assert_eq!(gpus(&c), gpus(&whole));
}

#[test]
fn a_model_the_provider_lacks_is_unknown_even_when_a_folder_has_that_id() {
    // A user sheet defining a model whose id looks like `openai/custom`:
    // openai has no `custom`, so `--tuned openai/custom` is unknown, whether
    // the shipped sheets are loaded whole (a bare --base) or for the named
    // models only.
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("mine.toml"),
        "provider = \"mine\"\ncurrency = \"USD\"\nas_of = 2026-11-01\n\
         source = \"https://example.com\"\n\
         [models.\"base\"]\ninput = 2.0\noutput = 8.0\n\
         [models.\"openai/custom\"]\ninput = 0.4\noutput = 1.6\n\
         [models.\"openai/custom\".fine_tuning]\ntraining = 5.0\ninput = 0.8\noutput = 3.2\n",
    )
    .unwrap();
    let folder = dir.path().display().to_string();
    for base in ["mine/base", "base"] {
        let out = common::ftvp()
            .args(["breakeven", "--pricing", &folder, "--base", base])
            .args([
                "--tuned-prompt",
                "0",
                "--tuned",
                "openai/custom",
                "--input",
                "1000",
                "--output",
                "100",
            ])
            .args([
                "--setup-cost",
                "0",
                "--training-tokens",
                "1M",
                "--volume",
                "100k",
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{base}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(
            err.contains("unknown model `openai/custom`"),
            "{base}: {err}"
        );
    }
}

#[test]
fn a_misspelt_provider_still_gets_suggestions_from_every_sheet() {
    // breakeven parses only the sheets of the providers it is given; when
    // that fails it answers as a full load would.
    common::assert_input_error(
        &[
            "breakeven",
            "--base",
            "opnai/gpt-6.1-terra",
            "--base-prompt",
            "1",
            "--output",
            "1",
            "--tuned-prompt",
            "0",
            "--tuned",
            "prime-intellect/qwen3.5-9b",
            "--setup-cost",
            "0",
            "--training-cost",
            "1",
            "--volume",
            "1",
        ],
        "did you mean openai/gpt-6.1-terra",
    );
}

#[test]
fn a_missing_user_folder_is_silent_but_a_missing_flag_folder_is_not() {
    let none = tempfile::tempdir().unwrap();
    let plan = LoadPlan {
        user: Some(none.path().join("ftvp/pricing")),
        ..LoadPlan::default()
    };
    let c = Catalog::load(&plan).unwrap();
    assert!(c.models().count() > 20);
    let plan = LoadPlan {
        flags: vec![none.path().join("nope")],
        ..LoadPlan::default()
    };
    // The library names the layer in its own words; the command line says
    // `--pricing` (tests/errors.rs).
    let e = Catalog::load(&plan).unwrap_err().to_string();
    assert!(e.contains("given sheets") && e.contains("nope"), "{e}");
    let out = common::ftvp()
        .args(["prices", "--pricing"])
        .arg(none.path().join("nope"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("--pricing ") && stderr.contains("nope: not a folder"),
        "{stderr}"
    );
}

// ---------------------------------------------------------------- lifecycle

const DATED: &str = r#"
training_closes = 2027-01-06

[models."m"]
input = 1.00
output = 2.00
cached_input = 0.50
released = 2025-04-14
shutdown = 2027-01-14
checked = 2026-11-20
source = "https://example.com/m"
lifecycle_source = "https://example.com/deprecations"
serving_class = "dense-8b"

[models."m".fine_tuning]
training = 5.00
input = 3.00
output = 6.00

[models."m".long_context]
above_input_tokens = 200000
input = 2.00
output = 4.00
cache_write = 2.50

[[models."m".changes]]
from = 2027-01-01
input = 1.50
long_context = { input = 3.00 }

[[models."m".changes]]
from = 2026-12-01
output = 2.50
fine_tuning = { output = 7.00 }
"#;

fn dated() -> Catalog {
    let mut c = Catalog::new();
    c.add_sheet("t.toml", &format!("{HEAD}{DATED}")).unwrap();
    c
}

#[test]
fn lifecycle_fields_are_read_and_defaulted() {
    let c = dated();
    let m = c.resolve("acme/m").unwrap();
    assert_eq!(m.released(), Some(date(2025, 4, 14)));
    assert_eq!(m.shutdown(), Some(date(2027, 1, 14)));
    assert_eq!(m.fine_tune_shutdown(), Some(date(2027, 1, 14)));
    assert_eq!(m.training_cutoff(), Some(date(2027, 1, 6)));
    assert_eq!(m.checked(), date(2026, 11, 20));
    assert_eq!(m.source(), "https://example.com/m");
    assert_eq!(
        m.lifecycle_source(),
        Some("https://example.com/deprecations")
    );
    assert_eq!(m.serving_class(), Some("dense-8b"));
    assert_eq!(
        m.prices.long_context.as_ref().unwrap().cache_write,
        Some(d("2.5"))
    );
    // Nothing set: the sheet's date and source stand in, no dates at all.
    let c = load(MODEL).unwrap();
    let m = c.resolve("acme/m").unwrap();
    assert_eq!(
        (m.checked(), m.source()),
        (date(2026, 11, 27), "https://example.com")
    );
    assert_eq!(
        (m.shutdown(), m.fine_tune_shutdown(), m.training_cutoff()),
        (None, None, None)
    );
    assert_eq!(m.prices_on(date(2030, 1, 1)), m.prices);
}

#[test]
fn prices_on_a_day_apply_every_change_up_to_it_in_date_order() {
    let c = dated();
    let m = c.resolve("acme/m").unwrap();
    assert_eq!(m.changes().len(), 2);
    assert_eq!(m.changes()[0].from, date(2026, 12, 1));
    let before = m.prices_on(date(2026, 11, 30));
    assert_eq!(before, m.prices);
    let dec = m.prices_on(date(2026, 12, 1));
    assert_eq!((dec.input, dec.output), (d("1"), d("2.5")));
    assert_eq!(dec.fine_tuning.as_ref().unwrap().output, d("7"));
    assert_eq!(dec.cached_input, Some(d("0.5")));
    let jan = m.prices_on(date(2027, 1, 1));
    assert_eq!((jan.input, jan.output), (d("1.5"), d("2.5")));
    // A top-level change never touches fine-tuned prices.
    assert_eq!(jan.fine_tuning.as_ref().unwrap().input, d("3"));
    let lc = jan.long_context.unwrap();
    assert_eq!(
        (lc.input, lc.output, lc.cache_write),
        (d("3"), d("4"), Some(d("2.5")))
    );
}

#[test]
fn inconsistent_dates_are_load_errors_at_their_line() {
    let full = format!("{HEAD}{DATED}");
    let bad = |from: &str, to: &str| {
        let mut c = Catalog::new();
        c.add_sheet("t.toml", &full.replacen(from, to, 1))
            .unwrap_err()
            .to_string()
    };
    let e = bad("from = 2026-12-01", "from = 2027-01-01");
    assert!(e.contains("two changes from 2027-01-01"), "{e}");
    assert!(e.contains("key `models.\"m\".changes.from`"), "{e}");
    let e = bad("from = 2026-12-01", "from = 2025-01-01");
    assert!(e.contains("before released 2025-04-14"), "{e}");
    let e = bad("checked = 2026-11-20", "checked = 2026-11-28");
    assert!(
        e.contains("t.toml:14:") && e.contains("after the sheet's as_of"),
        "{e}"
    );
    let e = bad(
        "training = 5.00",
        "training = 5.00\ntraining_closes = 2027-02-01",
    );
    assert!(e.contains("after the fine-tune shutdown 2027-01-14"), "{e}");
    let e = bad("released = 2025-04-14", "released = 2027-04-14");
    assert!(e.contains("shutdown 2027-01-14 is before released"), "{e}");
    let e = bad("shutdown = 2027-01-14", "shutdown = 2027-01-14T00:00:00Z");
    assert!(e.contains("plain date"), "{e}");
    let e = bad(
        "fine_tuning = { output = 7.00 }",
        "fine_tuning = { outptu = 7.00 }",
    );
    assert!(e.contains("unknown field `outptu`"), "{e}");
    let e = bad("input = 1.50\nlong_context = { input = 3.00 }", "");
    assert!(e.contains("names no price"), "{e}");
    let e = bad("[models.\"m\".long_context]", "[models.\"m\".unused]");
    assert!(e.contains("unknown field `unused`"), "{e}");
}

#[test]
fn changes_to_tables_a_model_lacks_are_errors() {
    let e = err(&format!(
        "{MODEL}[[models.\"m\".changes]]\nfrom = 2027-01-01\nfine_tuning = {{ input = 1 }}\n"
    ));
    assert!(e.contains("no fine_tuning table"), "{e}");
    let e = err(&format!(
        "{MODEL}[[models.\"m\".changes]]\nfrom = 2027-01-01\nlong_context = {{ input = 1 }}\n"
    ));
    assert!(e.contains("no long_context table"), "{e}");
}

#[test]
fn an_azure_fine_tune_outlives_its_base() {
    let c = load(
        "[models.\"m\"]\ninput = 1\noutput = 2\nshutdown = 2026-10-14\n\
         [models.\"m\".fine_tuning]\ninput = 1\noutput = 2\ntraining = 5\n\
         training_closes = 2027-04-14\nshutdown = 2027-10-14\n",
    )
    .unwrap();
    let m = c.resolve("acme/m").unwrap();
    assert_eq!(m.fine_tune_shutdown(), Some(date(2027, 10, 14)));
    assert_eq!(m.training_cutoff(), Some(date(2027, 4, 14)));
    assert!(!m.is_hidden_at(date(2026, 11, 27)));
    assert!(m.is_hidden_at(date(2027, 10, 14)));
    assert_eq!(
        m.status_on(date(2026, 11, 27)),
        Status::FineTunesOnly(date(2026, 10, 14), date(2027, 10, 14))
    );
    assert_eq!(
        m.status_on(date(2027, 10, 14)).to_string(),
        "shut down 2027-10-14"
    );
}

#[test]
fn status_names_the_next_date_that_matters() {
    let c = dated();
    let m = c.resolve("acme/m").unwrap();
    assert_eq!(
        m.status_on(date(2026, 11, 27)).to_string(),
        "retiring 2027-01-14"
    );
    assert_eq!(
        m.status_on(date(2027, 1, 14)),
        Status::ShutDown(date(2027, 1, 14))
    );
    let c = load(&format!(
        "{MODEL}[models.\"m\".fine_tuning]\ninput = 1\noutput = 1\ntraining_closes = 2027-01-06\n"
    ))
    .unwrap();
    let m = c.resolve("acme/m").unwrap();
    assert_eq!(
        m.status_on(date(2026, 11, 27)).to_string(),
        "training closes 2027-01-06"
    );
    assert_eq!(
        m.status_on(date(2027, 2, 1)).to_string(),
        "training closed 2027-01-06"
    );
    assert_eq!(
        load(MODEL)
            .unwrap()
            .resolve("m")
            .unwrap()
            .status_on(date(2026, 1, 1)),
        Status::Active
    );
}

#[test]
fn staleness_is_judged_per_model() {
    let c = dated();
    let m = c.resolve("acme/m").unwrap();
    assert!(!m.is_stale(date(2027, 5, 19))); // 180 days after 2026-11-20
    assert!(m.is_stale(date(2027, 5, 20)));
    assert!(!m.sheet.is_stale(date(2027, 5, 20))); // the sheet's as_of is a week later
}

// ---------------------------------------------------------------- methods

const METHODS: &str = r#"
[models."q"]
input = 0.20
output = 0.20

[models."q".fine_tuning]
input = 0.20
output = 0.20
storage_per_month = 2.00
min_training_cost = 4.00

[models."q".fine_tuning.methods."full-sft"]
kind = "sft"
training = 1.00

[models."q".fine_tuning.methods."lora-dpo"]
kind = "dpo"
training = 0.25

[models."q".fine_tuning.methods."lora-sft"]
kind = "sft"
training = 0.50
min_training_cost = 1.00

[[models."q".changes]]
from = 2027-01-01
fine_tuning = { methods = { "lora-sft" = { training = 2.00 } } }
"#;

#[test]
fn a_fine_tuning_table_may_offer_several_methods() {
    let c = load(METHODS).unwrap();
    let m = c.resolve("acme/q").unwrap();
    let ft = m.prices.fine_tuning.as_ref().unwrap();
    assert_eq!(ft.methods.len(), 3);
    assert_eq!(ft.storage_per_month, Some(d("2")));
    // The default is the cheapest SFT method; DPO is cheaper but not SFT.
    let def = ft.default_method().unwrap();
    assert_eq!((def.name.as_str(), def.kind), ("lora-sft", MethodKind::Sft));
    assert_eq!(
        (ft.training, ft.min_training_cost),
        (Some(d("0.5")), Some(d("1")))
    );
    // A method without its own minimum takes the table's.
    let full = ft.with_method(Some("full-sft")).unwrap();
    assert_eq!(
        (full.training, full.min_training_cost),
        (Some(d("1")), Some(d("4")))
    );
    // After the change lora-sft costs 2.00, so full-sft becomes the default.
    let later = m.prices_on(date(2027, 1, 1)).fine_tuning.unwrap();
    assert_eq!(later.default_method().unwrap().name, "full-sft");
    assert_eq!(later.training, Some(d("1")));
}

#[test]
fn methods_are_validated() {
    let e = err(&METHODS.replace("storage_per_month = 2.00", "training = 1.00"));
    assert!(
        e.contains("either fine_tuning.training or fine_tuning.methods"),
        "{e}"
    );
    let e = err(&METHODS.replace("kind = \"dpo\"", "kind = \"ppo\""));
    assert!(
        e.contains("unknown variant `ppo`") && e.contains("methods"),
        "{e}"
    );
    let e = err(&METHODS.replace("{ \"lora-sft\" =", "{ \"lora\" ="));
    assert!(e.contains("training method `lora`"), "{e}");
    let e = err(&METHODS.replace(
        "methods = { \"lora-sft\" = { training = 2.00 } }",
        "training = 1",
    ));
    assert!(e.contains("lists training methods"), "{e}");
}

// ---------------------------------------------------------------- GPUs

#[test]
fn gpus_are_priced_per_hour_at_provider_level() {
    let c = load(
        "[gpus.\"h100-80gb\"]\nper_hour = 8.00\ndescription = \"H100 80GB, on demand\"\n\
         [gpus.\"h200-141gb\"]\nper_hour = 5.49\nsource = \"https://example.com/gpu\"\nchecked = 2026-11-01\n",
    )
    .unwrap();
    let g = c.gpu("acme/h100-80gb").unwrap();
    assert_eq!((g.name.as_str(), g.per_hour), ("h100-80gb", d("8")));
    assert_eq!(
        (g.source(), g.checked()),
        ("https://example.com", date(2026, 11, 27))
    );
    let g = c.gpu("acme/h200-141gb").unwrap();
    assert_eq!(
        (g.source(), g.checked()),
        ("https://example.com/gpu", date(2026, 11, 1))
    );
    assert_eq!(c.gpus().count(), 2);
    let e = c.gpu("acme/tpu").unwrap_err().to_string();
    assert!(e.contains("acme/h100-80gb, acme/h200-141gb"), "{e}");
    let e = err("[gpus.\"h100\"]\nper_hour = -1\n");
    assert!(
        e.contains("key `gpus.\"h100\".per_hour`") && e.contains("negative"),
        "{e}"
    );
    let e = err("[gpus.\"h100\"]\nper_hour = 1\nper_day = 24\n");
    assert!(e.contains("unknown field `per_day`"), "{e}");
}

// ---------------------------------------------------------------- ids

fn two_providers() -> Catalog {
    let mut c = Catalog::new();
    let body = "[models.\"gpt-4o-mini\"]\ninput = 0.15\noutput = 0.60\n\
                [models.\"gpt-4o-mini\".fine_tuning]\ninput = 0.30\noutput = 1.20\n";
    c.add_sheet("o.toml", &sheet(body).replace("\"acme\"", "\"openai\""))
        .unwrap();
    c.add_sheet("a.toml", &sheet(body).replace("\"acme\"", "\"azure\""))
        .unwrap();
    c
}

#[test]
fn fine_tuned_ids_resolve_at_the_provider_that_issued_them() {
    let c = two_providers();
    for id in [
        "ft:gpt-4o-mini-2024-07-18:acme::abc",
        "ft:gpt-4o-mini-2024-07-18:org:suffix:id",
        "ft:gpt-4o-mini:org::x",
        "openai/ft:gpt-4o-mini-2024-07-18:acme::abc",
        "openai/gpt-4o-mini-2024-07-18",
    ] {
        assert_eq!(c.resolve(id).unwrap().id, "openai/gpt-4o-mini", "{id}");
    }
    assert_eq!(
        c.resolve("azure/gpt-4o-mini-2024-07-18").unwrap().id,
        "azure/gpt-4o-mini"
    );
    // Bare names and bare snapshots stay ambiguous, as before.
    for id in ["gpt-4o-mini", "gpt-4o-mini-2024-07-18"] {
        let e = c.resolve(id).unwrap_err().to_string();
        assert!(e.contains("azure/gpt-4o-mini, openai/gpt-4o-mini"), "{e}");
    }
    let e = c.resolve("ft:gpt-5:acme::abc").unwrap_err().to_string();
    assert!(e.contains("unknown model `ft:gpt-5:acme::abc`"), "{e}");
}

#[test]
fn the_shipped_sheets_resolve_the_readme_fine_tuned_id() {
    let c = Catalog::embedded().unwrap();
    let m = c.resolve("ft:gpt-4o-mini-2024-07-18:acme::abc").unwrap();
    assert_eq!(m.id, "openai/gpt-4o-mini");
    assert_eq!(
        c.resolve("claude-haiku-4-5-20251001").unwrap().id,
        "anthropic/claude-haiku-4-5"
    );
}

#[test]
fn the_query_filter_is_a_case_insensitive_substring_of_the_id() {
    let c = two_providers();
    let ids = |q: Option<&str>, p: Option<&str>| -> Vec<String> {
        c.filter(q, p).iter().map(|m| m.id.clone()).collect()
    };
    assert_eq!(ids(Some("AZURE/GPT"), None), ["azure/gpt-4o-mini"]);
    assert_eq!(ids(Some("4O-MINI"), Some("OpenAI")), ["openai/gpt-4o-mini"]);
    assert_eq!(ids(None, None).len(), 2);
    assert!(ids(Some("claude"), None).is_empty());
    assert!(c.knows_provider("AZURE") && !c.knows_provider("acme"));
    assert_eq!(c.providers(), ["azure", "openai"]);
}

// ---------------------------------------------------------------- check

fn opts(today: Date, within: i32) -> CheckOptions {
    CheckOptions {
        today,
        within_days: within,
        queries: vec![],
        ids: vec![],
        stale_after_days: 180,
        provider: None,
    }
}

#[test]
fn check_lists_retirements_cutoffs_changes_and_stale_prices() {
    let c = dated();
    let found = check(&c, &opts(date(2026, 11, 27), 60));
    let kinds: Vec<(FindingKind, Date)> = found.iter().map(|f| (f.kind, f.date)).collect();
    assert_eq!(
        kinds,
        [
            (FindingKind::PriceChange, date(2026, 12, 1)),
            (FindingKind::PriceChange, date(2027, 1, 1)),
            (FindingKind::TrainingCutoff, date(2027, 1, 6)),
            (FindingKind::Shutdown, date(2027, 1, 14)),
        ]
    );
    assert_eq!(
        found[3].message,
        "acme/m: the model and its fine-tunes stop serving on 2027-01-14"
    );
    assert!(check(&c, &opts(date(2026, 11, 27), 3)).is_empty());
    let late = check(&c, &opts(date(2027, 6, 1), 200));
    assert!(
        late.iter().any(|f| f.kind == FindingKind::Stale),
        "{late:?}"
    );
    assert!(
        late.iter().all(|f| f.kind != FindingKind::PriceChange),
        "{late:?}"
    );
    let mut o = opts(date(2026, 11, 27), 60);
    o.queries = vec!["NOPE".into()];
    assert!(check(&c, &o).is_empty());
}

#[test]
fn prices_hides_a_model_only_when_it_and_its_fine_tunes_are_gone() {
    let c = dated();
    let models = c.models().collect::<Vec<_>>();
    assert_eq!(visible_at(models.clone(), date(2027, 1, 13)).1, 0);
    let (shown, hidden) = visible_at(models, date(2027, 1, 14));
    assert_eq!((shown.len(), hidden), (0, 1));
}

#[test]
fn a_file_name_with_control_characters_is_shown_escaped() {
    let e = folder_error(|d| fs::write(d.join("bad\u{1b}[31m.toml"), "provider = ").unwrap());
    assert!(
        e.contains("bad\\u{1b}[31m.toml") && !e.contains('\u{1b}'),
        "{e}"
    );
}

// ---------------------------------------------------------------- routed models (issue 25)

const ROUTED: &str = "\
[models.\"old\"]\ninput = 1.25\noutput = 10.0\nrouted_to = \"new\"\nrouted_from = 2026-12-01\n\
[[models.\"old\".changes]]\nfrom = 2026-11-01\ninput = 1.5\n\
[[models.\"old\".changes]]\nfrom = 2026-12-15\ninput = 9.0\n\
[models.\"new\"]\ninput = 0.75\noutput = 3.75\n\
[[models.\"new\".changes]]\nfrom = 2026-11-15\noutput = 4.0\n\
[[models.\"new\".changes]]\nfrom = 2027-01-01\ninput = 1.5\noutput = 7.5\n";

#[test]
fn a_routed_model_bills_its_targets_prices_from_the_routing_day() {
    let c = load(ROUTED).unwrap();
    let old = c.resolve("acme/old").unwrap();
    assert_eq!(old.routed(), Some(("new", date(2026, 12, 1))));
    // Before the day: its own prices, its own changes.
    let p = old.prices_on(date(2026, 11, 30));
    assert_eq!((p.input, p.output), (d("1.5"), d("10.0")));
    // From the day: the target's prices in effect then (its 11-15 change
    // included); its own later change no longer applies; the target's does.
    let p = old.prices_on(date(2026, 12, 20));
    assert_eq!((p.input, p.output), (d("0.75"), d("4.0")));
    let p = old.prices_on(date(2027, 1, 1));
    assert_eq!((p.input, p.output), (d("1.5"), d("7.5")));
    // The changes a ledger reads: its own before the day, the switch, the
    // target's after it.
    let days: Vec<Date> = old.changes().iter().map(|c| c.from).collect();
    assert_eq!(
        days,
        [date(2026, 11, 1), date(2026, 12, 1), date(2027, 1, 1)]
    );
    assert_eq!(
        old.status_on(date(2026, 11, 1)).to_string(),
        "routed → new from 2026-12-01"
    );
    assert_eq!(old.status_on(date(2026, 12, 7)).to_string(), "routed → new");
    assert!(!old.is_shut_down_on(date(2026, 12, 7)));
}

#[test]
fn a_later_sheet_that_replaces_the_target_is_followed() {
    let mut c = load(ROUTED).unwrap();
    c.add_sheet(
        "mine.toml",
        &sheet("[models.\"new\"]\ninput = 0.5\noutput = 2.0\n"),
    )
    .unwrap();
    let p = c.resolve("acme/old").unwrap().prices_on(date(2026, 12, 7));
    assert_eq!((p.input, p.output), (d("0.5"), d("2.0")));
}

#[test]
fn routing_to_a_missing_or_routed_model_is_refused() {
    let e =
        err("[models.\"a\"]\ninput = 1\noutput = 1\nrouted_to = \"b\"\nrouted_from = 2026-12-01\n");
    assert!(
        e.contains("routed_to `b` is not a model of provider acme"),
        "{e}"
    );
    let e = err(
        "[models.\"a\"]\ninput = 1\noutput = 1\nrouted_to = \"b\"\nrouted_from = 2026-12-01\n\
         [models.\"b\"]\ninput = 1\noutput = 1\nrouted_to = \"c\"\nrouted_from = 2026-12-01\n\
         [models.\"c\"]\ninput = 1\noutput = 1\n",
    );
    assert!(e.contains("is itself routed"), "{e}");
    let e = err("[models.\"a\"]\ninput = 1\noutput = 1\nrouted_to = \"b\"\nrouted_from = 2026-12-01\nshutdown = 2026-11-01\n[models.\"b\"]\ninput = 1\noutput = 1\n");
    assert!(
        e.contains("routed_from 2026-12-01 is not before the shutdown"),
        "{e}"
    );
}

#[test]
fn prices_check_lists_a_routing_day_near_today() {
    let c = load(ROUTED).unwrap();
    let opts = CheckOptions {
        today: date(2026, 12, 7),
        within_days: 90,
        queries: vec!["old".into()],
        ids: vec![],
        stale_after_days: 180,
        provider: None,
    };
    let found: Vec<(FindingKind, Date)> = check(&c, &opts)
        .into_iter()
        .map(|f| (f.kind, f.date))
        .collect();
    assert!(
        found.contains(&(FindingKind::Routed, date(2026, 12, 1))),
        "{found:?}"
    );
    // The switch is not listed again as a price change; the target's is.
    assert!(found.contains(&(FindingKind::PriceChange, date(2027, 1, 1))));
    assert!(!found.contains(&(FindingKind::PriceChange, date(2026, 12, 1))));
}
