//! `innomap evaluate`: does partner matching predict the map's own future?
//!
//! # The task
//!
//! A **temporal split**: collaborations up to year Y are known (the training graph is built from
//! them alone, recency measured from Y); the later ones are to be predicted. Y defaults to the year
//! that leaves closest to 20 % of the collaborations later. For each later collaboration, its
//! initiator — the stated lead (`im:lead`), else each firm taking part, else each participant — asks
//! for partners, given the collaboration's direction when it states one (`im:direction`); the targets
//! are its other participants. Every ranker ranks every organisation but the initiator (and its host
//! and the organisations it hosts).
//!
//! Metrics, each averaged over the queries: recall@K (share of targets in the top K), MRR (1 / rank
//! of the best-ranked target) and NDCG@K (binary relevance). "All partners" counts every target;
//! "new ties" only the targets the initiator had no tie with by Y, ranked among the organisations
//! it had no tie with (queries without such a target are left out).
//!
//! # The rankers, run on the same queries
//!
//! - **innomap** — `match partners` as served: the partner signals weighed by the weights in use,
//!   partners bringing the direction's capabilities first when the query has a direction;
//! - **random** — a seeded shuffle;
//! - **popularity** — distinct partners by Y (degree);
//! - **need × rarity** — Σ idf of the candidate's capabilities the initiator needs: the direction's
//!   required capabilities it lacks, or without a direction those required by its chains'
//!   directions, or without those every capability it lacks;
//! - **Adamic–Adar** — Σ over shared partners z of 1 / ln(degree z);
//! - **informed** — a multiplicative baseline: (0.01 + need × rarity) × (1 + prior collaborations)
//!   × locality (2 in the same place, 1.5 both local, 1 otherwise) × (0.01 + the share of ties from
//!   the initiator's kind to the candidate's) × (1 + degree)^0.3.
//!
//! # Fitting (`--fit`)
//!
//! An inner temporal split of the training part alone (the same 20 % rule) gives inner queries; the
//! signals of every candidate of every inner query are computed once, then **coordinate ascent**
//! maximises the mean of MRR and recall@K over all partners and new ties: each weight in turn tries
//! a fixed grid of values, keeping the best (ties keep the current value), until a sweep changes
//! nothing (at most 6 sweeps). Deterministic: fixed grid, fixed order, seeded sample. The outer test
//! never takes part in the fit, and the fitted weights are then scored on it beside the others.
//!
//! IO-free: it takes the projection's specs and returns numbers.

use crate::base::error::Error;
use crate::base::kind::Kind;
use crate::features::generate::SplitMix64;
use crate::graph::{CollaborationSpec, DirectionIndex, KnowledgeGraph, OrgIndex, WeightPolicy};
use crate::matching::consortium::{ConsortiumOptions, form_consortium};
use crate::matching::pagerank::PageRankOptions;
use crate::matching::partners::{PartnerWeights, SIGNAL_COUNT, SIGNALS, partner_signals};
use crate::projection::{CollaborationRole, ConsortiumRecord, ProjectionInput};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// How the evaluation runs.
#[derive(Debug, Clone)]
pub struct EvaluateOptions {
    /// The last known year; `None`: the year leaving about 20 % of collaborations later.
    pub split_year: Option<i32>,
    /// K of recall@K and NDCG@K. Default 10.
    pub k: usize,
    /// Seed of the random baseline and of the query samples.
    pub seed: u64,
    /// Score at most this many test queries (a seeded sample); `None`: all.
    pub max_queries: Option<usize>,
    /// Fit on at most this many inner queries (a seeded sample). Default 300.
    pub max_fit_queries: usize,
    /// The weights innomap ranks with.
    pub weights: PartnerWeights,
    /// Fit the weights on the training part's own history.
    pub fit: bool,
    /// Also check consortia against later recorded ones.
    pub consortia: bool,
}

impl Default for EvaluateOptions {
    fn default() -> Self {
        EvaluateOptions {
            split_year: None,
            k: 10,
            seed: 42,
            max_queries: None,
            max_fit_queries: 300,
            weights: PartnerWeights::default(),
            fit: false,
            consortia: false,
        }
    }
}

/// Recall@K, MRR and NDCG@K over a set of queries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Metrics {
    pub queries: usize,
    pub recall_at_k: f64,
    pub mrr: f64,
    pub ndcg_at_k: f64,
}

/// One ranker's metrics.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RankerResult {
    pub ranker: String,
    pub all_partners: Metrics,
    pub new_ties: Metrics,
}

/// What `--fit` learnt.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FitReport {
    pub method: &'static str,
    pub inner_split_year: i32,
    pub inner_queries: usize,
    /// The objective (mean of MRR and recall@K, all and new) on the inner queries.
    pub objective_before: f64,
    pub objective_after: f64,
    pub sweeps: usize,
    /// The signal shape chosen (`null`: linear).
    pub epsilon: Option<f64>,
    pub weights: BTreeMap<String, f64>,
}

