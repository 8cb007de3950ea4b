//! Who is speaking: the document frame (PRODUCT.md §5). A page, and each section of it, is the
//! seller's voice (`promotional`), an explanation by someone who sells nothing
//! (`informational`) or a study reporting its own work (`scientific`). The cues are token
//! patterns in `rules/data/frames.toml`; this module reads them and decides, once per document,
//! from the sentences where they match.

use crate::diagnostic::Frame;
use crate::lang::pattern::{Pattern, SyntaxError};
use serde::{Deserialize, Serialize};

const BUILTIN_FRAMES: &str = include_str!("../../rules/data/frames.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct FramesFile {
    informational_threshold: usize,
    scientific_threshold: usize,
    long_page: usize,
    weak_override: usize,
    promotional: Vec<String>,
    promotional_weak: Vec<String>,
    informational: Vec<String>,
    scientific: Vec<String>,
    source_credit: Vec<String>,
}

/// The frame cues: token pattern sources, parsed only when the language is compiled (the
/// build's image already holds the built-in ones).
#[derive(Debug, Clone)]
pub struct FrameCues {
    pub informational_threshold: usize,
    pub scientific_threshold: usize,
    /// Sentences from which a page with no seller's voice needs one informational cue only.
    pub long_page: usize,
    /// Informational cues that outweigh any number of weak promotional ones (a newsletter box,
    /// "contact us"); fewer outweigh as many weak ones.
    pub weak_override: usize,
    pub promotional: Vec<String>,
    /// Cues a publisher's page has too: "subscribe to our newsletter", "contact us", hype.
    pub promotional_weak: Vec<String>,
    pub informational: Vec<String>,
    pub scientific: Vec<String>,
    pub source_credit: Vec<String>,
}

impl FrameCues {
    pub fn builtin() -> FrameCues {
        static CUES: std::sync::LazyLock<FrameCues> = std::sync::LazyLock::new(|| {
            FrameCues::from_toml(BUILTIN_FRAMES).expect("rules/data/frames.toml is valid")
        });
        CUES.clone()
    }

    pub fn from_toml(src: &str) -> Result<FrameCues, String> {
        let f: FramesFile = toml::from_str(src).map_err(|e| e.to_string())?;
        Ok(FrameCues {
            informational_threshold: f.informational_threshold.max(1),
            scientific_threshold: f.scientific_threshold.max(1),
            long_page: f.long_page,
            weak_override: f.weak_override.max(1),
            promotional: f.promotional,
            promotional_weak: f.promotional_weak,
            informational: f.informational,
            scientific: f.scientific,
            source_credit: f.source_credit,
        })
    }

    /// Every cue's problem, if any: each must parse as a token pattern.
    pub fn check(&self) -> Result<(), String> {
        for p in self.all() {
            Pattern::parse(p).map_err(|e: SyntaxError| format!("{p}: {}", e.message))?;
        }
        Ok(())
    }

    /// Every cue pattern, in the order the engine numbers them.
    pub fn all(&self) -> impl Iterator<Item = &String> {
        self.promotional
            .iter()
            .chain(&self.promotional_weak)
            .chain(&self.informational)
            .chain(&self.scientific)
            .chain(&self.source_credit)
    }
}

/// Which kind of voice a cue is evidence of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CueKind {
    Promotional,
    /// A cue a publisher's page may have too ("subscribe to our newsletter").
    WeakPromotional,
    Informational,
    Scientific,
    /// A line crediting a public health body with the page.
    SourceCredit,
}

impl CueKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CueKind::Promotional => "promotional",
            CueKind::WeakPromotional => "weak-promotional",
            CueKind::Informational => "informational",
            CueKind::Scientific => "scientific",
            CueKind::SourceCredit => "source-credit",
        }
    }
}

/// Where a page's frame came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FrameSource {
    /// Inferred from the page's own words.
    Inferred,
    /// The page's front matter (`medlint: {frame: …}`).
    FrontMatter,
    /// An `[[overrides]]` entry of the configuration.
    Config,
    /// `--frame` on the command line.
    CommandLine,
}

impl FrameSource {
    pub fn as_str(self) -> &'static str {
        match self {
            FrameSource::Inferred => "inferred",
            FrameSource::FrontMatter => "front matter",
            FrameSource::Config => "configuration",
            FrameSource::CommandLine => "command line",
        }
    }
}

/// One cue found: its kind, the words it matched and their line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    pub cue: CueKind,
    pub text: String,
    pub line: usize,
}

/// A section whose frame differs from its page's, with the cues that decided it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SectionFrame {
    /// First and last line of the section.
    pub line: usize,
    pub end_line: usize,
    /// The heading that opens it, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub heading: Option<String>,
    pub frame: Frame,
    pub evidence: Vec<Evidence>,
}

