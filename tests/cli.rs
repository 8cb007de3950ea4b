//! The command line, end to end: exit codes, formats, selection, stdin, bad input.

use assert_cmd::Command;
use serde::Deserialize;
use std::fs;
use std::path::Path;

mod common;
use common::run as stdout_of;

fn medlint() -> Command {
    common::medlint_in(Path::new(env!("CARGO_MANIFEST_DIR")))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonDoc {
    version: u32,
    tool: JsonTool,
    summary: JsonSummary,
    findings: Vec<JsonFinding>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonTool {
    name: String,
    version: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonSummary {
    files: usize,
    findings: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    suppressed: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonFinding {
    path: String,
    rule: String,
    name: String,
    category: String,
    severity: String,
    message: String,
    span: Option<JsonSpan>,
    text: String,
    help: String,
    references: Vec<String>,
    fingerprint: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonSpan {
    start: usize,
    end: usize,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}

fn json_of(args: &[&str]) -> JsonDoc {
    let (_, out, err) = stdout_of(medlint().args(args));
    serde_json::from_str(&out)
        .unwrap_or_else(|e| panic!("not the JSON contract: {e}\n{out}\n{err}"))
}

#[test]
fn check_fixtures_prints_findings_and_exits_1() {
    let (code, out, _) = stdout_of(medlint().args(["check", "fixtures/"]));
    assert_eq!(code, 1);
    // Piped output defaults to the concise format.
    let first = out.lines().next().unwrap();
    let re = regex::Regex::new(r"^fixtures/[\w.-]+:\d+:\d+: (error|warning|info)\[MED\d{3}\] .+$")
        .unwrap();
    assert!(re.is_match(first), "{first}");
    assert!(out.lines().count() > 50);
}

#[test]
fn json_output_matches_the_contract() {
    let doc = json_of(&["check", "--format", "json", "fixtures/"]);
    assert_eq!(doc.version, 1);
    assert_eq!(doc.tool.name, "medlint");
    assert_eq!(doc.tool.version, env!("CARGO_PKG_VERSION"));
    assert!(doc.summary.files >= 8);
    assert_eq!(doc.summary.findings, doc.findings.len());
    assert_eq!(
        doc.summary.errors + doc.summary.warnings + doc.summary.infos,
        doc.summary.findings
    );
    // The landing-page fixture approves one claim with a directive.
    assert_eq!(doc.summary.suppressed, 1);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut last: Option<(String, usize)> = None;
    for f in &doc.findings {
        assert!(f.rule.starts_with("MED"));
        assert!(!f.name.is_empty() && !f.message.is_empty() && !f.help.is_empty());
        assert!(medlint::diagnostic::Category::parse(&f.category).is_some());
        assert!(["error", "warning", "info"].contains(&f.severity.as_str()));
        assert!(!f.references.is_empty(), "{} has no references", f.rule);
        assert_eq!(f.fingerprint.len(), 16);
        if let Some(s) = &f.span {
            let text = fs::read_to_string(root.join(&f.path)).unwrap();
            assert_eq!(&text[s.start..s.end], f.text);
            assert!(s.line >= 1 && s.column >= 1 && s.end_line >= s.line);
            assert!(s.end_line > s.line || s.end_column > s.column);
            // Sorted by path, then offset.
            if let Some((p, o)) = &last
                && p == &f.path
            {
                assert!(*o <= s.start);
            }
            last = Some((f.path.clone(), s.start));
        }
    }
}

#[test]
fn output_does_not_depend_on_thread_count() {
    let (_, one, _) =
        stdout_of(medlint().args(["check", "--threads", "1", "--format", "json", "fixtures/"]));
    let (_, many, _) =
        stdout_of(medlint().args(["check", "--threads", "8", "--format", "json", "fixtures/"]));
    assert_eq!(one, many);
}

#[test]
fn neutral_copy_exits_0() {
    let (code, out, err) =
        stdout_of(medlint().args(["check", "fixtures/neutral-understanding-depression.md"]));
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.is_empty());
    assert!(err.contains("No findings in 1 file."));
}

#[test]
fn fail_on_threshold() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("a.md");
    // Only a warning-level finding.
    fs::write(&p, "Studies show it works.\n").unwrap();
    let path = p.to_str().unwrap();
    assert_eq!(stdout_of(medlint().args(["check", path])).0, 0);
    assert_eq!(
        stdout_of(medlint().args(["check", "--fail-on", "warning", path])).0,
        1
    );
    assert_eq!(
        stdout_of(medlint().args(["check", "--fail-on", "info", path])).0,
        1
    );
}

#[test]
fn select_and_ignore_by_code_name_category_and_prefix() {
    let file = "fixtures/ketamine-clinic-landing.md";
    let rules_of = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["check", "--format", "json"];
        all.extend_from_slice(args);
        all.push(file);
        let mut r: Vec<String> = json_of(&all).findings.into_iter().map(|f| f.rule).collect();
        r.sort();
        r.dedup();
        r
    };
    assert_eq!(rules_of(&["--select", "MED101"]), vec!["MED101"]);
    assert_eq!(rules_of(&["--select", "uncited-statistic"]), vec!["MED101"]);
    assert!(
        rules_of(&["--select", "MED4"])
            .iter()
            .all(|r| r.starts_with("MED4"))
    );
    assert!(
        rules_of(&["--select", "absolute-language"])
            .iter()
            .all(|r| r.starts_with("MED4"))
    );
    let ignored = rules_of(&["--ignore", "MED1,testimonial-outcome"]);
    assert!(!ignored.is_empty());
    assert!(
        ignored
            .iter()
            .all(|r| !r.starts_with("MED1") && !r.starts_with("MED5"))
    );
    // A more specific select wins over a broader ignore.
    assert_eq!(
        rules_of(&["--select", "MED101", "--ignore", "MED1"]),
        vec!["MED101"]
    );
    let (code, _, err) = stdout_of(medlint().args(["check", "--select", "MED999", file]));
    assert_eq!(code, 2);
    assert!(err.contains("unknown rule selector `MED999`"), "{err}");
}

#[test]
fn stdin_with_a_filename() {
    let (code, out, _) = stdout_of(
        medlint()
            .args(["check", "-", "--stdin-filename", "content/post.md"])
            .write_stdin("# Title\n\n```\n99% of patients\n```\n\nOur drip cures hangovers and 71% of patients agree.\n"),
    );
    assert_eq!(code, 1);
    assert!(out.contains("content/post.md:7:"), "{out}");
    assert!(!out.contains(":4:"), "code block was linted: {out}");
}

#[test]
fn binary_files_are_skipped_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("image.txt");
    fs::write(&p, b"\x89PNG\0\0\0 cures everything").unwrap();
    let (code, out, err) = stdout_of(medlint().args(["check", p.to_str().unwrap()]));
    assert_eq!(code, 0);
    assert!(out.is_empty());
    assert!(err.contains("skipped, binary file"), "{err}");
}

#[test]
fn a_missing_path_is_reported_and_the_run_goes_on() {
    let (code, out, err) = stdout_of(medlint().args([
        "check",
        "does-not-exist.md",
        "fixtures/ketamine-clinic-landing.md",
    ]));
    assert_eq!(code, 2);
    assert!(err.contains("does-not-exist.md"), "{err}");
    assert!(
        out.contains("fixtures/ketamine-clinic-landing.md:"),
        "{out}"
    );
}

#[test]
fn invalid_utf8_keeps_byte_offsets() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("latin1.txt");
    let mut bytes = b"Caf\xe9 cr\xe8me. Ketamine cures depression.".to_vec();
    bytes.push(b'\n');
    fs::write(&p, &bytes).unwrap();
    let doc = json_of(&["check", "--format", "json", p.to_str().unwrap()]);
    let f = doc
        .findings
        .iter()
        .find(|f| f.rule == "MED401")
        .expect("cure claim found");
    let s = f.span.as_ref().unwrap();
    assert_eq!(&bytes[s.start..s.end], b"cures");
    assert_eq!((s.line, s.column), (1, 22));
}

