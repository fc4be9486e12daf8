//! [`KnowledgeGraph`]: the immutable, typed, in-memory graph the algorithms run on — entity tables,
//! the id index, capability holders, weighted relations, the CSR for hot loops and a petgraph
//! `UnGraph` for structure.

use crate::base::kind::Kind;
use crate::graph::csr::{Csr, CsrEdge};
use crate::graph::model::*;
use crate::graph::weights::WeightPolicy;
use petgraph::graph::{NodeIndex, UnGraph};
use petgraph::unionfind::UnionFind;
use std::collections::HashMap;

/// The accumulated collaborations between two organisations.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Tie {
    /// How many collaborations (up to `as_of`) they shared.
    pub count: u32,
    pub first_year: i32,
    pub last_year: i32,
    /// Bit set of [`CollaborationKind`]s; read with [`Tie::kinds`].
    pub(crate) kinds: u8,
    /// Σ event weights (see [`crate::graph::weights`]).
    pub weight: f64,
}

impl Tie {
    /// The kinds of collaboration behind this tie, in vocabulary order.
    pub fn kinds(&self) -> impl Iterator<Item = CollaborationKind> + '_ {
        CollaborationKind::ALL
            .into_iter()
            .filter(|k| self.kinds & k.bit() != 0)
    }
}

/// Everything that links two path nodes, merged into one undirected edge.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Relation {
    /// The smaller node.
    pub a: u32,
    /// The larger node.
    pub b: u32,
    /// Collaboration ties (organisations only).
    pub tie: Option<Tie>,
    /// One is the other's host.
    pub hosting: bool,
    /// A person and an organisation they are affiliated with.
    pub affiliation: bool,
    /// Σ of every relation's strength.
    pub strength: f64,
    /// `1 / (1 + strength)`.
    pub distance: f64,
}

/// The typed graph of organisations, people, capabilities, directions and chains.
///
/// Path nodes (`u32`) are organisations (node = [`OrgIndex`]) followed by people
/// (node = organisation count + [`PersonIndex`]). Capabilities, directions and chains are data on
/// the nodes, never path nodes.
#[derive(Debug, Clone)]
pub struct KnowledgeGraph {
    organisations: Vec<Organisation>,
    people: Vec<Person>,
    capabilities: Vec<Capability>,
    directions: Vec<Direction>,
    chains: Vec<Chain>,
    index: HashMap<String, EntityIndex>,
    holders: Vec<Vec<OrgIndex>>,
    relations: Vec<Relation>,
    csr: Csr,
    structure: UnGraph<u32, f64>,
    components: Vec<u32>,
    as_of: i32,
    policy: WeightPolicy,
}

/// What a saved graph holds (the projection cache, `crate::store::cache`): the tables and relations;
/// the CSR, the petgraph structure and the components are rebuilt from them on load (O(n + m)).
#[derive(serde::Serialize)]
struct SavedRef<'a> {
    organisations: &'a [Organisation],
    people: &'a [Person],
    capabilities: &'a [Capability],
    directions: &'a [Direction],
    chains: &'a [Chain],
    index: &'a HashMap<String, EntityIndex>,
    holders: &'a [Vec<OrgIndex>],
    relations: &'a [Relation],
    as_of: i32,
    policy: &'a WeightPolicy,
}

/// [`SavedRef`], owned, as read back.
#[derive(serde::Deserialize)]
struct Saved {
    organisations: Vec<Organisation>,
    people: Vec<Person>,
    capabilities: Vec<Capability>,
    directions: Vec<Direction>,
    chains: Vec<Chain>,
    index: HashMap<String, EntityIndex>,
    holders: Vec<Vec<OrgIndex>>,
    relations: Vec<Relation>,
    as_of: i32,
    policy: WeightPolicy,
}

impl serde::Serialize for KnowledgeGraph {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let saved = SavedRef {
            organisations: &self.organisations,
            people: &self.people,
            capabilities: &self.capabilities,
            directions: &self.directions,
            chains: &self.chains,
            index: &self.index,
            holders: &self.holders,
            relations: &self.relations,
            as_of: self.as_of,
            policy: &self.policy,
        };
        serde::Serialize::serialize(&saved, serializer)
    }
}

impl<'de> serde::Deserialize<'de> for KnowledgeGraph {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let saved = Saved::deserialize(deserializer)?;
        let nodes = saved.organisations.len() + saved.people.len();
        if saved
            .relations
            .iter()
            .any(|r| r.a as usize >= nodes || r.b as usize >= nodes)
            || saved.holders.len() != saved.capabilities.len()
        {
            return Err(serde::de::Error::custom(
                "a saved graph does not hold together",
            ));
        }
        Ok(KnowledgeGraph::assemble(
            saved.organisations,
            saved.people,
            saved.capabilities,
            saved.directions,
            saved.chains,
            saved.index,
            saved.holders,
            saved.relations,
            saved.as_of,
            saved.policy,
        ))
    }
}

