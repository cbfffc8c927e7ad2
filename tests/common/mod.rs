//! What the integration tests share: finding `../shared` beside the repository.

use std::io::Write;
use std::path::PathBuf;

/// `../shared/<relative>` beside the crate, when it exists. When it does not, the test is
/// skipped visibly: the reason goes straight to stderr (past the test harness's capture), and
/// under `CI=true`, where the corpus is always laid beside the clone, it is a failure instead.
pub fn shared(relative: &str) -> Option<PathBuf> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(relative);
    if path.exists() {
        return Some(path);
    }
    let message = format!(
        "{} is absent (expected at ../shared/{relative} beside the repository)",
        path.display()
    );
    if std::env::var("CI").is_ok_and(|value| value == "true") {
        panic!("{message}; CI=true expects it");
    }
    let _ = writeln!(std::io::stderr(), "SKIPPED: {message}");
    None
}
