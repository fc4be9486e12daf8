//! `innomap generate`: a synthetic innovation network of any size, written as N-Triples in the
//! project vocabulary, for tests and benchmarks (DESIGN.md, "Scale").
//!
//! Everything lives under a region of its own, `syn` (`…/id/syn/<segment>/syn-…`), so that generated
//! ids never collide with the bundled data: one synthetic city (`syn-city`, in `syn-province`, in
//! China) with towns and zones, external Chinese cities, four foreign countries, 8 chains, a capability
//! taxonomy of 79 concepts, 31 directions, organisations of every kind, the 8×10 list, collaborations,
//! patents, annual figures, investments, a few consortia and people. Directions are the exception to
//! the `syn-` prefix: the shapes require their IRI to end in the notation (`T[0-9]{2}`), so the
//! synthetic city numbers its directions `T41`…`T71`, clear of the bundled `T01`…`T31`. The country
//! nodes (`<id/intl/place/CN>`, `US`, `JP`, `KR`, `DE`) are shared reference entities: they are written
//! with exactly the triples the bundled data states, so a generated file validates alone and together
//! with the bundled data.
//!
//! **Network model.** Pass 1 decides every organisation's kind (about 80 % firms), chain, place (5–10 %
//! outside the city, some abroad), host, tier and capabilities (1–5 from its chain's field, drawn with
//! Zipf-like popularity, so some capabilities are rare; the two rarest of each field are held only by
//! organisations outside the city and off its 8×10 list, so directions that require them have gaps).
//! Pass 2 walks the organisations again; each active one initiates a few collaborations (leading firms
//! and universities many, tech SMEs few) and picks 1–3 partners: from its own town and chain (locality),
//! or by preferential attachment from an urn per chain in which every organisation appears once per
//! past participation plus a kind-dependent fitness (hubs emerge), taking the more complementary of two
//! draws (the one holding more capabilities the initiator lacks). Some firms are inactive, so about a
//! third of all firms never collaborate.
//!
//! **Streaming.** Nothing is written twice and no triple is kept: the generator holds a few bytes per
//! organisation (kind, chain, place, host, capabilities, flags, degree) and the urns (u32 per
//! participation), about 60 bytes per organisation in all, so the national scale (~1 M organisations,
//! ~80 M triples) runs in well under a gigabyte. Output goes through an internal 64 KiB buffer.
//!
//! **Determinism.** The same options give the same bytes on every platform and with every crate
//! version: the random numbers come from a hand-written xoshiro256** seeded by SplitMix64 (no `rand`
//! crate, whose streams may change between versions), and every draw uses integer arithmetic only (no
//! floating point, no libm), in one fixed order.

use crate::base::error::Error;
use crate::base::kind::Kind;
use std::fmt;
use std::io::{self, Write};
use std::path::Path;
use std::str::FromStr;

// ---------------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------------

/// How large a dataset to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// About 5 000 organisations (~0.3 M triples): a county-level city.
    County,
    /// About 100 000 organisations (~8 M triples).
    Province,
    /// About 1 000 000 organisations (~80 M triples).
    National,
    /// Exactly this many organisations.
    Organisations(usize),
}

/// The fewest organisations a dataset may have (enough for every chain to get firms and resources).
pub const MIN_ORGANISATIONS: usize = 100;
/// The most organisations a dataset may have (indices are kept as `u32`).
pub const MAX_ORGANISATIONS: usize = 100_000_000;

impl Scale {
    /// The number of organisations this scale generates.
    pub fn organisations(self) -> usize {
        match self {
            Scale::County => 5_000,
            Scale::Province => 100_000,
            Scale::National => 1_000_000,
            Scale::Organisations(n) => n,
        }
    }
}

impl fmt::Display for Scale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scale::County => f.write_str("county"),
            Scale::Province => f.write_str("province"),
            Scale::National => f.write_str("national"),
            Scale::Organisations(n) => write!(f, "{n}"),
        }
    }
}

impl FromStr for Scale {
    type Err = Error;

    /// `county`, `province`, `national`, or a number of organisations (`20000`, `20_000`, `20k`, `1m`).
    fn from_str(text: &str) -> Result<Self, Error> {
        let trimmed = text.trim().to_ascii_lowercase();
        let invalid = || {
            Error::Usage(format!(
                "invalid scale '{text}': give county (~5 000 organisations), province (~100 000), \
                 national (~1 000 000) or a number of organisations from {MIN_ORGANISATIONS} to \
                 {MAX_ORGANISATIONS}, such as 20000 or 20k"
            ))
        };
        match trimmed.as_str() {
            "county" => return Ok(Scale::County),
            "province" => return Ok(Scale::Province),
            "national" => return Ok(Scale::National),
            _ => {}
        }
        let digits: String = trimmed.chars().filter(|c| *c != '_' && *c != ',').collect();
        let (number, multiplier) = match digits.strip_suffix('k') {
            Some(rest) => (rest, 1_000),
            None => match digits.strip_suffix('m') {
                Some(rest) => (rest, 1_000_000),
                None => (digits.as_str(), 1),
            },
        };
        if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid());
        }
        let n = number
            .parse::<usize>()
            .ok()
            .and_then(|n| n.checked_mul(multiplier))
            .ok_or_else(invalid)?;
        if !(MIN_ORGANISATIONS..=MAX_ORGANISATIONS).contains(&n) {
            return Err(invalid());
        }
        Ok(Scale::Organisations(n))
    }
}

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GenerateOptions {
    pub scale: Scale,
    /// The seed of every random draw: the same seed gives the same bytes.
    pub seed: u64,
}

/// What a generation wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GenerateReport {
    pub organisations: usize,
    pub firms: usize,
    pub collaborations: usize,
    pub triples: u64,
    pub people: usize,
    pub patents: usize,
    /// Rows of the 8×10 list (`im:ChainSupport`).
    pub chain_supports: usize,
    /// Firms that take part in no collaboration.
    pub firms_without_collaborations: usize,
    /// The most collaborations one organisation takes part in.
    pub max_collaborations: u32,
    /// The median number of collaborations over organisations that take part in at least one.
    pub median_collaborations: u32,
}

/// Writes a synthetic dataset of `options.scale` as N-Triples to `out`, streamed (pass a buffered or
/// unbuffered writer: output is buffered internally in 64 KiB blocks), and says what it wrote.
pub fn generate(options: &GenerateOptions, out: &mut dyn Write) -> Result<GenerateReport, Error> {
    check_scale(options.scale)?;
    run(options, out).map_err(|e| Error::Storage {
        message: format!("cannot write the generated data: {e}"),
    })
}

/// [`generate`] into a new file at `path` (replacing it), naming the file in errors.
pub fn generate_file(options: &GenerateOptions, path: &Path) -> Result<GenerateReport, Error> {
    check_scale(options.scale)?;
    let mut file = std::fs::File::create(path).map_err(|e| Error::Input {
        message: format!("cannot create {}: {e}", path.display()),
    })?;
    let report = run(options, &mut file).map_err(|e| Error::Storage {
        message: format!("cannot write {}: {e}", path.display()),
    })?;
    file.sync_all().map_err(|e| Error::Storage {
        message: format!("cannot write {}: {e}", path.display()),
    })?;
    Ok(report)
}

fn check_scale(scale: Scale) -> Result<(), Error> {
    let n = scale.organisations();
    if (MIN_ORGANISATIONS..=MAX_ORGANISATIONS).contains(&n) {
        Ok(())
    } else {
        Err(Error::Usage(format!(
            "cannot generate {n} organisations: give a number from {MIN_ORGANISATIONS} to {MAX_ORGANISATIONS}"
        )))
    }
}

// ---------------------------------------------------------------------------------------------------
// Random numbers: xoshiro256** seeded by SplitMix64, integer draws only
// ---------------------------------------------------------------------------------------------------

/// SplitMix64 (Steele, Lea & Flood 2014): a tiny PRNG with a fixed definition, so that a seed gives
/// the same numbers in every version and on every platform. It seeds the generator's xoshiro256**
/// streams and draws the evaluation's splits (`crate::features::evaluation`).
#[derive(Debug, Clone)]
pub(crate) struct SplitMix64(u64);

impl SplitMix64 {
    pub(crate) fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Fisher–Yates shuffle (each index by `next_u64() % (i + 1)`, as the evaluation always drew).
    pub(crate) fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

struct Rng {
    s: [u64; 4],
}

impl Rng {
    /// An independent stream for each part of the generation, so that a change in one part leaves the
    /// others' draws alone.
    fn new(seed: u64, stream: u64) -> Self {
        let mut seeder = SplitMix64::new(seed ^ stream.wrapping_mul(0xD1B5_4A32_D192_ED03));
        Rng {
            s: [
                seeder.next_u64(),
                seeder.next_u64(),
                seeder.next_u64(),
                seeder.next_u64(),
            ],
        }
    }

    fn next_u64(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// Uniform in `0..n` (`n > 0`), by the multiply-shift method.
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// True with probability `per_mille / 1000`.
    fn chance(&mut self, per_mille: u32) -> bool {
        self.below(1000) < per_mille as usize
    }

    /// An index drawn with the given integer weights (not all zero).
    fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u64 = weights.iter().map(|&w| u64::from(w)).sum();
        let mut target = self.below(total as usize) as u64;
        for (i, &w) in weights.iter().enumerate() {
            if target < u64::from(w) {
                return i;
            }
            target -= u64::from(w);
        }
        weights.len() - 1
    }

