//! The JSON endpoints beside the protocols: the canned-query library (`/queries`, and each query by
//! name with its parameters at `/queries/NAME?param=…`), labels for IRIs (`/labels`), and matching
//! (`/match/directions`, `/match/consortium?direction=…`, `/match/partners?firm=…`). Names resolve as
//! on the command line; an unknown name is a 404 with suggestions, an ambiguous one a 409 listing the
//! candidates.

use super::App;
use super::http::{Request, Response};
use super::respond::{evaluate, form_pairs};
use crate::base::Lang;
use crate::base::error::Error;
use crate::base::kind::{Kind, KindFilter};
use crate::base::queries;
use crate::features::match_output::to_localised_json;
use crate::matching::ConsortiumOptions;
use crate::matching::PartnerOptions;
use crate::store::Solutions;
use crate::store::request::{self as sparql, RequestDataset};
use oxigraph::model::{NamedNode, Term};
use serde_json::json;

const JSON: &str = "application/json; charset=utf-8";

pub(super) fn json_response(status: u16, value: &serde_json::Value) -> Response {
    let mut body = serde_json::to_string_pretty(value).unwrap_or_else(|_| "{}".into());
    body.push('\n');
    Response::new(status, JSON, body)
}

pub(super) fn json_error(status: u16, message: impl std::fmt::Display) -> Response {
    json_response(status, &json!({ "error": message.to_string() }))
}

fn pairs(list: &[(String, String)]) -> serde_json::Value {
    list.iter()
        .map(|(id, label)| json!({ "id": id, "label": label }))
        .collect()
}

/// The library's errors as JSON with the status they deserve.
pub(super) fn library_error(error: &Error) -> Response {
    let (status, extra) = match error {
        Error::UnknownEntity { suggestions, .. } => {
            (404, json!({ "suggestions": pairs(suggestions) }))
        }
        Error::AmbiguousEntity { candidates, .. } => {
            (409, json!({ "candidates": pairs(candidates) }))
        }
        Error::UnknownQuery { suggestions, .. } => (404, json!({ "suggestions": suggestions })),
        Error::Timeout { .. } => (503, json!({})),
        Error::Parse { .. } | Error::QuerySyntax { .. } | Error::Input { .. } | Error::Usage(_) => {
            (400, json!({}))
        }
        Error::Query { .. }
        | Error::Violations { .. }
        | Error::Storage { .. }
        | Error::Remote { .. } => (500, json!({})),
    };
    let mut body = json!({ "error": error.to_string() });
    if let (Some(body), Some(extra)) = (body.as_object_mut(), extra.as_object()) {
        body.extend(extra.clone());
    }
    json_response(status, &body)
}

pub(super) fn lang_of(params: &[(String, String)]) -> Result<Lang, Response> {
    match params
        .iter()
        .find(|(n, _)| n == "lang")
        .map(|(_, v)| v.as_str())
    {
        None | Some("zh") => Ok(Lang::Zh),
        Some("en") => Ok(Lang::En),
        Some(other) => Err(json_error(
            400,
            format!("unknown lang '{other}': use zh or en"),
        )),
    }
}

pub(super) fn value<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
        .filter(|v| !v.trim().is_empty())
}

pub(super) fn number(
    params: &[(String, String)],
    name: &str,
    default: usize,
) -> Result<usize, Response> {
    match value(params, name) {
        None => Ok(default),
        Some(text) => match text.trim().parse::<usize>() {
            Ok(n) if n >= 1 => Ok(n),
            _ => Err(json_error(
                400,
                format!("parameter {name}: '{text}' is not a whole number of at least 1"),
            )),
        },
    }
}

/// `GET /queries`: every canned query with its titles, purpose, parameters, columns and text.
pub(super) fn list_queries() -> Response {
    let mut listed = Vec::new();
    for canned in queries::LIBRARY {
        let header = match queries::parse_header(canned.text, canned.name) {
            Ok(header) => header,
            Err(error) => return library_error(&error),
        };
        listed.push(json!({
            "name": canned.name,
            "title": { "zh": header.title_zh, "en": header.title_en },
            "purpose": header.purpose,
            "params": header.params.iter().map(|p| json!({
                "name": p.name,
                "type": p.ty.describe(),
                "optional": p.optional,
                "description": p.description,
            })).collect::<Vec<_>>(),
            "columns": header.columns,
            "columns_zh": header.columns_zh,
            "text": canned.text,
        }));
    }
    json_response(200, &serde_json::Value::Array(listed))
}

