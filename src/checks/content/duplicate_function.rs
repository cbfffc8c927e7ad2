use crate::catalog::function_library;
use crate::content::ContentFile;
use crate::declare_rule;
use crate::diag::{Diagnostic, Span};

declare_rule! {
    /// ## What it does
    /// Reports a parser that defines a function (`FunctionName`, `FunctionAlias` or
    /// `ParserName`) which another parser among the checked paths also defines. The diagnostic
    /// is on each parser that is not used, with a label on the one that is: the one with the
    /// highest `Version`, then the last in path order.
    ///
    /// ## Why is this bad?
    /// A workspace holds one function per name: deploying both parsers makes one overwrite the
    /// other, and which one survives depends on the deployment order. Rules that call the
    /// function are checked against one definition and may run against the other. It usually
    /// comes from keeping an old version of a parser beside the new one.
    ///
    /// ## Example
    /// ```yaml
    /// # Parsers/ASimNetworkSessionV1/NetworkSessionGeneric.yaml and
    /// # Parsers/ASimNetworkSession/Parsers/imNetworkSession.yaml
    /// ParserName: imNetworkSession
    /// ```
    ///
    /// ## Use instead
    /// Delete the old parser, or give it another name (`imNetworkSessionV1`).
    pub static RULE = ("SL008", "duplicate-function", Warning);
}

pub fn check(files: &[&ContentFile]) -> Vec<(usize, Diagnostic)> {
    let chosen = function_library::definitions(files, &[]);
    let mut found = Vec::new();
    for (index, file) in files.iter().enumerate() {
        let Some(name) = file.function_name() else {
            continue;
        };
        let Some(used) = chosen.get(name) else {
            continue;
        };
        if std::ptr::eq(*used, *file) {
            continue;
        }
        let span = name_span(file, name);
        let diagnostic = RULE
            .diag(
                format!(
                    "function `{name}` is also defined by `{}`, which is the one used",
                    used.path
                ),
                span,
            )
            .with_label_in(used.path.clone(), name_span(used, name), "used definition")
            .with_help(
                "a workspace has one function per name: delete this parser or rename its function",
            );
        found.push((index, diagnostic));
    }
    found
}

fn name_span(file: &ContentFile, name: &str) -> Span {
    [
        "FunctionAlias",
        "FunctionName",
        "ParserName",
        "LookupTableName",
    ]
    .iter()
    .filter_map(|key| file.field(key))
    .find(|node| node.as_str() == Some(name))
    .map_or_else(|| file.missing_field_span(), |node| node.span)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::load;
    use crate::report::human;

    fn parser(name: &str, version: &str) -> String {
        format!(
            "Parser:\n  Title: Test\n  Version: '{version}'\nParserName: {name}\nParserQuery: |\n  SecurityEvent | project TimeGenerated, Computer\n"
        )
    }

    #[test]
    fn fires_and_passes() {
        let old = load("Parsers/V1/Generic.yaml", &parser("imThing", "0.0"));
        let new = load("Parsers/Current/imThing.yaml", &parser("imThing", "0.3"));
        let other = load("Parsers/Current/imOther.yaml", &parser("imOther", "0.1"));
        assert!(check(&[&new, &other]).is_empty());
        let found = check(&[&new, &old, &other]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, 1);
        let lookup = |path: &str| (path == &*new.path).then_some((&*new.source, &new.lines));
        let rendered = human::render(&found[0].1, &old, &human::Style::plain(), &lookup);
        insta::assert_snapshot!(rendered);
    }

    #[test]
    fn equal_versions_resolve_to_the_last_path() {
        let a = load("Parsers/A.yaml", &parser("imThing", "0.1"));
        let b = load("Parsers/B.yaml", &parser("imThing", "0.1"));
        let found = check(&[&a, &b]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, 0);
    }
}
