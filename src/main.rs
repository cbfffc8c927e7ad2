use std::process::ExitCode;

fn main() -> ExitCode {
    sentinel_lint::cli::main()
}
