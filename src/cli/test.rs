use std::io::Write;

use crate::cli::args::{NewArgs, NewKind, TestArgs, TestCommand, TestFormat, TestInitArgs};
use crate::cli::{EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, use_color};
use crate::content::discover::{self, Discovered};
use crate::content::model::Loaded;
use crate::harness::runner::{self, CaseResult, RunReport, Status};
use crate::harness::{fixture, init, snapshot};
use crate::report;

/// Whether the environment says this is a CI run (`CI=true`, as GitHub Actions and most CI
/// services set it).
fn ci_environment() -> bool {
    std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1")
}

pub fn run(args: &TestArgs) -> u8 {
    if let Some(TestCommand::Init(init)) = &args.command {
        return init_file(init);
    }
    let ci = args.ci || ci_environment();
    if args.update && ci {
        eprintln!("error: --update cannot write snapshots in CI (CI=true); run it locally");
        return EXIT_USAGE;
    }
    let lint = match args.project.options() {
        Ok(options) => options,
        Err(error) => {
            eprintln!("error: {error}");
            return EXIT_USAGE;
        }
    };
    let options = runner::Options {
        paths: args.paths.clone(),
        update: args.update,
        ci,
        coverage: args.coverage,
        lint,
    };
    let report = match runner::run(&options) {
        Ok(report) => report,
        Err(error) => {
            eprintln!("error: {error}");
            return EXIT_USAGE;
        }
    };
    let cases: Vec<report::TestCase> = report.cases.iter().map(to_report).collect();
    let stale: Vec<String> = report.stale.iter().map(|p| snapshot::shown(p)).collect();
    let color = use_color(args.color);
    let (stdout_text, stderr_text) = match args.format {
        TestFormat::Human => (human(&report, &stale, args.update, color), String::new()),
        TestFormat::Json => (
            report::json::render_test_run(&cases, &stale),
            format!("{}\n", report.summary()),
        ),
        TestFormat::Junit => (
            report::junit::render_test_run(&cases),
            format!("{}\n", report.summary()),
        ),
        TestFormat::Github => {
            let mut text = report::github::render_test_run(&cases);
            text.push_str(&format!("{}\n", report.summary()));
            (text, String::new())
        }
    };
    crate::cli::out::write(&stdout_text);
    let _ = std::io::stderr().lock().write_all(stderr_text.as_bytes());
    if report.failed() > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

fn status(status: &Status) -> &'static str {
    match status {
        Status::Passed => "passed",
        Status::Written { .. } => "written",
        Status::Failed => "failed",
    }
}

fn to_report(case: &CaseResult) -> report::TestCase {
    report::TestCase {
        path: case.test_file.to_string(),
        line: case.line,
        column: case.column,
        rule: case.rule.to_string(),
        name: case.case.clone(),
        status: status(&case.status),
        message: case.message.clone(),
        diff: case.diff.clone(),
        notes: case.notes.clone(),
    }
}

