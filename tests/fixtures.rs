//! Every fixture's exact findings (rule, line, column, span text) are asserted as snapshots,
//! and every finding's span is checked against the source.

mod common;

use common::{fixtures, lint_path, render, seeds};

#[test]
fn fixture_findings() {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| {
        for path in fixtures() {
            let (_, findings) = lint_path(&path);
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            insta::assert_snapshot!(name, render(&findings));
        }
    });
}

/// Independently recomputed 1-based line and character column of a byte offset.
fn position(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, text[line_start..offset].chars().count() + 1)
}

#[test]
fn spans_are_exact_on_fixtures_and_seeds() {
    let files: Vec<_> = fixtures().into_iter().chain(seeds()).collect();
    assert!(files.len() >= 8);
    let mut checked = 0;
    for path in files {
        let (doc, findings) = lint_path(&path);
        for f in findings {
            let Some(s) = f.span else { continue };
            assert!(
                s.start < s.end && s.end <= doc.text.len(),
                "{}: {s:?}",
                path.display()
            );
            assert!(doc.text.is_char_boundary(s.start) && doc.text.is_char_boundary(s.end));
            assert_eq!(
                f.text,
                &doc.text[s.start..s.end],
                "{}: {}",
                path.display(),
                f.rule.code
            );
            assert_eq!(
                (s.line, s.column),
                position(&doc.text, s.start),
                "{}: {f:?}",
                path.display()
            );
            assert_eq!(
                (s.end_line, s.end_column),
                position(&doc.text, s.end),
                "{}: {f:?}",
                path.display()
            );
            checked += 1;
        }
    }
    assert!(checked > 50, "only {checked} spans checked");
}

/// Every prose segment is a real range of the file, and code never is.
#[test]
fn segments_are_source_ranges() {
    for path in fixtures() {
        let (doc, _) = lint_path(&path);
        for seg in &doc.prose.segments {
            assert!(seg.range.end <= doc.text.len());
            assert!(doc.text.is_char_boundary(seg.range.start));
            assert!(doc.text.is_char_boundary(seg.range.end));
        }
    }
}

#[test]
fn neutral_fixtures_stay_quiet() {
    for path in fixtures() {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !name.starts_with("neutral-") {
            continue;
        }
        let (_, findings) = lint_path(&path);
        assert!(
            findings.len() <= 1,
            "{name} is neutral copy but got:\n{}",
            render(&findings)
        );
    }
}