/// A page's frame, why, and its sections that differ.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PageFrame {
    pub frame: Frame,
    pub source: FrameSource,
    /// The cues that decided it (a few of each kind; none when the frame was given).
    pub evidence: Vec<Evidence>,
    /// Whether the page credits a public health body (its figures are that body's).
    pub source_credit: bool,
    pub sections: Vec<SectionFrame>,
}

impl Default for PageFrame {
    fn default() -> Self {
        PageFrame {
            frame: Frame::Promotional,
            source: FrameSource::Inferred,
            evidence: Vec::new(),
            source_credit: false,
            sections: Vec::new(),
        }
    }
}

impl PageFrame {
    /// "informational (inferred: source credit “NIH: …” line 40; informational “symptoms
    /// include” line 3)", for `--explain`.
    pub fn describe(&self) -> String {
        let mut out = format!("{} ({}", self.frame, self.source.as_str());
        if self.evidence.is_empty() && self.source == FrameSource::Inferred {
            out.push_str(
                ": no informational or scientific voice found, so held to the advertising rules",
            );
        } else if !self.evidence.is_empty() {
            out.push_str(": ");
            out.push_str(&describe_evidence(&self.evidence));
        }
        out.push(')');
        for s in &self.sections {
            out.push_str(&format!(
                "; lines {}–{} {} ({})",
                s.line,
                s.end_line,
                s.frame,
                describe_evidence(&s.evidence)
            ));
        }
        out
    }
}

fn describe_evidence(evidence: &[Evidence]) -> String {
    evidence
        .iter()
        .map(|e| format!("{} “{}” line {}", e.cue.as_str(), e.text, e.line))
        .collect::<Vec<_>>()
        .join(", ")
}

/// How many cues of each kind a page or section counts, and the frame they decide.
#[derive(Debug, Default, Clone)]
pub struct Tally {
    pub promotional: usize,
    pub weak: usize,
    pub informational: usize,
    pub scientific: usize,
    pub credit: bool,
    /// Sentences of copy.
    pub sentences: usize,
}

impl Tally {
    /// How many cues of `kind` were counted (a source credit counts once).
    pub fn count(&self, kind: CueKind) -> usize {
        match kind {
            CueKind::Promotional => self.promotional,
            CueKind::WeakPromotional => self.weak,
            CueKind::Informational => self.informational,
            CueKind::Scientific => self.scientific,
            CueKind::SourceCredit => usize::from(self.credit),
        }
    }

    /// Counts one more cue of `kind`.
    pub fn add(&mut self, kind: CueKind) {
        match kind {
            CueKind::Promotional => self.promotional += 1,
            CueKind::WeakPromotional => self.weak += 1,
            CueKind::Informational => self.informational += 1,
            CueKind::Scientific => self.scientific += 1,
            CueKind::SourceCredit => self.credit = true,
        }
    }

    /// The tally of a page from those of its sections.
    pub fn sum<'a>(sections: impl IntoIterator<Item = &'a Tally>) -> Tally {
        let mut out = Tally::default();
        for t in sections {
            out.promotional += t.promotional;
            out.weak += t.weak;
            out.informational += t.informational;
            out.scientific += t.scientific;
            out.credit |= t.credit;
            out.sentences += t.sentences;
        }
        out
    }

    /// The frame of a page from its cues.
    pub fn page_frame(&self, cues: &FrameCues) -> Frame {
        if self.promotional > 0
            || (self.weak > self.informational.min(cues.weak_override - 1) && !self.credit)
        {
            Frame::Promotional
        } else if self.scientific >= cues.scientific_threshold {
            Frame::Scientific
        } else if self.credit
            || self.informational >= cues.informational_threshold
            || (self.informational > 0 && self.sentences >= cues.long_page)
        {
            Frame::Informational
        } else {
            Frame::Promotional
        }
    }

    /// The frame of a section of a page whose frame is `page`.
    pub fn section_frame(&self, page: Frame, cues: &FrameCues) -> Frame {
        if self.promotional > 0 {
            return Frame::Promotional;
        }
        if page != Frame::Promotional {
            return page;
        }
        if self.weak > 0 {
            return page;
        }
        if self.scientific >= cues.scientific_threshold {
            Frame::Scientific
        } else if self.credit || self.informational >= cues.informational_threshold {
            Frame::Informational
        } else {
            page
        }
    }
}

