//! Subgraph selection, shared by every format: the whole map, an ego network, a direction with its
//! consortium, a chain, or a consortium read from a `match` JSON file; then `--kinds` and
//! `--max-nodes`. In-memory in, [`Subgraph`] out, no IO.
//!
//! The map the selections cut from has one node per organisation, person, capability, direction and
//! chain of the [`KnowledgeGraph`], and one edge per relation between them (see [`Relation`]).

use super::{Dropped, Edge, Node, Relation, Role, StoreFacts, Subgraph, Subject, round};
use crate::base::Lang;
use crate::base::error::Error;
use crate::base::kind::Kind;
use crate::base::kind::KindFilter;
use crate::graph::{KnowledgeGraph, Labels, OrgIndex};
use crate::matching::ConsortiumReport;
use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};

/// What to select.
#[derive(Debug, Clone, PartialEq)]
pub enum Selection {
    /// Every node of the map.
    Whole,
    /// The ego network of an entity: everything within `depth` hops. Chains are hubs: they are
    /// reached but not walked through (unless the focus is the chain).
    Focus { entity: String, depth: usize },
    /// A direction, its chain, its required capabilities, their local holders, and the consortium
    /// (when given; usually the top one from matching) with its gap candidates.
    Direction {
        direction: String,
        consortium: Option<ConsortiumPlan>,
    },
    /// A chain with the resources that back it, its directions and its firms.
    Chain { chain: String },
    /// A consortium alone: its direction and chain, the required capabilities, the leader, members and
    /// the external candidates for its gaps.
    Consortium(ConsortiumPlan),
}

/// Filters applied after selection.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SelectOptions {
    /// Keep only nodes of these kinds (empty: every kind).
    pub kinds: Vec<KindFilter>,
    /// Keep at most this many nodes: the selection's subject and consortium first, then the most
    /// connected (highest degree), ties by id.
    pub max_nodes: Option<usize>,
    /// Attach firms' annual figures (they must have been read into the facts too).
    pub include_financials: bool,
}

/// A member of a consortium and the capabilities it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanMember {
    pub id: String,
    pub covers: Vec<String>,
}

/// A consortium as selection needs it: ids only.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ConsortiumPlan {
    pub direction: String,
    pub leader: Option<String>,
    pub leader_covers: Vec<String>,
    pub members: Vec<PlanMember>,
    /// Required capabilities that no member covers.
    pub uncovered: Vec<String>,
    /// (gap capability, external candidate) pairs.
    pub candidates: Vec<(String, String)>,
}

impl ConsortiumPlan {
    /// The top consortium of a report (or only its gaps, when it has none).
    pub fn from_report(report: &ConsortiumReport) -> ConsortiumPlan {
        let mut plan = ConsortiumPlan {
            direction: report.direction.id.clone(),
            ..ConsortiumPlan::default()
        };
        if let Some(best) = report.consortia.first() {
            plan.leader = Some(best.leader.id.clone());
            plan.leader_covers = best.leader.covers.iter().map(|c| c.id.clone()).collect();
            plan.members = best
                .members
                .iter()
                .map(|m| PlanMember {
                    id: m.id.clone(),
                    covers: m.covers.iter().map(|c| c.id.clone()).collect(),
                })
                .collect();
            plan.uncovered = best.uncovered.iter().map(|c| c.id.clone()).collect();
        } else {
            plan.uncovered = report
                .required_capabilities
                .iter()
                .map(|c| c.id.clone())
                .collect();
        }
        for gap in &report.gaps {
            for candidate in &gap.external_candidates {
                plan.candidates
                    .push((gap.capability.id.clone(), candidate.id.clone()));
            }
        }
        plan
    }

