//! Responses that every route shares: one-sentence text errors, form decoding, the busy and
//! protocol-error answers, content negotiation of an answer's format, and evaluating a parsed query
//! under the server's limits (the SPARQL protocol and the canned-query API both answer through it).

use super::App;
use super::http::{Request, Response};
use super::negotiation::{self, RESULTS_OFFERS};
use crate::store::request::{
    AnswerFormat, EvaluationLimits, ParsedQuery, ProtocolError, RequestDataset,
};
use oxigraph::model::Term;

const TEXT: &str = "text/plain; charset=utf-8";

/// A text error: one sentence and a newline.
pub(super) fn text_error(status: u16, message: impl std::fmt::Display) -> Response {
    Response::new(status, TEXT, format!("{message}\n"))
}

pub(super) fn method_not_allowed(allowed: &str) -> Response {
    text_error(405, format!("this resource answers {allowed} only")).with_header("Allow", allowed)
}

/// The decoded `name=value` pairs of a query string or form body, in order.
pub(super) fn form_pairs(text: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(text).into_owned().collect()
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

pub(super) fn content_type(format: AnswerFormat) -> String {
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

pub(super) fn limits(app: &App) -> EvaluationLimits {
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
