//! Hostile input, end to end: odd encodings and line endings, huge lines, deep nesting, empty
//! and unreadable files, symlink loops, folders named like files, pathological user rules.
//! Each gives correct findings or a clear message, and the run goes on.

use assert_cmd::Command;
use serde_json::Value;
use std::fs;
use std::path::Path;
use std::time::SystemTime;

fn medlint() -> Command {
    let mut cmd = Command::cargo_bin("medlint").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd.env("NO_COLOR", "1");
    cmd
}

/// Exit code, stdout and stderr of `medlint ARGS`.
fn run(args: &[&str]) -> (i32, String, String) {
    let out = medlint().args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `(rule, text, line, column, end_line, end_column)` of every finding with a span, from
/// `medlint check --format json PATH`.
fn spans(path: &Path) -> Vec<(String, String, u64, u64, u64, u64)> {
    let (_, out, err) = run(&["check", "--format", "json", path.to_str().unwrap()]);
    let doc: Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("not JSON: {e}\n{out}\n{err}"));
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| !f["span"].is_null())
        .map(|f| {
            let s = &f["span"];
            (
                f["rule"].as_str().unwrap().to_string(),
                f["text"].as_str().unwrap().to_string(),
                s["line"].as_u64().unwrap(),
                s["column"].as_u64().unwrap(),
                s["end_line"].as_u64().unwrap(),
                s["end_column"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn finding<'a>(
    all: &'a [(String, String, u64, u64, u64, u64)],
    rule: &str,
) -> &'a (String, String, u64, u64, u64, u64) {
    all.iter()
        .find(|f| f.0 == rule)
        .unwrap_or_else(|| panic!("no {rule} in {all:?}"))
}

#[test]
fn a_byte_order_mark_is_neither_text_nor_a_column() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("bom.md");
    fs::write(&p, "\u{FEFF}Ketamine cures depression.\n").unwrap();
    let all = spans(&p);
    let cure = finding(&all, "MED401");
    assert_eq!((cure.1.as_str(), cure.2, cure.3), ("cures", 1, 10));
    // A BOM before front matter does not hide the front matter.
    let q = dir.path().join("front.md");
    fs::write(
        &q,
        "\u{FEFF}---\r\ntitle: Our treatment is 100% safe\r\nlayout: post\r\n---\r\nHello.\r\n",
    )
    .unwrap();
    let all = spans(&q);
    let safe = finding(&all, "MED402");
    assert_eq!((safe.1.as_str(), safe.2, safe.3), ("100% safe", 2, 25));
    assert!(!all.iter().any(|f| f.1.contains("layout")), "{all:?}");
}

#[test]
fn crlf_line_endings_give_the_same_lines_and_columns() {
    let dir = tempfile::tempdir().unwrap();
    let unix = "Intro line.\n\nOur treatment is 100% safe.\nKetamine cures\ndepression.\n";
    let p = dir.path().join("unix.md");
    let q = dir.path().join("dos.md");
    fs::write(&p, unix).unwrap();
    fs::write(&q, unix.replace('\n', "\r\n")).unwrap();
    let (a, b) = (spans(&p), spans(&q));
    assert_eq!(a, b);
    let safe = finding(&b, "MED402");
    assert_eq!(
        (safe.1.as_str(), safe.2, safe.3, safe.5),
        ("100% safe", 3, 18, 27)
    );
    assert!(b.iter().all(|f| !f.1.contains('\r')), "{b:?}");
}

#[test]
fn invalid_utf8_in_html_keeps_offsets() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("latin1.html");
    let bytes =
        b"<p>Caf\xe9 \xff\xfe &amp; more.</p>\n<p>Our treatment is 100% safe.</p>\n".to_vec();
    fs::write(&p, &bytes).unwrap();
    let all = spans(&p);
    let safe = finding(&all, "MED402");
    assert_eq!((safe.1.as_str(), safe.2, safe.3), ("100% safe", 2, 21));
}

#[test]
fn a_fifty_megabyte_single_line_is_linted_with_correct_columns() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("one-line.txt");
    // 50 MB of prose on one line, no newline, with a claim at the very end.
    let filler = "The clinic is open on weekdays and the parking is free for visitors. ";
    let n = 50_000_000 / filler.len();
    let mut text = filler.repeat(n);
    text.push_str("Our treatment is 100% safe.");
    let column = text.chars().count() as u64 - "100% safe.".len() as u64 + 1;
    fs::write(&p, &text).unwrap();
    let all = spans(&p);
    let safe = finding(&all, "MED402");
    assert_eq!((safe.1.as_str(), safe.2, safe.3), ("100% safe", 1, column));
    assert_eq!(all.iter().filter(|f| f.0 == "MED402").count(), 1);
}