#[test]
fn fingerprints_survive_lines_inserted_above() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("page.md");
    let body = "# Relief\n\n71% of patients respond to ketamine.\n\nKetamine cures depression.\n";
    fs::write(&p, body).unwrap();
    let before = json_of(&["check", "--format", "json", p.to_str().unwrap()]);
    fs::write(
        &p,
        format!("Intro line.\n\nAnother paragraph here.\n\n{body}"),
    )
    .unwrap();
    let after = json_of(&["check", "--format", "json", p.to_str().unwrap()]);
    let prints = |d: &JsonDoc| {
        d.findings
            .iter()
            .map(|f| f.fingerprint.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(prints(&before), prints(&after));
    let first_line = |d: &JsonDoc| {
        d.findings
            .iter()
            .find_map(|f| f.span.as_ref())
            .unwrap()
            .line
    };
    assert_ne!(first_line(&before), first_line(&after));
}

fn write_rule(dir: &Path, name: &str, body: &str) {
    fs::write(dir.join(name), body).unwrap();
}

const USER_RULE: &str = r#"code = "ACME001"
name = "house-superlative"
category = "comparative-claim"
severity = "warning"
message = "House style: avoid “{text}”"
help = "Say what the service does instead."
description = "Our house style bans superlatives."

[match]
kind = "phrase"
phrases = ["world-class"]

[[examples]]
text = "A world-class clinic."
fires = true
spans = ["world-class"]

[[examples]]
text = "A first-class stamp."
fires = false
"#;

#[test]
fn test_rules_passes_a_good_pack() {
    let dir = tempfile::tempdir().unwrap();
    write_rule(dir.path(), "ACME001-house-superlative.toml", USER_RULE);
    let (code, out, _) = stdout_of(medlint().args(["test-rules", dir.path().to_str().unwrap()]));
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("1 rules, 2 examples, 0 failed"), "{out}");
}

