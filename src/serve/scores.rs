//! The grading-and-scoring system as JSON: `/score?kind=…` (a ranking) and
//! `/score/explain?entity=…` (one entity, indicator by indicator, with what would lift it a grade),
//! the same documents as `innomap score --format json` and `score --explain … --format json` write.
//! Names resolve as on the command line; an unknown entity is a 404 with suggestions, an ambiguous
//! one a 409 listing the candidates.

use super::App;
use super::api::{json_error, json_response, lang_of, library_error, value};
use super::http::{Request, Response};
use super::respond::form_pairs;
use crate::base::kind::{Kind, KindFilter};
use crate::features::score::{ScoreOptions, build_report, default_model, model_kind_for};

/// `year` as a whole number, when given.
fn year_of(params: &[(String, String)]) -> Result<Option<i64>, Response> {
    value(params, "year")
        .map(|text| {
            text.trim().parse::<i64>().map_err(|_| {
                json_error(
                    400,
                    format!("parameter year: '{text}' is not a year such as 2025"),
                )
            })
        })
        .transpose()
}

/// The chain a ranking is within, when `chain` names one.
fn chain_of(
    params: &[(String, String)],
    index: &crate::base::names::EntityIndex,
) -> Result<Option<String>, Response> {
    value(params, "chain")
        .map(|name| {
            index
                .resolve(name, Some(KindFilter::Kind(Kind::Chain)), "chain")
                .map(|entity| entity.iri.clone())
                .map_err(|e| library_error(&e))
        })
        .transpose()
}

fn model_for(kind: &str) -> Result<crate::features::score::LoadedModel, Response> {
    match default_model(kind) {
        Some(Ok(model)) => Ok(model),
        Some(Err(error)) => Err(library_error(&error)),
        None => Err(json_error(
            400,
            format!("unknown kind '{kind}': the scoring models grade firm, resource and town"),
        )),
    }
}

/// `GET /score?kind=firm|resource|town[&chain=C&year=Y&top=N&lang=en]`: the ranking.
pub(super) fn ranking(app: &App, request: &Request) -> Response {
    let params = form_pairs(request.query.as_bytes());
    let run = || -> Result<Response, Response> {
        let lang = lang_of(&params)?;
        let model = model_for(value(&params, "kind").unwrap_or("firm"))?;
        let year = year_of(&params)?;
        let top = match value(&params, "top") {
            None => None,
            Some(text) => Some(
                text.trim()
                    .parse::<usize>()
                    .ok()
                    .filter(|&n| n >= 1)
                    .ok_or_else(|| {
                        json_error(
                            400,
                            format!("parameter top: '{text}' is not a whole number of at least 1"),
                        )
                    })?,
            ),
        };
        let index = app.index().map_err(|e| library_error(&e))?;
        let chain = chain_of(&params, &index)?;
        let _permit = app
            .permits
            .acquire(app.options.timeout)
            .ok_or_else(|| super::respond::busy(app))?;
        let options = ScoreOptions { chain, year, lang };
        let mut report =
            build_report(&app.store, &index, &model, &options).map_err(|e| library_error(&e))?;
        if let Some(top) = top {
            report.lines.truncate(top);
        }
        let body = serde_json::to_value(&report)
            .map_err(|e| json_error(500, format!("cannot write the answer: {e}")))?;
        Ok(json_response(200, &body))
    };
    run().unwrap_or_else(|response| response)
}

/// `GET /score/explain?entity=E[&kind=K&chain=C&year=Y&lang=en]`: one entity explained; the model
/// is the one that grades the entity's kind unless `kind` names another.
pub(super) fn explain(app: &App, request: &Request) -> Response {
    let params = form_pairs(request.query.as_bytes());
    let run = || -> Result<Response, Response> {
        let lang = lang_of(&params)?;
        let Some(name) = value(&params, "entity") else {
            return Err(json_error(
                400,
                "give the entity: /score/explain?entity=shagang (an id, IRI or label)",
            ));
        };
        let year = year_of(&params)?;
        let index = app.index().map_err(|e| library_error(&e))?;
        let entity = index
            .resolve(name, None, "entity")
            .map_err(|e| library_error(&e))?;
        let kind = match value(&params, "kind") {
            Some(kind) => kind.to_owned(),
            None => model_kind_for(entity.kind)
                .ok_or_else(|| {
                    json_error(
                        400,
                        format!(
                            "{} is a {}, which no scoring model grades: explain a firm, an innovation resource or a town",
                            entity.id, entity.kind
                        ),
                    )
                })?
                .to_owned(),
        };
        let model = model_for(&kind)?;
        let chain = chain_of(&params, &index)?;
        let _permit = app
            .permits
            .acquire(app.options.timeout)
            .ok_or_else(|| super::respond::busy(app))?;
        let options = ScoreOptions { chain, year, lang };
        let report =
            build_report(&app.store, &index, &model, &options).map_err(|e| library_error(&e))?;
        let line = report
            .line_of(&entity.iri, &index)
            .map_err(|e| json_error(404, e))?;
        Ok(json_response(200, &report.explanation_json(line)))
    };
    run().unwrap_or_else(|response| response)
}
