use std::io::Write;

use crate::cli::args::{CheckArgs, Format};
use crate::cli::{EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, use_color};
use crate::report::{self, Report, human::Style};
use std::path::{Path, PathBuf};

use crate::{baseline, config, fix, lint};

/// The config file given, or the nearest `sentinel-lint.toml`, or the defaults.
pub fn load_config(config: Option<&Path>) -> Result<config::Config, String> {
    let config_path = match config {
        Some(path) => Some(path.to_path_buf()),
        None => config::find(Path::new(".")),
    };
    match config_path {
        Some(path) => config::load(&path),
        None => Ok(config::Config::default()),
    }
}

/// Options from the given config file (or the nearest `sentinel-lint.toml`) and the command line.
impl crate::cli::args::ProjectArgs {
    /// The lint options these arguments and the config give, with no rule turned off.
    pub fn options(&self) -> Result<lint::Options, String> {
        load_options(self.config.as_deref(), &self.tables, &self.functions, &[])
    }
}

pub fn load_options(
    config: Option<&Path>,
    tables: &[PathBuf],
    functions: &[PathBuf],
    ignore: &[String],
) -> Result<lint::Options, String> {
    lint::Options::new(&load_config(config)?, tables, functions, ignore)
}

fn options(args: &CheckArgs) -> Result<lint::Options, String> {
    let config = load_config(args.project.config.as_deref())?;
    let mut options = lint::Options::with_overrides(
        &config,
        &lint::Overrides {
            tables: &args.project.tables,
            functions: &args.project.functions,
            ignore: &args.ignore,
            select: &args.select,
            extend_select: &args.extend_select,
        },
    )?;
    options.context = args.context.clone();
    if let Some(reference) = &args.changed_since {
        // The repository is the one that holds the checked paths, wherever the tool runs.
        let first = args.paths.first().map_or(Path::new("."), PathBuf::as_path);
        let anchor = if first.is_dir() {
            first
        } else {
            first
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."))
        };
        options.only = Some(crate::git::changed_since(reference, anchor)?);
    }
    Ok(options)
}

fn render(format: Format, report: &Report, args: &CheckArgs, color: bool) -> String {
    match format {
        Format::Json => report::json::render(report),
        Format::Sarif => report::sarif::render(report),
        Format::Junit => report::junit::render(report),
        Format::Github => report::github::render(report),
        Format::Human => {
            let style = if color {
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
    }
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
    if let Some(path) = &args.write_baseline {
        return match baseline::write(path, &report) {
            Ok(count) => {
                eprintln!(
                    "Wrote {count} finding{} to the baseline {}.",
                    if count == 1 { "" } else { "s" },
                    path.display()
                );
                EXIT_CLEAN
            }
            Err(error) => {
                eprintln!("error: {error}");
                EXIT_USAGE
            }
        };
    }
    let mut baseline_note = None;
    if let Some(path) = &args.baseline {
        match baseline::apply(path, &mut report) {
            Ok(outcome) => baseline_note = Some(outcome),
            Err(error) => {
                eprintln!("error: {error}");
                return EXIT_USAGE;
            }
        }
    }
    let color = use_color(args.color);
    let terminal_format = if args.output.is_some() {
        Format::Human
    } else {
        args.format
    };
    if let Some(path) = &args.output {
        let text = render(args.format, &report, args, false);
        if let Err(error) = std::fs::write(path, text) {
            eprintln!("error: cannot write {}: {error}", path.display());
            return EXIT_USAGE;
        }
    }
    if args.format == Format::Github
        && let Some(summary) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|s| !s.is_empty())
    {
        let appended = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&summary)
            .and_then(|mut file| file.write_all(report::github::summary(&report).as_bytes()));
        if let Err(error) = appended {
            eprintln!(
                "warning: cannot append to GITHUB_STEP_SUMMARY ({}): {error}",
                PathBuf::from(summary).display()
            );
        }
    }
    let output = render(terminal_format, &report, args, color);
    let status = if report.has_errors() {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    };
    crate::cli::out::write(&output);
    if let Some(outcome) = baseline_note {
        eprintln!(
            "Baseline {}: {} known finding{} left out; {} baseline entr{} fixed{}.",
            args.baseline.as_deref().unwrap_or(Path::new("")).display(),
            outcome.known,
            if outcome.known == 1 { "" } else { "s" },
            outcome.fixed,
            if outcome.fixed == 1 { "y" } else { "ies" },
            if outcome.fixed > 0 {
                " (rewrite it with --write-baseline to drop them)"
            } else {
                ""
            }
        );
    }
    status
}
