//! One literal search per document for every pattern of every rule.
//!
//! Each pattern requires a few literal sets (its factors, see [`Pattern::factors`]): every
//! match contains a member of each. All members of all sets are searched at once with one
//! aho-corasick automaton; a pattern then runs only over a range of the text where each of its
//! sets has a hit. Rule patterns, context patterns (exceptions, `unless`, `requires`) and
//! requirement patterns all share the one search.

use crate::rules::pattern::Pattern;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::collections::HashMap;
use std::ops::Range;

/// The literals of a set of numbered patterns.
pub struct Prefilter {
    ac: Option<AhoCorasick>,
    /// For each literal of the automaton, `owners[owner_start[i]..owner_start[i + 1]]` are the
    /// (pattern id, factor) pairs it belongs to.
    owner_start: Vec<u32>,
    owners: Vec<(u32, u8)>,
    /// The length in bytes of each literal.
    lengths: Vec<u16>,
    /// The number of factors of each pattern id (0: the pattern is not filtered).
    factor_count: Vec<u8>,
}

/// One literal hit in a document, for one pattern (8 bytes: a large document has more hits
/// than bytes).
#[derive(Debug, Clone, Copy)]
struct Hit {
    start: u32,
    len: u16,
    factor: u8,
}

impl Hit {
    fn end(&self) -> u32 {
        self.start + u32::from(self.len)
    }
}

/// The hits of one document, by pattern.
pub struct Hits<'p> {
    prefilter: &'p Prefilter,
    /// `hits[offsets[p]..offsets[p + 1]]` are pattern `p`'s hits, by start.
    offsets: Vec<u32>,
    hits: Vec<Hit>,
}

impl Prefilter {
    /// A prefilter for `patterns`, whose ids must be `0..patterns.len()` in order, over prose
    /// text (see [`crate::source::prose`]).
    ///
    /// A pattern marked `within_blocks` is only ever run inside one block, so its literals
    /// that hold the newline between blocks are left out.
    pub fn new(patterns: &[(&Pattern, bool)]) -> Prefilter {
        let mut index: HashMap<&str, usize> = HashMap::new();
        let mut literals: Vec<String> = Vec::new();
        let mut owned: Vec<Vec<(u32, u8)>> = Vec::new();
        let mut factor_count = Vec::with_capacity(patterns.len());
        for (id, &(p, within_blocks)) in patterns.iter().enumerate() {
            debug_assert_eq!(p.id(), Some(id));
            // A hit records its literal's length in 16 bits; a pattern with a longer literal
            // (a user's pasted paragraph) is simply not filtered.
            let factors = if p
                .factors()
                .iter()
                .flatten()
                .any(|l| l.len() > usize::from(u16::MAX))
            {
                &[][..]
            } else {
                p.factors()
            };
            factor_count.push(factors.len() as u8);
            for (f, set) in factors.iter().enumerate() {
                // Prose text keeps no whitespace but single spaces and the newlines between
                // blocks: literals with other whitespace can never occur in it.
                let impossible = |l: &str| {
                    l.contains(['\t', '\r', '\x0b', '\x0c']) || (within_blocks && l.contains('\n'))
                };
                for lit in set.iter().filter(|l| !impossible(l)) {
                    let i = *index.entry(lit.as_str()).or_insert_with(|| {
                        literals.push(lit.to_ascii_lowercase());
                        owned.push(Vec::new());
                        literals.len() - 1
                    });
                    owned[i].push((id as u32, f as u8));
                }
            }
        }
        let mut owner_start = Vec::with_capacity(owned.len() + 1);
        let mut owners = Vec::new();
        for o in &mut owned {
            owner_start.push(owners.len() as u32);
            o.dedup();
            owners.extend_from_slice(o);
        }
        owner_start.push(owners.len() as u32);
        let ac = (!literals.is_empty()).then(|| {
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(false)
                .match_kind(MatchKind::Standard)
                .build(&literals)
                .expect("literal automaton builds")
        });
        let lengths = literals.iter().map(|l| l.len() as u16).collect();
        Prefilter {
            ac,
            lengths,
            owner_start,
            owners,
            factor_count,
        }
    }

    /// Searches `text` once for the literals of every pattern.
    pub fn hits(&self, text: &str) -> Hits<'_> {
        let n = self.factor_count.len();
        // Literal hits as (literal, start), then one hit per owning pattern, bucketed by
        // pattern with a counting sort and ordered by start within each bucket.
        let mut raw: Vec<(u32, u32)> = Vec::new();
        if let Some(ac) = &self.ac {
            raw.extend(
                ac.find_overlapping_iter(text.to_ascii_lowercase().as_str())
                    .map(|m| (m.pattern().as_u32(), m.start() as u32)),
            );
        }
        let owners_of = |lit: u32| {
            let lit = lit as usize;
            &self.owners[self.owner_start[lit] as usize..self.owner_start[lit + 1] as usize]
        };
        let mut offsets = vec![0u32; n + 1];
        for &(lit, _) in &raw {
            for &(p, _) in owners_of(lit) {
                offsets[p as usize + 1] += 1;
            }
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        let mut next = offsets.clone();
        let mut hits = vec![
            Hit {
                start: 0,
                len: 0,
                factor: 0
            };
            offsets[n] as usize
        ];
        for (lit, start) in raw {
            let len = self.lengths[lit as usize];
            for &(p, factor) in owners_of(lit) {
                let slot = &mut next[p as usize];
                hits[*slot as usize] = Hit { start, len, factor };
                *slot += 1;
            }
        }
        for p in 0..n {
            hits[offsets[p] as usize..offsets[p + 1] as usize].sort_unstable_by_key(|h| h.start);
        }
        Hits {
            prefilter: self,
            offsets,
            hits,
        }
    }
}

