//! Multi-source Dijkstra on the CSR with predecessor tracking, nearest-source labels, early exit at
//! a set of targets, and buffers that are reused across searches.

use crate::graph::Csr;
use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// "No node": the predecessor of a source, the source of an unreached node.
pub const NO_NODE: u32 = u32::MAX;

#[derive(Debug, Clone, Copy)]
struct HeapEntry {
    distance: f64,
    source: u32,
    node: u32,
}

impl PartialEq for HeapEntry {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for HeapEntry {}

impl PartialOrd for HeapEntry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for HeapEntry {
    /// Reversed, so that `BinaryHeap` (a max-heap) pops the smallest `(distance, source, node)`.
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .distance
            .total_cmp(&self.distance)
            .then_with(|| other.source.cmp(&self.source))
            .then_with(|| other.node.cmp(&self.node))
    }
}

/// The per-node state of a search, packed so that one relaxation touches one cache line.
#[derive(Debug, Clone, Copy)]
struct NodeState {
    distance: f64,
    source: u32,
    predecessor: u32,
    /// `== generation`: `distance`, `source` and `predecessor` hold this search's tentative values.
    reached: u32,
    /// `== generation`: the values are final.
    settled: u32,
    /// `== generation`: the search may stop once every such node is settled.
    target: u32,
}

const FRESH: NodeState = NodeState {
    distance: f64::INFINITY,
    source: NO_NODE,
    predecessor: NO_NODE,
    reached: 0,
    settled: 0,
    target: 0,
};

/// The buffers and the result of one (multi-source) shortest-path search.
///
/// Every node gets the lexicographically smallest `(distance, source)` over all sources: its
/// distance to the nearest source and, among equally near sources, the smallest source node.
/// Since organisations are numbered in id order, "smallest node" is "smallest id": ties between
/// equally near holders are broken by id, deterministically. The key stays monotone when an arc is
/// appended (`(d, s) ≤ (d', s')` implies `(d + w, s) ≤ (d' + w, s')` for `w ≥ 0`), so Dijkstra's
/// invariant holds for it unchanged, and predecessor chains lead back to the recorded source.
///
/// Buffers are sized to the graph once and reset in O(1) per search through generation stamps:
/// a search allocates nothing proportional to the graph.
#[derive(Debug, Clone, Default)]
pub struct ShortestPaths {
    nodes: Vec<NodeState>,
    generation: u32,
    heap: BinaryHeap<HeapEntry>,
    settled_count: usize,
}

impl ShortestPaths {
    /// Buffers for a graph of `node_count` nodes.
    pub fn new(node_count: usize) -> Self {
        let mut buffers = ShortestPaths::default();
        buffers.fit(node_count);
        buffers
    }

    fn fit(&mut self, node_count: usize) {
        if self.nodes.len() != node_count {
            self.nodes = vec![FRESH; node_count];
            self.generation = 0;
        }
    }

    fn next_generation(&mut self) {
        if self.generation == u32::MAX {
            self.nodes.fill(FRESH);
            self.generation = 0;
        }
        self.generation += 1;
        self.heap.clear();
        self.settled_count = 0;
    }

    /// Runs Dijkstra from every node of `sources` at distance 0.
    ///
    /// With `targets`, the search stops as soon as all of them are settled (or nothing more is
    /// reachable); nodes not settled by then report no distance. Without, it settles everything
    /// reachable. Out-of-range nodes are ignored.
    ///
    /// Returns the number of settled nodes. Complexity: O((n' + m') log m') for the n' nodes and m'
    /// arcs explored (at most the whole graph); no allocation beyond heap growth.
    pub fn run(&mut self, csr: &Csr, sources: &[u32], targets: Option<&[u32]>) -> usize {
        self.start(csr, sources);
        let generation = self.generation;
        let Some(targets) = targets else {
            self.advance(csr, f64::INFINITY);
            return self.settled_count;
        };
        let mut remaining = 0usize;
        for &t in targets {
            if let Some(state) = self.nodes.get_mut(t as usize) {
                if state.target != generation {
                    state.target = generation;
                    remaining += 1;
                }
            }
        }
        while remaining > 0 {
            let Some(node) = self.settle_next(csr, f64::INFINITY) else {
                break;
            };
            if self.nodes[node as usize].target == generation {
                remaining -= 1;
            }
        }
        self.settled_count
    }

