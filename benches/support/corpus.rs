//! The queries of a content folder, extracted by the linter's own loader, for the benchmarks.
//! `SL_CORPUS` names the folder; by default the Azure-Sentinel snapshot in `../shared`.

use std::path::PathBuf;

use sentinel_lint::content::discover::{self, Discovered};
use sentinel_lint::content::model::Loaded;

pub fn corpus_root() -> PathBuf {
    std::env::var_os("SL_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../shared/corpus/azure-sentinel-2022-02")
        })
}

/// Every query of every content file under the corpus root, in path order; empty when the
/// folder is absent.
pub fn corpus_queries() -> Vec<String> {
    let root = corpus_root();
    if !root.is_dir() {
        return Vec::new();
    }
    let Ok(files) = discover::candidate_files(std::slice::from_ref(&root)) else {
        return Vec::new();
    };
    discover::load_all(&files)
        .into_iter()
        .filter_map(|item| match item {
            Discovered::Loaded(Loaded::Content(file)) => file.query.map(|q| q.text),
            _ => None,
        })
        .collect()
}
