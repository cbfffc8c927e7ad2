//! Prints the syntax tree back as valid KQL (normalised spacing, one operator per line).
//! Parentheses are kept as nodes in the tree, so printing never needs to add any.

use std::fmt::{self, Display, Formatter, Write};

use crate::kql::ast::*;

fn list<T>(
    f: &mut Formatter<'_>,
    items: &[T],
    sep: &str,
    mut each: impl FnMut(&mut Formatter<'_>, &T) -> fmt::Result,
) -> fmt::Result {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(sep)?;
        }
        each(f, item)?;
    }
    Ok(())
}

fn display_list<T: Display>(f: &mut Formatter<'_>, items: &[T]) -> fmt::Result {
    list(f, items, ", ", |f, x| write!(f, "{x}"))
}

impl Display for Query {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        statements(f, &self.statements)
    }
}

fn statements(f: &mut Formatter<'_>, stmts: &[Statement]) -> fmt::Result {
    let stmts: Vec<&Statement> = stmts
        .iter()
        .filter(|s| !matches!(s.kind, StatementKind::Error))
        .collect();
    for (i, s) in stmts.iter().enumerate() {
        write!(f, "{s}")?;
        if i + 1 < stmts.len() {
            f.write_str(";\n")?;
        }
    }
    Ok(())
}

impl Display for Statement {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match &self.kind {
            StatementKind::Let { name, value } => {
                write!(f, "let {name} = ")?;
                match value {
                    LetValue::Expr(e) => write!(f, "{e}"),
                    LetValue::Function(func) => write!(f, "{func}"),
                }
            }
            StatementKind::QueryParameters(params) => {
                f.write_str("declare query_parameters(")?;
                display_list(f, params)?;
                f.write_str(")")
            }
            StatementKind::Set { name, value } => {
                write!(f, "set {name}")?;
                if let Some(v) = value {
                    write!(f, " = {v}")?;
                }
                Ok(())
            }
            StatementKind::Alias { name, value } => write!(f, "alias database {name} = {value}"),
            StatementKind::Expr(e) => write!(f, "{e}"),
            StatementKind::Error => Ok(()),
        }
    }
}

impl Display for Function {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        if self.view {
            f.write_str("view ")?;
        }
        f.write_str("(")?;
        display_list(f, &self.params)?;
        f.write_str(") {\n")?;
        statements(f, &self.body)?;
        f.write_str("\n}")
    }
}

impl Display for Param {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "{}:", self.name)?;
        match &self.ty {
            ParamType::Scalar(t) => write!(f, "{t}")?,
            ParamType::Tabular { columns, open } => {
                f.write_str("(")?;
                display_list(f, columns)?;
                if *open {
                    if !columns.is_empty() {
                        f.write_str(", ")?;
                    }
                    f.write_str("*")?;
                }
                f.write_str(")")?;
            }
        }
        if let Some(d) = &self.default {
            write!(f, " = {d}")?;
        }
        Ok(())
    }
}

impl Display for TypeRef {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name.name)
    }
}

impl Display for ColumnDecl {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.name, self.ty)
    }
}

impl Display for Ident {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        if self.quoted {
            f.write_str("['")?;
            for c in self.name.chars() {
                match c {
                    '\'' => f.write_str("\\'")?,
                    '\\' => f.write_str("\\\\")?,
                    '\n' => f.write_str("\\n")?,
                    '\r' => f.write_str("\\r")?,
                    '\t' => f.write_str("\\t")?,
                    c => f.write_char(c)?,
                }
            }
            f.write_str("']")
        } else {
            f.write_str(&self.name)
        }
    }
}

