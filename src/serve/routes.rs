//! Routing, and the two W3C protocols: the SPARQL 1.1 Protocol (`/sparql`, `/query`, `/update`:
//! query by GET and POST, both encodings, the request's dataset, content negotiation, status codes)
//! and the Graph Store HTTP Protocol (`/store?graph=IRI` or `?default`). Writes need `--writable`
//! and the bearer token. Errors are one sentence of text (JSON on the `/queries`, `/labels` and
//! `/match` endpoints).

use super::http::{Request, Response};
use super::negotiation::{self, RESULTS_OFFERS};
use super::{App, api, description, pages};
use crate::store::request::{
    self as sparql, AnswerFormat, EvaluationLimits, GraphTarget, ParsedQuery, ProtocolError,
    RequestDataset,
};
use oxigraph::model::Term;

const TEXT: &str = "text/plain; charset=utf-8";
const FORM: &str = "application/x-www-form-urlencoded";

/// A text error: one sentence and a newline.
pub(super) fn text_error(status: u16, message: impl std::fmt::Display) -> Response {
    Response::new(status, TEXT, format!("{message}\n"))
}

fn method_not_allowed(allowed: &str) -> Response {
    text_error(405, format!("this resource answers {allowed} only")).with_header("Allow", allowed)
}

/// The decoded `name=value` pairs of a query string or form body, in order.
pub(super) fn form_pairs(text: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(text).into_owned().collect()
}

/// Answers one request; CORS headers are added when the server was asked to send them.
pub(super) fn handle(app: &App, request: &Request) -> Response {
    let response = if request.method == "OPTIONS" {
        preflight(app)
    } else {
        route(app, request)
    };
    match &app.options.cors_origin {
        Some(origin) => {
            let response = response
                .with_header("Access-Control-Allow-Origin", origin.clone())
                .with_header("Access-Control-Expose-Headers", "Content-Type");
            if origin == "*" {
                response
            } else {
                response.with_header("Vary", "Origin")
            }
        }
        None => response,
    }
}

fn preflight(app: &App) -> Response {
    let allow = "GET, HEAD, POST, PUT, DELETE, OPTIONS";
    let response = Response::empty(204).with_header("Allow", allow);
    if app.options.cors_origin.is_some() {
        response
            .with_header("Access-Control-Allow-Methods", allow)
            .with_header(
                "Access-Control-Allow-Headers",
                "Accept, Authorization, Content-Type",
            )
            .with_header("Access-Control-Max-Age", "600")
    } else {
        response
    }
}

fn route(app: &App, request: &Request) -> Response {
    let method = request.method.as_str();
    let read = matches!(method, "GET" | "HEAD");
    let path = request.path.as_str();
    match path {
        "/" | "/index.html" if read => pages::index(request),
        "/consortium" if read => pages::consortium(request),
        "/" | "/index.html" | "/consortium" => method_not_allowed("GET, HEAD"),
        "/sparql" => match method {
            "GET" | "HEAD" => query_by_get(app, request, true),
            "POST" => by_post(app, request, true, true),
            _ => method_not_allowed("GET, HEAD, POST"),
        },
        "/query" => match method {
            "GET" | "HEAD" => query_by_get(app, request, false),
            "POST" => by_post(app, request, true, false),
            _ => method_not_allowed("GET, HEAD, POST"),
        },
        "/update" => match method {
            "POST" => by_post(app, request, false, true),
            _ => method_not_allowed("POST"),
        },
        "/store" => graph_store(app, request),
        "/queries" if read => api::list_queries(),
        "/labels" if read || method == "POST" => api::labels(app, request),
        "/match/directions" if read => api::directions(app, request),
        "/match/consortium" if read => api::consortium(app, request),
        "/match/partners" if read => api::partners(app, request),
        "/queries" | "/match/directions" | "/match/consortium" | "/match/partners" => {
            method_not_allowed("GET, HEAD")
        }
        _ => {
            if let Some(name) = path.strip_prefix("/queries/") {
                if read {
                    return api::run_canned(app, request, name);
                }
                return method_not_allowed("GET, HEAD");
            }
            if let Some(name) = path.strip_prefix("/assets/") {
                if read {
                    return pages::asset(name);
                }
                return method_not_allowed("GET, HEAD");
            }
            text_error(
                404,
                format!(
                    "no resource at {path}; the endpoint is /sparql, the page is /, canned queries are listed at /queries"
                ),
            )
        }
    }
}

