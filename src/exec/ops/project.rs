//! Column shaping: `extend`, `serialize`, `project` and its `-away`, `-keep`, `-rename`,
//! `-reorder` forms.

use std::sync::Arc;

use crate::analyze::wildcard_match;
use crate::diag::Span;
use crate::exec::column::Column;
use crate::exec::executor::Exec;
use crate::exec::table::Table;
use crate::exec::{ExecError, Result};
use crate::kql::ast::{self, ExprKind, SortDir};

/// The name Kusto gives an expression's column when none is written; `None` for `ColumnN`.
/// (The analysis's names replace these after each operator; this is the fallback.)
pub(crate) fn expr_name(e: &ast::Expr) -> Option<String> {
    match &e.kind {
        ExprKind::Paren(inner) => expr_name(inner),
        ExprKind::Name(id) => Some(id.name.clone()),
        ExprKind::Member { target, name } => match expr_name(target) {
            Some(l) => Some(format!("{l}_{}", name.name)),
            None => Some(name.name.clone()),
        },
        ExprKind::Index { target, index } => {
            let right = match &index.kind {
                ExprKind::Literal(l) => match &l.value {
                    ast::LitValue::String(s) => s.clone(),
                    ast::LitValue::Long(n) => n.to_string(),
                    _ => String::new(),
                },
                _ => String::new(),
            };
            match expr_name(target) {
                Some(l) => Some(format!("{l}_{right}")),
                None => Some(right),
            }
        }
        ExprKind::Call { name, args, .. }
            if matches!(
                name.name.as_str(),
                "bin"
                    | "floor"
                    | "tostring"
                    | "tolong"
                    | "toint"
                    | "toreal"
                    | "todouble"
                    | "todatetime"
                    | "totimespan"
                    | "tobool"
                    | "toguid"
                    | "todynamic"
                    | "parse_json"
                    | "todecimal"
                    | "bin_at"
            ) =>
        {
            args.first().and_then(|a| expr_name(&a.value))
        }
        _ => None,
    }
}

/// The next free `ColumnN` name.
pub(crate) fn fresh_name(t: &Table, base: &str) -> Arc<str> {
    let mut n = 1;
    loop {
        let candidate = format!("{base}{n}");
        if t.index_of(&candidate).is_none() {
            return Arc::from(candidate.as_str());
        }
        n += 1;
    }
}

/// Columns with their names.
type NamedColumns = Vec<(Arc<str>, Arc<Column>)>;

/// The columns of a function that returns several values (`extend (a, b) =
/// series_fit_line(y)` or unnamed, `series_fit_line_y_slope`…), one per member; `None` for
/// any other item.
fn tuple_columns(ex: &mut Exec, item: &ast::NamedExpr, t: &Table) -> Result<Option<NamedColumns>> {
    let ExprKind::Call {
        target: None,
        name,
        args,
    } = &item.expr.kind
    else {
        return Ok(None);
    };
    let Some(members) = crate::exec::functions::tuple_members(&name.name) else {
        return Ok(None);
    };
    if item.names.len() == 1 {
        return Ok(None);
    }
    let col = ex.eval_column(&item.expr, t)?;
    let parts = crate::exec::functions::spread_tuple(&col, members);
    let names: Vec<Arc<str>> = if item.names.is_empty() {
        let arg = args
            .first()
            .and_then(|a| expr_name(&a.value))
            .unwrap_or_default();
        members
            .iter()
            .map(|(m, _)| Arc::from(format!("{}_{arg}_{m}", name.name).as_str()))
            .collect()
    } else {
        item.names
            .iter()
            .map(|n| Arc::from(n.name.as_str()))
            .collect()
    };
    Ok(Some(
        names
            .into_iter()
            .zip(parts)
            .map(|(n, c)| (n, Arc::new(c)))
            .collect(),
    ))
}

pub(crate) fn extend(ex: &mut Exec, items: &[ast::NamedExpr], input: Table) -> Result<Table> {
    let mut t = input;
    for item in items {
        if let Some(parts) = tuple_columns(ex, item, &t)? {
            for (name, col) in parts {
                match t.index_of(&name) {
                    Some(i) => {
                        t.columns[i].1 = col.ty;
                        t.data[i] = col;
                    }
                    None => t.push(name, col),
                }
            }
            continue;
        }
        if item.names.len() > 1 {
            return Err(ExecError::new(
                "several names for one expression are supported only in `summarize`",
                item.span,
            ));
        }
        let col = ex.eval_column(&item.expr, &t)?;
        let name: Arc<str> = match item.names.first() {
            Some(n) => Arc::from(n.name.as_str()),
            None => match expr_name(&item.expr) {
                Some(n) if !matches!(item.expr.kind, ExprKind::Name(_)) => Arc::from(n.as_str()),
                Some(n) => Arc::from(n.as_str()),
                None => fresh_name(&t, "Column"),
            },
        };
        match t.index_of(&name) {
            Some(i) => {
                t.columns[i].1 = col.ty;
                t.data[i] = col;
            }
            None => t.push(name, col),
        }
    }
    Ok(t)
}