#[test]
fn test_rules_on_an_edited_copy_of_a_builtin_rule_tests_the_copy() {
    // The built-in folder itself, and a copy of one built-in rule with an edited example:
    // the copy stands in for the built-in rule instead of clashing with it.
    let (code, out, err) = stdout_of(medlint().args(["test-rules", "rules/core"]));
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains(" rules, ") && out.ends_with("0 failed\n"),
        "{out}"
    );

    let dir = tempfile::tempdir().unwrap();
    let original = fs::read_to_string("rules/core/MED402-absolute-safety.toml").unwrap();
    let edited = format!(
        "{original}\n[[examples]]\ntext = \"Every session is completely harmless.\"\nfires = false\n"
    );
    write_rule(dir.path(), "MED402-absolute-safety.toml", &edited);
    let (code, out, _) = stdout_of(medlint().args(["test-rules", dir.path().to_str().unwrap()]));
    assert_eq!(code, 1, "{out}");
    assert!(
        out.starts_with("FAIL ") && out.contains("MED402 absolute-safety"),
        "{out}"
    );
    assert!(
        out.contains("Every session is completely harmless."),
        "{out}"
    );
}

#[test]
fn test_rules_reports_a_failing_example() {
    let dir = tempfile::tempdir().unwrap();
    let bad = USER_RULE.replace(
        "text = \"A first-class stamp.\"",
        "text = \"Truly world-class care.\"",
    );
    write_rule(dir.path(), "ACME001-house-superlative.toml", &bad);
    let (code, out, _) = stdout_of(medlint().args(["test-rules", dir.path().to_str().unwrap()]));
    assert_eq!(code, 1);
    assert!(out.contains("ACME001 house-superlative"), "{out}");
    assert!(out.contains("Truly world-class care."), "{out}");
    assert!(out.contains("\"world-class\" at 1:7"), "{out}");
}

#[test]
fn test_rules_rejects_an_unknown_key() {
    let dir = tempfile::tempdir().unwrap();
    let bad = USER_RULE.replace(
        "severity = \"warning\"",
        "severity = \"warning\"\nseverty-override = 2",
    );
    write_rule(dir.path(), "ACME001-house-superlative.toml", &bad);
    let (code, out, err) = stdout_of(medlint().args(["test-rules", dir.path().to_str().unwrap()]));
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("ACME001-house-superlative.toml"), "{err}");
    assert!(
        err.contains("unknown key `severty-override` in a rule file"),
        "{err}"
    );
    // The miette snippet shows the offending line.
    assert!(err.contains("severty-override = 2"), "{err}");
}

