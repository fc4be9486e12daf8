//! `match consortium`: forms the top-K diverse consortia for one direction — leader gates, the
//! exact per-capability searches, the size cap, the composition rules (see
//! [`composition`](crate::matching::composition); they only add members after the exact core),
//! ranking, scores with parts, evidence paths and gaps.
//!
//! # Ranking and score
//!
//! Consortia rank by the algorithm's objective: more required capabilities covered first, then
//! lower cost (Σ leader distances for [`Algorithm::LeaderDistance`], the largest seed distance for
//! [`Algorithm::RarestFirst`]), then leader id. Each consortium also carries a **score** (匹配度),
//! 0–100, the sum of these named parts, each a share of 100 in proportion to its weight in
//! [`ConsortiumWeights`] (default 50 / 25 / 15 / 10), times a value between 0 and 1:
//!
//! | part | value in 0–1 |
//! |---|---|
//! | `coverage` (覆盖度) | the share of required capabilities covered |
//! | `proximity` (协作距离) | `1 / (1 + mean distance from the leader to its members)`, members the composition rules added included; 1 without members |
//! | `prior_ties` (已有合作) | pairs of team organisations with a collaboration tie / pairs |
//! | `level` (资源层级) | mean standing of the team (see [`standing`]) |
//!
//! The first two restate the objective; the last two are context the objective does not optimise,
//! so a lower-ranked consortium can show a higher score — the rank is authoritative. A one-line
//! `reason` says the same in words.

use crate::graph::{CapabilityIndex, DirectionIndex, KnowledgeGraph, OrgIndex};
use crate::matching::composition::{Addition, Composer, CompositionRules, RuleOutcome};
use crate::matching::dijkstra::ShortestPaths;
use crate::matching::diversity::is_diverse;
use crate::matching::error::MatchError;
use crate::matching::gaps::{GapWeights, find_gaps};
use crate::matching::gates::LeaderGates;
use crate::matching::leader_distance::candidate_leaders;
use crate::matching::rarest_first::seeds;
use crate::matching::report::{
    Algorithm, Consortium, ConsortiumReport, Gap, Leader, Member, ScoreParts,
};
use crate::matching::signals::standing;
use crate::matching::size_cap::capped_team;
use crate::matching::team::{CostRule, OrderedCost, Team, exact_team};
use rayon::prelude::*;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// The weights of a consortium's score parts.
#[derive(Debug, Clone, PartialEq)]
pub struct ConsortiumWeights {
    pub coverage: f64,
    pub proximity: f64,
    pub prior_ties: f64,
    pub level: f64,
}

impl Default for ConsortiumWeights {
    fn default() -> Self {
        ConsortiumWeights {
            coverage: 50.0,
            proximity: 25.0,
            prior_ties: 15.0,
            level: 10.0,
        }
    }
}

impl ConsortiumWeights {
    fn total(&self) -> f64 {
        self.coverage + self.proximity + self.prior_ties + self.level
    }
}

/// Options of `match consortium`.
#[derive(Debug, Clone, PartialEq)]
pub struct ConsortiumOptions {
    pub algorithm: Algorithm,
    /// Force this leader (an organisation id). With RarestFirst it is the only seed.
    pub leader: Option<String>,
    /// Accept a forced leader that fails the gates. Candidate leaders chosen automatically always
    /// pass `gates`; relax the gates themselves to widen them.
    pub override_gates: bool,
    pub gates: LeaderGates,
    /// The most members besides the leader; when the exact team needs more, the greedy of
    /// [`size_cap`](crate::matching::size_cap) chooses and the consortium is marked not exact.
    pub size: Option<usize>,
    /// How many diverse alternatives to return. Default 3.
    pub top: usize,
    /// Organisation ids that may not be members or leaders (they may still lie on paths).
    pub exclude: Vec<String>,
    pub weights: ConsortiumWeights,
    pub gap_weights: GapWeights,
    /// External candidates listed per gap. Default 5.
    pub external_candidates: usize,
    /// The composition rules applied after the exact search. Default: all.
    pub rules: CompositionRules,
}

impl Default for ConsortiumOptions {
    fn default() -> Self {
        ConsortiumOptions {
            algorithm: Algorithm::LeaderDistance,
            leader: None,
            override_gates: false,
            gates: LeaderGates::default(),
            size: None,
            top: 3,
            exclude: Vec::new(),
            weights: ConsortiumWeights::default(),
            gap_weights: GapWeights::default(),
            external_candidates: 5,
            rules: CompositionRules::default(),
        }
    }
}

/// Search buffers reused across directions: one multi-source search per required capability plus
/// one for single-source work (size cap, gaps). Create one per thread.
#[derive(Debug, Clone, Default)]
pub struct MatchWorkspace {
    pub(crate) searches: Vec<ShortestPaths>,
    pub(crate) hub: ShortestPaths,
}

impl MatchWorkspace {
    /// Buffers for `graph`; per-capability buffers are added on first use.
    pub fn new(graph: &KnowledgeGraph) -> Self {
        MatchWorkspace {
            searches: Vec::new(),
            hub: ShortestPaths::new(graph.node_count()),
        }
    }

    fn ensure_searches(&mut self, count: usize, node_count: usize) {
        while self.searches.len() < count {
            self.searches.push(ShortestPaths::new(node_count));
        }
    }
}

