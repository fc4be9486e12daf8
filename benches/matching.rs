//! Matching speed, side by side with a baseline in the same run.
//!
//! `cargo bench --bench matching -- [--scale county|province|N] [--runs R] [--all-runs R] [--only all|one]`
//!
//! Generates synthetic data at the scale (seed 7), loads it into the in-memory store (or, with
//! `--store DIR`, opens an on-disk store made by `innomap --store DIR load FILE`), projects it
//! (timed apart), then for every one of the 31 directions times:
//! - innomap: `form_consortium` (Kargar & An leader distance: one multi-source search per required
//!   capability over the CSR), top 1;
//! - baseline: the same objective with petgraph's own `dijkstra`, one search from each eligible
//!   leader over the petgraph graph, taking the cheapest leader.
//!
//! Both must agree on the best leader's cost. Then `match all` on one thread and on two, interleaved
//! (`--all-runs R`, default 11): wall time, and CPU and run-queue wait time of the pool's threads, so
//! that a speed-up measured on a busy machine can be told apart from one measured on an idle one.
//! `--only all` skips the one-direction comparison, `--only one` skips `match all`.
//! National scale is run by hand on an on-disk store (docs/BENCHMARKS.md gives the commands):
//! `cargo bench --features rocksdb --bench matching -- --store DIR --only one --baseline-directions 0`.

