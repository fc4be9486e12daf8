//! An external SPARQL 1.1 engine behind `--endpoint URL`: every reading command runs its queries
//! there by the SPARQL 1.1 Protocol, and `push` uploads named graphs by the Graph Store Protocol.
//!
//! Dialect differences that are handled here, so that the rest of the program sees one store:
//!
//! * **The default graph.** oxigraph's queries here see the union of all named graphs; engines
//!   differ (Virtuoso's default is every graph, its own system graphs included; Fuseki's is an
//!   empty default graph unless configured). `push` therefore writes a catalogue graph
//!   ([`vocab::GRAPH_CATALOGUE`]) naming every graph it uploaded, and when the catalogue exists every
//!   request names those graphs as its dataset (`default-graph-uri` and `named-graph-uri`), which
//!   every conforming engine honours. Without a catalogue the engine's own default dataset is used.
//! * **Result formats.** SELECT and ASK ask for SPARQL JSON, with XML as the fallback (and TSV or
//!   CSV if that is all the engine offers); CONSTRUCT asks for N-Triples, Turtle or RDF/XML; the
//!   answer is parsed by its `Content-Type`.
//! * **Limits on result sizes.** An engine may cut a long answer silently (Virtuoso stops at its
//!   `ResultSetMaxRows` and says so only in an `X-SPARQL-MaxRows` header). A SELECT whose answer
//!   reaches the announced limit is read again in pages, and `--page-size N` pages every SELECT.
//! * **Paging.** A page is the query itself with a total order (its own ORDER BY, then every
//!   projected variable as tie-breakers) and `LIMIT`/`OFFSET` applied on top of its own, so pages
//!   never overlap or skip a row.
//! * **Bindings.** `--param` values are joined to the query's pattern as a `VALUES` block below its
//!   filters, extensions and grouping (the text sent is the parsed query, serialised), since
//!   engines have no equivalent of oxigraph's substitution.

use super::{QueryAnswer, Solutions, query_text, request};
use crate::base::error::Error;
use crate::base::vocab;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{NamedNode, Quad, Term, Triple};
use oxigraph::sparql::results::{
    QueryResultsFormat, QueryResultsParser, ReaderQueryResultsParserOutput,
};
use spargebra::Query;
use spargebra::algebra::{Expression, GraphPattern, OrderExpression};
use spargebra::term::{GroundTerm, TermPattern};
use std::io::Read;
use std::time::Duration;

/// How to reach the external engine.
#[derive(Clone, Default)]
pub struct RemoteConfig {
    /// The SPARQL 1.1 Protocol query URL.
    pub query_url: String,
    /// The Graph Store Protocol URL that `push` writes to.
    pub graph_store_url: Option<String>,
    /// The SPARQL Update URL that `push` writes to when there is no Graph Store Protocol URL.
    pub update_url: Option<String>,
    /// Credentials sent with every request.
    pub auth: Option<Auth>,
    /// Page every SELECT at this many rows (for engines that cut long answers without saying so).
    pub page_size: Option<usize>,
    /// Give up on a request after this long.
    pub timeout: Option<Duration>,
}

impl std::fmt::Debug for RemoteConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RemoteConfig")
            .field("query_url", &self.query_url)
            .field("graph_store_url", &self.graph_store_url)
            .field("update_url", &self.update_url)
            .field("auth", &self.auth.as_ref().map(|_| "(given)"))
            .field("page_size", &self.page_size)
            .finish()
    }
}

/// Credentials: a bearer token or HTTP basic authentication.
#[derive(Clone)]
pub enum Auth {
    Bearer(String),
    Basic { user: String, password: String },
}

impl Auth {
    fn header(&self) -> String {
        match self {
            Auth::Bearer(token) => format!("Bearer {token}"),
            Auth::Basic { user, password } => {
                format!("Basic {}", base64(format!("{user}:{password}").as_bytes()))
            }
        }
    }
}

/// Standard base64 with padding (RFC 4648), for the basic-authentication header.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | (u32::from(b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

const SOLUTIONS_ACCEPT: &str = "application/sparql-results+json, application/sparql-results+xml;q=0.9, \
     text/tab-separated-values;q=0.5, text/csv;q=0.4";
const GRAPH_ACCEPT: &str = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.8, application/n-quads;q=0.7";
/// Triples per request when pushing a large graph.
const PUSH_CHUNK: usize = 20_000;

/// A connection to the external engine.
pub struct Remote {
    config: RemoteConfig,
    agent: ureq::Agent,
    /// The graphs of the catalogue, sent as every request's dataset; `None` inside: the engine's
    /// own. Read at the first request (so that a mistake in a query is reported before any).
    dataset: std::sync::OnceLock<Option<Vec<String>>>,
}

/// A consumer of rows given with the names of their columns.
type NamedRows<'a> = dyn FnMut(&[String], Vec<Option<Term>>) -> Result<(), Error> + 'a;
/// A consumer of rows in the query's own column order.
type Rows<'a> = dyn FnMut(&[Option<Term>]) -> Result<(), Error> + 'a;

/// One answer to a SELECT request.
struct Page {
    variables: Vec<String>,
    rows: Vec<Vec<Option<Term>>>,
    /// The row limit the engine announced (`X-SPARQL-MaxRows`), if any.
    max_rows: Option<usize>,
}