#[test]
fn a_broken_rule_file_reports_every_problem_at_once_with_did_you_mean() {
    let dir = tempfile::tempdir().unwrap();
    let bad = USER_RULE
        .replace(
            "category = \"comparative-claim\"",
            "category = \"comparativ-claim\"",
        )
        .replace("kind = \"phrase\"", "kind = \"phrases\"")
        .replace("fires = false", "fire = false")
        .replace("avoid “{text}”", "avoid “{txt}”");
    write_rule(dir.path(), "ACME001-house-superlative.toml", &bad);
    let (code, out, err) = stdout_of(medlint().args(["test-rules", dir.path().to_str().unwrap()]));
    assert_eq!(code, 2, "{out}");
    for (problem, help) in [
        (
            "unknown value `comparativ-claim` for `category`",
            "did you mean `comparative-claim`?",
        ),
        (
            "unknown value `phrases` for `kind`",
            "did you mean `phrase`?",
        ),
        ("unknown key `fire` in an example", "did you mean `fires`?"),
        ("missing key `fires` in an example", "in this table"),
        // Beyond the shape: checked as though the misspellings were put right, in the same run.
        (
            "unknown placeholder `{txt}` in message",
            "a `phrase` rule's message may use `{text}`",
        ),
    ] {
        // miette wraps long messages.
        let err = err.replace("\n  │ ", " ");
        assert!(err.contains(problem), "{problem}: {err}");
        assert!(err.contains(help), "{help}: {err}");
    }
    // The placeholder's snippet is the file's own line 5, not a line of the corrected copy.
    assert!(
        err.contains("ACME001-house-superlative.toml:5:11]"),
        "{err}"
    );
    assert!(
        err.contains("5 │ message = \"House style: avoid “{txt}”\""),
        "{err}"
    );
}

#[test]
fn a_broken_rule_dir_stops_check_before_linting() {
    let dir = tempfile::tempdir().unwrap();
    let bad = USER_RULE.replace(
        "category = \"comparative-claim\"",
        "category = \"superlatives\"",
    );
    write_rule(dir.path(), "ACME001.toml", &bad);
    let (code, out, err) = stdout_of(medlint().args([
        "check",
        "--rule-dir",
        dir.path().to_str().unwrap(),
        "fixtures/",
    ]));
    assert_eq!(code, 2);
    assert!(out.is_empty(), "something was linted: {out}");
    assert!(
        err.contains("unknown value `superlatives` for `category`"),
        "{err}"
    );
}

#[test]
fn user_rules_run_with_the_builtin_ones() {
    let dir = tempfile::tempdir().unwrap();
    write_rule(dir.path(), "ACME001.toml", USER_RULE);
    let file = dir.path().join("p.md");
    fs::write(&file, "A world-class clinic.\n").unwrap();
    let (code, out, _) = stdout_of(medlint().args([
        "check",
        "--rule-dir",
        dir.path().to_str().unwrap(),
        file.to_str().unwrap(),
    ]));
    assert_eq!(code, 0);
    assert!(
        out.contains("warning[ACME001] House style: avoid “world-class”"),
        "{out}"
    );
}

#[test]
fn rules_lists_every_rule() {
    let (code, out, _) = stdout_of(medlint().args(["rules", "--format", "json"]));
    assert_eq!(code, 0);
    let rows: Vec<serde_json::Map<String, serde_json::Value>> = serde_json::from_str(&out).unwrap();
    assert!(rows.len() >= 7);
    for row in &rows {
        let mut keys: Vec<&str> = row.keys().map(String::as_str).collect();
        keys.sort();
        assert_eq!(
            keys,
            vec!["category", "code", "markets", "name", "severity"]
        );
    }
    let (_, text, _) = stdout_of(medlint().args(["rules"]));
    assert!(text.contains("MED101") && text.contains("uncited-statistic"));
}

#[test]
fn rule_explains_itself() {
    let (code, out, _) = stdout_of(medlint().args(["rule", "MED101"]));
    assert_eq!(code, 0);
    for section in [
        "## What it does",
        "## Why it matters",
        "## Example",
        "## Use instead",
        "## References",
    ] {
        assert!(out.contains(section), "missing {section}:\n{out}");
    }
    let (code, by_name, _) = stdout_of(medlint().args(["rule", "uncited-statistic"]));
    assert_eq!(code, 0);
    assert_eq!(out, by_name);
    assert_eq!(stdout_of(medlint().args(["rule", "NOPE1"])).0, 2);
}

#[test]
fn full_format_shows_the_snippet() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.md");
    fs::write(&p, "Ketamine cures depression.\n").unwrap();
    let (code, out, _) =
        stdout_of(medlint().args(["check", "--format", "full", p.to_str().unwrap()]));
    assert_eq!(code, 1);
    assert!(out.contains("MED401(cure-claim)"), "{out}");
    assert!(out.contains("Ketamine cures depression."), "{out}");
    assert!(out.contains("absolute-language"), "{out}");
    assert!(!out.contains('\u{1b}'), "NO_COLOR was not honoured");
}

