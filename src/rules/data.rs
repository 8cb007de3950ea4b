//! The medical data behind the rules (`rules/data/`): conditions, substances with their
//! approvals per market, how copy promotes a product for a condition, and named word lists that
//! regular expressions can use as `{{name}}`.

use crate::diagnostic::Market;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    pub id: String,
    #[serde(default)]
    pub parent: Option<String>,
    pub names: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SubstanceKind {
    Drug,
    Device,
    Procedure,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Substance {
    pub id: String,
    pub kind: SubstanceKind,
    pub names: Vec<String>,
    #[serde(default)]
    pub approved: Vec<String>,
    #[serde(default)]
    pub approved_us: Vec<String>,
    #[serde(default)]
    pub approved_uk: Vec<String>,
    #[serde(default)]
    pub approved_eu: Vec<String>,
    #[serde(default)]
    pub unapproved: bool,
    #[serde(default)]
    pub prescription_only: bool,
    /// An indirect name of a class of medicines ("weight-loss jab").
    #[serde(default)]
    pub indirect: bool,
    /// What a finding says of its approval (in the US, and wherever no other status is given).
    pub status: String,
    /// Its status in the UK (and in the EU when `status-eu` is absent).
    #[serde(default)]
    pub status_uk: Option<String>,
    #[serde(default)]
    pub status_eu: Option<String>,
}

impl Substance {
    /// What a finding says of its approval in `market`: a page for the UK never hears of
    /// the FDA.
    pub fn status_in(&self, market: Market) -> &str {
        let own = match market {
            Market::Us => None,
            Market::Uk => self.status_uk.as_ref(),
            Market::Eu => self.status_eu.as_ref().or(self.status_uk.as_ref()),
        };
        own.unwrap_or(&self.status)
    }

    /// Condition ids approved in `market`.
    pub fn approved_in(&self, market: Market) -> impl Iterator<Item = &str> {
        let extra = match market {
            Market::Us => &self.approved_us,
            Market::Uk => &self.approved_uk,
            Market::Eu => &self.approved_eu,
        };
        self.approved.iter().chain(extra).map(String::as_str)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConditionsFile {
    condition: Vec<Condition>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SubstancesFile {
    substance: Vec<Substance>,
}

/// How copy links a product to a condition. See `rules/data/promotion.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Promotion {
    pub before: Vec<String>,
    pub blockers: Vec<String>,
    pub after: Vec<String>,
    pub joiners: Vec<String>,
    pub anaphora: Vec<String>,
    pub research: Vec<String>,
    pub disclosures: Vec<String>,
    /// By condition id: words that name the use themselves ("antidepressant effects").
    #[serde(default)]
    pub implied: BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LexiconsFile {
    lexicons: BTreeMap<String, Vec<String>>,
}

/// Everything under `rules/data/` that rules refer to.
#[derive(Debug)]
pub struct MedicalData {
    pub conditions: Vec<Condition>,
    pub substances: Vec<Substance>,
    pub promotion: Promotion,
    lexicons: BTreeMap<String, Vec<String>>,
    parents: HashMap<String, String>,
}

const CONDITIONS: &str = include_str!("../../rules/data/conditions.toml");
const SUBSTANCES: &str = include_str!("../../rules/data/substances.toml");
const PROMOTION: &str = include_str!("../../rules/data/promotion.toml");
const LEXICONS: &str = include_str!("../../rules/data/lexicons.toml");

static BUILTIN: LazyLock<MedicalData> = LazyLock::new(|| {
    MedicalData::parse(CONDITIONS, SUBSTANCES, PROMOTION, LEXICONS)
        .unwrap_or_else(|e| panic!("rules/data is invalid: {e}"))
});

impl MedicalData {
    pub fn builtin() -> &'static MedicalData {
        &BUILTIN
    }

    fn parse(
        conditions: &str,
        substances: &str,
        promotion: &str,
        lexicons: &str,
    ) -> Result<MedicalData, String> {
        let c: ConditionsFile =
            toml::from_str(conditions).map_err(|e| format!("conditions.toml: {e}"))?;
        let s: SubstancesFile =
            toml::from_str(substances).map_err(|e| format!("substances.toml: {e}"))?;
        let p: Promotion = toml::from_str(promotion).map_err(|e| format!("promotion.toml: {e}"))?;
        let l: LexiconsFile =
            toml::from_str(lexicons).map_err(|e| format!("lexicons.toml: {e}"))?;
        let ids: Vec<&str> = c.condition.iter().map(|c| c.id.as_str()).collect();
        for sub in &s.substance {
            for a in sub
                .approved
                .iter()
                .chain(&sub.approved_us)
                .chain(&sub.approved_uk)
                .chain(&sub.approved_eu)
            {
                if !ids.contains(&a.as_str()) {
                    return Err(format!(
                        "substances.toml: {} is approved for unknown condition `{a}`",
                        sub.id
                    ));
                }
            }
        }
        if let Some(id) = p.implied.keys().find(|id| !ids.contains(&id.as_str())) {
            return Err(format!(
                "promotion.toml: `implied` names unknown condition `{id}`"
            ));
        }
        let parents = c
            .condition
            .iter()
            .filter_map(|c| c.parent.clone().map(|p| (c.id.clone(), p)))
            .collect();
        Ok(MedicalData {
            conditions: c.condition,
            substances: s.substance,
            promotion: p,
            lexicons: l.lexicons,
            parents,
        })
    }

    pub fn substance(&self, id: &str) -> Option<&Substance> {
        self.substances.iter().find(|s| s.id == id)
    }

    /// Whether a mention of condition `mentioned` is a use approved for `substance` in
    /// `market`: the condition itself, its parent or one of its children is approved.
    pub fn is_approved(&self, substance: &Substance, mentioned: &str, market: Market) -> bool {
        if substance.unapproved {
            return false;
        }
        substance.approved_in(market).any(|a| {
            a == mentioned
                || self.parents.get(mentioned).is_some_and(|p| p == a)
                || self.parents.get(a).is_some_and(|p| p == mentioned)
        })
    }

    /// The names of a lexicon usable as `{{name}}`.
    pub fn lexicon(&self, name: &str) -> Option<Vec<&str>> {
        match name {
            "condition" => Some(
                self.conditions
                    .iter()
                    .flat_map(|c| c.names.iter().map(String::as_str))
                    .collect(),
            ),
            "substance" => Some(
                self.substances
                    .iter()
                    .flat_map(|s| s.names.iter().map(String::as_str))
                    .collect(),
            ),
            _ => self
                .lexicons
                .get(name)
                .map(|l| l.iter().map(String::as_str).collect()),
        }
    }

    pub fn lexicon_names(&self) -> Vec<String> {
        let mut names = vec!["condition".to_string(), "substance".to_string()];
        names.extend(self.lexicons.keys().cloned());
        names
    }

    /// The pattern with each `{{name}}` replaced by a marker in a group of its own, and the
    /// names of each marker's lexicon (see [`super::expand::skeleton`]).
    pub fn skeleton(&self, pattern: &str) -> Option<Skeleton> {
        super::expand::skeleton(pattern, |name| self.lexicon_owned(name))
            .map(|(source, lexicons)| Skeleton { source, lexicons })
    }

    fn lexicon_owned(&self, name: &str) -> Option<Vec<String>> {
        self.lexicon(name)
            .map(|words| words.iter().map(|w| w.to_string()).collect())
    }

    /// Replaces every `{{name}}` in a pattern by the alternation of that lexicon.
    pub fn expand(&self, pattern: &str) -> Result<String, String> {
        super::expand::expand(pattern, |name| self.lexicon_owned(name)).map_err(|name| {
            format!(
                "unknown lexicon `{{{{{name}}}}}` (known: {})",
                self.lexicon_names().join(", ")
            )
        })
    }
}

/// A pattern with its lexicons left as markers ([`MedicalData::skeleton`]).
#[derive(Debug, Clone)]
pub struct Skeleton {
    pub source: String,
    /// The names of the lexicon behind each marker, in marker order.
    pub lexicons: Vec<Vec<String>>,
}

pub use super::expand::is_acronym;

#[cfg(test)]
mod tests {
    use super::*;

    /// A UK or EU page is told a product's status in its own market, never the FDA's.
    #[test]
    fn every_status_fits_the_uk_and_the_eu() {
        let d = MedicalData::builtin();
        for s in &d.substances {
            assert_eq!(s.status_in(Market::Us), s.status);
            for market in [Market::Uk, Market::Eu] {
                let status = s.status_in(market);
                for us in ["FDA", "REMS", "510(k)", "in the US", "state-licensed"] {
                    assert!(!status.contains(us), "{} in {market}: {status}", s.id);
                }
            }
        }
        let ketamine = d.substance("ketamine").unwrap();
        assert_eq!(
            ketamine.status_in(Market::Eu),
            "ketamine is licensed only as an anaesthetic"
        );
    }

    #[test]
    fn builtin_data_loads_and_resolves() {
        let d = MedicalData::builtin();
        let ketamine = d.substance("ketamine").unwrap();
        assert!(d.is_approved(ketamine, "anesthesia", Market::Us));
        assert!(!d.is_approved(ketamine, "depression", Market::Us));
        let spravato = d.substance("esketamine").unwrap();
        assert!(d.is_approved(spravato, "treatment-resistant-depression", Market::Us));
        assert!(d.is_approved(spravato, "depression", Market::Us));
        assert!(!d.is_approved(spravato, "ptsd", Market::Us));
        let tms = d.substance("tms").unwrap();
        assert!(d.is_approved(tms, "treatment-resistant-depression", Market::Us));
        assert!(!d.is_approved(tms, "bipolar", Market::Us));
        let mounjaro = d.substance("mounjaro").unwrap();
        assert!(!d.is_approved(mounjaro, "obesity", Market::Us));
        assert!(d.is_approved(mounjaro, "obesity", Market::Uk));
        let compounded = d.substance("compounded-glp1").unwrap();
        assert!(!d.is_approved(compounded, "obesity", Market::Us));
    }

    #[test]
    fn a_word_that_names_an_unknown_condition_is_an_error() {
        let bad = PROMOTION.replace("[implied]", "[implied]\nno-such-condition = [\"x\"]");
        assert_ne!(bad, PROMOTION, "promotion.toml has an [implied] table");
        let err = MedicalData::parse(CONDITIONS, SUBSTANCES, &bad, LEXICONS).unwrap_err();
        assert_eq!(
            err,
            "promotion.toml: `implied` names unknown condition `no-such-condition`"
        );
    }

    #[test]
    fn lexicons_expand_into_alternations() {
        let d = MedicalData::builtin();
        let p = d.expand(r"\btreats?\s+{{condition}}\b").unwrap();
        let re = regex::RegexBuilder::new(&p)
            .case_insensitive(true)
            .build()
            .unwrap();
        assert!(re.is_match("it treats generalized anxiety disorder"));
        assert!(re.is_match("it treats Alzheimer’s disease"));
        assert!(re.is_match("it treats ADD"));
        assert!(!re.is_match("it treats add"));
        assert!(
            d.expand("{{nope}}")
                .unwrap_err()
                .contains("unknown lexicon `{{nope}}`")
        );
    }
}
