use crate::checks::{all_rules, find_rule};
use crate::cli::args::{ExplainArgs, ListFormat, RulesArgs};
use crate::cli::{EXIT_CLEAN, EXIT_USAGE, out};
use crate::diag::suggest;

pub fn rules(args: &RulesArgs) -> u8 {
    let mut rules: Vec<_> = all_rules().collect();
    rules.sort_by_key(|rule| rule.code);
    match args.format {
        ListFormat::Json => {
            let list: Vec<_> = rules
                .iter()
                .map(|rule| {
                    serde_json::json!({
                        "code": rule.code,
                        "name": rule.name,
                        "severity": rule.severity,
                        "summary": summary(rule.doc),
                    })
                })
                .collect();
            out::line(&serde_json::to_string_pretty(&list).unwrap_or_default());
        }
        ListFormat::Human => {
            let mut text = String::new();
            for rule in rules {
                text.push_str(&format!(
                    "{}  {:<36} {:<8} {}\n",
                    rule.code,
                    rule.name,
                    rule.severity,
                    summary(rule.doc)
                ));
            }
            out::write(&text);
        }
    }
    EXIT_CLEAN
}

/// The first sentence of "What it does".
fn summary(doc: &str) -> String {
    let text: Vec<&str> = doc
        .lines()
        .map(str::trim)
        .skip_while(|line| !line.starts_with("## What it does"))
        .skip(1)
        .take_while(|line| !line.is_empty() && !line.starts_with("##"))
        .collect();
    let text = text.join(" ");
    match text.find(". ") {
        Some(end) => text[..=end].to_string(),
        None => text,
    }
}

pub fn explain(args: &ExplainArgs) -> u8 {
    match find_rule(&args.rule) {
        Some(rule) => {
            out::write(&format!(
                "# {} ({})\n\nDefault severity: {}.\n\n{}",
                rule.name,
                rule.code,
                rule.severity,
                rule.documentation()
            ));
            EXIT_CLEAN
        }
        None => {
            let names: Vec<&str> = all_rules()
                .flat_map(|rule| [rule.code, rule.name])
                .collect();
            let mut message = format!("error: no rule `{}`", args.rule);
            if let Some(best) = suggest(&args.rule, names, 1).first() {
                message.push_str(&format!("; did you mean `{best}`?"));
            }
            eprintln!("{message}\n  (`sentinel-lint rules` lists them all)");
            EXIT_USAGE
        }
    }
}