    /// Starts a resumable search from `sources` (distance 0); nothing is settled yet. Continue with
    /// [`ShortestPaths::advance`].
    pub fn start(&mut self, csr: &Csr, sources: &[u32]) {
        self.fit(csr.node_count());
        self.next_generation();
        let generation = self.generation;
        for &s in sources {
            let Some(state) = self.nodes.get_mut(s as usize) else {
                continue;
            };
            if state.reached != generation {
                state.reached = generation;
                state.distance = 0.0;
                state.source = s;
                state.predecessor = NO_NODE;
                self.heap.push(HeapEntry {
                    distance: 0.0,
                    source: s,
                    node: s,
                });
            }
        }
    }

    /// Settles every node closer than `limit`; afterwards every unsettled node is at least
    /// [`ShortestPaths::frontier`] ≥ `limit` away. Returns how many nodes this call settled.
    pub fn advance(&mut self, csr: &Csr, limit: f64) -> usize {
        let before = self.settled_count;
        while self.settle_next(csr, limit).is_some() {}
        self.settled_count - before
    }

    /// The distance of the next node to settle — a lower bound on the distance of every unsettled
    /// node — or `None` when the search is exhausted.
    pub fn frontier(&mut self) -> Option<f64> {
        self.drop_stale();
        self.heap.peek().map(|e| e.distance)
    }

    fn drop_stale(&mut self) {
        while let Some(top) = self.heap.peek() {
            let state = &self.nodes[top.node as usize];
            let stale = state.settled == self.generation
                || top.distance != state.distance
                || top.source != state.source;
            if !stale {
                break;
            }
            self.heap.pop();
        }
    }

    /// Settles the next node if it is closer than `limit`, relaxing its arcs; returns it.
    fn settle_next(&mut self, csr: &Csr, limit: f64) -> Option<u32> {
        self.drop_stale();
        let top = *self.heap.peek()?;
        if top.distance >= limit {
            return None;
        }
        self.heap.pop();
        let generation = self.generation;
        let HeapEntry {
            distance,
            source,
            node,
        } = top;
        self.nodes[node as usize].settled = generation;
        self.settled_count += 1;
        for (&w, &d) in csr.targets_of(node).iter().zip(csr.distances_of(node)) {
            let next = &mut self.nodes[w as usize];
            if next.settled == generation {
                continue;
            }
            let candidate = distance + d;
            let better = next.reached != generation
                || candidate < next.distance
                || (candidate == next.distance && source < next.source);
            if better {
                next.reached = generation;
                next.distance = candidate;
                next.source = source;
                next.predecessor = node;
                self.heap.push(HeapEntry {
                    distance: candidate,
                    source,
                    node: w,
                });
            }
        }
        Some(node)
    }

    #[inline]
    fn settled_state(&self, node: u32) -> Option<&NodeState> {
        self.nodes
            .get(node as usize)
            .filter(|s| s.settled == self.generation && self.generation != 0)
    }

    /// How many nodes the current search has settled.
    pub fn settled_count(&self) -> usize {
        self.settled_count
    }

    /// Whether `node` was settled by the last search (its distance is final).
    #[inline]
    pub fn is_settled(&self, node: u32) -> bool {
        self.settled_state(node).is_some()
    }

    /// The distance of `node` from its nearest source, if settled.
    #[inline]
    pub fn distance(&self, node: u32) -> Option<f64> {
        self.settled_state(node).map(|s| s.distance)
    }

    /// The nearest source of `node` (smallest node among equally near ones), if settled.
    #[inline]
    pub fn nearest_source(&self, node: u32) -> Option<u32> {
        self.settled_state(node).map(|s| s.source)
    }

    /// The predecessor of `node` on its shortest path, if settled and not a source.
    pub fn predecessor(&self, node: u32) -> Option<u32> {
        self.settled_state(node)
            .map(|s| s.predecessor)
            .filter(|&p| p != NO_NODE)
    }

