//! Configuration, suppression and baselines, end to end in scratch folders.

use assert_cmd::Command;
use serde_json::Value;
use std::fs;
use std::path::Path;

mod common;
use common::run;

fn medlint(dir: &Path) -> Command {
    common::medlint_in(dir)
}

fn json(dir: &Path, args: &[&str]) -> Value {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let (_, out, err) = run(medlint(dir).args(&all));
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}\n{out}\n{err}"))
}

fn categories(doc: &Value, path_part: &str) -> Vec<String> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["path"].as_str().unwrap().contains(path_part))
        .map(|f| f["category"].as_str().unwrap().to_string())
        .collect()
}

const LEGAL: &str = "# Pricing terms\n\nTreatment plans start from $99 a month, and ours is the #1 ketamine clinic in Ohio.\n";
const BLOG: &str = "# Our news\n\nBook your free consultation today. Ketamine cures depression.\n";

fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join(".git")).unwrap();
    fs::create_dir_all(root.join("content/legal")).unwrap();
    fs::create_dir_all(root.join("content/blog")).unwrap();
    fs::write(root.join("content/legal/terms.md"), LEGAL).unwrap();
    fs::write(root.join("content/blog/post.md"), BLOG).unwrap();
    fs::write(
        root.join("medlint.toml"),
        "ignore = [\"MED702\"]\n\n[[overrides]]\nfiles = [\"content/legal/**\"]\nignore = [\"price-claim\", \"comparative-claim\"]\n",
    )
    .unwrap();
    dir
}

#[test]
fn config_is_found_from_a_subfolder_and_overrides_apply_by_glob() {
    let dir = site();
    let blog = dir.path().join("content/blog");
    // From content/blog: the root medlint.toml applies (MED702 is ignored).
    let doc = json(&blog, &["."]);
    let rules: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"MED401"), "{rules:?}");
    assert!(!rules.contains(&"MED702"), "config not found: {rules:?}");
    // content/legal gets none of the ignored categories…
    let doc = json(&blog, &["../legal", "."]);
    let legal = categories(&doc, "legal/terms.md");
    assert!(
        !legal
            .iter()
            .any(|c| c == "price-claim" || c == "comparative-claim"),
        "{legal:?}"
    );
    // …which --isolated brings back.
    let doc = json(&blog, &["--isolated", "../legal"]);
    let legal = categories(&doc, "legal/terms.md");
    assert!(legal.iter().any(|c| c == "price-claim"), "{legal:?}");
    assert!(legal.iter().any(|c| c == "comparative-claim"), "{legal:?}");
}

#[test]
fn stdin_resolves_config_and_overrides_for_its_filename() {
    let dir = site();
    let (_, out, _) = run(medlint(dir.path())
        .args([
            "check",
            "--format",
            "json",
            "-",
            "--stdin-filename",
            "content/legal/new.md",
        ])
        .write_stdin(LEGAL));
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["findings"].as_array().unwrap().len(), 0, "{out}");
    let (_, out, _) = run(medlint(dir.path())
        .args([
            "check",
            "--format",
            "json",
            "-",
            "--stdin-filename",
            "content/blog/new.md",
        ])
        .write_stdin(LEGAL));
    let doc: Value = serde_json::from_str(&out).unwrap();
    let findings = doc["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    assert!(findings.iter().all(|f| f["path"] == "content/blog/new.md"));
}

#[test]
fn command_line_wins_over_the_file() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("medlint.toml"), "fail-on = \"warning\"\n").unwrap();
    fs::write(dir.path().join("a.md"), "Studies show it works.\n").unwrap();
    assert_eq!(run(medlint(dir.path()).args(["check", "a.md"])).0, 1);
    assert_eq!(
        run(medlint(dir.path()).args(["check", "--fail-on", "error", "a.md"])).0,
        0
    );
    assert_eq!(
        run(medlint(dir.path()).args(["check", "--isolated", "a.md"])).0,
        0
    );
}