impl Remote {
    /// Checks the URLs; nothing is sent yet.
    pub fn connect(config: RemoteConfig) -> Result<Self, Error> {
        check_url(&config.query_url, "--endpoint")?;
        if let Some(url) = &config.graph_store_url {
            check_url(url, "--graph-store")?;
        }
        if let Some(url) = &config.update_url {
            check_url(url, "--update-endpoint")?;
        }
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(Duration::from_secs(10)))
            .timeout_global(config.timeout)
            .build()
            .new_agent();
        Ok(Self {
            config,
            agent,
            dataset: std::sync::OnceLock::new(),
        })
    }

    /// The endpoint's URL, for messages.
    pub fn url(&self) -> &str {
        &self.config.query_url
    }

    /// The graphs the catalogue names, with the sizes it records (empty when there is none).
    pub fn catalogue(&self) -> Result<Vec<(String, usize)>, Error> {
        let text = format!(
            "SELECT ?g ?n WHERE {{ GRAPH <{}> {{ ?g a <{VOID_DATASET}> OPTIONAL {{ ?g <{VOID_TRIPLES}> ?n }} }} }} ORDER BY ?g",
            vocab::GRAPH_CATALOGUE,
        );
        let page = self.select_once(&text, "the catalogue query", false)?;
        let mut graphs: Vec<(String, usize)> = Vec::new();
        for row in page.rows {
            if let Some(Some(Term::NamedNode(graph))) = row.first() {
                let size = match row.get(1) {
                    Some(Some(Term::Literal(n))) => n.value().parse().unwrap_or(0),
                    _ => 0,
                };
                if !graphs.iter().any(|(g, _)| g == graph.as_str()) {
                    graphs.push((graph.as_str().to_owned(), size));
                }
            }
        }
        Ok(graphs)
    }

    /// The dataset every request names: the catalogue's graphs, read once.
    fn dataset(&self) -> Result<Option<&Vec<String>>, Error> {
        if self.dataset.get().is_none() {
            let catalogue = self.catalogue()?;
            let graphs = (!catalogue.is_empty())
                .then(|| catalogue.into_iter().map(|(graph, _)| graph).collect());
            let _ = self.dataset.set(graphs);
        }
        Ok(self.dataset.get().and_then(Option::as_ref))
    }

    fn remote_error(&self, message: impl Into<String>) -> Error {
        Error::Remote {
            endpoint: self.config.query_url.clone(),
            message: message.into(),
        }
    }

    fn transport_error(&self, url: &str, error: ureq::Error) -> Error {
        match error {
            ureq::Error::Timeout(_) => self.remote_error(format!(
                "no answer from {url} in time; narrow the query or raise --timeout"
            )),
            other => self.remote_error(format!(
                "cannot reach {url}: {other}; check the URL and that the engine is running"
            )),
        }
    }

    /// Sends a query by URL-encoded POST with the dataset, and returns the response when it is a
    /// success; an engine's refusal becomes an error naming the query and the engine's reason.
    fn post_query(
        &self,
        text: &str,
        accept: &str,
        source: &str,
        dataset: bool,
    ) -> Result<ureq::http::Response<ureq::Body>, Error> {
        let graphs = if dataset { self.dataset()? } else { None };
        if std::env::var_os("INNOMAP_LOG_SPARQL").is_some() {
            eprintln!("innomap: sending to {}:\n{text}", self.config.query_url);
        }
        let mut form: Vec<(&str, &str)> = vec![("query", text)];
        if let Some(graphs) = graphs {
            for graph in graphs {
                form.push(("default-graph-uri", graph));
            }
            for graph in graphs {
                form.push(("named-graph-uri", graph));
            }
        }
        let url = &self.config.query_url;
        let mut request = self.agent.post(url).header("Accept", accept);
        if let Some(auth) = &self.config.auth {
            request = request.header("Authorization", auth.header());
        }
        let response = request
            .send_form(form)
            .map_err(|e| self.transport_error(url, e))?;
        let status = response.status().as_u16();
        if (200..300).contains(&status) {
            return Ok(response);
        }
        let reason = error_text(response);
        Err(match status {
            401 | 403 => self.remote_error(format!(
                "the engine refused the credentials (HTTP {status}){reason}; give --endpoint-token or --endpoint-user with INNOMAP_ENDPOINT_PASSWORD"
            )),
            400 | 500 => Error::Query {
                origin: source.to_owned(),
                message: format!(
                    "the endpoint refused it (HTTP {status}){reason}{}",
                    advice_for(&reason)
                ),
            },
            _ => self.remote_error(format!("HTTP {status}{reason}")),
        })
    }

    /// One SELECT request, answered whole.
    fn select_once(&self, text: &str, source: &str, dataset: bool) -> Result<Page, Error> {
        let response = self.post_query(text, SOLUTIONS_ACCEPT, source, dataset)?;
        let max_rows = response
            .headers()
            .get("x-sparql-maxrows")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<usize>().ok());
        let format = results_format(&response).ok_or_else(|| {
            self.remote_error(format!(
                "{source}: the engine answered a SELECT with {}, not SPARQL results",
                content_type(&response)
            ))
        })?;
        let bad = |e: &dyn std::fmt::Display| {
            self.remote_error(format!("{source}: unreadable {format:?} results: {e}"))
        };
        let reader = NodeIds::new(response.into_body().into_reader());
        match QueryResultsParser::from_format(format)
            .for_reader(reader)
            .map_err(|e| bad(&e))?
        {
            ReaderQueryResultsParserOutput::Solutions(solutions) => {
                let variables: Vec<String> = solutions
                    .variables()
                    .iter()
                    .map(|v| v.as_str().to_owned())
                    .collect();
                let mut rows = Vec::new();
                for solution in solutions {
                    let solution = solution.map_err(|e| bad(&e))?;
                    rows.push(
                        variables
                            .iter()
                            .map(|v| solution.get(v.as_str()).cloned().map(canonical))
                            .collect(),
                    );
                }
                Ok(Page {
                    variables,
                    rows,
                    max_rows,
                })
            }
            ReaderQueryResultsParserOutput::Boolean(_) => Err(self.remote_error(format!(
                "{source}: the engine answered a SELECT with a boolean"
            ))),
        }
    }

    /// Every solution of a SELECT query, read in pages when the engine cuts long answers.
    fn solutions(
        &self,
        query: &Query,
        text: &str,
        source: &str,
        each: &mut NamedRows<'_>,
    ) -> Result<Vec<String>, Error> {
        if let Some(size) = self.config.page_size {
            return self.paged(query, size, source, each);
        }
        let page = self.select_once(text, source, true)?;
        if let Some(limit) = page.max_rows
            && limit > 0
            && page.rows.len() >= limit
        {
            // Cut at the engine's limit: read it again in pages of that size.
            return self.paged(query, limit, source, each);
        }
        for row in page.rows {
            each(&page.variables, row)?;
        }
        Ok(page.variables)
    }

    fn paged(
        &self,
        query: &Query,
        size: usize,
        source: &str,
        each: &mut NamedRows<'_>,
    ) -> Result<Vec<String>, Error> {
        let mut offset = 0;
        let mut variables = None;
        while let Some(page_query) = page_of(query, offset, size) {
            let page = self.select_once(&page_query.to_string(), source, true)?;
            let count = page.rows.len();
            let names = variables.get_or_insert_with(|| page.variables.clone());
            for row in page.rows {
                each(names, row)?;
            }
            if count < size {
                break;
            }
            offset += size;
        }
        Ok(variables.unwrap_or_default())
    }

    /// Runs a parsed query (text as the user wrote it unless bindings must be joined in).
    pub fn query(
        &self,
        text: &str,
        source: &str,
        bindings: &[(String, Term)],
    ) -> Result<QueryAnswer, Error> {
        let parsed = request::parse_query(text, None).map_err(|e| Error::QuerySyntax {
            origin: source.to_owned(),
            message: e.to_string(),
        })?;
        let mut query = bind(parsed.query, bindings)?;
        let folded = fold_unbindable(&mut query);
        if folded {
            printable(&mut query);
        }
        let sent = if bindings.is_empty() && !folded {
            format!("{}{text}", prologue())
        } else {
            query.to_string()
        };
        match &query {
            Query::Select { .. } => {
                let mut rows = Vec::new();
                let mut variables = self.solutions(&query, &sent, source, &mut |names, row| {
                    rows.push((names.to_vec(), row));
                    Ok(())
                })?;
                if let Some(order) = &parsed.star_order {
                    query_text::reorder(&mut variables, order, String::as_str);
                }
                let rows = rows
                    .into_iter()
                    .map(|(names, row)| arrange(&variables, &names, row))
                    .collect();
                Ok(QueryAnswer::Solutions(Solutions { variables, rows }))
            }
            Query::Ask { .. } => {
                let response = self.post_query(&sent, SOLUTIONS_ACCEPT, source, true)?;
                let format = results_format(&response).ok_or_else(|| {
                    self.remote_error(format!(
                        "{source}: the engine answered an ASK with {}",
                        content_type(&response)
                    ))
                })?;
                match QueryResultsParser::from_format(format)
                    .for_reader(response.into_body().into_reader())
                {
                    Ok(ReaderQueryResultsParserOutput::Boolean(value)) => {
                        Ok(QueryAnswer::Boolean(value))
                    }
                    Ok(_) => Err(self.remote_error(format!(
                        "{source}: the engine answered an ASK with solutions"
                    ))),
                    Err(e) => Err(self.remote_error(format!("{source}: unreadable answer: {e}"))),
                }
            }
            Query::Construct { .. } | Query::Describe { .. } => {
                let response = self.post_query(&sent, GRAPH_ACCEPT, source, true)?;
                let media = content_type(&response);
                let format = RdfFormat::from_media_type(&media).ok_or_else(|| {
                    self.remote_error(format!(
                        "{source}: the engine answered with {media}, not an RDF syntax"
                    ))
                })?;
                let limit = response
                    .headers()
                    .get("x-sparql-maxrows")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.trim().parse::<usize>().ok());
                let mut triples = Vec::new();
                for quad in
                    RdfParser::from_format(format).for_reader(response.into_body().into_reader())
                {
                    let quad = quad.map_err(|e| {
                        self.remote_error(format!("{source}: unreadable {media} answer: {e}"))
                    })?;
                    triples.push(Triple::from(quad));
                }
                if let Some(limit) = limit
                    && limit > 0
                    && triples.len() >= limit
                {
                    return Err(self.remote_error(format!(
                        "{source}: the engine cut the graph at its limit of {limit} triples; narrow the query or raise the engine's limit (Virtuoso: ResultSetMaxRows)"
                    )));
                }
                Ok(QueryAnswer::Graph(triples))
            }
        }
    }

    /// Runs a SELECT query and hands each row to `each`, in the order of the query's variables.
    pub fn select_each(&self, text: &str, source: &str, each: &mut Rows<'_>) -> Result<(), Error> {
        let parsed = request::parse_query(text, None).map_err(|e| Error::QuerySyntax {
            origin: source.to_owned(),
            message: e.to_string(),
        })?;
        let Query::Select { .. } = &parsed.query else {
            return Err(Error::Input {
                message: format!("{source} is not a SELECT query"),
            });
        };
        let sent = format!("{}{text}", prologue());
        // The order of the variables is the query's own (its projection, or for `SELECT *` the
        // text's order), whatever order the engine lists them in.
        let wanted: Option<Vec<String>> = projection(&parsed.query).or(parsed.star_order.clone());
        let mut cached: Option<(Vec<String>, Vec<usize>)> = None;
        self.solutions(&parsed.query, &sent, source, &mut |names, row| {
            let wanted = wanted.as_deref().unwrap_or(names);
            let order = match &cached {
                Some((seen, order)) if seen == names => order,
                _ => {
                    let order = wanted
                        .iter()
                        .map(|w| names.iter().position(|n| n == w).unwrap_or(usize::MAX))
                        .collect();
                    &cached.insert((names.to_vec(), order)).1
                }
            };
            let arranged: Vec<Option<Term>> = order
                .iter()
                .map(|&i| row.get(i).cloned().flatten())
                .collect();
            each(&arranged)
        })?;
        Ok(())
    }

    /// The named graphs of the dataset with their sizes, sorted by IRI.
    pub fn graphs(&self) -> Result<Vec<(String, usize)>, Error> {
        let text = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g";
        let mut graphs = Vec::new();
        let page = self.select_once(text, "the graph count query", true)?;
        for row in page.rows {
            if let [Some(Term::NamedNode(graph)), Some(Term::Literal(n))] = row.as_slice() {
                graphs.push((
                    graph.as_str().to_owned(),
                    n.value().parse::<usize>().unwrap_or(0),
                ));
            }
        }
        graphs.sort();
        Ok(graphs)
    }

    /// Every quad of the dataset's named graphs as an N-Quads line (unsorted).
    pub fn quad_lines(&self, anonymous: bool) -> Result<Vec<String>, Error> {
        let mut lines = Vec::new();
        let text = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }";
        self.select_each(text, "the dump query", &mut |row| {
            if let [Some(s), Some(p), Some(o), Some(g)] = row {
                let blank = |t: &Term| {
                    if anonymous && matches!(t, Term::BlankNode(_)) {
                        "[]".to_owned()
                    } else {
                        t.to_string()
                    }
                };
                lines.push(format!("{} {p} {} {g} .", blank(s), blank(o)));
            }
            Ok(())
        })?;
        Ok(lines)
    }

    /// Replaces graph `graph` on the engine with `triples`: by the Graph Store Protocol (a PUT of
    /// the first chunk, then POSTs, which merge, of the rest), else by SPARQL Update (`DROP SILENT
    /// GRAPH`, then `INSERT DATA` per chunk).
    pub fn put_graph(&self, graph: &str, triples: &[Triple]) -> Result<(), Error> {
        let chunks: Vec<&[Triple]> = if triples.is_empty() {
            vec![&[]]
        } else {
            triples.chunks(PUSH_CHUNK).collect()
        };
        let ntriples = |chunk: &[Triple]| {
            let mut body = String::new();
            for triple in chunk {
                body.push_str(&triple.to_string());
                body.push_str(" .\n");
            }
            body
        };
        if let Some(store_url) = &self.config.graph_store_url {
            let separator = if store_url.contains('?') { '&' } else { '?' };
            let url = format!(
                "{store_url}{separator}graph={}",
                form_urlencoded::byte_serialize(graph.as_bytes()).collect::<String>()
            );
            for (i, chunk) in chunks.into_iter().enumerate() {
                let request = if i == 0 {
                    self.agent.put(&url)
                } else {
                    self.agent.post(&url)
                };
                let mut request = request.header("Content-Type", "application/n-triples");
                if let Some(auth) = &self.config.auth {
                    request = request.header("Authorization", auth.header());
                }
                let response = request
                    .send(ntriples(chunk).as_bytes())
                    .map_err(|e| self.transport_error(store_url, e))?;
                self.check_write(response, graph)?;
            }
            return Ok(());
        }
        let Some(update_url) = &self.config.update_url else {
            return Err(Error::Usage(
                "push needs --graph-store URL or --update-endpoint URL".into(),
            ));
        };
        let mut updates = vec![format!("DROP SILENT GRAPH <{graph}>")];
        for chunk in chunks.into_iter().filter(|c| !c.is_empty()) {
            updates.push(format!(
                "INSERT DATA {{ GRAPH <{graph}> {{\n{}}} }}",
                ntriples(chunk)
            ));
        }
        for update in updates {
            let mut request = self.agent.post(update_url);
            if let Some(auth) = &self.config.auth {
                request = request.header("Authorization", auth.header());
            }
            let response = request
                .send_form([("update", update.as_str())])
                .map_err(|e| self.transport_error(update_url, e))?;
            self.check_write(response, graph)?;
        }
        Ok(())
    }

    fn check_write(
        &self,
        response: ureq::http::Response<ureq::Body>,
        graph: &str,
    ) -> Result<(), Error> {
        let status = response.status().as_u16();
        if (200..300).contains(&status) {
            return Ok(());
        }
        let reason = error_text(response);
        Err(self.remote_error(format!(
            "the engine refused graph <{graph}> (HTTP {status}){reason}; it and the graphs after it were not pushed (those before it were)"
        )))
    }
}

