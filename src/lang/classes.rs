//! Word classes: named lists of words and phrases that every rule shares
//! (`rules/classes/*.toml`).
//!
//! ```toml
//! [heal-verb]
//! description = "Verbs that say a treatment repairs or restores the body"
//! words = ["repair", "rewire", "regrow", "rebuild", "reverse damage"]
//! include = ["cure-verb"]        # every member of these classes is a member too
//! ```
//!
//! An entry is one word or several, written as pattern literals are: a lowercase word stands
//! for its inflected forms, `=word` for that form only, `~word` for every word of its stem, an
//! all-capital word (`ADHD`) matches case-sensitively, and a hyphenated entry ("worn-out")
//! also matches written as one word ("wornout").

use super::pattern::{self, Word, WordMode};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::ops::Range;
use toml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ClassSpec {
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    words: Vec<Spanned<String>>,
    #[serde(default)]
    include: Vec<Spanned<String>>,
}

/// One class: its members as word sequences.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ClassDef {
    pub name: String,
    pub description: String,
    /// Every entry as the words it is made of; a hyphenated entry gives two.
    pub entries: Vec<Vec<Word>>,
    /// The entries as written, for `medlint rule` and `--explain`.
    pub written: Vec<String>,
    pub include: Vec<String>,
    /// The file it came from.
    pub origin: String,
}

/// A problem in a class file, at a byte range of it.
#[derive(Debug, Clone)]
pub struct ClassError {
    pub origin: String,
    pub message: String,
    pub span: Option<Range<usize>>,
    pub help: Option<String>,
}

