//! Rules about the KQL query itself: syntax (SL5xx) and analysis (SL6xx).

pub mod aggregate_type_mismatch;
pub mod join_key_missing;
pub mod kql_syntax_error;
pub mod operator_type_mismatch;
pub mod unknown_column;
pub mod unknown_function;
pub mod unknown_table;
pub mod wrong_argument_count;

use crate::checks::{Context, Rule};
use crate::diag::Diagnostic;

/// Reports the analysis findings that carry `rule`'s code, at their place in the file.
pub(crate) fn report_analysis(context: &Context, rule: &'static Rule, out: &mut Vec<Diagnostic>) {
    let (Some(query), Some(analysis)) = (&context.file.query, context.analysis()) else {
        return;
    };
    for finding in analysis.diagnostics.iter().filter(|d| d.code == rule.code) {
        let mut diagnostic = rule.diag(finding.message.clone(), query.map.file_span(finding.span));
        diagnostic.help = finding.help.clone();
        diagnostic.fix = None;
        for label in &finding.labels {
            diagnostic =
                diagnostic.with_label(query.map.file_span(label.span), label.message.clone());
        }
        out.push(diagnostic);
    }
}

#[cfg(test)]
mod tests {
    use crate::analyze::codes;
    use crate::checks::find_rule;

    #[test]
    fn every_analysis_code_is_a_registered_rule_of_the_same_name() {
        for (code, name) in [
            codes::UNKNOWN_TABLE,
            codes::UNKNOWN_COLUMN,
            codes::JOIN_KEY_MISSING,
            codes::UNKNOWN_FUNCTION,
            codes::WRONG_ARGUMENT_COUNT,
            codes::OPERATOR_TYPE_MISMATCH,
            codes::AGGREGATE_TYPE_MISMATCH,
        ] {
            let rule = find_rule(code).unwrap_or_else(|| panic!("{code} is not registered"));
            assert_eq!(rule.name, name);
        }
    }
}