const VOID_DATASET: &str = "http://rdfs.org/ns/void#Dataset";
const VOID_TRIPLES: &str = "http://rdfs.org/ns/void#triples";

/// The catalogue's triples: each graph a `void:Dataset` with its size.
pub fn catalogue_triples(graphs: &[(String, usize)]) -> Result<Vec<Triple>, Error> {
    let kind = NamedNode::new_unchecked(vocab::RDF_TYPE);
    let dataset = NamedNode::new_unchecked(VOID_DATASET);
    let size = NamedNode::new_unchecked(VOID_TRIPLES);
    let mut triples = Vec::new();
    for (graph, count) in graphs {
        let node = NamedNode::new(graph.as_str()).map_err(|e| Error::Input {
            message: format!("graph <{graph}> is not an IRI: {e}"),
        })?;
        triples.push(Triple::new(node.clone(), kind.clone(), dataset.clone()));
        triples.push(Triple::new(
            node,
            size.clone(),
            oxigraph::model::Literal::from(*count as i64),
        ));
    }
    Ok(triples)
}

/// Triples of a store's quads (the graph name dropped): what one named graph's upload holds.
pub fn triples_of(quads: Vec<Quad>) -> Vec<Triple> {
    quads.into_iter().map(Triple::from).collect()
}

