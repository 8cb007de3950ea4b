//! The evidence index of a document (PRODUCT.md §4), built once and shared by every rule.
//!
//! It knows, in source coordinates, every citation on the page and how strong it is: links
//! classed by domain, DOI/PMID/PMC/NCT identifiers, author–year citations, and footnote or
//! numbered markers resolved against footnote definitions or a References/Sources section.
//! Markers that resolve to nothing are kept apart: they are not evidence, and a rule may report
//! them. A researcher's or institution's name with a year ("a 2018 Stanford study") is not a
//! citation and is not recorded.

use super::prose::{BlockKind, Prose};
use super::{Facts, sentences::is_superscript_digit};
use regex::Regex;
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::LazyLock;

/// How much a source supports a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Strength {
    /// News, blogs, press releases, the advertiser's own pages: lowers severity, never clears.
    Weak,
    /// A study, a label, a regulator or a resolving reference: clears the finding.
    Strong,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CitationKind {
    Link,
    Identifier,
    AuthorYear,
    Marker,
}

#[derive(Debug, Clone)]
pub struct Citation {
    pub range: Range<usize>,
    pub kind: CitationKind,
    pub strength: Strength,
}

/// A marker (`[7]`, `[^9]`, `¹`) that points at no reference entry.
#[derive(Debug, Clone)]
pub struct UnresolvedMarker {
    pub range: Range<usize>,
    pub label: String,
}

/// Which domains are strong sources. See `rules/data/evidence.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CitationSettings {
    identifiers: Vec<String>,
    regulators: Vec<String>,
    public_health: Vec<String>,
    journals: Vec<String>,
    public_suffixes: Vec<String>,
    self_reference: Vec<String>,
}

const BUILTIN_EVIDENCE: &str = include_str!("../../rules/data/evidence.toml");

impl CitationSettings {
    pub fn builtin() -> CitationSettings {
        static BUILTIN: LazyLock<CitationSettings> = LazyLock::new(|| {
            toml::from_str(BUILTIN_EVIDENCE).expect("rules/data/evidence.toml is valid")
        });
        BUILTIN.clone()
    }

    /// Adds user domains (from configuration) to the strong list.
    pub fn add_strong_domains<I: IntoIterator<Item = String>>(&mut self, domains: I) {
        self.journals.extend(domains);
    }

    fn strong_domain(&self, host: &str) -> bool {
        let lists = [
            &self.identifiers,
            &self.regulators,
            &self.public_health,
            &self.journals,
        ];
        lists.iter().any(|list| {
            list.iter().any(|d| {
                host == d
                    || (host.ends_with(d.as_str()) && host[..host.len() - d.len()].ends_with('.'))
            })
        }) || self
            .public_suffixes
            .iter()
            .any(|s| host.ends_with(s.as_str()))
    }

    /// The strength of a link target; `None` for anchors, mail and phone links.
    pub fn classify_url(&self, url: &str) -> Option<Strength> {
        let url = url.trim();
        let lower = url.to_ascii_lowercase();
        if lower.is_empty()
            || lower.starts_with('#')
            || lower.starts_with("mailto:")
            || lower.starts_with("tel:")
            || lower.starts_with("javascript:")
        {
            return None;
        }
        let rest = lower
            .strip_prefix("https://")
            .or_else(|| lower.strip_prefix("http://"))
            .or_else(|| lower.strip_prefix("//"));
        let Some(rest) = rest.or_else(|| lower.starts_with("www.").then_some(lower.as_str()))
        else {
            // A relative link: the advertiser's own site.
            return Some(Strength::Weak);
        };
        let host_end = rest.find(['/', '?', '#', ':']).unwrap_or(rest.len());
        let host = rest[..host_end].trim_start_matches("www.");
        let path = &rest[host_end..];
        if self.strong_domain(host) || path.contains("/doi/10.") || path.contains("doi.org/10.") {
            Some(Strength::Strong)
        } else {
            Some(Strength::Weak)
        }
    }

    fn is_self_reference(&self, text: &str) -> bool {
        let lower = text.to_lowercase();
        self.self_reference
            .iter()
            .any(|p| lower.contains(p.as_str()))
    }
}

/// Every citation of a document, sorted by position.
#[derive(Debug, Clone, Default)]
pub struct EvidenceIndex {
    citations: Vec<Citation>,
    max_len: usize,
    pub unresolved: Vec<UnresolvedMarker>,
    /// Blocks that are reference entries or footnote definitions: sources, not claims.
    bibliography: HashSet<usize>,
}

