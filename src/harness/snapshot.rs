//! Snapshots: the accepted result of each case, one YAML file per case under the top-level
//! `snapshots/` directory of the repository being tested.
//!
//! The repository root is the nearest ancestor of the rule file that holds `.git` or
//! `sentinel-lint.toml` (the working directory when there is none), so a repository's
//! snapshots sit in one place whatever directory `test` is run from. A rule at
//! `Detections/X/Rule.yaml` keeps its snapshots in `snapshots/Detections/X/Rule/<case>.snap.yaml`.
//!
//! The format is written for review in a pull request: deterministic, one value per line, every
//! value in the form Kusto's `tostring()` gives it (`2024-05-01T12:00:00Z`, compact JSON for
//! dynamic), rows sorted unless the query orders them:
//!
//! ```yaml
//! # sentinel-lint test snapshot: review with `sentinel-lint test`, accept with `--update`.
//! rule: Detections/SigninLogs/PasswordSprayFromOneIP.yaml
//! case: one IP fails against twelve accounts
//! now: 2024-05-01T12:00:00Z
//! window: 2024-05-01T11:00:00Z .. 2024-05-01T12:00:00Z (queryPeriod 1h)
//! result:
//!   columns:
//!     - IPAddress: string
//!     - FailedAccounts: long
//!   rows: # 1, sorted (the query does not order them)
//!     - IPAddress: 203.0.113.7
//!       FailedAccounts: 12
//! trigger: 1 row, gt 0 -> fired
//! alerts: # 1, one per result
//!   - name: Password spray from 203.0.113.7 against 12 accounts
//!     severity: Medium
//!     entities:
//!       - IP: {Address: 203.0.113.7}
//!     customDetails:
//!       FailedAccounts: ["12"]
//!     incident: 1
//! ```

use std::fmt::Write;
use std::path::{Path, PathBuf};

use crate::content::yaml::{ScalarType as YamlType, resolve_plain};
use crate::harness::alerts::Simulation;
use crate::harness::fixture::slug;
use crate::harness::rule::{Aggregation, RuleSettings};
use crate::harness::table::{Cell, ResultTable};
use crate::harness::{incidents, time};
use crate::kql::ast;
use crate::kql::types::ScalarType;

pub const DIRECTORY: &str = "snapshots";
pub const EXTENSION: &str = ".snap.yaml";

/// The root of the repository that holds `path`: the nearest ancestor with `.git` or
/// `sentinel-lint.toml`, else the working directory.
pub fn repo_root(path: &Path) -> PathBuf {
    let absolute = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let start = if absolute.is_dir() {
        absolute.as_path()
    } else {
        absolute.parent().unwrap_or(Path::new("."))
    };
    start
        .ancestors()
        .find(|dir| dir.join(".git").exists() || dir.join(crate::config::FILE_NAME).is_file())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")))
}

/// A path as the user sees it: relative to the working directory when it is under it.
pub fn shown(path: &Path) -> String {
    let cwd = std::env::current_dir()
        .ok()
        .and_then(|d| std::fs::canonicalize(d).ok());
    let relative = match &cwd {
        Some(cwd) => path.strip_prefix(cwd).unwrap_or(path),
        None => path,
    };
    crate::content::discover::display_path(relative).to_string()
}

