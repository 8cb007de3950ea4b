//! The machine and reviewer formats: each must be one its consumer accepts as it is.

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;

fn medlint() -> Command {
    let mut cmd = Command::cargo_bin("medlint").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd.env("NO_COLOR", "1");
    cmd
}

fn output(args: &[&str]) -> String {
    let out = medlint().args(args).output().unwrap();
    assert!(
        out.status.code().unwrap() <= 1,
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The fixtures, plus the reference articles when they are beside the repository.
fn inputs() -> Vec<String> {
    let mut v = vec!["fixtures/".to_string()];
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    if seeds.is_dir() {
        v.push(seeds.display().to_string());
    }
    v
}

fn json_findings() -> Vec<Value> {
    let mut args = vec!["check", "--format", "json"];
    let inputs = inputs();
    args.extend(inputs.iter().map(String::as_str));
    let doc: Value = serde_json::from_str(&output(&args)).unwrap();
    doc["findings"].as_array().unwrap().clone()
}

fn fix_pattern(v: &mut Value, from: &str, to: &str) -> usize {
    match v {
        Value::String(s) if s == from => {
            *s = to.to_string();
            1
        }
        Value::Array(a) => a.iter_mut().map(|x| fix_pattern(x, from, to)).sum(),
        Value::Object(o) => o.values_mut().map(|x| fix_pattern(x, from, to)).sum(),
        _ => 0,
    }
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let mut schema: Value =
        serde_json::from_str(include_str!("schemas/sarif-2.1.0-rtm.5.json")).unwrap();
    // The official schema's `language` patterns have a stray `]` that the meta-schema's
    // `format: regex` check rejects; this is the pattern they mean ("en" or "en-US").
    let fixed = fix_pattern(
        &mut schema,
        "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$",
        "^[a-zA-Z]{2}$|^[a-zA-Z]{2}-[a-zA-Z]{2}$",
    );
    assert!(fixed >= 1);
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .build(&schema)
        .expect("the SARIF schema compiles");
    let mut args = vec!["check", "--format", "sarif"];
    let inputs = inputs();
    args.extend(inputs.iter().map(String::as_str));
    let sarif: Value = serde_json::from_str(&output(&args)).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .take(10)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    // The validator does reject what is not SARIF.
    let mut broken = sarif.clone();
    broken["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(!validator.is_valid(&broken));
    let run = &sarif["runs"][0];
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), json_findings().len());
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    for r in results {
        let i = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[i]["id"], r["ruleId"]);
        assert!(r["partialFingerprints"]["medlintFingerprint/v1"].is_string());
        let region = &r["locations"][0]["physicalLocation"]["region"];
        assert!(region["startLine"].as_u64().unwrap() >= 1);
    }
    for rule in rules {
        assert!(rule["help"]["text"].as_str().unwrap().len() > 20);
        assert!(rule["properties"]["category"].is_string());
        assert!(
            !rule["properties"]["references"]
                .as_array()
                .unwrap()
                .is_empty()
        );
    }
}

#[test]
fn github_annotations_follow_the_workflow_command_grammar() {
    let re = regex::Regex::new(
        r"^::(error|warning|notice) file=[^,:\n]+,line=\d+(,col=\d+,endLine=\d+,endColumn=\d+)?,title=MED\d{3} [a-z0-9-]+::[^\r\n]+$",
    )
    .unwrap();
    let out = output(&["check", "--format", "github", "fixtures/"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), json_findings_of("fixtures/"));
    for line in lines {
        assert!(re.is_match(line), "{line}");
    }
    // `%`, `:` and `,` are escaped where GitHub requires it.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("a,b:c.md");
    std::fs::write(&p, "Ketamine cures 100% of depression, at last.\n").unwrap();
    let out = output(&["check", "--format", "github", p.to_str().unwrap()]);
    assert!(out.contains("a%2Cb%3Ac.md"), "{out}");
    assert!(!out.contains("100% "), "{out}");
}

fn json_findings_of(path: &str) -> usize {
    let doc: Value = serde_json::from_str(&output(&["check", "--format", "json", path])).unwrap();
    doc["findings"].as_array().unwrap().len()
}