    /// Successes before the first failure, each with probability `per_mille / 1000`, at most `cap`.
    fn geometric(&mut self, per_mille: u32, cap: u32) -> u32 {
        let mut k = 0;
        while k < cap && self.chance(per_mille) {
            k += 1;
        }
        k
    }
}

// ---------------------------------------------------------------------------------------------------
// N-Triples output
// ---------------------------------------------------------------------------------------------------

const FLUSH_AT: usize = 1 << 16;

macro_rules! im {
    ($local:literal) => {
        concat!("<https://w3id.org/innomap/def#", $local, ">")
    };
}

// The namespaces below are spelled out because `concat!` needs literals; a test checks them against
// [`crate::base::vocab`].
const SYN: &str = "https://w3id.org/innomap/id/syn/";
const INTL_PLACE: &str = "https://w3id.org/innomap/id/intl/place/";
const CAPABILITY_SCHEME: &str = "<https://w3id.org/innomap/id/cn/scheme/capabilities>";
const CHAIN_SCHEME: &str = "<https://w3id.org/innomap/id/syn/scheme/chains>";
const DIRECTION_SCHEME: &str = "<https://w3id.org/innomap/id/syn/scheme/directions>";
const CITY: &str = "<https://w3id.org/innomap/id/syn/place/syn-city>";
const PROVINCE: &str = "<https://w3id.org/innomap/id/syn/place/syn-province>";

const RDF_TYPE: &str = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>";
const RDFS_LABEL: &str = "<http://www.w3.org/2000/01/rdf-schema#label>";
const SKOS_CONCEPT: &str = "<http://www.w3.org/2004/02/skos/core#Concept>";
const SKOS_SCHEME: &str = "<http://www.w3.org/2004/02/skos/core#ConceptScheme>";
const SKOS_IN_SCHEME: &str = "<http://www.w3.org/2004/02/skos/core#inScheme>";
const SKOS_PREF_LABEL: &str = "<http://www.w3.org/2004/02/skos/core#prefLabel>";
const SKOS_NOTATION: &str = "<http://www.w3.org/2004/02/skos/core#notation>";
const SKOS_BROADER: &str = "<http://www.w3.org/2004/02/skos/core#broader>";
const ORG_SUB: &str = "<http://www.w3.org/ns/org#subOrganizationOf>";
const ORG_COLLABORATION: &str = "<http://www.w3.org/ns/org#OrganizationalCollaboration>";
const SCHEMA_PLACE: &str = "<https://schema.org/Place>";
const SCHEMA_CONTAINED: &str = "<https://schema.org/containedInPlace>";
const SCHEMA_KNOWS: &str = "<https://schema.org/knowsAbout>";
const SCHEMA_PROJECT: &str = "<https://schema.org/Project>";
const SCHEMA_PERSON: &str = "<https://schema.org/Person>";
const SCHEMA_AFFILIATION: &str = "<https://schema.org/affiliation>";
const DCT_SOURCE: &str = "<http://purl.org/dc/terms/source>";
const DCT_IDENTIFIER: &str = "<http://purl.org/dc/terms/identifier>";
const DCT_RIGHTS_HOLDER: &str = "<http://purl.org/dc/terms/rightsHolder>";
const BIBO_PATENT: &str = "<http://purl.org/ontology/bibo/Patent>";
const XSD_INTEGER: &str = "<http://www.w3.org/2001/XMLSchema#integer>";
const XSD_DECIMAL: &str = "<http://www.w3.org/2001/XMLSchema#decimal>";
const XSD_BOOLEAN: &str = "<http://www.w3.org/2001/XMLSchema#boolean>";

const PROVENANCE: &str = im!("provenance");
const ILLUSTRATIVE: &str = im!("Illustrative");

/// Triples written into a buffer that is handed to the writer in blocks.
struct Emitter<'w> {
    out: &'w mut dyn Write,
    buf: Vec<u8>,
    triples: u64,
}

