//! The analytics endpoints, as `innomap analyze … --format json` writes them:
//! `/analyze/recruit[?chain=C&top=N&what_if=ORG,ORG]`, `/analyze/fragility[?top=N]`,
//! `/analyze/brokers[?top=N&samples=K]` and `/analyze/trend[?from=Y&to=Y]`. Names resolve as on
//! the command line; `lang=en` gives English labels.

use super::App;
use super::api::{json_error, lang_of, library_error, localised, number, resolve, value};
use super::http::{Request, Response};
use super::respond::form_pairs;
use crate::analytics::{
    BrokersOptions, RecruitOptions, TrendOptions, brokers, fragility, recruit, trend, what_if,
};
use crate::base::kind::{Kind, KindFilter};
use crate::matching::MatchAllOptions;

fn permit<'a>(app: &'a App) -> Result<super::Permit<'a>, Response> {
    app.permits
        .acquire(app.options.timeout)
        .ok_or_else(|| super::respond::busy(app))
}

fn year(params: &[(String, String)], name: &str) -> Result<Option<i32>, Response> {
    value(params, name)
        .map(|text| {
            text.trim()
                .parse::<i32>()
                .map_err(|_| json_error(400, format!("parameter {name}: '{text}' is not a year")))
        })
        .transpose()
}

/// `GET /analyze/recruit`.
pub(super) fn recruit_endpoint(app: &App, request: &Request) -> Response {
    let params = form_pairs(request.query.as_bytes());
    let run = || -> Result<Response, Response> {
        let lang = lang_of(&params)?;
        let chain = value(&params, "chain")
            .map(|c| resolve(app, c, Some(KindFilter::Kind(Kind::Chain)), "chain"))
            .transpose()?;
        let what_if_ids = value(&params, "what_if")
            .map(|list| {
                list.split(',')
                    .filter(|s| !s.trim().is_empty())
                    .map(|name| resolve(app, name.trim(), None, "organisation"))
                    .collect::<Result<Vec<_>, _>>()
            })
            .transpose()?
            .unwrap_or_default();
        let top = number(&params, "top", 10)?;
        let _permit = permit(app)?;
        let graph = app.graph().map_err(|e| library_error(&e))?;
        if !what_if_ids.is_empty() {
            let mut orgs = Vec::new();
            for id in &what_if_ids {
                let Some(o) = graph.find_organisation(id) else {
                    return Err(json_error(
                        400,
                        format!("what_if: {id} is not an organisation"),
                    ));
                };
                if graph.organisation(o).is_local() {
                    return Err(json_error(
                        400,
                        format!(
                            "what_if: {id} is already a local actor; give an organisation from outside the city"
                        ),
                    ));
                }
                orgs.push(o);
            }
            return Ok(localised(
                &what_if(&graph, &orgs, &MatchAllOptions::default()),
                lang,
            ));
        }
        let options = RecruitOptions {
            chain: chain.as_deref().and_then(|c| graph.find_chain(c)),
            top,
            ..RecruitOptions::default()
        };
        Ok(localised(&recruit(&graph, &options), lang))
    };
    run().unwrap_or_else(|response| response)
}

/// `GET /analyze/fragility`.
pub(super) fn fragility_endpoint(app: &App, request: &Request) -> Response {
    let params = form_pairs(request.query.as_bytes());
    let run = || -> Result<Response, Response> {
        let lang = lang_of(&params)?;
        let top = number(&params, "top", 15)?;
        let _permit = permit(app)?;
        let graph = app.graph().map_err(|e| library_error(&e))?;
        Ok(localised(&fragility(&graph, top), lang))
    };
    run().unwrap_or_else(|response| response)
}

/// `GET /analyze/brokers`.
pub(super) fn brokers_endpoint(app: &App, request: &Request) -> Response {
    let params = form_pairs(request.query.as_bytes());
    let run = || -> Result<Response, Response> {
        let lang = lang_of(&params)?;
        let defaults = BrokersOptions::default();
        let samples = value(&params, "samples")
            .map(|_| number(&params, "samples", defaults.samples))
            .transpose()?;
        let options = BrokersOptions {
            top: number(&params, "top", defaults.top)?,
            samples: samples.unwrap_or(defaults.samples),
            exact: samples.map(|_| false),
            ..defaults
        };
        let _permit = permit(app)?;
        let graph = app.graph().map_err(|e| library_error(&e))?;
        Ok(localised(&brokers(&graph, &options), lang))
    };
    run().unwrap_or_else(|response| response)
}

/// `GET /analyze/trend`.
pub(super) fn trend_endpoint(app: &App, request: &Request) -> Response {
    let params = form_pairs(request.query.as_bytes());
    let run = || -> Result<Response, Response> {
        let lang = lang_of(&params)?;
        let options = TrendOptions {
            from: year(&params, "from")?,
            to: year(&params, "to")?,
        };
        if let (Some(from), Some(to)) = (options.from, options.to) {
            if from > to {
                return Err(json_error(
                    400,
                    format!("from {from} is after to {to}: give the earlier year first"),
                ));
            }
        }
        let _permit = permit(app)?;
        let graph = app.graph().map_err(|e| library_error(&e))?;
        let history = app.history().map_err(|e| library_error(&e))?;
        Ok(localised(
            &trend(&graph, &history.collaborations, &history.tiers, &options),
            lang,
        ))
    };
    run().unwrap_or_else(|response| response)
}