/// Forms the consortia for `direction_id`. See [`form_consortium_with`].
pub fn form_consortium(
    graph: &KnowledgeGraph,
    direction_id: &str,
    options: &ConsortiumOptions,
) -> Result<ConsortiumReport, MatchError> {
    let mut workspace = MatchWorkspace::new(graph);
    form_consortium_with(graph, &mut workspace, direction_id, options)
}

/// Forms the top-K diverse consortia for `direction_id`, with their gaps, reusing `workspace`.
///
/// Errors: an unknown direction, leader or excluded id; a forced leader failing the gates (unless
/// overridden); a size cap that no candidate leader's team fits ([`MatchError::ImpossibleSize`]).
/// No eligible leader is not an error: the report then has no consortia, but still its gaps.
///
/// Complexity: |R| searches, run in parallel on the current rayon pool (see
/// [`leader_distance`](crate::matching::leader_distance)), one for the gaps, plus one per leader
/// whose team the size cap binds and that may fit it (see [`size_cap`](crate::matching::size_cap)).
pub fn form_consortium_with(
    graph: &KnowledgeGraph,
    workspace: &mut MatchWorkspace,
    direction_id: &str,
    options: &ConsortiumOptions,
) -> Result<ConsortiumReport, MatchError> {
    let direction = graph
        .find_direction(direction_id)
        .ok_or_else(|| MatchError::Unknown {
            what: "direction",
            id: direction_id.to_owned(),
        })?;
    let organisation = |id: &str| {
        graph
            .find_organisation(id)
            .ok_or_else(|| MatchError::Unknown {
                what: "organisation",
                id: id.to_owned(),
            })
    };
    let forced = options.leader.as_deref().map(organisation).transpose()?;
    if let Some(leader) = forced {
        if options.algorithm == Algorithm::LeaderDistance && !options.override_gates {
            let reasons = options.gates.failures(graph, leader, direction);
            if !reasons.is_empty() {
                return Err(MatchError::LeaderIneligible {
                    leader: graph.organisation(leader).id.clone(),
                    direction: direction_id.to_owned(),
                    reasons,
                });
            }
        }
    }
    let mut excluded = options
        .exclude
        .iter()
        .map(|id| organisation(id))
        .collect::<Result<Vec<_>, _>>()?;
    excluded.sort_unstable();
    excluded.dedup();
    let settings = SolveSettings::from(options);
    let solved = solve(graph, workspace, direction, &settings, forced, &excluded)?;
    let gaps = gaps_for(graph, workspace, direction, &solved, &settings);
    Ok(ConsortiumReport {
        direction: graph.direction_ref(direction),
        chain: graph.chain_ref(graph.direction(direction).chain),
        algorithm: options.algorithm,
        required_capabilities: required_refs(graph, direction),
        consortia: solved.consortia,
        gaps,
    })
}

/// The options `solve` needs, shared by `match consortium` and `match all`.
#[derive(Debug, Clone)]
pub(crate) struct SolveSettings {
    pub algorithm: Algorithm,
    pub gates: LeaderGates,
    pub size: Option<usize>,
    pub top: usize,
    pub weights: ConsortiumWeights,
    pub gap_weights: GapWeights,
    pub external_candidates: usize,
    pub rules: CompositionRules,
}

impl From<&ConsortiumOptions> for SolveSettings {
    fn from(o: &ConsortiumOptions) -> Self {
        SolveSettings {
            algorithm: o.algorithm,
            gates: o.gates.clone(),
            size: o.size,
            top: o.top,
            weights: o.weights.clone(),
            gap_weights: o.gap_weights.clone(),
            external_candidates: o.external_candidates,
            rules: o.rules.clone(),
        }
    }
}

/// The consortia of one direction, best first, and the organisations of the best one.
#[derive(Debug, Clone)]
pub(crate) struct Solved {
    pub consortia: Vec<Consortium>,
    /// Leader then members of the first consortium (empty when there is none).
    pub top_team: Vec<OrgIndex>,
}

pub(crate) fn required_refs(
    graph: &KnowledgeGraph,
    direction: DirectionIndex,
) -> Vec<crate::matching::EntityRef> {
    graph
        .direction(direction)
        .required
        .iter()
        .map(|&c| graph.capability_ref(c))
        .collect()
}

