//! `analyze fragility`: what hangs on one local actor — required capabilities that exactly one local
//! actor holds (single points of failure), the directions at risk, and the actors whose loss would
//! open the most gaps.
//!
//! A capability's **local holders** are the local actors (in the city or on its 8×10 list) that hold
//! it ([`local_holders`], the test `match consortium` uses for gaps). For every direction d and required
//! capability c with exactly one local holder h, losing h opens the gap (d, c). An actor's
//! **exposure** is the number of such (d, c) pairs it alone holds; directions at risk are those with
//! at least one. Capabilities with two holders are reported as thin (one loss from a single point).
//!
//! Complexity: O(Σ_d |required(d)| · holders) — linear in the capability–holder table.

use crate::base::kind::Kind;
use crate::graph::{CapabilityIndex, DirectionIndex, KnowledgeGraph, Labels, OrgIndex};
use crate::matching::gaps::local_holders;
use crate::matching::report::{DirectionRef, EntityRef};
use serde::Serialize;
use std::collections::BTreeMap;

/// A required capability held by exactly one local actor.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SinglePoint {
    pub capability: EntityRef,
    pub holder: EntityRef,
    pub holder_kind: Kind,
    /// The directions that require it.
    pub directions: Vec<DirectionRef>,
}

/// A direction with at least one capability that hangs on one actor.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DirectionRisk {
    pub direction: DirectionRef,
    pub chain: EntityRef,
    pub required: usize,
    /// Required capabilities no local actor holds (already gaps).
    pub gaps: usize,
    /// Required capabilities with exactly one local holder, with that holder.
    pub single: Vec<(EntityRef, EntityRef)>,
    /// Required capabilities with exactly two local holders.
    pub thin: Vec<EntityRef>,
}

/// A local actor whose loss would open gaps.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActorExposure {
    pub rank: usize,
    pub id: String,
    pub label: Labels,
    pub kind: Kind,
    /// Direction–capability gaps its loss would open.
    pub gaps_opened: usize,
    pub directions: Vec<DirectionRef>,
    pub capabilities: Vec<EntityRef>,
}

/// The answer to `analyze fragility`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FragilityReport {
    pub directions: usize,
    /// Required (direction, capability) pairs in all.
    pub required_pairs: usize,
    /// Pairs with no local holder (gaps today).
    pub gap_pairs: usize,
    /// Pairs with exactly one local holder.
    pub single_pairs: usize,
    pub single_points: Vec<SinglePoint>,
    pub directions_at_risk: Vec<DirectionRisk>,
    pub actors: Vec<ActorExposure>,
}