#[test]
fn full_format_wraps_a_long_paragraph_and_shows_a_window_around_the_claim() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("long.md");
    let filler = "Our team walks every patient through the intake, the scheduling and the aftercare plan before the first visit. ";
    let paragraph = format!(
        "{}Many patients say ketamine cures depression for good. {}",
        filler.repeat(4),
        filler.repeat(4)
    );
    fs::write(
        &p,
        format!("# Clinic notes\n\n{paragraph}\n\nA closing line.\n"),
    )
    .unwrap();
    let (code, out, _) =
        stdout_of(medlint().args(["check", "--format", "full", p.to_str().unwrap()]));
    assert_eq!(code, 1);
    let block: Vec<&str> = out
        .split("\n\n")
        .skip_while(|b| !b.starts_with("MED401(cure-claim)"))
        .nth(1)
        .expect("the cure claim is reported")
        .lines()
        .collect();
    // Piped output is 100 columns wide: no line of the snippet runs past it.
    for line in &block {
        assert!(line.chars().count() <= 100, "too wide: {line:?}\n{out}");
    }
    let col = paragraph.find("cures").unwrap() + 1;
    assert!(
        block[1].ends_with(&format!("long.md:3:{col}]")),
        "{block:#?}"
    );
    // The nearest non-blank line before (the heading, line 1) and the window of line 3: it
    // starts and ends with an ellipsis, the rows far from the claim are left out.
    assert_eq!(block[2], " 1 │ # Clinic notes", "{block:#?}");
    assert!(block[3].starts_with(" 3 │ … "), "{block:#?}");
    let row = (2..block.len())
        .find(|&i| block[i].contains("cures"))
        .expect("the row with the claim");
    let row_chars: Vec<char> = block[row].chars().collect();
    let start = (0..row_chars.len())
        .find(|&i| row_chars[i..].starts_with(&['c', 'u', 'r', 'e', 's']))
        .unwrap();
    let under: Vec<char> = block[row + 1].chars().collect();
    assert_eq!(
        under[start],
        '─',
        "{:?} under {:?}",
        block[row + 1],
        block[row]
    );
    assert_eq!(under[start - 1], ' ', "{:?}", block[row + 1]);
    assert_eq!(
        under[start..].iter().filter(|c| **c != ' ').count(),
        "cures".len(),
        "{:?}",
        block[row + 1]
    );
    assert!(block[row + 2].trim_end().ends_with("╰── absolute-language"));
    let last = block.iter().rposition(|l| l.contains(" │ ")).unwrap();
    assert!(
        block[last - 1].ends_with(" …") || block[last].ends_with(" …"),
        "{block:#?}"
    );
    assert!(
        block.iter().filter(|l| l.contains(" │ ")).count() <= 6,
        "a window, not the whole paragraph: {block:#?}"
    );
    assert_eq!(block[last], " 5 │ A closing line.", "{block:#?}");
    assert!(block[last + 1].ends_with("╰────"));
}

#[test]
fn full_format_names_the_page_of_a_document_level_finding_by_its_title() {
    let dir = tempfile::tempdir().unwrap();
    let pages = [
        (
            "fm.md",
            "---\ntitle: \"Calm \\\"care\\\" at home\"\n---\n\nKetamine cures depression.\n",
            "the whole page: “Calm \"care\" at home”",
        ),
        (
            "heading.md",
            "Intro line.\n\n# Ketamine care explained\n\nKetamine cures depression.\n",
            "the whole page: “Ketamine care explained”",
        ),
        (
            "page.html",
            "<html><head><title>Sleep &amp; mood | Clinic</title></head><body><p>Ketamine cures depression.</p></body></html>",
            "the whole page: “Sleep & mood | Clinic”",
        ),
        (
            "bare.txt",
            "Ketamine cures depression.\n",
            "the whole page\n",
        ),
    ];
    for (name, text, want) in pages {
        let p = dir.path().join(name);
        fs::write(&p, text).unwrap();
        let (_, out, _) =
            stdout_of(medlint().args(["check", "--format", "full", p.to_str().unwrap()]));
        let block = out
            .split("\n\n")
            .skip_while(|b| !b.starts_with("MED020("))
            .nth(1)
            .unwrap_or_else(|| panic!("{name}: no MED020\n{out}"));
        assert!(
            block.contains(&format!("╭─[{}]\n", p.display())),
            "{name}: {block}"
        );
        assert!(block.contains(want), "{name}: {block}");
        // The help is not prefixed with the path any more: the location block names it.
        assert!(
            block
                .lines()
                .any(|l| l.starts_with("  help: Add a balanced risk section")),
            "{name}: {block}"
        );
    }
}