/// The consortium-level check.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConsortiumCheck {
    /// Later recorded consortia or collaborations with a direction and 3+ participants.
    pub cases: usize,
    /// Mean share of their members (leader aside) that the top proposed consortium for that
    /// direction and leader contains.
    pub member_recall: f64,
    /// The same for the baseline: the most popular local holders of the required capabilities,
    /// as many as the proposal has members.
    pub baseline_member_recall: f64,
    pub baseline: &'static str,
}

/// The whole evaluation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvaluateReport {
    pub split_year: i32,
    pub collaborations: usize,
    pub training_collaborations: usize,
    pub later_collaborations: usize,
    /// Queries scored (after sampling) and how many there were.
    pub queries: usize,
    pub eligible_queries: usize,
    pub queries_with_direction: usize,
    pub k: usize,
    pub rankers: Vec<RankerResult>,
    pub fit: Option<FitReport>,
    pub consortia: Option<ConsortiumCheck>,
}

/// One prediction task.
#[derive(Debug, Clone)]
struct Query {
    initiator: OrgIndex,
    direction: Option<DirectionIndex>,
    targets: Vec<OrgIndex>,
    /// Targets without a tie by the split year.
    new_targets: Vec<OrgIndex>,
}

/// The year that leaves closest to `share` of the collaborations later (ties: the later year).
pub fn default_split_year(collaborations: &[CollaborationSpec], share: f64) -> Option<i32> {
    let mut years: Vec<i32> = collaborations.iter().map(|c| c.year).collect();
    years.sort_unstable();
    let n = years.len() as f64;
    let mut distinct = years.clone();
    distinct.dedup();
    distinct.pop(); // the newest year leaves nothing later
    distinct
        .into_iter()
        .map(|y| {
            let later = years.iter().filter(|&&x| x > y).count() as f64 / n;
            ((later - share).abs(), y)
        })
        .min_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)))
        .map(|(_, y)| y)
}

/// The training graph: collaborations up to `year`, recency from `year`.
fn training_graph(
    input: &ProjectionInput,
    policy: &WeightPolicy,
    year: i32,
) -> Result<KnowledgeGraph, Error> {
    let mut training = input.clone();
    training.collaborations.retain(|c| c.year <= year);
    let policy = WeightPolicy {
        as_of: Some(year),
        ..policy.clone()
    };
    training.build(&policy)
}

/// The queries of the collaborations after `year` (and up to `until`, when given).
fn queries(
    graph: &KnowledgeGraph,
    collaborations: &[CollaborationSpec],
    roles: &BTreeMap<String, CollaborationRole>,
    year: i32,
    until: Option<i32>,
) -> Vec<Query> {
    let mut out = Vec::new();
    let mut later: Vec<&CollaborationSpec> = collaborations
        .iter()
        .filter(|c| c.year > year && until.is_none_or(|u| c.year <= u))
        .collect();
    later.sort_by(|a, b| a.year.cmp(&b.year).then(a.id.cmp(&b.id)));
    for c in later {
        let participants: Vec<OrgIndex> = c
            .participants
            .iter()
            .filter_map(|p| graph.find_organisation(p))
            .collect();
        let role = roles.get(&c.id);
        let lead = role
            .and_then(|r| r.lead.as_deref())
            .and_then(|l| graph.find_organisation(l))
            .filter(|l| participants.contains(l));
        let direction = role
            .and_then(|r| r.direction.as_deref())
            .and_then(|d| graph.find_direction(d));
        let initiators: Vec<OrgIndex> = match lead {
            Some(l) => vec![l],
            None => {
                let firms: Vec<OrgIndex> = participants
                    .iter()
                    .copied()
                    .filter(|&p| graph.organisation(p).kind == Kind::Firm)
                    .collect();
                if firms.is_empty() {
                    participants.clone()
                } else {
                    firms
                }
            }
        };
        for initiator in initiators {
            let i = graph.organisation(initiator);
            let targets: Vec<OrgIndex> = participants
                .iter()
                .copied()
                .filter(|&p| {
                    p != initiator
                        && i.host != Some(p)
                        && graph.organisation(p).host != Some(initiator)
                })
                .collect();
            if targets.is_empty() {
                continue;
            }
            let new_targets = targets
                .iter()
                .copied()
                .filter(|&t| graph.tie_between(initiator, t).is_none())
                .collect();
            out.push(Query {
                initiator,
                direction,
                targets,
                new_targets,
            });
        }
    }
    out
}