pub(crate) fn project(ex: &mut Exec, items: &[ast::NamedExpr], input: Table) -> Result<Table> {
    let mut out = Table {
        rows: input.rows,
        ..Table::default()
    };
    for item in items {
        if let ExprKind::Wildcard(p) = &item.expr.kind {
            for (i, (n, _)) in input.columns.iter().enumerate() {
                if wildcard_match(p, n) && out.index_of(n).is_none() {
                    out.push(n.clone(), input.data[i].clone());
                }
            }
            continue;
        }
        if let Some(parts) = tuple_columns(ex, item, &input)? {
            for (name, col) in parts {
                out.push(name, col);
            }
            continue;
        }
        let col = ex.eval_column(&item.expr, &input)?;
        let name: Arc<str> = match item.names.first() {
            Some(n) => Arc::from(n.name.as_str()),
            None => match expr_name(&item.expr) {
                Some(n) => Arc::from(n.as_str()),
                None => fresh_name(&out, "Column"),
            },
        };
        match out.index_of(&name) {
            Some(i) if item.names.is_empty() => {
                let fresh = fresh_name(&out, &name);
                let _ = i;
                out.push(fresh, col);
            }
            Some(i) => {
                out.columns[i].1 = col.ty;
                out.data[i] = col;
            }
            None => out.push(name, col),
        }
    }
    Ok(out)
}

/// The input columns an item list names (names or wildcards), in input order.
fn selected(items: &[ast::Expr], input: &Table, span: Span) -> Result<Vec<bool>> {
    let mut keep = vec![false; input.columns.len()];
    for item in items {
        match &item.kind {
            ExprKind::Name(id) => match input.index_of(&id.name) {
                Some(i) => keep[i] = true,
                None => {
                    return Err(ExecError::new(
                        format!("unknown column `{}`", id.name),
                        id.span,
                    ));
                }
            },
            ExprKind::Wildcard(p) => {
                for (i, (n, _)) in input.columns.iter().enumerate() {
                    if wildcard_match(p, n) {
                        keep[i] = true;
                    }
                }
            }
            _ => return Err(ExecError::new("a column name was expected", span)),
        }
    }
    Ok(keep)
}

pub(crate) fn project_away(items: &[ast::Expr], input: Table, span: Span) -> Result<Table> {
    let away = selected(items, &input, span)?;
    let cols = input
        .columns
        .iter()
        .zip(&input.data)
        .zip(&away)
        .filter(|(_, a)| !**a)
        .map(|(((n, _), c), _)| (n.clone(), c.clone()))
        .collect();
    Ok(Table::new(cols, input.rows))
}

pub(crate) fn project_keep(items: &[ast::Expr], input: Table, span: Span) -> Result<Table> {
    let keep = selected(items, &input, span)?;
    let cols = input
        .columns
        .iter()
        .zip(&input.data)
        .zip(&keep)
        .filter(|(_, k)| **k)
        .map(|(((n, _), c), _)| (n.clone(), c.clone()))
        .collect();
    Ok(Table::new(cols, input.rows))
}

pub(crate) fn project_rename(items: &[ast::NamedExpr], input: Table) -> Result<Table> {
    let mut t = input;
    for item in items {
        let (Some(new), ExprKind::Name(old)) = (item.names.first(), &item.expr.kind) else {
            return Err(ExecError::new(
                "`project-rename` needs `new = old`",
                item.span,
            ));
        };
        let Some(i) = t.index_of(&old.name) else {
            return Err(ExecError::new(
                format!("unknown column `{}`", old.name),
                old.span,
            ));
        };
        t.columns[i].0 = Arc::from(new.name.as_str());
    }
    Ok(t)
}

/// Compares two names in "natural" order: digit runs by value (`a2` before `a10`).
fn granny_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    let (mut x, mut y) = (a.as_bytes(), b.as_bytes());
    loop {
        match (x.first(), y.first()) {
            (None, None) => return std::cmp::Ordering::Equal,
            (None, _) => return std::cmp::Ordering::Less,
            (_, None) => return std::cmp::Ordering::Greater,
            (Some(p), Some(q)) if p.is_ascii_digit() && q.is_ascii_digit() => {
                let dx = x.iter().take_while(|c| c.is_ascii_digit()).count();
                let dy = y.iter().take_while(|c| c.is_ascii_digit()).count();
                let nx: u128 = std::str::from_utf8(&x[..dx])
                    .ok()
                    .and_then(|s| s.parse().ok())
                    .unwrap_or(0);
                let ny: u128 = std::str::from_utf8(&y[..dy])
                    .ok()
                    .and_then(|s| s.parse().ok())
                    .unwrap_or(0);
                if nx != ny {
                    return nx.cmp(&ny);
                }
                x = &x[dx..];
                y = &y[dy..];
            }
            (Some(p), Some(q)) => {
                if p != q {
                    return p.cmp(q);
                }
                x = &x[1..];
                y = &y[1..];
            }
        }
    }
}

pub(crate) fn project_reorder(keys: &[ast::SortKey], input: Table) -> Result<Table> {
    let mut order: Vec<usize> = Vec::new();
    for key in keys {
        let mut matched: Vec<usize> = match &key.expr.kind {
            ExprKind::Name(id) => input.index_of(&id.name).into_iter().collect(),
            ExprKind::Wildcard(p) => (0..input.columns.len())
                .filter(|&i| wildcard_match(p, input.name(i)))
                .collect(),
            _ => Vec::new(),
        };
        matched.retain(|i| !order.contains(i));
        match key.dir {
            Some(SortDir::Asc) => matched.sort_by(|a, b| input.name(*a).cmp(input.name(*b))),
            Some(SortDir::Desc) => matched.sort_by(|a, b| input.name(*b).cmp(input.name(*a))),
            Some(SortDir::GrannyAsc) => {
                matched.sort_by(|a, b| granny_cmp(input.name(*a), input.name(*b)))
            }
            Some(SortDir::GrannyDesc) => {
                matched.sort_by(|a, b| granny_cmp(input.name(*b), input.name(*a)))
            }
            None => {}
        }
        order.extend(matched);
    }
    for i in 0..input.columns.len() {
        if !order.contains(&i) {
            order.push(i);
        }
    }
    let cols = order
        .into_iter()
        .map(|i| (input.columns[i].0.clone(), input.data[i].clone()))
        .collect();
    Ok(Table::new(cols, input.rows))
}
