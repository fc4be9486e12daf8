//! `analyze trend`: how the collaboration network changed, year by year — collaborations, new ties
//! (pairs of organisations collaborating for the first time), active organisations, collaborations
//! per chain, the share of collaborations joining a university or research organisation with a
//! firm (产学研), and the firms that climbed the ladder: those whose `im:tierYear` (the year they
//! reached their current tier) is that year — new tech SMEs apart from firms reaching high-tech
//! enterprise, gazelle or unicorn. Firms that record no such year are not counted. The network itself over time is `innomap export --format gexf` (ties carry their
//! first year; Gephi's timeline plays it).
//!
//! A collaboration counts for a chain when one of its participants is in the chain (a firm's
//! `im:inChain`, or a resource backing the chain on the 8×10 list); a collaboration of two chains
//! counts for both. Years outside `from..=to` still make ties known, so a tie first seen before
//! `from` is not new later.
//!
//! Complexity: O(Σ participants²) over the collaborations, plus sorting them by year.

use crate::base::kind::Kind;
use crate::graph::{ChainIndex, CollaborationSpec, KnowledgeGraph, OrgIndex, Tier};
use crate::matching::composition::is_research;
use crate::matching::report::EntityRef;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// Options of [`trend`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TrendOptions {
    pub from: Option<i32>,
    pub to: Option<i32>,
}

/// One year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrendYear {
    pub year: i32,
    pub collaborations: usize,
    /// Pairs that collaborated for the first time this year.
    pub new_ties: usize,
    /// Organisations in at least one collaboration this year.
    pub active_organisations: usize,
    /// Organisations in their first collaboration this year.
    pub newcomers: usize,
    /// Collaborations with a university and a firm.
    pub university_firm: usize,
    /// Collaborations with a research organisation (university, lab, institute, new R&D
    /// institution) and a firm.
    pub research_firm: usize,
    /// `research_firm / collaborations`.
    #[serde(serialize_with = "crate::matching::report::serialize_rounded")]
    pub research_firm_share: f64,
    /// Collaborations per chain, in chain order (as `chains`).
    pub per_chain: Vec<usize>,
    /// Firms that reached tech SME (科技型中小企业) this year.
    pub new_tech_smes: usize,
    /// Firms that reached high-tech enterprise, gazelle or unicorn this year (climbed the ladder).
    pub climbed: usize,
}

/// The answer to `analyze trend`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrendReport {
    pub from: Option<i32>,
    pub to: Option<i32>,
    /// The chains of `per_chain`, in order.
    pub chains: Vec<EntityRef>,
    pub years: Vec<TrendYear>,
    /// Collaborations whose participants the map does not know (skipped).
    pub unknown_participants: usize,
    /// Firms that record the year they reached their tier (`im:tierYear`).
    pub tier_years_recorded: usize,
}

/// A firm's tier and the year it reached it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TierReached {
    pub firm: String,
    pub tier: Tier,
    pub year: i32,
}

/// Counts the history year by year; see the module documentation.
pub fn trend(
    graph: &KnowledgeGraph,
    collaborations: &[CollaborationSpec],
    tiers: &[TierReached],
    options: &TrendOptions,
) -> TrendReport {
    let chain_count = graph.chains().len();
    let mut sorted: Vec<&CollaborationSpec> = collaborations.iter().collect();
    sorted.sort_by(|a, b| a.year.cmp(&b.year).then_with(|| a.id.cmp(&b.id)));
    let mut known_pairs: HashSet<(u32, u32)> = HashSet::new();
    let mut seen: HashSet<u32> = HashSet::new();
    let mut years: BTreeMap<i32, TrendYear> = BTreeMap::new();
    let mut active: BTreeMap<i32, BTreeSet<u32>> = BTreeMap::new();
    let mut unknown = 0;
    for c in sorted {
        let mut orgs: Vec<OrgIndex> = c
            .participants
            .iter()
            .filter_map(|p| graph.find_organisation(p))
            .collect();
        orgs.sort_unstable();
        orgs.dedup();
        if orgs.len() < c.participants.len() {
            unknown += 1;
        }
        if orgs.len() < 2 {
            continue;
        }
        let counted =
            options.from.is_none_or(|f| c.year >= f) && options.to.is_none_or(|t| c.year <= t);
        let mut new_ties = 0;
        for (i, a) in orgs.iter().enumerate() {
            for b in &orgs[i + 1..] {
                if known_pairs.insert((a.0, b.0)) {
                    new_ties += 1;
                }
            }
        }
        let mut newcomers = 0;
        for o in &orgs {
            if seen.insert(o.0) {
                newcomers += 1;
            }
        }
        if !counted {
            continue;
        }
        let year = years
            .entry(c.year)
            .or_insert_with(|| empty_year(c.year, chain_count));
        year.collaborations += 1;
        year.new_ties += new_ties;
        year.newcomers += newcomers;
        let kinds: Vec<Kind> = orgs.iter().map(|&o| graph.organisation(o).kind).collect();
        let firm = kinds.contains(&Kind::Firm);
        if firm && kinds.contains(&Kind::University) {
            year.university_firm += 1;
        }
        if firm && kinds.iter().any(|&k| is_research(k)) {
            year.research_firm += 1;
        }
        let mut chains: BTreeSet<ChainIndex> = BTreeSet::new();
        for &o in &orgs {
            let org = graph.organisation(o);
            chains.extend(org.chains.iter().copied());
            chains.extend(org.supported_chains.iter().copied());
        }
        for ch in chains {
            year.per_chain[ch.index()] += 1;
        }
        active
            .entry(c.year)
            .or_default()
            .extend(orgs.iter().map(|o| o.0));
    }
    let in_window =
        |y: i32| options.from.is_none_or(|f| y >= f) && options.to.is_none_or(|t| y <= t);
    let mut recorded = 0;
    for t in tiers {
        if graph.find_organisation(&t.firm).is_none() {
            continue;
        }
        recorded += 1;
        if !in_window(t.year) {
            continue;
        }
        let year = years
            .entry(t.year)
            .or_insert_with(|| empty_year(t.year, chain_count));
        if t.tier == Tier::TechSme {
            year.new_tech_smes += 1;
        } else {
            year.climbed += 1;
        }
    }
    for (y, year) in years.iter_mut() {
        year.active_organisations = active.get(y).map_or(0, BTreeSet::len);
        year.research_firm_share = if year.collaborations == 0 {
            0.0
        } else {
            year.research_firm as f64 / year.collaborations as f64
        };
    }
    TrendReport {
        from: options.from,
        to: options.to,
        chains: (0..chain_count as u32)
            .map(|c| graph.chain_ref(ChainIndex(c)))
            .collect(),
        years: years.into_values().collect(),
        unknown_participants: unknown,
        tier_years_recorded: recorded,
    }
}

