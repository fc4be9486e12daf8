//! Betweenness centrality (Brandes 2001) on the [`CollaborationGraph`], unweighted (a path's length
//! is its number of ties), exact or estimated from sampled sources (Brandes & Pich 2007).
//!
//! # Values
//!
//! The normalised betweenness of v is `Σ_{s ≠ v ≠ t} σ_st(v) / σ_st` over unordered pairs, divided
//! by the `(n − 1)(n − 2) / 2` pairs not containing v — the value networkx's
//! `betweenness_centrality(G, normalized=True)` gives for an undirected graph. n counts every
//! organisation, isolated ones included.
//!
//! # Sampling and its error
//!
//! With `samples` = k < n, k sources are drawn without replacement (a seeded, deterministic draw) and
//! each source's dependencies are scaled by n / k: an unbiased estimate. The report states two errors:
//! a Hoeffding bound ε such that, with probability 95 %, every organisation's estimate is within ε of
//! its exact value (`ε = n/(n−1) · sqrt(ln(2n / 0.05) / (2k))`: each sampled source contributes a
//! term in [0, n/(n−1)] to the estimate, and the bound is Hoeffding's with a union over the n
//! organisations), and per organisation the standard error of the estimate
//! from the spread of the sampled sources' contributions (usually far smaller).
//!
//! # Complexity and determinism
//!
//! One breadth-first search and one back-propagation per source: O(k · (n + m)), exact when k = n.
//! Sources are split into a fixed number of chunks whatever the thread count; each chunk is summed in
//! order, then the chunks in order, so the result is bit-identical at any number of threads.

use crate::analytics::CollaborationGraph;
use rayon::prelude::*;
use serde::Serialize;

/// Options of [`betweenness`].
#[derive(Debug, Clone, PartialEq)]
pub struct BetweennessOptions {
    /// Sample this many sources; `None` or ≥ n computes exactly.
    pub samples: Option<usize>,
    /// The seed of the sample.
    pub seed: u64,
}

impl Default for BetweennessOptions {
    fn default() -> Self {
        BetweennessOptions {
            samples: None,
            seed: 1,
        }
    }
}

/// Betweenness of every node.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Betweenness {
    /// Normalised betweenness per node (index = node).
    pub values: Vec<f64>,
    /// Standard error per node (0 when exact).
    pub standard_errors: Vec<f64>,
    pub exact: bool,
    /// Sources searched.
    pub sources: usize,
    /// With sampling, the 95 % bound on every node's error; 0 when exact.
    pub error_bound: f64,
}

/// Fixed chunk count: the summation order does not depend on the thread count.
const CHUNKS: usize = 32;