#[test]
fn an_unknown_key_is_an_error_with_the_key_shown() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("medlint.toml"),
        "select = [\"MED1\"]\nfail-onn = \"warning\"\n",
    )
    .unwrap();
    fs::write(dir.path().join("a.md"), "Ketamine cures depression.\n").unwrap();
    let (code, out, err) = run(medlint(dir.path()).args(["check", "a.md"]));
    assert_eq!(code, 2);
    assert!(out.is_empty(), "something was linted: {out}");
    assert!(err.contains("unknown field `fail-onn`"), "{err}");
    assert!(
        err.contains("2 │ fail-onn = \"warning\""),
        "no snippet: {err}"
    );
    // A bad value and an unknown selector point at their line too.
    fs::write(
        dir.path().join("medlint.toml"),
        "[rules.MED101]\nseverity = \"loud\"\n",
    )
    .unwrap();
    let (code, _, err) = run(medlint(dir.path()).args(["check", "a.md"]));
    assert_eq!(code, 2);
    assert!(err.contains("unknown variant `loud`"), "{err}");
    fs::write(dir.path().join("medlint.toml"), "ignore = [\"MED9999\"]\n").unwrap();
    let (code, _, err) = run(medlint(dir.path()).args(["check", "a.md"]));
    assert_eq!(code, 2);
    assert!(err.contains("unknown rule selector `MED9999`"), "{err}");
}

#[test]
fn rule_settings_formats_and_rule_dirs_relative_to_the_config() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("house")).unwrap();
    fs::create_dir_all(root.join("site")).unwrap();
    fs::write(
        root.join("house/ACME001.toml"),
        "code = \"ACME001\"\nname = \"house-superlative\"\ncategory = \"comparative-claim\"\nseverity = \"warning\"\nmessage = \"Avoid “{text}”\"\nhelp = \"Say what the service does instead of calling it world-class.\"\nreferences = [\"FTC Act §5\"]\ndescription = \"House style.\"\n\n[match]\nkind = \"phrase\"\nphrases = [\"world-class\"]\n",
    )
    .unwrap();
    fs::write(
        root.join("medlint.toml"),
        "rule-dirs = [\"house\"]\n\n[rules.MED401]\nseverity = \"info\"\n\n[rules.uncited-statistic]\nseverity = \"off\"\n\n[formats]\n\".mdoc\" = \"markdown\"\n",
    )
    .unwrap();
    fs::write(
        root.join("site/page.mdoc"),
        "# A world-class clinic\n\nKetamine cures depression in 71% of patients.\n",
    )
    .unwrap();
    let doc = json(&root.join("site"), &["."]);
    let findings = doc["findings"].as_array().unwrap();
    let by_rule = |code: &str| findings.iter().find(|f| f["rule"] == code).cloned();
    assert!(by_rule("ACME001").is_some(), "{doc}");
    assert_eq!(by_rule("MED401").unwrap()["severity"], "info");
    assert!(by_rule("MED101").is_none());
}

#[test]
fn directives_suppress_with_reasons_and_report_problems() {
    let dir = tempfile::tempdir().unwrap();
    let text = "# Results\n\n<!-- medlint-disable-next-line MED101 -- approved: MLR-2026-114 -->\n71% of patients respond within a week.\n\n<!-- medlint-disable-next-line MED401 -->\nKetamine cures depression.\n\n<!-- medlint-disable-next-line MED301 -- approved: MLR-2026-120 -->\nOur clinic opens at nine.\n";
    fs::write(dir.path().join("p.md"), text).unwrap();
    let doc = json(dir.path(), &["--show-suppressed", "p.md"]);
    assert_eq!(doc["summary"]["suppressed"], 2);
    let findings = doc["findings"].as_array().unwrap();
    let at = |code: &str| -> Vec<u64> {
        findings
            .iter()
            .filter(|f| f["rule"] == code)
            .map(|f| f["span"]["line"].as_u64().unwrap())
            .collect()
    };
    assert!(at("MED101").is_empty());
    assert!(at("MED401").is_empty());
    assert_eq!(at("MED001"), vec![6], "directive without a reason");
    assert_eq!(at("MED002"), vec![9], "directive that suppresses nothing");
    let s = doc["suppressions"].as_array().unwrap();
    assert_eq!(s[0]["rule"], "MED101");
    assert_eq!(s[0]["line"], 4);
    assert_eq!(s[0]["reason"], "approved: MLR-2026-114");
    // The audit trail in text form.
    let (_, out, _) = run(medlint(dir.path()).args(["check", "--show-suppressed", "p.md"]));
    assert!(
        out.contains("p.md:4: MED101 uncited-statistic — approved: MLR-2026-114"),
        "{out}"
    );
}

#[test]
fn plain_text_directives_on_their_own_line() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("p.txt"),
        "medlint-disable-file absolute-language -- reviewed by legal, 2026-03\nKetamine cures depression.\n",
    )
    .unwrap();
    let doc = json(dir.path(), &["p.txt"]);
    assert_eq!(doc["summary"]["suppressed"], 1);
    assert!(
        doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["category"] != "absolute-language")
    );
}