#[test]
fn text_formats_are_coloured_only_when_asked_or_on_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.md");
    fs::write(&p, "Ketamine cures depression.\n").unwrap();
    let path = p.to_str().unwrap();
    let (_, plain, _) = stdout_of(medlint().args(["check", "--format", "concise", path]));
    assert!(!plain.contains('\u{1b}'), "{plain}");
    assert!(
        plain.contains(&format!("{path}:1:10: error[MED401] ")),
        "{plain}"
    );
    let (_, coloured, _) =
        stdout_of(medlint().args(["check", "--format", "concise", "--color", "always", path]));
    assert!(
        coloured.contains(&format!(
            "\u{1b}[1m{path}\u{1b}[0m:1:10: \u{1b}[1;31merror\u{1b}[0m[\u{1b}[1mMED401\u{1b}[0m] "
        )),
        "{coloured}"
    );
    let (_, full, _) =
        stdout_of(medlint().args(["check", "--format", "full", "--color", "always", path]));
    assert!(
        full.contains("\u{1b}[1;31mMED401(cure-claim)\u{1b}[0m"),
        "{full}"
    );
    let (_, never, _) =
        stdout_of(medlint().args(["check", "--format", "full", "--color", "never", path]));
    assert!(!never.contains('\u{1b}'), "{never}");
}

#[test]
fn full_format_never_prints_control_characters_from_the_copy() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.txt");
    fs::write(&p, "Ketamine cures\u{1b}[2J depression.\tToday.\n").unwrap();
    let (_, out, _) = stdout_of(medlint().args(["check", "--format", "full", p.to_str().unwrap()]));
    assert!(out.contains("MED401(cure-claim)"), "{out}");
    assert!(!out.contains('\u{1b}'), "{out}");
    assert!(out.contains("cures\u{FFFD}[2J depression. Today."), "{out}");
}

#[test]
fn prescription_medicine_advertising_depends_on_the_market() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("jabs.md");
    fs::write(
        &p,
        "# Weight-loss jabs online\n\nOrder your weight-loss jabs today and start your plan this week.\n",
    )
    .unwrap();
    let path = p.to_str().unwrap();
    let codes = |market: &str| -> Vec<String> {
        json_of(&["check", "--format", "json", "--market", market, path])
            .findings
            .into_iter()
            .map(|f| f.rule)
            .collect()
    };
    let uk = codes("uk");
    assert!(uk.contains(&"MED810".to_string()), "{uk:?}");
    assert!(codes("eu").contains(&"MED810".to_string()));
    assert!(!codes("us").contains(&"MED810".to_string()));
    // The page's own `market:` wins over the flag.
    fs::write(
        &p,
        "---\nmarket: uk\n---\n\nOrder your weight-loss jabs today and start your plan this week.\n",
    )
    .unwrap();
    assert!(codes("us").contains(&"MED810".to_string()));
}

#[test]
fn a_gate_that_lints_nothing_fails_unless_allowed() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("notes.rs"), "fn main() {}\n").unwrap();
    let (code, out, err) = stdout_of(medlint().args(["check", dir.path().to_str().unwrap()]));
    assert_eq!(code, 2, "{err}");
    assert!(out.is_empty());
    assert!(err.contains("error: no files to lint in"), "{err}");
    assert!(err.contains("--allow-no-files"), "{err}");
    let (code, _, err) =
        stdout_of(medlint().args(["check", "--allow-no-files", dir.path().to_str().unwrap()]));
    assert_eq!(code, 0, "{err}");
}

#[test]
fn stdin_filename_alone_reads_standard_input() {
    let (code, out, _) = stdout_of(
        medlint()
            .args([
                "check",
                "--isolated",
                "--format",
                "concise",
                "--stdin-filename",
                "post.md",
            ])
            .write_stdin("Our drip cures hangovers.\n"),
    );
    assert_eq!(code, 1);
    assert!(out.contains("post.md:1:10: error[MED401]"), "{out}");
}

