//! Matching speed, side by side with a baseline in the same run.
//!
//! `cargo bench --bench matching -- [--scale county|province|N] [--runs R]`
//!
//! Generates synthetic data at the scale (seed 7), loads it into the in-memory store, projects it
//! (timed apart), then for every one of the 31 directions times:
//! - innomap: `form_consortium` (Kargar & An leader distance: one multi-source search per required
//!   capability over the CSR), top 1;
//! - baseline: the same objective with petgraph's own `dijkstra`, one search from each eligible
//!   leader over the petgraph graph, taking the cheapest leader.
//!
//! Both must agree on the best leader's cost. Then `match all` on one thread and on two.
//! National scale belongs to the on-disk store and is run by hand.

use innomap::generate::{GenerateOptions, Scale, generate};
use innomap::matching::LeaderGates;
use innomap::{
    ConsortiumOptions, KnowledgeGraph, MatchAllOptions, RdfFormat, Store, WeightPolicy,
    form_consortium, match_all, project,
};
use petgraph::algo::dijkstra;
use petgraph::graph::NodeIndex;
use std::time::{Duration, Instant};

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let scale_name = arg(&args, "--scale").unwrap_or_else(|| "county".into());
    let scale: Scale = scale_name
        .parse()
        .expect("a scale: county, province or a number");
    let runs: usize = arg(&args, "--runs")
        .and_then(|r| r.parse().ok())
        .unwrap_or(5);
    // The petgraph baseline runs one full search per eligible leader: at province scale that is
    // minutes per direction, so it runs once, on the first `--baseline-directions` directions.
    let baseline_directions: usize = arg(&args, "--baseline-directions")
        .and_then(|r| r.parse().ok())
        .unwrap_or(31);

    let started = Instant::now();
    let mut data = Vec::new();
    let generated = generate(&GenerateOptions { scale, seed: 7 }, &mut data).expect("generation");
    let generation = started.elapsed();
    let store = Store::in_memory().expect("a store");
    let started = Instant::now();
    store
        .load_bytes(
            &data,
            RdfFormat::NTriples,
            "https://w3id.org/innomap/graph/bench",
            "generated",
        )
        .expect("the generated data loads");
    let loading = started.elapsed();
    drop(data);
    let started = Instant::now();
    let (graph, summary) = project(&store, &WeightPolicy::default()).expect("projection");
    let projection = started.elapsed();
    println!(
        "scale {scale_name}: {} organisations, {} collaborations, {} triples; generated in {:.1} s, loaded in {:.1} s, projected in {:.2} s ({} organisations, {} collaborations in the graph)",
        generated.organisations,
        generated.collaborations,
        generated.triples,
        generation.as_secs_f64(),
        loading.as_secs_f64(),
        projection.as_secs_f64(),
        summary.organisations,
        summary.collaborations,
    );

    let options = ConsortiumOptions {
        top: 1,
        ..ConsortiumOptions::default()
    };
    let mut ours = Vec::new();
    let mut theirs = Vec::new();
    for run in 0..runs {
        for (i, direction) in graph.directions().iter().enumerate() {
            let start = Instant::now();
            let report = form_consortium(&graph, &direction.id, &options).expect("a consortium");
            ours.push(start.elapsed());
            if run > 0 || i >= baseline_directions {
                continue;
            }
            let start = Instant::now();
            let baseline = petgraph_leader_distance(&graph, &direction.id);
            theirs.push(start.elapsed());
            if let (Some(best), Some(cost)) = (report.consortia.first(), baseline) {
                assert!(
                    (best.cost - cost).abs() < 1e-6,
                    "{}: innomap cost {} vs petgraph {}",
                    direction.id,
                    best.cost,
                    cost
                );
            }
        }
    }
    let (ours, theirs) = (median(ours), median(theirs));
    println!(
        "| one direction (median over 31 directions × {runs} runs) | innomap | petgraph baseline | baseline / innomap |"
    );
    println!("|---|---|---|---|");
    println!(
        "| match consortium, top 1 | {:.2} ms | {:.2} ms | {:.1}× |",
        ms(ours),
        ms(theirs),
        theirs.as_secs_f64() / ours.as_secs_f64()
    );

    let all_options = MatchAllOptions::default();
    let time_all = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("a pool");
        let mut samples = Vec::new();
        for _ in 0..runs.clamp(1, 5) {
            let start = Instant::now();
            let report = pool.install(|| match_all(&graph, &all_options));
            samples.push(start.elapsed());
            std::hint::black_box(report);
        }
        median(samples)
    };
    // Interleave so that machine noise falls on both alike.
    let one = time_all(1);
    let two = time_all(2);
    let one_again = time_all(1);
    let one = one.min(one_again);
    println!(
        "| match all (31 directions, capacity 3) | 1 thread {:.1} ms | 2 threads {:.1} ms | speed-up {:.2}× |",
        ms(one),
        ms(two),
        one.as_secs_f64() / two.as_secs_f64()
    );
}

/// The leader-distance optimum found the plain way: petgraph's Dijkstra from every eligible leader.
fn petgraph_leader_distance(graph: &KnowledgeGraph, direction_id: &str) -> Option<f64> {
    let direction = graph.find_direction(direction_id)?;
    let gates = LeaderGates::default();
    let required = &graph.direction(direction).required;
    let mut best: Option<(usize, f64)> = None;
    for leader in gates.eligible_leaders(graph, direction) {
        let distances = dijkstra(
            graph.structure(),
            NodeIndex::new(leader.index()),
            None,
            |e| *e.weight(),
        );
        let mut covered = 0;
        let mut cost = 0.0;
        for &capability in required {
            let nearest = graph
                .holders(capability)
                .iter()
                .filter(|h| graph.organisation(**h).is_local() || **h == leader)
                .filter_map(|h| {
                    if *h == leader {
                        Some(0.0)
                    } else {
                        distances.get(&NodeIndex::new(h.index())).copied()
                    }
                })
                .fold(f64::INFINITY, f64::min);
            if nearest.is_finite() {
                covered += 1;
                cost += nearest;
            }
        }
        let better = match best {
            None => true,
            Some((c, k)) => covered > c || (covered == c && cost < k),
        };
        if better {
            best = Some((covered, cost));
        }
    }
    best.map(|(_, cost)| cost)
}
