//! `medlint rules` and `medlint rule CODE`.

use super::{RuleArgs, RulesArgs, load_rules};
use serde::Serialize;
use std::io::{self, Write};

#[derive(Serialize)]
struct RuleRow<'a> {
    code: &'a str,
    name: &'a str,
    category: &'a str,
    severity: &'a str,
    markets: Vec<&'a str>,
}

pub fn list(args: RulesArgs, out: &mut dyn Write) -> io::Result<u8> {
    let Some(dirs) = super::with_config_rule_dirs(&args.rule_dirs) else {
        return Ok(2);
    };
    let Some(set) = load_rules(&dirs, false) else {
        return Ok(2);
    };
    let classes = set.classes();
    let rules = &set.rules;
    if args.patterns {
        print_patterns(rules, classes, out)?;
        return Ok(0);
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
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&rows).expect("rows serialize")
        )?;
        return Ok(0);
    }
    let w_name = rows.iter().map(|r| r.name.len()).max().unwrap_or(4).max(4);
    let w_cat = rows
        .iter()
        .map(|r| r.category.len())
        .max()
        .unwrap_or(8)
        .max(8);
    writeln!(
        out,
        "{:<8} {:<w_name$} {:<w_cat$} {:<8} MARKETS",
        "CODE", "NAME", "CATEGORY", "SEVERITY"
    )?;
    for r in &rows {
        writeln!(
            out,
            "{:<8} {:<w_name$} {:<w_cat$} {:<8} {}",
            r.code,
            r.name,
            r.category,
            r.severity,
            r.markets.join(",")
        )?;
    }
    Ok(0)
}

/// Every phrase (escaped), regular expression and token pattern (as an equivalent regular
/// expression) of the span rules, one per line: the list another search tool can be given.
fn print_patterns(
    rules: &[crate::rules::Rule],
    classes: &crate::lang::classes::ClassSet,
    out: &mut dyn Write,
) -> io::Result<()> {
    use crate::rules::Matcher;
    let engine = crate::engine::Engine::with_classes(
        rules.to_vec(),
        crate::engine::context::Lexicon::builtin(),
        Some(classes),
    );
    let export = crate::lang::export::RegexExport::new(engine.lang(), classes);
    for rule in rules {
        let lines: Vec<String> = match &rule.matcher {
            Matcher::Phrases(list) => list.iter().map(|p| regex::escape(p)).collect(),
            Matcher::Regex { regexes, .. } => {
                regexes.iter().map(|r| r.as_str().to_string()).collect()
            }
            Matcher::Tokens(list) => list.iter().map(|t| export.regex(&t.pattern())).collect(),
            _ => Vec::new(),
        };
        for line in lines {
            // One pattern per line: a line break inside one is written as its escape.
            writeln!(out, "{}", line.replace('\n', "\\n"))?;
        }
    }
    Ok(())
}

pub fn explain(args: RuleArgs, out: &mut dyn Write) -> io::Result<u8> {
    let Some(dirs) = super::with_config_rule_dirs(&args.rule_dirs) else {
        return Ok(2);
    };
    let Some(set) = load_rules(&dirs, false) else {
        return Ok(2);
    };
    let rules = &set.rules;
    let wanted = args.rule.trim();
    let Some(rule) = rules
        .iter()
        .find(|r| r.info.code.eq_ignore_ascii_case(wanted) || r.info.name == wanted)
    else {
        eprintln!("error: no rule `{wanted}` (see `medlint rules`)");
        return Ok(2);
    };
    write!(out, "{}", rule_text(&rule.info))?;
    write!(out, "{}", matching_section(rule, set.classes()))?;
    Ok(0)
}

