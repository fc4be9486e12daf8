//! `analyze brokers`: who holds the collaboration network together — betweenness (see
//! [`betweenness`](mod@crate::analytics::betweenness)), the chains each organisation's partners
//! belong to (an organisation whose partners span two or more chains bridges them), and Louvain
//! communities (see [`communities`](mod@crate::analytics::communities)) with their chains.
//!
//! Complexity: betweenness O(k (n + m)) plus Louvain, plus O(m) for the chains.

use crate::analytics::{Betweenness, BetweennessOptions, CollaborationGraph, betweenness, louvain};
use crate::base::kind::Kind;
use crate::graph::{ChainIndex, KnowledgeGraph, Labels, Locality, OrgIndex};
use crate::matching::report::EntityRef;
use serde::Serialize;
use std::collections::BTreeMap;

/// Options of [`brokers`].
#[derive(Debug, Clone, PartialEq)]
pub struct BrokersOptions {
    /// Brokers and communities to list.
    pub top: usize,
    /// Compute betweenness exactly up to this many organisations; sample above.
    pub exact_limit: usize,
    /// Sources sampled above the limit.
    pub samples: usize,
    pub seed: u64,
    /// Force exact (true) or sampled (false) betweenness; `None`: by `exact_limit`.
    pub exact: Option<bool>,
}

impl Default for BrokersOptions {
    fn default() -> Self {
        BrokersOptions {
            top: 15,
            exact_limit: 20_000,
            samples: 2_000,
            seed: 1,
            exact: None,
        }
    }
}

/// How many of an organisation's partners are in one chain.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChainShare {
    pub chain: EntityRef,
    pub partners: usize,
}

/// One broker.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Broker {
    pub rank: usize,
    pub id: String,
    pub label: Labels,
    pub kind: Kind,
    pub locality: Locality,
    /// Normalised betweenness, 0–1.
    #[serde(serialize_with = "crate::matching::report::serialize_fine")]
    pub betweenness: f64,
    #[serde(serialize_with = "crate::matching::report::serialize_fine")]
    pub standard_error: f64,
    pub partners: usize,
    /// Its own chains (and those it backs on the 8×10 list).
    pub chains: Vec<EntityRef>,
    /// The chains of its partners, most partners first.
    pub partner_chains: Vec<ChainShare>,
    /// Its partners span two or more chains.
    pub bridges_chains: bool,
    /// Partners in a chain none of which is its main chain (its own first chain, or else the chain
    /// most of its partners are in).
    pub cross_chain_partners: usize,
    /// Betweenness × the share of its partners across chains: how much of its brokerage joins
    /// chains.
    #[serde(serialize_with = "crate::matching::report::serialize_fine")]
    pub bridge_score: f64,
    /// Its community (1 = the largest), when it is in one of two or more organisations.
    pub community: Option<u32>,
}

/// One community.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Community {
    /// 1 = the largest.
    pub id: u32,
    pub size: usize,
    /// Its chains by number of members, most first.
    pub chains: Vec<ChainShare>,
    /// The members with most partners inside, up to five.
    pub core: Vec<EntityRef>,
}

/// The answer to `analyze brokers`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BrokersReport {
    pub organisations: usize,
    /// Organisations with at least one collaboration tie.
    pub connected: usize,
    pub ties: usize,
    pub exact: bool,
    pub sources: usize,
    /// With sampling, the 95 % bound on every value's error.
    #[serde(serialize_with = "crate::matching::report::serialize_fine")]
    pub error_bound: f64,
    pub brokers: Vec<Broker>,
    /// Organisations with two or more partners across chains, by bridge score.
    pub chain_bridges: Vec<Broker>,
    #[serde(serialize_with = "crate::matching::report::serialize_rounded")]
    pub modularity: f64,
    /// Communities with two or more organisations.
    pub community_count: usize,
    pub communities: Vec<Community>,
}

fn chains_of(graph: &KnowledgeGraph, o: OrgIndex) -> Vec<ChainIndex> {
    let org = graph.organisation(o);
    let mut chains: Vec<ChainIndex> = org
        .chains
        .iter()
        .chain(&org.supported_chains)
        .copied()
        .collect();
    chains.sort_unstable();
    chains.dedup();
    chains
}

fn shares(graph: &KnowledgeGraph, counts: BTreeMap<ChainIndex, usize>) -> Vec<ChainShare> {
    let mut list: Vec<(ChainIndex, usize)> = counts.into_iter().collect();
    list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    list.into_iter()
        .map(|(c, partners)| ChainShare {
            chain: graph.chain_ref(c),
            partners,
        })
        .collect()
}