/// A regex with ASCII word boundaries and `\d`, `\s`, `\w` (see
/// [`crate::rules::ascii_word_boundaries`]): much cheaper to build than the Unicode classes.
fn ascii_regex(pattern: &str) -> Regex {
    Regex::new(&crate::rules::ascii_word_boundaries(pattern)).expect("citation pattern builds")
}

static REFERENCES_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(
        r"(?i)^(?:\d+[.)]?\s*)?(?:references?|sources?|citations?|bibliography|works cited|literature cited|literature|notes|footnotes|endnotes|scientific references|research references|studies cited|cited studies|key studies|clinical references|sources and references|references and sources)\s*:?$",
    )
});

static ENTRY_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| ascii_regex(r"^\s*(?:\[(\d{1,3})\]|(\d{1,3})[.)])\s"));

static MARKER: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(r"\[\^?(\d{1,3}(?:\s*[,-]\s*\d{1,3})*)\]|\[\^([A-Za-z][\w-]{0,20})\]")
});

static SUPERSCRIPT: LazyLock<Regex> =
    LazyLock::new(|| ascii_regex(r"[¹²³⁴⁵⁶⁷⁸⁹⁰]+(?:[,⁻-][¹²³⁴⁵⁶⁷⁸⁹⁰]+)*"));

static IDENTIFIER: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(
        r"(?i)\bdoi:\s*10\.\d{4,9}/\S+|\b10\.\d{4,9}/[^\s)\]]+|\bPMID:?\s*\d{6,9}\b|\bPMC\d{5,9}\b|\bNCT\d{8}\b",
    )
});

static AUTHOR_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    let name = r"[A-Z][a-zA-Z\u{C0}-\u{24F}'-]+(?:\s+[A-Z][a-zA-Z\u{C0}-\u{24F}'-]+)?";
    let authors = format!(r"{name}(?:\s*(?:,|and|&)\s*{name})*(?:,?\s+et\s+al\.?)?");
    let year = r"(?:19|20)\d{2}[a-z]?";
    ascii_regex(&format!(
        r"\(\s*(?:see\s+|e\.g\.,?\s+)?{authors},?\s+{year}(?:\s*[;,]\s*(?:{authors},?\s+)?{year})*\s*\)|{authors}\s+\(\s*{year}\s*\)"
    ))
});

/// Builds the citation patterns now rather than at their first use.
pub fn warm_up() {
    for re in [
        &REFERENCES_HEADING,
        &ENTRY_NUMBER,
        &MARKER,
        &SUPERSCRIPT,
        &IDENTIFIER,
        &AUTHOR_YEAR,
    ] {
        LazyLock::force(re);
    }
}

