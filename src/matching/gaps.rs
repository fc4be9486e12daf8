//! Gaps: required capabilities that no local actor holds, and the external organisations (elsewhere
//! in China or abroad) best placed to fill them.
//!
//! # Score of an external candidate v for gap capability c
//!
//! ```text
//! score = proximity · 1/(1 + d)            d: distance from v to the nearest node of the top
//!                                            consortium (leader or member); the part is 0 when
//!                                            they are not connected or there is no consortium
//!       + level     · standing(v)          level rank / 3 (firms: tier / 4, leading firm 1)
//!       + related   · min(r, max_related)  r: v's other capabilities related to the direction —
//!                                            another required capability, c's broader concept, a
//!                                            narrower concept of c, or a sibling under c's broader
//! ```
//!
//! with the default weights proximity 1.0, level 0.5, related 0.1 and `max_related` 5. Candidates
//! rank by score, then id; the best [`ConsortiumOptions::external_candidates`](crate::matching::ConsortiumOptions)
//! (default 5) are listed. One search from the consortium, stopped once every candidate is settled.

use crate::graph::{CapabilityIndex, DirectionIndex, KnowledgeGraph, OrgIndex};
use crate::matching::dijkstra::ShortestPaths;
use crate::matching::report::{ExternalCandidate, Gap, ScoreParts};
use crate::matching::signals::standing;

/// The weights of an external candidate's score.
#[derive(Debug, Clone, PartialEq)]
pub struct GapWeights {
    pub proximity: f64,
    pub level: f64,
    pub related: f64,
    pub max_related: usize,
}

impl Default for GapWeights {
    fn default() -> Self {
        GapWeights {
            proximity: 1.0,
            level: 0.5,
            related: 0.1,
            max_related: 5,
        }
    }
}

/// Whether capability `x` is related to gap `c` for a direction requiring `required`.
fn related(
    graph: &KnowledgeGraph,
    x: CapabilityIndex,
    c: CapabilityIndex,
    required: &[CapabilityIndex],
) -> bool {
    if x == c {
        return false;
    }
    let broader_c = graph.capability(c).broader;
    let broader_x = graph.capability(x).broader;
    required.binary_search(&x).is_ok()
        || Some(x) == broader_c
        || broader_x == Some(c)
        || (broader_x.is_some() && broader_x == broader_c)
}

/// The local actors (in the city or on its 8×10 list) that hold `capability`, by index.
pub fn local_holders(
    graph: &KnowledgeGraph,
    capability: CapabilityIndex,
) -> impl Iterator<Item = OrgIndex> + '_ {
    graph
        .holders(capability)
        .iter()
        .copied()
        .filter(|&h| graph.organisation(h).is_local())
}

/// The gaps of `direction`: its required capabilities that no local actor holds, in required
/// order. O(Σ holders of the required capabilities).
pub fn gap_capabilities(graph: &KnowledgeGraph, direction: DirectionIndex) -> Vec<CapabilityIndex> {
    graph
        .direction(direction)
        .required
        .iter()
        .copied()
        .filter(|&c| local_holders(graph, c).next().is_none())
        .collect()
}

/// The gaps of `direction` with their best external candidates, proximity measured from
/// `team_nodes` (the top consortium; empty when there is none).
pub(crate) fn find_gaps(
    graph: &KnowledgeGraph,
    search: &mut ShortestPaths,
    direction: DirectionIndex,
    team_nodes: &[u32],
    weights: &GapWeights,
    limit: usize,
) -> Vec<Gap> {
    let required = &graph.direction(direction).required;
    let gaps = gap_capabilities(graph, direction);
    if gaps.is_empty() {
        return Vec::new();
    }
    let mut targets: Vec<u32> = gaps
        .iter()
        .flat_map(|&c| graph.holders(c).iter().map(|h| h.0))
        .collect();
    targets.sort_unstable();
    targets.dedup();
    let connected = !team_nodes.is_empty() && !targets.is_empty();
    if connected {
        search.run(graph.csr(), team_nodes, Some(&targets));
    }
    gaps.iter()
        .map(|&c| {
            let mut candidates: Vec<ExternalCandidate> = graph
                .holders(c)
                .iter()
                .map(|&h| {
                    candidate(
                        graph,
                        h,
                        c,
                        required,
                        connected.then_some(&*search),
                        weights,
                    )
                })
                .collect();
            candidates.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.id.cmp(&b.id)));
            candidates.truncate(limit);
            Gap {
                capability: graph.capability_ref(c),
                external_candidates: candidates,
            }
        })
        .collect()
}

fn candidate(
    graph: &KnowledgeGraph,
    org: OrgIndex,
    gap: CapabilityIndex,
    required: &[CapabilityIndex],
    search: Option<&ShortestPaths>,
    weights: &GapWeights,
) -> ExternalCandidate {
    let o = graph.organisation(org);
    let distance = search.and_then(|s| s.distance(org.0));
    let proximity = distance.map_or(0.0, |d| 1.0 / (1.0 + d));
    let related_count = o
        .capabilities
        .iter()
        .filter(|&&x| related(graph, x, gap, required))
        .count()
        .min(weights.max_related);
    // On the 0–100 scale of every score people read: each part's weight is its share of 100, so
    // the parts still add up and the order is that of the weighted sum.
    let most = weights.proximity + weights.level + weights.related * weights.max_related as f64;
    let scale = if most > 0.0 { 100.0 / most } else { 0.0 };
    let parts = ScoreParts(vec![
        ("proximity", scale * weights.proximity * proximity),
        ("level", scale * weights.level * standing(o)),
        ("related", scale * weights.related * related_count as f64),
    ]);
    ExternalCandidate {
        id: o.id.clone(),
        label: o.labels.clone(),
        kind: o.kind,
        locality: o.locality,
        country: o.country.clone(),
        score: parts.total(),
        score_parts: parts,
        distance,
    }
}
