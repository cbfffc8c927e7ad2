//! `union`: its legs (tables, wildcards, queries) and Kusto.Language's unification of
//! same-named columns (`name_type` when the types differ).

use std::rc::Rc;
use std::sync::Arc;

use super::binder::{Binder, Row, Val};
use super::builder::UniqueNames;
use super::ops::{param, param_word, wildcard_match};
use crate::catalog::hash::FxHashMap as HashMap;
use crate::catalog::{Column, Schema};
use crate::kql::ast::{self, ExprKind, OpParam};
use crate::kql::types::ScalarType;

impl<'q> Binder<'q, '_> {
    /// One leg of `union`: a table name, a wildcard, or a query.
    pub(super) fn union_leg(&mut self, leg: &'q ast::Expr, _outer: Row<'_>) -> Rc<Schema> {
        match &leg.kind {
            ExprKind::Wildcard(p) => {
                let mut names: Vec<&str> = self
                    .catalog
                    .table_names()
                    .filter(|n| wildcard_match(p, n))
                    .collect();
                names.sort_unstable();
                if names.is_empty() {
                    return Rc::new(Schema::open());
                }
                let names: Vec<String> = names.into_iter().map(str::to_string).collect();
                let mut schemas = Vec::new();
                for n in &names {
                    if let Some(t) = self.catalog.table(n) {
                        self.note_table(n);
                        schemas.push(Rc::new(Schema::new(t.columns().to_vec())));
                    }
                }
                self.union(&[], schemas)
            }
            ExprKind::Name(id) => match self.table_name(id) {
                Val::Table(s) => s,
                Val::Scalar(_) => Rc::new(Schema::open()),
            },
            _ => self.tabular(leg, Row::new(&super::binder::EMPTY)),
        }
    }

    pub(crate) fn union(&mut self, params: &'q [OpParam], schemas: Vec<Rc<Schema>>) -> Rc<Schema> {
        let kind = param_word(params, "kind").unwrap_or_default();
        let source = param(params, "withsource").and_then(|e| match &e.kind {
            ExprKind::Name(id) => Some(id.name.clone()),
            _ => None,
        });
        let open = schemas.iter().any(|s| s.open);
        let mut cols: Vec<Column> = Vec::new();
        // Kusto.Language types `kind=inner` like an outer union.
        if kind == "inner-strict" {
            if let Some(first) = schemas.first() {
                for c in &first.columns {
                    if schemas[1..]
                        .iter()
                        .all(|s| s.column(&c.name).is_some_and(|d| d.ty == c.ty))
                    {
                        cols.push(c.clone());
                    }
                }
            }
        } else {
            cols = unify_same_name_and_type(schemas.iter().flat_map(|s| s.columns.iter()));
        }
        if let Some(s) = source {
            cols.insert(0, Column::new(s, ScalarType::String));
        }
        Rc::new(Schema {
            columns: cols,
            open,
        })
    }
}

/// What Kusto.Language's union column map holds for one name (`Binding/ColumnMap.cs`).
enum SameName {
    One(ScalarType),
    /// Two or more columns of one type. Kusto.Language drops any column of another type that
    /// arrives in this state (it builds the by-type map but never stores it), so the name
    /// stays unsuffixed with the first type. Following that keeps our schemas equal to the ones
    /// the Sentinel editor and the Azure-Sentinel CI compute.
    Many(ScalarType),
    ByType(Vec<ScalarType>),
}

/// The columns of an outer union: one column per name and type, in first-seen order; a name
/// that has several types becomes one `name_type` column per type (`UnifyColumnsWithSameNameAndType`).
pub(super) fn unify_same_name_and_type<'c>(
    columns: impl Iterator<Item = &'c Column> + Clone,
) -> Vec<Column> {
    let mut by_name: HashMap<Arc<str>, SameName> = HashMap::default();
    for c in columns.clone() {
        match by_name.get_mut(&c.name) {
            None => {
                by_name.insert(c.name.clone(), SameName::One(c.ty));
            }
            Some(entry) => match entry {
                SameName::One(t) if *t == c.ty => *entry = SameName::Many(*t),
                SameName::One(t) => *entry = SameName::ByType(vec![*t, c.ty]),
                SameName::Many(_) => {}
                SameName::ByType(types) => {
                    if !types.contains(&c.ty) {
                        types.push(c.ty);
                    }
                }
            },
        }
    }
    let mut names = UniqueNames::default();
    let mut out = Vec::new();
    for c in columns {
        match by_name.remove(&c.name) {
            None => {}
            Some(SameName::One(t) | SameName::Many(t)) => {
                out.push(Column::new(names.get_or_add(&c.name, None), t));
            }
            Some(SameName::ByType(types)) => {
                for t in types {
                    let suffixed: Arc<str> = Arc::from(format!("{}_{}", c.name, t.name()));
                    out.push(Column::new(names.get_or_add(&suffixed, None), t));
                }
            }
        }
    }
    out
}
