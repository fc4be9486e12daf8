//! The SPARQL side of the endpoint, before anything touches the store: parsing a request's query or
//! update with the project's predeclared prefixes, knowing its form (so that content negotiation
//! happens before evaluation), refusing `SERVICE` and `LOAD` (the endpoint makes no outbound request
//! and reads no server file), and the request's dataset, limits and errors that
//! `Store`'s protocol operations (src/store/protocol.rs) take and return.

use crate::base::vocab;
use oxigraph::io::RdfFormat;
use oxigraph::sparql::results::QueryResultsFormat;
use spargebra::algebra::{AggregateExpression, Expression, GraphPattern, OrderExpression};
use spargebra::{GraphUpdateOperation, Query, SparqlParser, Update};
use std::time::Duration;

/// What a query returns, known from its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryForm {
    Select,
    Ask,
    Construct,
    Describe,
}

impl QueryForm {
    /// CONSTRUCT and DESCRIBE answer with a graph.
    pub fn is_graph(self) -> bool {
        matches!(self, QueryForm::Construct | QueryForm::Describe)
    }
}

/// A query that parsed and that the endpoint agrees to run.
#[derive(Debug, Clone)]
pub struct ParsedQuery {
    pub(crate) query: Query,
    pub form: QueryForm,
    /// For `SELECT *`, the variables in the order of their first appearance in the text.
    pub(crate) star_order: Option<Vec<String>>,
}

/// An update that parsed and that the endpoint agrees to run.
#[derive(Debug, Clone)]
pub struct ParsedUpdate {
    pub(crate) update: Update,
}

/// The RDF dataset a request names with `default-graph-uri` and `named-graph-uri` (or
/// `using-graph-uri` and `using-named-graph-uri` for updates). Empty: the query's own `FROM`, else
/// the union of every graph as the default graph.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestDataset {
    pub default_graphs: Vec<String>,
    pub named_graphs: Vec<String>,
}

impl RequestDataset {
    /// Whether the request named no graph.
    pub fn is_empty(&self) -> bool {
        self.default_graphs.is_empty() && self.named_graphs.is_empty()
    }
}

/// Limits every evaluation runs under.
#[derive(Debug, Clone, Copy)]
pub struct EvaluationLimits {
    /// The query is cancelled after this long.
    pub timeout: Duration,
    /// The most rows (SELECT) or triples (CONSTRUCT, DESCRIBE, graph reads) an answer may have.
    pub max_results: usize,
}

/// How an answer is written.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum AnswerFormat {
    /// SELECT and ASK.
    Results(QueryResultsFormat),
    /// CONSTRUCT and DESCRIBE.
    Rdf(RdfFormat),
}

/// The graph a Graph Store Protocol request addresses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GraphTarget {
    /// `?default`: the triples stored outside any named graph.
    Default,
    /// `?graph=IRI`.
    Named(String),
}

/// Why a protocol operation failed; each maps to one HTTP status.
#[derive(Debug, thiserror::Error)]
pub enum ProtocolError {
    /// 400: the query or update does not parse.
    #[error("SPARQL syntax error {0}")]
    Syntax(String),
    /// 400: SERVICE, LOAD and the like.
    #[error("{0}")]
    Refused(String),
    /// 400: another problem with the request (an invalid graph IRI, an RDF upload that does not parse).
    #[error("{0}")]
    BadRequest(String),
    /// 503: cancelled by the timeout.
    #[error(
        "the query ran longer than the server's limit of {seconds} s and was cancelled; narrow it or add a LIMIT"
    )]
    Timeout { seconds: f64 },
    /// 422: more rows or triples than the server's limit.
    #[error(
        "the answer has more than {limit} {what}, the server's limit (--max-results); add a LIMIT or narrow the query"
    )]
    TooManyResults { limit: usize, what: &'static str },
    /// 404: a Graph Store Protocol request for a graph that does not exist.
    #[error("graph <{0}> does not exist in the store")]
    NoSuchGraph(String),
    /// 500: evaluation failed for another reason.
    #[error("the query failed: {0}")]
    Evaluation(String),
    /// 500: the storage layer failed.
    #[error("store error: {0}")]
    Storage(String),
}

