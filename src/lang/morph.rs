//! The forms a word of a rule stands for: its inflections, its other spellings and its
//! irregular forms (`rules/data/forms.toml`), and the stem its derived words share.
//!
//! Regular inflections are made by rule (+s/es/ies, +ed/d/ied, +ing, doubled consonants, a
//! dropped e) and kept only when the Snowball English stemmer gives them the base word's stem:
//! "cure" stands for "cures", "cured", "curing"; "us" does not stand for "uses". Derivation is
//! never inflection: "effective" does not stand for "effects".

use rust_stemmers::{Algorithm, Stemmer};
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FormsFile {
    irregular: HashMap<String, Vec<String>>,
    spellings: Vec<Vec<String>>,
    uninflected: Vec<String>,
}

#[cfg(medlint_forms_cache)]
mod cache {
    include!(concat!(env!("OUT_DIR"), "/forms_cache.rs"));
}

const BUILTIN_FORMS: &str = include_str!("../../rules/data/forms.toml");

/// The irregular forms, spellings and uninflected words.
pub struct Morphology {
    irregular: HashMap<String, Vec<String>>,
    spellings: HashMap<String, Vec<String>>,
    uninflected: HashSet<String>,
    stemmer: Stemmer,
}

static BUILTIN: LazyLock<Morphology> = LazyLock::new(|| {
    Morphology::from_toml(BUILTIN_FORMS).unwrap_or_else(|e| panic!("rules/data/forms.toml: {e}"))
});

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// Consonant-vowel-consonant at the end, the last not w, x or y: "stop", "control".
fn ends_cvc(w: &[u8]) -> bool {
    let n = w.len();
    n >= 3
        && !is_vowel(w[n - 1])
        && !matches!(w[n - 1], b'w' | b'x' | b'y')
        && is_vowel(w[n - 2])
        && !is_vowel(w[n - 3])
}

