//! What must hold whatever a configuration, a user's rule file or a baseline holds: reading it
//! never panics, an error renders as a report, and what loads can be used. Shared by the fuzz
//! targets `config`, `rule_file` and `baseline` (`fuzz/fuzz_targets/`) and by
//! `tests/option_files.rs`, which replays the inputs kept in `tests/regressions/<target>/`.

use medlint::baseline::Baseline;
use medlint::config::LoadedConfig;
use medlint::diagnostic::{Market, RuleInfo};
use medlint::engine::Engine;
use medlint::engine::context::Lexicon;
use medlint::rules::{Rule, builtin_rules, examples, load_rule_set};
use medlint::source::Format;
use std::path::Path;
use std::sync::LazyLock;

static BUILTIN: LazyLock<Vec<Rule>> =
    LazyLock::new(|| builtin_rules().expect("built-in rules load"));

/// Copy for the rules that load to lint: a bit of every category.
const PAGE: &str = "---\ntitle: Ketamine cures depression\n---\n# Our clinic\n\n\
    Studies show 71% of patients respond within hours. Our treatment is 100% safe, \
    FDA-approved and better than SSRIs. \"I felt better after one infusion!\" \
    As low as $54 per treatment. Limited spots: don't wait until it's too late.[^1]\n\n\
    [^1]: Zarate et al., 2006. doi:10.1001/archpsyc.63.8.856\n";

/// Renders a diagnostic as `medlint` prints it; rendering must not panic (it may fail, as
/// `print_error` allows for).
pub fn render(e: &dyn miette::Diagnostic) {
    let handler =
        miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
            .with_width(100);
    let mut out = String::new();
    let _ = handler.render_report(&mut out, e);
}

/// A configuration file: it parses and resolves against the built-in rules, or its errors
/// render; the settings it resolves to answer for any path.
pub fn check_config(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let config = match LoadedConfig::parse(Path::new("site/medlint.toml"), text) {
        Ok(c) => c,
        Err(e) => return render(&e),
    };
    let _ = config.rule_dirs();
    let infos: Vec<&RuleInfo> = BUILTIN.iter().map(|r| r.info.as_ref()).collect();
    match config.resolve(&infos) {
        Ok(settings) => {
            for p in ["a.md", "site/docs/b.html", "c.njk", "-", "x/../y.txt"] {
                let p = Path::new(p);
                let _ = settings.format_of(p);
                let _ = settings.walks(p);
                let _ = settings.policy(p);
            }
        }
        Err(e) => render(&e),
    }
}

/// A user's rule file, then (after a `0xFF` byte, which UTF-8 never holds) a class file: they
/// load or their errors render; what loads runs its own examples and lints a page in every
/// format and market with the invariants of `invariants.rs`.
pub fn check_rule_file(data: &[u8]) {
    let (rule, classes) = match data.iter().position(|&b| b == 0xFF) {
        Some(i) => (&data[..i], Some(&data[i + 1..])),
        None => (data, None),
    };
    let Ok(rule) = std::str::from_utf8(rule) else {
        return;
    };
    let classes = match classes.map(std::str::from_utf8) {
        Some(Ok(c)) => vec![("rules/classes/fuzz.toml".to_string(), c.to_string())],
        Some(Err(_)) => return,
        None => Vec::new(),
    };
    let files = [("rules/XYZ001-fuzz.toml".to_string(), rule.to_string())];
    let set = match load_rule_set(false, &files, &classes, true) {
        Ok(set) => set,
        Err(e) => return render(&e),
    };
    let engine = Engine::with_classes(set.rules, Lexicon::builtin(), set.user_classes.as_ref());
    for r in engine.rules() {
        let _ = examples::run_in(r, &engine);
    }
    for format in [Format::Markdown, Format::Html, Format::Text] {
        for market in Market::ALL {
            super::invariants::lint_and_check(&engine, PAGE.as_bytes(), format, market);
        }
    }
}

/// A baseline: it parses or says why not; what parses filters the findings of a page.
pub fn check_baseline(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(mut baseline) = Baseline::parse(Path::new("baseline.json"), text) else {
        return;
    };
    static ENGINE: LazyLock<Engine> =
        LazyLock::new(|| Engine::new(BUILTIN.clone(), Lexicon::builtin()));
    let doc = medlint::source::Document::parse(
        "page.md",
        PAGE.to_string(),
        Format::Markdown,
        &Default::default(),
    );
    let mut findings = ENGINE.lint(&doc, Market::Us);
    let before = findings.len();
    let removed = baseline.filter(&mut findings, ["page.md"]);
    assert_eq!(before - removed, findings.len());
    let _ = baseline.stale();
}
