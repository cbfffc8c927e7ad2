//! `sentinel-lint config`: the settings as `check` will use them.

use std::fmt::Write;

use crate::checks::all_rules;
use crate::cli::args::ConfigArgs;
use crate::cli::check::load_config;
use crate::cli::{EXIT_CLEAN, EXIT_USAGE};
use crate::lint;

pub fn run(args: &ConfigArgs) -> u8 {
    let config = match load_config(args.config.as_deref()) {
        Ok(config) => config,
        Err(error) => {
            eprintln!("error: {error}");
            return EXIT_USAGE;
        }
    };
    let options = match lint::Options::new(&config, &[], &[], &[]) {
        Ok(options) => options,
        Err(error) => {
            eprintln!("error: {error}");
            return EXIT_USAGE;
        }
    };
    crate::cli::out::write(&render(&config, &options));
    EXIT_CLEAN
}

fn list<T: std::fmt::Display>(items: impl IntoIterator<Item = T>) -> String {
    let quoted: Vec<String> = items
        .into_iter()
        .map(|item| format!("{:?}", item.to_string()))
        .collect();
    format!("[{}]", quoted.join(", "))
}

/// The resolved settings, as TOML that could be pasted back into a config file, then the rules
/// that run as comments.
pub fn render(config: &crate::config::Config, options: &lint::Options) -> String {
    let mut out = String::new();
    match &config.path {
        Some(path) => {
            let _ = writeln!(out, "# from {}", path.display());
        }
        None => out.push_str("# no sentinel-lint.toml found: defaults\n"),
    }
    let _ = writeln!(
        out,
        "# paths and globs are relative to {}\n",
        options.base.display()
    );
    let paths = |paths: &[std::path::PathBuf]| list(paths.iter().map(|p| p.display()));
    let _ = writeln!(out, "[catalog]");
    let _ = writeln!(out, "tables = {}", paths(&config.tables));
    let _ = writeln!(out, "functions = {}\n", paths(&config.functions));
    let _ = writeln!(out, "[check]");
    match &config.select {
        Some(select) => {
            let _ = writeln!(out, "select = {}", list(select));
        }
        None => out.push_str("select = [\"ALL\"]\n"),
    }
    let _ = writeln!(out, "extend-select = {}", list(&config.extend_select));
    let _ = writeln!(out, "ignore = {}", list(&config.ignore));
    let _ = writeln!(out, "exclude = {}\n", list(&config.exclude));
    let _ = writeln!(out, "[check.per-file-ignores]");
    for (glob, codes) in &config.per_file_ignores {
        let _ = writeln!(out, "{glob:?} = {}", list(codes));
    }
    let _ = writeln!(out, "\n[check.severity]");
    for (selector, severity) in &config.severity {
        let _ = writeln!(out, "{selector:?} = {:?}", severity.as_str());
    }
    let _ = writeln!(out, "\n[attack]");
    let _ = writeln!(
        out,
        "version = {:?}{}",
        crate::config::BUNDLED_ATTACK_VERSION,
        if config.attack_version.is_none() {
            "  # the bundled release; not pinned"
        } else {
            ""
        }
    );
    let mut rules: Vec<_> = all_rules().collect();
    rules.sort_by_key(|rule| rule.code);
    let enabled: Vec<_> = rules
        .iter()
        .filter(|rule| !options.ignore.contains(&rule.code))
        .collect();
    let _ = writeln!(
        out,
        "\n# {} of {} rules run (severity after overrides):",
        enabled.len(),
        rules.len()
    );
    for rule in enabled {
        let severity = options
            .severity
            .iter()
            .find(|(code, _)| *code == rule.code)
            .map_or(rule.severity, |(_, severity)| *severity);
        let changed = if severity == rule.severity {
            ""
        } else {
            "  (overridden)"
        };
        let _ = writeln!(
            out,
            "#   {}  {:<36} {severity}{changed}",
            rule.code, rule.name
        );
    }
    out
}
