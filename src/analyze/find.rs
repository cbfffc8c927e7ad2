//! `find`: the tables it searches, and the columns it returns (`project-smart`, `project`).

use std::rc::Rc;

use super::binder::{Binder, Row};
use super::ops::param;
use super::types::common_or_dynamic;
use super::union::unify_same_name_and_type;
use crate::catalog::{Column, Schema};
use crate::kql::ast::{self, ExprKind, OpParam};
use crate::kql::types::ScalarType;

impl<'q> Binder<'q, '_> {
    pub(super) fn find(
        &mut self,
        params: &'q [OpParam],
        tables: &'q [ast::Expr],
        predicate: &'q ast::Expr,
        project: Option<&'q ast::FindProject>,
        outer: Row<'_>,
    ) -> Rc<Schema> {
        let schemas: Vec<Rc<Schema>> = tables.iter().map(|t| self.union_leg(t, outer)).collect();
        let merged = self.union(&[], schemas.clone());
        // The predicate may name columns of any one of the tables.
        self.quiet += 1;
        self.value(predicate, Row::new(&merged));
        self.quiet -= 1;
        let source = param(params, "withsource")
            .and_then(|e| match &e.kind {
                ExprKind::Name(id) => Some(id.name.as_str()),
                _ => None,
            })
            .unwrap_or("source_");
        let mut cols = vec![Column::new(source, ScalarType::String)];
        match project {
            Some(ast::FindProject::Columns(list)) => {
                for e in list {
                    if let ExprKind::Name(id) = &e.kind {
                        // A name no table has is reported and dropped.
                        match merged.column(&id.name) {
                            Some(c) => cols.push(c.clone()),
                            None if merged.open => {
                                cols.push(Column::new(id.name.as_str(), ScalarType::Unknown))
                            }
                            None => self.unknown_name(id, Row::new(&merged)),
                        }
                    }
                }
            }
            // `project-smart`, the default (Kusto.Language's `VisitFindOperator`).
            _ => cols.extend(find_smart_columns(&schemas, &merged, predicate)),
        }
        Rc::new(Schema {
            columns: cols,
            open: merged.open,
        })
    }
}

/// The columns `find … where predicate` returns without an explicit `project` (after
/// `source_`): the columns common to the tables that can match, the columns the predicate
/// names, and `pack_` holding the rest. A table can match when it has a column the predicate
/// names; a predicate over every column (`* has "x"`, a bare `"x"`) keeps all the tables.
fn find_smart_columns(
    schemas: &[Rc<Schema>],
    merged: &Schema,
    predicate: &ast::Expr,
) -> Vec<Column> {
    let mut named: Vec<&str> = Vec::new();
    let mut all_columns = false;
    predicate_names(predicate, &mut named, &mut all_columns);
    let referenced: Vec<&Column> = named
        .iter()
        .filter_map(|name| merged.column(name))
        .collect();
    let matching: Vec<&Rc<Schema>> = if schemas.len() == 1 || all_columns {
        schemas.iter().collect()
    } else {
        schemas
            .iter()
            .filter(|s| s.open || referenced.iter().any(|c| s.column(&c.name).is_some()))
            .collect()
    };
    // Common by name; types that differ meet in their common type, or dynamic
    // (`TableSymbol.Intersect`).
    let mut cols: Vec<Column> = match matching.split_first() {
        Some((first, rest)) => first
            .columns
            .iter()
            .filter_map(|c| {
                let mut ty = c.ty;
                for s in rest {
                    ty = common_or_dynamic(ty, s.column(&c.name)?.ty);
                }
                Some(Column::new(c.name.clone(), ty))
            })
            .collect(),
        None => Vec::new(),
    };
    for c in referenced {
        if !cols.iter().any(|d| d.name == c.name && d.ty == c.ty) {
            cols.push(c.clone());
        }
    }
    let packs_more = matching.iter().any(|s| {
        !s.open
            && s.columns
                .iter()
                .any(|c| !cols.iter().any(|d| d.name == c.name))
    });
    if packs_more {
        cols.push(Column::new("pack_", ScalarType::Dynamic));
    }
    unify_same_name_and_type(cols.iter())
}

/// The names a `find` predicate refers to, in order; `all_columns` when it searches every
/// column (`*` or a bare string term).
fn predicate_names<'e>(e: &'e ast::Expr, names: &mut Vec<&'e str>, all_columns: &mut bool) {
    match &e.kind {
        ExprKind::Name(id) => {
            if !names.contains(&id.name.as_str()) {
                names.push(&id.name);
            }
        }
        ExprKind::Star => *all_columns = true,
        ExprKind::Literal(ast::Literal {
            value: ast::LitValue::String(_),
            ..
        }) => *all_columns = true,
        ExprKind::Paren(inner) => predicate_names(inner, names, all_columns),
        ExprKind::Unary { operand, .. } => predicate_names(operand, names, all_columns),
        ExprKind::Binary { op, lhs, rhs } => {
            if matches!(op, ast::BinaryOp::And | ast::BinaryOp::Or) {
                predicate_names(lhs, names, all_columns);
                predicate_names(rhs, names, all_columns);
            } else {
                // Only the operands' names count: a string compared to a column is no search term.
                operand_names(lhs, names, all_columns);
                operand_names(rhs, names, all_columns);
            }
        }
        other => scalar_names(other, names, all_columns),
    }
}

fn operand_names<'e>(e: &'e ast::Expr, names: &mut Vec<&'e str>, all_columns: &mut bool) {
    match &e.kind {
        ExprKind::Literal(_) => {}
        ExprKind::Star => *all_columns = true,
        _ => predicate_names(e, names, all_columns),
    }
}

fn scalar_names<'e>(kind: &'e ExprKind, names: &mut Vec<&'e str>, all_columns: &mut bool) {
    match kind {
        ExprKind::In { lhs, list, .. } => {
            operand_names(lhs, names, all_columns);
            for e in list {
                operand_names(e, names, all_columns);
            }
        }
        ExprKind::Between { lhs, low, high, .. } => {
            for e in [lhs, low, high] {
                operand_names(e, names, all_columns);
            }
        }
        ExprKind::Member { target, .. } => operand_names(target, names, all_columns),
        ExprKind::Index { target, index } => {
            operand_names(target, names, all_columns);
            operand_names(index, names, all_columns);
        }
        ExprKind::Call { args, .. } => {
            for a in args {
                operand_names(&a.value, names, all_columns);
            }
        }
        _ => {}
    }
}