/// What `medlint rule` says of a rule before its patterns: name and code, category, severity,
/// markets and frames, the description and the references.
pub fn rule_text(i: &crate::diagnostic::RuleInfo) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = writeln!(out, "# {} ({})", i.name, i.code);
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Category: {} · Default severity: {} · Markets: {} · Frames: {}",
        i.category,
        i.severity,
        i.markets
            .iter()
            .map(|m| m.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        if i.frames.len() == crate::diagnostic::Frame::ALL.len() {
            "all".to_string()
        } else {
            i.frames
                .iter()
                .map(|f| f.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        }
    );
    let _ = writeln!(out);
    let _ = writeln!(out, "{}", i.description);
    let _ = writeln!(out);
    let _ = writeln!(out, "## How to fix");
    let _ = writeln!(out);
    let _ = writeln!(out, "{}", i.generic_help());
    for (keys, help) in &i.help_for {
        let (markets, substances): (Vec<&str>, Vec<&str>) = keys
            .split(',')
            .map(str::trim)
            .partition(|k| crate::diagnostic::Market::parse(k).is_some());
        let mut on = Vec::new();
        if !substances.is_empty() {
            on.push(format!("about {}", substances.join(", ")));
        }
        if !markets.is_empty() {
            let upper: Vec<String> = markets.iter().map(|m| m.to_uppercase()).collect();
            on.push(format!("for the {} market", upper.join(" or ")));
        }
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "On a page {}: {}",
            on.join(" or "),
            crate::diagnostic::neutral_placeholders(help)
        );
    }
    if !i.rewrites.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "## Suggested rewrites (the editor's quick fix)");
        let _ = writeln!(out);
        for (from, to) in &i.rewrites {
            let _ = writeln!(out, "- “{from}” → “{to}”");
        }
    }
    if !i.references.is_empty() && !i.description.contains("## References") {
        let _ = writeln!(out);
        let _ = writeln!(out, "## References");
        let _ = writeln!(out);
        for r in &i.references {
            let _ = writeln!(out, "- {r}");
        }
    }
    out
}

/// The rule's patterns in their readable form, the context that clears or lowers a match, and
/// the word classes the patterns use.
pub fn matching_section(
    rule: &crate::rules::Rule,
    classes: &crate::lang::classes::ClassSet,
) -> String {
    use crate::rules::schema::{HedgeMode, Scope};
    use std::fmt::Write as _;
    let mut out = String::new();
    let patterns = rule.written_patterns();
    if patterns.is_empty() {
        return out;
    }
    let _ = writeln!(out, "\n## How it matches\n");
    let width = patterns.iter().map(|(w, _)| w.len()).max().unwrap_or(0);
    let mut used: Vec<String> = Vec::new();
    for (what, source) in &patterns {
        let shown = match crate::lang::pattern::Pattern::parse(source) {
            Ok(p)
                if !matches!(
                    rule.matcher,
                    crate::rules::Matcher::Regex { .. } | crate::rules::Matcher::Phrases(_)
                ) =>
            {
                for (c, _) in p.classes() {
                    if !used.iter().any(|u| u == c) {
                        used.push(c.to_string());
                    }
                }
                p.root.to_string()
            }
            _ => source.to_string(),
        };
        let _ = writeln!(out, "    {what:<width$}  {}", shown.replace('\n', "\\n"));
    }
    let c = &rule.context;
    let mut cues = Vec::new();
    if c.negation {
        cues.push("a negation clears it".to_string());
    }
    if c.reported_speech {
        cues.push("reported speech clears it".to_string());
    }
    if c.denial {
        cues.push("a denial clears it".to_string());
    }
    match c.hedges {
        HedgeMode::Lower => cues.push("a hedge lowers its severity".to_string()),
        HedgeMode::Clear => cues.push("a hedge clears it".to_string()),
        HedgeMode::Ignore => {}
    }
    if c.cleared_by_citation {
        cues.push("a strong citation clears it, a weak one lowers it".to_string());
    }
    if !c.questions {
        cues.push("questions do not count".to_string());
    }
    if !cues.is_empty() {
        let scope = match c.scope {
            Scope::Sentence => "sentence",
            Scope::Paragraph => "paragraph",
            Scope::Document => "document",
        };
        let _ = writeln!(out, "\nContext (scope: {scope}): {}.", cues.join("; "));
    }
    if !used.is_empty() {
        let _ = writeln!(out, "\nWord classes:\n");
        for name in used {
            if let Some(class) = classes.get(&name) {
                let shown: Vec<&str> = class.written.iter().take(12).map(String::as_str).collect();
                let more = class.written.len().saturating_sub(shown.len());
                let mut line = shown.join(", ");
                if more > 0 {
                    let _ = write!(line, ", … ({more} more)");
                }
                if !class.include.is_empty() {
                    let inc: Vec<String> = class.include.iter().map(|i| format!("@{i}")).collect();
                    let _ = write!(line, "; and every member of {}", inc.join(", "));
                }
                let _ = writeln!(out, "    @{name}  {line}");
            }
        }
    }
    out
}
