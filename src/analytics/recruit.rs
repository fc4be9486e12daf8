//! `analyze recruit` (科技招商): outside organisations ranked by the gaps they would close across
//! the directions, and `--what-if`: `match all` re-run with some of them treated as local.
//!
//! # Ranking
//!
//! A **gap** is a required capability of a direction that no local actor holds (as in
//! `match consortium`). A candidate is an organisation elsewhere in China or abroad that holds at
//! least one gap capability. For each direction d, one multi-source search from the organisations
//! that may lead d (the default leader gates) gives every candidate its distance `dist_d` to the
//! nearest of them. A candidate's value (招引价值) is
//!
//! ```text
//! value = Σ over (d, c) it closes   ½ + ½ · proximity_d      proximity_d = 1 / (1 + dist_d), 0 when unconnected
//!       = gaps part (½ per direction–capability gap)  +  proximity part (½ · proximity_d per gap)
//! ```
//!
//! so a capability that several directions lack counts once per direction (the weighting by how many
//! directions need it), and a candidate already connected to the directions' leaders counts up to
//! twice as much as an unconnected one. Ties go to more directions, then the id. For the listed
//! candidates a search from the candidate finds the nearest leaders of the directions it closes and
//! the paths to them (through whom to approach).
//!
//! # Complexity
//!
//! One Dijkstra per direction with gaps, stopped once its candidates are settled, plus one per listed
//! candidate: O((D + top) · m log n) for D directions with gaps.
//!
//! # What-if
//!
//! [`what_if`] runs [`match_all`] on the graph as it is and on a copy in which the given organisations
//! count as local actors (on the city's list), and lists per direction the gaps, leader, members and
//! score before and after.

use crate::analytics::{PRIORITY_REGIONS, country_label};
use crate::base::Lang;
use crate::base::kind::Kind;
use crate::graph::{ChainIndex, DirectionIndex, KnowledgeGraph, Labels, Locality, OrgIndex};
use crate::matching::gaps::gap_capabilities;
use crate::matching::report::{DirectionRef, EntityRef, NodeRef, PathEvidence, ScoreParts};
use crate::matching::{LeaderGates, MatchAllOptions, MatchAllReport, ShortestPaths, match_all};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Options of [`recruit`].
#[derive(Debug, Clone, PartialEq)]
pub struct RecruitOptions {
    /// Only the directions of this chain.
    pub chain: Option<ChainIndex>,
    /// How many candidates to list.
    pub top: usize,
    /// How many nearest leaders (with paths) to give per listed candidate.
    pub leaders_per_candidate: usize,
    /// How many candidates to name per direction with gaps.
    pub per_direction: usize,
    /// Who may lead a direction (proximity is measured to them).
    pub gates: LeaderGates,
}

impl Default for RecruitOptions {
    fn default() -> Self {
        RecruitOptions {
            chain: None,
            top: 10,
            leaders_per_candidate: 3,
            per_direction: 3,
            gates: LeaderGates::default(),
        }
    }
}

/// The gaps one candidate closes in one direction.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClosedGaps {
    pub direction: DirectionRef,
    pub capabilities: Vec<EntityRef>,
    /// Distance to the nearest organisation that may lead the direction, when connected.
    #[serde(serialize_with = "crate::matching::report::serialize_rounded_option")]
    pub leader_distance: Option<f64>,
}

/// A local leader near a candidate, with the path from the candidate to it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NearLeader {
    pub leader: NodeRef,
    pub evidence: PathEvidence,
}

/// One outside organisation to recruit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecruitCandidate {
    pub rank: usize,
    pub id: String,
    pub label: Labels,
    pub kind: Kind,
    pub locality: Locality,
    pub country: Option<String>,
    pub country_label: Option<Labels>,
    /// In one of the plan's international cooperation targets (USA, Japan, Korea, Hong Kong, Macau).
    pub priority_region: bool,
    /// 招引价值: the sum of `score_parts`.
    #[serde(serialize_with = "crate::matching::report::serialize_rounded")]
    pub score: f64,
    pub score_parts: ScoreParts,
    /// Direction–capability gaps it closes.
    pub gaps_closed: usize,
    pub directions_closed: usize,
    pub closes: Vec<ClosedGaps>,
    pub nearest_leaders: Vec<NearLeader>,
    pub reason: Labels,
}

