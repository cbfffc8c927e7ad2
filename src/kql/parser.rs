//! Hand-written recursive-descent parser (Pratt for scalar operators).
//!
//! Recovery follows the "resilient LL" idea: a broken construct becomes an `Error` node, one
//! error is reported, and the parser re-synchronises on `|`, `;` or a closing bracket. Errors
//! that start inside text already skipped after an earlier error are dropped, so one mistake
//! gives one message.

use crate::diag::Span;
use crate::kql::ast::*;
use crate::kql::lexer::{self, Token, TokenKind as K};
use crate::kql::types::ScalarType;
use crate::kql::{Parsed, SyntaxError};

/// Deeper nesting is reported rather than risking the stack (of the parser, or of the
/// recursive `Drop`/`Display` of the tree).
pub const MAX_DEPTH: u32 = 128;
/// Tree depth including left-nested chains such as `a + b * c - d`.
pub const MAX_TREE_DEPTH: u32 = 1000;
/// The longest run of one binary operator (`a or b or …`): such a run does not count towards
/// [`MAX_TREE_DEPTH`], since the walks over the tree follow it in a loop, but derived `Clone`
/// and `PartialEq` and the checks' visitors still recurse along it.
pub const MAX_OPERATOR_RUN: u32 = 10_000;

pub fn parse(text: &str) -> Parsed {
    let (tokens, lex_errors) = lexer::lex(text);
    let mut p = Parser {
        text,
        tokens,
        pos: 0,
        errors: lex_errors
            .into_iter()
            .map(|e| SyntaxError {
                message: e.message,
                span: e.span,
            })
            .collect(),
        quiet_until: 0,
        depth: 0,
        tree_depth: 0,
        too_deep: false,
    };
    let statements = p.statements(false);
    let end = Span::from_range(text.len()..text.len()).end;
    let mut errors = p.errors;
    errors.sort_by_key(|e| (e.span.start, e.span.end));
    Parsed {
        query: Query {
            statements,
            span: Span::new(0, end),
        },
        errors,
    }
}

struct Parser<'t> {
    text: &'t str,
    tokens: Vec<Token>,
    pos: usize,
    errors: Vec<SyntaxError>,
    /// Errors starting before this offset belong to a mistake already reported.
    quiet_until: u32,
    depth: u32,
    tree_depth: u32,
    too_deep: bool,
}

const STR_OPS: &[(&str, StrOpKind, bool)] = &[
    ("has", StrOpKind::Has, false),
    ("has_cs", StrOpKind::Has, true),
    ("hasprefix", StrOpKind::HasPrefix, false),
    ("hasprefix_cs", StrOpKind::HasPrefix, true),
    ("hassuffix", StrOpKind::HasSuffix, false),
    ("hassuffix_cs", StrOpKind::HasSuffix, true),
    ("contains", StrOpKind::Contains, false),
    ("contains_cs", StrOpKind::Contains, true),
    ("startswith", StrOpKind::StartsWith, false),
    ("startswith_cs", StrOpKind::StartsWith, true),
    ("endswith", StrOpKind::EndsWith, false),
    ("endswith_cs", StrOpKind::EndsWith, true),
];

const LEGACY_STR_OPS: &[&str] = &[
    "like",
    "containscs",
    "notcontains",
    "notcontainscs",
    "nothas",
    "nothas_cs",
    "notlike",
    "notlikecs",
    "likecs",
];

/// Keywords Kusto does not take as a bare name in an expression (`['by']` works).
fn reserved_in_expr(word: &str) -> bool {
    matches!(
        word,
        "by" | "of"
            | "in"
            | "to"
            | "as"
            | "and"
            | "or"
            | "set"
            | "where"
            | "project"
            | "union"
            | "asc"
            | "desc"
            | "first"
            | "last"
            | "print"
            | "datatable"
            | "externaldata"
            | "find"
            | "search"
            | "invoke"
            | "sample"
            | "has"
            | "contains"
            | "between"
            | "like"
            | "dynamic"
            | "double"
            | "boolean"
            | "float"
            | "string"
            | "long"
            | "int"
            | "real"
            | "datetime"
            | "timespan"
            | "time"
            | "date"
            | "decimal"
            | "title"
            | "with_itemindex"
            | "bagexpansion"
            | "isfuzzy"
            | "flags"
            | "materialize"
            | "toscalar"
            | "granny-asc"
            | "sample-distinct"
            | "project-smart"
            | "top-hitters"
            | "top-nested"
            | "has_any"
            | "has_all"
            | "startswith"
            | "endswith"
            | "hasprefix"
            | "hassuffix"
            | "contains_cs"
            | "notcontains"
            | "containscs"
            | "in~"
            | "others"
            | "with_match_id"
            | "decodeblocks"
            | "make-series"
            | "accumulate"
            | "__contextual_datatable"
            | "has_cs"
            | "startswith_cs"
            | "endswith_cs"
            | "hasprefix_cs"
            | "hassuffix_cs"
            | "notlike"
            | "likecs"
            | "notlikecs"
            | "simple"
            | "relaxed"
            | "datascope"
            | "mv-expand"
            | "mv-apply"
            | "parse-where"
            | "parse-kv"
            | "project-away"
            | "project-keep"
            | "project-rename"
            | "project-reorder"
            | "make-graph"
            | "graph-match"
            | "macro-expand"
            | "__crossCluster"
            | "partitioned-by"
    )
}

/// Operators that may start a query with an implicit input when they cannot be names.
fn operator_keyword(word: &str) -> bool {
    matches!(
        word,
        "where"
            | "project"
            | "project-away"
            | "project-keep"
            | "project-rename"
            | "project-reorder"
            | "mv-expand"
            | "mv-apply"
            | "parse-where"
            | "parse-kv"
            | "invoke"
            | "sample"
            | "sample-distinct"
            | "top-nested"
            | "top-hitters"
            | "make-series"
            | "as"
    )
}

/// Keywords Kusto does not take as an output name (`extend kind = 1` is an error).
fn reserved_as_name(word: &str) -> bool {
    matches!(
        word,
        "kind"
            | "and"
            | "or"
            | "project"
            | "union"
            | "asc"
            | "desc"
            | "first"
            | "last"
            | "between"
            | "like"
            | "dynamic"
            | "double"
            | "boolean"
            | "float"
            | "string"
            | "long"
            | "int"
            | "real"
            | "datetime"
            | "timespan"
            | "time"
            | "date"
            | "decimal"
            | "with_itemindex"
            | "bagexpansion"
            | "isfuzzy"
            | "withsource"
            | "flags"
            | "true"
            | "false"
            | "granny-asc"
            | "project-smart"
            | "has_any"
            | "has_all"
            | "startswith"
            | "endswith"
            | "hasprefix"
            | "hassuffix"
            | "contains_cs"
            | "notcontains"
            | "containscs"
            | "in~"
            | "others"
            | "with_match_id"
            | "decodeblocks"
            | "make-series"
            | "__contextual_datatable"
            | "has_cs"
            | "startswith_cs"
            | "endswith_cs"
            | "hasprefix_cs"
            | "hassuffix_cs"
            | "notlike"
            | "likecs"
            | "notlikecs"
            | "simple"
            | "relaxed"
            | "datascope"
            | "with_source"
            | "mv-expand"
            | "mv-apply"
            | "parse-where"
            | "parse-kv"
            | "project-away"
            | "project-keep"
            | "project-rename"
            | "project-reorder"
            | "make-graph"
            | "graph-match"
            | "macro-expand"
            | "__crossCluster"
            | "partitioned-by"
    )
}

#[derive(Clone, Copy)]
enum Infix {
    Binary(BinaryOp),
    In { negated: bool, ci: bool, op: InOp },
    Between { negated: bool },
}

impl<'t> Parser<'t> {
    // ----- token access -------------------------------------------------------------------

    fn tok(&self, n: usize) -> Token {
        let i = (self.pos + n).min(self.tokens.len() - 1);
        self.tokens[i]
    }

    fn kind(&self, n: usize) -> K {
        self.tok(n).kind
    }

