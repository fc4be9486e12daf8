//! The compact adjacency (CSR) of the path graph that the hot loops — shortest paths, personalized
//! PageRank — run on.
//!
//! Nodes are `u32`: organisations first (node = [`OrgIndex`](crate::graph::OrgIndex)), then people. Each
//! undirected relation is stored as two arcs; the arcs of a node are contiguous and sorted by target,
//! so that [`Csr::find_arc`] is a binary search.

/// A compressed sparse row adjacency with a distance and a strength on every arc.
#[derive(Debug, Clone, Default)]
pub struct Csr {
    /// `offsets[v]..offsets[v + 1]` are the arcs of node `v`; `offsets.len() == node_count + 1`.
    offsets: Vec<u32>,
    targets: Vec<u32>,
    distances: Vec<f64>,
    strengths: Vec<f64>,
    /// The relation (index into [`KnowledgeGraph::relations`](crate::graph::KnowledgeGraph::relations)) of each arc.
    relations: Vec<u32>,
    /// `1 / Σ strengths` of each node's arcs, 0 for nodes without arcs (for PageRank).
    inverse_total_strength: Vec<f64>,
}

/// One undirected edge handed to [`Csr::from_edges`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CsrEdge {
    pub a: u32,
    pub b: u32,
    pub distance: f64,
    pub strength: f64,
}

impl Csr {
    /// Builds the adjacency of `node_count` nodes from undirected edges sorted by `(min(a,b), max(a,b))`
    /// without repeats or self-loops (as the graph builder produces them); edge `i` becomes relation `i`.
    ///
    /// Because the edges are sorted, filling the rows in edge order leaves every row sorted by target:
    /// the arcs of `v` from edges `(u, v)` with `u < v` all come before those from `(v, w)` with `w > v`.
    /// O(n + m).
    pub fn from_edges(node_count: usize, edges: &[CsrEdge]) -> Csr {
        let mut degree = vec![0u32; node_count + 1];
        for e in edges {
            degree[e.a as usize] += 1;
            degree[e.b as usize] += 1;
        }
        let mut offsets = Vec::with_capacity(node_count + 1);
        let mut running = 0u32;
        offsets.push(0);
        for d in degree.iter().take(node_count) {
            running += d;
            offsets.push(running);
        }
        let arcs = running as usize;
        let mut cursor: Vec<u32> = offsets[..node_count].to_vec();
        let mut targets = vec![0u32; arcs];
        let mut distances = vec![0f64; arcs];
        let mut strengths = vec![0f64; arcs];
        let mut relations = vec![0u32; arcs];
        for (i, e) in edges.iter().enumerate() {
            for (from, to) in [(e.a, e.b), (e.b, e.a)] {
                let slot = cursor[from as usize] as usize;
                cursor[from as usize] += 1;
                targets[slot] = to;
                distances[slot] = e.distance;
                strengths[slot] = e.strength;
                relations[slot] = i as u32;
            }
        }
        let inverse_total_strength = (0..node_count)
            .map(|v| {
                let range = offsets[v] as usize..offsets[v + 1] as usize;
                let total: f64 = strengths[range].iter().sum();
                if total > 0.0 { 1.0 / total } else { 0.0 }
            })
            .collect();
        Csr {
            offsets,
            targets,
            distances,
            strengths,
            relations,
            inverse_total_strength,
        }
    }

    /// The number of nodes.
    pub fn node_count(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    /// The number of arcs (twice the number of undirected edges).
    pub fn arc_count(&self) -> usize {
        self.targets.len()
    }

    /// The arc positions of node `v`.
    #[inline]
    pub fn arc_range(&self, v: u32) -> std::ops::Range<usize> {
        self.offsets[v as usize] as usize..self.offsets[v as usize + 1] as usize
    }

    /// The neighbours of `v`, sorted.
    #[inline]
    pub fn targets_of(&self, v: u32) -> &[u32] {
        &self.targets[self.arc_range(v)]
    }

    /// The distances of `v`'s arcs, aligned with [`Csr::targets_of`].
    #[inline]
    pub fn distances_of(&self, v: u32) -> &[f64] {
        &self.distances[self.arc_range(v)]
    }

    /// The strengths of `v`'s arcs, aligned with [`Csr::targets_of`].
    #[inline]
    pub fn strengths_of(&self, v: u32) -> &[f64] {
        &self.strengths[self.arc_range(v)]
    }

    /// `1 / Σ strength` over `v`'s arcs, or 0 when `v` has none.
    #[inline]
    pub fn inverse_total_strength(&self, v: u32) -> f64 {
        self.inverse_total_strength[v as usize]
    }

    /// The arc from `a` to `b`, if they are adjacent. O(log deg a).
    pub fn find_arc(&self, a: u32, b: u32) -> Option<usize> {
        let range = self.arc_range(a);
        let start = range.start;
        self.targets[range]
            .binary_search(&b)
            .ok()
            .map(|i| start + i)
    }

    /// The distance of arc `arc`.
    pub fn arc_distance(&self, arc: usize) -> f64 {
        self.distances[arc]
    }

    /// The relation index of arc `arc`.
    pub fn arc_relation(&self, arc: usize) -> u32 {
        self.relations[arc]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_sorted_and_symmetric() {
        let edges = [
            CsrEdge {
                a: 0,
                b: 2,
                distance: 0.5,
                strength: 1.0,
            },
            CsrEdge {
                a: 1,
                b: 2,
                distance: 0.25,
                strength: 3.0,
            },
            CsrEdge {
                a: 2,
                b: 3,
                distance: 0.5,
                strength: 1.0,
            },
        ];
        let csr = Csr::from_edges(4, &edges);
        assert_eq!(csr.node_count(), 4);
        assert_eq!(csr.arc_count(), 6);
        assert_eq!(csr.targets_of(2), &[0, 1, 3]);
        assert_eq!(csr.distances_of(2), &[0.5, 0.25, 0.5]);
        assert_eq!(csr.targets_of(0), &[2]);
        let arc = csr.find_arc(3, 2).expect("3 and 2 are adjacent");
        assert_eq!(csr.arc_relation(arc), 2);
        assert!(csr.find_arc(0, 1).is_none());
        assert!((csr.inverse_total_strength(2) - 0.2).abs() < 1e-12);
    }
}
