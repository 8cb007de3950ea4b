//! `medlint test-rules [DIR]...`: every example of every rule is a test.

use super::{TestRulesArgs, load_rules};
use crate::engine::Engine;
use crate::engine::context::Lexicon;
use crate::rules::examples;
use std::io::{self, Write};

pub fn run(args: TestRulesArgs, out: &mut dyn Write) -> io::Result<u8> {
    let builtin = args.dirs.is_empty();
    // With no folder named, the built-in rules are tested with the configuration's
    // `rule-dirs` beside them (all of them tested).
    let dirs = if builtin {
        let Some(d) = super::with_config_rule_dirs(&[]) else {
            return Ok(2);
        };
        d
    } else {
        args.dirs.clone()
    };
    // The pack is tested with the built-in rules beside it, as `check` would run it; a tested
    // rule that shares its code or name with a built-in one stands in for it.
    let Some(set) = load_rules(&dirs, true) else {
        return Ok(2);
    };
    let tested: Vec<String> = if builtin {
        set.rules.iter().map(|r| r.info.code.clone()).collect()
    } else {
        set.user_codes.clone()
    };
    let engine = Engine::with_classes(set.rules, Lexicon::builtin(), set.user_classes.as_ref());
    let rules: Vec<&crate::rules::Rule> = engine
        .rules()
        .iter()
        .filter(|r| tested.contains(&r.info.code))
        .collect();
    let mut failures = 0;
    let mut examples_run = 0;
    for rule in &rules {
        examples_run += rule.examples.len();
        for failure in examples::run_in(rule, &engine) {
            failures += 1;
            writeln!(out, "FAIL {failure}")?;
        }
    }
    let without_examples: Vec<&str> = rules
        .iter()
        .filter(|r| r.examples.is_empty())
        .map(|r| r.info.code.as_str())
        .collect();
    if !without_examples.is_empty() {
        writeln!(
            out,
            "note: rules without examples: {}",
            without_examples.join(", ")
        )?;
    }
    writeln!(
        out,
        "{} rules, {} examples, {} failed",
        rules.len(),
        examples_run,
        failures
    )?;
    Ok(if failures > 0 { 1 } else { 0 })
}
