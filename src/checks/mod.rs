//! The lint rules, one file per rule, grouped in families.
