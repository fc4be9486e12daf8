//! Communities by modularity: the Louvain method (Blondel, Guillaume, Lambiotte & Lefebvre 2008) on
//! the weighted [`CollaborationGraph`], deterministic.
//!
//! Each level moves nodes, one at a time in index order, to the neighbouring community with the
//! largest modularity gain `k_i,in(C) − tot(C) · k_i / 2m` (ties: stay, else the smallest community
//! id), until a pass moves nothing; then each community becomes a node (communities numbered by
//! their first node) and the next level starts. It stops when a level merges nothing. No random
//! order and no threads, so a run gives the same partition every time, at any thread count.
//!
//! Modularity `Q = Σ_C [ in(C) / 2m − (tot(C) / 2m)² ]`, with `in(C)` the weight of ties inside C
//! counted from both ends and `tot(C)` the weighted degree of C — networkx's `modularity` with
//! `weight`.
//!
//! Complexity: O(m) per pass; passes per level and levels are few in practice (O(m log n) is the
//! usual empirical figure).

use crate::analytics::CollaborationGraph;
use serde::Serialize;

/// A partition of the nodes into communities.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Partition {
    /// Community of each node, numbered from 0 by each community's smallest node.
    pub community: Vec<u32>,
    pub count: usize,
    pub modularity: f64,
    pub levels: usize,
}

/// Weighted adjacency lists with self-loops (the aggregated graph of a level).
struct Level {
    adjacency: Vec<Vec<(u32, f64)>>,
}

impl Level {
    fn degree(&self, v: usize) -> f64 {
        // A self-loop's weight holds both ends already (see `aggregate`).
        self.adjacency[v].iter().map(|&(_, w)| w).sum()
    }
}

/// Runs Louvain; see the module documentation.
pub fn louvain(graph: &CollaborationGraph) -> Partition {
    let n = graph.node_count();
    let mut level = Level {
        adjacency: (0..n as u32)
            .map(|v| {
                graph
                    .neighbours(v)
                    .iter()
                    .copied()
                    .zip(graph.weights(v).iter().copied())
                    .collect()
            })
            .collect(),
    };
    // membership[v]: the level node that original node v belongs to.
    let mut membership: Vec<u32> = (0..n as u32).collect();
    let total: f64 = (0..n).map(|v| level.degree(v)).sum();
    let mut levels = 0;
    if total > 0.0 {
        loop {
            let assignment = move_nodes(&level, total);
            let (renumbered, count) = renumber(&assignment);
            if count == level.adjacency.len() {
                break;
            }
            levels += 1;
            for m in membership.iter_mut() {
                *m = renumbered[*m as usize];
            }
            level = aggregate(&level, &renumbered, count);
        }
    }
    let (community, count) = renumber(&membership);
    let modularity = modularity(graph, &community);
    Partition {
        community,
        count,
        modularity,
        levels,
    }
}

/// One level's local moving phase: returns each node's community (a node id of this level).
fn move_nodes(level: &Level, total: f64) -> Vec<u32> {
    let n = level.adjacency.len();
    let degree: Vec<f64> = (0..n).map(|v| level.degree(v)).collect();
    let mut community: Vec<u32> = (0..n as u32).collect();
    let mut tot: Vec<f64> = degree.clone();
    // Scratch: weight from the moving node to each neighbouring community.
    let mut link = vec![0.0f64; n];
    let mut touched: Vec<u32> = Vec::new();
    loop {
        let mut moved = false;
        for v in 0..n {
            let own = community[v];
            let kv = degree[v];
            touched.clear();
            for &(u, w) in &level.adjacency[v] {
                if u as usize == v {
                    continue;
                }
                let c = community[u as usize];
                if link[c as usize] == 0.0 {
                    touched.push(c);
                }
                link[c as usize] += w;
            }
            tot[own as usize] -= kv;
            let gain = |c: u32, link: &[f64]| link[c as usize] - tot[c as usize] * kv / total;
            let mut best = own;
            let mut best_gain = gain(own, &link);
            touched.sort_unstable();
            for &c in &touched {
                let g = gain(c, &link);
                if g > best_gain + 1e-12 {
                    best = c;
                    best_gain = g;
                }
            }
            tot[best as usize] += kv;
            if best != own {
                community[v] = best;
                moved = true;
            }
            for &c in &touched {
                link[c as usize] = 0.0;
            }
            link[own as usize] = 0.0;
        }
        if !moved {
            break;
        }
    }
    community
}

