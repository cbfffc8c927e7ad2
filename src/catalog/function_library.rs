//! The function library: which parser defines each function name, among the checked files
//! and the `[catalog] functions` / `--functions` paths. The lint pipeline layers these onto
//! the catalog, and SL008 (`duplicate-function`) reports the names several parsers define.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::catalog::hash::FxHashSet as HashSet;
use crate::content::discover::{self, DiscoverError, Discovered};
use crate::content::model::{ContentFile, ContentKind, Loaded};

/// The parser that defines each function. A parser among the checked files wins over the
/// function library of the options. When several define one name, the highest `Version` wins,
/// then the last in path order: a repository that keeps an old copy (`ASimNetworkSessionV1/`)
/// beside the new one means the new one (SL008 reports the clash).
pub fn definitions<'a>(
    checked: &[&'a ContentFile],
    library: &'a [ContentFile],
) -> BTreeMap<&'a str, &'a ContentFile> {
    let mut chosen: BTreeMap<&str, &ContentFile> = BTreeMap::new();
    let mut from_checked: HashSet<&str> = HashSet::default();
    for (is_checked, file) in checked
        .iter()
        .map(|f| (true, *f))
        .chain(library.iter().map(|f| (false, f)))
    {
        if file.query.is_none() {
            continue;
        }
        for name in file.function_names() {
            if is_checked {
                from_checked.insert(name);
            } else if from_checked.contains(name) {
                continue;
            }
            match chosen.get(name) {
                Some(current) if current.parser_version() > file.parser_version() => {}
                _ => {
                    chosen.insert(name, file);
                }
            }
        }
    }
    chosen
}

/// The parsers under the `[catalog] functions` / `--functions` paths. A path that does not
/// exist is an error; a file there that is not a parser is ignored.
pub fn load(paths: &[PathBuf]) -> Result<Vec<ContentFile>, DiscoverError> {
    if paths.is_empty() {
        return Ok(Vec::new());
    }
    let candidates = discover::candidate_files(paths)?;
    Ok(discover::load_all(&candidates)
        .into_iter()
        .filter_map(|item| match item {
            Discovered::Loaded(Loaded::Content(file)) if file.kind == ContentKind::Parser => {
                Some(*file)
            }
            _ => None,
        })
        .collect())
}
