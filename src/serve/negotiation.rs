//! Content negotiation (RFC 9110 §12.5.1): the `Accept` header's media ranges with q-values, matched
//! against what the server offers, most specific range first; ties go to the server's order.

use oxigraph::io::{JsonLdProfileSet, RdfFormat};
use oxigraph::sparql::results::QueryResultsFormat;

/// A media range from an `Accept` header.
#[derive(Debug, Clone, PartialEq)]
struct MediaRange {
    kind: String,
    subtype: String,
    quality: f32,
}

/// Parses an `Accept` header; unparseable entries are skipped, as browsers' odd entries should not
/// fail a request.
fn parse_accept(header: &str) -> Vec<MediaRange> {
    let mut ranges = Vec::new();
    for entry in header.split(',') {
        let mut parts = entry.split(';');
        let Some((kind, subtype)) = parts.next().and_then(|m| m.trim().split_once('/')) else {
            continue;
        };
        let mut quality = 1.0_f32;
        for parameter in parts {
            if let Some((name, value)) = parameter.split_once('=') {
                if name.trim().eq_ignore_ascii_case("q") {
                    quality = value.trim().parse().unwrap_or(0.0);
                }
            }
        }
        ranges.push(MediaRange {
            kind: kind.trim().to_ascii_lowercase(),
            subtype: subtype.trim().to_ascii_lowercase(),
            quality: quality.clamp(0.0, 1.0),
        });
    }
    ranges
}

/// The quality the ranges give `media_type`: the most specific matching range decides.
fn quality_of(ranges: &[MediaRange], media_type: &str) -> f32 {
    let (kind, subtype) = media_type.split_once('/').unwrap_or((media_type, ""));
    let mut best: Option<(u8, f32)> = None;
    for range in ranges {
        let specificity = if range.kind == kind && range.subtype == subtype {
            3
        } else if range.kind == kind && range.subtype == "*" {
            2
        } else if range.kind == "*" && range.subtype == "*" {
            1
        } else {
            continue;
        };
        if best.is_none_or(|(s, _)| specificity > s) {
            best = Some((specificity, range.quality));
        }
    }
    best.map_or(0.0, |(_, q)| q)
}

/// Picks the offer the client prefers. `offers` lists `(media type, value)` in the server's order
/// of preference; several media types may name one value. No header, or an empty one, takes the
/// first offer. `None` means 406.
pub fn negotiate<T: Copy>(accept: Option<&str>, offers: &[(&str, T)]) -> Option<T> {
    let header = accept.map(str::trim).unwrap_or("");
    if header.is_empty() {
        return offers.first().map(|(_, value)| *value);
    }
    let ranges = parse_accept(header);
    let mut best: Option<(f32, T)> = None;
    for (media_type, value) in offers {
        let quality = quality_of(&ranges, media_type);
        if quality > 0.0 && best.is_none_or(|(q, _)| quality > q) {
            best = Some((quality, *value));
        }
    }
    best.map(|(_, value)| value)
}

/// The result formats of SELECT and ASK, SPARQL JSON first.
pub const RESULTS_OFFERS: &[(&str, QueryResultsFormat)] = &[
    ("application/sparql-results+json", QueryResultsFormat::Json),
    ("application/sparql-results+xml", QueryResultsFormat::Xml),
    ("text/csv", QueryResultsFormat::Csv),
    ("text/tab-separated-values", QueryResultsFormat::Tsv),
    ("application/json", QueryResultsFormat::Json),
    ("application/xml", QueryResultsFormat::Xml),
    ("text/xml", QueryResultsFormat::Xml),
];

/// The RDF formats of CONSTRUCT, DESCRIBE, the Graph Store Protocol and the service description,
/// Turtle first.
pub fn rdf_offers() -> [(&'static str, RdfFormat); 7] {
    let json_ld = RdfFormat::JsonLd {
        profile: JsonLdProfileSet::empty(),
    };
    [
        ("text/turtle", RdfFormat::Turtle),
        ("application/n-triples", RdfFormat::NTriples),
        ("application/rdf+xml", RdfFormat::RdfXml),
        ("application/ld+json", json_ld),
        ("application/x-turtle", RdfFormat::Turtle),
        ("application/json", json_ld),
        ("text/plain", RdfFormat::NTriples),
    ]
}

/// The media types of the offers, for a 406 message.
pub fn offered(offers: &[(&str, impl Copy)]) -> String {
    offers
        .iter()
        .map(|(media_type, _)| *media_type)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The media type of a `Content-Type` header, without parameters, lowercase.
pub fn media_type(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// The RDF syntax of an upload, by its `Content-Type`.
pub fn rdf_format_of(content_type: &str) -> Option<RdfFormat> {
    match media_type(content_type).as_str() {
        "text/turtle" | "application/x-turtle" => Some(RdfFormat::Turtle),
        "application/n-triples" | "text/plain" => Some(RdfFormat::NTriples),
        "application/rdf+xml" => Some(RdfFormat::RdfXml),
        "application/ld+json" => Some(RdfFormat::JsonLd {
            profile: JsonLdProfileSet::empty(),
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OFFERS: &[(&str, u8)] = &[("application/json", 1), ("text/csv", 2), ("text/xml", 3)];

    #[test]
    fn no_header_and_wildcards_take_the_first_offer() {
        assert_eq!(negotiate(None, OFFERS), Some(1));
        assert_eq!(negotiate(Some(""), OFFERS), Some(1));
        assert_eq!(negotiate(Some("*/*"), OFFERS), Some(1));
        assert_eq!(negotiate(Some("text/*"), OFFERS), Some(2));
    }

    #[test]
    fn q_values_order_the_choice() {
        assert_eq!(
            negotiate(Some("application/json;q=0.5, text/csv"), OFFERS),
            Some(2)
        );
        assert_eq!(
            negotiate(Some("text/xml;q=0.9, text/*;q=0.1, */*;q=0.05"), OFFERS),
            Some(3)
        );
        // A specific range at q=0 excludes a type that a wildcard would admit.
        assert_eq!(negotiate(Some("text/csv;q=0, text/*"), OFFERS), Some(3));
    }

    #[test]
    fn nothing_acceptable_is_none() {
        assert_eq!(negotiate(Some("image/png"), OFFERS), None);
        assert_eq!(negotiate(Some("application/json;q=0"), OFFERS), None);
    }

    #[test]
    fn browsers_get_xml_for_results() {
        let browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
        assert_eq!(
            negotiate(Some(browser), RESULTS_OFFERS),
            Some(QueryResultsFormat::Xml)
        );
    }
}