impl Hits<'_> {
    fn of(&self, id: usize) -> &[Hit] {
        &self.hits[self.offsets[id] as usize..self.offsets[id + 1] as usize]
    }

    fn full(&self, id: usize) -> u32 {
        (1u32 << self.prefilter.factor_count[id]) - 1
    }

    /// Whether `pattern` may match inside `range` of the searched text: each of its literal
    /// sets has a hit inside the range. A pattern this prefilter does not know may always match.
    pub fn may_match(&self, pattern: &Pattern, range: Range<usize>) -> bool {
        let Some(id) = pattern
            .id()
            .filter(|&id| id < self.prefilter.factor_count.len())
        else {
            return true;
        };
        let full = self.full(id);
        if full == 0 {
            return true;
        }
        let hits = self.of(id);
        let first = hits.partition_point(|h| (h.start as usize) < range.start);
        let mut mask = 0u32;
        for h in &hits[first..] {
            if h.start as usize >= range.end {
                break;
            }
            if h.end() as usize <= range.end {
                mask |= 1 << h.factor;
                if mask == full {
                    return true;
                }
            }
        }
        false
    }

    /// The ranges among `ranges` (sorted, not overlapping) inside which `pattern` may match.
    pub fn ranges_for<'r>(
        &'r self,
        pattern: &'r Pattern,
        ranges: &'r [Range<usize>],
    ) -> Box<dyn Iterator<Item = usize> + 'r> {
        let id = pattern
            .id()
            .filter(|&id| id < self.prefilter.factor_count.len());
        let Some(id) = id.filter(|&id| self.full(id) != 0) else {
            return Box::new(0..ranges.len());
        };
        let full = self.full(id);
        let hits = self.of(id);
        // Walk the hits, not the ranges: most patterns have few.
        let mut out: Vec<usize> = Vec::new();
        let mut r = 0usize;
        let mut mask = 0u32;
        for h in hits {
            let (start, end) = (h.start as usize, h.end() as usize);
            if r < ranges.len() && start >= ranges[r].end {
                mask = 0;
                r += ranges[r..].partition_point(|x| x.end <= start);
            }
            if r >= ranges.len() {
                break;
            }
            if start < ranges[r].start || end > ranges[r].end {
                continue;
            }
            if mask != full {
                mask |= 1 << h.factor;
                if mask == full {
                    out.push(r);
                }
            }
        }
        Box::new(out.into_iter())
    }

    /// Where the hits of `pattern`'s factor `factor` start inside `range`, in order.
    pub fn starts_in(
        &self,
        pattern: &Pattern,
        factor: usize,
        range: Range<usize>,
    ) -> impl Iterator<Item = usize> + '_ {
        let hits = match pattern.id() {
            Some(id) if id < self.prefilter.factor_count.len() => self.of(id),
            _ => &[],
        };
        let first = hits.partition_point(|h| (h.start as usize) < range.start);
        let mut last = None;
        hits[first..]
            .iter()
            .take_while(move |h| (h.start as usize) < range.end)
            .filter(move |h| h.factor as usize == factor && h.end() as usize <= range.end)
            .map(|h| h.start as usize)
            .filter(move |&s| last.replace(s) != Some(s))
    }

    /// Whether any range of `ranges` may hold a match of `pattern`.
    pub fn any_range(&self, pattern: &Pattern, ranges: &[Range<usize>]) -> bool {
        self.ranges_for(pattern, ranges).next().is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbered(sources: &[&str]) -> Vec<Pattern> {
        sources
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let mut p = Pattern::new(s, true).unwrap();
                p.set_id(i as u32);
                p
            })
            .collect()
    }

    #[test]
    fn a_pattern_runs_only_where_all_its_literal_sets_occur() {
        let ps = numbered(&[
            r"(?-u:\b)our\s+(?:patients|clients)\s+(?:report|rave)(?-u:\b)",
            r"\w+\s+\w+",
            r"(?-u:\b)guaranteed(?-u:\b)",
        ]);
        let refs: Vec<(&Pattern, bool)> = ps.iter().map(|p| (p, true)).collect();
        let pf = Prefilter::new(&refs);
        let text = "Our PATIENTS love us. Our clients report results. Guaranteed.";
        let second = text.find("Our clients").unwrap();
        let third = text.find("Guaranteed").unwrap();
        let hits = pf.hits(text);
        // "patients" has no "report" in its sentence; the second sentence has both.
        assert!(hits.may_match(&ps[0], 0..text.len()));
        assert!(!hits.may_match(&ps[0], 0..second));
        assert!(hits.may_match(&ps[0], second..third));
        // Every match starts with "our": the anchor hits are where to try.
        let anchor = ps[0].anchor().expect("a prefix set");
        assert_eq!(
            hits.starts_in(&ps[0], anchor, 0..text.len())
                .collect::<Vec<_>>(),
            [0, second]
        );
        // Unfiltered patterns may always match.
        assert!(hits.may_match(&ps[1], 0..3));
        assert!(hits.may_match(&ps[2], third..text.len()));
        assert!(!hits.may_match(&ps[2], 0..third));
        let ranges = [0..second - 1, second..third - 1, third..text.len()];
        assert_eq!(hits.ranges_for(&ps[0], &ranges).collect::<Vec<_>>(), [1]);
        assert_eq!(
            hits.ranges_for(&ps[1], &ranges).collect::<Vec<_>>(),
            [0, 1, 2]
        );
        assert_eq!(hits.ranges_for(&ps[2], &ranges).collect::<Vec<_>>(), [2]);
        // A pattern from elsewhere (no id) is never filtered out.
        let stranger = Pattern::new("guaranteed", true).unwrap();
        assert!(hits.may_match(&stranger, 0..1));
    }
}
