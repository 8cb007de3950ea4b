//! Rule selectors: a code (`MED101`), a name (`uncited-statistic`), a category
//! (`absolute-language`), a code prefix (`MED1`) or `ALL`. When a rule matches both a selected
//! and an ignored selector, the more specific one wins (a code beats a prefix beats a category),
//! and on a tie it is ignored.

use crate::diagnostic::{Category, RuleInfo};

/// How specifically `selector` names `rule`, or `None` if it does not.
pub fn specificity(rule: &RuleInfo, selector: &str) -> Option<usize> {
    let s = selector.trim();
    if s.eq_ignore_ascii_case("all") {
        return Some(0);
    }
    if rule.code.eq_ignore_ascii_case(s) || rule.name == s {
        return Some(1000);
    }
    if Category::parse(s) == Some(rule.category) {
        return Some(1);
    }
    let upper = s.to_ascii_uppercase();
    if !upper.is_empty()
        && upper.chars().all(|c| c.is_ascii_alphanumeric())
        && rule.code.starts_with(&upper)
    {
        return Some(1 + upper.len());
    }
    None
}

/// Which rules are on, from `select` (empty: all) and `ignore`.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub select: Vec<String>,
    pub ignore: Vec<String>,
}

impl Selection {
    pub fn is_enabled(&self, rule: &RuleInfo) -> bool {
        let selected = if self.select.is_empty() {
            Some(0)
        } else {
            self.select
                .iter()
                .filter_map(|s| specificity(rule, s))
                .max()
        };
        let Some(selected) = selected else {
            return false;
        };
        match self
            .ignore
            .iter()
            .filter_map(|s| specificity(rule, s))
            .max()
        {
            Some(ignored) => selected > ignored,
            None => true,
        }
    }

    /// Selectors that name no rule at all.
    pub fn unknown<'a>(&'a self, rules: &[&RuleInfo]) -> Vec<&'a str> {
        self.select
            .iter()
            .chain(&self.ignore)
            .filter(|s| {
                let known_category = Category::parse(s.trim()).is_some();
                !known_category && !rules.iter().any(|r| specificity(r, s).is_some())
            })
            .map(String::as_str)
            .collect()
    }
}

/// Splits comma-separated selector arguments.
pub fn split_selectors<S: AsRef<str>>(args: &[S]) -> Vec<String> {
    args.iter()
        .flat_map(|a| a.as_ref().split(','))
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Market, Severity};

    fn rule(code: &str, name: &str, category: Category) -> RuleInfo {
        RuleInfo {
            code: code.into(),
            name: name.into(),
            category,
            severity: Severity::Error,
            markets: Market::ALL.to_vec(),
            frames: crate::diagnostic::Frame::ALL.to_vec(),
            message: String::new(),
            help: String::new(),
            help_for: Vec::new(),
            references: vec![],
            description: String::new(),
            origin: String::new(),
            rewrites: vec![],
        }
    }

    #[test]
    fn selectors_by_code_name_category_prefix() {
        let r = rule("MED101", "uncited-statistic", Category::UncitedStatistic);
        for s in [
            "MED101",
            "med101",
            "uncited-statistic",
            "MED1",
            "MED",
            "ALL",
        ] {
            assert!(specificity(&r, s).is_some(), "{s}");
        }
        for s in ["MED2", "MED1011", "absolute-language", "statistic"] {
            assert!(specificity(&r, s).is_none(), "{s}");
        }
    }

    #[test]
    fn more_specific_wins() {
        let r = rule("MED101", "uncited-statistic", Category::UncitedStatistic);
        let sel = |select: &[&str], ignore: &[&str]| Selection {
            select: select.iter().map(|s| s.to_string()).collect(),
            ignore: ignore.iter().map(|s| s.to_string()).collect(),
        };
        assert!(sel(&[], &[]).is_enabled(&r));
        assert!(!sel(&[], &["MED1"]).is_enabled(&r));
        assert!(sel(&["MED101"], &["MED1"]).is_enabled(&r));
        assert!(!sel(&["MED1"], &["MED101"]).is_enabled(&r));
        assert!(!sel(&["MED2"], &[]).is_enabled(&r));
        assert!(!sel(&["uncited-statistic"], &["MED101"]).is_enabled(&r));
        assert!(!sel(&[], &["uncited-statistic"]).is_enabled(&r));
    }

    #[test]
    fn unknown_selectors_are_reported() {
        let r = rule("MED101", "uncited-statistic", Category::UncitedStatistic);
        let s = Selection {
            select: vec!["MED9".into(), "bogus".into(), "fear-urgency".into()],
            ignore: vec![],
        };
        assert_eq!(s.unknown(&[&r]), vec!["MED9", "bogus"]);
    }

    #[test]
    fn split_commas() {
        assert_eq!(split_selectors(&["a,b", " c "]), vec!["a", "b", "c"]);
    }
}
