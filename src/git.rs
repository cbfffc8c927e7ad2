//! What git knows about the working tree, asked by running `git` (no library: the user's own
//! git, with their config, decides what "changed" means, exactly as on their command line).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::catalog::hash::FxHashSet as HashSet;

/// Runs `git ARGS` in `dir`; its standard output, or a message with git's own error.
fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|error| format!("cannot run git: {error}"))?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        Err(String::from_utf8_lossy(&output.stderr).trim().to_string())
    }
}

/// The root of the git working tree that holds `dir`, if any.
pub fn toplevel(dir: &Path) -> Option<PathBuf> {
    let out = git(dir, &["rev-parse", "--show-toplevel"]).ok()?;
    let text = String::from_utf8(out).ok()?;
    let root = PathBuf::from(text.trim_end_matches(['\n', '\r']));
    Some(std::fs::canonicalize(&root).unwrap_or(root))
}

/// The files (canonical paths) changed since `reference`: changed by the commits since the
/// merge base of `reference` and `HEAD` (so that what only the other branch changed is not
/// counted), staged or not, and untracked files that `.gitignore` does not exclude. Deleted
/// files are left out: there is nothing to check.
pub fn changed_since(reference: &str, dir: &Path) -> Result<HashSet<PathBuf>, String> {
    let shown = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    let Some(root) = toplevel(dir) else {
        // Tell a missing git from a directory outside any repository.
        git(dir, &["--version"])?;
        return Err(format!(
            "--changed-since needs a git repository, and {} is not inside one",
            shown.display()
        ));
    };
    let commit = format!("{reference}^{{commit}}");
    git(&root, &["rev-parse", "--verify", "--quiet", &commit]).map_err(|_| {
        format!(
            "--changed-since: `{reference}` is not a commit, branch or tag of {}",
            root.display()
        )
    })?;
    let base = git(&root, &["merge-base", reference, "HEAD"])
        .ok()
        .and_then(|out| String::from_utf8(out).ok())
        .map(|text| text.trim().to_string())
        .filter(|text| !text.is_empty())
        .unwrap_or_else(|| reference.to_string());
    let mut changed = HashSet::default();
    let diff = git(
        &root,
        &[
            "diff",
            "--name-only",
            "-z",
            "--no-renames",
            "--diff-filter=d",
            &base,
            "--",
        ],
    )
    .map_err(|error| format!("--changed-since: git diff failed: {error}"))?;
    let untracked = git(&root, &["ls-files", "--others", "--exclude-standard", "-z"])
        .map_err(|error| format!("--changed-since: git ls-files failed: {error}"))?;
    for name in diff.split(|&b| b == 0).chain(untracked.split(|&b| b == 0)) {
        if name.is_empty() {
            continue;
        }
        let path = root.join(String::from_utf8_lossy(name).as_ref());
        changed.insert(std::fs::canonicalize(&path).unwrap_or(path));
    }
    Ok(changed)
}
