//! The KQL lexer: turns text into tokens with byte spans. Never fails; malformed input becomes
//! `Error` tokens (with a message) so that the parser reports it at the right place.

use crate::diag::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// Any identifier or keyword, including `$left`, `in~` and hyphenated keywords such as
    /// `project-away`: KQL keywords are contextual, the parser decides.
    Ident,
    /// A negated word operator: `!has`, `!in~`, `!contains_cs`…
    NegWord,
    Str,
    Long,
    Real,
    TimeSpan,
    /// `datetime(…)`, `guid(…)`, `long(null)`, `real(nan)`…: one token, as Kusto lexes them.
    TypedLit,
    LParen,
    RParen,
    LBracket,
    RBracket,
    LBrace,
    RBrace,
    Comma,
    Semi,
    Colon,
    Dot,
    DotDot,
    Pipe,
    Eq,
    EqEq,
    NotEq,
    LtGt,
    EqTilde,
    NotTilde,
    Lt,
    Le,
    Gt,
    Ge,
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    FatArrow,
    Question,
    At,
    /// Text that is no KQL token; the parser reports it.
    Error,
    Eof,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    pub span: Span,
    /// Whitespace or a comment precedes this token: `Security*` is a wildcard, `a * b` is not.
    pub spaced: bool,
}

pub struct LexError {
    pub message: String,
    pub span: Span,
}

fn hyphenated(word: &str) -> bool {
    matches!(
        word,
        "project-away"
            | "project-keep"
            | "project-rename"
            | "project-reorder"
            | "project-smart"
            | "project-by-names"
            | "mv-expand"
            | "mv-apply"
            | "parse-where"
            | "parse-kv"
            | "top-nested"
            | "top-hitters"
            | "sample-distinct"
            | "granny-asc"
            | "granny-desc"
            | "make-series"
            | "make-graph"
            | "graph-match"
            | "graph-merge"
            | "graph-to-table"
            | "graph-shortest-paths"
    )
}

fn typed_literal_head(word: &str) -> bool {
    matches!(
        word,
        "datetime"
            | "date"
            | "timespan"
            | "time"
            | "guid"
            | "uniqueid"
            | "bool"
            | "boolean"
            | "int"
            | "long"
            | "real"
            | "double"
            | "decimal"
            | "int32"
            | "int64"
    )
}

pub fn is_timespan_unit(unit: &str) -> bool {
    timespan_unit_ticks(unit).is_some()
}

/// Ticks (100 ns) per unit, for the cheap value of a timespan literal.
pub fn timespan_unit_ticks(unit: &str) -> Option<f64> {
    Some(match unit {
        "d" | "day" | "days" => 864_000_000_000.0,
        "h" | "hr" | "hrs" | "hour" | "hours" => 36_000_000_000.0,
        "m" | "min" | "minute" | "minutes" => 600_000_000.0,
        "s" | "sec" | "second" | "seconds" => 10_000_000.0,
        "ms" | "milli" | "millis" | "millisec" | "millisecond" | "milliseconds" => 10_000.0,
        "microsec" | "microsecond" | "microseconds" => 10.0,
        "nanosec" | "nanosecond" | "nanoseconds" => 0.01,
        "tick" | "ticks" => 1.0,
        _ => return None,
    })
}

pub fn is_ident_start(c: char) -> bool {
    c == '_' || c.is_alphabetic()
}

pub fn is_ident_continue(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

pub fn lex(text: &str) -> (Vec<Token>, Vec<LexError>) {
    let mut lx = Lexer {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        tokens: Vec::with_capacity(text.len() / 4 + 1),
        errors: Vec::new(),
    };
    lx.run();
    (lx.tokens, lx.errors)
}

struct Lexer<'t> {
    text: &'t str,
    bytes: &'t [u8],
    pos: usize,
    tokens: Vec<Token>,
    errors: Vec<LexError>,
}