pub(crate) fn gaps_for(
    graph: &KnowledgeGraph,
    workspace: &mut MatchWorkspace,
    direction: DirectionIndex,
    solved: &Solved,
    settings: &SolveSettings,
) -> Vec<Gap> {
    let team_nodes: Vec<u32> = solved.top_team.iter().map(|o| o.0).collect();
    find_gaps(
        graph,
        &mut workspace.hub,
        direction,
        &team_nodes,
        &settings.gap_weights,
        settings.external_candidates,
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Evaluation {
    Final,
    NeedsGreedy,
    Infeasible,
}

/// Solves one direction: candidate hubs, one search per required capability, then the diverse
/// top-K selection — by threshold without a size cap, with the greedy fallback under one — and
/// the consortium records.
pub(crate) fn solve(
    graph: &KnowledgeGraph,
    workspace: &mut MatchWorkspace,
    direction: DirectionIndex,
    settings: &SolveSettings,
    forced: Option<OrgIndex>,
    excluded: &[OrgIndex],
) -> Result<Solved, MatchError> {
    let required = &graph.direction(direction).required;
    let is_excluded = |o: OrgIndex| excluded.binary_search(&o).is_ok();
    let holders: Vec<Vec<u32>> = required
        .iter()
        .map(|&c| {
            graph
                .holders(c)
                .iter()
                .filter(|&&h| graph.organisation(h).is_local() && !is_excluded(h))
                .map(|h| h.0)
                .collect()
        })
        .collect();
    let (rule, leaderless) = match settings.algorithm {
        Algorithm::LeaderDistance => (CostRule::Sum, false),
        Algorithm::RarestFirst => (CostRule::Max, true),
    };
    let mut hubs = match settings.algorithm {
        Algorithm::LeaderDistance => candidate_leaders(graph, direction, &settings.gates, forced),
        Algorithm::RarestFirst => seeds(&holders, forced),
    };
    if forced.is_none() {
        hubs.retain(|&h| !is_excluded(h));
    }
    let empty = Solved {
        consortia: Vec::new(),
        top_team: Vec::new(),
    };
    if hubs.is_empty() || settings.top == 0 {
        return Ok(empty);
    }

    workspace.ensure_searches(required.len(), graph.node_count());
    let problem = Problem {
        graph,
        required,
        holders: &holders,
        searched: holders.iter().map(|h| !h.is_empty()).collect(),
        hubs: &hubs,
        rule,
        leaderless,
        top: settings.top,
    };
    let chosen = match settings.size {
        None => select_by_threshold(&problem, workspace),
        Some(size) => select_with_size_cap(&problem, workspace, size).map_err(|needed| {
            MatchError::ImpossibleSize {
                direction: graph.direction(direction).id.clone(),
                size,
                needed,
            }
        })?,
    };
    if chosen.is_empty() {
        return Ok(empty);
    }
    let composer = Composer {
        graph,
        direction,
        rules: &settings.rules,
        gates: &settings.gates,
        size_cap: settings.size,
        excluded,
    };
    let mut top_team = Vec::new();
    let mut consortia: Vec<Consortium> = Vec::with_capacity(chosen.len());
    for (rank, (team, members)) in chosen.iter().enumerate() {
        let (additions, rules) = composer.compose(&mut workspace.hub, team.hub, members);
        if rank == 0 {
            top_team.push(team.hub);
            top_team.extend(members.iter().copied());
            top_team.extend(additions.iter().map(|a| a.org));
        }
        consortia.push(build_consortium(
            graph,
            Built {
                team,
                members,
                additions: &additions,
                rules,
            },
            rank + 1,
            required,
            &workspace.searches,
            &settings.weights,
        ));
    }
    Ok(Solved {
        consortia,
        top_team,
    })
}

/// One direction's search problem, as `solve` prepared it.
struct Problem<'a> {
    graph: &'a KnowledgeGraph,
    required: &'a [CapabilityIndex],
    /// Local, non-excluded holders (nodes) of each required capability.
    holders: &'a [Vec<u32>],
    /// Whether capability `i` has any holder (and so a search).
    searched: Vec<bool>,
    hubs: &'a [OrgIndex],
    rule: CostRule,
    leaderless: bool,
    top: usize,
}

/// Chosen teams, best first, each with its sorted members.
type Chosen = Vec<(Team, Vec<OrgIndex>)>;

/// Where the threshold selection's radius starts (one fresh joint project) and how it grows.
const INITIAL_RADIUS: f64 = 0.5;
const RADIUS_GROWTH: f64 = 1.25;

/// Runs `f` on every (search, holders) pair that has holders, in parallel on the current rayon pool.
/// Under `match all` the directions are parallel too; rayon then runs these nested tasks in place
/// unless a thread is idle.
fn for_each_search(
    problem: &Problem<'_>,
    searches: &mut [ShortestPaths],
    f: impl Fn(&mut ShortestPaths, &Vec<u32>) + Sync + Send,
) {
    searches[..problem.required.len()]
        .par_iter_mut()
        .zip(problem.holders.par_iter())
        .for_each(|(search, sources)| {
            if !sources.is_empty() {
                f(search, sources);
            }
        });
}

/// The top-K diverse teams without a size cap, found without finishing the searches (the
/// threshold algorithm of Fagin, Lotem & Naor over the per-capability searches).
///
/// The searches advance together by radius ρ (0.5, then ×1.25). Which capabilities a hub can cover
/// is known from the start: those it holds and those with a holder in its connected component.
/// After each step a hub's cost is exact when it is settled in every search it needs; otherwise
/// the search frontiers give a lower bound (an unsettled node is at least the frontier away).
/// Hubs sorted by (covered ↓, exact cost or bound ↑, id ↑) are accepted in order — with the
/// diversity rule — up to the first hub whose cost is only a bound: no hub after it can beat the
/// ones before. Selection ends when K are accepted or every hub's cost is exact. Results are
/// identical to finishing every search first; the steps are deterministic.
fn select_by_threshold(problem: &Problem<'_>, workspace: &mut MatchWorkspace) -> Chosen {
    let graph = problem.graph;
    let components: Vec<Vec<u32>> = problem
        .holders
        .iter()
        .map(|h| {
            let mut c: Vec<u32> = h.iter().map(|&v| graph.component(v)).collect();
            c.sort_unstable();
            c.dedup();
            c
        })
        .collect();
    for_each_search(problem, &mut workspace.searches, |search, sources| {
        search.start(graph.csr(), sources)
    });
    let mut radius = INITIAL_RADIUS;
    loop {
        for_each_search(problem, &mut workspace.searches, |search, _| {
            search.advance(graph.csr(), radius);
        });
        let frontiers: Vec<Option<f64>> = workspace.searches[..problem.required.len()]
            .iter_mut()
            .zip(&problem.searched)
            .map(|(search, &searched)| if searched { search.frontier() } else { None })
            .collect();
        let mut entries: Vec<_> = problem
            .hubs
            .iter()
            .map(|&hub| {
                let org = graph.organisation(hub);
                let component = graph.component(hub.0);
                let mut exact = true;
                let mut distances = Vec::with_capacity(problem.required.len());
                for (i, &c) in problem.required.iter().enumerate() {
                    if org.holds(c) {
                        distances.push(0.0);
                    } else if !problem.searched[i]
                        || components[i].binary_search(&component).is_err()
                    {
                        continue;
                    } else if let Some(d) = workspace.searches[i].distance(hub.0) {
                        distances.push(d);
                    } else if let Some(f) = frontiers[i] {
                        distances.push(f);
                        exact = false;
                    }
                }
                let key = (
                    Reverse(distances.len()),
                    OrderedCost(problem.rule.cost(distances.into_iter())),
                    hub,
                );
                (key, exact)
            })
            .collect();
        entries.sort_by_key(|e| e.0);
        let mut chosen: Chosen = Vec::new();
        let mut complete = true;
        for &((_, _, hub), exact) in &entries {
            if chosen.len() >= problem.top {
                break;
            }
            if !exact {
                complete = false;
                break;
            }
            let team = exact_team(
                graph,
                hub,
                problem.required,
                &workspace.searches,
                &problem.searched,
                problem.rule,
            );
            let members = team.members();
            if chosen.iter().all(|(other, other_members)| {
                is_diverse(
                    (hub, &members),
                    (other.hub, other_members),
                    problem.leaderless,
                )
            }) {
                chosen.push((team, members));
            }
        }
        if complete || chosen.len() >= problem.top {
            return chosen;
        }
        radius *= RADIUS_GROWTH;
    }
}

/// The top-K diverse teams under a size cap: searches run to completion (every hub settled), the
/// greedy of [`size_cap`](crate::matching::size_cap) replaces teams that exceed the cap, lazily,
/// best lower bound first (a capped team never costs less than the exact one). `Err(needed)` when
/// no hub has a team that fits.
fn select_with_size_cap(
    problem: &Problem<'_>,
    workspace: &mut MatchWorkspace,
    size: usize,
) -> Result<Chosen, usize> {
    let graph = problem.graph;
    let hub_nodes: Vec<u32> = problem.hubs.iter().map(|h| h.0).collect();
    for_each_search(problem, &mut workspace.searches, |search, sources| {
        search.run(graph.csr(), sources, Some(&hub_nodes));
    });
    let mut teams: Vec<Team> = problem
        .hubs
        .iter()
        .map(|&h| {
            exact_team(
                graph,
                h,
                problem.required,
                &workspace.searches,
                &problem.searched,
                problem.rule,
            )
        })
        .collect();
    let mut evaluation: Vec<Evaluation> = teams
        .iter()
        .map(|t| {
            if t.members().len() > size {
                Evaluation::NeedsGreedy
            } else {
                Evaluation::Final
            }
        })
        .collect();
    let mut queue: BinaryHeap<Reverse<(_, usize)>> = teams
        .iter()
        .enumerate()
        .map(|(i, t)| Reverse((t.rank_key(), i)))
        .collect();
    let mut chosen: Vec<(usize, Vec<OrgIndex>)> = Vec::new();
    let mut fewest_needed = usize::MAX;
    while let Some(Reverse((_, i))) = queue.pop() {
        if chosen.len() >= problem.top {
            break;
        }
        match evaluation[i] {
            Evaluation::Infeasible => {}
            Evaluation::NeedsGreedy => {
                let outcome = capped_team(
                    graph,
                    &mut workspace.hub,
                    &teams[i],
                    problem.required,
                    problem.holders,
                    size,
                    problem.rule,
                );
                fewest_needed =
                    fewest_needed.min(outcome.unbounded_members.min(teams[i].members().len()));
                match outcome.team {
                    Some(team) => {
                        teams[i] = team;
                        evaluation[i] = Evaluation::Final;
                        queue.push(Reverse((teams[i].rank_key(), i)));
                    }
                    None => evaluation[i] = Evaluation::Infeasible,
                }
            }
            Evaluation::Final => {
                let members = teams[i].members();
                let diverse = chosen.iter().all(|(j, other)| {
                    is_diverse(
                        (teams[i].hub, &members),
                        (teams[*j].hub, other),
                        problem.leaderless,
                    )
                });
                if diverse {
                    chosen.push((i, members));
                }
            }
        }
    }
    if chosen.is_empty() {
        return Err(fewest_needed);
    }
    Ok(chosen
        .into_iter()
        .map(|(i, members)| (teams[i].clone(), members))
        .collect())
}

/// One chosen team and what the composition rules made of it.
struct Built<'a> {
    team: &'a Team,
    members: &'a [OrgIndex],
    additions: &'a [Addition],
    rules: Vec<RuleOutcome>,
}