/// A long `or` chain is a left-deep spine: written in a loop, not by recursion. Kept out of
/// `Expr::fmt` so that its locals do not enlarge the frame every nested expression pays.
#[inline(never)]
fn binary_spine(e: &Expr, f: &mut Formatter<'_>) -> fmt::Result {
    let mut spine = Vec::new();
    let mut first = e;
    while let ExprKind::Binary { op, lhs, rhs } = &first.kind {
        spine.push((op, rhs));
        first = lhs;
    }
    write!(f, "{first}")?;
    for (op, rhs) in spine.iter().rev() {
        write!(f, " {op} {rhs}")?;
    }
    Ok(())
}

impl Display for Expr {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ExprKind::Name(id) => write!(f, "{id}"),
            ExprKind::Wildcard(w) => f.write_str(w),
            ExprKind::Literal(l) => f.write_str(&l.raw),
            ExprKind::Star => f.write_str("*"),
            ExprKind::Paren(e) => write!(f, "({e})"),
            ExprKind::Brackets(e) => write!(f, "[{e}]"),
            ExprKind::Unary { op, operand } => {
                let s = match op {
                    UnaryOp::Neg => "-",
                    UnaryOp::Plus => "+",
                };
                write!(f, "{s}{operand}")
            }
            ExprKind::Binary { .. } => binary_spine(self, f),
            ExprKind::In {
                lhs,
                negated,
                case_insensitive,
                op,
                list: items,
            } => {
                let neg = if *negated { "!" } else { "" };
                let name = match op {
                    InOp::In if *case_insensitive => "in~",
                    InOp::In => "in",
                    InOp::HasAny => "has_any",
                    InOp::HasAll => "has_all",
                };
                write!(f, "{lhs} {neg}{name} (")?;
                display_list(f, items)?;
                f.write_str(")")
            }
            ExprKind::Between {
                lhs,
                negated,
                low,
                high,
            } => {
                let neg = if *negated { "!" } else { "" };
                write!(f, "{lhs} {neg}between ({low} .. {high})")
            }
            ExprKind::Member { target, name } => write!(f, "{target}{}{name}", dot_after(target)),
            ExprKind::Index { target, index } => write!(f, "{target}[{index}]"),
            ExprKind::Call { target, name, args } => {
                if let Some(t) = target {
                    write!(f, "{t}{}", dot_after(t))?;
                }
                write!(f, "{name}(")?;
                display_list(f, args)?;
                f.write_str(")")
            }
            ExprKind::TypeOf(t) => write!(f, "typeof({t})"),
            ExprKind::TypeOfSchema { columns, open } => {
                f.write_str("typeof(")?;
                if *open {
                    f.write_str("*")?;
                    if !columns.is_empty() {
                        f.write_str(", ")?;
                    }
                }
                display_list(f, columns)?;
                f.write_str(")")
            }
            ExprKind::Pipeline { source, ops } => {
                let implicit = matches!(&source.kind, ExprKind::Source(op) if matches!(op.kind, OpKind::Input));
                if !implicit {
                    write!(f, "{source}")?;
                }
                for (i, op) in ops.iter().enumerate() {
                    if implicit && i == 0 {
                        write!(f, "{op}")?;
                    } else {
                        write!(f, "\n| {op}")?;
                    }
                }
                Ok(())
            }
            ExprKind::Source(op) => write!(f, "{op}"),
            ExprKind::Error => Ok(()),
        }
    }
}

impl Display for Arg {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        if let Some(n) = &self.name {
            write!(f, "{n} = ")?;
        }
        write!(f, "{}", self.value)
    }
}

impl Display for BinaryOp {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let s = match self {
            BinaryOp::Or => "or",
            BinaryOp::And => "and",
            BinaryOp::Eq => "==",
            BinaryOp::Assign => "=",
            BinaryOp::NotEq => "!=",
            BinaryOp::LtGt => "<>",
            BinaryOp::EqTilde => "=~",
            BinaryOp::NotTilde => "!~",
            BinaryOp::Lt => "<",
            BinaryOp::Le => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::Ge => ">=",
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "*",
            BinaryOp::Div => "/",
            BinaryOp::Mod => "%",
            BinaryOp::Str(op) => return write!(f, "{op}"),
        };
        f.write_str(s)
    }
}

