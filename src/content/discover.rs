//! Finding content files: directory walks in sorted order, honouring `.gitignore`, skipping
//! hidden folders, reading files in parallel.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::content::model::{self, Loaded, Skipped};

/// File extensions that may hold Sentinel content.
pub const YAML_EXTENSIONS: [&str; 2] = ["yaml", "yml"];
pub const KQL_EXTENSIONS: [&str; 2] = ["kql", "csl"];

#[derive(Debug)]
pub enum DiscoverError {
    NotFound(PathBuf),
    Walk(String),
}

impl std::fmt::Display for DiscoverError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DiscoverError::NotFound(path) => {
                write!(f, "{}: no such file or directory", path.display())
            }
            DiscoverError::Walk(message) => f.write_str(message),
        }
    }
}

fn extension_kind(path: &Path) -> Option<bool> {
    let extension = path.extension()?.to_str()?.to_ascii_lowercase();
    if YAML_EXTENSIONS.contains(&extension.as_str()) {
        Some(false)
    } else if KQL_EXTENSIONS.contains(&extension.as_str()) {
        Some(true)
    } else {
        None
    }
}

/// Every candidate file under `paths`, in a stable order. A path given explicitly is always
/// taken, even if hidden or ignored: the user asked for it.
pub fn candidate_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, DiscoverError> {
    let mut files = Vec::new();
    for path in paths {
        if !path.exists() {
            return Err(DiscoverError::NotFound(path.clone()));
        }
        if path.is_file() {
            files.push(path.clone());
            continue;
        }
        let walker = ignore::WalkBuilder::new(path)
            .hidden(true)
            .git_ignore(true)
            .git_global(false)
            .git_exclude(true)
            .require_git(false)
            // `.ignore` is ripgrep's convention, not git's: looking for it cost a failing
            // `stat` in every directory.
            .ignore(false)
            .parents(true)
            .sort_by_file_name(|a, b| a.cmp(b))
            .build();
        for entry in walker {
            let entry = entry.map_err(|error| DiscoverError::Walk(error.to_string()))?;
            if entry.file_type().is_some_and(|t| t.is_file())
                && extension_kind(entry.path()).is_some()
            {
                files.push(entry.into_path());
            }
        }
    }
    Ok(files)
}

/// A file that could not be read: it is reported, and the run goes on.
#[derive(Debug)]
pub struct Unreadable {
    pub path: Arc<str>,
    pub message: String,
}

pub enum Discovered {
    Loaded(Loaded),
    Unreadable(Unreadable),
}

pub fn display_path(path: &Path) -> Arc<str> {
    let shown = path.strip_prefix("./").unwrap_or(path);
    Arc::from(shown.to_string_lossy().replace('\\', "/"))
}

/// Reads and classifies every file, in parallel, keeping the input order.
pub fn load_all(files: &[PathBuf]) -> Vec<Discovered> {
    files.par_iter().map(|path| load_file(path)).collect()
}

/// Content files larger than this are not Sentinel content; refusing them bounds memory.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

pub fn load_file(path: &Path) -> Discovered {
    let shown = display_path(path);
    let is_kql = extension_kind(path).unwrap_or(false);
    // Read up to one byte past the limit instead of asking for the size first: a `stat` per
    // file (and another inside `fs::read`) was most of the walk's system calls.
    let read = std::fs::File::open(path).and_then(|file| {
        let mut bytes = Vec::new();
        file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
        Ok(bytes)
    });
    match read {
        Err(error) => Discovered::Unreadable(Unreadable {
            path: shown,
            message: format!("cannot read: {error}"),
        }),
        Ok(bytes) if bytes.len() as u64 > MAX_FILE_BYTES => {
            let size = std::fs::metadata(path).map_or(bytes.len() as u64, |m| m.len());
            Discovered::Unreadable(Unreadable {
                path: shown,
                message: format!(
                    "file is {size} bytes, more than the {MAX_FILE_BYTES} bytes a content file may have"
                ),
            })
        }
        Ok(bytes) => match String::from_utf8(bytes) {
            Err(error) => {
                let at = error.utf8_error().valid_up_to();
                Discovered::Unreadable(Unreadable {
                    path: shown,
                    message: format!("not valid UTF-8 (byte {at})"),
                })
            }
            Ok(text) => Discovered::Loaded(model::load_text(shown, Arc::from(text), is_kql)),
        },
    }
}

pub fn skipped(path: Arc<str>, reason: impl Into<String>) -> Skipped {
    Skipped {
        path,
        reason: reason.into(),
    }
}
