//! Hostile input, part two: devices, named pipes and link loops named by options; files that
//! option values or the walk cannot read. Each case ends at once with a clear message and the
//! exit code of PRODUCT.md §8, loses nothing it should lint and writes nothing it should not.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

mod common;

/// A claim every case can look for: MED402 at line 1, column 18.
const CLAIM: &str = "Our treatment is 100% safe.\n";

/// Runs `medlint ARGS` in `dir`: (exit code, stdout, stderr). A run that takes longer than
/// 30 seconds has hung, and fails the test.
fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let started = Instant::now();
    let mut cmd = common::medlint_in(dir);
    cmd.args(args).timeout(Duration::from_secs(30));
    let out = common::run(&mut cmd);
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "medlint {args:?} hung"
    );
    out
}

/// A folder with `page.md` holding [`CLAIM`].
fn site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.md");
    fs::write(&page, CLAIM).unwrap();
    (dir, page)
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0, "mkfifo");
}

/// Asserts a run refused an option's file: exit 2, nothing on stdout, the message on stderr.
fn assert_refused((code, out, err): (i32, String, String), message: &str) {
    assert_eq!(code, 2, "{out}{err}");
    assert!(out.is_empty(), "nothing is linted: {out}");
    assert!(err.contains(message), "expected {message:?} in:\n{err}");
}

// Family 3: character devices, named pipes and link loops as the inputs of options.

#[cfg(unix)]
#[test]
fn a_character_device_as_the_configuration_is_refused_unread() {
    let (dir, _) = site();
    for dev in ["/dev/zero", "/dev/urandom"] {
        let r = run_in(dir.path(), &["check", "--config", dev, "page.md"]);
        assert_refused(
            r.clone(),
            &format!("cannot read {dev}: not a regular file (it is a character device)"),
        );
        assert!(
            r.2.contains(&format!("invalid configuration {dev}: nothing was linted")),
            "{}",
            r.2
        );
    }
}

#[cfg(unix)]
#[test]
fn a_character_device_as_the_baseline_is_refused_unread() {
    let (dir, _) = site();
    let r = run_in(dir.path(), &["check", "--baseline", "/dev/zero", "page.md"]);
    assert_refused(
        r,
        "error: cannot read baseline /dev/zero: not a regular file (it is a character device)",
    );
}

#[cfg(unix)]
#[test]
fn named_pipes_with_no_writer_are_refused_without_blocking() {
    let (dir, _) = site();
    let fifo = dir.path().join("pipe.toml");
    mkfifo(&fifo);
    let r = run_in(dir.path(), &["check", "--config", "pipe.toml", "page.md"]);
    assert_refused(
        r,
        "cannot read pipe.toml: not a regular file (it is a named pipe)",
    );
    let r = run_in(dir.path(), &["check", "--baseline", "pipe.toml", "page.md"]);
    assert_refused(
        r,
        "error: cannot read baseline pipe.toml: not a regular file (it is a named pipe)",
    );

    // In a rule folder, and in its classes folder.
    let rules = dir.path().join("rules");
    fs::create_dir_all(rules.join("classes")).unwrap();
    mkfifo(&rules.join("XYZ001-pipe.toml"));
    let r = run_in(dir.path(), &["check", "--rule-dir", "rules", "page.md"]);
    assert_refused(
        r,
        "error: cannot read rule folder rules: rules/XYZ001-pipe.toml: not a regular file (it is a named pipe)",
    );
    fs::remove_file(rules.join("XYZ001-pipe.toml")).unwrap();
    mkfifo(&rules.join("classes").join("words.toml"));
    let r = run_in(dir.path(), &["check", "--rule-dir", "rules", "page.md"]);
    assert_refused(
        r,
        "error: cannot read rule folder rules: rules/classes/words.toml: not a regular file (it is a named pipe)",
    );

    // A pipe as the rule folder itself.
    let r = run_in(dir.path(), &["check", "--rule-dir", "pipe.toml", "page.md"]);
    assert_refused(
        r,
        "error: cannot read rule folder pipe.toml: Not a directory",
    );
}