impl Display for StrOp {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let base = match self.op {
            StrOpKind::Has => "has",
            StrOpKind::HasPrefix => "hasprefix",
            StrOpKind::HasSuffix => "hassuffix",
            StrOpKind::Contains => "contains",
            StrOpKind::StartsWith => "startswith",
            StrOpKind::EndsWith => "endswith",
            StrOpKind::MatchesRegex => return f.write_str("matches regex"),
            StrOpKind::Like => "like",
            StrOpKind::Legacy(s) => return f.write_str(s),
        };
        if self.negated {
            f.write_str("!")?;
        }
        f.write_str(base)?;
        if self.case_sensitive {
            f.write_str("_cs")?;
        }
        Ok(())
    }
}

impl Display for NamedExpr {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self.names.len() {
            0 => {}
            1 => write!(f, "{} = ", self.names[0])?,
            _ => {
                f.write_str("(")?;
                display_list(f, &self.names)?;
                f.write_str(") = ")?;
            }
        }
        write!(f, "{}", self.expr)
    }
}

impl Display for OpParam {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "{}={}", self.name, self.value)?;
        for v in &self.more {
            write!(f, ",{v}")?;
        }
        Ok(())
    }
}

fn params(f: &mut Formatter<'_>, ps: &[OpParam]) -> fmt::Result {
    for p in ps {
        write!(f, " {p}")?;
    }
    Ok(())
}

impl Display for SortKey {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.expr)?;
        match self.dir {
            Some(SortDir::Asc) => f.write_str(" asc")?,
            Some(SortDir::Desc) => f.write_str(" desc")?,
            Some(SortDir::GrannyAsc) => f.write_str(" granny-asc")?,
            Some(SortDir::GrannyDesc) => f.write_str(" granny-desc")?,
            None => {}
        }
        match self.nulls {
            Some(Nulls::First) => f.write_str(" nulls first"),
            Some(Nulls::Last) => f.write_str(" nulls last"),
            None => Ok(()),
        }
    }
}

impl Display for JoinCondition {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            JoinCondition::Column(c) => write!(f, "{c}"),
            JoinCondition::Equal { left, right } => write!(f, "$left.{left} == $right.{right}"),
            JoinCondition::Expr(e) | JoinCondition::Where(e) => write!(f, "{e}"),
        }
    }
}

impl Display for MvItem {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.named)?;
        if let Some(t) = &self.to_type {
            write!(f, " to typeof({t})")?;
        }
        Ok(())
    }
}

