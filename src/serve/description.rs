//! The SPARQL 1.1 Service Description (GET /sparql without a query): the endpoint, the languages
//! and result formats it supports, the union default graph, and the named graphs it holds; Turtle by
//! default, any RDF format by negotiation.

use super::App;
use super::http::{Request, Response};
use super::negotiation;
use super::respond::text_error;
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{BlankNode, Literal, NamedNode, Term, Triple};

const SD: &str = "http://www.w3.org/ns/sparql-service-description#";
const FORMATS: &str = "http://www.w3.org/ns/formats/";
const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const DCTERMS_TITLE: &str = "http://purl.org/dc/terms/title";

fn sd(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{SD}{local}"))
}

/// The endpoint's IRI, from the Host header when it makes a valid IRI, else the bound address.
fn endpoint_iri(app: &App, request: &Request) -> NamedNode {
    request
        .header("host")
        .and_then(|host| NamedNode::new(format!("http://{host}/sparql")).ok())
        .unwrap_or_else(|| NamedNode::new_unchecked(format!("http://{}/sparql", app.local_addr)))
}

pub(super) fn service_description(app: &App, request: &Request) -> Response {
    let offers = negotiation::rdf_offers();
    let accept = request.header_joined("accept");
    let Some(format) = negotiation::negotiate(accept.as_deref(), &offers) else {
        return text_error(
            406,
            format!(
                "none of the media types in Accept is available for the service description: ask for one of {}",
                negotiation::offered(&offers)
            ),
        );
    };
    let service = BlankNode::default();
    let dataset = BlankNode::default();
    let default_graph = BlankNode::default();
    let mut triples: Vec<Triple> = Vec::new();
    let mut add = |subject: &BlankNode, predicate: NamedNode, object: Term| {
        triples.push(Triple::new(subject.clone(), predicate, object));
    };
    let rdf_type = NamedNode::new_unchecked(RDF_TYPE);
    add(&service, rdf_type.clone(), sd("Service").into());
    add(&service, sd("endpoint"), endpoint_iri(app, request).into());
    add(
        &service,
        sd("supportedLanguage"),
        sd("SPARQL11Query").into(),
    );
    if app.options.writable {
        add(
            &service,
            sd("supportedLanguage"),
            sd("SPARQL11Update").into(),
        );
    }
    for format in [
        "SPARQL_Results_JSON",
        "SPARQL_Results_XML",
        "SPARQL_Results_CSV",
        "SPARQL_Results_TSV",
        "Turtle",
        "N-Triples",
        "RDF_XML",
        "JSON-LD",
    ] {
        add(
            &service,
            sd("resultFormat"),
            NamedNode::new_unchecked(format!("{FORMATS}{format}")).into(),
        );
    }
    add(&service, sd("feature"), sd("UnionDefaultGraph").into());
    add(
        &service,
        NamedNode::new_unchecked(DCTERMS_TITLE),
        Literal::new_language_tagged_literal_unchecked("产业科技创新资源图谱 SPARQL 端点", "zh")
            .into(),
    );
    add(
        &service,
        NamedNode::new_unchecked(DCTERMS_TITLE),
        Literal::new_language_tagged_literal_unchecked(
            "innomap: industry–technology innovation map SPARQL endpoint",
            "en",
        )
        .into(),
    );
    add(&service, sd("defaultDataset"), dataset.clone().into());
    add(&dataset, rdf_type.clone(), sd("Dataset").into());
    add(&dataset, sd("defaultGraph"), default_graph.clone().into());
    add(&default_graph, rdf_type.clone(), sd("Graph").into());
    let graphs = match app.store.graphs() {
        Ok(graphs) => graphs,
        Err(error) => return text_error(500, error),
    };
    for (iri, size) in graphs {
        let Ok(name) = NamedNode::new(iri) else {
            continue;
        };
        let named = BlankNode::default();
        let graph = BlankNode::default();
        add(&dataset, sd("namedGraph"), named.clone().into());
        add(&named, rdf_type.clone(), sd("NamedGraph").into());
        add(&named, sd("name"), name.into());
        add(&named, sd("graph"), graph.clone().into());
        add(&graph, rdf_type.clone(), sd("Graph").into());
        add(
            &graph,
            NamedNode::new_unchecked("http://rdfs.org/ns/void#triples"),
            Literal::from(size as i64).into(),
        );
    }
    match serialise(&triples, format) {
        Ok(body) => Response::new(
            200,
            &format!("{}; charset=utf-8", format.media_type()),
            body,
        ),
        Err(error) => text_error(
            500,
            format!("cannot write the service description: {error}"),
        ),
    }
}

fn serialise(triples: &[Triple], format: RdfFormat) -> std::io::Result<Vec<u8>> {
    let mut serializer = RdfSerializer::from_format(format);
    if format != RdfFormat::NTriples {
        for (prefix, iri) in [
            ("sd", SD),
            ("formats", FORMATS),
            ("dcterms", "http://purl.org/dc/terms/"),
            ("void", "http://rdfs.org/ns/void#"),
        ] {
            serializer = serializer
                .with_prefix(prefix, iri)
                .map_err(std::io::Error::other)?;
        }
    }
    let mut writer = serializer.for_writer(Vec::new());
    for triple in triples {
        writer.serialize_triple(triple)?;
    }
    writer.finish()
}
