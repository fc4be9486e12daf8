//! Kargar & An (CIKM 2011), team formation by leader distance, solved exactly with one
//! multi-source search per required capability.
//!
//! # Problem
//!
//! For a direction with required capabilities R, choose a leader l (passing the
//! [`LeaderGates`]) and, for each c ∈ R, a member holding c, to minimise
//! `Σ_{c ∈ R covered} d(member_c, l)`, where d is the shortest-path distance on the collaboration
//! graph (see [`crate::graph::weights`]). The leader covers what it holds itself at distance 0.
//!
//! # Why one search per capability is exact
//!
//! For a fixed leader the choices for different capabilities do not interact, so the best member
//! for c is the holder nearest to l, and the leader's cost is `Σ_c d_c(l)` with
//! `d_c(v) = min_{h ∈ H_c} d(h, v)`. One Dijkstra seeded with every holder of c at distance 0
//! computes `d_c(v)` for every v at once, with the nearest holder as the label of v (ties broken
//! by id, see [`ShortestPaths`](crate::matching::ShortestPaths)) and the member → leader path in the
//! predecessor array. Scanning the candidate leaders then gives the exact optimum; ranking every
//! leader by `(capabilities covered ↓, cost ↑, id ↑)` gives the top-K alternatives.
//!
//! # Complexity
//!
//! `|R|` searches of O((n + m) log m) each — fewer in practice, since each stops once every
//! candidate leader is settled — plus O(|L| · |R|) to score the |L| candidate leaders.

use crate::graph::{DirectionIndex, KnowledgeGraph, OrgIndex};
use crate::matching::gates::LeaderGates;

/// The candidate leaders of a direction: the forced leader, or every organisation passing `gates`.
pub(crate) fn candidate_leaders(
    graph: &KnowledgeGraph,
    direction: DirectionIndex,
    gates: &LeaderGates,
    forced: Option<OrgIndex>,
) -> Vec<OrgIndex> {
    match forced {
        Some(leader) => vec![leader],
        None => gates.eligible_leaders(graph, direction),
    }
}