impl Display for PipeOp {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match &self.kind {
            OpKind::Where(e) => write!(f, "where {e}"),
            OpKind::Extend(items) => {
                f.write_str("extend ")?;
                display_list(f, items)
            }
            OpKind::Project(items) => {
                f.write_str("project")?;
                if !items.is_empty() {
                    f.write_str(" ")?;
                }
                display_list(f, items)
            }
            OpKind::ProjectAway(items) => {
                f.write_str("project-away")?;
                if !items.is_empty() {
                    f.write_str(" ")?;
                }
                display_list(f, items)
            }
            OpKind::ProjectKeep(items) => {
                f.write_str("project-keep")?;
                if !items.is_empty() {
                    f.write_str(" ")?;
                }
                display_list(f, items)
            }
            OpKind::ProjectRename(items) => {
                f.write_str("project-rename ")?;
                display_list(f, items)
            }
            OpKind::ProjectReorder(items) => {
                f.write_str("project-reorder ")?;
                display_list(f, items)
            }
            OpKind::Summarize {
                params: ps,
                aggregates,
                by,
            } => {
                f.write_str("summarize")?;
                params(f, ps)?;
                if !aggregates.is_empty() {
                    f.write_str(" ")?;
                    display_list(f, aggregates)?;
                }
                if !by.is_empty() {
                    f.write_str(" by ")?;
                    display_list(f, by)?;
                }
                Ok(())
            }
            OpKind::Join {
                params: ps,
                right,
                on,
            }
            | OpKind::Lookup {
                params: ps,
                right,
                on,
            } => {
                let name = if matches!(self.kind, OpKind::Join { .. }) {
                    "join"
                } else {
                    "lookup"
                };
                f.write_str(name)?;
                params(f, ps)?;
                write!(f, " {right}")?;
                if let [JoinCondition::Where(predicate)] = &on[..] {
                    return write!(f, " where {predicate}");
                }
                if !on.is_empty() {
                    f.write_str(" on ")?;
                }
                display_list(f, on)
            }
            OpKind::Union { params: ps, legs } => {
                f.write_str("union")?;
                params(f, ps)?;
                f.write_str(" ")?;
                display_list(f, legs)
            }
            OpKind::MvExpand {
                params: ps,
                items,
                limit,
            } => {
                f.write_str("mv-expand")?;
                params(f, ps)?;
                f.write_str(" ")?;
                display_list(f, items)?;
                if let Some(l) = limit {
                    write!(f, " limit {l}")?;
                }
                Ok(())
            }
            OpKind::MvApply {
                params: ps,
                items,
                limit,
                context_id,
                body,
            } => {
                f.write_str("mv-apply")?;
                params(f, ps)?;
                f.write_str(" ")?;
                display_list(f, items)?;
                if let Some(l) = limit {
                    write!(f, " limit {l}")?;
                }
                if let Some(c) = context_id {
                    write!(f, " with_itemindex {c}")?;
                }
                write!(f, " on (\n{body}\n)")
            }
            OpKind::Parse {
                where_,
                params: ps,
                source,
                pattern,
            } => {
                f.write_str(if *where_ { "parse-where" } else { "parse" })?;
                params(f, ps)?;
                write!(f, " {source} with")?;
                for part in pattern {
                    match part {
                        ParsePart::Str(l) => write!(f, " {}", l.raw)?,
                        ParsePart::Star => f.write_str(" *")?,
                        ParsePart::Column(c, t) => {
                            write!(f, " {c}")?;
                            if let Some(t) = t {
                                write!(f, ":{t}")?;
                            }
                        }
                    }
                }
                Ok(())
            }
            OpKind::ParseKv {
                source,
                columns,
                with,
            } => {
                write!(f, "parse-kv {source} as (")?;
                display_list(f, columns)?;
                f.write_str(")")?;
                if !with.is_empty() {
                    f.write_str(" with (")?;
                    display_list(f, with)?;
                    f.write_str(")")?;
                }
                Ok(())
            }
            OpKind::Top {
                params: ps,
                count,
                by,
            } => {
                f.write_str("top")?;
                params(f, ps)?;
                write!(f, " {count} by {by}")
            }
            OpKind::TopNested(levels) => {
                f.write_str("top-nested ")?;
                list(f, levels, ", top-nested ", |f, l| {
                    if let Some(c) = &l.count {
                        write!(f, "{c} ")?;
                    }
                    write!(f, "of {}", l.of)?;
                    if let Some(o) = &l.others {
                        write!(f, " with others = {o}")?;
                    }
                    write!(f, " by {}", l.by)?;
                    match l.dir {
                        Some(SortDir::Asc) => f.write_str(" asc"),
                        Some(SortDir::Desc) => f.write_str(" desc"),
                        Some(SortDir::GrannyAsc) => f.write_str(" granny-asc"),
                        Some(SortDir::GrannyDesc) => f.write_str(" granny-desc"),
                        None => Ok(()),
                    }
                })
            }
            OpKind::TopHitters { count, of, by } => {
                write!(f, "top-hitters {count} of {of}")?;
                if let Some(b) = by {
                    write!(f, " by {b}")?;
                }
                Ok(())
            }
            OpKind::Sort { params: ps, by } => {
                f.write_str("sort")?;
                params(f, ps)?;
                f.write_str(" by ")?;
                display_list(f, by)
            }
            OpKind::Take { params: ps, count } => {
                f.write_str("take")?;
                params(f, ps)?;
                write!(f, " {count}")
            }
            OpKind::Sample(e) => write!(f, "sample {e}"),
            OpKind::SampleDistinct { count, of } => write!(f, "sample-distinct {count} of {of}"),
            OpKind::Distinct {
                params: ps,
                columns,
            } => {
                f.write_str("distinct")?;
                params(f, ps)?;
                f.write_str(" ")?;
                display_list(f, columns)
            }
            OpKind::Count => f.write_str("count"),
            OpKind::As { params: ps, name } => {
                f.write_str("as")?;
                params(f, ps)?;
                write!(f, " {name}")
            }
            OpKind::Invoke(e) => write!(f, "invoke {e}"),
            OpKind::Evaluate {
                params: ps,
                call,
                schema,
            } => {
                f.write_str("evaluate")?;
                params(f, ps)?;
                write!(f, " {call}")?;
                if let Some((columns, open)) = schema {
                    f.write_str(" : (")?;
                    if *open {
                        f.write_str("*")?;
                        if !columns.is_empty() {
                            f.write_str(", ")?;
                        }
                    }
                    display_list(f, columns)?;
                    f.write_str(")")?;
                }
                Ok(())
            }
            OpKind::MakeSeries {
                params: ps,
                aggregates,
                on,
                range,
                by,
            } => {
                f.write_str("make-series")?;
                params(f, ps)?;
                f.write_str(" ")?;
                list(f, aggregates, ", ", |f, a| {
                    write!(f, "{}", a.named)?;
                    if let Some(d) = &a.default {
                        write!(f, " default = {d}")?;
                    }
                    Ok(())
                })?;
                write!(f, " on {on}")?;
                match range {
                    SeriesRange::FromTo { from, to, step } => {
                        if let Some(x) = from {
                            write!(f, " from {x}")?;
                        }
                        if let Some(x) = to {
                            write!(f, " to {x}")?;
                        }
                        write!(f, " step {step}")?;
                    }
                    SeriesRange::InRange(args) => {
                        f.write_str(" in range(")?;
                        display_list(f, args)?;
                        f.write_str(")")?;
                    }
                }
                if !by.is_empty() {
                    f.write_str(" by ")?;
                    display_list(f, by)?;
                }
                Ok(())
            }
            OpKind::Serialize(items) => {
                f.write_str("serialize")?;
                if !items.is_empty() {
                    f.write_str(" ")?;
                    display_list(f, items)?;
                }
                Ok(())
            }
            OpKind::Render { chart, with } => {
                write!(f, "render {chart}")?;
                if !with.is_empty() {
                    f.write_str(" with (")?;
                    display_list(f, with)?;
                    f.write_str(")")?;
                }
                Ok(())
            }
            OpKind::GetSchema => f.write_str("getschema"),
            OpKind::Fork(legs) => {
                f.write_str("fork")?;
                for l in legs {
                    f.write_str(" ")?;
                    if let Some(n) = &l.name {
                        write!(f, "{n} = ")?;
                    }
                    write!(f, "({})", l.body)?;
                }
                Ok(())
            }
            OpKind::Facet { by, with } => {
                f.write_str("facet by ")?;
                display_list(f, by)?;
                if let Some(w) = with {
                    write!(f, " with ({w})")?;
                }
                Ok(())
            }
            OpKind::Partition {
                params: ps,
                by,
                body,
            } => {
                f.write_str("partition")?;
                params(f, ps)?;
                write!(f, " by {by} ")?;
                let implicit = matches!(&body.kind, ExprKind::Pipeline { source, .. }
                    if matches!(&source.kind, ExprKind::Source(op) if matches!(op.kind, OpKind::Input)));
                if implicit {
                    write!(f, "({body})")
                } else {
                    write!(f, "{{ {body} }}")
                }
            }
            OpKind::Scan {
                params: ps,
                order_by,
                partition_by,
                declare,
                steps,
            } => {
                f.write_str("scan")?;
                params(f, ps)?;
                if !order_by.is_empty() {
                    f.write_str(" order by ")?;
                    display_list(f, order_by)?;
                }
                if !partition_by.is_empty() {
                    f.write_str(" partition by ")?;
                    display_list(f, partition_by)?;
                }
                if !declare.is_empty() {
                    f.write_str(" declare (")?;
                    display_list(f, declare)?;
                    f.write_str(")")?;
                }
                f.write_str(" with (")?;
                for s in steps {
                    write!(f, " step {}", s.name)?;
                    if s.optional {
                        f.write_str(" optional")?;
                    }
                    if let Some(o) = &s.output {
                        write!(f, " output={o}")?;
                    }
                    write!(f, ": {}", s.condition)?;
                    if !s.assignments.is_empty() {
                        f.write_str(" => ")?;
                        display_list(f, &s.assignments)?;
                    }
                    f.write_str(";")?;
                }
                f.write_str(" )")
            }
            OpKind::Consume(ps) => {
                f.write_str("consume")?;
                params(f, ps)
            }
            OpKind::Reduce {
                params: ps,
                by,
                with,
            } => {
                f.write_str("reduce")?;
                params(f, ps)?;
                write!(f, " by {by}")?;
                if !with.is_empty() {
                    f.write_str(" with ")?;
                    display_list(f, with)?;
                }
                Ok(())
            }
            OpKind::Search {
                params: ps,
                tables,
                predicate,
            } => {
                f.write_str("search")?;
                params(f, ps)?;
                if !tables.is_empty() {
                    f.write_str(" in (")?;
                    display_list(f, tables)?;
                    f.write_str(")")?;
                }
                write!(f, " {predicate}")
            }
            OpKind::Find {
                params: ps,
                tables,
                has_where,
                predicate,
                project,
            } => {
                f.write_str("find")?;
                params(f, ps)?;
                if !tables.is_empty() {
                    f.write_str(" in (")?;
                    display_list(f, tables)?;
                    f.write_str(")")?;
                }
                if *has_where {
                    f.write_str(" where")?;
                }
                write!(f, " {predicate}")?;
                match project {
                    Some(FindProject::Columns(p)) => {
                        f.write_str(" project ")?;
                        display_list(f, p)?;
                    }
                    Some(FindProject::Smart) => f.write_str(" project-smart")?,
                    None => {}
                }
                Ok(())
            }
            OpKind::Print(items) => {
                f.write_str("print")?;
                if !items.is_empty() {
                    f.write_str(" ")?;
                    display_list(f, items)?;
                }
                Ok(())
            }
            OpKind::Range {
                column,
                from,
                to,
                step,
            } => write!(f, "range {column} from {from} to {to} step {step}"),
            OpKind::Datatable { columns, values } => {
                f.write_str("datatable(")?;
                display_list(f, columns)?;
                f.write_str(") [")?;
                display_list(f, values)?;
                f.write_str("]")
            }
            OpKind::ExternalData {
                columns,
                urls,
                with,
            } => {
                f.write_str("externaldata(")?;
                display_list(f, columns)?;
                f.write_str(") [")?;
                display_list(f, urls)?;
                f.write_str("]")?;
                if !with.is_empty() {
                    f.write_str(" with (")?;
                    display_list(f, with)?;
                    f.write_str(")")?;
                }
                Ok(())
            }
            OpKind::Input | OpKind::Error => Ok(()),
        }
    }
}

/// The dot of a member access or method call after `target`. After a number literal it needs a
/// space: `0000201 .x1` printed as `0000201.x1` would read back as one (bad) number.
fn dot_after(target: &Expr) -> &'static str {
    match &target.kind {
        ExprKind::Literal(l) if l.raw.ends_with(|c: char| c.is_ascii_alphanumeric()) => " .",
        _ => ".",
    }
}