fn check_url(url: &str, option: &str) -> Result<(), Error> {
    if url.starts_with("http://") || url.starts_with("https://") {
        Ok(())
    } else {
        Err(Error::Usage(format!(
            "{option} {url}: give an http:// or https:// URL"
        )))
    }
}

/// The project's prefixes as a SPARQL prologue, for text sent as written.
fn prologue() -> String {
    vocab::PREFIXES
        .iter()
        .map(|(prefix, iri)| format!("PREFIX {prefix}: <{iri}>\n"))
        .collect()
}

fn content_type(response: &ureq::http::Response<ureq::Body>) -> String {
    response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("no Content-Type")
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

fn results_format(response: &ureq::http::Response<ureq::Body>) -> Option<QueryResultsFormat> {
    let media = content_type(response);
    QueryResultsFormat::from_media_type(&media).or(match media.as_str() {
        // Some engines label JSON results plainly.
        "application/json" => Some(QueryResultsFormat::Json),
        "application/xml" | "text/xml" => Some(QueryResultsFormat::Xml),
        _ => None,
    })
}

/// The first line of an error response's body, as `: reason` (empty when there is none).
fn error_text(response: ureq::http::Response<ureq::Body>) -> String {
    let mut text = String::new();
    let _ = response
        .into_body()
        .into_reader()
        .take(4096)
        .read_to_string(&mut text);
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or_default();
    if line.is_empty() {
        String::new()
    } else {
        let short: String = line.chars().take(300).collect();
        format!(": {short}")
    }
}

/// A term as oxigraph writes it where an engine writes it otherwise: Virtuoso answers booleans as
/// `"1"^^xsd:boolean` and `"0"^^xsd:boolean`, the same values as `true` and `false`.
fn canonical(term: Term) -> Term {
    if let Term::Literal(literal) = &term
        && literal.datatype().as_str() == "http://www.w3.org/2001/XMLSchema#boolean"
    {
        match literal.value() {
            "1" => return Term::Literal(oxigraph::model::Literal::from(true)),
            "0" => return Term::Literal(oxigraph::model::Literal::from(false)),
            _ => {}
        }
    }
    term
}

/// A results stream with Virtuoso's blank node labels made valid: it writes them as
/// `nodeID://b10006` (in JSON `"value": "nodeID://b10006"`, in XML `<bnode>nodeID://b10006</bnode>`),
/// which is not a blank node label; the prefix is dropped where it opens a string or an element.
struct NodeIds<R> {
    inner: R,
    /// Processed bytes not yet handed out.
    ready: Vec<u8>,
    position: usize,
    /// Read bytes held back because a marker may continue in the next read.
    held: Vec<u8>,
    /// The last two bytes handed on (a marker opens a string or an element, unescaped).
    last: [u8; 2],
    done: bool,
}

const NODE_ID: &[u8] = b"nodeID://";

impl<R: Read> NodeIds<R> {
    fn new(inner: R) -> Self {
        Self {
            inner,
            ready: Vec::new(),
            position: 0,
            held: Vec::new(),
            last: [0, 0],
            done: false,
        }
    }

    fn refill(&mut self) -> std::io::Result<()> {
        let mut chunk = vec![0u8; 64 * 1024];
        let n = self.inner.read(&mut chunk)?;
        let mut data = std::mem::take(&mut self.held);
        data.extend_from_slice(&chunk[..n]);
        self.done = n == 0;
        // Until the end, the last bytes wait for the next read: a marker may continue there.
        let limit = if self.done {
            data.len()
        } else {
            data.len().saturating_sub(NODE_ID.len())
        };
        self.ready.clear();
        self.position = 0;
        let mut i = 0;
        while i < limit {
            let opens = self.last[1] == b'"' || self.last[1] == b'>';
            if opens && self.last[0] != b'\\' && data[i..].starts_with(NODE_ID) {
                i += NODE_ID.len();
                continue;
            }
            self.ready.push(data[i]);
            self.last = [self.last[1], data[i]];
            i += 1;
        }
        self.held = data.split_off(i.min(data.len()));
        Ok(())
    }
}

impl<R: Read> Read for NodeIds<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.position >= self.ready.len() {
            if self.done {
                return Ok(0);
            }
            self.refill()?;
        }
        let n = buf.len().min(self.ready.len() - self.position);
        buf[..n].copy_from_slice(&self.ready[self.position..self.position + n]);
        self.position += n;
        Ok(n)
    }
}

/// A row given in `names`' order, rearranged into `variables`' order.
fn arrange(variables: &[String], names: &[String], row: Vec<Option<Term>>) -> Vec<Option<Term>> {
    if variables == names {
        return row;
    }
    variables
        .iter()
        .map(|v| {
            names
                .iter()
                .position(|n| n == v)
                .and_then(|i| row.get(i).cloned().flatten())
        })
        .collect()
}

/// The variables a SELECT query projects, in its order (below DISTINCT, REDUCED and LIMIT), when
/// it names them; `None` for `SELECT *`.
pub fn projection(query: &Query) -> Option<Vec<String>> {
    let Query::Select { pattern, .. } = query else {
        return None;
    };
    let mut pattern = pattern;
    loop {
        match pattern {
            GraphPattern::Distinct { inner }
            | GraphPattern::Reduced { inner }
            | GraphPattern::Slice { inner, .. } => pattern = inner,
            GraphPattern::Project { variables, .. } => {
                return Some(variables.iter().map(|v| v.as_str().to_owned()).collect());
            }
            _ => return None,
        }
    }
}

