//! Reading from the store what validation needs: the triples of the shapes graph, and every class
//! that the shapes name with its subclasses.

use super::report::SH;
use super::shapes::{Constraint, Shape, Target};
use crate::base::error::Error;
use crate::store::Store;
use oxigraph::model::{NamedNode, Term};
use std::collections::{BTreeSet, HashMap, HashSet};

pub(super) const RDF_FIRST: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#first";
const RDF_REST: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#rest";
const RDF_NIL: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#nil";

/// The triples of the shapes: every node reachable from a shape through SHACL's own structure
/// (property shapes, logical operands, paths and lists).
pub(super) struct ShapesGraph {
    triples: HashMap<Term, Vec<(NamedNode, Term)>>,
}

impl ShapesGraph {
    pub(super) fn load(store: &Store) -> Result<Self, Error> {
        // One query, so that blank nodes keep their identity across the whole shapes graph.
        let solutions = store.select(
            "SELECT DISTINCT ?s ?p ?o WHERE { \
               { ?root a sh:NodeShape } UNION { ?root a sh:PropertyShape } \
               UNION { ?root sh:targetClass|sh:targetNode|sh:targetSubjectsOf|sh:targetObjectsOf ?target } \
               ?root (sh:property|sh:node|sh:not|sh:and|sh:or|sh:xone|sh:qualifiedValueShape|sh:path|sh:in\
                     |sh:languageIn|sh:ignoredProperties|sh:inversePath|sh:alternativePath|sh:zeroOrMorePath\
                     |sh:oneOrMorePath|sh:zeroOrOnePath|rdf:first|rdf:rest)* ?s . \
               ?s ?p ?o }",
        )?;
        let mut triples: HashMap<Term, Vec<(NamedNode, Term)>> = HashMap::new();
        for row in solutions.rows {
            let mut cells = row.into_iter();
            let (Some(Some(s)), Some(Some(Term::NamedNode(p))), Some(Some(o))) =
                (cells.next(), cells.next(), cells.next())
            else {
                continue;
            };
            triples.entry(s).or_default().push((p, o));
        }
        for values in triples.values_mut() {
            values.sort_by_key(|(p, o)| (p.as_str().to_owned(), o.to_string()));
        }
        Ok(Self { triples })
    }

    pub(super) fn is_empty(&self) -> bool {
        self.triples.is_empty()
    }

    /// The shapes with a target, sorted for a deterministic order.
    pub(super) fn roots(&self) -> Vec<Term> {
        let targets = [
            sh_iri("targetClass"),
            sh_iri("targetNode"),
            sh_iri("targetSubjectsOf"),
            sh_iri("targetObjectsOf"),
        ];
        let mut roots: Vec<Term> = self
            .triples
            .iter()
            .filter(|(_, values)| {
                values
                    .iter()
                    .any(|(p, _)| targets.iter().any(|t| t == p.as_str()))
            })
            .map(|(s, _)| s.clone())
            .collect();
        roots.sort_by_key(Term::to_string);
        roots
    }

    pub(super) fn values(&self, node: &Term) -> &[(NamedNode, Term)] {
        self.triples.get(node).map_or(&[], Vec::as_slice)
    }

    pub(super) fn object(&self, node: &Term, predicate: &str) -> Option<&Term> {
        self.values(node)
            .iter()
            .find(|(p, _)| p.as_str() == predicate)
            .map(|(_, o)| o)
    }

    /// The members of the RDF list starting at `head`, in order.
    pub(super) fn list(&self, head: &Term, shape: &str) -> Result<Vec<Term>, Error> {
        let mut items = Vec::new();
        let mut seen = HashSet::new();
        let mut node = head.clone();
        loop {
            if matches!(&node, Term::NamedNode(n) if n.as_str() == RDF_NIL) {
                return Ok(items);
            }
            let (Some(first), Some(rest)) =
                (self.object(&node, RDF_FIRST), self.object(&node, RDF_REST))
            else {
                return Err(invalid(shape, "a SHACL list is not a well-formed RDF list"));
            };
            if !seen.insert(node.clone()) {
                return Err(invalid(shape, "a SHACL list is cyclic"));
            }
            items.push(first.clone());
            node = rest.clone();
        }
    }
}

pub(super) fn sh_iri(local: &str) -> String {
    format!("{SH}{local}")
}

pub(super) fn invalid(shape: &str, what: &str) -> Error {
    Error::Input {
        message: format!("shape {shape}: {what}; fix the shapes file"),
    }
}

/// For every class that a target or `sh:class` names, the class and all its subclasses.
pub(super) fn class_closures(
    store: &Store,
    shapes: &[Shape],
) -> Result<HashMap<String, Vec<String>>, Error> {
    fn walk(shape: &Shape, classes: &mut BTreeSet<String>) {
        for target in &shape.targets {
            if let Target::Class(c) = target {
                classes.insert(c.to_string());
            }
        }
        for constraint in &shape.constraints {
            match constraint {
                Constraint::Class(c) => {
                    classes.insert(c.to_string());
                }
                Constraint::Not(s) | Constraint::Node(s) => walk(s, classes),
                Constraint::QualifiedMinCount(s, _) | Constraint::QualifiedMaxCount(s, _) => {
                    walk(s, classes)
                }
                Constraint::And(list) | Constraint::Or(list) | Constraint::Xone(list) => {
                    list.iter().for_each(|s| walk(s, classes))
                }
                _ => {}
            }
        }
        for property in &shape.properties {
            walk(property, classes);
        }
    }
    let mut classes = BTreeSet::new();
    shapes.iter().for_each(|s| walk(s, &mut classes));
    let mut closures = HashMap::new();
    for class in classes {
        // One query per class with the class as a constant, so that the path is walked from it.
        let solutions = store.select(&format!(
            "SELECT DISTINCT ?sub WHERE {{ ?sub rdfs:subClassOf* {class} FILTER(isIRI(?sub)) }}"
        ))?;
        let mut members: BTreeSet<String> = solutions
            .rows
            .iter()
            .filter_map(|row| row[0].as_ref().map(Term::to_string))
            .collect();
        members.insert(class.clone());
        closures.insert(class, members.into_iter().collect());
    }
    Ok(closures)
}