/// A seeded sample of at most `max` items, kept in their order.
fn sample<T: Clone>(items: Vec<T>, max: Option<usize>, seed: u64) -> Vec<T> {
    match max {
        Some(max) if items.len() > max => {
            let mut index: Vec<usize> = (0..items.len()).collect();
            SplitMix64::new(seed).shuffle(&mut index);
            let mut keep: Vec<usize> = index.into_iter().take(max).collect();
            keep.sort_unstable();
            keep.into_iter().map(|i| items[i].clone()).collect()
        }
        _ => items,
    }
}

/// Sums of the three metrics over queries.
#[derive(Debug, Clone, Copy, Default)]
struct Sums {
    n: usize,
    recall: f64,
    rr: f64,
    ndcg: f64,
}

impl Sums {
    /// Adds one query, given the 1-based ranks of its targets (None: not ranked).
    fn add(&mut self, ranks: &[Option<usize>], k: usize) {
        if ranks.is_empty() {
            return;
        }
        self.n += 1;
        let hits = ranks.iter().flatten().filter(|&&r| r <= k).count();
        self.recall += hits as f64 / ranks.len() as f64;
        self.rr += ranks
            .iter()
            .flatten()
            .min()
            .map_or(0.0, |&r| 1.0 / r as f64);
        let dcg: f64 = ranks
            .iter()
            .flatten()
            .filter(|&&r| r <= k)
            .map(|&r| 1.0 / ((r + 1) as f64).log2())
            .sum();
        let ideal: f64 = (1..=ranks.len().min(k))
            .map(|r| 1.0 / ((r + 1) as f64).log2())
            .sum();
        self.ndcg += dcg / ideal;
    }

    fn merge(mut self, other: Sums) -> Sums {
        self.n += other.n;
        self.recall += other.recall;
        self.rr += other.rr;
        self.ndcg += other.ndcg;
        self
    }

    fn metrics(self) -> Metrics {
        let n = self.n.max(1) as f64;
        let round = |x: f64| (x / n * 10_000.0).round() / 10_000.0;
        Metrics {
            queries: self.n,
            recall_at_k: round(self.recall),
            mrr: round(self.rr),
            ndcg_at_k: round(self.ndcg),
        }
    }
}

/// The ranks of `targets` in `ranking` (1-based), skipping the candidates `skip` rejects.
fn ranks_in(
    ranking: &[OrgIndex],
    targets: &[OrgIndex],
    skip: impl Fn(OrgIndex) -> bool,
) -> Vec<Option<usize>> {
    let mut position: HashMap<OrgIndex, usize> = HashMap::new();
    let mut rank = 0;
    for &o in ranking {
        if skip(o) {
            continue;
        }
        rank += 1;
        position.insert(o, rank);
    }
    targets.iter().map(|t| position.get(t).copied()).collect()
}

/// Training-graph facts the baselines share.
struct Baselines<'g> {
    graph: &'g KnowledgeGraph,
    /// Tie partners and collaboration counts of every organisation.
    neighbours: Vec<Vec<(OrgIndex, u32)>>,
    idf: Vec<f64>,
    /// Ties from organisations of one kind to each kind.
    kind_ties: HashMap<(Kind, Kind), f64>,
    kind_totals: HashMap<Kind, f64>,
}

const BASELINES: [&str; 5] = [
    "random",
    "popularity",
    "need × rarity",
    "Adamic–Adar",
    "informed (multiplicative)",
];

impl<'g> Baselines<'g> {
    fn new(graph: &'g KnowledgeGraph) -> Self {
        let n = graph.organisations().len();
        let mut neighbours = vec![Vec::new(); n];
        let mut kind_ties: HashMap<(Kind, Kind), f64> = HashMap::new();
        let mut kind_totals: HashMap<Kind, f64> = HashMap::new();
        for r in graph.relations() {
            let Some(tie) = &r.tie else { continue };
            if (r.b as usize) >= n {
                continue;
            }
            let (a, b) = (OrgIndex(r.a), OrgIndex(r.b));
            neighbours[a.index()].push((b, tie.count));
            neighbours[b.index()].push((a, tie.count));
            let (ka, kb) = (graph.organisation(a).kind, graph.organisation(b).kind);
            *kind_ties.entry((ka, kb)).or_default() += 1.0;
            *kind_ties.entry((kb, ka)).or_default() += 1.0;
            *kind_totals.entry(ka).or_default() += 1.0;
            *kind_totals.entry(kb).or_default() += 1.0;
        }
        for list in &mut neighbours {
            list.sort_unstable();
        }
        let orgs = n as f64;
        let idf = (0..graph.capabilities().len())
            .map(|c| {
                let h = graph.holders(crate::graph::CapabilityIndex(c as u32)).len();
                if h == 0 {
                    0.0
                } else {
                    (1.0 + orgs / h as f64).ln()
                }
            })
            .collect();
        Baselines {
            graph,
            neighbours,
            idf,
            kind_ties,
            kind_totals,
        }
    }