/// A path node's id, labels and kind.
#[derive(Debug, Clone, Copy)]
pub struct NodeInfo<'a> {
    pub id: &'a str,
    pub labels: &'a Labels,
    pub kind: Kind,
}

impl KnowledgeGraph {
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn assemble(
        organisations: Vec<Organisation>,
        people: Vec<Person>,
        capabilities: Vec<Capability>,
        directions: Vec<Direction>,
        chains: Vec<Chain>,
        index: HashMap<String, EntityIndex>,
        holders: Vec<Vec<OrgIndex>>,
        relations: Vec<Relation>,
        as_of: i32,
        policy: WeightPolicy,
    ) -> KnowledgeGraph {
        let node_count = organisations.len() + people.len();
        let edges: Vec<CsrEdge> = relations
            .iter()
            .map(|r| CsrEdge {
                a: r.a,
                b: r.b,
                distance: r.distance,
                strength: r.strength,
            })
            .collect();
        let csr = Csr::from_edges(node_count, &edges);
        let mut structure = UnGraph::with_capacity(node_count, relations.len());
        for v in 0..node_count as u32 {
            structure.add_node(v);
        }
        let mut union_find = UnionFind::<u32>::new(node_count);
        for r in &relations {
            structure.add_edge(
                NodeIndex::new(r.a as usize),
                NodeIndex::new(r.b as usize),
                r.distance,
            );
            union_find.union(r.a, r.b);
        }
        // Component ids: the smallest node of each component, so they are stable and deterministic.
        let components = (0..node_count as u32)
            .map(|v| union_find.find(v))
            .collect::<Vec<_>>();
        let mut smallest: HashMap<u32, u32> = HashMap::new();
        for (v, root) in components.iter().enumerate() {
            smallest.entry(*root).or_insert(v as u32);
        }
        let components = components.iter().map(|root| smallest[root]).collect();
        KnowledgeGraph {
            organisations,
            people,
            capabilities,
            directions,
            chains,
            index,
            holders,
            relations,
            csr,
            structure,
            components,
            as_of,
            policy,
        }
    }

    /// A copy in which the organisations of `orgs` count as local actors (on the city's 8×10 list),
    /// for what-if analyses. O(size of the graph).
    pub fn with_local(&self, orgs: &[OrgIndex]) -> KnowledgeGraph {
        let mut graph = self.clone();
        for &o in orgs {
            if let Some(org) = graph.organisations.get_mut(o.index()) {
                if !org.is_local() {
                    org.locality = Locality::OnCityList;
                }
            }
        }
        graph
    }

    /// Organisations, sorted by id.
    pub fn organisations(&self) -> &[Organisation] {
        &self.organisations
    }

    pub fn organisation(&self, org: OrgIndex) -> &Organisation {
        &self.organisations[org.index()]
    }

    /// People, sorted by id.
    pub fn people(&self) -> &[Person] {
        &self.people
    }

    /// Capabilities, sorted by id.
    pub fn capabilities(&self) -> &[Capability] {
        &self.capabilities
    }

    pub fn capability(&self, capability: CapabilityIndex) -> &Capability {
        &self.capabilities[capability.index()]
    }

    /// Directions, sorted by id.
    pub fn directions(&self) -> &[Direction] {
        &self.directions
    }

    pub fn direction(&self, direction: DirectionIndex) -> &Direction {
        &self.directions[direction.index()]
    }

    /// Chains, sorted by id.
    pub fn chains(&self) -> &[Chain] {
        &self.chains
    }

    pub fn chain(&self, chain: ChainIndex) -> &Chain {
        &self.chains[chain.index()]
    }

    /// What `id` names, if anything.
    pub fn find(&self, id: &str) -> Option<EntityIndex> {
        self.index.get(id).copied()
    }

    /// The organisation with this id.
    pub fn find_organisation(&self, id: &str) -> Option<OrgIndex> {
        match self.find(id)? {
            EntityIndex::Organisation(o) => Some(o),
            _ => None,
        }
    }

    /// The direction with this id.
    pub fn find_direction(&self, id: &str) -> Option<DirectionIndex> {
        match self.find(id)? {
            EntityIndex::Direction(d) => Some(d),
            _ => None,
        }
    }

