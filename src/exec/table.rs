//! A table: named, typed columns of equal length. Columns are shared (`Arc`) so that operators
//! that keep a column (`project`, `extend`, `as`) do not copy it.

use std::sync::Arc;

use crate::catalog::{Column as SchemaColumn, Schema};
use crate::exec::column::{Column, ColumnBuilder};
use crate::exec::value::Value;
use crate::kql::types::ScalarType;

#[derive(Clone, Debug, Default)]
pub struct Table {
    /// Names and types, in order.
    pub columns: Vec<(Arc<str>, ScalarType)>,
    pub data: Vec<Arc<Column>>,
    /// The row count (also right for a table with no columns).
    pub rows: usize,
}

impl Table {
    pub fn new(columns: Vec<(Arc<str>, Arc<Column>)>, rows: usize) -> Table {
        let mut t = Table {
            columns: Vec::with_capacity(columns.len()),
            data: Vec::with_capacity(columns.len()),
            rows,
        };
        for (name, col) in columns {
            t.push(name, col);
        }
        t
    }

    /// An empty table of a schema.
    pub fn empty(schema: &Schema) -> Table {
        let cols = schema
            .columns
            .iter()
            .map(|c| (c.name.clone(), Arc::new(Column::nulls(c.ty, 0))))
            .collect();
        Table::new(cols, 0)
    }

    /// Builds a table from rows of values, each converted to its column's type.
    pub fn from_rows(columns: &[(Arc<str>, ScalarType)], rows: &[Vec<Value>]) -> Table {
        let mut builders: Vec<ColumnBuilder> = columns
            .iter()
            .map(|(_, t)| ColumnBuilder::new(*t, rows.len()))
            .collect();
        for row in rows {
            for (i, b) in builders.iter_mut().enumerate() {
                b.push(row.get(i).unwrap_or(&Value::Null));
            }
        }
        let cols = columns
            .iter()
            .zip(builders)
            .map(|((n, _), b)| (n.clone(), Arc::new(b.finish())))
            .collect();
        Table::new(cols, rows.len())
    }

    pub fn push(&mut self, name: Arc<str>, col: Arc<Column>) {
        self.columns.push((name, col.ty));
        self.data.push(col);
    }

    pub fn rows(&self) -> usize {
        self.rows
    }

    pub fn width(&self) -> usize {
        self.columns.len()
    }

    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|(n, _)| &**n == name)
    }

    pub fn column(&self, name: &str) -> Option<&Arc<Column>> {
        self.index_of(name).map(|i| &self.data[i])
    }

    pub fn name(&self, i: usize) -> &Arc<str> {
        &self.columns[i].0
    }

    pub fn row(&self, i: usize) -> Vec<Value> {
        self.data.iter().map(|c| c.get(i)).collect()
    }

    pub fn all_rows(&self) -> Vec<Vec<Value>> {
        (0..self.rows).map(|i| self.row(i)).collect()
    }

    pub fn take(&self, idx: &[u32]) -> Table {
        Table {
            columns: self.columns.clone(),
            data: self.data.iter().map(|c| Arc::new(c.take(idx))).collect(),
            rows: idx.len(),
        }
    }

    pub fn filter(&self, mask: &[bool]) -> Table {
        let idx: Vec<u32> = mask
            .iter()
            .enumerate()
            .filter(|(_, m)| **m)
            .map(|(i, _)| i as u32)
            .collect();
        if idx.len() == self.rows {
            return self.clone();
        }
        self.take(&idx)
    }

    pub fn schema(&self) -> Schema {
        Schema::new(
            self.columns
                .iter()
                .map(|(n, t)| SchemaColumn::new(n.clone(), *t))
                .collect(),
        )
    }

    pub fn heap_size(&self) -> usize {
        self.data.iter().map(|c| c.heap_size()).sum()
    }
}
