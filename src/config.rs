//! `sentinel-lint.toml`: project settings, found in the working directory or its ancestors.
//!
//! ```toml
//! [catalog]
//! # Custom table schemas: files or directories of Azure-Sentinel CustomTables JSON
//! # ({"Name", "Properties": [{"Name", "Type"}]}) or YAML (tables: [{name, columns: [{name, type}]}]).
//! tables = [".script/tests/KqlvalidationsTests/CustomTables"]
//! # Parser YAML files (FunctionName/FunctionAlias/ParserName), or directories of them, that
//! # queries may call as functions even when they are not among the checked paths.
//! functions = ["Parsers"]
//!
//! [check]
//! select = ["ALL"]                  # codes, names, prefixes (`SL7`, `SL7xx`) or ALL
//! extend-select = []                # added to `select`
//! ignore = ["SL004", "missing-kind"]
//! exclude = ["Archive/**"]          # globs, relative to this file
//!
//! [check.per-file-ignores]
//! "Hunting Queries/**" = ["SL4"]
//!
//! [check.severity]
//! SL701 = "warning"                 # error, warning or info
//!
//! [attack]
//! version = "18.1"                  # the ATT&CK release the rules are written against
//! ```
//! Paths and globs are relative to the file that names them. Every key, selector and glob is
//! checked when the file is read: a mistake is an error with its line and column.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use globset::{GlobBuilder, GlobMatcher};
use serde::Deserialize;
use toml::Spanned;

use crate::diag::Severity;
use crate::selection::Selector;

pub const FILE_NAME: &str = "sentinel-lint.toml";

/// The ATT&CK Enterprise release bundled in this build (`schemas/attack/`).
pub const BUNDLED_ATTACK_VERSION: &str = "18.1";

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Config {
    /// Where the settings came from, if a file was found.
    pub path: Option<PathBuf>,
    pub tables: Vec<PathBuf>,
    pub functions: Vec<PathBuf>,
    pub ignore: Vec<String>,
    /// `None`: every rule.
    pub select: Option<Vec<String>>,
    pub extend_select: Vec<String>,
    /// Glob (relative to the config file) → selectors of rules that do not apply there.
    pub per_file_ignores: Vec<(String, Vec<String>)>,
    pub severity: Vec<(String, Severity)>,
    pub exclude: Vec<String>,
    pub attack_version: Option<String>,
}

impl Config {
    /// The directory that paths and globs are relative to: the config file's, or the working
    /// directory when there is no file.
    pub fn base(&self) -> PathBuf {
        let dir = self
            .path
            .as_deref()
            .and_then(Path::parent)
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf())
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    catalog: RawCatalog,
    #[serde(default)]
    check: RawCheck,
    #[serde(default)]
    attack: RawAttack,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCatalog {
    #[serde(default)]
    tables: Vec<String>,
    #[serde(default)]
    functions: Vec<String>,
}

type Names = Vec<Spanned<String>>;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCheck {
    #[serde(default)]
    ignore: Names,
    #[serde(default)]
    select: Option<Names>,
    #[serde(default, rename = "extend-select")]
    extend_select: Names,
    #[serde(default, rename = "per-file-ignores")]
    per_file_ignores: BTreeMap<Spanned<String>, Names>,
    #[serde(default)]
    severity: BTreeMap<Spanned<String>, Spanned<Severity>>,
    #[serde(default)]
    exclude: Names,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAttack {
    #[serde(default)]
    version: Option<Spanned<String>>,
}

/// The nearest `sentinel-lint.toml` at or above `start`.
pub fn find(start: &Path) -> Option<PathBuf> {
    let start = std::fs::canonicalize(start).ok()?;
    start
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|candidate| candidate.is_file())
}

/// Reads and validates a config file; the error names the file, line and column.
pub fn load(path: &Path) -> Result<Config, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    let at = |span: Option<std::ops::Range<usize>>, message: &str| {
        let position = span
            .map(|span| {
                let at = crate::diag::LineIndex::new(&text).line_col(&text, span.start as u32);
                format!(":{}:{}", at.line, at.column)
            })
            .unwrap_or_default();
        format!("{}{position}: {message}", path.display())
    };
    let raw: RawConfig = toml::from_str(&text).map_err(|e| at(e.span(), e.message()))?;
    let selectors = |names: &Names| -> Result<Vec<String>, String> {
        names
            .iter()
            .map(|name| {
                Selector::parse(name.get_ref())
                    .map(|s| s.text)
                    .map_err(|e| at(Some(name.span()), &e))
            })
            .collect()
    };
    let check = &raw.check;
    let mut per_file_ignores = Vec::new();
    for (glob, names) in &check.per_file_ignores {
        PathGlob::new(glob.get_ref()).map_err(|e| at(Some(glob.span()), &e))?;
        per_file_ignores.push((glob.get_ref().clone(), selectors(names)?));
    }
    let mut severity = Vec::new();
    for (selector, level) in &check.severity {
        let selector =
            Selector::parse(selector.get_ref()).map_err(|e| at(Some(selector.span()), &e))?;
        severity.push((selector.text, *level.get_ref()));
    }
    let mut exclude = Vec::new();
    for glob in &check.exclude {
        PathGlob::new(glob.get_ref()).map_err(|e| at(Some(glob.span()), &e))?;
        exclude.push(glob.get_ref().clone());
    }
    let attack_version = match &raw.attack.version {
        None => None,
        Some(version) => {
            let wanted = version.get_ref().trim();
            if wanted.trim_start_matches(['v', 'V']) != BUNDLED_ATTACK_VERSION {
                return Err(at(
                    Some(version.span()),
                    &format!(
                        "ATT&CK version `{wanted}` is not the one this build checks against \
                         (Enterprise v{BUNDLED_ATTACK_VERSION}); update sentinel-lint or the pinned version"
                    ),
                ));
            }
            Some(BUNDLED_ATTACK_VERSION.to_string())
        }
    };
    let base = path.parent().unwrap_or(Path::new("."));
    Ok(Config {
        path: Some(path.to_path_buf()),
        tables: raw.catalog.tables.iter().map(|t| base.join(t)).collect(),
        functions: raw.catalog.functions.iter().map(|f| base.join(f)).collect(),
        ignore: selectors(&check.ignore)?,
        select: check.select.as_ref().map(&selectors).transpose()?,
        extend_select: selectors(&check.extend_select)?,
        per_file_ignores,
        severity,
        exclude,
        attack_version,
    })
}

