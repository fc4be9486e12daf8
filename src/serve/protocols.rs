//! The two W3C protocols: the SPARQL 1.1 Protocol (`/sparql`, `/query`, `/update`: query by GET and
//! POST, both encodings, the request's dataset, content negotiation, status codes) and the Graph
//! Store HTTP Protocol (`/store?graph=IRI` or `?default`). Writes need `--writable` and the bearer
//! token.

use super::App;
use super::description;
use super::http::{Request, Response};
use super::negotiation;
use super::respond::{
    busy, content_type, evaluate, form_pairs, limits, method_not_allowed, protocol_error,
    text_error,
};
use crate::store::request::{self as sparql, AnswerFormat, GraphTarget, RequestDataset};
use oxigraph::model::Term;

const FORM: &str = "application/x-www-form-urlencoded";

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

pub(super) fn query_by_get(app: &App, request: &Request, describe: bool) -> Response {
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
pub(super) fn by_post(app: &App, request: &Request, queries: bool, updates: bool) -> Response {
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
pub(super) fn graph_store(app: &App, request: &Request) -> Response {
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