    /// Reads the top consortium of `innomap match consortium --format json` output (in either
    /// language: only ids are read). `source` names the file in errors.
    pub fn from_json(json: &serde_json::Value, source: &str) -> Result<ConsortiumPlan, Error> {
        let bad = |what: &str| Error::Input {
            message: format!(
                "{source}: not a `match consortium` JSON report ({what}); write one with `innomap match consortium --direction D --format json`"
            ),
        };
        if json.get("directions").is_some() {
            return Err(bad(
                "it is a `match all` report; export one direction with --direction",
            ));
        }
        let id = |value: &serde_json::Value| value.get("id")?.as_str().map(str::to_owned);
        let ids = |value: Option<&serde_json::Value>| -> Vec<String> {
            value
                .and_then(|v| v.as_array())
                .map(|items| items.iter().filter_map(id).collect())
                .unwrap_or_default()
        };
        let direction = json
            .get("direction")
            .and_then(id)
            .ok_or_else(|| bad("no direction.id"))?;
        let consortia = json
            .get("consortia")
            .and_then(|c| c.as_array())
            .ok_or_else(|| bad("no consortia list"))?;
        let mut plan = ConsortiumPlan {
            direction,
            ..ConsortiumPlan::default()
        };
        match consortia.first() {
            Some(best) => {
                let leader = best.get("leader").ok_or_else(|| bad("no leader"))?;
                plan.leader = Some(id(leader).ok_or_else(|| bad("no leader.id"))?);
                plan.leader_covers = ids(leader.get("covers"));
                for member in best
                    .get("members")
                    .and_then(|m| m.as_array())
                    .into_iter()
                    .flatten()
                {
                    plan.members.push(PlanMember {
                        id: id(member).ok_or_else(|| bad("a member without id"))?,
                        covers: ids(member.get("covers")),
                    });
                }
                plan.uncovered = ids(best.get("uncovered"));
            }
            None => plan.uncovered = ids(json.get("required_capabilities")),
        }
        for gap in json
            .get("gaps")
            .and_then(|g| g.as_array())
            .into_iter()
            .flatten()
        {
            let Some(capability) = gap.get("capability").and_then(id) else {
                return Err(bad("a gap without capability.id"));
            };
            for candidate in ids(gap.get("external_candidates")) {
                plan.candidates.push((capability.clone(), candidate));
            }
        }
        Ok(plan)
    }

    /// Every id the plan names (for checking them against the map).
    pub fn ids(&self) -> Vec<&str> {
        let mut ids = vec![self.direction.as_str()];
        ids.extend(self.leader.as_deref());
        ids.extend(self.leader_covers.iter().map(String::as_str));
        for member in &self.members {
            ids.push(&member.id);
            ids.extend(member.covers.iter().map(String::as_str));
        }
        ids.extend(self.uncovered.iter().map(String::as_str));
        for (capability, candidate) in &self.candidates {
            ids.push(capability);
            ids.push(candidate);
        }
        ids
    }
}

/// The whole map as export nodes and edges, with adjacency.
struct MapGraph {
    nodes: Vec<Node>,
    edges: Vec<Edge>,
    index: HashMap<String, usize>,
    adjacency: Vec<Vec<usize>>,
}

impl MapGraph {
    fn position(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    fn neighbours(&self, node: usize) -> impl Iterator<Item = usize> + '_ {
        self.adjacency[node].iter().map(move |&e| {
            let edge = &self.edges[e];
            let other = if self.nodes[node].id == edge.source {
                &edge.target
            } else {
                &edge.source
            };
            self.index[other.as_str()]
        })
    }
}

