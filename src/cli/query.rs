use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use serde_json::json;

use crate::cli::args::{QueryCommand, QueryParseArgs, QueryRunArgs, QuerySchemaArgs, ResultFormat};
use crate::cli::{EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, out, use_color};
use crate::content::ContentFile;
use crate::content::discover::{self, Discovered};
use crate::content::model::{self, Loaded};
use crate::diag::Span;
use crate::kql;
use crate::report::human::{self, Style};

pub fn run(command: &QueryCommand) -> u8 {
    match command {
        QueryCommand::Parse(args) => parse(args),
        QueryCommand::Schema(args) => schema(args),
        QueryCommand::Run(args) => run_query(args),
    }
}

/// The file whose query the command works on: a content YAML file, a KQL file, or stdin.
pub fn load_query_file(path: &Path) -> Result<ContentFile, String> {
    if path.as_os_str() == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        return match model::load_text(Arc::from("<stdin>"), Arc::from(text), true) {
            Loaded::Content(file) => Ok(*file),
            Loaded::Skipped(skipped) => Err(skipped.reason),
        };
    }
    if !path.is_file() {
        return Err(format!("{}: no such file", path.display()));
    }
    let is_yaml = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"));
    if !is_yaml {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
        return match model::load_text(discover::display_path(path), Arc::from(text), true) {
            Loaded::Content(file) => Ok(*file),
            Loaded::Skipped(skipped) => Err(skipped.reason),
        };
    }
    match discover::load_file(path) {
        Discovered::Unreadable(unreadable) => {
            Err(format!("{}: {}", unreadable.path, unreadable.message))
        }
        Discovered::Loaded(Loaded::Skipped(skipped)) => {
            Err(format!("{}: {}", skipped.path, skipped.reason))
        }
        Discovered::Loaded(Loaded::Content(file)) if file.query.is_none() => {
            Err(format!("{}: the file has no query", file.path))
        }
        Discovered::Loaded(Loaded::Content(file)) => Ok(*file),
    }
}

fn parse(args: &QueryParseArgs) -> u8 {
    let file = match load_query_file(&args.file) {
        Ok(file) => file,
        Err(error) => {
            eprintln!("error: {error}");
            return EXIT_USAGE;
        }
    };
    let Some(query) = &file.query else {
        return EXIT_USAGE;
    };
    let parsed = kql::parse(&query.text);
    if args.ast {
        out::write(&kql::dump::dump(&parsed.query));
    }
    let errors: Vec<(String, Span)> = parsed
        .errors
        .iter()
        .map(|error| (error.message.clone(), query.map.file_span(error.span)))
        .collect();
    if args.json {
        let list: Vec<_> = errors
            .iter()
            .map(|(message, span)| {
                let at = file.lines.line_col(&file.source, span.start);
                json!({"message": message, "start": span.start, "end": span.end, "line": at.line, "column": at.column})
            })
            .collect();
        out::line(&json!({ "errors": list }).to_string());
    } else {
        let style = if use_color(args.color) {
            Style::color()
        } else {
            Style::plain()
        };
        for (message, span) in &errors {
            let diagnostic =
                crate::checks::query::kql_syntax_error::RULE.diag(message.clone(), *span);
            out::write(&human::render(&diagnostic, &file, &style, &|_| None));
        }
    }
    if errors.is_empty() {
        EXIT_CLEAN
    } else {
        EXIT_FINDINGS
    }
}

/// The query file and the project catalog it is analyzed against: the config, `--tables`,
/// `--functions` and the file's own parser, as `check` builds it.
fn load_with_catalog(
    path: &Path,
    project: &crate::cli::args::ProjectArgs,
) -> Result<(ContentFile, crate::catalog::Catalog), String> {
    let options = project.options()?;
    let file = load_query_file(path)?;
    let catalog = crate::lint::project_catalog([&file], &options).map_err(|e| e.to_string())?;
    Ok((file, catalog))
}