use innomap::features::generate::{GenerateOptions, Scale, generate};
use innomap::matching::LeaderGates;
use innomap::{
    ConsortiumOptions, KnowledgeGraph, MatchAllOptions, ProjectionSummary, RdfFormat, Store,
    StoreConfig, WeightPolicy, form_consortium, match_all, project,
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
    samples.get(samples.len() / 2).copied().unwrap_or_default()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Generates `scale` (seed 7), loads it into the in-memory store and projects it, each timed.
fn project_generated(scale: Scale, scale_name: &str) -> (KnowledgeGraph, ProjectionSummary) {
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
    let projected = project(&store, &WeightPolicy::default()).expect("projection");
    println!(
        "scale {scale_name}: {} organisations, {} collaborations, {} triples; generated in {:.1} s, loaded in {:.1} s, projected in {:.2} s",
        generated.organisations,
        generated.collaborations,
        generated.triples,
        generation.as_secs_f64(),
        loading.as_secs_f64(),
        started.elapsed().as_secs_f64(),
    );
    projected
}

/// Opens an on-disk store made by `innomap --store DIR load FILE` (the national-scale manual
/// benchmark) and projects it, timed apart.
fn project_store(dir: &str) -> (KnowledgeGraph, ProjectionSummary) {
    let started = Instant::now();
    let config = StoreConfig {
        location: Some(dir.into()),
        no_default_data: true,
        extra_data: Vec::new(),
        remote: None,
    };
    let store = Store::open(&config).expect("the store opens (build with --features rocksdb)");
    let opening = started.elapsed();
    let started = Instant::now();
    let projected = project(&store, &WeightPolicy::default()).expect("projection");
    println!(
        "store {dir}: opened in {:.1} s, projected in {:.1} s",
        opening.as_secs_f64(),
        started.elapsed().as_secs_f64(),
    );
    projected
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
    // `--only all` skips the one-direction comparison; `--only one` skips `match all`.
    let only = arg(&args, "--only");
    let all_runs: usize = arg(&args, "--all-runs")
        .and_then(|r| r.parse().ok())
        .unwrap_or(11);

    let (graph, summary) = match arg(&args, "--store") {
        Some(dir) => project_store(&dir),
        None => project_generated(scale, &scale_name),
    };
    println!(
        "in the graph: {} organisations, {} collaborations",
        summary.organisations, summary.collaborations
    );

    if only.as_deref() != Some("all") {
        let options = ConsortiumOptions {
            top: 1,
            ..ConsortiumOptions::default()
        };
        let mut ours = Vec::new();
        let mut theirs = Vec::new();
        for run in 0..runs {
            for (i, direction) in graph.directions().iter().enumerate() {
                let start = Instant::now();
                let report =
                    form_consortium(&graph, &direction.id, &options).expect("a consortium");
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
        let slowest = ours.iter().max().copied().unwrap_or_default();
        let (ours, theirs) = (median(ours), median(theirs));
        println!(
            "| one direction (31 directions × {runs} runs) | innomap, median | innomap, slowest | petgraph baseline, median | baseline / innomap |"
        );
        println!("|---|---|---|---|---|");
        if theirs.is_zero() {
            println!(
                "| match consortium, top 1 | {:.2} ms | {:.2} ms | not run | — |",
                ms(ours),
                ms(slowest)
            );
        } else {
            println!(
                "| match consortium, top 1 | {:.2} ms | {:.2} ms | {:.2} ms | {:.1}× |",
                ms(ours),
                ms(slowest),
                ms(theirs),
                theirs.as_secs_f64() / ours.as_secs_f64()
            );
        }
    }
    if only.as_deref() == Some("one") {
        return;
    }

    let all_options = MatchAllOptions::default();
    let pools: Vec<rayon::ThreadPool> = [1, 2]
        .iter()
        .map(|&threads| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("a pool")
        })
        .collect();
    // One untimed run on each pool first, then interleaved runs (alternating which goes first) so
    // that machine noise falls on both alike.
    for pool in &pools {
        std::hint::black_box(pool.install(|| match_all(&graph, &all_options)));
    }
    let load_before = load_average();
    let mut samples: [Vec<Sample>; 2] = [Vec::new(), Vec::new()];
    for rep in 0..all_runs {
        let order = if rep % 2 == 0 { [0, 1] } else { [1, 0] };
        for i in order {
            samples[i].push(time_match_all(&pools[i], &graph, &all_options));
        }
    }
    let load_after = load_average();
    let ratios: Vec<f64> = samples[0]
        .iter()
        .zip(&samples[1])
        .map(|(one, two)| one.wall.as_secs_f64() / two.wall.as_secs_f64())
        .collect();
    let medians: Vec<(f64, f64, f64, f64)> = samples
        .iter()
        .map(|s| {
            (
                median_f64(s.iter().map(|x| ms(x.wall)).collect()),
                median_f64(s.iter().map(|x| ms(x.cpu)).collect()),
                median_f64(s.iter().map(|x| ms(x.busiest)).collect()),
                median_f64(s.iter().map(|x| ms(x.wait)).collect()),
            )
        })
        .collect();
    println!(
        "\nmatch all (31 directions, capacity {}), {all_runs} interleaved runs per thread count; load average {load_before} before, {load_after} after",
        all_options.capacity
    );
    println!(
        "| threads | wall, median | CPU time (all threads), median | busiest thread's CPU time, median | run-queue wait, median |"
    );
    println!("|---|---|---|---|---|");
    for (threads, (wall, cpu, busiest, wait)) in [1, 2].iter().zip(&medians) {
        println!("| {threads} | {wall:.1} ms | {cpu:.1} ms | {busiest:.1} ms | {wait:.1} ms |");
    }
    let mut sorted = ratios.clone();
    sorted.sort_by(f64::total_cmp);
    println!(
        "speed-up (1 thread / 2 threads, per interleaved pair): median {:.2}×, best {:.2}×, worst {:.2}×",
        median_f64(ratios),
        sorted.last().copied().unwrap_or(0.0),
        sorted.first().copied().unwrap_or(0.0),
    );
    // Without other load the two threads would run at once and the wall time would be about the
    // busiest thread's CPU time: this ratio is the speed-up an idle machine would show.
    println!(
        "CPU time 2 threads / 1 thread {:.2}; busy-machine-independent estimate (1-thread CPU / busiest 2-thread CPU) {:.2}×",
        medians[1].1 / medians[0].1,
        medians[0].1 / medians[1].2
    );
}

/// One timed `match all`: wall time, and the on-CPU and run-queue wait time summed over the pool's
/// threads (from Linux's per-thread schedstat; zero elsewhere). Wait time is time the threads were
/// ready to run but the CPUs were busy with something else — other processes on a shared machine.
struct Sample {
    wall: Duration,
    cpu: Duration,
    /// The CPU time of the busiest thread: on an idle machine the wall time is about this.
    busiest: Duration,
    wait: Duration,
}

fn time_match_all(
    pool: &rayon::ThreadPool,
    graph: &KnowledgeGraph,
    options: &MatchAllOptions,
) -> Sample {
    let before = pool.broadcast(|_| thread_times());
    let start = Instant::now();
    let report = pool.install(|| match_all(graph, options));
    let wall = start.elapsed();
    let after = pool.broadcast(|_| thread_times());
    std::hint::black_box(report);
    let (mut cpu, mut busiest, mut wait) = (0, 0, 0);
    for (b, a) in before.iter().zip(&after) {
        let thread_cpu = a.0.saturating_sub(b.0);
        cpu += thread_cpu;
        busiest = busiest.max(thread_cpu);
        wait += a.1.saturating_sub(b.1);
    }
    Sample {
        wall,
        cpu: Duration::from_nanos(cpu),
        busiest: Duration::from_nanos(busiest),
        wait: Duration::from_nanos(wait),
    }
}

/// The calling thread's (on-CPU, run-queue wait) nanoseconds so far; zeros where unavailable.
fn thread_times() -> (u64, u64) {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|text| {
            let mut fields = text.split_whitespace().map(|f| f.parse::<u64>().ok());
            Some((fields.next()??, fields.next()??))
        })
        .unwrap_or((0, 0))
}

/// The 1-minute load average, or "?" where unavailable.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|text| text.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "?".into())
}

fn median_f64(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(0.0)
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
