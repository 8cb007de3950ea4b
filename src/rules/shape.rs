//! Every problem of a rule file's shape at once: syntax errors, unknown keys and values (with
//! "did you mean"), missing keys. Deserializing stops at the first problem; this walk goes on,
//! so one run of `medlint test-rules` shows all of them. Where each problem has an obvious
//! correction (the key or value a misspelling is closest to, an unknown key removed), the
//! corrected copy is checked further by the caller, so a bad pattern or placeholder is reported
//! in the same run as the misspelt key beside it.
//!
//! The keys and values it knows are the schema's own (`schema.rs`), read from serde's answer to
//! a probe, so the two never disagree.

use super::schema::{ContextSpec, ExampleSpec, HedgeMode, MatchKind, MatchSpec, RuleFile, Scope};
use crate::diagnostic::{Category, Frame, Market, Severity};
use crate::lang::classes::edit_distance;
use serde::de::DeserializeOwned;
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// One problem: message, where, label, help.
pub type Problem = (String, Option<Range<usize>>, &'static str, Option<String>);

const PROBE: &str = "medlint-probe";

/// The backquoted names after "expected" in a serde error.
fn expected_in(message: &str) -> Vec<String> {
    let Some(at) = message.find("expected") else {
        return Vec::new();
    };
    message[at..]
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// The keys a table of type `T` accepts.
fn fields<T: DeserializeOwned>() -> Vec<String> {
    match toml::from_str::<T>(&format!("{PROBE} = 0")) {
        Err(e) => expected_in(e.message()),
        Ok(_) => Vec::new(),
    }
}

/// The values an enum `T` accepts.
fn variants<T: DeserializeOwned>() -> Vec<String> {
    #[derive(serde::Deserialize)]
    struct Probe<T> {
        #[allow(dead_code)]
        v: T,
    }
    match toml::from_str::<Probe<T>>(&format!("v = \"{PROBE}\"")) {
        Err(e) => expected_in(e.message()),
        Ok(_) => Vec::new(),
    }
}

/// The known name closest to `name`, when one is close.
fn closest<'k>(name: &str, known: &'k [String]) -> Option<&'k str> {
    known
        .iter()
        .map(|k| (edit_distance(k, name), k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 4))
        .min()
        .map(|(_, k)| k.as_str())
}

/// "did you mean `x`?" for the known name closest to `name`, when one is close.
fn did_you_mean(name: &str, known: &[String]) -> Option<String> {
    closest(name, known).map(|k| format!("did you mean `{k}`?"))
}

/// A change to the source that undoes a problem: a misspelt key or value replaced by the one it
/// is closest to, an unknown key removed (blanked, so lines stay where they are).
pub type Edit = (Range<usize>, String);

struct Walk {
    problems: Vec<Problem>,
    edits: Vec<Edit>,
    /// Whether every problem has an edit that undoes it.
    repairable: bool,
}

impl Walk {
    fn keys(
        &mut self,
        table: &DeTable,
        known: &[String],
        required: &[&str],
        at: Range<usize>,
        what: &str,
    ) {
        let present = |k: &str| table.keys().any(|key| key.get_ref().as_ref() == k);
        let mut renamed: Vec<String> = Vec::new();
        for (key, value) in table {
            let name = key.get_ref().as_ref();
            if !known.iter().any(|k| k == name) {
                match closest(name, known) {
                    Some(k) if !present(k) && !renamed.iter().any(|r| r == k) => {
                        renamed.push(k.to_string());
                        self.edits.push((key.span(), k.to_string()));
                    }
                    _ => {
                        let end = value.span().end.max(key.span().end);
                        self.edits.push((key.span().start..end, String::new()));
                    }
                }
                let help = did_you_mean(name, known)
                    .unwrap_or_else(|| format!("{what} takes {}", quoted(known)));
                self.problems.push((
                    format!("unknown key `{name}` in {what}"),
                    Some(key.span()),
                    "unknown key",
                    Some(help),
                ));
            }
        }
        for r in required {
            if !present(r) {
                self.repairable &= renamed.iter().any(|k| k == r);
                self.problems.push((
                    format!("missing key `{r}` in {what}"),
                    Some(at.clone()),
                    "in this table",
                    None,
                ));
            }
        }
    }

