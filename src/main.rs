//! The `ftvp` binary: the library's command line.

fn main() -> std::process::ExitCode {
    ftvp::run()
}