/// The query made safe to serialise and send: spargebra 0.4 writes the parsed query back as text
/// with two defects that change what an engine reads, both repaired here.
///
/// * It writes arithmetic without parentheses (`(a / b - 1) * 100` becomes `a / b - 1 * 100`):
///   every arithmetic operand that is itself arithmetic is wrapped in `IF(true, …, 0)`, which is
///   the same value (or the same error) and is written with its parentheses. (Not `COALESCE(…)`:
///   Virtuoso 7.2 fails to compile a COALESCE whose value is joined on, error SQ156.)
/// * It writes a path sequence `a/b*` as two patterns joined by a blank node, which some engines
///   refuse under a transitive path (Virtuoso: "Subject of transitive triple pattern should be
///   variable"): every blank node of a pattern becomes a variable (never projected).
fn printable(query: &mut Query) {
    fn term(t: &mut TermPattern) {
        if let TermPattern::BlankNode(b) = t {
            *t = TermPattern::Variable(oxigraph::model::Variable::new_unchecked(format!(
                "innomap_blank_{}",
                b.as_str()
            )));
        }
    }
    fn arithmetic(e: &Expression) -> bool {
        matches!(
            e,
            Expression::Add(..)
                | Expression::Subtract(..)
                | Expression::Multiply(..)
                | Expression::Divide(..)
                | Expression::UnaryPlus(..)
                | Expression::UnaryMinus(..)
        )
    }
    fn grouped(e: &mut Expression) {
        expression(e);
        if arithmetic(e) {
            let inner = std::mem::replace(e, Expression::Coalesce(Vec::new()));
            *e = Expression::If(
                Box::new(Expression::Literal(oxigraph::model::Literal::from(true))),
                Box::new(inner),
                Box::new(Expression::Literal(oxigraph::model::Literal::from(0))),
            );
        }
    }
    fn expression(e: &mut Expression) {
        match e {
            Expression::Add(a, b)
            | Expression::Subtract(a, b)
            | Expression::Multiply(a, b)
            | Expression::Divide(a, b) => {
                grouped(a);
                grouped(b);
            }
            Expression::UnaryPlus(a) | Expression::UnaryMinus(a) => grouped(a),
            Expression::Or(a, b)
            | Expression::And(a, b)
            | Expression::Equal(a, b)
            | Expression::SameTerm(a, b)
            | Expression::Greater(a, b)
            | Expression::GreaterOrEqual(a, b)
            | Expression::Less(a, b)
            | Expression::LessOrEqual(a, b) => {
                expression(a);
                expression(b);
            }
            Expression::In(a, list) => {
                expression(a);
                list.iter_mut().for_each(expression);
            }
            Expression::Not(a) => expression(a),
            Expression::Exists(p) => walk(p),
            Expression::If(a, b, c) => {
                expression(a);
                expression(b);
                expression(c);
            }
            Expression::Coalesce(list) | Expression::FunctionCall(_, list) => {
                list.iter_mut().for_each(expression)
            }
            Expression::NamedNode(_)
            | Expression::Literal(_)
            | Expression::Variable(_)
            | Expression::Bound(_) => {}
        }
    }
    fn walk(p: &mut GraphPattern) {
        match p {
            GraphPattern::Bgp { patterns } => {
                for t in patterns {
                    term(&mut t.subject);
                    term(&mut t.object);
                }
            }
            GraphPattern::Path {
                subject, object, ..
            } => {
                term(subject);
                term(object);
            }
            GraphPattern::LeftJoin {
                left,
                right,
                expression: condition,
            } => {
                walk(left);
                walk(right);
                if let Some(condition) = condition {
                    expression(condition);
                }
            }
            GraphPattern::Join { left, right }
            | GraphPattern::Lateral { left, right }
            | GraphPattern::Union { left, right }
            | GraphPattern::Minus { left, right } => {
                walk(left);
                walk(right);
            }
            GraphPattern::Filter { expr, inner } => {
                expression(expr);
                walk(inner);
            }
            GraphPattern::Extend {
                inner,
                expression: e,
                ..
            } => {
                expression(e);
                walk(inner);
            }
            GraphPattern::OrderBy {
                inner,
                expression: orders,
            } => {
                for order in orders {
                    match order {
                        OrderExpression::Asc(e) | OrderExpression::Desc(e) => expression(e),
                    }
                }
                walk(inner);
            }
            GraphPattern::Group {
                inner, aggregates, ..
            } => {
                for (_, aggregate) in aggregates {
                    if let spargebra::algebra::AggregateExpression::FunctionCall { expr, .. } =
                        aggregate
                    {
                        expression(expr);
                    }
                }
                walk(inner);
            }
            GraphPattern::Graph { inner, .. }
            | GraphPattern::Project { inner, .. }
            | GraphPattern::Distinct { inner }
            | GraphPattern::Reduced { inner }
            | GraphPattern::Slice { inner, .. }
            | GraphPattern::Service { inner, .. } => walk(inner),
            GraphPattern::Values { .. } => {}
        }
    }
    match query {
        Query::Select { pattern, .. }
        | Query::Ask { pattern, .. }
        | Query::Construct { pattern, .. }
        | Query::Describe { pattern, .. } => walk(pattern),
    }
}

/// The query with its bindings substituted, as oxigraph's `substitute_variable` binds them: every
/// use of the variable, in patterns, filters (EXISTS included), extensions, aggregates and orders,
/// becomes the term; a grouping by it is dropped (it is one value); and where the variable is
/// projected it is bound to the term just below the projection, so that it stays in the answer.
fn bind(query: Query, bindings: &[(String, Term)]) -> Result<Query, Error> {
    if bindings.is_empty() {
        return Ok(query);
    }
    let mut substitutions = Vec::new();
    for (name, term) in bindings {
        let variable = oxigraph::model::Variable::new(name.as_str())
            .map_err(|e| Error::Usage(format!("invalid parameter name '{name}': {e}")))?;
        let ground = match term {
            Term::NamedNode(node) => GroundTerm::NamedNode(node.clone()),
            Term::Literal(literal) => GroundTerm::Literal(literal.clone()),
            other => {
                return Err(Error::Usage(format!(
                    "parameter '{name}': {other} cannot be sent to an endpoint (give an IRI or a literal)"
                )));
            }
        };
        substitutions.push((variable, ground));
    }
    let mut query = query;
    let substitute = Substitute(&substitutions);
    match &mut query {
        Query::Select { pattern, .. } => substitute.root(pattern),
        Query::Ask { pattern, .. }
        | Query::Construct { pattern, .. }
        | Query::Describe { pattern, .. } => substitute.pattern(pattern),
    }
    if let Query::Construct { template, .. } = &mut query {
        for triple in template {
            substitute.term(&mut triple.subject);
            substitute.named(&mut triple.predicate);
            substitute.term(&mut triple.object);
        }
    }
    printable(&mut query);
    Ok(query)
}

