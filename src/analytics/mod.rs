//! Network analytics on the projected [`KnowledgeGraph`](crate::graph::KnowledgeGraph): whom to
//! recruit, what hangs on one actor, who brokers between chains, how the network changed. In-memory
//! in, serializable reports out, no IO; one file per algorithm, each with its complexity:
//!
//! - [`recruit`]: outside organisations ranked by the gaps they would close across the directions,
//!   and the what-if re-run of `match all` with some of them treated as local;
//! - [`fragility`]: required capabilities held by exactly one local actor, and the actors whose loss
//!   would open the most gaps;
//! - [`betweenness`]: Brandes' betweenness centrality on the collaboration graph, exact or sampled
//!   with a stated error, deterministic at any thread count;
//! - [`communities`]: Louvain modularity communities, deterministic;
//! - [`brokers`]: the two above joined with the chains each organisation's partners belong to;
//! - [`trend`]: per-year counts of the collaboration history.
//!
//! The collaboration graph ([`CollaborationGraph`]) is the organisations and their collaboration ties
//! (not hosting or affiliation), each tie weighted by its number of collaborations.

pub mod betweenness;
pub mod brokers;
pub mod communities;
pub mod fragility;
pub mod recruit;
pub mod trend;

pub use betweenness::{Betweenness, BetweennessOptions, betweenness};
pub use brokers::{BrokersOptions, BrokersReport, brokers};
pub use communities::{Partition, louvain};
pub use fragility::{FragilityReport, fragility};
pub use recruit::{RecruitOptions, RecruitReport, WhatIfReport, recruit, what_if};
pub use trend::{TrendOptions, TrendReport, trend};

use crate::graph::{KnowledgeGraph, OrgIndex};

/// The collaboration graph of the organisations: adjacency in CSR form, neighbours sorted, each
/// edge weighted by the number of collaborations behind the tie. Nodes are [`OrgIndex`] values.
#[derive(Debug, Clone)]
pub struct CollaborationGraph {
    offsets: Vec<usize>,
    targets: Vec<u32>,
    weights: Vec<f64>,
}

impl CollaborationGraph {
    /// Builds it from the graph's relations that carry a collaboration tie. O(n + m log m).
    pub fn new(graph: &KnowledgeGraph) -> Self {
        let n = graph.organisations().len();
        let mut edges: Vec<(u32, u32, f64)> = Vec::new();
        for r in graph.relations() {
            if let Some(tie) = &r.tie {
                if (r.a as usize) < n && (r.b as usize) < n && r.a != r.b {
                    let w = f64::from(tie.count.max(1));
                    edges.push((r.a, r.b, w));
                    edges.push((r.b, r.a, w));
                }
            }
        }
        Self::from_arcs(n, edges)
    }

    /// Builds it from undirected edges `(a, b, weight)` over `n` nodes (tests and fixtures).
    pub fn from_edges(n: usize, edges: &[(u32, u32, f64)]) -> Self {
        let arcs = edges
            .iter()
            .filter(|(a, b, _)| a != b)
            .flat_map(|&(a, b, w)| [(a, b, w), (b, a, w)])
            .collect();
        Self::from_arcs(n, arcs)
    }

    fn from_arcs(n: usize, mut arcs: Vec<(u32, u32, f64)>) -> Self {
        arcs.sort_by_key(|x| (x.0, x.1));
        arcs.dedup_by(|x, y| {
            if (x.0, x.1) == (y.0, y.1) {
                y.2 += x.2;
                true
            } else {
                false
            }
        });
        let mut offsets = vec![0usize; n + 1];
        for &(a, _, _) in &arcs {
            offsets[a as usize + 1] += 1;
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        CollaborationGraph {
            offsets,
            targets: arcs.iter().map(|a| a.1).collect(),
            weights: arcs.iter().map(|a| a.2).collect(),
        }
    }

    pub fn node_count(&self) -> usize {
        self.offsets.len() - 1
    }

    /// Undirected edges.
    pub fn edge_count(&self) -> usize {
        self.targets.len() / 2
    }

    pub fn neighbours(&self, v: u32) -> &[u32] {
        &self.targets[self.offsets[v as usize]..self.offsets[v as usize + 1]]
    }

    pub fn weights(&self, v: u32) -> &[f64] {
        &self.weights[self.offsets[v as usize]..self.offsets[v as usize + 1]]
    }

    pub fn degree(&self, v: u32) -> usize {
        self.offsets[v as usize + 1] - self.offsets[v as usize]
    }

    /// Nodes with at least one tie, ascending.
    pub fn active_nodes(&self) -> Vec<u32> {
        (0..self.node_count() as u32)
            .filter(|&v| self.degree(v) > 0)
            .collect()
    }
}

/// The plan's international cooperation targets (USA, Japan, Korea, Hong Kong, Macau), by ISO code.
pub const PRIORITY_REGIONS: [&str; 5] = ["US", "JP", "KR", "HK", "MO"];

/// A country or region's name for people, from its ISO 3166-1 code; the code when unknown.
pub fn country_label(code: &str, lang: crate::base::Lang) -> String {
    let names: &[(&str, &str, &str)] = &[
        ("CN", "中国", "China"),
        ("US", "美国", "United States"),
        ("JP", "日本", "Japan"),
        ("KR", "韩国", "Republic of Korea"),
        ("HK", "中国香港", "Hong Kong, China"),
        ("MO", "中国澳门", "Macao, China"),
        ("TW", "中国台湾", "Taiwan, China"),
        ("DE", "德国", "Germany"),
        ("GB", "英国", "United Kingdom"),
        ("FR", "法国", "France"),
        ("SG", "新加坡", "Singapore"),
        ("IL", "以色列", "Israel"),
        ("NL", "荷兰", "Netherlands"),
        ("CH", "瑞士", "Switzerland"),
        ("SE", "瑞典", "Sweden"),
        ("FI", "芬兰", "Finland"),
        ("IT", "意大利", "Italy"),
        ("CA", "加拿大", "Canada"),
        ("AU", "澳大利亚", "Australia"),
        ("BE", "比利时", "Belgium"),
        ("AT", "奥地利", "Austria"),
        ("DK", "丹麦", "Denmark"),
        ("NO", "挪威", "Norway"),
        ("ES", "西班牙", "Spain"),
        ("IN", "印度", "India"),
    ];
    names
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|(_, zh, en)| {
            if lang == crate::base::Lang::Zh {
                (*zh).to_owned()
            } else {
                (*en).to_owned()
            }
        })
        .unwrap_or_else(|| code.to_owned())
}

/// The organisations of `ids`, resolved by id; the unknown ones are returned as the error.
pub fn resolve_orgs(graph: &KnowledgeGraph, ids: &[String]) -> Result<Vec<OrgIndex>, Vec<String>> {
    let mut found = Vec::new();
    let mut missing = Vec::new();
    for id in ids {
        match graph.find_organisation(id) {
            Some(o) => found.push(o),
            None => missing.push(id.clone()),
        }
    }
    if missing.is_empty() {
        Ok(found)
    } else {
        Err(missing)
    }
}
