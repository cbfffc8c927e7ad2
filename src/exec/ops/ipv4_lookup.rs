//! `evaluate ipv4_lookup(LookupTable, SourceIPv4Key, LookupKey [, return_unmatched])`
//! (`ipv4-lookup-plugin.md`): each input row joined with every lookup row whose IPv4 key (an
//! address or an `a.b.c.d/n` prefix) contains the row's address. The output is the input's
//! columns then the lookup table's, named as `join` names them; with `return_unmatched` an
//! input row without a match is kept once, its lookup columns null.

use crate::catalog::hash::FxHashMap;
use crate::diag::Span;
use crate::exec::executor::{Exec, one_row};
use crate::exec::functions::ip::{mask_v4, parse_v4};
use crate::exec::ops::join::combine;
use crate::exec::table::Table;
use crate::exec::value::Value;
use crate::exec::{ExecError, Result};
use crate::kql::ast;

pub(crate) fn ipv4_lookup(
    ex: &mut Exec,
    args: &[ast::Arg],
    input: Table,
    span: Span,
) -> Result<Table> {
    let positional: Vec<&ast::Arg> = args.iter().filter(|a| a.name.is_none()).collect();
    let [table_arg, source_arg, key_arg, rest @ ..] = positional.as_slice() else {
        return Err(ExecError::new(
            "`ipv4_lookup` needs a lookup table, a source column and a lookup column",
            span,
        ));
    };
    let unmatched_arg = args
        .iter()
        .find(|a| {
            a.name
                .as_ref()
                .is_some_and(|n| n.name.eq_ignore_ascii_case("return_unmatched"))
        })
        .or(rest.first().copied());
    let return_unmatched = match unmatched_arg {
        Some(a) => match ex.eval(&a.value, &one_row())?.get(0) {
            Value::Bool(b) => b,
            Value::Null => false,
            _ => {
                return Err(ExecError::new(
                    "`return_unmatched` of `ipv4_lookup` must be a bool",
                    a.value.span,
                ));
            }
        },
        None => false,
    };
    let lookup = ex.tabular(&table_arg.value)?;
    let source = ex.eval_column(&source_arg.value, &input)?;
    let keys = ex.eval_column(&key_arg.value, &lookup)?;

    // Lookup rows by prefix length, then by masked network address: an address is looked up
    // once per prefix length present instead of against every row.
    let mut by_bits: Vec<(u32, FxHashMap<u32, Vec<u32>>)> = Vec::new();
    for r in 0..lookup.rows {
        let Some((addr, bits)) = ipv4_text(&keys.get(r)) else {
            continue;
        };
        let net = addr & mask_v4(bits);
        match by_bits.iter_mut().find(|(b, _)| *b == bits) {
            Some((_, m)) => m.entry(net).or_default().push(r as u32),
            None => {
                let mut m = FxHashMap::default();
                m.insert(net, vec![r as u32]);
                by_bits.push((bits, m));
            }
        }
    }

    let mut li: Vec<Option<u32>> = Vec::with_capacity(input.rows);
    let mut ri: Vec<Option<u32>> = Vec::with_capacity(input.rows);
    let mut hits: Vec<u32> = Vec::new();
    for i in 0..input.rows {
        hits.clear();
        if let Some((addr, src_bits)) = ipv4_text(&source.get(i)) {
            for (bits, nets) in &by_bits {
                if src_bits >= *bits {
                    if let Some(rows) = nets.get(&(addr & mask_v4(*bits))) {
                        hits.extend_from_slice(rows);
                    }
                } else {
                    // A source masked wider than the network: compare both at the source's
                    // prefix, as `ipv4_is_match` does with two prefixes.
                    let m = mask_v4(src_bits);
                    for (net, rows) in nets {
                        if net & m == addr & m {
                            hits.extend_from_slice(rows);
                        }
                    }
                }
            }
        }
        if hits.is_empty() {
            if return_unmatched {
                li.push(Some(i as u32));
                ri.push(None);
            }
            continue;
        }
        hits.sort_unstable();
        for &r in &hits {
            li.push(Some(i as u32));
            ri.push(Some(r));
        }
    }
    Ok(combine(&input, &lookup, &li, &ri, &[]))
}

fn ipv4_text(v: &Value) -> Option<(u32, u32)> {
    if v.is_null() {
        return None;
    }
    parse_v4(&v.to_kusto_string())
}