/// The rule's path relative to the root, `/`-separated (what the snapshot names).
pub fn relative(root: &Path, path: &Path) -> String {
    let absolute = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let relative = absolute.strip_prefix(root).unwrap_or(&absolute);
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// The directory of a rule's snapshots: `snapshots/<rule path without extension>/`.
pub fn rule_directory(root: &Path, rule_relative: &str) -> PathBuf {
    let without_extension = match rule_relative.rsplit_once('.') {
        Some((stem, _)) if !stem.ends_with('/') => stem,
        _ => rule_relative,
    };
    let mut dir = root.join(DIRECTORY);
    for part in without_extension.split('/') {
        dir.push(part);
    }
    dir
}

pub fn case_path(root: &Path, rule_relative: &str, case: &str) -> PathBuf {
    rule_directory(root, rule_relative).join(format!("{}{EXTENSION}", slug(case)))
}

/// Writes a snapshot atomically (temporary file, then rename), creating its directory.
pub fn write(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    crate::fix::write_atomically(path, text)
}

/// Whether the final rows of the query come out in an order it chose (`sort`, `top`, … as its
/// last row-reordering operator); if not, the snapshot sorts them.
pub fn query_orders_rows(query: &ast::Query) -> bool {
    let Some(last) = query.statements.iter().rev().find_map(|s| match &s.kind {
        ast::StatementKind::Expr(expr) => Some(expr),
        _ => None,
    }) else {
        return false;
    };
    let ast::ExprKind::Pipeline { ops, .. } = &last.kind else {
        return false;
    };
    for op in ops.iter().rev() {
        match &op.kind {
            ast::OpKind::Sort { .. } | ast::OpKind::Top { .. } => return true,
            ast::OpKind::Where(_)
            | ast::OpKind::Extend(_)
            | ast::OpKind::Project(_)
            | ast::OpKind::ProjectAway(_)
            | ast::OpKind::ProjectKeep(_)
            | ast::OpKind::ProjectRename(_)
            | ast::OpKind::ProjectReorder(_)
            | ast::OpKind::Take { .. }
            | ast::OpKind::Serialize(_)
            | ast::OpKind::As { .. }
            | ast::OpKind::Render { .. } => {}
            _ => return false,
        }
    }
    false
}

/// Everything a snapshot shows about one case.
pub struct Snapshot<'a> {
    pub rule_path: &'a str,
    pub case: &'a str,
    pub now: i64,
    pub window: Option<String>,
    pub unused: &'a [String],
    pub result: &'a ResultTable,
    pub ordered: bool,
    pub rule: &'a RuleSettings,
    pub simulation: Option<&'a Simulation>,
}

