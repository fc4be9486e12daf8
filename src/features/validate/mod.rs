//! `innomap validate`: SHACL Core validation of the store against the shapes it holds, each constraint
//! compiled into one SPARQL query that returns the violating focus nodes.
//!
//! The shapes are read from the store itself (every graph, so the bundled `data/shapes.ttl` and any
//! shapes file added with `--data` both count). Each pair of shape and constraint becomes one SELECT over
//! the union graph that returns every violating focus node (and value) at once, so the cost grows with
//! the data, not with the number of focus nodes times queries. Logical constraints (`sh:not`, `sh:and`,
//! `sh:or`, `sh:xone`, `sh:node`, `sh:qualifiedValueShape`) compile to boolean SPARQL expressions with
//! `EXISTS`. A constraint component that is not compiled here is an error naming the shape and the
//! component, never silently skipped.
//!
//! The steps, each in its own file: `read` fetches the shapes graph and the subclass closures from
//! the store; `parse` turns the graph into the shapes model of `shapes`; `compile` turns each
//! shape and constraint into a SPARQL check; this module runs the checks and labels the focus nodes
//! into the `report`, which `table` writes for people.

mod compile;
mod parse;
mod read;
mod report;
mod shapes;
mod table;

#[cfg(test)]
mod tests;

pub use report::{EntityLabels, Message, Severity, ValidationReport, Violation};
pub use table::write_validation_report;

use crate::base::error::Error;
use crate::base::vocab;
use crate::store::{Solutions, Store};
use compile::{Check, Compiler, ValueColumn};
use oxigraph::model::{NamedNode, Term};
use parse::ShapeParser;
use read::{ShapesGraph, class_closures};
use report::term_text;
use std::collections::{BTreeSet, HashMap};

/// How many focus nodes one label query asks about.
const LABEL_BATCH: usize = 500;

/// Checks the store against every SHACL shape it holds.
///
/// Errors: `Error::Input` when the store holds no shape with a target, or when a shape uses a
/// constraint this validator does not support (naming the shape and the component); query failures
/// as `Error::Query`.
pub fn validate(store: &Store) -> Result<ValidationReport, Error> {
    let graph = ShapesGraph::load(store)?;
    let roots = graph.roots();
    if roots.is_empty() {
        return Err(Error::Input {
            message: if graph.is_empty() {
                "no shapes loaded: the store holds no SHACL shape; add data/shapes.ttl with --data, or drop --no-default-data".to_owned()
            } else {
                "no shapes loaded: the store holds SHACL shapes but none has a target (sh:targetClass, sh:targetNode, sh:targetSubjectsOf, sh:targetObjectsOf)".to_owned()
            },
        });
    }
    let mut parser = ShapeParser {
        graph: &graph,
        stack: Vec::new(),
    };
    let shapes = roots
        .iter()
        .map(|root| parser.parse(root))
        .collect::<Result<Vec<_>, _>>()?;
    let closures = class_closures(store, &shapes)?;
    let mut compiler = Compiler {
        closures: &closures,
        next_var: 0,
    };
    let mut checks = Vec::new();
    for shape in shapes.iter().filter(|s| !s.deactivated) {
        let focus = compiler.focus_pattern(shape)?;
        compiler.compile_shape(shape, &shape.name, &focus, &mut checks)?;
    }

    let mut found: Vec<(Term, Option<Term>, usize)> = Vec::new();
    for (index, check) in checks.iter().enumerate() {
        let solutions = store.select(&check.query).map_err(|e| Error::Query {
            origin: format!("validation of shape {} ({})", check.shape, check.component),
            message: e.to_string(),
        })?;
        collect_results(&solutions, check, index, &mut found);
    }
    let labels = focus_labels(store, found.iter().map(|(focus, _, _)| focus))?;
    let mut violations: Vec<Violation> = found
        .into_iter()
        .map(|(focus, value, index)| {
            let check = &checks[index];
            let focus_text = term_text(&focus);
            Violation {
                id: match &focus {
                    Term::NamedNode(n) => vocab::id_of(n.as_str()).map(str::to_owned),
                    _ => None,
                },
                label: labels.get(&focus_text).cloned().unwrap_or_default(),
                focus: focus_text,
                shape: check.shape.clone(),
                path: check.path.clone(),
                component: check.component.to_owned(),
                value: value.map(|v| v.to_string()),
                severity: check.severity,
                message: check.message.clone(),
            }
        })
        .collect();
    violations.sort_by(|a, b| sort_key(a).cmp(&sort_key(b)));
    violations.dedup();
    Ok(ValidationReport {
        shapes: shapes.iter().filter(|s| !s.deactivated).count(),
        violations,
    })
}

