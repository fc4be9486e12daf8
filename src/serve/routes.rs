//! Routing: which handler answers a path and method, CORS, and the 404 and 405 answers. Errors are
//! one sentence of text (JSON on the `/queries`, `/labels`, `/match` and `/score` endpoints).

use super::http::{Request, Response};
use super::protocols::{by_post, graph_store, query_by_get};
use super::respond::{method_not_allowed, text_error};
use super::{App, analytics, api, pages, scores, workbench};

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
        "/" | "/index.html" if read => workbench::shell(request, "overview", ""),
        "/pools" if read => workbench::shell(request, "pools", ""),
        "/analysis" if read => workbench::shell(request, "analysis", ""),
        "/search" if read => workbench::shell(request, "search", ""),
        "/advanced" if read => pages::advanced(request),
        "/consortium" if read => pages::consortium(request),
        "/api/table" if read => workbench::table_download(app, request),
        "/" | "/index.html" | "/pools" | "/analysis" | "/search" | "/advanced" | "/consortium"
        | "/api/table" => method_not_allowed("GET, HEAD"),
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
        "/score" if read => scores::ranking(app, request),
        "/score/explain" if read => scores::explain(app, request),
        "/analyze/recruit" if read => analytics::recruit_endpoint(app, request),
        "/analyze/fragility" if read => analytics::fragility_endpoint(app, request),
        "/analyze/brokers" if read => analytics::brokers_endpoint(app, request),
        "/analyze/trend" if read => analytics::trend_endpoint(app, request),
        "/queries" | "/match/directions" | "/match/consortium" | "/match/partners" | "/score"
        | "/score/explain" | "/analyze/recruit" | "/analyze/fragility" | "/analyze/brokers"
        | "/analyze/trend" => method_not_allowed("GET, HEAD"),
        _ => {
            if let Some(name) = path.strip_prefix("/queries/") {
                if read {
                    return api::run_canned(app, request, name);
                }
                return method_not_allowed("GET, HEAD");
            }
            if let Some(page) = path.strip_prefix("/api/page/") {
                if read {
                    return workbench::page_api(app, request, page);
                }
                return method_not_allowed("GET, HEAD");
            }
            if let Some((page, id)) = path
                .strip_prefix('/')
                .and_then(|rest| rest.split_once('/'))
                .filter(|(page, id)| workbench::ENTITY_PAGES.contains(page) && !id.is_empty())
            {
                if read {
                    let id = crate::base::vocab::percent_decode(id);
                    return workbench::shell(request, page, &id);
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
                    "no resource at {path}; the workbench is /, the SPARQL endpoint /sparql, the query page /advanced, canned queries are listed at /queries"
                ),
            )
        }
    }
}