    /// The chain with this id.
    pub fn find_chain(&self, id: &str) -> Option<ChainIndex> {
        match self.find(id)? {
            EntityIndex::Chain(c) => Some(c),
            _ => None,
        }
    }

    /// The capability with this id.
    pub fn find_capability(&self, id: &str) -> Option<CapabilityIndex> {
        match self.find(id)? {
            EntityIndex::Capability(c) => Some(c),
            _ => None,
        }
    }

    /// The organisations holding `capability`, sorted (so in id order), local or not.
    pub fn holders(&self, capability: CapabilityIndex) -> &[OrgIndex] {
        &self.holders[capability.index()]
    }

    /// Every undirected relation, sorted by `(a, b)`.
    pub fn relations(&self) -> &[Relation] {
        &self.relations
    }

    /// The relation between two path nodes, if any. O(log degree).
    pub fn relation_between(&self, a: u32, b: u32) -> Option<&Relation> {
        let arc = self.csr.find_arc(a, b)?;
        Some(&self.relations[self.csr.arc_relation(arc) as usize])
    }

    /// The collaboration tie between two organisations, if any.
    pub fn tie_between(&self, a: OrgIndex, b: OrgIndex) -> Option<&Tie> {
        self.relation_between(a.0, b.0)?.tie.as_ref()
    }

    /// The compact adjacency of the path graph.
    pub fn csr(&self) -> &Csr {
        &self.csr
    }

    /// The path graph as a petgraph `UnGraph` (node weight: path node, edge weight: distance), for
    /// structure and small-graph reference algorithms. Its node indices equal the path nodes.
    pub fn structure(&self) -> &UnGraph<u32, f64> {
        &self.structure
    }

    /// The connected component of a path node, named by its smallest node.
    pub fn component(&self, node: u32) -> u32 {
        self.components[node as usize]
    }

    /// The number of path nodes (organisations and people).
    pub fn node_count(&self) -> usize {
        self.organisations.len() + self.people.len()
    }

    /// The id, labels and kind of a path node.
    pub fn node_info(&self, node: u32) -> NodeInfo<'_> {
        let org_count = self.organisations.len();
        if (node as usize) < org_count {
            let o = &self.organisations[node as usize];
            NodeInfo {
                id: &o.id,
                labels: &o.labels,
                kind: o.kind,
            }
        } else {
            let p = &self.people[node as usize - org_count];
            NodeInfo {
                id: &p.id,
                labels: &p.labels,
                kind: Kind::Person,
            }
        }
    }

    /// The year recency is measured from.
    pub fn as_of(&self) -> i32 {
        self.as_of
    }

    /// The weight policy the graph was built with.
    pub fn weight_policy(&self) -> &WeightPolicy {
        &self.policy
    }
}

#[cfg(test)]
mod tests {
    use crate::base::kind::Kind;
    use crate::graph::*;

    fn labels(id: &str) -> Labels {
        Labels::new(format!("{id}-zh"), format!("{id}-en"))
    }

    fn small_builder() -> GraphBuilder {
        let mut b = GraphBuilder::new();
        b.add_chain("steel", labels("steel")).unwrap();
        b.add_capability(CapabilitySpec {
            id: "casting".into(),
            labels: labels("casting"),
            broader: None,
        })
        .unwrap();
        for id in ["b-firm", "a-firm", "c-lab"] {
            let kind = if id == "c-lab" {
                Kind::ProvincialKeyLab
            } else {
                Kind::Firm
            };
            b.add_organisation(
                OrganisationSpec::new(id, labels(id), kind, Locality::InCity)
                    .with_chains(&["steel"])
                    .with_capabilities(&["casting"]),
            )
            .unwrap();
        }
        b
    }

