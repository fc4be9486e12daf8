//! Pass 2: the collaborations, each initiated by an active organisation with partners drawn by
//! locality or by preferential attachment from an urn per chain; and the degree summary.

use super::catalogue::CHAINS;
use super::emit::{RDF_TYPE, SCHEMA_PROJECT, digit_count, im, node, padded};
use super::generator::{FLAG_ACTIVE, FLAG_LEADING, Generator, stream};
use super::kinds::{TIER_NONE, TIER_TECH_SME, spec};
use super::random::Rng;
use crate::base::kind::Kind;
use std::io;

/// Collaboration years 2015–2025, skewed towards recent years.
const YEAR_WEIGHTS: [u32; 11] = [2, 3, 4, 5, 6, 7, 8, 10, 12, 14, 15];

impl Generator<'_> {
    pub(super) fn write_collaborations(&mut self) -> io::Result<()> {
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
