//! N-Triples output: the buffered [`Emitter`], the helpers that write numbers and IRIs into
//! bytes, and the IRIs of the vocabulary the generated data uses.

use std::io::{self, Write};

const FLUSH_AT: usize = 1 << 16;

macro_rules! im {
    ($local:literal) => {
        concat!("<https://w3id.org/innomap/def#", $local, ">")
    };
}
pub(super) use im;

// The namespaces below are spelled out because `concat!` needs literals; a test checks them against
// [`crate::base::vocab`].
pub(super) const SYN: &str = "https://w3id.org/innomap/id/syn/";
pub(super) const INTL_PLACE: &str = "https://w3id.org/innomap/id/intl/place/";
pub(super) const CAPABILITY_SCHEME: &str = "<https://w3id.org/innomap/id/cn/scheme/capabilities>";
pub(super) const CHAIN_SCHEME: &str = "<https://w3id.org/innomap/id/syn/scheme/chains>";
pub(super) const DIRECTION_SCHEME: &str = "<https://w3id.org/innomap/id/syn/scheme/directions>";
pub(super) const CITY: &str = "<https://w3id.org/innomap/id/syn/place/syn-city>";
pub(super) const PROVINCE: &str = "<https://w3id.org/innomap/id/syn/place/syn-province>";

pub(super) const RDF_TYPE: &str = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>";
const RDFS_LABEL: &str = "<http://www.w3.org/2000/01/rdf-schema#label>";
pub(super) const SKOS_CONCEPT: &str = "<http://www.w3.org/2004/02/skos/core#Concept>";
pub(super) const SKOS_SCHEME: &str = "<http://www.w3.org/2004/02/skos/core#ConceptScheme>";
pub(super) const SKOS_IN_SCHEME: &str = "<http://www.w3.org/2004/02/skos/core#inScheme>";
const SKOS_PREF_LABEL: &str = "<http://www.w3.org/2004/02/skos/core#prefLabel>";
pub(super) const SKOS_NOTATION: &str = "<http://www.w3.org/2004/02/skos/core#notation>";
pub(super) const SKOS_BROADER: &str = "<http://www.w3.org/2004/02/skos/core#broader>";
pub(super) const ORG_SUB: &str = "<http://www.w3.org/ns/org#subOrganizationOf>";
pub(super) const ORG_COLLABORATION: &str = "<http://www.w3.org/ns/org#OrganizationalCollaboration>";
pub(super) const SCHEMA_PLACE: &str = "<https://schema.org/Place>";
pub(super) const SCHEMA_CONTAINED: &str = "<https://schema.org/containedInPlace>";
pub(super) const SCHEMA_KNOWS: &str = "<https://schema.org/knowsAbout>";
pub(super) const SCHEMA_PROJECT: &str = "<https://schema.org/Project>";
pub(super) const SCHEMA_PERSON: &str = "<https://schema.org/Person>";
pub(super) const SCHEMA_AFFILIATION: &str = "<https://schema.org/affiliation>";
pub(super) const DCT_SOURCE: &str = "<http://purl.org/dc/terms/source>";
pub(super) const DCT_IDENTIFIER: &str = "<http://purl.org/dc/terms/identifier>";
pub(super) const DCT_RIGHTS_HOLDER: &str = "<http://purl.org/dc/terms/rightsHolder>";
pub(super) const BIBO_PATENT: &str = "<http://purl.org/ontology/bibo/Patent>";
const XSD_INTEGER: &str = "<http://www.w3.org/2001/XMLSchema#integer>";
const XSD_DECIMAL: &str = "<http://www.w3.org/2001/XMLSchema#decimal>";
const XSD_BOOLEAN: &str = "<http://www.w3.org/2001/XMLSchema#boolean>";

pub(super) const PROVENANCE: &str = im!("provenance");
const ILLUSTRATIVE: &str = im!("Illustrative");

/// Triples written into a buffer that is handed to the writer in blocks.
pub(super) struct Emitter<'w> {
    out: &'w mut dyn Write,
    buf: Vec<u8>,
    triples: u64,
}

impl<'w> Emitter<'w> {
    pub(super) fn new(out: &'w mut dyn Write) -> Self {
        Emitter {
            out,
            buf: Vec::with_capacity(FLUSH_AT + 4096),
            triples: 0,
        }
    }

    fn head(&mut self, s: &[u8], p: &str) {
        self.buf.extend_from_slice(s);
        self.buf.push(b' ');
        self.buf.extend_from_slice(p.as_bytes());
        self.buf.push(b' ');
    }

