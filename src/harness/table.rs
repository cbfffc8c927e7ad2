//! The query result as the alert simulation and the snapshots see it: typed columns and cells
//! already in Kusto's string form.
//!
//! Sentinel itself only ever sees a result through that string form (custom details, entity
//! identifiers and `{{column}}` placeholders are strings in the alert), so the simulation needs
//! nothing richer. The engine's table is converted once, in [`ResultTable::from_engine`].

use crate::kql::types::ScalarType;

/// One cell: null (only non-string columns have nulls in Kusto) or its `tostring()` text.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Cell {
    Null,
    Text(String),
}

impl Cell {
    /// Null or the empty string: what Sentinel treats as "no value" for an entity identifier,
    /// a custom detail or a placeholder.
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Null => true,
            Cell::Text(text) => text.is_empty(),
        }
    }

    /// The text Sentinel would put in the alert: a null becomes the empty string.
    pub fn text(&self) -> &str {
        match self {
            Cell::Null => "",
            Cell::Text(text) => text,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ResultTable {
    pub columns: Vec<(String, ScalarType)>,
    pub rows: Vec<Vec<Cell>>,
}

impl ResultTable {
    pub fn new(columns: Vec<(String, ScalarType)>) -> Self {
        ResultTable {
            columns,
            rows: Vec::new(),
        }
    }

    /// The index of a column (names are case-sensitive in KQL).
    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|(column, _)| column == name)
    }

    pub fn cell(&self, row: usize, column: usize) -> &Cell {
        &self.rows[row][column]
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The engine's result in Kusto's string form; nulls stay null.
    pub fn from_engine(table: &crate::exec::Table) -> Self {
        let columns = table
            .columns
            .iter()
            .map(|(name, ty)| (name.to_string(), *ty))
            .collect();
        let rows = (0..table.rows)
            .map(|i| {
                table
                    .data
                    .iter()
                    .map(|column| {
                        let value = column.get(i);
                        if value.is_null() {
                            Cell::Null
                        } else {
                            // As Kusto's query results show it (`2024-05-01T10:00:00Z`), not
                            // `tostring`'s seven fractional digits: snapshots are read by people.
                            let mut text = String::new();
                            value.write_display_string(&mut text);
                            Cell::Text(text)
                        }
                    })
                    .collect()
            })
            .collect();
        ResultTable { columns, rows }
    }

    /// Sorts the rows by their cells, for results whose order the query leaves open: the
    /// snapshot must not change when the engine happens to return rows in another order.
    pub fn sort_rows(&mut self) {
        self.rows.sort();
    }
}
