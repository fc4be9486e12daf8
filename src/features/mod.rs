//! Features: what users ask for, built on the store, the projection and the graph core. Each module
//! is one command's work, written as a library: query answers (`query_output`), `stats`,
//! `validate`, sheets for people (`spreadsheet`: CSV and XLSX), people's tables that fit the terminal (`table`), matching reports (`match_output`), `export`, `brief`, `import`, `generate` and the
//! matching `evaluation`. Features may use each other; nothing below them uses a feature.

pub mod analyze_output;
pub mod brief;
pub mod evaluation;
pub mod export;
pub mod generate;
pub mod import;
pub mod match_output;
pub mod query_output;
pub mod score;
pub mod spreadsheet;
pub mod stats;
pub mod table;
pub mod validate;
