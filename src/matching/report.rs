//! The serializable results of matching: plain structs carrying ids and both labels, with every
//! float rounded to 4 decimals when serialized, so the CLI can print either language and the same
//! input gives the same bytes.

use crate::base::Lang;
use crate::base::kind::Kind;
use crate::graph::{CollaborationKind, KnowledgeGraph, Labels, Locality};
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

/// Decimal places kept in serialized floats.
pub const FLOAT_DECIMALS: i32 = 4;

/// `x` rounded to [`FLOAT_DECIMALS`] places, with `-0` written as `0`.
pub fn round_float(x: f64) -> f64 {
    let scale = 10f64.powi(FLOAT_DECIMALS);
    let r = (x * scale).round() / scale;
    if r == 0.0 { 0.0 } else { r }
}

/// Serializes a float rounded with [`round_float`].
pub fn serialize_rounded<S: Serializer>(x: &f64, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_f64(round_float(*x))
}

/// Serializes a small float (a centrality) rounded to eight decimals.
pub fn serialize_fine<S: Serializer>(x: &f64, serializer: S) -> Result<S::Ok, S::Error> {
    let r = (x * 1e8).round() / 1e8;
    serializer.serialize_f64(if r == 0.0 { 0.0 } else { r })
}

fn serialize_option_as_list<S: Serializer, T: Serialize>(
    x: &Option<T>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let list: Vec<&T> = x.iter().collect();
    list.serialize(serializer)
}

pub fn serialize_rounded_option<S: Serializer>(
    x: &Option<f64>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match x {
        Some(v) => serializer.serialize_some(&round_float(*v)),
        None => serializer.serialize_none(),
    }
}

/// Named parts of a score in a fixed order, serialized as a JSON object of rounded values.
/// The score they belong to is their sum.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScoreParts(pub Vec<(&'static str, f64)>);

impl ScoreParts {
    /// The sum of the parts.
    pub fn total(&self) -> f64 {
        self.0.iter().map(|(_, v)| v).sum()
    }

    /// The value of the part `name`.
    pub fn get(&self, name: &str) -> Option<f64> {
        self.0.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
    }
}

impl Serialize for ScoreParts {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, value) in &self.0 {
            map.serialize_entry(name, &round_float(*value))?;
        }
        map.end()
    }
}

/// A score part's name as people read it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartLabel {
    pub name: &'static str,
    pub label: Labels,
}

/// The people's names of score parts (覆盖度, 协作距离 …), in the parts' order.
pub fn part_labels(parts: &ScoreParts) -> Vec<PartLabel> {
    parts
        .0
        .iter()
        .map(|(name, _)| PartLabel {
            name,
            label: part_label(name),
        })
        .collect()
}

/// The label of one score part or signal.
pub fn part_label(name: &str) -> Labels {
    let (zh, en) = match name {
        "coverage" => ("覆盖度", "coverage"),
        "proximity" => ("协作距离", "proximity"),
        "prior_ties" => ("已有合作", "prior ties"),
        "level" => ("资源层级", "level"),
        "complementarity" => ("能力互补", "complementarity"),
        "technical_fit" => ("技术相近", "technical fit"),
        "direction_relevance" => ("方向相关", "direction relevance"),
        "activity" => ("合作活跃度", "activity"),
        "locality" => ("地域", "locality"),
        "recency" => ("合作新近度", "recency"),
        "same_chain" => ("同链", "same chain"),
        "common_partners" => ("共同伙伴", "common partners"),
        "same_place" => ("同地", "same place"),
        "kind_affinity" => ("类型偏好", "kind affinity"),
        "related" => ("相关能力", "related capabilities"),
        other => (other, other),
    };
    Labels::new(zh, en)
}

/// An id and its labels (a capability, a chain, a direction).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntityRef {
    pub id: String,
    pub label: Labels,
}

impl EntityRef {
    /// The label in `lang`.
    pub fn label(&self, lang: Lang) -> &str {
        self.label.get(lang)
    }
}

/// A path node — an organisation or a person — with its id, labels and kind.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NodeRef {
    pub id: String,
    pub label: Labels,
    pub kind: Kind,
}

/// A path through the collaboration graph, as nodes from one end to the other, and its length.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PathEvidence {
    #[serde(serialize_with = "serialize_rounded")]
    pub distance: f64,
    pub path: Vec<NodeRef>,
}

/// A direction as results name it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DirectionRef {
    pub id: String,
    pub notation: String,
    pub label: Labels,
}