#[test]
fn deeply_nested_lists_quotes_and_elements() {
    let dir = tempfile::tempdir().unwrap();
    let depth = 5_000;
    // Block quotes nested `depth` deep, then a claim in the innermost one.
    let quotes = format!("{} Our treatment is 100% safe.\n", ">".repeat(depth));
    // A list nested `depth` deep (each level indented two more spaces).
    let mut list = String::new();
    for i in 0..depth {
        list.push_str(&" ".repeat(2 * i));
        list.push_str("- item\n");
    }
    list.push_str("\nKetamine cures depression.\n");
    let html = format!(
        "{}<p>Our treatment is 100% safe.</p>{}",
        "<div><ul><li>".repeat(depth),
        "</li></ul></div>".repeat(depth)
    );
    for (name, text, rule, expected) in [
        ("quotes.md", quotes, "MED402", "100% safe"),
        ("list.md", list, "MED401", "cures"),
        ("nested.html", html, "MED402", "100% safe"),
    ] {
        let p = dir.path().join(name);
        fs::write(&p, &text).unwrap();
        let all = spans(&p);
        let f = finding(&all, rule);
        assert_eq!(f.1, expected, "{name}");
        let offset = text.find(expected).unwrap();
        let line = text[..offset].matches('\n').count() as u64 + 1;
        assert_eq!(f.2, line, "{name}");
    }
}

#[test]
fn an_empty_file_has_no_findings() {
    let dir = tempfile::tempdir().unwrap();
    for ext in ["empty.md", "empty.html", "empty.txt"] {
        let q = dir.path().join(ext);
        fs::write(&q, "").unwrap();
        let (code, out, err) = run(&["check", q.to_str().unwrap()]);
        assert_eq!(code, 0, "{out}{err}");
        assert!(out.is_empty(), "{out}");
        assert!(err.contains("No findings in 1 file"), "{err}");
    }
}

/// A file that cannot be read is reported by name and the other files are still linted.
#[cfg(unix)]
#[test]
fn an_unreadable_file_is_reported_and_the_run_goes_on() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let locked = dir.path().join("locked.md");
    fs::write(&locked, "Ketamine cures depression.\n").unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    let other = dir.path().join("other.md");
    fs::write(&other, "Our treatment is 100% safe.\n").unwrap();
    // A dangling symlink cannot be read by anyone, root included.
    let dangling = dir.path().join("dangling.md");
    std::os::unix::fs::symlink(dir.path().join("nowhere.md"), &dangling).unwrap();
    let root_can_read = fs::read(&locked).is_ok();
    let (code, out, err) = run(&[
        "check",
        locked.to_str().unwrap(),
        dangling.to_str().unwrap(),
        other.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(out.contains("other.md:1:18: error[MED402]"), "{out}");
    assert!(err.contains("dangling.md"), "{err}");
    if !root_can_read {
        assert!(
            err.contains("locked.md") && err.contains("ermission"),
            "{err}"
        );
    }
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o644)).unwrap();
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_is_reported_and_the_run_goes_on() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    fs::create_dir(&site).unwrap();
    fs::write(site.join("page.md"), "Our treatment is 100% safe.\n").unwrap();
    // A folder that links back to its parent, and two links that point at each other.
    symlink(&site, site.join("again")).unwrap();
    symlink(site.join("b"), site.join("a")).unwrap();
    symlink(site.join("a"), site.join("b")).unwrap();
    let (code, out, err) = run(&["check", site.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}{err}");
    assert_eq!(out.matches("[MED402]").count(), 1, "{out}");
    let (code, out, err) = run(&[
        "check",
        site.join("a").to_str().unwrap(),
        site.join("page.md").to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("symbolic links"), "{err}");
    assert!(out.contains("page.md:1:18: error[MED402]"), "{out}");
}

#[test]
fn a_folder_named_like_a_file_is_walked() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("article.md");
    fs::create_dir(&folder).unwrap();
    fs::write(folder.join("inner.md"), "Our treatment is 100% safe.\n").unwrap();
    fs::write(folder.join("notes.bin"), "Our treatment is 100% safe.\n").unwrap();
    let (code, out, err) = run(&["check", folder.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("inner.md:1:18: error[MED402]"), "{out}");
    assert!(!out.contains("notes.bin"), "{out}");
}

#[cfg(unix)]
#[test]
fn a_named_pipe_is_refused_rather_than_read() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.md");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    if !made {
        return;
    }
    let other = dir.path().join("other.md");
    fs::write(&other, "Our treatment is 100% safe.\n").unwrap();
    let (code, out, err) = run(&["check", fifo.to_str().unwrap(), other.to_str().unwrap()]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.contains("pipe.md") && err.contains("not a regular file"),
        "{err}"
    );
    assert!(out.contains("other.md:1:18"), "{out}");
}

