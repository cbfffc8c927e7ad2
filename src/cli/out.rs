//! Standard output for the commands.
//!
//! A reader that stops early (`sentinel-lint rules | head -3`) closes the pipe. `println!` panics
//! on that; like ripgrep, the process instead ends quietly with status 0, since the reader got
//! all it asked for. Any other write failure is an I/O error (status 2).

use std::io::{self, Write};

use crate::cli::EXIT_USAGE;

/// Writes `text` to standard output and flushes it.
pub fn write(text: &str) {
    let mut out = io::stdout().lock();
    if let Err(error) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        failed(&error);
    }
}

/// Writes `text` and a newline to standard output.
pub fn line(text: &str) {
    let mut out = io::stdout().lock();
    if let Err(error) = out
        .write_all(text.as_bytes())
        .and_then(|()| out.write_all(b"\n"))
        .and_then(|()| out.flush())
    {
        failed(&error);
    }
}

fn failed(error: &io::Error) -> ! {
    if error.kind() == io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    // stderr may be gone too; a failure there has nowhere left to be reported.
    let _ = writeln!(
        io::stderr(),
        "error: cannot write to standard output: {error}"
    );
    std::process::exit(i32::from(EXIT_USAGE));
}