impl ProtocolError {
    /// The HTTP status of the error.
    pub fn status(&self) -> u16 {
        match self {
            ProtocolError::Syntax(_) | ProtocolError::Refused(_) | ProtocolError::BadRequest(_) => {
                400
            }
            ProtocolError::Timeout { .. } => 503,
            ProtocolError::TooManyResults { .. } => 422,
            ProtocolError::NoSuchGraph(_) => 404,
            ProtocolError::Evaluation(_) | ProtocolError::Storage(_) => 500,
        }
    }
}

fn parser(base_iri: Option<&str>) -> Result<SparqlParser, ProtocolError> {
    let mut parser = SparqlParser::new();
    if let Some(base) = base_iri {
        parser = parser
            .with_base_iri(base)
            .map_err(|e| ProtocolError::BadRequest(format!("invalid base IRI <{base}>: {e}")))?;
    }
    for (prefix, iri) in vocab::PREFIXES {
        parser = parser.with_prefix(*prefix, *iri).map_err(|e| {
            ProtocolError::Storage(format!("invalid built-in prefix {prefix}: {e}"))
        })?;
    }
    Ok(parser)
}

/// The parser's message as one line with its position (`query_text::describe_syntax_error`).
fn describe_syntax_error(message: &str) -> String {
    super::query_text::describe_syntax_error(message).unwrap_or_else(|| {
        format!(
            ": {}",
            message.split_whitespace().collect::<Vec<_>>().join(" ")
        )
    })
}

const SERVICE_REFUSED: &str = "SERVICE is refused: this endpoint makes no outbound requests; \
     run the remote part against its own endpoint";
const LOAD_REFUSED: &str = "LOAD is refused: this endpoint makes no outbound requests and reads no \
     server files; upload the data with the Graph Store Protocol (PUT or POST /store?graph=IRI)";

/// Parses a query, with the project's prefixes predeclared, and refuses `SERVICE`.
pub fn parse_query(text: &str, base_iri: Option<&str>) -> Result<ParsedQuery, ProtocolError> {
    super::query_text::check_query_text(text).map_err(ProtocolError::BadRequest)?;
    let query = parser(base_iri)?
        .parse_query(text)
        .map_err(|e| ProtocolError::Syntax(describe_syntax_error(&e.to_string())))?;
    let (form, pattern) = match &query {
        Query::Select { pattern, .. } => (QueryForm::Select, pattern),
        Query::Ask { pattern, .. } => (QueryForm::Ask, pattern),
        Query::Construct { pattern, .. } => (QueryForm::Construct, pattern),
        Query::Describe { pattern, .. } => (QueryForm::Describe, pattern),
    };
    if uses_service(pattern) {
        return Err(ProtocolError::Refused(SERVICE_REFUSED.into()));
    }
    Ok(ParsedQuery {
        query,
        form,
        star_order: super::query_text::select_star_order(text),
    })
}

/// Parses an update, with the project's prefixes predeclared, and refuses `LOAD` and `SERVICE`.
pub fn parse_update(text: &str, base_iri: Option<&str>) -> Result<ParsedUpdate, ProtocolError> {
    super::query_text::check_query_text(text).map_err(|reason| {
        ProtocolError::BadRequest(reason.replacen("the query", "the update", 1))
    })?;
    let update = parser(base_iri)?
        .parse_update(text)
        .map_err(|e| ProtocolError::Syntax(describe_syntax_error(&e.to_string())))?;
    for operation in &update.operations {
        match operation {
            GraphUpdateOperation::Load { .. } => {
                return Err(ProtocolError::Refused(LOAD_REFUSED.into()));
            }
            GraphUpdateOperation::DeleteInsert { pattern, .. } if uses_service(pattern) => {
                return Err(ProtocolError::Refused(SERVICE_REFUSED.into()));
            }
            _ => {}
        }
    }
    Ok(ParsedUpdate { update })
}

impl ParsedUpdate {
    /// Whether an operation names its own dataset with `USING` or `USING NAMED`.
    pub fn has_using(&self) -> bool {
        self.update.operations.iter().any(|operation| {
            matches!(
                operation,
                GraphUpdateOperation::DeleteInsert { using: Some(_), .. }
            )
        })
    }
}