    fn degree(&self, o: OrgIndex) -> f64 {
        self.neighbours[o.index()].len() as f64
    }

    /// The capabilities `initiator` needs (see the module docs), sorted.
    fn needs(&self, initiator: OrgIndex, direction: Option<DirectionIndex>) -> Vec<u32> {
        let g = self.graph;
        let f = g.organisation(initiator);
        let mut needs: Vec<u32> = match direction {
            Some(d) => g.direction(d).required.iter().map(|c| c.0).collect(),
            None => g
                .directions()
                .iter()
                .filter(|d| f.chains.contains(&d.chain))
                .flat_map(|d| d.required.iter().map(|c| c.0))
                .collect(),
        };
        needs.retain(|&c| !f.holds(crate::graph::CapabilityIndex(c)));
        if needs.is_empty() {
            needs = (0..g.capabilities().len() as u32)
                .filter(|&c| !f.holds(crate::graph::CapabilityIndex(c)))
                .collect();
        }
        needs.sort_unstable();
        needs.dedup();
        needs
    }

    /// The candidates of `initiator`, and every baseline's ranking of them.
    fn rankings(&self, q: &Query, seed: u64) -> Vec<Vec<OrgIndex>> {
        let g = self.graph;
        let f = g.organisation(q.initiator);
        let candidates: Vec<OrgIndex> = (0..g.organisations().len() as u32)
            .map(OrgIndex)
            .filter(|&o| {
                o != q.initiator && f.host != Some(o) && g.organisation(o).host != Some(q.initiator)
            })
            .collect();
        let needs = self.needs(q.initiator, q.direction);
        let need_rarity = |o: OrgIndex| -> f64 {
            g.organisation(o)
                .capabilities
                .iter()
                .filter(|c| needs.binary_search(&c.0).is_ok())
                .map(|c| self.idf[c.index()])
                .sum()
        };
        let mine = &self.neighbours[q.initiator.index()];
        let ties_with = |o: OrgIndex| -> f64 {
            mine.binary_search_by_key(&o, |&(n, _)| n)
                .map_or(0.0, |i| f64::from(mine[i].1))
        };
        let adamic_adar = |o: OrgIndex| -> f64 {
            let theirs = &self.neighbours[o.index()];
            let (mut i, mut j, mut sum) = (0, 0, 0.0);
            while i < mine.len() && j < theirs.len() {
                match mine[i].0.cmp(&theirs[j].0) {
                    std::cmp::Ordering::Less => i += 1,
                    std::cmp::Ordering::Greater => j += 1,
                    std::cmp::Ordering::Equal => {
                        let d = self.degree(mine[i].0);
                        if d > 1.0 {
                            sum += 1.0 / d.ln();
                        }
                        i += 1;
                        j += 1;
                    }
                }
            }
            sum
        };
        let kind_share = |o: OrgIndex| -> f64 {
            let k = g.organisation(o).kind;
            let total = self.kind_totals.get(&f.kind).copied().unwrap_or(0.0);
            if total > 0.0 {
                self.kind_ties.get(&(f.kind, k)).copied().unwrap_or(0.0) / total
            } else {
                0.0
            }
        };
        let locality = |o: OrgIndex| -> f64 {
            let p = g.organisation(o);
            if f.place.is_some() && f.place == p.place {
                2.0
            } else if f.is_local() && p.is_local() {
                1.5
            } else {
                1.0
            }
        };
        let by = |score: &dyn Fn(OrgIndex) -> f64| -> Vec<OrgIndex> {
            let mut scored: Vec<(f64, OrgIndex)> =
                candidates.iter().map(|&o| (score(o), o)).collect();
            scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            scored.into_iter().map(|(_, o)| o).collect()
        };
        let mut random = candidates.clone();
        SplitMix64::new(seed).shuffle(&mut random);
        vec![
            random,
            by(&|o| self.degree(o)),
            by(&need_rarity),
            by(&adamic_adar),
            by(&|o| {
                (0.01 + need_rarity(o))
                    * (1.0 + ties_with(o))
                    * locality(o)
                    * (0.01 + kind_share(o))
                    * (1.0 + self.degree(o)).powf(0.3)
            }),
        ]
    }
}

/// innomap's ranking for one query under `weights`.
fn innomap_ranking(graph: &KnowledgeGraph, q: &Query, weights: &PartnerWeights) -> Vec<OrgIndex> {
    let table = partner_signals(
        graph,
        q.initiator,
        q.direction,
        None,
        &PageRankOptions::default(),
        &weights.locality_scores,
    );
    table
        .ranking(weights, q.direction.is_some())
        .into_iter()
        .map(|i| table.candidates[i])
        .collect()
}