    fn text_of(&self, t: Token) -> &'t str {
        self.text.get(t.span.range()).unwrap_or("")
    }

    fn at(&self, k: K) -> bool {
        self.kind(0) == k
    }

    fn at_word(&self, w: &str) -> bool {
        self.word_at(0, w)
    }

    fn word_at(&self, n: usize, w: &str) -> bool {
        let t = self.tok(n);
        t.kind == K::Ident && self.text_of(t) == w
    }

    fn word(&self) -> Option<&'t str> {
        let t = self.tok(0);
        (t.kind == K::Ident).then(|| self.text_of(t))
    }

    fn bump(&mut self) -> Token {
        let t = self.tok(0);
        if t.kind != K::Eof {
            self.pos += 1;
        }
        t
    }

    fn eat(&mut self, k: K) -> bool {
        if self.at(k) {
            self.bump();
            true
        } else {
            false
        }
    }

    fn eat_word(&mut self, w: &str) -> bool {
        if self.at_word(w) {
            self.bump();
            true
        } else {
            false
        }
    }

    /// End of the last consumed token.
    fn prev_end(&self) -> u32 {
        if self.pos == 0 {
            0
        } else {
            self.tokens[self.pos - 1].span.end
        }
    }

    fn span_from(&self, start: u32) -> Span {
        Span::new(start, self.prev_end().max(start))
    }

    fn start(&self) -> u32 {
        self.tok(0).span.start
    }

    // ----- errors -------------------------------------------------------------------------

    fn describe(&self, t: Token) -> String {
        match t.kind {
            K::Eof => "end of query".to_string(),
            K::Str => "a string literal".to_string(),
            K::Long | K::Real => format!("number `{}`", self.text_of(t)),
            K::Ident => format!("`{}`", self.text_of(t)),
            _ => {
                let s = self.text_of(t);
                let s: String = s.chars().take(40).collect();
                format!("`{s}`")
            }
        }
    }

    fn error(&mut self, span: Span, message: String) {
        if self.too_deep || span.start < self.quiet_until {
            return;
        }
        // Reaching the end after skipping broken text is part of the mistake reported.
        if span.start == self.quiet_until && self.at(K::Eof) && !self.errors.is_empty() {
            return;
        }
        if let Some(last) = self.errors.last()
            && last.span.start == span.start
        {
            return;
        }
        self.errors.push(SyntaxError { message, span });
    }

    /// "expected X, found Y" at the current token; lexer errors already explain `Error` tokens.
    fn expected(&mut self, what: &str) {
        let t = self.tok(0);
        if t.kind == K::Error {
            self.quiet_until = self.quiet_until.max(t.span.end);
            return;
        }
        let msg = format!("expected {what}, found {}", self.describe(t));
        self.error(t.span, msg);
    }

    fn expect(&mut self, k: K, what: &str) -> bool {
        if self.eat(k) {
            true
        } else {
            self.expected(what);
            false
        }
    }

    fn expect_word(&mut self, w: &str) -> bool {
        if self.eat_word(w) {
            true
        } else {
            self.expected(&format!("`{w}`"));
            false
        }
    }

    fn closer(open: K) -> K {
        match open {
            K::LParen => K::RParen,
            K::LBracket => K::RBracket,
            _ => K::RBrace,
        }
    }

    /// Consumes the closing bracket for `open`; if something else is there, reports it once
    /// and skips (balanced) to that bracket, or to `;`/end when it is missing.
    fn close(&mut self, open: Token) {
        let closer = Self::closer(open.kind);
        if self.eat(closer) {
            return;
        }
        let (o, c) = match open.kind {
            K::LParen => ("(", ")"),
            K::LBracket => ("[", "]"),
            _ => ("{", "}"),
        };
        self.expected(&format!("`{c}` to close `{o}`"));
        let mut depth = 0usize;
        loop {
            let k = self.kind(0);
            match k {
                K::Eof => break,
                K::Semi if depth == 0 => break,
                K::LParen | K::LBracket | K::LBrace => depth += 1,
                K::RParen | K::RBracket | K::RBrace => {
                    if depth == 0 {
                        if k == closer {
                            self.bump();
                        }
                        break;
                    }
                    depth -= 1;
                }
                _ => {}
            }
            self.bump();
        }
        self.quiet_until = self.quiet_until.max(self.prev_end());
    }

    /// Skips to the next `|`, `;`, unbalanced closing bracket or end, after reporting.
    fn skip_to_sync(&mut self, stop_at_pipe: bool) {
        let mut depth = 0usize;
        loop {
            match self.kind(0) {
                K::Eof => break,
                K::Semi if depth == 0 => break,
                K::Pipe if depth == 0 && stop_at_pipe => break,
                K::LParen | K::LBracket | K::LBrace => depth += 1,
                K::RParen | K::RBracket | K::RBrace => {
                    if depth == 0 {
                        break;
                    }
                    depth -= 1;
                }
                _ => {}
            }
            self.bump();
        }
        self.quiet_until = self.quiet_until.max(self.prev_end());
    }

    /// One level of parser recursion (and of tree depth).
    fn enter(&mut self) -> bool {
        self.depth += 1;
        self.tree_depth += 1;
        self.check_depth()
    }

    fn leave(&mut self) {
        self.depth -= 1;
        self.tree_depth -= 1;
    }

    /// One link of a left-nested chain (`a + b + c`, `a.b.c`): deepens the tree, which `Drop`
    /// and `Display` walk recursively, without recursing in the parser.
    fn enter_chain(&mut self) -> bool {
        self.tree_depth += 1;
        self.check_depth()
    }

    fn check_depth(&mut self) -> bool {
        if self.depth <= MAX_DEPTH && self.tree_depth <= MAX_TREE_DEPTH {
            return true;
        }
        self.refuse_deeper()
    }

    /// Reports the query as nested too deeply (once) and stops parsing.
    fn refuse_deeper(&mut self) -> bool {
        if !self.too_deep {
            let t = self.tok(0);
            self.errors.push(SyntaxError {
                message: "the query is nested too deeply for this linter to check it".to_string(),
                span: t.span,
            });
            self.too_deep = true;
        }
        // Nothing more is parsed: every caller then unwinds quickly.
        self.pos = self.tokens.len() - 1;
        false
    }

    fn error_expr(&self, at: u32) -> Expr {
        Expr {
            kind: ExprKind::Error,
            span: Span::empty(at),
        }
    }

    // ----- statements ---------------------------------------------------------------------

    /// Statements separated by `;` up to the end, or up to `}` for a function body.
    fn statements(&mut self, in_body: bool) -> Vec<Statement> {
        let mut out: Vec<Statement> = Vec::new();
        loop {
            if self.at(K::Semi) {
                // Only one `;` may end a statement; Kusto has no empty statements.
                let t = self.bump();
                self.error(
                    t.span,
                    "unexpected `;`: there is no statement before it".into(),
                );
                continue;
            }
            if self.at(K::Eof) || (in_body && self.at(K::RBrace)) {
                break;
            }
            // A function body ends with its one expression; more text means a missing `}`,
            // which the caller reports.
            if in_body && matches!(out.last().map(|s| &s.kind), Some(StatementKind::Expr(_))) {
                break;
            }
            let before = self.pos;
            let errors = self.errors.len();
            let stmt = self.statement();
            out.push(stmt);
            if self.eat(K::Semi) || self.at(K::Eof) || (in_body && self.at(K::RBrace)) {
                continue;
            }
            // An error inside the statement already explains the text left over.
            let explained = self.errors.len() > errors;
            let t = self.tok(0);
            let msg = match t.kind {
                K::RParen | K::RBracket | K::RBrace => {
                    format!("unexpected {} with nothing to close", self.describe(t))
                }
                _ if matches!(out.last().map(|s| &s.kind), Some(StatementKind::Let { .. })) => {
                    format!(
                        "expected `;` after the `let` statement, found {}",
                        self.describe(t)
                    )
                }
                _ => format!("expected `|` or `;`, found {}", self.describe(t)),
            };
            if t.kind != K::Error && !explained {
                self.error(t.span, msg);
            }
            if in_body && t.kind == K::RBrace {
                break;
            }
            self.skip_statement_rest(in_body);
            if self.pos == before {
                self.bump();
            }
            self.eat(K::Semi);
        }
        out
    }

    fn skip_statement_rest(&mut self, in_body: bool) {
        let mut depth = 0usize;
        loop {
            match self.kind(0) {
                K::Eof => break,
                K::Semi if depth == 0 => break,
                K::RBrace if depth == 0 && in_body => break,
                K::LParen | K::LBracket | K::LBrace => depth += 1,
                K::RParen | K::RBracket | K::RBrace => depth = depth.saturating_sub(1),
                _ => {}
            }
            self.bump();
        }
        self.quiet_until = self.quiet_until.max(self.prev_end());
    }

    fn statement(&mut self) -> Statement {
        let start = self.start();
        let kind = if self.at_word("let")
            && !matches!(
                self.kind(1),
                K::Pipe | K::Dot | K::LParen | K::Semi | K::Eof
            ) {
            self.bump();
            self.let_statement()
        } else if self.at_word("declare") && self.word_at(1, "query_parameters") {
            self.bump();
            self.bump();
            let params = self.param_list();
            StatementKind::QueryParameters(params)
        } else if self.at_word("set") && !matches!(self.kind(1), K::Pipe | K::Dot) {
            self.bump();
            let name = self.dotted_name();
            let value = if self.eat(K::Eq) {
                Some(self.expr())
            } else {
                None
            };
            StatementKind::Set { name, value }
        } else if self.at_word("alias") && self.word_at(1, "database") {
            self.bump();
            self.bump();
            let name = self.ident("a database alias name");
            self.expect(K::Eq, "`=`");
            let value = self.expr();
            StatementKind::Alias { name, value }
        } else {
            let at = self.pos;
            let e = self.pipeline();
            if self.pos == at && matches!(e.kind, ExprKind::Error) {
                StatementKind::Error
            } else {
                StatementKind::Expr(e)
            }
        };
        Statement {
            kind,
            span: self.span_from(start),
        }
    }

    fn let_statement(&mut self) -> StatementKind {
        let name = self.ident("a name after `let`");
        if !name.quoted {
            self.check_reserved(&name.name, name.span, |w| {
                reserved_as_name(w) || matches!(w, "in" | "invoke")
            });
        }
        self.expect(K::Eq, "`=` after the `let` name");
        let value = if self.at_function() {
            LetValue::Function(self.function())
        } else {
            LetValue::Expr(self.pipeline())
        };
        StatementKind::Let { name, value }
    }

    /// `(` `)` `{`, `(` name `:`, or `view`: a function rather than a parenthesised expression.
    fn at_function(&self) -> bool {
        if self.at_word("view") && self.kind(1) == K::LParen {
            return true;
        }
        self.at(K::LParen)
            && (self.brace_after_parens()
                || (self.is_name_at(1) && self.kind(2) == K::Colon)
                || (self.kind(1) == K::LBracket
                    && self.kind(3) == K::RBracket
                    && self.kind(4) == K::Colon))
    }

    /// `( … ) {`: the parentheses hold a parameter list, however broken.
    fn brace_after_parens(&self) -> bool {
        let mut depth = 0usize;
        let mut i = 0;
        loop {
            match self.kind(i) {
                K::LParen => depth += 1,
                K::RParen => {
                    depth -= 1;
                    if depth == 0 {
                        return self.kind(i + 1) == K::LBrace;
                    }
                }
                K::Eof | K::Semi | K::Pipe | K::LBrace | K::RBrace => return false,
                _ => {}
            }
            i += 1;
            if i > 400 {
                return false;
            }
        }
    }

    fn function(&mut self) -> Function {
        let start = self.start();
        let view = self.eat_word("view");
        let params = self.param_list();
        let mut body = Vec::new();
        if self.at(K::LBrace) {
            let open = self.bump();
            if self.enter() {
                body = self.statements(true);
            }
            self.leave();
            self.close(open);
        } else {
            self.expected("`{` to start the function body");
        }
        Function {
            view,
            params,
            body,
            span: self.span_from(start),
        }
    }

    fn param_list(&mut self) -> Vec<Param> {
        let mut params = Vec::new();
        if !self.at(K::LParen) {
            self.expected("`(`");
            return params;
        }
        let open = self.bump();
        while !self.at(K::RParen) && !self.at(K::Eof) {
            let start = self.start();
            let before = self.pos;
            let name = self.ident("a parameter name");
            self.expect(K::Colon, "`:` and a type");
            let ty = if self.at(K::LParen) {
                let (columns, open) = self.tabular_schema();
                ParamType::Tabular { columns, open }
            } else {
                ParamType::Scalar(self.type_ref())
            };
            let default = if self.eat(K::Eq) {
                Some(self.expr())
            } else {
                None
            };
            params.push(Param {
                name,
                ty,
                default,
                span: self.span_from(start),
            });
            if !self.eat(K::Comma) || self.pos == before {
                break;
            }
        }
        self.close(open);
        params
    }

    /// `(*)`, `(a:string, b:long)`, `(a:string, *)`
    fn tabular_schema(&mut self) -> (Vec<ColumnDecl>, bool) {
        let open = self.bump();
        let mut columns = Vec::new();
        let mut star = false;
        while !self.at(K::RParen) && !self.at(K::Eof) {
            let before = self.pos;
            if self.eat(K::Star) {
                star = true;
            } else {
                columns.push(self.column_decl());
            }
            if !self.eat(K::Comma) || self.pos == before {
                break;
            }
        }
        if star && !columns.is_empty() {
            self.error(
                open.span,
                "a tabular parameter is either `(*)` or a list of columns, not both".into(),
            );
        }
        self.close(open);
        (columns, star)
    }

    /// `(*, a:string, …)` after `typeof`.
    fn typeof_schema(&mut self) -> (Vec<ColumnDecl>, bool) {
        let open = self.bump();
        let mut columns = Vec::new();
        let mut star = false;
        while !self.at(K::RParen) && !self.at(K::Eof) {
            let before = self.pos;
            if columns.is_empty() && !star && self.eat(K::Star) {
                star = true;
            } else {
                columns.push(self.column_decl());
            }
            if !self.eat(K::Comma) || self.pos == before {
                break;
            }
        }
        self.close(open);
        (columns, star)
    }

    fn column_decl(&mut self) -> ColumnDecl {
        let start = self.start();
        let name = self.ident("a column name");
        self.expect(K::Colon, "`:` and a type");
        let ty = self.type_ref();
        ColumnDecl {
            name,
            ty,
            span: self.span_from(start),
        }
    }

    /// `(a:string, b:long)` column lists of `datatable`, `externaldata`, `parse-kv`.
    fn column_decls(&mut self) -> Vec<ColumnDecl> {
        let mut out = Vec::new();
        if !self.at(K::LParen) {
            self.expected("`(` and column declarations");
            return out;
        }
        let open = self.bump();
        while !self.at(K::RParen) && !self.at(K::Eof) {
            let before = self.pos;
            out.push(self.column_decl());
            if !self.eat(K::Comma) || self.pos == before {
                break;
            }
        }
        self.close(open);
        out
    }

    fn type_ref(&mut self) -> TypeRef {
        let t = self.tok(0);
        // `long(null)`-style typed literal heads lex as one token only before `(`.
        if t.kind == K::Ident {
            self.bump();
            let name = self.text_of(t).to_string();
            let ty = ScalarType::parse(&name);
            if ty.is_none() {
                self.error(t.span, format!("unknown type `{name}`"));
            }
            return TypeRef {
                name: Ident {
                    name,
                    span: t.span,
                    quoted: false,
                },
                ty,
            };
        }
        self.expected("a type name such as `string`");
        TypeRef {
            name: Ident {
                name: String::new(),
                span: Span::empty(t.span.start),
                quoted: false,
            },
            ty: None,
        }
    }

    // ----- names --------------------------------------------------------------------------

    fn is_name_at(&self, n: usize) -> bool {
        match self.kind(n) {
            K::Ident => true,
            K::LBracket => self.kind(n + 1) == K::Str && self.kind(n + 2) == K::RBracket,
            _ => false,
        }
    }

    /// A plain or `['bracketed']` name; on failure an empty name and an error.
    fn ident(&mut self, what: &str) -> Ident {
        if let Some(id) = self.try_ident() {
            return id;
        }
        self.expected(what);
        Ident {
            name: String::new(),
            span: Span::empty(self.start()),
            quoted: false,
        }
    }

    fn try_ident(&mut self) -> Option<Ident> {
        let t = self.tok(0);
        match t.kind {
            K::Ident => {
                self.bump();
                Some(Ident {
                    name: self.text_of(t).to_string(),
                    span: t.span,
                    quoted: false,
                })
            }
            K::LBracket if self.kind(1) == K::Str && self.kind(2) == K::RBracket => {
                self.bump();
                let s = self.bump();
                let end = self.bump();
                Some(Ident {
                    name: decode_string(self.text_of(s)),
                    span: t.span.cover(end.span),
                    quoted: true,
                })
            }
            _ => None,
        }
    }

    /// `hint.strategy`, `querytrace`: dotted names kept as one identifier.
    fn dotted_name(&mut self) -> Ident {
        let mut id = self.ident("a name");
        while self.at(K::Dot) && self.kind(1) == K::Ident && !self.tok(1).spaced {
            self.bump();
            let t = self.bump();
            id.name.push('.');
            id.name.push_str(self.text_of(t));
            id.span = id.span.cover(t.span);
        }
        id
    }

    /// `Security*`, `*`, `Event_*_CL`, `['x']`: names with `*` wildcards glued on.
    fn name_pattern(&mut self) -> Expr {
        let start = self.start();
        let mut text = String::new();
        let mut wildcard = false;
        let mut first = true;
        let mut quoted_id = None;
        loop {
            let t = self.tok(0);
            if !first && t.spaced {
                break;
            }
            match t.kind {
                K::Star => {
                    wildcard = true;
                    text.push('*');
                    self.bump();
                }
                K::Ident | K::Long => {
                    text.push_str(self.text_of(t));
                    self.bump();
                }
                K::LBracket if first => {
                    quoted_id = self.try_ident();
                    break;
                }
                _ => break,
            }
            first = false;
        }
        if let Some(id) = quoted_id {
            let span = id.span;
            return Expr {
                kind: ExprKind::Name(id),
                span,
            };
        }
        let span = self.span_from(start);
        if text.is_empty() {
            self.expected("a column name");
            return self.error_expr(start);
        }
        if wildcard {
            Expr {
                kind: ExprKind::Wildcard(text),
                span,
            }
        } else {
            self.check_reserved(&text, span, reserved_in_expr);
            Expr {
                kind: ExprKind::Name(Ident {
                    name: text,
                    span,
                    quoted: false,
                }),
                span,
            }
        }
    }

    /// Reports a keyword used as a plain name where Kusto wants it bracketed.
    fn check_reserved(&mut self, name: &str, span: Span, reserved: fn(&str) -> bool) {
        if reserved(name) {
            let msg = format!("`{name}` is a keyword; write `['{name}']` to use it as a name");
            self.error(span, msg);
        }
    }

    // ----- operator parameters ------------------------------------------------------------

    /// `name = value` parameters (`kind=inner`, `hint.strategy=shuffle`, …). Only names in
    /// `allowed` or starting with `hint.` are taken, so that `extend kind = 1` stays a column.
    fn op_params(&mut self, allowed: &[&str]) -> Vec<OpParam> {
        let mut out = Vec::new();
        while let Some(w) = self.word() {
            let is_hint = w == "hint" && self.kind(1) == K::Dot && self.kind(2) == K::Ident;
            if !is_hint && !allowed.contains(&w) {
                break;
            }
            let eq_at = if is_hint { 3 } else { 1 };
            if self.kind(eq_at) != K::Eq {
                break;
            }
            let start = self.start();
            let name = self.dotted_name();
            self.bump();
            let value = self.param_value();
            out.push(OpParam {
                name,
                value,
                more: Vec::new(),
                span: self.span_from(start),
            });
        }
        out
    }

    fn param_value(&mut self) -> Expr {
        let t = self.tok(0);
        match t.kind {
            K::Ident => {
                let id = self.try_ident();
                match id {
                    Some(id) => {
                        let span = id.span;
                        match id.name.as_str() {
                            "true" | "false" => Expr {
                                kind: ExprKind::Literal(Literal {
                                    value: LitValue::Bool(id.name == "true"),
                                    raw: id.name,
                                }),
                                span,
                            },
                            _ => Expr {
                                kind: ExprKind::Name(id),
                                span,
                            },
                        }
                    }
                    None => self.error_expr(t.span.start),
                }
            }
            K::Str | K::Long | K::Real | K::TimeSpan | K::TypedLit | K::Minus => self.unary(),
            _ => {
                self.expected("a value");
                self.error_expr(t.span.start)
            }
        }
    }

    // ----- pipelines ----------------------------------------------------------------------

    /// An expression optionally followed by `| operator …`.
    fn pipeline(&mut self) -> Expr {
        self.pipeline_with(true)
    }

    /// `implicit`: may start with an operator (`where …`) reading an implicit input; Kusto
    /// takes that in `let` values and parentheses, not in value lists.
    fn pipeline_with(&mut self, implicit: bool) -> Expr {
        let start = self.start();
        if !self.enter() {
            self.leave();
            return self.error_expr(start);
        }
        let implicit = implicit
            && self
                .word()
                .is_some_and(|w| operator_keyword(w) && reserved_in_expr(w));
        if implicit {
            // `where x > 1 | …` with an implicit input (function bodies, `let`, parentheses).
            self.leave();
            return self.sub_pipeline();
        }
        let source = self.source();
        let result = if self.at(K::Pipe) {
            let ops = self.pipe_ops();
            Expr {
                kind: ExprKind::Pipeline {
                    source: Box::new(source),
                    ops,
                },
                span: self.span_from(start),
            }
        } else {
            source
        };
        self.leave();
        result
    }

    fn pipe_ops(&mut self) -> Vec<PipeOp> {
        let mut ops = Vec::new();
        while self.eat(K::Pipe) {
            let errors = self.errors.len();
            ops.push(self.operator());
            self.after_operator(errors);
        }
        ops
    }

    /// Reports and skips text left over after an operator, unless an error inside the
    /// operator already explains it (`errors_before` is the count when it started).
    fn after_operator(&mut self, errors_before: usize) {
        match self.kind(0) {
            K::Pipe | K::Semi | K::Eof | K::RParen | K::RBracket | K::RBrace => {}
            _ => {
                if self.errors.len() == errors_before {
                    self.expected("`|` or the end of the query");
                }
                self.skip_to_sync(true);
            }
        }
    }

    /// A sub-pipeline starting with an operator: `mv-apply … on (summarize …)`, `fork (…)`.
    fn sub_pipeline(&mut self) -> Expr {
        let start = self.start();
        if !self.enter() {
            self.leave();
            return self.error_expr(start);
        }
        let errors = self.errors.len();
        let mut ops = vec![self.operator()];
        self.after_operator(errors);
        ops.extend(self.pipe_ops());
        self.leave();
        Expr {
            kind: ExprKind::Pipeline {
                source: Box::new(Expr {
                    kind: ExprKind::Source(Box::new(PipeOp {
                        kind: OpKind::Input,
                        span: Span::empty(start),
                    })),
                    span: Span::empty(start),
                }),
                ops,
            },
            span: self.span_from(start),
        }
    }

    /// The start of a pipeline: a source operator (`print`, `union`, `datatable`, …) or an
    /// expression (table name, function call, parenthesised query).
    fn source(&mut self) -> Expr {
        let start = self.start();
        let op = if self.at_source() {
            let word = self.word().unwrap_or_default();
            self.bump();
            Some(match word {
                "print" => self.op_print(),
                "range" => self.op_range(),
                "union" => self.op_union(),
                "datatable" => self.op_datatable(),
                "externaldata" | "external_data" => self.op_externaldata(),
                "find" => self.op_find(),
                "search" => self.op_search(),
                _ => self.op_evaluate_rest(),
            })
        } else {
            None
        };
        match op {
            Some(kind) => {
                let span = self.span_from(start);
                Expr {
                    kind: ExprKind::Source(Box::new(PipeOp { kind, span })),
                    span,
                }
            }
            None => self.expr(),
        }
    }

    /// At a keyword that starts a query (`print`, `union`, …) rather than a name or call.
    fn at_source(&self) -> bool {
        let end_or_open = matches!(
            self.kind(1),
            K::Pipe | K::Semi | K::Eof | K::LParen | K::RParen | K::Comma
        );
        match self.word() {
            Some("print") => true,
            Some("range") => self.is_name_at(1) && self.word_at(2, "from"),
            Some("union" | "find" | "search") => {
                !end_or_open || (self.kind(1) == K::LParen && self.word() == Some("union"))
            }
            Some("datatable" | "externaldata" | "external_data") => self.kind(1) == K::LParen,
            Some("evaluate") => {
                self.kind(1) == K::Ident && matches!(self.kind(2), K::LParen | K::Dot)
            }
            _ => false,
        }
    }

    fn operator(&mut self) -> PipeOp {
        let start = self.start();
        let t = self.tok(0);
        let Some(name) = self.word() else {
            self.expected("a query operator such as `where`");
            self.skip_to_sync(true);
            return PipeOp {
                kind: OpKind::Error,
                span: self.span_from(start),
            };
        };
        self.bump();
        let kind = match name {
            "where" | "filter" => OpKind::Where(self.predicate()),
            "extend" => OpKind::Extend(self.named_list()),
            "project" => OpKind::Project(if self.at_op_end() {
                Vec::new()
            } else {
                self.named_list()
            }),
            "project-away" => OpKind::ProjectAway(self.pattern_list_or_none()),
            "project-keep" => OpKind::ProjectKeep(self.pattern_list_or_none()),
            "project-rename" => OpKind::ProjectRename(self.named_list()),
            "project-reorder" => OpKind::ProjectReorder(self.sort_keys(true)),
            "summarize" => self.op_summarize(),
            "join" => self.op_join(false),
            "lookup" => self.op_join(true),
            "union" => self.op_union(),
            "mv-expand" | "mvexpand" => self.op_mv_expand(),
            "mv-apply" | "mvapply" => self.op_mv_apply(),
            "parse" => self.op_parse(false),
            "parse-where" => self.op_parse(true),
            "parse-kv" => self.op_parse_kv(),
            "top" => self.op_top(),
            "top-nested" => self.op_top_nested(),
            "top-hitters" => self.op_top_hitters(),
            "sort" | "order" => {
                let params = self.op_params(&[]);
                self.expect_word("by");
                OpKind::Sort {
                    params,
                    by: self.sort_keys(false),
                }
            }
            "take" | "limit" => {
                let params = self.op_params(&[]);
                OpKind::Take {
                    params,
                    count: self.predicate(),
                }
            }
            "sample" => OpKind::Sample(self.expr()),
            "sample-distinct" => {
                let count = self.expr();
                self.expect_word("of");
                OpKind::SampleDistinct {
                    count,
                    of: self.expr(),
                }
            }
            "distinct" => {
                let params = self.op_params(&[]);
                let columns = if self.at(K::Star) {
                    let t = self.bump();
                    vec![NamedExpr {
                        names: Vec::new(),
                        expr: Expr {
                            kind: ExprKind::Star,
                            span: t.span,
                        },
                        span: t.span,
                    }]
                } else {
                    self.named_list()
                };
                OpKind::Distinct { params, columns }
            }
            "count" => OpKind::Count,
            "as" => {
                let params = self.op_params(&[]);
                OpKind::As {
                    params,
                    name: self.ident("a name after `as`"),
                }
            }
            "invoke" => {
                let call = self.postfix_expr();
                if !matches!(call.kind, ExprKind::Call { .. } | ExprKind::Error) {
                    self.error(call.span, "expected a function call after `invoke`".into());
                }
                OpKind::Invoke(call)
            }
            "evaluate" => self.op_evaluate_rest(),
            "make-series" => self.op_make_series(),
            "serialize" => OpKind::Serialize(if self.at_op_end() {
                Vec::new()
            } else {
                self.named_list()
            }),
            "render" => self.op_render(),
            "getschema" => OpKind::GetSchema,
            "fork" => self.op_fork(),
            "facet" => self.op_facet(),
            "partition" => self.op_partition(),
            "scan" => self.op_scan(),
            "consume" => OpKind::Consume(self.op_params(&["decodeblocks"])),
            "reduce" => {
                let params = self.op_params(&[]);
                self.expect_word("by");
                let by = self.expr();
                let with = if self.eat_word("with") {
                    self.loose_params()
                } else {
                    Vec::new()
                };
                OpKind::Reduce { params, by, with }
            }
            "search" => self.op_search(),
            "find" => self.op_find(),
            _ => {
                self.error(t.span, format!("unknown query operator `{name}`"));
                self.skip_to_sync(true);
                OpKind::Error
            }
        };
        PipeOp {
            kind,
            span: self.span_from(start),
        }
    }

    /// A `where` predicate. Kusto also takes `where Name = value` (a likely typo for `==`,
    /// left for the analysis to report), kept as [`BinaryOp::Assign`].
    fn predicate(&mut self) -> Expr {
        let len = if self.kind(0) == K::LBracket { 3 } else { 1 };
        if self.is_name_at(0) && self.kind(len) == K::Eq {
            let start = self.start();
            let lhs = self.primary();
            if let ExprKind::Name(id) = &lhs.kind
                && !id.quoted
            {
                let (name, span) = (id.name.clone(), id.span);
                self.check_reserved(&name, span, reserved_as_name);
            }
            self.bump();
            let rhs = self.expr();
            return Expr {
                kind: ExprKind::Binary {
                    op: BinaryOp::Assign,
                    lhs: Box::new(lhs),
                    rhs: Box::new(rhs),
                },
                span: self.span_from(start),
            };
        }
        self.expr()
    }

    fn at_op_end(&self) -> bool {
        matches!(
            self.kind(0),
            K::Pipe | K::Semi | K::Eof | K::RParen | K::RBrace | K::RBracket
        )
    }

    fn op_summarize(&mut self) -> OpKind {
        let params = self.op_params(&[]);
        let aggregates = if self.at_word("by") || self.at_op_end() {
            Vec::new()
        } else {
            self.named_list()
        };
        let by = if self.eat_word("by") {
            self.named_list()
        } else {
            Vec::new()
        };
        OpKind::Summarize {
            params,
            aggregates,
            by,
        }
    }

    fn op_join(&mut self, lookup: bool) -> OpKind {
        let params = self.op_params(&["kind"]);
        let right = self.expr();
        // Kusto's parser takes a join without `on` (the analysis reports it).
        let mut on = Vec::new();
        if !lookup && self.eat_word("where") {
            // Kusto.Language's join-where clause: one predicate, no comma list.
            on.push(JoinCondition::Where(self.expr()));
        } else if self.eat_word("on") {
            for e in self.expr_list() {
                split_conditions(e, &mut on);
            }
        }
        let right = Box::new(right);
        if lookup {
            OpKind::Lookup { params, right, on }
        } else {
            OpKind::Join { params, right, on }
        }
    }

    fn op_union(&mut self) -> OpKind {
        let params = self.op_params(&["kind", "withsource", "isfuzzy"]);
        let mut legs = Vec::new();
        loop {
            let before = self.pos;
            let leg = if self.at(K::LParen)
                || (self.kind(0) == K::Ident && matches!(self.kind(1), K::LParen | K::Dot))
            {
                self.postfix_expr()
            } else {
                self.name_pattern()
            };
            legs.push(leg);
            if !self.eat(K::Comma) || self.pos == before {
                break;
            }
        }
        OpKind::Union { params, legs }
    }

    fn mv_items(&mut self) -> Vec<MvItem> {
        let mut items = Vec::new();
        loop {
            let start = self.start();
            let before = self.pos;
            let named = self.named_expr();
            let to_type = if self.at_word("to") && self.word_at(1, "typeof") {
                self.bump();
                self.bump();
                let open = self.tok(0);
                if self.expect(K::LParen, "`(` after `typeof`") {
                    let ty = self.type_ref();
                    self.close(open);
                    Some(ty)
                } else {
                    None
                }
            } else {
                None
            };
            items.push(MvItem {
                named,
                to_type,
                span: self.span_from(start),
            });
            if !self.eat(K::Comma) || self.pos == before {
                break;
            }
        }
        items
    }

    fn op_mv_expand(&mut self) -> OpKind {
        let params = self.op_params(&["bagexpansion", "with_itemindex", "kind"]);
        let items = self.mv_items();
        let limit = if self.eat_word("limit") {
            Some(self.expr())
        } else {
            None
        };
        OpKind::MvExpand {
            params,
            items,
            limit,
        }
    }

    fn op_mv_apply(&mut self) -> OpKind {
        let params = self.op_params(&["with_itemindex", "kind"]);
        let items = self.mv_items();
        let limit = if self.eat_word("limit") {
            Some(self.expr())
        } else {
            None
        };
        let context_id = if self.eat_word("with_itemindex") {
            Some(self.ident("a name"))
        } else {
            None
        };
        let start = self.start();
        let body = if self.expect_word("on") && self.at(K::LParen) {
            let open = self.bump();
            let b = self.sub_pipeline();
            self.close(open);
            b
        } else {
            if !self.at(K::LParen) {
                self.expected("`(` and a sub-query");
            }
            self.error_expr(start)
        };
        OpKind::MvApply {
            params,
            items,
            limit,
            context_id,
            body: Box::new(body),
        }
    }

    fn op_parse(&mut self, where_: bool) -> OpKind {
        let params = self.op_params(&["kind", "flags"]);
        let source = self.expr();
        let mut pattern = Vec::new();
        if self.expect_word("with") {
            loop {
                let t = self.tok(0);
                match t.kind {
                    K::Str => {
                        self.bump();
                        let raw = self.text_of(t);
                        pattern.push(ParsePart::Str(Literal {
                            value: LitValue::String(decode_string(raw)),
                            raw: raw.to_string(),
                        }));
                    }
                    K::Star => {
                        self.bump();
                        pattern.push(ParsePart::Star);
                    }
                    K::Ident | K::LBracket => {
                        let Some(name) = self.try_ident() else { break };
                        if !name.quoted {
                            self.check_reserved(&name.name, name.span, reserved_as_name);
                        }
                        let ty = if self.eat(K::Colon) {
                            Some(self.type_ref())
                        } else {
                            None
                        };
                        pattern.push(ParsePart::Column(name, ty));
                    }
                    _ => break,
                }
            }
        }
        OpKind::Parse {
            where_,
            params,
            source,
            pattern,
        }
    }

    fn op_parse_kv(&mut self) -> OpKind {
        let source = self.expr();
        self.expect_word("as");
        let columns = self.column_decls();
        let with = if self.eat_word("with") {
            self.paren_params()
        } else {
            Vec::new()
        };
        OpKind::ParseKv {
            source,
            columns,
            with,
        }
    }

    /// `(name = value, …)`
    fn paren_params(&mut self) -> Vec<OpParam> {
        if !self.at(K::LParen) {
            self.expected("`(`");
            return Vec::new();
        }
        let open = self.bump();
        let out = self.loose_params();
        self.close(open);
        out
    }

    /// `name = value, …` with any names.
    fn loose_params(&mut self) -> Vec<OpParam> {
        let mut out = Vec::new();
        while self.is_name_at(0) {
            let start = self.start();
            let before = self.pos;
            let name = self.dotted_name();
            self.expect(K::Eq, "`=`");
            let value = self.param_value();
            let mut more = Vec::new();
            // `ycolumns=a,b`: further values are names not followed by `=`.
            while self.at(K::Comma) && self.is_name_at(1) && !matches!(self.kind(2), K::Eq | K::Dot)
            {
                self.bump();
                more.push(self.param_value());
            }
            out.push(OpParam {
                name,
                value,
                more,
                span: self.span_from(start),
            });
            if !self.eat(K::Comma) || self.pos == before {
                break;
            }
        }
        out
    }

    fn op_top(&mut self) -> OpKind {
        let params = self.op_params(&[]);
        let count = self.expr();
        self.expect_word("by");
        let by = self.sort_key(false);
        OpKind::Top { params, count, by }
    }

    fn op_top_nested(&mut self) -> OpKind {
        let mut levels = Vec::new();
        loop {
            let start = self.start();
            let before = self.pos;
            let count = if self.at_word("of") {
                None
            } else {
                Some(self.expr())
            };
            self.expect_word("of");
            let of = self.named_expr();
            let others = if self.at_word("with") && self.word_at(1, "others") {
                self.bump();
                self.bump();
                self.expect(K::Eq, "`=`");
                Some(self.expr())
            } else {
                None
            };
            self.expect_word("by");
            let by = self.named_expr();
            let dir = self.sort_dir();
            levels.push(TopNestedLevel {
                count,
                of,
                others,
                by,
                dir,
                span: self.span_from(start),
            });
            if !self.eat(K::Comma) || self.pos == before {
                break;
            }
            self.expect_word("top-nested");
        }
        OpKind::TopNested(levels)
    }

    fn op_top_hitters(&mut self) -> OpKind {
        let count = self.expr();
        self.expect_word("of");
        let of = self.expr();
        let by = if self.eat_word("by") {
            Some(self.expr())
        } else {
            None
        };
        OpKind::TopHitters { count, of, by }
    }

    fn sort_dir(&mut self) -> Option<SortDir> {
        if self.eat_word("asc") {
            Some(SortDir::Asc)
        } else if self.eat_word("desc") {
            Some(SortDir::Desc)
        } else {
            None
        }
    }

    fn sort_key(&mut self, pattern: bool) -> SortKey {
        let start = self.start();
        let expr = if pattern {
            self.name_pattern()
        } else {
            self.expr()
        };
        let dir = if pattern && self.eat_word("granny-asc") {
            Some(SortDir::GrannyAsc)
        } else if pattern && self.eat_word("granny-desc") {
            Some(SortDir::GrannyDesc)
        } else {
            self.sort_dir()
        };
        let nulls = if self.at_word("nulls") {
            self.bump();
            if self.eat_word("first") {
                Some(Nulls::First)
            } else if self.eat_word("last") {
                Some(Nulls::Last)
            } else {
                self.expected("`first` or `last`");
                None
            }
        } else {
            None
        };
        SortKey {
            expr,
            dir,
            nulls,
            span: self.span_from(start),
        }
    }

    fn sort_keys(&mut self, pattern: bool) -> Vec<SortKey> {
        self.comma_separated(|parser| parser.sort_key(pattern))
    }

    fn op_evaluate_rest(&mut self) -> OpKind {
        let params = self.op_params(&[]);
        let call = self.postfix_expr();
        if !matches!(call.kind, ExprKind::Call { .. } | ExprKind::Error) {
            self.error(
                call.span,
                "expected a plugin call such as `bag_unpack(x)`".into(),
            );
        }
        let schema = if self.at(K::Colon) && self.kind(1) == K::LParen {
            self.bump();
            Some(self.typeof_schema())
        } else {
            None
        };
        OpKind::Evaluate {
            params,
            call,
            schema,
        }
    }

    fn op_make_series(&mut self) -> OpKind {
        let params = self.op_params(&["kind"]);
        let mut aggregates = Vec::new();
        loop {
            let start = self.start();
            let before = self.pos;
            let named = self.named_expr();
            let default = if self.at_word("default") && self.kind(1) == K::Eq {
                self.bump();
                self.bump();
                Some(self.expr())
            } else {
                None
            };
            aggregates.push(SeriesAgg {
                named,
                default,
                span: self.span_from(start),
            });
            if !self.eat(K::Comma) || self.pos == before {
                break;
            }
        }
        self.expect_word("on");
        // Above comparisons: `on t in range(…)` is not an `in` test.
        let on = self.binary(5);
        let range = if self.eat_word("in") {
            // `in range(a, b, c)`
            let t = self.tok(0);
            let mut args = Vec::new();
            if self.word_at(0, "range") && self.kind(1) == K::LParen {
                self.bump();
                let open = self.bump();
                args = self.expr_list_until(K::RParen, false);
                self.close(open);
            } else {
                self.error(
                    t.span,
                    format!("expected `range(…)`, found {}", self.describe(t)),
                );
            }
            SeriesRange::InRange(args)
        } else {
            let from = if self.eat_word("from") {
                Some(Box::new(self.expr()))
            } else {
                None
            };
            let to = if self.eat_word("to") {
                Some(Box::new(self.expr()))
            } else {
                None
            };
            let step = Box::new(if self.expect_word("step") {
                self.expr()
            } else {
                self.error_expr(self.start())
            });
            SeriesRange::FromTo { from, to, step }
        };
        let by = if self.eat_word("by") {
            self.named_list()
        } else {
            Vec::new()
        };
        OpKind::MakeSeries {
            params,
            aggregates,
            on,
            range,
            by,
        }
    }

    fn op_render(&mut self) -> OpKind {
        let chart = self.ident("a visualization such as `timechart`");
        let with = if self.eat_word("with") {
            self.paren_params()
        } else {
            self.op_params(&[
                "kind",
                "title",
                "xcolumn",
                "ycolumns",
                "series",
                "xtitle",
                "ytitle",
                "legend",
                "ysplit",
                "accumulate",
                "xaxis",
                "yaxis",
            ])
        };
        OpKind::Render { chart, with }
    }

    fn op_fork(&mut self) -> OpKind {
        let mut legs = Vec::new();
        loop {
            let name = if self.is_name_at(0) && self.kind(1) == K::Eq && self.kind(2) == K::LParen {
                let id = self.try_ident();
                self.bump();
                id
            } else {
                None
            };
            if !self.at(K::LParen) {
                if name.is_some() {
                    self.expected("`(` and a sub-query");
                }
                break;
            }
            let open = self.bump();
            let body = self.sub_pipeline();
            self.close(open);
            legs.push(ForkLeg { name, body });
        }
        if legs.is_empty() {
            self.expected("`(` and a sub-query");
        }
        OpKind::Fork(legs)
    }

    fn op_facet(&mut self) -> OpKind {
        self.expect_word("by");
        let by = self.pattern_list();
        let with = if self.eat_word("with") && self.at(K::LParen) {
            let open = self.bump();
            let b = self.sub_pipeline();
            self.close(open);
            Some(Box::new(b))
        } else {
            None
        };
        OpKind::Facet { by, with }
    }

    fn op_partition(&mut self) -> OpKind {
        let params = self.op_params(&[]);
        self.expect_word("by");
        let by = self.name_pattern();
        let start = self.start();
        let body = if self.at(K::LParen) {
            let open = self.bump();
            let b = self.sub_pipeline();
            self.close(open);
            b
        } else if self.at(K::LBrace) {
            let open = self.bump();
            let b = self.pipeline();
            self.close(open);
            b
        } else {
            self.expected("`(` or `{` and a sub-query");
            self.error_expr(start)
        };
        OpKind::Partition {
            params,
            by,
            body: Box::new(body),
        }
    }

    fn op_scan(&mut self) -> OpKind {
        let params = self.op_params(&["with_match_id"]);
        let mut order_by = Vec::new();
        let mut partition_by = Vec::new();
        let mut declare = Vec::new();
        if self.at_word("order") && self.word_at(1, "by") {
            self.bump();
            self.bump();
            order_by = self.sort_keys(false);
        }
        if self.at_word("partition") && self.word_at(1, "by") {
            self.bump();
            self.bump();
            partition_by = self.expr_list();
        }
        if self.eat_word("declare") {
            declare = self.param_list();
        }
        let mut steps = Vec::new();
        if self.expect_word("with") && self.at(K::LParen) {
            let open = self.bump();
            while self.at_word("step") {
                let start = self.start();
                self.bump();
                let name = self.ident("a step name");
                let optional = self.eat_word("optional");
                let output = if self.at_word("output") && self.kind(1) == K::Eq {
                    self.bump();
                    self.bump();
                    Some(self.ident("`all`, `last` or `none`"))
                } else {
                    None
                };
                self.expect(K::Colon, "`:`");
                let condition = self.expr();
                let assignments = if self.eat(K::FatArrow) {
                    self.named_list()
                } else {
                    Vec::new()
                };
                steps.push(ScanStep {
                    name,
                    optional,
                    output,
                    condition,
                    assignments,
                    span: self.span_from(start),
                });
                if !self.eat(K::Semi) {
                    break;
                }
            }
            self.close(open);
        }
        OpKind::Scan {
            params,
            order_by,
            partition_by,
            declare,
            steps,
        }
    }

    fn op_print(&mut self) -> OpKind {
        OpKind::Print(self.named_list())
    }

    fn op_range(&mut self) -> OpKind {
        let column = self.ident("a column name");
        self.expect_word("from");
        let from = self.expr();
        self.expect_word("to");
        let to = self.expr();
        self.expect_word("step");
        let step = self.expr();
        OpKind::Range {
            column,
            from,
            to,
            step,
        }
    }

    fn op_datatable(&mut self) -> OpKind {
        let columns = self.column_decls();
        let mut values = Vec::new();
        if self.at(K::LBracket) {
            let open = self.bump();
            // Kusto accepts one leading comma (generated tables often put commas first).
            self.eat(K::Comma);
            values = self.expr_list_until(K::RBracket, true);
            self.close(open);
        } else {
            self.expected("`[` and the table values");
        }
        OpKind::Datatable { columns, values }
    }

    fn op_externaldata(&mut self) -> OpKind {
        let columns = self.column_decls();
        let mut urls = Vec::new();
        if self.at(K::LBracket) {
            let open = self.bump();
            urls = self.expr_list_until(K::RBracket, true);
            self.close(open);
        } else {
            self.expected("`[` and the data URIs");
        }
        let with = if self.eat_word("with") {
            self.paren_params()
        } else {
            Vec::new()
        };
        OpKind::ExternalData {
            columns,
            urls,
            with,
        }
    }

    /// `in (T1, T2*)`
    fn in_tables(&mut self) -> Vec<Expr> {
        let mut tables = Vec::new();
        if self.at_word("in") && self.kind(1) == K::LParen {
            self.bump();
            let open = self.bump();
            loop {
                let before = self.pos;
                if self.kind(0) == K::Ident && matches!(self.kind(1), K::LParen | K::Dot) {
                    tables.push(self.postfix_expr());
                } else {
                    tables.push(self.name_pattern());
                }
                if !self.eat(K::Comma) || self.pos == before {
                    break;
                }
            }
            self.close(open);
        }
        tables
    }

    fn op_search(&mut self) -> OpKind {
        let params = self.op_params(&["kind"]);
        let tables = self.in_tables();
        let predicate =
            if self.at(K::Star) && matches!(self.kind(1), K::Pipe | K::Semi | K::Eof | K::RParen) {
                let t = self.bump();
                Expr {
                    kind: ExprKind::Star,
                    span: t.span,
                }
            } else {
                self.expr()
            };
        OpKind::Search {
            params,
            tables,
            predicate,
        }
    }

    fn op_find(&mut self) -> OpKind {
        let params = self.op_params(&["withsource", "datascope", "database"]);
        let tables = self.in_tables();
        let has_where = self.eat_word("where");
        let predicate = self.expr();
        let project = if self.eat_word("project-smart") {
            Some(FindProject::Smart)
        } else if self.eat_word("project") {
            Some(FindProject::Columns(self.pattern_list()))
        } else {
            None
        };
        OpKind::Find {
            params,
            tables,
            has_where,
            predicate,
            project,
        }
    }

    // ----- lists --------------------------------------------------------------------------

    fn pattern_list_or_none(&mut self) -> Vec<Expr> {
        if self.at_op_end() {
            Vec::new()
        } else {
            self.pattern_list()
        }
    }

    /// `item, item, …`: at least one item. Stops when an item consumed nothing, so a broken
    /// list cannot loop forever.
    fn comma_separated<T>(&mut self, mut item: impl FnMut(&mut Self) -> T) -> Vec<T> {
        let mut out = Vec::new();
        loop {
            let before = self.pos;
            out.push(item(self));
            if !self.eat(K::Comma) || self.pos == before {
                break;
            }
        }
        out
    }

    fn pattern_list(&mut self) -> Vec<Expr> {
        self.comma_separated(Self::name_pattern)
    }

    fn named_list(&mut self) -> Vec<NamedExpr> {
        self.comma_separated(Self::named_expr)
    }

    fn expr_list(&mut self) -> Vec<Expr> {
        self.comma_separated(Self::expr)
    }

    /// Comma-separated pipelines up to (not including) `close`; empty lists allowed, a
    /// trailing comma only where Kusto takes one (`datatable` values).
    fn expr_list_until(&mut self, close: K, trailing_comma: bool) -> Vec<Expr> {
        let mut out = Vec::new();
        if self.at(close) {
            return out;
        }
        loop {
            let before = self.pos;
            out.push(self.pipeline_with(false));
            if !self.eat(K::Comma) || self.pos == before || (trailing_comma && self.at(close)) {
                break;
            }
        }
        out
    }

    /// `x`, `n = x`, `(a, b) = f()`
    fn named_expr(&mut self) -> NamedExpr {
        let start = self.start();
        let mut names = Vec::new();
        if self.is_name_at(0) {
            let len = if self.kind(0) == K::LBracket { 3 } else { 1 };
            if self.kind(len) == K::Eq {
                if let Some(id) = self.try_ident() {
                    if !id.quoted && reserved_as_name(&id.name) {
                        let msg = format!(
                            "`{0}` is a keyword; write `['{0}']` to use it as a column name",
                            id.name
                        );
                        self.error(id.span, msg);
                    }
                    names.push(id);
                }
                self.bump();
            }
        } else if self.at(K::LParen) && self.tuple_names_ahead() {
            self.bump();
            loop {
                names.push(self.ident("a column name"));
                if !self.eat(K::Comma) {
                    break;
                }
            }
            self.expect(K::RParen, "`)`");
            self.expect(K::Eq, "`=`");
        }
        let expr = self.expr();
        NamedExpr {
            names,
            expr,
            span: self.span_from(start),
        }
    }

    fn tuple_names_ahead(&self) -> bool {
        let mut i = 1;
        loop {
            if !self.is_name_at(i) {
                return false;
            }
            i += if self.kind(i) == K::LBracket { 3 } else { 1 };
            match self.kind(i) {
                K::Comma => i += 1,
                K::RParen => return self.kind(i + 1) == K::Eq,
                _ => return false,
            }
            if i > 200 {
                return false;
            }
        }
    }

    // ----- scalar expressions -------------------------------------------------------------

    fn expr(&mut self) -> Expr {
        let start = self.start();
        if !self.enter() {
            self.leave();
            return self.error_expr(start);
        }
        let e = self.binary(0);
        self.leave();
        e
    }

    /// Precedence levels, as Kusto.Language has them: `or` 1, `and` 2, equality-like 3
    /// (`==`, `in`, `has_any`, `between`…), relational 4, additive 5, multiplicative 6, and
    /// string operators (with `=~`) 7, so `a has b + c has d` adds two booleans. Levels 3, 4
    /// and 7 do not chain: `a == b == c` is an error.
    fn infix(&self) -> Option<(u8, Infix, usize)> {
        let t = self.tok(0);
        let bin = |prec, b| Some((prec, Infix::Binary(b), 1));
        match t.kind {
            K::EqEq => bin(3, BinaryOp::Eq),
            K::NotEq => bin(3, BinaryOp::NotEq),
            K::LtGt => bin(3, BinaryOp::LtGt),
            K::EqTilde => bin(7, BinaryOp::EqTilde),
            K::NotTilde => bin(7, BinaryOp::NotTilde),
            K::Lt => bin(4, BinaryOp::Lt),
            K::Le => bin(4, BinaryOp::Le),
            K::Gt => bin(4, BinaryOp::Gt),
            K::Ge => bin(4, BinaryOp::Ge),
            K::Plus => bin(5, BinaryOp::Add),
            K::Minus => bin(5, BinaryOp::Sub),
            K::Star => bin(6, BinaryOp::Mul),
            K::Slash => bin(6, BinaryOp::Div),
            K::Percent => bin(6, BinaryOp::Mod),
            K::Ident | K::NegWord => {
                let text = self.text_of(t);
                let negated = t.kind == K::NegWord;
                let w = if negated { &text[1..] } else { text };
                let in_op = |ci, op| Some((3, Infix::In { negated, ci, op }, 1));
                match (w, negated) {
                    ("or", false) => return bin(1, BinaryOp::Or),
                    ("and", false) => return bin(2, BinaryOp::And),
                    ("in", _) => return in_op(false, InOp::In),
                    ("in~", _) => return in_op(true, InOp::In),
                    ("has_any", false) => return in_op(false, InOp::HasAny),
                    ("has_all", false) => return in_op(false, InOp::HasAll),
                    ("between", _) => return Some((3, Infix::Between { negated }, 1)),
                    ("matches", false) if self.word_at(1, "regex") => {
                        let op = StrOp {
                            op: StrOpKind::MatchesRegex,
                            negated: false,
                            case_sensitive: true,
                        };
                        return Some((7, Infix::Binary(BinaryOp::Str(op)), 2));
                    }
                    _ => {}
                }
                let str_op = |op, case_sensitive| {
                    let op = StrOp {
                        op,
                        negated,
                        case_sensitive,
                    };
                    Some((7, Infix::Binary(BinaryOp::Str(op)), 1))
                };
                if let Some((_, op, cs)) = STR_OPS.iter().find(|(n, _, _)| *n == w) {
                    return str_op(*op, *cs);
                }
                if !negated && let Some(l) = LEGACY_STR_OPS.iter().find(|n| **n == w) {
                    return str_op(StrOpKind::Legacy(l), false);
                }
                None
            }
            _ => None,
        }
    }

    fn binary(&mut self, min: u8) -> Expr {
        let start = self.start();
        let mut lhs = self.unary();
        let mut chain = 0u32;
        let mut run = 0u32;
        let mut last_prec = 0u8;
        while let Some((prec, infix, len)) = self.infix() {
            if prec < min {
                break;
            }
            if prec == last_prec && matches!(prec, 3 | 4 | 7) {
                // Reported, then parsed as if chained, so that one mistake gives one error.
                let t = self.tok(0);
                let msg = format!(
                    "{} cannot follow another comparison here; add parentheses",
                    self.describe(t)
                );
                self.error(t.span, msg);
            }
            last_prec = prec;
            // Left-nested chains deepen the tree without recursing here. A run of one operator
            // (`a or b or … or z`, thousands of terms in generated rules) does not count: the
            // walks over the tree (`Drop`, `Display`, analysis, the engine) follow such a spine
            // iteratively.
            let same_operator = matches!(
                (&infix, &lhs.kind),
                (Infix::Binary(op), ExprKind::Binary { op: previous, .. }) if op == previous
            );
            if same_operator {
                run += 1;
                if run >= MAX_OPERATOR_RUN && !self.refuse_deeper() {
                    break;
                }
            } else {
                run = 0;
                chain += 1;
                if !self.enter_chain() {
                    break;
                }
            }
            for _ in 0..len {
                self.bump();
            }
            let kind = match infix {
                Infix::Binary(op) => {
                    let rhs = self.binary(prec + 1);
                    ExprKind::Binary {
                        op,
                        lhs: Box::new(lhs),
                        rhs: Box::new(rhs),
                    }
                }
                Infix::In { negated, ci, op } => {
                    let list = self.in_list();
                    ExprKind::In {
                        lhs: Box::new(lhs),
                        negated,
                        case_insensitive: ci,
                        op,
                        list,
                    }
                }
                Infix::Between { negated } => {
                    let (low, high) = self.between_range();
                    ExprKind::Between {
                        lhs: Box::new(lhs),
                        negated,
                        low: Box::new(low),
                        high: Box::new(high),
                    }
                }
            };
            lhs = Expr {
                kind,
                span: self.span_from(start),
            };
        }
        self.tree_depth -= chain;
        lhs
    }

    fn in_list(&mut self) -> Vec<Expr> {
        if self.at(K::LParen) {
            let open = self.bump();
            let list = self.expr_list_until(K::RParen, false);
            if list.is_empty() {
                self.expected("a value");
            }
            self.close(open);
            list
        } else {
            self.expected("`(` and a list of values");
            Vec::new()
        }
    }

    fn between_range(&mut self) -> (Expr, Expr) {
        let start = self.start();
        if !self.at(K::LParen) {
            self.expected("`(` and a range such as `(1 .. 10)`");
            return (self.error_expr(start), self.error_expr(start));
        }
        let open = self.bump();
        let low = self.expr();
        let high = if self.expect(K::DotDot, "`..`") {
            self.expr()
        } else {
            self.error_expr(self.start())
        };
        self.close(open);
        (low, high)
    }

    fn unary(&mut self) -> Expr {
        let start = self.start();
        let op = match self.kind(0) {
            K::Minus => Some(UnaryOp::Neg),
            K::Plus => Some(UnaryOp::Plus),
            _ => None,
        };
        if let Some(op) = op {
            self.bump();
            if !self.enter() {
                self.leave();
                return self.error_expr(start);
            }
            let operand = self.unary();
            self.leave();
            return Expr {
                kind: ExprKind::Unary {
                    op,
                    operand: Box::new(operand),
                },
                span: self.span_from(start),
            };
        }
        self.postfix_expr()
    }

    fn postfix_expr(&mut self) -> Expr {
        let start = self.start();
        let mut e = self.primary();
        if matches!(e.kind, ExprKind::Error) {
            return e;
        }
        let mut chain = 0u32;
        loop {
            let kind = match self.kind(0) {
                K::Dot if self.kind(1) == K::LBracket && !self.is_name_at(1) => {
                    // `x.[0]`: Kusto accepts an index after a dot.
                    self.bump();
                    let open = self.bump();
                    let index = self.expr();
                    self.close(open);
                    ExprKind::Index {
                        target: Box::new(e),
                        index: Box::new(index),
                    }
                }
                K::Dot => {
                    self.bump();
                    let name = self.ident("a name after `.`");
                    if !name.quoted {
                        self.check_reserved(&name.name, name.span, reserved_in_expr);
                    }
                    if self.at(K::LParen) && !name.quoted {
                        let args = self.args(false);
                        ExprKind::Call {
                            target: Some(Box::new(e)),
                            name,
                            args,
                        }
                    } else {
                        ExprKind::Member {
                            target: Box::new(e),
                            name,
                        }
                    }
                }
                K::LBracket => {
                    let open = self.bump();
                    let index = self.expr();
                    self.close(open);
                    ExprKind::Index {
                        target: Box::new(e),
                        index: Box::new(index),
                    }
                }
                _ => break,
            };
            chain += 1;
            e = Expr {
                kind,
                span: self.span_from(start),
            };
            if !self.enter_chain() {
                break;
            }
        }
        self.tree_depth -= chain;
        e
    }

    /// Call arguments; only `toscalar` and `materialize` take a bare query (`f((T | …))`
    /// needs its own parentheses).
    fn args(&mut self, tabular: bool) -> Vec<Arg> {
        let open = self.bump();
        let mut args = Vec::new();
        if !self.at(K::RParen) {
            loop {
                let start = self.start();
                let before = self.pos;
                let name = if self.kind(0) == K::Ident && self.kind(1) == K::Eq {
                    let id = self.try_ident();
                    if let Some(id) = &id {
                        let (name, span) = (id.name.clone(), id.span);
                        self.check_reserved(&name, span, reserved_as_name);
                    }
                    self.bump();
                    id
                } else {
                    None
                };
                let value = if name.is_none()
                    && self.at(K::Star)
                    && matches!(self.kind(1), K::RParen | K::Comma)
                {
                    let t = self.bump();
                    Expr {
                        kind: ExprKind::Star,
                        span: t.span,
                    }
                } else if tabular {
                    self.pipeline()
                } else {
                    self.expr()
                };
                args.push(Arg {
                    name,
                    value,
                    span: self.span_from(start),
                });
                if !self.eat(K::Comma) || self.pos == before {
                    break;
                }
            }
        }
        self.close(open);
        args
    }

    fn primary(&mut self) -> Expr {
        let t = self.tok(0);
        let start = t.span.start;
        match t.kind {
            K::Str if self.kind(1) != K::Str || self.text_of(t) == "@" => {
                self.bump();
                let raw = self.text_of(t);
                Expr {
                    kind: ExprKind::Literal(Literal {
                        value: LitValue::String(decode_string(raw)),
                        raw: raw.to_string(),
                    }),
                    span: t.span,
                }
            }
            K::Str => {
                let mut value = String::new();
                let mut raw = String::new();
                while self.at(K::Str) && self.text_of(self.tok(0)) != "@" {
                    let s = self.bump();
                    let text = self.text_of(s);
                    value.push_str(&decode_string(text));
                    if !raw.is_empty() {
                        raw.push(' ');
                    }
                    raw.push_str(text);
                }
                Expr {
                    kind: ExprKind::Literal(Literal {
                        value: LitValue::String(value),
                        raw,
                    }),
                    span: self.span_from(start),
                }
            }
            K::Long | K::Real | K::TimeSpan | K::TypedLit => {
                self.bump();
                let raw = self.text_of(t);
                let value = match number_value(t.kind, raw) {
                    Ok(v) => v,
                    Err(msg) => {
                        self.error(t.span, msg);
                        LitValue::Null(ScalarType::Unknown)
                    }
                };
                Expr {
                    kind: ExprKind::Literal(Literal {
                        value,
                        raw: raw.to_string(),
                    }),
                    span: t.span,
                }
            }
            K::Ident => {
                let text = self.text_of(t);
                match text {
                    "true" | "false" | "True" | "False" | "TRUE" | "FALSE" => {
                        self.bump();
                        return Expr {
                            kind: ExprKind::Literal(Literal {
                                value: LitValue::Bool(text.eq_ignore_ascii_case("true")),
                                raw: text.to_string(),
                            }),
                            span: t.span,
                        };
                    }
                    "dynamic" if self.kind(1) == K::LParen => return self.dynamic_literal(),
                    "typeof" if self.kind(1) == K::LParen => {
                        self.bump();
                        if self.kind(1) == K::Star
                            || (self.is_name_at(1) && self.kind(2) == K::Colon)
                        {
                            let (columns, open) = self.typeof_schema();
                            return Expr {
                                kind: ExprKind::TypeOfSchema { columns, open },
                                span: self.span_from(start),
                            };
                        }
                        let open = self.bump();
                        let ty = self.type_ref();
                        self.close(open);
                        return Expr {
                            kind: ExprKind::TypeOf(ty),
                            span: self.span_from(start),
                        };
                    }
                    _ if reserved_in_expr(text)
                        && !(self.kind(1) == K::LParen
                            && matches!(text, "materialize" | "toscalar")) =>
                    {
                        let msg = format!(
                            "expected an expression, found keyword `{text}` (write `['{text}']` for a column of that name)"
                        );
                        self.error(t.span, msg);
                        return self.error_expr(start);
                    }
                    _ => {}
                }
                let id = Ident {
                    name: text.to_string(),
                    span: t.span,
                    quoted: false,
                };
                self.bump();
                if self.at(K::LParen) {
                    let args = self.args(matches!(text, "toscalar" | "materialize"));
                    return Expr {
                        kind: ExprKind::Call {
                            target: None,
                            name: id,
                            args,
                        },
                        span: self.span_from(start),
                    };
                }
                Expr {
                    kind: ExprKind::Name(id),
                    span: t.span,
                }
            }
            K::LBracket if self.is_name_at(0) => {
                let Some(id) = self.try_ident() else {
                    return self.error_expr(start);
                };
                if self.at(K::LParen) {
                    let args = self.args(false);
                    return Expr {
                        kind: ExprKind::Call {
                            target: None,
                            name: id,
                            args,
                        },
                        span: self.span_from(start),
                    };
                }
                Expr {
                    span: id.span,
                    kind: ExprKind::Name(id),
                }
            }
            K::LParen => {
                let open = self.bump();
                let inner = self.pipeline();
                self.close(open);
                Expr {
                    kind: ExprKind::Paren(Box::new(inner)),
                    span: self.span_from(start),
                }
            }
            K::LBracket => {
                let open = self.bump();
                let inner = self.expr();
                self.close(open);
                Expr {
                    kind: ExprKind::Brackets(Box::new(inner)),
                    span: self.span_from(start),
                }
            }
            K::Star => {
                self.bump();
                // `where * has "x"` searches every column; elsewhere `*` is no value.
                if !self
                    .infix()
                    .is_some_and(|(prec, _, _)| matches!(prec, 3 | 7))
                {
                    self.error(
                        t.span,
                        "`*` stands for all columns only before a comparison such as `* has \"x\"`"
                            .into(),
                    );
                }
                Expr {
                    kind: ExprKind::Star,
                    span: t.span,
                }
            }
            _ => {
                self.expected("an expression");
                self.error_expr(start)
            }
        }
    }

    fn dynamic_literal(&mut self) -> Expr {
        let start = self.start();
        self.bump();
        let open = self.bump();
        let value = if self.at(K::RParen) {
            self.expected("a JSON value");
            Dynamic::Null
        } else {
            self.json()
        };
        self.close(open);
        let span = self.span_from(start);
        let raw = self.text.get(span.range()).unwrap_or("").to_string();
        let value = match value {
            Dynamic::Null => LitValue::Null(ScalarType::Dynamic),
            v => LitValue::Dynamic(v),
        };
        Expr {
            kind: ExprKind::Literal(Literal { value, raw }),
            span,
        }
    }

    fn json(&mut self) -> Dynamic {
        if !self.enter() {
            self.leave();
            return Dynamic::Null;
        }
        let v = self.json_inner();
        self.leave();
        v
    }

    fn json_inner(&mut self) -> Dynamic {
        let t = self.tok(0);
        match t.kind {
            K::LBracket => {
                let open = self.bump();
                let mut items = Vec::new();
                while !self.at(K::RBracket) && !self.at(K::Eof) {
                    let before = self.pos;
                    items.push(self.json());
                    if !self.eat(K::Comma) || self.pos == before {
                        break;
                    }
                    if self.at(K::RBracket) {
                        self.expected("a JSON value after `,`");
                    }
                }
                self.close(open);
                Dynamic::Array(items)
            }
            K::LBrace => {
                let open = self.bump();
                let mut items = Vec::new();
                while !self.at(K::RBrace) && !self.at(K::Eof) {
                    let before = self.pos;
                    let k = self.tok(0);
                    let key = match k.kind {
                        K::Str => decode_string(self.text_of(k)),
                        K::Ident => self.text_of(k).to_string(),
                        _ => {
                            self.expected("a property name");
                            break;
                        }
                    };
                    self.bump();
                    self.expect(K::Colon, "`:`");
                    let v = self.json();
                    items.push((key, v));
                    if !self.eat(K::Comma) || self.pos == before {
                        break;
                    }
                    if self.at(K::RBrace) {
                        self.expected("a `\"key\": value` pair after `,`");
                    }
                }
                self.close(open);
                Dynamic::Object(items)
            }
            K::Str => {
                let mut value = String::new();
                while self.at(K::Str) {
                    let s = self.bump();
                    value.push_str(&decode_string(self.text_of(s)));
                }
                Dynamic::String(value)
            }
            K::Minus | K::Long | K::Real | K::TimeSpan | K::TypedLit => {
                let neg = self.at(K::Minus);
                if t.kind == K::Minus {
                    self.bump();
                }
                let n = self.tok(0);
                if !matches!(n.kind, K::Long | K::Real | K::TimeSpan | K::TypedLit) {
                    self.expected("a number");
                    return Dynamic::Null;
                }
                self.bump();
                match number_value(n.kind, self.text_of(n)) {
                    Ok(LitValue::Long(v)) => Dynamic::Long(if neg { v.wrapping_neg() } else { v }),
                    Ok(LitValue::Real(v)) => Dynamic::Real(if neg { -v } else { v }),
                    Ok(other) => Dynamic::Scalar(Box::new(other)),
                    Err(msg) => {
                        self.error(n.span, msg);
                        Dynamic::Null
                    }
                }
            }
            K::Ident if self.text_of(t) == "dynamic" && self.kind(1) == K::LParen => {
                // Kusto takes `dynamic(…)` nested inside a dynamic literal.
                self.bump();
                let open = self.bump();
                let v = self.json();
                self.close(open);
                v
            }
            K::Ident => {
                self.bump();
                match self.text_of(t) {
                    "null" => Dynamic::Null,
                    "true" => Dynamic::Bool(true),
                    "false" => Dynamic::Bool(false),
                    other => {
                        let msg = format!("expected a JSON value, found `{other}`");
                        self.error(t.span, msg);
                        Dynamic::Null
                    }
                }
            }
            _ => {
                self.expected("a JSON value");
                Dynamic::Null
            }
        }
    }
}