/// Takes the single value of `name`; two are a 400.
fn single(params: &[(String, String)], name: &str) -> Result<Option<String>, Response> {
    let mut values = params.iter().filter(|(n, _)| n == name).map(|(_, v)| v);
    let first = values.next().cloned();
    if values.next().is_some() {
        return Err(text_error(400, format!("give the '{name}' parameter once")));
    }
    Ok(first)
}

fn dataset_from(params: &[(String, String)], default: &str, named: &str) -> RequestDataset {
    let all = |name: &str| {
        params
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .collect()
    };
    RequestDataset {
        default_graphs: all(default),
        named_graphs: all(named),
    }
}

fn query_by_get(app: &App, request: &Request, describe: bool) -> Response {
    let params = form_pairs(request.query.as_bytes());
    if params.iter().any(|(n, _)| n == "update") {
        return text_error(405, "an update is sent by POST, to /update or /sparql")
            .with_header("Allow", "POST");
    }
    let query = match single(&params, "query") {
        Ok(query) => query,
        Err(response) => return response,
    };
    match query {
        Some(query) => {
            let dataset = dataset_from(&params, "default-graph-uri", "named-graph-uri");
            answer_query(app, request, &query, &dataset, &[])
        }
        None if describe => description::service_description(app, request),
        None => text_error(400, "give the query: /query?query=SPARQL (URL-encoded)"),
    }
}

fn utf8(body: &[u8]) -> Result<String, Response> {
    String::from_utf8(body.to_vec())
        .map_err(|_| text_error(400, "the request body is not UTF-8 text"))
}

/// POST to `/sparql` (query or update), `/query` (query only) or `/update` (update only).
fn by_post(app: &App, request: &Request, queries: bool, updates: bool) -> Response {
    let content_type = request
        .header("content-type")
        .map(negotiation::media_type)
        .unwrap_or_default();
    let url_params = form_pairs(request.query.as_bytes());
    match content_type.as_str() {
        FORM => {
            let params = form_pairs(&request.body);
            let (query, update) = match (single(&params, "query"), single(&params, "update")) {
                (Ok(q), Ok(u)) => (q, u),
                (Err(response), _) | (_, Err(response)) => return response,
            };
            match (query, update) {
                (Some(_), Some(_)) => text_error(400, "give either 'query' or 'update', not both"),
                (Some(query), None) if queries => {
                    let dataset = dataset_from(&params, "default-graph-uri", "named-graph-uri");
                    answer_query(app, request, &query, &dataset, &[])
                }
                (None, Some(update)) if updates => {
                    let using = dataset_from(&params, "using-graph-uri", "using-named-graph-uri");
                    answer_update(app, request, &update, &using)
                }
                (Some(_), None) => text_error(400, "queries go to /query or /sparql"),
                (None, Some(_)) => text_error(400, "updates go to /update or /sparql"),
                (None, None) => text_error(
                    400,
                    if updates && !queries {
                        "give the update as the form field 'update'"
                    } else {
                        "give the query as the form field 'query'"
                    },
                ),
            }
        }
        "application/sparql-query" if queries => match utf8(&request.body) {
            Ok(query) => {
                let dataset = dataset_from(&url_params, "default-graph-uri", "named-graph-uri");
                answer_query(app, request, &query, &dataset, &[])
            }
            Err(response) => response,
        },
        "application/sparql-update" if updates => match utf8(&request.body) {
            Ok(update) => {
                let using = dataset_from(&url_params, "using-graph-uri", "using-named-graph-uri");
                answer_update(app, request, &update, &using)
            }
            Err(response) => response,
        },
        other => {
            let accepted = match (queries, updates) {
                (true, true) => {
                    format!("{FORM}, application/sparql-query or application/sparql-update")
                }
                (true, false) => format!("{FORM} or application/sparql-query"),
                _ => format!("{FORM} or application/sparql-update"),
            };
            let given = if other.is_empty() {
                "no Content-Type".to_owned()
            } else {
                format!("Content-Type {other}")
            };
            text_error(
                415,
                format!("{given} is not accepted here: send {accepted}"),
            )
        }
    }
}

