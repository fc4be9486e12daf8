//! The size cap: when a hub's exact team needs more members than `--size N` allows, a greedy
//! distance-weighted set cover picks at most N members that still cover the same capabilities
//! (the result is then marked not exact).
//!
//! # The greedy
//!
//! Let U be the capabilities the exact team covers through members (not the hub itself), and the
//! candidates every local, non-excluded holder of a capability in U in the hub's connected
//! component. When no candidate covers at least |U| / N of U, no N of them can: the hub is ruled
//! out without a search. Otherwise d(v) is v's distance to the hub (one Dijkstra from the hub,
//! stopped once all candidates are settled). Repeat until U is empty: pick the candidate minimising `d(v) / |caps(v) ∩ U|`
//! (ties: more new capabilities, then smaller id) and remove what it covers. If that needs more than
//! N picks, a second pass picks by most new capabilities first (ties: smaller d, then id), which
//! can fit where the ratio rule does not. If neither fits, the hub has no team of that size.
//! Each capability is then assigned to the nearest picked holder. O(|U| · k) for k candidates,
//! plus the search.

use crate::graph::{CapabilityIndex, KnowledgeGraph, OrgIndex};
use crate::matching::dijkstra::ShortestPaths;
use crate::matching::team::{CostRule, Team};

/// The greedy's answer for one hub.
#[derive(Debug, Clone)]
pub(crate) struct CappedOutcome {
    /// A team of at most `size` members covering what the exact team covers, if one was found.
    pub team: Option<Team>,
    /// How many members the most-new-first greedy (ties by id) needs without a cap, for the error
    /// message.
    pub unbounded_members: usize,
}

struct Candidate {
    org: OrgIndex,
    distance: f64,
    /// Positions in the required list of the capabilities in U this candidate holds.
    covers: Vec<usize>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Rule {
    Ratio,
    MostNew,
}

/// Runs the greedy for `exact`'s hub with at most `size` members. `holders[i]` are the local,
/// non-excluded holders of `required[i]` (as node ids).
pub(crate) fn capped_team(
    graph: &KnowledgeGraph,
    hub_search: &mut ShortestPaths,
    exact: &Team,
    required: &[CapabilityIndex],
    holders: &[Vec<u32>],
    size: usize,
    rule: CostRule,
) -> CappedOutcome {
    let hub = exact.hub;
    let needed: Vec<usize> = exact
        .cover
        .iter()
        .enumerate()
        .filter_map(|(i, c)| c.filter(|&(o, _)| o != hub).map(|_| i))
        .collect();
    let component = graph.component(hub.0);
    let mut pool: Vec<u32> = needed
        .iter()
        .flat_map(|&i| holders[i].iter().copied())
        .filter(|&v| v != hub.0 && graph.component(v) == component)
        .collect();
    pool.sort_unstable();
    pool.dedup();
    let mut candidates: Vec<Candidate> = pool
        .iter()
        .map(|&v| {
            let org = graph.organisation(OrgIndex(v));
            let covers = needed
                .iter()
                .copied()
                .filter(|&i| org.holds(required[i]))
                .collect();
            Candidate {
                org: OrgIndex(v),
                distance: 0.0,
                covers,
            }
        })
        .collect();
    // Before any distance is known: the most-new greedy (ties by id) for the error message, and a
    // bound that rules the hub out without a search when no `size` candidates can cover U.
    let unbounded = greedy(
        &candidates,
        &needed,
        required.len(),
        usize::MAX,
        Rule::MostNew,
    );
    let unbounded_members = unbounded.as_ref().map_or(needed.len(), Vec::len);
    let widest = candidates.iter().map(|c| c.covers.len()).max().unwrap_or(0);
    if widest.saturating_mul(size) < needed.len() {
        return CappedOutcome {
            team: None,
            unbounded_members,
        };
    }
    hub_search.run(graph.csr(), &[hub.0], Some(&pool));
    for c in &mut candidates {
        c.distance = hub_search.distance(c.org.0).unwrap_or(f64::INFINITY);
    }
    let picks = greedy(&candidates, &needed, required.len(), size, Rule::Ratio)
        .or_else(|| greedy(&candidates, &needed, required.len(), size, Rule::MostNew));
    let Some(picks) = picks else {
        return CappedOutcome {
            team: None,
            unbounded_members,
        };
    };

    let mut cover = exact.cover.clone();
    for &i in &needed {
        cover[i] = picks
            .iter()
            .map(|&p| &candidates[p])
            .filter(|c| c.covers.contains(&i))
            .min_by(|a, b| a.distance.total_cmp(&b.distance).then(a.org.cmp(&b.org)))
            .map(|c| (c.org, c.distance));
    }
    let paths = picks
        .iter()
        .map(|&p| {
            let org = candidates[p].org;
            let mut path = hub_search
                .path_to(org.0)
                .unwrap_or_else(|| vec![hub.0, org.0]);
            path.reverse();
            (org, path)
        })
        .collect();
    let mut team = Team {
        hub,
        cover,
        covered: 0,
        cost: 0.0,
        exact: false,
        paths,
    };
    team.finish(rule);
    CappedOutcome {
        team: Some(team),
        unbounded_members,
    }
}

/// Picks candidates (positions in `candidates`) until every index of `needed` is covered, or returns
/// `None` when that takes more than `budget` picks or cannot be done.
fn greedy(
    candidates: &[Candidate],
    needed: &[usize],
    required_count: usize,
    budget: usize,
    rule: Rule,
) -> Option<Vec<usize>> {
    let mut open = vec![false; required_count];
    for &i in needed {
        open[i] = true;
    }
    let mut remaining = needed.len();
    let mut picked = vec![false; candidates.len()];
    let mut picks = Vec::new();
    while remaining > 0 {
        if picks.len() >= budget {
            return None;
        }
        let mut best: Option<(usize, usize)> = None; // (candidate, new)
        for (k, c) in candidates.iter().enumerate() {
            if picked[k] {
                continue;
            }
            let new = c.covers.iter().filter(|&&i| open[i]).count();
            if new == 0 {
                continue;
            }
            let better = match best {
                None => true,
                Some((b, b_new)) => {
                    let bc = &candidates[b];
                    let order = match rule {
                        Rule::Ratio => (c.distance / new as f64)
                            .total_cmp(&(bc.distance / b_new as f64))
                            .then(b_new.cmp(&new)),
                        Rule::MostNew => b_new.cmp(&new).then(c.distance.total_cmp(&bc.distance)),
                    };
                    order.then(c.org.cmp(&bc.org)).is_lt()
                }
            };
            if better {
                best = Some((k, new));
            }
        }
        let (k, new) = best?;
        picked[k] = true;
        picks.push(k);
        for &i in &candidates[k].covers {
            open[i] = false;
        }
        remaining -= new;
    }
    Some(picks)
}
