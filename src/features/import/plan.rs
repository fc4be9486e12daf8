//! From a table to the quads of its graph: map the header, map the rows, reconcile every statement
//! with what other sources state, and collect every problem. Then store the plan (one transaction
//! that replaces the sheet's graph) or write it as RDF.

use super::context::{Context, Elsewhere};
use super::entity::PlannedEntity;
use super::iri::{self, IMPORT_GRAPH, encode_segment, node};
use super::layout::map_headers;
use super::problem::Problem;
use super::rows::{Mapper, Rule, Statement};
use super::table::Table;
use super::{ImportError, ImportOptions, SheetKind};
use crate::base::vocab;
use crate::store::{LoadReport, Store};
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{GraphName, Literal, Quad, Term};
use std::collections::{BTreeMap, BTreeSet};

/// What importing a sheet would do: the graph and every quad it will hold.
#[derive(Debug, Clone)]
pub struct ImportPlan {
    pub kind: SheetKind,
    pub file_name: String,
    pub sheet: Option<String>,
    /// The sheet's named graph.
    pub graph: String,
    /// Data rows read (blank rows skipped).
    pub rows: usize,
    /// The graph's quads, sorted.
    pub quads: Vec<Quad>,
    /// One per row, in row order.
    pub entities: Vec<PlannedEntity>,
}

/// The graph of a sheet: `…/graph/import/<kind>/<source>`; the source is `source` when given, else
/// the file name without its extension, plus `/<worksheet>` for workbooks.
pub fn graph_iri(kind: SheetKind, table: &Table, source: Option<&str>) -> String {
    let name = match source {
        Some(source) => encode_segment(source.trim()),
        None => {
            let stem = std::path::Path::new(&table.file_name)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| table.file_name.clone());
            match &table.sheet {
                Some(sheet) => format!("{}/{}", encode_segment(&stem), encode_segment(sheet)),
                None => encode_segment(&stem),
            }
        }
    };
    format!("{IMPORT_GRAPH}{}/{name}", kind.as_str())
}

fn problems_error(table: &Table, mut problems: Vec<Problem>) -> ImportError {
    problems.sort_by_key(Problem::sort_key);
    problems.dedup();
    ImportError::Problems {
        file: table.file_name.clone(),
        problems,
    }
}

/// Plans the import of `table` into `store`: every problem at once, or the quads of the sheet's graph.
pub fn plan_import(
    store: &Store,
    table: &Table,
    options: &ImportOptions,
) -> Result<ImportPlan, ImportError> {
    if !super::rows::is_valid_id(&options.region) {
        return Err(ImportError::Usage(format!(
            "bad region '{}': use lowercase letters, digits and -, such as zjg",
            options.region
        )));
    }
    if options
        .source
        .as_deref()
        .is_some_and(|s| s.trim().is_empty())
    {
        return Err(ImportError::Usage("--source needs a name".into()));
    }
    let graph = graph_iri(options.kind, table, options.source.as_deref());
    let mut problems = Vec::new();
    let Some((headers, first_data)) = map_headers(options.kind, table, &mut problems) else {
        return Err(problems_error(table, problems));
    };
    let context = Context::load(store, &graph)?;
    let mut mapper = Mapper::new(&context, options.kind, &options.region, &graph, headers);
    let data = &table.rows[first_data..];
    mapper.map_rows(data)?;
    problems.append(&mut mapper.problems);
    let rows = data.iter().filter(|r| !r.is_blank()).count();
    let mut quads = reconcile(&context, &mapper.statements, &mut problems)?;
    if !problems.is_empty() {
        return Err(problems_error(table, problems));
    }
    let graph_name = GraphName::NamedNode(node(&graph));
    let mut add = |s: &str, p: &str, o: Term| {
        let quad = Quad::new(node(s), node(p), o, graph_name.clone());
        quads.insert(quad.to_string(), quad);
    };
    // The sheet and its rows, as provenance nodes.
    add(
        &graph,
        iri::RDF_TYPE,
        Term::NamedNode(iri::im("ImportedSheet")),
    );
    add(
        &graph,
        &vocab::def("sourceFile"),
        Term::Literal(Literal::new_simple_literal(&table.file_name)),
    );
    add(
        &graph,
        &vocab::def("importKind"),
        Term::Literal(Literal::new_simple_literal(options.kind.as_str())),
    );
    if let Some(sheet) = &table.sheet {
        add(
            &graph,
            &vocab::def("sheetName"),
            Term::Literal(Literal::new_simple_literal(sheet)),
        );
    }
    for entity in &mapper.entities {
        let row = mapper.row_iri(entity.row);
        add(&row, iri::RDF_TYPE, Term::NamedNode(iri::im("SheetRow")));
        add(&row, &vocab::def("sheet"), Term::NamedNode(node(&graph)));
        add(
            &row,
            &vocab::def("sourceRow"),
            Term::Literal(Literal::new_typed_literal(
                entity.row.to_string(),
                node(iri::XSD_INTEGER),
            )),
        );
    }
    let mut entities = mapper.entities.clone();
    entities.sort_by_key(|e| e.row);
    Ok(ImportPlan {
        kind: options.kind,
        file_name: table.file_name.clone(),
        sheet: table.sheet.clone(),
        graph,
        rows,
        quads: quads.into_values().collect(),
        entities,
    })
}