fn schema(args: &QuerySchemaArgs) -> u8 {
    let (file, catalog) = match load_with_catalog(&args.file, &args.project) {
        Ok(loaded) => loaded,
        Err(error) => {
            eprintln!("error: {error}");
            return EXIT_USAGE;
        }
    };
    let context = crate::checks::Context::new(&file, &catalog);
    let (Some(query), Some(parsed), Some(analysis)) =
        (&file.query, context.parsed(), context.analysis())
    else {
        return EXIT_USAGE;
    };
    let mut diagnostics: Vec<crate::diag::Diagnostic> = parsed
        .errors
        .iter()
        .map(|error| {
            crate::checks::query::kql_syntax_error::RULE.diag(error.message.clone(), error.span)
        })
        .chain(analysis.diagnostics.iter().cloned())
        .collect();
    for diagnostic in &mut diagnostics {
        diagnostic.span = query.map.file_span(diagnostic.span);
        for label in &mut diagnostic.labels {
            label.span = query.map.file_span(label.span);
        }
    }
    let has_errors = diagnostics
        .iter()
        .any(|d| d.severity == crate::diag::Severity::Error);
    let (columns, open, scalar) = match &analysis.output {
        crate::analyze::Output::Table(schema) => (schema.columns.as_slice(), schema.open, None),
        crate::analyze::Output::Scalar(ty) => (&[][..], false, Some(*ty)),
        crate::analyze::Output::None => (&[][..], false, None),
    };
    if args.json {
        let errors: Vec<_> = diagnostics
            .iter()
            .map(|d| {
                let at = file.lines.line_col(&file.source, d.span.start);
                json!({"code": d.code, "name": d.name, "severity": d.severity, "message": d.message,
                       "start": d.span.start, "end": d.span.end, "line": at.line, "column": at.column})
            })
            .collect();
        let columns: Vec<_> = columns
            .iter()
            .map(|c| json!({"name": &*c.name, "type": c.ty.name()}))
            .collect();
        let mut value =
            json!({"columns": columns, "open": open, "tables": analysis.tables, "errors": errors});
        if let Some(ty) = scalar {
            value["scalar"] = json!(ty.name());
        }
        out::line(&value.to_string());
    } else {
        let mut text = String::new();
        for column in columns {
            text.push_str(&format!("{}: {}\n", column.name, column.ty));
        }
        if open {
            text.push_str("... (open: other columns may exist)\n");
        }
        if let Some(ty) = scalar {
            text.push_str(&format!("(scalar) {ty}\n"));
        }
        let style = if use_color(args.color) {
            Style::color()
        } else {
            Style::plain()
        };
        for diagnostic in &diagnostics {
            text.push('\n');
            text.push_str(&human::render(diagnostic, &file, &style, &|_| None));
        }
        out::write(&text);
    }
    if has_errors {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

/// `query run`: loads the catalog like `query schema`, the data files, runs the query and
/// prints its result. Query errors point at the query's line and column (in the YAML file for
/// a content file); data errors at the data file's line.
fn run_query(args: &QueryRunArgs) -> u8 {
    let (file, catalog) = match load_with_catalog(&args.file, &args.project) {
        Ok(loaded) => loaded,
        Err(error) => {
            eprintln!("error: {error}");
            return EXIT_USAGE;
        }
    };
    let Some(query) = &file.query else {
        eprintln!("error: {}: the file has no query", file.path);
        return EXIT_USAGE;
    };
    let now = match &args.now {
        Some(text) => match crate::exec::value::parse_datetime(text) {
            Some(t) => t,
            None => {
                eprintln!("error: --now: `{text}` is not a datetime (e.g. 2024-01-01T00:00:00Z)");
                return EXIT_USAGE;
            }
        },
        None => crate::exec::current_time(),
    };
    let mut data = crate::exec::DataSet::new();
    for path in &args.data {
        if let Err(error) = data.load_path(path, &catalog) {
            eprintln!("error: {error}");
            return EXIT_USAGE;
        }
    }
    let run_options = crate::exec::RunOptions {
        now,
        limits: crate::exec::Limits {
            max_rows: args.max_rows,
            max_memory: args.max_memory.saturating_mul(1 << 20),
            timeout: std::time::Duration::from_secs_f64(args.timeout.max(0.0)),
        },
    };
    let result = match crate::exec::run(&query.text, &catalog, &data, &run_options) {
        Ok(result) => result,
        Err(error) => {
            let span = query.map.file_span(error.span);
            let at = file.lines.line_col(&file.source, span.start);
            eprintln!(
                "error: {}:{}:{}: {}",
                file.path, at.line, at.column, error.message
            );
            return EXIT_FINDINGS;
        }
    };
    for warning in &result.warnings {
        let span = query.map.file_span(warning.span);
        let at = file.lines.line_col(&file.source, span.start);
        eprintln!(
            "warning: {}:{}:{}: {}",
            file.path, at.line, at.column, warning.message
        );
    }
    let format = args.format.unwrap_or_else(|| {
        if std::io::IsTerminal::is_terminal(&std::io::stdout()) {
            ResultFormat::Table
        } else {
            ResultFormat::Json
        }
    });
    let text = match format {
        ResultFormat::Json => {
            let mut s = crate::exec::output::to_json(&result.table);
            s.push('\n');
            s
        }
        ResultFormat::Table => crate::exec::output::to_text(&result.table),
        ResultFormat::Csv => crate::exec::output::to_csv(&result.table),
    };
    out::write(&text);
    EXIT_CLEAN
}
