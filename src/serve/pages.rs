//! The browser pages' assets, embedded in the binary so that they work offline, and the 高级查询
//! page `/advanced` (the query editor — YASGUI's Yasqe from the vendored `@zazuko/yasgui` build —
//! with the canned-query library, a results table with labels, downloads and a graph view). The
//! workbench's pages are in `workbench/`; ECharts and Cytoscape.js are vendored beside YASGUI.
//! Chinese by default, English with `?lang=en`.
//! A Content-Security-Policy keeps every request on this server.

use super::http::{Request, Response};
use super::respond::{form_pairs, text_error};
use crate::base::Lang;
use crate::base::kind::Kind;

const INDEX: &str = include_str!("../../assets/serve/index.html");

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
        "echarts.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/serve/echarts.min.js"),
    ),
    (
        "workbench.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/serve/workbench.js"),
    ),
    (
        "workbench.css",
        "text/css; charset=utf-8",
        include_bytes!("../../assets/serve/workbench.css"),
    ),
    (
        "app.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/serve/app.js"),
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

/// The predeclared prefixes, as JSON for the editor.
fn prefixes() -> String {
    let map: serde_json::Map<String, serde_json::Value> = crate::base::vocab::PREFIXES
        .iter()
        .map(|(prefix, iri)| ((*prefix).to_owned(), (*iri).into()))
        .collect();
    serde_json::Value::Object(map)
        .to_string()
        .replace('<', "\\u003c")
}

/// An HTML page with the headers every page carries.
pub(super) fn html_response(html: String) -> Response {
    Response::new(200, "text/html; charset=utf-8", html)
        .with_header("Content-Security-Policy", CSP)
        .with_header("X-Content-Type-Options", "nosniff")
        .with_header("Cache-Control", "no-cache")
}

/// `GET /advanced`: the query page (高级查询).
pub(super) fn advanced(request: &Request) -> Response {
    let lang = lang_of(request);
    html_response(
        INDEX
            .replace("{{lang}}", lang.tag())
            .replace("{{kinds}}", &kind_labels(lang))
            .replace("{{prefixes}}", &prefixes()),
    )
}

/// `GET /consortium?direction=D`: the first wave's consortium page now lives on the direction's
/// page; old links are sent there.
pub(super) fn consortium(request: &Request) -> Response {
    let params = form_pairs(request.query.as_bytes());
    let lang = params
        .iter()
        .find(|(n, _)| n == "lang")
        .map(|(_, v)| format!("?lang={v}"))
        .unwrap_or_default();
    let target = match params.iter().find(|(n, _)| n == "direction") {
        Some((_, direction)) => format!(
            "/direction/{}{lang}",
            form_urlencoded::byte_serialize(direction.as_bytes()).collect::<String>()
        ),
        None => format!("/{lang}"),
    };
    Response::empty(302).with_header("Location", target)
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