#[cfg(unix)]
#[test]
fn a_discovered_configuration_that_is_a_pipe_is_an_error_not_a_hang() {
    let (dir, _) = site();
    mkfifo(&dir.path().join("medlint.toml"));
    let r = run_in(dir.path(), &["check", "page.md"]);
    assert_refused(r, "medlint.toml: not a regular file (it is a named pipe)");
    // --isolated still lints.
    let (code, out, err) = run_in(dir.path(), &["check", "--isolated", "page.md"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("page.md:1:18: error[MED402]"), "{out}");
}

#[cfg(unix)]
#[test]
fn a_rule_folder_with_a_symlink_loop_is_an_error() {
    use std::os::unix::fs::symlink;
    let (dir, _) = site();
    let rules = dir.path().join("rules");
    fs::create_dir_all(rules.join("nested")).unwrap();
    // A folder that links back to the rule folder.
    symlink("..", rules.join("nested").join("again")).unwrap();
    let r = run_in(dir.path(), &["check", "--rule-dir", "rules", "page.md"]);
    assert_refused(
        r,
        "error: cannot read rule folder rules: rules/nested/again: a symbolic link loop (it leads back to rules)",
    );

    // Two rule files that link to each other.
    fs::remove_file(rules.join("nested").join("again")).unwrap();
    symlink("b.toml", rules.join("a.toml")).unwrap();
    symlink("a.toml", rules.join("b.toml")).unwrap();
    let r = run_in(dir.path(), &["check", "--rule-dir", "rules", "page.md"]);
    assert_refused(
        r,
        "error: cannot read rule folder rules: rules/a.toml: Too many levels of symbolic links",
    );
}

#[test]
fn a_rule_file_that_is_not_utf8_is_named_with_its_line() {
    let (dir, _) = site();
    let rules = dir.path().join("rules");
    fs::create_dir(&rules).unwrap();
    fs::write(
        rules.join("XYZ001-custom.toml"),
        b"code = \"XYZ001\"\nname = \"caf\xe9\"\n",
    )
    .unwrap();
    let r = run_in(dir.path(), &["check", "--rule-dir", "rules", "page.md"]);
    assert_refused(
        r,
        "error: cannot read rule folder rules: rules/XYZ001-custom.toml: not valid UTF-8 (line 2, column 12)",
    );
    // The same for a configuration file.
    fs::write(dir.path().join("bad.toml"), b"select = [\"MED\xff\"]\n").unwrap();
    let r = run_in(dir.path(), &["check", "--config", "bad.toml", "page.md"]);
    assert_refused(
        r,
        "cannot read bad.toml: not valid UTF-8 (line 1, column 15)",
    );
}

#[test]
fn option_files_over_their_size_limit_are_refused_unread() {
    let (dir, _) = site();
    // Sparse files: nothing is written, nothing may be read.
    let big = dir.path().join("big.toml");
    fs::File::create(&big).unwrap().set_len(17 << 20).unwrap();
    let r = run_in(dir.path(), &["check", "--config", "big.toml", "page.md"]);
    assert_refused(
        r,
        "cannot read big.toml: too large (17825792 bytes; the limit is 16 MiB)",
    );
    let folder = dir.path().join("folder.toml");
    fs::create_dir(&folder).unwrap();
    let r = run_in(dir.path(), &["check", "--config", "folder.toml", "page.md"]);
    assert_refused(
        r,
        "cannot read folder.toml: not a regular file (it is a folder)",
    );
}

#[test]
fn a_file_over_a_gibibyte_is_reported_unread_and_the_run_goes_on() {
    let (dir, _) = site();
    let huge = dir.path().join("huge.md");
    fs::File::create(&huge).unwrap().set_len(5 << 30).unwrap();
    let (code, out, err) = run_in(dir.path(), &["check", "huge.md", "page.md"]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.contains("error: huge.md: too large (5368709120 bytes; the limit is 1 GiB)"),
        "{err}"
    );
    assert_eq!(
        out,
        "page.md:1:18: error[MED402] “100% safe” claims absolute safety\n"
    );
}

// Family 1: UTF-16 (and UTF-32) files with a byte-order mark.

/// `text` in UTF-16 with its byte-order mark.
fn utf16(text: &str, little_endian: bool) -> Vec<u8> {
    let mut out = if little_endian {
        vec![0xFF, 0xFE]
    } else {
        vec![0xFE, 0xFF]
    };
    for unit in text.encode_utf16() {
        out.extend(if little_endian {
            unit.to_le_bytes()
        } else {
            unit.to_be_bytes()
        });
    }
    out
}

/// The byte range of `needle` in `text` encoded as UTF-16 with a byte-order mark.
fn utf16_range(text: &str, needle: &str) -> (u64, u64) {
    let at = text.find(needle).unwrap();
    let before = 2 + 2 * text[..at].encode_utf16().count();
    (
        before as u64,
        (before + 2 * needle.encode_utf16().count()) as u64,
    )
}

/// The findings of `medlint check --format json ARGS` in `dir`, with the run's stderr.
fn json_findings(dir: &Path, args: &[&str]) -> (Vec<serde_json::Value>, String) {
    let mut all = vec!["check", "--format", "json"];
    all.extend(args);
    let (code, out, err) = run_in(dir, &all);
    assert!(code == 0 || code == 1, "{out}{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    (doc["findings"].as_array().unwrap().clone(), err)
}

fn find<'a>(findings: &'a [serde_json::Value], rule: &str) -> &'a serde_json::Value {
    findings
        .iter()
        .find(|f| f["rule"] == rule)
        .unwrap_or_else(|| panic!("no {rule} in {findings:#?}"))
}

