//! A baseline file: parsed, then used to filter the findings of a page.
//!
//! The checks live in `tests/common/option_files.rs`, shared with `tests/option_files.rs`,
//! which replays the inputs kept in `tests/regressions/baseline/`.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/common/invariants.rs"]
#[allow(dead_code)]
mod invariants;
#[path = "../../tests/common/option_files.rs"]
#[allow(dead_code)]
mod option_files;

fuzz_target!(|data: &[u8]| option_files::check_baseline(data));