/// Which algorithm formed a consortium.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Algorithm {
    /// Kargar & An (CIKM 2011): a leader, each required capability covered by its nearest holder,
    /// cost Σ distances to the leader; exact.
    #[default]
    LeaderDistance,
    /// Lappas, Liu & Terzi (KDD 2009), RarestFirst: seeded by a holder of the rarest capability,
    /// cost = the largest distance from the seed; leaderless (the seed is reported as `leader`).
    RarestFirst,
}

/// The leader of a consortium and the capabilities it covers itself.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Leader {
    pub id: String,
    pub label: Labels,
    pub kind: Kind,
    pub covers: Vec<EntityRef>,
}

/// A member besides the leader: what it covers and how it connects to the leader.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Member {
    pub id: String,
    pub label: Labels,
    pub kind: Kind,
    pub covers: Vec<EntityRef>,
    /// The shortest path from the member to the leader.
    pub evidence: PathEvidence,
    /// The composition rule that added the member (`research_member`, `other_segment`,
    /// `min_size`); absent for the members of the exact core.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub added_by: Option<&'static str>,
    /// Why the rule chose it, in both languages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<Labels>,
}

/// One proposed consortium.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Consortium {
    pub rank: usize,
    /// 匹配度, 0–100: the sum of `score_parts`.
    #[serde(serialize_with = "serialize_rounded")]
    pub score: f64,
    pub score_parts: ScoreParts,
    /// Each part's name as people read it.
    pub score_labels: Vec<PartLabel>,
    /// Why, in one line: coverage, distance, prior ties, what is missing.
    pub reason: Labels,
    /// Whether the consortium as listed is the algorithm's exact optimum for this leader: false when
    /// the size cap bound (the greedy fallback chose the core) or a composition rule added members.
    pub exact: bool,
    /// Whether the members that cover the capabilities (the core) are the exact optimum; false
    /// only when the size cap bound.
    pub core_exact: bool,
    /// The composition rules (see [`composition`](crate::matching::composition)), each met or not
    /// and why.
    pub rules: Vec<crate::matching::composition::RuleOutcome>,
    /// The objective the ranking minimises: Σ (leader distance) or max (RarestFirst) distance.
    #[serde(serialize_with = "serialize_rounded")]
    pub cost: f64,
    pub leader: Leader,
    pub members: Vec<Member>,
    pub covered: Vec<EntityRef>,
    pub uncovered: Vec<EntityRef>,
}

/// An organisation outside the local actors that holds a gap capability.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExternalCandidate {
    pub id: String,
    pub label: Labels,
    pub kind: Kind,
    pub locality: Locality,
    pub country: Option<String>,
    #[serde(serialize_with = "serialize_rounded")]
    pub score: f64,
    pub score_parts: ScoreParts,
    /// Distance to the nearest node of the top consortium, when connected.
    #[serde(serialize_with = "serialize_rounded_option")]
    pub distance: Option<f64>,
}

/// A required capability that no local actor holds, and whom to recruit for it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gap {
    pub capability: EntityRef,
    pub external_candidates: Vec<ExternalCandidate>,
}

/// The answer to `match consortium` for one direction.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConsortiumReport {
    pub direction: DirectionRef,
    pub chain: EntityRef,
    pub algorithm: Algorithm,
    pub required_capabilities: Vec<EntityRef>,
    pub consortia: Vec<Consortium>,
    pub gaps: Vec<Gap>,
}

/// The tie a partner already has with the firm.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TieEvidence {
    pub count: u32,
    pub first_year: i32,
    pub last_year: i32,
    pub kinds: Vec<CollaborationKind>,
}

/// Why a partner was proposed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartnerEvidence {
    /// Capabilities the partner holds and the firm does not, direction capabilities first, then by
    /// rarity.
    pub brings: Vec<EntityRef>,
    /// Of `brings`, the direction's required capabilities the firm lacks (empty without a direction).
    pub direction_brings: Vec<EntityRef>,
    pub tie: Option<TieEvidence>,
    /// The shortest path from the firm to the partner (empty when they are not connected).
    pub paths: Vec<PathEvidence>,
}

/// One proposed partner.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Partner {
    pub rank: usize,
    pub id: String,
    pub label: Labels,
    pub kind: Kind,
    /// 匹配度, 0–100.
    #[serde(serialize_with = "serialize_rounded")]
    pub score: f64,
    /// Weighted signals on the 0–100 scale; they sum to `score`.
    pub signals: ScoreParts,
    /// Each signal's name as people read it.
    pub signal_labels: Vec<PartLabel>,
    /// Why, in one line: what it brings, the tie or through whom it is reached.
    pub reason: Labels,
    pub existing_tie: bool,
    pub evidence: PartnerEvidence,
}