/// Finds brokers and communities.
pub fn brokers(graph: &KnowledgeGraph, options: &BrokersOptions) -> BrokersReport {
    let network = CollaborationGraph::new(graph);
    let n = network.node_count();
    let exact = options.exact.unwrap_or(n <= options.exact_limit);
    let centrality: Betweenness = betweenness(
        &network,
        &BetweennessOptions {
            samples: (!exact).then_some(options.samples),
            seed: options.seed,
        },
    );
    let partition = louvain(&network);

    // Communities of two or more, numbered by size (1 = the largest), then by first node.
    let mut members: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
    for v in network.active_nodes() {
        members
            .entry(partition.community[v as usize])
            .or_default()
            .push(v);
    }
    let mut groups: Vec<(u32, Vec<u32>)> =
        members.into_iter().filter(|(_, m)| m.len() >= 2).collect();
    groups.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.0.cmp(&b.0)));
    let number: BTreeMap<u32, u32> = groups
        .iter()
        .enumerate()
        .map(|(i, (c, _))| (*c, i as u32 + 1))
        .collect();

    let broker = |v: u32| -> Broker {
        let o = OrgIndex(v);
        let org = graph.organisation(o);
        let mut counts: BTreeMap<ChainIndex, usize> = BTreeMap::new();
        let partner_chains_of: Vec<Vec<ChainIndex>> = network
            .neighbours(v)
            .iter()
            .map(|&u| chains_of(graph, OrgIndex(u)))
            .collect();
        for chains in &partner_chains_of {
            for &c in chains {
                *counts.entry(c).or_default() += 1;
            }
        }
        let own = chains_of(graph, o);
        let partner_chains = shares(graph, counts);
        let main = own.first().copied().or_else(|| {
            partner_chains
                .first()
                .and_then(|s| graph.find_chain(&s.chain.id))
        });
        let cross = partner_chains_of
            .iter()
            .filter(|chains| !chains.is_empty() && main.is_none_or(|m| !chains.contains(&m)))
            .count();
        let partners = network.degree(v);
        let value = centrality.values[v as usize];
        Broker {
            rank: 0,
            id: org.id.clone(),
            label: org.labels.clone(),
            kind: org.kind,
            locality: org.locality,
            betweenness: value,
            standard_error: centrality.standard_errors[v as usize],
            partners,
            chains: own.iter().map(|&c| graph.chain_ref(c)).collect(),
            bridges_chains: partner_chains.len() >= 2,
            partner_chains,
            cross_chain_partners: cross,
            bridge_score: if partners == 0 {
                0.0
            } else {
                value * cross as f64 / partners as f64
            },
            community: number.get(&partition.community[v as usize]).copied(),
        }
    };
    let mut order: Vec<u32> = network.active_nodes();
    order.sort_by(|&a, &b| {
        centrality.values[b as usize]
            .total_cmp(&centrality.values[a as usize])
            .then_with(|| {
                graph
                    .organisation(OrgIndex(a))
                    .id
                    .cmp(&graph.organisation(OrgIndex(b)).id)
            })
    });
    let ranked = |list: Vec<Broker>| -> Vec<Broker> {
        list.into_iter()
            .enumerate()
            .map(|(i, mut b)| {
                b.rank = i + 1;
                b
            })
            .collect()
    };
    let brokers = ranked(order.iter().take(options.top).map(|&v| broker(v)).collect());
    let mut bridges: Vec<Broker> = order
        .iter()
        .filter(|&&v| centrality.values[v as usize] > 0.0)
        .map(|&v| broker(v))
        .filter(|b| b.cross_chain_partners >= 2)
        .collect();
    bridges.sort_by(|a, b| {
        b.bridge_score
            .total_cmp(&a.bridge_score)
            .then_with(|| a.id.cmp(&b.id))
    });
    bridges.truncate(options.top);
    let chain_bridges = ranked(bridges);

    let community_count = groups.len();
    let communities: Vec<Community> = groups
        .iter()
        .take(options.top)
        .map(|(id, m)| {
            let mut counts: BTreeMap<ChainIndex, usize> = BTreeMap::new();
            for &v in m {
                for c in chains_of(graph, OrgIndex(v)) {
                    *counts.entry(c).or_default() += 1;
                }
            }
            let mut core: Vec<(usize, u32)> = m
                .iter()
                .map(|&v| {
                    let inside = network
                        .neighbours(v)
                        .iter()
                        .filter(|&&u| partition.community[u as usize] == *id)
                        .count();
                    (inside, v)
                })
                .collect();
            core.sort_by(|a, b| {
                b.0.cmp(&a.0).then_with(|| {
                    graph
                        .organisation(OrgIndex(a.1))
                        .id
                        .cmp(&graph.organisation(OrgIndex(b.1)).id)
                })
            });
            Community {
                id: number[id],
                size: m.len(),
                chains: shares(graph, counts),
                core: core
                    .iter()
                    .take(5)
                    .map(|&(_, v)| graph.org_ref(OrgIndex(v)))
                    .collect(),
            }
        })
        .collect();
    BrokersReport {
        organisations: n,
        connected: network.active_nodes().len(),
        ties: network.edge_count(),
        exact: centrality.exact,
        sources: centrality.sources,
        error_bound: centrality.error_bound,
        brokers,
        chain_bridges,
        modularity: partition.modularity,
        community_count,
        communities,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::testing::fixture_a;

    /// Fixture A's ties: lead–x, lead–y, lead–z, small–y, y–ext-de. n = 8 organisations.
    /// y lies on the paths of small and ext-de to lead, x, z and each other: pairs (small, lead),
    /// (small, x), (small, z), (small, ext-de), (ext-de, lead), (ext-de, x), (ext-de, z): 7 of the
    /// 21 pairs without it. lead lies on the paths among x, z and {y, small, ext-de}: (x, z) and
    /// 2 × 3 more: 7 of 21. Ties in betweenness go to the id: lead before y.
    #[test]
    fn fixture_a_brokers_worked_out_by_hand() {
        let report = brokers(&fixture_a(), &BrokersOptions::default());
        assert!(report.exact);
        assert_eq!(
            (report.organisations, report.connected, report.ties),
            (8, 6, 5)
        );
        let top: Vec<(&str, f64)> = report
            .brokers
            .iter()
            .map(|b| (b.id.as_str(), b.betweenness))
            .collect();
        assert_eq!(top[0].0, "lead");
        assert_eq!(top[1].0, "y");
        assert!((top[0].1 - 7.0 / 21.0).abs() < 1e-12);
        assert!((top[1].1 - 7.0 / 21.0).abs() < 1e-12);
        assert!(top[2..].iter().all(|(_, b)| *b == 0.0));
        // lead's partners x (steel), y (no chain), z (no chain): one chain, so no bridge.
        assert!(!report.brokers[0].bridges_chains);
    }
}