fn build_map(graph: &KnowledgeGraph, facts: &StoreFacts, include_financials: bool) -> MapGraph {
    let as_of = graph.as_of();
    let mut nodes = Vec::new();
    let chain_id = |c: crate::graph::ChainIndex| graph.chain(c).id.clone();
    for org in graph.organisations() {
        let mut node = Node::new(&org.id, org.kind, org.labels.clone());
        node.tier = org.tier;
        node.level = org.level;
        node.leading_firm = org.leading_firm;
        node.segment = org.segment;
        node.locality = Some(org.locality);
        node.country = org.country.clone();
        node.chain = org
            .chains
            .first()
            .or(org.supported_chains.first())
            .map(|&c| chain_id(c));
        let mut chains: Vec<String> = org
            .chains
            .iter()
            .chain(&org.supported_chains)
            .map(|&c| chain_id(c))
            .collect();
        chains.sort();
        chains.dedup();
        node.chains = chains;
        if include_financials && org.kind == Kind::Firm {
            node.financials = facts.figures(&org.id, as_of).cloned();
        }
        nodes.push(node);
    }
    for person in graph.people() {
        nodes.push(Node::new(&person.id, Kind::Person, person.labels.clone()));
    }
    for capability in graph.capabilities() {
        nodes.push(Node::new(
            &capability.id,
            Kind::Capability,
            capability.labels.clone(),
        ));
    }
    for direction in graph.directions() {
        let mut node = Node::new(&direction.id, Kind::Direction, direction.labels.clone());
        node.notation = Some(direction.notation.clone());
        node.chain = Some(chain_id(direction.chain));
        node.chains = vec![chain_id(direction.chain)];
        nodes.push(node);
    }
    for chain in graph.chains() {
        let mut node = Node::new(&chain.id, Kind::Chain, chain.labels.clone());
        node.chain = Some(chain.id.clone());
        node.chains = vec![chain.id.clone()];
        nodes.push(node);
    }
    for node in &mut nodes {
        if let Some(f) = facts.entities.get(&node.id) {
            node.iri = Some(f.iri.clone());
            node.provenance = f.provenance;
            node.source = f.source.clone();
            node.description = f.description.clone();
        }
        if let Some(g) = facts.grades.get(&node.id) {
            node.grade = Some(super::GradeMark {
                grade: g.grade.clone(),
                score: g.score,
                year: g.year,
            });
        }
    }

    let mut edges = Vec::new();
    let org_count = graph.organisations().len() as u32;
    let policy = graph.weight_policy();
    for relation in graph.relations() {
        let a = graph.node_info(relation.a).id;
        let b = graph.node_info(relation.b).id;
        if let Some(tie) = &relation.tie {
            let (source, target) = if a < b { (a, b) } else { (b, a) };
            let mut edge = Edge::new(source, target, Relation::Collaboration);
            edge.kinds = tie.kinds().collect();
            edge.weight = round(tie.weight, 4);
            edge.year = Some(tie.last_year);
            edge.first_year = Some(tie.first_year);
            edge.count = tie.count;
            edges.push(edge);
        }
        if relation.hosting && relation.a < org_count && relation.b < org_count {
            let hosted_by_b =
                graph.organisation(OrgIndex(relation.a)).host == Some(OrgIndex(relation.b));
            let (sub, host) = if hosted_by_b { (a, b) } else { (b, a) };
            let mut edge = Edge::new(sub, host, Relation::HostedBy);
            edge.weight = round(policy.hosting_strength, 4);
            edges.push(edge);
        }
        if relation.affiliation {
            // People come after organisations, so `b` is the person.
            let mut edge = Edge::new(b, a, Relation::AffiliatedWith);
            edge.weight = round(policy.affiliation_strength, 4);
            edges.push(edge);
        }
    }
    for org in graph.organisations() {
        for &c in &org.capabilities {
            edges.push(Edge::new(&org.id, &graph.capability(c).id, Relation::Holds));
        }
        for &c in &org.chains {
            edges.push(Edge::new(&org.id, &chain_id(c), Relation::InChain));
        }
        for &c in &org.supported_chains {
            edges.push(Edge::new(&org.id, &chain_id(c), Relation::Supports));
        }
    }
    for person in graph.people() {
        for &c in &person.capabilities {
            edges.push(Edge::new(
                &person.id,
                &graph.capability(c).id,
                Relation::Holds,
            ));
        }
    }
    for direction in graph.directions() {
        for &c in &direction.required {
            edges.push(Edge::new(
                &direction.id,
                &graph.capability(c).id,
                Relation::Requires,
            ));
        }
        edges.push(Edge::new(
            &direction.id,
            &chain_id(direction.chain),
            Relation::InChain,
        ));
    }
    for capability in graph.capabilities() {
        if let Some(broader) = capability.broader {
            edges.push(Edge::new(
                &capability.id,
                &graph.capability(broader).id,
                Relation::Broader,
            ));
        }
    }
    let index: HashMap<String, usize> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.clone(), i))
        .collect();
    let mut adjacency = vec![Vec::new(); nodes.len()];
    for (e, edge) in edges.iter().enumerate() {
        adjacency[index[edge.source.as_str()]].push(e);
        adjacency[index[edge.target.as_str()]].push(e);
    }
    MapGraph {
        nodes,
        edges,
        index,
        adjacency,
    }
}