/// Simplifies what a parameter leaves behind, to the same answer: `BOUND(?v)` becomes `false` where
/// nothing in the query can bind `?v` (an optional parameter left out); in `COALESCE(…)` such a
/// variable is dropped, a first argument that is a term (a bound parameter) is the value, and a
/// single argument stands for itself. Virtuoso 7.2 fails to compile BOUND of an unbound variable
/// and a COALESCE whose value is joined on (error SQ156). Returns whether anything changed.
fn fold_unbindable(query: &mut Query) -> bool {
    use oxigraph::model::Variable;
    use std::collections::HashSet;
    fn term(t: &TermPattern, into: &mut HashSet<Variable>) {
        if let TermPattern::Variable(v) = t {
            into.insert(v.clone());
        }
    }
    /// Every variable a pattern can bind, anywhere inside it (EXISTS included).
    fn bindable(p: &GraphPattern, into: &mut HashSet<Variable>) {
        match p {
            GraphPattern::Bgp { patterns } => {
                for t in patterns {
                    term(&t.subject, into);
                    if let spargebra::term::NamedNodePattern::Variable(v) = &t.predicate {
                        into.insert(v.clone());
                    }
                    term(&t.object, into);
                }
            }
            GraphPattern::Path {
                subject, object, ..
            } => {
                term(subject, into);
                term(object, into);
            }
            GraphPattern::Join { left, right }
            | GraphPattern::Lateral { left, right }
            | GraphPattern::Union { left, right }
            | GraphPattern::Minus { left, right }
            | GraphPattern::LeftJoin { left, right, .. } => {
                bindable(left, into);
                bindable(right, into);
            }
            GraphPattern::Filter { expr, inner } => {
                exists(expr, into);
                bindable(inner, into);
            }
            GraphPattern::Extend {
                inner, variable, ..
            } => {
                into.insert(variable.clone());
                bindable(inner, into);
            }
            GraphPattern::Group {
                inner,
                variables,
                aggregates,
            } => {
                into.extend(variables.iter().cloned());
                into.extend(aggregates.iter().map(|(v, _)| v.clone()));
                bindable(inner, into);
            }
            GraphPattern::Values { variables, .. } => into.extend(variables.iter().cloned()),
            GraphPattern::Graph { name, inner } => {
                if let spargebra::term::NamedNodePattern::Variable(v) = name {
                    into.insert(v.clone());
                }
                bindable(inner, into);
            }
            // A projection binds nothing of its own: what it projects, its inner pattern binds.
            GraphPattern::Project { inner, .. }
            | GraphPattern::OrderBy { inner, .. }
            | GraphPattern::Distinct { inner }
            | GraphPattern::Reduced { inner }
            | GraphPattern::Slice { inner, .. }
            | GraphPattern::Service { inner, .. } => bindable(inner, into),
        }
    }
    fn exists(e: &Expression, into: &mut HashSet<Variable>) {
        if let Expression::Exists(p) = e {
            bindable(p, into);
        }
        for_each_child(e, &mut |child| exists(child, into));
    }
    fn for_each_child(e: &Expression, f: &mut dyn FnMut(&Expression)) {
        match e {
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
            | Expression::Divide(a, b) => {
                f(a);
                f(b);
            }
            Expression::In(a, list) => {
                f(a);
                list.iter().for_each(&mut *f);
            }
            Expression::UnaryPlus(a) | Expression::UnaryMinus(a) | Expression::Not(a) => f(a),
            Expression::If(a, b, c) => {
                f(a);
                f(b);
                f(c);
            }
            Expression::Coalesce(list) | Expression::FunctionCall(_, list) => {
                list.iter().for_each(f)
            }
            Expression::NamedNode(_)
            | Expression::Literal(_)
            | Expression::Variable(_)
            | Expression::Bound(_)
            | Expression::Exists(_) => {}
        }
    }
    let pattern = match query {
        Query::Select { pattern, .. }
        | Query::Ask { pattern, .. }
        | Query::Construct { pattern, .. }
        | Query::Describe { pattern, .. } => pattern,
    };
    let mut known = HashSet::new();
    bindable(pattern, &mut known);
    let mut changed = false;
    let mut fold = |e: &mut Expression| match e {
        Expression::Bound(v) if !known.contains(v) => {
            *e = Expression::Literal(oxigraph::model::Literal::from(false));
            changed = true;
        }
        Expression::Coalesce(arguments) => {
            let before = arguments.len();
            arguments.retain(|a| !matches!(a, Expression::Variable(v) if !known.contains(v)));
            let first_is_term = matches!(
                arguments.first(),
                Some(Expression::Literal(_) | Expression::NamedNode(_))
            );
            if first_is_term || arguments.len() == 1 {
                *e = arguments.swap_remove(0);
                changed = true;
            } else if arguments.len() != before {
                changed = true;
            }
        }
        _ => {}
    };
    walk_expressions(pattern, &mut fold);
    changed
}

/// Calls `f` on every expression of a pattern, innermost first (filters, extensions, orders,
/// aggregates, left-join conditions, and the patterns of EXISTS).
fn walk_expressions(p: &mut GraphPattern, f: &mut dyn FnMut(&mut Expression)) {
    fn expression(e: &mut Expression, f: &mut dyn FnMut(&mut Expression)) {
        match e {
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
            | Expression::Divide(a, b) => {
                expression(a, f);
                expression(b, f);
            }
            Expression::In(a, list) => {
                expression(a, f);
                list.iter_mut().for_each(|e| expression(e, f));
            }
            Expression::UnaryPlus(a) | Expression::UnaryMinus(a) | Expression::Not(a) => {
                expression(a, f)
            }
            Expression::If(a, b, c) => {
                expression(a, f);
                expression(b, f);
                expression(c, f);
            }
            Expression::Coalesce(list) | Expression::FunctionCall(_, list) => {
                list.iter_mut().for_each(|e| expression(e, f))
            }
            Expression::Exists(p) => walk_expressions(p, f),
            Expression::NamedNode(_)
            | Expression::Literal(_)
            | Expression::Variable(_)
            | Expression::Bound(_) => {}
        }
        f(e);
    }
    match p {
        GraphPattern::Bgp { .. } | GraphPattern::Path { .. } | GraphPattern::Values { .. } => {}
        GraphPattern::Join { left, right }
        | GraphPattern::Lateral { left, right }
        | GraphPattern::Union { left, right }
        | GraphPattern::Minus { left, right } => {
            walk_expressions(left, f);
            walk_expressions(right, f);
        }
        GraphPattern::LeftJoin {
            left,
            right,
            expression: condition,
        } => {
            walk_expressions(left, f);
            walk_expressions(right, f);
            if let Some(condition) = condition {
                expression(condition, f);
            }
        }
        GraphPattern::Filter { expr, inner } => {
            expression(expr, f);
            walk_expressions(inner, f);
        }
        GraphPattern::Extend {
            inner,
            expression: e,
            ..
        } => {
            expression(e, f);
            walk_expressions(inner, f);
        }
        GraphPattern::OrderBy {
            inner,
            expression: orders,
        } => {
            for order in orders {
                match order {
                    OrderExpression::Asc(e) | OrderExpression::Desc(e) => expression(e, f),
                }
            }
            walk_expressions(inner, f);
        }
        GraphPattern::Group {
            inner, aggregates, ..
        } => {
            for (_, aggregate) in aggregates {
                if let spargebra::algebra::AggregateExpression::FunctionCall { expr, .. } =
                    aggregate
                {
                    expression(expr, f);
                }
            }
            walk_expressions(inner, f);
        }
        GraphPattern::Graph { inner, .. }
        | GraphPattern::Project { inner, .. }
        | GraphPattern::Distinct { inner }
        | GraphPattern::Reduced { inner }
        | GraphPattern::Slice { inner, .. }
        | GraphPattern::Service { inner, .. } => walk_expressions(inner, f),
    }
}

/// Variables to replace by terms, walked over the algebra.
struct Substitute<'a>(&'a [(oxigraph::model::Variable, GroundTerm)]);