/// Computes betweenness; see the module documentation.
pub fn betweenness(graph: &CollaborationGraph, options: &BetweennessOptions) -> Betweenness {
    let n = graph.node_count();
    if n < 3 {
        return Betweenness {
            values: vec![0.0; n],
            standard_errors: vec![0.0; n],
            exact: true,
            sources: n,
            error_bound: 0.0,
        };
    }
    let k = options.samples.map_or(n, |k| k.clamp(1, n));
    let exact = k == n;
    let sources: Vec<u32> = if exact {
        (0..n as u32).collect()
    } else {
        sample(n, k, options.seed)
    };
    let chunk = sources.len().div_ceil(CHUNKS).max(1);
    let partials: Vec<(Vec<f64>, Vec<f64>)> = sources
        .par_chunks(chunk)
        .map(|part| {
            let mut state = Brandes::new(n);
            let mut sum = vec![0.0; n];
            let mut squares = if exact { Vec::new() } else { vec![0.0; n] };
            for &s in part {
                state.run(graph, s);
                for &v in &state.order {
                    if v != s {
                        let d = state.delta(v);
                        sum[v as usize] += d;
                        if !exact {
                            squares[v as usize] += d * d;
                        }
                    }
                }
            }
            (sum, squares)
        })
        .collect();
    let mut sum = vec![0.0; n];
    let mut squares = vec![0.0; n];
    for (s, q) in &partials {
        for (acc, x) in sum.iter_mut().zip(s) {
            *acc += x;
        }
        for (acc, x) in squares.iter_mut().zip(q) {
            *acc += x;
        }
    }
    // Σ over ordered sources counts each unordered pair twice; the normalisation of the module doc.
    let pairs = ((n - 1) * (n - 2)) as f64;
    let scale = n as f64 / k as f64;
    let values: Vec<f64> = sum.iter().map(|&x| x * scale / pairs).collect();
    let standard_errors = if exact {
        vec![0.0; n]
    } else {
        let kf = k as f64;
        sum.iter()
            .zip(&squares)
            .map(|(&s, &q)| {
                let mean = s / kf;
                let var = (q / kf - mean * mean).max(0.0);
                // The estimate is n · mean / pairs; its variance, with the finite-population correction.
                let fpc = if n > 1 {
                    (n - k) as f64 / (n - 1) as f64
                } else {
                    0.0
                };
                n as f64 / pairs * (var / kf * fpc).sqrt()
            })
            .collect()
    };
    let error_bound = if exact {
        0.0
    } else {
        let nf = n as f64;
        nf / (nf - 1.0) * ((2.0 * nf / 0.05).ln() / (2.0 * k as f64)).sqrt()
    };
    Betweenness {
        values,
        standard_errors,
        exact,
        sources: k,
        error_bound,
    }
}

/// k distinct nodes of 0..n, chosen by a seeded partial Fisher–Yates shuffle, sorted.
fn sample(n: usize, k: usize, seed: u64) -> Vec<u32> {
    let mut nodes: Vec<u32> = (0..n as u32).collect();
    let mut state = seed ^ 0x9E37_79B9_7F4A_7C15;
    for i in 0..k {
        // SplitMix64.
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        let j = i + (z % (n - i) as u64) as usize;
        nodes.swap(i, j);
    }
    nodes.truncate(k);
    nodes.sort_unstable();
    nodes
}

/// One node's state in a single-source pass, packed so that one visit touches one cache line.
#[derive(Debug, Clone, Copy)]
struct NodeState {
    sigma: f64,
    delta: f64,
    dist: u32,
}

const UNSEEN: u32 = u32::MAX;

const FRESH: NodeState = NodeState {
    sigma: 0.0,
    delta: 0.0,
    dist: UNSEEN,
};

/// Reusable buffers of one single-source pass.
struct Brandes {
    nodes: Vec<NodeState>,
    /// Nodes in the order the search reached them.
    order: Vec<u32>,
}

impl Brandes {
    fn new(n: usize) -> Self {
        Brandes {
            nodes: vec![FRESH; n],
            order: Vec::with_capacity(n),
        }
    }

    /// The dependency δ_s(v) of the last search's source on `v`.
    fn delta(&self, v: u32) -> f64 {
        self.nodes[v as usize].delta
    }