/// The frame a page's front matter gives: `medlint: {frame: informational}`, a nested
/// `medlint:` map with `frame:`, `medlint-frame:`, or TOML `[medlint] frame = "…"`.
/// `Err` holds a value that names no frame.
pub fn front_matter_frame(
    text: &str,
    range: std::ops::Range<usize>,
) -> Option<Result<Frame, String>> {
    let body = &text[range];
    // Inside a YAML `medlint:` map; inside a TOML `[medlint]` table.
    let mut yaml_medlint = false;
    let mut toml_medlint = false;
    for line in body.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indented = line.starts_with([' ', '\t']);
        if !indented {
            yaml_medlint = false;
        }
        if trimmed.starts_with('[') {
            toml_medlint = trimmed.trim_matches(['[', ']', ' ']) == "medlint";
            continue;
        }
        let Some((key, value)) = trimmed.split_once([':', '=']) else {
            continue;
        };
        let key = key.trim().trim_matches(['"', '\'']).to_ascii_lowercase();
        let value = value.trim();
        let value = value.split_once(" #").map_or(value, |(v, _)| v).trim();
        let given = match key.as_str() {
            "medlint-frame" | "medlint_frame" if !indented => Some(value.to_string()),
            "medlint" if !indented => {
                if value.is_empty() {
                    yaml_medlint = true;
                    None
                } else {
                    // A flow map: `{frame: promotional}`.
                    value
                        .trim_matches(['{', '}'])
                        .split(',')
                        .filter_map(|kv| kv.split_once([':', '=']))
                        .find(|(k, _)| k.trim().trim_matches(['"', '\'']) == "frame")
                        .map(|(_, v)| v.trim().to_string())
                }
            }
            "frame" if (yaml_medlint && indented) || toml_medlint => Some(value.to_string()),
            _ => None,
        };
        if let Some(v) = given {
            return Some(Frame::parse(&v).ok_or(v));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_cues_parse() {
        let cues = FrameCues::builtin();
        assert!(!cues.promotional.is_empty() && !cues.source_credit.is_empty());
        cues.check().unwrap();
        for p in cues.all() {
            assert!(p.len() < 200, "{p}");
        }
    }

    fn fm(s: &str) -> Option<Result<Frame, String>> {
        front_matter_frame(s, 0..s.len())
    }

    #[test]
    fn front_matter_names_the_frame_in_every_spelling() {
        assert_eq!(
            fm("title: X\nmedlint: {frame: promotional}\n"),
            Some(Ok(Frame::Promotional))
        );
        assert_eq!(
            fm("medlint:\n  market: uk\n  frame: informational\ntitle: X\n"),
            Some(Ok(Frame::Informational))
        );
        assert_eq!(
            fm("medlint-frame: scientific\n"),
            Some(Ok(Frame::Scientific))
        );
        assert_eq!(
            fm("title = \"X\"\n[medlint]\nframe = \"informational\"\n"),
            Some(Ok(Frame::Informational))
        );
        // `frame:` outside a `medlint` map is someone else's field.
        assert_eq!(fm("frame: scientific\nmedlint:\n  market: uk\n"), None);
        assert_eq!(fm("[other]\nframe = \"scientific\"\n"), None);
        assert_eq!(fm("medlint: {frame: advert}\n"), Some(Err("advert".into())));
    }

    #[test]
    fn a_page_with_any_seller_voice_is_promotional() {
        let cues = FrameCues::builtin();
        let t = |p, i, s, credit| Tally {
            promotional: p,
            weak: 0,
            informational: i,
            scientific: s,
            credit,
            sentences: 3,
        };
        assert_eq!(t(1, 5, 5, true).page_frame(&cues), Frame::Promotional);
        assert_eq!(t(0, 0, 0, false).page_frame(&cues), Frame::Promotional);
        assert_eq!(t(0, 1, 0, false).page_frame(&cues), Frame::Promotional);
        // A long page with no seller's voice needs one informational cue.
        let long = Tally {
            sentences: cues.long_page,
            ..t(0, 1, 0, false)
        };
        assert_eq!(long.page_frame(&cues), Frame::Informational);
        // A newsletter box does not make an explainer an ad; a clinic's CTA does.
        let weak = |i, credit| Tally {
            weak: 1,
            ..t(0, i, 0, credit)
        };
        assert_eq!(weak(0, false).page_frame(&cues), Frame::Promotional);
        assert_eq!(weak(2, false).page_frame(&cues), Frame::Informational);
        assert_eq!(
            weak(cues.weak_override, false).page_frame(&cues),
            Frame::Informational
        );
        assert_eq!(weak(0, true).page_frame(&cues), Frame::Informational);
        assert_eq!(
            weak(0, false).section_frame(Frame::Informational, &cues),
            Frame::Informational
        );
        assert_eq!(t(0, 2, 0, false).page_frame(&cues), Frame::Informational);
        assert_eq!(t(0, 0, 0, true).page_frame(&cues), Frame::Informational);
        assert_eq!(t(0, 3, 2, false).page_frame(&cues), Frame::Scientific);
        // Sections of a promotional page.
        assert_eq!(
            t(0, 2, 0, false).section_frame(Frame::Promotional, &cues),
            Frame::Informational
        );
        assert_eq!(
            t(0, 1, 0, false).section_frame(Frame::Promotional, &cues),
            Frame::Promotional
        );
        assert_eq!(
            t(1, 0, 0, false).section_frame(Frame::Informational, &cues),
            Frame::Promotional
        );
        assert_eq!(
            t(0, 0, 0, false).section_frame(Frame::Informational, &cues),
            Frame::Informational
        );
    }
}
