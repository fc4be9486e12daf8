//! `match all`: a consortium for every direction, solved in parallel (rayon), with a shared
//! capacity on universities and key labs, resolved deterministically.
//!
//! # Capacity
//!
//! No organisation of a [`CAPPED_KINDS`] kind (university, national key lab, provincial key lab) may
//! be leader or member of more than C consortia (default [`DEFAULT_CAPACITY`] = 3: a lab can
//! credibly carry about three task-based projects at once). Organisations on paths do not count.
//!
//! # Resolution in rounds
//!
//! 1. Solve every pending direction in parallel, each excluding the organisations saturated
//!    (load ≥ C) when the round starts. Each solve is a pure function of the graph, the direction
//!    and that exclusion set.
//! 2. Walk the pending directions in id order. A direction whose best consortium uses only capped
//!    organisations with load < C is accepted and their loads grow; otherwise it stays pending for
//!    the next round, when it is re-solved without the organisations saturated by then.
//!
//! The first pending direction of every round is always accepted (it avoided everything saturated
//! when the round began), so the rounds end, at worst after one per direction. Parallel results are
//! collected in input order and the walk is sequential, so the output is byte-identical at any
//! thread count.
//!
//! # Parallelism
//!
//! Within a round every pending direction is one rayon task, and each direction's per-capability
//! searches are nested tasks, so work stealing balances directions of uneven cost. Search buffers
//! (several per direction, each sized to the graph) come from a pool that lives for the whole call:
//! a run allocates about one set per thread, not one per task. The serial part — walking the
//! attempts, counting loads, building the report — measured under 1 % of a county-scale run.
//!
//! # Complexity
//!
//! Rounds × (directions / threads) × one direction's solve; usually one to three rounds.

use crate::base::kind::Kind;
use crate::graph::{DirectionIndex, KnowledgeGraph, OrgIndex};
use crate::matching::consortium::{
    ConsortiumOptions, MatchWorkspace, SolveSettings, gaps_for, required_refs, solve,
};
use crate::matching::report::{DirectionAssignment, LabLoad, MatchAllReport, MatchAllSummary};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::sync::{Mutex, PoisonError};

/// The default capacity: no university or key lab in more than this many consortia.
pub const DEFAULT_CAPACITY: usize = 3;

/// The kinds whose organisations the capacity limits.
pub const CAPPED_KINDS: [Kind; 3] = [
    Kind::University,
    Kind::NationalKeyLab,
    Kind::ProvincialKeyLab,
];

/// Options of `match all`.
#[derive(Debug, Clone, PartialEq)]
pub struct MatchAllOptions {
    pub capacity: usize,
    /// Options of each direction's solve; `leader` and `exclude` are ignored and `top` is 1.
    pub consortium: ConsortiumOptions,
}

impl Default for MatchAllOptions {
    fn default() -> Self {
        MatchAllOptions {
            capacity: DEFAULT_CAPACITY,
            consortium: ConsortiumOptions::default(),
        }
    }
}

/// The search buffers of one `match all`, shared by its tasks across rounds: a task takes a free
/// workspace (or makes one when every workspace is in use) and returns it when done. So a run
/// allocates one workspace per task running at the same time — about one per thread — instead of
/// one per rayon split, which at province scale is megabytes of buffers filled each time.
/// Which workspace a task gets does not matter: a search resets its buffers before use.
struct WorkspacePool<'g> {
    graph: &'g KnowledgeGraph,
    free: Mutex<Vec<MatchWorkspace>>,
}

impl<'g> WorkspacePool<'g> {
    fn new(graph: &'g KnowledgeGraph) -> Self {
        WorkspacePool {
            graph,
            free: Mutex::new(Vec::new()),
        }
    }