impl Snapshot<'_> {
    pub fn render(&self) -> String {
        let mut out = String::new();
        out.push_str(
            "# sentinel-lint test snapshot: review with `sentinel-lint test`, accept with `--update`.\n",
        );
        let _ = writeln!(out, "rule: {}", string(self.rule_path, false));
        let _ = writeln!(out, "case: {}", string(self.case, false));
        let _ = writeln!(out, "now: {}", time::format_datetime(self.now));
        if let Some(window) = &self.window {
            let _ = writeln!(out, "window: {}", string(window, false));
        }
        if !self.unused.is_empty() {
            out.push_str("unused:\n");
            for line in self.unused {
                let _ = writeln!(out, "  - {}", string(line, false));
            }
        }
        out.push_str("result:\n  columns:\n");
        for (name, ty) in &self.result.columns {
            let _ = writeln!(out, "    - {}: {ty}", key(name));
        }
        let count = self.result.len();
        let order = if self.ordered {
            "in the query's order"
        } else {
            "sorted (the query does not order them)"
        };
        if count == 0 {
            out.push_str("  rows: [] # none\n");
        } else {
            let _ = writeln!(out, "  rows: # {count}, {order}");
            for row in &self.result.rows {
                for (i, ((name, ty), value)) in self.result.columns.iter().zip(row).enumerate() {
                    let lead = if i == 0 { "    - " } else { "      " };
                    let _ = writeln!(out, "{lead}{}: {}", key(name), cell(*ty, value));
                }
            }
        }
        if let Some(simulation) = self.simulation {
            self.render_alerts(&mut out, simulation);
        }
        out
    }

    fn render_alerts(&self, out: &mut String, simulation: &Simulation) {
        let trigger = simulation.trigger;
        let _ = writeln!(
            out,
            "trigger: {} row{}, {} {} -> {}",
            trigger.rows,
            if trigger.rows == 1 { "" } else { "s" },
            trigger.operator.symbol(),
            trigger.threshold,
            if trigger.fired { "fired" } else { "not fired" }
        );
        if let Some(seconds) = simulation.suppressed_for {
            let _ = writeln!(
                out,
                "suppression: the rule does not run again for {}",
                crate::checks::fields::duration::format(seconds)
            );
        }
        let grouping = match simulation.aggregation {
            Aggregation::SingleAlert => "all events in one alert",
            Aggregation::AlertPerResult => "one per result",
        };
        if simulation.alerts.is_empty() {
            out.push_str("alerts: [] # none\n");
        } else {
            let _ = writeln!(out, "alerts: # {}, {grouping}", simulation.alerts.len());
        }
        for alert in &simulation.alerts {
            let _ = writeln!(out, "  - name: {}", string(&alert.display_name, false));
            let _ = writeln!(
                out,
                "    description: {}",
                string(&alert.description, false)
            );
            let _ = writeln!(out, "    severity: {}", string(&alert.severity, false));
            let _ = writeln!(out, "    tactics: {}", flow_list(&alert.tactics));
            let _ = writeln!(out, "    techniques: {}", flow_list(&alert.techniques));
            let events: Vec<String> = alert.events.iter().map(|e| (e + 1).to_string()).collect();
            let _ = writeln!(
                out,
                "    events: [{}]{}",
                events.join(", "),
                if alert.summary {
                    " # summarises every event: the per-result cap was reached"
                } else {
                    ""
                }
            );
            if alert.entities.is_empty() {
                out.push_str("    entities: []\n");
            } else {
                out.push_str("    entities:\n");
                for entity in &alert.entities {
                    let ids: Vec<String> = entity
                        .identifiers
                        .iter()
                        .map(|(id, value)| format!("{}: {}", key(id), string(value, true)))
                        .collect();
                    let _ = writeln!(
                        out,
                        "      - {}: {{{}}}",
                        key(&entity.entity_type),
                        ids.join(", ")
                    );
                }
            }
            if !alert.custom_details.is_empty() {
                out.push_str("    customDetails:\n");
                for (name, values) in &alert.custom_details {
                    let _ = writeln!(out, "      {}: {}", key(name), flow_list(values));
                }
            }
            if !alert.dynamic.is_empty() {
                out.push_str("    dynamicProperties:\n");
                for (name, value) in &alert.dynamic {
                    let _ = writeln!(out, "      {}: {}", key(name), string(value, false));
                }
            }
            if let Some(incident) = alert.incident {
                let _ = writeln!(out, "    incident: {incident}");
            }
            if !alert.grouping_key.is_empty() {
                let _ = writeln!(out, "    groupingKey: {}", flow_list(&alert.grouping_key));
            }
        }
        let _ = writeln!(
            out,
            "incidents: {} # {}",
            simulation.incidents,
            incidents::describe(self.rule)
        );
        if !simulation.warnings.is_empty() {
            out.push_str("warnings:\n");
            for warning in &simulation.warnings {
                let _ = writeln!(out, "  - {}", string(warning, false));
            }
        }
    }
}

fn flow_list(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|item| string(item, true)).collect();
    format!("[{}]", items.join(", "))
}

fn key(name: &str) -> String {
    string(name, true)
}

/// A cell as YAML: numbers and booleans bare, null as `null`, everything else a string.
fn cell(ty: ScalarType, value: &Cell) -> String {
    match value {
        Cell::Null => "null".to_string(),
        Cell::Text(text) => match ty {
            ScalarType::Long
            | ScalarType::Int
            | ScalarType::Real
            | ScalarType::Decimal
            | ScalarType::Bool
                if resolve_plain(text) != YamlType::String =>
            {
                text.clone()
            }
            _ => string(text, false),
        },
    }
}