fn user_rule(dir: &Path, pattern: &str) {
    fs::write(
        dir.join("XYZ001-custom.toml"),
        format!(
            r#"code = "XYZ001"
name = "custom"
category = "absolute-language"
severity = "warning"
message = "custom"
help = "custom"
description = "custom"

[match]
kind = "regex"
patterns = ['{pattern}']
"#
        ),
    )
    .unwrap();
}

#[test]
fn a_huge_user_regex_is_rejected_with_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("rules");
    fs::create_dir(&rules).unwrap();
    user_rule(&rules, r"\w{1000}{1000}");
    let (code, out, err) = run(&[
        "check",
        "--rule-dir",
        rules.to_str().unwrap(),
        "fixtures/ketamine-clinic-landing.md",
    ]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("XYZ001-custom.toml"), "{err}");
    assert!(err.contains("too large"), "{err}");
    assert!(out.is_empty(), "nothing is linted: {out}");
}

#[test]
fn a_pathological_user_regex_runs_in_linear_time() {
    // Nested quantifiers that backtracking engines explode on.
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("rules");
    fs::create_dir(&rules).unwrap();
    user_rule(&rules, r"(?:a+)+(?:a*)*b");
    let p = dir.path().join("aaaa.txt");
    fs::write(&p, "a".repeat(200_000)).unwrap();
    let (code, out, err) = run(&[
        "check",
        "--rule-dir",
        rules.to_str().unwrap(),
        p.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{out}{err}");
    fs::write(&p, format!("{}b", "a".repeat(200_000))).unwrap();
    let (code, out, err) = run(&[
        "check",
        "--rule-dir",
        rules.to_str().unwrap(),
        "--select",
        "XYZ001",
        p.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "a warning does not fail the run: {out}{err}");
    assert!(out.contains("[XYZ001]"), "{out}");
}

/// Modification time and bytes of every file under `dir`.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>, SystemTime)> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        let meta = fs::metadata(&p).unwrap();
        out.push((
            p.display().to_string(),
            fs::read(&p).unwrap(),
            meta.modified().unwrap(),
        ));
    }
    out.sort();
    out
}

#[test]
fn linted_files_are_never_written() {
    let dir = tempfile::tempdir().unwrap();
    for name in [
        "ketamine-clinic-landing.md",
        "harbor-ketamine-landing.html",
        "iv-hydration-faq.txt",
    ] {
        fs::copy(Path::new("fixtures").join(name), dir.path().join(name)).unwrap();
    }
    let before = snapshot(dir.path());
    let d = dir.path().to_str().unwrap();
    for format in [
        "concise", "full", "json", "jsonl", "sarif", "github", "junit", "html",
    ] {
        run(&["check", "--format", format, d]);
    }
    let baseline = tempfile::tempdir().unwrap();
    let b = baseline.path().join("baseline.json");
    run(&["check", "--write-baseline", b.to_str().unwrap(), d]);
    run(&["check", "--baseline", b.to_str().unwrap(), d]);
    assert_eq!(before, snapshot(dir.path()));
}

#[test]
fn output_replaces_the_report_whole_and_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.json");
    fs::write(
        &report,
        "old report that is longer than nothing at all\n".repeat(1000),
    )
    .unwrap();
    let (code, out, err) = run(&[
        "check",
        "--format",
        "json",
        "--output",
        report.to_str().unwrap(),
        "fixtures/ketamine-clinic-landing.md",
    ]);
    assert_eq!(code, 1, "{out}{err}");
    let written = fs::read_to_string(&report).unwrap();
    let doc: Value = serde_json::from_str(&written).expect("the whole new report");
    assert!(doc["summary"]["findings"].as_u64().unwrap() > 0);
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["report.json"]);

    // A report that cannot be written is a clear error, and the old report is untouched.
    let missing = dir.path().join("no-such-folder").join("report.json");
    let (code, _, err) = run(&[
        "check",
        "--output",
        missing.to_str().unwrap(),
        "fixtures/ketamine-clinic-landing.md",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("report.json"), "{err}");
    assert_eq!(fs::read_to_string(&report).unwrap(), written);
}