/// Scores every ranker (`named` rankings first, then the baselines) on `queries`.
fn score_rankers(
    graph: &KnowledgeGraph,
    queries: &[Query],
    named: &[(String, PartnerWeights)],
    k: usize,
    seed: u64,
) -> Vec<RankerResult> {
    let baselines = Baselines::new(graph);
    let count = named.len() + BASELINES.len();
    let per_query: Vec<Vec<(Sums, Sums)>> = queries
        .par_iter()
        .enumerate()
        .map(|(qi, q)| {
            let mut rankings: Vec<Vec<OrgIndex>> = named
                .iter()
                .map(|(_, w)| innomap_ranking(graph, q, w))
                .collect();
            rankings.extend(baselines.rankings(q, seed ^ (qi as u64).wrapping_mul(0x9E37)));
            rankings
                .iter()
                .map(|ranking| {
                    let mut all = Sums::default();
                    all.add(&ranks_in(ranking, &q.targets, |_| false), k);
                    let mut new = Sums::default();
                    if !q.new_targets.is_empty() {
                        let tied = |o: OrgIndex| graph.tie_between(q.initiator, o).is_some();
                        new.add(&ranks_in(ranking, &q.new_targets, tied), k);
                    }
                    (all, new)
                })
                .collect()
        })
        .collect();
    let mut totals = vec![(Sums::default(), Sums::default()); count];
    for row in per_query {
        for (t, (a, n)) in totals.iter_mut().zip(row) {
            t.0 = t.0.merge(a);
            t.1 = t.1.merge(n);
        }
    }
    named
        .iter()
        .map(|(name, _)| name.clone())
        .chain(BASELINES.iter().map(|b| (*b).to_owned()))
        .zip(totals)
        .map(|(ranker, (all, new))| RankerResult {
            ranker,
            all_partners: all.metrics(),
            new_ties: new.metrics(),
        })
        .collect()
}

/// One inner query's signals, compacted for the fit.
struct FitCase {
    values: Vec<[f32; SIGNAL_COUNT]>,
    led: Vec<bool>,
    tied: Vec<bool>,
    /// Row of each target, and whether it is a new tie.
    targets: Vec<(usize, bool)>,
}

/// The fit objective of `weights` over `cases`: mean of MRR and recall@K, all and new.
fn objective(cases: &[FitCase], weights: &[f64; SIGNAL_COUNT], k: usize) -> f64 {
    let w: Vec<f32> = weights.iter().map(|&x| x as f32).collect();
    let sums = cases
        .par_iter()
        .map(|case| {
            let score: Vec<f32> = case
                .values
                .iter()
                .map(|row| row.iter().zip(&w).map(|(v, w)| v * w).sum())
                .collect();
            // Rank of row t among rows passing `keep`: 1 + rows that sort before it.
            let rank = |t: usize, keep: &dyn Fn(usize) -> bool| -> usize {
                let before = |r: usize| {
                    (case.led[r] && !case.led[t])
                        || (case.led[r] == case.led[t]
                            && (score[r] > score[t] || (score[r] == score[t] && r < t)))
                };
                1 + (0..score.len())
                    .filter(|&r| r != t && keep(r) && before(r))
                    .count()
            };
            let mut all = Sums::default();
            let ranks: Vec<Option<usize>> = case
                .targets
                .iter()
                .map(|&(t, _)| Some(rank(t, &|_| true)))
                .collect();
            all.add(&ranks, k);
            let mut new = Sums::default();
            let new_ranks: Vec<Option<usize>> = case
                .targets
                .iter()
                .filter(|(_, is_new)| *is_new)
                .map(|&(t, _)| Some(rank(t, &|r| !case.tied[r])))
                .collect();
            new.add(&new_ranks, k);
            (all, new)
        })
        .reduce(
            || (Sums::default(), Sums::default()),
            |a, b| (a.0.merge(b.0), a.1.merge(b.1)),
        );
    let (all, new) = (sums.0, sums.1);
    let mean = |s: Sums, x: f64| if s.n == 0 { 0.0 } else { x / s.n as f64 };
    (mean(all, all.rr) + mean(all, all.recall) + mean(new, new.rr) + mean(new, new.recall)) / 4.0
}

/// The signal shapes the fit tries (see [`PartnerWeights::shape`]): linear, then ever more
/// multiplicative.
const EPSILONS: [Option<f64>; 5] = [None, Some(1.0), Some(0.3), Some(0.1), Some(0.03)];

/// The grid each weight tries.
const GRID: [f64; 10] = [0.0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1.0];

