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
//! # Rules to turn off, by code or name.
//! ignore = ["SL004", "missing-kind"]
//! ```
//! Paths are relative to the file that names them.

use std::path::{Path, PathBuf};

use serde::Deserialize;

pub const FILE_NAME: &str = "sentinel-lint.toml";

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Config {
    /// Where the settings came from, if a file was found.
    pub path: Option<PathBuf>,
    pub tables: Vec<PathBuf>,
    pub functions: Vec<PathBuf>,
    pub ignore: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    catalog: RawCatalog,
    #[serde(default)]
    check: RawCheck,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCatalog {
    #[serde(default)]
    tables: Vec<String>,
    #[serde(default)]
    functions: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCheck {
    #[serde(default)]
    ignore: Vec<String>,
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
    let raw: RawConfig = toml::from_str(&text).map_err(|e| {
        let position = e
            .span()
            .map(|span| {
                let at = crate::diag::LineIndex::new(&text).line_col(&text, span.start as u32);
                format!(":{}:{}", at.line, at.column)
            })
            .unwrap_or_default();
        format!("{}{position}: {}", path.display(), e.message())
    })?;
    let base = path.parent().unwrap_or(Path::new("."));
    Ok(Config {
        path: Some(path.to_path_buf()),
        tables: raw.catalog.tables.iter().map(|t| base.join(t)).collect(),
        functions: raw.catalog.functions.iter().map(|f| base.join(f)).collect(),
        ignore: raw.check.ignore,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_paths_relative_to_the_file_and_rejects_unknown_keys() {
        let dir = std::env::temp_dir().join(format!("sl-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(FILE_NAME);
        std::fs::write(
            &path,
            "[catalog]\ntables = [\"custom\"]\n[check]\nignore = [\"SL004\"]\n",
        )
        .unwrap();
        let config = load(&path).unwrap();
        assert_eq!(config.tables, vec![dir.join("custom")]);
        assert_eq!(config.ignore, vec!["SL004".to_string()]);
        std::fs::write(&path, "[catalog]\ntabels = []\n").unwrap();
        let error = load(&path).unwrap_err();
        assert!(
            error.contains(":2:1") && error.contains("tabels"),
            "{error}"
        );
        std::fs::remove_dir_all(dir).unwrap();
    }
}