impl Morphology {
    pub fn builtin() -> &'static Morphology {
        &BUILTIN
    }

    pub fn from_toml(src: &str) -> Result<Morphology, String> {
        let f: FormsFile = toml::from_str(src).map_err(|e| e.to_string())?;
        let mut spellings: HashMap<String, Vec<String>> = HashMap::new();
        for group in &f.spellings {
            for a in group {
                for b in group {
                    if a != b {
                        spellings.entry(a.clone()).or_default().push(b.clone());
                    }
                }
            }
        }
        Ok(Morphology {
            irregular: f.irregular,
            spellings,
            uninflected: f.uninflected.into_iter().collect(),
            stemmer: Stemmer::create(Algorithm::English),
        })
    }

    /// The Snowball English stem of a lowercase word.
    pub fn stem(&self, word: &str) -> String {
        self.stemmer.stem(word).into_owned()
    }

    /// Every form a lowercase base word stands for, the word itself first.
    pub fn forms(&self, base: &str) -> Vec<String> {
        #[cfg(medlint_forms_cache)]
        if let Ok(i) = cache::FORMS_CACHE.binary_search_by(|(w, _)| (*w).cmp(base)) {
            return cache::FORMS_CACHE[i]
                .1
                .iter()
                .map(|f| f.to_string())
                .collect();
        }
        self.make_forms(base)
    }

    /// The forms of a built-in word, as the build computed them.
    pub fn cached_forms(&self, base: &str) -> Option<&'static [&'static str]> {
        #[cfg(medlint_forms_cache)]
        if let Ok(i) = cache::FORMS_CACHE.binary_search_by(|(w, _)| (*w).cmp(base)) {
            return Some(cache::FORMS_CACHE[i].1);
        }
        let _ = base;
        None
    }

    /// The forms of a word, made by rule (what the build precomputes for the built-in words).
    pub fn make_forms(&self, base: &str) -> Vec<String> {
        let mut out = vec![base.to_string()];
        let mut spellings = vec![base.to_string()];
        if let Some(v) = self.spellings.get(base) {
            spellings.extend(v.iter().cloned());
        }
        for (a, b) in [
            ("ize", "ise"),
            ("ise", "ize"),
            ("yze", "yse"),
            ("yse", "yze"),
        ] {
            for s in spellings.clone() {
                if let Some(stem) = s.strip_suffix(a)
                    && stem.len() >= 3
                {
                    spellings.push(format!("{stem}{b}"));
                }
                // "-ization", "-izing": the suffix inside the word.
            }
        }
        for s in &spellings {
            self.inflect(s, &mut out);
        }
        let mut seen = HashSet::new();
        out.retain(|f| seen.insert(f.clone()));
        out
    }

    fn inflect(&self, word: &str, out: &mut Vec<String>) {
        out.push(word.to_string());
        if let Some(irregular) = self.irregular.get(word) {
            out.extend(irregular.iter().cloned());
        }
        let b = word.as_bytes();
        if self.uninflected.contains(word)
            || b.len() <= 2
            || !b.iter().all(|c| c.is_ascii_lowercase())
        {
            return;
        }
        let n = b.len();
        let last = b[n - 1];
        let mut candidates: Vec<String> = Vec::new();
        // Plural and third person.
        if word.ends_with('s')
            || word.ends_with('x')
            || word.ends_with('z')
            || word.ends_with("ch")
            || word.ends_with("sh")
        {
            candidates.push(format!("{word}es"));
        } else if last == b'y' && !is_vowel(b[n - 2]) {
            candidates.push(format!("{}ies", &word[..n - 1]));
        } else if last == b'o' {
            candidates.push(format!("{word}s"));
            candidates.push(format!("{word}es"));
        } else {
            candidates.push(format!("{word}s"));
        }
        // Past tense and participle.
        if last == b'e' {
            candidates.push(format!("{word}d"));
        } else if last == b'y' && !is_vowel(b[n - 2]) {
            candidates.push(format!("{}ied", &word[..n - 1]));
        } else {
            candidates.push(format!("{word}ed"));
            if ends_cvc(b) {
                candidates.push(format!("{word}{}ed", last as char));
            }
        }
        // Present participle.
        if word.ends_with("ie") {
            candidates.push(format!("{}ying", &word[..n - 2]));
        } else if last == b'e'
            && !word.ends_with("ee")
            && !word.ends_with("ye")
            && !word.ends_with("oe")
        {
            candidates.push(format!("{}ing", &word[..n - 1]));
            candidates.push(format!("{word}ing"));
        } else {
            candidates.push(format!("{word}ing"));
            if ends_cvc(b) {
                candidates.push(format!("{word}{}ing", last as char));
            }
        }
        let stem = self.stemmer.stem(word);
        for c in candidates {
            if self.stemmer.stem(&c) == stem {
                out.push(c);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms(w: &str) -> Vec<String> {
        Morphology::builtin().forms(w)
    }

    fn has(w: &str, form: &str) -> bool {
        forms(w).iter().any(|f| f == form)
    }

    #[test]
    fn regular_inflections() {
        for (base, form) in [
            ("repair", "repairs"),
            ("repair", "repaired"),
            ("repair", "repairing"),
            ("cure", "cured"),
            ("cure", "curing"),
            ("cure", "cures"),
            ("stop", "stopped"),
            ("stop", "stopping"),
            ("therapy", "therapies"),
            ("remedy", "remedied"),
            ("rewire", "rewiring"),
            ("control", "controlled"),
            ("fix", "fixes"),
            ("virus", "viruses"),
            ("die", "dying"),
            ("revolutionize", "revolutionized"),
            ("revolutionize", "revolutionising"),
            ("normalise", "normalizes"),
            ("tumor", "tumours"),
            ("grow", "grew"),
            ("grow", "grows"),
            ("person", "people"),
            ("be", "was"),
        ] {
            assert!(
                has(base, form),
                "{base} should stand for {form}: {:?}",
                forms(base)
            );
        }
    }

    #[test]
    fn no_other_words() {
        for (base, form) in [
            ("us", "uses"),
            ("it", "its"),
            ("new", "news"),
            ("effective", "effects"),
            ("help", "helpful"),
            ("fast", "faster"),
            ("care", "careful"),
            ("hop", "hoped"),
        ] {
            assert!(!has(base, form), "{base} must not stand for {form}");
        }
        assert_eq!(forms("the"), vec!["the"]);
    }

    #[test]
    fn stems_join_derived_words() {
        let m = Morphology::builtin();
        assert_eq!(m.stem("revolutionize"), m.stem("revolutionizing"));
        assert_eq!(m.stem("transformative"), m.stem("transformation"));
        assert_eq!(m.stem("effective"), m.stem("effects"));
    }
}
