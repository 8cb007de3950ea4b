//! Who is speaking: the document frame, its evidence, the rules it turns off, and its overrides.

mod common;

use common::{lint_path, root, run};
use serde_json::Value;
use std::fs;
use std::path::Path;

fn medlint() -> assert_cmd::Command {
    common::medlint_in(&root())
}

/// (line, code, text) of every finding.
fn found(path: &str) -> Vec<(usize, String, String)> {
    let (_, findings) = lint_path(&root().join(path));
    findings
        .iter()
        .map(|f| {
            (
                f.span.map_or(0, |s| s.line),
                f.rule.code.clone(),
                f.text.clone(),
            )
        })
        .collect()
}

fn triple(line: usize, code: &str, text: &str) -> (usize, String, String) {
    (line, code.to_string(), text.to_string())
}

#[test]
fn a_mixed_page_is_held_to_the_advertising_rules_in_its_selling_section_only() {
    // Lines 3–7 explain (a definition, symptoms, "talk to your doctor"); lines 9–11 sell.
    assert_eq!(
        found("fixtures/mixed-explainer-then-offer.md"),
        vec![
            triple(0, "MED020", ""),
            triple(11, "MED801", "PTSD"),
            triple(11, "MED801", "chronic pain"),
            triple(11, "MED702", "free consultation"),
            triple(11, "MED701", "start at just $399"),
        ]
    );
    // Held to the advertising rules throughout, its explainer has an uncited figure and a
    // marker without a reference: the section frame is what keeps them quiet.
    let (code, out, _) = run(medlint().args([
        "check",
        "--isolated",
        "--frame",
        "promotional",
        "--format",
        "concise",
        "fixtures/mixed-explainer-then-offer.md",
    ]));
    assert_eq!(code, 1);
    assert!(out.contains(":5:240: error[MED101]"), "{out}");
    assert!(out.contains(":5:326: warning[MED203]"), "{out}");
}

#[test]
fn neutral_pages_in_every_voice_stay_silent() {
    for name in [
        "neutral-research-introduction.md",
        "neutral-news-clinic-report.md",
        "neutral-journal-abstract.md",
        "neutral-ketamine-encyclopedia.md",
        "neutral-drug-label-summary.md",
        "neutral-fda-style-safety-notice.md",
        "neutral-nhs-style-condition-page.md",
        "neutral-regulator-consumer-update.txt",
        "neutral-understanding-depression.md",
    ] {
        assert_eq!(found(&format!("fixtures/{name}")), vec![], "{name}");
    }
}

/// The `frames` entry of `--format json --explain` for one file.
fn frame_json(args: &[&str], dir: &Path) -> (Value, Value) {
    let mut cmd = common::medlint_in(dir);
    cmd.args(["check", "--isolated", "--format", "json", "--explain"])
        .args(args);
    let (_, out, err) = run(&mut cmd);
    let v: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}\n{out}\n{err}"));
    let frames = v["frames"].as_array().expect("frames with --explain");
    assert_eq!(frames.len(), 1, "{v}");
    (frames[0].clone(), v["findings"].clone())
}

#[test]
fn json_and_explain_say_which_frame_and_why() {
    let (frame, findings) = frame_json(&["fixtures/neutral-research-introduction.md"], &root());
    assert_eq!(frame["path"], "fixtures/neutral-research-introduction.md");
    assert_eq!(frame["frame"], "scientific");
    assert_eq!(frame["source"], "inferred");
    assert_eq!(frame["evidence"][0]["cue"], "scientific");
    assert_eq!(
        frame["evidence"][0]["text"],
        "randomized, placebo-controlled"
    );
    assert_eq!(frame["evidence"][0]["line"], 5);
    assert_eq!(findings.as_array().unwrap().len(), 0);

    let (frame, findings) = frame_json(&["fixtures/mixed-explainer-then-offer.md"], &root());
    assert_eq!(frame["frame"], "promotional");
    assert_eq!(frame["evidence"][0]["text"], "our clinic");
    assert_eq!(frame["evidence"][0]["line"], 9);
    let sections = frame["sections"].as_array().unwrap();
    assert_eq!(sections.len(), 1, "{frame}");
    assert_eq!(sections[0]["line"], 3);
    assert_eq!(sections[0]["end_line"], 7);
    assert_eq!(sections[0]["frame"], "informational");
    assert_eq!(
        sections[0]["heading"],
        "What is treatment-resistant depression?"
    );
    let evidence: Vec<&str> = sections[0]["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        evidence,
        [
            "Treatment-resistant depression is a term for",
            "Symptoms can include",
            "Talk to your doctor"
        ]
    );
    for f in findings.as_array().unwrap() {
        assert_eq!(f["frame"], "promotional", "{f}");
    }

    // Without `--explain` the JSON keeps its fixed shape.
    let (_, out, _) = run(medlint().args([
        "check",
        "--isolated",
        "--format",
        "json",
        "fixtures/mixed-explainer-then-offer.md",
    ]));
    let v: Value = serde_json::from_str(&out).unwrap();
    assert!(v.get("frames").is_none());
    assert!(v["findings"][0].get("frame").is_none());

    // Text formats print the frame line per file.
    let (_, out, _) = run(medlint().args([
        "check",
        "--isolated",
        "--explain",
        "--format",
        "concise",
        "fixtures/neutral-news-clinic-report.md",
    ]));
    assert!(
        out.starts_with(
            "fixtures/neutral-news-clinic-report.md: frame informational (inferred: informational “said in an interview” line 7"
        ),
        "{out}"
    );
    // A short text with no voice but its claims is held to the advertising rules, and says so.
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.md"), "Ketamine infusions for PTSD.\n").unwrap();
    let (frame, findings) = frame_json(&["a.md"], dir.path());
    assert_eq!(frame["frame"], "promotional");
    assert_eq!(frame["evidence"], Value::Array(vec![]));
    assert!(
        findings[0]["explain"]
            .as_str()
            .unwrap()
            .contains("no informational or scientific voice found"),
        "{findings}"
    );
}

