//! The behaviours the product contract names explicitly: evidence, negation, code, front
//! matter, and the reference articles beside the repository.

mod common;

use common::{lint_path, lint_str, root};
use medlint::diagnostic::{Category, Finding};

fn of_category(findings: &[Finding], category: Category) -> Vec<&str> {
    findings
        .iter()
        .filter(|f| f.rule.category == category)
        .map(|f| f.text.as_str())
        .collect()
}

#[test]
fn a_statistic_with_a_resolving_citation_is_not_flagged() {
    let cited = [
        "In the trial, 71% of patients responded.[^1]\n\n[^1]: Zarate CA, et al. Arch Gen Psychiatry. 2006;63:856-864.\n",
        "In the trial, 71% of patients responded ([Zarate 2006](https://doi.org/10.1001/archpsyc.63.8.856)).\n",
        "In the trial, 71% of patients responded (Zarate et al., 2006).\n",
        "In the trial, 71% of patients responded [1].\n\n## References\n\n1. Zarate CA, et al. A randomized trial. 2006.\n",
        "In the trial, 71% of patients responded (PMID: 16894061).\n",
    ];
    for text in cited {
        let findings = lint_str("page.md", text);
        assert!(
            of_category(&findings, Category::UncitedStatistic).is_empty(),
            "{text}"
        );
        assert!(
            of_category(&findings, Category::VagueAttribution).is_empty(),
            "{text}"
        );
    }
}

#[test]
fn a_marker_that_resolves_to_nothing_is_flagged() {
    let findings = lint_str(
        "page.md",
        "In the trial, 71% of patients responded [4].\n\n## References\n\n1. Zarate CA, et al. 2006.\n",
    );
    assert_eq!(
        of_category(&findings, Category::UncitedStatistic),
        vec!["71% of patients"]
    );
    assert_eq!(
        of_category(&findings, Category::VagueAttribution),
        vec!["[4]"]
    );
    let findings = lint_str("page.md", "In the trial, 71% of patients responded.[^2]\n");
    assert_eq!(
        of_category(&findings, Category::UncitedStatistic),
        vec!["71% of patients"]
    );
    assert_eq!(
        of_category(&findings, Category::VagueAttribution),
        vec!["[^2]"]
    );
}

#[test]
fn a_weak_source_lowers_severity_but_does_not_clear() {
    let findings = lint_str(
        "page.md",
        "In the trial, 71% of patients responded ([news](https://www.example-news.com/story)).\n",
    );
    let f = findings.iter().find(|f| f.rule.code == "MED101").unwrap();
    assert_eq!(f.severity, medlint::diagnostic::Severity::Warning);
}

#[test]
fn negation_cancels_absolute_language() {
    for text in [
        "Ketamine is not a cure.",
        "No treatment is guaranteed.",
        "There is no cure for depression, and no treatment works for everyone.",
        "This product is not intended to diagnose, treat, cure, or prevent any disease.",
    ] {
        let findings = lint_str("page.md", text);
        assert!(
            of_category(&findings, Category::AbsoluteLanguage).is_empty(),
            "{text}"
        );
    }
    let findings = lint_str("page.md", "Ketamine cures depression.");
    assert_eq!(
        of_category(&findings, Category::AbsoluteLanguage),
        vec!["cures"]
    );
}

#[test]
fn code_is_never_linted() {
    let text = "Our analytics:\n\n```python\nrate = 0.71  # 71% of patients cured\nprint(\"9 out of 10\")\n```\n\n    indented: 50% of users, guaranteed results\n\nUse `100% safe` and `3x faster` as test strings.\n";
    let findings = lint_str("dev.md", text);
    assert!(findings.is_empty(), "{findings:#?}");
}

#[test]
fn front_matter_metadata_is_not_linted_but_copy_is() {
    let text = "---\ntitle: \"Ketamine cures depression\"\nwordCount: 2800\nreadingTime: \"12 min read\"\npublishedAt: \"2026-01-08\"\ncanonicalUrl: \"https://example.org/71-percent-cure\"\nmetaDescription: \"71% of patients respond within hours.\"\n---\n\nBody.\n";
    let findings = lint_str("page.md", text);
    let lines: Vec<usize> = findings
        .iter()
        .filter_map(|f| f.span)
        .map(|s| s.line)
        .collect();
    assert!(lines.contains(&2), "title not linted: {findings:#?}");
    assert!(
        lines.contains(&7),
        "metaDescription not linted: {findings:#?}"
    );
    assert!(lines.iter().all(|l| *l == 2 || *l == 7), "{findings:#?}");
}