/// A string as YAML: plain when that reads back as the same string, double-quoted (JSON
/// escapes, which YAML shares) otherwise. `flow` is for values inside `[…]` and `{…}`.
pub fn string(text: &str, flow: bool) -> String {
    let plain = !text.is_empty()
        && resolve_plain(text) == YamlType::String
        && text.trim() == text
        && !text.starts_with([
            '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%',
            '@', '`',
        ])
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.ends_with(':')
        && !text.chars().any(|c| c.is_control() || c == '\u{feff}')
        && !(flow && text.contains([',', '[', ']', '{', '}']));
    if plain {
        text.to_string()
    } else {
        serde_json::to_string(text).unwrap_or_default()
    }
}

/// A unified diff of the accepted and the new snapshot, coloured on request.
pub fn diff(old: &str, new: &str, color: bool) -> String {
    let diff = similar::TextDiff::from_lines(old, new);
    let mut out = String::new();
    for group in diff.grouped_ops(3) {
        let (first, last) = (&group[0], &group[group.len() - 1]);
        let old_range = first.old_range().start..last.old_range().end;
        let new_range = first.new_range().start..last.new_range().end;
        let header = format!(
            "@@ -{},{} +{},{} @@",
            old_range.start + 1,
            old_range.len(),
            new_range.start + 1,
            new_range.len()
        );
        if color {
            let _ = writeln!(out, "\x1b[36m{header}\x1b[0m");
        } else {
            let _ = writeln!(out, "{header}");
        }
        for op in &group {
            for change in diff.iter_changes(op) {
                let (sign, style) = match change.tag() {
                    similar::ChangeTag::Delete => ('-', "\x1b[31m"),
                    similar::ChangeTag::Insert => ('+', "\x1b[32m"),
                    similar::ChangeTag::Equal => (' ', ""),
                };
                let line = change.value().trim_end_matches('\n');
                if color && !style.is_empty() {
                    let _ = writeln!(out, "{style}{sign}{line}\x1b[0m");
                } else {
                    let _ = writeln!(out, "{sign}{line}");
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_quoted_only_when_needed() {
        assert_eq!(string("203.0.113.7", false), "203.0.113.7");
        assert_eq!(
            string("2024-05-01T12:00:00Z", false),
            "2024-05-01T12:00:00Z"
        );
        assert_eq!(string("12", false), "\"12\"");
        assert_eq!(string("true", false), "\"true\"");
        assert_eq!(string("", false), "\"\"");
        assert_eq!(string("a: b", false), "\"a: b\"");
        assert_eq!(string("two\nlines", false), "\"two\\nlines\"");
        assert_eq!(string("a, b", true), "\"a, b\"");
        assert_eq!(string("a, b", false), "a, b");
        assert_eq!(string("{\"a\":1}", false), "\"{\\\"a\\\":1}\"");
    }

    #[test]
    fn every_rendered_string_reads_back() {
        for text in [
            "x", "12", "null", "a: b", "- x", "#x", " lead", "ünï", "[1]", "a #b",
        ] {
            let yaml = format!("k: {}\n", string(text, false));
            let loaded = crate::content::yaml::load(&yaml);
            assert!(loaded.problems.is_empty(), "{yaml}");
            assert_eq!(
                loaded.root.unwrap().get("k").unwrap().as_string(),
                Some(text)
            );
        }
    }

    #[test]
    fn ordering_is_the_querys_when_it_sorts_last() {
        let orders = |text: &str| query_orders_rows(&crate::kql::parse(text).query);
        assert!(orders("T | sort by A | project A"));
        assert!(orders("T | top 3 by A | where A > 1"));
        assert!(!orders("T | sort by A | summarize count() by A"));
        assert!(!orders("T | where A > 1"));
    }

    #[test]
    fn snapshot_paths_mirror_the_rule() {
        let root = Path::new("/repo");
        assert_eq!(
            case_path(root, "content/Detections/Rule.yaml", "Spray from one IP"),
            PathBuf::from("/repo/snapshots/content/Detections/Rule/spray-from-one-ip.snap.yaml")
        );
    }

    #[test]
    fn diff_marks_changed_lines() {
        let diff = diff("a\nb\nc\n", "a\nB\nc\n", false);
        assert_eq!(diff, "@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n");
    }
}