#[test]
fn junit_is_xml_with_a_failure_per_finding() {
    let out = output(&["check", "--format", "junit", "fixtures/"]);
    let doc = roxmltree::Document::parse(&out).expect("JUnit parses as XML");
    let cases: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    let files = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"))
        .unwrap()
        .count();
    assert_eq!(cases.len(), files);
    let failures = doc
        .descendants()
        .filter(|n| n.has_tag_name("failure"))
        .count();
    assert_eq!(failures, json_findings_of("fixtures/"));
}

#[test]
fn jsonl_has_one_finding_per_line() {
    let out = output(&["check", "--format", "jsonl", "fixtures/"]);
    let mut n = 0;
    for line in out.lines() {
        let v: Value = serde_json::from_str(line).expect("every line parses");
        assert!(v["rule"].is_string() && v["fingerprint"].is_string());
        n += 1;
    }
    assert_eq!(n, json_findings_of("fixtures/"));
}

#[test]
fn statistics_in_every_format() {
    let doc: Value = serde_json::from_str(&output(&[
        "check",
        "--format",
        "json",
        "--statistics",
        "fixtures/",
    ]))
    .unwrap();
    let rules = doc["summary"]["statistics"]["rules"].as_array().unwrap();
    let total: u64 = rules.iter().map(|r| r["count"].as_u64().unwrap()).sum();
    assert_eq!(total as usize, doc["findings"].as_array().unwrap().len());
    assert!(
        rules
            .windows(2)
            .all(|w| w[0]["count"].as_u64() >= w[1]["count"].as_u64())
    );
    for key in ["code", "name", "category", "severity", "count"] {
        assert!(!rules[0][key].is_null(), "{key}");
    }
    assert!(doc["summary"]["statistics"]["categories"].is_array());
    let text = output(&["check", "--format", "concise", "--statistics", "fixtures/"]);
    assert!(text.contains("COUNT  CODE"), "{text}");
    // Machine formats stay valid: the table goes to stderr.
    let sarif = output(&["check", "--format", "sarif", "--statistics", "fixtures/"]);
    serde_json::from_str::<Value>(&sarif).unwrap();
}

#[test]
fn html_report_is_self_contained_escaped_and_highlights_every_finding() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.md");
    std::fs::write(
        &page,
        "# Results\n\nKetamine cures depression in 71% of patients.\n\n<script>alert('x')</script>\n\nA <b>bold</b> & \"quoted\" claim: 100% safe.\n",
    )
    .unwrap();
    let out_file = dir.path().join("report.html");
    let status = medlint()
        .args([
            "check",
            "--format",
            "html",
            "--output",
            out_file.to_str().unwrap(),
            page.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(status.status.code(), Some(1));
    assert!(status.stdout.is_empty());
    let html = std::fs::read_to_string(&out_file).unwrap();
    assert!(html.starts_with("<!doctype html>"));
    // Nothing is fetched.
    for needle in ["src=\"http", "href=\"http", "<link", "@import", "url("] {
        assert!(!html.contains(needle), "network reference {needle}");
    }
    // Linted text is escaped: the article's script is shown, never run.
    assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
    assert_eq!(
        html.matches("<script>").count(),
        1,
        "only the report's own script"
    );
    // Every finding with a span is highlighted at its place.
    let doc: Value = serde_json::from_str(&output(&[
        "check",
        "--format",
        "json",
        page.to_str().unwrap(),
    ]))
    .unwrap();
    let findings = doc["findings"].as_array().unwrap();
    for (i, f) in findings.iter().enumerate() {
        if f["span"].is_null() {
            assert!(html.contains(&format!("id=\"f-{i}\"")));
        } else {
            assert!(
                html.contains(&format!("id=\"m-{i}\"")),
                "finding {i} not highlighted"
            );
        }
    }
}

#[test]
fn output_files_match_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("out.json");
    let stdout = output(&["check", "--format", "json", "fixtures/"]);
    medlint()
        .args([
            "check",
            "--format",
            "json",
            "--output",
            file.to_str().unwrap(),
            "fixtures/",
        ])
        .output()
        .unwrap();
    assert_eq!(std::fs::read_to_string(&file).unwrap(), stdout);
    // No temporary file is left behind.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}