/// A direction with gaps and the best candidates that close some of them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DirectionGaps {
    pub direction: DirectionRef,
    pub chain: EntityRef,
    pub gaps: Vec<EntityRef>,
    /// Ids of the best candidates that close at least one of its gaps, best first.
    pub candidates: Vec<EntityRef>,
    /// Gaps no outside organisation in the map holds either.
    pub unfillable: Vec<EntityRef>,
}

/// The answer to `analyze recruit`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecruitReport {
    pub chain: Option<EntityRef>,
    pub directions: usize,
    /// Direction–capability gaps in all.
    pub gap_pairs: usize,
    pub candidates_considered: usize,
    pub directions_with_gaps: Vec<DirectionGaps>,
    pub candidates: Vec<RecruitCandidate>,
}

struct Tally {
    /// direction → gap capabilities it closes there
    closes: BTreeMap<DirectionIndex, Vec<crate::graph::CapabilityIndex>>,
    gaps_part: f64,
    proximity_part: f64,
}

/// Ranks outside organisations by the gaps they would close. See the module documentation.
pub fn recruit(graph: &KnowledgeGraph, options: &RecruitOptions) -> RecruitReport {
    let directions: Vec<DirectionIndex> = (0..graph.directions().len() as u32)
        .map(DirectionIndex)
        .filter(|&d| options.chain.is_none_or(|c| graph.direction(d).chain == c))
        .collect();
    let mut search = ShortestPaths::new(graph.node_count());
    let mut tallies: BTreeMap<OrgIndex, Tally> = BTreeMap::new();
    let mut leaders_of: BTreeMap<DirectionIndex, Vec<OrgIndex>> = BTreeMap::new();
    let mut distance_of: BTreeMap<(DirectionIndex, OrgIndex), Option<f64>> = BTreeMap::new();
    let mut with_gaps = Vec::new();
    let mut gap_pairs = 0;
    for &d in &directions {
        let gaps = gap_capabilities(graph, d);
        if gaps.is_empty() {
            continue;
        }
        gap_pairs += gaps.len();
        let mut holders: Vec<OrgIndex> = gaps
            .iter()
            .flat_map(|&c| graph.holders(c).iter().copied())
            .filter(|&h| graph.organisation(h).kind != Kind::Fund)
            .collect();
        holders.sort_unstable();
        holders.dedup();
        let leaders = options.gates.eligible_leaders(graph, d);
        let targets: Vec<u32> = holders.iter().map(|h| h.0).collect();
        let searched = !leaders.is_empty() && !targets.is_empty();
        if searched {
            let sources: Vec<u32> = leaders.iter().map(|l| l.0).collect();
            search.run(graph.csr(), &sources, Some(&targets));
        }
        for &h in &holders {
            let dist = if searched { search.distance(h.0) } else { None };
            distance_of.insert((d, h), dist);
            let proximity = dist.map_or(0.0, |x| 1.0 / (1.0 + x));
            let held: Vec<_> = gaps
                .iter()
                .copied()
                .filter(|&c| graph.organisation(h).holds(c))
                .collect();
            let tally = tallies.entry(h).or_insert_with(|| Tally {
                closes: BTreeMap::new(),
                gaps_part: 0.0,
                proximity_part: 0.0,
            });
            tally.gaps_part += 0.5 * held.len() as f64;
            tally.proximity_part += 0.5 * proximity * held.len() as f64;
            tally.closes.insert(d, held);
        }
        leaders_of.insert(d, leaders);
        with_gaps.push((d, gaps));
    }

    let mut ranked: Vec<(OrgIndex, &Tally)> = tallies.iter().map(|(&o, t)| (o, t)).collect();
    ranked.sort_by(|(a, ta), (b, tb)| {
        let sa = ta.gaps_part + ta.proximity_part;
        let sb = tb.gaps_part + tb.proximity_part;
        sb.total_cmp(&sa)
            .then_with(|| tb.closes.len().cmp(&ta.closes.len()))
            .then_with(|| graph.organisation(*a).id.cmp(&graph.organisation(*b).id))
    });

    let directions_with_gaps = with_gaps
        .iter()
        .map(|(d, gaps)| {
            let candidates: Vec<EntityRef> = ranked
                .iter()
                .filter(|(_, t)| t.closes.contains_key(d))
                .take(options.per_direction)
                .map(|(o, _)| graph.org_ref(*o))
                .collect();
            let unfillable = gaps
                .iter()
                .filter(|&&c| {
                    graph
                        .holders(c)
                        .iter()
                        .all(|&h| graph.organisation(h).kind == Kind::Fund)
                })
                .map(|&c| graph.capability_ref(c))
                .collect();
            DirectionGaps {
                direction: graph.direction_ref(*d),
                chain: graph.chain_ref(graph.direction(*d).chain),
                gaps: gaps.iter().map(|&c| graph.capability_ref(c)).collect(),
                candidates,
                unfillable,
            }
        })
        .collect();

    let candidates = ranked
        .iter()
        .take(options.top)
        .enumerate()
        .map(|(i, (o, tally))| {
            candidate(
                graph,
                &mut search,
                i + 1,
                *o,
                tally,
                &leaders_of,
                &distance_of,
                options,
            )
        })
        .collect();

    RecruitReport {
        chain: options.chain.map(|c| graph.chain_ref(c)),
        directions: directions.len(),
        gap_pairs,
        candidates_considered: tallies.len(),
        directions_with_gaps,
        candidates,
    }
}

