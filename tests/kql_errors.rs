//! Invalid KQL: every mistake gives one clear error with an exact span, and no input panics.

use sentinel_lint::kql;

/// `input` then one line per error: `start..end: message` with the spanned text.
fn report(cases: &[&str]) -> String {
    let mut out = String::new();
    for text in cases {
        let parsed = kql::parse(text);
        out.push_str(&format!("{text}\n"));
        for e in &parsed.errors {
            let shown = text.get(e.span.range()).unwrap_or("<bad span>");
            out.push_str(&format!(
                "  {}..{} {:?}: {}\n",
                e.span.start, e.span.end, shown, e.message
            ));
        }
        if parsed.errors.is_empty() {
            out.push_str("  (no error)\n");
        }
    }
    out
}

fn snapshot(name: &str, cases: &[&str]) {
    insta::with_settings!({ snapshot_path => "data/kql/snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!(name, report(cases));
    });
}

#[test]
fn brackets() {
    snapshot(
        "brackets",
        &[
            "T | where (a",
            "T | where a)",
            "T | where f(a | take 1",
            "T | where f(a, b | take 1",
            "print a[1",
            "print dynamic([1, 2)",
            "let f = (a:string) { a ; T",
            "T | join (U | where x on a",
            "print )",
        ],
    );
}

#[test]
fn missing_parts() {
    snapshot(
        "missing_parts",
        &[
            "T | where",
            "T | where a ==",
            "T | extend x =",
            "T | summarize by",
            "T | sort by",
            "T | top by a",
            "T | take",
            "T | mv-expand",
            "T |",
            "T || where a",
            "T | foo",
            "T | evaluate",
            "T | as",
            "print 1 +",
            "print a.",
            "print f(1,",
            "print f(,1)",
            "print a in 1",
            "print a in ()",
            "print a between (1 .. )",
            "print a between (1 2)",
            "let = 1; T",
            "let x 1; T",
            "let x = ; T",
            "let x = 1 T",
            "let f = (a) { a }; T",
            "declare query_parameters(a); T",
            "set; T",
            "alias database = x; T",
        ],
    );
}

#[test]
fn tokens_and_literals() {
    snapshot(
        "tokens_and_literals",
        &[
            "print 'unterminated",
            "print \"unterminated\n| take 1",
            "print ```unterminated",
            "print 'a\\.b'",
            "print datetime(",
            "print dynamic({\"a\"})",
            "print dynamic([1,])",
            "print dynamic({\"a\":1,})",
            "T | where a ! b",
            "T | where a # b",
            "print 0x",
            "print 1.5x",
        ],
    );
}

#[test]
fn grammar() {
    snapshot(
        "grammar",
        &[
            "T | where a == b == c",
            "T | where a has b has c",
            "T | where a < b < c",
            "T | where x in (1) == true",
            "T | extend kind = 1",
            "T | project string",
            "T | where by == 1",
            "T; ; U",
            "; T",
            "T | where x !like 'a'",
            "let f = (T:(a:string, *)) { T }; f(X)",
            "print f(T | take 1)",
            "T | where EventID = 4624 and x == 1",
            "T | extend x = [1, 2]",
            "T | extend x = 1 2",
        ],
    );
}

#[test]
fn one_error_per_mistake() {
    for text in [
        "T | where a == 1 )\n| take 1",
        "T | where f(a\n| take 1",
        "T | summarize count() by\n| take 1",
        "T | foo bar baz\n| take 1",
        "let x = ;\nT | take 1",
    ] {
        let parsed = kql::parse(text);
        assert_eq!(parsed.errors.len(), 1, "{text:?}: {:?}", parsed.errors);
    }
}

#[test]
fn recovery_keeps_the_rest() {
    let parsed = kql::parse("let x = ;\nT | wher a == 1\n| take 5");
    assert_eq!(parsed.errors.len(), 2, "{:?}", parsed.errors);
    let printed = parsed.query.to_string();
    assert!(printed.contains("take 5"), "{printed}");
}

#[test]
fn spans_are_in_bounds_for_broken_inputs() {
    let pieces = [
        "T",
        "|",
        "where",
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        ",",
        ";",
        "'x",
        "\"",
        "@'",
        "```",
        "==",
        "in",
        "between",
        "..",
        "let",
        "=",
        "dynamic(",
        "datetime(",
        "join",
        "on",
        "$left",
        ".",
        "by",
        "summarize",
        "mv-apply",
        "h'",
        "0x",
        "1e",
        "!",
        "é",
        "\r\n",
        "//",
        "*",
    ];
    // Every ordered pair and triple of pieces: small, but it reaches every recovery path.
    for a in pieces {
        for b in pieces {
            for c in ["", " x", " |", ")"] {
                let text = format!("{a} {b}{c}");
                let parsed = kql::parse(&text);
                for e in &parsed.errors {
                    assert!(e.span.start <= e.span.end && e.span.end as usize <= text.len());
                    assert!(text.is_char_boundary(e.span.start as usize));
                    assert!(text.is_char_boundary(e.span.end as usize));
                }
                if parsed.errors.is_empty() {
                    kql::roundtrip_check(&text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
                }
            }
        }
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    // Test threads have small stacks (2 MiB), and this runs unoptimised.
    let run = |text: String| {
        std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || {
                let parsed = kql::parse(&text);
                let _ = parsed.query.to_string();
                let _ = kql::dump::dump(&parsed.query);
                parsed.errors.len()
            })
            .expect("spawn")
            .join()
            .expect("no stack overflow")
    };
    assert!(run("(".repeat(100_000)) >= 1);
    assert!(run(format!("print {}1{}", "(".repeat(5000), ")".repeat(5000))) >= 1);
    assert!(run(format!("print {}1", "-".repeat(100_000))) >= 1);
    assert!(run(format!("print dynamic({}", "[".repeat(100_000))) >= 1);
    assert!(run(format!("print {}", "f(".repeat(50_000))) >= 1);
    assert!(run(format!("print x{}", ".a".repeat(100_000))) >= 1);
    assert!(run(format!("print x{}", "[0]".repeat(100_000))) >= 1);
    assert!(run(format!("print 1{}", " + 1".repeat(100_000))) >= 1);
    assert!(run(format!("T | where {}", "a and ".repeat(100_000))) >= 1);
    // The longest chain below the limit parses, prints and compares within a small stack.
    let chain = format!("print 1{}", " + 1".repeat(990));
    let ok = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || kql::roundtrip_check(&chain).is_ok())
        .expect("spawn")
        .join()
        .expect("no stack overflow");
    assert!(ok);
    // Nesting below the limit parses fine.
    assert_eq!(
        run(format!("print {}1{}", "(".repeat(30), ")".repeat(30))),
        0
    );
    assert_eq!(run(format!("print 1{}", " + 1".repeat(100))), 0);
}

#[test]
fn linear_time_on_long_inputs() {
    let long = "T | where a == 1 and b has 'x' | extend c = d + 1\n".repeat(20_000);
    let started = std::time::Instant::now();
    let parsed = kql::parse(&long);
    assert!(!parsed.errors.is_empty()); // statements are missing `;`
    assert!(started.elapsed().as_secs() < 10);
    let unterminated = format!("print {}", "'a".repeat(50_000));
    let started = std::time::Instant::now();
    let _ = kql::parse(&unterminated);
    assert!(started.elapsed().as_secs() < 10);
}