#[test]
fn utf16_files_with_a_byte_order_mark_are_decoded_with_file_offsets() {
    let dir = tempfile::tempdir().unwrap();
    // Characters of every width before the claim: ASCII, a curly quote (3 bytes in UTF-8,
    // 2 in UTF-16), an emoji (4 and 4), and CRLF line ends.
    let prose = "Intro “quoted” 😀 line.\r\n\r\nOur treatment is 100% safe.\r\n";
    let html = "<p>Intro “quoted” 😀</p>\r\n<p>Our treatment is 100% safe.</p>\r\n";
    for (name, text, line, column) in [
        ("le.md", prose, 3, 18),
        ("le.txt", prose, 3, 18),
        ("le.html", html, 2, 21),
        ("be.md", prose, 3, 18),
        ("be.txt", prose, 3, 18),
        ("be.html", html, 2, 21),
    ] {
        let le = name.starts_with("le");
        let bytes = utf16(text, le);
        fs::write(dir.path().join(name), &bytes).unwrap();
        let (findings, err) = json_findings(dir.path(), &[name]);
        let f = find(&findings, "MED402");
        assert_eq!(f["text"], "100% safe", "{name}");
        assert_eq!(f["path"], name);
        let (start, end) = utf16_range(text, "100% safe");
        let span = &f["span"];
        assert_eq!(
            (span["start"].as_u64(), span["end"].as_u64()),
            (Some(start), Some(end)),
            "{name}: byte offsets of the file"
        );
        assert_eq!(
            (span["line"].as_u64(), span["column"].as_u64()),
            (Some(line), Some(column))
        );
        let encoding = if le { "UTF-16LE" } else { "UTF-16BE" };
        assert!(
            err.contains(&format!(
                "note: {name}: read as {encoding} (it starts with a byte-order mark)"
            )),
            "{err}"
        );
        // Nothing else of the file was taken for prose: no finding holds a NUL or a BOM.
        assert!(
            findings
                .iter()
                .all(|f| !f["text"].as_str().unwrap().contains(['\0', '\u{FEFF}'])),
            "{findings:#?}"
        );
    }
}

#[test]
fn utf16_front_matter_stdin_and_reports_that_show_the_text() {
    let dir = tempfile::tempdir().unwrap();
    let text =
        "---\ntitle: Our treatment is 100% safe\nlayout: post\n---\nKetamine cures depression.\n";
    fs::write(dir.path().join("front.md"), utf16(text, true)).unwrap();
    let (findings, _) = json_findings(dir.path(), &["front.md"]);
    let safe = find(&findings, "MED402");
    assert_eq!(
        (
            safe["span"]["line"].as_u64(),
            safe["span"]["column"].as_u64()
        ),
        (Some(2), Some(25))
    );
    let cure = find(&findings, "MED401");
    assert_eq!(cure["text"], "cures");
    assert_eq!(
        cure["span"]["start"].as_u64(),
        Some(utf16_range(text, "cures").0)
    );

    // The same bytes on standard input.
    let mut cmd = common::medlint_in(dir.path());
    cmd.args(["check", "--stdin-filename", "in.md", "-"])
        .write_stdin(utf16(text, true))
        .timeout(Duration::from_secs(30));
    let (code, out, err) = common::run(&mut cmd);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("in.md:2:25: error[MED402]"), "{out}");
    assert!(out.contains("in.md:5:10: error[MED401]"), "{out}");
    assert!(err.contains("note: in.md: read as UTF-16LE"), "{err}");

    // The HTML report highlights the claim itself, and SARIF names the encoding.
    let (_, html, _) = run_in(dir.path(), &["check", "--format", "html", "front.md"]);
    assert!(html.contains(">100% safe</mark>"), "{html}");
    assert!(html.contains(">cures</mark>"), "{html}");
    let (_, sarif, _) = run_in(dir.path(), &["check", "--format", "sarif", "front.md"]);
    let sarif: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    assert_eq!(
        sarif["runs"][0]["artifacts"],
        serde_json::json!([{ "location": { "uri": "front.md" }, "encoding": "UTF-16LE" }])
    );
    let (_, full, _) = run_in(dir.path(), &["check", "--format", "full", "front.md"]);
    assert!(full.contains("Ketamine cures depression."), "{full}");
}

