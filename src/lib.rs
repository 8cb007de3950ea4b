//! medlint: a compliance linter for health and medical marketing copy.
//!
//! The flow runs one way: `source` reads a file into prose blocks with exact spans, sentences
//! and an evidence index; `rules` turns rule files into compiled rules; `engine` matches every
//! rule in one pass and applies context; `report` renders the sorted findings; `cli` ties them
//! together.

pub mod baseline;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod engine;
pub mod files;
pub mod lang;
pub mod lsp;
pub mod paths;
pub mod report;
pub mod rules;
pub mod source;
