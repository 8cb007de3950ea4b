//! A user's rule file and, after a 0xFF byte, a class file: loaded, their errors rendered; a
//! rule that loads runs its examples and lints a page with the invariants of the `lint` target.
//!
//! The checks live in `tests/common/option_files.rs`, shared with `tests/option_files.rs`,
//! which replays the inputs kept in `tests/regressions/rule_file/`.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/common/invariants.rs"]
#[allow(dead_code)]
mod invariants;
#[path = "../../tests/common/option_files.rs"]
#[allow(dead_code)]
mod option_files;

fuzz_target!(|data: &[u8]| option_files::check_rule_file(data));
