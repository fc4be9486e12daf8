//! Store operations for the SPARQL 1.1 Protocol server (`innomap serve`): queries evaluated under a
//! timeout that cancels them and a cap on rows or triples, serialised in the negotiated format; the
//! request's dataset (`default-graph-uri`, `named-graph-uri`, else the union default graph); SPARQL
//! Update in one transaction, so that a failing update changes nothing; and the Graph Store Protocol
//! on one graph (read, replace, add, delete), each write atomic.

use super::footprint::Footprint;
use super::{Store, Watchdog};
use crate::base::error::Error;
use crate::base::vocab;
use crate::store::request::{
    AnswerFormat, EvaluationLimits, GraphTarget, ParsedQuery, ParsedUpdate, ProtocolError,
    RequestDataset,
};
use oxigraph::io::{RdfFormat, RdfParser, RdfSerializer};
use oxigraph::model::{GraphName, GraphNameRef, NamedNode, NamedOrBlankNode, Quad, Term, Variable};
use oxigraph::sparql::results::QueryResultsSerializer;
use oxigraph::sparql::{CancellationToken, QueryDataset, QueryResults, SparqlEvaluator};

fn storage(error: impl std::fmt::Display) -> ProtocolError {
    ProtocolError::Storage(error.to_string())
}

fn write_failed(error: std::io::Error) -> ProtocolError {
    ProtocolError::Storage(format!("cannot write the answer: {error}"))
}

fn graph_iri(iri: &str) -> Result<NamedNode, ProtocolError> {
    NamedNode::new(iri)
        .map_err(|e| ProtocolError::BadRequest(format!("invalid graph IRI <{iri}>: {e}")))
}

/// Applies the request's dataset, or the union default graph when neither the request nor the
/// query names one.
fn apply_dataset(
    dataset: &mut QueryDataset,
    request: &RequestDataset,
) -> Result<(), ProtocolError> {
    if request.is_empty() {
        if dataset.is_default_dataset() {
            dataset.set_default_graph_as_union();
        }
        return Ok(());
    }
    dataset.set_default_graph(
        request
            .default_graphs
            .iter()
            .map(|iri| graph_iri(iri).map(GraphName::from))
            .collect::<Result<_, _>>()?,
    );
    dataset.set_available_named_graphs(
        request
            .named_graphs
            .iter()
            .map(|iri| graph_iri(iri).map(NamedOrBlankNode::from))
            .collect::<Result<_, _>>()?,
    );
    Ok(())
}

/// An RDF serializer with the project's prefixes (none for N-Triples, which has no prefixes).
fn rdf_serializer(format: RdfFormat) -> Result<RdfSerializer, ProtocolError> {
    let mut serializer = RdfSerializer::from_format(format);
    if format != RdfFormat::NTriples {
        for (prefix, iri) in vocab::PREFIXES {
            serializer = serializer.with_prefix(*prefix, *iri).map_err(storage)?;
        }
    }
    Ok(serializer)
}

fn too_many(limit: usize, what: &'static str) -> ProtocolError {
    ProtocolError::TooManyResults { limit, what }
}

