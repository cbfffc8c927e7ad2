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

/// A projection under construction.
#[derive(Default)]
pub(crate) struct Builder {
    pub(crate) cols: Vec<Column>,
    index: HashMap<Arc<str>, usize>,
    /// Input columns that must not be added again (already present).
    do_not_add: HashSet<Arc<str>>,
    declared: HashSet<Arc<str>>,
    names: UniqueNames,
}

/// Whether a column being added is a reference to an input column (its identity matters for
/// "do not repeat") or a new one.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    Input,
    New,
}

impl Builder {
    pub(crate) fn new() -> Self {
        Builder::default()
    }

    pub(crate) fn do_not_add(&mut self, name: &Arc<str>) {
        self.do_not_add.insert(name.clone());
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
        if origin == Origin::Input && self.do_not_add.contains(&col.name) {
            return None;
        }
        let original = col.name.clone();
        if replace && let Some(&i) = self.index.get(&col.name) {
            self.cols[i] = col;
        } else {
            let unique = self.names.get_or_add(&col.name, base);
            col.name = unique;
            self.index.insert(col.name.clone(), self.cols.len());
            self.cols.push(col);
        }
        if do_not_repeat && origin == Origin::Input {
            self.do_not_add.insert(original.clone());
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
