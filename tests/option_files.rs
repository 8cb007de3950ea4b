//! The checks of the fuzz targets for configurations, rule files and baselines
//! (`tests/common/option_files.rs`), run on the inputs kept in `tests/regressions/<target>/`
//! (inputs at the edges of each format, and any input a target has failed on) and on the files
//! of the repository the targets start from.

mod common;
use common::option_files::{check_baseline, check_config, check_rule_file};

/// The files of `tests/regressions/<target>/`, sorted.
fn regressions(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = common::root().join("tests/regressions").join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
        .collect()
}

#[test]
fn kept_configuration_inputs_pass() {
    let inputs = regressions("config");
    assert!(!inputs.is_empty());
    for (name, bytes) in inputs {
        eprintln!("{name}");
        check_config(&bytes);
    }
}

#[test]
fn kept_rule_file_inputs_pass() {
    let inputs = regressions("rule_file");
    assert!(!inputs.is_empty());
    for (name, bytes) in inputs {
        eprintln!("{name}");
        check_rule_file(&bytes);
    }
}

#[test]
fn kept_baseline_inputs_pass() {
    let inputs = regressions("baseline");
    assert!(!inputs.is_empty());
    for (name, bytes) in inputs {
        eprintln!("{name}");
        check_baseline(&bytes);
    }
}

/// The seeds the fuzz targets start from pass the same checks: the starter configuration,
/// the built-in rule files, a baseline.
#[test]
fn the_seeds_pass_the_checks() {
    let root = common::root();
    check_config(&std::fs::read(root.join("src/config/starter.toml")).unwrap());
    let mut rules: Vec<_> = std::fs::read_dir(root.join("rules/core"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    rules.sort();
    assert!(rules.len() > 10);
    for rule in rules.iter().step_by(10) {
        check_rule_file(&std::fs::read(rule).unwrap());
    }
    check_baseline(
        br#"{"version": 1, "findings": [{"path": "page.md", "rule": "MED402", "fingerprint": "0000000000000000"}]}"#,
    );
}