impl Substitute<'_> {
    fn lookup(&self, variable: &oxigraph::model::Variable) -> Option<&GroundTerm> {
        self.0.iter().find(|(v, _)| v == variable).map(|(_, t)| t)
    }

    fn expression_of(term: &GroundTerm) -> Expression {
        match term {
            GroundTerm::NamedNode(node) => Expression::NamedNode(node.clone()),
            GroundTerm::Literal(literal) => Expression::Literal(literal.clone()),
            #[allow(unreachable_patterns)]
            _ => unreachable!("bindings are IRIs or literals"),
        }
    }

    /// The root of a SELECT: the projected bound variables are re-bound below the projection.
    fn root(&self, pattern: &mut GraphPattern) {
        match pattern {
            GraphPattern::Slice { inner, .. }
            | GraphPattern::Distinct { inner }
            | GraphPattern::Reduced { inner } => self.root(inner),
            GraphPattern::Project { inner, variables } => {
                self.pattern(inner);
                for variable in variables.iter() {
                    if let Some(term) = self.lookup(variable) {
                        let mut bound = false;
                        inner.on_in_scope_variable(|v| bound |= v == variable);
                        if !bound {
                            Self::bind_below(inner, variable, term);
                        }
                    }
                }
            }
            other => self.pattern(other),
        }
    }

    /// `inner` with `variable` bound to `term` on top of it.
    fn bind_below(
        inner: &mut Box<GraphPattern>,
        variable: &oxigraph::model::Variable,
        term: &GroundTerm,
    ) {
        let below = std::mem::replace(
            inner.as_mut(),
            GraphPattern::Bgp {
                patterns: Vec::new(),
            },
        );
        **inner = GraphPattern::Extend {
            inner: Box::new(below),
            variable: variable.clone(),
            expression: Self::expression_of(term),
        };
    }

    fn term(&self, term: &mut TermPattern) {
        if let TermPattern::Variable(v) = term
            && let Some(ground) = self.lookup(v)
        {
            *term = match ground {
                GroundTerm::NamedNode(node) => TermPattern::NamedNode(node.clone()),
                GroundTerm::Literal(literal) => TermPattern::Literal(literal.clone()),
                #[allow(unreachable_patterns)]
                _ => return,
            };
        }
    }

    fn named(&self, pattern: &mut spargebra::term::NamedNodePattern) {
        if let spargebra::term::NamedNodePattern::Variable(v) = pattern
            && let Some(GroundTerm::NamedNode(node)) = self.lookup(v)
        {
            *pattern = spargebra::term::NamedNodePattern::NamedNode(node.clone());
        }
    }

    fn pattern(&self, pattern: &mut GraphPattern) {
        match pattern {
            GraphPattern::Bgp { patterns } => {
                for triple in patterns {
                    self.term(&mut triple.subject);
                    self.named(&mut triple.predicate);
                    self.term(&mut triple.object);
                }
            }
            GraphPattern::Path {
                subject, object, ..
            } => {
                self.term(subject);
                self.term(object);
            }
            GraphPattern::Join { left, right }
            | GraphPattern::Lateral { left, right }
            | GraphPattern::Union { left, right }
            | GraphPattern::Minus { left, right } => {
                self.pattern(left);
                self.pattern(right);
            }
            GraphPattern::LeftJoin {
                left,
                right,
                expression,
            } => {
                self.pattern(left);
                self.pattern(right);
                if let Some(expression) = expression {
                    self.expression(expression);
                }
            }
            GraphPattern::Filter { expr, inner } => {
                self.expression(expr);
                self.pattern(inner);
            }
            GraphPattern::Graph { name, inner } => {
                self.named(name);
                self.pattern(inner);
            }
            GraphPattern::Extend {
                inner, expression, ..
            } => {
                self.expression(expression);
                self.pattern(inner);
            }
            GraphPattern::OrderBy { inner, expression } => {
                for order in expression {
                    match order {
                        OrderExpression::Asc(e) | OrderExpression::Desc(e) => self.expression(e),
                    }
                }
                self.pattern(inner);
            }
            GraphPattern::Group {
                inner,
                variables,
                aggregates,
            } => {
                for (_, aggregate) in aggregates {
                    if let spargebra::algebra::AggregateExpression::FunctionCall { expr, .. } =
                        aggregate
                    {
                        self.expression(expr);
                    }
                }
                self.pattern(inner);
                // A grouping by a bound variable stays (an empty pattern gives no group, as with
                // the binding): the variable is bound to its term below the grouping.
                for variable in variables.iter() {
                    if let Some(term) = self.lookup(variable) {
                        Self::bind_below(inner, variable, term);
                    }
                }
            }
            // A subquery: the binding reaches it as oxigraph's initial binding does.
            GraphPattern::Project { .. }
            | GraphPattern::Distinct { .. }
            | GraphPattern::Reduced { .. }
            | GraphPattern::Slice { .. } => self.root(pattern),
            GraphPattern::Values { .. } | GraphPattern::Service { .. } => {}
        }
    }

    fn expression(&self, expression: &mut Expression) {
        match expression {
            Expression::Variable(v) => {
                if let Some(term) = self.lookup(v) {
                    *expression = Self::expression_of(term);
                }
            }
            Expression::Bound(v) => {
                if self.lookup(v).is_some() {
                    *expression = Expression::Literal(oxigraph::model::Literal::from(true));
                }
            }
            Expression::NamedNode(_) | Expression::Literal(_) => {}
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
            | Expression::Divide(a, b) => {
                self.expression(a);
                self.expression(b);
            }
            Expression::In(a, list) => {
                self.expression(a);
                for e in list {
                    self.expression(e);
                }
            }
            Expression::UnaryPlus(a) | Expression::UnaryMinus(a) | Expression::Not(a) => {
                self.expression(a)
            }
            Expression::Exists(pattern) => self.pattern(pattern),
            Expression::If(a, b, c) => {
                self.expression(a);
                self.expression(b);
                self.expression(c);
            }
            Expression::Coalesce(list) | Expression::FunctionCall(_, list) => {
                for e in list {
                    self.expression(e);
                }
            }
        }
    }
}

/// Page `offset / size` of a SELECT query: its order made total (its own ORDER BY, then every
/// projected variable), and its own LIMIT/OFFSET respected. `None` past its own LIMIT.
/// What to do about an engine's refusal, where innomap knows: Virtuoso sorts at most
/// `MaxSortedTopRows` rows (10 000 unless configured), so pages of a long answer past that are
/// refused.
fn advice_for(reason: &str) -> &'static str {
    if reason.contains("SR353") || reason.contains("Sorted TOP clause") {
        "; the answer is longer than the engine will sort to page it: raise MaxSortedTopRows in the [Parameters] section of virtuoso.ini above the largest answer (or ResultSetMaxRows in [SPARQL], so that no paging is needed)"
    } else {
        ""
    }
}

fn page_of(query: &Query, offset: usize, size: usize) -> Option<Query> {
    let Query::Select {
        dataset,
        pattern,
        base_iri,
    } = query
    else {
        return None;
    };
    let (own_start, own_length, inner) = match pattern {
        GraphPattern::Slice {
            inner,
            start,
            length,
        } => (*start, *length, (**inner).clone()),
        other => (0, None, other.clone()),
    };
    let length = match own_length {
        Some(own) if offset >= own => return None,
        Some(own) => size.min(own - offset),
        None => size,
    };
    let mut page = Query::Select {
        dataset: dataset.clone(),
        pattern: GraphPattern::Slice {
            inner: Box::new(totally_ordered(inner)),
            start: own_start + offset,
            length: Some(length),
        },
        base_iri: base_iri.clone(),
    };
    printable(&mut page);
    Some(page)
}

