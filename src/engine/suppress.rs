//! Inline suppression directives, with the reason a reviewer gave:
//!
//! ```text
//! <!-- medlint-disable-next-line MED101 -- approved: MLR-2026-114 -->
//! <!-- medlint-disable MED101,uncited-statistic -- reason --> … <!-- medlint-enable -->
//! <!-- medlint-disable-file MED301 -- reason -->
//! {/* medlint-disable-next-line MED101 -- approved: MLR-2026-114 */}   (MDX)
//! ```
//!
//! In plain text the same directives stand on a line of their own. Selectors are those of
//! `--select`; none means every rule. A directive without a reason, and one that suppresses
//! nothing, are findings of their own.

use crate::diagnostic::RuleInfo;
use crate::rules::select::specificity;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DirectiveKind {
    NextLine,
    Disable,
    Enable,
    File,
}

#[derive(Debug, Clone)]
pub struct Directive {
    pub kind: DirectiveKind,
    /// Empty: every rule.
    pub selectors: Vec<String>,
    pub reason: Option<String>,
    /// The directive's text in the source.
    pub range: Range<usize>,
    pub line: usize,
    /// For `NextLine`: the line it covers. For `Disable`: the last line of its region.
    pub until: usize,
    pub used: bool,
}

static DIRECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"medlint-(disable-next-line|disable-file|disable|enable)\b([^\n]*?)(?:-->|\*/[ \t]*\}|$)",
    )
    .unwrap()
});

/// Finds the directives in the given source ranges.
pub fn parse(
    text: &str,
    ranges: &[Range<usize>],
    line_of: impl Fn(usize) -> usize,
) -> Vec<Directive> {
    let mut out: Vec<Directive> = Vec::new();
    for r in ranges {
        let slice = &text[r.clone()];
        for c in DIRECTIVE.captures_iter(slice) {
            let m = c.get(0).unwrap();
            let kind = match &c[1] {
                "disable-next-line" => DirectiveKind::NextLine,
                "disable-file" => DirectiveKind::File,
                "disable" => DirectiveKind::Disable,
                _ => DirectiveKind::Enable,
            };
            let rest = c[2].trim();
            let (sel, reason) = match rest.split_once("--") {
                Some((s, r)) => (s, Some(r.trim().to_string()).filter(|r| !r.is_empty())),
                None => (rest, None),
            };
            let selectors: Vec<String> = sel
                .split([',', ' '])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect();
            let written = m.as_str().trim_end();
            let written = written
                .strip_suffix("-->")
                .or_else(|| {
                    written
                        .strip_suffix('}')
                        .map(|w| w.trim_end().trim_end_matches("*/"))
                })
                .unwrap_or(written);
            let text_end = written.trim_end().len();
            let start = r.start + m.start();
            let range = start..start + text_end;
            out.push(Directive {
                kind,
                selectors,
                reason,
                line: line_of(range.start),
                until: 0,
                range,
                used: false,
            });
        }
    }
    out.sort_by_key(|d| d.range.start);
    out
}

/// Fills in which lines each directive covers: the next non-blank line for `NextLine`, up to
/// the next `enable` (or the end) for `Disable`.
pub fn resolve_lines(directives: &mut [Directive], text: &str) {
    let lines: Vec<&str> = text.split('\n').collect();
    for i in 0..directives.len() {
        match directives[i].kind {
            DirectiveKind::NextLine => {
                let mut l = directives[i].line + 1;
                while l <= lines.len() && lines[l - 1].trim().is_empty() {
                    l += 1;
                }
                directives[i].until = l;
            }
            DirectiveKind::Disable => {
                let end = directives[i + 1..]
                    .iter()
                    .find(|d| d.kind == DirectiveKind::Enable)
                    .map_or(usize::MAX, |d| d.line);
                directives[i].until = end;
            }
            DirectiveKind::Enable | DirectiveKind::File => {}
        }
    }
}

impl Directive {
    /// Whether this directive covers `rule` at `line` (`None`: a document-level finding).
    pub fn covers(&self, rule: &RuleInfo, line: Option<usize>) -> bool {
        let selected = self.selectors.is_empty()
            || self
                .selectors
                .iter()
                .any(|s| specificity(rule, s).is_some());
        if !selected {
            return false;
        }
        match (self.kind, line) {
            (DirectiveKind::File, _) => true,
            (DirectiveKind::NextLine, Some(l)) => l == self.until,
            (DirectiveKind::Disable, Some(l)) => l > self.line && l < self.until,
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directives_parse_with_and_without_reasons() {
        let text = "<!-- medlint-disable-next-line MED101,MED204 -- approved: MLR-2026-114 -->\nA line.\n<!-- medlint-disable-file -->\n";
        let whole = 0..text.len();
        let d = parse(text, std::slice::from_ref(&whole), |o| {
            text[..o].matches('\n').count() + 1
        });
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].kind, DirectiveKind::NextLine);
        assert_eq!(d[0].selectors, vec!["MED101", "MED204"]);
        assert_eq!(d[0].reason.as_deref(), Some("approved: MLR-2026-114"));
        assert_eq!(
            &text[d[0].range.clone()],
            "medlint-disable-next-line MED101,MED204 -- approved: MLR-2026-114"
        );
        assert_eq!(d[1].kind, DirectiveKind::File);
        assert!(d[1].selectors.is_empty());
        assert_eq!(d[1].reason, None);
    }
}
