//! Builds the column list of a projection the way Kusto.Language does: unique names get a
//! numeric suffix (`Column1`, `count_1`), declared names (`x = …`) may replace in place.

use crate::catalog::hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::Arc;

use crate::catalog::Column;

/// Names already in use, with the last numeric suffix tried for each.
#[derive(Default)]
pub(crate) struct UniqueNames {
    map: HashMap<Arc<str>, u32>,
}

impl UniqueNames {
    pub(crate) fn add(&mut self, name: &Arc<str>) {
        if !name.is_empty() {
            self.map.entry(name.clone()).or_insert(0);
        }
    }

    /// `name` if free, else `base` (or `name`) with the first free suffix from 1.
    pub(crate) fn get_or_add(&mut self, name: &Arc<str>, base: Option<&str>) -> Arc<str> {
        let Some(&last) = self.map.get(name) else {
            self.map.insert(name.clone(), 0);
            return name.clone();
        };
        let base = base.unwrap_or(name);
        let mut suffix = last + 1;
        loop {
            let candidate: Arc<str> = Arc::from(format!("{base}{suffix}"));
            if !self.map.contains_key(&candidate) {
                self.map.insert(name.clone(), suffix);
                self.map.insert(candidate.clone(), 0);
                return candidate;
            }
            suffix += 1;
        }
    }
}

/// Kusto.Language's `MakeColumnNamesUnique`, which names the columns of `join` and `lookup`: the
/// first column of each name keeps it, a later one gets the first numeric suffix that no column
/// of the list has. All names are reserved first, so `[c, c, c1]` becomes `[c, c2, c1]`, not
/// `[c, c1, c11]`.
pub(crate) fn make_names_unique(columns: Vec<Column>) -> Vec<Column> {
    let mut names = UniqueNames::default();
    let mut first: HashMap<Arc<str>, usize> = HashMap::default();
    for (i, c) in columns.iter().enumerate() {
        first.entry(c.name.clone()).or_insert(i);
        names.add(&c.name);
    }
    columns
        .into_iter()
        .enumerate()
        .map(|(i, mut c)| {
            if first.get(&c.name).is_some_and(|&f| f != i) {
                c.name = names.get_or_add(&c.name, None);
            }
            c
        })
        .collect()
}

/// A projection under construction.
#[derive(Default)]
pub(crate) struct Builder {
    pub(crate) cols: Vec<Column>,
    index: HashMap<Arc<str>, usize>,
    /// Input columns that must not be added again (already present), by name and occurrence.
    do_not_add: HashSet<(Arc<str>, u32)>,
    declared: HashSet<Arc<str>>,
    names: UniqueNames,
}

/// Whether a column being added is a reference to an input column (its identity matters for
/// "do not repeat") or a new one.
///
/// Kusto.Language tells input columns apart by symbol, not by name: `parse` can leave two columns
/// of one name, and a later projection keeps both (`a`, `a1`). An input column is therefore
/// identified by its name and its occurrence among the input columns of that name; a reference
/// by name is to the first.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    Input,
    InputAt(u32),
    New,
}

impl Origin {
    fn input_id(self, name: &Arc<str>) -> Option<(Arc<str>, u32)> {
        match self {
            Origin::Input => Some((name.clone(), 0)),
            Origin::InputAt(k) => Some((name.clone(), k)),
            Origin::New => None,
        }
    }
}

/// For each column, how many earlier columns have its name: its identity among input columns.
pub(crate) fn occurrences(columns: &[Column]) -> Vec<u32> {
    let mut seen: HashMap<&str, u32> =
        HashMap::with_capacity_and_hasher(columns.len(), Default::default());
    columns
        .iter()
        .map(|c| {
            let n = seen.entry(&c.name).or_insert(0);
            *n += 1;
            *n - 1
        })
        .collect()
}

impl Builder {
    pub(crate) fn new() -> Self {
        Builder::default()
    }

    pub(crate) fn do_not_add(&mut self, name: &Arc<str>) {
        self.do_not_add.insert((name.clone(), 0));
    }

    /// Adds all the input columns, each as itself (Kusto.Language's `AddRange`); `declare`
    /// makes their names declared.
    pub(crate) fn add_inputs(
        &mut self,
        columns: &[Column],
        replace: bool,
        do_not_repeat: bool,
        declare: bool,
    ) {
        // Tables have hundreds of columns and most operators start from all of them: sizing
        // the maps once saves rehashing them as they grow.
        self.cols.reserve(columns.len());
        self.index.reserve(columns.len());
        self.names.map.reserve(columns.len());
        if do_not_repeat {
            self.do_not_add.reserve(columns.len());
        }
        for (c, k) in columns.iter().zip(occurrences(columns)) {
            let added = self.add(c.clone(), None, replace, do_not_repeat, Origin::InputAt(k));
            if declare && let Some(name) = added {
                self.declared.insert(name);
            }
        }
    }

    /// Adds a column, renaming it when its name is taken (unless `replace`).
    pub(crate) fn add(
        &mut self,
        mut col: Column,
        base: Option<&str>,
        replace: bool,
        do_not_repeat: bool,
        origin: Origin,
    ) -> Option<Arc<str>> {
        let id = origin.input_id(&col.name);
        if id.as_ref().is_some_and(|id| self.do_not_add.contains(id)) {
            return None;
        }
        let original = col.name.clone();
        let mut renamed = false;
        if replace && let Some(&i) = self.index.get(&col.name) {
            self.cols[i] = col;
        } else {
            let unique = self.names.get_or_add(&col.name, base);
            renamed = unique != original;
            col.name = unique;
            self.index.insert(col.name.clone(), self.cols.len());
            self.cols.push(col);
        }
        // Kusto.Language remembers the column it added, which is a new one when it was renamed:
        // a renamed input column can be added again (`project-reorder a*` over `a`, `a` gives
        // `a`, `a1`, …, `a2`).
        if do_not_repeat
            && !renamed
            && let Some(id) = id
        {
            self.do_not_add.insert(id);
        }
        Some(self.cols.last().map(|c| c.name.clone()).unwrap_or(original))
    }

    /// Adds a column under a name written by the query (`x = …`); a second declaration of the
    /// same name is ignored (Kusto reports it).
    pub(crate) fn declare(&mut self, col: Column, replace: bool, origin: Origin) {
        if self.declared.contains(&col.name) {
            return;
        }
        if replace && let Some(&i) = self.index.get(&col.name) {
            self.declared.insert(col.name.clone());
            self.cols[i] = col;
            return;
        }
        let name = col.name.clone();
        match self.add(col, None, false, false, origin) {
            Some(added) => {
                self.declared.insert(added);
            }
            None => {
                self.declared.insert(name);
            }
        }
    }

    pub(crate) fn rename(&mut self, old: &str, new: Arc<str>) -> bool {
        let Some(i) = self.index.remove(old) else {
            return false;
        };
        if self.declared.contains(&new) {
            self.index.insert(Arc::from(old), i);
            return false;
        }
        self.cols[i].name = new.clone();
        self.index.insert(new.clone(), i);
        self.declared.insert(new.clone());
        self.names.add(&new);
        true
    }

    pub(crate) fn finish(self) -> Vec<Column> {
        self.cols
    }
}