#[test]
fn a_baseline_reports_only_new_findings() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("page.md");
    let body = "# Ketamine\n\nKetamine cures depression.\n\n71% of patients respond.\n";
    fs::write(&p, body).unwrap();
    let (code, _, err) = run(medlint(dir.path()).args([
        "check",
        "--write-baseline",
        "medlint-baseline.json",
        "page.md",
    ]));
    assert_eq!(code, 0, "writing a baseline is not a gate");
    assert!(err.contains("to the baseline"), "{err}");
    assert_eq!(
        run(medlint(dir.path()).args(["check", "--baseline", "medlint-baseline.json", "page.md"]))
            .0,
        0
    );
    // A line inserted at the top, the file re-wrapped, and a new violating sentence.
    fs::write(
        &p,
        format!(
            "Updated March 2026.\n\n{}\nOur drips are 100% safe.\n",
            body.replace("cures depression.", "cures\ndepression.")
        ),
    )
    .unwrap();
    let (code, out, err) =
        run(medlint(dir.path()).args(["check", "--baseline", "medlint-baseline.json", "page.md"]));
    assert_eq!(code, 1);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 1, "{out}");
    assert!(lines[0].contains("MED402"), "{out}");
    assert!(err.contains("in the baseline"), "{err}");
    // Fixing a baselined claim leaves a stale entry, which is reported.
    fs::write(&p, "# Ketamine\n\n71% of patients respond.\n").unwrap();
    let (code, _, err) =
        run(medlint(dir.path()).args(["check", "--baseline", "medlint-baseline.json", "page.md"]));
    assert_eq!(code, 0);
    assert!(err.contains("no longer match"), "{err}");
}

#[test]
fn init_writes_a_config_once() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, _) = run(medlint(dir.path()).args(["init"]));
    assert_eq!(code, 0, "{out}");
    let text = fs::read_to_string(dir.path().join("medlint.toml")).unwrap();
    for key in [
        "include",
        "exclude",
        "select",
        "extend-select",
        "ignore",
        "fail-on",
        "market",
        "frame = ",
        "rule-dirs",
        "[rules.",
        "[[overrides]]",
        "[formats]",
        "front-matter-fields",
        "citation-domains",
        "hedge-words",
    ] {
        assert!(text.contains(key), "starter config lacks {key}");
    }
    let (code, _, err) = run(medlint(dir.path()).args(["init"]));
    assert_eq!(code, 2);
    assert!(err.contains("already exists"), "{err}");
    // The starter file is a valid configuration.
    fs::write(dir.path().join("a.md"), "Hello.\n").unwrap();
    assert_eq!(run(medlint(dir.path()).args(["check", "a.md"])).0, 0);
}

/// A site whose `uk/` folder has its own configuration: a UK market, `MED101` ignored and its
/// drafts excluded. The root configuration lowers `MED402` to a warning.
fn nested_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join(".git")).unwrap();
    fs::create_dir_all(root.join("blog")).unwrap();
    fs::create_dir_all(root.join("uk/drafts")).unwrap();
    fs::write(
        root.join("medlint.toml"),
        "[rules.MED402]\nseverity = \"warning\"\n",
    )
    .unwrap();
    fs::write(
        root.join("uk/medlint.toml"),
        "market = \"uk\"\nignore = [\"MED101\"]\nexclude = [\"drafts/**\"]\n",
    )
    .unwrap();
    let page = "# Our clinic\n\nOur infusions are 100% safe, and 64% of patients improved.\n";
    for p in ["blog/a.md", "uk/b.md", "uk/drafts/c.md"] {
        fs::write(root.join(p), page).unwrap();
    }
    dir
}

/// `(path, rule, severity)` of each finding.
fn found(doc: &Value) -> Vec<(String, String, String)> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap().to_string();
            (s("path"), s("rule"), s("severity"))
        })
        .collect()
}

#[test]
fn each_file_uses_the_nearest_configuration_above_it() {
    let dir = nested_site();
    let t = |p: &str, r: &str, s: &str| (p.to_string(), r.to_string(), s.to_string());
    let expected = vec![
        t("blog/a.md", "MED402", "warning"),
        t("blog/a.md", "MED101", "error"),
        // uk/medlint.toml replaces the root one: MED101 ignored, MED402 at its default, the
        // drafts left out of the walk.
        t("uk/b.md", "MED402", "error"),
    ];
    assert_eq!(found(&json(dir.path(), &["."])), expected);
    // Run from inside uk/ or on named files: the same configuration per file.
    let uk = json(&dir.path().join("uk"), &["../blog/a.md", "b.md"]);
    let rules: Vec<(String, String)> = found(&uk).into_iter().map(|f| (f.1, f.2)).collect();
    assert_eq!(
        rules,
        [
            ("MED402".to_string(), "warning".to_string()),
            ("MED101".into(), "error".into()),
            ("MED402".into(), "error".into())
        ]
    );
    // --config gives every file the one file named.
    let one = json(dir.path(), &["--config", "medlint.toml", "uk/b.md"]);
    assert_eq!(
        found(&one),
        [
            t("uk/b.md", "MED402", "warning"),
            t("uk/b.md", "MED101", "error")
        ]
    );
    // A broken configuration under the walk is an error, not skipped.
    fs::write(dir.path().join("uk/medlint.toml"), "markett = \"uk\"\n").unwrap();
    let (code, out, err) = run(medlint(dir.path()).args(["check", "."]));
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("uk/medlint.toml"), "{err}");
    assert!(err.contains("unknown field `markett`"), "{err}");
}

