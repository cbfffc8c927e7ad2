//! Aggregation functions for `summarize`, `make-series` and friends, one family per file.
//! Each aggregate folds the rows of every group at once: it receives the group id of each row
//! and returns one value per group, as a column.