/// The pattern with every projected variable added to its ORDER BY (or an ORDER BY of them).
fn totally_ordered(pattern: GraphPattern) -> GraphPattern {
    let projected = projected_variables(&pattern);
    let tie_breakers = |mut expression: Vec<OrderExpression>| {
        for variable in &projected {
            let already = expression.iter().any(|e| {
                matches!(e, OrderExpression::Asc(Expression::Variable(v)) | OrderExpression::Desc(Expression::Variable(v)) if v == variable)
            });
            if !already {
                expression.push(OrderExpression::Asc(Expression::Variable(variable.clone())));
            }
        }
        expression
    };
    fn rewrite(
        pattern: GraphPattern,
        tie_breakers: &dyn Fn(Vec<OrderExpression>) -> Vec<OrderExpression>,
    ) -> Option<GraphPattern> {
        match pattern {
            GraphPattern::OrderBy { inner, expression } => Some(GraphPattern::OrderBy {
                inner,
                expression: tie_breakers(expression),
            }),
            GraphPattern::Project { inner, variables } => Some(GraphPattern::Project {
                inner: Box::new(rewrite(*inner, tie_breakers)?),
                variables,
            }),
            GraphPattern::Distinct { inner } => Some(GraphPattern::Distinct {
                inner: Box::new(rewrite(*inner, tie_breakers)?),
            }),
            GraphPattern::Reduced { inner } => Some(GraphPattern::Reduced {
                inner: Box::new(rewrite(*inner, tie_breakers)?),
            }),
            _ => None,
        }
    }
    match rewrite(pattern.clone(), &tie_breakers) {
        Some(ordered) => ordered,
        None => GraphPattern::OrderBy {
            inner: Box::new(pattern),
            expression: tie_breakers(Vec::new()),
        },
    }
}

fn projected_variables(pattern: &GraphPattern) -> Vec<oxigraph::model::Variable> {
    match pattern {
        GraphPattern::Project { variables, .. } => variables.clone(),
        GraphPattern::Distinct { inner }
        | GraphPattern::Reduced { inner }
        | GraphPattern::OrderBy { inner, .. }
        | GraphPattern::Slice { inner, .. } => projected_variables(inner),
        other => {
            let mut found = Vec::new();
            other.on_in_scope_variable(|v| {
                if !found.contains(v) {
                    found.push(v.clone());
                }
            });
            found
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Query {
        request::parse_query(text, None).expect("parses").query
    }

    #[test]
    fn a_refused_sort_says_which_setting_to_raise() {
        let reason = ": Virtuoso 22023 Error SR353: Sorted TOP clause specifies more then 20000 rows to sort. Only 10000 are allowed.";
        assert!(advice_for(reason).contains("MaxSortedTopRows"));
        assert_eq!(advice_for(": Virtuoso 37000 Error SP030: syntax"), "");
    }

    #[test]
    fn virtuoso_blank_node_labels_are_made_valid_across_reads() {
        /// Hands out one byte per read, so that every marker spans reads.
        struct Trickle<'a>(&'a [u8]);
        impl Read for Trickle<'_> {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                if self.0.is_empty() || buf.is_empty() {
                    return Ok(0);
                }
                buf[0] = self.0[0];
                self.0 = &self.0[1..];
                Ok(1)
            }
        }
        let text = br#"{"type": "bnode", "value": "nodeID://b10006"} <bnode>nodeID://b7</bnode> "a \"nodeID://x" "see nodeID://y""#;
        let mut out = String::new();
        NodeIds::new(Trickle(text))
            .read_to_string(&mut out)
            .unwrap();
        assert_eq!(
            out,
            r#"{"type": "bnode", "value": "b10006"} <bnode>b7</bnode> "a \"nodeID://x" "see nodeID://y""#
        );
    }

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), encoded, "{plain}");
        }
    }

    #[test]
    fn bindings_are_substituted_everywhere_and_stay_projected() {
        let query = parse(
            "SELECT ?firm (COUNT(?c) AS ?n) ?year WHERE { { ?firm a im:Firm } UNION { ?c im:participant ?firm ; im:year ?y FILTER(?y <= ?year && BOUND(?year)) } } GROUP BY ?firm ?year",
        );
        let year = Term::Literal(oxigraph::model::Literal::from(2025));
        let text = bind(query, &[("year".into(), year)]).unwrap().to_string();
        assert!(
            !text.contains("?y <= ?year") && !text.contains("BOUND(?year)"),
            "{text}"
        );
        assert!(
            text.contains("AS ?year)"),
            "the year stays in the answer: {text}"
        );
        assert!(text.contains("GROUP BY ?firm ?year"), "{text}");
        // And the text is SPARQL again.
        parse(&text);
    }

    #[test]
    fn a_parameter_left_out_or_bound_leaves_no_coalesce_or_bound_behind() {
        let text = "SELECT ?x ?p WHERE { ?s ?q ?n BIND(COALESCE(?p, ?n) AS ?x) FILTER(!BOUND(?p) || BOUND(?n)) }";
        let mut unbound = parse(text);
        assert!(fold_unbindable(&mut unbound));
        let written = unbound.to_string();
        assert!(
            written.contains("BIND(?n AS ?x)")
                && written.contains("!\"false\"^^")
                && !written.contains("COALESCE"),
            "{written}"
        );
        let mut bound = bind(
            parse(text),
            &[("p".into(), Term::Literal(oxigraph::model::Literal::from(7)))],
        )
        .unwrap();
        fold_unbindable(&mut bound);
        let written = bound.to_string();
        assert!(
            !written.contains("COALESCE") && written.contains("BIND(\"7\"^^"),
            "{written}"
        );
        // Nothing to fold: the query stays as it was.
        let mut plain = parse("SELECT ?x WHERE { ?s ?q ?n BIND(COALESCE(?n, 0) AS ?x) }");
        assert!(!fold_unbindable(&mut plain));
    }

    #[test]
    fn arithmetic_keeps_its_grouping_when_written_back() {
        let mut query = parse("SELECT ((?a / ?b - 1) * 100 AS ?x) WHERE { ?s ?p ?a ; ?q ?b }");
        printable(&mut query);
        let text = query.to_string();
        let t = "\"true\"^^<http://www.w3.org/2001/XMLSchema#boolean>";
        let n = |v: u8| format!("\"{v}\"^^<http://www.w3.org/2001/XMLSchema#integer>");
        let grouped = format!(
            "IF({t}, IF({t}, ?a / ?b, {}) - {}, {}) * {}",
            n(0),
            n(1),
            n(0),
            n(100)
        );
        assert!(text.contains(&grouped), "{text}");
        assert_eq!(parse(&text).to_string(), text);
    }

    #[test]
    fn pages_keep_the_query_order_and_its_own_limit() {
        let query = parse("SELECT ?a ?b WHERE { ?a ?p ?b } ORDER BY DESC(?b) LIMIT 25 OFFSET 5");
        let first = page_of(&query, 0, 10).unwrap().to_string();
        assert!(first.contains("ORDER BY DESC(?b) ASC(?a)"), "{first}");
        assert!(
            first.contains("LIMIT 10") && first.contains("OFFSET 5"),
            "{first}"
        );
        let last = page_of(&query, 20, 10).unwrap().to_string();
        assert!(
            last.contains("LIMIT 5") && last.contains("OFFSET 25"),
            "{last}"
        );
        assert!(page_of(&query, 30, 10).is_none());
        let plain = page_of(&parse("SELECT * WHERE { ?a ?p ?b }"), 10, 10)
            .unwrap()
            .to_string();
        assert!(
            plain.contains("ORDER BY") && plain.contains("OFFSET 10"),
            "{plain}"
        );
        parse(&plain);
    }
}