#[test]
fn utf32_with_a_byte_order_mark_is_decoded_and_a_utf16_file_of_nul_characters_is_binary() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = vec![0xFF, 0xFE, 0, 0];
    for c in CLAIM.chars() {
        bytes.extend((c as u32).to_le_bytes());
    }
    fs::write(dir.path().join("wide.txt"), &bytes).unwrap();
    let (findings, err) = json_findings(dir.path(), &["wide.txt"]);
    let f = find(&findings, "MED402");
    assert_eq!(
        (f["span"]["start"].as_u64(), f["span"]["end"].as_u64()),
        (Some(4 + 4 * 17), Some(4 + 4 * 26))
    );
    assert!(err.contains("note: wide.txt: read as UTF-32LE"), "{err}");

    let mut nul = utf16("Our treatment is 100% safe.", true);
    nul.extend([0, 0, 0, 0]);
    fs::write(dir.path().join("nul.md"), nul).unwrap();
    let (code, out, err) = run_in(dir.path(), &["check", "nul.md"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        err.contains("note: nul.md: skipped, binary file (NUL bytes in the first 8 KiB)"),
        "{err}"
    );
}

// Family 2: NUL bytes after the first 8 KiB.

#[test]
fn nul_bytes_after_the_first_8_kib_are_text_that_hides_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let filler = format!(
        "<p>{}</p>\n",
        "The clinic is open on weekdays. ".repeat(300)
    );
    assert!(filler.len() > 8192);
    let cases: [(&str, &[u8], &str, &str); 6] = [
        (
            "text",
            b"<p>Our\0 treatment is 100% safe.</p>",
            "MED402",
            "100% safe",
        ),
        (
            "claim",
            b"<p>Our treatment is 100%\0 safe.</p>",
            "MED402",
            "100%\0 safe",
        ),
        (
            "word",
            b"<p>Ketamine cu\0res depression.</p>",
            "MED401",
            "cu\0res",
        ),
        (
            "alt",
            b"<img alt=\"Our treatment\0 is 100% safe.\">",
            "MED402",
            "100% safe",
        ),
        (
            "tag",
            b"<p\0 class=x>Our treatment is 100% safe.</p\0>",
            "MED402",
            "100% safe",
        ),
        (
            "entity",
            b"<p>Our&#0; treatment&\0amp; is 100% safe.</p>",
            "MED402",
            "100% safe",
        ),
    ];
    for (name, tail, rule, expected) in cases {
        let mut bytes = filler.clone().into_bytes();
        bytes.extend_from_slice(tail);
        bytes.extend_from_slice(b"\n<p>Ketamine is not a cure.</p>\n");
        let file = format!("{name}.html");
        fs::write(dir.path().join(&file), &bytes).unwrap();
        let (findings, err) = json_findings(dir.path(), &[&file]);
        assert!(!err.contains("skipped"), "{err}");
        let f = find(&findings, rule);
        assert_eq!(f["text"], expected, "{name}");
        let (start, end) = (
            f["span"]["start"].as_u64().unwrap() as usize,
            f["span"]["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            &bytes[start..end],
            expected.as_bytes(),
            "{name}: the span is the file's"
        );
        assert_eq!(f["span"]["line"].as_u64(), Some(2), "{name}");
        // Every format renders it.
        for format in [
            "full", "concise", "jsonl", "sarif", "github", "junit", "html",
        ] {
            let (code, out, err) = run_in(dir.path(), &["check", "--format", format, &file]);
            assert_eq!(code, 1, "{name} {format}: {out}{err}");
            assert!(!err.contains("panicked"), "{err}");
        }
    }
    // Markdown too.
    let mut md = "The clinic is open on weekdays.\n".repeat(300).into_bytes();
    md.extend_from_slice(b"\nOur treatment is 100%\0 safe.\n");
    fs::write(dir.path().join("nul.md"), &md).unwrap();
    let (findings, _) = json_findings(dir.path(), &["nul.md"]);
    let f = find(&findings, "MED402");
    assert_eq!(f["span"]["line"].as_u64(), Some(302));
    assert_eq!(f["text"], "100%\0 safe");
}