/// Turns `$left.a == $right.b and $left.c == $right.d` (or `a and b`) into conditions.
fn split_conditions(mut e: Expr, out: &mut Vec<JoinCondition>) {
    let span = e.span;
    // `Expr` has a `Drop` (for long chains), so its kind is taken rather than moved out.
    match std::mem::replace(&mut e.kind, ExprKind::Error) {
        ExprKind::Name(id) => out.push(JoinCondition::Column(id)),
        ExprKind::Binary {
            op: BinaryOp::And,
            lhs,
            rhs,
        } if is_left_right(&lhs) && is_left_right(&rhs) => {
            split_conditions(*lhs, out);
            split_conditions(*rhs, out);
        }
        ExprKind::Binary {
            op: BinaryOp::Eq,
            lhs,
            rhs,
        } => match (side_of(&lhs), side_of(&rhs)) {
            (Some((true, l)), Some((false, r))) | (Some((false, r)), Some((true, l))) => {
                out.push(JoinCondition::Equal {
                    left: l.clone(),
                    right: r.clone(),
                })
            }
            _ => out.push(JoinCondition::Expr(Expr {
                kind: ExprKind::Binary {
                    op: BinaryOp::Eq,
                    lhs,
                    rhs,
                },
                span,
            })),
        },
        kind => out.push(JoinCondition::Expr(Expr { kind, span })),
    }
}