#[allow(clippy::too_many_arguments)]
fn candidate(
    graph: &KnowledgeGraph,
    search: &mut ShortestPaths,
    rank: usize,
    o: OrgIndex,
    tally: &Tally,
    leaders_of: &BTreeMap<DirectionIndex, Vec<OrgIndex>>,
    distance_of: &BTreeMap<(DirectionIndex, OrgIndex), Option<f64>>,
    options: &RecruitOptions,
) -> RecruitCandidate {
    let org = graph.organisation(o);
    let mut leaders: Vec<OrgIndex> = tally
        .closes
        .keys()
        .flat_map(|d| leaders_of[d].iter().copied())
        .collect();
    leaders.sort_unstable();
    leaders.dedup();
    let mut nearest_leaders = Vec::new();
    if !leaders.is_empty() && options.leaders_per_candidate > 0 {
        let targets: Vec<u32> = leaders.iter().map(|l| l.0).collect();
        search.run(graph.csr(), &[o.0], Some(&targets));
        let mut reached: Vec<(f64, OrgIndex)> = leaders
            .iter()
            .filter_map(|&l| search.distance(l.0).map(|d| (d, l)))
            .collect();
        reached.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
        for (d, l) in reached.into_iter().take(options.leaders_per_candidate) {
            let path = search.path_to(l.0).unwrap_or_default();
            nearest_leaders.push(NearLeader {
                leader: graph.node_ref(l.0),
                evidence: graph.path_evidence(d, &path),
            });
        }
    }
    let closes: Vec<ClosedGaps> = tally
        .closes
        .iter()
        .map(|(d, caps)| ClosedGaps {
            direction: graph.direction_ref(*d),
            capabilities: caps.iter().map(|&c| graph.capability_ref(c)).collect(),
            leader_distance: distance_of.get(&(*d, o)).copied().flatten(),
        })
        .collect();
    let gaps_closed: usize = tally.closes.values().map(Vec::len).sum();
    let country = org.country.clone();
    let priority_region = country
        .as_deref()
        .is_some_and(|c| PRIORITY_REGIONS.contains(&c));
    let reason = reason(graph, tally, gaps_closed, &nearest_leaders);
    RecruitCandidate {
        rank,
        id: org.id.clone(),
        label: org.labels.clone(),
        kind: org.kind,
        locality: org.locality,
        country_label: country
            .as_deref()
            .map(|c| Labels::new(country_label(c, Lang::Zh), country_label(c, Lang::En))),
        country,
        priority_region,
        score: tally.gaps_part + tally.proximity_part,
        score_parts: ScoreParts(vec![
            ("gaps", tally.gaps_part),
            ("proximity", tally.proximity_part),
        ]),
        gaps_closed,
        directions_closed: tally.closes.len(),
        closes,
        nearest_leaders,
        reason,
    }
}