/// The format the client accepts for an answer of this form, or a 406.
pub(super) fn answer_format(
    request: &Request,
    parsed: &ParsedQuery,
) -> Result<AnswerFormat, Response> {
    let accept = request.header_joined("accept");
    let chosen = if parsed.form.is_graph() {
        negotiation::negotiate(accept.as_deref(), &negotiation::rdf_offers()).map(AnswerFormat::Rdf)
    } else {
        negotiation::negotiate(accept.as_deref(), RESULTS_OFFERS).map(AnswerFormat::Results)
    };
    chosen.ok_or_else(|| {
        let (what, offers) = if parsed.form.is_graph() {
            (
                "a CONSTRUCT or DESCRIBE answer",
                negotiation::offered(&negotiation::rdf_offers()),
            )
        } else {
            (
                "a SELECT or ASK answer",
                negotiation::offered(RESULTS_OFFERS),
            )
        };
        text_error(
            406,
            format!(
                "none of the media types in Accept is available for {what}: ask for one of {offers}"
            ),
        )
    })
}

fn content_type(format: AnswerFormat) -> String {
    let media_type = match format {
        AnswerFormat::Results(format) => format.media_type(),
        AnswerFormat::Rdf(format) => format.media_type(),
    };
    if media_type.contains("charset") {
        media_type.to_owned()
    } else {
        format!("{media_type}; charset=utf-8")
    }
}

fn limits(app: &App) -> EvaluationLimits {
    EvaluationLimits {
        timeout: app.options.timeout,
        max_results: app.options.max_results,
    }
}

/// A 503 when every worker is busy for longer than the query timeout.
pub(super) fn busy(app: &App) -> Response {
    text_error(
        503,
        format!(
            "the server is busy: all {} workers are running queries; try again shortly",
            app.options.threads
        ),
    )
    .with_header("Retry-After", "1")
}

pub(super) fn protocol_error(error: &ProtocolError) -> Response {
    let response = text_error(error.status(), error);
    if error.status() == 503 {
        response.with_header("Retry-After", "1")
    } else {
        response
    }
}

/// Parses, negotiates and evaluates a query; `bindings` are canned-query parameters.
pub(super) fn evaluate(
    app: &App,
    request: &Request,
    parsed: &ParsedQuery,
    dataset: &RequestDataset,
    bindings: &[(String, Term)],
) -> Response {
    let format = match answer_format(request, parsed) {
        Ok(format) => format,
        Err(response) => return response,
    };
    let Some(_permit) = app.permits.acquire(app.options.timeout) else {
        return busy(app);
    };
    match app
        .store
        .evaluate_for_protocol(parsed, dataset, bindings, format, limits(app))
    {
        Ok(body) => Response::new(200, &content_type(format), body),
        Err(error) => protocol_error(&error),
    }
}

fn answer_query(
    app: &App,
    request: &Request,
    query: &str,
    dataset: &RequestDataset,
    bindings: &[(String, Term)],
) -> Response {
    match sparql::parse_query(query, None) {
        Ok(parsed) => evaluate(app, request, &parsed, dataset, bindings),
        Err(error) => protocol_error(&error),
    }
}

/// `None` when the request may write; else the refusal (403 read-only, 401 without the token).
fn refuse_write(app: &App, request: &Request) -> Option<Response> {
    if !app.options.writable {
        return Some(text_error(
            403,
            "the server is read-only: start it with --writable and a token to allow updates",
        ));
    }
    let expected = app.options.token.as_deref().unwrap_or_default();
    let given = request.header("authorization").and_then(|value| {
        let (scheme, token) = value.split_once(' ')?;
        scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
    });
    match given {
        Some(token) if super::constant_time_eq(token.as_bytes(), expected.as_bytes()) => None,
        Some(_) => Some(text_error(401, "the bearer token is wrong").with_header(
            "WWW-Authenticate",
            "Bearer realm=\"innomap\", error=\"invalid_token\"",
        )),
        None => Some(
            text_error(401, "writes need the header Authorization: Bearer TOKEN")
                .with_header("WWW-Authenticate", "Bearer realm=\"innomap\""),
        ),
    }
}

