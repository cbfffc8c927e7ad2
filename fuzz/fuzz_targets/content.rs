//! Arbitrary bytes as a rule file: the YAML loader and the content model must never panic, and
//! every diagnostic the per-file checks give (with its labels and fix edits) must point inside
//! the file, on character boundaries, since the renderers slice the source there. Bytes that are
//! not UTF-8 are replaced as `from_utf8_lossy` does (the loader itself refuses them earlier).
#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use sentinel_lint::catalog::Catalog;
use sentinel_lint::checks;
use sentinel_lint::content::model::{self, Loaded};
use sentinel_lint::content::yaml;
use sentinel_lint::diag::Span;
use sentinel_lint::report::{FileResult, Report};

fn assert_in(text: &str, span: Span, what: &str) {
    assert!(span.start <= span.end, "{what}: inverted span {span:?}");
    assert!(
        span.end as usize <= text.len(),
        "{what}: span {span:?} past the end ({})",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start as usize) && text.is_char_boundary(span.end as usize),
        "{what}: span {span:?} splits a character"
    );
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let loaded = yaml::load(&text);
    if let Some(root) = &loaded.root {
        assert_in(&text, root.span, "root node");
    }
    let source: Arc<str> = Arc::from(text.as_ref());
    let Loaded::Content(file) = model::load_text(Arc::from("fuzz.yaml"), source.clone(), false)
    else {
        return;
    };
    if let Some(query) = &file.query {
        assert_in(&source, query.span, "query scalar");
        let mapped = query.map.file_span(Span::new(0, query.text.len() as u32));
        assert_in(&source, mapped, "mapped query");
    }
    let diagnostics = checks::check_file(&file, Catalog::bundled());
    for d in &diagnostics {
        assert_in(&source, d.span, d.code);
        for label in d.labels.iter().filter(|l| l.file.is_none()) {
            assert_in(&source, label.span, d.code);
        }
        if let Some(fix) = &d.fix {
            for edit in &fix.edits {
                assert_in(&source, edit.span, d.code);
            }
        }
    }
    let (fixed, _) = sentinel_lint::fix::apply(&source, &diagnostics, true);
    // A fix that produces text the loader panics on would be found on the next run.
    let _ = yaml::load(&fixed);
    let report = Report::new(
        vec![FileResult {
            file: *file,
            diagnostics,
        }],
        Vec::new(),
    );
    let _ = report.render_plain();
});