    fn end(&mut self) -> io::Result<()> {
        self.buf.extend_from_slice(b" .\n");
        self.triples += 1;
        if self.buf.len() >= FLUSH_AT {
            self.out.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    /// `s p o .` where `o` is a bracketed IRI.
    pub(super) fn iri(&mut self, s: &[u8], p: &str, o: impl AsRef<[u8]>) -> io::Result<()> {
        self.head(s, p);
        self.buf.extend_from_slice(o.as_ref());
        self.end()
    }

    pub(super) fn lang(&mut self, s: &[u8], p: &str, text: &str, lang: &str) -> io::Result<()> {
        self.head(s, p);
        push_quoted(&mut self.buf, text);
        self.buf.push(b'@');
        self.buf.extend_from_slice(lang.as_bytes());
        self.end()
    }

    pub(super) fn labels(&mut self, s: &[u8], zh: &str, en: &str) -> io::Result<()> {
        self.lang(s, RDFS_LABEL, zh, "zh")?;
        self.lang(s, RDFS_LABEL, en, "en")
    }

    /// `rdfs:label` and `skos:prefLabel`, in both languages.
    pub(super) fn concept_labels(&mut self, s: &[u8], zh: &str, en: &str) -> io::Result<()> {
        self.labels(s, zh, en)?;
        self.lang(s, SKOS_PREF_LABEL, zh, "zh")?;
        self.lang(s, SKOS_PREF_LABEL, en, "en")
    }

    /// A plain (xsd:string) literal.
    pub(super) fn string(&mut self, s: &[u8], p: &str, text: &str) -> io::Result<()> {
        self.head(s, p);
        push_quoted(&mut self.buf, text);
        self.end()
    }

    pub(super) fn integer(&mut self, s: &[u8], p: &str, value: u64) -> io::Result<()> {
        self.head(s, p);
        self.buf.push(b'"');
        push_u64(&mut self.buf, value);
        self.buf.extend_from_slice(b"\"^^");
        self.buf.extend_from_slice(XSD_INTEGER.as_bytes());
        self.end()
    }

    /// An xsd:decimal given in tenths: 12345 is `"1234.5"`.
    pub(super) fn decimal_tenths(&mut self, s: &[u8], p: &str, tenths: u64) -> io::Result<()> {
        self.head(s, p);
        self.buf.push(b'"');
        push_u64(&mut self.buf, tenths / 10);
        self.buf.push(b'.');
        push_u64(&mut self.buf, tenths % 10);
        self.buf.extend_from_slice(b"\"^^");
        self.buf.extend_from_slice(XSD_DECIMAL.as_bytes());
        self.end()
    }

    pub(super) fn boolean_true(&mut self, s: &[u8], p: &str) -> io::Result<()> {
        self.head(s, p);
        self.buf.extend_from_slice(b"\"true\"^^");
        self.buf.extend_from_slice(XSD_BOOLEAN.as_bytes());
        self.end()
    }

    pub(super) fn illustrative(&mut self, s: &[u8]) -> io::Result<()> {
        self.iri(s, PROVENANCE, ILLUSTRATIVE)
    }

    pub(super) fn finish(mut self) -> io::Result<u64> {
        self.out.write_all(&self.buf)?;
        self.buf.clear();
        self.out.flush()?;
        Ok(self.triples)
    }
}

fn push_quoted(buf: &mut Vec<u8>, text: &str) {
    buf.push(b'"');
    for &b in text.as_bytes() {
        match b {
            b'"' => buf.extend_from_slice(b"\\\""),
            b'\\' => buf.extend_from_slice(b"\\\\"),
            b'\n' => buf.extend_from_slice(b"\\n"),
            b'\r' => buf.extend_from_slice(b"\\r"),
            _ => buf.push(b),
        }
    }
    buf.push(b'"');
}

pub(super) fn push_u64(buf: &mut Vec<u8>, mut value: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (value % 10) as u8;
        value /= 10;
        if value == 0 {
            break;
        }
    }
    buf.extend_from_slice(&digits[i..]);
}

pub(super) fn digit_count(mut value: u64) -> usize {
    let mut count = 1;
    while value >= 10 {
        value /= 10;
        count += 1;
    }
    count
}

pub(super) fn push_padded(buf: &mut Vec<u8>, value: u64, width: usize) {
    for _ in digit_count(value)..width {
        buf.push(b'0');
    }
    push_u64(buf, value);
}

pub(super) fn padded(value: u64, width: usize) -> String {
    let mut buf = Vec::new();
    push_padded(&mut buf, value, width);
    String::from_utf8(buf).unwrap_or_default()
}

/// `<…/id/syn/{segment}/{prefix}{number padded to width}>` into `buf` (cleared first).
pub(super) fn node(buf: &mut Vec<u8>, segment: &str, prefix: &str, number: u64, width: usize) {
    buf.clear();
    buf.push(b'<');
    buf.extend_from_slice(SYN.as_bytes());
    buf.extend_from_slice(segment.as_bytes());
    buf.push(b'/');
    buf.extend_from_slice(prefix.as_bytes());
    push_padded(buf, number, width);
    buf.push(b'>');
}

pub(super) fn syn_iri(segment: &str, name: &str) -> Vec<u8> {
    format!("<{SYN}{segment}/{name}>").into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::vocab;

    #[test]
    fn namespaces_match_the_vocabulary_module() {
        assert_eq!(im!("x"), format!("<{}x>", vocab::DEF));
        assert_eq!(SYN, format!("{}syn/", vocab::ID));
        assert_eq!(INTL_PLACE, format!("{}intl/place/", vocab::ID));
        assert_eq!(
            vocab::id_of(CITY.trim_matches(['<', '>'])),
            Some("syn-city")
        );
    }
}
