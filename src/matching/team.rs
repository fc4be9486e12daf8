//! A candidate team — a hub (the leader, or RarestFirst's seed) and, for each required capability,
//! the organisation covering it — and how an exact team is read off the per-capability searches.

use crate::graph::{CapabilityIndex, KnowledgeGraph, OrgIndex};
use crate::matching::dijkstra::ShortestPaths;

/// How the distances of a team's covers combine into its cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CostRule {
    /// Kargar & An's leader distance: Σ over covered capabilities of the distance to the leader.
    Sum,
    /// RarestFirst: the largest distance from the seed.
    Max,
}

impl CostRule {
    pub(crate) fn cost(self, distances: impl Iterator<Item = f64>) -> f64 {
        match self {
            CostRule::Sum => distances.sum(),
            CostRule::Max => distances.fold(0.0, f64::max),
        }
    }
}

/// One candidate team.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Team {
    pub hub: OrgIndex,
    /// For each required capability, in the direction's order: the covering organisation and its
    /// distance to the hub (0 for the hub itself), or `None` when uncovered.
    pub cover: Vec<Option<(OrgIndex, f64)>>,
    pub covered: usize,
    pub cost: f64,
    pub exact: bool,
    /// Member → hub paths when they do not come from the per-capability searches (greedy teams).
    pub paths: Vec<(OrgIndex, Vec<u32>)>,
}

impl Team {
    /// Members besides the hub, sorted, without repeats.
    pub fn members(&self) -> Vec<OrgIndex> {
        let mut m: Vec<OrgIndex> = self
            .cover
            .iter()
            .flatten()
            .map(|&(o, _)| o)
            .filter(|&o| o != self.hub)
            .collect();
        m.sort_unstable();
        m.dedup();
        m
    }

    /// The sort key of the ranking: more covered first, then lower cost, then smaller hub (id).
    pub fn rank_key(&self) -> (std::cmp::Reverse<usize>, OrderedCost, OrgIndex) {
        (
            std::cmp::Reverse(self.covered),
            OrderedCost(self.cost),
            self.hub,
        )
    }

    /// The path from `member` to the hub: from the greedy paths, else from the search of the first
    /// capability the member covers (whose nearest source at the hub is that member).
    pub fn path_of(&self, member: OrgIndex, searches: &[ShortestPaths]) -> Vec<u32> {
        if let Some((_, p)) = self.paths.iter().find(|(m, _)| *m == member) {
            return p.clone();
        }
        self.cover
            .iter()
            .position(|c| c.is_some_and(|(o, _)| o == member))
            .and_then(|i| searches.get(i))
            .and_then(|s| s.path_to(self.hub.0))
            .unwrap_or_else(|| vec![member.0, self.hub.0])
    }
}

/// A cost with a total order (`f64::total_cmp`), for sort keys.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct OrderedCost(pub f64);

impl Eq for OrderedCost {}

impl PartialOrd for OrderedCost {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for OrderedCost {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

/// The exact team of `hub`: each required capability is covered by the hub itself when it holds it
/// (distance 0), else by the nearest holder found by that capability's multi-source search
/// (`searched[i]` says whether search `i` ran; ties were broken by id inside the search).
/// O(|R| log |held|).
pub(crate) fn exact_team(
    graph: &KnowledgeGraph,
    hub: OrgIndex,
    required: &[CapabilityIndex],
    searches: &[ShortestPaths],
    searched: &[bool],
    rule: CostRule,
) -> Team {
    let hub_org = graph.organisation(hub);
    let cover = required
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            if hub_org.holds(c) {
                return Some((hub, 0.0));
            }
            if !searched[i] {
                return None;
            }
            let search = &searches[i];
            Some((
                OrgIndex(search.nearest_source(hub.0)?),
                search.distance(hub.0)?,
            ))
        })
        .collect();
    let mut team = Team {
        hub,
        cover,
        covered: 0,
        cost: 0.0,
        exact: true,
        paths: Vec::new(),
    };
    team.finish(rule);
    team
}

impl Team {
    /// Recomputes `covered` and `cost` from `cover`.
    pub fn finish(&mut self, rule: CostRule) {
        self.covered = self.cover.iter().flatten().count();
        self.cost = rule.cost(self.cover.iter().flatten().map(|&(_, d)| d));
    }
}
