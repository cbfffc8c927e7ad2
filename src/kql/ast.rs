//! The KQL syntax tree. Every node carries the byte span of its text. Tabular and scalar
//! expressions share [`Expr`] because KQL itself only tells them apart by meaning (`let x = T;`
//! may bind either); the tabular operators after a `|` are distinct [`OpKind`] variants so that
//! an analysis can compute output schemas from them.

use crate::diag::Span;
use crate::kql::types::ScalarType;

#[derive(Clone, Debug, PartialEq)]
pub struct Query {
    pub statements: Vec<Statement>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Statement {
    pub kind: StatementKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum StatementKind {
    Let {
        name: Ident,
        value: LetValue,
    },
    /// `declare query_parameters(a:string = "x", …)`
    QueryParameters(Vec<Param>),
    /// `set name = value` or bare `set name`
    Set {
        name: Ident,
        value: Option<Expr>,
    },
    /// `alias database name = cluster(…).database(…)`
    Alias {
        name: Ident,
        value: Expr,
    },
    /// A query (tabular) or scalar expression statement.
    Expr(Expr),
    /// Text that is no statement; an error was reported for it.
    Error,
}

#[derive(Clone, Debug, PartialEq)]
pub enum LetValue {
    Expr(Expr),
    Function(Function),
}

/// `(params) { body }` or `view (params) { body }`.
#[derive(Clone, Debug, PartialEq)]
pub struct Function {
    pub view: bool,
    pub params: Vec<Param>,
    pub body: Vec<Statement>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    pub name: Ident,
    pub ty: ParamType,
    pub default: Option<Expr>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ParamType {
    Scalar(TypeRef),
    /// `(*)`, `(a:string, b:long)` or `(a:string, *)`.
    Tabular {
        columns: Vec<ColumnDecl>,
        open: bool,
    },
}

/// A type name as written; `ty` is `None` for names KQL does not know.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeRef {
    pub name: Ident,
    pub ty: Option<ScalarType>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ColumnDecl {
    pub name: Ident,
    pub ty: TypeRef,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Ident {
    /// The name, unescaped for `['bracketed']` names; case is kept.
    pub name: String,
    pub span: Span,
    /// Written as `['…']`/`["…"]`.
    pub quoted: bool,
}

/// A tabular expression (table, query, `(…)`), which shares [`Expr`] with scalars: only the
/// analysis can tell `let x = T;` from `let x = 1;`.
pub type TabularExpr = Expr;

#[derive(Clone, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

impl std::fmt::Debug for Expr {
    /// As derived, but a left-deep `Binary` spine (a long `or` chain) is written in a loop:
    /// the `--ast` dump and the span-free comparison start from this text.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if f.alternate() || !matches!(self.kind, ExprKind::Binary { .. }) {
            return f
                .debug_struct("Expr")
                .field("kind", &self.kind)
                .field("span", &self.span)
                .finish();
        }
        let mut spine = Vec::new();
        let mut first = self;
        while let ExprKind::Binary { op, lhs, rhs } = &first.kind {
            write!(f, "Expr {{ kind: Binary {{ op: {op:?}, lhs: ")?;
            spine.push((rhs, first.span));
            first = lhs;
        }
        write!(f, "{first:?}")?;
        for (rhs, span) in spine.iter().rev() {
            write!(f, ", rhs: {rhs:?} }}, span: {span:?} }}")?;
        }
        Ok(())
    }
}

impl Drop for Expr {
    /// A 10,000-term `or` is a left-deep spine of `Binary` nodes, and the parser lets a run of
    /// one operator grow without limit: dropping it recursively would take a stack frame per
    /// term. Each left side is detached first, so the spine is freed in a loop.
    fn drop(&mut self) {
        let mut next = detach_binary_lhs(&mut self.kind);
        while let Some(mut node) = next {
            next = detach_binary_lhs(&mut node.kind);
        }
    }
}

/// The left side of a `Binary` node whose left side is itself `Binary`, replaced by an
/// error leaf; `None` for any other node (its drop recurses one level only).
fn detach_binary_lhs(kind: &mut ExprKind) -> Option<Box<Expr>> {
    let ExprKind::Binary { lhs, .. } = kind else {
        return None;
    };
    if !matches!(lhs.kind, ExprKind::Binary { .. }) {
        return None;
    }
    let span = lhs.span;
    Some(std::mem::replace(
        lhs,
        Box::new(Expr {
            kind: ExprKind::Error,
            span,
        }),
    ))
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    /// A column, table, let-bound name or `$left`/`$right`.
    Name(Ident),
    /// `Security*`, `*Event`: name patterns in `union`, `project-away`, `find`, `search`.
    Wildcard(String),
    Literal(Literal),
    /// `*` as an argument (`count(*)`) or a column list (`distinct *`).
    Star,
    Paren(Box<Expr>),
    /// `[expr]` standing alone: Kusto's parser takes it, though it is no value; the analysis
    /// reports it.
    Brackets(Box<Expr>),
    Unary {
        op: UnaryOp,
        operand: Box<Expr>,
    },
    Binary {
        op: BinaryOp,
        lhs: Box<Expr>,
        rhs: Box<Expr>,
    },
    /// `x in (a, b)`, `x !in~ (T | project y)`.
    In {
        lhs: Box<Expr>,
        negated: bool,
        case_insensitive: bool,
        /// `has_any`/`has_all` share this shape.
        op: InOp,
        list: Vec<Expr>,
    },
    /// `x between (a .. b)`
    Between {
        lhs: Box<Expr>,
        negated: bool,
        low: Box<Expr>,
        high: Box<Expr>,
    },
    /// `a.b`
    Member {
        target: Box<Expr>,
        name: Ident,
    },
    /// `a[i]`, `a['key']`
    Index {
        target: Box<Expr>,
        index: Box<Expr>,
    },
    /// `f(x)`, `cluster('c').database('d')` (target set for method-like calls).
    Call {
        target: Option<Box<Expr>>,
        name: Ident,
        args: Vec<Arg>,
    },
    /// `typeof(string)` in `mv-expand … to typeof()` and `getschema`-style contexts.
    TypeOf(TypeRef),
    /// `typeof(*, a:string)`: a schema, in `evaluate` plugin arguments.
    TypeOfSchema {
        columns: Vec<ColumnDecl>,
        open: bool,
    },
    /// `source | op | op`
    Pipeline {
        source: Box<Expr>,
        ops: Vec<PipeOp>,
    },
    /// A tabular operator that starts a query: `print`, `range`, `union`, `datatable`, …
    Source(Box<PipeOp>),
    /// Text that is no expression; an error was reported for it.
    Error,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InOp {
    In,
    HasAny,
    HasAll,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Arg {
    pub name: Option<Ident>,
    pub value: Expr,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    Neg,
    Plus,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinaryOp {
    Or,
    And,
    Eq,
    NotEq,
    /// `<>`
    LtGt,
    EqTilde,
    NotTilde,
    Lt,
    Le,
    Gt,
    Ge,
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    /// `where Name = value`: Kusto's parser takes it; almost always meant as `==`.
    Assign,
    /// A word operator: `has`, `!contains_cs`, `matches regex`, … kept as written.
    Str(StrOp),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StrOp {
    pub op: StrOpKind,
    pub negated: bool,
    pub case_sensitive: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StrOpKind {
    Has,
    HasPrefix,
    HasSuffix,
    Contains,
    StartsWith,
    EndsWith,
    MatchesRegex,
    Like,
    /// Legacy spellings `containscs`, `notcontains`, `notcontainscs`, `notHas`...
    Legacy(&'static str),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Literal {
    pub value: LitValue,
    /// The source text, so that printing keeps `h'…'`, `0x1F`, `datetime(2021-01-01 10:00)`.
    pub raw: String,
}

#[derive(Clone, Debug, PartialEq)]
pub enum LitValue {
    /// `long(null)`, `datetime(null)`, `dynamic(null)`, …
    Null(ScalarType),
    Bool(bool),
    Long(i64),
    Real(f64),
    Decimal(String),
    String(String),
    /// The text between the parentheses of `datetime(…)`.
    DateTime(String),
    /// In ticks of 100 ns.
    TimeSpan(i64),
    Guid(String),
    Dynamic(Dynamic),
    /// A typed literal whose text Kusto's parser accepts but that has no value of its type
    /// (`datetime(garbage)`, `guid(xyz)`); the analysis reports it.
    Unparsed {
        ty: ScalarType,
        text: String,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub enum Dynamic {
    Null,
    Bool(bool),
    Long(i64),
    Real(f64),
    String(String),
    /// Typed scalars inside a dynamic (`datetime(…)`, timespans, guids) are kept as literals.
    Scalar(Box<LitValue>),
    Array(Vec<Dynamic>),
    Object(Vec<(String, Dynamic)>),
}

/// An expression with optional output name(s): `x`, `n = x`, `(a, b) = f()`.
#[derive(Clone, Debug, PartialEq)]
pub struct NamedExpr {
    pub names: Vec<Ident>,
    pub expr: Expr,
    pub span: Span,
}

/// `name = value` parameters of operators: `kind=inner`, `hint.strategy=shuffle`,
/// `withsource=T`, `bag_expansion=array`, …
#[derive(Clone, Debug, PartialEq)]
pub struct OpParam {
    /// Dotted names kept as one string: `hint.strategy`.
    pub name: Ident,
    pub value: Expr,
    /// Further comma-separated values: `ycolumns=a,b` in `render … with (…)`.
    pub more: Vec<Expr>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PipeOp {
    pub kind: OpKind,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortDir {
    Asc,
    Desc,
    /// `project-reorder` only: natural ("granny") order.
    GrannyAsc,
    GrannyDesc,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Nulls {
    First,
    Last,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SortKey {
    pub expr: Expr,
    pub dir: Option<SortDir>,
    pub nulls: Option<Nulls>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum JoinCondition {
    /// `on Col`: same name on both sides.
    Column(Ident),
    /// `$left.a == $right.b` (written either way round).
    Equal { left: Ident, right: Ident },
    /// Anything else (an error for join, a predicate elsewhere).
    Expr(Expr),
    /// `join … where Predicate`, in place of `on`: Kusto.Language's join-where clause, one
    /// predicate over the columns of both sides (unqualified or `$left.`/`$right.`); the rows
    /// that satisfy it are joined. The only condition of its join when present.
    Where(Expr),
}

#[derive(Clone, Debug, PartialEq)]
pub struct MvItem {
    pub named: NamedExpr,
    pub to_type: Option<TypeRef>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ParsePart {
    Str(Literal),
    Star,
    Column(Ident, Option<TypeRef>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct SeriesAgg {
    pub named: NamedExpr,
    pub default: Option<Expr>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum SeriesRange {
    /// `from a to b step c` (`from`/`to` optional)
    FromTo {
        from: Option<Box<Expr>>,
        to: Option<Box<Expr>>,
        step: Box<Expr>,
    },
    /// `in range(a, b, c)`
    InRange(Vec<Expr>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct TopNestedLevel {
    pub count: Option<Expr>,
    pub of: NamedExpr,
    pub others: Option<Expr>,
    pub by: NamedExpr,
    pub dir: Option<SortDir>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ScanStep {
    pub name: Ident,
    pub optional: bool,
    /// `output=all|last|none`
    pub output: Option<Ident>,
    pub condition: Expr,
    pub assignments: Vec<NamedExpr>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ForkLeg {
    /// `name = (…)`
    pub name: Option<Ident>,
    pub body: Expr,
}

#[derive(Clone, Debug, PartialEq)]
pub enum FindProject {
    Columns(Vec<Expr>),
    Smart,
}

#[derive(Clone, Debug, PartialEq)]
pub enum OpKind {
    Where(Expr),
    Extend(Vec<NamedExpr>),
    Project(Vec<NamedExpr>),
    ProjectAway(Vec<Expr>),
    ProjectKeep(Vec<Expr>),
    /// `new = old` pairs.
    ProjectRename(Vec<NamedExpr>),
    ProjectReorder(Vec<SortKey>),
    Summarize {
        params: Vec<OpParam>,
        aggregates: Vec<NamedExpr>,
        by: Vec<NamedExpr>,
    },
    Join {
        params: Vec<OpParam>,
        right: Box<Expr>,
        on: Vec<JoinCondition>,
    },
    Lookup {
        params: Vec<OpParam>,
        right: Box<Expr>,
        on: Vec<JoinCondition>,
    },
    Union {
        params: Vec<OpParam>,
        legs: Vec<Expr>,
    },
    MvExpand {
        params: Vec<OpParam>,
        items: Vec<MvItem>,
        limit: Option<Expr>,
    },
    MvApply {
        params: Vec<OpParam>,
        items: Vec<MvItem>,
        limit: Option<Expr>,
        context_id: Option<Ident>,
        body: Box<Expr>,
    },
    Parse {
        where_: bool,
        params: Vec<OpParam>,
        source: Expr,
        pattern: Vec<ParsePart>,
    },
    ParseKv {
        source: Expr,
        columns: Vec<ColumnDecl>,
        with: Vec<OpParam>,
    },
    Top {
        params: Vec<OpParam>,
        count: Expr,
        by: SortKey,
    },
    TopNested(Vec<TopNestedLevel>),
    TopHitters {
        count: Expr,
        of: Expr,
        by: Option<Expr>,
    },
    Sort {
        params: Vec<OpParam>,
        by: Vec<SortKey>,
    },
    Take {
        params: Vec<OpParam>,
        count: Expr,
    },
    Sample(Expr),
    SampleDistinct {
        count: Expr,
        of: Expr,
    },
    Distinct {
        params: Vec<OpParam>,
        /// `distinct A, B = tolower(B)`: columns and named expressions, or `*`.
        columns: Vec<NamedExpr>,
    },
    Count,
    As {
        params: Vec<OpParam>,
        name: Ident,
    },
    Invoke(Expr),
    Evaluate {
        params: Vec<OpParam>,
        call: Expr,
        /// `: (a:string, …)` output schema, `open` when it starts with `*`.
        schema: Option<(Vec<ColumnDecl>, bool)>,
    },
    MakeSeries {
        params: Vec<OpParam>,
        aggregates: Vec<SeriesAgg>,
        on: Expr,
        range: SeriesRange,
        by: Vec<NamedExpr>,
    },
    Serialize(Vec<NamedExpr>),
    Render {
        chart: Ident,
        with: Vec<OpParam>,
    },
    GetSchema,
    Fork(Vec<ForkLeg>),
    Facet {
        by: Vec<Expr>,
        with: Option<Box<Expr>>,
    },
    Partition {
        params: Vec<OpParam>,
        by: Expr,
        body: Box<Expr>,
    },
    Scan {
        params: Vec<OpParam>,
        order_by: Vec<SortKey>,
        partition_by: Vec<Expr>,
        declare: Vec<Param>,
        steps: Vec<ScanStep>,
    },
    Consume(Vec<OpParam>),
    Reduce {
        params: Vec<OpParam>,
        by: Expr,
        with: Vec<OpParam>,
    },
    /// `search [kind=…] [in (T, …)] predicate`
    Search {
        params: Vec<OpParam>,
        tables: Vec<Expr>,
        predicate: Expr,
    },
    /// `find [withsource=…] [in (T, …)] where predicate [project …]`
    Find {
        params: Vec<OpParam>,
        tables: Vec<Expr>,
        /// `where` written before the predicate (optional).
        has_where: bool,
        predicate: Expr,
        project: Option<FindProject>,
    },
    // Sources (only in `ExprKind::Source`):
    Print(Vec<NamedExpr>),
    Range {
        column: Ident,
        from: Expr,
        to: Expr,
        step: Expr,
    },
    Datatable {
        columns: Vec<ColumnDecl>,
        values: Vec<Expr>,
    },
    ExternalData {
        columns: Vec<ColumnDecl>,
        urls: Vec<Expr>,
        with: Vec<OpParam>,
    },
    /// A sub-pipeline's implicit input: the body of `mv-apply … on (…)`, `fork (…)`, `facet
    /// … with (…)`, `partition … (…)` starts from the piped rows.
    Input,
    /// An operator that could not be parsed; an error was reported for it.
    Error,
}