impl EvidenceIndex {
    pub fn build(
        text: &str,
        prose: &Prose,
        facts: &Facts,
        settings: &CitationSettings,
    ) -> EvidenceIndex {
        let mut idx = EvidenceIndex::default();

        // Reference sections: numbered entries and their strength.
        let mut entries: HashMap<u64, Strength> = HashMap::new();
        let mut section: Option<u8> = None;
        let mut unnumbered = 0u64;
        for (i, block) in prose.blocks.iter().enumerate() {
            let btext = prose.block_text(i);
            if let BlockKind::Heading { level } = block.kind {
                let is_entry = section.is_some() && ENTRY_NUMBER.is_match(btext);
                if !is_entry {
                    if REFERENCES_HEADING.is_match(btext.trim()) {
                        section = Some(level);
                        unnumbered = 0;
                        continue;
                    }
                    if section.is_some_and(|l| level <= l) {
                        section = None;
                    }
                }
            }
            if matches!(block.kind, BlockKind::FootnoteDefinition { .. }) {
                idx.bibliography.insert(i);
                continue;
            }
            if section.is_none() {
                continue;
            }
            idx.bibliography.insert(i);
            let number = match (&block.kind, ENTRY_NUMBER.captures(btext)) {
                (_, Some(c)) => c
                    .get(1)
                    .or_else(|| c.get(2))
                    .and_then(|m| m.as_str().parse().ok()),
                (BlockKind::ListItem { number: Some(n) }, None) => Some(*n),
                (BlockKind::ListItem { number: None }, None) => {
                    unnumbered += 1;
                    Some(unnumbered)
                }
                _ => None,
            };
            if let Some(n) = number {
                let strength = classify_source(text, block.source.clone(), btext, facts, settings);
                entries.insert(n, strength);
            }
        }

        // Footnote definitions.
        let mut defs: HashMap<&str, Strength> = HashMap::new();
        for def in &facts.footnote_defs {
            let body = &text[def.range.clone()];
            defs.insert(
                def.label.as_str(),
                classify_source(text, def.range.clone(), body, facts, settings),
            );
        }
        let resolve = |label: &str| -> Option<Strength> {
            if let Some(s) = defs.get(label) {
                return Some(*s);
            }
            let parts = expand_numbers(label)?;
            let mut best = Strength::Strong;
            for n in parts {
                let s = entries
                    .get(&n)
                    .or_else(|| defs.get(n.to_string().as_str()))?;
                best = best.min(*s);
            }
            Some(best)
        };

        // Markers recorded by the readers.
        for r in &facts.footnote_refs {
            match resolve(&r.label) {
                Some(strength) => idx.push(r.range.clone(), CitationKind::Marker, strength),
                None => idx.unresolved.push(UnresolvedMarker {
                    range: r.range.clone(),
                    label: r.label.clone(),
                }),
            }
        }

        // Markers, identifiers and author–year citations in the prose.
        for (i, block) in prose.blocks.iter().enumerate() {
            let btext = prose.block_text(i);
            let base = block.range.start;
            let in_bib = idx.bibliography.contains(&i);
            // Each pattern runs only where the text has what it cannot match without, so a page
            // without citations never compiles them.
            let bytes = btext.as_bytes();
            let has_year = (0..bytes.len().saturating_sub(3)).any(|i| {
                ((bytes[i] == b'1' && bytes[i + 1] == b'9')
                    || (bytes[i] == b'2' && bytes[i + 1] == b'0'))
                    && bytes[i + 2].is_ascii_digit()
                    && bytes[i + 3].is_ascii_digit()
            });
            // "PMID", "PMC", "NCT" in any case: `| 0x20` lowers a capital and makes no other
            // byte a lowercase letter.
            let has_identifier = btext.contains("10.")
                || (0..bytes.len()).any(|i| match bytes[i] | 0x20 {
                    b'p' => {
                        (bytes[i..].len() >= 3 && bytes[i..i + 3].eq_ignore_ascii_case(b"pmc"))
                            || (bytes[i..].len() >= 4
                                && bytes[i..i + 4].eq_ignore_ascii_case(b"pmid"))
                    }
                    b'n' => bytes[i..].len() >= 3 && bytes[i..i + 3].eq_ignore_ascii_case(b"nct"),
                    _ => false,
                });
            // Superscript digits are two- or three-byte characters that start with 0xC2 or 0xE2.
            let has_superscript = (bytes.contains(&0xC2) || bytes.contains(&0xE2))
                && btext.contains(['¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹', '⁰']);
            if !in_bib && btext.contains('[') {
                for m in MARKER.find_iter(btext) {
                    // A marker at the very start of a block is a list label, not a citation.
                    if m.start() == 0 && !matches!(block.kind, BlockKind::Paragraph) {
                        continue;
                    }
                    let label = m.as_str().trim_matches(['[', ']']).trim_start_matches('^');
                    let range = prose.to_source(base + m.start()..base + m.end());
                    match resolve(label) {
                        Some(strength) => idx.push(range, CitationKind::Marker, strength),
                        None => idx.unresolved.push(UnresolvedMarker {
                            range,
                            label: label.to_string(),
                        }),
                    }
                }
            }
            if !in_bib && has_superscript {
                for m in SUPERSCRIPT.find_iter(btext) {
                    if is_unit_exponent(&btext[..m.start()]) {
                        continue;
                    }
                    let label: String = m.as_str().chars().map(superscript_to_ascii).collect();
                    let range = prose.to_source(base + m.start()..base + m.end());
                    match resolve(&label) {
                        Some(strength) => idx.push(range, CitationKind::Marker, strength),
                        None => idx.unresolved.push(UnresolvedMarker { range, label }),
                    }
                }
            }
            if has_identifier {
                for m in IDENTIFIER.find_iter(btext) {
                    let range = prose.to_source(base + m.start()..base + m.end());
                    idx.push(range, CitationKind::Identifier, Strength::Strong);
                }
            }
            if has_year {
                for m in AUTHOR_YEAR.find_iter(btext) {
                    if !plausible_author_year(m.as_str()) {
                        continue;
                    }
                    let range = prose.to_source(base + m.start()..base + m.end());
                    idx.push(range, CitationKind::AuthorYear, Strength::Strong);
                }
            }
        }

        // `<cite>` elements.
        for cite in &facts.cites {
            idx.push(cite.clone(), CitationKind::AuthorYear, Strength::Strong);
        }

        // Links.
        for link in &facts.links {
            if let Some(strength) = settings.classify_url(&link.url) {
                idx.push(link.range.clone(), CitationKind::Link, strength);
            }
        }

        idx.citations.sort_by_key(|c| (c.range.start, c.range.end));
        idx.unresolved.sort_by_key(|m| m.range.start);
        idx.unresolved.dedup_by_key(|m| m.range.start);
        idx
    }