#[test]
fn exit_zero_and_min_severity() {
    let page = "Ketamine works for 71% of patients, and our drips are revolutionary.\n";
    let run = |args: &[&str]| {
        stdout_of(
            medlint()
                .args([
                    "check",
                    "--isolated",
                    "--format",
                    "concise",
                    "--stdin-filename",
                    "p.md",
                ])
                .args(args)
                .write_stdin(page),
        )
    };
    let (code, out, _) = run(&[]);
    assert_eq!(code, 1);
    assert!(
        out.contains("error[MED101]") && out.contains("warning[MED405]"),
        "{out}"
    );
    // Findings still shown, the exit code 0.
    let (code, out, _) = run(&["--exit-zero"]);
    assert_eq!(code, 0);
    assert!(out.contains("error[MED101]"), "{out}");
    // Warnings not shown; the summary says how many.
    let (code, out, err) = run(&["--min-severity", "error"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("error[MED101]") && !out.contains("MED405"),
        "{out}"
    );
    assert!(
        err.contains("below --min-severity error not shown"),
        "{err}"
    );
    // A finding not shown still fails the gate.
    let (code, out, _) = run(&[
        "--min-severity",
        "error",
        "--fail-on",
        "warning",
        "--select",
        "MED405",
    ]);
    assert_eq!(code, 1);
    assert!(!out.contains("MED405"), "{out}");
}

#[test]
fn a_directive_naming_no_rule_is_an_error() {
    let page = "<!-- medlint-disable-next-line MED4O1 -- approved: MLR-1 -->\nOur drip cures hangovers.\n<!-- medlint-disable-next-line MED401 -- approved: MLR-2 -->\nOur drip cures colds.\n";
    let (code, out, _) = stdout_of(
        medlint()
            .args([
                "check",
                "--isolated",
                "--format",
                "concise",
                "--stdin-filename",
                "p.md",
            ])
            .write_stdin(page),
    );
    assert_eq!(code, 1);
    assert!(
        out.contains("p.md:1:6: error[MED002] Suppression “medlint-disable-next-line MED4O1 -- approved: MLR-1” names `MED4O1` that no rule has"),
        "{out}"
    );
    // The typo suppressed nothing; the real code did.
    assert!(out.contains("p.md:2:10: error[MED401]"), "{out}");
    assert!(!out.contains(":4:"), "{out}");
}

#[test]
fn shell_completions_are_printed() {
    for (shell, marker) in [
        ("bash", "_medlint()"),
        ("zsh", "#compdef medlint"),
        ("fish", "complete -c medlint"),
    ] {
        let (code, out, err) = stdout_of(medlint().args(["completions", shell]));
        assert_eq!(code, 0, "{err}");
        assert!(out.contains(marker), "{shell}: {out}");
        assert!(out.contains("check") && out.contains("lsp"), "{shell}");
    }
}

#[test]
fn rule_rules_and_test_rules_see_the_configurations_rule_dirs() {
    let dir = tempfile::tempdir().unwrap();
    let house = dir.path().join("house-rules");
    fs::create_dir(&house).unwrap();
    write_rule(&house, "ACME001-house-superlative.toml", USER_RULE);
    fs::write(
        dir.path().join("medlint.toml"),
        "rule-dirs = [\"house-rules\"]\n",
    )
    .unwrap();
    let in_dir = |args: &[&str]| {
        let mut c = medlint();
        c.current_dir(dir.path()).args(args);
        stdout_of(&mut c)
    };
    let (code, out, err) = in_dir(&["rule", "ACME001"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("# house-superlative (ACME001)"), "{out}");
    let (code, out, _) = in_dir(&["rules"]);
    assert_eq!(code, 0);
    assert!(out.contains("ACME001") && out.contains("MED101"), "{out}");
    let (code, out, err) = in_dir(&["test-rules"]);
    assert_eq!(code, 0, "{out}{err}");
    // The built-in rules and the house rule, all tested.
    let builtin = medlint().args(["test-rules"]).output().unwrap();
    let builtin = String::from_utf8(builtin.stdout).unwrap();
    let count = |s: &str| -> usize {
        let last = s.lines().last().unwrap_or("");
        last.split(' ').next().unwrap().parse().unwrap()
    };
    assert_eq!(count(&out), count(&builtin) + 1, "{out}");
}
