//! What the store says about exported nodes beyond the projected graph: IRIs, provenance, sources,
//! descriptions, firms' annual figures (only when asked for) and the data version. This is the one
//! part of selection that reads the store; [`select`](super::select()) itself is IO-free.

use super::{Financials, Provenance};
use crate::base::error::Error;
use crate::base::vocab;
use crate::graph::Labels;
use crate::store::{Solutions, Store};
use oxigraph::model::Term;
use std::collections::BTreeMap;

const ENTITY_FACTS: &str = include_str!("queries/entity-facts.rq");
const FIRM_FIGURES: &str = include_str!("queries/firm-figures.rq");

/// The facts of one entity.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EntityFacts {
    pub iri: String,
    pub provenance: Option<Provenance>,
    /// `dcterms:source` values joined with `；`, sorted.
    pub source: Option<String>,
    pub description: Labels,
}

/// Which data an export was made from: the triple count and a digest of every quad.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataVersion {
    pub triples: usize,
    /// FNV-1a (64 bit) of the sorted N-Quads of the whole store, blank nodes written without their
    /// labels, in hex: the same data gives the same digest on every machine and every load.
    pub digest: String,
    /// The named graphs and their sizes, sorted.
    pub graphs: Vec<(String, usize)>,
}

impl DataVersion {
    /// Reads the version of what `store` holds. Linear in the store's size (it hashes every quad).
    pub fn read(store: &Store) -> Result<DataVersion, Error> {
        let lines = store.dump_sorted_nquads_without_blank_labels()?;
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for line in &lines {
            for byte in line.bytes().chain(std::iter::once(b'\n')) {
                hash ^= u64::from(byte);
                hash = hash.wrapping_mul(0x0100_0000_01b3);
            }
        }
        Ok(DataVersion {
            triples: lines.len(),
            digest: format!("{hash:016x}"),
            graphs: store.graphs()?,
        })
    }

    /// One line for people (summaries): the program version and size, no digest.
    pub fn describe_plain(&self, lang: crate::base::Lang) -> String {
        match lang {
            crate::base::Lang::Zh => format!(
                "innomap {} · {} 个三元组",
                env!("CARGO_PKG_VERSION"),
                self.triples
            ),
            crate::base::Lang::En => format!(
                "innomap {} · {} triples",
                env!("CARGO_PKG_VERSION"),
                self.triples
            ),
        }
    }

    /// One line for pictures and summaries: `innomap 0.1.0 · 16173 triples · data 1a2b3c4d5e6f7a8b`.
    pub fn describe(&self, lang: crate::base::Lang) -> String {
        match lang {
            crate::base::Lang::Zh => format!(
                "innomap {} · {} 个三元组 · 数据摘要 {}",
                env!("CARGO_PKG_VERSION"),
                self.triples,
                self.digest
            ),
            crate::base::Lang::En => format!(
                "innomap {} · {} triples · data digest {}",
                env!("CARGO_PKG_VERSION"),
                self.triples,
                self.digest
            ),
        }
    }
}

/// Facts about every entity, by id.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StoreFacts {
    pub entities: BTreeMap<String, EntityFacts>,
    /// Firms' annual figures by firm id, oldest first; empty unless read with financials.
    pub financials: BTreeMap<String, Vec<Financials>>,
    /// Grades under the default scoring models (empty unless the caller reads them with
    /// [`crate::features::score::grade_book`]).
    pub grades: crate::features::score::GradeBook,
}

impl StoreFacts {
    /// The latest figures of `firm` up to `as_of`.
    pub fn figures(&self, firm: &str, as_of: i32) -> Option<&Financials> {
        self.financials
            .get(firm)?
            .iter()
            .rev()
            .find(|f| f.year <= as_of)
    }
}

fn id_of(iri: &str) -> String {
    vocab::id_of(iri).unwrap_or(iri).to_owned()
}

fn cell<'a>(solutions: &'a Solutions, row: &'a [Option<Term>], name: &str) -> Option<&'a Term> {
    solutions.column(name).and_then(|i| row[i].as_ref())
}

fn literal(term: Option<&Term>) -> Option<&str> {
    match term {
        Some(Term::Literal(literal)) => Some(literal.value()),
        _ => None,
    }
}

/// Reads the facts of every entity; firms' annual figures only when `include_financials`.
pub fn read_facts(store: &Store, include_financials: bool) -> Result<StoreFacts, Error> {
    let mut facts = StoreFacts::default();
    let solutions = store.select(ENTITY_FACTS)?;
    let mut sources: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for row in &solutions.rows {
        let Some(Term::NamedNode(entity)) = cell(&solutions, row, "entity") else {
            continue;
        };
        let id = id_of(entity.as_str());
        let record = facts
            .entities
            .entry(id.clone())
            .or_insert_with(|| EntityFacts {
                iri: entity.as_str().to_owned(),
                ..EntityFacts::default()
            });
        if let Some(Term::NamedNode(provenance)) = cell(&solutions, row, "provenance") {
            let local = provenance.as_str().strip_prefix(vocab::DEF).unwrap_or("");
            if let Some(p) = Provenance::from_concept_local_name(local) {
                // Keep the strongest claim the data makes, so duplicates resolve the same way.
                record.provenance = Some(record.provenance.map_or(p, |q| q.min(p)));
            }
        }
        if let Some(source) = literal(cell(&solutions, row, "source")) {
            sources
                .entry(id.clone())
                .or_default()
                .push(source.to_owned());
        }
        if let Some(description) = literal(cell(&solutions, row, "description")) {
            let lang = literal(cell(&solutions, row, "lang")).unwrap_or_default();
            let slot = if lang.starts_with("zh") {
                &mut record.description.zh
            } else {
                &mut record.description.en
            };
            if slot.is_empty() {
                *slot = description.to_owned();
            }
        }
    }
    for (id, mut list) in sources {
        list.sort();
        list.dedup();
        if let Some(record) = facts.entities.get_mut(&id) {
            record.source = Some(list.join("；"));
        }
    }
    if include_financials {
        let solutions = store.select(FIRM_FIGURES)?;
        for row in &solutions.rows {
            let Some(Term::NamedNode(firm)) = cell(&solutions, row, "firm") else {
                continue;
            };
            let number = |name: &str| literal(cell(&solutions, row, name));
            let Some(year) = number("year").and_then(|y| y.parse::<i32>().ok()) else {
                continue;
            };
            let decimal = |name: &str| number(name).and_then(|v| v.parse::<f64>().ok());
            let integer = |name: &str| number(name).and_then(|v| v.parse::<i64>().ok());
            facts
                .financials
                .entry(id_of(firm.as_str()))
                .or_default()
                .push(Financials {
                    year,
                    revenue: decimal("revenue"),
                    rd_spend: decimal("rd_spend"),
                    high_tech_revenue: decimal("high_tech_revenue"),
                    employees: integer("employees"),
                    st_staff: integer("st_staff"),
                });
        }
        for list in facts.financials.values_mut() {
            list.sort_by_key(|f| f.year);
            list.dedup_by_key(|f| f.year);
        }
    }
    Ok(facts)
}
