//! Every registered function, fed nulls of every type as constants and as columns of zero
//! and of two rows, returns a column of the right length and never panics: functions see
//! whatever the data holds, and bad input is null or an error, not a crash.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use super::{EvalContext, registry};
use crate::exec::column::Column;
use crate::exec::eval::ArgColumn;
use crate::exec::value::{Dynamic, Value};
use crate::kql::types::ScalarType;

const TYPES: [ScalarType; 8] = [
    ScalarType::String,
    ScalarType::Long,
    ScalarType::Int,
    ScalarType::Real,
    ScalarType::DateTime,
    ScalarType::TimeSpan,
    ScalarType::Bool,
    ScalarType::Dynamic,
];

/// A non-null sample of a type, to exercise the non-null paths too.
fn sample(ty: ScalarType) -> Value {
    match ty {
        ScalarType::String => Value::str("a,b 10.0.0.1"),
        ScalarType::Long => Value::Long(-3),
        ScalarType::Int => Value::Int(2),
        ScalarType::Real => Value::Real(f64::NAN),
        ScalarType::DateTime => Value::DateTime(0),
        ScalarType::TimeSpan => Value::TimeSpan(-1),
        ScalarType::Bool => Value::Bool(true),
        _ => Value::Dynamic(Dynamic::array(vec![Dynamic::Long(1), Dynamic::Null])),
    }
}

#[test]
fn every_function_survives_nulls_and_empty_columns() {
    let ctx = EvalContext::new(0);
    let mut failures = Vec::new();
    let mut names: Vec<&&str> = registry().names().collect();
    names.sort();
    for name in names {
        let def = registry().get(name).unwrap();
        for arity in def.min_args..=def.max_args.min(def.min_args + 2).min(5) {
            for ty in TYPES {
                let cases: [(Vec<ArgColumn>, usize); 4] = [
                    (vec![ArgColumn::Scalar(Value::Null, ty); arity], 2),
                    (vec![ArgColumn::Scalar(sample(ty), ty); arity], 2),
                    (
                        vec![ArgColumn::Column(Arc::new(Column::nulls(ty, 0))); arity],
                        0,
                    ),
                    (
                        vec![
                            ArgColumn::Column(Arc::new(Column::constant(ty, &sample(ty), 2)));
                            arity
                        ],
                        2,
                    ),
                ];
                for (args, rows) in cases {
                    let run = catch_unwind(AssertUnwindSafe(|| def.call(&args, rows, &ctx)));
                    match run {
                        Err(_) => failures.push(format!("{name}/{arity} over {ty:?} panicked")),
                        Ok(Ok(col)) if col.len() != rows => failures.push(format!(
                            "{name}/{arity} over {ty:?}: {} rows instead of {rows}",
                            col.len()
                        )),
                        Ok(_) => {}
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