    #[test]
    fn ties_accumulate_by_kind_count_and_recency() {
        let mut b = small_builder();
        // a–b: joint project 2024 (1.0) + contracted R&D 2023 (0.5 · 0.8 = 0.4) → strength 1.4;
        // a–c: co-patent 2026, after as_of, ignored → no tie; c hosted by b → strength 3.
        for (id, kind, year, who) in [
            (
                "k1",
                CollaborationKind::JointProject,
                2024,
                ["a-firm", "b-firm"],
            ),
            (
                "k2",
                CollaborationKind::ContractedRd,
                2023,
                ["b-firm", "a-firm"],
            ),
            ("k3", CollaborationKind::CoPatent, 2026, ["a-firm", "c-lab"]),
        ] {
            b.add_collaboration(CollaborationSpec {
                id: id.into(),
                kind,
                year,
                participants: who.iter().map(|s| s.to_string()).collect(),
            });
        }
        let mut spec = OrganisationSpec::new(
            "d-lab",
            labels("d"),
            Kind::NationalKeyLab,
            Locality::Domestic,
        );
        spec.host = Some("b-firm".into());
        b.add_organisation(spec).unwrap();
        let policy = WeightPolicy {
            as_of: Some(2024),
            ..WeightPolicy::default()
        };
        let g = b.build(&policy).unwrap();
        let a = g.find_organisation("a-firm").unwrap();
        let bb = g.find_organisation("b-firm").unwrap();
        let c = g.find_organisation("c-lab").unwrap();
        let d = g.find_organisation("d-lab").unwrap();
        assert_eq!(
            (a.0, bb.0, c.0, d.0),
            (0, 1, 2, 3),
            "organisations are indexed in id order"
        );
        let tie = g.tie_between(a, bb).unwrap();
        assert_eq!((tie.count, tie.first_year, tie.last_year), (2, 2023, 2024));
        assert!((tie.weight - 1.4).abs() < 1e-12);
        let kinds: Vec<_> = tie.kinds().collect();
        assert_eq!(
            kinds,
            [
                CollaborationKind::JointProject,
                CollaborationKind::ContractedRd
            ]
        );
        assert!((g.relation_between(a.0, bb.0).unwrap().distance - 1.0 / 2.4).abs() < 1e-12);
        assert!(g.tie_between(a, c).is_none());
        let hosting = g.relation_between(d.0, bb.0).unwrap();
        assert!(hosting.hosting && (hosting.distance - 0.25).abs() < 1e-12);
        assert_eq!(g.component(d.0), 0);
        assert_eq!(g.component(c.0), 2);
        assert_eq!(g.structure().edge_count(), 2);
    }

    #[test]
    fn as_of_defaults_to_the_newest_collaboration_year() {
        let mut b = small_builder();
        b.add_collaboration(CollaborationSpec {
            id: "k".into(),
            kind: CollaborationKind::JointProject,
            year: 2021,
            participants: vec!["a-firm".into(), "c-lab".into()],
        });
        let g = b.build(&WeightPolicy::default()).unwrap();
        assert_eq!(g.as_of(), 2021);
    }

    #[test]
    fn builder_errors_are_typed() {
        let mut b = small_builder();
        let dup = b.add_organisation(OrganisationSpec::new(
            "casting",
            labels("x"),
            Kind::Firm,
            Locality::InCity,
        ));
        assert_eq!(
            dup.err(),
            Some(BuildError::DuplicateId {
                id: "casting".into()
            })
        );
        let person_kind = b.add_organisation(OrganisationSpec::new(
            "p",
            labels("p"),
            Kind::Person,
            Locality::InCity,
        ));
        assert!(matches!(
            person_kind,
            Err(BuildError::NotAnOrganisation { .. })
        ));

        // (what is added, expected error)
        type Case = (fn(&mut GraphBuilder), BuildError);
        let cases: Vec<Case> = vec![
            (
                |b| {
                    b.add_organisation(
                        OrganisationSpec::new("x", labels("x"), Kind::Firm, Locality::InCity)
                            .with_chains(&["nochain"]),
                    )
                    .unwrap();
                },
                BuildError::UnknownReference {
                    from: "x".into(),
                    field: "chain",
                    target: "nochain".into(),
                },
            ),
            (
                |b| {
                    b.add_direction(DirectionSpec {
                        id: "T01".into(),
                        notation: "T01".into(),
                        labels: labels("t"),
                        chain: "steel".into(),
                        required: vec!["a-firm".into()],
                    })
                    .unwrap();
                },
                BuildError::WrongReference {
                    from: "T01".into(),
                    field: "capability",
                    target: "a-firm".into(),
                    expected: "a capability",
                },
            ),
            (
                |b| {
                    b.add_collaboration(CollaborationSpec {
                        id: "k".into(),
                        kind: CollaborationKind::CoPatent,
                        year: 2020,
                        participants: vec!["a-firm".into(), "a-firm".into()],
                    });
                },
                BuildError::TooFewParticipants { id: "k".into() },
            ),
            (
                |b| {
                    b.add_organisation(
                        OrganisationSpec::new("x", labels("x"), Kind::Platform, Locality::InCity)
                            .with_host("x"),
                    )
                    .unwrap();
                },
                BuildError::SelfReference {
                    id: "x".into(),
                    field: "host",
                },
            ),
        ];
        for (add, expected) in cases {
            let mut b = small_builder();
            add(&mut b);
            assert_eq!(b.build(&WeightPolicy::default()).err(), Some(expected));
        }
    }
}
