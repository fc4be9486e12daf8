//! Spreadsheet import (`innomap import`): a CSV or XLSX sheet of firms, resources, directions,
//! collaborations, talents or investments, mapped to the vocabulary and stored as one named graph per
//! sheet, so that re-importing a sheet replaces what it said before.
//!
//! The steps, each in its own file: [`table`] reads the file into rows of text (encodings, workbooks);
//! [`layout`] maps the header row to columns and writes templates; [`rows`] turns each row into
//! statements about matched or new entities (with [`values`] and [`credit_code`] checking cells, and
//! [`context`] answering what the store already holds); [`plan`] reconciles those statements with
//! the other sources in the store and collects every problem; [`diff`] compares the plan with what the
//! sheet's graph holds now. Nothing is written unless the whole sheet is free of problems.
//!
//! The rules (docs/IMPORT.md has the long form):
//! - **Source graph.** `https://w3id.org/innomap/graph/import/<kind>/<source>`, where `<source>` is the
//!   file name without its extension (plus `/<worksheet>` for workbooks), or `--source NAME`. The same
//!   sheet from any directory replaces the same graph; identical bytes give identical quads.
//! - **Matching.** A row is the entity whose unified social credit code it gives; else the one whose
//!   id it gives; else the one whose label or alias equals its name (NFKC, case and spacing folded).
//!   Two entities for one name is a problem. New entities get ids from their English name (a slug) or a
//!   short SHA-256 of the credit code or name, so the same row always gets the same IRI.
//! - **Other sources.** A sheet never repeats a statement another graph makes, and never contradicts
//!   one: a single-valued property (tier, place, founding year…) that another source states with
//!   another value is a problem naming that source. A different name for a matched entity becomes an
//!   alias (`skos:altLabel`).

pub mod context;
pub mod credit_code;
pub mod diff;
pub mod entity;
pub(crate) mod iri;
pub mod layout;
pub mod plan;
pub mod problem;
pub mod rows;
pub mod table;
pub mod values;

#[cfg(test)]
mod tests;

pub use diff::{
    EntityChange, ImportDiff, PropertyChange, diff_plan, write_diff_json, write_diff_summary,
    write_diff_table,
};
pub use entity::{MatchedBy, PlannedEntity};
pub use layout::{Column, Key, Need, columns, write_template};
pub use plan::{ImportPlan, apply_plan, plan_import, write_plan_rdf};
pub use problem::{Problem, ProblemColumn};
pub use table::{
    ReadOptions, SheetFormat, Table, TableRow, TextEncoding, read_table, read_table_file,
};

use crate::base::error::Error;
use std::fmt;
use std::str::FromStr;

/// The kind of sheet: which entities its rows describe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SheetKind {
    Firms,
    Resources,
    Directions,
    Collaborations,
    Talents,
    Investments,
}

impl SheetKind {
    pub const ALL: [SheetKind; 6] = [
        SheetKind::Firms,
        SheetKind::Resources,
        SheetKind::Directions,
        SheetKind::Collaborations,
        SheetKind::Talents,
        SheetKind::Investments,
    ];

    /// The name on the command line and in graph IRIs.
    pub fn as_str(self) -> &'static str {
        match self {
            SheetKind::Firms => "firms",
            SheetKind::Resources => "resources",
            SheetKind::Directions => "directions",
            SheetKind::Collaborations => "collaborations",
            SheetKind::Talents => "talents",
            SheetKind::Investments => "investments",
        }
    }

    /// Chinese and English names.
    pub fn label(self, lang: crate::base::Lang) -> &'static str {
        let (zh, en) = match self {
            SheetKind::Firms => ("企业", "firms"),
            SheetKind::Resources => ("创新资源", "innovation resources"),
            SheetKind::Directions => ("攻关方向", "directions"),
            SheetKind::Collaborations => ("合作", "collaborations"),
            SheetKind::Talents => ("人才", "talents"),
            SheetKind::Investments => ("投资", "investments"),
        };
        match lang {
            crate::base::Lang::Zh => zh,
            crate::base::Lang::En => en,
        }
    }
}

impl fmt::Display for SheetKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for SheetKind {
    type Err = ImportError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let wanted = text.trim().to_lowercase();
        SheetKind::ALL
            .into_iter()
            .find(|k| {
                let name = k.as_str();
                wanted == name
                    || wanted == name.trim_end_matches('s')
                    || wanted == k.label(crate::base::Lang::Zh)
            })
            .ok_or_else(|| {
                ImportError::Usage(format!(
                    "unknown sheet kind '{text}': use one of {}",
                    SheetKind::ALL.map(SheetKind::as_str).join(", ")
                ))
            })
    }
}

/// How a sheet is imported.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub kind: SheetKind,
    /// The source name in the graph IRI (default: the file name without extension, plus the
    /// worksheet for workbooks).
    pub source: Option<String>,
    /// The region that new entities and nodes are minted in (`zjg`).
    pub region: String,
}

impl ImportOptions {
    pub fn new(kind: SheetKind) -> Self {
        Self {
            kind,
            source: None,
            region: "zjg".to_owned(),
        }
    }
}

/// What can go wrong in an import.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The sheet has problems; each names its row and column. Nothing was imported.
    #[error("{file}: {} problem(s) found; nothing was imported — fix the sheet and import it again", problems.len())]
    Problems {
        file: String,
        problems: Vec<Problem>,
    },
    /// A file that cannot be read or decoded.
    #[error("{0}")]
    Input(String),
    /// A bad option.
    #[error("{0}")]
    Usage(String),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] Error),
}

impl ImportError {
    /// 2 for bad input or usage (problems included), else the store error's code.
    pub fn exit_code(&self) -> i32 {
        match self {
            ImportError::Store(e) => e.exit_code(),
            _ => 2,
        }
    }
}

impl From<ImportError> for Error {
    fn from(error: ImportError) -> Self {
        match error {
            ImportError::Store(e) => e,
            ImportError::Usage(message) => Error::Usage(message),
            other => Error::Input {
                message: other.to_string(),
            },
        }
    }
}
