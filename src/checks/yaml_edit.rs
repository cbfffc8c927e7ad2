//! Small edits of YAML text for fixes: replace a scalar keeping its quoting, remove one item of
//! a sequence. Used by the ATT&CK, entity and connector rules.

use crate::content::ContentFile;
use crate::content::yaml::{Node, ScalarStyle};
use crate::diag::Span;

/// The edit that makes scalar `node` read `text`, written in the node's own style (plain stays
/// plain, quoted keeps its quotes). `None` for block scalars and non-scalars.
pub fn replace_scalar(node: &Node, text: &str) -> Option<(Span, String)> {
    let scalar = node.as_scalar()?;
    let replacement = match scalar.style {
        ScalarStyle::Plain => text.to_string(),
        ScalarStyle::SingleQuoted => format!("'{}'", text.replace('\'', "''")),
        ScalarStyle::DoubleQuoted => {
            format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
        }
        ScalarStyle::Literal | ScalarStyle::Folded => return None,
    };
    Some((node.span, replacement))
}

/// The span to delete to remove `items[index]` from its sequence, or `None` when the layout is
/// unusual enough that a blind edit could break the file.
///
/// A block item on a line of its own (`  - value`, optionally followed by a comment) loses its
/// whole line; a flow item (`[a, b]`) loses itself and the comma before it (or after it, for the
/// first item).
pub fn remove_item(file: &ContentFile, items: &[Node], index: usize) -> Option<Span> {
    let item = items.get(index)?;
    let source: &str = &file.source;
    let start = item.span.start as usize;
    let end = item.span.end as usize;
    let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
    let before = &source[line_start..start];
    let line_end = source[end..].find('\n').map_or(source.len(), |i| end + i);
    let after = source[end..line_end].trim();
    let after_is_blank = after.is_empty() || after.starts_with('#');
    if let Some(dash) = before.trim_start().strip_prefix('-') {
        if dash.trim().is_empty() && after_is_blank && !source[start..end].contains('\n') {
            let next_line = (line_end + 1).min(source.len());
            return Some(Span::from_range(line_start..next_line));
        }
        return None;
    }
    // Flow sequence: remove `, item` (or `item, ` for the first one).
    let between = |a: usize, b: usize| source.get(a..b).map(str::trim);
    if index > 0 {
        let previous = &items[index - 1];
        if between(previous.span.end as usize, start) == Some(",") {
            return Some(Span::new(previous.span.end, item.span.end));
        }
    } else if let Some(next) = items.get(1)
        && between(end, next.span.start as usize) == Some(",")
    {
        return Some(Span::new(item.span.start, next.span.start));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::load;

    fn removed(text: &str, index: usize) -> Option<String> {
        let text = format!("query: x\n{text}");
        let file = load("fixture.yaml", &text);
        let items = file.field("list").unwrap().as_sequence().unwrap();
        let span = remove_item(&file, items, index)?;
        let mut out = text.to_string();
        out.replace_range(span.range(), "");
        Some(out["query: x\n".len()..].to_string())
    }

    #[test]
    fn removes_block_and_flow_items() {
        assert_eq!(
            removed("list:\n  - a\n  - b # note\n  - c\nquery: x\n", 1).unwrap(),
            "list:\n  - a\n  - c\nquery: x\n"
        );
        assert_eq!(removed("list:\n- a\n- b", 1).unwrap(), "list:\n- a\n");
        assert_eq!(removed("list: [a, b, c]\n", 2).unwrap(), "list: [a, b]\n");
        assert_eq!(removed("list: [a, b, c]\n", 0).unwrap(), "list: [b, c]\n");
        assert_eq!(removed("list:\n  - a\n  - b: 1\n    c: 2\n", 1), None);
    }

    #[test]
    fn replaces_scalars_in_their_style() {
        let file = load(
            "fixture.yaml",
            "query: x\na: x\nb: 'x'\nc: \"x\"\nd: |\n  x\n",
        );
        let text = |key| replace_scalar(file.field(key).unwrap(), "Y").map(|(_, t)| t);
        assert_eq!(text("a").as_deref(), Some("Y"));
        assert_eq!(text("b").as_deref(), Some("'Y'"));
        assert_eq!(text("c").as_deref(), Some("\"Y\""));
        assert_eq!(text("d"), None);
    }
}