// Family 4: one file named several ways.

#[test]
fn the_same_file_named_several_ways_is_linted_once_under_one_name() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("sub")).unwrap();
    fs::write(dir.path().join("sub").join("a.md"), CLAIM).unwrap();
    fs::write(dir.path().join("b.md"), "Ketamine cures depression.\n").unwrap();
    let abs = dir.path().join("sub").join("a.md");
    let abs = abs.to_str().unwrap();
    let expected = "sub/a.md:1:18: error[MED402] “100% safe” claims absolute safety\n";
    let names = [
        "sub/a.md",
        "./sub/a.md",
        "sub",
        "sub/../sub/a.md",
        abs,
        "./sub/",
    ];
    let mut orders = vec![names.to_vec()];
    orders.push(names.iter().rev().copied().collect());
    orders.push(vec![abs]);
    orders.push(vec!["sub/../sub"]);
    for args in orders {
        let mut all = vec!["check"];
        all.extend(&args);
        let (code, out, err) = run_in(dir.path(), &all);
        assert_eq!(code, 1, "{args:?}: {out}{err}");
        assert_eq!(out, expected, "{args:?}");
        assert!(err.contains("in 1 file."), "{args:?}: {err}");
    }
    // With the folder that holds it, once more, beside another file.
    let (_, out, err) = run_in(dir.path(), &["check", ".", "sub/a.md", abs]);
    assert_eq!(out.matches("sub/a.md:1:18").count(), 1, "{out}");
    assert_eq!(out.matches("b.md:1:10: error[MED401]").count(), 1, "{out}");
    assert!(err.contains("in 2 files."), "{err}");
    // From another folder, a relative and an absolute name are one absolute name.
    let other = tempfile::tempdir().unwrap();
    let rel = format!("{}/sub/a.md", relative_from(other.path(), dir.path()));
    let (_, out, _) = run_in(other.path(), &["check", "--format", "json", &rel, abs]);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["summary"]["files"], 1);
    assert_eq!(doc["findings"][0]["path"], abs);
}

/// `to` as a path relative to `from`, through `..`.
fn relative_from(from: &Path, to: &Path) -> String {
    let ups = from.components().count() - 1;
    format!(
        "{}{}",
        "../".repeat(ups),
        to.display().to_string().trim_start_matches('/')
    )
}

#[cfg(unix)]
#[test]
fn a_file_and_a_symbolic_link_to_it_are_linted_once() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("page.md"), CLAIM).unwrap();
    std::os::unix::fs::symlink("page.md", dir.path().join("alias.md")).unwrap();
    let (code, out, err) = run_in(dir.path(), &["check", "page.md", "alias.md", "."]);
    assert_eq!(code, 1, "{out}{err}");
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(err.contains("in 1 file."), "{err}");
}

// Family 5: file names that are not plain.

#[cfg(unix)]
fn os_name(bytes: &[u8]) -> &std::ffi::OsStr {
    use std::os::unix::ffi::OsStrExt;
    std::ffi::OsStr::from_bytes(bytes)
}

