//! The Kusto built-in functions as Kusto.Language describes them.

use std::sync::Arc;

use crate::kql::types::ScalarType;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FunctionKind {
    Scalar,
    Aggregate,
    Window,
    Plugin,
}

/// How Kusto names the column an un-named call produces (`count_`, `sum_X`, `X` for `tostring(X)`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResultNameKind {
    None,
    FirstArgument,
    PrefixAndFirstArgument,
    NameAndFirstArgument,
    PrefixOnly,
    OnlyArgument,
    FirstArgumentValueIfColumn,
}

/// How the result type of a signature is computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReturnKind {
    Declared,
    /// Same as the first argument.
    Parameter0,
    /// Same as the second argument.
    Parameter1,
    /// The first argument, promoted (`int` -> `long`).
    Parameter0Promoted,
    /// An array (dynamic) of the first argument.
    Parameter0Array,
    /// Widest numeric type of the arguments.
    Widest,
    /// Common type of the arguments.
    Common,
    /// Common non-dynamic type of the arguments.
    CommonNonDynamic,
    /// The type named by a literal argument.
    Literal,
    /// Computed by special rules (arg_max, percentile, bag_unpack…); the analysis knows some.
    Custom,
    /// A table, cluster, database… (`table("T")`).
    Other,
}

/// What types a parameter accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TypeKind {
    Declared,
    Number,
    Integer,
    Summable,
    Orderable,
    Scalar,
    NotDynamic,
    DynamicArray,
    DynamicBag,
    StringOrDynamic,
    StringOrArray,
    IntegerOrArray,
    NumberOrBool,
    NotRealOrBool,
    CommonScalar,
    CommonScalarOrDynamic,
    CommonOrderable,
    Tabular,
    Any,
}

/// How an argument must be written (a column, a constant, `*`…).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArgumentKind {
    Expression,
    Column,
    Constant,
    Literal,
    StarAllowed,
    StarOnly,
    Aggregate,
    Other,
}

#[derive(Clone, Debug)]
pub struct BuiltinParam {
    pub name: Arc<str>,
    pub type_kind: TypeKind,
    /// The type of a `Declared` parameter.
    pub declared: Option<ScalarType>,
    pub optional: bool,
    pub repeating: bool,
    pub argument_kind: ArgumentKind,
}

#[derive(Clone, Debug)]
pub struct Signature {
    pub params: Vec<BuiltinParam>,
    pub min_args: usize,
    pub max_args: usize,
    pub return_kind: ReturnKind,
    /// The result type when `return_kind` is `Declared`.
    pub return_type: Option<ScalarType>,
    /// A function returning a table (`table()`, plugins).
    pub tabular: bool,
    /// Hidden or obsolete overload (`count(predicate)`): accepted, not advertised.
    pub hidden: bool,
}

#[derive(Clone, Debug)]
pub struct BuiltinFunction {
    pub name: Arc<str>,
    pub kind: FunctionKind,
    pub hidden: bool,
    pub deprecated: bool,
    pub result_name: ResultNameKind,
    /// `sum` for `sum_X`, `set` for `make_set` (`set_X`).
    pub result_prefix: Option<Arc<str>>,
    pub signatures: Vec<Signature>,
}

impl BuiltinFunction {
    /// The fewest arguments any signature accepts.
    pub fn min_args(&self) -> usize {
        self.signatures
            .iter()
            .map(|s| s.min_args)
            .min()
            .unwrap_or(0)
    }

    /// The most arguments any signature accepts.
    pub fn max_args(&self) -> usize {
        self.signatures
            .iter()
            .map(|s| s.max_args)
            .max()
            .unwrap_or(0)
    }

    pub fn is_aggregate(&self) -> bool {
        self.kind == FunctionKind::Aggregate
    }
}

pub(crate) fn parse_kind(s: &str) -> Option<FunctionKind> {
    Some(match s {
        "scalar" => FunctionKind::Scalar,
        "aggregate" => FunctionKind::Aggregate,
        "window" => FunctionKind::Window,
        "plugin" => FunctionKind::Plugin,
        _ => return None,
    })
}

pub(crate) fn parse_result_name(s: &str) -> ResultNameKind {
    match s {
        "FirstArgument" => ResultNameKind::FirstArgument,
        "PrefixAndFirstArgument" => ResultNameKind::PrefixAndFirstArgument,
        "NameAndFirstArgument" => ResultNameKind::NameAndFirstArgument,
        "PrefixOnly" => ResultNameKind::PrefixOnly,
        "OnlyArgument" => ResultNameKind::OnlyArgument,
        "FirstArgumentValueIfColumn" => ResultNameKind::FirstArgumentValueIfColumn,
        _ => ResultNameKind::None,
    }
}

pub(crate) fn parse_return_kind(s: &str) -> ReturnKind {
    match s {
        "Declared" => ReturnKind::Declared,
        "Parameter0" => ReturnKind::Parameter0,
        "Parameter1" => ReturnKind::Parameter1,
        "Parameter0Promoted" => ReturnKind::Parameter0Promoted,
        "Parameter0Array" => ReturnKind::Parameter0Array,
        "Widest" => ReturnKind::Widest,
        "Common" => ReturnKind::Common,
        "CommonNonDynamic" => ReturnKind::CommonNonDynamic,
        "ParameterNLiteral" | "Parameter0Literal" | "Parameter1Literal" => ReturnKind::Literal,
        "Custom" => ReturnKind::Custom,
        _ => ReturnKind::Other,
    }
}

pub(crate) fn parse_type_kind(s: &str) -> TypeKind {
    match s {
        "Declared" => TypeKind::Declared,
        "Number" => TypeKind::Number,
        "Integer" => TypeKind::Integer,
        "Summable" => TypeKind::Summable,
        "Orderable" => TypeKind::Orderable,
        "Scalar" => TypeKind::Scalar,
        "NotDynamic" => TypeKind::NotDynamic,
        "DynamicArray" => TypeKind::DynamicArray,
        "DynamicBag" => TypeKind::DynamicBag,
        "StringOrDynamic" => TypeKind::StringOrDynamic,
        "StringOrArray" => TypeKind::StringOrArray,
        "IntegerOrArray" => TypeKind::IntegerOrArray,
        "NumberOrBool" => TypeKind::NumberOrBool,
        "NotRealOrBool" => TypeKind::NotRealOrBool,
        "CommonScalar" => TypeKind::CommonScalar,
        "CommonScalarOrDynamic" => TypeKind::CommonScalarOrDynamic,
        "CommonOrderable" => TypeKind::CommonOrderable,
        "Tabular" => TypeKind::Tabular,
        _ => TypeKind::Any,
    }
}

pub(crate) fn parse_argument_kind(s: &str) -> ArgumentKind {
    match s {
        "" => ArgumentKind::Expression,
        "Column" => ArgumentKind::Column,
        "Constant" => ArgumentKind::Constant,
        "Literal" | "LiteralNotEmpty" => ArgumentKind::Literal,
        "StarAllowed" => ArgumentKind::StarAllowed,
        "StarOnly" => ArgumentKind::StarOnly,
        "Aggregate" => ArgumentKind::Aggregate,
        _ => ArgumentKind::Other,
    }
}