/// `GET /queries/NAME?param=value…`: runs a canned query with its parameters bound as terms; the
/// answer is negotiated like `/sparql`'s.
pub(super) fn run_canned(app: &App, request: &Request, name: &str) -> Response {
    let Some(canned) = queries::find(name) else {
        let suggestions = queries::suggest(name);
        let hint = if suggestions.is_empty() {
            String::new()
        } else {
            format!(" (did you mean {}?)", suggestions.join(", "))
        };
        return json_response(
            404,
            &json!({
                "error": format!("unknown canned query '{name}'{hint}; GET /queries lists them"),
                "suggestions": suggestions,
            }),
        );
    };
    let source = format!("query {name}");
    let header = match queries::parse_header(canned.text, &source) {
        Ok(header) => header,
        Err(error) => return library_error(&error),
    };
    let args: Vec<(String, String)> = form_pairs(request.query.as_bytes())
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .collect();
    let bindings = if args.is_empty() && header.params.iter().all(|p| p.optional) {
        Vec::new()
    } else {
        let bound = app
            .index()
            .and_then(|index| queries::bind_params(&header, &args, index.as_ref(), &source, true));
        match bound {
            Ok(bindings) => bindings,
            Err(error) => return library_error(&error),
        }
    };
    match sparql::parse_query(canned.text, None) {
        Ok(parsed) => evaluate(app, request, &parsed, &RequestDataset::default(), &bindings),
        Err(error) => json_error(500, format!("canned query {name} does not parse: {error}")),
    }
}

/// `GET|POST /labels?iri=…&iri=…&lang=zh`: the label of each IRI in the language, as a JSON object
/// from IRI to label (IRIs without a label are left out).
pub(super) fn labels(app: &App, request: &Request) -> Response {
    let mut params = form_pairs(request.query.as_bytes());
    if request.method == "POST" {
        params.extend(form_pairs(&request.body));
    }
    let lang = match lang_of(&params) {
        Ok(lang) => lang,
        Err(response) => return response,
    };
    let iris: Vec<&str> = params
        .iter()
        .filter(|(n, _)| n == "iri")
        .map(|(_, v)| v.as_str())
        .collect();
    const MAX_IRIS: usize = 10_000;
    if iris.len() > MAX_IRIS {
        return json_error(400, format!("ask for at most {MAX_IRIS} labels at once"));
    }
    let mut rows = Vec::with_capacity(iris.len());
    for iri in iris {
        match NamedNode::new(iri) {
            Ok(node) => rows.push(vec![Some(Term::NamedNode(node))]),
            Err(error) => return json_error(400, format!("invalid IRI <{iri}>: {error}")),
        }
    }
    let solutions = Solutions {
        variables: vec!["s".into()],
        rows,
    };
    let Some(_permit) = app.permits.acquire(app.options.timeout) else {
        return super::respond::busy(app);
    };
    match crate::features::query_output::labels_for(&app.store, &solutions, lang) {
        Ok(labels) => {
            let map: serde_json::Map<String, serde_json::Value> = labels
                .into_iter()
                .map(|(iri, label)| (iri, serde_json::Value::String(label)))
                .collect();
            json_response(200, &serde_json::Value::Object(map))
        }
        Err(error) => library_error(&error),
    }
}

/// `GET /match/directions?lang=zh`: the directions, for the consortium page's list.
pub(super) fn directions(app: &App, request: &Request) -> Response {
    let params = form_pairs(request.query.as_bytes());
    let lang = match lang_of(&params) {
        Ok(lang) => lang,
        Err(response) => return response,
    };
    let index = match app.index() {
        Ok(index) => index,
        Err(error) => return library_error(&error),
    };
    let mut listed: Vec<(&str, &str, &str)> = index
        .entities()
        .iter()
        .filter(|e| e.kind == Kind::Direction)
        .map(|e| (e.id.as_str(), e.label(lang), e.iri.as_str()))
        .collect();
    listed.sort();
    json_response(
        200,
        &listed
            .iter()
            .map(|(id, label, iri)| json!({ "id": id, "label": label, "iri": iri }))
            .collect(),
    )
}

