//! Turning rows into statements: which entity each row is (matched or new), and what it says about
//! it, each statement tagged with the rule that reconciles it with other sources ([`Rule`]).
//!
//! The parts, each in its own file: `identity` finds which entity a row is; `references` reads
//! cells (references to other entities, typed values); `records` writes what every entity row
//! says (record, names, provenance); one file per sheet kind (`firms`, `resources`,
//! `directions`, `talents`, `collaborations`, `investments`) writes the rest; `problems`
//! collects problems and statements; `terms` holds the id rules and the literal helpers.

mod collaborations;
mod directions;
mod firms;
mod identity;
mod investments;
mod problems;
mod records;
mod references;
mod resources;
mod talents;
mod terms;

pub use terms::{is_valid_id, short_hash, slug};

use super::context::Context;
use super::entity::{MatchedBy, PlannedEntity};
use super::layout::{HeaderMap, Key};
use super::problem::{Problem, ProblemColumn};
use super::table::TableRow;
use super::values;
use super::{ImportError, SheetKind};
use crate::base::kind::Kind;
use oxigraph::model::Term;
use std::collections::HashMap;

/// How a statement meets what other graphs say about its subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// Many values may hold: skipped when another graph states the same value.
    Set,
    /// One value per subject (per language for text): skipped when another graph states the same
    /// value, a problem when it states another.
    Single,
    /// A name (`rdfs:label`, `skos:prefLabel`): when another graph names the subject differently in
    /// that language, the sheet's name becomes a `skos:altLabel`.
    Label,
    /// A default (provenance `im:Verified`, the row as source): only when no other graph states the
    /// subject's provenance.
    Default,
}

/// One statement a row makes, before reconciliation.
#[derive(Debug, Clone)]
pub struct Statement {
    pub subject: String,
    pub predicate: String,
    pub object: Term,
    pub rule: Rule,
    pub row: usize,
    pub column: Option<ProblemColumn>,
}

/// One entity a row is about, once identified.
#[derive(Debug, Clone)]
struct Identity {
    iri: String,
    id: String,
    kind: Kind,
    name: String,
    matched: MatchedBy,
}

/// The row-by-row mapping of one sheet.
pub struct Mapper<'c, 'a> {
    ctx: &'c Context<'a>,
    kind: SheetKind,
    region: String,
    graph: String,
    headers: HeaderMap,
    pub problems: Vec<Problem>,
    pub statements: Vec<Statement>,
    pub entities: Vec<PlannedEntity>,
    /// New entities of this sheet, by normalised name and by id.
    local_names: HashMap<String, Vec<(String, Kind, usize)>>,
    local_ids: HashMap<String, (String, Kind)>,
    /// Subject IRI → the row that first described it.
    subjects: HashMap<String, usize>,
    /// The credit code each row gives, by subject IRI.
    codes_of: HashMap<String, Vec<String>>,
}

/// The cells of one row, by key.
struct Cells<'r> {
    row: &'r TableRow,
    headers: &'r HeaderMap,
}

impl Cells<'_> {
    fn column(&self, key: Key) -> Option<ProblemColumn> {
        self.headers
            .find(key)
            .map(|(index, header)| ProblemColumn::new(index, header))
    }

    /// The trimmed text of a cell, `None` when blank or when the sheet has no such column.
    fn text(&self, key: Key) -> Option<String> {
        let (index, _) = self.headers.find(key)?;
        let text = self.row.cells.get(index)?.trim();
        (!text.is_empty()).then(|| text.to_owned())
    }

    fn list(&self, key: Key) -> Vec<String> {
        self.text(key)
            .map(|t| values::split_list(&t))
            .unwrap_or_default()
    }
}

impl<'c, 'a> Mapper<'c, 'a> {
    pub fn new(
        ctx: &'c Context<'a>,
        kind: SheetKind,
        region: &str,
        graph: &str,
        headers: HeaderMap,
    ) -> Self {
        Mapper {
            ctx,
            kind,
            region: region.to_owned(),
            graph: graph.to_owned(),
            headers,
            problems: Vec::new(),
            statements: Vec::new(),
            entities: Vec::new(),
            local_names: HashMap::new(),
            local_ids: HashMap::new(),
            subjects: HashMap::new(),
            codes_of: HashMap::new(),
        }
    }

    /// The IRI of the node that records a row's provenance.
    pub fn row_iri(&self, row: usize) -> String {
        format!("{}#row-{row}", self.graph)
    }

    /// Maps every data row: identities first (so that rows may refer to entities that earlier or
    /// later rows add), then statements.
    pub fn map_rows(&mut self, rows: &[TableRow]) -> Result<(), ImportError> {
        let headers = self.headers.clone();
        let mut identities: Vec<(usize, Option<Identity>)> = Vec::new();
        for (i, row) in rows.iter().enumerate() {
            if row.is_blank() {
                continue;
            }
            let cells = Cells {
                row,
                headers: &headers,
            };
            let identity = match self.kind {
                SheetKind::Firms => self.identify(&cells, &[Kind::Firm], Some(Kind::Firm))?,
                SheetKind::Resources => {
                    let kind = match cells.text(Key::ResourceKind) {
                        Some(text) => match values::resource_kind(&text) {
                            Some(kind) => Some(kind),
                            None => {
                                self.cell_problem(
                                    &cells,
                                    Key::ResourceKind,
                                    format!("unknown kind '{text}'"),
                                    values::resource_kind_choices(),
                                );
                                continue;
                            }
                        },
                        None => None,
                    };
                    self.identify(&cells, &values::RESOURCE_KINDS, kind)?
                }
                SheetKind::Directions => {
                    self.identify(&cells, &[Kind::Direction], Some(Kind::Direction))?
                }
                SheetKind::Talents => self.identify(&cells, &[Kind::Person], Some(Kind::Person))?,
                SheetKind::Collaborations | SheetKind::Investments => None,
            };
            identities.push((i, identity));
        }
        for (i, identity) in identities {
            let row = &rows[i];
            let cells = Cells {
                row,
                headers: &headers,
            };
            match (self.kind, identity) {
                (SheetKind::Firms, Some(identity)) => self.firm(&cells, &identity)?,
                (SheetKind::Resources, Some(identity)) => self.resource(&cells, &identity)?,
                (SheetKind::Directions, Some(identity)) => self.direction(&cells, &identity)?,
                (SheetKind::Talents, Some(identity)) => self.talent(&cells, &identity)?,
                (SheetKind::Collaborations, _) => self.collaboration(&cells)?,
                (SheetKind::Investments, _) => self.investment(&cells)?,
                (_, None) => {}
            }
        }
        Ok(())
    }
}