/// Each case on a line, failures with their message and diff, stale snapshots, coverage, and
/// `N passed, M failed` last.
fn human(report: &RunReport, stale: &[String], update: bool, color: bool) -> String {
    let paint = |code: &str, text: &str| {
        if color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    };
    let mut out = String::new();
    for case in &report.cases {
        let (label, code) = match case.status {
            Status::Passed => ("PASS", "32"),
            Status::Written { new: true } => ("NEW ", "36"),
            Status::Written { new: false } => ("UPDATED", "36"),
            Status::Failed => ("FAIL", "1;31"),
        };
        let name = if case.case.is_empty() {
            String::new()
        } else {
            format!(": {}", case.case)
        };
        out.push_str(&format!(
            "{} {}:{}{name}\n",
            paint(code, label),
            case.test_file,
            case.line
        ));
        if let Some(message) = &case.message {
            for line in message.lines() {
                out.push_str(&format!("    {line}\n"));
            }
        }
        if let Some(diff) = &case.diff {
            for line in diff.lines() {
                let painted = match line.chars().next() {
                    Some('+') => paint("32", line),
                    Some('-') => paint("31", line),
                    Some('@') => paint("36", line),
                    _ => line.to_string(),
                };
                out.push_str(&format!("    {painted}\n"));
            }
        }
        for note in &case.notes {
            out.push_str(&format!("    {} {note}\n", paint("33", "note:")));
        }
    }
    if !stale.is_empty() {
        let verb = if update {
            "stale snapshots (no case; delete them if the cases are gone)"
        } else {
            "stale snapshots (no case)"
        };
        out.push_str(&format!("{verb}:\n"));
        for path in stale {
            out.push_str(&format!("    {path}\n"));
        }
    }
    for rule in &report.coverage {
        out.push_str(&format!("coverage of {}:\n", rule.rule));
        for p in &rule.predicates {
            let state = match (&p.unmeasured, p.made_true, p.made_false) {
                (Some(why), _, _) => format!("not measured ({why})"),
                (None, true, true) => "true and false".to_string(),
                (None, true, false) => paint("33", "never false"),
                (None, false, true) => paint("33", "never true"),
                (None, false, false) => paint("33", "never reached"),
            };
            out.push_str(&format!(
                "    {}:{}: {} {}: {state}\n",
                p.line,
                p.column,
                p.kind.describe(),
                p.text
            ));
        }
        if rule.filters_never_false() {
            out.push_str(&format!(
                "    {} every case passes, but a filter was never false: the tests would pass without it\n",
                paint("33", "warning:")
            ));
        }
    }
    out.push_str(&report.summary());
    out.push('\n');
    out
}

fn init_file(args: &TestInitArgs) -> u8 {
    let lint = match args.project.options() {
        Ok(options) => options,
        Err(error) => {
            eprintln!("error: {error}");
            return EXIT_USAGE;
        }
    };
    let file = match discover::load_file(&args.rule) {
        Discovered::Loaded(Loaded::Content(file)) if file.query.is_some() => *file,
        Discovered::Loaded(Loaded::Content(file)) => {
            eprintln!("error: {}: the file has no query", file.path);
            return EXIT_USAGE;
        }
        Discovered::Loaded(Loaded::Skipped(skipped)) => {
            eprintln!("error: {}: {}", skipped.path, skipped.reason);
            return EXIT_USAGE;
        }
        Discovered::Unreadable(unreadable) => {
            eprintln!("error: {}: {}", unreadable.path, unreadable.message);
            return EXIT_USAGE;
        }
    };
    let catalog = match crate::lint::project_catalog([&file], &lint) {
        Ok(catalog) => catalog,
        Err(error) => {
            eprintln!("error: {error}");
            return EXIT_USAGE;
        }
    };
    let target = fixture::test_file_for(&args.rule);
    if target.exists() {
        eprintln!(
            "error: {} exists; add cases to it by hand",
            target.display()
        );
        return EXIT_USAGE;
    }
    let text = init::skeleton(&file, &catalog, init::pinned_now());
    if let Err(error) = snapshot::write(&target, &text) {
        eprintln!("error: cannot write {}: {error}", target.display());
        return EXIT_USAGE;
    }
    crate::cli::out::line(&format!("wrote {}", discover::display_path(&target)));
    EXIT_CLEAN
}

pub fn new(args: &NewArgs) -> u8 {
    let kind = init::kind_of(args.kind == NewKind::Rule, args.kind == NewKind::Parser);
    let stem = init::file_stem(&args.name);
    if stem.is_empty() {
        eprintln!("error: `{}` gives no file name", args.name);
        return EXIT_USAGE;
    }
    let content_path = args.dir.join(format!("{stem}.yaml"));
    let tests_path = fixture::test_file_for(&content_path);
    for path in [&content_path, &tests_path] {
        if path.exists() {
            eprintln!("error: {} exists", path.display());
            return EXIT_USAGE;
        }
    }
    let id = uuid::Uuid::new_v4().to_string();
    let (content, tests) = init::template(kind, &args.name, &id, init::pinned_now());
    for (path, text) in [(&content_path, &content), (&tests_path, &tests)] {
        if let Err(error) = snapshot::write(path, text) {
            eprintln!("error: cannot write {}: {error}", path.display());
            return EXIT_USAGE;
        }
        crate::cli::out::line(&format!("wrote {}", discover::display_path(path)));
    }
    EXIT_CLEAN
}