pub(super) fn resolve(
    app: &App,
    name: &str,
    filter: Option<KindFilter>,
    what: &str,
) -> Result<String, Response> {
    let index = app.index().map_err(|e| library_error(&e))?;
    index
        .resolve(name, filter, what)
        .map(|entity| entity.id.clone())
        .map_err(|e| library_error(&e))
}

fn matching_error(error: crate::matching::MatchError) -> Response {
    match error {
        crate::matching::MatchError::Unknown { what, id } => library_error(&Error::UnknownEntity {
            what: what.to_owned(),
            name: id,
            suggestions: Vec::new(),
        }),
        other => json_error(400, other),
    }
}

pub(super) fn localised(report: &impl serde::Serialize, lang: Lang) -> Response {
    match to_localised_json(report, lang) {
        Ok(mut body) => {
            body.push('\n');
            Response::new(200, JSON, body)
        }
        Err(error) => json_error(500, format!("cannot write the answer: {error}")),
    }
}

/// `GET /match/consortium?direction=D[&leader=…&size=N&top=K&lang=en]`: consortia for a direction,
/// as `innomap match consortium --format json` writes them.
pub(super) fn consortium(app: &App, request: &Request) -> Response {
    let params = form_pairs(request.query.as_bytes());
    let run = || -> Result<Response, Response> {
        let lang = lang_of(&params)?;
        let Some(direction) = value(&params, "direction") else {
            return Err(json_error(
                400,
                "give the direction: /match/consortium?direction=T07 (an id, IRI or label)",
            ));
        };
        let direction = resolve(
            app,
            direction,
            Some(KindFilter::Kind(Kind::Direction)),
            "direction",
        )?;
        let leader = value(&params, "leader")
            .map(|name| resolve(app, name, None, "leader"))
            .transpose()?;
        let size = value(&params, "size")
            .map(|_| number(&params, "size", 1))
            .transpose()?;
        let options = ConsortiumOptions {
            leader,
            size,
            top: number(&params, "top", 3)?,
            ..ConsortiumOptions::default()
        };
        let _permit = app
            .permits
            .acquire(app.options.timeout)
            .ok_or_else(|| super::respond::busy(app))?;
        let graph = app.graph().map_err(|e| library_error(&e))?;
        let report = crate::matching::form_consortium(&graph, &direction, &options)
            .map_err(matching_error)?;
        Ok(localised(&report, lang))
    };
    run().unwrap_or_else(|response| response)
}

/// `GET /match/partners?firm=F[&direction=D&kind=K&top=N&broad=true&new_only=true&lang=en]`: ranked
/// partners for a firm.
pub(super) fn partners(app: &App, request: &Request) -> Response {
    let params = form_pairs(request.query.as_bytes());
    let run = || -> Result<Response, Response> {
        let lang = lang_of(&params)?;
        let Some(firm) = value(&params, "firm") else {
            return Err(json_error(
                400,
                "give the firm: /match/partners?firm=shagang (an id, IRI or label)",
            ));
        };
        let kind = value(&params, "kind")
            .map(|k| {
                k.parse::<KindFilter>()
                    .map_err(|e| json_error(400, format!("parameter kind: {e}")))
            })
            .transpose()?;
        let firm = resolve(app, firm, Some(KindFilter::Kind(Kind::Firm)), "firm")?;
        let direction = value(&params, "direction")
            .map(|d| resolve(app, d, Some(KindFilter::Kind(Kind::Direction)), "direction"))
            .transpose()?;
        let flag = |name: &str| -> Result<bool, Response> {
            match value(&params, name) {
                None | Some("false") | Some("0") => Ok(false),
                Some("true") | Some("1") => Ok(true),
                Some(other) => Err(json_error(
                    400,
                    format!("parameter {name}: '{other}' is not true or false"),
                )),
            }
        };
        let options = PartnerOptions {
            broad: flag("broad")?,
            new_only: flag("new_only")?,
            direction,
            kind,
            top: number(&params, "top", 10)?,
            ..PartnerOptions::default()
        };
        let _permit = app
            .permits
            .acquire(app.options.timeout)
            .ok_or_else(|| super::respond::busy(app))?;
        let graph = app.graph().map_err(|e| library_error(&e))?;
        let report =
            crate::matching::find_partners(&graph, &firm, &options).map_err(matching_error)?;
        Ok(localised(&report, lang))
    };
    run().unwrap_or_else(|response| response)
}