fn unknown(what: &str, id: &str) -> Error {
    Error::UnknownEntity {
        what: what.to_owned(),
        name: id.to_owned(),
        suggestions: Vec::new(),
    }
}

/// Selects a subgraph of `graph`. `facts` adds IRIs, provenance and (with
/// `options.include_financials`) figures; ids in `selection` must be ids of the graph (resolve names
/// with [`EntityIndex`](crate::base::names::EntityIndex) first).
///
/// Errors: an id that the graph does not hold ([`Error::UnknownEntity`]), or an entity of the wrong
/// kind for the selection. O(n + m) for the map's n nodes and m edges, plus O(k log k) sorting.
pub fn select(
    graph: &KnowledgeGraph,
    facts: &StoreFacts,
    selection: &Selection,
    options: &SelectOptions,
) -> Result<Subgraph, Error> {
    let map = build_map(graph, facts, options.include_financials);
    let expect = |id: &str, kind: Kind, what: &str| -> Result<usize, Error> {
        match map.position(id) {
            Some(i) if map.nodes[i].kind == kind => Ok(i),
            _ => Err(unknown(what, id)),
        }
    };
    let mut chosen: BTreeSet<usize> = BTreeSet::new();
    let mut roles: BTreeMap<usize, Role> = BTreeMap::new();
    let mut plan_to_apply: Option<&ConsortiumPlan> = None;
    let (title, subject) = match selection {
        Selection::Whole => {
            chosen.extend(0..map.nodes.len());
            (
                Labels::new(
                    "产业科技创新资源图谱（全图）",
                    "Innovation resource map (whole map)",
                ),
                Subject::Whole,
            )
        }
        Selection::Focus { entity, depth } => {
            let start = map
                .position(entity)
                .ok_or_else(|| unknown("entity", entity))?;
            let mut seen = vec![usize::MAX; map.nodes.len()];
            seen[start] = 0;
            let mut queue = VecDeque::from([start]);
            while let Some(v) = queue.pop_front() {
                chosen.insert(v);
                let hub = v != start && map.nodes[v].kind == Kind::Chain;
                if seen[v] >= *depth || hub {
                    continue;
                }
                for w in map.neighbours(v) {
                    if seen[w] == usize::MAX {
                        seen[w] = seen[v] + 1;
                        queue.push_back(w);
                    }
                }
            }
            roles.insert(start, Role::Subject);
            let node = &map.nodes[start];
            (
                Labels::new(
                    format!("{}的关系网络（{} 度）", node.label(Lang::Zh), depth),
                    format!("Network of {} (depth {})", node.label(Lang::En), depth),
                ),
                Subject::Focus {
                    id: node.id.clone(),
                    depth: *depth,
                },
            )
        }
        Selection::Chain { chain } => {
            let c = expect(chain, Kind::Chain, "chain")?;
            let chain_index = graph.chains().iter().position(|x| &x.id == chain);
            chosen.insert(c);
            roles.insert(c, Role::Subject);
            for direction in graph.directions() {
                if Some(direction.chain.index()) == chain_index {
                    chosen.insert(map.index[direction.id.as_str()]);
                }
            }
            for org in graph.organisations() {
                if chain_index
                    .is_some_and(|ci| org.serves_chain(crate::graph::ChainIndex(ci as u32)))
                {
                    chosen.insert(map.index[org.id.as_str()]);
                }
            }
            let node = &map.nodes[c];
            (
                Labels::new(
                    format!("产业链：{}——创新资源、攻关方向与企业", node.label(Lang::Zh)),
                    format!(
                        "Chain: {} — resources, directions and firms",
                        node.label(Lang::En)
                    ),
                ),
                Subject::Chain {
                    id: node.id.clone(),
                },
            )
        }
        Selection::Direction {
            direction,
            consortium,
        } => {
            let d = expect(direction, Kind::Direction, "direction")?;
            let record = graph
                .find_direction(direction)
                .map(|i| graph.direction(i))
                .ok_or_else(|| unknown("direction", direction))?;
            chosen.insert(d);
            chosen.insert(map.index[graph.chain(record.chain).id.as_str()]);
            for &c in &record.required {
                chosen.insert(map.index[graph.capability(c).id.as_str()]);
                for &holder in graph.holders(c) {
                    let org = graph.organisation(holder);
                    if org.is_local() {
                        chosen.insert(map.index[org.id.as_str()]);
                    }
                }
            }
            plan_to_apply = consortium.as_ref();
            let node = &map.nodes[d];
            (
                Labels::new(
                    format!("攻关方向 {}：创新联合体与能力持有者", node.label(Lang::Zh)),
                    format!(
                        "Direction {}: consortium and capability holders",
                        node.label(Lang::En)
                    ),
                ),
                Subject::Direction {
                    id: node.id.clone(),
                },
            )
        }
        Selection::Consortium(plan) => {
            let d = expect(&plan.direction, Kind::Direction, "direction")?;
            let record = graph
                .find_direction(&plan.direction)
                .map(|i| graph.direction(i))
                .ok_or_else(|| unknown("direction", &plan.direction))?;
            chosen.insert(d);
            chosen.insert(map.index[graph.chain(record.chain).id.as_str()]);
            for &c in &record.required {
                chosen.insert(map.index[graph.capability(c).id.as_str()]);
            }
            plan_to_apply = Some(plan);
            let node = &map.nodes[d];
            (
                Labels::new(
                    format!("创新联合体：攻关方向 {}", node.label(Lang::Zh)),
                    format!("Consortium for direction {}", node.label(Lang::En)),
                ),
                Subject::Consortium {
                    direction: node.id.clone(),
                },
            )
        }
    };

    // The consortium: its nodes join the selection and get roles.
    let mut extra_edges: Vec<Edge> = Vec::new();
    let mut covers: BTreeSet<(String, String)> = BTreeSet::new();
    if let Some(plan) = plan_to_apply {
        for id in plan.ids() {
            let i = map
                .position(id)
                .ok_or_else(|| unknown("consortium entity", id))?;
            chosen.insert(i);
        }
        let d = map.index[plan.direction.as_str()];
        roles.insert(d, Role::Subject);
        for capability in &plan.uncovered {
            roles.insert(map.index[capability.as_str()], Role::Gap);
        }
        for (_, candidate) in &plan.candidates {
            roles.insert(map.index[candidate.as_str()], Role::Candidate);
        }
        if let Some(leader) = &plan.leader {
            roles.insert(map.index[leader.as_str()], Role::Leader);
            extra_edges.push(Edge::new(leader, &plan.direction, Relation::Leads));
            for capability in &plan.leader_covers {
                covers.insert((leader.clone(), capability.clone()));
            }
            for member in &plan.members {
                roles.insert(map.index[member.id.as_str()], Role::Member);
                extra_edges.push(Edge::new(&member.id, leader, Relation::MemberOf));
                for capability in &member.covers {
                    covers.insert((member.id.clone(), capability.clone()));
                }
            }
        }
    }

    // Induced edges, with holds turned into covers for the consortium.
    let mut edges: Vec<Edge> = Vec::new();
    for edge in &map.edges {
        let (s, t) = (
            map.index[edge.source.as_str()],
            map.index[edge.target.as_str()],
        );
        if chosen.contains(&s) && chosen.contains(&t) {
            let mut edge = edge.clone();
            if edge.relation == Relation::Holds
                && covers.remove(&(edge.source.clone(), edge.target.clone()))
            {
                edge.relation = Relation::Covers;
            }
            edges.push(edge);
        }
    }
    for (org, capability) in covers {
        edges.push(Edge::new(&org, &capability, Relation::Covers));
    }
    edges.extend(extra_edges);

    let mut nodes: Vec<Node> = chosen
        .iter()
        .map(|&i| {
            let mut node = map.nodes[i].clone();
            node.role = roles.get(&i).copied();
            node
        })
        .collect();
    let mut dropped = Dropped {
        selected: nodes.len(),
        max_nodes: options.max_nodes,
        ..Dropped::default()
    };
    let edges_before = edges.len();
    if !options.kinds.is_empty() {
        nodes.retain(|n| options.kinds.iter().any(|f| f.matches(n.kind)));
        dropped.by_kinds = dropped.selected - nodes.len();
        retain_edges(&nodes, &mut edges);
    }
    set_degrees(&mut nodes, &edges);
    if let Some(max) = options.max_nodes {
        if nodes.len() > max {
            let mut ranked: Vec<usize> = (0..nodes.len()).collect();
            ranked.sort_by(|&a, &b| {
                let (x, y) = (&nodes[a], &nodes[b]);
                anchor_rank(x)
                    .cmp(&anchor_rank(y))
                    .then(y.degree.cmp(&x.degree))
                    .then(x.id.cmp(&y.id))
            });
            let keep: BTreeSet<usize> = ranked.into_iter().take(max).collect();
            let mut kept = Vec::with_capacity(max);
            for (i, node) in nodes.into_iter().enumerate() {
                if keep.contains(&i) {
                    kept.push(node);
                } else {
                    *dropped.by_max_nodes.entry(node.kind).or_default() += 1;
                }
            }
            nodes = kept;
            retain_edges(&nodes, &mut edges);
            set_degrees(&mut nodes, &edges);
        }
    }
    dropped.edges = edges_before - edges.len();
    nodes.sort_by(|a, b| a.id.cmp(&b.id));
    edges.sort_by(|a, b| {
        (a.source.as_str(), a.target.as_str(), a.relation).cmp(&(
            b.source.as_str(),
            b.target.as_str(),
            b.relation,
        ))
    });
    edges.dedup();
    Ok(Subgraph {
        title,
        subject,
        nodes,
        edges,
        dropped,
        as_of: graph.as_of(),
        include_financials: options.include_financials,
    })
}

