//! The scalar types of KQL, shared by the parser (typed literals, `to typeof()`), the catalog,
//! the analysis and the engine.

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ScalarType {
    Bool,
    Int,
    Long,
    Real,
    Decimal,
    String,
    DateTime,
    TimeSpan,
    Guid,
    Dynamic,
    /// The type of an expression the analysis could not resolve; never reported as an error.
    Unknown,
}

impl ScalarType {
    pub const ALL: [ScalarType; 11] = [
        ScalarType::Bool,
        ScalarType::Int,
        ScalarType::Long,
        ScalarType::Real,
        ScalarType::Decimal,
        ScalarType::String,
        ScalarType::DateTime,
        ScalarType::TimeSpan,
        ScalarType::Guid,
        ScalarType::Dynamic,
        ScalarType::Unknown,
    ];

    /// The canonical Kusto name, as `getschema` and Kusto.Language print it.
    pub fn name(self) -> &'static str {
        match self {
            ScalarType::Bool => "bool",
            ScalarType::Int => "int",
            ScalarType::Long => "long",
            ScalarType::Real => "real",
            ScalarType::Decimal => "decimal",
            ScalarType::String => "string",
            ScalarType::DateTime => "datetime",
            ScalarType::TimeSpan => "timespan",
            ScalarType::Guid => "guid",
            ScalarType::Dynamic => "dynamic",
            ScalarType::Unknown => "unknown",
        }
    }

    /// Parses every spelling KQL accepts for a type (`boolean`, `date`, `time`, `double`, `uniqueid`…)
    /// and the .NET names found in custom table schemas (`String`, `Int32`, `DateTime`…).
    pub fn parse(name: &str) -> Option<ScalarType> {
        let lower = name.trim().to_ascii_lowercase();
        let ty = match lower.as_str() {
            "bool" | "boolean" | "system.boolean" | "sbyte" | "system.sbyte" => ScalarType::Bool,
            "int" | "int32" | "system.int32" => ScalarType::Int,
            "long" | "int64" | "system.int64" | "bigint" => ScalarType::Long,
            "real" | "double" | "float" | "system.double" | "single" | "system.single" => {
                ScalarType::Real
            }
            "decimal" | "system.decimal" => ScalarType::Decimal,
            "string" | "system.string" => ScalarType::String,
            "datetime" | "date" | "system.datetime" => ScalarType::DateTime,
            "timespan" | "time" | "system.timespan" => ScalarType::TimeSpan,
            "guid" | "uniqueid" | "system.guid" => ScalarType::Guid,
            "dynamic" | "object" | "system.object" => ScalarType::Dynamic,
            _ => return None,
        };
        Some(ty)
    }

    pub fn is_numeric(self) -> bool {
        matches!(
            self,
            ScalarType::Int | ScalarType::Long | ScalarType::Real | ScalarType::Decimal
        )
    }
}

impl fmt::Display for ScalarType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
