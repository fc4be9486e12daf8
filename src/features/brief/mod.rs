//! Briefing packs (`innomap brief`): one folder per direction, chain or firm with the picture (SVG),
//! the interactive page (HTML), the GraphML, and a summary for leaders in Word (DOCX), print-ready
//! HTML (A4) and Markdown — title, the consortium table (who covers what), gaps and whom to
//! recruit, key figures of the chain, the picture, a plain provenance footnote; the data version,
//! sources, files and ids in an appendix, no command-line text. Chinese by default.
//!
//! [`build_brief`] is IO-free (graph, facts and data version in, file contents out);
//! [`write_pack`] writes the folder.
//!
//! The files: `build.rs` assembles a pack (the subject's sections, each chain's key figures, the
//! picture, provenance notes, the header, and the drawings); `direction.rs`, `chain.rs` and
//! `firm.rs` write the sections of each subject kind, with `shared.rs` holding what several kinds
//! use (the gaps table, tier names, matching errors); `summary.rs` turns the summary's blocks into
//! Markdown and HTML; `write.rs` writes the folder.

mod build;
mod chain;
mod direction;
mod firm;
mod grades;
mod shared;
mod summary;
mod write;

#[cfg(test)]
mod tests;

pub use build::build_brief;
pub use write::write_pack;

use crate::base::Lang;

/// What a brief is about (ids of the graph).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BriefSubject {
    Direction(String),
    Chain(String),
    Firm(String),
}

/// How a brief is made.
#[derive(Debug, Clone, Default)]
pub struct BriefOptions {
    pub lang: Lang,
    /// The date printed on the brief, when the user gives one; otherwise the brief names the data's
    /// year and never today's date.
    pub date: Option<String>,
    /// Whether `--as-of` was given (the brief says where its year comes from).
    pub as_of_given: bool,
    pub include_financials: bool,
    pub max_nodes: Option<usize>,
}

/// The files of a briefing pack, by name.
#[derive(Debug, Clone, PartialEq)]
pub struct BriefPack {
    pub files: Vec<(String, Vec<u8>)>,
}

/// The file names of every pack.
pub const PICTURE: &str = "map.svg";
pub const PAGE: &str = "map.html";
pub const GRAPHML: &str = "map.graphml";
pub const SUMMARY_MD: &str = "summary.md";
pub const SUMMARY_HTML: &str = "summary.html";
pub const SUMMARY_DOCX: &str = "summary.docx";