/// A glob over paths relative to the config file's directory, with `/` as the separator.
/// `*` stays within one path segment, `**` crosses them. A glob without a `/` also matches any
/// single segment (`*.kql`, `Archive`), as in `.gitignore`. A glob matches a file when it
/// matches the file's path or one of its parent directories.
#[derive(Clone, Debug)]
pub struct PathGlob {
    pub pattern: String,
    matcher: GlobMatcher,
    anywhere: bool,
}

impl PathGlob {
    pub fn new(pattern: &str) -> Result<PathGlob, String> {
        let trimmed = pattern.trim_start_matches("./").trim_end_matches('/');
        let glob = GlobBuilder::new(trimmed)
            .literal_separator(true)
            .build()
            .map_err(|e| format!("invalid glob `{pattern}`: {}", e.kind()))?;
        Ok(PathGlob {
            pattern: pattern.to_string(),
            matcher: glob.compile_matcher(),
            anywhere: !trimmed.contains('/'),
        })
    }

    /// Whether `relative` (a `/`-separated path under the base directory) or one of its parent
    /// directories matches.
    pub fn matches(&self, relative: &str) -> bool {
        let mut prefix_end = Some(relative.len());
        while let Some(end) = prefix_end {
            let prefix = &relative[..end];
            if self.matcher.is_match(prefix) {
                return true;
            }
            prefix_end = prefix.rfind('/');
        }
        self.anywhere
            && relative
                .split('/')
                .any(|segment| self.matcher.is_match(segment))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_config(name: &str, text: &str) -> (PathBuf, Result<Config, String>) {
        let dir = std::env::temp_dir().join(format!("sl-config-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(FILE_NAME);
        std::fs::write(&path, text).unwrap();
        let loaded = load(&path);
        std::fs::remove_dir_all(&dir).unwrap();
        (dir, loaded)
    }

    #[test]
    fn loads_paths_relative_to_the_file_and_rejects_unknown_keys() {
        let (dir, config) = temp_config(
            "paths",
            "[catalog]\ntables = [\"custom\"]\n[check]\nignore = [\"SL004\"]\n",
        );
        let config = config.unwrap();
        assert_eq!(config.tables, vec![dir.join("custom")]);
        assert_eq!(config.ignore, vec!["SL004".to_string()]);
        let (_, error) = temp_config("unknown", "[catalog]\ntabels = []\n");
        let error = error.unwrap_err();
        assert!(
            error.contains(":2:1") && error.contains("tabels"),
            "{error}"
        );
    }

    #[test]
    fn loads_every_setting() {
        let (_, config) = temp_config(
            "all",
            r#"[check]
select = ["SL1", "SL7xx"]
extend-select = ["SL002"]
ignore = ["missing-kind"]
exclude = ["Archive/**", "*.csl"]
[check.per-file-ignores]
"Hunting Queries/**" = ["SL4"]
[check.severity]
SL701 = "warning"
[attack]
version = "v18.1"
"#,
        );
        let config = config.unwrap();
        assert_eq!(config.select, Some(vec!["SL1".into(), "SL7xx".into()]));
        assert_eq!(config.extend_select, vec!["SL002".to_string()]);
        assert_eq!(
            config.per_file_ignores,
            vec![("Hunting Queries/**".to_string(), vec!["SL4".to_string()])]
        );
        assert_eq!(
            config.severity,
            vec![("SL701".to_string(), Severity::Warning)]
        );
        assert_eq!(config.attack_version.as_deref(), Some("18.1"));
    }

    #[test]
    fn a_bad_code_glob_severity_or_version_is_an_error_with_its_line() {
        for (text, expected) in [
            ("[check]\nselect = [\n  \"SL1\",\n  \"SL999\",\n]\n", ":4:3"),
            (
                "[check.per-file-ignores]\n\"a/**\" = [\"SL1\"]\n\"b/[\" = [\"SL1\"]\n",
                ":3:1",
            ),
            ("[check]\nexclude = [\"ok\", \"{a\"]\n", ":2:18"),
            ("[check.severity]\nSL701 = \"fatal\"\n", ":2:9"),
            ("[check.severity]\nSL7999 = \"info\"\n", ":2:1"),
            ("\n[attack]\nversion = \"15\"\n", ":3:11"),
        ] {
            let (_, error) = temp_config("bad", text);
            let error = error.unwrap_err();
            assert!(error.contains(expected), "{text}: {error}");
        }
    }

    #[test]
    fn globs_match_paths_parents_and_segments() {
        let glob = PathGlob::new("Hunting Queries/**").unwrap();
        assert!(glob.matches("Hunting Queries/a/b.yaml"));
        assert!(!glob.matches("Detections/b.yaml"));
        let glob = PathGlob::new("Archive").unwrap();
        assert!(glob.matches("content/Archive/old.yaml"));
        assert!(!glob.matches("content/Archived.yaml"));
        let glob = PathGlob::new("content/*.yaml").unwrap();
        assert!(glob.matches("content/a.yaml"));
        assert!(!glob.matches("content/x/a.yaml"));
    }
}