/// A key condition of a join: `$left.a == $right.b`, a bare column (`on a and b` is `on a, b`
/// for Kusto), or an `and` of them.
fn is_left_right(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Name(_) => true,
        ExprKind::Binary {
            op: BinaryOp::Eq,
            lhs,
            rhs,
        } => matches!(
            (side_of(lhs), side_of(rhs)),
            (Some((true, _)), Some((false, _))) | (Some((false, _)), Some((true, _)))
        ),
        ExprKind::Binary {
            op: BinaryOp::And,
            lhs,
            rhs,
        } => is_left_right(lhs) && is_left_right(rhs),
        _ => false,
    }
}

/// `$left.x` → (true, x), `$right.x` → (false, x)
fn side_of(e: &Expr) -> Option<(bool, &Ident)> {
    if let ExprKind::Member { target, name } = &e.kind
        && let ExprKind::Name(side) = &target.kind
    {
        match side.name.as_str() {
            "$left" => return Some((true, name)),
            "$right" => return Some((false, name)),
            _ => {}
        }
    }
    None
}

/// The value of a string literal token in any of its forms.
pub fn decode_string(raw: &str) -> String {
    let mut s = raw;
    if s.starts_with(['h', 'H']) {
        s = &s[1..];
    }
    if let Some(body) = s.strip_prefix("```") {
        return body.strip_suffix("```").unwrap_or(body).to_string();
    }
    if let Some(rest) = s.strip_prefix('@') {
        let Some(q) = rest.chars().next() else {
            return String::new();
        };
        let body = &rest[1..];
        let body = body.strip_suffix(q).unwrap_or(body);
        let doubled = format!("{q}{q}");
        return body.replace(&doubled, &q.to_string());
    }
    let Some(q) = s.chars().next() else {
        return String::new();
    };
    let body = &s[q.len_utf8()..];
    let body = if !body.is_empty() && body.ends_with(q) && !ends_with_escape(body) {
        &body[..body.len() - 1]
    } else {
        body
    };
    if !body.contains('\\') {
        return body.to_string();
    }
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some('v') => out.push('\u{b}'),
            Some('a') => out.push('\u{7}'),
            Some(c @ ('x' | 'u' | 'U')) => {
                let n = match c {
                    'x' => 2,
                    'u' => 4,
                    _ => 8,
                };
                let hex: String = chars.clone().take(n).collect();
                match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                    Some(ch) if hex.len() == n => {
                        out.push(ch);
                        for _ in 0..n {
                            chars.next();
                        }
                    }
                    _ => out.push(c),
                }
            }
            Some('0'..='7') => {
                // The digits are ASCII: one byte each.
                let escape = &body[body.len() - chars.as_str().len() - 1..];
                let len = crate::kql::lexer::octal_escape_len(escape.as_bytes());
                let code = u32::from_str_radix(&escape[..len], 8).unwrap_or(0);
                out.push(char::from_u32(code).unwrap_or('\0'));
                for _ in 1..len {
                    chars.next();
                }
            }
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// Whether the final quote of `body` is escaped by an odd run of backslashes.
fn ends_with_escape(body: &str) -> bool {
    let b = body.as_bytes();
    let mut n = 0;
    let mut i = b.len().saturating_sub(1);
    while i > 0 && b[i - 1] == b'\\' {
        n += 1;
        i -= 1;
    }
    n % 2 == 1
}

