//! `join` and `lookup`: the keys of `on`, and the columns of both sides with Kusto.Language's
//! clash naming.

use std::rc::Rc;

use super::binder::{Binder, Row, column_hint};
use super::builder::make_names_unique;
use super::codes;
use super::ops::param_word;
use crate::catalog::{Column, Schema};
use crate::kql::ast::{self, JoinCondition, OpParam};
use crate::kql::types::ScalarType;

impl<'q> Binder<'q, '_> {
    pub(super) fn join(
        &mut self,
        params: &'q [OpParam],
        right: &'q ast::Expr,
        on: &'q [JoinCondition],
        left: Rc<Schema>,
        lookup: bool,
    ) -> Rc<Schema> {
        let mut right = self.tabular(right, Row::new(&super::binder::EMPTY));
        let mut left = left;
        // Report the keys that are missing, then infer them on an open side, of unknown type,
        // as Kusto.Language does.
        for c in on {
            let (l, r) = match c {
                JoinCondition::Column(id) => {
                    self.join_key(id, &left, &right);
                    (id, id)
                }
                JoinCondition::Equal { left: l, right: r } => {
                    if left.column(&l.name).is_none() {
                        self.unknown_name(l, Row::new(&left));
                    }
                    if right.column(&r.name).is_none() {
                        self.unknown_name(r, Row::new(&right));
                    }
                    (l, r)
                }
                JoinCondition::Expr(_) | JoinCondition::Where(_) => continue,
            };
            for (side, key) in [(&mut left, l), (&mut right, r)] {
                if side.open && side.column(&key.name).is_none() {
                    Rc::make_mut(side)
                        .columns
                        .push(Column::new(key.name.as_str(), ScalarType::Unknown));
                }
            }
        }
        let kind = param_word(params, "kind").unwrap_or_default();
        let row = Row {
            schema: &left,
            left: Some(&left),
            right: Some(&right),
        };
        let mut right_keys: Vec<&str> = Vec::new();
        for c in on {
            match c {
                JoinCondition::Column(id) => right_keys.push(&id.name),
                JoinCondition::Equal { left: l, right: r } => {
                    // `lookup` drops the right key whatever its name; `join` keeps a
                    // differently named one.
                    if lookup || l.name == r.name {
                        right_keys.push(&r.name);
                    }
                }
                JoinCondition::Expr(e) => {
                    self.value(e, row);
                }
                JoinCondition::Where(predicate) => {
                    // An unqualified name in a join-where predicate is a column of either
                    // side (the left one when both have it), as Kusto.Language resolves it.
                    let mut both = Schema {
                        columns: left.columns.clone(),
                        open: left.open || right.open,
                    };
                    for c in right.columns.iter() {
                        if both.column(&c.name).is_none() {
                            both.columns.push(c.clone());
                        }
                    }
                    self.value(
                        predicate,
                        Row {
                            schema: &both,
                            left: Some(&left),
                            right: Some(&right),
                        },
                    );
                }
            }
        }
        if lookup {
            let columns = left
                .columns
                .iter()
                .chain(
                    right
                        .columns
                        .iter()
                        .filter(|c| !right_keys.contains(&&*c.name)),
                )
                .cloned()
                .collect();
            return Rc::new(Schema {
                columns: make_names_unique(columns),
                open: left.open || right.open,
            });
        }
        match kind.as_str() {
            "leftsemi" | "leftanti" | "leftantisemi" | "anti" => left,
            "rightsemi" | "rightanti" | "rightantisemi" => right,
            _ => Rc::new(Schema {
                columns: make_names_unique(
                    left.columns.iter().chain(&right.columns).cloned().collect(),
                ),
                open: left.open || right.open,
            }),
        }
    }

    /// `on Key`: a key on neither side is an unknown name; on one side only, the other side
    /// lacks it (Kusto.Language's KS145, "must exist on both sides of the join").
    fn join_key(&mut self, key: &ast::Ident, left: &Schema, right: &Schema) {
        let lacks = |side: &Schema| !side.open && side.column(&key.name).is_none();
        match (lacks(left), lacks(right)) {
            (true, true) => self.unknown_name(key, Row::new(left)),
            (true, false) => self.missing_join_key(key, left, "left"),
            (false, true) => self.missing_join_key(key, right, "right"),
            (false, false) => {}
        }
    }

    fn missing_join_key(&mut self, key: &ast::Ident, side: &Schema, which: &str) {
        if !self.emitting() {
            return;
        }
        let help = column_hint(&key.name, side).unwrap_or_else(|| {
            format!("if the key has another name on the {which} side, name both: `on $left.A == $right.B`")
        });
        self.report(
            codes::JOIN_KEY_MISSING,
            format!(
                "join key `{}` is not a column of the {which} side",
                key.name
            ),
            key.span,
            Some(help),
        );
    }
}
