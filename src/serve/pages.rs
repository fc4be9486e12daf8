//! The browser pages and their assets, embedded in the binary so that they work offline: `/` (the
//! query editor — YASGUI's Yasqe from the vendored `@zazuko/yasgui` build — with the canned-query
//! library, a results table with labels, downloads and a graph view) and `/consortium` (a
//! direction's consortium from `/match/consortium`). Chinese by default, English with `?lang=en`.
//! A Content-Security-Policy keeps every request on this server.

use super::http::{Request, Response};
use super::respond::{form_pairs, text_error};
use crate::base::Lang;
use crate::base::kind::Kind;

const INDEX: &str = include_str!("../../assets/serve/index.html");
const CONSORTIUM: &str = include_str!("../../assets/serve/consortium.html");

/// Embedded assets: name, media type, bytes.
const ASSETS: &[(&str, &str, &[u8])] = &[
    (
        "yasgui.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/serve/yasgui.min.js"),
    ),
    (
        "yasgui.min.css",
        "text/css; charset=utf-8",
        include_bytes!("../../assets/serve/yasgui.min.css"),
    ),
    (
        "cytoscape.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/cytoscape.min.js"),
    ),
    (
        "app.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/serve/app.js"),
    ),
    (
        "consortium.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/serve/consortium.js"),
    ),
    (
        "app.css",
        "text/css; charset=utf-8",
        include_bytes!("../../assets/serve/app.css"),
    ),
];

/// Everything the pages load comes from this server; inline styles are allowed because the
/// editor sets element styles.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
                   img-src 'self' data:; font-src 'self' data:; connect-src 'self'; \
                   object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

fn lang_of(request: &Request) -> Lang {
    let params = form_pairs(request.query.as_bytes());
    match params
        .iter()
        .find(|(n, _)| n == "lang")
        .map(|(_, v)| v.as_str())
    {
        Some("en") => Lang::En,
        _ => Lang::Zh,
    }
}

/// The kinds' labels in `lang`, as JSON for the pages.
fn kind_labels(lang: Lang) -> String {
    let map: serde_json::Map<String, serde_json::Value> = Kind::ALL
        .iter()
        .map(|kind| (kind.as_str().to_owned(), kind.label(lang).into()))
        .collect();
    serde_json::Value::Object(map)
        .to_string()
        .replace('<', "\\u003c")
}

fn page(template: &str, request: &Request) -> Response {
    let lang = lang_of(request);
    let html = template
        .replace("{{lang}}", lang.tag())
        .replace("{{kinds}}", &kind_labels(lang));
    Response::new(200, "text/html; charset=utf-8", html)
        .with_header("Content-Security-Policy", CSP)
        .with_header("X-Content-Type-Options", "nosniff")
        .with_header("Cache-Control", "no-cache")
}

/// `GET /`: the query page.
pub(super) fn index(request: &Request) -> Response {
    page(INDEX, request)
}

/// `GET /consortium`: a direction's consortium.
pub(super) fn consortium(request: &Request) -> Response {
    page(CONSORTIUM, request)
}

/// `GET /assets/NAME`.
pub(super) fn asset(name: &str) -> Response {
    match ASSETS.iter().find(|(asset, _, _)| *asset == name) {
        Some((_, media_type, bytes)) => Response::new(200, media_type, bytes.to_vec())
            .with_header("Cache-Control", "public, max-age=3600")
            .with_header("X-Content-Type-Options", "nosniff"),
        None => text_error(404, format!("no asset named {name}")),
    }
}