impl<'w> Emitter<'w> {
    fn new(out: &'w mut dyn Write) -> Self {
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
    fn iri(&mut self, s: &[u8], p: &str, o: impl AsRef<[u8]>) -> io::Result<()> {
        self.head(s, p);
        self.buf.extend_from_slice(o.as_ref());
        self.end()
    }

    fn lang(&mut self, s: &[u8], p: &str, text: &str, lang: &str) -> io::Result<()> {
        self.head(s, p);
        push_quoted(&mut self.buf, text);
        self.buf.push(b'@');
        self.buf.extend_from_slice(lang.as_bytes());
        self.end()
    }

    fn labels(&mut self, s: &[u8], zh: &str, en: &str) -> io::Result<()> {
        self.lang(s, RDFS_LABEL, zh, "zh")?;
        self.lang(s, RDFS_LABEL, en, "en")
    }

    /// `rdfs:label` and `skos:prefLabel`, in both languages.
    fn concept_labels(&mut self, s: &[u8], zh: &str, en: &str) -> io::Result<()> {
        self.labels(s, zh, en)?;
        self.lang(s, SKOS_PREF_LABEL, zh, "zh")?;
        self.lang(s, SKOS_PREF_LABEL, en, "en")
    }

    /// A plain (xsd:string) literal.
    fn string(&mut self, s: &[u8], p: &str, text: &str) -> io::Result<()> {
        self.head(s, p);
        push_quoted(&mut self.buf, text);
        self.end()
    }

    fn integer(&mut self, s: &[u8], p: &str, value: u64) -> io::Result<()> {
        self.head(s, p);
        self.buf.push(b'"');
        push_u64(&mut self.buf, value);
        self.buf.extend_from_slice(b"\"^^");
        self.buf.extend_from_slice(XSD_INTEGER.as_bytes());
        self.end()
    }

    /// An xsd:decimal given in tenths: 12345 is `"1234.5"`.
    fn decimal_tenths(&mut self, s: &[u8], p: &str, tenths: u64) -> io::Result<()> {
        self.head(s, p);
        self.buf.push(b'"');
        push_u64(&mut self.buf, tenths / 10);
        self.buf.push(b'.');
        push_u64(&mut self.buf, tenths % 10);
        self.buf.extend_from_slice(b"\"^^");
        self.buf.extend_from_slice(XSD_DECIMAL.as_bytes());
        self.end()
    }

    fn boolean_true(&mut self, s: &[u8], p: &str) -> io::Result<()> {
        self.head(s, p);
        self.buf.extend_from_slice(b"\"true\"^^");
        self.buf.extend_from_slice(XSD_BOOLEAN.as_bytes());
        self.end()
    }

    fn illustrative(&mut self, s: &[u8]) -> io::Result<()> {
        self.iri(s, PROVENANCE, ILLUSTRATIVE)
    }

    fn finish(mut self) -> io::Result<u64> {
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

fn push_u64(buf: &mut Vec<u8>, mut value: u64) {
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

fn digit_count(mut value: u64) -> usize {
    let mut count = 1;
    while value >= 10 {
        value /= 10;
        count += 1;
    }
    count
}

fn push_padded(buf: &mut Vec<u8>, value: u64, width: usize) {
    for _ in digit_count(value)..width {
        buf.push(b'0');
    }
    push_u64(buf, value);
}

fn padded(value: u64, width: usize) -> String {
    let mut buf = Vec::new();
    push_padded(&mut buf, value, width);
    String::from_utf8(buf).unwrap_or_default()
}

/// `<…/id/syn/{segment}/{prefix}{number padded to width}>` into `buf` (cleared first).
fn node(buf: &mut Vec<u8>, segment: &str, prefix: &str, number: u64, width: usize) {
    buf.clear();
    buf.push(b'<');
    buf.extend_from_slice(SYN.as_bytes());
    buf.extend_from_slice(segment.as_bytes());
    buf.push(b'/');
    buf.extend_from_slice(prefix.as_bytes());
    push_padded(buf, number, width);
    buf.push(b'>');
}

fn syn_iri(segment: &str, name: &str) -> Vec<u8> {
    format!("<{SYN}{segment}/{name}>").into_bytes()
}

// ---------------------------------------------------------------------------------------------------
// The fixed part: chains, capabilities, places
// ---------------------------------------------------------------------------------------------------

struct Concept {
    slug: &'static str,
    zh: &'static str,
    en: &'static str,
}

const fn concept(slug: &'static str, zh: &'static str, en: &'static str) -> Concept {
    Concept { slug, zh, en }
}

struct ChainSpec {
    slug: &'static str,
    zh: &'static str,
    en: &'static str,
    notation: &'static str,
    group: &'static str,
    /// Share of organisations, per mille.
    weight: u32,
    /// Directions of the chain.
    directions: usize,
    /// The field's broad capability.
    top: Concept,
    /// Narrower capabilities, most popular first; the last [`EXTERNAL_ONLY`] are held only outside.
    capabilities: [Concept; FIELD_SIZE],
}

const CHAINS: usize = 8;
const FIELD_SIZE: usize = 8;
/// The rarest capabilities of each field, held by no local actor.
const EXTERNAL_ONLY: usize = 2;
const CROSS_SIZE: usize = 6;
/// Index of the cross-cutting broad capability; its narrower ones follow.
const CROSS_TOP: usize = CHAINS * (FIELD_SIZE + 1);
const CAPABILITIES: usize = CROSS_TOP + 1 + CROSS_SIZE;
const DIRECTIONS: usize = 31;
const FIRST_DIRECTION: usize = 41;
const MAX_CAPS: usize = 5;

const fn field_capability(chain: usize, rank: usize) -> u8 {
    (chain * (FIELD_SIZE + 1) + 1 + rank) as u8
}

const LEADING: &str = im!("LeadingChain");
const EMERGING: &str = im!("EmergingChain");

const CHAIN_SPECS: [ChainSpec; CHAINS] = [
    ChainSpec {
        slug: "syn-metallurgy",
        zh: "合成冶金新材料",
        en: "Synthetic metallurgical materials",
        notation: "L1",
        group: LEADING,
        weight: 180,
        directions: 4,
        top: concept(
            "syn-metallurgical-technology",
            "冶金材料技术（合成）",
            "Metallurgical materials technology (synthetic)",
        ),
        capabilities: [
            concept(
                "syn-steelmaking-refining",
                "炼钢精炼",
                "Steelmaking and refining",
            ),
            concept(
                "syn-controlled-rolling",
                "控轧控冷",
                "Controlled rolling and cooling",
            ),
            concept("syn-alloy-design", "合金成分设计", "Alloy design"),
            concept("syn-strip-casting", "薄带铸轧", "Thin strip casting"),
            concept("syn-steel-coating", "钢材表面涂镀", "Steel surface coating"),
            concept(
                "syn-metallurgical-modelling",
                "冶金过程建模",
                "Metallurgical process modelling",
            ),
            concept(
                "syn-hydrogen-reduction",
                "氢基直接还原",
                "Hydrogen-based direct reduction",
            ),
            concept(
                "syn-slag-valorisation",
                "钢渣高值利用",
                "Steel slag valorisation",
            ),
        ],
    },
    ChainSpec {
        slug: "syn-chemicals",
        zh: "合成化工新材料",
        en: "Synthetic chemical materials",
        notation: "L2",
        group: LEADING,
        weight: 160,
        directions: 4,
        top: concept(
            "syn-chemical-technology",
            "化工材料技术（合成）",
            "Chemical materials technology (synthetic)",
        ),
        capabilities: [
            concept("syn-polymer-synthesis", "高分子合成", "Polymer synthesis"),
            concept(
                "syn-industrial-catalysis",
                "工业催化",
                "Industrial catalysis",
            ),
            concept(
                "syn-process-scale-up",
                "化工放大",
                "Chemical process scale-up",
            ),
            concept("syn-separation-membranes", "分离膜", "Separation membranes"),
            concept(
                "syn-electronic-chemicals",
                "电子化学品提纯",
                "Electronic chemical purification",
            ),
            concept(
                "syn-bio-based-polymers",
                "生物基高分子",
                "Bio-based polymers",
            ),
            concept(
                "syn-fluorinated-materials",
                "含氟功能材料",
                "Fluorinated functional materials",
            ),
            concept(
                "syn-resin-monomers",
                "高端树脂单体",
                "High-end resin monomers",
            ),
        ],
    },
    ChainSpec {
        slug: "syn-equipment",
        zh: "合成智能装备",
        en: "Synthetic intelligent equipment",
        notation: "L3",
        group: LEADING,
        weight: 160,
        directions: 4,
        top: concept(
            "syn-equipment-technology",
            "智能装备技术（合成）",
            "Intelligent equipment technology (synthetic)",
        ),
        capabilities: [
            concept("syn-motion-control", "运动控制", "Motion control"),
            concept(
                "syn-industrial-robotics",
                "工业机器人",
                "Industrial robotics",
            ),
            concept("syn-laser-processing", "激光加工", "Laser processing"),
            concept("syn-precision-machining", "精密加工", "Precision machining"),
            concept("syn-machine-vision", "机器视觉", "Machine vision"),
            concept("syn-hydraulics", "液压传动", "Hydraulic transmission"),
            concept("syn-high-end-bearings", "高端轴承", "High-end bearings"),
            concept("syn-cnc-kernels", "数控系统内核", "CNC system kernels"),
        ],
    },
    ChainSpec {
        slug: "syn-textiles",
        zh: "合成高端纺织",
        en: "Synthetic high-end textiles",
        notation: "L4",
        group: LEADING,
        weight: 100,
        directions: 4,
        top: concept(
            "syn-textile-technology",
            "纺织技术（合成）",
            "Textile technology (synthetic)",
        ),
        capabilities: [
            concept("syn-functional-fibres", "功能纤维", "Functional fibres"),
            concept("syn-spinning", "纺纱工艺", "Spinning"),
            concept("syn-weaving-knitting", "织造", "Weaving and knitting"),
            concept("syn-dyeing-finishing", "印染后整理", "Dyeing and finishing"),
            concept(
                "syn-textile-recycling",
                "纺织品循环再生",
                "Textile recycling",
            ),
            concept(
                "syn-technical-textiles",
                "产业用纺织品",
                "Technical textiles",
            ),
            concept(
                "syn-carbon-fibre-precursors",
                "碳纤维原丝",
                "Carbon-fibre precursors",
            ),
            concept("syn-smart-textiles", "智能纺织品", "Smart textiles"),
        ],
    },
    ChainSpec {
        slug: "syn-new-energy",
        zh: "合成新能源",
        en: "Synthetic new energy",
        notation: "E1",
        group: EMERGING,
        weight: 120,
        directions: 4,
        top: concept(
            "syn-energy-technology",
            "新能源技术（合成）",
            "New energy technology (synthetic)",
        ),
        capabilities: [
            concept("syn-battery-cells", "电池电芯", "Battery cells"),
            concept(
                "syn-battery-management",
                "电池管理系统",
                "Battery management systems",
            ),
            concept("syn-pv-modules", "光伏组件", "Photovoltaic modules"),
            concept("syn-fuel-cells", "氢燃料电池", "Hydrogen fuel cells"),
            concept("syn-power-conversion", "电能变换", "Power conversion"),
            concept(
                "syn-storage-integration",
                "储能系统集成",
                "Energy-storage integration",
            ),
            concept(
                "syn-solid-electrolytes",
                "固态电解质",
                "Solid-state electrolytes",
            ),
            concept("syn-electrolysers", "电解水制氢", "Water electrolysers"),
        ],
    },
    ChainSpec {
        slug: "syn-digital",
        zh: "合成数字经济",
        en: "Synthetic digital economy",
        notation: "E2",
        group: EMERGING,
        weight: 120,
        directions: 4,
        top: concept(
            "syn-digital-technology",
            "数字技术（合成）",
            "Digital technology (synthetic)",
        ),
        capabilities: [
            concept(
                "syn-industrial-internet",
                "工业互联网",
                "Industrial internet",
            ),
            concept("syn-cloud-platforms", "云平台", "Cloud platforms"),
            concept("syn-data-governance", "数据治理", "Data governance"),
            concept("syn-embedded-software", "嵌入式软件", "Embedded software"),
            concept("syn-cybersecurity", "网络安全", "Cybersecurity"),
            concept("syn-computer-vision", "计算机视觉", "Computer vision"),
            concept("syn-large-models", "行业大模型", "Industry large models"),
            concept(
                "syn-simulation-software",
                "工业仿真软件",
                "Industrial simulation software",
            ),
        ],
    },
    ChainSpec {
        slug: "syn-biomedicine",
        zh: "合成生物医药",
        en: "Synthetic biomedicine",
        notation: "E3",
        group: EMERGING,
        weight: 90,
        directions: 4,
        top: concept(
            "syn-biomedical-technology",
            "生物医药技术（合成）",
            "Biomedical technology (synthetic)",
        ),
        capabilities: [
            concept("syn-drug-formulation", "药物制剂", "Drug formulation"),
            concept("syn-biologics", "生物制品", "Biologics"),
            concept(
                "syn-medical-imaging",
                "医学影像设备",
                "Medical imaging devices",
            ),
            concept("syn-implant-materials", "植介入材料", "Implant materials"),
            concept(
                "syn-in-vitro-diagnostics",
                "体外诊断",
                "In-vitro diagnostics",
            ),
            concept("syn-bioprocessing", "生物发酵工艺", "Bioprocessing"),
            concept("syn-cell-therapy", "细胞治疗", "Cell therapy"),
            concept(
                "syn-high-end-catheters",
                "高端介入导管",
                "High-end catheters",
            ),
        ],
    },
    ChainSpec {
        slug: "syn-semiconductors",
        zh: "合成特色半导体",
        en: "Synthetic semiconductors",
        notation: "E4",
        group: EMERGING,
        weight: 70,
        directions: 3,
        top: concept(
            "syn-semiconductor-technology",
            "半导体技术（合成）",
            "Semiconductor technology (synthetic)",
        ),
        capabilities: [
            concept("syn-power-devices", "功率器件", "Power devices"),
            concept("syn-packaging-testing", "封装测试", "Packaging and testing"),
            concept("syn-wafer-processing", "晶圆工艺", "Wafer processing"),
            concept(
                "syn-semiconductor-materials",
                "半导体材料",
                "Semiconductor materials",
            ),
            concept("syn-chip-design", "芯片设计", "Chip design"),
            concept("syn-sic-substrates", "碳化硅衬底", "SiC substrates"),
            concept(
                "syn-lithography-materials",
                "光刻材料",
                "Lithography materials",
            ),
            concept("syn-eda-tools", "EDA工具", "EDA tools"),
        ],
    },
];

const CROSS_TOP_CONCEPT: Concept = concept(
    "syn-cross-cutting-technology",
    "通用共性技术（合成）",
    "Cross-cutting technology (synthetic)",
);
const CROSS_CAPABILITIES: [Concept; CROSS_SIZE] = [
    concept("syn-digital-twin", "数字孪生", "Digital twin"),
    concept("syn-machine-learning", "机器学习", "Machine learning"),
    concept(
        "syn-testing-inspection",
        "检验检测",
        "Testing and inspection",
    ),
    concept(
        "syn-low-carbon-processes",
        "低碳工艺",
        "Low-carbon processes",
    ),
    concept(
        "syn-standards-metrology",
        "标准与计量",
        "Standards and metrology",
    ),
    concept("syn-ip-management", "知识产权运营", "IP management"),
];

/// Zipf-like popularity of a field's capabilities by rank (840 / (rank + 1)).
const POPULARITY: [u32; FIELD_SIZE] = [840, 420, 280, 210, 168, 140, 120, 105];
/// Popularity of the external-only capabilities among external organisations.
const EXTERNAL_POPULARITY: u32 = 320;

/// The country nodes, exactly as the bundled data states them.
const CHINA: (&str, &str, &str) = ("CN", "中国", "China");
const FOREIGN: [(&str, &str, &str); 4] = [
    ("US", "美国", "United States"),
    ("JP", "日本", "Japan"),
    ("KR", "韩国", "Republic of Korea"),
    ("DE", "德国", "Germany"),
];
const EXTERNAL_CITIES: usize = 8;
/// External cities in the synthetic province; the others are directly under China.
const EXTERNAL_CITIES_IN_PROVINCE: usize = 3;

/// The places organisations sit in, by index: local places (towns, then zones), external Chinese
/// cities, foreign countries.
struct Places {
    towns: usize,
    zones: usize,
    local_weights: Vec<u32>,
    iris: Vec<Vec<u8>>,
}

impl Places {
    fn new(organisations: usize) -> Self {
        let towns = (organisations.isqrt() / 7).clamp(4, 150);
        let zones = (towns / 4).max(1);
        let mut iris = Vec::new();
        let mut local_weights = Vec::new();
        for t in 0..towns {
            iris.push(syn_iri(
                "place",
                &format!("syn-town-{}", padded(t as u64 + 1, 3)),
            ));
            local_weights.push(12 + 60 / (t as u32 + 1));
        }
        for z in 0..zones {
            iris.push(syn_iri(
                "place",
                &format!("syn-zone-{}", padded(z as u64 + 1, 2)),
            ));
            local_weights.push(6);
        }
        for c in 0..EXTERNAL_CITIES {
            iris.push(syn_iri(
                "place",
                &format!("syn-xcity-{}", padded(c as u64 + 1, 2)),
            ));
        }
        for (code, _, _) in FOREIGN {
            iris.push(format!("<{INTL_PLACE}{code}>").into_bytes());
        }
        Places {
            towns,
            zones,
            local_weights,
            iris,
        }
    }

    fn local(&self) -> usize {
        self.towns + self.zones
    }

    fn count(&self) -> usize {
        self.iris.len()
    }

    fn is_local(&self, place: u16) -> bool {
        (place as usize) < self.local()
    }

    fn is_foreign(&self, place: u16) -> bool {
        (place as usize) >= self.local() + EXTERNAL_CITIES
    }
}

// ---------------------------------------------------------------------------------------------------
// Organisations
// ---------------------------------------------------------------------------------------------------

/// What differs between organisation kinds.
struct KindSpec {
    kind: Kind,
    /// Share of organisations, per mille.
    share: u32,
    standard: Option<&'static str>,
    prefix: &'static str,
    zh: &'static str,
    en: &'static str,
    /// Per mille located outside the city (kinds hosted elsewhere follow their host).
    external: u32,
    /// Per mille of the external ones located abroad.
    foreign: u32,
    /// Levels drawn: national, provincial, municipal (per mille); all zero: no level.
    levels: [u32; 3],
    /// Entries in the preferential-attachment urn before any collaboration.
    fitness: u32,
    /// Per mille that take part in collaborations at all.
    active: u32,
}

const KIND_SPECS: [KindSpec; 10] = [
    KindSpec {
        kind: Kind::Firm,
        share: 800,
        standard: Some("<https://schema.org/Corporation>"),
        prefix: "syn-f",
        zh: "合成企业",
        en: "Synthetic Firm ",
        external: 50,
        foreign: 300,
        levels: [0, 0, 0],
        fitness: 1,
        active: 780,
    },
    KindSpec {
        kind: Kind::University,
        share: 20,
        standard: Some("<https://schema.org/CollegeOrUniversity>"),
        prefix: "syn-u",
        zh: "合成大学",
        en: "Synthetic University ",
        external: 450,
        foreign: 150,
        levels: [300, 600, 100],
        fitness: 10,
        active: 1000,
    },
    KindSpec {
        kind: Kind::NationalKeyLab,
        share: 5,
        standard: Some("<https://schema.org/ResearchOrganization>"),
        prefix: "syn-nkl",
        zh: "合成全国重点实验室",
        en: "Synthetic National Key Lab ",
        external: 0,
        foreign: 0,
        levels: [1000, 0, 0],
        fitness: 8,
        active: 1000,
    },
    KindSpec {
        kind: Kind::ProvincialKeyLab,
        share: 15,
        standard: Some("<https://schema.org/ResearchOrganization>"),
        prefix: "syn-pkl",
        zh: "合成省重点实验室",
        en: "Synthetic Provincial Key Lab ",
        external: 0,
        foreign: 0,
        levels: [0, 1000, 0],
        fitness: 5,
        active: 950,
    },
    KindSpec {
        kind: Kind::ResearchInstitute,
        share: 20,
        standard: Some("<https://schema.org/ResearchOrganization>"),
        prefix: "syn-ri",
        zh: "合成研究院所",
        en: "Synthetic Research Institute ",
        external: 300,
        foreign: 200,
        levels: [300, 500, 200],
        fitness: 5,
        active: 950,
    },
    KindSpec {
        kind: Kind::NewRdInstitution,
        share: 20,
        standard: Some("<https://schema.org/ResearchOrganization>"),
        prefix: "syn-nrd",
        zh: "合成新型研发机构",
        en: "Synthetic New R&D Institution ",
        external: 100,
        foreign: 100,
        levels: [0, 500, 500],
        fitness: 4,
        active: 900,
    },
    KindSpec {
        kind: Kind::EnterpriseRdInstitute,
        share: 50,
        standard: Some("<https://schema.org/ResearchOrganization>"),
        prefix: "syn-erd",
        zh: "合成企业研发机构",
        en: "Synthetic Enterprise R&D Institute ",
        external: 0,
        foreign: 0,
        levels: [0, 300, 700],
        fitness: 1,
        active: 500,
    },
    KindSpec {
        kind: Kind::Platform,
        share: 30,
        standard: None,
        prefix: "syn-pf",
        zh: "合成创新平台",
        en: "Synthetic Platform ",
        external: 40,
        foreign: 0,
        levels: [100, 400, 500],
        fitness: 4,
        active: 900,
    },
    KindSpec {
        kind: Kind::PilotBase,
        share: 20,
        standard: None,
        prefix: "syn-pb",
        zh: "合成中试基地",
        en: "Synthetic Pilot Base ",
        external: 30,
        foreign: 0,
        levels: [0, 400, 600],
        fitness: 3,
        active: 850,
    },
    KindSpec {
        kind: Kind::Fund,
        share: 20,
        standard: Some("<https://schema.org/FundingAgency>"),
        prefix: "syn-fd",
        zh: "合成基金",
        en: "Synthetic Fund ",
        external: 0,
        foreign: 0,
        levels: [0, 300, 700],
        fitness: 0,
        active: 0,
    },
];

const LEVELS: [&str; 3] = [im!("National"), im!("Provincial"), im!("Municipal")];
const TIERS: [&str; 5] = [
    "",
    im!("TechSME"),
    im!("HighTechEnterprise"),
    im!("Gazelle"),
    im!("Unicorn"),
];
const TIER_NONE: u8 = 0;
const TIER_TECH_SME: u8 = 1;
const TIER_HIGH_TECH: u8 = 2;

const FLAG_LEADING: u8 = 1;
const FLAG_ON_LIST: u8 = 2;
const FLAG_ACTIVE: u8 = 4;
const NO_HOST: u32 = u32::MAX;

/// Figures are written for these years; the newest is the default `--as-of`.
const FIGURE_YEARS: [u64; 3] = [2023, 2024, 2025];
/// Collaboration years 2015–2025, skewed towards recent years.
const YEAR_WEIGHTS: [u32; 11] = [2, 3, 4, 5, 6, 7, 8, 10, 12, 14, 15];

/// The position of an organisation kind in [`KIND_SPECS`].
fn kind_index(kind: Kind) -> usize {
    match kind {
        Kind::Firm => 0,
        Kind::University => 1,
        Kind::NationalKeyLab => 2,
        Kind::ProvincialKeyLab => 3,
        Kind::ResearchInstitute => 4,
        Kind::NewRdInstitution => 5,
        Kind::EnterpriseRdInstitute => 6,
        Kind::Platform => 7,
        Kind::PilotBase => 8,
        _ => 9,
    }
}

fn spec(kind: Kind) -> &'static KindSpec {
    &KIND_SPECS[kind_index(kind)]
}

/// Everything kept per organisation between the passes: a few bytes each.
struct Organisations {
    kind: Vec<Kind>,
    chain: Vec<u8>,
    place: Vec<u16>,
    host: Vec<u32>,
    caps: Vec<[u8; MAX_CAPS]>,
    cap_count: Vec<u8>,
    tier: Vec<u8>,
    flags: Vec<u8>,
    /// Collaborations taken part in.
    degree: Vec<u32>,
}

impl Organisations {
    fn capabilities(&self, i: usize) -> &[u8] {
        &self.caps[i][..self.cap_count[i] as usize]
    }

    fn holds(&self, i: usize, cap: u8) -> bool {
        self.capabilities(i).contains(&cap)
    }

    /// How many of `candidate`'s capabilities `initiator` lacks.
    fn complement(&self, initiator: usize, candidate: usize) -> usize {
        self.capabilities(candidate)
            .iter()
            .filter(|&&c| !self.holds(initiator, c))
            .count()
    }
}

// ---------------------------------------------------------------------------------------------------
// The generator
// ---------------------------------------------------------------------------------------------------

struct Generator<'w> {
    w: Emitter<'w>,
    n: usize,
    width: usize,
    seed: u64,
    places: Places,
    orgs: Organisations,
    chain_iris: Vec<Vec<u8>>,
    cap_iris: Vec<Vec<u8>>,
    kind_classes: Vec<String>,
    /// Required capabilities of each direction.
    requirements: Vec<Vec<u8>>,
    /// Chain of each direction.
    direction_chain: Vec<usize>,
    /// Scratch IRIs.
    s: Vec<u8>,
    o: Vec<u8>,
    report: GenerateReport,
}

fn run(options: &GenerateOptions, out: &mut dyn Write) -> io::Result<GenerateReport> {
    let n = options.scale.organisations();
    let width = digit_count(n.saturating_sub(1) as u64).max(6);
    let places = Places::new(n);
    let chain_iris = CHAIN_SPECS
        .iter()
        .map(|c| syn_iri("chain", c.slug))
        .collect();
    let mut cap_iris = vec![Vec::new(); CAPABILITIES];
    for (c, chain) in CHAIN_SPECS.iter().enumerate() {
        cap_iris[c * (FIELD_SIZE + 1)] = syn_iri("capability", chain.top.slug);
        for (r, cap) in chain.capabilities.iter().enumerate() {
            cap_iris[field_capability(c, r) as usize] = syn_iri("capability", cap.slug);
        }
    }
    cap_iris[CROSS_TOP] = syn_iri("capability", CROSS_TOP_CONCEPT.slug);
    for (k, cap) in CROSS_CAPABILITIES.iter().enumerate() {
        cap_iris[CROSS_TOP + 1 + k] = syn_iri("capability", cap.slug);
    }
    let kind_classes = KIND_SPECS
        .iter()
        .map(|s| format!("<{}>", s.kind.class_iri()))
        .collect();
    let mut generator = Generator {
        w: Emitter::new(out),
        n,
        width,
        seed: options.seed,
        places,
        orgs: Organisations {
            kind: Vec::new(),
            chain: Vec::new(),
            place: Vec::new(),
            host: Vec::new(),
            caps: Vec::new(),
            cap_count: Vec::new(),
            tier: Vec::new(),
            flags: Vec::new(),
            degree: Vec::new(),
        },
        chain_iris,
        cap_iris,
        kind_classes,
        requirements: Vec::new(),
        direction_chain: Vec::new(),
        s: Vec::with_capacity(128),
        o: Vec::with_capacity(128),
        report: GenerateReport {
            organisations: n,
            ..GenerateReport::default()
        },
    };
    generator.write_places()?;
    generator.write_chains()?;
    generator.write_capabilities()?;
    generator.write_directions()?;
    generator.lay_out();
    generator.write_organisations()?;
    generator.write_people()?;
    generator.write_consortia()?;
    generator.write_collaborations()?;
    let mut report = std::mem::take(&mut generator.report);
    report.triples = generator.w.finish()?;
    Ok(report)
}

/// The streams of random numbers, one per part.
mod stream {
    pub const DIRECTIONS: u64 = 1;
    pub const LAYOUT: u64 = 2;
    pub const ORGANISATIONS: u64 = 3;
    pub const PEOPLE: u64 = 4;
    pub const CONSORTIA: u64 = 5;
    pub const COLLABORATIONS: u64 = 6;
}

impl Generator<'_> {
    fn rng(&self, stream: u64) -> Rng {
        Rng::new(self.seed, stream)
    }

    fn org_iri(&self, i: usize, buf: &mut Vec<u8>) {
        let spec = spec(self.orgs.kind[i]);
        node(buf, spec.kind.as_str(), spec.prefix, i as u64, self.width);
    }

    // --- Places ---------------------------------------------------------------------------------

    fn write_place(
        &mut self,
        iri: &[u8],
        zh: &str,
        en: &str,
        place_type: &str,
        parent: &str,
    ) -> io::Result<()> {
        self.w.iri(iri, RDF_TYPE, im!("Place"))?;
        self.w.iri(iri, RDF_TYPE, SCHEMA_PLACE)?;
        self.w.labels(iri, zh, en)?;
        self.w.iri(iri, im!("placeType"), place_type)?;
        self.w.iri(iri, SCHEMA_CONTAINED, parent)?;
        self.w.illustrative(iri)
    }

    fn write_places(&mut self) -> io::Result<()> {
        // The countries, exactly as the bundled data states them.
        for (code, zh, en) in std::iter::once(CHINA).chain(FOREIGN) {
            let iri = format!("<{INTL_PLACE}{code}>").into_bytes();
            self.w.iri(&iri, RDF_TYPE, im!("Place"))?;
            self.w.iri(&iri, RDF_TYPE, SCHEMA_PLACE)?;
            self.w.labels(&iri, zh, en)?;
            self.w.iri(&iri, im!("placeType"), im!("Country"))?;
            self.w.string(&iri, im!("countryCode"), code)?;
            self.w.iri(&iri, PROVENANCE, im!("Verified"))?;
            self.w.string(&iri, DCT_SOURCE, "ISO 3166-1")?;
        }
        let china = format!("<{INTL_PLACE}CN>");
        self.write_place(
            PROVINCE.as_bytes(),
            "合成省",
            "Synthetic Province",
            im!("Province"),
            &china,
        )?;
        self.write_place(
            CITY.as_bytes(),
            "合成市",
            "Synthetic City",
            im!("City"),
            PROVINCE,
        )?;
        let towns = self.places.towns;
        for t in 0..towns {
            let number = padded(t as u64 + 1, 3);
            let iri = self.places.iris[t].clone();
            self.write_place(
                &iri,
                &format!("合成镇{number}"),
                &format!("Synthetic Town {number}"),
                im!("Town"),
                CITY,
            )?;
        }
        for z in 0..self.places.zones {
            let number = padded(z as u64 + 1, 2);
            let iri = self.places.iris[towns + z].clone();
            let town = String::from_utf8_lossy(&self.places.iris[(z * 3) % towns]).into_owned();
            self.write_place(
                &iri,
                &format!("合成园区{number}"),
                &format!("Synthetic Zone {number}"),
                im!("Zone"),
                &town,
            )?;
        }
        for c in 0..EXTERNAL_CITIES {
            let number = padded(c as u64 + 1, 2);
            let iri = self.places.iris[self.places.local() + c].clone();
            let parent = if c < EXTERNAL_CITIES_IN_PROVINCE {
                PROVINCE
            } else {
                china.as_str()
            };
            self.write_place(
                &iri,
                &format!("合成外市{number}"),
                &format!("Synthetic External City {number}"),
                im!("City"),
                parent,
            )?;
        }
        Ok(())
    }

    // --- Chains, capabilities, directions -------------------------------------------------------

    fn write_chains(&mut self) -> io::Result<()> {
        let scheme = CHAIN_SCHEME.as_bytes();
        self.w.iri(scheme, RDF_TYPE, SKOS_SCHEME)?;
        self.w
            .labels(scheme, "合成市产业链", "Synthetic City industry chains")?;
        self.w.illustrative(scheme)?;
        for (c, chain) in CHAIN_SPECS.iter().enumerate() {
            let iri = &self.chain_iris[c];
            self.w.iri(iri, RDF_TYPE, im!("Chain"))?;
            self.w.iri(iri, RDF_TYPE, SKOS_CONCEPT)?;
            self.w.iri(iri, SKOS_IN_SCHEME, CHAIN_SCHEME)?;
            self.w.concept_labels(iri, chain.zh, chain.en)?;
            self.w.string(iri, SKOS_NOTATION, chain.notation)?;
            self.w.iri(iri, im!("chainGroup"), chain.group)?;
            self.w.iri(iri, im!("city"), CITY)?;
            self.w.illustrative(iri)?;
        }
        Ok(())
    }

    fn write_capability(
        &mut self,
        index: usize,
        c: &Concept,
        broader: Option<usize>,
    ) -> io::Result<()> {
        let iri = &self.cap_iris[index];
        self.w.iri(iri, RDF_TYPE, im!("Capability"))?;
        self.w.iri(iri, RDF_TYPE, SKOS_CONCEPT)?;
        self.w.iri(iri, SKOS_IN_SCHEME, CAPABILITY_SCHEME)?;
        self.w.concept_labels(iri, c.zh, c.en)?;
        if let Some(b) = broader {
            self.w.iri(iri, SKOS_BROADER, &self.cap_iris[b])?;
        }
        self.w.illustrative(iri)
    }

    fn write_capabilities(&mut self) -> io::Result<()> {
        // The scheme itself belongs to the bundled data; only its type is restated.
        self.w
            .iri(CAPABILITY_SCHEME.as_bytes(), RDF_TYPE, SKOS_SCHEME)?;
        for (c, chain) in CHAIN_SPECS.iter().enumerate() {
            let top = c * (FIELD_SIZE + 1);
            self.write_capability(top, &chain.top, None)?;
            for (r, cap) in chain.capabilities.iter().enumerate() {
                self.write_capability(field_capability(c, r) as usize, cap, Some(top))?;
            }
        }
        self.write_capability(CROSS_TOP, &CROSS_TOP_CONCEPT, None)?;
        for (k, cap) in CROSS_CAPABILITIES.iter().enumerate() {
            self.write_capability(CROSS_TOP + 1 + k, cap, Some(CROSS_TOP))?;
        }
        Ok(())
    }

    fn write_directions(&mut self) -> io::Result<()> {
        let mut rng = self.rng(stream::DIRECTIONS);
        let scheme = DIRECTION_SCHEME.as_bytes();
        self.w.iri(scheme, RDF_TYPE, SKOS_SCHEME)?;
        self.w.labels(
            scheme,
            "合成市关键技术攻关方向",
            "Synthetic City key-technology directions",
        )?;
        self.w.illustrative(scheme)?;
        let local_ranks = FIELD_SIZE - EXTERNAL_ONLY;
        let mut d = 0;
        for (c, chain) in CHAIN_SPECS.iter().enumerate() {
            for _ in 0..chain.directions {
                // Gaps: about a third of the directions need one capability that only external
                // organisations hold, one in ten needs two.
                let gaps = match d % 10 {
                    4 => 2,
                    1 | 7 => 1,
                    _ => usize::from(d % 3 == 2),
                };
                let cross = usize::from(d % 4 == 2);
                let local = (3 + rng.below(3)).min(6 - gaps - cross);
                let mut required: Vec<u8> = Vec::new();
                while required.len() < local {
                    let cap = field_capability(c, rng.below(local_ranks));
                    if !required.contains(&cap) {
                        required.push(cap);
                    }
                }
                for g in 0..gaps {
                    let rank = if gaps == 2 {
                        local_ranks + g
                    } else {
                        local_ranks + rng.below(EXTERNAL_ONLY)
                    };
                    required.push(field_capability(c, rank));
                }
                if cross == 1 {
                    required.push((CROSS_TOP + 1 + rng.below(CROSS_SIZE)) as u8);
                }
                required.sort_unstable();
                let notation = format!("T{}", FIRST_DIRECTION + d);
                let iri = syn_iri("direction", &notation);
                let (first, second) = (
                    concept_of(required[0] as usize),
                    concept_of(required[1] as usize),
                );
                let zh = format!("合成{notation}：{}与{}攻关", first.zh, second.zh);
                let en = format!("Synthetic {notation}: {} and {}", first.en, second.en);
                self.w.iri(&iri, RDF_TYPE, im!("Direction"))?;
                self.w.iri(&iri, RDF_TYPE, SKOS_CONCEPT)?;
                self.w.iri(&iri, SKOS_IN_SCHEME, DIRECTION_SCHEME)?;
                self.w.concept_labels(&iri, &zh, &en)?;
                self.w.string(&iri, SKOS_NOTATION, &notation)?;
                self.w.iri(&iri, im!("inChain"), &self.chain_iris[c])?;
                for &cap in &required {
                    self.w.iri(
                        &iri,
                        im!("requiresCapability"),
                        &self.cap_iris[cap as usize],
                    )?;
                }
                self.w.illustrative(&iri)?;
                self.requirements.push(required);
                self.direction_chain.push(c);
                d += 1;
            }
        }
        debug_assert_eq!(d, DIRECTIONS);
        Ok(())
    }

    // --- Pass 1: organisations ------------------------------------------------------------------

    /// Decides kind, chain, place and host of every organisation (no output).
    fn lay_out(&mut self) {
        let n = self.n;
        let mut rng = self.rng(stream::LAYOUT);
        let shares: Vec<u32> = KIND_SPECS.iter().map(|s| s.share).collect();
        let chain_weights: Vec<u32> = CHAIN_SPECS.iter().map(|c| c.weight).collect();
        let orgs = &mut self.orgs;
        orgs.kind.reserve_exact(n);
        orgs.chain.reserve_exact(n);
        for i in 0..n {
            // The first organisations seed every chain with a firm in the city and the map with a
            // university, whatever the draws.
            let (kind, chain) = if i < CHAINS {
                (Kind::Firm, i)
            } else if i == CHAINS {
                (Kind::University, 0)
            } else {
                (
                    KIND_SPECS[rng.weighted(&shares)].kind,
                    rng.weighted(&chain_weights),
                )
            };
            orgs.kind.push(kind);
            orgs.chain.push(chain as u8);
        }
        let local = self.places.local();
        orgs.place = (0..n)
            .map(|i| {
                let spec = spec(orgs.kind[i]);
                if i >= CHAINS && rng.chance(spec.external) {
                    if rng.chance(spec.foreign) {
                        (local + EXTERNAL_CITIES + rng.below(FOREIGN.len())) as u16
                    } else {
                        (local + rng.below(EXTERNAL_CITIES)) as u16
                    }
                } else {
                    rng.weighted(&self.places.local_weights) as u16
                }
            })
            .collect();
        let mut universities: Vec<Vec<u32>> = vec![Vec::new(); CHAINS];
        let mut all_universities = Vec::new();
        let mut city_firms: Vec<Vec<u32>> = vec![Vec::new(); CHAINS];
        for i in 0..n {
            let c = orgs.chain[i] as usize;
            match orgs.kind[i] {
                Kind::University => {
                    universities[c].push(i as u32);
                    all_universities.push(i as u32);
                }
                Kind::Firm if self.places.is_local(orgs.place[i]) => city_firms[c].push(i as u32),
                _ => {}
            }
        }
        orgs.host = vec![NO_HOST; n];
        for i in 0..n {
            let c = orgs.chain[i] as usize;
            let university = |rng: &mut Rng| {
                let pool = if universities[c].is_empty() {
                    &all_universities
                } else {
                    &universities[c]
                };
                pool[rng.below(pool.len())]
            };
            let host = match orgs.kind[i] {
                Kind::NationalKeyLab | Kind::ProvincialKeyLab => university(&mut rng),
                Kind::EnterpriseRdInstitute => city_firms[c][rng.below(city_firms[c].len())],
                Kind::Platform if rng.chance(300) => university(&mut rng),
                Kind::NewRdInstitution if rng.chance(400) => university(&mut rng),
                _ => NO_HOST,
            };
            orgs.host[i] = host;
            if matches!(
                orgs.kind[i],
                Kind::NationalKeyLab | Kind::ProvincialKeyLab | Kind::EnterpriseRdInstitute
            ) {
                orgs.place[i] = orgs.place[host as usize];
            }
        }
    }

    /// Draws the capabilities of organisation `i`.
    fn draw_capabilities(&mut self, rng: &mut Rng, i: usize, count: usize, local_actor: bool) {
        let c = self.orgs.chain[i] as usize;
        let mut weights = POPULARITY;
        for weight in weights.iter_mut().skip(FIELD_SIZE - EXTERNAL_ONLY) {
            *weight = if local_actor {
                0
            } else {
                EXTERNAL_POPULARITY.max(*weight)
            };
        }
        let mut caps = [0u8; MAX_CAPS];
        let mut held = 0;
        let cross = rng.chance(150);
        let field_count = if cross { count - 1 } else { count }.max(1);
        // Universities are broad: one capability may come from a second field.
        let second_field =
            (self.orgs.kind[i] == Kind::University && rng.chance(500)).then(|| rng.below(CHAINS));
        let mut tries = 0;
        while held < field_count && tries < 40 {
            tries += 1;
            let field = match second_field {
                Some(other) if held == field_count - 1 && field_count > 1 => other,
                _ => c,
            };
            let cap = field_capability(field, rng.weighted(&weights));
            if !caps[..held].contains(&cap) {
                caps[held] = cap;
                held += 1;
            }
        }
        if cross && held < MAX_CAPS {
            caps[held] = (CROSS_TOP + 1 + rng.below(CROSS_SIZE)) as u8;
            held += 1;
        }
        caps[..held].sort_unstable();
        self.orgs.caps[i] = caps;
        self.orgs.cap_count[i] = held as u8;
    }

    fn write_organisations(&mut self) -> io::Result<()> {
        let n = self.n;
        let mut rng = self.rng(stream::ORGANISATIONS);
        self.orgs.caps = vec![[0; MAX_CAPS]; n];
        self.orgs.cap_count = vec![0; n];
        self.orgs.tier = vec![TIER_NONE; n];
        self.orgs.flags = vec![0; n];
        self.orgs.degree = vec![0; n];

        // The 8×10 list: about `rows` resources per chain, drawn evenly over the eligible ones.
        let rows = (8 + n.isqrt() / 20).clamp(10, 30);
        let mut eligible = [0usize; CHAINS];
        for i in 0..n {
            if self.on_list_eligible(i) {
                eligible[self.orgs.chain[i] as usize] += 1;
            }
        }
        let mut listed = [0usize; CHAINS];
        let mut has_leader = [false; CHAINS];
        let mut city_firms: Vec<Vec<u32>> = vec![Vec::new(); CHAINS];
        for i in 0..n {
            if self.orgs.kind[i] == Kind::Firm && self.places.is_local(self.orgs.place[i]) {
                city_firms[self.orgs.chain[i] as usize].push(i as u32);
            }
        }
        let mut patent_number = 0u64;
        let mut investment_number = 0u64;
        let mut support_number = 0u64;
        for i in 0..n {
            let kind = self.orgs.kind[i];
            let c = self.orgs.chain[i] as usize;
            let place = self.orgs.place[i];
            let in_city = self.places.is_local(place);
            let spec = spec(kind);
            let mut flags = 0u8;
            if self.on_list_eligible(i)
                && listed[c] < rows
                && rng.below(2 * eligible[c].max(1)) < 3 * rows
            {
                flags |= FLAG_ON_LIST;
                listed[c] += 1;
            }
            // Firms: tier and the leading flag.
            let mut tier = TIER_NONE;
            if kind == Kind::Firm {
                if in_city {
                    if !has_leader[c] || rng.chance(20) {
                        flags |= FLAG_LEADING;
                        has_leader[c] = true;
                        tier = 2 + rng.weighted(&[500, 350, 150]) as u8;
                    } else {
                        tier = rng.weighted(&[300, 450, 200, 45, 5]) as u8;
                    }
                } else if rng.chance(300) {
                    tier = TIER_HIGH_TECH;
                }
            }
            self.orgs.tier[i] = tier;
            let leading = flags & FLAG_LEADING != 0;
            let active_rate = if kind == Kind::Firm && !in_city {
                500
            } else if leading {
                1000
            } else {
                spec.active
            };
            if rng.chance(active_rate) {
                flags |= FLAG_ACTIVE;
            }
            self.orgs.flags[i] = flags;
            let local_actor = in_city || flags & FLAG_ON_LIST != 0;
            let count = match kind {
                Kind::Firm if leading => 3 + rng.below(3),
                Kind::Firm => 1 + rng.weighted(&[300, 300, 220, 120, 60]),
                Kind::University => 3 + rng.below(3),
                Kind::NationalKeyLab | Kind::ProvincialKeyLab => 2 + rng.below(3),
                Kind::ResearchInstitute | Kind::NewRdInstitution => 2 + rng.below(3),
                Kind::Fund => 0,
                _ => 1 + rng.below(3),
            };
            if count > 0 {
                self.draw_capabilities(&mut rng, i, count, local_actor);
            }

            // The organisation itself.
            let mut s = std::mem::take(&mut self.s);
            let mut o = std::mem::take(&mut self.o);
            self.org_iri(i, &mut s);
            let class = &self.kind_classes[kind_index(kind)];
            self.w.iri(&s, RDF_TYPE, class)?;
            if let Some(standard) = spec.standard {
                self.w.iri(&s, RDF_TYPE, standard)?;
            }
            let number = padded(i as u64, self.width);
            self.w.labels(
                &s,
                &format!("{}{number}", spec.zh),
                &format!("{}{number}", spec.en),
            )?;
            self.w
                .iri(&s, im!("locatedIn"), &self.places.iris[place as usize])?;
            if kind == Kind::Firm {
                self.w.iri(&s, im!("inChain"), &self.chain_iris[c])?;
                if tier != TIER_NONE {
                    self.w.iri(&s, im!("tier"), TIERS[tier as usize])?;
                }
                if leading {
                    self.w.boolean_true(&s, im!("leadingFirm"))?;
                    if rng.chance(500) {
                        self.w.boolean_true(&s, im!("listed"))?;
                    }
                }
                let founded = 2024 - rng.below(40).min(rng.below(40)) as u64;
                self.w.integer(&s, im!("foundedYear"), founded)?;
                self.w
                    .string(&s, im!("creditCode"), &credit_code(i as u64))?;
            } else {
                if spec.levels.iter().any(|&l| l > 0) {
                    self.w
                        .iri(&s, im!("level"), LEVELS[rng.weighted(&spec.levels)])?;
                }
                let host = self.orgs.host[i];
                if host != NO_HOST {
                    self.org_iri(host as usize, &mut o);
                    self.w.iri(&s, ORG_SUB, &o)?;
                    if kind == Kind::EnterpriseRdInstitute {
                        self.w.iri(&o, im!("hasRDInstitution"), &s)?;
                    }
                }
            }
            for k in 0..self.orgs.cap_count[i] as usize {
                let cap = self.orgs.caps[i][k] as usize;
                self.w.iri(&s, SCHEMA_KNOWS, &self.cap_iris[cap])?;
            }
            self.w.illustrative(&s)?;

            // Its row on the 8×10 list.
            if flags & FLAG_ON_LIST != 0 {
                support_number += 1;
                node(&mut o, "support", "syn-s", support_number, 5);
                self.w.iri(&o, RDF_TYPE, im!("ChainSupport"))?;
                self.w.iri(&o, im!("chain"), &self.chain_iris[c])?;
                self.w.iri(&o, im!("resource"), &s)?;
                self.w
                    .lang(&o, im!("supportRole"), "技术支撑（示意）", "zh")?;
                self.w.lang(
                    &o,
                    im!("supportRole"),
                    "technology support (illustrative)",
                    "en",
                )?;
                self.w.illustrative(&o)?;
            }

            if kind == Kind::Firm && in_city {
                self.write_figures(&mut rng, i, &s, tier, leading)?;
                patent_number =
                    self.write_patents(&mut rng, i, &s, tier, leading, patent_number)?;
            }
            if kind == Kind::Fund && !city_firms[c].is_empty() {
                for _ in 0..1 + rng.below(6) {
                    investment_number += 1;
                    let firm = city_firms[c][rng.below(city_firms[c].len())] as usize;
                    node(&mut o, "investment", "syn-iv", investment_number, 6);
                    let mut investee = Vec::new();
                    self.org_iri(firm, &mut investee);
                    self.w.iri(&o, RDF_TYPE, im!("Investment"))?;
                    self.w.iri(&o, im!("investor"), &s)?;
                    self.w.iri(&o, im!("investee"), &investee)?;
                    self.w
                        .integer(&o, im!("year"), 2018 + rng.below(8) as u64)?;
                    self.w
                        .decimal_tenths(&o, im!("amount"), (50 + rng.below(5000) as u64) * 10)?;
                    self.w.iri(&o, im!("monetaryUnit"), im!("WanYuan"))?;
                    self.w.illustrative(&o)?;
                }
            }
            self.s = s;
            self.o = o;
            if kind == Kind::Firm {
                self.report.firms += 1;
            }
        }
        self.report.chain_supports = support_number as usize;
        self.report.patents = patent_number as usize;
        Ok(())
    }

    fn on_list_eligible(&self, i: usize) -> bool {
        matches!(
            self.orgs.kind[i],
            Kind::University
                | Kind::NationalKeyLab
                | Kind::ProvincialKeyLab
                | Kind::ResearchInstitute
                | Kind::NewRdInstitution
                | Kind::Platform
                | Kind::PilotBase
        ) && !self.places.is_foreign(self.orgs.place[i])
    }

    /// Annual figures 2023–2025 for a sample of the city's firms, in 万元 (tenths), integer only.
    fn write_figures(
        &mut self,
        rng: &mut Rng,
        i: usize,
        firm: &[u8],
        tier: u8,
        leading: bool,
    ) -> io::Result<()> {
        let rate = match tier {
            _ if leading => 1000,
            TIER_NONE => 100,
            TIER_TECH_SME => 450,
            _ => 700,
        };
        if !rng.chance(rate) {
            return Ok(());
        }
        // Revenue of the newest year, 300–600 万元 × 2^exponent, in tenths of 万元.
        let exponent = rng.below(9) + if leading { 4 } else { 0 };
        let mut revenue = (3 * (1000 + rng.below(1000) as u64)) << exponent;
        let rd_per_mille = match tier {
            TIER_NONE => rng.below(40),
            TIER_TECH_SME => 15 + rng.below(60),
            _ => 30 + rng.below(60),
        } as u64;
        let people_per_wan = 50 + rng.below(100) as u64;
        let st_per_mille = 40 + rng.below(200) as u64;
        let mut by_year = [0u64; 3];
        for k in (0..FIGURE_YEARS.len()).rev() {
            by_year[k] = revenue;
            revenue = revenue * 100 / (95 + rng.below(30) as u64);
        }
        let mut f = Vec::with_capacity(96);
        for (k, &year) in FIGURE_YEARS.iter().enumerate() {
            let revenue = by_year[k];
            f.clear();
            f.push(b'<');
            f.extend_from_slice(SYN.as_bytes());
            f.extend_from_slice(b"figures/");
            f.extend_from_slice(b"syn-f");
            push_padded(&mut f, i as u64, self.width);
            f.push(b'-');
            push_u64(&mut f, year);
            f.push(b'>');
            self.w.iri(firm, im!("annualFigures"), &f)?;
            self.w.iri(&f, RDF_TYPE, im!("AnnualFigures"))?;
            self.w.integer(&f, im!("year"), year)?;
            self.w.iri(&f, im!("monetaryUnit"), im!("WanYuan"))?;
            self.w.decimal_tenths(&f, im!("revenue"), revenue)?;
            let jitter = rng.below(11) as u64;
            self.w.decimal_tenths(
                &f,
                im!("rdSpend"),
                revenue * (rd_per_mille * 10 + jitter) / 10_000,
            )?;
            self.w.decimal_tenths(
                &f,
                im!("highTechRevenue"),
                revenue * (300 + rng.below(600) as u64) / 1000,
            )?;
            let employees = (revenue / 10 / people_per_wan).max(5);
            self.w.integer(&f, im!("employees"), employees)?;
            self.w
                .integer(&f, im!("stStaff"), employees * st_per_mille / 1000)?;
            self.w.illustrative(&f)?;
        }
        Ok(())
    }

    fn write_patents(
        &mut self,
        rng: &mut Rng,
        i: usize,
        firm: &[u8],
        tier: u8,
        leading: bool,
        mut number: u64,
    ) -> io::Result<u64> {
        let rate = match tier {
            _ if leading => 1000,
            TIER_NONE => 150,
            TIER_TECH_SME => 450,
            _ => 850,
        };
        if !rng.chance(rate) {
            return Ok(number);
        }
        let count = if leading {
            3 + rng.below(6)
        } else {
            1 + rng.below(3)
        };
        let mut p = Vec::with_capacity(96);
        for _ in 0..count {
            number += 1;
            let year = 2016 + rng.below(10) as u64;
            node(&mut p, "patent", "syn-pt", number, 7);
            self.w.iri(&p, RDF_TYPE, im!("Patent"))?;
            self.w.iri(&p, RDF_TYPE, BIBO_PATENT)?;
            let mut identifier = format!("CN{year}SYN");
            identifier.push_str(&padded(number, 7));
            self.w.string(&p, DCT_IDENTIFIER, &identifier)?;
            self.w.iri(&p, DCT_RIGHTS_HOLDER, firm)?;
            self.w.integer(&p, im!("year"), year)?;
            let caps = self.orgs.capabilities(i);
            if !caps.is_empty() {
                let cap = caps[rng.below(caps.len())] as usize;
                self.w.iri(&p, im!("capability"), &self.cap_iris[cap])?;
            }
            self.w.illustrative(&p)?;
        }
        Ok(number)
    }

    // --- People and consortia -------------------------------------------------------------------

    fn write_people(&mut self) -> io::Result<()> {
        let mut rng = self.rng(stream::PEOPLE);
        let count = (self.n / 200).max(8);
        let categories = [
            im!("StrategicScientist"),
            im!("InnovationLeader"),
            im!("EntrepreneurshipLeader"),
            im!("YoungTalent"),
            im!("OutstandingEngineer"),
        ];
        let mut s = Vec::with_capacity(96);
        let mut o = Vec::with_capacity(96);
        for p in 0..count {
            // An organisation with capabilities (not a fund).
            let mut org = rng.below(self.n);
            for _ in 0..10 {
                if self.orgs.cap_count[org] > 0 {
                    break;
                }
                org = rng.below(self.n);
            }
            node(&mut s, "person", "syn-h", p as u64 + 1, 6);
            let number = padded(p as u64 + 1, 6);
            self.w.iri(&s, RDF_TYPE, im!("Person"))?;
            self.w.iri(&s, RDF_TYPE, SCHEMA_PERSON)?;
            self.w.labels(
                &s,
                &format!("合成人才{number}"),
                &format!("Synthetic Talent {number}"),
            )?;
            let category = categories[rng.weighted(&[20, 120, 150, 450, 260])];
            self.w.iri(&s, im!("talentCategory"), category)?;
            self.org_iri(org, &mut o);
            self.w.iri(&s, SCHEMA_AFFILIATION, &o)?;
            self.w.iri(
                &s,
                im!("inChain"),
                &self.chain_iris[self.orgs.chain[org] as usize],
            )?;
            let caps = self.orgs.capabilities(org);
            if !caps.is_empty() {
                let cap = caps[rng.below(caps.len())] as usize;
                self.w.iri(&s, SCHEMA_KNOWS, &self.cap_iris[cap])?;
            }
            self.w.illustrative(&s)?;
        }
        self.report.people = count;
        Ok(())
    }

    /// A consortium for about half of the directions: a leading firm of the chain and local actors
    /// that hold required capabilities.
    fn write_consortia(&mut self) -> io::Result<()> {
        let mut rng = self.rng(stream::CONSORTIA);
        let mut leaders: Vec<Vec<u32>> = vec![Vec::new(); CHAINS];
        let mut members: Vec<Vec<u32>> = vec![Vec::new(); CHAINS];
        for i in 0..self.n {
            let c = self.orgs.chain[i] as usize;
            if self.orgs.flags[i] & FLAG_LEADING != 0 {
                leaders[c].push(i as u32);
            } else if self.places.is_local(self.orgs.place[i])
                || self.orgs.flags[i] & FLAG_ON_LIST != 0
            {
                members[c].push(i as u32);
            }
        }
        let mut s = Vec::with_capacity(96);
        let mut o = Vec::with_capacity(96);
        for d in 0..self.requirements.len() {
            let c = self.direction_chain[d];
            if !rng.chance(550) || leaders[c].is_empty() || members[c].is_empty() {
                continue;
            }
            let leader = leaders[c][rng.below(leaders[c].len())] as usize;
            let wanted = 2 + rng.below(3);
            let mut chosen: Vec<usize> = Vec::new();
            for _ in 0..60 {
                if chosen.len() == wanted {
                    break;
                }
                let m = members[c][rng.below(members[c].len())] as usize;
                let useful = self.requirements[d].iter().any(|&r| self.orgs.holds(m, r));
                if useful && !chosen.contains(&m) {
                    chosen.push(m);
                }
            }
            if chosen.is_empty() {
                continue;
            }
            chosen.sort_unstable();
            let notation = FIRST_DIRECTION + d;
            s.clear();
            s.extend_from_slice(format!("<{SYN}consortium/syn-cs-t{notation}>").as_bytes());
            self.w.iri(&s, RDF_TYPE, im!("Consortium"))?;
            self.w.iri(&s, RDF_TYPE, ORG_COLLABORATION)?;
            self.w.labels(
                &s,
                &format!("合成T{notation}创新联合体"),
                &format!("Synthetic T{notation} innovation consortium"),
            )?;
            self.w.iri(
                &s,
                im!("direction"),
                syn_iri("direction", &format!("T{notation}")),
            )?;
            self.org_iri(leader, &mut o);
            self.w.iri(&s, im!("leader"), &o)?;
            for &m in &chosen {
                self.org_iri(m, &mut o);
                self.w.iri(&s, im!("member"), &o)?;
            }
            self.w
                .integer(&s, im!("year"), 2022 + rng.below(4) as u64)?;
            self.w.illustrative(&s)?;
        }
        Ok(())
    }

    // --- Pass 2: collaborations -----------------------------------------------------------------

    fn write_collaborations(&mut self) -> io::Result<()> {
        let n = self.n;
        let mut rng = self.rng(stream::COLLABORATIONS);
        let place_count = self.places.count();
        // Candidates by chain and place (locality), and one urn per chain (preferential attachment).
        let mut nearby: Vec<Vec<u32>> = vec![Vec::new(); CHAINS * place_count];
        let mut urns: Vec<Vec<u32>> = vec![Vec::new(); CHAINS];
        for i in 0..n {
            if self.orgs.flags[i] & FLAG_ACTIVE == 0 {
                continue;
            }
            let c = self.orgs.chain[i] as usize;
            nearby[c * place_count + self.orgs.place[i] as usize].push(i as u32);
            for _ in 0..self.fitness(i) {
                urns[c].push(i as u32);
            }
        }
        let kinds = [
            im!("JointProject"),
            im!("CoPatent"),
            im!("ContractedRD"),
            im!("SharedPlatform"),
            im!("ConsortiumWork"),
        ];
        let width = digit_count(4 * n as u64).max(7);
        let mut number = 0u64;
        let mut s = Vec::with_capacity(96);
        let mut o = Vec::with_capacity(96);
        let mut participants: Vec<usize> = Vec::with_capacity(4);
        for i in 0..n {
            if self.orgs.flags[i] & FLAG_ACTIVE == 0 {
                continue;
            }
            let c = self.orgs.chain[i] as usize;
            let local_list = c * place_count + self.orgs.place[i] as usize;
            for _ in 0..self.initiations(&mut rng, i) {
                let size = 2 + rng.weighted(&[600, 280, 120]);
                participants.clear();
                participants.push(i);
                while participants.len() < size {
                    let mut partner = None;
                    for _ in 0..8 {
                        let roll = rng.below(100);
                        let candidate = if roll < 30 {
                            let list = &nearby[local_list];
                            list[rng.below(list.len())] as usize
                        } else {
                            let urn = if roll < 88 {
                                &urns[c]
                            } else {
                                &urns[rng.below(CHAINS)]
                            };
                            if urn.is_empty() {
                                continue;
                            }
                            let a = urn[rng.below(urn.len())] as usize;
                            let b = urn[rng.below(urn.len())] as usize;
                            if self.orgs.complement(i, b) > self.orgs.complement(i, a) {
                                b
                            } else {
                                a
                            }
                        };
                        if !participants.contains(&candidate) {
                            partner = Some(candidate);
                            break;
                        }
                    }
                    match partner {
                        Some(p) => participants.push(p),
                        None => break,
                    }
                }
                if participants.len() < 2 {
                    continue;
                }
                number += 1;
                node(&mut s, "collaboration", "syn-c", number, width);
                let label = padded(number, width);
                self.w.iri(&s, RDF_TYPE, im!("Collaboration"))?;
                self.w.iri(&s, RDF_TYPE, SCHEMA_PROJECT)?;
                self.w.labels(
                    &s,
                    &format!("合成合作{label}"),
                    &format!("Synthetic Collaboration {label}"),
                )?;
                let academic = participants.iter().any(|&p| {
                    matches!(
                        self.orgs.kind[p],
                        Kind::University | Kind::NationalKeyLab | Kind::ProvincialKeyLab
                    )
                });
                let platform = participants
                    .iter()
                    .any(|&p| matches!(self.orgs.kind[p], Kind::Platform | Kind::PilotBase));
                let kind_weights = match (academic, platform) {
                    (_, true) => [250, 100, 150, 400, 100],
                    (true, false) => [350, 150, 350, 50, 100],
                    (false, false) => [450, 300, 100, 50, 100],
                };
                self.w.iri(
                    &s,
                    im!("collaborationKind"),
                    kinds[rng.weighted(&kind_weights)],
                )?;
                self.w
                    .integer(&s, im!("year"), 2015 + rng.weighted(&YEAR_WEIGHTS) as u64)?;
                for &p in &participants {
                    self.org_iri(p, &mut o);
                    self.w.iri(&s, im!("participant"), &o)?;
                }
                if rng.chance(600) {
                    self.org_iri(i, &mut o);
                    self.w.iri(&s, im!("lead"), &o)?;
                }
                if let Some(cap) = self.collaboration_capability(&mut rng, &participants) {
                    self.w
                        .iri(&s, im!("capability"), &self.cap_iris[cap as usize])?;
                }
                self.w.iri(&s, im!("inChain"), &self.chain_iris[c])?;
                self.w.illustrative(&s)?;
                for &p in &participants {
                    self.orgs.degree[p] += 1;
                    urns[self.orgs.chain[p] as usize].push(p as u32);
                }
            }
        }
        self.report.collaborations = number as usize;
        self.summarise_degrees();
        Ok(())
    }

    /// Urn entries of organisation `i` before any collaboration.
    fn fitness(&self, i: usize) -> u32 {
        let base = spec(self.orgs.kind[i]).fitness;
        let tier = u32::from(self.orgs.tier[i]);
        let leading = if self.orgs.flags[i] & FLAG_LEADING != 0 {
            8
        } else {
            0
        };
        base + tier.saturating_sub(1) + leading
    }

    /// How many collaborations organisation `i` initiates.
    fn initiations(&self, rng: &mut Rng, i: usize) -> u32 {
        let leading = self.orgs.flags[i] & FLAG_LEADING != 0;
        match self.orgs.kind[i] {
            Kind::Firm if leading => 10 + rng.below(30) as u32,
            Kind::Firm => match self.orgs.tier[i] {
                TIER_NONE | TIER_TECH_SME => {
                    if rng.chance(450) {
                        0
                    } else {
                        1 + rng.geometric(600, 20)
                    }
                }
                _ => 2 + rng.geometric(650, 30),
            },
            Kind::University => 8 + rng.below(24) as u32,
            Kind::NationalKeyLab => 6 + rng.below(20) as u32,
            Kind::ProvincialKeyLab | Kind::ResearchInstitute => 3 + rng.below(12) as u32,
            Kind::NewRdInstitution | Kind::Platform => 2 + rng.below(8) as u32,
            Kind::PilotBase => 1 + rng.below(6) as u32,
            _ => rng.below(3) as u32,
        }
    }

    /// The capability a collaboration concerns: one a partner brings that the initiator lacks when
    /// there is one, else one of the initiator's.
    fn collaboration_capability(&self, rng: &mut Rng, participants: &[usize]) -> Option<u8> {
        let initiator = participants[0];
        let mut brought: Vec<u8> = Vec::with_capacity(8);
        for &p in &participants[1..] {
            for &cap in self.orgs.capabilities(p) {
                if !self.orgs.holds(initiator, cap) && !brought.contains(&cap) {
                    brought.push(cap);
                }
            }
        }
        if !brought.is_empty() {
            return Some(brought[rng.below(brought.len())]);
        }
        let own = self.orgs.capabilities(initiator);
        (!own.is_empty()).then(|| own[rng.below(own.len())])
    }

    fn summarise_degrees(&mut self) {
        let orgs = &self.orgs;
        self.report.firms_without_collaborations = (0..self.n)
            .filter(|&i| orgs.kind[i] == Kind::Firm && orgs.degree[i] == 0)
            .count();
        let mut degrees: Vec<u32> = orgs.degree.iter().copied().filter(|&d| d > 0).collect();
        degrees.sort_unstable();
        self.report.max_collaborations = degrees.last().copied().unwrap_or(0);
        self.report.median_collaborations = degrees.get(degrees.len() / 2).copied().unwrap_or(0);
    }
}

fn concept_of(index: usize) -> &'static Concept {
    if index >= CROSS_TOP {
        return if index == CROSS_TOP {
            &CROSS_TOP_CONCEPT
        } else {
            &CROSS_CAPABILITIES[index - CROSS_TOP - 1]
        };
    }
    let chain = &CHAIN_SPECS[index / (FIELD_SIZE + 1)];
    match index % (FIELD_SIZE + 1) {
        0 => &chain.top,
        r => &chain.capabilities[r - 1],
    }
}