fn number_value(kind: K, raw: &str) -> Result<LitValue, String> {
    match kind {
        K::Long => {
            let v = if let Some(hex) = raw.strip_prefix("0x").or_else(|| raw.strip_prefix("0X")) {
                i64::from_str_radix(hex, 16).ok()
            } else {
                raw.parse::<i64>().ok()
            };
            match v {
                Some(v) => Ok(LitValue::Long(v)),
                // Kusto reads too-large integers as reals.
                None => raw
                    .parse::<f64>()
                    .map(LitValue::Real)
                    .map_err(|_| format!("invalid number `{raw}`")),
            }
        }
        K::Real => raw
            .parse::<f64>()
            .map(LitValue::Real)
            .map_err(|_| format!("invalid number `{raw}`")),
        K::TimeSpan => Ok(LitValue::TimeSpan(timespan_ticks(raw).unwrap_or(0))),
        _ => Ok(typed_literal(raw)),
    }
}

fn timespan_ticks(raw: &str) -> Option<i64> {
    let split = raw
        .char_indices()
        .find(|(_, c)| c.is_ascii_alphabetic())
        .map(|(i, _)| i)?;
    let n: f64 = raw[..split].parse().ok()?;
    let unit = lexer::timespan_unit_ticks(&raw[split..])?;
    let v = n * unit;
    v.is_finite().then_some(v.round() as i64)
}