impl Store {
    /// Evaluates a query for the endpoint and writes its answer in `format`. `bindings` are bound
    /// as terms before evaluation (canned-query parameters). The evaluation is cancelled after
    /// `limits.timeout`; an answer with more than `limits.max_results` rows or triples is an error,
    /// never a silent truncation.
    pub fn evaluate_for_protocol(
        &self,
        query: &ParsedQuery,
        dataset: &RequestDataset,
        bindings: &[(String, Term)],
        format: AnswerFormat,
        limits: EvaluationLimits,
    ) -> Result<Vec<u8>, ProtocolError> {
        self.ensure_derived().map_err(storage)?;
        let token = CancellationToken::new();
        let mut prepared = SparqlEvaluator::new()
            .with_cancellation_token(token.clone())
            .for_query(query.query.clone());
        apply_dataset(prepared.dataset_mut(), dataset)?;
        for (name, term) in bindings {
            let variable = Variable::new(name.as_str()).map_err(|e| {
                ProtocolError::BadRequest(format!("invalid parameter name '{name}': {e}"))
            })?;
            prepared = prepared.substitute_variable(variable, term.clone());
        }
        // The watchdog cancels the token when time is up; evaluation and serialisation both stop.
        let _watchdog = Watchdog::start(limits.timeout, token.clone());
        let failed = |error: oxigraph::sparql::QueryEvaluationError| {
            if token.is_cancelled() {
                ProtocolError::Timeout {
                    seconds: limits.timeout.as_secs_f64(),
                }
            } else {
                ProtocolError::Evaluation(error.to_string())
            }
        };
        let results = prepared.on_store(&self.inner).execute().map_err(failed)?;
        match (results, format) {
            (QueryResults::Solutions(solutions), AnswerFormat::Results(format)) => {
                let mut variables = solutions.variables().to_vec();
                if let Some(order) = &query.star_order {
                    super::query_text::reorder(&mut variables, order, Variable::as_str);
                }
                let mut writer = QueryResultsSerializer::from_format(format)
                    .serialize_solutions_to_writer(Vec::new(), variables)
                    .map_err(write_failed)?;
                for (count, solution) in solutions.enumerate() {
                    let solution = solution.map_err(failed)?;
                    if count >= limits.max_results {
                        return Err(too_many(limits.max_results, "rows"));
                    }
                    writer.serialize(&solution).map_err(write_failed)?;
                }
                writer.finish().map_err(write_failed)
            }
            (QueryResults::Boolean(value), AnswerFormat::Results(format)) => {
                QueryResultsSerializer::from_format(format)
                    .serialize_boolean_to_writer(Vec::new(), value)
                    .map_err(write_failed)
            }
            (QueryResults::Graph(triples), AnswerFormat::Rdf(format)) => {
                let mut writer = rdf_serializer(format)?.for_writer(Vec::new());
                for (count, triple) in triples.enumerate() {
                    let triple = triple.map_err(failed)?;
                    if count >= limits.max_results {
                        return Err(too_many(limits.max_results, "triples"));
                    }
                    writer.serialize_triple(&triple).map_err(write_failed)?;
                }
                writer.finish().map_err(write_failed)
            }
            _ => Err(ProtocolError::Evaluation(
                "the answer's kind does not match the query's form".into(),
            )),
        }
    }

    /// Runs a SPARQL Update in one transaction: every operation applies, or (on any error, or the
    /// timeout) none does. `DELETE/INSERT … WHERE` sees the union default graph unless the update
    /// says `USING` or the request gives `using-graph-uri`/`using-named-graph-uri`.
    pub fn update_for_protocol(
        &self,
        update: &ParsedUpdate,
        using: &RequestDataset,
        limits: EvaluationLimits,
    ) -> Result<(), ProtocolError> {
        let token = CancellationToken::new();
        let mut prepared = SparqlEvaluator::new()
            .with_cancellation_token(token.clone())
            .for_update(update.update.clone());
        for dataset in prepared.using_datasets_mut() {
            apply_dataset(dataset, using)?;
        }
        self.begin_write(None).map_err(storage)?;
        let mut transaction = self.inner.start_transaction().map_err(storage)?;
        {
            let _watchdog = Watchdog::start(limits.timeout, token.clone());
            prepared
                .on_transaction(&mut transaction)
                .execute()
                .map_err(|error| match error {
                    _ if token.is_cancelled() => ProtocolError::Timeout {
                        seconds: limits.timeout.as_secs_f64(),
                    },
                    oxigraph::sparql::UpdateEvaluationError::Storage(e) => storage(e),
                    other => ProtocolError::BadRequest(format!(
                        "the update failed and changed nothing: {other}"
                    )),
                })?;
        }
        self.commit_with_derived(transaction, &Footprint::written_by(&update.update))
    }

    /// Recomputes the derived sets that read what the write `touched` in the write's transaction,
    /// then commits both (see `super::derived`) and records the derived graphs as current.
    fn commit_with_derived(
        &self,
        transaction: oxigraph::store::Transaction<'_>,
        touched: &Footprint,
    ) -> Result<(), ProtocolError> {
        self.commit_with_derived_sets(transaction, touched)
            .map_err(|e| match e {
                Error::Storage { message } => ProtocolError::Storage(message),
                other => ProtocolError::Evaluation(format!("{other}; nothing was changed")),
            })?;
        self.record_derived_current().map_err(storage)
    }

    /// Whether the graph exists (the default graph always does).
    pub fn graph_exists(&self, target: &GraphTarget) -> Result<bool, ProtocolError> {
        self.ensure_derived().map_err(storage)?;
        match target {
            GraphTarget::Default => Ok(true),
            GraphTarget::Named(iri) => self
                .inner
                .contains_named_graph(graph_iri(iri)?.as_ref())
                .map_err(storage),
        }
    }

