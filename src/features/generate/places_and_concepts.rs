//! Writes the frame of a dataset, before any organisation: the countries, province, city, towns,
//! zones and external cities; the chains; the capability taxonomy; and the 31 directions with the
//! capabilities they require.

use super::catalogue::{
    CHAIN_SPECS, CHINA, CROSS_CAPABILITIES, CROSS_SIZE, CROSS_TOP, CROSS_TOP_CONCEPT, Concept,
    DIRECTIONS, EXTERNAL_CITIES, EXTERNAL_CITIES_IN_PROVINCE, EXTERNAL_ONLY, FIELD_SIZE,
    FIRST_DIRECTION, FOREIGN, concept_of, field_capability,
};
use super::emit::{
    CAPABILITY_SCHEME, CHAIN_SCHEME, CITY, DCT_SOURCE, DIRECTION_SCHEME, INTL_PLACE, PROVENANCE,
    PROVINCE, RDF_TYPE, SCHEMA_CONTAINED, SCHEMA_PLACE, SKOS_BROADER, SKOS_CONCEPT, SKOS_IN_SCHEME,
    SKOS_NOTATION, SKOS_SCHEME, im, padded, syn_iri,
};
use super::generator::{Generator, stream};
use std::io;

impl Generator<'_> {
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

    pub(super) fn write_places(&mut self) -> io::Result<()> {
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

    pub(super) fn write_chains(&mut self) -> io::Result<()> {
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

    pub(super) fn write_capabilities(&mut self) -> io::Result<()> {
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

    pub(super) fn write_directions(&mut self) -> io::Result<()> {
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
}
