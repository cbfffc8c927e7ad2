//! Parses the generated files under `schemas/catalog/` (see `generate.py` there).

use super::hash::FxHashMap as HashMap;
use std::sync::Arc;

use super::functions::{
    BuiltinFunction, BuiltinParam, Signature, parse_argument_kind, parse_kind, parse_result_name,
    parse_return_kind, parse_type_kind,
};
use super::{Catalog, CatalogBuilder, Column, Param, Schema, UserFunction, parse_params};
use crate::kql::types::ScalarType;

const TABLES: &str = include_str!("../../schemas/catalog/tables.tsv");
const FUNCTIONS: &str = include_str!("../../schemas/catalog/functions.tsv");
const ASIM: &str = include_str!("../../schemas/catalog/asim.tsv");
const CONNECTORS: &str = include_str!("../../schemas/catalog/connectors.tsv");

fn data_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// `name:type` cells; the type follows the last colon so that no column name is cut.
fn columns(cells: impl Iterator<Item = &'static str>, names: &mut Interner) -> Vec<Column> {
    cells
        .filter_map(|cell| {
            let (name, ty) = cell.rsplit_once(':')?;
            Some(Column {
                name: names.get(name),
                ty: kusto_type(ty)?,
            })
        })
        .collect()
}

/// The columns of one generated table line (its cells after the name).
pub(super) fn parse_columns(raw: &'static str) -> Vec<Column> {
    raw.split('\t')
        .filter_map(|cell| {
            let (name, ty) = cell.rsplit_once(':')?;
            Some(Column {
                name: Arc::from(name),
                ty: kusto_type(ty)?,
            })
        })
        .collect()
}

/// The generator writes canonical Kusto type names: no lower-casing needed.
fn kusto_type(name: &str) -> Option<ScalarType> {
    Some(match name {
        "string" => ScalarType::String,
        "datetime" => ScalarType::DateTime,
        "real" => ScalarType::Real,
        "int" => ScalarType::Int,
        "long" => ScalarType::Long,
        "dynamic" => ScalarType::Dynamic,
        "bool" => ScalarType::Bool,
        "guid" => ScalarType::Guid,
        "timespan" => ScalarType::TimeSpan,
        "decimal" => ScalarType::Decimal,
        other => return ScalarType::parse(other),
    })
}

/// Shares one allocation per distinct column name across all tables (`TimeGenerated` is in
/// almost every table).
#[derive(Default)]
struct Interner(HashMap<&'static str, Arc<str>>);

impl Interner {
    fn get(&mut self, name: &'static str) -> Arc<str> {
        self.0
            .entry(name)
            .or_insert_with(|| Arc::from(name))
            .clone()
    }
}

pub(super) fn load() -> Catalog {
    let mut builder = Catalog::empty_builder();
    builder.reserve(1024, 512);
    let mut names = Interner(HashMap::with_capacity_and_hasher(1024, Default::default()));
    for line in data_lines(TABLES) {
        let (table, rest) = line.split_once('\t').unwrap_or((line, ""));
        builder.add_table_lazy(Arc::from(table), rest);
    }
    load_functions(&mut builder);
    load_asim(&mut builder, &mut names);
    for line in data_lines(CONNECTORS) {
        let mut cells = line.split('\t');
        let Some(id) = cells.next() else { continue };
        builder.add_connector(Arc::from(id), cells.map(Arc::from).collect());
    }
    add_watchlist(&mut builder);
    builder.build()
}

fn load_functions(builder: &mut CatalogBuilder) {
    let mut by_name: Vec<BuiltinFunction> = Vec::new();
    let mut index: HashMap<(&str, bool), usize> = HashMap::default();
    for line in data_lines(FUNCTIONS) {
        let cells: Vec<&str> = line.split('\t').collect();
        let [
            kind,
            name,
            flags,
            result_name,
            prefix,
            min,
            max,
            tabularity,
            return_kind,
            return_type,
            params,
        ] = cells[..]
        else {
            continue;
        };
        let Some(kind) = parse_kind(kind) else {
            continue;
        };
        let params = if params == "-" {
            Vec::new()
        } else {
            params.split(';').filter_map(parse_param).collect()
        };
        let signature = Signature {
            params,
            min_args: min.parse().unwrap_or(0),
            max_args: max.parse().unwrap_or(usize::MAX),
            return_kind: parse_return_kind(return_kind),
            return_type: ScalarType::parse(return_type),
            tabular: tabularity == "Tabular",
            hidden: flags.contains('s'),
        };
        let key = (name, kind == super::FunctionKind::Aggregate);
        match index.get(&key) {
            Some(&i) => by_name[i].signatures.push(signature),
            None => {
                index.insert(key, by_name.len());
                by_name.push(BuiltinFunction {
                    name: Arc::from(name),
                    kind,
                    hidden: flags.contains('h'),
                    deprecated: flags.contains('d'),
                    result_name: parse_result_name(result_name),
                    result_prefix: (prefix != "-").then(|| Arc::from(prefix)),
                    signatures: vec![signature],
                });
            }
        }
    }
    for f in by_name {
        builder.add_builtin(f);
    }
}

fn parse_param(text: &str) -> Option<BuiltinParam> {
    let mut cells = text.split(',');
    let name = cells.next()?;
    let type_kind = parse_type_kind(cells.next()?);
    let ty = cells.next()?;
    let flags = cells.next().unwrap_or("");
    let arg_kind = cells.next().unwrap_or("");
    Some(BuiltinParam {
        name: Arc::from(name),
        type_kind,
        declared: ScalarType::parse(ty),
        optional: flags.contains('o'),
        repeating: flags.contains('r'),
        argument_kind: parse_argument_kind(arg_kind),
    })
}

fn load_asim(builder: &mut CatalogBuilder, names: &mut Interner) {
    let mut schemas: HashMap<&str, Arc<Schema>> = HashMap::default();
    for line in data_lines(ASIM) {
        let mut cells = line.split('\t');
        match cells.next() {
            Some("S") => {
                let Some(schema) = cells.next() else { continue };
                schemas.insert(schema, Arc::new(Schema::new(columns(cells, names))));
            }
            Some("F") => {
                let (Some(name), Some(schema), Some(params)) =
                    (cells.next(), cells.next(), cells.next())
                else {
                    continue;
                };
                let Some(schema) = schemas.get(schema) else {
                    continue;
                };
                let params: Vec<Param> = if params == "-" {
                    Vec::new()
                } else {
                    parse_params(&params.replace(';', ","))
                };
                let mut f =
                    UserFunction::new(name, params, super::FunctionBody::Columns(schema.clone()));
                f.variadic = true;
                builder.insert_function(f);
            }
            _ => {}
        }
    }
}

/// `_GetWatchlist('alias')`: the `Watchlist` columns, plus the watchlist's own columns that no
/// schema names, hence open.
fn add_watchlist(builder: &mut CatalogBuilder) {
    let mut cols: Vec<Column> = builder
        .catalog
        .table("Watchlist")
        .map(|t| t.columns().to_vec())
        .unwrap_or_default();
    if !cols.iter().any(|c| &*c.name == "SearchKey") {
        cols.push(Column::new("SearchKey", ScalarType::String));
    }
    let params = vec![Param::scalar("watchlistAlias", ScalarType::String, None)];
    builder.add_function_columns(
        "_GetWatchlist",
        params,
        Schema {
            columns: cols,
            open: true,
        },
    );
}
