use std::collections::HashMap;

use crate::checks::fields::invalid_id::is_guid;
use crate::checks::schema::{self, SchemaKind};
use crate::content::ContentFile;
use crate::declare_rule;
use crate::diag::{Diagnostic, Span};

declare_rule! {
    /// ## What it does
    /// Reports an `id` that another analytic rule (or another hunting query) among the checked
    /// paths already uses; the ids are compared as GUIDs, ignoring case. The diagnostic is on
    /// the later file, with a label on the first use.
    ///
    /// ## Why is this bad?
    /// The id names the template in Sentinel: two rules with one id overwrite each other when
    /// deployed, and only one of them ever runs. It usually comes from copying a file and
    /// forgetting to give the copy a new id.
    ///
    /// ## Example
    /// ```yaml
    /// # Detections/A.yaml and Detections/B.yaml
    /// id: 0b1e4b1e-3c7a-4d3c-9f0e-1b2c3d4e5f60
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # Detections/B.yaml
    /// id: 7f3a8c2e-1d4b-4e6f-a5c9-0b2d4f6e8a1c
    /// ```
    pub static RULE = ("SL111", "duplicate-id", Error);
}

pub fn check(files: &[&ContentFile]) -> Vec<(usize, Diagnostic)> {
    let mut first: HashMap<(SchemaKind, String), (usize, Span)> = HashMap::new();
    let mut found = Vec::new();
    for (index, file) in files.iter().enumerate() {
        let Some(kind) = schema::schema_kind(file) else {
            continue;
        };
        let Some(node) = file.field("id") else {
            continue;
        };
        let Some(id) = node.as_string().filter(|id| is_guid(id)) else {
            continue;
        };
        let key = (kind, id.to_ascii_lowercase());
        match first.get(&key) {
            None => {
                first.insert(key, (index, node.span));
            }
            Some(&(first_index, first_span)) => {
                let what = match kind {
                    SchemaKind::AnalyticRule => "analytic rule",
                    SchemaKind::HuntingQuery => "hunting query",
                };
                let first_file = files[first_index];
                let identical = first_file.root.as_ref().map(|root| root.to_json())
                    == file.root.as_ref().map(|root| root.to_json());
                let (message, help) = if identical {
                    (
                        format!(
                            "this {what} is an identical copy of `{}` (same `id` `{id}`)",
                            first_file.path
                        ),
                        "keep one copy: two copies of one template drift apart, and only one is deployed",
                    )
                } else {
                    (
                        format!(
                            "`id` `{id}` is already used by the {what} `{}`",
                            first_file.path
                        ),
                        "give this file a new GUID (`uuidgen`, `New-Guid`): deployed together, one overwrites the other",
                    )
                };
                let diagnostic = RULE
                    .diag(message, node.span)
                    .with_label_in(first_file.path.clone(), first_span, "first used here")
                    .with_help(help);
                found.push((index, diagnostic));
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{hunting_query, load, scheduled_rule};
    use crate::report::human;

    #[test]
    fn fires_and_passes() {
        let a = load("Detections/A.yaml", &scheduled_rule(&[]));
        let b = load(
            "Detections/B.yaml",
            &scheduled_rule(&[("name", Some("Copy"))]),
        );
        let c = load(
            "Detections/C.yaml",
            &scheduled_rule(&[("id", Some("7f3a8c2e-1d4b-4e6f-a5c9-0b2d4f6e8a1c"))]),
        );
        // a hunting query is another namespace
        let h = load(
            "Hunting Queries/H.yaml",
            &hunting_query(&[("id", Some("0B1E4B1E-3C7A-4D3C-9F0E-1B2C3D4E5F60"))]),
        );
        assert!(check(&[&a, &c, &h]).is_empty());
        let copy = load("Solutions/X/Analytic Rules/A.yaml", &scheduled_rule(&[]));
        let found = check(&[&a, &b, &c, &h, &copy]);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].0, 1);
        assert_eq!(found[1].0, 4);
        let lookup = |path: &str| (path == &*a.path).then_some((&*a.source, &a.lines));
        let rendered = human::render(&found[0].1, &b, &human::Style::plain(), &lookup)
            + "\n"
            + &human::render(&found[1].1, &copy, &human::Style::plain(), &lookup);
        insta::assert_snapshot!(rendered);
    }
}
