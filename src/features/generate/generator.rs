//! The generator's state between passes: the emitter, the places and IRIs, the few bytes kept per
//! organisation, the directions' requirements and the report; and the random stream of each part.

use super::catalogue::{
    CAPABILITIES, CHAIN_SPECS, CROSS_CAPABILITIES, CROSS_TOP, CROSS_TOP_CONCEPT, FIELD_SIZE,
    MAX_CAPS, Places, field_capability,
};
use super::emit::{Emitter, digit_count, node, syn_iri};
use super::kinds::{KIND_SPECS, spec};
use super::options::{GenerateOptions, GenerateReport};
use super::random::Rng;
use crate::base::kind::Kind;
use std::io::Write;

pub(super) const FLAG_LEADING: u8 = 1;
pub(super) const FLAG_ON_LIST: u8 = 2;
pub(super) const FLAG_ACTIVE: u8 = 4;
pub(super) const NO_HOST: u32 = u32::MAX;

/// Everything kept per organisation between the passes: a few bytes each.
pub(super) struct Organisations {
    pub(super) kind: Vec<Kind>,
    pub(super) chain: Vec<u8>,
    pub(super) place: Vec<u16>,
    pub(super) host: Vec<u32>,
    pub(super) caps: Vec<[u8; MAX_CAPS]>,
    pub(super) cap_count: Vec<u8>,
    pub(super) tier: Vec<u8>,
    pub(super) flags: Vec<u8>,
    /// Collaborations taken part in.
    pub(super) degree: Vec<u32>,
}

impl Organisations {
    pub(super) fn capabilities(&self, i: usize) -> &[u8] {
        &self.caps[i][..self.cap_count[i] as usize]
    }

    pub(super) fn holds(&self, i: usize, cap: u8) -> bool {
        self.capabilities(i).contains(&cap)
    }

    /// How many of `candidate`'s capabilities `initiator` lacks.
    pub(super) fn complement(&self, initiator: usize, candidate: usize) -> usize {
        self.capabilities(candidate)
            .iter()
            .filter(|&&c| !self.holds(initiator, c))
            .count()
    }
}

/// One generation in progress; each pass is an `impl` block in its own module.
pub(super) struct Generator<'w> {
    pub(super) w: Emitter<'w>,
    pub(super) n: usize,
    pub(super) width: usize,
    pub(super) seed: u64,
    pub(super) places: Places,
    pub(super) orgs: Organisations,
    pub(super) chain_iris: Vec<Vec<u8>>,
    pub(super) cap_iris: Vec<Vec<u8>>,
    pub(super) kind_classes: Vec<String>,
    /// Required capabilities of each direction.
    pub(super) requirements: Vec<Vec<u8>>,
    /// Chain of each direction.
    pub(super) direction_chain: Vec<usize>,
    /// Scratch IRIs.
    pub(super) s: Vec<u8>,
    pub(super) o: Vec<u8>,
    pub(super) report: GenerateReport,
}

/// The streams of random numbers, one per part.
pub(super) mod stream {
    pub const DIRECTIONS: u64 = 1;
    pub const LAYOUT: u64 = 2;
    pub const ORGANISATIONS: u64 = 3;
    pub const PEOPLE: u64 = 4;
    pub const CONSORTIA: u64 = 5;
    pub const COLLABORATIONS: u64 = 6;
}

impl<'w> Generator<'w> {
    /// The state before any pass: the places and the IRIs of chains, capabilities and kind classes,
    /// with no organisations yet.
    pub(super) fn new(options: &GenerateOptions, out: &'w mut dyn Write) -> Self {
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
        Generator {
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
        }
    }

    pub(super) fn rng(&self, stream: u64) -> Rng {
        Rng::new(self.seed, stream)
    }

    pub(super) fn org_iri(&self, i: usize, buf: &mut Vec<u8>) {
        let spec = spec(self.orgs.kind[i]);
        node(buf, spec.kind.as_str(), spec.prefix, i as u64, self.width);
    }
}
