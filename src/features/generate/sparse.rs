//! The sparse form of a generated network: only what a bureau that starts from scratch has —
//! organisations with kinds, chains, places and capabilities; directions with their required
//! capabilities; collaborations with participants, kind and year (no lead, no figures, patents,
//! hosts, tiers, levels, chain supports or talents). `innomap generate --sparse` writes it; the
//! evaluation bench scores matching on it.

/// The predicates the sparse form keeps.
const KEPT: [&str; 17] = [
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2004/02/skos/core#notation",
    "http://www.w3.org/2004/02/skos/core#broader",
    "http://www.w3.org/2004/02/skos/core#inScheme",
    "https://w3id.org/innomap/def#inChain",
    "https://w3id.org/innomap/def#city",
    "https://w3id.org/innomap/def#locatedIn",
    "https://schema.org/containedInPlace",
    "https://w3id.org/innomap/def#placeType",
    "https://w3id.org/innomap/def#countryCode",
    "https://schema.org/knowsAbout",
    "https://w3id.org/innomap/def#requiresCapability",
    "https://w3id.org/innomap/def#participant",
    "https://w3id.org/innomap/def#collaborationKind",
    "https://w3id.org/innomap/def#year",
];

/// Keeps the N-Triples lines of `data` whose predicate is one of the sparse form's.
pub fn sparse_ntriples(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() / 2);
    for line in data.split(|&b| b == b'\n') {
        let text = String::from_utf8_lossy(line);
        let predicate = text
            .split_once("> <")
            .and_then(|(_, rest)| rest.split_once('>'))
            .map(|(p, _)| p);
        if predicate.is_some_and(|p| KEPT.contains(&p)) {
            out.extend_from_slice(line);
            out.push(b'\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_sparse_predicates_stay() {
        let data = b"<a> <https://w3id.org/innomap/def#participant> <b> .\n\
<a> <https://w3id.org/innomap/def#lead> <b> .\n\
<a> <https://w3id.org/innomap/def#year> \"2020\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n";
        let kept = String::from_utf8(sparse_ntriples(data)).unwrap();
        assert_eq!(kept.lines().count(), 2);
        assert!(!kept.contains("#lead"));
    }
}