/// The odd names of family 5, each with how one-line formats show it and its SARIF URI.
#[cfg(unix)]
const ODD_NAMES: [(&[u8], &str, &str); 9] = [
    (b"new\nline.md", r#""new\nline.md""#, "new%0Aline.md"),
    (b"cr\rname.md", r#""cr\rname.md""#, "cr%0Dname.md"),
    (b"co:lon.md", "co:lon.md", "co%3Alon.md"),
    (b"ha#sh.md", "ha#sh.md", "ha%23sh.md"),
    (b"que?ry.md", "que?ry.md", "que%3Fry.md"),
    (b"pc%41.md", "pc%41.md", "pc%2541.md"),
    (b"back\\slash.md", r#""back\\slash.md""#, "back%5Cslash.md"),
    (b"bad\xfe.md", r#""bad\xFE.md""#, "bad%FE.md"),
    (b"bad\xff.md", r#""bad\xFF.md""#, "bad%FF.md"),
];

#[cfg(unix)]
fn odd_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, _, _) in ODD_NAMES {
        fs::write(dir.path().join(os_name(name)), CLAIM).unwrap();
    }
    dir
}

#[cfg(unix)]
#[test]
fn odd_file_names_keep_one_finding_per_line_and_never_collide() {
    let dir = odd_site();
    let (code, out, err) = run_in(dir.path(), &["check", "--format", "concise", "."]);
    assert_eq!(code, 1, "{out}{err}");
    let mut expected: Vec<String> = ODD_NAMES
        .iter()
        .map(|(_, shown, _)| {
            format!("{shown}:1:18: error[MED402] “100% safe” claims absolute safety")
        })
        .collect();
    expected.sort();
    assert_eq!(out.lines().collect::<Vec<_>>(), expected);
    assert!(err.contains("in 9 files."), "{err}");

    // Named one by one, the two names that differ in one byte that is not UTF-8 are two files.
    let (_, out, _) = run_in(dir.path(), &["check", "--format", "json", "."]);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let mut paths: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    paths.sort();
    paths.dedup();
    assert_eq!(paths.len(), 9, "{paths:?}");
    assert!(paths.contains(&r#""bad\xFE.md""#) && paths.contains(&r#""bad\xFF.md""#));
}

/// Whether `s` is a relative URI reference whose first segment has no `:` (RFC 3986 §4.2),
/// every other character unreserved, `/` or a percent-encoded byte.
fn is_relative_uri(s: &str) -> bool {
    let first = s.split('/').next().unwrap();
    let mut bytes = s.bytes();
    let mut ok = !first.contains(':');
    while let Some(b) = bytes.next() {
        ok &= match b {
            b'%' => {
                let hex: Vec<u8> = bytes.by_ref().take(2).collect();
                hex.len() == 2 && hex.iter().all(u8::is_ascii_hexdigit)
            }
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => true,
            _ => false,
        };
    }
    ok
}

#[cfg(unix)]
#[test]
fn sarif_uris_of_odd_names_are_percent_encoded_bytes() {
    let dir = odd_site();
    let (_, out, _) = run_in(dir.path(), &["check", "--format", "sarif", "."]);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let mut uris: Vec<String> = doc["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    uris.sort();
    let mut expected: Vec<String> = ODD_NAMES.iter().map(|(_, _, u)| u.to_string()).collect();
    expected.sort();
    assert_eq!(uris, expected);
    assert!(uris.iter().all(|u| is_relative_uri(u)), "{uris:?}");
    // An absolute path is a file URI.
    let abs = dir.path().join(os_name(b"co:lon.md"));
    let elsewhere = tempfile::tempdir().unwrap();
    let (_, out, _) = run_in(
        elsewhere.path(),
        &["check", "--format", "sarif", abs.to_str().unwrap()],
    );
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let uri = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
        ["uri"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(uri, format!("file://{}/co%3Alon.md", dir.path().display()));
}

/// Every line of a GitHub report is one workflow command whose properties hold no `:` or `,`
/// of their own and whose data holds no line break.
fn assert_one_command_per_line(out: &str, commands: usize) {
    assert_eq!(out.lines().count(), commands, "{out}");
    for line in out.lines() {
        // Findings past GitHub's limits are log lines, which must not read as commands.
        let Some(rest) = ["::error ", "::warning ", "::notice "]
            .iter()
            .find_map(|p| line.strip_prefix(p))
        else {
            assert!(!line.starts_with("::"), "{line:?}");
            continue;
        };
        if line.starts_with("::notice title=medlint::") {
            continue;
        }
        let (properties, data) = rest.split_once("::").expect("properties::data");
        for property in properties.split(',') {
            let (key, value) = property.split_once('=').expect("key=value");
            assert!(
                ["file", "line", "col", "endLine", "endColumn", "title"].contains(&key),
                "{line:?}"
            );
            assert!(!value.contains([':', ',', '\r', '\n']), "{line:?}");
        }
        assert!(!data.contains(['\r', '\n']), "{line:?}");
    }
}

#[cfg(unix)]
#[test]
fn github_commands_escape_names_and_content_so_nothing_injects_a_command() {
    let dir = odd_site();
    // A name that tries to close the properties and start a second command.
    let evil = "x.md,line=9::pwned\n::error file=evil.md::injected.md";
    fs::write(dir.path().join(evil), CLAIM).unwrap();
    // Content whose finding message quotes text across a CRLF line break.
    fs::write(
        dir.path().join("lines.md"),
        "Ketamine therapy is 100%\r\nsafe, 50% off\r\n::error file=evil.md::injected\r\n",
    )
    .unwrap();
    let (code, out, err) = run_in(dir.path(), &["check", "--format", "github", "."]);
    assert_eq!(code, 1, "{out}{err}");
    let commands = out.lines().count();
    assert!(commands >= 12, "{out}");
    assert_one_command_per_line(&out, commands);
    // Fewer files than GitHub's limit: every finding is an annotation.
    let named = [evil, "lines.md", "new\nline.md", "pc%41.md", "co:lon.md"];
    let mut args = vec!["check", "--format", "github"];
    args.extend(named);
    let (code, out, err) = run_in(dir.path(), &args);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.lines()
            .all(|l| !l.starts_with("::notice title=medlint")),
        "{out}"
    );
    assert!(
        out.contains("::error file=x.md%2Cline=9%3A%3Apwned%0A%3A%3Aerror file=evil.md%3A%3Ainjected.md,line=1,col=18,"),
        "{out}"
    );
    assert!(out.contains("file=new%0Aline.md,line=1,col=18,"), "{out}");
    assert!(out.contains("file=pc%2541.md,"), "{out}");
    assert!(out.contains("file=co%3Alon.md,"), "{out}");
    // The MED020 message quotes “100%\r\nsafe”.
    assert!(out.contains("“100%25%0D%0Asafe”"), "{out}");
    assert!(!out.contains("\n::error file=evil.md"), "{out}");
}

#[test]
fn concise_messages_that_quote_text_across_lines_stay_on_one_line() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("lines.md"),
        "Ketamine therapy is 100%\r\nsafe.\n",
    )
    .unwrap();
    let (code, out, err) = run_in(dir.path(), &["check", "--format", "concise", "lines.md"]);
    assert_eq!(code, 1, "{out}{err}");
    assert_eq!(
        out,
        "lines.md:1:1: error[MED020] The page presents benefits of a treatment (first at line 1: “100% safe”) but gives no concrete risk information\n\
         lines.md:1:21: error[MED402] “100% safe” claims absolute safety\n"
    );
}

#[cfg(unix)]
#[test]
fn a_baseline_matches_files_with_odd_names() {
    let dir = odd_site();
    let baseline = dir.path().join("baseline.json");
    let b = baseline.to_str().unwrap();
    let (code, _, err) = run_in(dir.path(), &["check", "--write-baseline", b, "."]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("Wrote 9 findings to the baseline"), "{err}");
    let stored: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&baseline).unwrap()).unwrap();
    let paths: Vec<&str> = stored["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert!(paths.contains(&r#""new\nline.md""#), "{paths:?}");
    // From another folder, by absolute path: every finding is in the baseline.
    let elsewhere = tempfile::tempdir().unwrap();
    let (code, out, err) = run_in(
        elsewhere.path(),
        &["check", "--baseline", b, dir.path().to_str().unwrap()],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.is_empty(), "{out}");
    assert!(err.contains("9 findings are in the baseline"), "{err}");
}

// Family 6: closed standard streams.

/// Runs `sh -c SCRIPT` with `$0` the medlint binary, in `dir`: (exit code, stdout, stderr).
#[cfg(unix)]
fn sh_in(dir: &Path, script: &str) -> (i32, String, String) {
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_medlint"))
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[cfg(unix)]
#[test]
fn a_closed_standard_input_given_as_dash_is_an_error_and_the_run_goes_on() {
    let (dir, _) = site();
    let (code, out, err) = sh_in(dir.path(), r#"exec "$0" check - page.md <&-"#);
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.contains("error: cannot read standard input: it is closed"),
        "{err}"
    );
    assert_eq!(
        out,
        "page.md:1:18: error[MED402] “100% safe” claims absolute safety\n"
    );
    assert!(!err.contains("panicked"), "{err}");
    // An empty standard input is not a closed one.
    let (code, out, err) = sh_in(dir.path(), r#"exec "$0" check - </dev/null"#);
    assert_eq!(code, 0, "{out}{err}");
    assert!(err.contains("No findings in 1 file."), "{err}");
}

#[cfg(unix)]
#[test]
fn a_closed_standard_output_is_an_error_unless_the_report_goes_to_a_file() {
    let (dir, _) = site();
    let (code, out, err) = sh_in(dir.path(), r#"exec "$0" check page.md >&-"#);
    assert_eq!(code, 2, "{out}{err}");
    assert_eq!(
        err,
        "error: standard output is closed: there is nowhere to write to (use --output FILE)\n"
    );
    for command in ["rules", "rule MED402", "test-rules"] {
        let (code, _, err) = sh_in(dir.path(), &format!(r#"exec "$0" {command} >&-"#));
        assert_eq!(code, 2, "{command}: {err}");
        assert_eq!(
            err,
            "error: standard output is closed: there is nowhere to write to\n"
        );
    }
    // Nothing was written in the folder.
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    let (code, _, err) = sh_in(
        dir.path(),
        r#"exec "$0" check page.md --output report.txt >&-"#,
    );
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        fs::read_to_string(dir.path().join("report.txt")).unwrap(),
        "page.md:1:18: error[MED402] “100% safe” claims absolute safety\n"
    );
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_standard_output_is_an_error_not_a_panic() {
    let (dir, _) = site();
    for command in [
        "check page.md",
        "check --format json page.md",
        "rules",
        "rules --format json",
        "rule MED402",
        "test-rules",
    ] {
        let (code, _, err) = sh_in(dir.path(), &format!(r#"exec "$0" {command} >/dev/full"#));
        assert_eq!(code, 2, "{command}: {err}");
        assert!(!err.contains("panicked"), "{command}: {err}");
        assert!(err.contains("No space left on device"), "{command}: {err}");
    }
}

#[cfg(unix)]
#[test]
fn a_reader_that_goes_away_ends_the_run_quietly_with_its_own_exit_code() {
    let (dir, _) = site();
    for (args, expected) in [
        (&["rules"][..], 0),
        (&["check", "page.md"][..], 1),
        (&["rule", "MED402"][..], 0),
    ] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_medlint"))
            .args(args)
            .current_dir(dir.path())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(expected), "{args:?}: {err}");
        assert!(
            !err.contains("panicked") && !err.contains("error:"),
            "{args:?}: {err}"
        );
    }
}

// Family 7: the temporary file behind --output.

#[cfg(unix)]
#[test]
fn output_never_follows_a_link_planted_where_the_temporary_file_goes() {
    let (dir, _) = site();
    fs::write(dir.path().join("victim"), "precious\n").unwrap();
    // The shell's process id is medlint's after `exec`: the name a predictable temporary file
    // would have had.
    let (code, out, err) = sh_in(
        dir.path(),
        r#"ln -s victim ".report.txt.$$.tmp" && ln -s victim ".report.txt.tmp" && exec "$0" check page.md --output report.txt"#,
    );
    assert_eq!(code, 1, "{out}{err}");
    assert_eq!(
        fs::read_to_string(dir.path().join("victim")).unwrap(),
        "precious\n"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("report.txt")).unwrap(),
        "page.md:1:18: error[MED402] “100% safe” claims absolute safety\n"
    );
    let mut names: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let links: Vec<&String> = names
        .iter()
        .filter(|n| n.starts_with(".report.txt"))
        .collect();
    assert_eq!(
        links.len(),
        2,
        "the planted links are left alone, nothing else: {names:?}"
    );
    for link in links {
        assert_eq!(
            fs::read_link(dir.path().join(link)).unwrap(),
            Path::new("victim")
        );
    }
    assert_eq!(names.len(), 5, "{names:?}");
}

#[cfg(unix)]
#[test]
fn output_over_a_symbolic_link_replaces_the_link_not_its_target() {
    let (dir, _) = site();
    fs::write(dir.path().join("victim"), "precious\n").unwrap();
    std::os::unix::fs::symlink("victim", dir.path().join("report.txt")).unwrap();
    let (code, out, err) = run_in(dir.path(), &["check", "page.md", "--output", "report.txt"]);
    assert_eq!(code, 1, "{out}{err}");
    assert_eq!(
        fs::read_to_string(dir.path().join("victim")).unwrap(),
        "precious\n"
    );
    assert!(
        !fs::symlink_metadata(dir.path().join("report.txt"))
            .unwrap()
            .is_symlink()
    );
    assert!(
        fs::read_to_string(dir.path().join("report.txt"))
            .unwrap()
            .contains("[MED402]")
    );
}