fn build_consortium(
    graph: &KnowledgeGraph,
    built: Built<'_>,
    rank: usize,
    required: &[CapabilityIndex],
    searches: &[ShortestPaths],
    weights: &ConsortiumWeights,
) -> Consortium {
    let Built {
        team,
        members,
        additions,
        rules,
    } = built;
    let covers_of = |org: OrgIndex| {
        required
            .iter()
            .zip(&team.cover)
            .filter(|(_, c)| c.is_some_and(|(o, _)| o == org))
            .map(|(&cap, _)| graph.capability_ref(cap))
            .collect::<Vec<_>>()
    };
    // Members in the order of the first capability each covers.
    let mut ordered: Vec<(usize, OrgIndex, f64)> = members
        .iter()
        .filter_map(|&m| {
            team.cover
                .iter()
                .enumerate()
                .find_map(|(i, c)| c.filter(|&(o, _)| o == m).map(|(_, d)| (i, m, d)))
        })
        .collect();
    ordered.sort_by_key(|&(i, m, _)| (i, m));
    let mut member_records: Vec<Member> = ordered
        .iter()
        .map(|&(_, m, distance)| {
            let o = graph.organisation(m);
            let path = team.path_of(m, searches);
            Member {
                id: o.id.clone(),
                label: o.labels.clone(),
                kind: o.kind,
                covers: covers_of(m),
                evidence: graph.path_evidence(distance, &path),
                added_by: None,
                why: None,
            }
        })
        .collect();
    member_records.extend(additions.iter().map(|a| {
        let o = graph.organisation(a.org);
        Member {
            id: o.id.clone(),
            label: o.labels.clone(),
            kind: o.kind,
            covers: Vec::new(),
            evidence: graph.path_evidence(a.distance, &a.path),
            added_by: Some(a.rule),
            why: Some(a.why.clone()),
        }
    }));
    let distances: Vec<f64> = ordered
        .iter()
        .map(|&(_, _, d)| d)
        .chain(additions.iter().map(|a| a.distance))
        .collect();
    let hub = graph.organisation(team.hub);
    let (covered, uncovered): (Vec<_>, Vec<_>) = required
        .iter()
        .zip(&team.cover)
        .partition(|(_, c)| c.is_some());
    let covered = covered
        .into_iter()
        .map(|(&c, _)| graph.capability_ref(c))
        .collect();
    let uncovered: Vec<_> = uncovered
        .into_iter()
        .map(|(&c, _)| graph.capability_ref(c))
        .collect();

    let mut nodes = vec![team.hub];
    nodes.extend(members.iter().copied());
    nodes.extend(additions.iter().map(|a| a.org));
    let pairs = nodes.len() * (nodes.len() - 1) / 2;
    let tied_pairs = nodes
        .iter()
        .enumerate()
        .flat_map(|(i, &a)| nodes[i + 1..].iter().map(move |&b| (a, b)))
        .filter(|&(a, b)| graph.tie_between(a, b).is_some())
        .count();
    let tie_fraction = if pairs == 0 {
        0.0
    } else {
        tied_pairs as f64 / pairs as f64
    };
    let mean_standing = nodes
        .iter()
        .map(|&o| standing(graph.organisation(o)))
        .sum::<f64>()
        / nodes.len() as f64;
    let coverage = if required.is_empty() {
        1.0
    } else {
        team.covered as f64 / required.len() as f64
    };
    let mean_distance = if distances.is_empty() {
        0.0
    } else {
        distances.iter().sum::<f64>() / distances.len() as f64
    };
    let proximity = 1.0 / (1.0 + mean_distance);
    // Each part's share of 100 is its weight's share of the weights.
    let unit = if weights.total() > 0.0 {
        100.0 / weights.total()
    } else {
        0.0
    };
    let parts = ScoreParts(vec![
        ("coverage", unit * weights.coverage * coverage),
        ("proximity", unit * weights.proximity * proximity),
        ("prior_ties", unit * weights.prior_ties * tie_fraction),
        ("level", unit * weights.level * mean_standing),
    ]);
    let reason = consortium_reason(
        team.covered,
        required.len(),
        mean_distance,
        distances.len(),
        (tied_pairs, pairs),
        &uncovered,
    );
    Consortium {
        rank,
        score: parts.total(),
        score_labels: crate::matching::report::part_labels(&parts),
        reason,
        score_parts: parts,
        exact: team.exact && additions.is_empty(),
        core_exact: team.exact,
        rules,
        cost: team.cost,
        leader: Leader {
            id: hub.id.clone(),
            label: hub.labels.clone(),
            kind: hub.kind,
            covers: covers_of(team.hub),
        },
        members: member_records,
        covered,
        uncovered,
    }
}

