//! Arbitrary bytes through decoding, every reader and the engine with the built-in rules.
//!
//! The first byte picks the format (markdown, html, text) and the market; the rest is the
//! file. The invariants are those of the property tests: see `tests/common/invariants.rs`.

#![no_main]

use libfuzzer_sys::fuzz_target;
use medlint::diagnostic::Market;
use medlint::engine::Engine;
use medlint::engine::context::Lexicon;
use medlint::rules::builtin_rules;
use medlint::source::Format;
use std::sync::LazyLock;

#[path = "../../tests/common/invariants.rs"]
mod invariants;

static ENGINE: LazyLock<Engine> = LazyLock::new(|| {
    Engine::new(
        builtin_rules().expect("built-in rules load"),
        Lexicon::builtin(),
    )
});

fuzz_target!(|data: &[u8]| {
    let Some((&selector, file)) = data.split_first() else {
        return;
    };
    let format = [Format::Markdown, Format::Html, Format::Text][usize::from(selector % 3)];
    let market = Market::ALL[usize::from(selector / 3 % 3)];
    invariants::lint_and_check(&ENGINE, file, format, market);
});