    /// Breadth-first search from `s`, then dependencies δ_s(v) by reverse order. Only the nodes of
    /// the previous search are reset: O(size of s's component).
    fn run(&mut self, graph: &CollaborationGraph, s: u32) {
        for &v in &self.order {
            self.nodes[v as usize] = FRESH;
        }
        self.order.clear();
        self.nodes[s as usize].sigma = 1.0;
        self.nodes[s as usize].dist = 0;
        self.order.push(s);
        let mut head = 0;
        while head < self.order.len() {
            let v = self.order[head];
            head += 1;
            let NodeState {
                sigma: sv,
                dist: dv,
                ..
            } = self.nodes[v as usize];
            for &w in graph.neighbours(v) {
                let node = &mut self.nodes[w as usize];
                if node.dist == UNSEEN {
                    node.dist = dv + 1;
                    self.order.push(w);
                }
                if node.dist == dv + 1 {
                    node.sigma += sv;
                }
            }
        }
        for i in (0..self.order.len()).rev() {
            let w = self.order[i];
            let NodeState {
                sigma,
                delta,
                dist: dw,
            } = self.nodes[w as usize];
            if dw == 0 {
                continue;
            }
            let coefficient = (1.0 + delta) / sigma;
            for &v in graph.neighbours(w) {
                let node = &mut self.nodes[v as usize];
                if node.dist.wrapping_add(1) == dw {
                    node.delta += node.sigma * coefficient;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    /// A path 0–1–2–3–4: node 1 lies on the paths of pairs (0,2), (0,3), (0,4): 3 of the 6 pairs
    /// without it; node 2 on (0,3), (0,4), (1,3), (1,4): 4 of 6.
    #[test]
    fn a_path_worked_out_by_hand() {
        let g = CollaborationGraph::from_edges(
            5,
            &[(0, 1, 1.0), (1, 2, 1.0), (2, 3, 1.0), (3, 4, 1.0)],
        );
        let b = betweenness(&g, &BetweennessOptions::default());
        assert!(b.exact);
        let expected = [0.0, 0.5, 4.0 / 6.0, 0.5, 0.0];
        for (v, e) in b.values.iter().zip(expected) {
            assert!(close(*v, e), "{:?}", b.values);
        }
    }

    /// A 4-cycle 0–1–2–3–0 plus an isolated node 4: pair (0,2) has two shortest paths, through 1
    /// and 3, so each gets ½ of it, and (1,3) gives ½ to 0 and to 2. n = 5, so each node has ½ over
    /// (4·3)/2 = 6 pairs: 1/12.
    #[test]
    fn split_shortest_paths_share_the_pair() {
        let g = CollaborationGraph::from_edges(
            5,
            &[(0, 1, 1.0), (1, 2, 1.0), (2, 3, 1.0), (3, 0, 1.0)],
        );
        let b = betweenness(&g, &BetweennessOptions::default());
        for v in 0..4 {
            assert!(close(b.values[v], 1.0 / 12.0), "{:?}", b.values);
        }
        assert_eq!(b.values[4], 0.0);
    }

    #[test]
    fn the_same_at_any_thread_count_and_sampling_is_close() {
        use crate::matching::testing::Lcg;
        let mut rng = Lcg::new(7);
        let n = 400;
        let edges: Vec<(u32, u32, f64)> = (0..1200)
            .map(|_| (rng.below(n) as u32, rng.below(n) as u32, 1.0))
            .collect();
        let g = CollaborationGraph::from_edges(n as usize, &edges);
        let run = |threads: usize, options: &BetweennessOptions| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| betweenness(&g, options))
        };
        let exact1 = run(1, &BetweennessOptions::default());
        let exact2 = run(2, &BetweennessOptions::default());
        assert_eq!(
            exact1.values, exact2.values,
            "bit-identical at 1 and 2 threads"
        );
        let sampled = BetweennessOptions {
            samples: Some(200),
            seed: 3,
        };
        let s1 = run(1, &sampled);
        assert_eq!(s1, run(2, &sampled));
        assert!(!s1.exact);
        let worst = exact1
            .values
            .iter()
            .zip(&s1.values)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max);
        assert!(
            worst <= s1.error_bound,
            "worst {worst} > bound {}",
            s1.error_bound
        );
        // The standard errors are honest for the organisations that matter: of those above the
        // median value, nearly all estimates lie within 3 standard errors of the exact value. (A
        // node none of whose sampled sources passes through it shows 0 ± 0.)
        let mut sorted = exact1.values.clone();
        sorted.sort_by(f64::total_cmp);
        let median = sorted[sorted.len() / 2];
        let (mut within, mut considered) = (0, 0);
        for ((a, b), se) in exact1
            .values
            .iter()
            .zip(&s1.values)
            .zip(&s1.standard_errors)
        {
            if *a > median {
                considered += 1;
                if (a - b).abs() <= 3.0 * se {
                    within += 1;
                }
            }
        }
        assert!(
            within as f64 >= 0.9 * considered as f64,
            "{within} of {considered}"
        );
    }
}
