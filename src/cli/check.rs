use std::io::Write;

use crate::cli::args::{CheckArgs, Format};
use crate::cli::{EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, use_color};
use crate::report::{self, human::Style};
use std::path::{Path, PathBuf};

use crate::{config, fix, lint};

/// Options from the given config file (or the nearest `sentinel-lint.toml`) and the command line.
pub fn load_options(
    config: Option<&Path>,
    tables: &[PathBuf],
    functions: &[PathBuf],
    ignore: &[String],
) -> Result<lint::Options, String> {
    let config_path = match config {
        Some(path) => Some(path.to_path_buf()),
        None => config::find(Path::new(".")),
    };
    let config = match config_path {
        Some(path) => config::load(&path)?,
        None => config::Config::default(),
    };
    lint::Options::new(&config, tables, functions, ignore)
}

fn options(args: &CheckArgs) -> Result<lint::Options, String> {
    load_options(
        args.config.as_deref(),
        &args.tables,
        &args.functions,
        &args.ignore,
    )
}

pub fn run(args: &CheckArgs) -> u8 {
    let options = match options(args) {
        Ok(options) => options,
        Err(error) => {
            eprintln!("error: {error}");
            return EXIT_USAGE;
        }
    };
    let mut report = match lint::check_paths(&args.paths, &options) {
        Ok(report) => report,
        Err(error) => {
            eprintln!("error: {error}");
            return EXIT_USAGE;
        }
    };
    if args.fix {
        let mut fixed = 0;
        for result in &report.files {
            let (text, count) =
                fix::apply(&result.file.source, &result.diagnostics, args.unsafe_fixes);
            if count == 0 {
                continue;
            }
            let path = std::path::Path::new(result.file.path.as_ref());
            if let Err(error) = fix::write_atomically(path, &text) {
                eprintln!("error: cannot write {}: {error}", result.file.path);
                return EXIT_USAGE;
            }
            fixed += count;
        }
        if fixed > 0 {
            eprintln!(
                "Fixed {fixed} problem{}.",
                if fixed == 1 { "" } else { "s" }
            );
            report = match lint::check_paths(&args.paths, &options) {
                Ok(report) => report,
                Err(error) => {
                    eprintln!("error: {error}");
                    return EXIT_USAGE;
                }
            };
        }
    }
    let mut stdout = std::io::stdout().lock();
    let output = match args.format {
        Format::Json => report::json::render(&report),
        Format::Sarif => report::sarif::render(&report),
        Format::Junit => report::junit::render(&report),
        Format::Github => report::github::render(&report),
        Format::Human => {
            let style = if use_color(args.color) {
                Style::color()
            } else {
                Style::plain()
            };
            let mut text = String::new();
            if args.verbose {
                for skipped in &report.skipped {
                    text.push_str(&format!("skipped {}: {}\n", skipped.path, skipped.reason));
                }
            }
            let rendered = report.render_human(&style);
            if args.quiet {
                let summary = report.summary();
                text.push_str(rendered.strip_suffix(summary.as_str()).unwrap_or(&rendered));
            } else {
                text.push_str(&rendered);
            }
            text
        }
    };
    if stdout.write_all(output.as_bytes()).is_err() {
        // A closed pipe (`| head`) is not a failure of the check.
        return if report.has_errors() {
            EXIT_FINDINGS
        } else {
            EXIT_CLEAN
        };
    }
    if report.has_errors() {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}