/// Nodes that `--max-nodes` keeps first: the subject, then the consortium.
fn anchor_rank(node: &Node) -> u8 {
    match node.role {
        Some(Role::Subject) => 0,
        Some(Role::Leader) => 1,
        Some(Role::Member) => 2,
        Some(Role::Gap) => 3,
        _ => 4,
    }
}

fn retain_edges(nodes: &[Node], edges: &mut Vec<Edge>) {
    let ids: BTreeSet<&str> = nodes.iter().map(|n| n.id.as_str()).collect();
    edges.retain(|e| ids.contains(e.source.as_str()) && ids.contains(e.target.as_str()));
}

fn set_degrees(nodes: &mut [Node], edges: &[Edge]) {
    let mut degree: HashMap<&str, usize> = HashMap::new();
    for edge in edges {
        *degree.entry(edge.source.as_str()).or_default() += 1;
        *degree.entry(edge.target.as_str()).or_default() += 1;
    }
    let degrees: Vec<usize> = nodes
        .iter()
        .map(|n| degree.get(n.id.as_str()).copied().unwrap_or(0))
        .collect();
    for (node, d) in nodes.iter_mut().zip(degrees) {
        node.degree = d;
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::graph::{
        CapabilitySpec, CollaborationKind, CollaborationSpec, DirectionSpec, GraphBuilder, Level,
        Locality, OrganisationSpec, PersonSpec, TalentCategory, Tier, WeightPolicy,
    };

    fn labels(id: &str) -> Labels {
        Labels::new(format!("{id}中文"), format!("{id} en"))
    }

    /// A chain with one direction needing two capabilities; a leading firm, a lab it collaborated
    /// with, an outside university holding the second capability, a person.
    pub(crate) fn small_graph() -> KnowledgeGraph {
        let mut b = GraphBuilder::new();
        b.add_chain("steel", labels("steel")).unwrap();
        b.add_chain("textiles", labels("textiles")).unwrap();
        for id in ["casting", "rolling"] {
            b.add_capability(CapabilitySpec {
                id: id.into(),
                labels: labels(id),
                broader: None,
            })
            .unwrap();
        }
        b.add_direction(DirectionSpec {
            id: "T01".into(),
            notation: "T01".into(),
            labels: labels("direction"),
            chain: "steel".into(),
            required: vec!["casting".into(), "rolling".into()],
        })
        .unwrap();
        b.add_organisation(
            OrganisationSpec::new("big-firm", labels("big"), Kind::Firm, Locality::InCity)
                .with_chains(&["steel"])
                .with_capabilities(&["casting"])
                .with_tier(Tier::HighTechEnterprise)
                .with_leading_firm(true),
        )
        .unwrap();
        b.add_organisation(
            OrganisationSpec::new("lab", labels("lab"), Kind::NationalKeyLab, Locality::InCity)
                .with_capabilities(&["casting"])
                .with_level(Level::National),
        )
        .unwrap();
        b.add_chain_support("lab", "steel");
        b.add_organisation(
            OrganisationSpec::new(
                "far-uni",
                labels("uni"),
                Kind::University,
                Locality::Domestic,
            )
            .with_capabilities(&["rolling"]),
        )
        .unwrap();
        b.add_organisation(
            OrganisationSpec::new("weaver", labels("weaver"), Kind::Firm, Locality::InCity)
                .with_chains(&["textiles"]),
        )
        .unwrap();
        b.add_person(PersonSpec {
            id: "zhang".into(),
            labels: labels("zhang"),
            talent_category: TalentCategory::InnovationLeader,
            affiliations: vec!["big-firm".into()],
            capabilities: vec![],
        })
        .unwrap();
        b.add_collaboration(CollaborationSpec {
            id: "k1".into(),
            kind: CollaborationKind::JointProject,
            year: 2024,
            participants: vec!["big-firm".into(), "lab".into()],
        });
        b.build(&WeightPolicy::default()).unwrap()
    }

    fn ids(subgraph: &Subgraph) -> Vec<&str> {
        subgraph.nodes.iter().map(|n| n.id.as_str()).collect()
    }

    #[test]
    fn selections_pick_their_nodes() {
        let g = small_graph();
        let facts = StoreFacts::default();
        let options = SelectOptions::default();
        // (selection, expected node ids)
        let cases: Vec<(Selection, Vec<&str>)> = vec![
            (
                Selection::Focus {
                    entity: "big-firm".into(),
                    depth: 1,
                },
                vec!["big-firm", "casting", "lab", "steel", "zhang"],
            ),
            (
                Selection::Chain {
                    chain: "steel".into(),
                },
                vec!["T01", "big-firm", "lab", "steel"],
            ),
            (
                Selection::Direction {
                    direction: "T01".into(),
                    consortium: None,
                },
                vec!["T01", "big-firm", "casting", "lab", "rolling", "steel"],
            ),
        ];
        for (selection, expected) in cases {
            let subgraph = select(&g, &facts, &selection, &options).unwrap();
            assert_eq!(ids(&subgraph), expected, "{selection:?}");
        }
        let whole = select(&g, &facts, &Selection::Whole, &options).unwrap();
        assert_eq!(whole.nodes.len(), 10);
    }

    #[test]
    fn a_consortium_adds_roles_covers_and_candidates() {
        let g = small_graph();
        let plan = ConsortiumPlan {
            direction: "T01".into(),
            leader: Some("big-firm".into()),
            leader_covers: vec!["casting".into()],
            members: vec![],
            uncovered: vec!["rolling".into()],
            candidates: vec![("rolling".into(), "far-uni".into())],
        };
        let subgraph = select(
            &g,
            &StoreFacts::default(),
            &Selection::Consortium(plan),
            &SelectOptions::default(),
        )
        .unwrap();
        let role = |id: &str| subgraph.node(id).unwrap().role;
        assert_eq!(role("big-firm"), Some(Role::Leader));
        assert_eq!(role("rolling"), Some(Role::Gap));
        assert_eq!(role("far-uni"), Some(Role::Candidate));
        assert_eq!(role("T01"), Some(Role::Subject));
        let relation = |s: &str, t: &str| {
            subgraph
                .edges
                .iter()
                .filter(|e| e.source == s && e.target == t)
                .map(|e| e.relation)
                .collect::<Vec<_>>()
        };
        assert_eq!(relation("big-firm", "casting"), [Relation::Covers]);
        assert_eq!(relation("big-firm", "T01"), [Relation::Leads]);
        assert_eq!(relation("far-uni", "rolling"), [Relation::Holds]);
        assert!(subgraph.is_consortium());
    }

    #[test]
    fn kinds_and_max_nodes_filter_and_say_what_they_dropped() {
        let g = small_graph();
        let facts = StoreFacts::default();
        let options = SelectOptions {
            kinds: vec![KindFilter::Kind(Kind::Firm), KindFilter::Lab],
            ..SelectOptions::default()
        };
        let subgraph = select(&g, &facts, &Selection::Whole, &options).unwrap();
        assert_eq!(ids(&subgraph), ["big-firm", "lab", "weaver"]);
        assert_eq!(subgraph.dropped.by_kinds, 7);
        assert!(
            subgraph
                .edges
                .iter()
                .all(|e| e.relation == Relation::Collaboration)
        );

        let options = SelectOptions {
            max_nodes: Some(3),
            ..SelectOptions::default()
        };
        let subgraph = select(
            &g,
            &facts,
            &Selection::Chain {
                chain: "steel".into(),
            },
            &options,
        )
        .unwrap();
        // The chain (subject) first, then the most connected.
        assert_eq!(ids(&subgraph), ["big-firm", "lab", "steel"]);
        assert_eq!(
            subgraph.dropped.by_max_nodes,
            BTreeMap::from([(Kind::Direction, 1)])
        );
        let sentence = subgraph.dropped.describe(Lang::En).unwrap();
        assert!(sentence.contains("left out 1 (direction 1)"), "{sentence}");
    }

    #[test]
    fn unknown_and_wrongly_kinded_ids_are_errors() {
        let g = small_graph();
        let facts = StoreFacts::default();
        for selection in [
            Selection::Chain {
                chain: "T01".into(),
            },
            Selection::Focus {
                entity: "nobody".into(),
                depth: 1,
            },
        ] {
            let error = select(&g, &facts, &selection, &SelectOptions::default()).unwrap_err();
            assert!(matches!(error, Error::UnknownEntity { .. }), "{error}");
        }
    }
}
