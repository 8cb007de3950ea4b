//! Help fitted to the page: a finding's advice names only the substance, condition and market
//! the page is about (`help-for` variants, `{substance}` and `{condition}` filled in), and a
//! prescription medicine advertised on a UK page is one finding per medicine.

mod common;

use common::{medlint_in, run};
use medlint::diagnostic::Market;
use medlint::rules::builtin_rules;
use medlint::rules::data::MedicalData;
use serde_json::Value;
use std::path::Path;

/// Every finding of `medlint check --format json` on `text`, as (rule, text, line, message, help).
fn findings(
    dir: &Path,
    name: &str,
    text: &str,
    args: &[&str],
) -> Vec<(String, String, u64, String, String)> {
    std::fs::write(dir.join(name), text).unwrap();
    let mut cmd = medlint_in(dir);
    cmd.args(["check", "--format", "json", "--isolated"])
        .args(args)
        .arg(name);
    let (code, stdout, stderr) = run(&mut cmd);
    assert!(code == 0 || code == 1, "exit {code}: {stderr}");
    let doc: Value = serde_json::from_str(&stdout).unwrap();
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["text"].as_str().unwrap().to_string(),
                f["span"]["line"].as_u64().unwrap_or(0),
                f["message"].as_str().unwrap().to_string(),
                f["help"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn help_of<'a>(all: &'a [(String, String, u64, String, String)], rule: &str) -> &'a str {
    &all.iter()
        .find(|f| f.0 == rule)
        .unwrap_or_else(|| panic!("{rule} fires: {all:#?}"))
        .4
}

/// The names of every substance in the medical data that occur, whole-word, in `text`.
fn substances_named(text: &str) -> Vec<String> {
    let lower = text.to_lowercase();
    let mut out = Vec::new();
    for s in &MedicalData::builtin().substances {
        for name in &s.names {
            let n = name.to_lowercase();
            let whole = lower.match_indices(&n).any(|(i, _)| {
                let before = lower[..i].chars().next_back();
                let after = lower[i + n.len()..].chars().next();
                !before.is_some_and(char::is_alphanumeric)
                    && !after.is_some_and(char::is_alphanumeric)
            });
            if whole {
                out.push(name.clone());
            }
        }
    }
    out
}

const KETAMINE_PAGE: &str = "\
# Ketamine for depression

Ketamine infusions treat depression when nothing else has worked.

In our clinic, 71% of patients improved after one infusion.

Ketamine repairs damaged brain circuits.
";

const NAD_PAGE: &str = "\
# NAD+ drips

Our NAD+ drip repairs damaged brain circuits.

In our clinic, 71% of clients felt more energy after one drip.

NAD+ therapy works fast, with results in 24 hours.
";

#[test]
fn a_ketamine_page_gets_the_ketamine_advice_with_its_own_condition() {
    let dir = tempfile::tempdir().unwrap();
    let all = findings(dir.path(), "ketamine.md", KETAMINE_PAGE, &[]);
    let off_label = help_of(&all, "MED801");
    assert!(
        off_label.contains(
            "“Ketamine is FDA-approved as an anesthetic. Its use for depression is off-label"
        ),
        "{off_label}"
    );
    let statistic = help_of(&all, "MED101");
    assert!(statistic.contains("Zarate et al., 2006"), "{statistic}");
    let mechanism = help_of(&all, "MED302");
    assert!(
        mechanism.contains("In animal studies, ketamine increased"),
        "{mechanism}"
    );
}

#[test]
fn an_nad_page_hears_of_no_substance_it_does_not_name() {
    let dir = tempfile::tempdir().unwrap();
    let all = findings(dir.path(), "nad.md", NAD_PAGE, &[]);
    for rule in ["MED101", "MED302", "MED303"] {
        assert!(all.iter().any(|f| f.0 == rule), "{rule} fires: {all:#?}");
    }
    for (rule, _, _, _, help) in &all {
        assert_eq!(
            substances_named(help),
            Vec::<String>::new(),
            "{rule}: {help}"
        );
        for trial in ["Zarate", "Li et al", "Williams et al", "Wilding", "Anand"] {
            assert!(!help.contains(trial), "{rule}: {help}");
        }
        assert!(
            !help.contains('{'),
            "a placeholder left unfilled in {rule}: {help}"
        );
    }
    // The generic help is filled with neutral words where the page names no known product.
    let mechanism = help_of(&all, "MED302");
    assert!(
        mechanism.contains("In animal studies, the treatment [had the effect]"),
        "{mechanism}"
    );
}

const UK_PAGE: &str = "\
# Weight loss in Leeds

Mounjaro is now available at our Leeds clinic.

Ask about Mounjaro pricing. We also stock Wegovy.

Our prescribers review every Mounjaro order.

Mounjaro doses are titrated monthly.
";