/// `[-][d.]hh:mm[:ss[.fffffff]]`, the clock form of a timespan (`time(1.02:03:04.5)`,
/// `timespan(00:30)`), as `scalar-data-types/timespan.md` lists it.
fn clock_ticks(text: &str) -> Option<i64> {
    const SECOND: i64 = 10_000_000;
    let (negative, text) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let colon = text.find(':')?;
    let (days, clock) = match text[..colon].rfind('.') {
        Some(dot) => (text[..dot].parse::<i64>().ok()?, &text[dot + 1..]),
        None => (0, text),
    };
    let mut parts = clock.splitn(3, ':');
    let hours: i64 = parts.next()?.parse().ok()?;
    let minutes: i64 = parts.next()?.parse().ok()?;
    let (seconds, fraction) = match parts.next() {
        None => (0, 0),
        Some(sec) => {
            let (whole, frac) = sec.split_once('.').unwrap_or((sec, ""));
            if frac.len() > 7 || !frac.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let ticks = if frac.is_empty() {
                0
            } else {
                frac.parse::<i64>().ok()? * 10_i64.pow(7 - frac.len() as u32)
            };
            (whole.parse::<i64>().ok()?, ticks)
        }
    };
    if !(0..24).contains(&hours) || !(0..60).contains(&minutes) || !(0..60).contains(&seconds) {
        return None;
    }
    let ticks = days
        .checked_mul(86_400)?
        .checked_add(hours * 3_600 + minutes * 60 + seconds)?
        .checked_mul(SECOND)?
        .checked_add(fraction)?;
    Some(if negative { -ticks } else { ticks })
}