/// Whether two terms are the same value: numbers compare by value (`1250` and `1250.0`), everything
/// else by term.
pub fn same_value(a: &Term, b: &Term) -> bool {
    if a == b {
        return true;
    }
    let numeric = [iri::XSD_DECIMAL, iri::XSD_INTEGER, iri::XSD_DOUBLE];
    match (a, b) {
        (Term::Literal(x), Term::Literal(y))
            if numeric.contains(&x.datatype().as_str())
                && numeric.contains(&y.datatype().as_str()) =>
        {
            match (x.value().parse::<f64>(), y.value().parse::<f64>()) {
                (Ok(x), Ok(y)) => x == y,
                _ => false,
            }
        }
        _ => false,
    }
}

fn language(term: &Term) -> Option<&str> {
    match term {
        Term::Literal(l) => l.language(),
        _ => None,
    }
}

fn show(term: &Term) -> String {
    match term {
        Term::NamedNode(n) => vocab::short_form(n.as_str()),
        Term::Literal(l) => format!("'{}'", l.value()),
        other => other.to_string(),
    }
}

/// The short name of a graph for messages: `the bundled data`, `sheet firms/roster`, or the IRI.
pub fn describe_graph(graph: &str) -> String {
    if graph.starts_with(vocab::GRAPH_BUNDLED) {
        "the bundled dataset".to_owned()
    } else if let Some(rest) = graph.strip_prefix(IMPORT_GRAPH) {
        format!("the imported sheet {rest}")
    } else {
        format!("<{graph}>")
    }
}