/// Finds the single points of failure; `top` bounds the list of actors.
pub fn fragility(graph: &KnowledgeGraph, top: usize) -> FragilityReport {
    let mut required_pairs = 0;
    let mut gap_pairs = 0;
    let mut single_pairs = 0;
    let mut single: BTreeMap<CapabilityIndex, (OrgIndex, Vec<DirectionIndex>)> = BTreeMap::new();
    let mut exposure: BTreeMap<OrgIndex, Vec<(DirectionIndex, CapabilityIndex)>> = BTreeMap::new();
    let mut at_risk = Vec::new();
    for d in (0..graph.directions().len() as u32).map(DirectionIndex) {
        let dir = graph.direction(d);
        let mut risk = DirectionRisk {
            direction: graph.direction_ref(d),
            chain: graph.chain_ref(dir.chain),
            required: dir.required.len(),
            gaps: 0,
            single: Vec::new(),
            thin: Vec::new(),
        };
        for &c in &dir.required {
            required_pairs += 1;
            let holders: Vec<OrgIndex> = local_holders(graph, c).collect();
            match holders.len() {
                0 => {
                    gap_pairs += 1;
                    risk.gaps += 1;
                }
                1 => {
                    single_pairs += 1;
                    let h = holders[0];
                    single.entry(c).or_insert((h, Vec::new())).1.push(d);
                    exposure.entry(h).or_default().push((d, c));
                    risk.single
                        .push((graph.capability_ref(c), graph.org_ref(h)));
                }
                2 => risk.thin.push(graph.capability_ref(c)),
                _ => {}
            }
        }
        if !risk.single.is_empty() {
            at_risk.push(risk);
        }
    }
    at_risk.sort_by(|a, b| {
        b.single
            .len()
            .cmp(&a.single.len())
            .then_with(|| a.direction.notation.cmp(&b.direction.notation))
    });
    let single_points = single
        .iter()
        .map(|(&c, (h, ds))| SinglePoint {
            capability: graph.capability_ref(c),
            holder: graph.org_ref(*h),
            holder_kind: graph.organisation(*h).kind,
            directions: ds.iter().map(|&d| graph.direction_ref(d)).collect(),
        })
        .collect();
    let mut actors: Vec<ActorExposure> = exposure
        .iter()
        .map(|(&o, pairs)| {
            let org = graph.organisation(o);
            let mut ds: Vec<DirectionIndex> = pairs.iter().map(|p| p.0).collect();
            ds.dedup();
            let mut cs: Vec<CapabilityIndex> = pairs.iter().map(|p| p.1).collect();
            cs.sort_unstable();
            cs.dedup();
            ActorExposure {
                rank: 0,
                id: org.id.clone(),
                label: org.labels.clone(),
                kind: org.kind,
                gaps_opened: pairs.len(),
                directions: ds.iter().map(|&d| graph.direction_ref(d)).collect(),
                capabilities: cs.iter().map(|&c| graph.capability_ref(c)).collect(),
            }
        })
        .collect();
    actors.sort_by(|a, b| {
        b.gaps_opened
            .cmp(&a.gaps_opened)
            .then_with(|| a.id.cmp(&b.id))
    });
    actors.truncate(top);
    for (i, a) in actors.iter_mut().enumerate() {
        a.rank = i + 1;
    }
    FragilityReport {
        directions: graph.directions().len(),
        required_pairs,
        gap_pairs,
        single_pairs,
        single_points,
        directions_at_risk: at_risk,
        actors,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::testing::fixture_a;

    /// Fixture A: T01 requires a, b, c, d. Local holders: a — lead, small, other (3); b — x, y (2,
    /// thin); c — x, z (2, thin); d — none (a gap). So nothing hangs on one actor.
    #[test]
    fn fixture_a_has_a_gap_and_thin_capabilities_but_no_single_point() {
        let report = fragility(&fixture_a(), 10);
        assert_eq!(
            (report.required_pairs, report.gap_pairs, report.single_pairs),
            (4, 1, 0)
        );
        assert!(report.directions_at_risk.is_empty());
        assert!(report.actors.is_empty());
    }

    /// A small map built for the test: D1 needs p, q, r, D2 needs q, r. p — f1 and f2; q — u only; r — u only. u's loss opens 4 gaps (D1 q,
    /// D1 r, D2 q, D2 r); every direction is at risk.
    #[test]
    fn the_sole_holder_of_two_capabilities_for_two_directions_opens_four_gaps() {
        use crate::graph::{Locality::*, Tier};
        use crate::matching::testing::{Fixture, spec};
        use Kind::*;
        let mut f = Fixture::new(&["s"], &["p", "q", "r"]);
        f.org(
            spec("f1", Firm, InCity)
                .with_chains(&["s"])
                .with_tier(Tier::HighTechEnterprise)
                .with_capabilities(&["p"]),
        )
        .org(
            spec("f2", Firm, InCity)
                .with_chains(&["s"])
                .with_capabilities(&["p"]),
        )
        .org(spec("u", University, InCity).with_capabilities(&["q", "r"]))
        .org(spec("ext", University, Domestic).with_capabilities(&["q"]))
        .direction("D1", "s", &["p", "q", "r"])
        .direction("D2", "s", &["q", "r"]);
        let report = fragility(&f.build(2024), 10);
        assert_eq!(report.single_pairs, 4);
        assert_eq!(report.actors.len(), 1);
        assert_eq!(report.actors[0].id, "u");
        assert_eq!(report.actors[0].gaps_opened, 4);
        assert_eq!(report.directions_at_risk.len(), 2);
        assert_eq!(report.directions_at_risk[0].direction.id, "D1");
        let caps: Vec<&str> = report
            .single_points
            .iter()
            .map(|s| s.capability.id.as_str())
            .collect();
        assert_eq!(caps, ["q", "r"]);
    }
}