/// The consortium's score in one line of words, in both languages.
fn consortium_reason(
    covered: usize,
    required: usize,
    mean_distance: f64,
    members: usize,
    (tied, pairs): (usize, usize),
    uncovered: &[crate::matching::report::EntityRef],
) -> crate::graph::Labels {
    let mut zh = format!("覆盖 {covered}/{required} 项所需能力");
    let mut en = format!("covers {covered} of {required} required capabilities");
    if members > 0 {
        zh.push_str(&format!("；成员与牵头单位平均协作距离 {mean_distance:.2}"));
        en.push_str(&format!(
            "; mean distance from the leader to its members {mean_distance:.2}"
        ));
    }
    if pairs > 0 {
        zh.push_str(&format!("；{tied}/{pairs} 对单位已有合作"));
        en.push_str(&format!("; {tied} of {pairs} pairs have worked together"));
    }
    if !uncovered.is_empty() {
        let names = |lang: crate::base::Lang, sep: &str| {
            uncovered
                .iter()
                .map(|c| c.label(lang).to_owned())
                .collect::<Vec<_>>()
                .join(sep)
        };
        zh.push_str(&format!("；缺：{}", names(crate::base::Lang::Zh, "、")));
        en.push_str(&format!(
            "; missing: {}",
            names(crate::base::Lang::En, ", ")
        ));
    }
    crate::graph::Labels::new(zh, en)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::ConsortiumReport;
    use crate::matching::testing::{fixture_a, random_graph};
    use petgraph::algo::dijkstra;
    use petgraph::graph::NodeIndex;

    fn ids<T>(items: &[T], id: impl Fn(&T) -> &str) -> Vec<String> {
        items.iter().map(|i| id(i).to_owned()).collect()
    }

    fn run(options: ConsortiumOptions) -> Result<ConsortiumReport, MatchError> {
        form_consortium(&fixture_a(), "T01", &options)
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-4
    }

    /// Fixture A by hand: only `lead` passes the gates (x and small are tech SMEs, other is in chain
    /// chem, y and z are not firms, ext-* are external). lead holds a (0). b: y at 0.25 beats x at
    /// 0.6667; c: z at 0.25 beats x at 0.6667; d has no local holder. Cost 0.5.
    ///
    /// A greedy that takes the holder covering most capabilities first would take x for b and c,
    /// at cost 1.3333: the leader-distance optimum uses the two near holders instead.
    #[test]
    fn exact_leader_distance_beats_the_greedy_choice_and_reports_coverage() {
        let report = run(ConsortiumOptions::default()).unwrap();
        assert_eq!(
            ids(&report.required_capabilities, |c| &c.id),
            ["a", "b", "c", "d"]
        );
        assert_eq!(report.consortia.len(), 1);
        let c = &report.consortia[0];
        assert_eq!((c.rank, c.exact, c.leader.id.as_str()), (1, true, "lead"));
        assert_eq!(ids(&c.leader.covers, |c| &c.id), ["a"]);
        assert_eq!(ids(&c.members, |m| &m.id), ["y", "z"]);
        assert_eq!(ids(&c.members[0].covers, |c| &c.id), ["b"]);
        assert_eq!(ids(&c.members[1].covers, |c| &c.id), ["c"]);
        assert_eq!(ids(&c.members[1].evidence.path, |n| &n.id), ["z", "lead"]);
        assert!(close(c.members[0].evidence.distance, 0.25));
        assert!(close(c.cost, 0.5));
        assert_eq!(ids(&c.covered, |c| &c.id), ["a", "b", "c"]);
        assert_eq!(ids(&c.uncovered, |c| &c.id), ["d"]);
        // Score parts on 0–100 (weights 50/25/15/10): coverage 50 · 3/4; proximity 25 / (1 + mean
        // member distance 0.25) = 20; prior ties 15 · 2/3 (lead–y, lead–z, not y–z); level
        // 10 · mean(lead ½, y ⅔, z ⅔). Total 73.6111.
        let parts = &c.score_parts;
        assert!(close(parts.get("coverage").unwrap(), 37.5));
        assert!(close(parts.get("proximity").unwrap(), 20.0));
        assert!(close(parts.get("prior_ties").unwrap(), 10.0));
        assert!(close(
            parts.get("level").unwrap(),
            10.0 * (0.5 + 2.0 / 3.0 + 2.0 / 3.0) / 3.0
        ));
        assert!(close(c.score, 73.611111));
        assert!(
            c.reason.zh.starts_with("覆盖 3/4 项所需能力") && c.reason.zh.ends_with("缺：d·中"),
            "{}",
            c.reason.zh
        );
    }

    /// The serialized report has the shape of the issue, with floats rounded to 4 decimals.
    #[test]
    fn serialized_report_has_the_issue_shape() {
        let report = run(ConsortiumOptions::default()).unwrap();
        let json = serde_json::to_value(&report).unwrap();
        let keys = |v: &serde_json::Value| -> Vec<String> {
            v.as_object()
                .map(|o| o.keys().cloned().collect())
                .unwrap_or_default()
        };
        let mut top = keys(&json);
        top.sort();
        assert_eq!(
            top,
            [
                "algorithm",
                "chain",
                "consortia",
                "direction",
                "gaps",
                "required_capabilities"
            ]
        );
        let c = &json["consortia"][0];
        for key in [
            "rank",
            "score",
            "score_parts",
            "exact",
            "leader",
            "members",
            "covered",
            "uncovered",
        ] {
            assert!(c.get(key).is_some(), "consortium lacks {key}");
        }
        assert_eq!(c["score"], serde_json::json!(73.6111));
        assert_eq!(c["leader"]["label"]["zh"], "lead·中");
        assert_eq!(c["members"][0]["kind"], "university");
        assert_eq!(keys(&c["members"][0]["evidence"]), ["distance", "path"]);
        assert_eq!(
            keys(&json["gaps"][0]),
            ["capability", "external_candidates"]
        );
    }

    /// Gap d: ext-de is 0.5 from y (in the consortium): proximity 1/1.5, level 0.5 · 1 (national),
    /// related 0.1 · 1 (it also holds b, a required capability) → 1.2667. ext-bj is not connected:
    /// 0 + 0.5 + 0 → 0.5.
    #[test]
    fn gaps_list_external_candidates_by_documented_score() {
        let report = run(ConsortiumOptions::default()).unwrap();
        assert_eq!(report.gaps.len(), 1);
        let gap = &report.gaps[0];
        assert_eq!(gap.capability.id, "d");
        assert_eq!(
            ids(&gap.external_candidates, |c| &c.id),
            ["ext-de", "ext-bj"]
        );
        let de = &gap.external_candidates[0];
        // On the 0–100 scale: the weights' most (1 + 0.5 + 0.1 × 5 = 2) is 100.
        assert!(close(de.score, 50.0 * (1.0 / 1.5 + 0.5 + 0.1)));
        assert_eq!(de.locality, crate::graph::Locality::International);
        assert_eq!(de.country.as_deref(), Some("DE"));
        assert!(close(gap.external_candidates[1].score, 25.0));
        assert_eq!(gap.external_candidates[1].distance, None);
    }

    /// Forcing `small` (tech SME): refused by the gates; accepted with the override. Its team by hand:
    /// b from y at 0.5 (small–y); c from z at 0.5 + 0.25 + 0.25 = 1.0 via y and lead (x is 1.4167).
    #[test]
    fn gates_reject_an_ineligible_forced_leader_unless_overridden() {
        let forced = |leader: &str, override_gates: bool| {
            run(ConsortiumOptions {
                leader: Some(leader.to_owned()),
                override_gates,
                ..ConsortiumOptions::default()
            })
        };
        match forced("small", false) {
            Err(MatchError::LeaderIneligible {
                leader, reasons, ..
            }) => {
                assert_eq!(leader, "small");
                assert_eq!(
                    reasons,
                    ["it is neither a leading firm nor of tier high_tech_enterprise or above"]
                );
            }
            other => panic!("expected a gate error, got {other:?}"),
        }
        match forced("other", false) {
            Err(MatchError::LeaderIneligible { reasons, .. }) => {
                assert_eq!(reasons, ["it is not in chain 'steel'"]);
            }
            other => panic!("expected a gate error, got {other:?}"),
        }
        assert!(matches!(
            forced("y", false),
            Err(MatchError::LeaderIneligible { .. })
        ));
        assert!(matches!(
            forced("nobody", false),
            Err(MatchError::Unknown {
                what: "organisation",
                ..
            })
        ));

        let report = forced("small", true).unwrap();
        let c = &report.consortia[0];
        assert_eq!(c.leader.id, "small");
        assert_eq!(ids(&c.members, |m| &m.id), ["y", "z"]);
        assert_eq!(
            ids(&c.members[1].evidence.path, |n| &n.id),
            ["z", "lead", "y", "small"]
        );
        assert!(close(c.cost, 1.5));
        // The default leader, forced, passes.
        assert_eq!(
            forced("lead", false).unwrap().consortia[0].leader.id,
            "lead"
        );
    }

    /// Platforms lead only when allowed: a national-level platform on chain steel's 8×10 list.
    #[test]
    fn major_platforms_lead_only_when_the_gate_allows_them() {
        use crate::matching::testing::{Fixture, spec};
        let mut f = Fixture::new(&["steel"], &["a", "b"]);
        f.org(
            spec(
                "plat",
                crate::base::kind::Kind::Platform,
                crate::graph::Locality::InCity,
            )
            .with_level(crate::graph::Level::National)
            .with_capabilities(&["a"]),
        )
        .org(
            spec(
                "uni",
                crate::base::kind::Kind::University,
                crate::graph::Locality::InCity,
            )
            .with_capabilities(&["b"]),
        )
        .tie(
            "plat",
            "uni",
            crate::graph::CollaborationKind::JointProject,
            2024,
            1,
        )
        .direction("T01", "steel", &["a", "b"]);
        f.builder.add_chain_support("plat", "steel");
        let g = f.build(2024);
        let default = form_consortium(&g, "T01", &ConsortiumOptions::default()).unwrap();
        assert!(default.consortia.is_empty());
        let mut options = ConsortiumOptions::default();
        options.gates.allow_major_platforms = true;
        let allowed = form_consortium(&g, "T01", &options).unwrap();
        assert_eq!(allowed.consortia[0].leader.id, "plat");
        assert_eq!(ids(&allowed.consortia[0].members, |m| &m.id), ["uni"]);
    }

    /// Size cap on fixture A. The exact team {y, z} has 2 members.
    /// - size 2: fits, exact.
    /// - size 1: the ratio greedy takes y (0.25 per capability, before z by id) and runs out of
    ///   budget with c open; the most-new greedy takes x (b and c): cost 0.6667 · 2, not exact.
    /// - size 0: nothing fits (lead holds only a); the smallest team found needs 1 member.
    #[test]
    fn size_cap_falls_back_to_greedy_and_reports_impossible_sizes() {
        let sized = |size| {
            run(ConsortiumOptions {
                size: Some(size),
                ..ConsortiumOptions::default()
            })
        };
        let two = sized(2).unwrap();
        assert!(two.consortia[0].exact);
        assert_eq!(ids(&two.consortia[0].members, |m| &m.id), ["y", "z"]);

        let one = sized(1).unwrap();
        let c = &one.consortia[0];
        assert!(!c.exact);
        assert_eq!(ids(&c.members, |m| &m.id), ["x"]);
        assert_eq!(ids(&c.members[0].covers, |c| &c.id), ["b", "c"]);
        assert_eq!(ids(&c.members[0].evidence.path, |n| &n.id), ["x", "lead"]);
        assert!(close(c.cost, 2.0 / 1.5));
        assert_eq!(ids(&c.uncovered, |c| &c.id), ["d"]);

        assert_eq!(
            sized(0).unwrap_err(),
            MatchError::ImpossibleSize {
                direction: "T01".into(),
                size: 0,
                needed: 1
            }
        );
    }

    /// RarestFirst on fixture A. Local holders: a {lead, other, small}, b {x, y}, c {x, z}, d none.
    /// Rarest: b (2 holders, before c by id) → seeds x and y.
    /// - seed y: a from lead 0.25, c from z 0.25 + 0.25 = 0.5 → radius 0.5, team {y, lead, z};
    /// - seed x: holds b, c; a from lead 0.6667 → radius 0.6667, team {x, lead}.
    ///
    /// They share only lead (1 of 3): diverse, both listed.
    #[test]
    fn rarest_first_ranks_seeds_by_radius() {
        let report = run(ConsortiumOptions {
            algorithm: Algorithm::RarestFirst,
            rules: CompositionRules::none(),
            ..ConsortiumOptions::default()
        })
        .unwrap();
        let leaders = ids(&report.consortia, |c| &c.leader.id);
        assert_eq!(leaders, ["y", "x"]);
        assert!(close(report.consortia[0].cost, 0.5));
        assert_eq!(ids(&report.consortia[0].members, |m| &m.id), ["lead", "z"]);
        assert!(close(report.consortia[1].cost, 2.0 / 3.0));
        assert_eq!(ids(&report.consortia[1].members, |m| &m.id), ["lead"]);
    }

    #[test]
    fn unknown_directions_and_exclusions_are_typed_errors() {
        let g = fixture_a();
        assert_eq!(
            form_consortium(&g, "T99", &ConsortiumOptions::default()).unwrap_err(),
            MatchError::Unknown {
                what: "direction",
                id: "T99".into()
            }
        );
        // Excluding y: b now comes from x (0.6667), c still from z.
        let report = run(ConsortiumOptions {
            exclude: vec!["y".into()],
            ..ConsortiumOptions::default()
        })
        .unwrap();
        assert_eq!(ids(&report.consortia[0].members, |m| &m.id), ["x", "z"]);
    }

    /// The threshold selection (no size cap, searches stopped early) picks exactly what finishing
    /// every search picks (a cap that never binds takes that path), for both algorithms.
    #[test]
    fn threshold_selection_equals_full_searches() {
        let mut alternatives = 0;
        for seed in [4, 5] {
            let g = random_graph(seed, 300, 25, 8, 3);
            for algorithm in [Algorithm::LeaderDistance, Algorithm::RarestFirst] {
                for d in g.directions() {
                    let early = ConsortiumOptions {
                        algorithm,
                        top: 3,
                        ..ConsortiumOptions::default()
                    };
                    let full = ConsortiumOptions {
                        size: Some(usize::MAX),
                        ..early.clone()
                    };
                    let a = form_consortium(&g, &d.id, &early).unwrap();
                    let b = form_consortium(&g, &d.id, &full).unwrap();
                    assert_eq!(a, b, "{} {algorithm:?}", d.id);
                    alternatives += a.consortia.len();
                }
            }
        }
        assert!(
            alternatives > 2 * 2 * 8,
            "most directions have several alternatives: {alternatives}"
        );
    }

    /// The sequential twin: on random graphs every leader's cost equals Σ over the required
    /// capabilities of the distance to the nearest local holder, computed with petgraph's Dijkstra
    /// from the leader; the ranking follows (covered ↓, cost ↑).
    #[test]
    fn leader_distance_agrees_with_a_petgraph_reference() {
        for seed in [1, 2, 3] {
            let g = random_graph(seed, 240, 30, 6, 3);
            let options = ConsortiumOptions {
                top: usize::MAX,
                ..ConsortiumOptions::default()
            };
            for d in g.directions() {
                let report = form_consortium(&g, &d.id, &options).unwrap();
                let mut previous: Option<(usize, f64)> = None;
                for c in &report.consortia {
                    let leader = g.find_organisation(&c.leader.id).unwrap();
                    let from_leader =
                        dijkstra(g.structure(), NodeIndex::new(leader.index()), None, |e| {
                            *e.weight()
                        });
                    let mut covered = 0;
                    let mut cost = 0.0;
                    for &cap in &d.required {
                        let nearest = g
                            .holders(cap)
                            .iter()
                            .filter(|h| g.organisation(**h).is_local() || **h == leader)
                            .filter_map(|h| {
                                if *h == leader {
                                    Some(0.0)
                                } else {
                                    from_leader.get(&NodeIndex::new(h.index())).copied()
                                }
                            })
                            .fold(f64::INFINITY, f64::min);
                        if nearest.is_finite() {
                            covered += 1;
                            cost += nearest;
                        }
                    }
                    assert_eq!(c.covered.len(), covered, "{} leader {}", d.id, c.leader.id);
                    assert!(
                        (c.cost - cost).abs() < 1e-9,
                        "{} leader {}: {} vs {cost}",
                        d.id,
                        c.leader.id,
                        c.cost
                    );
                    if let Some((pc, pcost)) = previous {
                        assert!(pc > covered || (pc == covered && pcost <= c.cost + 1e-12));
                    }
                    previous = Some((covered, c.cost));
                    // Every member path starts at the member, ends at the leader and has its length.
                    for m in &c.members {
                        let path = &m.evidence.path;
                        assert_eq!(path.first().map(|n| n.id.as_str()), Some(m.id.as_str()));
                        assert_eq!(
                            path.last().map(|n| n.id.as_str()),
                            Some(c.leader.id.as_str())
                        );
                        let length: f64 = path
                            .windows(2)
                            .map(|w| {
                                let a = g.find_organisation(&w[0].id).unwrap();
                                let b = g.find_organisation(&w[1].id).unwrap();
                                g.relation_between(a.0, b.0).unwrap().distance
                            })
                            .sum();
                        assert!((length - m.evidence.distance).abs() < 1e-9);
                    }
                }
            }
        }
    }
}
