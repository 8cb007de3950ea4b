//! The vocabulary shared by every layer: severities, categories, markets, spans and findings.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Arc;

/// How serious a finding is. Ordered so that `Error > Warning > Info`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

    /// One step less severe; `Info` stays `Info`.
    pub fn lowered(self) -> Severity {
        match self {
            Severity::Error => Severity::Warning,
            Severity::Warning | Severity::Info => Severity::Info,
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The taxonomy of PRODUCT.md §2. The names are part of the output contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    UncitedStatistic,
    VagueAttribution,
    UnsupportedClaim,
    AbsoluteLanguage,
    TestimonialOutcome,
    ComparativeClaim,
    PriceClaim,
    OffLabel,
    MissingDisclaimer,
    MissingRiskInfo,
    FearUrgency,
}

impl Category {
    pub const ALL: [Category; 11] = [
        Category::UncitedStatistic,
        Category::VagueAttribution,
        Category::UnsupportedClaim,
        Category::AbsoluteLanguage,
        Category::TestimonialOutcome,
        Category::ComparativeClaim,
        Category::PriceClaim,
        Category::OffLabel,
        Category::MissingDisclaimer,
        Category::MissingRiskInfo,
        Category::FearUrgency,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::UncitedStatistic => "uncited-statistic",
            Category::VagueAttribution => "vague-attribution",
            Category::UnsupportedClaim => "unsupported-claim",
            Category::AbsoluteLanguage => "absolute-language",
            Category::TestimonialOutcome => "testimonial-outcome",
            Category::ComparativeClaim => "comparative-claim",
            Category::PriceClaim => "price-claim",
            Category::OffLabel => "off-label",
            Category::MissingDisclaimer => "missing-disclaimer",
            Category::MissingRiskInfo => "missing-risk-info",
            Category::FearUrgency => "fear-urgency",
        }
    }

    pub fn parse(s: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The regulatory market a page is published in (PRODUCT.md §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Market {
    Us,
    Uk,
    Eu,
}

impl Market {
    pub const ALL: [Market; 3] = [Market::Us, Market::Uk, Market::Eu];

    pub fn as_str(self) -> &'static str {
        match self {
            Market::Us => "us",
            Market::Uk => "uk",
            Market::Eu => "eu",
        }
    }

    pub fn parse(s: &str) -> Option<Market> {
        match s.trim().to_ascii_lowercase().as_str() {
            "us" | "usa" => Some(Market::Us),
            "uk" | "gb" => Some(Market::Uk),
            "eu" => Some(Market::Eu),
            _ => None,
        }
    }
}

impl fmt::Display for Market {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who is speaking on a page or in a section of it: the seller, an informer (a regulator, an
/// encyclopedia, a patient leaflet, a news report) or a study reporting its own results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Frame {
    Promotional,
    Informational,
    Scientific,
}

impl Frame {
    pub const ALL: [Frame; 3] = [Frame::Promotional, Frame::Informational, Frame::Scientific];

    pub fn as_str(self) -> &'static str {
        match self {
            Frame::Promotional => "promotional",
            Frame::Informational => "informational",
            Frame::Scientific => "scientific",
        }
    }

    pub fn parse(s: &str) -> Option<Frame> {
        match s
            .trim()
            .trim_matches(['"', '\''])
            .to_ascii_lowercase()
            .as_str()
        {
            "promotional" | "promotion" | "ad" | "advertising" => Some(Frame::Promotional),
            "informational" | "information" | "neutral" => Some(Frame::Informational),
            "scientific" | "science" | "research" => Some(Frame::Scientific),
            _ => None,
        }
    }
}

impl fmt::Display for Frame {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A located region of a source file. Byte offsets are into the original file; lines and
/// columns are 1-based, columns count characters, and the end is exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    /// The same region as offsets of the decoded text (which reporters showing the text use):
    /// equal to `start..end` unless the file was UTF-16 or UTF-32.
    #[serde(skip)]
    pub text_start: usize,
    #[serde(skip)]
    pub text_end: usize,
}

impl Span {
    /// The region as offsets of the decoded text.
    pub fn text_range(&self) -> std::ops::Range<usize> {
        self.text_start..self.text_end
    }
}

/// Static facts about the rule behind a finding, shared by all its findings.
#[derive(Debug)]
pub struct RuleInfo {
    pub code: String,
    pub name: String,
    pub category: Category,
    pub severity: Severity,
    pub markets: Vec<Market>,
    /// Frames the rule applies to (all of them unless the rule says otherwise).
    pub frames: Vec<Frame>,
    pub message: String,
    /// Generic help; `{substance}` and `{condition}` are filled from the page.
    pub help: String,
    /// Help for pages about one substance (its data id) or in one market, instead of `help`.
    pub help_for: Vec<(String, String)>,
    pub references: Vec<String>,
    pub description: String,
    /// Where the rule was defined (a path under `rules/` for built-in rules).
    pub origin: String,
    /// Suggested rewrites: a matched text, lowercase, and what to write instead.
    pub rewrites: Vec<(String, String)>,
}

impl RuleInfo {
    /// The rewrite suggested for a finding's text, its first letter's case kept.
    pub fn rewrite_of(&self, text: &str) -> Option<String> {
        let key = text.trim().to_lowercase();
        let (_, with) = self.rewrites.iter().find(|(k, _)| *k == key)?;
        let upper = text.trim().chars().next().is_some_and(char::is_uppercase);
        let mut chars = with.chars();
        Some(match chars.next() {
            Some(c) if upper => c.to_uppercase().chain(chars).collect(),
            _ => with.clone(),
        })
    }
}

/// One problem found in one file.
#[derive(Debug, Clone)]
pub struct Finding {
    pub path: Arc<str>,
    pub rule: Arc<RuleInfo>,
    pub severity: Severity,
    pub message: String,
    /// `None` for document-level findings.
    pub span: Option<Span>,
    /// The exact source text of the span (empty for document-level findings).
    pub text: String,
    pub fingerprint: Fingerprint,
    /// Why the finding matched (which pattern and classes), when `--explain` asks for it.
    pub explain: Option<String>,
    /// The frame of the page or section it was found in (`None`: a directive's finding).
    pub frame: Option<Frame>,
    /// The rule's help fitted to the page: its substance's or market's variant, placeholders
    /// filled (`None`: the rule's help as written).
    pub help: Option<String>,
}

/// A finding's stable identity across runs and edits elsewhere in the file (16 hex digits).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Fingerprint(pub u64);

impl std::fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

impl Serialize for Fingerprint {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl Finding {
    /// How to fix it: the rule's advice.
    /// How to fix it: the help fitted to the page when the engine filled it in, else the
    /// rule's generic help.
    pub fn help(&self) -> &str {
        self.help.as_deref().unwrap_or(&self.rule.help)
    }

    /// Sorting key of PRODUCT.md §7: path, then offset (document-level first), then code.
    pub fn sort_key(&self) -> (&str, usize, &str, usize) {
        let offset = self.span.map_or(0, |s| s.start);
        let has_span = usize::from(self.span.is_some());
        (&self.path, offset, &self.rule.code, has_span)
    }
}

/// Sorts findings into their one output order, whatever order the threads produced them in.
pub fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(output_order);
}

/// The one output order of findings: by file, place, rule, then span end and fingerprint.
pub fn output_order(a: &Finding, b: &Finding) -> std::cmp::Ordering {
    a.sort_key()
        .cmp(&b.sort_key())
        .then_with(|| a.span.map(|s| s.end).cmp(&b.span.map(|s| s.end)))
        .then_with(|| a.fingerprint.cmp(&b.fingerprint))
}

/// A stable 64-bit FNV-1a hash, rendered as 16 hex digits. Stable across platforms and
/// Rust versions, unlike `std`'s hashers.
pub fn stable_hash(parts: &[&str]) -> String {
    fingerprint(parts).to_string()
}

/// [`stable_hash`] as a [`Fingerprint`].
pub fn fingerprint(parts: &[&str]) -> Fingerprint {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.bytes().chain(std::iter::once(0xff)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    Fingerprint(h)
}

/// Where the text of a reference can be read: the official page of the regulation, code or
/// guidance it names, for the references the built-in rules cite (`None`: no page is known).
/// Rules from a rule folder may give a URL as the reference itself.
pub fn reference_url(reference: &str) -> Option<&str> {
    const PAGES: &[(&str, &str)] = &[
        (
            "FTC Health Products Compliance Guidance",
            "https://www.ftc.gov/business-guidance/resources/health-products-compliance-guidance",
        ),
        (
            "FTC Notice of Penalty Offenses Concerning Substantiation",
            "https://www.ftc.gov/enforcement/penalty-offenses/substantiation",
        ),
        (
            "FTC Gut Check",
            "https://www.ftc.gov/business-guidance/resources/gut-check-reference-guide-media-spotting-false-weight-loss-claims",
        ),
        (
            "FTC Guide Concerning Use of the Word",
            "https://www.ecfr.gov/current/title-16/chapter-I/subchapter-B/part-251",
        ),
        (
            "FTC Act",
            "https://www.ftc.gov/legal-library/browse/statutes/federal-trade-commission-act",
        ),
        (
            "16 CFR 255",
            "https://www.ecfr.gov/current/title-16/chapter-I/subchapter-B/part-255",
        ),
        (
            "16 CFR 465",
            "https://www.ecfr.gov/current/title-16/chapter-I/subchapter-D/part-465",
        ),
        (
            "21 CFR 202.1",
            "https://www.ecfr.gov/current/title-21/chapter-I/subchapter-C/part-202/section-202.1",
        ),
        (
            "21 CFR 101.93",
            "https://www.ecfr.gov/current/title-21/chapter-I/subchapter-B/part-101/subpart-F/section-101.93",
        ),
        (
            "FD&C Act",
            "https://www.fda.gov/regulatory-information/laws-enforced-fda/federal-food-drug-and-cosmetic-act-fdc-act",
        ),
        (
            "CAP Code 3",
            "https://www.asa.org.uk/type/non_broadcast/code_section/03.html",
        ),
        (
            "CAP Code 12",
            "https://www.asa.org.uk/type/non_broadcast/code_section/12.html",
        ),
        (
            "CAP Code 15",
            "https://www.asa.org.uk/type/non_broadcast/code_section/15.html",
        ),
        (
            "Directive 2001/83/EC",
            "https://eur-lex.europa.eu/eli/dir/2001/83/oj",
        ),
        (
            "EU Regulation 1169/2011",
            "https://eur-lex.europa.eu/eli/reg/2011/1169/oj",
        ),
        (
            "Human Medicines Regulations 2012",
            "https://www.legislation.gov.uk/uksi/2012/1916/contents",
        ),
        ("988 Suicide & Crisis Lifeline", "https://988lifeline.org/"),
        (
            "Safe messaging guidelines for suicide",
            "https://reportingonsuicide.org/",
        ),
    ];
    let reference = reference.trim();
    if reference.starts_with("https://") || reference.starts_with("http://") {
        return reference.split_whitespace().next();
    }
    PAGES
        .iter()
        .find(|(name, _)| {
            reference.starts_with(name)
                && !reference[name.len()..].starts_with(|c: char| c.is_ascii_digit())
        })
        .map(|(_, url)| *url)
}

impl RuleInfo {
    /// The help written for a page about `substance` (a substance id of the medical data) in
    /// `market`. Substance variants are written for the US; on a UK or EU page the market's
    /// variant comes first, so a UK page about ketamine hears nothing of the FDA. A variant's
    /// key may list several ids, separated by commas.
    pub fn help_variant(&self, substance: Option<&str>, market: Market) -> &str {
        let variant = |key: &str| {
            self.help_for
                .iter()
                .find(|(k, _)| k.split(',').any(|k| k.trim() == key))
                .map(|(_, v)| v.as_str())
        };
        let of_market = || variant(market.as_str());
        let of_substance = || substance.and_then(variant);
        let chosen = if market == Market::Us {
            of_substance().or_else(of_market)
        } else {
            of_market().or_else(of_substance)
        };
        chosen.unwrap_or(&self.help)
    }

    /// The generic help with its placeholders in neutral words, for displays that belong to
    /// no page (`medlint rule`, SARIF rule descriptors).
    pub fn generic_help(&self) -> String {
        neutral_placeholders(&self.help)
    }

    /// The page `helpUri` and the HTML report link to: the first reference with a known page.
    pub fn help_uri(&self) -> Option<&str> {
        self.references.iter().find_map(|r| reference_url(r))
    }
}

/// `{substance}` and `{condition}` in the words used when the page names neither.
pub fn neutral_placeholders(help: &str) -> String {
    help.replace("{substance}", "the treatment")
        .replace("{condition}", "the condition")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severity_order_and_lowering() {
        assert!(Severity::Error > Severity::Warning);
        assert!(Severity::Warning > Severity::Info);
        assert_eq!(Severity::Error.lowered(), Severity::Warning);
        assert_eq!(Severity::Info.lowered(), Severity::Info);
    }

    #[test]
    fn category_names_round_trip() {
        for c in Category::ALL {
            assert_eq!(Category::parse(c.as_str()), Some(c));
        }
    }

    #[test]
    fn stable_hash_is_stable() {
        assert_eq!(stable_hash(&["a", "b"]), stable_hash(&["a", "b"]));
        assert_ne!(stable_hash(&["ab", ""]), stable_hash(&["a", "b"]));
        assert_eq!(stable_hash(&[]).len(), 16);
    }
}