/// Applies the rules of [`Rule`] to every statement: what to write, and the problems of conflicts.
fn reconcile(
    context: &Context,
    statements: &[Statement],
    problems: &mut Vec<Problem>,
) -> Result<BTreeMap<String, Quad>, ImportError> {
    let graph = GraphName::NamedNode(node(&context.own_graph));
    let mut out = BTreeMap::new();
    // Subjects whose default provenance another source overrides.
    let mut by_subject: BTreeMap<&str, Vec<&Statement>> = BTreeMap::new();
    for statement in statements {
        by_subject
            .entry(&statement.subject)
            .or_default()
            .push(statement);
    }
    let provenance = vocab::def("provenance");
    for (subject, statements) in by_subject {
        let others = context.elsewhere(subject)?;
        let stated = |p: &str, o: &Term| {
            others
                .iter()
                .any(|e| e.predicate == p && same_value(&e.object, o))
        };
        let conflicting = |p: &str, o: &Term| -> Option<&Elsewhere> {
            others.iter().find(|e| {
                e.predicate == p
                    && !same_value(&e.object, o)
                    && (language(o).is_none() || language(&e.object) == language(o))
            })
        };
        let has_provenance = others.iter().any(|e| e.predicate == provenance);
        let mut singles: BTreeMap<(String, Option<String>), &Statement> = BTreeMap::new();
        for statement in &statements {
            let (p, o) = (statement.predicate.as_str(), &statement.object);
            let mut write = |p: &str, o: &Term| {
                let quad = Quad::new(node(subject), node(p), o.clone(), graph.clone());
                out.insert(quad.to_string(), quad);
            };
            match statement.rule {
                Rule::Set => {
                    if !stated(p, o) {
                        write(p, o);
                    }
                }
                Rule::Default => {
                    if !has_provenance {
                        write(p, o);
                    }
                }
                Rule::Label => {
                    if stated(p, o) {
                        continue;
                    }
                    if conflicting(p, o).is_some() {
                        // Another source names it otherwise: the sheet's name is an alias.
                        if !stated(iri::SKOS_ALT_LABEL, o)
                            && !others.iter().any(|e| {
                                (e.predicate == iri::RDFS_LABEL
                                    || e.predicate == iri::SKOS_PREF_LABEL)
                                    && same_value(&e.object, o)
                            })
                        {
                            write(iri::SKOS_ALT_LABEL, o);
                        }
                    } else {
                        write(p, o);
                    }
                }
                Rule::Single => {
                    if stated(p, o) {
                        continue;
                    }
                    if let Some(other) = conflicting(p, o) {
                        let reason = format!(
                            "{} of {} is {} in {}, the sheet says {}",
                            vocab::short_form(p),
                            vocab::short_form(subject),
                            show(&other.object),
                            describe_graph(&other.graph),
                            show(o)
                        );
                        let hint = "a sheet cannot overwrite another source: leave the cell empty to keep that value, or correct that source";
                        problems.push(match &statement.column {
                            Some(column) => {
                                Problem::cell(statement.row, column.clone(), reason, hint)
                            }
                            None => Problem::row(statement.row, reason, hint),
                        });
                        continue;
                    }
                    let key = (p.to_owned(), language(o).map(str::to_owned));
                    if let Some(first) = singles.get(&key) {
                        if !same_value(&first.object, o) {
                            let reason = format!(
                                "{} of {} is {} in row {}, and {} here",
                                vocab::short_form(p),
                                vocab::short_form(subject),
                                show(&first.object),
                                first.row,
                                show(o)
                            );
                            problems.push(match &statement.column {
                                Some(column) => Problem::cell(
                                    statement.row,
                                    column.clone(),
                                    reason,
                                    "make the rows agree",
                                ),
                                None => Problem::row(statement.row, reason, "make the rows agree"),
                            });
                        }
                        continue;
                    }
                    singles.insert(key, statement);
                    write(p, o);
                }
            }
        }
        // A direction requires 3 to 6 capabilities, counting other sources.
        let requires = vocab::def("requiresCapability");
        let wanted: Vec<&&Statement> = statements
            .iter()
            .filter(|s| s.predicate == requires)
            .collect();
        if let Some(first) = wanted.first() {
            let mut all: BTreeSet<String> = others
                .iter()
                .filter(|e| e.predicate == requires)
                .map(|e| e.object.to_string())
                .collect();
            all.extend(wanted.iter().map(|s| s.object.to_string()));
            if !(3..=6).contains(&all.len()) {
                let reason = format!(
                    "{} would require {} capabilities{}",
                    vocab::short_form(subject),
                    all.len(),
                    if all.len() > wanted.len() {
                        " with those other sources list"
                    } else {
                        ""
                    }
                );
                let hint = "a direction requires 3 to 6 capabilities";
                problems.push(match &first.column {
                    Some(column) => Problem::cell(first.row, column.clone(), reason, hint),
                    None => Problem::row(first.row, reason, hint),
                });
            }
        }
    }
    Ok(out)
}

/// Stores a plan: one transaction replaces the sheet's graph with the plan's quads.
pub fn apply_plan(store: &Store, plan: &ImportPlan) -> Result<LoadReport, ImportError> {
    Ok(store.replace_graph(&plan.graph, &plan.quads)?)
}

/// Writes a plan as RDF: Turtle (`ttl`) or N-Triples (`nt`) hold its triples; TriG (`trig`) and
/// N-Quads (`nq`) keep the sheet's graph name.
pub fn write_plan_rdf(
    plan: &ImportPlan,
    format: RdfFormat,
    out: &mut dyn std::io::Write,
) -> Result<(), ImportError> {
    let io = |e: std::io::Error| ImportError::Input(format!("cannot write the RDF: {e}"));
    let mut serializer = RdfSerializer::from_format(format);
    if matches!(format, RdfFormat::Turtle | RdfFormat::TriG) {
        for (prefix, namespace) in vocab::PREFIXES {
            serializer = serializer
                .with_prefix(*prefix, *namespace)
                .map_err(|e| ImportError::Input(format!("invalid prefix {prefix}: {e}")))?;
        }
    }
    let mut writer = serializer.for_writer(out);
    for quad in &plan.quads {
        if format.supports_datasets() {
            writer.serialize_quad(quad).map_err(io)?;
        } else {
            writer.serialize_triple(quad.as_ref()).map_err(io)?;
        }
    }
    writer.finish().map_err(io)?;
    Ok(())
}