    /// Writes the triples of one graph in `format` (Graph Store Protocol GET), at most
    /// `max_results` of them.
    pub fn read_graph(
        &self,
        target: &GraphTarget,
        format: RdfFormat,
        max_results: usize,
    ) -> Result<Vec<u8>, ProtocolError> {
        self.ensure_derived().map_err(storage)?;
        let graph = match target {
            GraphTarget::Default => GraphName::DefaultGraph,
            GraphTarget::Named(iri) => {
                if !self.graph_exists(target)? {
                    return Err(ProtocolError::NoSuchGraph(iri.clone()));
                }
                graph_iri(iri)?.into()
            }
        };
        let mut writer = rdf_serializer(format)?.for_writer(Vec::new());
        for (count, quad) in self
            .inner
            .quads_for_pattern(None, None, None, Some(graph.as_ref()))
            .enumerate()
        {
            let quad = quad.map_err(storage)?;
            if count >= max_results {
                return Err(too_many(max_results, "triples"));
            }
            writer
                .serialize_triple(oxigraph::model::TripleRef::from(quad.as_ref()))
                .map_err(write_failed)?;
        }
        writer.finish().map_err(write_failed)
    }

    /// Parses `body` whole, then in one transaction replaces (`replace`, PUT) or adds to (POST) the
    /// graph. A body that does not parse, or that holds named graphs, changes nothing. Returns
    /// whether the graph was created.
    pub fn write_graph(
        &self,
        target: &GraphTarget,
        body: &[u8],
        format: RdfFormat,
        replace: bool,
    ) -> Result<bool, ProtocolError> {
        let (graph, base) = match target {
            GraphTarget::Default => (GraphName::DefaultGraph, vocab::GRAPH.to_owned()),
            GraphTarget::Named(iri) => (GraphName::from(graph_iri(iri)?), iri.clone()),
        };
        let parser = RdfParser::from_format(format)
            .with_base_iri(base.as_str())
            .map_err(|e| ProtocolError::BadRequest(format!("invalid base IRI <{base}>: {e}")))?
            .without_named_graphs()
            .with_default_graph(graph.clone())
            .rename_blank_nodes();
        let mut quads: Vec<Quad> = Vec::new();
        for quad in parser.for_slice(body) {
            quads.push(quad.map_err(|e| {
                let place = e.location().map_or(String::new(), |l| {
                    format!(
                        " at line {}, column {}",
                        l.start.line + 1,
                        l.start.column + 1
                    )
                });
                ProtocolError::BadRequest(format!(
                    "the request body is not valid {}{place}: {e}; nothing was changed",
                    format.name()
                ))
            })?);
        }
        self.begin_write(None).map_err(storage)?;
        let mut transaction = self.inner.start_transaction().map_err(storage)?;
        let created = match &graph {
            GraphName::NamedNode(node) => {
                let existed = transaction
                    .contains_named_graph(node.as_ref())
                    .map_err(storage)?;
                transaction.insert_named_graph(node.as_ref());
                !existed
            }
            _ => false,
        };
        let mut touched = Footprint::default();
        touched.add_quads(&quads);
        if replace {
            touched.merge(&graph_footprint(&transaction, graph.as_ref())?);
            transaction.clear_graph(graph.as_ref()).map_err(storage)?;
        }
        transaction.extend(quads.iter());
        self.commit_with_derived(transaction, &touched)?;
        Ok(created)
    }

    /// Removes a named graph, or empties the default graph (Graph Store Protocol DELETE).
    pub fn delete_graph(&self, target: &GraphTarget) -> Result<(), ProtocolError> {
        self.begin_write(None).map_err(storage)?;
        let mut transaction = self.inner.start_transaction().map_err(storage)?;
        let touched;
        match target {
            GraphTarget::Default => {
                touched = graph_footprint(&transaction, GraphNameRef::DefaultGraph)?;
                transaction
                    .clear_graph(GraphName::DefaultGraph.as_ref())
                    .map_err(storage)?;
            }
            GraphTarget::Named(iri) => {
                let node = graph_iri(iri)?;
                if !transaction
                    .contains_named_graph(node.as_ref())
                    .map_err(storage)?
                {
                    return Err(ProtocolError::NoSuchGraph(iri.clone()));
                }
                touched = graph_footprint(&transaction, node.as_ref().into())?;
                transaction
                    .remove_named_graph(node.as_ref())
                    .map_err(storage)?;
            }
        }
        self.commit_with_derived(transaction, &touched)
    }
}

/// The triples a graph holds, by their predicates and classes (what clearing it touches).
fn graph_footprint(
    transaction: &oxigraph::store::Transaction<'_>,
    graph: GraphNameRef<'_>,
) -> Result<Footprint, ProtocolError> {
    let mut footprint = Footprint::default();
    for quad in transaction.quads_for_pattern(None, None, None, Some(graph)) {
        let quad = quad.map_err(storage)?;
        footprint.add_triple(quad.predicate.as_ref(), quad.object.as_ref());
    }
    Ok(footprint)
}