fn fit(
    input: &ProjectionInput,
    roles: &BTreeMap<String, CollaborationRole>,
    policy: &WeightPolicy,
    split_year: i32,
    options: &EvaluateOptions,
) -> Result<(PartnerWeights, FitReport), Error> {
    let training: Vec<CollaborationSpec> = input
        .collaborations
        .iter()
        .filter(|c| c.year <= split_year)
        .cloned()
        .collect();
    let inner_year = default_split_year(&training, 0.2).ok_or_else(|| Error::Input {
        message: "the fit needs collaborations in at least two years before the split year".into(),
    })?;
    let graph = training_graph(input, policy, inner_year)?;
    let inner = queries(
        &graph,
        &input.collaborations,
        roles,
        inner_year,
        Some(split_year),
    );
    let inner = sample(inner, Some(options.max_fit_queries), options.seed ^ 0xF17);
    if inner.is_empty() {
        return Err(Error::Input {
            message: format!(
                "the fit found no collaboration after {inner_year} and up to {split_year} to learn from"
            ),
        });
    }
    let locality = PartnerWeights::default().locality_scores;
    let cases: Vec<FitCase> = inner
        .par_iter()
        .map(|q| {
            let table = partner_signals(
                &graph,
                q.initiator,
                q.direction,
                None,
                &PageRankOptions::default(),
                &locality,
            );
            let row: HashMap<OrgIndex, usize> = table
                .candidates
                .iter()
                .enumerate()
                .map(|(i, &o)| (o, i))
                .collect();
            FitCase {
                values: table.values.iter().map(|r| r.map(|x| x as f32)).collect(),
                led: table
                    .brings_direction
                    .iter()
                    .map(|&b| b && q.direction.is_some())
                    .collect(),
                tied: table
                    .candidates
                    .iter()
                    .map(|&o| graph.tie_between(q.initiator, o).is_some())
                    .collect(),
                targets: q
                    .targets
                    .iter()
                    .filter_map(|t| row.get(t).map(|&r| (r, q.new_targets.contains(t))))
                    .collect(),
            }
        })
        .collect();
    let shaped = |epsilon: Option<f64>| -> Vec<FitCase> {
        let shape = PartnerWeights {
            epsilon,
            ..options.weights.clone()
        };
        cases
            .iter()
            .map(|c| FitCase {
                values: c
                    .values
                    .iter()
                    .map(|r| r.map(|x| shape.shape(f64::from(x)) as f32))
                    .collect(),
                led: c.led.clone(),
                tied: c.tied.clone(),
                targets: c.targets.clone(),
            })
            .collect()
    };
    let start = shaped(options.weights.epsilon);
    let before = objective(&start, &options.weights.weights, options.k);
    drop(start);
    // Coordinate ascent for each shape; the best (shape, weights) wins, ties to the earlier.
    let mut winner: Option<(f64, Option<f64>, [f64; SIGNAL_COUNT], usize)> = None;
    for epsilon in EPSILONS {
        let cases = shaped(epsilon);
        let mut weights = options.weights.weights;
        let mut best = objective(&cases, &weights, options.k);
        let mut sweeps = 0;
        for _ in 0..6 {
            sweeps += 1;
            let mut changed = false;
            for i in 0..SIGNAL_COUNT {
                for &value in &GRID {
                    if value == weights[i] {
                        continue;
                    }
                    let mut trial = weights;
                    trial[i] = value;
                    if trial.iter().sum::<f64>() <= 0.0 {
                        continue;
                    }
                    let score = objective(&cases, &trial, options.k);
                    if score > best + 1e-9 {
                        best = score;
                        weights = trial;
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
        if winner.as_ref().is_none_or(|w| best > w.0 + 1e-9) {
            winner = Some((best, epsilon, weights, sweeps));
        }
    }
    let (best, epsilon, weights, sweeps) = winner.expect("at least one shape");
    let total: f64 = weights.iter().sum();
    let weights = weights.map(|w| (w / total * 1e4).round() / 1e4);
    let fitted = PartnerWeights {
        weights,
        epsilon,
        locality_scores: locality,
    };
    let report = FitReport {
        method: "coordinate ascent on the mean of MRR and recall@K (all partners and new ties), for each signal shape, on an inner temporal split",
        inner_split_year: inner_year,
        inner_queries: cases.len(),
        objective_before: (before * 1e4).round() / 1e4,
        objective_after: (best * 1e4).round() / 1e4,
        sweeps,
        epsilon,
        weights: SIGNALS
            .iter()
            .zip(weights)
            .map(|(s, w)| ((*s).to_owned(), w))
            .collect(),
    };
    Ok((fitted, report))
}

/// The consortium check: later records with a direction and 3+ participants.
fn check_consortia(
    graph: &KnowledgeGraph,
    input: &ProjectionInput,
    roles: &BTreeMap<String, CollaborationRole>,
    records: &[ConsortiumRecord],
    split_year: i32,
) -> ConsortiumCheck {
    let mut cases: Vec<(String, String, Vec<String>)> = records
        .iter()
        .filter(|r| r.year > split_year)
        .map(|r| (r.direction.clone(), r.leader.clone(), r.members.clone()))
        .collect();
    for c in input.collaborations.iter().filter(|c| c.year > split_year) {
        let Some(role) = roles.get(&c.id) else {
            continue;
        };
        let (Some(direction), true) = (&role.direction, c.participants.len() >= 3) else {
            continue;
        };
        let leader = role
            .lead
            .clone()
            .unwrap_or_else(|| c.participants[0].clone());
        let members = c
            .participants
            .iter()
            .filter(|p| **p != leader)
            .cloned()
            .collect();
        cases.push((direction.clone(), leader, members));
    }
    let baselines = Baselines::new(graph);
    let (mut recall, mut baseline, mut n) = (0.0, 0.0, 0usize);
    for (direction, leader, members) in &cases {
        if members.is_empty() || graph.find_direction(direction).is_none() {
            continue;
        }
        let options = ConsortiumOptions {
            leader: Some(leader.clone()),
            override_gates: true,
            top: 1,
            ..ConsortiumOptions::default()
        };
        let Ok(report) = form_consortium(graph, direction, &options) else {
            continue;
        };
        let proposed: BTreeSet<&str> = report
            .consortia
            .first()
            .map(|c| c.members.iter().map(|m| m.id.as_str()).collect())
            .unwrap_or_default();
        let size = proposed.len().max(1);
        let d = graph.find_direction(direction).expect("checked above");
        let mut holders: Vec<OrgIndex> = graph
            .direction(d)
            .required
            .iter()
            .flat_map(|&c| graph.holders(c).iter().copied())
            .filter(|&o| graph.organisation(o).is_local() && graph.organisation(o).id != *leader)
            .collect();
        holders.sort_unstable();
        holders.dedup();
        holders.sort_by(|a, b| {
            baselines
                .degree(*b)
                .total_cmp(&baselines.degree(*a))
                .then(a.cmp(b))
        });
        let popular: BTreeSet<&str> = holders
            .iter()
            .take(size)
            .map(|&o| graph.organisation(o).id.as_str())
            .collect();
        let share = |set: &BTreeSet<&str>| {
            members.iter().filter(|m| set.contains(m.as_str())).count() as f64
                / members.len() as f64
        };
        recall += share(&proposed);
        baseline += share(&popular);
        n += 1;
    }
    let mean = |x: f64| {
        if n == 0 {
            0.0
        } else {
            (x / n as f64 * 1e4).round() / 1e4
        }
    };
    ConsortiumCheck {
        cases: n,
        member_recall: mean(recall),
        baseline_member_recall: mean(baseline),
        baseline: "the most popular local holders of the required capabilities, as many as proposed",
    }
}

/// Runs the evaluation on the projection's specs. Returns the report and, with `fit`, the fitted
/// weights.
pub fn evaluate(
    input: &ProjectionInput,
    roles: &BTreeMap<String, CollaborationRole>,
    records: &[ConsortiumRecord],
    policy: &WeightPolicy,
    options: &EvaluateOptions,
) -> Result<(EvaluateReport, Option<PartnerWeights>), Error> {
    if options.k == 0 {
        return Err(Error::Usage("--k must be at least 1".into()));
    }
    let split_year = match options.split_year {
        Some(y) => y,
        None => default_split_year(&input.collaborations, 0.2).ok_or_else(|| Error::Input {
            message: "the data has no collaborations in two different years, so there is no \
                      history to split; load collaborations with years (im:year)"
                .into(),
        })?,
    };
    let training = input
        .collaborations
        .iter()
        .filter(|c| c.year <= split_year)
        .count();
    let later = input.collaborations.len() - training;
    if training == 0 || later == 0 {
        return Err(Error::Usage(format!(
            "--split-year {split_year} leaves {training} collaborations known and {later} later; \
             choose a year with collaborations on both sides"
        )));
    }
    let graph = training_graph(input, policy, split_year)?;
    let all_queries = queries(&graph, &input.collaborations, roles, split_year, None);
    let eligible = all_queries.len();
    let test = sample(all_queries, options.max_queries, options.seed);
    let mut named = vec![("innomap".to_owned(), options.weights.clone())];
    let (fit_report, fitted) = if options.fit {
        let (weights, report) = fit(input, roles, policy, split_year, options)?;
        named.push(("innomap (fitted)".to_owned(), weights.clone()));
        (Some(report), Some(weights))
    } else {
        (None, None)
    };
    let rankers = score_rankers(&graph, &test, &named, options.k, options.seed);
    let consortia = options
        .consortia
        .then(|| check_consortia(&graph, input, roles, records, split_year));
    Ok((
        EvaluateReport {
            split_year,
            collaborations: input.collaborations.len(),
            training_collaborations: training,
            later_collaborations: later,
            queries: test.len(),
            eligible_queries: eligible,
            queries_with_direction: test.iter().filter(|q| q.direction.is_some()).count(),
            k: options.k,
            rankers,
            fit: fit_report,
            consortia,
        },
        fitted,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{CollaborationKind, Labels, Locality, OrganisationSpec};

    fn collab(id: &str, year: i32, parts: &[&str]) -> CollaborationSpec {
        CollaborationSpec {
            id: id.into(),
            kind: CollaborationKind::JointProject,
            year,
            participants: parts.iter().map(|p| p.to_string()).collect(),
        }
    }

    #[test]
    fn the_default_split_leaves_about_a_fifth_later() {
        let mut c = Vec::new();
        for (i, year) in [2020, 2020, 2021, 2021, 2022, 2022, 2023, 2023, 2024, 2024]
            .into_iter()
            .enumerate()
        {
            c.push(collab(&format!("c{i}"), year, &["a", "b"]));
        }
        // After 2023: 2 of 10 (20 %).
        assert_eq!(default_split_year(&c, 0.2), Some(2023));
        assert_eq!(default_split_year(&c[..2], 0.2), None);
    }

    #[test]
    fn metrics_follow_their_definitions() {
        let mut s = Sums::default();
        // Targets at ranks 2 and 11, K = 10: recall 1/2, RR 1/2, NDCG (1/log2 3) / (1 + 1/log2 3).
        s.add(&[Some(2), Some(11)], 10);
        let m = s.metrics();
        assert_eq!(m.queries, 1);
        assert!((m.recall_at_k - 0.5).abs() < 1e-9);
        assert!((m.mrr - 0.5).abs() < 1e-9);
        let g = 1.0 / 3f64.log2();
        assert!((m.ndcg_at_k - ((g / (1.0 + g)) * 1e4).round() / 1e4).abs() < 1e-9);
        let mut none = Sums::default();
        none.add(&[None], 10);
        assert_eq!(none.metrics().mrr, 0.0);
    }

    /// A hand-sized history: a, b, c work together early; later a works with c again and with d,
    /// who shares a's capability field. Every ranker is deterministic and bounded.
    #[test]
    fn the_evaluation_is_deterministic_and_bounded() {
        let mut input = ProjectionInput::default();
        for cap in ["x", "y"] {
            input.capabilities.push(crate::graph::CapabilitySpec {
                id: cap.into(),
                labels: Labels::new(cap, cap),
                broader: None,
            });
        }
        for (id, cap) in [("a", "x"), ("b", "y"), ("c", "y"), ("d", "y"), ("e", "x")] {
            input.organisations.push(
                OrganisationSpec::new(id, Labels::new(id, id), Kind::Firm, Locality::InCity)
                    .with_capabilities(&[cap]),
            );
        }
        input.collaborations = vec![
            collab("k1", 2020, &["a", "b"]),
            collab("k2", 2021, &["a", "c"]),
            collab("k3", 2021, &["b", "c"]),
            collab("k4", 2022, &["c", "d"]),
            collab("k5", 2023, &["a", "c", "d"]),
        ];
        let mut roles = BTreeMap::new();
        roles.insert(
            "k5".to_owned(),
            CollaborationRole {
                lead: Some("a".into()),
                direction: None,
            },
        );
        let run = || {
            evaluate(
                &input,
                &roles,
                &[],
                &WeightPolicy::default(),
                &EvaluateOptions::default(),
            )
            .unwrap()
            .0
        };
        let report = run();
        assert_eq!(report, run());
        assert_eq!(report.split_year, 2022);
        // One query: a (the lead) with targets c (tied by 2022) and d (new).
        assert_eq!((report.queries, report.later_collaborations), (1, 1));
        assert_eq!(report.rankers.len(), 1 + BASELINES.len());
        for r in &report.rankers {
            for m in [r.all_partners, r.new_ties] {
                assert!((0.0..=1.0).contains(&m.recall_at_k), "{r:?}");
                assert!((0.0..=1.0).contains(&m.mrr) && (0.0..=1.0).contains(&m.ndcg_at_k));
            }
            assert_eq!(r.new_ties.queries, 1);
        }
        // Popularity by 2022: c has three partners (a, b, d), b two: c first, a hit at rank 1.
        let popularity = &report.rankers[2];
        assert_eq!(popularity.ranker, "popularity");
        assert_eq!(popularity.all_partners.mrr, 1.0);
    }
}
