//! Consortium composition rules: what the policy asks of a task-based innovation consortium
//! (任务型创新联合体) beyond covering the direction's capabilities — a research member (产学研), firms
//! of more than one chain segment (上下游) and a minimum size — applied after the exact search.
//!
//! The leader-distance optimum stays the core: the rules never remove or replace a member, they only
//! add organisations, so coverage and the core's cost are unchanged. A consortium that gained members
//! is no longer the bare optimum and says so (`exact` false, `core_exact` true). Each rule is on by
//! default and reported as `{name, satisfied, enforced, why}`; a rule that cannot be met (nobody
//! suitable in the map, or the `--size` cap) is reported unmet with the reason, never an error.
//!
//! | rule | met when | otherwise add (nearest first, after the preference) |
//! |---|---|---|
//! | `leader_relevance` (牵头单位相关) | the leader passes the gates, including their focus test | (nothing: a gate) |
//! | `research_member` (产学研) | a university, key lab, research institute or new R&D institution takes part | one holding a required capability; else the one most related to the direction |
//! | `other_segment` (上下游) | a firm of another chain segment than the leader's takes part | a firm of another segment holding a required capability, else a related one |
//! | `min_size` (最小规模) | at least `min_size` units, leader included | holders of required capabilities, then of related ones |
//!
//! "Related" is [`relates_to_direction`]: the capability is required, is a required capability's
//! broader field, or shares its field with one. A research organisation's relatedness counts its
//! related capabilities (2 points each), backing the direction's chain on the 8×10 list (2 points)
//! and prior ties with the team (1 point each).
//!
//! Only local actors that are not excluded (`--exclude`, or saturated under `match all`) and that
//! the graph connects to the leader are added; the path to the leader is their evidence.

use crate::base::Lang;
use crate::base::kind::Kind;
use crate::graph::{DirectionIndex, KnowledgeGraph, Labels, OrgIndex, Segment};
use crate::matching::dijkstra::ShortestPaths;
use crate::matching::gates::{LeaderGates, relates_to_direction};
use serde::Serialize;

/// Which composition rules apply. Default: all, with a minimum of 3 units.
#[derive(Debug, Clone, PartialEq)]
pub struct CompositionRules {
    /// 产学研: add a research organisation when none takes part.
    pub research_member: bool,
    /// 上下游: add a firm of another chain segment than the leader's when none takes part.
    pub other_segment: bool,
    /// The fewest units (leader included); 0 or 1 turns the rule off. Default 3.
    pub min_size: usize,
}

impl Default for CompositionRules {
    fn default() -> Self {
        CompositionRules {
            research_member: true,
            other_segment: true,
            min_size: 3,
        }
    }
}

impl CompositionRules {
    /// No rule: the bare leader-distance team.
    pub fn none() -> Self {
        CompositionRules {
            research_member: false,
            other_segment: false,
            min_size: 0,
        }
    }
}

/// The kinds that count as research members (产学研's 学 and 研).
pub const RESEARCH_KINDS: [Kind; 5] = [
    Kind::University,
    Kind::NationalKeyLab,
    Kind::ProvincialKeyLab,
    Kind::ResearchInstitute,
    Kind::NewRdInstitution,
];

/// Whether `kind` is a research organisation.
pub fn is_research(kind: Kind) -> bool {
    RESEARCH_KINDS.contains(&kind)
}

/// One rule's outcome for one consortium.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleOutcome {
    /// `leader_relevance`, `research_member`, `other_segment` or `min_size`.
    pub name: &'static str,
    pub label: Labels,
    pub satisfied: bool,
    /// Whether the rule was applied (on by default; off by option).
    pub enforced: bool,
    pub why: Labels,
}

/// An organisation a rule added, with its distance and path to the leader.
#[derive(Debug, Clone)]
pub(crate) struct Addition {
    pub org: OrgIndex,
    pub rule: &'static str,
    pub distance: f64,
    /// Member first, leader last.
    pub path: Vec<u32>,
    pub why: Labels,
}

/// A rule's name for people.
pub fn rule_label(name: &str) -> Labels {
    let (zh, en) = match name {
        "leader_relevance" => ("牵头单位相关", "leader relevance"),
        "research_member" => ("产学研", "research member"),
        "other_segment" => ("上下游", "up- and downstream"),
        "min_size" => ("最小规模", "minimum size"),
        other => (other, other),
    };
    Labels::new(zh, en)
}