/// `datetime(…)`, `guid(…)`, `long(null)`, `real(nan)`, `time(1.5h)`…; Kusto's parser takes
/// any text between the parentheses, so a bad value is kept rather than reported here.
fn typed_literal(raw: &str) -> LitValue {
    let open = raw.find('(').unwrap_or(raw.len());
    let head = raw[..open].trim();
    let ty = ScalarType::parse(head).unwrap_or(ScalarType::Unknown);
    let inner = raw
        .get(open + 1..raw.len().saturating_sub(1))
        .unwrap_or("")
        .trim();
    typed_value(ty, inner).unwrap_or_else(|_| LitValue::Unparsed {
        ty,
        text: inner.to_string(),
    })
}

fn typed_value(ty: ScalarType, inner: &str) -> Result<LitValue, ()> {
    if inner == "null" {
        return Ok(LitValue::Null(ty));
    }
    let bad = || Err(());
    match ty {
        ScalarType::DateTime => {
            if inner.starts_with(['\'', '"']) {
                return Ok(LitValue::DateTime(decode_string(inner)));
            }
            if inner.is_empty() {
                return bad();
            }
            Ok(LitValue::DateTime(inner.to_string()))
        }
        ScalarType::Guid => {
            let ok = inner.len() == 36 || inner.len() == 32;
            if !ok || !inner.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-') {
                return bad();
            }
            Ok(LitValue::Guid(inner.to_string()))
        }
        ScalarType::TimeSpan => {
            if let Some(t) = timespan_ticks(inner) {
                return Ok(LitValue::TimeSpan(t));
            }
            if let Ok(days) = inner.parse::<f64>() {
                return Ok(LitValue::TimeSpan((days * 864_000_000_000.0) as i64));
            }
            if let Some(t) = clock_ticks(inner.trim_matches(['\'', '"'])) {
                return Ok(LitValue::TimeSpan(t));
            }
            bad()
        }
        ScalarType::Bool => match inner {
            "true" | "1" => Ok(LitValue::Bool(true)),
            "false" | "0" => Ok(LitValue::Bool(false)),
            _ => bad(),
        },
        ScalarType::Int | ScalarType::Long => {
            let s = inner.strip_prefix('+').unwrap_or(inner);
            if let Some(hex) = s.strip_prefix("0x") {
                return i64::from_str_radix(hex, 16)
                    .map(LitValue::Long)
                    .or_else(|_| bad());
            }
            s.parse::<i64>().map(LitValue::Long).or_else(|_| bad())
        }
        ScalarType::Real => match inner {
            "nan" => Ok(LitValue::Real(f64::NAN)),
            "+inf" | "inf" => Ok(LitValue::Real(f64::INFINITY)),
            "-inf" => Ok(LitValue::Real(f64::NEG_INFINITY)),
            _ => inner.parse::<f64>().map(LitValue::Real).or_else(|_| bad()),
        },
        ScalarType::Decimal => {
            if inner.parse::<f64>().is_ok() {
                Ok(LitValue::Decimal(inner.to_string()))
            } else {
                bad()
            }
        }
        _ => bad(),
    }
}
