//! Argument parsing and wiring; no logic lives here.
//!
//! Exit codes: 0 when nothing at error severity was found, 1 when something was, 2 for usage
//! and I/O failures.

mod args;
pub(crate) mod check;
mod config;
mod explain;
pub mod out;
mod query;
mod test;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;

pub use args::{Cli, ColorChoice, Command, Format, QueryCommand};

pub const EXIT_CLEAN: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_USAGE: u8 = 2;

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let code = if error.use_stderr() {
                EXIT_USAGE
            } else {
                EXIT_CLEAN
            };
            let _ = error.print();
            return ExitCode::from(code);
        }
    };
    ExitCode::from(run(cli))
}

pub fn run(cli: Cli) -> u8 {
    match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Rules(args) => explain::rules(&args),
        Command::Explain(args) => explain::explain(&args),
        Command::Query(command) => query::run(&command),
        Command::Config(args) => config::run(&args),
        Command::Test(args) => test::run(&args),
        Command::New(args) => test::new(&args),
    }
}

/// Whether to color output on stdout.
pub fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    }
}
