//! Rules about reading the file itself: YAML syntax, duplicate keys, encoding.

pub mod byte_order_mark;
pub mod duplicate_function;
pub mod duplicate_key;
pub mod missing_kind;
pub mod non_ascii_character;
pub mod unreadable_file;
pub mod yaml_syntax_error;
pub mod yaml_too_complex;