/// The answer to `match partners`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartnersReport {
    pub firm: NodeRef,
    pub direction: Option<DirectionRef>,
    pub as_of: i32,
    /// Partners that bring some of the direction's capabilities rank first (a direction without
    /// `broad`); otherwise the ranking is by score alone.
    pub direction_first: bool,
    pub partners: Vec<Partner>,
}

/// One direction's outcome in `match all`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DirectionAssignment {
    pub direction: DirectionRef,
    pub required_capabilities: Vec<EntityRef>,
    /// The round (from 1) in which the direction's consortium was accepted.
    pub round: usize,
    /// Saturated organisations the accepted solve had to do without, sorted by id.
    pub excluded: Vec<String>,
    /// Written as `consortia`, a list of zero or one, so that each entry has the shape of a
    /// `match consortium` result.
    #[serde(rename = "consortia", serialize_with = "serialize_option_as_list")]
    pub consortium: Option<Consortium>,
    pub gaps: Vec<Gap>,
    /// Why no consortium was formed, when the solve failed.
    pub error: Option<String>,
}

/// How many consortia a capacity-limited organisation is in.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LabLoad {
    pub id: String,
    pub label: Labels,
    pub kind: Kind,
    pub load: usize,
    pub capacity: usize,
    pub saturated: bool,
    /// Direction ids, sorted.
    pub directions: Vec<String>,
}

/// Totals of a `match all` run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MatchAllSummary {
    pub directions: usize,
    pub with_consortium: usize,
    pub fully_covered: usize,
    pub gaps: usize,
    pub saturated: usize,
    pub rounds: usize,
}

/// The answer to `match all`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MatchAllReport {
    pub capacity: usize,
    pub capped_kinds: Vec<Kind>,
    pub algorithm: Algorithm,
    pub summary: MatchAllSummary,
    pub directions: Vec<DirectionAssignment>,
    /// Capacity-limited organisations with a load, heaviest first, then by id.
    #[serde(rename = "load")]
    pub lab_load: Vec<LabLoad>,
}

impl KnowledgeGraph {
    /// The path node as results name it.
    pub fn node_ref(&self, node: u32) -> NodeRef {
        let info = self.node_info(node);
        NodeRef {
            id: info.id.to_owned(),
            label: info.labels.clone(),
            kind: info.kind,
        }
    }

    pub(crate) fn org_ref(&self, o: crate::graph::OrgIndex) -> EntityRef {
        let org = self.organisation(o);
        EntityRef {
            id: org.id.clone(),
            label: org.labels.clone(),
        }
    }

    pub(crate) fn capability_ref(&self, c: crate::graph::CapabilityIndex) -> EntityRef {
        let cap = self.capability(c);
        EntityRef {
            id: cap.id.clone(),
            label: cap.labels.clone(),
        }
    }

    pub(crate) fn direction_ref(&self, d: crate::graph::DirectionIndex) -> DirectionRef {
        let dir = self.direction(d);
        DirectionRef {
            id: dir.id.clone(),
            notation: dir.notation.clone(),
            label: dir.labels.clone(),
        }
    }

    pub(crate) fn chain_ref(&self, c: crate::graph::ChainIndex) -> EntityRef {
        let chain = self.chain(c);
        EntityRef {
            id: chain.id.clone(),
            label: chain.labels.clone(),
        }
    }

    pub(crate) fn path_evidence(&self, distance: f64, nodes: &[u32]) -> PathEvidence {
        PathEvidence {
            distance,
            path: nodes.iter().map(|&v| self.node_ref(v)).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_are_rounded_to_four_decimals_and_parts_keep_their_order() {
        for (x, rounded) in [
            (0.123449, 0.1234),
            (0.12345, 0.1235),
            (-0.00001, 0.0),
            (2.0, 2.0),
        ] {
            assert_eq!(round_float(x), rounded);
        }
        let parts = ScoreParts(vec![("zeta", 1.0 / 3.0), ("alpha", -0.5)]);
        assert_eq!(
            serde_json::to_string(&parts).unwrap(),
            r#"{"zeta":0.3333,"alpha":-0.5}"#
        );
        assert!((parts.total() + 1.0 / 6.0).abs() < 1e-12);
    }
}
