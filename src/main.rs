use std::process::ExitCode;

/// Parsing and analysis allocate many small strings and nodes; mimalloc (as ruff uses) makes
/// that markedly cheaper than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    sentinel_lint::cli::main()
}
