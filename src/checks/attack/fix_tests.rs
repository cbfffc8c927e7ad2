//! The safe fixes of the ATT&CK, entity and connector rules, applied: the result must still be
//! the same kind of content and the fixed findings must be gone.

use crate::checks::testing::{diagnostics, hunting_query, scheduled_rule};
use crate::diag::{Applicability, Diagnostic};

fn ours(diagnostic: &Diagnostic) -> bool {
    ["SL2", "SL3", "SL4"]
        .iter()
        .any(|family| diagnostic.code.starts_with(family))
}

/// Applies every safe fix of our rules (edits must not overlap) and returns the new text.
fn apply_safe_fixes(text: &str) -> (String, usize) {
    let (_, found) = diagnostics("fixture.yaml", text);
    let mut edits: Vec<_> = found
        .iter()
        .filter(|d| ours(d))
        .filter_map(|d| d.fix.as_ref())
        .filter(|fix| fix.applicability == Applicability::Safe)
        .flat_map(|fix| fix.edits.iter())
        .collect();
    let count = edits.len();
    edits.sort_by_key(|edit| std::cmp::Reverse(edit.span.start));
    let mut out = text.to_string();
    let mut floor = u32::MAX;
    for edit in edits {
        assert!(edit.span.end <= floor, "overlapping edits in\n{text}");
        out.replace_range(edit.span.range(), &edit.replacement);
        floor = edit.span.start;
    }
    (out, count)
}

#[test]
fn safe_fixes_leave_nothing_to_fix() {
    let cases = [
        scheduled_rule(&[
            (
                "tactics",
                Some("\n  - Command and Control\n  - credential-access\n  - CommandAndControl"),
            ),
            (
                "relevantTechniques",
                Some("\n  - t1110\n  - T1071\n  - T1110"),
            ),
            (
                "entityMappings",
                Some(
                    "\n  - entityType: ip\n    fieldMappings:\n      - identifier: address\n        columnName: IPAddress\n  - entityType: 'Azure resource'\n    fieldMappings:\n      - identifier: resourceid\n        columnName: R",
                ),
            ),
            (
                "requiredDataConnectors",
                Some("\n  - connectorId: azureactivedirectory\n    dataTypes:\n      - SigninLogs"),
            ),
        ]),
        hunting_query(&[
            (
                "tactics",
                Some("[Initial access, InitialAccess, \"defense evasion\"]"),
            ),
            ("relevantTechniques", Some("[T1078, T1078]")),
        ]),
    ];
    for text in &cases {
        let (fixed, count) = apply_safe_fixes(text);
        assert!(count > 0, "no fix in\n{text}");
        let (file, after) = diagnostics("fixture.yaml", &fixed);
        assert!(
            file.root.is_some(),
            "the fixed file no longer parses:\n{fixed}"
        );
        let left: Vec<_> = after
            .iter()
            .filter(|d| ours(d))
            .map(|d| format!("{} {}", d.code, d.message))
            .collect();
        assert!(left.is_empty(), "after fixing:\n{fixed}\nstill: {left:#?}");
        insta::assert_snapshot!(fixed);
    }
}