fn answer_update(app: &App, request: &Request, update: &str, using: &RequestDataset) -> Response {
    if let Some(refusal) = refuse_write(app, request) {
        return refusal;
    }
    let parsed = match sparql::parse_update(update, None) {
        Ok(parsed) => parsed,
        Err(error) => return protocol_error(&error),
    };
    if !using.is_empty() && parsed.has_using() {
        return text_error(
            400,
            "the update names its dataset with USING, so using-graph-uri and using-named-graph-uri may not be given too",
        );
    }
    let Some(_permit) = app.permits.acquire(app.options.timeout) else {
        return busy(app);
    };
    let _writing = app.write_lock.lock().unwrap_or_else(|e| e.into_inner());
    let result = app.store.update_for_protocol(&parsed, using, limits(app));
    match result {
        Ok(()) => {
            app.invalidate();
            Response::empty(204)
        }
        Err(error) => protocol_error(&error),
    }
}

/// The Graph Store HTTP Protocol, indirect identification: `/store?graph=IRI` or `/store?default`.
fn graph_store(app: &App, request: &Request) -> Response {
    let params = form_pairs(request.query.as_bytes());
    let graph = match single(&params, "graph") {
        Ok(graph) => graph,
        Err(response) => return response,
    };
    let default = params.iter().any(|(n, _)| n == "default");
    let target = match (graph, default) {
        (Some(iri), false) => GraphTarget::Named(iri),
        (None, true) => GraphTarget::Default,
        (Some(_), true) => {
            return text_error(400, "give either ?graph=IRI or ?default, not both");
        }
        (None, false) => {
            return text_error(
                400,
                "name the graph: /store?graph=IRI, or /store?default for the default graph",
            );
        }
    };
    let method = request.method.as_str();
    if !matches!(method, "GET" | "HEAD" | "PUT" | "POST" | "DELETE") {
        return method_not_allowed("GET, HEAD, PUT, POST, DELETE");
    }
    if method != "GET" && method != "HEAD" {
        if let Some(refusal) = refuse_write(app, request) {
            return refusal;
        }
    }
    let Some(_permit) = app.permits.acquire(app.options.timeout) else {
        return busy(app);
    };
    match method {
        "GET" | "HEAD" => {
            let offers = negotiation::rdf_offers();
            let accept = request.header_joined("accept");
            let Some(format) = negotiation::negotiate(accept.as_deref(), &offers) else {
                return text_error(
                    406,
                    format!(
                        "none of the media types in Accept is available for a graph: ask for one of {}",
                        negotiation::offered(&offers)
                    ),
                );
            };
            match app
                .store
                .read_graph(&target, format, app.options.max_results)
            {
                Ok(body) => Response::new(200, &content_type(AnswerFormat::Rdf(format)), body),
                Err(error) => protocol_error(&error),
            }
        }
        "DELETE" => {
            let _writing = app.write_lock.lock().unwrap_or_else(|e| e.into_inner());
            match app.store.delete_graph(&target) {
                Ok(()) => {
                    app.invalidate();
                    Response::empty(204)
                }
                Err(error) => protocol_error(&error),
            }
        }
        _ => {
            let content_type = request.header("content-type").unwrap_or_default();
            let Some(format) = negotiation::rdf_format_of(content_type) else {
                return text_error(
                    415,
                    format!(
                        "Content-Type '{content_type}' is not an RDF syntax the store reads: send text/turtle, application/n-triples, application/rdf+xml or application/ld+json"
                    ),
                );
            };
            let _writing = app.write_lock.lock().unwrap_or_else(|e| e.into_inner());
            match app
                .store
                .write_graph(&target, &request.body, format, method == "PUT")
            {
                Ok(created) => {
                    app.invalidate();
                    Response::empty(if created { 201 } else { 204 })
                }
                Err(error) => protocol_error(&error),
            }
        }
    }
}