/// Numbers the labels 0.. by first appearance; returns the map and the count.
fn renumber(labels: &[u32]) -> (Vec<u32>, usize) {
    let mut map = vec![u32::MAX; labels.iter().map(|&l| l as usize + 1).max().unwrap_or(0)];
    let mut next = 0u32;
    let out = labels
        .iter()
        .map(|&l| {
            if map[l as usize] == u32::MAX {
                map[l as usize] = next;
                next += 1;
            }
            map[l as usize]
        })
        .collect();
    (out, next as usize)
}

/// The graph of communities: a tie between communities sums the ties between their nodes; ties
/// inside a community become a self-loop holding both ends' weight.
fn aggregate(level: &Level, community: &[u32], count: usize) -> Level {
    let mut merged: Vec<std::collections::BTreeMap<u32, f64>> = vec![Default::default(); count];
    for (v, edges) in level.adjacency.iter().enumerate() {
        let cv = community[v];
        for &(u, w) in edges {
            *merged[cv as usize]
                .entry(community[u as usize])
                .or_insert(0.0) += w;
        }
    }
    Level {
        adjacency: merged
            .into_iter()
            .map(|m| m.into_iter().collect())
            .collect(),
    }
}

/// Modularity of `community` on `graph` (weighted).
pub fn modularity(graph: &CollaborationGraph, community: &[u32]) -> f64 {
    let n = graph.node_count();
    let count = community.iter().map(|&c| c as usize + 1).max().unwrap_or(0);
    let mut inside = vec![0.0; count];
    let mut tot = vec![0.0; count];
    let mut total = 0.0;
    for v in 0..n as u32 {
        let cv = community[v as usize] as usize;
        for (&u, &w) in graph.neighbours(v).iter().zip(graph.weights(v)) {
            total += w;
            tot[cv] += w;
            if community[u as usize] as usize == cv {
                inside[cv] += w;
            }
        }
    }
    if total == 0.0 {
        return 0.0;
    }
    inside
        .iter()
        .zip(&tot)
        .map(|(i, t)| i / total - (t / total).powi(2))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two triangles (0,1,2) and (3,4,5) joined by 2–3, and an isolated node 6: two communities.
    /// m = 7; each community has 3 ties inside (6 counted from both ends) and degree 7:
    /// Q = 2 · (6/14 − (7/14)²) = 0.357142…
    #[test]
    fn two_triangles_worked_out_by_hand() {
        let edges = [
            (0, 1, 1.0),
            (1, 2, 1.0),
            (0, 2, 1.0),
            (3, 4, 1.0),
            (4, 5, 1.0),
            (3, 5, 1.0),
            (2, 3, 1.0),
        ];
        let g = CollaborationGraph::from_edges(7, &edges);
        let p = louvain(&g);
        assert_eq!(p.community, vec![0, 0, 0, 1, 1, 1, 2]);
        assert_eq!(p.count, 3);
        assert!((p.modularity - 2.0 * (6.0 / 14.0 - 0.25)).abs() < 1e-12);
    }

    #[test]
    fn the_same_partition_every_run_and_better_than_none() {
        use crate::matching::testing::Lcg;
        let mut rng = Lcg::new(11);
        // Four planted groups of 50 with dense ties inside and few across.
        let mut edges = Vec::new();
        for _ in 0..1500 {
            let g = rng.below(4) as u32;
            edges.push((
                g * 50 + rng.below(50) as u32,
                g * 50 + rng.below(50) as u32,
                1.0,
            ));
        }
        for _ in 0..60 {
            edges.push((rng.below(200) as u32, rng.below(200) as u32, 1.0));
        }
        let g = CollaborationGraph::from_edges(200, &edges);
        let a = louvain(&g);
        let b = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap()
            .install(|| louvain(&g));
        assert_eq!(a, b);
        assert!(a.modularity > 0.6, "{}", a.modularity);
        // The planted groups are recovered: nodes of one group share a community.
        for group in 0..4u32 {
            let first = a.community[(group * 50) as usize];
            let same = (group * 50..group * 50 + 50)
                .filter(|&v| a.community[v as usize] == first)
                .count();
            assert!(same >= 45, "group {group}: {same} of 50");
        }
        assert!((modularity(&g, &a.community) - a.modularity).abs() < 1e-12);
    }
}