    fn push(&mut self, range: Range<usize>, kind: CitationKind, strength: Strength) {
        self.max_len = self.max_len.max(range.len());
        self.citations.push(Citation {
            range,
            kind,
            strength,
        });
    }

    /// The strongest citation overlapping a source range.
    pub fn best_in(&self, range: Range<usize>) -> Option<Strength> {
        self.citations_in(range).map(|c| c.strength).max()
    }

    /// Citations overlapping a source range.
    pub fn citations_in(&self, range: Range<usize>) -> impl Iterator<Item = &Citation> {
        let lo = range.start.saturating_sub(self.max_len);
        let first = self.citations.partition_point(|c| c.range.start < lo);
        self.citations[first..]
            .iter()
            .take_while(move |c| c.range.start < range.end)
            .filter(move |c| c.range.end > range.start)
    }

    pub fn citations(&self) -> &[Citation] {
        &self.citations
    }

    /// Whether a block is a reference entry or footnote definition.
    pub fn is_bibliography(&self, block: usize) -> bool {
        self.bibliography.contains(&block)
    }
}

/// The strength of a reference entry or footnote definition.
fn classify_source(
    text: &str,
    range: Range<usize>,
    entry_text: &str,
    facts: &Facts,
    settings: &CitationSettings,
) -> Strength {
    let links: Vec<Strength> = facts
        .links
        .iter()
        .filter(|l| l.range.start >= range.start && l.range.end <= range.end)
        .filter_map(|l| settings.classify_url(&l.url))
        .collect();
    let raw = &text[range];
    if links.contains(&Strength::Strong)
        || IDENTIFIER.is_match(raw)
        || IDENTIFIER.is_match(entry_text)
    {
        return Strength::Strong;
    }
    if !links.is_empty() || settings.is_self_reference(entry_text) {
        return Strength::Weak;
    }
    Strength::Strong
}

/// "3" → [3]; "1, 4-6" → [1, 4, 5, 6]; anything else → None.
fn expand_numbers(label: &str) -> Option<Vec<u64>> {
    let mut out = Vec::new();
    for part in label.split(',') {
        let part = part.trim();
        if let Some((a, b)) = part.split_once('-') {
            let (a, b): (u64, u64) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
            if b < a || b - a > 50 {
                return None;
            }
            out.extend(a..=b);
        } else {
            out.push(part.parse().ok()?);
        }
    }
    (!out.is_empty()).then_some(out)
}

fn superscript_to_ascii(c: char) -> char {
    match c {
        '¹' => '1',
        '²' => '2',
        '³' => '3',
        '⁴' => '4',
        '⁵' => '5',
        '⁶' => '6',
        '⁷' => '7',
        '⁸' => '8',
        '⁹' => '9',
        '⁰' => '0',
        '⁻' => '-',
        c if is_superscript_digit(c) => c,
        c => c,
    }
}

/// "kg/m²", "10 cm³": an exponent of a unit, not a marker.
fn is_unit_exponent(before: &str) -> bool {
    let t = before.trim_end();
    let unit = t.rsplit(|c: char| !c.is_alphabetic()).next().unwrap_or("");
    matches!(
        unit,
        "m" | "cm" | "mm" | "km" | "ft" | "in" | "mi" | "yd" | "μm" | "um"
    ) || t.ends_with(|c: char| c.is_ascii_digit())
}

/// Rejects author–year matches whose "author" is a common word ("In 2019", "Since (2020)").
fn plausible_author_year(m: &str) -> bool {
    const NOT_NAMES: &[&str] = &[
        "In",
        "Since",
        "From",
        "By",
        "Until",
        "Before",
        "After",
        "During",
        "Updated",
        "Published",
        "Posted",
        "Revised",
        "Spring",
        "Summer",
        "Fall",
        "Autumn",
        "Winter",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Est",
        "Founded",
        "Copyright",
        "The",
        "This",
        "Our",
        "Last",
        "Reviewed",
    ];
    let first = m
        .trim_start_matches(['(', ' '])
        .trim_start_matches("see ")
        .split(|c: char| !c.is_alphabetic() && c != '\'' && c != '-')
        .next()
        .unwrap_or("");
    !NOT_NAMES.contains(&first)
}