impl Lexer<'_> {
    fn peek(&self, ahead: usize) -> u8 {
        self.bytes.get(self.pos + ahead).copied().unwrap_or(0)
    }

    fn char_at(&self, at: usize) -> Option<char> {
        self.text.get(at..).and_then(|s| s.chars().next())
    }

    fn ident_end(&self, from: usize) -> usize {
        let ascii = self.bytes[from.min(self.bytes.len())..]
            .iter()
            .position(|&b| !(b.is_ascii_alphanumeric() || b == b'_'))
            .map_or(self.bytes.len(), |i| from + i);
        let mut end = ascii;
        while end < self.bytes.len() {
            let b = self.bytes[end];
            if b.is_ascii_alphanumeric() || b == b'_' {
                end += 1;
            } else if b < 0x80 {
                break;
            } else {
                match self.char_at(end) {
                    Some(c) if is_ident_continue(c) => end += c.len_utf8(),
                    _ => break,
                }
            }
        }
        end
    }

    fn push(&mut self, kind: TokenKind, start: usize, spaced: bool) {
        self.tokens.push(Token {
            kind,
            span: Span::from_range(start..self.pos),
            spaced,
        });
    }

    fn error(&mut self, message: impl Into<String>, start: usize, end: usize) {
        self.errors.push(LexError {
            message: message.into(),
            span: Span::from_range(start..end),
        });
    }

    fn skip_trivia(&mut self) -> bool {
        let start = self.pos;
        loop {
            let b = self.peek(0);
            if b == b' ' || b == b'\t' || b == b'\n' || b == b'\r' || b == 0x0c || b == 0x0b {
                self.pos += 1;
            } else if b == b'/' && self.peek(1) == b'/' {
                while self.pos < self.bytes.len() && self.bytes[self.pos] != b'\n' {
                    if self.bytes[self.pos] == b'\r' {
                        break;
                    }
                    self.pos += 1;
                }
            } else if b >= 0x80 {
                match self.char_at(self.pos) {
                    Some(c) if c.is_whitespace() || c == '\u{feff}' => self.pos += c.len_utf8(),
                    _ => break,
                }
            } else {
                break;
            }
        }
        self.pos > start
    }

    fn run(&mut self) {
        let mut spaced = true;
        loop {
            spaced |= self.skip_trivia();
            if self.pos >= self.bytes.len() {
                self.push(TokenKind::Eof, self.bytes.len(), spaced);
                return;
            }
            self.token(spaced);
            spaced = false;
        }
    }

    fn token(&mut self, spaced: bool) {
        use TokenKind as K;
        let start = self.pos;
        let b = self.peek(0);
        let two = |k| (k, 2);
        let (kind, len) = match b {
            b'(' => (K::LParen, 1),
            b')' => (K::RParen, 1),
            b'[' => (K::LBracket, 1),
            b']' => (K::RBracket, 1),
            b'{' => (K::LBrace, 1),
            b'}' => (K::RBrace, 1),
            b',' => (K::Comma, 1),
            b';' => (K::Semi, 1),
            b':' => (K::Colon, 1),
            b'|' => (K::Pipe, 1),
            b'+' => (K::Plus, 1),
            b'-' => (K::Minus, 1),
            b'*' => (K::Star, 1),
            b'/' => (K::Slash, 1),
            b'%' => (K::Percent, 1),
            b'?' => (K::Question, 1),
            b'.' if self.peek(1) == b'.' => two(K::DotDot),
            b'.' => (K::Dot, 1),
            b'=' => match self.peek(1) {
                b'=' => two(K::EqEq),
                b'~' => two(K::EqTilde),
                b'>' => two(K::FatArrow),
                _ => (K::Eq, 1),
            },
            b'<' => match self.peek(1) {
                b'=' => two(K::Le),
                b'>' => two(K::LtGt),
                _ => (K::Lt, 1),
            },
            b'>' => match self.peek(1) {
                b'=' => two(K::Ge),
                _ => (K::Gt, 1),
            },
            b'!' => match self.peek(1) {
                b'=' => two(K::NotEq),
                b'~' => two(K::NotTilde),
                _ => {
                    if self.char_at(start + 1).is_some_and(is_ident_start) {
                        let mut end = self.ident_end(start + 1);
                        if self.bytes.get(end) == Some(&b'~') {
                            end += 1;
                        }
                        (K::NegWord, end - start)
                    } else {
                        self.pos += 1;
                        self.error(
                            "`!` must start `!=`, `!~` or a negated operator such as `!has`",
                            start,
                            self.pos,
                        );
                        self.push(K::Error, start, spaced);
                        return;
                    }
                }
            },
            b'\'' | b'"' => {
                self.quoted(start + 1, b, false);
                self.push(K::Str, start, spaced);
                return;
            }
            b'`' if self.peek(1) == b'`' && self.peek(2) == b'`' => {
                self.multiline(start);
                self.push(K::Str, start, spaced);
                return;
            }
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                self.ident(start, spaced);
                return;
            }
            b'@' if matches!(self.peek(1), b'\'' | b'"') => {
                self.quoted(start + 2, self.peek(1), true);
                self.push(K::Str, start, spaced);
                return;
            }
            // Kusto's parser takes a lone `@` where a string goes; it reads as empty.
            b'@' => (K::Str, 1),
            b'0'..=b'9' => {
                let kind = self.number();
                self.push(kind, start, spaced);
                return;
            }
            // `$left`, `$right`, and a bare `$`, which Kusto also takes as a name.
            b'$' => (K::Ident, self.ident_end(start + 1) - start),
            _ => {
                if let Some(c) = self.char_at(start)
                    && is_ident_start(c)
                {
                    self.ident(start, spaced);
                    return;
                }
                let len = self.char_at(start).map_or(1, char::len_utf8);
                self.pos += len;
                let shown = &self.text[start..self.pos];
                self.error(format!("unexpected character `{shown}`"), start, self.pos);
                self.push(K::Error, start, spaced);
                return;
            }
        };
        self.pos += len;
        self.push(kind, start, spaced);
    }

    fn ident(&mut self, start: usize, spaced: bool) {
        let mut end = self.ident_end(start);
        let word = &self.text[start..end];
        // Obfuscated strings: h'…', H"…", h@'…'.
        if (word == "h" || word == "H") && end < self.bytes.len() {
            let q = self.bytes[end];
            if q == b'\'' || q == b'"' {
                self.quoted(end + 1, q, false);
                self.push(TokenKind::Str, start, spaced);
                return;
            }
            if q == b'@' && matches!(self.bytes.get(end + 1), Some(b'\'' | b'"')) {
                self.quoted(end + 2, self.bytes[end + 1], true);
                self.push(TokenKind::Str, start, spaced);
                return;
            }
        }
        if self.bytes.get(end) == Some(&b'-') {
            let after = self.ident_end(end + 1);
            if after > end + 1 && hyphenated(&self.text[start..after]) {
                end = after;
            } else if after > end + 1 {
                // `project-by-names`
                let third = if self.bytes.get(after) == Some(&b'-') {
                    self.ident_end(after + 1)
                } else {
                    after
                };
                if hyphenated(&self.text[start..third]) {
                    end = third;
                }
            }
        }
        if word == "in" && self.bytes.get(end) == Some(&b'~') {
            end += 1;
        }
        if typed_literal_head(word) {
            let mut p = end;
            while p < self.bytes.len() && matches!(self.bytes[p], b' ' | b'\t' | b'\r' | b'\n') {
                p += 1;
            }
            if self.bytes.get(p) == Some(&b'(') {
                let close = self.bytes[p + 1..]
                    .iter()
                    .position(|&b| matches!(b, b')' | b'(' | b'|' | b';' | b'\n'))
                    .map(|i| p + 1 + i);
                match close {
                    Some(c) if self.bytes[c] == b')' => {
                        self.pos = c + 1;
                        self.push(TokenKind::TypedLit, start, spaced);
                        return;
                    }
                    Some(c) if self.bytes[c] == b'(' => {
                        // `long(abs(x))`-style text is no literal: let the parser see a call.
                    }
                    stop => {
                        let end = stop.unwrap_or(self.bytes.len());
                        self.pos = end;
                        self.error(format!("expected `)` to close `{word}(`"), end, end);
                        self.push(TokenKind::TypedLit, start, spaced);
                        return;
                    }
                }
            }
        }
        self.pos = end;
        self.push(TokenKind::Ident, start, spaced);
    }

    /// A `'…'`/`"…"` string from just after the opening quote; verbatim strings double the quote.
    fn quoted(&mut self, from: usize, quote: u8, verbatim: bool) {
        let start = self.pos;
        let mut p = from;
        loop {
            match self.bytes.get(p) {
                None | Some(b'\n') | Some(b'\r') => {
                    self.pos = p;
                    self.error("unterminated string literal", start, p);
                    return;
                }
                Some(&b) if b == quote => {
                    if verbatim && self.bytes.get(p + 1) == Some(&quote) {
                        p += 2;
                        continue;
                    }
                    self.pos = p + 1;
                    return;
                }
                Some(b'\\') if !verbatim => {
                    let at = p;
                    p += 1;
                    let hex = |n: usize, bytes: &[u8]| {
                        bytes
                            .get(p + 1..p + 1 + n)
                            .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit))
                    };
                    let len = match self.bytes.get(p) {
                        Some(
                            b'\\' | b'\'' | b'"' | b'n' | b't' | b'r' | b'b' | b'f' | b'v' | b'a',
                        ) => 1,
                        Some(b'0'..=b'7') => octal_escape_len(&self.bytes[p..]),
                        Some(b'x') if hex(2, self.bytes) => 3,
                        Some(b'u') if hex(4, self.bytes) => 5,
                        Some(b'U') if hex(8, self.bytes) => 9,
                        Some(b'\n' | b'\r') | None => continue,
                        Some(_) => {
                            let shown: String = self.text[at..].chars().take(2).collect();
                            self.error(
                                format!("invalid escape `{shown}` in a string literal; write `\\\\` for a backslash or use a verbatim string `@'…'`"),
                                at,
                                at + shown.len(),
                            );
                            self.char_at(p).map_or(1, char::len_utf8)
                        }
                    };
                    p += len;
                }
                Some(_) => p += 1,
            }
        }
    }

    fn multiline(&mut self, start: usize) {
        let body = start + 3;
        match self.text[body..].find("```") {
            Some(i) => self.pos = body + i + 3,
            None => {
                self.pos = self.bytes.len();
                self.error("unterminated ``` string literal", start, self.pos);
            }
        }
    }

    fn number(&mut self) -> TokenKind {
        let start = self.pos;
        let digits = |p: &mut usize, bytes: &[u8]| {
            while *p < bytes.len() && bytes[*p].is_ascii_digit() {
                *p += 1;
            }
        };
        let mut p = start;
        if self.peek(0) == b'0' && matches!(self.peek(1), b'x' | b'X') {
            p += 2;
            while p < self.bytes.len() && self.bytes[p].is_ascii_hexdigit() {
                p += 1;
            }
            self.pos = p;
            return self.suffix(start, TokenKind::Long);
        }
        let mut kind = TokenKind::Long;
        digits(&mut p, self.bytes);
        if self.bytes.get(p) == Some(&b'.') && self.bytes.get(p + 1) != Some(&b'.') {
            let next = self.bytes.get(p + 1).copied().unwrap_or(0);
            // `1.5`, `1.`, `1.e3`, but not `a.1.b` style member access which cannot start here.
            if next.is_ascii_digit()
                || !(next.is_ascii_alphabetic() || next == b'_')
                || next == b'e'
            {
                kind = TokenKind::Real;
                p += 1;
                digits(&mut p, self.bytes);
            }
        }
        if matches!(self.bytes.get(p), Some(b'e' | b'E')) {
            let mut q = p + 1;
            if matches!(self.bytes.get(q), Some(b'+' | b'-')) {
                q += 1;
            }
            if self.bytes.get(q).is_some_and(u8::is_ascii_digit) {
                digits(&mut q, self.bytes);
                p = q;
                kind = TokenKind::Real;
            }
        }
        self.pos = p;
        self.suffix(start, kind)
    }

    /// A word glued to a number: a timespan unit (`10m`, `1.5h`) or a malformed number.
    fn suffix(&mut self, start: usize, kind: TokenKind) -> TokenKind {
        if !self.char_at(self.pos).is_some_and(is_ident_continue) {
            return kind;
        }
        let end = self.ident_end(self.pos);
        let unit = &self.text[self.pos..end];
        let number_part = &self.text[start..self.pos];
        self.pos = end;
        if is_timespan_unit(unit) && !number_part.starts_with("0x") {
            TokenKind::TimeSpan
        } else if number_part.bytes().all(|b| b.is_ascii_digit()) {
            // Kusto reads `1abc` as a name.
            TokenKind::Ident
        } else {
            let shown = &self.text[start..end];
            self.error(format!("invalid number `{shown}`"), start, end);
            TokenKind::Error
        }
    }
}

/// The length of the octal escape at the start of `digits` (after its backslash): Kusto's
/// grammar takes `[0-3][0-7][0-7]`, else `[0-7][0-7]`, else `[0-7]` (`"\3"` is U+0003,
/// `"\101"` is `A`), as C does.
pub(crate) fn octal_escape_len(digits: &[u8]) -> usize {
    let octal = |i: usize| digits.get(i).is_some_and(|b| (b'0'..=b'7').contains(b));
    if !octal(0) {
        0
    } else if digits[0] <= b'3' && octal(1) && octal(2) {
        3
    } else if octal(1) {
        2
    } else {
        1
    }
}