    /// Runs `f` with a workspace of the pool.
    fn with<R>(&self, f: impl FnOnce(&mut MatchWorkspace) -> R) -> R {
        let taken = self.lock().pop();
        let mut workspace = taken.unwrap_or_else(|| MatchWorkspace::new(self.graph));
        let result = f(&mut workspace);
        self.lock().push(workspace);
        result
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<MatchWorkspace>> {
        // A panicking task never holds the lock while it runs, so the list is always whole.
        self.free.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// One direction's solve in one round.
struct Attempt {
    assignment: DirectionAssignment,
    /// Capped organisations of the consortium (leader and members).
    capped: Vec<OrgIndex>,
}

fn attempt(
    graph: &KnowledgeGraph,
    workspace: &mut MatchWorkspace,
    direction: DirectionIndex,
    settings: &SolveSettings,
    excluded: &[OrgIndex],
    round: usize,
) -> Attempt {
    let d = graph.direction(direction);
    let relevant_excluded = excluded
        .iter()
        .filter(|&&o| d.required.iter().any(|&c| graph.organisation(o).holds(c)))
        .map(|&o| graph.organisation(o).id.clone())
        .collect();
    let mut assignment = DirectionAssignment {
        direction: graph.direction_ref(direction),
        required_capabilities: required_refs(graph, direction),
        round,
        excluded: relevant_excluded,
        consortium: None,
        gaps: Vec::new(),
        error: None,
    };
    match solve(graph, workspace, direction, settings, None, excluded) {
        Ok(solved) => {
            assignment.gaps = gaps_for(graph, workspace, direction, &solved, settings);
            let capped = solved
                .top_team
                .iter()
                .copied()
                .filter(|&o| CAPPED_KINDS.contains(&graph.organisation(o).kind))
                .collect();
            assignment.consortium = solved.consortia.into_iter().next();
            Attempt { assignment, capped }
        }
        Err(error) => {
            assignment.error = Some(error.to_string());
            Attempt {
                assignment,
                capped: Vec::new(),
            }
        }
    }
}

/// Forms one consortium per direction under the shared capacity. Uses the current rayon pool.
pub fn match_all(graph: &KnowledgeGraph, options: &MatchAllOptions) -> MatchAllReport {
    let mut settings = SolveSettings::from(&options.consortium);
    settings.top = 1;
    // Each direction's per-capability searches stay parallel (see `solve`): while every thread has
    // a direction of its own they run in place, and when only the last, longest directions are left,
    // idle threads take their searches instead of waiting.
    let capacity = options.capacity;
    let direction_count = graph.directions().len();
    let mut loads: BTreeMap<OrgIndex, Vec<DirectionIndex>> = BTreeMap::new();
    // With capacity 0 every capped organisation is saturated from the start.
    let mut saturated: Vec<OrgIndex> = if capacity == 0 {
        (0..graph.organisations().len() as u32)
            .map(OrgIndex)
            .filter(|&o| CAPPED_KINDS.contains(&graph.organisation(o).kind))
            .collect()
    } else {
        Vec::new()
    };
    let mut results: Vec<Option<DirectionAssignment>> = vec![None; direction_count];
    let mut pending: Vec<DirectionIndex> =
        (0..direction_count as u32).map(DirectionIndex).collect();
    let workspaces = WorkspacePool::new(graph);
    let mut rounds = 0;
    while !pending.is_empty() && rounds <= direction_count {
        rounds += 1;
        let excluded = saturated.clone();
        let attempts: Vec<Attempt> = pending
            .par_iter()
            .map(|&d| {
                workspaces
                    .with(|workspace| attempt(graph, workspace, d, &settings, &excluded, rounds))
            })
            .collect();
        let mut next = Vec::new();
        for (&d, attempt) in pending.iter().zip(attempts) {
            let fits = attempt
                .capped
                .iter()
                .all(|o| loads.get(o).map_or(0, Vec::len) < capacity);
            if !fits {
                next.push(d);
                continue;
            }
            for &o in &attempt.capped {
                let load = loads.entry(o).or_default();
                load.push(d);
                if load.len() >= capacity {
                    if let Err(at) = saturated.binary_search(&o) {
                        saturated.insert(at, o);
                    }
                }
            }
            results[d.index()] = Some(attempt.assignment);
        }
        pending = next;
    }

    let directions: Vec<DirectionAssignment> = results.into_iter().flatten().collect();
    let mut lab_load: Vec<LabLoad> = loads
        .iter()
        .map(|(&o, ds)| {
            let org = graph.organisation(o);
            let mut ids: Vec<String> = ds.iter().map(|&d| graph.direction(d).id.clone()).collect();
            ids.sort();
            LabLoad {
                id: org.id.clone(),
                label: org.labels.clone(),
                kind: org.kind,
                load: ds.len(),
                capacity,
                saturated: ds.len() >= capacity,
                directions: ids,
            }
        })
        .collect();
    lab_load.sort_by(|a, b| b.load.cmp(&a.load).then_with(|| a.id.cmp(&b.id)));
    let summary = MatchAllSummary {
        directions: directions.len(),
        with_consortium: directions.iter().filter(|d| d.consortium.is_some()).count(),
        fully_covered: directions
            .iter()
            .filter(|d| {
                d.consortium
                    .as_ref()
                    .is_some_and(|c| c.uncovered.is_empty())
            })
            .count(),
        gaps: directions.iter().map(|d| d.gaps.len()).sum(),
        saturated: lab_load.iter().filter(|l| l.saturated).count(),
        rounds,
    };
    MatchAllReport {
        capacity,
        capped_kinds: CAPPED_KINDS.to_vec(),
        algorithm: options.consortium.algorithm,
        summary,
        directions,
        lab_load,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::CompositionRules;
    use crate::matching::testing::{fixture_b, random_graph};

    fn picks(report: &MatchAllReport) -> Vec<(String, String, Vec<String>, usize)> {
        report
            .directions
            .iter()
            .map(|d| {
                let c = d.consortium.as_ref().expect("a consortium");
                let members = c.members.iter().map(|m| m.id.clone()).collect();
                (
                    d.direction.id.clone(),
                    c.leader.id.clone(),
                    members,
                    d.round,
                )
            })
            .collect()
    }

    fn owned(rows: &[(&str, &str, &[&str], usize)]) -> Vec<(String, String, Vec<String>, usize)> {
        rows.iter()
            .map(|(d, l, m, r)| {
                (
                    d.to_string(),
                    l.to_string(),
                    m.iter().map(|s| s.to_string()).collect(),
                    *r,
                )
            })
            .collect()
    }

    /// Fixture B by hand. Alone, every direction takes leader f1 (f2 ties at the same cost and loses
    /// on id) and university u (0.25).
    /// - C = 3: all three take u in round 1; u's load is 3.
    /// - C = 1: round 1 accepts D1 (u saturated) and defers D2, D3; round 2 re-solves them without
    ///   u: D2 takes v, D3 takes w (0.5 each). Loads u 1, v 1, w 1.
    /// - C = 2: D1 and D2 take u in round 1; D3 takes w in round 2.
    #[test]
    fn shared_capacity_is_respected_in_deterministic_rounds() {
        let g = fixture_b();
        let run = |capacity| {
            match_all(
                &g,
                &MatchAllOptions {
                    capacity,
                    consortium: ConsortiumOptions {
                        rules: CompositionRules::none(),
                        ..ConsortiumOptions::default()
                    },
                },
            )
        };

        let three = run(3);
        assert_eq!(
            picks(&three),
            owned(&[
                ("D1", "f1", &["u"], 1),
                ("D2", "f1", &["u"], 1),
                ("D3", "f1", &["u"], 1)
            ])
        );
        assert_eq!(three.lab_load.len(), 1);
        assert_eq!(
            (
                three.lab_load[0].id.as_str(),
                three.lab_load[0].load,
                three.lab_load[0].saturated
            ),
            ("u", 3, true)
        );

        let one = run(1);
        assert_eq!(
            picks(&one),
            owned(&[
                ("D1", "f1", &["u"], 1),
                ("D2", "f1", &["v"], 2),
                ("D3", "f1", &["w"], 2)
            ])
        );
        assert_eq!(one.directions[1].excluded, ["u"]);
        let loads: Vec<_> = one
            .lab_load
            .iter()
            .map(|l| (l.id.as_str(), l.load, l.directions.clone()))
            .collect();
        assert_eq!(
            loads,
            [
                ("u", 1, vec!["D1".to_string()]),
                ("v", 1, vec!["D2".to_string()]),
                ("w", 1, vec!["D3".to_string()])
            ]
        );
        assert_eq!(one.summary.rounds, 2);
        assert_eq!(one.summary.saturated, 3);

        let two = run(2);
        assert_eq!(
            picks(&two),
            owned(&[
                ("D1", "f1", &["u"], 1),
                ("D2", "f1", &["u"], 1),
                ("D3", "f1", &["w"], 2)
            ])
        );

        // Capacity 0 keeps universities and labs out: leaders cover p, q and r stay uncovered.
        let zero = run(0);
        assert!(
            zero.directions
                .iter()
                .all(|d| d.consortium.as_ref().unwrap().members.is_empty())
        );
        assert!(zero.lab_load.is_empty());
    }

    /// The sequential twin: when the capacity never binds, one round solves every direction, and
    /// each direction's consortium and gaps are exactly what `match consortium` (top 1) gives alone,
    /// on one thread and on two (the pooled workspaces and nested searches change nothing).
    #[test]
    fn without_a_binding_capacity_each_direction_is_its_own_consortium() {
        use crate::matching::{ConsortiumOptions, form_consortium};
        let g = random_graph(12, 300, 30, 10, 3);
        let options = MatchAllOptions {
            capacity: usize::MAX,
            ..MatchAllOptions::default()
        };
        for threads in [1, 2] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("a rayon pool");
            let report = pool.install(|| match_all(&g, &options));
            assert_eq!(report.summary.rounds, 1);
            assert_eq!(report.directions.len(), g.directions().len());
            for assignment in &report.directions {
                let alone = form_consortium(
                    &g,
                    &assignment.direction.id,
                    &ConsortiumOptions {
                        top: 1,
                        ..ConsortiumOptions::default()
                    },
                )
                .expect("a consortium");
                assert_eq!(
                    assignment.consortium.as_ref(),
                    alone.consortia.first(),
                    "{threads} threads, {}",
                    assignment.direction.id
                );
                assert_eq!(assignment.gaps, alone.gaps);
            }
        }
    }

    /// Same input, same bytes, with 1 and 2 threads (and again with 2), under a binding capacity.
    #[test]
    fn output_is_byte_identical_at_any_thread_count() {
        let g = random_graph(11, 400, 40, 12, 3);
        // The random capabilities have no fields, so the leaders' focus test is off; the
        // composition rules stay on, so their additions are part of what must not vary.
        let mut options = MatchAllOptions {
            capacity: 1,
            ..MatchAllOptions::default()
        };
        options.consortium.gates.min_focus = 0.0;
        let serialized = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("a rayon pool");
            let report = pool.install(|| match_all(&g, &options));
            serde_json::to_string(&report).expect("serializable")
        };
        let one = serialized(1);
        assert_eq!(one, serialized(2));
        assert_eq!(one, serialized(2));
        let report: serde_json::Value = serde_json::from_str(&one).unwrap();
        assert_eq!(report["directions"].as_array().map(Vec::len), Some(12));
        assert!(
            report["summary"]["rounds"].as_u64() >= Some(2),
            "the capacity binds"
        );
        assert!(
            report["load"]
                .as_array()
                .unwrap()
                .iter()
                .all(|l| l["load"].as_u64() <= Some(1))
        );
    }
}