fn seed(name: &str) -> Option<std::path::PathBuf> {
    let p = root().join("../shared/seeds").join(name);
    if p.exists() {
        Some(p)
    } else {
        eprintln!("note: {} not found; skipping", p.display());
        None
    }
}

#[test]
fn seed_001_statistics_and_front_matter() {
    let Some(path) = seed("001_c408f4bf26cf84fc.txt") else {
        return;
    };
    let (doc, findings) = lint_path(&path);
    let stat = findings
        .iter()
        .find(|f| {
            f.text
                .starts_with("71% of patients responding to ketamine compared to 0%")
        })
        .expect("the 71% figure is flagged");
    assert_eq!(stat.rule.category, Category::UncitedStatistic);
    // Front-matter metadata produces nothing; its copy fields are linted.
    let fm = doc.front_matter.as_ref().unwrap();
    let line_of = |key: &str| {
        let f = fm.field(key).unwrap();
        doc.lines.line(f.value.start)
    };
    let metadata_lines: Vec<usize> = [
        "wordCount",
        "readingTime",
        "publishedAt",
        "updatedAt",
        "canonicalUrl",
        "slug",
        "ogImage",
    ]
    .iter()
    .map(|k| line_of(k))
    .collect();
    for f in &findings {
        let Some(span) = f.span else { continue };
        assert!(
            !metadata_lines.contains(&span.line),
            "metadata linted: {f:?}"
        );
    }
    for key in ["ogDescription", "metaDescription"] {
        let line = line_of(key);
        assert!(
            findings
                .iter()
                .any(|f| f.span.is_some_and(|s| s.line == line)),
            "{key} (line {line}) produced no finding"
        );
    }
}

#[test]
fn seed_000_statistics() {
    let Some(path) = seed("000_1a95926ec6067a18.txt") else {
        return;
    };
    let (_, findings) = lint_path(&path);
    let stats = of_category(&findings, Category::UncitedStatistic);
    for wanted in [
        "41% of treatment sessions",
        "about 35% of sessions",
        "69% reduction",
        "4.7/5",
    ] {
        assert!(
            stats.iter().any(|s| s.contains(wanted)),
            "{wanted} not flagged: {stats:?}"
        );
    }
    for not_wanted in ["30–45 minutes", "24 hours"] {
        assert!(
            findings.iter().all(|f| !f.text.contains(not_wanted)),
            "{not_wanted} flagged"
        );
    }
}

fn codes(findings: &[Finding]) -> Vec<&str> {
    findings.iter().map(|f| f.rule.code.as_str()).collect()
}

#[test]
fn seed_000_requirements_and_off_label() {
    let Some(path) = seed("000_1a95926ec6067a18.txt") else {
        return;
    };
    let (_, findings) = lint_path(&path);
    let document: Vec<&Finding> = findings.iter().filter(|f| f.span.is_none()).collect();
    let names: Vec<&str> = document.iter().map(|f| f.rule.name.as_str()).collect();
    assert!(
        names.contains(&"missing-medical-advice-disclaimer"),
        "{names:?}"
    );
    assert!(names.contains(&"missing-typicality-statement"), "{names:?}");
    assert!(
        document
            .iter()
            .all(|f| f.rule.category == Category::MissingDisclaimer
                || f.rule.category == Category::MissingRiskInfo)
    );
    let off_label = of_category(&findings, Category::OffLabel);
    assert!(
        off_label
            .iter()
            .any(|t| t.eq_ignore_ascii_case("depression")),
        "{off_label:?}"
    );
}

#[test]
fn seed_001_fair_balance_and_its_disclaimer() {
    let Some(path) = seed("001_c408f4bf26cf84fc.txt") else {
        return;
    };
    let (_, findings) = lint_path(&path);
    let c = codes(&findings);
    assert!(c.contains(&"MED020"), "no missing-risk-info: {c:?}");
    assert!(
        !c.contains(&"MED010"),
        "it has a medical-advice statement: {c:?}"
    );
}

#[test]
fn seed_002_crisis_resource_and_off_label_uses() {
    let Some(path) = seed("002_375053a9d2aedd5d.txt") else {
        return;
    };
    let (_, findings) = lint_path(&path);
    assert!(codes(&findings).contains(&"MED011"));
    let off_label: Vec<String> = of_category(&findings, Category::OffLabel)
        .iter()
        .map(|t| t.to_lowercase())
        .collect();
    for wanted in [
        "generalised anxiety disorder",
        "ptsd",
        "obsessive-compulsive disorder",
    ] {
        assert!(
            off_label.iter().any(|t| t == wanted),
            "{wanted}: {off_label:?}"
        );
    }
    assert!(
        off_label
            .iter()
            .any(|t| t.contains("pain") || t == "fibromyalgia"),
        "no pain use: {off_label:?}"
    );
}