fn empty_year(year: i32, chain_count: usize) -> TrendYear {
    TrendYear {
        year,
        collaborations: 0,
        new_ties: 0,
        active_organisations: 0,
        newcomers: 0,
        university_firm: 0,
        research_firm: 0,
        research_firm_share: 0.0,
        per_chain: vec![0; chain_count],
        new_tech_smes: 0,
        climbed: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::CollaborationKind::JointProject;
    use crate::matching::testing::fixture_a;

    fn collab(id: &str, year: i32, participants: &[&str]) -> CollaborationSpec {
        CollaborationSpec {
            id: id.into(),
            kind: JointProject,
            year,
            participants: participants.iter().map(|s| s.to_string()).collect(),
        }
    }

    /// 2022: lead–y (new tie, 2 newcomers, university + firm). 2023: lead–y again (no new tie),
    /// lead–x–z (3 new ties, x and z new; firm + key lab: research but not university). 2024:
    /// ghost–lead (unknown participant, skipped). Chains: lead and x are in steel.
    #[test]
    fn years_worked_out_by_hand() {
        let graph = fixture_a();
        let history = [
            collab("c1", 2022, &["lead", "y"]),
            collab("c2", 2023, &["y", "lead"]),
            collab("c3", 2023, &["lead", "x", "z"]),
            collab("c4", 2024, &["ghost", "lead"]),
        ];
        let tiers = [
            TierReached {
                firm: "lead".into(),
                tier: Tier::HighTechEnterprise,
                year: 2023,
            },
            TierReached {
                firm: "x".into(),
                tier: Tier::TechSme,
                year: 2023,
            },
            TierReached {
                firm: "small".into(),
                tier: Tier::TechSme,
                year: 2019,
            },
            TierReached {
                firm: "ghost".into(),
                tier: Tier::Gazelle,
                year: 2023,
            },
        ];
        let report = trend(&graph, &history, &tiers, &TrendOptions::default());
        // The ladder: 2023 — lead climbed, x became a tech SME; 2019 — small (a year with no
        // collaboration, still listed); ghost is not in the map.
        assert_eq!(report.tier_years_recorded, 3);
        let y2019 = report.years.iter().find(|y| y.year == 2019).unwrap();
        assert_eq!((y2019.collaborations, y2019.new_tech_smes), (0, 1));
        let report = TrendReport {
            years: report
                .years
                .into_iter()
                .filter(|y| y.year != 2019)
                .collect(),
            ..report
        };
        assert_eq!(report.unknown_participants, 1);
        assert_eq!(report.years.len(), 2);
        let (a, b) = (&report.years[0], &report.years[1]);
        assert_eq!(
            (a.year, a.collaborations, a.new_ties, a.newcomers),
            (2022, 1, 1, 2)
        );
        assert_eq!((a.university_firm, a.research_firm), (1, 1));
        assert_eq!(
            (b.year, b.collaborations, b.new_ties, b.newcomers),
            (2023, 2, 3, 2)
        );
        assert_eq!(
            (b.university_firm, b.research_firm, b.active_organisations),
            (1, 2, 4)
        );
        assert_eq!((b.climbed, b.new_tech_smes), (1, 1));
        let steel = report.chains.iter().position(|c| c.id == "steel").unwrap();
        assert_eq!(b.per_chain[steel], 2);
        // From 2023 on: the 2022 tie is still known, so 2023's repeat is not new.
        let later = trend(
            &graph,
            &history,
            &[],
            &TrendOptions {
                from: Some(2023),
                to: None,
            },
        );
        assert_eq!(later.years.len(), 1);
        assert_eq!(later.years[0].new_ties, 3);
    }
}