const NEWS: &str = "fixtures/neutral-news-clinic-report.md";

fn codes(dir: &Path, args: &[&str]) -> Vec<String> {
    let mut cmd = common::medlint_in(dir);
    cmd.args(["check", "--format", "json"]).args(args);
    let (_, out, err) = run(&mut cmd);
    let v: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}\n{out}\n{err}"));
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn overrides_hold_pages_to_a_frame_front_matter_first() {
    let dir = tempfile::tempdir().unwrap();
    let news = fs::read_to_string(root().join(NEWS)).unwrap();
    fs::create_dir_all(dir.path().join("blog")).unwrap();
    fs::write(dir.path().join("blog/news.md"), &news).unwrap();
    fs::write(dir.path().join("news.md"), &news).unwrap();
    let promoted = ["MED010", "MED801", "MED303", "MED801"];

    // Inferred: a report about a clinic, silent.
    assert_eq!(
        codes(dir.path(), &["--isolated", "news.md"]),
        Vec::<String>::new()
    );
    // `--frame promotional` treats every page as an ad.
    assert_eq!(
        codes(
            dir.path(),
            &["--isolated", "--frame", "promotional", "news.md"]
        ),
        promoted
    );
    // Front matter, in each spelling, wins over `--frame`.
    for fm in [
        "---\nmedlint: {frame: promotional}\n---\n",
        "---\ntitle: News\nmedlint:\n  frame: promotional\n---\n",
        "---\nmedlint-frame: promotional\n---\n",
        "+++\ntitle = \"News\"\n[medlint]\nframe = \"promotional\"\n+++\n",
    ] {
        fs::write(dir.path().join("fm.md"), format!("{fm}{news}")).unwrap();
        let got = codes(dir.path(), &["--isolated", "fm.md"]);
        assert_eq!(got, promoted, "{fm}");
    }
    fs::write(
        dir.path().join("fm.md"),
        format!("---\nmedlint: {{frame: informational}}\n---\n{news}"),
    )
    .unwrap();
    assert_eq!(
        codes(
            dir.path(),
            &["--isolated", "--frame", "promotional", "fm.md"]
        ),
        Vec::<String>::new()
    );
    // A value that names no frame is a warning, and the frame is inferred.
    fs::write(
        dir.path().join("bad.md"),
        format!("---\nmedlint: {{frame: advert}}\n---\n{news}"),
    )
    .unwrap();
    let mut cmd = common::medlint_in(dir.path());
    let (code, _, err) = run(cmd.args(["check", "--isolated", "bad.md"]));
    assert_eq!(code, 0);
    assert!(
        err.contains("bad.md: the front matter names the frame `advert`"),
        "{err}"
    );

    // The configuration: `[[overrides]]` for some files, a top-level `frame` for the rest.
    fs::write(
        dir.path().join("medlint.toml"),
        "[[overrides]]\nfiles = [\"blog/**\"]\nframe = \"promotional\"\n",
    )
    .unwrap();
    assert_eq!(codes(dir.path(), &["blog/news.md"]), promoted);
    assert_eq!(codes(dir.path(), &["news.md"]), Vec::<String>::new());
    // An override wins over `--frame`; `--frame` wins over the top-level `frame`.
    assert_eq!(
        codes(dir.path(), &["--frame", "informational", "blog/news.md"]),
        promoted
    );
    fs::write(dir.path().join("medlint.toml"), "frame = \"promotional\"\n").unwrap();
    assert_eq!(codes(dir.path(), &["news.md"]), promoted);
    assert_eq!(
        codes(dir.path(), &["--frame", "informational", "news.md"]),
        Vec::<String>::new()
    );
    // A frame the configuration cannot name is an error that points at it.
    fs::write(dir.path().join("medlint.toml"), "frame = \"advert\"\n").unwrap();
    let mut cmd = common::medlint_in(dir.path());
    let (code, _, err) = run(cmd.args(["check", "news.md"]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("frame"), "{err}");
}

#[test]
fn a_rule_declares_its_frames() {
    let dir = tempfile::tempdir().unwrap();
    let rule = |frames: &str| {
        format!(
            r#"code = "ORG100"
name = "miracle-word"
category = "absolute-language"
severity = "error"
{frames}
message = "“{{text}}”"
help = "Say what it does."
description = "The word miracle."

[match]
kind = "phrase"
phrases = ["miracle"]
"#
        )
    };
    fs::create_dir_all(dir.path().join("rules")).unwrap();
    fs::write(
        dir.path().join("page.md"),
        "# Miracle\n\nA miracle cure is a term for a product that claims to cure a disease. Symptoms can include hope.\n",
    )
    .unwrap();
    let with = |frames: &str| {
        fs::write(dir.path().join("rules/ORG100.toml"), rule(frames)).unwrap();
        codes(
            dir.path(),
            &[
                "--isolated",
                "--rule-dir",
                "rules",
                "--select",
                "ORG100",
                "page.md",
            ],
        )
    };
    // The page explains: a rule for every frame fires there, a promotional one does not.
    assert_eq!(with(""), ["ORG100", "ORG100"]);
    assert_eq!(with("frames = [\"promotional\"]"), Vec::<String>::new());
    assert_eq!(
        with("frames = [\"informational\", \"promotional\"]"),
        ["ORG100", "ORG100"]
    );
    // An empty list is an error that points at it.
    fs::write(dir.path().join("rules/ORG100.toml"), rule("frames = []")).unwrap();
    let mut cmd = common::medlint_in(dir.path());
    let (code, _, err) = run(cmd.args(["check", "--isolated", "--rule-dir", "rules", "page.md"]));
    assert_eq!(code, 2);
    assert!(err.contains("`frames` is empty"), "{err}");
}

#[test]
fn a_newsletter_box_does_not_make_an_explainer_an_ad_but_a_booking_line_does() {
    let dir = tempfile::tempdir().unwrap();
    let explainer = "# Migraine\n\nMigraine is a common disorder that causes attacks of throbbing headache. \
Symptoms can include nausea and sensitivity to light. About 12 percent of adults get migraines. \
Researchers do not fully understand what causes them.\n";
    let footer = "\n## Stay informed\n\nSubscribe to our newsletter for the latest health news. Contact us with questions.\n";
    fs::write(dir.path().join("pub.md"), format!("{explainer}{footer}")).unwrap();
    let (frame, findings) = frame_json(&["pub.md"], dir.path());
    assert_eq!(frame["frame"], "informational", "{frame}");
    assert_eq!(findings, Value::Array(vec![]));
    // A clinic's call to action is the seller speaking.
    let offer = "\nBook your free consultation at our migraine clinic today.\n";
    fs::write(
        dir.path().join("ad.md"),
        format!("{explainer}{footer}{offer}"),
    )
    .unwrap();
    let (frame, _) = frame_json(&["ad.md"], dir.path());
    assert_eq!(frame["frame"], "promotional", "{frame}");
    assert_eq!(frame["evidence"][0]["cue"], "promotional");
    // The offer is held to the advertising rules; the explainer above it keeps its own frame.
    assert_eq!(
        codes(dir.path(), &["--isolated", "ad.md"]),
        ["MED010", "MED702"]
    );
}

#[test]
fn absolute_language_quoted_from_a_regulator_never_fires() {
    let dir = tempfile::tempdir().unwrap();
    let page = "# Health fraud\n\nThe FDA warns consumers that no supplement can cure cancer. \
\"There is no miracle cure for arthritis,\" the agency said. No treatment can guarantee results, \
according to the Federal Trade Commission. Be wary of products that claim to be 100% safe.\n";
    fs::write(dir.path().join("reg.md"), page).unwrap();
    let (frame, findings) = frame_json(&["reg.md"], dir.path());
    assert_eq!(frame["frame"], "informational", "{frame}");
    assert_eq!(findings, Value::Array(vec![]));
    // Not even when the page is held to the advertising rules.
    assert_eq!(
        codes(
            dir.path(),
            &["--isolated", "--frame", "promotional", "reg.md"]
        ),
        Vec::<String>::new()
    );
}
