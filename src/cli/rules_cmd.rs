//! `medlint rules` and `medlint rule CODE`.

use super::{RuleArgs, RulesArgs, load_rules};
use serde::Serialize;

#[derive(Serialize)]
struct RuleRow<'a> {
    code: &'a str,
    name: &'a str,
    category: &'a str,
    severity: &'a str,
    markets: Vec<&'a str>,
}

pub fn list(args: RulesArgs) -> u8 {
    let Some(rules) = load_rules(&args.rule_dirs, true) else {
        return 2;
    };
    if args.patterns {
        print_patterns(&rules);
        return 0;
    }
    let rows: Vec<RuleRow> = rules
        .iter()
        .map(|r| RuleRow {
            code: &r.info.code,
            name: &r.info.name,
            category: r.info.category.as_str(),
            severity: r.info.severity.as_str(),
            markets: r.info.markets.iter().map(|m| m.as_str()).collect(),
        })
        .collect();
    if args.format == "json" {
        println!(
            "{}",
            serde_json::to_string_pretty(&rows).expect("rows serialize")
        );
        return 0;
    }
    let w_name = rows.iter().map(|r| r.name.len()).max().unwrap_or(4).max(4);
    let w_cat = rows
        .iter()
        .map(|r| r.category.len())
        .max()
        .unwrap_or(8)
        .max(8);
    println!(
        "{:<8} {:<w_name$} {:<w_cat$} {:<8} MARKETS",
        "CODE", "NAME", "CATEGORY", "SEVERITY"
    );
    for r in &rows {
        println!(
            "{:<8} {:<w_name$} {:<w_cat$} {:<8} {}",
            r.code,
            r.name,
            r.category,
            r.severity,
            r.markets.join(",")
        );
    }
    0
}

/// Every phrase (escaped) and regular expression of the phrase and regex rules, one per line.
fn print_patterns(rules: &[crate::rules::Rule]) {
    use crate::rules::Matcher;
    use std::io::Write;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for rule in rules {
        let lines: Vec<String> = match &rule.matcher {
            Matcher::Phrases(list) => list.iter().map(|p| regex::escape(p)).collect(),
            Matcher::Regex { regexes, .. } => {
                regexes.iter().map(|r| r.as_str().to_string()).collect()
            }
            _ => Vec::new(),
        };
        for line in lines {
            // One pattern per line: a line break inside one is written as its escape.
            if writeln!(out, "{}", line.replace('\n', "\\n")).is_err() {
                return;
            }
        }
    }
    let _ = out.flush();
}

pub fn explain(args: RuleArgs) -> u8 {
    let Some(rules) = load_rules(&args.rule_dirs, true) else {
        return 2;
    };
    let wanted = args.rule.trim();
    let Some(rule) = rules
        .iter()
        .find(|r| r.info.code.eq_ignore_ascii_case(wanted) || r.info.name == wanted)
    else {
        eprintln!("error: no rule `{wanted}` (see `medlint rules`)");
        return 2;
    };
    let i = &rule.info;
    println!("# {} ({})", i.name, i.code);
    println!();
    println!(
        "Category: {} · Default severity: {} · Markets: {}",
        i.category,
        i.severity,
        i.markets
            .iter()
            .map(|m| m.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!();
    println!("{}", i.description);
    if !i.references.is_empty() && !i.description.contains("## References") {
        println!();
        println!("## References");
        println!();
        for r in &i.references {
            println!("- {r}");
        }
    }
    0
}