#[test]
fn a_uk_page_gets_one_finding_per_medicine_and_no_word_of_the_fda() {
    let dir = tempfile::tempdir().unwrap();
    let all = findings(dir.path(), "uk.md", UK_PAGE, &["--market", "uk"]);
    let pom: Vec<_> = all.iter().filter(|f| f.0 == "MED810").collect();
    assert_eq!(
        pom.iter().map(|f| (f.1.as_str(), f.2)).collect::<Vec<_>>(),
        [("Mounjaro", 3), ("Wegovy", 5)],
        "{all:#?}"
    );
    assert_eq!(
        pom[0].3,
        "“Mounjaro” advertises a prescription-only medicine to the public \
         (named in 4 places on this page; also on lines 5, 7 and 9)"
    );
    assert_eq!(
        pom[1].3,
        "“Wegovy” advertises a prescription-only medicine to the public"
    );
    assert!(
        pom[0]
            .4
            .contains("whether weight-loss treatment is suitable"),
        "{}",
        pom[0].4
    );
    for (rule, _, _, message, help) in &all {
        for us in ["FDA", "988", " US "] {
            assert!(!message.contains(us), "{rule}: {message}");
            assert!(!help.contains(us), "{rule}: {help}");
        }
    }
}

#[test]
fn the_same_page_for_the_us_is_told_about_the_fda() {
    let dir = tempfile::tempdir().unwrap();
    let page = "Ketamine infusions treat depression. It is guaranteed to work.\n";
    let us = findings(dir.path(), "page.md", page, &["--market", "us"]);
    assert!(
        us.iter().any(|f| f.0 == "MED801" && f.4.contains("FDA")),
        "{us:#?}"
    );
    let uk = findings(dir.path(), "page.md", page, &["--market", "uk"]);
    let off_label = help_of(&uk, "MED801");
    assert!(
        off_label.starts_with("Promote the consultation, not the medicine"),
        "{off_label}"
    );
    assert!(
        off_label.contains("its use for depression is outside its licence"),
        "{off_label}"
    );
    assert!(
        uk.iter()
            .all(|f| !f.3.contains("FDA") && !f.4.contains("FDA")),
        "{uk:#?}"
    );
}

/// No built-in rule's generic help names a product, and none tells a UK or EU page about the
/// FDA, whatever substance the page is about.
#[test]
fn builtin_help_is_generic_and_fits_every_market() {
    let data = MedicalData::builtin();
    let mut ids: Vec<Option<&str>> = data
        .substances
        .iter()
        .map(|s| Some(s.id.as_str()))
        .collect();
    ids.push(None);
    for rule in builtin_rules().unwrap() {
        let info = &rule.info;
        // MED803 is about one medicine's conditions of use, and says so.
        if info.code != "MED803" {
            assert_eq!(
                substances_named(&info.help),
                Vec::<String>::new(),
                "{}: {}",
                info.code,
                info.help
            );
        }
        for market in [Market::Uk, Market::Eu] {
            if !info.markets.contains(&market) {
                continue;
            }
            for id in &ids {
                let help = info.help_variant(*id, market);
                for us in ["FDA", "Food and Drug", "988", "REMS", "in the US"] {
                    assert!(
                        !help.contains(us),
                        "{} for {id:?} in {market}: {help}",
                        info.code
                    );
                }
            }
        }
        for market in Market::ALL {
            for id in &ids {
                let help = info.help_variant(*id, market);
                let rest = help.replace("{substance}", "").replace("{condition}", "");
                assert!(
                    !rest.contains('{'),
                    "{}: unknown placeholder in {help}",
                    info.code
                );
            }
        }
    }
}

#[test]
fn medlint_rule_shows_the_help_and_its_variants_without_placeholders() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = medlint_in(dir.path());
    cmd.args(["rule", "MED801"]);
    let (code, stdout, _) = run(&mut cmd);
    assert_eq!(code, 0);
    assert!(stdout.contains("## How to fix"), "{stdout}");
    assert!(
        stdout.contains("“The approved uses of the treatment are"),
        "{stdout}"
    );
    assert!(stdout.contains("On a page about ketamine: "), "{stdout}");
    assert!(
        stdout.contains("On a page for the UK or EU market: "),
        "{stdout}"
    );
    assert!(
        !stdout.contains("{substance}") && !stdout.contains("{condition}"),
        "{stdout}"
    );
}

#[test]
fn a_help_variant_for_an_unknown_substance_is_a_rule_file_error() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("rules");
    std::fs::create_dir(&rules).unwrap();
    let base =
        std::fs::read_to_string(common::root().join("rules/core/MED405-hype-claim.toml")).unwrap();
    let broken = base
        .replacen("code = \"MED405\"", "code = \"ACME405\"", 1)
        .replacen(
            "\n[match]",
            "\n[help-for]\n\"ketamine,ketamene\" = \"Say what {substance} does.\"\n\n[match]",
            1,
        );
    let broken = broken.replacen("name = \"hype-claim\"", "name = \"acme-hype\"", 1);
    std::fs::write(rules.join("ACME405.toml"), broken).unwrap();
    let mut cmd = medlint_in(dir.path());
    cmd.args(["test-rules", "rules"]);
    let (code, _, stderr) = run(&mut cmd);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("`ketamene` names no substance or market"),
        "{stderr}"
    );
}
