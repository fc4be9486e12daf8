//! Writes the people (talents affiliated with organisations) and the consortia formed for about
//! half of the directions.

use super::catalogue::{CHAINS, FIRST_DIRECTION};
use super::emit::{
    ORG_COLLABORATION, RDF_TYPE, SCHEMA_AFFILIATION, SCHEMA_KNOWS, SCHEMA_PERSON, SYN, im, node,
    padded, syn_iri,
};
use super::generator::{FLAG_LEADING, FLAG_ON_LIST, Generator, stream};
use std::io;

impl Generator<'_> {
    pub(super) fn write_people(&mut self) -> io::Result<()> {
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
    pub(super) fn write_consortia(&mut self) -> io::Result<()> {
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
}