/// An 18-character unified social credit code of the right alphabet, unique per organisation.
fn credit_code(number: u64) -> String {
    const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
    let mut code = String::from("91329999MA");
    let mut digits = [b'0'; 8];
    let mut value = number;
    for slot in digits.iter_mut().rev() {
        *slot = ALPHABET[(value % 31) as usize];
        value /= 31;
    }
    code.push_str(std::str::from_utf8(&digits).unwrap_or("00000000"));
    code
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::bundled;
    use crate::base::queries;
    use crate::base::vocab;
    use crate::features::validate;
    use crate::store::{QueryAnswer, QueryOptions, Store};
    use oxigraph::io::RdfFormat;
    use std::sync::OnceLock;

    const GRAPH: &str = "https://w3id.org/innomap/graph/generated";

    fn generate_bytes(organisations: usize, seed: u64) -> (Vec<u8>, GenerateReport) {
        let mut bytes = Vec::new();
        let options = GenerateOptions {
            scale: Scale::Organisations(organisations),
            seed,
        };
        let report = generate(&options, &mut bytes).expect("generation writes to memory");
        (bytes, report)
    }

    /// 600 organisations, generated once for all tests (small: the canned queries and validation
    /// run on it together with the bundled data).
    fn sample() -> &'static (Vec<u8>, GenerateReport) {
        static SAMPLE: OnceLock<(Vec<u8>, GenerateReport)> = OnceLock::new();
        SAMPLE.get_or_init(|| generate_bytes(600, 7))
    }

    /// The sample loaded together with the ontology, the shapes and the bundled data.
    fn store() -> &'static Store {
        static STORE: OnceLock<Store> = OnceLock::new();
        STORE.get_or_init(|| {
            let store = Store::in_memory().expect("in-memory store");
            store.load_bundled().expect("bundled data loads");
            store
                .load_bytes(&sample().0, RdfFormat::NTriples, GRAPH, "generated")
                .expect("generated data parses");
            store
        })
    }

    fn integers(store: &Store, query: &str) -> Vec<u64> {
        let solutions = store.select(query).expect("query runs");
        solutions
            .rows
            .iter()
            .filter_map(|row| match row.first()? {
                Some(oxigraph::model::Term::Literal(l)) => l.value().parse().ok(),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn the_same_seed_gives_the_same_bytes_and_another_seed_other_bytes() {
        let (a, report_a) = generate_bytes(300, 42);
        let (b, report_b) = generate_bytes(300, 42);
        let (c, _) = generate_bytes(300, 43);
        assert_eq!(a, b);
        assert_eq!(report_a, report_b);
        assert_ne!(a, c);
        assert_eq!(
            report_a.triples,
            a.iter().filter(|&&byte| byte == b'\n').count() as u64
        );
    }

    #[test]
    fn scales_parse_from_names_and_numbers() {
        assert_eq!("county".parse::<Scale>().unwrap(), Scale::County);
        assert_eq!(" Province ".parse::<Scale>().unwrap(), Scale::Province);
        assert_eq!("national".parse::<Scale>().unwrap(), Scale::National);
        assert_eq!(
            "20000".parse::<Scale>().unwrap(),
            Scale::Organisations(20_000)
        );
        assert_eq!(
            "20_000".parse::<Scale>().unwrap(),
            Scale::Organisations(20_000)
        );
        assert_eq!(
            "20k".parse::<Scale>().unwrap(),
            Scale::Organisations(20_000)
        );
        assert_eq!(
            "2M".parse::<Scale>().unwrap(),
            Scale::Organisations(2_000_000)
        );
        for bad in ["", "city", "-5", "12.5", "50", "k", "999999999999"] {
            let error = bad.parse::<Scale>().unwrap_err();
            assert!(matches!(error, Error::Usage(_)), "{bad}");
            assert!(error.to_string().starts_with("invalid scale"), "{error}");
        }
        assert_eq!(Scale::County.organisations(), 5_000);
        assert_eq!(Scale::National.to_string(), "national");
    }

    #[test]
    fn too_few_organisations_is_a_usage_error() {
        let options = GenerateOptions {
            scale: Scale::Organisations(10),
            seed: 1,
        };
        let error = generate(&options, &mut Vec::new()).unwrap_err();
        assert!(matches!(error, Error::Usage(_)), "{error}");
    }

    #[test]
    fn the_counts_follow_the_scale() {
        let report = &sample().1;
        assert_eq!(report.organisations, 600);
        assert!(
            (450..=510).contains(&report.firms),
            "firms: {}",
            report.firms
        );
        assert!(
            (1_200..=2_400).contains(&report.collaborations),
            "collaborations: {}",
            report.collaborations
        );
        assert!(report.chain_supports >= 8 * 8, "{report:?}");
        assert!(report.patents > 0 && report.people >= 5, "{report:?}");
        let per_organisation = report.triples / report.organisations as u64;
        assert!(
            (40..=150).contains(&per_organisation),
            "triples per organisation: {per_organisation}"
        );
    }

    #[test]
    fn the_output_parses_into_the_counts_reported() {
        let store = store();
        let count = |class: &str| {
            integers(
                store,
                &format!(
                    "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ GRAPH <{GRAPH}> {{ ?x a {class} }} }}"
                ),
            )[0] as usize
        };
        let report = &sample().1;
        assert_eq!(count("im:Firm"), report.firms);
        assert_eq!(count("im:Collaboration"), report.collaborations);
        assert_eq!(count("im:Chain"), CHAINS);
        assert_eq!(count("im:Direction"), DIRECTIONS);
        assert!(count("im:Capability") >= 60);
        assert_eq!(count("im:Patent"), report.patents);
    }

    #[test]
    fn every_canned_query_runs_on_generated_data() {
        let store = store();
        for query in queries::LIBRARY {
            let answer = store
                .query(query.text, query.name, &QueryOptions::default())
                .unwrap_or_else(|e| panic!("{}: {e}", query.name));
            if let QueryAnswer::Solutions(solutions) = answer {
                assert!(!solutions.rows.is_empty(), "{} found nothing", query.name);
            }
        }
    }

    #[test]
    fn a_realistic_share_of_firms_never_collaborates() {
        let report = &sample().1;
        let isolated = integers(
            store(),
            &format!(
                "SELECT (COUNT(DISTINCT ?firm) AS ?n) WHERE {{ GRAPH <{GRAPH}> {{ ?firm a im:Firm }}
                   FILTER NOT EXISTS {{ ?c im:participant ?firm }} }}"
            ),
        )[0] as usize;
        assert_eq!(isolated, report.firms_without_collaborations);
        let share = isolated * 100 / report.firms;
        assert!((20..=40).contains(&share), "isolated firms: {share} %");
    }

    #[test]
    fn the_collaboration_network_is_heavy_tailed() {
        // Degree: distinct partners of each organisation that has any.
        let mut degrees = integers(
            store(),
            &format!(
                "SELECT (COUNT(DISTINCT ?partner) AS ?degree) WHERE {{ GRAPH <{GRAPH}> {{
                   ?c a im:Collaboration ; im:participant ?org , ?partner . FILTER(?org != ?partner) }} }}
                 GROUP BY ?org"
            ),
        );
        degrees.sort_unstable();
        let median = degrees[degrees.len() / 2];
        let max = *degrees.last().unwrap();
        // On 600 organisations the tail is shorter than at county scale (max ≈ 20 × median there).
        assert!(max >= 8 * median, "max degree {max}, median {median}");
        let report = &sample().1;
        assert!(report.max_collaborations >= 8 * report.median_collaborations);
    }

    #[test]
    fn some_directions_have_gaps_with_external_holders() {
        let store = store();
        let answer = store
            .query(
                queries::find("direction-gaps").unwrap().text,
                "direction-gaps",
                &QueryOptions::default(),
            )
            .unwrap();
        let QueryAnswer::Solutions(solutions) = answer else {
            panic!("direction-gaps is a SELECT query")
        };
        let notation = solutions.column("notation").unwrap();
        let holders = solutions.column("external_holders").unwrap();
        let synthetic: Vec<_> = solutions
            .rows
            .iter()
            .filter(|row| {
                matches!(&row[notation], Some(oxigraph::model::Term::Literal(l))
                    if l.value().as_bytes()[1] >= b'4')
            })
            .collect();
        assert!(synthetic.len() >= 8, "{} synthetic gaps", synthetic.len());
        assert!(synthetic.iter().any(|row| matches!(&row[holders],
            Some(oxigraph::model::Term::Literal(l)) if l.value() != "0")));
    }

    #[test]
    fn generated_data_conforms_with_the_bundled_data() {
        let report = validate::validate(store()).expect("validation runs");
        assert!(
            report.conforms(),
            "{} violations, e.g. {:?}",
            report.violations.len(),
            report.violations.iter().take(5).collect::<Vec<_>>()
        );
    }

    #[test]
    fn generated_data_conforms_on_its_own() {
        let store = Store::in_memory().unwrap();
        for file in bundled::FILES
            .iter()
            .filter(|f| f.graph == vocab::GRAPH_ONTOLOGY || f.graph == vocab::GRAPH_SHAPES)
        {
            store
                .load_bytes(
                    file.contents.as_bytes(),
                    RdfFormat::Turtle,
                    file.graph,
                    file.path,
                )
                .unwrap();
        }
        let (bytes, _) = generate_bytes(300, 3);
        store
            .load_bytes(&bytes, RdfFormat::NTriples, GRAPH, "generated")
            .unwrap();
        let report = validate::validate(&store).unwrap();
        assert!(
            report.conforms(),
            "{:?}",
            report.violations.iter().take(5).collect::<Vec<_>>()
        );
    }

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

    #[test]
    fn numbers_are_formatted_without_the_standard_library() {
        let mut buf = Vec::new();
        push_padded(&mut buf, 42, 6);
        push_u64(&mut buf, 0);
        assert_eq!(buf, b"0000420");
        assert_eq!(credit_code(0).len(), 18);
        assert_ne!(credit_code(1), credit_code(31));
    }
}