fn reason(
    graph: &KnowledgeGraph,
    tally: &Tally,
    gaps_closed: usize,
    nearest: &[NearLeader],
) -> Labels {
    let notations: Vec<&str> = tally
        .closes
        .keys()
        .map(|&d| graph.direction(d).notation.as_str())
        .collect();
    let mut zh = format!(
        "可填补 {} 个方向的 {gaps_closed} 项能力缺口（{}）",
        tally.closes.len(),
        notations.join("、")
    );
    let mut en = format!(
        "closes {gaps_closed} capability gaps in {} directions ({})",
        tally.closes.len(),
        notations.join(", ")
    );
    match nearest.first() {
        Some(n) if n.evidence.path.len() > 2 => {
            let via = &n.evidence.path[1];
            zh.push_str(&format!(
                "；经{}联系{}（距离 {:.2}）",
                via.label.zh, n.leader.label.zh, n.evidence.distance
            ));
            en.push_str(&format!(
                "; reach {} through {} (distance {:.2})",
                n.leader.label.en, via.label.en, n.evidence.distance
            ));
        }
        Some(n) => {
            zh.push_str(&format!("；已与{}合作", n.leader.label.zh));
            en.push_str(&format!("; already works with {}", n.leader.label.en));
        }
        None => {
            zh.push_str("；与本地牵头企业尚无合作路径");
            en.push_str("; no collaboration path to a local leader yet");
        }
    }
    Labels::new(zh, en)
}

/// One direction before and after the what-if.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WhatIfDirection {
    pub direction: DirectionRef,
    pub gaps_before: Vec<EntityRef>,
    pub gaps_after: Vec<EntityRef>,
    /// Gaps the added organisations close.
    pub closed: Vec<EntityRef>,
    pub leader_before: Option<EntityRef>,
    pub leader_after: Option<EntityRef>,
    /// Members (leader excluded) only after, and only before.
    pub members_added: Vec<EntityRef>,
    pub members_removed: Vec<EntityRef>,
    #[serde(serialize_with = "crate::matching::report::serialize_rounded_option")]
    pub score_before: Option<f64>,
    #[serde(serialize_with = "crate::matching::report::serialize_rounded_option")]
    pub score_after: Option<f64>,
    pub changed: bool,
}

/// The answer to `analyze recruit --what-if`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WhatIfReport {
    /// The organisations treated as local.
    pub added: Vec<EntityRef>,
    pub gaps_before: usize,
    pub gaps_after: usize,
    pub directions: Vec<WhatIfDirection>,
}

/// Runs `match all` before and after treating `orgs` as local actors. O(2 × match all).
pub fn what_if(
    graph: &KnowledgeGraph,
    orgs: &[OrgIndex],
    options: &MatchAllOptions,
) -> WhatIfReport {
    let before = match_all(graph, options);
    let changed_graph = graph.with_local(orgs);
    let after = match_all(&changed_graph, options);
    compare(graph, orgs, &before, &after)
}

