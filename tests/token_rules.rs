//! Rules in the token language from a user's rule folder: classes of their own, located errors
//! for bad patterns, `medlint rule` showing patterns, and `--explain`.

use assert_cmd::Command;
use std::fs;
use std::path::Path;

mod common;
use common::run;

fn medlint() -> Command {
    common::medlint_in(Path::new(env!("CARGO_MANIFEST_DIR")))
}

const CLASSES: &str = r#"[house-hype]
description = "Our banned hype words"
words = ["revolutionize", "game-changing", "world-class"]
"#;

const RULE: &str = r#"code = "ACME002"
name = "house-hype"
category = "absolute-language"
severity = "warning"
message = "House style: avoid “{text}”"
help = "Say what the service does instead."
description = "Our house style bans hype."

[match]
kind = "tokens"
patterns = [
  "<@house-hype> (care | treatment)",
  "(our | the) (clinic | team) is <@house-hype>",
]

[context]
negation = true
reported-speech = true

[[examples]]
text = "We are revolutionizing care, and the team is world-class."
fires = true
spans = ["revolutionizing", "world-class"]

[[examples]]
text = "We do not claim to revolutionize care."
fires = false

[[examples]]
text = "Some companies claim they revolutionized treatment."
fires = false
"#;

fn pack(dir: &Path, rule: &str) {
    fs::create_dir_all(dir.join("classes")).unwrap();
    fs::write(dir.join("classes/house.toml"), CLASSES).unwrap();
    fs::write(dir.join("ACME002-house-hype.toml"), rule).unwrap();
}

#[test]
fn a_token_pack_with_its_own_classes_runs() {
    let dir = tempfile::tempdir().unwrap();
    pack(dir.path(), RULE);
    let d = dir.path().to_str().unwrap();
    let (code, out, err) = run(medlint().args(["test-rules", d]));
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("1 rules, 3 examples, 0 failed"), "{out}");

    let page = dir.path().join("page.md");
    fs::write(
        &page,
        "# Care\n\nOur game-changing care. It revolutionised treatment.\n",
    )
    .unwrap();
    let (code, out, _) = run(medlint().args([
        "check",
        "--isolated",
        "--select",
        "ACME002",
        "--format",
        "concise",
        "--rule-dir",
        d,
        page.to_str().unwrap(),
    ]));
    assert_eq!(code, 0, "{out}");
    let lines: Vec<&str> = out.lines().filter(|l| l.contains("ACME002")).collect();
    assert_eq!(
        lines,
        vec![
            format!(
                "{}:3:5: warning[ACME002] House style: avoid “game-changing”",
                page.display()
            ),
            format!(
                "{}:3:28: warning[ACME002] House style: avoid “revolutionised”",
                page.display()
            ),
        ]
    );
}

/// A bad pattern is an error at its line and column in the rule file; nothing is linted.
fn error_for(patterns: &str) -> (i32, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let rule = RULE.replace(
        "  \"<@house-hype> (care | treatment)\",\n  \"(our | the) (clinic | team) is <@house-hype>\",",
        patterns,
    );
    assert_ne!(rule, RULE);
    pack(dir.path(), &rule);
    run(medlint().args([
        "check",
        "--isolated",
        "--rule-dir",
        dir.path().to_str().unwrap(),
        "fixtures/",
    ]))
}

#[test]
fn an_unknown_class_points_at_its_column() {
    let (code, out, err) = error_for("  \"(our | the) (clinic | team) @hous-hype\",");
    assert_eq!(code, 2);
    assert!(out.is_empty(), "something was linted: {out}");
    assert!(err.contains("unknown class `@hous-hype`"), "{err}");
    assert!(err.contains("ACME002-house-hype.toml:12:32]"), "{err}");
    assert!(err.contains("did you mean `@house-hype`?"), "{err}");
}

#[test]
fn an_unbalanced_group_points_at_its_column() {
    let (code, out, err) = error_for("  \"@house-hype (care | treatment\",");
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("invalid pattern: unbalanced `(`"), "{err}");
    assert!(err.contains("ACME002-house-hype.toml:12:16]"), "{err}");
}

#[test]
fn an_empty_alternative_points_at_its_column() {
    let (code, out, err) = error_for("  \"@house-hype (care | | treatment)\",");
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("invalid pattern: empty alternative"), "{err}");
    assert!(err.contains("ACME002-house-hype.toml:12:22]"), "{err}");
}

#[test]
fn an_unknown_kind_and_a_reversed_count_are_errors_too() {
    let (code, _, err) = error_for("  \"#number @house-hype\",\n  \"care{3,1}\",");
    assert_eq!(code, 2);
    assert!(err.contains("unknown token kind `#number`"), "{err}");
    assert!(err.contains("has its bounds"), "{err}");
    assert!(
        err.contains("2 invalid") || err.contains("1 invalid rule file"),
        "{err}"
    );
}

#[test]
fn a_class_file_with_an_unknown_include_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    pack(dir.path(), RULE);
    fs::write(
        dir.path().join("classes/more.toml"),
        "[more-hype]\nwords = [\"amazing\"]\ninclude = [\"house-hyp\"]\n",
    )
    .unwrap();
    let (code, _, err) = run(medlint().args(["test-rules", dir.path().to_str().unwrap()]));
    assert_eq!(code, 2);
    assert!(err.contains("includes unknown class `house-hyp`"), "{err}");
    assert!(err.contains("did you mean `house-hype`?"), "{err}");
}

#[test]
fn rule_shows_the_patterns_context_and_classes() {
    let (code, out, _) = run(medlint().args(["rule", "MED302"]));
    assert_eq!(code, 0);
    assert!(out.contains("## How it matches"), "{out}");
    assert!(
        out.contains(
            "patterns    @restore-verb @body-modifier{0,3} @tissue-adjective? @body-structure"
        ),
        "{out}"
    );
    assert!(
        out.contains("Context (scope: sentence): a negation clears it; reported speech clears it"),
        "{out}"
    );
    assert!(
        out.contains("@restore-verb  repair, rewire, reverse, restore, heal"),
        "{out}"
    );
}

#[test]
fn explain_says_why_a_finding_matched() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.md");
    fs::write(&page, "Ketamine rewires the depressed brain.\n").unwrap();
    let (_, out, _) = run(medlint().args([
        "check",
        "--isolated",
        "--select",
        "MED302",
        "--explain",
        "--format",
        "concise",
        page.to_str().unwrap(),
    ]));
    assert!(
        out.contains(
            "    why: pattern `@restore-verb @body-modifier{0,3} @tissue-adjective? @body-structure`: \
             @restore-verb “rewires” · @body-modifier “the” · @body-modifier “depressed” · @body-structure “brain”"
        ),
        "{out}"
    );
    // JSON carries it only when asked.
    let (_, plain, _) = run(medlint().args([
        "check",
        "--isolated",
        "--select",
        "MED302",
        "--format",
        "json",
        page.to_str().unwrap(),
    ]));
    assert!(!plain.contains("\"explain\""), "{plain}");
    let (_, json, _) = run(medlint().args([
        "check",
        "--isolated",
        "--select",
        "MED302",
        "--explain",
        "--format",
        "json",
        page.to_str().unwrap(),
    ]));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let why = v["findings"][0]["explain"].as_str().unwrap();
    assert!(why.contains("@body-structure “brain”"), "{why}");
}