#[cfg(test)]
mod tests {
    use crate::source::{Document, Format, LoadOptions};

    fn doc(text: &str, format: Format) -> Document {
        Document::parse("t", text.to_string(), format, &LoadOptions::default())
    }

    fn strength_at(d: &Document, needle: &str) -> Option<super::Strength> {
        let i = d.text.find(needle).unwrap();
        d.evidence.best_in(i..i + needle.len())
    }

    use super::Strength::*;

    #[test]
    fn links_are_classed_by_domain() {
        let s = super::CitationSettings::builtin();
        assert_eq!(s.classify_url("https://doi.org/10.1001/x"), Some(Strong));
        assert_eq!(
            s.classify_url("https://pubmed.ncbi.nlm.nih.gov/16894061/"),
            Some(Strong)
        );
        assert_eq!(
            s.classify_url("https://www.nimh.nih.gov/health"),
            Some(Strong)
        );
        assert_eq!(s.classify_url("https://www.healthline.com/x"), Some(Weak));
        assert_eq!(s.classify_url("/blog/our-results"), Some(Weak));
        assert_eq!(s.classify_url("#section"), None);
        assert_eq!(s.classify_url("mailto:a@b.c"), None);
        assert_eq!(s.classify_url("https://myfda.gov.example.com"), Some(Weak));
        assert_eq!(
            s.classify_url("https://www.state.tx.gov/page"),
            Some(Strong)
        );
    }

    #[test]
    fn footnotes_resolve_or_not() {
        let d = doc(
            "A 71% response.[^1] A 50% drop.[^9]\n\n[^1]: Zarate CA et al. Arch Gen Psychiatry. 2006.\n",
            Format::Markdown,
        );
        assert_eq!(strength_at(&d, "[^1]"), Some(Strong));
        assert_eq!(strength_at(&d, "[^9]"), None);
        assert_eq!(d.evidence.unresolved.len(), 1);
        assert_eq!(d.evidence.unresolved[0].label, "9");
    }

    #[test]
    fn numbered_markers_resolve_against_references() {
        let text = "It helped 60% of people [1]. It helped 40% [2, 3]. Also [7].\n\n## References\n\n1. Smith J. A trial. 2019.\n2. Lee K. https://doi.org/10.1/x\n3. Our own data on file.\n";
        let d = doc(text, Format::Markdown);
        assert_eq!(strength_at(&d, "[1]"), Some(Strong));
        assert_eq!(strength_at(&d, "[2, 3]"), Some(Weak));
        assert_eq!(strength_at(&d, "[7]"), None);
        assert_eq!(d.evidence.unresolved.len(), 1);
        let bib: Vec<usize> = (0..d.prose.blocks.len())
            .filter(|&i| d.evidence.is_bibliography(i))
            .collect();
        assert_eq!(bib.len(), 3);
    }

    #[test]
    fn plain_text_references_section() {
        let text = "Response was 71% [1].\n\nReferences\n[1] Zarate CA, et al. A randomized trial. 2006.\n";
        let d = doc(text, Format::Text);
        assert_eq!(strength_at(&d, "[1]."), Some(Strong));
        assert!(d.evidence.unresolved.is_empty());
    }

    #[test]
    fn author_year_and_identifiers() {
        let d = doc(
            "Rates fell 50% (Zarate et al., 2006). Jones and Lee (2021) saw 30%. See PMID: 16894061 and NCT01234567. In (2019) nothing.",
            Format::Text,
        );
        assert_eq!(strength_at(&d, "(Zarate et al., 2006)"), Some(Strong));
        assert_eq!(strength_at(&d, "Jones and Lee (2021)"), Some(Strong));
        assert_eq!(strength_at(&d, "PMID: 16894061"), Some(Strong));
        assert_eq!(strength_at(&d, "NCT01234567"), Some(Strong));
        assert_eq!(strength_at(&d, "In (2019)"), None);
    }

    #[test]
    fn a_named_researcher_with_a_year_is_not_a_citation() {
        let d = doc(
            "In a 2006 NIH study, Dr. Carlos Zarate and colleagues found 71% responded. A 2018 Stanford study agreed.",
            Format::Text,
        );
        assert!(d.evidence.citations().is_empty());
    }

    #[test]
    fn superscript_markers_and_units() {
        let d = doc(
            "It helped 60% of people.¹ BMI over 30 kg/m² matters.\n\nSources\n1. Smith 2019.\n",
            Format::Text,
        );
        assert_eq!(strength_at(&d, "¹"), Some(Strong));
        assert!(d.evidence.unresolved.is_empty());
    }
}