fn outcome(name: &'static str, satisfied: bool, enforced: bool, why: Labels) -> RuleOutcome {
    RuleOutcome {
        name,
        label: rule_label(name),
        satisfied,
        enforced,
        why,
    }
}

fn both(zh: String, en: String) -> Labels {
    Labels::new(zh, en)
}

/// What `compose` needs besides the team.
pub(crate) struct Composer<'a> {
    pub graph: &'a KnowledgeGraph,
    pub direction: DirectionIndex,
    pub rules: &'a CompositionRules,
    pub gates: &'a LeaderGates,
    /// The most members besides the leader.
    pub size_cap: Option<usize>,
    /// Sorted.
    pub excluded: &'a [OrgIndex],
}

/// A candidate's preference key: lower sorts first.
type Key = (u32, i64, u64, OrgIndex);

impl Composer<'_> {
    /// Applies the rules to the team of `hub` and its `members`, using `search` (a single-source
    /// search from the hub, run here only when a rule needs a member). Returns the additions and
    /// every rule's outcome. Deterministic: candidates sort by preference, distance, then index.
    pub fn compose(
        &self,
        search: &mut ShortestPaths,
        hub: OrgIndex,
        members: &[OrgIndex],
    ) -> (Vec<Addition>, Vec<RuleOutcome>) {
        let graph = self.graph;
        let mut team: Vec<OrgIndex> = std::iter::once(hub)
            .chain(members.iter().copied())
            .collect();
        let mut additions: Vec<Addition> = Vec::new();
        let mut outcomes = vec![self.leader_relevance(hub)];
        let mut searched = false;
        let mut room = self
            .size_cap
            .map_or(usize::MAX, |cap| cap.saturating_sub(members.len()));

        // 产学研
        let present = team
            .iter()
            .find(|&&o| is_research(graph.organisation(o).kind))
            .copied();
        outcomes.push(match present {
            Some(o) => {
                let org = graph.organisation(o);
                outcome(
                    "research_member",
                    true,
                    self.rules.research_member,
                    both(
                        format!("{}（{}）参加", org.labels.zh, org.kind.label(Lang::Zh)),
                        format!("{} ({}) takes part", org.labels.en, org.kind.label(Lang::En)),
                    ),
                )
            }
            None if !self.rules.research_member => outcome(
                "research_member",
                false,
                false,
                both(
                    "没有高校、重点实验室或科研院所参加（规则已关闭）".into(),
                    "no university, key lab or institute takes part (rule turned off)".into(),
                ),
            ),
            None if room == 0 => outcome(
                "research_member",
                false,
                true,
                both(
                    "没有高校院所参加，成员数已达 --size 上限".into(),
                    "no research organisation takes part and the --size cap is reached".into(),
                ),
            ),
            None => {
                self.ensure_search(search, hub, &mut searched);
                match self.research_pick(search, &team) {
                    Some(add) => {
                        let why = add.why.clone();
                        team.push(add.org);
                        additions.push(add);
                        room -= 1;
                        outcome("research_member", true, true, why)
                    }
                    None => outcome(
                        "research_member",
                        false,
                        true,
                        both(
                            "图谱中没有与牵头单位相连、与本方向相关的本地高校院所".into(),
                            "no local research organisation related to the direction is connected to the leader".into(),
                        ),
                    ),
                }
            }
        });

        // 上下游
        let segment_outcome = self.segments(
            search,
            hub,
            &mut team,
            &mut additions,
            &mut room,
            &mut searched,
        );
        outcomes.push(segment_outcome);

        // 最小规模
        let min = self.rules.min_size;
        if min <= 1 {
            outcomes.push(outcome(
                "min_size",
                true,
                false,
                both(
                    format!("共 {} 家单位（规则已关闭）", team.len()),
                    format!("{} units (rule turned off)", team.len()),
                ),
            ));
        } else {
            let before = team.len();
            while team.len() < min && room > 0 {
                self.ensure_search(search, hub, &mut searched);
                let Some(add) = self.size_pick(search, &team) else {
                    break;
                };
                team.push(add.org);
                additions.push(add);
                room -= 1;
            }
            let n = team.len();
            let why = if n >= min && n == before {
                both(format!("共 {n} 家单位"), format!("{n} units"))
            } else if n >= min {
                both(
                    format!("共 {n} 家单位，其中 {} 家为凑足 {min} 家而加入", n - before),
                    format!("{n} units, {} added to reach {min}", n - before),
                )
            } else if room == 0 {
                both(
                    format!("仅 {n} 家单位：--size 上限不允许更多成员"),
                    format!("only {n} units: the --size cap allows no more members"),
                )
            } else {
                both(
                    format!(
                        "仅 {n} 家单位：图谱中没有更多与牵头单位相连、具备所需或相关能力的本地单位"
                    ),
                    format!(
                        "only {n} units: no other connected local actor holds a required or related capability"
                    ),
                )
            };
            outcomes.push(outcome("min_size", n >= min, true, why));
        }
        (additions, outcomes)
    }

    fn ensure_search(&self, search: &mut ShortestPaths, hub: OrgIndex, searched: &mut bool) {
        if !*searched {
            search.run(self.graph.csr(), &[hub.0], None);
            *searched = true;
        }
    }

    fn leader_relevance(&self, hub: OrgIndex) -> RuleOutcome {
        let graph = self.graph;
        let org = graph.organisation(hub);
        let d = graph.direction(self.direction);
        let held = d.required.iter().filter(|&&c| org.holds(c)).count();
        let related = org
            .capabilities
            .iter()
            .filter(|&&c| relates_to_direction(graph, self.direction, c))
            .count();
        let failures = self.gates.failures(graph, hub, self.direction);
        let in_chain = org.serves_chain(d.chain);
        let chain = &graph.chain(d.chain).labels;
        let leading = org.kind == Kind::Firm && org.leading_firm && in_chain;
        let why = both(
            format!(
                "{}{}产业链「{}」{}，持有 {held} 项所需能力，{related}/{} 项能力与方向相关{}",
                org.labels.zh,
                if in_chain { "属于" } else { "不属于" },
                chain.zh,
                if leading { "的龙头企业" } else { "" },
                org.capabilities.len(),
                if failures.is_empty() {
                    ""
                } else {
                    "（未通过牵头门槛，强制指定）"
                }
            ),
            format!(
                "{} is {}in chain '{}'{}, holds {held} required capabilities, {related} of its {} capabilities relate to the direction{}",
                org.labels.en,
                if in_chain { "" } else { "not " },
                chain.en,
                if leading { " as a leading firm" } else { "" },
                org.capabilities.len(),
                if failures.is_empty() {
                    ""
                } else {
                    " (fails the leader gates; forced)"
                }
            ),
        );
        outcome("leader_relevance", failures.is_empty(), true, why)
    }

    /// Whether `org` may be added: a local actor, not excluded, not in the team, reached.
    fn addable(&self, search: &ShortestPaths, team: &[OrgIndex], org: OrgIndex) -> Option<f64> {
        let o = self.graph.organisation(org);
        if !o.is_local()
            || team.contains(&org)
            || self.excluded.binary_search(&org).is_ok()
            || matches!(o.kind, Kind::Fund | Kind::PilotBase)
        {
            return None;
        }
        search.distance(org.0)
    }

    fn holds_required(&self, org: OrgIndex) -> Vec<crate::graph::CapabilityIndex> {
        let o = self.graph.organisation(org);
        self.graph
            .direction(self.direction)
            .required
            .iter()
            .copied()
            .filter(|&c| o.holds(c))
            .collect()
    }

    fn related(&self, org: OrgIndex) -> Vec<crate::graph::CapabilityIndex> {
        let o = self.graph.organisation(org);
        o.capabilities
            .iter()
            .copied()
            .filter(|&c| relates_to_direction(self.graph, self.direction, c))
            .collect()
    }

    fn names(&self, caps: &[crate::graph::CapabilityIndex], lang: Lang) -> String {
        let sep = if lang == Lang::Zh { "、" } else { ", " };
        caps.iter()
            .take(3)
            .map(|&c| self.graph.capability(c).labels.get(lang).to_owned())
            .collect::<Vec<_>>()
            .join(sep)
    }

    fn addition(
        &self,
        search: &ShortestPaths,
        org: OrgIndex,
        distance: f64,
        rule: &'static str,
        why: Labels,
    ) -> Addition {
        let mut path = search.path_to(org.0).unwrap_or_else(|| vec![org.0]);
        path.reverse();
        Addition {
            org,
            rule,
            distance,
            path,
            why,
        }
    }

    /// The best candidate among all organisations by `key` (None: not a candidate).
    fn best(
        &self,
        search: &ShortestPaths,
        team: &[OrgIndex],
        key: impl Fn(OrgIndex, f64) -> Option<(u32, i64)>,
    ) -> Option<(OrgIndex, f64)> {
        let mut best: Option<(Key, f64)> = None;
        for i in 0..self.graph.organisations().len() as u32 {
            let org = OrgIndex(i);
            let Some(distance) = self.addable(search, team, org) else {
                continue;
            };
            let Some((tier, score)) = key(org, distance) else {
                continue;
            };
            let k = (tier, -score, distance.to_bits(), org);
            if best.as_ref().is_none_or(|(b, _)| k < *b) {
                best = Some((k, distance));
            }
        }
        best.map(|((_, _, _, org), d)| (org, d))
    }

    fn research_pick(&self, search: &ShortestPaths, team: &[OrgIndex]) -> Option<Addition> {
        let graph = self.graph;
        let chain = graph.direction(self.direction).chain;
        let ties = |org: OrgIndex| {
            team.iter()
                .filter(|&&t| graph.tie_between(t, org).is_some())
                .count()
        };
        let (org, distance) = self.best(search, team, |org, _| {
            let o = graph.organisation(org);
            if !is_research(o.kind) {
                return None;
            }
            if !self.holds_required(org).is_empty() {
                return Some((0, 0));
            }
            let points = 2 * self.related(org).len()
                + if o.supported_chains.binary_search(&chain).is_ok() {
                    2
                } else {
                    0
                }
                + ties(org);
            (points > 0).then_some((1, points as i64))
        })?;
        let o = graph.organisation(org);
        let held = self.holds_required(org);
        let why = if !held.is_empty() {
            both(
                format!(
                    "加入{}（{}）：持有所需能力{}",
                    o.labels.zh,
                    o.kind.label(Lang::Zh),
                    self.names(&held, Lang::Zh)
                ),
                format!(
                    "added {} ({}): holds the required {}",
                    o.labels.en,
                    o.kind.label(Lang::En),
                    self.names(&held, Lang::En)
                ),
            )
        } else {
            let related = self.related(org);
            let backs = o.supported_chains.binary_search(&chain).is_ok();
            let tied = ties(org);
            let mut zh = vec![];
            let mut en = vec![];
            if !related.is_empty() {
                zh.push(format!("相关能力{}", self.names(&related, Lang::Zh)));
                en.push(format!(
                    "related capabilities {}",
                    self.names(&related, Lang::En)
                ));
            }
            if backs {
                zh.push("列入本产业链 8×10 支撑清单".to_owned());
                en.push("backs the chain on the 8×10 list".to_owned());
            }
            if tied > 0 {
                zh.push(format!("与 {tied} 家团队单位已有合作"));
                en.push(format!("has worked with {tied} of the team"));
            }
            both(
                format!(
                    "本地高校院所无人持有所需能力，取与方向最相关的{}（{}）：{}",
                    o.labels.zh,
                    o.kind.label(Lang::Zh),
                    zh.join("；")
                ),
                format!(
                    "no local research organisation holds a required capability; took the most related, {} ({}): {}",
                    o.labels.en,
                    o.kind.label(Lang::En),
                    en.join("; ")
                ),
            )
        };
        Some(self.addition(search, org, distance, "research_member", why))
    }

    /// The 上下游 rule: a firm of another segment than the leader's (or, when the leader is not a
    /// firm with a segment, than the team's firms).
    fn segments(
        &self,
        search: &mut ShortestPaths,
        hub: OrgIndex,
        team: &mut Vec<OrgIndex>,
        additions: &mut Vec<Addition>,
        room: &mut usize,
        searched: &mut bool,
    ) -> RuleOutcome {
        let graph = self.graph;
        let enforced = self.rules.other_segment;
        let segment_of = |o: OrgIndex| {
            let org = graph.organisation(o);
            (org.kind == Kind::Firm).then_some(org.segment).flatten()
        };
        let reference = segment_of(hub).or_else(|| team.iter().find_map(|&o| segment_of(o)));
        let Some(reference) = reference else {
            return outcome(
                "other_segment",
                false,
                enforced,
                both(
                    "牵头单位与成员企业均未记录产业链环节，无法判断上下游".into(),
                    "neither the leader nor a member firm has a chain segment recorded".into(),
                ),
            );
        };
        let label = |s: Segment| (s.label(Lang::Zh), s.label(Lang::En));
        if let Some(&o) = team
            .iter()
            .find(|&&o| segment_of(o).is_some_and(|s| s != reference))
        {
            let s = segment_of(o).unwrap_or(reference);
            let org = graph.organisation(o);
            return outcome(
                "other_segment",
                true,
                enforced,
                both(
                    format!(
                        "{}（{}）与牵头环节（{}）不同",
                        org.labels.zh,
                        label(s).0,
                        label(reference).0
                    ),
                    format!(
                        "{} ({}) sits on another segment than the leader ({})",
                        org.labels.en,
                        label(s).1,
                        label(reference).1
                    ),
                ),
            );
        }
        if !enforced {
            return outcome(
                "other_segment",
                false,
                false,
                both(
                    format!("所有企业均处{}（规则已关闭）", label(reference).0),
                    format!("every firm is {} (rule turned off)", label(reference).1),
                ),
            );
        }
        if *room == 0 {
            return outcome(
                "other_segment",
                false,
                true,
                both(
                    format!("所有企业均处{}，成员数已达 --size 上限", label(reference).0),
                    format!(
                        "every firm is {} and the --size cap is reached",
                        label(reference).1
                    ),
                ),
            );
        }
        self.ensure_search(search, hub, searched);
        let chain = graph.direction(self.direction).chain;
        let pick = self.best(search, team, |org, _| {
            let o = graph.organisation(org);
            if o.kind != Kind::Firm || o.segment.is_none_or(|s| s == reference) {
                return None;
            }
            let in_chain = i64::from(o.chains.binary_search(&chain).is_ok());
            if !self.holds_required(org).is_empty() {
                Some((0, in_chain))
            } else if !self.related(org).is_empty() {
                Some((1, in_chain))
            } else {
                None
            }
        });
        let Some((org, distance)) = pick else {
            return outcome(
                "other_segment",
                false,
                true,
                both(
                    format!(
                        "所有企业均处{}；图谱中没有与牵头单位相连、具备所需或相关能力的其他环节本地企业",
                        label(reference).0
                    ),
                    format!(
                        "every firm is {}; no connected local firm of another segment holds a required or related capability",
                        label(reference).1
                    ),
                ),
            );
        };
        let o = graph.organisation(org);
        let s = o.segment.unwrap_or(reference);
        let held = self.holds_required(org);
        let (caps_zh, caps_en) = if held.is_empty() {
            let related = self.related(org);
            (
                format!("相关能力{}", self.names(&related, Lang::Zh)),
                format!("related capabilities {}", self.names(&related, Lang::En)),
            )
        } else {
            (
                format!("所需能力{}", self.names(&held, Lang::Zh)),
                format!("the required {}", self.names(&held, Lang::En)),
            )
        };
        let why = both(
            format!(
                "加入{}环节企业{}（牵头单位处{}）：{caps_zh}",
                label(s).0,
                o.labels.zh,
                label(reference).0
            ),
            format!(
                "added the {} firm {} (the leader is {}): {caps_en}",
                label(s).1,
                o.labels.en,
                label(reference).1
            ),
        );
        let add = self.addition(search, org, distance, "other_segment", why.clone());
        team.push(org);
        additions.push(add);
        *room -= 1;
        outcome("other_segment", true, true, why)
    }

    fn size_pick(&self, search: &ShortestPaths, team: &[OrgIndex]) -> Option<Addition> {
        let (org, distance) = self.best(search, team, |org, _| {
            if !self.holds_required(org).is_empty() {
                Some((0, 0))
            } else if !self.related(org).is_empty() {
                Some((1, 0))
            } else {
                None
            }
        })?;
        let o = self.graph.organisation(org);
        let held = self.holds_required(org);
        let (zh, en) = if held.is_empty() {
            let related = self.related(org);
            (
                format!("相关能力{}", self.names(&related, Lang::Zh)),
                format!("related capabilities {}", self.names(&related, Lang::En)),
            )
        } else {
            (
                format!("所需能力{}（后备持有者）", self.names(&held, Lang::Zh)),
                format!(
                    "the required {} (a second holder)",
                    self.names(&held, Lang::En)
                ),
            )
        };
        let why = both(
            format!("为达到最小规模加入{}：{zh}", o.labels.zh),
            format!("added {} to reach the minimum size: {en}", o.labels.en),
        );
        Some(self.addition(search, org, distance, "min_size", why))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::testing::fixture_c;
    use crate::matching::{ConsortiumOptions, ConsortiumReport, form_consortium};

    fn run(options: ConsortiumOptions) -> ConsortiumReport {
        form_consortium(&fixture_c(), "D", &ConsortiumOptions { top: 1, ..options })
            .expect("fixture C solves")
    }

    fn members(report: &ConsortiumReport) -> Vec<(String, Option<&'static str>)> {
        report.consortia[0]
            .members
            .iter()
            .map(|m| (m.id.clone(), m.added_by))
            .collect()
    }

    fn rule<'a>(report: &'a ConsortiumReport, name: &str) -> &'a RuleOutcome {
        report.consortia[0]
            .rules
            .iter()
            .find(|r| r.name == name)
            .expect("every rule is reported")
    }

    fn owned(rows: &[(&str, Option<&'static str>)]) -> Vec<(String, Option<&'static str>)> {
        rows.iter().map(|(id, r)| (id.to_string(), *r)).collect()
    }

    /// By hand (fixture C): the core is lead + f2. No research member: u2 is nearer (0.25) but
    /// relates only by its tie with lead (1 point); u1 holds the related n (2 points) and has a tie
    /// (1 point), so u1 joins. Both firms are upstream: h (midstream, holds the required q, 1.25
    /// away) beats g (downstream, only the related n, 0.75 away). Four units, so the minimum of 3
    /// holds without more.
    #[test]
    fn every_rule_adds_the_member_worked_out_by_hand() {
        let report = run(ConsortiumOptions::default());
        let c = &report.consortia[0];
        assert_eq!(c.leader.id, "lead");
        assert_eq!(
            members(&report),
            owned(&[
                ("f2", None),
                ("u1", Some("research_member")),
                ("h", Some("other_segment")),
            ])
        );
        assert!(
            c.rules.iter().all(|r| r.satisfied && r.enforced),
            "{:?}",
            c.rules
        );
        assert_eq!((c.exact, c.core_exact), (false, true));
        assert!(rule(&report, "research_member").why.zh.contains("n·中"));
        assert!(rule(&report, "other_segment").why.zh.contains("中游"));
        // Coverage does not move; the added members count in the distance part.
        assert_eq!(c.covered.len(), 3);
        let h = &c.members[2];
        assert!((h.evidence.distance - 1.25).abs() < 1e-9);
        assert_eq!(h.evidence.path.last().map(|n| n.id.as_str()), Some("lead"));
    }

    /// desh ties lead's cost and sorts first by id: only the focus test keeps it from leading.
    #[test]
    fn the_focus_test_stops_a_leader_whose_business_lies_elsewhere() {
        assert_eq!(
            run(ConsortiumOptions::default()).consortia[0].leader.id,
            "lead"
        );
        let mut options = ConsortiumOptions::default();
        options.gates.min_focus = 0.0;
        assert_eq!(run(options).consortia[0].leader.id, "desh");
        let forced = form_consortium(
            &fixture_c(),
            "D",
            &ConsortiumOptions {
                leader: Some("desh".into()),
                ..ConsortiumOptions::default()
            },
        );
        let error = forced.expect_err("desh fails the gates").to_string();
        assert!(error.contains("business lies elsewhere"), "{error}");
    }

    /// With only the minimum size on: lead + f2 need one more; the nearest holder of a required
    /// capability not in the team is desh (p, 0.5), before h (q, 1.25).
    #[test]
    fn the_minimum_size_takes_the_nearest_second_holder() {
        let report = run(ConsortiumOptions {
            rules: CompositionRules {
                research_member: false,
                other_segment: false,
                min_size: 3,
            },
            ..ConsortiumOptions::default()
        });
        assert_eq!(
            members(&report),
            owned(&[("f2", None), ("desh", Some("min_size"))])
        );
        let research = rule(&report, "research_member");
        assert!(!research.satisfied && !research.enforced);
    }

    /// A size cap of one member leaves no room: the rules are reported unmet, with the cap as the
    /// reason, and the consortium is the exact core.
    #[test]
    fn a_size_cap_leaves_the_rules_unmet_and_says_why() {
        let report = run(ConsortiumOptions {
            size: Some(1),
            ..ConsortiumOptions::default()
        });
        assert_eq!(members(&report), owned(&[("f2", None)]));
        for name in ["research_member", "other_segment", "min_size"] {
            let r = rule(&report, name);
            assert!(!r.satisfied && r.enforced, "{r:?}");
            assert!(r.why.en.contains("--size"), "{r:?}");
        }
        assert!(report.consortia[0].exact);
    }

    #[test]
    fn without_rules_the_bare_optimum_stays() {
        let report = run(ConsortiumOptions {
            rules: CompositionRules::none(),
            ..ConsortiumOptions::default()
        });
        assert_eq!(members(&report), owned(&[("f2", None)]));
        assert!(report.consortia[0].exact);
        assert!(
            report.consortia[0]
                .rules
                .iter()
                .filter(|r| r.name != "leader_relevance")
                .all(|r| !r.enforced)
        );
    }
}
