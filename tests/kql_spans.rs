//! Exact spans: every node's span covers exactly its text.

use sentinel_lint::kql::{self, ast::*};

fn text_of(text: &str, span: sentinel_lint::diag::Span) -> &str {
    &text[span.range()]
}

#[test]
fn spans_cover_their_text() {
    let text = "let x = 1;\r\nT | where ['a b'] has \"q\" and c in (1, 2)\n| summarize n = count() by bin(t, 1h)";
    let parsed = kql::parse(text);
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    let [let_stmt, query] = &parsed.query.statements[..] else {
        panic!("two statements expected");
    };
    assert_eq!(text_of(text, let_stmt.span), "let x = 1");
    let StatementKind::Expr(e) = &query.kind else {
        panic!("query statement expected")
    };
    assert_eq!(text_of(text, e.span), &text[12..]);
    let ExprKind::Pipeline { source, ops } = &e.kind else {
        panic!("pipeline expected")
    };
    assert_eq!(text_of(text, source.span), "T");
    assert_eq!(
        text_of(text, ops[0].span),
        "where ['a b'] has \"q\" and c in (1, 2)"
    );
    let OpKind::Where(pred) = &ops[0].kind else {
        panic!("where expected")
    };
    let ExprKind::Binary { lhs, rhs, .. } = &pred.kind else {
        panic!("and expected")
    };
    assert_eq!(text_of(text, lhs.span), "['a b'] has \"q\"");
    assert_eq!(text_of(text, rhs.span), "c in (1, 2)");
    let ExprKind::Binary { lhs: name, .. } = &lhs.kind else {
        panic!("has expected")
    };
    let ExprKind::Name(id) = &name.kind else {
        panic!("name expected")
    };
    assert_eq!(id.name, "a b");
    assert!(id.quoted);
    assert_eq!(text_of(text, id.span), "['a b']");
    let OpKind::Summarize { aggregates, by, .. } = &ops[1].kind else {
        panic!("summarize expected")
    };
    assert_eq!(text_of(text, aggregates[0].span), "n = count()");
    assert_eq!(text_of(text, aggregates[0].names[0].span), "n");
    assert_eq!(text_of(text, by[0].span), "bin(t, 1h)");
    let ExprKind::Call { args, .. } = &by[0].expr.kind else {
        panic!("call expected")
    };
    assert_eq!(text_of(text, args[1].span), "1h");
    let ExprKind::Literal(Literal {
        value: LitValue::TimeSpan(ticks),
        ..
    }) = &args[1].value.kind
    else {
        panic!("timespan expected")
    };
    assert_eq!(*ticks, 36_000_000_000);
}

#[test]
fn literal_values() {
    let cases: &[(&str, LitValue)] = &[
        ("'a\\tb'", LitValue::String("a\tb".into())),
        ("@'c:\\x'", LitValue::String("c:\\x".into())),
        ("@'it''s'", LitValue::String("it's".into())),
        ("h'secret'", LitValue::String("secret".into())),
        ("'a' \"b\"", LitValue::String("ab".into())),
        ("0x1F", LitValue::Long(31)),
        ("1.5e3", LitValue::Real(1500.0)),
        ("2d", LitValue::TimeSpan(2 * 864_000_000_000)),
        ("100ms", LitValue::TimeSpan(1_000_000)),
        ("1.5h", LitValue::TimeSpan(54_000_000_000)),
        ("1tick", LitValue::TimeSpan(1)),
        (
            "long(null)",
            LitValue::Null(sentinel_lint::kql::types::ScalarType::Long),
        ),
        (
            "datetime(2021-01-01 10:00)",
            LitValue::DateTime("2021-01-01 10:00".into()),
        ),
        ("bool(true)", LitValue::Bool(true)),
        ("real(-inf)", LitValue::Real(f64::NEG_INFINITY)),
        ("int(0xff)", LitValue::Long(255)),
    ];
    for (src, want) in cases {
        let text = format!("print {src}");
        let parsed = kql::parse(&text);
        assert!(parsed.errors.is_empty(), "{src}: {:?}", parsed.errors);
        let StatementKind::Expr(e) = &parsed.query.statements[0].kind else {
            panic!()
        };
        let ExprKind::Source(op) = &e.kind else {
            panic!()
        };
        let OpKind::Print(items) = &op.kind else {
            panic!()
        };
        let ExprKind::Literal(lit) = &items[0].expr.kind else {
            panic!("{src}: literal expected")
        };
        assert_eq!(&lit.value, want, "{src}");
        assert_eq!(lit.raw, *src);
        assert_eq!(&text[items[0].expr.span.range()], *src);
    }
}

#[test]
fn dynamic_literal_tree() {
    let parsed = kql::parse("print dynamic({\"a\": [1, -2.5, \"x\", null, true]})");
    assert!(parsed.errors.is_empty());
    let dump = kql::dump::dump(&parsed.query);
    assert!(dump.contains("Object"), "{dump}");
    assert!(dump.contains("Real(-2.5)"), "{dump}");
}

#[test]
fn join_conditions() {
    let parsed =
        kql::parse("T | join kind=inner (U) on a, $left.b == $right.c and $right.d == $left.e");
    assert!(parsed.errors.is_empty());
    let StatementKind::Expr(e) = &parsed.query.statements[0].kind else {
        panic!()
    };
    let ExprKind::Pipeline { ops, .. } = &e.kind else {
        panic!()
    };
    let OpKind::Join { params, on, .. } = &ops[0].kind else {
        panic!()
    };
    assert_eq!(params[0].name.name, "kind");
    assert_eq!(on.len(), 3);
    assert!(matches!(&on[0], JoinCondition::Column(c) if c.name == "a"));
    assert!(
        matches!(&on[1], JoinCondition::Equal { left, right } if left.name == "b" && right.name == "c")
    );
    assert!(
        matches!(&on[2], JoinCondition::Equal { left, right } if left.name == "e" && right.name == "d")
    );
}
