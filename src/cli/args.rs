use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Lints Microsoft Sentinel analytic rules, hunting queries and parsers, and the KQL in them.
#[derive(Debug, Parser)]
#[command(name = "sentinel-lint", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check content files (YAML rules, hunting queries, parsers; .kql/.csl files).
    Check(CheckArgs),
    /// List every rule with its code, name and default severity.
    Rules(RulesArgs),
    /// Print the documentation of a rule.
    Explain(ExplainArgs),
    /// Work with one KQL query: parse it, or infer what it outputs.
    #[command(subcommand)]
    Query(QueryCommand),
    /// Print the resolved configuration: the settings of sentinel-lint.toml and the rules
    /// that run, with their severity.
    Config(ConfigArgs),
    /// Run the tests of rules, hunting queries and parsers (`<rule>.tests.yaml`) and compare
    /// each case with its accepted snapshot; `test init RULE` writes a first test file.
    Test(TestArgs),
    /// Write a new rule, hunting query or parser from a template, with a first test case.
    New(NewArgs),
}

#[derive(Debug, Subcommand)]
pub enum QueryCommand {
    /// Print the syntax errors of a query (exit 1), or nothing (exit 0).
    Parse(QueryParseArgs),
    /// Print the columns a query outputs (`name: type`, one a line) and its diagnostics.
    Schema(QuerySchemaArgs),
    /// Run a query over data files (JSON Lines, CSV, YAML rows) and print its result.
    Run(QueryRunArgs),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ResultFormat {
    /// An aligned table (the default on a terminal).
    Table,
    /// `{"columns": [{"name", "type"}], "rows": [[...]]}`, values as Kusto writes them.
    Json,
    /// CSV with a header row.
    Csv,
}

#[derive(Debug, Args)]
pub struct QueryRunArgs {
    #[command(flatten)]
    pub project: ProjectArgs,
    /// A .kql/.csl file, a content YAML file (its query is run), or `-` for standard input.
    #[arg(default_value = "-")]
    pub file: PathBuf,
    /// Data files (one per table, named after it: `SecurityEvent.csv`, `.jsonl`, `.yaml`) or
    /// directories of them.
    #[arg(long = "data", value_name = "PATH")]
    pub data: Vec<PathBuf>,
    /// The time `now()` and `ago()` use (e.g. 2024-01-01T00:00:00Z); default: the current time.
    #[arg(long, value_name = "TIME")]
    pub now: Option<String>,
    /// Output format (default: table on a terminal, json otherwise).
    #[arg(long, value_enum)]
    pub format: Option<ResultFormat>,
    /// Most rows any operator may produce.
    #[arg(long, value_name = "N", default_value_t = 50_000_000)]
    pub max_rows: usize,
    /// Most memory (MB) one intermediate result may take.
    #[arg(long, value_name = "MB", default_value_t = 4096)]
    pub max_memory: usize,
    /// Time limit in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 300.0)]
    pub timeout: f64,
    /// When to use colors.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Debug, Args)]
pub struct QuerySchemaArgs {
    #[command(flatten)]
    pub project: ProjectArgs,
    /// A .kql/.csl file, a content YAML file (its query is analyzed), or `-` for standard input.
    #[arg(default_value = "-")]
    pub file: PathBuf,
    /// Print `{"columns": [{"name", "type"}], "open", "tables", "errors": [...]}`.
    #[arg(long)]
    pub json: bool,
    /// When to use colors.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Debug, Args)]
pub struct QueryParseArgs {
    /// A .kql/.csl file, a content YAML file (its query is parsed and positions are in the
    /// YAML file), or `-` for standard input.
    #[arg(default_value = "-")]
    pub file: PathBuf,
    /// Print `{"errors": [{"message", "start", "end", "line", "column"}]}`.
    #[arg(long)]
    pub json: bool,
    /// Print the syntax tree.
    #[arg(long)]
    pub ast: bool,
    /// When to use colors.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Diagnostics with the source line underlined, and a summary.
    Human,
    /// A JSON array of findings (format documented in the README).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
    /// JUnit XML: one test case per file.
    Junit,
    /// GitHub Actions annotations (`::error file=…`).
    Github,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub project: ProjectArgs,
    /// Files or directories to check; directories are walked (honouring .gitignore, skipping
    /// hidden folders).
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Print only the diagnostics, without the summary line.
    #[arg(long, short)]
    pub quiet: bool,
    /// Also list the files that were skipped as not Sentinel content, and why.
    #[arg(long, short)]
    pub verbose: bool,
    /// Turn a rule off (code or name); repeatable.
    #[arg(long, value_name = "RULE")]
    pub ignore: Vec<String>,
    /// Apply the safe fixes to the files (atomically), then report what is left.
    #[arg(long)]
    pub fix: bool,
    /// With --fix, also apply fixes that may change what a rule does.
    #[arg(long, requires = "fix")]
    pub unsafe_fixes: bool,
    /// When to use colors in human output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Run only these rules (codes, names, prefixes such as SL7, or ALL), instead of the
    /// config's `select`; repeatable.
    #[arg(long, value_name = "RULE")]
    pub select: Vec<String>,
    /// Run these rules too (codes, names or prefixes); repeatable.
    #[arg(long, value_name = "RULE")]
    pub extend_select: Vec<String>,
    /// Also load these files or directories for what they define (ids, parsers) without
    /// reporting their findings; pre-commit passes `--context .`. Repeatable.
    #[arg(long, value_name = "PATH")]
    pub context: Vec<PathBuf>,
    /// Report only the files changed since this git ref (committed since the merge base,
    /// staged, unstaged or untracked); the other files are still loaded for context.
    #[arg(long, value_name = "REF")]
    pub changed_since: Option<String>,
    /// Report only the findings that are not in this baseline file.
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    pub baseline: Option<PathBuf>,
    /// Record the current findings in this baseline file (and report nothing).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["changed_since", "fix"])]
    pub write_baseline: Option<PathBuf>,
    /// Write the report, in --format, to this file; the human report still goes to the
    /// terminal.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// Use this config file instead of the nearest sentinel-lint.toml.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Human,
    Json,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub format: ListFormat,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A rule code (`SL121`) or name (`missing-scheduling-field`).
    pub rule: String,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct TestArgs {
    #[command(flatten)]
    pub project: ProjectArgs,
    #[command(subcommand)]
    pub command: Option<TestCommand>,
    /// Test files, rules, or directories to search for `*.tests.yaml` files.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Write new and changed snapshots (atomically) and list stale ones.
    #[arg(long, conflicts_with = "ci")]
    pub update: bool,
    /// Never write; a missing snapshot fails (also when the CI environment variable is `true`).
    #[arg(long)]
    pub ci: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TestFormat::Human)]
    pub format: TestFormat,
    /// Report which `where` predicates and `iff`/`case` conditions the fixtures made true and
    /// false.
    #[arg(long)]
    pub coverage: bool,
    /// When to use colors in human output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Debug, Subcommand)]
pub enum TestCommand {
    /// Write `<rule>.tests.yaml` for a rule: every table its query reads, with the columns it
    /// uses, typed, one example row, and a pinned time.
    Init(TestInitArgs),
}

#[derive(Debug, Args)]
pub struct TestInitArgs {
    #[command(flatten)]
    pub project: ProjectArgs,
    /// The rule, hunting query or parser file.
    pub rule: PathBuf,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TestFormat {
    /// Each case with its diff, then `N passed, M failed`.
    Human,
    /// One JSON object: cases, stale snapshots, counts.
    Json,
    /// JUnit XML: one test case per case.
    Junit,
    /// GitHub Actions annotations at each failing case.
    Github,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum NewKind {
    /// A Scheduled analytic rule.
    Rule,
    /// A hunting query.
    Hunting,
    /// A parser (a saved function).
    Parser,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// What to write.
    #[arg(value_enum)]
    pub kind: NewKind,
    /// The display name; the file is named after it without spaces (`Password spray` →
    /// `PasswordSpray.yaml`).
    pub name: String,
    /// The directory to write into.
    #[arg(long, default_value = ".")]
    pub dir: PathBuf,
}

/// Where the project's catalog comes from: the options `check`, `query` and `test` share.
#[derive(Args, Debug, Clone, Default)]
pub struct ProjectArgs {
    /// Custom table schemas (CustomTables JSON or YAML; files or directories), added to those
    /// named in sentinel-lint.toml.
    #[arg(long = "tables", value_name = "PATH")]
    pub tables: Vec<PathBuf>,
    /// Parser files, or directories of them, whose functions queries may call (beside the
    /// parsers among the checked files), added to those named in sentinel-lint.toml.
    #[arg(long = "functions", value_name = "PATH")]
    pub functions: Vec<PathBuf>,
    /// Use this config file instead of the nearest sentinel-lint.toml.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}
