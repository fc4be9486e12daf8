//! Leader gates: the hard conditions an organisation must meet to lead a consortium, as an options
//! struct whose defaults follow the Yangtze Delta guideline ("usually led by a leading tech firm,
//! sometimes by a major platform").

use crate::base::kind::Kind;
use crate::graph::{CapabilityIndex, DirectionIndex, KnowledgeGraph, Level, OrgIndex, Tier};

/// Which organisations may lead a consortium for a direction.
///
/// Default: a **firm** that is a local actor, is in the direction's chain, is a leading firm or of
/// tier ≥ high-tech enterprise, and holds at least one of the direction's required capabilities.
/// With [`LeaderGates::allow_major_platforms`], also a **major platform** — a platform, new R&D
/// institution or national key lab of provincial level or above that is in the chain or backs it on
/// the 8×10 list — holding at least one required capability.
///
/// And, whatever its kind, the leader's business must be the direction's: at least
/// [`LeaderGates::min_focus`] of its capabilities (default half) relate to the direction — required
/// by it, or sharing a broader field with a required capability (see [`relates_to_direction`]) — or
/// it holds at least that share of the required capabilities. A medical-device firm that also lists
/// one fermentation capability does not lead synthetic biology. A leading firm (龙头企业) of the chain
/// is exempt: the policy expects it to carry the chain's directions whatever else it does.
#[derive(Debug, Clone, PartialEq)]
pub struct LeaderGates {
    /// The leader must be a local actor (in the city or on its 8×10 list). Default true.
    pub require_local: bool,
    /// The leader must be in the direction's chain (platforms: or back it). Default true.
    pub require_chain: bool,
    /// A leading firm passes whatever its tier. Default true.
    pub leading_firm_passes: bool,
    /// Otherwise a firm needs at least this tier; `None` admits any firm. Default high-tech enterprise.
    pub min_tier: Option<Tier>,
    /// How many of the required capabilities the leader must hold itself. Default 1.
    pub min_required_held: usize,
    /// Admit major platforms as leaders. Default false.
    pub allow_major_platforms: bool,
    /// The lowest level of a major platform. Default provincial.
    pub platform_min_level: Level,
    /// The focus test: the least share of the leader's capabilities that relate to the direction,
    /// or of the required capabilities it holds, in 0–1; 0 turns the test off. Default 0.5.
    pub min_focus: f64,
}

impl Default for LeaderGates {
    fn default() -> Self {
        LeaderGates {
            require_local: true,
            require_chain: true,
            leading_firm_passes: true,
            min_tier: Some(Tier::HighTechEnterprise),
            min_required_held: 1,
            allow_major_platforms: false,
            platform_min_level: Level::Provincial,
            min_focus: 0.5,
        }
    }
}

/// Whether `capability` relates to `direction`: it is required, is the broader field of a required
/// capability, or shares its broader field with one. O(|required|).
pub fn relates_to_direction(
    graph: &KnowledgeGraph,
    direction: DirectionIndex,
    capability: CapabilityIndex,
) -> bool {
    let broader = graph.capability(capability).broader;
    graph.direction(direction).required.iter().any(|&r| {
        let field = graph.capability(r).broader;
        r == capability || field == Some(capability) || (broader.is_some() && field == broader)
    })
}

/// The kinds that count as major platforms when their level is high enough.
pub const MAJOR_PLATFORM_KINDS: [Kind; 3] =
    [Kind::Platform, Kind::NewRdInstitution, Kind::NationalKeyLab];

impl LeaderGates {
    /// Why `org` may not lead a consortium for `direction`: one reason per failed gate, empty when it
    /// passes. O(|required| log |held|).
    pub fn failures(
        &self,
        graph: &KnowledgeGraph,
        org: OrgIndex,
        direction: DirectionIndex,
    ) -> Vec<String> {
        let o = graph.organisation(org);
        let d = graph.direction(direction);
        let chain_id = &graph.chain(d.chain).id;
        let mut reasons = Vec::new();
        if self.require_local && !o.is_local() {
            reasons.push(
                "it is not a local actor (outside the city and not on its 8×10 list)".to_owned(),
            );
        }
        if o.kind == Kind::Firm {
            if self.require_chain && o.chains.binary_search(&d.chain).is_err() {
                reasons.push(format!("it is not in chain '{chain_id}'"));
            }
            let leading = self.leading_firm_passes && o.leading_firm;
            let tier_ok = match self.min_tier {
                None => true,
                Some(min) => o.tier.is_some_and(|t| t >= min),
            };
            if !leading && !tier_ok {
                let min = self.min_tier.map_or("any", Tier::as_str);
                reasons.push(format!(
                    "it is neither a leading firm nor of tier {min} or above"
                ));
            }
        } else if self.allow_major_platforms && MAJOR_PLATFORM_KINDS.contains(&o.kind) {
            if o.level.is_none_or(|l| l < self.platform_min_level) {
                reasons.push(format!(
                    "it is a {} below {} level",
                    o.kind,
                    self.platform_min_level.as_str()
                ));
            }
            if self.require_chain && !o.serves_chain(d.chain) {
                reasons.push(format!("it neither is in nor backs chain '{chain_id}'"));
            }
        } else {
            let allowed = if self.allow_major_platforms {
                "firms and major platforms"
            } else {
                "firms (major platforms only when allowed)"
            };
            reasons.push(format!("a {} cannot lead: leaders are {allowed}", o.kind));
        }
        let held = d.required.iter().filter(|&&c| o.holds(c)).count();
        if held < self.min_required_held {
            reasons.push(format!(
                "it holds {held} of the required capabilities, fewer than {}",
                self.min_required_held
            ));
        }
        let leading = o.kind == Kind::Firm && self.leading_firm_passes && o.leading_firm;
        if self.min_focus > 0.0 && !leading && !o.capabilities.is_empty() {
            let related = o
                .capabilities
                .iter()
                .filter(|&&c| relates_to_direction(graph, direction, c))
                .count();
            let share = related as f64 / o.capabilities.len() as f64;
            let held_share = if d.required.is_empty() {
                1.0
            } else {
                held as f64 / d.required.len() as f64
            };
            if share + 1e-9 < self.min_focus && held_share + 1e-9 < self.min_focus {
                reasons.push(format!(
                    "its business lies elsewhere: {related} of its {} capabilities relate to the direction \
                     and it holds {held} of {} required, both less than {:.0} %",
                    o.capabilities.len(),
                    d.required.len(),
                    self.min_focus * 100.0
                ));
            }
        }
        reasons
    }

    /// Whether `org` may lead a consortium for `direction`.
    pub fn admits(&self, graph: &KnowledgeGraph, org: OrgIndex, direction: DirectionIndex) -> bool {
        self.failures(graph, org, direction).is_empty()
    }

    /// Every organisation that passes the gates for `direction`, sorted. When a leader must hold a
    /// required capability only the holders of the required set are examined; otherwise every
    /// organisation is.
    pub fn eligible_leaders(
        &self,
        graph: &KnowledgeGraph,
        direction: DirectionIndex,
    ) -> Vec<OrgIndex> {
        let required = &graph.direction(direction).required;
        let mut pool: Vec<OrgIndex> = if self.min_required_held > 0 {
            required
                .iter()
                .flat_map(|&c| graph.holders(c).iter().copied())
                .collect()
        } else {
            (0..graph.organisations().len() as u32)
                .map(OrgIndex)
                .collect()
        };
        pool.sort_unstable();
        pool.dedup();
        pool.retain(|&o| self.admits(graph, o, direction));
        pool
    }
}