#[test]
fn show_settings_says_where_each_setting_comes_from() {
    let dir = nested_site();
    let (code, out, err) = run(medlint(dir.path()).args(["check", "--show-settings", "uk/b.md"]));
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "path: uk/b.md");
    assert!(
        lines[1].starts_with("configuration: ") && lines[1].ends_with("uk/medlint.toml"),
        "{out}"
    );
    for line in [
        "linted: yes: named on the command line",
        "format: markdown",
        "exclude: drafts/**",
        "market: uk (a page's `market:` front matter wins)",
        "ignore: MED101",
        "  MED402 absolute-safety (error)",
        "  MED810 prescription-medicine-advertising (error)",
    ] {
        assert!(lines.contains(&line), "no `{line}` in\n{out}");
    }
    assert!(!out.contains("MED101 uncited-statistic"), "{out}");
    // A file the walk leaves out says so; with --force-exclude, even when named.
    let (_, out, _) = run(medlint(dir.path()).args(["check", "--show-settings", "uk/drafts"]));
    assert!(
        out.contains("linted: a folder: the files in it are linted under these settings"),
        "{out}"
    );
    assert!(out.contains("uk/medlint.toml"), "{out}");
    let (_, out, _) = run(medlint(dir.path()).args(["check", "--show-settings", "uk/drafts/c.md"]));
    assert!(
        out.contains("linted: yes: named on the command line (`exclude` matches it: a folder walk or --force-exclude leaves it out)"),
        "{out}"
    );
    let (_, out, _) = run(medlint(dir.path()).args([
        "check",
        "--show-settings",
        "--force-exclude",
        "uk/drafts/c.md",
    ]));
    assert!(
        out.contains("linted: no: `exclude` matches it (and --force-exclude is on)"),
        "{out}"
    );
    // The root configuration for blog/, and no configuration at all with --isolated.
    let (_, out, _) = run(medlint(dir.path()).args(["check", "--show-settings", "blog/a.md"]));
    assert!(out.contains("  MED402 absolute-safety (warning)"), "{out}");
    assert!(out.contains("market: us (default;"), "{out}");
    // A UK-only rule is off on a US page.
    assert!(!out.contains("MED810"), "{out}");
    let (_, out, _) =
        run(medlint(dir.path()).args(["check", "--isolated", "--show-settings", "blog/a.md"]));
    assert!(out.contains("configuration: none"), "{out}");
    assert!(out.contains("  MED402 absolute-safety (error)"), "{out}");
}

#[test]
fn force_exclude_applies_exclude_to_files_named_on_the_command_line() {
    let dir = nested_site();
    // Named explicitly, an excluded file is linted by default…
    let doc = json(dir.path(), &["uk/drafts/c.md"]);
    assert_eq!(found(&doc).len(), 1, "{doc}");
    // …and left out with --force-exclude, as a pre-commit hook names every changed file.
    let doc = json(
        dir.path(),
        &["--force-exclude", "uk/drafts/c.md", "uk/b.md"],
    );
    let paths: Vec<String> = found(&doc).into_iter().map(|f| f.0).collect();
    assert_eq!(paths, ["uk/b.md"]);
    // Only excluded files named: nothing to lint is expected, and passes with a note.
    let (code, out, err) =
        run(medlint(dir.path()).args(["check", "--force-exclude", "uk/drafts/c.md"]));
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        err.contains("1 file named on the command line left out: the configuration's `exclude` matches it (--force-exclude)."),
        "{err}"
    );
    // The hook this repository ships passes it.
    let hooks = fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/.pre-commit-hooks.yaml"
    ))
    .unwrap();
    let entry = hooks
        .lines()
        .find_map(|l| l.trim().strip_prefix("entry: "))
        .unwrap();
    assert!(
        entry.split_whitespace().any(|a| a == "--force-exclude"),
        "{entry}"
    );
}
