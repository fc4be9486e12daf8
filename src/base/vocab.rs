//! IRIs of the vocabulary: the project namespace and the standard terms innomap reads and writes.
//!
//! Every IRI the code names lives here, so that a change of namespace is a change of one file.

/// The project's base IRI; instance IRIs are `{BASE}id/<region>/<kind>/<name>`.
pub const BASE: &str = "https://w3id.org/innomap/";
/// The ontology namespace (`im:`).
pub const DEF: &str = "https://w3id.org/innomap/def#";
/// Prefix of instance IRIs.
pub const ID: &str = "https://w3id.org/innomap/id/";
/// Prefix of named-graph IRIs that innomap mints.
pub const GRAPH: &str = "https://w3id.org/innomap/graph/";

/// The named graph of the ontology.
pub const GRAPH_ONTOLOGY: &str = "https://w3id.org/innomap/graph/ontology";
/// The named graph of the SHACL shapes.
pub const GRAPH_SHAPES: &str = "https://w3id.org/innomap/graph/shapes";
/// The named graph of the bundled Zhangjiagang dataset.
pub const GRAPH_BUNDLED: &str = "https://w3id.org/innomap/graph/bundled/zjg";
/// The catalogue `push` writes on an external engine: every graph it uploaded, as a
/// `void:Dataset` with its size. Reading commands with `--endpoint` name these graphs as the
/// dataset of every request (src/store/remote.rs).
pub const GRAPH_CATALOGUE: &str = "https://w3id.org/innomap/graph/catalogue";

/// The derived graphs, `{GRAPH_DERIVED}/<set>`: facts computed from the rest of the store on every
/// write (cultivation pool rosters, high-tech candidates, counts, coverage, the city an entity lies
/// in), read by the canned queries whose plain form is too slow at province scale
/// (src/store/derived.rs, queries/derived/).
pub const GRAPH_DERIVED: &str = "https://w3id.org/innomap/graph/derived";
/// Prefix of the nodes the derived graphs mint (`{DERIVED}<set>/<digest of the row>`).
pub const DERIVED: &str = "https://w3id.org/innomap/derived/";

pub const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
pub const RDFS_LABEL: &str = "http://www.w3.org/2000/01/rdf-schema#label";
pub const SKOS_PREF_LABEL: &str = "http://www.w3.org/2004/02/skos/core#prefLabel";
pub const SKOS_ALT_LABEL: &str = "http://www.w3.org/2004/02/skos/core#altLabel";
pub const XSD: &str = "http://www.w3.org/2001/XMLSchema#";

/// The SPARQL prefixes that canned queries and the CLI may use without declaring them.
pub const PREFIXES: &[(&str, &str)] = &[
    ("im", DEF),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("owl", "http://www.w3.org/2002/07/owl#"),
    ("xsd", XSD),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("org", "http://www.w3.org/ns/org#"),
    ("rov", "http://www.w3.org/ns/regorg#"),
    ("schema", "https://schema.org/"),
    ("foaf", "http://xmlns.com/foaf/0.1/"),
    ("dcterms", "http://purl.org/dc/terms/"),
    ("prov", "http://www.w3.org/ns/prov#"),
    ("bibo", "http://purl.org/ontology/bibo/"),
    ("sh", "http://www.w3.org/ns/shacl#"),
];

/// `im:` + local name.
pub fn def(local: &str) -> String {
    format!("{DEF}{local}")
}

/// The id of an instance IRI: its last path segment, or `None` when the IRI is not an innomap
/// instance IRI of the form `{ID}<region>/<segment>/<name>`.
pub fn id_of(iri: &str) -> Option<&str> {
    let rest = iri.strip_prefix(ID)?;
    let mut parts = rest.split('/');
    let (_region, _segment, name) = (parts.next()?, parts.next()?, parts.next()?);
    (parts.next().is_none() && !name.is_empty()).then_some(name)
}

/// The short form users see for any IRI: the id for instance IRIs, `prefix:local` for known
/// namespaces, else the IRI itself.
pub fn short_form(iri: &str) -> String {
    if let Some(id) = id_of(iri) {
        return id.to_owned();
    }
    for (prefix, ns) in PREFIXES {
        if let Some(local) = iri.strip_prefix(ns) {
            if !local.is_empty() && !local.contains(['/', '#']) {
                return format!("{prefix}:{local}");
            }
        }
    }
    iri.to_owned()
}

/// Decodes `%XX` escapes (not `+`, which means a space only in forms): request paths, file IRIs.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(value) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(value);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_the_last_segment_of_instance_iris_only() {
        assert_eq!(
            id_of("https://w3id.org/innomap/id/zjg/firm/shagang"),
            Some("shagang")
        );
        assert_eq!(id_of("https://w3id.org/innomap/id/zjg/firm"), None);
        assert_eq!(id_of("https://example.org/id/zjg/firm/x"), None);
        assert_eq!(short_form("https://w3id.org/innomap/def#Firm"), "im:Firm");
        assert_eq!(
            short_form("https://schema.org/knowsAbout"),
            "schema:knowsAbout"
        );
    }
}
