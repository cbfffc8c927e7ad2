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
///
/// Symbolic links are followed only when given explicitly. Inside a directory they are not
/// followed, so that a link can neither loop nor lead the run out of the tree (in CI, a link in
/// a pull request to a secret file would print its lines); such links are still listed, and
/// [`load_file`] reports each as skipped with its target. A directory the walk cannot enter is
/// listed too, and reported as unreadable, instead of ending the run.
pub fn candidate_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, DiscoverError> {
    let mut files = Vec::new();
    for path in paths {
        let Ok(link) = std::fs::symlink_metadata(path) else {
            return Err(DiscoverError::NotFound(path.clone()));
        };
        if link.file_type().is_symlink() && !path.is_dir() {
            files.push(resolve_explicit_link(path));
            continue;
        }
        if !path.is_dir() {
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
            .follow_links(false)
            .sort_by_file_name(|a, b| a.cmp(b))
            .build();
        for entry in walker {
            let entry = match entry {
                Ok(entry) => entry,
                Err(error) => match error_path(&error) {
                    Some(unreadable) => {
                        files.push(unreadable.to_path_buf());
                        continue;
                    }
                    None => return Err(DiscoverError::Walk(error.to_string())),
                },
            };
            let Some(file_type) = entry.file_type() else {
                continue;
            };
            let wanted = if file_type.is_symlink() {
                // A link to a directory, or one that cannot be resolved (a loop), is listed
                // whatever its name, so that `--verbose` shows it was not followed.
                extension_kind(entry.path()).is_some()
                    || std::fs::metadata(entry.path()).map_or(true, |m| m.is_dir())
            } else {
                file_type.is_file() && extension_kind(entry.path()).is_some()
            };
            if wanted {
                files.push(entry.into_path());
            }
        }
    }
    Ok(files)
}

/// An explicitly named link to a file is read through: the run reports the file it really
/// read, relative to the working directory when it lies below it. A link that cannot be
/// resolved stays as it is, and is reported when loaded.
fn resolve_explicit_link(path: &Path) -> PathBuf {
    let Ok(target) = std::fs::canonicalize(path) else {
        return path.to_path_buf();
    };
    std::env::current_dir()
        .ok()
        .and_then(|cwd| target.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or(target)
}

/// The path a walk error is about (a directory that cannot be listed), if it names one.
fn error_path(error: &ignore::Error) -> Option<&Path> {
    match error {
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::Loop { child, .. } => Some(child),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        _ => None,
    }
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

/// Content files larger than this are not Sentinel content (the largest file of the
/// Azure-Sentinel repository is 20 KB); refusing them bounds the memory of a run.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

pub fn load_file(path: &Path) -> Discovered {
    let shown = display_path(path);
    let unreadable = |message: String| {
        Discovered::Unreadable(Unreadable {
            path: shown.clone(),
            message,
        })
    };
    let is_kql = extension_kind(path).unwrap_or(false);
    // One `lstat` per file: for anything but a link it is the file's own metadata, and the
    // walk's system calls were most of its time.
    let metadata = match std::fs::symlink_metadata(path) {
        Ok(metadata) => metadata,
        Err(error) => return unreadable(format!("cannot read: {error}")),
    };
    if metadata.file_type().is_symlink() {
        let target = std::fs::read_link(path)
            .map(|t| t.display().to_string())
            .unwrap_or_default();
        let reason = match std::fs::metadata(path) {
            Ok(_) => format!(
                "symbolic link to `{target}`: links inside a directory are not followed; name the target to check it"
            ),
            Err(error) => format!("symbolic link to `{target}` that cannot be resolved: {error}"),
        };
        return Discovered::Loaded(Loaded::Skipped(skipped(shown, reason)));
    }
    if metadata.is_dir() {
        return match std::fs::read_dir(path) {
            Err(error) => unreadable(format!("cannot read directory: {error}")),
            Ok(_) => Discovered::Loaded(Loaded::Skipped(skipped(shown, "a directory"))),
        };
    }
    if !metadata.is_file() {
        // Reading a FIFO would block the run forever, a device could be endless.
        return unreadable("not a regular file (a pipe, socket or device)".to_string());
    }
    if metadata.len() > MAX_FILE_BYTES {
        return unreadable(format!(
            "file is {} bytes, more than the {} bytes a content file may have",
            metadata.len(),
            MAX_FILE_BYTES
        ));
    }
    // Read at most one byte past the limit: the file may have grown since `metadata`.
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    let read = std::fs::File::open(path)
        .and_then(|file| file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes));
    if let Err(error) = read {
        return unreadable(format!("cannot read: {error}"));
    }
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return unreadable(format!(
            "file is more than the {MAX_FILE_BYTES} bytes a content file may have"
        ));
    }
    match String::from_utf8(bytes) {
        Err(error) => {
            let at = error.utf8_error().valid_up_to();
            unreadable(format!("not valid UTF-8 (byte {at})"))
        }
        Ok(text) => Discovered::Loaded(model::load_text(shown, Arc::from(text), is_kql)),
    }
}

pub fn skipped(path: Arc<str>, reason: impl Into<String>) -> Skipped {
    Skipped {
        path,
        reason: reason.into(),
    }
}
