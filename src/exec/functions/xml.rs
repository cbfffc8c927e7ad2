//! `parse_xml(text)` (`parse-xml-function.md`): XML as a dynamic value. Elements become
//! keys, attributes `@name`, text `#text` (or the element's value when it has nothing else),
//! repeated children an array, an empty element null. Only elements, attributes and text
//! are translated (declarations, comments and processing instructions are skipped); text
//! stays text, as the page's conversion table shows. Invalid XML, or more than 1 MB, is null.

use std::sync::Arc;

use super::args::{dyn_value, text};
use super::{EvalContext, Registry, ret_dynamic};
use crate::exec::value::{Dynamic, Value};

pub(super) fn register(r: &mut Registry) {
    r.row("parse_xml", 1, 1, ret_dynamic, parse_xml);
}

const MAX_XML_BYTES: usize = 1 << 20;

fn parse_xml(a: &[Value], _: &EvalContext) -> Value {
    if let Value::Dynamic(d @ (Dynamic::Array(_) | Dynamic::Bag(_))) = &a[0] {
        return dyn_value(d.clone());
    }
    let s = text(&a[0]);
    if s.len() > MAX_XML_BYTES {
        return Value::Null;
    }
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let Ok(doc) = roxmltree::Document::parse_with_options(&s, options) else {
        return Value::Null;
    };
    let root = doc.root_element();
    dyn_value(Dynamic::bag(vec![(
        Arc::from(qualified_name(&root).as_str()),
        element(&root),
    )]))
}

/// The element's name as written (`prefix:local` when it has a prefix).
fn qualified_name(node: &roxmltree::Node) -> String {
    let tag = node.tag_name();
    match tag.namespace().and_then(|ns| node.lookup_prefix(ns)) {
        Some(prefix) if !prefix.is_empty() => format!("{prefix}:{}", tag.name()),
        _ => tag.name().to_string(),
    }
}

fn element(node: &roxmltree::Node) -> Dynamic {
    let mut items: Vec<(Arc<str>, Dynamic)> = Vec::new();
    for ns in node.namespaces() {
        // Declarations made on this element, as attributes (`xmlns`, `xmlns:p`).
        let declared_here = node
            .parent_element()
            .is_none_or(|p| p.lookup_namespace_uri(ns.name()) != Some(ns.uri()));
        if declared_here {
            let key = match ns.name() {
                Some(p) => format!("@xmlns:{p}"),
                None => "@xmlns".to_string(),
            };
            items.push((Arc::from(key.as_str()), Dynamic::string(ns.uri())));
        }
    }
    for attr in node.attributes() {
        let name = match attr.namespace().and_then(|ns| node.lookup_prefix(ns)) {
            Some(p) if !p.is_empty() => format!("@{p}:{}", attr.name()),
            _ => format!("@{}", attr.name()),
        };
        items.push((Arc::from(name.as_str()), Dynamic::string(attr.value())));
    }
    let mut texts = String::new();
    for child in node.children() {
        if child.is_element() {
            let key: Arc<str> = Arc::from(qualified_name(&child).as_str());
            let value = element(&child);
            match items.iter_mut().find(|(k, _)| *k == key) {
                // `element` never returns an array: an array here holds repeated children.
                Some((_, Dynamic::Array(list))) => {
                    let mut l = list.as_ref().clone();
                    l.push(value);
                    *list = Arc::new(l);
                }
                Some(slot) => {
                    let first = std::mem::take(&mut slot.1);
                    slot.1 = Dynamic::array(vec![first, value]);
                }
                None => items.push((key, value)),
            }
        } else if child.is_text() {
            texts.push_str(child.text().unwrap_or(""));
        }
    }
    let texts = texts.trim();
    if items.is_empty() {
        return if texts.is_empty() {
            Dynamic::Null
        } else {
            Dynamic::string(texts)
        };
    }
    if !texts.is_empty() {
        let at = items.iter().take_while(|(k, _)| k.starts_with('@')).count();
        items.insert(at, (Arc::from("#text"), Dynamic::string(texts)));
    }
    Dynamic::bag(items)
}

#[cfg(test)]
mod tests {
    use crate::exec::value::Value;

    fn xml(s: &str) -> String {
        let ctx = crate::exec::functions::EvalContext::new(0);
        super::parse_xml(&[Value::str(s)], &ctx).to_kusto_string()
    }

    #[test]
    fn the_documented_conversions() {
        assert_eq!(xml("<e/>"), r#"{"e":null}"#);
        assert_eq!(xml("<e>text</e>"), r#"{"e":"text"}"#);
        assert_eq!(xml(r#"<e name="value" />"#), r#"{"e":{"@name":"value"}}"#);
        assert_eq!(
            xml(r#"<e name="value">text</e>"#),
            r##"{"e":{"@name":"value","#text":"text"}}"##
        );
        assert_eq!(
            xml("<e> <a>text</a> <b>text</b> </e>"),
            r#"{"e":{"a":"text","b":"text"}}"#
        );
        assert_eq!(
            xml("<e> <a>text</a> <a>text</a> <a>x</a> </e>"),
            r#"{"e":{"a":["text","text","x"]}}"#
        );
        assert_eq!(
            xml("<e> text <a>text</a> </e>"),
            r##"{"e":{"#text":"text","a":"text"}}"##
        );
        assert_eq!(xml("<e>"), "");
    }
}
