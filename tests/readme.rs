//! The README's `console` blocks are run as tests: each `$ ftvp …` line runs
//! the binary and its output (standard error merged in, as a terminal shows
//! it) must match the block. They run with a fixed today, no price folders of
//! the machine and 80 columns, like every other test. `TRYCMD=overwrite cargo
//! test --test readme` rewrites the blocks after a reviewed change.

mod common;

#[test]
fn readme_examples_print_what_the_readme_shows() {
    trycmd::TestCases::new()
        .register_bin("ftvp", std::path::PathBuf::from(env!("CARGO_BIN_EXE_ftvp")))
        .env("FTVP_TODAY", "2026-11-27")
        .env("FTVP_PRICING", "")
        .env(
            "XDG_CONFIG_HOME",
            common::empty_config().display().to_string(),
        )
        .env("COLUMNS", "80")
        .env("NO_COLOR", "1")
        .case("README.md");
}

/// The quick start's `cargo run` line runs the same comparison as the first
/// tested block, so the output shown under it is checked too.
#[test]
fn the_quick_start_command_is_the_one_whose_output_is_checked() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let cargo_run = readme
        .lines()
        .find_map(|l| l.strip_prefix("cargo run --release -- "))
        .expect("a `cargo run --release -- …` line");
    let first_console = readme
        .split("```console\n")
        .nth(1)
        .and_then(|b| b.lines().next())
        .and_then(|l| l.strip_prefix("$ ftvp "))
        .expect("a console block starting with `$ ftvp`");
    assert_eq!(cargo_run, first_console);
}
