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
    let reported = results.iter().filter(|r| r["suppressions"].is_null());
    assert_eq!(reported.count(), json_findings().len());
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
    // Past GitHub's limits a finding is a log line, and the last line says how many were.
    let logged = regex::Regex::new(
        r"^fixtures/[^:\n]+:\d+(:\d+)?: (error|warning|info) MED\d{3} [a-z0-9-]+: [^\r\n]+$",
    )
    .unwrap();
    let out = output(&["check", "--format", "github", "fixtures/"]);
    let mut lines: Vec<&str> = out.lines().collect();
    let note = lines.pop().unwrap();
    assert!(note.starts_with("::notice title=medlint::"), "{note}");
    let annotated = lines.iter().filter(|l| re.is_match(l)).count();
    let held = lines.iter().filter(|l| logged.is_match(l)).count();
    assert_eq!(annotated, 29, "10 errors, 10 warnings, 9 notices");
    assert_eq!(annotated + held, lines.len(), "{out}");
    assert_eq!(lines.len(), json_findings_of("fixtures/"));
    assert!(note.starts_with(&format!("::notice title=medlint::{held} more findings")));
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
    // The document's body is raw text until it is looked at, and the linted page's own
    // `</script>` cannot end it: the only closing tags are the report's three data blocks, the
    // document body and the script.
    assert_eq!(html.matches(r#"<script type="text/html">"#).count(), 1);
    assert_eq!(html.matches("</script>").count(), 4);
    // "How to fix" is written once per rule, in the help table, not once per finding.
    let table_start = html.find(r#"id="medlint-help">"#).expect("the help table");
    let table = &html[table_start..html[table_start..].find("</script>").unwrap() + table_start];
    let help: Vec<String> =
        serde_json::from_str(&table[r#"id="medlint-help">"#.len()..].replace("<\\/", "</"))
            .unwrap();
    assert!(help.iter().all(|h| h.starts_with("<p>")), "{help:?}");
    let mut keys: Vec<&str> = html
        .match_indices(r#"<details data-h=""#)
        .map(|(i, m)| {
            let rest = &html[i + m.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect();
    let findings_with_help = keys.len();
    keys.sort_unstable();
    keys.dedup();
    assert_eq!(keys.len(), help.len(), "each help entry is used");
    assert!(findings_with_help >= help.len());
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

/// A page whose two directives suppress a statistic (with a reason) and a cure claim
/// (without one), with a page-level finding left standing.
const SUPPRESSED: &str = "# Results\n\n<!-- medlint-disable-next-line MED101 -- approved: MLR-2026-114 -->\n71% of patients respond within a week.\n\n<!-- medlint-disable-next-line MED401 -->\nKetamine cures depression.\n";

fn scratch(name: &str, text: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    let path = path.to_str().unwrap().to_string();
    (dir, path)
}

#[test]
fn sarif_carries_suppressed_findings_with_their_justification() {
    let (_dir, page) = scratch("page.md", SUPPRESSED);
    let sarif: Value =
        serde_json::from_str(&output(&["check", "--format", "sarif", &page])).unwrap();
    let run = &sarif["runs"][0];
    let results = run["results"].as_array().unwrap();
    let suppressed: Vec<&Value> = results
        .iter()
        .filter(|r| !r["suppressions"].is_null())
        .collect();
    assert_eq!(suppressed.len(), 2, "{results:#?}");
    let stat = suppressed.iter().find(|r| r["ruleId"] == "MED101").unwrap();
    let s = &stat["suppressions"][0];
    assert_eq!(s["kind"], "inSource");
    assert_eq!(s["status"], "accepted");
    assert_eq!(s["justification"], "approved: MLR-2026-114");
    assert_eq!(s["location"]["physicalLocation"]["region"]["startLine"], 3);
    let region = &stat["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 4);
    assert_eq!(region["snippet"]["text"], "71% of patients");
    // A directive without a reason is still a suppression, with no justification to show.
    let cure = suppressed.iter().find(|r| r["ruleId"] == "MED401").unwrap();
    assert!(cure["suppressions"][0]["justification"].is_null());
    // The suppressed findings' rules are described too, and indexed right.
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    for r in results {
        let i = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[i]["id"], r["ruleId"]);
    }
    // Findings still reported are the ones JSON reports.
    let reported: Vec<&str> = results
        .iter()
        .filter(|r| r["suppressions"].is_null())
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    assert!(!reported.contains(&"MED101") && !reported.contains(&"MED401"));
    assert_eq!(reported.len(), json_findings_of(&page));
}

#[test]
fn sarif_rules_have_a_help_uri_and_a_one_sentence_description() {
    // Every built-in rule, by way of the rules listing's SARIF-shaped descriptors.
    let (_dir, page) = scratch(
        "page.md",
        "# Ketamine\n\nKetamine cures depression in 71% of patients. Studies show it is 100% safe. Are you depressed? Call now: limited spots! I lost 40 lbs.\n",
    );
    let sarif: Value =
        serde_json::from_str(&output(&["check", "--format", "sarif", &page])).unwrap();
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert!(rules.len() >= 6, "{rules:#?}");
    for rule in rules {
        let id = rule["id"].as_str().unwrap();
        let short = rule["shortDescription"]["text"].as_str().unwrap();
        assert!(
            short.ends_with('.') && !short.contains(". "),
            "{id}: {short}"
        );
        assert!(!short.starts_with("A document-level"), "{id}: {short}");
        assert!(short.len() < 200, "{id}: {short}");
        let uri = rule["helpUri"].as_str().unwrap_or_else(|| panic!("{id}"));
        assert!(uri.starts_with("https://"), "{id}: {uri}");
    }
    let risk = rules.iter().find(|r| r["id"] == "MED020").unwrap();
    assert_eq!(
        risk["shortDescription"]["text"],
        "When a page about a drug, device or procedure presents benefits it must carry concrete risk information."
    );
    let stat = rules.iter().find(|r| r["id"] == "MED101").unwrap();
    assert_eq!(
        stat["shortDescription"]["text"],
        "Flags figures about efficacy, safety, prevalence, satisfaction or outcomes that have no verifiable source in the same sentence."
    );
}

#[test]
fn json_lists_suppressed_findings_whole_with_their_reasons() {
    let (_dir, page) = scratch("page.md", SUPPRESSED);
    let doc: Value = serde_json::from_str(&output(&[
        "check",
        "--format",
        "json",
        "--show-suppressed",
        &page,
    ]))
    .unwrap();
    let list = doc["suppressions"].as_array().unwrap();
    assert_eq!(list.len(), 2);
    let s = &list[0];
    assert_eq!(s["rule"], "MED101");
    assert_eq!(s["line"], 4);
    assert_eq!(s["span"]["line"], 4);
    assert_eq!(s["text"], "71% of patients");
    assert_eq!(s["severity"], "error");
    assert!(s["message"].as_str().unwrap().contains("71% of patients"));
    assert!(s["fingerprint"].as_str().unwrap().len() == 16);
    assert_eq!(s["reason"], "approved: MLR-2026-114");
    assert_eq!(s["directive_line"], 3);
    assert_eq!(list[1]["rule"], "MED401");
    assert!(list[1]["reason"].is_null());
    // Without the flag the document keeps the shape PRODUCT.md fixes.
    let doc: Value = serde_json::from_str(&output(&["check", "--format", "json", &page])).unwrap();
    assert!(doc.get("suppressions").is_none());
    assert_eq!(doc["summary"]["suppressed"], 2);
}

#[test]
fn github_annotations_stop_at_the_limits_and_the_step_summary_has_the_totals() {
    let mut text = String::from("# Offers\n\n");
    for _ in 0..14 {
        text.push_str("Ketamine is 100% safe. Studies show it works.\n\n");
    }
    text.push_str(SUPPRESSED);
    let (dir, page) = scratch("page.md", &text);
    let summary = dir.path().join("summary.md");
    std::fs::write(&summary, "## An earlier step\n\n").unwrap();
    let out = medlint()
        .env("GITHUB_STEP_SUMMARY", &summary)
        .args(["check", "--format", "github", &page])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let out = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    let count = |prefix: &str| lines.iter().filter(|l| l.starts_with(prefix)).count();
    assert_eq!(count("::error "), 10, "{out}");
    assert_eq!(count("::warning "), 10, "{out}");
    // Nothing is dropped: the rest are log lines, and a notice says how many.
    let total = json_findings_of(&page);
    let logged = lines
        .iter()
        .filter(|l| l.starts_with(page.as_str()))
        .count();
    assert_eq!(logged, total - 20, "{out}");
    let last = lines.last().unwrap();
    assert_eq!(
        *last,
        format!(
            "::notice title=medlint::{} more findings are in the log above but not annotated: GitHub shows 10 annotations of each kind per step. The job summary counts them all.",
            total - 20
        )
    );
    assert!(
        lines.contains(&format!("{page}:5:10: error MED402 absolute-safety: “100% safe” claims absolute safety — Give the real safety picture instead: the common side effects, who should not use the product, and how often problems occur.").as_str())
            || lines.iter().any(|l| l.starts_with(&format!("{page}:")) && l.contains(" error MED402 absolute-safety: “100% safe”")),
        "{out}"
    );
    // The summary is appended to what earlier steps wrote.
    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(
        md.starts_with("## An earlier step\n\n## medlint\n\n"),
        "{md}"
    );
    assert!(
        md.contains("| Errors | Warnings | Infos | Files | Suppressed |"),
        "{md}"
    );
    assert!(md.contains("| MED402 | absolute-safety | 14 |"), "{md}");
    assert!(
        md.contains("| MED201 | evidence-claim-without-source | 14 |"),
        "{md}"
    );
    assert!(
        md.contains("| MED101 uncited-statistic | approved: MLR-2026-114 |"),
        "{md}"
    );
    assert!(
        md.contains("| MED401 cure-claim | (no reason given) |"),
        "{md}"
    );
    // Without GitHub's variable nothing but standard output is written.
    let out = output(&["check", "--format", "github", &page]);
    assert!(!out.contains("The job summary"), "{out}");
}

#[test]
fn mdx_comments_carry_directives_and_are_never_read_as_copy() {
    let page = "# Results\n\n{/* medlint-disable-next-line MED101 -- approved: MLR-2026-114 */}\n71% of patients respond within a week.\n\n{/* draft: say it is 100% guaranteed? */}\nKetamine cures depression.\n\n{/* medlint-disable-next-line MED4O1 -- approved: MLR-9 */}\nOur drip cures colds.\n\n```mdx\n{/* medlint-disable-file -- approved: MLR-1 */}\n```\n\nUse `{/* medlint-disable-file */}` to approve a page.\n";
    let (_dir, path) = scratch("page.mdx", page);
    let doc: Value = serde_json::from_str(&output(&[
        "check",
        "--isolated",
        "--format",
        "json",
        "--show-suppressed",
        &path,
    ]))
    .unwrap();
    let list = doc["suppressions"].as_array().unwrap();
    assert_eq!(list.len(), 1, "{doc:#}");
    assert_eq!(list[0]["rule"], "MED101");
    assert_eq!(list[0]["line"], 4);
    assert_eq!(list[0]["reason"], "approved: MLR-2026-114");
    assert_eq!(list[0]["directive_line"], 3);
    let findings = doc["findings"].as_array().unwrap();
    let at = |rule: &str| -> Vec<(u64, String)> {
        findings
            .iter()
            .filter(|f| f["rule"] == rule)
            .map(|f| {
                (
                    f["span"]["line"].as_u64().unwrap(),
                    f["text"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    // The comment's words are not copy: nothing fires on line 6.
    assert!(findings.iter().all(|f| f["span"]["line"] != 6), "{doc:#}");
    assert_eq!(at("MED401").len(), 2, "{doc:#}");
    assert!(at("MED401").iter().any(|(l, _)| *l == 7));
    // The misspelt code suppressed nothing and is reported where it is written.
    assert!(at("MED401").iter().any(|(l, _)| *l == 10));
    let bad = at("MED002");
    assert_eq!(bad.len(), 1, "{doc:#}");
    assert_eq!(bad[0].0, 9);
    assert!(
        bad[0].1.starts_with("medlint-disable-next-line MED4O1"),
        "{bad:?}"
    );
    assert!(!bad[0].1.contains("*/"), "{bad:?}");
}

#[test]
fn statistics_only_prints_the_tables_alone_and_still_gates() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..22 {
        // File i has i + 1 uncited statistics (one per line), so the order is known.
        let text: String = (0..=i)
            .map(|n| format!("{}% of patients respond within a week.\n\n", 50 + n))
            .collect();
        std::fs::write(dir.path().join(format!("p{i:02}.md")), text).unwrap();
    }
    let path = dir.path().to_str().unwrap();
    let out = medlint()
        .args([
            "check",
            "--isolated",
            "--statistics-only",
            "--select",
            "MED101",
            path,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains("error[MED101]"), "{text}");
    assert!(!text.contains("% of patients"), "{text}");
    let total: usize = (1..=22).sum();
    assert!(
        text.contains(&format!("{total:>6}  MED101   uncited-statistic")),
        "{text}"
    );
    assert!(
        text.contains(&format!("{total:>6}  uncited-statistic")),
        "{text}"
    );
    let p21 = dir.path().join("p21.md");
    assert!(
        text.contains(&format!(
            "    22      22         0      0  {}",
            p21.display()
        )),
        "{text}"
    );
    // Twenty files are listed; the two with the fewest findings are summed in one line.
    assert!(!text.contains("p01.md"), "{text}");
    assert!(text.contains("     3  in 2 more files"), "{text}");
    // JSON lists every file.
    let doc: Value = serde_json::from_str(&output(&[
        "check",
        "--isolated",
        "--format",
        "json",
        "--statistics",
        "--select",
        "MED101",
        path,
    ]))
    .unwrap();
    let files = doc["summary"]["statistics"]["files"].as_array().unwrap();
    assert_eq!(files.len(), 22);
    assert_eq!(files[0]["count"], 22);
    assert_eq!(files[0]["errors"], 22);
    assert_eq!(files[21]["count"], 1);
    // A machine format cannot be "tables alone".
    let bad = medlint()
        .args(["check", "--statistics-only", "--format", "sarif", path])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("use --statistics"));
}

#[test]
fn html_report_names_each_page_by_its_title() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("titled.md"),
        "---\ntitle: \"Calm <care> at home\"\n---\n\nOur drops are 100% safe.\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("plain.txt"), "Our drops are 100% safe.\n").unwrap();
    let out = medlint()
        .current_dir(dir.path())
        .args(["check", "--format", "html", "titled.md", "plain.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let html = String::from_utf8(out.stdout).unwrap();
    // Under the document's heading, escaped, and as the tooltip of its link in the sidebar.
    assert_eq!(
        html.matches(r#"<span class="doc-title">Calm &lt;care&gt; at home</span>"#)
            .count(),
        1
    );
    assert!(html.contains(r##"<a href="#doc-1" title="Calm &lt;care&gt; at home">titled.md</a>"##));
    // A page with no title gets neither.
    assert_eq!(html.matches(r#"class="doc-title""#).count(), 1);
    assert!(html.contains(r##"<a href="#doc-0">plain.txt</a>"##));
}