fn compare(
    graph: &KnowledgeGraph,
    orgs: &[OrgIndex],
    before: &MatchAllReport,
    after: &MatchAllReport,
) -> WhatIfReport {
    let mut directions = Vec::new();
    for (b, a) in before.directions.iter().zip(&after.directions) {
        debug_assert_eq!(b.direction.id, a.direction.id);
        let gaps = |x: &crate::matching::DirectionAssignment| -> Vec<EntityRef> {
            x.gaps.iter().map(|g| g.capability.clone()).collect()
        };
        let (gb, ga) = (gaps(b), gaps(a));
        let after_ids: BTreeSet<&str> = ga.iter().map(|g| g.id.as_str()).collect();
        let closed: Vec<EntityRef> = gb
            .iter()
            .filter(|g| !after_ids.contains(g.id.as_str()))
            .cloned()
            .collect();
        let leader = |x: &crate::matching::DirectionAssignment| {
            x.consortium.as_ref().map(|c| EntityRef {
                id: c.leader.id.clone(),
                label: c.leader.label.clone(),
            })
        };
        let members = |x: &crate::matching::DirectionAssignment| -> BTreeMap<String, EntityRef> {
            x.consortium
                .iter()
                .flat_map(|c| c.members.iter())
                .map(|m| {
                    (
                        m.id.clone(),
                        EntityRef {
                            id: m.id.clone(),
                            label: m.label.clone(),
                        },
                    )
                })
                .collect()
        };
        let (mb, ma) = (members(b), members(a));
        let members_added: Vec<EntityRef> = ma
            .iter()
            .filter(|(id, _)| !mb.contains_key(*id))
            .map(|(_, r)| r.clone())
            .collect();
        let members_removed: Vec<EntityRef> = mb
            .iter()
            .filter(|(id, _)| !ma.contains_key(*id))
            .map(|(_, r)| r.clone())
            .collect();
        let (lb, la) = (leader(b), leader(a));
        let score_before = b.consortium.as_ref().map(|c| c.score);
        let score_after = a.consortium.as_ref().map(|c| c.score);
        let changed = !closed.is_empty()
            || gb.len() != ga.len()
            || lb.as_ref().map(|l| &l.id) != la.as_ref().map(|l| &l.id)
            || !members_added.is_empty()
            || !members_removed.is_empty();
        directions.push(WhatIfDirection {
            direction: b.direction.clone(),
            gaps_before: gb,
            gaps_after: ga,
            closed,
            leader_before: lb,
            leader_after: la,
            members_added,
            members_removed,
            score_before,
            score_after,
            changed,
        });
    }
    WhatIfReport {
        added: orgs.iter().map(|&o| graph.org_ref(o)).collect(),
        gaps_before: before.summary.gaps,
        gaps_after: after.summary.gaps,
        directions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::testing::fixture_a;

    /// Fixture A: T01 requires a, b, c, d; d is held only outside (ext-de, international, and ext-bj,
    /// domestic). The leaders of T01 are `lead` (high-tech, holds a). ext-de is one joint project
    /// (0.5) from y, which is 0.25 from lead: distance 0.75, proximity 1/1.75; ext-bj is unconnected.
    /// Values: ext-de ½ + ½ · 0.5714 = 0.7857; ext-bj ½.
    #[test]
    fn candidates_rank_by_gaps_and_proximity_worked_out_by_hand() {
        let graph = fixture_a();
        let report = recruit(&graph, &RecruitOptions::default());
        assert_eq!(report.gap_pairs, 1);
        let ids: Vec<&str> = report.candidates.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["ext-de", "ext-bj"]);
        let de = &report.candidates[0];
        assert!((de.score - (0.5 + 0.5 / 1.75)).abs() < 1e-9, "{}", de.score);
        assert!((de.score_parts.total() - de.score).abs() < 1e-12);
        assert_eq!(de.gaps_closed, 1);
        assert_eq!(de.closes[0].capabilities[0].id, "d");
        let near = &de.nearest_leaders[0];
        assert_eq!(near.leader.id, "lead");
        let path: Vec<&str> = near.evidence.path.iter().map(|n| n.id.as_str()).collect();
        assert_eq!(path, ["ext-de", "y", "lead"]);
        assert!(
            !de.priority_region,
            "Germany is not one of the plan's targets"
        );
        assert_eq!(report.candidates[1].score, 0.5);
        assert!(report.candidates[1].nearest_leaders.is_empty());
        let t01 = &report.directions_with_gaps[0];
        assert_eq!(t01.candidates[0].id, "ext-de");
        assert!(t01.unfillable.is_empty());
    }

    #[test]
    fn what_if_closes_the_gap_of_the_added_candidate() {
        let graph = fixture_a();
        let de = graph.find_organisation("ext-de").unwrap();
        let report = what_if(&graph, &[de], &MatchAllOptions::default());
        assert_eq!((report.gaps_before, report.gaps_after), (1, 0));
        let t01 = &report.directions[0];
        assert_eq!(t01.closed.len(), 1);
        assert_eq!(t01.closed[0].id, "d");
        assert!(t01.changed);
        assert!(t01.members_added.iter().any(|m| m.id == "ext-de"));
    }
}
