//! The IRIs the importer writes, beyond those in `crate::base::vocab`.

use crate::base::vocab;
use oxigraph::model::NamedNode;

pub const RDF_TYPE: &str = vocab::RDF_TYPE;
pub const RDFS_LABEL: &str = vocab::RDFS_LABEL;
pub const SKOS_PREF_LABEL: &str = vocab::SKOS_PREF_LABEL;
pub const SKOS_ALT_LABEL: &str = vocab::SKOS_ALT_LABEL;
pub const SKOS_CONCEPT: &str = "http://www.w3.org/2004/02/skos/core#Concept";
pub const SKOS_IN_SCHEME: &str = "http://www.w3.org/2004/02/skos/core#inScheme";
pub const SKOS_NOTATION: &str = "http://www.w3.org/2004/02/skos/core#notation";
pub const DCTERMS_SOURCE: &str = "http://purl.org/dc/terms/source";
pub const DCTERMS_DESCRIPTION: &str = "http://purl.org/dc/terms/description";
pub const PROV_WAS_DERIVED_FROM: &str = "http://www.w3.org/ns/prov#wasDerivedFrom";
pub const ORG_SUB_ORGANIZATION_OF: &str = "http://www.w3.org/ns/org#subOrganizationOf";
pub const SCHEMA: &str = "https://schema.org/";
pub const XSD_INTEGER: &str = "http://www.w3.org/2001/XMLSchema#integer";
pub const XSD_DECIMAL: &str = "http://www.w3.org/2001/XMLSchema#decimal";
pub const XSD_BOOLEAN: &str = "http://www.w3.org/2001/XMLSchema#boolean";
pub const XSD_DOUBLE: &str = "http://www.w3.org/2001/XMLSchema#double";

/// Prefix of the graphs of imported sheets.
pub const IMPORT_GRAPH: &str = "https://w3id.org/innomap/graph/import/";

/// A named node from an IRI this module builds (constants and percent-encoded or checked parts).
pub fn node(iri: &str) -> NamedNode {
    NamedNode::new_unchecked(iri)
}

/// `im:` + local name.
pub fn im(local: &str) -> NamedNode {
    node(&vocab::def(local))
}

/// `schema:` + local name.
pub fn schema(local: &str) -> NamedNode {
    node(&format!("{SCHEMA}{local}"))
}

/// An instance IRI: `{ID}<region>/<segment>/<id>`.
pub fn instance(region: &str, segment: &str, id: &str) -> String {
    format!("{}{region}/{segment}/{id}", vocab::ID)
}

/// Percent-encodes one IRI path segment: ASCII letters, digits and `-._~` stay, every other byte of
/// the UTF-8 text is `%XX`.
pub fn encode_segment(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}