/// Class names: lowercase words joined by hyphens.
pub fn is_class_name(name: &str) -> bool {
    !name.is_empty()
        && name.split('-').all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

/// Parses one class entry into its word sequences.
pub fn parse_entry(entry: &str) -> Result<Vec<Vec<Word>>, String> {
    let mut words = Vec::new();
    let mut joined_alt: Vec<Vec<Word>> = Vec::new();
    for part in entry.split_whitespace() {
        let (mode, body) = pattern::mode_prefix(part);
        if body.is_empty() {
            return Err(format!("`{part}` needs a word after it"));
        }
        if body.ends_with('*') && body.len() > 1 {
            return Err("a class entry cannot be a prefix (`word*`); use it in a pattern".into());
        }
        if body.starts_with('@') {
            return Err("a class entry cannot name a class; use `include`".into());
        }
        let w = pattern::literal_words(body, mode);
        if mode.is_some() && w.len() > 1 {
            return Err(format!("`{part}`: a mode prefix applies to one word"));
        }
        if let Some(joined) = pattern::hyphen_joined(body) {
            joined_alt.push(vec![Word {
                text: joined,
                mode: WordMode::Inflected,
            }]);
        }
        words.extend(w);
    }
    if words.is_empty() {
        return Err("empty entry".into());
    }
    let mut out = vec![words.clone()];
    // A single hyphenated word ("ground-breaking") is also one word ("groundbreaking").
    if entry.split_whitespace().count() == 1 {
        out.extend(joined_alt);
    }
    Ok(out)
}

/// Parses one class file. `origin` names it in errors.
pub fn parse_class_file(origin: &str, src: &str) -> Result<Vec<ClassDef>, Vec<ClassError>> {
    let err = |message: String, span: Option<Range<usize>>, help: Option<String>| ClassError {
        origin: origin.to_string(),
        message,
        span,
        help,
    };
    let table: BTreeMap<Spanned<String>, ClassSpec> = match toml::from_str(src) {
        Ok(t) => t,
        Err(e) => return Err(vec![err(e.message().trim().to_string(), e.span(), None)]),
    };
    let mut errors = Vec::new();
    let mut out = Vec::new();
    for (name, spec) in table {
        if !is_class_name(name.get_ref()) {
            errors.push(err(
                format!("invalid class name `{}`", name.get_ref()),
                Some(name.span()),
                Some("a class name is lowercase words joined by hyphens, e.g. `heal-verb`".into()),
            ));
        }
        if spec.words.is_empty() && spec.include.is_empty() {
            errors.push(err(
                format!("class `{}` has no words", name.get_ref()),
                Some(name.span()),
                Some("give it `words = [...]` or `include = [...]`".into()),
            ));
        }
        let mut entries = Vec::new();
        let mut written = Vec::new();
        for w in &spec.words {
            match parse_entry(w.get_ref()) {
                Ok(e) => {
                    entries.extend(e);
                    written.push(w.get_ref().trim().to_string());
                }
                Err(m) => errors.push(err(m, Some(w.span()), None)),
            }
        }
        out.push(ClassDef {
            name: name.get_ref().clone(),
            description: spec.description.unwrap_or_default(),
            entries,
            written,
            include: spec.include.iter().map(|i| i.get_ref().clone()).collect(),
            origin: origin.to_string(),
        });
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// The spans of a class file's `include` entries, for errors found after every file is read.
pub fn include_spans(src: &str) -> Vec<(String, String, Range<usize>)> {
    let Ok(table) = toml::from_str::<BTreeMap<Spanned<String>, ClassSpec>>(src) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (name, spec) in table {
        for i in spec.include {
            out.push((name.get_ref().clone(), i.get_ref().clone(), i.span()));
        }
    }
    out
}

/// Every class, built-in and user's, by name. A user class with a built-in class's name
/// replaces it.
#[derive(Debug, Clone, Default)]
pub struct ClassSet {
    pub classes: Vec<ClassDef>,
    /// Exactly the built-in classes (nothing added or replaced since).
    pub builtin: bool,
}

impl ClassSet {
    pub fn get(&self, name: &str) -> Option<&ClassDef> {
        self.classes.iter().find(|c| c.name == name)
    }

    /// Adds classes; one with the name of an existing class replaces it.
    pub fn extend(&mut self, defs: Vec<ClassDef>) {
        if !defs.is_empty() {
            self.builtin = false;
        }
        for d in defs {
            match self.classes.iter_mut().find(|c| c.name == d.name) {
                Some(c) => *c = d,
                None => self.classes.push(d),
            }
        }
    }

    /// The names of the classes, sorted.
    pub fn names(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.classes.iter().map(|c| c.name.as_str()).collect();
        v.sort_unstable();
        v
    }

    /// The known class closest to an unknown name, for "did you mean".
    pub fn closest(&self, name: &str) -> Option<&str> {
        self.classes
            .iter()
            .map(|c| (edit_distance(&c.name, name), c.name.as_str()))
            .filter(|(d, n)| *d <= 2.max(n.len() / 4))
            .min()
            .map(|(_, n)| n)
    }
}

/// Levenshtein distance.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries() {
        let e = parse_entry("nervous system").unwrap();
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].len(), 2);
        let e = parse_entry("ground-breaking").unwrap();
        assert_eq!(e.len(), 2);
        assert_eq!(e[1][0].text, "groundbreaking");
        let e = parse_entry("ADHD").unwrap();
        assert_eq!(e[0][0].mode, WordMode::Case);
        let e = parse_entry("=fast").unwrap();
        assert_eq!(e[0][0].mode, WordMode::Exact);
        assert!(parse_entry("neuro*").is_err());
        assert!(parse_entry("  ").is_err());
    }

    #[test]
    fn files() {
        let src = "[heal-verb]\ndescription = \"x\"\nwords = [\"repair\", \"rewire\"]\n\n[Bad_Name]\nwords = [\"a\"]\n";
        let errors = parse_class_file("c.toml", src).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert!(errors[0].message.contains("invalid class name"));
        let span = errors[0].span.clone().unwrap();
        assert_eq!(&src[span], "Bad_Name");
        let ok = parse_class_file("c.toml", "[a]\nwords = [\"x y\"]\n").unwrap();
        assert_eq!(ok[0].entries[0].len(), 2);
    }

    #[test]
    fn closest_name() {
        let mut set = ClassSet::default();
        set.extend(
            parse_class_file(
                "c",
                "[heal-verb]\nwords=[\"heal\"]\n[body-part]\nwords=[\"brain\"]\n",
            )
            .unwrap(),
        );
        assert_eq!(set.closest("heal-verbs"), Some("heal-verb"));
        assert_eq!(set.closest("zzz"), None);
    }
}
