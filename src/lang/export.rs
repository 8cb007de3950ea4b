//! A token pattern written as a regular expression that matches (at least) the same text, for
//! other tools: `medlint rules --patterns` gives ripgrep the same list medlint searches for.
//!
//! The export is a superset: words become the alternation of their forms, classes the
//! alternation of their members, gaps runs of words; marks, negated tests and sentence
//! bounds are dropped.

use super::Lang;
use super::classes::ClassSet;
use super::pattern::{Item, Kind, Node, Pattern, Word, WordMode};
use super::vocab::WordId;
use std::collections::HashMap;

/// Escapes the characters that are syntax in a regular expression.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\.+*?()|[]{}^$#&-~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Exports patterns against one compiled language.
pub struct RegexExport<'l> {
    classes: &'l ClassSet,
    forms: HashMap<WordId, Vec<String>>,
    ids: HashMap<&'l Word, WordId>,
}

const BETWEEN: &str = r"[\s-]*";

impl<'l> RegexExport<'l> {
    /// An exporter for patterns compiled in `lang` against `classes`.
    pub fn new(lang: &'l Lang, classes: &'l ClassSet) -> RegexExport<'l> {
        RegexExport {
            classes,
            forms: lang.vocab.forms_by_word(),
            ids: lang
                .vocab
                .words()
                .iter()
                .enumerate()
                .map(|(i, w)| (w, i as WordId))
                .collect(),
        }
    }

    /// The regular expression for a pattern (no word boundaries: a superset, for searching).
    pub fn regex(&self, pattern: &Pattern) -> String {
        self.node(&pattern.root)
    }

    fn word(&self, w: &Word) -> String {
        match w.mode {
            WordMode::Prefix => format!(r"{}\w*", escape(&w.text)),
            WordMode::Derived => {
                let stem = super::morph::Morphology::builtin().stem(&w.text);
                format!(r"{}\w*", escape(&stem))
            }
            WordMode::Case => format!("(?-i:{}s?)", escape(&w.text)),
            WordMode::Inflected | WordMode::Exact => {
                let mut forms: Vec<String> = self
                    .ids
                    .get(w)
                    .and_then(|id| self.forms.get(id))
                    .cloned()
                    .unwrap_or_else(|| vec![w.text.clone()]);
                forms.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
                forms.dedup();
                let alts: Vec<String> = forms.iter().map(|f| escape(f)).collect();
                if alts.len() == 1 {
                    alts[0].clone()
                } else {
                    format!("(?:{})", alts.join("|"))
                }
            }
        }
    }

    fn class(&self, name: &str, seen: &mut Vec<String>) -> Vec<String> {
        if seen.iter().any(|s| s == name) {
            return Vec::new();
        }
        seen.push(name.to_string());
        let Some(class) = self.classes.get(name) else {
            return Vec::new();
        };
        let mut out: Vec<String> = class
            .entries
            .iter()
            .map(|entry| {
                let words: Vec<String> = entry.iter().map(|w| self.word(w)).collect();
                words.join(BETWEEN)
            })
            .collect();
        for inc in &class.include {
            out.extend(self.class(inc, seen));
        }
        out
    }

    fn node(&self, n: &Node) -> String {
        match &n.item {
            Item::Seq(v) => {
                let parts: Vec<String> = v
                    .iter()
                    .map(|x| self.node(x))
                    .filter(|s| !s.is_empty())
                    .collect();
                parts.join(BETWEEN)
            }
            Item::Alt(v) => {
                let parts: Vec<String> = v.iter().map(|x| self.node(x)).collect();
                format!("(?:{})", parts.join("|"))
            }
            Item::Repeat { node, min, max } => {
                let inner = self.node(node);
                format!("(?:{inner}{BETWEEN}){{{min},{max}}}")
            }
            Item::Mark(inner) => self.node(inner),
            Item::Word(w) => self.word(w),
            Item::Class(name) => {
                let mut alts = self.class(name, &mut Vec::new());
                alts.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
                alts.dedup();
                format!("(?:{})", alts.join("|"))
            }
            Item::Kind(k) => match k {
                Kind::Num => r"(?:\d[\d,.]*|[½⅓⅔¼¾]|one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|hundred|thousand|million)".into(),
                Kind::Digits => r"\d[\d,.]*".into(),
                Kind::Word => r"\w+".into(),
                Kind::Cap => r"(?-i:[A-Z])\w*".into(),
                Kind::Caps => r"(?-i:[A-Z]{2,})".into(),
            },
            Item::Any | Item::Not(_) => r"\w+".into(),
            Item::ClauseToken => r"\S+".into(),
            Item::Clause => r"[^.!?;\n]*".into(),
            Item::Start | Item::End => String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::LangBuilder;
    use crate::lang::classes::{ClassSet, parse_class_file};
    use crate::lang::morph::Morphology;

    #[test]
    fn exported_regexes_match_what_the_pattern_matches() {
        let mut set = ClassSet::default();
        set.extend(
            parse_class_file("t", "[organ]\nwords = [\"brain\", \"nervous system\"]\n").unwrap(),
        );
        let sources = [
            "<repair> the? @organ",
            "=fast relief",
            "#num %",
            "FDA approve …",
        ];
        let patterns: Vec<Pattern> = sources.iter().map(|s| Pattern::parse(s).unwrap()).collect();
        let mut b = LangBuilder::new(Morphology::builtin(), &set);
        for p in &patterns {
            b.add(p).unwrap();
        }
        let lang = b.finish();
        let ex = RegexExport::new(&lang, &set);
        let texts = [
            ("It repaired the nervous system.", 0),
            ("Fast relief", 1),
            ("In 71 % of cases", 2),
            ("The FDA approved it for adults.", 3),
        ];
        for (text, i) in texts {
            let re = regex::RegexBuilder::new(&ex.regex(&patterns[i]))
                .case_insensitive(true)
                .build()
                .unwrap();
            assert!(re.is_match(text), "{} on {text}", ex.regex(&patterns[i]));
        }
        assert!(
            !regex::RegexBuilder::new(&ex.regex(&patterns[1]))
                .case_insensitive(true)
                .build()
                .unwrap()
                .is_match("fasting relief")
        );
    }
}