    /// The shortest path from `node`'s nearest source to `node`, both ends included, if settled.
    /// O(path length).
    pub fn path_to(&self, node: u32) -> Option<Vec<u32>> {
        if !self.is_settled(node) {
            return None;
        }
        let mut path = vec![node];
        let mut v = node;
        while let Some(p) = self.predecessor(v) {
            path.push(p);
            v = p;
        }
        path.reverse();
        Some(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::CsrEdge;
    use crate::matching::testing::Lcg;
    use petgraph::algo::dijkstra;
    use petgraph::graph::{NodeIndex, UnGraph};
    use std::collections::BTreeMap;

    fn csr_of(n: usize, edges: &[(u32, u32, f64)]) -> Csr {
        let mut edges: Vec<CsrEdge> = edges
            .iter()
            .map(|&(a, b, distance)| CsrEdge {
                a: a.min(b),
                b: a.max(b),
                distance,
                strength: 1.0 / distance - 1.0,
            })
            .collect();
        edges.sort_by_key(|e| (e.a, e.b));
        Csr::from_edges(n, &edges)
    }

    #[test]
    fn agrees_with_petgraph_dijkstra_on_random_graphs() {
        let mut rng = Lcg::new(7);
        for round in 0..5 {
            let n = 200 + 50 * round;
            let mut pairs = BTreeMap::new();
            for _ in 0..(3 * n) {
                let a = rng.below(n as u64) as u32;
                let b = rng.below(n as u64) as u32;
                if a != b {
                    let d = 0.05 + rng.unit() * 0.95;
                    pairs.insert((a.min(b), a.max(b)), d);
                }
            }
            let edges: Vec<_> = pairs.iter().map(|(&(a, b), &d)| (a, b, d)).collect();
            let csr = csr_of(n, &edges);
            let mut reference = UnGraph::<(), f64>::with_capacity(n, edges.len());
            for _ in 0..n {
                reference.add_node(());
            }
            for &(a, b, d) in &edges {
                reference.add_edge(NodeIndex::new(a as usize), NodeIndex::new(b as usize), d);
            }
            let mut search = ShortestPaths::new(n);
            for source in [0u32, 17, (n - 1) as u32] {
                search.run(&csr, &[source], None);
                let expected = dijkstra(&reference, NodeIndex::new(source as usize), None, |e| {
                    *e.weight()
                });
                for v in 0..n as u32 {
                    match expected.get(&NodeIndex::new(v as usize)) {
                        Some(d) => {
                            let got = search.distance(v).expect("reachable in both");
                            assert!((got - d).abs() < 1e-9, "node {v}: {got} vs {d}");
                            let path = search.path_to(v).expect("settled");
                            assert_eq!(path.first(), Some(&source));
                            let length: f64 = path
                                .windows(2)
                                .map(|w| {
                                    csr.arc_distance(
                                        csr.find_arc(w[0], w[1]).expect("path arcs exist"),
                                    )
                                })
                                .sum();
                            assert!((length - got).abs() < 1e-9);
                        }
                        None => assert!(search.distance(v).is_none()),
                    }
                }
            }
        }
    }

    #[test]
    fn multi_source_ties_go_to_the_smallest_source_and_targets_stop_early() {
        // 0 —1.0— 2 —1.0— 4 and 4 —1.0— 3: node 2 is 1.0 from both sources 0 and 4 → source 0.
        // Node 1 is isolated.
        let csr = csr_of(5, &[(0, 2, 1.0), (2, 4, 1.0), (3, 4, 1.0)]);
        let mut search = ShortestPaths::new(5);
        let settled = search.run(&csr, &[4, 0], None);
        assert_eq!(settled, 4);
        assert_eq!(search.nearest_source(2), Some(0));
        assert_eq!(search.path_to(2), Some(vec![0, 2]));
        assert_eq!(search.nearest_source(3), Some(4));
        assert_eq!(search.distance(1), None);
        // Stop once node 0 is settled: node 3 (distance 1 from 4) is never settled.
        search.run(&csr, &[0], Some(&[0]));
        assert_eq!(search.distance(0), Some(0.0));
        assert_eq!(search.distance(3), None);
        // A resumable search settles by radius: below 1.5 only 4 (0) and its neighbours at 1.0.
        search.start(&csr, &[4]);
        assert_eq!(search.advance(&csr, 1.5), 3);
        assert_eq!(search.frontier(), Some(2.0));
        assert_eq!(search.distance(0), None);
        assert_eq!(search.advance(&csr, f64::INFINITY), 1);
        assert_eq!((search.distance(0), search.frontier()), (Some(2.0), None));
        // A reused buffer gives the same answers as a fresh one.
        search.run(&csr, &[3], None);
        assert_eq!(search.distance(0), Some(3.0));
        assert_eq!(search.path_to(0), Some(vec![3, 4, 2, 0]));
    }
}