/// The order of the report: by focus node, shape, path, component, value, then message.
fn sort_key(v: &Violation) -> impl Ord + '_ {
    (
        &v.focus,
        &v.shape,
        &v.path,
        v.component.as_str(),
        &v.value,
        v.message.en.as_str(),
    )
}

/// Reads the rows of one check's query into (focus, value, check) results.
fn collect_results(
    solutions: &Solutions,
    check: &Check,
    index: usize,
    found: &mut Vec<(Term, Option<Term>, usize)>,
) {
    let focus_column = solutions.column("focus");
    let value_column = match check.value {
        ValueColumn::Value => solutions.column("value"),
        ValueColumn::Lang => solutions.column("lang"),
        ValueColumn::Focus | ValueColumn::None => None,
    };
    for row in &solutions.rows {
        let Some(Some(focus)) = focus_column.map(|c| &row[c]) else {
            continue;
        };
        let value = match check.value {
            ValueColumn::Focus => Some(focus.clone()),
            ValueColumn::None => None,
            ValueColumn::Value | ValueColumn::Lang => value_column.and_then(|c| row[c].clone()),
        };
        found.push((focus.clone(), value, index));
    }
}

/// The Chinese and English labels (`rdfs:label`, else `skos:prefLabel`) of the focus nodes, by IRI.
fn focus_labels<'a>(
    store: &Store,
    focuses: impl Iterator<Item = &'a Term>,
) -> Result<HashMap<String, EntityLabels>, Error> {
    let iris: BTreeSet<&NamedNode> = focuses
        .filter_map(|t| match t {
            Term::NamedNode(n) => Some(n),
            _ => None,
        })
        .collect();
    let iris: Vec<&NamedNode> = iris.into_iter().collect();
    let mut labels: HashMap<String, EntityLabels> = HashMap::new();
    for batch in iris.chunks(LABEL_BATCH) {
        let values = batch
            .iter()
            .map(|n| n.to_string())
            .collect::<Vec<_>>()
            .join(" ");
        let solutions = store.select(&format!(
            "SELECT ?focus ?label ?rank WHERE {{ VALUES ?focus {{ {values} }} \
             {{ ?focus rdfs:label ?label BIND(0 AS ?rank) }} UNION {{ ?focus skos:prefLabel ?label BIND(1 AS ?rank) }} \
             FILTER(isLiteral(?label)) }}"
        ))?;
        // Keep, per language, the rdfs:label before the skos:prefLabel and then the smallest text,
        // so that the choice is the same on every run.
        let mut best: HashMap<(String, &'static str), (i64, String)> = HashMap::new();
        for row in &solutions.rows {
            let (
                Some(Term::NamedNode(focus)),
                Some(Term::Literal(label)),
                Some(Term::Literal(rank)),
            ) = (&row[0], &row[1], &row[2])
            else {
                continue;
            };
            let lang = match label.language() {
                Some(tag) if tag == "zh" || tag.starts_with("zh-") => "zh",
                Some(tag) if tag == "en" || tag.starts_with("en-") => "en",
                _ => continue,
            };
            let candidate = (rank.value().parse().unwrap_or(1), label.value().to_owned());
            let slot = best
                .entry((focus.as_str().to_owned(), lang))
                .or_insert_with(|| candidate.clone());
            if candidate < *slot {
                *slot = candidate;
            }
        }
        for ((focus, lang), (_, text)) in best {
            let entry = labels.entry(focus).or_default();
            match lang {
                "zh" => entry.zh = Some(text),
                _ => entry.en = Some(text),
            }
        }
    }
    Ok(labels)
}
