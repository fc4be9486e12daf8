//! `ttl` and `nt`: the RDF subgraph itself — every triple the store holds about the selected nodes,
//! plus the link nodes (collaborations, 8×10 rows, patents, investments, consortia) that name at
//! least two of them. Firms' annual figures (revenue, R&D spend, staff) stay out unless the
//! subgraph was selected with `--include-financials`.

use super::{Format, Subgraph};
use crate::base::error::Error;
use crate::base::vocab;
use crate::store::{QueryAnswer, QueryOptions, Store};
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{NamedNode, Term, Triple};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

const ENTITY_TRIPLES: &str = include_str!("queries/entity-triples.rq");
const ENTITY_LINKS: &str = include_str!("queries/entity-links.rq");

/// Predicates that carry firm figures (the sensitive ones) or lead to them.
fn is_sensitive(predicate: &str) -> bool {
    let local = predicate.strip_prefix(vocab::DEF);
    matches!(
        local,
        Some("annualFigures" | "revenue" | "rdSpend" | "highTechRevenue" | "employees" | "stStaff")
    ) || predicate == "https://schema.org/numberOfEmployees"
}

fn bound(name: &str, iri: &NamedNode) -> QueryOptions {
    QueryOptions {
        timeout: None,
        bindings: vec![(name.to_owned(), Term::NamedNode(iri.clone()))],
    }
}

fn triples_about(store: &Store, iri: &NamedNode) -> Result<Vec<Triple>, Error> {
    match store.query(
        ENTITY_TRIPLES,
        "export query entity-triples",
        &bound("entity", iri),
    )? {
        QueryAnswer::Graph(triples) => Ok(triples),
        _ => Ok(Vec::new()),
    }
}

/// Reads the RDF subgraph of `subgraph` from `store`: sorted, without duplicates.
pub fn rdf_subgraph(store: &Store, subgraph: &Subgraph) -> Result<Vec<Triple>, Error> {
    let mut selected: BTreeSet<NamedNode> = BTreeSet::new();
    for node in &subgraph.nodes {
        if let Some(iri) = &node.iri {
            selected.insert(NamedNode::new(iri.as_str()).map_err(|e| Error::Input {
                message: format!("invalid IRI <{iri}> of {}: {e}", node.id),
            })?);
        }
    }
    // Keyed by their N-Triples text, so the output is sorted and free of duplicates.
    let mut triples: BTreeMap<String, Triple> = BTreeMap::new();
    let mut add = |triple: Triple| {
        triples.insert(triple.to_string(), triple);
    };
    let mut figures: BTreeSet<NamedNode> = BTreeSet::new();
    let mut links: BTreeSet<NamedNode> = BTreeSet::new();
    for iri in &selected {
        for triple in triples_about(store, iri)? {
            if is_sensitive(triple.predicate.as_str()) {
                if subgraph.include_financials {
                    if let Term::NamedNode(object) = &triple.object {
                        figures.insert(object.clone());
                    }
                    add(triple);
                }
                continue;
            }
            add(triple);
        }
        if let QueryAnswer::Solutions(solutions) = store.query(
            ENTITY_LINKS,
            "export query entity-links",
            &bound("entity", iri),
        )? {
            for row in solutions.rows {
                if let Some(Some(Term::NamedNode(link))) = row.into_iter().next() {
                    if !selected.contains(&link) {
                        links.insert(link);
                    }
                }
            }
        }
    }
    for figure in &figures {
        triples_about(store, figure)?.into_iter().for_each(&mut add);
    }
    for link in &links {
        let about = triples_about(store, link)?;
        let named: BTreeSet<&NamedNode> = about
            .iter()
            .filter_map(|t| match &t.object {
                Term::NamedNode(o) if selected.contains(o) => Some(o),
                _ => None,
            })
            .collect();
        if named.len() >= 2 {
            about
                .into_iter()
                .filter(|t| !is_sensitive(t.predicate.as_str()) || subgraph.include_financials)
                .for_each(&mut add);
        }
    }
    Ok(triples.into_values().collect())
}

/// Writes triples as Turtle (with the project's prefixes) or N-Triples.
pub fn write_rdf(triples: &[Triple], format: Format, out: &mut dyn Write) -> Result<(), Error> {
    let rdf_format = match format {
        Format::Ttl => RdfFormat::Turtle,
        Format::Nt => RdfFormat::NTriples,
        other => {
            return Err(Error::Usage(format!(
                "{} is not an RDF format: use ttl or nt",
                other.as_str()
            )));
        }
    };
    let mut serializer = RdfSerializer::from_format(rdf_format);
    if format == Format::Ttl {
        for (prefix, iri) in vocab::PREFIXES {
            serializer = serializer
                .with_prefix(*prefix, *iri)
                .map_err(|e| Error::Input {
                    message: format!("invalid prefix {prefix}: {e}"),
                })?;
        }
    }
    let io = |e: std::io::Error| Error::Input {
        message: format!("cannot write the {} export: {e}", format.as_str()),
    };
    let mut writer = serializer.for_writer(out);
    for triple in triples {
        writer.serialize_triple(triple).map_err(io)?;
    }
    writer.finish().map_err(io)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_and_the_link_to_them_are_sensitive() {
        for local in [
            "annualFigures",
            "revenue",
            "rdSpend",
            "employees",
            "stStaff",
        ] {
            assert!(is_sensitive(&vocab::def(local)), "{local}");
        }
        assert!(!is_sensitive(&vocab::def("inChain")));
    }
}