    /// A string value (or each string of an array) that must be one of `known`.
    fn values(&mut self, value: &Spanned<DeValue>, known: &[String], key: &str) {
        let check = |this: &mut Walk, v: &Spanned<DeValue>| {
            if let DeValue::String(s) = v.get_ref()
                && !known.iter().any(|k| k == s.as_ref())
            {
                match closest(s, known) {
                    Some(k) => this.edits.push((v.span(), format!("\"{k}\""))),
                    None => this.repairable = false,
                }
                let help = did_you_mean(s, known)
                    .unwrap_or_else(|| format!("`{key}` is one of {}", quoted(known)));
                this.problems.push((
                    format!("unknown value `{s}` for `{key}`"),
                    Some(v.span()),
                    "unknown value",
                    Some(help),
                ));
            }
        };
        match value.get_ref() {
            DeValue::Array(items) => items.iter().for_each(|v| check(self, v)),
            _ => check(self, value),
        }
    }

    fn values_of(&mut self, table: &DeTable, of: &[(&str, Vec<String>)]) {
        for (key, value) in table {
            if let Some((_, known)) = of.iter().find(|(k, _)| *k == key.get_ref().as_ref()) {
                self.values(value, known, key.get_ref());
            }
        }
    }
}

fn quoted(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Every problem of the file's shape; empty when it has the shape of a rule file.
pub fn problems(src: &str) -> Vec<Problem> {
    check(src).0
}

/// Every problem of the file's shape, and the edits that undo them all when there are such
/// edits: a file with only misspelt or unknown keys and values can then be checked further (its
/// patterns, its placeholders), so one run shows every problem.
pub fn check(src: &str) -> (Vec<Problem>, Option<Vec<Edit>>) {
    let mut walk = walk(src);
    walk.edits.sort_by_key(|(r, _)| r.start);
    let overlapping = walk.edits.windows(2).any(|w| w[0].0.end > w[1].0.start);
    let edits = (walk.repairable && !overlapping && !walk.edits.is_empty()).then_some(walk.edits);
    (walk.problems, edits)
}

/// `src` with `edits` made (sorted, not overlapping). Blanked text becomes one space a byte and
/// keeps its line breaks, so every offset after it stays where it was.
pub fn apply(src: &str, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(src.len());
    let mut at = 0;
    for (range, with) in edits {
        out.push_str(&src[at..range.start]);
        if with.is_empty() {
            out.extend(
                src.as_bytes()[range.clone()]
                    .iter()
                    .map(|&b| if b == b'\n' { '\n' } else { ' ' }),
            );
        } else {
            out.push_str(with);
        }
        at = range.end;
    }
    out.push_str(&src[at..]);
    out
}

/// Where offset `at` of the edited text was in the original: inside a replacement, the start of
/// what it replaced.
pub fn original_offset(edits: &[Edit], src: &str, at: usize) -> usize {
    let mut shift: isize = 0;
    for (range, with) in edits {
        let len = if with.is_empty() {
            range.len()
        } else {
            with.len()
        };
        let start = (range.start as isize + shift) as usize;
        if at < start {
            break;
        }
        if at < start + len {
            return range.start;
        }
        shift += len as isize - range.len() as isize;
    }
    ((at as isize - shift).max(0) as usize).min(src.len())
}

fn walk(src: &str) -> Walk {
    let (doc, errors) = DeTable::parse_recoverable(src);
    let mut walk = Walk {
        problems: errors
            .iter()
            .map(|e| (e.message().trim().to_string(), e.span(), "here", None))
            .collect(),
        edits: Vec::new(),
        repairable: true,
    };
    if !walk.problems.is_empty() {
        walk.repairable = false;
        return walk;
    }
    let top = doc.get_ref();
    let whole = 0..src.len().min(1);
    walk.keys(
        top,
        &fields::<RuleFile>(),
        &[
            "code",
            "name",
            "category",
            "severity",
            "message",
            "help",
            "description",
            "match",
        ],
        whole,
        "a rule file",
    );
    walk.values_of(
        top,
        &[
            ("category", variants::<Category>()),
            ("severity", variants::<Severity>()),
            ("markets", variants::<Market>()),
            ("frames", variants::<Frame>()),
        ],
    );
    let table = |key: &str| {
        top.iter()
            .find(|(k, _)| k.get_ref().as_ref() == key)
            .map(|(_, v)| v)
    };
    if let Some(m) = table("match")
        && let DeValue::Table(t) = m.get_ref()
    {
        walk.keys(t, &fields::<MatchSpec>(), &["kind"], m.span(), "`[match]`");
        walk.values_of(t, &[("kind", variants::<MatchKind>())]);
    }
    if let Some(c) = table("context")
        && let DeValue::Table(t) = c.get_ref()
    {
        walk.keys(t, &fields::<ContextSpec>(), &[], c.span(), "`[context]`");
        walk.values_of(
            t,
            &[
                ("scope", variants::<Scope>()),
                ("hedges", variants::<HedgeMode>()),
            ],
        );
    }
    if let Some(e) = table("examples")
        && let DeValue::Array(items) = e.get_ref()
    {
        for item in items {
            if let DeValue::Table(t) = item.get_ref() {
                walk.keys(
                    t,
                    &fields::<ExampleSpec>(),
                    &["text", "fires"],
                    item.span(),
                    "an example",
                );
                walk.values_of(
                    t,
                    &[
                        ("market", variants::<Market>()),
                        ("frame", variants::<Frame>()),
                    ],
                );
            }
        }
    }
    walk
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_is_read_from_serde() {
        let top = fields::<RuleFile>();
        for k in ["code", "help-for", "match", "examples", "rewrites"] {
            assert!(top.iter().any(|f| f == k), "{k} in {top:?}");
        }
        assert!(
            variants::<MatchKind>()
                .iter()
                .any(|v| v == "product-mention")
        );
        assert!(variants::<Scope>().iter().any(|v| v == "paragraph"));
    }

    #[test]
    fn every_problem_at_once_with_did_you_mean() {
        let src = "code = \"X001\"\nname = \"x\"\ncategory = \"absolute-languag\"\nseverty = \"error\"\n\
                   message = \"m\"\nhelp = \"h\"\ndescription = \"d\"\n\n[match]\nkind = \"regexp\"\n\n\
                   [context]\nnegaton = true\n\n[[examples]]\ntext = \"t\"\nfire = true\n";
        let got: Vec<(String, Option<String>)> =
            problems(src).into_iter().map(|p| (p.0, p.3)).collect();
        let want = [
            (
                "unknown key `severty` in a rule file",
                Some("did you mean `severity`?"),
            ),
            ("missing key `severity` in a rule file", None),
            (
                "unknown value `absolute-languag` for `category`",
                Some("did you mean `absolute-language`?"),
            ),
            (
                "unknown value `regexp` for `kind`",
                Some("did you mean `regex`?"),
            ),
            (
                "unknown key `negaton` in `[context]`",
                Some("did you mean `negation`?"),
            ),
            (
                "unknown key `fire` in an example",
                Some("did you mean `fires`?"),
            ),
            ("missing key `fires` in an example", None),
        ];
        let want: Vec<(String, Option<String>)> = want
            .iter()
            .map(|(m, h)| (m.to_string(), h.map(str::to_string)))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn misspellings_are_put_right_and_offsets_map_back() {
        let rest = "name = \"x\"\nmessage = \"m\"\nhelp = \"h\"\ndescription = \"d\"\n\n[match]\nkind = \"regex\"\n";
        let src = format!(
            "code = \"X001\"\nseverty = \"error\"\ncategory = \"absolute-languag\"\nzzz = [\n  1,\n]\n{rest}"
        );
        // A blanked value with characters of several bytes keeps every later offset.
        let wide = src.replace("zzz = [\n  1,\n]", "zzz = \"“é”\"");
        let (_, wide_edits) = check(&wide);
        let wide_edits = wide_edits.expect("every problem has an edit");
        let wide_fixed = apply(&wide, &wide_edits);
        let name = wide_fixed.find("name").unwrap();
        assert_eq!(
            original_offset(&wide_edits, &wide, name),
            wide.find("name").unwrap()
        );
        // The two renames add a byte each; the blanked value adds nothing.
        assert_eq!(wide_fixed.len(), wide.len() + 2);
        let (_, edits) = check(&src);
        let edits = edits.expect("every problem has an edit");
        let fixed = apply(&src, &edits);
        assert_eq!(
            fixed,
            format!(
                "code = \"X001\"\nseverity = \"error\"\ncategory = \"absolute-language\"\n       \n    \n \n{rest}"
            )
        );
        assert!(toml::from_str::<RuleFile>(&fixed).is_ok());
        // Lines stay where they were; an offset after the edits maps back to the same text.
        assert_eq!(fixed.lines().count(), src.lines().count());
        let help = fixed.find("help").unwrap();
        assert_eq!(&src[original_offset(&edits, &src, help)..][..4], "help");
        // Inside a replacement: the start of what it replaced.
        let value = fixed.find("\"absolute-language\"").unwrap() + 3;
        assert_eq!(
            original_offset(&edits, &src, value),
            src.find("\"absolute-languag\"").unwrap()
        );
        // A value with nothing close cannot be put right, nor can a key that is missing.
        let loud = src.replace("absolute-languag", "loud");
        assert!(check(&loud).1.is_none());
        assert!(check(&src.replace("name = \"x\"\n", "")).1.is_none());
    }

    #[test]
    fn a_good_rule_file_has_no_problems() {
        for (name, src) in crate::rules::BUILTIN_RULE_FILES {
            assert_eq!(problems(src), Vec::new(), "{name}");
        }
    }
}