/// Whether a graph pattern calls SERVICE anywhere, including inside EXISTS.
fn uses_service(pattern: &GraphPattern) -> bool {
    match pattern {
        GraphPattern::Service { .. } => true,
        GraphPattern::Bgp { .. } | GraphPattern::Path { .. } | GraphPattern::Values { .. } => false,
        GraphPattern::Join { left, right }
        | GraphPattern::Union { left, right }
        | GraphPattern::Minus { left, right }
        | GraphPattern::Lateral { left, right } => uses_service(left) || uses_service(right),
        GraphPattern::LeftJoin {
            left,
            right,
            expression,
        } => {
            uses_service(left)
                || uses_service(right)
                || expression.as_ref().is_some_and(expression_uses_service)
        }
        GraphPattern::Filter { expr, inner } => {
            expression_uses_service(expr) || uses_service(inner)
        }
        GraphPattern::Extend {
            inner, expression, ..
        } => uses_service(inner) || expression_uses_service(expression),
        GraphPattern::OrderBy { inner, expression } => {
            uses_service(inner)
                || expression.iter().any(|order| match order {
                    OrderExpression::Asc(e) | OrderExpression::Desc(e) => {
                        expression_uses_service(e)
                    }
                })
        }
        GraphPattern::Group {
            inner, aggregates, ..
        } => {
            uses_service(inner)
                || aggregates.iter().any(|(_, aggregate)| match aggregate {
                    AggregateExpression::CountSolutions { .. } => false,
                    AggregateExpression::FunctionCall { expr, .. } => expression_uses_service(expr),
                })
        }
        GraphPattern::Graph { inner, .. }
        | GraphPattern::Project { inner, .. }
        | GraphPattern::Distinct { inner }
        | GraphPattern::Reduced { inner }
        | GraphPattern::Slice { inner, .. } => uses_service(inner),
    }
}

fn expression_uses_service(expression: &Expression) -> bool {
    match expression {
        Expression::Exists(pattern) => uses_service(pattern),
        Expression::NamedNode(_)
        | Expression::Literal(_)
        | Expression::Variable(_)
        | Expression::Bound(_) => false,
        Expression::Or(a, b)
        | Expression::And(a, b)
        | Expression::Equal(a, b)
        | Expression::SameTerm(a, b)
        | Expression::Greater(a, b)
        | Expression::GreaterOrEqual(a, b)
        | Expression::Less(a, b)
        | Expression::LessOrEqual(a, b)
        | Expression::Add(a, b)
        | Expression::Subtract(a, b)
        | Expression::Multiply(a, b)
        | Expression::Divide(a, b) => expression_uses_service(a) || expression_uses_service(b),
        Expression::UnaryPlus(a) | Expression::UnaryMinus(a) | Expression::Not(a) => {
            expression_uses_service(a)
        }
        Expression::In(a, list) => {
            expression_uses_service(a) || list.iter().any(expression_uses_service)
        }
        Expression::If(a, b, c) => {
            expression_uses_service(a) || expression_uses_service(b) || expression_uses_service(c)
        }
        Expression::Coalesce(list) | Expression::FunctionCall(_, list) => {
            list.iter().any(expression_uses_service)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_are_known_before_evaluation_and_prefixes_are_predeclared() {
        let select = parse_query("SELECT * WHERE { ?s a im:Firm }", None).unwrap();
        assert_eq!(select.form, QueryForm::Select);
        let construct = parse_query("CONSTRUCT WHERE { ?s rdfs:label ?l }", None).unwrap();
        assert!(construct.form.is_graph());
    }

    #[test]
    fn service_is_refused_wherever_it_hides() {
        for text in [
            "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
            "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE SILENT <http://x/> { ?s ?p ?o } } }",
            "ASK { OPTIONAL { SERVICE <http://x/> { ?s ?p ?o } } }",
        ] {
            let error = parse_query(text, None).unwrap_err();
            assert!(
                error.to_string().starts_with("SERVICE is refused"),
                "{text}"
            );
        }
        let update = "INSERT { ?s ?p ?o } WHERE { SERVICE <http://x/> { ?s ?p ?o } }";
        assert!(matches!(
            parse_update(update, None),
            Err(ProtocolError::Refused(_))
        ));
    }

    #[test]
    fn load_is_refused() {
        let error = parse_update("LOAD <http://example.org/data.ttl>", None).unwrap_err();
        assert!(error.to_string().starts_with("LOAD is refused"));
        assert_eq!(error.status(), 400);
    }

    #[test]
    fn syntax_errors_name_line_and_column() {
        let error = parse_query("SELECT * WHERE { ?s ?p }", None).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("SPARQL syntax error at line 1, column"),
            "{error}"
        );
    }
}
