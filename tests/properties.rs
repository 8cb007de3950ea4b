//! Property tests: whatever bytes a file holds and whatever format it is read as, reading and
//! linting it never panic and every finding's span is inside the file, on character
//! boundaries, with the right line and column (see `common/invariants.rs`).

mod common;

use common::ENGINE;
use common::invariants::lint_and_check;
use medlint::diagnostic::Market;
use medlint::source::Format;
use proptest::prelude::*;

fn format() -> impl Strategy<Value = Format> {
    prop_oneof![
        Just(Format::Markdown),
        Just(Format::Html),
        Just(Format::Text)
    ]
}

fn market() -> impl Strategy<Value = Market> {
    prop::sample::select(Market::ALL.to_vec())
}

/// Pieces of Markdown, HTML, front matter and claims, with line endings, multi-byte and
/// invisible characters, NUL and invalid UTF-8.
const PIECES: &[&[u8]] = &[
    b"#",
    b"# ",
    b"*",
    b"**",
    b"_",
    b"-",
    b"- ",
    b"1. ",
    b"2) ",
    b">",
    b"> ",
    b"<",
    b"&",
    b"[",
    b"]",
    b"(",
    b")",
    b"`",
    b"```",
    b"~~~",
    b"    ",
    b"|",
    b"| --- |",
    b"!",
    b"---",
    b"---\n",
    b"+++\n",
    b"title: ",
    b"description: \"",
    b"\"",
    b"'",
    b"\\",
    b"\n",
    b"\n\n",
    b"\r\n",
    b"\r",
    b" ",
    b"\t",
    b"\0",
    b"<!--",
    b"-->",
    b"<!-- medlint-disable-next-line MED401 -- reviewed -->",
    b"medlint-disable MED",
    b"<p>",
    b"</p>",
    b"<br>",
    b"<sup>",
    b"</sup>",
    b"<cite>",
    b"</cite>",
    b"<a href=\"https://doi.org/10.1/x\">",
    b"</a>",
    b"<img alt=\"",
    b"\" title=\"",
    b"\">",
    b"<script>",
    b"</script>",
    b"<li>",
    b"<ol start=\"9\">",
    b"<blockquote>",
    b"&amp;",
    b"&#x2019;",
    b"&#8217;",
    b"&nbsp;",
    b"&#xD800;",
    b"[^1]",
    b"[^1]: ",
    b"](https://example.com/a)",
    b"https://www.nih.gov/",
    b"www.",
    b"\xc3\xa9",
    b"\xe2\x80\x99",
    b"\xe2\x80\x9c",
    b"\xe2\x80\x93",
    b"\xef\xbb\xbf",
    b"\xe2\x80\x8b",
    b"\xc2\xad",
    b"\xf0\x9f\x99\x82",
    b"\xe2\x80\xa2 ",
    b"\xc3",
    b"\xe2\x80",
    b"\xff",
    b"\x80",
    b"Ketamine cures depression",
    b"100% safe",
    b"71% of patients",
    b"guaranteed results",
    b"FDA approved",
    b"miracle",
    b"no side effects",
    b"Call now",
    b"Dr. ",
    b". ",
    b"? ",
    b"semaglutide",
    b"clinically proven",
    b"Act now before it's too late!",
    b"$99",
    b"market: uk\n",
];

/// Bytes made of the pieces above and arbitrary bytes.
fn markup() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        4 => prop::sample::select(PIECES).prop_map(|p| p.to_vec()),
        1 => any::<u8>().prop_map(|b| vec![b]),
        1 => "[a-zA-Z ]{1,12}".prop_map(String::into_bytes),
    ];
    prop::collection::vec(piece, 0..120).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn markup_like_bytes_lint_within_the_file(
        bytes in markup(),
        format in format(),
        market in market(),
    ) {
        lint_and_check(&ENGINE, &bytes, format, market);
    }

    #[test]
    fn arbitrary_bytes_lint_within_the_file(
        bytes in prop::collection::vec(any::<u8>(), 0..600),
        format in format(),
        market in market(),
    ) {
        lint_and_check(&ENGINE, &bytes, format, market);
    }
}

/// Inputs that once broke an invariant (found by these tests or the fuzz target), in
/// `tests/regressions/`: each is read in the format its extension names, for every market.
#[test]
fn past_failures_stay_fixed() {
    let dir = common::root().join("tests/regressions");
    // Folders hold the inputs of the other fuzz targets (see `tests/option_files.rs`).
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty());
    for path in files {
        let bytes = std::fs::read(&path).unwrap();
        let format = Format::from_path(&path).unwrap_or(Format::Text);
        for market in Market::ALL {
            lint_and_check(&ENGINE, &bytes, format, market);
        }
    }
}
